"""The DuckDB store: the only module that opens the database; incremental ingest and small reads.

Tables: ``articles`` (every Article field, a unique content hash), ``stories`` (headline, times,
counts, search text and the contract's story object as JSON for fast reads), ``story_articles``
(membership), ``reuse_links``, ``retired_stories`` (ids of stories merged away, never reused) and
``fetch_state`` (per URL fetched by ``crosswire fetch``/``watch``: validators, fetch time, body digest),
and the incremental ingest's state (stored_index): ``article_keys`` (per article: MinHash values,
passage grams, boilerplate sentence keys, clustering terms), ``vocabulary`` (the clustering terms'
ids), ``furniture`` (the sentences judged boilerplate), ``vectors`` (the embeddings computed so far)
``sentence_labels`` (the spaCy labels of the sentences the entity stage parsed, by digest),
``article_profiles`` (the aligner's profile of each article aligned, made with the current furniture),
``article_statements`` (the fact stage's statements of each article it read, with the names
they looked up) and ``article_label_keys`` (per article, the keys of the sentences its stories
asked spaCy about: how a story completed again finds its stored labels without reading its texts).
Tables added later are created in older files the first time they are opened for writing.
Every ingest batch is written in one transaction, so a process killed mid-ingest leaves the
database as it was after the last whole batch; a re-run finds the stored articles by their
content hash and completes the work, ending in exactly the state of one uninterrupted run: the
articles' ``seq`` is the order in which clustering indexed them, and the clustering state is
rebuilt in that order (with the retired stories' places kept), so the re-run continues from the
state the killed run had after its last whole batch.

Writes are serialised: DuckDB lets one process open a file read-write. The web server opens the
file read-only (and cannot while an ingest runs), or, with ``crosswire serve --watch``, for writing
with the watch ingesting from a thread of the same process; its pages read inside one snapshot
(Store.reading), so they see each batch whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from itertools import islice
from pathlib import Path
from typing import Any, Self

import numpy as np

from .. import __version__
from ..errors import StoreError
from ..facts.nlp import Labels
from ..facts.statements import statements_version
from ..provenance.align import Profile
from ..records import (
    Article,
    BriefingSentence,
    Entity,
    Fact,
    FactValue,
    OriginGroup,
    Passage,
    Problem,
    Report,
    ReuseLink,
    Story,
)
from ..report.writers import story_to_dict
from . import stored_index

SCHEMA_VERSION = "1"
# Rows per INSERT statement (_insert_many): DuckDB's executemany runs one statement per row (about
# 2 ms each here); 500-row statements measured 25x faster on 10,000 article rows (as VALUES lists).
INSERT_CHUNK = 500
# Largest page a story listing returns.
MAX_PAGE = 200

ProgressFn = Callable[[str, int, int], None]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL UNIQUE, seq BIGINT NOT NULL,
    source_path VARCHAR, title VARCHAR, text VARCHAR, outlet VARCHAR, url VARCHAR, byline VARCHAR,
    published VARCHAR, agencies VARCHAR[], language VARCHAR, removed VARCHAR[], story_hint VARCHAR);
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, headline VARCHAR, first_published VARCHAR,
    last_published VARCHAR, n_articles INTEGER, n_sources INTEGER, search_text VARCHAR,
    entity_text VARCHAR, data VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reuse_links (
    a VARCHAR NOT NULL, b VARCHAR NOT NULL, relation VARCHAR, score DOUBLE, passages VARCHAR,
    PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS retired_stories (id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS fetch_state (
    url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, fetched VARCHAR NOT NULL, digest VARCHAR);
CREATE TABLE IF NOT EXISTS article_keys (
    article_id VARCHAR PRIMARY KEY, word_sig BLOB, skeleton_sig BLOB, grams BLOB, sentences VARCHAR[],
    terms BLOB, counts BLOB, title_terms BLOB, title_counts BLOB, named BLOB);
CREATE TABLE IF NOT EXISTS vocabulary (id INTEGER PRIMARY KEY, term VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS furniture (key VARCHAR PRIMARY KEY);
CREATE TABLE IF NOT EXISTS vectors (article_id VARCHAR PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS sentence_labels (sentence_key VARCHAR PRIMARY KEY, labels VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS article_profiles (article_id VARCHAR PRIMARY KEY, profile VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS article_statements (article_id VARCHAR PRIMARY KEY, statements VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS article_label_keys (article_id VARCHAR PRIMARY KEY, sentence_keys VARCHAR[] NOT NULL);
"""

_ARTICLE_COLUMNS = ("id", "content_hash", "seq", "source_path", "title", "text", "outlet", "url", "byline",
                    "published", "agencies", "language", "removed", "story_hint")
_STORY_COLUMNS = ("id", "seq", "headline", "first_published", "last_published", "n_articles", "n_sources",
                  "search_text", "entity_text", "data")


# ---------------------------------------------------------------------------------------------
# Result records


@dataclass(slots=True)
class StorySummary:
    """One line of the story list: enough to show and link a story without loading it."""

    id: str
    headline: str
    first_published: str | None
    last_published: str | None
    n_articles: int
    n_sources: int


@dataclass(slots=True)
class StoryPage:
    """A page of the story list and how many stories match in all."""

    stories: list[StorySummary]
    total: int
    limit: int
    offset: int


@dataclass(slots=True)
class IngestResult:
    """What one ingest did: articles added, duplicates skipped, renamed ids, unusable sources."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # "<source>: same content as <stored id>"
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (id in the source, id stored)
    problems: list[Problem] = field(default_factory=list)
    touched_stories: int = 0
    touched_articles: int = 0  # articles of the touched stories, summed over batches: the per-story stage's work
    batches: int = 0


@dataclass(slots=True)
class FetchRecord:
    """What the last successful fetch of a URL left: its validators, when, and the body's SHA-256."""

    url: str
    etag: str | None
    last_modified: str | None
    fetched: str
    digest: str | None = None


