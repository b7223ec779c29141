#!/usr/bin/env python3
"""Compiles kata steps and compares what the compiler said with the recording.

Promises (see katas/FORMAT.md for the format):
  check      one step, one compiler: the normalized transcript must equal the
             step's expected.<gcc|clang>.txt byte for byte, and the diff block
             in its README.md must be the diff from the previous step.
  bless      every step of every kata (or the katas named), with g++ and
             clang++: rewrites the recordings and the README diff blocks.
  self-test  one step: the checker passes on it unchanged, and fails once any
             single character of its recording (or of its README diff) flips.
Transcripts depend only on the step's files and the compiler: the same
function makes them for `check` and for `bless`.
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

import toolchain

STD_FLAGS = ["-std=c++20", "-Wall", "-Wextra", "-Werror", "-pthread"]
HIDDEN_FLAGS = ["-fdiagnostics-color=never"]
HIDDEN_GCC_FLAGS = ["-fdiagnostics-urls=never", "-fmessage-length=0"]
DISPLAY_TEST_LIBS = ["-lgmock_main", "-lgmock", "-lgtest"]
DISPLAY_LIBS = ["-lgmock", "-lgtest"]
STEP_RE = re.compile(r"^\d\d_[a-z0-9_]+$")
DIFF_BEGIN = "<!-- diff:begin -->"
DIFF_END = "<!-- diff:end -->"
TIMEOUT_S = 300
REFERENCE_NAMES = "GCC 12 and Clang 14 (with libstdc++ 12)"


class Env:
    """Where the headers and libraries a step may use are (from runfiles)."""

    def __init__(self, args, base):
        def abs_(p):
            return os.path.realpath(os.path.join(base, p)) if base else p
        self.includes = [abs_(p) for p in args.include]
        self.libs = [abs_(p) for p in args.lib]
        self.main_libs = [abs_(p) for p in args.main_lib]
        # Workspace headers a step may include by path, e.g. pool/*.h.
        self.headers = [(h, os.path.join(base, args.workspace, h))
                        for h in args.header]


def compiler_kind(cxx):
    """"gcc" or "clang" for a compiler command (a string or a list)."""
    out = subprocess.run(toolchain.split(cxx) + ["--version"],
                         capture_output=True, text=True,
                         env=clean_env()).stdout
    if "clang" in out:
        return "clang"
    if "g++" in out or "GCC" in out or "gcc" in out:
        return "gcc"
    sys.exit(f"kata_check: cannot tell which compiler {cxx} is:\n{out}")


def cxx_for(cc):
    """The C++ driver beside a C driver Bazel names (gcc -> g++)."""
    d, b = os.path.split(cc)
    m = re.fullmatch(r"(.*?)(clang|gcc|cc)(-[0-9.]+)?", b)
    if not m:
        return cc
    cxx = {"clang": "clang++", "gcc": "g++", "cc": "c++"}[m.group(2)]
    return os.path.join(d, m.group(1) + cxx + (m.group(3) or ""))


def clean_env():
    """The environment for compilers and test binaries: C locale, no colour,
    and none of Bazel's test variables, which GoogleTest would obey (a
    TESTBRIDGE_TEST_ONLY filter, an XML_OUTPUT_FILE over our own test.xml)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("GCC_COLORS", "COLUMNS", "CLICOLOR_FORCE",
                        "GCC_URLS", "TERM_URLS", "XML_OUTPUT_FILE")
           and not k.startswith(("GTEST_", "TESTBRIDGE_", "TEST_"))}
    env.update(LC_ALL="C", LANG="C", LANGUAGE="C", TERM="dumb")
    return env


def step_sources(step_dir):
    names = sorted(n for n in os.listdir(step_dir)
                   if n.endswith((".cc", ".h")))
    return names


def uses(step_dir, names, needle):
    for n in names:
        with open(os.path.join(step_dir, n), encoding="utf-8") as f:
            if needle in f.read():
                return True
    return False


