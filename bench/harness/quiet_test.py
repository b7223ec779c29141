"""The quiet accounting on a fake /proc: what is not the server, wrk or a
helper counts as other work, and more than 5 % of a core is noisy."""
import os
import shutil
import tempfile
import unittest

from harness import quiet

HZ = 100


def proc_stat(busy_user, idle=0, softirq=0):
    # cpu user nice system idle iowait irq softirq steal guest guest_nice
    return (f"cpu  {busy_user} 0 0 {idle} 7 0 {softirq} 0 0 0\n"
            f"cpu0 {busy_user} 0 0 {idle} 7 0 {softirq} 0 0 0\nintr 1 2 3\n")


KERNEL_THREAD = 0x00200000  # PF_KTHREAD


def pid_stat(pid, name, group, utime, stime=0, cutime=0, flags=0):
    # Fields 3..17: state ppid pgrp session tty tpgid flags minflt cminflt
    # majflt cmajflt utime stime cutime cstime, then the rest.
    return (f"{pid} ({name}) S 1 {group} {group} 0 -1 {flags} 0 0 0 0 "
            f"{utime} {stime} {cutime} 0 20 0 1 0 100 0 0\n")


class FakeProc:
    """A folder laid out like /proc, with only what quiet reads."""

    def __init__(self):
        self.root = tempfile.mkdtemp()
        self.now = 0.0

    def clock(self):
        return self.now

    def machine(self, busy, softirq=0):
        """busy: user ticks plus softirq, all CPUs."""
        with open(os.path.join(self.root, "stat"), "w") as out:
            out.write(proc_stat(busy - softirq, softirq=softirq))

    def process(self, pid, name, group, utime, cutime=0, flags=0):
        os.makedirs(os.path.join(self.root, str(pid)), exist_ok=True)
        with open(os.path.join(self.root, str(pid), "stat"), "w") as out:
            out.write(pid_stat(pid, name, group, utime, cutime=cutime, flags=flags))

    def end(self, pid):
        shutil.rmtree(os.path.join(self.root, str(pid)))


class ParseTest(unittest.TestCase):
    def test_busy_time_leaves_out_idle_and_iowait(self):
        text = "cpu  100 20 30 5000 400 6 7 8 50 0\ncpu0 1 1 1 1 1 1 1 1 1 1\n"
        self.assertEqual(quiet.busy_jiffies(text), 100 + 20 + 30 + 6 + 7 + 8)

    def test_interrupt_time_is_irq_and_softirq(self):
        text = "cpu  100 20 30 5000 400 6 7 8 50 0\n"
        self.assertEqual(quiet.interrupt_jiffies(text), 6 + 7)

    def test_only_a_kernel_thread_named_ksoftirqd_is_the_network(self):
        kernel = quiet.parse_process_stat(pid_stat(14, "ksoftirqd/0", 0, 1, flags=KERNEL_THREAD))
        impostor = quiet.parse_process_stat(pid_stat(99, "ksoftirqd/0", 99, 1))
        worker = quiet.parse_process_stat(pid_stat(15, "kworker/0:1", 0, 1, flags=KERNEL_THREAD))
        self.assertTrue(kernel.kernel_thread)
        self.assertTrue(kernel.network_thread)
        self.assertFalse(impostor.network_thread)
        self.assertFalse(worker.network_thread)

    def test_no_cpu_line_is_an_error(self):
        with self.assertRaises(ValueError):
            quiet.busy_jiffies("intr 1 2 3\n")

    def test_process_name_may_hold_spaces_and_parentheses(self):
        stat = pid_stat(42, "a (b) c", 40, utime=7, stime=0, cutime=5)
        process = quiet.parse_process_stat(stat.replace(" 0 20 ", " 3 20 ", 1))
        self.assertEqual(process.pid, 42)
        self.assertEqual(process.name, "a (b) c")
        self.assertEqual(process.group, 40)
        self.assertEqual(process.jiffies, 7)
        self.assertEqual(process.reaped, 5 + 3)


