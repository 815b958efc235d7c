"""Recognise documents that are not news articles: licences, READMEs, search pages, error pages, cookie walls.

``not_an_article(article, document)`` returns the reason (``"licence text (Apache License)"``)
or None. Each kind is recognised by a few plain signals, chosen so that a real report that
mentions cookies, a licence, a search or an error is kept:

- **licence text**: three or more verbatim licence formulae ("Permission is hereby granted",
  "WITHOUT WARRANTY OF ANY KIND", "Redistribution and use in source and binary forms"...) in a
  text where most sentences speak legal language (shall, warranty, licensee, hereby...);
- **README or project documentation**: a file named README, LICENSE, COPYING, CHANGELOG,
  CONTRIBUTING... (any extension); or Markdown with headings and a code block, headings naming
  versions (a changelog), or a "Usage"/"Installation" section and little prose;
- **search or listing page**: a title such as "Search results for ...", "NPR Search : NPR",
  "Tag: ...", "Posts tagged ...", "Brexit Archives - Site"; a search URL (``/search``,
  ``?q=``, ``searchinput=``) or a tag URL (``/tag/...``); a short text opening on "You searched
  for" or "No results found"; or a list of many short lines and hardly a sentence with "Read
  more" / "Next page" links;
- **error page**: a title that is only an error ("Page not found | Site", "404 Not Found",
  "Access denied") over a text under ``WALL_WORDS``; or a text under ``SHORT_WORDS`` that opens
  on an error notice ("the page you requested was not found", "this video is unavailable") and
  is mostly made of such notices and web-page furniture (URL, browser, homepage, try again...);
- **access wall**: the same for a log-in, paywall, JavaScript or robot check ("you must log in
  to continue", "purchase a subscription to continue reading", "JavaScript is disabled");
- **cookie wall or consent page**: a text under ``WALL_WORDS`` holding a cookie or consent
  notice ("we use cookies", "accept all cookies", "you consent to") whose sentences about
  cookies, consent and privacy, addressed to the reader ("you", "we", "please"), make most of it.

A notice counts only when it makes most of a short text (an error or access notice, moreover,
only in the title or the text's opening), so a report about cookie rules, a licence dispute, a
search party or a website crash stays.
Calibrated with ``benchmarks/not_articles.py`` on 6,714 real documents (the seeds, the
article-extraction pages, Giveme5W1H, DUC 2004, Clust-McMs, Multi-News, SemEval news
similarity): every refusal was read, none was a news article (README, "Inputs").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from pathlib import PurePath
from urllib.parse import parse_qs, urlsplit

from ..records import Article, RawDocument

NOT_AN_ARTICLE = "not a news article"

# How much of a text is read: licence files and listing pages show what they are long before this.
SCAN_CHARS = 20_000
# A licence is read further: the GNU and Mozilla texts state their formulae near the end.
LICENCE_SCAN_CHARS = 100_000
# Where a notice must appear to count as a page's subject: the title or the text's opening.
OPENING_CHARS = 250
# An error or access notice is a page's subject only in a short text: the longest error page met
# in the calibration data (a Yahoo "page not found" with its help lines) has 72 words; the real
# news briefs that open on a stray "Please enable JavaScript" line run 100 words and more, and the
# share rule below keeps those.
SHORT_WORDS = 150
# A cookie or consent wall with its partner and privacy wording runs up to about 170 words in the
# calibration data; 400 leaves room for longer consent texts while no real article is that short
# and dominated by cookie sentences.
WALL_WORDS = 400
# Share of a text's words in sentences of the notice's kind needed to call it that kind of page;
# a text of TINY_WORDS words or fewer is a notice at TINY_SHARE ("This feature is not available
# right now. Please try again later." under a one-line video caption).
NOTICE_SHARE = 0.6
TINY_WORDS = 25
TINY_SHARE = 0.5
# Licence text: at least this many distinct formulae, and this share of sentences in legal language.
# Of the 151 distinct licence files in this project's virtual environment, 144 are recognised by
# their text alone (the rest are short notes and pointers to other files; their names give them
# away); a report on a licence dispute that quotes two clauses is kept.
LICENCE_FORMULAE = 3
LEGAL_SHARE = 0.2
# Listing page by its shape: at least LIST_LINES lines, LIST_SHORT_SHARE of them short (at most
# LIST_SHORT_WORDS words, no closing full stop), at most LIST_SENTENCES real sentences.
LIST_LINES = 12
LIST_SHORT_WORDS = 8
LIST_SHORT_SHARE = 0.75
LIST_SENTENCES = 2
# README by content: at least this many Markdown headings, and prose under this share of words.
DOC_HEADINGS = 2
DOC_PROSE_SHARE = 0.5
# A sentence of running prose has at least this many words.
PROSE_WORDS = 12

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")
_QUOTES = re.compile(r"[\"“”‘’'`]")

# --- file names ------------------------------------------------------------------------------
# Repository files that are never news: the file name before its first dot, any case...
_DOC_NAMES = {"readme": "README", "license": "licence", "licence": "licence", "copying": "licence",
              "changelog": "changelog", "changes": "changelog", "contributing": "contributing guide",
              "code_of_conduct": "code of conduct", "authors": "authors list"}
# ...or in capitals with a suffix (LICENSE-MIT, README_en), never a lower-case slug such as
# "license-fees-rise.txt", which may well be a news article.
_DOC_NAME_SUFFIXED = re.compile(r"^(README|LICEN[CS]E|COPYING|CHANGELOG|CONTRIBUTING)[-_][A-Za-z0-9_-]+$")

# --- licences ----------------------------------------------------------------------------------
# Verbatim clauses of common licences (lower case, quotes removed, spaces collapsed).
LICENCE_FORMULAE_TEXT = (
    "permission is hereby granted",
    "the software is provided as is",
    "provided by the copyright holders and contributors as is",
    "without warranty of any kind",
    "without warranties or conditions of any kind",
    "warranties of merchantability",
    "fitness for a particular purpose",
    "in no event shall the",
    "redistribution and use in source and binary forms",
    "redistributions of source code must retain",
    "terms and conditions for use, reproduction, and distribution",
    "you may not use this file except in compliance with the license",
    "the above copyright notice and this permission notice",
    "this program is free software",
    "everyone is permitted to copy and distribute verbatim copies",
    "licensed under the apache license",
    "subject to the terms and conditions of this license",
    "on an as is basis",
    "licenses for most software are designed to take away your freedom",
    "you can redistribute it and/or modify it",
    "without even the implied warranty of",
    "this library is free software",
    "the contents of this file are subject to the mozilla public license",
    "this source code form is subject to the terms of the mozilla public license",
    "hereby grants licensee",
    "without any express or implied warranty",
    "in no event will the authors be held liable",
    "permission is granted to anyone to use this software",
)
# Words every licence formula above holds one of: a text without any is no licence (a quick test).
_LICENCE_HINTS = ("permission", "warrant", "redistribut", "licen", "free software", "verbatim")
# Licence names, to say which licence it is.
_LICENCE_NAMES = (
    ("apache license", "Apache License"),
    ("gnu affero general public license", "GNU AGPL"),
    ("gnu lesser general public license", "GNU LGPL"),
    ("gnu general public license", "GNU GPL"),
    ("mozilla public license", "Mozilla Public License"),
    ("creative commons", "Creative Commons"),
    ("redistribution and use in source and binary forms", "BSD licence"),
    ("permission is hereby granted, free of charge", "MIT licence"),
)
_CLAUSE_END = re.compile(r"(?<=[.;!?])\s+")
_LEGAL = re.compile(r"\b(licen[cs]\w*|warrant\w*|liab\w*|shall|hereby|herein|thereof|therein|redistribut\w*|"
                    r"merchantability|infring\w*|sublicens\w*|notwithstanding|royalty|copyright|permission)\b")

# --- README / documentation --------------------------------------------------------------------
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_DOC_HEADING = re.compile(r"\b(usage|install\w*|getting started|build\w*|requirements|licen[cs]e|contribut\w*|"
                          r"documentation|examples?|features|setup|configuration|api|quick ?start|changelog|"
                          r"dependencies|development|tests?|how to use|overview)\b")
# "## 2.1.0", "## [v3.0] - 2031-01-04", "# Version 1.2": the headings of a changelog (never
# "## 2.5 million affected").
_VERSION_HEADING = re.compile(r"^#{1,6}\s+\[?(v(ersion)?\s?\d+\.\d+|\d+\.\d+\.\d+)", re.IGNORECASE)
# Lines that are no prose: list items, table rows, indented code, block quotes.
_NOT_PROSE = re.compile(r"^\s*([-*+>|]|\d+[.)]\s|\s{4})")
_SENTENCE_CLOSE = re.compile(r"[.!?][\"'”’)]?(\s|$)")

# --- search, tag and listing pages ----------------------------------------------------------------
# A title is read in parts, split at " | ", " - ", " : ", "»"...: "NPR Search : NPR".
_TITLE_SPLIT = re.compile(r"\s+[|:–—\-·»]\s+|\s*[|»]\s*|:\s+")
# "Search", "Search results", "Site search", "NPR Search" (when NPR is the title's other part).
_SEARCH_PART = re.compile(r"^(?:(\w+)\s+)?search(?:\s+results?)?$")
_SEARCH_PREFIXES = {"site", "web", "advanced", "news", "archive"}
# A bare "Search" part counts only beside a site name this short ("Search | The Guardian"), not
# in front of a headline ("Search: missing hiker found alive").
SEARCH_SITE_WORDS = 2
_LISTING_TITLE = re.compile(r"^(search results? for\b|showing results for\b|you searched for\b|"
                            r"(posts|articles|stories|entries) tagged\b|tagged with\b|tag:|tag archives?\b|"
                            r"category:|category archives?\b)")
# The term of a tag or search title is this short and has no comma: "Tag: ferry strike", not
# "Tag: you're it, says mayor".
LISTING_TERM_WORDS = 4
# "Brexit Archives - Site": a WordPress tag or category page, never "Inside the Kremlin archives".
_ARCHIVES_PART = re.compile(r"^[\w'’ -]{1,40}\barchives?$")
ARCHIVES_WORDS = 3
_ARCHIVES_NOT = {"the", "a", "an", "of", "in", "inside", "from", "into", "at", "on", "for", "with", "secret", "national"}
_SEARCH_QUERY_KEYS = {"q", "query", "searchinput", "search", "searchterm", "search_query", "keywords"}
_SEARCH_OPENING = re.compile(r"\b(you searched for|no results (were )?found|your search (for .{1,60} )?"
                             r"(did not|didn't) match|what term do you want to search|refine your search|"
                             r"the query .{0,40} was unparseable)\b")
_LISTING_CUE = re.compile(r"\b(read more|load more|more stories|next page|previous page|older posts|newer posts|"
                          r"page \d+ of \d+|show more)\b")

# --- error and access pages ----------------------------------------------------------------------
# A title part that is nothing but an error ("404 Not Found", "Page not found", "Access denied").
_ERROR_TITLE = re.compile(
    r"^(((error|http)\s*)?(400|401|403|404|410|500|502|503)(\s*(error|not found|forbidden|page not found|"
    r"internal server error|service unavailable|bad gateway))?|(error|http error)|(sorry[,!]? )?(the )?"
    r"(page|article|story|file|content) (was |could not be |cannot be |can't be )?(not )?found|not found|"
    r"access denied|(403 )?forbidden|internal server error|service unavailable|"
    r"page (is )?(no longer )?(available|unavailable)|(this )?page (does not|doesn't) exist|"
    r"oops[!.,]*( something went wrong| page not found| that page can.t be found)?)[!.]*$")
# A title is an error title when every part of it is an error phrase or a site name this short.
TITLE_SITE_WORDS = 3
_ERROR_NOTICE = re.compile(
    r"((error|http)\s*404|\b404\s*(error|[-:!|.]|not found|page)|(?<!a )(?<!the )(?<![\"'“‘])\bpage (was )?not found\b|"
    r"\b(page|article|story|content|video|file)( that)? you (requested|are looking for|were looking for|tried to)\b|"
    r"\b(page|article|story|content|video|url)\b.{0,40}\b(could not|cannot|can't|couldn't) be (found|displayed)\b"
    r"(?! anywhere)|\b(can't|cannot|couldn't|could not) find (the|that|this) page\b|"
    r"\bthis (page|article|story|content|video|item|link) (is|was|has been) no longer available\b|"
    r"\bthis (page|video|article|content|feature) (is|are) (currently )?(unavailable|not available right now)\b|"
    r"\b(page|article|text|content) (hosted at \S+ )?is unavailable due to technical\b|\baccess denied\s*([.!\n]|$)|"
    r"\byou (don't|do not) have permission to access\b|\b403 forbidden\b|\b500 internal server error\b)")
# Every error notice above holds one of these: a quick test before the pattern itself.
_ERROR_HINTS = ("404", "found", "you requested", "looking for", "tried to", "displayed", "find", "available",
                "denied", "permission", "forbidden", "server error")
# Pages that stand between the reader and the article: log-in, paywall, JavaScript and robot checks.
_ACCESS_NOTICE = re.compile(
    r"(\b(you (must|need to|have to)|please) (log|sign) ?in\b|(^|\n|[.!?]\s+)(log|sign) ?in to (continue|view|access|read)\b|"
    r"\benter your (user ?id|user ?name|email( address)?) and password\b|"
    r"\bjavascript is (disabled|turned off|required)\b|\b(please )?(enable|turn on) javascript\b|"
    r"\byour (browser|device) (is|does) not support(ed)?\b|\b(please )?purchase a subscription to\b|"
    r"\bsubscription is required to (continue|read|access|view)\b|\bsubscribe to (continue|keep) reading\b|"
    r"\bis premium content\b|\b(viewed|read|reached) your (monthly )?(quota|limit) of\b|"
    r"\b(are you a robot|verify (that )?you are (a )?human|checking your browser)\b)")
_ACCESS_HINTS = ("log", "sign", "password", "javascript", "browser", "subscri", "premium", "quota", "limit", "robot",
                 "human")
# Words of a web page's own furniture (rare in a news report): a sentence holding one counts
# with the notices when weighing how much of a short text they make.
_CHROME = re.compile(r"\b(url|links?|homepage|home page|web ?page|page|browser|click\w*|log ?in|sign ?in|logging in|"
                     r"signing in|password|regist(er|ering|ration)|subscri\w*|javascript|cookies?|website|"
                     r"try again|please try|spelling|redirect\w*|settings|thank you for (visiting|reading)|"
                     r"continue reading|would you like|you are looking for|you're looking for)\b")
# Sentences longer than this are counted only up to it (a notice run into the article).
CHROME_SENTENCE_WORDS = 20

# --- cookie and consent walls ---------------------------------------------------------------------
_WALL_NOTICE = re.compile(
    r"\b(we use cookies|(site|website|page) uses cookies|use of cookies|accept (all )?cookies|enable cookies|"
    r"cookies must be enabled|cookies? (policy|settings|preferences|support)|manage (your )?(cookies|preferences|consent)|"
    r"(you|and) consent to|your consent|(i|you) agree\b.{0,40}\b(cookies|privacy|terms)|"
    r"by (clicking|continuing|using|navigating)\b.{0,60}\b(agree|consent|accept|cookies)|"
    r"(personali[sz]ed?|tailor\w*) (content|ads|advertising)|(third[- ]party|our) partners)")
_WALL_WORDS_RE = re.compile(r"\b(cookies?|consent|privacy|personal (data|information)|partners|advertis\w*|"
                            r"data protection|gdpr|opt[- ]out|accept|agree|settings|preferences|tracking|browser|"
                            r"terms of (service|use)|analytics)\b")
# A wall speaks to its reader ("we use", "your browser"); a report about cookie rules does not.
_READER = re.compile(r"\b(you|your|we|our|us|please|learn|click|enable|enabled|disabled|follow|open|choose|check|"
                     r"uncheck|turn)\b")


class _Text:
    """The text a check reads: the title and the body (lower case, cut to SCAN_CHARS); words and sentences on demand."""

    def __init__(self, title: str, body: str, limit: int = SCAN_CHARS) -> None:
        """Read ``body`` (its first ``limit`` characters) under ``title``; a first line repeating the title is left out."""
        self.shown_title = title.strip()  # as written, for messages
        self.title, self.body = self.shown_title.lower(), body[:limit].lower().lstrip()
        if self.title and self.body.startswith(f"{self.title}\n"):
            self.body = self.body[len(self.title) + 1:]

    @cached_property
    def words(self) -> int:
        return len(_WORD.findall(self.body))

    @cached_property
    def sentences(self) -> list[str]:
        return [s.strip() for s in _SENTENCE_END.split(self.body) if s and s.strip()]

    @property
    def opening(self) -> str:
        """The title and the first OPENING_CHARS characters of the body."""
        return f"{self.title}\n{self.body[:OPENING_CHARS]}"

    def share(self, counts: Callable[[str], object], longest: int | None = None) -> float:
        """Share of the words in sentences for which ``counts`` is true, each counted up to ``longest`` words.

        A long sentence that holds a notice is often a notice run into the article (a missing
        full stop: "...video tag.click here... in 2015, the company filed..."), so with
        ``longest`` set only its first ``longest`` words count.
        """
        if not self.words:
            return 0.0
        counted = 0
        for sentence in self.sentences:
            if counts(sentence):
                size = len(_WORD.findall(sentence))
                counted += size if longest is None else min(size, longest)
        return counted / self.words


def not_an_article(article: Article, document: RawDocument | None = None) -> str | None:
    """Why ``article`` is not a news article (a short reason), or None when it may well be one.

    ``document`` is the raw document it came from: its file name, and for plain text and JSON
    records its whole text (lines the cleaner dropped as clutter included) are read too; of an
    HTML page, the extracted text and the blocks it left out.
    """
    raw = document.text if document is not None and document.media_type != "text/html" else None
    whole = raw if raw is not None else "\n".join([article.text, *article.removed])
    clean = _Text(article.title, article.text)
    return (_doc_file_name(document.source_path if document else article.source_path, document)
            or _licence(_Text(article.title, whole, LICENCE_SCAN_CHARS))
            or _readme(raw if raw is not None else article.text)
            or _search_page(clean, article.url)
            or _error_page(clean)
            or _cookie_wall(clean))


def document_name(document: RawDocument) -> str:
    """How a refusal names a document: its file, plus its id when the file holds several (``a.jsonl (a-3)``)."""
    from ..ingest.sources import document_stem

    name = PurePath(document.source_path).name
    if document.id in (document_stem(name), name):
        return document.source_path
    return f"{document.source_path} ({document.id})"


def _doc_file_name(source: str, document: RawDocument | None) -> str | None:
    """'README file (README.md)' for a repository file named README, LICENSE, CHANGELOG..."""
    if document is not None and document.media_type == "text/record":
        return None  # a record inside a JSON file: the file's name says nothing about the record
    name = PurePath(source).name
    stem = name.split(".", 1)[0]
    suffixed = _DOC_NAME_SUFFIXED.match(stem)
    kind = _DOC_NAMES.get(stem.lower()) or (_DOC_NAMES[suffixed.group(1).lower()] if suffixed else None)
    return f"{kind} file ({name})" if kind else None


def _licence(text: _Text) -> str | None:
    """'licence text (Apache License)' for a text made of licence clauses."""
    if not any(hint in text.body for hint in _LICENCE_HINTS):
        return None
    flat = " ".join(_QUOTES.sub("", text.body).split())
    formulae = [f for f in LICENCE_FORMULAE_TEXT if f in flat]
    if len(formulae) < LICENCE_FORMULAE:
        return None
    sentences = [s for s in _CLAUSE_END.split(flat) if s.strip()]  # lines joined: licences are hard-wrapped
    if sum(1 for s in sentences if _LEGAL.search(s)) < LEGAL_SHARE * len(sentences):
        return None
    name = next((label for phrase, label in _LICENCE_NAMES if phrase in flat), None)
    return f"licence text ({name or formulae[0]})"


def _readme(text: str) -> str | None:
    """'README or project documentation (...)' for Markdown docs: headings with code, versions or doc sections."""
    lines = text[:SCAN_CHARS].splitlines()
    headings = [line.strip() for line in lines if _HEADING.match(line)]
    if len(headings) < DOC_HEADINGS:
        return None
    if sum(1 for h in headings if _VERSION_HEADING.match(h)) >= DOC_HEADINGS:
        return "changelog (Markdown headings naming versions)"
    if sum(1 for line in lines if _FENCE.match(line)) >= 2:
        return "README or project documentation (Markdown headings and code blocks)"
    doc_heading = next((h for h in headings if _DOC_HEADING.search(h.lower())), None)
    if doc_heading is None:
        return None
    words = len(_WORD.findall(text[:SCAN_CHARS]))
    if words and _prose_words(lines) / words >= DOC_PROSE_SHARE:
        return None
    return f"README or project documentation (Markdown headings, section {doc_heading!r}, little prose)"


def _prose_words(lines: list[str]) -> int:
    """Words in paragraphs of running prose (PROSE_WORDS words or more, with a full stop), lines joined.

    Paragraphs are runs of lines between blank lines, headings, code fences, list items and
    table rows, so a hard-wrapped news paragraph counts as prose like an unwrapped one.
    """
    total, paragraph, in_code = 0, [], False
    for line in [*lines, ""]:
        fence = bool(_FENCE.match(line))
        in_code = in_code != fence
        if fence or in_code or not line.strip() or _HEADING.match(line) or _NOT_PROSE.match(line):
            joined = " ".join(paragraph)
            size = len(_WORD.findall(joined))
            if size >= PROSE_WORDS and _SENTENCE_CLOSE.search(joined):
                total += size
            paragraph = []
        else:
            paragraph.append(line.strip())
    return total


def _search_page(text: _Text, url: str | None) -> str | None:
    """'search or listing page (...)' from the title, the URL, the opening or the shape of the text."""
    if _search_title(text.title):
        return f"search or listing page (title {text.shown_title!r})"
    url_cue = _listing_url(url)
    if url_cue:
        return f"search or listing page ({url_cue})"
    notice = _notice_page(text, _SEARCH_OPENING)
    if notice:
        return f"search or listing page ({notice!r})"
    return _listing_shape(text)


def _search_title(title: str) -> bool:
    """True for the title of a search, tag, category or archive page."""
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    for part in parts:
        search = _SEARCH_PART.match(part)
        if search is None:
            continue
        prefix, others = search.group(1), [p for p in parts if p != part]
        if prefix is not None and (prefix in _SEARCH_PREFIXES or prefix in others):
            return True  # "Site search", "NPR Search : NPR"
        if prefix is None and ("result" in part or (others and all(len(p.split()) <= SEARCH_SITE_WORDS for p in others))):
            return True  # "Search results", "Search | The Guardian"
    for start in [title, *parts[1:]]:
        cue = _LISTING_TITLE.match(start)
        if cue and _listing_term(start[cue.end():]):
            return True
    head = parts[0].split() if parts else []
    return (len(parts) >= 2 and bool(_ARCHIVES_PART.match(parts[0])) and len(head) <= ARCHIVES_WORDS
            and not _ARCHIVES_NOT & set(head))


def _listing_term(rest: str) -> bool:
    """True when what follows "Tag:" or "Search results for" is a term (a few words, no clause), not a headline."""
    parts = [p for p in _TITLE_SPLIT.split(rest.strip(" :'\"“”‘’")) if p.strip()]
    term = parts[0] if parts else ""
    return len(term.split()) <= LISTING_TERM_WORDS and "," not in term


def _listing_url(url: str | None) -> str | None:
    """'search URL' / 'tag URL' when the address is one of a search or a tag page."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        keys = {k.lower() for k in parse_qs(parts.query)}
    except ValueError:
        return None
    segments = [s.lower() for s in parts.path.split("/") if s]
    if "search" in segments or keys & _SEARCH_QUERY_KEYS or (not segments and "s" in keys):
        return "search URL"
    for position, segment in enumerate(segments):
        if segment in ("tag", "tags") and 1 <= len(segments) - position - 1 <= 3:
            return "tag URL"
    return None


