"""Group articles into stories: candidate neighbours from a term index, then average-linkage clustering.

Batch (`cluster_stories`) and streaming (`add_articles`) share one pair score (similarity.py) and
one threshold. Neither compares all pairs: candidates come from an inverted index of each
article's top terms, restricted to a time window around its publication date.

Streaming policy: a new article joins the existing story with the highest average score to its
members (when that reaches the threshold) or opens a new story. Existing stories are never merged
or split in streaming mode, so story ids handed out earlier stay valid; run the batch mode to
regroup a whole corpus.
"""

from __future__ import annotations

import heapq

import numpy as np
from scipy import sparse

from .records import Article, ReuseLink, Story
from .similarity import Features, build_features, reuse_pairs, score_pairs

# Two stories merge while the average pair score between their articles reaches this (missing
# edges count as 0). Calibrated with the weights in similarity.py: 0.08 scores best on the
# topic-level gold sets (DUC 2004 F1 0.879, whose "stories" are topics spanning weeks) but joins
# two look-alike events a week apart; 0.15 is the lowest value that keeps them apart in batch and
# in streaming (tests/test_cluster.py), at a cost of ~0.05 F1 on DUC 2004.
MERGE_THRESHOLD = 0.15
# Candidate search. With these values the index finds 96% of same-story pairs on DUC 2004 and 94%
# on Giveme5W1H while scoring ~30 pairs per article instead of n.
WINDOW_DAYS = 365.0  # candidates only within this many days (Giveme5W1H events span months; 60 days lost 9% of pairs)
INDEX_TERMS = 50  # each article is indexed by its highest-weighted terms; sharing one makes a candidate
NEIGHBOURS = 50  # candidates kept per article (highest index overlap), then scored in full
MIN_EDGE = 0.05  # scored pairs below this are dropped from the graph (they count as 0 in averages)
BLOCK = 256
# Index terms in more than this share of articles (and more than MIN_POSTING) are skipped: their
# postings would make the candidate search quadratic; rarer shared terms still find the neighbours.
MAX_POSTING_SHARE = 0.01
# Up to this many articles every pair in the time window is scored (cheap, and exact): the index
# can miss a machine-spun rewrite whose synonyms change its top terms (demo corpus 03 vs 06).
EXACT_PAIRS_MAX = 2000
MIN_POSTING = 50  # articles per block of the candidate search (bounds memory)


def cluster_stories(articles: list[Article], links: list[ReuseLink]) -> list[Story]:
    """Group articles into stories. Records with a ``story_hint`` keep their given grouping."""
    by_id = {a.id: a for a in articles}
    hinted: dict[str, list[str]] = {}
    for article in articles:
        if article.story_hint:
            hinted.setdefault(article.story_hint, []).append(article.id)
    stories = [_hint_story(hint, ids, by_id) for hint, ids in hinted.items()]
    free = sorted((a for a in articles if not a.story_hint), key=lambda a: a.id)
    if free:
        features = build_features(free)
        rows, cols, weights = score_graph(features, links)
        for members in average_linkage(len(free), rows, cols, weights):
            stories.append(make_story([free[i].id for i in members], by_id, features))
    return sorted(stories, key=lambda s: s.id)


def _hint_story(hint: str, ids: list[str], by_id: dict[str, Article]) -> Story:
    """The story a source fixed with its own ``story`` field."""
    story = make_story(ids, by_id, None)
    story.id = f"s-hint-{hint}"
    return story


