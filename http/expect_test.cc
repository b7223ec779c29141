// Expect: 100-continue and the rest (RFC 9110 section 10.1.1), a row per
// rule; when to send the interim response; its bytes.
#include "http/expect.h"

#include <gtest/gtest.h>

#include <list>
#include <string>

namespace http {
namespace {

// A parsed head; its bytes are kept for the test's life (the views point
// into them), in a list so that adding more never moves them.
Request Parsed(const std::string& bytes) {
  static std::list<std::string> kept;
  kept.push_back(bytes);
  Request request;
  EXPECT_EQ(ParseRequestHead(kept.back(), request).status,
            ParseStatus::kComplete)
      << bytes;
  return request;
}

std::string Put(std::string_view fields, std::string_view version = "1.1") {
  return "PUT /f HTTP/" + std::string(version) +
         "\r\nHost: h\r\nContent-Length: 5\r\n" + std::string(fields) + "\r\n";
}

TEST(ExpectationOfTest, AsSection10_1_1Says) {
  using E = Expectation;
  struct Case {
    std::string request;
    Expectation expected;
    std::string_view rule;
  };
  for (const Case& c : {
           Case{Put(""), E::kNone, "no Expect"},
           Case{Put("Expect: 100-continue\r\n"), E::kContinue,
                "the one defined"},
           Case{Put("Expect: 100-Continue\r\n"), E::kContinue,
                "the value is case-insensitive"},
           Case{Put("expect:  100-CONTINUE \r\n"), E::kContinue,
                "so is the name; spaces around it"},
           Case{Put("Expect: 100-continue, 100-continue\r\n"), E::kContinue,
                "repeated"},
           Case{Put("Expect: 100-continue\r\nExpect: 100-continue\r\n"),
                E::kContinue, "on two lines"},
           Case{Put("Expect:\r\n"), E::kNone, "empty: no expectation"},
           Case{Put("Expect: ,\r\n"), E::kNone, "only empty elements"},
           Case{Put("Expect: 200-ok\r\n"), E::kUnsupported,
                "another expectation: 417 (MAY)"},
           Case{Put("Expect: 100-continue, foo\r\n"), E::kUnsupported,
                "one we cannot meet among others"},
           Case{Put("Expect: 100-continue\r\nExpect: foo\r\n"), E::kUnsupported,
                "on another line"},
           Case{Put("Expect: 100-continue;a=b\r\n"), E::kUnsupported,
                "100-continue has no parameters"},
           Case{Put("Expect: 100-continue=1\r\n"), E::kUnsupported,
                "nor a value"},
           Case{Put("Expect: \"100-continue\"\r\n"), E::kUnsupported,
                "not a token"},
           Case{Put("Expect: 100-continue\r\n", "1.0"), E::kNone,
                "MUST ignore 100-continue in HTTP/1.0"},
           Case{Put("Expect: foo\r\n", "1.0"), E::kNone,
                "HTTP/1.0 had no Expect at all"},
       }) {
    EXPECT_EQ(ExpectationOf(Parsed(c.request)), c.expected)
        << c.request << c.rule;
  }
}

TEST(ShouldSendContinueTest, OnlyWhenABodyIsAwaited) {
  Request expecting = Parsed(Put("Expect: 100-continue\r\n"));
  EXPECT_TRUE(ShouldSendContinue(expecting, 0));
  EXPECT_FALSE(ShouldSendContinue(expecting, 1))
      << "some of the body is here: the client stopped waiting";
  EXPECT_FALSE(ShouldSendContinue(Parsed(Put("")), 0)) << "no expectation";
  EXPECT_FALSE(ShouldSendContinue(Parsed(Put("Expect: foo\r\n")), 0))
      << "417, not 100";
  EXPECT_FALSE(ShouldSendContinue(
      Parsed("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n"), 0))
      << "the framing says there is no body";
  EXPECT_TRUE(ShouldSendContinue(
      Parsed("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
             "Transfer-Encoding: chunked\r\n\r\n"),
      0))
      << "a chunked body";
}

TEST(ContinueResponseTest, IsAStatusLineAndAnEmptyHead) {
  EXPECT_EQ(kContinueResponse, "HTTP/1.1 100 Continue\r\n\r\n");
}

}  // namespace
}  // namespace http
