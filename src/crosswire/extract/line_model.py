"""Learned line classifier for scraped text: features of a line, its neighbours and its page, and a tree model.

The hand-weighted score of ``clutter.py`` judges each line alone and keeps one contiguous run;
this model sees more: the rule score and shape of the neighbouring lines, where the line sits
among the page's candidate blocks (best run, second run, ...), its distance to dates and bylines
(comment headers), and page-level figures. Its probabilities feed the same main-block decoding.

The model is a small gradient-boosted tree ensemble stored as JSON (``line_model.json``, numbers
only); ``fit`` retrains it (scikit-learn) from labelled pages, ``LineModel.probabilities``
evaluates it with numpy.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import numpy as np

from ..text import ngrams, stop_words, words
from .clutter import BLOCK_THRESHOLD, BREAK_COST, LineScore, keep_flags, main_block

# The shipped model (numbers only) was trained on all 181 pages of the article-extraction data
# set (MIT-licensed; ../shared/data/article-extraction) turned into scraped text, by
# ``benchmarks/clutter.py --train``; that benchmark's headline figure is page-level CV, not this model.
MODEL_FILE = "line_model.json"
# Neighbours whose features a line sees directly (offsets in lines).
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
# Half-widths of the windows over which the rule probability is averaged (word-weighted).
WINDOWS = (2, 5, 12)
# How many candidate blocks (runs found by repeated maximum sub-array) are ranked per page.
MAX_BLOCKS = 6
# Distances (in lines) are clipped here: farther than this is "far" for every feature.
FAR = 40

# Dates and times inside a line ("May 3, 2018", "03/05/2018", "6:34 am", "3 hours ago").
# Month names are spelled out or abbreviated, never any word that starts like one ("Martinez 1").
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATED = re.compile(rf"\b{_MONTH}\.? \d{{1,2}}\b|\b\d{{1,2}} {_MONTH}\b|"
                    r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b|"
                    r"\b\d+ (second|minute|hour|day|week|month|year)s? ago\b", re.IGNORECASE)
# Lines longer than this are prose that mentions a date, not a header.
DATED_MAX_CHARS = 120
# The signature of a post embedded in the article ("— Jo Doe (@jodoe) May 3, 2019"): it carries a
# date but is part of the story, not the page's dateline or a comment header, so it must not end
# the article block (on the clutter benchmark such lines sat inside 9 of the 181 articles).
_EMBED_SIGNATURE = re.compile(r"^[\u2014\u2013-]{1,2}\s*[^()]{1,80}\(@\w{1,30}\)")
_QUOTE_START = re.compile(r"^[\"'\u201c\u2018\u00ab]")
_SYMBOLS = re.compile(r"[|•·»«›‹→←/\\#*@+=<>\[\]{}~^_]")

FEATURE_NAMES: list[str] = []


def _names() -> list[str]:
    """Feature names in column order (documentation and a check on the stored model)."""
    own = ["log_words", "sentence_end", "boilerplate", "link", "credit", "echo", "log_repeats", "topic",
           "rule_p", "capitalised", "digits", "inner_sentences", "commas_per_word", "stop_ratio",
           "mean_word_len", "meta", "crumb", "ends_colon", "starts_quote", "log_chars", "symbols",
           "upper_ratio", "ends_question", "title_like", "dated"]
    neighbours = [f"{k}_{o:+d}" for o in NEIGHBOUR_OFFSETS
                  for k in ("log_words", "sentence_end", "rule_p", "topic", "meta")]
    windows = [f"window_p_{w}" for w in WINDOWS] + [f"window_long_{w}" for w in WINDOWS]
    layout = ["rel_line", "rel_words", "rule_keep", "in_rule_block", "before_block", "after_block",
              "block_rank", "block_ratio", "block_words_share", "block_meta", "prev_meta_dist", "next_meta_dist",
              "meta_after_in_block", "first_long_dist", "page_log_lines", "page_log_words", "page_prose_share",
              "page_blocks", "words_before_share", "words_after_share", "dated_near", "dated_after"]
    return own + neighbours + windows + layout


FEATURE_NAMES.extend(_names())


@dataclass(slots=True)
class _Own:
    """Per-line values computed once and reused by the neighbour and window features."""

    words: np.ndarray
    log_words: np.ndarray
    sentence_end: np.ndarray
    rule_p: np.ndarray
    topic: np.ndarray
    meta: np.ndarray


def line_features(scores: list[LineScore], meta: set[int], crumbs: set[int]) -> np.ndarray:
    """One row of ``FEATURE_NAMES`` per line: the line itself, its neighbours, its block and page."""
    if not scores:
        return np.zeros((0, len(FEATURE_NAMES)))
    own_rows = [_own_features(s, i in meta, i in crumbs) for i, s in enumerate(scores)]
    own = _Own(words=np.array([s.words for s in scores], dtype=float),
               log_words=np.array([r[0] for r in own_rows]), sentence_end=np.array([r[1] for r in own_rows]),
               rule_p=np.array([s.probability for s in scores]), topic=np.array([s.topic for s in scores]),
               meta=np.array([i in meta for i in range(len(scores))], dtype=float))
    columns = [np.array(own_rows), _neighbour_features(own), _window_features(own),
               _layout_features(scores, own, meta)]
    return np.hstack(columns)


def _own_features(score: LineScore, meta: bool, crumb: bool) -> list[float]:
    """Shape of the line alone (what the rule score saw, and a few more traits)."""
    text = score.text
    tokens = text.split()
    alpha = [t for t in tokens if t[:1].isalpha()]
    lower = [t.lower().strip(".,;:!?\"'()") for t in tokens]
    n = max(len(tokens), 1)
    letters = [ch for ch in text if ch.isalpha()]
    return [math.log1p(score.words), float(score.sentence_end), float(score.boilerplate), float(score.link),
            float(score.credit), float(score.echo), math.log2(max(score.repeats, 1)), score.topic,
            score.probability,
            sum(t[0].isupper() for t in alpha) / len(alpha) if alpha else 1.0,
            sum(ch.isdigit() for ch in text) / max(len(text), 1),
            min(len(re.findall(r"[.!?][\"'\u201d\u2019]?\s+[A-Z\"\u201c]", text)), 5),
            text.count(",") / n, sum(w in stop_words() for w in lower) / n,
            sum(len(t) for t in tokens) / n, float(meta), float(crumb), float(text.rstrip().endswith(":")),
            float(bool(_QUOTE_START.search(text))), math.log1p(len(text)), len(_SYMBOLS.findall(text)) / n,
            sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0,
            float(text.rstrip().endswith("?")),
            float(3 <= score.words <= 20 and not score.sentence_end), float(_is_dated(text))]


def _is_dated(text: str) -> bool:
    """A short line holding a date or clock time (comment and teaser headers: "Jo on May 3, 2018 at 6:34 am")."""
    return len(text) < DATED_MAX_CHARS and bool(_DATED.search(text)) and not is_embed_signature(text)


def is_embed_signature(text: str) -> bool:
    """The signature line of an embedded social post ("— Jo Doe (@jodoe) May 3, 2019"): story, not header."""
    return bool(_EMBED_SIGNATURE.search(text.strip()))


def _shifted(values: np.ndarray, offset: int, fill: float) -> np.ndarray:
    """``values[i + offset]`` for every i, ``fill`` beyond the page's ends."""
    out = np.full_like(values, fill)
    if offset > 0:
        out[:-offset] = values[offset:]
    else:
        out[-offset:] = values[:offset]
    return out


