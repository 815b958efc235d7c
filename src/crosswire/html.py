"""Main text and metadata of HTML pages (trafilatura), as an Article."""

from __future__ import annotations

from .records import Article, Problem, RawDocument


def extract_html(document: RawDocument) -> Article | Problem:
    """First pass: trafilatura's main text and metadata."""
    import trafilatura

    result = trafilatura.bare_extraction(document.text, with_metadata=True, include_comments=False)
    if result is None or not (result.text or "").strip():
        return Problem(document.source_path, "HTML page holds no article text")
    hints = document.hints
    return Article(id=document.id, source_path=document.source_path,
                   title=hints.title or result.title or result.text.split("\n", 1)[0][:200],
                   text=result.text, outlet=hints.outlet or result.sitename, url=hints.url or result.url,
                   byline=hints.byline or result.author, published=hints.published or result.date)
