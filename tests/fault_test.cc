// Faults against the real binary: clients that reset mid-response, running
// out of file descriptors, and SIGTERM with many requests in flight. The
// server must neither crash nor lose a request it has taken.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "server/test_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

using std::chrono::milliseconds;

// The server's open descriptors (its sockets and files), from /proc.
std::size_t OpenDescriptors(pid_t pid) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(
           "/proc/" + std::to_string(pid) + "/fd")) {
    ++count;
  }
  return count;
}

// Mid-file: the rest of the file is being sent from its descriptor when the
// client resets. Nothing is left behind: no socket, no open file.
TEST(FaultTest, ClientsThatResetMidFileCostNothingElse) {
  std::string contents;
  ServerProcess server({"--threads", "2", "--root",
                        MakeRoot("fault_root", 16 << 20, &contents)});
  ASSERT_GT(server.port(), 0) << server.log();
  const std::size_t before = OpenDescriptors(server.pid());
  for (int i = 0; i < 8; ++i) {
    UniqueFd client = ConnectToLoopback(server.port());
    ASSERT_TRUE(client.valid());
    ASSERT_TRUE(SendAll(client.get(), Get("/big.bin")));
    char some[4096];
    // Take the start of the response, so it is surely being written.
    ASSERT_GT(::recv(client.get(), some, sizeof some, MSG_WAITALL), 0);
    ResetConnection(client);
  }
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(StatusOf(Fetch(server.port(), Get("/"))), 200) << server.log();
  }
  std::string whole = Fetch(server.port(), Get("/big.bin"));
  EXPECT_TRUE(BodyOf(whole) == contents) << "the file came back different";
  std::size_t after = OpenDescriptors(server.pid());
  for (int i = 0; i < 100 && after != before; ++i) {  // Closes may lag.
    std::this_thread::sleep_for(milliseconds(20));
    after = OpenDescriptors(server.pid());
  }
  EXPECT_EQ(after, before) << "descriptors left open by the resets";
}

TEST(FaultTest, OutOfDescriptorsPausesAcceptingAndServiceResumes) {
  ServerProcess server({"--threads", "2"});
  ASSERT_GT(server.port(), 0) << server.log();
  // main raises its soft limit to the hard one at start-up; lower both now.
  rlimit low{48, 48};
  ASSERT_EQ(::prlimit(server.pid(), RLIMIT_NOFILE, &low, nullptr), 0);

  std::vector<UniqueFd> held;
  for (int i = 0; i < 80; ++i) {
    held.push_back(ConnectToLoopback(server.port()));
    ASSERT_TRUE(held.back().valid());
    // A request begun, so that the server is handed the connection (it
    // defers accepting until the first bytes arrive).
    ASSERT_TRUE(SendAll(held.back().get(), "GET / HTTP/1.1\r\n"));
  }
  // Connected (the kernel's backlog), but the server can't take it yet.
  UniqueFd waiting = ConnectToLoopback(server.port());
  ASSERT_TRUE(SendAll(waiting.get(), Get("/")));
  EXPECT_EQ(ReadOneResponse(waiting.get(), milliseconds(500)), "");

  held.clear();  // Frees the server's descriptors as it sees each close.
  std::string answer = ReadUntilClosed(waiting.get(), milliseconds(10'000));
  EXPECT_EQ(StatusOf(answer), 200) << answer;
  EXPECT_EQ(StatusOf(Fetch(server.port(), Get("/"))), 200);

  server.Signal(SIGTERM);
  EXPECT_EQ(server.WaitForExit(std::chrono::seconds(10)), 0);
  EXPECT_NE(server.log().find("accept: Too many open files"), std::string::npos)
      << server.log();
}

TEST(FaultTest, SigtermAnswersEveryRequestInFlightThenExitsZero) {
  constexpr int kRequests = 100;
  ServerProcess server({"--threads", "50", "--sleep-seconds", "1"});
  ASSERT_GT(server.port(), 0) << server.log();
  std::vector<UniqueFd> clients;
  for (int i = 0; i < kRequests; ++i) {
    clients.push_back(ConnectToLoopback(server.port()));
    ASSERT_TRUE(clients.back().valid());
    ASSERT_TRUE(SendAll(clients.back().get(), Get("/sleep")));
  }
  // Half are sleeping in a worker, half queued behind them.
  std::this_thread::sleep_for(milliseconds(300));
  server.Signal(SIGTERM);

  int answered = 0;
  for (UniqueFd& client : clients) {
    std::string response = ReadUntilClosed(client.get(), milliseconds(10'000));
    answered += StatusOf(response) == 200;
  }
  EXPECT_EQ(answered, kRequests);
  EXPECT_EQ(server.WaitForExit(std::chrono::seconds(10)), 0) << server.log();
}

}  // namespace
}  // namespace tests
