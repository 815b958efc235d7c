"""Boilerplate learned from the corpus: sentences that recur across unrelated articles.

Copyright notices ("Copyright 2018 The Associated Press. All rights reserved..."), newsletter and
app prompts, "Advertisement Continue reading the main story", a site's standing footer: a
sentence repeated word for word in several articles that otherwise have little in common is
page furniture, not reporting. Reuse detection ignores such sentences (issue 16: an article
keeping an AP copyright line was "quoted" by some twenty unrelated stories).

A sentence shared by reports of one event (a wire paragraph, a statement everyone quotes) is
not boilerplate: the articles holding it share their topic, which this module measures by the
overlap of their content words.

Learning cannot see furniture that fills a whole page: a saved page that is nothing but an
embedded tweet's location prompt or a web archive's crawl notes looks, to the topic measure, like
a reprint of the same text. Such pages recur across every corpus scraped from the web, so the
few standard web templates of that kind are known in advance (``known_furniture``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from ..records import Article
from ..text import content_words, sentence_spans

# A sentence is boilerplate when at least MIN_ARTICLES articles hold it and most pairs of them
# share less than MAX_TOPIC_OVERLAP of their content words (Jaccard). Chosen on the Giveme5W1H corpus (benchmarks/boilerplate_links.py): reports of
# one event share 0.10-0.35 of their content words, articles of different events below 0.06.
MIN_ARTICLES = 3
MAX_TOPIC_OVERLAP = 0.08
SAMPLE = 8  # holders compared pairwise (28 pairs at most)
UNRELATED_SHARE = 0.5  # boilerplate when at least half of those pairs are unrelated
MIN_WORDS = 4  # shorter lines ("Advertisement") say too little to be told apart from prose
_SPACE = re.compile(r"\W+")

# Standard web furniture that can fill a saved page on its own, matched at the start of a
# ``sentence_key``: embedded tweets' location prompts, web archives' crawl notes, newsletter,
# notification, reprint and paywall prompts. Taken from the sentences held by five or more
# Multi-News dev documents of different clusters (84 tweet-prompt pages there linked 1,648 pairs of
# articles of different events as one origin, benchmarks/boilerplate_links.py), kept only where
# the wording is a platform's template that no report would write. Each is written as its opening
# words (gaps as ``.{0,N}``), never as the whole template.
_KNOWN_FURNITURE = (
    # embedded tweets
    "tweet with a location", r"you always have the option .{0,30}tweet location",
    "add a location to your tweets", "you can switch location on off", r"would you like to proceed .{0,6}legacy twitter",
    "add your thoughts about any tweet",
    # web archives' crawl notes
    r"these crawls are part of .{0,20}archive", r"that way as the pages .{0,40}changed",
    r"starting in \d+ alexa internet has been donating", r"flowing in every day .{0,40}wayback",
    "crawls of supported no more 404", "focused crawls are collections of", r"the seed for (?:this crawl|wide\d*) was",
    r"this is a set of web .{0,20}curated", r"crawls of the .{0,80} (?:website|domain)", "this crawl of online resources",
    # newsletter, notification, account, reprint and paywall prompts; video player notices
    r"breaking news emails .{0,20}alerts", "the news and stories that matter",
    "get push notifications with news", r"close get email notifications on", "your notification has been saved",
    r"there was a problem saving .{0,10}notification", r"email notifications are only sent .{0,20}day",
    "we have sent you a verification", r"dow jones reprints .{0,40}personal",
    "to order presentation ready copies", "we ve detected that javascript",
    "notice you must log in", "please purchase a subscription to",
    "a subscription is required to", r"thank you for reading \d+ free articles",
    "the interactive transcript could not", "rating is available when the video",
    "go to the legal help page",
)
_FURNITURE = re.compile("^(?:" + "|".join(_KNOWN_FURNITURE) + ")")
_FURNITURE_FIRST_WORDS = frozenset(template.split(" ", 1)[0] for template in _KNOWN_FURNITURE)


def sentence_key(sentence: str) -> str:
    """A sentence's comparison key: lower-cased words joined by single spaces."""
    return _SPACE.sub(" ", sentence.lower()).strip()


