"""Poll folders and live sources on an interval and ingest what is new into a database.

Each round reads the files that are new or changed since the last round (by modification time
and size; a file modified less than ``settle`` seconds ago may still be being written and waits
for the next round), fetches what is new of the live sources (see ``live``), and ingests both in
one ingest call. Files already stored are found by their content hash as ever, so the first round
of a restarted watch reads every file again but stores nothing twice. A round with nothing new
writes nothing. Rounds start every ``every`` seconds (a longer round starts the next at once).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..ingest import sources as ingest
from ..ingest.fetch import Fetcher, FetchSettings, now_stamp
from ..records import Problem, RawDocument
from ..settings import Settings
from ..store.db import IngestResult, StoreStats, open_store
from .incremental import ingest_documents
from .live import Harvest, LiveSources, harvest_sources, save_db_state

# Seconds a file must rest unmodified before it is read: a file still being copied into a
# watched folder is left for the next round instead of being stored half-written.
SETTLE_S = 2.0


@dataclass(slots=True)
class Round:
    """What one round of a watch did."""

    number: int
    started: str  # UTC, as 2026-01-02T03:04:05Z
    files: int  # new or changed files read
    harvest: Harvest  # live sources (empty when there are none)
    ingest: IngestResult | None  # None when nothing new was found
    stats: StoreStats  # the database after the round
    problems: list[Problem] = field(default_factory=list)  # unusable files, URLs and pages, one each


class FileWatch:
    """Which files under the watched paths are new or changed since the last look."""

    def __init__(self, paths: Iterable[str], exclude: Iterable[str] = (), settle: float = SETTLE_S) -> None:
        self.paths = list(paths)
        self.exclude = tuple(exclude)
        self.settle = settle
        self.seen: dict[str, tuple[int, int]] = {}  # file -> (mtime_ns, size) when last read
        self.reported: set[str] = set()  # problems of listing, each said once

    def changed(self) -> tuple[list[str], list[Problem]]:
        """Files new or changed since the last call (and settled), and listing problems not reported before."""
        files, problems = [], []
        now = time.time()
        for entry in ingest.list_sources(self.paths, self.exclude):
            if isinstance(entry, Problem) or entry.path is None:
                problem = entry if isinstance(entry, Problem) else Problem(entry.name, "standard input cannot be watched")
                if str(problem) not in self.reported:
                    self.reported.add(str(problem))
                    problems.append(problem)
                continue
            if self._is_new(entry.name, entry.path, now):
                files.append(entry.name)
        return files, problems

    def _is_new(self, name: str, path: Path, now: float) -> bool:
        """True (and remembered) when the file is new or changed and has rested ``settle`` seconds."""
        try:
            info = os.stat(path)
        except OSError:
            return True  # vanished or unreadable: reading it reports why
        key = (info.st_mtime_ns, info.st_size)
        if self.seen.get(name) == key or now - info.st_mtime < self.settle:
            return False
        self.seen[name] = key
        return True


def watch(db: str | Path, paths: Iterable[str] = (), sources: LiveSources | None = None, every: float = 60.0,
          rounds: int | None = None, settings: Settings | None = None, fetch_settings: FetchSettings | None = None,
          on_round: Callable[[Round], None] | None = None, settle: float = SETTLE_S,
          stop: threading.Event | None = None) -> int:
    """Poll ``paths`` and ``sources`` every ``every`` seconds, ingesting what is new into ``db``.

    Runs ``rounds`` rounds (forever when None; stop it with KeyboardInterrupt, which leaves the
    database with every whole batch written so far, or by setting ``stop``, which ends the watch
    after the round under way). ``on_round`` gets each Round as it ends. Returns the number of
    rounds run.
    """
    stop = stop or threading.Event()
    settings = (settings or Settings()).validate()
    fetch_settings = (fetch_settings or FetchSettings()).validate()
    sources = sources or LiveSources()
    paths = list(paths)
    if not paths and not sources:
        raise ConfigError("nothing to watch: give folders, files, page URLs, --feed or --sitemap")
    if every < 0:
        raise ConfigError(f"--every must be 0 seconds or more (got {every:g})")
    open_store(db).close()  # create the database, and fail at once when it is locked or foreign
    files = FileWatch(paths, settings.exclude, settle)
    number = 0
    while (rounds is None or number < rounds) and not stop.is_set():
        began = time.monotonic()
        number += 1
        done = run_round(db, number, files, sources, settings, fetch_settings)
        if on_round:
            on_round(done)
        if rounds is None or number < rounds:
            stop.wait(max(0.0, every - (time.monotonic() - began)))
    return number


class Watcher:
    """A watch run in a background thread, beside a server of the same database in this process
    (``crosswire serve --watch``): the watch is the database's one writer, each batch one
    transaction, so the server's pages show new stories as batches commit, never half a batch.

    Give ``watch``'s arguments (``db`` first); ``start`` begins, ``stop`` ends it after the round
    under way. A round that fails (a locked file, a full disk) ends the watch; ``error`` keeps why.
    """

    def __init__(self, db: str | Path, *args: object, **options: object) -> None:
        self.stopping = threading.Event()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(db, *args), kwargs=options,
                                        name="crosswire-watch", daemon=True)

    def _run(self, *args: object, **options: object) -> None:
        """The thread: the watch until stopped, its failure kept in ``error``."""
        try:
            watch(*args, stop=self.stopping, **options)  # type: ignore[arg-type]
        except Exception as error:  # noqa: BLE001 - reported by the caller, which owns the output
            self.error = error

    def start(self) -> Watcher:
        """Start watching; return self."""
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        """Ask the watch to end after the round under way, and wait for it (at most ``timeout`` s)."""
        self.stopping.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        """Whether the watch thread is still running."""
        return self._thread.is_alive()


def run_round(db: str | Path, number: int, files: FileWatch, sources: LiveSources, settings: Settings,
              fetch_settings: FetchSettings) -> Round:
    """One round: read the changed files, fetch what is new, ingest both, save the fetch state."""
    started = now_stamp()
    changed, problems = files.changed()
    documents: list[RawDocument] = []
    if changed:
        documents, unread = ingest.read_sources(changed, settings)
        problems += unread
    harvest = _harvest(db, sources, fetch_settings)
    documents += harvest.documents
    problems += harvest.problems
    result = ingest_documents(db, documents, problems, settings) if documents else None
    save_db_state(db, harvest)
    with open_store(db) as store:  # not read-only: a server of this file in this process holds it for writing
        stats = store.stats()
    return Round(number, started, len(changed), harvest, result, stats, result.problems if result else problems)


def _harvest(db: str | Path, sources: LiveSources, fetch_settings: FetchSettings) -> Harvest:
    """What is new of the live sources (an empty Harvest when there are none)."""
    if not sources:
        return Harvest()
    with open_store(db) as store:
        known = store.fetch_records()
    with Fetcher(fetch_settings) as fetcher:  # a new one each round: robots.txt is read afresh
        return harvest_sources(fetcher, sources, known)


__all__ = ["SETTLE_S", "FileWatch", "Round", "Watcher", "run_round", "watch"]
