// The seam between the connection code and what the server answers: a
// Handler turns one parsed request into a Reply. The event loop and the
// connection code know only this (and the parser's Limits); main binds the
// routes to it. A Reply's body is either in memory or an open file, which the
// connection sends in pieces (sendfile) without reading it into memory.
#ifndef SERVER_HANDLER_H_
#define SERVER_HANDLER_H_

#include <cstdint>
#include <functional>

#include "http/request.h"
#include "http/response.h"
#include "server/unique_fd.h"

namespace server {

// A regular file opened for reading, and how many bytes of it to send.
struct FileBody {
  UniqueFd fd;
  std::uint64_t size = 0;
};

struct Reply {
  // Status, headers and, when `file` is not valid, the body.
  http::Response response;
  // When valid, the body is this file (and response.body is ignored).
  FileBody file;
};

// Called on a worker thread, for one request at a time per connection but
// for many connections at once: it must be safe to call concurrently. A
// handler that throws costs its request a 500 and its connection; the
// worker and the server go on.
using Handler = std::function<Reply(const http::Request&)>;

}  // namespace server

#endif  // SERVER_HANDLER_H_
