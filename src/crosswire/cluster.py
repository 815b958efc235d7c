"""Group articles into stories (first pass: TF-IDF cosine with one threshold)."""

from __future__ import annotations

from .records import Article, ReuseLink, Story

SIMILARITY_THRESHOLD = 0.25  # first-pass value, replaced by the Stories issue


def cluster_stories(articles: list[Article], links: list[ReuseLink]) -> list[Story]:
    """Group articles: records with a `story` field keep it; the rest by TF-IDF similarity."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    groups: dict[str, list[str]] = {}
    free = [a for a in articles if not a.story_hint]
    for article in articles:
        if article.story_hint:
            groups.setdefault(f"story:{article.story_hint}", []).append(article.id)
    if free:
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
            [f"{a.title}\n{a.text}" for a in free]
        )
        parent = list(range(len(free)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        sims = (matrix @ matrix.T).tocoo()
        for i, j, v in zip(sims.row, sims.col, sims.data):
            if i < j and v >= SIMILARITY_THRESHOLD:
                parent[find(int(j))] = find(int(i))
        for i, article in enumerate(free):
            groups.setdefault(f"group:{find(i)}", []).append(article.id)
    by_id = {a.id: a for a in articles}
    stories = [make_story(ids, by_id) for ids in groups.values()]
    return sorted(stories, key=lambda s: s.id)


def make_story(ids: list[str], by_id: dict[str, Article]) -> Story:
    """A Story for these article ids: stable id, headline and time span."""
    ids = sorted(ids)
    dates = sorted(d for d in (by_id[i].published for i in ids) if d)
    return Story(
        id=f"s-{ids[0]}",
        articles=ids,
        headline=by_id[ids[0]].title,
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
    )
