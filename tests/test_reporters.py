"""The CI reporters: GitHub workflow commands, SARIF 2.1.0, job-summary Markdown, JUnit XML.

Results come from linting the real fixtures (plus a target that does not exist) and hostile cards written
here, whose licence value and file paths carry workflow commands, ANSI escapes, HTML, Markdown links and
table breakers into the messages. Every output is checked the way its consumer reads it: GitHub lines with
a re-implementation of the runner's command parser (actions/runner ActionCommand.cs, both the ``::`` and
the legacy ``##[`` forms), SARIF against the official schema, Markdown by its table grammar (and by
cmark-gfm, GitHub's renderer, when the ``cmarkgfm`` package is installed), JUnit with ElementTree.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from openlint.api import lint
from openlint.diagnostics import Diagnostic, Result
from openlint.engine import Rule, load_rules
from openlint.release import Span
from openlint.report import github, junit, markdown, sarif
from openlint.report.escape import (
    inert,
    markdown_text,
    terminal,
    workflow_data,
    workflow_log_line,
    workflow_property,
    xml_text,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = Draft4Validator(SCHEMA)

RULES = load_rules()

HOSTILE = (
    "::error::pwned %0A::warning::x \r\n::set-output name=x::y \x1b[2J \x07 a\u200db "
    "</details><script>alert(1)</script> | broken | table | [click](https://evil.example) <!-- --> "
    "##[error]v1pwned ##[stop-commands]tok `code` *em* _em_ a@evil.example www.evil.example "
) + "L" * 3000


def _yaml_dq(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0x200B <= ord(ch) <= 0x200F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def hostile_card(placeholders: int = 0) -> str:
    body = "\n\n".join(["### Section", "[More Information Needed]"] * placeholders)
    return (
        "---\n"
        f"license: {_yaml_dq(HOSTILE)}\n"
        "tags:\n- open-source\n"
        "---\n\n# Model\n\n"
        f"This is an open-source model. {HOSTILE.replace(chr(13), ' ').replace(chr(10), ' ')}\n\n"
        f"{body}\n"
    )


def _lint(targets: Sequence[str]) -> list[Result]:
    return lint(list(targets), RULES)


@pytest.fixture(scope="module")
def fixture_results(tmp_path_factory: pytest.TempPathFactory) -> list[Result]:
    missing = tmp_path_factory.mktemp("gone") / "does-not-exist"
    return _lint([str(FIXTURES / "openwashed"), str(FIXTURES / "honest"), str(FIXTURES / "fully-open"),
                  str(missing)])


@pytest.fixture(scope="module")
def hostile_results(tmp_path_factory: pytest.TempPathFactory) -> list[Result]:
    base = tmp_path_factory.mktemp("hostile")
    # The folder name (so every path) is hostile too: a newline, a workflow command, ',' ':' '%' and '##['.
    root = base / "evil\n::warning::dir, %0A ##[error]x"
    root.mkdir()
    (root / "README.md").write_text(hostile_card(placeholders=15), encoding="utf-8")
    return _lint([str(root)])


def hub_result(local: Result, repo: str = "acme-ai/open-apache-7b") -> Result:
    """A Hub result made from a local one: repo-relative paths, the hf:// prefix, the Hub URL."""
    assert local.facts is not None
    facts = dict(local.facts.materialise())  # type: ignore[attr-defined]
    facts["release"] = {**facts["release"], "source": "hub",
                        "url": f"https://huggingface.co/{repo}/blob/0123456789abcdef/README.md"}
    diags = [dataclasses.replace(d, span=dataclasses.replace(d.span, path=Path(d.span.path).name))
             for d in local.diagnostics]
    return Result(repo, "hub", facts=facts, diagnostics=diags, display_prefix=f"hf://{repo}/")


def synthetic(severity: str, n: int, *, path: str = "README.md", message: str = "finding",
              target: str = "synthetic", multiline: bool = False) -> Result:
    diags = []
    for i in range(n):
        line = i + 1
        span = Span(path, line, 2, line + 2, 5) if multiline else Span(path, line, 2, line, 9)
        diags.append(Diagnostic("OW001", "open-source-claim-not-open-licence", severity, "openwashing",
                                f"{message} {i}", "fix it", span, "https://example.org/rule"))
    return Result(target, "local", facts=None, diagnostics=diags)


