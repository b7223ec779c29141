"""Every process bench/http starts in the background, and how they all stop.

Each starts in a session of its own (its process group is its pid, so the
quiet accounting can find all of it and stop() reaches whatever it forks)
and with a parent-death signal, so that even a bench/http killed with
SIGKILL leaves nothing running. stop_all() runs on exit, error or Ctrl-C.
"""
from __future__ import annotations

import ctypes
import os
import re
import signal
import socket
import subprocess
import time
from typing import Iterable, List, Optional, Sequence, Tuple

_PR_SET_PDEATHSIG = 1


class HarnessError(Exception):
    """Something bench/http cannot go on from; the message says what."""


def _die_with_parent() -> None:  # Runs in the child, before exec.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


class Processes:
    def __init__(self, folder: str):
        self._folder = folder
        self._running: List[subprocess.Popen] = []

    def log_path(self, name: str) -> str:
        return os.path.join(self._folder, name + ".log")

    def start(self, name: str, argv: Sequence[str], cpu: Optional[int] = None
              ) -> subprocess.Popen:
        """Starts argv (pinned to `cpu` with taskset) with stdout and stderr
        in <folder>/<name>.log."""
        if cpu is not None:
            argv = ["taskset", "-c", str(cpu), *argv]  # taskset execs argv.
        with open(self.log_path(name), "wb") as log:
            process = subprocess.Popen(
                list(argv), stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_die_with_parent)
        self._running.append(process)
        return process

    def stop(self, process: subprocess.Popen, grace_seconds: float = 5.0) -> None:
        """SIGTERM to its process group; then SIGKILL to what is left of the
        group (its leader lingering, or anything it forked)."""
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        if process in self._running:
            self._running.remove(process)

    def stop_all(self) -> None:
        for process in reversed(list(self._running)):
            self.stop(process)


def wait_for_line(path: str, pattern: str, seconds: float,
                  process: Optional[subprocess.Popen] = None) -> re.Match:
    """Waits for a line matching `pattern` in the file at `path`; fails with
    the file's content if it does not come or the process exits first."""
    deadline = time.monotonic() + seconds
    while True:
        exited = process is not None and process.poll() is not None
        with open(path, errors="replace") as log:  # After poll(): all it wrote.
            text = log.read()
        match = re.search(pattern, text, re.MULTILINE)
        if match:
            return match
        if exited or time.monotonic() > deadline:
            why = "exited" if exited else f"said nothing like {pattern!r} in {seconds:.0f} s"
            raise HarnessError(f"{os.path.basename(path)}: {why}:\n{text}")
        time.sleep(0.1)


def free_port() -> int:
    """A port nothing listens on now (the kernel picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_line(port: int, timeout: float = 5.0) -> Optional[str]:
    """The status line of GET / on 127.0.0.1:port, or None without an answer."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Connection: close\r\n\r\n")
            answer = b""
            while b"\r\n" not in answer:
                chunk = conn.recv(1024)
                if not chunk:
                    break
                answer += chunk
    except OSError:
        return None
    line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    return line or None


def answers_ok(port: int) -> bool:
    line = status_line(port)
    return line is not None and line.split()[1:2] == ["200"]


def wait_until_answering(port: int, seconds: float) -> float:
    """Waits until GET / gets 200; returns how long that took."""
    start = time.monotonic()
    while not answers_ok(port):
        if time.monotonic() - start > seconds:
            raise HarnessError(f"127.0.0.1:{port} does not answer GET / with 200 "
                               f"after {seconds:.0f} s")
        time.sleep(0.5)
    return time.monotonic() - start


def run_measured(argv: Sequence[str], log_path: str) -> Tuple[int, float]:
    """Runs argv to its end with its output in log_path, like start() (own
    session, dies with us); returns its exit status and the CPU seconds it
    and its threads used (its rusage, which /proc loses once it is reaped)."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            list(argv), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=_die_with_parent)
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    process.returncode = os.waitstatus_to_exitcode(status)  # Reaped: tell Popen.
    return process.returncode, usage.ru_utime + usage.ru_stime


def resident_mib(pids: Iterable[int], proc: str = "/proc") -> Optional[float]:
    """The resident memory of these processes together, in MiB (None if
    none is left)."""
    total_kib = None
    for pid in pids:
        try:
            with open(os.path.join(proc, str(pid), "status")) as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total_kib = (total_kib or 0) + int(line.split()[1])
        except OSError:
            continue
    return None if total_kib is None else total_kib / 1024
