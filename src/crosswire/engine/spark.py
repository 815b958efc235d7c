"""The Apache Spark engine: the in-process pipeline's stage functions, driven over Spark DataFrames.

``crosswire analyze --engine spark`` and ``crosswire ingest --engine spark`` run here. No stage's
logic lives in this module: each step calls the function the in-process engine (pipeline.py)
calls, on records rebuilt from DataFrame rows, so both engines give the same report.

What runs where (``local[*]`` by default, spark-submit's master under spark-submit, any Spark master URL):

- distributed: reading files (one task per file, ``ingest.read_file``), Parquet record inputs,
  extraction (``extract.extract_article`` in ``mapInPandas``), provenance candidates (MinHash
  band keys and rare word 5-grams shuffled into buckets: ``provenance.bucket_partners`` inside
  each bucket, the MAX_PARTNERS best partners per article by a window; no all-pairs step), pair
  verification (``align.align`` on executors), clustering's work (spark_cluster.SparkClusterWork, the
  ``cluster.ClusterWork`` seam: title-and-lead embeddings, the candidate search per block of
  articles by date window and strong terms, pair scores per chunk of pairs, average linkage per
  connected block of the graph, a few blocks a group), and story completion (origin groups,
  entities, facts, briefing: ``pipeline.complete_batch`` in ``cogroup(...).applyInPandas``, one
  group per batch of STORY_BATCH stories; origins are the connected components of a story's
  same-origin links, so they are computed inside its group).
- on the driver, because the in-process stage is global over the batch: the corpus line counts
  of scraped text (``extract.corpus_line_counts``, broadcast to the extractors), boilerplate
  learning (``boilerplate.learn``, broadcast to the aligners) and clustering's statistics
  (``cluster.cluster_stories``: TF-IDF vocabulary and weights, the term index, the neighbour
  vectors of the shared-neighbour lift; broadcast to the tasks), and the connected blocks of
  clustering's scored graph (its edges are here already). The executors keep the extracted
  articles as the run's article table; the driver collects a copy once, for these and for the
  report, and sends back only small rows (which articles are kept, under which ids; the stories'
  members).

Outputs: the Report (for the JSON / Markdown writers) and, on request, Parquet tables
``articles``, ``links`` and ``stories`` that ``load_parquet`` writes into a DuckDB store.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from .. import __version__
from ..errors import ConfigError, InputError, StoreError
from ..records import Article, Passage, Problem, RawDocument, Report, ReuseLink, Story
from ..settings import Settings
from ..stories import cluster
from .spark_cluster import SparkClusterWork

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

    from ..store.db import IngestResult

# The Spark master a run uses unless told otherwise: every core of this machine.
DEFAULT_MASTER = "local[*]"
# Java options of the driver JVM that a ``local`` master starts (it is then the only JVM and runs
# the executors' tasks). The JIT's first tier only: a run spends little time in JVM code, and the
# optimising compiler's threads cost more than they win back. At 10,000 articles of the
# spark_scale corpus on local[2] (fast mode) the JVM's CPU time fell from 52 to 34 s, the same report.
# (-XX:+UseParallelGC beside it: no further change.)
# -XX:+ExitOnOutOfMemoryError: a JVM out of heap ends (the run fails with an error) instead of
# losing the thread the error hit, which left a 50,000-article run waiting for 19 minutes on a
# scheduler whose event loop had died (see SLICE_BYTES).
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"
# Heap (spark.driver.memory) of the JVM that a ``local`` master starts, which runs the driver and
# the executors' tasks, unless SPARK_DRIVER_MEMORY is set. Spark's default, 1 GB, ran out at 50,000
# articles of the spark_scale corpus (years, local[2], fast mode): the old generation 94% full in
# the stories stage, then the JVM ended (ExitOnOutOfMemoryError below).
LOCAL_DRIVER_MEMORY = "4g"
# Suffix of the record files the Spark engine reads itself (the in-process engine has no Parquet reader).
PARQUET_SUFFIX = ".parquet"
# Table names of a run's Parquet output (see write_tables / load_parquet).
TABLES = ("articles", "links", "stories")
# Estimated bytes of driver-made rows per partition of a DataFrame made from them (``_driver_frame``:
# the kept articles' places and ids, the stories' members; the articles themselves once, see
# ``article_table``). Such partitions travel inside their tasks: Spark
# serialises each task with its slice of the rows, in the driver JVM's scheduler thread, at every job
# that reads the frame (cached or not). With Spark's default of one slice a core, 50,000 articles of
# the spark_scale corpus (years, ~2 KB an article as rows) on local[2] made two tasks of 25,000
# articles, whose serialisation ran the driver's default 1 GB heap out (OutOfMemoryError in a
# dispatcher-event-loop thread; the scheduler then launched no task again and the run hung).
# Spark warns above 1 MB a task; a few MB keep the tasks few (~25 at 50,000 articles).
SLICE_BYTES = 4 << 20

ProgressFn = Any  # pipeline.ProgressFn; not imported to keep this module's import light
# keep(articles with their content hashes) -> those to analyse: the ingest's dedup (store.dedup.keep_new).
KeepFn = Callable[[list[tuple[Article, str]]], list[tuple[Article, str]]]

_DOCUMENT_SCHEMA = ("seq long, n long, problem boolean, id string, source_path string, media_type string, "
                    "text string, title string, url string, published string, outlet string, byline string, "
                    "story string, fetched string")
_ARTICLE_SCHEMA = ("seq long, n long, problem boolean, id string, source_path string, title string, text string, "
                   "outlet string, url string, byline string, published string, agencies array<string>, "
                   "language string, removed array<string>, story_hint string, content_hash string")
_LINK_SCHEMA = "a string, b string, relation string, score double, passages array<array<long>>"
_HINT_FIELDS = ("title", "url", "published", "outlet", "byline", "story", "fetched")
_ARTICLE_FIELDS = ("id", "source_path", "title", "text", "outlet", "url", "byline", "published", "agencies",
                   "language", "removed", "story_hint")


@dataclass(slots=True)
class SparkRun:
    """One Spark analysis: the report, and the DataFrames its Parquet tables are written from."""

    report: Report
    articles: DataFrame  # k (each article's position), the report's articles' _ARTICLE_FIELDS, content_hash
    links: DataFrame  # _LINK_SCHEMA
    stories: DataFrame  # seq, id, headline, first_published, last_published, articles, data (contract JSON)


# --- Session ---------------------------------------------------------------------------------------

def spark_session(master: str | None = None) -> SparkSession:
    """A Spark session on ``master``, with Arrow transfers on and the console quiet.

    ``master`` None: the master spark-submit was given when it launched this driver (its
    settings stand), else DEFAULT_MASTER. For ``local`` masters only, Spark's web UI stays off and
    the JVM starts with LOCAL_JAVA_OPTIONS and LOCAL_DRIVER_MEMORY (when this call starts it).
    Python workers run this interpreter (PYSPARK_PYTHON, unless set), so they import the same
    crosswire and models as the driver.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("--engine spark needs PySpark: pip install 'crosswire[spark]'") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    master = master or (None if launched_by_spark_submit() else DEFAULT_MASTER)
    builder = SparkSession.builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
    if master is not None:
        builder = builder.master(master).appName("crosswire")
    if (master or "").startswith("local"):
        builder = (builder.config("spark.ui.showConsoleProgress", "false").config("spark.ui.enabled", "false")
                   .config("spark.driver.extraJavaOptions", LOCAL_JAVA_OPTIONS))
        if "SPARK_DRIVER_MEMORY" not in os.environ:
            builder = builder.config("spark.driver.memory", LOCAL_DRIVER_MEMORY)
    try:
        spark = builder.getOrCreate()
    except Exception as error:  # noqa: BLE001 - a JVM that will not start, a bad master URL
        raise ConfigError(f"cannot start Spark on {master or 'the spark-submit master'!r} "
                          f"({type(error).__name__}: {str(error).splitlines()[0]})") from None
    spark.sparkContext.setLogLevel("ERROR")
    # One shuffle partition per core unless the user set a number (Spark's 200 cost a task each on
    # every small shuffle).
    if not spark.sparkContext.getConf().contains("spark.sql.shuffle.partitions"):
        spark.conf.set("spark.sql.shuffle.partitions", str(spark.sparkContext.defaultParallelism))
    return spark


