"""A user's QA pass: hostile text stays inert in Markdown, outputs fail as one line, ids stay unique."""

import gzip
import json

from markdown_it import MarkdownIt
from typer.testing import CliRunner

from crosswire.cli import EXIT_NOTHING, EXIT_OK, app
from crosswire.ingest.sources import read_sources
from crosswire.records import Article, BriefingSentence, OriginGroup, Report, Story
from crosswire.report.writers import code, md, report_to_markdown
from crosswire.settings import Settings

HOSTILE_TITLE = "Tide [report](javascript:alert(1)) <script>alert(2)</script> `x` *big*"
RECORD = {"id": "quay", "title": "Quay at Orvel reopens after storm repairs",
          "text": "The quay at Orvel reopened on Thursday after six weeks of repairs, the port authority said.\n"
                  "Fishing boats returned to their moorings by the afternoon.",
          "outlet": "Orvel Tidings", "published": "2031-05-08"}


def _hostile_report() -> Report:
    article = Article("a`b", "a.json", HOSTILE_TITLE, "Body.", outlet="Evil](javascript:alert(5))",
                      byline="<img src=x onerror=alert(3)>", published="2031-05-08")
    story = Story("s-a", ["a`b"], headline=HOSTILE_TITLE, origins=[OriginGroup(["a`b"])],
                  briefing=[BriefingSentence("# Breaking: <b>all</b> [ships](javascript:x) sank", ["a`b"])],
                  single_source=["- toll: 3 &lt;script&gt;"])
    return Report("test", [article], [story])


def test_untrusted_text_renders_as_typed_not_as_links_html_or_headings():
    html = MarkdownIt("commonmark").render(report_to_markdown(_hostile_report()))
    assert "<a " not in html and "<script" not in html and "<img" not in html and "<b>" not in html
    assert "Breaking" not in "".join(line for line in html.splitlines() if line.startswith("<h"))
    assert html.count("<h1>") == 1 and html.count("<h2>") == 1  # only the report's own headings
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # shown, escaped, to the reader
    assert "javascript:alert(1)" in html and "*big*" in html  # nothing dropped, nothing emphasised
    assert "<code>a`b</code>" in html  # an id with a backtick stays one code span
    assert "&amp;lt;script&amp;gt;" in html  # an entity in the text is not decoded into markup


def test_md_leaves_ordinary_news_text_alone():
    plain = "Fares rose 3.5% (from 12 to 12.42 crowns) - the first rise since 2029, officials said."
    assert md(plain) == plain
    assert md("1. Lead item") == "1\\. Lead item" and md("2031 was calm") == "2031 was calm"
    assert md("line one\n## line two") == "line one ## line two"
    assert md("01_harbour_wire") == "01_harbour_wire" and md("_sic_") == "\\_sic\\_"
    assert code("plain-id") == "`plain-id`" and code("`x") == "`` `x ``"


def test_unwritable_output_is_one_line_before_the_analysis(tmp_path):
    (tmp_path / "quay.json").write_text(json.dumps(RECORD), encoding="utf-8")
    missing = tmp_path / "no-such-folder" / "report.json"
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "quay.json"), "--json", str(missing), "-q"])
    assert result.exit_code == EXIT_NOTHING
    assert result.stderr.strip() == f"crosswire: error: cannot write --json {missing}: folder {missing.parent} does not exist"
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "quay.json"), "--markdown", str(tmp_path), "-q"])
    assert result.exit_code == EXIT_NOTHING
    assert result.stderr.strip() == f"crosswire: error: cannot write --markdown {tmp_path}: it is a folder"
    assert "Traceback" not in result.output


def test_same_file_name_in_two_folders_gives_two_articles(tmp_path):
    for outlet, sentence in (("north", "The Orvel ferry sailed again on Friday, its owners said."),
                             ("south", "Orvel harbour fees will double next year, the council decided.")):
        (tmp_path / outlet).mkdir()
        (tmp_path / outlet / "story.txt").write_text(sentence + "\n", encoding="utf-8")
    (tmp_path / "north" / "arch.json").write_text(json.dumps([RECORD]), encoding="utf-8")
    (tmp_path / "south" / "arch.jsonl").write_text(json.dumps(RECORD | {"id": None}) + "\n", encoding="utf-8")
    documents, problems = read_sources([str(tmp_path)], Settings())
    assert problems == []
    assert sorted(d.id for d in documents) == ["arch~2", "quay", "story", "story~2"]
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--json", "-", "-q"])
    assert result.exit_code == EXIT_OK and "skipped" not in result.stderr


def test_zero_byte_gz_is_an_empty_file_not_corrupt(tmp_path):
    (tmp_path / "blank.txt.gz").write_bytes(b"")
    (tmp_path / "hollow.txt.gz").write_bytes(gzip.compress(b""))
    _, problems = read_sources([str(tmp_path)], Settings())
    assert [(p.source.rsplit("/", 1)[-1], p.message) for p in problems] == [
        ("blank.txt.gz", "file is empty"), ("hollow.txt.gz", "file is empty")]


def test_absurd_worker_count_is_a_usage_error(tmp_path):
    (tmp_path / "quay.json").write_text(json.dumps(RECORD), encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "quay.json"), "--workers", "99999", "-q"])
    assert result.exit_code == 2 and "--workers" in result.output


