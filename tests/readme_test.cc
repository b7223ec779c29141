// The README's flag list is --help's, word for word: the defaults are
// written once (server/defaults.h), and this test fails when the README
// falls behind a change to a flag or a default.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/server_process.h"

namespace tests {
namespace {

// The lines after `first_line` up to the end of its ``` block.
std::string ReadmeBlockAfter(const std::string& first_line) {
  std::ifstream file("README.md");
  std::stringstream text;
  text << file.rdbuf();
  std::string readme = text.str();
  std::size_t start = readme.find(first_line + "\n");
  if (start == std::string::npos) return "<no line '" + first_line + "'>";
  start += first_line.size() + 1;
  std::size_t end = readme.find("```", start);
  return readme.substr(start, end - start);
}

TEST(ReadmeTest, FlagListIsTheHelpText) {
  std::string help;
  ASSERT_EQ(RunServerToCompletion({"--help"}, &help), 0);
  std::size_t flags = help.find("\nflags:\n");
  ASSERT_NE(flags, std::string::npos) << help;
  std::string help_flags = help.substr(flags + sizeof("\nflags:\n") - 1);
  EXPECT_EQ(ReadmeBlockAfter("./bazelw run //server -- [flags]"), help_flags)
      << "README.md's flag list (section \"The server\") differs from "
         "--help; paste --help's flag lines there.";
}

}  // namespace
}  // namespace tests
