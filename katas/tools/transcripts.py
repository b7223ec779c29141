"""Reading a transcript (katas/FORMAT.md): its commands, and its first error.

A transcript is what kata_check.transcript writes, and what a step's
expected.<gcc|clang>.txt holds: `$ command` lines, each followed by its
output, then `outcome: ...`. The first error is what a portable expectation
(expect.txt) is matched against, so what counts as one is defined here once:
a line with ` error: ` (or `fatal error: `), never an `In file included from`
line (a header named system_error is not an error), a `note:` or a warning.
"""

import re

# A diagnostic's kind: the first ` error: ` / ` warning: ` / ` note: ` after
# a location, a program name (`collect2: error:`) or at the start. A note
# that quotes an error is a note; `system_error:41,` has no space after the
# colon and never matches.
_KIND = re.compile(r"(?:^|[\s:])(note|warning|(?:fatal )?error): ")
_ERROR = re.compile(r"(?:^|[\s:])(?:fatal )?error: ")
_LOCATED = re.compile(
    r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?:\d+:)?\s+(?:fatal )?error: "
    r"(?P<text>.*)$")
_INCLUDED = re.compile(r"^(In file included from |\s+from )")
# GCC's instantiation chain, printed before the error it explains:
#   thread_pool.cc:10:23:   required from here
_GCC_CONTEXT = re.compile(
    r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):\d+:\s+required (from|by) ")
# Clang's, printed after it:
#   thread_pool.cc:10:14: note: in instantiation of ... requested here
_CLANG_CONTEXT = re.compile(
    r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):\d+: note: in .*"
    r"\b(requested|required|needed) here$")


class Command:
    """One `$ ...` line of a transcript and the output under it."""

    def __init__(self, text):
        self.text = text
        self.lines = []

    @property
    def kind(self):
        """"compile", "link" or "run"."""
        words = self.text.split()
        if "-c" in words:
            return "compile"
        return "run" if words[:1] == ["./a.out"] else "link"

    @property
    def label(self):
        """How a reader names the command: "compile main.cc", "link"."""
        if self.kind == "compile":
            words = self.text.split()
            return "compile " + words[words.index("-c") + 1]
        return {"run": "run the tests", "link": "link"}[self.kind]


def parse(text):
    """A transcript as ([Command], outcome or None)."""
    commands, outcome = [], None
    for line in (text or "").splitlines():
        if line.startswith("$ "):
            commands.append(Command(line[2:]))
        elif line.startswith("outcome: "):
            outcome = line[len("outcome: "):]
        elif commands:
            commands[-1].lines.append(line)
    return commands, outcome


def is_error(line):
    """Whether an output line is an error (a -Werror warning is one)."""
    if _INCLUDED.match(line):
        return False
    kind = _KIND.search(line)
    return bool(kind) and kind.group(1).endswith("error")


class FirstError:
    """The error a verdict is about.

    For a compile error: the first error line of the first command that has
    one, its location (file as printed, line) if it has one, its message
    (after `error: `), and the locations its instantiation context names.
    For a link error: the lines of the failing link, joined with spaces.
    """

    def __init__(self, command, line, file=None, line_no=None, text="",
                 context=()):
        self.command = command
        self.line = line
        self.file = file
        self.line_no = line_no
        self.text = text
        self.context = list(context)

    def lines_in(self, file):
        """The lines of FILE the error, or its context, is about. FILE is a
        name as the participant sees it; the transcript may print a path
        ending in it (./pool.h)."""
        places = [(self.file, self.line_no)] + self.context
        return [n for f, n in places
                if f and (f == file or f.endswith("/" + file))]

    def names(self, file, line_no=None):
        """Whether the error, or its context, is about FILE(:LINE)."""
        lines = self.lines_in(file)
        return bool(lines) if line_no is None else line_no in lines


def first_error(text):
    """The transcript's first error (a FirstError), or None if it has none."""
    commands, outcome = parse(text)
    if outcome == "link-error":
        link = next((c for c in commands if c.kind == "link"), None)
        if link is None:
            return None
        return FirstError(link, None, text=" ".join(
            " ".join(line.split()) for line in link.lines if line.strip()))
    for command in commands:
        for i, line in enumerate(command.lines):
            if is_error(line):
                return _located(command, i)
    return None


def _located(command, i):
    line = command.lines[i]
    m = _LOCATED.match(line)
    if m:
        file, line_no, text = m.group("file"), int(m.group("line")), \
            m.group("text")
    else:
        file, line_no = None, None
        text = _ERROR.split(line, 1)[-1]
    context = []
    for before in command.lines[:i]:
        c = _GCC_CONTEXT.match(before)
        if c:
            context.append((c.group("file"), int(c.group("line"))))
    for after in command.lines[i + 1:]:
        kind = _KIND.search(after)
        if kind and kind.group(1) != "note" and not _INCLUDED.match(after):
            break
        c = _CLANG_CONTEXT.match(after)
        if c:
            context.append((c.group("file"), int(c.group("line"))))
    return FirstError(command, line, file, line_no, text, context)
