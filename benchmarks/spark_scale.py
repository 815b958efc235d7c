"""Spark engine against the in-process engine on real articles: the same report, and what each costs.

Reads the first ``--limit`` non-empty articles of ``../shared/data/multi-news-dev/dev.jsonl`` (as
benchmarks/throughput.py does), writes them as crosswire JSONL records without ``story`` (so
every stage runs, clustering included) and analyses them with both engines in this process:
``pipeline.analyze_paths`` and ``engine_spark.analyze_paths`` on ``--master`` (one session,
started before the clock). It prints one table: wall time, articles/s, stories, and whether the
two reports agree, field by field (articles, stories, origins, reuse links, facts, briefings)
and as whole JSON documents. Figures go to benchmarks/results/spark_scale.json.

    nice -n 10 .venv/bin/python benchmarks/spark_scale.py [--limit 2000] [--master local[2]] [--no-semantic]

Not yet here (issue 19): the 10k/50k/100k replica corpus and the growth exponent.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import print_table, write_results
from throughput import load_articles, write_corpus

FIELDS = ("articles", "origins", "reuse", "entities", "facts", "briefing")


def agreement(local: dict, spark: dict) -> dict[str, bool]:
    """Which parts of two JSON reports are identical: the articles, then each story field, then all."""
    same = {"articles": local["articles"] == spark["articles"]}
    stories = [{s["id"]: s for s in report["stories"]} for report in (local, spark)]
    same["story ids"] = list(stories[0]) == list(stories[1])
    for name in FIELDS[1:]:
        same[name] = all(stories[1].get(i, {}).get(name) == s.get(name) for i, s in stories[0].items())
    same["whole report"] = local == spark
    return same


def main() -> None:
    """Run both engines on the same corpus and print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=2000, help="Articles to read (default 2000).")
    parser.add_argument("--master", default="local[2]", help="Spark master (default local[2]).")
    parser.add_argument("--no-semantic", action="store_true", help="Cluster without sentence embeddings.")
    options = parser.parse_args()

    from crosswire.engine import local as pipeline
    from crosswire.engine import spark as engine_spark
    from crosswire.report.writers import report_to_dict
    from crosswire.settings import Settings

    settings = Settings(semantic=not options.no_semantic)
    spark = engine_spark.spark_session(options.master)
    with tempfile.TemporaryDirectory() as scratch:
        path = str(write_corpus(Path(scratch), load_articles(options.limit), with_story=False))
        started = time.perf_counter()
        local = pipeline.analyze_paths([path], settings)
        local_s = time.perf_counter() - started
        started = time.perf_counter()
        run = engine_spark.analyze_paths([path], settings, spark=spark)
        spark_s = time.perf_counter() - started
    same = agreement(report_to_dict(local), report_to_dict(run.report))
    n = len(local.articles)
    rows = [["in-process", n, len(local.stories), round(local_s, 1), round(n / local_s, 1)],
            [f"spark {options.master}", len(run.report.articles), len(run.report.stories), round(spark_s, 1),
             round(n / spark_s, 1)]]
    print_table(f"Spark vs in-process, {n} multi-news-dev articles (semantic {settings.semantic})",
                ["engine", "articles", "stories", "wall s", "articles/s"], rows)
    print_table("Same answer", ["part", "identical"], [[k, v] for k, v in same.items()])
    write_results("spark_scale", {"articles": n, "master": options.master, "semantic": settings.semantic,
                                  "in_process_s": round(local_s, 2), "spark_s": round(spark_s, 2),
                                  "stories": [len(local.stories), len(run.report.stories)], "identical": same})
    spark.stop()


if __name__ == "__main__":
    main()
