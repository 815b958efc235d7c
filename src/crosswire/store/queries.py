"""Read queries behind the web app, the API and the CLI: ranked search, facets, cursor lists, id prefixes.

The stored tables are never changed here. On first use a :class:`Catalog` builds a few derived
tables in an in-memory database attached to the store's connection (``idx``): a BM25 index of
the articles (title and text), each story's outlets, agencies, languages and dispute count, and
the entities of every story. The web server opens the database read-only and nothing can write
to it while the server holds it, so the derived tables stay true for the server's lifetime.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, field, replace
from datetime import date
from typing import Any

from ..errors import CrosswireError
from ..records import Story
from .db import Store, current_story_json, story_from_dict

# Short ids: the first SHORT_ID characters of an id longer than SHORT_ID + 4 (hash ids are 56+).
# A prefix of a fixed length stays the same as the collection grows; every route and `show`
# accept any unique prefix, so a short id works while it is unique and says so when it is not.
SHORT_ID = 12
# BM25 parameters: Robertson's usual defaults (k1 1.2, b 0.75), not tuned on any corpus here.
BM25_K1 = 1.2
BM25_B = 0.75
# A title is counted this many times in its article's bag of words: a word in the title says
# more about what the article is about than one word of its body (a plain convention, not tuned).
TITLE_WEIGHT = 2
# Words of a document: runs of letters and digits in any script (RE2 syntax, lower-cased first).
_WORD_SPLIT = r"[^\p{L}\p{N}]+"
# Most candidates an ambiguous prefix error lists.
MAX_CANDIDATES = 10
# Largest page any list returns.
MAX_LIMIT = 200
# Facet values shown per facet (the most common).
MAX_FACET_VALUES = 30
# Story pages and facet counts kept per catalog: the web server's store is read-only, so a result
# stays true; 512 entries of at most 200 short rows each stay within a few megabytes.
CACHE_ENTRIES = 512

STORY_SORTS = ("relevance", "newest", "oldest", "sources", "articles", "disputes")
ARTICLE_SORTS = ("relevance", "newest", "oldest")
FACETS = ("outlet", "agency", "language", "disputed", "sources", "month")


class QueryError(CrosswireError):
    """A parameter of a query is unusable (a bad date, an unknown sort, a damaged cursor)."""


class AmbiguousIdError(CrosswireError):
    """A short id that is the prefix of several ids; ``candidates`` lists some of them."""

    def __init__(self, kind: str, prefix: str, candidates: list[str]) -> None:
        shown = ", ".join(candidates[:MAX_CANDIDATES])
        more = " ..." if len(candidates) > MAX_CANDIDATES else ""
        super().__init__(f"{prefix!r} is the start of several {kind} ids: {shown}{more}; give more characters")
        self.candidates = candidates


# ---------------------------------------------------------------------------------------------
# Records


@dataclass(slots=True)
class StoryQuery:
    """Filters and order of a story list; every filter is optional and they combine with AND."""

    q: str = ""  # ranked full-text search over the stories' article titles and texts
    entity: str = ""  # entity name or alias (substring)
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""  # YYYY-MM-DD, inclusive
    outlet: str = ""  # exact outlet name of one of the story's articles
    agency: str = ""  # a wire agency credited by one of the story's articles
    language: str = ""  # language code of one of the story's articles
    disputed: bool | None = None  # True: only stories with a disputed fact; False: only without
    sources: int | None = None  # exactly this many independent sources
    min_sources: int = 0  # at least this many independent sources
    month: str = ""  # YYYY-MM of the story's first publication
    sort: str = ""  # one of STORY_SORTS; "" = relevance with q, newest without
    limit: int = 50
    offset: int = 0


@dataclass(slots=True)
class StoryHit:
    """One line of a story list: enough to show, link and rank a story without loading it."""

    id: str
    short_id: str
    headline: str
    first_published: str | None
    last_published: str | None
    n_articles: int
    n_sources: int
    n_disputed: int
    score: float | None = None  # BM25 score of its best-matching article (None without a search)


@dataclass(slots=True)
class StoryResults:
    """A page of the story list and how many stories match in all."""

    stories: list[StoryHit]
    total: int
    limit: int
    offset: int
    sort: str


@dataclass(slots=True)
class FacetValue:
    """One value of a facet and how many matching stories have it."""

    value: str
    count: int


@dataclass(slots=True)
class ArticleQuery:
    """Filters and order of an article list (cursor-paginated)."""

    q: str = ""
    outlet: str = ""
    agency: str = ""
    language: str = ""
    since: str = ""
    until: str = ""
    story: str = ""  # only the articles of this story (full id)
    sort: str = ""  # one of ARTICLE_SORTS; "" = relevance with q, newest without
    limit: int = 50
    cursor: str = ""


@dataclass(slots=True)
class ArticleHit:
    """One line of an article list (no text, no local path)."""

    id: str
    short_id: str
    title: str
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None
    agencies: list[str]
    story: str | None
    score: float | None = None


@dataclass(slots=True)
class OutletRow:
    """An outlet and how much of the collection it wrote."""

    name: str
    articles: int
    stories: int
    first_published: str | None
    last_published: str | None


@dataclass(slots=True)
class EntityRow:
    """An entity (name and type) across stories: in how many stories and articles it appears."""

    name: str
    type: str
    aliases: list[str]
    stories: int
    articles: int


@dataclass(slots=True)
class ClaimValue:
    """One value a story's sources give for a claim, and how many independent sources give it."""

    value: str
    sources: int
    articles: list[str]
    published: str | None


