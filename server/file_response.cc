// See file_response.h.
#include "server/file_response.h"

#include <string>
#include <utility>

#include "http/ranges.h"
#include "http/response.h"
#include "http/validators.h"

namespace server {

Reply FileReply(const http::Request& request, StaticFile file,
                std::time_t now) {
  const std::uint64_t size = file.version.size;
  const http::Validators validators = http::ValidatorsFor(file.version, now);
  const std::pair<std::string, std::string> last_modified{
      "Last-Modified", http::HttpDate(validators.last_modified)};
  const std::pair<std::string, std::string> etag{"ETag", validators.etag};
  switch (http::EvaluatePreconditions(request, validators, now)) {
    case http::Precondition::kNotModified:
      // RFC 9110 section 15.4.5: the validators a 200 would carry; like
      // nginx, nothing about the content (no type, no length).
      return {{304, {last_modified, etag}, ""}, {}};
    case http::Precondition::kPreconditionFailed:
      return {http::StatusResponse(412), {}};
    case http::Precondition::kProceed:
      break;
  }
  http::RangeResult range = http::ChooseRange(request, validators, size, now);
  if (range.status == http::RangeStatus::kUnsatisfiable) {
    http::Response unsatisfiable = http::StatusResponse(416);
    unsatisfiable.headers.emplace_back("Content-Range",
                                       http::UnsatisfiedContentRange(size));
    return {std::move(unsatisfiable), {}};
  }
  http::Response response{200,
                          {{"Content-Type", std::string(file.content_type)},
                           {"X-Content-Type-Options", "nosniff"},
                           last_modified,
                           etag,
                           {"Accept-Ranges", "bytes"}},
                          ""};
  FileBody body{std::move(file.fd), 0, size};
  if (range.status == http::RangeStatus::kPartial) {
    response.status = 206;
    response.headers.emplace_back("Content-Range",
                                  http::ContentRange(range.range, size));
    body.offset = range.range.first;
    body.size = range.range.length();
  }
  return {std::move(response), std::move(body)};
}

}  // namespace server
