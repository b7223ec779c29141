"""RESULTS.md: the whole output of one named run of bench/http.

render() is a pure function of what the run measured (Outcome), so that
the file's every figure can be traced to a run and tested without one.
A noisy run (other work above the threshold in any interval) gets a banner,
its ratios marked noisy and no target assessed. An unsteady one (rounds of
ours or nginx further apart than the machine's two speeds explain:
results.unsteady()) gets a banner and no ratio to nginx assessed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from harness import large_files, large_files_report, quiet, results, stats, targets
from harness.large_files import DownloadRun
from harness.markdown import table as _table
from harness.peers import Peer
from harness.results import Run, summarize
from harness.workloads import HAND_OVER_SECONDS, Workload

# Columns "req/s ÷ X" for these peers, "p99 ÷ X" for the first.
REFERENCES = ("nginx", "h2o")


@dataclass(frozen=True)
class Outcome:
    name: str  # The run's name, e.g. "20261201-0740Z-337ac9c".
    command: str  # As typed.
    started: str  # "2026-12-01 07:40 UTC".
    minutes: float  # How long the run took.
    duration: int  # Seconds per run.
    rounds: int
    machine: List[str]  # Bullets.
    peers: List[Peer]  # In the order they took turns.
    workloads: List[Workload]
    runs: List[Run]
    precheck: quiet.Reading
    profile: str = ""  # Markdown, or empty when skipped.
    analysis: str = ""  # bench/ANALYSIS.md, copied as it is.
    pool_output: str = ""  # Google Benchmark's output, or empty.
    pool_reading: Optional[quiet.Reading] = None
    chart: str = "results.png"
    download_runs: List[DownloadRun] = field(default_factory=list)
    file_bytes: int = large_files.FILE_BYTES  # The large-file scenarios' file.

    def readings(self) -> List[Tuple[str, quiet.Reading]]:
        """Every measured interval but the //pool one, named."""
        named = [(f"{r.workload}, {r.server}, round {r.round}", r.reading) for r in self.runs]
        named += [(f"{r.workload}, {r.server}, round {r.round}, baseline", r.baseline_reading)
                  for r in self.runs if r.baseline_reading is not None]
        return named + [(f"{r.scenario}, {r.server}", r.reading) for r in self.download_runs]

    def figures(self) -> targets.Figures:
        return targets.Figures(summarize(self.runs),
                               {(r.scenario, r.server): r for r in self.download_runs},
                               self.runs)

    @property
    def noisy(self) -> bool:
        pool_noisy = self.pool_reading is not None and not self.pool_reading.quiet
        return any(not reading.quiet for _, reading in self.readings()) or pool_noisy

    @property
    def unsteady(self) -> List[str]:
        """Why the rounds disagree (results.unsteady()); empty when they don't."""
        return results.unsteady(self.runs)


def _ratio(value: Optional[float], reference: Optional[float], noisy: bool) -> str:
    text = stats.format_ratio(stats.ratio(value, reference))
    return f"{text} (noisy)" if noisy and text != "n/a" else text


def _header(outcome: Outcome) -> str:
    text = (f"# Benchmark results\n\nRun **{outcome.name}** of `{outcome.command}`, "
            f"started {outcome.started}, {outcome.minutes:.0f} min: {outcome.rounds} "
            f"round(s) of {outcome.duration} s per server and workload. This file is "
            "that run's whole output; every figure quoted in the README comes from "
            "it. Re-run the command to refresh this file and `results.png` (see the "
            "README's *Benchmarks* section).\n")
    if outcome.noisy:
        readings = [reading for _, reading in outcome.readings()]
        worst = max((r.other_percent for r in readings), default=0.0)
        noisy = sum(not r.quiet for r in readings)
        text += (f"\n> **Noisy run: not a measurement.** Other work used more than "
                 f"{quiet.THRESHOLD_PERCENT:.0f} % of a core during "
                 f"{noisy} of {len(readings)} measured intervals "
                 f"(up to {worst:.1f} %). It was written only because of `--noisy-ok`: "
                 "every ratio below is marked noisy and no target is assessed.\n")
    if outcome.unsteady:
        text += (f"\n> **Unsteady run: no ratio to nginx is assessed.** The rounds of one server "
                 f"under one workload differed by more than "
                 f"{results.STEADY_LIMIT:.1f}×, more than this machine's two speeds "
                 "explain (bench/ANALYSIS.md), though the quiet check saw no other "
                 "work: " + "; ".join(outcome.unsteady) + ". Run it again.\n")
    return text


