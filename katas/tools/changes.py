"""Whether a participant's code has made a step's change.

A build that fails (or compiles) the way the next step expects is not
enough to say the participant is there: many different edits compile.
Progress moves to the next step only when the participant's files also
contain that step's change: the code lines it adds are present and the ones
it removes are gone, compared line by line ignoring spacing and comments
(a participant writes their own comments and spacing), and in any file.
"""

import collections
import os
import re

import kata_check

# Share of the change's lines that must be made when the next step builds:
# most of it (a participant writes their own code, and may leave out an
# #include the compiler did not need), and never none of it. Many edits
# build, so the lines are the evidence. When the next step expects an
# error, its file, line and message already are: any part of the change
# will do.
ENOUGH = 0.5


def _code(line):
    """A line as compared: no // comment, no spaces; "" if nothing is left
    but braces, or for an #include (needed or not, it is not the lesson)."""
    line = re.sub(r"//.*", "", line)
    line = "".join(line.split())
    if line.startswith("#include") or not line.strip("{}();,"):
        return ""
    return line


def code_lines(folder, names=None):
    """The compared lines of a folder's *.h and *.cc files (a Counter)."""
    lines = collections.Counter()
    for name in names if names is not None else kata_check.step_sources(
            folder):
        for line in kata_check.read_lines(os.path.join(folder, name)):
            if _code(line):
                lines[_code(line)] += 1
    return lines


class Change:
    """The lines a step adds to, and removes from, the step before it."""

    def __init__(self, before_dir, after_dir):
        self.before = code_lines(before_dir) if before_dir else \
            collections.Counter()
        self.after = code_lines(after_dir)
        self.added = self.after - self.before
        self.removed = self.before - self.after

    def made_in(self, folder):
        """How much of the change the folder's code has made, 0 to 1: the
        share of added lines it has beyond the step before's copies, and of
        removed lines it no longer has."""
        total = sum(self.added.values()) + sum(self.removed.values())
        if not total:
            return 1.0
        mine = code_lines(folder)
        added = sum(min(n, max(0, mine[line] - self.before[line]))
                    for line, n in self.added.items())
        removed = sum(min(n, max(0, self.before[line] - mine[line]))
                      for line, n in self.removed.items())
        if self.added and not added:
            return 0.0
        return (added + removed) / total

    def is_made_in(self, folder, builds=True, answer=None):
        """Whether the folder has made the change: most of it if the step
        builds (`builds`), else any of it. A participant who followed the
        `answer` (the hint of the step before) has made it too: every line
        of code it quotes that the change adds is there, even if the rest
        is their own (a parser written their way, tests of their own)."""
        made = self.made_in(folder)
        if not builds:
            return made > 0
        return made >= ENOUGH or self.answer_followed(folder, answer)

    def answer_followed(self, folder, answer):
        """Whether the folder has every line of code the answer quotes that
        the change adds (False if the answer quotes none)."""
        quoted = {_code(f) for f in re.findall(r"`([^`]+)`", answer or "")}
        lines = [line for line in quoted if line and line in self.added]
        if not lines:
            return False
        mine = code_lines(folder)
        return all(mine[line] > self.before[line] for line in lines)


def same_line(step_dir, folder):
    """same_line(file, n, line_no) for expectations.match: whether line n of
    FILE in `folder` holds the code of line line_no of FILE in `step_dir`
    (spacing and comments aside), so lines that moved still match."""
    def lines(d, file):
        try:
            return kata_check.read_lines(os.path.join(d, file))
        except (FileNotFoundError, UnicodeDecodeError):
            return []

    def same(file, n, line_no):
        mine, step = lines(folder, file), lines(step_dir, file)
        if not (0 < n <= len(mine) and 0 < line_no <= len(step)):
            return False
        code = "".join(re.sub(r"//.*", "", step[line_no - 1]).split())
        return bool(code) and code == "".join(
            re.sub(r"//.*", "", mine[n - 1]).split())
    return same


def answer_gaps(kata, step):
    """Why following the step's answer would not land on the next step:
    each `code` fragment of the answer must be in the diff to the next
    step (spacing aside). [] when it would."""
    nxt = kata.next(step)
    answer = kata.answer(step)
    if nxt is None or answer is None:
        return []
    diff = kata_check.diff_block(kata.step_dir(step), kata.step_dir(nxt))
    flat_diff = "".join("".join(line[1:].split()) for line in
                        diff.splitlines())
    return [f"`{fragment}` is not in step {nxt}'s change"
            for fragment in re.findall(r"`([^`]+)`", answer)
            if "".join(fragment.split()) not in flat_diff]
