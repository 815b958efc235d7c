"""Named entities per article, resolved across a story into one entity with aliases."""

from __future__ import annotations

from .records import Article, Entity


def resolve_entities(articles: list[Article]) -> list[Entity]:
    """Entities of a story (first pass: none; the Entities and facts issue fills this)."""
    return []
