// See event_loop.h. Level-triggered epoll; every watched connection has one
// deadline, kept in an ordered set so the soonest is always first.
#include "server/event_loop.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <utility>

namespace server {
namespace {

constexpr int kRetryAfterSeconds = 1;
// How long a refused connection may drain before it is closed.
constexpr std::chrono::milliseconds kRefusalLinger{1000};
// How long to stop accepting when out of file descriptors.
constexpr std::chrono::milliseconds kAcceptPause{100};

bool AddToEpoll(int epoll, int fd) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  return ::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

}  // namespace

EventLoop::EventLoop(UniqueFd listener, int stop_fd, pool::Executor& executor,
                     const Site& site, LoopOptions options)
    : listener_(std::move(listener)),
      stop_fd_(stop_fd),
      executor_(executor),
      site_(site),
      options_(options),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

bool EventLoop::Run() {
  if (!epoll_.valid() || !wake_.valid() ||
      !AddToEpoll(epoll_.get(), stop_fd_) ||
      !AddToEpoll(epoll_.get(), wake_.get()) ||
      !AddToEpoll(epoll_.get(), listener_.get())) {
    std::perror("server: event loop");
    return false;
  }
  epoll_event events[256];
  while (!closing_ || in_flight_ > 0) {
    int ready = ::epoll_wait(epoll_.get(), events, std::size(events),
                             MillisecondsToNextEvent());
    if (ready < 0 && errno != EINTR) {
      std::perror("server: epoll_wait");
      return false;
    }
    for (int i = 0; i < ready; ++i) {
      int fd = events[i].data.fd;
      if (fd == stop_fd_) {
        BeginShutdown();
      } else if (fd == wake_.get()) {
        TakeBackFromWorkers();
      } else if (fd == listener_.get()) {
        AcceptAll();
      } else {
        OnReadable(fd);
      }
    }
    ExpireDeadlines();
    if (accepting_paused_ && !closing_ && Clock::now() >= resume_accepting_) {
      accepting_paused_ = !AddToEpoll(epoll_.get(), listener_.get());
    }
  }
  return true;
}

void EventLoop::AcceptAll() {
  for (;;) {
    UniqueFd client(::accept4(listener_.get(), nullptr, nullptr,
                              SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!client.valid()) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
          errno == ENOMEM) {
        // Out of descriptors: the pending client stays ready and epoll
        // would spin. Pause, so that closing connections free some.
        std::perror("server: accept");
        ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, listener_.get(), nullptr);
        accepting_paused_ = true;
        resume_accepting_ = Clock::now() + kAcceptPause;
      }
      return;  // EAGAIN: accepted them all. Others concern one client.
    }
    int on = 1;  // Responses go out whole; don't hold them back (Nagle).
    ::setsockopt(client.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    bool full = watched_.size() + in_flight_ >= options_.max_connections;
    Watched* watched = Watch(std::make_unique<Connection>(std::move(client)),
                             options_.header_timeout);
    if (watched != nullptr && full) Refuse(*watched, 503);
  }
}

EventLoop::Watched* EventLoop::Watch(std::unique_ptr<Connection> connection,
                                     std::chrono::milliseconds timeout) {
  int fd = connection->fd.get();
  if (!AddToEpoll(epoll_.get(), fd)) return nullptr;  // ~Connection closes.
  Watched& watched = watched_[fd];
  watched.connection = std::move(connection);
  watched.refused = false;
  watched.deadline = Clock::now() + timeout;
  deadlines_.emplace(watched.deadline, fd);
  return &watched;
}

void EventLoop::SetDeadline(Watched& watched, Clock::time_point when) {
  int fd = watched.connection->fd.get();
  deadlines_.erase({watched.deadline, fd});
  watched.deadline = when;
  deadlines_.emplace(when, fd);
}

void EventLoop::Unwatch(int fd) {
  auto found = watched_.find(fd);
  if (found == watched_.end()) return;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
  deadlines_.erase({found->second.deadline, fd});
  watched_.erase(found);
}

void EventLoop::Refuse(Watched& watched, int status) {
  server::Refuse(*watched.connection, status,
                 status == 503 ? kRetryAfterSeconds : 0);
  watched.refused = true;
  SetDeadline(watched, Clock::now() + kRefusalLinger);
}

