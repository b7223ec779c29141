// See connection.h. Every socket call is non-blocking: EAGAIN ends a step.
#include "server/connection.h"

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <string_view>

#include "http/response.h"

namespace server {
namespace {

// The most a worker writes of one response before it leaves the rest to
// the event loop: a client that reads fast must not hold a worker either.
constexpr std::size_t kWorkerWriteBudget = 1024 * 1024;

// "400 Bad Request: conflicting Content-Length": the status, and the rule
// that was broken in the parser's fixed words; never the client's bytes.
http::Response ErrorResponse(int status, std::string_view rule = "") {
  std::string body = std::to_string(status) + " ";
  body += http::ReasonPhrase(status);
  if (!rule.empty()) {
    body += ": ";
    body += rule;
  }
  body += "\n";
  return {status, {{"Content-Type", "text/plain; charset=utf-8"}}, body};
}

// The Date header changes once a second; each thread formats it once then.
const std::string& CurrentHttpDate() {
  thread_local std::time_t formatted_at = -1;
  thread_local std::string date;
  std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    date = http::HttpDate(now);
    formatted_at = now;
  }
  return date;
}

// Every response says whether the connection goes on, when it was made and
// by whom. Appends its head (and the body, unless `head_only` or it is a
// large file, which stays in connection.file) to connection.output.
void AppendReply(Connection& connection, Reply reply, bool keep_alive,
                 bool head_only) {
  http::Response& response = reply.response;
  response.headers.emplace_back("Connection",
                                keep_alive ? "keep-alive" : "close");
  response.headers.emplace_back("Date", CurrentHttpDate());
  response.headers.emplace_back("Server", kServerName);
  const bool from_file = reply.file.fd.valid();
  const std::uint64_t length =
      from_file ? reply.file.size : response.body.size();
  http::AppendHead(response, length, connection.output);
  connection.close_after = !keep_alive;
  if (head_only) return;
  if (!from_file) {
    connection.output += response.body;
  } else if (length > kInlineFileBytes) {
    connection.file = std::move(reply.file);
    connection.file_sent = 0;
  } else {
    // Small and likely hot: one send with the head beats a sendfile.
    const std::size_t at = connection.output.size();
    connection.output.resize(at + length);
    ssize_t got =
        ::pread(reply.file.fd.get(), connection.output.data() + at, length, 0);
    if (got != static_cast<ssize_t>(length)) {
      // The file shrank since it was opened: what was promised can't be
      // sent, so end the connection after what we have.
      connection.output.resize(
          at + static_cast<std::size_t>(std::max<ssize_t>(got, 0)));
      connection.close_after = true;
    }
  }
}

// Makes the response to the request `parsed` describes, and drops the
// request from `input`.
void Answer(Connection& connection, const Handler& handler,
            const std::atomic<bool>& closing) {
  if (connection.parsed.status == http::ParseStatus::kError) {
    // The next request's start can't be trusted: answer, then close. The
    // bytes stay in `input`, so the connection lingers before it closes.
    http::ParseError error = connection.parsed.error;
    AppendReply(
        connection,
        {ErrorResponse(http::StatusFor(error), http::Describe(error)), {}},
        /*keep_alive=*/false, /*head_only=*/false);
    return;
  }
  const http::Request& request = connection.request;
  bool keep_alive = http::KeepAlive(request);
  const bool head_only = request.method == "HEAD";
  Reply reply;
  try {
    reply = handler(request);
  } catch (const std::exception& e) {
    // A handler that fails costs its request a 500, never the worker or
    // the server.
    std::fprintf(stderr, "server: handler failed: %s\n", e.what());
    reply = {ErrorResponse(500), {}};
    keep_alive = false;
  }
  // Asked after the handler, which may have been slow: a shutdown that
  // began meanwhile ends the connection with this response.
  if (closing.load()) keep_alive = false;
  AppendReply(connection, std::move(reply), keep_alive, head_only);
  // The views in `request` point into `input`: drop the request only now.
  connection.input.erase(0, connection.parsed.size);
  connection.looked_at = 0;
  connection.in_body = false;
  connection.parsed = {http::ParseStatus::kIncomplete};
}

enum class Sent { kAll, kBlocked, kGone };

// Sends output, then the file, until all is sent, the socket is full, or
// about `budget` bytes went out.
Sent WriteSome(Connection& connection, std::size_t budget, bool* progressed) {
  const int fd = connection.fd.get();
  std::size_t written = 0;
  while (connection.output_sent < connection.output.size()) {
    const bool more = connection.file.fd.valid();
    ssize_t sent = ::send(fd, connection.output.data() + connection.output_sent,
                          connection.output.size() - connection.output_sent,
                          MSG_NOSIGNAL | (more ? MSG_MORE : 0));
    if (sent > 0) {
      connection.output_sent += static_cast<std::size_t>(sent);
      written += static_cast<std::size_t>(sent);
      *progressed = true;
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return Sent::kBlocked;
    }
    return Sent::kGone;  // Reset or closed: nobody to answer.
  }
  connection.output.clear();
  connection.output_sent = 0;
  FileBody& file = connection.file;
  while (file.fd.valid() && connection.file_sent < file.size) {
    if (written >= budget) return Sent::kBlocked;
    off_t offset = static_cast<off_t>(connection.file_sent);
    std::size_t piece = static_cast<std::size_t>(
        std::min<std::uint64_t>(file.size - connection.file_sent,
                                std::max(budget - written, std::size_t{1})));
    ssize_t sent = ::sendfile(fd, file.fd.get(), &offset, piece);
    if (sent > 0) {
      connection.file_sent += static_cast<std::uint64_t>(sent);
      written += static_cast<std::size_t>(sent);
      *progressed = true;
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return Sent::kBlocked;
    }
    // 0: the file shrank under us; the response can't be finished.
    return Sent::kGone;
  }
  file = FileBody{};
  connection.file_sent = 0;
  return Sent::kAll;
}

// What comes after a response that has been sent whole.
Next AfterResponse(Connection& connection, const http::Limits& limits) {
  if (connection.close_after) {
    // Closing with unread input would reset the connection and could
    // destroy the response before the client reads it: say we are done,
    // and let the client close first. With nothing unread, close now.
    if (connection.input.empty()) return Next::kClose;
    ::shutdown(connection.fd.get(), SHUT_WR);
    return Next::kDrain;
  }
  return TakeRequest(connection, limits) ? Next::kAnswer : Next::kRead;
}

Next AfterWriting(Sent sent, Connection& connection,
                  const http::Limits& limits) {
  switch (sent) {
    case Sent::kGone:
      return Next::kClose;
    case Sent::kBlocked:
      return Next::kWrite;
    case Sent::kAll:
      return AfterResponse(connection, limits);
  }
  return Next::kClose;
}

// Whether the bytes that arrived since `looked_at` could change
// ParseRequest's "incomplete": the parser decides a line only when its line
// feed arrives (a CR must be followed by LF), a line only outgrows its limit
// once the input is longer than the smaller limit, and a body may be whole
// after any byte.
bool WorthParsing(const Connection& connection, const http::Limits& limits) {
  const std::string& input = connection.input;
  if (connection.looked_at == 0 || connection.in_body) return true;
  if (input.size() >
      std::min(limits.max_request_line, limits.max_field_section)) {
    return true;
  }
  // From the last byte looked at: a CR there is decided by the next byte.
  std::size_t from = connection.looked_at - 1;
  return input.find_first_of("\r\n", from) != std::string::npos;
}

}  // namespace

