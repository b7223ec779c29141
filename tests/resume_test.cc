// "curl -C -" against the real binary: a download cut short, then resumed
// with a Range from where it stopped, comes out byte for byte the file. The
// access log shows both: the first response cut off (fewer bytes than the
// file), the second a 206 of the rest.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "server/test_client.h"
#include "tests/server_process.h"

namespace tests {
namespace {

constexpr std::size_t kFileBytes = 16 << 20;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// The body bytes the access log gives for the response with `status` to
// GET /big.bin, or -1.
long long BytesLoggedFor(const std::string& log, const std::string& status) {
  const std::string before = "\"GET /big.bin HTTP/1.1\" " + status + " ";
  std::size_t at = log.find(before);
  if (at == std::string::npos) return -1;
  return std::atoll(log.c_str() + at + before.size());
}

TEST(ResumeTest, CurlResumesACutDownloadByteIdentically) {
  const std::string tmp = std::getenv("TEST_TMPDIR");
  const std::string log_path = tmp + "/resume_access.log";
  const std::string download = tmp + "/download.bin";
  std::string contents;
  ServerProcess server({"--root", MakeRoot("resume", kFileBytes, &contents),
                        "--access-log", log_path});
  ASSERT_GT(server.port(), 0) << server.log();
  const std::string url =
      "http://127.0.0.1:" + std::to_string(server.port()) + "/big.bin";

  // Cut: at 2 MB/s for a second, curl gets an eighth of the file and quits
  // (exit 28: timed out).
  std::string output;
  EXPECT_EQ(RunToCompletion("curl",
                            {"-s", "--limit-rate", "2M", "--max-time", "1",
                             "-o", download, url},
                            &output),
            28)
      << output;
  const std::size_t cut_at = std::filesystem::file_size(download);
  ASSERT_GT(cut_at, 0u);
  ASSERT_LT(cut_at, kFileBytes) << "not cut: the test proves nothing";

  // Resume: "Range: bytes=<cut_at>-", appended to what is there.
  output.clear();
  EXPECT_EQ(
      RunToCompletion(
          "curl", {"-s", "-C", "-", "-o", download, "-w", "%{http_code}", url},
          &output),
      0)
      << output;
  EXPECT_EQ(output, "206");
  EXPECT_TRUE(ReadFile(download) == contents)
      << "the resumed file differs from the original";

  server.Signal(SIGTERM);
  ASSERT_EQ(server.WaitForExit(std::chrono::seconds(10)), 0) << server.log();
  const std::string log = ReadFile(log_path);
  const long long first = BytesLoggedFor(log, "200");
  EXPECT_GE(first, static_cast<long long>(cut_at)) << log;
  EXPECT_LT(first, static_cast<long long>(kFileBytes)) << log;
  EXPECT_EQ(BytesLoggedFor(log, "206"),
            static_cast<long long>(kFileBytes - cut_at))
      << log;
}

}  // namespace
}  // namespace tests
