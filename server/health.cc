// See health.h.
#include "server/health.h"

#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

namespace server {
namespace {

bool IsHealthCheck(const http::Request& request) {
  if (request.method != "GET" && request.method != "HEAD") return false;
  std::string_view target = request.target;
  return target.substr(0, target.find('?')) == kHealthPath;
}

Reply HealthReply(bool stopping) {
  http::Response response;
  response.status = stopping ? 503 : 200;
  response.headers = {{"Content-Type", "text/plain; charset=utf-8"},
                      {"Cache-Control", "no-store"}};
  response.body = stopping ? "stopping\n" : "ok\n";
  return {std::move(response), {}};
}

}  // namespace

Handler WithHealthCheck(Handler routes, const std::atomic<bool>* stopping) {
  return {[routes = std::move(routes.answer),
           stopping](const http::Request& request) {
            if (IsHealthCheck(request)) return HealthReply(stopping->load());
            return routes(request);
          },
          std::move(routes.reads_body), IsHealthCheck};
}

bool HasShadowedFile(const std::string& root) {
  std::error_code failed;
  return std::filesystem::exists(
      std::filesystem::path(root) / (kHealthPath + 1), failed);
}

}  // namespace server
