// A Request built field by field rather than parsed, for the tests of what
// reads one (validators, ranges): "GET /f HTTP/1.1" with the given fields.
// Its views point at the caller's strings, which must outlive it.
#ifndef HTTP_TEST_REQUEST_H_
#define HTTP_TEST_REQUEST_H_

#include <string_view>
#include <utility>
#include <vector>

#include "http/request.h"

namespace http {

using TestFields = std::vector<std::pair<std::string_view, std::string_view>>;

inline Request RequestWith(std::string_view method, const TestFields& fields) {
  Request request;
  request.method = method;
  request.target = "/f";
  request.version = "HTTP/1.1";
  for (const auto& [name, value] : fields) {
    request.headers.push_back({name, value});
  }
  return request;
}

}  // namespace http

#endif  // HTTP_TEST_REQUEST_H_
