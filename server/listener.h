// The listening socket: where the server meets the network.
#ifndef SERVER_LISTENER_H_
#define SERVER_LISTENER_H_

#include <optional>
#include <string>

#include "server/unique_fd.h"

namespace server {

// A non-blocking socket bound to host:port (an IPv4 or IPv6 literal, or a
// name such as "localhost") and listening; port 0 lets the kernel pick. Its
// TCP_NODELAY is set, and every socket accepted from it inherits that. With
// `reuse_port` (SO_REUSEPORT) other processes may listen on the same port,
// and the kernel spreads new connections among them. On failure says why in
// `error`.
std::optional<UniqueFd> Listen(const std::string& host, int port,
                               std::string* error, bool reuse_port = false);

// Whether the kernel hands the connections waiting in a closing
// SO_REUSEPORT listener's queue to another listener on the port
// (net.ipv4.tcp_migrate_req, Linux 5.14 and later). Without it they are
// reset when the listener closes.
bool KernelMigratesAcceptQueue();

// The port a listening socket is bound to (useful after port 0).
int LocalPort(int listen_fd);

}  // namespace server

#endif  // SERVER_LISTENER_H_
