"""Tests for openlint.claims (openness-claim detector) and the prose mask it relies on."""

from __future__ import annotations

import itertools
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openlint.claims import (
    ClaimMatch,
    claim_kind_of_tag,
    find_claims_in_markdown,
    find_claims_in_name,
    find_claims_in_text,
)
from openlint.markdown import mask_non_prose

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "claims"
CARDS = FIXTURES / "cards"
CORPUS = Path("/work/shared/corpus")
KINDS = ("open", "open_source", "open_weights")


# --------------------------------------------------------------------------------------------------
# Labelled sets: loading and scoring


def _load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _gold_spans(item: dict[str, Any]) -> list[tuple[str, int, int]]:
    """Locate each gold claim's text in the sentence; repeated words take successive occurrences."""
    spans: list[tuple[str, int, int]] = []
    next_from: dict[str, int] = {}
    for claim in item["claims"]:
        at = item["text"].find(claim["text"], next_from.get(claim["text"], 0))
        assert at >= 0, f"gold text {claim['text']!r} not in {item['text']!r}"
        spans.append((claim["kind"], at, at + len(claim["text"])))
        next_from[claim["text"]] = at + 1
    return spans


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(items: list[dict[str, Any]]) -> tuple[dict[str, Counts], list[str]]:
    """Greedy matching: a prediction matches a gold claim of the same kind whose span it overlaps."""
    counts = {kind: Counts() for kind in KINDS}
    errors: list[str] = []
    for item in items:
        predicted = [(m.kind, m.start, m.end) for m in find_claims_in_markdown(item["text"])]
        used: set[int] = set()
        for kind, a, b in _gold_spans(item):
            hit = next(
                (
                    k
                    for k, (pk, pa, pb) in enumerate(predicted)
                    if k not in used and pk == kind and pa < b and a < pb
                ),
                None,
            )
            if hit is None:
                counts[kind].fn += 1
                errors.append(f"FN {kind}: {item['text'][:120]}")
            else:
                used.add(hit)
                counts[kind].tp += 1
        for k, (kind, a, b) in enumerate(predicted):
            if k not in used:
                counts[kind].fp += 1
                errors.append(f"FP {kind} [{item['text'][a:b]}]: {item['text'][:120]}")
    return counts, errors


def _report(title: str, counts: dict[str, Counts]) -> Counts:
    total = Counts(*(sum(getattr(c, f) for c in counts.values()) for f in ("tp", "fp", "fn")))
    lines = [f"\n{title}", f"  {'kind':13s}  tp   fp   fn     P      R      F1"]
    for name, c in [*counts.items(), ("overall", total)]:
        p, r, f1 = c.prf()
        lines.append(f"  {name:13s} {c.tp:4d} {c.fp:4d} {c.fn:4d}  {p:.3f}  {r:.3f}  {f1:.3f}")
    print("\n".join(lines))
    return total


def test_precision_recall_main_set(capsys: pytest.CaptureFixture[str]) -> None:
    counts, errors = _score(_load("sentences.yaml"))
    with capsys.disabled():
        total = _report("claims: main set (fixtures/claims/sentences.yaml)", counts)
    p, r, _ = total.prf()
    assert p >= 0.95 and r >= 0.93, "\n".join(errors)


def test_precision_recall_heldout_set(capsys: pytest.CaptureFixture[str]) -> None:
    counts, errors = _score(_load("heldout.yaml"))
    with capsys.disabled():
        total = _report("claims: held-out set (fixtures/claims/heldout.yaml, not used for tuning)", counts)
    p, r, _ = total.prf()
    assert p >= 0.85 and r >= 0.85, "\n".join(errors)


@pytest.mark.parametrize("name", ["sentences.yaml", "heldout.yaml"])
def test_labelled_items_are_well_formed(name: str) -> None:
    for item in _load(name):
        assert set(item) <= {"text", "lang", "claims", "source", "note"}, item
        assert item["lang"] in {"en", "zh"}
        assert item["source"] == "written" or item["source"].startswith("corpus:")
        for claim in item["claims"]:
            assert claim["kind"] in KINDS
        _gold_spans(item)


