"""Who copied whom: reuse links between articles and the origin groups they imply."""

from __future__ import annotations

from .records import SAME_ORIGIN_RELATIONS, Article, OriginGroup, ReuseLink


def find_reuse(articles: list[Article]) -> list[ReuseLink]:
    """Reuse links across the whole corpus (first pass: none; the Provenance issue fills this)."""
    return []


def origin_groups(article_ids: list[str], links: list[ReuseLink], by_id: dict[str, Article]) -> list[OriginGroup]:
    """Partition ``article_ids`` into groups joined by same-origin links (union-find)."""
    parent = {i: i for i in article_ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for link in links:
        if link.relation in SAME_ORIGIN_RELATIONS and link.a in parent and link.b in parent:
            parent[find(link.b)] = find(link.a)
    groups: dict[str, list[str]] = {}
    for i in sorted(article_ids):
        groups.setdefault(find(i), []).append(i)
    return [OriginGroup(articles=ids) for ids in sorted(groups.values())]
