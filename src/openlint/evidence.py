"""What a release actually ships, mapped to the Model Openness Framework's 17 components.

Evidence comes from the file list, the card's metadata (datasets, model-index, tags), its sections and
its links. Each component records every piece of evidence found, so a user can see why openlint thinks
something is (or is not) released. The MOF class and the three OSAID elements are derived from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from openlint import markdown
from openlint.card import PLACEHOLDER
from openlint.lazyre import lazy
from openlint.mof import COMPONENTS
from openlint.release import Card, Component, Evidence, Release, Span

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
_NOT_WEIGHTS = lazy(r"(?:^|/)(?:training_args|optimizer|scheduler|rng_state|trainer_state)[^/]*$", re.I)
_INTERMEDIATE_FILE = lazy(r"(?:^|/)(?:checkpoint|ckpt|step)[-_]?\d+", re.I)

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
    ("evaluation_results", re.compile(
        r"(?:^|/)\.eval_results/[^/]+\.ya?ml$|(?:^|/)eval[_-]?results[^/]*\.(?:json|md|csv)$", re.I)),
    ("technical_report", re.compile(r"(?:^|/)[^/]*(?:technical[_-]?report|tech[_-]?report)[^/]*\.pdf$", re.I)),
    ("research_paper", re.compile(r"(?:^|/)[^/]*paper[^/]*\.pdf$", re.I)),
    ("supporting_libraries", re.compile(
        r"(?:^|/)(?:requirements[^/]*\.txt|setup\.py|pyproject\.toml|environment\.ya?ml)$", re.I)),
    ("datasets", re.compile(
        r"(?:^|/)(?:data|dataset|datasets|training_data)/[^/]+\.(?:jsonl|json|parquet|csv|txt|arrow)$", re.I)),
)

# Section titles that hold evidence when they have real content: one alternation, a named group per
# kind, so a title costs one search.
_SECTION_TITLES = re.compile(
    r"(?P<data_information>training data|pre-?training data|training dataset|datasets?\b|data ?mix"
    r"|data collection|data sources?|model data|训练数据|预训练数据|数据集|数据)"
    r"|(?P<evaluation_results>evaluation|benchmark|results|performance|评测|评估|测评|性能)"
    r"|(?P<model_architecture>architecture|model structure|technical specifications|模型结构|模型架构)"
    r"|(?P<inference_code>how to (?:get started|use)|usage|quick ?start|inference|getting started|代码调用|快速开始"
    r"|使用方式|推理)"
    r"|(?P<training_code>reproduc|training (?:code|procedure|recipe|scripts?)|pre-?training$|训练代码)"
    r"|(?P<intermediate_parameters>intermediate checkpoints|checkpoints|中间 ?checkpoints|中间检查点)"
    r"|(?P<sample_outputs>examples?|sample outputs?|示例)",
    re.I,
)


# Link text (and the words before a link on its line, lower-cased) -> component. Each kind has key words
# checked with `in` (C speed) before its pattern runs: most links are badges and home pages.
_LINK_KINDS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("training_code", ("train", "reproduc", "训练", "微调"), lazy(
        r"training code|train(?:ing)? (?:script|recipe|framework|repo)|pre-?training code|fine-?tuning code"
        r"|reproduc\w* (?:the )?training|code (?:for|to) (?:pre-?)?train|训练代码|预训练代码|微调代码")),
    ("data_preprocessing_code", ("data", "preprocess", "dedup", "数据"), lazy(
        r"data (?:prep\w*|processing|pipeline|curation|cleaning)|preprocessing code|dedup\w*|数据处理代码|数据预处理")),
    ("evaluation_code", ("eval", "harness", "评测", "评估"), lazy(
        r"evaluation (?:code|harness|scripts?|suite|framework)|eval(?:uation)? harness|lm-evaluation-harness"
        r"|评测代码|评估代码")),
    ("technical_report", ("report", "white", "技术报告"), lazy(
        r"technical report|tech report|whitepaper|white paper|技术报告")),
    ("data_card", ("card", "sheet", "数据卡"), lazy(r"data ?card|datasheet|dataset card|数据卡")),
    ("intermediate_parameters", ("checkpoint", "中间检查点"), lazy(
        r"intermediate checkpoints?|training checkpoints|中间检查点")),
)
_PAPER_WORDS = lazy(r"\bpaper\b|arxiv|论文", re.I)
_WEIGHTS_WORDS = lazy(r"download|weights|checkpoints?\b|model files|权重|下载|模型文件", re.I)
_INTERMEDIATE_TEXT = lazy(
    r"intermediate (?:model )?checkpoints|(?:training|all) checkpoints|checkpoints? (?:at|every) \d|"
    r"revision=[\"']?(?:ckpt|step|checkpoint)[_-]?\d|branch(?:es)? (?:named )?[`\"']?step\d"
    r"|中间 ?checkpoints|中间检查点",
    re.I)
_BIBTEX = lazy(r"@(?:article|inproceedings|misc|techreport|inbook|book)\s*\{", re.I)
# A table row holding a number. The leading literal newline lets the regex engine skip ahead (search in
# "\n" + text); ^ with re.M would try every position of a long section.
_TABLE_ROW = re.compile(r"\n[ \t]*\|[^\n]*\d[^\n]*\|")
MAX_EVIDENCE = 12  # per component: enough to show why, without listing every link of a long card
MIN_SECTION_WORDS = 25  # fewer words than this is a stub, not documentation


_CJK_RUN = lazy(r"[\u4e00-\u9fff]+")


def _substantive(text: str) -> bool:
    """At least MIN_SECTION_WORDS words of real text (CJK counts two characters as a word)."""
    if "[" in text and PLACEHOLDER.search(text):
        text = PLACEHOLDER.sub(" ", text)
    words = len(text.split(None, MIN_SECTION_WORDS))  # stops splitting once there are enough
    if words > MIN_SECTION_WORDS:
        return True
    if not text.isascii():
        words += sum(map(len, _CJK_RUN.findall(text))) // 2
    return words >= MIN_SECTION_WORDS


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
        _from_statements(release.card, found)
    _from_tags(release.tags, found)
    return found


class _LazySpan:
    """A link's span, computed only if the link turns out to be evidence (most links are not)."""

    __slots__ = ("card", "end", "start")

    def __init__(self, card: Card, start: int, end: int) -> None:
        self.card, self.start, self.end = card, start, end

    def get(self) -> Span:
        return self.card.span_of_body(self.start, self.end)