def test_labelled_set_size_and_balance() -> None:
    main, held = _load("sentences.yaml"), _load("heldout.yaml")
    everything = main + held
    assert len(main) >= 400
    assert 0.2 <= len(held) / len(everything) <= 0.3
    positive = sum(bool(item["claims"]) for item in everything) / len(everything)
    assert 0.4 <= positive <= 0.6
    assert sum(item["lang"] == "zh" for item in everything) >= 80
    texts = [item["text"] for item in everything]
    assert len(texts) == len(set(texts)), "duplicate sentences"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available (CI has no /work/shared)")
def test_corpus_sentences_are_verbatim() -> None:
    """Every corpus-sourced sentence is a (whitespace-collapsed) substring of the cited file."""
    cache: dict[str, str] = {}
    for item in _load("sentences.yaml") + _load("heldout.yaml"):
        if item["source"] == "written":
            continue
        rel = item["source"].removeprefix("corpus:")
        if rel not in cache:
            cache[rel] = re.sub(r"\s+", " ", (CORPUS / rel).read_text(encoding="utf-8"))
        assert item["text"] in cache[rel], (rel, item["text"])


# --------------------------------------------------------------------------------------------------
# Unit tests: one case per phrasing and per exclusion category


def _kinds(text: str, finder: Callable[[str], list[ClaimMatch]] = find_claims_in_markdown) -> list[str]:
    return [m.kind for m in finder(text)]


POSITIVES = [
    # open_source phrasings
    ("Amber is a fully open-source 7B model.", ["open_source"]),
    ("Kestrel-7B is an open source LLM.", ["open_source"]),
    ("Our opensource LLM supports English and German.", ["open_source"]),
    ("The base models are open-sourced and available to the public.", ["open_source"]),
    ("We open-source the model weights and code.", ["open_source"]),
    ("We are open-sourcing Kestrel-7B today.", ["open_source"]),
    ("Kestrel-7B is released as an open-source model.", ["open_source"]),
    ("In order to foster research, we have made Kestrel 7B Base and Chat open source.", ["open_source"]),
    ("Kestrel-7B is the strongest open-source 7B model.", ["open_source"]),
    ("Puffin-3B is one of the best open-source models of its size.", ["open_source"]),
    ("Ibis-70B is among the first open-source 70B models with a 128K context.", ["open_source"]),
    ("We hope our open-source release helps.", ["open_source"]),
    ("Gull-2B is not only open-source but also commercially usable.", ["open_source"]),
    ("Unlike closed models, Wren-8B is fully open-source.", ["open_source"]),
    ("## Open-source release", ["open_source"]),
    ("| License | Kestrel-7B (open-source) |", ["open_source"]),
    ("Kestrel-7B is an <b>open-source</b> model.", ["open_source"]),
    # open phrasings
    ("Heron-2 is the fully open LLM from the Heron project.", ["open"]),
    ("Marlin is a truly open foundation model.", ["open"]),
    ("We present Marlin-13B, an open foundation model.", ["open"]),
    ("Gemma is a family of lightweight, state-of-the-art open models from Google.", ["open"]),
    ("Ibis-70B is the best open model in its class.", ["open"]),
    ("Tern-1B is an open-access model trained on public data.", ["open"]),
    ("The model is openly released under a permissive licence.", ["open"]),
    ("Skylark-7B is openly licensed for commercial use.", ["open"]),
    ("DBRX is a large language model made available under an open license.", ["open"]),
    ("**Fully open**: weights, data and training code are all public.", ["open"]),
    ("The Yi series models are fully open for academic research.", ["open"]),
    ("OLMo: Open Language Model", ["open"]),
    (
        "[OPT (Open Pre-trained Transformers)](https://arxiv.org/abs/2205.01068) is a family of models.",
        ["open"],
    ),
    # open_weights phrasings
    ("Gull-2B is an open-weight model.", ["open_weights"]),
    ("This is an open weights release of our 34B chat model.", ["open_weights"]),
    ("The weights of Wren-8B are open.", ["open_weights"]),
    ("All these weights are **fully open** for academic research.", ["open_weights"]),
    ("The weights are openly available on the Hub.", ["open_weights"]),
    # Chinese
    ("我们开源了 X-7B 模型。", ["open_source"]),
    ("ChatGLM-6B 是一个开源的、支持中英双语的对话语言模型。", ["open_source"]),
    ("Kestrel-7B 是一个完全开源的大语言模型。", ["open_source"]),
    ("我們開源了 Kestrel-7B 的權重與程式碼。", ["open_source"]),
    ("本仓库的代码和权重依照 Apache-2.0 协议开源。", ["open_source"]),
    ("Skylark-7B 是同尺寸中最好的开源模型之一。", ["open_source"]),
    ("目前，本项目团队未基于 **ChatGLM3 开源模型**开发任何应用。", ["open_source"]),
    ("Heron-2 是一个开放的多语言模型。", ["open"]),
    ("所有版本对学术研究完全开放。", ["open"]),
    ("我们发布了开放权重的 Ibis-70B 模型。", ["open_weights"]),
    ("ChatGLM-6B 权重对学术研究**完全开放**，在填写问卷进行登记后亦允许免费商业使用。", ["open_weights"]),
    ("MiniCPM-2B 的30余个中间检查点开放了！", ["open_weights"]),
]

