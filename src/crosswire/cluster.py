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
            groups.setdefault(f"hint-{article.story_hint}", []).append(article.id)
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
    stories = []
    for key, ids in groups.items():
        story = make_story(ids, by_id)
        if key.startswith("hint-"):
            story.id = f"s-{key}"
        stories.append(story)
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


def add_articles(stories: list[Story], new_articles: list[Article], by_id: dict[str, Article],
                 links: list[ReuseLink]) -> tuple[list[Story], set[str]]:
    """Incremental clustering: new articles join existing stories or open new ones.

    ``by_id`` must hold every article, old and new. Returns the updated list of stories and the
    ids of the stories that changed or were created (only those need recomputing). Story ids of
    stories that gain articles stay the same.
    First pass: a new article joins the story whose articles it is most similar to.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    stories = list(stories)
    touched: set[str] = set()
    for article in new_articles:
        target = None
        if article.story_hint:
            target = next((s for s in stories if s.id == f"s-hint-{article.story_hint}"), None)
        elif stories:
            docs = [f"{article.title}\n{article.text}"] + [
                "\n".join(by_id[i].text for i in s.articles) for s in stories]
            matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(docs)
            sims = (matrix[1:] @ matrix[0].T).toarray().ravel()
            best = int(sims.argmax())
            target = stories[best] if sims[best] >= SIMILARITY_THRESHOLD else None
        if target is None:
            new = make_story([article.id], by_id)
            if article.story_hint:
                new.id = f"s-hint-{article.story_hint}"
            stories.append(new)
            touched.add(new.id)
        else:
            updated = make_story(target.articles + [article.id], by_id)
            target.articles, target.first_published, target.last_published = (
                updated.articles, updated.first_published, updated.last_published)
            touched.add(target.id)
    return stories, touched
