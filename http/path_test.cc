// DecodeTargetPath as a table: target in, relative path or error out.
#include "http/path.h"

#include <gtest/gtest.h>

#include <string>

namespace http {
namespace {

struct Case {
  std::string target;
  std::string path;  // When the target decodes.
  bool ok;
  PathError error;
};

class DecodeTargetPathTable : public ::testing::TestWithParam<Case> {};

TEST_P(DecodeTargetPathTable, GivesThePathOrTheError) {
  const Case& c = GetParam();
  DecodedPath decoded = DecodeTargetPath(c.target);
  ASSERT_EQ(decoded.ok, c.ok) << c.target;
  if (c.ok) {
    EXPECT_EQ(decoded.path, c.path) << c.target;
  } else {
    EXPECT_EQ(decoded.error, c.error) << c.target;
  }
}

Case Ok(std::string target, std::string path) {
  return {std::move(target), std::move(path), true, {}};
}
Case Fails(std::string target, PathError error) {
  return {std::move(target), "", false, error};
}

INSTANTIATE_TEST_SUITE_P(
    Table, DecodeTargetPathTable,
    ::testing::Values(
        Ok("/", ""), Ok("/a.txt", "a.txt"), Ok("/a/b/c.css", "a/b/c.css"),
        Ok("/a%20b", "a b"), Ok("/%41%62", "Ab"), Ok("/a?x=../..", "a"),
        Ok("//a///b/", "a/b"), Ok("/./a/./b", "a/b"), Ok("/...", "..."),
        Ok("/..a", "..a"), Ok("/%2e", ""), Ok("/a%25", "a%"),
        Ok("/%252e%252e/x", "%2e%2e/x"),
        Ok("/%c0%ae%c0%ae/x", "\xc0\xae\xc0\xae/x"),
        Fails("*", PathError::kNotOriginForm),
        Fails("", PathError::kNotOriginForm),
        Fails("a/b", PathError::kNotOriginForm),
        Fails("/%", PathError::kBadEscape), Fails("/%4", PathError::kBadEscape),
        Fails("/%zz", PathError::kBadEscape),
        Fails("/a%00.html", PathError::kNul),
        Fails(std::string("/a\0b", 4), PathError::kNul),
        Fails("/a%2fb", PathError::kEncodedSlash),
        Fails("/..%2F..%2Fetc", PathError::kEncodedSlash),
        Fails("/a%5cb", PathError::kEncodedSlash),
        Fails("/a\\b", PathError::kBackslash), Fails("/..", PathError::kDotDot),
        Fails("/../x", PathError::kDotDot),
        Fails("/a/../../x", PathError::kDotDot),
        Fails("/a/..", PathError::kDotDot),
        Fails("/%2e%2e/x", PathError::kDotDot),
        Fails("/.%2E/x", PathError::kDotDot)));

TEST(DecodeTargetPathTest, SaysWhetherTheTargetEndsInASlash) {
  for (const char* target :
       {"/", "/docs/", "/docs/.", "/docs/%2e", "//", "/.", "/%2e", "/a//?q"}) {
    EXPECT_TRUE(DecodeTargetPath(target).ends_in_slash) << target;
  }
  for (const char* target :
       {"/docs", "/docs?x/", "/a/b", "/docs/..a", "/docs/.hidden"}) {
    EXPECT_FALSE(DecodeTargetPath(target).ends_in_slash) << target;
  }
}

TEST(PercentDecodeTest, DecodesEveryByte) {
  std::string decoded;
  ASSERT_TRUE(PercentDecode("%00%7f%FF+x", &decoded));
  EXPECT_EQ(decoded, std::string("\0\x7f\xff+x", 5));
  EXPECT_FALSE(PercentDecode("%g0", &decoded));
}

}  // namespace
}  // namespace http
