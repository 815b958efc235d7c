"""Issue 17 item 2: cost stays bounded on repetitive input (the speed targets live in
benchmarks/adversarial.py; these tests pin the behaviour that keeps it bounded)."""

from __future__ import annotations

import random

import pytest

from crosswire.engine.local import complete_story
from crosswire.records import Article, OriginGroup, Story
from crosswire.settings import Settings
from crosswire.stories import reading
from crosswire.stories.reading import reading_sample

_TOWNS = ["Aldmoor", "Brackwell", "Corrin Bay", "Dunmere", "Elsfield", "Farrowgate", "Glenhollow"]


def _article(n: int, town: str, day: int) -> Article:
    """A short fictional flood report from ``town``; each town's reports share their wording."""
    return Article(id=f"a{n:02d}", source_path=f"a{n:02d}.txt", title=f"Flooding in {town}",
                   text=(f"Flood water reached the centre of {town} on Monday, the council said. "
                         f"About {20 + n} homes in {town} were evacuated overnight. Mayor Ruth Halden "
                         f"said the river rose faster than in any year since 1998."),
                   published=f"2031-03-{day:02d}")


def _story_articles() -> tuple[list[Article], list[OriginGroup]]:
    """Twelve reports in four origin groups of unequal size (the biggest one holds six copies)."""
    plan = [("Aldmoor", 6), ("Brackwell", 3), ("Corrin Bay", 2), ("Dunmere", 1)]
    articles, origins, n = [], [], 0
    for town, copies in plan:
        group = []
        for k in range(copies):
            articles.append(_article(n, town, 10 + (n * 7) % 5))
            group.append(articles[-1].id)
            n += 1
        origins.append(OriginGroup(articles=group))
    return articles, origins


def test_a_story_within_the_cap_is_read_whole():
    articles, origins = _story_articles()
    assert len(articles) <= reading.MAX_STORY_READING
    assert reading_sample(articles, origins) == articles


def test_a_large_story_is_read_one_origin_at_a_time(monkeypatch):
    monkeypatch.setattr(reading, "MAX_STORY_READING", 6)
    articles, origins = _story_articles()
    sample = reading_sample(articles, origins)
    assert len(sample) == 6
    by_id = {a.id: a for a in articles}
    # every origin group speaks, through its earliest article, before any group speaks twice
    for group in origins:
        earliest = min(group.articles, key=lambda i: (by_id[i].published, i))
        assert by_id[earliest] in sample
    per_group = [sum(a.id in group.articles for a in sample) for group in origins]
    assert per_group == [2, 1, 2, 1]  # second turns go to the groups first heard earliest (Aldmoor, Corrin Bay)
    # the sample keeps the story's article order
    assert [a.id for a in sample] == sorted(a.id for a in sample)


def test_the_sample_does_not_depend_on_the_order_articles_arrive_in(monkeypatch):
    monkeypatch.setattr(reading, "MAX_STORY_READING", 5)
    articles, origins = _story_articles()
    expected = {a.id for a in reading_sample(articles, origins)}
    for seed in range(5):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        groups = [OriginGroup(articles=random.Random(seed).sample(g.articles, len(g.articles))) for g in origins]
        assert {a.id for a in reading_sample(shuffled, groups)} == expected


def test_articles_outside_every_origin_group_count_as_their_own_source(monkeypatch):
    monkeypatch.setattr(reading, "MAX_STORY_READING", 4)
    articles, origins = _story_articles()
    sample = reading_sample(articles, origins[:1])  # only the six Aldmoor copies are grouped
    aldmoor = [a for a in sample if "Aldmoor" in a.title]
    assert len(sample) == 4 and len(aldmoor) == 1  # one of the six grouped copies, then three lone articles


def test_a_large_story_keeps_every_article_and_cites_only_the_sample(monkeypatch):
    monkeypatch.setattr(reading, "MAX_STORY_READING", 5)
    articles, _ = _story_articles()
    by_id = {a.id: a for a in articles}
    story = complete_story(Story(id="s-a00", articles=[a.id for a in articles]), by_id, [], Settings())
    read = {a.id for a in reading_sample(articles, story.origins)}
    assert len(read) == 5
    assert sorted(i for group in story.origins for i in group.articles) == sorted(by_id)  # origins stay whole
    cited = {i for sentence in story.briefing for i in sentence.sources}
    cited |= {i for fact in story.facts for value in fact.values for i in value.articles}
    cited |= {i for entity in story.entities for i in entity.articles}
    assert cited and cited <= read
    from crosswire.report.writers import story_markdown
    assert "facts and briefing read from 5 of them" in story_markdown(story, by_id)  # the reader is told
    from crosswire.web.render import counts_line
    assert "read from 5 of them" in counts_line(story)  # on the web page too


def _ingest_snapshot(tmp_path, name: str, monkeypatch) -> dict:
    """Ingest the resume tests' corpus (batches of 6) with an empty embedding cache; the stored rows."""
    from collections import OrderedDict

    from test_resume import write_corpus

    from crosswire import embeddings
    from crosswire.engine.incremental import ingest_paths
    from crosswire.store.db import open_store

    monkeypatch.setattr(embeddings, "_CACHE", OrderedDict())
    db = tmp_path / f"{name}.duckdb"
    ingest_paths(db, [str(write_corpus(tmp_path / "corpus"))], batch_size=6)
    with open_store(db, read_only=True) as opened:
        return opened.snapshot()


