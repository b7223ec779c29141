// The event loop over real loopback sockets. With MockExecutor the test
// holds each job and sees exactly when a connection reaches the pool; with
// InlineExecutor and ThreadPool it serves real clients.
#include "server/event_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pool/inline_executor.h"
#include "pool/mock_executor.h"
#include "pool/thread_pool.h"
#include "server/listener.h"
#include "server/routes.h"
#include "server/test_client.h"

namespace server {
namespace {

using std::chrono::milliseconds;
using ::testing::_;
using ::testing::NiceMock;
using Clock = std::chrono::steady_clock;

const Site kSite{"hello", "not found", milliseconds(300), ""};

constexpr char kKeepAliveGet[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

// Collects the jobs a MockExecutor is given, for the test to run when it
// chooses. Submit comes from the loop's thread, so it is locked.
class HeldJobs {
 public:
  explicit HeldJobs(pool::MockExecutor& executor) {
    ON_CALL(executor, Submit(_)).WillByDefault([this](pool::Job job) {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(job));
      arrived_.notify_all();
      return true;
    });
  }

  // Waits up to `wait` for a job; runs the oldest. False if none came.
  bool RunOne(milliseconds wait = milliseconds(5000)) {
    pool::Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!arrived_.wait_for(lock, wait, [this] { return !jobs_.empty(); })) {
        return false;
      }
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
    return true;
  }

  std::size_t waiting() {
    std::lock_guard<std::mutex> lock(mutex_);
    return jobs_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<pool::Job> jobs_;
};

class EventLoopTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ::signal(SIGPIPE, SIG_IGN); }  // As main.

  void Start(pool::Executor& executor, LoopOptions options = {}) {
    std::string error;
    std::optional<UniqueFd> listener = Listen("127.0.0.1", 0, &error);
    ASSERT_TRUE(listener) << error;
    port_ = LocalPort(listener->get());
    int ends[2];
    ASSERT_EQ(::pipe(ends), 0);
    stop_read_ = UniqueFd(ends[0]);
    stop_write_ = UniqueFd(ends[1]);
    loop_ = std::make_unique<EventLoop>(std::move(*listener), stop_read_.get(),
                                        executor, handler_, options);
    running_ = std::async(std::launch::async, [this] { return loop_->Run(); });
  }

  // Starts the shutdown; returns whether Run returned true within `wait`.
  bool Stop(milliseconds wait = milliseconds(5000)) {
    EXPECT_EQ(::write(stop_write_.get(), "x", 1), 1);
    if (running_.wait_for(wait) != std::future_status::ready) return false;
    return running_.get();
  }

  void TearDown() override {
    if (running_.valid()) Stop();
  }

  UniqueFd Connect() {
    UniqueFd fd = tests::ConnectToLoopback(port_);
    EXPECT_TRUE(fd.valid());
    return fd;
  }

  static void Send(const UniqueFd& fd, const std::string& bytes) {
    ASSERT_TRUE(tests::SendAll(fd.get(), bytes));
  }

  static std::string ReadResponse(const UniqueFd& fd) {
    return tests::ReadOneResponse(fd.get(), milliseconds(5000));
  }

  // Whether the server has closed `fd` (EOF after any pending bytes).
  static bool ClosedWithin(const UniqueFd& fd, milliseconds wait) {
    std::string rest = tests::ReadUntilClosed(fd.get(), wait);
    return rest != "<timeout>";
  }

  Handler handler_ = RoutesHandler(kSite);
  int port_ = 0;
  UniqueFd stop_read_, stop_write_;
  std::unique_ptr<EventLoop> loop_;
  std::future<bool> running_;
};

TEST_F(EventLoopTest, ConnectionReachesTheExecutorOnlyWithAWholeRequest) {
  NiceMock<pool::MockExecutor> executor;
  HeldJobs held(executor);
  Start(executor);

  UniqueFd client = Connect();
  Send(client, "GET / HTTP/1.1\r\nHo");
  EXPECT_FALSE(held.RunOne(milliseconds(200)))
      << "a half request was submitted";
  Send(client, "st: a\r\n\r\n");
  ASSERT_TRUE(held.RunOne());
  std::string response = ReadResponse(client);
  EXPECT_EQ(tests::StatusOf(response), 200) << response;
  EXPECT_NE(response.find("Connection: keep-alive\r\n"), std::string::npos);
}

