"""Every real kata's steps against the contract the runner relies on
(katas/FORMAT.md): expect.txt parses, each recording matches its step's
portable expectation, a step that does not build has a nudge and an
answer, and following an answer leads to the next step. Reads the files
only; the _portable step tests compile."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import changes  # noqa: E402
import expectations  # noqa: E402
from testing import real_katas, recording  # noqa: E402

KATAS = real_katas()


class KataContentTest(unittest.TestCase):
    def test_there_are_katas(self):
        self.assertGreaterEqual(len(KATAS), 3)

    def test_recordings_match_their_expectations(self):
        for kata in KATAS:
            for step in kata.steps:
                with self.subTest(kata=kata.name, step=step):
                    expectation = kata.expectation(step)  # raises if bad
                    for family in ("gcc", "clang"):
                        text = recording(kata, step, family)
                        self.assertIsNotNone(text, family)
                        m = expectations.match(expectation, family, text)
                        self.assertTrue(m.ok, f"{family}: " +
                                        "; ".join(m.why))

    def test_a_step_that_does_not_build_has_a_nudge_and_an_answer(self):
        for kata in KATAS:
            for step in kata.steps:
                if kata.expectation(step).outcome == "success":
                    continue
                with self.subTest(kata=kata.name, step=step):
                    self.assertTrue(kata.nudge(step), "no nudge")
                    self.assertTrue(kata.answer(step), "no answer")

    def test_following_each_answer_reaches_the_next_step(self):
        for kata in KATAS:
            for step in kata.steps:
                with self.subTest(kata=kata.name, step=step):
                    self.assertEqual(changes.answer_gaps(kata, step), [])

    def test_an_answer_towards_a_step_that_builds_quotes_one_of_its_lines(self):
        # Many edits build: the runner knows the participant followed the
        # answer by a whole line of the change that the answer quotes.
        for kata in KATAS:
            for step in kata.steps[:-1]:
                nxt = kata.next(step)
                if kata.expectation(nxt).outcome != "success":
                    continue
                with self.subTest(kata=kata.name, step=step):
                    change = changes.Change(kata.step_dir(step),
                                            kata.step_dir(nxt))
                    self.assertTrue(change.answer_followed(
                        kata.step_dir(nxt), kata.answer(step)),
                        "the answer quotes no whole line of the change")


if __name__ == "__main__":
    unittest.main()
