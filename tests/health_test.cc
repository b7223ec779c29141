// GET /healthz over TCP: 200 while the server serves, even with every
// worker busy, 503 from SIGTERM on while it drains (--drain-seconds) and
// still answers everything else, even with a file named healthz in the
// root, which is never served (the server says so at start-up).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "server/test_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

TEST(HealthTest, OkWhileServing503WhileDrainingThenStops) {
  std::string root = MakeRoot("health_root", 0);
  std::ofstream(std::filesystem::path(root) / "healthz") << "a file";
  ServerProcess server({"--root", root, "--drain-seconds", "2"});
  ASSERT_GT(server.port(), 0) << server.log();
  EXPECT_NE(server.log().find("healthz is not served"), std::string::npos)
      << server.log();

  std::string serving = Fetch(server.port(), Get("/healthz"));
  EXPECT_EQ(StatusOf(serving), 200) << serving;
  EXPECT_EQ(BodyOf(serving), "ok\n");

  server.Signal(SIGTERM);
  ASSERT_TRUE(
      server.WaitForLog("serving on for 2000 ms", 1, std::chrono::seconds(5)))
      << server.log();
  std::string draining = Fetch(server.port(), Get("/healthz"));
  EXPECT_EQ(StatusOf(draining), 503) << draining;
  EXPECT_EQ(BodyOf(draining), "stopping\n");
  std::string page = Fetch(server.port(), Get("/"));
  EXPECT_EQ(StatusOf(page), 200) << page;

  EXPECT_EQ(server.WaitForExit(std::chrono::seconds(10)), 0) << server.log();
  EXPECT_FALSE(ConnectToLoopback(server.port()).valid());
}

// The loop answers it itself: a check does not wait behind slow requests
// for a worker, so a busy instance is not taken for a dead one.
TEST(HealthTest, AnsweredWhileEveryWorkerIsBusy) {
  ServerProcess server({"--threads", "1", "--sleep-seconds", "5"});
  ASSERT_GT(server.port(), 0) << server.log();
  std::future<std::string> sleeping = std::async(
      std::launch::async, [&] { return Fetch(server.port(), Get("/sleep")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // In /sleep.
  std::string health = Fetch(server.port(), Get("/healthz"));
  EXPECT_EQ(StatusOf(health), 200) << health;
  EXPECT_EQ(sleeping.wait_for(std::chrono::seconds(0)),
            std::future_status::timeout)
      << "/healthz waited for the worker";
  EXPECT_EQ(StatusOf(sleeping.get()), 200);
}

}  // namespace
}  // namespace tests
