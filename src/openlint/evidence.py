"""What a release actually ships, mapped to the Model Openness Framework's 17 components.

Evidence comes from the file list, the card's metadata (datasets, model-index, tags), its sections and
its links. Each component records every piece of evidence found, so a user can see why openlint thinks
something is (or is not) released. The MOF class and the three OSAID elements are derived from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from openlint import markdown
from openlint.card import PLACEHOLDER
from openlint.release import Card, Component, Evidence, Release, Span


@dataclass(frozen=True, slots=True)
class ComponentSpec:
    key: str
    name: str  # exact MOF component name
    content_type: str
    mof_class: int  # first class requiring it; 0 = optional
    osaid: str | None  # the OSAID element it belongs to


# Model Openness Framework 1.0 (MOT mof.settings.yml), in the order MOT lists them.
COMPONENTS: tuple[ComponentSpec, ...] = (
    ComponentSpec("model_architecture", "Model architecture", "code", 3, "code"),
    ComponentSpec("model_parameters", "Model parameters (Final)", "data", 3, "parameters"),
    ComponentSpec("technical_report", "Technical report", "document", 3, None),
    ComponentSpec("evaluation_results", "Evaluation results", "document", 3, None),
    ComponentSpec("model_card", "Model card", "document", 3, None),
    ComponentSpec("data_card", "Data card", "document", 3, "data_information"),
    ComponentSpec("sample_outputs", "Sample model outputs", "document", 0, None),
    ComponentSpec("training_code", "Training code", "code", 2, "code"),
    ComponentSpec("inference_code", "Inference code", "code", 2, "code"),
    ComponentSpec("evaluation_code", "Evaluation code", "code", 2, None),
    ComponentSpec("evaluation_data", "Evaluation data", "data", 2, None),
    ComponentSpec("supporting_libraries", "Supporting libraries and tools", "code", 0, None),
    ComponentSpec("datasets", "Datasets", "data", 1, "data_information"),
    ComponentSpec("data_preprocessing_code", "Data preprocessing code", "code", 1, "code"),
    ComponentSpec("intermediate_parameters", "Model parameters (Intermediate)", "data", 1, None),
    ComponentSpec("research_paper", "Research paper", "document", 1, None),
    ComponentSpec("model_metadata", "Model metadata", "data", 0, None),
)
SPEC = {c.key: c for c in COMPONENTS}
MOF_LABELS = {3: "Class III (Open Model)", 2: "Class II (Open Tooling Model)", 1: "Class I (Open Science Model)",
              0: "Unclassified"}

# Libraries whose open-source code runs and defines the model when a card names them as library_name.
# (library -> licence key of the library's own code)
LIBRARY_LICENCES = {
    "transformers": "apache-2.0", "diffusers": "apache-2.0", "sentence-transformers": "apache-2.0",
    "peft": "apache-2.0", "timm": "apache-2.0", "open_clip": "mit", "gguf": "mit", "llama.cpp": "mit",
    "mlx": "mit", "keras": "apache-2.0", "tf-keras": "apache-2.0", "nemo": "apache-2.0", "speechbrain": "apache-2.0",
    "fairseq": "mit", "spacy": "mit", "flair": "mit", "paddlenlp": "apache-2.0", "onnx": "apache-2.0",
    "transformers.js": "apache-2.0", "vllm": "apache-2.0", "espnet": "apache-2.0", "fastai": "apache-2.0",
    "stable-baselines3": "mit", "ml-agents": "apache-2.0", "pyannote-audio": "mit", "setfit": "apache-2.0",
    "span-marker": "apache-2.0", "adapter-transformers": "apache-2.0", "allennlp": "apache-2.0",
    "asteroid": "mit", "nemo-toolkit": "apache-2.0", "openvino": "apache-2.0", "mlc-llm": "apache-2.0",
    "colbert": "mit", "gliner": "apache-2.0", "ultralytics": "agpl-3.0", "pytorch": "bsd-3-clause",
    "jax": "apache-2.0", "flax": "apache-2.0", "tensorflow": "apache-2.0", "tflite": "apache-2.0",
    "coreml": "bsd-3-clause", "lerobot": "apache-2.0", "f5-tts": "mit", "megatron": "bsd-3-clause",
}

_WEIGHT_SUFFIXES = (
    ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".ggml", ".onnx", ".h5", ".msgpack", ".tflite",
    ".mlmodel", ".mlpackage", ".npz", ".pdparams", ".nemo", ".keras", ".pb", ".engine", ".params", ".llamafile",
)
_NOT_WEIGHTS = re.compile(r"(?:^|/)(?:training_args|optimizer|scheduler|rng_state|trainer_state)[^/]*$", re.I)
_INTERMEDIATE_FILE = re.compile(r"(?:^|/)(?:checkpoint|ckpt|step)[-_]?\d+", re.I)

# File names (relative paths) that are evidence of a component.
_FILE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("model_architecture", re.compile(r"(?:^|/)(?:modeling|model|configuration|architecture)[^/]*\.py$", re.I)),
    ("model_metadata", re.compile(r"(?:^|/)(?:config|generation_config|params|model_index)\.json$", re.I)),
    ("inference_code", re.compile(
        r"(?:^|/)(?:inference|infer|generate|generation|predict|run|chat|demo|cli_demo|web_demo|serve|pipeline"
        r"|handler)[^/]*\.py$", re.I)),
    ("training_code", re.compile(
        r"(?:^|/)(?:(?:pre)?train|finetune|fine_tune|sft|dpo|rlhf|ppo)[^/]*\.(?:py|sh|ya?ml)$"
        r"|(?:^|/)(?:training|train|finetune|finetuning)/[^/]+\.(?:py|sh|ya?ml)$", re.I)),
    ("evaluation_code", re.compile(
        r"(?:^|/)(?:eval|evaluate|evaluation|benchmark)[^/]*\.(?:py|sh)$|(?:^|/)(?:eval|evaluation|evals)/[^/]+\.py$",
        re.I)),
    ("data_preprocessing_code", re.compile(
        r"(?:^|/)(?:preprocess|prepare_data|data_prep|process_data|tokeni[sz]e_data|dedup|filter_data)[^/]*\.(?:py|sh)$"
        r"|(?:^|/)(?:data_prep|preprocessing|data_processing)/[^/]+\.py$", re.I)),
    ("data_card", re.compile(r"(?:^|/)(?:data[_-]?card|datasheet|dataset[_-]?card)[^/]*\.md$", re.I)),
    ("evaluation_results", re.compile(r"(?:^|/)\.eval_results/[^/]+\.ya?ml$|(?:^|/)eval[_-]?results[^/]*\.(?:json|md|csv)$", re.I)),
    ("technical_report", re.compile(r"(?:^|/)[^/]*(?:technical[_-]?report|tech[_-]?report)[^/]*\.pdf$", re.I)),
    ("research_paper", re.compile(r"(?:^|/)[^/]*paper[^/]*\.pdf$", re.I)),
    ("supporting_libraries", re.compile(r"(?:^|/)(?:requirements[^/]*\.txt|setup\.py|pyproject\.toml|environment\.ya?ml)$", re.I)),
    ("datasets", re.compile(r"(?:^|/)(?:data|dataset|datasets|training_data)/[^/]+\.(?:jsonl|json|parquet|csv|txt|arrow)$", re.I)),
)

# Section titles (lower-cased) that hold evidence when they have real content.
_SECTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("data_information", re.compile(
        r"training data|pre-?training data|training dataset|datasets?\b|data ?mix|data collection|data sources?"
        r"|model data|训练数据|预训练数据|数据集|数据", re.I)),
    ("evaluation_results", re.compile(
        r"evaluation|benchmark|results|performance|评测|评估|测评|性能", re.I)),
    ("model_architecture", re.compile(r"architecture|model structure|technical specifications|模型结构|模型架构", re.I)),
    ("inference_code", re.compile(
        r"how to (?:get started|use)|usage|quick ?start|inference|getting started|代码调用|快速开始|使用方式|推理", re.I)),
    ("training_code", re.compile(r"reproduc|training (?:code|procedure|recipe|scripts?)|pre-?training$|训练代码", re.I)),
    ("intermediate_parameters", re.compile(r"intermediate checkpoints|checkpoints|中间 ?checkpoints|中间检查点", re.I)),
    ("sample_outputs", re.compile(r"examples?|sample outputs?|示例", re.I)),
)

# Link text or URL words -> component. Checked on the link text and the sentence around the link.
_LINK_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("training_code", re.compile(
        r"training code|train(?:ing)? (?:script|recipe|framework|repo)|pre-?training code|fine-?tuning code"
        r"|reproduc\w* (?:the )?training|code (?:for|to) (?:pre-?)?train|训练代码|预训练代码|微调代码", re.I)),
    ("data_preprocessing_code", re.compile(
        r"data (?:prep\w*|processing|pipeline|curation|cleaning)|preprocessing code|dedup\w*|数据处理代码|数据预处理",
        re.I)),
    ("evaluation_code", re.compile(
        r"evaluation (?:code|harness|scripts?|suite|framework)|eval(?:uation)? harness|lm-evaluation-harness"
        r"|评测代码|评估代码", re.I)),
    ("technical_report", re.compile(r"technical report|tech(?:nical)? report|whitepaper|white paper|技术报告", re.I)),
    ("research_paper", re.compile(r"\bpaper\b|arxiv|论文", re.I)),
    ("data_card", re.compile(r"data ?card|datasheet|dataset card|数据卡", re.I)),
    ("intermediate_parameters", re.compile(r"intermediate checkpoints?|training checkpoints|中间检查点", re.I)),
)
_CODE_HOST = re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org|gitee\.com)/", re.I)
_PAPER_URL = re.compile(r"^https?://(?:www\.)?(?:arxiv\.org/(?:abs|pdf)/|doi\.org/|aclanthology\.org/|openreview\.net/"
                        r"|proceedings\.|papers\.nips\.cc/|huggingface\.co/papers/)", re.I)
_HUB_MODEL_URL = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co|hf\.co|modelscope\.cn/models|www\.modelscope\.cn/models)/"
    r"(?!(?:datasets|spaces|docs|blog|papers|collections|join|login|settings|api|tasks|learn|chat|pricing"
    r"|organizations|models|posts|changelog|enterprise)/)[\w.-]+/[\w.-]+/?(?:tree/[^\s)]*)?$", re.I)
_WEIGHTS_WORDS = re.compile(r"download|weights|checkpoints?\b|model files|权重|下载|模型文件", re.I)
_DATASET_URL = re.compile(r"^https?://(?:www\.)?huggingface\.co/datasets/([\w.-]+/[\w.-]+)", re.I)
_INTERMEDIATE_TEXT = re.compile(
    r"intermediate (?:model )?checkpoints|(?:training|all) checkpoints|checkpoints? (?:at|every) \d|"
    r"revision=[\"']?(?:ckpt|step|checkpoint)[_-]?\d|branch(?:es)? (?:named )?[`\"']?step\d|中间 ?checkpoints|中间检查点",
    re.I)
_BIBTEX = re.compile(r"@(?:article|inproceedings|misc|techreport|inbook|book)\s*\{", re.I)
_TABLE_ROW = re.compile(r"^\s*\|.*\d.*\|\s*$", re.M)
_CODE_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.M)
_WORD = re.compile(r"\w+")
MIN_SECTION_WORDS = 25  # fewer words than this is a stub, not documentation


def _content(card: Card, start: int, end: int) -> str:
    return card.body[start:end]


def _substantive(text: str) -> bool:
    if PLACEHOLDER.search(text) and len(_WORD.findall(PLACEHOLDER.sub("", text))) < MIN_SECTION_WORDS:
        return False
    # CJK text has no spaces: count characters of CJK scripts as words too.
    words = len(_WORD.findall(text))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return words + cjk // 2 >= MIN_SECTION_WORDS


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float) and str(v).strip()]
    return []


def collect(release: Release) -> dict[str, list[Evidence]]:
    """Evidence per component key (plus the pseudo-key "data_information")."""
    found: dict[str, list[Evidence]] = {c.key: [] for c in COMPONENTS}
    found["data_information"] = []
    _from_files(release, found)
    if release.card is not None:
        _from_metadata(release, release.card, found)
        _from_sections(release.card, found)
        _from_links(release.card, found)
        _from_text(release.card, found)
    _from_tags(release.tags, found)
    return found


def _add(found: dict[str, list[Evidence]], key: str, ev: Evidence) -> None:
    if not any(e.kind == ev.kind and e.detail == ev.detail for e in found[key]):
        found[key].append(ev)


def _from_files(release: Release, found: dict[str, list[Evidence]]) -> None:
    for rel in release.files:
        lower = rel.lower()
        if lower.endswith(_WEIGHT_SUFFIXES) and not _NOT_WEIGHTS.search(rel):
            key = "intermediate_parameters" if _INTERMEDIATE_FILE.search(rel) else "model_parameters"
            _add(found, key, Evidence("file", rel))
            continue
        for key, pattern in _FILE_RULES:
            if pattern.search(rel):
                _add(found, key, Evidence("file", rel))
    if release.extra.get("safetensors_total"):
        _add(found, "model_parameters", Evidence("metadata", f"safetensors: {release.extra['safetensors_total']} parameters"))


def _from_metadata(release: Release, card: Card, found: dict[str, list[Evidence]]) -> None:
    fm = card.front_matter
    for ds in _as_list(fm.get("datasets")):
        span = card.span_of_value("datasets") or card.span_of_key("datasets")
        _add(found, "datasets", Evidence("metadata", f"datasets: {ds}", span))
        # A Hub dataset id comes with its dataset card.
        _add(found, "data_card", Evidence("metadata", f"dataset card of {ds}", span))
    library = fm.get("library_name")
    if isinstance(library, str) and library.lower() in LIBRARY_LICENCES:
        span = card.span_of_value("library_name")
        ev = Evidence("library", f"library_name: {library}", span)
        _add(found, "inference_code", ev)
        _add(found, "model_architecture", ev)
        _add(found, "supporting_libraries", ev)
    index = fm.get("model-index")
    if isinstance(index, list) and index:
        span = card.span_of_key("model-index")
        _add(found, "evaluation_results", Evidence("metadata", "model-index", span))
        names = _model_index_datasets(index)
        if names:
            _add(found, "evaluation_data", Evidence("metadata", "model-index datasets: " + ", ".join(names[:5]), span))
    if fm.get("widget"):
        _add(found, "sample_outputs", Evidence("metadata", "widget", card.span_of_key("widget")))


def _model_index_datasets(index: list[object]) -> list[str]:
    names: list[str] = []
    for entry in index:
        results = entry.get("results") if isinstance(entry, dict) else None
        for result in results if isinstance(results, list) else []:
            ds = result.get("dataset") if isinstance(result, dict) else None
            if isinstance(ds, dict):
                name = ds.get("type") or ds.get("name")
                if isinstance(name, str) and name not in names:
                    names.append(name)
    return names


def _from_sections(card: Card, found: dict[str, list[Evidence]]) -> None:
    for section in card.sections:
        text = _content(card, section.body_start, section.body_end)
        for key, pattern in _SECTION_RULES:
            if not pattern.search(section.title):
                continue
            if key == "evaluation_results":
                ok = bool(_TABLE_ROW.search(text)) or _substantive(text)
            elif key == "inference_code":
                ok = bool(_CODE_FENCE.search(text))
            elif key == "intermediate_parameters":
                ok = bool(_INTERMEDIATE_TEXT.search(section.title + " " + text))
            elif key == "training_code":
                ok = bool(_CODE_FENCE.search(text)) and bool(re.search(r"\btrain", text, re.I))
            else:
                ok = _substantive(text)
            if ok:
                _add(found, key, Evidence("section", section.title, section.span))
    if _substantive(card.body):
        _add(found, "model_card", Evidence("file", card.path.rsplit("/", 1)[-1], card.default_span()))


def _from_links(card: Card, found: dict[str, list[Evidence]]) -> None:
    fences = markdown.fenced_code_ranges(card.body)
    for link in markdown.links(card.body, fences):
        url = link.url
        span = card.span_of_body(link.start, link.end)
        # The words around a bare link say what it is ("training code: https://...").
        line_start = card.body.rfind("\n", 0, link.start) + 1
        around = link.text + " " + card.body[line_start : link.start][-160:]
        ds = _DATASET_URL.match(url)
        if ds:
            _add(found, "datasets", Evidence("link", url, span))
            _add(found, "data_card", Evidence("link", url, span))
            continue
        if _HUB_MODEL_URL.match(url) or url.startswith("magnet:") or (
                re.match(r"https?://", url) and _WEIGHTS_WORDS.search(link.text)):
            _add(found, "model_parameters", Evidence("link", url, span))
            continue
        if _PAPER_URL.match(url):
            key = "technical_report" if re.search(r"technical report|tech report|技术报告", around, re.I) else "research_paper"
            _add(found, key, Evidence("link", url, span))
            continue
        for key, pattern in _LINK_RULES:
            if key in ("research_paper", "technical_report", "data_card") and not re.match(r"https?://", url):
                continue
            target = around if key not in ("research_paper",) else link.text
            if pattern.search(target) or (key != "research_paper" and pattern.search(url)):
                if key.endswith("_code") and not (_CODE_HOST.match(url) or url.endswith(".py")):
                    continue
                _add(found, key, Evidence("link", url, span))
        if _CODE_HOST.match(url) and re.search(r"/[^/]*train[^/]*(?:/|$)", url, re.I):
            _add(found, "training_code", Evidence("link", url, span))


def _from_text(card: Card, found: dict[str, list[Evidence]]) -> None:
    for m in _BIBTEX.finditer(card.body):
        _add(found, "research_paper", Evidence("section", "BibTeX citation", card.span_of_body(m.start(), m.end())))
        break
    m = _INTERMEDIATE_TEXT.search(card.body)
    if m:
        _add(found, "intermediate_parameters", Evidence("section", m.group(0), card.span_of_body(m.start(), m.end())))


def _from_tags(tags: Iterable[str], found: dict[str, list[Evidence]]) -> None:
    for tag in tags:
        if tag.startswith("arxiv:"):
            _add(found, "research_paper", Evidence("metadata", tag))
        elif tag.startswith("dataset:"):
            _add(found, "datasets", Evidence("metadata", tag))
            _add(found, "data_card", Evidence("metadata", f"dataset card of {tag[8:]}"))


def data_information_evidence(found: dict[str, list[Evidence]]) -> list[Evidence]:
    """OSAID Data Information: a data listing, a data card or a substantive training-data section.

    A paper alone does not count: OSAID asks for enough detail for a skilled person to rebuild the system,
    and a model paper's data paragraph rarely gives it.
    """
    return [*found["datasets"], *found["data_card"], *found["data_information"]]


def span_of_first(evidence: list[Evidence]) -> Span | None:
    return next((e.span for e in evidence if e.span is not None), None)


def build_components(found: dict[str, list[Evidence]]) -> list[Component]:
    return [
        Component(spec.key, spec.name, spec.content_type, spec.mof_class, spec.mof_class > 0, list(found[spec.key]))
        for spec in COMPONENTS
    ]
