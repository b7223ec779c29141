// See date.h. The calendar arithmetic is done here rather than by timegm,
// which is not standard C++ and which quietly normalizes 30 Feb to 2 Mar.
#include "http/date.h"

#include <array>
#include <cstdint>

namespace http {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                   "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> kLongDays = {
    "Sunday",   "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonths = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Reads the text from left to right; each call consumes what it matched.
class Reader {
 public:
  explicit Reader(std::string_view text) : rest_(text) {}

  bool Literal(std::string_view literal) {
    if (rest_.substr(0, literal.size()) != literal) return false;
    rest_.remove_prefix(literal.size());
    return true;
  }

  // Exactly `count` decimal digits.
  bool Number(std::size_t count, int* value) {
    if (rest_.size() < count) return false;
    *value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (rest_[i] < '0' || rest_[i] > '9') return false;
      *value = *value * 10 + (rest_[i] - '0');
    }
    rest_.remove_prefix(count);
    return true;
  }

  // One of `names`; `*index` says which.
  template <std::size_t N>
  bool OneOf(const std::array<std::string_view, N>& names, int* index) {
    for (std::size_t i = 0; i < N; ++i) {
      if (Literal(names[i])) {
        *index = static_cast<int>(i);
        return true;
      }
    }
    return false;
  }

  bool AtEnd() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

struct Fields {
  int weekday = 0;  // 0 is Sunday.
  int day = 0;
  int month = 0;  // 0 is January.
  int year = 0;
  int hour = 0, minute = 0, second = 0;
};

bool IsLeapYear(std::int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int DaysInMonth(std::int64_t year, int month) {
  static constexpr int kLengths[] = {31, 28, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};
  return month == 1 && IsLeapYear(year) ? 29 : kLengths[month];
}

// Days from 1970-01-01 to the given date of the proleptic Gregorian
// calendar: whole 400-year eras (146097 days each) counted from 1 March of
// year 0, so that the leap day falls at the end of each counted year.
std::int64_t DaysSinceEpoch(std::int64_t year, int month, int day) {
  if (month < 2) --year;  // January and February end the previous year.
  std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  std::int64_t year_of_era = year - era * 400;
  std::int64_t month_from_march = (month + 10) % 12;
  std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
  std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  constexpr std::int64_t kMarchFirstOfYear0To1970 = 719468;
  return era * 146097 + day_of_era - kMarchFirstOfYear0To1970;
}

std::optional<std::time_t> ToTime(const Fields& f) {
  if (f.day < 1 || f.day > DaysInMonth(f.year, f.month) || f.hour > 23 ||
      f.minute > 59 || f.second > 60) {
    return std::nullopt;
  }
  std::int64_t days = DaysSinceEpoch(f.year, f.month, f.day);
  // 1970-01-01 was a Thursday.
  if (((days % 7 + 7 + 4) % 7) != f.weekday) return std::nullopt;
  return static_cast<std::time_t>(days * 86400 + f.hour * 3600 + f.minute * 60 +
                                  f.second);
}

bool TimeOfDay(Reader& in, Fields& f) {
  return in.Number(2, &f.hour) && in.Literal(":") && in.Number(2, &f.minute) &&
         in.Literal(":") && in.Number(2, &f.second);
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
bool ImfFixdate(std::string_view text, Fields& f) {
  Reader in(text);
  return in.OneOf(kDays, &f.weekday) && in.Literal(", ") &&
         in.Number(2, &f.day) && in.Literal(" ") &&
         in.OneOf(kMonths, &f.month) && in.Literal(" ") &&
         in.Number(4, &f.year) && in.Literal(" ") && TimeOfDay(in, f) &&
         in.Literal(" GMT") && in.AtEnd();
}

// "Sunday, 06-Nov-94 08:49:37 GMT"; the century comes from `now`.
bool Rfc850Date(std::string_view text, std::time_t now, Fields& f) {
  Reader in(text);
  int two_digit_year = 0;
  if (!(in.OneOf(kLongDays, &f.weekday) && in.Literal(", ") &&
        in.Number(2, &f.day) && in.Literal("-") &&
        in.OneOf(kMonths, &f.month) && in.Literal("-") &&
        in.Number(2, &two_digit_year) && in.Literal(" ") && TimeOfDay(in, f) &&
        in.Literal(" GMT") && in.AtEnd())) {
    return false;
  }
  std::tm utc{};
  gmtime_r(&now, &utc);
  int this_year = utc.tm_year + 1900;
  f.year = this_year - this_year % 100 + two_digit_year;
  if (f.year > this_year + 50) f.year -= 100;
  return true;
}

// "Sun Nov  6 08:49:37 1994": the day is two digits or a space and one.
bool AsctimeDate(std::string_view text, Fields& f) {
  Reader in(text);
  if (!(in.OneOf(kDays, &f.weekday) && in.Literal(" ") &&
        in.OneOf(kMonths, &f.month) && in.Literal(" "))) {
    return false;
  }
  bool day = in.Literal(" ") ? in.Number(1, &f.day) : in.Number(2, &f.day);
  return day && in.Literal(" ") && TimeOfDay(in, f) && in.Literal(" ") &&
         in.Number(4, &f.year) && in.AtEnd();
}

}  // namespace

std::optional<std::time_t> ParseHttpDate(std::string_view text,
                                         std::time_t now) {
  Fields fields;
  if (ImfFixdate(text, fields) || Rfc850Date(text, now, fields) ||
      AsctimeDate(text, fields)) {
    return ToTime(fields);
  }
  return std::nullopt;
}

}  // namespace http
