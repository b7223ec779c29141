#!/usr/bin/env python3
"""Workshop runner: follow a kata step by step, with the compiler as the guide.

  workshop list                 the katas and their steps
  workshop start KATA [DIR]     copy step 00 into DIR (default ~/katas/KATA)
  workshop check                compile your code: what your step expects?
  workshop hint | show [N] | reset | next | watch

Your code is compiled exactly as the kata checker compiles a step (it reuses
kata_check.py), and judged against your current step and the next one by
their portable expectations, so the verdict holds on every supported
compiler. Progress (kata, step, compiler) is kept in DIR/.kata-progress.json.
Run it as `bazel run //katas:workshop -- COMMAND` or, without Bazel,
`python3 katas/tools/workshop.py COMMAND` (then GoogleTest comes from
Debian's libgtest-dev and libgmock-dev, or is built for your compiler).

This file is the command line; the work is done by the modules beside it:
kata (reading a kata), building (the compiler and GoogleTest), checking
(the verdict), expectations and recordings (matching), changes and
progress (the participant's folder), toolchain (which compiler it is).
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import building  # noqa: E402
import checking  # noqa: E402
import expectations  # noqa: E402
import kata_check  # noqa: E402
import progress  # noqa: E402
import toolchain  # noqa: E402
from checking import step_name, wrap  # noqa: E402
from kata import UsageError, all_katas, get_kata  # noqa: E402


def katas_root(args):
    """The folder holding katas/: the workspace under `bazel run`, the
    runfiles under `bazel test`, else the checkout this script is in."""
    ws = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if ws and os.path.isdir(os.path.join(ws, "katas")):
        return ws
    if args.root and os.path.isdir(os.path.join(args.root, "katas")):
        return os.path.abspath(args.root)
    return os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))


def toolchain_compiler(args):
    """The Bazel toolchain's compiler command (with its -stdlib flag), or
    None outside Bazel."""
    if not args.toolchain_cc:
        return None
    return [kata_check.cxx_for(args.toolchain_cc)] + args.toolchain_cxxflag


def default_compiler(args):
    command = toolchain_compiler(args)
    return toolchain.Compiler(command).text if command else "g++"


class Session:
    """What every command needs: the katas' root and how to build."""

    def __init__(self, args):
        self.args = args
        self.root = katas_root(args)
        base = building.base_libraries(args, self.root)
        self.headers = base.headers
        self.builder = building.Builder(
            base, cache_dir=args.cache_dir or None,
            trusted=toolchain_compiler(args) if args.lib else None,
            say=lambda text: print(wrap(text)))

    def load(self):
        """(folder, Progress, Kata) of the participant's kata; a --compiler
        given here is remembered."""
        folder = progress.find_dir(self.args.dir)
        p = progress.Progress(folder)
        kata = get_kata(self.root, p.kata)
        if p.step not in kata.steps:
            p.move_to(kata.steps[0])
        compiler = getattr(self.args, "compiler", None)
        if compiler and compiler != p.compiler:
            p.compiler = compiler
            progress.write_makefile(folder, p.compiler)
            p.save()
        p.compiler = p.compiler or default_compiler(self.args)
        return folder, p, kata


# --- Commands ----------------------------------------------------------------

def cmd_list(s):
    current = None
    try:
        p = progress.Progress(progress.find_dir(s.args.dir))
        current = (p.kata, p.step)
    except UsageError:
        pass
    katas = all_katas(s.root)
    width = max(len(step) for k in katas for step in k.steps)
    for kata in katas:
        print(f"{kata.name} ({len(kata.steps)} steps)")
        for step in kata.steps:
            mark = "->" if current == (kata.name, step) else "  "
            line = (f"{mark} {step:<{width}} {outcome_of(kata, step):<14}"
                    f"{kata.title(step)}")
            print(line if len(line) <= checking.WIDTH
                  else line[: checking.WIDTH - 3] + "...")
    print("\nstart one with: start KATA [DIR]")
    return 0


def outcome_of(kata, step):
    outcome = kata.expectation(step).outcome
    if outcome != "success":
        return outcome.replace("-", " ")
    tests = any(n.endswith("_test.cc") for n in kata.sources(step))
    return "tests pass" if tests else "compiles"


