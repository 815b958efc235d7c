"""Citations that never contradict: precision of the briefing's citations, and contradictions caught.

Two measures on the same clusters:

1. Citation precision: every (briefing sentence, cited article) pair, and every (candidate
   sentence, other article that ``supporting_articles`` finds), judged by the independent check of
   ``summary.py`` (``citation_supported``: its own code, sharing nothing with crosswire.briefing.support).
2. Contradictions caught: each candidate sentence with an article that supports it is changed so
   that it contradicts that article (another figure, ordinal, weekday or date; another person's
   surname; a negation added or removed), then asked again. Counted: how many of these altered sentences crosswire.briefing.support still
   cites, and how many the independent check still passes (both should be ~0).

    nice -n 10 .venv/bin/python benchmarks/citations.py                # first 100 Multi-News dev clusters
    nice -n 10 .venv/bin/python benchmarks/citations.py --corpus real  # Giveme5W1H events + Clust-McMs (cased)
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import summary
from _common import print_table, write_results

from crosswire.briefing.support import ArticleIndex, supporting_articles
from crosswire.briefing.write import candidate_sentences
from crosswire.provenance import reuse as provenance
from crosswire.records import Article

_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_ORDINAL = re.compile(r"(?<![-\w])(" + "|".join(_ORDINALS) + r")(?![-\w])", re.IGNORECASE)  # not "30-second"
_DIGIT_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")
_DAY = re.compile(r"\b(" + "|".join(_DAYS) + r")\b", re.IGNORECASE)
_DATE = re.compile(r"\b(?:january|february|march|april|june|july|august|september|october|november|december|jan\.|feb\."
                   r"|aug\.|sept\.|oct\.|nov\.|dec\.) (\d{1,2})\b", re.IGNORECASE)
# A figure that is no year, date or time: digits not glued to letters, ":" or a month name.
_FIGURE = re.compile(r"(?<![\w:.,$\u00a3\u20ac-])(?!(?:19|20)\d\d\b)\d{1,3}(?:,\d{3})*(?![\w:.,%-]|\s?(?:a\.?m|p\.?m)\b)")
# A person's full name inside a sentence (two capitalised words, not at its start); group 2 is the
# surname, replaced by NOWHERE_SURNAME, a made-up name that no article holds.
_FULL_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+) ([A-Z][a-z]{2,})\b")
NOWHERE_SURNAME = "Quellbrandt"
_NEGATED = re.compile(r"\b(was|were|is|are|has|have|had|will|would|could|did|does|do) not\b|\b(\w+)n['\u2019]t\b",
                      re.IGNORECASE)
# Any denial already in the sentence: adding "not" beside it makes a double negative, not a contradiction.
_ANY_NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none|neither|nor|nowhere|cannot|without)\b|n['\u2019]t\b",
                           re.IGNORECASE)
_CONTRACTED = {"ca": "can", "wo": "will", "sha": "shall"}  # can't, won't, shan't
# An auxiliary not already denied nearby ("is not", "is no", "couldn't have never" stay as they are).
_AUXILIARY = re.compile(r"\b(was|were|is|are|has|have|had|will|would|could|can|did|does|should)\b"
                        r"(?!\W+(?:\w+\W+)?(?:not|no|never|nothing|none)\b)", re.IGNORECASE)


def contradictions(sentence: str) -> list[tuple[str, str]]:
    """(kind, altered sentence) pairs: the sentence made to contradict what it said.

    The new value is one the sentence does not state elsewhere ("the second ... and the third"
    never becomes "the third ... and the third", which says less, not the opposite).
    """
    out = []
    lower = sentence.lower()
    if m := _ORDINAL.search(sentence):
        other = _unused(_ORDINALS, _ORDINALS.index(m.group(1).lower()), lower)
        out.append(("ordinal", sentence[:m.start()] + other + sentence[m.end():]))
    elif m := _DIGIT_ORDINAL.search(sentence):
        out.append(("ordinal", sentence[:m.start()] + str(int(m.group(1)) + 1) + m.group(2) + sentence[m.end():]))
    if m := _DAY.search(sentence):
        other = _unused(_DAYS, _DAYS.index(m.group(1).lower()), lower)
        out.append(("weekday", sentence[:m.start()] + other.capitalize() + sentence[m.end():]))
    if (m := _DATE.search(sentence)) and len(_DATE.findall(sentence)) == 1:
        out.append(("date", sentence[:m.start(1)] + str(int(m.group(1)) % 28 + 1) + sentence[m.end(1):]))
    if m := _FIGURE.search(sentence):
        other = _unused_number(int(m.group().replace(",", "")), lower)
        out.append(("figure", sentence[:m.start()] + other + sentence[m.end():]))
    if m := _FULL_NAME.search(sentence):
        out.append(("name", sentence[:m.start(2)] + NOWHERE_SURNAME + sentence[m.end(2):]))
    if m := _NEGATED.search(sentence):
        plain = m.group(1) or _CONTRACTED.get(m.group(2).lower(), m.group(2))
        out.append(("negation", sentence[:m.start()] + plain + sentence[m.end():]))
    elif not _ANY_NEGATION.search(sentence) and (m := _AUXILIARY.search(sentence)):
        out.append(("negation", sentence[:m.end()] + " not" + sentence[m.end():]))
    return out


def _unused_number(value: int, text: str) -> str:
    """A nearby whole number that ``text`` does not contain (``value`` + 1, + 2, ...)."""
    step = 1
    while re.search(rf"(?<![\d,.]){value + step}(?![\d,.])", text):
        step += 1
    return str(value + step)


def _unused(values: list[str], current: int, text: str) -> str:
    """The next of ``values`` after ``values[current]`` that ``text`` does not contain."""
    for step in range(1, len(values)):
        other = values[(current + step) % len(values)]
        if not re.search(rf"\b{other}\b", text):
            return other
    return values[(current + 1) % len(values)]


def load(corpus: str, limit: int) -> list[list[Article]]:
    """The clusters' articles: Multi-News dev (lower-cased text) or the real-news clusters (cased)."""
    if corpus == "multi-news":
        return [summary.articles_of(c) for c in summary.load_clusters(limit)]
    import json

    import real_news

    keys = [f"g5w1h:{e}" for e in sorted(real_news._g5w1h_index())]
    mcms = real_news.DATA / "clust-mcms-dev" / "mds_clusters_gpt_event_dev.json"
    keys += [f"mcms:{n}" for n in range(len(json.loads(mcms.read_text(encoding="utf-8"))))]
    clusters = []
    for key in keys:
        articles = real_news.load_cluster(key)
        if len(articles) >= 2:
            clusters.append(articles)
        if len(clusters) >= limit:
            break
    return clusters


