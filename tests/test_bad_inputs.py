"""Issue 17: one bad source never sinks a batch.

A generated matrix of bad inputs, each analysed beside one good article: the bad source gets one
line on stderr naming it, the good article is in the report, nothing prints a traceback, and the
exit status is the documented one (0, or 3 with --strict). Then property-based tests: the JSON,
feed, WARC and text readers turn any bytes into documents or one-line problems, never an exception.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.cli import EXIT_OK, EXIT_STRICT, app
from crosswire.errors import InputError
from crosswire.ingest.decoding import decode
from crosswire.ingest.sources import read_bytes
from crosswire.records import Problem, RawDocument
from crosswire.settings import Settings

GOOD = {"id": "good", "title": "Quay at Orvel reopens after storm repairs",
        "text": "The quay at Orvel reopened on Thursday after six weeks of repairs, the port authority said.\n"
                "Fishing boats returned to their moorings by the afternoon, harbour master Ilse Brandvik said.",
        "outlet": "Orvel Tidings", "published": "2031-05-08"}
BODY = "The ferry to Kelmare sailed again on Friday after the strike ended, its owners said."
PAGE = (f"<html><head><title>Ferry sails</title></head><body><article><h1>Ferry sails</h1><p>{BODY}</p>"
        f"<p>{BODY}</p></article></body></html>")
DEEP = 100_000
FIFTY_ONE_MB = 51 * 2**20


# ---------------------------------------------------------------------------------------------
# Builders: each writes one bad source into the folder and returns its name (what the line names)


def _write(name: str, data: bytes | str) -> Callable[[Path], str]:
    """A builder writing ``data`` to ``folder/name``."""
    def build(folder: Path) -> str:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (folder / name).write_bytes(raw)
        return name
    return build


def _warc(records: list[tuple[str, bytes, list[tuple[str, str]] | None, str]], gz: bool = False) -> bytes:
    """A WARC of (record type, payload, HTTP headers or None, URI) records, written with warcio."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for rec_type, payload, headers, uri in records:
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1") if headers is not None else None
        writer.write_record(writer.create_warc_record(uri, rec_type, payload=io.BytesIO(payload), http_headers=http))
    return buffer.getvalue()


def _raw_warc(headers: str, block: bytes) -> bytes:
    """One hand-written WARC record (for damage warcio's writer would not produce)."""
    return f"WARC/1.0\r\n{headers}\r\n".encode() + block + b"\r\n\r\n"


HTTP_OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE.encode()
GOOD_WARC = _warc([("response", PAGE.encode(), [("Content-Type", "text/html")], "http://news.example/ferry")])


def _sparse(name: str, size: int) -> Callable[[Path], str]:
    """A builder writing a sparse file of ``size`` bytes (no disk used)."""
    def build(folder: Path) -> str:
        with (folder / name).open("wb") as handle:
            handle.truncate(size)
        return name
    return build


def _fifo(folder: Path) -> str:
    """A named pipe: reading it would wait forever for a writer."""
    os.mkfifo(folder / "pipe.txt")
    return "pipe.txt"


def _socket(folder: Path) -> str:
    """A Unix socket file among the inputs."""
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    sock.close()
    return "sock.txt"


def _dangling_link(folder: Path) -> str:
    """A symbolic link to nothing."""
    (folder / "gone.txt").symlink_to(folder / "never-written.txt")
    return "gone.txt"


def _link_loop(folder: Path) -> str:
    """A symbolic link to itself."""
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    return "loop.txt"


def _bad_name(folder: Path) -> str:
    """A file whose name is not valid UTF-8 (latin-1 bytes)."""
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(BODY.encode())
    return "caf\\xe9.txt"


def _gzip_bomb(folder: Path) -> str:
    """51 MB of zeros in a few kilobytes of gzip."""
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"\0" * FIFTY_ONE_MB, compresslevel=1))
    return "bomb.txt.gz"


def _empty_subfolder(folder: Path) -> str:
    """A folder holding nothing, named on the command line next to the good file's folder."""
    (folder.parent / "hollow").mkdir()
    return "hollow"


@dataclass(frozen=True)
class Case:
    """One bad source: how to make it and what else is named on the command line."""

    name: str
    build: Callable[[Path], str]
    extra_path: str | None = None  # a path named on the command line instead of put in the folder
    lines: int = 1  # problem lines expected (0: damage the reader repairs; the source is read)


