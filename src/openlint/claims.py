"""Openness claims about the model itself ("open source", "open model", "open weights", 开源, 开放 ...).

The detector is a keyword pre-filter followed by explainable checks on a bounded window around each hit
(the sentence, table cell or list item that contains it):

1. skip hits inside identifiers, URLs and e-mail addresses, and non-claim senses of "open"
   (open-ended, open-domain, "open a PR", "Open In Colab" ...); Markdown input is masked first;
2. drop negated hits ("not open source", "non-open-source", "不是开源");
3. decide what the openness word is about: the head noun it modifies ("open-source model" vs
   "open-source library"), the object of "we open-source X", or the subject of "X is open-sourced";
   claims about only code, tools, data, communities or services are not claims about the model;
4. drop hits that describe a comparison group ("outperforms other open-source models",
   "among open models", "在同尺寸开源模型中"), but keep superlatives predicated of this model
   ("the strongest open-source model", "最强的开源模型之一");
5. drop bare plural class references that nothing ties to this release ("using open-source models from
   the Hub", "Groq hosts open-weight models"), keeping "our/these open models", "a family of open
   models", "X are open LLMs", "we are releasing two open models", "Baichuan 2 open-source models".

The `context` of a match is its sentence in the scanned text, so for Markdown input it is the masked
prose (link targets, tags and code blanked out).

Kinds: "open_source" for any open-source wording; "open_weights" for open-weight wording and for generic
openness predicated of weights/checkpoints only; "open" for the rest. The labelling rules the detector is
measured against are at the top of fixtures/claims/sentences.yaml. No ML, no per-model special cases.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

from openlint.lazyre import lazy as _lazy
from openlint.markdown import blanked, fenced_code_ranges, mask_non_prose

OPEN_SOURCE: Final = "open_source"
OPEN: Final = "open"
OPEN_WEIGHTS: Final = "open_weights"

_CONTEXT_CHARS: Final = 300
_WINDOW: Final = 400  # how far sentence boundaries are looked for on either side of a hit
_SIDE: Final = 200  # how much of the clause on either side is tokenised
# Real cards have tens of keyword hits (the 83 KB Yi README has 29); text with thousands is not a card,
# and analysing only the first hits keeps hostile input (90 KB of "open open ...") to tens of ms.
_MAX_HITS: Final = 1000


@dataclass
class ClaimMatch:
    kind: str  # "open_source" | "open" | "open_weights"
    start: int  # character offset in the text passed in
    end: int  # exclusive
    text: str  # the matched words, e.g. "open-source", "fully open", "开源"
    context: str  # the sentence (or table cell / list item) containing it, whitespace-collapsed, <= 300 chars


_Verdict = tuple[str, int, int]  # (kind, start, end)


def _vocab(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --------------------------------------------------------------------------------------------------
# English vocabulary (lower-case, matched against whole tokens)

_MODEL_NOUNS: Final = _vocab(
    """model models llm llms lm lms slm slms vlm vlms mllm mllms checkpoint checkpoints weight weights
    release releases version versions variant variants series family families edition editions chatbot
    chatbots transformer transformers moe reproduction reproductions replication replications alternative
    alternatives baseline baselines competitor competitors counterpart counterparts peer peers"""
)
_WEIGHT_NOUNS: Final = _vocab("weight weights checkpoint checkpoints parameter parameters params")
_DATA_NOUNS: Final = _vocab("data dataset datasets corpus corpora")
# What an openness word is about when it is not the model: tools, code, data, people, services, ideas.
_OTHER_NOUNS: Final = _vocab(
    """community communities library libraries lib framework frameworks toolkit toolkits tool tools tooling
    software ecosystem ecosystems contributor contributors dataset datasets data corpus corpora code codes
    codebase codebases source implementation implementations repository repositories repo repos platform
    platforms engine engines benchmark benchmarks evaluation evaluations eval evals package packages recipe
    recipes license licenses licence licences protocol protocols team teams solution solutions definition
    movement world option options program programs programme script scripts prompt prompts pipeline
    pipelines infrastructure stack stacks app apps application applications sdk sdks api apis tutorial
    tutorials documentation docs doc paper papers article articles journal journals publication
    publications research science leaderboard leaderboards hub zoo policy policies agreement agreements
    terms consortium consortia consortiums innovation approach approaches exchange mind issue issues pr prs
    deployment deployments backend backends inference method methods technique techniques process processes
    guide guides demo demos server servers service services interface interfaces ui format formats standard
    standards question questions problem problems tokenizer tokenizers quantization alliance knowledge work
    works suite suites notebook notebooks file files browser port door window page tab url link discussion
    discussions"""
)
# Nouns in _OTHER_NOUNS that name ideas, people or activities rather than an artefact. As a head they
# still make a phrase non-model ("open research"), but in the subject/object of "X is open-sourced" they
# say nothing about what X is ("In order to foster research, we have made X open source").
_ABSTRACT_NOUNS: Final = _vocab(
    """research science innovation community communities world mind exchange approach approaches question
    questions problem problems work works movement alliance consortium consortia consortiums team teams
    contributor contributors knowledge"""
)
_ARTEFACT_OTHER_NOUNS: Final = _OTHER_NOUNS - _ABSTRACT_NOUNS
# "our open-source project/effort" is the release's own project; "open-source projects" are others'.
_SELF_NOUNS: Final = _vocab("effort efforts project projects initiative initiatives")
# Collective nouns: a model noun unless a tool noun precedes them ("Open RAIL licence family").
_GROUP_HEADS: Final = _vocab("family families series suite suites")
# After a model noun these do not change the head ("open model implementations" are the models).
_TAIL_IGNORED: Final = _vocab("implementation implementations")
# Nouns that only ever modify a later head ("model capability evaluation framework", "model knowledge
# base project", "model training code"); they let a compound go on after a model noun.
_COMPOUND_MODIFIERS: Final = _vocab(
    """capability capabilities knowledge base training fine-tuning finetuning serving development retrieval
    generation reproduction compression conversion quantization"""
)
# Things that are "open" in the sense of reachable or unlocked, not as a property of a release.
_SERVICE_NOUNS: Final = _vocab(
    """demo demos platform platforms api apis port ports browser file files door issue issues pr prs
    discussion page registration application applications form server service services website site
    endpoint interface playground space spaces"""
)
# Words that end a noun-phrase scan.
_STOP: Final = _vocab(
    """of for to in on at by from with without under via as than that which who whose whom where when while
    is are was were be been being am has have had will would can could should shall may might must do does
    did such like including the a an this these those its our their his her my your we it they you i he she
    based trained designed developed launched built released used available provided created made licensed
    distributed hosted supported optimized optimised tailored not but so because since if into onto over
    across through after before between among against versus vs about e.g i.e etc also only just now yet
    there here"""
)
_OBJECT_END: Final = _vocab("to for on under with via from at into in by which that")
_BE: Final = _vocab("is are was were be been being am 's 're become becomes became remain remains stay stays")
_HAVE: Final = _vocab("have has had 've")
_SKIPPED_ADVERBS: Final = _vocab(
    """also now currently initially officially just recently further proudly hereby finally today already
    still formally publicly soon then gradually"""
)
_INTENSIFIERS: Final = _vocab("fully truly completely totally entirely genuinely really wholly 100%")
# Words before a bare "open-source" that make it a verb ("we open-source X", "to open-source X").
_VERBAL_SUBJECTS: Final = _vocab("we i they to will shall 'll can could would should must may might please")
_GERUND_PREV: Final = _BE | _vocab(
    "by for of about after before in on from through start started begin began keep continue continues"
)
_RELEASE_WORDS: Final = _vocab(
    "release released releases releasing available licensed accessible shared share sharing published publish"
    " distributed"
)
_OPENING_DETERMINERS: Final = _vocab("the a an our its their all entire whole full these this up")
_NEGATIONS: Final = _vocab("not no never without neither nor cannot")
# A negation followed by one of these negates an action, not the openness ("not to use the open-source
# models", "not intended for ...").
_NEGATION_BLOCKERS: Final = _vocab(
    "use used using uses deploy deployed develop developed build built apply intended"
)
_COMPARISON_WORDS: Final = _vocab(
    """than among amongst versus vs against compared compare compares comparing comparison superior better
    worse beat beats beating between benchmarking evaluating evaluate assess assessing testing unlike
    contrast"""
)
_COMPARISON_PREFIXES: Final = ("outperform", "surpass", "exceed", "rival", "outscor", "outrank")
_COMPARISON_BIGRAMS: Final = frozenset(
    {("relative", "to"), ("on", "par"), ("similar", "to"), ("comparable", "to"), ("competitive", "with")}
)
# Other models this one is built from: a group only when plural ("based on open-source models"), while
# "based on the ChatGLM3 open-source model" names this release.
_SOURCE_BIGRAMS: Final = frozenset(
    {
        ("based", "on"),
        ("built", "on"),
        ("built", "upon"),
        ("derived", "from"),
        ("fine-tuned", "from"),
        ("finetuned", "from"),
        ("distilled", "from"),
    }
)
# Quantifiers that make "open models" a group of other models (plural heads only: "the leading open
# model" is a superlative about this one).
_GROUP_WORDS: Final = _vocab(
    """other others existing leading popular mainstream many majority different various several available
    established prior previous competing similar similarly comparably"""
)
_AMONG_MEMBERSHIP: Final = _vocab("first few only earliest")  # "among the first open models"
# A bare plural ("open-source models") names a class of models. It is this release only when something ties
# it to the release: a determiner or possessive ("our/these/the open models", "AI2's open models"), a
# predicate ("X are open LLMs"), membership ("a family of open models", "one of the best open models"), a
# release verb ("we are releasing two new open models"), a model name ("Baichuan 2 open-source models") or
# a title/heading of its own. Otherwise it is other models ("using open-source models from the Hub",
# "Groq hosts open-weight models").
_TYING_DETERMINERS: Final = _vocab("our these this its the those")
_MEMBERSHIP_NOUNS: Final = _vocab(
    "family families series suite set collection line lineup generation generations one range group class"
)
_RELEASING_VERBS: Final = _vocab(
    """release releases released releasing present presents presenting introduce introduces introduced
    introducing launch launches launched launching offer offers offering provide provides providing publish
    publishes published publishing share shares shared sharing create creates created creating"""
)
_THANKS: Final = _vocab("thanks thank grateful gratitude credit credits acknowledge acknowledgements")
# The word after "open" in senses that are never about a release.
_OPEN_BREAKERS: Final = _vocab(
    """ended domain vocabulary vocab book set world question questions problem problems issue issues pr prs
    a an the your it this that in up mind research science innovation exchange approach"""
)
_PREDICATE_FOLLOWERS: Final = _vocab("to for and under as with")
_TRANSPARENT: Final = _vocab("* _ ` [ ] \" ' “ ” ‘ ’ « » ~ > #")

_TOKEN = re.compile(r"[A-Za-z0-9%][A-Za-z0-9%'’+/.-]*[A-Za-z0-9%]|[A-Za-z0-9%]|[^\sA-Za-z0-9%]")
_NON_PREFIX = re.compile(r"(?<![A-Za-z])non[- ]?$", re.I)
# A size bucket after a plural class noun makes a table group label: "Open-source models 6B~34B".
_SIZE_BUCKET = re.compile(
    r"[\s*_]*[<>≤≥]?\s*\d+(?:\.\d+)?\s*[BMK](?:\s*(?:~|-|–|to)\s*\d+(?:\.\d+)?\s*[BMK])?[\s*_)]*$"
)
_WEAK_MODEL_HEADS: Final = _vocab("version versions edition editions variant variants release releases")

# --------------------------------------------------------------------------------------------------
# Chinese vocabulary. Longest first in the regex, so 模型实现 (code) wins over 模型, 数据集 over 数据.

_ZH_NOUNS: Final = {
    **dict.fromkeys(["模型实现", "模型實現"], "other"),
    **dict.fromkeys(["模型权重", "模型權重", "模型参数", "模型參數"], "weights"),
    **dict.fromkeys(["大语言模型", "大語言模型", "语言模型", "語言模型", "大模型", "模型"], "model"),
    **dict.fromkeys(["权重", "權重", "检查点", "檢查點", "参数", "參數"], "weights"),
    **dict.fromkeys(["版本", "系列", "序列", "基座"], "model"),
    **dict.fromkeys(["数据集", "數據集", "資料集", "数据", "數據", "資料", "语料", "語料"], "data"),
    **dict.fromkeys(
        _vocab(
            """程式碼 代码 代碼 源码 社区 社區 社群 框架 工具 项目 項目 专案 專案 软件 軟體 软体
            生态 生態 仓库 倉庫 库 庫 平台 协议 協議 许可证 許可證 许可 教程 评测 評測 基准 方案 脚本
            腳本 引擎 团队 團隊 贡献者 文档 文檔 部署 服务 服務 接口 网页 網頁 demo API 流程 应用 應用
            方法 知识库"""
        ),
        "other",
    ),
}
_ZH_NOUN = _lazy("|".join(re.escape(w) for w in sorted(_ZH_NOUNS, key=len, reverse=True)))
_ZH_SERVICE = _lazy(
    r"平台|demo|Demo|网页|網頁|API|接口|服务|服務|端口|申请|申請|注册|註冊|文档|文檔|公众|公眾"
)
_ZH_NEGATION = _lazy(
    r"(?:不是|并非|並非|非|不|未|尚未|暂不|暫不|没有|沒有|无|無)(?:一个|一個|一款|完全|真正的?)?$"
)
_ZH_INTENSIFIER = _lazy(r"(?:完全|全面|全部|全系|真正|彻底|徹底|充分|100%)$")
# Comparison verbs and relations anywhere in the clause before the hit ...
_ZH_COMPARISON = _lazy(
    r"其他|其它|相比|相較|相较|比较|比較|对比|對比|比起|超过|超過|超越|优于|優於|胜过|勝過|领先于|領先於"
    r"|同尺寸|同等|同类|同類|尺寸相近|规模相近|测试|測試|处于|處於|处在|感谢|感謝|致谢|致謝"
)
# ... and quantifiers/relations that make a group only right before it ("所有开源模型", "基于开源模型微调"),
# not in "所有版本对学术研究完全开放" or "未基于 ChatGLM3 开源模型开发应用".
_ZH_GROUP_BEFORE = _lazy(
    r"(?:不同|众多|眾多|大多数|大多數|多数|多數|主流|现有|現有|已有|所有|基于|基於|多家|很多|许多|許多|各种|各種|各类|各類|等)"
    r"\S{0,4}$"
)
_ZH_AMONG_AFTER = _lazy(r"(?:中(?!文)|之中|当中|當中|里|裡)")  # "在开源模型中": among them
_ZH_LEVEL_AFTER = _lazy(r"的?(?:领先|領先|先进|先進|一流|顶尖|頂尖|最高|最好|最佳)?水平")
_ZH_COMPARED_AFTER = _lazy(r"相比|相较|相較|比较|比較")
_ZH_WITH_BEFORE = _lazy(r"[与和跟同與]")
_ZH_CLAUSE_BREAK = _lazy(r"[，,；;。：:！？!?|\n]")
_ZH_SENTENCE_BREAK = _lazy(r"[；;。：:！？!?|\n]")
_ZH_COMPOUND_END = _lazy(r"[的、，,。；;：:！？!?|（(和与與及或]|以及")
_ZH_OPEN_BREAKERS = _lazy(r"(?:域|平台|问题|問題|式|性|给|給|向|时|時)")  # 开放域, 开放平台, 开放给 ...
_ZH_LOCATIVE = _lazy(r"(?:在|于|於|到|至|给|給)")  # "开源在 GitHub 上": what follows is a place
_ZH_SERVICE_BEFORE = _lazy(r"(?:向公众|向公眾|对外|對外|向社会|向社會)$")
_ZH_ALREADY = ("已", "现已", "已经", "現已", "已經")
_ZH_MARKUP = " \t*_`[]()（）\"'“”"

# --------------------------------------------------------------------------------------------------
# Candidates and windows

_CANDIDATE = re.compile(
    r"(?P<os>(?<![a-z0-9])open[ \t\r\n_-]{0,3}sourc(?:e[sd]?|ing)(?![a-z0-9]))"
    r"|(?P<ow>(?<![a-z0-9])open[ \t\r\n_-]{0,3}weights?(?![a-z0-9]))"
    r"|(?P<gen>(?<![a-z0-9])open(?:ly|ing|ed)?(?![a-z0-9]))"
    r"|(?P<zos>开源|開源)"
    r"|(?P<zop>开放|開放)",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s|$)|[。！？]|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+>#|]|\d+[.)])[ \t])|\|")
_CLAUSE_BREAK = re.compile(r"[;:；：—]|\s[–-]\s")
_COMMA = re.compile(r"[,，]")
_WS = re.compile(r"\s+")


class _Tok(NamedTuple):
    # A NamedTuple, not a dataclass: windows are tokenised for every keyword hit, and tuple creation is
    # about twice as fast as a dataclass __init__.
    text: str  # lower-cased
    start: int
    end: int


@dataclass
class _Hit:
    """A keyword hit with its windows (offsets into the scanned text)."""

    scan: str
    start: int
    end: int
    sent_lo: int  # sentence / cell / list item
    sent_hi: int
    clause_lo: int  # left clause start (after ; : —)
    chunk_lo: int  # left comma-chunk start
    clause_hi: int  # right clause end


def _last_break(pattern: re.Pattern[str], scan: str, lo: int, hi: int) -> int:
    last = lo
    for m in pattern.finditer(scan, lo, hi):
        last = m.end()
    return last


def _first_break(pattern: re.Pattern[str], scan: str, lo: int, hi: int) -> int:
    m = pattern.search(scan, lo, hi)
    return m.start() if m else hi


def _hit(scan: str, start: int, end: int) -> _Hit:
    lo = _last_break(_SENTENCE_BREAK, scan, max(0, start - _WINDOW), start)
    hi = _first_break(_SENTENCE_BREAK, scan, end, min(len(scan), end + _WINDOW))
    clause_lo = _last_break(_CLAUSE_BREAK, scan, lo, start)
    chunk_lo = max(clause_lo, _last_break(_COMMA, scan, lo, start))
    return _Hit(scan, start, end, lo, hi, clause_lo, chunk_lo, _first_break(_CLAUSE_BREAK, scan, end, hi))


def _context(hit: _Hit) -> str:
    text = _WS.sub(" ", hit.scan[hit.sent_lo : hit.sent_hi + 1]).strip(" |")
    if len(text) <= _CONTEXT_CHARS:
        return text
    at = max(0, text.find(_WS.sub(" ", hit.scan[hit.start : hit.end])))
    lo = max(0, min(at - _CONTEXT_CHARS // 2, len(text) - _CONTEXT_CHARS))
    return text[lo : lo + _CONTEXT_CHARS].strip()


def _inside_identifier(scan: str, start: int, end: int) -> bool:
    """URLs, e-mail addresses, file names, code identifiers: only reachable in unmasked text."""
    before = scan[start - 1] if start > 0 else " "
    after = scan[end : end + 2]
    if before in "_./@\\:#=~$" or after[:1] in {"(", "@"}:
        return True
    if after[:1] in {"_", "."} and after[1:].isalnum():
        return True
    lo, hi = start, end
    while lo > 0 and not scan[lo - 1].isspace() and start - lo < 200:
        lo -= 1
    while hi < len(scan) and not scan[hi].isspace() and hi - end < 200:
        hi += 1
    token = scan[lo:hi]
    return "://" in token or "www." in token or "@" in token


# --------------------------------------------------------------------------------------------------
# English: tokens and noun phrases


def _tokens(scan: str, lo: int, hi: int) -> list[_Tok]:
    return [_Tok(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(scan, lo, hi)]


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum() or tok[:1] == "%"


def _words(toks: Sequence[_Tok]) -> list[str]:
    return [t.text for t in toks if _is_word(t.text)]


def _known_noun(w: str) -> bool:
    return w in _MODEL_NOUNS or w in _OTHER_NOUNS or w in _SELF_NOUNS


@dataclass
class _Phrase:
    """The noun phrase after an openness word."""

    category: str  # "model" | "other" | "self" | "none"
    plural: bool
    end: int  # just after the head noun (the hit end when there is none)
    after: tuple[str, ...]  # the next words after the phrase ("such as", "like")


def _skip_parenthetical(toks: Sequence[_Tok], i: int) -> int | None:
    return next((j + 1 for j in range(i + 1, min(len(toks), i + 9)) if toks[j].text == ")"), None)


def _noun_phrase(toks: Sequence[_Tok], default_end: int) -> _Phrase:
    """Scan adjectives and nouns after the openness word, up to a stop word or punctuation.

    Before any noun, "and"/"or"/"," continue ("open source and closed chat models"); after a noun they end
    the phrase ("open-source models and codes"). After a noun only known nouns and modifiers continue a
    compound, and the head is the last noun: "open-source model API deployment code" is about code.
    """
    last_model = last_other = last_self = count = i = 0
    head = last_word = ""
    end = default_end
    while i < len(toks) and count < 10:
        w = toks[i].text
        if w == "[" and head:
            break  # a link after the head is an appositive name: "open source library [LLM Foundry]"
        if w in _TRANSPARENT:
            i += 1
            continue
        if w == "(":
            skipped = _skip_parenthetical(toks, i)
            if skipped is None:
                break
            i = skipped
            continue
        if w in {"and", "or", "&", "+", "/", ","}:
            if head:
                break
            i += 1
            continue
        if not _is_word(w) or w in _STOP or (head and not _known_noun(w) and w not in _COMPOUND_MODIFIERS):
            break
        count += 1
        last_word = w
        if w in _MODEL_NOUNS and not (w in _GROUP_HEADS and last_other):
            last_model, head = count, w
        elif w in _SELF_NOUNS:
            last_self, head = count, w
        elif (w in _OTHER_NOUNS or w in _GROUP_HEADS) and not (w in _TAIL_IGNORED and last_model):
            last_other, head = count, w
        if _known_noun(w):
            end = toks[i].end
        i += 1
    after = tuple(t.text for t in toks[i : i + 3] if _is_word(t.text))
    number = head or last_word
    plural = number.endswith("s") and number not in {"series", "weights", "this", "its"}
    if last_other > max(last_model, last_self):
        category = "other"
    elif last_self > last_model:
        category = "self"
    else:
        category = "model" if last_model else "none"
    return _Phrase(category, plural, end, after)


@dataclass
class _Artefacts:
    model: bool  # the model, its versions, series, family
    weights: bool  # weights, checkpoints, parameters ("model weights" too)
    data: bool
    other: bool  # code, tools, services ...


def _artefacts(words: Sequence[str]) -> _Artefacts:
    model = weights = data = other = False
    for w, nxt in itertools.zip_longest(words, words[1:], fillvalue=""):
        if w in _WEIGHT_NOUNS or (w in {"model", "models"} and nxt in _WEIGHT_NOUNS):
            weights = True
        elif w in _MODEL_NOUNS:
            model = True
        if w in _DATA_NOUNS:
            data = True
        elif w in _ARTEFACT_OTHER_NOUNS:
            other = True
    return _Artefacts(model, weights, data, other)


def _weights_only(found: _Artefacts, allow_other: bool) -> bool:
    return found.weights and not found.model and not found.data and (allow_other or not found.other)


_CONJUNCTIONS: Final = _vocab("and or & , + /")


def _is_head_noun(w: str, current: str) -> bool:
    if w in _MODEL_NOUNS or w in _WEIGHT_NOUNS or w in _DATA_NOUNS:
        return True
    return w in _ARTEFACT_OTHER_NOUNS and not (w in _TAIL_IGNORED and current in _MODEL_NOUNS)


def _segment_heads(toks: Sequence[_Tok]) -> list[str]:
    """Head noun of each conjunct in a subject or object ("the model weights and code" -> weights, code;
    "the Model Context Protocol" -> protocol). The head is the last known noun of the conjunct; abstract
    nouns ("to foster research") do not count."""
    heads: list[str] = []
    current = ""
    for t in [*toks, _Tok(",", 0, 0)]:
        if t.text in _CONJUNCTIONS:
            if current:
                heads.append(current)
            current = ""
        elif _is_head_noun(t.text, current):
            current = t.text
    return heads


def _names_model_or_nothing(toks: Sequence[_Tok]) -> bool:
    """Subject/object test: a conjunct is headed by a model artefact, or there is no noun at all (a bare
    name like "Yi-9B"); False when only code, tools, data or services are named."""
    heads = _segment_heads(toks)
    return not heads or any(h in _MODEL_NOUNS or h in _WEIGHT_NOUNS for h in heads)


def _prev_words(toks: Sequence[_Tok], n: int) -> list[str]:
    """The last n words before the hit, skipping adverbs like "also" and "initially"."""
    return [w for w in _words(toks) if w not in _SKIPPED_ADVERBS][-n:]


def _intensifier_start(toks: Sequence[_Tok]) -> int | None:
    words = [t for t in toks if _is_word(t.text)]
    return words[-1].start if words and words[-1].text in _INTENSIFIERS else None


# --------------------------------------------------------------------------------------------------
# English: negation, acknowledgement, comparison


def _negated(hit: _Hit, chunk: Sequence[str]) -> bool:
    if _NON_PREFIX.search(hit.scan, max(hit.sent_lo, hit.start - 5), hit.start):
        return True
    window = list(chunk[-6:])
    for k in range(len(window) - 1, -1, -1):
        w, between = window[k], window[k + 1 :]
        if w == "not" and between[:1] == ["only"]:
            return False  # "not only open-source but also ..."
        if w in {"rather", "instead"} and between[:1] in (["than"], ["of"]):
            return len(between) <= 3
        if w in _NEGATIONS or w.endswith("n't"):
            pairs = itertools.zip_longest(between, between[1:], fillvalue="")
            infinitive = any(b == "to" and n not in {"be", ""} for b, n in pairs)
            return not (infinitive or any(b in _NEGATION_BLOCKERS for b in between))
    return False


def _thanked(clause: Sequence[str]) -> bool:
    """Acknowledgements thank others' open-source work ("Thanks for open-sourcing!"), except "thanks to
    its open weights"."""
    return any(w in _THANKS for w in clause) and not (clause and clause[-1] in {"its", "our", "this"})


