// See event_loop.h. Every connection socket is armed EPOLLONESHOT: an event
// disarms it, so exactly one thread acts on it until its owner re-arms it.
// An event's tag is the socket's descriptor, with a bit for "writing"; the
// loop's own descriptors have tags above every descriptor.
#include "server/event_loop.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <utility>

#include "server/listener.h"

namespace server {
namespace {

constexpr std::uint64_t kWritingBit = std::uint64_t{1} << 32;
constexpr std::uint64_t kStopTag = std::uint64_t{1} << 40;
constexpr std::uint64_t kWakeTag = kStopTag + 1;
constexpr std::uint64_t kListenerTag = kStopTag + 2;

constexpr int kRetryAfterSeconds = 1;
// How long a connection may drain, after our last response or a refusal,
// before it is closed.
constexpr std::chrono::milliseconds kLinger{1000};
// At shutdown, how long a connection that has begun a request, or a new
// one that has not sent its first yet, has to finish it. A client that has
// just connected is about to send: closing now would lose its request.
constexpr std::chrono::milliseconds kFinishRequestGrace{1000};
// At shutdown, how long a deferring listener (listener.h) stays open for
// the connections the kernel has not handed over yet: it hands over a
// silent one when it retries its SYN-ACK, a second after the handshake.
constexpr std::chrono::milliseconds kHandOver{1500};
// How long to stop accepting when out of file descriptors.
constexpr std::chrono::milliseconds kAcceptPause{100};
// The most the loop writes to one connection per writable event, so that a
// fast reader of a large file doesn't keep the loop from the others.
constexpr std::size_t kLoopWriteBudget = 1024 * 1024;

bool AddToEpoll(int epoll, int fd, std::uint64_t tag) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = tag;
  return ::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

// Deadlines are checked every tick: a tenth of the shortest timeout, so a
// connection is closed at most 10 % late, and at least every 100 ms.
std::chrono::milliseconds TickFor(const LoopOptions& options) {
  auto shortest =
      std::min({options.header_timeout, options.idle_timeout,
                options.send_timeout, std::chrono::milliseconds(kLinger)});
  return std::clamp(shortest / 10, std::chrono::milliseconds(5),
                    std::chrono::milliseconds(100));
}

}  // namespace

EventLoop::EventLoop(UniqueFd listener, int stop_fd, pool::Executor& executor,
                     Handler handler, LoopOptions options)
    : listener_(std::move(listener)),
      listener_defers_(DefersAccept(listener_.get())),
      stop_fd_(stop_fd),
      executor_(executor),
      options_(options),
      service_{std::move(handler), options.limits, &closing_,
               options.access_log},
      tick_(TickFor(options)),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

bool EventLoop::Run() {
  if (!epoll_.valid() || !wake_.valid() ||
      !AddToEpoll(epoll_.get(), stop_fd_, kStopTag) ||
      !AddToEpoll(epoll_.get(), wake_.get(), kWakeTag) ||
      !AddToEpoll(epoll_.get(), listener_.get(), kListenerTag)) {
    std::perror("server: event loop");
    return false;
  }
  next_sweep_ = Clock::now() + tick_;
  epoll_event events[256];
  while (!Finished()) {
    int ready = ::epoll_wait(epoll_.get(), events, std::size(events),
                             static_cast<int>(tick_.count()));
    if (ready < 0 && errno != EINTR) {
      std::perror("server: epoll_wait");
      return false;
    }
    for (int i = 0; i < ready; ++i) OnEvent(events[i].data.u64);
    Clock::time_point now = Clock::now();
    if (now >= next_sweep_) {
      ExpireDeadlines();
      next_sweep_ = now + tick_;
    }
    if (closing_ && now >= stop_accepting_) {
      if (!drained_) EndDrain();
      if (listener_.valid() && !ClientsStillConnecting(now)) CloseListener();
      CloseWaitingForRequests();
    }
    if (accepting_paused_ && listener_.valid() && now >= resume_accepting_) {
      accepting_paused_ =
          !AddToEpoll(epoll_.get(), listener_.get(), kListenerTag);
    }
  }
  return true;
}

bool EventLoop::Finished() {
  if (!closing_ || listener_.valid()) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  return held_ == 0 && in_flight_ == 0;
}

void EventLoop::OnEvent(std::uint64_t tag) {
  if (tag == kStopTag) {
    BeginShutdown();
  } else if (tag == kWakeTag) {
    std::uint64_t count;
    [[maybe_unused]] ssize_t got = ::read(wake_.get(), &count, sizeof count);
  } else if (tag == kListenerTag) {
    AcceptOne();
  } else {
    const bool writing = (tag & kWritingBit) != 0;
    ConnectionPtr connection =
        Take(static_cast<int>(tag & ~kWritingBit), writing);
    if (connection == nullptr) return;  // Expired since the event came.
    if (writing) {
      OnWritable(std::move(connection));
    } else {
      OnReadable(std::move(connection));
    }
  }
}

void EventLoop::AcceptAll() {
  while (AcceptOne()) {
  }
}

bool EventLoop::AcceptOne() {
  sockaddr_storage peer{};
  socklen_t peer_size = sizeof peer;
  UniqueFd client(::accept4(listener_.get(), reinterpret_cast<sockaddr*>(&peer),
                            &peer_size, SOCK_NONBLOCK | SOCK_CLOEXEC));
  if (!client.valid()) {
    const int error = errno;
    if (error == EMFILE || error == ENFILE || error == ENOBUFS ||
        error == ENOMEM) {
      // Out of descriptors: the pending client stays ready and epoll
      // would spin. Pause, so that closing connections free some.
      std::perror("server: accept");
      ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, listener_.get(), nullptr);
      accepting_paused_ = true;
      resume_accepting_ = Clock::now() + kAcceptPause;
      return false;
    }
    // A client that went away before it was accepted, or a network error
    // passed on from its socket (see accept(2)): the next may be fine. Else,
    // EAGAIN: none waits (or a process sharing the port took it).
    for (int gone : {ECONNABORTED, EINTR, EPROTO, EPERM, ENETDOWN, ENOPROTOOPT,
                     EHOSTDOWN, ENONET, EHOSTUNREACH, ENETUNREACH}) {
      if (error == gone) return true;
    }
    return false;
  }
  // TCP_NODELAY comes from the listener (listener.h).
  const bool full = open_.load() >= options_.max_connections;
  ++open_;
  auto connection = std::make_unique<Connection>(std::move(client));
  connection->peer = peer;
  const Clock::time_point now = Clock::now();
  Clock::time_point deadline = now + options_.header_timeout;
  // Handed over after the drain (ClientsStillConnecting): the same grace
  // as the connections the drain's end found, counted from then.
  if (drained_) {
    deadline = std::min(deadline, stop_accepting_ + kFinishRequestGrace);
  }
  if (full) {
    TurnAway(std::move(connection), 503);
  } else if (listener_defers_) {
    // Read at once: a deferring listener (listener.h) hands a connection
    // over with its first bytes.
    connection->waiting = Waiting::kRequest;
    connection->deadline = deadline;
    OnReadable(std::move(connection));
  } else {
    // Else the request has rarely arrived yet (measured: a wasted recv for
    // most connections), so wait for epoll to say so.
    Hold(std::move(connection), Waiting::kRequest, deadline, false);
  }
  return true;
}

