"""Scraped plain text: find the title and metadata, drop page clutter, keep what was removed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..groups import DisjointSets
from ..ingest import metadata
from ..records import Article, RawDocument
from .agencies import agency_names, find_agencies
from .clutter import LineScore, keep_flags, score_lines, topic_centroid, topic_similarity
from .line_model import LineModel, decode, default_model, is_embed_signature, line_features

# Characters that render as nothing: a line of only these is a blank line.
_INVISIBLE = " \t\r\f\v\u00a0\u200b\u200c\u200d\u2060\ufeff"
# Title candidates: headline-sized lines (calibrated on the fixtures: headlines run 3-30 words).
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 30
# How many lines before the article body are searched for the headline.
TITLE_SEARCH_LINES = 12
# Title score terms: topic similarity dominates; earlier lines, lines repeated on the page and
# lines without a closing full stop are preferred; lines repeated across the batch are site junk.
TITLE_TOPIC_WEIGHT = 3.0
TITLE_POSITION_WEIGHT = -0.12
TITLE_ECHO_BONUS = 0.6
TITLE_FULL_STOP_PENALTY = -0.8
TITLE_BATCH_PENALTY = -1.5
# ...unless the line is on the page's topic: a wire story reprinted in the batch shares its headline.
# 0.15 sits between site junk (about 0 on the fixtures and demo) and headlines (0.2-0.5).
TITLE_ON_TOPIC = 0.15
# An "Outlet: lead" prefix is looked for on the first few kept lines (summary bullets may come first).
OUTLET_LEAD_LINES = 4
# The line model learned from whole web pages (all but one of its 181 training pages have 21 lines
# or more); shorter texts, such as an article pasted without its page, are judged by the rules alone.
MODEL_MIN_LINES = 20
# A bare name line ("Jane Doe") counts as the byline only this close (in lines) to the title.
BARE_BYLINE_DISTANCE = 3
# Two documents are copies of one article (one "family", whose lines count once as batch
# evidence) when the article bodies found in each alone share at least this share of the smaller
# body's words. Measured on the clutter benchmark's 181 pages (126 sites, up to 2 pages a site):
# pages of one site share up to 93% of their lines (menus, teasers, footers), so whole pages
# cannot tell copies, but their solo bodies share at most 34% of words, except one pair (100%)
# whose solo bodies are both the site's furniture; a reprint of each page on a page of its own,
# every fourth paragraph edited, shares 56-100% (median 78%); a verbatim copy 100%.
COPY_SHARE = 0.5


@dataclass(slots=True)
class _Found:
    """Metadata found in the lines, and the indices of lines that only carried metadata."""

    published: str | None = None
    byline: str | None = None
    credited: str | None = None  # what followed the byline's names ("AFP" in "Jo Doe for AFP")
    url: str | None = None
    source: str | None = None
    meta: set[int] = field(default_factory=set)
    crumbs: set[int] = field(default_factory=set)  # breadcrumb trails: clutter, never the title
    dateline: int | None = None  # the first line holding a date or byline (the article's header)
    dated: set[int] = field(default_factory=set)  # metadata lines holding a date (datelines, comment headers)


def clean_scraped(document: RawDocument, line_counts: Counter[str], model: LineModel | None | str = "default") -> Article:
    """Split scraped text into article paragraphs and removed clutter, and read its metadata.

    ``model`` judges the lines: the shipped line model by default, another ``LineModel``, or
    None for the hand-weighted rules alone (``clutter.keep_flags``).
    """
    raw, shown, found, scores = line_evidence(document, line_counts)
    keep = _keep(scores, found, model)
    title_index = _title_index(shown, raw, scores, keep, line_counts)
    body = [i for i, kept in enumerate(keep) if kept]
    outlet, text_lines, removed = _assemble(raw, shown, keep)
    hints = document.hints
    if title_index is not None:
        title = shown[title_index]
    else:
        title = hints.title or (shown[body[0]] if body else (shown[0] if shown else ""))
    byline = found.byline or _bare_byline(raw, keep, title_index)
    url = found.url or hints.url
    outlet = outlet or (metadata.outlet_from_url(url) if found.url else None) or hints.outlet or found.source
    article = Article(id=document.id, source_path=document.source_path, title=hints.title or title,
                      text="\n".join(text_lines), outlet=outlet, url=url, byline=byline or hints.byline,
                      published=found.published or hints.published, removed=removed)
    article.agencies = sorted(set(find_agencies(article)) | set(agency_names(found.credited or "")))
    return article


def line_evidence(document: RawDocument, line_counts: Counter[str]) -> tuple[list[str], list[str], _Found, list[LineScore]]:
    """Non-blank lines as written and as shown, metadata found in them, and their rule scores.

    Lines that only carry metadata (dates, bylines, URLs) or breadcrumbs score 0.
    """
    raw = [line.strip(_INVISIBLE) for line in document.text.splitlines() if line.strip(_INVISIBLE)]
    shown = [metadata.unwrap_markup(metadata.strip_bullet(line)) for line in raw]
    found = _scan_metadata(raw)
    scores = score_lines(shown, [line_counts.get(line.lower(), 1) for line in raw])
    for index in found.meta | found.crumbs:
        scores[index].probability = 0.0
    return raw, shown, found, scores


def line_key(line: str) -> str:
    """How a line is matched across documents: stripped and lower-cased."""
    return line.strip().lower()


def copy_families(documents: list[RawDocument]) -> list[int]:
    """A family number for each document: copies of one article, and copies of those, share one.

    A line repeated across documents is evidence of site furniture only when the documents are
    not copies of each other: a wire story reprinted in the batch repeats its headline and body.
    Pages of one site share their menus and footers, often most of their lines, so copies are
    told by the article bodies found in each document alone (``solo_body``): at least COPY_SHARE
    of the smaller body's words in lines the other body holds too. Identical texts are one
    family outright; only documents sharing a line with another are cleaned alone, and only pairs
    that share a rare body line are compared (``_copy_pairs``). The families do not depend on the
    order of ``documents``; their numbers are indices into it. Cost: one more cleaning of each
    document that shares a line with another (about 35 ms for a whole web page).
    """
    families = DisjointSets(range(len(documents)))
    first_of: dict[str, int] = {}
    distinct: list[int] = []
    for index, document in enumerate(documents):
        if document.text in first_of:
            families.union(first_of[document.text], index)
        else:
            first_of[document.text] = index
            distinct.append(index)
    holders: Counter[str] = Counter()
    line_sets = {i: {line_key(line) for line in documents[i].text.splitlines() if line.strip()} for i in distinct}
    for lines in line_sets.values():
        holders.update(lines)
    shared = [i for i in distinct if any(holders[line] > 1 for line in line_sets[i])]
    bodies = {i: solo_body(documents[i]) for i in shared}
    for i, j in _copy_pairs(bodies):
        families.union(i, j)
    return [families.find(i) for i in range(len(documents))]


def solo_body(document: RawDocument) -> dict[str, int]:
    """The lines (``line_key``) kept as article text when the document is cleaned alone, with their word counts."""
    raw, _shown, found, scores = line_evidence(document, Counter())
    keep = _keep(scores, found, "default")
    return {line_key(raw[i]): max(scores[i].words, 1) for i, kept in enumerate(keep) if kept}


def _copy_pairs(bodies: dict[int, dict[str, int]]) -> Iterable[tuple[int, int]]:
    """Pairs of documents whose bodies share at least COPY_SHARE of the smaller body's words.

    A prefix filter keeps this near-linear: lines are ranked rarest first, and a document is
    compared only with documents holding one of its rarest lines, so many that the rest of its
    body weighs less than COPY_SHARE of it. A qualifying pair always shares such a line of its
    smaller body, so no pair is missed, and lines common to many bodies are seldom looked up.
    """
    postings: dict[str, list[int]] = {}
    for i, body in bodies.items():
        for line in body:
            postings.setdefault(line, []).append(i)
    weight = {i: sum(body.values()) for i, body in bodies.items()}
    seen: set[tuple[int, int]] = set()
    for i, body in bodies.items():
        rest = weight[i]
        for line in sorted(body, key=lambda key: (len(postings[key]), key)):
            if rest < COPY_SHARE * weight[i]:
                break
            rest -= body[line]
            for j in postings[line]:
                pair = (min(i, j), max(i, j))
                if j == i or pair in seen:
                    continue
                seen.add(pair)
                common = sum(words for key, words in bodies[j].items() if key in body)
                if common >= COPY_SHARE * min(weight[i], weight[j]) > 0:
                    yield pair


def _keep(scores: list[LineScore], found: _Found, model: LineModel | None | str) -> list[bool]:
    """Which lines are article text: by the line model on page-sized texts, else by the rules.

    The rules also decide when the model keeps nothing (a page unlike any it learned from).
    """
    if model == "default":
        model = default_model()
    if not isinstance(model, LineModel) or len(scores) < MODEL_MIN_LINES:
        return keep_flags(scores, found.meta)
    probabilities = model.probabilities(line_features(scores, found.meta, found.crumbs))
    keep = decode(scores, probabilities, model, found.meta, dateline=found.dateline, dated=found.dated)
    return keep if any(keep) else keep_flags(scores, found.meta)


def _scan_metadata(raw: list[str]) -> _Found:
    """Find date, byline, URL and "Source:" lines (first of each wins); mark metadata-only lines."""
    found = _Found()
    for index, line in enumerate(raw):
        url = metadata.url_line(line)
        if url is not None:
            found.meta.add(index)
            found.url = found.url or url or None
            continue
        if is_embed_signature(line):  # dated, but part of the story: neither dateline nor break
            continue
        date = metadata.find_date(line)
        byline = metadata.find_byline(line)  # "By Reuters staff | March 11, 2026" carries both
        if byline and not found.byline:
            found.byline, found.credited = byline.names, byline.rest
        if date or byline or metadata.is_timestamp(line):
            found.meta.add(index)
            if date:
                found.dated.add(index)
            if (date or byline) and found.dateline is None:
                found.dateline = index
            found.published = found.published or date
            continue
        source = metadata.source_line(line)
        if source:
            found.meta.add(index)
            found.source = found.source or source
        elif metadata.is_breadcrumb(line):
            found.crumbs.add(index)
    return found


def _title_index(shown: list[str], raw: list[str], scores: list[LineScore], keep: list[bool],
                 line_counts: Counter[str]) -> int | None:
    """Index of the headline: the best headline-shaped line before the body, or None."""
    first_body = keep.index(True) if any(keep) else len(keep)
    centroid = topic_centroid([shown[i] for i, kept in enumerate(keep) if kept])
    best, best_score = None, float("-inf")
    for index in range(min(first_body, TITLE_SEARCH_LINES + 1)):
        line, score = shown[index], scores[index]
        if not (TITLE_MIN_WORDS <= score.words <= TITLE_MAX_WORDS) or metadata.is_numbered(raw[index]) \
                or score.boilerplate or score.link or score.probability == 0.0:
            continue
        topic = topic_similarity(line, centroid)
        value = (TITLE_TOPIC_WEIGHT * topic + TITLE_POSITION_WEIGHT * index
                 + TITLE_ECHO_BONUS * (shown.count(line) > 1)
                 + TITLE_FULL_STOP_PENALTY * line.endswith(".")
                 + TITLE_BATCH_PENALTY * (line_counts.get(raw[index].lower(), 1) > 1 and topic < TITLE_ON_TOPIC))
        if value > best_score:
            best, best_score = index, value
    return best


def _bare_byline(raw: list[str], keep: list[bool], title_index: int | None) -> str | None:
    """A name-only line close after the title, before the body (e.g. "Jane Doe" under a headline)."""
    if title_index is None:
        return None
    first_body = keep.index(True) if any(keep) else len(keep)
    for index in range(title_index + 1, min(first_body, title_index + 1 + BARE_BYLINE_DISTANCE)):
        if metadata.is_bare_name(raw[index]):
            return raw[index]
    return None


def _assemble(raw: list[str], shown: list[str], keep: list[bool]) -> tuple[str | None, list[str], list[str]]:
    """Kept lines become the text (an "Outlet:" prefix on the lead is cut); the rest, in order, is removed."""
    outlet: str | None = None
    text: list[str] = []
    removed: list[str] = []
    for index, line in enumerate(raw):
        if not keep[index]:
            removed.append(line)
            continue
        lead = metadata.outlet_lead(shown[index]) if outlet is None and len(text) < OUTLET_LEAD_LINES else None
        if lead:
            outlet = lead[0]
            removed.append(f"{lead[0]}:")
            text.append(lead[1])
        else:
            text.append(shown[index])
    return outlet, text, removed
