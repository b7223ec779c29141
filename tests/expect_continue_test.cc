// Expect: 100-continue (RFC 9110 section 10.1.1) against the real binary:
// a body the server will read is asked for with "100 Continue" before it is
// sent; a request it will refuse anyway (405, 413, 417) is answered at
// once, without waiting for the body, and the connection closes. Over raw
// TCP, and with curl, which sends the header for bodies over 1 MiB and
// otherwise waits a second before sending the body anyway.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "server/test_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

using std::chrono::milliseconds;

constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
// curl waits this long for a 100 before it sends the body regardless; an
// answer that comes sooner did not wait for it.
constexpr double kCurlWaitSeconds = 1.0;

// What arrives on `fd` within `wait`, without waiting for the stream to end.
std::string ReadFor(int fd, milliseconds wait, std::size_t bytes) {
  std::string received = ReadUntilClosed(fd, wait);
  return received == "<timeout>" ? "" : received.substr(0, bytes);
}

class ExpectContinueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({"--root", MakeRoot("expect", 1024)});
  }
  static void TearDownTestSuite() { delete server_; }
  void SetUp() override { ASSERT_GT(server_->port(), 0) << server_->log(); }

  static UniqueFd SendHead(const std::string& head) {
    UniqueFd fd = ConnectToLoopback(server_->port());
    EXPECT_TRUE(SendAll(fd.get(), head));
    return fd;
  }

  static ServerProcess* server_;
};

ServerProcess* ExpectContinueTest::server_ = nullptr;

TEST_F(ExpectContinueTest, ABodyThatWillBeReadIsAskedForWith100) {
  UniqueFd fd = SendHead(
      "GET /hello.html HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
      "Expect: 100-continue\r\n\r\n");
  std::string interim = ReadOneResponse(fd.get(), milliseconds(5000));
  ASSERT_EQ(interim, kContinue) << "no 100 before the body was sent";
  ASSERT_TRUE(SendAll(fd.get(), "hello"));
  std::string response = ReadOneResponse(fd.get(), milliseconds(5000));
  EXPECT_EQ(StatusOf(response), 200) << response;
  EXPECT_EQ(BodyOf(response), "<h1>Hello!</h1>");
  // The body was read: the connection goes on.
  ASSERT_TRUE(SendAll(fd.get(), "GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_EQ(StatusOf(ReadOneResponse(fd.get(), milliseconds(5000))), 200);
}

TEST_F(ExpectContinueTest,
       ARefusedBodyIsAnsweredAtOnceThenTheConnectionCloses) {
  struct Case {
    std::string head;
    int status;
  };
  for (const Case& c : {
           Case{"POST /hello.html HTTP/1.1\r\nHost: a\r\nContent-Length: 900"
                "\r\nExpect: 100-continue\r\n\r\n",
                405},
           Case{"PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                "Expect: 100-continue\r\n\r\n",
                405},
           Case{"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n"
                "Expect: 100-continue\r\n\r\n",
                413},
           Case{"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n"
                "Expect: 200-ok\r\n\r\n",
                417},
       }) {
    UniqueFd fd = SendHead(c.head);
    // Never sending the body: the answer must come, and then the end.
    std::string answer = ReadUntilClosed(fd.get(), milliseconds(5000));
    EXPECT_EQ(StatusOf(answer), c.status) << c.head << answer;
    EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos);
    EXPECT_EQ(answer.find("100 Continue"), std::string::npos);
  }
}

TEST_F(ExpectContinueTest, Http10HasNoExpectation) {
  UniqueFd fd = SendHead(
      "GET / HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(ReadFor(fd.get(), milliseconds(300), 100), "")
      << "a 100 to HTTP/1.0 (RFC 9110: MUST NOT)";
  ASSERT_TRUE(SendAll(fd.get(), "ab"));
  EXPECT_EQ(StatusOf(ReadUntilClosed(fd.get(), milliseconds(5000))), 200);
}

// curl's verbose output, its status and its time.
struct CurlRun {
  int exit = -1;
  std::string output;
  int status = 0;
  double seconds = 0;
};

CurlRun Curl(std::vector<std::string> args) {
  args.insert(args.begin(), {"-sv", "-o", "/dev/null", "-w",
                             "\nstatus=%{http_code} time=%{time_total}\n"});
  CurlRun run;
  run.exit = RunToCompletion("curl", args, &run.output);
  std::size_t at = run.output.rfind("\nstatus=");
  if (at != std::string::npos) {
    run.status = std::atoi(run.output.c_str() + at + 8);
    run.seconds =
        std::atof(run.output.c_str() + run.output.find("time=", at) + 5);
  }
  return run;
}

std::string MakeUpload(const std::string& name, std::size_t bytes) {
  std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << std::string(bytes, 'a');
  return path;
}

// curl -d @file: a 2 MB body (curl sends "Expect: 100-continue" for bodies
// over 1 MiB) POSTed to a file gets its 405 at once, not after curl's wait.
TEST(CurlExpectTest, PostingAFileGetsTheFinalStatusWithoutWaiting) {
  ServerProcess server(
      {"--max-body", "4194304", "--root", MakeRoot("curl_post", 1024)});
  ASSERT_GT(server.port(), 0) << server.log();
  const std::string url =
      "http://127.0.0.1:" + std::to_string(server.port()) + "/hello.html";
  CurlRun run = Curl({"-d", "@" + MakeUpload("upload", 2'000'000), url});
  ASSERT_EQ(run.exit, 0) << run.output;
  EXPECT_NE(run.output.find("> Expect: 100-continue"), std::string::npos)
      << "curl did not ask; this test would prove nothing\n"
      << run.output;
  EXPECT_EQ(run.status, 405) << run.output;
  EXPECT_LT(run.seconds, kCurlWaitSeconds) << run.output;
  EXPECT_EQ(run.output.find("< HTTP/1.1 100"), std::string::npos);
}

TEST(CurlExpectTest, ABodyOverMaxBodyIs413WithoutWaiting) {
  ServerProcess server({"--root", MakeRoot("curl_413", 1024)});
  ASSERT_GT(server.port(), 0) << server.log();
  CurlRun run =
      Curl({"-d", "@" + MakeUpload("too_big", 2'000'000),
            "http://127.0.0.1:" + std::to_string(server.port()) + "/"});
  ASSERT_EQ(run.exit, 0) << run.output;
  EXPECT_EQ(run.status, 413) << run.output;
  EXPECT_LT(run.seconds, kCurlWaitSeconds) << run.output;
}

TEST(CurlExpectTest, ABodyThatWillBeReadGets100ThenTheAnswer) {
  ServerProcess server({"--root", MakeRoot("curl_get", 1024)});
  ASSERT_GT(server.port(), 0) << server.log();
  CurlRun run = Curl(
      {"-X", "GET", "--data-binary", "@" + MakeUpload("small", 10'000), "-H",
       "Expect: 100-continue",
       "http://127.0.0.1:" + std::to_string(server.port()) + "/hello.html"});
  ASSERT_EQ(run.exit, 0) << run.output;
  std::size_t interim = run.output.find("< HTTP/1.1 100 Continue");
  std::size_t final = run.output.find("< HTTP/1.1 200 OK");
  ASSERT_NE(interim, std::string::npos) << run.output;
  ASSERT_NE(final, std::string::npos) << run.output;
  EXPECT_LT(interim, final);
  EXPECT_EQ(run.status, 200);
  EXPECT_LT(run.seconds, kCurlWaitSeconds) << run.output;
}

}  // namespace
}  // namespace tests
