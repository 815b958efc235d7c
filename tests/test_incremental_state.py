"""Incremental state in the database (issue 18, item 1): each batch stores what the indexes keep of
its articles, and the next ingest restores the indexes from it without reading any stored text again."""

from __future__ import annotations

import duckdb
from test_resume import BATCH, write_corpus

from crosswire.engine.incremental import ingest_paths
from crosswire.settings import Settings
from crosswire.store import stored_index
from crosswire.store.db import open_store
from crosswire.stories.stream import StreamState

FAST = Settings(semantic=False)


def _split(tmp_path, head_lines: int):
    """The resume corpus cut in two files: the first ``head_lines`` reports, then the rest."""
    corpus = write_corpus(tmp_path / "corpus")
    lines = corpus.read_text().splitlines(keepends=True)
    head, tail = tmp_path / "head.jsonl", tmp_path / "tail.jsonl"
    head.write_text("".join(lines[:head_lines]))
    tail.write_text("".join(lines[head_lines:]))
    return head, tail, len(lines)


def test_every_stored_article_has_its_keys_and_the_vocabulary_covers_their_terms(tmp_path):
    head, tail, total = _split(tmp_path, 30)
    db = tmp_path / "news.duckdb"
    ingest_paths(db, [str(head)], FAST, batch_size=BATCH)
    ingest_paths(db, [str(tail)], FAST, batch_size=BATCH)
    with open_store(db, read_only=True) as store:
        keys, vocabulary = store.stored_keys(), store.vocabulary()
        assert set(keys) == {a.id for a in store.all_articles()} and len(keys) == total
    assert sorted(vocabulary.values()) == list(range(len(vocabulary)))
    assert max(int(k.terms.terms.max()) for k in keys.values() if len(k.terms.terms)) < len(vocabulary)
    assert all(k.candidates.words is not None and len(k.sentences) >= 1 for k in keys.values())


def test_a_second_ingest_reads_no_stored_text_again(tmp_path, monkeypatch):
    head, tail, total = _split(tmp_path, 40)
    db = tmp_path / "news.duckdb"
    ingest_paths(db, [str(head)], FAST, batch_size=BATCH)
    measured, keyed = [], []
    measure, keys = StreamState.measure, stored_index.candidate_and_sentence_keys
    monkeypatch.setattr(StreamState, "measure", lambda self, a: measured.append(a.id) or measure(self, a))
    monkeypatch.setattr(stored_index, "candidate_and_sentence_keys", lambda a: keyed.append(a.id) or keys(a))
    result = ingest_paths(db, [str(tail)], FAST, batch_size=BATCH)
    assert sorted(measured) == sorted(keyed) == sorted(result.added) and len(result.added) == total - 40


def test_a_file_written_without_keys_gains_them_and_ends_as_one_written_with_them(tmp_path):
    head, tail, _ = _split(tmp_path, 24)
    kept, older = tmp_path / "kept.duckdb", tmp_path / "older.duckdb"
    for db in (kept, older):
        ingest_paths(db, [str(head)], FAST, batch_size=BATCH)
    con = duckdb.connect(str(older))
    for table in ("article_keys", "vocabulary", "furniture"):  # as a file written before they were kept
        con.execute(f"DROP TABLE {table}")
    con.close()
    for db in (kept, older):
        ingest_paths(db, [str(tail)], FAST, batch_size=BATCH)
    with open_store(kept, read_only=True) as a, open_store(older, read_only=True) as b:
        assert a.snapshot() == b.snapshot()
        assert set(a.snapshot()) >= {"article_keys", "vocabulary", "furniture"}


def test_a_second_ingest_reads_only_the_stored_articles_its_batch_needs(tmp_path, monkeypatch):
    """Stored texts are read on demand (store.on_demand): the candidates of the new articles and
    the stories they touch, never the whole collection; and the stories end as one ingest of all."""
    from crosswire.store.db import Store

    head, tail, _ = _split(tmp_path, 40)
    db, whole = tmp_path / "news.duckdb", tmp_path / "whole.duckdb"
    ingest_paths(db, [str(head)], FAST, batch_size=BATCH)
    read: set[str] = set()
    articles, mates = Store.articles, Store.story_mates
    monkeypatch.setattr(Store, "all_articles", lambda self: (_ for _ in ()).throw(AssertionError("read all")))
    monkeypatch.setattr(Store, "articles", lambda self, ids: read.update(found := articles(self, ids)) or found)
    monkeypatch.setattr(Store, "story_mates", lambda self, i: read.update(found := mates(self, i)) or found)
    late = tmp_path / "late.jsonl"
    late.write_text(tail.read_text().splitlines(keepends=True)[-1])  # one report
    ingest_paths(db, [str(late)], FAST, batch_size=BATCH)
    assert 0 < len(read) < 40
    monkeypatch.undo()
    ingest_paths(whole, [str(head), str(late)], FAST, batch_size=BATCH)
    with open_store(db, read_only=True) as split, open_store(whole, read_only=True) as one:
        assert split.snapshot()["stories"] == one.snapshot()["stories"]
