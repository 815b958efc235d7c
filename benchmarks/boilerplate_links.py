"""Boilerplate never links (issue 16): reuse links between articles of different real events.

A corpus is run through crosswire's reuse detection as a whole (as ``crosswire analyze`` does),
once with the boilerplate learned from the corpus left out (``boilerplate.learn``) and once
without it (the baseline, from the same run). Every link between articles of two different
gold events is furniture shared across stories (a copyright line, an app prompt); links inside
an event are the reuse crosswire exists to find and must stay.

Corpora: the Giveme5W1H events (news-please texts that keep copyright notices and prompts) and
the first MULTI_NEWS_CLUSTERS Multi-News dev clusters.

    nice -n 10 .venv/bin/python benchmarks/boilerplate_links.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, print_table, write_results
from real_news import _g5w1h_index, all_multi_news_keys, load_cluster

from crosswire.provenance import boilerplate
from crosswire.provenance.reuse import find_reuse
from crosswire.records import SAME_ORIGIN_RELATIONS, Article

MULTI_NEWS_CLUSTERS = 1000


def corpus(name: str) -> tuple[list[Article], dict[str, str]]:
    """A corpus's articles and each article's gold event."""
    keys = ([f"g5w1h:{e}" for e in sorted(_g5w1h_index())] if name == "giveme5w1h"
            else [f"mn:{idx}" for idx in all_multi_news_keys()[:MULTI_NEWS_CLUSTERS]])
    articles, event = [], {}
    for key in keys:
        for article in load_cluster(key):
            if article.id not in event:
                articles.append(article)
                event[article.id] = key
    return articles, event


def count(links: list, event: dict[str, str]) -> dict[str, int]:
    """Links across events (false), links inside events, and same-origin links inside events."""
    across = [x for x in links if event[x.a] != event[x.b]]
    inside = [x for x in links if event[x.a] == event[x.b]]
    return {"links_across_events": len(across), "links_inside_events": len(inside),
            "same_origin_inside_events": sum(x.relation in SAME_ORIGIN_RELATIONS for x in inside),
            "same_origin_across_events": sum(x.relation in SAME_ORIGIN_RELATIONS for x in across)}


def main() -> int:
    """Run both corpora with and without learned boilerplate; print and save the counts."""
    if not (SHARED / "data").exists():
        print(f"skipped: {SHARED / 'data'} not found (benchmarks read ../shared/data at run time)")
        return 0
    results, rows = {}, []
    for name in ("giveme5w1h", "multi-news"):
        articles, event = corpus(name)
        start = time.process_time()
        ours = count(find_reuse(articles), event)
        seconds = time.process_time() - start
        base = count(find_reuse(articles, learn_boilerplate=False), event)
        learned = len(boilerplate.learn(articles))
        results[name] = {"articles": len(articles), "boilerplate_sentences": learned, "crosswire": ours,
                         "baseline_no_boilerplate": base, "cpu_seconds": round(seconds, 1)}
        rows += [[f"{name}: {measure}", ours[measure], base[measure]] for measure in ours]
        rows.append([f"{name}: sentences learned as boilerplate", learned, 0])
    print_table("Reuse links on real corpora, with and without boilerplate learned from the corpus",
                ["measure", "crosswire", "baseline (nothing learned)"], rows)
    write_results("boilerplate_links", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
