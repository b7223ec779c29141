// See validators.h. Entity-tags (RFC 9110 section 8.8.3): [W/] DQUOTE
// *etagc DQUOTE, where etagc is any visible byte but DQUOTE, or obs-text.
#include "http/validators.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "http/date.h"
#include "http/syntax.h"

namespace http {
namespace {

struct EntityTag {
  bool weak = false;
  std::string_view opaque;  // With its quotes.
};

bool IsEtagChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x7e) || u >= 0x80;
}

// The entity-tag at the start of `*text`, which is moved past it.
std::optional<EntityTag> TakeEntityTag(std::string_view* text) {
  EntityTag tag;
  std::string_view rest = *text;
  if (rest.substr(0, 2) == "W/") {
    tag.weak = true;
    rest.remove_prefix(2);
  }
  if (rest.empty() || rest.front() != '"') return std::nullopt;
  std::size_t close = 1;
  while (close < rest.size() && rest[close] != '"') {
    if (!IsEtagChar(rest[close])) return std::nullopt;
    ++close;
  }
  if (close == rest.size()) return std::nullopt;
  tag.opaque = rest.substr(0, close + 1);
  rest.remove_prefix(close + 1);
  *text = rest;
  return tag;
}

// Section 8.8.3.2: strong comparison needs both tags strong; weak
// comparison only looks at the opaque tags.
bool TagsMatch(const EntityTag& a, const EntityTag& b, bool weak_comparison) {
  if (!weak_comparison && (a.weak || b.weak)) return false;
  return a.opaque == b.opaque;
}

std::string_view TrimLeft(std::string_view text) {
  while (!text.empty() && syntax::IsSpaceOrTab(text.front())) {
    text.remove_prefix(1);
  }
  return text;
}

// Whether the fields `name` ("*" / #entity-tag, on one or more lines) hold
// a tag that matches `current`; nothing if the request has no such field.
// Empty list elements are skipped (RFC 9110 section 5.6.1.2); anything else
// that does not parse, or "*" with anything beside it, matches nothing.
std::optional<bool> ListMatches(const Request& request, std::string_view name,
                                const EntityTag& current,
                                bool weak_comparison) {
  std::size_t lines = 0;
  bool star = false, match = false;
  for (const Header& header : request.headers) {
    if (!syntax::EqualsIgnoringCase(header.name, name)) continue;
    ++lines;
    if (header.value == "*") {
      star = true;
      continue;
    }
    std::string_view rest = header.value;
    for (;;) {
      rest = TrimLeft(rest);
      if (rest.empty()) break;
      if (rest.front() == ',') {
        rest.remove_prefix(1);
        continue;
      }
      std::optional<EntityTag> tag = TakeEntityTag(&rest);
      rest = TrimLeft(rest);
      if (!tag || (!rest.empty() && rest.front() != ',')) return false;
      match = match || TagsMatch(*tag, current, weak_comparison);
    }
  }
  if (lines == 0) return std::nullopt;
  if (star) return lines == 1;
  return match;
}

// The date in the field `name`; nothing if there is none, or it is not one
// valid HTTP-date on one line.
std::optional<std::time_t> SoleDate(const Request& request,
                                    std::string_view name, std::time_t now) {
  std::optional<std::string_view> value = SoleField(request, name);
  if (!value) return std::nullopt;
  return ParseHttpDate(*value, now);
}

}  // namespace

std::string StrongETag(const FileVersion& file) {
  char text[96];
  std::snprintf(text, sizeof text, "\"%llx-%llx-%llx.%llx\"",
                static_cast<unsigned long long>(file.inode),
                static_cast<unsigned long long>(file.size),
                static_cast<unsigned long long>(file.mtime_seconds),
                static_cast<unsigned long long>(file.mtime_nanoseconds));
  return text;
}

Validators ValidatorsFor(const FileVersion& file, std::time_t now) {
  return {StrongETag(file),
          std::min(static_cast<std::time_t>(file.mtime_seconds), now)};
}

std::optional<std::string_view> SoleField(const Request& request,
                                          std::string_view name) {
  std::optional<std::string_view> found;
  for (const Header& header : request.headers) {
    if (!syntax::EqualsIgnoringCase(header.name, name)) continue;
    if (found) return std::nullopt;
    found = header.value;
  }
  return found;
}

Precondition EvaluatePreconditions(const Request& request,
                                   const Validators& current, std::time_t now) {
  std::string_view etag_text = current.etag;
  std::optional<EntityTag> etag = TakeEntityTag(&etag_text);
  if (!etag) etag = EntityTag{true, {}};  // Matches nothing but "*".
  const bool get_or_head = request.method == "GET" || request.method == "HEAD";

  // Step 1, or else step 2.
  if (std::optional<bool> match = ListMatches(request, "If-Match", *etag,
                                              /*weak_comparison=*/false)) {
    if (!*match) return Precondition::kPreconditionFailed;
  } else if (std::optional<std::time_t> since =
                 SoleDate(request, "If-Unmodified-Since", now)) {
    if (current.last_modified > *since) {
      return Precondition::kPreconditionFailed;
    }
  }
  // Step 3, or else step 4.
  if (std::optional<bool> match = ListMatches(request, "If-None-Match", *etag,
                                              /*weak_comparison=*/true)) {
    if (*match) {
      return get_or_head ? Precondition::kNotModified
                         : Precondition::kPreconditionFailed;
    }
  } else if (get_or_head) {
    std::optional<std::time_t> since =
        SoleDate(request, "If-Modified-Since", now);
    if (since && current.last_modified <= *since) {
      return Precondition::kNotModified;
    }
  }
  return Precondition::kProceed;
}

bool IfRangeHolds(std::string_view if_range, const Validators& current,
                  std::time_t now) {
  // "A valid entity-tag can be distinguished from a valid HTTP-date by
  // examining the first two characters for a DQUOTE."
  if (if_range.substr(0, 1) == "\"" || if_range.substr(0, 2) == "W/") {
    std::string_view rest = if_range, etag_text = current.etag;
    std::optional<EntityTag> tag = TakeEntityTag(&rest);
    std::optional<EntityTag> etag = TakeEntityTag(&etag_text);
    return tag && rest.empty() && etag &&
           TagsMatch(*tag, *etag, /*weak_comparison=*/false);
  }
  std::optional<std::time_t> date = ParseHttpDate(if_range, now);
  return date && *date == current.last_modified && current.last_modified < now;
}

}  // namespace http
