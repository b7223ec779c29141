// Every default of the server's command line, in one place: the flags
// (flags.h), the event loop's options (event_loop.h), the --help text and,
// through a test that compares them, the README's flag list all take their
// values from here. The largest request body is http::Limits' own default.
#ifndef SERVER_DEFAULTS_H_
#define SERVER_DEFAULTS_H_

#include <chrono>
#include <cstddef>

#include "http/request.h"

namespace server::defaults {

inline constexpr char kHost[] = "127.0.0.1";
inline constexpr int kPort = 7878;
inline constexpr std::size_t kThreads = 4;
inline constexpr int kSleepSeconds = 5;
inline constexpr std::size_t kMaxBody = http::Limits{}.max_body;
// Requests waiting for a worker; past it, new ones are answered 503.
inline constexpr std::size_t kQueue = 1024;
// Open connections; past it, new ones are answered 503 and closed.
inline constexpr std::size_t kMaxConnections = 16'384;
// From a request's first byte (or the connection's start) to its last
// header.
inline constexpr std::chrono::seconds kHeaderTimeout{10};
// How long a kept-alive connection may wait for its next request.
inline constexpr std::chrono::seconds kIdleTimeout{30};
// How long a response may go without a byte written (nginx's send_timeout):
// a reader that keeps reading, however slowly, is never cut off.
inline constexpr std::chrono::seconds kSendTimeout{10};
// How long the server goes on accepting and serving after SIGTERM, with
// GET /healthz answering 503, before it stops accepting: time for a load
// balancer's health checks to take it out of rotation.
inline constexpr std::chrono::seconds kDrain{0};
// Where the access log goes: nowhere ("-" would be standard output).
inline constexpr char kAccessLog[] = "";

}  // namespace server::defaults

#endif  // SERVER_DEFAULTS_H_
