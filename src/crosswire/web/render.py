"""Page models for the web app: highlighted text segments, citations, reuse graph and timeline layout.

Everything here is plain data; the templates escape every string they print, so article-derived
text never reaches the page as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import quote, urlencode

from ..records import DISPUTED, UPDATED, Article, Fact, FactValue, ReuseLink, Story
from ..report import writers as report
from ..text import content_words, sentence_spans
from .graph import ORIGIN_COLOURS, Graph, reuse_graph

# A briefing sentence or fact value cites the article sentence that shares the largest share of
# its content words; below this share no passage is highlighted (the citation opens the article
# top). 0.3 keeps rewritten ("spun") sentences that swap a few synonyms and drops topical matches.
MIN_SUPPORT_OVERLAP = 0.3
# Timeline layout: drawing width and the rows labels alternate between (to avoid overlaps).
TIMELINE_WIDTH = 760
TIMELINE_ROWS = 3
# Page-size bounds. A story of 500 templated copies once rendered an 18 MB page (every article
# cited under every fact, every reuse edge drawn). The sources list, reuse graph and timeline show
# one page of the story's articles at a time; every list of citations shows its first MAX_CITES;
# the graph draws the strongest graph.GRAPH_MAX_EDGES links among the page's articles; the facts table
# and the single-source list stop at MAX_ROWS. The JSON twin always has everything.
STORY_PAGE_ARTICLES = 100
MAX_CITES = 10
MAX_ROWS = 100
# Reuse links listed (and highlighted) on an article page, strongest first.
ARTICLE_MAX_LINKS = 100


@dataclass(slots=True)
class Cite:
    """A citation mark [n] that opens an article at its supporting passage."""

    number: int
    article_id: str
    href: str
    title: str


@dataclass(slots=True)
class BriefingLine:
    """A briefing sentence and its citation marks."""

    text: str
    cites: list[Cite]
    disputed: list[str] = field(default_factory=list)  # disputed claims the sentence states
    more: int = 0  # cited articles beyond MAX_CITES, not shown
    later: list[str] = field(default_factory=list)  # "people killed: later reported as Seven" (an early figure)


@dataclass(slots=True)
class SourceRow:
    """One article in the sources list."""

    number: int
    article: Article
    href: str
    origin: int


@dataclass(slots=True)
class OriginView:
    """An origin group: its articles and a note (likely original, agency)."""

    number: int
    note: str
    rows: list[SourceRow]
    why: list[str] = field(default_factory=list)  # the credit line quoted, why the original is first


@dataclass(slots=True)
class FactValueRow:
    """One value of a fact, the sentence stating it, who says it and when it was first published."""

    value: str
    text: str
    cites: list[Cite]
    when: str | None = None
    more: int = 0  # citing articles beyond MAX_CITES, not shown


@dataclass(slots=True)
class Reporter:
    """An article stating a value, as a reader knows it: number, outlet, title, time, link."""

    number: int
    outlet: str
    title: str
    when: str | None
    href: str


@dataclass(slots=True)
class OutletCites:
    """One outlet (or title) and the citation marks of its articles."""

    name: str
    cites: list[Cite]


@dataclass(slots=True)
class CorroboratedRow:
    """An agreed fact: its values, the independent origins stating it and who they are."""

    claim: str
    values: list[str]
    independent_sources: int
    articles: int
    outlets: list[OutletCites]
    more: int = 0  # articles beyond MAX_CITES, not shown


@dataclass(slots=True)
class EvidenceValue:
    """One value of a disputed or updated fact: who reports it, since when, and the evidence sentence."""

    value: str
    when: str | None
    sources: int
    hedged: bool
    reporters: list[Reporter]
    quote: str
    quote_href: str | None
    more: int = 0  # reporting articles beyond MAX_CITES, not shown
    altered_href: str | None = None  # a copy of one origin states another value: the two compared


@dataclass(slots=True)
class EvidenceFact:
    """A disputed or updated fact with its values (updated: in time order)."""

    claim: str
    independent_sources: int
    values: list[EvidenceValue]
    chain: list[str] = field(default_factory=list)  # an update's figures in time order (report.update_chain)


@dataclass(slots=True)
class LinePart:
    """A piece of a facts-stage line: text, or a citation standing for an article id."""

    text: str
    cite: Cite | None = None


@dataclass(slots=True)
class Checks:
    """What the sources say, shown right after the briefing: corroborated, disputed, updated, single-source.

    ``*_lines`` are the facts stage's readable lines, shown when the story has no fact of that
    status (stories stored without them), with article ids turned into citations.
    """

    corroborated: list[CorroboratedRow]
    corroborated_more: int
    disputes: list[EvidenceFact]
    updates: list[EvidenceFact]
    corroborated_lines: list[list[LinePart]]
    disputed_lines: list[list[LinePart]]
    updated_lines: list[list[LinePart]]
    single_lines: list[list[LinePart]]
    single_more: int = 0  # single-source lines beyond MAX_ROWS, not shown


@dataclass(slots=True)
class FactRow:
    """One row of the facts table."""

    claim: str
    status: str
    independent_sources: int
    values: list[FactValueRow]
    disputed: bool


@dataclass(slots=True)
class TimelinePoint:
    """An article placed on the publication timeline."""

    x: float
    y: float
    number: int
    when: str
    title: str
    href: str
    origin: int


@dataclass(slots=True)
class Timeline:
    """Publication timeline: dated points, axis labels, undated articles."""

    width: int
    height: int
    points: list[TimelinePoint]
    start: str
    end: str
    undated: list[SourceRow]


@dataclass(slots=True)
class Pager:
    """Which slice of a story's articles a page shows, and the links to its neighbours."""

    page: int
    pages: int
    first: int  # number of the page's first article (1-based)
    last: int
    total: int
    prev_href: str | None
    next_href: str | None