def _comparison(chunk: Sequence[str], clause: Sequence[str], phrase: _Phrase) -> bool:
    recent = list(chunk[-8:])
    if "one" in recent[-5:] and "of" in recent[-4:]:
        return False  # "one of the best open models" is said of this model
    for k, w in enumerate(recent):
        if w in {"among", "amongst"} and set(recent[k + 1 : k + 3]) & _AMONG_MEMBERSHIP:
            continue  # "among the first open models" puts this model in the class
        if w in _COMPARISON_WORDS or w.startswith(_COMPARISON_PREFIXES):
            return True
        if k + 1 < len(recent) and (w, recent[k + 1]) in _COMPARISON_BIGRAMS:
            return True
    if not phrase.plural:
        return False
    near = list(clause[-3:])
    return (
        any(pair in _SOURCE_BIGRAMS for pair in itertools.pairwise(recent))
        or any(w in _GROUP_WORDS or w.endswith("-sized") for w in near)
        or near[-1:] == ["for"]
        or phrase.after[:2] == ("such", "as")
        or phrase.after[:1] in {("like",), ("e.g",)}
    )


# --------------------------------------------------------------------------------------------------
# English judges


@dataclass
class _Context:
    """Token views of a hit used by the English judges."""

    hit: _Hit
    left: list[_Tok]  # left clause
    right: list[_Tok]  # right clause
    chunk: list[str]  # words of the left comma-chunk
    clause: list[str]  # words of the left clause


