"""Turn RawDocuments into Articles: main text and metadata, with removed clutter kept aside.

Dispatches on the document's kind: HTML pages go to ``html.extract_html``, scraped plain text
to ``scraped.clean_scraped`` (which needs corpus-wide line counts), JSON records keep their text.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from ..ingest.metadata import date_in_name
from ..records import Article, Problem, RawDocument
from .clutter import drop_photo_galleries
from .notarticle import NOT_AN_ARTICLE, document_name, not_an_article

# An HTML character reference left in a record's plain text ("&amp;", "&#124;"): 178 of the 4,239
# Multi-News dev documents hold one; written out, the report showed "News &amp; Observer". Only
# references closed by ";" are read, so "AT&T" or "R&D" stay as written.
_CHARACTER_REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def extract_articles(documents: list[RawDocument]) -> tuple[list[Article], list[Problem]]:
    """Clean every document; documents with no article text become Problems.

    Works on the whole batch at once because the scraped-text cleaner uses lines that repeat
    across the corpus as evidence of page furniture.
    """
    line_counts = corpus_line_counts(documents)
    articles: list[Article] = []
    problems: list[Problem] = []
    for document in documents:
        result = extract_article(document, line_counts)
        (problems if isinstance(result, Problem) else articles).append(result)
    return articles, problems


def corpus_line_counts(documents: list[RawDocument]) -> Counter[str]:
    """In how many scraped-text documents each (stripped, lower-cased) line appears, copies counting once.

    Copies of one article (``scraped.copy_families``: a verbatim copy, a reprint sharing most of
    its body) count as one document, so adding a copy to the batch changes no count and no
    article: only lines repeated across different articles are taken for page furniture.
    """
    from .scraped import copy_families, line_key

    scraped = [document for document in documents if document.media_type == "text/plain"]
    family_lines: dict[int, set[str]] = {}
    for document, family in zip(scraped, copy_families(scraped)):
        family_lines.setdefault(family, set()).update(line_key(line) for line in document.text.splitlines()
                                                      if line.strip())
    counts: Counter[str] = Counter()
    for lines in family_lines.values():
        counts.update(lines)
    return counts


def extract_article(document: RawDocument, line_counts: Counter[str] | None = None) -> Article | Problem:
    """Clean one document into an Article, or a Problem saying why it holds no article."""
    from . import html, scraped

    if document.media_type == "text/html":
        article = html.extract_html(document)
    elif document.media_type == "text/plain":
        article = scraped.clean_scraped(document, line_counts or Counter())
    else:
        article = record_article(document)
    if isinstance(article, Problem):
        return article
    article.text = drop_photo_galleries(article.text)
    if not article.text.strip():
        return Problem(document.source_path, "no article text found")
    reason = not_an_article(article, document)
    if reason:
        return Problem(document_name(document), f"{NOT_AN_ARTICLE}: {reason}")
    from .agencies import find_agencies
    from .language import detect_language

    article.language = article.language or detect_language(article.text)
    article.agencies = article.agencies or find_agencies(article)
    article.story_hint = document.hints.story
    # No date on the page: the WARC crawl time, else a date written in the file name or record id.
    article.published = article.published or document.hints.fetched or date_in_name(document.id)
    return article


def record_article(document: RawDocument) -> Article:
    """A JSON record's article: its text is already clean; its fields are the metadata."""
    hints = document.hints
    text = "\n".join(line.strip() for line in _unescaped(document.text).splitlines() if line.strip())
    title = _unescaped(hints.title or "") or text.split("\n", 1)[0][:200]
    return Article(id=document.id, source_path=document.source_path, title=title, text=text,
                   outlet=hints.outlet, url=hints.url, byline=hints.byline, published=hints.published)


def _unescaped(text: str) -> str:
    """A record's text with HTML character references written as the characters they stand for."""
    return _CHARACTER_REFERENCE.sub(lambda m: html.unescape(m.group()), text) if "&" in text else text
