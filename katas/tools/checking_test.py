"""The verdict of `check` (checking.py) on the fixture kata: which step a
build is compared with, when progress moves, what is printed. Builds are
replayed recordings and the compiler is a stand-in script, so no compiler
runs here."""

import io
import os
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checking  # noqa: E402
import progress  # noqa: E402
import toolchain  # noqa: E402
from testing import (MINI, ReplayBuilder, fake_compiler, real_katas,  # noqa
                     recording, temp_dir)

START, WISH, DECLARE, DEFINE = MINI.steps
GCC12 = toolchain.Compiler(["g++"], "gcc", 12, False, "libstdc++", 12)
CLANG19 = toolchain.Compiler(["clang++-19"], "clang", 19, False, "libc++", 19)


def participant(test, step, edit=None):
    """A folder holding `step`'s code, edited by `edit(folder)`."""
    folder = temp_dir(test)
    for name in MINI.sources(step):
        shutil.copyfile(os.path.join(MINI.step_dir(step), name),
                        os.path.join(folder, name))
    if edit:
        edit(folder)
    return folder


def rewrite(name, old, new):
    def edit(folder):
        path = os.path.join(folder, name)
        with open(path) as f:
            text = f.read()
        assert old in text, (old, text)
        with open(path, "w") as f:
            f.write(text.replace(old, new))
    return edit


class JudgeTest(unittest.TestCase):
    def judge(self, current, folder, got, compiler=GCC12, tests_ok=True):
        return checking.judge(MINI, current, folder, got, tests_ok, compiler)

    def test_own_code_gets_its_own_expectation(self):
        for step in MINI.steps:
            for compiler in (GCC12, CLANG19):
                v = self.judge(step, participant(self, step),
                               recording(MINI, step, compiler.family),
                               compiler)
                self.assertTrue(v.ok, (step, v.lines))
                self.assertEqual((v.step, v.moved), (step, False))

    def test_making_the_next_change_moves_on_one_step(self):
        v = self.judge(WISH, participant(self, DECLARE),
                       recording(MINI, DECLARE, "gcc"))
        self.assertEqual((v.kind, v.step, v.moved),
                         ("as-expected", DECLARE, True))
        self.assertEqual("now at step 02 (declare_the_counter): you have "
                         "made its change", v.lines[0])
        self.assertIn("as expected — this error drives step 03", v.lines[1])

    def test_progress_never_jumps_past_unmade_changes(self):
        # At step 01 the participant makes the code compile their own way
        # (no Counter at all): step 03 also compiles, but its changes are
        # not made, so progress stays at 01 and step 03 is never named.
        folder = participant(self, WISH, rewrite(
            "main.cc", "  Counter counter;\n  for (int i = 1; i < argc; ++i) "
            "counter.Add(1);\n  std::printf(\"%d\\n\", counter.Total());",
            "  std::printf(\"%d\\n\", argc - 1);"))
        v = self.judge(WISH, folder, recording(MINI, DEFINE, "gcc"))
        self.assertEqual((v.kind, v.step, v.moved),
                         ("not-expected", WISH, False))
        self.assertNotIn("03", "\n".join(v.lines))
        self.assertNotIn("define_add", "\n".join(v.lines))

    def test_a_build_like_the_next_steps_without_its_change_stays(self):
        # The link error of step 02, but from code without step 02's header.
        folder = participant(self, WISH, rewrite(
            "main.cc", "#include <cstdio>", "#include <cstdio>\n"
            "struct Counter { void Add(int); int Total() { return 0; } };"))
        v = self.judge(WISH, folder, recording(MINI, DECLARE, "gcc"))
        self.assertEqual((v.kind, v.step), ("not-expected", WISH))
        self.assertIn("your code does not have that step's change",
                      " ".join(" ".join(v.lines).split()))

    def test_only_the_current_and_next_step_are_compared(self):
        # At step 03 the participant brings back step 01's error: that step
        # is behind them, so the error is not "as expected".
        folder = participant(self, DEFINE, rewrite(
            "main.cc", '#include "counter.h"\n', ""))
        v = self.judge(DEFINE, folder, recording(MINI, WISH, "gcc"))
        self.assertEqual((v.kind, v.step), ("not-expected", DEFINE))
        self.assertIn("Step 03 (define_add_and_the_counter_counts) expects it "
                      "compiles", "\n".join(v.lines))
        self.assertIn("'Counter' was not declared", "\n".join(v.lines))

    def test_an_included_from_line_is_not_the_error(self):
        got = recording(MINI, WISH, "gcc").replace(
            "main.cc: In function", "In file included from /usr/include/c++/"
            "12/system_error:41,\n                 from main.cc:2:\n"
            "main.cc: In function")
        v = self.judge(WISH, participant(self, WISH), got)
        self.assertEqual(v.kind, "as-expected", v.lines)

    def test_link_offsets_are_never_line_numbers(self):
        got = recording(MINI, DECLARE, "gcc").replace("(.text+0x2c)",
                                                      "(.text+0x9a0)")
        v = self.judge(DECLARE, participant(self, DECLARE), got)
        self.assertEqual(v.kind, "as-expected")
        self.assertNotIn("line numbers", "\n".join(v.lines))

    def test_moved_lines_are_named_with_a_reference_compiler(self):
        folder = participant(self, WISH, rewrite("main.cc", "// Counts",
                                                 "// notes\n// Counts"))
        got = recording(MINI, WISH, "gcc").replace("main.cc:5:3:",
                                                   "main.cc:6:3:")
        self.assertIn("your line numbers differ",
                      self.judge(WISH, folder, got).lines[1])

    def test_other_compilers_are_judged_by_the_expectation_alone(self):
        got = recording(MINI, WISH, "clang").replace(
            "unknown type name 'Counter'",
            "unknown type name 'Counter'; did you mean 'Countr'?")
        v = self.judge(WISH, participant(self, WISH), got, CLANG19)
        self.assertEqual(v.kind, "as-expected")
        self.assertEqual(v.lines[1], "it is the error of step 01 "
                                     "(wish_for_a_counter).")

    def test_failing_tests_are_not_it_compiles(self):
        v = self.judge(START, participant(self, START),
                       recording(MINI, START, "gcc"), tests_ok=False)
        self.assertEqual(v.kind, "tests-failed")


