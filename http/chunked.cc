// See chunked.h. chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
#include "http/chunked.h"

#include <cstdint>

#include "http/syntax.h"

namespace http {
namespace {

using syntax::LineStatus;

ChunkedResult Error(ParseError error) {
  return {ParseStatus::kError, 0, error};
}

// Extensions are allowed and ignored, but must be printable: `;name=value`.
bool IsValidExtension(std::string_view ext) {
  ext = syntax::TrimSpaces(ext);
  if (ext.empty()) return true;
  if (ext.front() != ';') return false;
  for (char c : ext) {
    if (!syntax::IsSpaceOrTab(c) && (c < 0x21 || c > 0x7e)) return false;
  }
  return true;
}

}  // namespace

ChunkedResult ParseChunkedBody(std::string_view bytes, std::size_t max_body,
                               std::size_t max_trailers,
                               std::vector<std::string_view>& chunks) {
  chunks.clear();
  std::size_t pos = 0;
  std::uint64_t total = 0;
  for (;;) {
    std::string_view line;
    LineStatus status = syntax::NextLine(bytes, &pos, kMaxChunkLine, &line);
    if (status == LineStatus::kIncomplete) return {ParseStatus::kIncomplete};
    if (status != LineStatus::kLine) return Error(ParseError::kBadChunk);

    std::size_t digits = 0;
    std::uint64_t size = 0;
    while (digits < line.size() && syntax::IsHexDigit(line[digits])) {
      size = size * 16 +
             static_cast<std::uint64_t>(syntax::HexValue(line[digits]));
      // Checked at every digit, so `size` can never overflow.
      if (size > max_body || total + size > max_body) {
        return Error(ParseError::kBodyTooLarge);
      }
      ++digits;
    }
    if (digits == 0 || !IsValidExtension(line.substr(digits))) {
      return Error(ParseError::kBadChunk);
    }
    if (size == 0) break;

    total += size;
    std::string_view rest = bytes.substr(pos);
    // The chunk's data must be followed by CRLF; say so as soon as the byte
    // after it is here and wrong.
    if (rest.size() > size && rest[size] != '\r') {
      return Error(ParseError::kBadChunk);
    }
    if (rest.size() > size + 1 && rest[size + 1] != '\n') {
      return Error(ParseError::kBadChunk);
    }
    if (rest.size() < size + 2) return {ParseStatus::kIncomplete};
    chunks.push_back(rest.substr(0, size));
    pos += size + 2;
  }

  const std::size_t trailers_start = pos;
  for (;;) {
    std::size_t used = pos - trailers_start;
    std::size_t budget = max_trailers > used + 2 ? max_trailers - used - 2 : 0;
    std::string_view line;
    LineStatus status = syntax::NextLine(bytes, &pos, budget, &line);
    if (status == LineStatus::kIncomplete) return {ParseStatus::kIncomplete};
    if (status == LineStatus::kTooLong) return Error(ParseError::kHeadTooLarge);
    if (status != LineStatus::kLine) return Error(ParseError::kBadChunk);
    if (line.empty()) return {ParseStatus::kComplete, pos};
    std::string_view name, value;
    if (syntax::ParseFieldLine(line, &name, &value)) {
      return Error(ParseError::kBadChunk);
    }
  }
}

}  // namespace http
