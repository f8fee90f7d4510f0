"""JUnit XML (`--format junit`) for CI systems that show test reports (Jenkins, GitLab, Azure, CircleCI).

Shape (one ``<testsuites>`` root holding one ``<testsuite name="openlint">``, as ruff and pylint do; both
carry ``tests``/``failures``/``errors`` counts)::

    <testsuites name="openlint" tests="5" failures="3" errors="1">
      <testsuite name="openlint" tests="5" failures="3" errors="1" skipped="0">
        <testcase classname="<target>" name="OW001 README.md:9:3" file="README.md" line="9">
          <failure type="OW001" message="<message>">path:line:col: OW001 [error] message
    help: fix
    rule: open-source-claim-not-open-licence (url)</failure>
        </testcase>
        <testcase classname="<clean target>" name="openlint" />
        <testcase classname="<unreadable target>" name="openlint"><error type="<kind>" message="..."/></testcase>
      </testsuite>
    </testsuites>

Decisions:

* a finding at or above its target's ``--fail-on`` threshold (``Result.fail_on``; default ``warning``)
  is a ``<failure>``: by default errors and warnings fail, as the exit code does;
* a finding below it (by default: infos; with ``--fail-on never``: all) is a PASSING test case whose
  ``<system-out>`` holds the finding (visible in the report, never red);
* a target with no finding at all is one passing test case ``name="openlint"``;
* a target that could not be read is one test case with an ``<error>`` (type = the error kind);
* Hub results name their files with the ``hf://org/name/`` prefix (there is no file in the checkout, so
  no ``file`` attribute).

ElementTree does the XML escaping; card text first goes through ``escape.xml_text``, which removes every
character XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF) by showing it as a visible escape.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from openlint.diagnostics import SEVERITY_RANK, Diagnostic, Result
from openlint.engine import Rule
from openlint.report.escape import xml_text

SUITE = "openlint"
MESSAGE_LIMIT = 4000


def fails(r: Result, d: Diagnostic) -> bool:
    """Whether a finding fails its target: its severity reaches the target's fail-on threshold."""
    threshold = getattr(r, "fail_on", "warning") or "warning"
    if threshold == "never":
        return False
    return SEVERITY_RANK.get(d.severity, 0) >= SEVERITY_RANK.get(threshold, SEVERITY_RANK["warning"])


def _where(r: Result, d: Diagnostic) -> str:
    s = d.span
    return f"{r.display_prefix}{s.path}:{s.line}:{s.column}"


def _body(r: Result, d: Diagnostic, rules: dict[str, Rule]) -> str:
    lines = [xml_text(f"{_where(r, d)}: {d.code} [{d.severity}] {d.message}", MESSAGE_LIMIT)]
    if d.fix:
        lines.append("help: " + xml_text(d.fix, MESSAGE_LIMIT))
    rule = rules.get(d.code)
    url = rule.url if rule is not None else d.url
    lines.append(f"rule: {xml_text(d.name, 200)}" + (f" ({xml_text(url, 500)})" if url else ""))
    return "\n".join(lines)


def junit_tree(results: Sequence[Result], rules: Sequence[Rule]) -> ET.Element:
    """The JUnit document as an ElementTree element (root ``<testsuites>``)."""
    by_code = {rule.code: rule for rule in rules}
    suite = ET.Element("testsuite", name=SUITE)
    tests = failures = errors = 0
    for r in results:
        classname = xml_text(r.target, 1000)
        if r.error is not None:
            case = ET.SubElement(suite, "testcase", classname=classname, name=SUITE)
            message = r.error.get("message") or "could not be read"
            err = ET.SubElement(case, "error", type=xml_text(r.error.get("kind") or "error", 100),
                                message=xml_text(message, MESSAGE_LIMIT))
            err.text = xml_text(message, MESSAGE_LIMIT)
            tests += 1
            errors += 1
            continue
        if not r.diagnostics:
            ET.SubElement(suite, "testcase", classname=classname, name=SUITE)
            tests += 1
            continue
        for d in r.diagnostics:
            attrs = {"classname": classname, "name": xml_text(f"{d.code} {_where(r, d)}", 1000)}
            if not r.display_prefix:
                attrs["file"] = xml_text(d.span.path, 1000)
                attrs["line"] = str(max(1, d.span.line))
            case = ET.SubElement(suite, "testcase", attrs)
            tests += 1
            body = _body(r, d, by_code)
            if fails(r, d):
                failure = ET.SubElement(case, "failure", type=xml_text(d.code, 20),
                                        message=xml_text(d.message, MESSAGE_LIMIT))
                failure.text = body
                failures += 1
            else:
                ET.SubElement(case, "system-out").text = body
    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors)}
    suite.attrib.update({**counts, "skipped": "0"})
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    root.append(suite)
    return root


def render(results: Sequence[Result], rules: Sequence[Rule], out: TextIO) -> None:
    """Write a JUnit XML report for `results` to `out` (UTF-8 declared; write the stream as UTF-8).

    rules: the loaded rules (each failure names its rule's documentation URL).
    """
    root = junit_tree(results, rules)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
