// Parses an HTTP/1.x request head (request line and header fields) from the
// caller's bytes, picohttpparser-style: no copies, the views point into the
// buffer, and the answer is complete, incomplete (read more) or an error.
#ifndef HTTP_REQUEST_H_
#define HTTP_REQUEST_H_

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace http {

struct Header {
  std::string_view name;
  std::string_view value;  // Without surrounding spaces or tabs.
};

struct Request {
  std::string_view method;
  std::string_view target;
  std::string_view version;  // "HTTP/1.1" or "HTTP/1.0".
  std::vector<Header> headers;

  // The value of the first header called `name`, compared without regard to
  // case, as RFC 9110 says field names are.
  std::optional<std::string_view> FindHeader(std::string_view name) const;
};

// Every way a request head can be malformed; StatusFor (response.h) maps
// each to a response status.
enum class ParseError {
  kBadRequestLine,  // Not "METHOD SP TARGET SP VERSION CRLF".
  kBadMethod,       // A method that is not a token.
  kBadTarget,       // Not an origin-form ("/...") target, or a bad byte.
  kBadVersion,      // Not HTTP/1.0 or HTTP/1.1.
  kBadHeader,       // A field line without a colon, a bad name or value.
  kHeadTooLarge,    // No blank line within kMaxHeadBytes.
};

enum class ParseStatus { kComplete, kIncomplete, kError };

struct ParseResult {
  ParseStatus status;
  std::size_t head_size = 0;  // Bytes of the head, when kComplete.
  ParseError error{};         // Meaningful when kError.
};

// The largest request head accepted; beyond it the request is refused.
inline constexpr std::size_t kMaxHeadBytes = 16 * 1024;

// Parses the head at the start of `bytes` into `request`. On kComplete the
// head (through its blank line) is `head_size` bytes and `request` views
// point into `bytes`; on kIncomplete nothing is wrong yet, read more.
ParseResult ParseRequestHead(std::string_view bytes, Request& request);

// A short, stable name for an error ("bad request line"), for logs.
std::string_view Describe(ParseError error);

}  // namespace http

#endif  // HTTP_REQUEST_H_