def _english_context(hit: _Hit) -> _Context:
    left = _tokens(hit.scan, max(hit.clause_lo, hit.start - _SIDE), hit.start)
    right = _tokens(hit.scan, hit.end, min(hit.clause_hi, hit.end + _SIDE))
    chunk = _words([t for t in left if t.start >= hit.chunk_lo])
    return _Context(hit, left, right, chunk, _words(left))


def _verb_form(form: str, prev: Sequence[str], nxt: str) -> str:
    """How an open-source word is used: "passive" (X is open-sourced), "active" (we open-source X,
    have open-sourced X, by open-sourcing X, JetBrains open-sourced the model) or "adjective" (an
    open-source model, X is open source)."""
    last = prev[-1] if prev else ""
    if form.endswith("ed"):
        if last in _BE:
            return "passive"
        if any(w in _HAVE for w in prev) or last in {"we", "they", "i"} or nxt in _OPENING_DETERMINERS:
            return "active"
        return "adjective"
    if form.endswith("ing"):
        return "active" if not prev or last in _GERUND_PREV else "adjective"
    return "active" if last in _VERBAL_SUBJECTS else "adjective"


def _object_tokens(toks: Sequence[_Tok]) -> list[_Tok]:
    """The object of "we open-source ...", up to a preposition or relative pronoun."""
    out: list[_Tok] = []
    for t in toks:
        if t.text in _OBJECT_END:
            break
        out.append(t)
    return out


