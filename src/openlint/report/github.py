"""GitHub Actions output (`--format github`): workflow-command annotations plus grouped log lines.

Output, in order:

1. per target, ``::group::openlint <target>`` … ``::endgroup::`` around the human-readable lines of the
   text reporter (``path:line:col: CODE [severity] message`` and ``  help: fix``; notes; the error of a
   target that could not be read);
2. one annotation per finding, ``::error|warning|notice file=P,line=L,col=C,endLine=EL,endColumn=EC,
   title=openlint CODE (name)::message`` (error→error, warning→warning, info→notice; the fix follows the
   message on a second line), errors first, then warnings, then notices; a target that could not be read
   is ``::error title=openlint::target: message``, ahead of the error findings;
3. when GitHub's per-step limit (10 annotations per level) was reached, ONE ``::notice::`` saying how many
   findings were not annotated and that the log above and the job summary list them all;
4. a plain ``Found N problems …`` line.

GitHub rules followed (conventions §8): escaping as actions/toolkit ``command.ts`` (message: ``%`` ``\\r``
``\\n``; properties also ``:`` ``,``); ``col``/``endColumn`` only when ``line == endLine`` and
``endColumn >= col`` (else GitHub drops the annotation); at most 10 annotations per level, the earliest
(target order, then position) kept; when the overflow notice is needed it takes one of the 10 notice
slots. The job-wide limit (50 per job) is not tracked: a job running openlint in several steps can exceed it.

Hub results (``display_prefix`` non-empty) have no file in the checkout, so their annotations carry no
``file``/``line``/``col`` (GitHub would attach them to a wrong or missing file): the title names the repo
(``openlint CODE (name) in hf://org/name``) and the message starts with the full location
``hf://org/name/README.md:9:3:``. They show up in the run's annotation list, not in a diff.

Card text is hostile (it is quoted in messages): every card-derived string is made inert (no line breaks,
controls or invisible characters — ``escape.inert``), the legacy ``##[`` command prefix is broken, then the
command escaping applies; a plain log line that would start with ``::`` gets a ``> `` prefix. So every line
this writes that starts with ``::`` is one of our own error/warning/notice/group/endgroup commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from openlint.diagnostics import Diagnostic, Result
from openlint.engine import Rule
from openlint.report.escape import (
    repo_relative,
    workflow_data,
    workflow_log_line,
    workflow_property,
    workflow_text,
)

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
MAX_PER_LEVEL = 10  # GitHub: 10 error, 10 warning and 10 notice annotations per step
TITLE_LIMIT = 255  # Checks API: title ≤ 255 characters
MESSAGE_LIMIT = 4000  # characters of card-derived message text per annotation (GitHub allows 64 KB)


@dataclass
class Annotation:
    level: str  # error | warning | notice
    properties: list[tuple[str, str]]
    message: str  # unescaped, already inert where card-derived

    def command(self) -> str:
        props = ",".join(f"{k}={workflow_property(v)}" for k, v in self.properties)
        return f"::{self.level}{' ' + props if props else ''}::{workflow_data(self.message)}"


def _title(text: str) -> str:
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1] + "…"


def finding_annotation(r: Result, d: Diagnostic, root: str | None = None) -> Annotation:
    """The annotation for one finding (see the module docstring for Hub results)."""
    s = d.span
    name = f"openlint {d.code} ({workflow_text(d.name)})"
    text = workflow_text(d.message, MESSAGE_LIMIT)
    if d.fix:
        text += "\nhelp: " + workflow_text(d.fix, MESSAGE_LIMIT)
    if r.display_prefix:
        repo = workflow_text(r.display_prefix.rstrip("/"))
        where = workflow_text(f"{r.display_prefix}{s.path}:{s.line}:{s.column}")
        return Annotation(LEVELS[d.severity], [("title", _title(f"{name} in {repo}"))], f"{where}: {text}")
    path, _inside = repo_relative(s.path, root)
    props: list[tuple[str, str]] = [("file", workflow_text(path))]
    if s.line >= 1:
        end_line = max(s.end_line, s.line)
        props.append(("line", str(s.line)))
        if end_line == s.line and s.column >= 1 and s.end_column >= s.column:
            props += [("col", str(s.column)), ("endLine", str(end_line)), ("endColumn", str(s.end_column))]
        else:
            props.append(("endLine", str(end_line)))
    props.append(("title", _title(name)))
    return Annotation(LEVELS[d.severity], props, text)


def error_annotation(r: Result) -> Annotation:
    """The annotation for a target that could not be read."""
    assert r.error is not None
    message = r.error.get("message") or r.error.get("kind") or "could not be read"
    if not message.startswith(r.target):
        message = f"{r.target}: {message}"
    return Annotation("error", [("title", "openlint")], workflow_text(message, MESSAGE_LIMIT))


def _plain_lines(r: Result) -> list[str]:
    """The text reporter's lines for one target (without colour), made safe for the log."""
    lines: list[str] = []
    if r.error is not None:
        lines.append(f"error: {r.error.get('message', '')}")
        return [workflow_log_line(x) for x in lines]
    for note in r.notes:
        lines.append(f"note: {r.target}: {note}")
    for d in r.diagnostics:
        s = d.span
        lines.append(f"{r.display_prefix}{s.path}:{s.line}:{s.column}: {d.code} [{d.severity}] {d.message}")
        if d.fix:
            lines.append(f"  help: {d.fix}")
    if not r.diagnostics:
        lines.append("All checks passed!")
    return [workflow_log_line(x) for x in lines]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def select_annotations(results: Sequence[Result], max_per_level: int = MAX_PER_LEVEL,
                root: str | None = None) -> tuple[list[Annotation], dict[str, int]]:
    """The annotations to emit (errors, then warnings, then notices; each level capped) and, by level, how
    many were left out. The overflow notice, when needed, is not included: it takes one notice slot."""
    pools: dict[str, list[Annotation]] = {"error": [], "warning": [], "notice": []}
    for r in results:
        if r.error is not None:
            pools["error"].append(error_annotation(r))
    for r in results:
        if r.error is not None:
            continue
        for d in r.diagnostics:
            pools[LEVELS[d.severity]].append(finding_annotation(r, d, root))
    total = sum(len(p) for p in pools.values())
    overflow = any(len(p) > max_per_level for p in pools.values())
    kept: list[Annotation] = []
    left: dict[str, int] = {}
    for level, pool in pools.items():
        cap = max_per_level - 1 if overflow and level == "notice" else max_per_level
        cap = max(cap, 0)
        kept += pool[:cap]
        left[level] = len(pool) - len(pool[:cap])
    assert sum(left.values()) + len(kept) == total
    return kept, left


