// See test_client.h.
#include "server/test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace tests {

UniqueFd ConnectToLoopback(int port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return fd;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address),
                sizeof address) != 0) {
    int saved = errno;
    fd.Reset();
    errno = saved;
  }
  return fd;
}

void ResetConnection(UniqueFd& socket) {
  linger abort{1, 0};
  ::setsockopt(socket.get(), SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
  socket.Reset();
}

bool SendAll(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t sent =
        ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    done += static_cast<std::size_t>(sent);
  }
  return true;
}

std::string ReadUntilClosed(int fd, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string received;
  char chunk[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return "<timeout>";
    pollfd readable{fd, POLLIN, 0};
    int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return "<timeout>";
    ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return received;
    received.append(chunk, static_cast<std::size_t>(got));
  }
}

std::string ReadOneResponse(int fd, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string received;
  for (;;) {
    std::size_t head_end = received.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      std::size_t length_at = received.find("Content-Length: ");
      if (length_at == std::string::npos || length_at > head_end) return "";
      std::size_t length = std::stoul(received.substr(length_at + 16));
      if (received.size() == head_end + 4 + length) return received;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd readable{fd, POLLIN, 0};
    char byte;
    // One byte at a time, so that a pipelined next response stays unread.
    if (left.count() <= 0 ||
        ::poll(&readable, 1, static_cast<int>(left.count())) != 1 ||
        ::recv(fd, &byte, 1, 0) != 1) {
      return "";
    }
    received += byte;
  }
}

std::string Fetch(int port, const std::string& request,
                  std::chrono::milliseconds timeout) {
  UniqueFd fd = ConnectToLoopback(port);
  if (!fd.valid()) return "<connect failed>";
  return SendAll(fd.get(), request) ? ReadUntilClosed(fd.get(), timeout)
                                    : "<send failed>";
}

std::string Get(const std::string& target) {
  return "GET " + target +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
}

int StatusOf(const std::string& response) {
  constexpr std::size_t kCodeAt = sizeof("HTTP/1.1 ") - 1;
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < kCodeAt + 3) {
    return -1;
  }
  int code = 0;
  for (std::size_t i = kCodeAt; i < kCodeAt + 3; ++i) {
    char c = response[i];
    if (c < '0' || c > '9') return -1;
    code = code * 10 + (c - '0');
  }
  return code;
}

std::string BodyOf(const std::string& response) {
  std::size_t blank = response.find("\r\n\r\n");
  return blank == std::string::npos ? "" : response.substr(blank + 4);
}

}  // namespace tests
