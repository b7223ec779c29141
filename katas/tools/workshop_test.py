"""Plays a participant through the thread_pool kata with the workshop runner.

Run by //katas:workshop_test with the runner's own arguments (GoogleTest
from runfiles, the toolchain's compiler), which it passes on to every
workshop.py it starts. Each step's snapshot is copied into the participant's
folder in turn and `check` must move to that step; an edit the kata does not
expect must be flagged; then the other commands, bad arguments, resuming,
and a compiler given with flags (libc++, GoogleTest built for it).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "workshop.py")
ARGS = sys.argv[1:]  # the rule's arguments for the runner
ROOT = ARGS[ARGS.index("--root") + 1] if "--root" in ARGS else \
    os.path.dirname(os.path.dirname(HERE))
KATA = os.path.join(ROOT, "katas", "thread_pool")
STEPS = sorted(s for s in os.listdir(KATA) if s[:2].isdigit())
sys.path.insert(0, HERE)
import kata_check  # noqa: E402
import toolchain  # noqa: E402
from kata import Kata  # noqa: E402

THREAD_POOL = Kata(ROOT, "thread_pool")


def toolchain_compiler():
    """The compiler the runner uses by default here (the toolchain's)."""
    # The rule passes --toolchain-cc=PATH and --toolchain-cxxflag=FLAG.
    cc = next((a.split("=", 1)[1] for a in ARGS
               if a.startswith("--toolchain-cc=")), None)
    flags = [a.split("=", 1)[1] for a in ARGS
             if a.startswith("--toolchain-cxxflag=")]
    return toolchain.identify([kata_check.cxx_for(cc)] + flags if cc
                              else "g++")


COMPILER = toolchain_compiler()


class Participant:
    """A home folder, and the runner as a participant would type it."""

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="home_",
                                     dir=os.environ.get("TEST_TMPDIR"))
        self.dir = os.path.join(self.home, "kata")
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("BUILD_")}
        self.env.update(HOME=self.home, XDG_STATE_HOME="",
                        XDG_CACHE_HOME=os.path.join(self.home, ".cache"))

    def argv(self, *words):
        return [sys.executable, RUNNER] + ARGS + list(words)

    def run(self, *words, cwd=None):
        p = subprocess.run(self.argv(*words), cwd=cwd or self.home,
                           env=self.env, capture_output=True, text=True)
        return p.returncode, p.stdout + p.stderr

    def use(self, step):
        """Replaces the code with a step's snapshot, as an editor saves it
        (whole files at once, so `watch` never sees half of one)."""
        new = [n for n in os.listdir(os.path.join(KATA, step))
               if n.endswith((".h", ".cc"))]
        for n in new:
            tmp = os.path.join(self.dir, ".tmp_" + n)
            shutil.copyfile(os.path.join(KATA, step, n), tmp)
            os.replace(tmp, os.path.join(self.dir, n))
        for n in os.listdir(self.dir):
            if n.endswith((".h", ".cc")) and n not in new:
                os.remove(os.path.join(self.dir, n))

    def go_to(self, step):
        """Progress at `step`, with its code: as after following the kata
        (`next` until there)."""
        for _ in range(STEPS.index(step)):
            rc, out = self.run("next", "--dir", self.dir)
            assert rc == 0, out

    def source(self, name):
        with open(os.path.join(self.dir, name), encoding="utf-8") as f:
            return f.read()


def started():
    p = Participant()
    rc, out = p.run("start", "thread_pool", p.dir)
    assert rc == 0, out
    return p


