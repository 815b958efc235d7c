"""Serve while ingesting (issue 18, item 3): `crosswire serve --watch` shows new stories without a
restart, one writer at a time, and no page ever reads half a batch."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from fastapi.testclient import TestClient
from live_site import ARTICLES, article_html

from crosswire.engine.live import LiveSources
from crosswire.engine.watch import Watcher
from crosswire.settings import Settings
from crosswire.web import create_app

FAST = Settings(semantic=False)


def drop(folder, slug: str) -> None:
    """Write one fictional article page into the folder."""
    (folder / f"{slug}.html").write_text(article_html(slug), encoding="utf-8")


def wait_for(check, timeout: float = 60.0):
    """Poll ``check()`` until it returns something true; fail after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def total(client: TestClient) -> int:
    """How many stories the API lists."""
    return client.get("/api/stories").json()["total"]


def test_the_app_shows_stories_ingested_after_it_started(tmp_path):
    folder, db = tmp_path / "inbox", tmp_path / "news.duckdb"
    folder.mkdir()
    drop(folder, "footbridge")
    app = create_app(db, writable=True)
    watcher = Watcher(db, [str(folder)], LiveSources(), every=0.1, settings=FAST, settle=0).start()
    try:
        with TestClient(app) as client:
            wait_for(lambda: total(client) == 1)
            drop(folder, "orchard")
            wait_for(lambda: total(client) == 2)
            titles = {client.get(s["url"]).json()["headline"] for s in client.get("/api/stories").json()["stories"]}
            assert titles == {ARTICLES["footbridge"][0], ARTICLES["orchard"][0]}
            assert client.get("/").status_code == 200
    finally:
        watcher.stop(timeout=60)
    assert not watcher.running and watcher.error is None


def test_readers_never_see_half_a_batch(tmp_path):
    folder, db = tmp_path / "inbox", tmp_path / "news.duckdb"
    folder.mkdir()
    app = create_app(db, writable=True)
    store, problems, reads, done = app.state.store, [], [0], threading.Event()

    def read() -> None:  # the checks a page could trip on: counts, memberships, story JSON
        while not done.is_set():
            with store.reading():
                problems.extend(store.check())
                page = store.list_stories(limit=200)
                problems.extend(f"count {page.total} != {len(page.stories)}" for _ in [0] if page.total != len(page.stories))
            reads[0] += 1

    reader = threading.Thread(target=read)
    reader.start()
    watcher = Watcher(db, [str(folder)], LiveSources(), every=0.05, settings=FAST, settle=0).start()
    try:
        for slug in ("footbridge", "orchard", "library", "ferry", "choir"):
            drop(folder, slug)
            wait_for(lambda: store.stats().articles >= len(list(folder.iterdir())))
    finally:
        watcher.stop(timeout=60)
        done.set()
        reader.join()
    assert problems == [] and reads[0] > 5
    assert store.stats().stories == 5


def _free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api(port: int, path: str) -> dict | None:
    """GET a JSON API path of the local server (None while it is not up)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
            return json.loads(answer.read())
    except OSError:
        return None


def test_cli_serve_watch_shows_a_new_file_without_a_restart_and_stops_on_ctrl_c(tmp_path):
    folder, db, port = tmp_path / "inbox", tmp_path / "news.duckdb", _free_port()
    folder.mkdir()
    drop(folder, "ferry")
    proc = subprocess.Popen([sys.executable, "-m", "crosswire.cli", "serve", "--db", str(db), "--port", str(port),
                             "--watch", str(folder), "--every", "0.5", "--no-semantic"],
                            stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: (_api(port, "/api/stories") or {}).get("total") == 1)
        drop(folder, "choir")
        wait_for(lambda: (_api(port, "/api/stories") or {}).get("total") == 2)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
        said = proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    assert "ingesting new articles every 0.5 s" in said and "stopping the watch" in said
    assert f"{db} holds 2 articles in 2 stories" in said
