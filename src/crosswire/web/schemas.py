"""OpenAPI models of the JSON API: every field the API returns, with its description and enums.

The models document the contract's shapes; ``extra="allow"`` lets fields added to the contract
later through (tests/test_api.py checks that every returned field is declared and described).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Relation = Literal["verbatim", "edited", "rewritten", "quoted"]
FactStatus = Literal["agreed", "disputed", "updated", "single"]
EntityType = Literal["PERSON", "ORG", "GPE", "MISC"]
StorySort = Literal["relevance", "newest", "oldest", "sources", "articles", "disputes"]
ArticleSort = Literal["relevance", "newest", "oldest"]

_ID = "Full id; any unique prefix of it also works in URLs"
_DATE = "ISO-8601 date or datetime as published, null when unknown"


class _Open(BaseModel):
    """A model that documents known fields and lets added ones through."""

    model_config = ConfigDict(extra="allow")


class PassageModel(_Open):
    """Aligned [start, end) offsets into article a's and article b's clean text."""

    a: list[int] = Field(description="[start, end) character offsets into article a's text")
    b: list[int] = Field(description="[start, end) character offsets into article b's text")


class ReuseModel(_Open):
    """Articles a and b share text; relation says how."""

    a: str = Field(description="Id of the earlier (or source) article")
    b: str = Field(description="Id of the article that reuses a's text")
    relation: Relation = Field(description="verbatim, edited or rewritten copies share one origin; "
                                           "quoted means b quotes a passage of a")
    score: float = Field(description="Share of text reused, 0 to 1 (rounded to 4 places)")
    passages: list[PassageModel] = Field(description="The aligned passages the relation rests on")


class EntityModel(_Open):
    """A named entity resolved across the story's articles."""

    name: str = Field(description="Canonical name")
    type: EntityType = Field(description="PERSON, ORG (organisation), GPE (place) or MISC (unknown)")
    aliases: list[str] = Field(description="Other spellings found in the articles")
    articles: list[str] = Field(description="Ids of the articles that mention it")


class FactValueModel(_Open):
    """One value of a fact and the articles that state it."""

    value: str = Field(description="The value as normalised for comparison")
    text: str = Field(description="The sentence that states it, quoted from the article")
    articles: list[str] = Field(description="Ids of the articles that state this value")
    published: str | None = Field(None, description="Earliest publication among those articles; null when none is dated")
    sources: int = Field(0, description="Independent origin groups that state this value")


class FactModel(_Open):
    """A claim lined up across sources, with its status."""

    claim: str = Field(description="What the claim is about, e.g. 'people killed'")
    status: FactStatus = Field(description="agreed (independent sources agree), disputed (they differ), updated "
                                           "(a figure changed between reports published at different times) "
                                           "or single (one independent source)")
    independent_sources: int = Field(description="Independent origin groups stating any value")
    values: list[FactValueModel] = Field(description="Each distinct value and who states it")
    kind: str = Field("figure", description="What sort of value: figure, measure, date, weekday, clock, quote, "
                                            "name, event, ...")
    frame: str = Field("", description="What the statements were lined up by ('people|killed', 'time')")
    earlier: bool = Field(False, description="Every statement tells an earlier event (history); never corroborated")


class BriefingModel(_Open):
    """A briefing sentence, the articles it cites and the disputed facts it states."""

    text: str = Field(description="The sentence, quoted from its first source")
    sources: list[str] = Field(description="Ids of the articles whose text supports it")
    disputed: list[str] = Field([], description="Claims of the disputed facts it states")


class OriginGroupModel(_Open):
    """One origin of a story: its articles and the evidence for its original and agency."""

    articles: list[str] = Field(description="Ids of the articles that go back to this origin")
    original: str | None = Field(None, description="Id of the likely original; null when unknown")
    agency: str | None = Field(None, description="Wire agency the group goes back to; null when none is credited")
    agency_evidence: str | None = Field(None, description="The credit line that names the agency, quoted")
    original_reason: str | None = Field(None, description="Why 'original' is taken as the first")
    by_headline: list[str] = Field([], description="Pages with no text to compare, joined on their headline alone")


