"""How many documents of real corpora crosswire refuses as "not a news article", and why.

Every corpus of ``../shared/data`` that holds news (and the seeds) is read by crosswire's own
readers and extractor (``ingest.read_sources`` / ``ingest.record_document``, then
``extract.extract_articles``), exactly as ``crosswire analyze`` would read it; each document
refused by ``notarticle.not_an_article`` is listed with its id and reason. The corpora are news,
so each refusal is either a true catch (a licence, a README, a search page or an error page that
sits in the data) or a real article lost: the refusals were read by hand and the verdicts are in
the README ("Inputs").

- ``seeds``: the five scraped seed articles (``../shared/seeds``);
- ``article-extraction``: 181 news HTML pages;
- ``giveme5w1h-events``: the whole folder as a user would give it, ``LICENSE`` and ``README.MD``
  beside ``data/`` included (both should be refused);
- ``duc2004-clusters``: DUC 2004 documents (cleaned newswire, one sentence a line);
- ``clust-mcms-dev``: the 193 articles of ``mds_ac_dev.json`` (English, Indonesian, Chinese);
- ``multi-news-dev``: every ``raw_document`` of the 1,500 dev clusters (as scraped by its
  authors: it holds some pages that are not articles);
- ``news-similarity``: the English texts of the SemEval-2022 pairs (scraped, cut to ~1,000 characters).

Writes ``benchmarks/results/not_articles.json``: per corpus, documents read, articles kept, and
the refused ids with their reasons (never any article text). ``--show`` also prints each refused
document's title and opening words, for reading by hand (printed only, never stored).

Run: ``nice -n 10 .venv/bin/python benchmarks/not_articles.py [--show] [--corpus NAME]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, data_dir, print_table, write_results

from crosswire.extract.articles import extract_articles
from crosswire.extract.notarticle import NOT_AN_ARTICLE
from crosswire.ingest.sources import read_sources, record_document
from crosswire.records import Problem, RawDocument

OPENING_CHARS = 200  # --show: how much of a refused document is printed
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def seeds() -> list[RawDocument]:
    """The five scraped seed articles."""
    return _read(SHARED / "seeds")


def article_extraction() -> list[RawDocument]:
    """The article-extraction benchmark's news pages."""
    return _read(data_dir("article-extraction") / "html")


def giveme5w1h() -> list[RawDocument]:
    """The Giveme5W1H folder as a user gives it: data/ plus the LICENSE and README.MD beside it."""
    return _read(data_dir("giveme5w1h-events"))


def duc2004() -> list[RawDocument]:
    """DUC 2004 documents (plain newswire text)."""
    return _read(data_dir("duc2004-clusters") / "docs")


def clust_mcms() -> list[RawDocument]:
    """The articles of ``mds_ac_dev.json`` as records (title and sentences joined)."""
    import ast

    path = data_dir("clust-mcms-dev") / "mds_ac_dev.json"
    documents = []
    for item in json.loads(path.read_text(encoding="utf-8"))["articles"]:
        sentences = item["sentences"]
        if isinstance(sentences, str):
            sentences = ast.literal_eval(sentences)
        text = "\n".join(s["content"] for s in sentences)
        documents.append(_record(f"mcms-{item['ID']}", str(path), {"title": item["title"], "text": text}))
    return documents


def multi_news() -> list[RawDocument]:
    """Every non-empty raw document of the Multi-News dev clusters (ids ``mn<idx>-<n>``)."""
    path = data_dir("multi-news-dev") / "dev.jsonl"
    documents = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for n, text in enumerate(record["raw_document"]):
                if text.strip():
                    documents.append(_record(f"mn{record['idx']}-{n}", str(path), {"text": text}))
    return documents


