"""expect.txt: parsing (strict) and matching, against the fixture kata's
recordings and transcripts other compilers print. No compiler needed."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expectations  # noqa: E402
from expectations import ExpectError, parse  # noqa: E402
from testing import MINI, recording  # noqa: E402

CLANG_15_STATIC_ASSERT = """\
$ clang++ -std=c++20 -Wall -Wextra -Werror -pthread -c main.cc
In file included from main.cc:4:
/usr/include/c++/12/bits/std_function.h:439:4: error: static assertion failed due to requirement 'is_copy_constructible<(lambda at main.cc:87:18)>::value': std::function target must be copy-constructible
main.cc:87:10: note: in instantiation of function template specialization 'std::function<void ()>::function<(lambda at main.cc:87:18)>' requested here
outcome: compile-error
"""

CLANG_14_STATIC_ASSERT = """\
$ clang++ -std=c++20 -Wall -Wextra -Werror -pthread -c main.cc
/usr/include/c++/12/bits/std_function.h:439:4: error: static_assert failed due to requirement 'is_copy_constructible<(lambda at main.cc:87:18)>::value' "std::function target must be copy-constructible"
main.cc:87:10: note: in instantiation of function template specialization 'std::function<void ()>::function<(lambda at main.cc:87:18)>' requested here
outcome: compile-error
"""

STATIC_ASSERT = parse("""\
# std::function copies its target.
outcome: compile-error
at: main.cc:87
any: static.assert(ion)? failed.*copy-constructible
""")


class ParseTest(unittest.TestCase):
    def test_the_spec_example(self):
        e = parse("# A lesson.\noutcome: compile-error\n"
                  "at: thread_pool.h:14\n"
                  "gcc: has no member named 'execute'\n"
                  "clang: no member named 'execute' in 'ThreadPool'\n")
        self.assertEqual(e.outcome, "compile-error")
        self.assertEqual(e.at, ("thread_pool.h", 14))
        self.assertEqual(e.pattern("gcc").pattern,
                         "has no member named 'execute'")
        self.assertEqual(e.lesson, "A lesson.")

    def test_a_family_key_overrides_any(self):
        e = parse("outcome: link-error\nany: a\nclang: b\n")
        self.assertEqual(e.pattern("gcc").pattern, "a")
        self.assertEqual(e.pattern("clang").pattern, "b")
        self.assertIsNone(e.at)

    def test_a_link_error_may_name_just_a_file(self):
        self.assertEqual(parse("outcome: link-error\nat: main.cc\nany: x\n")
                         .at, ("main.cc", None))

    def test_mistakes_fail_loudly(self):
        for text, says in (
                ("outcome: compile-error\nat: a.cc:1\ngcc: x\nclnag: y\n",
                 "unknown key 'clnag'"),
                ("at: a.cc:1\ngcc: x\n", "outcome: is required"),
                ("outcome: compiles\ngcc: x\n", "outcome must be one of"),
                ("outcome: compile-error\ngcc: x\n", "needs at: FILE:LINE"),
                ("outcome: compile-error\nat: a.cc\ngcc: x\n",
                 "needs at: FILE:LINE"),
                ("outcome: compile-error\nat: a.cc:1\n", "give a pattern"),
                ("outcome: compile-error\nat: a.cc:1\ngcc: (\n",
                 "not a regular expression"),
                ("outcome: link-error\nany: x\nany: y\n", "given twice"),
                ("outcome: link-error\nany x\n", "expected `key: value`"),
                ("outcome: compile-error\nat: a.cc:x\ngcc: y\n",
                 "at: must be FILE:LINE")):
            with self.assertRaises(ExpectError, msg=text) as cm:
                parse(text, "k/01_x/expect.txt")
            self.assertIn(says, str(cm.exception))
            self.assertIn("k/01_x/expect.txt", str(cm.exception))

    def test_a_step_without_expect_txt_must_build(self):
        e = expectations.load(MINI.step_dir("00_count_arguments"))
        self.assertIs(e, expectations.SUCCESS)


class MatchTest(unittest.TestCase):
    def test_the_fixture_recordings_match_their_expectations(self):
        for step in MINI.steps:
            for family in ("gcc", "clang"):
                m = expectations.match(MINI.expectation(step), family,
                                       recording(MINI, step, family))
                self.assertTrue(m.ok, (step, family, m.why))

    def test_each_step_expects_something_else(self):
        for step in MINI.steps:
            for other in MINI.steps:
                if other == step or MINI.expectation(other).outcome == \
                        MINI.expectation(step).outcome == "success":
                    continue
                m = expectations.match(MINI.expectation(other), "gcc",
                                       recording(MINI, step, "gcc"))
                self.assertFalse(m.ok, (step, other))

    def test_the_location_may_be_in_the_instantiation_context(self):
        for text in (CLANG_14_STATIC_ASSERT, CLANG_15_STATIC_ASSERT):
            self.assertTrue(expectations.match(STATIC_ASSERT, "clang",
                                               text).ok)
        moved = CLANG_15_STATIC_ASSERT.replace("main.cc:87:10",
                                               "main.cc:88:10")
        m = expectations.match(STATIC_ASSERT, "clang", moved)
        self.assertFalse(m.ok)
        self.assertEqual(m.why, ["the first error is not about main.cc:87"])

    def test_a_wrong_message_is_named(self):
        text = recording(MINI, "01_wish_for_a_counter", "gcc").replace(
            "'Counter' was not", "'Countr' was not")
        m = expectations.match(MINI.expectation("01_wish_for_a_counter"),
                               "gcc", text)
        self.assertFalse(m.ok)
        self.assertIn("does not say /'Counter' was not declared in this "
                      "scope/", m.why[0])

    def test_the_link_error_names_the_referencing_file(self):
        e = MINI.expectation("02_declare_the_counter")
        text = recording(MINI, "02_declare_the_counter", "clang")
        self.assertTrue(expectations.match(e, "clang", text).ok)
        other = text.replace("main.o", "other.o").replace("main.cc:",
                                                          "other.cc:")
        self.assertFalse(expectations.match(e, "clang", other).ok)

    def test_a_build_expected_to_pass_needs_passing_tests(self):
        text = recording(MINI, "00_count_arguments", "gcc")
        self.assertTrue(expectations.match(expectations.SUCCESS, "gcc",
                                           text).ok)
        m = expectations.match(expectations.SUCCESS, "gcc", text,
                               tests_ok=False)
        self.assertEqual(m.why, ["the tests fail"])

    def test_describe(self):
        self.assertEqual(
            MINI.expectation("02_declare_the_counter").describe("gcc"),
            "a link error at main.cc, saying /undefined reference to "
            "`Counter::Add\\(int\\)'/")


if __name__ == "__main__":
    unittest.main()
