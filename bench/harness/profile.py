"""Where our server spends its time: perf, during one more keep-alive run.

A flat profile of all its threads (kernel and user): the share of each
binary, the system calls with everything they call, and the hottest
functions. markdown() is pure; record() runs perf.
"""
from __future__ import annotations

import os
import subprocess
from typing import List, Optional

_FENCE = "```"
_PERF_HZ = 999


def _report(data: str, *sort: str) -> str:
    """perf report's lines without its comments and blank lines."""
    done = subprocess.run(["perf", "report", "-i", data, "--stdio", "-g", "none", *sort],
                          capture_output=True, text=True)
    return "\n".join(line for line in done.stdout.splitlines()
                     if line.strip() and not line.startswith("#"))


def sample_count(per_binary_with_counts: str) -> int:
    """Adds the sample column of `perf report --sort dso -n`."""
    total = 0
    for line in per_binary_with_counts.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1].isdigit():
            total += int(fields[1])
    return total


def markdown(workload: str, seconds: int, samples: int, wrk_rps: Optional[float],
             per_binary: str, calls: str, hottest: str) -> str:
    busy = 100.0 * samples / (_PERF_HZ * seconds) if seconds else 0.0
    syscalls = [line for line in calls.splitlines() if "] __x64_sys_" in line][:10]
    rps = "n/a" if wrk_rps is None else f"{wrk_rps:,.0f}"
    parts: List[str] = [
        f"Our server during one more `{workload}` run: perf at {_PERF_HZ} Hz for "
        f"{seconds} s, on-CPU samples of all its threads ({samples} samples: "
        f"{busy:.0f} % of one core busy); wrk got {rps} requests/s meanwhile "
        "(perf's own cost included).\n",
        "Where the time goes (self):\n", _FENCE, *per_binary.splitlines()[:6], _FENCE,
        "\nSystem calls, each with everything it calls:\n", _FENCE, *syscalls, _FENCE,
        "\nHottest functions (self):\n", _FENCE, *hottest.splitlines()[:15], _FENCE,
    ]
    return "\n".join(parts) + "\n"


def record(pid: int, seconds: int, folder: str) -> Optional[str]:
    """Samples process `pid` for `seconds` into <folder>/perf.data. None when
    it did; else why not (kernel.perf_event_paranoid, no perf), for RESULTS.md."""
    data = os.path.join(folder, "perf.data")
    try:
        done = subprocess.run(
            ["perf", "record", "-F", str(_PERF_HZ), "-g", "-o", data, "-p", str(pid),
             "--", "sleep", str(seconds)],
            capture_output=True, text=True, timeout=seconds + 60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"perf could not record: {error}"
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"perf could not record: {tail}"
    return None


def analyse(folder: str, workload: str, seconds: int, wrk_rps: Optional[float]) -> str:
    data = os.path.join(folder, "perf.data")
    return markdown(workload, seconds, sample_count(_report(data, "--no-children", "--sort", "dso", "-n")),
                    wrk_rps, _report(data, "--no-children", "--sort", "dso"),
                    _report(data, "--children", "--sort", "sym"),
                    _report(data, "--no-children", "--sort", "sym"))