@dataclass(slots=True)
class ClaimRow:
    """One claim as one story tells it: its status and values (the claim view across stories)."""

    story: str
    headline: str
    last_published: str | None
    claim: str
    status: str
    kind: str
    independent_sources: int
    values: list[ClaimValue]
    fact_no: int = 0  # the fact's place in the catalog (the list's cursor key)


@dataclass(slots=True)
class Page:
    """One page of a cursor-paginated list; ``next_cursor`` is None on the last page."""

    items: list[Any]
    limit: int
    next_cursor: str | None = None
    total: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Validation helpers


def check_day(value: str, name: str = "date") -> str:
    """An empty string or a real calendar date written YYYY-MM-DD; anything else is a QueryError."""
    value = value.strip()
    if not value:
        return value
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise QueryError(f"{name} {value!r} is not a date written YYYY-MM-DD (e.g. 2020-08-04)")
    try:
        date.fromisoformat(value)
    except ValueError as error:
        raise QueryError(f"{name} {value!r} is not a calendar date ({error})") from None
    return value


def short_id(full: str) -> str:
    """The stable short form of an id: its first SHORT_ID characters when it is much longer."""
    return full[:SHORT_ID] if len(full) > SHORT_ID + 4 else full


def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque cursor holding the sort key of a page's last row."""
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    """The sort key inside a cursor made by encode_cursor (QueryError when damaged)."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise QueryError(f"cursor {cursor[:40]!r} is damaged; use the next_cursor of a previous page") from None
    if not isinstance(values, list) or len(values) != width:
        raise QueryError(f"cursor {cursor[:40]!r} does not belong to this list")
    return values


def _after(order: Sequence[tuple[str, bool]], values: Sequence[Any]) -> tuple[str, list[Any]]:
    """SQL condition "row comes after ``values``" for a lexicographic ORDER BY (expr, descending)."""
    ors: list[str] = []
    params: list[Any] = []
    for i, (expr, desc) in enumerate(order):
        ands = [f"{e} = ?" for e, _ in order[:i]] + [f"{expr} {'<' if desc else '>'} ?"]
        ors.append("(" + " AND ".join(ands) + ")")
        params += [*values[:i], values[i]]
    return "(" + " OR ".join(ors) + ")", params


def _order_sql(order: Sequence[tuple[str, bool]]) -> str:
    """ORDER BY text for (expr, descending) pairs."""
    return ", ".join(f"{e} {'DESC' if d else 'ASC'}" for e, d in order)


# ---------------------------------------------------------------------------------------------
# The catalog


class Catalog:
    """Derived read tables over one store, built on first use and again after the store takes a new
    batch (serve --watch); thread-safe."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._built: set[str] = set()
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._docs = 0
        self._avg_len = 1.0
        self._mark: tuple[Any, ...] | None = None  # (articles, last seq) when the tables were built
        self._ids: dict[str, list[str]] = {}  # sorted story and article ids (read-only stores)

    # -- building ---------------------------------------------------------------------------

    def ensure(self, search: bool = True) -> None:
        """Build the derived tables unless built already; the BM25 index only when ``search``
        (with ``search``, everything: the web server builds it all before serving)."""
        self._need("tables")
        if search:
            for part in ("search", "entities", "facts", "stories"):
                self._need(part)

    def _need(self, part: str) -> None:
        """Build one part ("tables", "search", "entities" or "facts") once, under the lock: the
        CLI lists stories without paying for the index or the entity and fact tables."""
        self._follow_writes()
        if part in self._built:
            return
        if part != "tables":
            self._need("tables")
        builders = {"tables": self._build_tables, "search": self._build_postings,
                    "entities": self._build_entities, "facts": self._build_facts, "stories": self._build_stories}
        with self._lock:
            if part not in self._built:
                builders[part]()
                self._built.add(part)

    def _follow_writes(self) -> None:
        """Forget the derived tables and the cached results once the store has taken a new batch.

        A read-only store never changes. A writable one is served while ``crosswire serve --watch``
        ingests into it: every batch adds articles, so the articles' count and last sequence number
        tell a new batch, and the next query rebuilds what it needs from the committed data."""
        if self.store.read_only:
            return
        mark = self.store._rows("SELECT count(*), coalesce(max(seq), 0) FROM articles")[0]
        with self._lock:
            if mark != self._mark:
                self._mark = mark
                self._built.clear()
                self._cache.clear()

    def _build_tables(self) -> None:
        """Attach the in-memory ``idx`` database; create the story members and per-story figures."""
        run = self.store._rows
        run("ATTACH IF NOT EXISTS ':memory:' AS idx (READ_WRITE)")
        run("CREATE OR REPLACE TABLE idx.members AS SELECT m.story_id, a.id AS article_id, a.outlet, a.language, "
            "a.agencies, a.published, a.title, a.url, a.seq FROM story_articles m JOIN articles a ON a.id = m.article_id")
        run("CREATE OR REPLACE TABLE idx.story_info AS SELECT id AS story_id, "
            "coalesce(json_array_length(data, '$.disputed'), 0)::INTEGER AS n_disputed, "
            "substr(coalesce(first_published, last_published), 1, 7) AS month FROM stories")

    def _build_entities(self) -> None:
        """idx.entities: every story's entities, one row each."""
        run = self.store._rows
        entity_type = '[{"name": "VARCHAR", "type": "VARCHAR", "aliases": ["VARCHAR"], "articles": ["VARCHAR"]}]'
        run("CREATE OR REPLACE TABLE idx.entities AS SELECT s.id AS story_id, e.name, e.type, e.aliases, "
            "len(e.articles) AS n_articles FROM stories s, "
            f"unnest(from_json(json_extract(s.data, '$.entities'), '{entity_type}')) AS t(e)")

    def _build_stories(self) -> None:
        """idx.story_data: the stories' JSON, and the sorted story and article ids (read-only stores only).

        A point lookup in the database file decompresses the whole 2,048-row vector that holds the
        row: 6-10 ms for one story's JSON at 10,000 articles (web_load's story pages), against under
        1 ms in this uncompressed in-memory copy. A writable store (serve --watch) reads the file."""
        if not self.store.read_only:
            return
        self.store._rows("CREATE OR REPLACE TABLE idx.story_data AS SELECT id, data FROM stories ORDER BY id")
        self._ids = {kind: [r[0] for r in self.store._rows(f"SELECT id FROM {table} ORDER BY id")]
                     for kind, table in (("story", "stories"), ("article", "articles"))}

    def story_json(self, story_id: str) -> str | None:
        """The contract's story object as JSON text (None when there is no such story)."""
        if not self.store.read_only:
            return self.store.story_json(story_id)
        self._need("stories")
        rows = self.store._rows("SELECT data FROM idx.story_data WHERE id = ?", [story_id])
        return current_story_json(rows[0][0]) if rows else None

    def story(self, story_id: str) -> Story | None:
        """A story rebuilt as a record (None when absent)."""
        data = self.story_json(story_id)
        return story_from_dict(json.loads(data)) if data is not None else None

    def _build_facts(self) -> None:
        """idx.facts: every story's facts, one row each, numbered in a fixed order."""
        self.store._rows(
            "CREATE OR REPLACE TABLE idx.facts AS SELECT *, row_number() OVER (ORDER BY story_id, kind, claim, status, "
            "independent_sources)::INTEGER AS fact_no FROM (SELECT s.id AS story_id, s.headline, s.last_published, "
            "f.claim, f.status, f.kind, f.independent_sources, f.values FROM stories s, "
            f"unnest(from_json(json_extract(s.data, '$.facts'), '{_FACT_TYPE}')) AS t(f))")

    def _build_postings(self) -> None:
        """BM25 postings (term, doc, weight) sorted by term; a query sums the weights of its words.

        Nothing changes while the catalog lives, so each posting's whole BM25 term weight (idf
        times the saturated, length-normalised term frequency) is computed once here.
        """
        run = self.store._rows
        title = " || ' ' || ".join(["coalesce(a.title, '')"] * TITLE_WEIGHT)
        run("CREATE OR REPLACE TABLE idx.docs AS SELECT row_number() OVER (ORDER BY a.seq)::INTEGER AS doc, "
            "a.id AS article_id, m.story_id FROM articles a LEFT JOIN story_articles m ON m.article_id = a.id")
        run("CREATE OR REPLACE TEMP TABLE tf AS "
            "WITH words AS (SELECT d.doc, unnest(regexp_split_to_array("
            f"lower({title} || ' ' || coalesce(a.text, '')), '{_WORD_SPLIT}')) AS term "
            "FROM articles a JOIN idx.docs d ON d.article_id = a.id) "
            "SELECT term, doc, count(*)::INTEGER AS tf FROM words WHERE term <> '' GROUP BY term, doc")
        n, avg = run("SELECT count(DISTINCT doc), coalesce(sum(tf) / nullif(count(DISTINCT doc), 0), 1) FROM tf")[0]
        self._docs, self._avg_len = int(n), float(avg or 1.0)
        run("CREATE OR REPLACE TABLE idx.postings AS "
            "WITH lens AS (SELECT doc, sum(tf) AS len FROM tf GROUP BY doc), "
            "dfs AS (SELECT term, count(*) AS df FROM tf GROUP BY term) "
            "SELECT t.term, t.doc, (ln(1 + (? - f.df + 0.5) / (f.df + 0.5)) * t.tf * (? + 1) "
            "/ (t.tf + ? * (1 - ? + ? * l.len / ?)))::DOUBLE AS w "
            "FROM tf t JOIN lens l ON l.doc = t.doc JOIN dfs f ON f.term = t.term ORDER BY t.term, t.doc",
            [self._docs, BM25_K1, BM25_K1, BM25_B, BM25_B, self._avg_len])
        run("DROP TABLE tf")

    # -- ranked search ----------------------------------------------------------------------

    def terms(self, text: str) -> list[str]:
        """The words of a query, split and lower-cased exactly as the documents were."""
        self._need("search")
        rows = self.store._rows(f"SELECT DISTINCT unnest(regexp_split_to_array(lower(?), '{_WORD_SPLIT}')) AS t", [text])
        return sorted(t for t, in rows if t)

    def _scores_sql(self, words: list[str]) -> tuple[str, list[Any]]:
        """A subquery (article_id, story_id, score): the BM25 score of every article holding any of the words."""
        marks = ", ".join("?" * len(words))
        sql = ("SELECT d.article_id, d.story_id, h.score FROM (SELECT doc, round(sum(w), 9) AS score "
               f"FROM idx.postings WHERE term IN ({marks}) GROUP BY doc) h JOIN idx.docs d ON d.doc = h.doc")
        return sql, list(words)

    # -- stories ----------------------------------------------------------------------------

    def _story_where(self, query: StoryQuery, skip: str = "") -> tuple[str, list[Any]]:
        """WHERE clause over ``stories s JOIN idx.story_info i`` for every filter but ``skip``."""
        clauses: list[str] = []
        params: list[Any] = []

        def member(condition: str, value: Any) -> None:
            clauses.append(f"s.id IN (SELECT story_id FROM idx.members WHERE {condition})")
            params.append(value)

        if query.entity.strip():
            clauses.append("s.entity_text LIKE ? ESCAPE '\\'")
            params.append(_like(query.entity))
        if query.since:
            clauses.append("substr(coalesce(s.last_published, s.first_published), 1, 10) >= ?")
            params.append(check_day(query.since, "since"))
        if query.until:
            clauses.append("substr(coalesce(s.first_published, s.last_published), 1, 10) <= ?")
            params.append(check_day(query.until, "until"))
        if query.outlet and skip != "outlet":
            member("outlet = ?", query.outlet)
        if query.agency and skip != "agency":
            member("list_contains(agencies, ?)", query.agency)
        if query.language and skip != "language":
            member("language = ?", query.language)
        if query.disputed is not None and skip != "disputed":
            clauses.append("i.n_disputed > 0" if query.disputed else "i.n_disputed = 0")
        if query.sources is not None and skip != "sources":
            clauses.append("s.n_sources = ?")
            params.append(query.sources)
        if query.min_sources:
            clauses.append("s.n_sources >= ?")
            params.append(query.min_sources)
        if query.month and skip != "month":
            clauses.append("i.month = ?")
            params.append(query.month)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _story_source(self, query: StoryQuery) -> tuple[str, str, list[Any]]:
        """WITH and FROM clauses of a story list (and the WITH's parameters): with a search, only the
        stories with a matching article, each scored by its best article (``r``, computed once)."""
        base = "stories s JOIN idx.story_info i ON i.story_id = s.id"
        if not query.q.strip():
            return "WITH r AS (SELECT NULL::VARCHAR AS story_id, NULL::DOUBLE AS score)", \
                f"{base} LEFT JOIN r ON false", []
        scores, params = self._scores_sql(self.terms(query.q) or [""])
        return (f"WITH r AS MATERIALIZED (SELECT story_id, max(score) AS score FROM ({scores}) x GROUP BY story_id)",
                f"{base} JOIN r ON r.story_id = s.id", params)

    def stories(self, query: StoryQuery) -> StoryResults:
        """A page of stories matching the query, in the asked order (cached until the store changes)."""
        self.ensure(search=False)
        sort = _story_sort(query)
        return self._cached(("stories", astuple(query)), lambda: self._stories(query, sort))

    def _stories(self, query: StoryQuery, sort: str) -> StoryResults:
        """The uncached story page: one statement gives the page and the number of matches."""
        with_, from_, source_params = self._story_source(query)
        where, params = self._story_where(query)
        limit, offset = max(1, min(query.limit, MAX_LIMIT)), max(0, query.offset)
        rows = self.store._rows(
            f"{with_} SELECT s.id, s.headline, s.first_published, s.last_published, s.n_articles, s.n_sources, "
            f"i.n_disputed, r.score, count(*) OVER () FROM {from_} {where} ORDER BY {_STORY_ORDER[sort]} LIMIT ? OFFSET ?",
            [*source_params, *params, limit, offset])
        if rows:
            total = rows[0][-1]
        else:  # a page past the end: count apart
            total = self.store._rows(f"{with_} SELECT count(*) FROM {from_} {where}", [*source_params, *params])[0][0]
        hits = [StoryHit(row[0], short_id(row[0]), *row[1:-1]) for row in rows]
        return StoryResults(hits, total, limit, offset, sort)

    def facets(self, query: StoryQuery) -> dict[str, list[FacetValue]]:
        """For each facet, its values over the stories matching every other filter, most common first
        (30 at most), all counted in one statement (cached)."""
        self.ensure(search=False)
        key = replace(query, sort="", limit=0, offset=0)  # the counts do not depend on the order or the page
        return self._cached(("facets", astuple(key)), lambda: self._facets(query))

    def _facets(self, query: StoryQuery) -> dict[str, list[FacetValue]]:
        """The uncached facet counts."""
        with_, from_, source_params = self._story_source(query)
        branches, params = [], list(source_params)
        for name in FACETS:
            where, where_params = self._story_where(query, skip=name)
            branches.append(f"SELECT '{name}' AS facet, v::VARCHAR AS v, count(DISTINCT sid) AS c FROM "
                            f"(SELECT s.id AS sid, {_FACET_VALUE[name]} AS v FROM {from_} {_FACET_JOIN[name]} {where}) "
                            "WHERE v IS NOT NULL GROUP BY v")
            params += where_params
        found: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
        for facet, value, count in self.store._rows(f"{with_} " + " UNION ALL ".join(branches) +
                                                    " ORDER BY facet, c DESC, v", params):
            if len(found[facet]) < MAX_FACET_VALUES:
                found[facet].append(FacetValue(value, int(count)))
        return found

    def _cached(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``'s result, kept for the CACHE_ENTRIES most recent keys."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return value

    # -- articles, outlets, entities ----------------------------------------------------------

    def articles(self, query: ArticleQuery) -> Page:
        """A page of articles matching the query; pass the page's next_cursor for the next one (cached
        until the store changes, as story pages are: a ranked search is scored twice, for the count
        and for the page)."""
        self.ensure(search=False)
        sort = query.sort or ("relevance" if query.q.strip() else "newest")
        if sort not in ARTICLE_SORTS:
            raise QueryError(f"sort {sort!r} is not one of {', '.join(ARTICLE_SORTS)}")
        return self._cached(("articles", astuple(query)), lambda: self._articles(query, sort))

    def _articles(self, query: ArticleQuery, sort: str) -> Page:
        """The uncached page of articles."""
        clauses, params = ["true"], []
        source = "idx.members m"
        if query.q.strip():
            scores, score_params = self._scores_sql(self.terms(query.q) or [""])
            source += f" JOIN ({scores}) r ON r.article_id = m.article_id"
            params += score_params
        elif sort == "relevance":
            raise QueryError("sort 'relevance' needs a search (q)")
        for column, value in (("outlet", query.outlet), ("language", query.language), ("story_id", query.story)):
            if value:
                clauses.append(f"m.{column} = ?")
                params.append(value)
        if query.agency:
            clauses.append("list_contains(m.agencies, ?)")
            params.append(query.agency)
        if query.since:
            clauses.append("substr(m.published, 1, 10) >= ?")
            params.append(check_day(query.since, "since"))
        if query.until:
            clauses.append("substr(m.published, 1, 10) <= ?")
            params.append(check_day(query.until, "until"))
        order = _ARTICLE_ORDER[sort]
        total = self.store._rows(f"SELECT count(*) FROM {source} WHERE {' AND '.join(clauses)}", params)[0][0]
        if query.cursor:
            after, after_params = _after(order, decode_cursor(query.cursor, len(order)))
            clauses.append(after)
            params += after_params
        limit = max(1, min(query.limit, MAX_LIMIT))
        keys = ", ".join(e for e, _ in order)
        rows = self.store._rows(
            f"SELECT m.article_id, m.title, m.outlet, m.url, m.published, m.language, m.agencies, m.story_id, "
            f"{'r.score' if query.q.strip() else 'NULL'}, {keys} FROM {source} WHERE {' AND '.join(clauses)} "
            f"ORDER BY {_order_sql(order)} LIMIT ?", [*params, limit + 1])
        items = [ArticleHit(r[0], short_id(r[0]), r[1] or "", r[2], r[3], r[4], r[5], list(r[6] or []), r[7], r[8])
                 for r in rows[:limit]]
        cursor = encode_cursor(rows[limit - 1][9:]) if len(rows) > limit else None
        return Page(items, limit, cursor, total, {"sort": sort})

    def outlets(self, q: str = "", limit: int = 50, cursor: str = "") -> Page:
        """Outlets by number of articles (then name); ``q`` keeps names containing it."""
        self.ensure(search=False)
        where, params = ("WHERE lower(name) LIKE ? ESCAPE '\\'", [_like(q)]) if q.strip() else ("", [])
        base = ("SELECT outlet AS name, count(*) AS articles, count(DISTINCT story_id) AS stories, "
                "min(published) AS first_published, max(published) AS last_published FROM idx.members "
                "WHERE outlet IS NOT NULL GROUP BY outlet")
        return self._keyset(base, where, params, [("articles", True), ("name", False)], limit, cursor,
                            lambda r: OutletRow(*r))

    def entities(self, q: str = "", type_: str = "", limit: int = 50, cursor: str = "") -> Page:
        """Entities by number of stories (then name, type); ``q`` matches a name or alias, ``type_`` a type."""
        self._need("entities")
        clauses, params = [], []
        if q.strip():
            clauses.append("(lower(name) LIKE ? ESCAPE '\\' OR list_contains(list_transform(aliases, x -> lower(x)), ?))")
            params += [_like(q), q.strip().lower()]
        if type_:
            clauses.append("type = ?")
            params.append(type_)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        base = ("SELECT name, type, list_sort(list_distinct(flatten(list(aliases)))) AS aliases, "
                "count(DISTINCT story_id) AS stories, sum(n_articles)::INTEGER AS articles "
                "FROM idx.entities GROUP BY name, type")
        return self._keyset(base, where, params, [("stories", True), ("name", False), ("type", False)], limit, cursor,
                            lambda r: EntityRow(r[0], r[1], list(r[2] or []), r[3], r[4]))

    def _keyset(self, base: str, where: str, params: list[Any], order: list[tuple[str, bool]], limit: int,
                cursor: str, make: Any) -> Page:
        """One page of ``base`` (a grouped query) filtered by ``where``, after the cursor's row."""
        limit = max(1, min(limit, MAX_LIMIT))
        total = self.store._rows(f"SELECT count(*) FROM ({base}) {where}", params)[0][0]
        if cursor:
            after, after_params = _after(order, decode_cursor(cursor, len(order)))
            where = (where + " AND " if where else "WHERE ") + after
            params = [*params, *after_params]
        rows = self.store._rows(f"SELECT * FROM ({base}) {where} ORDER BY {_order_sql(order)} LIMIT ?",
                                [*params, limit + 1])
        items = [make(r) for r in rows[:limit]]
        names = [e for e, _ in order]
        last = items[-1] if items else None
        next_cursor = encode_cursor([getattr(last, n) for n in names]) if len(rows) > limit and last else None
        return Page(items, limit, next_cursor, total)

    def claims(self, claim: str, status: str = "", limit: int = 50, cursor: str = "") -> Page:
        """Every story's fact with this claim (case-insensitive, whole claim), newest story first."""
        self._need("facts")
        clauses, params = ["lower(claim) = ?"], [claim.strip().lower()]
        if status:
            clauses.append("status = ?")
            params.append(status)
        base = ("SELECT story_id, headline, coalesce(last_published, '') AS last_published, claim, status, kind, "
                "independent_sources, values, fact_no FROM idx.facts")
        return self._keyset(base, "WHERE " + " AND ".join(clauses), params,
                            [("last_published", True), ("fact_no", False)], limit, cursor, _claim_row)

    def claim_names(self, q: str = "", limit: int = 50) -> list[FacetValue]:
        """Claims by number of stories stating them (``q``: part of the claim), for finding a claim."""
        self._need("facts")
        where, params = ("WHERE lower(claim) LIKE ? ESCAPE '\\'", [_like(q)]) if q.strip() else ("", [])
        rows = self.store._rows(f"SELECT lower(claim) AS c, count(DISTINCT story_id) AS n FROM idx.facts {where} "
                                "GROUP BY c ORDER BY n DESC, c LIMIT ?", [*params, max(1, min(limit, MAX_LIMIT))])
        return [FacetValue(c, int(n)) for c, n in rows]

    # -- ids ------------------------------------------------------------------------------------

    def resolve(self, kind: str, given: str) -> str | None:
        """The full story or article id that ``given`` is, or is the unique prefix of (None: no such id).

        Raises AmbiguousIdError when ``given`` starts several ids and is none of them.
        """
        if self.store.read_only:
            self._need("stories")
            return _resolve_sorted(kind, given, self._ids[kind])
        table = {"story": "stories", "article": "articles"}[kind]
        if self.store._rows(f"SELECT 1 FROM {table} WHERE id = ?", [given]):
            return given
        if not given:
            return None
        found = [r[0] for r in self.store._rows(
            f"SELECT id FROM {table} WHERE starts_with(id, ?) ORDER BY id LIMIT ?", [given, MAX_CANDIDATES + 1])]
        if len(found) > 1:
            raise AmbiguousIdError(kind, given, found)
        return found[0] if found else None


def _resolve_sorted(kind: str, given: str, ids: list[str]) -> str | None:
    """Catalog.resolve over a sorted list of ids (no query)."""
    at = bisect.bisect_left(ids, given)
    if at < len(ids) and ids[at] == given:
        return given
    if not given:
        return None
    found = [i for i in ids[at:at + MAX_CANDIDATES + 1] if i.startswith(given)]  # prefixes sort together
    if len(found) > 1:
        raise AmbiguousIdError(kind, given, found)
    return found[0] if found else None


_FACT_TYPE = ('[{"claim": "VARCHAR", "status": "VARCHAR", "kind": "VARCHAR", "independent_sources": "INTEGER", '
              '"values": [{"value": "VARCHAR", "articles": ["VARCHAR"], "sources": "INTEGER", "published": "VARCHAR"}]}]')


def _claim_row(row: tuple[Any, ...]) -> ClaimRow:
    """A ClaimRow from an idx.facts row."""
    story, headline, last, claim, status, kind, n, values, fact_no = row
    return ClaimRow(story, headline or "", last, claim, status, kind or "", int(n or 0),
                    [ClaimValue(v["value"], int(v["sources"] or 0), list(v["articles"] or []), v["published"])
                     for v in values or []], fact_no)


def _story_sort(query: StoryQuery) -> str:
    """The story order asked for, checked ("" = relevance with a search, newest without)."""
    sort = query.sort or ("relevance" if query.q.strip() else "newest")
    if sort not in STORY_SORTS:
        raise QueryError(f"sort {sort!r} is not one of {', '.join(STORY_SORTS)}")
    if sort == "relevance" and not query.q.strip():
        raise QueryError("sort 'relevance' needs a search (q)")
    return sort


_NEWEST = "s.last_published DESC NULLS LAST, s.first_published DESC NULLS LAST, s.id"
_STORY_ORDER = {
    "relevance": f"r.score DESC, {_NEWEST}",
    "newest": _NEWEST,
    "oldest": "s.first_published ASC NULLS LAST, s.last_published ASC NULLS LAST, s.id",
    "sources": f"s.n_sources DESC, {_NEWEST}",
    "articles": f"s.n_articles DESC, {_NEWEST}",
    "disputes": f"i.n_disputed DESC, {_NEWEST}",
}
# Facet value expressions and the joins they need (one row per story and value).
_FACET_VALUE = {"outlet": "f.outlet", "agency": "unnest(f.agencies)", "language": "f.language",
                "disputed": "CASE WHEN i.n_disputed > 0 THEN 'yes' ELSE 'no' END", "sources": "s.n_sources",
                "month": "i.month"}
_MEMBER_JOIN = "JOIN idx.members f ON f.story_id = s.id"
_FACET_JOIN = {"outlet": _MEMBER_JOIN, "agency": _MEMBER_JOIN, "language": _MEMBER_JOIN, "disputed": "",
               "sources": "", "month": ""}
# Article orders as (expression, descending) keys ending in the id, for cursors.
_ARTICLE_ORDER: dict[str, list[tuple[str, bool]]] = {
    "relevance": [("r.score", True), ("m.article_id", False)],
    "newest": [("coalesce(m.published, '')", True), ("m.article_id", False)],
    "oldest": [("coalesce(m.published, '\uffff')", False), ("m.article_id", False)],
}


def _like(text: str) -> str:
    """A lower-case LIKE pattern matching ``text`` anywhere (its own % and _ escaped)."""
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


__all__ = [
    "ARTICLE_SORTS",
    "FACETS",
    "STORY_SORTS",
    "AmbiguousIdError",
    "ArticleHit",
    "ArticleQuery",
    "Catalog",
    "ClaimRow",
    "ClaimValue",
    "EntityRow",
    "FacetValue",
    "OutletRow",
    "Page",
    "QueryError",
    "StoryHit",
    "StoryQuery",
    "StoryResults",
    "check_day",
    "decode_cursor",
    "encode_cursor",
    "short_id",
]