CASES = [
    # JSON and JSON lines (issue 17: nesting, long numbers; README: malformed line, no text)
    Case("json nested 100,000 deep (array)", _write("deep.json", "[" * DEEP + "]" * DEEP)),
    Case("json nested 100,000 deep (object)", _write("deep2.json", '{"a":' * DEEP + "1" + "}" * DEEP)),
    Case("jsonl line nested 100,000 deep", _write("deep.jsonl", "[" * DEEP + "]" * DEEP + "\n")),
    Case("5,000-digit number in published", _write("long.json", f'{{"text": "{BODY}", "published": {"9" * 5000}}}')),
    Case("5,000-digit negative number", _write("neg.json", f'{{"text": "{BODY}", "published": -{"9" * 5000}}}')),
    Case("5,000-digit number in a jsonl line", _write("long.jsonl", f'{{"text": "{BODY}", "id": {"7" * 5000}}}\n')),
    Case("truncated json", _write("cut.json", '{"text": "The quay')),
    Case("json that is a number", _write("num.json", "42")),
    Case("json that is null", _write("null.json", "null")),
    Case("json array of a number", _write("arr.json", "[1]")),
    Case("json record without text", _write("notext.json", '{"title": "Quay"}')),
    Case("json text is a number", _write("textnum.json", '{"text": 5}')),
    Case("json text is a list", _write("textlist.json", '{"text": ["a", "b"]}')),
    Case("json text is empty", _write("textempty.json", '{"text": ""}')),
    Case("json text is blank", _write("textblank.json", '{"text": "  \\n\\t "}')),
    Case("json text is null", _write("textnull.json", '{"text": null, "title": "x"}')),
    Case("jsonl of one malformed line", _write("bad.jsonl", "not json at all\n")),
    Case("json with a trailing comma", _write("comma.json", '{"text": "abc",}')),
    Case("json with single quotes", _write("quotes.json", "{'text': 'abc'}")),
    Case("json duplicate article id", _write("zz_dup.json", json.dumps({**GOOD, "text": BODY}))),
    Case("json record that is a cookie wall", _write("wall.json", json.dumps(
        {"id": "wall", "text": "We use cookies to improve your experience on our site. By continuing you accept our "
                               "use of cookies. Accept all cookies. Manage preferences. Privacy policy."}))),
    Case("json file of an empty object", _write("emptyobj.json", "{}")),
    # scraped text (README: empty, binary, over 50 MB; not a news article)
    Case("empty text file", _write("empty.txt", b"")),
    Case("blank text file", _write("blank.txt", b" \n\n\t \n")),
    Case("binary text file (zero bytes)", _write("zeros.txt", b"\0\1\2" * 200)),
    Case("PNG named .txt", _write("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4)),
    Case("control bytes named .txt", _write("controls.txt", bytes(range(1, 9)) * 300)),
    Case("UTF-16 BOM with an odd byte", _write("odd16.txt", b"\xff\xfeA\x00B")),
    Case("UTF-32 BOM with garbage", _write("bad32.txt", b"\xff\xfe\x00\x00\xff\xff\xff\xff")),
    Case("UTF-8 BOM and nothing else", _write("bomonly.txt", b"\xef\xbb\xbf")),
    Case("file over 50 MB", _sparse("huge.txt", FIFTY_ONE_MB)),
    Case("JSON file over 50 MB", _sparse("huge.json", FIFTY_ONE_MB)),
    Case("licence file", _write("LICENSE", "MIT License\n\nPermission is hereby granted, free of charge, to any "
                                           "person obtaining a copy of this software, to deal in the Software "
                                           "without restriction.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT "
                                           "WARRANTY OF ANY KIND.\n")),
    Case("README", _write("README.md", "# orvel-tools\n\n## Installation\n\n```\npip install orvel-tools\n```\n\n"
                                       "## Usage\n\n```\norvel run --fast\n```\n")),
    # HTML (README: HTML without text)
    Case("HTML without text", _write("blank.html", "<html><head><title></title></head><body></body></html>")),
    Case("HTML of scripts only", _write("script.html", "<html><body><script>var a = 1;</script></body></html>")),
    Case("binary named .html", _write("bin.html", b"\0" * 64 + bytes(range(256)))),
    Case("HTML nested 100,000 deep", _write("deep.html", "<div>" * DEEP + "</div>" * DEEP)),
    Case("HTML page not found", _write("404.html", "<html><head><title>404 Not Found</title></head><body>"
                                                   "<h1>Not Found</h1><p>The requested URL was not found on "
                                                   "this server.</p></body></html>")),
    # gzip (README: corrupt gzip)
    Case("corrupt gzip", _write("bad.txt.gz", b"\x1f\x8b\x08\x00" + bytes(range(200)))),
    Case("truncated gzip", _write("cut.txt.gz", gzip.compress(BODY.encode() * 20)[:30])),
    Case(".gz that is not gzip", _write("plain.txt.gz", BODY)),
    Case("empty .gz", _write("empty.txt.gz", b"")),
    Case("gzip of nothing", _write("nothing.txt.gz", gzip.compress(b""))),
    Case("gzip bomb over 50 MB", _gzip_bomb),
    Case("gzipped binary", _write("bin.txt.gz", gzip.compress(b"\0\1" * 500))),
    # WARC (issue 17: AttributeError inside warcio; README: corrupt WARC)
    Case("WARC of random bytes", _write("noise.warc", bytes(range(256)) * 8)),
    Case("empty WARC", _write("empty.warc", b"")),
    Case("WARC without WARC-Target-URI (warcio AttributeError)", _write("nouri.warc", _raw_warc(
        f"WARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(HTTP_OK)}\r\n", HTTP_OK))),
    Case("WARC without Content-Length (read: the record ends the file)", _write("nolength.warc", _raw_warc(
        "WARC-Type: response\r\nWARC-Target-URI: http://news.example/a\r\n"
        "Content-Type: application/http; msgtype=response\r\n", HTTP_OK)), lines=0),
    Case("WARC with a wrong Content-Length", _write("wronglength.warc", _raw_warc(
        "WARC-Type: response\r\nWARC-Target-URI: http://news.example/a\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(HTTP_OK) - 40}\r\n", HTTP_OK))),
    Case("WARC of requests only, one of them with a wrong Content-Length", _write("badrequests.warc", _raw_warc(
        "WARC-Type: request\r\nWARC-Target-URI: http://news.example/a\r\n"
        "Content-Type: application/http; msgtype=request\r\nContent-Length: 5\r\n", b"GET / HTTP/1.1\r\n\r\n"))),
    Case("truncated WARC", _write("cut.warc", GOOD_WARC[: len(GOOD_WARC) - 120])),
    Case("WARC of requests only", _write("requests.warc", _warc([("request", b"GET / HTTP/1.1\r\n\r\n", None,
                                                                  "http://news.example/")]))),
    Case("WARC of a 404 page", _write("404.warc", _warc([("response", PAGE.encode(), [("Content-Type", "text/html")],
                                                          "http://news.example/x")]).replace(b"200 OK", b"404 NF"))),
    Case("corrupt gzipped WARC", _write("bad.warc.gz", _warc([("response", PAGE.encode(),
                                                               [("Content-Type", "text/html")], "http://n.example/")],
                                                             gz=True)[:60] + b"\0" * 40)),
    Case("WARC of an image", _write("image.warc", _warc([("response", b"\x89PNG\r\n\x1a\n" + bytes(200),
                                                          [("Content-Type", "image/png")], "http://n.example/p")]))),
    # feeds
    Case("XML that is not a feed", _write("plain.xml", "<?xml version='1.0'?><catalog><item>1</item></catalog>")),
    Case("RSS without entries", _write("empty.rss", "<rss version='2.0'><channel><title>Tidings</title>"
                                                    "</channel></rss>")),
    Case("RSS entry without content", _write("bare.rss", "<rss version='2.0'><channel><title>T</title><item>"
                                                         "<title>Only a title</title></item></channel></rss>")),
    Case("feed with an entity bomb", _write("laughs.rss", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                                                          + '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                                                          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
                                                          '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
                                                          "<rss version='2.0'><channel><title>&d;</title>"
                                                          "</channel></rss>")),
    Case("feed nested 100,000 deep", _write("deep.atom", "<feed xmlns='http://www.w3.org/2005/Atom'>"
                                                         + "<x>" * DEEP + "</x>" * DEEP + "</feed>")),
    # the file system (issue 17: FIFO, unreadable paths, names that are not UTF-8)
    Case("named pipe (FIFO)", _fifo),
    Case("Unix socket", _socket),
    Case("dangling symbolic link", _dangling_link),
    Case("symbolic link loop", _link_loop),
    Case("file name not valid UTF-8", _bad_name),
    Case("character device named on the command line", lambda folder: "/dev/null", extra_path="/dev/null"),
    Case("missing path named on the command line", lambda folder: "no-such-file.json",
         extra_path="{tmp}/no-such-file.json"),
    Case("path with a NUL byte", lambda folder: "nul", extra_path="{tmp}/nul\0byte.txt"),
    Case("empty folder named on the command line", _empty_subfolder, extra_path="{tmp}/hollow"),
]


def test_the_matrix_is_large_enough():
    assert len(CASES) >= 60 and len({case.name for case in CASES}) == len(CASES)


# Seconds one run may take: a reader that blocks (a FIFO opened for reading waits for a writer
# forever) fails the test instead of hanging the suite.
RUN_DEADLINE_S = 60


class Blocked(BaseException):
    """A run went past its deadline. Not an Exception (nor an OSError, as TimeoutError is): no
    handler in crosswire may turn it into a problem line and let the test pass."""


@contextlib.contextmanager
def _deadline(seconds: int = RUN_DEADLINE_S) -> Iterator[None]:
    """Raise Blocked in the test when the block runs longer than ``seconds`` (Unix)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise Blocked(f"still running after {seconds} s (blocked on a read?)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _analyze(tmp_path: Path, case: Case, strict: bool) -> tuple[int, list[str], dict]:
    """Analyse the folder (good file + bad source) and any extra path; (status, stderr lines, report)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "00_good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    named = case.build(folder)
    paths = [str(folder)] + ([case.extra_path.format(tmp=tmp_path)] if case.extra_path else [])
    out = tmp_path / "report.json"
    with _deadline():
        result = CliRunner().invoke(app, ["analyze", *paths, "--json", str(out), "-q", *(["--strict"] if strict else [])])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    return result.exit_code, [line for line in result.stderr.splitlines() if line.strip()], report | {"named": named}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_source_is_one_line_and_the_batch_completes(tmp_path, case):
    strict = CASES.index(case) % 2 == 1  # every other case also checks --strict's status
    status, lines, report = _analyze(tmp_path, case, strict)
    assert status == (EXIT_STRICT if strict and case.lines else EXIT_OK), lines
    assert "good" in [a["id"] for a in report["articles"]]
    if case.lines == 0:  # a repaired source: read, and nothing to say about it
        assert lines == [] and len(report["articles"]) == 2
        return
    assert len(lines) == 1, lines
    assert lines[0].startswith("crosswire: skipped ") and report["named"] in lines[0], lines


def test_lone_surrogates_are_scrubbed_not_fatal(tmp_path):
    # A "\udcff" escape in a record's text, title and id: the record is read, with U+FFFD in place.
    bad = f'{{"id": "sur\\udcff", "title": "Quay \\udcff", "text": "{BODY} \\udcff"}}'
    status, lines, report = _analyze(tmp_path, Case("surrogate", _write("sur.json", bad)), strict=True)
    assert status == EXIT_OK and lines == []
    article = next(a for a in report["articles"] if a["id"] != "good")
    assert article["id"] == "sur\ufffd" and article["text"].endswith("\ufffd")


def test_surrogates_do_not_break_ingest_on_reruns(tmp_path):
    # Issue 17: ingest failed with UnicodeEncodeError on the first run and on every re-run.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (folder / "sur.json").write_text(f'{{"id": "sur", "text": "{BODY} \\udcff"}}', encoding="utf-8")
    db = tmp_path / "c.duckdb"
    for run in range(2):
        result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "-q"])
        assert result.exit_code == EXIT_OK and "Traceback" not in result.output, result.output
    assert "0 new articles, 2 duplicates" in result.stderr


