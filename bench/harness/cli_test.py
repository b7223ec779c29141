"""bench/http's flags: --quick's defaults, subsets, and exit status 2 with
the usage for anything it does not know."""
import contextlib
import io
import unittest

from harness import cli


def parse_error(argv):
    """Parses argv expecting a usage error: (exit status, what it printed)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.parse(argv)
        except SystemExit as exit_:
            return exit_.code, err.getvalue()
    raise AssertionError(f"{argv} parsed")


class ParseTest(unittest.TestCase):
    def test_full_run_by_default(self):
        opts = cli.parse([])
        self.assertEqual((opts.duration, opts.rounds, opts.threads, opts.idle),
                         (5, 3, 4, 10_000))
        self.assertFalse(opts.noisy_ok)
        self.assertTrue(opts.pool and opts.profile)
        self.assertEqual(opts.servers[0], "ours")
        self.assertIn("h2o", opts.servers)
        self.assertEqual(opts.file_bytes, 200_000_000)
        self.assertEqual(opts.workloads[-2:], ("slow", "memory"))

    def test_quick_is_one_short_round_unless_told_otherwise(self):
        opts = cli.parse(["--quick"])
        self.assertEqual((opts.duration, opts.rounds), (2, 1))
        self.assertEqual(opts.file_bytes, 40_000_000)
        opts = cli.parse(["--quick", "--rounds", "2", "--file-mb", "100"])
        self.assertEqual((opts.duration, opts.rounds), (2, 2))
        self.assertEqual(opts.file_bytes, 100_000_000)

    def test_subsets_and_switches(self):
        opts = cli.parse(["--servers", "ours,h2o", "--workloads", "idle64", "--noisy-ok",
                          "--no-pool", "--no-profile", "--output", "out"])
        self.assertEqual(opts.servers, ("ours", "h2o"))
        self.assertEqual(opts.workloads, ("idle64",))
        self.assertTrue(opts.noisy_ok)
        self.assertFalse(opts.pool or opts.profile)
        self.assertEqual(opts.output, "out")

    def test_keeps_the_command_line_for_the_report(self):
        self.assertEqual(cli.parse(["--quick"]).argv, ("--quick",))


class BadFlagTest(unittest.TestCase):
    def test_unknown_flag(self):
        status, printed = parse_error(["--fast"])
        self.assertEqual(status, 2)
        self.assertIn("usage: bench/http", printed)
        self.assertIn("--fast", printed)

    def test_bad_values(self):
        for argv in (["--duration", "0"], ["--rounds", "x"], ["--servers", "apache"],
                     ["--workloads", ""], ["--threads"], ["--file-mb", "-1"],
                     ["--workloads", "slow,fast"]):
            status, printed = parse_error(argv)
            self.assertEqual(status, 2, argv)
            self.assertIn("usage: bench/http", printed)


if __name__ == "__main__":
    unittest.main()
