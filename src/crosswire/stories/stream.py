"""Streaming story clustering: a persistent state, and batch clustering re-run on a window of open articles.

The state keeps, for every article seen, its sublinear term frequencies (body and headline), its
date and its story, plus document frequencies that grow as articles arrive (nothing is refitted).
Each ``add`` re-runs the batch algorithm of cluster.py (shared-neighbour lift + average linkage)
on the open articles (the new ones, those published within OPEN_DAYS of the newest, those within
OPEN_DAYS of any new article, so that a late arrival opens its own days too, and the new articles'
index candidates) together with the stories they belong to. Those stories' other members stay put
as one fixed cluster (frozen: never split), so the cost is bounded by the window and the stories
around it, not by the corpus, while open articles can still move, e.g. the first report of an
event that joined a look-alike event before its own event's reports arrived: it is an index
candidate of those reports whenever they come, even a year later (Giveme5W1H: the first report of
North Korea's 2016-2017 missile tests over Japan joined the 2013-2016 satellite launches, a few
weak links lifted by their shared neighbours; the later reports came ten months on). Two fixed
clusters merge when the batch linkage would join them (their average pair score reaches
MERGE_THRESHOLD): a new report that bridges two stories of one event joins them, and the merged
story keeps the older id. Articles involved in a close call of a regrouping (a merge taken or
refused within cluster.CLOSE_CALL_MARGIN of its bar) are opened too, for the next REDECIDE_ARTICLES
arrivals, so that a decision scored with the IDF of a smaller corpus is taken again as the corpus
grows (the notes live in memory: a state rebuilt from stored stories starts without them).

Agreement with batch clustering (benchmarks/stream_agreement.py, B-cubed against cluster_stories,
semantic signal on): fed in file-name order, as ``crosswire ingest`` reads a folder, batches of
10/50/200 score 0.998/1.000/1.000 on Giveme5W1H and 0.990/1.000/1.000 on DUC 2004; fed in
publication order 1.000/1.000/1.000 and 0.980/0.995/0.995 (before the new articles' candidates
were opened, and before cluster.GROUP_MERGE_THRESHOLD: 0.988/0.988/0.989, 0.996/1.000/1.000,
0.988/0.988/1.000, 0.978/0.984/0.992). With the close calls re-decided (REDECIDE_ARTICLES) and
the shared-neighbour brake (similarity.semantic_brake): 1.000 for every batch size and both orders
on both sets, and the per-day stream of benchmarks/clustering.py gives the batch run's stories on
Giveme5W1H and Clust-McMs (0.968 / 0.939 B-cubed F1; before the close calls 0.965 / 0.930 against
batch 0.965 / 0.934). A stream in publication
order opens only the newest days and the candidates of the new articles, so its cost stays
near-linear; an out-of-order feed opens the days of every late arrival and costs more per batch
(4,000 synthetic articles over 300 days, batches of 50, fast mode, CPU time: 18.1 s in publication
order, 17.1 s before the candidates were opened; 26.5 s in random order, 23.9 s before).

With ``semantic`` (Settings.semantic, on by default) the state also keeps each article's
title-and-lead embedding (similarity.semantic_vectors), computed the first time the article takes
part in a regrouping (it is open, or belongs to a story an open article may join) and kept after.
A state rebuilt from stored stories (the store's ``crosswire ingest`` rebuilds it from the database
on every run) therefore embeds only the articles around each new batch, not every stored article.
The state lives in memory; the store keeps each article's ArticleTerms and the vocabulary, and a
new ingest run rebuilds the state from them (``restore``) without tokenising a stored text again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from ..records import SAME_ORIGIN_RELATIONS, Article, ReuseLink, Story
from .cluster import INDEX_TERMS, MAX_POSTING, NEIGHBOURS, WINDOW_DAYS, make_story
from .similarity import REUSE_SCORE, article_day, body_text, name_words, semantic_vectors

# Articles published within this many days of the newest arrival stay "open": each add re-runs the
# batch clustering on them (with the frozen rest of the stories they belong to), so a first report
# that joined a look-alike event can move once its own event's reports arrive. Stories with no
# open member are frozen. Streaming B-cubed F1 (DUC 2004 / Giveme5W1H, benchmarks/clustering.py)
# for 0, 3, 7, 14, 21, 30 days: 0.828/0.911, 0.856/0.914, 0.857/0.907, 0.872/0.915, 0.865/0.917,
# 0.864/0.917; one value for both sets, the best on DUC 2004 (batch mode: 0.871/0.926). Re-checked
# after the pair score changed (NEIGHBOUR_RATIO 0.22, headline lift; batch 0.895/0.937): 7, 14,
# 21, 30 days give 0.885/0.915, 0.891/0.925, 0.893/0.925, 0.887/0.925: 14 kept (21 is within noise
# and keeps more articles open, so every add costs more).
OPEN_DAYS = 14.0
# An article involved in a close call of a regrouping (cluster.CLOSE_CALL_MARGIN: a merge taken or
# refused within 0.02 of its bar) stays open for the next REDECIDE_ARTICLES arrivals, however old
# it is, with its index candidates (so that the neighbours its shared-neighbour score needs are
# scored too): each regrouping re-decides it with the IDF of all articles seen by then, as the batch run
# would with the IDF of the whole corpus. Without it a decision taken when the corpus was smaller
# stays (Clust-McMs English, one add per publication day: one same-event pair of 20 September
# scored 0.2097 against 0.21 with the IDF of the first three days and was never looked at again
# when the articles of 10 October came; batch joins it). A count of arrivals, not days, bounds the
# cost: each add opens at most the close calls of the last 1,000 arrivals, whatever the corpus size,
# and an IDF moves less the more articles it is counted over.
REDECIDE_ARTICLES = 1000


def _analyzer():
    """The tokenizer of build_features' vectoriser (English stop words dropped), so scores agree."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, stop_words="english").build_analyzer()


