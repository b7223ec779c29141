// See socket_activation.h.
#include "server/socket_activation.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace server {
namespace {

// A whole decimal number, or nothing.
std::optional<long> ParseNumber(const char* text) {
  std::string_view view(text);
  long value = 0;
  auto [end, ec] =
      std::from_chars(view.data(), view.data() + view.size(), value);
  if (ec != std::errc() || end != view.data() + view.size())
    return std::nullopt;
  return value;
}

int SocketOption(int fd, int level, int name) {
  int value = -1;
  socklen_t size = sizeof value;
  if (::getsockopt(fd, level, name, &value, &size) != 0) return -1;
  return value;
}

// Why `fd` can't be served, or "" when it is a listening TCP socket.
std::string WhyNotAListener(int fd) {
  const std::string name = "descriptor " + std::to_string(fd) + " (LISTEN_FDS)";
  struct stat status {};
  if (::fstat(fd, &status) != 0) return name + " is not open";
  if (!S_ISSOCK(status.st_mode)) return name + " is not a socket";
  if (SocketOption(fd, SOL_SOCKET, SO_TYPE) != SOCK_STREAM) {
    return name + " is not a stream socket";
  }
  const int domain = SocketOption(fd, SOL_SOCKET, SO_DOMAIN);
  if (domain != AF_INET && domain != AF_INET6) {
    return name + " is not a TCP (IPv4 or IPv6) socket";
  }
  if (SocketOption(fd, SOL_SOCKET, SO_ACCEPTCONN) != 1) {
    return name + " is not listening";
  }
  return "";
}

}  // namespace

std::optional<UniqueFd> TakeInheritedListener(std::string* error,
                                              int first_fd) {
  const char* pid_text = std::getenv("LISTEN_PID");
  const char* count_text = std::getenv("LISTEN_FDS");
  std::optional<long> pid, count;
  if (pid_text != nullptr) pid = ParseNumber(pid_text);
  if (count_text != nullptr) count = ParseNumber(count_text);
  const bool given = pid_text != nullptr && count_text != nullptr;
  ::unsetenv("LISTEN_PID");
  ::unsetenv("LISTEN_FDS");
  ::unsetenv("LISTEN_FDNAMES");
  if (!given) return std::nullopt;
  if (!pid || *pid <= 0) {
    *error = "LISTEN_PID is not a process id";
    return std::nullopt;
  }
  if (*pid != ::getpid()) return std::nullopt;  // Meant for another process.
  if (!count || *count < 0) {
    *error = "LISTEN_FDS is not a count of descriptors";
    return std::nullopt;
  }
  if (*count == 0) return std::nullopt;
  if (*count > 1) {
    *error = "LISTEN_FDS=" + std::to_string(*count) +
             ": the server serves one socket (one ListenStream= in the "
             ".socket unit)";
    return std::nullopt;
  }
  if (std::string why = WhyNotAListener(first_fd); !why.empty()) {
    *error = why;
    return std::nullopt;
  }
  UniqueFd fd(first_fd);
  ::fcntl(fd.get(), F_SETFD, FD_CLOEXEC);
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
  // As Listen does for its own socket: accepted sockets inherit it.
  int on = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return fd;
}

}  // namespace server
