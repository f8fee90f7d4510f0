"""SARIF 2.1.0 (`--format sarif`) for GitHub code scanning (``github/codeql-action/upload-sarif``).

One run. ``tool.driver`` lists every loaded rule (id = code, name, short/full description, help text and
Markdown, helpUri, default level, tags, problem.severity, precision), so code scanning can show rule help
even for rules with no result. Each result has ruleId, ruleIndex, level, message.text (message + fix), one
physical location (a repository-relative URI against ``%SRCROOT%``, a region with every number ≥ 1) and a
``primaryLocationLineHash`` partial fingerprint.

Choices (conventions §9):

* URIs are relative to `root` (default: the current directory, i.e. the repository root in a default
  workflow), with forward slashes, no "./", percent-encoded per RFC 3986 (only unreserved characters and
  "/" stay as they are, so a ":" in a first segment can never read as a scheme). ``originalUriBaseIds``
  maps ``%SRCROOT%`` to `root`. A file outside `root` gets an absolute ``file://`` URI (same scheme as the
  source root, so GitHub does not reject the upload).
* Columns are Unicode code points (``run.columnKind = "unicodeCodePoints"``), as openlint counts them;
  ``endColumn`` is exclusive, as in openlint's spans.
* Fingerprint: ``sha256(rule id, URI, message)`` in hex plus ``:n``, n counting identical (rule, URI,
  message) triples in the run from 1, so the hash survives lines moving above the finding and two identical
  findings stay distinct. It changes when the message changes (e.g. the claim or the licence changed), which
  is then a different finding.
* Hub results (``display_prefix`` non-empty) have no file in the checkout. `hub_results`:
  ``"omit"`` (default) leaves them out of ``results`` and lists them under
  ``run.properties["openlint"]["omittedHubResults"]`` (with a note in the invocation's notifications);
  ``"url"`` emits them with ``artifactLocation.uri`` = the file's URL on the Hub at the linted revision
  (``https://huggingface.co/org/name/blob/<sha>/README.md``). Only use ``"url"`` for SARIF that is NOT
  uploaded to GitHub code scanning: GitHub rejects a whole upload when an absolute URI has a different
  scheme from the source root.
* A target that could not be read makes ``invocations[0].executionSuccessful`` false and adds an
  error-level ``toolExecutionNotification`` (descriptor id = the error kind).
* ``automationDetails.id`` is `category` (default ``"openlint/"``): give each SARIF file uploaded for one
  commit its own category.

Card-derived text (messages) goes through ``escape.inert`` (no controls, ANSI escapes, invisible
characters or lone surrogates, so the log is valid UTF-8 and displays as written). The output is JSON
written with ``ensure_ascii=False``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from openlint import __version__
from openlint.diagnostics import Diagnostic, Result
from openlint.engine import Rule
from openlint.report.escape import inert, repo_relative

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
DEFAULT_CATEGORY = "openlint/"
SRCROOT = "%SRCROOT%"
TEXT_LIMIT = 1024  # GitHub: shortDescription / fullDescription ≤ 1024 characters
MESSAGE_LIMIT = 8000

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
# How often a finding of the category is right. Licence and metadata rules read declared data; openwashing
# and documentation rules read prose, where a claim or a placeholder can be misread.
PRECISION = {"license": "very-high", "metadata": "very-high", "lineage": "high", "openwashing": "high",
             "documentation": "high"}


def _clip(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_paragraph(explanation: str) -> str:
    """The first paragraph of a rule explanation's "## What it does" section (or of its first prose)."""
    body = explanation
    m = re.search(r"^##\s*What it does\s*$", explanation, re.MULTILINE | re.IGNORECASE)
    if m:
        body = explanation[m.end():]
    for block in re.split(r"\n\s*\n", body):
        lines = [x.strip() for x in block.strip().splitlines()]
        if lines and not lines[0].startswith(("#", "```", "~~~")):
            return " ".join(lines)
    return ""


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A SARIF reportingDescriptor for one rule."""
    summary = rule.summary.strip() or rule.name
    full = first_paragraph(rule.explanation) or summary
    refs_text = "\n".join(f"- {ref.title}: {ref.url}" for ref in rule.references)
    refs_md = "\n".join(f"- [{ref.title}]({ref.url})" for ref in rule.references)
    explanation = rule.explanation.strip()
    help_text = f"{summary}\n\n{explanation}" + (f"\n\nLinks:\n{refs_text}" if refs_text else "")
    help_md = explanation + (f"\n\nLinks:\n\n{refs_md}" if refs_md else "")
    out: dict[str, Any] = {
        "id": rule.code,
        "name": _clip(rule.name, 255),
        "shortDescription": {"text": _clip(summary)},
        "fullDescription": {"text": _clip(full)},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {
            "tags": [rule.category, "openlint"],
            "problem.severity": PROBLEM_SEVERITY.get(rule.severity, "warning"),
            "precision": PRECISION.get(rule.category, "high"),
        },
    }
    if rule.url:
        out["helpUri"] = rule.url
    return out


def _descriptor_from_diagnostic(d: Diagnostic) -> dict[str, Any]:
    """A descriptor for a finding whose rule is not in the rules list (should not happen)."""
    text = _clip(inert(d.name) or d.code)
    out: dict[str, Any] = {
        "id": d.code, "name": _clip(d.name or d.code, 255), "shortDescription": {"text": text},
        "fullDescription": {"text": text}, "help": {"text": text},
        "defaultConfiguration": {"level": LEVELS.get(d.severity, "warning")},
        "properties": {"tags": [d.category, "openlint"],
                       "problem.severity": PROBLEM_SEVERITY.get(d.severity, "warning"),
                       "precision": PRECISION.get(d.category, "high")},
    }
    if d.url:
        out["helpUri"] = d.url
    return out


def uri_path(path: str) -> str:
    """A relative path as an RFC 3986 path: each segment percent-encoded (UTF-8), only unreserved and "/" kept."""
    try:
        return quote(path, safe="/", encoding="utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, safe="/", encoding="utf-8", errors="replace")


def artifact_location(path: str, root: str) -> dict[str, Any]:
    """artifactLocation for a local file: relative to %SRCROOT% when inside `root`, else a file:// URI."""
    rel, inside = repo_relative(path, root)
    if inside:
        return {"uri": uri_path(rel), "uriBaseId": SRCROOT}
    try:
        return {"uri": Path(rel).as_uri()}
    except ValueError:  # not absolute (cannot happen with a root)
        return {"uri": uri_path(rel)}


