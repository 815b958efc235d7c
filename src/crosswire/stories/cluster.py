"""Group articles into stories: candidate neighbours from a term index, then average-linkage clustering.

Batch (`cluster_stories`) and streaming (`add_articles`, stream.py) share one pair score
(similarity.py: TF-IDF cosine with the shared names held down, scaled by the MiniLM cosine of the
titles and leads, with time decay, lifted by a shared-neighbour score that the pair's own lead
cosine holds down) and one threshold. Neither
compares all pairs: candidates come from an inverted index of each article's top terms, restricted
to a time window around its publication date. ``semantic=False`` (Settings.semantic off) is the
fast mode without embeddings, with its own two constants (TFIDF_MERGE_THRESHOLD,
similarity.TFIDF_NAME_SHARE_CAP).

Streaming policy (stream.py): each call re-runs this batch clustering on the "open" articles
(the new ones, those published within OPEN_DAYS of the newest or of any new article, and the new
ones' index candidates) plus the stories they belong to; those stories' other members are one
fixed cluster that is never split, though two fixed clusters merge when their average pair score
reaches the threshold. A regrouped cluster keeps the id of the story whose (earliest-created) fixed part it
holds, else of the story it holds most members of; open articles may move between stories (both
stories are reported as touched; a story left empty disappears). Run the batch mode to regroup a
whole corpus.
"""

from __future__ import annotations

import heapq

import numpy as np
from scipy import sparse

from ..records import Article, ReuseLink, Story
from .similarity import (
    Features,
    build_features,
    lift_second_order,
    linked_mask,
    neighbour_vectors,
    reuse_pairs,
    score_pairs,
    semantic_brake,
    semantic_cosines,
    semantic_vectors,
    shared_neighbour_pairs,
    shared_neighbour_scores,
)

