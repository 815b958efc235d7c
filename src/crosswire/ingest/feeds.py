"""Saved RSS/Atom feeds (via feedparser): each entry with content or a summary becomes a RawDocument.

An entry becomes a ``text/record`` document whose text is the entry's HTML with the tags
stripped (block elements and ``<br>`` kept as line breaks), not a ``text/html`` one: the entry
body is the article text the publisher chose, with no page furniture for the HTML extractor to
remove, and trafilatura's boilerplate rules, tuned for whole pages, return nothing for a short
summary of one or two paragraphs. The entry's title, link, author and date travel as hints;
the feed's own title is the outlet. Entries are numbered in file order: ``<stem>-<n>``. Their
``id``/``guid`` is not used as the article id because it is usually a URL, which would make
article ids in reports and web addresses carry slashes and query strings.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import feedparser
from lxml import etree
from lxml import html as lxml_html

from ..records import DocumentHints, Problem, RawDocument

# Elements that start a new line of text when an entry's HTML is flattened.
BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
              "section", "article", "figure", "figcaption", "ul", "ol", "table", "header", "footer")
_SPACES = re.compile(r"\s+")


def parse_feed(data: bytes) -> feedparser.FeedParserDict | None:
    """The parsed feed, or None when the data is not RSS or Atom.

    The bytes go in as a stream so that feedparser never treats them as a URL or file name, and
    it reads the XML encoding declaration itself.
    """
    parsed = feedparser.parse(io.BytesIO(data))
    return parsed if parsed.get("version") else None


def feed_documents(source: str, stem: str, parsed: feedparser.FeedParserDict) -> Iterator[RawDocument | Problem]:
    """One document per entry that has content or a summary; an entry without either is a Problem."""
    entries = parsed.entries
    if not entries:
        yield Problem(source, "feed holds no entries")
        return
    outlet = _clean(parsed.feed.get("title"))
    for n, entry in enumerate(entries, start=1):
        body = entry_text(entry)
        if not body:
            yield Problem(f"{source}#{n}", "feed entry has no content or summary")
            continue
        hints = DocumentHints(title=_clean(entry.get("title")), url=_clean(entry.get("link")),
                              published=entry_published(entry), outlet=outlet, byline=_clean(entry.get("author")))
        yield RawDocument(f"{stem}-{n}", source, "text/record", body, hints)


def entry_text(entry: dict) -> str:
    """The entry's fullest body (the longest ``content`` item, else the summary) as plain text."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        value, kind = best["value"], best.get("type", "text/html")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = entry.get("summary") or "", detail.get("type", "text/html")
    if kind == "text/plain":
        return "\n".join(line.strip() for line in value.splitlines() if line.strip())
    return html_fragment_text(value)


def html_fragment_text(fragment: str) -> str:
    """Flatten an HTML fragment to text: one line per block element or ``<br>``, spaces collapsed."""
    if not fragment.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, "script", "style", with_tail=False)
    for element in root.iter():
        element.text = _collapse(element.text)
        element.tail = _collapse(element.tail)
    for element in root.iter(*BLOCK_TAGS, "br"):
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (line.strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def entry_published(entry: dict) -> str | None:
    """The entry's publication (else update) time as ISO-8601 in UTC, else its raw date string."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    return _clean(entry.get("published") or entry.get("updated"))


def _collapse(text: str | None) -> str | None:
    """Runs of whitespace (source line breaks included) as one space; None stays None."""
    return _SPACES.sub(" ", text) if text else text


def _clean(value: object) -> str | None:
    """A feed field as stripped text, or None when empty."""
    text = _SPACES.sub(" ", str(value)).strip() if value else ""
    return text or None
