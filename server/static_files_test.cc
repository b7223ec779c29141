// OpenStaticFile against a real folder in the test's temporary directory,
// with a secret beside the root and symlinks pointing in and out of it.
#include "server/static_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace server {
namespace {

constexpr char kSecret[] = "the secret beside the root";

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

// What the opened file holds, read through its descriptor ("" if none).
std::string Contents(const StaticFile& file) {
  std::string contents;
  char chunk[4096];
  ssize_t got;
  off_t at = 0;
  while (file.fd.valid() &&
         (got = ::pread(file.fd.get(), chunk, sizeof chunk, at)) > 0) {
    contents.append(chunk, static_cast<std::size_t>(got));
    at += got;
  }
  return contents;
}

void Symlink(const std::string& to, const std::string& path) {
  ::unlink(path.c_str());
  EXPECT_EQ(::symlink(to.c_str(), path.c_str()), 0) << path;
}

// <tmp>/static/www is the root; <tmp>/static/secret.txt and
// <tmp>/static/www-secret/secret.txt are beside it.
class OpenStaticFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    ASSERT_NE(tmp, nullptr);
    std::string base = std::string(tmp) + "/static";
    std::string www = base + "/www";
    ::mkdir(base.c_str(), 0755);
    ::mkdir(www.c_str(), 0755);
    ::mkdir((www + "/docs").c_str(), 0755);
    ::mkdir((base + "/www-secret").c_str(), 0755);
    WriteFile(base + "/secret.txt", kSecret);
    WriteFile(base + "/www-secret/secret.txt", kSecret);
    WriteFile(www + "/index.html", "<p>index</p>");
    WriteFile(www + "/docs/Read Me.TXT", "read me");
    Symlink("docs/Read Me.TXT", www + "/inside-link");
    Symlink("../secret.txt", www + "/outside-link");
    Symlink("..", www + "/parent-link");
    Symlink("../www-secret/secret.txt", www + "/sibling-link");
    ::unlink((www + "/fifo").c_str());
    EXPECT_EQ(::mkfifo((www + "/fifo").c_str(), 0644), 0);
    std::optional<std::string> root = CanonicalRoot(www);
    ASSERT_TRUE(root);
    root_ = *root;
  }

  std::string root_;
};

TEST_F(OpenStaticFileTest, OpensFilesUnderTheRoot) {
  StaticFile index = OpenStaticFile("/index.html", root_);
  ASSERT_EQ(index.status, FileStatus::kFound);
  EXPECT_EQ(Contents(index), "<p>index</p>");
  EXPECT_EQ(index.size, 12u);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");

  StaticFile nested = OpenStaticFile("/docs/Read%20Me.TXT?x=1", root_);
  ASSERT_EQ(nested.status, FileStatus::kFound);
  EXPECT_EQ(Contents(nested), "read me");
  EXPECT_EQ(nested.content_type, "text/plain; charset=utf-8");

  StaticFile link = OpenStaticFile("/inside-link", root_);
  ASSERT_EQ(link.status, FileStatus::kFound);
  EXPECT_EQ(Contents(link), "read me");
}

TEST_F(OpenStaticFileTest, WhatIsNotARegularFileIsNotFound) {
  for (const char* target : {"/", "/docs", "/docs/", "/missing", "/fifo"}) {
    StaticFile file = OpenStaticFile(target, root_);
    EXPECT_EQ(file.status, FileStatus::kNotFound) << target;
    EXPECT_FALSE(file.fd.valid()) << target;
  }
}

TEST_F(OpenStaticFileTest, NeverReadsOutsideTheRoot) {
  for (const char* target :
       {"/../secret.txt", "/docs/../../secret.txt", "/%2e%2e/secret.txt",
        "/..%2fsecret.txt", "/outside-link", "/parent-link/secret.txt",
        "/parent-link/www-secret/secret.txt", "/sibling-link",
        "/docs/%2E%2E/%2E%2E/secret.txt", "/secret.txt%00.html"}) {
    StaticFile file = OpenStaticFile(target, root_);
    EXPECT_NE(file.status, FileStatus::kFound) << target;
    EXPECT_EQ(Contents(file).find(kSecret), std::string::npos) << target;
  }
  EXPECT_EQ(OpenStaticFile("/outside-link", root_).status,
            FileStatus::kForbidden);
  EXPECT_EQ(OpenStaticFile("/../secret.txt", root_).status,
            FileStatus::kForbidden);
}

TEST(CanonicalRootTest, IsAnAbsoluteFolderWithoutSymlinks) {
  EXPECT_FALSE(CanonicalRoot("/no/such/folder"));
  EXPECT_FALSE(CanonicalRoot("/proc/self/status"));  // A file, not a folder.
  std::optional<std::string> root = CanonicalRoot(".");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->front(), '/');
}

TEST(ContentTypeForTest, GoesByTheExtensionIgnoringCase) {
  EXPECT_EQ(ContentTypeFor("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("dir/A.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x.min.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("logo.PNG"), "image/png");
  EXPECT_EQ(ContentTypeFor("photo.jpeg"), "image/jpeg");
  EXPECT_EQ(ContentTypeFor("data.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("archive.tar.gz"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor(".html"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("a.d/README"), "application/octet-stream");
}

}  // namespace
}  // namespace server
