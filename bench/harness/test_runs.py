"""Made-up runs for the unit tests: wrk runs and large-file runs with the
figures a test chooses (testonly; not part of the harness)."""
from __future__ import annotations

from typing import Optional, Sequence

from harness import quiet, results
from harness.large_files import Download, DownloadRun, Probe
from harness.wrk import WrkResult

QUIET = quiet.Reading(seconds=5.0, other_percent=0.4, server_percent=99.0, busiest=[],
                      network_percent=3.2)
NOISY = quiet.Reading(seconds=5.0, other_percent=37.5, server_percent=60.0,
                      busiest=[("cc1plus", 30.0)])
FILE_BYTES = 200_000_000
NAMES = {"ours": "ours (2 threads)", "nginx": "nginx (tuned, 1 worker)"}
DIGEST = "ab" * 32


def wrk_run(workload: str, server: str, rps: float, p50: float = 0.5, p99: float = 1.0,
            round_: int = 1, reading: quiet.Reading = QUIET,
            baseline_rps: Optional[float] = None) -> results.Run:
    """baseline_rps: for a workload with a companion, wrk alone just before."""
    return results.Run(workload, server, round_, WrkResult(rps, p50, p99, 0, int(rps * 5)),
                       reading, 4.0, baseline_rps=baseline_rps,
                       baseline_reading=None if baseline_rps is None else QUIET)


def download(ok: bool = True, seconds: float = 40.0, file_bytes: int = FILE_BYTES
             ) -> Download:
    """A whole download, or one cut short."""
    if ok:
        return Download(200, file_bytes, DIGEST, seconds, None)
    return Download(200, 64_000_000, "cd" * 32, seconds, "timed out")


def probes(*ms: float, status: int = 200) -> tuple:
    return tuple(Probe(m, status) for m in ms)


def slow_run(server: str = "ours", during: Sequence[Probe] = probes(2.0, 3.0, 9.0),
             idle: Sequence[Probe] = probes(1.0, 1.5), whole: int = 8,
             reading: quiet.Reading = QUIET, file_bytes: int = FILE_BYTES) -> DownloadRun:
    downloads = tuple(download(i < whole, file_bytes=file_bytes) for i in range(8))
    return DownloadRun("slow", server, NAMES[server], file_bytes, DIGEST,
                       5_000_000, downloads, reading, tuple(idle), tuple(during))


def memory_run(server: str = "ours", rise_mb: Optional[float] = 3.0, whole: int = 8,
               reading: quiet.Reading = QUIET) -> DownloadRun:
    downloads = tuple(download(i < whole, seconds=4.0) for i in range(8))
    before = 5_000_000
    peak = None if rise_mb is None else before + round(rise_mb * 1_000_000)
    return DownloadRun("memory", server, NAMES[server], FILE_BYTES, DIGEST, 0,
                       downloads, reading, rss_before=before, rss_peak=peak)