// The loop itself says "100 Continue": a client waiting to send its body
// costs no worker until the body is in.
TEST_F(EventLoopTest, TheLoopAsksForAWantedBodyWithoutAWorker) {
  NiceMock<pool::MockExecutor> executor;
  HeldJobs held(executor);
  Start(executor);

  UniqueFd client = Connect();
  Send(client,
       "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
       "Expect: 100-continue\r\n\r\n");
  EXPECT_EQ(ReadResponse(client), "HTTP/1.1 100 Continue\r\n\r\n");
  EXPECT_EQ(held.waiting(), 0u) << "submitted before its body came";
  Send(client, "body");
  ASSERT_TRUE(held.RunOne());
  EXPECT_EQ(tests::StatusOf(ReadResponse(client)), 200);
}

// A body that won't be read: the head goes to a worker at once, is
// answered, and the connection closes without the body ever being sent.
TEST_F(EventLoopTest, AnUnwantedBodyIsAnsweredWithoutWaitingForIt) {
  NiceMock<pool::MockExecutor> executor;
  HeldJobs held(executor);
  Start(executor);

  UniqueFd client = Connect();
  Send(client,
       "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n"
       "Expect: 100-continue\r\n\r\n");
  ASSERT_TRUE(held.RunOne());
  std::string answer = tests::ReadUntilClosed(client.get(), milliseconds(5000));
  EXPECT_EQ(tests::StatusOf(answer), 405) << answer;
  EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos);
}

TEST_F(EventLoopTest, IdleConnectionsHoldNoJob) {
  NiceMock<pool::MockExecutor> executor;
  HeldJobs held(executor);
  Start(executor);

  std::vector<UniqueFd> idle;
  for (int i = 0; i < 50; ++i) idle.push_back(Connect());
  UniqueFd client = Connect();
  Send(client, kKeepAliveGet);
  ASSERT_TRUE(held.RunOne());
  EXPECT_EQ(tests::StatusOf(ReadResponse(client)), 200);
  EXPECT_EQ(held.waiting(), 0u) << "an idle connection was submitted";
}

