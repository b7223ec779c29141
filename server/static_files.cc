// See static_files.h.
#include "server/static_files.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <array>
#include <memory>
#include <utility>

#include "http/path.h"
#include "server/unique_fd.h"

namespace server {
namespace {

std::optional<std::string> RealPath(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> resolved(
      ::realpath(path.c_str(), nullptr), &std::free);
  if (resolved == nullptr) return std::nullopt;
  return std::string(resolved.get());
}

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace

std::optional<std::string> CanonicalRoot(const std::string& root) {
  std::optional<std::string> resolved = RealPath(root);
  struct stat info {};
  if (!resolved || ::stat(resolved->c_str(), &info) != 0 ||
      !S_ISDIR(info.st_mode)) {
    return std::nullopt;
  }
  return resolved;
}

StaticFile OpenStaticFile(std::string_view target,
                          const std::string& canonical_root) {
  StaticFile file;
  http::DecodedPath decoded = http::DecodeTargetPath(target);
  if (!decoded.ok) {
    file.status = FileStatus::kForbidden;
    return file;
  }
  if (decoded.path.empty()) return file;  // The root folder itself.

  std::optional<std::string> real =
      RealPath(canonical_root + "/" + decoded.path);
  if (!real) return file;
  // "/srv/www-secret" starts with "/srv/www", so compare with the slash.
  const std::string inside =
      canonical_root.back() == '/' ? canonical_root : canonical_root + "/";
  if (real->compare(0, inside.size(), inside) != 0) {
    file.status = FileStatus::kForbidden;
    return file;
  }
  // The resolved path has no symlinks left; O_NOFOLLOW refuses one that
  // appeared since. O_NONBLOCK: opening a FIFO must not wait for a writer.
  UniqueFd fd(
      ::open(real->c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  struct stat info {};
  if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return file;
  }
  file.status = FileStatus::kFound;
  file.fd = std::move(fd);
  file.size = static_cast<std::uint64_t>(info.st_size);
  file.content_type = ContentTypeFor(*real);
  return file;
}

std::string_view ContentTypeFor(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 19>
      kTypes = {{
          {"html", "text/html; charset=utf-8"},
          {"htm", "text/html; charset=utf-8"},
          {"css", "text/css; charset=utf-8"},
          {"js", "text/javascript; charset=utf-8"},
          {"mjs", "text/javascript; charset=utf-8"},
          {"json", "application/json"},
          {"txt", "text/plain; charset=utf-8"},
          {"md", "text/markdown; charset=utf-8"},
          {"xml", "application/xml"},
          {"svg", "image/svg+xml"},
          {"png", "image/png"},
          {"jpg", "image/jpeg"},
          {"jpeg", "image/jpeg"},
          {"gif", "image/gif"},
          {"webp", "image/webp"},
          {"ico", "image/x-icon"},
          {"wasm", "application/wasm"},
          {"pdf", "application/pdf"},
          {"woff2", "font/woff2"},
      }};
  std::string_view name = path.substr(path.rfind('/') + 1);
  std::size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    std::string extension = Lowercase(name.substr(dot + 1));
    for (const auto& [known, type] : kTypes) {
      if (extension == known) return type;
    }
  }
  return "application/octet-stream";
}

}  // namespace server
