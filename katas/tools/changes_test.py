"""Whether a participant has made a step's change, whether a moved line is
the same line, and whether a hint's answer leads to the next step
(changes.py), on the fixture kata. No compiler needed."""

import os
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import changes  # noqa: E402
from kata import Kata  # noqa: E402
from testing import MINI, temp_dir  # noqa: E402

START, WISH, DECLARE, DEFINE = MINI.steps


def copy(test, step):
    folder = temp_dir(test)
    for name in MINI.sources(step):
        shutil.copyfile(os.path.join(MINI.step_dir(step), name),
                        os.path.join(folder, name))
    return folder


def edit(folder, name, old, new):
    path = os.path.join(folder, name)
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace(old, new))


class ChangeTest(unittest.TestCase):
    def test_a_step_has_made_its_change_and_the_one_before_has_not(self):
        for before, after in zip(MINI.steps, MINI.steps[1:]):
            change = changes.Change(MINI.step_dir(before),
                                    MINI.step_dir(after))
            self.assertEqual(change.made_in(MINI.step_dir(after)), 1.0)
            self.assertEqual(change.made_in(MINI.step_dir(before)), 0.0)

    def test_spacing_comments_and_includes_do_not_count(self):
        folder = copy(self, DECLARE)
        edit(folder, "counter.h", "  void Add(int n);",
             "  void   Add(int n);  // adds n")
        edit(folder, "counter.h", "// A running total.", "// My counter.")
        edit(folder, "main.cc", '#include "counter.h"\n', "")
        edit(folder, "main.cc", "#include <cstdio>",
             '#include <cstdio>\n#include "./counter.h"')
        change = changes.Change(MINI.step_dir(WISH), MINI.step_dir(DECLARE))
        self.assertEqual(change.made_in(folder), 1.0)

    def test_part_of_a_change_is_enough_only_for_an_error(self):
        folder = copy(self, WISH)
        with open(os.path.join(folder, "counter.h"), "w") as f:
            f.write("class Counter {\n public:\n  void Add(int n);\n};\n")
        change = changes.Change(MINI.step_dir(WISH), MINI.step_dir(DECLARE))
        self.assertLess(change.made_in(folder), changes.ENOUGH)
        self.assertFalse(change.is_made_in(folder, builds=True))
        self.assertTrue(change.is_made_in(folder, builds=False))
        self.assertFalse(change.is_made_in(MINI.step_dir(WISH), builds=False))


    def test_following_the_answer_in_ones_own_words_makes_the_change(self):
        # Step 01's answer quotes `void Add(int n);`; the rest of this
        # counter.h is the participant's own, unlike step 02's.
        answer = MINI.answer(WISH)
        self.assertIn("`void Add(int n);`", answer)
        change = changes.Change(MINI.step_dir(WISH), MINI.step_dir(DECLARE))
        own = ("struct Counter {\n  void Add(int n);\n  int Total() const "
               "{ return sum; }\n  int sum = 0;\n};\n")
        folder = copy(self, WISH)
        with open(os.path.join(folder, "counter.h"), "w") as f:
            f.write(own)
        self.assertLess(change.made_in(folder), changes.ENOUGH)
        self.assertTrue(change.is_made_in(folder, True, answer))
        self.assertFalse(change.is_made_in(folder, True, None))
        with open(os.path.join(folder, "counter.h"), "w") as f:
            f.write(own.replace("Add(int n)", "Add(int amount)"))
        self.assertFalse(change.is_made_in(folder, True, answer))


class SameLineTest(unittest.TestCase):
    def test_a_moved_line_is_the_same_line(self):
        folder = copy(self, WISH)
        edit(folder, "main.cc", "// Counts", "// My notes.\n\n// Counts")
        same = changes.same_line(MINI.step_dir(WISH), folder)
        self.assertTrue(same("main.cc", 7, 5))  # Counter counter;
        self.assertFalse(same("main.cc", 5, 5))
        self.assertFalse(same("main.cc", 99, 5))
        self.assertFalse(same("nothing.cc", 5, 5))


class AnswerTest(unittest.TestCase):
    def test_the_fixture_answers_lead_to_the_next_step(self):
        for step in MINI.steps:
            self.assertEqual(changes.answer_gaps(MINI, step), [], step)

    def tampered(self, step, old, new):
        root = temp_dir(self)
        shutil.copytree(MINI.dir, os.path.join(root, "katas", "mini"))
        kata = Kata(root, "mini")
        edit(kata.step_dir(step), "README.md", old, new)
        return kata

    def test_an_answer_with_code_the_next_step_lacks_is_caught(self):
        kata = self.tampered(DECLARE, "total_ += n;", "total_ = total_ + n;")
        self.assertEqual(changes.answer_gaps(kata, DECLARE), [
            "`void Counter::Add(int n) { total_ = total_ + n; }` is not in "
            f"step {DEFINE}'s change"])


if __name__ == "__main__":
    unittest.main()
