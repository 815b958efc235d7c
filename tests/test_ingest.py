"""Ingest: every input format becomes the right RawDocuments; bad input becomes one Problem each."""

import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.ingest.sources import read_file, read_sources, read_stdin
from crosswire.settings import Settings

PAGE = """<!DOCTYPE html><html><head><title>Pier closes | Lakeside Herald</title></head>
<body><nav>Home | Sport</nav><article><h1>Lakeside closes old ferry pier</h1>
<p>The Lakeside council voted on Tuesday to close the old ferry pier after an inspection.</p>
</article></body></html>"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Lakeside Herald</title><link>https://herald.example/</link>
<item><title>Pier closes</title><link>https://herald.example/pier</link>
  <dc:creator>Mira Holt</dc:creator><pubDate>Tue, 04 Aug 2020 09:30:00 +0200</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>The council voted to close the pier.</p><p>Repairs would cost
  <b>2 million</b> crowns.</p><script>track()</script>]]></content:encoded></item>
<item><title>Ferry timetable</title><link>https://herald.example/ferry</link>
  <description>&lt;p&gt;Ferries leave from the new quay.&lt;/p&gt;</description></item>
<item><title>Photo gallery</title><link>https://herald.example/gallery</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Courier</title>
<entry><title>Bridge reopens</title><link href="https://courier.example/bridge"/>
<id>tag:courier.example,2020:1</id><updated>2020-08-05T10:00:00Z</updated>
<author><name>Jon Reyes</name></author>
<content type="html">&lt;p&gt;The valley bridge reopened on Wednesday.&lt;/p&gt;</content></entry>
</feed>"""


def _read(tmp_path, *names, settings=None):
    return read_sources([str(tmp_path / n) for n in names], settings or Settings())


