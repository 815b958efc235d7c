"""Disjoint sets (union-find): items joined pairwise, read back as groups."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class DisjointSets(Generic[T]):
    """Union-find over ``items``; a group's root is its least item, so roots do not depend on the
    order of the unions (used for fact claims, origin groups and families of copies)."""

    def __init__(self, items: Iterable[T]) -> None:
        self._parent: dict[T, T] = {item: item for item in items}

    def __contains__(self, item: object) -> bool:
        return item in self._parent

    def find(self, item: T) -> T:
        """The root of ``item``'s group (path halving keeps later finds short)."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: T, b: T) -> None:
        """Join the groups of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))  # type: ignore[type-var]
            self._parent[high] = low