def _listing_shape(text: _Text) -> str | None:
    """'search or listing page (N short lines ...)' for a list of links with hardly a sentence."""
    cue = _LISTING_CUE.search(text.body)
    lines = [line.strip() for line in text.body.splitlines() if line.strip()] if cue else []
    if len(lines) < LIST_LINES:
        return None
    short = sum(1 for line in lines if len(_WORD.findall(line)) <= LIST_SHORT_WORDS and not _SENTENCE_CLOSE.search(line))
    sentences = sum(1 for s in text.sentences if len(_WORD.findall(s)) >= PROSE_WORDS and _SENTENCE_CLOSE.search(s))
    if cue and short / len(lines) >= LIST_SHORT_SHARE and sentences <= LIST_SENTENCES:
        return f"search or listing page ({short} short lines of {len(lines)}, {cue.group(0)!r})"
    return None


def _error_page(text: _Text) -> str | None:
    """'error page (...)' or 'access wall (...)' for a short text that is such a notice."""
    if _error_title(text.title) and text.words <= WALL_WORDS:
        return f"error page (title {text.shown_title!r})"
    for kind, pattern, hints in (("error page", _ERROR_NOTICE, _ERROR_HINTS),
                                 ("access wall", _ACCESS_NOTICE, _ACCESS_HINTS)):
        notice = _notice_page(text, pattern, hints)
        if notice:
            return f"{kind} ({notice!r})"
    return None