def candidate_pairs(features: Features) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) worth scoring: they share top terms and fall within the time window.

    Each article is indexed by its INDEX_TERMS strongest TF-IDF terms; the product of that sparse
    index with itself, block by block over articles sorted by date, lists the articles sharing a
    term. Only the NEIGHBOURS best per article are kept, so the work grows with n, not n².
    Articles without a date are compared with every article (their window is unbounded).
    """
    if len(features.ids) <= EXACT_PAIRS_MAX:
        rows, cols = np.triu_indices(len(features.ids), 1)
        keep = ~(np.abs(features.days[rows] - features.days[cols]) > WINDOW_DAYS)
        return rows[keep].astype(np.int64), cols[keep].astype(np.int64)
    index = _top_terms(_drop_common_terms(features.body), INDEX_TERMS)
    days = features.days
    dated = np.flatnonzero(~np.isnan(days))
    dated = dated[np.lexsort((dated, days[dated]))]
    undated = np.flatnonzero(np.isnan(days))
    found: list[tuple[np.ndarray, np.ndarray]] = []
    for start in range(0, len(dated), BLOCK):
        block = dated[start:start + BLOCK]
        lo = np.searchsorted(days[dated], days[block[0]] - WINDOW_DAYS, side="left")
        hi = np.searchsorted(days[dated], days[block[-1]] + WINDOW_DAYS, side="right")
        window = np.concatenate([dated[lo:hi], undated])
        found.append(_best_neighbours(index, block, window, days))
    for start in range(0, len(undated), BLOCK):
        block = undated[start:start + BLOCK]
        found.append(_best_neighbours(index, block, np.arange(len(days)), days))
    rows = np.concatenate([f[0] for f in found]) if found else np.empty(0, dtype=np.int64)
    cols = np.concatenate([f[1] for f in found]) if found else np.empty(0, dtype=np.int64)
    low, high = np.minimum(rows, cols), np.maximum(rows, cols)
    pairs = np.unique(np.stack([low, high], axis=1), axis=0) if len(low) else np.empty((0, 2), dtype=np.int64)
    return pairs[:, 0], pairs[:, 1]


def _drop_common_terms(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """``matrix`` without the columns of terms too common to be useful index entries."""
    postings = np.bincount(matrix.indices, minlength=matrix.shape[1])
    cap = max(MIN_POSTING, int(MAX_POSTING_SHARE * matrix.shape[0]))
    keep = sparse.diags((postings <= cap).astype(np.float32))
    return (matrix @ keep).tocsr()


def _top_terms(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """A copy of ``matrix`` keeping only each row's ``keep`` largest entries (the index terms)."""
    data, indices, indptr = [], [], [0]
    for r in range(matrix.shape[0]):
        lo, hi = matrix.indptr[r], matrix.indptr[r + 1]
        values, terms = matrix.data[lo:hi], matrix.indices[lo:hi]
        if hi - lo > keep:
            best = np.lexsort((terms, -values))[:keep]
            values, terms = values[best], terms[best]
        data.append(values)
        indices.append(terms)
        indptr.append(indptr[-1] + len(terms))
    return sparse.csr_matrix((np.concatenate(data) if data else [], np.concatenate(indices) if indices else [],
                              indptr), shape=matrix.shape, dtype=np.float32)


