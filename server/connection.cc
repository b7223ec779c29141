// See connection.h. As in the chapter, the connection closes once the client
// has nothing more for us; it never waits for a next request.
#include "server/connection.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>

#include "http/request.h"
#include "http/response.h"

namespace server {
namespace {

void SetTimeouts(int fd) {
  timeval timeout{};
  timeout.tv_sec = kIoTimeout.count();
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

void SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return;  // The client has gone; nobody to tell.
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

// Closing a socket with unread input makes the kernel send a reset, which can
// destroy the response before the client reads it. So: say we are done
// writing, then read (and drop) what the client still sends, for a while.
void CloseAfterResponse(int fd) {
  ::shutdown(fd, SHUT_WR);
  timeval linger{};
  linger.tv_usec = 200'000;
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &linger, sizeof linger);
  char discard[4096];
  for (int reads = 0; reads < 16; ++reads) {
    if (::recv(fd, discard, sizeof discard, 0) <= 0) return;
  }
}

// "400 Bad Request: conflicting Content-Length": the rule that was broken,
// in the parser's fixed words; never the client's bytes.
http::Response ErrorResponse(http::ParseError error) {
  const int status = http::StatusFor(error);
  std::string body = std::to_string(status) + " ";
  body += http::ReasonPhrase(status);
  body += ": ";
  body += http::Describe(error);
  body += "\n";
  return {status, {{"Content-Type", "text/plain; charset=utf-8"}}, body};
}

// Every response says when it was made, by whom, and whether the connection
// ends with it. A HEAD request gets the head only.
void Send(int fd, http::Response response, bool head_only, bool keep_open) {
  response.headers.emplace_back("Connection",
                                keep_open ? "keep-alive" : "close");
  response.headers.emplace_back("Date", http::HttpDate(std::time(nullptr)));
  response.headers.emplace_back("Server", kServerName);
  SendAll(fd, http::Serialize(response, /*include_body=*/!head_only));
}

void RespondAndClose(int fd, http::Response response, bool head_only) {
  Send(fd, std::move(response), head_only, /*keep_open=*/false);
  CloseAfterResponse(fd);
}

}  // namespace

void ServeConnection(UniqueFd client, const Site& site) {
  const int fd = client.get();
  SetTimeouts(fd);
  std::string received;
  std::size_t served = 0;
  char chunk[4096];
  for (;;) {
    http::Request request;
    http::ParseResult parsed =
        http::ParseRequest(received, request, site.limits);
    if (parsed.status == http::ParseStatus::kComplete) {
      http::Response response = Route(request, site);
      const bool head_only = request.method == "HEAD";
      // Stay only for a next request (or error) that is already here whole:
      // waiting for one would hold this worker for an idle client.
      http::Request next;
      const bool more =
          ++served < kMaxPipelinedRequests && http::KeepAlive(request) &&
          http::ParseRequest(std::string_view(received).substr(parsed.size),
                             next, site.limits)
                  .status != http::ParseStatus::kIncomplete;
      if (!more) return RespondAndClose(fd, std::move(response), head_only);
      Send(fd, std::move(response), head_only, /*keep_open=*/true);
      received.erase(0, parsed.size);
      continue;
    }
    if (parsed.status == http::ParseStatus::kError) {
      return RespondAndClose(fd, ErrorResponse(parsed.error),
                             /*head_only=*/false);
    }
    ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;  // Closed, reset or timed out: no one to answer.
    received.append(chunk, static_cast<std::size_t>(got));
  }
}

}  // namespace server