def _add_link(found: dict[str, list[Evidence]], key: str, url: str, where: _LazySpan) -> None:
    items = found[key]
    if len(items) < MAX_EVIDENCE and not any(e.kind == "link" and e.detail == url for e in items):
        items.append(Evidence("link", url, where.get()))


def _add(found: dict[str, list[Evidence]], key: str, ev: Evidence) -> None:
    items = found[key]
    # Cards can link hundreds of times; the cap keeps the profile readable and the check cheap.
    if len(items) < MAX_EVIDENCE and not any(e.kind == ev.kind and e.detail == ev.detail for e in items):
        items.append(ev)


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
        total = release.extra["safetensors_total"]
        _add(found, "model_parameters", Evidence("metadata", f"safetensors: {total} parameters"))


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
        kinds = {m.lastgroup for m in _SECTION_TITLES.finditer(section.title) if m.lastgroup}
        if not kinds:
            continue
        text = card.body[section.body_start : section.body_end]
        for key in kinds:
            if key == "evaluation_results":
                ok = ("|" in text and bool(_TABLE_ROW.search("\n" + text))) or _substantive(text)
            elif key == "inference_code":
                ok = "```" in text or "~~~" in text
            elif key == "intermediate_parameters":
                ok = bool(_INTERMEDIATE_TEXT.search(section.title + " " + text))
            elif key == "training_code":
                ok = ("```" in text or "~~~" in text) and "train" in text.lower()
            else:
                ok = _substantive(text)
            if ok:
                _add(found, key, Evidence("section", section.title, section.span))
    if _substantive(card.body):
        _add(found, "model_card", Evidence("file", card.path.rsplit("/", 1)[-1], card.default_span()))


