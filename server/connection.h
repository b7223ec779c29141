// One client connection, and the steps of serving it: reading what has
// arrived, parsing each request once, answering it (or, for a client that
// waits for 100 Continue, telling it to send its body or answering from the
// head at once), writing what the socket takes, and the access log's line
// for each response. Each step is a function on a Connection that the
// caller owns at that moment (event_loop.h says who owns it when); none of
// them waits: sockets are non-blocking, and a step that cannot go on says
// what it needs (more bytes, a writable socket) instead of waiting for it.
#ifndef SERVER_CONNECTION_H_
#define SERVER_CONNECTION_H_

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "http/request.h"
#include "server/access_log.h"
#include "server/handler.h"
#include "server/unique_fd.h"

namespace server {

// The Server header of every response.
inline constexpr char kServerName[] = "threadpool-server";

// A file body at most this large is read into the response buffer and goes
// out with the head in one send; a larger one is sent from its descriptor
// with sendfile, in pieces, so a connection's memory never grows with the
// size of the file it sends.
inline constexpr std::uint64_t kInlineFileBytes = 32 * 1024;

// What a connection waits for while the event loop holds it.
enum class Waiting {
  kRequest,  // The rest of a request (the header deadline runs).
  kIdle,     // A next request on a kept-alive connection (the idle deadline).
  kWrite,    // The socket to take more of a response (the send timeout).
  kDrain,    // The client to close, after our last response (a short linger).
};

// What every connection is served with: set up once by the event loop,
// then only read, by the loop's thread and the workers'.
struct Service {
  Handler handler;
  // What a request may be; past a limit it is answered with the error's
  // status (http::StatusFor) and the connection closes.
  http::Limits limits;
  // Set when the server shuts down: a response then says Connection: close.
  const std::atomic<bool>* closing = nullptr;
  // Where each response's line goes; no log when null.
  AccessLog* access_log = nullptr;
};

struct Connection {
  explicit Connection(UniqueFd socket) : fd(std::move(socket)) {}

  UniqueFd fd;              // Non-blocking, owned.
  sockaddr_storage peer{};  // The client's address, from accept.

  // Reading. `input` holds bytes received and not yet answered. The parse
  // of `input` is kept, as picohttpparser's last_len: `looked_at` bytes gave
  // "incomplete", so only new bytes that could change that answer are worth
  // parsing again; once whole, `request` (views into `input`) and `parsed`
  // are what the worker answers, without parsing again.
  std::string input;
  std::size_t looked_at = 0;
  bool in_body = false;  // The head has arrived whole; its body has not.
  http::Request request;
  http::ParseResult parsed{http::ParseStatus::kIncomplete};
  // `request` is its head alone, to be answered without reading the body
  // (Expect: 100-continue, and the body is not wanted): then the
  // connection closes.
  bool skip_body = false;
  // When the request being read began (its first byte arrived, or the
  // previous response was done with it), for the access log.
  std::chrono::steady_clock::time_point started =
      std::chrono::steady_clock::now();

  // Writing. output[output_sent..] and then file[file_sent..file.size] are
  // still to be sent; then the connection closes if `close_after`.
  std::string output;
  std::size_t output_sent = 0;
  FileBody file;
  std::uint64_t file_sent = 0;
  bool close_after = false;
  // The response being written, while a log is kept: its line is written
  // once all of it is sent, or the connection ends first.
  std::optional<LoggedResponse> logged;
  std::uint64_t response_sent = 0;  // Bytes of it sent so far, head included.

  // The event loop's: whether the socket is in its epoll set yet (it is
  // added at most once, then re-armed), what it waits for, and until when.
  bool registered = false;
  Waiting waiting = Waiting::kRequest;
  std::chrono::steady_clock::time_point deadline;
};

enum class ReadOutcome { kOpen, kClosed };

// Appends what the socket holds now to `input`, without waiting for more.
// kClosed when the client has closed or reset the connection.
ReadOutcome ReadAvailable(Connection& connection);

// What a connection needs next, after a step.
enum class Next {
  kAnswer,  // A whole (or malformed) request is parsed: a worker answers it.
  kRead,    // Wait for (more of) the next request.
  kWrite,   // Wait until the socket takes more of the response.
  kDrain,   // We are done writing (shut down); wait for the client to close.
  kClose,   // Close now: all is said, or the client has gone.
};

// What the bytes in `input` call for. kAnswer when they start with a
// complete request, or with bytes that can never become one (given the
// limits): a worker has something to answer (`parsed`, `request`). Also
// kAnswer, with `skip_body`, when a head that expects 100-continue has
// arrived and its body will not be read (Handler::reads_body), or when it
// expects something else (417): the answer need not wait for the body.
// kWrite when the body will be read and the client waits for "100
// Continue", which is then in `output`. Else kRead. Parses only when the
// bytes that arrived since the last call could change the answer (a line
// ended, a length limit was passed, or the body may be whole), so a request
// that arrives in pieces is not parsed from byte 0 at each piece.
Next TakeRequest(Connection& connection, const Service& service);

// The worker's half: answers the parsed request (and any whole requests
// pipelined after it, in order) through the service's handler, writing what
// the socket takes at once. A small response goes out in one send. Never
// waits: what the socket would not take is left in `output`/`file`
// (kWrite). Once the server is closing, the response says
// Connection: close.
Next AnswerRequests(Connection& connection, const Service& service);

// AnswerRequests for one request only, for the event loop's thread to
// answer one that Handler::answers_at_once says is quick: kAnswer when a
// whole pipelined request follows (to be dispatched as any other).
Next AnswerOne(Connection& connection, const Service& service);

// The event loop's half of writing: sends more of the response, at most
// about `budget` bytes, when the socket is writable. `progressed` says
// whether any byte went out (the send timeout counts from the last one).
// kWrite while some is left; otherwise what comes after the response.
Next ContinueWriting(Connection& connection, const Service& service,
                     std::size_t budget, bool* progressed);

// Reads and drops what a client sends after our last response. False once
// the client has closed (or reset): the connection can be closed.
bool DiscardInput(Connection& connection);

// Sends a short error response if the socket takes it at once, and says we
// are done writing: how the event loop turns a client away (503 when busy,
// 408 past a deadline) without waiting. The connection then drains (kDrain)
// before it is closed. `retry_after_seconds` > 0 adds Retry-After.
void Refuse(Connection& connection, const Service& service, int status,
            int retry_after_seconds = 0);

// Writes the access-log line of the response being sent, if there is one:
// when it has been sent whole, or when the connection ends before (with
// the bytes that went out).
void LogResponse(Connection& connection, const Service& service);

}  // namespace server

#endif  // SERVER_CONNECTION_H_
