"""Runs the large-file scenarios (harness/large_files.py says what they are).

The big file is made once per run, in a temporary folder of its own,
beside copies of the pages every server needs; remove_root() deletes it
however the run ends. For each scenario, each server is started afresh on that
root (a clean resident-memory baseline; ours with the scenario's threads),
bench/downloads.py runs pinned to the client's CPU under the quiet
accounting as the load generator, and the server is stopped.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from typing import Callable, List

from harness import large_files, peers, quiet, servers, stats
from harness.large_files import DownloadRun, Scenario
from harness.machine import log
from harness.processes import HarnessError, Processes, run_measured

DOWNLOADS_PY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "downloads.py")
PAGES = ("hello.html", "404.html")  # What every server's root needs.
FILE_NAME = large_files.PATH.lstrip("/")


def make_root(pages: str, file_bytes: int) -> str:
    """A new temporary folder with copies of the pages and the big file,
    readable by all: nginx's worker, started by root, runs as another user."""
    root = tempfile.mkdtemp(prefix="bench-http-large.")
    os.chmod(root, 0o755)
    for name in PAGES:
        shutil.copy(os.path.join(pages, name), root)
    log(f"making a {file_bytes / large_files.MB:g} MB file for the large-file scenarios")
    subprocess.run([sys.executable, DOWNLOADS_PY, "make-file", os.path.join(root, FILE_NAME),
                    "--size", str(file_bytes)], check=True)
    for name in os.listdir(root):
        os.chmod(os.path.join(root, name), 0o644)
    return root


def remove_root(root: str) -> None:
    shutil.rmtree(root, ignore_errors=True)


def summary(run: DownloadRun) -> str:
    """One log line: what the scenario is about, ours or a peer."""
    whole = f"{large_files.whole(run)} of {len(run.downloads)} downloads whole"
    if run.scenario == "slow":
        idle = large_files.probe_figures(run.idle_probes)
        during = large_files.probe_figures(run.probes)
        return (f"GET / during the downloads: median {stats.format_ms(during.median_ms)}, "
                f"p99 {stats.format_ms(during.p99_ms)}, max {stats.format_ms(during.max_ms)} "
                f"({during.count} probes, {during.failed} unanswered; idle: median "
                f"{stats.format_ms(idle.median_ms)}); {whole}")
    rise = large_files.rss_rise_mb(run)
    return f"resident memory +{'n/a' if rise is None else f'{rise:.1f}'} MB; {whole}"


def run_one(scenario: Scenario, peer: peers.Peer, site: peers.Site,
            processes: Processes) -> DownloadRun:
    tag = f"{scenario.key}-{peer.key}"
    server = servers.start(peer, site, processes, tag=tag)
    try:
        argv = [*servers.taskset(servers.CLIENT_CPU), sys.executable, DOWNLOADS_PY,
                *scenario.argv(server.port, os.path.join(site.root, FILE_NAME),
                               servers.group_pids(server))]
        interval = quiet.Interval(server=server.process.pid, pids=[os.getpid()])
        interval.start()
        status, seconds = run_measured(argv, processes.log_path(tag + "-downloads"))
        reading = interval.stop(child_seconds=seconds)
    finally:
        processes.stop(server.process)
    with open(processes.log_path(tag + "-downloads")) as out:
        output = out.read()
    if status != 0:
        raise HarnessError(f"bench/downloads.py {scenario.command} against {peer.name} "
                           f"exited with {status}:\n{output}")
    return large_files.parse(output, scenario.key, peer.key, peer.name, reading)


def measure_all(scenarios: List[Scenario], server_keys: List[str], threads: int,
                root: str, folder: str, bin_dir: str, processes: Processes,
                check: Callable[[quiet.Reading, str], None]) -> List[DownloadRun]:
    """Every scenario against every chosen server of large_files.PEERS;
    check(reading, when) judges each interval's quiet reading."""
    runs: List[DownloadRun] = []
    for scenario in scenarios:
        chosen = {p.key: p for p in peers.all_peers(scenario.threads or threads)}
        for key in [k for k in large_files.PEERS if k in server_keys]:
            peer = chosen[key]
            site = peers.Site(root=root, folder=os.path.join(folder, f"{scenario.key}-{key}"),
                              bin_dir=bin_dir, max_connections=1024,
                              threads=scenario.threads or threads)
            log(f"{scenario.name}, {peer.name}: {large_files.DOWNLOADS} downloads of "
                f"{FILE_NAME}" + (f" at {scenario.rate / large_files.MB:.0f} MB/s each"
                                  if scenario.rate else ", as fast as they go"))
            run = run_one(scenario, peer, site, processes)
            runs.append(run)
            log(f"{scenario.name}, {peer.name}: {summary(run)}; other CPU "
                f"{stats.format_percent(run.reading.other_percent)}")
            check(run.reading, f"during {scenario.name}, {peer.name}")
    return runs
