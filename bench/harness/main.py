"""bench/http from start to end: check the machine is quiet, install and
build, start every server, run every workload in turns, run the large-file
scenarios, profile, run the //pool microbenchmarks, and write RESULTS.md
and results.png.

Exit status: 0 after a quiet, steady run; 3 when the machine was busy
(before or during the measurements: nothing is written, unless --noisy-ok)
or the run was unsteady (written, no ratio to nginx assessed); 2 for a bad flag; 1
for any other failure; 130 after Ctrl-C.
"""
from __future__ import annotations

import datetime
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import List, Optional, Tuple

from harness import (chart, cli, large_file_runs, large_files, machine, peers, profile,
                     quiet, report, results, servers, stats, targets, workloads, wrk)
from harness.large_files import DownloadRun
from harness.machine import log
from harness.processes import (HarnessError, Processes, resident_mib, run_measured,
                               wait_for_line, wait_until_answering)
from harness.results import Run, summarize
from harness.servers import CLIENT_CPU, Server, taskset

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUTS = ("bench/RESULTS.md", "bench/results.png")
NOISY_EXIT = 3


def _check_quiet(reading: quiet.Reading, when: str, opts: cli.Options) -> None:
    quiet.check(reading, when, opts.noisy_ok, log)


def _start_companion(spec: workloads.Companion, tag: str, server: Server,
                     opts: cli.Options, bin_dir: str,
                     processes: Processes) -> subprocess.Popen:
    """Starts it on the load generator's CPU and waits until it is ready."""
    argv = [os.path.join(bin_dir, spec.binary), *spec.args(server.port, opts.duration + 120)]
    companion = processes.start(tag, argv, cpu=CLIENT_CPU)
    wait_for_line(processes.log_path(tag), spec.ready, spec.ready_seconds, companion)
    time.sleep(spec.settle_seconds)
    return companion


def _wrk(server: Server, workload: workloads.Workload, opts: cli.Options,
         processes: Processes, tag: str, helpers: List[int]
         ) -> Tuple[wrk.WrkResult, quiet.Reading]:
    """wrk against `server`, accounted by quiet.Interval (helpers: the
    companion's process group, counted as load generator)."""
    interval = quiet.Interval(server=server.process.pid, helpers=helpers,
                              pids=[os.getpid()])
    interval.start()
    command = taskset(CLIENT_CPU) + wrk.command(server.port, workload.connections,
                                                 opts.duration, workload.close)
    _, wrk_seconds = run_measured(command, processes.log_path(tag))
    reading = interval.stop(child_seconds=wrk_seconds)
    with open(processes.log_path(tag)) as out:
        return wrk.parse(out.read()), reading


def measure(server: Server, workload: workloads.Workload, round_: int,
            opts: cli.Options, bin_dir: str, processes: Processes) -> Run:
    """One run: wrk, accounted by quiet.Interval. With a companion: wrk
    alone first (the baseline), then the companion, then wrk beside it."""
    tag = f"{workload.key}-{server.peer.key}-{round_}"
    spec = workload.companion
    baseline = None
    if spec:
        baseline = _wrk(server, workload, opts, processes, tag + "-baseline-wrk", [])
        _settle(server)
    companion = (_start_companion(spec, tag + "-companion", server, opts, bin_dir, processes)
                 if spec else None)
    result, reading = _wrk(server, workload, opts, processes, tag + "-wrk",
                           [companion.pid] if companion else [])
    rss = resident_mib(servers.group_pids(server))
    note = ""
    if companion:
        processes.stop(companion)
        with open(processes.log_path(tag + "-companion")) as out:
            note = spec.summarize(out.read())
    _settle(server)
    return Run(workload.key, server.peer.key, round_, result, reading, rss, note,
               baseline_rps=baseline[0].requests_per_second if baseline else None,
               baseline_reading=baseline[1] if baseline else None)


def _settle(server: Server) -> None:
    """What one run left behind (queued connections, sockets closing) is not
    charged to the next: wait until the server answers again."""
    time.sleep(1)
    waited = wait_until_answering(server.port, 60)
    if waited > 1:
        log(f"{server.peer.name} answered again after {waited:.0f} s")


def measure_all(servers: List[Server], loads: List[workloads.Workload],
                opts: cli.Options, bin_dir: str, processes: Processes) -> List[Run]:
    runs: List[Run] = []
    total = len(loads) * opts.rounds * len(servers)
    for workload in loads:
        for round_ in range(1, opts.rounds + 1):
            for server in peers.turn_order(servers, round_):
                run = measure(server, workload, round_, opts, bin_dir, processes)
                runs.append(run)
                log(f"[{len(runs)}/{total}] {workload.name}, {server.peer.name}, round "
                    f"{round_}: {stats.format_count(run.wrk.requests_per_second)} req/s, "
                    f"p99 {stats.format_ms(run.wrk.p99_ms)}, {run.wrk.errors} errors, "
                    f"other CPU {stats.format_percent(run.reading.other_percent)}")
                when = (f"run {len(runs)} of {total} ({workload.name}, "
                        f"{server.peer.name}, round {round_})")
                if run.baseline_reading is not None:
                    _check_quiet(run.baseline_reading, f"during the baseline of {when}", opts)
                _check_quiet(run.reading, f"during {when}", opts)
    return runs


