// --reuse-port against the real binary: under a steady load of keep-alive
// and new-connection clients, a process on the port is replaced by a new
// one (start the new, wait until it listens, SIGTERM the old) twice. With
// net.ipv4.tcp_migrate_req=1 no request is lost: the stopping process serves
// what is in its queue and closes its listener, and the kernel hands the
// connections that reached the queue after that to the other listener.
// Without it (Linux's default), those few are reset: the second test counts
// them. The tests run in a network namespace of their own (main), where
// they may set the sysctl.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/test_client.h"
#include "tests/load_client.h"
#include "tests/private_network.h"
#include "tests/server_process.h"

namespace tests {
namespace {

using std::chrono::seconds;

constexpr char kReusePort[] = "(SO_REUSEPORT)";
constexpr int kReplacements = 2;

std::unique_ptr<ServerProcess> StartOnPort(int port) {
  auto server = std::make_unique<ServerProcess>(std::vector<std::string>{
      "--reuse-port", "--port", std::to_string(port), "--threads", "2",
      "--root", MakeRoot("reuse_port_root", 0)});
  EXPECT_EQ(server->port(), port) << server->log();
  EXPECT_NE(server->log().find(kReusePort), std::string::npos);
  return server;
}

// Replaces the process on a port under load, kReplacements times; returns
// the load's counts.
LoadCounts ReplaceUnderLoad(const char* name) {
  const int port = FreePort();
  std::unique_ptr<ServerProcess> current = StartOnPort(port);
  LoadClient::Options options;
  options.port = port;
  LoadClient load(options);
  LoadCounts before_last;
  for (int i = 0; i < kReplacements; ++i) {
    std::this_thread::sleep_for(seconds(2));
    std::unique_ptr<ServerProcess> next = StartOnPort(port);
    before_last = load.Counts();
    current->Signal(SIGTERM);
    EXPECT_EQ(current->WaitForExit(seconds(20)), 0) << current->log();
    current = std::move(next);
  }
  std::this_thread::sleep_for(seconds(2));
  LoadCounts counts = load.Stop();
  std::printf("--reuse-port, %d replacements under load, %s: %s\n",
              kReplacements, name, Describe(counts).c_str());
  for (const std::string& failure : counts.first_failures) {
    std::printf("  failed: %s\n", failure.c_str());
  }
  EXPECT_GT(counts.ok, before_last.ok) << "nothing served after the last";
  EXPECT_GE(counts.sent, 2000u) << "too little load to show anything";
  return counts;
}

TEST(ReusePortTest, ReplacingAProcessUnderLoadLosesNoRequest) {
  std::string error;
  ASSERT_TRUE(SetMigrateReq(true, &error)) << error;
  LoadCounts counts = ReplaceUnderLoad("tcp_migrate_req=1");
  EXPECT_EQ(counts.failed, 0u) << Describe(counts);
}

// Without migration, a listener closed with connections in its queue would
// reset them. A stopped process piles them up there (it can't accept); on
// waking it finds SIGTERM, which came first, and takes them all before it
// closes the listener, and answers them.
TEST(ReusePortTest, AQueueFullAtSigtermIsServedNotReset) {
  std::string error;
  ASSERT_TRUE(SetMigrateReq(false, &error)) << error;
  const int port = FreePort();
  std::unique_ptr<ServerProcess> stopping = StartOnPort(port);
  std::unique_ptr<ServerProcess> staying = StartOnPort(port);
  stopping->Signal(SIGSTOP);
  stopping->Signal(SIGTERM);  // Blocked (signalfd): waits, as it does.
  constexpr int kClients = 40;
  std::vector<UniqueFd> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(ConnectToLoopback(port));  // Completed by the kernel.
    ASSERT_TRUE(clients.back().valid());
    ASSERT_TRUE(SendAll(clients.back().get(), Get("/")));
  }
  stopping->Signal(SIGCONT);
  int answered = 0;
  for (UniqueFd& client : clients) {
    answered += StatusOf(ReadUntilClosed(client.get(), seconds(10))) == 200;
  }
  EXPECT_EQ(stopping->WaitForExit(seconds(20)), 0) << stopping->log();
  std::printf(
      "--reuse-port, a stopped process's queue at SIGTERM: %d of %d "
      "answered\n",
      answered, kClients);
  EXPECT_EQ(answered, kClients) << stopping->log();
  // Some of them were in the stopped process's queue, or this shows nothing.
  EXPECT_NE(stopping->log().find("stopped accepting"), std::string::npos);
}

}  // namespace
}  // namespace tests

int main(int argc, char** argv) {
  // First, while this is the only thread.
  std::string error;
  const bool isolated = tests::EnterPrivateNetwork(&error);
  ::testing::InitGoogleTest(&argc, argv);
  if (!isolated) {
    std::fprintf(stderr,
                 "reuse_port_test needs a network namespace of its own, to "
                 "set net.ipv4.tcp_migrate_req without touching the "
                 "machine's: %s\n",
                 error.c_str());
    return 1;
  }
  return RUN_ALL_TESTS();
}
