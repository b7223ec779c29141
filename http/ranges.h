// Byte ranges (RFC 9110 section 14): which part of a file of `size` bytes a
// Range field asks for, whether If-Range lets it (section 13.1.5), and the
// Content-Range value of the answer. Pure: the caller sends the bytes (a
// sendfile of `length()` bytes from `first`).
//
// One range is served (206). Several are answered with the whole file
// (200), which section 14.2 allows ("a server MAY ignore the Range header
// field"), so there is no multipart/byteranges to write; unless none of them
// is satisfiable, which is 416 as for one.
#ifndef HTTP_RANGES_H_
#define HTTP_RANGES_H_

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/validators.h"

namespace http {

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // Inclusive, as in "bytes=0-0" (one byte).
  std::uint64_t length() const { return last - first + 1; }
};

enum class RangeStatus {
  kWholeFile,      // No Range, or one to ignore: 200 with the whole file.
  kPartial,        // 206 with `range`, and Content-Range: ContentRange().
  kUnsatisfiable,  // 416 with Content-Range: UnsatisfiedContentRange().
};

struct RangeResult {
  RangeStatus status = RangeStatus::kWholeFile;
  ByteRange range;  // When kPartial.
};

// A Range field value for a file of `size` bytes (section 14.1.1):
//  - "bytes=first-last", clamped to the file: kPartial if first < size,
//    else kUnsatisfiable;
//  - "bytes=first-": from first to the end, the same way;
//  - "bytes=-suffix": the last `suffix` bytes (all of a shorter file):
//    kPartial, or kUnsatisfiable for "-0". An empty file has no bytes to
//    send in a 206, so a suffix range of it is kWholeFile.
// The unit is case-insensitive; spaces around list elements and empty
// elements are allowed. kWholeFile for what is not a valid "bytes" ranges
// specifier (another unit, "bytes=5-3", "bytes=a-", a sign, nothing after
// "="), which section 14.2 lets a server ignore, and for several ranges
// unless none is satisfiable. Numbers too large for 64 bits are still
// numbers: past any file's end.
RangeResult ParseRange(std::string_view value, std::uint64_t size);

// Section 13.2.2 step 5 and section 14.2: the range to send for `request`,
// a GET or HEAD of a file of `size` bytes whose validators are `current`,
// after EvaluatePreconditions said kProceed. kWholeFile unless the method is
// GET (Range is only defined for GET: a HEAD gets the 200 headers), there is
// exactly one Range field, and If-Range, if sent, holds (IfRangeHolds; sent
// twice, it does not). Then ParseRange.
RangeResult ChooseRange(const Request& request, const Validators& current,
                        std::uint64_t size, std::time_t now);

// "bytes 0-99/1234": the Content-Range of a 206 (section 14.4).
std::string ContentRange(const ByteRange& range, std::uint64_t size);

// "bytes */1234": the Content-Range of a 416 (section 15.5.17).
std::string UnsatisfiedContentRange(std::uint64_t size);

}  // namespace http

#endif  // HTTP_RANGES_H_
