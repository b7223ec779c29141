"""RESULTS.md's *Large files* section: the slow-readers and memory
scenarios, every server that ran them side by side. section() is pure."""
from __future__ import annotations

from typing import List, Optional, Sequence

from harness import large_files, markdown, quiet, stats
from harness.large_files import DownloadRun


def _mb(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.1f} MB"


def _other_cpu(run: DownloadRun) -> str:
    other = stats.format_percent(run.reading.other_percent)
    return other if run.reading.quiet else f"**{other}**"


def _whole(run: DownloadRun) -> str:
    return f"{large_files.whole(run)} of {len(run.downloads)}"


def _seconds(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.1f} s"


def _probe_cells(probes: Sequence[large_files.Probe]) -> List[str]:
    figures = large_files.probe_figures(probes)
    return [stats.format_ms(figures.median_ms), stats.format_ms(figures.p99_ms),
            stats.format_ms(figures.max_ms), f"{figures.count} ({figures.failed})"]


def slow_readers_table(runs: Sequence[DownloadRun]) -> str:
    header = ["server", "idle: median", "idle: p99", "idle: max", "idle: probes",
              "during: median", "during: p99", "during: max", "during: probes",
              "downloads whole", "longest download", "other CPU"]
    rows = [[run.name, *_probe_cells(run.idle_probes), *_probe_cells(run.probes),
             _whole(run), _seconds(large_files.longest_download_seconds(run)),
             _other_cpu(run)] for run in runs]
    return markdown.table(header, "l" + "r" * 11, rows)


def memory_table(runs: Sequence[DownloadRun]) -> str:
    header = ["server", "resident before", "peak", "rise", "downloads whole",
              "longest download", "other CPU"]
    rows = [[run.name, _mb(None if run.rss_before is None else run.rss_before / large_files.MB),
             _mb(None if run.rss_peak is None else run.rss_peak / large_files.MB),
             _mb(large_files.rss_rise_mb(run)), _whole(run),
             _seconds(large_files.longest_download_seconds(run)), _other_cpu(run)]
            for run in runs]
    return markdown.table(header, "lrrrrrr", rows)


def _file_text(file_bytes: int) -> str:
    text = f"{file_bytes / large_files.MB:.0f} MB"
    if file_bytes != large_files.FILE_BYTES:
        text += (f" (not the issue's {large_files.FILE_BYTES / large_files.MB:.0f} MB: "
                 "a `--quick` or `--file-mb` run)")
    return text


def section(runs: Sequence[DownloadRun]) -> str:
    """Empty when no large-file scenario ran."""
    if not runs:
        return ""
    slow = [r for r in runs if r.scenario == "slow"]
    heavy = [r for r in runs if r.scenario == "memory"]
    text = (
        "## Large files\n\n"
        f"A file of {_file_text(runs[0].file_bytes)} of pseudo-random bytes, made for "
        "this run in a temporary folder (removed at the end) beside copies of "
        "`hello.html` and `404.html`. For each scenario every server is started "
        "afresh with that folder as its root (nginx with the configuration above, "
        "so it streams the file with `sendfile`), pinned to CPU 0, and "
        "`bench/downloads.py` (Python), pinned to CPU 1 like wrk and counted as "
        "the load generator in the quiet check, downloads it as "
        f"`{large_files.PATH}`. *Downloads whole*: answered 200 with every byte, "
        "SHA-256 equal to the file's. *Other CPU*: the quiet check over the "
        f"scenario, in % of one core (more than {quiet.THRESHOLD_PERCENT:.0f} % "
        "voids the run).\n")
    if slow:
        text += (
            "\n### Slow readers\n\n"
            f"{large_files.DOWNLOADS} downloads, each read at "
            f"{large_files.RATE / large_files.MB:.0f} MB/s, while `GET /` is asked "
            f"every {large_files.PROBE_EVERY} s, each time on a fresh connection "
            "(connect to last byte, measured by the client): *during*. *Idle*: the "
            f"same probe {large_files.IDLE_PROBES} times against the idle server just "
            "before, the baseline. *Probes*: how many, with the unanswered in "
            "parentheses. "
            f"Ours runs with `--threads {large_files.SLOW_READER_THREADS}`: fewer "
            "workers than downloads. A probe unanswered within 10 s counts as "
            "unanswered; p99 is the nearest rank.\n\n" + slow_readers_table(slow))
    if heavy:
        text += (
            "\n### Memory under downloads\n\n"
            f"{large_files.DOWNLOADS} downloads at once, read as fast as they go, "
            "while the resident memory (VmRSS) of the server's processes, added up, "
            "is sampled every 10 ms. *Rise*: the peak less the figure just before "
            "they started.\n\n" + memory_table(heavy))
    return text
