"""Same-event pair scoring: text, title, named-entity, time and reuse signals combined into one score."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy import sparse

from .records import SAME_ORIGIN_RELATIONS, Article, ReuseLink
from .text import stop_words

# Signal weights of the pair score. Calibrated once (grid over weights, time decay and the
# clustering threshold on DUC 2004 and Giveme5W1H, constrained to keep look-alike events apart in
# tests/test_cluster.py), then frozen for every corpus. Measured there:
# - proper-noun overlap (0.2-0.4 of the weight) gained <= 0.01 B-cubed F1 on the topic-level gold
#   sets but joins look-alike events, which share their actors (mayor, town): kept at 0;
# - titles alone (0.1-0.2) cost 0.005-0.01 F1 on DUC 2004: they count through the body text.
BODY_WEIGHT = 1.0  # TF-IDF cosine of title + lead + body
ENTITY_WEIGHT = 0.0
TITLE_WEIGHT = 0.0
# Time: reports of one event cluster within days. Beyond TIME_GRACE_DAYS the score decays with
# half-life TIME_HALF_LIFE_DAYS, down to TIME_FLOOR of its value (a slow-burning story still
# groups; two look-alike events weeks apart separate). Calibrated on DUC 2004 (its topics span
# up to two months, so the decay stays gentle).
TIME_GRACE_DAYS = 3.0
TIME_HALF_LIFE_DAYS = 14.0
TIME_FLOOR = 0.5
REUSE_SCORE = 0.9  # a same-origin reuse link (copy, edit, rewrite) is near-certain evidence of one event
LEAD_CHARS = 600  # the lead (first ~3 sentences) is where names of the event's actors appear
BODY_WORDS = 600  # cap on words vectorised per article: keeps memory and time linear at scale

_PROPER = re.compile(r"\b[A-Z][\w'\u2019-]*(?:\.[A-Z])*\b")
_LEAD_WORDS = re.compile(r"\S+")


@dataclass(slots=True)
class Features:
    """Vectors for a list of articles, row i for article i: all L2-normalised sparse rows."""

    ids: list[str]
    body: sparse.csr_matrix
    title: sparse.csr_matrix
    entities: sparse.csr_matrix
    days: np.ndarray  # days since the epoch (float), NaN when the date is unknown


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


def body_text(article: Article) -> str:
    """Title, then the first BODY_WORDS words of the body (the title counts twice, lead first)."""
    head = " ".join(_LEAD_WORDS.findall(article.text)[:BODY_WORDS])
    return f"{article.title}\n{head}"


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


def build_features(articles: list[Article]) -> Features:
    """Vectorise articles: TF-IDF of bodies and titles (one vocabulary), binary entity vectors."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    body = vectorizer.fit_transform([body_text(a) for a in articles]).tocsr()
    title = normalize(vectorizer.transform([a.title for a in articles])).tocsr()
    names = TfidfVectorizer(analyzer=_identity, binary=True, dtype=np.float32)
    entities = names.fit_transform([entity_tokens(a) for a in articles]).tocsr()
    days = np.array([parse_day(a.published) for a in articles], dtype=np.float64)
    return Features([a.id for a in articles], body, title, entities, days)


def _row_dots(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Dot products of matrix[rows[k]] and matrix[cols[k]] for every k (chunked, sparse)."""
    out = np.empty(len(rows), dtype=np.float64)
    for start in range(0, len(rows), 50_000):
        r, c = rows[start:start + 50_000], cols[start:start + 50_000]
        out[start:start + len(r)] = np.asarray(matrix[r].multiply(matrix[c]).sum(axis=1)).ravel()
    return out


def time_factor(days_a: np.ndarray, days_b: np.ndarray) -> np.ndarray:
    """Multiplier in [TIME_FLOOR, 1] from the publication gap; 1 when either date is unknown."""
    gap = np.abs(days_a - days_b)
    late = np.maximum(np.nan_to_num(gap, nan=0.0) - TIME_GRACE_DAYS, 0.0)
    return TIME_FLOOR + (1.0 - TIME_FLOOR) * np.exp2(-late / TIME_HALF_LIFE_DAYS)


def score_pairs(features: Features, rows: np.ndarray, cols: np.ndarray,
                reuse: set[tuple[int, int]] | None = None) -> np.ndarray:
    """Same-event score in [0, 1] for each pair (rows[k], cols[k]) of feature rows."""
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    text = BODY_WEIGHT * _row_dots(features.body, rows, cols)
    if ENTITY_WEIGHT:
        text += ENTITY_WEIGHT * _row_dots(features.entities, rows, cols)
    if TITLE_WEIGHT:
        text += TITLE_WEIGHT * _row_dots(features.title, rows, cols)
    score = text * time_factor(features.days[rows], features.days[cols])
    if reuse:
        linked = np.array([(int(a), int(b)) in reuse or (int(b), int(a)) in reuse
                           for a, b in zip(rows, cols)], dtype=bool)
        score = np.where(linked, np.maximum(score, REUSE_SCORE), score)
    return np.clip(score, 0.0, 1.0)


def reuse_pairs(links: list[ReuseLink], ids: list[str]) -> set[tuple[int, int]]:
    """Row-index pairs joined by a same-origin reuse link (links to unknown ids are ignored)."""
    index = {article_id: n for n, article_id in enumerate(ids)}
    return {(index[link.a], index[link.b]) for link in links
            if link.relation in SAME_ORIGIN_RELATIONS and link.a in index and link.b in index}


def pair_score(a: Article, b: Article, links: list[ReuseLink] | None = None) -> float:
    """Same-event score of two articles alone (IDF from the pair itself; for ad-hoc comparisons)."""
    features = build_features([a, b])
    return float(score_pairs(features, np.array([0]), np.array([1]),
                             reuse_pairs(links or [], features.ids))[0])
