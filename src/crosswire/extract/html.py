"""Main text and metadata of HTML pages, as an Article: trafilatura checked against readability.

Two extractors that fail differently are combined by fixed rules:

1. trafilatura in precision mode gives the main text (it drops comments and most clutter);
2. when it returns far less than readability-lxml and what it did return is mostly inside
   readability's text (or is tiny), it missed the body: readability's text is used instead;
3. otherwise readability serves as a witness for the edges: leading and trailing lines that
   readability does not contain (newsletter blurbs, "related" link lists, boilerplate about
   the publisher) are trimmed, as long as most of the text remains.

A first line that repeats the headline is dropped (the headline is the title). Metadata comes
from trafilatura (which uses htmldate for the date); values the source already
gave (``DocumentHints``) win. Every visible block that did not make it into the text is kept in
``Article.removed``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..ingest.metadata import parse_date
from ..records import Article, DocumentHints, Problem, RawDocument
from .htmlblocks import parse_html, removed_blocks, strip_markup, token_key, visible_blocks

NO_TEXT = "HTML page holds no article text"
# How much of a page is searched for published-time meta tags: they sit in <head>, which on
# news pages we met ends within the first 100 KB (inline scripts and styles included).
PUBLISHED_SCAN_CHARS = 200_000
# Fewer words than this is a menu, a caption or a notice, not an article. The shortest of the
# 181 hand-checked article bodies in the article-extraction benchmark has 66 words; 10 leaves
# room for very short news briefs.
MIN_ARTICLE_WORDS = 10

# Rule 2 (fallback). trafilatura's text counts as having missed the body when it has fewer than
# FALLBACK_SHARE of readability's words and either FALLBACK_COVER of its own words lie inside
# readability's text (readability found the same place, only more of it) or it holds fewer than
# TINY_SHARE of readability's words (a stray notice, not an article). Set after reading the
# benchmark's failures (three pages where trafilatura kept a fragment or a reprint notice), with
# round, loose values rather than searched ones: on benchmarks/extraction.py FALLBACK_SHARE
# 0.4 / 0.5 / 0.6 score 0.975 / 0.977 / 0.976 F1 (before the headline rule), and FALLBACK_COVER
# 0.6 to 0.9 changes nothing.
FALLBACK_SHARE = 0.5
FALLBACK_COVER = 0.6
TINY_SHARE = 0.2
# Rule 3 (edge trim). Readability is trusted as a witness only when it has at least
# WITNESS_SHARE of trafilatura's words, and a trim may never remove more than half the text:
# both guard against readability having picked a different block of the page.
WITNESS_SHARE = 0.5
KEEP_SHARE = 0.5

_TOKEN = re.compile(r"\w+", re.UNICODE)
_BLANKS = re.compile(r"[ \t\r\f\v\u00a0]+")
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_META_ATTR = re.compile(r"""\b(property|name|itemprop|content)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# Meta tags that carry the publication time with its hour (htmldate keeps only the day).
PUBLISHED_KEYS = frozenset({"article:published_time", "datepublished", "og:published_time", "pubdate",
                            "publishdate", "dc.date.issued", "sailthru.date", "parsely-pub-date"})
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass(slots=True)
class MainText:
    """The candidate texts of one page and the text chosen from them (``rule`` says how)."""

    precise: str
    readable: str
    text: str
    rule: str  # "precise" | "fallback" | "trimmed"


def extract_html(document: RawDocument) -> Article | Problem:
    """Clean one HTML page into an Article, or a Problem when it holds no article text.

    The extractors (trafilatura, readability, lxml) meet hostile pages; whatever one of them
    raises costs only this page: a Problem naming it and the error, never the batch.
    """
    try:
        return _extract_html(document)
    except Exception as error:  # noqa: BLE001 - third-party failures translated where they enter
        message = (str(error).strip().splitlines() or [type(error).__name__])[0][:120]
        return Problem(document.source_path, f"cannot extract the page ({type(error).__name__}: {message})")


def _extract_html(document: RawDocument) -> Article | Problem:
    """``extract_html`` without its last-resort handler."""
    tree = parse_html(document.text)
    if tree is None:
        return Problem(document.source_path, NO_TEXT)
    main = main_text(document.text)
    if _count(main.text) < MIN_ARTICLE_WORDS:
        return Problem(document.source_path, NO_TEXT)
    article = _with_metadata(document, main.text)
    article.removed = removed_blocks(tree, article.text, article.title)
    return article


def main_text(markup: str) -> MainText:
    """Run both extractors on ``markup`` and combine them by the module's rules."""
    precise = clean_text(_trafilatura_text(markup))
    readable = clean_text(readability_text(markup))
    return combine(precise, readable)


