"""Issue 13's targets, assessed from made-up figures: each met, not met or
not measured, and a noisy run assesses none."""
import unittest

from harness import results, targets
from harness.test_runs import memory_run, probes, slow_run, wrk_run



def figures(*runs, downloads=()):
    return targets.Figures(results.summarize(runs),
                           {(d.scenario, d.server): d for d in downloads}, runs)


def assess(text, *runs, downloads=()):
    return next(t for t in targets.table(200_000_000) if t.text.startswith(text)).assess(
        figures(*runs, downloads=downloads))


class RatioTargetTest(unittest.TestCase):
    def test_keep_alive_is_requests_per_second_against_nginx(self):
        below = assess("keep-alive (64)", wrk_run("ka64", "ours", 63_500),
                       wrk_run("ka64", "nginx", 92_300))
        self.assertEqual(below, targets.Assessment("0.69×", False))
        equal = assess("keep-alive (64)", wrk_run("ka64", "ours", 90_000),
                       wrk_run("ka64", "nginx", 90_000))
        self.assertTrue(equal.met)

    def test_close_p50_must_be_no_worse_than_nginx(self):
        ours, nginx = wrk_run("close64", "ours", 20_000, p50=2.8), wrk_run(
            "close64", "nginx", 19_700, p50=0.9)
        self.assertTrue(assess("`Connection: close` (64) ≥", ours, nginx).met)
        self.assertEqual(assess("p50, `Connection: close`", ours, nginx),
                         targets.Assessment("3.11×", False))
        faster = wrk_run("close64", "ours", 20_000, p50=0.8)
        self.assertTrue(assess("p50, `Connection: close`", faster, nginx).met)

    def test_p99_at_most_nginx_on_both_workloads(self):
        runs = [wrk_run("ka64", "ours", 1, p99=2.0), wrk_run("ka64", "nginx", 1, p99=2.0),
                wrk_run("close64", "ours", 1, p99=5.0), wrk_run("close64", "nginx", 1, p99=4.0)]
        self.assertTrue(assess("p99, keep-alive", *runs).met)
        self.assertFalse(assess("p99, `Connection: close`", *runs).met)

    def test_each_rounds_ratio_is_shown_beside_the_ratio_of_medians(self):
        runs = [wrk_run("close64", "ours", rps, round_=r) for r, rps in
                [(1, 19_000), (2, 17_000), (3, 21_000)]]
        runs += [wrk_run("close64", "nginx", rps, round_=r) for r, rps in
                 [(1, 20_000), (2, 16_000), (3, 20_000)]]
        self.assertEqual(assess("`Connection: close` (64) ≥", *runs),
                         targets.Assessment("0.95× (rounds: 0.95, 1.06, 1.05)", False))

    def test_a_round_without_nginx_has_no_ratio(self):
        runs = [wrk_run("ka64", "ours", 100, round_=1), wrk_run("ka64", "nginx", 50, round_=1),
                wrk_run("ka64", "ours", 100, round_=2), wrk_run("ka64", "ours", 80, round_=3),
                wrk_run("ka64", "nginx", 100, round_=3)]
        self.assertEqual(targets.round_ratios(runs, "ka64", "requests_per_second"),
                         [2.0, 0.8])

    def test_without_nginx_nothing_is_measured(self):
        self.assertEqual(assess("keep-alive (64)", wrk_run("ka64", "ours", 1)),
                         targets.NOT_MEASURED)


class IdleCostTest(unittest.TestCase):
    def test_at_most_ten_percent(self):
        for with_idle, expected in [(90, targets.Assessment("10.0 %", True)),
                                    (89, targets.Assessment("11.0 %", False)),
                                    (105, targets.Assessment("-5.0 %", True))]:
            self.assertEqual(assess("idle connections", wrk_run("idle64", "ours", with_idle,
                                                                baseline_rps=100)), expected)
        self.assertIsNone(assess("idle connections", wrk_run("ka64", "ours", 100)).met)


class SlowReadersTest(unittest.TestCase):
    def test_met_when_every_probe_is_within_50_ms_and_every_download_whole(self):
        result = assess("slow readers", downloads=[slow_run(during=probes(3.0, 50.0))])
        self.assertTrue(result.met)
        self.assertEqual(result.shown, "max 50.0 ms of 2 probes; 8 of 8 downloads whole")

    def test_one_slow_probe_is_enough_to_miss_it(self):
        self.assertFalse(assess("slow readers",
                                downloads=[slow_run(during=probes(3.0, 50.1))]).met)

    def test_an_unanswered_probe_misses_it(self):
        run = slow_run(during=probes(3.0) + probes(10_000.0, status=0))
        result = assess("slow readers", downloads=[run])
        self.assertFalse(result.met)
        self.assertIn("(1 unanswered)", result.shown)

    def test_a_download_cut_short_misses_it(self):
        result = assess("slow readers", downloads=[slow_run(whole=7)])
        self.assertFalse(result.met)
        self.assertIn("7 of 8 downloads whole", result.shown)

    def test_no_probe_at_all_misses_it(self):
        self.assertFalse(assess("slow readers", downloads=[slow_run(during=())]).met)
        unanswered = assess("slow readers",
                            downloads=[slow_run(during=probes(9.0, status=503))])
        self.assertEqual(unanswered.shown, "no probe answered of 1; 8 of 8 downloads whole")
        self.assertFalse(unanswered.met)

    def test_only_ours_counts(self):
        self.assertIsNone(assess("slow readers", downloads=[slow_run("nginx")]).met)


class MemoryTargetTest(unittest.TestCase):
    def test_less_than_16_mb(self):
        self.assertEqual(assess("memory", downloads=[memory_run(rise_mb=15.9)]),
                         targets.Assessment("+15.9 MB; 8 of 8 downloads whole", True))
        self.assertFalse(assess("memory", downloads=[memory_run(rise_mb=16.0)]).met)

    def test_every_download_must_be_whole(self):
        self.assertFalse(assess("memory", downloads=[memory_run(whole=0)]).met)

    def test_not_measured(self):
        self.assertIsNone(assess("memory").met)
        self.assertIsNone(assess("memory", downloads=[memory_run(rise_mb=None)]).met)


class TableTest(unittest.TestCase):
    def test_issue_13s_targets_in_order(self):
        texts = [t.text for t in targets.table(200_000_000)]
        self.assertEqual(len(texts), 8)
        self.assertTrue(texts[0].startswith("keep-alive (64) ≥ 1.0× nginx"))
        self.assertIn("8 downloads of 200 MB at 5 MB/s", texts[6])
        self.assertIn("within 50 ms", texts[6])
        self.assertIn("< 16 MB", texts[7])

    def test_a_smaller_file_is_named(self):
        self.assertIn("of 40 MB", targets.table(40_000_000)[7].text)


class VerdictTest(unittest.TestCase):
    def test_words(self):
        self.assertEqual(targets.verdict(targets.Assessment("1.2×", True), False), "met")
        self.assertEqual(targets.verdict(targets.Assessment("0.7×", False), False),
                         "**not met**")
        self.assertEqual(targets.verdict(targets.NOT_MEASURED, False),
                         "not assessed: not measured")

    def test_a_noisy_run_assesses_nothing(self):
        for assessment in (targets.Assessment("1.2×", True), targets.NOT_MEASURED):
            self.assertEqual(targets.verdict(assessment, True), "not assessed: noisy run")
            self.assertEqual(targets.verdict(assessment, False, unsteady=True),
                             "not assessed: unsteady run")


if __name__ == "__main__":
    unittest.main()
