"""RESULTS.md from a made-up run: a quiet run shows ratios, the idle cost,
the large-file scenarios and verdicts and every run's other CPU; a noisy one
says so, marks its ratios and assesses no target; an unsteady one assesses
no ratio to nginx."""
import dataclasses
import unittest

from harness import peers, report, targets, workloads
from harness.results import Run
from harness.test_runs import NOISY, QUIET, memory_run, probes, slow_run
from harness.wrk import WrkResult

RPS = {("ka64", "ours"): 63_500, ("ka64", "nginx"): 92_300, ("ka64", "h2o"): 100_000,
       ("idle64", "ours"): 60_000, ("idle64", "nginx"): 90_000,
       ("idle64", "h2o"): 95_000}


def download_runs(noisy=False, file_bytes=200_000_000):
    return [slow_run("ours", during=probes(2.0, 3.0, 41.0), file_bytes=file_bytes),
            slow_run("nginx", during=probes(1.0, 1.2, 1.4), file_bytes=file_bytes,
                     reading=NOISY if noisy else QUIET),
            memory_run("ours", rise_mb=2.5), memory_run("nginx", rise_mb=1.25, whole=7)]


def outcome(noisy_run=None, downloads=None, file_bytes=200_000_000, extra_runs=()):
    chosen = [p for p in peers.all_peers(4) if p.key in ("ours", "nginx", "h2o")]
    loads = [w for w in workloads.table(10_000) if w.key in ("ka64", "idle64")]
    runs = []
    for load in loads:
        for peer in chosen:
            reading = NOISY if (load.key, peer.key) == noisy_run else QUIET
            result = WrkResult(RPS[(load.key, peer.key)], 0.9, 2.0, 0, 1000)
            note = "10000 of 10000 held" if load.companion else ""
            # The idle workload's baseline: as fast as ka64's run.
            baseline = RPS[("ka64", peer.key)] if load.companion else None
            runs.append(Run(load.key, peer.key, 1, result, reading, 4.5, note,
                            baseline_rps=baseline,
                            baseline_reading=QUIET if load.companion else None))
    return report.Outcome(
        name="20261201-0740Z-abc1234", command="bench/http", started="2026-12-01 07:40 UTC",
        minutes=11.2, duration=5, rounds=1, machine=["CPU: test"], peers=chosen,
        workloads=loads, runs=runs + list(extra_runs), precheck=QUIET,
        analysis="## Analysis\n\nText.\n",
        pool_output="BM_Inline 1 ns\n",
        download_runs=download_runs() if downloads is None else downloads,
        file_bytes=file_bytes)


class QuietRunTest(unittest.TestCase):
    def setUp(self):
        self.text = report.render(outcome())

    def test_names_the_run(self):
        self.assertIn("Run **20261201-0740Z-abc1234** of `bench/http`", self.text)
        self.assertNotIn("Noisy run", self.text)
        self.assertNotIn("Unsteady run", self.text)

    def test_ratios_to_nginx_and_h2o(self):
        row = next(line for line in self.text.splitlines()
                   if line.startswith("| keep-alive, 64 connections | ours"))
        self.assertIn("| 63,500 |", row)
        self.assertIn("| 0.69 | 0.64 | 1.00 |", row)

    def test_cpu_per_request(self):
        # 99 % of a core for 63,500 requests/s: 15.6 µs each.
        row = next(line for line in self.text.splitlines()
                   if line.startswith("| keep-alive, 64 connections | ours"))
        self.assertIn("| 0 | 15.6 µs | 0.69 |", row)
        self.assertIn("| CPU per request |", self.text)

    def test_targets_have_verdicts(self):
        self.assertIn("| keep-alive (64) ≥ 1.0× nginx | 0.69× | **not met** |", self.text)
        self.assertIn("requests/s | 5.5 % | met |", self.text)
        self.assertIn("| max 41.0 ms of 3 probes; 8 of 8 downloads whole | met |", self.text)
        self.assertIn("| +2.5 MB; 8 of 8 downloads whole | met |", self.text)
        self.assertIn("| `Connection: close` (64) ≥ 1.0× nginx | n/a | not assessed: not "
                      "measured |", self.text)

    def test_idle_cost_of_every_server(self):
        self.assertIn("| ours (4 threads) | 63,500 | 60,000 | 5.5 % |", self.text)
        self.assertIn("| h2o (1 thread) | 100,000 | 95,000 | 5.0 % |", self.text)
        self.assertIn("Target for ours: ≤ 10 %", self.text)

    def test_an_idle_run_shows_its_baseline(self):
        row = next(line for line in self.text.splitlines()
                   if "64 active" in line and "| ours" in line and "held" in line)
        self.assertIn("alone just before: 63,500 req/s, other CPU 0.4 %; 10000 of 10000 held",
                      row)

    def test_large_files_side_by_side(self):
        self.assertIn("## Large files", self.text)
        self.assertIn("A file of 200 MB of pseudo-random bytes", self.text)
        self.assertIn("| ours (2 threads) | 1.25 ms | 1.50 ms | 1.50 ms | 2 (0) | 3.00 ms "
                      "| 41 ms | 41 ms | 3 (0) | 8 of 8 | 40.0 s | 0.4 % |", self.text)
        self.assertIn("| nginx (tuned, 1 worker) | 1.25 ms", self.text)
        self.assertIn("| ours (2 threads) | 5.0 MB | 7.5 MB | 2.5 MB | 8 of 8 | 4.0 s "
                      "| 0.4 % |", self.text)
        self.assertIn("| 1.2 MB | 7 of 8 |", self.text)
        self.assertNotIn("--quick", self.text)

    def test_every_run_shows_its_other_cpu_and_note(self):
        runs = [line for line in self.text.splitlines() if line.startswith("| 1 |")
                or line.startswith("| 6 |")]
        self.assertEqual(len(runs), 2)
        self.assertIn("| 0.4 % | 3.2 % |", runs[0])  # Other CPU, then network.
        self.assertIn("10000 of 10000 held", runs[1])

    def test_sections_and_copied_texts(self):
        for heading in ["## Quiet check", "## Machine", "## Set-up", "### nginx (tuned",
                        "## HTTP", "## Every run", "## Targets", "## Analysis",
                        "## //pool microbenchmarks", "![requests/s"]:
            self.assertIn(heading, self.text)
        self.assertIn("BM_Inline 1 ns", self.text)


