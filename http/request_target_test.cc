// The four request-target forms, byte by byte: each row is a target and
// what it parses as (or that it is none of them), and why.
#include "http/request_target.h"

#include <gtest/gtest.h>

#include <string>

namespace http {
namespace {

struct TargetCase {
  std::string target;
  std::optional<TargetForm> form;  // Nothing: refused.
  std::string_view origin;
  std::string_view authority;
  std::string_view why;
};

TEST(ParseRequestTargetTest, ParsesEachFormAndRefusesTheRest) {
  using F = TargetForm;
  for (const TargetCase& c : {
           TargetCase{"/", F::kOrigin, "/", "", "origin-form"},
           TargetCase{"/a/b?c=d/e?f", F::kOrigin, "/a/b?c=d/e?f", "",
                      "a query may hold / and ?"},
           TargetCase{"/%41%2f", F::kOrigin, "/%41%2f", "",
                      "escapes are kept; decoding is path.h's"},
           TargetCase{"/!$&'()*+,;=:@-._~", F::kOrigin, "/!$&'()*+,;=:@-._~",
                      "", "every pchar"},
           TargetCase{"*", F::kAsterisk, "*", "", "asterisk-form"},
           TargetCase{"http://example.com/a?b", F::kAbsolute, "/a?b",
                      "example.com", "absolute-form: path and query"},
           TargetCase{"HTTPS://h:8443/x", F::kAbsolute, "/x", "h:8443",
                      "the scheme is case-insensitive"},
           TargetCase{"http://h", F::kAbsolute, "/", "h",
                      "an empty path is / (RFC 9112 3.2.1)"},
           TargetCase{"http://[::1]:80/", F::kAbsolute, "/", "[::1]:80",
                      "an IPv6 literal"},
           TargetCase{"example.com:443", F::kAuthority, "", "example.com:443",
                      "authority-form"},
           TargetCase{"[2001:db8::1]:443", F::kAuthority, "",
                      "[2001:db8::1]:443", "authority-form, IPv6"},
           TargetCase{"", std::nullopt, "", "", "empty"},
           TargetCase{"a/b", std::nullopt, "", "", "a relative path"},
           TargetCase{"/a b", std::nullopt, "", "", "a space"},
           TargetCase{"/a#b", std::nullopt, "", "", "a fragment"},
           TargetCase{"/a\"b", std::nullopt, "", "", "a quote"},
           TargetCase{"/a\\b", std::nullopt, "", "", "a backslash"},
           TargetCase{"/a{b}", std::nullopt, "", "", "braces"},
           TargetCase{"/\xc3\xa9", std::nullopt, "", "", "raw UTF-8"},
           TargetCase{"/\x7f", std::nullopt, "", "", "DEL"},
           TargetCase{"/%4", std::nullopt, "", "", "a cut escape"},
           TargetCase{"/%zz", std::nullopt, "", "", "a bad escape"},
           TargetCase{"**", std::nullopt, "", "", "only a lone *"},
           TargetCase{"ftp://h/", std::nullopt, "", "",
                      "a scheme this server does not serve"},
           TargetCase{"http:///a", std::nullopt, "", "",
                      "an empty host (RFC 9110 4.2.1)"},
           TargetCase{"http://user@h/", std::nullopt, "", "",
                      "userinfo (RFC 9110 4.2.4)"},
           TargetCase{"http://h?q", std::nullopt, "", "",
                      "a query without a path: its origin-form is not a view"},
           TargetCase{"http://h:x/", std::nullopt, "", "", "a port not digits"},
           TargetCase{"http://h/a b", std::nullopt, "", "", "a space in path"},
           TargetCase{"http:/h/", std::nullopt, "", "", "no //"},
           TargetCase{"h", std::nullopt, "", "", "authority-form needs a port"},
           TargetCase{"[::1]", std::nullopt, "", "", "still needs a port"},
           TargetCase{"[zz]:1", std::nullopt, "", "", "not an IPv6 literal"},
       }) {
    std::optional<RequestTarget> parsed = ParseRequestTarget(c.target);
    ASSERT_EQ(parsed.has_value(), c.form.has_value()) << c.target << c.why;
    if (!parsed) continue;
    EXPECT_EQ(parsed->form, *c.form) << c.target << ": " << c.why;
    EXPECT_EQ(parsed->origin, c.origin) << c.target << ": " << c.why;
    EXPECT_EQ(parsed->authority, c.authority) << c.target << ": " << c.why;
  }
}

TEST(ParseRequestTargetTest, ViewsPointIntoTheTarget) {
  const std::string target = "http://h";
  std::optional<RequestTarget> parsed = ParseRequestTarget(target);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->origin.data(), target.data() + 6);  // "://"'s second /.
  EXPECT_EQ(parsed->authority.data(), target.data() + 7);
}

TEST(IsHostAndPortTest, AcceptsHostPortAndRefusesWhatCouldMislead) {
  for (std::string_view ok :
       {"", "a", "a.example", "a:80", "a:", "127.0.0.1:8080", "[::1]",
        "[::ffff:1.2.3.4]:1", "xn--bcher-kva.example", "a%41b",
        "a!$&'()*+,;="}) {
    EXPECT_TRUE(IsHostAndPort(ok)) << ok;
  }
  for (std::string_view bad :
       {"a/b", "u@a", "a b", "a:b", "a:1:2", "[::1", "::1", "[::1]x", "[]:1",
        "a%4", "a%zz", "a?", "a#", "\"a\""}) {
    EXPECT_FALSE(IsHostAndPort(bad)) << bad;
  }
}

}  // namespace
}  // namespace http
