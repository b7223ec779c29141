// The answer to a GET or HEAD of a file that was found under the root: what
// the file's validators (a strong ETag, Last-Modified) and the request's
// conditions and Range make of it, in the order RFC 9110 section 13.2.2
// gives: 412 or 304 first, then 416 or 206 for a range, else 200 with the
// whole file. The decisions are //http's pure functions (validators.h,
// ranges.h); this file only turns them into a Reply whose body is the file,
// or the part of it, to send.
#ifndef SERVER_FILE_RESPONSE_H_
#define SERVER_FILE_RESPONSE_H_

#include <ctime>

#include "http/request.h"
#include "server/handler.h"
#include "server/static_files.h"

namespace server {

// The reply to `request` (GET or HEAD) for `file` (kFound), at `now`, the
// time the response's Date will not be earlier than (Last-Modified is never
// later than it):
//  - 304, no body, with ETag and Last-Modified, for a cache whose copy is
//    current (If-None-Match, If-Modified-Since);
//  - 412 when If-Match or If-Unmodified-Since fails;
//  - 206 with Content-Range and that part of the file, for one satisfiable
//    byte range of a GET (If-Range permitting);
//  - 416 with "Content-Range: bytes */SIZE" when no range is satisfiable;
//  - else 200 with the whole file.
// 200 and 206 carry Content-Type, ETag, Last-Modified and
// "Accept-Ranges: bytes". A HEAD gets what a GET would, without Range.
Reply FileReply(const http::Request& request, StaticFile file, std::time_t now);

}  // namespace server

#endif  // SERVER_FILE_RESPONSE_H_
