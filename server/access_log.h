// The access log's writer (--access-log): the threads that answer requests
// hand it one line per response, and a thread of its own writes them to a
// file or a pipe. So a slow disk, or a reader that stops reading the pipe,
// never holds a worker or the event loop: lines wait in a bounded buffer,
// and when it is full a line is dropped and counted rather than waited for.
// Stop (or destruction) writes out what is buffered, giving up after a
// deadline if the descriptor won't take it (those lines count as dropped
// too), and joins the thread. The lines are http::FormatAccessLogLine's.
#ifndef SERVER_ACCESS_LOG_H_
#define SERVER_ACCESS_LOG_H_

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "server/unique_fd.h"

namespace server {

// One response, as the access log records it. Filled when the request is
// answered and kept while the response is written, since the line says how
// many bytes of it went out.
struct LoggedResponse {
  std::string request_line;  // As it arrived, without its line ending.
  std::optional<std::string> referer;
  std::optional<std::string> user_agent;
  int status = 0;
  std::uint64_t head_bytes = 0;  // The response's bytes before its body.
  std::chrono::steady_clock::time_point started;  // The request's first byte.
};

class AccessLog {
 public:
  // About 10,000 lines: a burst the descriptor can't take at once waits
  // here rather than being dropped.
  static constexpr std::size_t kDefaultCapacity = 1 << 20;
  // How long Stop waits for the descriptor to take what is buffered.
  static constexpr std::chrono::milliseconds kDefaultFlushTimeout{2000};

  struct Counts {
    std::uint64_t written = 0;  // Lines the descriptor took whole.
    std::uint64_t dropped = 0;  // Lines lost: the buffer was full, the
                                // descriptor failed, or Stop gave up.
  };

  // Opens `path` for appending (created with mode 0644 if missing), or
  // standard output for "-". Nothing, and why in `error`, if it can't.
  static std::unique_ptr<AccessLog> Open(const std::string& path,
                                         std::string* error);

  // Writes to `fd`, buffering at most `capacity` bytes of lines. The
  // process must ignore SIGPIPE (a pipe whose reader left costs the lines,
  // not the process).
  explicit AccessLog(
      UniqueFd fd, std::size_t capacity = kDefaultCapacity,
      std::chrono::milliseconds flush_timeout = kDefaultFlushTimeout);
  ~AccessLog();  // Stop().

  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Queues `line` (one whole line, with its "\n"), or drops it if the
  // buffer is full. Never waits for the descriptor. Safe to call from any
  // thread; after Stop, every line is dropped.
  void Write(std::string_view line);

  // Formats and writes the line of `response`, of which `bytes_sent`
  // (head included) went out to the client at `peer`, finished now.
  void Record(const LoggedResponse& response, const sockaddr_storage& peer,
              std::uint64_t bytes_sent);

  // Writes out what is buffered, waiting at most the flush timeout for the
  // descriptor to take it, then stops the writing thread. Idempotent.
  void Stop();

  Counts counts() const;

 private:
  void WriteLoop();
  // Writes `bytes` out; returns how many went (fewer when it gave up).
  std::size_t WriteOut(std::string_view bytes);

  const UniqueFd fd_;
  const std::size_t capacity_;
  const std::chrono::milliseconds flush_timeout_;
  // The most one write(2) sends: a pipe takes PIPE_BUF bytes without
  // blocking once poll says it is writable; a file takes any amount.
  std::size_t piece_;

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::string buffer_;                // Guarded by mutex_.
  std::uint64_t buffered_lines_ = 0;  // Guarded.
  Counts counts_;                     // Guarded.
  bool stopping_ = false;             // Guarded.
  // Stop's deadline, in steady-clock ticks; 0 until Stop.
  std::atomic<std::int64_t> give_up_at_{0};
  std::thread writer_;
};

// The client's address as the log writes it: "127.0.0.1", "::1"; "unix:"
// for a Unix socket, "-" when unknown.
std::string PeerAddress(const sockaddr_storage& peer);

}  // namespace server

#endif  // SERVER_ACCESS_LOG_H_
