"""Spark engine against the in-process engine as the corpus grows: the same report, and what each costs.

The corpus is real news: the Multi-News dev documents (``../shared/data/multi-news-dev``, read as
benchmarks/throughput.py reads them), given publication dates, plus perturbed replicas to reach
each size. A replica gets a new id, a date REPLICA_DAYS later per generation and SWAP_SHARE of
its words replaced by words drawn from the corpus (seeded by its id), so it is an edited copy,
not a verbatim one: provenance has to align it and clustering to place it. Each size is written
as JSONL records without ``story`` (every stage runs, clustering included), in one file or past
SHARD_RECORDS in a folder of files.

Each engine runs in a fresh interpreter per size (``--worker``), the in-process engine at every
size before Spark (so that a budget spends itself on the reference first): the in-process engine
(``pipeline.analyze_paths``) and Spark on each ``--masters`` URL (``engine_spark.analyze_paths``;
the session is started before the clock and its start-up reported apart). The parent samples
the resident memory of the worker and all its descendants (Spark's JVM and Python workers
included) every SAMPLE_S and keeps the peak of the sum, of resident sizes (RSS: a page that forked
workers share with their parent counts in each) and of proportional ones (PSS: counted once). It
prints one table: articles, stories, wall s, articles/s, peak MB (RSS and PSS), whether the
report equals the in-process one (JSON, byte for byte), and per engine the growth exponent of wall time with size (least squares on log-log over the
sizes measured). ``--budget-s`` stops starting runs once that much time is spent; what was not
measured is listed, not guessed. Figures go to benchmarks/results/spark_scale.json, or with
``--no-semantic`` (clustering without sentence embeddings, the fast mode) spark_scale_fast.json.
``cpu_s_with_workers`` is the worker interpreter's CPU time plus that of its finished child
processes (the in-process engine's alignment and story workers; not Spark's JVM, which outlives
the measurement): on a shared machine it compares runs better than wall time. ``stage_wall_s``
splits each engine's wall time by stage (its progress callback). ``report_sha256`` is
the hash of the JSON report with the corpus's folder (a fresh temporary one per run, which every
article's ``source_path`` names) written ``<corpus>``, so that runs of one size compare across runs.

    nice -n 10 .venv/bin/python benchmarks/spark_scale.py [--sizes 10000,50000,100000]
        [--masters local[1],local[2]] [--no-semantic] [--budget-s 1500]
    (``--masters ''``: the in-process engine only)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, write_results
from throughput import StageClock, load_articles

# Share of a replica's words replaced by corpus words: enough that a replica is an edited copy
# (its word 3-gram overlap with the original is about (1 - 0.1)^3 = 0.73), not a verbatim one.
SWAP_SHARE = 0.1
# A replica of generation g is dated g x REPLICA_DAYS after its original (inside clustering's time
# window, so replicas still meet their originals as candidates).
REPLICA_DAYS = 2
FIRST_DAY = date(2016, 1, 4)  # originals are dated FIRST_DAY + (their Multi-News cluster number mod 360) days
SAMPLE_S = 0.5  # memory sampling period
# Records per corpus file: 50,000 records of ~1 KB stay under Settings.max_file_bytes (50 MB), which
# a 100,000-record file passed (it was refused, and the run read nothing).
SHARD_RECORDS = 50_000
# Targets of issue 19.
TARGET_EXPONENT = 1.15
TARGET_100K_S, TARGET_100K_MB = 360.0, 4096.0
TARGET_SPARK_RATIO = 2.0


# --- The corpus ----------------------------------------------------------------------------------

def corpus_records(size: int) -> list[dict[str, str]]:
    """``size`` records: the dev documents, then replicas of them (generation 1, 2, ...) in order."""
    base = load_articles(None)
    vocabulary = sorted({w for _, _, text in base for w in text.split() if w.isalpha()})
    records = []
    for n in range(size):
        article_id, cluster, text = base[n % len(base)]
        generation = n // len(base)
        day = FIRST_DAY + timedelta(days=int(cluster) % 360 + generation * REPLICA_DAYS)
        if generation:
            article_id = f"{article_id}-r{generation}"
            text = perturbed(text, vocabulary, random.Random(zlib.crc32(article_id.encode())))
        records.append({"id": article_id, "text": text, "published": day.isoformat()})
    return records


def perturbed(text: str, vocabulary: list[str], rng: random.Random) -> str:
    """``text`` with SWAP_SHARE of its words (chosen by ``rng``) replaced by random corpus words."""
    words = text.split(" ")
    for k in rng.sample(range(len(words)), int(len(words) * SWAP_SHARE)):
        words[k] = rng.choice(vocabulary)
    return " ".join(words)


def write_corpus(folder: Path, size: int) -> Path:
    """The corpus of ``size`` records as one JSONL file, or past SHARD_RECORDS a folder of JSONL
    files of that many records each, read in name order (the same articles in the same order)."""
    records = corpus_records(size)
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
                      "stage_wall_s": stages, "report_sha256": digest.hexdigest()}))


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
        raise SystemExit(f"{engine} on {path.name} failed:\n{err[-3000:]}")
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
    parser.add_argument("--masters", default="local[1],local[2]", help="Spark masters, comma-separated.")
    parser.add_argument("--no-semantic", action="store_true", help="Cluster without sentence embeddings.")
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
    engines = ["in-process", *[m for m in options.masters.split(",") if m]]
    started, runs, skipped = time.perf_counter(), earlier_runs(options.merge_from, semantic), []
    with tempfile.TemporaryDirectory() as scratch:
        corpora: dict[int, Path] = {}
        for engine in engines:  # the in-process engine at every size first: Spark's rows compare with it
            for size in sizes:
                if any(r["articles_in"] == size and r["engine"] == engine for r in runs):
                    continue  # measured by the earlier run merged in
                if options.budget_s is not None and time.perf_counter() - started > options.budget_s:
                    skipped.append({"articles": size, "engine": engine})
                    continue
                if size not in corpora:
                    corpora[size] = write_corpus(Path(scratch), size)
                path = corpora[size]
                report_path = Path(scratch) / f"report-{size}-{engine}.json"
                figures = {"articles_in": size, "engine": engine, **measure(engine, path, semantic, report_path)}
                reference = Path(scratch) / f"report-{size}-in-process.json"
                figures["same_report"] = (None if not reference.exists() else
                                          report_path.read_text(encoding="utf-8") == reference.read_text(encoding="utf-8"))
                runs.append(figures)
                print(f"{engine} {size}: {figures}", file=sys.stderr, flush=True)
                store(runs, [], sizes, semantic, partial=True)  # a long run that is stopped keeps what it measured
    store(runs, skipped, sizes, semantic)


def earlier_runs(path: Path | None, semantic: bool) -> list[dict]:
    """The rows of an earlier results file (``--merge-from``), each marked with when it was measured;
    rows that read no article are left out. A file of the other mode is refused."""
    if path is None:
        return []
    earlier = json.loads(path.read_text(encoding="utf-8"))
    if earlier.get("semantic") != semantic:
        raise SystemExit(f"{path}: its runs were measured with semantic {earlier.get('semantic')}, this run {semantic}")
    return [{**r, "measured_at": r.get("measured_at", earlier["measured_at"])} for r in earlier["runs"] if r["articles"]]


def store(runs: list[dict], skipped: list[dict], sizes: list[int], semantic: bool, partial: bool = False) -> None:
    """Print the table of the runs so far and write them to the results file (``partial``: more to come)."""
    engines = list(dict.fromkeys(r["engine"] for r in runs))
    growth = {engine: exponent([(r["articles_in"], r["wall_s"]) for r in runs if r["engine"] == engine])
              for engine in engines}
    cpu_growth = {engine: exponent([(r["articles_in"], r["cpu_s_with_workers"]) for r in runs if r["engine"] == engine])
                  for engine in engines}
    rows = [[r["engine"], r["articles_in"], r["stories"], r["session_s"], r["wall_s"], r["cpu_s_with_workers"],
             r["articles_per_s"], r["peak_mb"], r.get("peak_pss_mb", "-"), r["same_report"], growth[r["engine"]], cpu_growth[r["engine"]]]
            for r in runs]
    rows += [[s["engine"], s["articles"], "-", "-", "not measured", *["-"] * 7] for s in skipped]
    print_table(f"Spark vs in-process on Multi-News dev + perturbed replicas (semantic {semantic})",
                ["engine", "articles", "stories", "session s", "wall s", "cpu s", "articles/s", "peak MB (tree RSS)",
                 "peak MB (tree PSS)", "same report", "growth exponent", "cpu growth exponent"], rows)
    write_results("spark_scale" if semantic else "spark_scale_fast", {
        "partial": partial, "corpus": "multi-news-dev documents + perturbed replicas", "swap_share": SWAP_SHARE, "semantic": semantic,
        "sizes": sizes, "engines": engines, "runs": runs, "not_measured": skipped, "growth_exponent": growth,
        "cpu_growth_exponent": cpu_growth,
        "targets": {"growth_exponent_max": TARGET_EXPONENT, "in_process_100k_s": TARGET_100K_S,
                    "in_process_100k_mb": TARGET_100K_MB, "spark_local2_vs_in_process_max": TARGET_SPARK_RATIO}})


if __name__ == "__main__":
    main()
