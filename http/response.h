// Writes an HTTP/1.1 response: status line, headers (always with
// Content-Length) and body, as the bytes to send; and maps each parse error
// to the status it is answered with.
#ifndef HTTP_RESPONSE_H_
#define HTTP_RESPONSE_H_

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/error.h"

namespace http {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// "OK", "Not Found", ...; "Unknown" for a status this server never sends.
std::string_view ReasonPhrase(int status);

// The one place a parse error becomes a status: 414 for a long request
// line, 431 for too many or too large fields, 413 for a large body, 501 for
// an unknown method or transfer coding, 505 for a well-formed version other
// than HTTP/1.x, 400 for every other malformed request. After any of them
// the connection is closed: the next request's start can no longer be
// trusted.
int StatusFor(ParseError error);

// The response's bytes. Adds Content-Length (the body's size) after the
// given headers; the caller must not give one. With `include_body` false
// (the answer to HEAD) the body is left out but Content-Length still says
// how long it would be. A CR, LF or NUL in a header name or value would let
// its text start a header of its own, so each is written as a space.
std::string Serialize(const Response& response, bool include_body = true);

// Appends the head alone to `out`: status line, headers, and
// "Content-Length: content_length", then the blank line. For a body that is
// sent separately (a file); `response.body` is not looked at.
void AppendHead(const Response& response, std::uint64_t content_length,
                std::string& out);

// `time` as an IMF-fixdate for the Date header (RFC 9110 section 5.6.7):
// "Sun, 06 Nov 1994 08:49:37 GMT".
std::string HttpDate(std::time_t time);

}  // namespace http

#endif  // HTTP_RESPONSE_H_