def render(module: Any, results: Sequence[Result], **options: Any) -> str:
    buf = io.StringIO()
    module.render(results, RULES, buf, **options)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------------------
# The GitHub runner's command parser (actions/runner src/Runner.Common/ActionCommand.cs), in Python.

REGISTERED = {"set-env", "set-output", "save-state", "add-mask", "add-path", "add-matcher", "remove-matcher",
              "debug", "warning", "error", "notice", "group", "endgroup", "echo", "stop-commands"}
ALLOWED = {"error", "warning", "notice", "group", "endgroup"}
PROPERTIES = {"file", "line", "col", "endLine", "endColumn", "title"}


def _unescape(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    for token, replacement in pairs:
        text = text.replace(replacement, token)
    return text


DATA_PAIRS = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
PROPERTY_PAIRS = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]


def parse_v2(message: str) -> tuple[str, dict[str, str], str] | None:
    message = message.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    name, _, props_text = info.partition(" ")
    if name not in REGISTERED:
        return None
    props: dict[str, str] = {}
    for prop in (p for p in props_text.strip().split(",") if p):
        pair = [x for x in prop.split("=", 1) if x]
        if len(pair) == 2:
            props[pair[0]] = _unescape(pair[1], PROPERTY_PAIRS)
    return name, props, _unescape(message[end + 2:], DATA_PAIRS)


def parse_v1(message: str) -> str | None:
    i = message.find("##[")
    if i < 0:
        return None
    j = message.find("]", i)
    if j < 0:
        return None
    name = message[i + 3:j].partition(" ")[0]
    return name if name in REGISTERED else None


def check_github_output(text: str) -> list[tuple[str, dict[str, str], str]]:
    """Every invariant of safe workflow-command output; returns the parsed commands."""
    assert "\r" not in text
    assert text == "" or text.endswith("\n")
    lines = text.split("\n")[:-1]
    assert text.splitlines() == lines  # no VT, FF, NEL, LS, PS ... that a reader could take for a line break
    commands = []
    for line in lines:
        assert parse_v1(line) is None, line  # the legacy form is recognised anywhere in a line
        parsed = parse_v2(line)
        if line.lstrip().startswith("::"):
            assert parsed is not None and parsed[0] in ALLOWED, line
            assert line.startswith("::"), line
            name, props, data = parsed
            assert set(props) <= PROPERTIES, line
            # The command info is ours: properties are escaped, so the first "::" after the name ends it.
            info = line[2:line.index("::", 2)]
            assert re.fullmatch(r"[a-z]+( [A-Za-z]+=[^:,\r\n]*(,[A-Za-z]+=[^:,\r\n]*)*)?", info), line
            if name in ("error", "warning", "notice"):
                if "col" in props or "endColumn" in props:
                    assert props.get("line") == props.get("endLine"), line
                    assert int(props["endColumn"]) >= int(props["col"]) >= 1, line
                assert not data.lstrip().startswith("pwned")
            commands.append(parsed)
        else:
            assert parsed is None, line
    for name, _props, data in commands:
        assert not name.startswith("pwned") and not data.startswith("pwned")
    return commands


def annotations_of(commands: list[tuple[str, dict[str, str], str]]) -> list[tuple[str, dict[str, str], str]]:
    return [c for c in commands if c[0] in ("error", "warning", "notice")]


# ---------------------------------------------------------------------------------------------------------
# GitHub


def test_github_escapers_match_actions_toolkit() -> None:
    assert workflow_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert workflow_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert workflow_data("::error::x") == "::error::x"  # data needs no more (the command info ends first)


