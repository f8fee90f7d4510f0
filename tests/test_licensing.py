"""Which licences apply to a release, and the licence-metadata problems openlint reports."""

from __future__ import annotations

from pathlib import Path

from helpers import APACHE, LLAMA31, codes_of, facts_of, release


def fm(**keys: str) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in keys.items()) + "---\n# Model\n\nA model.\n"


def test_hub_id_resolves_with_family_and_clauses(tmp_path: Path) -> None:
    lic = facts_of(release(tmp_path, fm(license="llama3.1"), {"LICENSE": LLAMA31}))["licence"]
    assert lic["ids"] == ["llama3.1"] and lic["family"] == "vendor"
    assert lic["restrictive"] and not lic["open"] and not lic["osi_approved"]
    assert lic["restrictions"]["user_cap"] and lic["restrictions"]["use_restrictions"]
    assert lic["problems"] == []


def test_list_valued_license_applies_every_licence(tmp_path: Path) -> None:
    lic = facts_of(release(tmp_path, fm(license="[apache-2.0, cc-by-nc-4.0]")))["licence"]
    assert lic["declared"] == ["apache-2.0", "cc-by-nc-4.0"]
    assert lic["families"][0] == "non-commercial" and lic["restrictive"] and not lic["open"]


def test_other_with_name_resolves_and_suggests_official_id(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="other", license_name="gemma-terms-of-use",
                                license_link="https://ai.google.dev/gemma/terms"))
    f = facts_of(root)
    assert f["licence"]["ids"] == ["gemma"]
    kinds = [p["kind"] for p in f["licence"]["problems"]]
    assert kinds == ["official-id-exists"]
    assert "license: gemma" in f["licence"]["problems"][0]["suggestion"]
    assert "LIC006" in codes_of(root)


def test_other_without_name_or_link(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="other"))
    f = facts_of(root)
    assert f["licence"]["unknown"] and "LIC002" in codes_of(root)


def test_other_resolved_from_license_file_text(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="other", license_name="acme-model-license", license_link="LICENSE"),
                   {"LICENSE": LLAMA31})
    f = facts_of(root)
    assert f["licence"]["ids"] == ["llama3.1"]
    assert "LIC003" not in codes_of(root)


def test_license_link_to_missing_file(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="other", license_name="acme", license_link="LICENSE.md"))
    f = facts_of(root)
    problem = next(p for p in f["licence"]["problems"] if p["kind"] == "missing-link-file")
    assert problem["span"]["line"] == 4  # the license_link line
    assert "LIC003" in codes_of(root)


def test_license_link_case_mismatch_is_reported_with_a_hint(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="other", license_name="acme", license_link="license"), {"LICENSE": "x"})
    problem = next(p for p in facts_of(root)["licence"]["problems"] if p["kind"] == "missing-link-file")
    assert "case-sensitive" in problem["detail"]


def test_free_spelling_is_not_a_hub_id_but_is_understood(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="Apache 2.0"))
    f = facts_of(root)
    assert f["licence"]["ids"] == ["apache-2.0"] and f["licence"]["open"]
    problem = f["licence"]["problems"][0]
    assert problem["kind"] == "unrecognised-id" and problem["suggestion"] == "license: apache-2.0"
    assert "LIC004" in codes_of(root)


def test_spdx_expression(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="Apache-2.0 OR MIT"))
    f = facts_of(root)
    assert f["licence"]["open"] and sorted(f["licence"]["ids"]) == ["apache-2.0", "mit"]
    assert [p["kind"] for p in f["licence"]["problems"]] == ["not-hub-id"]
    assert "LIC007" in codes_of(root)


def test_unknown_id_is_unknown_not_open(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="acme-proprietary-v9"))
    f = facts_of(root)
    assert f["licence"]["unknown"] and not f["licence"]["open"]
    assert "LIC004" in codes_of(root)


def test_front_matter_disagreeing_with_license_text(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="apache-2.0"), {"LICENSE": LLAMA31})
    f = facts_of(root)
    assert any(p["kind"] == "mismatch" for p in f["licence"]["problems"])
    # The shipped text binds: the release is restrictive whatever the metadata says.
    assert f["licence"]["restrictive"] and "llama3.1" in f["licence"]["ids"]
    assert "LIC005" in codes_of(root)


def test_generic_license_beside_weights_licence_is_the_codes(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="llama3.1"), {"LICENSE": APACHE, "LICENSE-MODEL": LLAMA31})
    f = facts_of(root)
    assert not any(p["kind"] == "mismatch" for p in f["licence"]["problems"])
    assert f["licence"]["weights"]["key"] == "llama3.1" and f["licence"]["code"]["key"] != "llama3.1"


def test_missing_license_with_a_license_file_says_what_to_declare(tmp_path: Path) -> None:
    root = release(tmp_path, "---\nlanguage: en\n---\n# M\n", {"LICENSE": APACHE})
    f = facts_of(root)
    assert not f["licence"]["present"] and f["licence"]["ids"] == ["apache-2.0"]
    assert "license: apache-2.0" in f["licence"]["file_hint"]
    assert "LIC001" in codes_of(root)


def test_license_unknown_and_bad_type(tmp_path: Path) -> None:
    assert "LIC008" in codes_of(release(tmp_path, fm(license="unknown")))
    assert "LIC009" in codes_of(release(tmp_path, "---\nlicense:\n  name: apache\n---\n"))


def test_use_policy_pointer_is_a_use_restriction(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="apache-2.0"), {
        "LICENSE": APACHE,
        "USE_POLICY.md": "Please refer to acceptable use policy: https://example.com/USE_POLICY.md\n"})
    lic = facts_of(root)["licence"]
    assert lic["restrictions"]["use_restrictions"] and lic["restrictive"] and not lic["open"]


def test_harmless_usage_note_is_not_a_restriction(tmp_path: Path) -> None:
    root = release(tmp_path, fm(license="apache-2.0"), {
        "LICENSE": APACHE, "USAGE_POLICY": "By using the model you agree to comply with all applicable law.\n"})
    lic = facts_of(root)["licence"]
    assert lic["open"] and not lic["restrictive"]