def _notice_page(text: _Text, pattern: re.Pattern[str], hints: tuple[str, ...] = ()) -> str | None:
    """The notice ``pattern`` finds in the opening of a short text made mostly of such notices and web furniture."""
    opening = text.opening
    if hints and not any(hint in opening for hint in hints):
        return None
    notice = pattern.search(opening)
    if notice is None or text.words > SHORT_WORDS:
        return None
    needed = TINY_SHARE if text.words <= TINY_WORDS else NOTICE_SHARE
    if text.share(lambda s: pattern.search(s) or _CHROME.search(s), CHROME_SENTENCE_WORDS) < needed:
        return None
    return notice.group(0).strip()


def _error_title(title: str) -> bool:
    """True for a title that is only an error ("Page not found", "404 | Site", "Access denied")."""
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    errors = [p for p in parts if _ERROR_TITLE.match(p)]
    return bool(errors) and all(p in errors or len(p.split()) <= TITLE_SITE_WORDS for p in parts)


def _cookie_wall(text: _Text) -> str | None:
    """'cookie wall or consent page (...)' for a short text made of a cookie or consent notice to its reader."""
    if not ("cookie" in text.body or "consent" in text.body) or text.words > WALL_WORDS:
        return None
    notice = _WALL_NOTICE.search(text.body)
    if notice and text.share(lambda s: _WALL_WORDS_RE.search(s) and _READER.search(s)) >= NOTICE_SHARE:
        return f"cookie wall or consent page ({notice.group(0).strip()!r})"
    return None
