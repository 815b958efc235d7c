"""Same-event pair scoring: text, title, named-entity, time and reuse signals combined into one score."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

import numpy as np
from scipy import sparse

from ..ingest.metadata import date_in_name
from ..records import SAME_ORIGIN_RELATIONS, Article, ReuseLink
from ..text import stop_words

# Signal weights of the first-order pair score. Calibrated once (grid over weights, time decay and
# the clustering threshold on DUC 2004 and Giveme5W1H, constrained to keep look-alike events apart in
# tests/test_cluster.py), then frozen for every corpus. Measured there:
# - proper-noun overlap (0.2-0.4 of the weight) gained <= 0.01 B-cubed F1 on the topic-level gold
#   sets but joins look-alike events, which share their actors (mayor, town): kept at 0;
# - titles added linearly (0.1-0.2) cost 0.005-0.01 F1 on DUC 2004: they count through the body
#   text, and as a lift for near-identical headlines (TITLE_LIFT below);
# - second pass: BM25 tf saturation, a 1.5x
#   proper-noun boost, a doubled title, and IDF blended 50/50 with general-English word
#   frequencies (wordfreq) each moved best-threshold F1 by -0.02..+0.01, and the background IDF
#   lifts the look-alike pair (rare shared names: town, mayor) from 0.11 to 0.44: none kept;
# - third pass: a centroid-linkage merge of the clusters (cluster TF-IDF centroids, cosine
#   0.3-0.6) lowered F1 on both sets (DUC 2004 0.82-0.87, Giveme5W1H 0.90-0.93); a merge threshold
#   that falls with cluster size (threshold x (size_a x size_b)^-e/2, e 0.2-0.5) traded DUC 2004
#   for Giveme5W1H (+0.02 / -0.01..-0.03); all-MiniLM-L6-v2 embeddings of the titles as a lift
#   (cosine gate 0.6-0.8) gave <= +0.008 on Giveme5W1H for 12-30 ms per article: none kept.
BODY_WEIGHT = 1.0  # TF-IDF cosine of title + lead + body
ENTITY_WEIGHT = 0.0
TITLE_WEIGHT = 0.0
# Headline lift: two headlines whose TF-IDF cosine reaches TITLE_MIN (the same words for the same
# news, e.g. "Ferry strike halts island crossings" / "Island crossings halted by ferry strike") raise the text score to TITLE_LIFT x that
# cosine. It rescues reports whose scraped body is mostly page clutter. Chosen on Giveme5W1H, whose
# titles are real headlines: batch F1 0.928 -> 0.937 with the values below (gates 0.4-0.7 x lifts
# 0.3-0.8 all gave 0.933-0.941; gate 0.4 scored best, 0.941, but two shared words of a short
# headline reach it, so the stricter 0.6 is kept). Checked on DUC 2004, whose "titles" are lead
# sentences: 0.895 with or without it. The look-alike headlines of tests/test_cluster.py share at
# most 0.19 cosine, far under the gate.
TITLE_LIFT = 0.5
TITLE_MIN = 0.6
# Time: reports of one event cluster within days. Beyond TIME_GRACE_DAYS the score decays with
# half-life TIME_HALF_LIFE_DAYS, down to TIME_FLOOR of its value (a slow-burning story still
# groups; two look-alike events weeks apart separate). Calibrated on DUC 2004 (its topics span
# up to two months, so the decay stays gentle).
TIME_GRACE_DAYS = 3.0
TIME_HALF_LIFE_DAYS = 14.0
TIME_FLOOR = 0.5
# Names cannot carry a pair alone. Two look-alike events (two protests a week apart in one town,
# two votes on one bill) share their names (town, mayor, police chief) and differ in their own
# words (water charges, buckets / schools, pupils); inside a real corpus those names are rare words
# with a high IDF (the look-alike protests of tests/test_cluster.py, added to Giveme5W1H: cross-event
# body cosine 0.22-0.27, 0.18-0.19 of it from shared names). So the shared names' part of the body
# cosine (terms both articles write as names, name_words) counts at most NAME_SHARE_CAP x the rest
# (the event's own words). But names also tell events of one topic apart (two court cases, two
# central-bank decisions share their topic's words, not their people), so the cap must not be
# tighter than the probe needs. Chosen with SEMANTIC_GAIN/PIVOT and cluster.MERGE_THRESHOLD by
# leave-one-corpus-out on the event-level gold sets (Giveme5W1H, Clust-McMs English; DUC 2004 is
# topic-level and only a reference), under the constraint that the look-alike protests stay apart
# alone, with a sports report, inside our disputes set, Giveme5W1H and Clust-McMs, dated and
# undated (16 corpora each; the grid and figures: cluster.MERGE_THRESHOLD). Cap 0.6 (the earlier
# value) cost Clust-McMs 0.01-0.03 B-cubed F1; no cap merged the probe inside both real sets
# (0-3 of 16 apart); 1.25-1.5 merged 5 of 16 undated inside Clust-McMs; 1.0 keeps all apart.
NAME_SHARE_CAP = 1.0
# Without the semantic signal (Settings.semantic off, the fast mode) the pair score has no
# embedding factor to hold look-alike pairs down, and 1.0 merges the undated probe inside both real
# sets (9 of 16 apart): the fast mode keeps the earlier calibration (0.6 with
# cluster.TFIDF_MERGE_THRESHOLD 0.17, chosen on DUC 2004 with Giveme5W1H held out).
TFIDF_NAME_SHARE_CAP = 0.6
REUSE_SCORE = 0.9  # a same-origin reuse link (copy, edit, rewrite) is near-certain evidence of one event
LEAD_CHARS = 600  # the lead (first ~3 sentences) is where names of the event's actors appear
BODY_WORDS = 600  # cap on words vectorised per article: keeps memory and time linear at scale
# Second-order ("shared neighbour") similarity: two reports of one story that word it differently
# still share their closest neighbours. An article's neighbours are its NEIGHBOUR_K best first-order
# scores that reach NEIGHBOUR_FLOOR and NEIGHBOUR_RATIO of the better of the two articles' best
# scores (a weak link is no neighbour of an article that has strong ones: without this rule, in a
# small corpus the look-alike event's reports are an article's nearest neighbours). The
# shared-neighbour score of two articles is the sum, over the neighbours they share, of the weaker
# of their two scores to it (the strength of the two-step path), and the final score is the higher
# of it and the first-order score (a lift only). Reuse links do not count here (a 0.9 link would
# push an article's other neighbours under the ratio). First calibrated on DUC 2004 (K, floor and
# ratio; history in git). Re-checked on the event-level sets by leave-one-corpus-out (Giveme5W1H,
# Clust-McMs English) with the semantic factor: ratio 0.2 scores best (0.3 lowered the held-out
# B-cubed F1 of both by 0.01-0.02; without the lift Giveme5W1H, whose events are larger and worded
# more variously, falls to 0.88: benchmarks/clustering.py).
# With the semantic signal the shared-neighbour score is held down by the pair's own lead cosine
# (semantic_brake: the semantic factor, capped at 1). Without it the lift joined reports whose own
# leads tell other news because they share a topic's reports as neighbours (Clust-McMs: a report of
# the new UK prime minister's first UN trip and one of the crowds at the Queen's funeral, first-order
# 0.005, lead cosine 0.13, lifted to 0.26 by their shared neighbours; two unrelated Singapore court
# cases 0.04 -> 0.17). Chosen on the development two-thirds of Giveme5W1H and Clust-McMs (held-out
# thirds not looked at), batch B-cubed F1 at the best thresholds: 0.979 / 0.948 without the brake,
# 0.979 / 0.953 with it (pairwise 0.970 / 0.732 -> 0.970 / 0.765); letting the factor also raise
# the lift (no cap) gave the same at the best thresholds and less beside them.
NEIGHBOUR_K = 5
NEIGHBOUR_FLOOR = 0.05
NEIGHBOUR_RATIO = 0.2
# Semantic signal (Settings.semantic, on by default): the all-MiniLM-L6-v2 cosine of the two
# articles' titles and leads scales the first-order text score by
# 1 + SEMANTIC_GAIN x (cosine - SEMANTIC_PIVOT) (never below 0): leads that tell the same news
# raise it, leads on the same topic that tell other news lower it. A scaling, not a sum: the
# embedding cannot join two reports that share no words on its own. Chosen with NAME_SHARE_CAP and
# cluster.MERGE_THRESHOLD by leave-one-corpus-out on the event-level sets (figures and grid:
# cluster.MERGE_THRESHOLD). The embedding is what separates events of one topic measurably: alone
# its cosine ranks same-event pairs best (ROC AUC 0.995 / 0.996 on Giveme5W1H / Clust-McMs, TF-IDF
# cosine 0.990 / 0.996), and without it no setting of the cap, ratio and threshold held out 0.93
# on Clust-McMs (best 0.942 / 0.896, cap 1.0, ratio 0.3). Grid gain 0-3.5 x pivot 0.45-0.65:
# cap 1.0-1.5 x gain 2.5-3.5 x pivot 0.45-0.55 (ratio 0.2) all hold out 0.935-0.954 / 0.926-0.936;
# cap 1.0, gain 2.5, pivot 0.5 is inside that region, and it keeps the look-alike probe apart.
# The earlier values (0.6, 0.55, chosen on DUC 2004) scaled too gently to separate events of one topic.
SEMANTIC_GAIN = 2.5
SEMANTIC_PIVOT = 0.5
# Title + ~100 words fill the model's 128 tokens (embeddings.MAX_TOKENS). 50 words embed about twice
# as fast and scored 0.898 / 0.937 instead of 0.903 / 0.939 (batch, gain 0.5): the full window kept.
SEMANTIC_LEAD_WORDS = 100

# Up to this many rows, row_dots takes pair scores from one dense Gram matrix (at most 3,000² floats,
# 36 MB) instead of per-pair sparse products: 5-10x faster for the many small streaming re-runs.
GRAM_ROWS_MAX = 3000

_WORD = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern: the body's terms
_SENTENCE_END = ".!?:;\n-\u2013\u2014"  # a capital after these (and spaces, quotes) may be sentence case
_PROPER = re.compile(r"\b[A-Z][\w'\u2019-]*(?:\.[A-Z])*\b")
_LEAD_WORDS = re.compile(r"\S+")


@dataclass(slots=True)
class Features:
    """Vectors for a list of articles, row i for article i: all L2-normalised sparse rows."""

    ids: list[str]
    body: sparse.csr_matrix
    title: sparse.csr_matrix | None  # built only while TITLE_WEIGHT or TITLE_LIFT is set
    entities: sparse.csr_matrix | None  # built only while ENTITY_WEIGHT is set
    days: np.ndarray  # days since the epoch (float), NaN when the date is unknown
    position: dict[str, int] = field(default_factory=dict)  # article id -> row
    semantic: np.ndarray | None = None  # unit MiniLM vectors of semantic_text, row i for article i (Settings.semantic)
    names: sparse.csr_matrix | None = None  # ``body`` restricted to each row's name_words (see NAME_SHARE_CAP)


def parse_day(published: str | None) -> float:
    """Days since 1970-01-01 for an ISO date/datetime string; NaN when missing or unreadable."""
    if not published:
        return float("nan")
    try:
        moment = datetime.fromisoformat(published.strip().replace("Z", "+00:00")[:25])
    except ValueError:
        try:
            moment = datetime.fromisoformat(published.strip()[:10])
        except ValueError:
            return float("nan")
    return moment.replace(tzinfo=None).toordinal() - 719163 + moment.hour / 24.0


def article_day(article: Article) -> float:
    """Days since the epoch of the publication date, else of a date in the article's id (NaN if neither).

    Articles built through ingest already carry a date read from their file name or id when the
    page had none (metadata.date_in_name); articles built directly (the Python API, the
    benchmarks' loaders) get the same fallback here. Without it DUC 2004's files are undated,
    which cost 0.02 B-cubed F1 there (batch 0.852 undated vs 0.875 dated, before the names' cap).
    """
    return published_day(article.id, article.published)


def published_day(article_id: str, published: str | None) -> float:
    """``article_day`` of an article known by its id and publication date (a stored one, unread)."""
    day = parse_day(published)
    return parse_day(date_in_name(article_id)) if np.isnan(day) else day


def body_text(article: Article) -> str:
    """Title, then the first BODY_WORDS words of the body (the title counts twice, lead first)."""
    head = " ".join(_LEAD_WORDS.findall(article.text)[:BODY_WORDS])
    return f"{article.title}\n{head}"


def semantic_text(article: Article) -> str:
    """Title and lead (first SEMANTIC_LEAD_WORDS words) to embed: the model reads 128 tokens at most."""
    lead = " ".join(_LEAD_WORDS.findall(article.text)[:SEMANTIC_LEAD_WORDS])
    return f"{article.title}\n{lead}".strip()


def name_words(article: Article) -> set[str]:
    """Lower-cased words the article's body (first BODY_WORDS words) writes as names.

    A name is written capitalised at least once inside a sentence and never in lower case
    ("Harrowgate", "Marsh"); a capital after a sentence end proves nothing ("Police chief ..."
    opening a sentence), and the title is left out (headlines are often in Title Case).
    """
    last = next(islice(_LEAD_WORDS.finditer(article.text), BODY_WORDS - 1, None), None)  # no list of every word
    head = article.text[:last.end()] if last else article.text
    inside, lower = set(), set()
    for match in _WORD.finditer(head):
        word = match.group()
        if not word[0].isupper():
            lower.add(word.lower())
            continue
        before = head[max(0, match.start() - 4):match.start()].rstrip(" \t\"'\u201c\u2018([")
        if before and before[-1] not in _SENTENCE_END:
            inside.add(word.lower())
    return inside - lower


def entity_tokens(article: Article) -> list[str]:
    """Proper-noun-ish tokens of the title and lead: a cheap stand-in for named entities.

    Capitalised words that are not stop words ("The", "He" are dropped); lower-cased so a
    headline in Title Case and the lead agree.
    """
    stops = stop_words()
    found = _PROPER.findall(f"{article.title}\n{article.text[:LEAD_CHARS]}")
    return sorted({t.lower() for t in found if t.lower() not in stops and len(t) > 1})


def _identity(tokens: list[str]) -> list[str]:
    """Analyzer for pre-tokenised input (a named function, so vectorisers stay picklable)."""
    return tokens


def semantic_vectors(articles: list[Article]) -> np.ndarray:
    """Unit MiniLM vectors of each article's title and lead (slow: 12-50 ms an article; embed once).

    Raises EmbeddingsUnavailable when the model packages are missing.
    """
    from ..embeddings import embed_leads

    return embed_leads([semantic_text(a) for a in articles])


def build_features(articles: list[Article], semantic: bool = False, vectors: np.ndarray | None = None) -> Features:
    """Vectorise articles: TF-IDF of bodies and titles (binary entity vectors when weighted).

    ``semantic=True`` adds the title-and-lead sentence embeddings that score_pairs mixes in:
    ``vectors`` when given (``semantic_vectors`` of the articles, computed elsewhere), else
    computed here.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    body = vectorizer.fit_transform([body_text(a) for a in articles]).tocsr()
    title = None
    if TITLE_WEIGHT or TITLE_LIFT:
        title = normalize(vectorizer.transform([a.title for a in articles])).tocsr()
    entities = None
    if ENTITY_WEIGHT:
        names = TfidfVectorizer(analyzer=_identity, binary=True, dtype=np.float32)
        entities = names.fit_transform([entity_tokens(a) for a in articles]).tocsr()
    days = np.array([article_day(a) for a in articles], dtype=np.float64)
    ids = [a.id for a in articles]
    return Features(ids, body, title, entities, days, {article_id: n for n, article_id in enumerate(ids)},
                    (semantic_vectors(articles) if vectors is None else vectors) if semantic else None,
                    name_part(body, [name_words(a) for a in articles], vectorizer.vocabulary_))


def name_part(body: sparse.csr_matrix, names: list[set[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    """``body`` with only the entries of each row's name words (row i: names[i]) kept."""
    rows, cols = [], []
    for row, words in enumerate(names):
        found = sorted(vocabulary[w] for w in words if w in vocabulary)
        rows += [row] * len(found)
        cols += found
    mask = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=body.shape)
    return body.multiply(mask).tocsr()


def row_dots(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Dot products of matrix[rows[k]] and matrix[cols[k]] for every k (chunked, sparse).

    With few rows and many pairs (streaming re-runs on a window) one Gram matrix is much cheaper.
    """
    if matrix.shape[0] <= GRAM_ROWS_MAX and len(rows) >= matrix.shape[0]:
        gram = (matrix @ matrix.T).toarray()
        return gram[np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)].astype(np.float64)
    out = np.empty(len(rows), dtype=np.float64)
    for start in range(0, len(rows), 50_000):
        r, c = rows[start:start + 50_000], cols[start:start + 50_000]
        out[start:start + len(r)] = np.asarray(matrix[r].multiply(matrix[c]).sum(axis=1)).ravel()
    return out


def title_lift(cosines: np.ndarray) -> np.ndarray:
    """Score implied by headline similarity alone: TITLE_LIFT x cosine at or above TITLE_MIN, else 0."""
    return np.where(cosines >= TITLE_MIN, TITLE_LIFT * cosines, 0.0)


def semantic_cosines(vectors: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine of the unit vectors of each pair (rows[k], cols[k]), chunked to bound memory."""
    out = np.empty(len(rows), dtype=np.float64)
    for start in range(0, len(rows), 50_000):
        r, c = rows[start:start + 50_000], cols[start:start + 50_000]
        out[start:start + len(r)] = np.einsum("ij,ij->i", vectors[r], vectors[c])
    return out


def semantic_brake(cosines: np.ndarray) -> np.ndarray:
    """The semantic factor of mix_semantic capped at 1: what holds a shared-neighbour score down.

    Two reports can share neighbours (the same topic's other reports) while their own leads tell
    other news; their lift is scaled down as their first-order score is, but never raised by it.
    """
    return np.minimum(np.maximum(1.0 + SEMANTIC_GAIN * (cosines - SEMANTIC_PIVOT), 0.0), 1.0)


def mix_semantic(text: np.ndarray, cosines: np.ndarray) -> np.ndarray:
    """The text score scaled by the leads' embedding cosine (see SEMANTIC_GAIN, SEMANTIC_PIVOT).

    A scaling rather than a weighted sum: the embedding then cannot join two reports that share
    no words on its own (TF-IDF scores are small, cosines of unrelated leads are not), it only
    sharpens what the words already say.
    """
    return text * np.maximum(1.0 + SEMANTIC_GAIN * (cosines - SEMANTIC_PIVOT), 0.0)


def cap_names(cosines: np.ndarray, names: np.ndarray | None, cap: float = NAME_SHARE_CAP) -> np.ndarray:
    """The body cosine with the shared names' part held to ``cap`` x the rest (the event's words)."""
    if names is None:
        return cosines
    content = cosines - names
    return content + np.minimum(names, cap * content)


def time_factor(days_a: np.ndarray, days_b: np.ndarray) -> np.ndarray:
    """Multiplier in [TIME_FLOOR, 1] from the publication gap; 1 when either date is unknown."""
    gap = np.abs(days_a - days_b)
    late = np.maximum(np.nan_to_num(gap, nan=0.0) - TIME_GRACE_DAYS, 0.0)
    return TIME_FLOOR + (1.0 - TIME_FLOOR) * np.exp2(-late / TIME_HALF_LIFE_DAYS)


def score_pairs(features: Features, rows: np.ndarray, cols: np.ndarray,
                reuse: set[tuple[int, int]] | None = None) -> np.ndarray:
    """Same-event score in [0, 1] for each pair (rows[k], cols[k]) of feature rows."""
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    cap = TFIDF_NAME_SHARE_CAP if features.semantic is None else NAME_SHARE_CAP
    text = BODY_WEIGHT * cap_names(row_dots(features.body, rows, cols),
                                   None if features.names is None else row_dots(features.names, rows, cols), cap)
    if features.semantic is not None:
        text = mix_semantic(text, semantic_cosines(features.semantic, rows, cols))
    if features.entities is not None:
        text += ENTITY_WEIGHT * row_dots(features.entities, rows, cols)
    if features.title is not None:
        titles = row_dots(features.title, rows, cols)
        if TITLE_WEIGHT:
            text += TITLE_WEIGHT * titles
        if TITLE_LIFT:
            text = np.maximum(text, title_lift(titles))
    score = text * time_factor(features.days[rows], features.days[cols])
    if reuse:
        score = np.where(linked_mask(reuse, rows, cols), np.maximum(score, REUSE_SCORE), score)
    return np.clip(score, 0.0, 1.0)


def linked_mask(reuse: set[tuple[int, int]], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """True for each pair (rows[k], cols[k]) joined by a same-origin reuse link, in either order."""
    if not reuse:
        return np.zeros(len(rows), dtype=bool)
    # Unordered pairs as one int64 key each, looked up with np.isin: a Python loop over every
    # scored pair cost more than the scoring itself on large corpora (tens of pairs an article).
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    linked = np.array(sorted(reuse), dtype=np.int64).reshape(-1, 2)
    width = int(max(linked.max(), rows.max(initial=0), cols.max(initial=0))) + 1
    keys = np.minimum(linked[:, 0], linked[:, 1]) * width + np.maximum(linked[:, 0], linked[:, 1])
    return np.isin(np.minimum(rows, cols) * width + np.maximum(rows, cols), keys)


def reuse_pairs(links: list[ReuseLink], ids: list[str]) -> set[tuple[int, int]]:
    """Row-index pairs joined by a same-origin reuse link (links to unknown ids are ignored)."""
    index = {article_id: n for n, article_id in enumerate(ids)}
    return {(index[link.a], index[link.b]) for link in links
            if link.relation in SAME_ORIGIN_RELATIONS and link.a in index and link.b in index}


def pair_score(a: Article, b: Article, links: list[ReuseLink] | None = None, semantic: bool = False) -> float:
    """Same-event score of two articles alone (IDF from the pair itself; for ad-hoc comparisons)."""
    features = build_features([a, b], semantic)
    return float(score_pairs(features, np.array([0]), np.array([1]),
                             reuse_pairs(links or [], features.ids))[0])


def neighbour_vectors(n: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray,
                      ratio: float | None = None) -> sparse.csr_matrix:
    """Row i: article i's neighbours and their first-order scores (see NEIGHBOUR_K, _FLOOR, _RATIO).

    ``rows``/``cols`` list each scored pair once; ``ratio`` replaces NEIGHBOUR_RATIO. The relation
    is made symmetric (a neighbour of mine counts me as its neighbour too), so both ends of a pair
    see the same overlap.
    """
    best = np.zeros(n)
    np.maximum.at(best, rows, weights)
    np.maximum.at(best, cols, weights)
    ratio = NEIGHBOUR_RATIO if ratio is None else ratio
    keep = (weights >= NEIGHBOUR_FLOOR) & (weights >= ratio * np.maximum(best[rows], best[cols]))
    a = np.concatenate([rows[keep], cols[keep]]).astype(np.int64)
    b = np.concatenate([cols[keep], rows[keep]]).astype(np.int64)
    w = np.concatenate([weights[keep], weights[keep]])
    order = np.lexsort((b, -w, a))
    a, b, w = a[order], b[order], w[order]
    starts = np.searchsorted(a, np.arange(n))
    top = (np.arange(len(a)) - starts[a]) < NEIGHBOUR_K
    matrix = sparse.csr_matrix((w[top], (a[top], b[top])), shape=(n, n))
    return matrix.maximum(matrix.T).tocsr()


def shared_neighbour_pairs(neighbours: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) with at least one neighbour in common: they may score by second order alone."""
    linked = neighbours.copy()
    linked.data[:] = 1.0
    product = sparse.triu(linked @ linked.T, k=1).tocoo()
    return product.row.astype(np.int64), product.col.astype(np.int64)


def shared_neighbour_scores(neighbours: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each pair (rows[k], cols[k]): the sum over shared neighbours of the weaker of the two scores."""
    out = np.zeros(len(rows), dtype=np.float64)
    for start in range(0, len(rows), 50_000):
        r, c = rows[start:start + 50_000], cols[start:start + 50_000]
        out[start:start + len(r)] = np.asarray(neighbours[r].minimum(neighbours[c]).sum(axis=1)).ravel()
    return out


def lift_second_order(first: np.ndarray, second: np.ndarray, linked: np.ndarray | None = None) -> np.ndarray:
    """The final pair score: the higher of the first-order and shared-neighbour scores; reuse links lift it."""
    score = np.maximum(first, second)
    if linked is not None:
        score = np.where(linked, np.maximum(score, REUSE_SCORE), score)
    return np.clip(score, 0.0, 1.0)
