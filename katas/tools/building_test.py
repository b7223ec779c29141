"""What the matrix does to build many steps fast (building.py, and
kata_check.transcript's options): a file compiled before is reused only
while its code and what it includes are unchanged, and a build can stop at
its first failing file. The compiler is a stand-in script that logs its
calls; no real compiler runs."""

import os
import stat
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import building  # noqa: E402
import kata_check  # noqa: E402
from testing import temp_dir  # noqa: E402

# Says it is g++; fails on a file whose name starts with "bad", else writes
# the object; every call is logged.
FAKE_GXX = """#!/bin/sh
[ "$1" = --version ] && { echo "g++ (stand-in) 12"; exit 0; }
for a; do last="$a"; done
echo "$last" >> "{log}"
case "$last" in
  bad*) echo "$last:1:1: error: bad"; exit 1 ;;
  *.cc) : > "$(basename "$last" .cc).o" ;;
  *) : > a.out ;;
esac
"""


def write(folder, name, text):
    with open(os.path.join(folder, name), "w") as f:
        f.write(text)


class Env:
    includes, libs, main_libs, headers = [], [], [], []


class TranscriptTest(unittest.TestCase):
    def setUp(self):
        self.dir = temp_dir(self)
        self.log = os.path.join(self.dir, "calls")
        self.cxx = os.path.join(self.dir, "fake-g++")
        write(self.dir, "fake-g++", FAKE_GXX.replace("{log}", self.log))
        os.chmod(self.cxx, os.stat(self.cxx).st_mode | stat.S_IXUSR)
        self.step = os.path.join(self.dir, "step")
        os.makedirs(self.step)
        write(self.step, "a.h", "int A();\n")
        write(self.step, "b.h", "int B();\n")
        write(self.step, "main.cc", '#include "a.h"\nint main() {}\n')
        write(self.step, "other.cc", '#include "b.h"\n')

    def build(self, objects=None, first_failure_only=False):
        with open(self.log, "a"):
            pass
        before = len(kata_check.read_lines(self.log))
        text, _ = kata_check.transcript(
            self.step, "katas/k/00_s", self.cxx, Env(), objects=objects,
            first_failure_only=first_failure_only)
        compiled = [line for line in kata_check.read_lines(self.log)[before:]
                    if line.endswith(".cc")]
        return text, compiled

    def test_an_unchanged_file_is_not_compiled_again(self):
        objects = building.ObjectCache(os.path.join(self.dir, "objects"))
        first, compiled = self.build(objects)
        self.assertEqual(compiled, ["main.cc", "other.cc"])
        again, compiled = self.build(objects)
        self.assertEqual(compiled, [])
        self.assertEqual(again, first)
        self.assertTrue(first.endswith("outcome: success\n"), first)

    def test_a_changed_include_compiles_only_the_files_that_include_it(self):
        objects = building.ObjectCache(os.path.join(self.dir, "objects"))
        self.build(objects)
        write(self.step, "b.h", "int B(int);\n")
        self.assertEqual(self.build(objects)[1], ["other.cc"])

    def test_a_failure_is_kept_with_its_output(self):
        objects = building.ObjectCache(os.path.join(self.dir, "objects"))
        write(self.step, "bad.cc", "nope\n")
        first, _ = self.build(objects)
        again, compiled = self.build(objects)
        self.assertEqual(compiled, [])
        self.assertEqual(again, first)
        self.assertIn("bad.cc:1:1: error: bad", again)
        self.assertTrue(again.endswith("outcome: compile-error\n"), again)

    def test_all_files_are_compiled_unless_told_to_stop_at_a_failure(self):
        write(self.step, "bad.cc", "nope\n")
        self.assertEqual(self.build()[1], ["bad.cc", "main.cc", "other.cc"])
        text, compiled = self.build(first_failure_only=True)
        self.assertEqual(compiled, ["bad.cc"])
        self.assertTrue(text.endswith("error: bad\noutcome: compile-error\n"),
                        text)


if __name__ == "__main__":
    unittest.main()
