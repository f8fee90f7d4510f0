"""Command line: `openlint check`, `openlint rules`, `openlint rule CODE`.

Exit codes (as ruff): 0 no finding at or above --fail-on, 1 findings, 2 usage, configuration, rule or
read errors (the other targets are still linted and reported).
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, NoReturn

import click

from openlint import __version__
from openlint.api import DEFAULT_JOBS
from openlint.diagnostics import SEVERITY_RANK, Result
from openlint.engine import Rule, RuleError, load_rules
from openlint.report.escape import terminal

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {terminal(message)}", err=True)
    sys.exit(EXIT_ERROR)


def use_colour(choice: str, stream: Any) -> bool:
    """--color wins; then NO_COLOR (non-empty) disables, FORCE_COLOR (non-empty) enables; then isatty."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _load(extra: tuple[str, ...]) -> list[Rule]:
    try:
        return load_rules(extra)
    except RuleError as exc:
        _fail(str(exc))


def exit_code(results: list[Result], fail_on: str) -> int:
    if any(r.error is not None for r in results):
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = SEVERITY_RANK[fail_on]
    for r in results:
        if any(SEVERITY_RANK[d.severity] >= threshold for d in r.diagnostics):
            return EXIT_FINDINGS
    return EXIT_CLEAN


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="openlint", message="%(prog)s %(version)s")
def main() -> None:
    """Lint AI model releases: openness claims against licences and released artefacts."""


def _read_target_file(name: str) -> list[str]:
    """Targets from a file (one a line, `-` for stdin); blank lines and # comments are skipped."""
    try:
        if name == "-":
            text = sys.stdin.read()
        else:
            with open(name, encoding="utf-8") as fh:
                text = fh.read()
    except OSError as exc:
        _fail(f"--from-file {name}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        _fail(f"--from-file {name}: not UTF-8 text")
    out = []
    for line in text.splitlines():
        line = re.sub(r"(?:^|\s)#.*$", "", line).strip()  # comments; a URL's #fragment is kept
        if line:
            out.append(line)
    return out


class _Progress:
    """A one-line progress display on a terminal's stderr for long Hub runs; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def __call__(self, done: int, total: int, target: str) -> None:
        if not self.enabled:
            return
        line = f"openlint: {done}/{total} {terminal(target)[:60]}"
        sys.stderr.write("\r\x1b[2K" + line)
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


@main.command()
@click.argument("targets", nargs=-1, metavar="TARGET...")
@click.option("--from-file", "from_file", metavar="FILE",
              help="Read more targets from FILE, one a line (`-` for stdin).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="warning",
              show_default=True, help="Exit 1 when a finding has this severity or a higher one.")
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), metavar="PATH",
              help="Extra rule file or folder of rule files (repeatable).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour in text output.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=DEFAULT_JOBS, show_default=True,
              help="Hub repos linted at once.")
@click.option("--timeout", type=click.FloatRange(1, 600), default=20.0, show_default=True,
              help="Seconds to wait for each Hub request.")
@click.option("--refresh", is_flag=True, help="Ask the Hub again even when its answer is cached.")
@click.option("--no-lineage", is_flag=True, help="Do not follow base models and datasets on the Hub.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write openlint's cache.")
def check(targets: tuple[str, ...], from_file: str | None, fmt: str, fail_on: str, extra_rules: tuple[str, ...],
          color: str, jobs: int, timeout: float, refresh: bool, no_lineage: bool, no_cache: bool) -> None:
    """Lint model releases. A TARGET is a release folder, a model card file, or a Hub repo id
    (org/name, org/name@revision)."""
    all_targets = list(targets) + (_read_target_file(from_file) if from_file else [])
    if not all_targets:
        raise click.UsageError("give at least one TARGET (a folder, a card file or a Hub repo id) or --from-file")
    if no_cache:
        os.environ["OPENLINT_NO_CACHE"] = "1"
    rules = _load(extra_rules)
    from openlint.api import Options, lint

    progress = _Progress(enabled=len(all_targets) > 1 and sys.stderr.isatty() and not os.environ.get("CI"))
    options = Options(jobs=jobs, timeout=timeout, deadline=max(60.0, timeout * 6), refresh=refresh,
                      lineage=not no_lineage, progress=progress)
    try:
        results = lint(all_targets, rules, options)
    finally:
        progress.clear()
    if fmt == "json":
        from openlint.report import json as json_report

        json_report.render(results, sys.stdout)
    else:
        from openlint.report import text

        text.render(results, sys.stdout, sys.stderr, use_colour(color, sys.stdout), use_colour(color, sys.stderr))
    sys.stdout.flush()
    sys.exit(exit_code(results, fail_on))


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), metavar="PATH",
              help="Extra rule file or folder of rule files (repeatable).")
def rules_cmd(fmt: str, extra_rules: tuple[str, ...]) -> None:
    """List every rule: code, name, category, severity, summary."""
    rules = _load(extra_rules)
    if fmt == "json":
        import json

        json.dump([_rule_doc(r) for r in rules], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    widths = [max(len(getattr(r, a)) for r in rules) for a in ("code", "name", "category", "severity")]
    head = ("CODE", "NAME", "CATEGORY", "SEVERITY")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + "  SUMMARY"
    click.echo(line)
    for r in rules:
        cells = (r.code, r.name, r.category, r.severity)
        click.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + "  " + r.summary)


def _rule_doc(r: Rule) -> dict[str, Any]:
    return {
        "code": r.code, "name": r.name, "category": r.category, "severity": r.severity, "summary": r.summary,
        "message": r.message, "fix": r.fix, "explanation": r.explanation, "url": r.url,
        "references": [{"title": ref.title, "url": ref.url} for ref in r.references], "file": r.path,
        "for_each": r.for_each, "condition": r.condition,
    }


@main.command("rule")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), metavar="PATH",
              help="Extra rule file or folder of rule files (repeatable).")
def rule_cmd(code: str, fmt: str, extra_rules: tuple[str, ...]) -> None:
    """Show a rule's documentation (by code or name)."""
    rules = _load(extra_rules)
    wanted = code.strip()
    match = next((r for r in rules if r.code == wanted.upper() or r.name == wanted.lower()), None)
    if match is None:
        import difflib

        near = difflib.get_close_matches(wanted.upper(), [r.code for r in rules], 3) + difflib.get_close_matches(
            wanted.lower(), [r.name for r in rules], 3)
        hint = f" (did you mean {', '.join(near)}?)" if near else "; `openlint rules` lists them"
        _fail(f"no rule {wanted!r}{hint}")
    if fmt == "json":
        import json

        json.dump(_rule_doc(match), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    click.echo(f"# {match.name} ({match.code})\n")
    click.echo(f"Category: {match.category}. Default severity: {match.severity}.\n")
    click.echo(f"{match.summary}\n")
    click.echo(match.explanation.rstrip() + "\n")
    click.echo("## Links\n")
    for ref in match.references:
        click.echo(f"- {ref.title}: {ref.url}")
    click.echo(f"\nDefined in {match.path}")


def run() -> None:
    """Console entry point: a bug in openlint is reported in one line, never as a traceback."""
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("OPENLINT_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}: {exc}); set OPENLINT_DEBUG=1 to see where, and please report it")


if __name__ == "__main__":  # pragma: no cover
    main()
