"""Wire agencies credited or cited by an article (bylines, datelines, "told AFP" citations)."""

from __future__ import annotations

from .records import Article


def find_agencies(article: Article) -> list[str]:
    """First pass: none (the foundation issue fills this)."""
    return []