def region(d: Diagnostic) -> dict[str, int]:
    """The SARIF region of a finding: every number ≥ 1, the end never before the start."""
    s = d.span
    start_line = max(1, s.line)
    start_col = max(1, s.column)
    end_line = max(start_line, s.end_line)
    end_col = max(1, s.end_column)
    if end_line == start_line:
        end_col = max(start_col, end_col)
    return {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col}


def hub_file_url(r: Result, path: str) -> str | None:
    """The URL of `path` in a Hub result's repo at the linted revision, from facts["release"]["url"]."""
    url = ((r.facts or {}).get("release") or {}).get("url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")) or "/" not in url:
        return None
    return url[: url.rfind("/") + 1] + uri_path(path.lstrip("/"))


def _fingerprint(rule_id: str, uri: str, message: str, seen: dict[str, int]) -> str:
    digest = hashlib.sha256("\0".join((rule_id, uri, message)).encode("utf-8", "surrogatepass")).hexdigest()
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


def _message(d: Diagnostic) -> str:
    text = inert(d.message, MESSAGE_LIMIT)
    if d.fix:
        text += " " + inert(d.fix, MESSAGE_LIMIT)
    return text or d.code


def _driver_uri() -> str | None:
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        meta = metadata("openlint")
    except (ImportError, PackageNotFoundError):  # pragma: no cover
        return None
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository") and url.strip():
            return url.strip()
    for home in meta.get_all("Home-page") or []:
        if str(home).startswith(("https://", "http://")):
            return str(home)
    return None


