"""Comparing a build with a verbatim recording (recordings.py), on the
fixture kata's recordings. No compiler needed."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recordings  # noqa: E402
from testing import MINI, recording  # noqa: E402

LINK = recording(MINI, "02_declare_the_counter", "gcc")
COMPILE = recording(MINI, "01_wish_for_a_counter", "gcc")


class CompareTest(unittest.TestCase):
    def test_a_recording_is_the_same_as_itself(self):
        for step in MINI.steps:
            for family in ("gcc", "clang"):
                text = recording(MINI, step, family)
                self.assertEqual(recordings.compare(text, text), "same")

    def test_link_offsets_are_not_line_numbers(self):
        self.assertIn("main.cc:(.text+0x2c)", LINK)
        moved = LINK.replace("(.text+0x2c)", "(.text+0x1f4)")
        self.assertEqual(recordings.compare(LINK, moved), "same")
        section = LINK.replace("(.text+0x2c)", "(.text.startup+0x10)")
        self.assertIsNone(recordings.compare(LINK, section))

    def test_moved_lines_differ_only_in_numbers(self):
        moved = COMPILE.replace("main.cc:5:3:", "main.cc:6:3:")
        self.assertEqual(recordings.compare(COMPILE, moved), "numbers")
        other = COMPILE.replace("'Counter' was not", "'Countr' was not")
        self.assertIsNone(recordings.compare(COMPILE, other))

    def test_no_recording_is_no_comparison(self):
        self.assertIsNone(recordings.compare(None, COMPILE))

    def test_extra_errors_are_those_the_recording_lacks(self):
        extra = COMPILE.replace(
            "outcome:", "main.cc:12:1: error: 'oops' was not declared in "
            "this scope\noutcome:")
        self.assertEqual(recordings.extra_errors(COMPILE, extra),
                         ["main.cc: error: 'oops' was not declared in this "
                          "scope"])
        moved = COMPILE.replace("main.cc:6:34:", "main.cc:7:34:")
        self.assertEqual(recordings.extra_errors(COMPILE, moved), [])


if __name__ == "__main__":
    unittest.main()
