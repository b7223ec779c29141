"""The participant's folder: where it is, its progress file, its code.

DIR/.kata-progress.json holds the kata, the current step (the step whose
code the participant's code is, or started from), the compiler command and
how many hints of this step were shown. `install_step` replaces the code
with a step's snapshot, keeping the old files in .kata/backup/TIME/, and
writes a Makefile that builds the way the checker does.
"""

import json
import os
import shlex
import shutil
import time

import kata_check
from kata import UsageError

PROGRESS = ".kata-progress.json"
PRIVATE = ".kata"  # headers a step includes by path, and backups


def resolve_dir(path):
    """A folder as the participant typed it: relative to where they ran
    the command (`bazel run` changes the working folder)."""
    base = os.environ.get("BUILD_WORKING_DIRECTORY") or os.getcwd()
    return os.path.abspath(os.path.join(base, os.path.expanduser(path)))


def last_dir_file():
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state")
    return os.path.join(state, "kata-workshop", "last-dir")


def remember(folder):
    path = last_dir_file()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(folder + "\n")
    except OSError:
        pass  # only a convenience


def find_dir(explicit):
    """--dir, else the working folder or a parent of it with a progress file,
    else the folder of the last `start`."""
    if explicit:
        d = resolve_dir(explicit)
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
        self.hints = data.get("hints_shown", 0)  # of the current step

    def move_to(self, step):
        if step != self.step:
            self.step = step
            self.hints = 0

    def save(self):
        data = {"kata": self.kata, "step": self.step,
                "compiler": self.compiler, "last_verdict": self.last,
                "hints_shown": self.hints,
                "updated": time.strftime("%Y-%m-%d %H:%M:%S")}
        with open(self.path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.write("\n")


def install_step(kata, step, folder, headers, compiler):
    """Replaces the code in `folder` with the step's snapshot; the old code
    goes to .kata/backup/. Returns the backup folder, or None."""
    backup = None
    old = kata_check.step_sources(folder)
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
    for name in kata.sources(step):
        shutil.copyfile(os.path.join(kata.step_dir(step), name),
                        os.path.join(folder, name))
    for rel, src in headers:
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
CXXFLAGS = {flags}
SRCS := $(sort $(wildcard *.cc))
OBJS := $(SRCS:.cc=.o)
TESTS := $(filter %_test.cc,$(SRCS))
# The checker shows -I../../.. (the repository); here the headers a step
# includes by path (pool/...) are copied under .kata/include.
ifneq ($(shell grep -l '\\#include "pool/' *.h *.cc 2>/dev/null),)
CPPFLAGS = -I.kata/include
endif
{gtest}ifneq ($(TESTS),)
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
\t$(strip $(CXX) -pthread $(OBJS) $(LDFLAGS) $(LDLIBS))

%.o: %.cc $(wildcard *.h)
\t$(strip $(CXX) $(CXXFLAGS) $(CPPFLAGS) -c $<)

clean:
\trm -f *.o a.out

.PHONY: all clean
"""


def write_makefile(folder, compiler, libraries=None):
    """The Makefile for a compiler command; `libraries` when GoogleTest
    comes from a build for this compiler (building.Builder), not the
    system's."""
    gtest = ""
    built = libraries and [p for p in libraries.libs if os.path.isabs(p)]
    if built:
        gtest = (f"# GoogleTest built for this compiler by the runner.\n"
                 f"CPPFLAGS += " + " ".join(
                     f"-isystem {shlex.quote(i)}" for i in libraries.includes)
                 + f"\nLDFLAGS = -L{shlex.quote(os.path.dirname(built[0]))}"
                 "\n")
    with open(os.path.join(folder, "Makefile"), "w", encoding="utf-8") as f:
        f.write(MAKEFILE.format(cxx=compiler,
                                flags=" ".join(kata_check.STD_FLAGS),
                                gtest=gtest))
