// See routes.h.
#include "server/routes.h"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string_view>
#include <thread>
#include <utility>

#include "server/file_response.h"
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

// "/docs?x=1" to "/docs/?x=1", as nginx does (which writes the Location
// whole, with scheme and host; RFC 9110 section 10.2.2 allows a path).
// Leading slashes become one: "//evil.example/" would name another host.
Reply RedirectToFolder(std::string_view target) {
  std::size_t query = target.find('?');
  std::string_view path = target.substr(0, query);
  path.remove_prefix(std::min(path.find_first_not_of('/'), path.size()));
  std::string location = "/" + std::string(path) + "/";
  if (query != std::string_view::npos) location += target.substr(query);
  http::Response response = http::StatusResponse(301);
  response.headers.emplace_back("Location", std::move(location));
  return {std::move(response), {}};
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
    http::Response response = http::StatusResponse(405);
    response.headers.insert(response.headers.begin(), {"Allow", "GET, HEAD"});
    return {std::move(response), {}};
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
    switch (file.status) {
      case FileStatus::kFound:
        return FileReply(request, std::move(file), std::time(nullptr));
      case FileStatus::kFolder:
        return RedirectToFolder(request.target);
      case FileStatus::kForbidden:
        return {http::StatusResponse(403), {}};
      case FileStatus::kNotFound:
        break;
    }
  }
  return Page(404, site.not_found_html);
}

bool ReadsBody(const http::Request& head) {
  return head.method == "GET" || head.method == "HEAD";
}

Handler RoutesHandler(const Site& site) {
  return {
      [&site](const http::Request& request) { return Route(request, site); },
      ReadsBody,
      {}};
}

}  // namespace server
