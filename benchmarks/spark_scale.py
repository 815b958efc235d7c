"""Spark engine against the in-process engine as the corpus grows: the same report, and what each costs.

The corpus is real news: the Multi-News dev documents (``../shared/data/multi-news-dev``, 4,218
articles, read as benchmarks/throughput.py reads them), given publication dates, plus perturbed
replicas to reach each size; generation g holds the g-th replica of every document. Two
constructions (``--replicas``):

- ``years`` (the default; "more news over time"): generation g is the news of year g. Its
  documents are dated YEAR_DAYS x g later, SWAP_SHARE of their words swapped as below, then every
  word renamed by the generation's own mapping (a shuffle of the corpus's words within bands of
  RENAME_BAND frequency ranks, case kept; figures kept), the first generation's too, and a word
  rarer than NEW_WORDS_DF dev documents written with the generation's tag (a new year brings new
  names). A generation keeps the dev set's article lengths, figures, stories and reuse among
  themselves (copies within one Multi-News cluster stay copies: one mapping renames them all)
  but tells other events than every other generation, so story sizes and copy families stay the
  same at every size, as in a growing collection of news (stories: 4,983 at 10k, 24,336 at 50k).
  The text is no longer English (on 2,000 articles renamed without the tags spaCy found ~5x the
  entities and provenance ~6x the links of the real text; 17.9 CPU s against 12.2), so its
  per-article figures are not the real text's; its growth is scale's.
- ``renamed``: the same without the tag (and with the swaps after the renaming): every generation
  shares the dev set's vocabulary, so a rare word recurs in each generation for another event,
  clustering's posting cap drops it at scale, and stories fall apart as n grows (see below).
- ``copies`` (the construction measured first): a replica is its original dated REPLICA_DAYS x g
  later with SWAP_SHARE of its words replaced by words drawn from the corpus (seeded by its id):
  an edited copy, not a verbatim one. Every replica of a document is a near-copy of its original
  and of the other replicas, so at n articles each document has n / 4,218 copies: an article of
  generation g has g earlier copies to align, up to reuse.MAX_PARTNERS (8), about 1 an article at
  10k and 5 at 50k, and the copies join their original's story (dates cannot keep them apart:
  clustering's time decay floors at similarity.TIME_FLOOR, its candidate window is 10 years, and
  a same-origin reuse link scores the pair whatever their dates), so stories grow with n (3.8
  articles at 10k, 8.0 at 50k) and with them the facts' and the briefing's pairwise work: the
  in-process provenance stage took 19x and the stories stage 7.5x longer at 50k than at 10k. The
  same events retold n / 4,218 times: the growth it measures is the benchmark's, not scale's.

Each size is written as JSONL records without ``story`` (every stage runs, clustering included),
in one file or past SHARD_RECORDS in a folder of files.

Each engine runs in a fresh interpreter per size (``--worker``), the in-process engine at every
size before Spark (so that a budget spends itself on the reference first): the in-process engine
(``pipeline.analyze_paths``) and Spark on each ``--masters`` URL (``engine_spark.analyze_paths``;
the session is started before the clock and its start-up reported apart). The parent samples
the resident memory of the worker and all its descendants (Spark's JVM and Python workers
included) every SAMPLE_S and keeps the peak of the sum, of resident sizes (RSS: a page that forked
workers share with their parent counts in each) and of proportional ones (PSS: counted once); the
worker adds the kernel's peak of its own interpreter (``driver_peak_mb``: the driver, which holds
the report's articles) and of Spark's JVM (``jvm_peak_mb``, a ``local`` master's driver and executors). It
prints one table: articles, stories, wall s, articles/s, peak MB (RSS and PSS), whether the
report equals the in-process one (JSON, byte for byte; by ``report_sha256`` against an in-process row
merged in from an earlier run), and per engine the growth exponent of wall time with size (least
squares on log-log over the sizes measured). ``--budget-s`` stops starting runs once that much time is spent; what was not
measured is listed, not guessed. Figures go to benchmarks/results/spark_scale.json, or with
``--no-semantic`` (clustering without sentence embeddings, the fast mode) spark_scale_fast.json;
other constructions than ``copies`` add their name (spark_scale_fast_years.json).
``cpu_s_with_workers`` is the worker interpreter's CPU time plus that of its finished child
processes (the in-process engine's alignment and story workers; not Spark's JVM, which outlives
the measurement): on a shared machine it compares runs better than wall time. ``stage_wall_s``
splits each engine's wall time by stage (its progress callback). ``report_sha256`` is
the hash of the JSON report with the corpus's folder (a fresh temporary one per run, which every
article's ``source_path`` names) written ``<corpus>``, so that runs of one size compare across runs.

    nice -n 10 .venv/bin/python benchmarks/spark_scale.py [--sizes 10000,50000,100000]
        [--masters local[1],local[2]] [--no-semantic] [--replicas years|renamed|copies] [--budget-s 1500]
    (``--masters ''``: the in-process engine only; ``local[1]@10000``: that master at those sizes
    only, ``+``-separated)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, write_results
from throughput import StageClock, load_articles

# Share of a replica's words replaced by corpus words: enough that a replica is an edited copy
# (its word 3-gram overlap with the original is about (1 - 0.1)^3 = 0.73), not a verbatim one.
SWAP_SHARE = 0.1
# ``copies``: a replica of generation g is dated g x REPLICA_DAYS after its original (inside
# clustering's time window, so replicas still meet their originals as candidates).
REPLICA_DAYS = 2
# ``years``: generation g is dated g x YEAR_DAYS after the first (which spans 360 days), and each
# word is mapped to a word of similar frequency in the dev documents (a seeded shuffle inside bands
# of RENAME_BAND frequency ranks, so term weights keep their distribution), one mapping per
# generation; figures are kept. Keeping the function words (the 300 most frequent words) was tried
# first: provenance's skeleton index and aligner, built to catch spun copies, then rightly linked
# every generation to the ones before (a synonym-spun copy is what that makes): at 50k, 115,402 of
# 120,813 links crossed generations and stories still grew with n (2.2 articles at 10k, 3.1 at
# 50k). With every word renamed no link crosses a generation (1,500 articles in 3 generations:
# 0 of 327 links; 0 / 1 of 791 stories mixed).
# That mapping alone (``renamed``) draws every generation's words from the dev set's vocabulary, so
# a rare word (a name, an event's own term) recurs in every generation, each time for another event:
# at 50k its document frequency is 12x the dev set's, past clustering's posting cap
# (cluster.MAX_POSTING), and stories fell apart (10k: 5,639 stories, 50k: 43,948 of 50,000
# articles). ``years`` gives each generation words of its own, as a new year's news brings new
# names: a word found in fewer than NEW_WORDS_DF dev documents is written with the generation's
# tag (``tag``) after its image.
YEAR_DAYS = 365
RENAME_BAND = 200
NEW_WORDS_DF = 100
REPLICAS = ("years", "renamed", "copies")
WORD = re.compile(r"[A-Za-z]+")
FIRST_DAY = date(2016, 1, 4)  # originals are dated FIRST_DAY + (their Multi-News cluster number mod 360) days
SAMPLE_S = 0.5  # memory sampling period
# Records per corpus file: 25,000 records of ~1 KB stay under Settings.max_file_bytes (50 MB), which
# a 100,000-record file passed (it was refused, and the run read nothing), and so did 50,000 renamed
# records (``years``: 52 MB).
SHARD_RECORDS = 25_000
# Targets of issue 19.
TARGET_EXPONENT = 1.15
TARGET_100K_S, TARGET_100K_MB = 360.0, 4096.0
TARGET_SPARK_RATIO = 2.0


# --- The corpus ----------------------------------------------------------------------------------

def corpus_records(size: int, replicas: str = "years") -> list[dict[str, str]]:
    """``size`` records: the dev documents, then replicas of them (generation 1, 2, ...) in order,
    built as ``replicas`` says (``years``, ``renamed`` or ``copies``; see the module's docstring)."""
    base = load_articles(None)
    frequency = Counter(w for _, _, text in base for w in {w.lower() for w in WORD.findall(text)})
    rare = {w for w, df in frequency.items() if df < NEW_WORDS_DF} if replicas == "years" else set()
    vocabulary = sorted({w for _, _, text in base for w in text.split() if w.isalpha()})
    ranked = [w for w, _ in sorted(Counter(w.lower() for _, _, text in base for w in WORD.findall(text) if w.isalpha()).items(),
                                   key=lambda item: (-item[1], item[0]))]
    records, renames = [], {}
    for n in range(size):
        article_id, cluster, text = base[n % len(base)]
        generation = n // len(base)
        shift = generation * (REPLICA_DAYS if replicas == "copies" else YEAR_DAYS)
        day = FIRST_DAY + timedelta(days=int(cluster) % 360 + shift)
        if generation:
            article_id = f"{article_id}-r{generation}"
        if generation not in renames and replicas != "copies":  # every generation, the first too: all alike
            renames[generation] = renaming(ranked, random.Random(generation), rare, tag(generation))
        if replicas == "renamed":
            text = renamed(text, renames[generation])
        if generation or replicas != "copies":
            text = perturbed(text, vocabulary, random.Random(zlib.crc32(article_id.encode())))
        if replicas == "years":  # after the swaps, so that the words swapped in are the generation's too
            text = renamed(text, renames[generation])
        records.append({"id": article_id, "text": text, "published": day.isoformat()})
    return records


def renaming(ranked: list[str], rng: random.Random, rare: set[str], suffix: str) -> dict[str, str]:
    """A mapping of the lower-cased words ``ranked`` (most frequent first), shuffled inside
    consecutive bands of RENAME_BAND ranks; the image of a word of ``rare`` ends in ``suffix``."""
    mapping = {}
    for start in range(0, len(ranked), RENAME_BAND):
        band = ranked[start:start + RENAME_BAND]
        shuffled = band[:]
        rng.shuffle(shuffled)
        mapping.update((w, image + suffix if w in rare else image) for w, image in zip(band, shuffled))
    return mapping


def tag(generation: int) -> str:
    """Letters that mark generation ``generation``'s own words: '' for the first, else 'q' and the
    number in base 26 ('qb', 'qc', ...)."""
    letters = ""
    while generation:
        generation, digit = divmod(generation, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
    return "q" + letters if letters else ""


def renamed(text: str, mapping: dict[str, str]) -> str:
    """``text`` with each word replaced by its image under ``mapping``, written in the word's case
    (all capitals, a capital first, or lower case)."""
    def one(match: re.Match[str]) -> str:
        word = match.group()
        image = mapping.get(word.lower(), word)
        if len(word) > 1 and word.isupper():
            return image.upper()
        return image[:1].upper() + image[1:] if word[0].isupper() else image
    return WORD.sub(one, text)


def perturbed(text: str, vocabulary: list[str], rng: random.Random) -> str:
    """``text`` with SWAP_SHARE of its words (chosen by ``rng``) replaced by random corpus words."""
    words = text.split(" ")
    for k in rng.sample(range(len(words)), int(len(words) * SWAP_SHARE)):
        words[k] = rng.choice(vocabulary)
    return " ".join(words)


def write_corpus(folder: Path, size: int, replicas: str = "years") -> Path:
    """The corpus of ``size`` records (built as ``replicas`` says) as one JSONL file, or past
    SHARD_RECORDS a folder of JSONL files of that many records each, read in name order (the same
    articles in the same order)."""
    records = corpus_records(size, replicas)
    if size <= SHARD_RECORDS:
        path = folder / f"spark-scale-{size}.jsonl"
        path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
        return path
    shards = folder / f"spark-scale-{size}"
    shards.mkdir()
    for number, first in enumerate(range(0, size, SHARD_RECORDS)):
        (shards / f"part-{number:03d}.jsonl").write_text(
            "".join(json.dumps(record) + "\n" for record in records[first:first + SHARD_RECORDS]), encoding="utf-8")
    return shards


# --- One measurement (a fresh interpreter) -------------------------------------------------------

def worker(engine: str, path: str, semantic: bool, report_path: str) -> None:
    """Analyse ``path`` with ``engine`` ('in-process' or a Spark master URL); print the figures as JSON."""
    from crosswire.engine import local as pipeline
    from crosswire.report.writers import write_report_json
    from crosswire.settings import Settings

    settings = Settings(semantic=semantic)
    started = time.perf_counter()
    stages: dict[str, float] = {}
    if engine == "in-process":
        session_s = 0.0
        clock = StageClock()
        started = time.perf_counter()
        report = pipeline.analyze_paths([path], settings, clock)
        stages = clock.finish()
    else:
        from crosswire.engine import spark as engine_spark

        spark = engine_spark.spark_session(engine)
        session_s = time.perf_counter() - started
        clock = StageClock()
        started = time.perf_counter()
        # the engine's task counts ("tasks", polled beside the stages) are not a stage of their own
        report = engine_spark.analyze_paths([path], settings, spark=spark,
                                            progress=lambda stage, done, total: stage == "tasks" or clock(stage, done, total)).report
        stages = clock.finish()
    wall = time.perf_counter() - started
    peaks = process_peaks_mb()
    if not report.articles:
        raise SystemExit(f"{engine} read no article from {path}: {[str(p) for p in report.problems[:3]]}")
    with open(report_path, "w", encoding="utf-8") as out:  # streamed: the text of 100k articles is never held whole
        write_report_json(report, out)
    digest = hashlib.sha256()
    folder = str(Path(path).resolve().parent if Path(path).is_file() else Path(path).resolve()).encode()
    with open(report_path, "rb") as written:  # read line by line: the report is indented JSON
        for line in written:
            digest.update(line.replace(folder, b"<corpus>"))
    cpu = os.times()
    print(json.dumps({"wall_s": round(wall, 2), "session_s": round(session_s, 2), "articles": len(report.articles),
                      "stories": len(report.stories), "cpu_s_driver": round(cpu.user + cpu.system, 1),
                      "cpu_s_with_workers": round(cpu.user + cpu.system + cpu.children_user + cpu.children_system, 1),
                      "stage_wall_s": stages, "report_sha256": digest.hexdigest(), **peaks}))


def process_peaks_mb() -> dict[str, float]:
    """The peak resident memory (MB, the kernel's high-water mark) of this driver interpreter and of
    its Java child (Spark's JVM: a ``local`` master's driver and executors; absent in-process), so
    that the driver's own share of the tree's peak shows."""
    peaks = {"driver_peak_mb": high_water_mb(os.getpid())}
    for pid in child_pids(os.getpid()):
        try:
            with open(f"/proc/{pid}/comm", encoding="utf-8") as handle:
                if handle.read().strip() == "java":
                    peaks["jvm_peak_mb"] = high_water_mb(pid)
        except OSError:
            continue
    return peaks


def high_water_mb(pid: int) -> float:
    """Process ``pid``'s peak resident size (VmHWM), in MB."""
    with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
        kilobytes = next(int(line.split()[1]) for line in handle if line.startswith("VmHWM:"))
    return round(kilobytes / 1024, 1)


def child_pids(pid: int) -> list[int]:
    """The direct children of process ``pid`` (from /proc/<pid>/task/*/children)."""
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="utf-8") as handle:
                found += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


def tree_memory_mb(root: int) -> tuple[float, float]:
    """Memory (MB) of process ``root`` and all its descendants, read from /proc: the sum of their
    resident sizes, and of their proportional sizes (PSS: a page shared by k of them counts 1/k,
    so forked workers sharing their parent's pages are not counted twice)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    rss, pss, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/statm", encoding="utf-8") as handle:
                rss += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
                pss += next(int(line.split()[1]) for line in handle if line.startswith("Pss:")) * 1024
        except (OSError, IndexError, ValueError, StopIteration):
            continue
    return rss / 2**20, pss / 2**20


def measure(engine: str, path: Path, semantic: bool, report_path: Path) -> dict:
    """Run one worker, sampling its process tree's memory; its figures plus ``peak_mb``."""
    command = [sys.executable, __file__, "--worker", engine, str(path), str(report_path)]
    if not semantic:
        command.append("--no-semantic")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0, 0.0]  # resident, proportional
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_S):
            peak[:] = [max(p, m) for p, m in zip(peak, tree_memory_mb(process.pid))]
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        fatal = "".join(line for line in err.splitlines(keepends=True) if "OutOfMemoryError" in line)[:2000]
        raise SystemExit(f"{engine} on {path.name} failed:\n{fatal}{err[-3000:]}")  # an early JVM error, then the end
    figures = json.loads(out.strip().splitlines()[-1])
    figures["peak_mb"], figures["peak_pss_mb"] = round(peak[0], 1), round(peak[1], 1)
    figures["articles_per_s"] = round(figures["articles"] / figures["wall_s"], 1)
    return figures