def profile_ours(ours: Server, workload: workloads.Workload, opts: cli.Options,
                 folder: str, processes: Processes) -> str:
    log(f"profiling {ours.peer.name} with perf during one more {workload.name} run")
    load = processes.start("profile-wrk", taskset(CLIENT_CPU) + wrk.command(
        ours.port, workload.connections, opts.duration + 2, workload.close))
    time.sleep(1)
    failure = profile.record(ours.process.pid, opts.duration, folder)
    load.wait(timeout=opts.duration + 60)
    if failure:
        return failure + "\n"
    with open(processes.log_path("profile-wrk")) as out:
        rps = wrk.parse(out.read()).requests_per_second
    return profile.analyse(folder, workload.name, opts.duration, rps)


def run_pool(bin_dir: str, opts: cli.Options, folder: str) -> Tuple[str, quiet.Reading]:
    min_time = "0.05" if opts.quick else "0.5"
    log(f"running //bench:pool_benchmark (min time {min_time} s each)")
    interval = quiet.Interval(pids=[os.getpid()])
    interval.start()
    path = os.path.join(folder, "pool.log")
    status, seconds = run_measured(
        [os.path.join(bin_dir, "bench", "pool_benchmark"),
         f"--benchmark_min_time={min_time}"], path)
    reading = interval.stop(child_seconds=seconds)
    with open(path) as out:
        output = "".join(line for line in out if not line.startswith("Running "))
    if status != 0:
        raise HarnessError(f"pool_benchmark failed ({status}):\n{output}")
    _check_quiet(reading, "during the //pool microbenchmarks", opts)
    return output, reading


def _chart_rows(runs: List[Run], running: List[Server], loads: List[workloads.Workload]):
    summaries = summarize(runs)
    return [(w.label, [summaries[(w.key, s.peer.key)].rps for s in running]) for w in loads]


def write_outputs(outcome: report.Outcome, running: List[Server],
                  loads: List[workloads.Workload], opts: cli.Options, folder: str) -> str:
    out_dir = opts.output or os.path.join(REPO, "bench")
    os.makedirs(out_dir, exist_ok=True)
    title = (f"Requests per second, hello.html on loopback, run {outcome.name} "
             f"(median of {opts.rounds} x {opts.duration} s; higher is better)")
    if outcome.noisy:
        title += "\\nNOISY RUN: other work shared the cores; not a measurement"
    elif outcome.unsteady:
        title += "\\nUNSTEADY RUN: rounds far apart; no ratio to nginx assessed"
    if loads:  # The large-file scenarios alone draw no chart.
        chart.draw([s.peer.name for s in running], _chart_rows(outcome.runs, running, loads),
                   os.path.join(out_dir, "results.png"), title, folder)
    path = os.path.join(out_dir, "RESULTS.md")
    with open(path, "w") as out:
        out.write(report.render(outcome))
    return path


def _headline(outcome: report.Outcome) -> str:
    figures = outcome.figures()
    parts = [f"{target.text}: {target.assess(figures).shown}"
             for target in targets.table(outcome.file_bytes)]
    noisy = " (NOISY: not a measurement)" if outcome.noisy else ""
    if outcome.unsteady and not outcome.noisy:
        noisy = " (UNSTEADY: no ratio to nginx assessed)"
    return f"run {outcome.name}{noisy}: " + "; ".join(parts)


def prepare(opts: cli.Options, loads: List[workloads.Workload]) -> str:
    """Installs what is missing, raises the descriptor limit, builds; returns
    bazel-bin."""
    machine.install(machine.missing(want_perf=opts.profile))
    machine.raise_descriptor_limit(opts.idle + 2100)
    wanted = ["//server"]
    if any(key.startswith("httplib") for key in opts.servers):
        wanted.append("//bench:httplib_server")
    wanted += sorted({w.companion.target for w in loads if w.companion})
    wanted += ["//bench:pool_benchmark"] if opts.pool else []
    return machine.build(REPO, wanted)


@dataclass
class Measured:
    servers: List[Server]
    runs: List[Run]
    precheck: quiet.Reading
    profile: str
    pool_output: str
    pool_reading: Optional[quiet.Reading]
    download_runs: List[DownloadRun]


