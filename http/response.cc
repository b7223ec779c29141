// See response.h.
#include "http/response.h"

namespace http {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
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
    case ParseError::kBadVersion:
      return 505;
    case ParseError::kHeadTooLarge:
      return 431;
    case ParseError::kBadRequestLine:
    case ParseError::kBadMethod:
    case ParseError::kBadTarget:
    case ParseError::kBadHeader:
      return 400;
  }
  return 400;
}

std::string Serialize(const Response& response) {
  std::string out = "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += ReasonPhrase(response.status);
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(response.body.size());
  out += "\r\n\r\n";
  out += response.body;
  return out;
}

}  // namespace http
