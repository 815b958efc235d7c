"""A database file is data, not code (issue 17, item 3), and a failed commit is one line (item 6)."""

import sqlite3
from pathlib import Path

import duckdb
import pytest

from crosswire.engine.incremental import ingest_paths
from crosswire.errors import StoreError
from crosswire.store import db as store_module
from crosswire.store.db import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "store"


def _crafted(path: Path, statements: list[str]) -> Path:
    """A DuckDB file built with plain DuckDB (no crosswire safeguards) from ``statements``."""
    con = duckdb.connect(str(path))
    for sql in statements:
        con.execute(sql)
    con.close()
    return path


def _crosswire_tables_except_stories() -> list[str]:
    """crosswire's schema with ``stories`` left out (so a crafted file can put a view there)."""
    return [sql.strip() for sql in store_module._SCHEMA.split(";")
            if sql.strip() and "TABLE IF NOT EXISTS stories " not in sql] + ["INSERT INTO meta VALUES ('schema', '1')"]


def test_a_view_over_read_text_cannot_read_local_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret line")
    db = _crafted(tmp_path / "crafted.duckdb", _crosswire_tables_except_stories()
                  + [f"CREATE VIEW stories AS SELECT content AS id FROM read_text('{secret}')"])
    for read_only in (True, False):
        with pytest.raises(StoreError, match="not a crosswire database.*view 'stories'") as caught:
            open_store(db, read_only=read_only)
        assert "secret line" not in str(caught.value) and "\n" not in str(caught.value)


def test_external_access_is_off_even_for_a_sound_store(tmp_path):
    # Defence in depth: should a file reader ever be reached through the store, it fails.
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret line")
    with open_store(tmp_path / "ok.duckdb") as store:
        with pytest.raises(StoreError, match="disabled by configuration"):
            store._rows(f"SELECT content FROM read_text('{secret}')")
        with pytest.raises(StoreError, match="locked"):
            store._rows("SET enable_external_access = true")


def test_a_macro_shadowing_a_builtin_is_refused(tmp_path):
    # A macro named like a built-in replaces it in every query of the store.
    db = _crafted(tmp_path / "macro.duckdb", [sql.strip() for sql in store_module._SCHEMA.split(";") if sql.strip()]
                  + ["INSERT INTO meta VALUES ('schema', '1')", "CREATE MACRO lower(x) AS 'owned'"])
    with pytest.raises(StoreError, match="macro 'lower'"):
        open_store(db, read_only=True)


def test_a_sqlite_file_is_refused_without_loading_an_extension(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # DuckDB would install extensions under ~/.duckdb
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE stories (id TEXT)")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a crosswire database \\(a SQLite file\\)"):
        open_store(db)
    with pytest.raises(StoreError, match="a SQLite file"):
        ingest_paths(db, [str(FIXTURES / "harbour_wire.txt")])
    assert db.read_bytes() == before and not (tmp_path / ".duckdb").exists()


def test_sqlite_through_duckdb_itself_cannot_autoload(tmp_path, monkeypatch):
    # Without the header check, the connection settings alone still refuse the extension.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(store_module, "_foreign_format", lambda path: None)
    db = tmp_path / "other.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a crosswire database") as caught:
        open_store(db)
    assert "\n" not in str(caught.value) and not (tmp_path / ".duckdb").exists()


def test_a_text_file_is_refused_and_left_alone(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text("not a database at all\n" * 10)
    with pytest.raises(StoreError, match="not a DuckDB file"):
        ingest_paths(db, [str(FIXTURES / "harbour_wire.txt")])
    assert db.read_text() == "not a database at all\n" * 10


def test_ingest_into_a_foreign_duckdb_database_refuses_before_writing(tmp_path):
    db = _crafted(tmp_path / "sales.duckdb", ["CREATE TABLE invoices (n INTEGER)", "INSERT INTO invoices VALUES (1)"])
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a crosswire database.*nothing was written"):
        ingest_paths(db, [str(FIXTURES / "harbour_wire.txt")])
    assert db.read_bytes() == before
    con = duckdb.connect(str(db), read_only=True)
    assert [t for t, in con.execute("SELECT table_name FROM information_schema.tables").fetchall()] == ["invoices"]
    con.close()


def test_a_new_file_and_an_empty_duckdb_file_become_stores(tmp_path):
    empty = _crafted(tmp_path / "empty.duckdb", [])
    for db in (tmp_path / "new.duckdb", empty):
        with open_store(db) as store:
            assert store.stats().articles == 0
        with open_store(db, read_only=True) as store:
            assert store.check() == []


class _DiskFullAtCommit:
    """A cursor (the store's injected seam) whose COMMIT fails like a full disk; DuckDB then has no
    transaction left, so a ROLLBACK fails too, as it does after a real failed commit."""

    def __init__(self, cursor):
        self._cursor = cursor
        self.failed = False

    def execute(self, sql, *args):
        if sql == "COMMIT":
            self._cursor.execute("ROLLBACK")
            self.failed = True
            raise duckdb.IOException('IO Error: Could not write file "news.duckdb.wal": No space left on device')
        return self._cursor.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def test_disk_full_during_commit_is_one_line_and_stores_nothing(tmp_path, monkeypatch):
    db = tmp_path / "news.duckdb"
    ingest_paths(db, [str(FIXTURES / "harbour_wire.txt")])
    with open_store(db) as store:
        before = store.snapshot()
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "late.txt").write_text((FIXTURES / "harbour_wire.txt").read_text().replace("harbour", "harbor"))
    real_cursor = store_module.Store._cursor
    seams: list[_DiskFullAtCommit] = []

    def failing_cursor(self):
        seams.append(_DiskFullAtCommit(real_cursor(self)))
        return seams[-1]

    monkeypatch.setattr(store_module.Store, "_cursor", failing_cursor)
    with pytest.raises(StoreError) as caught:
        ingest_paths(db, [str(folder)])
    message = str(caught.value)
    assert any(seam.failed for seam in seams)
    assert "\n" not in message and "no transaction" not in message
    assert message.startswith(f"{db}: write failed, nothing from this batch was stored") and "No space left" in message
    monkeypatch.undo()
    with open_store(db) as store:
        assert store.snapshot() == before and store.check() == []


def test_cli_ingest_into_a_foreign_database_is_one_line_and_writes_nothing(tmp_path):
    from typer.testing import CliRunner

    from crosswire.cli import app

    db = _crafted(tmp_path / "sales.duckdb", ["CREATE TABLE invoices (n INTEGER)"])
    before = db.read_bytes()
    result = CliRunner().invoke(app, ["ingest", str(FIXTURES / "harbour_wire.txt"), "--db", str(db)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    expected = (f"crosswire: error: {db}: not a crosswire database (it has tables but no crosswire meta "
                "table); nothing was written")
    assert lines == [expected]
    assert db.read_bytes() == before
