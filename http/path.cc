// See path.h. Split on "/" first, then decode each segment: decoding first
// would turn "%2F" into a separator the split then believes.
#include "http/path.h"

#include "http/syntax.h"

namespace http {
namespace {

DecodedPath Error(PathError error) { return {false, "", error}; }

}  // namespace

bool PercentDecode(std::string_view text, std::string* decoded) {
  decoded->clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      *decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return false;
    int high = syntax::HexValue(text[i + 1]);
    int low = syntax::HexValue(text[i + 2]);
    if (high < 0 || low < 0) return false;
    *decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return true;
}

DecodedPath DecodeTargetPath(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return Error(PathError::kNotOriginForm);
  }
  target = target.substr(0, target.find('?'));
  DecodedPath result;
  std::string segment;
  while (!target.empty()) {
    target.remove_prefix(1);  // The "/".
    std::string_view raw = target.substr(0, target.find('/'));
    target.remove_prefix(raw.size());
    if (!PercentDecode(raw, &segment)) return Error(PathError::kBadEscape);
    if (segment.find('\0') != std::string::npos) return Error(PathError::kNul);
    if (segment.find('/') != std::string::npos) {
      return Error(PathError::kEncodedSlash);
    }
    if (segment.find('\\') != std::string::npos) {
      return Error(raw.find('\\') != std::string_view::npos
                       ? PathError::kBackslash
                       : PathError::kEncodedSlash);
    }
    if (segment == "..") return Error(PathError::kDotDot);
    if (segment.empty() || segment == ".") continue;
    if (!result.path.empty()) result.path += '/';
    result.path += segment;
  }
  result.ok = true;
  return result;
}

}  // namespace http