def test_ingest_embeds_ahead_without_changing_what_is_stored(tmp_path, monkeypatch):
    from crosswire import embeddings
    from crosswire.engine import incremental

    calls: list[int] = []
    real_embed = embeddings.embed
    monkeypatch.setattr(embeddings, "embed", lambda texts: calls.append(len(texts)) or real_embed(texts))
    ahead = _ingest_snapshot(tmp_path, "ahead", monkeypatch)
    assert calls and calls[0] > 6  # one call for the whole run's articles, before the first batch of 6
    monkeypatch.setattr(incremental, "prefetch_vectors", lambda articles: None)
    calls.clear()
    lazily = _ingest_snapshot(tmp_path, "lazily", monkeypatch)
    assert calls and max(calls) <= 6 * 20  # each batch embedded what it needed
    assert lazily == ahead


def test_ingest_batches_grow_with_the_collection():
    from crosswire.engine.incremental import BATCH_GROWTH, DOUBLING_FROM, batch_length

    assert batch_length(50, 0) == 50 and batch_length(50, 99) == 50  # small collections: the batch size asked for
    assert batch_length(50, 199) == 50 and batch_length(20, 120) == int(120 * BATCH_GROWTH)
    assert batch_length(50, 10_000) == 10_000 and batch_length(50, DOUBLING_FROM) == DOUBLING_FROM
    stored, batches, work = 0, 0, 0
    while stored < 10_000:  # a fresh 10,000-article run: few batches, and few large ones
        step = min(batch_length(50, stored), 10_000 - stored)
        stored, batches, work = stored + step, batches + 1, work + stored + step
    assert batches <= 12
    assert work <= 2.5 * stored  # what the batches re-cluster sums to a few runs over the whole collection


@pytest.mark.parametrize("max_batch", [None, 9])  # 9: MAX_BATCH lowered, so that it cuts this small run
def test_ingest_cuts_its_batches_by_the_stored_count(tmp_path, monkeypatch, max_batch):
    from test_resume import write_corpus

    from crosswire.engine import incremental
    from crosswire.engine.incremental import BATCH_GROWTH, batch_length, ingest_paths

    if max_batch:
        monkeypatch.setattr(incremental, "MAX_BATCH", max_batch)
    corpus = write_corpus(tmp_path / "corpus")
    total = len(corpus.read_text().splitlines())
    result = ingest_paths(tmp_path / "c.duckdb", [str(corpus)], Settings(semantic=False), batch_size=4)
    stored, expected = 0, 0
    while stored < total:
        stored, expected = stored + batch_length(4, stored), expected + 1
    assert result.batches == expected < total / 4
    assert max(batch_length(4, n) for n in range(total)) == (max_batch or int((total - 1) * BATCH_GROWTH))


def _completed(articles: list[Article], origins: list[OriginGroup], done: dict | None) -> Story:
    """The story of ``articles`` completed, with reuse links that make these origin groups."""
    from crosswire.records import SAME_ORIGIN_RELATIONS, ReuseLink

    links = sorted((ReuseLink(g.articles[0], i, SAME_ORIGIN_RELATIONS[0], 0.9) for g in origins for i in g.articles[1:]),
                   key=lambda link: (link.a, link.b))
    story = complete_story(Story(id="s-a00", articles=[a.id for a in articles]), {a.id: a for a in articles},
                           links, Settings(), done=done)
    assert sorted(map(sorted, (g.articles for g in story.origins))) == sorted(map(sorted, (g.articles for g in origins)))
    return story


def test_a_story_is_read_again_only_when_its_reading_key_changes(monkeypatch):
    """A large story that gains a copy past its sample keeps its reading (not read again, the same
    result as reading it afresh); a member that enters the sample makes it read again."""
    from crosswire.engine import local

    monkeypatch.setattr(reading, "MAX_STORY_READING", 5)
    reads = []
    resolve = local.entities.resolve_entities
    monkeypatch.setattr(local.entities, "resolve_entities", lambda sample: reads.append(len(sample)) or resolve(sample))
    articles, origins = _story_articles()
    done: dict = {}
    _completed(articles, origins, done)
    assert len(reads) == 1
    late = _article(40, "Aldmoor", 28)  # a later copy of the biggest group: outside the sample
    grown = [OriginGroup(articles=origins[0].articles + [late.id])] + origins[1:]
    kept = _completed(articles + [late], grown, done)
    assert len(reads) == 1  # reused
    assert kept == _completed(articles + [late], grown, None)  # the same as reading it afresh
    early = _article(41, "Elsfield", 1)  # a new source, earliest of all: it enters the sample
    grown.append(OriginGroup(articles=[early.id]))
    again = _completed(articles + [late, early], grown, done)
    assert len(reads) == 3  # read again (and once more afresh above)
    assert again == _completed(articles + [late, early], grown, None)
