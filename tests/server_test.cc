// Drives the real server binary over TCP: its pages, the chapter's two-window
// experiment (a slow request does not hold up a fast one, unless the pool has
// one thread), graceful shutdown on SIGTERM, its command line, and how its
// threads are scheduled.
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>

#include "server/test_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// The test's /sleep takes 1 s; "answered promptly" means well inside it.
constexpr milliseconds kSleep(1000);
constexpr milliseconds kPrompt(500);

std::future<std::string> FetchLater(int port, const std::string& target) {
  return std::async(std::launch::async,
                    [port, target] { return Fetch(port, Get(target)); });
}

TEST(ServerTest, ServesTheHelloPageAndA404) {
  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.log();

  std::string hello = Fetch(server.port(), Get("/"));
  EXPECT_EQ(StatusOf(hello), 200) << hello;
  EXPECT_NE(BodyOf(hello).find("<h1>Hello!</h1>"), std::string::npos) << hello;

  std::string missing = Fetch(server.port(), Get("/nothing-here"));
  EXPECT_EQ(StatusOf(missing), 404) << missing;
  EXPECT_NE(BodyOf(missing).find("<h1>Oops!</h1>"), std::string::npos);

  std::string garbage = Fetch(server.port(), "BLAH\r\n\r\n");
  EXPECT_EQ(StatusOf(garbage), 400) << garbage;
}

// Returns how long GET / took while a /sleep was in flight, and checks that
// the /sleep itself was answered.
milliseconds TimeRootDuringSleep(int port) {
  std::future<std::string> slow = FetchLater(port, "/sleep");
  std::this_thread::sleep_for(milliseconds(200));  // Let /sleep be taken.
  Clock::time_point start = Clock::now();
  std::string fast = Fetch(port, Get("/"));
  milliseconds took =
      std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  EXPECT_EQ(StatusOf(fast), 200) << fast;
  EXPECT_EQ(StatusOf(slow.get()), 200);
  return took;
}

TEST(ServerTest, FastRequestIsNotHeldUpByASlowOne) {
  ServerProcess server({"--sleep-seconds", "1"});
  ASSERT_GT(server.port(), 0) << server.log();
  EXPECT_LT(TimeRootDuringSleep(server.port()), kPrompt);
}

// The control experiment: with one worker, the chapter's single-threaded
// behaviour comes back, which shows the previous test measured the pool.
TEST(ServerTest, WithOneThreadTheFastRequestWaits) {
  ServerProcess server({"--sleep-seconds", "1", "--threads", "1"});
  ASSERT_GT(server.port(), 0) << server.log();
  EXPECT_GE(TimeRootDuringSleep(server.port()), kSleep - milliseconds(300));
}

TEST(ServerTest, SigtermFinishesTheRequestInFlightThenExitsZero) {
  ServerProcess server({"--sleep-seconds", "1"});
  ASSERT_GT(server.port(), 0) << server.log();
  std::future<std::string> slow = FetchLater(server.port(), "/sleep");
  std::this_thread::sleep_for(milliseconds(200));
  server.Signal(SIGTERM);

  std::string response = slow.get();
  EXPECT_EQ(StatusOf(response), 200) << response;
  EXPECT_EQ(server.WaitForExit(std::chrono::seconds(10)), 0) << server.log();
  EXPECT_EQ(Fetch(server.port(), Get("/")), "<connect failed>");
}

TEST(ServerTest, SigintAlsoStopsItCleanly) {
  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.log();
  server.Signal(SIGINT);
  EXPECT_EQ(server.WaitForExit(std::chrono::seconds(10)), 0) << server.log();
  EXPECT_NE(server.log().find("server: stopped"), std::string::npos);
}

// Each limit and framing rule, over TCP: the status, and the connection is
// closed after it (Fetch reads until the server closes).
TEST(ServerTest, AnswersEachViolationWithItsStatusAndCloses) {
  ServerProcess server({"--max-body", "4"});
  ASSERT_GT(server.port(), 0) << server.log();
  struct Case {
    std::string request;
    int status;
  };
  const std::string post = "POST / HTTP/1.1\r\nHost: a\r\n";
  for (const Case& c : {
           Case{"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n", 414},
           Case{"GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(17000, 'a') +
                    "\r\n\r\n",
                431},
           Case{post + "Content-Length: 5\r\n\r\nhello", 413},
           Case{post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", 413},
           Case{post + "Connection: close\r\nContent-Length: 4\r\n\r\nhell",
                405},
           Case{"BREW / HTTP/1.1\r\nHost: a\r\n\r\n", 501},
           Case{post + "Transfer-Encoding: gzip\r\n\r\n", 501},
           Case{"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505},
           Case{post + "Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "0\r\n\r\n",
                400},
           Case{post + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
           Case{"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", 400},
           Case{"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400},
           Case{"GET / HTTP/1.1\r\n\r\n", 400},
       }) {
    std::string response = Fetch(server.port(), c.request);
    EXPECT_EQ(StatusOf(response), c.status) << c.request.substr(0, 80);
    EXPECT_NE(response.find("\r\nConnection: close\r\n"), std::string::npos);
  }
}

// Every thread but the loop's (the workers here) runs under SCHED_BATCH at
// nice +5, so that a worker woken by the loop never preempts it.
TEST(ServerTest, WorkersYieldToTheLoop) {
  ServerProcess server({"--threads", "3"});
  ASSERT_GT(server.port(), 0) << server.log();
  const pid_t loop = server.pid();
  const int loop_nice = getpriority(PRIO_PROCESS, loop);
  EXPECT_EQ(sched_getscheduler(loop), SCHED_OTHER);
  int yielding = 0;
  for (const auto& task : std::filesystem::directory_iterator(
           "/proc/" + std::to_string(loop) + "/task")) {
    const pid_t tid = std::stoi(task.path().filename().string());
    if (tid == loop) continue;
    EXPECT_EQ(sched_getscheduler(tid), SCHED_BATCH) << "thread " << tid;
    EXPECT_EQ(getpriority(PRIO_PROCESS, tid), std::min(loop_nice + 5, 19))
        << "thread " << tid;
    ++yielding;
  }
  EXPECT_GE(yielding, 3);  // The workers; TSan adds a thread of its own.
}

TEST(ServerTest, BadFlagPrintsUsageAndExitsTwo) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--threads", "0"}, {"--bogus"}, {"--port"}}) {
    std::string output;
    EXPECT_EQ(RunServerToCompletion(args, &output), 2) << args[0];
    EXPECT_NE(output.find("usage: "), std::string::npos) << output;
  }
}

TEST(ServerTest, HelpPrintsUsageAndExitsZero) {
  std::string output;
  EXPECT_EQ(RunServerToCompletion({"--help"}, &output), 0);
  EXPECT_NE(output.find("--sleep-seconds"), std::string::npos) << output;
}

TEST(ServerTest, MissingRootIsAClearError) {
  std::string output;
  EXPECT_EQ(RunServerToCompletion({"--root", "/no/such/folder"}, &output), 1);
  EXPECT_NE(output.find("cannot read /no/such/folder/hello.html"),
            std::string::npos)
      << output;
}

}  // namespace
}  // namespace tests