def _neighbour_features(own: _Own) -> np.ndarray:
    """Word count, prose ending, rule probability, topic and metadata flag of nearby lines."""
    cols = []
    for offset in NEIGHBOUR_OFFSETS:
        cols += [_shifted(own.log_words, offset, -1.0), _shifted(own.sentence_end, offset, -1.0),
                 _shifted(own.rule_p, offset, -1.0), _shifted(own.topic, offset, -1.0),
                 _shifted(own.meta, offset, -1.0)]
    return np.column_stack(cols)


def _window_features(own: _Own) -> np.ndarray:
    """Word-weighted rule probability and share of long lines in windows around each line."""
    n = len(own.words)
    weighted = np.concatenate([[0.0], np.cumsum(own.words * own.rule_p)])
    total = np.concatenate([[0.0], np.cumsum(own.words)])
    long_lines = np.concatenate([[0.0], np.cumsum(own.words >= 15)])
    index = np.arange(n)
    cols_p, cols_long = [], []
    for width in WINDOWS:
        lo, hi = np.clip(index - width, 0, n), np.clip(index + width + 1, 0, n)
        mass = total[hi] - total[lo]
        cols_p.append(np.where(mass > 0, (weighted[hi] - weighted[lo]) / np.maximum(mass, 1e-9), 0.0))
        cols_long.append((long_lines[hi] - long_lines[lo]) / (hi - lo))
    return np.column_stack(cols_p + cols_long)


