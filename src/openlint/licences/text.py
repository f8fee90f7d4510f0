"""Licence-text recognition: which licence a LICENSE/NOTICE/USE_POLICY text is, and which restrictive
clauses it states (with the offsets of the sentences stating them), English and Chinese.

How a text is recognised (strongest first):

1. full text: a knowledge-base title at the start of a line within the first 1,000 characters
   (e.g. "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT"), or a title-less licence's fingerprint phrases
   (MIT, BSD, ISC ...) starting there -> confidence "high". A text holding the full texts of two or
   more licences (a third-party NOTICE compilation) is not recognised as any of them.
2. pointer: a short text that only points at a URL ("Please refer to license: https://...") ->
   `pointer_url`, and the licence of that URL when it is a known licence page -> "medium".
3. notice: a short statement near the start of a non-document text, such as "Licensed under the
   Apache License, Version 2.0" or "DBRX is provided under and subject to the Databricks Open Model
   License" -> "medium". Mentions in README-like documents are ignored.

Clauses are found with generic patterns (so custom texts are covered too); for a recognised licence
a found clause carries the knowledge base's summary of that kind.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from openlint.licences.knowledge import entries, info, lookup, lookup_url
from openlint.release import LicenceInfo

HEAD = 1000  # characters in which a title or fingerprint must start
_MAX_TEXT = 400_000  # longer texts are cut (licence files are far smaller)


@dataclass
class ClauseMatch:
    kind: str  # one of release.RESTRICTION_KINDS
    summary: str
    start: int  # offsets into the text of the sentence stating the clause
    end: int


@dataclass
class TextRecognition:
    licence: LicenceInfo | None  # the licence the text IS (None when unrecognised)
    confidence: str  # "high" | "medium" | "none"
    clauses: tuple[ClauseMatch, ...]  # restrictive clauses found IN THE TEXT
    pointer_url: str | None  # when the file is only a pointer ("see https://...")


# --------------------------------------------------------------------------- text preparation

# Same-length replacements, so that offsets in the prepared text are offsets in the original.
_SAME_LENGTH = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u3000": " ",
        "\ufeff": " ",
        "*": " ",
        "\\": " ",
        "`": " ",
        "|": " ",
        "\t": " ",
        "\r": " ",
    }
)
_TAG = r"<[A-Za-z/!][^<>\n]{0,200}>"


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _lower(prepared: str) -> str:
    """Lower case of the same length (offsets must keep pointing at the original text)."""
    # str.lower() runs in C; it changes the length only for a few letters (e.g. "İ"), checked here.
    # str.translate() with a dict table is ~20x slower on non-ASCII text.
    lowered = prepared.lower()
    return lowered if len(lowered) == len(prepared) else prepared.translate(_ASCII_LOWER)


def _flat(text: str) -> str:
    """Whitespace characters as spaces (same length), at C speed."""
    for char in "\n\t\r\f\v":
        if char in text:
            text = text.replace(char, " ")
    return text


_SAME_LENGTH_PAIRS = tuple((chr(k), v) for k, v in _SAME_LENGTH.items() if isinstance(v, str))


def _prepare(text: str) -> str:
    # One str.replace per character that occurs: C speed, unlike translate() with a dict table.
    prepared = text
    for char, replacement in _SAME_LENGTH_PAIRS:
        if char in prepared:
            prepared = prepared.replace(char, replacement)
    if "<" in prepared:
        prepared = re.sub(_TAG, lambda m: " " * len(m.group(0)), prepared)
    return prepared


def _phrase_regex(phrase: str) -> str:
    """A phrase as a regex: words escaped, any whitespace between them; punctuation-insensitive
    around dashes (– — -)."""
    words = phrase.replace("–", "-").replace("—", "-").split()
    parts = []
    for word in words:
        escaped = re.escape(word).replace(r"\-", "[-–—]")
        parts.append(escaped)
    return r"\s+".join(parts)


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "inc.", "ltd.", "co.", "no.", "vs.", "u.s.", "v.", "corp.", "st.")
_BOUNDARY = (
    r"[.!?](?=\s)"  # end of an English sentence
    r"|[。！？]"  # end of a Chinese sentence
    r"|\n[ \t]*\n"  # blank line
    r"|\n(?=[ \t]*#{1,6}[ \t])"  # before a heading
    # a list item: "- ", "1. ", "a) ", "(iv) ", "第三 "
    r"|\n(?=[ \t]*(?:[-•·]|\d{1,3}[.)、]|\(?[a-zA-Z]{1,4}[.)]|\([0-9ivxIVX]{1,5}\)"
    r"|第[一二三四五六七八九十]+)\s)"
)


# Lines that are sentences of their own: Markdown headings and short all-capitals titles.
_TITLE_LINE = r"(?m)^(?:[ \t]*#{1,6}[ \t][^\n]*|[^a-z\n]{0,60}[A-Z][^a-z\n]{0,60})\n"


def _sentences(prepared: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, covering the text."""
    ends = {m.end() for m in re.finditer(_TITLE_LINE, prepared)}
    for m in re.finditer(_BOUNDARY, prepared):
        if m.group(0) == "." and _is_abbreviation(prepared, m.start()):
            continue
        ends.add(m.end())
    spans: list[tuple[int, int]] = []
    start = 0
    for end in sorted(ends):
        if end > start:
            spans.append((start, end))
            start = end
    if start < len(prepared):
        spans.append((start, len(prepared)))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'":
        word_start -= 1
    word = text[word_start : dot + 1].lower()
    return word in _ABBREVIATIONS or (len(word) == 2 and word[0].isalpha() and word[0].isupper())


