// The byte classes and line splitting of RFC 9110/9112 that the request,
// chunked-body and path parsers share. Internal to //http.
#ifndef HTTP_SYNTAX_H_
#define HTTP_SYNTAX_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "http/error.h"

namespace http::syntax {

// tchar: the bytes of a method, a field name, a transfer coding.
inline bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9'))
    return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// field-vchar, obs-text, space and tab: no other control byte, no DEL.
inline bool IsFieldValueChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

// The digit's value, or -1 if `c` is not a hex digit.
inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline bool IsHexDigit(char c) { return HexValue(c) >= 0; }

inline bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

inline std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsSpaceOrTab(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  return s;
}

inline bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Splits a field line (RFC 9112 section 5: a token name, a colon, a value of
// field-value bytes) into `*name` and `*value`, the value without its
// surrounding spaces and tabs. The request head and chunk trailers both use
// it. A line starting with a space or tab continues the one before it
// (obs-fold), which some parsers join: refused. So is whitespace before the
// colon ("Host : a"), which some parsers ignore and others keep in the name.
inline std::optional<ParseError> ParseFieldLine(std::string_view line,
                                                std::string_view* name,
                                                std::string_view* value) {
  if (!line.empty() && IsSpaceOrTab(line.front())) return ParseError::kObsFold;
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return ParseError::kBadHeader;
  if (!IsToken(line.substr(0, colon))) return ParseError::kBadHeader;
  for (char c : line.substr(colon + 1)) {
    if (!IsFieldValueChar(c)) return ParseError::kBadFieldValue;
  }
  *name = line.substr(0, colon);
  *value = TrimSpaces(line.substr(colon + 1));
  return std::nullopt;
}

enum class LineStatus { kLine, kIncomplete, kBareLineFeed, kTooLong };

// Takes the CRLF-terminated line starting at `*pos` into `*line` (without
// the CRLF) and moves `*pos` past it. A line may hold at most `max_length`
// bytes; that is known to be broken as soon as more bytes arrive without a
// line feed, so a client cannot make us buffer a line without end. A bare
// LF, or a CR anywhere but before the LF, is refused: two parsers that
// split lines differently are a request-smuggling hole.
inline LineStatus NextLine(std::string_view bytes, std::size_t* pos,
                           std::size_t max_length, std::string_view* line) {
  // Only the first max_length + 1 bytes (and the LF after a CR) decide, and
  // in order: so the answer for a prefix of the input is either "incomplete"
  // or the answer for the whole input (bytes arriving in pieces can't turn
  // a 400 into a 414). http/fuzz_invariants.h checks it.
  std::string_view rest = bytes.substr(*pos);
  for (std::size_t i = 0; i < rest.size() && i <= max_length; ++i) {
    if (rest[i] == '\n') return LineStatus::kBareLineFeed;
    if (rest[i] != '\r') continue;
    if (i + 1 == rest.size()) return LineStatus::kIncomplete;
    if (rest[i + 1] != '\n') return LineStatus::kBareLineFeed;
    *line = rest.substr(0, i);
    *pos += i + 2;
    return LineStatus::kLine;
  }
  return rest.size() > max_length ? LineStatus::kTooLong
                                  : LineStatus::kIncomplete;
}

}  // namespace http::syntax

#endif  // HTTP_SYNTAX_H_