def test_record_dates_become_iso_or_nothing(tmp_path):
    dates = ["2025-03-04 09:00:00", "March 3, 2025", 1741000000, "yesterday", "20250101", 20250101]
    lines = [json.dumps(RECORD | {"id": f"d{n}", "published": value}) for n, value in enumerate(dates)]
    (tmp_path / "dated.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents, problems = read_sources([str(tmp_path)], Settings())
    assert problems == []
    assert [d.hints.published for d in documents] == [
        "2025-03-04T09:00:00", "2025-03-03", "2025-03-03T11:06:40+00:00", None, None, None]


def test_truncated_json_message_reads_once(tmp_path):
    (tmp_path / "cut.json").write_text('{"title": "Orvel", "text": "The quay', encoding="utf-8")
    _, problems = read_sources([str(tmp_path / "cut.json")], Settings())
    assert [p.message for p in problems] == ["malformed JSON (Unterminated string starting at line 1 column 28)"]


def test_problem_with_a_newline_in_its_file_name_stays_one_line(tmp_path):
    (tmp_path / "quay.json").write_text(json.dumps(RECORD), encoding="utf-8")
    (tmp_path / "two\nlines\x1b[31m.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--json", "-", "-q"])
    assert result.exit_code == EXIT_OK
    assert result.stderr.splitlines() == [f"crosswire: skipped {tmp_path}/two\\nlines\\x1b[31m.txt: file is empty"]


def test_progress_bar_waits_for_a_slow_batch():
    from crosswire.cli import BAR_DELAY_S, _Bar

    with _Bar(enabled=True) as bar:
        bar("read", 1, 3)
        assert not bar.shown  # a quick batch never draws a bar
        bar.started_at -= BAR_DELAY_S  # as if the batch had run that long
        bar("read", 2, 3)
        assert bar.shown


def test_source_line_naming_a_domain_gives_the_outlet(tmp_path):
    lines = ["Orvel quay reopens", "The quay at Orvel reopened on Thursday after six weeks of repairs, the port said.",
             "Fishing boats returned to their moorings by the afternoon, harbour staff said.",
             "Source: www.orvel-tidings.example/"]
    (tmp_path / "quay.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "quay.txt"), "--json", "-", "-q"])
    article = json.loads(result.stdout)["articles"][0]
    assert article["outlet"] == "orvel-tidings.example"
    assert "Source: www.orvel-tidings.example/" in article["removed"]


def test_numeric_date_lines_are_read_only_when_unambiguous():
    from crosswire.ingest.metadata import find_date

    assert find_date("Updated 13/03/2025 9:30 pm") == "2025-03-13T21:30"  # 13 can only be the day
    assert find_date("03/13/2025") == "2025-03-13"  # ... or here the month-first US form
    assert find_date("11.03.2025 14:05") == "2025-03-11T14:05"  # dots: day first
    assert find_date("2025/03/11") == "2025-03-11"
    assert find_date("Published 2025/03/11 9:30 pm") == "2025-03-11T21:30"  # the time kept after a label
    assert find_date("11/03/2025") is None  # 11 March or 3 November: not guessed
    assert find_date("31/02/2025") is None  # no such day
    assert find_date("Tickets for the 13/03/2025 Orvel regatta go on sale at the quay office today") is None


def test_a_run_on_line_is_cut_into_bounded_sentences_with_nothing_lost():
    # A table or list scraped without punctuation (or hostile input) can be one 'sentence' of
    # megabytes; every per-sentence step would then work on all of it for each name or figure.
    from crosswire.text import MAX_SENTENCE_CHARS, sentence_spans

    words = [f"Velmora{n % 7} harbour {n} ferries" for n in range(3000)]
    text = "Short opening sentence here. " + " ".join(words) + ". Closing sentence after it."
    spans = sentence_spans(text)
    assert spans[0].text == "Short opening sentence here."
    assert spans[-1].text == "Closing sentence after it."
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in spans)
    assert " ".join(s.text for s in spans[1:-1]).split() == (" ".join(words) + ".").split()
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_a_huge_one_line_file_is_analysed(tmp_path):
    line = " ".join(f"Mayor Ilsa Varn{n % 5} said {n} ferries docked at Velmora on Monday" for n in range(2500))
    (tmp_path / "oneline.txt").write_text(line + ".\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--json", str(tmp_path / "r.json"), "-q"])
    assert result.exit_code == EXIT_OK, result.output
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 1 and report["stories"]


def test_undated_file_takes_the_date_written_in_its_name(tmp_path):
    from crosswire.extract.articles import extract_articles

    body = ("Ferry crews in Port Selwyn walked out on Monday over a pay offer, stranding hundreds of "
            "passengers on both sides of the strait, the Kestrin Ferry Union said.\n")
    (tmp_path / "KWN20310304.0012.txt").write_text("Ferry crews strike in Port Selwyn\n" + body)
    (tmp_path / "9f20311399c0.txt").write_text("Ferry crews strike in Port Selwyn\n" + body)
    (tmp_path / "2031-02-01-ferry.txt").write_text("Ferry crews strike in Port Selwyn\nMarch 5, 2031\n" + body)
    documents, problems = read_sources([tmp_path])
    articles, failures = extract_articles(documents)
    assert problems == [] and failures == []
    published = {a.id: a.published for a in articles}
    assert published == {"KWN20310304.0012": "2031-03-04", "9f20311399c0": None, "2031-02-01-ferry": "2031-03-05"}
