// Drives the real server binary over TCP: its pages, the chapter's two-window
// experiment (a slow request does not hold up a fast one, unless the pool has
// one thread), graceful shutdown on SIGTERM, and its command line.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <future>
#include <string>

#include "tests/http_client.h"
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
