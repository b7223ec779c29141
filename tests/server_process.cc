// See server_process.h.
#include "tests/server_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

extern char** environ;

namespace tests {
namespace {

constexpr char kServerBinary[] = "server/server";
constexpr char kListening[] = "listening on http://127.0.0.1:";

// Spawns `program` (a path, or a name looked up in PATH) with stdout and
// stderr on one pipe; returns the pid.
pid_t Spawn(const std::string& program, const std::vector<std::string>& args,
            int* output_fd) {
  int pipe_ends[2];
  if (::pipe2(pipe_ends, O_CLOEXEC) != 0) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], STDERR_FILENO);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const std::string& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(),
                     environ) != 0) {
    pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_ends[1]);
  *output_fd = pipe_ends[0];
  return pid;
}

}  // namespace

ServerProcess::ServerProcess(const std::vector<std::string>& args) {
  std::vector<std::string> all = args;
  bool has_port = std::any_of(args.begin(), args.end(), [](const auto& arg) {
    return arg == "--port" || arg.rfind("--port=", 0) == 0;
  });
  if (!has_port) all.insert(all.end(), {"--port", "0"});
  pid_ = Spawn(kServerBinary, all, &stderr_fd_);
  if (pid_ < 0) return;
  ReadLog(std::chrono::seconds(10), "/ with");
  std::size_t at = log_.find(kListening);
  if (at != std::string::npos) {
    port_ = std::stoi(log_.substr(at + sizeof(kListening) - 1));
  }
}

ServerProcess::ServerProcess(const std::string& program,
                             const std::vector<std::string>& args) {
  pid_ = Spawn(program, args, &stderr_fd_);
}

bool ServerProcess::WaitForLog(const std::string& text, int times,
                               std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (CountIn(log_, text) < times) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    std::size_t before = log_.size();
    ReadLog(std::min(left, std::chrono::milliseconds(100)), "");
    if (log_.size() == before) {  // The output has ended: don't spin.
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  return true;
}

int CountIn(const std::string& log, const std::string& text) {
  int count = 0;
  for (std::size_t at = log.find(text); at != std::string::npos;
       at = log.find(text, at + text.size())) {
    ++count;
  }
  return count;
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (stderr_fd_ >= 0) ::close(stderr_fd_);
}

void ServerProcess::Signal(int signal) const {
  if (pid_ > 0) ::kill(pid_, signal);
}

int ServerProcess::WaitForExit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      ReadLog(std::chrono::seconds(1), "");
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() > deadline) return -1000;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1000;
}

// Appends to log_ until `until` appears in it (never, for ""), the stream
// ends, or `timeout` passes.
void ServerProcess::ReadLog(std::chrono::milliseconds timeout,
                            const std::string& until) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char chunk[1024];
  while (until.empty() || log_.find(until) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd readable{stderr_fd_, POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) return;
    ssize_t got = ::read(stderr_fd_, chunk, sizeof chunk);
    if (got <= 0) return;
    log_.append(chunk, static_cast<std::size_t>(got));
  }
}

std::string MakeRoot(const std::string& name, std::size_t big_bytes,
                     std::string* contents) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::filesystem::path root =
      std::filesystem::path(tmp != nullptr ? tmp : "/tmp") / name;
  std::filesystem::create_directories(root);
  std::ofstream(root / "hello.html") << "<h1>Hello!</h1>";
  std::ofstream(root / "404.html") << "<h1>Oops!</h1>";
  std::string bytes(big_bytes, '\0');
  std::uint32_t state = 12345;
  for (char& byte : bytes) {
    state = state * 1103515245 + 12345;     // A small LCG: cheap, not periodic
    byte = static_cast<char>(state >> 24);  // at any file size used here.
  }
  std::ofstream(root / "big.bin", std::ios::binary) << bytes;
  if (contents != nullptr) *contents = std::move(bytes);
  return root.string();
}

int RunServerToCompletion(const std::vector<std::string>& args,
                          std::string* output) {
  return RunToCompletion(kServerBinary, args, output);
}

int RunToCompletion(const std::string& program,
                    const std::vector<std::string>& args, std::string* output) {
  int fd = -1;
  pid_t pid = Spawn(program, args, &fd);
  if (pid < 0) return -1;
  char chunk[1024];
  ssize_t got;
  while ((got = ::read(fd, chunk, sizeof chunk)) > 0) {
    output->append(chunk, static_cast<std::size_t>(got));
  }
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace tests
