"""The machine: what bench/http installs (Debian packages only), the build,
the descriptor limit, and what RESULTS.md says about the machine and code.
"""
from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
from typing import Callable, List, Sequence, Tuple

from harness.processes import HarnessError

# (Debian packages to try, first one the archive has; a file it installs.)
PACKAGES: List[Tuple[Tuple[str, ...], str]] = [
    (("nginx-light", "nginx"), "/usr/sbin/nginx"),
    (("h2o",), "/usr/bin/h2o"),
    (("wrk",), "/usr/bin/wrk"),
    (("libcpp-httplib-dev",), "/usr/include/httplib.h"),
    (("libbenchmark-dev",), "/usr/include/benchmark/benchmark.h"),
    (("gnuplot-nox",), "/usr/bin/gnuplot"),
    (("util-linux",), "/usr/bin/taskset"),
    (("linux-perf",), "/usr/bin/perf"),
]


def log(message: str) -> None:
    print(f"bench/http: {message}", file=sys.stderr, flush=True)


def missing(exists: Callable[[str], bool] = os.path.exists,
            want_perf: bool = True) -> List[Tuple[str, ...]]:
    """The package choices whose file is not there."""
    return [names for names, path in PACKAGES
            if not exists(path) and (want_perf or path != "/usr/bin/perf")]


def _apt(args: Sequence[str]) -> List[str]:
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    # Waits for another apt (a build installing its own packages) to finish.
    return sudo + ["apt-get", "-o", "DPkg::Lock::Timeout=600", *args]


def _available(name: str) -> bool:
    shown = subprocess.run(["apt-cache", "show", name], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    return shown.returncode == 0


def install(choices: List[Tuple[str, ...]]) -> None:
    if not choices:
        return
    subprocess.run(_apt(["update", "-qq"]), check=True, stdout=sys.stderr)
    names = [next((n for n in names if _available(n)), names[-1]) for names in choices]
    log(f"installing {' '.join(names)} from Debian's archive")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(_apt(["install", "-y", "-qq", "--no-install-recommends", *names]),
                   check=True, env=env, stdout=sys.stderr)


def raise_descriptor_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = 65536 if hard == resource.RLIM_INFINITY else min(65536, hard)
    want = max(soft, ceiling)
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    if want < needed:
        raise HarnessError(f"need {needed} open files, the limit is {want} "
                           "(raise it, or use a smaller --idle)")


def build(repo: str, targets: Sequence[str]) -> str:
    """Builds with -c opt, then stops Bazel's server; returns bazel-bin."""
    log(f"building {' '.join(targets)} with -c opt")
    bazelw = os.path.join(repo, "bazelw")
    subprocess.run([bazelw, "build", "-c", "opt", *targets], cwd=repo, check=True,
                   stdout=sys.stderr)
    info = subprocess.run([bazelw, "info", "-c", "opt", "bazel-bin"], cwd=repo,
                          check=True, capture_output=True, text=True)
    # Bazel's server (a JVM) would otherwise stay up beside the measurement.
    subprocess.run([bazelw, "shutdown"], cwd=repo, check=True, stdout=sys.stderr)
    return info.stdout.strip()


def _output(argv: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=30)
    except OSError:
        return "?"
    return (done.stdout + done.stderr).strip()


def _package_version(name: str) -> str:
    return _output(["dpkg-query", "-W", "-f=${Version}", name]) or "?"


def describe(pinning: str) -> List[str]:
    """Bullets for RESULTS.md's Machine section."""
    model = "?"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    nginx = _output(["/usr/sbin/nginx", "-v"]).rsplit("/", 1)[-1]
    h2o = _output(["/usr/bin/h2o", "--version"]).splitlines()[0].rsplit(" ", 1)[-1]
    wrk = _output(["/usr/bin/wrk", "-v"]).split()[1]
    gcc = _output(["gcc", "--version"]).splitlines()[0]
    return [
        f"CPU: {model}, {os.cpu_count()} cores; {pinning}",
        f"Kernel: {platform.system()} {platform.release()}",
        f"Compiler: {gcc} (our server and the cpp-httplib peer, `-c opt`)",
        f"Debian packages: nginx {nginx}, h2o {h2o}, wrk {wrk}, cpp-httplib "
        f"{_package_version('libcpp-httplib-dev')}, Google Benchmark "
        f"{_package_version('libbenchmark-dev')}",
    ]


def revision(repo: str, outputs: Sequence[str]) -> Tuple[str, List[str]]:
    """The commit measured, and the files that differ from it (the run's own
    outputs aside)."""
    head = subprocess.run(["git", "-C", repo, "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True)
    if head.returncode != 0:
        return "no-git", []
    status = subprocess.run(["git", "-C", repo, "status", "--porcelain"],
                            capture_output=True, text=True)
    return head.stdout.strip(), changed_files(status.stdout, outputs)


def changed_files(porcelain: str, outputs: Sequence[str]) -> List[str]:
    """The paths `git status --porcelain` lists ("XY path", where X or Y may
    be a space), but `outputs`."""
    paths = [line[3:] for line in porcelain.splitlines() if len(line) > 3]
    return [path for path in paths if path not in outputs]
