"""The large-file scenarios: slow readers and memory under downloads.

bench/downloads.py (the load generator, pinned to the client's CPU like
wrk) runs them against a server started afresh for each, serving a big file
of pseudo-random bytes; it prints what it measured, raw, as one JSON line.
The figures (probe latencies, downloads whole, the rise of resident memory)
are computed here from that, by tested functions.

- slow: DOWNLOADS downloads of the file, each read at RATE, while a fresh
  connection asks GET / every PROBE_EVERY seconds; first, the same probe
  IDLE_PROBES times against the idle server. Ours runs with
  SLOW_READER_THREADS workers: fewer than the downloads, so a download
  that held a worker would starve GET /.
- memory: DOWNLOADS downloads at once, read as fast as they go, while the
  resident memory of the server's processes is sampled.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from harness import quiet, stats

MB = 1_000_000  # Sizes and rates are decimal: "200 MB at 5 MB/s".
FILE_BYTES = 200 * MB  # The file; --quick's is QUICK_FILE_BYTES.
QUICK_FILE_BYTES = 40 * MB
DOWNLOADS = 8
RATE = 5 * MB  # Bytes/s per slow download.
PROBE_EVERY = 0.25  # Seconds between two probes.
IDLE_PROBES = 20
SLOW_READER_THREADS = 2
PEERS = ("ours", "nginx")  # The servers that take part, when chosen.
PATH = "/big.bin"  # The file's name under the root.


@dataclass(frozen=True)
class Scenario:
    key: str  # For --workloads.
    name: str  # For RESULTS.md.
    command: str  # downloads.py's subcommand.
    rate: int  # Bytes/s per download; 0: as fast as they go.
    threads: Optional[int]  # Our server's pool; None: bench/http's --threads.

    def argv(self, port: int, file: str, pids: Sequence[int]) -> List[str]:
        """downloads.py's arguments for a server on `port` serving `file`
        as PATH; `pids` are the server's processes, for their memory."""
        argv = [self.command, "--port", str(port), "--path", PATH, "--file", file,
                "--downloads", str(DOWNLOADS), "--rate", str(self.rate)]
        if self.command == "slow-readers":
            return argv + ["--probe-every", str(PROBE_EVERY), "--idle-probes",
                           str(IDLE_PROBES)]
        return argv + ["--pids", ",".join(str(p) for p in pids)]


def table() -> List[Scenario]:
    return [
        Scenario("slow", "slow readers", "slow-readers", RATE, SLOW_READER_THREADS),
        Scenario("memory", "memory under downloads", "memory", 0, None),
    ]


KEYS = [s.key for s in table()]


@dataclass(frozen=True)
class Download:
    status: Optional[int]  # None: no response head.
    bytes: int  # Of the body received.
    sha256: str  # Of the body received.
    seconds: float
    error: Optional[str]  # What cut it short, if anything did.


@dataclass(frozen=True)
class Probe:
    ms: float  # Connect to the last byte (or to the failure).
    status: int  # 0: no answer.


@dataclass(frozen=True)
class DownloadRun:
    """One server through one scenario."""
    scenario: str  # Scenario key.
    server: str  # Peer key.
    name: str  # The server's name as it ran ("ours (2 threads)").
    file_bytes: int
    file_sha256: str
    rate: int
    downloads: Tuple[Download, ...]
    reading: quiet.Reading  # The quiet accounting of its interval.
    idle_probes: Tuple[Probe, ...] = ()
    probes: Tuple[Probe, ...] = ()  # During the downloads.
    rss_before: Optional[int] = None  # Bytes, all the server's processes.
    rss_peak: Optional[int] = None


def parse(output: str, scenario: str, server: str, name: str,
          reading: quiet.Reading) -> DownloadRun:
    """Reads the JSON line downloads.py printed (its log may hold other
    lines: the summary it writes to stderr)."""
    line = next((line for line in reversed(output.splitlines()) if line.startswith("{")),
                None)
    if line is None:
        raise ValueError("downloads.py printed no JSON line")
    data = json.loads(line)

    def probes(key: str) -> Tuple[Probe, ...]:
        return tuple(Probe(ms, status) for ms, status in data.get(key, []))

    return DownloadRun(
        scenario=scenario, server=server, name=name, file_bytes=data["file_bytes"],
        file_sha256=data["file_sha256"], rate=data["rate"],
        downloads=tuple(Download(d["status"], d["bytes"], d["sha256"], d["seconds"],
                                 d["error"]) for d in data["downloads"]),
        reading=reading, idle_probes=probes("idle_probes"), probes=probes("probes"),
        rss_before=data.get("rss_before_bytes"), rss_peak=data.get("rss_peak_bytes"))


def is_whole(download: Download, file_bytes: int, file_sha256: str) -> bool:
    """Answered 200 and byte-identical to the file."""
    return (download.status == 200 and download.error is None
            and download.bytes == file_bytes and download.sha256 == file_sha256)


def whole(run: DownloadRun) -> int:
    """How many of its downloads came back whole and byte-identical."""
    return sum(is_whole(d, run.file_bytes, run.file_sha256) for d in run.downloads)


def all_whole(run: DownloadRun) -> bool:
    return bool(run.downloads) and whole(run) == len(run.downloads)


@dataclass(frozen=True)
class ProbeFigures:
    count: int
    failed: int  # Not answered 200.
    median_ms: Optional[float]  # Of those answered 200.
    p99_ms: Optional[float]
    max_ms: Optional[float]


def probe_figures(probes: Sequence[Probe]) -> ProbeFigures:
    answered = [p.ms for p in probes if p.status == 200]
    return ProbeFigures(count=len(probes), failed=len(probes) - len(answered),
                        median_ms=stats.median(answered),
                        p99_ms=stats.percentile(answered, 99),
                        max_ms=max(answered, default=None))


def rss_rise_mb(run: DownloadRun) -> Optional[float]:
    """How far the server's resident memory rose above where it started,
    in MB (10^6 bytes)."""
    if run.rss_before is None or run.rss_peak is None:
        return None
    return (run.rss_peak - run.rss_before) / MB


def longest_download_seconds(run: DownloadRun) -> Optional[float]:
    return max((d.seconds for d in run.downloads), default=None)