def transcript(step_dir, step_rel, cxx, env, log=sys.stderr, objects=None,
               first_failure_only=False):
    """Builds (and, for a test step, runs) one step in a scratch copy.

    Returns (text, ok): the normalized transcript, and whether a test step's
    tests passed (always True for other steps). `objects` (a
    building.ObjectCache) reuses the compile of a file whose code, and that
    of every file it includes, was compiled before with the same command.
    `first_failure_only` stops at the first file that fails (the first
    error is all a verdict needs; a recording lists every file's).
    """
    argv = toolchain.split(cxx)
    kind = compiler_kind(argv)
    # The display names the driver and the standard library, if chosen.
    shown = " ".join(["g++" if kind == "gcc" else "clang++"] +
                     [w for w in argv[1:] if w.startswith("-stdlib=")])
    names = step_sources(step_dir)
    ccs = [n for n in names if n.endswith(".cc")]
    is_test = any(n.endswith("_test.cc") for n in ccs)
    needs_root = uses(step_dir, names, '#include "pool/')
    needs_gtest = is_test or uses(step_dir, names, "#include <gtest/") or \
        uses(step_dir, names, "#include <gmock/")
    scratch = tempfile.mkdtemp(prefix="kata_")
    try:
        work = os.path.join(scratch, step_rel)
        os.makedirs(work)
        for n in names:
            shutil.copyfile(os.path.join(step_dir, n), os.path.join(work, n))
        for rel, src in env.headers:
            dst = os.path.join(scratch, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
        up = "/".join([".."] * len(step_rel.split("/")))
        shown_inc = ["-I" + up] if needs_root else []
        hidden = HIDDEN_FLAGS + (HIDDEN_GCC_FLAGS if kind == "gcc" else [])
        for inc in env.includes:
            hidden += ["-isystem", inc]
        lines = []
        failed = False

        def run(display, argv, timeout=TIMEOUT_S):
            lines.append("$ " + " ".join(display))
            try:
                p = subprocess.run(argv, cwd=work, env=clean_env(),
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=timeout)
                out, rc = p.stdout.decode("utf-8", "replace"), p.returncode
            except subprocess.TimeoutExpired:
                out, rc = "timed out\n", -1
            return out, rc

        for cc in ccs:
            display = [shown] + STD_FLAGS + shown_inc + ["-c", cc]
            command = argv + STD_FLAGS + shown_inc + hidden + ["-c", cc]
            key = objects.key(command, work, scratch, cc) if objects else None
            known = objects.get(key, work, cc) if key else None
            if known:
                lines.append("$ " + " ".join(display))
                text, rc = known
            else:
                out, rc = run(display, command)
                text = normalize(out, scratch, env)
                if key and step_rel not in text:
                    objects.put(key, work, cc, text, rc)
            lines.append(text)
            failed = failed or rc != 0
            if failed and first_failure_only:
                break
        if failed:
            return finish(lines, "compile-error"), True
        objs = [cc[:-3] + ".o" for cc in ccs]
        libs, shown_libs = [], []
        if needs_gtest:
            libs = (env.main_libs if is_test else []) + env.libs
            shown_libs = DISPLAY_TEST_LIBS if is_test else DISPLAY_LIBS
        out, rc = run([shown, "-pthread"] + objs + shown_libs,
                      argv + ["-pthread"] + hidden[:1] + objs + libs)
        lines.append(normalize(out, scratch, env))
        if rc != 0:
            return finish(lines, "link-error"), True
        ok = True
        if is_test:
            out, rc = run(["./a.out"], ["./a.out"])
            log.write(out)
            passed = [l for l in out.splitlines() if l.startswith("[  PASSED")]
            ok = rc == 0
            lines.append("\n".join(passed) if ok else f"exit status {rc}")
        return finish(lines, "success"), ok
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def finish(lines, outcome):
    body = "\n".join(l.rstrip("\n") for l in lines if l != "")
    return body + "\noutcome: " + outcome + "\n"


def normalize(out, scratch, env):
    """Removes what differs between machines and runs: absolute paths."""
    subs = [(os.path.realpath(scratch) + "/", ""), (scratch + "/", "")]
    for lib in env.libs + env.main_libs:
        subs.append((lib, os.path.basename(lib)))
    subs.sort(key=lambda s: -len(s[0]))
    for old, new in subs:
        out = out.replace(old, new)
    out = re.sub(r"\x1b\[[0-9;]*[mK]", "", out)
    # GoogleTest's headers, wherever Bazel or Debian put them, read as if
    # libgtest-dev / libgmock-dev had installed them.
    out = re.sub(r"[^\s'\"(]*/google(test|mock)/include/", "/usr/include/", out)
    # Clang names libstdc++'s headers /usr/bin/../lib/gcc/.../../include/c++;
    # an absolute path with `..` in it reads better resolved.
    out = re.sub(r"(?<![^\s'\"(])/[^\s:'\"()]*/\.\./[^\s:'\"()]*",
                 lambda m: os.path.normpath(m.group(0)), out)
    out = re.sub(r"/tmp/(cc|lto-|kata_)[A-Za-z0-9_]+", "/tmp/XXXX", out)
    # Clang numbers the lines of its buffer of pasted macro tokens, which
    # fills at a rate that depends on the length of the paths involved.
    out = re.sub(r"<scratch space>:\d+:\d+", "<scratch space>:N:N", out)
    return "\n".join(l.rstrip() for l in out.splitlines())


def diff_block(prev_dir, step_dir):
    """The diff from the previous step's sources, as the README shows it."""
    step = os.path.basename(step_dir)
    if prev_dir is None:
        return "First step: nothing to compare with.\n"
    prev = os.path.basename(prev_dir)
    a, b = step_sources(prev_dir), step_sources(step_dir)
    out = []
    for n in sorted(set(b)):
        old = read_lines(os.path.join(prev_dir, n)) if n in a else []
        new = read_lines(os.path.join(step_dir, n))
        out += difflib.unified_diff(
            old, new, fromfile=f"{prev}/{n}" if n in a else "/dev/null",
            tofile=f"{step}/{n}", lineterm="")
    # A removed file is named, not listed line by line.
    removed = "".join(f"Removed: `{prev}/{n}`.\n" for n in a if n not in b)
    if not out:
        return removed or "No change to the code.\n"
    return removed + "```diff\n" + "\n".join(out) + "\n```\n"


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def readme_with_diff(readme, block):
    """README text with the diff block replaced; None if markers are missing."""
    i, j = readme.find(DIFF_BEGIN), readme.find(DIFF_END)
    if i < 0 or j < i:
        return None
    return readme[: i + len(DIFF_BEGIN)] + "\n" + block + readme[j:]


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None


def first_difference(a, b):
    a_lines, b_lines = a.splitlines(), b.splitlines()
    return "\n".join(difflib.unified_diff(a_lines, b_lines, "recorded",
                                          "compiler now", lineterm=""))


def check_step(root, step_rel, prev_rel, cxx, env, out=sys.stdout):
    """Returns a list of problems; empty when the step is as recorded.

    The recordings are what the reference compilers (GCC 12, Clang 14 with
    libstdc++ 12) print; with any other compiler only the README's diff
    block is checked here, and the step's portable test judges the build.
    """
    step_dir = os.path.join(root, step_rel)
    prev_dir = os.path.join(root, prev_rel) if prev_rel else None
    compiler = toolchain.identify(cxx)
    kind = compiler_kind(cxx)
    expected_path = os.path.join(step_dir, f"expected.{kind}.txt")
    problems = []
    if compiler.is_reference:
        got, ok = transcript(step_dir, step_rel, cxx, env)
        out.write(f"--- {step_rel} with {compiler.text} ({compiler.name}):"
                  f"\n{got}")
        expected = read(expected_path)
        if expected is None:
            problems.append(f"{expected_path} is missing; run bazel run "
                            "//katas:bless")
        elif expected != got:
            problems.append(f"{step_rel}/expected.{kind}.txt differs from "
                            "what the compiler says now:\n" +
                            first_difference(expected, got))
        if not ok:
            problems.append(f"{step_rel}: the step builds but its tests fail")
    else:
        out.write(f"The recordings are what {REFERENCE_NAMES} print; "
                  f"{compiler.text} is {compiler.name}, so only the README "
                  f"of {step_rel} is checked here (its _portable test checks "
                  "what this compiler says).\n")
    readme = read(os.path.join(step_dir, "README.md"))
    want = None if readme is None else readme_with_diff(
        readme, diff_block(prev_dir, step_dir))
    if want is None:
        problems.append(f"{step_rel}/README.md lacks {DIFF_BEGIN} ... {DIFF_END}")
    elif want != readme:
        problems.append(f"{step_rel}/README.md: the diff block is stale; run "
                        "bazel run //katas:bless\n" +
                        first_difference(readme, want))
    return problems


def toolchain_command(args):
    """The toolchain's C++ driver, with the standard library flags Bazel
    passes it (--config=libcxx: -stdlib=libc++)."""
    return [cxx_for(args.cc)] + args.cxxflag


def cmd_check(args, env):
    problems = check_step(args.root, args.step, args.prev,
                          toolchain_command(args), env)
    for p in problems:
        print("FAIL: " + p)
    if problems:
        return 1
    print(f"PASS: {args.step}")
    return 0


def flip(c):
    return {"\n": " ", "x": "y"}.get(c, "x")


def cmd_self_test(args, env):
    """Shows the checker catches a one-character change to a recording."""
    cxx = toolchain_command(args)
    kind = compiler_kind(cxx)
    reference = toolchain.identify(cxx).is_reference
    failures = []
    if check_step(args.root, args.step, args.prev, cxx, env):
        failures.append("the unchanged step does not pass")
    step_dir = os.path.join(args.root, args.step)
    recorded = read(os.path.join(step_dir, f"expected.{kind}.txt"))
    targets = [("README.md", lambda t: t.find(DIFF_BEGIN) +
                len(DIFF_BEGIN) + 5)]
    if reference:
        got, _ = transcript(step_dir, args.step, cxx, env)
        # Every position: the comparison is exact, whatever character flips.
        missed = [i for i in range(len(recorded))
                  if recorded[: i] + flip(recorded[i]) + recorded[i + 1:] ==
                  got]
        if missed:
            failures.append(f"flips not caught at offsets {missed[:10]}")
        targets.insert(0, (f"expected.{kind}.txt", lambda t: len(t) // 2))
    # End to end, on copies: one flip in the recording, one in the README diff.
    for target, pick in targets:
        copy_root = tempfile.mkdtemp(prefix="kata_selftest_")
        for rel in filter(None, (args.step, args.prev)):
            shutil.copytree(os.path.join(args.root, rel),
                            os.path.join(copy_root, rel))
        path = os.path.join(copy_root, args.step, target)
        text = read(path)
        i = pick(text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text[:i] + flip(text[i]) + text[i + 1:])
        sink = open(os.devnull, "w")
        problems = check_step(copy_root, args.step, args.prev, cxx, env, sink)
        shutil.rmtree(copy_root)
        if not problems:
            failures.append(f"a flip at offset {i} of {target} was not caught")
        else:
            print(f"caught a flip at offset {i} of {target}:\n  " +
                  problems[0].splitlines()[0])
    if reference:
        print(f"checked {len(recorded)} one-character flips of "
              f"{args.step}/expected.{kind}.txt")
    for f in failures:
        print("FAIL: " + f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


def find_steps(root, only):
    katas_dir = os.path.join(root, "katas")
    for kata in sorted(os.listdir(katas_dir)):
        kdir = os.path.join(katas_dir, kata)
        if not os.path.isfile(os.path.join(kdir, "BUILD")) or kata == "tools":
            continue
        if only and kata not in only:
            continue
        steps = sorted(s for s in os.listdir(kdir)
                       if STEP_RE.match(s) and os.path.isdir(os.path.join(kdir, s)))
        prev = None
        for s in steps:
            yield f"katas/{kata}/{s}", prev
            prev = f"katas/{kata}/{s}"


def cmd_bless(args, env):
    root = os.environ.get("BUILD_WORKSPACE_DIRECTORY") or args.root
    compilers = args.cxx or ["g++", "clang++"]
    for cxx in compilers:
        compiler = toolchain.identify(cxx)
        if not compiler.is_reference:
            sys.exit(f"kata_check: {cxx} is {compiler.name}; the recordings "
                     f"are what {REFERENCE_NAMES} print. Bless with those.")
    for step_rel, prev_rel in find_steps(root, set(args.katas)):
        step_dir = os.path.join(root, step_rel)
        for cxx in compilers:
            kind = compiler_kind(shutil.which(cxx) or cxx)
            got, ok = transcript(step_dir, step_rel, cxx, env,
                                 log=open(os.devnull, "w"))
            path = os.path.join(step_dir, f"expected.{kind}.txt")
            changed = read(path) != got
            with open(path, "w", encoding="utf-8") as f:
                f.write(got)
            outcome = got.splitlines()[-1].split(": ")[1]
            print(f"{step_rel:50} {kind:5} {outcome:13}"
                  f"{' (rewritten)' if changed else ''}"
                  f"{'' if ok else '  TESTS FAIL'}")
        readme_path = os.path.join(step_dir, "README.md")
        readme = read(readme_path)
        if readme is None:
            readme = (f"# {os.path.basename(step_rel)}\n\n"
                      f"{DIFF_BEGIN}\n{DIFF_END}\n")
        if DIFF_BEGIN not in readme:
            readme += f"\n## The change\n\n{DIFF_BEGIN}\n{DIFF_END}\n"
        new = readme_with_diff(readme, diff_block(
            prev_rel and os.path.join(root, prev_rel), step_dir))
        if new != read(readme_path):
            with open(readme_path, "w", encoding="utf-8") as f:
                f.write(new)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["check", "bless", "self-test"])
    ap.add_argument("--runfiles", default="", help="base of the paths below")
    ap.add_argument("--include", action="append", default=[])
    ap.add_argument("--lib", action="append", default=[])
    ap.add_argument("--main-lib", action="append", default=[])
    ap.add_argument("--header", action="append", default=[],
                    help="workspace header a step may include, e.g. pool/x.h")
    ap.add_argument("--workspace", default="__main__",
                    help="the workspace's directory name in runfiles")
    ap.add_argument("--root", default=".", help="workspace holding katas/")
    ap.add_argument("--step", help="e.g. katas/thread_pool/03_execute")
    ap.add_argument("--prev", default="", help="the step before, if any")
    ap.add_argument("--cc", help="the C++ toolchain's compiler (check)")
    ap.add_argument("--cxxflag", action="append", default=[],
                    help="a flag the toolchain's compiler needs, e.g. "
                    "-stdlib=libc++ (check)")
    ap.add_argument("--cxx", action="append",
                    help="bless with these compilers (default g++ clang++)")
    ap.add_argument("katas", nargs="*", help="bless only these katas")
    args = ap.parse_intermixed_args()
    env = Env(args, args.runfiles)
    return {"check": cmd_check, "bless": cmd_bless,
            "self-test": cmd_self_test}[args.mode](args, env)


if __name__ == "__main__":
    sys.exit(main())