def _title_case_name(c: _Context) -> bool:
    """A capitalised "Open ..." run that reaches a tool/document noun is a name: "Databricks Open Model
    Acceptable Use Policy", "Open LLM Leaderboard", "Open Source AI Definition"."""
    scan = c.hit.scan
    if not scan[c.hit.start].isupper():
        return False
    run: list[str] = []
    for t in c.right:
        if t.text in _TRANSPARENT:
            continue
        if not (_is_word(t.text) and scan[t.start].isupper()) or len(run) == 6:
            break
        run.append(t.text)
    return any(w in _OTHER_NOUNS for w in run)


def _group_label(c: _Context, phrase: _Phrase) -> bool:
    """A plural class noun alone with a size bucket is a comparison-table group label."""
    hit = c.hit
    alone = not hit.scan[hit.sent_lo : hit.start].strip(" \t\n*_#>|-")
    return phrase.plural and alone and bool(_SIZE_BUCKET.match(hit.scan[phrase.end : hit.sent_hi]))


def _weak_head_about_other(c: _Context, phrase: _Phrase) -> bool:
    """ "version", "release", "variant" are this model only if the clause is not about data or tools
    ("an open license-filtered version of Platypus" in a list of data sets)."""
    if phrase.category != "model":
        return False
    head = (
        (c.hit.scan[max(0, phrase.end - 40) : phrase.end].rsplit(None, 1) or [""])[-1].lower().strip("*_`[]")
    )
    found = _artefacts(c.clause)
    return head in _WEAK_MODEL_HEADS and (found.data or found.other) and not (found.model or found.weights)


