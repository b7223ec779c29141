// The validators of a file the server sends (RFC 9110 section 8.8: a strong
// ETag and Last-Modified), and the conditional request fields evaluated
// against them in the order section 13.2.2 gives: If-Match,
// If-Unmodified-Since, If-None-Match, If-Modified-Since; If-Range is step 5,
// used by ChooseRange (ranges.h). Pure functions of the request's fields,
// the file's stat and the time: the caller does the stat.
#ifndef HTTP_VALIDATORS_H_
#define HTTP_VALIDATORS_H_

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"

namespace http {

// What stat says about a file, as far as telling its versions apart goes.
struct FileVersion {
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_seconds = 0;
  std::int64_t mtime_nanoseconds = 0;  // 0 where the file system has none.
};

struct Validators {
  std::string etag;  // Strong, quotes included: the ETag field's value.
  // Seconds since the epoch: the Last-Modified field's value is
  // HttpDate(last_modified) (response.h).
  std::time_t last_modified = 0;
};

// A strong entity-tag for `file`: inode, size and modification time (to the
// nanosecond) in hex, "\"1a2b-400-65f0c3a1.1dcd6500\"". It changes when the
// file is rewritten (size or time), and when another file is renamed over
// it with the same size and an equal time (rsync -t, an unpacked archive):
// the inode differs. It cannot see a write that leaves the time as it was
// (touch -d, a clock set back).
std::string StrongETag(const FileVersion& file);

// The file's validators for a response dated `now`. A modification time
// later than `now` (clock skew, an archive from the future) is sent as
// `now`: RFC 9110 section 8.8.2.1 says Last-Modified MUST NOT be later than
// the response's Date.
Validators ValidatorsFor(const FileVersion& file, std::time_t now);

// The value of the field `name` when the request has exactly one line of
// it; nothing when it has none, or several (a field defined as one value,
// sent twice, has no one valid value).
std::optional<std::string_view> SoleField(const Request& request,
                                          std::string_view name);

enum class Precondition {
  kProceed,             // Answer as if there were no conditions.
  kNotModified,         // 304, with no body.
  kPreconditionFailed,  // 412.
};

// RFC 9110 section 13.2.2, steps 1 to 4, for a file whose validators are
// `current` (so "*" matches), with `now` to read two-digit years:
//  1. If-Match, strong comparison: no match is 412.
//  2. Only without If-Match, If-Unmodified-Since: modified after it is 412.
//  3. If-None-Match, weak comparison: a match is 304 for GET and HEAD, 412
//     for other methods.
//  4. Only without If-None-Match and for GET or HEAD, If-Modified-Since:
//     not modified after it is 304.
// A date field that is not one valid HTTP-date (a list, more than one field
// line, garbage) is ignored, as sections 13.1.3 and 13.1.4 say. An
// entity-tag list that does not parse matches nothing. Section 13.2.1: call
// this only when the answer without the conditions would be 2xx (not for a
// 404, a 405, a 301); and not for CONNECT, OPTIONS or TRACE.
Precondition EvaluatePreconditions(const Request& request,
                                   const Validators& current, std::time_t now);

// RFC 9110 section 13.1.5: whether an If-Range field value lets the Range
// be served. An entity-tag must match `current.etag` by strong comparison
// (a weak tag never does). A date must equal `current.last_modified`
// exactly and must be strong in the sense of section 8.8.2.2: an origin
// server may only count it so if it knows the file did not change twice
// within that second. A stat cannot tell, but a client may only send a date
// it got with a Date at least a second later (same section), and no later
// write can fall in a second that is over; so the date counts only when
// its second is over now. Anything else is false.
bool IfRangeHolds(std::string_view if_range, const Validators& current,
                  std::time_t now);

}  // namespace http

#endif  // HTTP_VALIDATORS_H_
