"""Issue 13's targets, each assessed from one run's figures: met, not met,
or not assessed (a noisy or unsteady run, or a figure that was not
measured).

A target's assess() turns the run's figures into what the targets table
shows and whether it is met; verdict() words that. A noisy run assesses
nothing: its figures are not the servers'. An unsteady one assesses no
ratio to nginx: the machine changed speed between the two servers' rounds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from harness import large_files, results, stats
from harness.large_files import DownloadRun

PROBE_LIMIT_MS = 50.0
RISE_LIMIT_MB = 16.0
IDLE_COST_LIMIT_PERCENT = 10.0


@dataclass(frozen=True)
class Figures:
    """What a run measured: wrk's medians, the large-file runs, and wrk's
    runs one by one (for each round's ratio)."""
    summaries: results.Summaries
    downloads: Dict[Tuple[str, str], DownloadRun] = field(default_factory=dict)
    runs: Sequence[results.Run] = ()


@dataclass(frozen=True)
class Assessment:
    shown: str  # What the table's "measured" column says.
    met: Optional[bool]  # None: not measured.


NOT_MEASURED = Assessment("n/a", None)


@dataclass(frozen=True)
class Target:
    text: str
    assess: Callable[[Figures], Assessment]
    # Compares ours with nginx measured seconds apart: an unsteady run
    # (results.unsteady()) leaves it unassessed.
    across_rounds: bool = False


def round_ratios(runs: Sequence[results.Run], workload: str, figure: str) -> List[float]:
    """ours ÷ nginx of one of wrk's figures in each round that measured both,
    in round order: the two ran seconds apart, so each ratio saw one machine."""
    by_round: Dict[Tuple[int, str], float] = {}
    for run in runs:
        value = getattr(run.wrk, figure)
        if run.workload == workload and value is not None:
            by_round[(run.round, run.server)] = value
    ratios = (stats.ratio(by_round.get((r, "ours")), by_round.get((r, "nginx")))
              for r in sorted({r for r, _ in by_round}))
    return [r for r in ratios if r is not None]


# A Summary field's name in WrkResult, where the two differ.
_WRK_FIELD = {"rps": "requests_per_second"}


def _ratio_to_nginx(workload: str, figure: str, limit: float, at_most: bool
                    ) -> Callable[[Figures], Assessment]:
    """ours ÷ nginx of one of wrk's figures (a Summary field: the medians of
    the rounds), against a limit; each round's own ratio is shown beside it,
    so that a reader sees whether the rounds agree with the verdict."""
    wrk_figure = _WRK_FIELD.get(figure, figure)

    def assess(figures: Figures) -> Assessment:
        value = stats.ratio(getattr(results.get(figures.summaries, workload, "ours"), figure),
                            getattr(results.get(figures.summaries, workload, "nginx"), figure))
        if value is None:
            return NOT_MEASURED
        shown = f"{value:.2f}×"
        rounds = round_ratios(figures.runs, workload, wrk_figure)
        if len(rounds) > 1:
            shown += f" (rounds: {', '.join(f'{r:.2f}' for r in rounds)})"
        return Assessment(shown, value <= limit if at_most else value >= limit)
    return assess


def idle_cost(figures: Figures) -> Assessment:
    cost = results.idle_cost_percent(figures.summaries, "ours")
    if cost is None:
        return NOT_MEASURED
    return Assessment(f"{cost:.1f} %", cost <= IDLE_COST_LIMIT_PERCENT)


def _whole_text(run: DownloadRun) -> str:
    return f"{large_files.whole(run)} of {len(run.downloads)} downloads whole"


def slow_readers(figures: Figures) -> Assessment:
    """Met when every probe during the downloads was answered 200 within
    PROBE_LIMIT_MS and every download came back whole."""
    run = figures.downloads.get(("slow", "ours"))
    if run is None:
        return NOT_MEASURED
    probes = large_files.probe_figures(run.probes)
    if probes.max_ms is None:
        return Assessment(f"no probe answered of {probes.count}; {_whole_text(run)}", False)
    shown = f"max {probes.max_ms:.1f} ms of {probes.count} probes"
    if probes.failed:
        shown += f" ({probes.failed} unanswered)"
    met = (probes.failed == 0 and probes.max_ms <= PROBE_LIMIT_MS
           and large_files.all_whole(run))
    return Assessment(f"{shown}; {_whole_text(run)}", met)


def memory(figures: Figures) -> Assessment:
    """Met when resident memory rose less than RISE_LIMIT_MB and every
    download came back whole."""
    run = figures.downloads.get(("memory", "ours"))
    rise = None if run is None else large_files.rss_rise_mb(run)
    if rise is None:
        return NOT_MEASURED
    return Assessment(f"+{rise:.1f} MB; {_whole_text(run)}",
                      rise < RISE_LIMIT_MB and large_files.all_whole(run))


def _file_text(file_bytes: int) -> str:
    return f"{file_bytes / large_files.MB:.0f} MB"


def table(file_bytes: int) -> list:
    """The targets, worded for a run whose big file has `file_bytes`."""
    size = _file_text(file_bytes)
    downloads = large_files.DOWNLOADS
    return [
        Target("keep-alive (64) ≥ 1.0× nginx", _ratio_to_nginx("ka64", "rps", 1.0, False),
               across_rounds=True),
        Target("`Connection: close` (64) ≥ 1.0× nginx",
               _ratio_to_nginx("close64", "rps", 1.0, False), across_rounds=True),
        Target("p50, `Connection: close` (64) ≤ nginx's",
               _ratio_to_nginx("close64", "p50_ms", 1.0, True), across_rounds=True),
        Target("p99, keep-alive (64) ≤ nginx's", _ratio_to_nginx("ka64", "p99_ms", 1.0, True),
               across_rounds=True),
        Target("p99, `Connection: close` (64) ≤ nginx's",
               _ratio_to_nginx("close64", "p99_ms", 1.0, True), across_rounds=True),
        Target(f"idle connections cost ≤ {IDLE_COST_LIMIT_PERCENT:.0f} % of keep-alive (64) "
               "requests/s", idle_cost),
        Target(f"slow readers (`--threads {large_files.SLOW_READER_THREADS}`, {downloads} "
               f"downloads of {size} at {large_files.RATE / large_files.MB:.0f} MB/s): every "
               f"fresh `GET /` within {PROBE_LIMIT_MS:.0f} ms, every download whole",
               slow_readers),
        Target(f"memory: {downloads} concurrent downloads of {size} raise resident memory "
               f"< {RISE_LIMIT_MB:.0f} MB, every download whole", memory),
    ]


def verdict(assessment: Assessment, noisy: bool, unsteady: bool = False) -> str:
    if noisy:
        return "not assessed: noisy run"
    if unsteady:
        return "not assessed: unsteady run"
    if assessment.met is None:
        return "not assessed: not measured"
    return "met" if assessment.met else "**not met**"