def _looks_like_name(scan: str, tok: _Tok, sentence_initial: bool) -> bool:
    """Model names carry digits or unusual capitals (Baichuan 2, GLM-4V-9B, OPT, ChatGLM); a plain
    capitalised word counts only inside a sentence ("Many open-source tools" starts with "Many")."""
    raw = scan[tok.start : tok.end]
    if any(ch.isdigit() for ch in raw) or (len(raw) > 1 and raw.isupper()):
        return True
    if any(ch.isupper() for ch in raw[1:]):
        return True
    return raw[:1].isupper() and raw.lower() not in _STOP and not sentence_initial


def _tied_to_release(c: _Context, phrase: _Phrase) -> bool:
    """Whether a plural open NP refers to this release rather than to a class of other models."""
    if not phrase.plural:
        return True
    hit = c.hit
    words = [t for t in c.left if _is_word(t.text) and t.text not in _INTENSIFIERS]
    near = words[-3:]
    if any(t.text in _TYING_DETERMINERS or t.text.endswith(("'s", "’s")) for t in near):
        return True
    if words:
        initial = len(words) == 1 and not hit.scan[hit.sent_lo : words[-1].start].strip(" \t\n*_#>|-[(")
        if _looks_like_name(hit.scan, words[-1], initial):
            return True  # "Baichuan 2 open-source models", "GLM-4V-9B open source models", "OPT (Open ..."
    if any(t.text in _MEMBERSHIP_NOUNS for t in near) and any(t.text == "of" for t in near):
        return True  # "a family of open models", "the next generation of open-source LLMs"
    if any(w in _BE for w in c.clause) or any(w in _RELEASING_VERBS for w in c.chunk):
        return True  # "X are open, general-purpose LLMs", "we are releasing two new open models"
    # A title "Yi: Open Foundation Models" or a heading/label of its own.
    before = hit.scan[hit.sent_lo : hit.clause_lo].rstrip()
    return not c.clause and (before.endswith((":", "：")) or not before.strip(" \t\n*_#>|-"))


def _judge_open_source(c: _Context) -> _Verdict | None:
    hit = c.hit
    prev = _prev_words(c.left, 3)
    nxt = next((t.text for t in c.right if _is_word(t.text)), "")
    usage = _verb_form(hit.scan[hit.start : hit.end].lower(), prev, nxt)
    intens = _intensifier_start(c.left)
    claim = (OPEN_SOURCE, hit.start if intens is None else intens, hit.end)
    if usage == "passive":
        return claim if _names_model_or_nothing(c.left) else None
    if usage == "active":
        obj = _object_tokens(c.right)
        if any(t.text in {"your", "their"} for t in obj):
            return None  # "please open-source your fine-tunes": someone else's models
        return claim if _names_model_or_nothing(obj) else None
    phrase = _noun_phrase(c.right, hit.end)
    if _comparison(c.chunk, c.clause, phrase) or _title_case_name(c) or _group_label(c, phrase):
        return None
    if _weak_head_about_other(c, phrase):
        return None
    if phrase.category == "model":
        return claim if _tied_to_release(c, phrase) else None
    if phrase.category == "self":
        return claim if prev[-1:] in (["this"], ["our"]) else None
    if phrase.category == "other":
        # "released under an open-source licence" says the release is open source; "open-source licenses"
        # in general do not.
        licence = c.right[0].text in {"license", "licence"} and "under" in prev
        return claim if licence and _names_model_or_nothing(c.left) else None
    # No head noun: "X is open source.", "made X open source for ...", "## Fully open-source".
    return claim if _names_model_or_nothing(c.left) else None


