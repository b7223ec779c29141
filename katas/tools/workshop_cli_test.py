"""The runner's commands that compile nothing (list, start, show, hint),
on the fixture kata, as a participant types them. Compilers are stand-in
scripts; //katas:workshop_test plays a real kata with a real one."""

import json
import os
import re
import subprocess
import sys
import unittest

from testing import FIXTURES, HERE, MINI, fake_compiler, temp_dir

RUNNER = os.path.join(HERE, "workshop.py")


class Participant:
    def __init__(self, test):
        self.home = temp_dir(test)
        self.dir = os.path.join(self.home, "kata")
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("BUILD_")}
        self.env.update(HOME=self.home, XDG_STATE_HOME="",
                        XDG_CACHE_HOME=os.path.join(self.home, "cache"))
        self.gcc12 = fake_compiler(self.home)

    def run(self, *words):
        p = subprocess.run([sys.executable, RUNNER, "--root", FIXTURES] +
                           list(words), cwd=self.home, env=self.env,
                           capture_output=True, text=True)
        return p.returncode, p.stdout + p.stderr

    def start(self):
        rc, out = self.run("start", "mini", self.dir, "--compiler",
                           self.gcc12)
        assert rc == 0, out
        return self

    def at(self, step):
        path = os.path.join(self.dir, ".kata-progress.json")
        with open(path) as f:
            data = json.load(f)
        data["step"] = step
        with open(path, "w") as f:
            json.dump(data, f)


class ListTest(unittest.TestCase):
    def test_long_step_names_stay_aligned(self):
        p = Participant(self).start()
        rc, out = p.run("list")
        self.assertEqual(rc, 0, out)
        rows = [line for line in out.splitlines()
                if re.match(r"^(->| ) ?\s*\d\d_", line)]
        self.assertEqual(len(rows), len(MINI.steps), out)
        # The outcome column starts at the same place on every row, also
        # after the 37-character name of step 03.
        starts = {re.search(r"(compile error|link error|compiles|tests "
                            r"pass)", row).start() for row in rows}
        self.assertEqual(len(starts), 1, out)
        self.assertIn("-> 00_count_arguments", out)
        self.assertIn("03_define_add_and_the_counter_counts compiles", out)
        self.assertTrue(all(len(line) <= 80 for line in out.splitlines()))


class ShowTest(unittest.TestCase):
    def test_show_prints_no_markers_nor_hints(self):
        p = Participant(self).start()
        for step in ("1", "2"):
            rc, out = p.run("show", step, "--dir", p.dir)
            self.assertEqual(rc, 0, out)
            self.assertNotIn("<!--", out)
            self.assertNotIn("diff:begin", out)
            self.assertNotIn("nudge", out)
            self.assertNotIn(MINI.answer(MINI.find(step))[:20], out)
            self.assertIn("```diff", out)
        self.assertIn("+++ 02_declare_the_counter/counter.h", out)


class HintTest(unittest.TestCase):
    def test_a_nudge_first_then_the_answer(self):
        p = Participant(self).start()
        p.at("01_wish_for_a_counter")
        rc, out = p.run("hint", "--dir", p.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("The compiler does not know the name.", out)
        self.assertNotIn("counter.h", out)
        self.assertIn("`hint` again for the answer", out)
        rc, out = p.run("hint", "--dir", p.dir)
        self.assertIn("Answer: Declare `class Counter` in `counter.h`", out)
        self.assertNotIn("The compiler does not know", out)

    def test_hint_answer_at_once(self):
        p = Participant(self).start()
        p.at("02_declare_the_counter")
        rc, out = p.run("hint", "--answer", "--dir", p.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("Answer: Define it in a new `counter.cc`", out)

    def test_a_step_without_a_nudge_gives_its_why(self):
        p = Participant(self).start()
        rc, out = p.run("hint", "--dir", p.dir)
        self.assertIn("wish for a `Counter`", out)


class CompilerTest(unittest.TestCase):
    def test_start_names_an_unsupported_compiler(self):
        p = Participant(self)
        for args, says in (
                (("gcc", 10, "libstdc++", 10), "GCC 10 with libstdc++ 10: "
                 "too old"),
                (("clang", 12, "libstdc++", 12), "Clang 12 with libstdc++ "
                 "12: too old")):
            rc, out = p.run("start", "mini", p.dir, "--compiler",
                            fake_compiler(p.home, *args))
            self.assertEqual(rc, 2, out)
            self.assertIn(says, out)
            self.assertIn("GCC 11 or 12; Clang 13, 14, 15, 16 or 19", " "
                          .join(out.split()))
            self.assertIn("apt-get install g++-12", out)
            self.assertFalse(os.path.exists(p.dir))
        rc, out = p.run("start", "mini", p.dir, "--compiler", "no-such-c++")
        self.assertEqual(rc, 2, out)
        self.assertIn("no-such-c++ is not a compiler the katas know", out)
        self.assertIn("Clang 16 or 19 with libc++", " ".join(out.split()))
        self.assertIn("apt-get install g++-12", out)
        self.assertFalse(os.path.exists(p.dir))

    def test_a_command_with_flags_is_one_compiler(self):
        p = Participant(self)
        libcxx = fake_compiler(p.home, "clang", 19, "libc++", 19)
        rc, out = p.run("start", "mini", p.dir, "--compiler",
                        f"{libcxx} -stdlib=libc++")
        self.assertEqual(rc, 0, out)
        self.assertIn("(Clang 19 with libc++ 19)", out)
        with open(os.path.join(p.dir, "Makefile")) as f:
            self.assertIn(f"CXX = {libcxx} -stdlib=libc++\n", f.read())

    def test_apple_clang_is_accepted(self):
        p = Participant(self)
        apple = fake_compiler(p.home, "clang", 15, "libc++", 16, apple=True)
        rc, out = p.run("start", "mini", p.dir, "--compiler", apple)
        self.assertEqual(rc, 0, out)
        self.assertIn("Apple clang with libc++ 16", out)

    def test_a_newer_compiler_is_untested_not_refused(self):
        p = Participant(self)
        rc, out = p.run("start", "mini", p.dir, "--compiler",
                        fake_compiler(p.home, "gcc", 14, "libstdc++", 14))
        self.assertEqual(rc, 0, out)
        self.assertIn("not been tried with", " ".join(out.split()))


if __name__ == "__main__":
    unittest.main()