def _trim(prepared: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (prepared[start].isspace() or prepared[start] in "-•·#"):
        start += 1
    while end > start and prepared[end - 1].isspace():
        end -= 1
    return start, end


# --------------------------------------------------------------------------- clause patterns

# kind -> patterns in order of preference (the first pattern that matches in a sentence gives the
# sentence reported). Matched case-insensitively with DOTALL, one sentence at a time (so "." cannot
# leave the sentence; hard-wrapped lines are fine). Avoid non-ASCII negated classes: slow to compile.
_S = r"."  # any character (patterns are searched one sentence at a time, with DOTALL)
CLAUSE_PATTERNS: dict[str, tuple[str, ...]] = {
    "user_cap": (
        r"\d[\d,.]*\s*(?:million|billion|thousand|m|bn|k)?\s+(?:monthly|daily|weekly)\s+active\s+users",
        rf"\b(?:monthly|daily|weekly)\s+active\s+users?\b{_S}{{0,80}}\d",
        rf"\b(?:MAU|DAU)\b{_S}{{0,60}}\d|\d{_S}{{0,30}}\b(?:MAU|DAU)\b",
        rf"\b(?:annual|yearly|gross)?\s*(?:revenues?|turnover)\b{_S}{{0,80}}(?:\$|USD|US\$|EUR|€|dollars?)\s*\d",
        rf"(?:\$|USD|US\$|€)\s*\d[\d,.]*\s*(?:million|m|k|thousand|billion)?\b{_S}{{0,80}}\b(?:revenues?|turnover)\b",
        r"(?:月活跃用户|日活跃用户|月活|日活|日均用户活跃量|活跃用户数?|MAU|DAU).{0,40}\d",
        r"\d.{0,20}(?:月活跃用户|日活跃用户|活跃用户)",
        r"(?:年收入|年营业额|年营收|营业收入).{0,30}\d",
    ),
    "use_restrictions": (
        rf"\b(?:adhere\s+to|comply\s+with|subject\s+to|in\s+accordance\s+with){_S}{{0,60}}"
        r"\b(?:acceptable|prohibited)\s+use\s+polic(?:y|ies)\b",
        r"\b(?:agree|agrees)\s+(?:that\s+)?(?:you\s+)?(?:will\s+)?not\s+(?:to\s+)?use\b",
        r"\b(?:use|usage)[\s-]based\s+restrictions?\b",
        r"\brestrictions?\s+set\s+forth\s+in\s+(?:Attachment|Appendix|Exhibit)\s+A\b",
        r"\b(?:acceptable|prohibited)\s+use\s+polic(?:y|ies)\b",
        r"\buse\s+restrictions\b",
        rf"\b(?:not|no|never)\b{_S}{{0,250}}\b(?:military|national\s+security)\b",
        r"\b(?:military|weapons?)\s+(?:purposes?|use|applications?)\b|\bpurposes\s+of\s+surveillance\b|\bbiometric\s+processing\b",
        r"基于使用的限制|使用限制|可接受使用政策|禁止使用政策",
        r"同意不(?:将|把)?.{0,30}用于|不得.{0,40}(?:军事|非法目的|危害国家安全)|禁止.{0,20}(?:军事|用于)",
    ),
    "non_commercial": (
        r"\bfor\s+non[\s-]?commercial\s+(?:\w+\s+){0,2}?(?:purposes?|uses?)\s+only\b",
        r"\b(?:solely|only|exclusively)\s+for\s+(?:your\s+)?non[\s-]?commercial\s+(?:[\w-]+\s+)?(?:purposes?|uses?|research)\b",
        r"\bnon[\s-]?commercial\s+use\s+only\b",
        rf"\b(?:not|no|never)\b{_S}{{0,200}}?\bfor\s+(?:any\s+)?commercial\b",
        r"\bother\s+than\s+(?:for\s+)?commercial\b",
        rf"\bnot\b{_S}{{0,120}}\bprimarily\s+intended\s+for\s+or\s+directed\s+towards?\s+commercial\s+advantage",
        r"\bcommercial\s+(?:use|usage|purposes?)\s+(?:is|are)\s+(?:strictly\s+)?(?:not\s+(?:permitted|allowed)|prohibited|forbidden)\b",
        r"\bnot\s+(?:be\s+)?(?:used\s+)?for\s+commercial\s+(?:use|purposes?)\b",
        r"\bnon[\s-]?commercial\s+(?:\w+\s+){0,2}?(?:purposes?|uses?|research|licen[cs]e)\b",
        r"非商业|不得.{0,20}商业(?:用途|目的|使用|用)|禁止.{0,10}商(?:业|用)",
    ),
    "research_only": (
        r"\bresearch\s+(?:or|and)\s+evaluation\s+purposes\s+only\b",
        r"\b(?:solely|only|exclusively)\s+for\s+(?:your\s+)?(?:[\w-]+\s+){0,2}?research\s+(?:and\s+\w+\s+)?(?:purposes?|use)\b",
        r"\bfor\s+(?:[\w-]+\s+){0,2}?research\s+(?:purposes?\s+|use\s+)?only\b",
        r"\bresearch[\s-]only\b|\bresearch\s+use\s+only\b",
        r"(?<!不)仅(?:限于?|供|可|能)?(?:用于)?[^，]{0,10}研究|只(?:能|可)用于[^，]{0,10}研究|(?:学术)?研究(?:目的|用途)?为限",
    ),
    "no_derivatives": (
        r"\bbut\s+not\s+Share,?\s+Adapted\s+Material\b",
        rf"\bdo\s+not\s+have\s+permission{_S}{{0,80}}\bShare\s+Adapted\s+Material\b",
        r"\bno\s+rights\s+to\s+make\s+Adaptations\b",
        r"\b(?:may|must|shall|will|can)\s*not\s+(?:be\s+)?(?:modif(?:y|ied)|adapt(?:ed)?|altered|create\s+(?:any\s+)?derivative\s+works?|make\s+(?:any\s+)?derivative\s+works?|distribute\s+(?:any\s+)?(?:modified|adapted|derivative))\b",
        r"\bno\s+(?:modifications?|derivatives?|derivative\s+works?)\s+(?:are|is|may\s+be)\s+(?:permitted|allowed|distributed|shared)\b",
        r"\bNo\s?-?Deriv(?:ative)?s\b",
        r"不得(?:对[^，]{0,12})?(?:修改|改编|演绎|创建[^，]{0,8}衍生|创作[^，]{0,8}衍生|制作[^，]{0,8}衍生)|禁止(?:修改|演绎|改编)",
    ),
    "eu_excluded": (
        rf"\b(?:does\s+not\s+apply|do\s+not\s+apply|not\s+(?:being\s+)?granted|not\s+licensed|not\s+available|not\s+permitted|unlicensed|may\s+not\s+be\s+used|is\s+not\s+offered){_S}{{0,250}}\b(?:European\s+Union|EU|EEA)\b",
        rf"\b(?:European\s+Union|EU|EEA)\b{_S}{{0,100}}\b(?:is|are)\s+(?:excluded|not\s+(?:licensed|permitted|covered|included))",
        r"\bexcluding\s+(?:the\s+)?(?:territory\s+of\s+the\s+)?(?:European\s+Union|EU|EEA)\b",
        r"欧盟.{0,30}(?:不适用|除外|排除|不得)|(?:不适用于|不包括|排除|除).{0,30}欧盟",
    ),
    "output_use_ban": (
        rf"\b(?:not|never)\s+(?:\w+\s+){{0,2}}?use\b{_S}{{0,160}}?\b(?:outputs?|results|generated\s+(?:content|data|text))\b{_S}{{0,160}}?\b(?:improve|train|fine[\s-]?tune|distil+|develop|create|build)\b{_S}{{0,120}}?\b(?:other|another|competing|competitive|third[\s-]party)\b{_S}{{0,60}}?\bmodels?\b",
        rf"\b(?:not|never)\s+(?:\w+\s+){{0,2}}?use\b{_S}{{0,80}}?\b(?:outputs?|results)\b{_S}{{0,40}}?\b(?:train|fine[\s-]?tune|distil+)\b{_S}{{0,80}}\bmodels?\b{_S}{{0,40}}\b(?:competitive|compet(?:es|ing))\b",
        rf"\b(?:outputs?|results|generated\s+content)\b{_S}{{0,60}}\b(?:may|must|shall|can)\s*not\s+be\s+used\s+to\s+(?:train|improve|develop|fine[\s-]?tune|distil+)\b",
        r"不得(?:使用|利用|用).{0,60}(?:输出|结果|生成).{0,40}(?:改进|改善|训练|提升|优化).{0,30}(?:其他|其它|任何).{0,20}模型",
    ),
    "naming_duty": (
        r"\bat\s+the\s+beginning\s+of\s+(?:any\s+such\s+|the\s+|its\s+|their\s+)?(?:AI\s+)?model'?s?\s+names?\b",
        r"\b(?:must|shall)\s+(?:also\s+)?(?:include|contain|begin\s+with|start\s+with)\s+\"[^\"\n]{1,40}\"\s+(?:in|at\s+the\s+(?:beginning|start)\s+of)\s+(?:its|their|the|any\s+such)\s+(?:\w+\s+)?names?\b",
        r"\bnames?\b.{0,60}\b(?:must|shall)\s+(?:begin|start)\s+with\b|\b(?:must|shall)\s+(?:begin|start)\s+(?:its\s+|their\s+)?names?\s+with\b",
        r"\b(?:must|shall)\s+prefix\b.{0,40}\bnames?\b|\bprefix\s+(?:the\s+|its\s+|their\s+)?(?:model\s+)?names?\s+with\b",
        r"(?:名称|命名|名字).{0,30}(?:包含|开头|前缀|冠以)|必须包含\"[^\"\n]{1,20}\"命名|以\"[^\"\n]{1,20}\"(?:开头|命名)",
    ),
    "attribution_duty": (
        r"\bprominently\s+display\b.{0,80}\b(?:built|powered|made|improved)\s+(?:with|by|using)\b",
        r"\"(?:Built|Powered|Made|Improved|Created)\s+(?:with|by|using)\s+[^\"\n]{1,40}\"",
        r"显著(?:地)?(?:显示|标明|展示|标注)",
    ),
    "registration": (
        r"\b(?:must|shall|need\s+to|needs\s+to|required\s+to|have\s+to)\s+(?:first\s+)?(?:register\b|complete\s+(?:a|the|this)\s+(?:registration|form|questionnaire)|fill\s+(?:in|out)\s+(?:a|the|this)\s+(?:registration\s+)?(?:form|questionnaire)|submit\s+(?:an?\s+|the\s+)?application)",
        r"\bafter\s+(?:filling\s+(?:out|in)|completing|submitting)\s+(?:a|the|this)\s+(?:registration\s+)?(?:questionnaire|form|application)",
        r"\bregistration\s+(?:questionnaire|form|is\s+required|required)\b",
        rf"\b(?:e-?mail|email)\b{_S}{{0,80}}\b(?:apply|application|authori[sz]ation|permission)\b",
        r"\bapply\s+(?:to\s+\w+(?:\s+\w+)?\s+)?for\s+(?:a\s+)?(?:commercial\s+)?(?:licen[cs]e|permission|authori[sz]ation)\b",
        r"(?:登记|注册|问卷|申请表).{0,40}商(?:业|用)|商(?:业|用).{0,40}(?:登记|注册|问卷|申请表)|申请授权|申请许可|申请商用",
    ),
}

# Cheap keywords (lower-case substrings, whitespace read as one space): only sentences containing
# one of a kind's keywords are tried with its patterns, so most patterns are never compiled.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "user_cap": (
        "active user",
        "mau",
        "dau",
        "revenue",
        "turnover",
        "月活",
        "日活",
        "活跃",
        "收入",
        "营业额",
        "营收",
    ),
    "use_restrictions": (
        "use polic",
        "usage polic",
        "based restriction",
        "use restriction",
        "restrictions set forth",
        "agree not",
        "agree that you will not",
        "agree you will not",
        "military",
        "surveillance",
        "biometric",
        "weapon",
        "national security",
        "限制",
        "政策",
        "不得",
        "禁止",
        "同意不",
        "军事",
    ),
    "non_commercial": (
        "non-commercial",
        "noncommercial",
        "non commercial",
        "any commercial",
        "for commercial",
        "than commercial",
        "commercial advantage",
        "commercial use",
        "commercial purpose",
        "commercial usage",
        "非商业",
        "商业",
        "商用",
    ),
    "research_only": ("research", "研究"),
    "no_derivatives": (
        "adapted material",
        "adaptations",
        "noderiv",
        "no deriv",
        "not modif",
        "not be modif",
        "not adapt",
        "not be adapt",
        "not alter",
        "not be altered",
        "not create deriv",
        "not make deriv",
        "not distribute modif",
        "not distribute deriv",
        "not distribute adapt",
        "no modif",
        "修改",
        "改编",
        "演绎",
        "衍生",
    ),
    "eu_excluded": ("european", " eu ", " eu.", " eu,", " eu)", "(eu", " eea", "欧盟"),
    "output_use_ban": ("output", "输出", "结果", "生成"),
    "naming_duty": (
        "model name",
        "its name",
        "their name",
        "name must",
        "names must",
        "begin with",
        "start with",
        "prefix",
        "名称",
        "命名",
        "名字",
    ),
    "attribution_duty": ("built with", "powered by", "made with", "improved using", "created with", "显著"),
    "registration": (
        "regist",
        "questionnaire",
        "fill out",
        "fill in",
        "filling",
        "application",
        "apply for",
        "apply to",
        "e-mail",
        "email",
        "登记",
        "注册",
        "问卷",
        "申请",
    ),
}

