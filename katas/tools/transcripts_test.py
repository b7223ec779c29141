"""What counts as a transcript's first error (transcripts.py), on checked-in
recordings and on lines that once fooled the runner. No compiler needed."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import transcripts  # noqa: E402
from testing import MINI, recording  # noqa: E402

# A reordered #include: GCC names libstdc++'s <system_error> first, a
# header whose name contains "error".
INCLUDED_FIRST = """\
$ g++ -std=c++20 -Wall -Wextra -Werror -pthread -c main.cc
In file included from /usr/include/c++/12/system_error:41,
                 from /usr/include/c++/12/bits/ios_base.h:46,
                 from main.cc:2:
main.cc:9:3: error: 'Counter' was not declared in this scope
outcome: compile-error
"""

GCC_CHAIN = """\
$ g++ -std=c++20 -Wall -Wextra -Werror -pthread -c pool.cc
In file included from /usr/include/c++/12/vector:63,
                 from pool.h:8,
                 from pool.cc:2:
/usr/include/c++/12/bits/stl_construct.h: In instantiation of 'X':
/usr/include/c++/12/bits/stl_vector.h:1281:30:   required from 'Y'
pool.cc:10:23:   required from here
/usr/include/c++/12/bits/stl_construct.h:96:17: error: use of deleted function 'W::W(const W&)'
pool.h:24:10: note: 'W::W(const W&)' is implicitly deleted because ...
pool.cc:30:1: error: a later error
outcome: compile-error
"""

CLANG_CHAIN = """\
$ clang++ -std=c++20 -Wall -Wextra -Werror -pthread -c pool.cc
In file included from pool.cc:2:
/usr/include/c++/12/bits/alloc_traits.h:518:4: error: no matching function for call to 'construct_at'
/usr/include/c++/12/bits/stl_vector.h:1281:21: note: in instantiation of member function 'push_back' requested here
./pool.h:12:5: note: candidate ignored: not an instantiation context
pool.cc:10:14: note: in instantiation of member function 'std::vector<W>::push_back' requested here
pool.cc:30:1: error: a later error
other.cc:3:3: note: in instantiation of member function 'Z' requested here
outcome: compile-error
"""


class FirstErrorTest(unittest.TestCase):
    def test_an_included_from_line_is_never_the_first_error(self):
        first = transcripts.first_error(INCLUDED_FIRST)
        self.assertEqual(first.line,
                         "main.cc:9:3: error: 'Counter' was not declared in "
                         "this scope")
        self.assertEqual((first.file, first.line_no), ("main.cc", 9))
        self.assertEqual(first.text, "'Counter' was not declared in this "
                                     "scope")

    def test_included_from_and_notes_are_not_errors(self):
        cases = {
            "In file included from /usr/include/c++/12/system_error:41,":
                False,
            "                 from /x/error:41,": False,
            "main.cc:3:1: note: previous error: here": False,
            "main.cc:3:1: warning: unused variable 'x'": False,
            "main.cc:3:1: error: unused variable 'x' "
            "[-Werror=unused-variable]": True,
            "main.cc:1:10: fatal error: 'x.h' file not found": True,
            "collect2: error: ld returned 1 exit status": True,
            "clang: error: linker command failed with exit code 1": True,
        }
        for line, error in cases.items():
            self.assertEqual(transcripts.is_error(line), error, line)

    def test_gcc_required_from_chain_is_context(self):
        first = transcripts.first_error(GCC_CHAIN)
        self.assertEqual(first.file, "/usr/include/c++/12/bits/"
                                     "stl_construct.h")
        self.assertTrue(first.names("pool.cc", 10))
        self.assertFalse(first.names("pool.cc", 30))  # a later error
        self.assertFalse(first.names("pool.h", 24))  # a note, not context

    def test_clang_requested_here_notes_are_context(self):
        first = transcripts.first_error(CLANG_CHAIN)
        self.assertEqual(first.text, "no matching function for call to "
                                     "'construct_at'")
        self.assertTrue(first.names("pool.cc", 10))
        self.assertFalse(first.names("pool.h", 12))
        self.assertFalse(first.names("other.cc", 3))  # after a later error

    def test_a_path_names_the_file_a_participant_sees(self):
        first = transcripts.first_error(
            "$ clang++ -c a.cc\n./pool.h:4:2: error: x\noutcome: "
            "compile-error\n")
        self.assertTrue(first.names("pool.h", 4))
        self.assertFalse(first.names("ool.h", 4))

    def test_a_link_error_is_the_whole_link_output(self):
        text = recording(MINI, "02_declare_the_counter", "gcc")
        first = transcripts.first_error(text)
        self.assertIn("main.cc:(.text+0x", first.text)
        self.assertIn("undefined reference to `Counter::Add(int)' collect2: "
                      "error: ld returned 1 exit status", first.text)

    def test_recordings_first_errors(self):
        first = transcripts.first_error(
            recording(MINI, "01_wish_for_a_counter", "clang"))
        self.assertEqual((first.file, first.line_no, first.text),
                         ("main.cc", 5, "unknown type name 'Counter'"))
        self.assertIsNone(transcripts.first_error(
            recording(MINI, "00_count_arguments", "gcc")))

    def test_commands_are_labelled(self):
        commands, outcome = transcripts.parse(
            recording(MINI, "03_define_add_and_the_counter_counts", "gcc"))
        self.assertEqual([c.label for c in commands],
                         ["compile counter.cc", "compile main.cc", "link"])
        self.assertEqual(outcome, "success")


if __name__ == "__main__":
    unittest.main()