class WithoutLargeFilesTest(unittest.TestCase):
    def test_no_section_and_the_targets_not_measured(self):
        text = report.render(outcome(downloads=[]))
        self.assertNotIn("## Large files", text)
        self.assertNotIn("*Large files*", text)
        self.assertIn("every download whole | n/a | not assessed: not measured |", text)


class LargeFilesOnlyTest(unittest.TestCase):
    def test_no_http_tables_and_no_chart(self):
        text = report.render(dataclasses.replace(outcome(), runs=[]))
        self.assertNotIn("## HTTP", text)
        self.assertNotIn("![requests/s", text)
        self.assertNotIn("## Every run", text)
        self.assertNotIn("## Idle connections' cost", text)
        self.assertIn("## Large files", text)
        self.assertIn("Highest over the 4 measured intervals", text)


class QuickRunTest(unittest.TestCase):
    def test_a_smaller_file_says_so(self):
        text = report.render(outcome(file_bytes=40_000_000,
                                     downloads=download_runs(file_bytes=40_000_000)))
        self.assertIn("A file of 40 MB (not the issue's 200 MB: a `--quick` or "
                      "`--file-mb` run)", text)
        self.assertIn("8 downloads of 40 MB at 5 MB/s", text)


class NoisyRunTest(unittest.TestCase):
    def setUp(self):
        self.text = report.render(outcome(noisy_run=("idle64", "h2o")))

    def test_says_so_at_the_top(self):
        self.assertIn("**Noisy run: not a measurement.**", self.text)
        self.assertIn("during 1 of 13 measured intervals (up to 37.5 %)", self.text)

    def test_ratios_are_marked_and_no_target_is_met(self):
        self.assertIn("0.69 (noisy)", self.text)
        self.assertNotIn("| met |", self.text)
        self.assertNotIn("not met", self.text)
        self.assertEqual(self.text.count("not assessed: noisy run"),
                         len(targets.table(200_000_000)))

    def test_the_noisy_run_stands_out(self):
        self.assertIn("**37.5 %**", self.text)
        self.assertIn("Highest over the 13 measured intervals: 37.5 % (idle64, h2o, round 1)", self.text)

    def test_a_noisy_large_file_run_makes_the_run_noisy(self):
        text = report.render(outcome(downloads=download_runs(noisy=True)))
        self.assertIn("**Noisy run: not a measurement.**", text)
        self.assertIn("(slow, nginx)", text)
        self.assertIn("| **37.5 %** |", text)
        self.assertNotIn("| met |", text)



class UnsteadyRunTest(unittest.TestCase):
    def setUp(self):
        # A second round of nginx's keep-alive run at half the first's speed.
        slow = Run("ka64", "nginx", 2, WrkResult(46_000, 0.9, 2.0, 0, 1000), QUIET, 4.5)
        self.text = report.render(outcome(extra_runs=[slow]))

    def test_says_so_at_the_top_naming_the_rounds(self):
        self.assertIn("**Unsteady run: no ratio to nginx is assessed.**", self.text)
        self.assertIn("ka64, nginx: 46,000 to 92,300 requests/s (2.01×)", self.text)

    def test_no_ratio_to_nginx_is_assessed_the_rest_is(self):
        ratios = [t for t in targets.table(200_000_000) if t.across_rounds]
        self.assertEqual(len(ratios), 5)
        for target in ratios:
            self.assertIn(f"| {target.text} |", self.text)
        self.assertEqual(self.text.count("not assessed: unsteady run"), len(ratios))
        # The idle cost (paired within seconds) and the large files still are.
        self.assertIn("requests/s | 5.5 % | met |", self.text)
        self.assertIn("+2.5 MB; 8 of 8 downloads whole | met |", self.text)

if __name__ == "__main__":
    unittest.main()
