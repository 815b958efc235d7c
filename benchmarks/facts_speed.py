"""Speed of the facts stage: CPU ms per article of entities + facts, on real clusters.

Each cluster is one story (grouping fixed), each article its own origin. Corpora: the first N
Multi-News dev clusters (lower-cased, few names) and the 69 Giveme5W1H events (full texts, many
names). Run it on two source trees to compare a change with its parent (issue 14's limit: the
facts stage at most 1.5x its earlier time per article); the machine is shared, so alternate the
two runs a few times and compare ratios:

    git worktree add /tmp/before <commit>
    PYTHONPATH=/tmp/before/src nice -n 10 .venv/bin/python benchmarks/facts_speed.py before
    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/facts_speed.py after
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import data_dir

from crosswire.facts.entities import resolve_entities
from crosswire.facts.lineup import line_up_facts
from crosswire.records import Article, OriginGroup

try:  # the facts stage reads lower-cased texts with their names raised (a tree before it: as written)
    from crosswire.facts.recase import recased_articles
except ImportError:
    def recased_articles(articles: list[Article]) -> list[Article]:
        """Articles as written (a source tree from before recasing)."""
        return articles

MULTI_NEWS_CLUSTERS = 400


def multi_news() -> list[list[Article]]:
    """The first MULTI_NEWS_CLUSTERS Multi-News dev clusters as stories."""
    clusters = []
    with open(data_dir("multi-news-dev") / "dev.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            clusters.append([Article(id=f"{row['idx']}-{k}", source_path="x", title=t[:80], text=t,
                                     published="2015-01-01") for k, t in enumerate(row["raw_document"]) if t.strip()])
            if len(clusters) == MULTI_NEWS_CLUSTERS:
                break
    return clusters


def giveme5w1h() -> list[list[Article]]:
    """The Giveme5W1H events as stories."""
    events: dict[int, list[Article]] = {}
    for path in sorted((data_dir("giveme5w1h-events") / "data").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        events.setdefault(record["newsCluster"]["EventId"], []).append(Article(
            id=path.stem, source_path=str(path), title=record["title"] or "", text=record["text"] or "",
            published=record["date_publish"]))
    return list(events.values())


def ms_per_article(stories: list[list[Article]]) -> float:
    """CPU milliseconds per article of entities + facts over the stories (spaCy loaded first)."""
    resolve_entities(stories[0])
    cpu = time.process_time()
    for articles in stories:
        read = recased_articles(articles)
        line_up_facts(read, [OriginGroup(articles=[a.id]) for a in read], resolve_entities(read))
    return 1000 * (time.process_time() - cpu) / sum(len(s) for s in stories)


def main(label: str) -> None:
    """Print the figure of each corpus for this source tree."""
    for name, load in (("multi-news", multi_news), ("giveme5w1h", giveme5w1h)):
        print(f"{label}: {name} {ms_per_article(load()):.2f} ms/article entities+facts")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "this tree")