# A sentence matching these is not evidence of the kind (it states a duty as a wish, or a condition
# handled by another kind).
_VETO: dict[str, str] = {
    "attribution_duty": r"\bencourag|\bwe\s+(?:only\s+)?ask\b|\bplease\b|鼓励",
    "naming_duty": r"\bencourag|鼓励",
    "registration": (
        r"\bno\s+(?:registration|application)\b|\bwithout\s+(?:any\s+)?(?:registration|application|applying)\b"
        r"|\b(?:is|are)\s+not\s+required\b|\bnot\s+(?:need|have)\s+to\b|\bencourag|\bwelcome"
        r"|无需|无须|不需要|不必|欢迎|鼓励"
    ),
    "non_commercial": (
        r"\bactive\s+users?\b|\b(?:MAU|DAU)\b|\brevenues?\b|月活|日活|活跃用户"
        r"|\bregist|questionnaire|登记|问卷|注册"
        r"|授权前|未经.{0,10}(?:书面)?(?:授权|许可|同意)"
        r"|\bwithout\s+(?:our\s+|the\s+)?(?:prior\s+)?(?:express\s+|written\s+)*(?:authori[sz]ation|permission|consent)"
    ),
}


def _has_cjk(text: str) -> bool:
    return re.search(r"[\u3000-\u9fff\uff00-\uffef]", text) is not None


