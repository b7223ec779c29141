"""Comparing a build with a step's verbatim recording (reference compilers).

The recordings (expected.gcc.txt, expected.clang.txt) are what GCC 12 and
Clang 14 printed. With one of those, the runner can say more than the
portable expectation does: whether the first errors are exactly the
recorded ones, differ only in line and column numbers, and which errors the
recording lacks. A linker's `.text+0x...` offsets are never a difference:
they move with any edit and name no line of the participant's.
"""

import re

import transcripts

_OFFSET = re.compile(r"\+0x[0-9a-fA-F]+\)")


def _without_offsets(line):
    return _OFFSET.sub(")", line)


def _without_numbers(line):
    line = re.sub(r":\d+:\d+:", ":", line)
    return re.sub(r":\d+:", ":", line)


def primary(command):
    """The line that matters in a command's output: its first error (a
    linker's undefined reference counts), or for the test run its result."""
    if command.kind == "run":
        return command.lines[0] if command.lines else None
    for line in command.lines:
        if transcripts.is_error(line) or "undefined reference to" in line:
            return _without_offsets(line)
    return None


def _signature(text, loose):
    commands, outcome = transcripts.parse(text)
    rows = []
    for command in commands:
        line = primary(command)
        if loose:
            rows.append((command.label, line and _without_numbers(line)))
        else:
            rows.append((command.text, line))
    return outcome, rows


def compare(recording, got):
    """"same" (the same outcome and first errors), "numbers" (the same but
    for line and column numbers), or None."""
    if recording is None:
        return None
    if _signature(recording, False) == _signature(got, False):
        return "same"
    if _signature(recording, True) == _signature(got, True):
        return "numbers"
    return None


def extra_errors(recording, got):
    """Error lines of `got` that the recording lacks (numbers ignored)."""
    def errors(text):
        return [_without_numbers(_without_offsets(line))
                for command in transcripts.parse(text)[0]
                for line in command.lines if transcripts.is_error(line)]
    known = set(errors(recording or ""))
    return [e for e in errors(got) if e not in known]