def test_github_fixture_output(fixture_results: list[Result]) -> None:
    out = render(github, fixture_results)
    commands = check_github_output(out)
    names = [c[0] for c in commands]
    assert names.count("group") == names.count("endgroup") == len(fixture_results)
    anns = annotations_of(commands)
    # The missing target: ::error title=openlint::target: message, before the findings' errors.
    assert anns[0][0] == "error" and anns[0][1] == {"title": "openlint"}
    assert anns[0][2].startswith(fixture_results[3].target + ":")
    ow = [a for a in anns if a[1].get("title", "").startswith("openlint OW001")]
    assert ow and ow[0][1]["file"].endswith("openwashed/README.md")
    assert ow[0][1]["line"] == ow[0][1]["endLine"] == "9" and ow[0][1]["col"] == "3"
    assert ow[0][1]["title"] == "openlint OW001 (open-source-claim-not-open-licence)"
    assert "\nhelp: " in ow[0][2]  # the fix on a second line of the annotation
    levels = [a[0] for a in anns]
    assert levels == sorted(levels, key=["error", "warning", "notice"].index)  # most severe first
    assert "::group::openlint " + fixture_results[1].target in out
    c = fixture_results[0].counts()
    assert f"Found {sum(c.values())} problems ({c['error']} errors, {c['warning']} warnings) in 3 releases." in out
    assert "1 target could not be linted." in out


def test_github_hostile_card_cannot_inject(hostile_results: list[Result]) -> None:
    (r,) = hostile_results
    assert r.error is None
    licence_findings = [d for d in r.diagnostics if d.code == "LIC004"]
    assert licence_findings
    assert "::error::pwned" in licence_findings[0].message and "\r\n" in licence_findings[0].message
    out = render(github, hostile_results)
    commands = check_github_output(out)
    assert "pwned" in out  # the text is shown, made inert
    assert "\x1b" not in out and "\x07" not in out and "\u200d" not in out
    assert "\\x1b[2J" in out and "\\u200d" in out
    assert "##[" not in out and "##\\[error]v1pwned" in out
    for line in out.split("\n"):
        assert not re.match(r"\s*::(set-output|warning::x|stop-commands|add-mask|set-env)", line)
    # The hostile folder name goes into file= escaped, and comes back intact through the runner's parser.
    files = {c[1]["file"] for c in annotations_of(commands) if "file" in c[1]}
    assert len(files) == 1
    (file,) = files
    assert file.endswith("evil ::warning::dir, %0A ##\\[error]x/README.md")
    # Very long card text is cut in annotations (GitHub allows 64 KB per message).
    assert all(len(c[2]) < 20_000 for c in annotations_of(commands))


def test_github_limits_and_overflow_notice(hostile_results: list[Result]) -> None:
    results = [*hostile_results, synthetic("error", 12, target="errs"), synthetic("info", 13, target="infos")]
    total = {"error": 0, "warning": 0, "notice": 0}
    for r in results:
        for d in r.diagnostics:
            total[github.LEVELS[d.severity]] += 1
    assert total["warning"] > 10 and total["error"] > 10 and total["notice"] > 10
    commands = check_github_output(render(github, results))
    anns = annotations_of(commands)
    by_level = {lvl: [a for a in anns if a[0] == lvl] for lvl in total}
    assert len(by_level["error"]) == 10 and len(by_level["warning"]) == 10
    assert len(by_level["notice"]) == 10  # 9 findings + the overflow notice
    overflow = [a for a in anns if a[0] == "notice" and not a[1]]
    assert len(overflow) == 1 and overflow == [anns[-1]]
    shown = 10 + 10 + 9
    more = sum(total.values()) - shown
    assert f"{more} more findings not annotated" in overflow[0][2]
    assert "job summary" in overflow[0][2]
    # The earliest are kept: the hostile card's errors come before the synthetic ones.
    errors = [a for a in by_level["error"]]
    hostile_errors = sum(1 for d in hostile_results[0].diagnostics if d.severity == "error")
    assert all("synthetic" not in a[2] for a in errors[:hostile_errors])
    assert errors[hostile_errors][2].startswith("finding 0")


def test_github_no_overflow_notice_at_the_limit() -> None:
    commands = check_github_output(render(github, [synthetic("info", 10)]))
    notices = [c for c in commands if c[0] == "notice"]
    assert len(notices) == 10 and all(c[1] for c in notices)


