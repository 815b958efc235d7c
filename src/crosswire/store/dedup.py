"""Content kept once: which new articles a store takes, and under which ids (both engines' ingest)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..records import Article
from .db import IngestResult


def keep_new(hashed: Iterable[tuple[Article, str]], stored: Mapping[str, str],
             result: IngestResult) -> list[tuple[Article, str]]:
    """The articles (with their ``content_hash``) whose content is neither ``stored`` (hash -> id)
    nor held by an earlier one of ``hashed``, each under a free id.

    A copy is listed in ``result.duplicates`` ("<source>: same content as <id>"); an article whose
    id is taken by other content gets ``<id>~2`` (``~3``...), listed in ``result.renamed``.
    """
    taken = set(stored.values())
    seen: dict[str, str] = {}
    new: list[tuple[Article, str]] = []
    for article, digest in hashed:
        same = stored.get(digest) or seen.get(digest)
        if same is not None:
            result.duplicates.append(f"{article.source_path}: same content as {same}; not stored again")
            continue
        original = article.id
        article.id = free_id(original, taken)
        if article.id != original:
            result.renamed.append((original, article.id))
        taken.add(article.id)
        seen[digest] = article.id
        new.append((article, digest))
    return new


def free_id(article_id: str, taken: set[str]) -> str:
    """``article_id`` when free, else the first free ``article_id~N`` (N >= 2)."""
    if article_id not in taken:
        return article_id
    n = 2
    while f"{article_id}~{n}" in taken:
        n += 1
    return f"{article_id}~{n}"
