"""Streaming story clustering: a persistent state that new articles join at O(candidates) cost each.

The state keeps, for every article seen, its sublinear term frequencies, its date, its story and
plus document frequencies that grow as articles arrive. A new
article is vectorised with the current IDF, compared with the candidates found through an
inverted index of top terms (and every member of their stories), and joins the story with the
highest average first-order score (see MERGE_THRESHOLD), or opens a new one. Nothing is refitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from .cluster import INDEX_TERMS, MAX_POSTING, MERGE_THRESHOLD, MIN_EDGE, NEIGHBOURS, WINDOW_DAYS, make_story
from .records import SAME_ORIGIN_RELATIONS, Article, ReuseLink, Story
from .similarity import REUSE_SCORE, body_text, parse_day, time_factor

# Streaming joins on the first-order score alone (TF-IDF cosine x time decay, reuse links lifted)
# with batch mode's threshold: batch mode's shared-neighbour lift does not carry over, because when
# the first report of a new event arrives its nearest neighbours are a look-alike event's reports
# (its own event's do not exist yet), so the lift would join it to them (tests/test_cluster.py).


def _analyzer():
    """The tokenizer of build_features' vectoriser (English stop words dropped), so scores agree."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, stop_words="english").build_analyzer()


@dataclass(slots=True)
class StreamState:
    """Everything incremental clustering needs between calls; build with ``StreamState.start``."""

    stories: list[Story] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    terms: list[np.ndarray] = field(default_factory=list)  # term ids of article i (sorted)
    counts: list[np.ndarray] = field(default_factory=list)  # 1 + ln(count) for those terms
    days: list[float] = field(default_factory=list)
    story_of: list[int] = field(default_factory=list)  # index into ``stories``
    vocabulary: dict[str, int] = field(default_factory=dict)
    df: np.ndarray = field(default_factory=lambda: np.zeros(1024, dtype=np.int64))
    postings: dict[int, list[int]] = field(default_factory=dict)
    linked: dict[int, set[int]] = field(default_factory=dict)
    hinted: dict[str, int] = field(default_factory=dict)  # "s-hint-..." story id -> index
    analyzer: object = field(default_factory=_analyzer)

    @classmethod
    def start(cls, stories: list[Story], by_id: dict[str, Article]) -> StreamState:
        """A state holding ``stories`` (copied) and their articles, in date order, without regrouping them."""
        state = cls(stories=[replace(s, articles=list(s.articles)) for s in stories])
        state.hinted = {s.id: n for n, s in enumerate(state.stories) if s.id.startswith("s-hint-")}
        members = [(by_id[i].published or "9999", i, n) for n, s in enumerate(state.stories) for i in s.articles]
        for _, article_id, n in sorted(members):
            state._index(by_id[article_id], n)
        return state

    def add(self, new_articles: list[Article], by_id: dict[str, Article], links: list[ReuseLink]) -> set[str]:
        """Place each new article (in date order); return the ids of the stories created or grown."""
        fresh = sorted({a.id: a for a in new_articles if a.id not in self.position}.values(),
                       key=lambda a: (a.published or "9999", a.id))
        touched: set[int] = set()
        for article in fresh:
            touched.add(self._place(article, links))
        for n in touched:
            self._refresh(n, by_id)
        return {self.stories[n].id for n in touched}

    def _place(self, article: Article, links: list[ReuseLink]) -> int:
        """Index one article and put it in a story; return the story's index."""
        if article.story_hint:
            target = self.hinted.get(f"s-hint-{article.story_hint}")
            if target is None:
                target = self._new_story(f"s-hint-{article.story_hint}")
                self.hinted[self.stories[target].id] = target
            self._index(article, target)
            self.stories[target].articles.append(article.id)
            return target
        row = self._index(article, -1)
        self._note_links(links)
        scored, first = self._scored(row, frozenset(self.linked.get(row, ())))
        target = self._best_story(row, scored, first)
        if target is None:
            target = self._new_story("")
        self.story_of[row] = target
        self.stories[target].articles.append(article.id)
        return target

    def _new_story(self, story_id: str) -> int:
        """Append an empty story (its id is set on refresh unless given) and return its index."""
        self.stories.append(Story(id=story_id, articles=[]))
        return len(self.stories) - 1

    def _index(self, article: Article, story: int) -> int:
        """Add the article's term counts to the state and the inverted index; return its row."""
        counted: dict[int, int] = {}
        for token in self.analyzer(body_text(article)):  # type: ignore[operator]
            term = self.vocabulary.setdefault(token, len(self.vocabulary))
            counted[term] = counted.get(term, 0) + 1
        terms = np.array(sorted(counted), dtype=np.int64)
        if len(self.vocabulary) > len(self.df):
            self.df = np.concatenate([self.df, np.zeros(max(len(self.df), len(self.vocabulary)), dtype=np.int64)])
        self.df[terms] += 1
        row = len(self.ids)
        self.ids.append(article.id)
        self.position[article.id] = row
        self.terms.append(terms)
        self.counts.append(1.0 + np.log(np.array([counted[t] for t in terms.tolist()], dtype=np.float64)))
        self.days.append(parse_day(article.published))
        self.story_of.append(story)
        weights = self.counts[row] * self._idf(terms)
        for term in terms[np.lexsort((terms, -weights))[:INDEX_TERMS]].tolist():
            self.postings.setdefault(term, []).append(row)
        return row

    def _idf(self, terms: np.ndarray) -> np.ndarray:
        """Smoothed IDF of these terms over the articles seen so far (as scikit-learn computes it)."""
        n = len(self.ids)
        return np.log((1.0 + n) / (1.0 + self.df[terms])) + 1.0

    def _candidates(self, row: int) -> np.ndarray:
        """Earlier articles sharing an index term with ``row`` (within the window), plus their stories' members."""
        weights = self.counts[row] * self._idf(self.terms[row])
        found = []
        for term in self.terms[row][np.argsort(-weights, kind="stable")[:INDEX_TERMS]].tolist():
            posting = self.postings.get(term, [])
            if 1 < len(posting) <= MAX_POSTING:
                found.append(np.array(posting, dtype=np.int64))
        if not found:
            return np.empty(0, dtype=np.int64)
        hits = np.concatenate(found)
        hits = hits[hits != row]
        days = np.array(self.days)
        hits = hits[~(np.abs(days[hits] - days[row]) > WINDOW_DAYS)]
        votes = np.bincount(hits, minlength=row + 1)
        best = np.flatnonzero(votes)
        best = best[np.lexsort((best, -votes[best]))[:NEIGHBOURS]]
        members = {m for b in best.tolist() if self.story_of[b] >= 0
                   for m in (self.position.get(i, -1) for i in self.stories[self.story_of[b]].articles) if m >= 0}
        return np.array(sorted(members | set(best.tolist())), dtype=np.int64)

    def _scored(self, row: int, linked: frozenset[int]) -> tuple[np.ndarray, np.ndarray]:
        """Candidate rows (linked articles included) and their first-order scores with ``row``."""
        others = self._candidates(row)
        if linked:
            others = np.union1d(others, np.array(sorted(linked), dtype=np.int64))
        others = others[others != row]
        if not len(others):
            return others, np.empty(0)
        vocab = len(self.vocabulary)
        mine = np.zeros(vocab)
        mine[self.terms[row]] = self.counts[row] * self._idf(self.terms[row])
        mine /= np.linalg.norm(mine) or 1.0
        terms = np.concatenate([self.terms[o] for o in others.tolist()])
        values = np.concatenate([self.counts[o] for o in others.tolist()]) * self._idf(terms)
        starts = np.cumsum([0] + [len(self.terms[o]) for o in others.tolist()])[:-1]
        norms = np.sqrt(np.add.reduceat(values * values, starts))
        dots = np.add.reduceat(values * mine[terms], starts) / np.where(norms > 0, norms, 1.0)
        days = np.array(self.days)
        first = dots * time_factor(days[others], np.full(len(others), days[row]))
        if linked:
            first = np.where(np.isin(others, list(linked)), np.maximum(first, REUSE_SCORE), first)
        return others, np.clip(first, 0.0, 1.0)

    def _best_story(self, row: int, scored: np.ndarray, first: np.ndarray) -> int | None:
        """The story with the highest average first-order score to ``row``, if it reaches MERGE_THRESHOLD."""
        totals: dict[int, float] = {}
        for other, value in zip(scored.tolist(), first.tolist()):
            story = self.story_of[other]
            if story < 0 or self.stories[story].id.startswith("s-hint-") or value < MIN_EDGE:
                continue
            totals[story] = totals.get(story, 0.0) + value
        best, value = None, MERGE_THRESHOLD
        for story in sorted(totals):
            average = totals[story] / len(self.stories[story].articles)
            if average >= value and (best is None or average > value):
                best, value = story, average
        return best

    def _note_links(self, links: list[ReuseLink]) -> None:
        """Remember same-origin reuse links between articles the state holds."""
        for link in links:
            if link.relation in SAME_ORIGIN_RELATIONS and link.a in self.position and link.b in self.position:
                a, b = self.position[link.a], self.position[link.b]
                self.linked.setdefault(a, set()).add(b)
                self.linked.setdefault(b, set()).add(a)

    def _refresh(self, n: int, by_id: dict[str, Article]) -> None:
        """Recompute a grown or new story's headline and span; a new story gets its id here."""
        story = self.stories[n]
        made = make_story(story.articles, by_id, None)
        story.articles, story.first_published, story.last_published = made.articles, made.first_published, \
            made.last_published
        story.headline = self._headline(story.articles, by_id) or made.headline
        if not story.id:
            story.id = made.id

    def _headline(self, ids: list[str], by_id: dict[str, Article]) -> str:
        """The title of the member closest to the story's centroid (current IDF), ties to the lowest id."""
        rows = [self.position[i] for i in ids if by_id[i].title.strip()]
        if not rows:
            return ""
        vectors = []
        for r in rows:
            vector = dict(zip(self.terms[r].tolist(), (self.counts[r] * self._idf(self.terms[r])).tolist()))
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            vectors.append({t: v / norm for t, v in vector.items()})
        centroid: dict[int, float] = {}
        for vector in vectors:
            for t, v in vector.items():
                centroid[t] = centroid.get(t, 0.0) + v
        closeness = [sum(v * centroid[t] for t, v in vector.items()) for vector in vectors]
        best = min(range(len(rows)), key=lambda k: (-round(closeness[k], 9), self.ids[rows[k]]))
        return by_id[self.ids[rows[best]]].title