def test_github_col_only_on_single_line_spans() -> None:
    commands = check_github_output(render(github, [synthetic("warning", 2, multiline=True),
                                                   synthetic("warning", 1, target="single")]))
    anns = annotations_of(commands)
    multi = [a for a in anns if a[1].get("line") != a[1].get("endLine")]
    assert len(multi) == 2
    for a in multi:
        assert "col" not in a[1] and "endColumn" not in a[1]
        assert int(a[1]["endLine"]) == int(a[1]["line"]) + 2
    single = [a for a in anns if a[1].get("line") == a[1].get("endLine")]
    assert single and single[0][1]["col"] == "2" and single[0][1]["endColumn"] == "9"


def test_github_end_column_before_col_is_omitted() -> None:
    r = synthetic("warning", 1)
    r.diagnostics[0].span = Span("README.md", 4, 7, 4, 0)
    r.diagnostics[0].span.end_column = 3  # a broken span: the end before the start
    (a,) = annotations_of(check_github_output(render(github, [r])))
    assert "col" not in a[1] and "endColumn" not in a[1] and a[1]["line"] == "4"


def test_github_hub_results_have_no_file(fixture_results: list[Result]) -> None:
    hub = hub_result(fixture_results[0])
    commands = check_github_output(render(github, [hub]))
    anns = annotations_of(commands)
    assert anns and all("file" not in a[1] and "line" not in a[1] for a in anns)
    assert all(a[1]["title"].endswith(" in hf://acme-ai/open-apache-7b") for a in anns)
    assert anns[0][2].startswith("hf://acme-ai/open-apache-7b/README.md:9:3: ")
    assert "hf://acme-ai/open-apache-7b/README.md:9:3: OW001 [error]" in render(github, [hub])


def test_github_root_option_relativises(fixture_results: list[Result]) -> None:
    commands = check_github_output(render(github, fixture_results[:1], root=str(FIXTURES)))
    files = {a[1]["file"] for a in annotations_of(commands)}
    assert files == {"openwashed/README.md"}


# ---------------------------------------------------------------------------------------------------------
# SARIF


def sarif_of(results: Sequence[Result], **options: Any) -> dict[str, Any]:
    text = render(sarif, results, **options)
    text.encode("utf-8")  # strict: no lone surrogates
    doc: dict[str, Any] = json.loads(text)
    errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return doc


