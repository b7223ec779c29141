// Responses to clients that read slowly, against the real binary over TCP:
// writing never holds a worker, a file reaches a reader that keeps reading
// however long that takes, and one that stops reading is cut off after
// --send-timeout without progress. The clients shrink their receive buffer
// so that the file can't simply sit in the kernel's buffers.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "server/test_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr milliseconds kPrompt(500);
// Larger than what the kernel buffers for one connection on loopback (the
// sender's buffer grows to 4 MiB), so that a reader's pace is what paces
// the server.
constexpr std::size_t kFileBytes = 8 << 20;

// A connection to the server with a small receive buffer, that has asked
// for /big.bin.
UniqueFd StartDownload(int port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  int small = 64 * 1024;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address),
                sizeof address) != 0 ||
      !SendAll(fd.get(), Get("/big.bin"))) {
    fd.Reset();
  }
  return fd;
}

// Reads `fd` to its end, `piece` bytes every `pause`: about piece/pause
// bytes a second, however long that takes (at most `limit`).
std::string ReadSlowly(const UniqueFd& fd, std::size_t piece,
                       milliseconds pause, milliseconds limit) {
  std::string received;
  std::vector<char> chunk(piece);
  Clock::time_point give_up = Clock::now() + limit;
  while (Clock::now() < give_up) {
    ssize_t got = ::recv(fd.get(), chunk.data(), chunk.size(), MSG_DONTWAIT);
    if (got == 0) break;
    if (got > 0) received.append(chunk.data(), static_cast<std::size_t>(got));
    if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK) break;
    std::this_thread::sleep_for(pause);
  }
  return received;
}

milliseconds TimeOneFetch(int port) {
  Clock::time_point start = Clock::now();
  std::string response = Fetch(port, Get("/"));
  EXPECT_EQ(StatusOf(response), 200) << response;
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

TEST(StreamingTest, ReaderThatKeepsReadingGetsTheWholeFilePastTheTimeout) {
  std::string contents;
  ServerProcess server({"--send-timeout", "1", "--root",
                        MakeRoot("keeps_reading", kFileBytes, &contents)});
  ASSERT_GT(server.port(), 0) << server.log();
  UniqueFd download = StartDownload(server.port());
  ASSERT_TRUE(download.valid());
  Clock::time_point start = Clock::now();
  // About 4 MB/s: the whole file takes twice the send timeout.
  std::string received = ReadSlowly(download, 64 * 1024, milliseconds(15),
                                    std::chrono::seconds(20));
  EXPECT_GT(Clock::now() - start, std::chrono::seconds(1))
      << "the test read faster than the send timeout; it proves nothing";
  EXPECT_EQ(StatusOf(received), 200);
  EXPECT_TRUE(BodyOf(received) == contents)
      << "got " << BodyOf(received).size() << " of " << contents.size();
}

TEST(StreamingTest, ReaderThatStopsReadingIsClosedAfterTheSendTimeout) {
  ServerProcess server(
      {"--send-timeout", "1", "--root", MakeRoot("stops_reading", kFileBytes)});
  ASSERT_GT(server.port(), 0) << server.log();
  UniqueFd download = StartDownload(server.port());
  ASSERT_TRUE(download.valid());
  char some[4096];
  ASSERT_GT(::recv(download.get(), some, sizeof some, MSG_WAITALL), 0);
  // Stop reading for well over the timeout...
  std::this_thread::sleep_for(milliseconds(2500));
  // ...then what was sent before the cut is all there is.
  std::string rest = ReadUntilClosed(download.get(), milliseconds(5000));
  EXPECT_NE(rest, "<timeout>") << "still open 2.5 s after the send timeout";
  EXPECT_LT(rest.size() + sizeof some, kFileBytes);
  // And the server goes on serving.
  EXPECT_EQ(StatusOf(Fetch(server.port(), Get("/"))), 200);
}

TEST(StreamingTest, SlowDownloadsHoldNoWorker) {
  ServerProcess server(
      {"--threads", "2", "--root", MakeRoot("slow_downloads", kFileBytes)});
  ASSERT_GT(server.port(), 0) << server.log();
  std::vector<UniqueFd> downloads;
  for (int i = 0; i < 6; ++i) {
    downloads.push_back(StartDownload(server.port()));
    ASSERT_TRUE(downloads.back().valid());
  }
  std::this_thread::sleep_for(milliseconds(300));  // All are being written.
  for (int i = 0; i < 3; ++i) EXPECT_LT(TimeOneFetch(server.port()), kPrompt);
  for (UniqueFd& download : downloads) {
    // Each still gets its whole file.
    std::string received = ReadUntilClosed(download.get(), milliseconds(20000));
    EXPECT_EQ(BodyOf(received).size(), kFileBytes);
  }
}

TEST(StreamingTest, SigtermFinishesDownloadsOrClosesThemAtTheSendTimeout) {
  std::string contents;
  ServerProcess server({"--send-timeout", "1", "--root",
                        MakeRoot("sigterm_downloads", kFileBytes, &contents)});
  ASSERT_GT(server.port(), 0) << server.log();
  UniqueFd reading = StartDownload(server.port());
  UniqueFd stalled = StartDownload(server.port());
  ASSERT_TRUE(reading.valid() && stalled.valid());
  std::future<std::string> whole = std::async(std::launch::async, [&] {
    return ReadSlowly(reading, 64 * 1024, milliseconds(15),
                      std::chrono::seconds(20));
  });
  std::this_thread::sleep_for(milliseconds(300));
  server.Signal(SIGTERM);

  EXPECT_TRUE(BodyOf(whole.get()) == contents)
      << "the download in progress was not finished";
  // The stalled one holds the exit back by about the send timeout at most.
  EXPECT_EQ(server.WaitForExit(std::chrono::seconds(5)), 0) << server.log();
  std::string cut = ReadUntilClosed(stalled.get(), milliseconds(5000));
  EXPECT_NE(cut, "<timeout>");
  EXPECT_LT(BodyOf(cut).size(), kFileBytes);
}

}  // namespace
}  // namespace tests
