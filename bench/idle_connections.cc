// Holds N idle TCP connections open to a server, for bench/http's "64 active
// clients while 10,000 idle connections are held open" workload. Connects them
// (a bounded number at a time, so a small accept backlog does not turn into
// SYN retries), says so on stdout, then holds them, sending nothing, until
// SIGTERM or SIGINT or --hold-seconds pass. On the way out it says how many
// the server closed meanwhile. Sockets close with a reset (SO_LINGER 0) so
// they leave no TIME_WAIT behind to use up loopback ports.
//
//   idle_connections --port N [--host 127.0.0.1] [--count 10000]
//                    [--hold-seconds 600]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "server/unique_fd.h"

namespace {

using server::UniqueFd;

using Clock = std::chrono::steady_clock;

constexpr int kMaxConnecting = 512;
constexpr auto kConnectDeadline = std::chrono::seconds(30);
constexpr std::uint64_t kSignalTag = ~std::uint64_t{0};

struct Options {
  std::string host = "127.0.0.1";
  int port = -1;
  int count = 10000;
  int hold_seconds = 600;
};

bool ParseOptions(int argc, char** argv, Options* options) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--host") {
      options->host = value;
    } else if (flag == "--port") {
      options->port = std::atoi(value);
    } else if (flag == "--count") {
      options->count = std::atoi(value);
    } else if (flag == "--hold-seconds") {
      options->hold_seconds = std::atoi(value);
    } else {
      return false;
    }
  }
  return argc % 2 == 1 && options->port > 0 && options->port < 65536 &&
         options->count > 0 && options->hold_seconds > 0;
}

// The server's address, IPv4 or IPv6 literal.
bool MakeAddress(const Options& options, sockaddr_storage* address,
                 socklen_t* length) {
  std::memset(address, 0, sizeof *address);
  auto* v4 = reinterpret_cast<sockaddr_in*>(address);
  if (inet_pton(AF_INET, options.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(options.port));
    *length = sizeof *v4;
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(address);
  if (inet_pton(AF_INET6, options.host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(options.port));
    *length = sizeof *v6;
    return true;
  }
  return false;
}

// Every connection needs a descriptor: take all the hard limit allows.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
      limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

enum class State { kUnused, kConnecting, kHeld, kClosed };

class Holder {
 public:
  Holder(const Options& options, int epoll_fd)
      : options_(options),
        epoll_fd_(epoll_fd),
        sockets_(options.count),
        states_(options.count, State::kUnused) {}

  // Returns false if a stop signal arrived.
  bool ConnectAll(const sockaddr_storage& address, socklen_t length) {
    const Clock::time_point deadline = Clock::now() + kConnectDeadline;
    int next = 0;
    int connecting = 0;
    while ((next < options_.count || connecting > 0) &&
           Clock::now() < deadline) {
      while (next < options_.count && connecting < kMaxConnecting) {
        if (StartConnect(next++, address, length)) ++connecting;
      }
      epoll_event events[256];
      const int ready = epoll_wait(epoll_fd_, events, 256, 100);
      for (int i = 0; i < ready; ++i) {
        if (events[i].data.u64 == kSignalTag) return false;
        const int index = static_cast<int>(events[i].data.u64);
        if (states_[index] == State::kConnecting) {
          --connecting;
          FinishConnect(index);
        } else {
          Closed(index);
        }
      }
    }
    for (int i = 0; i < options_.count; ++i) {
      if (states_[i] == State::kConnecting) Fail(i, ETIMEDOUT);
    }
    return true;
  }

  // Waits for a stop signal or the hold time, noting connections the server
  // closes meanwhile.
  void Hold() {
    const Clock::time_point deadline =
        Clock::now() + std::chrono::seconds(options_.hold_seconds);
    while (Clock::now() < deadline) {
      epoll_event events[256];
      const int ready = epoll_wait(epoll_fd_, events, 256, 200);
      for (int i = 0; i < ready; ++i) {
        if (events[i].data.u64 == kSignalTag) return;
        Closed(static_cast<int>(events[i].data.u64));
      }
    }
  }

  int held() const { return held_; }
  int failed() const { return failed_; }
  int closed_by_server() const { return closed_by_server_; }
  const std::string& first_error() const { return first_error_; }

 private:
  bool StartConnect(int index, const sockaddr_storage& address,
                    socklen_t length) {
    UniqueFd fd(socket(address.ss_family,
                       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) return Fail(index, errno);
    const linger reset_on_close{1, 0};
    setsockopt(fd.get(), SOL_SOCKET, SO_LINGER, &reset_on_close,
               sizeof reset_on_close);
    if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&address),
                length) != 0 &&
        errno != EINPROGRESS) {
      return Fail(index, errno);
    }
    epoll_event event{};
    event.events = EPOLLOUT;
    event.data.u64 = static_cast<std::uint64_t>(index);
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd.get(), &event) != 0) {
      return Fail(index, errno);
    }
    sockets_[index] = std::move(fd);
    states_[index] = State::kConnecting;
    return true;
  }

  void FinishConnect(int index) {
    int error = 0;
    socklen_t size = sizeof error;
    getsockopt(sockets_[index].get(), SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0) {
      Fail(index, error);
      return;
    }
    // From now on only a hang-up wakes us.
    epoll_event event{};
    event.events = EPOLLRDHUP;
    event.data.u64 = static_cast<std::uint64_t>(index);
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, sockets_[index].get(), &event);
    states_[index] = State::kHeld;
    ++held_;
  }

  void Closed(int index) {
    if (states_[index] != State::kHeld) return;
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, sockets_[index].get(), nullptr);
    sockets_[index].Reset();
    states_[index] = State::kClosed;
    --held_;
    ++closed_by_server_;
  }

  bool Fail(int index, int error) {
    if (first_error_.empty()) first_error_ = std::strerror(error);
    sockets_[index].Reset();
    states_[index] = State::kClosed;
    ++failed_;
    return false;
  }

  const Options& options_;
  const int epoll_fd_;
  std::vector<UniqueFd> sockets_;
  std::vector<State> states_;
  int held_ = 0;
  int failed_ = 0;
  int closed_by_server_ = 0;
  std::string first_error_;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  sockaddr_storage address{};
  socklen_t length = 0;
  if (!ParseOptions(argc, argv, &options) ||
      !MakeAddress(options, &address, &length)) {
    std::fprintf(stderr,
                 "usage: %s --port N [--host 127.0.0.1] [--count 10000] "
                 "[--hold-seconds 600]\n",
                 argv[0]);
    return 2;
  }
  RaiseDescriptorLimit();

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  UniqueFd stop(signalfd(-1, &signals, SFD_CLOEXEC));
  UniqueFd epoll(epoll_create1(EPOLL_CLOEXEC));
  if (stop.get() < 0 || epoll.get() < 0) {
    std::perror("idle_connections");
    return 1;
  }
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = kSignalTag;
  epoll_ctl(epoll.get(), EPOLL_CTL_ADD, stop.get(), &event);

  Holder holder(options, epoll.get());
  const Clock::time_point start = Clock::now();
  const bool go_on = holder.ConnectAll(address, length);
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("idle_connections: connected %d of %d in %.1f s%s%s\n",
              holder.held(), options.count, seconds,
              holder.failed() > 0 ? "; first error: " : "",
              holder.first_error().c_str());
  std::fflush(stdout);
  if (go_on) holder.Hold();
  std::printf("idle_connections: %d closed by the server while held\n",
              holder.closed_by_server());
  return 0;
}
