// A network namespace of the test's own, with its own loopback, so that a
// test can set a network sysctl (net.ipv4.tcp_migrate_req) without
// touching the machine's. Must be entered before any thread starts: a
// namespace is per thread, and threads and child processes started after
// inherit it.
#ifndef TESTS_PRIVATE_NETWORK_H_
#define TESTS_PRIVATE_NETWORK_H_

#include <string>

namespace tests {

// Moves this process into a new network namespace (and, without
// CAP_SYS_ADMIN, a user namespace where it has it) and brings its loopback
// up. False, with the reason in `error`, if it could not.
bool EnterPrivateNetwork(std::string* error);

// Writes net.ipv4.tcp_migrate_req (0 or 1) in the current namespace.
bool SetMigrateReq(bool on, std::string* error);

}  // namespace tests

#endif  // TESTS_PRIVATE_NETWORK_H_
