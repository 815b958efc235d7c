"""Incremental state in the database (issue 18, item 1): each batch stores what the indexes keep of
its articles, and the next ingest restores the indexes from it without reading any stored text again."""

from __future__ import annotations

import json

import duckdb
from test_resume import BATCH, write_corpus

from crosswire.engine.incremental import ingest_paths
from crosswire.provenance.boilerplate import sentence_key
from crosswire.settings import Settings
from crosswire.store import stored_index
from crosswire.store.db import open_store
from crosswire.stories.stream import StreamState

FAST = Settings(semantic=False)
FOOTER = "Readers can send their news tips to the city desk by mail on any day of the week."


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



def test_a_second_ingest_reads_the_passages_only_of_the_links_of_the_stories_it_touches(tmp_path, monkeypatch):
    """Opening the store reads every link's ends and relation (clustering needs them) but no
    passage; a batch reads whole only the links whose source is a member of a story it touches,
    and its stories and links end as one ingest of all."""
    from crosswire.store.db import Store

    head, tail, _ = _split(tmp_path, 40)
    db, whole = tmp_path / "news.duckdb", tmp_path / "whole.duckdb"
    ingest_paths(db, [str(head)], FAST, batch_size=BATCH)
    with open_store(db, read_only=True) as store:
        stored_links = store.all_links()
    asked: set[str] = set()
    links_from = Store.links_from
    monkeypatch.setattr(Store, "all_links", lambda self: (_ for _ in ()).throw(AssertionError("read all links")))
    monkeypatch.setattr(Store, "links_from", lambda self, ids: asked.update(ids := set(ids)) or links_from(self, ids))
    late = tmp_path / "late.jsonl"
    late.write_text(tail.read_text().splitlines(keepends=True)[-1])  # one report
    ingest_paths(db, [str(late)], FAST, batch_size=BATCH)
    monkeypatch.undo()
    with open_store(db, read_only=True) as store:
        touched = {i for s in store.all_stories() if set(s.articles) & asked for i in s.articles}
    assert stored_links and 0 < len(asked) < 40 and asked == touched  # the touched stories' members only
    ingest_paths(whole, [str(head), str(late)], FAST, batch_size=BATCH)
    with open_store(db, read_only=True) as split, open_store(whole, read_only=True) as one:
        assert split.snapshot()["stories"] == one.snapshot()["stories"]
        assert split.snapshot()["reuse_links"] == one.snapshot()["reuse_links"]


def _kept_and_emptied(tmp_path, table):
    """Two databases holding the first 40 clusters' batch, one with ``table`` emptied (as a file
    written before crosswire kept it); returns the rest of the corpus and the two files."""
    head, tail, _ = _split(tmp_path, 40)
    kept, emptied = tmp_path / "kept.duckdb", tmp_path / "emptied.duckdb"
    for db in (kept, emptied):
        ingest_paths(db, [str(head)], FAST, batch_size=BATCH)
    with open_store(kept, read_only=True) as store:
        assert store.snapshot()[table]
    con = duckdb.connect(str(emptied))
    con.execute(f"DELETE FROM {table}")
    con.close()
    return tail, kept, emptied


def test_a_story_completed_again_reads_its_spacy_labels_from_the_store_and_is_unchanged(tmp_path, monkeypatch,
                                                                                        spacy_parses):
    """A story touched by a later ingest is read again whole; the sentences its entity stage asks
    spaCy about were parsed by an earlier batch and their labels stored (sentence_labels), so they
    are not parsed again, and the story is byte for byte what parsing every sentence afresh gives."""
    from crosswire.facts import nlp

    tail, kept, emptied = _kept_and_emptied(tmp_path, "sentence_labels")
    runs = {}
    for db in (kept, emptied):
        spacy_parses.clear()
        monkeypatch.setattr(nlp, "_cache", {})  # nothing left from the earlier ingests of this process
        ingest_paths(db, [str(tail)], FAST, batch_size=BATCH)
        runs[db] = set(spacy_parses)
    assert runs[kept] < runs[emptied]  # the stored sentences were not parsed again
    with open_store(kept, read_only=True) as a, open_store(emptied, read_only=True) as b:
        assert a.snapshot()["stories"] == b.snapshot()["stories"]
        again = runs[emptied] - runs[kept]
        assert set(a.sentence_labels(again)) == again  # what kept did not parse, it had stored


