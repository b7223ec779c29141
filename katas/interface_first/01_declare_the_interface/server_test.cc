// The test of the server, written first: it says how the server should be
// used, with an Executor to run its work.
#include "server.h"

#include <gtest/gtest.h>

#include <string>

#include "connection.h"
#include "executor.h"

namespace kata {
namespace {

TEST(ServerTest, AnswersTheConnection) {
  Executor executor;
  Server server(executor);

  std::string response;
  EXPECT_TRUE(
      server.HandleConnection(Connection("GET / HTTP/1.1\r\n\r\n", &response)));
  EXPECT_EQ(response, "HTTP/1.1 200 OK\r\n\r\nhello");
}

}  // namespace
}  // namespace kata