NEGATIVES = [
    # negation
    "Kestrel-7B is not an open-source model.",
    "Gull-2B isn't open source, but the weights can be downloaded for research.",
    "The weights are released under a non-open-source licence.",
    "Rather than open-sourcing the model, we provide API access.",
    "Our API offers access to our Pro tier non-open weight models.",
    "Kestrel-7B 不是开源模型，仅提供 API 访问。",
    "该模型并非开源。",
    "Heron-2 目前尚未开源。",
    # comparison with other models
    "Kestrel-7B outperforms other open-source models of similar size.",
    "Compared with open-source baselines, our model is 12% more accurate.",
    "Code Llama provides state-of-the-art performance among open models.",
    "Wren-8B beats leading open-source models such as Mistral-7B.",
    "Yi-9B performs the best among similarly sized open-source models.",
    "It achieves state-of-the-art performance at the 3B parameter scale for open-source models.",
    "Compared to other open MoE models like Mixtral-8x7B, DBRX is fine-grained.",
    "与其他开源模型相比，Wren-8B 在数学任务上表现更好。",
    "ChatGLM2-6B 在同尺寸开源模型中具有较强的竞争力。",
    "Yi-34B 模型在开源模型中脱颖而出。",
    "Open-source models 6B~34B",
    # tools, community, code only, data
    "Kestrel-7B was trained with the open-source library Megatron-LM.",
    "Thanks to the open-source community for their feedback.",
    "We rely on open-source frameworks such as PyTorch.",
    "The inference code is open-sourced under MIT; the weights use a separate licence.",
    "We open-source our training framework to help others reproduce the results.",
    "The model was fine-tuned on open-source datasets.",
    "We are contributing to the open-source quantization methods.",
    "Thanks for open-sourcing!",
    "本仓库的代码依照 Apache-2.0 协议开源，模型的权重的使用则需要遵循 Model License。",
    "感谢开源社区的贡献。",
    "我们使用开源框架 DeepSpeed 进行训练。",
    "我们开源了训练框架和评测工具。",
    "我们采用了[开源](https://github.com/hendrycks/test)的评测方案。",
    # names of other things
    "We compare with OpenAI's GPT-4.",
    "The model was pre-trained on OpenWebText.",
    "Results are reported on the Open LLM Leaderboard.",
    "License: CreativeML OpenRAIL++-M",
    "Instruction data come from OpenAssistant (OASST1) and OpenOrca.",
    "We evaluate with OpenCompass.",
    "* **License:** [Databricks Open Model License](https://www.databricks.com/legal/open-model-license)",
    "The server exposes an OpenAI-compatible API.",
    # Markdown / HTML noise and other senses of "open"
    "<details open><summary>Evaluation details</summary>",
    "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/x)",
    "See https://example.com/blog/our-open-source-model-release for details.",
    "Load the file with `open(path)` before tokenising.",
    "Please open a PR or issue if you find a bug.",
    "Open the file config.json and set the flag.",
    "The model handles open-ended generation well.",
    "It is trained for open-domain question answering.",
    "Gull-2B supports open-vocabulary object detection.",
    "There are still many open questions about long-context evaluation.",
    "Hallucination remains an open problem.",
    "We report open-book QA accuracy.",
    "The Hunyuan-Large web demo is now open.",
    "Contact us at opensource@example.com.",
    # generic wording that is not a claim
    "The model weights are publicly available.",
    "The core values of Llama 3 are openness, inclusivity and helpfulness.",
    "We believe that an open approach to AI leads to better products.",
    "该模型权重已公开，可在 Hugging Face 下载。",
    "🚀 百川大模型在线对话平台已正式向公众开放 🎉",
]