def _kind_by_subject(c: _Context) -> str:
    """open_weights when the thing said to be open is the weights alone, else open. The subject (left)
    may name code beside the weights; an elaboration after the hit ("**Fully open**: weights, data and
    code") must name weights only."""
    subject = _artefacts(c.clause)
    if subject.model or subject.weights or subject.data or subject.other:
        return OPEN_WEIGHTS if _weights_only(subject, allow_other=True) else OPEN
    rest = _artefacts(_words(_tokens(c.hit.scan, c.hit.end, c.hit.sent_hi)))
    return OPEN_WEIGHTS if _weights_only(rest, allow_other=False) else OPEN


def _judge_openly(c: _Context) -> _Verdict | None:
    """Claims like "openly released/available/licensed", "release X openly"."""
    hit = c.hit
    following = [t for t in c.right if _is_word(t.text)][:2]
    release = next((t for t in following if t.text in _RELEASE_WORDS), None)
    if release is not None:
        return _kind_by_subject(c), hit.start, release.end
    if any(w in _RELEASE_WORDS for w in _prev_words(c.left, 6)):
        return _kind_by_subject(c), hit.start, hit.end
    return None


def _judge_opening(c: _Context) -> _Verdict | None:
    """Claims like "We are opening the entire series of ... models": only with a model noun as the object."""
    obj = [w for w in _words(c.right)[:6] if w not in _OPENING_DETERMINERS]
    return (OPEN, c.hit.start, c.hit.end) if obj[:1] and obj[0] in _MODEL_NOUNS else None


def _judge_access(c: _Context, hyphenated: bool) -> _Verdict | None:
    """Claims like "open-access model", "**Open access**: ..."; not open-access papers, journals or data."""
    hit = c.hit
    if hyphenated:
        end = hit.end + len("-access")
        rest = _tokens(hit.scan, end, max(end, hit.clause_hi))
    else:
        end, rest = c.right[0].end, c.right[1:]
    return None if _noun_phrase(rest, end).category == "other" else (OPEN, hit.start, end)


def _judge_open_predicate(c: _Context) -> _Verdict | None:
    """Claims like "The weights of X are open.", "Our code and checkpoints are open to research purpose"."""
    hit = c.hit
    found = _artefacts(c.clause)
    if any(w in _SERVICE_NOUNS for w in c.clause):
        return None  # "the web demo is now open", "the port is open"
    if _weights_only(found, allow_other=True):
        return OPEN_WEIGHTS, hit.start, hit.end
    return (OPEN, hit.start, hit.end) if found.model else None


def _judge_generic_open(c: _Context) -> _Verdict | None:
    hit = c.hit
    form = hit.scan[hit.start : hit.end].lower()
    if form == "openly":
        return _judge_openly(c)
    if form in {"opening", "opened"}:
        return _judge_opening(c)
    if hit.scan.startswith("-", hit.end):
        # Hyphenated compounds: only open-access is an openness claim (not open-ended, open-domain ...).
        access = hit.scan[hit.end : hit.end + 7].lower() == "-access"
        return _judge_access(c, hyphenated=True) if access else None
    nxt = c.right[0].text if c.right else ""
    if nxt in _OPEN_BREAKERS:
        return None
    if nxt == "access":
        return _judge_access(c, hyphenated=False)
    phrase = _noun_phrase(c.right, hit.end)
    intens = _intensifier_start(c.left)
    start = hit.start if intens is None else intens
    if _title_case_name(c) or _group_label(c, phrase) or _weak_head_about_other(c, phrase):
        return None
    if phrase.category == "model":
        if _comparison(c.chunk, c.clause, phrase) or not _tied_to_release(c, phrase):
            return None
        return OPEN, start, phrase.end
    if phrase.category in {"other", "self"}:
        # "made available under an open license" (not "the Open RAIL licence family").
        licence = nxt in {"license", "licence"} and "under" in _prev_words(c.left, 3)
        return (OPEN, hit.start, c.right[0].end) if licence else None
    if intens is not None:
        return _kind_by_subject(c), start, hit.end
    prev = _prev_words(c.left, 1)
    if prev and prev[0] in _BE and (not _is_word(nxt) or nxt in _PREDICATE_FOLLOWERS):
        return _judge_open_predicate(c)
    return None


def _judge_english(hit: _Hit, family: str) -> _Verdict | None:
    if _inside_identifier(hit.scan, hit.start, hit.end):
        return None
    c = _english_context(hit)
    if _negated(hit, c.chunk) or _thanked(c.clause):
        return None
    if family == "os":
        return _judge_open_source(c)
    if family == "ow":
        # "open-weight models": the noun after is the head; "open weights, pre-trained variants": the
        # hit is the noun itself (mass noun, not a class of models).
        phrase = _noun_phrase(c.right, hit.end)
        if not (c.right and c.right[0].text in _MODEL_NOUNS):
            phrase = _Phrase(phrase.category, False, phrase.end, phrase.after)
        if _comparison(c.chunk, c.clause, phrase) or not _tied_to_release(c, phrase):
            return None
        intens = _intensifier_start(c.left)
        return OPEN_WEIGHTS, hit.start if intens is None else intens, hit.end
    return _judge_generic_open(c)


# --------------------------------------------------------------------------------------------------
# Chinese judges


@dataclass
class _ZhContext:
    hit: _Hit
    clause: str  # left, up to the previous sentence-level break
    chunk: str  # left, up to the previous comma
    core: str  # chunk without surrounding markup
    right: str  # right, up to the next comma


def _zh_context(hit: _Hit) -> _ZhContext:
    lo = max(hit.sent_lo, hit.start - 60)
    clause = hit.scan[_last_break(_ZH_SENTENCE_BREAK, hit.scan, lo, hit.start) : hit.start]
    chunk = hit.scan[_last_break(_ZH_CLAUSE_BREAK, hit.scan, lo, hit.start) : hit.start]
    hi = _first_break(_ZH_CLAUSE_BREAK, hit.scan, hit.end, min(hit.sent_hi, hit.end + 40))
    return _ZhContext(hit, clause, chunk, chunk.strip(_ZH_MARKUP), hit.scan[hit.end : hi])


def _zh_nouns(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _ZH_NOUNS[m.group()]) for m in _ZH_NOUN.finditer(text)]


def _zh_categories(text: str) -> list[str]:
    return [cat for _a, _b, cat in _zh_nouns(text)]


def _zh_weights_only(cats: Sequence[str], allow_other: bool) -> bool:
    only = "weights" in cats and "model" not in cats and "data" not in cats
    return only and (allow_other or "other" not in cats)


def _zh_head(right: str) -> tuple[str, int] | None:
    """Category of the first noun after the hit and where it ends. A model noun directly modifying a tool
    noun is about the tool ("开源模型 API 部署代码", "开源大模型能力评测框架"); coordination ("模型和代码")
    and "的" end the compound."""
    nouns = _zh_nouns(right)
    if not nouns:
        return None
    _a, b, cat = nouns[0]
    if cat in {"model", "weights"}:
        tail = _ZH_COMPOUND_END.split(right[b : b + 10], maxsplit=1)[0].replace(" ", "")
        if any(c == "other" and x <= 4 for x, _y, c in _zh_nouns(tail)):
            return "other", b
    return cat, b


