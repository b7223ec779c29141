"""Helpers for the runner's unit tests: the fixture kata, the real katas,
a stand-in compiler and a builder that replays recordings (no compiler
runs in these tests)."""

import os
import stat
import tempfile

from kata import Kata, all_katas

HERE = os.path.dirname(os.path.abspath(__file__))
# testdata/katas/mini: four steps (compiles, compile error, link error,
# compiles) with recordings made by GCC 12 and Clang 14, READMEs with a
# nudge and an answer, expect.txt files.
FIXTURES = os.path.join(HERE, "testdata")
MINI = Kata(FIXTURES, "mini")
# The checkout (or runfiles tree) holding the real katas.
ROOT = os.path.dirname(os.path.dirname(HERE))


def real_katas():
    return all_katas(ROOT)


def recording(kata, step, family):
    return kata.recording(step, family)


def fake_compiler(folder, family="gcc", major=12, stdlib="libstdc++",
                  stdlib_major=12, apple=False):
    """A script that answers toolchain.identify as the compiler would (its
    predefined macros), so tests can name any compiler."""
    macros = []
    if family == "gcc":
        macros += [f"__GNUC__ {major}"]
    else:
        macros += ["__GNUC__ 4", "__clang__ 1", f"__clang_major__ {major}"]
    if apple:
        macros.append("__apple_build_version__ 15000040")
    if stdlib == "libstdc++":
        lib = f"_GLIBCXX_RELEASE {stdlib_major}"
    else:
        lib = f"_LIBCPP_VERSION {stdlib_major * 10000}"
    name = f"{family}{major}-{stdlib}{stdlib_major}{'-apple' if apple else ''}"
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n"
                "# The library's macros only when <version> is read.\n"
                "input=$(cat)\n"
                "echo '" + "\n".join("#define " + m for m in macros) + "'\n"
                "[ -n \"$input\" ] && echo '#define " + lib + "'\n"
                "exit 0\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


class ReplayBuilder:
    """Stands in for building.Builder: the build of a folder is a given
    transcript (a recording, or one a test writes)."""

    def __init__(self, transcript, tests_ok=True):
        self.transcript = transcript
        self.tests_ok = tests_ok
        self.base = object()

    def libraries(self, compiler):
        return self.base

    def build(self, folder, rel, compiler, log):
        return self.transcript, self.tests_ok


def temp_dir(test):
    """A temporary folder removed when the test ends."""
    d = tempfile.TemporaryDirectory()
    test.addCleanup(d.cleanup)
    return d.name