# Two stories merge while the average pair score between their articles reaches this (missing
# edges count as 0). Batch and streaming use it alike. Chosen with similarity.NAME_SHARE_CAP,
# SEMANTIC_GAIN/PIVOT and NEIGHBOUR_RATIO by leave-one-corpus-out on the two event-level gold sets,
# Giveme5W1H (383 articles, 69 events) and Clust-McMs dev English (129 articles, 82 events, its
# grab-bag label as singletons); DUC 2004 (topic-level gold) was only watched. Grid, on cached
# features and embeddings with average linkage over all pairs: cap 0.6-1.5 x gain 0-3.5 x pivot
# 0.45-0.65 x ratio 0.2-0.6 (or no lift) x threshold 0.06-0.5; then the look-alike probe (see
# NAME_SHARE_CAP) on the best points. Held out, at the chosen cap 1.0 / gain 2.5 / pivot 0.5 /
# ratio 0.2: the threshold best on Clust-McMs alone (0.21) gives Giveme5W1H 0.954 B-cubed F1 and
# the one best on Giveme5W1H alone (0.25) gives Clust-McMs 0.930 (benchmarks/clustering.py prints
# both as its held-out row); 0.21, best on the two together, gives 0.954 / 0.934 and DUC 2004 0.84.
# With the earlier model (cap 0.6, no embeddings, 0.17, tuned on DUC 2004) Clust-McMs scored 0.81:
# the shared-neighbour sums joined events of one topic (currency markets, court cases), which only
# the embedding factor holds apart. B-cubed F1 over the thresholds 0.17-0.25: benchmarks/results/
# clustering.json ("merge_threshold_grid"); the look-alike probe stays apart at 0.21 in every corpus tried.
# With GROUP_MERGE_THRESHOLD 0.30 the whole sets score 0.965 / 0.934 at 0.21 (DUC 2004 0.82, its
# topics no longer merged as often). Re-checked then on the development two-thirds of the two sets
# (batch B-cubed F1, Giveme5W1H / Clust-McMs): 0.13 0.979/0.942, 0.15-0.17 0.979/0.948, 0.19
# 0.979/0.942, 0.21 0.977/0.941. 0.16 would lift the whole Giveme5W1H set to 0.971 (its held-out
# third 0.936 -> 0.957) but lowers the whole Clust-McMs set from 0.934 to 0.929 (merges across its
# two parts): kept at 0.21 then. Those cross-part merges were lifted by shared neighbours against
# the pair's own lead cosine; with that lift held down (similarity.semantic_brake) the development
# two-thirds give (batch B-cubed F1, Giveme5W1H / Clust-McMs): 0.13-0.145 0.979/0.948, 0.15-0.18
# 0.979/0.953, 0.185 0.979/0.943, 0.19 0.983/0.943, 0.21 0.973/0.942. 0.165 is the middle of the
# 0.15-0.18 plateau, chosen on the development parts alone; GROUP_MERGE_THRESHOLD 0.25-0.35 all
# give the same there. The look-alike probe stays apart (16/16 dated and undated inside Giveme5W1H
# and Clust-McMs).
MERGE_THRESHOLD = 0.165
# Two clusters of two or more reports each merge only while their average pair score reaches this
# higher bar (a lone report still joins at MERGE_THRESHOLD). A lone report can score low against
# its own event because its text is short or badly scraped; two stories of several reports each
# have their own words confirmed, and an average between them that only just reaches
# MERGE_THRESHOLD is a shared topic, not one event (Giveme5W1H: the Cologne New Year's Eve assaults
# of 2016, 4 reports, and Berlin's "safe zone" for New Year's Eve 2017, 8 reports, averaged 0.236).
# Chosen on the development two-thirds of Giveme5W1H and Clust-McMs (benchmarks/clustering.py; the
# held-out thirds were not looked at): 0.25, 0.30 and 0.35 all gave batch and streaming B-cubed F1
# 0.977 / 0.941 (0.966 / 0.941 without the rule; a plain MERGE_THRESHOLD of 0.25 gives 0.977 / 0.936),
# 0.40 gave 0.972 / 0.941; 0.30 is the middle of the plateau (it still is at MERGE_THRESHOLD
# 0.16-0.17: 0.25-0.35 give 0.979 / 0.948, 0.40 0.975 / 0.948). Not applied in the fast mode (its
# calibration predates it).
GROUP_MERGE_THRESHOLD = 0.30
# Streaming: a merge taken, or two stories left apart, at an average within this much of its bar
# is a close call, and the articles involved are re-decided by later regroupings (stream.py,
# REDECIDE_ARTICLES): the stream scores with the IDF of the articles seen so far, and later
# articles move it. Measured on the development two-thirds of Giveme5W1H and Clust-McMs (first-order
# scores of pairs above 0.1, IDF from the first 80% of the articles by date against all of them):
# the score moved by 0.013 / 0.007 at the 90th percentile and 0.021 / 0.034 at the 99th; 0.02
# (a tenth of MERGE_THRESHOLD) covers the usual drift of a corpus growing by a quarter.
CLOSE_CALL_MARGIN = 0.02
# The same without the semantic signal (Settings.semantic off, the fast mode): the earlier
# calibration, chosen on DUC 2004 with Giveme5W1H held out as the value that keeps every look-alike
# corpus of tests/test_cluster.py apart (with similarity.TFIDF_NAME_SHARE_CAP 0.6).
TFIDF_MERGE_THRESHOLD = 0.17
# Candidate search. With these values the index finds 96% of same-story pairs on DUC 2004 and 94%
# on Giveme5W1H while scoring ~30 pairs per article instead of n.
# Candidates only within this many days: a bound on the search, not evidence (the time decay,
# similarity.TIME_*, weighs the gap). Scraped publication dates are unreliable: Giveme5W1H has 67
# same-event pairs more than a year apart (one event's reports are dated 2013-2017), and a 365-day
# window cost it 0.008 B-cubed F1 (0.954 -> 0.946); 800 days 0.013. The synthetic scale corpus
# (benchmarks/cluster_scale.py) spans less than a year, so its cost is unchanged.
WINDOW_DAYS = 3650.0
INDEX_TERMS = 30  # each article is indexed by its highest-weighted terms; sharing one makes a candidate
NEIGHBOURS = 50  # candidates kept per article (highest index overlap), then scored in full
MIN_EDGE = 0.05  # scored pairs below this are dropped from the graph (they count as 0 in averages)
BLOCK = 512  # articles per block of the candidate search (bounds memory)
# Index terms found in more than MAX_POSTING articles are skipped: their postings would make the
# candidate search quadratic (a fixed cap, not a share of n, keeps it linear); rarer shared terms
# still find the neighbours. At 25k synthetic articles a cap of 100 kept B-cubed F1 within 0.001
# of an uncapped search.
MAX_POSTING = 50
# Up to this many articles every pair in the time window is scored (cheap, and exact): the index
# can miss a machine-spun rewrite whose synonyms change its top terms (demo corpus 03 vs 06).
EXACT_PAIRS_MAX = 2000


