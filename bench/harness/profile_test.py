"""The profile section from perf's reports: samples counted, system calls
picked out, lists cut short."""
import unittest

from harness import profile

PER_BINARY_COUNTS = """\
    75.36%          3261  [kernel.kallsyms]
    13.08%           566  libc.so.6
     9.82%           500  server
"""
CALLS = "\n".join([f"    {30 - i}.00%     0.05%  [k] __x64_sys_call{i}" for i in range(12)]
                  + ["    50.00%     1.00%  [.] main"])


class ProfileTest(unittest.TestCase):
    def test_sample_count_adds_the_second_column(self):
        self.assertEqual(profile.sample_count(PER_BINARY_COUNTS), 3261 + 566 + 500)
        self.assertEqual(profile.sample_count(""), 0)

    def test_markdown(self):
        text = profile.markdown("keep-alive, 64 connections", 5, 4327, 27973.18,
                                "a\nb\nc\nd\ne\nf\ng\nh", CALLS, "hot\n" * 20)
        self.assertIn("4327 samples: 87 % of one core busy", text)
        self.assertIn("wrk got 27,973 requests/s", text)
        self.assertIn("__x64_sys_call9", text)
        self.assertNotIn("__x64_sys_call10", text)  # Ten system calls at most.
        self.assertNotIn("[.] main", text)
        self.assertNotIn("\ng\n", text)  # Six binaries at most.
        self.assertEqual(text.count("hot"), 15)
        self.assertEqual(text.count("```"), 6)


if __name__ == "__main__":
    unittest.main()
