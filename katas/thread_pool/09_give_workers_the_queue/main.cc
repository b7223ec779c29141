// The web server of step 00, written against the thread pool we wish we
// had: four workers, and one job per connection that owns the connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "thread_pool.h"

// Owns one socket and closes it once. Move-only, like the socket itself.
class Connection {
 public:
  explicit Connection(int fd) : fd_(fd) {}
  Connection(Connection&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Connection& operator=(Connection&&) = delete;
  ~Connection() {
    if (fd_ >= 0) close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

constexpr std::string_view kHello =
    "<!DOCTYPE html>\n<html><head><title>Hello!</title></head>\n"
    "<body><h1>Hello!</h1><p>Hi from C++</p></body></html>\n";
constexpr std::string_view kNotFound =
    "<!DOCTYPE html>\n<html><head><title>Oops!</title></head>\n"
    "<body><h1>Oops!</h1><p>Sorry, I don't know what you're asking for.</p>"
    "</body></html>\n";

void handle_connection(Connection conn) {
  char buffer[1024];
  ssize_t n = read(conn.fd(), buffer, sizeof buffer);
  std::string_view request(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);

  std::string_view status = "HTTP/1.1 200 OK";
  std::string_view body = kHello;
  if (request.starts_with("GET / HTTP/1.1\r\n")) {
    // The page, at once.
  } else if (request.starts_with("GET /sleep HTTP/1.1\r\n")) {
    std::this_thread::sleep_for(std::chrono::seconds(5));
  } else {
    status = "HTTP/1.1 404 NOT FOUND";
    body = kNotFound;
  }

  std::string response = std::string(status) + "\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" +
                         std::string(body);
  std::string_view rest = response;
  while (!rest.empty()) {
    ssize_t sent = send(conn.fd(), rest.data(), rest.size(), MSG_NOSIGNAL);
    if (sent <= 0) return;
    rest.remove_prefix(static_cast<std::size_t>(sent));
  }
}

int main() {
  Connection listener(socket(AF_INET, SOCK_STREAM, 0));
  int yes = 1;
  setsockopt(listener.fd(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(7878);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener.fd(), reinterpret_cast<sockaddr*>(&address),
           sizeof address) != 0 ||
      listen(listener.fd(), SOMAXCONN) != 0) {
    std::perror("127.0.0.1:7878");
    return 1;
  }
  std::printf("Listening on http://127.0.0.1:7878\n");

  ThreadPool pool(4);
  for (;;) {
    Connection conn(accept(listener.fd(), nullptr, nullptr));
    if (conn.fd() < 0) continue;
    pool.execute([conn = std::move(conn)]() mutable {
      handle_connection(std::move(conn));
    });
  }
}
