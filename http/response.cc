// See response.h.
#include "http/response.h"

#include <cstdio>

namespace http {
namespace {

void AppendHeaderText(std::string& out, std::string_view text) {
  // In runs: a header is appended once per response, and bytes one at a
  // time showed in the server's profile.
  constexpr std::string_view kBreaks("\r\n\0", 3);
  for (std::size_t at = text.find_first_of(kBreaks); at != text.npos;
       at = text.find_first_of(kBreaks)) {
    out.append(text.substr(0, at));
    out += ' ';
    text.remove_prefix(at + 1);
  }
  out.append(text);
}

}  // namespace

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 416:
      return "Range Not Satisfiable";
    case 417:
      return "Expectation Failed";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

int StatusFor(ParseError error) {
  switch (error) {
    case ParseError::kRequestLineTooLong:
      return 414;
    case ParseError::kHeadTooLarge:
    case ParseError::kTooManyHeaders:
      return 431;
    case ParseError::kBodyTooLarge:
      return 413;
    case ParseError::kUnknownMethod:
    case ParseError::kUnknownTransferEncoding:
      return 501;
    case ParseError::kUnsupportedVersion:
      return 505;
    case ParseError::kBadRequestLine:
    case ParseError::kBadVersion:
    case ParseError::kBadMethod:
    case ParseError::kBadTarget:
    case ParseError::kBadHeader:
    case ParseError::kBadFieldValue:
    case ParseError::kObsFold:
    case ParseError::kBareLineFeed:
    case ParseError::kMissingHost:
    case ParseError::kMultipleHost:
    case ParseError::kBadHost:
    case ParseError::kBadContentLength:
    case ParseError::kMultipleContentLength:
    case ParseError::kContentLengthAndChunked:
    case ParseError::kBadTransferEncoding:
    case ParseError::kBadChunk:
      return 400;
  }
  return 400;
}

std::string Serialize(const Response& response, bool include_body) {
  std::string out;
  AppendHead(response, response.body.size(), out);
  if (include_body) out += response.body;
  return out;
}

void AppendHead(const Response& response, std::uint64_t content_length,
                std::string& out) {
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += ReasonPhrase(response.status);
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    AppendHeaderText(out, name);
    out += ": ";
    AppendHeaderText(out, value);
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(content_length);
  out += "\r\n\r\n";
}

std::string HttpDate(std::time_t time) {
  std::tm utc{};
  gmtime_r(&time, &utc);
  // strftime's %a and %b follow the locale; the header's names must not.
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                          "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  char text[64];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kDays[utc.tm_wday], utc.tm_mday, kMonths[utc.tm_mon],
                utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

}  // namespace http