@pytest.mark.parametrize(("text", "kinds"), POSITIVES)
def test_positive_phrasings(text: str, kinds: list[str]) -> None:
    assert _kinds(text) == kinds


@pytest.mark.parametrize("text", NEGATIVES)
def test_exclusions(text: str) -> None:
    assert find_claims_in_markdown(text) == []


def test_plain_text_variant_does_not_mask_but_skips_urls_and_emails() -> None:
    assert _kinds("Kestrel-7B is a fully open-source model.", find_claims_in_text) == ["open_source"]
    assert find_claims_in_text("See https://example.com/open-source-model or mail opensource@x.org.") == []
    assert find_claims_in_text("with open(path) as f:") == []


def test_match_fields() -> None:
    text = "Intro.\n\nAmber is a **fully open-source** 7B model. More text follows here."
    (m,) = find_claims_in_markdown(text)
    assert (m.kind, m.text) == ("open_source", "fully open-source")
    assert text[m.start : m.end] == m.text
    assert m.context == "Amber is a **fully open-source** 7B model."


def test_separate_claims_in_one_sentence_are_separate_matches() -> None:
    text = "_BigScience Language Open-source Open-access Multilingual (BLOOM) Language Model_"
    assert [(m.kind, m.text) for m in find_claims_in_markdown(text)] == [
        ("open_source", "Open-source"),
        ("open", "Open-access"),
    ]


def test_context_is_bounded() -> None:
    text = "word " * 200 + "Kestrel-7B is an open-source model " + "word " * 200
    (m,) = find_claims_in_text(text)
    assert len(m.context) <= 300
    assert "open-source" in m.context


# --------------------------------------------------------------------------------------------------
# Tags and names


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("open-source", "open_source"),
        ("opensource", "open_source"),
        ("open_source", "open_source"),
        ("Open Source", "open_source"),
        ("fully-open", "open"),
        ("truly-open", "open"),
        ("open-model", "open"),
        ("open-access", "open"),
        ("open", "open"),
        ("open-weights", "open_weights"),
        ("open-weight", "open_weights"),
        ("openweights", "open_weights"),
        ("开源", "open_source"),
        ("開源", "open_source"),
        ("开放权重", "open_weights"),
        ("openrail", None),
        ("license:openrail", None),
        ("openai", None),
        ("open-llm-leaderboard", None),
        ("dataset:openwebtext", None),
        ("open-science", None),
        ("开源社区", None),
        ("text-generation", None),
        ("", None),
    ],
)
def test_claim_kind_of_tag(tag: str, kind: str | None) -> None:
    assert claim_kind_of_tag(tag) == kind


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("open_llama_7b", [("open", "open")]),
        ("OpenLLaMA", [("open", "Open")]),
        ("openlm-research/open_llama_3b_v2", [("open", "open")]),
        ("Fully-Open-7B", [("open", "Fully-Open")]),
        ("Open-Source-LM-7B", [("open_source", "Open-Source")]),
        ("OpenSourceLM", [("open_source", "OpenSource")]),
        ("opensource-7b", [("open_source", "opensource")]),
        ("OpenWeights-3B", [("open_weights", "OpenWeights")]),
        ("open weights 7B", [("open_weights", "open weights")]),
        ("OpenELM-270M", [("open", "Open")]),
        ("gpt-oss-20b", [("open_source", "oss")]),
        ("Chinese-LLaMA-开源", [("open_source", "开源")]),
        ("openai-community/gpt2", []),
        ("OpenAI-GPT", []),
        ("OpenRAIL", []),
        ("OpenHermes-2.5-Mistral-7B", []),
        ("OpenOrca-Platypus2-13B", []),
        ("OpenAssistant-SFT-7", []),
        ("open-assistant", []),
        ("openchat_3.5", []),
        ("OpenBMB-MiniCPM", []),
        ("opencompass-eval", []),
        ("OpenMMLab", []),
        ("OpenVINO-int8", []),
        ("OpenCL", []),
        ("OpenGL", []),
        ("OpenCV", []),
        ("OpenCLIP-ViT-H-14", []),
        ("Openness-7B", []),
        ("Qwen2.5-7B", []),
    ],
)
def test_find_claims_in_name(name: str, expected: list[tuple[str, str]]) -> None:
    found = find_claims_in_name(name)
    assert [(m.kind, m.text) for m in found] == expected
    assert all(name[m.start : m.end] == m.text for m in found)