def cmd_start(s):
    args = s.args
    kata = get_kata(s.root, args.kata)
    if args.target:
        folder = progress.resolve_dir(args.target)
    else:
        folder = os.path.join(os.path.expanduser("~"), "katas", kata.name)
    parts = os.path.realpath(folder).split(os.sep)
    if "bazel-out" in parts or any(p.endswith(".runfiles") for p in parts):
        raise UsageError(f"{folder} is inside Bazel's output: choose a "
                         "folder of your own")
    compiler = toolchain.identify(args.compiler or default_compiler(args))
    note = checking.require_supported(compiler)
    if os.path.isfile(os.path.join(folder, progress.PROGRESS)) and \
            not args.force:
        p = progress.Progress(folder)
        print(f"{folder} already holds kata {p.kata} at step {p.step}.\n"
              "Carry on with `check`, or `start --force` to begin again.")
        return 1
    os.makedirs(folder, exist_ok=True)
    p = progress.Progress(folder)
    p.kata, p.compiler, p.last = kata.name, compiler.text, ""
    p.move_to(kata.steps[0])
    p.hints = 0
    progress.install_step(kata, p.step, folder, s.headers, p.compiler)
    p.save()
    progress.remember(folder)
    print(f"Kata {kata.name}, step {step_name(p.step)}, is in\n  {folder}")
    print(f"Compiler: {compiler.text} ({compiler.name}). Build it yourself "
          "with `make` there.")
    if note:
        print(note)
    print("\n" + wrap(kata.title(p.step)))
    print("\nNext: `check` to compile, `show 0` to read the step, `hint` for "
          "a nudge,\n`watch` to check on every save.")
    return 0


def cmd_check(s):
    folder, p, kata = s.load()
    verdict = checking.check(folder, p, kata, s.builder, quiet=s.args.quiet)
    return 0 if verdict.ok else 1


def cmd_hint(s):
    """The nudge first, the answer when asked again (or with --answer)."""
    folder, p, kata = s.load()
    step = p.step
    print(f"Step {step_name(step)}: {kata.title(step)}\n")
    nudge, answer, why = kata.nudge(step), kata.answer(step), kata.why(step)
    level = 2 if s.args.answer or p.hints >= 1 else 1
    if level == 1:
        text = [nudge] if nudge else why[:1]
        more = answer or len(why) > 1
    else:
        text = [answer] if answer else why
        more = False
    if not text:
        print("This step's README has no hint; `show` it.")
        return 0
    label = "Answer: " if level == 2 and answer else ""
    for i, para in enumerate(text):
        print(wrap((label if i == 0 else "") + para) + "\n")
    if more:
        print("`hint` again for the answer.")
    p.hints = max(p.hints, level)
    p.save()
    return 0


def cmd_show(s):
    folder, p, kata = s.load()
    step = kata.find(s.args.step) if s.args.step is not None else p.step
    readme = kata.readme_to_read(step)
    if kata_check.DIFF_BEGIN not in kata.readme(step):
        prev = kata.previous(step)
        readme += "\n## The change\n\n" + kata_check.diff_block(
            kata.step_dir(prev) if prev else None, kata.step_dir(step))
    sys.stdout.write(f"[{kata.name} step {step}]\n\n" + readme)
    return 0


def move_to(s, forward):
    folder, p, kata = s.load()
    step = kata.next(p.step) if forward else p.step
    if step is None:
        print("You are at the last step: there is no next one.")
        return 1
    p.move_to(step)
    backup = progress.install_step(kata, p.step, folder, s.headers,
                                   p.compiler)
    p.last = ""
    p.save()
    print(f"Your code is now step {step_name(p.step)}'s snapshot: "
          f"{kata.title(p.step)}")
    if backup:
        print(f"Your previous files are in {os.path.relpath(backup, folder)}")
    print("`check` to see what the compiler says; `show` to read the step.")
    return 0


def cmd_next(s):
    return move_to(s, forward=True)


def cmd_reset(s):
    return move_to(s, forward=False)


class Waiter:
    """Sleeps until something in `folder` changes or `timeout` passes:
    inotify when the C library has it (wakes on save), else a plain sleep,
    so the caller polls. Either way the caller compares mtimes after."""

    MASK = 0x8 | 0x80 | 0x100 | 0x200  # CLOSE_WRITE MOVED_TO CREATE DELETE

    def __init__(self, folder):
        self.fd = -1
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
            if fd >= 0 and libc.inotify_add_watch(
                    fd, os.fsencode(folder), self.MASK) >= 0:
                self.fd = fd
            elif fd >= 0:
                os.close(fd)
        except (OSError, AttributeError):
            pass

    def wait(self, timeout):
        if self.fd < 0:
            time.sleep(timeout)
            return
        import select
        if select.select([self.fd], [], [], timeout)[0]:
            time.sleep(0.1)  # let an editor finish writing
            try:
                while os.read(self.fd, 65536):
                    pass
            except BlockingIOError:
                pass