TEST_F(EventLoopTest, KeptAliveConnectionServesRequestAfterRequest) {
  pool::InlineExecutor executor;
  Start(executor);
  UniqueFd client = Connect();
  for (int i = 0; i < 5; ++i) {
    Send(client, kKeepAliveGet);
    EXPECT_EQ(tests::StatusOf(ReadResponse(client)), 200) << "request " << i;
  }
  Send(client, "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  std::string last = ReadResponse(client);
  EXPECT_NE(last.find("Connection: close\r\n"), std::string::npos) << last;
  EXPECT_TRUE(ClosedWithin(client, milliseconds(2000)));
}

TEST_F(EventLoopTest, PipelinedRequestsAreAnsweredInOrder) {
  pool::InlineExecutor executor;
  Start(executor);
  UniqueFd client = Connect();
  Send(client,
       "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
       "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n"
       "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"
       "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  std::string all = tests::ReadUntilClosed(client.get(), milliseconds(5000));
  std::vector<int> statuses;
  for (std::size_t at = all.find("HTTP/1.1 "); at != std::string::npos;
       at = all.find("HTTP/1.1 ", at + 1)) {
    statuses.push_back(tests::StatusOf(all.substr(at)));
  }
  EXPECT_THAT(statuses, ::testing::ElementsAre(200, 404, 200, 200)) << all;
}

TEST_F(EventLoopTest, FullQueueAnswers503WithRetryAfterThenRecovers) {
  NiceMock<pool::MockExecutor> executor;
  HeldJobs held(executor);
  LoopOptions options;
  options.max_queue = 1;
  Start(executor, options);

  UniqueFd first = Connect();
  Send(first, kKeepAliveGet);
  while (held.waiting() == 0) std::this_thread::sleep_for(milliseconds(5));
  UniqueFd second = Connect();
  Send(second, kKeepAliveGet);
  std::string refused =
      tests::ReadUntilClosed(second.get(), milliseconds(5000));
  EXPECT_EQ(tests::StatusOf(refused), 503) << refused;
  EXPECT_NE(refused.find("Retry-After: 1\r\n"), std::string::npos) << refused;

  ASSERT_TRUE(held.RunOne());  // The queue drains...
  EXPECT_EQ(tests::StatusOf(ReadResponse(first)), 200);
  UniqueFd third = Connect();  // ...and new requests are taken again.
  Send(third, kKeepAliveGet);
  ASSERT_TRUE(held.RunOne());
  EXPECT_EQ(tests::StatusOf(ReadResponse(third)), 200);
}

TEST_F(EventLoopTest, TooManyConnectionsAreTurnedAway) {
  pool::InlineExecutor executor;
  LoopOptions options;
  options.max_connections = 2;
  Start(executor, options);
  UniqueFd first = Connect(), second = Connect();
  // A request begun: the listener hands a connection over with its first
  // bytes (listener.h).
  Send(first, "GET / HTTP/1.1\r\n");
  Send(second, "GET / HTTP/1.1\r\n");
  std::this_thread::sleep_for(milliseconds(100));  // Both accepted.
  UniqueFd third = Connect();
  Send(third, kKeepAliveGet);
  std::string refused = tests::ReadUntilClosed(third.get(), milliseconds(5000));
  EXPECT_EQ(tests::StatusOf(refused), 503) << refused;
}

TEST_F(EventLoopTest, DribblingClientIsCutOffAtTheHeaderDeadline) {
  pool::InlineExecutor executor;
  LoopOptions options;
  options.header_timeout = milliseconds(300);
  Start(executor, options);
  UniqueFd client = Connect();
  Clock::time_point start = Clock::now();
  // One byte every 50 ms: each read would reset a per-read timeout.
  std::string head = "GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ";
  bool cut_off = false;
  for (int i = 0; i < 60 && !cut_off; ++i) {
    cut_off =
        !tests::SendAll(client.get(), std::string(1, head[i % head.size()]));
    pollfd readable{client.get(), POLLIN, 0};
    cut_off = cut_off || ::poll(&readable, 1, 50) == 1;
  }
  milliseconds took =
      std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  ASSERT_TRUE(cut_off) << "still connected after 3 s";
  EXPECT_GE(took, milliseconds(250));
  EXPECT_LT(took, milliseconds(2000));
  std::string answer = tests::ReadUntilClosed(client.get(), milliseconds(2000));
  EXPECT_EQ(tests::StatusOf(answer), 408) << answer;
}

// What the loop answers itself (408, 503) is logged like the rest, with
// what arrived of the request line.
TEST_F(EventLoopTest, ResponsesTheLoopSendsItselfAreLogged) {
  int ends[2];
  ASSERT_EQ(::pipe(ends), 0);
  UniqueFd log_read(ends[0]);
  AccessLog log{UniqueFd(ends[1])};
  pool::InlineExecutor executor;
  LoopOptions options;
  options.header_timeout = milliseconds(200);
  options.access_log = &log;
  Start(executor, options);
  UniqueFd client = Connect();
  Send(client, "GET /slow HT");
  std::string answer = tests::ReadUntilClosed(client.get(), milliseconds(5000));
  EXPECT_EQ(tests::StatusOf(answer), 408) << answer;
  EXPECT_TRUE(Stop());
  log.Stop();
  char text[4096];
  ssize_t got = ::read(log_read.get(), text, sizeof text);
  ASSERT_GT(got, 0);
  std::string line(text, static_cast<std::size_t>(got));
  EXPECT_EQ(line.rfind("127.0.0.1 - - [", 0), 0u) << line;
  EXPECT_NE(line.find("] \"GET /slow HT\" 408 "), std::string::npos) << line;
}

TEST_F(EventLoopTest, IdleKeepAliveConnectionIsClosedAfterItsTimeout) {
  pool::InlineExecutor executor;
  LoopOptions options;
  options.idle_timeout = milliseconds(200);
  Start(executor, options);
  UniqueFd client = Connect();
  Send(client, kKeepAliveGet);
  EXPECT_EQ(tests::StatusOf(ReadResponse(client)), 200);
  EXPECT_TRUE(ClosedWithin(client, milliseconds(2000)));
}

TEST_F(EventLoopTest, RefusedJobClosesItsConnectionAndShutdownStillEnds) {
  NiceMock<pool::MockExecutor> executor;
  ON_CALL(executor, Submit(_)).WillByDefault(::testing::Return(false));
  Start(executor);
  UniqueFd client = Connect();
  Send(client, kKeepAliveGet);
  EXPECT_EQ(tests::ReadUntilClosed(client.get(), milliseconds(5000)), "");
  EXPECT_TRUE(Stop());
}

// Kept-alive connections with nothing of a next request are closed at once
// (their clients resend, RFC 9112 section 9.3.1); a new connection that has
// not sent its request yet is about to: it gets a grace to send it.
TEST_F(EventLoopTest, ShutdownClosesIdleConnectionsAtOnceAndFinishesInFlight) {
  pool::ThreadPool workers(2);
  Start(workers);
  std::vector<UniqueFd> idle;
  for (int i = 0; i < 20; ++i) {
    idle.push_back(Connect());
    Send(idle.back(), kKeepAliveGet);
    EXPECT_EQ(tests::StatusOf(ReadResponse(idle.back())), 200);
  }
  UniqueFd fresh = Connect();
  UniqueFd busy = Connect();
  Send(busy, "GET /sleep HTTP/1.1\r\nHost: a\r\n\r\n");
  std::this_thread::sleep_for(milliseconds(100));  // /sleep is in a worker.

  Clock::time_point start = Clock::now();
  ASSERT_EQ(::write(stop_write_.get(), "x", 1), 1);
  for (UniqueFd& fd : idle) EXPECT_TRUE(ClosedWithin(fd, milliseconds(150)));
  Send(fresh, kKeepAliveGet);  // Late, but within the grace.
  std::string late = tests::ReadUntilClosed(fresh.get(), milliseconds(5000));
  EXPECT_EQ(tests::StatusOf(late), 200) << late;
  EXPECT_NE(late.find("Connection: close\r\n"), std::string::npos);
  std::string answer = tests::ReadUntilClosed(busy.get(), milliseconds(5000));
  EXPECT_EQ(tests::StatusOf(answer), 200) << answer;
  EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos);
  ASSERT_EQ(running_.wait_for(std::chrono::seconds(5)),
            std::future_status::ready);
  EXPECT_TRUE(running_.get());
  EXPECT_LT(Clock::now() - start, milliseconds(2000));
  EXPECT_FALSE(tests::ConnectToLoopback(port_).valid()) << "still accepting";
}

// A new connection that never sends its request is closed after the grace.
TEST_F(EventLoopTest, ShutdownGivesUpOnANewConnectionThatSendsNothing) {
  pool::InlineExecutor executor;
  Start(executor);
  UniqueFd silent = Connect();
  // Not yet handed over by the listener (listener.h): the loop keeps it
  // open until the kernel does, then gives the connection its grace.
  std::this_thread::sleep_for(milliseconds(50));
  Clock::time_point start = Clock::now();
  EXPECT_TRUE(Stop());
  EXPECT_TRUE(ClosedWithin(silent, milliseconds(100)));
  EXPECT_LT(Clock::now() - start, milliseconds(3500));
}

// During the drain the stopping flag is up and the loop still accepts and
// answers, each response ending its connection; then it stops accepting.
TEST_F(EventLoopTest, DrainServesOnWithConnectionCloseThenStopsAccepting) {
  pool::InlineExecutor executor;
  std::atomic<bool> stopping{false};
  LoopOptions options;
  options.drain = milliseconds(600);
  options.stopping = &stopping;
  Start(executor, options);
  ASSERT_EQ(::write(stop_write_.get(), "x", 1), 1);
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_TRUE(stopping);
  UniqueFd during = Connect();
  Send(during, kKeepAliveGet);
  std::string answer = tests::ReadUntilClosed(during.get(), milliseconds(5000));
  EXPECT_EQ(tests::StatusOf(answer), 200) << answer;
  EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos);
  ASSERT_EQ(running_.wait_for(std::chrono::seconds(5)),
            std::future_status::ready);
  EXPECT_TRUE(running_.get());
  EXPECT_FALSE(tests::ConnectToLoopback(port_).valid()) << "still accepting";
}