class CheckTest(unittest.TestCase):
    """checking.check as the `check` command runs it."""

    def start(self, step, compiler):
        folder = participant(self, step)
        p = progress.Progress(folder)
        p.kata, p.step, p.compiler = MINI.name, step, compiler
        p.save()
        return folder, p

    def check(self, kata, step, quiet, got):
        folder = participant(self, step) if kata is MINI else None
        if folder is None:
            folder = temp_dir(self)
            for name in kata.sources(step):
                shutil.copyfile(os.path.join(kata.step_dir(step), name),
                                os.path.join(folder, name))
        p = progress.Progress(folder)
        p.kata, p.step = kata.name, step
        p.compiler = fake_compiler(temp_dir(self))
        out = io.StringIO()
        verdict = checking.check(folder, p, kata, ReplayBuilder(got),
                                 quiet=quiet, out=out)
        return verdict, out.getvalue()

    def test_check_never_prints_an_answer(self):
        katas = [MINI] + real_katas()
        answered = 0
        for kata in katas:
            for step in kata.steps:
                answer = kata.answer(step)
                if not answer:
                    continue
                answered += 1
                got = recording(kata, step, "gcc")
                for quiet in (False, True):
                    _, out = self.check(kata, step, quiet, got)
                    self.assertNotIn(answer, " ".join(out.split()))
                    self.assertIn("`hint`", out)
        self.assertGreaterEqual(answered, 2)

    def test_check_names_an_unsupported_compiler_instead_of_a_verdict(self):
        folder, p = self.start(WISH, fake_compiler(temp_dir(self), "gcc", 10,
                                                   stdlib_major=10))
        with self.assertRaises(checking.UsageError) as cm:
            checking.check(folder, p, MINI, ReplayBuilder("never built"),
                           out=io.StringIO())
        message = str(cm.exception)
        self.assertIn("GCC 10 with libstdc++ 10: too old", message)
        self.assertIn("GCC 11 or 12", message)
        self.assertIn("apt-get install g++-12", message)

    def test_progress_is_saved(self):
        folder, p = self.start(WISH, fake_compiler(temp_dir(self)))
        v = checking.check(folder, p, MINI,
                           ReplayBuilder(recording(MINI, WISH, "gcc")),
                           out=io.StringIO())
        self.assertEqual(v.kind, "as-expected")
        saved = progress.Progress(folder)
        self.assertEqual((saved.step, saved.last),
                         (WISH, "as expected — this error drives step 02 "
                          "(declare_the_counter)"))


if __name__ == "__main__":
    unittest.main()