def render(results: Sequence[Result], rules: Sequence[Rule], out: TextIO, *,
           max_per_level: int = MAX_PER_LEVEL, root: str | None = None, groups: bool = True,
           summary_hint: str = "the log above and the job summary list them all") -> None:
    """Write GitHub Actions workflow commands for `results` to `out`.

    rules: the loaded rules (accepted for a uniform reporter signature; annotations need only the
        diagnostics' own code and name).
    max_per_level: annotations per level (GitHub's per-step limit is 10 each for error, warning, notice).
    root: the repository root (e.g. ``$GITHUB_WORKSPACE``) to make ``file=`` paths relative to; None keeps
        the paths as the diagnostics have them (relative to the current directory, which is the
        repository root in a default workflow; the runner itself relativises absolute paths inside the
        workspace).
    groups: wrap each target's log lines in ``::group::``/``::endgroup::``.
    summary_hint: the end of the overflow notice, saying where all findings are listed.
    """
    del rules  # the diagnostics carry code, name and url
    for r in results:
        if groups:
            out.write(f"::group::{workflow_data(workflow_text('openlint ' + r.target))}\n")
        for line in _plain_lines(r):
            out.write(line + "\n")
        if groups:
            out.write("::endgroup::\n")
    kept, left = select_annotations(results, max_per_level, root)
    for a in kept:
        out.write(a.command() + "\n")
    more = sum(left.values())
    if more:
        parts = [_plural(n, level) for level, n in left.items() if n]
        text = (f"openlint: {_plural(more, 'more finding')} not annotated ({', '.join(parts)}): GitHub shows at "
                f"most {max_per_level} annotations per level in a step; {summary_hint}.")
        out.write(f"::notice::{workflow_data(workflow_text(text))}\n")
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for sev, n in r.counts().items():
            counts[sev] += n
    releases = sum(1 for r in results if r.error is None)
    failed = len(results) - releases
    total = sum(counts.values())
    if total:
        detail = ", ".join(_plural(n, k) for k, n in counts.items() if n)
        out.write(f"Found {_plural(total, 'problem')} ({detail}) in {_plural(releases, 'release')}.\n")
    elif releases:
        out.write(f"All checks passed! ({_plural(releases, 'release')})\n")
    if failed:
        out.write(f"{_plural(failed, 'target')} could not be linted.\n")
