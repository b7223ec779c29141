// The accept loop hands each connection to the Executor as one job. With
// MockExecutor the test holds the jobs (no threads); with a real ThreadPool
// clients are served concurrently.
#include "server/listener.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "pool/mock_executor.h"
#include "pool/thread_pool.h"
#include "tests/http_client.h"

namespace server {
namespace {

using std::chrono::milliseconds;
using ::testing::_;
using ::testing::NiceMock;

const Site kSite{"hello", "not found", milliseconds(0), "", {}};

class AcceptUntilStoppedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    std::optional<UniqueFd> fd = Listen("127.0.0.1", 0, &error);
    ASSERT_TRUE(fd) << error;
    listener_ = std::move(*fd);
    port_ = LocalPort(listener_.get());
    ASSERT_GT(port_, 0);
    int pipe_ends[2];
    ASSERT_EQ(::pipe(pipe_ends), 0);
    stop_read_ = UniqueFd(pipe_ends[0]);
    stop_write_ = UniqueFd(pipe_ends[1]);
  }

  void Stop() { ASSERT_EQ(::write(stop_write_.get(), "x", 1), 1); }

  // A client that has connected and sent `request` (the kernel completes the
  // connection before the server accepts it).
  int Client(const std::string& request) {
    int fd = tests::ConnectToLoopback(port_);
    EXPECT_GE(fd, 0);
    EXPECT_TRUE(tests::SendAll(fd, request));
    return fd;
  }

  static bool HasInput(int fd, milliseconds wait) {
    pollfd readable{fd, POLLIN, 0};
    return ::poll(&readable, 1, static_cast<int>(wait.count())) == 1;
  }

  UniqueFd listener_, stop_read_, stop_write_;
  int port_ = 0;
};

TEST_F(AcceptUntilStoppedTest, SubmitsOneJobPerConnectionThatServesItWhenRun) {
  NiceMock<pool::MockExecutor> executor;
  std::vector<pool::Job> jobs;
  EXPECT_CALL(executor, Submit(_)).Times(2).WillRepeatedly([&](pool::Job job) {
    jobs.push_back(std::move(job));
    if (jobs.size() == 2) Stop();
    return true;
  });

  UniqueFd first(Client(tests::Get("/")));
  UniqueFd second(Client(tests::Get("/missing")));
  AcceptUntilStopped(listener_.get(), stop_read_.get(), executor, kSite);

  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_FALSE(HasInput(first.get(), milliseconds(50)))
      << "answered before the executor ran the job";
  jobs[0]();
  jobs[1]();
  std::string answers[] = {
      tests::ReadUntilClosed(first.get(), milliseconds(5000)),
      tests::ReadUntilClosed(second.get(), milliseconds(5000))};
  // The kernel may hand over the two connections in either order.
  std::sort(std::begin(answers), std::end(answers));
  EXPECT_EQ(tests::StatusOf(answers[0]), 200);
  EXPECT_EQ(tests::StatusOf(answers[1]), 404);
}

TEST_F(AcceptUntilStoppedTest, ConnectionIsClosedWhenTheExecutorRefusesIt) {
  NiceMock<pool::MockExecutor> executor;
  EXPECT_CALL(executor, Submit(_)).WillOnce([&](pool::Job) {
    Stop();
    return false;
  });
  UniqueFd client(Client(tests::Get("/")));
  AcceptUntilStopped(listener_.get(), stop_read_.get(), executor, kSite);
  EXPECT_EQ(tests::ReadUntilClosed(client.get(), milliseconds(5000)), "");
}

TEST_F(AcceptUntilStoppedTest, ReturnsWhenStoppedWithoutAcceptingAnyMore) {
  NiceMock<pool::MockExecutor> executor;
  EXPECT_CALL(executor, Submit(_)).Times(0);
  Stop();
  AcceptUntilStopped(listener_.get(), stop_read_.get(), executor, kSite);
}

TEST_F(AcceptUntilStoppedTest, ThreadPoolServesManyClientsAtOnce) {
  constexpr int kClients = 32;
  pool::ThreadPool workers(4);
  std::thread loop([&] {
    AcceptUntilStopped(listener_.get(), stop_read_.get(), workers, kSite);
  });
  std::vector<std::future<std::string>> answers;
  for (int i = 0; i < kClients; ++i) {
    answers.push_back(std::async(std::launch::async, [this] {
      return tests::Fetch(port_, tests::Get("/"));
    }));
  }
  for (auto& answer : answers) {
    std::string response = answer.get();
    EXPECT_EQ(tests::StatusOf(response), 200) << response;
    EXPECT_EQ(tests::BodyOf(response), "hello");
  }
  Stop();
  loop.join();
}

TEST(ListenTest, ExplainsWhyItCannotListen) {
  std::string error;
  EXPECT_FALSE(Listen("256.1.1.1", 0, &error));
  EXPECT_NE(error.find("256.1.1.1"), std::string::npos) << error;
}

TEST(ListenTest, RefusesAPortAlreadyInUse) {
  std::string error;
  std::optional<UniqueFd> first = Listen("127.0.0.1", 0, &error);
  ASSERT_TRUE(first) << error;
  int port = LocalPort(first->get());
  // SO_REUSEADDR does not allow two listeners on one port.
  EXPECT_FALSE(Listen("127.0.0.1", port, &error));
  EXPECT_NE(error.find("cannot listen"), std::string::npos) << error;
}

}  // namespace
}  // namespace server
