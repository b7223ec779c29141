// A strict reader of the request line and header fields (RFC 9112 section 2
// to 5): CRLF line ends, single spaces in the request line, token names.
#include "http/request.h"

#include <algorithm>
#include <cctype>

namespace http {
namespace {

constexpr std::string_view kCrlf = "\r\n";

// RFC 9110 tchar: the bytes allowed in a method and a field name.
bool IsTokenChar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar);
}

// Visible ASCII: what a request target may contain (no spaces, no controls).
bool IsVisible(char c) { return c > 0x20 && c < 0x7f; }

// Field values: visible ASCII, obs-text, spaces and tabs; no other controls.
bool IsValueChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

ParseResult Error(ParseError error) { return {ParseStatus::kError, 0, error}; }

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
  request.target = line.substr(first_space + 1, second_space - first_space - 1);
  request.version = line.substr(second_space + 1);

  if (!IsToken(request.method)) return ParseError::kBadMethod;
  if (request.target.empty() || request.target.front() != '/' ||
      !std::all_of(request.target.begin(), request.target.end(), IsVisible)) {
    return ParseError::kBadTarget;
  }
  if (request.version != "HTTP/1.1" && request.version != "HTTP/1.0") {
    return ParseError::kBadVersion;
  }
  return std::nullopt;
}

std::optional<ParseError> ParseHeaderLine(std::string_view line,
                                          Request& request) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return ParseError::kBadHeader;
  std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  // IsToken also refuses a space before the colon and a folded line
  // (one starting with a space), both smuggling vectors.
  if (!IsToken(name) || !std::all_of(value.begin(), value.end(), IsValueChar)) {
    return ParseError::kBadHeader;
  }
  request.headers.push_back({name, TrimSpaces(value)});
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> Request::FindHeader(
    std::string_view name) const {
  for (const Header& header : headers) {
    if (EqualsIgnoringCase(header.name, name)) return header.value;
  }
  return std::nullopt;
}

ParseResult ParseRequestHead(std::string_view bytes, Request& request) {
  std::size_t head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (bytes.size() >= kMaxHeadBytes) return Error(ParseError::kHeadTooLarge);
    return {ParseStatus::kIncomplete};
  }
  std::size_t head_size = head_end + 4;
  if (head_size > kMaxHeadBytes) return Error(ParseError::kHeadTooLarge);

  request = Request{};
  std::string_view rest = bytes.substr(0, head_end + 2);  // Keep the last CRLF.
  bool first_line = true;
  while (!rest.empty()) {
    std::size_t line_end = rest.find(kCrlf);
    std::string_view line = rest.substr(0, line_end);
    rest.remove_prefix(line_end + kCrlf.size());
    // A bare CR or LF inside a line would let two parsers disagree.
    if (line.find_first_of("\r\n") != std::string_view::npos) {
      return Error(first_line ? ParseError::kBadRequestLine
                              : ParseError::kBadHeader);
    }
    std::optional<ParseError> error = first_line
                                          ? ParseRequestLine(line, request)
                                          : ParseHeaderLine(line, request);
    if (error) return Error(*error);
    first_line = false;
  }
  return {ParseStatus::kComplete, head_size};
}

std::string_view Describe(ParseError error) {
  switch (error) {
    case ParseError::kBadRequestLine:
      return "bad request line";
    case ParseError::kBadMethod:
      return "bad method";
    case ParseError::kBadTarget:
      return "bad request target";
    case ParseError::kBadVersion:
      return "unsupported HTTP version";
    case ParseError::kBadHeader:
      return "bad header field";
    case ParseError::kHeadTooLarge:
      return "request head too large";
  }
  return "unknown error";
}

}  // namespace http
