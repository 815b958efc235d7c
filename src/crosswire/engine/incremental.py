"""Incremental ingest into the DuckDB store: the in-process driver of ``crosswire ingest``.

Documents are read and extracted, new ones found by content hash, then written in batches, one
transaction each: reuse links of the batch, stories updated incrementally, the touched stories
completed again (store.db holds the tables and the writes; this module decides what is written).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..extract import articles as extract
from ..facts import entities, nlp, recase
from ..facts.statements import remembered_statements
from ..ingest import sources as ingest
from ..provenance import align, boilerplate
from ..provenance import reuse as provenance
from ..records import (
    Article,
    Problem,
    RawDocument,
    ReuseLink,
    Story,
)
from ..settings import Settings
from ..store import stored_index
from ..store.db import IngestResult, ProgressFn, Store, content_hash, open_store
from ..store.dedup import keep_new
from ..store.on_demand import ArticleList, ArticlesOnDemand
from ..stories import stream
from ..stories.similarity import published_day
from ..stories.stream import StreamState

if TYPE_CHECKING:
    from .local import Reading

# Articles per ingest transaction: small enough that a kill loses little work, large enough that
# the per-batch cost (reuse search over the stored articles, reclustering) stays a small share.
INGEST_BATCH = 50
# An ingest batch holds at least this share of the articles stored before it (batch_length): the
# work of a batch grows with the collection when its articles are all recent, so fixed batches
# made a 10,000-entry feed cost the square of its size (issue 17). With 0.25 the batches' work
# sums to at most 5x that of one batch over the whole collection (1 + 0.8 + 0.8^2 + ...), and a
# kill loses at most a fifth of a large run. 0.5 would sum to 3x, but it moves the batch cuts of
# small runs that tests/test_resume.py relies on (6, 12, 18, 24: 0.5 cuts at 18, 27).
BATCH_GROWTH = 0.25
# From this many stored articles on, a batch holds as many articles as are stored (the collection
# doubles per batch): when every stored article is open (a burst of news from a few weeks, a
# templated feed) each batch re-clusters and re-completes all of them, and doubling makes that
# work sum to about 2x one batch over the whole collection instead of 5x (a fresh run of 10,000:
# 10 batches re-clustering 22,900 articles in all, against 22 batches and 53,700; with the
# doubling from 1,000 on, 32,100). A kill then loses at most half of a large run; below 200 the
# cuts of small runs stay those of BATCH_GROWTH (tests/test_resume.py's corpus of 67 reports).
DOUBLING_FROM = 200
# At most this many articles in one batch (whatever the batch size asked for): a batch is one
# transaction, and DuckDB keeps the key indexes of its new rows in memory, under the store's cap
# (store.db.STORE_MEMORY_MB). Synthetic rows of realistic shape, one write under a 256 MB cap:
# 20,000 new articles joining stories of 140,000 stored commit (17 s), 50,000 joining 350,000 too;
# a single write of 400,000 new articles (no stored ones) fails, and so would the batch of an
# ingest of 800,000 after doubling. Above 20,000 stored, batches stop doubling: the work a batch
# re-clusters then sums to that of (stored / 20,000) batches over the collection when all of it is
# open, and less once old stories are frozen.
MAX_BATCH = 20_000
# New articles embedded ahead in one call (prefetch_vectors), fewer than embeddings.CACHE_TEXTS
# so that their vectors are still cached when their batches come; 5,000 keeps the 2 worker
# processes busy for a minute at a time while bounding the vectors held ahead (7.5 MB).
PREFETCH_ARTICLES = 5000


# ---------------------------------------------------------------------------------------------
# Incremental ingest


def ingest_paths(db_path: str | Path, paths: Iterable[str], settings: Settings | None = None,
                 progress: ProgressFn | None = None, batch_size: int = INGEST_BATCH) -> IngestResult:
    """Read, clean and add articles to the database; only the stories they touch are recomputed.

    The same content twice (same raw document, whatever its file name) is stored once. An article
    whose id is already taken by different content is stored as ``<id>~2`` (``~3``...) and listed
    in ``renamed``. New articles are written in batches, one transaction each, of ``batch_size``
    articles or more as the collection grows (batch_length).
    """
    return _ingest(db_path, lambda s, p: ingest.read_sources(paths, s, p), settings, progress, batch_size)


def ingest_documents(db_path: str | Path, documents: Iterable[RawDocument], problems: Iterable[Problem] = (),
                     settings: Settings | None = None, progress: ProgressFn | None = None,
                     batch_size: int = INGEST_BATCH) -> IngestResult:
    """Add documents read elsewhere (pages fetched from the web) exactly as ``ingest_paths`` adds files.

    ``problems`` found while reading them are carried into the result's problems.
    """
    return _ingest(db_path, lambda s, p: (list(documents), list(problems)), settings, progress, batch_size)


def _ingest(db_path: str | Path, read: Callable[[Settings, ProgressFn], tuple[list[RawDocument], list[Problem]]],
            settings: Settings | None, progress: ProgressFn | None, batch_size: int) -> IngestResult:
    """The ingest shared by files and fetched pages: ``read(settings, progress)`` gives the documents."""
    settings = (settings or Settings()).validate()
    progress = progress or _no_progress
    with open_store(db_path) as store:  # first, so that a locked or broken file fails at once
        documents, problems = read(settings, progress)
        progress("extract", 0, len(documents))
        articles, bad = extract.extract_articles(documents)
        progress("extract", len(documents), len(documents))
        result = IngestResult(problems=problems + bad)
        new = _new_articles(store, documents, articles, result)
        state = _IngestState.load(store, settings.semantic)
        first, prefetched = 0, 0
        progress("store", 0, len(new))
        while first < len(new):
            batch = new[first:first + batch_length(batch_size, len(state.by_id))]
            if settings.semantic and first + len(batch) > prefetched:
                prefetched = first + max(PREFETCH_ARTICLES, len(batch))
                prefetch_vectors([article for article, _ in new[first:prefetched]])
            first += len(batch)
            touched = state.add_batch(store, batch, settings)
            result.touched_stories += len(touched)
            result.touched_articles += sum(len(story.articles) for story in touched)
            result.added += [a.id for a, _ in batch]
            result.batches += 1
            progress("store", len(result.added), len(new))
    return result


def _no_progress(stage: str, done: int, total: int) -> None:
    """Default progress callback: ignore."""


def batch_length(batch_size: int, stored: int) -> int:
    """Articles in the next ingest batch: ``batch_size``, or a share (BATCH_GROWTH) of the ``stored``
    articles when that is more, or from DOUBLING_FROM stored articles on as many as are stored;
    never more than MAX_BATCH (one transaction's new keys must fit DuckDB's memory cap).

    Each batch re-clusters the open articles and re-completes the stories it touches, which for a
    burst of articles from a few weeks (every one open) is the whole collection; batches that grow
    with it keep the number of batches logarithmic and the total work linear. The length depends
    on the stored count only, so a run resumed after a kill cuts its batches where the
    uninterrupted run did.
    """
    return min(MAX_BATCH, max(1, batch_size, stored if stored >= DOUBLING_FROM else int(stored * BATCH_GROWTH)))


def prefetch_vectors(articles: list[Article]) -> None:
    """Embed the articles' titles and leads in one call, ahead of the batches that cluster them.

    One call of thousands of texts spreads over the cores (embeddings.PARALLEL_MIN); a batch of 50
    alone embeds in this process, on one core. The vectors land in the embedding cache, where the
    batches find them; they are the same bit for bit however the texts are grouped, so the stored
    result is unchanged. Leads of one template (embeddings.embed_leads) are marked as such here,
    on the whole window, so that the batches' smaller calls give them their template's vector too.
    """
    from ..embeddings import embed_leads
    from ..stories.similarity import semantic_text

    embed_leads([semantic_text(article) for article in articles if not article.story_hint])  # hinted ones are never embedded


def _new_articles(store: Store, documents: list[RawDocument], articles: list[Article],
                  result: IngestResult) -> list[tuple[Article, str]]:
    """Articles whose content is not stored yet, with their hashes and free ids (renaming clashes)."""
    return keep_new(_with_hashes(documents, articles), store.hashes(), result)


def _with_hashes(documents: list[RawDocument], articles: list[Article]) -> Iterator[tuple[Article, str]]:
    """Pair each article with its content hash (its source document gives the fetch time to leave out).

    extract_articles keeps document order and an article keeps its document's id and path, so a
    first-in-first-out queue per (path, id) pairs them even when a file repeats an id.
    """
    queues: dict[tuple[str, str], deque[str | None]] = {}
    for document in documents:
        queues.setdefault((document.source_path, document.id), deque()).append(document.hints.fetched)
    for article in articles:
        queue = queues.get((article.source_path, article.id))
        yield article, content_hash(article, queue.popleft() if queue else None)


@dataclass(slots=True)
class _IngestState:
    """Everything an ingest batch needs from the database, kept in memory between batches; of the
    stored articles only their ids, dates and index keys are read on opening, and the texts a
    batch needs (its reuse candidates, the stories it touches) when it first needs them.

    Built from the database alone, in the order the articles were indexed (``seq``), so that an
    ingest re-run after a kill holds the same state as the killed run had after its last
    committed batch, and continues exactly as an uninterrupted run would. The indexes are rebuilt
    from each article's stored keys (stored_index: signatures, grams, sentence keys, terms), which
    every batch writes with its articles, so opening a large collection costs reading them, not
    re-reading every text; a file written before they were kept has them computed once, and
    written with the next batch.
    """

    by_id: ArticlesOnDemand  # in seq order; a stored article's text is read when first needed
    stories: list[Story]  # ids and members only (the stored JSON is read by nobody here)
    links: list[ReuseLink]  # every link's a, b and relation (no passages), sorted by (a, b): what clustering reads
    seq: dict[str, int]  # story id -> creation number, retired stories included
    stream: StreamState  # clustering state, built once per ingest run so a batch costs only its articles
    candidates: provenance.CandidateIndex  # reuse candidates over by_id's articles, in the same order
    furniture: boilerplate.Learner  # boilerplate sentences of by_id's articles, learned incrementally
    unsaved: stored_index.IndexRows  # index rows computed by this run and not written yet
    saved_terms: int = 0  # vocabulary entries written so far
    saved_furniture: frozenset[str] = frozenset()
    saved_vectors: set[str] = field(default_factory=set)  # ids of the articles whose embedding is stored
    readings: dict[str, Reading] = field(default_factory=dict)  # story id -> its last reading (complete_story)

    @classmethod
    def load(cls, store: Store, semantic: bool = True) -> _IngestState:
        """Read the stories (in creation order), links and indexes' keys; restore the indexes from them.

        No article text is read here (by_id reads each when a batch first needs it), except from a
        file written before the keys were stored, whose keys are computed from the texts once.
        ``semantic`` (Settings.semantic): the stream state embeds articles as its regroupings need them.
        """
        dates = store.article_dates()
        order = [article_id for article_id, _ in dates]
        by_id, stories = ArticlesOnDemand(store, order), store.story_members()
        seq, retired = store.story_order(), store.retired_stories()
        keys, vocabulary = store.stored_keys(), store.vocabulary()
        placed = _with_retired(stories, seq, retired)
        unsaved = stored_index.IndexRows()
        if order and (set(keys) != set(order) or not vocabulary):
            articles = store.all_articles()
            by_id.update((a.id, a) for a in articles)
            keys, vocabulary, found = _computed_keys(articles, placed, by_id, semantic)
            unsaved = stored_index.IndexRows(keys=dict(keys), replace=True)  # written whole with the next batch
        else:
            found = store.furniture()
        candidates, furniture = provenance.CandidateIndex(), boilerplate.Learner()
        candidates.restore([keys[i].candidates for i in order])
        furniture.restore(ArticleList(by_id, order), [keys[i].sentences for i in order], found)
        vectors = {} if unsaved.replace else store.vectors()
        days = {article_id: published_day(article_id, published) for article_id, published in dates}
        stream = StreamState.restore(placed, days, order, {i: k.terms for i, k in keys.items()}, vocabulary,
                                     semantic=semantic, vectors=vectors)
        return cls(by_id, stories, store.link_pairs(), seq | retired, stream, candidates, furniture, unsaved,
                   saved_terms=len(vocabulary), saved_furniture=frozenset(found), saved_vectors=set(vectors))

    def add_batch(self, store: Store, batch: list[tuple[Article, str]], settings: Settings) -> list[Story]:
        """Link, cluster and complete one batch, then write it in one transaction; return the stories
        it touched (created or changed), as written."""
        batch = sorted(batch, key=lambda pair: _index_order(pair[0]))  # stored seq = clustering's order
        new = [a for a, _ in batch]
        computed = [stored_index.candidate_and_sentence_keys(a) for a in new]
        links = self._links_of_new(store, new, computed, settings)
        self.by_id.update((a.id, a) for a in new)
        self.links = sorted(self.links + [ReuseLink(x.a, x.b, x.relation, 0.0) for x in links],
                            key=lambda link: (link.a, link.b))
        before = {s.id for s in self.stories}
        stories, touched = stream.add_articles(self.stories, new, self.by_id, self.links, state=self.stream)
        after = {s.id: s for s in stories}
        next_seq = max(self.seq.values(), default=0) + 1
        for story in stories:
            if story.id not in self.seq:
                self.seq[story.id], next_seq = next_seq, next_seq + 1
        changed = [after[i] for i in sorted(touched) if i in after]
        self.by_id.load(i for story in changed for i in story.articles)  # in a few queries, not one per story
        index = self._index_rows(new, computed)
        index.labels, index.label_keys, index.statements = self._complete(store, changed, links, settings)
        store.write_batch(batch, links, changed, self.seq, removed_stories=before - set(after), index=index)
        self._saved(index)
        self.stories = sorted(stories, key=lambda s: self.seq[s.id])
        return changed

    def _complete(self, store: Store, changed: list[Story], fresh: list[ReuseLink], settings: Settings
                  ) -> tuple[dict[str, nlp.Labels], dict[str, list[str]], dict[str, str]]:
        """Complete the changed stories, STORY_BATCH at a time; return the spaCy labels parsed, the
        grown lists of sentence keys of the members (article_label_keys) and the statements of the
        articles read for the first time, as stored (to store with the batch).

        A story touched again is read again whole, and its entity stage asks spaCy about the same
        sentences as before: their labels are read from the store (written by the batch that first
        parsed them, found through the keys stored for the members), and the rest of a group's
        sentences are parsed in one call (as analyze's recase.prefetch_labels does), where the group
        is completed (_group_labels). Labels depend on the sentence alone, so the stories are the
        same as with every sentence parsed again; the labels returned are stored with the batch.
        The fact stage's statements of the older articles are read from the store in the same way
        (statements.remembered_statements: a sentence's are used only while the story's names
        resolve the names they looked up alike, so the facts are those of a fresh reading).

        Many stories (as many as analyze completes in worker processes, local._worker_count) are
        completed in worker processes, one group a job: the stories a late batch touches have grown
        with the collection (its reports' earlier reports), and this stage is most of such a batch's
        time. Stories are independent, so the stored result is the same either way.

        The links read are those the stories' members are the source of: from the store, and among
        this batch's new links (``fresh``, not written yet), never every stored link.
        """
        from .local import STORY_BATCH, _worker_count, links_by_source, map_in_workers

        members = {i for story in changed for i in story.articles}
        links = sorted(store.links_from(members) + [link for link in fresh if link.a in members],
                       key=lambda link: (link.a, link.b))
        by_source = links_by_source(links)  # once per batch, not a scan of every link per story
        groups = [changed[first:first + STORY_BATCH] for first in range(0, len(changed), STORY_BATCH)]
        workers = min(_worker_count(settings, len(changed)), len(groups))
        parsed: dict[str, nlp.Labels] = {}
        keys: dict[str, list[str]] = {}
        read: dict[str, str] = {}
        if workers <= 1:
            for group in groups:
                found, grown, made = _complete_group(self._group_job(store, group, links, by_source, settings),
                                                     self.readings)
                parsed.update(found)
                keys.update(grown)
                _keep_first(read, made)
            return parsed, keys, read
        jobs = [self._group_job(store, group, links, by_source, settings) for group in groups]
        done = map_in_workers(_run_group_job, jobs, workers, name="story workers")
        for (stories, found, grown, made, readings), group in zip(done, groups):
            for story, completed in zip(group, stories):
                _take_completion(story, completed)
            parsed.update(found)
            keys.update(grown)
            _keep_first(read, made)
            self.readings.update(readings)
        return parsed, keys, read

    def _group_job(self, store: Store, group: list[Story], links: list[ReuseLink], by_source: dict[str, list[int]],
                   settings: Settings) -> _GroupJob:
        """What completing one group of stories needs: its stories, their articles and the links
        they are the source of (in the links' order), the sentence keys stored for the members and
        those keys' stored spaCy labels, the stories' last readings, and the members' stored
        statements. Nothing here reads the texts: which sentences the group asks spaCy about is
        found where it is completed (_group_labels), once."""
        members = sorted({i for story in group for i in story.articles})
        label_keys, labels = store.article_label_keys(members)
        positions = sorted({k for i in members for k in by_source.get(i, ())})
        readings = {s.id: self.readings[s.id] for s in group if s.id in self.readings}
        return _GroupJob(group, {i: self.by_id[i] for i in members}, [links[k] for k in positions], settings,
                         labels, label_keys, readings, store.article_statements(members))

    def _links_of_new(self, store: Store, new: list[Article], computed: list[tuple[provenance.ArticleKeys, list[str]]],
                      settings: Settings) -> list[ReuseLink]:
        """Reuse links that a new article takes part in (links among stored articles are stored already).

        Candidate pairs and boilerplate come from the run's incremental indexes (linear in the
        collection, the same as learning them over the whole collection again); alignment runs only
        on pairs with a new article, in worker processes when they make several jobs (as analyze's
        engine.local.find_links splits it); the links are the same either way.
        """
        stored = len(self.by_id)
        everything = ArticleList(self.by_id, self.by_id)  # read by position: the pairs' articles only
        everything += new
        pairs = self.candidates.add_keys([keys for keys, _ in computed])
        self.by_id.load(everything.id(k) for pair in pairs for k in pair if k < stored)  # the candidates, at once
        furniture = self.furniture.add(new, [sentences for _, sentences in computed])
        profiles = self._stored_profiles(store, everything, stored, pairs, furniture)
        known = set(profiles)
        ordered, furniture = provenance.reuse_plan(everything, pairs=pairs, furniture=furniture)
        links = _aligned(everything, ordered, furniture, profiles, settings)
        self.unsaved.profiles.update({everything.id(k): p for k, p in profiles.items() if k not in known})
        return links

    def _stored_profiles(self, store: Store, everything: ArticleList, stored: int, pairs: set[tuple[int, int]],
                         furniture: frozenset[str]) -> dict[int, align.Profile]:
        """The stored aligner profiles of the pairs' stored articles, by position.

        A stored article aligned again is profiled again in every batch that pairs it with a new
        one (a story's earlier reports, each time a copy of them arrives); its profile depends on
        its text and on which of its sentences are boilerplate, so the one stored holds until a
        batch changes the verdict on one of its sentences. Those articles (the holders of the
        sentences whose verdict changed) are profiled again, and their stored profiles dropped.
        A file whose index this run rebuilt (``unsaved.replace``) has its stored profiles dropped
        whole with the batch's write, and none is used before.
        """
        if self.unsaved.replace:
            return {}
        changed = furniture ^ self.saved_furniture
        stale = {k for key in changed for k in self.furniture.holders.get(key, ()) if k < stored}
        self.unsaved.stale_profiles += sorted(everything.id(k) for k in stale)
        wanted = {k for pair in pairs for k in pair if k < stored and k not in stale}
        found = store.profiles(everything.id(k) for k in wanted)
        return {k: found[everything.id(k)] for k in sorted(wanted) if everything.id(k) in found}

    def _index_rows(self, new: list[Article], computed: list[tuple[provenance.ArticleKeys, list[str]]]
                    ) -> stored_index.IndexRows:
        """The index rows to write with this batch: the new articles' keys, the vocabulary's new terms,
        the change in boilerplate (and, on a file that had none, everything computed on opening it)."""
        rows = self.unsaved
        for article, (keys, sentences) in zip(new, computed):
            rows.keys[article.id] = stored_index.StoredKeys(keys, sentences, self.stream.measured(article.id))
        saved_terms, saved_furniture = (0, frozenset()) if rows.replace else (self.saved_terms, self.saved_furniture)
        rows.vocabulary = [(n, t) for t, n in self.stream.vocabulary.items() if n >= saved_terms]
        rows.furniture_added = sorted(self.furniture.found - saved_furniture)
        rows.furniture_removed = sorted(saved_furniture - self.furniture.found)
        ids = self.stream.ids
        rows.vectors = {ids[r]: v for r, v in self.stream.vectors.items() if ids[r] not in self.saved_vectors}
        return rows

    def _saved(self, rows: stored_index.IndexRows) -> None:
        """Note what ``rows`` wrote, so that the next batch writes only what is new after it."""
        self.saved_terms = len(self.stream.vocabulary)
        self.saved_furniture = frozenset(self.furniture.found)
        self.saved_vectors |= set(rows.vectors)
        self.unsaved = stored_index.IndexRows()


@dataclass(slots=True)
class _GroupJob:
    """One group of stories to complete, self-contained so that it can run in a worker process."""

    stories: list[Story]
    articles: dict[str, Article]  # the stories' members
    links: list[ReuseLink]  # the links the members are the source of, in the batch's link order
    settings: Settings
    labels: dict[str, str]  # sentence key -> its stored spaCy labels (labels_json), for the keys in label_keys
    label_keys: dict[str, list[str]]  # member id -> the keys of the sentences its earlier completions asked about
    readings: dict[str, Reading]  # story id -> its last reading (complete_story)
    statements: dict[str, str]  # member id -> its stored statements (stored_index.statements_json), where stored


def _complete_group(job: _GroupJob, readings: dict[str, Reading]
                    ) -> tuple[dict[str, nlp.Labels], dict[str, list[str]], dict[str, str]]:
    """Complete a group's stories in place (``readings`` gains their new readings); return the
    spaCy labels parsed for it (_group_labels), the members' grown sentence key lists, and the
    statements of the articles whose statements were not stored (as stored, like the stored ones
    the job brings: JSON strings take a fraction of the memory of the records, and the parent
    holds every group's job at once)."""
    from .local import complete_story, links_by_source

    parsed, keys = _group_labels(job)
    by_source = links_by_source(job.links)
    known = {i: stored_index.statements_from_json(data) for i, data in job.statements.items()}
    with remembered_statements(known) as memo:
        for story in job.stories:
            complete_story(story, job.articles, job.links, job.settings, by_source, readings)
    return parsed, keys, {i: stored_index.statements_json(found) for i, found in memo.made.items()}


def _group_labels(job: _GroupJob) -> tuple[dict[str, nlp.Labels], dict[str, list[str]]]:
    """Put in the parser's cache what completing the group's stories asks spaCy about, as analyze's
    recase.prefetch_labels does: the recasing windows of the members, then the entity stage's
    sentences of the texts as the facts stage reads them, each step parsed in one call. A sentence
    whose key the job's stored labels hold is not parsed again.

    Returns the labels of the sentences the stored ones lacked (to store with the batch; the
    same whether this process parsed them or had them cached, so one process and several store
    the same rows), and for each member whose key list grew, its keys (stored and new, sorted):
    the story it is in asks about the same sentences the next time it is completed."""
    members = [job.articles[i] for i in sorted(job.articles)]
    asked: dict[str, set[str]] = {}
    found: dict[str, nlp.Labels] = {}

    def take(pairs: list[tuple[str, str]]) -> None:
        """Note which article asks about each sentence; remember the stored labels, parse the rest."""
        known: dict[str, nlp.Labels] = {}
        for article_id, sentence in pairs:
            key = stored_index.label_key(sentence)
            asked.setdefault(article_id, set()).add(key)
            if key in job.labels:
                known[sentence] = stored_index.labels_from_json(job.labels[key])
        nlp.remember(known)
        todo = sorted({sentence for _, sentence in pairs} - set(known))
        found.update(zip(todo, nlp.entity_labels(todo)))

    take([(a.id, w) for a in members for w in recase.windows_to_label([a])])
    read = [recase.recased_articles([job.articles[i] for i in s.articles]) for s in job.stories]
    take(entities.sentences_by_article(read))
    grown = {}
    for article_id, keys in asked.items():
        stored = job.label_keys.get(article_id, [])
        if not keys <= set(stored):
            grown[article_id] = sorted(keys | set(stored))
    return found, grown


def _run_group_job(job: _GroupJob) -> tuple[list[Story], dict[str, nlp.Labels], dict[str, list[str]],
                                            dict[str, str], dict[str, Reading]]:
    """``_complete_group`` in a worker process: the completed stories, the labels parsed, the grown
    sentence key lists, the statements found, the readings."""
    readings = dict(job.readings)
    parsed, keys, made = _complete_group(job, readings)
    return job.stories, parsed, keys, made, {s.id: readings[s.id] for s in job.stories if s.id in readings}


def _keep_first(read: dict[str, str], made: dict[str, str]) -> None:
    """Add a group's new statements to the batch's, keeping the first group's where two read one
    article (in group order, as one process completing the groups in turn stores them)."""
    for key, known in made.items():
        read.setdefault(key, known)


def _take_completion(story: Story, completed: Story) -> None:
    """Copy a story completed in a worker into the record the clustering state holds."""
    for name in Story.__dataclass_fields__:
        setattr(story, name, getattr(completed, name))


def _aligned(articles: ArticleList, ordered: list[tuple[int, int]], furniture: frozenset[str],
             profiles: dict[int, align.Profile], settings: Settings) -> list[ReuseLink]:
    """``provenance.align_pairs`` of the ordered pairs, split into jobs run in worker processes when
    there are at least two jobs' worth (engine.local.find_links's rule); ``profiles`` (by position)
    gains the profiles made, as align_pairs' own dict would, so that the batch stores them."""
    from .local import align_split, map_in_workers

    workers, size = align_split(len(ordered), settings)
    if workers <= 1:
        return provenance.align_pairs(articles, ordered, furniture, profiles)
    jobs = provenance.align_jobs(articles, ordered, furniture, size)
    position = {articles.id(k): k for pair in ordered for k in pair}
    given = [{n: profiles[position[a.id]] for n, a in enumerate(job.articles) if position[a.id] in profiles}
             for job in jobs]
    links: list[ReuseLink] = []
    for found, made in map_in_workers(_run_align_job, list(zip(jobs, given)), workers, name="alignment workers"):
        links += found
        profiles.update((position[article_id], profile) for article_id, profile in made.items())
    return sorted(links, key=lambda link: (link.a, link.b))


def _run_align_job(job: tuple[provenance.AlignJob, dict[int, align.Profile]]
                   ) -> tuple[list[ReuseLink], dict[str, align.Profile]]:
    """One alignment job with the stored profiles of its articles; its links and the profiles it made, by id."""
    part, profiles = job
    known = set(profiles)
    links = provenance.align_pairs(part.articles, part.pairs, part.furniture, profiles)
    return links, {part.articles[n].id: profile for n, profile in profiles.items() if n not in known}


def _computed_keys(articles: list[Article], stories: list[Story], by_id: dict[str, Article], semantic: bool
                   ) -> tuple[dict[str, stored_index.StoredKeys], dict[str, int], set[str]]:
    """Keys, vocabulary and boilerplate of stored articles computed from their texts (a file written
    before they were stored), in the order the runs indexed the articles."""
    order = [a.id for a in articles]
    stream = StreamState.start(stories, by_id, semantic=semantic, order=order)
    computed = [stored_index.candidate_and_sentence_keys(a) for a in articles]
    found = boilerplate.Learner().add(articles, [sentences for _, sentences in computed])
    keys = {a.id: stored_index.StoredKeys(k, sentences, stream.measured(a.id))
            for a, (k, sentences) in zip(articles, computed)}
    return keys, stream.vocabulary, set(found)


def _index_order(article: Article) -> tuple[str, str]:
    """The order in which clustering indexes a batch's articles (StreamState.add: date, then id)."""
    return (article.published or "9999", article.id)


def _with_retired(stories: list[Story], seq: dict[str, int], retired: dict[str, int]) -> list[Story]:
    """Stories in creation order with an empty placeholder where a retired story was: the
    uninterrupted run's clustering state keeps emptied stories in place (and their ids taken)."""
    placeholders = [Story(id=story_id, articles=[]) for story_id in retired]
    return sorted(stories + placeholders, key=lambda s: seq.get(s.id, retired.get(s.id, 0)))


__all__ = [
    "INGEST_BATCH",
    "MAX_BATCH",
    "ingest_documents",
    "ingest_paths",
]
