// See listener.h.
#include "server/listener.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace server {

std::optional<UniqueFd> Listen(const std::string& host, int port,
                               std::string* error, bool reuse_port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
      rc != 0) {
    *error = "cannot resolve " + host + ": " + ::gai_strerror(rc);
    return std::nullopt;
  }
  std::string last_error = "no address for " + host;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    UniqueFd fd(::socket(a->ai_family,
                         a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                         a->ai_protocol));
    if (!fd.valid()) continue;
    int on = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (reuse_port &&
        ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) {
      last_error =
          std::string("cannot set SO_REUSEPORT: ") + std::strerror(errno);
      continue;
    }
    // Responses go out whole; don't hold them back (Nagle). Linux gives
    // each accepted socket the listener's TCP_NODELAY: one call, not one
    // per connection.
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    // Hand a connection over with its first bytes: one wake-up per new
    // connection instead of two (handshake, then request), and the request
    // can be read at accept. 1 s: the shortest wait the kernel offers.
    int defer_seconds = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer_seconds,
                 sizeof defer_seconds);
    if (::bind(fd.get(), a->ai_addr, a->ai_addrlen) == 0 &&
        ::listen(fd.get(), SOMAXCONN) == 0) {
      ::freeaddrinfo(found);
      return fd;
    }
    last_error = "cannot listen on " + host + ":" + service + ": " +
                 std::strerror(errno);
  }
  ::freeaddrinfo(found);
  *error = last_error;
  return std::nullopt;
}

bool DefersAccept(int listen_fd) {
  int seconds = 0;
  socklen_t size = sizeof seconds;
  return ::getsockopt(listen_fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &seconds,
                      &size) == 0 &&
         seconds > 0;
}

bool HasConnectionsToHandOver(int listen_fd) {
  char port[8];
  std::snprintf(port, sizeof port, ":%04X", LocalPort(listen_fd));
  const std::string kSynReceived = "03";  // TCP_SYN_RECV, in hex.
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream lines(table);
    std::string line;
    std::getline(lines, line);  // The column names.
    while (std::getline(lines, line)) {
      // "  sl  local_address rem_address   st ...", addresses as HEX:PORT.
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state == kSynReceived && local.size() > 5 &&
          local.compare(local.size() - 5, 5, port) == 0) {
        return true;
      }
    }
  }
  return false;
}

int LocalPort(int listen_fd) {
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  if (::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&address), &size) !=
      0) {
    return -1;
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

bool KernelMigratesAcceptQueue() {
  std::ifstream setting("/proc/sys/net/ipv4/tcp_migrate_req");
  int value = 0;
  return setting >> value && value == 1;
}

}  // namespace server