void EventLoop::OnReadable(ConnectionPtr connection) {
  Connection& c = *connection;
  if (c.waiting == Waiting::kDrain) {
    if (DiscardInput(c)) {
      Hold(std::move(connection), Waiting::kDrain, c.deadline, false);
    } else {
      Close(std::move(connection), false);
    }
    return;
  }
  const bool was_empty = c.input.empty();
  if (ReadAvailable(c) == ReadOutcome::kClosed) {
    Close(std::move(connection), false);
    return;
  }
  // The first byte of a new request starts its header deadline (a new
  // connection's started when it was accepted).
  if (c.waiting == Waiting::kIdle && was_empty && !c.input.empty()) {
    c.waiting = Waiting::kRequest;
    c.deadline = Clock::now() + options_.header_timeout;
  }
  const Next next = TakeRequest(c, service_);
  if (next == Next::kAnswer) {
    Dispatch(std::move(connection));
  } else if (next == Next::kWrite) {
    // "100 Continue" to a client that waits for it: sent now. Once it is,
    // the body has a header timeout of its own.
    OnWritable(std::move(connection));
  } else {
    // Part of a request: ack it now (TCP_QUICKACK). Once a connection has
    // had an answer, Linux delays its ACKs, to send them with the next
    // answer; a client that holds back its next small write until the last
    // one is acked (Nagle's algorithm) would wait out that delay (40 ms)
    // before sending the rest.
    if (!c.input.empty()) {
      int on = 1;
      ::setsockopt(c.fd.get(), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
    }
    Hold(std::move(connection), c.waiting, c.deadline, false);
  }
}

void EventLoop::OnWritable(ConnectionPtr connection) {
  bool progressed = false;
  Next next =
      ContinueWriting(*connection, service_, kLoopWriteBudget, &progressed);
  if (next == Next::kWrite && !progressed) {
    // Not a byte taken: the send timeout keeps counting from the last one.
    Clock::time_point deadline = connection->deadline;
    Hold(std::move(connection), Waiting::kWrite, deadline, false);
    return;
  }
  Continue(std::move(connection), next, /*from_job=*/false);
}

void EventLoop::Dispatch(ConnectionPtr connection) {
  const Handler& handler = service_.handler;
  if (handler.answers_at_once &&
      connection->parsed.status == http::ParseStatus::kComplete &&
      !connection->skip_body && handler.answers_at_once(connection->request)) {
    // Quick (GET /healthz): answered here, whatever the pool is doing.
    const Next next = AnswerOne(*connection, service_);
    Continue(std::move(connection), next, /*from_job=*/false);
    return;
  }
  if (queued_.load() >= options_.max_queue) {
    TurnAway(std::move(connection), 503);
    return;
  }
  ++queued_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++in_flight_;
  }
  bool accepted =
      executor_.Submit([this, connection = std::move(connection)]() mutable {
        AnswerOnWorker(std::move(connection));
      });
  if (!accepted) {  // The job, and the connection in it, are gone.
    --queued_;
    --open_;
    std::lock_guard<std::mutex> lock(mutex_);
    --in_flight_;
  }
}

