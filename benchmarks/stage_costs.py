"""Where the in-process engine's time goes: CPU seconds per stage on the spark_scale corpus, per size.

The corpus is benchmarks/spark_scale.py's (Multi-News dev documents plus perturbed replicas, built
as its ``--replicas`` says: ``years``, the default, ``renamed`` or ``copies``). Each
size runs in a fresh interpreter (``--worker``) that calls the stages of ``engine.local`` one by one
and reads the CPU time (``os.times``: user + system of the process and of its finished children,
so the embedding workers count) around each: read, extract, provenance, embed (the title-and-lead
vectors; ``cluster_stories`` then finds them in the embedding cache), cluster (the rest of
clustering), stories (entities, facts, briefing; one process, so that its CPU is counted whole)
and report (the JSON text). CPU seconds, not wall: this machine's two cores are shared, and CPU
time is what a quiet machine's wall time would be per core.

It prints, per stage, CPU ms per article at each size and the growth exponent of its CPU time with
size (least squares on log-log), the report's SHA-256 per size with the corpus file's path replaced
by ``<corpus>`` (the scratch folder differs per run; the hash compares code versions), and the
arithmetic of what 100,000 articles cost at the largest size's per-article rates (the stage costs
times 100,000, over the cores the parallel stages use) against issue 19's 6-minute target.
Figures go to benchmarks/results/stage_costs.json (``_fast`` with ``--no-semantic``, then
``_years`` or ``_renamed`` unless the replicas are ``copies``).

    nice -n 10 .venv/bin/python benchmarks/stage_costs.py [--sizes 2000,5000] [--no-semantic]
        [--replicas years|renamed|copies]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, write_results
from spark_scale import REPLICAS, TARGET_100K_S, exponent, write_corpus

STAGES = ("read", "extract", "provenance", "embed", "cluster", "stories", "report")
# Stages that run in worker processes, one per core, on a large corpus (embeddings.PARALLEL_MIN,
# engine.local.PARALLEL_MIN_STORIES); the others run in the calling process.
PARALLEL_STAGES = ("embed", "stories")
PROJECTED = 100_000
CORES = 2  # this project's machine


def _cpu() -> float:
    """CPU seconds of this process and its finished children so far."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def worker(path: str, semantic: bool) -> None:
    """Run every stage on ``path`` and print the CPU seconds of each, the counts and the report hash."""
    from crosswire import __version__
    from crosswire.engine import local
    from crosswire.extract import articles as extract
    from crosswire.ingest import sources as ingest
    from crosswire.records import Report
    from crosswire.report.writers import report_to_json
    from crosswire.settings import Settings
    from crosswire.stories import cluster
    from crosswire.stories.similarity import semantic_vectors

    settings = Settings(semantic=semantic, workers=1).validate()
    cpu: dict[str, float] = {}

    def timed(stage: str, run):  # type: ignore[no-untyped-def]
        started = _cpu()
        result = run()
        cpu[stage] = round(_cpu() - started, 3)
        return result

    documents, problems = timed("read", lambda: ingest.read_sources([path], settings, None))
    articles, bad = timed("extract", lambda: extract.extract_articles(documents))
    articles, duplicates = local.unique_ids(articles)
    links = timed("provenance", lambda: local.find_links(articles, settings))
    free = sorted((a for a in articles if not a.story_hint), key=lambda a: a.id)  # as cluster_stories embeds them
    timed("embed", lambda: semantic_vectors(free) if semantic else None)
    stories = timed("cluster", lambda: local.unique_story_ids(
        cluster.cluster_stories(articles, links, semantic=semantic)))
    by_id = {a.id: a for a in articles}
    timed("stories", lambda: local._complete_stories(stories, by_id, links, settings, local._no_progress))
    report = Report(__version__, articles, stories, list(problems) + bad + duplicates)
    text = timed("report", lambda: report_to_json(report))
    same_anywhere = text.replace(path, "<corpus>")  # the articles' source_path names the scratch file
    print(json.dumps({"articles": len(articles), "stories": len(stories), "links": len(links), "cpu_s": cpu,
                      "report_sha256": hashlib.sha256(same_anywhere.encode()).hexdigest()}))