void EventLoop::OnReadable(int fd) {
  auto found = watched_.find(fd);
  if (found == watched_.end()) return;
  Watched& watched = found->second;
  Connection& connection = *watched.connection;
  bool was_empty = connection.input.empty();
  if (ReadAvailable(connection) == ReadOutcome::kClosed) {
    Unwatch(fd);
    return;
  }
  if (watched.refused) {
    connection.input.clear();  // Drained and dropped.
    return;
  }
  // The first byte of a new request starts its header deadline (a new
  // connection's started when it was accepted).
  if (was_empty && !connection.input.empty() &&
      watched.deadline - Clock::now() > options_.header_timeout) {
    SetDeadline(watched, Clock::now() + options_.header_timeout);
  }
  DispatchIfReady(watched);
}

void EventLoop::DispatchIfReady(Watched& watched) {
  if (!HasRequest(*watched.connection, site_.limits)) return;
  if (queued_.load() >= options_.max_queue) {
    Refuse(watched, 503);
    return;
  }
  std::unique_ptr<Connection> ready = std::move(watched.connection);
  Unwatch(ready->fd.get());
  Dispatch(std::move(ready));
}

void EventLoop::Dispatch(std::unique_ptr<Connection> connection) {
  ++queued_;
  ++in_flight_;
  bool accepted =
      executor_.Submit([this, connection = std::move(connection)]() mutable {
        --queued_;
        ServeOptions serve{options_.write_timeout, &closing_};
        if (!ServeBuffered(*connection, site_, serve)) {
          CloseGracefully(*connection);
          connection.reset();
        }
        HandBack(std::move(connection));
      });
  if (!accepted) {  // The job, and the connection in it, are gone.
    --queued_;
    --in_flight_;
  }
}

void EventLoop::HandBack(std::unique_ptr<Connection> connection) {
  // The wake-up is written under the lock: once the loop has taken the
  // connection back, this worker no longer touches the loop, which may then
  // be destroyed.
  std::lock_guard<std::mutex> lock(handed_back_mutex_);
  handed_back_.push_back(std::move(connection));
  std::uint64_t one = 1;
  [[maybe_unused]] ssize_t written = ::write(wake_.get(), &one, sizeof one);
}

void EventLoop::TakeBackFromWorkers() {
  std::vector<std::unique_ptr<Connection>> returned;
  {
    std::lock_guard<std::mutex> lock(handed_back_mutex_);
    std::uint64_t count;
    [[maybe_unused]] ssize_t got = ::read(wake_.get(), &count, sizeof count);
    returned.swap(handed_back_);
  }
  for (std::unique_ptr<Connection>& connection : returned) {
    --in_flight_;
    if (connection == nullptr || closing_) continue;  // Closed (or closing).
    bool idle = connection->input.empty();
    Watched* watched =
        Watch(std::move(connection),
              idle ? options_.idle_timeout : options_.header_timeout);
    // A pipelined next request may have arrived whole already.
    if (watched != nullptr) DispatchIfReady(*watched);
  }
}

void EventLoop::ExpireDeadlines() {
  Clock::time_point now = Clock::now();
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    int fd = deadlines_.begin()->second;
    Watched& watched = watched_.at(fd);
    if (watched.refused || watched.connection->input.empty()) {
      Unwatch(fd);  // Idle past its time, or done draining.
    } else {
      Refuse(watched, 408);  // Too slow to send its request.
    }
  }
}

void EventLoop::BeginShutdown() {
  std::fprintf(stderr,
               "server: stopping; closing %zu idle connections, finishing %zu "
               "requests in flight\n",
               watched_.size(), in_flight_);
  closing_ = true;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, stop_fd_, nullptr);
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, listener_.get(), nullptr);
  listener_.Reset();  // New connections are refused from here on.
  // A watched connection has no request with a worker. One whose whole
  // request has just arrived is still answered (with Connection: close);
  // the others, idle or half-sent, are closed now rather than wait out their
  // timeouts.
  std::vector<std::unique_ptr<Connection>> arrived;
  for (auto& [fd, watched] : watched_) {
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
    Connection& connection = *watched.connection;
    if (!watched.refused && ReadAvailable(connection) == ReadOutcome::kOpen &&
        HasRequest(connection, site_.limits)) {
      arrived.push_back(std::move(watched.connection));
    }
  }
  watched_.clear();
  deadlines_.clear();
  for (std::unique_ptr<Connection>& connection : arrived) {
    Dispatch(std::move(connection));
  }
}

int EventLoop::MillisecondsToNextEvent() const {
  std::optional<Clock::time_point> next;
  if (!deadlines_.empty()) next = deadlines_.begin()->first;
  if (accepting_paused_) {
    next = next ? std::min(*next, resume_accepting_) : resume_accepting_;
  }
  if (!next) return -1;
  auto wait =
      std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
  return static_cast<int>(std::max<std::int64_t>(wait.count(), 0));
}

}  // namespace server
