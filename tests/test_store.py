"""The DuckDB store: dedupe by content, incremental ingest, consistency after a kill, CLI commands."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.engine.incremental import ingest_paths
from crosswire.errors import StoreError
from crosswire.records import BriefingSentence, Entity, Fact, FactValue, OriginGroup, Passage, ReuseLink, Story
from crosswire.report.writers import story_to_dict
from crosswire.settings import Settings
from crosswire.store.db import open_store, story_from_dict

FIXTURES = Path(__file__).parent / "fixtures" / "store"


def _corpus(tmp_path: Path, *names: str) -> Path:
    """A folder holding copies of the named fixture files."""
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def test_ingest_stores_articles_and_consistent_stories(tmp_path):
    db = tmp_path / "c.duckdb"
    result = ingest_paths(db, [str(_corpus(tmp_path, "harbour_wire.txt", "harbour_copy.txt", "festival.jsonl"))])
    assert sorted(result.added) == ["harbour_copy", "harbour_wire", "lantern-1", "lantern-2"]
    with open_store(db, read_only=True) as store:
        assert store.check() == []
        stories = store.all_stories()
        assert sorted(a for s in stories for a in s.articles) == sorted(result.added)
        lantern = store.story("s-hint-lantern")
        assert lantern is not None and lantern.articles == ["lantern-1", "lantern-2"]
        # the API's story JSON is exactly the contract object of the rebuilt record
        assert json.loads(store.story_json(lantern.id)) == story_to_dict(lantern)
        assert store.article("lantern-2").published == "2031-09-13T08:30:00"


def _memory_limit(store) -> str:
    """DuckDB's memory_limit setting of an open store, as DuckDB prints it."""
    return store._cursor().execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_every_store_caps_duckdbs_memory_alike(tmp_path):
    from crosswire.store import db as store_module

    db = tmp_path / "c.duckdb"
    ingest_paths(db, [str(_corpus(tmp_path, "harbour_wire.txt", "festival.jsonl"))])
    with open_store(db) as writer, open_store(db) as second:  # one process's connections must agree on it
        assert store_module.STORE_MEMORY_MB == 256
        assert _memory_limit(writer) == _memory_limit(second) == "244.1 MiB"  # DuckDB prints 256 MB in MiB
        assert second.all_stories()


def test_same_content_twice_is_stored_once(tmp_path):
    folder = _corpus(tmp_path, "festival.jsonl", "harbour_wire.txt")
    shutil.copy(folder / "harbour_wire.txt", folder / "renamed_copy.txt")  # same bytes, other name
    db = tmp_path / "c.duckdb"
    first = ingest_paths(db, [str(folder)])
    assert "renamed_copy" not in first.added and len(first.duplicates) == 1
    with open_store(db, read_only=True) as store:
        before = store.snapshot()
    again = ingest_paths(db, [str(folder)])
    assert again.added == [] and len(again.duplicates) == 4
    with open_store(db, read_only=True) as store:
        assert store.snapshot() == before


def test_existing_id_with_other_content_gets_a_suffix(tmp_path):
    db = tmp_path / "c.duckdb"
    ingest_paths(db, [str(_corpus(tmp_path, "harbour_wire.txt"))])
    other = tmp_path / "other" / "harbour_wire.txt"
    other.parent.mkdir()
    other.write_text("Ferry timetable changes\n\nThe Kelmare ferry will run every 40 minutes from June, "
                     "the operator Brightwater Lines said on Monday.\n")
    result = ingest_paths(db, [str(other)])
    assert result.renamed == [("harbour_wire", "harbour_wire~2")]
    with open_store(db, read_only=True) as store:
        assert store.article("harbour_wire~2").title == "Ferry timetable changes"
        assert store.check() == []


def test_incremental_ingest_recomputes_only_touched_stories(tmp_path):
    db = tmp_path / "c.duckdb"
    ingest_paths(db, [str(_corpus(tmp_path, "harbour_wire.txt", "festival.jsonl"))])
    with open_store(db, read_only=True) as store:
        harbour = next(s.id for s in store.all_stories() if "harbour_wire" in s.articles)
        harbour_json = store.story_json(harbour)
    extra = tmp_path / "late.jsonl"
    extra.write_text(json.dumps({"id": "lantern-3", "title": "Lantern festival clean-up", "story": "lantern",
                                 "published": "2031-09-14", "text": "Volunteers cleared the river Tamsel of "
                                 "spent lanterns on Sunday after Velmora's festival."}) + "\n")
    result = ingest_paths(db, [str(extra)])
    assert result.added == ["lantern-3"] and result.touched_stories == 1
    with open_store(db, read_only=True) as store:
        lantern = store.story("s-hint-lantern")
        assert lantern.articles == ["lantern-1", "lantern-2", "lantern-3"]
        assert lantern.last_published == "2031-09-14"
        assert store.story_json(harbour) == harbour_json  # untouched story: row not rewritten
        assert store.check() == []