def _warc(records, compress=False):
    """A WARC built with warcio: each record is (type, uri, status, content type, payload)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for rec_type, uri, status, content_type, payload in records:
        http = None
        if rec_type == "response":
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(payload), http_headers=http,
                                           warc_content_type=content_type if rec_type == "resource" else "")
        writer.write_record(record)
    return buffer.getvalue()


PAGE_RECORDS = [
    ("warcinfo", None, None, "", b"software: test"),
    ("request", "https://herald.example/pier", None, "", b"GET /pier HTTP/1.1\r\n\r\n"),
    ("response", "https://herald.example/pier", "200 OK", "text/html; charset=utf-8", PAGE.encode()),
    ("response", "https://herald.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ("response", "https://herald.example/old", "301 Moved Permanently", "text/html", b"<html>moved</html>"),
    ("response", "https://herald.example/missing", "404 Not Found", "text/html", b"<html>not found</html>"),
    ("response", "https://herald.example/ferry", "200 OK", "text/html; charset=windows-1252",
     PAGE.replace("old ferry pier", "caf\u00e9 pier").encode("cp1252")),
]


def test_text_html_and_gzipped_html_get_file_stem_ids(tmp_path):
    (tmp_path / "scraped.txt").write_text("Menu\nPier closes\nThe council closed the pier.\nShare this\n")
    (tmp_path / "page.html").write_text(PAGE)
    (tmp_path / "zipped.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    docs, problems = _read(tmp_path, "scraped.txt", "page.html", "zipped.html.gz")
    assert problems == []
    assert [(d.id, d.media_type) for d in docs] == [("scraped", "text/plain"), ("page", "text/html"),
                                                   ("zipped", "text/html")]
    assert "Share this" in docs[0].text  # page clutter is extraction's job, not ingest's
    assert docs[2].text == PAGE


def test_json_object_array_and_lines_with_both_field_styles(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"title": "Pier closes", "text": "The pier closed.", "story": 7}))
    (tmp_path / "many.json").write_text(json.dumps([{"id": "h-1", "text": "A."}, {"text": "B."}]))
    news_please = {"title": "Bridge", "maintext": "The bridge reopened.", "url": "https://courier.example/b",
                   "date_publish": "2020-08-05 14:02:00", "source_domain": "courier.example",
                   "authors": ["Jon Reyes", "Published P.M. Et Aug.", "Ana Li", "Last Updated", "Www.Courier.Example",
                               "Science Editor", "Courier Wire Staff"]}
    (tmp_path / "dump.jsonl").write_text(json.dumps({"text": "First."}) + "\n\n" + json.dumps(news_please) + "\n")
    docs, problems = _read(tmp_path, "one.json", "many.json", "dump.jsonl")
    assert problems == []
    assert [d.id for d in docs] == ["one", "h-1", "many-2", "dump-1", "dump-2"]
    assert {d.media_type for d in docs} == {"text/record"}
    assert docs[0].hints.title == "Pier closes" and docs[0].hints.story == "7"
    hints = docs[4].hints
    assert docs[4].text == "The bridge reopened."
    assert (hints.url, hints.published, hints.outlet, hints.byline) == (
        "https://courier.example/b", "2020-08-05T14:02:00", "courier.example",
        "Jon Reyes, Ana Li, Courier Wire Staff")  # no time stamps, web addresses or bare roles


def test_malformed_json_lines_are_reported_and_good_lines_kept(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Good one."}), '{"id": "b", "text": ', json.dumps({"title": "no body"}),
             json.dumps({"id": "c", "text": "Good two."})]
    (tmp_path / "batch.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    docs, problems = _read(tmp_path, "batch.jsonl.gz")
    assert [d.id for d in docs] == ["a", "c"]
    where = tmp_path / "batch.jsonl.gz"
    assert [str(p) for p in problems] == [
        f"{where}:2: malformed JSON line (Expecting value at column 21)",
        f"{where}:3: record has no 'text' (or 'maintext')",
    ]


def test_broken_json_document_is_one_problem(tmp_path):
    (tmp_path / "broken.json").write_text('{\n  "title": "Pier",\n  "text": "x",,\n}\n')
    docs, problems = _read(tmp_path, "broken.json")
    assert docs == []
    assert [str(p) for p in problems] == [
        (f"{tmp_path / 'broken.json'}: malformed JSON (Expecting property name enclosed in double quotes "
        "at line 3 column 15)")]


@pytest.mark.parametrize("compress", [False, True])
def test_warc_keeps_html_pages_that_loaded(tmp_path, compress):
    name = "crawl.warc.gz" if compress else "crawl.warc"
    (tmp_path / name).write_bytes(_warc(PAGE_RECORDS, compress))
    docs, problems = _read(tmp_path, name)
    assert problems == []
    assert [(d.id, d.media_type, d.hints.url) for d in docs] == [
        ("crawl-1", "text/html", "https://herald.example/pier"),
        ("crawl-2", "text/html", "https://herald.example/ferry")]
    assert docs[0].text == PAGE
    assert "caf\u00e9 pier" in docs[1].text  # decoded with the charset the HTTP header declared
    assert docs[0].hints.fetched and docs[0].hints.published is None


def test_corrupt_and_truncated_warc_are_reported(tmp_path):
    whole = _warc(PAGE_RECORDS[2:3])
    (tmp_path / "junk.warc").write_bytes(b"this is not an archive\r\n\r\nat all")
    (tmp_path / "cut.warc").write_bytes(whole[:-200])
    (tmp_path / "assets.warc").write_bytes(_warc(PAGE_RECORDS[3:6]))
    docs, problems = _read(tmp_path, "junk.warc", "cut.warc", "assets.warc")
    assert docs == []
    assert str(problems[0]).startswith(f"{tmp_path / 'junk.warc'}: corrupt WARC after 0 page(s) (")
    assert [str(p) for p in problems[1:]] == [
        f"{tmp_path / 'cut.warc'}#1: truncated WARC record",
        f"{tmp_path / 'assets.warc'}: WARC holds no HTML page (status 200)",
    ]


def test_rss_and_atom_entries_become_records_with_hints(tmp_path):
    (tmp_path / "herald.rss").write_text(RSS)
    (tmp_path / "courier.xml").write_text(ATOM)
    docs, problems = _read(tmp_path, "herald.rss", "courier.xml")
    assert [str(p) for p in problems] == [f"{tmp_path / 'herald.rss'}#3: feed entry has no content or summary"]
    assert [(d.id, d.media_type) for d in docs] == [("herald-1", "text/record"), ("herald-2", "text/record"),
                                                   ("courier-1", "text/record")]
    first = docs[0]
    assert first.text == "The council voted to close the pier.\nRepairs would cost 2 million crowns."
    assert (first.hints.title, first.hints.url, first.hints.byline, first.hints.outlet, first.hints.published) == (
        "Pier closes", "https://herald.example/pier", "Mira Holt", "Lakeside Herald", "2020-08-04T07:30:00+00:00")
    assert docs[1].text == "Ferries leave from the new quay."
    assert (docs[2].text, docs[2].hints.byline, docs[2].hints.published) == (
        "The valley bridge reopened on Wednesday.", "Jon Reyes", "2020-08-05T10:00:00+00:00")


def test_xml_that_is_not_a_feed_is_a_problem(tmp_path):
    (tmp_path / "config.xml").write_text('<?xml version="1.0"?><settings><colour>blue</colour></settings>')
    docs, problems = _read(tmp_path, "config.xml")
    assert docs == [] and [p.message for p in problems] == ["XML file is not an RSS or Atom feed"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_legacy_and_bom_encodings_decode(tmp_path, encoding):
    text = "Caf\u00e9 owners in Lakeside say the pier\u2019s closure \u2014 after 40 years \u2014 hurts trade.\n"
    (tmp_path / "note.txt").write_bytes(text.encode(encoding))
    docs, problems = _read(tmp_path, "note.txt")
    assert problems == [] and docs[0].text == text


def test_utf8_with_one_damaged_byte_keeps_its_accents(tmp_path):
    data = "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 ".encode() + b"\xff" + b" for the pier."
    (tmp_path / "damaged.txt").write_bytes(data)
    docs, _ = _read(tmp_path, "damaged.txt")
    assert docs[0].text == "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \ufffd for the pier."


def test_bad_files_are_one_problem_each(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_text("  \n\n ")
    (tmp_path / "photo.jpg").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "broken.html.gz").write_bytes(gzip.compress(PAGE.encode())[:40])
    (tmp_path / "plain.jsonl.gz").write_text('{"text": "not compressed"}')
    docs, problems = _read(tmp_path, "empty.txt", "blank.html", "photo.jpg", "broken.html.gz", "plain.jsonl.gz",
                           "absent.txt")
    assert docs == []
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'empty.txt'}: file is empty",
        f"{tmp_path / 'blank.html'}: file is empty",
        f"{tmp_path / 'photo.jpg'}: binary file, not text",
        (f"{tmp_path / 'broken.html.gz'}: corrupt gzip data (Compressed file ended before the end-of-stream "
        "marker was reached)"),
        f"{tmp_path / 'plain.jsonl.gz'}: corrupt gzip data (not in gzip format)",
        f"{tmp_path / 'absent.txt'}: no such file or folder",
    ]


def test_size_limit_refuses_without_reading(tmp_path):
    settings = Settings(max_file_bytes=2 * 2**20)
    with open(tmp_path / "huge.txt", "wb") as handle:  # sparse: 3 MB on paper, nothing to read
        handle.truncate(3 * 2**20)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"pier " * 2**20))  # 5 MB once unpacked
    _, problems = _read(tmp_path, "huge.txt", "bomb.txt.gz", settings=settings)
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'huge.txt'}: file is 3 MB, over the 2 MB limit",
        f"{tmp_path / 'bomb.txt.gz'}: decompressed content is over the 2 MB limit",
    ]


def test_folder_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path):
    for name in ["b.txt", "a/z.txt", "a/c/d.txt", "a.txt", ".git/x.txt", "a/.hidden.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"Report {name}\nThe pier closed.\n")
    (tmp_path / "empty").mkdir()
    docs, problems = read_sources([str(tmp_path), str(tmp_path / "empty")], Settings())
    assert [d.source_path for d in docs] == [str(tmp_path / n) for n in ["a/c/d.txt", "a/z.txt", "a.txt", "b.txt"]]
    assert [str(p) for p in problems] == [f"{tmp_path / 'empty'}: folder holds no files"]


def test_progress_reports_each_file(tmp_path):
    for name in ["a.txt", "b.txt"]:
        (tmp_path / name).write_text("Pier\nThe pier closed.\n")
    calls = []
    read_sources([str(tmp_path), str(tmp_path / "gone.txt")], Settings(), lambda *c: calls.append(c))
    assert calls == [("read", 0, 3), ("read", 1, 3), ("read", 2, 3), ("read", 3, 3)]


@pytest.mark.parametrize(("data", "kind", "ids"), [
    (PAGE.encode(), "text/html", ["stdin"]),
    (b"Pier closes\nThe council closed the pier.\n", "text/plain", ["stdin"]),
    (b'{"text": "One."}\n{"id": "x", "text": "Two."}\n', "text/record", ["stdin-1", "x"]),
    (gzip.compress(b'{"text": "One."}\n'), "text/record", ["stdin"]),
    (RSS.encode(), "text/record", ["stdin-1", "stdin-2"]),
    (_warc(PAGE_RECORDS[2:3], compress=True), "text/html", ["stdin-1"]),
])
def test_stdin_content_is_sniffed(data, kind, ids):
    items = list(read_stdin(Settings(), io.BytesIO(data)))
    docs = [i for i in items if not hasattr(i, "message")]
    assert [d.id for d in docs] == ids and {d.media_type for d in docs} == {kind}
    assert {d.source_path for d in docs} == {"<stdin>"}


def test_stdin_over_the_limit(tmp_path):
    items = list(read_stdin(Settings(max_file_bytes=2**20), io.BytesIO(b"x" * (2**20 + 1))))
    assert [str(i) for i in items] == ["<stdin>: input is over the 1 MB limit"]


def test_read_file_reports_a_folder_given_as_file(tmp_path):
    items = list(read_file(tmp_path, Settings()))
    assert len(items) == 1 and str(items[0]).startswith(f"{tmp_path}: cannot read file (")


def test_file_in_another_record_format_is_one_problem_naming_its_fields(tmp_path):
    # A JSONL export of some other tool: no record has our text field. One line for the file
    # (naming the fields it does have) instead of one line per record.
    lines = [json.dumps({"uid": n, "body_html": "<p>Pier closed.</p>", "headline": "Pier"}) for n in range(5)]
    (tmp_path / "export.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, problems = _read(tmp_path, "export.jsonl")
    assert docs == []
    expected = (f"{tmp_path / 'export.jsonl'}: none of its 5 records has a 'text' (or 'maintext') field; "
                "their fields: uid, body_html, headline")
    assert [str(p) for p in problems] == [expected]


def test_html_character_references_in_a_record_s_text_are_written_out(tmp_path):
    """A JSON record's plain text holding "&amp;" or "&#124;" (an escaping artefact) reads as "&" and
    "|"; an ampersand that is no reference ("R&D") stays as written."""
    from crosswire.extract.articles import extract_articles

    record = {"title": "Dock &amp; rail strike", "text": "The Port Lisk Dock &amp; Rail union voted &#124; "
                                                          "R&D staff joined the strike on Monday."}
    (tmp_path / "one.json").write_text(json.dumps(record))
    docs, _ = _read(tmp_path, "one.json")
    articles, problems = extract_articles(docs)
    assert problems == []
    assert articles[0].title == "Dock & rail strike"
    assert articles[0].text == "The Port Lisk Dock & Rail union voted | R&D staff joined the strike on Monday."
