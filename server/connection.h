// Serves one client connection: reads a request, answers it, closes; or,
// for requests pipelined behind it that have already arrived, answers those
// too (up to kMaxPipelinedRequests), then closes.
// This is the work each pool job does; it blocks, and is tested over a
// socketpair with no threads.
#ifndef SERVER_CONNECTION_H_
#define SERVER_CONNECTION_H_

#include <chrono>
#include <cstddef>

#include "server/routes.h"
#include "server/unique_fd.h"

namespace server {

// The Server header of every response.
inline constexpr char kServerName[] = "threadpool-server";

// The most requests one connection is answered, all already received.
inline constexpr std::size_t kMaxPipelinedRequests = 8;

// How long a client may take to send its request, and to take our answer.
inline constexpr std::chrono::seconds kIoTimeout{10};

// Reads until the request (head and body, http::ParseRequest with
// site.limits) is complete, answers it with Route (or with the
// error's status, e.g. 400, http::StatusFor). If the client asked to keep
// the connection (http::KeepAlive) and its next request, or an error, is
// already in the bytes received, answers "Connection: keep-alive" and goes
// on with that one; otherwise answers "Connection: close" and closes
// `client`. It never waits for a request that has not arrived: a worker
// held by an idle keep-alive client could serve no one else.
// A client that goes away or stays silent past kIoTimeout gets nothing.
void ServeConnection(UniqueFd client, const Site& site);

}  // namespace server

#endif  // SERVER_CONNECTION_H_
