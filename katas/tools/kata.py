"""Reading a kata: its steps, their READMEs, hints, expectations, recordings.

A kata is a folder katas/KATA/ with NN_slug step folders (katas/FORMAT.md).
Everything the runner knows about a step comes from here, read from the
files on each call (a kata is small), so nothing goes stale while `watch`
runs.
"""

import os
import re

import expectations
import kata_check

NUDGE = re.compile(r"<!--\s*nudge:\s*(.*?)\s*-->", re.S)
ANSWER = re.compile(r"<!--\s*answer:\s*(.*?)\s*-->", re.S)
_WHY_HEADING = re.compile(r"^##\s+Why\b.*$", re.M)
_COMMENT_LINE = re.compile(r"^[ \t]*<!--.*?-->[ \t]*\n?", re.M | re.S)


class UsageError(Exception):
    """Wrong arguments or state: printed with usage, exit status 2."""


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
        """The step's folder relative to the workspace, as the checker
        compiles it."""
        return f"katas/{self.name}/{step}"

    def index(self, step):
        return self.steps.index(step)

    def next(self, step):
        """The step after `step`, or None for the last."""
        i = self.index(step) + 1
        return self.steps[i] if i < len(self.steps) else None

    def previous(self, step):
        i = self.index(step)
        return self.steps[i - 1] if i else None

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

    def readme_to_read(self, step):
        """The README as a participant reads it: without the comment lines
        that are for tools (diff markers, nudge, answer)."""
        text = _COMMENT_LINE.sub("", self.readme(step))
        return re.sub(r"\n{3,}", "\n\n", text)

    def title(self, step):
        first = self.readme(step).split("\n", 1)[0]
        return re.sub(r"^#+\s*\d+\s*[^\w`]*\s*", "", first).strip() or step

    def nudge(self, step):
        """The first hint: where to look, without the code (or None)."""
        m = NUDGE.search(self.readme(step))
        return " ".join(m.group(1).split()) if m else None

    def answer(self, step):
        """The second hint: the change to make (or None)."""
        m = ANSWER.search(self.readme(step))
        return " ".join(m.group(1).split()) if m else None

    def why(self, step):
        """The paragraphs of the README's `## Why ...` section."""
        readme = self.readme(step)
        m = _WHY_HEADING.search(readme)
        if not m:
            return []
        rest = readme[m.end():]
        end = re.search(r"^(##\s|<!--)", rest, re.M)
        body = rest[: end.start()] if end else rest
        return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]

    def expectation(self, step):
        """The portable Expectation (expectations.SUCCESS without
        expect.txt); raises expectations.ExpectError for a bad file."""
        return expectations.load(self.step_dir(step))

    def recording(self, step, family):
        """expected.<family>.txt, or None."""
        return kata_check.read(os.path.join(self.step_dir(step),
                                            f"expected.{family}.txt"))

    def sources(self, step):
        return kata_check.step_sources(self.step_dir(step))


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