@dataclass(slots=True)
class StoryView:
    """Everything the story page shows."""

    story: Story
    counts: str
    briefing: list[BriefingLine]
    origins: list[OriginView]
    facts: list[FactRow]
    graph: Graph
    timeline: Timeline
    checks: Checks
    pager: Pager
    facts_more: int = 0  # facts beyond MAX_ROWS, not shown


@dataclass(slots=True)
class Counterpart:
    """A link from a reused passage to the same passage in another article."""

    label: str
    href: str
    relation: str


@dataclass(slots=True)
class Segment:
    """A run of article text with the highlights covering it (empty css: plain text)."""

    text: str
    css: str = ""
    anchor: str | None = None
    after: list[Counterpart] = field(default_factory=list)


@dataclass(slots=True)
class ArticleView:
    """Everything the article page shows."""

    article: Article
    story_id: str | None
    segments: list[Segment]
    links: list[tuple[str, str, str, float, str]]  # (label, href, relation, score, comparison href)
    links_more: int = 0  # reuse links beyond ARTICLE_MAX_LINKS, not shown


@dataclass(slots=True)
class _Highlight:
    """A span to mark: css class, whether it carries the page anchor, links shown after it."""

    start: int
    end: int
    css: str
    anchor: bool = False
    after: list[Counterpart] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Links


def id_url(prefix: str, item_id: str, **query: str) -> str:
    """URL of a story or article page (``prefix`` ``/stories``, ``/api/articles``...) for any id.

    Every reserved character of the id is quoted, ``/`` included, so that ``a/../b`` stays one
    path segment. The ids ``.`` and ``..`` would still be taken by browsers as path steps
    (``%2E`` too), so they go in the query instead: ``/articles?id=..``.
    """
    if item_id in (".", ".."):
        return f"{prefix}?{urlencode({'id': item_id, **query})}"
    return f"{prefix}/{quote(item_id, safe='')}" + (f"?{urlencode(query)}" if query else "")


def claim_anchor(claim: str, section: str = "claim") -> str:
    """The fragment id of a claim on its story page (``claim-people-injured``): its permalink.

    Built from the claim's words only, so the link stays the same when the story is recomputed
    with more articles; ``section`` tells the facts table's row (``fact-``) from the checks' entry.
    """
    words = re.findall(r"\w+", claim.lower())
    return f"{section}-" + "-".join(words)[:80]


