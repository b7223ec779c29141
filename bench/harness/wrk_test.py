"""wrk's output, as Debian's wrk 4.1 prints it, becomes requests/s,
latencies in ms and an error count."""
import unittest

from harness import wrk

KEEP_ALIVE = """\
Running 5s test @ http://127.0.0.1:41000/
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.42ms  310.00us   9.10ms   80.00%
    Req/Sec    44.61k     1.20k   46.00k    70.00%
  Latency Distribution
     50%    1.40ms
     75%    1.60ms
     90%    1.90ms
     99%    2.44ms
  221955 requests in 5.00s, 75.60MB read
Requests/sec:  44391.50
Transfer/sec:     15.12MB
"""

ERRORS = """\
Running 5s test @ http://127.0.0.1:41000/
  1 threads and 1000 connections
  Latency Distribution
     50%   44.00us
     75%   1.20s
     90%   1.50s
     99%    1.74s
  1480 requests in 5.00s, 500.00KB read
  Socket errors: connect 0, read 12, write 3, timeout 169
  Non-2xx or 3xx responses: 7
Requests/sec:    296.00
Transfer/sec:     100.00KB
"""

NOTHING_ANSWERED = """\
Running 5s test @ http://127.0.0.1:41000/
  1 threads and 64 connections
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  0 requests in 5.00s, 0.00B read
Requests/sec:      0.00
Transfer/sec:       0.00B
"""


class ToMsTest(unittest.TestCase):
    def test_every_unit(self):
        self.assertAlmostEqual(wrk.to_ms("44.00us"), 0.044)
        self.assertEqual(wrk.to_ms("1.40ms"), 1.4)
        self.assertEqual(wrk.to_ms("1.74s"), 1740.0)
        self.assertEqual(wrk.to_ms("1.00m"), 60_000.0)

    def test_rejects_what_is_not_a_duration(self):
        with self.assertRaises(ValueError):
            wrk.to_ms("fast")


class ParseTest(unittest.TestCase):
    def test_keep_alive_run(self):
        result = wrk.parse(KEEP_ALIVE)
        self.assertEqual(result.requests_per_second, 44391.50)
        self.assertEqual(result.p50_ms, 1.40)
        self.assertEqual(result.p99_ms, 2.44)
        self.assertEqual(result.errors, 0)
        self.assertEqual(result.requests, 221955)

    def test_socket_errors_and_bad_statuses_add_up(self):
        result = wrk.parse(ERRORS)
        self.assertEqual(result.errors, 12 + 3 + 169 + 7)
        self.assertAlmostEqual(result.p50_ms, 0.044)
        self.assertEqual(result.p99_ms, 1740.0)

    def test_no_answer_has_no_latency(self):
        result = wrk.parse(NOTHING_ANSWERED)
        self.assertEqual(result.requests_per_second, 0.0)
        self.assertIsNone(result.p50_ms)
        self.assertIsNone(result.p99_ms)

    def test_output_of_a_wrk_that_failed_reads_as_nothing(self):
        result = wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")
        self.assertEqual(result.requests_per_second, 0.0)
        self.assertIsNone(result.p99_ms)


class CommandTest(unittest.TestCase):
    def test_close_sends_the_header_with_its_space(self):
        argv = wrk.command(8080, 64, 5, close=True)
        self.assertEqual(argv[:2], ["wrk", "-t1"])
        self.assertIn("-c64", argv)
        self.assertIn("-d5s", argv)
        self.assertEqual(argv[argv.index("-H") + 1], "Connection: close")
        self.assertEqual(argv[-1], "http://127.0.0.1:8080/")

    def test_keep_alive_sends_no_header(self):
        self.assertNotIn("-H", wrk.command(8080, 1000, 5, close=False))


if __name__ == "__main__":
    unittest.main()
