// The chapter's routes, as a function from request to response: no sockets,
// so it is tested directly. GET / is the hello page, GET /sleep is the same
// page after a pause (a slow request), any other file under the root is
// served as it is (static_files.h: opened, not read, so the connection can
// stream it), anything else is the 404 page. HEAD is answered like GET; any
// other method gets 405 with Allow. main binds Route to the Handler
// (handler.h) the event loop calls.
#ifndef SERVER_ROUTES_H_
#define SERVER_ROUTES_H_

#include <chrono>
#include <optional>
#include <string>

#include "http/request.h"
#include "server/handler.h"

namespace server {

// The pages the routes answer with, read once at start-up.
struct Site {
  std::string hello_html;
  std::string not_found_html;
  std::chrono::milliseconds sleep{5000};  // How long GET /sleep takes.
  // The folder files are served from (CanonicalRoot); empty serves none.
  std::string root;
};

// Reads hello.html and 404.html from the folder `root`, which is also where
// other files are served from. On failure returns nothing and says why in
// `error`.
std::optional<Site> LoadSite(const std::string& root,
                             std::chrono::milliseconds sleep,
                             std::string* error);

// Answers one request. Blocks for site.sleep on GET /sleep. Safe to call
// from many threads at once (it only reads `site`).
Reply Route(const http::Request& request, const Site& site);

}  // namespace server

#endif  // SERVER_ROUTES_H_
