// See private_network.h.
#include "tests/private_network.h"

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "server/unique_fd.h"

namespace tests {
namespace {

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream file(path);
  file << text;
  file.close();
  return static_cast<bool>(file);
}

std::string Why(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

}  // namespace

bool EnterPrivateNetwork(std::string* error) {
  if (::unshare(CLONE_NEWNET) != 0) {
    // Not privileged: become root of a user namespace of our own first.
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
      *error = Why("unshare(CLONE_NEWNET), and with CLONE_NEWUSER");
      return false;
    }
    WriteFile("/proc/self/setgroups", "deny");
    WriteFile("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1\n");
    WriteFile("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1\n");
  }
  server::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq loopback{};
  std::strncpy(loopback.ifr_name, "lo", IFNAMSIZ - 1);
  if (!fd.valid() || ::ioctl(fd.get(), SIOCGIFFLAGS, &loopback) != 0) {
    *error = Why("reading lo's flags");
    return false;
  }
  loopback.ifr_flags |= IFF_UP;
  if (::ioctl(fd.get(), SIOCSIFFLAGS, &loopback) != 0) {
    *error = Why("bringing lo up");
    return false;
  }
  return true;
}

bool SetMigrateReq(bool on, std::string* error) {
  if (!WriteFile("/proc/sys/net/ipv4/tcp_migrate_req", on ? "1" : "0")) {
    *error = Why("writing net.ipv4.tcp_migrate_req (Linux 5.14 or later)");
    return false;
  }
  return true;
}

}  // namespace tests