def test_story_from_dict_round_trips_the_contract_object():
    story = Story(
        id="s-x", articles=["a", "b"], headline="Bridge <closed>", first_published="2031-01-01",
        last_published="2031-01-02", origins=[OriginGroup(["a", "b"], original="a", agency="Norwire")],
        reuse=[ReuseLink("a", "b", "edited", 0.91234, [Passage((0, 10), (3, 13))])],
        entities=[Entity("Ilse Brandvik", "PERSON", ["Brandvik"], ["a", "b"])],
        facts=[Fact("workers injured", "disputed", 2, [FactValue("9", "9 hurt", ["a"]), FactValue("8", "8", ["b"])],
                    kind="figure")],
        briefing=[BriefingSentence("A crane fell.", ["a", "b"])], disputed=["workers injured: 9 (a); 8 (b)"],
        single_source=["x"])
    data = story_to_dict(story)
    assert story_to_dict(story_from_dict(json.loads(json.dumps(data)))) == data


def _prepared(tmp_path: Path) -> Path:
    """A database written straight through the store (no pipeline): three dated stories."""
    from crosswire.records import Article

    db = tmp_path / "p.duckdb"
    arts = [Article(f"a{i}", "x", f"Title {i}", f"Text about topic{i} and the harbour.", published=f"2031-0{i}-10")
            for i in range(1, 4)]
    stories = [Story(f"s{i}", [f"a{i}"], headline=f"Headline {i}", first_published=f"2031-0{i}-10",
                     last_published=f"2031-0{i}-10", origins=[OriginGroup([f"a{i}"])],
                     entities=[Entity(f"Person{i}", "PERSON", [f"Alias{i}"], [f"a{i}"])]) for i in range(1, 4)]
    with open_store(db) as store:
        store.write_batch([(a, f"h{n}") for n, a in enumerate(arts)], [], stories, {"s1": 1, "s2": 2, "s3": 3})
    return db


def test_story_list_is_newest_first_and_filters(tmp_path):
    with open_store(_prepared(tmp_path), read_only=True) as store:
        assert [s.id for s in store.list_stories().stories] == ["s3", "s2", "s1"]
        assert [s.id for s in store.list_stories(q="topic2").stories] == ["s2"]  # article text
        assert [s.id for s in store.list_stories(entity="alias1").stories] == ["s1"]  # entity alias
        assert [s.id for s in store.list_stories(since="2031-02-01", until="2031-02-28").stories] == ["s2"]
        assert store.list_stories(q="100%_").total == 0  # LIKE wildcards are literal
        page = store.list_stories(limit=2, offset=2)
        assert page.total == 3 and [s.id for s in page.stories] == ["s1"]


def test_bad_database_files_are_one_line_errors(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "missing.duckdb", read_only=True)
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database at all\n" * 100)
    with pytest.raises(StoreError, match="junk.duckdb"):
        open_store(junk)


def test_cli_ingest_stories_show_export(tmp_path):
    db = tmp_path / "c.duckdb"
    folder = _corpus(tmp_path, "festival.jsonl", "harbour_wire.txt")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    assert "3 new articles" in result.output
    listed = runner.invoke(app, ["stories", "--db", str(db), "--json"])
    assert listed.exit_code == 0
    ids = [s["id"] for s in json.loads(listed.stdout)["stories"]]
    assert "s-hint-lantern" in ids
    shown = runner.invoke(app, ["show", "s-hint-lantern", "--db", str(db)])
    assert shown.exit_code == 0 and "Lantern festival" in shown.stdout and "2 articles" in shown.stdout
    as_json = runner.invoke(app, ["show", "s-hint-lantern", "--db", str(db), "--json"])
    assert json.loads(as_json.stdout)["articles"] == ["lantern-1", "lantern-2"]
    out = tmp_path / "all.json"
    assert runner.invoke(app, ["export", "--db", str(db), "--json", str(out)]).exit_code == 0
    report = json.loads(out.read_text())
    assert len(report["articles"]) == 3 and {s["id"] for s in report["stories"]} == set(ids)
    missing = runner.invoke(app, ["show", "nope", "--db", str(db)])
    assert missing.exit_code == 1 and "no story 'nope'" in missing.output
    nodb = runner.invoke(app, ["stories", "--db", str(tmp_path / "none.duckdb")])
    assert nodb.exit_code == 1 and "no such database" in nodb.output and "Traceback" not in nodb.output


def _kill_corpus(folder: Path, n: int) -> Path:
    """n fictional records, ten per story, in one JSONL file; seeded random words keep them apart."""
    import random

    rng = random.Random(7)
    syllables = ["ba", "cel", "dor", "fen", "gal", "hu", "kir", "lo", "mar", "nus", "pel", "ri", "sot", "tam", "vek"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))

    folder.mkdir()
    lines = []
    for i in range(n):
        town, day = f"Town{i // 10}", i % 10
        body = "\n".join(" ".join(word() for _ in range(14)) + "." for _ in range(4))
        text = f"Flooding in {town} forced {100 + i} residents from their homes, officials said.\n{body}"
        lines.append(json.dumps({"id": f"r{i:04d}", "title": f"{town} floods, report {day}", "story": town,
                                 "published": f"2031-05-{1 + day:02d}", "text": text}))
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n")
    return folder


