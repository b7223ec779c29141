// Every flag, its two spellings, and every way to get one wrong.
#include "server/flags.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace server {
namespace {

TEST(ParseFlagsTest, DefaultsAreTheChaptersServer) {
  ParsedFlags parsed = ParseFlags({});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.host, "127.0.0.1");
  EXPECT_EQ(parsed.options.port, 7878);
  EXPECT_EQ(parsed.options.threads, 4u);
  EXPECT_EQ(parsed.options.root, "");
  EXPECT_EQ(parsed.options.sleep_seconds, 5);
  EXPECT_EQ(parsed.options.max_body, 1024u * 1024u);
  EXPECT_EQ(parsed.options.queue, 1024u);
  EXPECT_EQ(parsed.options.max_connections, 16'384u);
  EXPECT_EQ(parsed.options.header_timeout_seconds, 10);
  EXPECT_EQ(parsed.options.idle_timeout_seconds, 30);
  EXPECT_EQ(parsed.options.send_timeout_seconds, 10);
  EXPECT_EQ(parsed.options.access_log, "");
  EXPECT_FALSE(parsed.options.reuse_port);
  EXPECT_EQ(parsed.options.drain_seconds, 0);
  EXPECT_FALSE(parsed.options.help);
}

TEST(ParseFlagsTest, ReadsEveryFlagInBothSpellings) {
  ParsedFlags parsed = ParseFlags({"--host",
                                   "::1",
                                   "--port=0",
                                   "--threads",
                                   "8",
                                   "--root=/srv/www",
                                   "--sleep-seconds",
                                   "1",
                                   "--max-body=0",
                                   "--queue=7",
                                   "--max-connections",
                                   "99",
                                   "--header-timeout=2",
                                   "--idle-timeout",
                                   "3",
                                   "--send-timeout=4",
                                   "--access-log",
                                   "-",
                                   "--reuse-port",
                                   "--drain-seconds=5",
                                   "--help"});
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.options.host, "::1");
  EXPECT_EQ(parsed.options.port, 0);
  EXPECT_EQ(parsed.options.threads, 8u);
  EXPECT_EQ(parsed.options.root, "/srv/www");
  EXPECT_EQ(parsed.options.sleep_seconds, 1);
  EXPECT_EQ(parsed.options.max_body, 0u);
  EXPECT_EQ(parsed.options.queue, 7u);
  EXPECT_EQ(parsed.options.max_connections, 99u);
  EXPECT_EQ(parsed.options.header_timeout_seconds, 2);
  EXPECT_EQ(parsed.options.idle_timeout_seconds, 3);
  EXPECT_EQ(parsed.options.send_timeout_seconds, 4);
  EXPECT_EQ(parsed.options.access_log, "-");
  EXPECT_TRUE(parsed.options.reuse_port);
  EXPECT_EQ(parsed.options.drain_seconds, 5);
  EXPECT_TRUE(parsed.options.help);
}

struct BadFlags {
  std::vector<std::string> args;
  std::string error;
};

class ParseFlagsRejects : public ::testing::TestWithParam<BadFlags> {};

TEST_P(ParseFlagsRejects, WithAClearMessage) {
  EXPECT_EQ(ParseFlags(GetParam().args).error, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseFlagsRejects,
    ::testing::Values(
        BadFlags{{"--verbose"}, "unknown flag: --verbose"},
        BadFlags{{"7878"}, "unknown flag: 7878"},
        BadFlags{{"--port"}, "--port needs a value"},
        BadFlags{{"--port", "http"}, "--port must be a number from 0 to 65535"},
        BadFlags{{"--port=65536"}, "--port must be a number from 0 to 65535"},
        BadFlags{{"--port=-1"}, "--port must be a number from 0 to 65535"},
        BadFlags{{"--port=80x"}, "--port must be a number from 0 to 65535"},
        BadFlags{{"--threads=0"}, "--threads must be a number from 1 to 1024"},
        BadFlags{{"--threads", ""},
                 "--threads must be a number from 1 to 1024"},
        BadFlags{{"--sleep-seconds=1.5"},
                 "--sleep-seconds must be a number from 0 to 3600"},
        BadFlags{{"--max-body", "-1"},
                 "--max-body must be a number from 0 to 1073741824"},
        BadFlags{{"--max-body=1073741825"},
                 "--max-body must be a number from 0 to 1073741824"},
        BadFlags{{"--host="}, "--host must not be empty"},
        BadFlags{{"--root", ""}, "--root must not be empty"},
        BadFlags{{"--access-log="}, "--access-log must not be empty"},
        BadFlags{{"--queue=0"}, "--queue must be a number from 1 to 1000000"},
        BadFlags{{"--max-connections", "lots"},
                 "--max-connections must be a number from 1 to 1000000"},
        BadFlags{{"--header-timeout=0"},
                 "--header-timeout must be a number from 1 to 3600"},
        BadFlags{{"--idle-timeout=-5"},
                 "--idle-timeout must be a number from 1 to 3600"},
        BadFlags{{"--send-timeout", "0"},
                 "--send-timeout must be a number from 1 to 3600"},
        BadFlags{{"--reuse-port=1"}, "--reuse-port takes no value"},
        BadFlags{{"--drain-seconds", "-1"},
                 "--drain-seconds must be a number from 0 to 3600"},
        BadFlags{{"--drain-seconds"}, "--drain-seconds needs a value"},
        BadFlags{{"--bogus=1"}, "unknown flag: --bogus=1"},
        BadFlags{{"--bogus"}, "unknown flag: --bogus"}));

TEST(UsageTest, NamesEveryFlag) {
  std::string usage = Usage("server");
  for (const char* flag :
       {"--host", "--port", "--threads", "--root", "--sleep-seconds", "--queue",
        "--max-connections", "--header-timeout", "--idle-timeout",
        "--send-timeout", "--max-body", "--access-log", "--reuse-port",
        "--drain-seconds", "--help"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

TEST(UsageTest, GivesEachDefaultFromDefaultsH) {
  std::string usage = Usage("server");
  EXPECT_NE(usage.find("(default 1048576)"), std::string::npos) << usage;
  EXPECT_NE(usage.find("(default 16384)"), std::string::npos) << usage;
  EXPECT_NE(usage.find("(default 1024)"), std::string::npos) << usage;
  EXPECT_NE(usage.find("is never cut off (default 10)"), std::string::npos)
      << usage;
  EXPECT_NE(usage.find("next request (default 30)"), std::string::npos)
      << usage;
  EXPECT_NE(usage.find("output (default: none)"), std::string::npos) << usage;
}

}  // namespace
}  // namespace server