def main() -> None:
    """Measure citation precision and contradictions caught; print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("multi-news", "real"), default="multi-news")
    parser.add_argument("--limit", type=int, default=100, help="first N clusters (default 100)")
    parser.add_argument("--show", type=int, default=0, help="print N examples of each kind of miss")
    args = parser.parse_args()
    clusters = load(args.corpus, args.limit)
    links = provenance.find_reuse([a for cluster in clusters for a in cluster])
    briefing_pairs = briefing_passed = extra_pairs = extra_passed = 0
    caught: dict[str, list[int]] = {}
    shown: dict[str, int] = {}
    seconds = 0.0
    for articles in clusters:
        texts = {a.id: a.text for a in articles}
        ids = set(texts)
        start = time.perf_counter()
        _, briefing, _ = summary.ours(articles, [link for link in links if link.a in ids and link.b in ids])
        seconds += time.perf_counter() - start
        for sentence in briefing:
            for source in sentence.sources:
                briefing_pairs += 1
                briefing_passed += summary.citation_supported(sentence.text, texts[source])
        indexes = [ArticleIndex(a) for a in articles]
        for candidate in candidate_sentences(articles):
            cited = supporting_articles(candidate.text, indexes, own=candidate.article)
            for source in cited:
                if source != candidate.article:
                    extra_pairs += 1
                    extra_passed += summary.citation_supported(candidate.text, texts[source])
                index = next(i for i in indexes if i.article_id == source)
                for kind, altered in contradictions(candidate.text):
                    row = caught.setdefault(kind, [0, 0, 0])
                    still_cited = index.supports(altered)
                    still_passed = summary.citation_supported(altered, texts[source])
                    row[0] += 1
                    row[1] += still_cited
                    row[2] += still_passed
                    if (still_cited or still_passed) and shown.get(kind, 0) < args.show:
                        shown[kind] = shown.get(kind, 0) + 1
                        print(f"{kind} {'cited' if still_cited else ''} {'passed' if still_passed else ''}:"
                              f" {altered[:240]}")
    print_table(f"Citations, {args.corpus}, {len(clusters)} clusters", ["measure", "value"], [
        ["briefing citation precision (pairs passing the independent check)",
         round(briefing_passed / max(1, briefing_pairs), 4)],
        ["briefing (sentence, article) pairs", briefing_pairs],
        ["candidate sentences' citations of other articles, passing the check",
         f"{extra_passed}/{extra_pairs}"],
        ["seconds per cluster, briefing", round(seconds / max(1, len(clusters)), 4)],
    ])
    print_table("Sentences altered to contradict the article that supported them",
                ["change", "altered pairs", "still cited (crosswire)", "still passed (independent check)"],
                [[kind, n, cited, passed] for kind, (n, cited, passed) in sorted(caught.items())])
    write_results(f"citations_{args.corpus.replace('-', '_')}", {
        "clusters": len(clusters),
        "briefing_citation_precision": round(briefing_passed / max(1, briefing_pairs), 4),
        "briefing_pairs": briefing_pairs,
        "other_article_citations": extra_pairs, "other_article_citations_passing": extra_passed,
        "altered": {kind: {"pairs": n, "still_cited": cited, "still_passed_check": passed}
                    for kind, (n, cited, passed) in sorted(caught.items())},
    })


if __name__ == "__main__":
    main()
