// N instances behind HAProxy, with the shipped deploy/haproxy/haproxy.cfg,
// under a steady load of keep-alive and new-connection clients (all on
// loopback). A rolling restart of all three instances (drain through
// HAProxy's runtime API, SIGTERM, start a new one on the same port, back in
// rotation once its health checks pass) loses no request. kill -9 of one
// instance loses at most the requests it held at that instant, and HAProxy
// sends the GETs among them again to another instance.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/test_client.h"
#include "tests/load_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kInstances = 3;  // SERVER1..SERVER3 in haproxy.cfg.

// Sends one command to HAProxy's runtime API; returns its answer.
std::string Admin(const std::string& socket_path, const std::string& command) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket_path.c_str(),
               sizeof address.sun_path - 1);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address),
                sizeof address) != 0) {
    return "<cannot connect to the admin socket>";
  }
  if (!SendAll(fd.get(), command + "\n")) return "<cannot send>";
  return ReadUntilClosed(fd.get(), seconds(5));
}

class HaproxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string found;
    ASSERT_EQ(RunToCompletion("sh", {"-c", "command -v haproxy"}, &found), 0)
        << "HAProxy is missing: ./bazelw (and so .ci/run) installs Debian's "
           "haproxy package";
    // A short path: a unix socket's must fit in 108 bytes, and the test's
    // temporary folder's is long.
    admin_ = "/tmp/haproxy_test." + std::to_string(::getpid()) + ".sock";
    for (int i = 0; i < kInstances; ++i) {
      instances_.push_back(Start(0));
      ASSERT_GT(instances_.back()->port(), 0) << instances_.back()->log();
      ports_.push_back(instances_.back()->port());
      ::setenv(("SERVER" + std::to_string(i + 1)).c_str(),
               ("127.0.0.1:" + std::to_string(ports_.back())).c_str(), 1);
    }
    port_ = FreePort();
    ::setenv("HAPROXY_BIND", ("127.0.0.1:" + std::to_string(port_)).c_str(), 1);
    ::setenv("HAPROXY_ADMIN_SOCKET", admin_.c_str(), 1);
    // -W: master-worker, as systemd runs it; -db: in the foreground.
    haproxy_ = std::make_unique<ServerProcess>(
        "haproxy", std::vector<std::string>{"-W", "-db", "-f",
                                            "deploy/haproxy/haproxy.cfg"});
    for (int i = 1; i <= kInstances; ++i) {
      ASSERT_TRUE(WaitUntil(i, "UP")) << Admin(admin_, "show stat") << Log();
    }
  }

  void TearDown() override {
    if (haproxy_ != nullptr) {
      haproxy_->Signal(SIGTERM);
      haproxy_->WaitForExit(seconds(10));
    }
    ::unlink(admin_.c_str());
  }

  // What HAProxy has written so far.
  std::string Log() {
    haproxy_->WaitForLog("<never written>", 1, milliseconds(200));
    return haproxy_->log();
  }

  std::unique_ptr<ServerProcess> Start(int port) {
    return std::make_unique<ServerProcess>(std::vector<std::string>{
        "--port", std::to_string(port), "--threads", "2", "--sleep-seconds",
        "1", "--root", MakeRoot("haproxy_root", 0)});
  }

  // Field `index` (0-based) of the "show stat" row of app/`server` (s1,
  // BACKEND...): 17 is the status (UP, DOWN, DRAIN...), 13 the connection
  // errors, 14 the response errors, 15 the retries, 16 the redispatches.
  std::string Field(const std::string& server, int index) {
    std::string stat = Admin(admin_, "show stat");
    std::size_t at = stat.find("\napp," + server + ",");
    if (at == std::string::npos) return "<no row>";
    std::string line = stat.substr(at + 1, stat.find('\n', at + 1) - at - 1);
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) {
      start = line.find(',', start);
      if (start == std::string::npos) return "<short row>";
      ++start;
    }
    return line.substr(start, line.find(',', start) - start);
  }

  // What HAProxy saw go wrong, and did about it.
  void PrintHaproxyCounts() {
    std::printf(
        "  HAProxy's own count for the backend: %s connection errors, %s "
        "response errors, %s retries, %s redispatches\n",
        Field("BACKEND", 13).c_str(), Field("BACKEND", 14).c_str(),
        Field("BACKEND", 15).c_str(), Field("BACKEND", 16).c_str());
  }

  std::string Status(int n) { return Field("s" + std::to_string(n), 17); }

  bool WaitUntil(int n, const std::string& status) {
    for (int i = 0; i < 300; ++i) {  // 30 s.
      if (Status(n).rfind(status, 0) == 0) return true;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return false;
  }

  LoadClient::Options LoadOptions() const {
    LoadClient::Options options;
    options.port = port_;
    return options;
  }

  std::string admin_;
  int port_ = 0;
  std::vector<int> ports_;
  std::vector<std::unique_ptr<ServerProcess>> instances_;
  std::unique_ptr<ServerProcess> haproxy_;
};

