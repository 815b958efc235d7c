"""Typed records that flow between the pipeline's stages (see DESIGN.md, "Pipeline")."""

from __future__ import annotations

from dataclasses import dataclass, field

# Relations between two articles, strongest first. The first three mean "same origin".
VERBATIM = "verbatim"
EDITED = "edited"
REWRITTEN = "rewritten"
QUOTED = "quoted"
SAME_ORIGIN_RELATIONS = (VERBATIM, EDITED, REWRITTEN)

# Fact statuses.
AGREED = "agreed"
DISPUTED = "disputed"
UPDATED = "updated"  # a figure that changed between reports published at different times
SINGLE = "single"


@dataclass(slots=True)
class Problem:
    """A source that could not be used, with the reason: reported, never silently dropped."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(slots=True)
class DocumentHints:
    """Metadata a source already carries (JSON record fields, WARC headers, feed entries)."""

    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    byline: str | None = None
    story: str | None = None
    fetched: str | None = None  # crawl time (WARC-Date): a fallback for `published`, never preferred to it


@dataclass(slots=True)
class RawDocument:
    """One document as read from a source, before cleaning.

    ``media_type`` is ``text/plain`` (scraped text), ``text/html``, or ``text/record`` (a JSON
    record whose ``text`` is already the article body). ``text`` is decoded Unicode.
    """

    id: str
    source_path: str
    media_type: str
    text: str
    hints: DocumentHints = field(default_factory=DocumentHints)


@dataclass(slots=True)
class Article:
    """A cleaned article: body text plus metadata; ``removed`` keeps every dropped line.

    ``source_path`` names the file the article was read from; it is empty for an article made
    in memory (``Article(id="a1", title="...", text="...")``), which has no file.
    """

    id: str
    source_path: str = ""
    title: str = ""
    text: str = ""
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO-8601 date or datetime
    agencies: list[str] = field(default_factory=list)
    language: str | None = None
    removed: list[str] = field(default_factory=list)
    story_hint: str | None = None  # a record's own `story` field: fixes the grouping


@dataclass(slots=True)
class Passage:
    """Aligned spans: ``a`` and ``b`` are [start, end) offsets into each article's clean text."""

    a: tuple[int, int]
    b: tuple[int, int]


@dataclass(slots=True)
class ReuseLink:
    """Article ``a`` and article ``b`` share text; ``relation`` says how (see module constants)."""

    a: str
    b: str
    relation: str
    score: float
    passages: list[Passage] = field(default_factory=list)


@dataclass(slots=True)
class OriginGroup:
    """Articles that go back to one origin; ``original`` is the likely first, when known."""

    articles: list[str]
    original: str | None = None
    agency: str | None = None
    # Why: the credit line that names ``agency`` ("(Reuters) -", "Copyright 2018 The Associated
    # Press"), quoted from the article holding it, and why ``original`` is the likely first.
    agency_evidence: str | None = None
    original_reason: str | None = None
    # Pages with no text to compare that joined on their headline alone (provenance.HEADLINE_WORDS).
    by_headline: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    """A named entity resolved across a story's articles."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FactValue:
    """One value a claim takes, the sentence that states it and the articles saying so."""

    value: str
    text: str
    articles: list[str] = field(default_factory=list)
    published: str | None = None  # earliest publication time among ``articles`` (None when none is dated)
    sources: int = 0  # independent origin groups stating this value


@dataclass(slots=True)
class Fact:
    """A claim lined up across the story's sources, with its status."""

    claim: str
    status: str  # AGREED | DISPUTED | UPDATED | SINGLE
    independent_sources: int
    values: list[FactValue] = field(default_factory=list)
    kind: str = "figure"  # figure | date | weekday | quote | name | event
    frame: str = ""  # what the statements were lined up by: "people|killed", "measure|ton", "age|<name>", "time"
    earlier: bool = False  # every statement tells an earlier event ("since 1959, when two died"): history, not the story


@dataclass(slots=True)
class BriefingSentence:
    """A briefing sentence and every article whose text supports it."""

    text: str
    sources: list[str] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)  # claims of disputed facts it states


@dataclass(slots=True)
class Story:
    """Articles about one real-world event and everything crosswire works out about them."""

    id: str
    articles: list[str]
    headline: str = ""
    first_published: str | None = None
    last_published: str | None = None
    origins: list[OriginGroup] = field(default_factory=list)
    reuse: list[ReuseLink] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    briefing: list[BriefingSentence] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)
    single_source: list[str] = field(default_factory=list)
    corroborated: list[str] = field(default_factory=list)  # key facts with their independent origins
    updated: list[str] = field(default_factory=list)  # figures that changed over time, with times


@dataclass(slots=True)
class Report:
    """The result of one analysis: articles, stories, and the sources that could not be used."""

    version: str
    articles: list[Article]
    stories: list[Story]
    problems: list[Problem] = field(default_factory=list)

    def article(self, article_id: str) -> Article:
        """Return the article with this id (KeyError when absent)."""
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)

    def articles_of(self, story: Story) -> list[Article]:
        """The articles of ``story``, in the story's order.

        A Story holds article ids only (as the JSON contract does), so that stories stay small
        and a story read back from JSON or the database is the same record; this turns them back
        into the Article records of this report (KeyError when one is not in it).
        """
        by_id = {article.id: article for article in self.articles}
        return [by_id[article_id] for article_id in story.articles]