_HF_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
_MODELSCOPE_HOSTS = frozenset({"modelscope.cn", "www.modelscope.cn"})
_HF_NOT_MODELS = frozenset({
    "datasets", "spaces", "docs", "blog", "papers", "collections", "join", "login", "settings", "api", "tasks",
    "learn", "chat", "pricing", "organizations", "models", "posts", "changelog", "enterprise", "new",
})
_PAPER_HOSTS = frozenset({
    "arxiv.org", "www.arxiv.org", "doi.org", "dx.doi.org", "aclanthology.org", "openreview.net", "papers.nips.cc",
    "proceedings.neurips.cc", "proceedings.mlr.press", "openaccess.thecvf.com",
})
_CODE_HOSTS = frozenset({
    "github.com", "www.github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "gitee.com",
})


def _classify_url(url: str) -> tuple[str, str]:
    """(host class, first path segment) of a link target: "hf", "modelscope", "paper", "code", "web", "local"."""
    if "://" not in url:
        return ("magnet" if url.startswith("magnet:") else "local"), ""
    parts = url.split("/", 4)
    host = parts[2].lower() if len(parts) > 2 else ""
    first = parts[3] if len(parts) > 3 else ""
    if host in _HF_HOSTS:
        return "hf", first
    if host in _MODELSCOPE_HOSTS:
        return "modelscope", first
    if host in _PAPER_HOSTS:
        return "paper", first
    if host in _CODE_HOSTS:
        return "code", first
    return "web", first


# "training" / "train" / "reproduce" as words, but not "trained on ..." or "training data": a code
# repository described this way holds the code that trains the model.
_TRAINING_WORDS = re.compile(
    r"\b(?:pre-?)?train(?:ing)?\b(?!\s+(?:data|dataset|corpus|set|mix|tokens))|\breproduc\w*|训练(?!数据)|复现")
_TRAINING_TITLE = re.compile(r"train|reproduc|训练|复现", re.I)


def _training_sections(card: Card) -> list[tuple[int, int]]:
    return [(s.body_start, s.body_end) for s in card.sections if _TRAINING_TITLE.search(s.title)]


def _from_links(card: Card, found: dict[str, list[Evidence]]) -> None:
    body = card.body
    training_sections: list[tuple[int, int]] | None = None  # computed at the first code link
    for link in markdown.links(body, card.fences):
        url = link.url
        kind, first = _classify_url(url)
        if kind == "local" and "/" not in url and not url.endswith(".py"):
            continue  # an anchor or a bare file name (LICENSE, #usage): no evidence
        span = _LazySpan(card, link.start, link.end)
        if kind == "hf" and first == "datasets" and url.count("/") >= 5:
            _add_link(found, "datasets", url, span)
            _add_link(found, "data_card", url, span)
            continue
        hub_model = (kind == "hf" and first not in _HF_NOT_MODELS and url.count("/") >= 4) or (
            kind == "modelscope" and first == "models")
        if kind == "magnet" or hub_model or (kind != "local" and _WEIGHTS_WORDS.search(link.text)):
            _add_link(found, "model_parameters", url, span)
            continue
        # The words before a link on its line say what it is ("Training code: https://...").
        line_start = body.rfind("\n", 0, link.start) + 1
        around = link.text + " " + body[max(line_start, link.start - 160) : link.start]
        if kind == "paper" or (kind == "hf" and first == "papers"):
            report = "report" in around.lower() or "技术报告" in around
            _add_link(found, "technical_report" if report else "research_paper", url, span)
            continue
        code_like = kind == "code" or url.endswith(".py")
        words = (around + " " + url).lower()
        for key, needles, pattern in _LINK_KINDS:
            if key.endswith("_code") and not code_like:
                continue
            if key in ("technical_report", "data_card") and kind == "local":
                continue
            for needle in needles:
                if needle in words:
                    if pattern.search(words):
                        _add_link(found, key, url, span)
                    break
        if kind != "local" and _PAPER_WORDS.search(link.text):
            _add_link(found, "research_paper", url, span)
        if kind != "code":
            continue
        if training_sections is None:
            training_sections = _training_sections(card)
        if ("train" in url.lower() and re.search(r"/[^/]*train[^/]*(?:/|$)", url, re.I)) \
                or (("train" in words or "reproduc" in words or "训练" in words or "复现" in words)
                    and _TRAINING_WORDS.search(words)) \
                or any(a <= link.start < b for a, b in training_sections):
            # A code repository the card describes (or places) as training, fine-tuning or
            # reproduction code: "Core repo (training, inference ...): https://github.com/...".
            _add_link(found, "training_code", url, span)


