// The chunked-body decoder on its own: chunk data, extensions, trailers,
// limits, and incomplete input.
#include "http/chunked.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace http {
namespace {

TEST(ParseChunkedBodyTest, DecodesChunksAsViews) {
  const std::string body = "3\r\nabc\r\n1;a=b\r\nd\r\n0\r\n\r\nNEXT";
  std::vector<std::string_view> chunks;
  ChunkedResult result = ParseChunkedBody(body, 100, 100, chunks);
  ASSERT_EQ(result.status, ParseStatus::kComplete);
  EXPECT_EQ(result.size, body.size() - 4);
  EXPECT_EQ(chunks, (std::vector<std::string_view>{"abc", "d"}));
}

TEST(ParseChunkedBodyTest, EveryPrefixIsIncomplete) {
  const std::string body = "a\r\n0123456789\r\n0\r\nX: y\r\n\r\n";
  for (std::size_t size = 0; size < body.size(); ++size) {
    std::vector<std::string_view> chunks;
    EXPECT_EQ(ParseChunkedBody(body.substr(0, size), 100, 100, chunks).status,
              ParseStatus::kIncomplete)
        << size;
  }
}

TEST(ParseChunkedBodyTest, RefusesWhatItCannotTrust) {
  struct Case {
    std::string body;
    ParseError error;
  };
  for (const Case& c : {
           Case{"g\r\n", ParseError::kBadChunk},
           Case{" 1\r\na\r\n", ParseError::kBadChunk},
           Case{"1 x\r\na\r\n", ParseError::kBadChunk},
           Case{"1;\x01\r\na\r\n", ParseError::kBadChunk},
           Case{"1\r\naX", ParseError::kBadChunk},
           Case{"1\r\na\rX", ParseError::kBadChunk},
           Case{std::string(kMaxChunkLine + 2, '0'), ParseError::kBadChunk},
           Case{"0\r\nX : y\r\n\r\n", ParseError::kBadChunk},
           // Trailer fields follow the head's field-line rules.
           Case{"0\r\n X: y\r\n\r\n", ParseError::kBadChunk},
           Case{"0\r\nX: y\x01\r\n\r\n", ParseError::kBadChunk},
           Case{"0\r\n: y\r\n\r\n", ParseError::kBadChunk},
           Case{"0\r\nX: " + std::string(200, 'y'), ParseError::kHeadTooLarge},
           Case{"65\r\n", ParseError::kBodyTooLarge},
           Case{"32\r\n" + std::string(50, 'a') + "\r\n33\r\n",
                ParseError::kBodyTooLarge},
       }) {
    std::vector<std::string_view> chunks;
    ChunkedResult result = ParseChunkedBody(c.body, 100, 100, chunks);
    EXPECT_EQ(result.status, ParseStatus::kError) << c.body;
    EXPECT_EQ(Describe(result.error), Describe(c.error)) << c.body;
  }
}

}  // namespace
}  // namespace http