class IntervalTest(unittest.TestCase):
    def setUp(self):
        self.proc = FakeProc()
        self.addCleanup(shutil.rmtree, self.proc.root)

    def interval(self):
        return quiet.Interval(server=100, helpers=[200], pids=[300],
                              proc=self.proc.root, hz=HZ, clock=self.proc.clock)

    def run_interval(self, other_ticks, wrk_seconds=4.9, wrk_rusage=None,
                     idle_softirq=0, softirq=0, ksoftirqd=0, ksoftirqd_flags=KERNEL_THREAD):
        """5 s: the server uses 480 ticks, the helper 10, the harness 1,
        wrk (reaped) wrk_seconds, a build `other_ticks`. wrk_rusage: what
        wrk's rusage says, if not exactly what the ticks say. idle_softirq:
        ticks no process is charged for; softirq: what /proc/stat's softirq
        column grew by (the processes' share included); ksoftirqd: what the
        process named ksoftirqd/1 used."""
        proc = self.proc
        proc.now = 0.0
        proc.machine(10_000)
        proc.process(100, "server", 100, 1_000)
        proc.process(101, "server-child", 100, 0)
        proc.process(200, "idle_connections", 200, 50)
        proc.process(300, "python3", 7, 20)
        proc.process(400, "cc1plus", 400, 0)
        proc.process(22, "ksoftirqd/1", 0, 0, flags=ksoftirqd_flags)
        interval = self.interval()
        interval.start()
        proc.now = 5.0
        proc.process(100, "server", 100, 1_470)
        proc.process(101, "server-child", 100, 10)
        proc.process(200, "idle_connections", 200, 60)
        proc.process(300, "python3", 7, 21)
        proc.process(400, "cc1plus", 400, other_ticks)
        proc.process(22, "ksoftirqd/1", 0, ksoftirqd, flags=ksoftirqd_flags)
        proc.machine(10_000 + 480 + 10 + 1 + round(wrk_seconds * HZ) + other_ticks
                     + idle_softirq + ksoftirqd, softirq=softirq)
        return interval.stop(child_seconds=wrk_rusage or wrk_seconds)

    def test_what_is_measured_is_not_other_work(self):
        reading = self.run_interval(other_ticks=0)
        self.assertAlmostEqual(reading.other_percent, 0.0)
        self.assertAlmostEqual(reading.server_percent, 96.0)  # 480 ticks in 5 s.
        self.assertTrue(reading.quiet)

    def test_a_build_beside_the_benchmark_makes_it_noisy(self):
        reading = self.run_interval(other_ticks=30)
        self.assertAlmostEqual(reading.other_percent, 6.0)
        self.assertFalse(reading.quiet)
        self.assertEqual(reading.busiest, [("cc1plus", 6.0)])
        self.assertIn("cc1plus 6.0 %", quiet.describe(reading))

    def test_five_percent_is_still_quiet(self):
        self.assertTrue(self.run_interval(other_ticks=25).quiet)
        self.assertFalse(self.run_interval(other_ticks=26).quiet)

    def test_sampling_error_never_shows_as_negative_other_work(self):
        reading = self.run_interval(other_ticks=0, wrk_seconds=4.9, wrk_rusage=5.0)
        self.assertEqual(reading.other_percent, 0.0)

    def test_softirqs_the_idle_task_took_are_network_work_not_other_work(self):
        reading = self.run_interval(other_ticks=0, idle_softirq=30, softirq=120)
        self.assertAlmostEqual(reading.other_percent, 0.0)
        self.assertAlmostEqual(reading.network_percent, 6.0)
        self.assertTrue(reading.quiet)
        self.assertEqual(quiet.describe(reading), "0.0 % of a core; not counted: "
                         "the traffic's network work in the kernel, 6.0 %")

    def test_time_no_process_took_beyond_the_interrupt_time_is_other_work(self):
        # 30 ticks charged to no process, but only 10 were interrupts: the
        # other 20 (a process this /proc cannot see) are other work.
        reading = self.run_interval(other_ticks=0, idle_softirq=30, softirq=10)
        self.assertAlmostEqual(reading.network_percent, 2.0)
        self.assertAlmostEqual(reading.other_percent, 4.0)

    def test_a_build_stays_other_work_whatever_the_interrupt_time(self):
        reading = self.run_interval(other_ticks=30, softirq=500)
        self.assertAlmostEqual(reading.other_percent, 6.0)
        self.assertAlmostEqual(reading.network_percent, 0.0)
        self.assertFalse(reading.quiet)

    def test_ksoftirqd_is_network_work(self):
        reading = self.run_interval(other_ticks=10, ksoftirqd=40)
        self.assertAlmostEqual(reading.network_percent, 8.0)
        self.assertAlmostEqual(reading.other_percent, 2.0)
        self.assertEqual(reading.busiest, [("cc1plus", 2.0)])

    def test_a_process_that_calls_itself_ksoftirqd_is_other_work(self):
        reading = self.run_interval(other_ticks=0, ksoftirqd=40, ksoftirqd_flags=0)
        self.assertAlmostEqual(reading.network_percent, 0.0)
        self.assertAlmostEqual(reading.other_percent, 8.0)
        self.assertFalse(reading.quiet)

    def test_processes_that_ended_are_counted_and_their_reaper_named(self):
        proc = self.proc
        proc.machine(1_000)
        proc.process(100, "server", 100, 0)
        proc.process(500, "java", 500, 0, cutime=0)
        proc.process(501, "cc1plus", 500, 0)
        interval = self.interval()
        interval.start()
        proc.now = 2.0
        proc.end(501)  # Used 40 ticks, then java reaped it.
        proc.process(500, "java", 500, 2, cutime=40)
        proc.machine(1_000 + 40 + 2)
        reading = interval.stop()
        self.assertAlmostEqual(reading.other_percent, 21.0)
        self.assertAlmostEqual(reading.ended_percent, 20.0)
        self.assertEqual(reading.reapers, [("java", 20.0)])
        self.assertEqual(quiet.describe(reading),
                         "21.0 % of a core (processes that ended meanwhile 20.0 %, "
                         "reaped by java 20.0 %; java 1.0 %)")

    def test_stop_before_start_is_a_mistake(self):
        with self.assertRaises(RuntimeError):
            self.interval().stop()


class CheckTest(unittest.TestCase):
    QUIET = quiet.Reading(seconds=5.0, other_percent=1.0, server_percent=90.0, busiest=[])
    LOUD = quiet.Reading(seconds=5.0, other_percent=40.0, server_percent=60.0,
                         busiest=[("cc1plus", 40.0)])

    def test_a_quiet_reading_is_logged(self):
        logged = []
        quiet.check(self.QUIET, "during run 1", False, logged.append)
        self.assertEqual(logged, ["quiet check: during run 1, other work used 1.0 % of a core"])

    def test_a_noisy_reading_stops_the_run_and_names_the_work(self):
        with self.assertRaises(quiet.NoisyMachine) as raised:
            quiet.check(self.LOUD, "during slow readers, ours", False, print)
        self.assertIn("during slow readers, ours, other work used 40.0 %", str(raised.exception))
        self.assertIn("cc1plus", str(raised.exception))

    def test_noisy_ok_goes_on_and_says_so(self):
        logged = []
        quiet.check(self.LOUD, "during run 2", True, logged.append)
        self.assertTrue(logged[0].startswith("NOISY: during run 2"))


if __name__ == "__main__":
    unittest.main()
