// Decodes a chunked request body (RFC 9112 section 7.1) from the caller's
// bytes without copying: each chunk's data is a view into the buffer.
// Stateless like the head parser: call again with more bytes when it says
// incomplete.
#ifndef HTTP_CHUNKED_H_
#define HTTP_CHUNKED_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "http/error.h"

namespace http {

// The longest chunk-size line (size and extensions) accepted.
inline constexpr std::size_t kMaxChunkLine = 1024;

struct ChunkedResult {
  ParseStatus status;
  std::size_t size = 0;  // Bytes of the whole chunked body, when kComplete.
  ParseError error{};    // Meaningful when kError.
};

// Parses the chunked body at the start of `bytes` (the bytes after the
// head): chunks, the last chunk, trailer fields and the final CRLF. The
// chunks' data goes to `chunks`. Refuses with kBodyTooLarge as soon as a
// chunk size, or the sizes so far, add up to more than `max_body`; with
// kHeadTooLarge when the trailer fields exceed `max_trailers` bytes; with
// kBadChunk for anything malformed. Trailer fields are checked, then
// dropped: nothing here acts on them.
ChunkedResult ParseChunkedBody(std::string_view bytes, std::size_t max_body,
                               std::size_t max_trailers,
                               std::vector<std::string_view>& chunks);

}  // namespace http

#endif  // HTTP_CHUNKED_H_
