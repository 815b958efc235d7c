"""DuckDB's memory cap and the size of a write (issue 18): a batch's transaction must fit the cap.

DuckDB keeps the key (ART) indexes that a write loads, and those of its new rows, in memory under
its memory_limit, unevictable: a fixed cap bounds how large a batch, and how large a collection,
a write can go to. The store's cap grows with the file (STORE_FILE_SHARE) and a batch holds at most
MAX_BATCH articles. These tests show the mechanism at a small scale, under a lowered cap.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from crosswire.errors import StoreError
from crosswire.records import Article, OriginGroup, Passage, ReuseLink, Story
from crosswire.store import db as store_db
from crosswire.store import stored_index
from crosswire.store.db import open_store

_WORDS = ("Kestrin Zorvan harbour council vote ferry lantern festival river bridge " * 40).split()


def _article(n: int) -> Article:
    """A fictional article of 300 words whose text differs from every other's."""
    start = (n * 7) % 50
    return Article(id=f"k{n % 9}-{n // 9}-{n % 4}", source_path="feed.jsonl", title=" ".join(_WORDS[:12]),
                   text=" ".join(_WORDS[start:start + 300]) + f" {n}", published="2031-03-04T10:00:00", language="en")


def _batch(first: int, count: int, stories: list[tuple[int, list[str]]]) -> dict:
    """write_batch's arguments for articles first..first+count: rows of the shapes an ingest writes
    (three reuse links, a vector, a term and the statements an article; the stories given rewritten)."""
    articles = [_article(n) for n in range(first, first + count)]
    rng = np.random.default_rng(first)
    links = [ReuseLink(articles[k].id, articles[k + j].id, "edited", 0.8, [Passage((0, 120), (10, 131))])
             for k in range(count - 3) for j in (1, 2, 3)]
    made = [Story(id=f"s{seq:07d}", articles=ids, headline="Zorvan council votes", origins=[OriginGroup(ids)])
            for seq, ids in stories]
    index = stored_index.IndexRows(
        vocabulary=[(n, f"term{n}") for n in range(first, first + count)],
        vectors={a.id: rng.random(384, dtype=np.float32) for a in articles},
        statements={a.id: "[" + ", ".join(['{"s": "Kestrin said 12"}'] * 40) + "]" for a in articles})
    return {"articles": [(a, hashlib.sha256(a.text.encode()).hexdigest()) for a in articles], "links": links,
            "stories": made, "story_seq": {s.id: seq for s, (seq, _) in zip(made, stories, strict=True)}, "index": index}


# The stored collection, made in SQL (fast), rows of the shapes _batch writes plus the articles'
# index keys and aligner profiles; ids as _article makes them.
_ID = "'k' || (i % 9) || '-' || (i // 9) || '-' || (i % 4)"
_COLLECTION = [
    f"""INSERT INTO articles SELECT {_ID}, sha256('kestrin-' || i), i + 1, 'feed.jsonl', 'Zorvan council votes',
        repeat('Kestrin harbour ferry ', 100) || i, NULL, NULL, NULL, '2031-03-04T10:00:00', [], 'en', [], NULL
        FROM range(?) r(i)""",
    f"""INSERT INTO reuse_links SELECT {_ID}, replace({_ID}, 'k', 'j') || '-' || j, 'edited', 0.8,
        '[[[0, 120], [10, 131]]]' FROM range(?) r(i), range(3) q(j)""",
    """INSERT INTO stories SELECT 's' || lpad(i::VARCHAR, 7, '0'), i, 'Zorvan council votes', NULL, NULL, 7, 1,
        'zorvan council votes', 'kestrin', '{}' FROM range(0, ?, 7) r(i)""",
    f"INSERT INTO story_articles SELECT {_ID}, 's' || lpad((i // 7 * 7)::VARCHAR, 7, '0'), i % 7 FROM range(?) r(i)",
    "INSERT INTO vocabulary SELECT i, 'term' || i FROM range(?) r(i)",
    f"INSERT INTO vectors SELECT {_ID}, encode(repeat(chr(65 + (i % 26)::INTEGER), 1536)) FROM range(?) r(i)",
    f"INSERT INTO article_keys (article_id, word_sig) SELECT {_ID}, encode(repeat('w', 1024)) FROM range(?) r(i)",
    f"INSERT INTO article_profiles SELECT {_ID}, repeat('p', 800) FROM range(?) r(i)",
    f"INSERT INTO article_statements SELECT {_ID}, repeat('s', 1000) FROM range(?) r(i)",
]


