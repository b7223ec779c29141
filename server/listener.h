// The listening socket, and the accept loop that hands each connection to an
// Executor: the only place the server meets the thread pool.
#ifndef SERVER_LISTENER_H_
#define SERVER_LISTENER_H_

#include <optional>
#include <string>

#include "pool/executor.h"
#include "server/routes.h"
#include "server/unique_fd.h"

namespace server {

// Binds and listens on host:port (IPv4 or IPv6 literal, or "localhost");
// port 0 lets the kernel pick. On failure says why in `error`.
std::optional<UniqueFd> Listen(const std::string& host, int port,
                               std::string* error);

// The port a listening socket is bound to (useful after port 0).
int LocalPort(int listen_fd);

// Accepts connections on `listen_fd` and submits one job per connection to
// `executor`; each job serves its connection (ServeConnection). Returns when
// `stop_fd` becomes readable (a signalfd in main, a pipe in tests), without
// accepting more; jobs already submitted are the executor's to finish.
// `site` must outlive every job.
void AcceptUntilStopped(int listen_fd, int stop_fd, pool::Executor& executor,
                        const Site& site);

}  // namespace server

#endif  // SERVER_LISTENER_H_
