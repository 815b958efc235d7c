"""crosswire watch: folders and live sources polled in rounds, what is new ingested, Ctrl+C stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from live_site import ARTICLES, article_html

from crosswire.engine.live import LiveSources
from crosswire.engine.watch import FileWatch, watch
from crosswire.errors import ConfigError
from crosswire.ingest.fetch import FetchSettings
from crosswire.settings import Settings
from crosswire.store.db import open_store

FAST = Settings(semantic=False)
QUICK = FetchSettings(interval=0.0, timeout=2.0, retries=0)




def drop(folder, slug: str) -> None:
    """Write one fictional article page into the folder."""
    (folder / f"{slug}.html").write_text(article_html(slug), encoding="utf-8")


def test_watch_rounds_ingest_a_file_added_between_rounds(tmp_path):
    folder, db = tmp_path / "inbox", tmp_path / "news.duckdb"
    folder.mkdir()
    drop(folder, "footbridge")
    rounds = []

    def after(done):
        rounds.append(done)
        if done.number == 1:
            drop(folder, "orchard")

    assert watch(db, [str(folder)], every=0, rounds=2, settings=FAST, on_round=after, settle=0) == 2
    assert [(r.files, len(r.ingest.added)) for r in rounds] == [(1, 1), (1, 1)]
    assert rounds[1].ingest.added == ["orchard"] and rounds[1].stats.articles == 2
    with open_store(db, read_only=True) as store:
        assert {a.title for a in store.all_articles()} == {ARTICLES["footbridge"][0], ARTICLES["orchard"][0]}


def test_a_round_with_nothing_new_reads_and_writes_nothing(tmp_path):
    folder, db = tmp_path / "inbox", tmp_path / "news.duckdb"
    folder.mkdir()
    drop(folder, "ferry")
    rounds = []
    watch(db, [str(folder)], every=0, rounds=3, settings=FAST, on_round=rounds.append, settle=0)
    assert [r.files for r in rounds] == [1, 0, 0]
    assert rounds[1].ingest is None and rounds[2].stats.articles == 1


def test_a_changed_file_is_read_again_and_a_settling_one_waits(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    drop(folder, "ferry")
    files = FileWatch([str(folder)], settle=60)
    assert files.changed() == ([], [])  # written just now: it may still be being written
    old = time.time() - 120
    os.utime(folder / "ferry.html", (old, old))
    assert files.changed()[0] == [str(folder / "ferry.html")]
    assert files.changed()[0] == []
    (folder / "ferry.html").write_text(article_html("choir"), encoding="utf-8")
    os.utime(folder / "ferry.html", (old + 1, old + 1))
    assert files.changed()[0] == [str(folder / "ferry.html")]


def test_watch_polls_a_feed_and_fetches_only_new_entries(site, tmp_path):
    db = tmp_path / "news.duckdb"
    rounds = []

    def after(done):
        rounds.append(done)
        if done.number == 2:
            site.feed_slugs.append("library")

    watch(db, sources=LiveSources(feeds=[site.url("/feed.rss")]), every=0, rounds=3, settings=FAST,
          fetch_settings=QUICK, on_round=after)
    assert [len(r.harvest.pages) for r in rounds] == [2, 0, 1]
    assert rounds[1].harvest.unchanged == [site.url("/feed.rss")] and rounds[1].ingest is None
    assert rounds[2].harvest.pages[0][0].final_url == site.url("/news/library.html")
    assert [h.status for h in site.requests_to("/feed.rss")] == [200, 304, 200]
    assert rounds[2].stats.articles == 3


def test_watch_needs_something_to_watch(tmp_path):
    with pytest.raises(ConfigError, match="nothing to watch"):
        watch(tmp_path / "x.duckdb", [], rounds=1)


def _cli(*args: str) -> subprocess.Popen:
    """Start ``crosswire watch`` in its own process, stderr piped as text."""
    return subprocess.Popen([sys.executable, "-m", "crosswire.cli", "watch", *args],
                            stderr=subprocess.PIPE, text=True)


def _line(proc: subprocess.Popen, prefix: str) -> str:
    """Read stderr until a line starting with ``prefix`` (the process must print it)."""
    for line in proc.stderr:
        if line.startswith(prefix):
            return line.rstrip("\n")
    raise AssertionError(f"no line starting {prefix!r}; exit status {proc.wait()}")


def test_cli_watch_rounds_ingests_a_file_added_between_rounds(tmp_path):
    folder, db = tmp_path / "inbox", tmp_path / "news.duckdb"
    folder.mkdir()
    proc = _cli(str(folder), "--db", str(db), "--every", "3", "--rounds", "2", "--settle", "0", "--no-semantic")
    try:
        first = _line(proc, "crosswire: round 1 at ")
        assert first.endswith(f"0 new or changed files, 0 pages fetched, 0 unchanged, 0 known links skipped, "
                              f"0 failed; 0 new articles, 0 duplicates; {db} holds 0 articles in 0 stories")
        drop(folder, "choir")
        second = _line(proc, "crosswire: round 2 at ")
        assert second.endswith(f"1 new or changed file, 0 pages fetched, 0 unchanged, 0 known links skipped, "
                               f"0 failed; 1 new article, 0 duplicates; {db} holds 1 article in 1 story")
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()


def test_cli_watch_stops_cleanly_on_ctrl_c(tmp_path):
    folder, db = tmp_path / "inbox", tmp_path / "news.duckdb"
    folder.mkdir()
    drop(folder, "ferry")
    proc = _cli(str(folder), "--db", str(db), "--every", "600", "--settle", "0", "--no-semantic")
    try:
        assert "1 new article," in _line(proc, "crosswire: round 1 at ")
        time.sleep(0.5)  # let the line's write return: an interrupt inside rich's write prints it again
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        rest = proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    assert rest.strip().splitlines() == [f"crosswire: watch stopped after 1 whole round; {db} holds 1 article in 1 story"]
