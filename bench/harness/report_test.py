"""RESULTS.md from a made-up run: a quiet run shows ratios and verdicts and
every run's other CPU; a noisy one says so, marks its ratios and assesses
no target."""
import unittest

from harness import peers, quiet, report, workloads
from harness.results import Run
from harness.wrk import WrkResult

QUIET = quiet.Reading(seconds=5.0, other_percent=0.4, server_percent=99.0, busiest=[])
NOISY = quiet.Reading(seconds=5.0, other_percent=37.5, server_percent=60.0,
                      busiest=[("cc1plus", 30.0)])
RPS = {("ka64", "ours"): 63_500, ("ka64", "nginx"): 92_300, ("ka64", "h2o"): 100_000,
       ("idle64", "ours"): 60_000, ("idle64", "nginx"): 90_000,
       ("idle64", "h2o"): 95_000}


def outcome(noisy_run=None):
    chosen = [p for p in peers.all_peers(4) if p.key in ("ours", "nginx", "h2o")]
    loads = [w for w in workloads.table(10_000) if w.key in ("ka64", "idle64")]
    runs = []
    for load in loads:
        for peer in chosen:
            reading = NOISY if (load.key, peer.key) == noisy_run else QUIET
            result = WrkResult(RPS[(load.key, peer.key)], 0.9, 2.0, 0, 1000)
            note = "10000 of 10000 held" if load.companion else ""
            runs.append(Run(load.key, peer.key, 1, result, reading, 4.5, note))
    return report.Outcome(
        name="20261201-0740Z-abc1234", command="bench/http", started="2026-12-01 07:40 UTC",
        minutes=11.2, duration=5, rounds=1, machine=["CPU: test"], peers=chosen,
        workloads=loads, runs=runs, precheck=QUIET, analysis="## Analysis\n\nText.\n",
        pool_output="BM_Inline 1 ns\n")


class QuietRunTest(unittest.TestCase):
    def setUp(self):
        self.text = report.render(outcome())

    def test_names_the_run(self):
        self.assertIn("Run **20261201-0740Z-abc1234** of `bench/http`", self.text)
        self.assertNotIn("Noisy run", self.text)

    def test_ratios_to_nginx_and_h2o(self):
        row = next(line for line in self.text.splitlines()
                   if line.startswith("| keep-alive, 64 connections | ours"))
        self.assertIn("| 63,500 |", row)
        self.assertIn("| 0.69 | 0.64 | 1.00 |", row)

    def test_targets_have_verdicts(self):
        self.assertIn("| keep-alive (64) ≥ 1.0× nginx | 0.69× | **not met** |", self.text)
        self.assertIn("| 6 % | met |", self.text)

    def test_every_run_shows_its_other_cpu_and_note(self):
        runs = [line for line in self.text.splitlines() if line.startswith("| 1 |")
                or line.startswith("| 6 |")]
        self.assertEqual(len(runs), 2)
        self.assertIn("| 0.4 % |", runs[0])
        self.assertIn("10000 of 10000 held", runs[1])

    def test_sections_and_copied_texts(self):
        for heading in ["## Quiet check", "## Machine", "## Set-up", "### nginx (tuned",
                        "## HTTP", "## Every run", "## Targets", "## Analysis",
                        "## //pool microbenchmarks", "![requests/s"]:
            self.assertIn(heading, self.text)
        self.assertIn("BM_Inline 1 ns", self.text)


class NoisyRunTest(unittest.TestCase):
    def setUp(self):
        self.text = report.render(outcome(noisy_run=("idle64", "h2o")))

    def test_says_so_at_the_top(self):
        self.assertIn("**Noisy run: not a measurement.**", self.text)
        self.assertIn("during 1 of 6 runs (up to 37.5 %)", self.text)

    def test_ratios_are_marked_and_no_target_is_met(self):
        self.assertIn("0.69 (noisy)", self.text)
        self.assertNotIn("| met |", self.text)
        self.assertNotIn("not met", self.text)
        self.assertEqual(self.text.count("not assessed: noisy run"), len(report.TARGETS))

    def test_the_noisy_run_stands_out(self):
        self.assertIn("**37.5 %**", self.text)
        self.assertIn("Highest over the 6 runs: 37.5 % (idle64, h2o, round 1)", self.text)


if __name__ == "__main__":
    unittest.main()