ReadOutcome ReadAvailable(Connection& connection) {
  char chunk[16 * 1024];
  for (;;) {
    ssize_t got = ::recv(connection.fd.get(), chunk, sizeof chunk, 0);
    if (got > 0) {
      connection.input.append(chunk, static_cast<std::size_t>(got));
      if (static_cast<std::size_t>(got) < sizeof chunk) {
        return ReadOutcome::kOpen;
      }
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return ReadOutcome::kOpen;
    }
    return ReadOutcome::kClosed;
  }
}

bool TakeRequest(Connection& connection, const http::Limits& limits) {
  if (connection.parsed.status != http::ParseStatus::kIncomplete) return true;
  if (connection.input.empty() ||
      connection.input.size() == connection.looked_at) {
    return false;
  }
  if (!WorthParsing(connection, limits)) {
    connection.looked_at = connection.input.size();
    return false;
  }
  connection.parsed =
      http::ParseRequest(connection.input, connection.request, limits);
  if (connection.parsed.status != http::ParseStatus::kIncomplete) return true;
  connection.looked_at = connection.input.size();
  connection.in_body = connection.input.find("\r\n\r\n") != std::string::npos;
  return false;
}

Next AnswerRequests(Connection& connection, const Handler& handler,
                    const http::Limits& limits,
                    const std::atomic<bool>& closing) {
  for (;;) {
    Answer(connection, handler, closing);
    bool progressed = false;
    Next next =
        AfterWriting(WriteSome(connection, kWorkerWriteBudget, &progressed),
                     connection, limits);
    if (next != Next::kAnswer) return next;
  }
}

Next ContinueWriting(Connection& connection, const http::Limits& limits,
                     std::size_t budget, bool* progressed) {
  *progressed = false;
  return AfterWriting(WriteSome(connection, budget, progressed), connection,
                      limits);
}

bool DiscardInput(Connection& connection) {
  connection.input.clear();
  if (ReadAvailable(connection) == ReadOutcome::kClosed) return false;
  connection.input.clear();
  return true;
}

void Refuse(Connection& connection, int status, int retry_after_seconds) {
  http::Response response = ErrorResponse(status);
  if (retry_after_seconds > 0) {
    response.headers.emplace_back("Retry-After",
                                  std::to_string(retry_after_seconds));
  }
  AppendReply(connection, {std::move(response), {}}, /*keep_alive=*/false,
              /*head_only=*/false);
  // One try: a client that can't take a few hundred bytes now gets nothing.
  [[maybe_unused]] ssize_t sent =
      ::send(connection.fd.get(), connection.output.data(),
             connection.output.size(), MSG_NOSIGNAL);
  connection.output.clear();
  ::shutdown(connection.fd.get(), SHUT_WR);
}

}  // namespace server