def _quiet_section(outcome: Outcome) -> str:
    readings = outcome.readings()
    worst = max(readings, key=lambda named: named[1].other_percent, default=None)
    text = ("## Quiet check\n\n"
            "During every measured interval, bench/http adds up the CPU time the "
            "machine was busy (`/proc/stat`: user, nice, system, irq, softirq, steal) "
            "and subtracts what the server under test, wrk, the idle-connection "
            "holder, bench/downloads.py and bench/http used (`/proc/PID/stat`; the "
            "rusage of wrk and bench/downloads.py). The rest, *other CPU* below, went "
            "to other work, except the kernel's work for the measured traffic "
            "that no process is charged for (ksoftirqd, and softirqs taken while "
            "a CPU was idle: this kernel counts time in ticks and charges such a "
            "tick to the idle task), shown as *network* and not counted; it is "
            "at most the interval's irq + softirq time. Other CPU above "
            f"{quiet.THRESHOLD_PERCENT:.0f} % of one core in any interval voids the "
            "run: bench/http stops, says so, exits 3 and leaves this file as it "
            "was.\n\n"
            f"- Before measuring (servers started, idle, "
            f"{outcome.precheck.seconds:.0f} s): {quiet.describe(outcome.precheck)}.\n")
    if worst is not None:
        text += (f"- Highest over the {len(readings)} measured intervals: "
                 f"{stats.format_percent(worst[1].other_percent)} ({worst[0]}); every "
                 "run's figure is in *Every run*"
                 + (" and *Large files*" if outcome.download_runs else "") + ".\n")
    if outcome.pool_reading is not None:
        text += (f"- During the //pool microbenchmarks: "
                 f"{quiet.describe(outcome.pool_reading)}.\n")
    return text


def _setup_section(outcome: Outcome) -> str:
    text = ("## Set-up\n\nEvery server serves `server/static/hello.html` on `GET /` "
            "from 127.0.0.1, pinned to CPU 0; wrk (one thread) and the "
            "idle-connection holder run on CPU 1. Each workload runs the servers "
            "in turn, in the order below in odd rounds and in reverse in even ones; "
            "every figure in *HTTP* "
            "is the median of the rounds. wrk: `-t1 --timeout 2s --latency` (a "
            "slower answer is a timeout error, not a latency), `-H \"Connection: "
            "close\"` for the close workload. *errors* = socket errors (connect, read, "
            "write, timeout) plus answers outside 2xx/3xx; *n/a* latencies mean no "
            "request was answered.\n")
    for peer in outcome.peers:
        if peer.setup:
            text += f"\n### {peer.name}\n\n{peer.setup}"
    return text


def _http_section(outcome: Outcome) -> str:
    summaries = summarize(outcome.runs)
    keys = [p.key for p in outcome.peers]
    references = [r for r in REFERENCES if r in keys]
    header = ["workload", "server", "requests/s", "p50", "p99", "errors",
              "CPU per request"]
    header += [f"req/s ÷ {r}" for r in references]
    header += [f"p99 ÷ {references[0]}"] if references else []
    rows = []
    for workload in outcome.workloads:
        for peer in outcome.peers:
            summary = summaries.get((workload.key, peer.key))
            if summary is None:
                continue
            row = [workload.name, peer.name, stats.format_count(summary.rps),
                   stats.format_ms(summary.p50_ms), stats.format_ms(summary.p99_ms),
                   stats.format_count(summary.errors),
                   stats.format_us(summary.cpu_us_per_request)]
            for reference in references:
                other = summaries.get((workload.key, reference))
                row.append(_ratio(summary.rps, other and other.rps, outcome.noisy))
            if references:
                other = summaries.get((workload.key, references[0]))
                row.append(_ratio(summary.p99_ms, other and other.p99_ms, outcome.noisy))
            rows.append(row)
    return ("## HTTP\n\n*CPU per request*: the server's CPU time over a run ÷ the "
            "requests it answered, the median of the rounds. A core of that server "
            "could answer one second ÷ that many requests a second, even where wrk "
            "set the pace rather than the server (*server CPU* below 100 % in "
            "*Every run*).\n\n" + _table(header, "llrrrrr" + "r" * (len(header) - 7), rows))


def _note(run: Run) -> str:
    if run.baseline_rps is None:
        return run.note
    baseline = f"alone just before: {stats.format_count(run.baseline_rps)} req/s"
    if run.baseline_reading is not None:
        baseline += f", other CPU {stats.format_percent(run.baseline_reading.other_percent)}"
    return "; ".join(part for part in (baseline, run.note) if part)


