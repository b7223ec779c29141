// Listen binds where it is told, or says why it could not.
#include "server/listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

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

TEST(ListenTest, AcceptedSocketsInheritTcpNoDelay) {
  std::string error;
  std::optional<UniqueFd> listener = Listen("127.0.0.1", 0, &error);
  ASSERT_TRUE(listener) << error;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(LocalPort(listener->get())));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  UniqueFd client(::socket(AF_INET, SOCK_STREAM, 0));
  ASSERT_EQ(::connect(client.get(), reinterpret_cast<sockaddr*>(&address),
                      sizeof address),
            0);
  pollfd ready{listener->get(), POLLIN, 0};
  ASSERT_EQ(::poll(&ready, 1, 5000), 1);
  UniqueFd accepted(::accept(listener->get(), nullptr, nullptr));
  ASSERT_TRUE(accepted.valid());
  int on = 0;
  socklen_t size = sizeof on;
  ASSERT_EQ(::getsockopt(accepted.get(), IPPROTO_TCP, TCP_NODELAY, &on, &size),
            0);
  EXPECT_NE(on, 0) << "the per-connection setsockopt was dropped for this";
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

TEST(ListenTest, ReusePortLetsTwoListenersShareAPort) {
  std::string error;
  std::optional<UniqueFd> first = Listen("127.0.0.1", 0, &error, true);
  ASSERT_TRUE(first) << error;
  int port = LocalPort(first->get());
  std::optional<UniqueFd> second = Listen("127.0.0.1", port, &error, true);
  ASSERT_TRUE(second) << error;
  EXPECT_EQ(LocalPort(second->get()), port);
  // A listener without the option is still refused the port.
  EXPECT_FALSE(Listen("127.0.0.1", port, &error));
}

}  // namespace
}  // namespace server
