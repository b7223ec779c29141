// /healthz follows the stopping flag; everything else reaches the routes
// as it was.
#include "server/health.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "http/test_request.h"

namespace server {
namespace {

// Routes that answer 418 to everything, so a passed-on request shows.
Handler Teapot() {
  return {[](const http::Request&) {
            return Reply{http::StatusResponse(418), {}};
          },
          [](const http::Request&) { return false; },
          {}};
}

http::Request Get(std::string_view method, std::string_view target) {
  http::Request request = http::RequestWith(method, {});
  request.target = target;
  return request;
}

TEST(HealthTest, OkWhileServingThen503OnceStopping) {
  std::atomic<bool> stopping{false};
  Handler handler = WithHealthCheck(Teapot(), &stopping);
  Reply serving = handler.answer(Get("GET", "/healthz"));
  EXPECT_EQ(serving.response.status, 200);
  EXPECT_EQ(serving.response.body, "ok\n");
  stopping = true;
  Reply stopped = handler.answer(Get("GET", "/healthz"));
  EXPECT_EQ(stopped.response.status, 503);
  EXPECT_EQ(stopped.response.body, "stopping\n");
  EXPECT_EQ(handler.answer(Get("HEAD", "/healthz?probe=1")).response.status,
            503);
}

TEST(HealthTest, EverythingElseReachesTheRoutes) {
  std::atomic<bool> stopping{false};
  Handler handler = WithHealthCheck(Teapot(), &stopping);
  for (auto [method, target] :
       {std::pair{"GET", "/"}, std::pair{"GET", "/healthz/"},
        std::pair{"GET", "/healthzx"}, std::pair{"POST", "/healthz"},
        std::pair{"GET", "/sub/healthz"}}) {
    EXPECT_EQ(handler.answer(Get(method, target)).response.status, 418)
        << method << " " << target;
  }
  EXPECT_FALSE(handler.reads_body(Get("GET", "/")));  // Passed on too.
}

TEST(HealthTest, OnlyTheHealthCheckIsAnsweredOnTheLoop) {
  std::atomic<bool> stopping{false};
  Handler handler = WithHealthCheck(Teapot(), &stopping);
  EXPECT_TRUE(handler.answers_at_once(Get("GET", "/healthz")));
  EXPECT_TRUE(handler.answers_at_once(Get("HEAD", "/healthz?x")));
  EXPECT_FALSE(handler.answers_at_once(Get("GET", "/")));
  EXPECT_FALSE(handler.answers_at_once(Get("POST", "/healthz")));
}

TEST(HealthTest, FindsAFileTheHealthCheckHides) {
  std::filesystem::path root =
      std::filesystem::path(::testing::TempDir()) / "health_root";
  std::filesystem::create_directories(root);
  EXPECT_FALSE(HasShadowedFile(root.string()));
  std::ofstream(root / "healthz") << "mine";
  EXPECT_TRUE(HasShadowedFile(root.string()));
}

}  // namespace
}  // namespace server
