// Socket activation against the real binary. systemd-socket-activate (from
// Debian's systemd package; no running systemd needed) binds the port and
// passes the socket, through tests/socket_holder.sh, which holds it while
// the server is restarted, as systemd holds a .socket unit's. Under a steady
// load of keep-alive and new-connection clients, three restarts lose no
// request: connections that arrive while no server runs wait in the
// socket's queue. And a descriptor that is not a listening socket is a
// clear error, exit 2.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
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

constexpr char kPassed[] = "(socket passed by systemd, LISTEN_FDS)";

bool Installed(const std::string& program) {
  std::string output;
  return RunToCompletion("sh", {"-c", "command -v " + program}, &output) == 0;
}

TEST(SocketActivationTest, RestartsUnderLoadLoseNoRequest) {
  ASSERT_TRUE(Installed("systemd-socket-activate"))
      << "systemd-socket-activate is missing: ./bazelw installs Debian's "
         "systemd package, which has it";
  const int port = FreePort();
  ASSERT_GT(port, 0);
  // systemd-socket-activate passes on only a few variables (PATH, HOME...),
  // not the runfiles' where the built-in pages are found: give a --root,
  // and the sanitizers' options by name.
  std::vector<std::string> args = {"-l", "127.0.0.1:" + std::to_string(port)};
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"}) {
    if (std::getenv(name) != nullptr) args.insert(args.end(), {"-E", name});
  }
  args.insert(args.end(),
              {"tests/socket_holder.sh", "server/server", "--threads", "4",
               "--root", MakeRoot("activation_root", 0)});
  ServerProcess holder("systemd-socket-activate", args);
  // systemd-socket-activate starts its command on the first connection;
  // this one waits in the queue and is answered by the server.
  std::string first;
  for (int i = 0; i < 100 && StatusOf(first) != 200; ++i) {
    first = Fetch(port, Get("/healthz"));
    if (StatusOf(first) != 200) std::this_thread::sleep_for(milliseconds(50));
  }
  holder.WaitForLog(kPassed, 1, seconds(1));
  ASSERT_EQ(StatusOf(first), 200) << first << holder.log();
  ASSERT_TRUE(holder.WaitForLog(kPassed, 1, seconds(10))) << holder.log();

  LoadClient::Options options;
  options.port = port;
  LoadClient load(options);
  constexpr int kRestarts = 3;
  LoadCounts before_last;
  for (int restart = 1; restart <= kRestarts; ++restart) {
    std::this_thread::sleep_for(seconds(2));
    before_last = load.Counts();
    holder.Signal(SIGHUP);  // systemctl restart.
    ASSERT_TRUE(holder.WaitForLog(kPassed, restart + 1, seconds(20)))
        << holder.log();
  }
  std::this_thread::sleep_for(seconds(2));
  LoadCounts counts = load.Stop();
  std::printf("socket activation, %d restarts under load: %s\n", kRestarts,
              Describe(counts).c_str());
  for (const std::string& failure : counts.first_failures) {
    std::printf("  failed: %s\n", failure.c_str());
  }
  EXPECT_EQ(counts.failed, 0u) << Describe(counts);
  EXPECT_GT(counts.ok, before_last.ok) << "nothing served after the restart";
  EXPECT_GE(counts.sent, 2000u) << "too little load to show anything";
  EXPECT_EQ(CountIn(holder.log(), "exited with status 0"), kRestarts)
      << holder.log();
  holder.Signal(SIGTERM);
  EXPECT_EQ(holder.WaitForExit(seconds(20)), 0) << holder.log();
}

TEST(SocketActivationTest, ADescriptorThatIsNotAListeningSocketIsExit2) {
  std::string output;
  // Descriptor 3 is /dev/null, and LISTEN_PID is the server's own pid.
  EXPECT_EQ(RunToCompletion("sh",
                            {"-c",
                             "LISTEN_FDS=1 LISTEN_PID=$$ exec server/server "
                             "3</dev/null"},
                            &output),
            2)
      << output;
  EXPECT_NE(output.find("descriptor 3 (LISTEN_FDS) is not a socket"),
            std::string::npos)
      << output;
}

}  // namespace
}  // namespace tests