def article_href(article_id: str, span: tuple[int, int] | None = None) -> str:
    """URL of an article page, opened at a highlighted [start, end) passage when given."""
    if not span:
        return id_url("/articles", article_id)
    return id_url("/articles", article_id, hl=f"{span[0]}-{span[1]}") + "#hl"


def compare_href(original: str, copy: str) -> str:
    """URL of the side-by-side comparison of ``copy`` against ``original`` (ids in the query)."""
    return f"/compare?{urlencode({'original': original, 'copy': copy})}"


def compare_pair(this: Article, other: Article) -> str:
    """The comparison of two articles with the earlier as the original (``other`` when times are unknown)."""
    mine, theirs = report.moment_of(this.published), report.moment_of(other.published)
    if mine is not None and theirs is not None and mine < theirs:
        return compare_href(this.id, other.id)
    return compare_href(other.id, this.id)


def parse_span(value: str | None, length: int) -> tuple[int, int] | None:
    """A ``start-end`` query value as a span inside a text of ``length`` characters (None when invalid)."""
    if not value:
        return None
    start, sep, end = value.partition("-")
    if not sep or not start.isdigit() or not end.isdigit():
        return None
    span = (int(start), int(end))
    return span if 0 <= span[0] < span[1] <= length else None


def supporting_span(sentence: str, article: Article,
                    sentence_words: list[tuple[int, int, set[str]]] | None = None) -> tuple[int, int] | None:
    """The [start, end) of the article sentence that best supports ``sentence`` (None when none does).

    ``sentence_words`` (from ``sentence_words``) saves re-splitting an article cited many times.
    """
    wanted = set(content_words(sentence))
    if not wanted:
        return None
    best, best_span = 0.0, None
    for start, end, have in sentence_words if sentence_words is not None else article_sentence_words(article):
        share = len(wanted & have) / len(wanted)
        if share > best:
            best, best_span = share, (start, end)
    return best_span if best >= MIN_SUPPORT_OVERLAP else None


def article_sentence_words(article: Article) -> list[tuple[int, int, set[str]]]:
    """Each sentence of the article as (start, end, its content words)."""
    return [(span.start, span.end, set(content_words(span.text))) for span in sentence_spans(article.text)]


# ---------------------------------------------------------------------------------------------
# Story page


