"""Stored articles read from the database when first needed, not all when an ingest opens it.

An ingest batch reads few stored articles: the reuse candidates of its new articles, the members
of the stories it touches, the holders of its repeated sentences. Its indexes are rebuilt from
the stored keys (stored_index), so the texts of the rest of the collection are never read; before
this each ingest read every stored text first, a cost and a memory that grew with the collection
(issue 18). A miss reads the whole story of the missed article in one query, since stories are
what the batch reads together (its completion, its headline); ``load`` reads a known list at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from typing import TYPE_CHECKING, Self, overload

from ..records import Article

if TYPE_CHECKING:
    from .db import Store


class ArticlesOnDemand(MutableMapping[str, Article]):
    """Article id -> Article over the stored articles (in ``seq`` order) and those added since.

    Iteration gives the ids in order without reading a text; looking one up reads it (with its
    story's other members) on the first access. Articles added with ``self[id] = article`` are
    kept in memory and follow the stored ones in order.
    """

    def __init__(self, store: Store, stored_ids: list[str]) -> None:
        self._store = store
        self._order = list(stored_ids)
        self._position = {article_id: k for k, article_id in enumerate(self._order)}
        self._held: dict[str, Article] = {}

    def __getitem__(self, article_id: str) -> Article:
        found = self._held.get(article_id)
        if found is None:
            if article_id not in self._position:
                raise KeyError(article_id)
            self._held.update(self._store.story_mates(article_id))
            found = self._held[article_id]
        return found

    def __setitem__(self, article_id: str, article: Article) -> None:
        if article_id not in self._position:
            self._position[article_id] = len(self._order)
            self._order.append(article_id)
        self._held[article_id] = article

    def __delitem__(self, article_id: str) -> None:
        raise TypeError("stored articles are never removed")

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._position

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def load(self, article_ids: Iterable[str]) -> None:
        """Read these articles (those not held yet) in one query per thousand."""
        missing = sorted({i for i in article_ids if i not in self._held and i in self._position})
        for start in range(0, len(missing), 1000):
            self._held.update(self._store.articles(missing[start:start + 1000]))

    def at(self, k: int) -> Article:
        """The article at position ``k`` of the order."""
        return self[self._order[k]]

    def held(self) -> int:
        """How many articles are in memory (to check that a batch reads few)."""
        return len(self._held)


class ArticleList(Sequence[Article]):
    """A list of articles by position, read through an ArticlesOnDemand: the reuse search and the
    boilerplate learner index their articles by position, over the whole collection."""

    def __init__(self, articles: ArticlesOnDemand, ids: Iterable[str] = ()) -> None:
        self._articles = articles
        self._ids = list(ids)

    @overload
    def __getitem__(self, k: int) -> Article: ...

    @overload
    def __getitem__(self, k: slice) -> list[Article]: ...

    def __getitem__(self, k: int | slice) -> Article | list[Article]:
        if isinstance(k, slice):
            return [self._articles[i] for i in self._ids[k]]
        return self._articles[self._ids[k]]

    def __len__(self) -> int:
        return len(self._ids)

    def id(self, k: int) -> str:
        """The id of the article at position ``k``, without reading it."""
        return self._ids[k]

    def __iadd__(self, articles: Iterable[Article]) -> Self:
        """Append articles (new ones are held by the mapping as well)."""
        for article in articles:
            if article.id not in self._articles:
                self._articles[article.id] = article
            self._ids.append(article.id)
        return self
