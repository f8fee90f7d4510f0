"""Evidence of released components, the MOF class, the OSAID elements, and the openwashing rules."""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Any

import pytest

from helpers import FIXTURES, LLAMA31, codes_of, facts_of, release
from openlint.analyse import analyse
from openlint.schema import SCHEMA
from openlint.sources.local import load_local

CORPUS = Path(os.environ.get("OPENLINT_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))


def present(f: dict[str, Any]) -> set[str]:
    return {c["key"] for c in f["openness"]["components"] if c["present"]}


def test_fully_open_fixture_reaches_a_class_and_every_osaid_element() -> None:
    f = facts_of(FIXTURES / "fully-open")
    assert f["openness"]["osaid"] == {"data_information": True, "code": True, "parameters": True}
    assert {"model_parameters", "training_code", "datasets", "data_card", "research_paper", "evaluation_results",
            "data_preprocessing_code", "intermediate_parameters", "evaluation_code", "model_card"} <= present(f)
    assert f["openness"]["mof_class"] == 1, f["openness"]["components"]


def test_weights_only_release() -> None:
    f = facts_of(FIXTURES / "honest")
    assert f["openness"]["osaid"]["parameters"] and not f["openness"]["osaid"]["code"]
    assert f["openness"]["weights_only"] and f["openness"]["mof_class"] == 0
    assert "training code" in f["openness"]["missing_text"]


def test_restrictive_licence_blocks_every_mof_class(tmp_path: Path) -> None:
    card = (FIXTURES / "fully-open" / "README.md").read_text(encoding="utf-8").replace(
        "license: apache-2.0", "license: llama3.1")
    root = release(tmp_path, card, {"LICENSE": LLAMA31, "model.safetensors": "x", "training/train.py": "x",
                                    "data/prepare_data.py": "x", "DATA_CARD.md": "# data card"})
    f = facts_of(root)
    assert f["openness"]["osaid"]["code"] and f["openness"]["mof_class"] == 0


def test_linked_training_code_and_hub_dataset_count(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\n---\n# M\n\nAn open-source model.\n\n"
            "- Training code: [repo](https://github.com/acme/m-train)\n"
            "- Data: [mix](https://huggingface.co/datasets/acme/mix)\n"
            "- Weights: [here](https://huggingface.co/acme/m)\n")
    f = facts_of(release(tmp_path, card))
    assert {"training_code", "datasets", "data_card", "model_parameters"} <= present(f)
    assert f["openness"]["osaid_complete"]


def test_placeholder_training_data_section_is_not_data_information(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\n---\n# M\n\n## Training Data\n\n[More Information Needed]\n"
    f = facts_of(release(tmp_path, card, {"model.safetensors": "x"}))
    assert not f["openness"]["osaid"]["data_information"]


@pytest.mark.parametrize(
    ("card", "files", "expected", "absent"),
    [
        ("---\nlicense: llama3.1\n---\nWe release a fully open-source LLM.\n", {"LICENSE": LLAMA31}, "OW001", "OW002"),
        ("---\nlicense: apache-2.0\n---\nWe release an open-source LLM.\n", {"model.safetensors": "x"}, "OW002",
         "OW001"),
        ("---\nlicense: cc-by-nc-4.0\n---\nA truly open model for everyone.\n", {}, "OW003", "OW001"),
        ("---\nlicense: apache-2.0\nextra_gated_fields:\n  Company: text\n---\nAn open model.\n", {}, "OW004",
         "OW003"),
        ("---\nlicense: cc-by-4.0\n---\nAn open-source speech model.\n", {}, "OW005", "OW001"),
        ("---\nlicense: cc-by-nc-4.0\n---\nWe publish open weights.\n", {}, "OW006", "OW003"),
        ("---\nlicense: apache-2.0\n---\nWe publish open weights.\n", {}, None, "OW006"),
        ("---\nlicense: llama3.1\n---\nThis is not an open-source model.\n", {}, None, "OW001"),
        ("---\nlicense: llama3.1\ntags: [open-source]\n---\n# M\n", {}, "OW001", None),
        ("---\nlicense: llama3.1\nmodel_name: OpenAcme-7B\n---\n# M\n", {}, "OW003", None),
        ("---\nlicense: other\n---\nAn open-source model.\n", {}, "OW001", None),
        ("---\nlanguage: en\n---\nAn open-source model.\n", {}, "OW001", None),
    ],
)
def test_openwashing_rules_fire_only_on_what_they_name(tmp_path: Path, card: str, files: dict[str, str],
                                                       expected: str | None, absent: str | None) -> None:
    found = codes_of(release(tmp_path, card, files))
    if expected:
        assert expected in found, found
    if absent:
        assert absent not in found, found


def test_claim_locations_point_at_the_words(tmp_path: Path) -> None:
    card = "---\nlicense: llama3.1\ntags:\n- open-source\n---\n# M\n\nIt is a fully open-source model.\n"
    f = facts_of(release(tmp_path, card))
    spans = {(c["source"], c["span"]["line"], c["span"]["column"]) for c in f["claims"]}
    assert ("tag", 4, 3) in spans
    body = next(c for c in f["claims"] if c["source"] == "body")
    assert (body["span"]["line"], body["span"]["column"]) == (8, 9) and body["text"] == "fully open-source"


def _conforms(value: Any, schema: Any, where: str) -> None:
    if value is None and where.endswith("span"):
        return  # locations are null when a fact has no place in a file
    if isinstance(schema, dict):
        assert isinstance(value, dict), where
        assert set(value) == set(schema), (where, set(value) ^ set(schema))
        for k, sub in schema.items():
            _conforms(value[k], sub, f"{where}.{k}")
    elif isinstance(schema, list):
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            _conforms(item, schema[0], f"{where}[{i}]")
    elif schema == "any":
        return
    else:
        kind, nullable = schema.rstrip("?"), schema.endswith("?")
        if value is None:
            assert nullable, where
            return
        assert isinstance(value, {"str": str, "int": int, "bool": bool}[kind]), (where, value)


def releases() -> list[str]:
    found = [str(FIXTURES / n) for n in ("openwashed", "honest", "fully-open")]
    return found + sorted(glob.glob(str(CORPUS / "*" / "")))


@pytest.mark.parametrize("target", releases())
def test_facts_match_the_schema_rules_are_checked_against(target: str) -> None:
    facts = analyse(load_local(target))
    facts.materialise()
    _conforms(dict(facts), SCHEMA, "facts")


@pytest.mark.parametrize(
    ("line", "training"),
    [
        ("- Core repo (training, inference, fine-tuning etc.): https://github.com/acme/core", True),
        ("- **Training code:** [acme/train](https://github.com/acme/train)", True),
        ("- Code to reproduce the results: [repo](https://github.com/acme/repro)", True),
        ("- Inference code: [repo](https://github.com/acme/infer)", False),
        ("- Fine-tuned from [base](https://github.com/acme/base), trained on [data](https://github.com/acme/d)", False),
        ("- Training data: [corpus](https://github.com/acme/corpus)", False),
    ],
)
def test_code_repository_described_as_training_code(tmp_path: Path, line: str, training: bool) -> None:
    card = f"---\nlicense: apache-2.0\n---\n# M\n\n## Model Sources\n\n{line}\n"
    assert ("training_code" in present(facts_of(release(tmp_path, card)))) is training


def test_code_link_in_a_training_section_is_training_code(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\n---\n# M\n\n## Training procedure\n\nSee [the repo](https://github.com/acme/m).\n"
    assert "training_code" in present(facts_of(release(tmp_path, card)))


@pytest.mark.parametrize(
    ("sentence", "training"),
    [
        ("We release the full training code and data under Apache-2.0.", True),
        ("The pre-training scripts are available in our repository.", True),
        ("训练代码已全部开源。", True),
        ("The training code is not available.", False),
        ("The data mixture and the training code are proprietary.", False),
        ("We do not release the training code.", False),
    ],
)
def test_statements_that_training_code_is_released(tmp_path: Path, sentence: str, training: bool) -> None:
    card = f"---\nlicense: apache-2.0\n---\n# M\n\n{sentence}\n"
    assert ("training_code" in present(facts_of(release(tmp_path, card)))) is training
