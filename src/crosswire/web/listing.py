"""The story list page's model: facet values and sort orders as links that keep the other filters."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from ..store.queries import FacetValue

# Facet titles on the page, in the order shown.
FACET_TITLES = {"outlet": "Outlet", "agency": "Agency", "language": "Language", "disputed": "Has disputes",
                "sources": "Independent sources", "month": "Month"}
SORT_TITLES = {"relevance": "relevance", "newest": "newest", "oldest": "oldest", "sources": "most sources",
               "articles": "most articles", "disputes": "most disputes"}


@dataclass(slots=True)
class FacetLink:
    """One facet value: its label, count, the link that toggles it and whether it is selected."""

    value: str
    count: int
    url: str
    selected: bool


@dataclass(slots=True)
class Facet:
    """A facet's title, parameter name and values."""

    name: str
    title: str
    values: list[FacetLink]


def _url(filters: dict[str, str]) -> str:
    """The story list URL with these filters."""
    return "/?" + urlencode(filters) if filters else "/"


def facet_links(facets: dict[str, list[FacetValue]], filters: dict[str, str]) -> list[Facet]:
    """Each facet's values as links: a value not selected adds its filter, the selected one removes it."""
    shown = []
    for name, title in FACET_TITLES.items():
        links = []
        for v in facets.get(name, []):
            selected = filters.get(name) == v.value
            rest = {k: x for k, x in filters.items() if k != name}
            links.append(FacetLink(v.value, v.count, _url(rest if selected else {**rest, name: v.value}), selected))
        if links:
            shown.append(Facet(name, title, links))
    return shown


def sort_links(filters: dict[str, str], searching: bool) -> list[tuple[str, str, bool]]:
    """(title, url, current) for each story order (relevance only while searching)."""
    current = filters.get("sort") or ("relevance" if searching else "newest")
    rest = {k: v for k, v in filters.items() if k != "sort"}
    return [(title, _url({**rest, "sort": key}), key == current)
            for key, title in SORT_TITLES.items() if searching or key != "relevance"]