void EventLoop::AnswerOnWorker(ConnectionPtr connection) {
  --queued_;
  Next next = AnswerRequests(*connection, service_);
  Continue(std::move(connection), next, /*from_job=*/true);
}

void EventLoop::Continue(ConnectionPtr connection, Next next, bool from_job) {
  Clock::time_point now = Clock::now();
  switch (next) {
    case Next::kAnswer:
      // Only the loop gets here (a worker answers pipelined requests
      // itself): the rest of a response went out, and the next request
      // was already buffered.
      Dispatch(std::move(connection));
      return;
    case Next::kRead:
      if (connection->input.empty()) {
        Hold(std::move(connection), Waiting::kIdle, now + options_.idle_timeout,
             from_job);
      } else {
        Hold(std::move(connection), Waiting::kRequest,
             now + options_.header_timeout, from_job);
      }
      return;
    case Next::kWrite:
      Hold(std::move(connection), Waiting::kWrite, now + options_.send_timeout,
           from_job);
      return;
    case Next::kDrain:
      Hold(std::move(connection), Waiting::kDrain, now + kLinger, from_job);
      return;
    case Next::kClose:
      Close(std::move(connection), from_job);
      return;
  }
}

void EventLoop::Hold(ConnectionPtr connection, Waiting waiting,
                     Clock::time_point deadline, bool from_job) {
  Connection& c = *connection;
  const int fd = c.fd.get();
  const bool writing = waiting == Waiting::kWrite;
  c.waiting = waiting;
  c.deadline = deadline;
  epoll_event event{};
  event.events = (writing ? EPOLLOUT : EPOLLIN) | EPOLLONESHOT;
  event.data.u64 = static_cast<std::uint64_t>(fd) | (writing ? kWritingBit : 0);
  const int operation = c.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  c.registered = true;
  std::unique_lock<std::mutex> lock(mutex_);
  std::vector<ConnectionPtr>& slots = writing ? write_queue_ : table_;
  if (slots.size() <= static_cast<std::size_t>(fd)) {
    std::size_t size = std::max<std::size_t>(fd + 1, 2 * slots.size());
    table_.resize(size);
    write_queue_.resize(size);
  }
  if (from_job) --in_flight_;
  // Stored and armed under the lock: the loop, which takes it out under the
  // lock too, never finds it armed but not yet in its place.
  if (::epoll_ctl(epoll_.get(), operation, fd, &event) != 0) {
    lock.unlock();
    std::perror("server: epoll_ctl");
    Close(std::move(connection), false);
    return;
  }
  slots[fd] = std::move(connection);
  ++held_;
  // During the shutdown the loop waits for connections to come back.
  if (closing_) {
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t written = ::write(wake_.get(), &one, sizeof one);
  }
}

EventLoop::ConnectionPtr EventLoop::Take(int fd, bool writing) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ConnectionPtr>& slots = writing ? write_queue_ : table_;
  if (static_cast<std::size_t>(fd) >= slots.size() || slots[fd] == nullptr) {
    return nullptr;
  }
  --held_;
  return std::move(slots[fd]);
}

void EventLoop::Close(ConnectionPtr connection, bool from_job) {
  LogResponse(*connection, service_);  // A response cut off, if any.
  connection.reset();  // Closing the socket also takes it out of epoll.
  --open_;
  if (!from_job) return;
  // The wake-up is written under the lock: once the loop has seen the last
  // job end, this worker no longer touches the loop, which may be destroyed.
  std::lock_guard<std::mutex> lock(mutex_);
  --in_flight_;
  if (closing_) {
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t written = ::write(wake_.get(), &one, sizeof one);
  }
}

void EventLoop::TurnAway(ConnectionPtr connection, int status) {
  Refuse(*connection, service_, status, status == 503 ? kRetryAfterSeconds : 0);
  Hold(std::move(connection), Waiting::kDrain, Clock::now() + kLinger, false);
}

