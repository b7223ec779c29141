// Drives the real server binary over TCP with --root pointing at a folder
// that has a secret file beside it (and symlinks out of it): every way of
// spelling "outside the root" is refused, and the secret never comes back.
// Files inside the root are served with their Content-Type, HEAD gets the
// head only, and other methods get 405 with Allow.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "server/test_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

constexpr char kSecret[] = "TOP-SECRET-4f1c9e";

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary) << contents;
}

void Symlink(const std::string& to, const std::string& path) {
  ::unlink(path.c_str());
  EXPECT_EQ(::symlink(to.c_str(), path.c_str()), 0) << path;
}

// <tmp>/site/www is the root. Beside it: secret.txt, www-secret/secret.txt
// (a folder whose name starts with the root's).
std::string MakeSite() {
  std::string site = std::string(std::getenv("TEST_TMPDIR")) + "/site";
  std::string www = site + "/www";
  for (const std::string& folder :
       {site, www, www + "/docs", site + "/www-secret"}) {
    ::mkdir(folder.c_str(), 0755);
  }
  WriteFile(site + "/secret.txt", kSecret);
  WriteFile(site + "/www-secret/secret.txt", kSecret);
  WriteFile(www + "/hello.html", "<h1>Hello!</h1>");
  WriteFile(www + "/404.html", "<h1>Oops!</h1>");
  WriteFile(www + "/style.css", "h1 { color: red }");
  WriteFile(www + "/docs/notes.txt", "notes");
  Symlink("docs/notes.txt", www + "/inside-link.txt");
  Symlink("../secret.txt", www + "/outside-link.txt");
  Symlink("..", www + "/parent-link");
  Symlink(site + "/secret.txt", www + "/absolute-link.txt");
  Symlink("../www-secret", www + "/sibling-link");
  return www;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({"--root", MakeSite()});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_GT(server_->port(), 0) << server_->log(); }

  static std::string Send(const std::string& request) {
    return Fetch(server_->port(), request);
  }

  static ServerProcess* server_;
};

ServerProcess* StaticFilesTest::server_ = nullptr;

TEST_F(StaticFilesTest, TraversalNeverReachesTheSecret) {
  const std::vector<std::string> targets = {
      "/../secret.txt",
      "/../../secret.txt",
      "/docs/../../secret.txt",
      "/./../secret.txt",
      "//../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E/secret.txt",
      "/.%2e/secret.txt",
      "/%2e./secret.txt",
      "/docs/%2e%2e/%2e%2e/secret.txt",
      "/..%2fsecret.txt",
      "/..%2Fsecret.txt",
      "/%2e%2e%2fsecret.txt",
      "/docs%2f..%2f..%2fsecret.txt",
      "/..%5csecret.txt",
      "/%2e%2e%5csecret.txt",
      "/..\\secret.txt",
      "/%252e%252e/secret.txt",
      "/..%252fsecret.txt",
      "/%c0%ae%c0%ae/secret.txt",
      "/secret.txt%00.html",
      "/../secret.txt%00",
      "/outside-link.txt",
      "/absolute-link.txt",
      "/parent-link/secret.txt",
      "/parent-link/www-secret/secret.txt",
      "/sibling-link/secret.txt",
      "/../www-secret/secret.txt",
      "/docs/..;/..;/secret.txt",
      "http://127.0.0.1/../secret.txt",
      "/../secret.txt#",
      "/../secret.txt?",
      "*",
  };
  for (const std::string& target : targets) {
    for (const char* method : {"GET", "HEAD"}) {
      std::string response =
          Send(std::string(method) + " " + target +
               " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      int status = StatusOf(response);
      EXPECT_TRUE(status == 400 || status == 403 || status == 404)
          << method << " " << target << " got " << response;
      EXPECT_EQ(response.find(kSecret), std::string::npos)
          << method << " " << target;
    }
  }
}

TEST_F(StaticFilesTest, ServesFilesInsideTheRootWithTheirType) {
  struct Case {
    std::string target;
    std::string body;
    std::string type;
  };
  for (const Case& c : {
           Case{"/style.css", "h1 { color: red }", "text/css; charset=utf-8"},
           Case{"/docs/notes.txt", "notes", "text/plain; charset=utf-8"},
           Case{"/docs/./notes.txt?v=1", "notes", "text/plain; charset=utf-8"},
           Case{"/%64ocs/notes.txt", "notes", "text/plain; charset=utf-8"},
           Case{"/inside-link.txt", "notes", "text/plain; charset=utf-8"},
           Case{"/hello.html", "<h1>Hello!</h1>", "text/html; charset=utf-8"},
           Case{"/", "<h1>Hello!</h1>", "text/html; charset=utf-8"},
       }) {
    std::string response = Send(Get(c.target));
    EXPECT_EQ(StatusOf(response), 200) << c.target << response;
    EXPECT_EQ(BodyOf(response), c.body) << c.target;
    EXPECT_NE(response.find("\r\nContent-Type: " + c.type + "\r\n"),
              std::string::npos)
        << c.target << response;
    for (const char* header : {"\r\nDate: ", "\r\nServer: ",
                               "\r\nContent-Length: ", "\r\nConnection: "}) {
      EXPECT_NE(response.find(header), std::string::npos) << header;
    }
  }
}

TEST_F(StaticFilesTest, MissingFilesAndFoldersAreThe404Page) {
  for (const char* target : {"/nope.txt", "/docs", "/docs/", "/%2e"}) {
    std::string response = Send(Get(target));
    EXPECT_EQ(StatusOf(response), 404) << target;
    EXPECT_EQ(BodyOf(response), "<h1>Oops!</h1>") << target;
  }
}

TEST_F(StaticFilesTest, HeadGetsTheHeadOnly) {
  std::string response = Send(
      "HEAD /docs/notes.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: "
      "close\r\n\r\n");
  EXPECT_EQ(StatusOf(response), 200) << response;
  EXPECT_NE(response.find("\r\nContent-Length: 5\r\n"), std::string::npos);
  EXPECT_EQ(BodyOf(response), "");
}

TEST_F(StaticFilesTest, OtherMethodsGet405WithAllow) {
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    std::string response = Send(
        std::string(method) +
        " /docs/notes.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "Content-Length: 0\r\n\r\n");
    EXPECT_EQ(StatusOf(response), 405) << method << response;
    EXPECT_NE(response.find("\r\nAllow: GET, HEAD\r\n"), std::string::npos)
        << method;
  }
}

}  // namespace
}  // namespace tests
