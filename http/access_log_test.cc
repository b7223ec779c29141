// The access-log line: the combined format, the time zone and the time
// taken, and escaping that keeps every line one entry whatever the client
// sent.
#include "http/access_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace http {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

constexpr std::time_t kTime = 784111777;  // Sun, 06 Nov 1994 08:49:37 UTC.

AccessLogEntry Entry() {
  AccessLogEntry entry;
  entry.remote_address = "127.0.0.1";
  entry.time = kTime;
  entry.request_line = "GET /a?b=c HTTP/1.1";
  entry.status = 200;
  entry.body_bytes_sent = 2326;
  entry.referer = "http://h/";
  entry.user_agent = "curl/8.0";
  entry.duration = milliseconds(3);
  return entry;
}

TEST(FormatAccessLogLineTest, IsTheCombinedFormatPlusTheTimeTaken) {
  EXPECT_EQ(FormatAccessLogLine(Entry()),
            "127.0.0.1 - - [06/Nov/1994:08:49:37 +0000] \"GET /a?b=c "
            "HTTP/1.1\" 200 2326 \"http://h/\" \"curl/8.0\" 0.003\n");
}

TEST(FormatAccessLogLineTest, AbsentFieldsAreDashesAndEmptyOnesEmpty) {
  AccessLogEntry entry = Entry();
  entry.remote_address = "::1";
  entry.request_line = "";
  entry.status = 400;
  entry.body_bytes_sent = 0;
  entry.referer = std::nullopt;
  entry.user_agent = "";
  EXPECT_EQ(FormatAccessLogLine(entry),
            "::1 - - [06/Nov/1994:08:49:37 +0000] \"\" 400 0 \"-\" \"\" "
            "0.003\n");
}

TEST(FormatAccessLogLineTest, ShowsLocalTimeWithItsOffset) {
  struct Case {
    long offset;
    std::string_view stamp;
  };
  for (const Case& c : {
           Case{-7 * 3600, "[06/Nov/1994:01:49:37 -0700]"},
           Case{5 * 3600 + 1800, "[06/Nov/1994:14:19:37 +0530]"},
           Case{-9 * 3600 - 1800, "[05/Nov/1994:23:19:37 -0930]"},
           Case{14 * 3600, "[06/Nov/1994:22:49:37 +1400]"},
       }) {
    AccessLogEntry entry = Entry();
    entry.utc_offset_seconds = c.offset;
    EXPECT_NE(FormatAccessLogLine(entry).find(c.stamp), std::string::npos)
        << c.stamp << " in " << FormatAccessLogLine(entry);
  }
}

TEST(FormatAccessLogLineTest, TimeTakenIsSecondsToTheMillisecondCut) {
  struct Case {
    std::chrono::nanoseconds duration;
    std::string_view ending;
  };
  for (const Case& c : {
           Case{microseconds(0), " 0.000\n"},
           Case{microseconds(999), " 0.000\n"},
           Case{microseconds(1999), " 0.001\n"},
           Case{milliseconds(1250), " 1.250\n"},
           Case{milliseconds(61005), " 61.005\n"},
           Case{milliseconds(-5), " 0.000\n"},
       }) {
    AccessLogEntry entry = Entry();
    entry.duration = c.duration;
    std::string line = FormatAccessLogLine(entry);
    EXPECT_EQ(line.substr(line.size() - c.ending.size()), c.ending) << line;
  }
}

TEST(FormatAccessLogLineTest, EscapesWhatCouldForgeOrBreakALine) {
  struct Case {
    std::string raw;
    std::string_view escaped;
  };
  for (const Case& c : {
           Case{"a\"b", "a\\x22b"},
           Case{"a\\b", "a\\x5Cb"},
           Case{"a\nb", "a\\x0Ab"},
           Case{"a\rb", "a\\x0Db"},
           Case{"a\tb", "a\\x09b"},
           Case{std::string("a\0b", 3), "a\\x00b"},
           Case{"a\x1b[31mb", "a\\x1B[31mb"},
           Case{"a\x7f", "a\\x7F"},
           Case{"caf\xc3\xa9", "caf\\xC3\\xA9"},
           Case{"a b'~", "a b'~"},
       }) {
    AccessLogEntry address = Entry(), request = Entry(), referer = Entry(),
                   agent = Entry();
    address.remote_address = c.raw;
    request.request_line = c.raw;
    referer.referer = c.raw;
    agent.user_agent = c.raw;
    for (const AccessLogEntry& entry : {address, request, referer, agent}) {
      std::string line = FormatAccessLogLine(entry);
      EXPECT_NE(line.find(c.escaped), std::string::npos) << line;
    }
  }
}

// What a client might send to forge an entry: a line break and a made-up
// line, or quotes to move the fields along. The line stays one line with
// the same eight fields.
TEST(FormatAccessLogLineTest, AClientCannotForgeAnEntry) {
  AccessLogEntry entry = Entry();
  std::string forged =
      "GET / HTTP/1.1\" 200 1 \"-\" \"-\" 0.000\n"
      "10.0.0.1 - - [01/Jan/2000:00:00:00 +0000] \"GET /admin HTTP/1.1";
  entry.request_line = forged;
  entry.referer = "\" 500 0 \"";
  entry.user_agent = "\\\"";
  std::string line = FormatAccessLogLine(entry);
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  EXPECT_EQ(line.back(), '\n');
  // Six quotes: the request, referer and user-agent fields, and no others.
  EXPECT_EQ(std::count(line.begin(), line.end(), '"'), 6) << line;
  // The request field ends where the entry's own status and size follow.
  std::size_t open = line.find('"');
  std::size_t close = line.find('"', open + 1);
  EXPECT_EQ(line.substr(close, 11), "\" 200 2326 ") << line;
}

}  // namespace
}  // namespace http
