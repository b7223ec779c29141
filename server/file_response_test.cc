// FileReply's table: a real file in the test's temporary folder, requests
// built field by field, and the status, headers and part of the file each
// one gets. Over TCP against the binary: tests/file_response_test.cc.
#include "server/file_response.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "http/response.h"
#include "http/test_request.h"

namespace server {
namespace {

using http::RequestWith;

constexpr char kContents[] = "0123456789abcdefghij";  // 20 bytes.
constexpr std::time_t kModified = 1'700'000'000;      // Nov 2023.
constexpr std::time_t kNow = kModified + 3600;

std::optional<std::string> HeaderOf(const Reply& reply, std::string_view name) {
  for (const auto& [field, value] : reply.response.headers) {
    if (field == name) return value;
  }
  return std::nullopt;
}

class FileReplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::string(std::getenv("TEST_TMPDIR")) + "/file_reply";
    ::mkdir(root_.c_str(), 0755);
    std::ofstream(root_ + "/f.txt", std::ios::binary) << kContents;
    SetModified(kModified);
    Reply plain = Answer(RequestWith("GET", {}));
    etag_ = HeaderOf(plain, "ETag").value_or("");
    last_modified_ = HeaderOf(plain, "Last-Modified").value_or("");
  }

  void SetModified(std::time_t when) {
    timespec times[2] = {{when, 0}, {when, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, (root_ + "/f.txt").c_str(), times, 0), 0);
  }

  Reply Answer(const http::Request& request, std::time_t now = kNow) {
    StaticFile file = OpenStaticFile("/f.txt", root_);
    EXPECT_EQ(file.status, FileStatus::kFound);
    return FileReply(request, std::move(file), now);
  }

  std::string root_, etag_, last_modified_;
};

