// The server's connection handling, half-sync/half-async. One thread, the
// event loop, waits on every connection with epoll and reads what arrives;
// a connection goes to the Executor (the thread pool) only once a whole
// request has arrived, already parsed. The worker answers it through the
// Handler and writes what the socket takes at once (a small response: one
// send); what the socket won't take, the loop finishes as the socket becomes
// writable. Idle keep-alive connections, half-sent requests and clients that
// read slowly therefore never hold a worker, so a fixed pool can't be tied
// up by slow or idle clients.
//
// Ownership. A connection has exactly one owner at a time, and only its
// owner touches it:
//   - the loop's table (table_): armed in epoll for reading: the rest of a
//     request, a kept-alive connection's next one, or a client's close;
//   - a job: submitted to the executor, answered on a worker thread;
//   - the loop's write queue (write_queue_): armed in epoll for writing the
//     rest of a response.
// A new connection comes with its first bytes (listener.h): read at once,
// it goes to a job if they are a whole request, else to the table.
// It moves from the table to a job when the loop has read a whole request,
// or a head to answer without its body (Dispatch); from the table to the
// write queue when a "100 Continue" is not sent whole at once; from a job to
// the table or the write queue when the worker is done with it
// (AnswerOnWorker, then Hold); from the write queue to the table or a job
// when the loop has written the whole response. A worker
// hands a connection back without waking the loop: Hold stores it and
// re-arms its socket with one EPOLL_CTL_MOD, under mutex_, so the loop (which
// takes connections out of its table and write queue under mutex_ too)
// never finds one half handed back. The socket is added to epoll once, by
// whoever first holds it. Each held connection has a deadline (header, idle,
// send or linger timeout); the loop sweeps for expired ones every tick.
#ifndef SERVER_EVENT_LOOP_H_
#define SERVER_EVENT_LOOP_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "http/request.h"
#include "pool/executor.h"
#include "server/access_log.h"
#include "server/connection.h"
#include "server/defaults.h"
#include "server/handler.h"
#include "server/unique_fd.h"

