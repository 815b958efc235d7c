"""The in-process engine: runs the stages in their declared order over typed records."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from .. import __version__, embeddings
from ..briefing import write as briefing
from ..errors import CrosswireError, InputError
from ..extract import articles as extract
from ..facts import entities, nlp, recase
from ..facts import lineup as facts
from ..ingest import sources as ingest
from ..provenance import boilerplate
from ..provenance import reuse as provenance
from ..records import Article, OriginGroup, Problem, RawDocument, Report, ReuseLink, Story
from ..settings import Settings
from ..stories import cluster
from ..stories.reading import reading_sample
from ..stories.similarity import Features

# Stories completed per batch: spaCy parses the sentences a batch's entity typing needs in one
# call (see entities.prefetch_labels); 64 stories keep that call's few hundred sentences and the
# per-article memos (sentences, mentions) small.
STORY_BATCH = 64
# Below this many stories the per-story stage stays in this process: starting workers and
# sending them the articles costs about a second, which a few batches do not win back.
PARALLEL_MIN_STORIES = 4 * STORY_BATCH
# Most worker processes the automatic setting starts (memory grows with each: ~150 MB).
MAX_AUTO_WORKERS = 4

# From this many articles the automatic setting forks the run's worker processes before
# provenance (early_workers): alignment and the per-story stage use workers from about this size
# on (the spark_scale corpus: ~20,000 candidate pairs and 500 stories at 2,000 articles).
EARLY_WORKERS_MIN_ARTICLES = 2000

# Alignment jobs per worker process (engine.find_links): few and large, since a job makes the
# profile of each article it reads and an article read by two jobs is profiled twice (on the
# spark_scale corpus at 20k articles, jobs of 2,000 pairs read 1.75 times the articles, of 10,000
# pairs 1.5 times); four a worker still even out jobs of unequal cost.
ALIGN_JOBS_PER_WORKER = 4

# Articles per job of the provenance index keys (_index_keys) in worker processes: ~1 s of
# shingling and MinHash each (~0.25 ms an article on the spark_scale corpus), enough jobs at
# 10,000 articles to keep the workers evenly busy.
KEYS_JOB_ARTICLES = 4000

# Documents per extraction job in worker processes (extract_documents): ~0.3 ms of cleaning each
# on the spark_scale corpus, so a job is ~0.6 s, and 10,000 documents make enough jobs to keep two
# to four workers evenly busy.
EXTRACT_JOB_DOCUMENTS = 2000

# The source_path of articles given to analyze_records: they come from no file.
RECORDS_SOURCE = "records"

# progress(stage, done, total): called as work advances so a CLI can draw a bar.
ProgressFn = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    """Default progress callback: ignore."""


def analyze_paths(paths: Iterable[str], settings: Settings | None = None,
                  progress: ProgressFn | None = None) -> Report:
    """Read the given files/folders (``-`` for stdin) and analyse them into a Report."""
    settings = (settings or Settings()).validate()
    documents, problems = ingest.read_sources(paths, settings, progress)
    return analyze_documents(documents, settings, progress, problems)


def analyze_records(records: Iterable[Mapping[str, Any]], settings: Settings | None = None,
                    progress: ProgressFn | None = None) -> Report:
    """Analyse articles given as dicts (``id, title, text, url, published, outlet, byline, story``).

    For a Python user whose articles are already in memory (a scraper's output, a dataframe's
    rows): the fields and their checks are the JSON-records reader's, so a dict here means what
    the same object means in a ``.jsonl`` file. Only ``text`` is required; a record without
    ``id`` gets ``record-<i>``. A record that cannot be used is reported in ``Report.problems``
    as ``records[<i>]`` (its index) and the others go on.
    """
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise InputError("records", f"expected a list of dicts, got {type(records).__name__}")
    settings = (settings or Settings()).validate()
    documents: list[RawDocument] = []
    problems: list[Problem] = []
    for i, record in enumerate(records):
        item = ingest.scrubbed(ingest.record_document(f"records[{i}]", RECORDS_SOURCE, record, f"record-{i}"))
        (problems if isinstance(item, Problem) else documents).append(item)
    return analyze_documents(documents, settings, progress, problems)


def analyze_documents(documents: list[RawDocument], settings: Settings | None = None,
                      progress: ProgressFn | None = None, problems: list[Problem] | None = None) -> Report:
    """Clean raw documents and analyse the resulting articles (the run's early workers, when it
    has some, start before the extraction and do its per-document work)."""
    settings = settings or Settings()
    progress = progress or _no_progress
    with fewer_collections(), early_workers(settings, len(documents)) as pool:
        progress("extract", 0, len(documents))
        articles, bad = extract_documents(documents, pool)
        progress("extract", len(documents), len(documents))
        return _analyze(articles, settings, progress, list(problems or []) + bad, pool)


def analyze_articles(articles: list[Article], settings: Settings | None = None,
                     progress: ProgressFn | None = None, problems: list[Problem] | None = None) -> Report:
    """Run provenance, clustering and the per-story stages over clean articles."""
    settings = settings or Settings()
    progress = progress or _no_progress
    with fewer_collections(), early_workers(settings, len(articles)) as pool:
        return _analyze(articles, settings, progress, problems, pool)


def _analyze(articles: list[Article], settings: Settings, progress: ProgressFn, problems: list[Problem] | None,
             pool: ProcessPoolExecutor | None) -> Report:
    """``analyze_articles`` with the run's early workers (``pool``, None when it has none) started."""
    articles, duplicates = unique_ids(articles)
    problems = list(problems or []) + duplicates
    progress("provenance", 0, len(articles))
    prepared: list[Features | None] = []
    # clustering's features do not depend on the links: made here while the workers align.
    # Not in semantic mode, whose embedding may start processes of its own.
    meanwhile = None if settings.semantic else lambda: prepared.append(cluster.story_features(articles, False))
    links = find_links(articles, settings, pool, meanwhile)
    progress("provenance", len(articles), len(articles))
    progress("cluster", 0, len(articles))
    stories = unique_story_ids(cluster.cluster_stories(articles, links, semantic=settings.semantic,
                                                       features=prepared[0] if prepared else None))
    progress("cluster", len(articles), len(articles))
    by_id = {a.id: a for a in articles}
    progress("stories", 0, len(stories))
    _complete_stories(stories, by_id, links, settings, progress, pool)
    return Report(__version__, articles, stories, problems)