def _best_neighbours(index: sparse.csr_matrix, block: np.ndarray, window: np.ndarray,
                     days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each article in ``block``, the NEIGHBOURS articles of ``window`` it shares most index weight with."""
    overlap = (index[block] @ index[window].T).tocsr()
    rows, cols = [], []
    for r in range(overlap.shape[0]):
        lo, hi = overlap.indptr[r], overlap.indptr[r + 1]
        targets, values = window[overlap.indices[lo:hi]], overlap.data[lo:hi]
        keep = targets != block[r]
        gap = np.abs(days[targets] - days[block[r]])
        keep &= ~(gap > WINDOW_DAYS)  # NaN gaps (undated) stay
        targets, values = targets[keep], values[keep]
        if len(targets) > NEIGHBOURS:
            best = np.lexsort((targets, -values))[:NEIGHBOURS]
            targets = targets[best]
        rows.append(np.full(len(targets), block[r], dtype=np.int64))
        cols.append(targets.astype(np.int64))
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def score_graph(features: Features, links: list[ReuseLink]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The similarity graph: candidate pairs with their full score, weak edges dropped."""
    rows, cols = candidate_pairs(features)
    reuse = reuse_pairs(links, features.ids)
    extra = [(a, b) for a, b in reuse]
    if extra:
        rows = np.concatenate([rows, [min(p) for p in extra]])
        cols = np.concatenate([cols, [max(p) for p in extra]])
        pairs = np.unique(np.stack([rows, cols], axis=1), axis=0)
        rows, cols = pairs[:, 0], pairs[:, 1]
    weights = score_pairs(features, rows, cols, reuse)
    keep = weights >= MIN_EDGE
    return rows[keep], cols[keep], weights[keep]


def average_linkage(n: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray) -> list[list[int]]:
    """Agglomerative clustering on a sparse graph: merge the pair of clusters with the highest
    average pair score (missing edges count as 0) while it reaches MERGE_THRESHOLD.

    The threshold, not a target count, decides how many stories there are. Ties break on the
    lower cluster numbers, so the result is deterministic.
    """
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, w in zip(rows.tolist(), cols.tolist(), weights.tolist()):
        links[a][b] = links[a].get(b, 0.0) + w
        links[b][a] = links[b].get(a, 0.0) + w
    size = [1] * n
    members: list[list[int] | None] = [[i] for i in range(n)]
    heap = [(-w, a, b) for a, b, w in zip(rows.tolist(), cols.tolist(), weights.tolist()) if w >= MERGE_THRESHOLD]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if members[a] is None or members[b] is None or b not in links[a]:
            continue
        if abs(links[a][b] / (size[a] * size[b]) + negative) > 1e-12:
            continue  # stale entry: the clusters changed since it was pushed
        keep, gone = (a, b) if size[a] >= size[b] or (size[a] == size[b] and a < b) else (b, a)
        _merge(keep, gone, links, size, members, heap)
    return sorted((sorted(m) for m in members if m is not None), key=lambda m: m[0])


def _merge(keep: int, gone: int, links: list[dict[int, float]], size: list[int],
           members: list[list[int] | None], heap: list[tuple[float, int, int]]) -> None:
    """Fold cluster ``gone`` into ``keep`` and push the new averages to their neighbours."""
    del links[keep][gone]
    del links[gone][keep]
    for other, total in links[gone].items():
        links[keep][other] = links[keep].get(other, 0.0) + total
        del links[other][gone]
        links[other][keep] = links[keep][other]
    links[gone] = {}
    size[keep] += size[gone]
    members[keep].extend(members[gone])  # type: ignore[union-attr]
    members[gone] = None
    for other, total in links[keep].items():
        average = total / (size[keep] * size[other])
        if average >= MERGE_THRESHOLD:
            heapq.heappush(heap, (-average, min(keep, other), max(keep, other)))


def make_story(ids: list[str], by_id: dict[str, Article], features: Features | None) -> Story:
    """A Story for these article ids: id from its earliest article, representative headline, time span."""
    ids = sorted(ids)
    dated = sorted((by_id[i].published, i) for i in ids if by_id[i].published)
    first = dated[0][1] if dated else ids[0]
    return Story(
        id=f"s-{first}",
        articles=ids,
        headline=headline(ids, by_id, features),
        first_published=dated[0][0] if dated else None,
        last_published=dated[-1][0] if dated else None,
    )


def headline(ids: list[str], by_id: dict[str, Article], features: Features | None) -> str:
    """The most representative title: the member whose text is closest to the story's centroid."""
    titled = [i for i in ids if by_id[i].title.strip()]
    if not titled:
        return ""
    if features is None or len(titled) == 1:
        return by_id[titled[0]].title
    position = {article_id: n for n, article_id in enumerate(features.ids)}
    rows = [position[i] for i in titled if i in position]
    if not rows:
        return by_id[titled[0]].title
    vectors = sparse.hstack([features.body[rows], features.entities[rows]]).tocsr()
    centroid = np.asarray(vectors.sum(axis=0)).ravel()
    closeness = vectors @ centroid
    best = int(np.lexsort((np.arange(len(rows)), -closeness))[0])
    return by_id[features.ids[rows[best]]].title


def add_articles(stories: list[Story], new_articles: list[Article], by_id: dict[str, Article],
                 links: list[ReuseLink]) -> tuple[list[Story], set[str]]:
    """Incremental clustering: new articles, in date order, join existing stories or open new ones.

    ``by_id`` must hold every article, old and new. Returns the updated list of stories and the
    ids of the stories that changed or were created (only those need recomputing). A story that
    gains articles keeps its id; existing stories are never merged (see the module docstring).
    """
    stories = [_copy_story(s) for s in stories]
    story_of = {article_id: n for n, s in enumerate(stories) for article_id in s.articles}
    hinted = {s.id: n for n, s in enumerate(stories)}
    fresh = sorted({a.id: a for a in new_articles if a.id not in story_of}.values(),
                   key=lambda a: (a.published or "9999", a.id))
    touched: set[int] = set()
    free = [a for a in fresh if not a.story_hint]
    pool = sorted({*story_of, *(a.id for a in free)} - {a.id for a in fresh if a.story_hint})
    features = build_features([by_id[i] for i in pool]) if free else None
    position = {article_id: n for n, article_id in enumerate(pool)}
    reuse = reuse_pairs(links, pool) if free else set()
    for article in fresh:
        if article.story_hint:
            target = hinted.get(f"s-hint-{article.story_hint}")
        else:
            target = _best_story(position[article.id], stories, story_of, position, features, reuse)
        if target is None:
            stories.append(Story(id="", articles=[]))
            target = len(stories) - 1
            if article.story_hint:
                hinted[f"s-hint-{article.story_hint}"] = target
        stories[target].articles.append(article.id)
        story_of[article.id] = target
        touched.add(target)
    for n in touched:
        _refresh(stories, n, by_id, features)
    return stories, {stories[n].id for n in touched}


def _copy_story(story: Story) -> Story:
    """A shallow copy whose article list can grow without changing the caller's story."""
    from dataclasses import replace

    return replace(story, articles=list(story.articles))


def _best_story(row: int, stories: list[Story], story_of: dict[str, int], position: dict[str, int],
                features: Features | None, reuse: set[tuple[int, int]]) -> int | None:
    """The story with the highest average score to this article, if it reaches MERGE_THRESHOLD."""
    if features is None:
        return None
    others = [(position[i], n) for i, n in story_of.items() if i in position]
    if not others:
        return None
    days = features.days
    cols = np.array([c for c, _ in others], dtype=np.int64)
    near = ~(np.abs(days[cols] - days[row]) > WINDOW_DAYS)
    scores = score_pairs(features, np.full(int(near.sum()), row), cols[near], reuse)
    totals: dict[int, float] = {}
    for (_, n), s in zip((o for o, k in zip(others, near) if k), scores.tolist()):
        totals[n] = totals.get(n, 0.0) + (s if s >= MIN_EDGE else 0.0)
    best, value = None, MERGE_THRESHOLD
    for n in sorted(totals):
        average = totals[n] / len(stories[n].articles)
        if average >= value and (best is None or average > value):
            best, value = n, average
    return best


def _refresh(stories: list[Story], n: int, by_id: dict[str, Article], features: Features | None) -> None:
    """Recompute a grown or new story's headline and span; a new story gets its id here."""
    story = stories[n]
    made = make_story(story.articles, by_id, features)
    story.articles, story.headline = made.articles, made.headline
    story.first_published, story.last_published = made.first_published, made.last_published
    if not story.id:
        hint = by_id[story.articles[0]].story_hint
        story.id = f"s-hint-{hint}" if hint else made.id