@pytest.mark.parametrize("case", [c for c in CASES if c.name in {
    "json nested 100,000 deep (array)", "5,000-digit number in published", "WARC without WARC-Target-URI (warcio AttributeError)",
    "named pipe (FIFO)", "file name not valid UTF-8", "missing path named on the command line"}], ids=lambda c: c.name)
def test_bad_source_is_one_line_in_ingest_too(tmp_path, case):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "00_good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    named = case.build(folder)
    paths = [str(folder)] + ([case.extra_path.format(tmp=tmp_path)] if case.extra_path else [])
    with _deadline():
        result = CliRunner().invoke(app, ["ingest", *paths, "--db", str(tmp_path / "c.duckdb"), "-q"])
    assert result.exit_code == EXIT_OK and "Traceback" not in result.output, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("crosswire: skipped")]
    assert len(skipped) == 1 and named in skipped[0], result.stderr
    assert "1 new article," in result.stderr


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any folder")
def test_folder_without_execute_permission_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    locked.chmod(0o600)
    try:
        result = CliRunner().invoke(app, ["analyze", str(locked / "a.txt"), str(tmp_path / "good.json"), "--json", "-", "-q"])
    finally:
        locked.chmod(0o700)
    assert result.exit_code == EXIT_OK and "Traceback" not in result.output
    assert result.stderr.strip() == f"crosswire: skipped {locked / 'a.txt'}: cannot read (Permission denied)"


