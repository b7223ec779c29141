// See load_client.h.
#include "tests/load_client.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>

#include "server/test_client.h"

namespace tests {
namespace {

using Clock = std::chrono::steady_clock;

// How long one request may take before it counts as failed. Long: a
// request waits in a listen queue while a server restarts.
constexpr int kTimeoutSeconds = 10;

UniqueFd Connect(int port) {
  UniqueFd fd = ConnectToLoopback(port);
  if (!fd.valid()) return fd;
  timeval timeout{kTimeoutSeconds, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  return fd;
}

std::string ErrnoText(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

}  // namespace

std::string Describe(const LoadCounts& counts) {
  return "sent " + std::to_string(counts.sent) + ", ok " +
         std::to_string(counts.ok) + ", failed " +
         std::to_string(counts.failed) + ", resent " +
         std::to_string(counts.resent);
}

LoadClient::LoadClient(const Options& options) : options_(options) {
  for (int i = 0; i < options_.keep_alive_clients; ++i) {
    clients_.emplace_back([this] { KeepAliveClient(); });
  }
  for (int i = 0; i < options_.new_connection_clients; ++i) {
    clients_.emplace_back([this] { NewConnectionClient(); });
  }
}

LoadClient::~LoadClient() { Stop(); }

LoadCounts LoadClient::Counts() {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

LoadCounts LoadClient::Stop() {
  stop_ = true;
  for (std::thread& client : clients_) {
    if (client.joinable()) client.join();
  }
  return Counts();
}

void LoadClient::Record(bool ok, const std::string& what) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++counts_.sent;
  if (ok) {
    ++counts_.ok;
    return;
  }
  ++counts_.failed;
  if (counts_.first_failures.size() < 20) {
    counts_.first_failures.push_back(what);
  }
}

void LoadClient::Pace(Clock::time_point* next) {
  *next = std::max(*next + std::chrono::microseconds(
                               1'000'000 / options_.requests_per_second_each),
                   Clock::now());
  std::this_thread::sleep_until(*next);
}

bool LoadClient::Exchange(int fd, bool keep_alive, bool* any_byte,
                          bool* close) {
  *any_byte = false;
  *close = true;
  std::string request = "GET " + options_.target +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                        (keep_alive ? "" : "Connection: close\r\n") + "\r\n";
  if (!SendAll(fd, request)) return false;
  std::string received;
  std::optional<std::size_t> whole;  // Head and body, once the head is in.
  char chunk[4096];
  while (!whole || received.size() < *whole) {
    ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) return false;
    *any_byte = true;
    received.append(chunk, static_cast<std::size_t>(got));
    std::size_t head_end = received.find("\r\n\r\n");
    if (!whole && head_end != std::string::npos) {
      std::optional<std::string> length = HeaderOf(received, "Content-Length");
      if (!length) return false;
      whole = head_end + 4 + std::stoul(*length);
    }
  }
  std::optional<std::string> connection = HeaderOf(received, "Connection");
  *close = !keep_alive || (connection && *connection == "close");
  return StatusOf(received) == 200 && received.size() == *whole;
}

void LoadClient::KeepAliveClient() {
  Clock::time_point next = Clock::now();
  UniqueFd fd;
  bool reused = false;  // Whether fd has answered a request already.
  while (!stop_) {
    Pace(&next);
    for (int attempt = 0;; ++attempt) {
      if (!fd.valid()) {
        fd = Connect(options_.port);
        reused = false;
        if (!fd.valid()) {
          Record(false, ErrnoText("keep-alive client: connect"));
          break;
        }
      }
      bool any_byte = false, close = true;
      bool ok = Exchange(fd.get(), true, &any_byte, &close);
      if (!ok && reused && !any_byte && attempt == 0) {
        // Closed by the server before our GET reached it: send it again.
        fd.Reset();
        std::lock_guard<std::mutex> lock(mutex_);
        ++counts_.resent;
        continue;
      }
      if (ok) {
        Record(true, "");
      } else {
        Record(false, std::string("keep-alive client: ") +
                          (any_byte ? "a bad or cut answer"
                           : reused ? "no answer on a retried request"
                                    : "no answer on a new connection") +
                          " (" + std::strerror(errno) + ")");
      }
      reused = true;
      if (!ok || close) fd.Reset();
      break;
    }
  }
}

void LoadClient::NewConnectionClient() {
  Clock::time_point next = Clock::now();
  while (!stop_) {
    Pace(&next);
    UniqueFd fd = Connect(options_.port);
    if (!fd.valid()) {
      Record(false, ErrnoText("new-connection client: connect"));
      continue;
    }
    bool any_byte = false, close = true;
    bool ok = Exchange(fd.get(), false, &any_byte, &close);
    if (ok) {
      Record(true, "");
    } else {
      Record(false, std::string("new-connection client: ") +
                        (any_byte ? "a bad or cut answer" : "no answer") +
                        " (" + std::strerror(errno) + ")");
    }
  }
}

}  // namespace tests
