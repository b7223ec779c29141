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

}  // namespace http

#endif  // HTTP_FUZZ_INVARIANTS_H_
