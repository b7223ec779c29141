// The seam between the connection code and what the server answers: a
// Handler turns one parsed request into a Reply, and says from a request's
// head whether it will read the body (for clients that wait for 100
// Continue). The event loop and the connection code know only this (and the
// parser's Limits); main binds the routes to it. A Reply's body is either in
// memory or a part of an open file, which the connection sends in pieces
// (sendfile) without reading it into memory.
#ifndef SERVER_HANDLER_H_
#define SERVER_HANDLER_H_

#include <cstdint>
#include <functional>

#include "http/request.h"
#include "http/response.h"
#include "server/unique_fd.h"

namespace server {

// A regular file opened for reading, and which of its bytes to send: `size`
// bytes from `offset` (a byte range is a part of the file).
struct FileBody {
  UniqueFd fd;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
};

struct Reply {
  // Status, headers and, when `file` is not valid, the body.
  http::Response response;
  // When valid, the body is this file (and response.body is ignored).
  FileBody file;
};

struct Handler {
  // Answers a whole request. Called on a worker thread, for one request at
  // a time per connection but for many connections at once: it must be
  // safe to call concurrently. A handler that throws costs its request a
  // 500 and its connection; the worker and the server go on.
  std::function<Reply(const http::Request&)> answer;

  // Whether the body of the request whose head is `head` will be read,
  // asked when a client waits for 100 Continue before sending it (Expect:
  // 100-continue, RFC 9110 section 10.1.1). True: the 100 is sent and the
  // request is answered once its body has arrived. False: `answer` is
  // called at once with the head alone (the body empty), and the connection
  // closes after the reply, so the client never sends the body. Unset:
  // every body is read. Called by whichever thread holds the connection
  // (the loop's or a worker's): it must be quick and safe to call
  // concurrently.
  std::function<bool(const http::Request& head)> reads_body;

  // Whether `answer` answers this request at once, without waiting for
  // anything (GET /healthz): then the event loop's thread answers it
  // itself, so that a pool busy with slow requests can't make a health
  // check time out. Unset: every request goes to a worker. Called by the
  // loop's thread: it must be quick.
  std::function<bool(const http::Request&)> answers_at_once;
};

}  // namespace server

#endif  // SERVER_HANDLER_H_
