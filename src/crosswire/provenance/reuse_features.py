"""Pair features that say how much, and how, a text reuses a source (for reuse-level classifiers)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein
from rapidfuzz.process import cdist

from ..text import ngrams, normalise, sentences, stop_words, words
from . import align

# Word n-gram orders for containment. 1-3 is the classic baseline; 4-5 separate a light edit
# (long runs survive) from a heavy one (only short runs survive).
NGRAM_ORDERS = (1, 2, 3, 4, 5)
# Greedy string tiling minimum match lengths: 3 words rarely match by chance on one topic (see
# align.TILE_MIN); 5 words almost never, so 5-tiles are copied text.
TILE_MINIMA = (3, 5)
# Thresholds on an answer sentence's best word-sequence similarity (Indel) with a source
# sentence: 0.8 = the sentence copied with a word or two changed, 0.5 = edited but recognisable,
# 0.3 = rewritten around shared words (align.LEX_MATCH 0.6 sits between the first two).
SENTENCE_LEVELS = (0.8, 0.5, 0.3)
# A sentence counts as aligned for the order feature from this similarity (the loosest level).
ORDER_FLOOR = 0.3
# Character n-grams for the cosine feature: 4 characters survive inflection changes
# ("evacuated"/"evacuation" share "evac", "vacu", "acua").
CHAR_GRAM = 4
# Crude suffix stripping so that "copied"/"copying"/"copies" meet; longest suffix first, and a
# stem keeps at least 3 characters.
_SUFFIXES = ("ational", "ization", "ations", "ation", "ness", "ment", "ings", "ing", "ies", "ied",
             "ed", "es", "ly", "er", "s", "e")
_MIN_STEM = 3
# The aligner's own pair features passed through (align.align's ``features``): content words
# kept by aligned sentences (edits vs spins), long shared runs, tile length, skeleton match.
ALIGN_FEATURES = ("retention", "spin_retention", "long_cover_b", "tile_mean", "mean_best_skel_b")
_NON_WORD = re.compile(r"\s+")
# Maps sentences to unit vectors, one row each (crosswire.embeddings.embed by default).
Embedder = Callable[[list[str]], np.ndarray]


@dataclass(slots=True)
class PairText:
    """One (source, answer) pair tokenised once for all features."""

    source: list[str]  # lower-cased words
    answer: list[str]
    source_stems: list[str]  # stemmed content words
    answer_stems: list[str]


def stem(word: str) -> str:
    """A light suffix-stripping stem (no dictionary): enough to match inflected forms."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def tokenise(source: str, answer: str) -> PairText:
    """Words and stemmed content words of both texts."""
    stops = stop_words()
    src, ans = words(source), words(answer)
    return PairText(src, ans, [stem(w) for w in src if w not in stops], [stem(w) for w in ans if w not in stops])


def containment(a: Sequence[str], b: Sequence[str], n: int) -> float:
    """Share of ``a``'s distinct n-grams that also occur in ``b`` (0 when ``a`` has none)."""
    grams = ngrams(a, n)
    return len(grams & ngrams(b, n)) / len(grams) if grams else 0.0


def _containment_features(pair: PairText) -> dict[str, float]:
    """Containment both ways for every n-gram order, and on stemmed content words."""
    out = {}
    for n in NGRAM_ORDERS:
        out[f"cont_answer_{n}"] = containment(pair.answer, pair.source, n)
        out[f"cont_source_{n}"] = containment(pair.source, pair.answer, n)
    for n in (1, 2, 3):
        out[f"stem_cont_{n}"] = containment(pair.answer_stems, pair.source_stems, n)
    answer, source = _coded(pair.answer_stems, pair.source_stems)
    out["stem_lcs"] = _lcs(answer, source) / max(1, len(answer))  # content words kept in source order
    return out


def _coded(a: Sequence[str], b: Sequence[str]) -> tuple[str, str]:
    """Both word sequences with one character per distinct word (exact, no hash collisions)."""
    vocab: dict[str, str] = {}
    code_a = "".join(vocab.setdefault(w, chr(0x100 + len(vocab))) for w in a)
    code_b = "".join(vocab.setdefault(w, chr(0x100 + len(vocab))) for w in b)
    return code_a, code_b


