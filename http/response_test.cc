// Serialize writes exactly the bytes a client expects.
#include "http/response.h"

#include <gtest/gtest.h>

namespace http {
namespace {

TEST(SerializeTest, WritesStatusLineHeadersLengthAndBody) {
  Response response{200, {{"Content-Type", "text/html"}}, "<p>hi</p>"};
  EXPECT_EQ(Serialize(response),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/html\r\n"
            "Content-Length: 9\r\n"
            "\r\n"
            "<p>hi</p>");
}

TEST(SerializeTest, EmptyBodyHasZeroLength) {
  EXPECT_EQ(Serialize(Response{404, {}, ""}),
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
}

TEST(ReasonPhraseTest, KnowsTheStatusesTheServerSends) {
  EXPECT_EQ(ReasonPhrase(200), "OK");
  EXPECT_EQ(ReasonPhrase(400), "Bad Request");
  EXPECT_EQ(ReasonPhrase(404), "Not Found");
  EXPECT_EQ(ReasonPhrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(ReasonPhrase(505), "HTTP Version Not Supported");
  EXPECT_EQ(ReasonPhrase(799), "Unknown");
}

}  // namespace
}  // namespace http