class ClusterWork:
    """Where the bulk of ``cluster_stories`` runs: here, in this process.

    The batch's statistics (TF-IDF weights, the term index, each article's neighbours) are global
    and built by ``cluster_stories`` itself; the many independent pieces of work are handed to
    these methods, each of which calls this module's or similarity.py's function on a part of the
    batch. The Spark engine (engine/spark.py) passes a subclass that runs the same functions on
    executors, over blocks of articles, chunks of pairs and connected blocks of the graph; every
    result is the same bit for bit however the work is cut, so both engines give the same stories.
    """

    def vectors(self, articles: list[Article]) -> np.ndarray:
        """The articles' title-and-lead embeddings: ``similarity.semantic_vectors``."""
        return semantic_vectors(articles)

    def neighbours(self, index: sparse.csr_matrix, blocks: list[tuple[np.ndarray, np.ndarray]],
                   days: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each (block, window) of ``candidate_blocks``: ``best_neighbours`` of the block."""
        postings = posting_index(index)
        return [best_neighbours(index, block, window, days, postings) for block, window in blocks]

    def scores(self, features: Features, rows: np.ndarray, cols: np.ndarray,
               reuse: set[tuple[int, int]] | None = None) -> np.ndarray:
        """First-order scores of the pairs (rows[k], cols[k]): ``similarity.score_pairs``."""
        return score_pairs(features, rows, cols, reuse)

    def shared(self, neighbours: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Shared-neighbour scores of the pairs: ``similarity.shared_neighbour_scores``."""
        return shared_neighbour_scores(neighbours, rows, cols)

    def link(self, features: Features, by_id: dict[str, Article], rows: np.ndarray, cols: np.ndarray,
             weights: np.ndarray) -> list[Story]:
        """The stories of the scored graph: ``link_block`` over the whole batch as one block."""
        return link_block(features, by_id, np.arange(len(features.ids)), rows, cols, weights)


def cluster_stories(articles: list[Article], links: list[ReuseLink], second_order: bool = True,
                    semantic: bool = True, work: ClusterWork | None = None,
                    features: Features | None = None) -> list[Story]:
    """Group articles into stories. Records with a ``story_hint`` keep their given grouping.

    ``second_order=False`` leaves out the shared-neighbour lift (an ablation for the benchmarks).
    ``semantic`` (Settings.semantic, on by default) mixes sentence-embedding cosines into the pair
    score (each article is embedded once, 12-50 ms apiece); without it the fast mode's constants apply.
    ``work`` says where the per-block and per-pair work runs (ClusterWork: in this process).
    ``features``: ``story_features`` of these articles, when made already (they do not depend on
    the links, so an engine can make them while it aligns).
    """
    work = work or ClusterWork()
    by_id = {a.id: a for a in articles}
    stories = hint_stories(articles)
    if features is None:
        features = story_features(articles, semantic, work)
    if features is not None:
        rows, cols, weights = score_graph(features, links, second_order, work)
        stories += work.link(features, by_id, rows, cols, weights)
    return sorted(stories, key=lambda s: s.id)


def story_features(articles: list[Article], semantic: bool = True, work: ClusterWork | None = None) -> Features | None:
    """The features ``cluster_stories`` scores pairs with: those of the articles without a
    ``story_hint``, in id order; None when every article has one."""
    free = sorted((a for a in articles if not a.story_hint), key=lambda a: a.id)
    if not free:
        return None
    return build_features(free, semantic, (work or ClusterWork()).vectors(free) if semantic else None)


def hint_stories(articles: list[Article]) -> list[Story]:
    """The stories that sources fixed with their own ``story`` field, in order of first appearance."""
    by_id = {a.id: a for a in articles}
    hinted: dict[str, list[str]] = {}
    for article in articles:
        if article.story_hint:
            hinted.setdefault(article.story_hint, []).append(article.id)
    return [_hint_story(hint, ids, by_id) for hint, ids in hinted.items()]


def link_block(features: Features, by_id: dict[str, Article], nodes: np.ndarray, rows: np.ndarray,
               cols: np.ndarray, weights: np.ndarray) -> list[Story]:
    """The stories of one block of the graph: average linkage over its edges, one story a cluster.

    ``nodes`` are feature rows in increasing order and ``rows``/``cols`` the edges among them (feature
    rows too). A block may be the whole batch or one connected component of the edges that reach
    the lone-report bar (merge_thresholds; ``strong_edges``): no merge crosses such components, and
    the linkage breaks ties by node order, which numbering a block's nodes in order keeps, so the
    stories are the same either way.
    """
    nodes = np.asarray(nodes, dtype=np.int64)
    local = np.searchsorted(nodes, rows), np.searchsorted(nodes, cols)
    threshold, group_threshold = merge_thresholds(features)
    clusters = average_linkage(len(nodes), local[0], local[1], weights, threshold=threshold,
                               group_threshold=group_threshold)
    return [make_story([features.ids[nodes[k]] for k in members], by_id, features) for members in clusters]


def strong_edges(features: Features, weights: np.ndarray) -> np.ndarray:
    """Which edges reach the lone-report bar: the blocks of ``link_block`` are their connected components."""
    return weights >= merge_thresholds(features)[0]


def merge_thresholds(features: Features) -> tuple[float, float]:
    """The merge bars for these features: for a lone report, and for two clusters of several reports.

    MERGE_THRESHOLD and GROUP_MERGE_THRESHOLD; TFIDF_MERGE_THRESHOLD for both when the features
    carry no embeddings (the fast mode).
    """
    if features.semantic is None:
        return TFIDF_MERGE_THRESHOLD, TFIDF_MERGE_THRESHOLD
    return MERGE_THRESHOLD, GROUP_MERGE_THRESHOLD


def _hint_story(hint: str, ids: list[str], by_id: dict[str, Article]) -> Story:
    """The story a source fixed with its own ``story`` field."""
    story = make_story(ids, by_id, None)
    story.id = f"s-hint-{hint}"
    return story


def candidate_pairs(features: Features, work: ClusterWork | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) worth scoring: they share top terms and fall within the time window.

    Each article is indexed by its INDEX_TERMS strongest TF-IDF terms; the product of that sparse
    index with itself, block by block over articles sorted by date (candidate_blocks), lists the
    articles sharing a term. Only the NEIGHBOURS best per article are kept, so the work grows with
    n, not n². Articles without a date are compared with every article (their window is unbounded).
    """
    if len(features.ids) <= EXACT_PAIRS_MAX:
        rows, cols = np.triu_indices(len(features.ids), 1)
        keep = ~(np.abs(features.days[rows] - features.days[cols]) > WINDOW_DAYS)
        return rows[keep].astype(np.int64), cols[keep].astype(np.int64)
    index = term_index(features)
    found = (work or ClusterWork()).neighbours(index, candidate_blocks(features.days), features.days)
    if not found:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return _unique_pairs(np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found]),
                         len(features.days))


def term_index(features: Features) -> sparse.csr_matrix:
    """Each article's INDEX_TERMS strongest terms among those in at most MAX_POSTING articles."""
    return _top_terms(_drop_common_terms(features.body), INDEX_TERMS)


def candidate_blocks(days: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The candidate search cut into (block, window) parts: BLOCK dated articles in date order with
    the articles dated within WINDOW_DAYS of them plus the undated ones, then the undated articles
    against all. Each part is searched alone (best_neighbours)."""
    dated = np.flatnonzero(~np.isnan(days))
    dated = dated[np.lexsort((dated, days[dated]))]
    undated = np.flatnonzero(np.isnan(days))
    blocks = []
    for start in range(0, len(dated), BLOCK):
        block = dated[start:start + BLOCK]
        lo = np.searchsorted(days[dated], days[block[0]] - WINDOW_DAYS, side="left")
        hi = np.searchsorted(days[dated], days[block[-1]] + WINDOW_DAYS, side="right")
        blocks.append((block, np.concatenate([dated[lo:hi], undated])))
    for start in range(0, len(undated), BLOCK):
        blocks.append((undated[start:start + BLOCK], np.arange(len(days))))
    return blocks


def _drop_common_terms(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """``matrix`` without the columns of terms too common to be useful index entries."""
    postings = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = sparse.diags((postings <= MAX_POSTING).astype(np.float32))
    matrix = (matrix @ keep).tocsr()
    matrix.eliminate_zeros()
    return matrix


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


def posting_index(index: sparse.csr_matrix) -> sparse.csr_matrix:
    """The term index turned around (row t: the articles indexed by term t), built once per batch.

    ``best_neighbours`` multiplies a block by it instead of by its window's rows transposed: that
    slice and transpose cost O(window) per block, and with WINDOW_DAYS longer than a corpus's span
    the window is the whole batch, which made the candidate search grow with n² / BLOCK.
    """
    return index.T.tocsr()


def best_neighbours(index: sparse.csr_matrix, block: np.ndarray, window: np.ndarray,
                    days: np.ndarray, postings: sparse.csr_matrix | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For each article in ``block``, the NEIGHBOURS articles of ``window`` it shares most index weight with.

    ``postings`` (``posting_index(index)``, when the caller has it) gives the same answer faster:
    the block is matched against every article, and the day test below drops the dated articles
    outside the window, as (candidate_blocks) the window holds every article dated within
    WINDOW_DAYS of the block's first and last and every undated one. A shared weight is summed
    over the block row's terms in the same order either way, so it is the same number.
    """
    if postings is None:
        overlap = (index[block] @ index[window].T).tocoo()
        source, target, value = block[overlap.row], window[overlap.col], overlap.data
    else:
        overlap = (index[block] @ postings).tocoo()
        source, target, value = block[overlap.row], overlap.col.astype(np.int64), overlap.data
    keep = (target != source) & ~(np.abs(days[target] - days[source]) > WINDOW_DAYS)  # NaN gaps (undated) stay
    source, target, value = source[keep], target[keep], value[keep]
    order = np.lexsort((target, -value, source))
    source, target = source[order], target[order]
    first = np.searchsorted(source, source, side="left")
    top = (np.arange(len(source)) - first) < NEIGHBOURS
    return source[top].astype(np.int64), target[top].astype(np.int64)


def score_graph(features: Features, links: list[ReuseLink], second_order: bool = True,
                work: ClusterWork | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The similarity graph: candidate pairs with their full score, weak edges dropped."""
    work = work or ClusterWork()
    n = len(features.ids)
    rows, cols = candidate_pairs(features, work)
    reuse = reuse_pairs(links, features.ids)
    if reuse:
        extra = np.array(sorted((min(p), max(p)) for p in reuse), dtype=np.int64)
        rows, cols = _unique_pairs(np.concatenate([rows, extra[:, 0]]), np.concatenate([cols, extra[:, 1]]), n)
    if second_order:
        rows, cols, weights = _add_second_order(features, rows, cols, reuse, work)
    else:
        weights = work.scores(features, rows, cols, reuse)
    keep = weights >= MIN_EDGE
    return rows[keep], cols[keep], weights[keep]


def _add_second_order(features: Features, rows: np.ndarray, cols: np.ndarray, reuse: set[tuple[int, int]],
                      work: ClusterWork) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Final scores: first-order, lifted by shared neighbours (held down by the pair's own lead
    cosine, similarity.semantic_brake) and reuse links (see similarity.py).

    Pairs that share a neighbour join the graph even when the index did not propose them.
    """
    n = len(features.ids)
    first = work.scores(features, rows, cols)
    neighbours = neighbour_vectors(n, rows, cols, first)
    more_rows, more_cols = shared_neighbour_pairs(neighbours)
    fresh = ~np.isin(more_rows * n + more_cols, rows * n + cols)
    more_rows, more_cols = more_rows[fresh], more_cols[fresh]
    rows, cols = np.concatenate([rows, more_rows]), np.concatenate([cols, more_cols])
    first = np.concatenate([first, work.scores(features, more_rows, more_cols)])
    second = work.shared(neighbours, rows, cols)
    lifted = np.flatnonzero(second > first)  # elsewhere the brake (at most 1) cannot change the score
    if features.semantic is not None and len(lifted):
        second[lifted] *= semantic_brake(semantic_cosines(features.semantic, rows[lifted], cols[lifted]))
    return rows, cols, lift_second_order(first, second, linked_mask(reuse, rows, cols))


def _unique_pairs(rows: np.ndarray, cols: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) without repeats, sorted."""
    low, high = np.minimum(rows, cols), np.maximum(rows, cols)
    keys = np.unique(low.astype(np.int64) * n + high)
    return keys // n, keys % n


def average_linkage(n: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray,
                    groups: list[list[int]] | None = None, merge_groups: bool = False,
                    threshold: float | None = None, group_threshold: float | None = None,
                    close: set[int] | None = None) -> list[list[int]]:
    """Agglomerative clustering on a sparse graph: merge the pair of clusters with the highest
    average pair score (missing edges count as 0) while it reaches ``threshold`` (default
    MERGE_THRESHOLD; see merge_thresholds), or ``group_threshold`` (default: ``threshold``) when
    both clusters hold two or more nodes.

    The threshold, not a target count, decides how many stories there are. Ties break on the
    lower cluster numbers, so the result is deterministic. ``groups`` (streaming) are clusters
    fixed in advance, e.g. the frozen part of an existing story: each starts as one cluster, and
    two of them never merge unless ``merge_groups`` (streaming passes it, so a report that bridges
    two stories of one event joins them as the batch run would); other nodes start alone.
    ``close`` (streaming), when given, receives the nodes of every close call: a merge taken, or
    two final clusters left apart, at an average within CLOSE_CALL_MARGIN of its bar.
    """
    threshold = MERGE_THRESHOLD if threshold is None else threshold
    group_threshold = threshold if group_threshold is None else group_threshold
    if groups is None:
        rows, cols, weights = _within_components(n, rows, cols, weights, threshold)
    start = _start_clusters(n, groups or [])
    locked = [False] * n
    for group in groups or []:
        locked[start[group[0]]] = True
    size = [0] * n
    members: list[list[int] | None] = [None] * n
    for node in range(n):
        size[start[node]] += 1
        members[start[node]] = (members[start[node]] or []) + [node]
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, w in zip(start[rows].tolist(), start[cols].tolist(), weights.tolist()):
        if a != b:
            links[a][b] = links[a].get(b, 0.0) + w
            links[b][a] = links[b].get(a, 0.0) + w
    heap = [(-total / (size[a] * size[b]), a, b) for a in range(n) for b, total in links[a].items()
            if a < b and total / (size[a] * size[b]) >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if members[a] is None or members[b] is None or b not in links[a] or (locked[a] and locked[b] and not merge_groups):
            continue
        if abs(links[a][b] / (size[a] * size[b]) + negative) > 1e-12:
            continue  # stale entry: the clusters changed since it was pushed
        bar = group_threshold if size[a] > 1 and size[b] > 1 else threshold
        if close is not None and abs(-negative - bar) < CLOSE_CALL_MARGIN:
            close.update(members[a] + members[b])  # type: ignore[operator]
        if -negative < bar:
            continue  # two clusters of several reports each need the higher bar
        keep, gone = (a, b) if size[a] >= size[b] or (size[a] == size[b] and a < b) else (b, a)
        locked[keep] = locked[a] or locked[b]
        _merge(keep, gone, links, size, members, heap, threshold)
    if close is not None:
        close.update(_near_misses(links, size, members, threshold, group_threshold))
    return sorted((sorted(m) for m in members if m is not None), key=lambda m: m[0])


def _near_misses(links: list[dict[int, float]], size: list[int], members: list[list[int] | None],
                 threshold: float, group_threshold: float) -> set[int]:
    """Nodes of final clusters left apart at an average less than CLOSE_CALL_MARGIN under their bar."""
    found: set[int] = set()
    for a, neighbours in enumerate(links):
        for b, total in neighbours.items():
            bar = group_threshold if size[a] > 1 and size[b] > 1 else threshold
            if a < b and bar - CLOSE_CALL_MARGIN <= total / (size[a] * size[b]) < bar:
                found.update(members[a] + members[b])  # type: ignore[operator]
    return found


def _start_clusters(n: int, groups: list[list[int]]) -> np.ndarray:
    """Each node's starting cluster: the lowest node of its fixed group, or itself."""
    start = np.arange(n, dtype=np.int64)
    for group in groups:
        start[group] = min(group)
    return start


def _within_components(n: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray,
                       threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Drop edges that can never take part in a merge.

    An average reaches ``threshold`` only if some edge between the two clusters does, so every
    cluster stays inside one connected component of the edges >= ``threshold``; edges between
    components only cost time and memory.
    """
    strong = weights >= threshold
    component = components(n, rows[strong], cols[strong])
    keep = component[rows] == component[cols]
    return rows[keep], cols[keep], weights[keep]


def components(n: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The connected component (a number) of each of ``n`` nodes in the graph of the edges
    ``rows[k]``-``cols[k]``; a node in no edge is a component of its own."""
    from scipy.sparse.csgraph import connected_components

    graph = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _merge(keep: int, gone: int, links: list[dict[int, float]], size: list[int],
           members: list[list[int] | None], heap: list[tuple[float, int, int]], threshold: float) -> None:
    """Fold cluster ``gone`` into ``keep`` and push the new averages to their neighbours."""
    del links[keep][gone]
    del links[gone][keep]
    for other, total in links[gone].items():
        links[keep][other] = links[keep].get(other, 0.0) + total
        del links[other][gone]
        links[other][keep] = links[keep][other]
    links[gone] = {}
    size[keep] += size[gone]
    members[keep].extend(members[gone])  # type: ignore[union-attr, arg-type]
    members[gone] = None
    for other, total in links[keep].items():
        average = total / (size[keep] * size[other])
        if average >= threshold:
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
    """The most representative title: the member whose text is closest to the story's centroid,
    ties to the lowest id. Closeness is rounded (as stream._headline does): the two members of a
    two-article story are always equally close, and unrounded the float noise of IDF weights that
    any other article of the batch moves picked between them (three Giveme5W1H headlines flipped
    when two unrelated pages changed)."""
    titled = [i for i in ids if by_id[i].title.strip()]
    if not titled:
        return ""
    if features is None or len(titled) == 1:
        return by_id[titled[0]].title
    rows = [features.position[i] for i in titled if i in features.position]
    if not rows:
        return by_id[titled[0]].title
    vectors = features.body[rows]
    centroid = np.asarray(vectors.sum(axis=0)).ravel()
    closeness = np.round(vectors @ centroid, 9)
    best = min(range(len(rows)), key=lambda k: (-float(closeness[k]), features.ids[rows[k]]))
    return by_id[features.ids[rows[best]]].title