class StoryModel(_Open):
    """The contract's story object (exactly what `crosswire analyze --json` writes)."""

    id: str = Field(description=_ID)
    headline: str = Field(description="Headline chosen among the articles' titles")
    articles: list[str] = Field(description="Ids of the story's articles")
    first_published: str | None = Field(None, description="Earliest publication; " + _DATE)
    last_published: str | None = Field(None, description="Latest publication; " + _DATE)
    independent_sources: int = Field(0, description="Number of origin groups (len(origins))")
    origins: list[list[str]] = Field(description="Article ids grouped by origin")
    origin_details: list[OriginGroupModel] = Field([], description="The same groups as origins, with evidence")
    reuse: list[ReuseModel] = Field(description="Reuse links between the story's articles")
    entities: list[EntityModel] = Field(description="Entities resolved across the articles")
    facts: list[FactModel] = Field(description="Claims lined up across sources")
    briefing: list[BriefingModel] = Field(description="Neutral cited summary sentences")
    disputed: list[str] = Field(description="One line per disputed fact")
    single_source: list[str] = Field(description="One line per fact only one independent source states")
    corroborated: list[str] = Field([], description="One line per fact independent sources agree on")
    updated: list[str] = Field([], description="One line per figure that changed over time")


class StorySummaryModel(_Open):
    """One entry of the story list."""

    id: str = Field(description=_ID)
    short_id: str = Field(description="Stable short form of the id (its first 12 characters for long ids)")
    headline: str = Field(description="The story's headline")
    first_published: str | None = Field(description="Earliest publication; " + _DATE)
    last_published: str | None = Field(description="Latest publication; " + _DATE)
    n_articles: int = Field(description="Number of articles")
    n_sources: int = Field(description="Number of independent sources (origin groups)")
    n_disputed: int = Field(description="Number of disputed facts")
    score: float | None = Field(description="BM25 relevance of its best-matching article; null without q")
    url: str = Field(description="API URL of the full story")


class FacetValueModel(BaseModel):
    """One value of a facet."""

    value: str = Field(description="The value, as the filter parameter takes it")
    count: int = Field(description="Matching stories with this value")


class FacetsModel(BaseModel):
    """Values of each facet over the stories matching every other filter, most common first (30 at most)."""

    outlet: list[FacetValueModel] = Field(description="Outlets of the stories' articles")
    agency: list[FacetValueModel] = Field(description="Wire agencies credited by the stories' articles")
    language: list[FacetValueModel] = Field(description="Languages of the stories' articles")
    disputed: list[FacetValueModel] = Field(description="'yes' when a story has a disputed fact, else 'no'")
    sources: list[FacetValueModel] = Field(description="Number of independent sources")
    month: list[FacetValueModel] = Field(description="Month of first publication, YYYY-MM")


class StoryListModel(_Open):
    """A page of stories with the total number matching."""

    total: int = Field(description="Stories matching the filters")
    limit: int = Field(description="Page size")
    offset: int = Field(description="Stories skipped before this page")
    sort: StorySort = Field(description="Order of the list")
    next: str | None = Field(description="URL of the next page; null on the last")
    stories: list[StorySummaryModel] = Field(description="This page's stories")
    facets: FacetsModel | None = Field(None, description="Facet counts, present when asked with facets=true")


class ArticleModel(_Open):
    """The contract's article object (without its local file path), its story and its reuse links."""

    id: str = Field(description=_ID)
    title: str = Field(description="Title")
    outlet: str | None = Field(description="Outlet name; null when unknown")
    url: str | None = Field(description="Address it was published at; null when unknown")
    byline: str | None = Field(description="Author line; null when none")
    published: str | None = Field(description="Publication; " + _DATE)
    agencies: list[str] = Field(description="Wire agencies credited in the text")
    language: str | None = Field(description="ISO 639-1 language code; null when unknown")
    text: str = Field(description="Clean body text (plain text, never HTML)")
    removed: list[str] = Field(description="Clutter lines removed from the page")
    story: str | None = Field(description="Id of the story it belongs to")
    reuse: list[ReuseModel] = Field(description="Reuse links it takes part in")


class ArticleSummaryModel(_Open):
    """One entry of the article list (no text)."""

    id: str = Field(description=_ID)
    short_id: str = Field(description="Stable short form of the id")
    title: str = Field(description="Title")
    outlet: str | None = Field(description="Outlet name; null when unknown")
    url: str | None = Field(description="Address it was published at; null when unknown")
    published: str | None = Field(description="Publication; " + _DATE)
    language: str | None = Field(description="ISO 639-1 language code; null when unknown")
    agencies: list[str] = Field(description="Wire agencies credited in the text")
    story: str | None = Field(description="Id of the story it belongs to")
    score: float | None = Field(description="BM25 relevance to q; null without q")
    api_url: str = Field(description="API URL of the full article")


class _CursorPage(_Open):
    """Fields shared by the cursor-paginated lists."""

    total: int = Field(description="Rows matching the filters")
    limit: int = Field(description="Page size")
    next_cursor: str | None = Field(description="Pass as cursor= for the next page; null on the last")
    next: str | None = Field(description="URL of the next page; null on the last")


