"""Streaming vs batch: B-cubed agreement of incremental clustering (stream.py) with one batch run.

Run: nice -n 10 .venv/bin/python benchmarks/stream_agreement.py
The articles of Giveme5W1H and DUC 2004 are fed to ``add_articles`` in batches of 10, 50 and 200,
in file-name order (the order ``crosswire ingest`` reads a folder in, unrelated to publication
dates) and in publication order; each grouping is scored with B-cubed against the batch
clustering's (``cluster_stories``, what ``crosswire analyze`` runs) as if it were gold. Agreement
1.0 means the same stories. Issue 15's target: >= 0.98 at batches of 50 on Giveme5W1H.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import print_table, write_results
from clustering import bcubed, load_duc, load_giveme

from crosswire.records import Article
from crosswire.stories.cluster import cluster_stories
from crosswire.stories.stream import StreamState, add_articles

SIZES = (10, 50, 200)


def grouping(stories: list) -> dict[str, str]:
    """Article id -> story id."""
    return {i: story.id for story in stories for i in story.articles}


def run_batches(articles: list[Article], size: int) -> dict[str, str]:
    """Streaming clustering, ``size`` articles per add_articles call, in the order given."""
    by_id = {a.id: a for a in articles}
    state = StreamState.start([], by_id)
    stories: list = []
    for start in range(0, len(articles), size):
        stories, _ = add_articles(stories, articles[start:start + size], by_id, [], state=state)
    return grouping(stories)


def main() -> None:
    """Print and save the agreement table."""
    results, rows = {}, []
    for corpus, (articles, _) in {"giveme5w1h": load_giveme(), "duc2004": load_duc()}.items():
        by_file = sorted(articles, key=lambda a: a.source_path)
        by_date = sorted(articles, key=lambda a: (a.published or "9999", a.id))
        batch = grouping(cluster_stories(articles, []))
        results[corpus] = {"articles": len(articles), "batch_stories": len(set(batch.values())), "runs": []}
        for order, ordered in (("file name", by_file), ("publication", by_date)):
            for size in SIZES:
                started = time.perf_counter()
                stream = run_batches(ordered, size)
                seconds = time.perf_counter() - started
                p, r, f1 = bcubed(stream, batch)
                run = {"order": order, "batch_size": size, "bcubed_p": round(p, 4), "bcubed_r": round(r, 4),
                       "bcubed_f1": round(f1, 4), "stories": len(set(stream.values())), "seconds": round(seconds, 1)}
                results[corpus]["runs"].append(run)
                rows.append([corpus, order, size, run["bcubed_p"], run["bcubed_r"], run["bcubed_f1"],
                             f"{run['stories']}/{results[corpus]['batch_stories']}", run["seconds"]])
                print(rows[-1], flush=True)
    print_table("Streaming vs batch clustering (B-cubed of streaming against batch; stories streaming/batch)",
                ["corpus", "order", "batch", "P", "R", "F1", "stories", "s"], rows)
    write_results("stream_agreement", {"results": results, "target_giveme5w1h_batch_50_f1": 0.98})


if __name__ == "__main__":
    main()
