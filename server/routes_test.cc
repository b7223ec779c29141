// The chapter's three routes, and loading the pages they serve.
#include "server/routes.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

namespace server {
namespace {

using std::chrono::milliseconds;

Site TestSite(milliseconds sleep = milliseconds(0)) {
  return Site{"<h1>Hello!</h1>", "<h1>Oops!</h1>", sleep, ""};
}

http::Request Get(std::string_view target) {
  http::Request request;
  request.method = "GET";
  request.target = target;
  request.version = "HTTP/1.1";
  return request;
}

TEST(RouteTest, RootIsTheHelloPage) {
  http::Response response = Route(Get("/"), TestSite()).response;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "<h1>Hello!</h1>");
}

TEST(RouteTest, SleepAnswersTheHelloPageAfterThePause) {
  auto start = std::chrono::steady_clock::now();
  http::Response response =
      Route(Get("/sleep"), TestSite(milliseconds(50))).response;
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(50));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "<h1>Hello!</h1>");
}

TEST(RouteTest, AnythingElseIsTheNotFoundPage) {
  for (std::string_view target : {"/index.html", "/sleep/", "/x?y", "//"}) {
    http::Response response = Route(Get(target), TestSite()).response;
    EXPECT_EQ(response.status, 404) << target;
    EXPECT_EQ(response.body, "<h1>Oops!</h1>") << target;
  }
}

TEST(RouteTest, OnlyGetAndHeadAreAllowed) {
  http::Request head = Get("/");
  head.method = "HEAD";
  EXPECT_EQ(Route(head, TestSite()).response.status, 200);
  for (std::string_view method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    http::Request request = Get("/");
    request.method = method;
    http::Response response = Route(request, TestSite()).response;
    EXPECT_EQ(response.status, 405) << method;
    ASSERT_FALSE(response.headers.empty());
    EXPECT_EQ(response.headers[0].first, "Allow");
    EXPECT_EQ(response.headers[0].second, "GET, HEAD");
  }
}

TEST(RouteTest, PagesAreHtml) {
  http::Response response = Route(Get("/"), TestSite()).response;
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Content-Type");
  EXPECT_EQ(response.headers[0].second, "text/html; charset=utf-8");
}

TEST(LoadSiteTest, ReadsThePagesThatShipWithTheServer) {
  std::string error;
  std::optional<Site> site = LoadSite("server/static", milliseconds(7), &error);
  ASSERT_TRUE(site) << error;
  EXPECT_NE(site->hello_html.find("Hello!"), std::string::npos);
  EXPECT_NE(site->not_found_html.find("Oops!"), std::string::npos);
  EXPECT_EQ(site->sleep, milliseconds(7));
}

TEST(RouteTest, ServesOtherFilesUnderTheRoot) {
  // The runfiles are symlinks out of their folder, which a root never
  // follows; serve the folder they point to, as main does.
  std::string hello = std::filesystem::canonical("server/static/hello.html");
  std::string error;
  std::optional<Site> site =
      LoadSite(hello.substr(0, hello.rfind('/')), milliseconds(0), &error);
  ASSERT_TRUE(site) << error;
  Reply file = Route(Get("/hello.html"), *site);
  EXPECT_EQ(file.response.status, 200);
  ASSERT_TRUE(file.file.fd.valid()) << "a file is sent from its descriptor";
  EXPECT_EQ(file.file.size, site->hello_html.size());
  EXPECT_EQ(file.response.headers[0].second, "text/html; charset=utf-8");
  EXPECT_EQ(Route(Get("/missing.html"), *site).response.status, 404);
  EXPECT_EQ(Route(Get("/missing.html"), *site).response.body,
            site->not_found_html);
  EXPECT_EQ(Route(Get("/../BUILD"), *site).response.status, 403);
}

TEST(LoadSiteTest, SaysWhichFileIsMissing) {
  std::string error;
  EXPECT_FALSE(LoadSite("no/such/folder", milliseconds(0), &error));
  EXPECT_EQ(error, "cannot read no/such/folder/hello.html");
}

}  // namespace
}  // namespace server
