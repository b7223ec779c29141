#!/usr/bin/env python3
"""A step's _portable test: its own code gets its expected verdict.

Run by //katas:kata.bzl for every step (NN_slug_portable), with the Bazel
toolchain's compiler (and its -stdlib flag, so --config=libcxx checks
libc++): the step's snapshot goes through the workshop runner's `check`,
the participant being at that step, and the verdict must be "as expected"
(the build fails as expect.txt says) or "it compiles" (tests passing).
Unlike the step's recording test, this holds on every supported compiler.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import building  # noqa: E402
import checking  # noqa: E402
import expectations  # noqa: E402
import kata_check  # noqa: E402
import toolchain  # noqa: E402
from kata import Kata, UsageError  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for opt in ("--include", "--lib", "--main-lib", "--header", "--cxxflag"):
        ap.add_argument(opt, action="append", default=[])
    ap.add_argument("--runfiles", default="")
    ap.add_argument("--workspace", default="__main__")
    ap.add_argument("--root", default=".")
    ap.add_argument("--step", required=True,
                    help="e.g. katas/thread_pool/03_constructor")
    ap.add_argument("--prev", default="")
    ap.add_argument("--cc", required=True,
                    help="the C++ toolchain's compiler")
    args = ap.parse_args()
    _, kata_name, step = args.step.split("/")
    kata = Kata(args.root, kata_name)
    command = [kata_check.cxx_for(args.cc)] + args.cxxflag
    compiler = toolchain.identify(command)
    base = building.base_libraries(args, args.root)
    builder = building.Builder(
        base, cache_dir=os.environ.get("TEST_TMPDIR"), trusted=command)
    try:
        verdict, text = checking.own_code(kata, step, compiler.text, builder,
                                          base.headers)
    except UsageError as e:  # a compiler the katas do not support
        print(f"FAIL: {e}")
        return 1
    print(f"--- {args.step} with {compiler.text} ({compiler.name}):\n{text}")
    if not verdict.ok:
        print(f"FAIL: {args.step}'s own code gets the verdict "
              f"{verdict.kind!r}; it must get \"as expected\" (see its "
              "expect.txt) or \"it compiles\" with its tests passing.")
        if not os.path.exists(os.path.join(kata.step_dir(step),
                                           expectations.FILE_NAME)):
            print(f"{step} has no {expectations.FILE_NAME}, so its code "
                  "must build: if it is meant not to, write one "
                  "(katas/FORMAT.md).")
        return 1
    print(f"PASS: {args.step}: {verdict.kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
