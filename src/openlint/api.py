"""The one entry point every front end uses: lint targets with rules, get one Result per target."""

from __future__ import annotations

import os
from collections.abc import Sequence

from openlint.analyse import analyse
from openlint.diagnostics import Result
from openlint.engine import Rule, evaluate
from openlint.sources.common import SourceError
from openlint.sources.local import load_local


def lint_one(target: str, rules: Sequence[Rule]) -> Result:
    try:
        return _lint_one(target, rules)
    except Exception as exc:  # one bad target never stops the others
        if os.environ.get("OPENLINT_DEBUG"):
            raise
        return Result(target, "local", error={"kind": "internal", "message": f"{target}: openlint failed on this "
                                              f"target ({type(exc).__name__}: {exc}); please report it"})


def _lint_one(target: str, rules: Sequence[Rule]) -> Result:
    try:
        release = load_local(target)
    except SourceError as exc:
        return Result(target, "local", error={"kind": exc.kind, "message": exc.message})
    facts = analyse(release)
    result = Result(target, release.source, facts=facts, diagnostics=evaluate(rules, facts))
    if release.card_note:
        result.notes.append(release.card_note)
    result.notes.extend(release.skipped)
    return result


def lint(targets: Sequence[str], rules: Sequence[Rule]) -> list[Result]:
    """One Result per target, in the order given; a target that fails never stops the others."""
    return [lint_one(t, rules) for t in targets]