def check_sarif(doc: dict[str, Any], rules: Sequence[Rule] = RULES) -> None:
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "openlint" and driver["version"] and driver["semanticVersion"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids[: len(rules)] == [r.code for r in rules]
    for rule in driver["rules"]:
        assert 0 < len(rule["shortDescription"]["text"]) <= 1024
        assert 0 < len(rule["fullDescription"]["text"]) <= 1024
        assert rule["help"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["properties"]["problem.severity"] in ("error", "warning", "recommendation")
        assert "openlint" in rule["properties"]["tags"]
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        region = loc["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert region["endLine"] >= region["startLine"] and region["endColumn"] >= 1
        uri = loc["artifactLocation"]["uri"]
        if not uri.startswith(("file://", "https://")):
            assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            assert not uri.startswith(("./", "/")) and "\\" not in uri and " " not in uri
            assert re.fullmatch(r"[A-Za-z0-9._~/%-]+", uri), uri
        assert re.fullmatch(r"[0-9a-f]{64}:[0-9]+", res["partialFingerprints"]["primaryLocationLineHash"])
    fingerprints = [(r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"]) for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_fixtures_validate(fixture_results: list[Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    doc = sarif_of(fixture_results)
    check_sarif(doc)
    run = doc["runs"][0]
    assert run["automationDetails"]["id"] == "openlint/"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"fixtures/openwashed/README.md"}
    first = run["results"][0]
    assert first["ruleId"] == "OW001" and first["level"] == "error"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 9, "startColumn": 3, "endLine": 9, "endColumn": 14}
    assert first["message"]["text"].endswith("or release the model under an OSI-approved licence.")
    (inv,) = run["invocations"]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and note["descriptor"]["id"] == "not-found"
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in run["tool"]["driver"]["rules"]}
    assert levels["HUB001"] == "note" and levels["OW001"] == "error"
    # Stable: the same input gives the same fingerprints.
    again = sarif_of(fixture_results)
    assert [r["partialFingerprints"] for r in again["runs"][0]["results"]] == \
        [r["partialFingerprints"] for r in run["results"]]


def test_sarif_category_and_success(fixture_results: list[Result]) -> None:
    doc = sarif_of(fixture_results[1:3], category="openlint/cards")
    run = doc["runs"][0]
    assert run["automationDetails"]["id"] == "openlint/cards"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(RULES)  # every rule, even with no result


def test_sarif_hostile_validates(hostile_results: list[Result]) -> None:
    doc = sarif_of(hostile_results, root="/")
    check_sarif(doc)
    text = json.dumps(doc, ensure_ascii=False)
    assert "\x1b" not in text and "\\u001b" not in text and "\u200d" not in text
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    (uri,) = uris
    assert "evil%0A%3A%3Awarning%3A%3Adir%2C%20%250A%20%23%23%5Berror%5Dx/README.md" in uri


def test_sarif_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "my model" / "ünï"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: Apache 2.0\n---\n# M\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    results = _lint(["./my model/ünï"])
    doc = sarif_of(results)
    check_sarif(doc)
    (res, *_) = doc["runs"][0]["results"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "my%20model/%C3%BCn%C3%AF/README.md", "uriBaseId": "%SRCROOT%"}
    # Outside the root: an absolute file:// URI (same scheme as the source root).
    outside = sarif_of(results, root=str(tmp_path / "elsewhere"))
    loc = outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"].startswith("file:///") and loc["uri"].endswith("/my%20model/%C3%BCn%C3%AF/README.md")
    assert "uriBaseId" not in loc


def test_sarif_hub_results(fixture_results: list[Result]) -> None:
    hub = hub_result(fixture_results[0])
    omitted = sarif_of([hub, fixture_results[1]])
    check_sarif(omitted)
    run = omitted["runs"][0]
    assert run["results"] == []
    listed = run["properties"]["openlint"]["omittedHubResults"]
    assert len(listed) == len(hub.diagnostics)
    assert listed[0]["location"] == "hf://acme-ai/open-apache-7b/README.md:9:3"
    assert run["invocations"][0]["executionSuccessful"] is True
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any(n["descriptor"]["id"] == "hub-results-omitted" for n in notes)
    with_urls = sarif_of([hub], hub_results="url")
    check_sarif(with_urls)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in with_urls["runs"][0]["results"]}
    assert uris == {"https://huggingface.co/acme-ai/open-apache-7b/blob/0123456789abcdef/README.md"}
    with pytest.raises(ValueError):
        sarif.sarif_log([hub], RULES, hub_results="inline")


def test_sarif_multiline_and_unknown_rule() -> None:
    r = synthetic("info", 2, multiline=True)
    r.diagnostics[1] = dataclasses.replace(r.diagnostics[1], code="XYZ999", name="made-up")
    r.diagnostics[0].span = Span("README.md", 0, 0, 0, 0)  # a broken span is still valid SARIF
    doc = sarif_of([r])
    check_sarif(doc)
    res = doc["runs"][0]["results"]
    assert res[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}
    assert res[1]["locations"][0]["physicalLocation"]["region"]["endLine"] == 4
    assert res[1]["ruleId"] == "XYZ999"
    assert doc["runs"][0]["tool"]["driver"]["rules"][res[1]["ruleIndex"]]["id"] == "XYZ999"
    assert res[0]["level"] == "note"


def test_sarif_rule_descriptor_texts() -> None:
    ow001 = next(r for r in RULES if r.code == "OW001")
    desc = sarif.rule_descriptor(ow001)
    assert desc["shortDescription"]["text"] == ow001.summary
    assert desc["fullDescription"]["text"] and not desc["fullDescription"]["text"].startswith("#")
    assert "## What it does" in desc["help"]["markdown"]
    assert all(ref.url in desc["help"]["markdown"] and ref.url in desc["help"]["text"] for ref in ow001.references)
    assert desc["helpUri"] == ow001.url


# ---------------------------------------------------------------------------------------------------------
# Markdown


def unescaped_pipes(line: str) -> int:
    """Pipes that split a GFM table row: a backslash escapes the next character."""
    n, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        n += line[i] == "|"
        i += 1
    return n


def check_markdown(text: str, results: Sequence[Result]) -> None:
    assert "<script" not in text.lower() and "<details" not in text.lower() and "</details" not in text.lower()
    assert "<!--" not in text and "\r" not in text
    assert "\x1b" not in text and "\x07" not in text
    allowed_links: set[Any] = {r.url for r in RULES} | {d.url for r in results for d in r.diagnostics}
    allowed_links |= {((r.facts or {}).get("release") or {}).get("url") for r in results if r.facts is not None}
    for m in re.finditer(r"\]\(", text):
        dest = text[m.end():text.index(")", m.end())]
        assert dest in allowed_links, dest
    rows = [line for line in text.split("\n") if line.startswith("|")]
    tables: list[list[str]] = []
    for line in text.split("\n"):
        if line.startswith("|"):
            if not tables or not tables[-1]:
                tables.append([])
            tables[-1].append(line)
        elif tables and tables[-1]:
            tables.append([])
    for table in (t for t in tables if t):
        width = unescaped_pipes(table[0])
        assert all(unescaped_pipes(row) == width for row in table), table
    assert all(row.endswith("|") for row in rows)
    assert len(text.encode("utf-8")) < 1024 * 1024


def test_markdown_fixture_summary(fixture_results: list[Result]) -> None:
    text = render(markdown, fixture_results)
    check_markdown(text, fixture_results)
    assert text.startswith("## openlint\n")
    c = fixture_results[0].counts()
    assert (f"❌ **{c['error']} errors, {c['warning']} warnings, {c['info']} infos** in 3 releases; "
            "🚫 1 target could not be read.") in text
    assert "### ❌ " in text and "### ✅ " in text and "### 🚫 " in text
    assert "**Licence:** the Llama 3\\.1 Community License Agreement (vendor)" in text
    assert "OSAID: data information ✅ · code ✅ · parameters ✅" in text  # fully-open
    assert "MOF Class I" in text
    assert ("[OW001 open\\-source\\-claim\\-not\\-open\\-licence]"
            "(https://opensource.org/ai/open-source-ai-definition)") in text
    assert "README\\.md\\:9\\:3 |" in text
    assert "### Findings by rule" in text
    ow001 = sum(1 for d in fixture_results[0].diagnostics if d.code == "OW001")
    assert re.search(rf"\| \[OW001 [^\n]*\| ❌ error \| {ow001} \|", text)


def test_markdown_hostile_card(hostile_results: list[Result]) -> None:
    text = render(markdown, hostile_results)
    check_markdown(text, hostile_results)
    assert "&lt;script&gt;" in text and "\\| broken \\| table \\|" in text
    assert "\\[click\\]\\(https\\:\\/\\/evil\\.example\\)" in text
    assert "](https://evil" not in text and "\\`code\\`" in text
    assert "a@&#8203;evil\\.example" in text


def test_markdown_renders_safely_with_cmark_gfm(hostile_results: list[Result], fixture_results: list[Result]) -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    results = [*hostile_results, *fixture_results, hub_result(fixture_results[0])]
    html = cmarkgfm.github_flavored_markdown_to_html(render(markdown, results), options=Options.CMARK_OPT_UNSAFE)
    assert "<script" not in html and "<details" not in html and "<!--" not in html
    hrefs = set(re.findall(r'<a href="([^"]*)"', html))
    assert hrefs <= {r.url for r in RULES} | {"https://huggingface.co/acme-ai/open-apache-7b/blob/0123456789abcdef/README.md"}
    assert "evil.example" in html and "mailto:" not in html
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        head = len(re.findall(r"<th[ >]", table))
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            assert len(re.findall(r"<td[ >]", row)) == head


def test_markdown_hub_link(fixture_results: list[Result]) -> None:
    text = render(markdown, [hub_result(fixture_results[0])])
    check_markdown(text, [hub_result(fixture_results[0])])
    assert "### ❌ [acme\\-ai\\/open\\-apache\\-7b](https://huggingface.co/acme-ai/open-apache-7b/blob/" in text
    assert "hf\\:\\/\\/acme\\-ai\\/open\\-apache\\-7b\\/README\\.md\\:9\\:3" in text


def test_markdown_size_cap(hostile_results: list[Result]) -> None:
    big = [synthetic("warning", 3000, message="x" * 400 + " | <b>", target=f"t{i}") for i in range(3)]
    results = [*hostile_results, *big]
    text = render(markdown, results)
    check_markdown(text, results)
    size = len(text.encode("utf-8"))
    assert size <= markdown.MAX_BYTES and size > markdown.MAX_BYTES - 20_000
    assert "left out" in text and "### Findings by rule" in text
    small = render(markdown, results, max_bytes=6000)
    assert len(small.encode("utf-8")) <= 6000
    check_markdown(small, results)
    assert "more finding" in small and "more target" in small


# ---------------------------------------------------------------------------------------------------------
# JUnit


def junit_of(results: Sequence[Result]) -> ET.Element:
    text = render(junit, results)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def test_junit_fixture_counts(fixture_results: list[Result]) -> None:
    root = junit_of(fixture_results)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "openlint"
    cases = suite.findall("testcase")
    failures = suite.findall("testcase/failure")
    errors = suite.findall("testcase/error")
    found = fixture_results[0].diagnostics
    assert int(suite.get("tests", "-1")) == len(cases) == len(found) + 2 + 1
    assert int(suite.get("failures", "-1")) == len(failures) == sum(d.severity != "info" for d in found)
    assert int(suite.get("errors", "-1")) == len(errors) == 1
    assert root.get("tests") == suite.get("tests") and root.get("failures") == suite.get("failures")
    first = cases[0]
    assert first.get("classname") == fixture_results[0].target
    assert first.get("name", "").startswith("OW001 ") and first.get("name", "").endswith("README.md:9:3")
    assert failures[0].get("type") == "OW001" and "Llama 3.1" in failures[0].get("message", "")
    assert "help: " in (failures[0].text or "")
    clean = [c for c in cases if c.get("classname") == fixture_results[1].target]
    assert len(clean) == 1 and not list(clean[0])
    assert errors[0].get("type") == "not-found"


def test_junit_infos_pass_with_system_out() -> None:
    root = junit_of([synthetic("info", 2), synthetic("error", 1, target="e")])
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("errors") == "0"
    infos = [c for c in suite.findall("testcase") if c.get("classname") == "synthetic"]
    assert all(c.find("failure") is None and c.find("system-out") is not None for c in infos)


def test_junit_follows_each_targets_fail_on() -> None:
    strict, lax, never = synthetic("info", 1, target="strict"), synthetic("warning", 1, target="lax"), \
        synthetic("error", 1, target="never")
    strict.fail_on, lax.fail_on, never.fail_on = "info", "error", "never"
    root = junit_of([strict, lax, never])
    failed = {c.get("classname") for c in root.iter("testcase") if c.find("failure") is not None}
    assert failed == {"strict"}
    assert root.get("failures") == "1" and root.get("tests") == "3"


def test_junit_hostile_card(hostile_results: list[Result]) -> None:
    text = render(junit, hostile_results)
    assert "\x1b" not in text and "\x07" not in text
    root = ET.fromstring(text.encode("utf-8"))
    msgs = [f.get("message", "") for f in root.iter("failure")]
    assert any("</details><script>" in m for m in msgs)  # escaped by ElementTree, intact after parsing
    assert len(msgs) == sum(1 for d in hostile_results[0].diagnostics if d.severity in ("error", "warning"))


def test_junit_hub_results(fixture_results: list[Result]) -> None:
    root = junit_of([hub_result(fixture_results[0])])
    cases = root.findall("testsuite/testcase")
    assert cases and all(c.get("file") is None for c in cases)
    assert cases[0].get("name") == "OW001 hf://acme-ai/open-apache-7b/README.md:9:3"


# ---------------------------------------------------------------------------------------------------------
# Properties: any text (controls, surrogates, line separators, bidi, tags) through every escaper.

NASTY = ["\r", "\n", "\r\n", "\x00", "\x1b[2J", "\x07", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029",
         "\u200d", "\u202e", "\ufeff", "\ufffe", "\U000e0041", "\ud800", "\udcff", "::", "::error::", "##[",
         "%", "%0A", "%25", ",", ":", "|", "\\", "`", "[", "]", "(", ")", "<", ">", "&", "*", "_", "@", "#",
         "<!--", "-->", "<script>", " ", "\t", "https://", "www.", "a@b.co"]
TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.characters(categories=["Cs"]),
                          st.text(alphabet=st.characters(exclude_categories=()), max_size=8)),
                max_size=25).map("".join)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_prop_inert_is_one_visible_line(text: str) -> None:
    out = inert(text)
    assert len(out.splitlines()) <= 1 and "\t" not in out
    out.encode("utf-8")  # no lone surrogates
    assert not re.search("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]", out)
    assert len(inert(text, 10)) <= 10
    assert terminal(text).count("\x1b") == 0  # the existing escaper is unchanged in spirit


