"""Quiet runs only: the CPU that went to anything but what is measured.

Over each measured interval, the machine's busy time comes from /proc/stat
(every CPU: user, nice, system, irq, softirq and steal) and the time of what
is measured from /proc/PID/stat (utime + stime, every thread): the server
under test's process group, the load generator (wrk, from its rusage when
it is reaped; a companion such as bench/idle_connections, by process group)
and bench/http itself. The rest went to other processes (a build, an
editor, a cron job) or to the hypervisor (steal): either way the server did
not have its core to itself, and a core shared is shared among threads, so
the server with more threads gets more of it. More than THRESHOLD_PERCENT of
one core in any interval voids the run.

The loopback traffic itself costs kernel time, and not all of it is charged
to the server or wrk. With tick-based accounting (this kernel has no
CONFIG_IRQ_TIME_ACCOUNTING) a tick that finds a CPU in a softirq is charged
to the task it interrupted: the server's or wrk's own time when one of them
ran, but the idle task's (no pid in /proc) when the CPU was idle, as it often
is on wrk's CPU while wrk waits for answers; and softirq work deferred to
ksoftirqd/N is charged to that kernel thread. Both are the measured
traffic's, not other work: they are counted apart, as *network*, and do not
void a run. Network time is at most the interval's irq + softirq ticks, and
only what no live process (nor the children they reaped) accounts for, so a
process, a build or steal still counts as other work.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Tuple

THRESHOLD_PERCENT = 5.0

# Columns of the "cpu" line of /proc/stat that are busy time: user, nice,
# system, irq, softirq, steal (idle, iowait and the guest columns, which
# user and nice already include, are not); of them, interrupt time.
_BUSY_COLUMNS = (0, 1, 2, 5, 6, 7)
_INTERRUPT_COLUMNS = (5, 6)

# proc(5): the flag of a kernel thread in field 9 of /proc/PID/stat.
_PF_KTHREAD = 0x00200000


def _cpu_columns(proc_stat: str) -> List[int]:
    for line in proc_stat.splitlines():
        fields = line.split()
        if fields and fields[0] == "cpu":
            return [int(v) for v in fields[1:]]
    raise ValueError("no 'cpu' line in /proc/stat")


def busy_jiffies(proc_stat: str) -> int:
    """Busy clock ticks of all CPUs together since boot."""
    values = _cpu_columns(proc_stat)
    return sum(values[i] for i in _BUSY_COLUMNS if i < len(values))


def interrupt_jiffies(proc_stat: str) -> int:
    """Ticks of all CPUs spent in interrupts (irq + softirq) since boot."""
    values = _cpu_columns(proc_stat)
    return sum(values[i] for i in _INTERRUPT_COLUMNS if i < len(values))


@dataclass(frozen=True)
class ProcessTime:
    pid: int
    name: str
    group: int  # Process group id.
    jiffies: int  # utime + stime of all its threads, in clock ticks.
    reaped: int = 0  # cutime + cstime: of the children it waited for.
    kernel_thread: bool = False

    @property
    def network_thread(self) -> bool:
        """ksoftirqd/N: the kernel's deferred softirq work, mostly packets."""
        return self.kernel_thread and re.fullmatch(r"ksoftirqd/\d+", self.name) is not None


def parse_process_stat(text: str) -> ProcessTime:
    """Reads /proc/PID/stat. The name sits in parentheses and may itself hold
    spaces and parentheses, so the fields are counted from the last ')'."""
    name_start = text.index("(")
    name_end = text.rindex(")")
    after = text[name_end + 1:].split()  # after[0] is field 3, the state.

    def numbered(number: int) -> int:  # 1-based, as proc(5) numbers them.
        return int(after[number - 3])

    return ProcessTime(
        pid=int(text[:name_start]),
        name=text[name_start + 1:name_end],
        group=numbered(5),
        jiffies=numbered(14) + numbered(15),
        reaped=numbered(16) + numbered(17),
        kernel_thread=bool(numbered(9) & _PF_KTHREAD),
    )


