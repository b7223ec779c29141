"""`check`: build the participant's code, judge it against their step.

The verdict compares the build with the participant's current step and the
next one only, never with the kata's other steps (katas/FORMAT.md,
"Verdicts"):
- the next step's expectation, and the code has the next step's change:
  progress moves there;
- the current step's expectation: "as expected" (or "it compiles");
- otherwise "not expected", with what was expected and what happened.
Expectations are the portable ones (expect.txt), so the verdict holds on
every supported compiler; with a reference compiler the verbatim recording
adds whether the error is exactly the recorded one. `check` never prints a
hint's answer: `hint` does, when asked.
"""

import io
import shutil
import sys
import tempfile
import textwrap

import building
import changes
import expectations
import kata_check
import progress
import recordings
import toolchain
import transcripts
from kata import UsageError

WIDTH = 80
OK_KINDS = ("as-expected", "compiles")


class Verdict:
    """kind: "as-expected" (the step's error), "compiles" (it builds, and
    its tests pass), "tests-failed", or "not-expected". step: the step
    judged against (after a move); moved: whether progress moved to it."""

    def __init__(self, kind, step, moved=False, lines=()):
        self.kind = kind
        self.step = step
        self.moved = moved
        self.lines = list(lines)

    @property
    def ok(self):
        return self.kind in OK_KINDS