@dataclass(slots=True)
class StoreStats:
    """Row counts of the main tables."""

    articles: int
    stories: int
    links: int


# ---------------------------------------------------------------------------------------------
# Opening


class Store:
    """A DuckDB database file of articles, stories and reuse links.

    Open with :func:`open_store`. Read methods are safe from several threads (each thread gets
    its own cursor); writes happen only through :func:`ingest_paths` / :meth:`write_batch`.
    """

    def __init__(self, connection: Any, path: str, read_only: bool) -> None:
        self._con = connection
        self.path = path
        self.read_only = read_only
        self._local = threading.local()
        self._memory_key: str | None = None  # this store's hold on its file's memory cap (open_store)

    def close(self) -> None:
        """Close the database."""
        self._con.close()
        _release_memory_limit(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _cursor(self) -> Any:
        """This thread's cursor (DuckDB connections must not be shared across threads)."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._con.cursor()
        return cursor

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Run this thread's reads inside in one snapshot of the database: an ingest batch committed
        meanwhile (``crosswire serve --watch`` writes while it serves) is seen whole or not at all,
        never as a story whose articles or counts come from two different batches. Re-entrant.
        A read-only store never changes: its reads need no snapshot (two statements fewer a page)."""
        if self.read_only:
            yield
            return
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            self._execute("BEGIN TRANSACTION")
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                self._execute("ROLLBACK")  # nothing was written: ending the snapshot is all

    def _execute(self, sql: str) -> None:
        """Run a statement without results on this thread's cursor (DuckDB errors as StoreError)."""
        import duckdb

        try:
            self._cursor().execute(sql)
        except duckdb.Error as error:
            raise StoreError(f"{self.path}: {sql.lower()} failed ({_first_line(error)})") from error

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return all rows, translating DuckDB errors into StoreError."""
        import duckdb

        try:
            return self._cursor().execute(sql, list(params)).fetchall()
        except duckdb.Error as error:
            raise StoreError(f"{self.path}: query failed ({error})") from error

    # -- reads ------------------------------------------------------------------------------

    def stats(self) -> StoreStats:
        """How many articles, stories and reuse links are stored."""
        counts = [self._rows(f"SELECT count(*) FROM {t}")[0][0] for t in ("articles", "stories", "reuse_links")]
        return StoreStats(*counts)

    def list_stories(self, q: str = "", entity: str = "", since: str = "", until: str = "",
                     limit: int = 50, offset: int = 0) -> StoryPage:
        """Stories newest first, filtered by text (headline, briefing, titles, article text),
        entity name or alias, and publication dates (``YYYY-MM-DD``, inclusive)."""
        where, params = _story_filters(q, entity, since, until)
        limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
        with self.reading():  # the count and the page from one state of the database
            total = self._rows(f"SELECT count(*) FROM stories s {where}", params)[0][0]
            rows = self._rows(
                f"SELECT id, headline, first_published, last_published, n_articles, n_sources FROM stories s {where} "
                "ORDER BY last_published DESC NULLS LAST, first_published DESC NULLS LAST, id LIMIT ? OFFSET ?",
                [*params, limit, offset])
        return StoryPage([StorySummary(*row) for row in rows], total, limit, offset)

    def story_json(self, story_id: str) -> str | None:
        """The contract's story object as stored JSON text (None when there is no such story)."""
        rows = self._rows("SELECT data FROM stories WHERE id = ?", [story_id])
        return current_story_json(rows[0][0]) if rows else None

    def story(self, story_id: str) -> Story | None:
        """A story rebuilt as a record (None when absent)."""
        data = self.story_json(story_id)
        return story_from_dict(json.loads(data)) if data is not None else None

    def article(self, article_id: str) -> Article | None:
        """One article (None when absent)."""
        return self.articles([article_id]).get(article_id)

    def articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among these ids, by id."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        rows = self._rows(f"SELECT {_article_select()} FROM articles WHERE id IN ({_marks(len(ids))})", ids)
        return {row[0]: _article_from_row(row) for row in rows}

    def all_articles(self) -> list[Article]:
        """Every article in the order it was stored."""
        return [_article_from_row(row) for row in self._rows(f"SELECT {_article_select()} FROM articles ORDER BY seq")]

    def article_dates(self) -> list[tuple[str, str | None]]:
        """(id, published) of every article in the order it was stored, without its text."""
        return self._rows("SELECT id, published FROM articles ORDER BY seq")

    def story_mates(self, article_id: str) -> dict[str, Article]:
        """The stored articles of the story holding this article (itself alone when in none), by id."""
        rows = self._rows(f"SELECT {_article_select()} FROM articles WHERE id = ? OR id IN (SELECT m.article_id "
                          "FROM story_articles m JOIN story_articles s ON s.story_id = m.story_id "
                          "WHERE s.article_id = ?)", [article_id, article_id])
        return {row[0]: _article_from_row(row) for row in rows}

    def all_stories(self) -> list[Story]:
        """Every story in the order it was created."""
        return [story_from_dict(json.loads(row[0])) for row in self._rows("SELECT data FROM stories ORDER BY seq")]

    def story_order(self) -> dict[str, int]:
        """Each story's creation sequence number."""
        return dict(self._rows("SELECT id, seq FROM stories"))

    def retired_stories(self) -> dict[str, int]:
        """Ids of the stories merged away (emptied) by later ingests, with their creation sequence numbers."""
        return dict(self._rows("SELECT id, seq FROM retired_stories"))

    def all_links(self) -> list[ReuseLink]:
        """Every reuse link, in a stable order."""
        return [_link_from_row(row) for row in self._rows(
            "SELECT a, b, relation, score, passages FROM reuse_links ORDER BY a, b")]

    def link_pairs(self) -> list[ReuseLink]:
        """Every reuse link without its passages or score (a, b and relation: what clustering reads of
        them), sorted by (a, b); reading them costs no JSON parsing, unlike ``all_links``."""
        return [ReuseLink(a, b, relation, 0.0) for a, b, relation in self._rows(
            "SELECT a, b, relation FROM reuse_links ORDER BY a, b")]

    def links_from(self, article_ids: Iterable[str]) -> list[ReuseLink]:
        """The reuse links whose likely source (``a``) is one of these articles, sorted by (a, b)."""
        ids, found = sorted(set(article_ids)), []
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            found += [_link_from_row(row) for row in self._rows(
                f"SELECT a, b, relation, score, passages FROM reuse_links WHERE a IN ({_marks(len(chunk))})", chunk)]
        return sorted(found, key=lambda link: (link.a, link.b))

    def links_of(self, article_id: str) -> list[ReuseLink]:
        """The reuse links that involve this article."""
        return [_link_from_row(row) for row in self._rows(
            "SELECT a, b, relation, score, passages FROM reuse_links WHERE a = ? OR b = ? ORDER BY a, b",
            [article_id, article_id])]

    def story_of(self, article_id: str) -> str | None:
        """The id of the story this article belongs to (None when absent)."""
        rows = self._rows("SELECT story_id FROM story_articles WHERE article_id = ?", [article_id])
        return rows[0][0] if rows else None

    def hashes(self) -> dict[str, str]:
        """Content hash -> article id, for every stored article."""
        return dict(self._rows("SELECT content_hash, id FROM articles"))

    def check(self) -> list[str]:
        """Consistency problems (empty when sound): orphan rows, memberships and story JSON that disagree."""
        checks = {
            "membership row of a missing article": "SELECT m.article_id FROM story_articles m "
                                                   "LEFT JOIN articles a ON a.id = m.article_id WHERE a.id IS NULL",
            "membership row of a missing story": "SELECT m.article_id FROM story_articles m "
                                                 "LEFT JOIN stories s ON s.id = m.story_id WHERE s.id IS NULL",
            "article in no story": "SELECT a.id FROM articles a LEFT JOIN story_articles m ON m.article_id = a.id "
                                   "WHERE m.article_id IS NULL",
            "story with no article": "SELECT s.id FROM stories s LEFT JOIN story_articles m ON m.story_id = s.id "
                                     "WHERE m.story_id IS NULL",
            "story whose article count disagrees": "SELECT s.id FROM stories s JOIN (SELECT story_id, count(*) n "
                                                   "FROM story_articles GROUP BY story_id) m ON m.story_id = s.id "
                                                   "WHERE m.n <> s.n_articles",
            "reuse link to a missing article": "SELECT l.a || ' ' || l.b FROM reuse_links l "
                                               "LEFT JOIN articles x ON x.id = l.a LEFT JOIN articles y ON y.id = l.b "
                                               "WHERE x.id IS NULL OR y.id IS NULL",
        }
        problems = [f"{what}: {row[0]}" for what, sql in checks.items() for row in self._rows(sql)]
        members = {sid: set() for sid, in self._rows("SELECT id FROM stories")}
        for article_id, story_id in self._rows("SELECT article_id, story_id FROM story_articles"):
            members.setdefault(story_id, set()).add(article_id)
        for story in self.all_stories():
            if set(story.articles) != members.get(story.id, set()):
                problems.append(f"story JSON and membership rows disagree: {story.id}")
        return problems

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table in a stable order (to compare two databases)."""
        order = {"articles": "id", "stories": "id", "story_articles": "article_id", "reuse_links": "a, b",
                 "retired_stories": "id", "article_keys": "article_id", "vocabulary": "id", "furniture": "key",
                 "vectors": "article_id", "sentence_labels": "sentence_key", "article_profiles": "article_id",
                 "article_statements": "article_id", "article_label_keys": "article_id"}
        tables = _base_tables(self._cursor())
        order = {table: key for table, key in order.items() if table in tables}
        return {table: self._rows(f"SELECT * FROM {table} ORDER BY {key}") for table, key in order.items()}

    def story_members(self) -> list[Story]:
        """Every story as its id and articles only (in order), in creation order: what clustering needs."""
        stories: dict[str, Story] = {}
        for story_id, article_id in self._rows("SELECT m.story_id, m.article_id FROM story_articles m "
                                               "JOIN stories s ON s.id = m.story_id ORDER BY s.seq, m.position"):
            stories.setdefault(story_id, Story(id=story_id, articles=[])).articles.append(article_id)
        return list(stories.values())

    def stored_keys(self) -> dict[str, stored_index.StoredKeys]:
        """What the incremental indexes keep of each article (stored_index), by article id; empty for a
        file written before they were kept."""
        if "article_keys" not in _base_tables(self._cursor()):
            return {}
        rows = self._rows(f"SELECT article_id, {', '.join(stored_index.COLUMNS)} FROM article_keys")
        return {row[0]: stored_index.from_row(row[1:]) for row in rows}

    def vocabulary(self) -> dict[str, int]:
        """The clustering state's term ids."""
        if "vocabulary" not in _base_tables(self._cursor()):
            return {}
        return dict(self._rows("SELECT term, id FROM vocabulary ORDER BY id"))

    def vectors(self) -> dict[str, np.ndarray]:
        """The title-and-lead embeddings computed so far for stored articles (semantic mode), by id."""
        if "vectors" not in _base_tables(self._cursor()):
            return {}
        return {i: stored_index.vector_from_bytes(v) for i, v in self._rows("SELECT article_id, vector FROM vectors")}

    def furniture(self) -> set[str]:
        """The sentence keys judged boilerplate over the stored articles."""
        if "furniture" not in _base_tables(self._cursor()):
            return set()
        return {key for key, in self._rows("SELECT key FROM furniture")}

    def sentence_labels(self, sentences: Iterable[str]) -> dict[str, Labels]:
        """The spaCy labels that earlier ingest batches parsed for any of these sentences, by sentence
        (the entity stage parses the same sentences each time a story is completed again)."""
        if "sentence_labels" not in _base_tables(self._cursor()):
            return {}
        wanted = {stored_index.label_key(s): s for s in sentences}
        keys, found = sorted(wanted), {}
        for start in range(0, len(keys), 1000):
            chunk = keys[start:start + 1000]
            for key, data in self._rows(f"SELECT sentence_key, labels FROM sentence_labels "
                                        f"WHERE sentence_key IN ({_marks(len(chunk))})", chunk):
                found[wanted[key]] = stored_index.labels_from_json(data)
        return found

    def article_label_keys(self, article_ids: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
        """The keys of the sentences that the stories of these articles asked spaCy about in earlier
        batches (article_label_keys: the recasing windows of each article and the entity stage's
        sentences taken from it), by article id, and the stored labels of those keys as stored
        (labels_json; decoded where the stories are completed, in a worker process when there
        are many). Found by article, so that no text is read to know which sentences to look up.

        The ids and keys go to DuckDB as one list each (``_IN_LIST``): an ``IN (?, ?, ...)`` of a
        group's ids on this table, whose rows hold lists, took ~25x as long (0.14 s a group of 450
        articles at 15,000 stored: most of the main process's reading in a late ingest batch).
        """
        cur = self._cursor()
        if "article_label_keys" not in _base_tables(cur):
            return {}, {}
        keys = {article_id: list(found) for article_id, found in self._rows(
            f"SELECT article_id, sentence_keys FROM article_label_keys WHERE article_id {_IN_LIST}",
            [sorted(set(article_ids))])}
        wanted = sorted({key for found in keys.values() for key in found})
        labels = dict(self._rows(f"SELECT sentence_key, labels FROM sentence_labels WHERE sentence_key {_IN_LIST}",
                                 [wanted]))
        return keys, labels

    def article_statements(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The statements that earlier ingest batches found in any of these articles, by article id,
        as stored (stored_index.statements_json: a story completed again reads its older articles
        again; they are decoded where the story is completed, in a worker process when there are many)."""
        cur = self._cursor()
        if "article_statements" not in _base_tables(cur):
            return {}
        if not _statements_current(cur):
            return {}  # found by another crosswire's rules: read again (and replaced by the next batch)
        ids, found = sorted(set(article_ids)), {}
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            for article_id, data in self._rows(f"SELECT article_id, statements FROM article_statements "
                                               f"WHERE article_id IN ({_marks(len(chunk))})", chunk):
                found[article_id] = data
        return found

    def profiles(self, article_ids: Iterable[str]) -> dict[str, Profile]:
        """The stored aligner profiles of these articles (those that have one), by article id."""
        if "article_profiles" not in _base_tables(self._cursor()):
            return {}
        ids, found = sorted(set(article_ids)), {}
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            for article_id, data in self._rows(f"SELECT article_id, profile FROM article_profiles "
                                               f"WHERE article_id IN ({_marks(len(chunk))})", chunk):
                found[article_id] = stored_index.profile_from_json(article_id, data)
        return found

    def fetch_records(self) -> dict[str, FetchRecord]:
        """The fetch state of every URL fetched into this database, by URL."""
        rows = self._rows("SELECT url, etag, last_modified, fetched, digest FROM fetch_state")
        return {row[0]: FetchRecord(*row) for row in rows}

    # -- writes -----------------------------------------------------------------------------

    def save_fetch_records(self, records: Iterable[FetchRecord]) -> None:
        """Insert or replace the fetch state of these URLs, all in one transaction."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        import duckdb

        rows = [(r.url, r.etag, r.last_modified, r.fetched, r.digest) for r in records]
        cur = self._cursor()
        try:
            cur.execute("BEGIN TRANSACTION")
            for start in range(0, len(rows), INSERT_CHUNK):
                chunk = rows[start:start + INSERT_CHUNK]
                cur.execute(f"INSERT OR REPLACE INTO fetch_state VALUES {', '.join(['(?, ?, ?, ?, ?)'] * len(chunk))}",
                            [value for row in chunk for value in row])
            cur.execute("COMMIT")
        except duckdb.Error as error:
            _rollback(cur)
            raise StoreError(f"{self.path}: fetch state not saved ({_first_line(error)})") from error

    def write_batch(self, articles: list[tuple[Article, str]], links: list[ReuseLink], stories: list[Story],
                    story_seq: dict[str, int], removed_stories: Iterable[str] = (),
                    index: stored_index.IndexRows | None = None) -> None:
        """Store new (article, content hash) pairs, new links and (re)computed stories in ONE transaction.

        ``stories`` replace any stored story with the same id; ``removed_stories`` (merged away)
        are deleted; ``index`` holds the incremental indexes' new rows. Either everything is written
        or, after an error or a kill, nothing.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        import duckdb

        cur = self._cursor()
        try:
            cur.execute("BEGIN TRANSACTION")
            first = cur.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]
            _insert_many(cur, "articles", _ARTICLE_COLUMNS,
                         [_article_row(a, h, first + n) for n, (a, h) in enumerate(articles)])
            _insert_many(cur, "reuse_links", ("a", "b", "relation", "score", "passages"), (_link_row(x) for x in links))
            gone = sorted({s.id for s in stories} | set(removed_stories))
            if gone:
                cur.execute(f"DELETE FROM story_articles WHERE story_id IN ({_marks(len(gone))})", gone)
                cur.execute(f"DELETE FROM stories WHERE id IN ({_marks(len(gone))})", gone)
            _insert_many(cur, "retired_stories", ("id", "seq"),
                         [(i, story_seq[i]) for i in sorted(set(removed_stories)) if i in story_seq])
            _insert_many(cur, "stories", _STORY_COLUMNS, (_story_row(s, story_seq[s.id]) for s in stories))
            _insert_many(cur, "story_articles", ("article_id", "story_id", "position"),
                         [(a, s.id, n) for s in stories for n, a in enumerate(s.articles)])
            if index is not None:
                _write_index(cur, index)
            cur.execute("COMMIT")
        except duckdb.Error as error:
            _rollback(cur)
            raise StoreError(f"{self.path}: write failed, nothing from this batch was stored "
                             f"({_first_line(error)})") from error


def _write_index(cur: Any, index: stored_index.IndexRows) -> None:
    """Write the incremental indexes' rows of one batch (inside its transaction)."""
    if index.replace:
        for table in ("article_keys", "vocabulary", "furniture", "vectors", "article_profiles"):
            cur.execute(f"DELETE FROM {table}")
    _insert_many(cur, "article_keys", ("article_id", *stored_index.COLUMNS),
                 (stored_index.to_row(i, keys) for i, keys in index.keys.items()))
    _insert_many(cur, "vocabulary", ("id", "term"), index.vocabulary)
    if index.furniture_removed:
        cur.execute(f"DELETE FROM furniture WHERE key IN ({_marks(len(index.furniture_removed))})",
                    index.furniture_removed)
    _insert_many(cur, "furniture", ("key",), [(key,) for key in index.furniture_added])
    _insert_many(cur, "vectors", ("article_id", "vector"),
                 [(i, stored_index.vector_bytes(v)) for i, v in sorted(index.vectors.items())])
    gone = sorted(set(index.stale_profiles) | set(index.profiles))
    for start in range(0, len(gone), INSERT_CHUNK):
        chunk = gone[start:start + INSERT_CHUNK]
        cur.execute(f"DELETE FROM article_profiles WHERE article_id IN ({_marks(len(chunk))})", chunk)
    _insert_many(cur, "article_profiles", ("article_id", "profile"),
                 ((i, stored_index.profile_json(p)) for i, p in sorted(index.profiles.items())))
    _insert_many(cur, "sentence_labels", ("sentence_key", "labels"),
                 sorted((stored_index.label_key(s), stored_index.labels_json(found)) for s, found in index.labels.items()),
                 keep_stored=True)  # a sentence stored for an article of another story
    grown = sorted(index.label_keys)
    for start in range(0, len(grown), INSERT_CHUNK):
        chunk = grown[start:start + INSERT_CHUNK]
        cur.execute(f"DELETE FROM article_label_keys WHERE article_id IN ({_marks(len(chunk))})", chunk)
    _insert_many(cur, "article_label_keys", ("article_id", "sentence_keys"),
                 [(i, index.label_keys[i]) for i in grown])
    if index.statements and not _statements_current(cur):  # stored by other rules: never read back, so dropped
        cur.execute("DELETE FROM article_statements")
        cur.execute("INSERT OR REPLACE INTO meta VALUES ('statements', ?)", [statements_version()])
    _insert_many(cur, "article_statements", ("article_id", "statements"),
                 sorted(index.statements.items()), keep_stored=True)


def _statements_current(cur: Any) -> bool:
    """True when the stored article statements were found by this crosswire's statement rules."""
    found = cur.execute("SELECT value FROM meta WHERE key = 'statements'").fetchone()
    return found is not None and found[0] == statements_version()


def _rollback(cur: Any) -> None:
    """Roll back the open transaction, if any: a failed COMMIT (disk full) has ended it already,
    and DuckDB then answers ROLLBACK with "no transaction is active"."""
    import duckdb

    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:
        pass


def open_store(path: str | Path, read_only: bool = False) -> Store:
    """Open (creating when writable) a crosswire database file; errors become one-line StoreErrors.

    DuckDB holds at most STORE_MEMORY_MB in memory, its cache of the file's blocks included, or a
    share of the file's size (STORE_FILE_SHARE) when that is more (_memory_limit).

    A database file is data, not code: DuckDB is opened with external access (file readers, COPY,
    ATTACH) and extension auto-install/auto-load switched off and the configuration locked, and a
    file holding views, macros or sequences (never written by crosswire) is refused, so a crafted
    file can neither read local files nor make DuckDB download anything.
    """
    import duckdb

    path = str(path)
    if read_only and not Path(path).exists():
        raise StoreError(f"{path}: no such database (create it with: crosswire ingest PATH... --db {path})")
    foreign = _foreign_format(Path(path))
    if foreign:
        raise StoreError(f"{path}: not a crosswire database ({foreign}); nothing was written")
    key, limit = _take_memory_limit(path)
    try:
        con = duckdb.connect(path, read_only=read_only, config={"memory_limit": limit} | dict(_SAFE_CONFIG))
    except duckdb.IOException as error:
        _give_back_memory_limit(key)
        reason = "in use by another process" if "lock" in str(error).lower() else "cannot be opened"
        raise StoreError(f"{path}: database {reason} ({_first_line(error)})") from error
    except duckdb.Error as error:
        _give_back_memory_limit(key)
        raise StoreError(f"{path}: not a crosswire database ({_first_line(error)})") from error
    store = Store(con, path, read_only)
    store._memory_key = key
    _prepare_schema(store)
    return store


# DuckDB's memory cap (memory_limit) for every connection, at least: by default DuckDB keeps the
# file's blocks it has read cached, up to 80% of the machine's memory: in the 10th batch of
# benchmarks/ingest_scale.py (3,000 Multi-News articles into 27,000 stored) the batch's write took
# the process from 1,266 to 1,533 MB, its peak, almost all of it DuckDB's (Python's own
# allocations grew 34 MB); capped at 256 MB the batch peaked at 1,414 MB (128 MB: 1,392), CPU
# unchanged. Evicted blocks are read back from the file and a transaction's new rows spill to
# <db>.tmp, but neither the key (ART) indexes that a write loads nor those of its new rows can be
# evicted, so a fixed cap bounds the database a write can go to (see STORE_FILE_SHARE).
STORE_MEMORY_MB = 256
# ... and this share of the database file's size (with its write-ahead log) when that is more: the
# key indexes a write loads grow with the stored articles. Rows of the shapes an ingest writes,
# made compact (0.9 KB of file an article; an ingested Multi-News article takes 14 KB), and a
# batch of 2,500 new articles each joining a stored story of 7 (tests/test_store_memory.py's rows,
# load 4-5): into 700,000 stored (658 MB of file) the batch commits under 256 MB; into 2,000,000
# (1,868 MB) it fails under 256 MB and under 268 MB (a share of 0.15), and commits under 446 MB
# (0.25, in 60 s) and 892 MB (0.5). Below 1 GB of file the 256 MB floor holds.
STORE_FILE_SHARE = 0.25
# DuckDB settings for every connection (see open_store): no file, network or extension access
# beyond the database file itself, and no later SET can turn them back on.
_SAFE_CONFIG = (("enable_external_access", False), ("autoinstall_known_extensions", False),
                ("autoload_known_extensions", False), ("lock_configuration", True))
# The memory cap of each file this process holds open, and how many of its stores are open: one
# process's connections to one file must agree on their configuration (a server that ingests as
# it serves opens several), so the first open's cap holds until the last of them is closed.
_memory_limits: dict[str, list[Any]] = {}
_memory_lock = threading.Lock()


def _memory_limit(path: str) -> int:
    """DuckDB's memory cap in MB for a new connection to ``path``: STORE_MEMORY_MB, or
    STORE_FILE_SHARE of the file's size (with its write-ahead log) when that is more."""
    size = sum(Path(name).stat().st_size for name in (path, path + ".wal") if Path(name).exists())
    return max(STORE_MEMORY_MB, -(-int(size * STORE_FILE_SHARE) // 2**20))


def _take_memory_limit(path: str) -> tuple[str, str]:
    """The key of ``path`` among the open files and the cap its new connection must use."""
    key = str(Path(path).resolve())
    with _memory_lock:
        held = _memory_limits.setdefault(key, [f"{_memory_limit(path)}MB", 0])
        held[1] += 1
        return key, held[0]


def _give_back_memory_limit(key: str) -> None:
    """One store of the file ``key`` is closed (or failed to open)."""
    with _memory_lock:
        held = _memory_limits.get(key)
        if held is not None:
            held[1] -= 1
            if held[1] <= 0:
                del _memory_limits[key]


def _release_memory_limit(store: Store) -> None:
    """Give back a closed store's hold on its file's cap, once."""
    key, store._memory_key = store._memory_key, None
    if key is not None:
        _give_back_memory_limit(key)


# A DuckDB database file carries these bytes at offset 8 (its main header); SQLite files start
# with their own magic string.
_DUCKDB_MAGIC = (8, b"DUCK")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _foreign_format(path: Path) -> str | None:
    """Why a non-empty file at ``path`` is not a DuckDB database (None when it may be one)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"{path}: database cannot be opened ({error.strerror or error})") from error
    if not head:
        return None
    if head.startswith(_SQLITE_MAGIC):
        return "a SQLite file"
    offset, magic = _DUCKDB_MAGIC
    if head[offset:offset + len(magic)] != magic:
        return "not a DuckDB file"
    return None


# Tables a crosswire database holds; a file with other objects in them (views, macros) is foreign.
_TABLES = ("meta", "articles", "stories", "story_articles", "reuse_links", "retired_stories", "fetch_state",
           "article_keys", "vocabulary", "furniture", "vectors", "sentence_labels",
           "article_profiles", "article_statements", "article_label_keys")


def _prepare_schema(store: Store) -> None:
    """Create the tables in a new file; refuse foreign files (before writing anything) and files of
    another schema version."""
    import duckdb

    cur = store._cursor()
    try:
        problem = _foreign_objects(cur)
        empty = not cur.execute("SELECT count(*) FROM information_schema.tables").fetchone()[0]
        if problem is None and not empty and "meta" not in _base_tables(cur):
            problem = "it has tables but no crosswire meta table"
        if problem is not None:
            store.close()
            raise StoreError(f"{store.path}: not a crosswire database ({problem}); nothing was written")
        if not store.read_only and (empty or set(_TABLES) - _base_tables(cur) or not _has_version(cur)):
            # One transaction: a kill while a new file is created leaves it empty, not with tables
            # and no version; a file left so by an older version (tables, no version row: nothing
            # is written before the version) is completed the same way.
            cur.execute("BEGIN TRANSACTION")
            cur.execute(_SCHEMA)
            cur.execute("INSERT INTO meta VALUES ('schema', ?) ON CONFLICT DO NOTHING", [SCHEMA_VERSION])
            cur.execute("COMMIT")
        row = cur.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if not store.read_only and row and row[0] == SCHEMA_VERSION:
            _upgrade_hashes(cur)
    except duckdb.Error as error:
        store.close()
        raise StoreError(f"{store.path}: not a crosswire database ({_first_line(error)})") from error
    if not row or row[0] != SCHEMA_VERSION:
        store.close()
        raise StoreError(f"{store.path}: database schema {row[0] if row else '?'} is not {SCHEMA_VERSION}; "
                         "re-ingest into a new file")


def _has_version(cur: Any) -> bool:
    """Whether the file records its schema version (a file whose creation was cut short does not)."""
    return "meta" in _base_tables(cur) and bool(cur.execute("SELECT count(*) FROM meta WHERE key = 'schema'").fetchone()[0])


# How the articles' content_hash is computed; a file written before it was keyed on the article
# (it hashed the raw page) is re-hashed the first time it is opened for writing.
HASH_KIND = "article-1"


def _upgrade_hashes(cur: Any) -> None:
    """Re-hash the stored articles of a file whose hashes are of another kind (see HASH_KIND), in one
    transaction; an article whose new hash another stored article has already keeps its old one."""
    found = cur.execute("SELECT value FROM meta WHERE key = 'content_hash'").fetchone()
    if found and found[0] == HASH_KIND:
        return
    rows = cur.execute(f"SELECT {_article_select()}, content_hash FROM articles ORDER BY seq").fetchall()
    taken: set[str] = set()
    new = []
    for row in rows:
        digest = content_hash(_article_from_row(row[:-1]))
        digest = row[-1] if digest in taken else digest
        taken.add(digest)
        new.append((row[0], digest))
    cur.execute("BEGIN TRANSACTION")
    if new:
        cur.execute("CREATE TEMP TABLE rehashed (id VARCHAR, h VARCHAR)")
        _insert_many(cur, "rehashed", ("id", "h"), new)
        cur.execute("UPDATE articles SET content_hash = r.h FROM rehashed r WHERE articles.id = r.id")
        cur.execute("DROP TABLE rehashed")
    cur.execute("INSERT OR REPLACE INTO meta VALUES ('content_hash', ?)", [HASH_KIND])
    cur.execute("COMMIT")


def _base_tables(cur: Any) -> set[str]:
    """Names of the ordinary tables in the main schema."""
    return {name for name, in cur.execute("SELECT table_name FROM information_schema.tables "
                                          "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'").fetchall()}


def _foreign_objects(cur: Any) -> str | None:
    """A description of the first object crosswire never creates (views, macros, sequences,
    types), which could run code or read files when queried; None when there is none."""
    checks = (("view", "SELECT view_name FROM duckdb_views() WHERE NOT internal"),
              ("macro", "SELECT function_name FROM duckdb_functions() WHERE NOT internal"),
              ("sequence", "SELECT sequence_name FROM duckdb_sequences()"),
              ("type", "SELECT type_name FROM duckdb_types() WHERE NOT internal"))
    for kind, sql in checks:
        found = cur.execute(sql + " LIMIT 1").fetchone()
        if found:
            return f"it holds a {kind} {found[0]!r}"
    return None


def content_hash(article: Article, fetched: str | None = None) -> str:
    """SHA-256 of what an article says: title, clean text and metadata (not its id, file name or
    the clutter removed around it).

    Keyed on the extracted article, not the raw page, so that a page whose HTML changes on every
    poll (an ad slot, a "last updated 2 minutes ago" line, a cache-buster) is stored once. A
    publication time that is only the fetch time (``fetched``: extract's fallback for an undated
    page) is left out too, since it changes on every fetch.
    """
    published = None if fetched is not None and article.published == fetched else article.published
    payload = json.dumps([article.title.strip(), article.text.strip(), article.outlet, article.url, article.byline,
                          published, sorted(article.agencies), article.language, article.story_hint],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
# ---------------------------------------------------------------------------------------------
# Reports from the store


def load_report(store: Store) -> Report:
    """Everything stored, as a Report (for the JSON / Markdown writers)."""
    return Report(__version__, store.all_articles(), store.all_stories())


# ---------------------------------------------------------------------------------------------
# Rows <-> records


def story_from_dict(data: dict[str, Any]) -> Story:
    """Rebuild a Story record from the contract's story object (``report.story_to_dict``)."""
    groups = data.get("origin_details") or [{"articles": ids} for ids in data.get("origins", [])]
    return Story(
        id=data["id"], articles=list(data["articles"]), headline=data.get("headline", ""),
        first_published=data.get("first_published"), last_published=data.get("last_published"),
        origins=[_record(OriginGroup, g) for g in groups],
        reuse=[_link_from_dict(x) for x in data.get("reuse", [])],
        entities=[_record(Entity, e) for e in data.get("entities", [])],
        facts=[_fact_from_dict(f) for f in data.get("facts", [])],
        briefing=[_record(BriefingSentence, b) for b in data.get("briefing", [])],
        disputed=list(data.get("disputed", [])), single_source=list(data.get("single_source", [])),
        corroborated=list(data.get("corroborated", [])), updated=list(data.get("updated", [])),
    )


# Story fields added to the contract after databases were first written; a stored story without
# them is read with their defaults (its facts' values likewise gain ``published`` and ``sources``).
_LATER_STORY_FIELDS = ("corroborated", "updated")


def current_story_json(data: str) -> str:
    """Stored story JSON in the current contract's shape: a row written before a field existed is
    rebuilt through the record, so that readers always see every field (with its default)."""
    if all(f'"{name}":' in data for name in _LATER_STORY_FIELDS):  # as JSON text, a key cannot hide in a string
        return data
    story = json.loads(data)
    return json.dumps(story_to_dict(story_from_dict(story)), ensure_ascii=False, sort_keys=False)


def _record(cls: type, data: dict[str, Any]) -> Any:
    """Build a flat record from a dict, ignoring keys the record does not have."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def _fact_from_dict(data: dict[str, Any]) -> Fact:
    """A Fact and its values from their dict form."""
    fact = _record(Fact, data)
    fact.values = [_record(FactValue, v) for v in data.get("values", [])]
    return fact


def _link_from_dict(data: dict[str, Any]) -> ReuseLink:
    """A ReuseLink from its contract form."""
    passages = [Passage(tuple(p["a"]), tuple(p["b"])) for p in data.get("passages", [])]
    return ReuseLink(data["a"], data["b"], data["relation"], float(data["score"]), passages)


def _link_row(link: ReuseLink) -> tuple[Any, ...]:
    """A reuse link as a table row (passages as JSON)."""
    passages = json.dumps([[list(p.a), list(p.b)] for p in link.passages])
    return (link.a, link.b, link.relation, float(link.score), passages)


def _link_from_row(row: tuple[Any, ...]) -> ReuseLink:
    """A reuse link from its table row."""
    a, b, relation, score, passages = row
    return ReuseLink(a, b, relation, score, [Passage(tuple(p), tuple(q)) for p, q in json.loads(passages)])


def _article_row(article: Article, digest: str, seq: int) -> tuple[Any, ...]:
    """An article as a table row in _ARTICLE_COLUMNS order."""
    return (article.id, digest, seq, article.source_path, article.title, article.text, article.outlet,
            article.url, article.byline, article.published, list(article.agencies), article.language,
            list(article.removed), article.story_hint)


def _article_select() -> str:
    """The article columns that make an Article, in constructor order."""
    return "id, source_path, title, text, outlet, url, byline, published, agencies, language, removed, story_hint"


def _article_from_row(row: tuple[Any, ...]) -> Article:
    """An Article from a row selected with _article_select()."""
    (id_, source_path, title, text, outlet, url, byline, published, agencies, language, removed, hint) = row
    return Article(id=id_, source_path=source_path, title=title, text=text, outlet=outlet, url=url, byline=byline,
                   published=published, agencies=list(agencies or []), language=language,
                   removed=list(removed or []), story_hint=hint)


def _story_row(story: Story, seq: int) -> tuple[Any, ...]:
    """A story as a table row: list columns, lower-cased search text and the contract JSON."""
    data = story_to_dict(story)
    names = [e.name for e in story.entities] + [alias for e in story.entities for alias in e.aliases]
    search = "\n".join([story.headline, *(b.text for b in story.briefing)])
    return (story.id, seq, story.headline, story.first_published, story.last_published, len(story.articles),
            len(story.origins), search.lower(), "\n".join(names).lower(),
            json.dumps(data, ensure_ascii=False, sort_keys=False))


def _story_filters(q: str, entity: str, since: str, until: str) -> tuple[str, list[Any]]:
    """SQL WHERE clause and parameters for the story list's filters (all optional, combined with AND)."""
    clauses: list[str] = []
    params: list[Any] = []
    if q.strip():
        clauses.append("(s.search_text LIKE ? ESCAPE '\\' OR s.entity_text LIKE ? ESCAPE '\\' OR EXISTS ("
                       "SELECT 1 FROM story_articles m JOIN articles a ON a.id = m.article_id "
                       "WHERE m.story_id = s.id AND (lower(a.title) LIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')))")
        pattern = _like(q)
        params += [pattern, pattern, pattern, pattern]
    if entity.strip():
        clauses.append("s.entity_text LIKE ? ESCAPE '\\'")
        params.append(_like(entity))
    if since.strip():
        clauses.append("substr(coalesce(s.last_published, s.first_published), 1, 10) >= ?")
        params.append(since.strip()[:10])
    if until.strip():
        clauses.append("substr(coalesce(s.first_published, s.last_published), 1, 10) <= ?")
        params.append(until.strip()[:10])
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _like(text: str) -> str:
    """A lower-case LIKE pattern matching ``text`` anywhere (its own % and _ escaped)."""
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _insert_many(cur: Any, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]],
                 keep_stored: bool = False) -> None:
    """Insert rows INSERT_CHUNK at a time, each chunk as one statement that takes each column's
    values as one list parameter; ``keep_stored``: a row whose key is stored already is left out
    (the stored one stays).

    A statement with a parameter per value (multi-row VALUES) costs DuckDB ~9x the time to prepare
    (21,000 rows of three columns: 0.68 s against 0.08 s), and a late ingest batch writes tens of
    thousands of rows (its grown stories' members, labels, statements) in the main process.
    ``rows`` is read a chunk at a time, so that rows made as they are read (a generator of the
    stories' JSON) are never all in memory: the last batch of a 30,000-article ingest writes
    2,500 stories, and its write was the run's peak of memory (benchmarks/ingest_scale.py).
    """
    types = dict(cur.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ?",
                             [table]).fetchall())
    values = ", ".join(f"unnest(?::{types[column]}[])" for column in columns)
    conflict = " ON CONFLICT DO NOTHING" if keep_stored else ""
    pending = iter(rows)
    while chunk := list(islice(pending, INSERT_CHUNK)):
        cur.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values}{conflict}",
                    [list(column) for column in zip(*chunk)])


# A column's values among a list passed as one parameter (a Python list of strings)
_IN_LIST = "IN (SELECT unnest(?::VARCHAR[]))"


def _marks(n: int) -> str:
    """``?, ?, ...`` for n parameters."""
    return ", ".join("?" * n)


def _first_line(error: BaseException) -> str:
    """The first line of an error message (DuckDB's run over several lines)."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


__all__ = [
    "FetchRecord",
    "IngestResult",
    "Store",
    "StoreStats",
    "StoryPage",
    "StorySummary",
    "content_hash",
    "load_report",
    "open_store",
    "story_from_dict",
]
