"""Bad input through the CLI: one line per unusable source, the batch completes, documented exit status."""

import contextlib
import gzip
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import crosswire
from crosswire.cli import EXIT_NOTHING, EXIT_OK, EXIT_STRICT, app

GOOD_RECORD = {"id": "pier-vote", "title": "Lakeside council votes to close ferry pier",
               "text": "The Lakeside council voted on Tuesday to close the old ferry pier.\n"
                       "Mayor Ilse Varga said repairs would have cost 2 million crowns.",
               "outlet": "Lakeside Herald", "published": "2020-08-04"}
# A script-rendered page saved before its script ran: a title, no text in the body.
EMPTY_PAGE = "<!DOCTYPE html><html><head><title>Herald</title><script>render()</script></head><body><div id='app'></div></body></html>"


def _invoke(*args, stdin=None):
    return CliRunner().invoke(app, ["analyze", *args, "-q"], input=stdin)


def _skipped(result):
    """The 'skipped' lines the CLI wrote to stderr."""
    return [line for line in result.stderr.splitlines() if line.startswith("crosswire: skipped ")]


def _warc_page(html: bytes) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://herald.example/p", "response",
                                                  payload=io.BytesIO(html), http_headers=http))
    return buffer.getvalue()


@pytest.fixture
def batch(tmp_path):
    """A folder with one good JSONL line and one of every kind of bad input."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_good.jsonl").write_text(json.dumps(GOOD_RECORD) + '\n{"id": "x", "text": \n')
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "d_corrupt.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (folder / "e_corrupt.warc").write_bytes(_warc_page(EMPTY_PAGE.encode())[:-60])
    with open(folder / "f_huge.txt", "wb") as handle:  # sparse file: over the 50 MB limit, nothing written
        handle.truncate(51 * 2**20)
    (folder / "g_notext.html").write_text(EMPTY_PAGE)
    return folder


def test_bad_files_each_get_one_line_and_good_file_is_reported(batch, tmp_path):
    out = tmp_path / "report.json"
    result = _invoke(str(batch), str(tmp_path / "missing.txt"), "--json", str(out))
    assert result.exit_code == EXIT_OK, result.output
    assert "Traceback" not in result.output
    skipped = _skipped(result)
    assert skipped[:7] == [
        f"crosswire: skipped {batch / 'a_good.jsonl'}:2: malformed JSON line (Expecting value at column 21)",
        f"crosswire: skipped {batch / 'b_empty.txt'}: file is empty",
        f"crosswire: skipped {batch / 'c_binary.txt'}: binary file, not text",
        (f"crosswire: skipped {batch / 'd_corrupt.html.gz'}: corrupt gzip data (Compressed file ended before the "
        "end-of-stream marker was reached)"),
        f"crosswire: skipped {batch / 'e_corrupt.warc'}#1: truncated WARC record",
        f"crosswire: skipped {batch / 'f_huge.txt'}: file is 51 MB, over the 50 MB limit",
        f"crosswire: skipped {tmp_path / 'missing.txt'}: no such file or folder",
    ]
    # The page without text gets through ingest; extraction reports it, in one line naming the file.
    assert len(skipped) == 8 and skipped[7].startswith(f"crosswire: skipped {batch / 'g_notext.html'}: ")
    report = json.loads(out.read_text())
    assert [a["id"] for a in report["articles"]] == ["pier-vote"]
    assert report["articles"][0]["outlet"] == "Lakeside Herald"
    assert [s["articles"] for s in report["stories"]] == [["pier-vote"]]


def test_strict_turns_problems_into_status_3(batch, tmp_path):
    out = tmp_path / "report.json"
    result = _invoke(str(batch / "a_good.jsonl"), str(batch / "b_empty.txt"), "--strict", "--json", str(out))
    assert result.exit_code == EXIT_STRICT
    assert _skipped(result) == [
        f"crosswire: skipped {batch / 'a_good.jsonl'}:2: malformed JSON line (Expecting value at column 21)",
        f"crosswire: skipped {batch / 'b_empty.txt'}: file is empty"]
    assert [a["id"] for a in json.loads(out.read_text())["articles"]] == ["pier-vote"]


def test_nothing_usable_is_status_1(batch):
    result = _invoke(str(batch / "b_empty.txt"), str(batch / "d_corrupt.html.gz"), str(batch / "g_notext.html"))
    assert result.exit_code == EXIT_NOTHING
    assert len(_skipped(result)) == 3
    assert result.stderr.splitlines()[-1] == "crosswire: error: no article could be analysed"


def test_stdin_jsonl_is_analysed(tmp_path):
    out = tmp_path / "report.json"
    lines = json.dumps(GOOD_RECORD) + "\n" + json.dumps({**GOOD_RECORD, "id": "pier-copy"}) + "\n"
    result = _invoke("-", "--json", str(out), stdin=lines.encode())
    assert result.exit_code == EXIT_OK, result.output
    report = json.loads(out.read_text())
    assert sorted(a["id"] for a in report["articles"]) == ["pier-copy", "pier-vote"]
    assert {a["source_path"] for a in report["articles"]} == {"<stdin>"}


def test_empty_stdin_is_status_1():
    result = _invoke("-", stdin=b"")
    assert result.exit_code == EXIT_NOTHING
    assert _skipped(result) == ["crosswire: skipped <stdin>: file is empty"]


@contextlib.contextmanager
def _as_user(uid: int):
    """Run the block with this effective user id (root bypasses file permissions otherwise)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(uid)
    try:
        yield
    finally:
        os.seteuid(0)


