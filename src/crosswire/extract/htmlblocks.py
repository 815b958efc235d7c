"""Visible text blocks of an HTML page, and the blocks a main text left out (``Article.removed``)."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..text import normalise, sentences

# Elements whose text a reader never sees as page text.
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "embed",
                  "select", "canvas", "audio", "video")
# Elements that start a new line of text in a browser; everything else is inline.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "td",
    "th", "tr", "ul", "button", "label", "option", "legend", "menu",
})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TOKEN = re.compile(r"\w+", re.UNICODE)
# A comment, a whole tag (up to 300 characters on one line), the start of a broken one ("<b", "</ti") or "</>":
# anything a browser could read as markup. "<" before a space or a digit ("a < b", "<5%") is text.
_TAG_LIKE = re.compile(r"<!--.*?-->|<[/!?]*[A-Za-z][^<>\n]{0,300}>|<[/!?]*[A-Za-z][\w:-]*|<[/!?]*>", re.DOTALL)

# Blocks this short (menu items, "Share", "Home") count as kept only when they match a whole line
# of the main text: a run of one to four words turns up inside body sentences by chance, a run
# of five or more words rarely does. Set by reading the menus and link lists of a few pages.
MIN_RUN_TOKENS = 5
# Longest removed entry kept; longer blocks are cut with an ellipsis. 300 characters hold a
# caption, a link list line or a newsletter blurb whole, while a dropped comment thread or
# "about the company" boilerplate stays readable without bloating the JSON report.
REMOVED_MAX_CHARS = 300


def parse_html(markup: str) -> lxml_html.HtmlElement | None:
    """Parse possibly malformed HTML into a tree; None when nothing can be parsed.

    The encoding declaration is stripped first: lxml refuses str input that still carries one.
    """
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    if not markup.strip():
        return None
    try:
        return lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def strip_markup(text: str) -> str:
    """Remove anything shaped like a tag or an HTML comment, so no markup survives in plain text."""
    return _TAG_LIKE.sub(" ", text)


def visible_blocks(tree: lxml_html.HtmlElement) -> list[str]:
    """The page's visible text, one whitespace-normalised entry per block-level element."""
    lines: list[str] = []
    _collect(tree, lines, [])
    return [line for line in lines if any(ch.isalnum() for ch in line)]


def _collect(element: etree._Element, lines: list[str], current: list[str]) -> None:
    """Walk ``element`` depth-first, appending text to ``current`` and flushing it at block edges."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in INVISIBLE_TAGS or _is_hidden(element):
        _append(current, element.tail)
        return
    block = tag in BLOCK_TAGS
    if block:
        _flush(lines, current)
    _append(current, element.text)
    for child in element:
        _collect(child, lines, current)
    if block:
        _flush(lines, current)
    _append(current, element.tail)


def _is_hidden(element: etree._Element) -> bool:
    """True for elements a browser does not show (``hidden``, ``aria-hidden``, ``display: none``)."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def _append(current: list[str], text: str | None) -> None:
    """Add a text fragment to the block being built."""
    if text:
        current.append(text)


def _flush(lines: list[str], current: list[str]) -> None:
    """Close the block being built: normalise its text into ``lines`` and start a new one."""
    text = normalise(strip_markup("".join(current)))
    if text:
        lines.append(text)
    current.clear()


def token_key(text: str) -> str:
    """Lower-cased word tokens joined by single spaces and padded, for containment checks.

    Comparing token sequences (not raw strings) ignores the whitespace, list bullets and
    punctuation spacing that extractors change when they linearise a page.
    """
    return " " + " ".join(_TOKEN.findall(text.lower())) + " "


def removed_blocks(tree: lxml_html.HtmlElement, main_text: str, title: str = "") -> list[str]:
    """Visible blocks (or their sentences) absent from ``main_text``: in page order, deduplicated, capped.

    A block whose words appear in the main text as one run was kept. Otherwise its sentences are
    checked one by one, so a block that the extractor kept only in part contributes the part that
    was dropped. The headline is not listed: it is kept as the article's title.
    """
    kept = token_key(main_text)
    lines = {token_key(line) for line in main_text.split("\n")}
    skip = {token_key(title)} if title.strip() else set()
    seen: set[str] = set()
    removed: list[str] = []
    for block in visible_blocks(tree):
        key = token_key(block)
        if not key.strip() or key in skip or _is_kept(key, kept, lines):
            continue
        dropped = [s for s in sentences(block) if token_key(s).strip() and not _is_kept(token_key(s), kept, lines)]
        entry = " ".join(dropped)
        if entry and token_key(entry) not in seen:
            seen.add(token_key(entry))
            removed.append(_cap(entry))
    return removed


def _is_kept(key: str, kept: str, lines: set[str]) -> bool:
    """True when a block's token key is a whole main-text line, or a long enough run inside it."""
    return key in lines or (key.count(" ") - 1 >= MIN_RUN_TOKENS and key in kept)


def _cap(text: str) -> str:
    """Cut ``text`` to REMOVED_MAX_CHARS at a word boundary, marking the cut with an ellipsis."""
    if len(text) <= REMOVED_MAX_CHARS:
        return text
    return text[:REMOVED_MAX_CHARS].rsplit(" ", 1)[0] + " …"
