// See fuzz_invariants.h.
#include "http/fuzz_invariants.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "http/path.h"
#include "http/request.h"

namespace http {
namespace {

// Small limits, so a fuzzer's short inputs reach every limit too.
Limits FuzzLimits() {
  Limits limits;
  limits.max_request_line = 64;
  limits.max_field_section = 256;
  limits.max_fields = 8;
  limits.max_body = 128;
  return limits;
}

bool Inside(std::string_view view, std::string_view bytes) {
  if (view.empty()) return true;
  auto begin = reinterpret_cast<std::uintptr_t>(bytes.data());
  auto at = reinterpret_cast<std::uintptr_t>(view.data());
  return at >= begin && at + view.size() <= begin + bytes.size();
}

// What a parse says, copied out of the buffer so two parses can be compared.
std::string Summary(const ParseResult& result, const Request& request) {
  std::string text = std::to_string(static_cast<int>(result.status));
  if (result.status == ParseStatus::kError) {
    return text + " error " + std::to_string(static_cast<int>(result.error));
  }
  if (result.status != ParseStatus::kComplete) return text;
  text += " head " + std::to_string(result.head_size) + " size " +
          std::to_string(result.size) + " " + std::string(request.method) +
          " " + std::string(request.target) + " " +
          std::string(request.authority) + " " + std::string(request.version);
  for (const Header& header : request.headers) {
    text += "\n" + std::string(header.name) + ": " + std::string(header.value);
  }
  text += "\nchunked " + std::to_string(request.chunked) + " length " +
          std::to_string(request.content_length) + "\n" + request.BodyText();
  return text;
}

std::string CheckOne(std::string_view bytes, const ParseResult& result,
                     const Request& request) {
  if (result.status != ParseStatus::kComplete) return "";
  if (result.size > bytes.size() || result.head_size > result.size) {
    return "size outside the input";
  }
  std::string_view used = bytes.substr(0, result.size);
  bool inside = Inside(request.method, used) && Inside(request.target, used) &&
                Inside(request.authority, used) &&
                Inside(request.version, used);
  for (const Header& header : request.headers) {
    inside = inside && Inside(header.name, used) && Inside(header.value, used);
  }
  for (std::string_view piece : request.body) {
    inside = inside && Inside(piece, used);
  }
  return inside ? "" : "a view points outside the request";
}

}  // namespace

std::string CheckRequestInvariants(std::string_view bytes) {
  const Limits limits = FuzzLimits();
  Request whole_request;
  ParseResult whole = ParseRequest(bytes, whole_request, limits);
  if (std::string broken = CheckOne(bytes, whole, whole_request);
      !broken.empty()) {
    return "whole input: " + broken;
  }
  const std::string expected = Summary(whole, whole_request);

  // One to three cut points, from the input's first bytes.
  std::vector<std::size_t> cuts;
  if (!bytes.empty()) {
    auto byte = [bytes](std::size_t at) -> std::size_t {
      return static_cast<unsigned char>(bytes[at % bytes.size()]);
    };
    std::size_t count = 1 + byte(0) % 3;
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t seed = byte(i) * 31 + byte(i * 7 + 1) * 257 + i * 977;
      cuts.push_back(seed % bytes.size());
    }
    std::sort(cuts.begin(), cuts.end());
  }
  for (std::size_t cut : cuts) {
    std::string_view prefix = bytes.substr(0, cut);
    Request request;
    ParseResult part = ParseRequest(prefix, request, limits);
    if (std::string broken = CheckOne(prefix, part, request); !broken.empty()) {
      return "prefix of " + std::to_string(cut) + ": " + broken;
    }
    if (part.status == ParseStatus::kIncomplete) {
      // Not yet enough bytes; but the whole request must not fit already.
      if (whole.status == ParseStatus::kComplete && whole.size <= cut) {
        return "prefix of " + std::to_string(cut) +
               " holds the whole request but is incomplete";
      }
      continue;
    }
    std::string got = Summary(part, request);
    if (got != expected) {
      return "prefix of " + std::to_string(cut) + " gives\n" + got +
             "\nbut the whole input gives\n" + expected;
    }
  }
  return "";
}

std::string CheckPathInvariants(std::string_view target) {
  DecodedPath decoded = DecodeTargetPath(target);
  if (!decoded.ok) return "";
  const std::string& path = decoded.path;
  if (path.find('\0') != std::string::npos) return "NUL in the path";
  if (path.find('\\') != std::string::npos) return "backslash in the path";
  if (path.empty()) return "";
  std::size_t start = 0;
  for (;;) {
    std::size_t end = path.find('/', start);
    std::string_view segment =
        std::string_view(path).substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return "segment \"" + std::string(segment) + "\" in \"" + path + "\"";
    }
    if (end == std::string::npos) return "";
    start = end + 1;
  }
}

}  // namespace http
