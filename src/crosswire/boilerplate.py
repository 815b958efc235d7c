"""Boilerplate learned from the corpus: sentences that recur across unrelated articles.

Copyright notices ("Copyright 2018 The Associated Press. All rights reserved..."), newsletter and
app prompts, "Advertisement Continue reading the main story", a site's standing footer: a
sentence repeated word for word in several articles that otherwise have little in common is
page furniture, not reporting. Reuse detection ignores such sentences (issue 16: an article
keeping an AP copyright line was "quoted" by some twenty unrelated stories).

A sentence shared by reports of one event (a wire paragraph, a statement everyone quotes) is
not boilerplate: the articles holding it share their topic, which this module measures by the
overlap of their content words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from .records import Article
from .text import content_words, sentence_spans

# A sentence is boilerplate when at least MIN_ARTICLES articles hold it and most pairs of them
# share less than MAX_TOPIC_OVERLAP of their content words (Jaccard). Chosen on the Giveme5W1H corpus (benchmarks/boilerplate_links.py): reports of
# one event share 0.10-0.35 of their content words, articles of different events below 0.06.
MIN_ARTICLES = 3
MAX_TOPIC_OVERLAP = 0.08
SAMPLE = 8  # holders compared pairwise (28 pairs at most)
UNRELATED_SHARE = 0.5  # boilerplate when at least half of those pairs are unrelated
MIN_WORDS = 4  # shorter lines ("Advertisement") say too little to be told apart from prose
_SPACE = re.compile(r"\W+")


def sentence_key(sentence: str) -> str:
    """A sentence's comparison key: lower-cased words joined by single spaces."""
    return _SPACE.sub(" ", sentence.lower()).strip()


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

    def add(self, articles: list[Article]) -> frozenset[str]:
        """Add ``articles``; return the keys of the boilerplate sentences of all articles so far."""
        touched = set()
        for k, article in enumerate(articles, start=len(self.articles)):
            seen = set()
            for span in sentence_spans(article.text):
                key = sentence_key(article.text[span.start:span.end])
                if key.count(" ") + 1 >= MIN_WORDS and key not in seen:
                    seen.add(key)
                    self.holders[key].append(k)
            touched |= seen
        self.articles += articles
        for key in touched:
            members = self.holders[key]
            if len(members) >= MIN_ARTICLES and _unrelated(members, self.articles, self.vocab,
                                                           frozenset(content_words(key))):
                self.found.add(key)
            else:
                self.found.discard(key)
        return frozenset(self.found)


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
