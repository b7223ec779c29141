// One access-log line in the combined format nginx and Apache write, plus
// the time the request took (nginx's $request_time):
//   127.0.0.1 - - [06/Nov/1994:08:49:37 +0000] "GET / HTTP/1.1" 200 2326
//   "http://a/" "curl/8.0" 0.003
// (on one line). A pure formatting function: writing the lines somewhere
// without ever blocking a worker is the server's business.
#ifndef HTTP_ACCESS_LOG_H_
#define HTTP_ACCESS_LOG_H_

#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace http {

struct AccessLogEntry {
  std::string_view remote_address;  // "127.0.0.1", "::1".
  std::time_t time = 0;             // When the response was sent.
  // The local time zone's offset from UTC at `time` (tm_gmtoff of
  // localtime_r): the log shows local time, as nginx's $time_local does.
  long utc_offset_seconds = 0;
  // The request line as received, without its CRLF: all of it, or what
  // arrived of it when the request was refused before it ended.
  std::string_view request_line;
  int status = 0;
  std::uint64_t body_bytes_sent = 0;           // Without the head; 0 for HEAD.
  std::optional<std::string_view> referer;     // "-" in the log if absent.
  std::optional<std::string_view> user_agent;  // "-" in the log if absent.
  std::chrono::nanoseconds duration{0};        // Logged in seconds, to ms.
};

// The entry's line, ending in "\n". Every text field is escaped as nginx
// escapes them: a double quote, a backslash, a control byte, DEL and every
// byte above 0x7e becomes \xHH (two upper-case hex digits). So no client
// can end the line, close a quoted field early, or make its text pass for
// another request's line: each line is exactly one entry.
std::string FormatAccessLogLine(const AccessLogEntry& entry);

}  // namespace http

#endif  // HTTP_ACCESS_LOG_H_
