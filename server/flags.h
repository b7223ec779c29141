// The server's command line (see Usage). Parsing is a function of argv, so
// bad flags are tested without starting anything.
#ifndef SERVER_FLAGS_H_
#define SERVER_FLAGS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "server/defaults.h"

namespace server {

// What each flag sets; the defaults are in defaults.h.
struct Options {
  std::string host = defaults::kHost;
  int port = defaults::kPort;
  std::size_t threads = defaults::kThreads;
  std::string root;  // Empty: the pages that ship with the binary.
  int sleep_seconds = defaults::kSleepSeconds;
  std::size_t max_body = defaults::kMaxBody;  // Request body bytes (413).
  std::size_t queue = defaults::kQueue;       // Requests waiting for a worker.
  std::size_t max_connections = defaults::kMaxConnections;  // Open at once.
  int header_timeout_seconds = defaults::kHeaderTimeout.count();
  int idle_timeout_seconds = defaults::kIdleTimeout.count();
  int send_timeout_seconds = defaults::kSendTimeout.count();
  // A file to append a line per response to; "-": standard output; empty:
  // no log.
  std::string access_log = defaults::kAccessLog;
  // SO_REUSEPORT: several processes may listen on the port.
  bool reuse_port = false;
  int drain_seconds = defaults::kDrain.count();  // Serving on after SIGTERM.
  bool help = false;
};

struct ParsedFlags {
  Options options;
  std::string error;  // Empty when the flags were good.
};

// Accepts "--name value" and "--name=value".
ParsedFlags ParseFlags(const std::vector<std::string>& args);

// The --help text, also printed (to stderr) after a bad flag.
std::string Usage(const std::string& program);

}  // namespace server

#endif  // SERVER_FLAGS_H_
