// One client connection, and the two halves of serving it. The event loop
// reads whatever bytes have arrived into it, without blocking; once a whole
// request (or a malformed one) is buffered, a worker answers the requests it
// holds, in order, and gives the connection back for the next one.
#ifndef SERVER_CONNECTION_H_
#define SERVER_CONNECTION_H_

#include <atomic>
#include <chrono>
#include <string>

#include "http/request.h"
#include "server/routes.h"
#include "server/unique_fd.h"

namespace server {

// The Server header of every response.
inline constexpr char kServerName[] = "threadpool-server";

struct Connection {
  explicit Connection(UniqueFd socket) : fd(std::move(socket)) {}

  UniqueFd fd;        // Non-blocking, owned.
  std::string input;  // Bytes received and not yet answered.
};

enum class ReadOutcome { kOpen, kClosed };

// Appends what the socket holds now to `input`, without waiting for more.
// kClosed when the client has closed or reset the connection.
ReadOutcome ReadAvailable(Connection& connection);

// Whether `input` starts with a complete request, or with bytes that can
// never become one (given `limits`): either way, a worker has something to
// answer.
bool HasRequest(const Connection& connection, const http::Limits& limits);

struct ServeOptions {
  // How long one response may take to be written to a slow reader.
  std::chrono::milliseconds write_timeout{10'000};
  // Set while the server shuts down: answer what is buffered, then close.
  const std::atomic<bool>* closing = nullptr;
};

// Answers every complete request in `input` (parsed with site.limits) in order
// (pipelining), removing each from `input`. Returns true if the connection
// stays open for another request (keep-alive, with any partial next request
// left in `input`), or false once it should be closed: the client asked, the
// request was malformed (answered with its error status), or the client has
// gone.
bool ServeBuffered(Connection& connection, const Site& site,
                   const ServeOptions& options);

// Sends a short error response if the socket takes it at once, and says we
// are done writing: how the event loop turns a client away (503 when busy,
// 408 past a deadline) without blocking. The loop then drains the socket
// briefly before closing it. `retry_after_seconds` > 0 adds Retry-After.
void Refuse(Connection& connection, int status, int retry_after_seconds = 0);

// Says we are done writing, drains what the client still sends for a short
// while, then closes: closing with unread input would reset the connection
// and could destroy the response before the client reads it.
void CloseGracefully(Connection& connection);

}  // namespace server

#endif  // SERVER_CONNECTION_H_
