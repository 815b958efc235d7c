"""Read sources (files, folders, stdin) into RawDocuments; unusable sources become Problems.

Formats: scraped text, HTML, JSON/JSONL records (crosswire or news-please fields), WARC, saved
RSS/Atom feeds, and any of these gzip-compressed (``page.html.gz``). The kind comes from the
file name's extension, else from the content (always for stdin). Every failure is one Problem
naming the file (``file:line`` or ``file#n`` inside a container) and the batch goes on.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import gzip
import io
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..records import DocumentHints, Problem, RawDocument
from ..settings import Settings
from . import feeds, warc
from .decoding import decode, file_name_text, has_surrogates, scrub
from .metadata import parse_date

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
RECORD_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
WARC_SUFFIXES = frozenset({".warc", ".arc"})
GZIP_SUFFIX = ".gz"
GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"
# Bytes read from the head of a file to recognise WARC data behind a misleading name.
HEAD_BYTES = 512

# Kinds of content a source can hold.
TEXT, HTML, RECORDS, FEED, WARC = "text", "html", "records", "feed", "warc"

_STDIN_NAME = "<stdin>"
_STDIN_STEM = "stdin"
_SPACE_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# A year in a free-form date ("March 3, 2025"); without one a value is relative ("yesterday")
# and would be dated from today, which is wrong for an archived record.
_YEAR = re.compile(r"\b(1[89]|2\d)\d{2}\b")
# Unix times (seconds) accepted for ``published``: 1990-01-01 to 2100-01-01. Smaller or larger
# numbers are more likely yyyymmdd stamps or milliseconds than dates, and are refused.
EPOCH_RANGE = (631_152_000, 4_102_444_800)

# Digits Python converts to an int (sys.get_int_max_str_digits' default); a JSON number with
# more is refused as the file's (or line's) problem instead of raising out of json.loads.
MAX_INT_DIGITS = 4300
_LONG_NUMBER = re.compile(rf"\d{{{MAX_INT_DIGITS + 1},}}")
# What a non-regular file is, for the one line that refuses it (reading a FIFO blocks forever).
_SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))

# A path argument that is a web address: said plainly, since "no such file" would puzzle.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
URL_PROBLEM = "is a URL: crosswire reads files and folders, not web addresses"

# progress(stage, done, total), as pipeline.ProgressFn.
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class Source:
    """One thing to read: a file, or standard input when ``path`` is None."""

    name: str
    path: Path | None


def read_sources(paths: Iterable[str], settings: Settings | None = None,
                 progress: Progress | None = None) -> tuple[list[RawDocument], list[Problem]]:
    """Read every path (file, folder, or ``-`` for stdin) and return documents and problems.

    ``progress("read", done, total)`` is called after each file, ``total`` being the number of
    files found once folders are listed.
    """
    settings = settings or Settings()
    documents: list[RawDocument] = []
    problems: list[Problem] = []
    listed = list_sources(paths, settings.exclude)
    stems: set[str] = set()
    if progress:
        progress("read", 0, len(listed))
    for done, entry in enumerate(listed, start=1):
        for item in _read_entry(entry, settings, stems):
            (problems if isinstance(item, Problem) else documents).append(item)
        if progress:
            progress("read", done, len(listed))
    return documents, problems


def iter_sources(paths: Iterable[str], settings: Settings) -> Iterator[RawDocument | Problem]:
    """Yield documents and problems, one source after another, in a stable order."""
    stems: set[str] = set()
    for entry in list_sources(paths, settings.exclude):
        yield from _read_entry(entry, settings, stems)


def list_sources(paths: Iterable[str], exclude: Iterable[str] = ()) -> list[Source | Problem]:
    """Expand the given paths: folders into their files (recursive, sorted), ``-`` into stdin.

    Inside folders, files and folders matching an ``exclude`` glob are left out (see
    ``is_excluded``); a file named on its own is always read.
    """
    exclude = tuple(exclude)
    listed: list[Source | Problem] = []
    for raw in paths:
        if raw == "-":
            listed.append(Source(_STDIN_NAME, None))
            continue
        path, problem = Path(raw), path_problem(raw)
        if problem:
            listed.append(Problem(file_name_text(raw), problem))
        elif path.is_dir():
            listed.extend(_folder_sources(path, exclude))
        else:
            listed.append(_file_source(path))
    return listed


def path_problem(raw: str) -> str | None:
    """Why a path named by the user cannot be read at all (missing, unreachable), or None."""
    try:
        os.stat(raw)
    except (FileNotFoundError, NotADirectoryError):
        return URL_PROBLEM if is_url(raw) else "no such file or folder"
    except OSError as error:  # a folder on the way without execute permission, a loop of links...
        return f"cannot read ({error.strerror or reason(error)})"
    except ValueError as error:  # a NUL byte in the name
        return f"cannot read ({reason(error)})"
    return None


def is_url(raw: str) -> bool:
    """True for a web address (``https://...``, any ``scheme://``) given where a path is expected."""
    return bool(_URL.match(raw))


def _folder_sources(folder: Path, exclude: tuple[str, ...]) -> list[Source | Problem]:
    """The files of a folder as Sources, plus a Problem per unreadable subfolder (or for no files)."""
    problems: list[Problem] = []
    files = [f for f, excluded in _walk(folder, exclude, problems) if not excluded]
    listed: list[Source | Problem] = [_file_source(f) for f in files]
    if not files and not problems:
        left_out = len(excluded_files(folder, exclude)) if exclude else 0
        listed.append(Problem(file_name_text(str(folder)), f"folder holds no files (--exclude left out {left_out})"
                              if left_out else "folder holds no files"))
    return listed + problems


def _file_source(path: Path) -> Source | Problem:
    """A file to read, or a Problem when its name cannot be carried into a report (not UTF-8)."""
    name = str(path)
    if has_surrogates(name):
        return Problem(file_name_text(name), "file name is not valid UTF-8 (rename the file to read it)")
    return Source(name, path)


def folder_files(folder: Path, exclude: Iterable[str] = ()) -> list[Path]:
    """Every non-hidden file under ``folder``, hidden and excluded folders pruned, sorted by relative path."""
    return [f for f, excluded in _walk(folder, tuple(exclude)) if not excluded]


def excluded_files(folder: Path, exclude: Iterable[str]) -> list[Path]:
    """The non-hidden files under ``folder`` that ``exclude`` leaves out (in excluded folders too)."""
    return [f for f, excluded in _walk(folder, tuple(exclude)) if excluded]


def is_excluded(relative: str, exclude: tuple[str, ...]) -> bool:
    """True when the ``/``-separated path relative to the folder, or its last part, matches a glob.

    Matching ignores case (``--exclude '*.md'`` also leaves out ``README.MD``); ``*`` crosses
    ``/``, so ``'*.md'`` matches at any depth and ``'drafts/*'`` everything under ``drafts``.
    """
    path = relative.lower()
    name = path.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(path, glob.lower()) or fnmatch.fnmatchcase(name, glob.lower()) for glob in exclude)


