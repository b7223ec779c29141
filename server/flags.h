// The server's command line (see Usage). Parsing is a function of argv, so
// bad flags are tested without starting anything.
#ifndef SERVER_FLAGS_H_
#define SERVER_FLAGS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace server {

struct Options {
  std::string host = "127.0.0.1";
  int port = 7878;
  std::size_t threads = 4;
  std::string root;  // Empty: the pages that ship with the binary.
  int sleep_seconds = 5;
  std::size_t max_body = 1024 * 1024;    // Request body bytes; more gets 413.
  std::size_t queue = 1024;              // Requests waiting for a worker.
  std::size_t max_connections = 16'384;  // Open at once.
  int header_timeout_seconds = 10;       // For a whole request head.
  int idle_timeout_seconds = 30;         // Keep-alive, between requests.
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
