// ParseHttpDate: the three formats of RFC 9110 section 5.6.7, a row per
// rule, and the dates that must be refused.
#include "http/date.h"

#include <gtest/gtest.h>

#include <string>

#include "http/response.h"

namespace http {
namespace {

constexpr std::time_t kRfcExample = 784111777;  // Sun, 06 Nov 1994 08:49:37.
constexpr std::time_t kNow = 1795000000;        // In 2026.

TEST(ParseHttpDateTest, ReadsEachFormatTheRfcNames) {
  struct Case {
    std::string_view text;
    std::time_t expected;
    std::string_view rule;
  };
  for (const Case& c : {
           Case{"Sun, 06 Nov 1994 08:49:37 GMT", kRfcExample, "IMF-fixdate"},
           Case{"Sunday, 06-Nov-94 08:49:37 GMT", kRfcExample,
                "rfc850-date (obsolete), recipients MUST accept"},
           Case{"Sun Nov  6 08:49:37 1994", kRfcExample,
                "asctime-date (obsolete): SP DIGIT day"},
           Case{"Sun Nov 06 08:49:37 1994", kRfcExample,
                "asctime-date: 2DIGIT day"},
           Case{"Thu, 01 Jan 1970 00:00:00 GMT", 0, "the epoch"},
           Case{"Wed, 31 Dec 1969 23:59:59 GMT", -1, "before the epoch"},
           Case{"Thu, 29 Feb 2024 12:00:00 GMT", 1709208000, "a leap day"},
           Case{"Tue, 29 Feb 2000 00:00:00 GMT", 951782400,
                "2000 is a leap year (divisible by 400)"},
           Case{"Thu, 31 Dec 1998 23:59:60 GMT", 915148800,
                "a leap second is the next minute's first second"},
           Case{"Fri, 31 Dec 9999 23:59:59 GMT", 253402300799, "year 9999"},
       }) {
    EXPECT_EQ(ParseHttpDate(c.text, kNow), c.expected) << c.text << c.rule;
  }
}

TEST(ParseHttpDateTest, ReadsWhatHttpDateWrites) {
  for (std::time_t t : {std::time_t{0}, kRfcExample, kNow,
                        std::time_t{951782399}, std::time_t{4102444800}}) {
    EXPECT_EQ(ParseHttpDate(HttpDate(t), kNow), t) << HttpDate(t);
  }
}

// RFC 9110 section 5.6.7: a two-digit year more than 50 years in the future
// is the most recent past year with those digits.
TEST(ParseHttpDateTest, Rfc850CenturyFollowsNow) {
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", kNow),
            kRfcExample);  // 2094 is more than 50 years after 2026.
  std::optional<std::time_t> in_2076 =
      ParseHttpDate("Thursday, 31-Dec-76 00:00:00 GMT", kNow);
  ASSERT_TRUE(in_2076);  // 2076 is exactly 50 years after 2026.
  EXPECT_EQ(HttpDate(*in_2076), "Thu, 31 Dec 2076 00:00:00 GMT");
  std::optional<std::time_t> in_1977 =
      ParseHttpDate("Saturday, 01-Jan-77 00:00:00 GMT", kNow);
  ASSERT_TRUE(in_1977);
  EXPECT_EQ(HttpDate(*in_1977), "Sat, 01 Jan 1977 00:00:00 GMT");
}

TEST(ParseHttpDateTest, RefusesWhatIsNotADate) {
  struct Case {
    std::string_view text;
    std::string_view why;
  };
  for (const Case& c : {
           Case{"", "empty"},
           Case{"sun, 06 Nov 1994 08:49:37 GMT",
                "day names are case-sensitive"},
           Case{"Sun, 06 nov 1994 08:49:37 GMT", "months are case-sensitive"},
           Case{"Sun, 06 Nov 1994 08:49:37 gmt", "GMT is case-sensitive"},
           Case{"Sun, 06 Nov 1994 08:49:37 UTC", "only GMT"},
           Case{"Sun, 06 Nov 1994 08:49:37 +0000", "no numeric zone"},
           Case{"Sun, 6 Nov 1994 08:49:37 GMT", "day is 2DIGIT"},
           Case{"Sun, 06 Nov 94 08:49:37 GMT", "year is 4DIGIT"},
           Case{"Sun,  06 Nov 1994 08:49:37 GMT", "one SP"},
           Case{" Sun, 06 Nov 1994 08:49:37 GMT", "nothing before"},
           Case{"Sun, 06 Nov 1994 08:49:37 GMT ", "nothing after"},
           Case{"Sun, 06 Nov 1994 8:49:37 GMT", "hour is 2DIGIT"},
           Case{"Sun, 06 Nov 1994 08:49 GMT", "seconds are required"},
           Case{"Mon, 06 Nov 1994 08:49:37 GMT", "6 Nov 1994 was a Sunday"},
           Case{"Sun, 31 Nov 1994 08:49:37 GMT", "November has 30 days"},
           Case{"Tue, 29 Feb 2022 00:00:00 GMT", "2022 is not a leap year"},
           Case{"Thu, 29 Feb 1900 00:00:00 GMT", "nor is 1900"},
           Case{"Sun, 00 Nov 1994 08:49:37 GMT", "no day 0"},
           Case{"Sun, 06 Nov 1994 24:00:00 GMT", "hour 00 to 23"},
           Case{"Sun, 06 Nov 1994 08:60:00 GMT", "minute 00 to 59"},
           Case{"Sun, 06 Nov 1994 08:49:61 GMT", "second 00 to 60"},
           Case{"Sun, 06-Nov-94 08:49:37 GMT", "rfc850 has the long day name"},
           Case{"Sunday, 06-Nov-1994 08:49:37 GMT", "rfc850 has 2DIGIT years"},
           Case{"Sun Nov 6 08:49:37 1994", "asctime pads the day with SP"},
           Case{"Sun Nov  6 08:49:37 1994 GMT", "asctime has no zone"},
           Case{"1994-11-06T08:49:37Z", "not an HTTP-date"},
           Case{"784111777", "not an HTTP-date"},
           Case{"Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT",
                "a list is not a date"},
       }) {
    EXPECT_EQ(ParseHttpDate(c.text, kNow), std::nullopt) << c.text << c.why;
  }
}

}  // namespace
}  // namespace http
