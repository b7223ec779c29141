// The access log's writer over a pipe the test holds the other end of: lines
// come out whole and in order; a pipe nobody reads never makes Write wait
// (lines are dropped and counted instead); Stop writes out what is buffered
// for a reader that is slow to start, and gives up on one that never reads.
#include "server/access_log.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

namespace server {
namespace {

using std::chrono::milliseconds;

struct Pipe {
  Pipe() {
    int ends[2];
    EXPECT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    read_end = UniqueFd(ends[0]);
    write_end = UniqueFd(ends[1]);
  }
  // What the pipe holds now, without waiting.
  std::string Drain() const {
    ::fcntl(read_end.get(), F_SETFL, O_NONBLOCK);
    std::string bytes;
    char chunk[4096];
    ssize_t got;
    while ((got = ::read(read_end.get(), chunk, sizeof chunk)) > 0) {
      bytes.append(chunk, static_cast<std::size_t>(got));
    }
    return bytes;
  }
  UniqueFd read_end;
  UniqueFd write_end;
};

// Line `i`: 100 bytes, numbered, so order and wholeness show.
std::string Line(int i) {
  std::string line = "line " + std::to_string(i) + " ";
  line.resize(99, 'x');
  return line + "\n";
}

std::string Lines(int count) {
  std::string all;
  for (int i = 0; i < count; ++i) all += Line(i);
  return all;
}

std::uint64_t LineCount(const std::string& bytes) {
  return static_cast<std::uint64_t>(
      std::count(bytes.begin(), bytes.end(), '\n'));
}

TEST(AccessLogTest, WritesEveryLineWholeAndInOrder) {
  Pipe pipe;
  auto reading = std::async(std::launch::async, [&] {
    std::string bytes;
    char chunk[4096];
    ssize_t got;
    while ((got = ::read(pipe.read_end.get(), chunk, sizeof chunk)) > 0) {
      bytes.append(chunk, static_cast<std::size_t>(got));
    }
    return bytes;
  });
  {
    AccessLog log(std::move(pipe.write_end));
    for (int i = 0; i < 2000; ++i) log.Write(Line(i));
    log.Stop();
    EXPECT_EQ(log.counts().written, 2000u);
    EXPECT_EQ(log.counts().dropped, 0u);
  }  // Closes the pipe: the reader sees its end.
  EXPECT_TRUE(reading.get() == Lines(2000));
}

// The pipe holds 64 KiB and the buffer 16 KiB: the rest must be dropped,
// at once, and counted, since nothing reads. (A Write that waited would
// hang here, not merely be slow.)
TEST(AccessLogTest, APipeNobodyReadsNeverMakesWriteWait) {
  Pipe pipe;
  constexpr int kLines = 5000;  // 500 KB.
  AccessLog log(UniqueFd(::dup(pipe.write_end.get())), 16 * 1024,
                milliseconds(200));
  auto writing = std::async(std::launch::async, [&] {
    for (int i = 0; i < kLines; ++i) log.Write(Line(i));
  });
  ASSERT_EQ(writing.wait_for(std::chrono::seconds(20)),
            std::future_status::ready)
      << "Write waited for the pipe";
  auto stopping = std::async(std::launch::async, [&] { log.Stop(); });
  ASSERT_EQ(stopping.wait_for(std::chrono::seconds(20)),
            std::future_status::ready)
      << "Stop did not give up on a pipe nobody reads";
  AccessLog::Counts counts = log.counts();
  EXPECT_GT(counts.dropped, 0u);
  EXPECT_EQ(counts.written + counts.dropped,
            static_cast<std::uint64_t>(kLines));
  // What the pipe holds is the lines counted as written (a line cut short
  // at the end is counted as dropped), whole and in order, with gaps where
  // lines were dropped.
  std::string held = pipe.Drain();
  EXPECT_EQ(LineCount(held), counts.written);
  int next = 0;
  for (std::size_t at = 0, end; (end = held.find('\n', at)) != held.npos;
       at = end + 1) {
    std::string line = held.substr(at, end + 1 - at);
    while (next < kLines && Line(next) != line) ++next;
    ASSERT_LT(next, kLines)
        << "not one of the lines, or out of order: " << line;
    ++next;
  }
}

TEST(AccessLogTest, StopWritesOutWhatIsBufferedForASlowReader) {
  Pipe pipe;
  constexpr int kLines = 3000;  // 300 KB: more than the pipe holds.
  AccessLog log(UniqueFd(::dup(pipe.write_end.get())),
                AccessLog::kDefaultCapacity, std::chrono::seconds(20));
  for (int i = 0; i < kLines; ++i) log.Write(Line(i));
  auto reading = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(milliseconds(300));  // Starts late.
    std::string bytes;
    char chunk[4096];
    while (LineCount(bytes) < kLines) {
      ssize_t got = ::read(pipe.read_end.get(), chunk, sizeof chunk);
      if (got <= 0) break;
      bytes.append(chunk, static_cast<std::size_t>(got));
    }
    return bytes;
  });
  log.Stop();
  EXPECT_EQ(log.counts().written, static_cast<std::uint64_t>(kLines));
  EXPECT_EQ(log.counts().dropped, 0u);
  EXPECT_TRUE(reading.get() == Lines(kLines));
  log.Write(Line(0));  // After Stop: dropped, and counted.
  EXPECT_EQ(log.counts().dropped, 1u);
}

TEST(AccessLogTest, RecordWritesTheCombinedLineOfAResponse) {
  Pipe pipe;
  AccessLog log(UniqueFd(::dup(pipe.write_end.get())));
  sockaddr_storage peer{};
  auto& v4 = reinterpret_cast<sockaddr_in&>(peer);
  v4.sin_family = AF_INET;
  ::inet_pton(AF_INET, "192.0.2.7", &v4.sin_addr);
  LoggedResponse response;
  response.request_line = "GET /a\"b HTTP/1.1";
  response.user_agent = "curl/8.0";
  response.status = 206;
  response.head_bytes = 150;
  response.started = std::chrono::steady_clock::now() - milliseconds(1500);
  log.Record(response, peer, 150 + 1234);
  log.Stop();
  std::string line = pipe.Drain();
  // 192.0.2.7 - - [14/Nov/2023:22:13:20 +0000] "GET ..." ... 1.500
  EXPECT_EQ(line.rfind("192.0.2.7 - - [", 0), 0u) << line;
  const std::string fields =
      "] \"GET /a\\x22b HTTP/1.1\" 206 1234 \"-\" \"curl/8.0\" ";
  std::size_t at = line.find(fields);
  ASSERT_NE(at, std::string::npos) << line;
  EXPECT_EQ(at, std::string("192.0.2.7 - - [14/Nov/2023:22:13:20 +0000").size())
      << line;
  double seconds = std::atof(line.c_str() + at + fields.size());
  EXPECT_GE(seconds, 1.5) << line;
  EXPECT_LT(seconds, 60.0) << line;
  EXPECT_EQ(line.back(), '\n');
}

TEST(PeerAddressTest, WritesEachFamilyAsTheLogShowsIt) {
  sockaddr_storage peer{};
  EXPECT_EQ(PeerAddress(peer), "-");
  auto& v6 = reinterpret_cast<sockaddr_in6&>(peer);
  v6.sin6_family = AF_INET6;
  v6.sin6_addr = in6addr_loopback;
  EXPECT_EQ(PeerAddress(peer), "::1");
  peer.ss_family = AF_UNIX;
  EXPECT_EQ(PeerAddress(peer), "unix:");
}

}  // namespace
}  // namespace server
