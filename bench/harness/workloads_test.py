"""The workload table, and the idle-connection holder's report read back."""
import unittest

from harness import workloads


class TableTest(unittest.TestCase):
    def test_the_four_workloads(self):
        table = {w.key: w for w in workloads.table(10_000)}
        self.assertEqual(list(table), ["ka64", "ka1000", "close64", "idle64"])
        self.assertEqual(table["ka1000"].connections, 1000)
        self.assertTrue(table["close64"].close)
        self.assertFalse(table["ka64"].close)
        self.assertIsNone(table["ka64"].companion)
        self.assertEqual(table["idle64"].name, "keep-alive, 64 active + 10,000 idle")

    def test_the_idle_holder_gets_port_count_and_time(self):
        holder = workloads.table(500)[3].companion
        self.assertEqual(holder.target, "//bench:idle_connections")
        self.assertEqual(holder.args(4242, 125), ["--port", "4242", "--count", "500",
                                                  "--hold-seconds", "125"])

    def test_wrk_waits_until_deferring_servers_hold_the_idle_connections(self):
        # Linux hands a silent deferred connection over after 1 s.
        self.assertGreater(workloads.table(500)[3].companion.settle_seconds, 1.0)

    def test_the_idle_holder_report(self):
        holder = workloads.table(10_000)[3].companion
        output = ("idle_connections: connected 9992 of 10000 in 1.2 s; first error: x\n"
                  "idle_connections: 16 closed by the server while held\n")
        self.assertRegex(output.splitlines()[0], holder.ready)
        self.assertEqual(holder.summarize(output),
                         "9992 of 10000 held, 16 closed by the server")
        self.assertEqual(holder.summarize(""), "? of ? held, ? closed by the server")


if __name__ == "__main__":
    unittest.main()
