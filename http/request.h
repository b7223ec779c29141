// Parses an HTTP/1.x request (RFC 9112) from the caller's bytes,
// picohttpparser-style: stateless, no copies, the views point into the
// buffer, and the answer is complete, incomplete (read more, then call again
// with all the bytes so far) or a named error (error.h). Strict like llhttp:
// anything two parsers could read differently is refused.
#ifndef HTTP_REQUEST_H_
#define HTTP_REQUEST_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/error.h"

namespace http {

struct Header {
  std::string_view name;
  std::string_view value;  // Without surrounding spaces or tabs.
};

struct Request {
  std::string_view method;  // One of the methods RFC 9110 defines.
  // What the request is for, in origin-form ("/path?query"): for an
  // absolute-form target ("http://host/path?query") its path and query;
  // "*" for OPTIONS *; for CONNECT, its authority-form target ("host:port").
  std::string_view target;
  // The host[:port] of an absolute-form or authority-form target; empty for
  // the others. When set, it names the host instead of the Host field (RFC
  // 9112 section 3.2.2), which must still be there in HTTP/1.1.
  std::string_view authority;
  // "HTTP/1.0" or "HTTP/1.1"; also HTTP/1.2 to HTTP/1.9, which are handled
  // as HTTP/1.1 (RFC 9110 section 2.5).
  std::string_view version;
  std::vector<Header> headers;

  // How the body is framed, from the head: chunked, or content_length bytes
  // (0 when the request has neither header).
  bool chunked = false;
  std::uint64_t content_length = 0;

  // The body's pieces, filled by ParseRequest (not ParseRequestHead): one
  // for a Content-Length body, one per chunk for a chunked one.
  std::vector<std::string_view> body;

  // The value of the first header called `name`, compared without regard to
  // case, as RFC 9110 says field names are.
  std::optional<std::string_view> FindHeader(std::string_view name) const;

  // The body's pieces joined (a copy).
  std::string BodyText() const;
};

// How much of each part of a request the parser accepts; past each limit it
// answers the error named beside it.
struct Limits {
  std::size_t max_request_line = 8 * 1024;    // kRequestLineTooLong (414).
  std::size_t max_field_section = 16 * 1024;  // kHeadTooLarge (431).
  std::size_t max_fields = 100;               // kTooManyHeaders (431).
  std::size_t max_body = 1024 * 1024;         // kBodyTooLarge (413).
};

struct ParseResult {
  ParseStatus status;
  std::size_t head_size = 0;  // Bytes of the head, when kComplete.
  std::size_t size = 0;       // Bytes of the whole request, when kComplete:
                              // where a pipelined next request starts.
  ParseError error{};         // Meaningful when kError.
};

// Parses the head (request line, fields, blank line) at the start of
// `bytes` into `request`, and checks its framing: Host, Content-Length,
// Transfer-Encoding, and a Content-Length over the body limit. On kComplete
// `size` is `head_size`; the body is not looked at.
ParseResult ParseRequestHead(std::string_view bytes, Request& request,
                             const Limits& limits = Limits{});

// Parses a whole request, head and body, at the start of `bytes`. On
// kComplete, `size` bytes belong to this request; any after it are the next.
ParseResult ParseRequest(std::string_view bytes, Request& request,
                         const Limits& limits = Limits{});

// Whether the client asks to keep the connection open after this request
// (RFC 9112 section 9.3): HTTP/1.1 unless "Connection: close", HTTP/1.0
// only with "Connection: keep-alive".
bool KeepAlive(const Request& request);

}  // namespace http

#endif  // HTTP_REQUEST_H_
