// The access log (--access-log) of the real binary: one line per response
// in the combined format plus the seconds taken; a client can't forge a
// line or break one (quotes, backslashes, control bytes and non-ASCII are
// written \xHH); a log nobody reads never holds a request (lines are
// dropped and counted); and a clean shutdown loses nothing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "server/test_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

std::string TempPath(const std::string& name) {
  return std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  for (std::size_t end; (end = text.find('\n', at)) != std::string::npos;
       at = end + 1) {
    lines.push_back(text.substr(at, end - at));
  }
  return lines;
}

// A line in nginx's combined format plus $request_time, read strictly:
//   127.0.0.1 - - [01/Dec/2026:09:39:12 +0000] "GET / HTTP/1.1" 200 3
//   "-" "curl/7.88.1" 0.000
// A quoted field holds printable ASCII other than quote and backslash, or
// \xHH escapes. (Written by hand: GCC 12's <regex> trips -Werror under
// ASan.)
struct CombinedLine {
  std::string request_line;
  std::string status;
};

class LineReader {
 public:
  explicit LineReader(const std::string& line) : line_(line) {}

  bool Literal(std::string_view text) {
    if (line_.compare(at_, text.size(), text) != 0) return false;
    at_ += text.size();
    return true;
  }
  // `shape`: 9 for a digit, A and a for a letter in that case, + for + or
  // -; any other byte stands for itself.
  bool Shaped(std::string_view shape) {
    for (char want : shape) {
      if (at_ >= line_.size()) return false;
      char c = line_[at_++];
      bool ok = want == '9'   ? std::isdigit(static_cast<unsigned char>(c))
                : want == 'A' ? (c >= 'A' && c <= 'Z')
                : want == 'a' ? (c >= 'a' && c <= 'z')
                : want == '+' ? (c == '+' || c == '-')
                              : c == want;
      if (!ok) return false;
    }
    return true;
  }
  bool Digits(std::string* digits) {
    std::size_t start = at_;
    while (at_ < line_.size() &&
           std::isdigit(static_cast<unsigned char>(line_[at_]))) {
      ++at_;
    }
    *digits = line_.substr(start, at_ - start);
    return at_ > start;
  }
  bool Quoted(std::string* text) {
    if (!Literal("\"")) return false;
    std::size_t start = at_;
    while (at_ < line_.size() && line_[at_] != '"') {
      char c = line_[at_];
      if (c == '\\') {
        if (!Literal("\\x") || !IsUpperHex(2)) return false;
        continue;
      }
      if (c < 0x20 || c > 0x7e) return false;
      ++at_;
    }
    *text = line_.substr(start, at_ - start);
    return Literal("\"");
  }
  bool AtEnd() const { return at_ == line_.size(); }

 private:
  bool IsUpperHex(int count) {
    for (int i = 0; i < count; ++i, ++at_) {
      if (at_ >= line_.size() ||
          std::string_view("0123456789ABCDEF").find(line_[at_]) ==
              std::string_view::npos) {
        return false;
      }
    }
    return true;
  }

  const std::string& line_;
  std::size_t at_ = 0;
};

std::optional<CombinedLine> ReadCombinedLine(const std::string& line) {
  LineReader in(line);
  CombinedLine fields;
  std::string bytes, referer, user_agent, seconds, millis;
  if (in.Literal("127.0.0.1 - - [") &&
      in.Shaped("99/Aaa/9999:99:99:99 +9999") && in.Literal("] ") &&
      in.Quoted(&fields.request_line) && in.Literal(" ") &&
      in.Digits(&fields.status) && fields.status.size() == 3 &&
      in.Literal(" ") && in.Digits(&bytes) && in.Literal(" ") &&
      in.Quoted(&referer) && in.Literal(" ") && in.Quoted(&user_agent) &&
      in.Literal(" ") && in.Digits(&seconds) && in.Literal(".") &&
      in.Digits(&millis) && millis.size() == 3 && in.AtEnd()) {
    return fields;
  }
  return std::nullopt;
}

struct Exchange {
  std::string request;
  int status;
  std::string logged_line;  // The request line as the log shows it.
};

