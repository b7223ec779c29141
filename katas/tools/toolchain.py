"""Which compiler a command is, and whether the katas support it.

A compiler is a command, possibly with flags (`clang++-16 -stdlib=libc++`).
`identify` asks the compiler itself (its predefined macros, with <version>
included so the standard library's macros show too), so the answer holds
however it is named or wrapped. The supported set is the matrix that
tools/kata_matrix checks; the reference compilers are those the verbatim
recordings (expected.<gcc|clang>.txt) were made with.
"""

import functools
import os
import re
import shlex
import shutil
import subprocess

# The matrix: every step's own code gets its expected verdict with these
# (tools/kata_matrix). Clang 14 with libc++ 14 is Debian 12's pair that
# `bazel test --config=libcxx` checks.
SUPPORTED = {
    ("gcc", "libstdc++"): (11, 12),
    ("clang", "libstdc++"): (13, 14, 15, 16, 19),
    ("clang", "libc++"): (14, 16, 19),
}
# The recordings are what these printed, with libstdc++ 12 (Debian 12).
REFERENCE = {"gcc": 12, "clang": 14}
REFERENCE_LIBSTDCXX = 12
OLDEST = {"gcc": 11, "clang": 13, "libc++": 14, "libstdc++": 11}

WHAT_WORKS = (
    "The katas work with GCC 11 or 12; Clang 13, 14, 15, 16 or 19 (with "
    "libstdc++); Clang 16 or 19 with libc++ (--compiler \"clang++-16 "
    "-stdlib=libc++\"); and Apple clang on macOS (libc++). Install one, e.g. "
    "`sudo apt-get install g++-12` then --compiler g++-12, or `sudo apt-get "
    "install clang-16 libc++-16-dev libc++abi-16-dev` then --compiler "
    "\"clang++-16 -stdlib=libc++\".")

_PROBE = "#include <version>\n"


class Compiler:
    """A compiler command and what it is.

    family: "gcc" or "clang" (Apple clang is "clang" with apple=True), or
    None when the command is not a C++ compiler we know. stdlib: "libstdc++"
    or "libc++" (None if its headers are missing); major, stdlib_major: the
    compiler's and the library's major versions.
    """

    def __init__(self, command, family=None, major=0, apple=False,
                 stdlib=None, stdlib_major=0, problem=""):
        self.command = list(command)
        self.family = family
        self.major = major
        self.apple = apple
        self.stdlib = stdlib
        self.stdlib_major = stdlib_major
        self.problem = problem  # why it could not be identified, if it wasn't

    @property
    def text(self):
        """The command as typed."""
        return " ".join(shlex.quote(w) for w in self.command)

    @property
    def name(self):
        """What the compiler is, e.g. "Clang 16 with libc++ 16"."""
        if not self.family:
            return self.text
        base = ("Apple clang" if self.apple else
                {"gcc": "GCC", "clang": "Clang"}[self.family])
        if not self.apple:
            base += f" {self.major}"
        lib = self.stdlib or "no C++ standard library"
        if self.stdlib:
            lib += f" {self.stdlib_major}"
        return f"{base} with {lib}"

    @property
    def is_reference(self):
        """Whether the verbatim recordings apply: GCC 12 or Clang 14 with
        libstdc++ 12, as on Debian 12."""
        return (not self.apple and REFERENCE.get(self.family) == self.major
                and self.stdlib == "libstdc++"
                and self.stdlib_major == REFERENCE_LIBSTDCXX)

    def support(self):
        """("supported" | "untested" | "unsupported", why). Untested means
        newer than the matrix: it probably works, and is said so."""
        if not self.family:
            return "unsupported", (
                f"{self.text} is not a compiler the katas know"
                + (f" ({self.problem})" if self.problem else "") + ".")
        if not self.stdlib:
            return "unsupported", (
                f"{self.text} ({self.name}) cannot find its C++ standard "
                f"library headers" + (f": {self.problem}" if self.problem
                                      else "") + ".")
        if self.apple:
            return "supported", f"{self.text} is {self.name}."
        too_old = [what for what, v in ((self.family, self.major),
                                        (self.stdlib, self.stdlib_major))
                   if v < OLDEST[what]]
        if too_old:
            return "unsupported", (
                f"{self.text} is {self.name}: too old for the katas (they "
                "need C++20: " + ", ".join(
                    f"{_pretty(w)} {OLDEST[w]} or newer" for w in too_old)
                + ").")
        if self.stdlib == "libc++" and self.stdlib_major != self.major:
            return "untested", (
                f"{self.text} is {self.name}: Clang {self.major} is meant to "
                f"use libc++ {self.major} (sudo apt-get install "
                f"libc++-{self.major}-dev libc++abi-{self.major}-dev), and "
                "the katas have not been tried with this pair.")
        if self.major in SUPPORTED.get((self.family, self.stdlib), ()):
            return "supported", f"{self.text} is {self.name}."
        return "untested", (
            f"{self.text} is {self.name}, which the katas have not been "
            "tried with: if a verdict looks wrong, try one of the compilers "
            "below.")


def _pretty(what):
    return {"gcc": "GCC", "clang": "Clang"}.get(what, what)


def split(command):
    """A command as typed (a string, or already a list) as a list."""
    return shlex.split(command) if isinstance(command, str) else list(command)


def identify(command):
    """Asks the compiler what it is; never raises for a bad command. The
    answer is kept for the life of the process (the matrix asks often)."""
    return _identify(tuple(split(command)))


@functools.lru_cache(maxsize=None)
def _identify(argv):
    argv = list(argv)
    if not argv or not shutil.which(argv[0]):
        return Compiler(argv, problem="no such command")
    env = dict(os.environ, LC_ALL="C", LANG="C")

    def macros_with(source):
        try:
            p = subprocess.run(argv + ["-std=c++2a", "-x", "c++", "-E", "-dM",
                                       "-"], input=source, capture_output=True,
                               text=True, env=env, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            return {}, str(e)
        found = dict(re.findall(r"^#define (\w+) (.*)$", p.stdout, re.M))
        lines = p.stderr.splitlines()
        error = "" if p.returncode == 0 else next(
            (line for line in lines if "error" in line),
            lines[0] if lines else f"exit status {p.returncode}")
        return found, error

    # First the compiler alone, then with the standard library's header.
    macros, error = macros_with("")
    if "__clang__" in macros:
        family = "clang"
        major = int(macros.get("__clang_major__", 0))
    elif "__GNUC__" in macros and "__INTEL_COMPILER" not in macros:
        family = "gcc"
        major = int(macros["__GNUC__"])
    else:
        return Compiler(argv, problem=error or "neither GCC nor Clang")
    lib_macros, problem = macros_with(_PROBE)
    macros.update(lib_macros)
    apple = "__apple_build_version__" in macros
    stdlib, stdlib_major = None, 0
    if "_LIBCPP_VERSION" in macros:
        stdlib = "libc++"
        v = int(macros["_LIBCPP_VERSION"])
        # 160006 since LLVM 16 (major * 10000), 15000 before (major * 1000).
        stdlib_major = v // 10000 if v >= 100000 else v // 1000
    elif "_GLIBCXX_RELEASE" in macros:
        stdlib = "libstdc++"
        stdlib_major = int(macros["_GLIBCXX_RELEASE"])
    if problem:
        stdlib = None
    return Compiler(argv, family, major, apple, stdlib, stdlib_major, problem)
