"""Pages to fetch from live feeds and sitemaps, and the feed a web page names.

Sitemaps (sitemaps.org): a ``urlset`` lists pages (``<loc>``, optional ``<lastmod>``), a
``sitemapindex`` lists further sitemaps, a plain-text sitemap lists one URL a line; any of them
may be gzipped. The XML is untrusted and parsed without entities, DTDs or network access.
Feeds are parsed by feedparser (``feeds.parse_feed``); each entry's link is a page to fetch. A
page that is no feed may name its feeds in ``<link rel="alternate" type="application/rss+xml">``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..records import Problem
from .sources import GZIP_MAGIC, gunzip

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+xml", "application/xml", "text/xml")
# Sitemap XML is parsed with everything that could read files, reach the network or expand
# entities switched off.
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                              remove_comments=True, remove_pis=True)


@dataclass(slots=True)
class Link:
    """A page to fetch and, when its source says, when it last changed (ISO-8601)."""

    url: str
    lastmod: str | None = None


@dataclass(slots=True)
class Sitemap:
    """What one sitemap lists: pages (a urlset) or further sitemaps (an index)."""

    pages: list[Link] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def feed_links(feed_url: str, parsed: feedparser.FeedParserDict, base: str | None = None) -> tuple[list[Link], list[Problem]]:
    """The page links of a parsed feed's entries; an entry without one is a Problem named ``<feed_url>#<n>``.

    Relative links are resolved against ``base`` (the address the feed came from after redirects),
    else against ``feed_url``.
    """
    links: list[Link] = []
    problems: list[Problem] = []
    for n, entry in enumerate(parsed.entries, start=1):
        raw = str(entry.get("link") or "").strip()
        url = urljoin(base or feed_url, raw) if raw else ""
        if not url:
            problems.append(Problem(f"{feed_url}#{n}", "feed entry has no link"))
        elif not is_http(url):
            problems.append(Problem(f"{feed_url}#{n}", f"feed entry links to {raw!r}, not an http(s) URL"))
        else:
            links.append(Link(url, _entry_changed(entry)))
    return links, problems


def _entry_changed(entry: dict) -> str | None:
    """When a feed entry last changed (its update, else publication time) as ISO-8601 UTC."""
    for key in ("updated_parsed", "published_parsed"):
        value = entry.get(key) if key in entry else None  # a plain get of a missing update time warns
        if isinstance(value, time.struct_time):
            return datetime(*value[:6], tzinfo=UTC).isoformat()
    return None


def feed_alternates(page_url: str, text: str) -> list[str]:
    """The feed URLs an HTML page names in ``<link rel="alternate" type="application/rss+xml" href>``."""
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rels and kind in FEED_TYPES and href:
            url = urljoin(page_url, href)
            if is_http(url) and url not in found:
                found.append(url)
    return found


def parse_sitemap(source: str, body: bytes, max_bytes: int) -> Sitemap:
    """The pages or sitemaps one sitemap lists; InputError naming ``source`` when it is none."""
    if body[:2] == GZIP_MAGIC:
        body = gunzip(source, body, max_bytes)
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head and head != b"<":
        return _text_sitemap(body)
    try:
        root = etree.fromstring(body, _XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise InputError(source, f"not a sitemap (malformed XML: {str(error)[:120]})") from None
    kind = etree.QName(root).localname
    if kind == "urlset":
        return Sitemap(pages=[Link(loc, _child_text(item, "lastmod"))
                              for item in _children(root, "url") if (loc := _child_text(item, "loc"))])
    if kind == "sitemapindex":
        return Sitemap(sitemaps=[loc for item in _children(root, "sitemap") if (loc := _child_text(item, "loc"))])
    raise InputError(source, f"not a sitemap (its root element is <{kind}>, not <urlset> or <sitemapindex>)")


def _text_sitemap(body: bytes) -> Sitemap:
    """A plain-text sitemap: one absolute URL a line (other lines ignored)."""
    lines = body.decode("utf-8", errors="replace").splitlines()
    return Sitemap(pages=[Link(line.strip()) for line in lines if is_http(line.strip())])


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with this local name, in any namespace."""
    return [child for child in element if isinstance(child.tag, str) and etree.QName(child).localname == name]


def _child_text(element: etree._Element, name: str) -> str | None:
    """The stripped text of the first child with this local name (None when absent or empty)."""
    for child in _children(element, name):
        text = (child.text or "").strip()
        return text or None
    return None


def is_http(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


__all__ = ["Link", "Sitemap", "feed_alternates", "feed_links", "is_http", "parse_sitemap"]
