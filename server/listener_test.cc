// Listen binds where it is told, or says why it could not.
#include "server/listener.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <string>

#include "server/test_client.h"

namespace server {
namespace {

TEST(ListenTest, PortZeroPicksAFreePortAndTheSocketDoesNotBlock) {
  std::string error;
  std::optional<UniqueFd> fd = Listen("127.0.0.1", 0, &error);
  ASSERT_TRUE(fd) << error;
  EXPECT_GT(LocalPort(fd->get()), 0);
  EXPECT_NE(::fcntl(fd->get(), F_GETFL) & O_NONBLOCK, 0);
}

// A client connected to the listener (invalid if it could not).
UniqueFd ConnectTo(int listen_fd) {
  return tests::ConnectToLoopback(LocalPort(listen_fd));
}

bool Acceptable(int listen_fd, int timeout_ms) {
  pollfd ready{listen_fd, POLLIN, 0};
  return ::poll(&ready, 1, timeout_ms) == 1;
}

TEST(ListenTest, HandsAConnectionOverWithItsFirstBytes) {
  std::string error;
  std::optional<UniqueFd> listener = Listen("127.0.0.1", 0, &error);
  ASSERT_TRUE(listener) << error;
  EXPECT_TRUE(DefersAccept(listener->get()));
  UniqueFd client = ConnectTo(listener->get());
  ASSERT_TRUE(client.valid());
  // Connected, as far as the client can tell; the kernel keeps it.
  EXPECT_FALSE(Acceptable(listener->get(), 200));
  EXPECT_TRUE(HasConnectionsToHandOver(listener->get()));

  ASSERT_EQ(::send(client.get(), "GET", 3, 0), 3);
  ASSERT_TRUE(Acceptable(listener->get(), 5000));
  UniqueFd accepted(::accept(listener->get(), nullptr, nullptr));
  ASSERT_TRUE(accepted.valid());
  char got[8];
  EXPECT_EQ(::recv(accepted.get(), got, sizeof got, MSG_DONTWAIT), 3)
      << "accepted before its bytes arrived";
  EXPECT_FALSE(HasConnectionsToHandOver(listener->get()));
}

TEST(ListenTest, AcceptedSocketsInheritTcpNoDelay) {
  std::string error;
  std::optional<UniqueFd> listener = Listen("127.0.0.1", 0, &error);
  ASSERT_TRUE(listener) << error;
  UniqueFd client = ConnectTo(listener->get());
  ASSERT_TRUE(client.valid());
  ASSERT_EQ(::send(client.get(), "x", 1, 0), 1);  // Hands it over now.
  ASSERT_TRUE(Acceptable(listener->get(), 5000));
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