// Sends each request on its own connection; stops the server; returns its
// log, and checks that every exchange is one line, in order, as expected.
void ExpectOneLineEach(const std::vector<Exchange>& exchanges,
                       const std::string& log_path, ServerProcess& server) {
  for (const Exchange& e : exchanges) {
    EXPECT_EQ(StatusOf(Fetch(server.port(), e.request)), e.status) << e.request;
  }
  server.Signal(SIGTERM);
  ASSERT_EQ(server.WaitForExit(std::chrono::seconds(10)), 0) << server.log();
  EXPECT_NE(
      server.log().find("access log: " + std::to_string(exchanges.size()) +
                        " lines written, 0 dropped"),
      std::string::npos)
      << server.log();
  std::string log = ReadFile(log_path);
  for (unsigned char c : log) {
    EXPECT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7f))
        << "a raw byte " << int{c} << " in the log";
  }
  std::vector<std::string> lines = Lines(log);
  ASSERT_EQ(lines.size(), exchanges.size()) << log;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::optional<CombinedLine> fields = ReadCombinedLine(lines[i]);
    ASSERT_TRUE(fields) << "not a combined line: " << lines[i];
    EXPECT_EQ(fields->request_line, exchanges[i].logged_line) << lines[i];
    EXPECT_EQ(fields->status, std::to_string(exchanges[i].status)) << lines[i];
  }
}

TEST(AccessLogTest, EachResponseIsOneCombinedLine) {
  const std::string log_path = TempPath("combined.log");
  ServerProcess server(
      {"--root", MakeRoot("combined", 1000), "--access-log", log_path});
  ASSERT_GT(server.port(), 0) << server.log();
  ExpectOneLineEach(
      {
          {"GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: test/1.0\r\n"
           "Referer: http://example.com/x\r\nConnection: close\r\n\r\n",
           200, "GET / HTTP/1.1"},
          {"HEAD /big.bin HTTP/1.0\r\n\r\n", 200, "HEAD /big.bin HTTP/1.0"},
          {"GET /big.bin HTTP/1.0\r\nRange: bytes=0-9\r\n\r\n", 206,
           "GET /big.bin HTTP/1.0"},
          {Get("/missing?q=1"), 404, "GET /missing?q=1 HTTP/1.1"},
          {"DELETE / HTTP/1.0\r\n\r\n", 405, "DELETE / HTTP/1.0"},
          {"BLAH\r\n\r\n", 400, "BLAH"},
      },
      log_path, server);
  // The body bytes and the fields, for the first lines.
  std::vector<std::string> lines = Lines(ReadFile(log_path));
  ASSERT_GE(lines.size(), 3u);
  EXPECT_NE(lines[0].find("\" 200 15 \"http://example.com/x\" \"test/1.0\" "),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1].find("\" 200 0 \"-\" \"-\" "), std::string::npos)
      << lines[1];
  EXPECT_NE(lines[2].find("\" 206 10 \"-\" \"-\" "), std::string::npos)
      << lines[2];
}

// Whatever a client sends, each response stays one line whose quoted
// fields are the client's bytes escaped: no quote to close a field early,
// no line break to start a line of its own.
TEST(AccessLogTest, AClientCannotForgeOrBreakALine) {
  const std::string log_path = TempPath("forged.log");
  ServerProcess server(
      {"--root", MakeRoot("forged", 10), "--access-log", log_path});
  ASSERT_GT(server.port(), 0) << server.log();
  const std::string forged =
      "127.0.0.1 - - [01/Jan/2030:00:00:00 +0000] \"GET /admin HTTP/1.1\" 200 "
      "0 \"-\" \"-\" 0.000";
  ExpectOneLineEach(
      {
          {"GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: x\" 200 0 \"-\" \"\\\t\xc3"
           "\xa9\r\nConnection: close\r\n\r\n",
           200, "GET / HTTP/1.1"},
          {"GET /\"x\x1b[2J HTTP/1.1\r\n\r\n", 400,
           "GET /\\x22x\\x1B[2J HTTP/1.1"},
          {"GET / HTTP/1.1\n" + forged + "\n\r\n", 400, "GET / HTTP/1.1"},
          {"GET /\r" + forged + "\r\n\r\n", 400,
           "GET /\\x0D127.0.0.1 - - [01/Jan/2030:00:00:00 +0000] \\x22GET "
           "/admin HTTP/1.1\\x22 200 0 \\x22-\\x22 \\x22-\\x22 0.000"},
          {"\x7f\xff\x01\r\n\r\n", 400, "\\x7F\\xFF\\x01"},
      },
      log_path, server);
  std::vector<std::string> lines = Lines(ReadFile(log_path));
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("\"x\\x22 200 0 \\x22-\\x22 \\x22\\x5C\\x09\\xC3"
                          "\\xA9\" "),
            std::string::npos)
      << lines[0];
}