@dataclass(slots=True)
class ArticleTerms:
    """One article's terms as the state indexes them: sorted term ids of its body and title with
    1 + ln(count) each, and which body terms are names (name_words)."""

    terms: np.ndarray
    counts: np.ndarray
    title_terms: np.ndarray
    title_counts: np.ndarray
    named: np.ndarray


@dataclass(slots=True)
class StreamState:
    """Everything incremental clustering needs between calls; build with ``StreamState.start``."""

    stories: list[Story] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    terms: list[np.ndarray] = field(default_factory=list)  # term ids of article i (sorted)
    counts: list[np.ndarray] = field(default_factory=list)  # 1 + ln(count) for those terms
    title_terms: list[np.ndarray] = field(default_factory=list)  # term ids of article i's title (sorted)
    title_counts: list[np.ndarray] = field(default_factory=list)  # 1 + ln(count) for those terms
    named: list[np.ndarray] = field(default_factory=list)  # True where article i's term is a name (name_words)
    days: list[float] = field(default_factory=list)
    story_of: list[int] = field(default_factory=list)  # index into ``stories`` (emptied ones stay: see current)
    vocabulary: dict[str, int] = field(default_factory=dict)
    df: np.ndarray = field(default_factory=lambda: np.zeros(1024, dtype=np.int64))
    postings: dict[int, list[int]] = field(default_factory=dict)
    linked: dict[int, set[int]] = field(default_factory=dict)
    hinted: dict[str, int] = field(default_factory=dict)  # "s-hint-..." story id -> index
    analyzer: object = field(default_factory=_analyzer)
    semantic: bool = True  # mix embedding cosines into the pair score (see module docstring)
    vectors: dict[int, np.ndarray] = field(default_factory=dict)  # row -> unit embedding, once needed (semantic only)
    close_calls: dict[int, int] = field(default_factory=dict)  # row -> articles seen when its close call was noted

    @classmethod
    def start(cls, stories: list[Story], by_id: dict[str, Article], semantic: bool = True,
              order: list[str] | None = None) -> StreamState:
        """A state holding ``stories`` (copied) and their articles, in date order (or in ``order``,
        article ids, when given), without regrouping them.

        The store passes the order in which its runs indexed the articles, so that a re-run after a
        kill rebuilds the killed run's state exactly. Nothing is embedded here: with ``semantic`` an
        article is embedded when a regrouping first needs it.
        """
        state = cls(stories=[replace(s, articles=list(s.articles)) for s in stories], semantic=semantic)
        state.hinted = {s.id: n for n, s in enumerate(state.stories) if s.id.startswith("s-hint-")}
        members = [(i, n) for n, s in enumerate(state.stories) for i in s.articles]
        if order is None:
            members.sort(key=lambda m: (by_id[m[0]].published or "9999", m[0], m[1]))
        else:
            rank = {article_id: k for k, article_id in enumerate(order)}
            members.sort(key=lambda m: (rank[m[0]], m[1]))
        for article_id, n in members:
            state._index(by_id[article_id], n)
        return state

    @classmethod
    def restore(cls, stories: list[Story], days: dict[str, float], order: list[str],
                measured: dict[str, ArticleTerms], vocabulary: dict[str, int], semantic: bool = True,
                vectors: dict[str, np.ndarray] | None = None) -> StreamState:
        """``start`` from stored measurements: the state an uninterrupted run had, without reading a text.

        ``days`` holds each article's day (similarity.article_day), ``measured`` its ArticleTerms and
        ``vocabulary`` the term ids they use, as the runs that indexed the articles (in ``order``)
        left them; ``vectors`` the embeddings computed so far (semantic mode), which are then not
        computed again.
        """
        state = cls(stories=[replace(s, articles=list(s.articles)) for s in stories], semantic=semantic)
        state.vocabulary = dict(vocabulary)
        state.hinted = {s.id: n for n, s in enumerate(state.stories) if s.id.startswith("s-hint-")}
        rank = {article_id: k for k, article_id in enumerate(order)}
        members = sorted(((i, n) for n, s in enumerate(state.stories) for i in s.articles), key=lambda m: (rank[m[0]], m[1]))
        for article_id, n in members:
            state._index_measured(article_id, days[article_id], n, measured[article_id])
        if semantic:
            state.vectors = {state.position[i]: v for i, v in (vectors or {}).items() if i in state.position}
        return state

    def measured(self, article_id: str) -> ArticleTerms:
        """What ``measure`` gave for an article the state holds (to store beside it)."""
        row = self.position[article_id]
        return ArticleTerms(self.terms[row], self.counts[row], self.title_terms[row], self.title_counts[row],
                            self.named[row])

    def _embed(self, rows: list[int], by_id: dict[str, Article]) -> None:
        """Embed the rows that have no vector yet, in one batch (semantic only)."""
        missing = [r for r in rows if r not in self.vectors] if self.semantic else []
        if missing:
            self.vectors.update(zip(missing, semantic_vectors([by_id[self.ids[r]] for r in missing])))

    def add(self, new_articles: list[Article], by_id: dict[str, Article], links: list[ReuseLink]) -> set[str]:
        """Place the new articles, regroup the open window; return the ids of stories created or changed.

        A story left without articles by the regrouping leaves ``stories`` (see ``current``); its id
        is in the returned set too.
        """
        fresh = sorted({a.id: a for a in new_articles if a.id not in self.position}.values(),
                       key=lambda a: (a.published or "9999", a.id))
        before = {n: frozenset(s.articles) for n, s in enumerate(self.stories)}
        touched: set[int] = set()
        free: list[int] = []
        for article in fresh:
            if article.story_hint:
                touched.add(self._place_hinted(article))
            else:
                free.append(self._index(article, -1))
        if free:
            self._note_links(links)
            self._regroup(free, by_id)
        touched |= {n for n, s in enumerate(self.stories) if frozenset(s.articles) != before.get(n, frozenset())}
        for n in touched:
            self._refresh(n, by_id)
        return {self.stories[n].id for n in touched}

    def current(self) -> list[Story]:
        """The stories that hold articles (a regrouping can empty one), in creation order."""
        return [s for s in self.stories if s.articles]

    def _place_hinted(self, article: Article) -> int:
        """Put an article with a ``story_hint`` in its hint's story; return the story's index."""
        target = self.hinted.get(f"s-hint-{article.story_hint}")
        if target is None:
            target = self._new_story(f"s-hint-{article.story_hint}")
            self.hinted[self.stories[target].id] = target
        self._index(article, target)
        self.stories[target].articles.append(article.id)
        return target

    def _open_rows(self, free: list[int]) -> list[int]:
        """Rows free to move: the new ones and those published within OPEN_DAYS of the newest."""
        days = np.array(self.days)
        rows = set(free)
        arrived = np.sort(days[free][~np.isnan(days[free])])
        if len(arrived):
            rows |= set(np.flatnonzero(days >= arrived[-1] - OPEN_DAYS).tolist())
            # A late arrival (published before the newest) opens its own time neighbourhood too, so
            # the articles' feeding order does not decide what can still move.
            dated = np.flatnonzero(~np.isnan(days))
            at = np.clip(np.searchsorted(arrived, days[dated]), 1, len(arrived))
            gap = np.minimum(np.abs(days[dated] - arrived[at - 1]), np.abs(days[dated] - arrived[np.minimum(at, len(arrived) - 1)]))
            rows |= set(dated[gap <= OPEN_DAYS].tolist())
        return sorted(r for r in rows if not self._is_hinted(r))

    def _placed_candidates(self, free: list[int]) -> set[int]:
        """The index candidates of the new rows that sit in a story (not hint-fixed): what they may join.

        They are opened too (free to move in the regrouping): an older report of the new arrivals'
        event may sit in a look-alike story that it joined before its own event's reports came, and
        only a batch run over both would put it right.
        """
        days = np.array(self.days)
        found = {c for row in free for c in self._candidates(row, days).tolist()}
        return {c for c in found if self.story_of[c] >= 0 and not self._is_hinted(c)}

    def _undecided(self) -> set[int]:
        """Rows of close calls noted within the last REDECIDE_ARTICLES arrivals (older notes are dropped)."""
        seen = len(self.ids)
        self.close_calls = {r: n for r, n in self.close_calls.items() if seen - n <= REDECIDE_ARTICLES}
        return {r for r in self.close_calls if self.story_of[r] >= 0 and not self._is_hinted(r)}

    def _is_hinted(self, row: int) -> bool:
        """Whether the row's article sits in a story fixed by a ``story_hint``."""
        story = self.story_of[row]
        return story >= 0 and self.stories[story].id.startswith("s-hint-")

    def _regroup(self, free: list[int], by_id: dict[str, Article]) -> None:
        """Re-run batch clustering on the open rows (recent ones and the new rows' index candidates)
        plus the frozen rest of the stories they belong to.

        Members of a touched story outside the open rows form one fixed cluster (never split; merged
        with another story's only when the batch linkage would join them); open rows may move. Each resulting group keeps the id of the
        story whose fixed part it holds, else of the story it holds most members of, else a new id.
        """
        from .cluster import average_linkage, merge_thresholds, score_graph

        undecided = self._undecided()  # with their candidates, so that their neighbours are scored too
        opened = set(self._open_rows(free)) | self._placed_candidates(free + sorted(undecided)) | undecided
        stories = sorted({self.story_of[r] for r in opened if self.story_of[r] >= 0})
        frozen = {n: [self.position[i] for i in self.stories[n].articles if self.position[i] not in opened]
                  for n in stories}
        rows = sorted(opened | {r for part in frozen.values() for r in part})
        local = {r: k for k, r in enumerate(rows)}
        self._embed(rows, by_id)
        features = self._features(rows)
        pair_rows, pair_cols, weights = score_graph(features, self._links_among(rows))
        groups = [[local[r] for r in part] for part in frozen.values() if part]
        threshold, group_threshold = merge_thresholds(features)
        close: set[int] = set()
        clusters = [[rows[k] for k in members] for members in
                    average_linkage(len(rows), pair_rows, pair_cols, weights, groups, merge_groups=True,
                                    threshold=threshold, group_threshold=group_threshold, close=close)]
        for k in sorted(close):
            self.close_calls.setdefault(rows[k], len(self.ids))  # the first noting starts the count
        for n in stories:
            self.stories[n].articles = []
        for members, n in self._name_clusters(clusters, frozen):
            for r in members:
                self.story_of[r] = n
                self.stories[n].articles.append(self.ids[r])

    def _name_clusters(self, clusters: list[list[int]],
                       frozen: dict[int, list[int]]) -> list[tuple[list[int], int]]:
        """Pair each regrouped cluster with a story index, keeping existing stories' ids where possible."""
        owner = {r: n for n, part in frozen.items() for r in part}
        claimed: set[int] = set()
        named: list[tuple[list[int], int]] = []
        pending: list[list[int]] = []
        for members in clusters:
            fixed = sorted({owner[r] for r in members if r in owner})
            if fixed:
                claimed.add(fixed[0])
                named.append((members, fixed[0]))
            else:
                pending.append(members)
        votes = []
        for k, members in enumerate(pending):
            counts: dict[int, int] = {}
            for r in members:
                if self.story_of[r] >= 0:
                    counts[self.story_of[r]] = counts.get(self.story_of[r], 0) + 1
            votes += [(-c, n, k) for n, c in counts.items()]
        given: dict[int, int] = {}
        for _, n, k in sorted(votes):  # most members first; a story with a fixed part is claimed already
            if k not in given and n not in claimed:
                given[k] = n
                claimed.add(n)
        for k, members in enumerate(pending):
            named.append((members, given[k] if k in given else self._new_story("")))
        return named

    def _features(self, rows: list[int]):
        """Batch-mode Features for these rows, weighted with the IDF of every article seen so far."""
        from .similarity import TITLE_LIFT, TITLE_WEIGHT, Features

        titled = bool(TITLE_WEIGHT or TITLE_LIFT)
        # Only the rows' own terms as columns: keeps sparse products small.
        used = np.unique(np.concatenate([self.terms[r] for r in rows] + [self.title_terms[r] for r in rows if titled]))
        body = self._matrix([self.terms[r] for r in rows], [self.counts[r] for r in rows], used)
        names = body.copy()  # the name words' entries only (similarity.NAME_SHARE_CAP)
        names.data *= np.concatenate([self.named[r] for r in rows]).astype(names.dtype)
        names.eliminate_zeros()
        title = None
        if titled:
            title = self._matrix([self.title_terms[r] for r in rows], [self.title_counts[r] for r in rows], used)
        ids = [self.ids[r] for r in rows]
        days = np.array([self.days[r] for r in rows], dtype=np.float64)
        vectors = np.stack([self.vectors[r] for r in rows]) if self.semantic else None
        return Features(ids, body, title, None, days, {i: k for k, i in enumerate(ids)}, vectors, names)

    def _matrix(self, terms: list[np.ndarray], counts: list[np.ndarray], used: np.ndarray):
        """L2-normalised TF-IDF rows (current IDF) over the columns ``used``, as build_features makes them."""
        from scipy import sparse

        data, indptr = [], [0]
        for row_terms, row_counts in zip(terms, counts):
            values = row_counts * self._idf(row_terms)
            data.append(values / (np.linalg.norm(values) or 1.0))
            indptr.append(indptr[-1] + len(values))
        flat = np.concatenate(terms) if terms else np.empty(0, dtype=np.int64)
        return sparse.csr_matrix((np.concatenate(data).astype(np.float32) if data else [],
                                  np.searchsorted(used, flat), indptr), shape=(len(terms), max(1, len(used))))

    def _links_among(self, rows: list[int]) -> list[ReuseLink]:
        """Same-origin reuse links between the given rows (as records, for score_graph)."""
        chosen = set(rows)
        return [ReuseLink(self.ids[a], self.ids[b], SAME_ORIGIN_RELATIONS[0], REUSE_SCORE)
                for a in sorted(chosen) for b in sorted(self.linked.get(a, ())) if a < b and b in chosen]

    def _new_story(self, story_id: str) -> int:
        """Append an empty story (its id is set on refresh unless given) and return its index."""
        self.stories.append(Story(id=story_id, articles=[]))
        return len(self.stories) - 1

    def measure(self, article: Article) -> ArticleTerms:
        """The article's term counts (body and title) and name terms; new words join the vocabulary."""
        terms, counts = self._count(body_text(article))
        title_terms, title_counts = self._count(article.title)
        names = [self.vocabulary[w] for w in name_words(article) if w in self.vocabulary]
        return ArticleTerms(terms, counts, title_terms, title_counts, np.isin(terms, np.array(names, dtype=np.int64)))

    def _index(self, article: Article, story: int, measured: ArticleTerms | None = None) -> int:
        """Add the article's term counts (``measured`` when given, else measured now) to the state and
        the inverted index; return its row."""
        return self._index_measured(article.id, article_day(article), story, measured or self.measure(article))

    def _index_measured(self, article_id: str, day: float, story: int, measured: ArticleTerms) -> int:
        """``_index`` of an article known by its id, its day and its measured terms."""
        terms, counts = measured.terms, measured.counts
        if len(self.vocabulary) > len(self.df):
            self.df = np.concatenate([self.df, np.zeros(max(len(self.df), len(self.vocabulary)), dtype=np.int64)])
        self.df[terms] += 1
        row = len(self.ids)
        self.ids.append(article_id)
        self.position[article_id] = row
        self.terms.append(terms)
        self.counts.append(counts)
        self.title_terms.append(measured.title_terms)
        self.title_counts.append(measured.title_counts)
        self.named.append(measured.named)
        self.days.append(day)
        self.story_of.append(story)
        weights = self.counts[row] * self._idf(terms)
        for term in terms[np.lexsort((terms, -weights))[:INDEX_TERMS]].tolist():
            self.postings.setdefault(term, []).append(row)
        return row

    def _count(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sorted term ids of ``text`` (new words join the vocabulary) and their 1 + ln(count)."""
        counted: dict[int, int] = {}
        for token in self.analyzer(text):  # type: ignore[operator]
            term = self.vocabulary.setdefault(token, len(self.vocabulary))
            counted[term] = counted.get(term, 0) + 1
        terms = np.array(sorted(counted), dtype=np.int64)
        return terms, 1.0 + np.log(np.array([counted[t] for t in terms.tolist()], dtype=np.float64))

    def _idf(self, terms: np.ndarray) -> np.ndarray:
        """Smoothed IDF of these terms over the articles seen so far (as scikit-learn computes it)."""
        n = len(self.ids)
        return np.log((1.0 + n) / (1.0 + self.df[terms])) + 1.0

    def _candidates(self, row: int, days: np.ndarray) -> np.ndarray:
        """The NEIGHBOURS articles sharing most index terms with ``row`` within WINDOW_DAYS (``days``: all rows')."""
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
        hits = hits[~(np.abs(days[hits] - days[row]) > WINDOW_DAYS)]
        best, votes = np.unique(hits, return_counts=True)
        return np.sort(best[np.lexsort((best, -votes))[:NEIGHBOURS]])

    def _note_links(self, links: list[ReuseLink]) -> None:
        """Remember same-origin reuse links between articles the state holds."""
        for link in links:
            if link.relation in SAME_ORIGIN_RELATIONS and link.a in self.position and link.b in self.position:
                a, b = self.position[link.a], self.position[link.b]
                self.linked.setdefault(a, set()).add(b)
                self.linked.setdefault(b, set()).add(a)

    def _refresh(self, n: int, by_id: dict[str, Article]) -> None:
        """Recompute a changed or new story's headline and span; a new story gets its id here."""
        story = self.stories[n]
        if not story.articles:
            return
        made = make_story(story.articles, by_id, None)
        story.articles, story.first_published, story.last_published = made.articles, made.first_published, \
            made.last_published
        story.headline = self._headline(story.articles, by_id) or made.headline
        if not story.id:
            taken = {s.id for s in self.stories}
            story.id, suffix = made.id, 2
            while story.id in taken:  # the earliest article's id can be an older story's name
                story.id, suffix = f"{made.id}~{suffix}", suffix + 1

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


def add_articles(stories: list[Story], new_articles: list[Article], by_id: dict[str, Article],
                 links: list[ReuseLink], state: StreamState | None = None,
                 semantic: bool = True) -> tuple[list[Story], set[str]]:
    """Incremental clustering: new articles, in date order, join existing stories or open new ones.

    ``by_id`` must hold every article, old and new. Returns the updated list of stories and the
    ids of the stories that changed, were created or were emptied (only those need recomputing;
    an emptied story is no longer in the list). A story keeps its id as it changes; only the open
    members of existing stories (recent ones, and the new articles' index candidates) can move, and
    two stories merge (the older id stays) only when a batch run would join them (module docstring).

    Pass the ``state`` returned by ``StreamState.start`` (and kept between calls) to pay only for
    the new articles; without it the state is rebuilt from ``stories`` (linear in their size) and
    the caller's stories are left unchanged. ``semantic`` applies to a rebuilt state (a passed
    ``state`` keeps the choice it was started with, since it holds the vectors or not).
    """
    if state is None:
        state = StreamState.start(stories, by_id, semantic)
    touched = state.add(new_articles, by_id, links)
    return state.current(), touched
