// Parses the head of an HTTP/1.1 request (request line and header fields)
// from the caller's bytes, as picohttpparser does: no allocation and no
// copies. Every view in a Request points into the caller's buffer.
#ifndef KATAS_HTTP_PARSER_REQUEST_PARSER_H_
#define KATAS_HTTP_PARSER_REQUEST_PARSER_H_

#include <array>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace http {

inline constexpr std::size_t kMaxHeaders = 8;

struct Header {
  std::string_view name;
  std::string_view value;
};

struct Request {
  std::string_view method;
  std::string_view target;
  std::string_view version;
  std::array<Header, kMaxHeaders> headers;
  std::size_t header_count = 0;

  // The value of the first header named `name`, ignoring ASCII case, as
  // field names are; nullopt if there is none.
  std::optional<std::string_view> FindHeader(std::string_view name) const;
};

enum class ParseStatus {
  kComplete,    // The head is parsed; the body, if any, starts at `consumed`.
  kIncomplete,  // Nothing wrong so far: read more, then parse all again.
  kError,       // The head is malformed; `error` says how.
};

enum class ParseError {
  kNone,
  kBadMethod,
  kBadTarget,
  kBadVersion,
  kBadHeader,
  kHeaderLimit,  // More than kMaxHeaders header fields.
};

struct ParseResult {
  ParseStatus status = ParseStatus::kIncomplete;
  std::size_t consumed = 0;  // Bytes of the head, blank line included.
  ParseError error = ParseError::kNone;
};

// Parses the request head at the start of `bytes` into `request`. The views
// in `request` are valid for as long as the bytes are.
ParseResult ParseRequest(std::string_view bytes, Request& request);

// Refuses a temporary std::string, which would be destroyed before the views
// into it are read. Only an rvalue std::string deduces `Bytes` as std::string.
template <std::same_as<std::string> Bytes>
ParseResult ParseRequest(Bytes&& bytes, Request& request) = delete;

// The status code to answer a request whose head failed with `error`.
int StatusCodeFor(ParseError error);

}  // namespace http

#endif  // KATAS_HTTP_PARSER_REQUEST_PARSER_H_
