// Each row of issue 15's table that concerns files, over TCP against the
// real binary: byte ranges (206, 416, ignored, several answered whole,
// If-Range), validators (ETag, Last-Modified, 304 with no body and no
// Content-Length, 412), HEAD with the same headers as GET, and folders
// (index.html, 404 without one, 301 to the slash keeping the query).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "server/test_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

using std::chrono::milliseconds;

constexpr std::size_t kBigBytes = 1 << 20;  // Sent with sendfile.
// big.bin's modification time: 14 Nov 2023, long over, so that its
// Last-Modified is a strong validator (an If-Range date counts).
constexpr std::time_t kModified = 1'700'000'000;
constexpr char kLastModified[] = "Tue, 14 Nov 2023 22:13:20 GMT";

class FileResponseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    contents_ = new std::string;
    std::filesystem::path root = MakeRoot("files", kBigBytes, contents_);
    std::filesystem::create_directories(root / "docs");
    std::filesystem::create_directories(root / "empty");
    std::ofstream(root / "docs" / "index.html") << "<h1>Docs</h1>";
    timespec times[2] = {{kModified, 0}, {kModified, 0}};
    ::utimensat(AT_FDCWD, (root / "big.bin").c_str(), times, 0);
    server_ = new ServerProcess({"--root", root.string()});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete contents_;
  }
  void SetUp() override { ASSERT_GT(server_->port(), 0) << server_->log(); }

  // GET (or `method`) `target` with `fields` (each "Name: value\r\n").
  static std::string Send(const std::string& target, const std::string& fields,
                          const std::string& method = "GET") {
    return Fetch(server_->port(),
                 method + " " + target +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                     fields + "\r\n");
  }

  static std::string ETag() {
    return HeaderOf(Send("/big.bin", "", "HEAD"), "ETag").value_or("<none>");
  }

  static ServerProcess* server_;
  static std::string* contents_;
};

ServerProcess* FileResponseTest::server_ = nullptr;
std::string* FileResponseTest::contents_ = nullptr;

TEST_F(FileResponseTest, AFileCarriesItsValidatorsAndAcceptRanges) {
  std::string response = Send("/big.bin", "");
  EXPECT_EQ(StatusOf(response), 200);
  EXPECT_TRUE(BodyOf(response) == *contents_);
  EXPECT_EQ(HeaderOf(response, "Accept-Ranges"), "bytes");
  EXPECT_EQ(HeaderOf(response, "Last-Modified"), kLastModified);
  std::string etag = HeaderOf(response, "ETag").value_or("");
  ASSERT_GE(etag.size(), 3u) << response;
  EXPECT_EQ(etag.front(), '"') << "strong: no W/";
  EXPECT_EQ(etag.back(), '"');
}

TEST_F(FileResponseTest, HeadGetsTheHeadersOfGet) {
  for (const std::string& fields :
       {std::string(), "If-None-Match: " + ETag() + "\r\n",
        std::string("If-Match: \"nope\"\r\n")}) {
    std::string get = Send("/big.bin", fields);
    std::string head = Send("/big.bin", fields, "HEAD");
    EXPECT_EQ(BodyOf(head), "");
    EXPECT_EQ(StatusOf(head), StatusOf(get)) << fields;
    for (const char* name : {"Content-Type", "Content-Length", "ETag",
                             "Last-Modified", "Accept-Ranges"}) {
      EXPECT_EQ(HeaderOf(head, name), HeaderOf(get, name)) << name << fields;
    }
  }
}

TEST_F(FileResponseTest, OneRangeIs206WithExactlyThoseBytes) {
  const std::size_t size = kBigBytes;
  struct Case {
    std::string range;
    std::size_t first, length;
  };
  for (const Case& c :
       {Case{"bytes=0-99", 0, 100}, Case{"bytes=1000-", 1000, size - 1000},
        Case{"bytes=-500", size - 500, 500}, Case{"bytes=5-5", 5, 1},
        Case{"bytes=100-99999999", 100, size - 100}}) {
    std::string response = Send("/big.bin", "Range: " + c.range + "\r\n");
    EXPECT_EQ(StatusOf(response), 206) << c.range;
    EXPECT_EQ(HeaderOf(response, "Content-Range"),
              "bytes " + std::to_string(c.first) + "-" +
                  std::to_string(c.first + c.length - 1) + "/" +
                  std::to_string(size));
    EXPECT_EQ(HeaderOf(response, "Content-Length"), std::to_string(c.length));
    EXPECT_TRUE(BodyOf(response) == contents_->substr(c.first, c.length))
        << c.range << ": " << BodyOf(response).size() << " bytes";
  }
}

TEST_F(FileResponseTest, NoSatisfiableRangeIs416WithTheSize) {
  for (const char* range : {"bytes=1048576-", "bytes=2000000-2000001",
                            "bytes=-0", "bytes=1048576-, 2000000-"}) {
    std::string response =
        Send("/big.bin", std::string("Range: ") + range + "\r\n");
    EXPECT_EQ(StatusOf(response), 416) << range;
    EXPECT_EQ(HeaderOf(response, "Content-Range"), "bytes */1048576") << range;
  }
}

