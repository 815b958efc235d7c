"""Read sources (files, folders, stdin) into RawDocuments; unusable sources become Problems."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .records import DocumentHints, Problem, RawDocument
from .settings import Settings

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson"}


def read_sources(paths: Iterable[str], settings: Settings | None = None) -> tuple[list[RawDocument], list[Problem]]:
    """Read every path (file, folder, or ``-`` for stdin) and return documents and problems."""
    settings = settings or Settings()
    documents: list[RawDocument] = []
    problems: list[Problem] = []
    for item in iter_sources(paths, settings):
        (problems if isinstance(item, Problem) else documents).append(item)
    return documents, problems


def iter_sources(paths: Iterable[str], settings: Settings) -> Iterator[RawDocument | Problem]:
    """Yield documents and problems, one path after another, in a stable order."""
    for raw in paths:
        if raw == "-":
            yield from _read_text_source("<stdin>", "stdin", sys.stdin.buffer.read(), settings)
            continue
        path = Path(raw)
        if not path.exists():
            yield Problem(raw, "no such file or folder")
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield from read_file(child, settings)
        else:
            yield from read_file(path, settings)


def read_file(path: Path, settings: Settings) -> Iterator[RawDocument | Problem]:
    """Yield the document(s) in one file, or a Problem saying why it cannot be used."""
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise InputError(str(path), f"file is {size / 2**20:.0f} MB, over the {settings.max_file_bytes / 2**20:.0f} MB limit")
        data = path.read_bytes()
    except InputError as error:
        yield Problem(error.source, error.problem)
        return
    except OSError as error:
        yield Problem(str(path), f"cannot read file ({error.strerror or error})")
        return
    yield from _read_text_source(str(path), path.stem, data, settings, suffix=path.suffix.lower())


def _read_text_source(source: str, stem: str, data: bytes, settings: Settings, suffix: str = "") -> Iterator[RawDocument | Problem]:
    """Decode ``data`` and dispatch on its kind (records, HTML or scraped text)."""
    try:
        text = decode(source, data)
    except InputError as error:
        yield Problem(error.source, error.problem)
        return
    if suffix in RECORD_SUFFIXES or (not suffix and text.lstrip().startswith("{")):
        yield from parse_records(source, stem, text)
    elif suffix in HTML_SUFFIXES or looks_like_html(text):
        yield RawDocument(stem, source, "text/html", text)
    else:
        yield RawDocument(stem, source, "text/plain", text)


def decode(source: str, data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), else cp1252; refuse empty or binary data."""
    if not data.strip():
        raise InputError(source, "file is empty")
    if b"\x00" in data[:4096]:
        raise InputError(source, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def looks_like_html(text: str) -> bool:
    """True when the text starts like an HTML page."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def parse_records(source: str, stem: str, text: str) -> Iterator[RawDocument | Problem]:
    """Yield one RawDocument per JSON record (a JSON object, an array, or JSON lines)."""
    stripped = text.strip()
    try:
        loaded = json.loads(stripped)
        items = loaded if isinstance(loaded, list) else [loaded]
        numbered = [(f"{source}#{i + 1}", item) for i, item in enumerate(items)]
    except json.JSONDecodeError:
        numbered = []
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((f"{source}:{lineno}", json.loads(line)))
            except json.JSONDecodeError as error:
                yield Problem(f"{source}:{lineno}", f"malformed JSON line ({error.msg})")
    single = len(numbered) == 1
    for n, (where, item) in enumerate(numbered, start=1):
        yield record_document(where, source, item, stem if single else f"{stem}-{n}")


def record_document(where: str, source: str, item: object, default_id: str) -> RawDocument | Problem:
    """Turn one JSON object (crosswire or news-please style) into a RawDocument."""
    if not isinstance(item, dict):
        return Problem(where, "JSON record is not an object")
    body = item.get("text") or item.get("maintext")
    if not isinstance(body, str) or not body.strip():
        return Problem(where, "record has no 'text' (or 'maintext')")
    hints = DocumentHints(
        title=_str(item.get("title")),
        url=_str(item.get("url")),
        published=_str(item.get("published") or item.get("date_publish")),
        outlet=_str(item.get("outlet") or item.get("source_domain")),
        byline=_str(item.get("byline") or item.get("authors")),
        story=_str(item.get("story")),
    )
    return RawDocument(_str(item.get("id")) or default_id, source, "text/record", body, hints)


def _str(value: object) -> str | None:
    """A record field as a string (lists joined), or None when empty."""
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    text = str(value).strip()
    return text or None