// A request the handler answers at once (GET /healthz) is answered by the
// loop itself: it needs no worker, and a pipelined one after it still goes
// to one.
TEST_F(EventLoopTest, AQuickRequestIsAnsweredWithoutAWorker) {
  handler_.answers_at_once = [](const http::Request& request) {
    return request.target == "/";
  };
  NiceMock<pool::MockExecutor> executor;
  HeldJobs held(executor);
  Start(executor);
  UniqueFd client = Connect();
  Send(client, kKeepAliveGet);
  EXPECT_EQ(tests::StatusOf(ReadResponse(client)), 200);
  EXPECT_EQ(held.waiting(), 0u);
  Send(client,
       std::string(kKeepAliveGet) + "GET /missing HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(tests::StatusOf(ReadResponse(client)), 200);
  ASSERT_TRUE(held.RunOne()) << "the pipelined request reached no worker";
  EXPECT_EQ(tests::StatusOf(ReadResponse(client)), 404);
}

// A request that has fully arrived when the shutdown begins is answered,
// not dropped with the idle connections. InlineExecutor runs /sleep on the
// loop's own thread, so the stop and the request are both waiting, stop
// first, when the loop next looks.
TEST_F(EventLoopTest, RequestArrivingAsShutdownBeginsIsAnswered) {
  pool::InlineExecutor executor;
  Start(executor);
  UniqueFd slow = Connect(), late = Connect();
  Send(late, "GET / HTTP/1.1\r\n");  // Accepted (listener.h), and held.
  std::this_thread::sleep_for(milliseconds(50));
  Send(slow, "GET /sleep HTTP/1.1\r\nHost: a\r\n\r\n");
  std::this_thread::sleep_for(milliseconds(50));  // The loop is in /sleep.
  ASSERT_EQ(::write(stop_write_.get(), "x", 1), 1);
  Send(late, "Host: a\r\n\r\n");

  std::string answer = tests::ReadUntilClosed(late.get(), milliseconds(5000));
  EXPECT_EQ(tests::StatusOf(answer), 200) << answer;
  EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(
      tests::StatusOf(tests::ReadUntilClosed(slow.get(), milliseconds(5000))),
      200);
}

TEST_F(EventLoopTest, ThreadPoolServesManyKeepAliveClients) {
  pool::ThreadPool workers(4);
  Start(workers);
  std::vector<std::future<int>> clients;
  for (int c = 0; c < 32; ++c) {
    clients.push_back(std::async(std::launch::async, [this] {
      UniqueFd fd = Connect();
      int ok = 0;
      for (int i = 0; i < 20; ++i) {
        if (!tests::SendAll(fd.get(), kKeepAliveGet)) break;
        ok += tests::StatusOf(ReadResponse(fd)) == 200;
      }
      return ok;
    }));
  }
  for (auto& client : clients) EXPECT_EQ(client.get(), 20);
  // The loop submits to `workers` until it stops: stop it first (TSan
  // caught Submit racing with ~ThreadPool when TearDown did it).
  EXPECT_TRUE(Stop());
}

TEST_F(EventLoopTest, ThrowingHandlerCostsOneRequestA500NotTheWorker) {
  handler_.answer = [](const http::Request& request) {
    if (request.target == "/boom") throw std::runtime_error("boom");
    return Route(request, kSite);
  };
  pool::ThreadPool workers(1);  // If it died, nothing after would be served.
  Start(workers);

  UniqueFd first = Connect();
  Send(first, "GET /boom HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string failed = ReadResponse(first);
  EXPECT_EQ(tests::StatusOf(failed), 500) << failed;
  EXPECT_NE(failed.find("Connection: close"), std::string::npos) << failed;
  EXPECT_TRUE(ClosedWithin(first, milliseconds(5000)));

  for (int i = 0; i < 3; ++i) {
    UniqueFd next = Connect();
    Send(next, kKeepAliveGet);
    EXPECT_EQ(tests::StatusOf(ReadResponse(next)), 200);
  }
  EXPECT_TRUE(Stop());  // Before `workers` goes.
}

}  // namespace
}  // namespace server