def cmd_watch(s):
    folder, p, kata = s.load()
    args = s.args

    def stamp():
        out = []
        for n in kata_check.step_sources(folder):
            try:
                out.append((n, os.stat(os.path.join(folder, n)).st_mtime_ns))
            except FileNotFoundError:
                pass
        return out
    checks = 0
    seen = None
    print(f"watching {folder}")
    waiter = Waiter(folder)
    if waiter.fd < 0:
        print("(no inotify here: looking for changes every "
              f"{args.interval:g} s)")
    try:
        while True:
            now = stamp()
            if now != seen:
                seen = now
                print(f"\n=== {time.strftime('%H:%M:%S')} check "
                      f"({'again after a save; ' if checks else ''}"
                      "Ctrl-C stops watching)")
                p = progress.Progress(folder)
                p.compiler = p.compiler or default_compiler(args)
                checking.check(folder, p, kata, s.builder, quiet=args.quiet)
                sys.stdout.flush()
                checks += 1
                if args.max_checks and checks >= args.max_checks:
                    return 0
            waiter.wait(args.interval)
    except KeyboardInterrupt:
        print("\nstopped watching")
        return 0


# --- Command line ------------------------------------------------------------

COMPILER_HELP = ("the compiler command, flags allowed: g++-12, clang++, "
                 "\"clang++-16 -stdlib=libc++\" (remembered)")


def parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--dir", help="the kata folder (default: this folder "
                        "or the last one started)")
    hidden = argparse.SUPPRESS
    top = argparse.ArgumentParser(
        prog="workshop",
        description="\n\n".join(__doc__.split("\n\n")[0:3:2]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="`workshop COMMAND --help` for each command.")
    # Set by //katas:workshop's generated script (as for the checker).
    for opt in ("--include", "--lib", "--main-lib", "--header",
                "--toolchain-cxxflag"):
        top.add_argument(opt, action="append", default=[], help=hidden)
    top.add_argument("--runfiles", default="", help=hidden)
    top.add_argument("--workspace", default="__main__", help=hidden)
    top.add_argument("--root", default="", help=hidden)
    top.add_argument("--toolchain-cc", default="", help=hidden)
    top.add_argument("--cache-dir", default=os.environ.get("KATA_CACHE_DIR"),
                     help=hidden)
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def add(name, func, text, parents=(common,)):
        sp = sub.add_parser(name, help=text, description=text,
                            parents=list(parents))
        sp.set_defaults(func=func)
        return sp
    add("list", cmd_list, "list the katas and their steps")
    sp = add("start", cmd_start, "copy a kata's first step into DIR",
             parents=())
    sp.add_argument("kata", help="a kata name, as `list` shows")
    sp.add_argument("target", nargs="?", metavar="DIR",
                    help="where to work (default ~/katas/KATA)")
    sp.add_argument("--compiler", help=COMPILER_HELP)
    sp.add_argument("--force", action="store_true",
                    help="start again in a folder with progress")
    sp = add("check", cmd_check,
             "compile your code and say whether it is what your step expects")
    sp.add_argument("--compiler", help=COMPILER_HELP)
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="only the verdict, not the compiler's output")
    sp = add("hint", cmd_hint, "a nudge towards the next change; again (or "
             "--answer) for the answer")
    sp.add_argument("--answer", action="store_true",
                    help="the answer straight away")
    sp = add("show", cmd_show, "print a step's README and its diff")
    sp.add_argument("step", nargs="?", metavar="N",
                    help="step number or name (default: the current step)")
    add("reset", cmd_reset, "put back the current step's code "
        "(yours is kept in .kata/backup)")
    add("next", cmd_next, "move your code to the next step's snapshot")
    sp = add("watch", cmd_watch, "check again on every save (Ctrl-C stops)")
    sp.add_argument("--compiler", help=COMPILER_HELP)
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="only the verdict, not the compiler's output")
    sp.add_argument("--interval", type=float, default=1.0, help=hidden)
    sp.add_argument("--max-checks", type=int, default=0, help=hidden)
    return top


def main(argv=None):
    ap = parser()
    args = ap.parse_args(argv)
    try:
        return args.func(Session(args))
    except UsageError as e:
        ap.print_usage(sys.stderr)
        print(f"workshop: {e}", file=sys.stderr)
        return 2
    except (expectations.ExpectError, building.BuildError) as e:
        print(f"workshop: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `workshop list | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
