// See request_target.h. The byte classes are RFC 3986's: unreserved,
// sub-delims, pct-encoded; pchar adds ":" and "@".
#include "http/request_target.h"

#include "http/syntax.h"

namespace http {
namespace {

bool IsAlphaOrDigit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// unreserved and sub-delims: what a reg-name holds besides %HH escapes.
bool IsRegNameChar(char c) {
  return IsAlphaOrDigit(c) ||
         std::string_view("-._~!$&'()*+,;=").find(c) != std::string_view::npos;
}

// A "%" at `i` starts a two-hex-digit escape.
bool IsEscapeAt(std::string_view text, std::size_t i) {
  return i + 2 < text.size() && syntax::IsHexDigit(text[i + 1]) &&
         syntax::IsHexDigit(text[i + 2]);
}

// absolute-path [ "?" query ]: pchar, "/" and "?".
bool IsPathAndQuery(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (!IsEscapeAt(text, i)) return false;
      continue;
    }
    if (!IsRegNameChar(c) && c != ':' && c != '@' && c != '/' && c != '?') {
      return false;
    }
  }
  return true;
}

bool IsRegName(std::string_view host) {
  for (std::size_t i = 0; i < host.size(); ++i) {
    if (host[i] == '%' ? !IsEscapeAt(host, i) : !IsRegNameChar(host[i])) {
      return false;
    }
  }
  return true;
}

// An IP-literal's inside: an IPv6 address (hex digits, ":" and, for an
// embedded IPv4 address, "."). IPvFuture and zone identifiers are refused.
bool IsIpv6Literal(std::string_view inside) {
  if (inside.empty()) return false;
  for (char c : inside) {
    if (!syntax::IsHexDigit(c) && c != ':' && c != '.') return false;
  }
  return true;
}

struct Authority {
  std::string_view host;
  bool has_port = false;
};

std::optional<Authority> SplitAuthority(std::string_view authority) {
  Authority parts;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos ||
        !IsIpv6Literal(authority.substr(1, close - 1))) {
      return std::nullopt;
    }
    parts.host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      parts.has_port = true;
      port = rest.substr(1);
    }
  } else {
    // A reg-name holds no ":", so the first one starts the port.
    std::size_t colon = authority.find(':');
    parts.host = authority.substr(0, colon);
    if (!IsRegName(parts.host)) return std::nullopt;
    if (colon != std::string_view::npos) {
      parts.has_port = true;
      port = authority.substr(colon + 1);
    }
  }
  for (char c : port) {
    if (!IsDigit(c)) return std::nullopt;
  }
  return parts;
}

bool IsHttpScheme(std::string_view scheme) {
  return syntax::EqualsIgnoringCase(scheme, "http") ||
         syntax::EqualsIgnoringCase(scheme, "https");
}

std::optional<RequestTarget> ParseAbsoluteForm(std::string_view target,
                                               std::size_t scheme_end) {
  std::string_view after = target.substr(scheme_end + 3);  // After "://".
  std::size_t authority_end = after.find_first_of("/?");
  std::string_view authority = after.substr(0, authority_end);
  std::string_view path = after.substr(authority.size());
  std::optional<Authority> parts = SplitAuthority(authority);
  // An "http" URI with an empty host is invalid (RFC 9110 section 4.2.1);
  // userinfo ("user@") fails SplitAuthority: "@" is no reg-name byte.
  if (!parts || parts->host.empty()) return std::nullopt;
  if (path.empty()) {
    // The origin-form of an empty path is "/" (RFC 9112 section 3.2.1): the
    // second "/" of "://" is one in the caller's bytes.
    return RequestTarget{TargetForm::kAbsolute,
                         target.substr(scheme_end + 2, 1), authority};
  }
  if (path.front() != '/' || !IsPathAndQuery(path)) return std::nullopt;
  return RequestTarget{TargetForm::kAbsolute, path, authority};
}

}  // namespace

std::optional<RequestTarget> ParseRequestTarget(std::string_view target) {
  if (target == "*") return RequestTarget{TargetForm::kAsterisk, target, {}};
  if (!target.empty() && target.front() == '/') {
    if (!IsPathAndQuery(target)) return std::nullopt;
    return RequestTarget{TargetForm::kOrigin, target, {}};
  }
  std::size_t scheme_end = target.find("://");
  if (scheme_end != std::string_view::npos) {
    if (!IsHttpScheme(target.substr(0, scheme_end))) return std::nullopt;
    return ParseAbsoluteForm(target, scheme_end);
  }
  std::optional<Authority> parts = SplitAuthority(target);
  if (!parts || !parts->has_port) return std::nullopt;
  return RequestTarget{TargetForm::kAuthority, {}, target};
}

bool IsHostAndPort(std::string_view authority) {
  return SplitAuthority(authority).has_value();
}

}  // namespace http
