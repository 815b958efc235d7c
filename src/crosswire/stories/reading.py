"""The articles a story's entity, fact and briefing stages read: all, or a bounded sample."""

from __future__ import annotations

from ..records import Article, OriginGroup

# Most articles of one story that its entity, fact and briefing stages read (see reading_sample).
# Those stages cost time per article, and in `crosswire ingest` a story is completed again each time
# a batch touches it, so a story of thousands of templated near-copies (issue 17: a 10,000-entry
# deal feed) made the whole run grow with the square of its size. Real news stays far below the
# cap: the largest gold event of the real-news sets is 19 articles (Giveme5W1H; Clust-McMs dev 6
# apart from its grab-bag label, Multi-News and DUC 2004 clusters 10), so their results are unchanged.
MAX_STORY_READING = 100


def reading_sample(articles: list[Article], origins: list[OriginGroup]) -> list[Article]:
    """The articles a story's entity, fact and briefing stages read: all of them, or for a story of
    more than MAX_STORY_READING articles that many, taken one origin group at a time.

    The sample takes each group's earliest article (by publication time, then id), in the order of
    the groups' own earliest articles, then each group's second, and so on, so every independent
    source speaks before any source speaks twice. It depends on the story's articles and origins
    only, so a batch and an incremental run, any engine and any batch size, read the same sample.
    The story's articles, origins and reuse links stay complete.
    """
    if len(articles) <= MAX_STORY_READING:
        return articles
    by_id = {a.id: a for a in articles}
    grouped = {i for group in origins for i in group.articles}
    groups = [list(group.articles) for group in origins] + [[a.id] for a in articles if a.id not in grouped]
    ranked: list[tuple[int, tuple[str, str], str]] = []  # (turn, the group's first, article id)
    for group in groups:
        members = sorted((by_id[i] for i in group if i in by_id), key=_reading_order)
        ranked += [(turn, _reading_order(members[0]), a.id) for turn, a in enumerate(members)]
    chosen = {article_id for _, _, article_id in sorted(ranked)[:MAX_STORY_READING]}
    return [a for a in articles if a.id in chosen]


def _reading_order(article: Article) -> tuple[str, str]:
    """Earliest published first (undated last), then by id."""
    return (article.published or "9999", article.id)