namespace server {

struct LoopOptions {
  // Requests waiting for a worker; past it, new ones are answered 503.
  std::size_t max_queue = defaults::kQueue;
  // Open connections; past it, new ones are answered 503 and closed.
  std::size_t max_connections = defaults::kMaxConnections;
  // From a request's first byte (or the connection's start) to its last
  // byte: not reset by each read, so a client can't dribble forever.
  std::chrono::milliseconds header_timeout = defaults::kHeaderTimeout;
  // How long a kept-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout = defaults::kIdleTimeout;
  // How long a response may go without the socket taking a byte of it.
  std::chrono::milliseconds send_timeout = defaults::kSendTimeout;
  // What a request may be; past a limit it is answered with the error's
  // status (http::StatusFor) and the connection closes.
  http::Limits limits;
  // Where a line goes for each response (access_log.h); none when null.
  // Must outlive the loop.
  AccessLog* access_log = nullptr;
  // After the stop signal, how long to go on accepting and serving (every
  // response saying Connection: close) before the listener is closed.
  std::chrono::milliseconds drain = defaults::kDrain;
  // The listener is also held by whoever passed it to us (systemd): when we
  // close our descriptor, what waits in its queue stays there for the next
  // process. Otherwise the queue is taken and served before the listener
  // closes (closing it would reset those connections).
  bool listener_shared = false;
  // Set when the stop signal arrives (GET /healthz reads it); may be null.
  // Must outlive the loop.
  std::atomic<bool>* stopping = nullptr;
};

class EventLoop {
 public:
  // Takes the listening socket; `stop_fd` becoming readable (a signalfd in
  // main, a pipe in tests) starts the shutdown. `executor` must outlive the
  // loop; `handler` is called on its threads. The process must ignore
  // SIGPIPE: files go out with sendfile, which has no MSG_NOSIGNAL.
  EventLoop(UniqueFd listener, int stop_fd, pool::Executor& executor,
            Handler handler, LoopOptions options);

  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Serves until stopped. Then: serves on for `drain` (responses say
  // Connection: close), accepts what waits in the listener's queue (unless
  // it is shared) and closes the listener, closes every kept-alive
  // connection that waits for its next request, gives one that has begun a
  // request, or a new one that has not sent its first, a second to finish
  // it, lets every request in flight be answered (with Connection: close)
  // and every response being written finish or reach its send timeout, and
  // returns. Returns false if it could not start.
  bool Run();

 private:
  using Clock = std::chrono::steady_clock;
  using ConnectionPtr = std::unique_ptr<Connection>;

  // The loop's thread.
  // Accepts one waiting client, like nginx's default (multi_accept off):
  // the listener is level-triggered, so epoll reports it again while more
  // wait, and looping until accept4 says EAGAIN would cost a failed call
  // for nearly every connection. Returns whether another may wait.
  bool AcceptOne();
  // Accepts every waiting client (at shutdown, before the listener closes).
  void AcceptAll();
  void OnEvent(std::uint64_t tag);
  void OnReadable(ConnectionPtr connection);
  void OnWritable(ConnectionPtr connection);
  // Submits the connection, whose request is parsed, to the executor (503
  // if the queue is full).
  void Dispatch(ConnectionPtr connection);
  // Answers 503 or 408, then lets the connection drain before closing.
  void TurnAway(ConnectionPtr connection, int status);
  void ExpireDeadlines();
  void BeginShutdown();
  // The end of the drain: idle connections close, requests begun get a
  // grace to arrive whole, new clients are no longer served (see Run).
  void EndDrain();
  // After the drain: whether clients that connected are still to be handed
  // over by a deferring listener (listener.h), for at most kHandOver.
  bool ClientsStillConnecting(Clock::time_point now);
  // Takes what waits in the listener's queue, then closes it.
  void CloseListener();
  // While shutting down: closes held kept-alive connections that wait for
  // their next request (a worker may have handed one back since).
  void CloseWaitingForRequests();
  bool Finished();

  // A worker's thread: the job Dispatch submits.
  void AnswerOnWorker(ConnectionPtr connection);

  // Either thread, for a connection it owns: what `next` asks for: hold it
  // (table or write queue, with its deadline, socket armed), close it, or
  // (the loop only) dispatch it. `from_job` when a worker gives it up.
  void Continue(ConnectionPtr connection, Next next, bool from_job);
  void Hold(ConnectionPtr connection, Waiting waiting,
            Clock::time_point deadline, bool from_job);
  void Close(ConnectionPtr connection, bool from_job);
  // Takes the connection on `fd` out of the table or the write queue
  // (null if none is there).
  ConnectionPtr Take(int fd, bool writing);

  UniqueFd listener_;
  const bool listener_defers_;  // TCP_DEFER_ACCEPT: accepted with a request.
  const int stop_fd_;
  pool::Executor& executor_;
  const LoopOptions options_;
  const Service service_;  // Handler, limits, closing_ and the access log.
  const std::chrono::milliseconds tick_;  // How often deadlines are swept.

  UniqueFd epoll_;
  UniqueFd wake_;  // An eventfd: workers wake the loop during shutdown.
  bool accepting_paused_ = false;
  bool drained_ = false;                    // EndDrain has run.
  Clock::time_point stop_accepting_;        // When the drain ends.
  Clock::time_point next_hand_over_check_;  // See ClientsStillConnecting.
  Clock::time_point resume_accepting_;
  Clock::time_point next_sweep_;
  std::atomic<bool> closing_{false};
  std::atomic<std::size_t> queued_{0};  // Submitted, not yet started.
  std::atomic<std::size_t> open_{0};    // Accepted, not yet closed.

  std::mutex mutex_;
  // Indexed by socket descriptor; guarded by mutex_.
  std::vector<ConnectionPtr> table_;
  std::vector<ConnectionPtr> write_queue_;
  std::size_t held_ = 0;       // In table_ or write_queue_; guarded.
  std::size_t in_flight_ = 0;  // Owned by a job; guarded.
};

}  // namespace server

#endif  // SERVER_EVENT_LOOP_H_
