// GET /healthz, for load balancers (HAProxy's health checks) and anyone
// watching: 200 while the server serves, 503 once it is stopping (SIGTERM
// received, requests still being finished), so a balancer takes it out of
// rotation before it stops accepting. It wraps the routes' Handler and
// passes every other request on untouched. /healthz belongs to the server,
// as /sleep does: a file of that name under the root is never served
// (HasShadowedFile lets main warn about one).
#ifndef SERVER_HEALTH_H_
#define SERVER_HEALTH_H_

#include <atomic>
#include <string>

#include "server/handler.h"

namespace server {

inline constexpr char kHealthPath[] = "/healthz";

// Answers GET and HEAD /healthz (with or without a query) from `stopping`,
// on the event loop's thread (Handler::answers_at_once: a check never
// waits for a worker), and hands anything else to `routes`. `stopping` must
// outlive the handler.
Handler WithHealthCheck(Handler routes, const std::atomic<bool>* stopping);

// Whether `root` holds something named healthz, which /healthz hides.
bool HasShadowedFile(const std::string& root);

}  // namespace server

#endif  // SERVER_HEALTH_H_
