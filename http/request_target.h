// The request-target of a request line (RFC 9112 section 3.2) in each of its
// four forms, checked byte by byte against RFC 3986; and the host[:port] of
// an authority, which the Host field uses too. Pure string work: views into
// the caller's text, no copies. Internal to //http (request.h uses it).
#ifndef HTTP_REQUEST_TARGET_H_
#define HTTP_REQUEST_TARGET_H_

#include <optional>
#include <string_view>

namespace http {

enum class TargetForm {
  kOrigin,     // "/path?query": what clients send to an origin server.
  kAbsolute,   // "http://host:port/path?query": what clients send to proxies.
  kAuthority,  // "host:port": CONNECT's only form.
  kAsterisk,   // "*": OPTIONS for the server as a whole.
};

struct RequestTarget {
  TargetForm form;
  // The origin-form of the target: the target itself for origin-form; the
  // path and query of an absolute-form URI, "/" when its path is empty (the
  // second "/" of its "://"); "*" for the asterisk form; empty for
  // authority-form.
  std::string_view origin;
  // host[:port] of absolute-form and authority-form; empty otherwise.
  std::string_view authority;
};

// The target's form and parts, or nothing if it is none of the four:
//  - origin-form: "/" then pchar, "/", "?" and %HH escapes; no "#", spaces,
//    controls, quotes, braces or bytes above 0x7e;
//  - absolute-form: "http" or "https" (any case), "://", an authority with a
//    non-empty host and no userinfo (RFC 9110 sections 4.2.1 and 4.2.4),
//    then a path and query as in origin-form. Refused although RFC 3986
//    allows it: a query with no path ("http://h?q"), whose origin-form
//    ("/?q") is not in the caller's bytes;
//  - authority-form: uri-host ":" port;
//  - asterisk-form: "*".
// Which forms a method may use is the request parser's business.
std::optional<RequestTarget> ParseRequestTarget(std::string_view target);

// uri-host [ ":" port ] (RFC 3986 section 3.2.2): a bracketed IPv6 literal,
// or a reg-name or IPv4 address of unreserved bytes, sub-delims and %HH
// escapes; the port is digits. The host may be empty, as an empty Host field
// may be (RFC 9112 section 3.2). No "@", "/", "?", spaces or other bytes that
// could make the authority mean something else to a proxy.
bool IsHostAndPort(std::string_view authority);

}  // namespace http

#endif  // HTTP_REQUEST_TARGET_H_
