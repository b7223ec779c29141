// Opens the file a request target names under a root folder, and never one
// outside it: the target is decoded by http::DecodeTargetPath (no "..", no
// encoded separators, no NUL), then the real path, symlinks resolved, must
// still be under the root. A folder named with its slash ("/docs/") is its
// index.html; one named without it is said to be a folder, for the caller
// to redirect. Also the Content-Type for a file's extension.
#ifndef SERVER_STATIC_FILES_H_
#define SERVER_STATIC_FILES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/validators.h"
#include "server/unique_fd.h"

namespace server {

// What a folder named with its slash serves. There are no listings: a
// folder without one is not found, so nothing in it is shown that no page
// links to.
inline constexpr char kIndexPage[] = "index.html";

enum class FileStatus {
  kFound,
  // No such regular file (a device, a FIFO, nothing), or a folder named
  // with its slash that has no index page.
  kNotFound,
  kForbidden,  // The target tries to leave the root, or a symlink does.
  kFolder,     // A folder named without its slash ("/docs", not "/docs/").
};

struct StaticFile {
  FileStatus status = FileStatus::kNotFound;
  UniqueFd fd;  // When kFound: open for reading.
  // When kFound: what fstat said when it was opened (the size, and what
  // the validators are made of).
  http::FileVersion version;
  std::string_view content_type;  // When kFound: ContentTypeFor its name.
};

// The root as every later lookup compares against it: absolute, symlinks
// resolved. Nothing if it is not a folder that exists.
std::optional<std::string> CanonicalRoot(const std::string& root);

// Opens the file `target` (an origin-form request target) names under
// `canonical_root` (from CanonicalRoot), without reading it: a file of any
// size costs a descriptor, not memory. A target that ends in its slash
// (http::DecodedPath::ends_in_slash) and names a folder opens the folder's
// kIndexPage; without the slash a folder is kFolder. A symlink inside the
// root is followed if it resolves inside the root too. Not safe against
// someone who can write in the root while we serve it (a symlink swapped in
// between the check and the open); the root is trusted, clients are not.
StaticFile OpenStaticFile(std::string_view target,
                          const std::string& canonical_root);

// "text/html; charset=utf-8" for "a.html", ...; by extension, ignoring
// case; "application/octet-stream" for what it does not know.
std::string_view ContentTypeFor(std::string_view path);

}  // namespace server

#endif  // SERVER_STATIC_FILES_H_
