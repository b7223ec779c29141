// The validators of a file, and the conditional request fields of RFC 9110
// section 13 evaluated against them: a row per rule, citing its section.
#include "http/validators.h"

#include <gtest/gtest.h>

#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "http/test_request.h"

namespace http {
namespace {

constexpr std::time_t kModified = 784111777;  // Sun, 06 Nov 1994 08:49:37.
constexpr std::time_t kNow = 1795000000;
const Validators kCurrent{"\"abc\"", kModified};

constexpr std::string_view kAt = "Sun, 06 Nov 1994 08:49:37 GMT";
constexpr std::string_view kBefore = "Sun, 06 Nov 1994 08:49:36 GMT";
constexpr std::string_view kAfter = "Sun, 06 Nov 1994 08:49:38 GMT";

using Fields = TestFields;

struct ConditionCase {
  std::string_view name;
  std::string_view rule;
  std::string_view method;
  Fields fields;
  Precondition expected;
};

// Failures name the row, not its bytes.
void PrintTo(const ConditionCase& c, std::ostream* os) { *os << c.name; }

class EvaluatesPreconditions : public ::testing::TestWithParam<ConditionCase> {
};

TEST_P(EvaluatesPreconditions, AsTheRfcSays) {
  const ConditionCase& c = GetParam();
  EXPECT_EQ(
      EvaluatePreconditions(RequestWith(c.method, c.fields), kCurrent, kNow),
      c.expected)
      << c.rule;
}

using P = Precondition;

INSTANTIATE_TEST_SUITE_P(
    IfMatch, EvaluatesPreconditions,
    ::testing::Values(
        ConditionCase{
            "None", "13.2.2 step 6: no conditions", "GET", {}, P::kProceed},
        ConditionCase{"Same",
                      "13.1.1: a listed tag matches",
                      "GET",
                      {{"If-Match", "\"abc\""}},
                      P::kProceed},
        ConditionCase{"Other",
                      "13.2.2 step 1: false is 412",
                      "GET",
                      {{"If-Match", "\"x\""}},
                      P::kPreconditionFailed},
        ConditionCase{"Star",
                      "13.1.1: * is true for a current file",
                      "PUT",
                      {{"If-Match", "*"}},
                      P::kProceed},
        ConditionCase{"List",
                      "13.1.1: any listed tag",
                      "GET",
                      {{"If-Match", "\"x\" , \"abc\""}},
                      P::kProceed},
        ConditionCase{"ListOverLines",
                      "5.3: field lines combine into a list",
                      "GET",
                      {{"If-Match", "\"x\""}, {"if-match", "\"abc\""}},
                      P::kProceed},
        ConditionCase{"CommaInsideTag",
                      "8.8.3: a tag may hold a comma",
                      "GET",
                      {{"If-Match", "\"a,b\", \"abc\""}},
                      P::kProceed},
        ConditionCase{"Weak",
                      "13.1.1: strong comparison; W/ never matches",
                      "GET",
                      {{"If-Match", "W/\"abc\""}},
                      P::kPreconditionFailed},
        ConditionCase{"Unquoted",
                      "8.8.3: a tag is quoted; matches nothing",
                      "GET",
                      {{"If-Match", "abc"}},
                      P::kPreconditionFailed},
        ConditionCase{"StarAndTag",
                      "13.1.1: * stands alone",
                      "GET",
                      {{"If-Match", "*, \"abc\""}},
                      P::kPreconditionFailed},
        ConditionCase{"Empty",
                      "1#entity-tag: an empty list is invalid",
                      "GET",
                      {{"If-Match", ""}},
                      P::kPreconditionFailed}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    IfUnmodifiedSince, EvaluatesPreconditions,
    ::testing::Values(
        ConditionCase{"At",
                      "13.1.4: modified at or before the date is true",
                      "GET",
                      {{"If-Unmodified-Since", kAt}},
                      P::kProceed},
        ConditionCase{"After",
                      "13.1.4",
                      "GET",
                      {{"If-Unmodified-Since", kAfter}},
                      P::kProceed},
        ConditionCase{"Before",
                      "13.2.2 step 2: false is 412",
                      "GET",
                      {{"If-Unmodified-Since", kBefore}},
                      P::kPreconditionFailed},
        ConditionCase{"Invalid",
                      "13.1.4: MUST ignore an invalid date",
                      "GET",
                      {{"If-Unmodified-Since", "yesterday"}},
                      P::kProceed},
        ConditionCase{"TwoLines",
                      "13.1.4: a list of dates is not valid",
                      "GET",
                      {{"If-Unmodified-Since", kBefore},
                       {"If-Unmodified-Since", kBefore}},
                      P::kProceed},
        ConditionCase{
            "IgnoredWithIfMatch",
            "13.1.4: MUST ignore it when If-Match is present",
            "GET",
            {{"If-Match", "\"abc\""}, {"If-Unmodified-Since", kBefore}},
            P::kProceed}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    IfNoneMatch, EvaluatesPreconditions,
    ::testing::Values(ConditionCase{"Same",
                                    "13.2.2 step 3: false is 304 for GET",
                                    "GET",
                                    {{"If-None-Match", "\"abc\""}},
                                    P::kNotModified},
                      ConditionCase{"SameHead",
                                    "13.2.2 step 3: and for HEAD",
                                    "HEAD",
                                    {{"If-None-Match", "\"abc\""}},
                                    P::kNotModified},
                      ConditionCase{"SamePost",
                                    "13.2.2 step 3: 412 for other methods",
                                    "POST",
                                    {{"If-None-Match", "\"abc\""}},
                                    P::kPreconditionFailed},
                      ConditionCase{"Weak",
                                    "13.1.2: weak comparison; W/ matches",
                                    "GET",
                                    {{"If-None-Match", "W/\"abc\""}},
                                    P::kNotModified},
                      ConditionCase{"Other",
                                    "13.1.2: no tag matches is true",
                                    "GET",
                                    {{"If-None-Match", "\"x\""}},
                                    P::kProceed},
                      ConditionCase{"Star",
                                    "13.1.2: * is false for a current file",
                                    "GET",
                                    {{"If-None-Match", "*"}},
                                    P::kNotModified},
                      ConditionCase{"List",
                                    "13.1.2: any listed tag",
                                    "GET",
                                    {{"If-None-Match", "\"x\", W/\"abc\""}},
                                    P::kNotModified},
                      ConditionCase{"EmptyElements",
                                    "5.6.1.2: empty elements are skipped",
                                    "GET",
                                    {{"If-None-Match", ", ,\"abc\","}},
                                    P::kNotModified},
                      ConditionCase{"Unquoted",
                                    "8.8.3: invalid, matches nothing",
                                    "GET",
                                    {{"If-None-Match", "abc"}},
                                    P::kProceed},
                      ConditionCase{"TrailingGarbage",
                                    "8.8.3: invalid, matches nothing",
                                    "GET",
                                    {{"If-None-Match", "\"abc\" x"}},
                                    P::kProceed}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    IfModifiedSince, EvaluatesPreconditions,
    ::testing::Values(
        ConditionCase{"At",
                      "13.1.3: not modified after the date is 304",
                      "GET",
                      {{"If-Modified-Since", kAt}},
                      P::kNotModified},
        ConditionCase{"After",
                      "13.1.3: earlier than the date is 304",
                      "HEAD",
                      {{"If-Modified-Since", kAfter}},
                      P::kNotModified},
        ConditionCase{"Before",
                      "13.1.3: modified after the date",
                      "GET",
                      {{"If-Modified-Since", kBefore}},
                      P::kProceed},
        ConditionCase{"Rfc850",
                      "5.6.7: recipients MUST accept rfc850-date",
                      "GET",
                      {{"If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT"}},
                      P::kNotModified},
        ConditionCase{"Asctime",
                      "5.6.7: recipients MUST accept asctime-date",
                      "GET",
                      {{"If-Modified-Since", "Sun Nov  6 08:49:37 1994"}},
                      P::kNotModified},
        ConditionCase{"Invalid",
                      "13.1.3: MUST ignore an invalid date",
                      "GET",
                      {{"If-Modified-Since", "Sun, 06 Nov 1994"}},
                      P::kProceed},
        ConditionCase{"List",
                      "13.1.3: MUST ignore more than one member",
                      "GET",
                      {{"If-Modified-Since",
                        "Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 "
                        "08:49:37 GMT"}},
                      P::kProceed},
        ConditionCase{"TwoLines",
                      "13.1.3: more than one member",
                      "GET",
                      {{"If-Modified-Since", kAt}, {"If-Modified-Since", kAt}},
                      P::kProceed},
        ConditionCase{"Post",
                      "13.1.3: MUST ignore it but for GET and HEAD",
                      "POST",
                      {{"If-Modified-Since", kAt}},
                      P::kProceed},
        ConditionCase{"IgnoredWithIfNoneMatch",
                      "13.1.3: MUST ignore it when If-None-Match is present",
                      "GET",
                      {{"If-None-Match", "\"x\""}, {"If-Modified-Since", kAt}},
                      P::kProceed}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Precedence, EvaluatesPreconditions,
    ::testing::Values(
        ConditionCase{"IfMatchBeforeIfNoneMatch",
                      "13.2.2: step 1 answers before step 3",
                      "GET",
                      {{"If-None-Match", "\"abc\""}, {"If-Match", "\"x\""}},
                      P::kPreconditionFailed},
        ConditionCase{
            "IfUnmodifiedSinceBeforeIfModifiedSince",
            "13.2.2: step 2 answers before step 4",
            "GET",
            {{"If-Modified-Since", kAt}, {"If-Unmodified-Since", kBefore}},
            P::kPreconditionFailed},
        ConditionCase{"IfMatchTrueThenIfNoneMatch",
                      "13.2.2: step 1 true goes on to step 3",
                      "GET",
                      {{"If-Match", "\"abc\""}, {"If-None-Match", "\"abc\""}},
                      P::kNotModified}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(IfRangeHoldsTest, AsSection13_1_5Says) {
  struct Case {
    std::string_view value;
    std::time_t now;
    bool holds;
    std::string_view rule;
  };
  for (const Case& c : {
           Case{"\"abc\"", kNow, true, "a tag matching by strong comparison"},
           Case{"W/\"abc\"", kNow, false, "a weak tag never matches"},
           Case{"\"x\"", kNow, false, "another tag"},
           Case{"\"abc\", \"x\"", kNow, false, "one tag, not a list"},
           Case{"\"abc", kNow, false, "not a tag"},
           Case{kAt, kNow, true, "exactly Last-Modified, its second over"},
           Case{"Sunday, 06-Nov-94 08:49:37 GMT", kNow, true, "any format"},
           Case{kAt, kModified, false,
                "8.8.2.2: within its second the file could change again"},
           Case{kBefore, kNow, false, "a date must match exactly"},
           Case{kAfter, kNow, false, "a date must match exactly"},
           Case{"tomorrow", kNow, false, "neither a tag nor a date"},
           Case{"", kNow, false, "empty"},
       }) {
    EXPECT_EQ(IfRangeHolds(c.value, kCurrent, c.now), c.holds)
        << c.value << ": " << c.rule;
  }
}

TEST(StrongETagTest, IsInodeSizeAndTimeInHex) {
  EXPECT_EQ(StrongETag({0x1a2b, 1024, 0x65f0c3a1, 500000000}),
            "\"1a2b-400-65f0c3a1.1dcd6500\"");
}

TEST(StrongETagTest, ChangesWithEachPart) {
  const FileVersion base{7, 100, 1700000000, 5};
  std::set<std::string> tags;
  for (FileVersion v :
       {base, FileVersion{8, 100, 1700000000, 5},
        FileVersion{7, 101, 1700000000, 5}, FileVersion{7, 100, 1700000001, 5},
        FileVersion{7, 100, 1700000000, 6}}) {
    tags.insert(StrongETag(v));
  }
  EXPECT_EQ(tags.size(), 5u);
}

TEST(ValidatorsForTest, LastModifiedIsNeverLaterThanNow) {
  FileVersion file{1, 2, kModified, 999999999};
  EXPECT_EQ(ValidatorsFor(file, kNow).last_modified, kModified);
  EXPECT_EQ(ValidatorsFor(file, kNow).etag, StrongETag(file));
  file.mtime_seconds = kNow + 3600;  // Written by a clock an hour ahead.
  EXPECT_EQ(ValidatorsFor(file, kNow).last_modified, kNow);
}

TEST(SoleFieldTest, IsTheOneLineOrNothing) {
  EXPECT_EQ(SoleField(RequestWith("GET", {{"Range", "a"}}), "range"), "a");
  EXPECT_EQ(SoleField(RequestWith("GET", {}), "Range"), std::nullopt);
  EXPECT_EQ(
      SoleField(RequestWith("GET", {{"Range", "a"}, {"Range", "a"}}), "Range"),
      std::nullopt);
}

}  // namespace
}  // namespace http
