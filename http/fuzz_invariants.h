// What the fuzzers check, shared with the tests that replay their corpora so
// both hold the code to the same promises. Each function returns "" when the
// promise holds, or says how it broke.
#ifndef HTTP_FUZZ_INVARIANTS_H_
#define HTTP_FUZZ_INVARIANTS_H_

#include <string>
#include <string_view>

namespace http {

// ParseRequest is stateless, so a reader that calls it again on each longer
// prefix (bytes arriving in pieces) must end with the answer it gets for the
// whole input at once. The cut points come from the input's own bytes, so a
// failure replays exactly. Also: sizes stay inside the input, views point
// into it.
std::string CheckRequestInvariants(std::string_view bytes);

// A target that DecodeTargetPath accepts never yields a path that leaves
// the root: no leading "/", no empty, "." or ".." segment, no NUL or "\".
std::string CheckPathInvariants(std::string_view target);

// The field values a static file server reads, each given `value`:
//  - Range: a range ParseRange serves lies inside the file (first <= last <
//    size), for files of several sizes; ChooseRange agrees for a GET and
//    serves no range to a HEAD.
//  - HTTP-date: a date ParseHttpDate accepts is written back by HttpDate
//    as a date it reads as the same moment.
//  - Entity-tag lists: If-None-Match can only match (304), and If-Match
//    can only hold, when the value is "*" or holds the file's tag; If-Range
//    holds only for exactly the tag or exactly the Last-Modified date.
std::string CheckFieldInvariants(std::string_view value);

}  // namespace http

#endif  // HTTP_FUZZ_INVARIANTS_H_
