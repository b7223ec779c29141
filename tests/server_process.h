// Starts the real server binary for a test, on a free port, and stops it.
// The port is read from the server's start-up line on stderr. It can also
// run another program that starts the server (systemd-socket-activate).
#ifndef TESTS_SERVER_PROCESS_H_
#define TESTS_SERVER_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace tests {

// How many times `text` appears in `log`.
int CountIn(const std::string& log, const std::string& text);

// A port on 127.0.0.1 that was free a moment ago, for programs that must
// be told one (systemd-socket-activate, --reuse-port); 0 if none was found.
int FreePort();

class ServerProcess {
 public:
  // Runs server/server (from the test's runfiles) with `args` plus
  // "--port 0" (unless `args` has a --port). port() is 0 if it did not
  // start listening.
  explicit ServerProcess(const std::vector<std::string>& args);
  // Runs `program` (a path, or a name looked up in PATH) with `args` as
  // they are, and waits for nothing: see WaitForLog.
  ServerProcess(const std::string& program,
                const std::vector<std::string>& args);
  // Kills the server if it is still running.
  ~ServerProcess();

  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  // The server's process id while it runs (for prlimit), else -1.
  pid_t pid() const { return pid_; }

  void Signal(int signal) const;

  // The exit status (0..255), -signal if killed by one, or -1000 if it did
  // not exit within `timeout`.
  int WaitForExit(std::chrono::milliseconds timeout);

  // Everything the server wrote to stderr so far (read until it exits).
  const std::string& log() const { return log_; }

  // Reads the output until `text` has appeared `times` times in all, or
  // `timeout` passes; says whether it did.
  bool WaitForLog(const std::string& text, int times,
                  std::chrono::milliseconds timeout);

 private:
  void ReadLog(std::chrono::milliseconds timeout, const std::string& until);

  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  int port_ = 0;
  std::string log_;
};

// A root folder for --root under the test's temporary folder, named
// `name`: hello.html, 404.html, and big.bin, `big_bytes` bytes that differ
// from one position to the next (so a byte sent twice or out of place
// shows). Returns its path; `contents` (if given) gets big.bin's bytes.
std::string MakeRoot(const std::string& name, std::size_t big_bytes,
                     std::string* contents = nullptr);

// Runs the server binary with `args` to completion; returns its exit status
// and fills `output` with stdout and stderr together.
int RunServerToCompletion(const std::vector<std::string>& args,
                          std::string* output);

// Runs `program` (a path, or a name looked up in PATH: "curl") with `args`
// to completion, the same way.
int RunToCompletion(const std::string& program,
                    const std::vector<std::string>& args, std::string* output);

}  // namespace tests

#endif  // TESTS_SERVER_PROCESS_H_
