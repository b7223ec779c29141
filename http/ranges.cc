// See ranges.h. ranges-specifier = range-unit "=" range-set; range-set =
// 1#range-spec; range-spec = int-range / suffix-range (RFC 9110 14.1.1).
#include "http/ranges.h"

#include <limits>
#include <optional>
#include <vector>

#include "http/syntax.h"

namespace http {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// 1*DIGIT; a number past 64 bits is kMax, which is past any file's end.
std::optional<std::uint64_t> ParseNumber(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    value = value > (kMax - digit) / 10 ? kMax : value * 10 + digit;
  }
  return value;
}

// One range-spec for a file of `size` bytes; nothing if it is invalid.
std::optional<RangeResult> ParseSpec(std::string_view spec,
                                     std::uint64_t size) {
  std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view before = spec.substr(0, dash);
  std::string_view after = spec.substr(dash + 1);
  RangeResult result;
  if (before.empty()) {  // suffix-range: "-" suffix-length.
    std::optional<std::uint64_t> suffix = ParseNumber(after);
    if (!suffix) return std::nullopt;
    if (*suffix == 0) {
      result.status = RangeStatus::kUnsatisfiable;
    } else if (size > 0) {
      result.status = RangeStatus::kPartial;
      result.range = {*suffix >= size ? 0 : size - *suffix, size - 1};
    }  // Else satisfiable, but an empty file has no byte to send: whole.
    return result;
  }
  // int-range: first-pos "-" [ last-pos ].
  std::optional<std::uint64_t> first = ParseNumber(before);
  std::optional<std::uint64_t> last =
      after.empty() ? std::optional<std::uint64_t>(kMax) : ParseNumber(after);
  if (!first || !last || *last < *first) return std::nullopt;
  if (*first >= size) {
    result.status = RangeStatus::kUnsatisfiable;
  } else {
    result.status = RangeStatus::kPartial;
    result.range = {*first, *last < size ? *last : size - 1};
  }
  return result;
}

}  // namespace

RangeResult ParseRange(std::string_view value, std::uint64_t size) {
  const RangeResult whole;
  std::size_t equals = value.find('=');
  if (equals == std::string_view::npos ||
      !syntax::EqualsIgnoringCase(value.substr(0, equals), "bytes")) {
    return whole;
  }
  std::vector<RangeResult> specs;
  std::string_view rest = value.substr(equals + 1);
  for (;;) {
    std::size_t comma = rest.find(',');
    std::string_view element = syntax::TrimSpaces(rest.substr(0, comma));
    if (!element.empty()) {
      std::optional<RangeResult> spec = ParseSpec(element, size);
      if (!spec) return whole;
      specs.push_back(*spec);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (specs.size() == 1) return specs.front();
  for (const RangeResult& spec : specs) {
    if (spec.status != RangeStatus::kUnsatisfiable) return whole;
  }
  return specs.empty() ? whole : RangeResult{RangeStatus::kUnsatisfiable, {}};
}

RangeResult ChooseRange(const Request& request, const Validators& current,
                        std::uint64_t size, std::time_t now) {
  const RangeResult whole;
  std::optional<std::string_view> range = SoleField(request, "Range");
  if (request.method != "GET" || !range) return whole;
  if (request.FindHeader("If-Range")) {
    std::optional<std::string_view> if_range = SoleField(request, "If-Range");
    if (!if_range || !IfRangeHolds(*if_range, current, now)) return whole;
  }
  return ParseRange(*range, size);
}

std::string ContentRange(const ByteRange& range, std::uint64_t size) {
  return "bytes " + std::to_string(range.first) + "-" +
         std::to_string(range.last) + "/" + std::to_string(size);
}

std::string UnsatisfiedContentRange(std::uint64_t size) {
  return "bytes */" + std::to_string(size);
}

}  // namespace http
