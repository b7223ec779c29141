// Parses the head of an HTTP/1.1 request from the caller's bytes. Nothing is
// declared yet: the test says what we wish we could call.
#ifndef KATAS_HTTP_PARSER_REQUEST_PARSER_H_
#define KATAS_HTTP_PARSER_REQUEST_PARSER_H_

namespace http {}  // namespace http

#endif  // KATAS_HTTP_PARSER_REQUEST_PARSER_H_