def _tiling_features(pair: PairText) -> dict[str, float]:
    """Greedy string tiling (align.tiles): coverage, tile count and mean tile length.

    Cut answers are a few long tiles, light edits long tiles broken by edits, heavy rewrites
    many short tiles or none.
    """
    answer, source = _coded(pair.answer, pair.source)
    out: dict[str, float] = {}
    for minimum in TILE_MINIMA:
        found = align.tiles(answer, source, minimum)
        covered = sum(n for _, _, n in found)
        out[f"gst{minimum}_cover_answer"] = covered / max(1, len(answer))
        out[f"gst{minimum}_cover_source"] = covered / max(1, len(source))
        out[f"gst{minimum}_tiles_per_100"] = 100 * len(found) / max(1, len(answer))
        out[f"gst{minimum}_mean_tile"] = math.log1p(covered / len(found)) if found else 0.0
    longest = max((n for _, _, n in align.tiles(answer, source, 1)), default=0)
    out["longest_run"] = longest / max(1, len(answer))
    out["lcs_ratio"] = _lcs(answer, source) / max(1, len(answer))
    return out


def _lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence of two coded strings."""
    return (len(a) + len(b) - Indel.distance(a, b)) // 2


def _sentence_features(source: str, answer: str) -> dict[str, float]:
    """How answer sentences align with source sentences (align.profile's coding).

    Share of answer words in sentences whose best source match reaches each level, the mean best
    match (words; skeleton) and whether aligned sentences keep the source's order (Kendall tau).
    """
    src, ans = align.profile("source", source), align.profile("answer", answer)
    out = {f"sent_at_{level}": 0.0 for level in SENTENCE_LEVELS}
    out |= {"sent_best_lex": 0.0, "sent_best_skel": 0.0, "order_tau": 0.0}
    if not src.sentences or not ans.sentences:
        return out
    lex = _sentence_similarity(ans, src, "lex")
    skel = _sentence_similarity(ans, src, "skeleton")
    best = lex.max(axis=1)
    weights = np.array([s.n_words for s in ans.sentences], dtype=float)
    weights /= weights.sum()
    for level in SENTENCE_LEVELS:
        out[f"sent_at_{level}"] = float(weights[best >= level].sum())
    out["sent_best_lex"] = float(weights @ best)
    out["sent_best_skel"] = float(weights @ skel.max(axis=1))
    out["order_tau"] = _order_tau(lex.argmax(axis=1)[best >= ORDER_FLOOR])
    return out


def _sentence_similarity(a: align.Profile, b: align.Profile, field: str) -> np.ndarray:
    """Indel similarity of every sentence of ``a`` with every sentence of ``b`` (as align does)."""
    return cdist([getattr(s, field) for s in a.sentences], [getattr(s, field) for s in b.sentences],
                 scorer=Indel.normalized_similarity, dtype=np.float32, workers=1)


def _order_tau(targets: np.ndarray) -> float:
    """Kendall tau of matched source positions in answer order: 1 = same order, 0 = none/one."""
    concordant = discordant = 0
    for i in range(len(targets)):
        for j in range(i + 1, len(targets)):
            diff = int(targets[j]) - int(targets[i])
            concordant += diff > 0
            discordant += diff < 0
    pairs = concordant + discordant
    return (concordant - discordant) / pairs if pairs else 0.0


def _char_cosine(source: str, answer: str) -> float:
    """Cosine of character 4-gram counts (spaces folded): robust to inflection and typos."""
    grams = [Counter(t[k:k + CHAR_GRAM] for k in range(len(t) - CHAR_GRAM + 1))
             for t in (_NON_WORD.sub(" ", normalise(x).lower()) for x in (source, answer))]
    dot = sum(count * grams[1][g] for g, count in grams[0].items())
    norm = math.sqrt(sum(c * c for c in grams[0].values()) * sum(c * c for c in grams[1].values()))
    return dot / norm if norm else 0.0


def _shape_features(pair: PairText) -> dict[str, float]:
    """Length ratio (log) and share of answer words absent from the source (new wording)."""
    vocab = set(pair.source)
    new = sum(w not in vocab for w in pair.answer) / max(1, len(pair.answer))
    return {"log_length_ratio": math.log((1 + len(pair.answer)) / (1 + len(pair.source))), "new_words": new}


def pair_features(source: str, answer: str) -> dict[str, float]:
    """Every reuse feature of ``answer`` against ``source``, by name (stable order)."""
    pair = tokenise(source, answer)
    result = align.align(align.profile("source", source), align.profile("answer", answer))
    out = _containment_features(pair) | _tiling_features(pair) | _sentence_features(source, answer)
    out |= _shape_features(pair) | {"char4_cosine": _char_cosine(source, answer)}
    out |= {f"align_{k}": result.features.get(k, 0.0) for k in ALIGN_FEATURES}
    return out



def relative_to_group(rows: list[dict[str, float]], groups: Sequence[str],
                      names: Sequence[str]) -> list[dict[str, float]]:
    """Add ``<name>_rel``: each value minus the median of its group (same source, no labels).

    Answers to one source share its topic words whether they copy it or not; the group median
    is the level of overlap that the topic alone brings, so the difference is the reuse.
    """
    medians = {}
    for group in sorted(set(groups)):
        members = [row for row, g in zip(rows, groups) if g == group]
        medians[group] = {name: float(np.median([row[name] for row in members])) for name in names}
    return [row | {f"{name}_rel": row[name] - medians[g][name] for name in names} for row, g in zip(rows, groups)]


# Lexical feature groups for ablations (names as pair_features returns them, plus the collection's).
LEXICAL_GROUPS: dict[str, tuple[str, ...]] = {
    "containment": tuple(f"cont_{side}_{n}" for side in ("answer", "source") for n in NGRAM_ORDERS),
    "stemmed": ("stem_cont_1", "stem_cont_2", "stem_cont_3", "stem_lcs"),
    "tiling": tuple(f"gst{m}_{k}" for m in TILE_MINIMA for k in ("cover_answer", "cover_source",
                                                                  "tiles_per_100", "mean_tile"))
    + ("longest_run", "lcs_ratio"),
    "sentences": tuple(f"sent_at_{level}" for level in SENTENCE_LEVELS)
    + ("sent_best_lex", "sent_best_skel", "order_tau"),
    "shape": ("log_length_ratio", "new_words", "char4_cosine"),
    "aligner": tuple(f"align_{k}" for k in ALIGN_FEATURES),
    "collection": ("peer_unseen_3", "rarity_overlap"),
}


# Word n-gram order for the peer feature: 3 words shared by chance between two independent
# answers on one topic are rare (the "non" answers share < 3% of their trigrams with the source).
PEER_GRAM = 3


def peer_overlap(texts: Sequence[str], sources: Sequence[str], groups: Sequence[str]) -> list[float]:
    """For each text, the largest share of its word 3-grams that one other text of its group
    also has while the source does not: reuse of a common origin missing from the collection.

    Two texts copying the same unseen page look original against the given source but share
    long runs with each other; texts written independently on one topic share almost none.
    """
    tokens = [words(t) for t in texts]
    grams = [ngrams(t, PEER_GRAM) for t in tokens]
    source_grams = {src: ngrams(words(src), PEER_GRAM) for src in set(sources)}
    out = []
    for k, own in enumerate(grams):
        unseen = own - source_grams[sources[k]]
        best = max((len(unseen & grams[m]) for m in range(len(texts)) if m != k and groups[m] == groups[k]), default=0)
        out.append(best / len(own) if own else 0.0)
    return out


def rarity_overlap(texts: Sequence[str], sources: Sequence[str]) -> list[float]:
    """Share of each text's content-word weight found in its source, weighting words by rarity
    (inverse document frequency over the texts): topic words every text uses count little, the
    source's particular words (names, figures, terms) that a rewrite keeps count much."""
    stops = stop_words()
    stems = [{stem(w) for w in words(t) if w not in stops} for t in texts]
    df = Counter(s for bag in stems for s in bag)
    source_stems = {src: {stem(w) for w in words(src) if w not in stops} for src in set(sources)}
    out = []
    for bag, src in zip(stems, sources):
        weight = {s: math.log((1 + len(texts)) / (1 + df[s])) + 1 for s in bag}
        total = sum(weight.values())
        out.append(sum(v for s, v in weight.items() if s in source_stems[src]) / total if total else 0.0)
    return out


def collection_features(pairs: Sequence[tuple[str, str]], groups: Sequence[str], meaning: bool = False,
                        embedder: Embedder | None = None) -> list[dict[str, float]]:
    """Features of every (source, text) pair, plus those that need the whole collection
    (peer overlap within a group, rarity over all texts); no labels are used.

    With ``meaning`` the sentence-embedding features (MEANING_GROUPS) are added; every
    sentence of the collection is embedded once (about 12 ms a sentence on one CPU thread).
    """
    sources, texts = [src for src, _ in pairs], [text for _, text in pairs]
    rows = [pair_features(src, text) for src, text in pairs]
    peers, rarity = peer_overlap(texts, sources, groups), rarity_overlap(texts, sources)
    rows = [row | {"peer_unseen_3": p, "rarity_overlap": r} for row, p, r in zip(rows, peers, rarity)]
    if not meaning:
        return rows
    unique = sorted(set(sources))
    embedded = embed_texts(unique + texts, embedder)
    rare, by_source = rare_words(unique + texts), dict(zip(unique, embedded))
    return [row | meaning_features(by_source[src], text, rare)
            for row, src, text in zip(rows, sources, embedded[len(unique):])]


# --- Meaning-level comparison: sentence embeddings aligned, then the aligned pairs compared
# word by word. Lexical features cannot tell a heavy rewrite (same meaning, new words) from an
# independent answer on the same topic; sentence embeddings can, and the lexical measures of
# the embedding-aligned pair then tell a light edit (few words changed, order kept) from a
# heavy one.

# Cosine levels of an answer sentence with its nearest source sentence (all-MiniLM-L6-v2):
# 0.9 = the same sentence lightly edited, 0.8 = the same content reworded, 0.65 = the same
# point in different words. Read off the Clough & Stevenson answers: sentences of independent
# answers reach 0.56 on average with their nearest source sentence, heavy rewrites 0.78.
SEMANTIC_LEVELS = (0.9, 0.8, 0.65)
# An answer sentence counts as aligned to its nearest source sentence (for order, coverage and
# the word-level comparison of the pair) from this cosine, the loosest level above.
SEMANTIC_FLOOR = 0.65
# Word document frequency below which a source word is "rare" (kept names, figures, terms):
# in at most this share of the collection's texts (with about half the answers to a source
# reusing it, a word particular to that source is in about a tenth of the texts).
RARE_SHARE = 0.2
# Word similarity (Indel) from which an aligned sentence pair counts as copied unchanged: one
# changed word in a 20-word sentence gives 0.95 (a cut keeps its sentences whole, a light edit
# touches most of them).
EXACT_PAIR = 0.95


@dataclass(slots=True)
class EmbeddedText:
    """One text split into sentences, with their words and unit embedding vectors."""

    sentences: list[str]
    words: list[list[str]]
    vectors: np.ndarray  # len(sentences) x dims, unit rows


def embed_texts(texts: Sequence[str], embedder: Embedder | None = None) -> list[EmbeddedText]:
    """Split every text into sentences and embed all sentences in one batch (cheaper padding).

    ``embedder`` maps a list of strings to unit vectors (default: crosswire.embeddings.embed).
    """
    if embedder is None:
        from ..embeddings import embed as embedder
    split = [[s for s in sentences(t) if words(s)] for t in texts]
    flat = [s for sents in split for s in sents]
    vectors = embedder(flat) if flat else np.zeros((0, 1), dtype=np.float32)
    out, start = [], 0
    for sents in split:
        out.append(EmbeddedText(sents, [words(s) for s in sents], vectors[start:start + len(sents)]))
        start += len(sents)
    return out


def _edit_rates(a: Sequence[str], b: Sequence[str]) -> tuple[float, float]:
    """Word substitutions and insertions+deletions turning ``b`` into ``a``, over ``a``'s length.

    A light edit swaps or drops a word here and there; a rewrite replaces most of them.
    """
    code_a, code_b = _coded(a, b)
    ops = Levenshtein.editops(code_b, code_a)
    replace = sum(op.tag == "replace" for op in ops)
    return replace / max(1, len(a)), (len(ops) - replace) / max(1, len(a))


def _word_order_tau(a: Sequence[str], b: Sequence[str]) -> float:
    """Kendall tau of the positions in ``b`` of ``a``'s words that occur once in each (1 = same order)."""
    once_a = {w for w, c in Counter(a).items() if c == 1}
    once_b = {w for w, c in Counter(b).items() if c == 1}
    position = {w: k for k, w in enumerate(b) if w in once_b}
    return _order_tau(np.array([position[w] for w in a if w in once_a and w in position]))


def _pair_measures(answer: Sequence[str], source: Sequence[str], rare: frozenset[str]) -> dict[str, float]:
    """Lexical measures of one aligned (answer sentence, source sentence) pair."""
    code_a, code_b = _coded(answer, source)
    replace, indel = _edit_rates(answer, source)
    source_rare = {w for w in source if w in rare}
    lex = Indel.normalized_similarity(code_a, code_b)
    return {
        "lex": lex,
        "exact": float(lex >= EXACT_PAIR),
        "bigram": containment(answer, source, 2),
        "word_tau": _word_order_tau(answer, source),
        "replace": replace,
        "indel": indel,
        "rare_kept": len(source_rare & set(answer)) / len(source_rare) if source_rare else 1.0,
    }


PAIR_MEASURES = ("lex", "exact", "bigram", "word_tau", "replace", "indel", "rare_kept")


def meaning_features(source: EmbeddedText, answer: EmbeddedText, rare: frozenset[str] = frozenset()) -> dict[str, float]:
    """Align each answer sentence to its nearest source sentence by embedding cosine and
    describe the alignment (how close, in order, how much of the source) and the aligned pairs'
    wording (words kept, order of words, substitutions, rare source words kept).
    """
    names = ([f"sem_at_{level}" for level in SEMANTIC_LEVELS]
             + ["sem_best", "sem_doc", "sem_order_tau", "sem_source_cover", "sem_gap"]
             + ["sem_split", "sem_merge_gain", "sem_step_kept"]
             + [f"sem_pair_{m}" for m in PAIR_MEASURES])
    out = dict.fromkeys(names, 0.0)
    if not source.sentences or not answer.sentences:
        return out
    cos = answer.vectors @ source.vectors.T
    best, target = cos.max(axis=1), cos.argmax(axis=1)
    weights = np.array([len(w) for w in answer.words], dtype=float)
    weights /= weights.sum()
    for level in SEMANTIC_LEVELS:
        out[f"sem_at_{level}"] = float(weights[best >= level].sum())
    out["sem_best"] = float(weights @ best)
    out["sem_doc"] = _doc_cosine(source.vectors, answer.vectors)
    aligned = best >= SEMANTIC_FLOOR
    out["sem_order_tau"] = _order_tau(target[aligned])
    source_weights = np.array([len(w) for w in source.words], dtype=float)
    out["sem_source_cover"] = float(source_weights[sorted(set(target[aligned].tolist()))].sum() / source_weights.sum())
    if aligned.any():
        pair_weights = weights[aligned] / weights[aligned].sum()
        measures = [_pair_measures(answer.words[i], source.words[target[i]], rare) for i in np.flatnonzero(aligned)]
        for m in PAIR_MEASURES:
            out[f"sem_pair_{m}"] = float(pair_weights @ np.array([row[m] for row in measures]))
        out["sem_gap"] = float(pair_weights @ best[aligned]) - out["sem_pair_lex"]  # meaning kept, words not
        out |= _restructuring(source, answer, cos, aligned, pair_weights)
    return out


def _restructuring(source: EmbeddedText, answer: EmbeddedText, cos: np.ndarray, aligned: np.ndarray,
                   pair_weights: np.ndarray) -> dict[str, float]:
    """How the answer restructures the source's sentences (a heavy rewrite splits, merges and
    reorders them; a light edit keeps one answer sentence per source sentence, in order).

    split: share of aligned answer sentences whose source sentence also feeds another one;
    merge gain: content words of an answer sentence found in its two nearest source sentences
    together minus those in the nearest alone; step kept: share of consecutive aligned answer
    sentences whose sources are consecutive too.
    """
    rows = np.flatnonzero(aligned)
    target = cos.argmax(axis=1)[rows]
    counts = Counter(target.tolist())
    split = float(np.mean([counts[t] > 1 for t in target.tolist()]))
    gains = [_merge_gain(answer.words[i], source, cos[i]) for i in rows]
    steps = np.diff(target)
    return {"sem_split": split, "sem_merge_gain": float(pair_weights @ np.array(gains)),
            "sem_step_kept": float(np.mean(steps == 1)) if len(steps) else 0.0}


def _merge_gain(answer: Sequence[str], source: EmbeddedText, cos_row: np.ndarray) -> float:
    """Content words of ``answer`` found in its two nearest source sentences minus in the nearest."""
    stops = stop_words()
    content = {stem(w) for w in answer if w not in stops}
    if not content or len(cos_row) < 2:
        return 0.0
    first, second = np.argsort(-cos_row, kind="stable")[:2]
    one = {stem(w) for w in source.words[first]}
    two = one | {stem(w) for w in source.words[second]}
    return (len(content & two) - len(content & one)) / len(content)


def _doc_cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of the two texts' mean sentence vectors (the topic level of similarity)."""
    u, v = a.mean(axis=0), b.mean(axis=0)
    norm = float(np.linalg.norm(u) * np.linalg.norm(v))
    return float(u @ v) / norm if norm else 0.0


def rare_words(texts: Sequence[str]) -> frozenset[str]:
    """Content words found in at most RARE_SHARE of ``texts`` (names, figures, terms)."""
    stops = stop_words()
    df = Counter(w for t in texts for w in {w for w in words(t) if w not in stops})
    limit = max(1, int(RARE_SHARE * len(texts)))
    return frozenset(w for w, n in df.items() if n <= limit)


# Feature groups of the meaning-level comparison (collection_features with ``meaning``).
MEANING_GROUPS: dict[str, tuple[str, ...]] = {
    "meaning": tuple(f"sem_at_{level}" for level in SEMANTIC_LEVELS)
    + ("sem_best", "sem_doc", "sem_order_tau", "sem_source_cover", "sem_gap"),
    "aligned pairs": tuple(f"sem_pair_{m}" for m in PAIR_MEASURES),
    "restructuring": ("sem_split", "sem_merge_gain", "sem_step_kept"),
}

# The two-stage reuse-level model (benchmarks/reuse_levels.py): small logistic regressions on
# few features, because 95 labelled answers cannot support 60 features. Chosen by inspecting
# the Clough & Stevenson answers (so their figures there are optimistic; leave-one-task-out is
# reported beside leave-one-out):
# - reuse or not: the share of the answer's rarity-weighted content words found in the source
#   and the stemmed content-word containment (independent answers on one topic share its common
#   words, not the source's particular ones);
# - cut / light / heavy among reused answers: how verbatim the embedding-aligned sentence pairs
#   are (word similarity, bigrams kept, word order kept) and how the source's sentences were
#   restructured (split over several answer sentences, consecutive order kept).
# Every feature group, lexical then meaning-level.
FEATURE_GROUPS: dict[str, tuple[str, ...]] = LEXICAL_GROUPS | MEANING_GROUPS

REUSE_EVIDENCE = ("rarity_overlap", "stem_cont_1")
LEVEL_EVIDENCE = ("sem_pair_lex", "sem_pair_bigram", "sem_pair_word_tau", "sem_split", "sem_step_kept")