def ranked_blocks(probabilities: list[float], word_counts: list[int],
                  breaks: set[int] | frozenset[int]) -> list[tuple[float, int, int]]:
    """Candidate article blocks, best first: the maximum run, then the best runs left and right of it."""
    found: list[tuple[float, int, int]] = []
    pending = [(0, len(probabilities))]
    while pending and len(found) < MAX_BLOCKS:
        lo, hi = pending.pop()
        start, end = main_block(probabilities[lo:hi], word_counts[lo:hi], {b - lo for b in breaks if lo <= b < hi})
        if end <= start:
            continue
        value = sum(n * (p - BLOCK_THRESHOLD) for p, n in zip(probabilities[lo + start:lo + end],
                                                               word_counts[lo + start:lo + end]))
        if value <= 0:
            continue
        found.append((value, lo + start, lo + end))
        pending += [(lo, lo + start), (lo + end, hi)]
    return sorted(found, key=lambda b: (-b[0], b[1]))


def _layout_features(scores: list[LineScore], own: _Own, meta: set[int]) -> np.ndarray:
    """Where the line sits: in which candidate block, how far from metadata lines, share of the page."""
    n = len(scores)
    words = own.words
    total = max(words.sum(), 1.0)
    probabilities = [s.probability for s in scores]
    counts = [s.words for s in scores]
    blocks = ranked_blocks(probabilities, counts, meta)
    rule_keep = keep_flags(scores, meta)
    start, end = (blocks[0][1], blocks[0][2]) if blocks else (0, 0)
    best = blocks[0][0] if blocks else 1.0
    rank, ratio, share, block_meta = np.full(n, MAX_BLOCKS + 1.0), np.zeros(n), np.zeros(n), np.zeros(n)
    for position, (value, lo, hi) in enumerate(blocks, start=1):
        rank[lo:hi], ratio[lo:hi] = position, value / best
        share[lo:hi] = words[lo:hi].sum() / total
        block_meta[lo:hi] = sum(1 for m in meta if lo <= m < hi)
    prev_meta, next_meta = _meta_distances(n, meta)
    meta_after = np.array([sum(1 for m in meta if i < m < end) if start <= i < end else 0 for i in range(n)], float)
    long_lines = [i for i, c in enumerate(counts) if c >= 15]
    first_long = long_lines[0] if long_lines else n
    cumulative = np.cumsum(words)
    index = np.arange(n)
    prose_share = words[own.sentence_end > 0].sum() / total
    return np.column_stack([
        index / max(n - 1, 1), (cumulative - words) / total, np.array(rule_keep, float),
        ((index >= start) & (index < end)).astype(float),
        np.clip(start - index, 0, FAR) / FAR, np.clip(index - end + 1, 0, FAR) / FAR,
        rank, ratio, share, np.log1p(block_meta), prev_meta, next_meta, np.log1p(meta_after),
        np.clip(index - first_long, -FAR, FAR) / FAR, np.full(n, math.log1p(n)), np.full(n, math.log1p(total)),
        np.full(n, prose_share), np.full(n, float(len(blocks))), (cumulative - words) / total,
        (total - cumulative) / total, *_dated_counts(scores)])


def _dated_counts(scores: list[LineScore]) -> tuple[np.ndarray, np.ndarray]:
    """How many dated lines lie within 5 lines, and within FAR lines after (comment threads have many)."""
    dated = np.concatenate([[0.0], np.cumsum([_is_dated(s.text) for s in scores])])
    n = len(scores)
    index = np.arange(n)
    near = dated[np.clip(index + 6, 0, n)] - dated[np.clip(index - 5, 0, n)]
    after = dated[np.clip(index + FAR + 1, 0, n)] - dated[index + 1]
    return np.log1p(near), np.log1p(after)


