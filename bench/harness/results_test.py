"""Medians over rounds per workload and server, the idle cost, and the
verdicts on the targets."""
import unittest

from harness import quiet, results
from harness.wrk import WrkResult

QUIET = quiet.Reading(seconds=5.0, other_percent=0.4, server_percent=99.0, busiest=[])


def run(workload, server, round_, rps, p99=1.0):
    return results.Run(workload, server, round_, WrkResult(rps, 0.5, p99, 0, int(rps * 5)),
                       QUIET, 4.0)


class SummarizeTest(unittest.TestCase):
    def test_medians_over_the_rounds(self):
        runs = [run("ka64", "ours", 1, 63_500, 2.0), run("ka64", "ours", 2, 65_500, 3.0),
                run("ka64", "ours", 3, 65_400, 9.0), run("ka64", "nginx", 1, 93_000)]
        summaries = results.summarize(runs)
        self.assertEqual(summaries[("ka64", "ours")].rps, 65_400)
        self.assertEqual(summaries[("ka64", "ours")].p99_ms, 3.0)
        self.assertEqual(summaries[("ka64", "nginx")].rps, 93_000)

    def test_idle_cost_compares_a_server_with_itself(self):
        summaries = results.summarize([run("ka64", "ours", 1, 40_000),
                                       run("idle64", "ours", 1, 34_000)])
        self.assertAlmostEqual(results.idle_cost_percent(summaries, "ours"), 15.0)
        self.assertIsNone(results.idle_cost_percent(summaries, "nginx"))

    def test_noisy_runs_are_those_above_the_threshold(self):
        loud = quiet.Reading(5.0, 5.1, 90.0, [("cc1plus", 5.1)])
        runs = [run("ka64", "ours", 1, 1.0),
                results.Run("ka64", "nginx", 1, WrkResult(1.0, 1, 1, 0, 1), loud, None)]
        self.assertEqual([r.server for r in results.noisy_runs(runs)], ["nginx"])


class TargetTest(unittest.TestCase):
    def test_keep_alive_is_a_ratio_to_nginx(self):
        target = results.TARGETS[0]
        summaries = results.summarize([run("ka64", "ours", 1, 63_500),
                                       run("ka64", "nginx", 1, 92_300)])
        self.assertAlmostEqual(target.measure(summaries), 63_500 / 92_300)
        self.assertEqual(results.verdict(target.measure(summaries), target, False),
                         "**not met**")
        self.assertEqual(results.verdict(1.0, target, False), "met")

    def test_p99_is_met_below_its_limit(self):
        target = results.TARGETS[3]
        self.assertEqual(results.verdict(1.5, target, False), "met")
        self.assertEqual(results.verdict(1.51, target, False), "**not met**")

    def test_a_noisy_run_assesses_nothing(self):
        for target in results.TARGETS:
            self.assertEqual(results.verdict(1.0, target, True), "not assessed: noisy run")

    def test_ratios_and_percents_print_as_in_the_targets_table(self):
        self.assertEqual(results.TARGETS[0].shown(0.6879), "0.69×")
        self.assertEqual(results.TARGETS[4].shown(13.4), "13 %")
        self.assertEqual(results.TARGETS[4].shown(None), "n/a")

    def test_unmeasured_is_not_a_verdict(self):
        self.assertEqual(results.verdict(None, results.TARGETS[0], False), "n/a")


if __name__ == "__main__":
    unittest.main()
