// Listen binds where it is told, or says why it could not.
#include "server/listener.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <string>

namespace server {
namespace {

TEST(ListenTest, PortZeroPicksAFreePortAndTheSocketDoesNotBlock) {
  std::string error;
  std::optional<UniqueFd> fd = Listen("127.0.0.1", 0, &error);
  ASSERT_TRUE(fd) << error;
  EXPECT_GT(LocalPort(fd->get()), 0);
  EXPECT_NE(::fcntl(fd->get(), F_GETFL) & O_NONBLOCK, 0);
}

TEST(ListenTest, ListensOnIpv6Loopback) {
  std::string error;
  std::optional<UniqueFd> fd = Listen("::1", 0, &error);
  if (!fd && error.find("Cannot assign") != std::string::npos) {
    GTEST_SKIP() << "no IPv6 loopback here: " << error;
  }
  ASSERT_TRUE(fd) << error;
  EXPECT_GT(LocalPort(fd->get()), 0);
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