void EventLoop::ExpireDeadlines() {
  Clock::time_point now = Clock::now();
  std::vector<ConnectionPtr> expired;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::vector<ConnectionPtr>* slots : {&table_, &write_queue_}) {
      for (ConnectionPtr& slot : *slots) {
        if (slot != nullptr && slot->deadline <= now) {
          expired.push_back(std::move(slot));
          --held_;
        }
      }
    }
  }
  for (ConnectionPtr& connection : expired) {
    if (connection->waiting == Waiting::kRequest) {
      TurnAway(std::move(connection), 408);  // Too slow to send its request.
    } else {
      // Idle past its time, done draining, or a reader that took nothing
      // for the whole send timeout.
      Close(std::move(connection), false);
    }
  }
}

void EventLoop::BeginShutdown() {
  closing_ = true;
  if (options_.stopping != nullptr) *options_.stopping = true;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, stop_fd_, nullptr);
  stop_accepting_ = Clock::now() + options_.drain;
  if (options_.drain.count() > 0) {
    std::fprintf(stderr,
                 "server: stopping; serving on for %lld ms (GET /healthz "
                 "answers 503)\n",
                 static_cast<long long>(options_.drain.count()));
  }
  // Run ends the drain once stop_accepting_ has come.
}

bool EventLoop::ClientsStillConnecting(Clock::time_point now) {
  // Only a deferring listener of our own holds clients we haven't seen; a
  // shared one's are the next process's.
  if (!listener_defers_ || options_.listener_shared ||
      now >= stop_accepting_ + kHandOver) {
    return false;
  }
  if (now < next_hand_over_check_) return true;
  next_hand_over_check_ = now + tick_;
  return HasConnectionsToHandOver(listener_.get());
}

void EventLoop::CloseListener() {
  // A listener closed with connections in its queue resets them, unless
  // the kernel hands them to another SO_REUSEPORT listener on the port
  // (net.ipv4.tcp_migrate_req): take them, and serve them, first. Only
  // what arrives between this and the close below is left to the kernel.
  // A shared listener's queue is the next process's.
  if (!options_.listener_shared && !accepting_paused_) AcceptAll();
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, listener_.get(), nullptr);
  listener_.Reset();  // New connections are refused from here on.
}

void EventLoop::EndDrain() {
  drained_ = true;
  if (!options_.listener_shared && !accepting_paused_) AcceptAll();
  std::vector<ConnectionPtr> waiting;
  std::size_t in_flight = 0, writing = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (ConnectionPtr& slot : table_) {
      if (slot != nullptr && slot->waiting != Waiting::kDrain) {
        waiting.push_back(std::move(slot));
        --held_;
      }
    }
    for (ConnectionPtr& slot : write_queue_) writing += slot != nullptr;
    in_flight = in_flight_;
  }
  std::size_t idle = 0, given_grace = 0;
  // A kept-alive connection with nothing of a next request is closed now:
  // its client knows a server may close one at any time and sends an
  // idempotent request again (RFC 9112 section 9.3.1). A request already
  // in is answered (with Connection: close); one begun, or a new
  // connection's first, gets a short grace to arrive whole.
  const Clock::time_point now = Clock::now();
  for (ConnectionPtr& connection : waiting) {
    Connection& c = *connection;
    if (ReadAvailable(c) == ReadOutcome::kClosed ||
        (c.waiting == Waiting::kIdle && c.input.empty())) {
      idle += c.waiting == Waiting::kIdle;
      Close(std::move(connection), false);
      continue;
    }
    const Clock::time_point deadline =
        std::min(c.deadline, now + kFinishRequestGrace);
    c.waiting = Waiting::kRequest;
    const Next next = TakeRequest(c, service_);
    if (next == Next::kAnswer) {
      Dispatch(std::move(connection));
    } else if (next == Next::kWrite) {
      OnWritable(std::move(connection));
    } else {
      ++given_grace;
      Hold(std::move(connection), Waiting::kRequest, deadline, false);
    }
  }
  std::fprintf(stderr,
               "server: stopped accepting new clients; closed %zu idle "
               "connections, "
               "finishing %zu requests in flight and %zu responses being "
               "written, %zu connections have %lld ms to send their "
               "request\n",
               idle, in_flight, writing, given_grace,
               static_cast<long long>(kFinishRequestGrace.count()));
}

void EventLoop::CloseWaitingForRequests() {
  std::vector<ConnectionPtr> waiting;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (ConnectionPtr& slot : table_) {
      if (slot != nullptr && slot->waiting == Waiting::kIdle) {
        waiting.push_back(std::move(slot));
        --held_;
      }
    }
  }
  for (ConnectionPtr& connection : waiting) {
    Close(std::move(connection), false);
  }
}

}  // namespace server