@FAST
@given(TEXT)
def test_prop_workflow_escapers_round_trip(text: str) -> None:
    data = workflow_data(text)
    assert "\r" not in data and "\n" not in data
    assert _unescape(data, DATA_PAIRS) == text
    prop = workflow_property(text)
    assert not set(prop) & set("\r\n:,")
    assert _unescape(prop, PROPERTY_PAIRS) == text
    line = workflow_log_line(text)
    assert len(line.splitlines()) <= 1 and "\r" not in line
    assert parse_v2(line) is None and parse_v1(line) is None


@FAST
@given(TEXT)
def test_prop_markdown_text_is_inert(text: str) -> None:
    out = markdown_text(text)
    assert "\n" not in out and "\r" not in out and len(out.splitlines()) <= 1
    assert "<" not in out and ">" not in out and "](" not in out
    assert unescaped_pipes(out) == 0
    # No unescaped Markdown punctuation at all: every special character is escaped or an entity.
    i = 0
    while i < len(out):
        if out[i] == "\\":
            i += 2
            continue
        assert out[i] not in "*_`[]()|!~", out
        if out[i] == "&":
            assert re.match(r"&(amp|lt|gt|#8203);", out[i:]), out
        i += 1


@FAST
@given(TEXT)
def test_prop_xml_text_parses(text: str) -> None:
    el = ET.Element("failure", message=xml_text(text))
    el.text = xml_text(text)
    back = ET.fromstring(ET.tostring(el, encoding="utf-8"))
    assert back.get("message") == xml_text(text)


