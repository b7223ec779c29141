"""The large-file scenarios' parts that need no real server: the root with
its big file, made and removed, the log line, and bench/downloads.py's
output read back, from a run against a small Python server."""
import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

from harness import large_file_runs, large_files
from harness.test_runs import QUIET, memory_run, probes, slow_run


class RootTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)
        self.pages = os.path.join(self.folder, "pages")
        os.makedirs(self.pages)
        for name in large_file_runs.PAGES:
            with open(os.path.join(self.pages, name), "w") as out:
                out.write(f"<p>{name}</p>")

    def digest(self, path):
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def test_pages_and_a_seeded_file_readable_by_all_then_removed(self):
        root = large_file_runs.make_root(self.pages, 300_000)
        self.assertEqual(sorted(os.listdir(root)), ["404.html", "big.bin", "hello.html"])
        self.assertEqual(os.stat(root).st_mode & 0o777, 0o755)
        big = os.path.join(root, "big.bin")
        self.assertEqual(os.stat(big).st_mode & 0o777, 0o644)
        self.assertEqual(os.path.getsize(big), 300_000)
        with open(big, "rb") as f:
            self.assertGreater(len(set(f.read(4096))), 200)  # Not a run of zeros.
        again = large_file_runs.make_root(self.pages, 300_000)
        self.assertEqual(self.digest(os.path.join(again, "big.bin")), self.digest(big))
        for made in (root, again):
            large_file_runs.remove_root(made)
            self.assertFalse(os.path.exists(made))


class SummaryTest(unittest.TestCase):
    def test_slow_readers(self):
        line = large_file_runs.summary(slow_run(during=probes(2.0, 4.0, 60.0), whole=7))
        self.assertEqual(line, "GET / during the downloads: median 4.00 ms, p99 60 ms, "
                               "max 60 ms (3 probes, 0 unanswered; idle: median 1.25 ms); "
                               "7 of 8 downloads whole")

    def test_memory(self):
        self.assertEqual(large_file_runs.summary(memory_run(rise_mb=1.5)),
                         "resident memory +1.5 MB; 8 of 8 downloads whole")
        self.assertIn("+n/a MB", large_file_runs.summary(memory_run(rise_mb=None)))


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class DownloadsPyTest(unittest.TestCase):
    """downloads.py against a small server; what it prints, read back."""

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp()
        pages = os.path.join(cls.folder, "pages")
        os.makedirs(pages)
        for name in large_file_runs.PAGES:
            with open(os.path.join(pages, name), "w") as out:
                out.write("<p>hello</p>")
        cls.root = large_file_runs.make_root(pages, 200_000)
        handler = functools.partial(Quiet, directory=cls.root)
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        shutil.rmtree(cls.folder)
        large_file_runs.remove_root(cls.root)

    def downloads_py(self, scenario, *extra):
        argv = [sys.executable, large_file_runs.DOWNLOADS_PY, scenario, "--port",
                str(self.server.server_address[1]), "--path", large_files.PATH, "--file",
                os.path.join(self.root, "big.bin"), "--downloads", "2", *extra]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        return large_files.parse(done.stdout, scenario, "test", "test", QUIET)

    def test_slow_readers_probe_before_and_during_paced_downloads(self):
        # 4 s per download (200 KB at 50 KB/s), probed from 1 s in: room for
        # more than 5 probes even when a busy machine makes each take 250 ms.
        run = self.downloads_py("slow-readers", "--rate", "50000", "--probe-every", "0.05",
                                "--idle-probes", "3")
        self.assertEqual(len(run.idle_probes), 3)
        self.assertGreater(len(run.probes), 5)
        self.assertTrue(all(p.status == 200 for p in run.idle_probes + run.probes))
        self.assertTrue(large_files.all_whole(run))
        self.assertGreaterEqual(large_files.longest_download_seconds(run), 3.9)  # Paced.

    def test_memory_samples_the_servers_resident_memory(self):
        run = self.downloads_py("memory", "--pids", str(os.getpid()))
        self.assertEqual(large_files.whole(run), 2)
        self.assertGreater(run.rss_before, 1_000_000)
        self.assertGreaterEqual(run.rss_peak, run.rss_before)

    def test_a_wrong_file_is_not_whole(self):
        other = os.path.join(self.folder, "other.bin")
        with open(other, "wb") as out:
            out.write(b"x" * 200_000)
        argv = [sys.executable, large_file_runs.DOWNLOADS_PY, "memory", "--port",
                str(self.server.server_address[1]), "--path", large_files.PATH, "--file",
                other, "--downloads", "1", "--pids", str(os.getpid())]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        run = large_files.parse(done.stdout, "memory", "test", "test", QUIET)
        self.assertEqual(large_files.whole(run), 0)

    def test_no_server_is_exit_1_and_a_bad_flag_exit_2(self):
        base = [sys.executable, large_file_runs.DOWNLOADS_PY]
        closed = subprocess.run(base + ["memory", "--port", "1", "--path", "/", "--file",
                                        os.path.join(self.root, "big.bin"), "--pids", "1"],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(closed.returncode, 1)
        self.assertIn("could not measure", closed.stderr)
        bad = subprocess.run(base + ["memory", "--pids", "x"], capture_output=True,
                             text=True, timeout=60)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("usage:", bad.stderr)


if __name__ == "__main__":
    unittest.main()