def test_path_behind_a_folder_without_execute_permission_is_one_line(tmp_path, monkeypatch):
    # The same as above for a root user, who reads every folder: os.stat fails as it does for others.
    from crosswire.ingest import sources as ingest

    hidden = str(tmp_path / "locked" / "a.txt")
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if str(path) == hidden:
            raise PermissionError(13, "Permission denied", hidden)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(ingest.os, "stat", stat)
    (tmp_path / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", hidden, str(tmp_path / "good.json"), "--json", "-", "-q"])
    assert result.exit_code == EXIT_OK and "Traceback" not in result.output
    assert result.stderr.strip() == f"crosswire: skipped {hidden}: cannot read (Permission denied)"


def test_unlistable_subfolder_is_one_line_not_a_silent_drop(tmp_path, monkeypatch):
    from crosswire.ingest import sources as ingest

    (tmp_path / "sub").mkdir()
    (tmp_path / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):
        for root, dirs, names in real_walk(top, onerror=onerror, **kwargs):
            if Path(root).name == "sub":
                onerror(PermissionError(13, "Permission denied", root))
                continue
            yield root, dirs, names

    monkeypatch.setattr(ingest.os, "walk", walk)
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--json", "-", "-q"])
    assert result.exit_code == EXIT_OK
    assert result.stderr.strip() == f"crosswire: skipped {tmp_path / 'sub'}: cannot list folder (Permission denied)"


# ---------------------------------------------------------------------------------------------
# Property-based tests: the readers never raise, whatever the bytes


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(name: str, data: bytes) -> list[RawDocument | Problem]:
    """Everything ``read_bytes`` makes of ``data`` under the file name ``name``."""
    items = list(read_bytes(f"in/{name}", "doc", data, Settings(), name))
    for item in items:
        assert isinstance(item, RawDocument | Problem)
        text = item.text if isinstance(item, RawDocument) else str(item)
        text.encode("utf-8")  # no lone surrogate left: writable to a report, a database, a terminal
    return items


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=20)
RECORDS = st.fixed_dictionaries({}, optional={key: JSON_VALUES for key in
                                              ("id", "title", "text", "url", "published", "outlet", "byline", "story",
                                               "maintext", "date_publish", "authors")})


