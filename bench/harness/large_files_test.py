"""The large-file scenarios: downloads.py's command line, its JSON read
back, and the figures: downloads whole, probe latencies, memory's rise."""
import json
import unittest

from harness import large_files
from harness.large_files import Download, Probe
from harness.test_runs import DIGEST, QUIET, memory_run, probes, slow_run


class ScenarioTest(unittest.TestCase):
    def setUp(self):
        self.table = {s.key: s for s in large_files.table()}

    def test_slow_readers_read_at_5_mb_per_second_with_two_workers(self):
        slow = self.table["slow"]
        self.assertEqual((slow.rate, slow.threads), (5_000_000, 2))
        self.assertEqual(slow.argv(4242, "/t/big.bin", [7]), [
            "slow-readers", "--port", "4242", "--path", "/big.bin", "--file", "/t/big.bin",
            "--downloads", "8", "--rate", "5000000", "--probe-every", "0.25",
            "--idle-probes", "20"])

    def test_memory_downloads_as_fast_as_they_go_and_watches_every_process(self):
        heavy = self.table["memory"]
        self.assertIsNone(heavy.threads)
        argv = heavy.argv(4242, "/t/big.bin", [7, 8])
        self.assertEqual(argv[argv.index("--rate") + 1], "0")
        self.assertEqual(argv[-2:], ["--pids", "7,8"])

    def test_keys_and_file_sizes(self):
        self.assertEqual(large_files.KEYS, ["slow", "memory"])
        self.assertEqual(large_files.FILE_BYTES, 200_000_000)
        self.assertLess(large_files.QUICK_FILE_BYTES, large_files.FILE_BYTES)


class ParseTest(unittest.TestCase):
    def test_reads_the_json_line_among_the_summary(self):
        output = ("slow-readers: 8 downloads ended after 40.1 s\n" + json.dumps({
            "file_bytes": 10, "file_sha256": "f", "rate": 5,
            "idle_probes": [[1.5, 200]], "probes": [[2.5, 200], [10000.0, 0]],
            "downloads": [{"status": 200, "bytes": 10, "sha256": "f", "seconds": 2.0,
                           "error": None}]}) + "\n")
        run = large_files.parse(output, "slow", "ours", "ours (2 threads)", QUIET)
        self.assertEqual((run.scenario, run.server, run.name), ("slow", "ours",
                                                                "ours (2 threads)"))
        self.assertEqual(run.idle_probes, (Probe(1.5, 200),))
        self.assertEqual(run.probes[1], Probe(10000.0, 0))
        self.assertEqual(run.downloads, (Download(200, 10, "f", 2.0, None),))
        self.assertIsNone(run.rss_before)
        self.assertEqual(large_files.whole(run), 1)

    def test_memory_figures(self):
        output = json.dumps({"file_bytes": 10, "file_sha256": "f", "rate": 0,
                             "rss_before_bytes": 1000, "rss_peak_bytes": 3000,
                             "downloads": []})
        run = large_files.parse(output, "memory", "nginx", "nginx", QUIET)
        self.assertEqual((run.rss_before, run.rss_peak), (1000, 3000))
        self.assertEqual(run.probes, ())

    def test_no_json_is_an_error(self):
        with self.assertRaises(ValueError):
            large_files.parse("downloads.py: could not measure\n", "slow", "ours", "o",
                              QUIET)


class WholeTest(unittest.TestCase):
    def test_whole_means_200_every_byte_and_the_same_digest(self):
        whole = Download(200, 10, DIGEST, 1.0, None)
        self.assertTrue(large_files.is_whole(whole, 10, DIGEST))
        for broken in (Download(404, 10, DIGEST, 1.0, None),
                       Download(200, 9, DIGEST, 1.0, None),
                       Download(200, 10, "00" * 32, 1.0, None),
                       Download(200, 10, DIGEST, 1.0, "connection reset"),
                       Download(None, 0, DIGEST, 1.0, "refused")):
            self.assertFalse(large_files.is_whole(broken, 10, DIGEST), broken)

    def test_counts_over_a_run(self):
        self.assertEqual(large_files.whole(slow_run(whole=6)), 6)
        self.assertFalse(large_files.all_whole(slow_run(whole=6)))
        self.assertTrue(large_files.all_whole(slow_run(whole=8)))

    def test_no_download_is_not_all_whole(self):
        run = slow_run()
        empty = large_files.DownloadRun(run.scenario, run.server, run.name, run.file_bytes,
                                        run.file_sha256, run.rate, (), QUIET)
        self.assertFalse(large_files.all_whole(empty))

    def test_longest_download(self):
        self.assertEqual(large_files.longest_download_seconds(slow_run()), 40.0)


class ProbeFiguresTest(unittest.TestCase):
    def test_median_p99_and_max_of_the_answered(self):
        figures = large_files.probe_figures(
            probes(*range(1, 101)) + probes(10_000.0, status=0))
        self.assertEqual((figures.count, figures.failed), (101, 1))
        self.assertEqual(figures.median_ms, 50.5)
        self.assertEqual((figures.p99_ms, figures.max_ms), (99, 100))

    def test_nothing_answered(self):
        figures = large_files.probe_figures(probes(10_000.0, status=503))
        self.assertEqual((figures.count, figures.failed), (1, 1))
        self.assertIsNone(figures.median_ms)
        self.assertIsNone(figures.max_ms)


class MemoryTest(unittest.TestCase):
    def test_rise_in_mb(self):
        self.assertAlmostEqual(large_files.rss_rise_mb(memory_run(rise_mb=12.5)), 12.5)
        self.assertIsNone(large_files.rss_rise_mb(memory_run(rise_mb=None)))


if __name__ == "__main__":
    unittest.main()
