"""Reuse-graph layout for the story page: one lane per origin group, each copy an arc above its lane.

An arc diagram stays readable where a free layout does not: every article sits on its origin's
lane in publication order (left to right), so arrows from the earlier to the later article all
run rightwards, arcs grow with the distance they span and never cross a label. Articles that share
no drawn text with any other share one last lane. Labels are drawn at full size; a wide graph
scrolls (and zooms, with static/graph.js) instead of shrinking its text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..records import Article, ReuseLink, Story
from ..report import writers as report

# Layout, in SVG user units (= CSS pixels at zoom 1). A column fits a 22-character label at 14 px.
GRAPH_COLUMN = 176
GRAPH_MARGIN = 24
GRAPH_ARC = 30  # height of an arc per column it spans
GRAPH_ARC_MAX = 120
GRAPH_LANE_TITLE = 24  # room for the lane's title above its arcs
GRAPH_LABELS = 56  # room under a node for its two label lines
GRAPH_CROSS_BOW = 40  # sideways pull of a link between two lanes (it would otherwise lie on nodes)
NODE_RADIUS = 12
GRAPH_MAX_EDGES = 150  # strongest links drawn among a page's articles (a 500-copy story drew 5,000)
# The last lane (articles with no drawn link) wraps after this many columns at least.
GRAPH_WRAP = 4
LABEL_CHARS = 22
# Origin colours cycle through this many CSS classes (origin-0 ... origin-7 in app.css).
ORIGIN_COLOURS = 8


@dataclass(slots=True)
class GraphNode:
    """An article drawn in the reuse graph (``when``: readable publication time or '')."""

    number: int
    label: str
    when: str
    title: str
    outlet: str
    x: float
    y: float
    href: str
    origin: int


@dataclass(slots=True)
class GraphEdge:
    """A reuse link drawn as an SVG path from ``source`` to ``target`` (numbers of the articles).

    ``href`` opens the side-by-side comparison of the later article (the copy) with the earlier.
    """

    path: str
    relation: str
    score: float
    directed: bool
    source: int
    target: int
    source_name: str
    target_name: str
    href: str

    @property
    def label(self) -> str:
        """'edited 0.98': the link's relation and score."""
        return f"{self.relation} {self.score:.2f}"


@dataclass(slots=True)
class GraphLane:
    """An origin group's lane: its title and where it starts."""

    title: str
    y: float
    origin: int


@dataclass(slots=True)
class Graph:
    """The reuse graph's size, lanes, nodes and edges."""

    width: int
    height: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    lanes: list[GraphLane] = field(default_factory=list)
    edges_more: int = 0  # links among these articles not drawn (beyond GRAPH_MAX_EDGES)


def reuse_graph(story: Story, by_id: dict[str, Article], numbers: dict[str, int], members: set[str] | None,
                href: Callable[[str], str], compare_href: Callable[[str, str], str]) -> Graph:
    """Lay out who copied whom among the story's articles in ``members`` (all when None).

    The GRAPH_MAX_EDGES strongest links among them are drawn; ``href`` gives an article's page and
    ``compare_href(original, copy)`` the comparison page of two articles.
    """
    shown = [a for a in story.articles if a in by_id and (members is None or a in members)]
    links = [link for link in story.reuse if link.a in by_id and link.b in by_id
             and (members is None or (link.a in members and link.b in members))]
    drawn = sorted(links, key=lambda link: (-link.score, link.a, link.b))[:GRAPH_MAX_EDGES]
    linked = {a for link in drawn for a in (link.a, link.b)}
    lanes = _lanes(story, shown, linked, by_id, numbers)
    nodes: dict[str, GraphNode] = {}
    out_lanes: list[GraphLane] = []
    y, columns = float(GRAPH_MARGIN), max([len(ids) for _, origin, ids in lanes if origin is not None] + [GRAPH_WRAP])
    for title, origin, ids in lanes:
        rows = [ids] if origin is not None else [ids[k:k + columns] for k in range(0, len(ids), columns)]
        arc = _lane_arc(ids, drawn) if origin is not None else 0.0
        out_lanes.append(GraphLane(title, y, origin if origin is not None else -1))
        for row in rows:
            node_y = y + GRAPH_LANE_TITLE + arc + 14
            for column, article_id in enumerate(row):
                nodes[article_id] = _node(article_id, by_id, numbers, GRAPH_MARGIN + GRAPH_COLUMN * (column + 0.5),
                                          node_y, href, origin)
            y = node_y + GRAPH_LABELS - GRAPH_LANE_TITLE
        y += GRAPH_LANE_TITLE
    width = max(2 * GRAPH_MARGIN + columns * GRAPH_COLUMN, 320) if nodes else 320
    edges = [_edge(link, nodes, by_id, compare_href) for link in drawn]
    return Graph(int(width), round(y + GRAPH_MARGIN - GRAPH_LANE_TITLE), list(nodes.values()), edges, out_lanes,
                 len(links) - len(drawn))