class WalkThroughTest(unittest.TestCase):
    def test_every_step_is_recognized(self):
        p = started()
        for step in STEPS:
            p.use(step)
            rc, out = p.run("check", "--dir", p.dir)
            name = f"step {step[:2]} ({step[3:]})"
            compiles = not os.path.exists(os.path.join(KATA, step,
                                                       "expect.txt"))
            if step != STEPS[0]:
                self.assertIn(f"now at {name}: you have made its change",
                              " ".join(out.split()))
            if not compiles:
                self.assertIn("as expected — this error drives", out, step)
                self.assertIn(f"it is the error of {name}.", out)
            elif step == STEPS[-1]:
                self.assertRegex(out, r"it compiles — tests: passed \(\d+ "
                                 r"tests\)")
                self.assertIn("the kata is done", out)
            else:
                self.assertIn("it compiles — tests: none in this step", out)
                self.assertIn(f"This is {name}", out)
            self.assertEqual(rc, 0, out)
            self.assertTrue(all(len(l) <= 80 for l in
                                out.split("-" * 80)[-1].splitlines()), out)

    def test_an_unexpected_error_is_flagged(self):
        p = started()
        p.go_to("03_constructor")
        code = p.source("main.cc")
        with open(os.path.join(p.dir, "main.cc"), "w") as f:
            f.write("int broken() { return undeclared_name; }\n" + code)
        rc, out = p.run("check", "--dir", p.dir)
        self.assertEqual(rc, 1, out)
        self.assertIn("not expected: the compiler said something the kata "
                      "does not expect", out)
        self.assertIn("'undeclared_name' was not declared" if "$ g++ " in out
                      else "undeclared identifier 'undeclared_name'", out)
        # The code differs from step 03's: it is heading for step 04.
        self.assertIn(f"Step {STEPS[4][:2]} ({STEPS[4][3:]}) expects", out)
        self.assertIn("the first error is not about", out)
        verdict = out.split("-" * 80)[-1]
        self.assertTrue(all(len(l) <= 80 for l in verdict.splitlines()),
                        verdict)

    def test_a_later_extra_error_is_noted(self):
        p = started()
        p.go_to("03_constructor")
        with open(os.path.join(p.dir, "main.cc"), "a") as f:
            f.write("int broken() { return undeclared_name; }\n")
        rc, out = p.run("check", "-q", "--dir", p.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("it is the error of step 03 (constructor)", out)
        if COMPILER.is_reference:  # a recording to compare with
            self.assertIn("The compiler also said something", out)
            self.assertIn("undeclared_name", out)

    def test_moved_lines_are_still_as_expected(self):
        p = started()
        p.go_to("01_use_a_pool")
        code = p.source("main.cc")
        with open(os.path.join(p.dir, "main.cc"), "w") as f:
            f.write("// my notes\n" + code)
        rc, out = p.run("check", "-q", "--dir", p.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("it is the error of step 01 (use_a_pool)", out)
        if COMPILER.is_reference:
            self.assertIn("your line numbers differ", out)


class CommandsTest(unittest.TestCase):
    def test_next_and_reset_move_the_code(self):
        p = started()
        rc, out = p.run("next", "--dir", p.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("ThreadPool pool(4)", p.source("main.cc"))
        with open(os.path.join(p.dir, "main.cc"), "w") as f:
            f.write("mine\n")
        rc, out = p.run("reset", "--dir", p.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("ThreadPool pool(4)", p.source("main.cc"))
        self.assertIn(".kata/backup", out)

    def test_progress_survives_between_runs(self):
        p = started()
        p.run("next", "--dir", p.dir)
        p.run("next", "--dir", p.dir)
        # A new shell in the folder, and one anywhere (the last folder used).
        for cwd in (p.dir, p.home):
            rc, out = p.run("hint", cwd=cwd)
            self.assertEqual(rc, 0, out)
            self.assertIn("Step 02 (declare_the_class)", out)
        rc, out = p.run("check", "-q", "--compiler", "clang++", cwd=p.dir)
        self.assertIn("it is the error of step 02", out)
        with open(os.path.join(p.dir, ".kata-progress.json")) as f:
            self.assertIn('"compiler": "clang++"', f.read())
        with open(os.path.join(p.dir, "Makefile")) as f:
            self.assertIn("CXX = clang++", f.read())

    def test_show_hint_list(self):
        p = started()
        rc, out = p.run("show", "3", "--dir", p.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("# 03 — A constructor", out)
        self.assertIn("+++ 03_constructor/thread_pool.h", out)
        rc, out = p.run("hint", "--dir", p.dir)
        self.assertEqual(rc, 0, out)
        first = THREAD_POOL.nudge(STEPS[0]) or THREAD_POOL.why(STEPS[0])[0]
        self.assertIn(" ".join(first.split()[:8]), " ".join(out.split()))
        answer = THREAD_POOL.answer(STEPS[0])
        if answer:
            self.assertNotIn(" ".join(answer.split()), " ".join(out.split()))
            rc, out = p.run("hint", "--dir", p.dir)
            self.assertIn("Answer: " + " ".join(answer.split()[:6]),
                          " ".join(out.split()))
        self.assertNotIn("<!--", out)
        rc, out = p.run("list")
        self.assertEqual(rc, 0, out)
        self.assertIn("-> 00_single_threaded", out)
        for step in STEPS:
            self.assertRegex(out, r"\n(->|  ) " + step +
                             r" +(compile error|link error|compiles|"
                             r"tests pass) ")
        self.assertTrue(all(len(l) <= 80 for l in out.splitlines()), out)

    def test_help_and_bad_arguments(self):
        p = Participant()
        for cmd in ([], ["list"], ["start"], ["check"], ["hint"], ["show"],
                    ["reset"], ["next"], ["watch"]):
            rc, out = p.run(*cmd, "--help")
            self.assertEqual(rc, 0, (cmd, out))
            self.assertIn("usage:", out)
        for bad in ([], ["frobnicate"], ["start"], ["start", "no_such_kata"],
                    ["check", "--no-such-flag"], ["show", "1", "2"],
                    ["check"]):  # no kata started yet
            rc, out = p.run(*bad)
            self.assertEqual(rc, 2, (bad, out))
            self.assertIn("usage:", out)
        p = started()
        rc, out = p.run("show", "99", "--dir", p.dir)
        self.assertEqual(rc, 2, out)

    def test_watch_checks_again_after_a_save(self):
        p = started()
        proc = subprocess.Popen(
            p.argv("watch", "-q", "--dir", p.dir, "--interval", "0.2"),
            env=p.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,  # Ctrl-C as in a terminal, even if ignored here
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        seen = ""

        def read_until(text):
            nonlocal seen
            while text not in seen:
                line = proc.stdout.readline()
                self.assertTrue(line, seen)
                seen += line
        try:
            read_until("it compiles")
            time.sleep(0.3)
            p.use("01_use_a_pool")
            read_until("it is the error of step 01")
            self.assertIn("now at step 01 (use_a_pool): you have made its",
                          seen)
        finally:
            proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, seen + rest)
        self.assertIn("stopped watching", rest)
        self.assertTrue(all(len(l) <= 80 for l in seen.splitlines()
                            if p.dir not in l), seen)


class CompilerWithFlagsTest(unittest.TestCase):
    """A libc++ compiler cannot link a GoogleTest built for libstdc++ (the
    toolchain's): the runner builds one for it, once, and says where."""

    LIBCXX = "clang++ -stdlib=libc++"

    def test_a_libcxx_compiler_gets_its_own_googletest(self):
        if COMPILER.stdlib == "libc++":
            self.skipTest("the toolchain itself uses libc++ here")
        if toolchain.identify(self.LIBCXX).support()[0] == "unsupported":
            self.skipTest("no libc++ for clang++ on this machine")
        p = Participant()
        rc, out = p.run("start", "thread_pool", p.dir, "--compiler",
                        self.LIBCXX)
        self.assertEqual(rc, 0, out)
        self.assertIn("with libc++", out)
        for _ in STEPS[1:]:
            p.run("next", "--dir", p.dir)  # to the last step, a test step
        cache = os.path.join(p.home, ".cache", "kata-workshop", "googletest")
        rc, first = p.run("check", "-q", "--dir", p.dir)
        self.assertEqual(rc, 0, first)
        self.assertIn("GoogleTest: building it from", first)
        self.assertIn("it is kept in " + cache, " ".join(first.split()))
        self.assertRegex(first, r"it compiles — tests: passed")
        rc, again = p.run("check", "-q", "--dir", p.dir)
        self.assertEqual(rc, 0, again)
        self.assertNotIn("GoogleTest: building", again)
        self.assertRegex(again, r"it compiles — tests: passed")
        with open(os.path.join(p.dir, "Makefile")) as f:
            self.assertIn("-L" + cache, f.read())

if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
