// Keep-alive without starvation, against the real binary over TCP: idle and
// slow clients wait in the event loop, so the fixed pool keeps answering.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
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

constexpr char kKeepAliveGet[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
constexpr milliseconds kPrompt(500);

// Enough descriptors for `count` client sockets in this process.
void AllowDescriptors(rlim_t count) {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_max < count + 100) {
    GTEST_SKIP() << "RLIMIT_NOFILE hard limit " << limit.rlim_max
                 << " is below " << count + 100;
  }
  limit.rlim_cur = limit.rlim_max;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
}

milliseconds TimeOneFetch(int port) {
  Clock::time_point start = Clock::now();
  std::string response = Fetch(port, Get("/"));
  EXPECT_EQ(StatusOf(response), 200) << response;
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

// Opens `count` connections that each made one request and stay open.
std::vector<UniqueFd> IdleKeepAliveConnections(int port, int count) {
  std::vector<UniqueFd> sockets;
  for (int i = 0; i < count; ++i) {
    sockets.push_back(ConnectToLoopback(port));
    EXPECT_TRUE(sockets.back().valid()) << "connection " << i;
    if (!sockets.back().valid()) break;
    EXPECT_TRUE(SendAll(sockets.back().get(), kKeepAliveGet));
  }
  for (UniqueFd& socket : sockets) {
    EXPECT_EQ(StatusOf(ReadOneResponse(socket.get(), milliseconds(10000))),
              200);
  }
  return sockets;
}

TEST(KeepAliveTest, ThousandIdleConnectionsDoNotStopANewClient) {
  AllowDescriptors(1100);
  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.log();
  std::vector<UniqueFd> idle = IdleKeepAliveConnections(server.port(), 1000);
  EXPECT_LT(TimeOneFetch(server.port()), kPrompt);
  // And the idle ones are still being kept: each can ask again.
  for (int i : {0, 499, 999}) {
    ASSERT_TRUE(SendAll(idle[i].get(), kKeepAliveGet));
    EXPECT_EQ(StatusOf(ReadOneResponse(idle[i].get(), milliseconds(5000))),
              200);
  }
}

TEST(KeepAliveTest, DribblingClientsDelayNoOneAndAreCutOffAtTheDeadline) {
  ServerProcess server({"--header-timeout", "2"});
  ASSERT_GT(server.port(), 0) << server.log();
  constexpr int kDribblers = 64;
  std::vector<UniqueFd> slow;
  for (int i = 0; i < kDribblers; ++i) {
    slow.push_back(ConnectToLoopback(server.port()));
  }

  // Every 100 ms each slow client sends one more byte of an endless head.
  std::vector<Clock::time_point> cut_off(kDribblers);
  Clock::time_point start = Clock::now();
  std::thread dribble([&] {
    std::string head = "GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ";
    int still_sending = kDribblers;
    for (int tick = 0; still_sending > 0 && tick < 60; ++tick) {
      for (int i = 0; i < kDribblers; ++i) {
        if (cut_off[i] != Clock::time_point()) continue;
        pollfd readable{slow[i].get(), POLLIN, 0};
        bool answered = ::poll(&readable, 1, 0) == 1;
        std::string next_byte(1, head[tick % head.size()]);
        if (answered || !SendAll(slow[i].get(), next_byte)) {
          cut_off[i] = Clock::now();
          --still_sending;
        }
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
  });
  std::this_thread::sleep_for(milliseconds(500));
  for (int i = 0; i < 5; ++i) EXPECT_LT(TimeOneFetch(server.port()), kPrompt);
  dribble.join();

  for (int i = 0; i < kDribblers; ++i) {
    ASSERT_NE(cut_off[i], Clock::time_point())
        << "dribbler " << i << " lasted 6 s";
    auto lasted = std::chrono::duration_cast<milliseconds>(cut_off[i] - start);
    EXPECT_GE(lasted, milliseconds(1500)) << "dribbler " << i;
    EXPECT_LT(lasted, milliseconds(4000)) << "dribbler " << i;
    EXPECT_EQ(StatusOf(ReadUntilClosed(slow[i].get(), milliseconds(2000))),
              408);
  }
}

TEST(KeepAliveTest, PipelinedRequestsAreAnsweredInOrder) {
  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.log();
  std::string all =
      Fetch(server.port(),
            "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
            "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
            "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
            "GET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  std::vector<int> statuses;
  for (std::size_t at = all.find("HTTP/1.1 "); at != std::string::npos;
       at = all.find("HTTP/1.1 ", at + 1)) {
    statuses.push_back(StatusOf(all.substr(at)));
  }
  EXPECT_EQ(statuses, (std::vector<int>{404, 200, 200, 404})) << all;
}

// A client that leaves Nagle's algorithm on and writes a request in two
// pieces sends the second only once the first is acked. Once a connection
// has had answers, Linux delays its ACKs (40 ms) to send them with the next
// answer; the server acks a partial request at once instead. The fastest
// of a few tries, so that a busy machine can't fail it; without the prompt
// ACK none beats the delay.
TEST(KeepAliveTest, ARequestInTwoPiecesIsNotHeldUpByADelayedAck) {
  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.log();
  milliseconds fastest = milliseconds::max();
  for (int attempt = 0; attempt < 5; ++attempt) {
    UniqueFd client = ConnectToLoopback(server.port());
    ASSERT_TRUE(client.valid());
    for (int answered = 0; answered < 3; ++answered) {
      ASSERT_TRUE(SendAll(client.get(), kKeepAliveGet));
      ASSERT_EQ(StatusOf(ReadOneResponse(client.get(), milliseconds(5000))),
                200);
    }
    Clock::time_point start = Clock::now();
    ASSERT_TRUE(SendAll(client.get(), "GET / HTTP/1.1\r\n"));
    ASSERT_TRUE(SendAll(client.get(), "Host: a\r\n\r\n"));
    ASSERT_EQ(StatusOf(ReadOneResponse(client.get(), milliseconds(5000))), 200);
    fastest = std::min(fastest, std::chrono::duration_cast<milliseconds>(
                                    Clock::now() - start));
  }
  EXPECT_LT(fastest, milliseconds(20));
}

TEST(KeepAliveTest, FullQueueAnswers503ThenRecovers) {
  ServerProcess server(
      {"--threads", "1", "--queue", "1", "--sleep-seconds", "1"});
  ASSERT_GT(server.port(), 0) << server.log();
  // One /sleep in the worker, one waiting in the queue: the queue is full.
  std::future<std::string> running = std::async(
      std::launch::async, [&] { return Fetch(server.port(), Get("/sleep")); });
  std::this_thread::sleep_for(milliseconds(200));
  std::future<std::string> queued = std::async(
      std::launch::async, [&] { return Fetch(server.port(), Get("/sleep")); });
  std::this_thread::sleep_for(milliseconds(200));
  std::string refused = Fetch(server.port(), Get("/"));
  EXPECT_EQ(StatusOf(refused), 503) << refused;
  EXPECT_NE(refused.find("Retry-After: "), std::string::npos) << refused;

  EXPECT_EQ(StatusOf(running.get()), 200);
  EXPECT_EQ(StatusOf(queued.get()), 200);
  EXPECT_EQ(StatusOf(Fetch(server.port(), Get("/"))), 200);
}

TEST(KeepAliveTest, SigtermClosesIdleConnectionsAndDeliversInFlightOnes) {
  ServerProcess server({"--sleep-seconds", "1"});
  ASSERT_GT(server.port(), 0) << server.log();
  std::vector<UniqueFd> idle = IdleKeepAliveConnections(server.port(), 100);
  std::vector<std::future<std::string>> busy;
  for (int i = 0; i < 3; ++i) {
    busy.push_back(std::async(std::launch::async, [&] {
      return Fetch(server.port(), Get("/sleep"));
    }));
  }
  std::this_thread::sleep_for(milliseconds(200));
  Clock::time_point signalled = Clock::now();
  server.Signal(SIGTERM);

  for (UniqueFd& socket : idle) {
    EXPECT_NE(ReadUntilClosed(socket.get(), milliseconds(500)), "<timeout>")
        << "an idle connection was kept open during shutdown";
  }
  for (auto& response : busy) EXPECT_EQ(StatusOf(response.get()), 200);
  EXPECT_EQ(server.WaitForExit(std::chrono::seconds(5)), 0) << server.log();
  EXPECT_LT(Clock::now() - signalled, milliseconds(2500));
}

TEST(KeepAliveTest, HoldsTenThousandConnectionsWithFourWorkers) {
  constexpr int kConnections = 10'000;
  AllowDescriptors(kConnections + 100);
  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.log();
  std::vector<UniqueFd> open;
  for (int i = 0; i < kConnections; ++i) {
    open.push_back(ConnectToLoopback(server.port()));
    ASSERT_TRUE(open.back().valid()) << "connection " << i;
  }
  // Every 500th of them asks for a page on its open connection...
  for (int i = 0; i < kConnections; i += 500) {
    ASSERT_TRUE(SendAll(open[i].get(), kKeepAliveGet));
    EXPECT_EQ(StatusOf(ReadOneResponse(open[i].get(), milliseconds(5000))), 200)
        << "connection " << i;
  }
  // ...and a new client is still answered promptly.
  EXPECT_LT(TimeOneFetch(server.port()), kPrompt);
}

}  // namespace
}  // namespace tests
