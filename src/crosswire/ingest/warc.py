"""WARC archives (plain or gzipped, via warcio): each archived HTML page becomes a RawDocument.

What is kept: ``response`` records whose HTTP status is 200 and whose Content-Type is HTML
(or absent), and ``resource`` records of HTML type. Their ``WARC-Target-URI`` becomes
``hints.url`` and their ``WARC-Date`` (the crawl time) ``hints.fetched``, a fallback for the
publication time.

What is skipped silently, because it is never an article: ``request``, ``metadata``,
``warcinfo`` and ``revisit`` records (no page body, or a pointer to another record); responses
with another status (redirects hold no page, 404/5xx pages are error pages, 206 is a fragment);
and non-HTML payloads (images, scripts, style sheets, JSON APIs), the assets a crawler stores
beside each page. Every kept page that cannot be used (too large, truncated, undecodable) is a
Problem named ``file#n``, as is an archive with no HTML page at all.
"""

from __future__ import annotations

import contextlib
import io
import logging
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ..errors import InputError
from ..records import DocumentHints, Problem, RawDocument
from ..settings import Settings
from .decoding import decode

HTML_TYPES = ("text/html", "application/xhtml+xml")
ARTICLE_STATUS = "200"

# What warcio (and the zlib/gzip layers under it) raise on a damaged archive; the caller turns
# them into one Problem after the pages read so far. warcio also fails on damaged headers with
# plain programming errors: a record whose WARC-Target-URI line is garbled raises AttributeError
# ('NoneType' object has no attribute 'startswith') while loading its HTTP headers.
CORRUPT_ERRORS: tuple[type[Exception], ...] = (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error,
                                               AttributeError, TypeError, IndexError, KeyError)

# warcio logs repaired headers ("Replacing spaces in invalid WARC-Target-URI") through logging, which
# with no handler set prints to stderr; the pages are read all the same, so they are not news.
logging.getLogger("warcio").addHandler(logging.NullHandler())


def read_warc(source: str, stem: str, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | Problem]:
    """Yield the HTML pages of a WARC stream as documents ``<stem>-1``, ``<stem>-2``, ...

    Raises one of ``CORRUPT_ERRORS`` when the archive is damaged; pages before the damage have
    been yielded by then.
    """
    pages = 0
    warnings = io.StringIO()
    for record in _records(stream, warnings):
        if not is_article_candidate(record):
            continue
        pages += 1
        yield page_document(record, source, f"{stem}-{pages}", f"{source}#{pages}", settings)
    if warnings.getvalue():  # one line for the file, with or without pages
        yield Problem(source, f"damaged WARC: a record does not end where its Content-Length says "
                              f"({pages} page(s) read)")
    elif not pages:
        yield Problem(source, "WARC holds no HTML page (status 200)")


def _records(stream: BinaryIO, warnings: io.StringIO) -> Iterator[ArcWarcRecord]:
    """The archive's records; what warcio writes to stderr about them goes to ``warnings`` instead.

    warcio prints a several-line warning of its own when a record's length is wrong; the user
    gets one line naming the file instead (see read_warc). Only warcio's own reading runs with
    stderr redirected, never the caller's code between records.
    """
    records = iter(ArchiveIterator(stream))
    while True:
        with contextlib.redirect_stderr(warnings):
            record = next(records, None)
        if record is None:
            return
        yield record


def is_article_candidate(record: ArcWarcRecord) -> bool:
    """True for an archived HTML page that loaded (see the module docstring for what is skipped)."""
    rec_type = record.rec_type
    if rec_type == "response":
        headers = record.http_headers
        if headers is None or headers.get_statuscode() != ARTICLE_STATUS:
            return False
        content_type = headers.get_header("Content-Type")
        return content_type is None or _is_html(content_type)
    if rec_type == "resource":
        return _is_html(record.content_type or "")
    return False


def page_document(record: ArcWarcRecord, source: str, doc_id: str, where: str, settings: Settings) -> RawDocument | Problem:
    """The page in one record as a ``text/html`` document, or a Problem naming ``file#n``."""
    limit = settings.max_file_bytes
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        return Problem(where, f"archived page is over the {limit / 2**20:.0f} MB limit")
    if getattr(record.raw_stream, "limit", 0):  # bytes the header announced but the file lacks (no
        # limit at all when the Content-Length header itself is missing or damaged)
        return Problem(where, "truncated WARC record")
    headers = record.rec_headers
    http = record.http_headers
    try:
        text = decode(where, payload, _charset(http.get_header("Content-Type") if http else None))
    except InputError as error:
        return Problem(error.source, error.problem)
    hints = DocumentHints(url=headers.get_header("WARC-Target-URI"), fetched=headers.get_header("WARC-Date"))
    return RawDocument(doc_id, source, "text/html", text, hints)


def _is_html(content_type: str) -> bool:
    """True when a Content-Type names an HTML page."""
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def _charset(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type, if any."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
