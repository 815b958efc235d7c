"""OpenAPI models of the JSON API: they document the contract's shapes (extra fields allowed)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    """A model that documents known fields and lets added ones through."""

    model_config = ConfigDict(extra="allow")


class PassageModel(_Open):
    """Aligned [start, end) offsets into article a's and article b's clean text."""

    a: list[int]
    b: list[int]


class ReuseModel(_Open):
    """Articles a and b share text; relation says how."""

    a: str
    b: str
    relation: str
    score: float
    passages: list[PassageModel]


class EntityModel(_Open):
    """A named entity resolved across the story's articles."""

    name: str
    type: str
    aliases: list[str]
    articles: list[str]


class FactValueModel(_Open):
    """One value of a fact, its supporting sentence, the articles saying it, when it was first
    published (ISO-8601, null when no article is dated) and how many independent origins state it."""

    value: str
    text: str
    articles: list[str]
    published: str | None = None
    sources: int = 0


class FactModel(_Open):
    """A claim lined up across sources; status is agreed, disputed, updated (a figure that changed
    between reports published at different times) or single."""

    claim: str
    status: str
    independent_sources: int
    values: list[FactValueModel]
    kind: str = "figure"
    frame: str = ""  # what the statements were lined up by ("people|killed", "measure|ton", "time")
    earlier: bool = False  # every statement tells an earlier event: history, never in "Corroborated"


class BriefingModel(_Open):
    """A briefing sentence, the articles it cites and the disputed facts it states (their claims)."""

    text: str
    sources: list[str]
    disputed: list[str] = []


class OriginGroupModel(_Open):
    """One origin of a story: its articles, the likely original and why, the wire agency it goes
    back to with the credit line that says so (quoted; null when no agency is credited), and the
    pages that joined it on their headline alone."""

    articles: list[str]
    original: str | None = None
    agency: str | None = None
    agency_evidence: str | None = None
    original_reason: str | None = None
    by_headline: list[str] = []  # pages with no text to compare, joined on their headline alone


class StoryModel(_Open):
    """The contract's story object (exactly what report.story_to_dict returns)."""

    id: str
    headline: str
    articles: list[str]
    first_published: str | None = None
    last_published: str | None = None
    independent_sources: int = 0  # len(origins)
    origins: list[list[str]]
    origin_details: list[OriginGroupModel] = []  # the same groups as origins, with their evidence
    reuse: list[ReuseModel]
    entities: list[EntityModel]
    facts: list[FactModel]
    briefing: list[BriefingModel]
    disputed: list[str]
    single_source: list[str]
    corroborated: list[str] = []
    updated: list[str] = []


class StorySummaryModel(_Open):
    """One entry of the story list."""

    id: str
    headline: str
    first_published: str | None
    last_published: str | None
    n_articles: int
    n_sources: int
    url: str


class StoryListModel(_Open):
    """A page of stories, newest first, with the total number matching."""

    total: int
    limit: int
    offset: int
    stories: list[StorySummaryModel]


class ArticleModel(_Open):
    """The contract's article object, plus its story and the reuse links it takes part in."""

    id: str
    source_path: str
    title: str
    outlet: str | None
    url: str | None
    byline: str | None
    published: str | None
    agencies: list[str]
    language: str | None
    text: str
    removed: list[str]
    story: str | None
    reuse: list[ReuseModel]


class ErrorDetail(BaseModel):
    """HTTP status and a one-line message."""

    status: int
    message: str


class ErrorModel(BaseModel):
    """The API's one error shape."""

    error: ErrorDetail
