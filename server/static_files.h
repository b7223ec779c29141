// Opens the file a request target names under a root folder, and never one
// outside it: the target is decoded by http::DecodeTargetPath (no "..", no
// encoded separators, no NUL), then the real path, symlinks resolved, must
// still be under the root. Also the Content-Type for a file's extension.
#ifndef SERVER_STATIC_FILES_H_
#define SERVER_STATIC_FILES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/unique_fd.h"

namespace server {

enum class FileStatus {
  kFound,
  kNotFound,   // No such regular file (a folder, a device, nothing).
  kForbidden,  // The target tries to leave the root, or a symlink does.
};

struct StaticFile {
  FileStatus status = FileStatus::kNotFound;
  UniqueFd fd;                    // When kFound: open for reading.
  std::uint64_t size = 0;         // When kFound: its size when opened.
  std::string_view content_type;  // When kFound: ContentTypeFor its name.
};

// The root as every later lookup compares against it: absolute, symlinks
// resolved. Nothing if it is not a folder that exists.
std::optional<std::string> CanonicalRoot(const std::string& root);

// Opens the file `target` (an origin-form request target) names under
// `canonical_root` (from CanonicalRoot), without reading it: a file of any
// size costs a descriptor, not memory. A symlink inside the root is
// followed if it resolves to a file inside the root too. Not safe against
// someone who can write in the root while we serve it (a symlink swapped in
// between the check and the open); the root is trusted, clients are not.
StaticFile OpenStaticFile(std::string_view target,
                          const std::string& canonical_root);

// "text/html; charset=utf-8" for "a.html", ...; by extension, ignoring
// case; "application/octet-stream" for what it does not know.
std::string_view ContentTypeFor(std::string_view path);

}  // namespace server

#endif  // SERVER_STATIC_FILES_H_
