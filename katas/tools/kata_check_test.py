"""Unit tests of kata_check.py's pure parts: normalization, the README diff
block, and naming the C++ driver. (The compile-and-compare path is covered
by //katas:checker_test and every step test.)"""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kata_check  # noqa: E402


class Env:
    libs = ["/x/bazel-out/bin/external/gt/libgtest.a"]
    main_libs = ["/x/bazel-out/bin/external/gt/libgtest_main.a"]


class NormalizeTest(unittest.TestCase):
    def norm(self, text, scratch="/tmp/kata_abc123"):
        return kata_check.normalize(text, scratch, Env())

    def test_scratch_folder_is_removed(self):
        self.assertEqual(
            self.norm("/tmp/kata_abc123/katas/k/01_x/main.cc:3:1: error: e"),
            "katas/k/01_x/main.cc:3:1: error: e")

    def test_gtest_headers_read_as_installed(self):
        self.assertEqual(
            self.norm("In file included from /r/com_google_googletest/"
                      "googletest/include/gtest/gtest.h:66,"),
            "In file included from /usr/include/gtest/gtest.h:66,")

    def test_clang_libstdcxx_path_is_resolved(self):
        self.assertEqual(
            self.norm("In file included from /usr/bin/../lib/gcc/"
                      "x86_64-linux-gnu/12/../../../../include/c++/12/"
                      "functional:59:"),
            "In file included from /usr/include/c++/12/functional:59:")

    def test_relative_paths_keep_their_dots(self):
        line = "In file included from ../../../pool/executor_contract.h:1:"
        self.assertEqual(self.norm(line), line)

    def test_libraries_colours_temporaries_and_trailing_spaces(self):
        self.assertEqual(
            self.norm("\x1b[01;31merror\x1b[m: in /x/bazel-out/bin/external/"
                      "gt/libgtest.a(x.o) /tmp/ccAb12Cd.o   \n"),
            "error: in libgtest.a(x.o) /tmp/XXXX.o")


class DiffBlockTest(unittest.TestCase):
    def step(self, root, name, files):
        d = os.path.join(root, name)
        os.makedirs(d)
        for n, text in files.items():
            with open(os.path.join(d, n), "w") as f:
                f.write(text)
        return d

    def test_first_step(self):
        with tempfile.TemporaryDirectory() as root:
            d = self.step(root, "00_a", {"main.cc": "int main() {}\n"})
            self.assertEqual(kata_check.diff_block(None, d),
                             "First step: nothing to compare with.\n")

    def test_changed_added_and_removed_files(self):
        with tempfile.TemporaryDirectory() as root:
            a = self.step(root, "00_a", {"main.cc": "a\nb\n", "old.h": "x\n",
                                         "README.md": "ignored\n"})
            b = self.step(root, "01_b", {"main.cc": "a\nc\n", "new.h": "y\n"})
            self.assertEqual(kata_check.diff_block(a, b), "\n".join([
                "Removed: `00_a/old.h`.",
                "```diff",
                "--- 00_a/main.cc", "+++ 01_b/main.cc", "@@ -1,2 +1,2 @@",
                " a", "-b", "+c",
                "--- /dev/null", "+++ 01_b/new.h", "@@ -0,0 +1 @@", "+y",
                "```", ""]))

    def test_readme_block_is_replaced_between_markers(self):
        readme = "# T\n<!-- diff:begin -->\nstale\n<!-- diff:end -->\nend\n"
        self.assertEqual(
            kata_check.readme_with_diff(readme, "new\n"),
            "# T\n<!-- diff:begin -->\nnew\n<!-- diff:end -->\nend\n")
        self.assertIsNone(kata_check.readme_with_diff("# T\n", "new\n"))


class CxxForTest(unittest.TestCase):
    def test_c_driver_maps_to_cxx_driver(self):
        self.assertEqual(kata_check.cxx_for("/usr/bin/gcc"), "/usr/bin/g++")
        self.assertEqual(kata_check.cxx_for("/usr/bin/clang"),
                         "/usr/bin/clang++")
        self.assertEqual(kata_check.cxx_for("/usr/bin/clang++"),
                         "/usr/bin/clang++")
        self.assertEqual(kata_check.cxx_for("/usr/bin/gcc-12"),
                         "/usr/bin/g++-12")
        self.assertEqual(kata_check.cxx_for("clang-14"), "clang++-14")
        self.assertEqual(kata_check.cxx_for("/usr/bin/x86_64-linux-gnu-gcc"),
                         "/usr/bin/x86_64-linux-gnu-g++")


if __name__ == "__main__":
    unittest.main()
