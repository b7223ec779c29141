#!/usr/bin/env python3
"""The kata matrix: every step's own code, on every supported toolchain.

For each toolchain, each step's own snapshot goes through the runner's real
`check` (checking.own_code) with the participant at that step; the verdict
must be "as expected" or "it compiles" (tests passing). Prints a table
toolchain x verdicts, then every other verdict in full, and exits 1 if
there was one. tools/kata_matrix installs the compilers and runs this.

  matrix.py [--jobs N] [--toolchain COMMAND]... [--kata KATA]...

A toolchain is a compiler command, flags allowed; the table names it by
the driver and its -stdlib flag. GoogleTest builds made for a toolchain
(libc++) are kept in --cache-dir (default: a fresh folder for this run);
compiled files only for the run. A step's build stops at its first file that fails,
and a file whose code (with what it includes) a step before already
compiled with the same toolchain is not compiled again.
"""

import argparse
import concurrent.futures
import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import building  # noqa: E402
import checking  # noqa: E402
import toolchain  # noqa: E402
from kata import UsageError, all_katas  # noqa: E402

NINE = ["g++-11", "g++-12", "clang++-13", "clang++-14", "clang++-15",
        "clang++-16", "clang++-19", "clang++-16 -stdlib=libc++",
        "clang++-19 -stdlib=libc++"]


class Row:
    """One toolchain: its compiler, builder, and the verdicts so far."""

    def __init__(self, spec, root, cache_dir, objects):
        command = toolchain.split(spec)
        # Named by the driver and its -stdlib flag, not the paths of a
        # libc++ unpacked for the matrix.
        self.label = " ".join([os.path.basename(command[0])] + [
            w for w in command[1:] if w.startswith("-stdlib=")])
        self.compiler = toolchain.identify(command)
        base = building.base_libraries(_NoBazel(), root)
        self.headers = base.headers
        # Only what a verdict needs: the first file that fails; a file
        # compiled before (by this toolchain, unchanged) is not again.
        self.builder = building.Builder(
            base, cache_dir=cache_dir, first_failure_only=True,
            objects=objects)
        self.verdicts = {}  # (kata, step) -> (kind, text)
        self.problem = ""
        self.left = 0  # steps not judged yet

    def count(self, kind):
        return sum(1 for k, _ in self.verdicts.values() if k == kind)

    @property
    def others(self):
        return [(key, kind, text) for key, (kind, text) in
                sorted(self.verdicts.items()) if kind not in checking.OK_KINDS]


class _NoBazel:
    lib = []


def prepare(row):
    """Whether the toolchain can be used: supported, and GoogleTest (built
    for it if need be) at hand."""
    try:
        checking.require_supported(row.compiler)
        row.builder.libraries(row.compiler)
    except (UsageError, building.BuildError) as e:
        row.problem = str(e)


_LOCK = threading.Lock()


def judge(row, kata, step, start):
    try:
        verdict, text = checking.own_code(kata, step, row.compiler.text,
                                          row.builder, row.headers)
        row.verdicts[(kata.name, step)] = (verdict.kind, text)
    except Exception as e:  # a broken expect.txt, a crash: report, go on
        row.verdicts[(kata.name, step)] = ("error", f"{type(e).__name__}: "
                                                    f"{e}")
    with _LOCK:
        row.left -= 1
        if row.left == 0:  # progress, for a long run in CI
            print(f"kata_matrix: {row.label}: {len(row.verdicts)} steps, "
                  f"{len(row.others)} with another verdict "
                  f"({(time.monotonic() - start) / 60:.1f} min)",
                  file=sys.stderr, flush=True)


def table(rows, total):
    out = ["| toolchain | compiler | as expected | it compiles | other | "
           "steps |", "|---|---|---|---|---|---|"]
    for row in rows:
        if row.problem:
            out.append(f"| `{row.label}` | {row.compiler.name} | - | - | "
                       f"not run | {total} |")
            continue
        out.append(f"| `{row.label}` | {row.compiler.name} | "
                   f"{row.count('as-expected')} | {row.count('compiles')} | "
                   f"{len(row.others)} | {total} |")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--toolchain", action="append", metavar="COMMAND",
                    help="a compiler command, flags allowed (default: the "
                    "nine of katas/README.md)")
    ap.add_argument("--kata", action="append", help="only these katas")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))),
        help="the checkout holding katas/")
    ap.add_argument("--cache-dir", help="where GoogleTest builds are kept "
                    "(default: a new folder, removed at the end)")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error("--jobs must be at least 1")
    katas = [k for k in all_katas(args.root)
             if not args.kata or k.name in args.kata]
    missing = set(args.kata or ()) - {k.name for k in katas}
    if missing:
        ap.error(f"no kata named {', '.join(sorted(missing))}")
    steps = [(k, s) for k in katas for s in k.steps]
    cache = args.cache_dir or tempfile.mkdtemp(prefix="kata_matrix_")
    # Objects are keyed by command, not by the compiler's build: never kept
    # past the run, in which no compiler changes.
    objects_dir = tempfile.mkdtemp(prefix="kata_matrix_objects_")
    start = time.monotonic()
    try:
        objects = building.ObjectCache(objects_dir)
        rows = [Row(spec, args.root, cache, objects)
                for spec in args.toolchain or NINE]
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(prepare, rows))
            for row in rows:
                row.left = len(steps)
            work = [pool.submit(judge, row, k, s, start)
                    for row in rows if not row.problem for k, s in steps]
            for future in work:
                future.result()
    finally:
        shutil.rmtree(objects_dir, ignore_errors=True)
        if not args.cache_dir:
            shutil.rmtree(cache, ignore_errors=True)
    elapsed = time.monotonic() - start
    print(table(rows, len(steps)))
    print(f"\n{len(rows)} toolchains x {len(steps)} steps in "
          f"{elapsed / 60:.1f} min ({args.jobs} jobs)")
    bad = False
    for row in rows:
        if row.problem:
            bad = True
            print(f"\n== {row.label}: not run\n{row.problem}")
        for (kata, step), kind, text in row.others:
            bad = True
            print(f"\n== {row.label}: {kata}/{step}: {kind}\n{text.rstrip()}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