def combine(precise: str, readable: str, trim: bool = True) -> MainText:
    """Choose between (or trim) the two candidate texts; see the module docstring.

    ``trim=False`` skips rule 3; the extraction benchmark uses it to report each rule's share.
    """
    n_precise, n_readable = _count(precise), _count(readable)
    if n_precise < FALLBACK_SHARE * n_readable and (
        _covered(precise, readable) >= FALLBACK_COVER or n_precise < TINY_SHARE * n_readable
    ):
        return MainText(precise, readable, readable, "fallback")
    trimmed = trim_edges(precise, readable) if trim else precise
    return MainText(precise, readable, trimmed, "trimmed" if trimmed != precise else "precise")


def trim_edges(text: str, witness: str) -> str:
    """Drop leading and trailing lines of ``text`` whose words do not appear as a run in ``witness``."""
    if _count(witness) < WITNESS_SHARE * _count(text):
        return text
    known = token_key(witness)
    lines = text.split("\n")
    start, end = 0, len(lines)
    while start < end and token_key(lines[start]) not in known:
        start += 1
    while end > start and token_key(lines[end - 1]) not in known:
        end -= 1
    trimmed = "\n".join(lines[start:end])
    return trimmed if _count(trimmed) >= KEEP_SHARE * _count(text) else text


def drop_headline(text: str, title: str) -> str:
    """Drop a first line that repeats the title: the headline is kept in ``Article.title``."""
    first, _, rest = text.partition("\n")
    if rest.strip() and token_key(first) == token_key(title):
        return rest
    return text


def _trafilatura_text(markup: str) -> str:
    """trafilatura's main text in precision mode, comments excluded ("" when it finds none)."""
    import trafilatura

    return trafilatura.extract(markup, favor_precision=True, include_comments=False) or ""


def readability_text(markup: str) -> str:
    """readability-lxml's main content as plain text, one line per block ("" when it fails)."""
    from readability import Document
    from readability.readability import Unparseable

    logging.getLogger("readability.readability").setLevel(logging.ERROR)
    try:
        summary = Document(markup).summary(html_partial=True)
    except (Unparseable, ValueError, TypeError):
        return ""
    tree = parse_html(summary)
    return "\n".join(visible_blocks(tree)) if tree is not None else ""


def clean_text(text: str) -> str:
    """Plain text with no markup: one paragraph a line, spaces collapsed, blank lines dropped."""
    lines = (_BLANKS.sub(" ", strip_markup(line)).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _count(text: str) -> int:
    """Number of word tokens in ``text``."""
    return len(_TOKEN.findall(text))


def _covered(text: str, reference: str) -> float:
    """Share of ``text``'s word occurrences that ``reference`` also holds (multiset overlap)."""
    mine = Counter(_TOKEN.findall(text.lower()))
    theirs = Counter(_TOKEN.findall(reference.lower()))
    total = sum(mine.values())
    return sum((mine & theirs).values()) / total if total else 1.0


def _with_metadata(document: RawDocument, text: str) -> Article:
    """Build the Article: metadata from the page, overridden by what the source already said."""
    from trafilatura import extract_metadata

    hints: DocumentHints = document.hints
    try:
        meta = extract_metadata(document.text, default_url=hints.url)
    except (ValueError, TypeError, AttributeError):  # a metadata failure must not lose the text
        meta = None
    url = hints.url or _attr(meta, "url")
    title = clean_text(hints.title or "") or _attr(meta, "title")
    if title:
        text = drop_headline(text, title)
    else:
        title = text.split("\n", 1)[0][:200]
    return Article(id=document.id, source_path=document.source_path, title=title, text=text,
                   outlet=hints.outlet or _attr(meta, "sitename") or _domain(url), url=url,
                   byline=hints.byline or _attr(meta, "author"),
                   published=hints.published or _with_time(_attr(meta, "date"), document.text))


def _with_time(day: str | None, page: str) -> str | None:
    """The page's date with its time of day when a published-time meta tag gives it for that day.

    htmldate returns ``YYYY-MM-DD`` only; scraped text and records keep the hour, and the
    timeline orders same-day reports by it, so an ISO ``article:published_time`` (or alike)
    on the same day is preferred. A tag naming another day is ignored (htmldate chose better).
    """
    if not day:
        return day
    for tag in _META_TAG.findall(page[:PUBLISHED_SCAN_CHARS]):
        attrs = {m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3)) for m in _META_ATTR.finditer(tag)}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        value = (attrs.get("content") or "").strip()
        if key in PUBLISHED_KEYS and _ISO_DATETIME.match(value) and value[:10] == day:
            return parse_date(value) or day
    return day


def _attr(meta: object, name: str) -> str | None:
    """A metadata field as plain stripped text, or None when absent or empty."""
    value = getattr(meta, name, None) if meta is not None else None
    if not isinstance(value, str):
        return None
    return clean_text(value) or None


def _domain(url: str | None) -> str | None:
    """The host of ``url`` without a leading "www.", as a stand-in for the outlet's name."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