def _from_text(card: Card, found: dict[str, list[Evidence]]) -> None:
    body = card.body
    if "@" in body:
        m = _BIBTEX.search(body)
        if m:
            _add(found, "research_paper", Evidence("section", "BibTeX citation", card.span_of_body(m.start(), m.end())))
    # The pattern has no literal prefix, so run it only on the lines that hold one of its key words.
    lowered = card.lowered_body()
    for word in ("checkpoint", "revision=", "branch", "中间"):
        pos = lowered.find(word)
        while pos != -1:
            start = lowered.rfind("\n", 0, pos) + 1
            end = lowered.find("\n", pos)
            end = len(body) if end == -1 else end
            m = _INTERMEDIATE_TEXT.search(body, start, end)
            if m:
                _add(found, "intermediate_parameters",
                     Evidence("section", m.group(0), card.span_of_body(m.start(), m.end())))
                return
            pos = lowered.find(word, end)


# "we release the full training code", "the training scripts are available", "训练代码已开源".
_TRAINING_STATEMENT = lazy(
    r"\b(?:releas\w*|open[- ]?sourc\w*|publish\w*|provid\w*|shar\w*|mak\w* (?:public|available))"
    r"[^.\n]{0,60}?\b(?:training|pre-?training|fine-?tuning) (?:code|scripts?|recipes?|pipeline)"
    r"|\b(?:training|pre-?training) (?:code|scripts?|recipes?|pipeline)s? (?:is |are |has been |have been )?"
    r"(?:now |also |fully )?(?:available|released|open[- ]?sourced|public)"
    r"|训练代码[^。\n]{0,10}(?:开源|公开|发布)|(?:开源|公开|发布)[^。\n]{0,10}训练代码", re.I)
_NEGATED = re.compile(r"\b(?:not|no|never|proprietary|unreleased|closed)\b|n't|暂不|未|不", re.I)


_STATEMENT_WORDS = ("training code", "training script", "training recipe", "training pipeline",
                    "pre-training code", "pretraining code", "fine-tuning code", "finetuning code", "训练代码")


def _from_statements(card: Card, found: dict[str, list[Evidence]]) -> None:
    """Sentences saying the training code is released. The pattern runs only on the lines that hold one
    of its key phrases (it has no literal prefix, so on a whole card it would try every position)."""
    body = card.body
    lowered = card.lowered_body()
    if "train" not in lowered and "训练代码" not in body:
        return
    lines: set[int] = set()
    for word in _STATEMENT_WORDS:
        pos = lowered.find(word)
        while pos != -1:
            lines.add(lowered.rfind("\n", 0, pos) + 1)
            pos = lowered.find(word, pos + len(word))
    for start in sorted(lines):
        end = body.find("\n", start)
        end = len(body) if end == -1 else end
        if markdown.in_ranges(start, card.fences):
            continue  # words in a code block are not a statement
        for m in _TRAINING_STATEMENT.finditer(body, start, end):
            sentence = max(body.rfind(". ", start, m.start()) + 2, start)
            if _NEGATED.search(body[sentence:m.end()]):
                continue
            _add(found, "training_code", Evidence("statement", m.group(0), card.span_of_body(m.start(), m.end())))
            return


def _from_tags(tags: Iterable[str], found: dict[str, list[Evidence]]) -> None:
    for tag in tags:
        if tag.startswith("arxiv:"):
            _add(found, "research_paper", Evidence("metadata", tag))
        elif tag.startswith("dataset:"):
            _add(found, "datasets", Evidence("metadata", tag))
            _add(found, "data_card", Evidence("metadata", f"dataset card of {tag[8:]}"))


def span_of_first(evidence: list[Evidence]) -> Span | None:
    return next((e.span for e in evidence if e.span is not None), None)


def build_components(found: dict[str, list[Evidence]]) -> list[Component]:
    return [
        Component(spec.key, spec.name, spec.content_type, spec.mof_class, spec.mof_class > 0, list(found[spec.key]))
        for spec in COMPONENTS
    ]
