// Every way a request can break the rules this server parses by (RFC 9112,
// strict like llhttp), as a named value. Parsers return these; StatusFor
// (response.h) is the one place each becomes a response status.
#ifndef HTTP_ERROR_H_
#define HTTP_ERROR_H_

#include <string_view>

namespace http {

enum class ParseError {
  // The request line.
  kBadRequestLine,      // Not "METHOD SP TARGET SP VERSION CRLF".
  kRequestLineTooLong,  // Longer than Limits::max_request_line.
  kBadMethod,           // A method that is not a token.
  kUnknownMethod,       // A token, but not a method this server knows.
  kBadTarget,           // None of the four forms, or not one the method
                        // may use; a bad byte, or a bad %-escape.
  kBadVersion,          // Not "HTTP/" DIGIT "." DIGIT.
  kUnsupportedVersion,  // Well-formed, but not HTTP/1.x.
  // The header fields.
  kBadHeader,       // No colon, a bad name, or space before the colon.
  kBadFieldValue,   // A control byte (other than tab) in a value.
  kObsFold,         // A field line continued on the next (obs-fold).
  kBareLineFeed,    // A line ending in LF (or holding CR) without CRLF.
  kHeadTooLarge,    // Field section longer than Limits::max_field_section.
  kTooManyHeaders,  // More than Limits::max_fields fields.
  kMissingHost,     // An HTTP/1.1 request without Host.
  kMultipleHost,    // More than one Host.
  kBadHost,         // A Host that is not host[:port].
  // Message framing (RFC 9112 section 6).
  kBadContentLength,         // Not one plain decimal number, or overflows.
  kMultipleContentLength,    // Content-Length fields that disagree.
  kContentLengthAndChunked,  // Both Content-Length and Transfer-Encoding.
  kBadTransferEncoding,      // chunked not last, or sent by HTTP/1.0.
  kUnknownTransferEncoding,  // A coding other than chunked.
  kBadChunk,      // A malformed chunk size line, data end or trailer.
  kBodyTooLarge,  // Body longer than Limits::max_body.
};

// What a parser says about the bytes it was given. "Incomplete" is not an
// error: nothing is wrong yet, the caller should read more and call again.
enum class ParseStatus { kComplete, kIncomplete, kError };

// A short, stable name for an error ("bad request line"), for logs and
// for error pages; never contains request bytes.
std::string_view Describe(ParseError error);

}  // namespace http

#endif  // HTTP_ERROR_H_
