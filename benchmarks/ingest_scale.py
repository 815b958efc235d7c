"""Ingest at scale: `crosswire ingest` in batches into one growing database, beside `analyze`.

Run: nice -n 10 .venv/bin/python benchmarks/ingest_scale.py [--batches 10] [--batch 3000] [--fast] [--keep DIR]

Real Multi-News dev articles (about 4,000 documents in 1,500 clusters), then perturbed replicas of
them beyond that (each copy loses a random 15% of its words and is dated two years later per
round of copies, as benchmarks/cluster_scale.py makes them), written as JSON-lines files of
``--batch`` records. Each file is ingested by its own ``crosswire ingest`` process into one
database (each in a fresh process, through ``ingest_paths`` as the command runs it), so every
batch pays what a user's next ingest pays (opening the store, loading the
incremental state). Per batch: seconds, CPU seconds, articles/s, the seconds spent loading the stored
state (the part that grows with the collection), the process's peak memory, the database's size.
In the same run, ``crosswire analyze`` of all the articles at once is the baseline, and its stories
are compared with the database's (B-cubed F1, analyze's stories as the gold). Targets (issue 18):
the last batch takes at most 1.3x the first; every batch at least 0.5x analyze's articles/s; peak
memory at most 1.5 GB; B-cubed at least 0.98.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, data_dir, print_table, write_results

DROP_WORDS = 0.15  # share of words a replica loses (as benchmarks/cluster_scale.py)
REPLICA_SHIFT_DAYS = 730  # each round of replicas is dated this much later: a new "year" of news
MEMORY = "CROSSWIRE_PEAK_MB="  # the child prints its peak memory after this marker


def corpus(size: int, seed: int = 0) -> list[dict]:
    """``size`` JSON records: the Multi-News dev documents in file order, then perturbed replicas.

    A record's date comes from its cluster's number (one cluster every 4 hours), so reports of one
    event fall within two days of each other and events spread over the months.
    """
    clusters = []
    with open(data_dir("multi-news-dev") / "dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            docs = [d for d in json.loads(line)["raw_document"] if len(d.split()) > 30]
            if docs:
                clusters.append(docs)
    rng, start, records = random.Random(seed), datetime(2016, 1, 1), []
    copy = 0
    while len(records) < size:
        for c, docs in enumerate(clusters):
            base = start + timedelta(hours=4 * c, days=REPLICA_SHIFT_DAYS * copy)
            for n, doc in enumerate(docs):
                words = doc.split() if copy == 0 else [w for w in doc.split() if rng.random() > DROP_WORDS]
                published = (base + timedelta(hours=rng.randint(0, 40))).isoformat(timespec="seconds")
                records.append({"id": f"m{copy}-{c}-{n}", "title": " ".join(words[:12]),
                                "text": " ".join(words[12:]), "published": published})
                if len(records) >= size:
                    return records
        copy += 1
    return records


def write_batches(records: list[dict], batch: int, folder: Path) -> list[Path]:
    """The records as JSON-lines files of ``batch`` records each."""
    files = []
    for k in range(0, len(records), batch):
        path = folder / f"batch{k // batch + 1:02d}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records[k:k + batch]), encoding="utf-8")
        files.append(path)
    return files


# The child: `crosswire analyze` through the CLI; an ingest through ingest_paths, the function
# `crosswire ingest` calls (so that the same script times versions whose CLI had no --no-semantic).
# An ingest also prints the seconds it spent loading the stored state (LOADMARK), the share of its
# cost that grows with the collection, and the stories it completed again and their articles
# (TOUCHMARK; 0 from a version without the count): the per-story stage's work, which grows with
# the stories the batch touches (each round of replicas joins the stories of the earlier rounds).
_CHILD = """import resource, runpy, sys, time
try:
    if sys.argv[1] == "ingest":
        from crosswire.settings import Settings
        from crosswire.engine import incremental
        load = incremental._IngestState.load.__func__
        def timed(cls, *args, **kwargs):
            began = time.perf_counter()
            try:
                return load(cls, *args, **kwargs)
            finally:
                print("LOADMARK%.2f" % (time.perf_counter() - began), file=sys.stderr)
        incremental._IngestState.load = classmethod(timed)
        done = incremental.ingest_paths(sys.argv[4], [sys.argv[2]], Settings(semantic="--no-semantic" not in sys.argv))
        print("TOUCHMARK%d %d" % (done.touched_stories, getattr(done, "touched_articles", 0)), file=sys.stderr)
    else:
        sys.argv = ["crosswire"] + sys.argv[1:]
        runpy.run_module("crosswire.cli", run_name="__main__")