def measure(path: Path, semantic: bool) -> dict:
    """One size in a fresh interpreter: its figures."""
    command = [sys.executable, __file__, "--worker", str(path)] + ([] if semantic else ["--no-semantic"])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"stage_costs worker on {path.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def projection(run: dict) -> dict:
    """CPU and ideal wall seconds for PROJECTED articles at ``run``'s per-article stage costs: the
    parallel stages spread over CORES, the others in one process (a lower bound on the wall time)."""
    per_article = {stage: run["cpu_s"][stage] / run["articles"] for stage in STAGES}
    serial = sum(v for s, v in per_article.items() if s not in PARALLEL_STAGES) * PROJECTED
    parallel = sum(v for s, v in per_article.items() if s in PARALLEL_STAGES) * PROJECTED
    return {"articles": PROJECTED, "cpu_s": round(serial + parallel, 1), "serial_s": round(serial, 1),
            "parallel_cpu_s": round(parallel, 1), "wall_s_at_best": round(serial + parallel / CORES, 1),
            "target_s": TARGET_100K_S, "cores": CORES}


def main() -> None:
    """Measure each size, print the per-stage table and the 100k arithmetic, store the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,5000", help="Corpus sizes, comma-separated.")
    parser.add_argument("--no-semantic", action="store_true", help="Cluster without sentence embeddings.")
    parser.add_argument("--replicas", choices=REPLICAS, default="years", help="spark_scale.py's replica construction.")
    parser.add_argument("--worker", metavar="PATH", help=argparse.SUPPRESS)
    options = parser.parse_args()
    semantic = not options.no_semantic
    if options.worker:
        worker(options.worker, semantic)
        return
    sizes = [int(s) for s in options.sizes.split(",")]
    runs = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            path = write_corpus(Path(scratch), size, options.replicas)
            started = time.perf_counter()
            runs.append({"articles_in": size, **measure(path, semantic), "wall_s": round(time.perf_counter() - started, 1)})
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            print(f"{size}: {runs[-1]}", file=sys.stderr, flush=True)
    growth = {stage: exponent([(r["articles"], max(r["cpu_s"][stage], 1e-3)) for r in runs]) for stage in STAGES}
    growth["total"] = exponent([(r["articles"], sum(r["cpu_s"].values())) for r in runs])
    rows = [[stage, *[round(1000 * r["cpu_s"][stage] / r["articles"], 2) for r in runs], growth[stage]]
            for stage in STAGES]
    rows.append(["total", *[round(1000 * sum(r["cpu_s"].values()) / r["articles"], 2) for r in runs], growth["total"]])
    print_table(f"CPU ms per article by stage (semantic {semantic}; growth exponent of CPU s with size)",
                ["stage", *[f"{r['articles']} articles" for r in runs], "exponent"], rows)
    last = projection(runs[-1])
    print(f"\n{PROJECTED:,} articles at the {runs[-1]['articles']:,}-article rates: {last['cpu_s']:.0f} CPU s; "
          f"at best {last['serial_s']:.0f} s in one process + {last['parallel_cpu_s']:.0f} / {CORES} s on {CORES} "
          f"cores = {last['wall_s_at_best']:.0f} s wall (target < {TARGET_100K_S:.0f} s)")
    for r in runs:
        print(f"report {r['articles']}: {r['report_sha256']}")
    name = ("stage_costs" if semantic else "stage_costs_fast") + ("" if options.replicas == "copies" else f"_{options.replicas}")
    write_results(name, {
        "corpus": "spark_scale.py's: multi-news-dev documents + perturbed replicas", "replicas": options.replicas,
        "semantic": semantic,
        "sizes": sizes, "runs": runs, "growth_exponent": growth, "projection": last})


if __name__ == "__main__":
    main()
