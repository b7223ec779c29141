// A strict reader of requests (RFC 9112 sections 2 to 7): CRLF line ends,
// single spaces in the request line, token names, no folding, one framing.
#include "http/request.h"

#include <array>

#include "http/chunked.h"
#include "http/request_target.h"
#include "http/syntax.h"

namespace http {
namespace {

using syntax::LineStatus;

ParseResult Error(ParseError error) {
  return {ParseStatus::kError, 0, 0, error};
}

bool IsKnownMethod(std::string_view method) {
  // RFC 9110 section 9 and RFC 5789 (PATCH); methods are case-sensitive.
  static constexpr std::array<std::string_view, 9> kMethods = {
      "GET",     "HEAD",    "POST",  "PUT",  "DELETE",
      "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  for (std::string_view known : kMethods) {
    if (method == known) return true;
  }
  return false;
}

// "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 section 2.3).
bool IsWellFormedVersion(std::string_view version) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return version.size() == 8 && version.substr(0, 5) == "HTTP/" &&
         digit(version[5]) && version[6] == '.' && digit(version[7]);
}

// The request line, rule by rule (RFC 9112 sections 2.3 and 3). What is
// malformed anywhere in the line is 400 before anything is judged
// unsupported: then 505 for a version, 501 for a method; last, a target form
// the method may not use is 400 (which forms an unknown method may use is
// unknown). http/README.md has the table.
std::optional<ParseError> ParseRequestLine(std::string_view line,
                                           Request& request) {
  std::size_t first_space = line.find(' ');
  std::size_t second_space = line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos ||
      second_space == std::string_view::npos ||
      line.find(' ', second_space + 1) != std::string_view::npos) {
    return ParseError::kBadRequestLine;
  }
  request.method = line.substr(0, first_space);
  std::string_view target =
      line.substr(first_space + 1, second_space - first_space - 1);
  request.version = line.substr(second_space + 1);

  if (!syntax::IsToken(request.method)) return ParseError::kBadMethod;
  if (!IsWellFormedVersion(request.version)) return ParseError::kBadVersion;
  std::optional<RequestTarget> parsed = ParseRequestTarget(target);
  if (!parsed) return ParseError::kBadTarget;
  // HTTP/1.x for any x: a higher minor version is handled as the highest we
  // implement (RFC 9110 section 2.5); 505 is for a major version.
  if (request.version[5] != '1') return ParseError::kUnsupportedVersion;
  if (!IsKnownMethod(request.method)) return ParseError::kUnknownMethod;
  // "*" is for OPTIONS only (section 3.2.4); authority-form is CONNECT's
  // only form, and CONNECT has no other (section 3.2.3).
  bool connect = request.method == "CONNECT";
  if ((parsed->form == TargetForm::kAsterisk && request.method != "OPTIONS") ||
      (parsed->form == TargetForm::kAuthority) != connect) {
    return ParseError::kBadTarget;
  }
  request.target = connect ? target : parsed->origin;
  request.authority = parsed->authority;
  return std::nullopt;
}

std::optional<ParseError> ParseFieldLine(std::string_view line,
                                         Request& request) {
  Header header;
  if (std::optional<ParseError> error =
          syntax::ParseFieldLine(line, &header.name, &header.value)) {
    return error;
  }
  request.headers.push_back(header);
  return std::nullopt;
}

