// Writes an HTTP/1.1 response: status line, headers (always with
// Content-Length) and body, as the bytes to send.
#ifndef HTTP_RESPONSE_H_
#define HTTP_RESPONSE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request.h"

namespace http {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// "OK", "Not Found", ...; "Unknown" for a status this server never sends.
std::string_view ReasonPhrase(int status);

// The one place a parse error becomes a status: 505 for an unsupported
// version, 431 for a head that is too large, 400 for everything else.
int StatusFor(ParseError error);

// The response's bytes. Adds Content-Length (the body's size) after the
// given headers; the caller must not give one.
std::string Serialize(const Response& response);

}  // namespace http

#endif  // HTTP_RESPONSE_H_
