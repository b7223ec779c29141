// The request line audited rule by rule against RFC 9112 sections 2.3 and 3
// (and RFC 9110 where they point to it): one row per rule, with the status
// a violation gets and why. The table in http/README.md says the same.
// Order of judgement: what is malformed anywhere in the line (400) before
// what is unsupported (505 for a version, 501 for a method), then whether
// the method may use the target's form (400).
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace http {
namespace {

// The line, then a Host field and the end of the head.
std::string WithHost(std::string_view line) {
  return std::string(line) + "\r\nHost: h\r\n\r\n";
}

struct RefusedLine {
  std::string_view name;
  std::string line;  // Without its CRLF.
  ParseError error;
  int status;
  std::string_view why;
};

// Failures name the row, not its bytes.
void PrintTo(const RefusedLine& c, std::ostream* os) { *os << c.name; }

class RefusesRequestLine : public ::testing::TestWithParam<RefusedLine> {};

TEST_P(RefusesRequestLine, WithTheStatusTheRuleGives) {
  const RefusedLine& c = GetParam();
  Request request;
  ParseResult result = ParseRequest(WithHost(c.line), request);
  ASSERT_EQ(result.status, ParseStatus::kError) << c.why;
  EXPECT_EQ(Describe(result.error), Describe(c.error)) << c.why;
  EXPECT_EQ(StatusFor(result.error), c.status) << c.why;
}

INSTANTIATE_TEST_SUITE_P(
    Shape, RefusesRequestLine,
    ::testing::Values(
        RefusedLine{"Garbage", "hello", ParseError::kBadRequestLine, 400,
                    "3: method SP request-target SP HTTP-version"},
        RefusedLine{"EmptyLineFirst", "", ParseError::kBadRequestLine, 400,
                    "2.2 says SHOULD skip an empty line first; we refuse: a "
                    "stray CRLF is where a misframed body would show"},
        RefusedLine{"NoVersion", "GET /", ParseError::kBadRequestLine, 400,
                    "HTTP/0.9's simple request is not HTTP/1.x"},
        RefusedLine{"TwoSpaces", "GET  / HTTP/1.1", ParseError::kBadRequestLine,
                    400,
                    "3: single SP; whitespace leniency (a MAY) splits "
                    "requests differently in two parsers"},
        RefusedLine{"LeadingSpace", " GET / HTTP/1.1",
                    ParseError::kBadRequestLine, 400, "3: single SP"},
        RefusedLine{"TrailingSpace", "GET / HTTP/1.1 ",
                    ParseError::kBadRequestLine, 400, "3: single SP"},
        RefusedLine{"TabSeparator", "GET\t/ HTTP/1.1",
                    ParseError::kBadRequestLine, 400, "3: SP, not HTAB"},
        RefusedLine{"SpaceInTarget", "GET /a b HTTP/1.1",
                    ParseError::kBadRequestLine, 400,
                    "3.2: no whitespace in a target; malformed, not an "
                    "unknown version"},
        RefusedLine{"BareCr", "GET /\r HTTP/1.1", ParseError::kBareLineFeed,
                    400, "2.2: a bare CR is not a line end"},
        RefusedLine{"TooLong",
                    "GET /" + std::string(8 * 1024, 'a') + " HTTP/1.1",
                    ParseError::kRequestLineTooLong, 414,
                    "3: a server that receives a request-target longer than "
                    "it wishes to parse MUST respond with 414"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Method, RefusesRequestLine,
    ::testing::Values(
        RefusedLine{"NotToken", "G(T / HTTP/1.1", ParseError::kBadMethod, 400,
                    "3.1: method = token"},
        RefusedLine{"NonAscii", "G\xc3\x89T / HTTP/1.1", ParseError::kBadMethod,
                    400, "3.1: method = token (tchar is ASCII)"},
        RefusedLine{"Unknown", "BREW / HTTP/1.1", ParseError::kUnknownMethod,
                    501, "RFC 9110 9.1: an unrecognized method SHOULD get 501"},
        RefusedLine{"Lowercase", "get / HTTP/1.1", ParseError::kUnknownMethod,
                    501, "3.1: methods are case-sensitive; get is not GET"},
        RefusedLine{"Long", std::string(100, 'A') + " / HTTP/1.1",
                    ParseError::kUnknownMethod, 501,
                    "3: a method longer than any implemented SHOULD get 501"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Version, RefusesRequestLine,
    ::testing::Values(
        RefusedLine{"Lowercase", "GET / http/1.1", ParseError::kBadVersion, 400,
                    "2.3: HTTP-name is %s\"HTTP\", case-sensitive"},
        RefusedLine{"NoMinor", "GET / HTTP/1", ParseError::kBadVersion, 400,
                    "2.3: HTTP-version = HTTP-name / DIGIT . DIGIT"},
        RefusedLine{"Http3WithoutMinor", "GET / HTTP/3",
                    ParseError::kBadVersion, 400,
                    "2.3: not DIGIT . DIGIT, so malformed, not unsupported"},
        RefusedLine{"TwoDigitMinor", "GET / HTTP/1.10", ParseError::kBadVersion,
                    400, "2.3: one DIGIT each side"},
        RefusedLine{"TwoDigitMajor", "GET / HTTP/11.1", ParseError::kBadVersion,
                    400, "2.3: one DIGIT each side"},
        RefusedLine{"Http2", "GET / HTTP/2.0", ParseError::kUnsupportedVersion,
                    505,
                    "RFC 9110 15.6.6: 505 is for a major version we do "
                    "not serve"},
        RefusedLine{"Http3", "GET / HTTP/3.0", ParseError::kUnsupportedVersion,
                    505, "RFC 9110 15.6.6: a major version we do not serve"},
        RefusedLine{"Http09", "GET / HTTP/0.9", ParseError::kUnsupportedVersion,
                    505, "well-formed, major version 0"},
        RefusedLine{"Http2Preface", "PRI * HTTP/2.0",
                    ParseError::kUnsupportedVersion, 505,
                    "an HTTP/2 client learns we speak 1.x, before PRI is "
                    "judged as a method"},
        RefusedLine{"MalformedBeatsUnknownMethod", "BREW / HTTP/1",
                    ParseError::kBadVersion, 400,
                    "what is malformed is judged before what is unsupported"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Target, RefusesRequestLine,
    ::testing::Values(
        RefusedLine{"Relative", "GET a/b HTTP/1.1", ParseError::kBadTarget, 400,
                    "3.2: none of the four forms"},
        RefusedLine{"Fragment", "GET /a#b HTTP/1.1", ParseError::kBadTarget,
                    400, "3.2.1: no fragment in origin-form"},
        RefusedLine{"Control", "GET /\x01 HTTP/1.1", ParseError::kBadTarget,
                    400, "RFC 3986: not a pchar"},
        RefusedLine{"Nul", std::string("GET /a\0b HTTP/1.1", 17),
                    ParseError::kBadTarget, 400, "RFC 3986: not a pchar"},
        RefusedLine{"HighByte", "GET /\xe9 HTTP/1.1", ParseError::kBadTarget,
                    400, "RFC 3986: raw non-ASCII must be %-escaped"},
        RefusedLine{"Quote", "GET /\"x\" HTTP/1.1", ParseError::kBadTarget, 400,
                    "RFC 3986: not a pchar"},
        RefusedLine{"Backslash", "GET /a\\..\\b HTTP/1.1",
                    ParseError::kBadTarget, 400,
                    "RFC 3986: not a pchar (a separator elsewhere)"},
        RefusedLine{"BadEscape", "GET /a%zz HTTP/1.1", ParseError::kBadTarget,
                    400, "RFC 3986: pct-encoded is % HEXDIG HEXDIG"},
        RefusedLine{"CutEscape", "GET /a%2 HTTP/1.1", ParseError::kBadTarget,
                    400, "RFC 3986: pct-encoded is % HEXDIG HEXDIG"},
        RefusedLine{"AsteriskNotOptions", "GET * HTTP/1.1",
                    ParseError::kBadTarget, 400, "3.2.4: * is for OPTIONS"},
        RefusedLine{"AuthorityFormNotConnect", "GET h:80 HTTP/1.1",
                    ParseError::kBadTarget, 400,
                    "3.2.3: authority-form is only for CONNECT"},
        RefusedLine{"ConnectOriginForm", "CONNECT / HTTP/1.1",
                    ParseError::kBadTarget, 400,
                    "3.2.3: CONNECT sends only host and port"},
        RefusedLine{"ConnectAbsoluteForm", "CONNECT http://h/ HTTP/1.1",
                    ParseError::kBadTarget, 400,
                    "3.2.3: CONNECT sends only host and port"},
        RefusedLine{"OtherScheme", "GET ftp://h/ HTTP/1.1",
                    ParseError::kBadTarget, 400,
                    "an origin server of http and https names nothing else"},
        RefusedLine{"EmptyHostInUri", "GET http:///a HTTP/1.1",
                    ParseError::kBadTarget, 400,
                    "RFC 9110 4.2.1: an http URI with an empty host MUST be "
                    "rejected"},
        RefusedLine{"UserinfoInUri", "GET http://u:p@h/ HTTP/1.1",
                    ParseError::kBadTarget, 400,
                    "RFC 9110 4.2.4: userinfo SHOULD be treated as an error"},
        RefusedLine{"QueryWithoutPath", "GET http://h?q HTTP/1.1",
                    ParseError::kBadTarget, 400,
                    "our one gap in absolute-form: its origin-form (/?q) is "
                    "not in the buffer"},
        RefusedLine{"MalformedBeatsUnknownMethod", "BREW /a#b HTTP/1.1",
                    ParseError::kBadTarget, 400,
                    "what is malformed is judged before what is unsupported"},
        RefusedLine{"UnknownMethodBeatsForm", "BREW * HTTP/1.1",
                    ParseError::kUnknownMethod, 501,
                    "which forms an unknown method may use is unknown"}),
    [](const auto& info) { return std::string(info.param.name); });

struct AcceptedLine {
  std::string_view name;
  std::string line;
  std::string_view target;     // Request::target: the origin-form.
  std::string_view authority;  // Request::authority.
  std::string_view why;
};

void PrintTo(const AcceptedLine& c, std::ostream* os) { *os << c.name; }

class AcceptsRequestLine : public ::testing::TestWithParam<AcceptedLine> {};

TEST_P(AcceptsRequestLine, IntoItsOriginFormAndAuthority) {
  const AcceptedLine& c = GetParam();
  const std::string bytes = WithHost(c.line);
  Request request;
  ParseResult result = ParseRequest(bytes, request);
  ASSERT_EQ(result.status, ParseStatus::kComplete)
      << Describe(result.error) << ": " << c.why;
  EXPECT_EQ(request.target, c.target) << c.why;
  EXPECT_EQ(request.authority, c.authority) << c.why;
  EXPECT_EQ(request.version, c.line.substr(c.line.size() - 8)) << c.why;
}

INSTANTIATE_TEST_SUITE_P(
    Table, AcceptsRequestLine,
    ::testing::Values(
        AcceptedLine{"OriginForm", "GET /a?b HTTP/1.1", "/a?b", "",
                     "3.2.1: the usual form"},
        AcceptedLine{"Http10", "HEAD / HTTP/1.0", "/", "", "2.3"},
        AcceptedLine{"Http12", "GET / HTTP/1.2", "/", "",
                     "RFC 9110 2.5: a higher minor version SHOULD be handled "
                     "as the highest we implement, 1.1"},
        AcceptedLine{"AbsoluteForm", "GET http://example.com/a?b HTTP/1.1",
                     "/a?b", "example.com",
                     "3.2.2: a server MUST accept absolute-form"},
        AcceptedLine{"AbsoluteFormEmptyPath", "GET http://h:8080 HTTP/1.1", "/",
                     "h:8080", "3.2.1: an empty path is /"},
        AcceptedLine{"AbsoluteFormUpperCaseScheme", "GET HTTPS://h/x HTTP/1.1",
                     "/x", "h", "RFC 3986 3.1: schemes are case-insensitive"},
        AcceptedLine{"Asterisk", "OPTIONS * HTTP/1.1", "*", "", "3.2.4"},
        AcceptedLine{"AuthorityForm", "CONNECT example.com:443 HTTP/1.1",
                     "example.com:443", "example.com:443",
                     "3.2.3: CONNECT's form (the server answers 405)"}),
    [](const auto& info) { return std::string(info.param.name); });

// RFC 9112 section 3.2: an HTTP/1.1 request without Host is 400 whatever
// its target's form; section 3.2.2: with absolute-form the target's
// authority names the host, and Host (still checked) is ignored.
TEST(RequestLineTest, AbsoluteFormStillNeedsAValidHost) {
  Request request;
  EXPECT_EQ(ParseRequest("GET http://a/ HTTP/1.1\r\n\r\n", request).error,
            ParseError::kMissingHost);
  EXPECT_EQ(ParseRequest("GET http://a/ HTTP/1.1\r\nHost: a/b\r\n\r\n", request)
                .error,
            ParseError::kBadHost);
  ASSERT_EQ(ParseRequest("GET http://a/x HTTP/1.1\r\nHost: b\r\n\r\n", request)
                .status,
            ParseStatus::kComplete);
  EXPECT_EQ(request.authority, "a");
  EXPECT_EQ(request.FindHeader("Host"), "b");
}

// HTTP/1.2 is handled as HTTP/1.1 all the way: Host is required, and the
// connection is kept open by default.
TEST(RequestLineTest, HigherMinorVersionIsHandledAsHttp11) {
  Request request;
  EXPECT_EQ(ParseRequest("GET / HTTP/1.2\r\n\r\n", request).error,
            ParseError::kMissingHost);
  const std::string bytes = WithHost("GET / HTTP/1.9");  // Outlives views.
  ASSERT_EQ(ParseRequest(bytes, request).status, ParseStatus::kComplete);
  EXPECT_TRUE(KeepAlive(request));
}

TEST(RequestLineTest, EveryKnownMethodParses) {
  for (std::string_view method :
       {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"}) {
    Request request;
    std::string bytes = WithHost(std::string(method) + " / HTTP/1.1");
    ASSERT_EQ(ParseRequest(bytes, request).status, ParseStatus::kComplete)
        << method;
    EXPECT_EQ(request.method, method);
  }
}

}  // namespace
}  // namespace http