# --- The table -----------------------------------------------------------------------------------

def exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) on log(size); None with fewer than two sizes."""
    if len(points) < 2:
        return None
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs), 3)


def main() -> None:
    """Build each corpus, run every engine on it (within the budget), print and store one table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,50000,100000", help="Corpus sizes, comma-separated.")
    parser.add_argument("--masters", default="local[1],local[2]",
                        help="Spark masters, comma-separated; MASTER@SIZE+SIZE runs one at those sizes only.")
    parser.add_argument("--no-semantic", action="store_true", help="Cluster without sentence embeddings.")
    parser.add_argument("--replicas", choices=REPLICAS, default="years",
                        help="How replicas are built: years (new events, the default), renamed or copies (edited copies).")
    parser.add_argument("--budget-s", type=float, default=None, help="Start no run after this many seconds.")
    parser.add_argument("--merge-from", type=Path, default=None,
                        help="An earlier results file (same mode) whose rows for sizes and engines not run now are kept.")
    parser.add_argument("--worker", nargs=3, metavar=("ENGINE", "PATH", "REPORT"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    semantic = not options.no_semantic
    if options.worker:
        worker(*options.worker[:2], semantic, options.worker[2])
        return
    sizes = [int(s) for s in options.sizes.split(",")]
    masters = [m.partition("@") for m in options.masters.split(",") if m]
    engines = ["in-process", *[m for m, _, _ in masters]]
    only = {m: {int(n) for n in at.split("+")} for m, _, at in masters if at}
    started, runs, skipped = time.perf_counter(), earlier_runs(options.merge_from, semantic, options.replicas), []
    with tempfile.TemporaryDirectory() as scratch:
        corpora: dict[int, Path] = {}
        for engine in engines:  # the in-process engine at every size first: Spark's rows compare with it
            for size in sizes:
                if any(r["articles_in"] == size and r["engine"] == engine for r in runs) or size not in only.get(engine, {size}):
                    continue  # measured by the earlier run merged in, or not asked for
                if options.budget_s is not None and time.perf_counter() - started > options.budget_s:
                    skipped.append({"articles": size, "engine": engine})
                    continue
                if size not in corpora:
                    corpora[size] = write_corpus(Path(scratch), size, options.replicas)
                path = corpora[size]
                report_path = Path(scratch) / f"report-{size}-{engine}.json"
                figures = {"articles_in": size, "engine": engine, **measure(engine, path, semantic, report_path)}
                figures["same_report"] = same_report(report_path, Path(scratch) / f"report-{size}-in-process.json",
                                                     [r for r in runs if r["articles_in"] == size and r["engine"] == "in-process"],
                                                     figures["report_sha256"])
                runs.append(figures)
                print(f"{engine} {size}: {figures}", file=sys.stderr, flush=True)
                store(runs, [], sizes, semantic, options.replicas, partial=True)  # a long run that is stopped keeps what it measured
    store(runs, skipped, sizes, semantic, options.replicas)


def same_report(report: Path, reference: Path, in_process: list[dict], digest: str) -> bool | None:
    """Whether ``report`` equals the in-process engine's at its size: byte for byte when that report
    was written by this run (``reference``), else by ``report_sha256`` when an in-process row of an
    earlier run was merged in (the hash writes the corpus folder ``<corpus>``); None without either."""
    if reference.exists():
        return report.read_text(encoding="utf-8") == reference.read_text(encoding="utf-8")
    return digest == in_process[0]["report_sha256"] if in_process else None


def earlier_runs(path: Path | None, semantic: bool, replicas: str) -> list[dict]:
    """The rows of an earlier results file (``--merge-from``), each marked with when it was measured;
    rows that read no article are left out. A file of the other mode or construction is refused."""
    if path is None:
        return []
    earlier = json.loads(path.read_text(encoding="utf-8"))
    if earlier.get("semantic") != semantic:
        raise SystemExit(f"{path}: its runs were measured with semantic {earlier.get('semantic')}, this run {semantic}")
    if earlier.get("replicas", "copies") != replicas:  # files without the field predate ``years``
        raise SystemExit(f"{path}: its corpus has replicas {earlier.get('replicas', 'copies')}, this run {replicas}")
    return [{**r, "measured_at": r.get("measured_at", earlier["measured_at"])} for r in earlier["runs"] if r["articles"]]


def store(runs: list[dict], skipped: list[dict], sizes: list[int], semantic: bool, replicas: str,
          partial: bool = False) -> None:
    """Print the table of the runs so far and write them to the results file (``partial``: more to come)."""
    engines = list(dict.fromkeys(r["engine"] for r in runs))
    growth = {engine: exponent([(r["articles_in"], r["wall_s"]) for r in runs if r["engine"] == engine])
              for engine in engines}
    cpu_growth = {engine: exponent([(r["articles_in"], r["cpu_s_with_workers"]) for r in runs if r["engine"] == engine])
                  for engine in engines}
    rows = [[r["engine"], r["articles_in"], r["stories"], r["session_s"], r["wall_s"], r["cpu_s_with_workers"],
             r["articles_per_s"], r["peak_mb"], r.get("peak_pss_mb", "-"),
             r.get("driver_peak_mb", "-"), r.get("jvm_peak_mb", "-"), r["same_report"], growth[r["engine"]], cpu_growth[r["engine"]]]
            for r in runs]
    rows += [[s["engine"], s["articles"], "-", "-", "not measured", *["-"] * 9] for s in skipped]
    print_table(f"Spark vs in-process on Multi-News dev + perturbed replicas ({replicas}; semantic {semantic})",
                ["engine", "articles", "stories", "session s", "wall s", "cpu s", "articles/s", "peak MB (tree RSS)",
                 "peak MB (tree PSS)", "driver peak MB", "JVM peak MB", "same report", "growth exponent", "cpu growth exponent"], rows)
    name = ("spark_scale" if semantic else "spark_scale_fast") + ("" if replicas == "copies" else f"_{replicas}")
    write_results(name, {
        "partial": partial, "corpus": "multi-news-dev documents + perturbed replicas", "replicas": replicas,
        "swap_share": SWAP_SHARE, "semantic": semantic,
        "sizes": sizes, "engines": engines, "runs": runs, "not_measured": skipped, "growth_exponent": growth,
        "cpu_growth_exponent": cpu_growth,
        "targets": {"growth_exponent_max": TARGET_EXPONENT, "in_process_100k_s": TARGET_100K_S,
                    "in_process_100k_mb": TARGET_100K_MB, "spark_local2_vs_in_process_max": TARGET_SPARK_RATIO}})


if __name__ == "__main__":
    main()
