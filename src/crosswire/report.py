"""Report writers: the JSON contract of DESIGN.md and a readable Markdown report."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import Any

from .records import DISPUTED, Article, FactValue, OriginGroup, Report, ReuseLink, Story


def article_to_dict(article: Article) -> dict[str, Any]:
    """An article as the contract's JSON object."""
    return {
        "id": article.id,
        "source_path": article.source_path,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "byline": article.byline,
        "published": article.published,
        "agencies": list(article.agencies),
        "language": article.language,
        "text": article.text,
        "removed": list(article.removed),
    }


def link_to_dict(link: ReuseLink) -> dict[str, Any]:
    """A reuse link as the contract's JSON object."""
    return {
        "a": link.a,
        "b": link.b,
        "relation": link.relation,
        "score": round(link.score, 4),
        "passages": [{"a": list(p.a), "b": list(p.b)} for p in link.passages],
    }


def story_to_dict(story: Story) -> dict[str, Any]:
    """A story as the contract's JSON object (plus a few extra fields)."""
    return {
        "id": story.id,
        "headline": story.headline,
        "articles": list(story.articles),
        "first_published": story.first_published,
        "last_published": story.last_published,
        "independent_sources": len(story.origins),
        "origins": [list(group.articles) for group in story.origins],
        "origin_details": [asdict(group) for group in story.origins],
        "reuse": [link_to_dict(link) for link in story.reuse],
        "entities": [asdict(entity) for entity in story.entities],
        "facts": [asdict(fact) for fact in story.facts],
        "briefing": [asdict(sentence) for sentence in story.briefing],
        "disputed": list(story.disputed),
        "single_source": list(story.single_source),
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole report as the contract's JSON object."""
    return {
        "crosswire_version": report.version,
        "articles": [article_to_dict(a) for a in report.articles],
        "stories": [story_to_dict(s) for s in report.stories],
        "problems": [{"source": p.source, "message": p.message} for p in report.problems],
    }


def report_to_json(report: Report) -> str:
    """The report as pretty-printed, stably ordered JSON text."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def report_to_markdown(report: Report) -> str:
    """The report as Markdown: one section per story, then the problems."""
    by_id = {a.id: a for a in report.articles}
    parts = [f"# crosswire report\n\n{len(report.articles)} articles, {len(report.stories)} stories.\n"]
    for story in report.stories:
        parts.append(story_markdown(story, by_id))
    if report.problems:
        parts.append("## Sources that could not be used\n\n" + "\n".join(f"- {md(str(p))}" for p in report.problems) + "\n")
    return "\n".join(parts)


def story_markdown(story: Story, by_id: dict[str, Article]) -> str:
    """One story's Markdown section: headline, counts, briefing, disputes, sources, reuse."""
    numbers = {article_id: n for n, article_id in enumerate(story.articles, start=1)}
    lines = [f"## {md(story.headline)}", "", _counts_line(story), ""]
    for sentence in story.briefing:
        marks = "".join(f"[{n}]" for n in sorted(numbers[s] for s in sentence.sources if s in numbers))
        flag = f" *(disputed: {md(', '.join(sentence.disputed))}; see below)*" if sentence.disputed else ""
        lines.append(f"{md(sentence.text)} {marks}{flag}".rstrip())
    lines.append("")
    lines += _disputes_section(story, by_id, numbers)
    lines += _list_section("Only reported by one source", story.single_source)
    lines += _sources_section(story, by_id, numbers)
    lines += _reuse_section(story.reuse, numbers)
    return "\n".join(lines) + "\n"


# Characters that start Markdown inline syntax (emphasis, links, images, code, raw HTML, tables,
# strike-through); each is backslash-escaped in untrusted text so it reads as itself. An
# underscore between two letters or digits (``01_wire_copy``) cannot emphasise in CommonMark
# and is left alone, so ids and file names stay readable.
_MD_INLINE = re.compile(r"([\\`*\[\]<>|~]|(?<![^\W_])_|_(?![^\W_]))")
# An entity reference ("&lt;", "&#60;") that a renderer would decode into markup.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# What makes the start of a line a block (heading, quote, list item, thematic break, setext).
_MD_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+=](?=[\s=+-]|$)|\d{1,9}(?=[.)](?:\s|$)))")


