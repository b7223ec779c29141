// See error.h.
#include "http/error.h"

namespace http {

std::string_view Describe(ParseError error) {
  switch (error) {
    case ParseError::kBadRequestLine:
      return "bad request line";
    case ParseError::kRequestLineTooLong:
      return "request line too long";
    case ParseError::kBadMethod:
      return "bad method";
    case ParseError::kUnknownMethod:
      return "unknown method";
    case ParseError::kBadTarget:
      return "bad request target";
    case ParseError::kBadVersion:
      return "malformed HTTP version";
    case ParseError::kUnsupportedVersion:
      return "unsupported HTTP version";
    case ParseError::kBadHeader:
      return "bad header field";
    case ParseError::kBadFieldValue:
      return "bad header field value";
    case ParseError::kObsFold:
      return "folded header field";
    case ParseError::kBareLineFeed:
      return "line not ended by CRLF";
    case ParseError::kHeadTooLarge:
      return "header section too large";
    case ParseError::kTooManyHeaders:
      return "too many header fields";
    case ParseError::kMissingHost:
      return "missing Host";
    case ParseError::kMultipleHost:
      return "more than one Host";
    case ParseError::kBadHost:
      return "bad Host";
    case ParseError::kBadContentLength:
      return "bad Content-Length";
    case ParseError::kMultipleContentLength:
      return "conflicting Content-Length";
    case ParseError::kContentLengthAndChunked:
      return "both Content-Length and Transfer-Encoding";
    case ParseError::kBadTransferEncoding:
      return "bad Transfer-Encoding";
    case ParseError::kUnknownTransferEncoding:
      return "unknown Transfer-Encoding";
    case ParseError::kBadChunk:
      return "bad chunk";
    case ParseError::kBodyTooLarge:
      return "body too large";
  }
  return "unknown error";
}

}  // namespace http
