"""Issue 17 regressions outside the readers: entity typing, story ids, charsets, terminal output, the CLI's last resort."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from crosswire import cli
from crosswire.cli import EXIT_NOTHING, EXIT_OK, app, inert, inert_json
from crosswire.facts.entities import resolve_entities
from crosswire.ingest.decoding import decode
from crosswire.records import Article, OriginGroup, Story
from crosswire.store.db import open_store

RECORD = {"id": "quay", "title": "Quay at Orvel reopens",
          "text": "The quay at Orvel reopened on Thursday after six weeks of repairs, the port authority said.\n"
                  "Fishing boats returned to their moorings by the afternoon.",
          "outlet": "Orvel Tidings", "published": "2031-05-08"}


# --- item 7: a name in another script crashed entity typing ----------------------------------


def test_person_named_in_another_script_does_not_crash_entity_typing():
    # Real news quotes names in Cyrillic or Greek; spaCy labels them PERSON and fold() makes "" of
    # them, which raised IndexError in _vote_by_spacy (issue 17, Multi-News batches).
    text = ("Talks in Orvel ended on Monday. Kessa Drummond met Владимир Путин at the harbour office.\n"
            "Drummond said the talks with Олег Петренко would resume in June.")
    entities = resolve_entities([Article("a", "a.txt", "Talks end in Orvel", text)])
    assert "Kessa Drummond" in [e.name for e in entities]


# --- item 8: charsets and story ids ----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "À Noël, la ville a fêté.",
    "À Noël",
    "Et déjà port coût et maïs rôle un très orvel la orvel les naïf port en.",
    "Une être que île hôtel bateau le le bateau marché et les les déjà orvel.",
    "Maire la hôtel le fête Noël un été pour avec avec des en déjà été rôle.",
    "Élu à Noël",
])
def test_french_in_cp1252_is_not_read_as_baltic_or_japanese(text):
    # charset_normalizer read these as cp1257 ("Ą Noėl", "déją") or Shift JIS ("ﾀ No朓").
    assert decode("a.txt", text.encode("cp1252")) == text


@pytest.mark.parametrize("text, encoding", [
    ("Zażółć gęślą jaźń, może być łódź w Gdańsku.", "cp1250"),
    ("Правительство объявило о новых мерах.", "cp1251"),
    ("Η κυβέρνηση ανακοίνωσε νέα μέτρα.", "cp1253"),
    ("Der Bürgermeister sagte, die Straße bleibt geschlossen.", "cp1252"),
    ("¿Qué pasó en la ciudad? El alcalde habló.", "cp1252"),
])
def test_other_code_pages_still_decode(text, encoding):
    assert decode("a.txt", text.encode(encoding)) == text


def test_story_ids_are_unique_in_one_report(tmp_path):
    # An article "hint-x" made story "s-hint-x", as did a record whose story field is "x".
    records = [{"id": "hint-x", "title": "Quay reopens", "text": RECORD["text"]},
               {"id": "other", "story": "x", "title": "Quotas cut",
                "text": "Fishing quotas in the northern bay were cut by a third for next season, the ministry said."}]
    (tmp_path / "r.json").write_text(json.dumps(records), encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--json", "-", "-q"])
    ids = [s["id"] for s in json.loads(result.stdout)["stories"]]
    assert sorted(ids) == ["s-hint-x", "s-hint-x~2"]


# --- item 5: terminal output is inert --------------------------------------------------------

HOSTILE = "Quay \x1b]0;owned\x07 reopens \x1b[2J\x9b31m now"


def test_inert_escapes_control_sequences_and_keeps_lines():
    assert inert(HOSTILE + "\nnext\tline") == "Quay \\x1b]0;owned\\x07 reopens \\x1b[2J\\x9b31m now\nnext\tline"
    assert json.loads(inert_json(json.dumps({"t": HOSTILE}, ensure_ascii=False))) == {"t": HOSTILE}
    assert "\x9b" not in inert_json(json.dumps({"t": HOSTILE}, ensure_ascii=False))


def test_markdown_report_on_stdout_carries_no_escape_sequence(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(RECORD | {"title": HOSTILE, "id": "q\x1b[31m"}), encoding="utf-8")
    for args in ([], ["--markdown", "-"], ["--json", "-"]):
        result = CliRunner().invoke(app, ["analyze", str(tmp_path), "-q", *args])
        assert result.exit_code == EXIT_OK
        assert "\x1b" not in result.stdout and "\x9b" not in result.stdout and "\x07" not in result.stdout
        assert "reopens" in result.stdout


def _hostile_db(path):
    article = Article("q\x1b[31m", "a.json", HOSTILE, RECORD["text"], outlet="Orvel Tidings", published="2031-05-08")
    story = Story("s-q\x1b[31m", [article.id], headline=HOSTILE, origins=[OriginGroup([article.id])])
    with open_store(path) as store:
        store.write_batch([(article, "h1")], [], [story], {story.id: 1})
    return story.id


@pytest.mark.parametrize("args", [["stories"], ["stories", "--json"], ["show", "s-q\x1b[31m"],
                                  ["show", "s-q\x1b[31m", "--json"], ["export"]])
def test_database_listings_on_stdout_carry_no_escape_sequence(tmp_path, args):
    db = tmp_path / "c.duckdb"
    _hostile_db(db)
    result = CliRunner().invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == EXIT_OK, result.output
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout and "reopens" in result.stdout


# --- item 7: the CLI's last resort -----------------------------------------------------------


def _explode(*args, **kwargs):
    raise IndexError("list index out of range")


def test_unexpected_error_in_analyze_is_one_line(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text(json.dumps(RECORD), encoding="utf-8")
    monkeypatch.setattr(cli, "analyze_paths", _explode)
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "-q"])
    assert result.exit_code == EXIT_NOTHING and "Traceback" not in result.output
    expected = ("crosswire: error: unexpected IndexError: list index out of range (the report was not (fully) "
                "written; analyze changes no database); crosswire --debug shows the traceback")
    assert result.stderr.splitlines() == [expected]


def test_debug_shows_the_traceback(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text(json.dumps(RECORD), encoding="utf-8")
    monkeypatch.setattr(cli, "analyze_paths", _explode)
    result = CliRunner().invoke(app, ["--debug", "analyze", str(tmp_path), "-q"])
    assert result.exit_code == EXIT_NOTHING
    assert "Traceback" in result.stderr and "_explode" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("crosswire: error: unexpected IndexError")


def test_unexpected_error_in_ingest_says_what_was_committed(tmp_path, monkeypatch):
    from crosswire.facts import entities

    (tmp_path / "in").mkdir()
    for n in range(3):
        (tmp_path / "in" / f"a{n}.json").write_text(json.dumps(RECORD | {"id": f"a{n}", "text": f"{n} {RECORD['text']}"
                                                                         if n else RECORD["text"]}), encoding="utf-8")
    db = tmp_path / "c.duckdb"
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "in" / "a0.json"), "--db", str(db), "-q"]).exit_code == 0
    monkeypatch.setattr(entities, "resolve_entities", _explode)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "-q", "--batch-size", "1"])
    assert result.exit_code == EXIT_NOTHING and "Traceback" not in result.output
    line, = result.stderr.splitlines()
    assert line.startswith("crosswire: error: unexpected IndexError: list index out of range (")
    assert f"{db} keeps the batches committed before the error: 1 article in 1 story" in line
    assert "re-running the same command resumes" in line


def test_an_extractor_failure_costs_only_its_page(tmp_path, monkeypatch):
    from crosswire.extract import html

    def explode(markup):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html, "main_text", explode)
    (tmp_path / "page.html").write_text("<html><body><p>" + RECORD["text"] + "</p></body></html>", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(RECORD), encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--json", "-", "-q"])
    assert result.exit_code == EXIT_OK and [a["id"] for a in json.loads(result.stdout)["articles"]] == ["quay"]
    assert result.stderr.strip() == (f"crosswire: skipped {tmp_path / 'page.html'}: cannot extract the page "
                                     "(RecursionError: maximum recursion depth exceeded)")
