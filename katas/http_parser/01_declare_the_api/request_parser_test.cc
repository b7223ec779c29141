// What ParseRequest should do, written before it exists: the first test is
// the call we wish we could make.
#include "request_parser.h"

#include <gtest/gtest.h>

#include <string_view>

namespace http {
namespace {

constexpr std::string_view kGet = "GET /index.html HTTP/1.1\r\n\r\n";

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

}  // namespace
}  // namespace http
