"""bench/http itself, as a user types it: --help describes it, a bad flag
prints the usage and exits 2 (neither installs, builds nor measures)."""
import os
import subprocess
import sys
import unittest

HTTP = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "http")


def bench_http(*args):
    return subprocess.run([sys.executable, HTTP, *args], capture_output=True, text=True,
                          timeout=60)


class EntryPointTest(unittest.TestCase):
    def test_help(self):
        done = bench_http("--help")
        self.assertEqual(done.returncode, 0)
        self.assertIn("Quiet runs only", done.stdout)
        self.assertIn("--noisy-ok", done.stdout)
        self.assertIn("--quick", done.stdout)

    def test_bad_flag_prints_usage_and_exits_2(self):
        done = bench_http("--quik")
        self.assertEqual(done.returncode, 2)
        self.assertIn("usage: bench/http", done.stderr)
        self.assertIn("unrecognized arguments: --quik", done.stderr)


if __name__ == "__main__":
    unittest.main()