TEST_F(FileReplyTest, WholeFileWithItsValidatorsAndAcceptRanges) {
  Reply reply = Answer(RequestWith("GET", {}));
  EXPECT_EQ(reply.response.status, 200);
  EXPECT_TRUE(reply.file.fd.valid());
  EXPECT_EQ(reply.file.offset, 0u);
  EXPECT_EQ(reply.file.size, 20u);
  EXPECT_EQ(HeaderOf(reply, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(HeaderOf(reply, "Accept-Ranges"), "bytes");
  EXPECT_EQ(HeaderOf(reply, "Last-Modified"), "Tue, 14 Nov 2023 22:13:20 GMT");
  ASSERT_GT(etag_.size(), 2u);
  EXPECT_EQ(etag_.front(), '"');  // Strong: no W/.
  EXPECT_EQ(etag_.back(), '"');
}

TEST_F(FileReplyTest, ACurrentCopyIs304WithValidatorsOnly) {
  // The views in TestFields must outlive the loop.
  const std::string list = "\"other\", " + etag_, weak = "W/" + etag_;
  for (const http::TestFields& fields : std::vector<http::TestFields>{
           {{"If-None-Match", etag_}},
           {{"If-None-Match", list}},
           {{"If-None-Match", "*"}},
           {{"If-None-Match", weak}},  // Weak comparison.
           {{"If-Modified-Since", last_modified_}},
           {{"If-Modified-Since", "Wed, 15 Nov 2023 00:00:00 GMT"}},
           {{"If-None-Match", etag_}, {"Range", "bytes=0-1"}},
       }) {
    for (const char* method : {"GET", "HEAD"}) {
      Reply reply = Answer(RequestWith(method, fields));
      EXPECT_EQ(reply.response.status, 304) << method << fields[0].second;
      EXPECT_FALSE(reply.file.fd.valid());
      EXPECT_EQ(reply.response.body, "");
      EXPECT_EQ(HeaderOf(reply, "ETag"), etag_);
      EXPECT_EQ(HeaderOf(reply, "Last-Modified"), last_modified_);
      EXPECT_FALSE(HeaderOf(reply, "Content-Type"));
    }
  }
}

TEST_F(FileReplyTest, AChangedOrOlderCopyGetsTheWholeFile) {
  for (const http::TestFields& fields : std::vector<http::TestFields>{
           {{"If-None-Match", "\"other\""}},
           {{"If-Modified-Since", "Tue, 14 Nov 2023 22:13:19 GMT"}},
           // If-None-Match decides alone when both are sent (13.2.2).
           {{"If-None-Match", "\"other\""},
            {"If-Modified-Since", "Wed, 15 Nov 2023 00:00:00 GMT"}},
           {{"If-Modified-Since", "not a date"}},
       }) {
    Reply reply = Answer(RequestWith("GET", fields));
    EXPECT_EQ(reply.response.status, 200) << fields[0].second;
    EXPECT_EQ(reply.file.size, 20u);
  }
}

TEST_F(FileReplyTest, FailedPreconditionsAre412) {
  const std::string weak = "W/" + etag_;
  for (const http::TestFields& fields : std::vector<http::TestFields>{
           {{"If-Match", "\"other\""}},
           {{"If-Match", weak}},  // Strong comparison.
           {{"If-Unmodified-Since", "Tue, 14 Nov 2023 22:13:19 GMT"}},
       }) {
    Reply reply = Answer(RequestWith("GET", fields));
    EXPECT_EQ(reply.response.status, 412) << fields[0].second;
    EXPECT_FALSE(reply.file.fd.valid());
  }
  EXPECT_EQ(Answer(RequestWith("GET", {{"If-Match", etag_}})).response.status,
            200);
}

TEST_F(FileReplyTest, OneRangeIs206WithThatPartOfTheFile) {
  struct Case {
    const char* range;
    std::uint64_t offset, size;
    const char* content_range;
  };
  for (const Case& c : {Case{"bytes=2-5", 2, 4, "bytes 2-5/20"},
                        Case{"bytes=15-", 15, 5, "bytes 15-19/20"},
                        Case{"bytes=-3", 17, 3, "bytes 17-19/20"},
                        Case{"bytes=10-999", 10, 10, "bytes 10-19/20"},
                        Case{"BYTES = 0-0", 0, 1, "bytes 0-0/20"}}) {
    Reply reply = Answer(RequestWith("GET", {{"Range", c.range}}));
    if (std::string_view(c.range) == "BYTES = 0-0") {
      EXPECT_EQ(reply.response.status, 200) << "a space before = is invalid";
      continue;
    }
    EXPECT_EQ(reply.response.status, 206) << c.range;
    EXPECT_EQ(reply.file.offset, c.offset) << c.range;
    EXPECT_EQ(reply.file.size, c.size) << c.range;
    EXPECT_EQ(HeaderOf(reply, "Content-Range"), c.content_range);
    EXPECT_EQ(HeaderOf(reply, "ETag"), etag_);
    EXPECT_EQ(HeaderOf(reply, "Accept-Ranges"), "bytes");
  }
}

TEST_F(FileReplyTest, NoSatisfiableRangeIs416WithTheSize) {
  for (const char* range :
       {"bytes=20-", "bytes=99-100", "bytes=-0", "bytes=20-21, 30-"}) {
    Reply reply = Answer(RequestWith("GET", {{"Range", range}}));
    EXPECT_EQ(reply.response.status, 416) << range;
    EXPECT_EQ(HeaderOf(reply, "Content-Range"), "bytes */20") << range;
    EXPECT_FALSE(reply.file.fd.valid());
  }
}

TEST_F(FileReplyTest, InvalidSeveralOrUnconditionalRangesGetTheWholeFile) {
  for (const char* range :
       {"bytes=5-3", "items=0-1", "bytes=a-", "bytes=0-1,4-5", "bytes="}) {
    Reply reply = Answer(RequestWith("GET", {{"Range", range}}));
    EXPECT_EQ(reply.response.status, 200) << range;
    EXPECT_EQ(reply.file.size, 20u) << range;
  }
  // Range is for GET alone (RFC 9110 section 14.2): a HEAD gets the 200.
  EXPECT_EQ(
      Answer(RequestWith("HEAD", {{"Range", "bytes=0-1"}})).response.status,
      200);
}

TEST_F(FileReplyTest, IfRangeWithTheETagOrTheDateAllowsTheRange) {
  auto status = [&](const std::string& if_range) {
    return Answer(RequestWith("GET",
                              {{"Range", "bytes=0-1"}, {"If-Range", if_range}}))
        .response.status;
  };
  EXPECT_EQ(status(etag_), 206);
  EXPECT_EQ(status(last_modified_), 206);
  EXPECT_EQ(status("\"other\""), 200);
  EXPECT_EQ(status("W/" + etag_), 200);  // Strong comparison only.
  EXPECT_EQ(status("Wed, 15 Nov 2023 00:00:00 GMT"), 200);  // Not exact.
}

TEST_F(FileReplyTest, LastModifiedIsNeverLaterThanNow) {
  SetModified(kNow + 86400);  // An archive from the future.
  Reply reply = Answer(RequestWith("GET", {}));
  EXPECT_EQ(HeaderOf(reply, "Last-Modified"), http::HttpDate(kNow));
}

}  // namespace
}  // namespace server