def _meta_distances(n: int, meta: set[int]) -> tuple[np.ndarray, np.ndarray]:
    """Distance (in lines, clipped, scaled to [0, 1]) to the nearest metadata line before and after."""
    prev, nxt = np.ones(n), np.ones(n)
    last = None
    for i in range(n):
        if last is not None:
            prev[i] = min(i - last, FAR) / FAR
        if i in meta:
            last = i
    last = None
    for i in range(n - 1, -1, -1):
        if last is not None:
            nxt[i] = min(last - i, FAR) / FAR
        if i in meta:
            last = i
    return prev, nxt


@dataclass(slots=True)
class Trees:
    """A boosted tree ensemble as flat arrays (one row of nodes per tree).

    Leaves point to themselves, so every row reaches its leaf after ``depth`` steps.
    """

    features: np.ndarray  # (trees, nodes) feature index tested at each node
    thresholds: np.ndarray  # (trees, nodes) go left when value <= threshold
    left: np.ndarray
    right: np.ndarray
    values: np.ndarray  # (trees, nodes) leaf contribution (learning rate included)
    base: float  # initial log-odds
    depth: int

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each row (line) is article text."""
        if len(rows) == 0:
            return np.zeros(0)
        trees = np.arange(self.features.shape[0])[None, :]
        node = np.zeros((len(rows), self.features.shape[0]), dtype=np.int64)
        line = np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            value = rows[line, self.features[trees, node]]
            node = np.where(value <= self.thresholds[trees, node], self.left[trees, node], self.right[trees, node])
        logit = self.base + self.values[trees, node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-logit))

    def to_json(self) -> dict:
        """The ensemble as plain numbers."""
        return {"base": self.base, "depth": self.depth, "features": self.features.tolist(),
                "thresholds": [[round(float(t), 6) for t in row] for row in self.thresholds],
                "left": self.left.tolist(), "right": self.right.tolist(),
                "values": [[round(float(v), 6) for v in row] for row in self.values]}

    @classmethod
    def from_json(cls, data: dict) -> Trees:
        """Rebuild an ensemble saved by ``to_json``."""
        return cls(features=np.array(data["features"], dtype=np.int64), thresholds=np.array(data["thresholds"]),
                   left=np.array(data["left"], dtype=np.int64), right=np.array(data["right"], dtype=np.int64),
                   values=np.array(data["values"]), base=float(data["base"]), depth=int(data["depth"]))


@dataclass(slots=True)
class LineModel:
    """The tree ensemble over ``FEATURE_NAMES`` and how its probabilities are decoded into kept lines."""

    trees: Trees
    threshold: float  # a line counts as article text (and for the main block) from this probability
    gap_cost: float  # words each line below the threshold costs the block (clutter.main_block)

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each line is article text."""
        return self.trees.probabilities(rows)

    def to_json(self) -> dict:
        """The model as plain numbers (what ``line_model.json`` holds)."""
        return {"feature_names": FEATURE_NAMES, "threshold": self.threshold, "gap_cost": self.gap_cost,
                "trees": self.trees.to_json()}

    @classmethod
    def from_json(cls, data: dict) -> LineModel:
        """Rebuild a model saved by ``to_json``; refuses one trained on other features."""
        if data["feature_names"] != FEATURE_NAMES:
            raise ValueError("line model was trained on different features; retrain it (benchmarks/clutter.py --train)")
        return cls(Trees.from_json(data["trees"]), float(data["threshold"]), float(data["gap_cost"]))


@lru_cache(maxsize=1)
def default_model() -> LineModel | None:
    """The model shipped with the package, or None when the file is absent (rules then decide alone)."""
    path = resources.files("crosswire").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return LineModel.from_json(json.loads(path.read_text(encoding="utf-8")))


