// See flags.h.
#include "server/flags.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <optional>
#include <string_view>
#include <type_traits>

namespace server {
namespace {

constexpr std::string_view kFlagsWithValues[] = {"--host",
                                                 "--port",
                                                 "--threads",
                                                 "--root",
                                                 "--sleep-seconds",
                                                 "--queue",
                                                 "--max-connections",
                                                 "--header-timeout",
                                                 "--idle-timeout",
                                                 "--send-timeout",
                                                 "--max-body",
                                                 "--access-log",
                                                 "--drain-seconds"};

// A whole decimal number within [min, max], or nothing.
std::optional<long> ParseNumber(std::string_view text, long min, long max) {
  long value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

// Stores `value` of flag `name` into `options`; returns the error, if any.
std::string Apply(const std::string& name, const std::string& value,
                  Options& options) {
  auto text = [&](std::string& field) {
    field = value;
    return value.empty() ? name + " must not be empty" : "";
  };
  auto number = [&](auto& field, long min, long max) {
    std::optional<long> parsed = ParseNumber(value, min, max);
    if (!parsed) {
      return name + " must be a number from " + std::to_string(min) + " to " +
             std::to_string(max);
    }
    field = static_cast<std::remove_reference_t<decltype(field)>>(*parsed);
    return std::string();
  };
  if (name == "--host") return text(options.host);
  if (name == "--root") return text(options.root);
  if (name == "--access-log") return text(options.access_log);
  if (name == "--port") return number(options.port, 0, 65535);
  if (name == "--threads") return number(options.threads, 1, 1024);
  if (name == "--sleep-seconds") return number(options.sleep_seconds, 0, 3600);
  if (name == "--queue") return number(options.queue, 1, 1'000'000);
  if (name == "--max-body") return number(options.max_body, 0, 1L << 30);
  if (name == "--max-connections") {
    return number(options.max_connections, 1, 1'000'000);
  }
  if (name == "--header-timeout") {
    return number(options.header_timeout_seconds, 1, 3600);
  }
  if (name == "--idle-timeout") {
    return number(options.idle_timeout_seconds, 1, 3600);
  }
  if (name == "--drain-seconds") return number(options.drain_seconds, 0, 3600);
  if (name == "--send-timeout") {
    return number(options.send_timeout_seconds, 1, 3600);
  }
  return "unknown flag: " + name;
}

}  // namespace

ParsedFlags ParseFlags(const std::vector<std::string>& args) {
  ParsedFlags parsed;
  for (std::size_t i = 0; i < args.size() && parsed.error.empty(); ++i) {
    std::string name = args[i];
    std::optional<std::string> value;
    if (std::size_t equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
    }
    if (name == "--help" || name == "-h") {
      parsed.options.help = true;
    } else if (name == "--reuse-port") {
      parsed.options.reuse_port = true;
      if (value) parsed.error = "--reuse-port takes no value";
    } else if (std::find(std::begin(kFlagsWithValues),
                         std::end(kFlagsWithValues),
                         name) == std::end(kFlagsWithValues)) {
      parsed.error = "unknown flag: " + args[i];
    } else if (!value && i + 1 == args.size()) {
      parsed.error = name + " needs a value";
    } else {
      parsed.error = Apply(name, value ? *value : args[++i], parsed.options);
    }
  }
  return parsed;
}

std::string Usage(const std::string& program) {
  namespace d = defaults;
  auto n = [](auto value) { return std::to_string(value); };
  return "usage: " + program + R"( [flags]

A web server that answers from a fixed pool of worker threads. Idle and
half-sent connections, and responses a client reads slowly, wait in an
event loop, not in a worker. Started by systemd with a socket
(LISTEN_FDS), it serves that socket; --host, --port and --reuse-port
are then ignored.
  GET /       hello.html
  GET /sleep  hello.html, after --sleep-seconds
  GET /healthz  200 while serving, 503 once stopping (a file named
              healthz under --root is never served)
  GET /PATH   the file PATH under --root, if it is there (with ETag,
              Last-Modified and byte ranges); GET /DIR/ is DIR/index.html,
              GET /DIR redirects to /DIR/
  otherwise   404.html (405 for methods other than GET and HEAD)

flags:
  --host ADDRESS        address to listen on (default )" +
         d::kHost + R"()
  --port N              port to listen on; 0 picks a free one (default )" +
         n(d::kPort) + R"()
  --threads N           worker threads, 1 to 1024 (default )" +
         n(d::kThreads) + R"()
  --root DIR            folder holding hello.html, 404.html and the
                        files to serve (default: the pages built with
                        the server); nothing outside it is served
  --sleep-seconds N     how long GET /sleep takes (default )" +
         n(d::kSleepSeconds) + R"()
  --max-body BYTES      largest request body accepted; a larger one
                        gets 413 (default )" +
         n(d::kMaxBody) + R"()
  --queue N             requests that may wait for a worker; past it they
                        are answered 503 with Retry-After (default )" +
         n(d::kQueue) + R"()
  --max-connections N   open connections; past it new ones get 503
                        (default )" +
         n(d::kMaxConnections) + R"()
  --header-timeout S    seconds a client has to send a whole request head,
                        however slowly it dribbles in (default )" +
         n(d::kHeaderTimeout.count()) + R"()
  --idle-timeout S      seconds a keep-alive connection may wait for its
                        next request (default )" +
         n(d::kIdleTimeout.count()) + R"()
  --send-timeout S      seconds a response may go without the client
                        taking a byte of it; a client that keeps reading
                        is never cut off (default )" +
         n(d::kSendTimeout.count()) + R"()
  --access-log PATH     append a line per response to PATH: the combined
                        log format and the seconds taken; - is standard
                        output (default: )" +
         (*d::kAccessLog == '\0' ? "none" : d::kAccessLog) + R"()
  --reuse-port          let other processes listen on the same port
                        (SO_REUSEPORT); the kernel spreads connections
                        among them
  --drain-seconds S     after SIGTERM, go on accepting and serving for S
                        seconds with GET /healthz answering 503, so load
                        balancers stop sending first (default )" +
         n(d::kDrain.count()) + R"()
  --help                show this text
)";
}

}  // namespace server
