"""Everything bench/http starts stops: on stop_all(), when it ignores
SIGTERM, with whatever it forked, and when bench/http itself is killed."""
import http.server
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from harness import processes


def group_running(group):
    """Whether a process of `group` still runs (zombies aside), within 2 s."""
    deadline = time.monotonic() + 2
    while True:
        running = False
        for entry in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            running = running or (int(fields[2]) == group and fields[0] != "Z")
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.05)


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:  # A zombie is not running.
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:  # Reaped between the kill and the read.
        return False


class StopTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder)
        self.processes = processes.Processes(self.folder)
        self.addCleanup(self.processes.stop_all)

    def test_stop_all_stops_each_with_what_it_forked(self):
        first = self.processes.start("a", ["sh", "-c", "sleep 60 & sleep 60"])
        second = self.processes.start("b", ["sleep", "60"])
        time.sleep(0.2)
        self.processes.stop_all()
        for process in (first, second):
            self.assertIsNotNone(process.poll())
            self.assertFalse(group_running(process.pid))

    def test_sigterm_ignored_gets_sigkill(self):
        stubborn = self.processes.start("c", ["sh", "-c", "trap '' TERM; sleep 60"])
        time.sleep(0.2)
        self.processes.stop(stubborn, grace_seconds=0.3)
        self.assertEqual(stubborn.returncode, -signal.SIGKILL)

    def test_output_goes_to_its_log_and_pinning_uses_taskset(self):
        process = self.processes.start("d", ["sh", "-c", "echo ready; grep Cpus_allowed_list "
                                             "/proc/self/status"], cpu=0)
        match = processes.wait_for_line(self.processes.log_path("d"), r"^ready$", 10, process)
        self.assertEqual(match.group(0), "ready")
        process.wait()
        with open(self.processes.log_path("d")) as log:
            self.assertRegex(log.read(), r"Cpus_allowed_list:\s+0\n")

    def test_waiting_for_a_line_that_never_comes_fails_with_the_log(self):
        process = self.processes.start("e", ["sh", "-c", "echo oops; exit 1"])
        with self.assertRaises(processes.HarnessError) as raised:
            processes.wait_for_line(self.processes.log_path("e"), "listening", 10, process)
        self.assertIn("exited", str(raised.exception))
        self.assertIn("oops", str(raised.exception))

    def test_nothing_outlives_a_harness_killed_with_sigkill(self):
        script = (
            "import sys, time\n"
            f"sys.path.insert(0, {os.path.dirname(os.path.dirname(processes.__file__))!r})\n"
            "from harness import processes\n"
            f"p = processes.Processes({self.folder!r}).start('f', ['sleep', '60'])\n"
            "print(p.pid, flush=True)\n"
            "time.sleep(60)\n")
        harness = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                   text=True)
        child = int(harness.stdout.readline())
        self.assertTrue(pid_alive(child))
        harness.kill()
        harness.wait()
        harness.stdout.close()
        deadline = time.monotonic() + 5
        while pid_alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(pid_alive(child))


class MeasuredTest(unittest.TestCase):
    def test_exit_status_and_cpu_time_of_a_program_run_to_its_end(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        log = os.path.join(folder, "busy.log")
        status, seconds = processes.run_measured(
            [sys.executable, "-c", "import time\nend = time.process_time() + 0.3\n"
             "while time.process_time() < end: pass\nraise SystemExit(3)"], log)
        self.assertEqual(status, 3)
        self.assertGreaterEqual(seconds, 0.29)

    def test_resident_memory(self):
        self.assertGreater(processes.resident_mib([os.getpid()]), 1.0)
        self.assertIsNone(processes.resident_mib([]))


class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class ProbeTest(unittest.TestCase):
    def test_status_line_of_a_server_and_of_nothing(self):
        server = http.server.HTTPServer(("127.0.0.1", 0), Hello)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        port = server.server_address[1]
        self.assertEqual(processes.status_line(port), "HTTP/1.0 200 OK")
        self.assertTrue(processes.answers_ok(port))
        self.assertLess(processes.wait_until_answering(port, 5), 1)
        closed = processes.free_port()
        self.assertIsNone(processes.status_line(closed, timeout=1))
        with self.assertRaises(processes.HarnessError):
            processes.wait_until_answering(closed, 0.5)


if __name__ == "__main__":
    unittest.main()
