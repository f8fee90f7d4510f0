"""Command line: `openlint check`, `openlint rules`, `openlint rule CODE`.

Exit codes (as ruff): 0 no finding at or above --fail-on, 1 findings, 2 usage, configuration, rule or
read errors (the other targets are still linted and reported).
"""

from __future__ import annotations

import gc
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


def exit_code(results: list[Result]) -> int:
    """2 if a target could not be read; 1 if a finding reaches its target's --fail-on; else 0."""
    if any(r.error is not None for r in results):
        return EXIT_ERROR
    for r in results:
        if r.fail_on == "never":
            continue
        threshold = SEVERITY_RANK[r.fail_on]
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


FORMATS = ("text", "json", "github", "sarif", "markdown", "junit")


def _default_format() -> str:
    # In a GitHub Actions step, findings become annotations unless a format is chosen.
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _render(fmt: str, results: list[Result], rules: list[Rule], out: Any, color: str,
            sarif_category: str | None) -> None:
    if fmt == "json":
        from openlint.report import json as json_report

        json_report.render(results, out)
    elif fmt == "text":
        from openlint.report import text

        text.render(results, out, sys.stderr, use_colour(color, out), use_colour(color, sys.stderr))
    elif fmt == "github":
        from openlint.report import github

        github.render(results, rules, out)
    elif fmt == "sarif":
        from openlint.report import sarif

        sarif.render(results, rules, out, **({"category": sarif_category} if sarif_category else {}))
    elif fmt == "markdown":
        from openlint.report import markdown

        markdown.render(results, rules, out)
    else:
        from openlint.report import junit

        junit.render(results, rules, out)


def _lint_and_report(targets: list[str], *, fmt: str | None, outputs: tuple[str, ...], fail_on: str | None,
                     extra_rules: tuple[str, ...], color: str, jobs: int, timeout: float, refresh: bool,
                     lineage: bool, config: str | None, sarif_category: str | None) -> NoReturn:
    rules = _load(extra_rules)
    from openlint.api import Options, run
    from openlint.config import ConfigError

    progress = _Progress(enabled=len(targets) > 1 and sys.stderr.isatty() and not os.environ.get("CI"))
    options = Options(config=config, fail_on=fail_on, jobs=jobs, timeout=timeout, deadline=max(60.0, timeout * 6),
                      refresh=refresh, lineage=lineage, progress=progress)
    try:
        results, every_rule = run(targets, rules, options)
    except (ConfigError, RuleError) as exc:
        _fail(str(exc))
    finally:
        progress.clear()
    for spec in outputs:  # --output FORMAT=FILE: more reports from the same run
        name, _, path = spec.partition("=")
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                _render(name, results, every_rule, fh, "never", sarif_category)
        except OSError as exc:
            _fail(f"--output {spec}: {exc.strerror or exc}")
    _render(fmt or _default_format(), results, every_rule, sys.stdout, color, sarif_category)
    sys.stdout.flush()
    sys.exit(exit_code(results))


def _output_spec(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    for spec in value:
        name, sep, path = spec.partition("=")
        if not sep or name not in FORMATS or not path:
            raise click.BadParameter(f"{spec!r}: write FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}")
    return value


_common = [
    click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                 help="Output format on stdout [default: text; github inside GitHub Actions]."),
    click.option("--output", "outputs", multiple=True, metavar="FORMAT=FILE", callback=_output_spec,
                 help="Also write a report to FILE (repeatable), e.g. sarif=openlint.sarif."),
    click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
                 help="Exit 1 when a finding has this severity or a higher one [default: the configuration's, "
                      "else warning]."),
    click.option("--config", "config", type=click.Path(dir_okay=False), default=None, metavar="FILE",
                 help="Use this configuration file for every target (else the closest .openlint.toml, "
                      "openlint.toml or pyproject.toml [tool.openlint] above each target)."),
    click.option("--rules", "extra_rules", multiple=True, type=click.Path(), metavar="PATH",
                 help="Extra rule file or folder of rule files (repeatable)."),
    click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                 help="Colour in text output."),
    click.option("--sarif-category", default=None, metavar="ID",
                 help="SARIF automationDetails.id, to tell several uploads apart."),
]


