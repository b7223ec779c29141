"""What one run of bench/http measured, its medians, and the targets.

A run (Run) is one server under one workload for one round. Figures are
medians over the rounds; the targets compare ours with nginx.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Tuple

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


def noisy_runs(runs: Iterable[Run]) -> List[Run]:
    return [run for run in runs if not run.reading.quiet]


def _get(summaries: Summaries, workload: str, server: str) -> Summary:
    return summaries.get((workload, server), Summary(None, None, None, None))


def idle_cost_percent(summaries: Summaries, server: str) -> Optional[float]:
    """How much lower `server`'s requests/s is with the idle connections held
    than without them (keep-alive, 64 connections), in %."""
    share = stats.ratio(_get(summaries, "idle64", server).rps,
                        _get(summaries, "ka64", server).rps)
    return None if share is None else 100.0 * (1.0 - share)


@dataclass(frozen=True)
class Target:
    text: str
    measure: Callable[[Summaries], Optional[float]]
    limit: float
    at_most: bool  # Met when the measure is <= limit (else >=).
    unit: str  # How the measure prints: "×" or " %".

    def shown(self, value: Optional[float]) -> str:
        """"0.69×", "13 %" or "n/a"."""
        if value is None:
            return "n/a"
        return f"{value:.0f}{self.unit}" if self.unit == " %" else f"{value:.2f}{self.unit}"


def _versus_nginx(workload: str, field: str) -> Callable[[Summaries], Optional[float]]:
    def measure(summaries: Summaries) -> Optional[float]:
        return stats.ratio(getattr(_get(summaries, workload, "ours"), field),
                           getattr(_get(summaries, workload, "nginx"), field))
    return measure


TARGETS = [
    Target("keep-alive (64) ≥ 1.0× nginx", _versus_nginx("ka64", "rps"), 1.0, False, "×"),
    Target("keep-alive (1,000) ≥ 1.0× nginx", _versus_nginx("ka1000", "rps"), 1.0,
           False, "×"),
    Target("`Connection: close` (64) ≥ 1.0× nginx", _versus_nginx("close64", "rps"), 1.0,
           False, "×"),
    Target("p99, keep-alive (64) ≤ 1.5× nginx", _versus_nginx("ka64", "p99_ms"), 1.5,
           True, "×"),
    Target("idle connections cost ≤ 10 % of keep-alive (64) requests/s",
           lambda s: idle_cost_percent(s, "ours"), 10.0, True, " %"),
]


def verdict(value: Optional[float], target: Target, noisy: bool) -> str:
    """A noisy run assesses nothing: its figures are not the servers'."""
    if noisy:
        return "not assessed: noisy run"
    if value is None:
        return "n/a"
    met = value <= target.limit if target.at_most else value >= target.limit
    return "met" if met else "**not met**"
