"""Running wrk and reading what it prints.

wrk's summary gives requests/s, the latency distribution (--latency) and
its error counts. Errors here are socket errors (connect, read, write,
timeout) plus answers outside 2xx/3xx. wrk counts a timeout only for an
answer that came late: a request never answered is no error to it, so a
run where nothing was answered shows 0 requests/s and no latencies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

_UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: Optional[float]  # None when nothing was answered.
    p99_ms: Optional[float]
    errors: int
    requests: int


def to_ms(text: str) -> float:
    """A wrk duration ("44.00us", "1.40ms", "1.74s", "1.00m") in ms."""
    match = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNIT_TO_MS[match.group(2)]


def _percentile(output: str, percent: str) -> Optional[float]:
    match = re.search(rf"^\s*{percent}%\s+(\S+)\s*$", output, re.MULTILINE)
    return to_ms(match.group(1)) if match else None


def parse(output: str) -> WrkResult:
    """Reads wrk's output (run with --latency)."""
    rps = re.search(r"^Requests/sec:\s+([0-9.]+)", output, re.MULTILINE)
    requests = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    errors = 0
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
        output)
    if socket:
        errors += sum(int(n) for n in socket.groups())
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad_status:
        errors += int(bad_status.group(1))
    answered = int(requests.group(1)) if requests else 0
    # With no answer wrk still prints a distribution of zeros.
    p50 = _percentile(output, "50") if answered else None
    p99 = _percentile(output, "99") if answered else None
    return WrkResult(
        requests_per_second=float(rps.group(1)) if rps else 0.0,
        p50_ms=p50,
        p99_ms=p99,
        errors=errors,
        requests=answered,
    )


def command(port: int, connections: int, seconds: int, close: bool) -> List[str]:
    """wrk's command line: one thread, a 2 s timeout (a slower answer is an
    error, not a latency), and the header with its space for close
    (cpp-httplib ignores "Connection:close")."""
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "2s",
            "--latency"]
    if close:
        argv += ["-H", "Connection: close"]
    return argv + [f"http://127.0.0.1:{port}/"]
