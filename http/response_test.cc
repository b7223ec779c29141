// Serialize and AppendHead write exactly the bytes a client expects; StatusFor
// and the Date format.
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

TEST(SerializeTest, HeadResponseHasTheLengthButNoBody) {
  EXPECT_EQ(Serialize(Response{200, {}, "hello"}, /*include_body=*/false),
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
}

TEST(AppendHeadTest, AppendsTheHeadWithTheGivenLengthAndNoBody) {
  std::string out = "earlier bytes|";
  AppendHead(Response{200, {{"Content-Type", "image/png"}}, "ignored"},
             209715200, out);
  EXPECT_EQ(out,
            "earlier bytes|HTTP/1.1 200 OK\r\n"
            "Content-Type: image/png\r\n"
            "Content-Length: 209715200\r\n\r\n");
}

TEST(SerializeTest, LineBreaksInHeadersCannotStartAHeader) {
  Response response{200, {{"X\r\nA", "b\r\nSet-Cookie: c=d\n"}}, ""};
  EXPECT_EQ(Serialize(response),
            "HTTP/1.1 200 OK\r\n"
            "X  A: b  Set-Cookie: c=d \r\n"
            "Content-Length: 0\r\n\r\n");
}

TEST(ReasonPhraseTest, KnowsTheStatusesTheServerSends) {
  EXPECT_EQ(ReasonPhrase(200), "OK");
  EXPECT_EQ(ReasonPhrase(100), "Continue");
  EXPECT_EQ(ReasonPhrase(206), "Partial Content");
  EXPECT_EQ(ReasonPhrase(301), "Moved Permanently");
  EXPECT_EQ(ReasonPhrase(304), "Not Modified");
  EXPECT_EQ(ReasonPhrase(400), "Bad Request");
  EXPECT_EQ(ReasonPhrase(403), "Forbidden");
  EXPECT_EQ(ReasonPhrase(404), "Not Found");
  EXPECT_EQ(ReasonPhrase(405), "Method Not Allowed");
  EXPECT_EQ(ReasonPhrase(412), "Precondition Failed");
  EXPECT_EQ(ReasonPhrase(413), "Content Too Large");
  EXPECT_EQ(ReasonPhrase(414), "URI Too Long");
  EXPECT_EQ(ReasonPhrase(416), "Range Not Satisfiable");
  EXPECT_EQ(ReasonPhrase(417), "Expectation Failed");
  EXPECT_EQ(ReasonPhrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(ReasonPhrase(501), "Not Implemented");
  EXPECT_EQ(ReasonPhrase(505), "HTTP Version Not Supported");
  EXPECT_EQ(ReasonPhrase(799), "Unknown");
}

TEST(StatusForTest, MapsEachKindOfErrorToItsStatus) {
  EXPECT_EQ(StatusFor(ParseError::kRequestLineTooLong), 414);
  EXPECT_EQ(StatusFor(ParseError::kHeadTooLarge), 431);
  EXPECT_EQ(StatusFor(ParseError::kTooManyHeaders), 431);
  EXPECT_EQ(StatusFor(ParseError::kBodyTooLarge), 413);
  EXPECT_EQ(StatusFor(ParseError::kUnknownMethod), 501);
  EXPECT_EQ(StatusFor(ParseError::kUnknownTransferEncoding), 501);
  EXPECT_EQ(StatusFor(ParseError::kUnsupportedVersion), 505);
  EXPECT_EQ(StatusFor(ParseError::kBadVersion), 400);
  EXPECT_EQ(StatusFor(ParseError::kContentLengthAndChunked), 400);
}

TEST(HttpDateTest, IsAnImfFixdate) {
  EXPECT_EQ(HttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(HttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

}  // namespace
}  // namespace http