// The log is a FIFO the test holds open and never reads: it fills at once,
// then the server's buffer fills. Requests must go on being answered
// promptly; what can't be written is dropped and counted, and shutdown
// gives up on the log instead of waiting for it.
TEST(AccessLogTest, ALogNobodyReadsNeverHoldsARequest) {
  const std::string fifo = TempPath("log.fifo");
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Opened first, so the server's open for writing doesn't wait.
  UniqueFd reader(::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  ASSERT_TRUE(reader.valid());
  ServerProcess server({"--root", MakeRoot("fifo", 10), "--access-log", fifo});
  ASSERT_GT(server.port(), 0) << server.log();

  // 4 KB lines: the pipe's 64 KiB and the 1 MiB buffer hold about 270.
  constexpr int kRequests = 600;
  const std::string request =
      "GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: " + std::string(4000, 'u') +
      "\r\n\r\n";
  UniqueFd connection = ConnectToLoopback(server.port());
  milliseconds slowest(0);
  for (int i = 0; i < kRequests; ++i) {
    Clock::time_point start = Clock::now();
    ASSERT_TRUE(SendAll(connection.get(), request));
    std::string response =
        ReadOneResponse(connection.get(), std::chrono::seconds(10));
    ASSERT_EQ(StatusOf(response), 200) << "request " << i << " unanswered";
    slowest = std::max(slowest, std::chrono::duration_cast<milliseconds>(
                                    Clock::now() - start));
  }
  EXPECT_LT(slowest, milliseconds(1000)) << "a request waited for the log";

  Clock::time_point stop = Clock::now();
  server.Signal(SIGTERM);
  ASSERT_EQ(server.WaitForExit(std::chrono::seconds(20)), 0) << server.log();
  EXPECT_LT(Clock::now() - stop, std::chrono::seconds(10))
      << "the shutdown waited for the log";
  const std::string& stderr_text = server.log();
  std::size_t counts = stderr_text.find("access log: ");
  ASSERT_NE(counts, std::string::npos) << stderr_text;
  // "access log: 15 lines written, 585 dropped"
  const int written = std::atoi(stderr_text.c_str() + counts + 12);
  const int dropped = std::atoi(stderr_text.c_str() +
                                stderr_text.find("written, ", counts) + 9);
  EXPECT_GT(dropped, 0) << server.log();
  EXPECT_EQ(written + dropped, kRequests) << server.log();
  // The FIFO holds the lines counted as written, each whole.
  std::string held;
  char chunk[4096];
  ssize_t got;
  while ((got = ::read(reader.get(), chunk, sizeof chunk)) > 0) {
    held.append(chunk, static_cast<std::size_t>(got));
  }
  std::vector<std::string> lines = Lines(held);
  EXPECT_EQ(static_cast<int>(lines.size()), written);
  for (const std::string& line : lines) {
    EXPECT_TRUE(ReadCombinedLine(line)) << line.substr(0, 80);
  }
}

TEST(AccessLogTest, DashIsStandardOutput) {
  ServerProcess server({"--root", MakeRoot("stdout", 10), "--access-log", "-"});
  ASSERT_GT(server.port(), 0) << server.log();
  EXPECT_EQ(StatusOf(Fetch(server.port(), Get("/hello.html"))), 200);
  server.Signal(SIGTERM);
  ASSERT_EQ(server.WaitForExit(std::chrono::seconds(10)), 0);
  EXPECT_NE(
      server.log().find("\"GET /hello.html HTTP/1.1\" 200 15 \"-\" \"-\" "),
      std::string::npos)
      << server.log();
}

TEST(AccessLogTest, AnUnwritablePathIsAClearError) {
  std::string output;
  EXPECT_EQ(RunServerToCompletion(
                {"--port", "0", "--access-log", "/no/such/folder/access.log"},
                &output),
            1);
  EXPECT_NE(output.find("cannot open access log /no/such/folder/access.log: "
                        "No such file or directory"),
            std::string::npos)
      << output;
}

}  // namespace
}  // namespace tests
