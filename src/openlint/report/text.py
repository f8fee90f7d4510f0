"""Human output in the style of ruff: `path:line:col: CODE message`, a help line, then a summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from openlint.diagnostics import Result
from openlint.report.escape import terminal

_COLOURS = {"error": "31", "warning": "33", "info": "36"}


def _c(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def render(results: Sequence[Result], out: TextIO, err: TextIO, colour: bool, err_colour: bool) -> None:
    counts = {"error": 0, "warning": 0, "info": 0}
    releases = 0
    for r in results:
        if r.error is not None:
            out_line = f"{_c('error', '1;31', err_colour)}: {terminal(r.error['message'])}"
            print(out_line, file=err)
            continue
        releases += 1
        for note in r.notes:
            print(f"{_c('note', '1', err_colour)}: {terminal(r.target)}: {terminal(note)}", file=err)
        for d in r.diagnostics:
            counts[d.severity] += 1
            where = f"{terminal(r.display_prefix + d.span.path)}:{d.span.line}:{d.span.column}:"
            code = _c(d.code, "1;" + _COLOURS[d.severity], colour)
            print(f"{_c(where, '1', colour)} {code} [{d.severity}] {terminal(d.message)}", file=out)
            if d.fix:
                print(f"  {_c('help', '1;32', colour)}: {terminal(d.fix)}", file=out)
    total = sum(counts.values())
    failed = sum(1 for r in results if r.error is not None)
    if total:
        parts = [f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts.items() if n]
        print(f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
              f"in {releases} release{'s' if releases != 1 else ''}.", file=out)
    elif releases:
        print(f"All checks passed! ({releases} release{'s' if releases != 1 else ''})", file=out)
    if failed:
        print(f"{failed} target{'s' if failed != 1 else ''} could not be linted.", file=err)