def known_furniture(key: str) -> bool:
    """True when a sentence (its ``sentence_key``) is one of the standard web templates above."""
    return key.split(" ", 1)[0] in _FURNITURE_FIRST_WORDS and _FURNITURE.match(key) is not None


def learn(articles: list[Article]) -> frozenset[str]:
    """Keys of the sentences that are boilerplate in this corpus (see the module docstring)."""
    return Learner().add(articles)


class Learner:
    """``learn`` fed batch by batch: each ``add`` returns the boilerplate of every article added so
    far, the same set ``learn`` gives for them in one list, but re-judges only the sentences the
    new articles hold (an ingest adds batches to a growing collection; re-learning the whole
    collection on each batch made its cost grow with the square of the collection)."""

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.holders: dict[str, list[int]] = defaultdict(list)
        self.vocab: dict[int, frozenset[str]] = {}
        self.found: set[str] = set()

    def add(self, articles: list[Article], keys: list[list[str]] | None = None) -> frozenset[str]:
        """Add ``articles`` (``keys``: their ``sentence_keys``, when computed already); return the
        keys of the boilerplate sentences of all articles so far."""
        touched = set()
        for k, held in enumerate(keys if keys is not None else map(sentence_keys, articles), start=len(self.articles)):
            for key in held:
                self.holders[key].append(k)
            touched.update(held)
        self.articles += articles
        for key in touched:
            members = self.holders[key]
            if len(members) >= MIN_ARTICLES and _unrelated(members, self.articles, self.vocab,
                                                           frozenset(content_words(key))):
                self.found.add(key)
            else:
                self.found.discard(key)
        return frozenset(self.found)


    def restore(self, articles: list[Article], keys: list[list[str]], found: Iterable[str]) -> None:
        """Take in stored articles with their ``sentence_keys`` and the boilerplate ``found`` when
        they were added, without judging their sentences again: the state ``add`` left.

        Into an empty learner ``articles`` is kept as given, not copied: an ingest passes a list
        that reads each stored article when first indexed (store.on_demand.ArticleList), so that
        only the holders of the sentences a later ``add`` judges are read."""
        for k, held in enumerate(keys, start=len(self.articles)):
            for key in held:
                self.holders[key].append(k)
        if self.articles:
            self.articles += articles
        else:
            self.articles = articles  # type: ignore[assignment]  # any list that supports +=
        self.found.update(found)


def sentence_keys(article: Article) -> list[str]:
    """The distinct keys of an article's sentences long enough to be judged (MIN_WORDS), in order."""
    seen: dict[str, None] = {}
    for span in sentence_spans(article.text):
        key = sentence_key(article.text[span.start:span.end])
        if key.count(" ") + 1 >= MIN_WORDS:
            seen.setdefault(key)
    return list(seen)


def _unrelated(members: list[int], articles: list[Article], vocab: dict[int, frozenset[str]],
               own: frozenset[str]) -> bool:
    """True when most pairs of the articles holding a sentence share little else (Jaccard of
    their content words, the sentence's ``own`` words left out, below MAX_TOPIC_OVERLAP), over up
    to SAMPLE articles spread across the holders."""
    step = max(1, len(members) // SAMPLE)
    sample = members[::step][:SAMPLE]
    overlaps = [_jaccard(_vocabulary(i, articles, vocab) - own, _vocabulary(j, articles, vocab) - own)
                for i, j in combinations(sample, 2)]
    return sum(o < MAX_TOPIC_OVERLAP for o in overlaps) >= UNRELATED_SHARE * len(overlaps)


def _vocabulary(k: int, articles: list[Article], vocab: dict[int, frozenset[str]]) -> frozenset[str]:
    """Article k's content words, computed once."""
    if k not in vocab:
        vocab[k] = frozenset(content_words(articles[k].text))
    return vocab[k]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of words two sets have in common."""
    return len(a & b) / len(a | b) if a or b else 0.0