@contextmanager
def early_workers(settings: Settings, article_count: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for the whole run, forked now, before extraction, provenance and
    clustering have built their objects; None when the corpus is small (each stage then decides
    alone) or workers are not forked.

    A forked worker maps all of its parent's memory: forked after clustering, at 100,000 articles,
    each of the story workers counted the parent's 1.7 GB again (tree RSS three times the
    parent's). Forked here they map the documents (or articles) and the spaCy model, which they
    share. The jobs carry all they read, so a worker needs nothing made later. ``article_count``:
    the documents or articles the run starts from.
    """
    count = settings.workers or (_cores() if article_count >= EARLY_WORKERS_MIN_ARTICLES else 1)
    context = multiprocessing.get_context(embeddings.worker_start_method())
    if count <= 1 or context.get_start_method() != "fork":
        yield None
        return
    nlp.pipeline()  # load spaCy once here; the workers share it instead of each loading it
    with _frozen_heap(context):
        pool = ProcessPoolExecutor(count, mp_context=context)
        pool.submit(int).result()  # a fork pool forks all its workers at its first task: now
    with pool:
        yield pool


@contextmanager
def _stage_pool(workers: int, shared: ProcessPoolExecutor | None) -> Iterator[ProcessPoolExecutor]:
    """The run's early workers when there are some, else ``workers`` new worker processes for one stage."""
    if shared is not None:
        yield shared
        return
    context = multiprocessing.get_context(embeddings.worker_start_method())
    if context.get_start_method() == "fork":
        nlp.pipeline()  # load spaCy once here; forked workers share it instead of each loading it
    with _frozen_heap(context), ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield pool


def extract_documents(documents: list[RawDocument], pool: ProcessPoolExecutor | None = None
                      ) -> tuple[list[Article], list[Problem]]:
    """``extract.extract_articles`` of the documents, each document cleaned in the run's early
    workers (``pool``) when there are some: the same articles and problems, in the same order.

    The scraped-text cleaner's line counts are global over the batch: counted here, and the lines
    that repeat are sent with each job (the cleaner reads a line missing from the counts as seen
    once). At 100,000 articles of the spark_scale corpus the extraction took 28 s in one process
    while the other core waited.
    """
    if pool is None:
        return extract.extract_articles(documents)
    repeated = Counter({line: n for line, n in extract.corpus_line_counts(documents).items() if n > 1})
    jobs = [(documents[first:first + EXTRACT_JOB_DOCUMENTS], repeated)
            for first in range(0, len(documents), EXTRACT_JOB_DOCUMENTS)]
    articles: list[Article] = []
    problems: list[Problem] = []
    for results in map_in_workers(_extract_job, jobs, 0, pool, "extraction workers"):
        for result in results:
            (problems if isinstance(result, Problem) else articles).append(result)
    return articles, problems


def _extract_job(job: tuple[list[RawDocument], Counter[str]]) -> list[Article | Problem]:
    """Clean one job's documents with the batch's repeated lines (runs in a worker process)."""
    documents, line_counts = job
    return [extract.extract_article(document, line_counts) for document in documents]


def find_links(articles: list[Article], settings: Settings, pool: ProcessPoolExecutor | None = None,
               meanwhile: Callable[[], None] | None = None) -> list[ReuseLink]:
    """``provenance.find_reuse`` over the articles, its alignment in worker processes when the
    candidate pairs make several jobs (``provenance.align_jobs``): the links are the same either way.

    The candidate index and the boilerplate are global over the batch and stay in this process;
    alignment (pairs checked sentence by sentence) is most of provenance's time on a large corpus
    and splits into independent jobs. ``pool``: the run's early workers (``early_workers``), if any.
    ``meanwhile``: work for this process while the workers align (not run when none do).
    """
    ordered, furniture = _reuse_plan(articles, pool)
    workers, size = align_split(len(ordered), settings)
    if workers <= 1:
        return provenance.align_pairs(articles, ordered, furniture, keep_profiles=False)
    jobs = provenance.align_jobs(articles, ordered, furniture, size)
    alone = lambda job: provenance.align_pairs(job.articles, job.pairs, job.furniture, keep_profiles=False)
    links = [link for found in map_in_workers(provenance.align_job, jobs, workers, pool, "alignment workers", alone,
                                              meanwhile) for link in found]
    return sorted(links, key=lambda link: (link.a, link.b))


def _reuse_plan(articles: list[Article], pool: ProcessPoolExecutor | None
                ) -> tuple[list[tuple[int, int]], frozenset[str]]:
    """``provenance.reuse_plan`` of the articles, with each article's index keys (MinHash
    signatures, word 5-grams, sentence keys) made in the run's early workers when there are some.

    Those keys are most of the plan's time (at 50,000 articles of the spark_scale corpus, 20 of
    35 CPU seconds) and depend on one article each; the boilerplate learned from them and the
    candidate index built from them stay global, here, so the plan is the same either way.
    """
    if pool is None:
        return provenance.reuse_plan(articles)
    jobs = [[Article(id=a.id, text=a.text) for a in articles[first:first + KEYS_JOB_ARTICLES]]
            for first in range(0, len(articles), KEYS_JOB_ARTICLES)]
    computed = [keys for part in map_in_workers(_index_keys, jobs, 0, pool, "index workers") for keys in part]
    furniture = boilerplate.Learner().add(articles, [sentences for _, sentences in computed])
    pairs = provenance.CandidateIndex().add_keys([keys for keys, _ in computed])
    return provenance.reuse_plan(articles, pairs=pairs, furniture=furniture)


def _index_keys(articles: list[Article]) -> list[tuple[provenance.ArticleKeys, list[str]]]:
    """Each article's candidate index keys and sentence keys (runs in a worker process)."""
    return [(provenance.article_keys(a), boilerplate.sentence_keys(a)) for a in articles]


def align_split(pair_count: int, settings: Settings) -> tuple[int, int]:
    """(worker processes, pairs per job) for aligning ``pair_count`` candidate pairs: one process
    below two full jobs (provenance.ALIGN_JOB_PAIRS), else about ALIGN_JOBS_PER_WORKER jobs a worker."""
    workers = min(settings.workers or _cores(), pair_count // provenance.ALIGN_JOB_PAIRS)
    return workers, max(provenance.ALIGN_JOB_PAIRS, -(-pair_count // (max(workers, 1) * ALIGN_JOBS_PER_WORKER)))


def map_in_workers(function: Callable[[Any], Any], jobs: list[Any], workers: int,
                   pool: ProcessPoolExecutor | None = None, name: str = "worker processes",
                   here: Callable[[Any], Any] | None = None, meanwhile: Callable[[], None] | None = None
                   ) -> Iterator[Any]:
    """``function`` of each job, in order, from worker processes (``pool``, the run's early workers,
    or ``workers`` new ones). If a worker dies (killed for memory, a native crash), the jobs not yet
    back are done in this process by ``here`` (default ``function``), giving the same results, and
    one line naming ``name`` says so. ``meanwhile`` runs here once the jobs are handed out."""
    done = 0
    try:
        with _stage_pool(workers, pool) as workers_pool:
            results = workers_pool.map(function, jobs)
            if meanwhile is not None:
                meanwhile()
            for result in results:
                done += 1
                yield result
    except BrokenProcessPool as exc:
        print(f"crosswire: {name} failed ({exc}); doing the rest in one process", file=sys.stderr)
        for job in jobs[done:]:
            yield (here or function)(job)


def _complete_stories(stories: list[Story], by_id: dict[str, Article], links: list[ReuseLink],
                      settings: Settings, progress: ProgressFn, pool: ProcessPoolExecutor | None = None) -> None:
    """Complete every story in batches, in worker processes when the corpus is large (``pool``:
    the run's early workers, if any).

    Stories are independent of each other, so the batches can run anywhere; results come back
    in batch order and replace the stories in place, so the report is identical either way.
    """
    batches = [stories[first:first + STORY_BATCH] for first in range(0, len(stories), STORY_BATCH)]
    by_source = links_by_source(links)
    done = 0

    def story_done() -> None:
        nonlocal done
        done += 1
        progress("stories", done, len(stories))

    workers = min(_worker_count(settings, len(stories)), len(stories))  # never more processes than stories
    if workers <= 1:
        for batch in batches:
            complete_batch(batch, by_id, links, settings, by_source, story_done)
        return
    jobs = [_batch_job(batch, by_id, links, by_source, settings) for batch in batches]
    alone = lambda job: complete_batch(job[0], by_id, links, settings, by_source)
    for completed in map_in_workers(_run_batch_job, jobs, workers, pool, "story workers", alone):
        stories[done:done + len(completed)] = completed
        done += len(completed)
        progress("stories", done, len(stories))


# Allocations between two young collections of the garbage collector during a run (Python's
# default is 700), with 50 young collections per middle one and 50 middle ones per full one
# (default 10 and 10). A run makes millions of short-lived objects and few reference cycles: at
# 10,000 articles of the spark_scale corpus in one process the collector took 4.6 of 64 CPU
# seconds with the defaults, 1.5 with these.
GC_THRESHOLDS = (20_000, 50, 50)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """While a run lasts (its worker processes, forked inside, included; the Spark engine's
    extraction, alignment and story tasks each), collect garbage less often (GC_THRESHOLDS); the
    caller's thresholds are put back after. Objects are freed as
    before when their last reference goes: only reference cycles wait longer."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def _frozen_heap(context: multiprocessing.context.BaseContext) -> Iterator[None]:
    """While forked workers run, keep their garbage collectors off the objects this process holds.

    A forked worker shares this process's memory until it writes to a page, and a collection
    writes into every object it scans: each worker came to copy the pages of the whole corpus's
    articles, links and stories it never reads (its jobs bring their own copies). ``gc.freeze``
    hides the objects that exist now from every collector (Python's advice before forking);
    they are handed back once the workers are done. Spawned workers share nothing: no change.
    """
    if context.get_start_method() != "fork":
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def complete_batch(batch: list[Story], by_id: dict[str, Article], links: list[ReuseLink], settings: Settings,
                    by_source: dict[str, list[int]], story_done: Callable[[], None] | None = None) -> list[Story]:
    """Complete one batch of stories: one spaCy call for the batch's entity typing, then each story."""
    recase.prefetch_labels([[by_id[i] for i in story.articles] for story in batch])
    for story in batch:
        complete_story(story, by_id, links, settings, by_source)
        if story_done:
            story_done()
    return batch


def _worker_count(settings: Settings, story_count: int) -> int:
    """Processes to use for the per-story stage: the setting, or one per core on large corpora."""
    if settings.workers:
        return settings.workers
    if story_count < PARALLEL_MIN_STORIES:
        return 1
    return _cores()


def _cores() -> int:
    """Worker processes the automatic setting starts: one per core, up to MAX_AUTO_WORKERS."""
    return max(1, min(MAX_AUTO_WORKERS, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


def _batch_job(batch: list[Story], by_id: dict[str, Article], links: list[ReuseLink],
               by_source: dict[str, list[int]], settings: Settings
               ) -> tuple[list[Story], dict[str, Article], list[ReuseLink], Settings]:
    """What one worker needs for a batch: its stories, their articles and the links they are the
    source of, in their original order (found through ``by_source``, not by scanning every link)."""
    members = sorted({i for story in batch for i in story.articles})
    positions = sorted({k for i in members for k in by_source.get(i, ())})
    return batch, {i: by_id[i] for i in members}, [links[k] for k in positions], settings


def _run_batch_job(job: tuple[list[Story], dict[str, Article], list[ReuseLink], Settings]) -> list[Story]:
    """Complete one batch of stories (runs in a worker process)."""
    batch, by_id, links, settings = job
    return complete_batch(batch, by_id, links, settings, links_by_source(links))


# A story's completed reading (entities, facts and the lines and briefing made from them) with
# the reading key it was made from (reading_key): what ``complete_story`` may reuse.
Reading = tuple[tuple[Any, ...], tuple[Any, ...]]


def complete_story(story: Story, by_id: dict[str, Article], links: list[ReuseLink], settings: Settings,
                   by_source: dict[str, list[int]] | None = None, done: dict[str, Reading] | None = None) -> Story:
    """Fill a story's origins, reuse, entities, facts and briefing from its articles.

    ``by_source`` (from ``links_by_source(links)``) finds the story's links without scanning all
    of them, which matters when a corpus has thousands of stories. Entities, facts and briefing
    read at most MAX_STORY_READING of the story's articles (reading_sample). ``done`` (story id ->
    its last reading, kept by an incremental run between batches) skips the reading when its key
    (reading_key) is unchanged: the result is the same, since the reading depends on nothing else,
    and a large story that gains members past its sample is then not read again on every batch.
    """
    members = set(story.articles)
    articles = [by_id[i] for i in story.articles]
    if by_source is None:
        story.reuse = [link for link in links if link.a in members and link.b in members]
    else:
        found = sorted({k for i in story.articles for k in by_source.get(i, ())})
        story.reuse = [links[k] for k in found if links[k].b in members]
    story.origins = provenance.origin_groups(story.articles, story.reuse, by_id)
    articles = reading_sample(articles, story.origins)
    key = reading_key(articles, story.origins) if done is not None and not settings.llm_url else None
    if key is not None and story.id in done and done[story.id][0] == key:
        (story.entities, story.facts, story.disputed, story.updated, story.corroborated, story.single_source,
         story.briefing) = done[story.id][1]
        return story
    read = recase.recased_articles(articles)  # names raised in lower-cased texts; offsets unchanged
    story.entities = entities.resolve_entities(read)
    story.facts = facts.line_up_facts(read, story.origins, story.entities, story.reuse)
    recase.quotes_as_written(story.facts, read, articles)
    story.disputed = facts.dispute_lines(story.facts, by_id)
    story.updated = facts.update_lines(story.facts, by_id)
    story.corroborated = facts.corroborated_lines(story.facts, by_id)
    story.single_source = facts.single_source_lines(story.facts, by_id)
    story.briefing = briefing.write_briefing(story, articles, story.origins, story.facts, settings)
    if key is not None:
        done[story.id] = (key, (story.entities, story.facts, story.disputed, story.updated, story.corroborated,
                                story.single_source, story.briefing))
    return story


def reading_key(sample: list[Article], origins: list[OriginGroup]) -> tuple[Any, ...]:
    """All that a story's reading (entities, facts, lines, briefing) takes from its articles and
    origins: the sample's ids, and the origin numbers the fact and briefing stages give them.

    Those stages number each article by the origin group holding it (the last, where several do)
    and an article in none after all grouped articles (lineup._group_index, write._origin_of), and
    count the groups; the numbers, that count and, when a sampled article has no group, the
    count of grouped articles and of groups are therefore the key, beside the ids. The LLM rewrite
    (Settings.llm_url) is not keyed: complete_story never reuses a reading made with it.
    """
    index = {article_id: n for n, group in enumerate(origins) for article_id in group.articles}
    numbers = tuple(index.get(a.id, -1) for a in sample)
    ungrouped = (len(index), len(origins)) if -1 in numbers else ()
    return tuple(a.id for a in sample), numbers, len(set(index.values())), ungrouped


def links_by_source(links: list[ReuseLink]) -> dict[str, list[int]]:
    """Positions in ``links`` of each article's links as the likely source (``a``), in order."""
    by_source: dict[str, list[int]] = {}
    for k, link in enumerate(links):
        by_source.setdefault(link.a, []).append(k)
    return by_source


def unique_story_ids(stories: list[Story]) -> list[Story]:
    """Give a story whose id an earlier story has ``<id>~2`` (``~3``...), so that ids stay unique.

    Ids come from different places (``s-<first article id>``, ``s-hint-<story field>``) and can
    meet: an article ``hint-x`` beside a record whose ``story`` is ``x`` both make ``s-hint-x``.
    """
    taken = {story.id for story in stories}
    seen: set[str] = set()
    for story in stories:
        if story.id in seen:
            n = 2
            while f"{story.id}~{n}" in taken:
                n += 1
            story.id = f"{story.id}~{n}"
            taken.add(story.id)
        seen.add(story.id)
    return stories


def unique_ids(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    """Keep the first article for each id; report later ones (ids must be unique in a report)."""
    seen: set[str] = set()
    kept: list[Article] = []
    problems: list[Problem] = []
    for article in articles:
        if article.id in seen:
            problems.append(Problem(article.source_path, f"duplicate article id {article.id!r} (an earlier source has it)"))
        else:
            seen.add(article.id)
            kept.append(article)
    return kept, problems


__all__ = [
    "CrosswireError",
    "ProgressFn",
    "analyze_articles",
    "analyze_documents",
    "analyze_paths",
    "complete_story",
]