def wrap(text, indent=""):
    return textwrap.fill(" ".join(text.split()), WIDTH - 2,
                         initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def step_name(step):
    return f"{step[:2]} ({step[3:]})"


def judge(kata, current, folder, got, tests_ok, compiler, log=""):
    """The Verdict for a build of `folder` (transcript `got`) when the
    participant is at step `current`. Compiles nothing."""
    family = compiler.family

    def matches(step):
        return expectations.match(
            kata.expectation(step), family, got, tests_ok,
            changes.same_line(kata.step_dir(step), folder))
    nxt = kata.next(current)
    builds_like_next = False
    if nxt:
        m = matches(nxt)
        change = changes.Change(kata.step_dir(current), kata.step_dir(nxt))
        builds = kata.expectation(nxt).outcome == "success"
        if m.ok and change.is_made_in(folder, builds, kata.answer(current)):
            return _as_expected(kata, nxt, got, compiler, moved=True)
        builds_like_next = m.ok
    m = matches(current)
    if m.ok:
        return _as_expected(kata, current, got, compiler, moved=False)
    if builds_like_next:
        return Verdict("not-expected", current, lines=[
            wrap("not expected: the compiler says what the next step "
                 "expects, but your code does not have that step's change"),
            wrap(f"Step {step_name(nxt)} changes more than you have (or "
                 "something else): `hint` says what to change."),
        ])
    return _not_expected(kata, current, folder, got, tests_ok, compiler, log)


def _as_expected(kata, step, got, compiler, moved):
    lines = []
    if moved:
        lines.append(wrap(f"now at step {step_name(step)}: you have made "
                          "its change"))
    nxt = kata.next(step)
    _, outcome = transcripts.parse(got)
    recording = kata.recording(step, compiler.family) \
        if compiler.is_reference else None
    if outcome == "success":
        lines.append(f"it compiles — tests: {_tests(got)}")
        lines.append(f"This is step {step_name(step)}: {kata.title(step)}")
        kind = "compiles"
    else:
        drives = f"step {step_name(nxt)}" if nxt else "the end of the kata"
        lines.append(f"as expected — this error drives {drives}")
        same = recordings.compare(recording, got)
        lines.append(f"it is the error of step {step_name(step)}" +
                     (", but your line numbers differ." if same == "numbers"
                      else "."))
        extra = recordings.extra_errors(recording, got) if recording else []
        if extra:
            lines.append(wrap("Read that one first. The compiler also said "
                              "something the recording does not have: "
                              + extra[0]))
        kind = "as-expected"
    if nxt is None and outcome == "success":
        lines.append("That is the last step: the kata is done.")
    else:
        lines.append("`hint` gives a nudge towards the next change; `show` "
                     "reads the step.")
    return Verdict(kind, step, moved, lines)


def _tests(got):
    run = [c for c in transcripts.parse(got)[0] if c.kind == "run"]
    if not run:
        return "none in this step"
    result = run[0].lines[0] if run[0].lines else ""
    return "passed (" + result.replace("[  PASSED  ]", "").strip(" .") + ")"


def _first_error_text(first, outcome):
    if outcome == "success":
        return "it compiles"
    if first is None:
        return f"a {outcome.replace('-', ' ')}, with no error line"
    if outcome == "link-error":
        return "a link error: " + first.text
    return first.line.strip()


def _not_expected(kata, current, folder, got, tests_ok, compiler, log):
    _, outcome = transcripts.parse(got)
    if outcome == "success" and not tests_ok and \
            kata.expectation(current).outcome == "success":
        lines = ["it compiles — tests: failed", "", "The end of the test "
                 "output:"] + log.rstrip().splitlines()[-15:]
        return Verdict("tests-failed", current, lines=lines)
    # The step the participant is heading for: the next one once they have
    # changed the current step's code, else the current one.
    target = current
    nxt = kata.next(current)
    if nxt and changes.code_lines(folder) != changes.code_lines(
            kata.step_dir(current)):
        target = nxt
    expectation = kata.expectation(target)
    m = expectations.match(expectation, compiler.family, got, tests_ok,
                           changes.same_line(kata.step_dir(target), folder))
    lines = ["not expected: the compiler said something the kata does not "
             "expect",
             wrap(f"Step {step_name(target)} expects "
                  f"{expectation.describe(compiler.family)}.", ""),
             wrap("Yours: " + _first_error_text(m.first, outcome), ""),
             wrap("(" + "; ".join(m.why) + ".)", "")]
    lines.append(wrap(f"Fix what differs and `check` again; `hint` gives a "
                      f"nudge; `reset` puts back step {step_name(current)}'s "
                      "code."))
    return Verdict("not-expected", current, lines=lines)


def require_supported(compiler):
    """Raises UsageError for a compiler the katas do not support; returns
    a note for one they have not been tried with (else "")."""
    status, why = compiler.support()
    if status == "unsupported":
        raise UsageError(why + "\n" + wrap(toolchain.WHAT_WORKS))
    if status == "untested":
        # Say what works, unless the note already says what to install.
        more = "" if "apt-get" in why else " " + toolchain.WHAT_WORKS
        return wrap("note: " + why + more)
    return ""


def check(folder, p, kata, builder, quiet=False, out=None):
    """Compiles the participant's code and judges it (the `check` command).
    Saves the progress; returns the Verdict."""
    out = out or sys.stdout
    compiler = toolchain.identify(p.compiler)
    note = require_supported(compiler)
    if note:
        out.write(note + "\n")
    if not kata_check.step_sources(folder):
        out.write(f"no .h or .cc files in {folder}: try `reset`\n")
        return Verdict("not-expected", p.step, lines=["no code"])
    if building.needs_googletest(folder):
        libraries = builder.libraries(compiler)
        if libraries is not builder.base:  # GoogleTest built for it
            progress.write_makefile(folder, p.compiler, libraries)
    log = io.StringIO()
    got, tests_ok = builder.build(folder, kata.rel(p.step), compiler, log)
    if not quiet:
        out.write(got.rsplit("outcome:", 1)[0])
        out.write("-" * WIDTH + "\n")
    verdict = judge(kata, p.step, folder, got, tests_ok, compiler,
                    log.getvalue())
    p.move_to(verdict.step)
    p.last = verdict.lines[0]
    p.save()
    out.write("\n".join(verdict.lines) + "\n")
    return verdict


def own_code(kata, step, compiler_text, builder, headers=()):
    """The verdict `check` gives a participant at `step` whose code is the
    step's own snapshot (what tools/kata_matrix and the _portable tests
    check), and the text `check -q` printed."""
    folder = tempfile.mkdtemp(prefix="kata_own_")
    try:
        progress.install_step(kata, step, folder, headers, compiler_text)
        p = progress.Progress(folder)
        p.kata, p.step, p.compiler = kata.name, step, compiler_text
        out = io.StringIO()
        verdict = check(folder, p, kata, builder, quiet=False, out=out)
        if verdict.moved:  # the step's own code is not the next step's
            verdict.kind = "moved-on"
        return verdict, out.getvalue()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