# --------------------------------------------------------------------------------------------------
# Real cards (copies in fixtures/claims/cards, always available) and the corpus (when present)


def _body(card: str) -> str:
    """Strip YAML front matter: the detector is given the Markdown body only."""
    if card.startswith("---"):
        end = card.find("\n---", 3)
        if end > 0:
            return card[end + 4 :]
    return card


def _card(name: str) -> str:
    return _body((CARDS / name).read_text(encoding="utf-8"))


def _check_offsets(body: str, found: list[ClaimMatch]) -> None:
    assert [m.start for m in found] == sorted(m.start for m in found)
    for m, nxt in itertools.pairwise(found):
        assert m.end <= nxt.start
    for m in found:
        assert 0 <= m.start < m.end <= len(body)
        assert body[m.start : m.end] == m.text
        assert m.kind in KINDS
        assert len(m.context) <= 300


@pytest.mark.parametrize("path", sorted(CARDS.glob("*.md")), ids=lambda p: p.name)
def test_fixture_cards_offsets(path: Path) -> None:
    body = _body(path.read_text(encoding="utf-8"))
    _check_offsets(body, find_claims_in_markdown(body))


def test_fixture_card_amber() -> None:
    found = find_claims_in_markdown(_card("llm360__amber-hf__README.md"))
    assert ("open_source", "fully open-sourced") in [(m.kind, m.text) for m in found]
    assert any("fully open-sourced LLMs" in m.context for m in found)


def test_fixture_card_deepseek() -> None:
    found = find_claims_in_markdown(_card("deepseek-ai__deepseek-llm-7b-chat-hf__README.md"))
    assert [(m.kind, m.text) for m in found] == [("open_source", "open source")]
    assert "DeepSeek LLM 7B/67B Chat open source" in found[0].context


def test_fixture_card_chatglm_chinese() -> None:
    found = find_claims_in_markdown(_card("thudm__chatglm-6b-hf__README.md"))
    kinds_texts = [(m.kind, m.text) for m in found]
    assert ("open_source", "开源") in kinds_texts  # "ChatGLM-6B 是一个开源的、支持中英双语问答的对话语言模型"
    assert ("open", "open bilingual language model") in kinds_texts
    # "本仓库的代码依照 Apache-2.0 协议开源" is about the code only.
    assert not any("本仓库的代码" in m.context for m in found)


def test_fixture_cards_without_claims() -> None:
    # Colab badge (<img alt="Open In Colab">), URLs with open_weight_models, open-source tools only.
    assert find_claims_in_markdown(_card("mistralai__mistral-inference__README.md")) == []
    # "many open-source projects built upon Llama" is about other projects.
    assert find_claims_in_markdown(_card("tinyllama__tinyllama-1.1b-chat-v1.0-hf__README.md")) == []


CORPUS_FILES = sorted(CORPUS.rglob("*.md")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_FILES, reason="corpus not available (CI has no /work/shared)")
def test_corpus_markdown_no_crash_and_valid_offsets() -> None:
    for path in CORPUS_FILES:
        body = _body(path.read_text(encoding="utf-8"))
        _check_offsets(body, find_claims_in_markdown(body))
        _check_offsets(body, find_claims_in_text(body))


@pytest.mark.skipif(not CORPUS_FILES, reason="corpus not available (CI has no /work/shared)")
def test_corpus_spot_checks() -> None:
    amber = _body((CORPUS / "llm360__amber-hf" / "README.md").read_text(encoding="utf-8"))
    assert any(m.text == "fully open-sourced" for m in find_claims_in_markdown(amber))
    badge_only = (CORPUS / "mistralai__mistral-inference" / "README.md").read_text(encoding="utf-8")
    assert "Open In Colab" in badge_only
    assert find_claims_in_markdown(badge_only) == []
    gemma = _body((CORPUS / "google__gemma" / "README.md").read_text(encoding="utf-8"))
    assert [m.kind for m in find_claims_in_markdown(gemma)] == ["open_weights"]
    yi = _body((CORPUS / "01-ai__yi" / "README.md").read_text(encoding="utf-8"))
    texts = [m.context for m in find_claims_in_markdown(yi)]
    assert not any("Table of Contents" in t for t in texts)  # <details open>
    assert not any("ranked first among all existing open-source models" in t for t in texts)