// RFC 9110 section 14.2: an invalid Range is ignored. Several ranges are
// answered with the whole file, as the section allows (nginx would send
// multipart/byteranges; see README).
TEST_F(FileResponseTest, InvalidOrSeveralRangesGetTheWholeFile) {
  for (const char* range : {"bytes=5-3", "items=0-1", "bytes=x-", "bytes 0-1",
                            "bytes=0-1,10-11", "bytes=0-0,-1"}) {
    std::string response =
        Send("/big.bin", std::string("Range: ") + range + "\r\n");
    EXPECT_EQ(StatusOf(response), 200) << range;
    EXPECT_EQ(BodyOf(response).size(), kBigBytes) << range;
  }
}

TEST_F(FileResponseTest, IfRangeServesTheRangeOnlyForTheSameFile) {
  auto status = [](const std::string& if_range) {
    return StatusOf(
        Send("/big.bin", "Range: bytes=0-9\r\nIf-Range: " + if_range + "\r\n"));
  };
  EXPECT_EQ(status(ETag()), 206);
  EXPECT_EQ(status(kLastModified), 206);
  EXPECT_EQ(status("\"an-older-version\""), 200);
  EXPECT_EQ(status("W/" + ETag()), 200);
  EXPECT_EQ(status("Tue, 14 Nov 2023 22:13:21 GMT"), 200);
}

TEST_F(FileResponseTest, ACurrentCopyIs304WithNoBodyAndNoLength) {
  const std::string etag = ETag();
  UniqueFd connection = ConnectToLoopback(server_->port());
  for (const std::string& fields : {
           "If-None-Match: " + etag + "\r\n",
           "If-None-Match: \"old\", " + etag + "\r\n",
           std::string("If-None-Match: *\r\n"),
           std::string("If-Modified-Since: ") + kLastModified + "\r\n",
           "If-None-Match: " + etag + "\r\nRange: bytes=0-1\r\n",
       }) {
    // On one kept-alive connection: a 304 whose framing were wrong would
    // garble the next response.
    ASSERT_TRUE(
        SendAll(connection.get(),
                "GET /big.bin HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n"));
    std::string response =
        ReadOneResponse(connection.get(), milliseconds(5000));
    EXPECT_EQ(StatusOf(response), 304) << fields << response;
    EXPECT_EQ(HeaderOf(response, "Content-Length"), std::nullopt) << fields;
    EXPECT_EQ(HeaderOf(response, "ETag"), etag);
    EXPECT_EQ(HeaderOf(response, "Last-Modified"), kLastModified);
  }
  ASSERT_TRUE(
      SendAll(connection.get(), "GET /hello.html HTTP/1.1\r\nHost: a\r\n\r\n"));
  std::string next = ReadOneResponse(connection.get(), milliseconds(5000));
  EXPECT_EQ(StatusOf(next), 200) << next;
  EXPECT_EQ(BodyOf(next), "<h1>Hello!</h1>");
}

TEST_F(FileResponseTest, AChangedCopyGetsTheWholeFile) {
  for (const std::string& fields : {
           std::string("If-None-Match: \"old\"\r\n"),
           std::string("If-Modified-Since: Mon, 13 Nov 2023 00:00:00 GMT\r\n"),
           // If-None-Match decides when both are sent (RFC 9110 13.2.2).
           std::string("If-None-Match: \"old\"\r\n"
                       "If-Modified-Since: Wed, 15 Nov 2023 00:00:00 GMT\r\n"),
       }) {
    std::string response = Send("/big.bin", fields);
    EXPECT_EQ(StatusOf(response), 200) << fields;
    EXPECT_EQ(BodyOf(response).size(), kBigBytes);
  }
}

TEST_F(FileResponseTest, FailedPreconditionsAre412) {
  for (const std::string& fields : {
           std::string("If-Match: \"old\"\r\n"),
           std::string(
               "If-Unmodified-Since: Mon, 13 Nov 2023 00:00:00 GMT\r\n"),
       }) {
    EXPECT_EQ(StatusOf(Send("/big.bin", fields)), 412) << fields;
  }
  EXPECT_EQ(StatusOf(Send("/big.bin", "If-Match: " + ETag() + "\r\n")), 200);
}

TEST_F(FileResponseTest, AFolderIsItsIndexPageOrA404) {
  std::string index = Send("/docs/", "");
  EXPECT_EQ(StatusOf(index), 200);
  EXPECT_EQ(BodyOf(index), "<h1>Docs</h1>");
  EXPECT_EQ(HeaderOf(index, "Content-Type"), "text/html; charset=utf-8");
  std::string empty = Send("/empty/", "");
  EXPECT_EQ(StatusOf(empty), 404) << "no listings";
  EXPECT_EQ(BodyOf(empty), "<h1>Oops!</h1>");
}

TEST_F(FileResponseTest, AFolderWithoutItsSlashIs301KeepingTheQuery) {
  struct Case {
    std::string target, location;
  };
  for (const Case& c : {Case{"/docs", "/docs/"},
                        Case{"/docs?lang=en&x=%20", "/docs/?lang=en&x=%20"},
                        Case{"/empty", "/empty/"}, Case{"//docs", "/docs/"},
                        Case{"http://127.0.0.1/docs?q", "/docs/?q"}}) {
    std::string response = Send(c.target, "");
    EXPECT_EQ(StatusOf(response), 301) << c.target;
    EXPECT_EQ(HeaderOf(response, "Location"), c.location) << c.target;
  }
}

}  // namespace
}  // namespace tests
