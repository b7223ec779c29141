// See routes.h.
#include "server/routes.h"

#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include "server/static_files.h"

namespace server {
namespace {

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

Reply Page(int status, const std::string& html) {
  return {{status, {{"Content-Type", "text/html; charset=utf-8"}}, html}, {}};
}

}  // namespace

std::optional<Site> LoadSite(const std::string& root,
                             std::chrono::milliseconds sleep,
                             std::string* error) {
  Site site;
  site.sleep = sleep;
  for (auto [name, page] : {std::pair{"hello.html", &site.hello_html},
                            std::pair{"404.html", &site.not_found_html}}) {
    std::string path = root + "/" + name;
    std::optional<std::string> contents = ReadFile(path);
    if (!contents) {
      *error = "cannot read " + path;
      return std::nullopt;
    }
    *page = std::move(*contents);
  }
  std::optional<std::string> canonical = CanonicalRoot(root);
  if (!canonical) {
    *error = "cannot resolve " + root;
    return std::nullopt;
  }
  site.root = *canonical;
  return site;
}

Reply Route(const http::Request& request, const Site& site) {
  // HEAD is answered as GET; the connection leaves the body out.
  if (request.method != "GET" && request.method != "HEAD") {
    return {{405,
             {{"Allow", "GET, HEAD"},
              {"Content-Type", "text/plain; charset=utf-8"}},
             "405 Method Not Allowed\n"},
            {}};
  }
  if (request.target == "/") {
    return Page(200, site.hello_html);
  }
  if (request.target == "/sleep") {
    std::this_thread::sleep_for(site.sleep);
    return Page(200, site.hello_html);
  }
  if (!site.root.empty()) {
    StaticFile file = OpenStaticFile(request.target, site.root);
    if (file.status == FileStatus::kFound) {
      return {{200,
               {{"Content-Type", std::string(file.content_type)},
                {"X-Content-Type-Options", "nosniff"}},
               ""},
              {std::move(file.fd), file.size}};
    }
    if (file.status == FileStatus::kForbidden) {
      return {{403,
               {{"Content-Type", "text/plain; charset=utf-8"}},
               "403 Forbidden\n"},
              {}};
    }
  }
  return Page(404, site.not_found_html);
}

}  // namespace server