@functools.cache
def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile once, on first use: a text compiles only the patterns its keywords call for."""
    return re.compile(pattern, flags)


_GENERIC_SUMMARY = {
    "user_cap": "a user or revenue threshold above which a separate licence is needed",
    "use_restrictions": "use is restricted by a use policy or a list of forbidden uses",
    "non_commercial": "non-commercial use only",
    "research_only": "research use only",
    "no_derivatives": "modified versions may not be made or shared",
    "eu_excluded": "the licence excludes the European Union",
    "output_use_ban": "outputs may not be used to improve or train other models",
    "naming_duty": "derived models must carry a name prefix",
    "attribution_duty": "products must display a 'Built with' style attribution",
    "registration": "use requires registration or an application to the licensor",
}


def find_clauses(prepared: str, known: LicenceInfo | None = None) -> tuple[ClauseMatch, ...]:
    """Restrictive clauses stated in a prepared text: at most one (the best sentence) per kind."""
    spans = _sentences(prepared)
    starts = [s for s, _ in spans]
    lowered = _flat(_lower(prepared))
    candidates: dict[str, list[int]] = {}  # kind -> indexes of sentences holding a keyword
    for kind, words in KEYWORDS.items():
        hits: set[int] = set()
        for word in words:
            pos = lowered.find(word)
            while pos >= 0:
                i = bisect.bisect_right(starts, pos) - 1
                hits.add(i)
                pos = lowered.find(word, spans[i][1] if i >= 0 else pos + 1)  # next sentence
        candidates[kind] = sorted(h for h in hits if h >= 0)
    summaries = {c.kind: c.summary for c in known.clauses} if known is not None else {}
    has_cjk = _has_cjk(prepared)
    found: list[ClauseMatch] = []
    for kind, patterns in CLAUSE_PATTERNS.items():
        sentences = candidates.get(kind)
        if not sentences:
            continue
        if not has_cjk:
            patterns = tuple(p for p in patterns if not _has_cjk(p))
        match = _first_match(prepared, patterns, [spans[i] for i in sentences], _VETO.get(kind))
        if match is not None:
            start, end = match
            found.append(ClauseMatch(kind, summaries.get(kind) or _GENERIC_SUMMARY[kind], start, end))
    found.sort(key=lambda c: (c.start, c.kind))
    return tuple(found)


def _first_match(
    prepared: str,
    patterns: tuple[str, ...],
    sentences: list[tuple[int, int]],
    veto: str | None,
) -> tuple[int, int] | None:
    for pattern in patterns:
        compiled = _rx(pattern, re.IGNORECASE | re.DOTALL)
        for start, end in sentences:
            if compiled.search(prepared, start, end) is None:
                continue
            if veto is not None and _rx(veto, re.IGNORECASE | re.DOTALL).search(prepared, start, end):
                continue
            start, end = _trim(prepared, start, end)
            if end > start:
                return start, end
    return None


# --------------------------------------------------------------------------- licence identification


_LINE_LEAD = " \t>=_#-"


class _Signatures:
    """Title and fingerprint patterns of every knowledge-base entry that has them (matched against the
    lower-cased prepared text; compiled on first use)."""

    def __init__(self) -> None:
        self.line_titles: dict[str, list[tuple[str, str]]] = {}  # first two words -> (key, regex)
        self.head_titles: list[tuple[str, str, str]] = []  # (key, first word, regex)
        # (key, first word, regexes that must all occur, regexes that rule the licence out)
        self.fingerprints: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = []
        for entry in entries():
            for title in entry.titles:
                phrase = title.lstrip("~").lower().replace("–", "-").replace("—", "-")
                if title.startswith("~"):
                    self.head_titles.append((entry.key, phrase.split()[0], _phrase_regex(phrase)))
                    continue
                regex = _phrase_regex(phrase) + r"(?![\w.+])"
                self.line_titles.setdefault(" ".join(phrase.split()[:2]), []).append((entry.key, regex))
            if entry.text:
                phrases = tuple(_phrase_regex(p.lower()) for p in entry.text)
                ruled_out = tuple(_phrase_regex(p.lower()) for p in entry.not_text)
                opening = " ".join(entry.text[0].lower().split()[:3])  # a cheap substring test first
                self.fingerprints.append((entry.key, opening, phrases, ruled_out))
        for titles in self.line_titles.values():  # longest title first where two could match a line
            titles.sort(key=lambda t: -len(t[1]))


@functools.cache
def _signatures() -> _Signatures:
    return _Signatures()


def _line_starts(lowered: str) -> list[tuple[int, str]]:
    """(position, first two words) of each line, after leading blanks and markup."""
    out = []
    pos = 0
    size = len(lowered)
    while pos < size:
        nl = lowered.find("\n", pos)
        end = size if nl < 0 else nl
        start = pos
        while start < end and lowered[start] in _LINE_LEAD:
            start += 1
        if start < end:
            out.append((start, " ".join(lowered[start : min(end, start + 80)].split()[:2])))
        pos = end + 1
    return out


def _full_texts(prepared: str) -> list[tuple[int, int, str]]:
    """(position, -length, key) of every licence whose title starts a line, whose "~" title occurs in
    the head, or whose fingerprint occurs, sorted by position."""
    sig = _signatures()
    lowered = _lower(prepared)
    found: dict[str, tuple[int, int]] = {}

    def add(key: str, start: int, length: int) -> None:
        if key not in found or start < found[key][0]:
            found[key] = (start, -length)

    for start, word in _line_starts(lowered):
        for key, regex in sig.line_titles.get(word, ()):
            m = _rx(regex).match(lowered, start)
            if m is not None:
                add(key, start, m.end() - start)
                break
    head = lowered[: HEAD + 200]
    for key, word, pattern in sig.head_titles:
        if word not in head:
            continue
        hm = _rx(pattern).search(head)
        if hm is not None and hm.start() < HEAD:
            add(key, hm.start(), hm.end() - hm.start())
    flat = _flat(lowered)
    for key, opening, phrases, ruled_out in sig.fingerprints:
        if opening not in flat:
            continue
        first = _rx(phrases[0]).search(lowered)
        if (
            first is not None
            and all(_rx(p).search(lowered) for p in phrases[1:])
            and not any(_rx(p).search(lowered) for p in ruled_out)
        ):
            add(key, first.start(), first.end() - first.start())
    return sorted((start, neg_len, key) for key, (start, neg_len) in found.items())


_URL = r"https?://[^\s<>\"'()\[\]]+"
_NOTICE = (  # "Licensed under ..." opening a sentence, or "<work> is/are licensed under ..."
    r"(?:(?:^|(?<=[\n.!?]))[ \t]*|\b(?:is|are|be)\s+(?:also\s+|only\s+|hereby\s+)?)"
    r"(?:licensed|released|distributed|provided|made\s+available|available|governed|covered|published)"
    r"\s+(?:to\s+you\s+)?(?:under|by)\s+(?:and\s+subject\s+to\s+)?(?:the\s+terms\s+of\s+)?(?:the\s+|a\s+|an\s+)?"
    r"(?P<name>(?:[^\n.;:()\[\]\"]|\.(?=\d)){2,160})"  # "3.1" keeps its dot
)
_NOTICE_ZH = r"(?:遵循|遵守|依照|依据|根据|采用|使用)\s*《(?P<name>[^》\n]{2,60})》"


def _looks_like_document(text: str) -> bool:
    """A README or model card rather than a licence/notice file."""
    if text.lstrip().startswith("---"):
        return True
    return len(re.findall(r"(?m)^#{1,6}\s+\S", text)) >= 3


def _notice_licence(prepared: str) -> LicenceInfo | None:
    """The one licence that the notice statements at the start of a text name (None if none or several)."""
    head = prepared[:HEAD]
    named: dict[str, LicenceInfo] = {}
    for pattern in (_NOTICE, _NOTICE_ZH):
        compiled = _rx(pattern, re.IGNORECASE | re.MULTILINE)
        pos = 0
        while (m := compiled.search(head, pos)) is not None:
            found = _longest_known_prefix(m.group("name"))
            if found is not None:
                named[found.key] = found
            pos = m.start("name") + 1  # statements may follow each other inside one name's span
    if len(named) == 1:
        return next(iter(named.values()))
    return None


def _longest_known_prefix(name: str) -> LicenceInfo | None:
    words = name.replace(",", " , ").split()[:14]
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size]).strip(" ,")
        if not candidate or candidate.lower() in {"license", "licence", "the license", "this license"}:
            continue
        found = lookup(candidate)
        if found is not None and found.hub_id not in {"other", "unknown"}:
            return found
    return None


def _pointer(text: str) -> str | None:
    """The URL of a text that is only a pointer ("Please refer to license: https://...")."""
    stripped = text.strip()
    if not stripped or len(stripped) > 400:
        return None
    first = re.search(_URL, stripped)
    if first is None:
        return None
    words = re.sub(_URL, " ", stripped).split()
    if len(words) > 30:
        return None
    return first.group(0).rstrip(".,;:!?")


def recognise_text(text: str) -> TextRecognition:
    """Which licence a licence-like text is, and the restrictive clauses it states. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return TextRecognition(None, "none", (), None)
    text = text[:_MAX_TEXT]
    prepared = _prepare(text)
    licence: LicenceInfo | None = None
    confidence = "none"

    full_texts = _full_texts(prepared)
    candidates = [c for c in full_texts if c[0] < HEAD]
    # Another licence's full text further down means a compilation (a third-party NOTICE): no verdict.
    if candidates and not any(c[0] >= HEAD and c[2] != candidates[0][2] for c in full_texts):
        licence, confidence = info(candidates[0][2]), "high"

    pointer = None if licence is not None else _pointer(text)
    if licence is None and pointer is not None:
        licence = lookup_url(pointer)
        confidence = "medium" if licence is not None else "none"
    if licence is None and not candidates and not _looks_like_document(text):
        licence = _notice_licence(prepared)
        confidence = "medium" if licence is not None else "none"

    return TextRecognition(licence, confidence, find_clauses(prepared, licence), pointer)
