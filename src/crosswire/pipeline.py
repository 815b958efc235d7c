"""The in-process engine: runs the stages in their declared order over typed records."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import __version__, briefing, cluster, entities, extract, facts, ingest, provenance
from .errors import CrosswireError
from .records import Article, Problem, RawDocument, Report, ReuseLink, Story
from .settings import Settings

# progress(stage, done, total): called as work advances so a CLI can draw a bar.
ProgressFn = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    """Default progress callback: ignore."""


def analyze_paths(paths: Iterable[str], settings: Settings | None = None,
                  progress: ProgressFn | None = None) -> Report:
    """Read the given files/folders (``-`` for stdin) and analyse them into a Report."""
    settings = (settings or Settings()).validate()
    documents, problems = ingest.read_sources(paths, settings, progress)
    return analyze_documents(documents, settings, progress, problems)


def analyze_documents(documents: list[RawDocument], settings: Settings | None = None,
                      progress: ProgressFn | None = None, problems: list[Problem] | None = None) -> Report:
    """Clean raw documents and analyse the resulting articles."""
    settings = settings or Settings()
    progress = progress or _no_progress
    progress("extract", 0, len(documents))
    articles, bad = extract.extract_articles(documents)
    progress("extract", len(documents), len(documents))
    return analyze_articles(articles, settings, progress, list(problems or []) + bad)


def analyze_articles(articles: list[Article], settings: Settings | None = None,
                     progress: ProgressFn | None = None, problems: list[Problem] | None = None) -> Report:
    """Run provenance, clustering and the per-story stages over clean articles."""
    settings = settings or Settings()
    progress = progress or _no_progress
    articles, duplicates = _unique_ids(articles)
    problems = list(problems or []) + duplicates
    progress("provenance", 0, len(articles))
    links = provenance.find_reuse(articles)
    progress("provenance", len(articles), len(articles))
    progress("cluster", 0, len(articles))
    stories = cluster.cluster_stories(articles, links)
    progress("cluster", len(articles), len(articles))
    by_id = {a.id: a for a in articles}
    for n, story in enumerate(stories, start=1):
        complete_story(story, by_id, links, settings)
        progress("stories", n, len(stories))
    return Report(__version__, articles, stories, problems)


def complete_story(story: Story, by_id: dict[str, Article], links: list[ReuseLink], settings: Settings) -> Story:
    """Fill a story's origins, reuse, entities, facts and briefing from its articles."""
    members = set(story.articles)
    articles = [by_id[i] for i in story.articles]
    story.reuse = [link for link in links if link.a in members and link.b in members]
    story.origins = provenance.origin_groups(story.articles, story.reuse, by_id)
    story.entities = entities.resolve_entities(articles)
    story.facts = facts.line_up_facts(articles, story.origins, story.entities)
    story.disputed = facts.dispute_lines(story.facts)
    story.single_source = facts.single_source_lines(story.facts)
    story.briefing = briefing.write_briefing(story, articles, story.origins, story.facts, settings)
    return story


def _unique_ids(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    """Keep the first article for each id; report later ones (ids must be unique in a report)."""
    seen: set[str] = set()
    kept: list[Article] = []
    problems: list[Problem] = []
    for article in articles:
        if article.id in seen:
            problems.append(Problem(article.source_path, f"duplicate article id {article.id!r} (an earlier source has it)"))
        else:
            seen.add(article.id)
            kept.append(article)
    return kept, problems


__all__ = [
    "CrosswireError",
    "ProgressFn",
    "analyze_articles",
    "analyze_documents",
    "analyze_paths",
    "complete_story",
]