def md(text: str) -> str:
    """Untrusted text (titles, outlets, article sentences) as inert Markdown on one line.

    Article text comes off the web: a title like ``x](javascript:...)``, an ``<img onerror>`` or
    a line starting with ``#`` must show as typed, not become a link, HTML or a heading in
    whatever renders the report. Newlines fold to spaces so a value cannot open a new block.
    """
    text = " ".join(text.split())
    text = _MD_ENTITY.sub("\\&", _MD_INLINE.sub(r"\\\1", text))
    return _MD_BLOCK_START.sub(_escape_block_start, text, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    """``\\#`` / ``\\-`` for a marker character; ``1\\.`` for an ordered-list number."""
    marker = match.group(1)
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def code(text: str) -> str:
    """``text`` as an inline code span, fenced with more backticks than it contains."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _counts_line(story: Story) -> str:
    """'N articles, K independent sources' plus the time span."""
    n, k = len(story.articles), len(story.origins)
    text = f"{n} article{'s' if n != 1 else ''}, {k} independent source{'s' if k != 1 else ''}"
    if story.first_published:
        span = story.first_published if story.first_published == story.last_published else f"{story.first_published} to {story.last_published}"
        text += f" · {md(span)}"
    return f"*{text}*"


def _disputes_section(story: Story, by_id: dict[str, Article], numbers: dict[str, int]) -> list[str]:
    """"Where the sources disagree": each disputed claim, its values and who says what."""
    disputed = [fact for fact in story.facts if fact.status == DISPUTED]
    if not disputed:
        return _list_section("Where the sources disagree", story.disputed)
    group = {aid: g for g, origin in enumerate(story.origins) for aid in origin.articles}
    lines = ["### Where the sources disagree", ""]
    for fact in disputed:
        n = fact.independent_sources
        note = "one origin: a copy altered it" if n == 1 else f"{n} independent sources"
        lines.append(f"- **{md(fact.claim)}** ({note})")
        for value in fact.values:
            who = ", ".join(f"[{numbers[a]}] {md(by_id[a].outlet or a)}" for a in value.articles
                            if a in numbers and a in by_id)
            sources = len({group.get(a, a) for a in value.articles})
            hedge = " (a hedged figure that fits the other values)" if _fits_all_others(value, fact.values) else ""
            lines.append(f"  - {md(value.value)}{hedge}: {who} ({sources} source{'s' if sources != 1 else ''}) "
                         f"\u2014 \"{md(_shorten(value.text))}\"")
    return lines + [""]


def _fits_all_others(value: FactValue, values: list[FactValue]) -> bool:
    """True for a hedged figure ("at least 35") compatible with every other value of its claim.

    Such a value takes no side in the dispute; saying so keeps the reader from counting it as one.
    """
    from .quantities import compatible, find_quantities

    mine = find_quantities(value.value)
    if len(mine) != 1 or not mine[0].hedge:
        return False
    others = [find_quantities(v.value) for v in values if v is not value]
    return bool(others) and all(len(q) == 1 and compatible(mine[0], q[0]) for q in others)


def _shorten(text: str, limit: int = 160) -> str:
    """The supporting sentence, cut at a word boundary when long."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "..."


def _list_section(title: str, items: list[str]) -> list[str]:
    """A '### title' section with one bullet per item (nothing when empty)."""
    if not items:
        return []
    return [f"### {title}", "", *[f"- {md(item)}" for item in items], ""]


def _sources_section(story: Story, by_id: dict[str, Article], numbers: dict[str, int]) -> list[str]:
    """Numbered sources, grouped by origin."""
    lines = ["### Sources", ""]
    for g, group in enumerate(story.origins, start=1):
        lines.append(f"Origin {g}{_origin_note(group)}:")
        for article_id in group.articles:
            a = by_id[article_id]
            meta = md(", ".join(x for x in (a.outlet, a.byline, a.published, "/".join(a.agencies)) if x))
            lines.append(f"- [{numbers[article_id]}] {md(a.title)} ({meta or 'no metadata'}) {code(article_id)}")
    return lines + [""]


def _origin_note(group: OriginGroup) -> str:
    """' (likely original [x], goes back to AP)' when known."""
    notes = []
    if group.original and len(group.articles) > 1:
        notes.append(f"likely original {code(group.original)}")
    if group.agency:
        notes.append(f"goes back to {md(group.agency)}")
    return f" ({'; '.join(notes)})" if notes else ""


def _reuse_section(links: list[ReuseLink], numbers: dict[str, int]) -> list[str]:
    """Who copied whom: one line per reuse link, copies before shared quotations.

    In a link ``a`` is the likely source and ``b`` the copy (see provenance.source_order).
    """
    shown = [link for link in links if link.a in numbers and link.b in numbers]
    if not shown:
        return []
    phrases = {"verbatim": "is a verbatim copy of", "edited": "is an edited copy of",
               "rewritten": "is a rewritten (spun) copy of"}
    lines = ["### Who copied whom", ""]
    for link in sorted(shown, key=lambda x: (x.relation not in phrases, numbers[x.b], numbers[x.a])):
        passages = f"{len(link.passages)} aligned passage{'s' if len(link.passages) != 1 else ''}"
        if link.relation in phrases:
            lines.append(f"- [{numbers[link.b]}] {phrases[link.relation]} [{numbers[link.a]}] "
                         f"(score {link.score:.2f}, {passages})")
        else:
            first, second = sorted((numbers[link.a], numbers[link.b]))
            lines.append(f"- [{first}] and [{second}] only share a quotation or a credited "
                         f"passage: not one source (score {link.score:.2f}, {passages})")
    return lines + [""]
