// See expect.h. Expect = #expectation; expectation = token [ "=" ( token /
// quoted-string ) parameters ]. Only a bare 100-continue is known, so a
// member is read up to the first byte that is not part of a token: if that
// token is not 100-continue, or is followed by anything but a comma, the
// expectation is not one we meet, and the rest need not be parsed.
#include "http/expect.h"

#include "http/syntax.h"

namespace http {

Expectation ExpectationOf(const Request& request) {
  if (request.version == "HTTP/1.0") return Expectation::kNone;
  bool expects_continue = false;
  for (const Header& header : request.headers) {
    if (!syntax::EqualsIgnoringCase(header.name, "Expect")) continue;
    std::string_view rest = header.value;
    for (;;) {
      rest = syntax::TrimSpaces(rest);
      if (rest.empty()) break;
      if (rest.front() == ',') {  // An empty list element.
        rest.remove_prefix(1);
        continue;
      }
      std::size_t end = 0;
      while (end < rest.size() && syntax::IsTokenChar(rest[end])) ++end;
      std::string_view token = rest.substr(0, end);
      rest = syntax::TrimSpaces(rest.substr(end));
      if (!syntax::EqualsIgnoringCase(token, "100-continue") ||
          (!rest.empty() && rest.front() != ',')) {
        return Expectation::kUnsupported;
      }
      expects_continue = true;
    }
  }
  return expects_continue ? Expectation::kContinue : Expectation::kNone;
}

bool ShouldSendContinue(const Request& request,
                        std::size_t body_bytes_received) {
  bool has_body = request.chunked || request.content_length > 0;
  return has_body && body_bytes_received == 0 &&
         ExpectationOf(request) == Expectation::kContinue;
}

}  // namespace http
