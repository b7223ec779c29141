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

#include "http/expect.h"
#include "http/response.h"

namespace server {
namespace {

// The most a worker writes of one response before it leaves the rest to
// the event loop: a client that reads fast must not hold a worker either.
constexpr std::size_t kWorkerWriteBudget = 1024 * 1024;

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
// by whom. Appends its head (and the body, unless `without_body` or it is a
// large file, which stays in connection.file) to connection.output; returns
// the head's size.
std::size_t AppendReply(Connection& connection, Reply reply, bool keep_alive,
                        bool without_body) {
  http::Response& response = reply.response;
  response.headers.emplace_back("Connection",
                                keep_alive ? "keep-alive" : "close");
  response.headers.emplace_back("Date", CurrentHttpDate());
  response.headers.emplace_back("Server", kServerName);
  const bool from_file = reply.file.fd.valid();
  const std::uint64_t length =
      from_file ? reply.file.size : response.body.size();
  const std::size_t head_starts = connection.output.size();
  http::AppendHead(response, length, connection.output);
  const std::size_t head_bytes = connection.output.size() - head_starts;
  connection.close_after = !keep_alive;
  if (without_body || !http::HasContent(response.status)) return head_bytes;
  if (!from_file) {
    connection.output += response.body;
  } else if (length > kInlineFileBytes) {
    connection.file = std::move(reply.file);
    connection.file_sent = 0;
  } else {
    // Small and likely hot: one send with the head beats a sendfile.
    const std::size_t at = connection.output.size();
    connection.output.resize(at + length);
    ssize_t got = ::pread(reply.file.fd.get(), connection.output.data() + at,
                          length, static_cast<off_t>(reply.file.offset));
    if (got != static_cast<ssize_t>(length)) {
      // The file shrank since it was opened: what was promised can't be
      // sent, so end the connection after what we have.
      connection.output.resize(
          at + static_cast<std::size_t>(std::max<ssize_t>(got, 0)));
      connection.close_after = true;
    }
  }
  return head_bytes;
}

// The first line of `input` as it arrived, without its line ending, at most
// `limit` bytes: what the access log shows of a request, even a refused one.
std::string_view FirstLine(std::string_view input, std::size_t limit) {
  std::string_view line = input.substr(0, input.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line.substr(0, limit);
}

std::optional<std::string> FieldOf(const http::Request& request,
                                   std::string_view name) {
  std::optional<std::string_view> value = request.FindHeader(name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

// Starts the access log's record of the response just appended to output.
void BeginLog(Connection& connection, const Service& service, int status,
              std::size_t head_bytes, const http::Request* request) {
  if (service.access_log == nullptr) return;
  LoggedResponse& logged = connection.logged.emplace();
  logged.request_line =
      std::string(FirstLine(connection.input, service.limits.max_request_line));
  if (request != nullptr) {
    logged.referer = FieldOf(*request, "Referer");
    logged.user_agent = FieldOf(*request, "User-Agent");
  }
  logged.status = status;
  logged.head_bytes = head_bytes;
  logged.started = connection.started;
}

// The reply to a parsed request (or its head alone): 417 for an expectation
// we can't meet (RFC 9110 section 10.1.1), else the handler's, or 500 if it
// throws (with `keep_alive` cleared).
Reply ReplyTo(const http::Request& request, const Handler& handler,
              bool* keep_alive) {
  if (http::ExpectationOf(request) == http::Expectation::kUnsupported) {
    return {http::StatusResponse(417), {}};
  }
  try {
    return handler.answer(request);
  } catch (const std::exception& e) {
    // A handler that fails costs its request a 500, never the worker or
    // the server.
    std::fprintf(stderr, "server: handler failed: %s\n", e.what());
    *keep_alive = false;
    return {http::StatusResponse(500), {}};
  }
}

// Makes the response to the request `parsed` describes, and drops the
// request from `input`.
void Answer(Connection& connection, const Service& service) {
  connection.response_sent = 0;
  if (connection.parsed.status == http::ParseStatus::kError) {
    // The next request's start can't be trusted: answer, then close. The
    // bytes stay in `input`, so the connection lingers before it closes.
    http::ParseError error = connection.parsed.error;
    const int status = http::StatusFor(error);
    std::size_t head_bytes = AppendReply(
        connection, {http::StatusResponse(status, http::Describe(error)), {}},
        /*keep_alive=*/false, /*without_body=*/false);
    BeginLog(connection, service, status, head_bytes, nullptr);
    return;
  }
  const http::Request& request = connection.request;
  // Answered from its head, a request leaves its body unread: the
  // connection can't go on.
  bool keep_alive = http::KeepAlive(request) && !connection.skip_body;
  Reply reply = ReplyTo(request, service.handler, &keep_alive);
  // Asked after the handler, which may have been slow: a shutdown that
  // began meanwhile ends the connection with this response.
  if (service.closing != nullptr && service.closing->load()) {
    keep_alive = false;
  }
  const int status = reply.response.status;
  std::size_t head_bytes = AppendReply(connection, std::move(reply), keep_alive,
                                       request.method == "HEAD");
  BeginLog(connection, service, status, head_bytes, &request);
  // The bytes of a body not read stay in `input`, so the connection
  // lingers before it closes, as after an error.
  if (connection.skip_body) return;
  // The views in `request` point into `input`: drop the request only now.
  connection.input.erase(0, connection.parsed.size);
  connection.looked_at = 0;
  connection.in_body = false;
  connection.parsed = {http::ParseStatus::kIncomplete};
  // A pipelined request waiting behind this one starts now.
  connection.started = std::chrono::steady_clock::now();
}

// The head of the request at the start of `input` has arrived whole, and
// its body has not. A client that waits for 100 Continue either gets it
// (kWrite, with the interim response in `output`) or, when its body won't
// be read or its expectation can't be met, is answered from the head at
// once (kAnswer).
Next OnHeadWithoutBody(Connection& connection, const Service& service) {
  http::ParseResult head = http::ParseRequestHead(
      connection.input, connection.request, service.limits);
  if (head.status != http::ParseStatus::kComplete) return Next::kRead;
  switch (http::ExpectationOf(connection.request)) {
    case http::Expectation::kNone:
      return Next::kRead;
    case http::Expectation::kContinue:
      if (!service.handler.reads_body ||
          service.handler.reads_body(connection.request)) {
        if (!http::ShouldSendContinue(connection.request,
                                      connection.input.size() - head.size)) {
          return Next::kRead;  // The body is already coming.
        }
        connection.output += http::kContinueResponse;
        return Next::kWrite;
      }
      break;
    case http::Expectation::kUnsupported:
      break;
  }
  connection.skip_body = true;
  connection.parsed = head;
  return Next::kAnswer;
}

enum class Sent { kAll, kBlocked, kGone };

// Sends output, then the file, until all is sent, the socket is full, or
// about `budget` bytes went out.
Sent WriteSome(Connection& connection, std::size_t budget, bool* progressed) {
  const int fd = connection.fd.get();
  std::size_t written = 0;
  while (connection.output_sent < connection.output.size()) {
    // More to come: a file, or the FIN of a last response (see
    // AfterResponse), which then goes out in the same segment.
    const bool more = connection.file.fd.valid() || connection.close_after;
    ssize_t sent = ::send(fd, connection.output.data() + connection.output_sent,
                          connection.output.size() - connection.output_sent,
                          MSG_NOSIGNAL | (more ? MSG_MORE : 0));
    if (sent > 0) {
      connection.output_sent += static_cast<std::size_t>(sent);
      connection.response_sent += static_cast<std::uint64_t>(sent);
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
    off_t offset = static_cast<off_t>(file.offset + connection.file_sent);
    std::size_t piece = static_cast<std::size_t>(
        std::min<std::uint64_t>(file.size - connection.file_sent,
                                std::max(budget - written, std::size_t{1})));
    ssize_t sent = ::sendfile(fd, file.fd.get(), &offset, piece);
    if (sent > 0) {
      connection.file_sent += static_cast<std::uint64_t>(sent);
      connection.response_sent += static_cast<std::uint64_t>(sent);
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
Next AfterResponse(Connection& connection, const Service& service) {
  if (connection.close_after) {
    // Done sending: the FIN leaves with the response's last bytes, held
    // back by MSG_MORE, before close() could reset the connection.
    ::shutdown(connection.fd.get(), SHUT_WR);
    // Closing with unread input would reset the connection and could
    // destroy the response before the client reads it: let the client
    // close first. With nothing unread, close now.
    return connection.input.empty() ? Next::kClose : Next::kDrain;
  }
  return TakeRequest(connection, service);
}

Next AfterWriting(Sent sent, Connection& connection, const Service& service) {
  switch (sent) {
    case Sent::kGone:
      LogResponse(connection, service);
      return Next::kClose;
    case Sent::kBlocked:
      return Next::kWrite;
    case Sent::kAll:
      LogResponse(connection, service);
      return AfterResponse(connection, service);
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
      if (connection.input.empty()) {
        connection.started = std::chrono::steady_clock::now();
      }
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

Next TakeRequest(Connection& connection, const Service& service) {
  if (connection.parsed.status != http::ParseStatus::kIncomplete) {
    return Next::kAnswer;
  }
  if (connection.input.empty() ||
      connection.input.size() == connection.looked_at) {
    return Next::kRead;
  }
  if (!WorthParsing(connection, service.limits)) {
    connection.looked_at = connection.input.size();
    return Next::kRead;
  }
  connection.parsed =
      http::ParseRequest(connection.input, connection.request, service.limits);
  if (connection.parsed.status != http::ParseStatus::kIncomplete) {
    return Next::kAnswer;
  }
  connection.looked_at = connection.input.size();
  if (connection.in_body ||
      connection.input.find("\r\n\r\n") == std::string::npos) {
    return Next::kRead;
  }
  connection.in_body = true;
  return OnHeadWithoutBody(connection, service);
}

Next AnswerOne(Connection& connection, const Service& service) {
  Answer(connection, service);
  bool progressed = false;
  return AfterWriting(WriteSome(connection, kWorkerWriteBudget, &progressed),
                      connection, service);
}

Next AnswerRequests(Connection& connection, const Service& service) {
  for (;;) {
    Next next = AnswerOne(connection, service);
    if (next != Next::kAnswer) return next;
  }
}

Next ContinueWriting(Connection& connection, const Service& service,
                     std::size_t budget, bool* progressed) {
  *progressed = false;
  return AfterWriting(WriteSome(connection, budget, progressed), connection,
                      service);
}

bool DiscardInput(Connection& connection) {
  connection.input.clear();
  if (ReadAvailable(connection) == ReadOutcome::kClosed) return false;
  connection.input.clear();
  return true;
}

void Refuse(Connection& connection, const Service& service, int status,
            int retry_after_seconds) {
  http::Response response = http::StatusResponse(status);
  if (retry_after_seconds > 0) {
    response.headers.emplace_back("Retry-After",
                                  std::to_string(retry_after_seconds));
  }
  std::size_t head_bytes =
      AppendReply(connection, {std::move(response), {}}, /*keep_alive=*/false,
                  /*without_body=*/false);
  BeginLog(connection, service, status, head_bytes, nullptr);
  // One try: a client that can't take a few hundred bytes now gets nothing.
  // MSG_MORE: the FIN of the shutdown below leaves in the same segment.
  ssize_t sent = ::send(connection.fd.get(), connection.output.data(),
                        connection.output.size(), MSG_NOSIGNAL | MSG_MORE);
  connection.response_sent = sent > 0 ? static_cast<std::uint64_t>(sent) : 0;
  LogResponse(connection, service);
  connection.output.clear();
  ::shutdown(connection.fd.get(), SHUT_WR);
}

void LogResponse(Connection& connection, const Service& service) {
  if (!connection.logged) return;
  if (service.access_log != nullptr) {
    service.access_log->Record(*connection.logged, connection.peer,
                               connection.response_sent);
  }
  connection.logged.reset();
}

}  // namespace server
