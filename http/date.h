// Reads an HTTP-date (RFC 9110 section 5.6.7), as If-Modified-Since,
// If-Unmodified-Since and If-Range carry it, in each of the three formats a
// recipient must accept. Writing one is HttpDate (response.h), which only
// ever writes the first.
#ifndef HTTP_DATE_H_
#define HTTP_DATE_H_

#include <ctime>
#include <optional>
#include <string_view>

namespace http {

// Seconds since the epoch for
//   IMF-fixdate   "Sun, 06 Nov 1994 08:49:37 GMT"
//   rfc850-date   "Sunday, 06-Nov-94 08:49:37 GMT"  (obsolete)
//   asctime-date  "Sun Nov  6 08:49:37 1994"        (obsolete)
// exactly as the grammar spells them (names and "GMT" case-sensitive, one
// space between parts, nothing around). Nothing for anything else,
// including a moment that does not exist: 30 Feb, 24:00, a day name that is
// not that date's. A second of 60 (a leap second, which the RFC allows) is
// the first second of the next minute. `now` settles rfc850-date's two-digit
// year: a year more than 50 years after now's is the most recent past year
// with those two digits, as the RFC says.
std::optional<std::time_t> ParseHttpDate(std::string_view text,
                                         std::time_t now);

}  // namespace http

#endif  // HTTP_DATE_H_
