"""matrix.py on the fixture kata with the system's g++: the table counts
each verdict, and a step that gets another verdict fails the run and is
shown in full."""

import contextlib
import io
import os
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import matrix  # noqa: E402
from testing import FIXTURES, temp_dir  # noqa: E402


class MatrixTest(unittest.TestCase):
    def run_matrix(self, root):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = matrix.main(["--root", root, "--toolchain", "g++",
                              "--jobs", "2", "--cache-dir", temp_dir(self)])
        return rc, out.getvalue(), err.getvalue()

    def test_every_step_as_expected_or_compiling(self):
        rc, out, err = self.run_matrix(FIXTURES)
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"\| `g\+\+` \| GCC \d+ with libstdc\+\+ \d+ "
                         r"\| 2 \| 2 \| 0 \| 4 \|")
        self.assertIn("1 toolchains x 4 steps", out)
        self.assertIn("kata_matrix: g++: 4 steps, 0 with another verdict",
                      err)

    def test_another_verdict_fails_the_run(self):
        root = temp_dir(self)
        shutil.copytree(os.path.join(FIXTURES, "katas"),
                        os.path.join(root, "katas"))
        path = os.path.join(root, "katas", "mini", "01_wish_for_a_counter",
                            "expect.txt")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("at: main.cc:5", "at: main.cc:6"))
        rc, out, _ = self.run_matrix(root)
        self.assertEqual(rc, 1, out)
        self.assertRegex(out, r"\| 1 \| 2 \| 1 \| 4 \|")
        self.assertIn("== g++: mini/01_wish_for_a_counter: not-expected", out)
        self.assertIn("the first error is not about main.cc:6", out)


if __name__ == "__main__":
    unittest.main()
