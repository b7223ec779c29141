// A steady load for the restart tests (socket activation, --reuse-port,
// HAProxy): keep-alive clients, each sending GETs one after another on one
// connection, and new-connection clients, each opening a connection per
// GET, every one a thread with blocking sockets, paced to a rate, until
// stopped. It counts requests, not speed: a request fails when no whole 200
// comes back (refused, reset, closed early, timed out, another status).
//
// One retry, the one every HTTP client makes (RFC 9112 section 9.3.1): a
// GET on a kept-alive connection that the server closed before a byte of
// the answer arrived (the server may close an idle connection at any time)
// is sent once more on a new connection, and counted in `resent`. Its
// second try counts as any request.
#ifndef TESTS_LOAD_CLIENT_H_
#define TESTS_LOAD_CLIENT_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tests {

struct LoadCounts {
  std::uint64_t sent = 0;    // Requests whose outcome is known.
  std::uint64_t ok = 0;      // Whole 200s.
  std::uint64_t failed = 0;  // sent - ok.
  std::uint64_t resent = 0;  // Kept-alive connections closed under a GET.
  std::vector<std::string> first_failures;  // What went wrong, up to 20.
};

// "sent 9120, ok 9120, failed 0, resent 2".
std::string Describe(const LoadCounts& counts);

class LoadClient {
 public:
  struct Options {
    int port = 0;  // On 127.0.0.1.
    int keep_alive_clients = 4;
    int new_connection_clients = 4;
    int requests_per_second_each = 300;
    std::string target = "/";
  };

  // Starts every client at once.
  explicit LoadClient(const Options& options);
  ~LoadClient();  // Stops them.

  LoadClient(const LoadClient&) = delete;
  LoadClient& operator=(const LoadClient&) = delete;

  // The counts so far.
  LoadCounts Counts();
  // Lets each client finish the request it is on, joins them, and returns
  // the counts.
  LoadCounts Stop();

 private:
  void KeepAliveClient();
  void NewConnectionClient();
  // One GET on `fd`: true for a whole 200. `any_byte` says whether any of
  // the answer came; `close` whether the server ends the connection.
  bool Exchange(int fd, bool keep_alive, bool* any_byte, bool* close);
  void Record(bool ok, const std::string& what);
  void Pace(std::chrono::steady_clock::time_point* next);

  const Options options_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  LoadCounts counts_;  // Guarded by mutex_.
  std::vector<std::thread> clients_;
};

}  // namespace tests

#endif  // TESTS_LOAD_CLIENT_H_