void Print(const std::string& what, const LoadCounts& counts) {
  std::printf("HAProxy, %s: %s\n", what.c_str(), Describe(counts).c_str());
  for (const std::string& failure : counts.first_failures) {
    std::printf("  failed: %s\n", failure.c_str());
  }
}

TEST_F(HaproxyTest, RollingRestartOfEveryInstanceLosesNoRequest) {
  LoadClient load(LoadOptions());
  std::this_thread::sleep_for(seconds(1));
  for (int n = 1; n <= kInstances; ++n) {
    std::unique_ptr<ServerProcess>& instance = instances_[n - 1];
    std::string set = "set server app/s" + std::to_string(n) + " state ";
    EXPECT_EQ(Admin(admin_, set + "drain"), "\n");
    ASSERT_TRUE(WaitUntil(n, "DRAIN")) << Status(n);
    instance->Signal(SIGTERM);
    EXPECT_EQ(instance->WaitForExit(seconds(20)), 0) << instance->log();
    instance = Start(ports_[n - 1]);
    ASSERT_EQ(instance->port(), ports_[n - 1]) << instance->log();
    EXPECT_EQ(Admin(admin_, set + "ready"), "\n");
    ASSERT_TRUE(WaitUntil(n, "UP")) << Status(n);
    std::this_thread::sleep_for(seconds(1));  // Serving with all three.
  }
  LoadCounts counts = load.Stop();
  Print("rolling restart of 3 instances under load", counts);
  PrintHaproxyCounts();
  EXPECT_EQ(counts.failed, 0u) << Describe(counts);
  EXPECT_GE(counts.sent, 2000u) << "too little load to show anything";
}

// The load's clients each have one request out at a time, so the killed
// instance held at most that many of them. To be sure it holds some when
// it dies, slow GETs (/sleep, 1 s) are in flight on every instance: those
// on the killed one get no answer from it, and HAProxy sends them again.
TEST_F(HaproxyTest, KillingAnInstanceLosesAtMostWhatItHeld) {
  LoadClient::Options options = LoadOptions();
  LoadClient load(options);
  std::this_thread::sleep_for(seconds(2));
  std::vector<std::future<std::string>> slow;
  for (int i = 0; i < 2 * kInstances; ++i) {
    slow.push_back(std::async(std::launch::async, [this] {
      auto start = std::chrono::steady_clock::now();
      std::string answer = Fetch(port_, Get("/sleep"));
      return std::to_string((std::chrono::steady_clock::now() - start) /
                            milliseconds(1)) +
             " ms: " + answer;
    }));
  }
  std::string held = "0";
  for (int i = 0; i < 50 && held == "0"; ++i) {  // Current sessions on s2.
    std::this_thread::sleep_for(milliseconds(10));
    held = Field("s2", 4);
  }
  instances_[1]->Signal(SIGKILL);
  EXPECT_EQ(instances_[1]->WaitForExit(seconds(5)), -SIGKILL);
  ASSERT_TRUE(WaitUntil(2, "DOWN")) << Status(2);
  std::this_thread::sleep_for(seconds(1));
  instances_[1] = Start(ports_[1]);
  ASSERT_TRUE(WaitUntil(2, "UP")) << Status(2);
  std::this_thread::sleep_for(seconds(1));
  LoadCounts counts = load.Stop();
  Print("kill -9 of 1 of 3 instances under load", counts);
  PrintHaproxyCounts();
  int slow_answered = 0;
  for (auto& answer : slow) {
    std::string text = answer.get();
    std::string response = text.substr(text.find(": ") + 2);
    slow_answered += StatusOf(response) == 200;
    std::printf("  slow GET: %s\n", text.substr(0, 60).c_str());
  }
  std::printf(
      "  slow GETs: %d of %zu answered; the killed instance held %s "
      "connections from HAProxy\n",
      slow_answered, slow.size(), held.c_str());
  EXPECT_NE(held, "0") << "the killed instance held nothing: shows nothing";
  EXPECT_EQ(slow_answered, static_cast<int>(slow.size()));
  const std::uint64_t held_at_most =
      options.keep_alive_clients + options.new_connection_clients;
  EXPECT_LE(counts.failed, held_at_most) << Describe(counts);
  EXPECT_GE(counts.sent, 2000u) << "too little load to show anything";
}

}  // namespace
}  // namespace tests