# --- Training (scikit-learn; used by benchmarks/clutter.py, not at run time) ------------------
# Ensemble size: TREES trees of at most DEPTH levels, learning rate 0.1, at least MIN_LEAF lines
# a leaf. Best of five settings compared by 5-fold CV F1 on the clutter benchmark, with the former
# min(model, rules) decoding (.902; 100 trees with 100-line leaves .895, 300 of depth 3 at rate 0.05
# .895, 400 of depth 5 .895, 300 of depth 6 .902). With the present decoding, 200-line leaves gave
# .905 against .912, and weighting each page's lines to the same total (the metric averages pages) .903.
TREES = 200
DEPTH = 4
LEARNING_RATE = 0.1
MIN_LEAF = 40  # lines per leaf: keeps a leaf from describing one page's quirk
# Article lines weigh this much more than clutter lines in training (beyond their word counts).
# Tilting toward recall (1.5) was measured on the clutter benchmark's mean of 3 CV splits: F1
# .9266 -> .9281 (precision .9549 -> .9521) before the keyword-list rule (clutter.KEYWORDS_WEIGHT),
# .9320 -> .9323 (precision .9582 -> .9560) with it: within noise, so lines weigh equally.
POSITIVE_WEIGHT = 1.0
# Decoding: a line with probability >= DECODE_THRESHOLD is article text when it lies in the main
# block (maximum word-weighted run of p - DECODE_THRESHOLD), and every line below it costs the
# block at least DECODE_GAP_COST words. p is the geometric mean of the model's and the rules'
# probabilities (weight MODEL_WEIGHT on the model's). Chosen on the 5-fold cross-validated figures
# of the clutter benchmark (so the CV figure is slightly optimistic: these few decoding settings
# were picked on it). With the geometric mean, (threshold, gap cost) 0.5/0 .908, 0.5/3 .908,
# 0.5/6 .912, 0.5/10 .897, 0.6/3 .910, 0.6/6 .902; with the former min(model, rules), 0.5/0
# gave .907 at precision .941 (same features). Model weights 0.5 / 0.65 / 0.8 were within .001.
DECODE_THRESHOLD = 0.5
DECODE_GAP_COST = 6.0
MODEL_WEIGHT = 0.5
# A short dated line ("Jo Bloggs on May 3, 2018 at 6:34 am said:") ends the article block like a
# standalone date does in the rules (clutter.BREAK_COST). Up to 12 words: on the benchmark's CV,
# 8 / 12 / 20 words gave F1 .9032 / .9033 / .9024 against .9018 without (precision +.0035).
DATED_BREAK_WORDS = 12


@dataclass(slots=True)
class LabelledPage:
    """One training page: its feature rows, labels (1 = article line) and weights (its word counts)."""

    rows: np.ndarray
    labels: np.ndarray
    weights: np.ndarray


