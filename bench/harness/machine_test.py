"""What a run says of the code it measured: the files that differ from the
commit, read from `git status --porcelain`."""
import unittest

from harness import machine

OUTPUTS = ("bench/RESULTS.md", "bench/results.png")


class ChangedFilesTest(unittest.TestCase):
    def test_the_runs_own_outputs_are_not_changes(self):
        porcelain = " M bench/RESULTS.md\n?? bench/results.png\n"
        self.assertEqual(machine.changed_files(porcelain, OUTPUTS), [])

    def test_a_path_keeps_its_first_letter_whatever_the_status(self):
        porcelain = " M server/main.cc\nM  http/request.cc\n?? notes.txt\n"
        self.assertEqual(machine.changed_files(porcelain, OUTPUTS),
                         ["server/main.cc", "http/request.cc", "notes.txt"])


if __name__ == "__main__":
    unittest.main()
