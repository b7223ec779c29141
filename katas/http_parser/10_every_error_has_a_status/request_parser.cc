// A line at a time: a line is only looked at once its CRLF has arrived, so
// "incomplete" never hides an error in the bytes already read.
#include "request_parser.h"

namespace http {
namespace {

constexpr std::string_view kCrlf = "\r\n";

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// RFC 9110 token: what methods and field names are made of.
bool IsToken(std::string_view s) {
  constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  if (s.empty()) return false;
  for (char c : s) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                 (c >= 'A' && c <= 'Z');
    if (!alnum && kSymbols.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool IsControl(char c) { return (c >= 0 && c < ' ') || c == 0x7f; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

ParseError ParseRequestLine(std::string_view line, Request& request) {
  std::size_t space = line.find(' ');
  request.method = line.substr(0, space);
  if (!IsToken(request.method)) return ParseError::kBadMethod;
  if (space == std::string_view::npos) return ParseError::kBadTarget;
  line.remove_prefix(space + 1);

  space = line.find(' ');
  request.target = line.substr(0, space);
  if (request.target.empty()) return ParseError::kBadTarget;
  for (char c : request.target) {
    if (c == ' ' || IsControl(c)) return ParseError::kBadTarget;
  }
  if (space == std::string_view::npos) return ParseError::kBadVersion;

  request.version = line.substr(space + 1);
  if (request.version != "HTTP/1.1" && request.version != "HTTP/1.0") {
    return ParseError::kBadVersion;
  }
  return ParseError::kNone;
}

ParseError ParseHeader(std::string_view line, Header& header) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return ParseError::kBadHeader;
  header.name = line.substr(0, colon);
  if (!IsToken(header.name)) return ParseError::kBadHeader;
  header.value = TrimSpaces(line.substr(colon + 1));
  for (char c : header.value) {
    if (c != '\t' && IsControl(c)) return ParseError::kBadHeader;
  }
  return ParseError::kNone;
}

ParseResult Failed(ParseError error) {
  return {.status = ParseStatus::kError, .consumed = 0, .error = error};
}

}  // namespace

std::optional<std::string_view> Request::FindHeader(
    std::string_view name) const {
  for (std::size_t i = 0; i < header_count; ++i) {
    if (EqualsIgnoringCase(headers[i].name, name)) return headers[i].value;
  }
  return std::nullopt;
}

ParseResult ParseRequest(std::string_view bytes, Request& request) {
  request = Request();
  std::size_t end = bytes.find(kCrlf);
  if (end == std::string_view::npos) return ParseResult();
  ParseError error = ParseRequestLine(bytes.substr(0, end), request);
  if (error != ParseError::kNone) return Failed(error);

  for (;;) {
    std::size_t start = end + kCrlf.size();
    end = bytes.find(kCrlf, start);
    if (end == std::string_view::npos) return ParseResult();
    std::string_view line = bytes.substr(start, end - start);
    if (line.empty()) {
      return {.status = ParseStatus::kComplete,
              .consumed = end + kCrlf.size(),
              .error = ParseError::kNone};
    }
    if (request.header_count == kMaxHeaders) {
      return Failed(ParseError::kHeaderLimit);
    }
    error = ParseHeader(line, request.headers[request.header_count++]);
    if (error != ParseError::kNone) return Failed(error);
  }
}

int StatusCodeFor(ParseError error) {
  // No default: a new ParseError must be given its status here, and -Wswitch
  // says so.
  switch (error) {
    case ParseError::kNone:
      return 200;
    case ParseError::kBadMethod:
    case ParseError::kBadTarget:
    case ParseError::kBadHeader:
      return 400;
    case ParseError::kBadVersion:
      return 505;
    case ParseError::kHeaderLimit:
      return 431;
  }
  return 500;  // Only for a value that is none of the enumerators.
}

}  // namespace http