def story_pages(story: Story) -> int:
    """How many pages the story's articles fill (at least one)."""
    return max(1, -(-len(story.articles) // STORY_PAGE_ARTICLES))


def story_view(story: Story, by_id: dict[str, Article], page: int = 1) -> StoryView:
    """Build the story page model from a story and its articles; ``page`` picks the articles listed.

    The briefing and the facts concern the whole story (their citation lists capped); the
    sources, the reuse graph and the timeline show the page's STORY_PAGE_ARTICLES articles.
    """
    numbers = {article_id: n for n, article_id in enumerate(story.articles, start=1)}
    origin_of = {a: g for g, group in enumerate(story.origins) for a in group.articles}
    pager = _pager(story, page)
    members = set(story.articles[pager.first - 1:pager.last])
    cite = _citer(numbers, by_id)
    briefing = []
    for s, later in zip(story.briefing, report.earlier_figures(story, by_id)):
        shown, more = _capped([a for a in s.sources if a in by_id])
        briefing.append(BriefingLine(s.text, [cite(a, s.text) for a in shown], list(s.disputed), more, later))
    facts = [_fact_row(f, by_id, cite) for f in story.facts[:MAX_ROWS]]
    return StoryView(story, counts_line(story), briefing, _origin_views(story, by_id, numbers, origin_of, members),
                     facts, reuse_graph(story, by_id, numbers, members, article_href, compare_href),
                     timeline(story, by_id, numbers, origin_of, members), checks(story, by_id, numbers, cite), pager,
                     max(0, len(story.facts) - MAX_ROWS))


def _pager(story: Story, page: int) -> Pager:
    """The slice of articles page ``page`` lists (clamped to the last page) and its neighbours' links."""
    pages = story_pages(story)
    page = min(max(page, 1), pages)
    first = (page - 1) * STORY_PAGE_ARTICLES + 1
    last = min(page * STORY_PAGE_ARTICLES, len(story.articles))
    base = id_url("/stories", story.id)
    link = (lambda n: f"{base}{'&' if '?' in base else '?'}page={n}#sources")
    return Pager(page, pages, first, last, len(story.articles), link(page - 1) if page > 1 else None,
                 link(page + 1) if page < pages else None)


def _capped(article_ids: list[str]) -> tuple[list[str], int]:
    """The first MAX_CITES ids and how many more there are."""
    return article_ids[:MAX_CITES], max(0, len(article_ids) - MAX_CITES)


def _fact_row(fact: Fact, by_id: dict[str, Article], cite: Callable[[str, str], Cite]) -> FactRow:
    """One row of the facts table, each value's citations capped at MAX_CITES."""
    values = []
    for v in fact.values:
        shown, more = _capped([a for a in v.articles if a in by_id])
        values.append(FactValueRow(v.value, v.text, [cite(a, v.text) for a in shown],
                                   _readable(report.value_published(v, by_id)), more))
    return FactRow(fact.claim, fact.status, fact.independent_sources, values, fact.status == DISPUTED)


def checks(story: Story, by_id: dict[str, Article], numbers: dict[str, int],
           cite: Callable[[str, str], Cite] | None = None) -> Checks:
    """The "what the sources say" sections, built with report.py's selection (same as the Markdown)."""
    cite = cite or _citer(numbers, by_id)
    shown = {a: 0 for a in numbers if a in by_id}

    def lines(items: list[str]) -> list[list[LinePart]]:
        return [[piece for part in report.id_groups(item, shown) for piece in _line_parts(part, by_id, cite)]
                for item in items]

    corroborated = [_corroborated_row(f, by_id, numbers, cite) for f in report.corroborated_facts(story)]
    disputes = [_evidence_fact(f, f.values, story, by_id, numbers, cite) for f in report.disputed_facts(story)]
    updates = [_evidence_fact(f, values, story, by_id, numbers, cite) for f, values in report.updated_facts(story, by_id)]
    return Checks(corroborated, report.corroborated_total(story) - len(corroborated), disputes, updates,
                  [] if corroborated else lines(story.corroborated[:MAX_ROWS]),
                  [] if disputes else lines(story.disputed[:MAX_ROWS]),
                  [] if updates else lines(story.updated[:MAX_ROWS]), lines(story.single_source[:MAX_ROWS]),
                  max(0, len(story.single_source) - MAX_ROWS))


def _line_parts(part: str | list[str], by_id: dict[str, Article], cite: Callable[[str, str], Cite]) -> list[LinePart]:
    """A text piece as itself; an id list as one citation per article (outlet or title, never the id)."""
    if isinstance(part, str):
        return [LinePart(part)]
    out: list[LinePart] = []
    for n, article_id in enumerate(part):
        if n:
            out.append(LinePart(", "))
        out.append(LinePart(report.source_name(by_id[article_id]) + " ", cite(article_id, "")))
    return out


def _corroborated_row(fact: Fact, by_id: dict[str, Article], numbers: dict[str, int],
                      cite: Callable[[str, str], Cite]) -> CorroboratedRow:
    """An agreed fact with its outlets, each followed by citations of its articles at the evidence."""
    sentence = {a: v.text for v in reversed(fact.values) for a in v.articles}
    articles = sorted((a for a in sentence if a in numbers and a in by_id), key=numbers.__getitem__)
    shown, more = _capped(articles)
    outlets: dict[str, list[Cite]] = {}
    for article_id in shown:
        outlets.setdefault(report.source_name(by_id[article_id]), []).append(cite(article_id, sentence[article_id]))
    return CorroboratedRow(fact.claim, [report.shorten(v.value, 120) for v in fact.values], fact.independent_sources,
                           len(articles), [OutletCites(name, found) for name, found in outlets.items()], more)


def _evidence_fact(fact: Fact, values: list[FactValue], story: Story, by_id: dict[str, Article],
                   numbers: dict[str, int], cite: Callable[[str, str], Cite]) -> EvidenceFact:
    """A disputed or updated fact: per value, the reporters, first publication time and quoted evidence."""
    rows = []
    for value in values:
        shown, more = _capped([a for a in value.articles if a in numbers and a in by_id])
        cites = {a: cite(a, value.text) for a in shown}
        reporters = [Reporter(numbers[a], report.source_name(by_id[a]),
                              by_id[a].title if by_id[a].outlet else "", _readable(by_id[a].published), cites[a].href)
                     for a in shown]
        quote_href = next((c.href for c in cites.values() if "?hl=" in c.href), cites[shown[0]].href if shown else None)
        rows.append(EvidenceValue(value.value, _readable(report.value_published(value, by_id)),
                                  report.value_sources(value, story),
                                  report.fits_all_others(value, fact.values) if fact.status == DISPUTED else False,
                                  reporters, report.quote_of(value), quote_href, more,
                                  _altered(value, values, story, by_id) if fact.status == DISPUTED else None))
    chain = [v.value for v in report.update_chain(values)] if fact.status == UPDATED else []
    return EvidenceFact(fact.claim, fact.independent_sources, rows, chain)


def _altered(value: FactValue, values: list[FactValue], story: Story, by_id: dict[str, Article]) -> str | None:
    """The comparison of an article stating ``value`` with one of the same origin stating another value.

    Such a pair is "a copy altered it": the side-by-side view shows the changed words. The first
    MAX_CITES articles of each value are looked at, an origin's likely original before its copies;
    None when no pair shares an origin.
    """
    origin_of = {a: g for g, group in enumerate(story.origins) for a in group.articles}
    originals = {group.original for group in story.origins if group.original}
    first = (lambda ids: sorted(ids[:MAX_CITES], key=lambda i: i not in originals))  # likely originals first
    mine = [a for a in first(value.articles) if a in by_id and a in origin_of]
    for other in values:
        if other is value:
            continue
        for b in first(other.articles):
            a = next((a for a in mine if b in by_id and origin_of.get(b) == origin_of[a] and a != b), None)
            if a is not None:
                return compare_pair(by_id[a], by_id[b])
    return None


def _readable(published: str | None) -> str | None:
    """A publication time as readers see it ('2031-05-04 07:30'); None when unknown."""
    return report.readable_time(published) if published else None


def counts_line(story: Story) -> str:
    """'N articles · K independent sources', and a note when the facts came from a sample."""
    n, k = len(story.articles), len(story.origins)
    line = f"{n} article{'s' if n != 1 else ''} · {k} independent source{'s' if k != 1 else ''}"
    note = report.sample_note(story)
    return f"{line} · {note}" if note else line


def _citer(numbers: dict[str, int], by_id: dict[str, Article]) -> Callable[[str, str], Cite]:
    """A function making the Cite of (article id, supported text); splits each article once."""
    split: dict[str, list[tuple[int, int, set[str]]]] = {}

    def cite(article_id: str, text: str) -> Cite:
        article = by_id[article_id]
        if article_id not in split:
            split[article_id] = article_sentence_words(article)
        span = supporting_span(text, article, split[article_id])
        return Cite(numbers.get(article_id, 0), article_id, article_href(article_id, span),
                    article.outlet or article.title)
    return cite


def _row(article_id: str, by_id: dict[str, Article], numbers: dict[str, int], origin_of: dict[str, int]) -> SourceRow:
    """A SourceRow for one article."""
    return SourceRow(numbers[article_id], by_id[article_id], article_href(article_id), origin_of.get(article_id, 0))


def _origin_views(story: Story, by_id: dict[str, Article], numbers: dict[str, int],
                  origin_of: dict[str, int], members: set[str] | None = None) -> list[OriginView]:
    """Sources grouped by origin, with the likely original and agency noted (only ``members``, when given)."""
    views = []
    for g, group in enumerate(story.origins):
        if members is not None and not members.intersection(group.articles):
            continue
        notes = []
        if group.original and len(group.articles) > 1 and group.original in numbers:
            notes.append(f"likely original [{numbers[group.original]}]")
        if group.agency:
            notes.append(f"goes back to {group.agency}")
        rows = [_row(a, by_id, numbers, origin_of) for a in group.articles
                if a in by_id and (members is None or a in members)]
        why = []
        if group.agency and group.agency_evidence:
            why.append(f"goes back to {group.agency}: {group.agency_evidence}")
        if group.original_reason and len(group.articles) > 1 and group.original in numbers:
            why.append(f"[{numbers[group.original]}] is the likely original: {group.original_reason}")
        why += [f"[{numbers[i]}] has no text to compare: joined on its headline alone"
                for i in group.by_headline if i in numbers]
        views.append(OriginView(g + 1, "; ".join(notes), rows, why))
    return views


def timeline(story: Story, by_id: dict[str, Article], numbers: dict[str, int],
             origin_of: dict[str, int], members: set[str] | None = None) -> Timeline:
    """Place the story's articles (only ``members``, when given) on a time axis (undated ones listed apart)."""
    shown = [a for a in story.articles if a in by_id and (members is None or a in members)]
    dated = sorted(((report.moment_of(by_id[a].published), a) for a in shown
                    if report.moment_of(by_id[a].published)), key=lambda pair: (pair[0], pair[1]))
    undated = [_row(a, by_id, numbers, origin_of) for a in shown if not report.moment_of(by_id[a].published)]
    points = []
    if dated:
        start, end = dated[0][0], dated[-1][0]
        span = (end - start).total_seconds() or 1.0
        for i, (moment, article_id) in enumerate(dated):
            share = (moment - start).total_seconds() / span if end != start else 0.5
            points.append(TimelinePoint(20 + share * (TIMELINE_WIDTH - 40), 24 + (i % TIMELINE_ROWS) * 16,
                                        numbers[article_id], by_id[article_id].published or "",
                                        by_id[article_id].title, article_href(article_id),
                                        origin_of.get(article_id, 0) % ORIGIN_COLOURS))
    first = (by_id[dated[0][1]].published or "") if dated else ""
    last = (by_id[dated[-1][1]].published or "") if dated else ""
    return Timeline(TIMELINE_WIDTH, 40 + TIMELINE_ROWS * 16, points, first, last, undated)


# ---------------------------------------------------------------------------------------------
# Article page


def article_view(article: Article, story_id: str | None, links: list[ReuseLink], by_id: dict[str, Article],
                 highlight: tuple[int, int] | None) -> ArticleView:
    """The article page model: text segments with reused passages and the cited passage marked."""
    marks: list[_Highlight] = []
    summary = []
    links = [link for link in links if (link.b if link.a == article.id else link.a) in by_id]
    more = max(0, len(links) - ARTICLE_MAX_LINKS)
    if more:
        links = sorted(links, key=lambda link: -link.score)[:ARTICLE_MAX_LINKS]
    for link in links:
        other = link.b if link.a == article.id else link.a
        label = by_id[other].outlet or by_id[other].title or other
        summary.append((label, article_href(other), link.relation, link.score, compare_pair(article, by_id[other])))
        for passage in link.passages:
            mine, theirs = (passage.a, passage.b) if link.a == article.id else (passage.b, passage.a)
            href = article_href(other, (int(theirs[0]), int(theirs[1])))
            marks.append(_Highlight(int(mine[0]), int(mine[1]), "reuse", after=[Counterpart(label, href, link.relation)]))
    if highlight:
        marks.append(_Highlight(highlight[0], highlight[1], "cited", anchor=True))
    return ArticleView(article, story_id, segments(article.text, marks), summary, more)


def segments(text: str, marks: list[_Highlight]) -> list[Segment]:
    """Cut ``text`` at every highlight boundary; each piece lists the classes covering it.

    Overlapping highlights are fine: a piece inside two gets both classes; the page anchor goes on
    the first piece of the highlight that carries it; counterpart links follow a highlight's end.
    """
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out: list[Segment] = []
    anchored = False
    for start, end in pairwise(cuts):
        covering = [m for m in marks if m.start <= start and m.end >= end]
        css = " ".join(sorted({m.css for m in covering}))
        anchor = None
        if not anchored and any(m.anchor and m.start == start for m in covering):
            anchor, anchored = "hl", True
        after = [c for m in covering if m.end == end for c in m.after]
        out.append(Segment(text[start:end], css, anchor, after))
    return out
