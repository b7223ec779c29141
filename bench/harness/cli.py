"""bench/http's command line. A bad flag prints the usage and exits 2
(argparse's own behaviour); --help prints the description and the flags."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from harness import large_files, peers, workloads


WORKLOADS = workloads.KEYS + large_files.KEYS


@dataclass(frozen=True)
class Options:
    quick: bool
    duration: int  # Seconds per run.
    rounds: int
    threads: int  # Our server's pool.
    idle: int  # Idle connections in the idle workload.
    file_bytes: int  # The large-file scenarios' file.
    servers: Tuple[str, ...]
    workloads: Tuple[str, ...]  # wrk's workloads and the large-file scenarios.
    noisy_ok: bool
    pool: bool  # Run the //pool microbenchmarks.
    profile: bool  # Profile our server with perf.
    keep: bool  # Keep the scratch folder.
    output: Optional[str]  # Where RESULTS.md and results.png go (default bench/).
    argv: Tuple[str, ...]  # As given, for RESULTS.md.


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return value


def _subset(choices: List[str]):
    def parse(text: str) -> Tuple[str, ...]:
        picked = tuple(part for part in text.split(",") if part)
        unknown = [p for p in picked if p not in choices]
        if unknown or not picked:
            raise argparse.ArgumentTypeError(
                f"{text!r}: choose from {', '.join(choices)} (comma-separated)")
        return picked
    return parse


def _parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/http", description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add = parser.add_argument
    add("--quick", action="store_true",
        help="2 s per run, 1 round and a 40 MB file for the large-file scenarios, "
             "unless --duration/--rounds/--file-mb say otherwise")
    add("--duration", type=_positive, metavar="SECONDS", help="per run (default 5)")
    add("--rounds", type=_positive, metavar="N", help="turns of every server (default 3)")
    add("--threads", type=_positive, default=4, metavar="N",
        help="our server's pool (default 4)")
    add("--idle", type=_positive, default=10_000, metavar="N",
        help="idle connections in the idle workload (default 10000)")
    add("--file-mb", type=_positive, metavar="MB",
        help="the large-file scenarios' file, in MB of 10^6 bytes (default 200)")
    add("--servers", type=_subset(peers.KEYS), default=tuple(peers.KEYS),
        metavar="LIST", help=f"some of {','.join(peers.KEYS)} (default all)")
    add("--workloads", type=_subset(WORKLOADS), default=tuple(WORKLOADS),
        metavar="LIST", help=f"some of {','.join(WORKLOADS)} (default all; slow and "
                             "memory are the large-file scenarios)")
    add("--noisy-ok", action="store_true",
        help="measure on a busy machine anyway; RESULTS.md marks the figures "
             "noisy and assesses no target, and the exit status is still 3")
    add("--no-pool", dest="pool", action="store_false",
        help="skip the //pool microbenchmarks")
    add("--no-profile", dest="profile", action="store_false",
        help="skip the perf profile of our server")
    add("--keep", action="store_true", help="keep the scratch folder with every raw output")
    add("--output", metavar="DIR",
        help="write RESULTS.md and results.png there instead of bench/")
    return parser


def parse(argv: Sequence[str], description: str = "") -> Options:
    args = _parser(description).parse_args(list(argv))
    return Options(
        quick=args.quick,
        duration=args.duration or (2 if args.quick else 5),
        rounds=args.rounds or (1 if args.quick else 3),
        threads=args.threads,
        idle=args.idle,
        file_bytes=(args.file_mb * large_files.MB if args.file_mb else
                    large_files.QUICK_FILE_BYTES if args.quick else large_files.FILE_BYTES),
        servers=args.servers,
        workloads=args.workloads,
        noisy_ok=args.noisy_ok,
        pool=args.pool,
        profile=args.profile,
        keep=args.keep,
        output=args.output,
        argv=tuple(argv),
    )
