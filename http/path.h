// Turns a request target into a relative file path a server can look up
// under its root, or says why it will not: the first line of defence for a
// static file server (the second, symlinks, is the caller's: see
// server/static_files.h). Pure string work; knows nothing of files.
#ifndef HTTP_PATH_H_
#define HTTP_PATH_H_

#include <string>
#include <string_view>

namespace http {

enum class PathError {
  kNotOriginForm,  // Does not start with "/".
  kBadEscape,      // "%" not followed by two hex digits.
  kNul,            // A NUL byte, raw or as %00.
  kEncodedSlash,   // %2F or %5C: a separator hidden from the path split.
  kBackslash,      // A raw "\", a separator on other systems.
  kDotDot,         // A ".." segment, raw or escaped ("%2e%2e").
};

struct DecodedPath {
  bool ok = false;
  // Segments joined by "/", without leading "/", with "." and empty
  // segments dropped: "/a//./b%20c?q" gives "a/b c". Empty for "/".
  std::string path;
  // The last segment is empty or "." ("/docs/", "/docs/.", "/"): the target
  // names a folder as a folder, with its slash. A static file server serves
  // a folder's index page for it, and redirects "/docs" to "/docs/".
  bool ends_in_slash = false;
  PathError error{};  // Meaningful when !ok.
};

// Decodes the path part of an origin-form `target` (the query is dropped),
// segment by segment, so that no decoded byte can add a separator or climb
// out of the root.
DecodedPath DecodeTargetPath(std::string_view target);

// "%41" → "A"; nothing if an escape is malformed.
bool PercentDecode(std::string_view text, std::string* decoded);

}  // namespace http

#endif  // HTTP_PATH_H_
