"""Names restored in lower-cased text, so that entities and facts find the people and places in it.

Some corpora reach crosswire lower-cased but for the first letter of each sentence (every Multi-News
document: "police found marla vell, 25, at home"). Entity mentions are found by their capitals, so
in such a text no person has a name, no age is anyone's and no role has a holder. For a text that
reads lower-cased (``lower_cased``), ``recased`` gives the same text with the first letter of each
word of a named entity raised: spaCy's entity recogniser still finds many lower-cased names from
their context. It parses only a few words either side of the figures, roles and verbs of saying in
the sentences the facts stage reads closely (``_windows``: 29 % of Multi-News words) and raises a
name of two or more words found there wherever else the text writes it; a census given name right
before a word raised so ("daniel" before a surname raised elsewhere) is raised too. Only letters'
case changes, so every offset into the text (reuse passages, sentence spans) still holds. Cased
text is returned unchanged.

Used by the facts stage only (entities and statements); the briefing, and the evidence a fact
quotes (``quotes_as_written``), give the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from ..records import Article, Fact
from ..text import Span, sentence_spans, stop_words
from . import entities, nlp
from .entities import census_given_names
from .statements import is_candidate

# A text reads lower-cased when fewer than this share of the words that do not open a sentence
# start with a capital. Chosen on the corpora in ../shared/data: all 3,883 Multi-News dev documents
# with 40+ such words are below 1 %; the cased ones are far above (Giveme5W1H lowest 2.8 %, median
# 13 %; DUC 2004 lowest 4.5 %).
LOWER_SHARE = 0.01
# Fewer words than this say nothing either way (a caption, a one-line teaser): left as written.
MIN_WORDS = 40
# The entity types whose words are written with capitals ("Zorvan County", "Kestrinians").
NAME_LABELS = frozenset({"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "EVENT"})
# Words parsed either side of a cue (see _windows). Chosen on the first 400 Multi-News dev clusters:
# windows of 6 hold 29 % of their words against 67 % for whole candidate sentences.
WINDOW_WORDS = 6
_TOKEN = re.compile(r"\S+")
_INITIALS = re.compile(r"(?<![\w.])(?:[a-z]\.){2,}")
_CUE = re.compile(r"\W*(?:\d[\d,.]*\w*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                  r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|dozens?|spokesman|"
                  r"spokeswoman|spokesperson|mayor|governor|chief|coroner|prosecutor|sheriff|president|minister|"
                  r"director|said|says|told|mr|mrs|ms|dr)\W*", re.IGNORECASE)
# Texts whose recased form is kept (a story's stages read each article several times).
RECASE_CACHE = 1024
_INNER_WORD = re.compile(r"(?<=[a-z0-9,;] )[^\W\d_][\w'-]*")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_WORD_THEN_WORD = re.compile(r"\b([a-z]+) (?=([A-Za-z][\w'-]*))")  # overlapping: each word once first


@lru_cache(maxsize=RECASE_CACHE)
def lower_cased(text: str) -> bool:
    """Whether ``text`` is written lower-case but for its sentences' first letters (memoised: a
    story's completion asks it of each article several times)."""
    words = _INNER_WORD.findall(text)
    if len(words) < MIN_WORDS:
        return False
    return sum(w[0].isupper() for w in words) < LOWER_SHARE * len(words)


def recased_articles(articles: list[Article]) -> list[Article]:
    """The articles as the facts stage reads them: lower-cased texts with their names raised."""
    return [replace(a, text=recased(a.text)) if lower_cased(a.text) else a for a in articles]


def quotes_as_written(facts: list[Fact], read: list[Article], articles: list[Article]) -> None:
    """Give each fact value's quoted sentence as its article writes it, not as recased for reading
    (offsets are the same in both texts), so that the evidence a report quotes is the source's."""
    written = {a.id: a.text for a in articles}
    raised = {a.id: a.text for a in read if a.text != written.get(a.id)}
    if not raised:
        return
    for fact in facts:
        for value in fact.values:
            for article_id in value.articles:
                at = raised[article_id].find(value.text) if article_id in raised and value.text else -1
                if at >= 0:
                    value.text = written[article_id][at:at + len(value.text)]
                    break


