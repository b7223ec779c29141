// Byte ranges (RFC 9110 section 14): a row per rule, mostly on the RFC's own
// 10000-byte examples (section 14.1.2); then If-Range and the method
// (ChooseRange), and the Content-Range values.
#include "http/ranges.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "http/test_request.h"

namespace http {
namespace {

constexpr std::uint64_t kSize = 10000;
using S = RangeStatus;

struct RangeCase {
  std::string_view value;
  std::uint64_t size;
  RangeStatus status;
  std::uint64_t first, last;  // When kPartial.
  std::string_view rule;
};

TEST(ParseRangeTest, AsSection14Says) {
  for (const RangeCase& c : {
           RangeCase{"bytes=0-499", kSize, S::kPartial, 0, 499,
                     "14.1.2: the first 500 bytes"},
           RangeCase{"bytes=500-999", kSize, S::kPartial, 500, 999,
                     "14.1.2: the second 500 bytes"},
           RangeCase{"bytes=-500", kSize, S::kPartial, 9500, 9999,
                     "14.1.2: the final 500 bytes, as a suffix"},
           RangeCase{"bytes=9500-", kSize, S::kPartial, 9500, 9999,
                     "14.1.2: the final 500 bytes, open-ended"},
           RangeCase{"bytes=0-0", kSize, S::kPartial, 0, 0, "one byte"},
           RangeCase{"bytes=9999-9999", kSize, S::kPartial, 9999, 9999,
                     "the last byte"},
           RangeCase{"bytes=9000-20000", kSize, S::kPartial, 9000, 9999,
                     "14.1.1: a last-pos past the end means the end"},
           RangeCase{"bytes=0-99999999999999999999999", kSize, S::kPartial, 0,
                     9999, "a last-pos past 64 bits is past the end"},
           RangeCase{"bytes=-20000", kSize, S::kPartial, 0, 9999,
                     "14.1.1: a suffix longer than the file is all of it"},
           RangeCase{"Bytes=0-9", kSize, S::kPartial, 0, 9,
                     "14.1: range units are case-insensitive"},
           RangeCase{"bytes=,0-9, ", kSize, S::kPartial, 0, 9,
                     "5.6.1.2: empty list elements are ignored"},
           RangeCase{"bytes= 0-9", kSize, S::kPartial, 0, 9,
                     "spaces around an element are allowed"},
           RangeCase{"bytes=10000-", kSize, S::kUnsatisfiable, 0, 0,
                     "14.1.1: first-pos at or past the end is unsatisfiable"},
           RangeCase{"bytes=10000-10005", kSize, S::kUnsatisfiable, 0, 0,
                     "14.1.1: first-pos past the end"},
           RangeCase{"bytes=99999999999999999999999-", kSize, S::kUnsatisfiable,
                     0, 0, "past 64 bits is past the end"},
           RangeCase{"bytes=-0", kSize, S::kUnsatisfiable, 0, 0,
                     "14.1.1: a suffix must be non-zero to be satisfiable"},
           RangeCase{"bytes=0-", 0, S::kUnsatisfiable, 0, 0,
                     "14.1.1: an empty file has no first byte"},
           RangeCase{"bytes=-5", 0, S::kWholeFile, 0, 0,
                     "14.1.1 calls it satisfiable, but a 206 of no bytes "
                     "cannot be written: 200"},
           RangeCase{"bytes=0-0,-1", kSize, S::kWholeFile, 0, 0,
                     "several ranges: the whole file (14.2: MAY ignore)"},
           RangeCase{"bytes=500-600,601-999", kSize, S::kWholeFile, 0, 0,
                     "several ranges, even adjacent"},
           RangeCase{"bytes=20000-,-0", kSize, S::kUnsatisfiable, 0, 0,
                     "several ranges, none satisfiable: 416"},
           RangeCase{"bytes=20000-,0-1", kSize, S::kWholeFile, 0, 0,
                     "several ranges, one satisfiable"},
           RangeCase{"bytes=5-3", kSize, S::kWholeFile, 0, 0,
                     "14.1.1: last-pos below first-pos is invalid; ignored"},
           RangeCase{"bytes=0-1,5-3", kSize, S::kWholeFile, 0, 0,
                     "one invalid spec makes the whole field invalid"},
           RangeCase{"bytes=a-", kSize, S::kWholeFile, 0, 0, "not digits"},
           RangeCase{"bytes=+1-2", kSize, S::kWholeFile, 0, 0, "a sign"},
           RangeCase{"bytes=--1", kSize, S::kWholeFile, 0, 0, "a negative"},
           RangeCase{"bytes=1-2-3", kSize, S::kWholeFile, 0, 0, "two dashes"},
           RangeCase{"bytes=-", kSize, S::kWholeFile, 0, 0, "no numbers"},
           RangeCase{"bytes=5", kSize, S::kWholeFile, 0, 0, "no dash"},
           RangeCase{"bytes=", kSize, S::kWholeFile, 0, 0,
                     "1#range-spec: at least one"},
           RangeCase{"bytes 0-9", kSize, S::kWholeFile, 0, 0, "no ="},
           RangeCase{"bytes =0-9", kSize, S::kWholeFile, 0, 0,
                     "the unit is a token, nothing around it"},
           RangeCase{"items=0-9", kSize, S::kWholeFile, 0, 0,
                     "14.2: an origin server MUST ignore a unit it does not "
                     "understand"},
           RangeCase{"", kSize, S::kWholeFile, 0, 0, "empty"},
       }) {
    RangeResult result = ParseRange(c.value, c.size);
    EXPECT_EQ(result.status, c.status) << c.value << ": " << c.rule;
    if (c.status != S::kPartial) continue;
    EXPECT_EQ(result.range.first, c.first) << c.value << ": " << c.rule;
    EXPECT_EQ(result.range.last, c.last) << c.value << ": " << c.rule;
  }
}

TEST(ParseRangeTest, LengthCountsBothEnds) {
  EXPECT_EQ(ParseRange("bytes=0-0", kSize).range.length(), 1u);
  EXPECT_EQ(ParseRange("bytes=-500", kSize).range.length(), 500u);
}

constexpr std::time_t kModified = 784111777;  // Sun, 06 Nov 1994 08:49:37.
constexpr std::time_t kNow = 1795000000;
const Validators kCurrent{"\"abc\"", kModified};

using Fields = TestFields;

RangeStatus Choose(std::string_view method, const Fields& fields) {
  return ChooseRange(RequestWith(method, fields), kCurrent, kSize, kNow).status;
}

TEST(ChooseRangeTest, AsSections13_2_2And14_2Say) {
  struct Case {
    std::string_view method;
    Fields fields;
    RangeStatus status;
    std::string_view rule;
  };
  for (const Case& c : {
           Case{"GET", {}, S::kWholeFile, "no Range"},
           Case{"GET", {{"Range", "bytes=0-9"}}, S::kPartial, "14.2"},
           Case{"GET", {{"Range", "bytes=20000-"}}, S::kUnsatisfiable, "14.2"},
           Case{"HEAD",
                {{"Range", "bytes=0-9"}},
                S::kWholeFile,
                "14.2: MUST ignore Range but for GET"},
           Case{"POST", {{"Range", "bytes=0-9"}}, S::kWholeFile, "14.2"},
           Case{"GET",
                {{"Range", "bytes=0-9"}, {"Range", "bytes=0-9"}},
                S::kWholeFile,
                "two Range fields are no valid Range"},
           Case{"GET",
                {{"Range", "bytes=0-9"}, {"If-Range", "\"abc\""}},
                S::kPartial,
                "13.1.5: the tag matches"},
           Case{"GET",
                {{"Range", "bytes=0-9"}, {"If-Range", "\"old\""}},
                S::kWholeFile,
                "13.1.5: MUST ignore Range if it does not"},
           Case{"GET",
                {{"Range", "bytes=20000-"}, {"If-Range", "\"old\""}},
                S::kWholeFile,
                "13.2.2 step 5: a changed file is sent whole"},
           Case{"GET",
                {{"Range", "bytes=0-9"},
                 {"If-Range", "Sun, 06 Nov 1994 08:49:37 GMT"}},
                S::kPartial,
                "13.1.5: the date is Last-Modified"},
           Case{"GET",
                {{"Range", "bytes=0-9"},
                 {"If-Range", "Sun, 06 Nov 1994 08:49:38 GMT"}},
                S::kWholeFile,
                "13.1.5: another date"},
           Case{"GET",
                {{"Range", "bytes=0-9"},
                 {"If-Range", "\"abc\""},
                 {"If-Range", "\"abc\""}},
                S::kWholeFile,
                "If-Range twice is not one validator"},
           Case{"GET",
                {{"If-Range", "\"abc\""}},
                S::kWholeFile,
                "13.1.5: MUST ignore If-Range without Range"},
       }) {
    EXPECT_EQ(Choose(c.method, c.fields), c.status) << c.rule;
  }
}

TEST(ContentRangeTest, WritesBothForms) {
  EXPECT_EQ(ContentRange({0, 499}, 10000), "bytes 0-499/10000");
  EXPECT_EQ(ContentRange({9999, 9999}, 10000), "bytes 9999-9999/10000");
  EXPECT_EQ(UnsatisfiedContentRange(10000), "bytes */10000");
  EXPECT_EQ(UnsatisfiedContentRange(0), "bytes */0");
}

}  // namespace
}  // namespace http
