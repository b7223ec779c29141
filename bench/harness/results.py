"""What one wrk run of bench/http measured, and its medians.

A run (Run) is one server under one workload for one round. Figures are
medians over the rounds; harness/targets.py assesses them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from harness import quiet, stats
from harness.wrk import WrkResult


@dataclass(frozen=True)
class Run:
    workload: str  # Workload key.
    server: str  # Peer key.
    round: int  # From 1.
    wrk: WrkResult
    reading: quiet.Reading  # The quiet accounting of its interval.
    rss_mib: Optional[float]  # The server's resident memory at the end.
    note: str = ""  # What a companion reported.


@dataclass(frozen=True)
class Summary:
    """Medians over the rounds of one workload and server."""
    rps: Optional[float]
    p50_ms: Optional[float]
    p99_ms: Optional[float]
    errors: Optional[float]


Summaries = Dict[Tuple[str, str], Summary]


def summarize(runs: Iterable[Run]) -> Summaries:
    grouped: Dict[Tuple[str, str], List[Run]] = {}
    for run in runs:
        grouped.setdefault((run.workload, run.server), []).append(run)
    return {
        key: Summary(
            rps=stats.median(r.wrk.requests_per_second for r in group),
            p50_ms=stats.median(r.wrk.p50_ms for r in group),
            p99_ms=stats.median(r.wrk.p99_ms for r in group),
            errors=stats.median(r.wrk.errors for r in group),
        )
        for key, group in grouped.items()
    }


def get(summaries: Summaries, workload: str, server: str) -> Summary:
    """Its summary; all None when that server did not run that workload."""
    return summaries.get((workload, server), Summary(None, None, None, None))


def idle_cost_percent(summaries: Summaries, server: str) -> Optional[float]:
    """How much lower `server`'s requests/s is with the idle connections held
    than without them (keep-alive, 64 connections), in %."""
    share = stats.ratio(get(summaries, "idle64", server).rps,
                        get(summaries, "ka64", server).rps)
    return None if share is None else 100.0 * (1.0 - share)