def sarif_log(results: Sequence[Result], rules: Sequence[Rule], *, category: str = DEFAULT_CATEGORY,
              hub_results: str = "omit", root: str | None = None,
              information_uri: str | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (see `render` for the options)."""
    if hub_results not in ("omit", "url"):
        raise ValueError(f"hub_results must be 'omit' or 'url', not {hub_results!r}")
    base = os.path.abspath(root if root is not None else os.getcwd())
    descriptors = [rule_descriptor(rule) for rule in rules]
    index = {rule.code: i for i, rule in enumerate(rules)}
    sarif_results: list[dict[str, Any]] = []
    omitted: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for r in results:
        if r.error is not None:
            notifications.append({
                "level": "error",
                "message": {"text": inert(r.error.get("message") or f"{r.target}: could not be read", MESSAGE_LIMIT)},
                "descriptor": {"id": r.error.get("kind") or "error"},
            })
            continue
        for d in r.diagnostics:
            if d.code not in index:
                index[d.code] = len(descriptors)
                descriptors.append(_descriptor_from_diagnostic(d))
            text = _message(d)
            if r.display_prefix:
                url = hub_file_url(r, d.span.path) if hub_results == "url" else None
                if url is None:
                    omitted.append({
                        "target": r.target, "ruleId": d.code, "level": LEVELS[d.severity],
                        "location": inert(f"{r.display_prefix}{d.span.path}:{d.span.line}:{d.span.column}"),
                        "message": text,
                    })
                    continue
                location: dict[str, Any] = {"uri": url}
            else:
                location = artifact_location(d.span.path, base)
            sarif_results.append({
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": LEVELS[d.severity],
                "message": {"text": text},
                "locations": [{"physicalLocation": {"artifactLocation": location, "region": region(d)}}],
                "partialFingerprints": {"primaryLocationLineHash": _fingerprint(d.code, location["uri"], text, seen)},
            })
    if omitted:
        notifications.append({
            "level": "note",
            "message": {"text": f"{len(omitted)} finding(s) on Hugging Face Hub repos are not results: their files "
                                "are not in the checkout (see run.properties.openlint.omittedHubResults)."},
            "descriptor": {"id": "hub-results-omitted"},
        })
    driver: dict[str, Any] = {
        "name": "openlint",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": descriptors,
    }
    info_uri = information_uri if information_uri is not None else _driver_uri()
    if info_uri:
        driver["informationUri"] = info_uri
    invocation: dict[str, Any] = {"executionSuccessful": all(r.error is None for r in results)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": category},
        "originalUriBaseIds": {SRCROOT: {"uri": Path(base).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": sarif_results,
    }
    if omitted:
        run["properties"] = {"openlint": {"omittedHubResults": omitted}}
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render(results: Sequence[Result], rules: Sequence[Rule], out: TextIO, *, category: str = DEFAULT_CATEGORY,
           hub_results: str = "omit", root: str | None = None, information_uri: str | None = None) -> None:
    """Write a SARIF 2.1.0 log for `results` to `out`.

    rules: every loaded rule (all of them become ``tool.driver.rules``; ruleIndex points into this order).
    category: ``runs[0].automationDetails.id`` (GitHub's upload category); default ``"openlint/"``.
    hub_results: ``"omit"`` (default; listed in ``run.properties``) or ``"url"`` (results located by their
        https URL on the Hub — not for GitHub code scanning, which rejects the upload).
    root: the directory URIs are made relative to (the repository root, e.g. ``$GITHUB_WORKSPACE``);
        default the current directory.
    information_uri: ``tool.driver.informationUri``; default the package's homepage URL if it declares one.
    """
    doc = sarif_log(results, rules, category=category, hub_results=hub_results, root=root,
                    information_uri=information_uri)
    out.write(json.dumps(doc, indent=2, ensure_ascii=False))
    out.write("\n")