// Calls `each` with every comma-separated element of every field `name`,
// trimmed.
template <typename Each>
void ForEachListElement(const Request& request, std::string_view name,
                        Each each) {
  for (const Header& header : request.headers) {
    if (!syntax::EqualsIgnoringCase(header.name, name)) continue;
    std::string_view rest = header.value;
    for (;;) {
      std::size_t comma = rest.find(',');
      each(syntax::TrimSpaces(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
}

std::size_t CountFields(const Request& request, std::string_view name) {
  std::size_t count = 0;
  for (const Header& header : request.headers) {
    if (syntax::EqualsIgnoringCase(header.name, name)) ++count;
  }
  return count;
}

// 1*DIGIT, without sign, space, or list; nothing if it overflows.
std::optional<std::uint64_t> ParseContentLength(std::string_view value) {
  if (value.empty() || value.size() > 19) return std::nullopt;
  std::uint64_t number = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return number;
}

// Host, Content-Length and Transfer-Encoding: RFC 9112 sections 3.2 and 6.
std::optional<ParseError> CheckFraming(Request& request, const Limits& limits) {
  std::size_t hosts = CountFields(request, "Host");
  if (hosts > 1) return ParseError::kMultipleHost;
  if (hosts == 0 && request.version != "HTTP/1.0") {
    return ParseError::kMissingHost;
  }
  if (hosts == 1 && !IsHostAndPort(*request.FindHeader("Host"))) {
    return ParseError::kBadHost;
  }

  std::optional<std::string_view> length_text;
  for (const Header& header : request.headers) {
    if (!syntax::EqualsIgnoringCase(header.name, "Content-Length")) continue;
    if (!ParseContentLength(header.value)) return ParseError::kBadContentLength;
    if (length_text && *length_text != header.value) {
      return ParseError::kMultipleContentLength;
    }
    length_text = header.value;
  }

  if (CountFields(request, "Transfer-Encoding") > 0) {
    if (length_text) return ParseError::kContentLengthAndChunked;
    // An HTTP/1.0 recipient may not know chunked; its framing is suspect.
    if (request.version == "HTTP/1.0") return ParseError::kBadTransferEncoding;
    // Codings we cannot decode get 501 (RFC 9112 section 6.1); a malformed
    // list, or chunked twice, is framing we refuse (400). With only chunked
    // allowed, chunked is always the final coding, as section 6.3 requires.
    bool empty = false;
    std::size_t codings = 0, chunked = 0;
    ForEachListElement(request, "Transfer-Encoding", [&](std::string_view c) {
      ++codings;
      empty = empty || c.empty();
      if (syntax::EqualsIgnoringCase(c, "chunked")) ++chunked;
    });
    if (empty) return ParseError::kBadTransferEncoding;
    if (chunked != codings) return ParseError::kUnknownTransferEncoding;
    if (chunked != 1) return ParseError::kBadTransferEncoding;
    request.chunked = true;
    return std::nullopt;
  }

  if (length_text) {
    request.content_length = *ParseContentLength(*length_text);
    if (request.content_length > limits.max_body) {
      return ParseError::kBodyTooLarge;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> Request::FindHeader(
    std::string_view name) const {
  for (const Header& header : headers) {
    if (syntax::EqualsIgnoringCase(header.name, name)) return header.value;
  }
  return std::nullopt;
}

std::string Request::BodyText() const {
  std::string text;
  for (std::string_view piece : body) text += piece;
  return text;
}

ParseResult ParseRequestHead(std::string_view bytes, Request& request,
                             const Limits& limits) {
  request = Request{};
  std::size_t pos = 0;
  std::string_view line;
  switch (syntax::NextLine(bytes, &pos, limits.max_request_line, &line)) {
    case LineStatus::kIncomplete:
      return {ParseStatus::kIncomplete};
    case LineStatus::kTooLong:
      return Error(ParseError::kRequestLineTooLong);
    case LineStatus::kBareLineFeed:
      return Error(ParseError::kBareLineFeed);
    case LineStatus::kLine:
      break;
  }
  if (std::optional<ParseError> error = ParseRequestLine(line, request)) {
    return Error(*error);
  }

  // The field section counts from after the request line through the blank
  // line that ends it.
  const std::size_t fields_start = pos;
  for (;;) {
    std::size_t used = pos - fields_start;
    std::size_t budget = limits.max_field_section > used + 2
                             ? limits.max_field_section - used - 2
                             : 0;
    switch (syntax::NextLine(bytes, &pos, budget, &line)) {
      case LineStatus::kIncomplete:
        return {ParseStatus::kIncomplete};
      case LineStatus::kTooLong:
        return Error(ParseError::kHeadTooLarge);
      case LineStatus::kBareLineFeed:
        return Error(ParseError::kBareLineFeed);
      case LineStatus::kLine:
        break;
    }
    if (line.empty()) break;
    if (request.headers.size() == limits.max_fields) {
      return Error(ParseError::kTooManyHeaders);
    }
    if (std::optional<ParseError> error = ParseFieldLine(line, request)) {
      return Error(*error);
    }
  }
  if (std::optional<ParseError> error = CheckFraming(request, limits)) {
    return Error(*error);
  }
  return {ParseStatus::kComplete, pos, pos};
}

ParseResult ParseRequest(std::string_view bytes, Request& request,
                         const Limits& limits) {
  ParseResult head = ParseRequestHead(bytes, request, limits);
  if (head.status != ParseStatus::kComplete) return head;
  std::string_view after_head = bytes.substr(head.head_size);

  if (request.chunked) {
    ChunkedResult body = ParseChunkedBody(
        after_head, limits.max_body, limits.max_field_section, request.body);
    if (body.status == ParseStatus::kError) return Error(body.error);
    if (body.status == ParseStatus::kIncomplete) {
      return {ParseStatus::kIncomplete};
    }
    return {ParseStatus::kComplete, head.head_size, head.head_size + body.size};
  }
  if (after_head.size() < request.content_length) {
    return {ParseStatus::kIncomplete};
  }
  std::size_t length = static_cast<std::size_t>(request.content_length);
  if (length > 0) request.body.push_back(after_head.substr(0, length));
  return {ParseStatus::kComplete, head.head_size, head.head_size + length};
}

bool KeepAlive(const Request& request) {
  bool close = false;
  bool keep_alive = false;
  ForEachListElement(request, "Connection", [&](std::string_view option) {
    close = close || syntax::EqualsIgnoringCase(option, "close");
    keep_alive = keep_alive || syntax::EqualsIgnoringCase(option, "keep-alive");
  });
  if (close) return false;
  return request.version != "HTTP/1.0" || keep_alive;
}

}  // namespace http