def _closed_to_others(path: Path) -> Path | None:
    """The first folder above ``path`` that other users cannot enter, if any."""
    for folder in path.resolve().parents:
        if not folder.stat().st_mode & 0o001:
            return folder
    return None


def test_unreadable_file_is_reported(tmp_path):
    if os.geteuid() != 0 and os.name != "posix":
        pytest.skip("needs POSIX permissions")
    closed = _closed_to_others(Path(crosswire.__file__)) or _closed_to_others(Path(sys.prefix) / "lib")
    if os.geteuid() == 0 and closed is not None:
        # Run as "nobody", the CLI imports modules lazily from this checkout: a checkout in a
        # private folder (a CI clone in a 0700 temporary folder) cannot be read by that user.
        # tests/test_bad_inputs.py checks the same line with the permission error faked.
        pytest.skip(f"{closed} cannot be entered by other users, so the CLI cannot run as nobody")
    folder = Path(tempfile.mkdtemp(prefix="crosswire-perm-"))  # outside pytest's root-only tmp folder
    try:
        folder.chmod(0o777)
        (folder / "good.jsonl").write_text(json.dumps(GOOD_RECORD) + "\n")
        (folder / "locked.txt").write_text("Pier closes\nThe council closed the pier.\n")
        (folder / "locked.txt").chmod(0o000)
        with _as_user(65534):  # nobody
            result = _invoke(str(folder / "good.jsonl"), str(folder / "locked.txt"), "--json",
                             str(folder / "report.json"))
            report = json.loads((folder / "report.json").read_text())
        assert result.exit_code == EXIT_OK, result.output
        assert _skipped(result) == [f"crosswire: skipped {folder / 'locked.txt'}: cannot read file (Permission denied)"]
        assert [a["id"] for a in report["articles"]] == ["pier-vote"]
    finally:
        shutil.rmtree(folder)


ARTICLE_PAGE = """<!DOCTYPE html><html><head><title>Ferry pier closes</title></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><article><h1>Lakeside closes its old ferry pier</h1>
<p>The Lakeside council voted on Tuesday to close the old ferry pier after engineers found cracks in two of its
supporting piles during a routine inspection in July.</p>
<p>Mayor Ilse Varga said repairs would have cost 2 million crowns, more than the town spends on its harbour in
five years, and that ferries would use the new quay on the east bank from next month.</p>
<p>Cafe owners near the pier said they feared losing the summer trade and asked the council for a temporary
footbridge while the quay is finished.</p></article><footer>Contact us</footer></body></html>"""


def test_gzipped_jsonl_and_warc_pages_reach_the_report(tmp_path):
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress((json.dumps(GOOD_RECORD) + "\n").encode()))
    (tmp_path / "crawl.warc.gz").write_bytes(gzip.compress(_warc_page(ARTICLE_PAGE.encode())))
    out = tmp_path / "report.json"
    result = _invoke(str(tmp_path / "dump.jsonl.gz"), str(tmp_path / "crawl.warc.gz"), "--json", str(out))
    assert result.exit_code == EXIT_OK, result.output
    articles = {a["id"]: a for a in json.loads(out.read_text())["articles"]}
    assert sorted(articles) == ["crawl-1", "pier-vote"]
    assert articles["crawl-1"]["url"] == "https://herald.example/p"
    assert "cracks in two of its supporting piles" in articles["crawl-1"]["text"]
