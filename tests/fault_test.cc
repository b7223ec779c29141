// Faults against the real binary: clients that reset mid-response, running
// out of file descriptors, and SIGTERM with many requests in flight. The
// server must neither crash nor lose a request it has taken.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/http_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

using std::chrono::milliseconds;

// A connected socket, closed on destruction.
class Client {
 public:
  explicit Client(int port) : fd_(ConnectToLoopback(port)) {}
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

  int fd() const { return fd_; }

  // Closes with SO_LINGER 0: the peer sees a reset, not an orderly end.
  void Reset() {
    linger abort{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// A root folder with the two pages and a file of `big_bytes` bytes.
std::string MakeRoot(std::size_t big_bytes) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::filesystem::path root =
      std::filesystem::path(tmp != nullptr ? tmp : "/tmp") / "fault_root";
  std::filesystem::create_directories(root);
  std::ofstream(root / "hello.html") << "<h1>Hello!</h1>";
  std::ofstream(root / "404.html") << "<h1>Oops!</h1>";
  std::ofstream big(root / "big.bin", std::ios::binary);
  big << std::string(big_bytes, 'x');
  return root.string();
}

TEST(FaultTest, ClientsThatResetMidResponseCostNothingElse) {
  ServerProcess server({"--threads", "2", "--root", MakeRoot(16 << 20)});
  ASSERT_GT(server.port(), 0) << server.log();
  for (int i = 0; i < 8; ++i) {
    Client client(server.port());
    ASSERT_GE(client.fd(), 0);
    ASSERT_TRUE(SendAll(client.fd(), Get("/big.bin")));
    char some[4096];
    // Take the start of the response, so it is surely being written.
    ASSERT_GT(::recv(client.fd(), some, sizeof some, MSG_WAITALL), 0);
    client.Reset();
  }
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(StatusOf(Fetch(server.port(), Get("/"))), 200) << server.log();
  }
  std::string whole = Fetch(server.port(), Get("/big.bin"));
  EXPECT_EQ(BodyOf(whole).size(), std::size_t{16} << 20);
}

TEST(FaultTest, OutOfDescriptorsPausesAcceptingAndServiceResumes) {
  ServerProcess server({"--threads", "2"});
  ASSERT_GT(server.port(), 0) << server.log();
  // main raises its soft limit to the hard one at start-up; lower both now.
  rlimit low{48, 48};
  ASSERT_EQ(::prlimit(server.pid(), RLIMIT_NOFILE, &low, nullptr), 0);

  std::vector<Client> held;
  for (int i = 0; i < 80; ++i) {
    held.emplace_back(server.port());
    ASSERT_GE(held.back().fd(), 0);
  }
  // Connected (the kernel's backlog), but the server can't take it yet.
  Client waiting(server.port());
  ASSERT_TRUE(SendAll(waiting.fd(), Get("/")));
  EXPECT_EQ(ReadOneResponse(waiting.fd(), milliseconds(500)), "");

  held.clear();  // Frees the server's descriptors as it sees each close.
  std::string answer = ReadUntilClosed(waiting.fd(), milliseconds(10'000));
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
  std::vector<Client> clients;
  for (int i = 0; i < kRequests; ++i) {
    clients.emplace_back(server.port());
    ASSERT_GE(clients.back().fd(), 0);
    ASSERT_TRUE(SendAll(clients.back().fd(), Get("/sleep")));
  }
  // Half are sleeping in a worker, half queued behind them.
  std::this_thread::sleep_for(milliseconds(300));
  server.Signal(SIGTERM);

  int answered = 0;
  for (Client& client : clients) {
    std::string response = ReadUntilClosed(client.fd(), milliseconds(10'000));
    answered += StatusOf(response) == 200;
  }
  EXPECT_EQ(answered, kRequests);
  EXPECT_EQ(server.WaitForExit(std::chrono::seconds(10)), 0) << server.log();
}

}  // namespace
}  // namespace tests