def read_processes(proc: str = "/proc") -> Dict[int, ProcessTime]:
    """Every process's CPU time now (those that vanish meanwhile are skipped)."""
    processes = {}
    for entry in os.listdir(proc):
        if not entry.isdigit():
            continue
        try:
            with open(os.path.join(proc, entry, "stat")) as stat:
                process = parse_process_stat(stat.read())
        except (OSError, ValueError, IndexError):
            continue
        processes[process.pid] = process
    return processes


def percent_of_core(jiffies: float, seconds: float, hz: int) -> float:
    return 100.0 * jiffies / (seconds * hz) if seconds > 0 else 0.0


def _delta(before: Dict[int, ProcessTime], process: ProcessTime,
           reaped: bool = False) -> int:
    """Ticks `process` used since `before` (from zero if it started since);
    with reaped=True, those of the children it reaped meanwhile."""
    earlier = before.get(process.pid)
    if reaped:
        return process.reaped - (earlier.reaped if earlier else 0)
    return process.jiffies - (earlier.jiffies if earlier else 0)


def _used(before: Dict[int, ProcessTime], after: Dict[int, ProcessTime],
          counts: Callable[[ProcessTime], bool]) -> int:
    """Ticks used in the interval by the processes `counts` selects."""
    return sum(_delta(before, p) for p in after.values() if counts(p))


def busiest(before: Dict[int, ProcessTime], after: Dict[int, ProcessTime],
            skip: Callable[[ProcessTime], bool], seconds: float, hz: int,
            top: int = 3, reaped: bool = False) -> List[Tuple[str, float]]:
    """The names that used the most CPU in the interval, in % of a core,
    processes of one name added up (a build runs many cc1plus). With
    reaped=True: the names whose reaped children used the most."""
    by_name: Dict[str, int] = {}
    for process in after.values():
        used = 0 if skip(process) else _delta(before, process, reaped)
        if used > 0:
            by_name[process.name] = by_name.get(process.name, 0) + used
    ranked = sorted(by_name.items(), key=lambda item: (-item[1], item[0]))
    return [(name, percent_of_core(ticks, seconds, hz)) for name, ticks in ranked[:top]]


@dataclass(frozen=True)
class Reading:
    """What one interval's accounting found."""
    seconds: float
    other_percent: float  # Of one core; never below 0.
    server_percent: Optional[float]  # None when no server was measured.
    busiest: List[Tuple[str, float]]  # Other processes, by name.
    # Other processes that ended before the interval did (a build's compiler
    # runs), which /proc no longer shows, and who reaped them.
    ended_percent: float = 0.0
    reapers: List[Tuple[str, float]] = field(default_factory=list)
    # The measured traffic's kernel work charged to no process of the
    # interval (ksoftirqd, softirqs taken while a CPU was idle): not counted.
    network_percent: float = 0.0

    @property
    def quiet(self) -> bool:
        return self.other_percent <= THRESHOLD_PERCENT


def _named(processes: List[Tuple[str, float]]) -> str:
    return ", ".join(f"{name} {percent:.1f} %" for name, percent in processes)


def describe(reading: Reading) -> str:
    """"52.0 % of a core (processes that ended meanwhile 40.0 %, reaped by
    java 38.0 %; cc1plus 8.0 %); not counted: the traffic's network work in
    the kernel, 3.0 %"."""
    parts = []
    if reading.ended_percent >= 0.5:
        ended = f"processes that ended meanwhile {reading.ended_percent:.1f} %"
        if reading.reapers:
            ended += f", reaped by {_named(reading.reapers)}"
        parts.append(ended)
    if reading.busiest:
        parts.append(_named(reading.busiest))
    text = f"{reading.other_percent:.1f} % of a core"
    text += f" ({'; '.join(parts)})" if parts else ""
    if reading.network_percent >= 0.5:
        text += (f"; not counted: the traffic's network work in the kernel, "
                 f"{reading.network_percent:.1f} %")
    return text