def test_a_story_completed_again_finds_its_labels_through_its_articles_sentence_keys(tmp_path, monkeypatch,
                                                                                   spacy_parses):
    """Which sentences a story asks spaCy about is found where the story is completed, once; the
    labels stored for them are found through the keys stored per article (article_label_keys),
    without reading any text beforehand. A file without those keys parses the sentences again and
    ends with the same stories, and with the keys then stored."""
    from crosswire.facts import nlp

    tail, kept, emptied = _kept_and_emptied(tmp_path, "article_label_keys")
    with open_store(kept, read_only=True) as store:
        keys, labels = store.article_label_keys(a.id for a in store.all_articles())
        assert keys and set(labels) == {k for found in keys.values() for k in found}
    runs = {}
    for db in (kept, emptied):
        spacy_parses.clear()
        monkeypatch.setattr(nlp, "_cache", {})
        ingest_paths(db, [str(tail)], FAST, batch_size=BATCH)
        runs[db] = set(spacy_parses)
    assert runs[kept] < runs[emptied]
    with open_store(kept, read_only=True) as a, open_store(emptied, read_only=True) as b:
        assert a.snapshot()["stories"] == b.snapshot()["stories"]
        assert a.snapshot()["article_label_keys"]


def test_stored_aligner_profiles_hold_for_the_current_boilerplate_and_change_no_link(tmp_path, monkeypatch):
    """A stored article paired again with a new one is aligned from its stored profile
    (article_profiles), which must be the profile made afresh with the boilerplate known now: the
    ingest drops those whose sentences' verdict changed. Links and stories are those of an ingest
    that profiles every article again."""
    from crosswire.provenance import align

    head, tail, _ = _split(tmp_path, 40)
    # One line under reports of unrelated events: two in the first ingest (too few to be judged
    # boilerplate), three more in the second, which makes it boilerplate there, so the stored
    # profiles of the first two no longer hold.
    for path, lines in ((head, (0, 7)), (tail, (2, 9, 16))):
        records = [json.loads(line) for line in path.read_text().splitlines()]
        for k in lines:
            records[k]["text"] += " " + FOOTER
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
    kept, emptied = tmp_path / "kept.duckdb", tmp_path / "emptied.duckdb"
    for db in (kept, emptied):
        ingest_paths(db, [str(head)], FAST, batch_size=BATCH)
    with open_store(kept, read_only=True) as store:
        assert sentence_key(FOOTER) not in store.furniture()
    con = duckdb.connect(str(emptied))
    con.execute("DELETE FROM article_profiles")  # as a file written before the profiles were kept
    con.close()
    profiled: dict[str, list[str]] = {}
    made = align.profile
    for db in (kept, emptied):
        profiled[db.name] = []
        monkeypatch.setattr(align, "profile", lambda i, *rest, db=db: profiled[db.name].append(i) or made(i, *rest))
        ingest_paths(db, [str(tail)], FAST, batch_size=BATCH)
    assert len(profiled["kept.duckdb"]) < len(profiled["emptied.duckdb"])
    with open_store(kept, read_only=True) as a, open_store(emptied, read_only=True) as b:
        assert a.snapshot()["reuse_links"] == b.snapshot()["reuse_links"]
        assert a.snapshot()["stories"] == b.snapshot()["stories"]
        furniture, rows = frozenset(a.furniture()), a.snapshot()["article_profiles"]
        assert sentence_key(FOOTER) in furniture and len(rows) > 40
        texts = {article.id: article.text for article in a.all_articles()}
        stored = a.profiles(texts)
        assert all(stored[i] == made(i, texts[i], furniture) for i in stored)