def _walk(folder: Path, exclude: tuple[str, ...], problems: list[Problem] | None = None) -> list[tuple[Path, bool]]:
    """Non-hidden files under ``folder`` with whether ``exclude`` leaves each out, sorted by relative path.

    A subfolder that cannot be listed (no read permission) is added to ``problems`` when given.
    """
    found: list[tuple[Path, bool]] = []
    excluded_dirs: set[Path] = set()

    def unlisted(error: OSError) -> None:
        if problems is not None:
            where = file_name_text(str(error.filename or folder))
            problems.append(Problem(where, f"cannot list folder ({error.strerror or reason(error)})"))

    for root, dirs, names in os.walk(folder, onerror=unlisted):  # top-down: a folder before its subfolders
        base = Path(root).relative_to(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        inside = bool(exclude) and base != Path(".") and (
            base.parent in excluded_dirs or is_excluded(base.as_posix(), exclude))
        if inside:
            excluded_dirs.add(base)
        for name in names:
            if not name.startswith("."):
                excluded = inside or bool(exclude) and is_excluded((base / name).as_posix(), exclude)
                found.append((Path(root) / name, excluded))
    return sorted(found, key=lambda item: item[0].relative_to(folder).parts)


def _read_entry(entry: Source | Problem, settings: Settings, stems: set[str]) -> Iterator[RawDocument | Problem]:
    """Read one listed source (a Problem found while listing passes through).

    ``stems`` holds the file stems used so far in this run, so that two files of the same name
    in different folders (or ``a.warc`` beside ``a.warc.gz``) get distinct ids.
    """
    if isinstance(entry, Problem):
        yield entry
        return
    try:
        if entry.path is None:
            items = read_stdin(settings)
        else:
            items = read_file(entry.path, settings, unique_stem(document_stem(entry.path.name), stems))
        for item in items:
            yield scrubbed(item)
    except Exception as error:  # noqa: BLE001 - last resort: one source's failure must not sink the batch
        yield Problem(entry.name, f"cannot read ({type(error).__name__}: {reason(error)})")


def scrubbed(item: RawDocument | Problem) -> RawDocument | Problem:
    """``item`` with lone surrogates (from JSON ``\\udcff`` escapes) replaced in every text field.

    Done once here, as sources are read, so that no later stage, report or database write ever
    meets a string that cannot be encoded as UTF-8.
    """
    for record in (item, item.hints) if isinstance(item, RawDocument) else (item,):
        for spec in fields(record):
            value = getattr(record, spec.name)
            if isinstance(value, str) and has_surrogates(value):
                setattr(record, spec.name, scrub(value))
    return item


def unique_stem(stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem~2``, ``stem~3``... when an earlier file of this run already has it (recorded in ``taken``).

    Ids come from file names, and a batch spanning several folders often holds ``index.html``
    or ``article1.txt`` more than once; these are different articles, not duplicates. The
    ``~n`` suffix is the one the store gives a taken id.
    """
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}~{n}"
    taken.add(candidate)
    return candidate


def read_stdin(settings: Settings, stream: BinaryIO | None = None) -> Iterator[RawDocument | Problem]:
    """Read standard input (at most the size limit) and sniff what it holds."""
    data = (stream or sys.stdin.buffer).read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        yield Problem(_STDIN_NAME, f"input is over the {_mb(settings.max_file_bytes)} MB limit")
        return
    yield from read_bytes(_STDIN_NAME, _STDIN_STEM, data, settings)


def read_file(path: Path, settings: Settings, stem: str | None = None) -> Iterator[RawDocument | Problem]:
    """Yield the document(s) in one file, or a Problem saying why it cannot be used.

    WARC files are streamed record by record (the size limit applies to each page); any other
    file over ``settings.max_file_bytes`` is refused before it is read. ``stem`` (default: the
    file name without extensions) is the document id, or the prefix of its records' ids.
    """
    source = str(path)
    stem = stem or document_stem(path.name)
    try:
        with _open_regular(path) as handle:
            if handle is None:
                yield Problem(source, f"not a regular file ({_special_kind(path)}); only files are read")
                return
            head = handle.read(HEAD_BYTES)
            if is_warc(path.name, head):
                handle.seek(0)
                yield from warc_documents(source, stem, handle, settings)
                return
            size = os.fstat(handle.fileno()).st_size
            if size > settings.max_file_bytes:
                yield Problem(source, f"file is {_mb(size)} MB, over the {_mb(settings.max_file_bytes)} MB limit")
                return
            data = head + handle.read(settings.max_file_bytes + 1 - len(head))
    except OSError as error:
        yield Problem(source, f"cannot read file ({error.strerror or error})")
        return
    yield from read_bytes(source, stem, data, settings, path.name)


def _open_regular(path: Path) -> BinaryIO | contextlib.nullcontext[None]:
    """The file opened for reading, or a null context (yielding None) when it is not a regular file.

    Opened without blocking, so that a named pipe among the inputs is refused at once instead of
    waiting forever for a writer.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    mode = os.fstat(fd).st_mode
    if stat.S_ISREG(mode):
        return os.fdopen(fd, "rb")
    os.close(fd)
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    return contextlib.nullcontext(None)


def _special_kind(path: Path) -> str:
    """What a file that is not a regular file is ("a named pipe"...)."""
    mode = os.stat(path).st_mode
    return next((name for test, name in _SPECIAL_FILES if test(mode)), "not a plain file")


def read_bytes(source: str, stem: str, data: bytes, settings: Settings,
               name: str = "") -> Iterator[RawDocument | Problem]:
    """Decompress, decode and dispatch ``data`` on its kind (from ``name``'s extension, else sniffed)."""
    try:
        if name.lower().endswith(GZIP_SUFFIX) or data[:2] == GZIP_MAGIC:
            data = gunzip(source, data, settings.max_file_bytes)
        if is_warc(name, data[:HEAD_BYTES]):
            yield from warc_documents(source, stem, io.BytesIO(data), settings)
            return
        text = decode(source, data)
    except InputError as error:
        yield Problem(error.source, error.problem)
        return
    kind = content_kind(inner_suffix(name), text)
    if kind == RECORDS:
        yield from parse_records(source, stem, text)
    elif kind == FEED:
        yield from _feed_or_page(source, stem, data, text)
    else:
        yield RawDocument(stem, source, "text/html" if kind == HTML else "text/plain", text)


def warc_documents(source: str, stem: str, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | Problem]:
    """The pages of a WARC stream; damage ends the archive with one Problem, pages before it are kept."""
    pages = 0
    try:
        for item in warc.read_warc(source, stem, stream, settings):
            pages += 1
            yield item
    except warc.CORRUPT_ERRORS as error:
        yield Problem(source, f"corrupt WARC after {pages} page(s) ({reason(error)})")


def _feed_or_page(source: str, stem: str, data: bytes, text: str) -> Iterator[RawDocument | Problem]:
    """Entries of an RSS/Atom feed; XML that is no feed is an HTML page or a Problem."""
    parsed = feeds.parse_feed(data)
    if parsed is not None:
        yield from feeds.feed_documents(source, stem, parsed)
    elif looks_like_html(text):
        yield RawDocument(stem, source, "text/html", text)
    else:
        yield Problem(source, "XML file is not an RSS or Atom feed")


def gunzip(source: str, data: bytes, limit: int) -> bytes:
    """Decompress gzip data, reading at most ``limit`` bytes; corrupt or oversized data raises InputError."""
    if not data:
        raise InputError(source, "file is empty")
    if data[:2] != GZIP_MAGIC:
        raise InputError(source, "corrupt gzip data (not in gzip format)")
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(source, f"corrupt gzip data ({reason(error)})") from None
    if len(out) > limit:
        raise InputError(source, f"decompressed content is over the {_mb(limit)} MB limit")
    return out


def is_warc(name: str, head: bytes) -> bool:
    """True for a ``.warc``/``.warc.gz`` name or data starting like a (gzipped) WARC record."""
    if inner_suffix(name) in WARC_SUFFIXES or head.startswith(WARC_MAGIC):
        return True
    if head[:2] == GZIP_MAGIC:
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head).startswith(WARC_MAGIC)
        except zlib.error:
            return False
    return False


def content_kind(suffix: str, text: str) -> str:
    """The kind of content: from a known extension, else from how the text starts."""
    if suffix in RECORD_SUFFIXES:
        return RECORDS
    if suffix in FEED_SUFFIXES:
        return FEED
    if suffix in HTML_SUFFIXES:
        return HTML
    head = text.lstrip("\ufeff \t\r\n")[:1024].lower()
    if suffix not in TEXT_SUFFIXES and head.startswith(("{", "[")):
        return RECORDS
    if suffix not in TEXT_SUFFIXES and head.startswith("<") and any(t in head for t in ("<rss", "<feed", "<rdf:rdf")):
        return FEED
    return HTML if looks_like_html(head) else TEXT


def looks_like_html(text: str) -> bool:
    """True when the text starts like an HTML page."""
    head = text.lstrip()[:1024].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head or "<head" in head


def document_stem(name: str) -> str:
    """The id of a document read from a file: its name without extension (``a.html.gz`` -> ``a``)."""
    if name.lower().endswith(GZIP_SUFFIX):
        name = name[: -len(GZIP_SUFFIX)]
    return Path(name).stem or name


def inner_suffix(name: str) -> str:
    """The lower-cased extension that names the content, looking through ``.gz``."""
    lowered = name.lower()
    lowered = lowered.removesuffix(GZIP_SUFFIX)
    return Path(lowered).suffix


_NO_TEXT = "record has no 'text' (or 'maintext')"
# Fields named when no record of a file has a text: enough to recognise another format.
FIELDS_SHOWN = 8


def parse_records(source: str, stem: str, text: str) -> Iterator[RawDocument | Problem]:
    """Yield one RawDocument per JSON record: a JSON object, an array of objects, or JSON lines.

    A file that is not one JSON value is read as JSON lines when its first line parses alone;
    each malformed line is then reported as ``file:line`` and the good lines are kept.
    Records are numbered 1, 2, ... in file order; a record without ``id`` gets ``<stem>-<n>``.
    When no record of the file has a text (a file in another format), that is one problem naming
    the fields its records do have, not one line per record.
    """
    results = list(_parse_records(source, stem, text))
    missing = [r for r in results if isinstance(r, Problem) and r.message == _NO_TEXT]
    if len(missing) < 2 or len(missing) != len(results):
        yield from results
        return
    fields = _record_fields(text)
    shown = ", ".join(fields[:FIELDS_SHOWN]) + (", ..." if len(fields) > FIELDS_SHOWN else "")
    yield Problem(source, f"none of its {len(missing)} records has a 'text' (or 'maintext') field"
                          + (f"; their fields: {shown}" if shown else ""))


class JsonLimitError(ValueError):
    """JSON that is well-formed but beyond what the parser takes: nested too deeply, a number too long."""


def load_json(text: str) -> object:
    """``json.loads``, with its limits (nesting, digits of an int) raised as JsonLimitError.

    Without this, a file nested 100,000 deep raises RecursionError and a 5,000-digit number a
    bare ValueError, out of the middle of a batch.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise JsonLimitError("nested too deeply") from None
    except ValueError as error:
        if _LONG_NUMBER.search(text):
            raise JsonLimitError(f"a number has more than {MAX_INT_DIGITS} digits") from None
        raise JsonLimitError(reason(error)) from None


def _record_fields(text: str) -> list[str]:
    """The field names of the file's first JSON record (a whole-file array or the first line)."""
    try:
        loaded = load_json(text)
    except ValueError:
        line = next((line for line in text.splitlines() if line.strip()), "")
        try:
            loaded = load_json(line)
        except ValueError:
            return []
    first = loaded[0] if isinstance(loaded, list) and loaded else loaded
    return [str(key) for key in first] if isinstance(first, dict) else []


def _parse_records(source: str, stem: str, text: str) -> Iterator[RawDocument | Problem]:
    """``parse_records`` before problems of a file without any text are merged."""
    try:
        loaded = load_json(text)
    except JsonLimitError as error:
        yield Problem(source, f"unusable JSON ({error})")
        return
    except json.JSONDecodeError as error:
        if not _first_line_parses(text):
            yield Problem(source, f"malformed JSON ({_json_msg(error)} at line {error.lineno} column {error.colno})")
            return
        yield from _json_lines(source, stem, text)
        return
    if isinstance(loaded, list):
        for n, item in enumerate(loaded, start=1):
            yield record_document(f"{source}#{n}", source, item, f"{stem}-{n}")
    else:
        yield record_document(source, source, loaded, stem)


def _first_line_parses(text: str) -> bool:
    """True when the first non-empty line is a JSON value on its own (a sign of JSON lines)."""
    for line in text.splitlines():
        if line.strip():
            try:
                load_json(line)
            except json.JSONDecodeError:
                return False
            except JsonLimitError:
                return True  # a line of its own: reported as that line's problem
            return True
    return False


def _json_lines(source: str, stem: str, text: str) -> Iterator[RawDocument | Problem]:
    """One record per non-empty line; malformed lines become ``file:line`` Problems."""
    n = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        n += 1
        try:
            item = load_json(line)
        except json.JSONDecodeError as error:
            yield Problem(f"{source}:{lineno}", f"malformed JSON line ({_json_msg(error)} at column {error.colno})")
            continue
        except JsonLimitError as error:
            yield Problem(f"{source}:{lineno}", f"unusable JSON line ({error})")
            continue
        yield record_document(f"{source}:{lineno}", source, item, f"{stem}-{n}")


def _json_msg(error: json.JSONDecodeError) -> str:
    """The decoder's message without a trailing "at" ("Unterminated string starting at"), which we add."""
    return error.msg.removesuffix(" at")


def record_document(where: str, source: str, item: object, default_id: str) -> RawDocument | Problem:
    """Turn one JSON object (crosswire or news-please fields) into a RawDocument.

    crosswire fields: ``id, title, text, url, published, outlet, byline, story``; news-please:
    ``title, maintext, url, date_publish, source_domain, authors``. Only the text is required.
    """
    if not isinstance(item, dict):
        return Problem(where, "JSON record is not an object")
    body = item.get("text") or item.get("maintext")
    if not isinstance(body, str) or not body.strip():
        return Problem(where, _NO_TEXT)
    hints = DocumentHints(
        title=field_text(item.get("title")),
        url=field_text(item.get("url")),
        published=record_date(item.get("published") or item.get("date_publish")),
        outlet=field_text(item.get("outlet") or item.get("source_domain")),
        byline=field_text(_authors_naming_someone(item.get("byline") or item.get("authors"))),
        story=field_text(item.get("story")),
    )
    return RawDocument(field_text(item.get("id")) or default_id, source, "text/record", body, hints)


# An author list's entry that is the page's time stamp read as a name by the scraper that made the
# record ("Published P.M. Et Nov.", "Last Updated"): 12 of 314 distinct author entries in Giveme5W1H.
_TIME_STAMP_AUTHOR = re.compile(r"^\s*(?:published|last updated|updated)\b", re.IGNORECASE)
# ... or a web address or a bare role with no name ("Www.Dw.Com", "Author", "About The Author",
# "Science Editor", "Special Correspondent"): 11 more of those 314. A role beside an outlet or an
# agency ("Press Association Reporter", "Reuters Editorial") stays: it credits that source.
_DOMAIN_AUTHOR = re.compile(r"^\s*(?:www\.)?[\w-]+(?:\.[\w-]+)+\s*$", re.IGNORECASE)
_ROLE_WORDS = frozenset({"about", "the", "author", "reporter", "editor", "correspondent", "staff", "senior", "science",
                         "technology", "showbiz", "special", "us", "sports", "political", "chief", "deputy", "writer",
                         "contributor", "columnist", "by"})


def _authors_naming_someone(value: object) -> object:
    """An author list without the entries that name nobody: time stamps, web addresses and bare
    roles (other values as they are)."""
    if isinstance(value, list):
        return [v for v in value if not (isinstance(v, str) and _names_nobody(v))]
    return value


def _names_nobody(author: str) -> bool:
    """True for an author entry that is a time stamp, a web address or a role without a name."""
    words = author.lower().split()
    return bool(_TIME_STAMP_AUTHOR.match(author) or _DOMAIN_AUTHOR.match(author)
                or (words and all(w in _ROLE_WORDS for w in words)))


def field_text(value: object) -> str | None:
    """A record field as a string (lists joined with commas), or None when empty."""
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    text = str(value).strip()
    return text or None


def record_date(value: object) -> str | None:
    """A record's publication date as ISO-8601, or None when it is no recognisable date.

    ISO values pass (``2020-08-05 14:02:00`` gets its ``T``); free-form dates with a year
    ("5 August 2020") are parsed; Unix times in seconds are read as UTC. Anything else
    ("yesterday", "20200805") is dropped rather than put in the report's ISO-8601 field.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if EPOCH_RANGE[0] <= value <= EPOCH_RANGE[1]:
            return datetime.fromtimestamp(value, UTC).isoformat(timespec="seconds")
        return None
    text = field_text(value)
    if text is None or _ISO_DATE.match(text):
        return iso_datetime(text)
    if not _YEAR.search(text):
        return None
    return parse_date(text)


def iso_datetime(value: str | None) -> str | None:
    """news-please writes ``2020-08-05 14:02:00``; ISO-8601 puts a ``T`` between date and time."""
    if value and _SPACE_DATETIME.match(value):
        return value.replace(" ", "T", 1)
    return value


def reason(error: BaseException) -> str:
    """The first line of an exception's message (its class name when it has none), kept short."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return message[:120]


def _mb(size: int) -> str:
    """A byte count in whole megabytes (MiB), for messages."""
    return f"{size / 2**20:.0f}"
