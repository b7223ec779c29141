// See listener.h.
#include "server/listener.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>
#include <utility>

#include "server/connection.h"

namespace server {

std::optional<UniqueFd> Listen(const std::string& host, int port,
                               std::string* error) {
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
    UniqueFd fd(
        ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
    if (!fd.valid()) continue;
    int on = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
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

void AcceptUntilStopped(int listen_fd, int stop_fd, pool::Executor& executor,
                        const Site& site) {
  pollfd watched[] = {{stop_fd, POLLIN, 0}, {listen_fd, POLLIN, 0}};
  for (;;) {
    if (::poll(watched, 2, -1) < 0) {
      if (errno == EINTR) continue;
      std::perror("server: poll");
      return;
    }
    if (watched[0].revents != 0) return;
    if (watched[1].revents == 0) continue;

    UniqueFd client(::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC));
    if (!client.valid()) {
      // A failed accept concerns one client and never stops the server.
      // Out of descriptors, the pending client stays ready and poll would
      // spin: pause so that running jobs can finish and close theirs.
      if (errno == EMFILE || errno == ENFILE) {
        std::perror("server: accept");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      continue;
    }
    // The job owns the connection: when it has run, or if the executor
    // refuses it, the socket is closed by UniqueFd.
    executor.Submit([client = std::move(client), &site]() mutable {
      ServeConnection(std::move(client), site);
    });
  }
}

}  // namespace server