def measure_everything(opts: cli.Options, chosen: List[peers.Peer],
                       loads: List[workloads.Workload],
                       scenarios: List[large_files.Scenario], bin_dir: str) -> Measured:
    """Starts the servers, measures, and stops everything it started."""
    folder = tempfile.mkdtemp(prefix="bench-http.")
    processes = Processes(folder)
    pages = os.path.join(REPO, "server", "static")
    large_root = None
    try:
        if scenarios:
            large_root = large_file_runs.make_root(pages, opts.file_bytes)
        site = peers.Site(root=pages, folder=folder, bin_dir=bin_dir,
                          max_connections=opts.idle + 2000, threads=opts.threads)
        running = [servers.start(peer, site, processes) for peer in chosen]
        precheck = quiet.precheck()
        _check_quiet(precheck, "with the servers started and idle (2 s)", opts)
        runs = measure_all(running, loads, opts, bin_dir, processes)
        download_runs = []
        if large_root:
            download_runs = large_file_runs.measure_all(
                scenarios, list(opts.servers), opts.threads, large_root, folder, bin_dir,
                processes, lambda reading, when: _check_quiet(reading, when, opts))
        ours = next((s for s in running if s.peer.key == "ours"), None)
        profiled = ""
        if opts.profile and ours and loads:
            profiled = profile_ours(ours, loads[0], opts, folder, processes)
        pool_output, pool_reading = "", None
        if opts.pool:
            pool_output, pool_reading = run_pool(bin_dir, opts, folder)
        return Measured(running, runs, precheck, profiled, pool_output, pool_reading,
                        download_runs)
    finally:
        processes.stop_all()
        if large_root:
            large_file_runs.remove_root(large_root)  # Even with --keep: it is big.
        if opts.keep:
            log(f"raw outputs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def outcome_of(opts: cli.Options, measured: Measured, loads: List[workloads.Workload],
               started: datetime.datetime, minutes: float) -> report.Outcome:
    commit, changed = machine.revision(REPO, OUTPUTS)
    name = started.strftime("%Y%m%d-%H%MZ") + f"-{commit}" + ("-dirty" if changed else "")
    code = f"commit {commit}" + (f", with uncommitted changes to {', '.join(changed)}"
                                 if changed else "")
    analysis_path = os.path.join(REPO, "bench", "ANALYSIS.md")
    analysis = ""
    if os.path.exists(analysis_path):
        with open(analysis_path) as text:
            analysis = text.read()
    return report.Outcome(
        name=name, command=shlex.join(["bench/http", *opts.argv]),
        started=started.strftime("%Y-%m-%d %H:%M UTC"), minutes=minutes,
        duration=opts.duration, rounds=opts.rounds,
        machine=machine.describe(servers.PINNING) + [f"Code: {code}"],
        peers=[s.peer for s in measured.servers], workloads=loads, runs=measured.runs,
        precheck=measured.precheck, profile=measured.profile, analysis=analysis,
        pool_output=measured.pool_output, pool_reading=measured.pool_reading,
        download_runs=measured.download_runs, file_bytes=opts.file_bytes)


def run(opts: cli.Options) -> int:
    started = datetime.datetime.now(datetime.timezone.utc)
    clock = time.monotonic()
    chosen = [p for p in peers.all_peers(opts.threads) if p.key in opts.servers]
    loads = [w for w in workloads.table(opts.idle) if w.key in opts.workloads]
    scenarios = [s for s in large_files.table() if s.key in opts.workloads]
    _check_quiet(quiet.precheck(), "before starting (2 s)", opts)
    bin_dir = prepare(opts, loads)
    measured = measure_everything(opts, chosen, loads, scenarios, bin_dir)
    outcome = outcome_of(opts, measured, loads, started, (time.monotonic() - clock) / 60)
    folder = tempfile.mkdtemp(prefix="bench-http-chart.")
    try:
        path = write_outputs(outcome, measured.servers, loads, opts, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    log(f"wrote {path}" + (" and results.png beside it" if loads else ""))
    if outcome.unsteady:
        log("UNSTEADY: rounds of one server further apart than "
            f"{results.STEADY_LIMIT:.1f}x ({'; '.join(outcome.unsteady)}); "
            "no ratio to nginx assessed. Run again.")
    print(_headline(outcome))
    return NOISY_EXIT if outcome.noisy or outcome.unsteady else 0


def _exit_on_signal(number, _frame):
    raise SystemExit(128 + number)


def main(argv: List[str], description: str) -> int:
    opts = cli.parse(argv, description)  # Exits 2 on a bad flag.
    # Ctrl-C raises KeyboardInterrupt even where the shell that started us
    # ignored SIGINT; SIGTERM and SIGHUP unwind the same way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGHUP, _exit_on_signal)
    try:
        return run(opts)
    except quiet.NoisyMachine as noisy:
        log(f"REFUSED, the machine is not quiet: {noisy}. Figures measured now would "
            "say more about that other work than about the servers, so nothing was "
            "written. Run again when the machine is quiet (or pass --noisy-ok to "
            "measure anyway, figures marked noisy).")
        return NOISY_EXIT
    except HarnessError as error:
        log(f"failed: {error}")
        return 1
    except subprocess.CalledProcessError as error:
        log(f"failed: {shlex.join(map(str, error.cmd))} exited with {error.returncode}")
        return 1
    except KeyboardInterrupt:
        log("interrupted; everything it started is stopped")
        return 130
    except SystemExit as stop:
        log(f"stopped by a signal ({stop.code}); everything it started is stopped")
        raise