def test_batches_completed_and_aligned_in_worker_processes_store_what_one_process_stores(tmp_path, monkeypatch):
    """A batch touching many stories completes them in worker processes, and one with many
    candidate pairs aligns them there (as analyze does); every table (stories, links, spaCy labels,
    aligner profiles) is what doing it all in this process stores."""
    from crosswire.engine import local
    from crosswire.provenance import reuse

    head, tail, _ = _split(tmp_path, 30)
    calls = []
    real = local.map_in_workers
    monkeypatch.setattr(local, "map_in_workers", lambda f, jobs, workers, pool=None, name="", here=None:
                        calls.append((f.__name__, len(jobs))) or real(f, jobs, workers, pool, name, here))
    monkeypatch.setattr("crosswire.engine.local.STORY_BATCH", 4)  # several jobs from a small corpus
    monkeypatch.setattr(reuse, "ALIGN_JOB_PAIRS", 2)
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    for db, workers in ((one, 1), (two, 2)):
        for part in (head, tail):
            ingest_paths(db, [str(part)], Settings(semantic=False, workers=workers), batch_size=BATCH)
    assert {name for name, jobs in calls if jobs > 1} == {"_run_group_job", "_run_align_job"}
    with open_store(one, read_only=True) as a, open_store(two, read_only=True) as b:
        assert a.snapshot() == b.snapshot()
        assert all(a.snapshot()[t] for t in ("stories", "reuse_links", "sentence_labels", "article_profiles"))


def _statements_as_data(statements):
    """Statements as comparable tuples of every field (Statement is a mutable dataclass)."""
    from dataclasses import astuple

    return [astuple(s) for s in statements]


def test_stored_statements_read_back_field_for_field():
    """A sentence's statements stored as JSON (sentence_statements) come back equal to those found:
    figures, ages, days, quotes and places, with their Quantity and TimeRef values."""
    from datetime import date

    from crosswire.facts.entities import alias_index
    from crosswire.facts.statements import KnownStatements, sentence_statements
    from crosswire.records import Entity

    names = alias_index([Entity("Marla Vell", "PERSON", ["Vell"]), Entity("Kestrin", "GPE")])
    sentences = ['Marla Vell, 42, said on Monday that 1,200 people were evacuated from Kestrin.',
                 '"We expect about 30% more rain by 6 p.m.," Vell told reporters in Kestrin on May 3, 2024.',
                 'The 18-ton barge sank near Kestrin, killing at least seven of the 12 crew.']
    for sentence in sentences:
        found = sentence_statements(sentence, "", date(2024, 5, 4), names)
        assert found
        looked_up = (("marla vell", ("Marla Vell", "PERSON")), ("nobody", None))
        back, = stored_index.statements_from_json(stored_index.statements_json([KnownStatements(sentence, looked_up, found)]))
        assert back.sentence == sentence and back.names == looked_up
        assert _statements_as_data(back.statements) == _statements_as_data(found)


def test_a_remembered_sentence_is_read_again_when_the_story_resolves_its_names_differently():
    """The statements memo gives a sentence's stored statements only while the story's names
    resolve each name they looked up alike: a story where "Zorvan" is a place, not a person, reads
    the sentence again and gets what a fresh reading gives."""
    from crosswire.facts.entities import alias_index
    from crosswire.facts.statements import article_statements, remembered_statements
    from crosswire.records import Article, Entity

    article = Article(id="a1", title="Storm", text="Zorvan, 61, said 40 homes in Kestrin lost power on Monday.",
                      published="2024-05-04")
    as_person = alias_index([Entity("Zorvan", "PERSON"), Entity("Kestrin", "GPE")])
    as_place = alias_index([Entity("Zorvan", "GPE"), Entity("Kestrin", "GPE")])
    with remembered_statements({}) as memo:
        first = article_statements(article, as_person)
    assert list(memo.made) == ["a1"] and [known.sentence for known in memo.made["a1"]] == [article.text]
    for names in (as_person, as_place):
        with remembered_statements(memo.made) as again:
            remembered = article_statements(article, names)
        assert _statements_as_data(remembered) == _statements_as_data(article_statements(article, names))
        assert not again.made  # a stored reading is kept, never replaced
    assert _statements_as_data(first) != _statements_as_data(article_statements(article, as_place))