@FAST
@given(st.lists(RECORDS, max_size=4), st.sampled_from(["a.json", "a.jsonl", "a"]))
def test_json_reader_takes_any_records(records, name):
    data = "\n".join(json.dumps(r) for r in records) if name.endswith("jsonl") else json.dumps(records)
    items = _read(name, data.encode())
    assert items or records == []


@FAST
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode), st.sampled_from(["a.json", "a.jsonl"]))
def test_json_reader_takes_any_bytes(data, name):
    _read(name, data)


def _feed(entries: list[tuple[str, str, str]]) -> str:
    """An RSS feed of (title, description, date) entries, markup in them left as it comes."""
    items = "".join(f"<item><title>{t}</title><description>{d}</description><pubDate>{p}</pubDate></item>"
                    for t, d, p in entries)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{items}</channel></rss>"


@FAST
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=80), st.text(max_size=20)), max_size=3))
def test_feed_reader_takes_any_entries(entries):
    _read("a.rss", _feed(entries).encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=300), st.sampled_from(["a.rss", "a.atom", "a.xml"]))
def test_feed_reader_takes_any_bytes(data, name):
    _read(name, b"<?xml version='1.0'?><rss version='2.0'>" + data)


@FAST
@given(st.lists(st.tuples(st.integers(0, len(GOOD_WARC) - 1), st.binary(min_size=0, max_size=8)), min_size=1, max_size=4),
       st.booleans())
def test_warc_reader_takes_damaged_archives(edits, gz):
    data = bytearray(_warc([("response", PAGE.encode(), [("Content-Type", "text/html")], "http://n.example/a")], gz))
    for at, chunk in edits:
        data[at % len(data):at % len(data) + len(chunk)] = chunk
    _read("a.warc.gz" if gz else "a.warc", bytes(data))


@FAST
@given(st.binary(max_size=600))
def test_warc_reader_takes_any_bytes(data):
    _read("a.warc", b"WARC/1.0\r\n" + data)


@FAST
@given(st.binary(max_size=600))
def test_text_decoder_returns_text_or_one_problem(data):
    try:
        text = decode("a.txt", data)
    except InputError as error:
        assert error.source == "a.txt" and "\n" not in error.problem
    else:
        assert isinstance(text, str) and text.strip()


@FAST
@given(st.text(max_size=200), st.sampled_from(["cp1252", "utf-8", "utf-16", "latin-1"]))
def test_text_reader_takes_any_text_in_any_encoding(text, encoding):
    _read("a.txt", text.encode(encoding, "ignore"))
