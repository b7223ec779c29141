#!/usr/bin/env python3
"""Workshop runner: follow a kata step by step, with the compiler as the guide.

  workshop list                 the katas and their steps
  workshop start KATA [DIR]     copy step 00 into DIR (default ~/katas/KATA)
  workshop check                compile your code; which recorded step is it?
  workshop hint | show [N] | reset | next | watch

Your code is compiled exactly as the kata checker compiles a step (it reuses
kata_check.py), so "as expected" means the compiler said what the kata
recorded. Progress (kata, step, compiler) is kept in DIR/.kata-progress.json.
Run it as `bazel run //katas:workshop -- COMMAND` or, without Bazel,
`python3 katas/tools/workshop.py COMMAND` (then GoogleTest comes from
Debian's libgtest-dev and libgmock-dev).
"""

import argparse
import difflib
import io
import json
import os
import re
import shutil
import sys
import textwrap
import time
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kata_check  # noqa: E402

PROGRESS = ".kata-progress.json"
PRIVATE = ".kata"  # headers a step includes by path, and backups
WIDTH = 80
# FORMAT.md: the checker adds pool/executor_contract.h at pool/. Under Bazel
# the rule passes the header list; run directly, this is the default.
DEFAULT_HEADERS = ["pool/executor_contract.h"]
HINT_COMMENT = re.compile(r"<!--\s*hint:\s*(.*?)\s*-->", re.S)
WHY_HEADING = re.compile(r"^##\s+Why\b.*$", re.M)


class UsageError(Exception):
    """Wrong arguments or state: printed with usage, exit status 2."""


# --- Katas and steps ---------------------------------------------------------

class Kata:
    def __init__(self, root, name):
        self.root = root  # the folder holding katas/
        self.name = name
        self.dir = os.path.join(root, "katas", name)
        self.steps = sorted(
            s for s in os.listdir(self.dir)
            if kata_check.STEP_RE.match(s)
            and os.path.isdir(os.path.join(self.dir, s)))

    def step_dir(self, step):
        return os.path.join(self.dir, step)

    def rel(self, step):
        return f"katas/{self.name}/{step}"

    def index(self, step):
        return self.steps.index(step)

    def find(self, ref):
        """A step by number (3, 03) or name (03_constructor)."""
        for s in self.steps:
            if ref == s or (ref.isdigit() and int(ref) == int(s[:2])):
                return s
        raise UsageError(f"{self.name} has no step {ref!r}; steps: "
                         f"00 to {self.steps[-1][:2]} (see `list`)")

    def readme(self, step):
        return kata_check.read(os.path.join(self.step_dir(step),
                                            "README.md")) or ""

    def title(self, step):
        first = self.readme(step).split("\n", 1)[0]
        return re.sub(r"^#+\s*\d+\s*[^\w`]*\s*", "", first).strip() or step

    def expected(self, step, kind):
        return kata_check.read(os.path.join(self.step_dir(step),
                                            f"expected.{kind}.txt"))


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


def all_katas(root):
    """Every folder of katas/ with NN_slug step folders (tools/ has none)."""
    base = os.path.join(root, "katas")
    names = [n for n in sorted(os.listdir(base))
             if os.path.isdir(os.path.join(base, n)) and n != "tools"]
    katas = [Kata(root, n) for n in names]
    return [k for k in katas if k.steps]


def get_kata(root, name):
    for k in all_katas(root):
        if k.name == name:
            return k
    names = ", ".join(k.name for k in all_katas(root))
    raise UsageError(f"no kata named {name!r}; katas: {names}")


# --- Where headers, libraries and the compiler come from ---------------------

def checker_env(args, root):
    """kata_check.Env: Bazel's GoogleTest from runfiles when the rule passed
    it, else the system's (-lgtest: Debian's libgtest-dev/libgmock-dev)."""
    if args.lib:
        return kata_check.Env(args, args.runfiles)
    ns = types.SimpleNamespace(
        include=[], lib=["-lgmock", "-lgtest"], main_lib=["-lgmock_main"],
        header=[h for h in DEFAULT_HEADERS
                if os.path.isfile(os.path.join(root, h))],
        workspace=root)
    return kata_check.Env(ns, "")