class ArticleListModel(_CursorPage):
    """A page of articles (cursor pagination)."""

    sort: ArticleSort = Field(description="Order of the list")
    articles: list[ArticleSummaryModel] = Field(description="This page's articles")


class OutletModel(_Open):
    """An outlet and how much of the collection it wrote."""

    name: str = Field(description="Outlet name as extracted")
    articles: int = Field(description="Number of its articles")
    stories: int = Field(description="Number of stories it has an article in")
    first_published: str | None = Field(description="Its earliest article; " + _DATE)
    last_published: str | None = Field(description="Its latest article; " + _DATE)
    stories_url: str = Field(description="API URL of the stories it has an article in")


class OutletListModel(_CursorPage):
    """A page of outlets, most articles first (cursor pagination)."""

    outlets: list[OutletModel] = Field(description="This page's outlets")


class EntitySummaryModel(_Open):
    """An entity across stories."""

    name: str = Field(description="Canonical name")
    type: EntityType = Field(description="PERSON, ORG (organisation), GPE (place) or MISC (unknown)")
    aliases: list[str] = Field(description="Other spellings, over all its stories")
    stories: int = Field(description="Number of stories it appears in")
    articles: int = Field(description="Number of articles that mention it")
    stories_url: str = Field(description="API URL of the stories that name it")


class EntityListModel(_CursorPage):
    """A page of entities, most stories first (cursor pagination)."""

    entities: list[EntitySummaryModel] = Field(description="This page's entities")


class ClaimValueModel(_Open):
    """One value a story's sources give for the claim."""

    value: str = Field(description="The value as normalised for comparison")
    sources: int = Field(description="Independent origin groups that state it")
    articles: list[str] = Field(description="Ids of the articles that state it")
    published: str | None = Field(description="Earliest publication among them; null when none is dated")


class ClaimModel(_Open):
    """One claim as one story tells it."""

    story: str = Field(description="Story id")
    headline: str = Field(description="The story's headline")
    last_published: str = Field(description="The story's latest publication (ISO-8601); empty when unknown")
    claim: str = Field(description="The claim, as the story names it")
    status: FactStatus = Field(description="agreed, disputed, updated or single, within this story")
    kind: str = Field(description="What sort of value (figure, date, weekday, ...)")
    independent_sources: int = Field(description="Independent origin groups stating any value in this story")
    values: list[ClaimValueModel] = Field(description="The values and who states them")
    fact_no: int = Field(description="The fact's place in this server's catalog (used by the cursor)")
    story_url: str = Field(description="Permalink of the claim on its story page")


class ClaimListModel(_CursorPage):
    """One claim across stories, newest story first (cursor pagination)."""

    claim: str = Field(description="The claim asked for (lower-cased)")
    claims: list[ClaimModel] = Field(description="This page's stories telling the claim")


class PieceModel(_Open):
    """A run of text on one side of a comparison."""

    text: str = Field(description="The text, as in the article (whitespace kept)")
    kind: Literal["same", "removed", "added"] = Field(
        description="same: in both texts; removed: only in the original; added: only in the copy")


class DiffRowModel(_Open):
    """One row of the side-by-side comparison: a stretch of the original beside the copy's."""

    original: list[PieceModel] = Field(description="The original's pieces")
    copy_: list[PieceModel] = Field(alias="copy", description="The copy's pieces")
    changed: bool = Field(description="Whether either side holds a removed or added piece")


class CompareModel(_Open):
    """A copy compared word by word with its original (difflib), cut into rows at shared sentence ends."""

    original: str = Field(description="Id of the original")
    copy_: str = Field(alias="copy", description="Id of the copy")
    relation: Relation | None = Field(description="The stored reuse link's relation, null when none is stored")
    score: float | None = Field(description="The stored reuse link's score, null when none is stored")
    story: str | None = Field(description="Id of the copy's story")
    original_words: int = Field(description="Words compared in the original (punctuation not counted)")
    copy_words: int = Field(description="Words compared in the copy")
    same_words: int = Field(description="Words of the copy taken unchanged from the original")
    kept_share: float = Field(description="same_words / copy_words")
    cut: bool = Field(description="A text was longer than the words compared and was cut")
    rows: list[DiffRowModel] = Field(description="The rows, in text order")


class ErrorDetail(BaseModel):
    """HTTP status and a one-line message."""

    status: int = Field(description="HTTP status code")
    message: str = Field(description="What went wrong, in one line")
    candidates: list[str] | None = Field(None, description="For an ambiguous short id: some ids it starts")


class ErrorModel(BaseModel):
    """The API's one error shape."""

    error: ErrorDetail = Field(description="The error")