def launched_by_spark_submit() -> bool:
    """Whether spark-submit started this Python driver (it then holds the JVM and its settings)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


# --- The run ---------------------------------------------------------------------------------------

def analyze_paths(paths: Iterable[str], settings: Settings | None = None, progress: ProgressFn | None = None,
                  spark: SparkSession | None = None, master: str | None = None) -> SparkRun:
    """Read the given files/folders on Spark and analyse them as ``pipeline.analyze_paths`` does."""
    settings = (settings or Settings()).validate()
    spark = spark or spark_session(master)
    progress = progress or _no_progress
    with TaskProgress(spark, progress):
        documents = read_documents(spark, list(paths), settings)
        return analyze_documents(spark, documents, settings, progress)


def analyze_documents(spark: SparkSession, documents: DataFrame, settings: Settings, progress: ProgressFn,
                      keep: KeepFn | None = None) -> SparkRun:
    """Extract, link, cluster and complete the stories of a DataFrame of raw documents.

    ``keep`` (the ingest's policy, ``store.dedup.keep_new``) picks which extracted articles, with
    their content hashes, are analysed; by default all, the first of each id (as in-process).
    """
    from . import local as pipeline

    progress("extract", 0, 1)
    extracted, problems, hashed, places = extract_articles(spark, documents)
    progress("extract", 1, 1)
    if keep is not None:
        hashed = keep(hashed)
    articles, duplicates = pipeline.unique_ids([article for article, _ in hashed])
    # keep and unique_ids return the extracted Article objects themselves (keep renames in place):
    # each kept one's document place is found by identity; only places, positions and ids go back
    table = article_table(spark, extracted, [(*places[id(a)], k, a.id) for k, a in enumerate(articles)])
    progress("provenance", 0, len(articles))
    with ThreadPoolExecutor(1) as beside:
        # clustering's features do not depend on the links: made by the idle driver while the
        # executors find them, as the in-process engine makes them while its workers align. Not in
        # semantic mode, whose embedding runs Spark jobs of its own.
        prepared = None if settings.semantic else beside.submit(cluster.story_features, articles, False)
        links_df = find_reuse(spark, table, articles)
        links = sorted((_link(r) for r in links_df.toPandas().itertuples()), key=lambda x: (x.a, x.b))
        features = prepared.result() if prepared is not None else None
    progress("provenance", len(articles), len(articles))
    progress("cluster", 0, len(articles))
    stories = pipeline.unique_story_ids(cluster.cluster_stories(articles, links, semantic=settings.semantic,
                                                                work=SparkClusterWork(spark), features=features))
    progress("cluster", len(articles), len(articles))
    progress("stories", 0, len(stories))
    completed = complete_stories(spark, stories, table, links_df, settings).cache()
    done = sorted(completed.select("seq", "story").toPandas().itertuples(), key=lambda r: r.seq)
    progress("stories", len(stories), len(stories))
    report = Report(__version__, articles, [pickle.loads(r.story) for r in done], problems + duplicates)
    return SparkRun(report, table, links_df, completed.drop("story"))


def extract_articles(spark: SparkSession, documents: DataFrame) -> tuple[
        DataFrame, list[Problem], list[tuple[Article, str]], dict[int, tuple[int, int]]]:
    """Extract every document on the executors, keep the result there and collect a copy here.

    Returns the extracted frame (_ARTICLE_SCHEMA rows, cached on the executors: ``article_table``
    makes the run's article table from it, so the articles never travel back from the driver), the
    batch's problems, its articles with their ``store.db.content_hash`` in document order
    (clustering and the report need them here), and each of those Article objects' document place
    ``(seq, n)``, keyed by the object's ``id()``.
    """
    # sorted here, not by Spark: a sort's range sampling is a job of its own that ran the extraction twice
    documents = documents.cache()  # read twice: the line counts, then the extraction
    extracted = extract(spark, documents).cache()
    rows = extracted.toPandas().sort_values(["seq", "n"])
    documents.unpersist()  # the raw text is not read again: its heap goes to the caches that follow
    problems = [Problem(r.source_path, r.text) for r in rows.itertuples() if r.problem]
    hashed, places = [], {}
    for r in rows.itertuples():
        if not r.problem:
            article = _article(r)
            hashed.append((article, r.content_hash))
            places[id(article)] = (int(r.seq), int(r.n))
    return extracted, problems, hashed, places


def _no_progress(stage: str, done: int, total: int) -> None:
    """Default progress callback: ignore."""


class TaskProgress:
    """While open, reports the tasks of Spark's running stages as ``progress("tasks", done, total)``
    every POLL_S seconds (from a background thread), so a long Spark job shows it moves."""

    POLL_S = 1.0

    def __init__(self, spark: SparkSession, progress: ProgressFn) -> None:
        import threading

        self.tracker = spark.sparkContext.statusTracker()
        self.progress = progress
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._poll, name="crosswire-spark-progress", daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _poll(self) -> None:
        """Sum the completed and total tasks of the active stages until stopped."""
        while not self.stop.wait(self.POLL_S):
            try:
                stages = [self.tracker.getStageInfo(i) for i in self.tracker.getActiveStageIds()]
            except Exception:  # noqa: BLE001 - the session stopping under the poll: nothing to show
                return
            stages = [stage for stage in stages if stage is not None]
            if stages:
                self.progress("tasks", sum(s.numCompletedTasks for s in stages), sum(s.numTasks for s in stages))


# --- Reading -------------------------------------------------------------------------------------

def read_documents(spark: SparkSession, paths: list[str], settings: Settings) -> DataFrame:
    """A DataFrame of raw documents (and problems, ``problem`` true) from files, folders, stdin and Parquet.

    Sources are listed on the driver as ``ingest.list_sources`` lists them, and given their ids
    (``ingest.unique_stem``) in that order; each file is then read in its own task. ``seq`` is the
    source's place in the listing and ``n`` the document's place in its source, so sorting by
    them gives the in-process engine's order.
    """
    from ..ingest import sources as ingest

    listed = ingest.list_sources(paths, settings.exclude)
    stems: set[str] = set()
    files, parquet, local = [], [], []
    for seq, entry in enumerate(listed):
        if isinstance(entry, ingest.Problem):
            local.append(_problem_row(seq, 0, entry))
        elif entry.path is None:
            local += [_item_row(seq, n, item) for n, item in enumerate(ingest.read_stdin(settings))]
        elif entry.path.name.lower().endswith(PARQUET_SUFFIX):
            parquet.append((seq, str(entry.path), ingest.unique_stem(ingest.document_stem(entry.path.name), stems)))
        else:
            files.append((seq, str(entry.path), ingest.unique_stem(ingest.document_stem(entry.path.name), stems)))
    frame = spark.createDataFrame(local, _DOCUMENT_SCHEMA)
    if files:
        cores = spark.sparkContext.defaultParallelism
        listing = spark.createDataFrame(files, "seq long, path string, stem string").repartition(
            min(len(files), cores * 4))
        read = listing.mapInPandas(_reader(settings), _DOCUMENT_SCHEMA)
        if len(files) < cores:  # a few files of many records (JSONL): their documents spread so that every core extracts
            read = read.repartition(cores)
        frame = frame.unionByName(read)
    for seq, path, stem in parquet:
        frame = frame.unionByName(_parquet_documents(spark, seq, path, stem))
    return frame


def _reader(settings: Settings):
    """The mapInPandas function that reads each listed file into document rows."""

    def read(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import pandas as pd

        for batch in batches:
            rows = [row for seq, path, stem in zip(batch.seq, batch.path, batch.stem)
                    for row in _read_file(int(seq), path, stem, settings)]
            yield pd.DataFrame(rows, columns=_DOCUMENT_COLUMNS)
    return read


def _read_file(seq: int, path: str, stem: str, settings: Settings) -> list[tuple[Any, ...]]:
    """The document rows of one file, with the in-process reader's policy: any failure is one Problem."""
    from ..ingest import sources as ingest

    rows = []
    try:
        for n, item in enumerate(ingest.read_file(Path(path), settings, stem)):
            rows.append(_item_row(seq, n, ingest.scrubbed(item)))
    except Exception as error:  # noqa: BLE001 - one source's failure must not sink the batch
        rows.append(_problem_row(seq, len(rows), Problem(path, f"cannot read ({type(error).__name__}: "
                                                          f"{ingest.reason(error)})")))
    return rows


def _parquet_documents(spark: SparkSession, seq: int, path: str, stem: str) -> DataFrame:
    """Document rows of a Parquet file of records (the JSON records' fields: ``id, title, text, ...``).

    Each row is read as ``ingest.record_document`` reads a JSON record; a row without an ``id``
    gets ``<stem>-<row number>`` and a bad row is the Problem ``<file>#<row number>``.
    """
    import pyarrow.parquet as pq
    from py4j.protocol import Py4JError
    from pyarrow import ArrowException
    from pyspark.errors import PySparkException

    try:
        pq.read_metadata(path)  # a corrupt or truncated file fails here, on the driver, not the whole job
        table = spark.read.parquet(path)
    except (PySparkException, Py4JError, ArrowException, OSError) as error:
        return spark.createDataFrame([_problem_row(seq, 0, Problem(path, f"cannot read Parquet ({_first(error)})"))],
                                     _DOCUMENT_SCHEMA)
    numbered = table.rdd.zipWithIndex()

    def documents(pairs: Iterable[tuple[Any, int]]) -> Iterator[tuple[Any, ...]]:
        from ..ingest import sources as ingest

        for row, n in pairs:
            item = ingest.record_document(f"{path}#{n + 1}", path, _plain(row.asDict(recursive=True)), f"{stem}-{n + 1}")
            yield _item_row(seq, n, ingest.scrubbed(item))
    return spark.createDataFrame(numbered.mapPartitions(documents), _DOCUMENT_SCHEMA)


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row as JSON would give it: dates and times as ISO text."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in record.items()}


_DOCUMENT_COLUMNS = [c.split()[0] for c in _DOCUMENT_SCHEMA.split(", ")]


def _item_row(seq: int, n: int, item: RawDocument | Problem) -> tuple[Any, ...]:
    """A document (or a problem) as a _DOCUMENT_SCHEMA row."""
    if isinstance(item, Problem):
        return _problem_row(seq, n, item)
    hints = tuple(getattr(item.hints, name) for name in _HINT_FIELDS)
    return (seq, n, False, item.id, item.source_path, item.media_type, item.text, *hints)


def _problem_row(seq: int, n: int, problem: Problem) -> tuple[Any, ...]:
    """A problem as a _DOCUMENT_SCHEMA row: its source in ``source_path``, its message in ``text``."""
    return (seq, n, True, None, problem.source, None, problem.message) + (None,) * len(_HINT_FIELDS)


def _document(row: Any) -> RawDocument:
    """A RawDocument from a _DOCUMENT_SCHEMA row."""
    from ..records import DocumentHints

    hints = DocumentHints(**{name: getattr(row, name) for name in _HINT_FIELDS})
    return RawDocument(row.id, row.source_path, row.media_type, row.text, hints)


# --- Extraction ----------------------------------------------------------------------------------

def extract(spark: SparkSession, documents: DataFrame) -> DataFrame:
    """Clean every document into an article row (or a problem row) with ``extract.extract_article``.

    The scraped-text cleaner weighs lines by how many documents of the batch repeat them; those
    counts are global, so they are computed on the driver (``extract.corpus_line_counts``, over the
    scraped-text documents only) and broadcast. Counts of one are left out: the cleaner reads a
    missing line as 1.
    """
    from ..extract import articles as stage

    scraped = documents.where("NOT problem AND media_type = 'text/plain'").toPandas().sort_values(["seq", "n"])
    counts = stage.corpus_line_counts([_document(r) for r in scraped.itertuples()])
    shared = spark.sparkContext.broadcast({line: n for line, n in counts.items() if n > 1})

    def clean(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        from collections import Counter

        import pandas as pd

        from . import local as pipeline

        line_counts = Counter(shared.value)
        with pipeline.fewer_collections():
            for batch in batches:
                rows = [_extracted_row(r, line_counts) for r in batch.itertuples()]
                yield pd.DataFrame(rows, columns=_ARTICLE_COLUMNS)
    return documents.mapInPandas(clean, _ARTICLE_SCHEMA)


_ARTICLE_COLUMNS = [c.split()[0] for c in _ARTICLE_SCHEMA.split(", ")]


def _extracted_row(row: Any, line_counts: Any) -> tuple[Any, ...]:
    """One document row cleaned into an _ARTICLE_SCHEMA row (a problem row passes through)."""
    from ..extract import articles as stage

    if row.problem:
        return (row.seq, row.n, True, None, row.source_path, None, row.text) + (None,) * 9
    result = stage.extract_article(_document(row), line_counts)
    if isinstance(result, Problem):
        return (row.seq, row.n, True, None, result.source, None, result.message) + (None,) * 9
    from ..store.db import content_hash

    return (row.seq, row.n, False, *(getattr(result, name) for name in _ARTICLE_FIELDS),
            content_hash(result, row.fetched))


def _article(row: Any) -> Article:
    """An Article from an _ARTICLE_SCHEMA row."""
    values = {name: getattr(row, name) for name in _ARTICLE_FIELDS}
    values["agencies"] = list(values["agencies"] if values["agencies"] is not None else [])
    values["removed"] = list(values["removed"] if values["removed"] is not None else [])
    return Article(**values)


def article_table(spark: SparkSession, extracted: DataFrame, kept: list[tuple[int, int, int, str]]) -> DataFrame:
    """The report's articles as a DataFrame (``k``, the _ARTICLE_FIELDS, ``content_hash``), made on
    the executors from the extracted frame that they keep (``extract_articles``).

    ``kept`` holds, for each article the driver keeps, its document place ``(seq, n)``, its
    position ``k`` (provenance numbers articles so) and its id (the ingest may have renamed it):
    small rows, broadcast and joined to the extracted rows. The driver once sent every article
    back (in slices, SLICE_BYTES), and the JVM kept that copy for the whole run: at 10,000
    articles of the spark_scale corpus (local[2]) the peaks were 2,052 MB for the JVM and 410 MB
    for the driver's interpreter, now 1,980 and 387 MB, the same report.
    """
    from pyspark.sql import functions as F

    chosen = _driver_frame(spark, kept, "seq long, n long, k long, id string")
    return (extracted.where("NOT problem").drop("id").join(F.broadcast(chosen), ["seq", "n"])
            .select("k", *_ARTICLE_FIELDS, "content_hash"))


def _driver_frame(spark: SparkSession, rows: list[tuple[Any, ...]], schema: str) -> DataFrame:
    """A DataFrame of rows held by the driver, in slices of about SLICE_BYTES (their strings' length
    estimates their size), at least one a core: a task carries its slice (see SLICE_BYTES)."""
    size = sum(len(value) for row in rows for value in row if isinstance(value, str)) + 16 * len(rows)
    slices = max(spark.sparkContext.defaultParallelism, -(-size // SLICE_BYTES))
    return spark.createDataFrame(spark.sparkContext.parallelize(rows, min(slices, max(1, len(rows)))), schema)


# --- Provenance ----------------------------------------------------------------------------------

def find_reuse(spark: SparkSession, table: DataFrame, articles: list[Article]) -> DataFrame:
    """Reuse links as ``provenance.find_reuse`` finds them, with candidates shuffled instead of indexed.

    Each article's MinHash band keys (word and skeleton indexes) and rare word 5-grams are
    emitted on executors; a shuffle groups equal keys, where ``provenance.bucket_partners``
    picks each member's partners among the members before it (the in-process index adds
    articles in this order); evidence is summed per pair and each article keeps its
    MAX_PARTNERS best earlier partners. The pairs are aligned on executors against the
    boilerplate learned on the driver (``boilerplate.learn`` is global over the batch). The links
    come back computed and cached (the index keys they were found with are let go).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from ..provenance import boilerplate
    from ..provenance import reuse as provenance

    furniture = spark.sparkContext.broadcast(boilerplate.learn(articles))
    # every key of an article made in one pass and kept: the band keys and the grams are read by
    # several joins below, and each read of an uncached mapInPandas shingled every text again
    indexed = table.select("k", "text").mapInPandas(_index_keys, _INDEX_KEYS_SCHEMA).cache()
    keys = indexed.select("k", F.lit("words").alias("kind"), F.posexplode("words").alias("band", "key")).unionByName(
        indexed.select("k", F.lit("skeleton").alias("kind"), F.posexplode("skeleton").alias("band", "key")))
    buckets = keys.groupBy("kind", "band", "key").agg(F.sort_array(F.collect_list("k")).alias("members"))
    partners = buckets.where(F.size("members") > 1).select("members").mapInPandas(_bucket_pairs, "k long, j long, n long")
    grams = indexed.select("k", F.explode("grams").alias("gram"))
    # each rare gram's holders gathered in one shuffle (counting the grams, then joining them back
    # and to themselves, shuffled the ~500 grams an article three times more)
    holders = (grams.groupBy("gram").agg(F.collect_list("k").alias("holders"))
               .where(F.size("holders").between(2, provenance.MAX_POSTING)))
    shared = (holders.select(F.explode("holders").alias("y"), "holders").select("y", F.explode("holders").alias("x"))
              .where("x < y").groupBy(F.col("y").alias("k"), F.col("x").alias("j")).agg(F.count("*").alias("n"))
              .where(F.col("n") >= provenance.MIN_SHARED_GRAMS))
    evidence = partners.unionByName(shared).groupBy("k", "j").agg(F.sum("n").alias("n"))
    best = Window.partitionBy("k").orderBy(F.desc("n"), F.desc("j"))
    pairs = (evidence.withColumn("rank", F.row_number().over(best))
             .where(F.col("rank") <= provenance.MAX_PARTNERS).select("j", "k"))
    side = table.select("k", "id", "text", "published", "byline", "agencies")
    both = (pairs.join(side.toDF(*[f"x_{c}" for c in side.columns]), F.col("j") == F.col("x_k"))
            .join(side.toDF(*[f"y_{c}" for c in side.columns]), F.col("k") == F.col("y_k"))
            .repartition("k").sortWithinPartitions("k", "j"))  # an article's pairs together: its profile made once

    def verify(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import pandas as pd

        from . import local as pipeline

        profiles: dict[str, Any] = {}
        with pipeline.fewer_collections():
            for batch in batches:
                links = [_aligned(row, furniture.value, profiles) for row in batch.itertuples()]
                yield pd.DataFrame([x for x in links if x is not None], columns=["a", "b", "relation", "score", "passages"])
    links = both.mapInPandas(verify, _LINK_SCHEMA).cache()
    links.count()  # computed and kept now, so that the index keys can be let go
    indexed.unpersist()
    return links


# One row per article: its LSH band keys in the word and skeleton indexes and its distinct hashed
# word 5-grams (the passage index's keys).
_INDEX_KEYS_SCHEMA = "k long, words array<binary>, skeleton array<binary>, grams array<long>"


def _index_keys(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Each article's candidate index keys (``provenance.article_keys``, shingled once), as the
    in-process candidate index files them: band keys by ``provenance.band_keys``, grams as they are."""
    import pandas as pd

    from ..provenance import reuse as provenance

    for batch in batches:
        rows = []
        for k, text in zip(batch.k, batch.text):
            keys = provenance.article_keys(Article(id="", text=text))
            rows.append((int(k), *[[] if values is None else provenance.band_keys(values, threshold)
                                   for values, threshold in ((keys.words, provenance.WORD_THRESHOLD),
                                                             (keys.skeleton, provenance.SKELETON_THRESHOLD))],
                         keys.grams.tolist()))
        yield pd.DataFrame(rows, columns=["k", "words", "skeleton", "grams"])


def _bucket_pairs(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Within each LSH bucket (its members in index order), each member's partners among the members
    before it (``provenance.bucket_partners``; one band shared each)."""
    import pandas as pd

    from ..provenance import reuse as provenance

    for batch in batches:
        rows = []
        for bucket in batch.members:
            members = [int(k) for k in bucket]
            rows += [(k, j, 1) for p, k in enumerate(members) for j in provenance.bucket_partners(members[:p])]
        yield pd.DataFrame(rows, columns=["k", "j", "n"], dtype="int64")


# Aligner profiles kept per verification task (an article's pairs arrive together; see find_reuse).
MAX_PROFILES = 2000


def _aligned(row: Any, furniture: frozenset[str], profiles: dict[str, Any]) -> tuple[Any, ...] | None:
    """Align one candidate pair as ``provenance.find_reuse`` does: likely source first; None when unrelated.

    ``profiles`` keeps the aligner's profile of each article met (an article's id is unique in a run).
    """
    from ..provenance import align
    from ..provenance import reuse as provenance

    x, y = (Article(id=getattr(row, f"{s}_id"), text=getattr(row, f"{s}_text"), published=getattr(row, f"{s}_published"),
                    byline=getattr(row, f"{s}_byline"), agencies=list(getattr(row, f"{s}_agencies")))
            for s in ("x", "y"))
    first, second = provenance.source_order(x, y)
    if len(profiles) > MAX_PROFILES:
        profiles.clear()
    for article in (first, second):
        if article.id not in profiles:
            profiles[article.id] = align.profile(article.id, article.text, furniture)
    result = align.align(profiles[first.id], profiles[second.id])
    if result.relation is None:
        return None
    return (first.id, second.id, result.relation, round(result.score, 4),
            [[*p.a, *p.b] for p in result.passages])


def _link(row: Any) -> ReuseLink:
    """A ReuseLink from a _LINK_SCHEMA row."""
    passages = [Passage((int(p[0]), int(p[1])), (int(p[2]), int(p[3]))) for p in row.passages]
    return ReuseLink(row.a, row.b, row.relation, float(row.score), passages)


# --- Stories -------------------------------------------------------------------------------------

def complete_stories(spark: SparkSession, stories: list[Story], table: DataFrame, links: DataFrame,
                     settings: Settings) -> DataFrame:
    """Complete every story on executors with ``pipeline.complete_batch``, one group per batch of
    ``pipeline.STORY_BATCH`` stories (the in-process engine's batches).

    The articles of each story and the links inside it are cogrouped by the story's batch (its
    place in the report, ``seq``, divided by STORY_BATCH); the result holds each story pickled (for
    the report) and as the contract's JSON (for the Parquet table and the store). A group per
    batch rather than per story: a group costs a few milliseconds of Arrow and pandas, and a batch
    makes one spaCy call for its entity typing instead of one a story (``entities.prefetch_labels``;
    at 10,000 articles of the spark_scale corpus, 2,610 groups of one story took ~2.5x the stage's
    in-process time).
    """
    from pyspark.sql import functions as F

    from . import local as pipeline

    members = _driver_frame(
        spark, [(seq, seq // pipeline.STORY_BATCH, s.id, s.headline, s.first_published, s.last_published, position, article_id)
         for seq, s in enumerate(stories) for position, article_id in enumerate(s.articles)],
        "seq long, batch long, story_id string, headline string, first_published string, last_published string, "
        "position long, id string")
    side = members.join(table.drop("k", "content_hash"), "id")
    owner = members.select("id", "seq", "batch")
    inside = (links.alias("l").join(owner.alias("oa"), F.col("l.a") == F.col("oa.id"))
              .join(owner.alias("ob"), (F.col("l.b") == F.col("ob.id")) & (F.col("oa.seq") == F.col("ob.seq")))
              .select("l.*", F.col("oa.batch").alias("batch")))

    def complete(story_rows: pd.DataFrame, link_rows: pd.DataFrame) -> pd.DataFrame:
        import pandas as pd

        from ..report.writers import story_to_dict
        from . import local as pipeline

        numbered = [(int(seq), _story(rows)) for seq, rows in story_rows.groupby("seq", sort=True)]
        batch = [story for _, story in numbered]
        by_id = {a.id: a for a in (_article(r) for r in story_rows.itertuples())}
        found = sorted((_link(r) for r in link_rows.itertuples()), key=lambda x: (x.a, x.b))
        with pipeline.fewer_collections():
            pipeline.complete_batch(batch, by_id, found, settings, pipeline.links_by_source(found))
        return pd.DataFrame([(seq, story.id, story.headline, story.first_published, story.last_published,
                              story.articles, json.dumps(story_to_dict(story), ensure_ascii=False), pickle.dumps(story))
                             for seq, story in numbered],
                            columns=["seq", "id", "headline", "first_published", "last_published", "articles", "data",
                                     "story"])
    return side.groupBy("batch").cogroup(inside.groupBy("batch")).applyInPandas(
        complete, "seq long, id string, headline string, first_published string, last_published string, "
                  "articles array<string>, data string, story binary")


def _story(rows: pd.DataFrame) -> Story:
    """The clustered story (before completion) that a group's rows describe."""
    ordered = rows.sort_values("position")
    first = ordered.iloc[0]
    return Story(id=first.story_id, articles=list(ordered.id), headline=first.headline,
                 first_published=first.first_published, last_published=first.last_published)


# --- Parquet tables and the store ----------------------------------------------------------------

def write_tables(run: SparkRun, folder: str | Path) -> None:
    """Write the run's ``articles``, ``links`` and ``stories`` tables as Parquet folders under ``folder``."""
    target = Path(folder)
    run.articles.orderBy("k").write.mode("overwrite").parquet(str(target / "articles"))
    run.links.orderBy("a", "b").write.mode("overwrite").parquet(str(target / "links"))
    run.stories.orderBy("seq").write.mode("overwrite").parquet(str(target / "stories"))


def load_parquet(db_path: str | Path, folder: str | Path) -> tuple[int, int]:
    """Store a Spark run's Parquet tables (``write_tables``) in an empty DuckDB store; return (articles, stories).

    A Spark run is a batch analysis of its whole input, so it goes into an empty database only
    (the store's incremental ingest places new articles among stored stories; a batch result
    cannot be merged into them). The write is one transaction.
    """
    from ..store.db import open_store, story_from_dict

    tables = {name: _read_table(Path(folder), name) for name in TABLES}
    articles = [(Article(**{name: _value(row, name) for name in _ARTICLE_FIELDS}), row["content_hash"])
                for row in sorted(tables["articles"], key=lambda r: r["k"])]
    _check_unique(folder, [digest for _, digest in articles])
    links = [ReuseLink(r["a"], r["b"], r["relation"], float(r["score"]),
                       [Passage((p[0], p[1]), (p[2], p[3])) for p in r["passages"]]) for r in tables["links"]]
    rows = sorted(tables["stories"], key=lambda r: r["seq"])
    stories = [story_from_dict(json.loads(r["data"])) for r in rows]
    with open_store(db_path) as store:
        held = store.stats().articles
        if held:
            raise StoreError(f"{db_path}: holds {held} articles; a Spark run is loaded into an empty database only")
        store.write_batch(articles, sorted(links, key=lambda x: (x.a, x.b)), stories,
                          {s.id: n for n, s in enumerate(stories, start=1)})
    return len(articles), len(stories)


def _read_table(folder: Path, name: str) -> list[dict[str, Any]]:
    """The rows of one Parquet table folder, as dicts (InputError naming the folder when unreadable)."""
    try:
        import pyarrow.parquet as pq

        return pq.read_table(folder / name).to_pylist()
    except ImportError:
        raise ConfigError("--from-parquet needs pyarrow: pip install 'crosswire[spark]'") from None
    except (OSError, ValueError) as error:
        raise InputError(str(folder / name), f"not a crosswire Parquet table ({str(error).splitlines()[0]})") from None


def _value(row: dict[str, Any], name: str) -> Any:
    """An article field from a table row (list fields never None)."""
    value = row.get(name)
    return list(value or []) if name in ("agencies", "removed") else value


def _check_unique(folder: str | Path, digests: list[str | None]) -> None:
    """Refuse a table in which two articles hold the same content (the store keeps content once)."""
    seen: set[str | None] = set()
    for digest in digests:
        if digest is None or digest in seen:
            raise InputError(str(Path(folder) / "articles"), "two articles hold the same content (or one has no "
                                                               "content hash); ingest --engine spark drops copies first")
        seen.add(digest)


def ingest_paths(db_path: str | Path, paths: Iterable[str], settings: Settings | None = None,
                 progress: ProgressFn | None = None, spark: SparkSession | None = None,
                 master: str | None = None, parquet: str | Path | None = None) -> IngestResult:
    """Analyse the inputs on Spark and store the result in an empty database.

    Content is kept once as the in-process ingest keeps it (``store.dedup.keep_new`` over the
    extracted articles' content hashes): a later copy is dropped before the analysis and listed in
    the result's duplicates, and an id taken by other content is stored as ``<id>~2``. The Parquet
    tables go to ``parquet`` (a temporary folder when None).
    """
    from ..store.db import IngestResult, open_store
    from ..store.dedup import keep_new

    settings = (settings or Settings()).validate()
    with open_store(db_path) as store:  # first, so that a locked, broken or non-empty file fails at once
        if store.stats().articles:
            raise StoreError(f"{db_path}: holds articles already; --engine spark ingests into an empty database only")
    spark = spark or spark_session(master)  # a clear error when PySpark is missing
    progress = progress or _no_progress
    result = IngestResult()
    with TaskProgress(spark, progress):
        documents = read_documents(spark, list(paths), settings)
        run = analyze_documents(spark, documents, settings, progress, lambda hashed: keep_new(hashed, {}, result))
    with tempfile.TemporaryDirectory(prefix="crosswire-spark-") as scratch:
        folder = Path(parquet) if parquet else Path(scratch)
        write_tables(run, folder)
        load_parquet(db_path, folder)
    result.added = [article.id for article in run.report.articles]
    result.problems = run.report.problems
    result.touched_stories = len(run.report.stories)
    result.batches = 1
    return result


def _first(error: BaseException) -> str:
    """The first line of an error's message."""
    return (str(error).splitlines() or [type(error).__name__])[0]