def _runs_section(outcome: Outcome) -> str:
    names = {p.key: p.name for p in outcome.peers}
    workload_names = {w.key: w.name for w in outcome.workloads}
    header = ["#", "workload", "server", "round", "requests/s", "p99", "errors",
              "server CPU", "other CPU", "network", "server RSS", "note"]
    rows = []
    for number, run in enumerate(outcome.runs, 1):
        other = stats.format_percent(run.reading.other_percent)
        rows.append([
            str(number), workload_names.get(run.workload, run.workload),
            names.get(run.server, run.server), str(run.round),
            stats.format_count(run.wrk.requests_per_second), stats.format_ms(run.wrk.p99_ms),
            str(run.wrk.errors), stats.format_percent(run.reading.server_percent),
            other if run.reading.quiet else f"**{other}**",
            stats.format_percent(run.reading.network_percent),
            "n/a" if run.rss_mib is None else f"{run.rss_mib:.1f} MiB", _note(run)])
    return ("## Every run\n\nIn the order they ran. CPU in % of one core over the "
            "run; *network*: the traffic's kernel work charged to no process (not "
            "counted as other CPU, see *Quiet check*); *server RSS*: the server's "
            "resident memory at the end of the run.\n\n"
            + _table(header, "rlllrrrrrrrl", rows))


def _idle_section(outcome: Outcome) -> str:
    """The idle connections' cost: each server with them against itself without."""
    summaries = summarize(outcome.runs)
    workloads = {w.key: w for w in outcome.workloads}
    if "idle64" not in workloads or not outcome.runs:
        return ""
    rows = []
    for peer in outcome.peers:
        cost = results.idle_cost_percent(summaries, peer.key)
        idle = results.get(summaries, "idle64", peer.key)
        rows.append([peer.name, stats.format_count(idle.baseline_rps),
                     stats.format_count(idle.rps),
                     "n/a" if cost is None else f"{cost:.1f} %"])
    return ("## Idle connections' cost\n\n"
            f"Each run of *{workloads['idle64'].name}* first runs wrk alone against "
            "the same server (*64 alone*), then opens the idle connections, waits "
            f"{HAND_OVER_SECONDS:.0f} s (a server that defers accepting "
            "is handed a silent connection about a second after it connects) and runs "
            "it again (*64 + idle*): the two halves of a pair see the machine in the "
            "same minute. *Cost* = 1 − the second ÷ the first, the median over the "
            "rounds' pairs (below 0: no cost to be seen); the requests/s columns are "
            "medians too. Target for ours: ≤ "
            f"{targets.IDLE_COST_LIMIT_PERCENT:.0f} %.\n\n"
            + _table(["server", "64 alone", "64 + idle", "cost"], "lrrr", rows))


def _targets_section(outcome: Outcome) -> str:
    rows = []
    for target in targets.table(outcome.file_bytes):
        assessment = target.assess(outcome.figures())
        rows.append([target.text, assessment.shown,
                     targets.verdict(assessment, outcome.noisy,
                                     bool(outcome.unsteady) and target.across_rounds)])
    return ("## Targets\n\nIssue 13's, for our server; ratios are ours ÷ nginx (tuned) "
            "in the same run: the ratio of the two medians decides, and each round's "
            "own ratio (the two servers a few seconds apart) is in brackets.\n\n"
            + _table(["target", "measured", ""], "lrl", rows))


def _pool_section(outcome: Outcome) -> str:
    return ("## //pool microbenchmarks\n\n`bazel run -c opt //bench:pool_benchmark`, "
            "not pinned, in the same run. Throughput: 1,000 empty jobs submitted, then "
            "waited for (`items_per_second` = jobs/s). Start latency: one job at a "
            "time into an idle executor, Submit to the job's first line (ns). The "
            "DEBUG warning is about Debian's build of the Google Benchmark library, "
            "not about the code measured.\n\n```\n" + outcome.pool_output.rstrip("\n")
            + "\n```\n")


def render(outcome: Outcome) -> str:
    sections = [
        _header(outcome),
        _quiet_section(outcome),
        "## Machine\n\n" + "".join(f"- {line}\n" for line in outcome.machine),
        _setup_section(outcome),
        _http_section(outcome) if outcome.runs else "",
        f"![requests/s per workload and server]({outcome.chart})\n" if outcome.runs else "",
        _idle_section(outcome),
        _runs_section(outcome) if outcome.runs else "",
        large_files_report.section(outcome.download_runs),
        _targets_section(outcome),
    ]
    if outcome.profile:
        sections.append("## Profile of our server\n\n" + outcome.profile)
    if outcome.analysis:
        sections.append(outcome.analysis)
    if outcome.pool_output:
        sections.append(_pool_section(outcome))
    return "\n".join(section.rstrip("\n") + "\n" for section in sections if section)