def _lanes(story: Story, shown: list[str], linked: set[str], by_id: dict[str, Article],
           numbers: dict[str, int]) -> list[tuple[str, int | None, list[str]]]:
    """(title, origin colour or None, article ids in time order) per lane; unlinked articles last."""
    members = set(shown)
    lanes: list[tuple[str, int | None, list[str]]] = []
    alone: list[str] = []
    for g, group in enumerate(story.origins):
        ids = sorted((a for a in group.articles if a in members), key=lambda a: _order(a, by_id, numbers))
        if any(a in linked for a in ids):
            note = f" · likely original [{numbers[group.original]}]" if group.original in numbers else ""
            note += f" · goes back to {group.agency}" if group.agency else ""
            lanes.append((f"Origin {g + 1}{note}", g % ORIGIN_COLOURS, ids))
        else:
            alone += ids
    grouped = {a for group in story.origins for a in group.articles}
    alone += [a for a in shown if a not in grouped]
    if alone:
        title = "No drawn link to another article" if lanes else "No article shares text with another"
        lanes.append((title, None, sorted(alone, key=lambda a: _order(a, by_id, numbers))))
    return lanes


def _order(article_id: str, by_id: dict[str, Article], numbers: dict[str, int]) -> tuple[datetime, int]:
    """Sort key: publication time (undated last), then the article's number in the story."""
    moment = report.moment_of(by_id[article_id].published)
    return (moment or datetime.max, numbers.get(article_id, 0))


def _lane_arc(ids: list[str], drawn: list[ReuseLink]) -> float:
    """Height of the tallest arc within a lane (0 when it has none)."""
    column = {a: k for k, a in enumerate(ids)}
    spans = [abs(column[x.a] - column[x.b]) for x in drawn if x.a in column and x.b in column]
    return min(GRAPH_ARC * max(spans), GRAPH_ARC_MAX) if spans else 0.0


def _node(article_id: str, by_id: dict[str, Article], numbers: dict[str, int], x: float, y: float,
          href: Callable[[str], str], origin: int | None) -> GraphNode:
    """A node with its label cut to LABEL_CHARS."""
    article = by_id[article_id]
    name = report.source_name(article, LABEL_CHARS)
    name = name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…"
    when = report.readable_time(article.published) if article.published else ""
    return GraphNode(numbers[article_id], f"[{numbers[article_id]}] {name}", when, article.title or "",
                     report.source_name(article), x, y, href(article_id), -1 if origin is None else origin)


def _edge(link: ReuseLink, nodes: dict[str, GraphNode], by_id: dict[str, Article],
          compare_href: Callable[[str, str], str]) -> GraphEdge:
    """One link: an arc above the lane within a lane, a sideways curve between lanes.

    It points from the earlier to the later article when both publication times are known.
    """
    first, second = link.a, link.b
    ta, tb = report.moment_of(by_id[link.a].published), report.moment_of(by_id[link.b].published)
    directed = ta is not None and tb is not None and ta != tb
    if directed and tb < ta:  # type: ignore[operator]
        first, second = second, first
    a, b = nodes[first], nodes[second]
    if a.y == b.y:
        height = min(GRAPH_ARC * abs(b.x - a.x) / GRAPH_COLUMN, GRAPH_ARC_MAX)
        top = a.y - NODE_RADIUS
        path = f"M {a.x:.0f} {top:.0f} Q {(a.x + b.x) / 2:.0f} {top - 2 * height:.0f} {b.x:.0f} {top:.0f}"
    else:
        down = 1 if b.y > a.y else -1
        start, end = a.y + down * NODE_RADIUS, b.y - down * NODE_RADIUS
        bow = GRAPH_CROSS_BOW if b.x >= a.x else -GRAPH_CROSS_BOW
        path = (f"M {a.x:.0f} {start:.0f} C {a.x + bow:.0f} {(start + end) / 2:.0f} "
                f"{b.x + bow:.0f} {(start + end) / 2:.0f} {b.x:.0f} {end:.0f}")
    return GraphEdge(path, link.relation, link.score, directed, a.number, b.number, a.outlet, b.outlet,
                     compare_href(first, second))
