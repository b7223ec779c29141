// Table-driven tests of ParseRequestHead: each row is bytes in, and either
// the parsed request or the status the server will answer with.
#include "http/request.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "http/response.h"

namespace http {
namespace {

struct ValidCase {
  std::string_view name;
  std::string_view bytes;
  std::string_view method;
  std::string_view target;
  std::string_view version;
  std::size_t header_count;
};

class ParsesValidHead : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ParsesValidHead, IntoItsParts) {
  const ValidCase& c = GetParam();
  Request request;
  ParseResult result = ParseRequestHead(c.bytes, request);
  ASSERT_EQ(result.status, ParseStatus::kComplete) << Describe(result.error);
  EXPECT_EQ(result.head_size, c.bytes.find("\r\n\r\n") + 4);
  EXPECT_EQ(request.method, c.method);
  EXPECT_EQ(request.target, c.target);
  EXPECT_EQ(request.version, c.version);
  EXPECT_EQ(request.headers.size(), c.header_count);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParsesValidHead,
    ::testing::Values(
        ValidCase{"Root", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/",
                  "HTTP/1.1", 1},
        ValidCase{"Sleep", "GET /sleep HTTP/1.1\r\nHost: a\r\n\r\n", "GET",
                  "/sleep", "HTTP/1.1", 1},
        ValidCase{"Http10NoHeaders", "GET /x?y=1 HTTP/1.0\r\n\r\n", "GET",
                  "/x?y=1", "HTTP/1.0", 0},
        ValidCase{"ManyHeaders",
                  "POST /f HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nX-A:\r\n\r\n",
                  "POST", "/f", "HTTP/1.1", 3},
        ValidCase{"BodyFollows", "PUT / HTTP/1.1\r\nHost: a\r\n\r\nbody", "PUT",
                  "/", "HTTP/1.1", 1}),
    [](const auto& info) { return std::string(info.param.name); });

struct InvalidCase {
  std::string_view name;
  std::string_view bytes;
  ParseError error;
  int status;
};

class RejectsMalformedHead : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(RejectsMalformedHead, WithItsStatus) {
  const InvalidCase& c = GetParam();
  Request request;
  ParseResult result = ParseRequestHead(c.bytes, request);
  ASSERT_EQ(result.status, ParseStatus::kError);
  EXPECT_EQ(Describe(result.error), Describe(c.error));
  EXPECT_EQ(StatusFor(result.error), c.status);
}

INSTANTIATE_TEST_SUITE_P(
    Table, RejectsMalformedHead,
    ::testing::Values(
        InvalidCase{"Garbage", "hello\r\n\r\n", ParseError::kBadRequestLine,
                    400},
        InvalidCase{"EmptyLine", "\r\n\r\n", ParseError::kBadRequestLine, 400},
        InvalidCase{"TwoSpaces", "GET  / HTTP/1.1\r\n\r\n",
                    ParseError::kBadRequestLine, 400},
        InvalidCase{"TrailingSpace", "GET / HTTP/1.1 \r\n\r\n",
                    ParseError::kBadRequestLine, 400},
        InvalidCase{"MethodNotToken", "G(T / HTTP/1.1\r\n\r\n",
                    ParseError::kBadMethod, 400},
        InvalidCase{"AbsoluteTarget", "GET http://a/ HTTP/1.1\r\n\r\n",
                    ParseError::kBadTarget, 400},
        InvalidCase{"ControlInTarget",
                    std::string_view("GET /\x01 HTTP/1.1\r\n\r\n"),
                    ParseError::kBadTarget, 400},
        InvalidCase{"Http2", "GET / HTTP/2.0\r\n\r\n", ParseError::kBadVersion,
                    505},
        InvalidCase{"LowercaseVersion", "GET / http/1.1\r\n\r\n",
                    ParseError::kBadVersion, 505},
        InvalidCase{"BareLfInRequestLine", "GET / HTTP/1.1\nHost: a\r\n\r\n",
                    ParseError::kBadRequestLine, 400},
        InvalidCase{"HeaderWithoutColon", "GET / HTTP/1.1\r\nHost a\r\n\r\n",
                    ParseError::kBadHeader, 400},
        InvalidCase{"SpaceBeforeColon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
                    ParseError::kBadHeader, 400},
        InvalidCase{"ObsFold", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n",
                    ParseError::kBadHeader, 400},
        InvalidCase{"EmptyName", "GET / HTTP/1.1\r\n: a\r\n\r\n",
                    ParseError::kBadHeader, 400},
        InvalidCase{"NulInValue",
                    std::string_view("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", 27),
                    ParseError::kBadHeader, 400}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ParseRequestHeadTest, UnfinishedHeadIsIncompleteNotAnError) {
  constexpr std::string_view kHead = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  for (std::size_t size = 0; size < kHead.size(); ++size) {
    Request request;
    EXPECT_EQ(ParseRequestHead(kHead.substr(0, size), request).status,
              ParseStatus::kIncomplete)
        << "first " << size << " bytes";
  }
}

TEST(ParseRequestHeadTest, RefusesAHeadLargerThanTheLimit) {
  std::string head = "GET / HTTP/1.1\r\nX: " + std::string(kMaxHeadBytes, 'a');
  Request request;
  ParseResult unfinished = ParseRequestHead(head, request);
  EXPECT_EQ(unfinished.status, ParseStatus::kError);
  EXPECT_EQ(unfinished.error, ParseError::kHeadTooLarge);
  EXPECT_EQ(StatusFor(unfinished.error), 431);

  head += "\r\n\r\n";
  EXPECT_EQ(ParseRequestHead(head, request).error, ParseError::kHeadTooLarge);
}

TEST(ParseRequestHeadTest, HeaderNamesMatchWithoutRegardToCase) {
  Request request;
  ASSERT_EQ(
      ParseRequestHead("GET / HTTP/1.1\r\ncontent-TYPE:  text/plain \t\r\n\r\n",
                       request)
          .status,
      ParseStatus::kComplete);
  EXPECT_EQ(request.FindHeader("Content-Type"), "text/plain");
  EXPECT_EQ(request.FindHeader("CONTENT-type"), "text/plain");
  EXPECT_EQ(request.FindHeader("Content-Length"), std::nullopt);
}

TEST(ParseRequestHeadTest, EveryErrorHasADescription) {
  for (ParseError error : {ParseError::kBadRequestLine, ParseError::kBadMethod,
                           ParseError::kBadTarget, ParseError::kBadVersion,
                           ParseError::kBadHeader, ParseError::kHeadTooLarge}) {
    EXPECT_NE(Describe(error), "unknown error");
  }
}

}  // namespace
}  // namespace http
