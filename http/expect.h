// Expect (RFC 9110 section 10.1.1): whether a client waits for an interim
// 100 (Continue) before it sends its body, as curl does for larger uploads,
// and the bytes of that interim response. Deciding whether the body will be
// read at all (or 405, 413, ... at once, then close) is the server's.
#ifndef HTTP_EXPECT_H_
#define HTTP_EXPECT_H_

#include <cstddef>
#include <string_view>

#include "http/request.h"

namespace http {

enum class Expectation {
  kNone,      // No Expect field, an empty one, or an HTTP/1.0 request.
  kContinue,  // "100-continue" (any case), alone or repeated.
  // Any other expectation, or one with parameters: the server answers 417
  // (Expectation Failed), which the RFC allows ("MAY"). nginx ignores what
  // it does not know; we would rather say we cannot meet it than let the
  // client believe we did.
  kUnsupported,
};

// The request's expectation. Section 10.1.1: the value is case-insensitive,
// and a server MUST ignore 100-continue in an HTTP/1.0 request; any other
// expectation in HTTP/1.0 (which had no Expect) is ignored too.
Expectation ExpectationOf(const Request& request);

// Whether to send kContinueResponse now, before reading the body: the
// request expects 100-continue, its framing says there is a body, and none
// of it has arrived (section 10.1.1 lets a server skip the 100 otherwise).
// The caller sends it only if it will read the body.
bool ShouldSendContinue(const Request& request,
                        std::size_t body_bytes_received);

// The interim response, sent before the final one.
inline constexpr std::string_view kContinueResponse =
    "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace http

#endif  // HTTP_EXPECT_H_
