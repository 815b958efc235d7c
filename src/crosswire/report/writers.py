"""Report writers: the JSON contract of DESIGN.md and a readable Markdown report."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, TextIO

from ..records import AGREED, DISPUTED, UPDATED, Article, Fact, FactValue, OriginGroup, Report, ReuseLink, Story
from ..stories import reading

# The "Corroborated" section lists at most this many agreed facts, most independent sources first.
CORROBORATED_LIMIT = 10
# A corroborated fact needs at least this many independent origins stating it.
MIN_CORROBORATION = 2
# An article named by its title (no outlet known) shows at most this many characters of it.
NAME_CHARS = 60
# Evidence sentences are quoted up to this many characters (cut at a word boundary).
QUOTE_CHARS = 160
HEADING_CHARS = 100  # an untitled story's heading: the start of its first briefing sentence


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
        "corroborated": list(story.corroborated),
        "updated": list(story.updated),
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
    return "".join(report_json_pieces(report))


def write_report_json(report: Report, out: TextIO) -> None:
    """Write ``report_to_json(report)`` to ``out`` piece by piece, never holding the whole text:
    a report of 100,000 articles is hundreds of megabytes of JSON."""
    out.writelines(report_json_pieces(report))


def report_json_pieces(report: Report) -> Iterator[str]:
    """The text of ``json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\\n"``,
    one article or story at a time.

    Encoding the whole report at once built its dicts and millions of small text chunks together
    (five times the text's size: 360 MB of peak memory for the 73 MB report of 20,000 articles);
    here only one item's dict and text exist at a time. The layout is json.dumps's own: each item
    is dumped alone and its lines indented to its depth (a JSON string never holds a raw newline,
    so every newline in an item's text is layout).
    """
    fields = {"crosswire_version": report.version,
              "articles": (article_to_dict(a) for a in report.articles),
              "stories": (story_to_dict(s) for s in report.stories),
              "problems": [{"source": p.source, "message": p.message} for p in report.problems]}
    for n, (key, value) in enumerate(fields.items()):
        yield ("{\n  " if n == 0 else ",\n  ") + json.dumps(key, ensure_ascii=False) + ": "
        if isinstance(value, Iterator):
            yield from _list_pieces(value)
        else:
            yield _pretty(value, "  ")
    yield "\n}\n"


def _list_pieces(items: Iterator[Any]) -> Iterator[str]:
    """A list that is the value of a top-level field, as json.dumps(indent=2) lays it out, one item at a time."""
    first = True
    for item in items:
        yield ("[\n    " if first else ",\n    ") + _pretty(item, "    ")
        first = False
    yield "[]" if first else "\n  ]"


def _pretty(value: Any, margin: str) -> str:
    """``value`` as json.dumps(indent=2) writes it when it starts ``margin`` deep in the text."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + margin)


def report_to_markdown(report: Report) -> str:
    """The report as Markdown: one section per story, then the problems."""
    by_id = {a.id: a for a in report.articles}
    n, k = len(report.articles), len(report.stories)
    parts = [f"# crosswire report\n\n{n} article{'s' if n != 1 else ''}, {k} stor{'ies' if k != 1 else 'y'}.\n"]
    for story in report.stories:
        parts.append(story_markdown(story, by_id))
    if report.problems:
        parts.append("## Sources that could not be used\n\n" + "\n".join(f"- {md(str(p))}" for p in report.problems) + "\n")
    return "\n".join(parts)


def story_markdown(story: Story, by_id: dict[str, Article]) -> str:
    """One story's Markdown section: headline, counts, briefing, then what is corroborated, disputed,
    updated and single-source, then the sources and who copied whom."""
    numbers = {article_id: n for n, article_id in enumerate(story.articles, start=1)}
    lines = [f"## {md(heading(story))}", "", _counts_line(story), ""]
    for sentence, later in zip(story.briefing, earlier_figures(story, by_id)):
        marks = "".join(f"[{n}]" for n in sorted(numbers[s] for s in sentence.sources if s in numbers))
        flag = f" *(disputed: {md(', '.join(sentence.disputed))}; see below)*" if sentence.disputed else ""
        flag += f" *({md('; '.join(later))}; see Updated figures)*" if later else ""
        lines.append(f"{md(sentence.text)} {marks}{flag}".rstrip())
    lines.append("")
    lines += _corroborated_section(story, by_id, numbers)
    lines += _disputes_section(story, by_id, numbers)
    lines += _updated_section(story, by_id, numbers)
    lines += _lines_section("Only reported by one source", story.single_source, by_id, numbers)
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
    note = sample_note(story)
    if note:
        text += f" · {note}"
    return f"*{text}*"


def sample_note(story: Story) -> str:
    """For a story over reading.MAX_STORY_READING articles, that its facts and briefing come from a
    sample (reading.reading_sample); "" otherwise. The Markdown report and the web page say it."""
    if len(story.articles) <= reading.MAX_STORY_READING:
        return ""
    return f"facts and briefing read from {reading.MAX_STORY_READING} of them, each source once before any twice"


# ---------------------------------------------------------------------------------------------
# What the sources say: corroborated, disputed, updated (shared by the Markdown and the web page)


def corroborated_facts(story: Story, limit: int = CORROBORATED_LIMIT) -> list[Fact]:
    """The story's agreed facts stated by 2+ independent origins, most sources first (at most ``limit``).

    Ties keep the facts stage's order. Copies never count twice: ``independent_sources`` counts
    origin groups, not articles.
    """
    agreed = [f for f in story.facts if f.status == AGREED and f.independent_sources >= MIN_CORROBORATION
              and not f.earlier]  # history told for background ("since 1959, when two died") is not the story
    return sorted(agreed, key=lambda f: -f.independent_sources)[:limit]


def corroborated_total(story: Story) -> int:
    """How many facts would qualify for the "Corroborated" section without the limit."""
    return sum(f.status == AGREED and f.independent_sources >= MIN_CORROBORATION and not f.earlier
               for f in story.facts)


def disputed_facts(story: Story) -> list[Fact]:
    """The story's disputed facts, in the facts stage's order."""
    return [f for f in story.facts if f.status == DISPUTED]


def updated_facts(story: Story, by_id: dict[str, Article]) -> list[tuple[Fact, list[FactValue]]]:
    """Each updated fact with its values in publication order (undated values last)."""
    return [(f, values_in_time_order(f.values, by_id)) for f in story.facts if f.status == UPDATED]


def update_chain(values: list[FactValue]) -> list[FactValue]:
    """The values an update's chain shows, oldest first: its figures without the vague words
    ("Scores", "dozens"), which stay listed with their sources below it (the Nice story's chain
    read "At least 60 -> more than 70 -> Scores -> ... -> dozens -> 85"); every value when fewer
    than two figures would remain."""
    from ..facts.quantities import find_quantities

    figures = [v for v in values if not all(q.vague for q in find_quantities(v.value))]
    return figures if len(figures) >= 2 else values


def earlier_figures(story: Story, by_id: dict[str, Article]) -> list[list[str]]:
    """For each briefing sentence, what the latest report says of each figure the sentence gives an
    earlier value of ("people killed: later reported as Seven"): the briefing quotes articles
    verbatim, and its lead may give an early toll (five dead, in a story whose toll later rose to
    seven). The latest value is the last firm figure in publication order; a sentence whose figure
    equals it ("at least seven" beside "Seven") gets no note. The updates are ordered once a story."""
    from ..briefing.write import states_value
    from ..facts.quantities import find_quantities

    updates = []  # (fact, its earlier firm values that differ from the latest, the latest)
    for fact, values in updated_facts(story, by_id):
        figures = [(v, find_quantities(v.value)) for v in values]
        firm = [(v, q[0].value) for v, q in figures if len(q) == 1 and not q[0].vague]
        if len(firm) >= 2:
            latest, number = firm[-1]
            updates.append((fact, [v for v, value in firm[:-1] if value != number], latest))
    return [[f"{fact.claim}: later reported as {latest.value}" for fact, earlier, latest in updates
             if any(states_value(s.text, fact, v) for v in earlier) and not states_value(s.text, fact, latest)]
            for s in story.briefing]


def values_in_time_order(values: list[FactValue], by_id: dict[str, Article]) -> list[FactValue]:
    """Values sorted by when they were first published; undated ones keep their order at the end."""
    def key(pair: tuple[int, FactValue]) -> tuple[int, datetime, int]:
        moment = moment_of(value_published(pair[1], by_id))
        return (0, moment, pair[0]) if moment is not None else (1, datetime.min, pair[0])
    return [v for _, v in sorted(enumerate(values), key=key)]


def value_published(value: FactValue, by_id: dict[str, Article]) -> str | None:
    """When a value was first published: the facts stage's ``published``, else its earliest article."""
    if value.published:
        return value.published
    dated = [(moment_of(by_id[a].published), by_id[a].published) for a in value.articles
             if a in by_id and moment_of(by_id[a].published) is not None]
    return min(dated, key=lambda pair: pair[0])[1] if dated else None  # type: ignore[return-value]


def value_sources(value: FactValue, story: Story) -> int:
    """Independent origins stating a value: the facts stage's ``sources``, else counted from the origins."""
    if value.sources:
        return value.sources
    group = {aid: g for g, origin in enumerate(story.origins) for aid in origin.articles}
    return len({group.get(a, a) for a in value.articles})


def moment_of(published: str | None) -> datetime | None:
    """An ISO-8601 date or datetime as a naive UTC datetime (None when missing or unreadable)."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published.strip())
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def readable_time(published: str | None) -> str:
    """A publication time for readers: '2031-05-04 07:30' (seconds dropped when zero), as given otherwise."""
    if not published:
        return "time unknown"
    text = published.strip().replace("T", " ", 1)
    return re.sub(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}):00(?!\.\d)", r"\1", text)


def source_name(article: Article, limit: int = NAME_CHARS) -> str:
    """What a reader knows an article by: its outlet, else its title cut to ``limit`` (never its id)."""
    if article.outlet and article.outlet.strip():
        return " ".join(article.outlet.split())
    title = " ".join((article.title or "").split())
    return shorten(title, limit) if title else "untitled article"


def id_groups(line: str, known: set[str] | dict[str, Any]) -> list[str | list[str]]:
    """Split a facts-stage line into text and the article-id lists it names in parentheses.

    ``"toll: 37 (a1, b2; 2031-05-04 07:30) vs 40 (c3)"`` gives ``["toll: 37 (", ["a1", "b2"],
    "; 2031-05-04 07:30) vs 40 (", ["c3"], ")"]`` when those ids are known, so that writers can
    show outlets and numbers instead of bare ids. A parenthesis whose part before any ";" holds
    anything but known ids stays text (lines that already name outlets pass through unchanged).
    """
    parts: list[str | list[str]] = []
    last = 0
    for match in re.finditer(r"\(([^()]+)\)", line):
        head = match.group(1).split(";", 1)[0]
        ids = [x.strip() for x in head.split(",")]
        if ids and all(x in known for x in ids):
            parts += [line[last:match.start(1)], ids]
            last = match.start(1) + len(head)
    parts.append(line[last:])
    return [p for p in parts if p != ""]


# ---------------------------------------------------------------------------------------------
# Markdown sections


def _corroborated_section(story: Story, by_id: dict[str, Article], numbers: dict[str, int]) -> list[str]:
    """"Corroborated": key agreed facts, their values, the independent count and who states them."""
    facts = corroborated_facts(story)
    if not facts:
        return _lines_section("Corroborated", story.corroborated, by_id, numbers)
    lines = ["### Corroborated", ""]
    for fact in facts:
        values = " / ".join(md(shorten(v.value, 120)) for v in fact.values)
        articles = sorted({a for v in fact.values for a in v.articles if a in numbers and a in by_id},
                          key=numbers.__getitem__)
        n = fact.independent_sources
        count = f"{n} independent sources"
        if len(articles) > n:
            count += f" ({len(articles)} articles)"
        lines.append(f"- **{md(fact.claim)}**: {values} \u2014 {count}: {_outlets(articles, by_id, numbers)}")
    more = corroborated_total(story) - len(facts)
    if more > 0:
        lines.append(f"- *\u2026 and {more} more agreed fact{'s' if more != 1 else ''} (see the JSON report)*")
    return lines + [""]


def _outlets(articles: list[str], by_id: dict[str, Article], numbers: dict[str, int]) -> str:
    """'Outlet A [1][3], Outlet B [2]': each outlet (or title) once, then its article numbers."""
    named: dict[str, list[int]] = {}
    for a in articles:
        named.setdefault(source_name(by_id[a]), []).append(numbers[a])
    return ", ".join(f"{md(name)} {''.join(f'[{n}]' for n in found)}" for name, found in named.items())


def _disputes_section(story: Story, by_id: dict[str, Article], numbers: dict[str, int]) -> list[str]:
    """"Where the sources disagree": each disputed claim, its values and who says what, when.

    A value line names the outlets, counts the independent sources, gives the value's first
    publication time and quotes the evidence sentence; under it, each article's title and time.
    """
    disputed = disputed_facts(story)
    if not disputed:
        return _lines_section("Where the sources disagree", story.disputed, by_id, numbers)
    lines = ["### Where the sources disagree", ""]
    for fact in disputed:
        n = fact.independent_sources
        note = "one origin: a copy altered it" if n == 1 else f"{n} independent sources"
        lines.append(f"- **{md(fact.claim)}** ({note})")
        for value in fact.values:
            shown = [a for a in value.articles if a in numbers and a in by_id]
            who = ", ".join(f"[{numbers[a]}] {md(source_name(by_id[a]))}" for a in shown)
            sources = value_sources(value, story)
            hedge = " (a hedged figure that fits the other values)" if fits_all_others(value, fact.values) else ""
            when = value_published(value, by_id)
            first = f", first reported {md(readable_time(when))}" if when else ""
            lines.append(f"  - {md(value.value)}{hedge}: {who} ({sources} source{'s' if sources != 1 else ''}){first} "
                         f"\u2014 \"{md(quote_of(value))}\"")
            lines += [f"    - {_article_line(a, by_id, numbers)}" for a in shown]
    return lines + [""]


def _updated_section(story: Story, by_id: dict[str, Article], numbers: dict[str, int]) -> list[str]:
    """"Updated figures": figures that changed between reports, each value with its time, in time order."""
    updated = updated_facts(story, by_id)
    if not updated:
        return _lines_section("Updated figures", story.updated, by_id, numbers)
    lines = ["### Updated figures", ""]
    for fact, values in updated:
        lines.append(f"- **{md(fact.claim)}**: " + " \u2192 ".join(md(v.value) for v in update_chain(values)))
        for value in values:
            shown = [a for a in value.articles if a in numbers and a in by_id]
            who = "; ".join(_article_line(a, by_id, numbers, time=False) for a in shown) or "no source shown"
            lines.append(f"  - {md(readable_time(value_published(value, by_id)))}: {md(value.value)} \u2014 {who} "
                         f"\u2014 \"{md(quote_of(value))}\"")
    return lines + [""]


def _article_line(article_id: str, by_id: dict[str, Article], numbers: dict[str, int], time: bool = True) -> str:
    """'[n] Outlet, *Title* (time)': an article as a reader knows it."""
    a = by_id[article_id]
    title = f", *{md(a.title)}*" if a.title and a.title.strip() and a.outlet else ""
    when = f" ({md(readable_time(a.published))})" if time and a.published else ""
    return f"[{numbers[article_id]}] {md(source_name(a))}{title}{when}"


def _lines_section(title: str, items: list[str], by_id: dict[str, Article], numbers: dict[str, int]) -> list[str]:
    """A '### title' section of facts-stage lines, article ids shown as '[n] Outlet' (nothing when empty)."""
    if not items:
        return []
    known = {a: 0 for a in numbers if a in by_id}
    bullets = []
    for item in items:
        parts = id_groups(item, known)
        bullets.append("- " + "".join(
            md(p) if isinstance(p, str) else ", ".join(f"[{numbers[a]}] {md(source_name(by_id[a]))}" for a in p)
            for p in parts))
    return [f"### {title}", "", *bullets, ""]


def fits_all_others(value: FactValue, values: list[FactValue]) -> bool:
    """True for a hedged figure ("at least 35") compatible with every other value of its claim.

    Such a value takes no side in the dispute; saying so keeps the reader from counting it as one.
    """
    from ..facts.quantities import compatible, find_quantities

    mine = find_quantities(value.value)
    if len(mine) != 1 or not mine[0].hedge:
        return False
    others = [find_quantities(v.value) for v in values if v is not value]
    return bool(others) and all(len(q) == 1 and compatible(mine[0], q[0]) for q in others)


def heading(story: Story) -> str:
    """The story's headline, or for a story of untitled articles (plain texts, Multi-News records)
    its first briefing sentence, shortened, so that no section of the report is headed by nothing."""
    if story.headline.strip():
        return story.headline
    first = story.briefing[0].text if story.briefing else story.id
    return f"Untitled story: {shorten(first, HEADING_CHARS)}"


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """The supporting sentence, cut at a word boundary when long."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "..."


def quote_of(value: FactValue, limit: int = QUOTE_CHARS) -> str:
    """The sentence quoted for a value, cut so that the value stays in view: a long sentence
    giving its figure late ("..., and around 202 were injured") starts a third of the quote before
    the figure. Found reading the Giveme5W1H report: a quote cut at its start showed no figure."""
    text = value.text
    at = text.lower().find(value.value.lower())
    if len(text) <= limit or at < 0 or at + len(value.value) <= limit - 3:
        return shorten(text, limit)
    start = text.rfind(" ", 0, max(0, at - limit // 3)) + 1
    return "..." + shorten(text[start:], limit)


def _sources_section(story: Story, by_id: dict[str, Article], numbers: dict[str, int]) -> list[str]:
    """Numbered sources, grouped by origin."""
    lines = ["### Sources", ""]
    for g, group in enumerate(story.origins, start=1):
        lines.append(f"Origin {g}{_origin_note(group)}:")
        lines += [f"  - why: {md(why)}" for why in _origin_evidence(group, numbers)]
        for article_id in group.articles:
            a = by_id[article_id]
            meta = md(", ".join(x for x in (a.outlet, a.byline, a.published, "/".join(a.agencies)) if x))
            lines.append(f"- [{numbers[article_id]}] {md(a.title)} ({meta or 'no metadata'}) {code(article_id)}")
    return lines + [""]


def _origin_evidence(group: OriginGroup, numbers: dict[str, int]) -> list[str]:
    """The evidence behind an origin's note: the credit line naming its agency, quoted, and why
    its likely original is taken for the first (issue 16: claims with nothing shown)."""
    found = []
    if group.agency and group.agency_evidence:
        found.append(f"goes back to {group.agency}: {group.agency_evidence}")
    if group.original and group.original_reason and len(group.articles) > 1:
        found.append(f"[{numbers.get(group.original, '?')}] is the likely original: {group.original_reason}")
    found += [f"[{numbers.get(i, '?')}] has no text to compare: joined on its headline alone" for i in group.by_headline]
    return found


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
