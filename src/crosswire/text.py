"""Shared text utilities: sentence spans, word tokens and normalisation, all offset-preserving."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "maj", "cmdr", "adm", "st", "jr", "sr", "co", "corp", "inc", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "dept", "est", "approx", "fig", "vol", "pp", "rev", "hon", "det", "supt", "insp", "cpl", "pvt"]
)
# Initials written with full stops ("J.J.", "W.P."): a name goes on after them.
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
# Words that open a sentence and never follow a title or an initial: after "U.S." or "3 a.m."
# one of these starts the next sentence ("at 3 a.m. The fire spread").
_OPENERS = frozenset(["The", "He", "She", "It", "They", "We", "I", "But", "This", "That", "There", "Police",
                      "Officials", "Authorities", "His", "Her", "Their", "Its", "In", "On", "At", "After", "When"])
_SENTENCE_END = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s+|$)""")
_WORD = re.compile(r"\w+(?:[’'.,-]\w+)*", re.UNICODE)
_SPACES = re.compile(r"\s+")
# Memo sizes. Every stage of a story re-reads its articles' sentences (statements, entities,
# briefing, citations): texts of the last SPAN_CACHE articles and normalised forms of the last
# NORMALISE_CACHE strings up to NORMALISE_CACHED_LEN characters (sentences, not whole texts) are
# kept (a story rarely has more than a few dozen articles; the memory is bounded by the sizes,
# ~10 MB for Multi-News texts).
SPAN_CACHE = 1024
# Longest sentence kept whole (characters). News sentences stay far below it: in 400 Multi-News
# clusters (7,736 sentences) the 99.99th centile is ~1,100 characters and none reaches 2,000.
MAX_SENTENCE_CHARS = 2000
NORMALISE_CACHE = 65536
NORMALISE_CACHED_LEN = 1000
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-",
                         "\u2014": "-", "\u00a0": " "})


@dataclass(slots=True, frozen=True)
class Span:
    """A [start, end) slice of some text; ``text`` is that slice."""

    start: int
    end: int
    text: str


def normalise(text: str) -> str:
    """Fold typographic quotes and dashes, NFKC-normalise and collapse spaces (for comparison).

    Memoised for sentence-sized strings: the same sentences are compared by several stages.
    """
    return _normalise_cached(text) if len(text) <= NORMALISE_CACHED_LEN else _normalise(text)


@lru_cache(maxsize=NORMALISE_CACHE)
def _normalise_cached(text: str) -> str:
    """``_normalise``, memoised."""
    return _normalise(text)


def _normalise(text: str) -> str:
    """``normalise`` without the memo."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def _ends_sentence(text: str, stop: int) -> bool:
    """True when the punctuation ending at ``stop`` closes a sentence (not "Mr." or "3.5")."""
    before = text[:stop].rstrip(".!?\"'\u201d\u2019)]")
    word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
    word = word.lstrip("(\"'\u201c\u2018")
    rest = text[stop:].lstrip()
    if text[stop - 1] == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
                                  or _INITIALS.fullmatch(word)):
        return rest.split(None, 1)[0] in _OPENERS if rest else True
    return not rest or not rest[0].islower()


def sentence_spans(text: str) -> list[Span]:
    """Split ``text`` into sentences with offsets; line breaks always end a sentence.

    A regex splitter, not a parser: it is fast enough for every sentence of a large corpus
    (heavy NLP runs later only on the sentences that need it). Memoised per text; each caller
    gets its own list.
    """
    return list(_sentence_spans(text))


@lru_cache(maxsize=SPAN_CACHE)
def _sentence_spans(text: str) -> tuple[Span, ...]:
    """``sentence_spans`` as an immutable tuple (the memoised form)."""
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for match in _SENTENCE_END.finditer(text, line.start(), line.end()):
            if _ends_sentence(text, match.end()):
                _append_span(spans, text, start, match.end())
                start = match.end()
        _append_span(spans, text, start, line.end())
    return tuple(spans)


def _append_span(spans: list[Span], text: str, start: int, end: int) -> None:
    """Append the stripped [start, end) slice of ``text`` when it holds any word.

    A span longer than MAX_SENTENCE_CHARS is no sentence (a table or a list scraped without
    punctuation, or hostile input): it is cut at spaces into pieces of at most that length, so
    that every per-sentence step downstream stays bounded and a one-line file cannot stall a run.
    """
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        _append_span(spans, text, start, cut)
        start = cut
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and any(ch.isalnum() for ch in text[start:end]):
        spans.append(Span(start, end, text[start:end]))


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings."""
    return [span.text for span in sentence_spans(text)]


def word_spans(text: str) -> list[Span]:
    """Word tokens of ``text`` with offsets (letters/digits, keeping 1,200 and don't whole)."""
    return [Span(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text``."""
    return tokens_of_normalised(normalise(text))


def ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    """Distinct word n-grams of ``tokens``."""
    return {tuple(tokens[k:k + n]) for k in range(len(tokens) - n + 1)}


def tokens_of_normalised(text: str) -> list[str]:
    """``words`` of text that is already normalised.

    ASCII text is lower-cased before tokenising (one call instead of one per word): that cannot
    move a token boundary there, whereas lower-casing some other letters changes the length
    ("İ" becomes two characters).
    """
    if text.isascii():
        return _WORD.findall(text.lower())
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words (scikit-learn's list), for content-word filters."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def content_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` that are not stop words."""
    stops = stop_words()
    return [w for w in words(text) if w not in stops]
