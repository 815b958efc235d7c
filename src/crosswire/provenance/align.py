"""Passage alignment between two articles: which sentences of one reappear in the other, and how."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from ..records import EDITED, QUOTED, REWRITTEN, VERBATIM, Passage
from ..text import _WORD, sentence_spans, stop_words
from .boilerplate import known_furniture, sentence_key

# --- Sentence profiles -------------------------------------------------------------------------

# Sentences shorter than this many words ("Advertisement", "What is happening?") never count as
# shared text: too common to be evidence of copying.
MIN_SENTENCE_WORDS = 5
# Sentences of one article the aligner reads: the sentence matrices of a pair are at most this
# squared (1,000 x 1,000 float32 = 4 MB each). News articles hold tens of sentences, the longest
# in multi-news-dev a few hundred; a page with more (a book, a feed dump) is aligned on its first
# MAX_SENTENCES counted sentences.
MAX_SENTENCES = 1000
# Words are coded as single characters so that rapidfuzz compares word sequences in C; the
# code space is large enough that two different words almost never share a code in one pair.
_CODE_SPACE = 0x100000 - 0x800
_SURROGATES = 0xD800
_PLACEHOLDER = "\x01"  # a content word in a skeleton, whatever the word was


@lru_cache(maxsize=65536)
def _code(word: str) -> str:
    """One character standing for ``word`` (a stable hash; skips the surrogate block); memoised."""
    n = zlib.crc32(word.encode("utf-8")) % _CODE_SPACE + 0x20
    return chr(n + 0x800 if n >= _SURROGATES else n)


@dataclass(slots=True)
class Sentence:
    """One sentence of an article as the aligner sees it (offsets into the clean text)."""

    start: int
    end: int
    n_words: int
    lex: str  # lower-cased words, one character each
    skeleton: str  # function words, numbers and names kept; other content words -> placeholder
    content: frozenset[str]  # swappable content words: how many of them an edit kept (see EDIT_RETENTION)
    quoted: bool = False  # mostly inside quotation marks: a quote any outlet may carry (see QUOTED_SHARE)
    said: float = 0.0  # share inside a closed quotation or after "<someone> wrote:" (see _quoted_in_one)


@dataclass(slots=True)
class Profile:
    """The sentences of one article that can carry evidence of reuse."""

    id: str
    sentences: list[Sentence]
    n_words: int
    codes: str  # every counted word of the article, one character each, in text order
    marks: bool = True  # the text holds a quotation mark (see _quoted_in_one)
    cut: bool = False  # the text stops mid-sentence: its last sentence is only a beginning (see _cut_prefixes)


def profile(article_id: str, text: str, boilerplate: frozenset[str] = frozenset()) -> Profile:
    """Split ``text`` into sentences and code each one for lexical and skeleton comparison;
    sentences learned as the corpus's boilerplate (``boilerplate.learn``) and the web's standard
    furniture (``boilerplate.known_furniture``) are left out."""
    sents = []
    inside = _quoted_chars(text)
    closed = [span for span in inside if span[2]]
    for span in sentence_spans(text):
        key = sentence_key(text[span.start:span.end])
        if key in boilerplate or known_furniture(key):
            continue
        sentence = _sentence(span.start, span.end, text)
        sentence.quoted = _share(inside, span.start, span.end) >= QUOTED_SHARE
        sentence.said = _said_share(closed, span.start, span.end, text)
        if sentence.n_words >= MIN_SENTENCE_WORDS:
            sents.append(sentence)
            if len(sents) == MAX_SENTENCES:
                break
    return Profile(article_id, sents, sum(s.n_words for s in sents), "".join(s.lex for s in sents),
                   _QUOTE_MARK.search(text) is not None, _ends_cut(text, sents))


# How a finished text ends: a sentence's closing punctuation, perhaps inside a closing quotation
# mark or bracket. An excerpt cut at a fixed length (Multi-News stores each page's first few
# hundred words) or a page saved before its end stops on any word instead.
_FINISHED = re.compile(r"[.!?\u2026:;][\"'\u201d\u2019)\]]*\s*$|[\"\u201d)\]]\s*$")


def _ends_cut(text: str, sents: list[Sentence]) -> bool:
    """True when the text stops mid-sentence inside its last counted sentence, within a paragraph:
    a last line that is a sentence of its own without a full stop is a page's footer, caption or
    contact line ("Contact the writer at ..."; 26 of the 189 Giveme5W1H pages of the origin gold
    end so), not a cut."""
    if not sents or text[sents[-1].end:].strip() or _FINISHED.search(text) is not None:
        return False
    line_start = text.rfind("\n", 0, sents[-1].start) + 1
    return bool(text[line_start:sents[-1].start].strip())


# Quotation marks: curly and straight double quotes, and the `` '' of tokenised corpora. A quote
# left open runs to the end of its paragraph (wire style opens each quoted paragraph anew).
_QUOTE_MARK = re.compile(r"``|''|[\"\u201c\u201d\u201e]")
QUOTED_SHARE = 0.6  # a sentence this much inside quotation marks is quoted speech
# The same share of the shared text, given as someone's words by one article while the other has no
# quotation mark at all, makes a quotation whatever its coverage (_quoted_in_one): on the real-news
# origin gold's development third it parts two statement/post pages from the reports quoting them
# (same-origin P 0.906 -> 0.941, exact source count 0.783 -> 0.826); planted copies at 1k and 10k
# unchanged (edited R 1.000 and 0.985).
# Shared sentences covering this much of both articles make a copy even when they are quotations
# (a press release reprinted whole). QUOTED_SHARE and this were read off the development third of
# the real-news origin gold (benchmarks/real_origins.py: same-origin P 0.786 -> 0.880, F1 0.80 ->
# 0.85), where statements reposted by one page and quoted by others were joined as "edited"
# copies; 0.5 rather than 0.4 costs one planted edited copy in 333 (benchmarks/planted_copies.py
# at 10,000: recall 0.988 -> 0.985) and keeps four false joins of quoted statements out.
WHOLE_COPY_COVERAGE = 0.5


def _quoted_chars(text: str) -> list[tuple[int, int, bool]]:
    """Spans of ``text`` inside quotation marks, paragraph by paragraph, each with whether a
    closing mark ends it (False: left open to the end of its paragraph)."""
    spans = []
    opened = -1
    paragraph_end = text.find("\n")
    for m in _QUOTE_MARK.finditer(text):
        while 0 <= paragraph_end < m.start():
            if opened >= 0:
                spans.append((opened, paragraph_end, False))
                opened = -1
            paragraph_end = text.find("\n", paragraph_end + 1)
        mark = m.group()
        closing = mark in ("''", "\u201d") or (mark == '"' and opened >= 0)
        if opened < 0 and not (closing and mark != '"'):
            opened = m.end()
        elif opened >= 0 and (closing or mark == "\u201c" or mark == "``"):
            spans.append((opened, m.start(), closing))
            opened = -1
    if opened >= 0:
        spans.append((opened, paragraph_end if paragraph_end >= 0 else len(text), False))
    return spans


# A post or statement quoted without quotation marks: "<someone> wrote: <words>" (tokenised corpora
# drop the marks; social posts are often quoted this way). The words after the colon, to the end of
# the sentence, count as quoted.
_SPEECH_COLON = re.compile(r"\b(?:wrote|writes|tweeted|tweets|posted|posts|captioned|said|says|stated|declared)\s*:\s*")


def _share(spans: list[tuple[int, int, bool]], start: int, end: int) -> float:
    """Share of [start, end) inside the given spans (``_quoted_chars``'s)."""
    if end <= start:
        return 0.0
    inside = sum(max(0, min(end, b) - max(start, a)) for a, b, _ in spans if a < end and b > start)
    return inside / (end - start)


def _said_share(closed: list[tuple[int, int, bool]], start: int, end: int, text: str) -> float:
    """Share of [start, end) that is surely someone's words: inside a quotation closed by its
    mark (a mark left open, or one lost in an edit, would make the rest of a page a quote), or
    after a speech colon (see _SPEECH_COLON)."""
    share = _share(closed, start, end)
    colon = _SPEECH_COLON.search(text, start, end)
    if colon and not share:
        share = (end - colon.end()) / (end - start)
    return share


def _sentence(start: int, end: int, text: str) -> Sentence:
    """Code one sentence: its words, its skeleton, its content words."""
    stops = stop_words()
    lex, skeleton, content = [], [], set()
    for n, word in enumerate(_WORD.findall(text, start, end)):
        low = word.lower().replace("\u2019", "'")
        lex.append(_code(low))
        if low in stops:
            skeleton.append(_code(low))
        elif _has_digit(low) or (n > 0 and word[0].isupper()):
            skeleton.append(_code(low))  # numbers and names survive synonym spinning (and edits)
        else:
            skeleton.append(_PLACEHOLDER)
            content.add(low)
    return Sentence(start, end, len(lex), "".join(lex), "".join(skeleton), frozenset(content))


def _has_digit(word: str) -> bool:
    """True when ``word`` holds a digit (an all-letter word, the usual case, is answered at once)."""
    return not word.isalpha() and any(ch.isdigit() for ch in word)


# --- Pair alignment ----------------------------------------------------------------------------

# Two sentences are the same sentence (possibly edited) from this word-sequence similarity
# (Indel: 2*LCS/(len a + len b)). Calibrated on planted edits: a sentence with 1-2 words
# inserted/deleted/changed scores 0.8-0.95; different sentences on the same topic stay < 0.45.
LEX_MATCH = 0.6
# A spun sentence keeps its skeleton (function words, names, numbers, length): skeleton
# similarity >= 0.75 with word similarity >= 0.35. Unrelated same-topic sentences reach the
# skeleton threshold by chance only rarely, and never many of them in the same order.
SKELETON_MATCH = 0.75
SPIN_LEX_FLOOR = 0.35
# Near-identical: nearly all of one text (the copy, or a cut-and-paste excerpt) lies in sentences
# found unchanged (similarity >= EXACT_SENTENCE) in the other. One reworded sentence in ten
# (a light edit) drops this below 0.9.
EXACT_SENTENCE = 0.98
VERBATIM_COVERAGE = 0.93
# Same origin needs at least this many shared sentences covering this share of one article's
# words; less is a quotation or a credited passage. Calibrated on the seeds and the demo (a
# quoted paragraph is 1-2 sentences, < 15% of either text) and on planted partial copies.
MIN_SHARED_SENTENCES = 3
MIN_SHARED_WORDS = 40
MIN_BRIEF_WORDS = 12  # a whole brief this long, repeated verbatim by both texts, is a copy (see _whole_brief)
# ... unless the shared sentences cover this much of both texts (a short brief copied nearly whole;
# planted edits of 3-sentence articles keep 0.44-0.5).
SHORT_TEXT_COVERAGE = 0.4
# Word level: shared runs of LONG_TILE+ words over half of one text. Planted light edits keep
# 0.7-0.95, edited copies in the demo 0.83-0.99; spun copies 0.25 (demo), 0.0-0.1 (planted).
LONG_RUN_COVERAGE = 0.5
COPY_COVERAGE = 0.3
SPIN_COVERAGE = 0.4
# An edit keeps most content words of the sentences it aligns; a spinner replaces most of them.
# Only the words a spinner can swap count (lower-case content words): names and numbers survive
# both, so counting them made a spun copy of a name-heavy brief look edited. Word-weighted
# retention over aligned sentences, measured on planted copies (benchmarks/planted_copies.py,
# 10k): edits 0.83-1.0, spun copies 0.34-0.73; the boundary sits between.
EDIT_RETENTION = 0.78
# A quotation or credited passage shared by two reports: an aligned sentence (LEX_MATCH) at least
# this long. The seeds' and the demo's shared quotations align at 0.70-0.76 with 15-25 words.
QUOTE_MIN_WORDS = 8


@dataclass(slots=True)
class Alignment:
    """How two articles share text: relation (or None), score, passages and the features used."""

    relation: str | None
    score: float
    passages: list[Passage]
    features: dict[str, float]


def align(a: Profile, b: Profile) -> Alignment:
    """Align ``a`` with ``b`` sentence by sentence and say how ``b`` and ``a`` are related."""
    if not a.sentences or not b.sentences:
        return Alignment(None, 0.0, [], {})
    lex = _cut_prefixes(_similarity(a, b, "lex"), a, b, "lex")
    skel = _cut_prefixes(_similarity(a, b, "skeleton"), a, b, "skeleton")
    lex_pairs = _greedy_matches(lex, LEX_MATCH)
    spin_pairs = _monotone_chain(np.where((skel >= SKELETON_MATCH) & (lex >= SPIN_LEX_FLOOR), (skel + lex) / 2, 0))
    features = _features(a, b, lex, skel, lex_pairs, spin_pairs) | _tile_features(a, b)
    relation, score, pairs = _decide(features, lex_pairs, spin_pairs, a, b, lex)
    return Alignment(relation, score, _passages(a, b, pairs), features)


def _similarity(a: Profile, b: Profile, field: str) -> np.ndarray:
    """Word-sequence similarity of every sentence of ``a`` with every sentence of ``b``."""
    return cdist([getattr(s, field) for s in a.sentences], [getattr(s, field) for s in b.sentences],
                 scorer=Indel.normalized_similarity, dtype=np.float32, workers=1)


# A cut sentence matches the beginning of a sentence of the other text from this similarity: the
# level of a sentence copied with a word or two changed (reuse_features.SENTENCE_LEVELS). A beginning
# is short, so LEX_MATCH (0.6) would let two captions of one photo set that open alike match (seen
# on a Multi-News dev cluster: 0.60); the cut copy of the joint story above matched at 0.92.
CUT_MATCH = 0.8


def _cut_prefixes(sim: np.ndarray, a: Profile, b: Profile, field: str) -> np.ndarray:
    """``sim`` with a cut-off last sentence (``Profile.cut``) compared with the beginning of each
    sentence of the other text, as long as the cut one: two excerpts of one story cut at
    different words (a copy saved shorter than its source) keep the same sentence, of which one
    has only its first words. A beginning shorter than QUOTE_MIN_WORDS says too little to match.
    Issue 16, Multi-News: a joint story's two partner versions shared their second sentence, cut
    after twelve words in one of them."""
    if a.cut and a.sentences[-1].n_words >= QUOTE_MIN_WORDS:
        sim[-1, :] = np.maximum(sim[-1, :], _prefix_similarity(getattr(a.sentences[-1], field), b, field))
    if b.cut and b.sentences[-1].n_words >= QUOTE_MIN_WORDS:
        sim[:, -1] = np.maximum(sim[:, -1], _prefix_similarity(getattr(b.sentences[-1], field), a, field))
    return sim


def _prefix_similarity(cut: str, other: Profile, field: str) -> np.ndarray:
    """Similarity of a cut sentence (coded words) with the first as many words of each sentence of
    ``other``, kept only from CUT_MATCH (0 below)."""
    n = len(cut)
    sims = cdist([cut], [getattr(s, field)[:n] for s in other.sentences], scorer=Indel.normalized_similarity,
                 dtype=np.float32, workers=1)[0]
    return np.where(sims >= CUT_MATCH, sims, 0)


def _greedy_matches(sim: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """One-to-one sentence matches, best first: tolerates reordered paragraphs."""
    rows, cols = np.nonzero(sim >= threshold)
    order = np.argsort(-sim[rows, cols], kind="stable")
    used_a, used_b, pairs = set(), set(), []
    for k in order:
        i, j = int(rows[k]), int(cols[k])
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return sorted(pairs)


# A spun sentence is the rewrite of one source sentence: of a sentence's cells that pass the spin
# test, the chain considers its MAX_CELLS_PER_ROW best. Real rewrites have one to three (repeated
# stock phrases); a page of one templated sentence repeated has one per sentence of the other
# text, and without the cap the chain's cells grew with the square of the article.
MAX_CELLS_PER_ROW = 8


def _monotone_chain(weight: np.ndarray) -> list[tuple[int, int]]:
    """The heaviest chain of cells increasing in both row and column (order-keeping alignment).

    Dynamic programming over the cells in (row, column) order; the best chain ending left of a
    column among earlier rows comes from a prefix-maximum tree (Fenwick) over the columns, so the
    cost is O(cells log columns) instead of a scan of every earlier cell. Ties go to the latest
    earlier cell, as a backwards scan would.
    """
    cells = _chain_cells(weight)
    if not cells:
        return []
    tree = _PrefixMax(weight.shape[1])
    best = [0.0] * len(cells)
    back = [-1] * len(cells)
    k = 0
    while k < len(cells):
        row_end = k
        while row_end < len(cells) and cells[row_end][0] == cells[k][0]:
            row_end += 1
        for m in range(k, row_end):  # earlier rows only: this row's cells enter the tree afterwards
            i, j = cells[m]
            value, p = tree.query(j)
            best[m] = float(weight[i, j]) + (value if p >= 0 else 0.0)
            back[m] = p
        for m in range(k, row_end):
            tree.update(cells[m][1], best[m], m)
        k = row_end
    k = int(np.argmax(best))
    chain = []
    while k >= 0:
        chain.append(cells[k])
        k = back[k]
    return chain[::-1]


def _chain_cells(weight: np.ndarray) -> list[tuple[int, int]]:
    """Positive cells in (row, column) order, at most MAX_CELLS_PER_ROW (the heaviest) a row."""
    rows, cols = np.nonzero(weight > 0)
    if len(rows) and np.bincount(rows).max() > MAX_CELLS_PER_ROW:
        keep = []
        for i in np.unique(rows).tolist():
            row_cols = cols[rows == i]
            order = np.argsort(-weight[i, row_cols], kind="stable")[:MAX_CELLS_PER_ROW]
            keep += [(i, int(j)) for j in np.sort(row_cols[order]).tolist()]
        return keep
    return list(zip(rows.tolist(), cols.tolist()))


class _PrefixMax:
    """Fenwick tree over columns: the best (value, cell) among columns below a given one."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)

    def update(self, column: int, value: float, cell: int) -> None:
        """Record that a chain of ``value`` ends at ``cell`` in ``column``."""
        k = column + 1
        while k <= self.size:
            self.tree[k] = max(self.tree[k], (value, cell))
            k += k & -k

    def query(self, column: int) -> tuple[float, int]:
        """The best (value, cell) over columns < ``column`` ((0.0, -1) when none)."""
        best, k = (0.0, -1), column
        while k > 0:
            best = max(best, self.tree[k])
            k -= k & -k
        return best


def _coverage(profile_: Profile, indices: set[int]) -> float:
    """Share of the article's words that lie in the given sentences."""
    if not profile_.n_words:
        return 0.0
    return sum(profile_.sentences[i].n_words for i in indices) / profile_.n_words


def _retention(a: Profile, b: Profile, pairs: list[tuple[int, int]]) -> float:
    """Word-weighted share of content words an aligned sentence pair has in common."""
    kept = total = 0
    for i, j in pairs:
        ca, cb = a.sentences[i].content, b.sentences[j].content
        kept += len(ca & cb)
        total += min(len(ca), len(cb))
    return kept / total if total else 0.0


def _features(a: Profile, b: Profile, lex: np.ndarray, skel: np.ndarray,
              lex_pairs: list[tuple[int, int]], spin_pairs: list[tuple[int, int]]) -> dict[str, float]:
    """Numbers that describe the pair (used by the decision and by the benchmark)."""
    lex_sims = [float(lex[i, j]) for i, j in lex_pairs]
    spin_sims = [float(skel[i, j]) for i, j in spin_pairs]
    return {
        **_own_text(a, b, lex_pairs, ""),
        **_own_text(a, b, spin_pairs, "spin_"),
        "lex_pairs": float(len(lex_pairs)),
        "lex_cover_a": _coverage(a, {i for i, _ in lex_pairs}),
        "lex_cover_b": _coverage(b, {j for _, j in lex_pairs}),
        "lex_mean": float(np.mean(lex_sims)) if lex_sims else 0.0,
        "exact_cover_a": _coverage(a, {i for i, j in lex_pairs if lex[i, j] >= EXACT_SENTENCE}),
        "exact_cover_b": _coverage(b, {j for i, j in lex_pairs if lex[i, j] >= EXACT_SENTENCE}),
        "retention": _retention(a, b, lex_pairs),
        "spin_pairs": float(len(spin_pairs)),
        "spin_cover_a": _coverage(a, {i for i, _ in spin_pairs}),
        "spin_cover_b": _coverage(b, {j for _, j in spin_pairs}),
        "spin_mean": float(np.mean(spin_sims)) if spin_sims else 0.0,
        "spin_retention": _retention(a, b, spin_pairs),
        "best_lex": float(lex.max()),
        "mean_best_lex_b": float(lex.max(axis=0).mean()),
        "mean_best_skel_b": float(skel.max(axis=0).mean()),
    }


def _own_text(a: Profile, b: Profile, pairs: list[tuple[int, int]], prefix: str) -> dict[str, float]:
    """The aligned pairs outside quoted speech (in both articles): how many, what share of each
    article they cover, the share of the aligned words that are quotations, and how differently
    the two articles quote the shared text (see ``_quoted_in_one``)."""
    own = [(i, j) for i, j in pairs if not (a.sentences[i].quoted or b.sentences[j].quoted)]
    shared = sum(a.sentences[i].n_words for i, _ in pairs)
    return {
        f"{prefix}own_pairs": float(len(own)),
        f"{prefix}own_cover_a": _coverage(a, {i for i, _ in own}),
        f"{prefix}own_cover_b": _coverage(b, {j for _, j in own}),
        f"{prefix}quoted_share": 1 - sum(a.sentences[i].n_words for i, _ in own) / shared if shared else 0.0,
        f"{prefix}quoted_in_one": _quoted_in_one(a, b, pairs),
    }


def _quoted_in_one(a: Profile, b: Profile, pairs: list[tuple[int, int]]) -> float:
    """How much of the shared text one article gives as someone's words (``Sentence.said``,
    word-weighted) while the other has not a single quotation mark: near 1 when one article is a
    statement or a post in its own voice and the other quotes it; 0 for a reprint of a quoting
    article, which keeps quotation marks (even when an edit lost or added one, which can make a
    long run of it look quoted)."""
    said_a = _said_words([a.sentences[i] for i, _ in pairs])
    said_b = _said_words([b.sentences[j] for _, j in pairs])
    if not a.marks and not said_a:
        return said_b
    if not b.marks and not said_b:
        return said_a
    return 0.0


def _said_words(sents: list[Sentence]) -> float:
    """Word-weighted ``said`` share of some sentences."""
    total = sum(s.n_words for s in sents)
    return sum(s.n_words * s.said for s in sents) / total if total else 0.0


def _decide(f: dict[str, float], lex_pairs: list[tuple[int, int]], spin_pairs: list[tuple[int, int]],
            a: Profile, b: Profile, lex: np.ndarray) -> tuple[str | None, float, list[tuple[int, int]]]:
    """The relation from the pair's features (a fixed rule; thresholds above)."""
    lex_cover = max(f["lex_cover_a"], f["lex_cover_b"])
    if _whole_brief(f, a, b):
        return VERBATIM, min(f["exact_cover_a"], f["exact_cover_b"]), lex_pairs
    if _is_copy(f, a, b) and max(f["exact_cover_a"], f["exact_cover_b"]) >= VERBATIM_COVERAGE:
        return VERBATIM, max(lex_cover, f["long_cover_a"], f["long_cover_b"]) * f["lex_mean"], lex_pairs
    if _is_copy(f, a, b):
        return EDITED, max(lex_cover * f["lex_mean"], f["long_cover_a"], f["long_cover_b"]), lex_pairs
    if _is_spin(f, a, b):
        return REWRITTEN, max(f["spin_cover_a"], f["spin_cover_b"]) * f["spin_mean"], spin_pairs
    quotes = [(i, j) for i, j in lex_pairs if min(a.sentences[i].n_words, b.sentences[j].n_words) >= QUOTE_MIN_WORDS]
    if quotes:
        return QUOTED, max(_coverage(a, {i for i, _ in quotes}), _coverage(b, {j for _, j in quotes})), quotes
    return None, 0.0, []


def _whole_brief(f: dict[str, float], a: Profile, b: Profile) -> bool:
    """A short text (a one- or two-sentence brief, a feed description) that the other article
    repeats whole, word for word: a copy however short (issue 16: such copies were "quoted" and
    counted as a second independent source). Longer texts go through ``_is_copy``."""
    short = min(a.n_words, b.n_words)
    return (MIN_BRIEF_WORDS <= short < MIN_SHARED_WORDS
            and min(f["exact_cover_a"], f["exact_cover_b"]) >= VERBATIM_COVERAGE)


def _enough(pairs: float, cover_a: float, cover_b: float, a: Profile, b: Profile, minimum: float) -> bool:
    """Shared text is evidence of one origin: covers ``minimum`` of one article, holds at least
    MIN_SHARED_WORDS words, and spans MIN_SHARED_SENTENCES sentences unless it covers most of
    both articles (short texts of one or two long sentences)."""
    words = max(cover_a * a.n_words, cover_b * b.n_words)
    if max(cover_a, cover_b) < minimum or words < MIN_SHARED_WORDS:
        return False
    return pairs >= MIN_SHARED_SENTENCES or min(cover_a, cover_b) >= SHORT_TEXT_COVERAGE


def _is_copy(f: dict[str, float], a: Profile, b: Profile) -> bool:
    """Same text, perhaps edited: sentences aligned with most content words kept, or long
    shared word runs over much of one article (robust when sentence splits differ).

    When most of the shared text is quoted speech in one article or the other (a statement,
    a post or a speech that several outlets quote), the text outside quotations must be shared
    enough on its own: quoting one statement does not make two reports one origin.
    """
    sentence_level = (f["retention"] >= EDIT_RETENTION
                      and _enough(f["lex_pairs"], f["lex_cover_a"], f["lex_cover_b"], a, b, COPY_COVERAGE))
    word_level = _enough(MIN_SHARED_SENTENCES, f["long_cover_a"], f["long_cover_b"], a, b, LONG_RUN_COVERAGE)
    return (sentence_level or word_level) and _beyond_quotes(f, "", "lex_", a, b, COPY_COVERAGE)


def _is_spin(f: dict[str, float], a: Profile, b: Profile) -> bool:
    """Same sentences in the same order with words swapped (skeleton alignment), and not only
    in quoted speech (see ``_is_copy``)."""
    return (_enough(f["spin_pairs"], f["spin_cover_a"], f["spin_cover_b"], a, b, SPIN_COVERAGE)
            and _beyond_quotes(f, "spin_", "spin_", a, b, SPIN_COVERAGE))


def _beyond_quotes(f: dict[str, float], own: str, cover: str, a: Profile, b: Profile, minimum: float) -> bool:
    """The shared text is more than quoted speech (features of ``_own_text`` under the prefix
    ``own``, coverage under ``cover``): it covers half of both texts (a reprint, quotes and all),
    or is mostly outside quotations, or its part outside them is enough on its own.

    Text that one article quotes and the other states in its own voice (a statement or a post
    and a report quoting it) is a quotation however much of both it covers (issue 16: a
    statement page and the roundup quoting it whole were one origin)."""
    if f[f"{own}quoted_in_one"] >= QUOTED_SHARE:
        return False
    if min(f[f"{cover}cover_a"], f[f"{cover}cover_b"]) >= WHOLE_COPY_COVERAGE:
        return True
    return f[f"{own}quoted_share"] < QUOTED_SHARE or _enough(
        f[f"{own}own_pairs"], f[f"{own}own_cover_a"], f[f"{own}own_cover_b"], a, b, minimum)


def _passages(a: Profile, b: Profile, pairs: list[tuple[int, int]]) -> list[Passage]:
    """Merge aligned sentence pairs that follow each other in both articles into passages."""
    passages: list[Passage] = []
    last: tuple[int, int] | None = None
    for i, j in sorted(pairs):
        sa, sb = a.sentences[i], b.sentences[j]
        if last is not None and i == last[0] + 1 and j == last[1] + 1:
            passages[-1] = Passage((passages[-1].a[0], sa.end), (passages[-1].b[0], sb.end))
        else:
            passages.append(Passage((sa.start, sa.end), (sb.start, sb.end)))
        last = (i, j)
    return passages


# --- Word-level tiling -------------------------------------------------------------------------

# Greedy string tiling: shared runs of at least TILE_MIN words, longest first, each word used
# once. Runs of 3+ words rarely occur by chance between texts on one topic (checked on the
# Clough & Stevenson "non" answers: 3-word runs cover < 10% of them, 6-word runs < 2%).
TILE_MIN = 3
LONG_TILE = 8
# A word run that starts more than this many times in one text is filler repeated, not a passage
# (in news a 3-word run rarely recurs more than a few times in an article); tiling skips those
# starts, so a page of one phrase repeated costs linear time instead of quadratic.
TILE_MAX_STARTS = 64


def tiles(a: str, b: str, min_len: int = TILE_MIN) -> list[tuple[int, int, int]]:
    """Non-overlapping shared word runs (start in a, start in b, length), longest first.

    ``a`` and ``b`` are word-coded strings (one character a word, as in ``Profile.codes``).
    """
    index = _run_starts(a, min_len)
    runs = []
    for j, gram in enumerate(_grams(b, min_len)):
        for i in index.get(gram, ()):
            if i > 0 and j > 0 and a[i - 1] == b[j - 1] and b[j - 1:j - 1 + min_len] in index:
                continue  # inside a longer run found from an earlier start
            runs.append((_run_length(a, b, i, j, min_len), i, j))
    runs.sort(key=lambda r: (-r[0], r[1], r[2]))
    used_a = bytearray(len(a))
    used_b = bytearray(len(b))
    chosen = []
    for n, i, j in runs:
        if 1 not in used_a[i:i + n] and 1 not in used_b[j:j + n]:
            used_a[i:i + n] = used_b[j:j + n] = b"\x01" * n
            chosen.append((i, j, n))
    return sorted(chosen)


# Texts whose run starts and word grams (_run_starts, _grams) are kept: an article is aligned with
# each of its candidates, and a job of align_jobs takes its pairs family by family, so the same
# few articles come back pair after pair (building them was ~1/4 of the alignment time).
TILE_CACHE = 1024


@lru_cache(maxsize=TILE_CACHE)
def _run_starts(a: str, min_len: int) -> dict[str, list[int]]:
    """Where each run of ``min_len`` words starts in ``a``, for runs starting at most TILE_MAX_STARTS times (read only)."""
    index: dict[str, list[int]] = {}
    for k in range(len(a) - min_len + 1):
        index.setdefault(a[k:k + min_len], []).append(k)
    return {gram: starts for gram, starts in index.items() if len(starts) <= TILE_MAX_STARTS}


@lru_cache(maxsize=TILE_CACHE)
def _grams(b: str, min_len: int) -> tuple[str, ...]:
    """Each run of ``min_len`` words of ``b``, by start."""
    return tuple(b[j:j + min_len] for j in range(len(b) - min_len + 1))


_RUN_STRIDE = 32  # words compared at once while a shared run continues


def _run_length(a: str, b: str, i: int, j: int, n: int) -> int:
    """Length of the shared run at a[i:], b[j:], known to be at least ``n`` long.

    Compares _RUN_STRIDE words at a time, then word by word: copied articles share runs of
    hundreds of words, and a word-by-word loop over them dominated the alignment.
    """
    while a[i + n:i + n + _RUN_STRIDE] == b[j + n:j + n + _RUN_STRIDE] and i + n + _RUN_STRIDE <= len(a) \
            and j + n + _RUN_STRIDE <= len(b):
        n += _RUN_STRIDE
    while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
        n += 1
    return n


def _tile_features(a: Profile, b: Profile) -> dict[str, float]:
    """How much of each text lies in shared word runs (all runs, long runs) and how fragmented."""
    found = tiles(a.codes, b.codes)
    covered = sum(n for _, _, n in found)
    long_covered = sum(n for _, _, n in found if n >= LONG_TILE)
    return {
        "tile_cover_a": covered / max(1, len(a.codes)),
        "tile_cover_b": covered / max(1, len(b.codes)),
        "long_cover_a": long_covered / max(1, len(a.codes)),
        "long_cover_b": long_covered / max(1, len(b.codes)),
        "tile_mean": covered / len(found) if found else 0.0,
        "tiles_per_100": 100 * len(found) / max(1, min(len(a.codes), len(b.codes))),
    }
