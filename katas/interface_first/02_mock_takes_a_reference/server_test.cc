// The server, tested against a mock Executor: no threads, no sockets.
#include "server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "connection.h"
#include "mock_executor.h"

namespace kata {
namespace {

using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;

TEST(ServerTest, AnswersTheConnectionWhenTheJobRuns) {
  NiceMock<MockExecutor> executor;
  Job kept;
  EXPECT_CALL(executor, Submit(_)).WillOnce([&kept](Job job) {
    kept = job;
    return true;
  });
  Server server(executor);

  std::string response;
  EXPECT_TRUE(
      server.HandleConnection(Connection("GET / HTTP/1.1\r\n\r\n", &response)));
  EXPECT_EQ(response, "") << "answered before the executor ran the job";
  kept();
  EXPECT_EQ(response, "HTTP/1.1 200 OK\r\n\r\nhello");
}

TEST(ServerTest, AnswersUnknownPathsWith404) {
  NiceMock<MockExecutor> executor;
  ON_CALL(executor, Submit(_)).WillByDefault([](Job job) {
    job();
    return true;
  });
  Server server(executor);

  std::string response;
  EXPECT_TRUE(server.HandleConnection(
      Connection("GET /nothing HTTP/1.1\r\n\r\n", &response)));
  EXPECT_EQ(response, "HTTP/1.1 404 NOT FOUND\r\n\r\n");
}

TEST(ServerTest, LeavesTheConnectionUnansweredWhenRefused) {
  NiceMock<MockExecutor> executor;
  ON_CALL(executor, Submit(_)).WillByDefault(Return(false));
  Server server(executor);

  std::string response;
  EXPECT_FALSE(
      server.HandleConnection(Connection("GET / HTTP/1.1\r\n\r\n", &response)));
  EXPECT_EQ(response, "");
}

}  // namespace
}  // namespace kata