def news_similarity() -> list[RawDocument]:
    """The English texts of the SemEval-2022 news-similarity pairs (scraped, cut to about 1,000 characters)."""
    import csv

    csv.field_size_limit(2**31 - 1)
    folder = data_dir("news-similarity")
    documents, seen = [], set()
    for name in ("training_set.csv", "testing_set.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for side in ("1", "2"):
                    text = row[f"text{side}"]
                    if row[f"lang{side}"] == "en" and text.strip() and text not in seen:
                        seen.add(text)
                        documents.append(_record(f"ns{row['pair_id']}-{side}", str(folder / name), {"text": text}))
    return documents


CORPORA: dict[str, Callable[[], list[RawDocument]]] = {
    "seeds": seeds,
    "article-extraction": article_extraction,
    "giveme5w1h-events": giveme5w1h,
    "duc2004-clusters": duc2004,
    "clust-mcms-dev": clust_mcms,
    "multi-news-dev": multi_news,
    "news-similarity": news_similarity,
}


def _read(folder: Path) -> list[RawDocument]:
    """Documents of a folder, read as ``crosswire analyze FOLDER`` reads them."""
    if not folder.exists():
        print(f"skipped: {folder} not found")
        return []
    documents, problems = read_sources([str(folder)])
    for problem in problems:
        print(f"  (unreadable: {problem})")
    return documents


def _record(doc_id: str, source: str, fields: dict) -> RawDocument:
    """A RawDocument for one record, through crosswire's own record reader."""
    document = record_document(source, source, {"id": doc_id, **fields}, doc_id)
    assert isinstance(document, RawDocument), document
    return document


def run(name: str, documents: list[RawDocument], show: bool) -> dict:
    """Extract one corpus; return its counts and refusals (ids and reasons only)."""
    started = time.perf_counter()
    articles, problems = extract_articles(documents)
    seconds = time.perf_counter() - started
    by_source = {document.source_path: document for document in documents}
    by_id = {document.id: document for document in documents}
    refused = []
    for problem in problems:
        if NOT_AN_ARTICLE not in problem.message:
            continue
        document = _document_of(problem, by_source, by_id)
        reason = problem.message.split(f"{NOT_AN_ARTICLE}: ", 1)[-1]
        # stored without the quoted title or notice: ids and reasons only, no text of the corpus
        refused.append({"id": document.id if document else problem.source, "reason": _QUOTED.sub("…", reason)})
        if show and document is not None:
            opening = " ".join(document.text.split())[:OPENING_CHARS]
            print(f"  {name} {document.id}: {reason}\n    title: {document.hints.title!r}\n    opening: {opening!r}")
    others = [p for p in problems if NOT_AN_ARTICLE not in p.message]
    return {"documents": len(documents), "articles": len(articles), "refused": len(refused),
            "other_problems": len(others), "seconds": round(seconds, 1),
            "reasons": dict(Counter(r["reason"].split(" (")[0] for r in refused).most_common()),
            "refused_ids": refused}


def _document_of(problem: Problem, by_source: dict[str, RawDocument],
                 by_id: dict[str, RawDocument]) -> RawDocument | None:
    """The document a refusal names: ``path`` for a whole file, ``path (id)`` for a record."""
    if problem.source.endswith(")") and " (" in problem.source:
        return by_id.get(problem.source.rsplit(" (", 1)[1][:-1])
    return by_source.get(problem.source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--show", action="store_true", help="print each refused document's title and opening")
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append", help="only this corpus (repeatable)")
    args = parser.parse_args()
    if not (SHARED / "data").exists():
        print(f"skipped: {SHARED / 'data'} not found (benchmarks read ../shared/data at run time)")
        return
    figures: dict[str, dict] = {}
    for name in args.corpus or list(CORPORA):
        documents = CORPORA[name]()
        if documents:
            figures[name] = run(name, documents, args.show)
    rows = [[name, f["documents"], f["articles"], f["refused"], f["other_problems"],
             ", ".join(f"{reason} {n}" for reason, n in f["reasons"].items()) or "-"]
            for name, f in figures.items()]
    print_table("Documents refused as not a news article, per corpus",
                ["corpus", "documents", "articles", "refused", "other problems", "reasons"], rows)
    for name, f in figures.items():
        for item in f["refused_ids"]:
            print(f"  {name}: {item['id']}: {item['reason']}")  # --show prints the quoted cues too
    if args.corpus:
        print("\n(--corpus given: results not written)")
        return
    write_results("not_articles", {"corpora": figures})


if __name__ == "__main__":
    main()