def _with_common(fn: Any) -> Any:
    for option in reversed(_common):
        fn = option(fn)
    return fn


@main.command()
@click.argument("targets", nargs=-1, metavar="TARGET...")
@click.option("--from-file", "from_file", metavar="FILE",
              help="Read more targets from FILE, one a line (`-` for stdin).")
@click.option("--configured-repos", is_flag=True,
              help="Also lint the Hub repo ids listed in the configuration's `repo-ids`.")
@_with_common
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=DEFAULT_JOBS, show_default=True,
              help="Hub repos linted at once.")
@click.option("--timeout", type=click.FloatRange(1, 600), default=20.0, show_default=True,
              help="Seconds to wait for each Hub request.")
@click.option("--refresh", is_flag=True, help="Ask the Hub again even when its answer is cached.")
@click.option("--no-lineage", is_flag=True, help="Do not follow base models and datasets on the Hub.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write openlint's cache.")
def check(targets: tuple[str, ...], from_file: str | None, configured_repos: bool, fmt: str | None,
          outputs: tuple[str, ...], fail_on: str | None, config: str | None, extra_rules: tuple[str, ...],
          color: str, sarif_category: str | None, jobs: int, timeout: float, refresh: bool, no_lineage: bool,
          no_cache: bool) -> None:
    """Lint model releases. A TARGET is a release folder, a model card file, or a Hub repo id
    (org/name, org/name@revision)."""
    all_targets = list(targets) + (_read_target_file(from_file) if from_file else [])
    if configured_repos:
        all_targets += _configured_repo_ids(config)
    if not all_targets:
        if configured_repos:
            _fail("--configured-repos: the configuration lists no `repo-ids`")
        raise click.UsageError("give at least one TARGET (a folder, a card file or a Hub repo id) or --from-file")
    if no_cache:
        os.environ["OPENLINT_NO_CACHE"] = "1"
    _lint_and_report(all_targets, fmt=fmt, outputs=outputs, fail_on=fail_on, extra_rules=extra_rules, color=color,
                     jobs=jobs, timeout=timeout, refresh=refresh, lineage=not no_lineage, config=config,
                     sarif_category=sarif_category)


def _configured_repo_ids(config: str | None) -> list[str]:
    from openlint.config import ConfigError, find_config, load_config

    path = config or find_config(os.getcwd())
    if path is None:
        _fail("--configured-repos: no configuration found (.openlint.toml, openlint.toml or "
              "pyproject.toml [tool.openlint]) with `repo-ids`")
    try:
        return load_config(path).repo_ids
    except ConfigError as exc:
        _fail(str(exc))


@main.command()
@click.argument("files", nargs=-1, metavar="FILE...")
@_with_common
def hook(files: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...], fail_on: str | None,
         config: str | None, extra_rules: tuple[str, ...], color: str, sarif_category: str | None) -> None:
    """For pre-commit: lint the release each changed FILE belongs to, each release once, offline."""
    releases = releases_of(files)
    if not releases:
        sys.exit(EXIT_CLEAN)  # nothing openlint lints was changed
    os.environ["HF_HUB_OFFLINE"] = "1"  # a hook never touches the network
    _lint_and_report(releases, fmt=fmt, outputs=outputs, fail_on=fail_on, extra_rules=extra_rules, color=color,
                     jobs=1, timeout=20.0, refresh=False, lineage=False, config=config,
                     sarif_category=sarif_category)


def releases_of(files: tuple[str, ...] | list[str]) -> list[str]:
    """The release folders (holding a model card) that changed files belong to, each once, in order."""
    from openlint.sources.local import find_card

    seen: dict[str, None] = {}
    for f in files:
        folder = os.path.dirname(f) or "."
        # A licence under model_licenses/ belongs to the release one folder up.
        for candidate in (folder, os.path.dirname(folder) or "."):
            if os.path.isdir(candidate) and find_card(candidate) is not None:
                seen.setdefault(os.path.normpath(candidate), None)
                break
    return list(seen)


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
    # Linting allocates many short-lived objects that reference counting frees; with the default
    # thresholds the cyclic collector rescans them over and over (~10 % of a large run). The objects
    # alive now (modules, rules, knowledge) never become garbage: freeze them, and collect rarely.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
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
