"""Portable expectations: a step's `expect.txt`, and matching a build to it.

What a step's own code must do on every supported compiler, stated as its
essence (katas/FORMAT.md, "Portable expectations"): the outcome, the file
and line the first error is about, and a pattern per compiler family that
names what the lesson is about. A step without expect.txt must build (and
its tests pass). Parsing is strict, so a typo in a key fails loudly.
"""

import os
import re

import transcripts

OUTCOMES = ("compile-error", "link-error")
FAMILIES = ("gcc", "clang")
KEYS = ("outcome", "at") + FAMILIES + ("any",)
FILE_NAME = "expect.txt"


class ExpectError(ValueError):
    """An expect.txt that does not follow the format."""


class Expectation:
    """outcome: "success", "compile-error" or "link-error"; at: (FILE, LINE
    or None) or None; patterns: family -> compiled regular expression."""

    def __init__(self, outcome, at=None, patterns=None, lesson=""):
        self.outcome = outcome
        self.at = at
        self.patterns = patterns or {}
        self.lesson = lesson

    def pattern(self, family):
        """The pattern for a family ("gcc"/"clang"): its own, else any:."""
        return self.patterns.get(family) or self.patterns.get("any")

    def describe(self, family):
        """One line for a participant: what the step expects."""
        if self.outcome == "success":
            return "it compiles (and its tests, if any, pass)"
        what = self.outcome.replace("-", " ")
        where = ""
        if self.at:
            where = " at " + self.at[0] + (
                f":{self.at[1]}" if self.at[1] is not None else "")
        pattern = self.pattern(family)
        return (f"a {what}{where}" +
                (f", saying /{pattern.pattern}/" if pattern else ""))


SUCCESS = Expectation("success")


def parse(text, where=FILE_NAME):
    """An Expectation from expect.txt's text; ExpectError names the line."""
    values, lesson = {}, ""
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#"):
            lesson = lesson or line.lstrip("#").strip()
            continue
        if not line:
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or not value:
            raise ExpectError(f"{where}:{n}: expected `key: value`, got "
                              f"{raw!r}")
        if key not in KEYS:
            raise ExpectError(f"{where}:{n}: unknown key {key!r} (keys: "
                              + ", ".join(KEYS) + ")")
        if key in values:
            raise ExpectError(f"{where}:{n}: {key} is given twice")
        values[key] = (n, value)
    if "outcome" not in values:
        raise ExpectError(f"{where}: outcome: is required "
                          f"({' or '.join(OUTCOMES)})")
    n, outcome = values["outcome"]
    if outcome not in OUTCOMES:
        raise ExpectError(f"{where}:{n}: outcome must be one of "
                          f"{', '.join(OUTCOMES)}, not {outcome!r}")
    at = None
    if "at" in values:
        n, value = values["at"]
        m = re.fullmatch(r"([^\s:]+)(?::(\d+))?", value)
        if not m:
            raise ExpectError(f"{where}:{n}: at: must be FILE:LINE (or FILE "
                              f"for a link error), not {value!r}")
        at = (m.group(1), int(m.group(2)) if m.group(2) else None)
    if outcome == "compile-error" and (at is None or at[1] is None):
        raise ExpectError(f"{where}: a compile-error needs at: FILE:LINE")
    patterns = {}
    for key in FAMILIES + ("any",):
        if key in values:
            n, value = values[key]
            try:
                patterns[key] = re.compile(value)
            except re.error as e:
                raise ExpectError(f"{where}:{n}: {key}: is not a regular "
                                  f"expression: {e}") from None
    if not patterns:
        raise ExpectError(f"{where}: give a pattern: gcc:, clang: or any:")
    return Expectation(outcome, at, patterns, lesson)


def load(step_dir):
    """The step's Expectation: from its expect.txt, else SUCCESS."""
    path = os.path.join(step_dir, FILE_NAME)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return SUCCESS
    return parse(text, os.path.join(os.path.basename(step_dir), FILE_NAME))


class Match:
    """How a build compares with an expectation: ok, and if not, why not
    (one short sentence per difference); first: the build's FirstError."""

    def __init__(self, ok, why, first):
        self.ok = ok
        self.why = why
        self.first = first


def match(expectation, family, text, tests_ok=True, same_line=None):
    """Matches a transcript (and whether its tests passed) to an
    expectation, for a compiler family ("gcc" or "clang").

    same_line(file, n, line_no), if given, says whether line n of the
    participant's file holds the code the step has at line_no: then a
    participant whose lines moved still gets the error at: names."""
    _, outcome = transcripts.parse(text)
    first = transcripts.first_error(text)
    why = []
    if outcome != expectation.outcome:
        why.append(f"the outcome is {outcome}, not {expectation.outcome}")
    elif outcome == "success":
        if not tests_ok:
            why.append("the tests fail")
    elif first is None:
        why.append("no error line was found")
    else:
        if expectation.at:
            file, line_no = expectation.at
            if outcome == "link-error":
                stem = os.path.splitext(file)[0]
                found = re.search(r"(^|[\s/(`'])(" + re.escape(file) + "|" +
                                  re.escape(stem) + r"\.o)\b", first.text)
            else:
                found = any(n == line_no or (same_line and
                                             same_line(file, n, line_no))
                            for n in first.lines_in(file))
            if not found:
                why.append(f"the first error is not about "
                           f"{file}{'' if line_no is None else f':{line_no}'}")
        pattern = expectation.pattern(family)
        if pattern is None:
            why.append(f"expect.txt has no pattern for {family}")
        elif not pattern.search(first.text):
            why.append(f"the first error does not say /{pattern.pattern}/")
    return Match(not why, why, first)
