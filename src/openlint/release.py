"""The fact model: what a source knows about one model release.

Sources (local folder, Hub repo) produce a `Release`; extractors add facts; rules read the facts
through `openlint.facts.to_facts`. Every fact that a finding can point at carries a `Span`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Span:
    """A region of a file. Lines and columns are 1-based; `end_column` is exclusive (as in SARIF)."""

    path: str
    line: int = 1
    column: int = 1
    end_line: int = 0
    end_column: int = 0

    def __post_init__(self) -> None:
        # A bare (path, line, column) means "this point": make the end equal the start.
        if self.end_line <= 0:
            self.end_line = self.line
        if self.end_column <= 0:
            self.end_column = self.column


@dataclass
class Section:
    """A Markdown heading and the text under it (up to the next heading of the same or higher level)."""

    title: str
    level: int
    span: Span  # the heading line
    body_start: int  # character offset into Card.body where the section text starts
    body_end: int


@dataclass
class Card:
    """A model card: YAML front matter plus Markdown body, with exact positions."""

    path: str  # display path of the card file
    text: str  # whole file, BOM removed, newlines normalised to \n
    front_matter: dict[str, Any] = field(default_factory=dict)
    has_front_matter: bool = False
    front_matter_error: str | None = None
    front_matter_error_span: Span | None = None
    front_matter_span: Span | None = None  # the opening '---' line
    body: str = ""
    body_line: int = 1  # file line on which the body starts
    # key path (tuple of str/int) -> span of the value (for scalars) or of the key (for collections)
    value_spans: dict[tuple[str | int, ...], Span] = field(default_factory=dict)
    key_spans: dict[tuple[str | int, ...], Span] = field(default_factory=dict)
    # YAML comments on front-matter lines, by file line (for suppressions)
    front_matter_comments: dict[int, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    fences: list[tuple[int, int]] = field(default_factory=list)  # code-fence ranges of the body
    body_index: Any = field(default=None, repr=False)  # textpos.LineIndex of the body
    _lowered: str | None = field(default=None, repr=False)

    def lowered_body(self) -> str:
        """The body in lower case (same length), computed once for every scan that needs it."""
        if self._lowered is None:
            self._lowered = self.body.lower()
            if len(self._lowered) != len(self.body):  # a few letters change length: offsets must hold
                self._lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.body)
        return self._lowered

    def span_of_body(self, start: int, end: int) -> Span:
        """Span of body[start:end] in file coordinates."""
        return self.body_index.span(start, end)  # type: ignore[no-any-return]

    def span_of_key(self, *path: str | int) -> Span | None:
        return self.key_spans.get(tuple(path))

    def span_of_value(self, *path: str | int) -> Span | None:
        return self.value_spans.get(tuple(path)) or self.key_spans.get(tuple(path))

    def default_span(self) -> Span:
        """Where a finding about the card as a whole points: the front matter start, else line 1."""
        return self.front_matter_span or Span(self.path, 1, 1)


@dataclass
class Clause:
    """A restrictive term of a licence, with where it is stated."""

    kind: str  # one of RESTRICTION_KINDS
    summary: str  # what it says, for messages: "a 700M monthly-active-user cap (§2)"
    reference: str = ""  # URL or section reference of the licence text
    span: Span | None = None  # where it was found, when found in a file of the release


RESTRICTION_KINDS: tuple[str, ...] = (
    "use_restrictions",  # acceptable-use policy or RAIL-style list of forbidden uses
    "user_cap",  # monthly-active-user or revenue threshold
    "non_commercial",
    "research_only",
    "no_derivatives",
    "eu_excluded",
    "output_use_ban",  # may not use outputs to improve other models
    "naming_duty",  # derived models must carry a name prefix
    "attribution_duty",  # "Built with X" or similar display duties beyond a notice
    "registration",  # must register or request permission before use
)

# Families of licences (see docs/licences.md). "open" families grant the four freedoms.
OPEN_FAMILIES: frozenset[str] = frozenset(
    {"open-source", "open-data", "public-domain", "open-model", "free-not-osi"}
)
RESTRICTIVE_FAMILIES: frozenset[str] = frozenset(
    {"rail", "vendor", "non-commercial", "no-derivatives", "research-only", "restricted"}
)
FAMILIES: tuple[str, ...] = (
    "open-source",
    "open-data",
    "public-domain",
    "open-model",
    "free-not-osi",
    "rail",
    "vendor",
    "non-commercial",
    "no-derivatives",
    "research-only",
    "restricted",
    "unknown",
)


# The same families from most to least restrictive: a release's `family` is the strictest that applies.
STRICTEST_FIRST: tuple[str, ...] = (
    "research-only", "non-commercial", "no-derivatives", "vendor", "rail", "restricted", "unknown",
    "free-not-osi", "open-model", "open-data", "public-domain", "open-source",
)


def strictest_first(families: set[str]) -> list[str]:
    return sorted(families, key=lambda f: STRICTEST_FIRST.index(f) if f in STRICTEST_FIRST else len(STRICTEST_FIRST))


@dataclass
class LicenceInfo:
    """Knowledge about one licence (an entry of licences/data.yaml)."""

    key: str  # Hub id when the licence has one, else openlint's own key
    name: str
    family: str  # one of FAMILIES
    hub_id: str | None = None  # the official Hub id, when there is one
    spdx: str | None = None  # SPDX id or LicenseRef-scancode-* key
    osi_approved: bool = False
    fsf_libre: bool = False
    open_data: bool = False
    ambiguous: bool = False  # a family id (bsd, gpl, cc ...) that does not name one licence
    clauses: tuple[Clause, ...] = ()
    url: str | None = None
    references: tuple[str, ...] = ()

    @property
    def open(self) -> bool:
        return self.family in OPEN_FAMILIES and not self.ambiguous

    @property
    def restrictive(self) -> bool:
        return self.family in RESTRICTIVE_FAMILIES

    def has(self, kind: str) -> bool:
        return any(c.kind == kind for c in self.clauses)


@dataclass
class ResolvedLicence:
    """One licence that applies to the release, and how openlint knows."""

    info: LicenceInfo
    via: str  # "front-matter", "license_name", "license_link", "file", "spdx-expression", "tag"
    declared: str  # the text as the user wrote it (id, name, link or file name)
    span: Span | None = None
    confidence: str = "high"  # "high" (exact id / strong text match) or "medium" (clauses only)


@dataclass
class LicenceFile:
    """A LICENSE*/LICENCE*/USE_POLICY*/NOTICE* file of the release and what its text says."""

    path: str  # display path
    name: str  # file name within the release
    role: str  # "licence", "weights", "code", "data", "use-policy", "notice"
    recognised: LicenceInfo | None = None  # licence recognised from the text
    clauses: tuple[Clause, ...] = ()  # restrictive clauses found in the text
    pointer: str | None = None  # a URL when the file only points elsewhere
    confidence: str = "none"  # "high": the text is the licence; "medium": recognised from a notice or clauses


@dataclass
class LicenceFacts:
    declared: list[str] = field(default_factory=list)  # `license` values as written
    declared_span: Span | None = None
    license_name: str | None = None
    license_link: str | None = None
    resolved: list[ResolvedLicence] = field(default_factory=list)
    files: list[LicenceFile] = field(default_factory=list)
    problems: list[LicenceProblem] = field(default_factory=list)
    expression: str | None = None  # normalised SPDX expression when one was given
    expression_operator: str = "AND"  # "OR" when the declared expression lets the user choose


@dataclass
class LicenceProblem:
    """A fact about licence metadata that a rule may turn into a finding."""

    kind: str  # "unrecognised-id", "invalid-expression", "missing-link-file", "official-id-exists", "mismatch"
    detail: str
    span: Span | None = None
    suggestion: str | None = None


@dataclass
class Claim:
    kind: str  # "open_source", "open", "open_weights"
    text: str  # the matched words
    context: str  # the sentence around it
    source: str  # "body", "tag", "name"
    span: Span


@dataclass
class Evidence:
    """One piece of evidence that a component is released."""

    kind: str  # "file", "link", "section", "metadata", "library"
    detail: str  # file name, URL, section title, key
    span: Span | None = None


@dataclass
class Component:
    """One of the Model Openness Framework's 17 components."""

    key: str  # snake_case id, e.g. "training_code"
    name: str  # exact MOF name, e.g. "Training code"
    content_type: str  # "code", "data", "document"
    mof_class: int  # 3, 2 or 1: first class that requires it (0 for optional)
    required: bool
    evidence: list[Evidence] = field(default_factory=list)
    licence: str | None = None  # key of the licence that covers it
    licence_open: bool = False

    @property
    def present(self) -> bool:
        return bool(self.evidence)