def _collection(path, stored: int) -> list[str]:
    """A database of ``stored`` articles in stories of 7; their ids."""
    with open_store(path) as store:
        cur = store._cursor()
        for sql in _COLLECTION:
            cur.execute(sql, [stored])
    return [_article(n).id for n in range(stored)]


def _joining(ids: list[str], new: int) -> dict:
    """A batch of ``new`` articles, each joining a stored story of 7 (which is rewritten)."""
    first = len(ids)
    return _batch(first, new, [(7 * k, ids[7 * k:7 * k + 7] + [_article(first + k).id]) for k in range(new)])


def _limit(store) -> str:
    return store._cursor().execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_a_fixed_cap_bounds_the_collection_a_write_can_go_to_and_a_growing_cap_does_not(tmp_path, monkeypatch):
    small, large = tmp_path / "small.duckdb", tmp_path / "large.duckdb"
    few, many = _collection(small, 3500), _collection(large, 35_000)
    monkeypatch.setattr(store_db, "STORE_MEMORY_MB", 32)  # a lowered cap, so that a small test reaches it
    monkeypatch.setattr(store_db, "STORE_FILE_SHARE", 0.0)  # a fixed cap
    with open_store(small) as store:
        store.write_batch(**_joining(few, 500))  # the same batch into a small collection commits
    with open_store(large) as store, pytest.raises(StoreError, match="nothing from this batch was stored"):
        store.write_batch(**_joining(many, 500))  # the key indexes the write loads do not fit
    with open_store(large) as store:
        assert store.stats().articles == 35_000  # the failed batch left nothing
    monkeypatch.setattr(store_db, "STORE_FILE_SHARE", 2.0)  # the cap grows with the file: the batch commits
    with open_store(large) as store:
        assert float(_limit(store).split()[0]) > 32
        store.write_batch(**_joining(many, 500))
        assert store.stats().articles == 35_500


def test_the_cap_is_the_floor_or_a_share_of_the_file_and_agreed_by_one_processs_stores(tmp_path, monkeypatch):
    path = tmp_path / "c.duckdb"
    _collection(path, 700)
    with open_store(path) as store:
        assert _limit(store) == "244.1 MiB"  # 256 MB, as DuckDB prints it: a small file gets the floor
    monkeypatch.setattr(store_db, "STORE_FILE_SHARE", 100.0)
    size = path.stat().st_size
    with open_store(path) as first:
        grown = _limit(first)
        assert store_db._memory_limit(str(path)) == max(256, -(-size * 100 // 2**20))
        monkeypatch.setattr(store_db, "STORE_FILE_SHARE", 0.25)  # a later open in this process keeps the first's cap
        with open_store(path) as second:
            assert _limit(second) == grown != "244.1 MiB"
            assert second.stats().articles == 700
    assert str(path.resolve()) not in store_db._memory_limits  # every hold given back
    with open_store(path) as store:
        assert _limit(store) == "244.1 MiB"


def test_a_failed_open_gives_its_hold_back(tmp_path):
    import duckdb

    bad = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(bad)) as con:  # a DuckDB file that is not crosswire's: refused once opened
        con.execute("CREATE TABLE notes (k VARCHAR); CREATE VIEW zorvan AS SELECT * FROM notes")
    with pytest.raises(StoreError, match="not a crosswire database"):
        open_store(bad)
    assert str(bad.resolve()) not in store_db._memory_limits


def test_a_batch_never_holds_more_than_max_batch_articles():
    from crosswire.engine.incremental import MAX_BATCH, batch_length

    assert batch_length(50, MAX_BATCH // 2) == MAX_BATCH // 2  # below it, batches double as before
    assert batch_length(50, 10 * MAX_BATCH) == MAX_BATCH
    assert batch_length(10 * MAX_BATCH, 0) == MAX_BATCH  # a batch size asked for beyond it too
    stored, lengths = 0, []
    while stored < 150_000:  # one ingest of 150,000 articles into an empty database
        lengths.append(min(batch_length(50, stored), 150_000 - stored))
        stored += lengths[-1]
    assert max(lengths) == MAX_BATCH and len(lengths) < 25