def test_speed_on_a_90kb_card() -> None:
    """Loose guard (the budget is ~2 ms per 20 KB card; typical is well under 1 ms)."""
    card = "\n\n".join(_card(p.name) for p in sorted(CARDS.glob("*.md")))
    body = (card * (90_000 // len(card) + 1))[:90_000]
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        find_claims_in_markdown(body)
        runs.append(time.perf_counter() - t0)
    assert statistics.median(runs) < 0.05


def test_hostile_input_stays_bounded() -> None:
    """90 KB of keywords with no sentence breaks: work is capped, not quadratic."""
    for body in ("open " * 18_000, "开源模型，" * 18_000):
        t0 = time.perf_counter()
        find_claims_in_markdown(body)
        assert time.perf_counter() - t0 < 2.0


# --------------------------------------------------------------------------------------------------
# Properties

_keyword_text = st.lists(
    st.sampled_from(
        [
            "open",
            "Open",
            "open-source",
            "open source",
            "opensource",
            "open-sourced",
            "open weights",
            "openly",
            "opening",
            "fully",
            "not",
            "non-",
            "model",
            "models",
            "among",
            "than",
            "community",
            "开源",
            "开放",
            "模型",
            "权重",
            "社区",
            "不是",
            "完全",
            "中",
            "之一",
            "`",
            "**",
            "[",
            "](",
            ")",
            "<details open>",
            "http://x.org/open-source",
            "|",
            "\n",
            "\n\n",
            ". ",
            "，",
            "。",
            " ",
            "-",
            "_",
            "@",
            "(",
        ]
    )
).map("".join)
_any_text = st.one_of(st.text(), _keyword_text, st.tuples(st.text(), _keyword_text).map("".join))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_any_text)
def test_property_text_and_markdown_never_raise(text: str) -> None:
    _check_offsets(text, find_claims_in_text(text))
    _check_offsets(text, find_claims_in_markdown(text))


@settings(max_examples=300, deadline=None)
@given(_any_text)
def test_property_tags_and_names_never_raise(text: str) -> None:
    assert claim_kind_of_tag(text) in {None, *KINDS}
    _check_offsets(text, find_claims_in_name(text))


@settings(max_examples=300, deadline=None)
@given(_any_text)
def test_property_mask_keeps_offsets(text: str) -> None:
    masked = mask_non_prose(text)
    assert len(masked) == len(text)
    assert [i for i, ch in enumerate(masked) if ch == "\n"] == [i for i, ch in enumerate(text) if ch == "\n"]
    assert all(m == t or m == " " for m, t in zip(masked, text, strict=True))


# --------------------------------------------------------------------------------------------------
# The prose mask


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("a `open-source` b", "open-source"),
        ("x\n```\nopen source code\n```\ny", "open source code"),
        ("- item\n\n    ```python\n    open('f')\n    ```\n", "open('f')"),  # fence indented in a list
        ('<img alt="Open In Colab" src="x.svg">', "Open In Colab"),
        ("<details open>", "details open"),
        ("see https://example.com/open-source now", "example.com/open-source"),
        ("[blog](https://x.org/open-model) text", "x.org/open-model"),
        ("mail opensource@baichuan-inc.com today", "opensource@baichuan-inc.com"),
        ("<!-- open source -->", "open source"),
        ("[1]: https://x.org/open", "https://x.org/open"),
    ],
)
def test_mask_hides_non_prose(text: str, hidden: str) -> None:
    masked = mask_non_prose(text)
    assert hidden not in masked
    assert len(masked) == len(text)


def test_mask_keeps_link_text_and_prose() -> None:
    text = "An [open-source](https://x.org) model; `code` stays hidden.\n\nNew `para"
    masked = mask_non_prose(text)
    assert "[open-source]" in masked and "model;" in masked
    assert "code" not in masked
    assert masked.endswith("New `para")  # an unclosed backtick does not run to the end of the card
