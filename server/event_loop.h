// The server's connection handling, half-sync/half-async: one thread waits
// on every connection with epoll, and a connection goes to the Executor (the
// thread pool) only once a whole request has arrived. Idle keep-alive
// connections and half-sent requests therefore never hold a worker, so a
// fixed pool can't be tied up by slow or idle clients.
#ifndef SERVER_EVENT_LOOP_H_
#define SERVER_EVENT_LOOP_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pool/executor.h"
#include "server/connection.h"
#include "server/routes.h"
#include "server/unique_fd.h"

namespace server {

struct LoopOptions {
  // Requests waiting for a worker; past it, new ones are answered 503.
  std::size_t max_queue = 1024;
  // Open connections; past it, new ones are answered 503 and closed.
  std::size_t max_connections = 16'384;
  // From a request's first byte (or the connection's start) to its last
  // header: not reset by each read, so a client can't dribble forever.
  std::chrono::milliseconds header_timeout{10'000};
  // How long a kept-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{30'000};
  // How long writing one response to a slow reader may take.
  std::chrono::milliseconds write_timeout{10'000};
};

class EventLoop {
 public:
  // Takes the listening socket; `stop_fd` becoming readable (a signalfd in
  // main, a pipe in tests) starts the shutdown. `executor` and `site` must
  // outlive the loop.
  EventLoop(UniqueFd listener, int stop_fd, pool::Executor& executor,
            const Site& site, LoopOptions options);

  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Serves until stopped. Then: closes the listener, closes every connection
  // that has no request in flight, waits until every request in flight has
  // been answered, and returns. Returns false if it could not start.
  bool Run();

 private:
  using Clock = std::chrono::steady_clock;

  // A connection the loop is watching: waiting for (more of) a request, or
  // turned away and draining before it is closed.
  struct Watched {
    std::unique_ptr<Connection> connection;
    Clock::time_point deadline;
    bool refused = false;
  };

  void AcceptAll();
  void OnReadable(int fd);
  // Null if the connection could not be watched (it is then closed).
  Watched* Watch(std::unique_ptr<Connection> connection,
                 std::chrono::milliseconds timeout);
  void SetDeadline(Watched& watched, Clock::time_point when);
  void Unwatch(int fd);
  void Refuse(Watched& watched, int status);
  // Submits the connection if it holds a whole request (503 if the queue
  // is full); otherwise leaves it watched.
  void DispatchIfReady(Watched& watched);
  void Dispatch(std::unique_ptr<Connection> connection);
  void TakeBackFromWorkers();
  void ExpireDeadlines();
  void BeginShutdown();
  int MillisecondsToNextEvent() const;

  // Called by a worker when it is done with a connection (null if closed).
  void HandBack(std::unique_ptr<Connection> connection);

  UniqueFd listener_;
  const int stop_fd_;
  pool::Executor& executor_;
  const Site& site_;
  const LoopOptions options_;

  UniqueFd epoll_;
  UniqueFd wake_;  // An eventfd workers write to after HandBack.
  std::unordered_map<int, Watched> watched_;
  // Every watched connection's deadline, soonest first.
  std::set<std::pair<Clock::time_point, int>> deadlines_;
  std::size_t in_flight_ = 0;  // Connections a job owns.
  bool accepting_paused_ = false;
  Clock::time_point resume_accepting_;
  std::atomic<bool> closing_{false};
  std::atomic<std::size_t> queued_{0};  // Submitted, not yet started.

  std::mutex handed_back_mutex_;
  std::vector<std::unique_ptr<Connection>> handed_back_;  // Guarded.
};

}  // namespace server

#endif  // SERVER_EVENT_LOOP_H_