def _zh_intensifier_start(z: _ZhContext) -> int | None:
    m = _ZH_INTENSIFIER.search(z.core)
    if not m:
        return None
    trailing = len(z.chunk) - len(z.chunk.rstrip(_ZH_MARKUP))
    return z.hit.start - trailing - len(m.group())


def _zh_comparison(z: _ZhContext, head_end: int | None, groups: bool) -> bool:
    if head_end is not None and "之一" in z.right[head_end : head_end + 12]:
        return False  # "最好的开源模型之一": one of them, said of this model
    if _ZH_COMPARISON.search(z.chunk[-30:]):
        return True
    if groups and _ZH_GROUP_BEFORE.search(z.chunk.rstrip(_ZH_MARKUP)):
        return True
    if head_end is not None and (
        _ZH_AMONG_AFTER.match(z.right, head_end) or _ZH_LEVEL_AFTER.match(z.right, head_end)
    ):
        return True
    return bool(_ZH_COMPARED_AFTER.search(z.right) and _ZH_WITH_BEFORE.search(z.chunk))


def _judge_zh_open_source(hit: _Hit) -> _Verdict | None:
    z = _zh_context(hit)
    if _ZH_NEGATION.search(z.core):
        return None
    body = z.right.lstrip(" \t*_`[]")
    # "开源了 X", "开源的 X": the object or head follows; "开源在 GitHub": a place follows, not an object.
    core = "" if _ZH_LOCATIVE.match(body) else body.lstrip("了的 \t*_`[]")
    head = _zh_head(core)
    offset = len(z.right) - len(core)
    if _zh_comparison(z, None if head is None else head[1] + offset, groups=True):
        return None
    intens = _zh_intensifier_start(z)
    claim = (OPEN_SOURCE, hit.start if intens is None else intens, hit.end)
    if head is not None:
        return claim if head[0] in {"model", "weights"} else None
    # Predicate at the end ("X 模型开源", "代码依照 Apache-2.0 协议开源"): judge by the subject.
    cats = set(_zh_categories(z.clause))
    return claim if cats & {"model", "weights"} or not cats else None


def _judge_zh_open(hit: _Hit) -> _Verdict | None:
    z = _zh_context(hit)
    if _ZH_NEGATION.search(z.core) or _ZH_SERVICE_BEFORE.search(z.core):
        return None
    right = z.right.strip(_ZH_MARKUP)
    if right.startswith(("权重", "權重")):
        return OPEN_WEIGHTS, hit.start, hit.end + z.right.index(right[:2]) + 2
    if _ZH_OPEN_BREAKERS.match(right) or _ZH_SERVICE.search(z.chunk):
        return None
    if _zh_comparison(z, None, groups=False):
        return None
    subject = _zh_categories(z.chunk)
    intens = _zh_intensifier_start(z)
    if intens is not None:
        if subject:
            kind = OPEN_WEIGHTS if _zh_weights_only(subject, allow_other=True) else OPEN
        else:
            rest = _zh_categories(hit.scan[hit.end : hit.sent_hi])
            kind = OPEN_WEIGHTS if _zh_weights_only(rest, allow_other=False) else OPEN
        return kind, intens, hit.end
    head = _zh_head(right.lstrip("的"))
    if head is not None and head[0] in {"model", "weights"}:
        return OPEN, hit.start, hit.end  # 开放的多语言模型, 开放模型
    predicate = right == "" or right.startswith(("了", "！", "!")) or z.core.endswith(_ZH_ALREADY)
    if predicate and head is None and subject:  # "中间检查点开放了"
        if _zh_weights_only(subject, allow_other=True):
            return OPEN_WEIGHTS, hit.start, hit.end
        if "model" in subject and not _ZH_SERVICE.search(z.right):
            return OPEN, hit.start, hit.end
    return None


# --------------------------------------------------------------------------------------------------
# Public API: text and Markdown


def _judge(hit: _Hit, family: str) -> _Verdict | None:
    if family in {"os", "ow", "gen"}:
        return _judge_english(hit, family)
    if family == "zos":
        return _judge_zh_open_source(hit)
    return _judge_zh_open(hit)


def _literal_positions(scan: str, needle: str) -> list[int]:
    found: list[int] = []
    k = scan.find(needle)
    while k >= 0:
        found.append(k)
        k = scan.find(needle, k + 1)
    return found


def _candidate_starts(scan: str) -> list[int]:
    """Where a keyword may start, found with plain str.find: the full candidate pattern (case-insensitive,
    with look-behinds) gets no literal prefix scan and costs ~7 ms per 80 KB if run with finditer."""
    starts = [
        k - 1
        for needle in ("pen", "PEN")
        for k in _literal_positions(scan, needle)
        if k and scan[k - 1] in "oO"
    ]
    starts += [k for needle in ("开", "開") for k in _literal_positions(scan, needle)]
    return sorted(starts)


