// See flags.h.
#include "server/flags.h"

#include <charconv>
#include <optional>
#include <string_view>

namespace server {
namespace {

constexpr long kMaxMaxBody = 1024L * 1024 * 1024;

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

}  // namespace

ParsedFlags ParseFlags(const std::vector<std::string>& args) {
  ParsedFlags parsed;
  Options& options = parsed.options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> value;
    if (std::size_t equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
    }
    if (name == "--help" || name == "-h") {
      options.help = true;
      continue;
    }
    if (name != "--host" && name != "--port" && name != "--threads" &&
        name != "--root" && name != "--sleep-seconds" && name != "--max-body") {
      parsed.error = "unknown flag: " + args[i];
      return parsed;
    }
    if (!value) {
      if (i + 1 == args.size()) {
        parsed.error = name + " needs a value";
        return parsed;
      }
      value = args[++i];
    }
    if (name == "--host") {
      if (value->empty()) parsed.error = "--host must not be empty";
      options.host = *value;
    } else if (name == "--root") {
      if (value->empty()) parsed.error = "--root must not be empty";
      options.root = *value;
    } else if (name == "--port") {
      std::optional<long> port = ParseNumber(*value, 0, 65535);
      if (!port) parsed.error = "--port must be a number from 0 to 65535";
      options.port = static_cast<int>(port.value_or(0));
    } else if (name == "--threads") {
      std::optional<long> threads = ParseNumber(*value, 1, 1024);
      if (!threads) parsed.error = "--threads must be a number from 1 to 1024";
      options.threads = static_cast<std::size_t>(threads.value_or(1));
    } else if (name == "--max-body") {
      std::optional<long> bytes = ParseNumber(*value, 0, kMaxMaxBody);
      if (!bytes) {
        parsed.error = "--max-body must be a number from 0 to 1073741824";
      }
      options.max_body = static_cast<std::size_t>(bytes.value_or(0));
    } else {
      std::optional<long> seconds = ParseNumber(*value, 0, 3600);
      if (!seconds) {
        parsed.error = "--sleep-seconds must be a number from 0 to 3600";
      }
      options.sleep_seconds = static_cast<int>(seconds.value_or(0));
    }
    if (!parsed.error.empty()) return parsed;
  }
  return parsed;
}

std::string Usage(const std::string& program) {
  return "usage: " + program + R"( [flags]

A web server that answers from a fixed pool of worker threads.
  GET /       hello.html
  GET /sleep  hello.html, after --sleep-seconds
  GET /PATH   the file PATH under --root, if it is there
  otherwise   404.html (405 for methods other than GET and HEAD)

flags:
  --host ADDRESS        address to listen on (default 127.0.0.1)
  --port N              port to listen on; 0 picks a free one (default 7878)
  --threads N           worker threads, 1 to 1024 (default 4)
  --root DIR            folder holding hello.html, 404.html and the
                        files to serve (default: the pages built with
                        the server); nothing outside it is served
  --sleep-seconds N     how long GET /sleep takes (default 5)
  --max-body BYTES      largest request body accepted; a larger one
                        gets 413 (default 1048576)
  --help                show this text
)";
}

}  // namespace server