finally:
    print("MARK%.1f" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), file=sys.stderr)
    print("WORKERMARK%.1f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024), file=sys.stderr)
"""
LOAD = "CROSSWIRE_LOAD_S="
TOUCHED = "CROSSWIRE_TOUCHED="
WORKER = "CROSSWIRE_WORKER_PEAK_MB="  # the largest of the child's own worker processes (embedding, stories, alignment)


def run_cli(args: list[str]) -> tuple[float, float, float, float, list[int], float]:
    """Run one crosswire command in a fresh process; return its seconds, its CPU seconds (its own and
    its workers': steadier than wall time on a shared machine), its peak memory (MB) and, for an
    ingest, the seconds it spent loading the stored state (0 for analyze) and [stories touched,
    their articles] (empty for analyze), and its largest worker process's peak memory (MB)."""
    code = _CHILD.replace("LOADMARK", LOAD).replace("TOUCHMARK", TOUCHED).replace("WORKERMARK", WORKER).replace("MARK", MEMORY)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    began, used = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)
    seconds, cpu = time.perf_counter() - began, _children_cpu() - used
    if done.returncode not in (0, 3):
        sys.exit(f"crosswire {' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    peak = [float(line.split("=", 1)[1]) for line in done.stderr.splitlines() if line.startswith(MEMORY)]
    loaded = [float(line.split("=", 1)[1]) for line in done.stderr.splitlines() if line.startswith(LOAD)]
    touched = [[int(n) for n in line.split("=", 1)[1].split()] for line in done.stderr.splitlines()
               if line.startswith(TOUCHED)]
    workers = [float(line.split("=", 1)[1]) for line in done.stderr.splitlines() if line.startswith(WORKER)]
    return seconds, cpu, peak[-1] if peak else 0.0, sum(loaded), touched[-1] if touched else [], \
        workers[-1] if workers else 0.0


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stories_of_report(path: Path) -> dict[str, str]:
    """Article id -> story id of an analyze report."""
    report = json.loads(path.read_text(encoding="utf-8"))
    return {a: s["id"] for s in report["stories"] for a in s["articles"]}


def stories_of_db(db: Path) -> dict[str, str]:
    """Article id -> story id of a database."""
    from crosswire.store.db import open_store

    with open_store(db, read_only=True) as store:
        return {a: s.id for s in store.all_stories() for a in s.articles}


def disagreements(ingested: dict[str, str], analyzed: dict[str, str], limit: int = 10) -> dict[str, list]:
    """Where the database's stories and analyze's differ, largest first (ids and counts only): analyze
    stories whose articles the ingest split over several stories, and ingest stories that hold
    articles of several analyze stories; each as [story id, its articles, the other side's story
    ids with how many of its articles each holds]. What B-cubed summarises, for looking into it."""
    def spread(mine: dict[str, str], other: dict[str, str]) -> list:
        groups: dict[str, dict[str, int]] = {}
        for article, story in mine.items():
            counts = groups.setdefault(story, {})
            counts[other.get(article, "-")] = counts.get(other.get(article, "-"), 0) + 1
        mixed = [[story, sum(counts.values()), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
                 for story, counts in groups.items() if len(counts) > 1]
        return sorted(mixed, key=lambda row: (-row[1], row[0]))[:limit]
    return {"analyze_stories_split": spread(analyzed, ingested), "ingest_stories_mixed": spread(ingested, analyzed)}


def multi_news_events(stories: dict[str, str]) -> dict[str, str]:
    """Article id -> its Multi-News cluster, all copies together (ids are ``m<copy>-<cluster>-<n>``):
    the source data's own events, against which both ingest's and analyze's stories are scored, so
    that a disagreement between the two can be told apart from an error of either."""
    return {article: article.split("-")[1] for article in stories}


def result_name(batch: int, fast: bool, batches: int = 10) -> str:
    """The results file's name: batches of 1,000 keep the first name (``ingest_scale``), other
    batch sizes add theirs (``ingest_scale_b3000``), so that runs of both sizes are kept; a run of
    other than 10 batches adds its count (``ingest_scale_b3000_n4``), so that a shorter check
    never replaces the issue's full run."""
    return "ingest_scale" + ("" if batch == 1000 else f"_b{batch}") + ("" if batches == 10 else f"_n{batches}") + \
        ("_fast" if fast else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--batch", type=int, default=3000)
    parser.add_argument("--fast", action="store_true", help="no semantic signal (Settings.semantic off)")
    parser.add_argument("--keep", type=Path, help="copy the database and analyze's report into this folder")
    options = parser.parse_args()
    from clustering import bcubed

    mode = ["--no-semantic"] if options.fast else []
    records = corpus(options.batches * options.batch)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_batches(records, options.batch, folder)
        db, report = folder / "news.duckdb", folder / "report.json"
        batches = []
        for n, path in enumerate(files, start=1):  # first, so that a run cut short still printed its batches
            seconds, cpu, peak, load_s, touched, worker_mb = run_cli(["ingest", str(path), "--db", str(db), "-q", *mode])
            size = min(n * options.batch, len(records))
            batches.append({"batch": n, "stored": size, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                            "articles_per_s": round(options.batch / seconds, 1),
                            "articles_per_cpu_s": round(options.batch / cpu, 1),
                            "load_state_s": round(load_s, 2), "peak_memory_mb": peak, "worker_peak_mb": worker_mb, "db_mb": round(db.stat().st_size / 2**20, 1),
                            "touched_stories": touched[0] if touched else None,
                            "touched_articles": touched[1] if touched else None})
            print(f"batch {n}: {seconds:.1f} s, {cpu:.1f} CPU s, load {load_s:.1f} s, peak {peak:.0f} MB, "
                  f"touched {touched}", flush=True)
        analyze_s, analyze_cpu, analyze_mb, _, _, analyze_worker_mb = run_cli(["analyze", *map(str, files), "--json", str(report), "-q", *mode])
        analyze_rate, analyze_cpu_rate = len(records) / analyze_s, len(records) / analyze_cpu
        print(f"analyze: {analyze_s:.1f} s, {analyze_cpu:.1f} CPU s, peak {analyze_mb:.0f} MB", flush=True)
        rows = [[b["batch"], b["stored"], b["seconds"], b["cpu_seconds"], b["load_state_s"], round(b["articles_per_s"] / analyze_rate, 2),
                 round(b["articles_per_cpu_s"] / analyze_cpu_rate, 2), b["peak_memory_mb"], b["worker_peak_mb"], b["db_mb"],
                 b["touched_stories"], b["touched_articles"]]
                for b in batches]
        ingested, analyzed = stories_of_db(db), stories_of_report(report)
        precision, recall, f1 = bcubed(ingested, analyzed)
        differ = disagreements(ingested, analyzed)
        against_events = {name: round(bcubed(found, multi_news_events(found))[2], 4)
                          for name, found in (("ingest", ingested), ("analyze", analyzed))}
        if options.keep:
            options.keep.mkdir(parents=True, exist_ok=True)
            for path in (db, report):
                shutil.copy(path, options.keep / path.name)
    print_table(f"crosswire ingest, {options.batches} batches of {options.batch} into one database "
                f"({'fast' if options.fast else 'semantic'} mode)",
                ["batch", "stored", "s", "CPU s", "load s", "x analyze", "x analyze (CPU)", "peak MB", "worker MB", "db MB",
                 "stories touched", "their articles"], rows)
    print_table("baseline: crosswire analyze of all the articles at once, same run",
                ["articles", "s", "CPU s", "articles/s", "peak MB", "worker MB"],
                [[len(records), round(analyze_s, 1), round(analyze_cpu, 1), round(analyze_rate, 1), analyze_mb,
                  analyze_worker_mb]])
    last_vs_first = batches[-1]["seconds"] / batches[0]["seconds"]
    cpu_last_vs_first = batches[-1]["cpu_seconds"] / batches[0]["cpu_seconds"]
    slowest = min(b["articles_per_s"] for b in batches) / analyze_rate
    print(f"\nlast batch / first: {last_vs_first:.2f} wall, {cpu_last_vs_first:.2f} CPU (target <= 1.3); "
          f"slowest batch / analyze: {slowest:.2f} "
          f"(target >= 0.5); peak {max(b['peak_memory_mb'] for b in batches):.0f} MB (target <= 1536); "
          f"B-cubed against analyze: {f1:.3f} (target >= 0.98; precision {precision:.3f}, recall {recall:.3f})")
    write_results(result_name(options.batch, options.fast, options.batches), {
        "batches": batches, "batch": options.batch, "semantic": not options.fast,
        "analyze": {"articles": len(records), "seconds": round(analyze_s, 1), "cpu_seconds": round(analyze_cpu, 1),
                    "articles_per_s": round(analyze_rate, 1), "peak_memory_mb": analyze_mb,
                    "worker_peak_mb": analyze_worker_mb},
        "last_over_first": round(last_vs_first, 2), "cpu_last_over_first": round(cpu_last_vs_first, 2), "slowest_over_analyze": round(slowest, 2),
        "bcubed_f1_vs_analyze": round(f1, 4), "bcubed_precision_vs_analyze": round(precision, 4),
        "bcubed_recall_vs_analyze": round(recall, 4), "bcubed_f1_vs_multi_news_clusters": against_events,
        "disagreements": differ})


if __name__ == "__main__":
    main()