@SLOW
@given(message=TEXT, fix=TEXT, path=TEXT, name=TEXT)
def test_prop_reporters_survive_any_card_text(message: str, fix: str, path: str, name: str) -> None:
    span = Span(path or "README.md", 3, 2, 3, 7)
    d = Diagnostic("OW001", name, "warning", "openwashing", message, fix, span, "https://example.org/r")
    results = [Result(path or "t", "local", facts=None, diagnostics=[d]),
               Result("::error::x\n", "local", error={"kind": "not-found", "message": message})]
    check_github_output(render(github, results))
    doc = sarif_of(results, root="/")
    assert doc["runs"][0]["results"][0]["level"] == "warning"
    check_markdown(render(markdown, results), results)
    root = ET.fromstring(render(junit, results).encode("utf-8"))
    assert root.get("tests") == "2" and root.get("failures") == "1" and root.get("errors") == "1"


@SLOW
@given(TEXT)
def test_prop_markdown_text_renders_as_plain_text_in_cmark_gfm(text: str) -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    html = cmarkgfm.github_flavored_markdown_to_html(f"| a |\n| --- |\n| {markdown_text(text)} |\n",
                                                     options=Options.CMARK_OPT_UNSAFE)
    tags = set(re.findall(r"</?([a-z]+)", html))
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td"}, html
    assert len(re.findall(r"<td[ >]", html)) <= 1
