"""Scraped plain text: find the title and metadata, drop page clutter, keep what was removed."""

from __future__ import annotations

from collections import Counter

from .records import Article, RawDocument


def clean_scraped(document: RawDocument, line_counts: Counter[str]) -> Article:
    """First pass: first line is the title, every non-empty line is kept."""
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    hints = document.hints
    return Article(id=document.id, source_path=document.source_path, title=hints.title or lines[0],
                   text="\n".join(lines[1:] or lines), outlet=hints.outlet, url=hints.url,
                   byline=hints.byline, published=hints.published)