def test_a_story_completed_again_reads_its_older_sentences_statements_from_the_store_and_is_unchanged(
        tmp_path, monkeypatch):
    """A story touched by a later ingest is read again whole; its older articles were read by an
    earlier batch and their statements stored (article_statements), so the fact stage reads fewer
    sentences, and the stories are byte for byte those of reading every sentence afresh."""
    from crosswire.facts import statements

    tail, kept, emptied = _kept_and_emptied(tmp_path, "article_statements")
    read = statements.sentence_statements
    runs = {}
    for db in (kept, emptied):
        counted: list[str] = []
        monkeypatch.setattr(statements, "sentence_statements", lambda s, *rest: counted.append(s) or read(s, *rest))
        ingest_paths(db, [str(tail)], FAST, batch_size=BATCH)
        runs[db] = len(counted)
    assert runs[kept] < runs[emptied]
    with open_store(kept, read_only=True) as a, open_store(emptied, read_only=True) as b:
        assert a.snapshot()["stories"] == b.snapshot()["stories"]


def test_statements_stored_by_other_rules_are_never_read_back(tmp_path):
    """A database whose statements were found by another version of the fact rules (an upgraded
    crosswire) gives none back, and the next batch replaces them with this version's."""
    from crosswire.facts.statements import statements_version

    head, tail, _ = _split(tmp_path, 40)
    db = tmp_path / "old.duckdb"
    ingest_paths(db, [str(head)], FAST, batch_size=BATCH)
    with open_store(db, read_only=True) as store:
        stored = store.snapshot()["article_statements"]
        assert stored and store.article_statements([row[0] for row in stored])
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = 'older-rules' WHERE key = 'statements'")
    con.close()
    with open_store(db, read_only=True) as store:
        assert store.article_statements([row[0] for row in stored]) == {}
    ingest_paths(db, [str(tail)], FAST, batch_size=BATCH)
    con = duckdb.connect(str(db))
    assert con.execute("SELECT value FROM meta WHERE key = 'statements'").fetchone()[0] == statements_version()
    con.close()


def test_the_sentence_keys_of_many_articles_are_found_in_two_queries(tmp_path, monkeypatch):
    """A late ingest batch completes groups of hundreds of grown stories' articles, and each group
    asks for its members' stored sentence keys and their labels. The ids and keys go to DuckDB as
    one list each, whatever their number: a parameter per id on this table (whose rows hold lists)
    cost ~25x the time, most of the main process's reading in such a batch."""
    from crosswire.store.db import Store

    sentences = {f"vh-{n}": f"Warden Olla Pertenen opened the Varnholm footbridge number {n}." for n in range(2500)}
    labels = {s: (("Olla Pertenen", "PERSON"), ("Varnholm", "GPE")) for s in sentences.values()}
    index = stored_index.IndexRows(labels=labels,
                                   label_keys={i: [stored_index.label_key(s)] for i, s in sentences.items()})
    db = tmp_path / "labels.duckdb"
    with open_store(db) as store:
        store.write_batch([], [], [], {}, index=index)
    queries = []
    rows = Store._rows
    monkeypatch.setattr(Store, "_rows", lambda self, sql, params=(): queries.append(len(params)) or rows(self, sql, params))
    with open_store(db, read_only=True) as store:
        queries.clear()
        keys, found = store.article_label_keys(["vh-7", "vh-missing", *sentences])
    assert queries == [1, 1]  # one query for the keys, one for their labels, each with one list parameter
    assert keys == {i: [stored_index.label_key(s)] for i, s in sentences.items()}
    assert found == {stored_index.label_key(s): stored_index.labels_json(labels[s]) for s in sentences.values()}
