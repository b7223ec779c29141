// The server binary: parses flags, listens, and serves every request from a
// fixed-size ThreadPool (connections wait in the EventLoop between requests)
// until SIGINT or SIGTERM. Then it stops accepting, closes idle connections,
// lets the pool finish the requests it has, joins the workers and exits 0.
#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "pool/thread_pool.h"
#include "server/event_loop.h"
#include "server/flags.h"
#include "server/listener.h"
#include "server/routes.h"
#include "server/unique_fd.h"
#include "tools/cpp/runfiles/runfiles.h"

namespace {

constexpr int kUsageError = 2;

// The folder of the pages built with the server. Bazel's runfiles are
// symlinks to them, and a symlink out of the root is never followed
// (static_files.h), so this is the folder they resolve to.
std::string BuiltInRoot(const char* argv0, std::string* error) {
  using bazel::tools::cpp::runfiles::Runfiles;
  std::unique_ptr<Runfiles> runfiles(Runfiles::Create(argv0, error));
  if (runfiles == nullptr) return "";
  std::string hello =
      runfiles->Rlocation("threadpool_server/server/static/hello.html");
  std::error_code failed;
  std::filesystem::path real = std::filesystem::canonical(hello, failed);
  if (!failed) hello = real.string();
  return hello.substr(0, hello.rfind('/'));
}

// SIGINT and SIGTERM become readable events on a descriptor. Blocked before
// any worker starts, so no worker thread is interrupted by them.
server::UniqueFd StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return server::UniqueFd(signalfd(-1, &signals, SFD_CLOEXEC));
}

// Each connection is a file descriptor: allow as many as the system lets
// this process have (the soft limit is often 1024).
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
      limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// The workers run at a lower priority (nice +5) than the thread that runs
// the event loop. When they share a core, a worker woken by a Submit would
// otherwise preempt the loop at once, answer that one request and sleep
// again: a context switch each way per request. Yielding to the loop lets it
// hand over its whole epoll batch first, so one wake-up answers several
// requests (about a third fewer context switches per request in the
// one-core benchmark). Raising a thread's nice needs no privilege; the
// workers are the only other threads at this point. Best effort.
void LowerWorkerPriority() {
  std::error_code failed;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/self/task", failed)) {
    pid_t tid = std::stoi(task.path().filename().string());
    if (tid == getpid()) continue;  // The loop's thread.
    int nice = getpriority(PRIO_PROCESS, tid);
    setpriority(PRIO_PROCESS, tid, std::min(nice + 5, 19));
  }
}

std::string UrlHost(const std::string& host) {
  return host.find(':') == std::string::npos ? host : "[" + host + "]";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string program = argc > 0 ? argv[0] : "server";
  server::ParsedFlags flags =
      server::ParseFlags(std::vector<std::string>(argv + 1, argv + argc));
  if (!flags.error.empty()) {
    std::fprintf(stderr, "server: %s\n%s", flags.error.c_str(),
                 server::Usage(program).c_str());
    return kUsageError;
  }
  const server::Options& options = flags.options;
  if (options.help) {
    std::printf("%s", server::Usage(program).c_str());
    return 0;
  }

  std::string error;
  std::string root = options.root;
  if (root.empty()) root = BuiltInRoot(program.c_str(), &error);
  std::optional<server::Site> site = server::LoadSite(
      root, std::chrono::seconds(options.sleep_seconds), &error);
  if (!site) {
    std::fprintf(stderr, "server: %s\n", error.c_str());
    return 1;
  }

  RaiseDescriptorLimit();
  // sendfile(2) has no MSG_NOSIGNAL: a client that resets mid-file must
  // cost an EPIPE, not the process.
  signal(SIGPIPE, SIG_IGN);
  server::UniqueFd stop = StopSignals();
  std::optional<server::UniqueFd> listener =
      server::Listen(options.host, options.port, &error);
  if (!listener) {
    std::fprintf(stderr, "server: %s\n", error.c_str());
    return 1;
  }

  // The routes are what the loop answers with; it knows only the Handler.
  server::Handler handler = [&site = *site](const http::Request& request) {
    return server::Route(request, site);
  };
  server::LoopOptions loop_options;
  loop_options.limits.max_body = options.max_body;
  loop_options.max_queue = options.queue;
  loop_options.max_connections = options.max_connections;
  loop_options.header_timeout =
      std::chrono::seconds(options.header_timeout_seconds);
  loop_options.idle_timeout =
      std::chrono::seconds(options.idle_timeout_seconds);
  loop_options.send_timeout =
      std::chrono::seconds(options.send_timeout_seconds);
  bool served = false;
  {
    pool::ThreadPool workers(options.threads);
    LowerWorkerPriority();
    int port = server::LocalPort(listener->get());
    server::EventLoop loop(std::move(*listener), stop.get(), workers,
                           std::move(handler), loop_options);
    std::fprintf(stderr,
                 "server: listening on http://%s:%d/ with %zu threads\n",
                 UrlHost(options.host).c_str(), port, workers.size());
    served = loop.Run();
  }  // ~ThreadPool: every worker is joined.
  if (!served) return 1;
  std::fprintf(stderr, "server: stopped\n");
  return 0;
}
