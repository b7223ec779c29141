// What ParseRequest promises, written before each piece of it existed.
#include "request_parser.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace http {
namespace {

constexpr std::string_view kGet = "GET /index.html HTTP/1.1\r\n\r\n";
constexpr std::string_view kWithHeaders =
    "GET / HTTP/1.1\r\n"
    "Host: example.com\r\n"
    "Accept:  */* \r\n"
    "\r\n";

// Parses `head`, which must be a complete request head.
Request ParseComplete(std::string_view head) {
  Request request;
  ParseResult result = ParseRequest(head, request);
  EXPECT_EQ(result.status, ParseStatus::kComplete);
  EXPECT_EQ(result.consumed, head.size());
  return request;
}

ParseError ErrorFor(std::string_view head) {
  Request request;
  ParseResult result = ParseRequest(head, request);
  EXPECT_EQ(result.status, ParseStatus::kError);
  return result.error;
}

TEST(ParseRequestTest, ParsesTheRequestLine) {
  Request request;
  ParseResult result = ParseRequest(kGet, request);
  EXPECT_EQ(result.status, ParseStatus::kComplete);
  EXPECT_EQ(result.consumed, kGet.size());
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target, "/index.html");
  EXPECT_EQ(request.version, "HTTP/1.1");
  EXPECT_EQ(request.header_count, 0u);
}

TEST(ParseRequestTest, AsksForMoreUntilTheBlankLine) {
  for (std::size_t n = 0; n < kWithHeaders.size(); ++n) {
    Request request;
    EXPECT_EQ(ParseRequest(kWithHeaders.substr(0, n), request).status,
              ParseStatus::kIncomplete)
        << "after " << n << " bytes";
  }
}

TEST(ParseRequestTest, ParsesHeaderFields) {
  const Request request = ParseComplete(kWithHeaders);
  ASSERT_EQ(request.header_count, 2u);
  EXPECT_EQ(request.headers[0].name, "Host");
  EXPECT_EQ(request.headers[0].value, "example.com");
  EXPECT_EQ(request.headers[1].name, "Accept");
  EXPECT_EQ(request.headers[1].value, "*/*");
}

TEST(ParseRequestTest, NamesWhatIsWrong) {
  EXPECT_EQ(ErrorFor("G(T / HTTP/1.1\r\n\r\n"), ParseError::kBadMethod);
  EXPECT_EQ(ErrorFor("GET\r\n\r\n"), ParseError::kBadTarget);
  EXPECT_EQ(ErrorFor("GET  HTTP/1.1\r\n\r\n"), ParseError::kBadTarget);
  EXPECT_EQ(ErrorFor("GET /\r\n\r\n"), ParseError::kBadVersion);
  EXPECT_EQ(ErrorFor("GET / HTTP/2\r\n\r\n"), ParseError::kBadVersion);
  EXPECT_EQ(ErrorFor("GET / HTTP/1.1\r\nHost\r\n\r\n"), ParseError::kBadHeader);
  EXPECT_EQ(ErrorFor("GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
            ParseError::kBadHeader);
}

TEST(ParseRequestTest, ReportsAnErrorBeforeTheHeadIsComplete) {
  Request request;
  EXPECT_EQ(ParseRequest("GET / HTTP/9\r\nHost: x", request).status,
            ParseStatus::kError);
}

TEST(StatusCodeForTest, GivesEachErrorOneStatus) {
  EXPECT_EQ(StatusCodeFor(ParseError::kBadMethod), 400);
  EXPECT_EQ(StatusCodeFor(ParseError::kBadTarget), 400);
  EXPECT_EQ(StatusCodeFor(ParseError::kBadHeader), 400);
  EXPECT_EQ(StatusCodeFor(ParseError::kBadVersion), 505);
}

TEST(FindHeaderTest, IgnoresTheCaseOfTheName) {
  const Request request = ParseComplete(kWithHeaders);
  const std::optional<std::string_view> host = request.FindHeader("host");
  const std::optional<std::string_view> accept = request.FindHeader("ACCEPT");
  const std::optional<std::string_view> cookie = request.FindHeader("Cookie");
  EXPECT_EQ(host, "example.com");
  EXPECT_EQ(accept, "*/*");
  EXPECT_EQ(cookie, std::nullopt);
}

TEST(ParseRequestTest, SaysWhereTheBodyStarts) {
  const std::string bytes = std::string(kWithHeaders) + "body";
  Request request;
  ParseResult result = ParseRequest(bytes, request);
  EXPECT_EQ(result.status, ParseStatus::kComplete);
  EXPECT_EQ(bytes.substr(result.consumed), "body");
  EXPECT_EQ(request.FindHeader("Host"), "example.com");
}

TEST(ParseRequestTest, RefusesMoreThanMaxHeaders) {
  std::string bytes = "GET / HTTP/1.1\r\n";
  for (std::size_t i = 0; i <= kMaxHeaders; ++i) bytes += "X-Field: 1\r\n";
  bytes += "\r\n";
  EXPECT_EQ(ErrorFor(bytes), ParseError::kHeaderLimit);
  EXPECT_EQ(StatusCodeFor(ParseError::kHeaderLimit), 431);
}

}  // namespace
}  // namespace http