@dataclass(frozen=True)
class _Snapshot:
    time: float
    busy: int  # Ticks, all CPUs.
    interrupts: int  # Of them, irq + softirq.
    processes: Dict[int, ProcessTime]


class Interval:
    """Accounts one interval: start(), the work, stop().

    server: the process group under test; helpers: the load generator's
    other process groups; pids: single processes of the harness."""

    def __init__(self, server: Optional[int] = None, helpers: Iterable[int] = (),
                 pids: Iterable[int] = (), proc: str = "/proc",
                 hz: Optional[int] = None,
                 clock: Callable[[], float] = time.monotonic):
        self._server = server
        self._helpers = set(helpers)
        self._pids = set(pids)
        self._proc = proc
        self._hz = hz or os.sysconf("SC_CLK_TCK")
        self._clock = clock
        self._start: Optional[_Snapshot] = None

    def _snapshot(self) -> _Snapshot:
        with open(os.path.join(self._proc, "stat")) as stat:
            text = stat.read()
        return _Snapshot(self._clock(), busy_jiffies(text), interrupt_jiffies(text),
                         read_processes(self._proc))

    def _measured(self, process: ProcessTime) -> bool:
        return (process.group == self._server or process.group in self._helpers
                or process.pid in self._pids)

    def start(self) -> None:
        self._start = self._snapshot()

    def stop(self, child_seconds: float = 0.0) -> Reading:
        """child_seconds: CPU of reaped children (wrk's rusage), which
        /proc no longer shows."""
        if self._start is None:
            raise RuntimeError("Interval.stop() before start()")
        start, end = self._start, self._snapshot()
        before, after = start.processes, end.processes
        seconds = end.time - start.time

        def other_process(process: ProcessTime) -> bool:
            return not self._measured(process) and not process.network_thread

        def network_thread(process: ProcessTime) -> bool:
            return not self._measured(process) and process.network_thread

        measured = _used(before, after, self._measured) + child_seconds * self._hz
        unmeasured = max(0.0, (end.busy - start.busy) - measured)
        ksoftirqd = _used(before, after, network_thread)
        alive = _used(before, after, other_process)
        reaped = sum(_delta(before, p, reaped=True) for p in after.values()
                     if not self._measured(p))
        # What no live process nor a child it reaped was charged for: ticks
        # the idle task took in interrupts, up to the interval's interrupt time.
        unattributed = max(0.0, unmeasured - ksoftirqd - alive - reaped)
        network = ksoftirqd + min(unattributed, end.interrupts - start.interrupts)
        other = max(0.0, unmeasured - network)
        server = None
        if self._server is not None:
            server_ticks = _used(before, after, lambda p: p.group == self._server)
            server = percent_of_core(server_ticks, seconds, self._hz)
        return Reading(
            seconds=seconds,
            other_percent=percent_of_core(other, seconds, self._hz),
            server_percent=server,
            busiest=busiest(before, after, lambda p: not other_process(p), seconds,
                            self._hz),
            ended_percent=percent_of_core(max(0.0, other - alive), seconds, self._hz),
            reapers=busiest(before, after, self._measured, seconds, self._hz, top=2,
                            reaped=True),
            network_percent=percent_of_core(network, seconds, self._hz),
        )


class NoisyMachine(Exception):
    """Other work used more CPU than THRESHOLD_PERCENT allows."""


def check(reading: Reading, when: str, noisy_ok: bool,
          log: Callable[[str], None]) -> None:
    """Logs a quiet reading; a noisy one stops the run (NoisyMachine) unless
    noisy_ok."""
    message = f"{when}, other work used {describe(reading)}"
    if reading.quiet:
        log(f"quiet check: {message}")
    elif noisy_ok:
        log(f"NOISY: {message}; going on because of --noisy-ok")
    else:
        raise NoisyMachine(message)


def precheck(seconds: float = 2.0) -> Reading:
    """The machine's other work over a short idle wait, before measuring."""
    interval = Interval(pids=[os.getpid()])
    interval.start()
    time.sleep(seconds)
    return interval.stop()
