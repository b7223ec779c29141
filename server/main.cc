// The server binary: parses flags, listens (or takes the socket systemd
// passes it), and serves every request from a fixed-size ThreadPool
// (connections wait in the EventLoop between requests) until SIGINT or
// SIGTERM. Then GET /healthz says 503; after --drain-seconds it stops
// accepting, closes idle connections, lets the pool finish the requests it
// has, joins the workers, writes out the access log and exits 0.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "pool/thread_pool.h"
#include "server/access_log.h"
#include "server/event_loop.h"
#include "server/flags.h"
#include "server/health.h"
#include "server/listener.h"
#include "server/routes.h"
#include "server/socket_activation.h"
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

// The workers yield to the thread that runs the event loop: a lower
// priority (nice +5), and SCHED_BATCH, under which a thread that wakes up
// never preempts the one running. When they share a core, a worker woken by
// a Submit would otherwise preempt the loop at once, answer that one request
// and sleep again: a context switch each way per request. Yielding lets the
// loop hand over its whole epoll batch and go back to epoll_wait first, so
// one wake-up answers several requests (measured on one core: with
// SCHED_BATCH too, the loop is almost never preempted, and a Connection:
// close request costs fewer context switches and less CPU). A worker woken
// while a core is idle runs at once either way. Neither needs a privilege
// (nor a realtime policy). Every thread but the loop's yields: the workers,
// and the access log's writer if there is one. Best effort.
void LetWorkersYieldToTheLoop() {
  std::error_code failed;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/self/task", failed)) {
    pid_t tid = std::stoi(task.path().filename().string());
    if (tid == getpid()) continue;  // The loop's thread.
    int nice = getpriority(PRIO_PROCESS, tid);
    setpriority(PRIO_PROCESS, tid, std::min(nice + 5, 19));
    sched_param unused{};  // SCHED_BATCH has no priority of its own: 0.
    sched_setscheduler(tid, SCHED_BATCH, &unused);
  }
}

std::string UrlHost(const std::string& host) {
  return host.find(':') == std::string::npos ? host : "[" + host + "]";
}

// The address a socket is bound to, as a URL's host ("[::]" for IPv6).
std::string BoundHost(int fd) {
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  char text[INET6_ADDRSTRLEN] = "?";
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    const void* ip =
        address.ss_family == AF_INET6
            ? static_cast<const void*>(
                  &reinterpret_cast<sockaddr_in6*>(&address)->sin6_addr)
            : &reinterpret_cast<sockaddr_in*>(&address)->sin_addr;
    ::inet_ntop(address.ss_family, ip, text, sizeof text);
  }
  return UrlHost(text);
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
  // Before anything else reads the environment: the variables are cleared.
  std::optional<server::UniqueFd> listener =
      server::TakeInheritedListener(&error);
  const bool inherited = listener.has_value();
  if (!error.empty()) {
    std::fprintf(stderr, "server: %s\n", error.c_str());
    return kUsageError;
  }
  std::string root = options.root;
  if (root.empty()) root = BuiltInRoot(program.c_str(), &error);
  std::optional<server::Site> site = server::LoadSite(
      root, std::chrono::seconds(options.sleep_seconds), &error);
  if (!site) {
    std::fprintf(stderr, "server: %s\n", error.c_str());
    return 1;
  }
  if (server::HasShadowedFile(site->root)) {
    std::fprintf(stderr,
                 "server: note: %s/healthz is not served: GET /healthz is the "
                 "health check\n",
                 site->root.c_str());
  }

  RaiseDescriptorLimit();
  // sendfile(2) has no MSG_NOSIGNAL: a client that resets mid-file must
  // cost an EPIPE, not the process.
  signal(SIGPIPE, SIG_IGN);
  server::UniqueFd stop = StopSignals();
  // After StopSignals: its writing thread must not take SIGTERM either.
  std::unique_ptr<server::AccessLog> access_log;
  if (!options.access_log.empty()) {
    access_log = server::AccessLog::Open(options.access_log, &error);
    if (access_log == nullptr) {
      std::fprintf(stderr, "server: %s\n", error.c_str());
      return 1;
    }
  }
  if (!inherited) {
    listener =
        server::Listen(options.host, options.port, &error, options.reuse_port);
    if (!listener) {
      std::fprintf(stderr, "server: %s\n", error.c_str());
      return 1;
    }
    if (options.reuse_port && !server::KernelMigratesAcceptQueue()) {
      std::fprintf(stderr,
                   "server: note: net.ipv4.tcp_migrate_req is not 1: a "
                   "connection that reaches this process's queue just as it "
                   "stops is reset, not handed to another process\n");
    }
  }

  // The routes are what the loop answers with; it knows only the Handler.
  std::atomic<bool> stopping{false};
  server::Handler handler =
      server::WithHealthCheck(server::RoutesHandler(*site), &stopping);
  server::LoopOptions loop_options;
  loop_options.access_log = access_log.get();
  loop_options.limits.max_body = options.max_body;
  loop_options.max_queue = options.queue;
  loop_options.max_connections = options.max_connections;
  loop_options.header_timeout =
      std::chrono::seconds(options.header_timeout_seconds);
  loop_options.idle_timeout =
      std::chrono::seconds(options.idle_timeout_seconds);
  loop_options.send_timeout =
      std::chrono::seconds(options.send_timeout_seconds);
  loop_options.drain = std::chrono::seconds(options.drain_seconds);
  loop_options.listener_shared = inherited;
  loop_options.stopping = &stopping;
  bool served = false;
  {
    pool::ThreadPool workers(options.threads);
    LetWorkersYieldToTheLoop();
    int port = server::LocalPort(listener->get());
    std::string host =
        inherited ? BoundHost(listener->get()) : UrlHost(options.host);
    server::EventLoop loop(std::move(*listener), stop.get(), workers,
                           std::move(handler), loop_options);
    std::fprintf(stderr,
                 "server: listening on http://%s:%d/ with %zu threads%s\n",
                 host.c_str(), port, workers.size(),
                 inherited ? " (socket passed by systemd, LISTEN_FDS)"
                 : options.reuse_port ? " (SO_REUSEPORT)"
                                      : "");
    served = loop.Run();
  }  // ~ThreadPool: every worker is joined.
  if (access_log != nullptr) {
    access_log->Stop();  // Writes out what is buffered.
    server::AccessLog::Counts counts = access_log->counts();
    std::fprintf(
        stderr, "server: access log: %llu lines written, %llu dropped%s\n",
        static_cast<unsigned long long>(counts.written),
        static_cast<unsigned long long>(counts.dropped),
        counts.dropped > 0 ? " (its file or pipe did not keep up)" : "");
  }
  if (!served) return 1;
  std::fprintf(stderr, "server: stopped\n");
  return 0;
}