def windows_to_label(articles: list[Article]) -> list[str]:
    """The stretches of text that recasing these articles parses (none for cased ones): found
    without parsing, so that a batch parses them at once and an ingest looks them up in its store."""
    return [span.text for a in articles if lower_cased(a.text) for span in _windows(a.text)]


def prefetch_labels(stories: list[list[Article]]) -> None:
    """Parse at once what completing these stories asks spaCy about: the recasing windows of their
    lower-cased articles, then the entity stage's sentences of the texts as the facts stage reads
    them (``entities.prefetch_labels``)."""
    nlp.entity_labels([w for articles in stories for w in windows_to_label(articles)])
    entities.prefetch_labels([recased_articles(articles) for articles in stories])


@lru_cache(maxsize=RECASE_CACHE)
def recased(text: str) -> str:
    """``text`` with the first letter of each named entity's words raised (see the module)."""
    chars = list(text)
    spans = _windows(text)
    raised: set[str] = set()
    phrases: set[str] = set()
    for span, labels in zip(spans, nlp.entity_labels([s.text for s in spans])):
        at = 0
        for name, label in labels:
            found = span.text.find(name, at)
            if found < 0:
                continue
            at = found + len(name)
            if label in NAME_LABELS:
                start = span.start + found
                while start > 0 and not text[start - 1].isspace():  # "u.s. attorney" parsed from "s."
                    start -= 1
                name = text[start:span.start + found + len(name)]
                raised |= _raise_words(chars, start, name)
                if len(name.split()) > 1:
                    phrases.add(name.lower())
    for phrase in sorted(phrases):  # the same name in the sentences not parsed
        for m in re.finditer(rf"(?<![\w'-]){re.escape(phrase)}(?![\w-])", text, re.IGNORECASE):
            _raise_words(chars, m.start(), m.group())
    _raise_given_names(chars, raised)
    return "".join(chars)


@lru_cache(maxsize=RECASE_CACHE)
def _windows(text: str) -> tuple[Span, ...]:
    """The stretches of ``text`` worth parsing: WINDOW_WORDS words either side of each cue (a figure,
    a number word, a role, a verb of saying) in the sentences the facts stage reads closely, joined
    where they overlap. A name that a figure, a role or a quote belongs to stands within a few words
    of it; parsing windows, not whole sentences, halves the cost. Memoised: the windows are looked
    up before a batch (``windows_to_label``) and again when the text is recased."""
    found = []
    for sentence in sentence_spans(text):
        if not is_candidate(sentence.text):
            continue
        words = list(_TOKEN.finditer(sentence.text))
        cues = [n for n, w in enumerate(words) if _CUE.fullmatch(w.group())]
        for first, last in _joined((max(0, n - WINDOW_WORDS), min(len(words) - 1, n + WINDOW_WORDS)) for n in cues):
            start, end = words[first].start(), words[last].end()
            found.append(Span(sentence.start + start, sentence.start + end, sentence.text[start:end]))
    return tuple(found)


def _joined(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Word ranges (in order of their starts) with overlapping or touching ones joined."""
    out: list[tuple[int, int]] = []
    for first, last in ranges:
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def _raise_words(chars: list[str], start: int, name: str) -> set[str]:
    """Raise the first letter of each word of ``name`` (at ``start``) but small joining words
    ("the", "of"); the words raised, lower-case."""
    stops = stop_words()
    raised = set()
    for m in _WORD.finditer(name):
        word = m.group()
        if word in stops:
            continue
        chars[start + m.start()] = chars[start + m.start()].upper()
        raised.add(word.lower())
    for m in _INITIALS.finditer(name):  # "u.s.", "u.n.": every letter
        for i in range(m.start(), m.end()):
            chars[start + i] = chars[start + i].upper()
    return raised


def _raise_given_names(chars: list[str], raised: set[str]) -> None:
    """Raise a census given name standing right before a word raised elsewhere in the text
    ("daniel" before the surname that "marla vell" had raised)."""
    text = "".join(chars)
    given = census_given_names()
    for m in _WORD_THEN_WORD.finditer(text):
        if m.group(1) in given and m.group(2).lower() in raised and m.group(1) not in stop_words():
            chars[m.start(1)] = chars[m.start(1)].upper()
            if m.group(2)[0].islower():
                chars[m.start(2)] = chars[m.start(2)].upper()
