"""What wrk does to each server: the workload table.

A workload is wrk's connections and headers, plus an optional companion: a
program that runs beside wrk for the whole run (bench/idle_connections
holding idle connections open). To add a scenario, add a row to table(),
and a Companion if it needs a program of its own (built by Bazel, started
pinned to the load generator's CPU, ready once it prints `ready`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, List, Optional


@dataclass(frozen=True)
class Companion:
    target: str  # Bazel target, built with -c opt.
    binary: str  # Its path under bazel-bin.
    args: Callable[[int, int], List[str]]  # (port, seconds to hold) -> argv tail.
    ready: str  # Regular expression its output matches once it is ready.
    ready_seconds: float  # How long it may take to get ready.
    summarize: Callable[[str], str]  # Its whole output -> a note for RESULTS.md.
    settle_seconds: float = 0.0  # Waited after it is ready, before wrk starts.


@dataclass(frozen=True)
class Workload:
    key: str  # Short id, for --workloads and the targets.
    name: str  # For RESULTS.md's tables.
    label: str  # For the chart's x axis.
    connections: int  # wrk's.
    close: bool = False  # Send "Connection: close".
    companion: Optional[Companion] = field(default=None)


# Linux hands a deferred connection that sends nothing over when it retries
# its SYN-ACK, a second after the handshake; with room to spare.
HAND_OVER_SECONDS = 2.0


def _idle_summary(output: str) -> str:
    held = re.search(r"connected (\d+) of (\d+)", output)
    closed = re.search(r"(\d+) closed by the server", output)
    return (f"{held.group(1) if held else '?'} of {held.group(2) if held else '?'} held, "
            f"{closed.group(1) if closed else '?'} closed by the server")


def idle_holder(count: int) -> Companion:
    """bench/idle_connections: `count` connections that send nothing."""
    return Companion(
        target="//bench:idle_connections",
        binary="bench/idle_connections",
        args=lambda port, seconds: ["--port", str(port), "--count", str(count),
                                    "--hold-seconds", str(seconds)],
        ready=r"^idle_connections: connected ",
        ready_seconds=45,
        summarize=_idle_summary,
        # A server that defers accepting (TCP_DEFER_ACCEPT: h2o, ours) is
        # handed a silent connection about a second after it connects: wait
        # until every server holds them, so that wrk measures holding them,
        # not taking them.
        settle_seconds=HAND_OVER_SECONDS,
    )


def table(idle: int) -> List[Workload]:
    return [
        Workload("ka64", "keep-alive, 64 connections", "keep-alive 64", 64),
        Workload("ka1000", "keep-alive, 1,000 connections", "keep-alive 1000", 1000),
        Workload("close64", "Connection: close, 64 connections", "close 64", 64,
                 close=True),
        Workload("idle64", f"keep-alive, 64 active + {idle:,} idle",
                 f"64 + {idle} idle", 64, companion=idle_holder(idle)),
    ]


KEYS = [w.key for w in table(0)]