def default_compiler(args):
    if args.toolchain_cc:
        return kata_check.cxx_for(args.toolchain_cc)
    return "g++"


# --- The participant's folder ------------------------------------------------

def resolve_dir(path):
    base = os.environ.get("BUILD_WORKING_DIRECTORY") or os.getcwd()
    return os.path.abspath(os.path.join(base, os.path.expanduser(path)))


def last_dir_file():
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state")
    return os.path.join(state, "kata-workshop", "last-dir")


def find_dir(args):
    """--dir, else the working folder or a parent of it with a progress file,
    else the folder of the last `start`."""
    if args.dir:
        d = resolve_dir(args.dir)
        if not os.path.isfile(os.path.join(d, PROGRESS)):
            raise UsageError(f"{d} has no {PROGRESS}: run `start` first")
        return d
    d = resolve_dir(".")
    while True:
        if os.path.isfile(os.path.join(d, PROGRESS)):
            return d
        if os.path.dirname(d) == d:
            break
        d = os.path.dirname(d)
    last = kata_check.read(last_dir_file())
    if last and os.path.isfile(os.path.join(last.strip(), PROGRESS)):
        return last.strip()
    raise UsageError("no kata in progress here: run `start KATA [DIR]`, "
                     "or give --dir DIR")


class Progress:
    def __init__(self, folder):
        self.folder = folder
        self.path = os.path.join(folder, PROGRESS)
        data = json.loads(kata_check.read(self.path) or "{}")
        self.kata = data.get("kata")
        self.step = data.get("step")
        self.compiler = data.get("compiler")
        self.last = data.get("last_verdict", "")

    def save(self):
        data = {"kata": self.kata, "step": self.step,
                "compiler": self.compiler, "last_verdict": self.last,
                "updated": time.strftime("%Y-%m-%d %H:%M:%S")}
        with open(self.path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.write("\n")


def sources(folder):
    return kata_check.step_sources(folder)


def install_step(kata, step, folder, env, compiler):
    """Replaces the code in `folder` with the step's snapshot; the old code
    goes to .kata/backup/. Returns the backup folder, or None."""
    backup = None
    old = sources(folder)
    if old:
        backup = os.path.join(folder, PRIVATE, "backup",
                              time.strftime("%Y%m%d-%H%M%S"))
        n = 1
        while os.path.exists(backup + ("" if n == 1 else f"-{n}")):
            n += 1
        backup += "" if n == 1 else f"-{n}"
        os.makedirs(backup)
        for name in old:
            shutil.move(os.path.join(folder, name), os.path.join(backup, name))
    for name in sources(kata.step_dir(step)):
        shutil.copyfile(os.path.join(kata.step_dir(step), name),
                        os.path.join(folder, name))
    for rel, src in env.headers:
        dst = os.path.join(folder, PRIVATE, "include", rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
    write_makefile(folder, compiler)
    return backup


MAKEFILE = """\
# Builds the code in this folder the way the kata checker builds a step
# (katas/FORMAT.md): every .cc with the recorded flags, then a link; a step
# with a *_test.cc links GoogleTest (Debian: libgtest-dev libgmock-dev) and
# runs ./a.out. Written by the workshop runner; `make CXX=clang++` to switch.
CXX = {cxx}
CXXFLAGS = -std=c++20 -Wall -Wextra -Werror -pthread
SRCS := $(sort $(wildcard *.cc))
OBJS := $(SRCS:.cc=.o)
TESTS := $(filter %_test.cc,$(SRCS))
# The checker shows -I../../.. (the repository); here the headers a step
# includes by path (pool/...) are copied under .kata/include.
ifneq ($(shell grep -l '\\#include "pool/' *.h *.cc 2>/dev/null),)
CPPFLAGS = -I.kata/include
endif
ifneq ($(TESTS),)
LDLIBS = -lgmock_main -lgmock -lgtest
else ifneq ($(shell grep -l -e '\\#include <gtest/' -e '\\#include <gmock/' \\
                   *.h *.cc 2>/dev/null),)
LDLIBS = -lgmock -lgtest
endif

all: a.out
ifneq ($(TESTS),)
\t./a.out
endif

a.out: $(OBJS)
\t$(strip $(CXX) -pthread $(OBJS) $(LDLIBS))

%.o: %.cc $(wildcard *.h)
\t$(strip $(CXX) $(CXXFLAGS) $(CPPFLAGS) -c $<)

clean:
\trm -f *.o a.out

.PHONY: all clean
"""


def write_makefile(folder, compiler):
    with open(os.path.join(folder, "Makefile"), "w", encoding="utf-8") as f:
        f.write(MAKEFILE.format(cxx=compiler))


# --- Transcripts: parsing and matching ---------------------------------------

def parse(text):
    """A transcript as ([(command, [output lines])], outcome)."""
    cmds, outcome = [], None
    for line in (text or "").splitlines():
        if line.startswith("$ "):
            cmds.append((line[2:], []))
        elif line.startswith("outcome: "):
            outcome = line[len("outcome: "):]
        elif cmds:
            cmds[-1][1].append(line)
    return cmds, outcome


def label(command):
    words = command.split()
    if "-c" in words:
        return "compile " + words[words.index("-c") + 1]
    if words and words[0] == "./a.out":
        return "run the tests"
    return "link"


def primary(command, lines):
    """The line that matters: the first error (a linker's undefined reference
    counts), or for the test run its result line."""
    if label(command) == "run the tests":
        return lines[0] if lines else None
    for line in lines:
        if "error:" in line or "undefined reference to" in line:
            return line
    return None


def signature(text, loose=False):
    cmds, outcome = parse(text)
    rows = []
    for command, lines in cmds:
        p = primary(command, lines)
        if loose:
            p = p and strip_numbers(p)
            command = label(command)
        rows.append((command, p))
    return outcome, tuple(rows)


def strip_numbers(line):
    line = re.sub(r":\d+:\d+:", ":", line)
    line = re.sub(r":\d+:", ":", line)
    return re.sub(r"\(\.text[+0-9a-fx]*\)", "", line)


def extra_errors(expected, got):
    """Error lines of `got` that the recording lacks (numbers ignored)."""
    def errors(text):
        return [strip_numbers(line) for _, lines in parse(text)[0]
                for line in lines if "error:" in line]
    known = set(errors(expected))
    return [e for e in errors(got) if e not in known]


def similarity(folder_a, folder_b):
    def lines(d):
        out = []
        for n in sources(d):
            out += [n + ":"] + kata_check.read_lines(os.path.join(d, n))
        return out
    return difflib.SequenceMatcher(None, lines(folder_a),
                                   lines(folder_b), autojunk=False).ratio()


def match(kata, kind, got, folder, current):
    """(level, step): level 'exact' (same outcome and primary lines), 'loose'
    (the same, ignoring line and column numbers), or None. Among steps that
    match equally, the one whose code is most like the participant's."""
    ci = kata.index(current) if current in kata.steps else 0
    for level, loose in (("exact", False), ("loose", True)):
        want = signature(got, loose)
        found = [s for s in kata.steps
                 if signature(kata.expected(s, kind), loose) == want]
        if found:
            best = max(found, key=lambda s: (
                similarity(folder, kata.step_dir(s)) if len(found) > 1 else 0,
                -abs(kata.index(s) - ci)))
            return level, best
    return None, None


# --- Output for an 80-column terminal ---------------------------------------

def wrap(text, indent="  "):
    return textwrap.fill(" ".join(text.split()), WIDTH - 2,
                         initial_indent=indent, subsequent_indent=indent)


def side_by_side(left_title, left, right_title, right):
    """Two transcripts' primary lines, command by command, in two columns
    that together fit 80 columns (long lines wrap inside their column)."""
    col = (WIDTH - 3) // 2
    (lc, lo), (rc, ro) = parse(left), parse(right)
    lrows = {label(c): primary(c, l) for c, l in lc}
    rrows = {label(c): primary(c, l) for c, l in rc}
    labels = [label(c) for c, _ in lc]
    labels += [label(c) for c, _ in rc if label(c) not in labels]
    out = [f"{left_title:<{col}} | {right_title}", "-" * col + "-+-" +
           "-" * col]

    def cell(rows, name):
        if name not in rows:
            return "(not run)"
        return rows[name] or "(no error)"
    pairs = [(name, cell(lrows, name), cell(rrows, name)) for name in labels]
    pairs.append(("outcome", lo or "?", ro or "?"))
    for name, a, b in pairs:
        out.append(f"{name}:")
        wa = textwrap.wrap(a, col - 2, break_long_words=True,
                           break_on_hyphens=False) or [""]
        wb = textwrap.wrap(b, col - 2, break_long_words=True,
                           break_on_hyphens=False) or [""]
        for i in range(max(len(wa), len(wb))):
            x = "  " + wa[i] if i < len(wa) else ""
            y = "  " + wb[i] if i < len(wb) else ""
            out.append(f"{x:<{col}} | {y}".rstrip())
    return "\n".join(out)


def hint_text(kata, step, whole=False):
    """What the step's README says about why its outcome points to the next
    change: a `<!-- hint: ... -->` line if there is one, else the section
    headed `## Why ...` (its first paragraph, or all of it)."""
    readme = kata.readme(step)
    m = HINT_COMMENT.search(readme)
    if m and not whole:
        return [m.group(1)]
    m = WHY_HEADING.search(readme)
    if not m:
        return []
    rest = readme[m.end():]
    end = re.search(r"^(##\s|" + re.escape(kata_check.DIFF_BEGIN) + ")",
                    rest, re.M)
    body = rest[: end.start()] if end else rest
    paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    return paras if whole else paras[:1]


def step_name(kata, step):
    return f"{step[:2]} ({step[3:]})"


# --- Commands ----------------------------------------------------------------

def cmd_list(args, root, env):
    current = None
    try:
        p = Progress(find_dir(args))
        current = (p.kata, p.step)
    except UsageError:
        pass
    for kata in all_katas(root):
        print(f"{kata.name} ({len(kata.steps)} steps)")
        for s in kata.steps:
            mark = "->" if current == (kata.name, s) else "  "
            text = kata.expected(s, "gcc") or ""
            outcome = (parse(text)[1] or "?").replace("-", " ").replace(
                "success", "tests pass" if "$ ./a.out" in text else "compiles")
            line = f"{mark} {s:<28} {outcome:<14}{kata.title(s)}"
            print(line if len(line) <= WIDTH else line[: WIDTH - 3] + "...")
    print("\nstart one with: start KATA [DIR]")
    return 0


def cmd_start(args, root, env):
    kata = get_kata(root, args.kata)
    if args.target:
        folder = resolve_dir(args.target)
    else:
        folder = os.path.join(os.path.expanduser("~"), "katas", kata.name)
    parts = os.path.realpath(folder).split(os.sep)
    if "bazel-out" in parts or any(p.endswith(".runfiles") for p in parts):
        raise UsageError(f"{folder} is inside Bazel's output: choose a "
                         "folder of your own")
    if os.path.isfile(os.path.join(folder, PROGRESS)) and not args.force:
        p = Progress(folder)
        print(f"{folder} already holds kata {p.kata} at step {p.step}.\n"
              "Carry on with `check`, or `start --force` to begin again.")
        return 1
    os.makedirs(folder, exist_ok=True)
    p = Progress(folder)
    p.kata, p.step = kata.name, kata.steps[0]
    p.compiler = args.compiler or default_compiler(args)
    p.last = ""
    install_step(kata, p.step, folder, env, p.compiler)
    p.save()
    remember(folder)
    print(f"Kata {kata.name}, step {step_name(kata, p.step)}, is in\n"
          f"  {folder}")
    print(f"Compiler: {p.compiler}. Build it yourself with `make` there.\n")
    print(wrap(kata.title(p.step), ""))
    for para in hint_text(kata, p.step):
        print(wrap(para))
    print("\nNext: `check` to compile, `show 0` to read the step, `watch` to"
          "\ncheck on every save.")
    return 0


def remember(folder):
    path = last_dir_file()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(folder + "\n")
    except OSError:
        pass  # only a convenience


def load(args, root):
    folder = find_dir(args)
    p = Progress(folder)
    kata = get_kata(root, p.kata)
    if p.step not in kata.steps:
        p.step = kata.steps[0]
    if getattr(args, "compiler", None) and args.compiler != p.compiler:
        p.compiler = args.compiler
        write_makefile(folder, p.compiler)
        p.save()
    p.compiler = p.compiler or default_compiler(args)
    return folder, p, kata


def check(folder, p, kata, env, quiet=False, out=sys.stdout):
    """Compiles the participant's code and says which step it matches.
    Returns 0 when it matched a recording (or compiled), 1 otherwise."""
    cxx = p.compiler
    if not shutil.which(cxx):
        raise UsageError(f"no compiler {cxx!r} here: try --compiler g++ or "
                         "--compiler clang++")
    kind = kata_check.compiler_kind(shutil.which(cxx))
    if not sources(folder):
        out.write(f"no .h or .cc files in {folder}: try `reset`\n")
        return 1
    log = io.StringIO()
    got, tests_ok = kata_check.transcript(folder, kata.rel(p.step), cxx, env,
                                          log=log)
    if not quiet:
        out.write(got.rsplit("outcome:", 1)[0])
        out.write("-" * WIDTH + "\n")
    level, step = match(kata, kind, got, folder, p.step)
    outcome = parse(got)[1]
    lines, status = [], 0
    if outcome == "success":
        run = [primary(c, l) for c, l in parse(got)[0]
               if label(c) == "run the tests"]
        if not run:
            tests = "none in this step"
        elif tests_ok:
            tests = "passed (" + run[0].replace("[  PASSED  ]", "").strip(
                " .") + ")"
        else:
            tests = "failed"
            status = 1
        lines.append(f"it compiles — tests: {tests}")
        if not tests_ok:
            lines += ["", "The end of the test output:"]
            lines += log.getvalue().rstrip().splitlines()[-15:]
        if step:
            lines.append(f"Your code is where step {step_name(kata, step)} "
                         "is.")
    elif level:
        nxt = kata.index(step) + 1
        drives = (f"step {step_name(kata, kata.steps[nxt])}"
                  if nxt < len(kata.steps) else "the end of the kata")
        lines.append(f"as expected — this error drives {drives}:")
        lines.append(f"it is the error of step {step_name(kata, step)}"
                     + (", but your line numbers differ." if level == "loose"
                        else "."))
        extra = extra_errors(kata.expected(step, kind), got)
        if extra:
            lines.append(wrap("Read that one first. The compiler also said "
                              "something the recording does not have: "
                              + extra[0], ""))
    else:
        status = 1
        ci = kata.index(p.step)
        target = max(kata.steps, key=lambda s: (
            similarity(folder, kata.step_dir(s)), -abs(kata.index(s) - ci)))
        lines.append("the compiler said something the kata does not expect")
        lines.append(f"Compared with step {step_name(kata, target)}, the "
                     "recording closest to your code:")
        lines.append("")
        lines.append(side_by_side(f"expected (step {target[:2]})",
                                  kata.expected(target, kind), "yours", got))
        lines.append("")
        lines.append("Fix what differs (`reset` brings the step back), or "
                     "`show` the step.")
    if step and (level or outcome == "success"):
        if step == kata.steps[-1]:
            lines.append("That is the last step: the kata is done.")
        else:
            for para in hint_text(kata, step):
                lines.append("Hint:\n" + wrap(para))
        p.step = step
    p.last = lines[0]
    p.save()
    out.write("\n".join(lines) + "\n")
    return status


def cmd_check(args, root, env):
    folder, p, kata = load(args, root)
    return check(folder, p, kata, env, quiet=args.quiet)


def cmd_hint(args, root, env):
    folder, p, kata = load(args, root)
    paras = hint_text(kata, p.step, whole=True)
    print(f"Step {step_name(kata, p.step)}: {kata.title(p.step)}\n")
    if not paras:
        print("This step's README has no hint; `show` it.")
    for para in paras:
        print(wrap(para, "") + "\n")
    return 0


def cmd_show(args, root, env):
    folder, p, kata = load(args, root)
    step = kata.find(args.step) if args.step is not None else p.step
    readme = kata.readme(step)
    i = kata.index(step)
    block = kata_check.diff_block(
        kata.step_dir(kata.steps[i - 1]) if i else None, kata.step_dir(step))
    if kata_check.DIFF_BEGIN not in readme:
        readme += "\n## The change\n\n" + block
    sys.stdout.write(f"[{kata.name} step {step}]\n\n" + readme)
    return 0


def move_to(args, root, env, forward):
    folder, p, kata = load(args, root)
    i = kata.index(p.step) + (1 if forward else 0)
    if i >= len(kata.steps):
        print("You are at the last step: there is no next one.")
        return 1
    p.step = kata.steps[i]
    backup = install_step(kata, p.step, folder, env, p.compiler)
    p.last = ""
    p.save()
    print(f"Your code is now step {step_name(kata, p.step)}'s snapshot: "
          f"{kata.title(p.step)}")
    if backup:
        print(f"Your previous files are in {os.path.relpath(backup, folder)}")
    print("`check` to see what the compiler says; `show` to read the step.")
    return 0


def cmd_next(args, root, env):
    return move_to(args, root, env, forward=True)


def cmd_reset(args, root, env):
    return move_to(args, root, env, forward=False)


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


def cmd_watch(args, root, env):
    folder, p, kata = load(args, root)

    def stamp():
        out = []
        for n in sources(folder):
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
                p = Progress(folder)
                p.compiler = p.compiler or default_compiler(args)
                check(folder, p, kata, env, quiet=args.quiet)
                sys.stdout.flush()
                checks += 1
                if args.max_checks and checks >= args.max_checks:
                    return 0
            waiter.wait(args.interval)
    except KeyboardInterrupt:
        print("\nstopped watching")
        return 0


# --- Command line ------------------------------------------------------------

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
    for opt in ("--include", "--lib", "--main-lib", "--header"):
        top.add_argument(opt, action="append", default=[], help=hidden)
    top.add_argument("--runfiles", default="", help=hidden)
    top.add_argument("--workspace", default="__main__", help=hidden)
    top.add_argument("--root", default="", help=hidden)
    top.add_argument("--toolchain-cc", default="", help=hidden)
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
    sp.add_argument("--compiler", help="g++ (default) or clang++")
    sp.add_argument("--force", action="store_true",
                    help="start again in a folder with progress")
    sp = add("check", cmd_check,
             "compile your code and say which step it matches")
    sp.add_argument("--compiler", help="g++ or clang++ (remembered)")
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="only the verdict, not the compiler's output")
    add("hint", cmd_hint, "why the current step's error points to the next")
    sp = add("show", cmd_show, "print a step's README and its diff")
    sp.add_argument("step", nargs="?", metavar="N",
                    help="step number or name (default: the current step)")
    add("reset", cmd_reset, "put back the current step's code "
        "(yours is kept in .kata/backup)")
    add("next", cmd_next, "move your code to the next step's snapshot")
    sp = add("watch", cmd_watch, "check again on every save (Ctrl-C stops)")
    sp.add_argument("--compiler", help="g++ or clang++ (remembered)")
    sp.add_argument("-q", "--quiet", action="store_true",
                    help="only the verdict, not the compiler's output")
    sp.add_argument("--interval", type=float, default=1.0, help=hidden)
    sp.add_argument("--max-checks", type=int, default=0, help=hidden)
    return top


def main(argv=None):
    ap = parser()
    args = ap.parse_args(argv)
    root = katas_root(args)
    try:
        return args.func(args, root, checker_env(args, root))
    except UsageError as e:
        ap.print_usage(sys.stderr)
        print(f"workshop: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `workshop list | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
