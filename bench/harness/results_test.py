"""Medians over rounds per workload and server, the idle cost, and whether
the rounds agree."""
import unittest

from harness import quiet, results
from harness.wrk import WrkResult

QUIET = quiet.Reading(seconds=5.0, other_percent=0.4, server_percent=99.0, busiest=[])


def run(workload, server, round_, rps, p99=1.0, baseline=None):
    return results.Run(workload, server, round_, WrkResult(rps, 0.5, p99, 0, int(rps * 5)),
                       QUIET, 4.0, baseline_rps=baseline)


class SummarizeTest(unittest.TestCase):
    def test_medians_over_the_rounds(self):
        runs = [run("ka64", "ours", 1, 63_500, 2.0), run("ka64", "ours", 2, 65_500, 3.0),
                run("ka64", "ours", 3, 65_400, 9.0), run("ka64", "nginx", 1, 93_000)]
        summaries = results.summarize(runs)
        self.assertEqual(summaries[("ka64", "ours")].rps, 65_400)
        self.assertEqual(summaries[("ka64", "ours")].p99_ms, 3.0)
        self.assertEqual(summaries[("ka64", "nginx")].rps, 93_000)

    def test_cpu_per_request_is_the_median_of_the_rounds(self):
        def busy(percent):
            return quiet.Reading(seconds=5.0, other_percent=0.4, server_percent=percent,
                                 busiest=[])
        runs = [results.Run("close64", "ours", 1, WrkResult(20_000, 1.2, 2.7, 0, 100_000),
                            busy(50.0), 4.0),  # 25 µs
                results.Run("close64", "ours", 2, WrkResult(16_000, 1.3, 2.9, 0, 80_000),
                            busy(48.0), 4.0),  # 30 µs
                results.Run("close64", "ours", 3, WrkResult(10_000, 1.3, 2.9, 0, 50_000),
                            busy(40.0), 4.0)]  # 40 µs
        summary = results.summarize(runs)[("close64", "ours")]
        self.assertAlmostEqual(summary.cpu_us_per_request, 30.0)

    def test_no_cpu_per_request_without_requests_or_a_server_reading(self):
        unmeasured = quiet.Reading(seconds=5.0, other_percent=0.4, server_percent=None,
                                   busiest=[])
        summaries = results.summarize([
            run("ka64", "ours", 1, 0),
            results.Run("ka64", "nginx", 1, WrkResult(9_000, 1.0, 2.0, 0, 45_000),
                        unmeasured, 4.0)])
        self.assertIsNone(summaries[("ka64", "ours")].cpu_us_per_request)
        self.assertIsNone(summaries[("ka64", "nginx")].cpu_us_per_request)

    def test_idle_cost_compares_a_server_with_itself_just_before(self):
        summaries = results.summarize([run("ka64", "ours", 1, 90_000),
                                       run("idle64", "ours", 1, 34_000, baseline=40_000)])
        self.assertAlmostEqual(results.idle_cost_percent(summaries, "ours"), 15.0)
        self.assertEqual(summaries[("idle64", "ours")].baseline_rps, 40_000)
        self.assertIsNone(results.idle_cost_percent(summaries, "nginx"))

    def test_idle_cost_is_the_median_of_the_rounds_pairs(self):
        # The machine ran slower in round 2: each pair still sees the same
        # machine, so the cost stays 5 %, where the medians' ratio (76,000
        # of 100,000 requests/s) would have said 24 %.
        summaries = results.summarize([
            run("idle64", "ours", 1, 95_000, baseline=100_000),
            run("idle64", "ours", 2, 76_000, baseline=80_000),
            run("idle64", "ours", 3, 57_000, baseline=60_000)])
        self.assertAlmostEqual(results.idle_cost_percent(summaries, "ours"), 5.0)

    def test_idle_connections_that_cost_nothing_are_a_negative_cost(self):
        summaries = results.summarize([run("idle64", "ours", 1, 42_000, baseline=40_000)])
        self.assertAlmostEqual(results.idle_cost_percent(summaries, "ours"), -5.0)

    def test_without_a_baseline_there_is_no_idle_cost(self):
        summaries = results.summarize([run("ka64", "ours", 1, 40_000),
                                       run("idle64", "ours", 1, 34_000)])
        self.assertIsNone(results.idle_cost_percent(summaries, "ours"))

    def test_a_server_that_did_not_run_has_nothing_measured(self):
        self.assertEqual(results.get({}, "ka64", "ours"),
                         results.Summary(None, None, None, None))
        self.assertIsNone(results.get({}, "ka64", "ours").cost_percent)



class UnsteadyTest(unittest.TestCase):
    def test_rounds_within_the_machines_two_speeds_are_steady(self):
        runs = [run("close64", "ours", 1, 12_000), run("close64", "ours", 2, 17_900),
                run("close64", "nginx", 1, 17_000), run("close64", "nginx", 2, 17_100)]
        self.assertEqual(results.unsteady(runs), [])

    def test_rounds_further_apart_are_named(self):
        runs = [run("ka64", "ours", 1, 100_187), run("ka64", "ours", 2, 55_602),
                run("ka64", "ours", 3, 54_008), run("ka64", "nginx", 1, 54_000)]
        self.assertEqual(results.unsteady(runs),
                         ["ka64, ours: 54,008 to 100,187 requests/s (1.86×)"])

    def test_the_idle_workloads_baselines_count_too(self):
        runs = [run("idle64", "nginx", 1, 60_000, baseline=90_000),
                run("idle64", "nginx", 2, 60_000, baseline=50_000)]
        self.assertEqual(results.unsteady(runs),
                         ["idle64 baseline, nginx: 50,000 to 90,000 requests/s (1.80×)"])

    def test_only_the_servers_the_targets_compare(self):
        runs = [run("ka64", "h2o", 1, 10_000), run("ka64", "h2o", 2, 90_000)]
        self.assertEqual(results.unsteady(runs), [])

    def test_a_round_that_answered_nothing_is_the_servers_not_the_machines(self):
        runs = [run("ka64", "ours", 1, 0), run("ka64", "ours", 2, 90_000),
                run("ka64", "ours", 3, 91_000)]
        self.assertEqual(results.unsteady(runs), [])

if __name__ == "__main__":
    unittest.main()
