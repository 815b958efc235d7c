"""Real-news clusters from ../shared/data, read as crosswire reads them, for the hand-made golds.

A cluster key names one real multi-source event:
- ``g5w1h:<EventId>``: the articles of one Giveme5W1H event (ids are the JSON file stems);
- ``mn:<idx>``: one Multi-News dev cluster (ids ``mn<idx>-<n>``, n = position in ``raw_document``);
- ``mcms:<n>``: the English articles of cluster n of ``mds_clusters_gpt_event_dev.json``
  (ids ``mcms-<ID>``).

The golds under ``benchmarks/data/real_facts/`` store only these keys, article ids, values and
short cues; the article text is read here at run time and never copied into the repository.

    .venv/bin/python benchmarks/real_news.py list            # the clusters of the facts gold
    .venv/bin/python benchmarks/real_news.py dump g5w1h:35   # read one cluster (numbered sentences)
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED

from crosswire.extract.articles import extract_articles
from crosswire.ingest.sources import read_file, record_document
from crosswire.records import Article, RawDocument
from crosswire.settings import Settings
from crosswire.text import sentences

DATA = SHARED / "data"
# The clusters of the real-news facts gold (issue 14): Giveme5W1H events with 3+ articles, the
# Clust-McMs clusters with 3+ English articles about one event (cluster 19 mixes several events),
# and Multi-News dev clusters with 3+ articles, taken in file order.
G5W1H_EVENTS = (2, 4, 5, 6, 13, 14, 19, 21, 24, 32, 34, 35, 36, 37, 44, 54, 62, 63, 64, 65, 66, 67, 68, 73,
                74, 75, 77)
MCMS_CLUSTERS = (41, 44)
MULTI_NEWS_CLUSTERS = 13  # the first thirteen dev clusters with 3+ articles


def gold_keys() -> list[str]:
    """Every cluster key of the facts gold, in a fixed order."""
    return ([f"g5w1h:{e}" for e in G5W1H_EVENTS] + [f"mcms:{n}" for n in MCMS_CLUSTERS]
            + [f"mn:{idx}" for idx in multi_news_keys()])


def held_out(key: str) -> bool:
    """True for the third of the gold set aside: never read while tuning, reported apart.

    Chosen by a hash of the key, so the split does not depend on the order clusters were added.
    """
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 3 == 0


def load_cluster(key: str) -> list[Article]:
    """The articles of one cluster, cleaned by crosswire's own extraction."""
    corpus, _, name = key.partition(":")
    documents = {"g5w1h": _g5w1h_documents, "mn": _multi_news_documents, "mcms": _mcms_documents}[corpus](name)
    articles, problems = extract_articles(documents)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if corpus == "mcms":  # Clust-McMs clusters mix English, Malay and Chinese: the English part
        articles = [a for a in articles if a.language == "en"]
    return articles


@lru_cache(maxsize=1)
def _g5w1h_index() -> dict[int, list[Path]]:
    """Giveme5W1H event id -> its files."""
    index: dict[int, list[Path]] = {}
    for path in sorted((DATA / "giveme5w1h-events" / "data").glob("*.json")):
        cluster = json.loads(path.read_text(encoding="utf-8"))["newsCluster"]
        index.setdefault(int(cluster["EventId"]), []).append(path)
    return index


def _g5w1h_documents(event: str) -> list[RawDocument]:
    """The raw documents of one Giveme5W1H event, read by crosswire's ingest."""
    documents = []
    for path in _g5w1h_index()[int(event)]:
        documents += [d for d in read_file(path, Settings()) if isinstance(d, RawDocument)]
    return documents


@lru_cache(maxsize=1)
def _multi_news() -> dict[str, list[str]]:
    """Every Multi-News dev cluster with 3+ articles, in file order: idx -> texts."""
    found: dict[str, list[str]] = {}
    with (DATA / "multi-news-dev" / "dev.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts = [t for t in record["raw_document"] if t.strip()]
            if len(texts) >= 3:
                found[str(record["idx"])] = texts
    return found


def multi_news_keys() -> list[str]:
    """The Multi-News idx values in the facts gold: the first MULTI_NEWS_CLUSTERS with 3+ articles."""
    return list(_multi_news())[:MULTI_NEWS_CLUSTERS] if (DATA / "multi-news-dev").exists() else []


def all_multi_news_keys() -> list[str]:
    """Every Multi-News dev cluster with 3+ articles (candidates for the origin gold)."""
    return list(_multi_news()) if (DATA / "multi-news-dev").exists() else []


def _multi_news_documents(idx: str) -> list[RawDocument]:
    """One Multi-News cluster as records (no titles or dates in this data)."""
    return [_record(f"mn{idx}-{n}", "multi-news-dev/dev.jsonl", {"text": text})
            for n, text in enumerate(_multi_news()[idx])]


def _mcms_documents(number: str) -> list[RawDocument]:
    """The articles of one Clust-McMs cluster as records (``load_cluster`` keeps the English ones)."""
    clusters = json.loads((DATA / "clust-mcms-dev" / "mds_clusters_gpt_event_dev.json").read_text(encoding="utf-8"))
    documents = []
    for doc in clusters[int(number)]["documents"]:
        text = "\n".join(s["content"] for s in doc["sentences"])
        documents.append(_record(f"mcms-{doc['ID']}", "clust-mcms-dev/mds_clusters_gpt_event_dev.json",
                                 {"title": doc["title"], "text": text, "published": doc.get("publish_date")}))
    return documents


def _record(doc_id: str, source: str, fields: dict) -> RawDocument:
    """A RawDocument for one record (crosswire's own record reader, so hints match the CLI's)."""
    document = record_document(source, source, {"id": doc_id, **fields}, doc_id)
    assert isinstance(document, RawDocument), document
    return document


def dump(key: str) -> None:
    """Print a cluster for reading: each article's metadata and numbered sentences."""
    for article in load_cluster(key):
        print(f"=== {article.id} | {article.outlet} | {article.published} | {article.agencies}")
        print(f"TITLE: {article.title}")
        for n, sentence in enumerate(sentences(article.text)):
            print(f"[{n}] {sentence}")
        print()


def main(argv: list[str]) -> int:
    """``list`` or ``dump KEY``."""
    if not DATA.exists():
        print(f"skipped: {DATA} not found")
        return 0
    if argv[:1] == ["list"]:
        for key in gold_keys():
            print(key, "held-out" if held_out(key) else "dev", len(load_cluster(key)))
        return 0
    if argv[:1] == ["dump"] and len(argv) == 2:
        dump(argv[1])
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
