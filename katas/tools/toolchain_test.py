"""Which compiler a command is, and whether the katas support it
(toolchain.py). The compilers are stand-in scripts printing the macros a
real one predefines; no compiler runs."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import toolchain  # noqa: E402
from testing import fake_compiler, temp_dir  # noqa: E402


class IdentifyTest(unittest.TestCase):
    def identify(self, *args, flags=(), **kwargs):
        path = fake_compiler(temp_dir(self), *args, **kwargs)
        return toolchain.identify([path] + list(flags))

    def test_the_nine_of_the_matrix_are_supported(self):
        nine = [("gcc", 11, "libstdc++", 11), ("gcc", 12, "libstdc++", 12)]
        nine += [("clang", n, "libstdc++", 12) for n in (13, 14, 15, 16, 19)]
        nine += [("clang", n, "libc++", n) for n in (16, 19)]
        for args in nine:
            c = self.identify(*args)
            self.assertEqual(c.support()[0], "supported", c.name)

    def test_names(self):
        self.assertEqual(self.identify("gcc", 11, "libstdc++", 11).name,
                         "GCC 11 with libstdc++ 11")
        self.assertEqual(self.identify("clang", 16, "libc++", 16).name,
                         "Clang 16 with libc++ 16")
        self.assertEqual(
            self.identify("clang", 15, "libc++", 16, apple=True).name,
            "Apple clang with libc++ 16")

    def test_flags_are_part_of_the_command(self):
        c = self.identify("clang", 16, "libc++", 16,
                          flags=["-stdlib=libc++"])
        self.assertEqual(c.command[1:], ["-stdlib=libc++"])
        self.assertTrue(c.text.endswith(" -stdlib=libc++"))
        self.assertEqual(toolchain.split("clang++-16 -stdlib=libc++"),
                         ["clang++-16", "-stdlib=libc++"])

    def test_only_gcc_12_and_clang_14_with_libstdcxx_12_are_reference(self):
        self.assertTrue(self.identify("gcc", 12, "libstdc++", 12)
                        .is_reference)
        self.assertTrue(self.identify("clang", 14, "libstdc++", 12)
                        .is_reference)
        for args in (("gcc", 11, "libstdc++", 11), ("clang", 14, "libc++", 14),
                     ("clang", 14, "libstdc++", 11), ("clang", 16,
                                                      "libstdc++", 12)):
            self.assertFalse(self.identify(*args).is_reference, args)

    def test_too_old_is_unsupported_and_says_what_works(self):
        for args, says in ((("gcc", 10, "libstdc++", 10), "GCC 11 or newer"),
                           (("clang", 12, "libstdc++", 12),
                            "Clang 13 or newer"),
                           (("clang", 14, "libstdc++", 10),
                            "libstdc++ 11 or newer"),
                           (("clang", 13, "libc++", 13),
                            "libc++ 14 or newer")):
            status, why = self.identify(*args).support()
            self.assertEqual(status, "unsupported", args)
            self.assertIn(says, why)
        self.assertIn("apt-get install g++-12", toolchain.WHAT_WORKS)
        self.assertIn("Apple clang", toolchain.WHAT_WORKS)

    def test_newer_or_mismatched_is_untested(self):
        for args in (("gcc", 14, "libstdc++", 14), ("clang", 18, "libstdc++",
                                                     12)):
            self.assertEqual(self.identify(*args).support()[0], "untested")
        status, why = self.identify("clang", 16, "libc++", 14).support()
        self.assertEqual(status, "untested")
        self.assertIn("libc++-16-dev", why)

    def test_what_is_not_a_compiler(self):
        c = toolchain.identify("no-such-compiler-here")
        self.assertIsNone(c.family)
        self.assertEqual(c.support()[0], "unsupported")
        c = toolchain.identify(["sh", "-c", "exit 1"])
        self.assertEqual(c.support()[0], "unsupported")


if __name__ == "__main__":
    unittest.main()
