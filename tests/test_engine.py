"""Rule loading and validation: every built-in rule is well formed, and broken rules fail at load time."""

from __future__ import annotations

from pathlib import Path

import pytest

from openlint.engine import CATEGORIES, RuleError, builtin_rules_dir, evaluate, load_rule, load_rules

GOOD = """\
code: XX001
name: demo-rule
category: openwashing
severity: warning
summary: A demo.
for_each: claims
condition: "claim.kind == 'open_source' && !(licence.open)"
message: "'{claim.text}' but {licence.names}"
fix: "Say {licence.honest_wording}."
explanation: |
  ## What it does
  Demo.
references:
  - title: OSAID
    url: https://opensource.org/ai/open-source-ai-definition
"""


def write(tmp_path: Path, text: str, name: str = "rule.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_builtin_rules_load_and_are_documented() -> None:
    rules = load_rules()
    codes = [r.code for r in rules]
    assert len(codes) == len(set(codes)) >= 15
    for r in rules:
        assert r.category in CATEGORIES
        assert "## What it does" in r.explanation and "## Why does it matter?" in r.explanation
        assert "## Example" in r.explanation and "## References" in r.explanation
        assert r.references and all(ref.url.startswith("https://") for ref in r.references)
        assert Path(r.path).parent == Path(builtin_rules_dir())
        assert Path(r.path).stem == r.code


def test_every_category_has_a_rule() -> None:
    cats = {r.category for r in load_rules()}
    assert {"openwashing", "license", "metadata", "documentation"} <= cats


def test_good_user_rule_loads(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, GOOD))
    assert rule.code == "XX001" and rule.bind == "claim"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("claim.kind == 'open_source'", "claim.knd == 'open_source'"), "unknown fact 'knd' (did you mean kind?)"),
        (("!(licence.open)", "!(licence.opne)"), "unknown fact 'opne' (did you mean open?)"),
        (("!(licence.open)", "!(licnce.open)"), "unknown fact 'licnce' (did you mean licence?)"),
        (("{licence.names}", "{licence.nams}"), "message: unknown fact licence.nams (did you mean licence.names"),
        (("!(licence.open)", "licence.open == 'true'"), "compares a bool with a str"),
        (("category: openwashing", "category: washing"), "category 'washing' must be one of"),
        (("severity: warning", "severity: fatal"), "severity 'fatal' must be one of"),
        (("code: XX001", "code: x1"), "must be 1-4 capital letters"),
        (("for_each: claims", "for_each: claimz"), "unknown fact claimz"),
        (("claim.kind ==", "claim.kind ==="), "not a valid JMESPath expression"),
        (("summary: A demo.", "sumary: A demo."), "unknown key(s): sumary (did you mean summary?)"),
        (("!(licence.open)", "contanis(licence.ids, 'mit')"), "unknown function contanis()"),
    ],
)
def test_bad_rules_fail_at_load_time_naming_file_and_fact(tmp_path: Path, change: tuple[str, str],
                                                         expected: str) -> None:
    p = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RuleError) as info:
        load_rule(p)
    assert str(p) in str(info.value)
    assert expected in str(info.value)


def test_duplicate_codes_are_refused(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(RuleError, match="already defined"):
        load_rules([tmp_path], builtin=False)


def test_not_yaml_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="not valid YAML"):
        load_rule(write(tmp_path, "code: [unclosed\n"))


def span(line: int) -> dict[str, object]:
    return {"path": "README.md", "line": line, "column": 1, "end_line": line, "end_column": 5}


def test_evaluate_binds_items_and_renders(tmp_path: Path) -> None:
    rule = load_rule(write(tmp_path, GOOD))
    facts = {
        "card": {"span": span(1)},
        "claims": [
            {"kind": "open_source", "text": "open-source", "span": span(7)},
            {"kind": "open_weights", "text": "open weights", "span": span(9)},
        ],
        "licence": {"open": False, "names": "the Llama 3.1 Community License Agreement",
                    "honest_wording": "weights available under X"},
    }
    out = evaluate([rule], facts)
    assert len(out) == 1
    d = out[0]
    assert d.span.line == 7 and d.code == "XX001"
    assert d.message == "'open-source' but the Llama 3.1 Community License Agreement"
    assert d.fix == "Say weights available under X."
    facts["licence"]["open"] = True  # type: ignore[index]
    assert evaluate([rule], facts) == []


def test_negation_precedence_trap_is_explained(tmp_path: Path) -> None:
    p = write(tmp_path, GOOD.replace("!(licence.open)", "!licence.open"))
    with pytest.raises(RuleError, match=r"write `!\(x.y\)`"):
        load_rule(p)


def test_deep_paths_are_checked_at_every_step(tmp_path: Path) -> None:
    p = write(tmp_path, GOOD.replace("!(licence.open)", "licence.restrictions.user_cp"))
    with pytest.raises(RuleError, match="unknown fact 'user_cp'"):
        load_rule(p)
    ok = write(tmp_path, GOOD.replace("!(licence.open)", "licence.restrictions.user_cap"), "ok.yaml")
    assert load_rule(ok).code == "XX001"
