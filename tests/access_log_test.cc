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
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
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

// nginx's combined format plus $request_time. A quoted field holds
// printable ASCII other than quote and backslash, or \xHH escapes.
const std::regex kCombinedLine(
    R"(127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] )"
    R"re("((?:[ !#-\[\]-~]|\\x[0-9A-F]{2})*)" (\d{3}) (\d+) )re"
    R"re("((?:[ !#-\[\]-~]|\\x[0-9A-F]{2})*)" )re"
    R"re("((?:[ !#-\[\]-~]|\\x[0-9A-F]{2})*)" \d+\.\d{3})re");

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
    std::smatch fields;
    ASSERT_TRUE(std::regex_match(lines[i], fields, kCombinedLine)) << lines[i];
    EXPECT_EQ(fields[1], exchanges[i].logged_line) << lines[i];
    EXPECT_EQ(fields[2], std::to_string(exchanges[i].status)) << lines[i];
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
  std::smatch counts;
  ASSERT_TRUE(std::regex_search(
      server.log(), counts,
      std::regex(R"(access log: (\d+) lines written, (\d+) dropped)")))
      << server.log();
  const int written = std::stoi(counts[1]), dropped = std::stoi(counts[2]);
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
    EXPECT_TRUE(std::regex_match(line, kCombinedLine)) << line.substr(0, 80);
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
