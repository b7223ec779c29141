// Serves one client connection: reads a request head, answers it, closes.
// This is the work each pool job does; it blocks, and is tested over a
// socketpair with no threads.
#ifndef SERVER_CONNECTION_H_
#define SERVER_CONNECTION_H_

#include <chrono>

#include "server/routes.h"
#include "server/unique_fd.h"

namespace server {

// The Server header of every response.
inline constexpr char kServerName[] = "threadpool-server";

// How long a client may take to send its request, and to take our answer.
inline constexpr std::chrono::seconds kIoTimeout{10};

// Reads until the request (head and body, http::ParseRequest with
// site.limits) is complete, answers it with Route (or with the
// error's status, e.g. 400, http::StatusFor), then closes `client`.
// A client that goes away or stays silent past kIoTimeout gets nothing.
void ServeConnection(UniqueFd client, const Site& site);

}  // namespace server

#endif  // SERVER_CONNECTION_H_
