// TakeInheritedListener takes a passed listening socket, ignores variables
// meant for another process, refuses what it can't serve with a reason, and
// always clears the variables. The descriptor is put at a high number
// rather than 3, which the test runner may be using.
#include "server/socket_activation.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace server {
namespace {

constexpr int kFd = 200;

class SocketActivationTest : public ::testing::Test {
 protected:
  void TearDown() override { ::close(kFd); }

  // Puts `fd` at kFd and sets the variables as systemd would for `pid`.
  static void Pass(int fd, long pid, const std::string& count = "1") {
    ASSERT_EQ(::dup2(fd, kFd), kFd);
    ::close(fd);
    ::setenv("LISTEN_PID", std::to_string(pid).c_str(), 1);
    ::setenv("LISTEN_FDS", count.c_str(), 1);
    ::setenv("LISTEN_FDNAMES", "web", 1);
  }

  static int Socket(int type, bool listening) {
    int fd = ::socket(AF_INET, type, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address),
              0);
    if (listening) {
      EXPECT_EQ(::listen(fd, 16), 0);
    }
    return fd;
  }

  static bool VariablesCleared() {
    return std::getenv("LISTEN_PID") == nullptr &&
           std::getenv("LISTEN_FDS") == nullptr &&
           std::getenv("LISTEN_FDNAMES") == nullptr;
  }
};

TEST_F(SocketActivationTest, NoVariablesMeansNothingInherited) {
  ::unsetenv("LISTEN_PID");
  ::unsetenv("LISTEN_FDS");
  std::string error;
  EXPECT_FALSE(TakeInheritedListener(&error, kFd));
  EXPECT_EQ(error, "");
}

TEST_F(SocketActivationTest, TakesAListeningSocketPassedToThisProcess) {
  Pass(Socket(SOCK_STREAM, true), ::getpid());
  std::string error;
  std::optional<UniqueFd> fd = TakeInheritedListener(&error, kFd);
  ASSERT_TRUE(fd) << error;
  EXPECT_EQ(fd->get(), kFd);
  EXPECT_NE(::fcntl(kFd, F_GETFL) & O_NONBLOCK, 0);
  EXPECT_NE(::fcntl(kFd, F_GETFD) & FD_CLOEXEC, 0);
  EXPECT_TRUE(VariablesCleared());
  fd->Reset();
}

TEST_F(SocketActivationTest, VariablesForAnotherProcessAreIgnoredAndCleared) {
  Pass(Socket(SOCK_STREAM, true), ::getppid());
  std::string error;
  EXPECT_FALSE(TakeInheritedListener(&error, kFd));
  EXPECT_EQ(error, "");
  EXPECT_TRUE(VariablesCleared());
}

TEST_F(SocketActivationTest, RefusesWhatItCannotServe) {
  struct Case {
    int fd;
    std::string count;
    std::string says;
  };
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  ::close(pipe_ends[1]);
  for (const Case& c : {Case{pipe_ends[0], "1", "is not a socket"},
                        Case{Socket(SOCK_DGRAM, false), "1", "not a stream"},
                        Case{Socket(SOCK_STREAM, false), "1", "not listening"},
                        Case{Socket(SOCK_STREAM, true), "2", "LISTEN_FDS=2"},
                        Case{Socket(SOCK_STREAM, true), "x", "LISTEN_FDS"}}) {
    Pass(c.fd, ::getpid(), c.count);
    std::string error;
    EXPECT_FALSE(TakeInheritedListener(&error, kFd)) << c.says;
    EXPECT_NE(error.find(c.says), std::string::npos) << error;
    EXPECT_TRUE(VariablesCleared());
  }
}

}  // namespace
}  // namespace server