@dataclass
class Gating:
    gated: bool = False
    mode: str | None = None  # "auto", "manual", "card" (extra_gated_* fields only)
    fields: list[str] = field(default_factory=list)
    eu_disallowed: bool = False
    span: Span | None = None


@dataclass
class BaseModelRef:
    repo_id: str
    relation: str | None = None
    span: Span | None = None


@dataclass
class Lineage:
    base_models: list[BaseModelRef] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    datasets_span: Span | None = None


@dataclass
class Placeholder:
    text: str
    span: Span


@dataclass
class Release:
    """Everything openlint knows about one release, from whichever source."""

    target: str  # as given on the command line
    source: str  # "local" or "hub"
    root: str  # folder (local) or repo id (hub)
    path_prefix: str = ""  # prepended to a file's path in the release to show it to the user
    name: str | None = None  # the model's own name, from the card metadata or the Hub repo id
    folder_name: str | None = None  # local folder name (not evidence of a name claim)
    revision: str | None = None  # Hub commit sha
    card: Card | None = None
    card_name: str = "README.md"  # the card's path within the release
    card_note: str | None = None  # e.g. "read MODEL_CARD.md (no README.md)"
    files: list[str] = field(default_factory=list)  # every file of the release, relative, '/'-separated
    file_texts: dict[str, str] = field(default_factory=dict)  # texts of licence-like files read
    tags: list[str] = field(default_factory=list)
    hub_gated: str | bool | None = None  # the Hub's `gated` setting (None for local)
    web_url: str | None = None  # link to the card at the linted revision (hub)
    skipped: list[str] = field(default_factory=list)  # checks that could not run, and why
    licence: LicenceFacts = field(default_factory=LicenceFacts)
    claims: list[Claim] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    gating: Gating = field(default_factory=Gating)
    lineage: Lineage = field(default_factory=Lineage)
    placeholders: list[Placeholder] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # facts filled by later stages (e.g. lineage)

    def display(self, relative: str) -> str:
        return self.path_prefix + relative
