// See connection.h. Sockets are non-blocking; the worker side waits for
// writability with poll, bounded by the write timeout.
#include "server/connection.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <exception>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace server {
namespace {

using Clock = std::chrono::steady_clock;

// Writes all of `bytes`, waiting for the socket to drain until `deadline`.
bool WriteAll(int fd, std::string_view bytes, Clock::time_point deadline) {
  while (!bytes.empty()) {
    ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - Clock::now());
      pollfd writable{fd, POLLOUT, 0};
      if (left.count() <= 0 ||
          ::poll(&writable, 1, static_cast<int>(left.count())) == 0) {
        return false;  // A reader this slow forfeits the connection.
      }
      continue;
    }
    return false;  // Reset or closed: nobody to answer.
  }
  return true;
}

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

// Every response says when it was made, by whom, and whether the
// connection goes on.
std::string Finish(http::Response response, bool keep_alive,
                   bool include_body) {
  response.headers.emplace_back("Connection",
                                keep_alive ? "keep-alive" : "close");
  response.headers.emplace_back("Date", http::HttpDate(std::time(nullptr)));
  response.headers.emplace_back("Server", kServerName);
  return http::Serialize(response, include_body);
}

}  // namespace

ReadOutcome ReadAvailable(Connection& connection) {
  char chunk[16 * 1024];
  for (;;) {
    ssize_t got = ::recv(connection.fd.get(), chunk, sizeof chunk, 0);
    if (got > 0) {
      connection.input.append(chunk, static_cast<std::size_t>(got));
      if (static_cast<std::size_t>(got) < sizeof chunk)
        return ReadOutcome::kOpen;
      continue;
    }
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return ReadOutcome::kOpen;
    }
    return ReadOutcome::kClosed;
  }
}

bool HasRequest(const Connection& connection, const http::Limits& limits) {
  http::Request request;
  return http::ParseRequest(connection.input, request, limits).status !=
         http::ParseStatus::kIncomplete;
}

bool ServeBuffered(Connection& connection, const Site& site,
                   const ServeOptions& options) {
  const int fd = connection.fd.get();
  for (;;) {
    http::Request request;
    http::ParseResult parsed =
        http::ParseRequest(connection.input, request, site.limits);
    if (parsed.status == http::ParseStatus::kIncomplete) return true;
    Clock::time_point deadline = Clock::now() + options.write_timeout;
    if (parsed.status == http::ParseStatus::kError) {
      // The next request's start can't be trusted: answer, then close.
      WriteAll(fd,
               Finish(ErrorResponse(http::StatusFor(parsed.error),
                                    http::Describe(parsed.error)),
                      /*keep_alive=*/false, /*include_body=*/true),
               deadline);
      return false;
    }
    bool keep_alive = http::KeepAlive(request);
    http::Response response;
    try {
      response = site.handler_for_tests ? site.handler_for_tests(request)
                                        : Route(request, site);
    } catch (const std::exception& e) {
      // A handler that fails costs its request a 500, never the worker or
      // the server.
      std::fprintf(stderr, "server: handler failed: %s\n", e.what());
      response = ErrorResponse(500);
      keep_alive = false;
    }
    // Asked after the handler, which may have been slow: a shutdown that
    // began meanwhile ends the connection with this response.
    if (options.closing != nullptr && options.closing->load()) {
      keep_alive = false;
    }
    std::string bytes = Finish(std::move(response), keep_alive,
                               /*include_body=*/request.method != "HEAD");
    // The views in `request` point into `input`: drop the request only
    // after its response has been made.
    connection.input.erase(0, parsed.size);
    if (!WriteAll(fd, bytes, deadline) || !keep_alive) return false;
  }
}

void Refuse(Connection& connection, int status, int retry_after_seconds) {
  http::Response response = ErrorResponse(status);
  if (retry_after_seconds > 0) {
    response.headers.emplace_back("Retry-After",
                                  std::to_string(retry_after_seconds));
  }
  std::string bytes = Finish(std::move(response), /*keep_alive=*/false,
                             /*include_body=*/true);
  // One try: a client that can't take a few hundred bytes now gets nothing.
  [[maybe_unused]] ssize_t sent =
      ::send(connection.fd.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
  ::shutdown(connection.fd.get(), SHUT_WR);
}

void CloseGracefully(Connection& connection) {
  const int fd = connection.fd.get();
  if (fd < 0) return;
  ::shutdown(fd, SHUT_WR);
  Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(200);
  char discard[4096];
  for (int reads = 0; reads < 16; ++reads) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - Clock::now());
    pollfd readable{fd, POLLIN, 0};
    if (left.count() <= 0 ||
        ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) {
      break;
    }
    if (::recv(fd, discard, sizeof discard, 0) <= 0) break;
  }
  connection.fd.Reset();
}

}  // namespace server