def _candidates(scan: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    for k in _candidate_starts(scan):
        m = _CANDIDATE.match(scan, k)
        if m is not None:
            found.append(m)
            if len(found) == _MAX_HITS:
                break
    return found


def _find(scan: str, original: str) -> list[ClaimMatch]:
    found: list[ClaimMatch] = []
    last_end = 0
    for m in _candidates(scan):
        if m.start() < last_end:
            continue  # inside the phrase of the previous claim ("open foundation models")
        hit = _hit(scan, m.start(), m.end())
        verdict = _judge(hit, m.lastgroup or "")
        if verdict is None:
            continue
        kind, start, end = verdict
        start, end = max(start, last_end), max(end, m.end())
        found.append(ClaimMatch(kind, start, end, original[start:end], _context(hit)))
        last_end = end
    return found


def find_claims_in_markdown(body: str, fences: list[tuple[int, int]] | None = None) -> list[ClaimMatch]:
    """Claims in a Markdown card body (no YAML front matter). Masks code, HTML, URLs, link targets first
    (via openlint.markdown) so offsets stay those of `body`. `fences`: the body's code-fence ranges, when
    the caller already has them."""
    if fences is None:
        fences = fenced_code_ranges(body)
    return _find(mask_non_prose(_keyword_paragraphs(body, fences), fences), body)


def _keyword_paragraphs(body: str, fences: list[tuple[int, int]]) -> str:
    """The body with every paragraph that holds no keyword blanked (same length, newlines kept).

    Sentences never cross a blank line, so a claim is judged from its own paragraph alone; masking and
    scanning only those paragraphs makes a long card cost what its "open" paragraphs cost. Code fences
    and HTML comments can span paragraphs, so those are kept whole (the mask then blanks them).
    """
    keep: list[tuple[int, int]] = []
    for m in _candidates(body):
        pos = m.start()
        if keep and pos < keep[-1][1]:
            continue
        keep.append(_paragraph_at(body, pos))
    if not keep:
        return blanked(body)
    spans = [*keep, *fences, *_comment_ranges(body)]
    spans.sort()
    parts: list[str] = []
    cursor = 0
    for a, b in spans:
        if b <= cursor:
            continue
        a = max(a, cursor)
        parts.append(blanked(body[cursor:a]))
        parts.append(body[a:b])
        cursor = b
    parts.append(blanked(body[cursor:]))
    return "".join(parts)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _paragraph_at(body: str, pos: int) -> tuple[int, int]:
    """(start, end) of the paragraph holding pos: from after the previous blank line to the next one."""
    start = body.rfind("\n", 0, pos) + 1
    while start > 0:
        prev = body.rfind("\n", 0, start - 1) + 1
        if not body[prev : start - 1].strip():
            break
        start = prev
    m = _BLANK_LINE.search(body, pos)
    return start, (m.start() + 1 if m else len(body))


def _comment_ranges(body: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    k = body.find("<!--")
    while k != -1:
        end = body.find("-->", k + 4)
        end = len(body) if end == -1 else end + 3
        ranges.append((k, end))
        k = body.find("<!--", end)
    return ranges


def find_claims_in_text(text: str) -> list[ClaimMatch]:
    """Claims in plain prose (no masking). Used for e.g. a `description` field."""
    return _find(text, text)


# --------------------------------------------------------------------------------------------------
# Tags

_TAG_SEPARATORS = re.compile(r"[-_\s]+")
_TAG_BARE: Final = {
    "open": OPEN,
    "opensource": OPEN_SOURCE,
    "opensourced": OPEN_SOURCE,
    "openweights": OPEN_WEIGHTS,
    "开放": OPEN,
    "開放": OPEN,
}


def claim_kind_of_tag(tag: str) -> str | None:
    """Kind if a card tag (front-matter `tags:` entry or Hub tag) is an openness claim, else None.
    e.g. "open-source", "opensource", "open_source", "fully-open", "open-weights", "开源" -> a kind;
    "openrail", "license:openrail", "openai", "open-llm-leaderboard", "dataset:openwebtext" -> None."""
    if not isinstance(tag, str) or ":" in tag or "：" in tag:
        return None  # key:value Hub tags (license:, dataset:, base_model:, arxiv:) name other things
    words = _TAG_SEPARATORS.sub(" ", tag).strip()
    bare = _TAG_BARE.get(words.lower().replace(" ", ""))
    if bare is not None:
        return bare
    claims = find_claims_in_text(words)
    return claims[0].kind if claims else None


# --------------------------------------------------------------------------------------------------
# Model names

# Names of other things that start with "Open": organisations, libraries, data sets, licences, APIs,
# leaderboards. A model named after one of them ("OpenHermes-2.5-Mistral-7B" is trained on the OpenHermes
# data, "openchat_3.5" is the OpenChat library's model) is not making its own openness claim. Model
# families whose own name is the claim are deliberately absent: OpenLLaMA, OpenELM ("Open Efficient
# Language Model"), OpenFlamingo, OpenCoder, OpenBuddy ...
_NAME_BRANDS = re.compile(
    r"open[-_ .]?(?:ai|rail|webtext|orca|assistant|hermes|chat|bmb|compass|mmlab|vino|clip|cl|gl|cv|xlab"
    r"|lmlab|webmath|mathinstruct|platypus|bookqa|rlhf|nmt|mp|blas|api|ssl|stack|shift|webui|router"
    r"|thoughts|llm[-_ ]?leaderboard|leaderboard)(?![a-z])",
    re.I,
)
# Name tokens: CJK runs, capitalised or lower-case words, upper-case runs, digit runs.
_NAME_TOKEN = re.compile(r"[\u4e00-\u9fff]+|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
# "openllama" written as one lower-case word still calls the model open; "openness", "opener" do not.
_NOT_OPEN_SUFFIXES: Final = _vocab("ness ing ed er ers ly s ings")
_NAME_INTENSIFIERS: Final = _vocab("fully truly completely totally")


def _name_tokens(name: str) -> list[tuple[str, int, int]]:
    """Tokens of the repository name: in "org/name" the organisation is who publishes, not the model's
    name ("openlm-research/open_llama_3b", "openai-community/gpt2")."""
    own = name.rfind("/") + 1
    masked = " " * own + _NAME_BRANDS.sub(lambda m: " " * len(m.group()), name[own:])
    return [(m.group(), m.start(), m.end()) for m in _NAME_TOKEN.finditer(masked)]


def _name_token_kind(word: str, nxt: str) -> tuple[str, bool] | None:
    """(kind, whether it takes the next token too) for one name token."""
    low = word.lower()
    if low == "open":
        if nxt in {"source", "sourced"}:
            return OPEN_SOURCE, True
        if nxt in {"weight", "weights"}:
            return OPEN_WEIGHTS, True
        return OPEN, False
    if low in {"opensource", "opensourced", "oss"}:
        return OPEN_SOURCE, False
    if low in {"openweight", "openweights"}:
        return OPEN_WEIGHTS, False
    if "开源" in word or "開源" in word:
        return OPEN_SOURCE, False
    if "开放" in word or "開放" in word:
        return OPEN, False
    if word == low and low.startswith("open") and len(low) > 5 and low[4:] not in _NOT_OPEN_SUFFIXES:
        return OPEN, False
    return None


def find_claims_in_name(name: str) -> list[ClaimMatch]:
    """Claims in the model's own name (e.g. repo name "open_llama_7b", "OpenLLaMA", "Fully-Open-7B").
    Offsets into `name`. A name token "open" (split on camelCase, -, _, ., space, digits) is kind "open";
    "opensource"/"open-source" -> "open_source"; "openweight(s)" -> "open_weights"; "oss" (open-source
    software, as in "gpt-oss") -> "open_source". Names of other things (OpenAI, OpenRAIL, OpenWebText,
    OpenOrca, OpenAssistant, OpenHermes, OpenChat, OpenBMB, OpenCompass, OpenMMLab, OpenVINO, OpenCL,
    OpenGL, OpenCV, OpenCLIP, ...) are not the model's claim; a model whose own name is the claim
    (OpenLLaMA, OpenELM) is. In "org/name" only the part after the last "/" is the model's name."""
    if not isinstance(name, str):
        return []
    tokens = _name_tokens(name)
    found: list[ClaimMatch] = []
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        nxt = tokens[i + 1][0].lower() if i + 1 < len(tokens) else ""
        verdict = _name_token_kind(word, nxt)
        if verdict is None:
            i += 1
            continue
        kind, takes_next = verdict
        if takes_next:
            end = tokens[i + 1][2]
        if i > 0 and tokens[i - 1][0].lower() in _NAME_INTENSIFIERS:
            start = tokens[i - 1][1]
        context = _WS.sub(" ", name).strip()[:_CONTEXT_CHARS]
        found.append(ClaimMatch(kind, start, end, name[start:end], context))
        i += 2 if takes_next else 1
    return found