def fit(pages: list[LabelledPage]) -> LineModel:
    """Train the tree ensemble on labelled pages (scikit-learn's histogram gradient boosting)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    booster = HistGradientBoostingClassifier(max_iter=TREES, max_depth=DEPTH, learning_rate=LEARNING_RATE,
                                             min_samples_leaf=MIN_LEAF, early_stopping=False, random_state=0)
    labels = np.concatenate([p.labels for p in pages])
    weights = np.concatenate([p.weights for p in pages]) * np.where(labels == 1, POSITIVE_WEIGHT, 1.0)
    booster.fit(np.vstack([p.rows for p in pages]), labels, sample_weight=weights)
    return LineModel(_export(booster), DECODE_THRESHOLD, DECODE_GAP_COST)


def _export(booster) -> Trees:
    """Flatten scikit-learn's histogram trees into padded node arrays (leaves loop to themselves).

    Reads the fitted predictors' node table (``_predictors``): scikit-learn has no public export.
    """
    trees = [predictors[0].nodes for predictors in booster._predictors]
    width = max(len(t) for t in trees)
    shape = (len(trees), width)
    features, left, right = np.zeros(shape, np.int64), np.zeros(shape, np.int64), np.zeros(shape, np.int64)
    thresholds, values = np.zeros(shape), np.zeros(shape)
    for k, nodes in enumerate(trees):
        count, leaf, index = len(nodes), nodes["is_leaf"].astype(bool), np.arange(len(nodes))
        features[k, :count] = np.where(leaf, 0, nodes["feature_idx"])
        thresholds[k, :count] = np.where(leaf, 0.0, nodes["num_threshold"])
        left[k, :count] = np.where(leaf, index, nodes["left"])
        right[k, :count] = np.where(leaf, index, nodes["right"])
        values[k, :count] = np.where(leaf, nodes["value"], 0.0)
    depth = int(max(t["depth"].max() for t in trees))
    return Trees(features=features, thresholds=thresholds, left=left, right=right, values=values,
                 base=float(np.ravel(booster._baseline_prediction)[0]), depth=depth)


def decode(scores: list[LineScore], probabilities: np.ndarray, model: LineModel,
           breaks: set[int] | frozenset[int] = frozenset(), *, dateline: int | None = None,
           dated: set[int] | frozenset[int] = frozenset()) -> list[bool]:
    """Kept lines: the model's probabilities decoded like the rules' (main block, then crossheads).

    A line counts with the geometric mean of the model's and the rules' probabilities: the
    model moves the block and drops prose-shaped clutter (comments, footers) the rules keep, the
    rules pull down clutter-shaped lines (share prompts, tags, link lines) inside the article,
    where the model trusts the neighbourhood too much, and lift prose the model doubts (an
    article's lines just after its dateline). On the benchmark's CV (threshold 0.5, gap cost 6)
    this gave F1 .912 (precision .941) against .907 (.941) for the lower of the two and .910
    (.933) for the model alone.

    ``dateline`` (the first line holding a date or byline) and ``dated`` (metadata lines holding
    a date) let the prose under the page's dateline win over a block that a comment thread or a
    teaser list made larger (``_dateline_block``). Four clean-ups follow: long lines repeating
    kept text are dropped (``_drop_repeats``), so are the block's weak parts across dated headers
    (``_drop_weak_segments``), the likely lines between the article's header and the block are
    added (``_fill_from_header``), and so is a list that a colon line under the block announces
    (``_extend_announced_list``).
    """
    judged = [replace(score, probability=float(p) ** MODEL_WEIGHT * score.probability ** (1.0 - MODEL_WEIGHT))
              for score, p in zip(scores, probabilities)]
    headers = {i for i, score in enumerate(scores) if score.words <= DATED_BREAK_WORDS and _is_dated(score.text)}
    cuts = set(breaks) | headers
    keep = keep_flags(judged, cuts, threshold=model.threshold, gap_cost=model.gap_cost)
    if dateline is not None:
        keep = _prefer_dateline_block(scores, keep, cuts, dateline, headers | set(dated), model)
    keep = _fill_from_header(judged, _drop_weak_segments(judged, _drop_repeats(scores, keep), cuts), cuts)
    return _extend_announced_list(scores, probabilities, keep, breaks)


# Text kept twice. A page may show its article a second time (a data blob, a print version, a
# teaser repeating the lead): a kept line of at least REPEAT_MIN_WORDS words whose word trigrams
# mostly (REPEAT_SHARE) occur in the kept lines above it adds no text, only a duplicate. Chosen
# on the clutter benchmark's held-out (5-fold CV) figures, so that figure is optimistic by this
# choice: F1 +.003 (6 pages changed, 5 for the better); 10 words or a share of .6 lost pages of
# short repeated lines, .9 was within .0002.
REPEAT_MIN_WORDS = 20
REPEAT_SHARE = 0.8


def _drop_repeats(scores: list[LineScore], keep: list[bool]) -> list[bool]:
    """``keep`` without long kept lines whose text the kept lines above them already hold."""
    seen: set[tuple[str, ...]] = set()
    out = list(keep)
    for i, kept in enumerate(keep):
        if not kept:
            continue
        grams = ngrams(words(scores[i].text), 3)
        if scores[i].words >= REPEAT_MIN_WORDS and grams and len(grams & seen) >= REPEAT_SHARE * len(grams):
            out[i] = False
        seen |= grams
    return out


# A kept block that runs across header lines (dates, bylines, other metadata) may join a teaser list to
# the article under its own date. Split at those headers, a part whose word-weighted mean
# probability (the decoded, geometric-mean one) lies more than SEGMENT_MARGIN below the best
# part's is dropped, with everything beyond it. Chosen on the clutter benchmark's held-out
# figures (optimistic by this choice): 8 of 181 blocks hold such headers; margins .05 / .1 / .15
# gave F1 +.0023 / +.0023 / +.0024 (1-2 pages changed: .05 and .1 also cut a short last part).
SEGMENT_MARGIN = 0.15


def _drop_weak_segments(judged: list[LineScore], keep: list[bool], cuts: set[int]) -> list[bool]:
    """``keep`` limited to the span of its parts (split at header lines) that score near the best part."""
    kept = [i for i, k in enumerate(keep) if k]
    inner = sorted(c for c in cuts if kept and kept[0] < c < kept[-1])
    if not inner:
        return keep
    bounds = [kept[0], *inner, kept[-1] + 1]
    parts = []
    for lo, hi in pairwise(bounds):
        mass = sum(judged[i].words for i in range(lo, hi) if keep[i])
        if mass:
            parts.append((lo, hi, sum(judged[i].words * judged[i].probability for i in range(lo, hi) if keep[i]) / mass))
    if len(parts) < 2:
        return keep
    best = max(mean for _lo, _hi, mean in parts)
    strong = [(lo, hi) for lo, hi, mean in parts if mean >= best - SEGMENT_MARGIN]
    start, end = strong[0][0], strong[-1][1]
    start += start in cuts  # the header opening the kept part (a crosshead inside the joined block) is no text
    return [k and start <= i < end for i, k in enumerate(keep)]


# The article under the dateline. A page's first date or byline line heads its article; when the
# chosen block lies elsewhere and a comment thread or teaser list explains why, the prose that
# starts right under the dateline (by the RULES' probabilities: the model's doubt of short articles
# above a thread is the failure being corrected) is the article instead. Chosen on the clutter
# benchmark's held-out (5-fold CV) figures, so that figure is optimistic by this choice; F1 .912
# -> .925, precision .941 -> .955, 3 of 181 pages changed, none for the worse. The settings sat on
# plateaus: the block may start 1 / 3 / 5 lines under the dateline (same figure), its value
# 10 / 20 words (40 drops one page), 2 or 3 thread headers (1 lets the page's own date, repeated
# above its article, pass for a thread and loses a page), a 20 / 40 / 80-line look-ahead (same
# figure). The colon guard on the dateline (a post's header) changes no benchmark page.
DATELINE_START_LINES = 3  # the block's first prose line lies at most this many lines under the dateline
DATELINE_MIN_VALUE = 20.0  # its word-weighted value sum(words * (p - threshold)), like a 40-word paragraph at p .99
THREAD_HEADERS = 2  # dated headers (other than the dateline itself) that make a comment thread
THREAD_LOOKAHEAD = 40  # lines under the dateline block searched for a thread (the dateline may head one)


def _prefer_dateline_block(scores: list[LineScore], keep: list[bool], cuts: set[int], dateline: int,
                           dated: set[int], model: LineModel) -> list[bool]:
    """The dateline's block instead of ``keep`` when a thread separates them or the kept block is page header.

    Two cases switch: the kept block lies below the dateline's block with a comment thread (at
    least THREAD_HEADERS dated headers) between them; or the kept block ends above the dateline
    (teasers in the page header) and no thread follows the dateline's block. A dateline ending in
    a colon is a post's header (an undated article's first comment), never the article's.
    """
    kept = [i for i, k in enumerate(keep) if k]
    if scores[dateline].text.rstrip().endswith(":"):  # "Jo Doe on May 3, 2018 said:" opens a post, not the article
        return keep
    span = _dateline_block(scores, cuts, dateline, model)
    if not kept or span is None or any(keep[span[0]:span[1]]):
        return keep
    start, end = span
    header = scores[dateline].text.lower()
    if start < kept[0]:
        thread = [j for j in range(end, kept[0]) if j in dated and scores[j].text.lower() != header]
        if len(thread) < THREAD_HEADERS:
            return keep
    elif kept[-1] < dateline:
        if sum(1 for j in range(end, min(len(scores), end + THREAD_LOOKAHEAD)) if j in dated) >= THREAD_HEADERS:
            return keep
    else:
        return keep
    return [start <= i < end and scores[i].probability >= model.threshold for i in range(len(scores))]


def _dateline_block(scores: list[LineScore], cuts: set[int], dateline: int,
                    model: LineModel) -> tuple[int, int] | None:
    """[start, end) of the rules' best run that begins just under the dateline, or None when too weak.

    The run starts at the first prose-scored line within DATELINE_START_LINES lines under the
    dateline and grows as ``clutter.main_block`` would (gap and break costs), ending where its
    running value peaked; it must be worth DATELINE_MIN_VALUE.
    """
    first = dateline + 1
    start = next((i for i in range(first, min(first + DATELINE_START_LINES + 1, len(scores)))
                  if scores[i].probability >= model.threshold and scores[i].words > 0), None)
    if start is None:
        return None
    running, best, end = 0.0, 0.0, start
    for i in range(start, len(scores)):
        words = scores[i].words
        if words == 0 and i not in cuts:
            continue
        value = words * (scores[i].probability - model.threshold)
        running += value if value > 0 else min(value, -(BREAK_COST if i in cuts else model.gap_cost))
        if running <= 0:
            break
        if running > best:
            best, end = running, i + 1
    return (start, end) if best >= DATELINE_MIN_VALUE else None


# The article's first lines under its header. An insert (a newsletter box, a caption) a few lines
# into the article can start the kept block below the article's first paragraphs; when a header
# (date, byline or other metadata line) lies at most HEADER_REACH lines above the block, the lines
# between them that clear HEADER_FILL_THRESHOLD (decoded probability) are kept too. Chosen on the
# clutter benchmark's held-out figures (optimistic by this choice): F1 +.0015, 9 pages changed,
# 6 for the better; reach 6 / 10 / 15 / 20 lines gave +.0000 / +.0009 / +.0015 / +.0015, threshold
# .4 / .6 (reach 10) +.0011 / +.0007. Filling below the block up to the next header gained nothing.
HEADER_REACH = 15
HEADER_FILL_THRESHOLD = 0.5


def _fill_from_header(judged: list[LineScore], keep: list[bool], cuts: set[int]) -> list[bool]:
    """``keep`` plus the likely lines between the nearest header above the kept block and the block."""
    first = next((i for i, k in enumerate(keep) if k), None)
    if first is None:
        return keep
    headers = [c for c in cuts if first - HEADER_REACH <= c < first]
    if not headers:
        return keep
    out = list(keep)
    for i in range(max(headers) + 1, first):
        if judged[i].words > 0 and judged[i].probability >= HEADER_FILL_THRESHOLD:
            out[i] = True
    return out


# A list the article announces. A line ending in a colon just under the kept block ("The tour
# dates:", "What the game offers:") introduces a list the article goes on with (dates, venues,
# features), whose short items score low with the rules; its items run until the model sees page
# furniture (probability under LIST_MIN_PROBABILITY: menus and share bars score about 0) or a
# metadata line. One-word labels ("Tags:", "Share this:") introduce clutter, so the introduction
# needs LIST_INTRO_MIN_WORDS words, and the list LIST_MIN_WORDS words in all. Chosen on the clutter
# benchmark's held-out figures (optimistic by this choice): mean of 3 CV splits F1 .9320 -> .9351,
# precision .9582 -> .9581; in every split the same 2 of 181 pages changed, both for the better
# (a tour's dates, a product's feature list), none for the worse.
LIST_REACH = 2  # lines between the block's last kept line and the introduction, at most
LIST_INTRO_MIN_WORDS = 3
LIST_MIN_PROBABILITY = 0.05
LIST_MIN_WORDS = 50


def _extend_announced_list(scores: list[LineScore], probabilities: np.ndarray, keep: list[bool],
                           breaks: set[int] | frozenset[int]) -> list[bool]:
    """``keep`` plus a list announced by a colon line just under the kept block (see LIST_REACH)."""
    kept = [i for i, k in enumerate(keep) if k]
    if not kept:
        return keep
    for intro in range(kept[-1], min(kept[-1] + LIST_REACH + 1, len(scores))):
        line = scores[intro]
        if not line.text.rstrip().endswith(":"):
            continue
        if line.words < LIST_INTRO_MIN_WORDS or line.boilerplate or line.link or intro in breaks:
            return keep
        end = intro + 1
        while end < len(scores) and probabilities[end] >= LIST_MIN_PROBABILITY and end not in breaks:
            end += 1
        if sum(s.words for s in scores[intro + 1:end]) < LIST_MIN_WORDS:
            return keep
        return [k or kept[-1] < i < end and scores[i].words > 0 for i, k in enumerate(keep)]
    return keep
