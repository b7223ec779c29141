"""What one wrk run of bench/http measured, its medians, and whether its
rounds agree.

A run (Run) is one server under one workload for one round. Figures are
medians over the rounds; harness/targets.py assesses them, unless the
rounds of ours or nginx disagree by more than the machine explains
(unsteady()).
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
    # A workload with a companion first measures the same server without it,
    # just before the companion starts: requests/s and that interval's
    # accounting. Compared in pairs, the two see the same machine (a virtual
    # machine's speed can change from one minute to the next).
    baseline_rps: Optional[float] = None
    baseline_reading: Optional[quiet.Reading] = None


@dataclass(frozen=True)
class Summary:
    """Medians over the rounds of one workload and server."""
    rps: Optional[float]
    p50_ms: Optional[float]
    p99_ms: Optional[float]
    errors: Optional[float]
    # The median over the rounds of 1 - requests/s ÷ the round's baseline, in %.
    cost_percent: Optional[float] = None
    baseline_rps: Optional[float] = None  # The baselines' median.
    # The median over the rounds of the server's CPU time ÷ the requests it
    # answered, in µs: what one request costs it, and so how many a core of
    # it could answer even when wrk, not the server, set the pace.
    cpu_us_per_request: Optional[float] = None


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
            cost_percent=stats.median(_cost_percent(r) for r in group),
            baseline_rps=stats.median(r.baseline_rps for r in group),
            cpu_us_per_request=stats.median(_cpu_us_per_request(r) for r in group),
        )
        for key, group in grouped.items()
    }


# The fastest round of one server under one workload ÷ its slowest, at most.
# This virtual machine runs at two speeds about 1.4x apart (bench/ANALYSIS.md);
# rounds further apart than that met something the quiet check cannot see.
STEADY_LIMIT = 1.5
# The servers the targets compare.
TARGET_SERVERS = ("ours", "nginx")


def unsteady(runs: Iterable[Run]) -> List[str]:
    """What makes a run unsteady: for ours and nginx, each workload whose
    rounds' requests/s (or their baselines') spread beyond STEADY_LIMIT,
    described for RESULTS.md; empty when every spread is within it. A round
    that answered nothing is left out: that is the server's failure, for
    the targets to show, not the machine's."""
    grouped: Dict[Tuple[str, str], List[float]] = {}
    for run in runs:
        if run.server not in TARGET_SERVERS:
            continue
        grouped.setdefault((run.workload, run.server), []).append(
            run.wrk.requests_per_second)
        if run.baseline_rps is not None:
            grouped.setdefault((run.workload + " baseline", run.server), []).append(
                run.baseline_rps)
    found = []
    for (workload, server), values in grouped.items():
        answered = [v for v in values if v > 0]  # A round with none is the server's.
        if len(answered) > 1 and max(answered) / min(answered) > STEADY_LIMIT:
            found.append(f"{workload}, {server}: {stats.format_count(min(answered))} to "
                         f"{stats.format_count(max(answered))} requests/s "
                         f"({max(answered) / min(answered):.2f}×)")
    return found


def _cost_percent(run: Run) -> Optional[float]:
    share = stats.ratio(run.wrk.requests_per_second, run.baseline_rps)
    return None if share is None else 100.0 * (1.0 - share)


def _cpu_us_per_request(run: Run) -> Optional[float]:
    busy = run.reading.server_percent
    if busy is None or not run.wrk.requests_per_second:
        return None
    return busy / 100.0 * 1e6 / run.wrk.requests_per_second


def get(summaries: Summaries, workload: str, server: str) -> Summary:
    """Its summary; all None when that server did not run that workload."""
    return summaries.get((workload, server), Summary(None, None, None, None))


def idle_cost_percent(summaries: Summaries, server: str) -> Optional[float]:
    """How much lower `server`'s requests/s is with the idle connections held
    than just before, without them, in % (the median of the rounds' pairs)."""
    return get(summaries, "idle64", server).cost_percent