@pytest.mark.slow
def test_killed_ingest_leaves_consistent_db_and_rerun_completes(tmp_path):
    corpus = _kill_corpus(tmp_path / "kill", 200)
    cmd = [sys.executable, "-m", "crosswire.cli", "ingest", str(corpus), "--batch-size", "20", "-v", "-q"]
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    proc = subprocess.Popen(cmd + ["--db", str(killed_db)], stderr=subprocess.PIPE, text=True)
    seen = 0
    for line in proc.stderr:  # wait for a few committed batches, then kill mid-way
        seen += "stored" in line
        if seen == 2:
            time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    with open_store(killed_db) as store:
        partial = store.stats().articles
        assert store.check() == []
    assert 30 <= partial < 200
    rerun = subprocess.run(cmd + ["--db", str(killed_db)], capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert subprocess.run(cmd + ["--db", str(clean_db)], capture_output=True, text=True, check=False).returncode == 0
    with open_store(killed_db) as a, open_store(clean_db) as b:
        assert a.check() == [] and a.stats().articles == 200
        assert a.snapshot() == b.snapshot()


@pytest.mark.parametrize("semantic", [True, False], ids=["semantic", "fast"])
def test_ingest_groups_as_analyze_in_both_clustering_modes(tmp_path, semantic):
    # The stream state embeds an article only when a regrouping first needs it, so ingest uses the
    # semantic signal (the default) as analyze does, without re-embedding every stored article.
    import crosswire

    corpus = _corpus(tmp_path, "harbour_wire.txt", "harbour_copy.txt", "festival.jsonl")
    settings = Settings(semantic=semantic)
    db = tmp_path / "news.duckdb"
    ingest_paths(db, [str(corpus)], settings)
    report = crosswire.analyze_paths([str(corpus)], settings)
    with open_store(db, read_only=True) as store:
        assert {frozenset(s.articles) for s in store.all_stories()} == {frozenset(s.articles) for s in report.stories}


def test_a_file_whose_creation_was_cut_short_is_completed_not_refused(tmp_path):
    """A kill between creating the tables and recording the schema version (issue 17 item 6: a
    SIGKILL at any point) left a file that every later ingest refused ("schema ? is not 1")."""
    import duckdb

    from crosswire.store import db as store_db

    path = tmp_path / "cut.duckdb"
    con = duckdb.connect(str(path))
    con.execute(store_db._SCHEMA)  # the tables, and no version row: where the kill fell
    con.close()
    with store_db.open_store(path) as store:
        assert store.stats().articles == 0
    with store_db.open_store(path, read_only=True) as store:  # now a whole crosswire file
        assert store.stats().articles == 0


def test_rows_are_inserted_a_list_per_column_and_read_back_as_given(tmp_path):
    """A late ingest batch writes tens of thousands of rows in one transaction; each chunk of rows
    goes to DuckDB as one statement with one list parameter per column (a parameter per value cost
    ~9x the time to prepare). Every column type the store uses reads back as written, NULLs and
    lists included, and a stored key is kept where asked."""
    import duckdb

    from crosswire.store import db as store_db

    class Recording:
        """A cursor that notes each statement's parameter count."""

        def __init__(self, cursor):
            self.cursor, self.counts = cursor, []

        def execute(self, sql, params=()):
            self.counts.append(len(params))
            return self.cursor.execute(sql, params)

    con = duckdb.connect(str(tmp_path / "rows.duckdb"))
    con.execute("CREATE TABLE kinds (id VARCHAR PRIMARY KEY, n BIGINT, k INTEGER, x DOUBLE, raw BLOB, tags VARCHAR[])")
    rows = [(f"harbour-{n}", n * 1_000_000_007, n % 7, n / 3, bytes([n % 256, 1]), [f"quay {n}", "Port Lisk"])
            for n in range(1200)] + [("harbour-null", None, None, None, None, None)]
    cursor = Recording(con)
    store_db._insert_many(cursor, "kinds", ("id", "n", "k", "x", "raw", "tags"), iter(rows))
    assert cursor.counts[1:] == [6, 6, 6]  # after the look-up of the column types: 3 chunks of 500, a list per column
    store_db._insert_many(con, "kinds", ("id", "n", "k", "x", "raw", "tags"),
                          [("harbour-3", 0, 0, 0.0, b"", []), ("harbour-new", 1, 2, 0.5, b"\x00", ["Vellcorp"])],
                          keep_stored=True)
    found = con.execute("SELECT * FROM kinds ORDER BY id").fetchall()
    assert found == sorted(rows + [("harbour-new", 1, 2, 0.5, b"\x00", ["Vellcorp"])])
