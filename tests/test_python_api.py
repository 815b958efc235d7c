"""The Python API a user meets (issue 20): records in memory, articles reachable from stories,
the store exported, type information shipped, and the README's worked example that runs."""

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import crosswire
from crosswire import (
    Article,
    InputError,
    Report,
    Store,
    Story,
    analyze_articles,
    analyze_paths,
    analyze_records,
    open_store,
    report_to_dict,
)
from crosswire.records import OriginGroup

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

TEXT = ("The Lakeside council voted on Tuesday to close the old ferry pier.\n"
        "Mayor Ilse Varga said repairs would have cost 2 million crowns.")


def _readme_api_section() -> str:
    """The README's "Python API" section."""
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Python API\n")
    return text[start:text.index("\n## ", start + 1)]


def test_readme_example_runs_and_prints_what_the_readme_shows(tmp_path, monkeypatch):
    section = _readme_api_section()
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    shown = re.search(r"```text\n(.*?)```", section, re.DOTALL).group(1)
    monkeypatch.chdir(tmp_path)  # the example writes news.jsonl and news.duckdb where it runs
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md (Python API)", "exec"), {"__name__": "readme_example"})  # noqa: S102 - the point
    # The briefing's sentences may change between versions (README says so); every other line may not.
    def fixed(lines: str) -> list[str]:
        return [line for line in lines.splitlines() if not line.startswith("  > ")]
    assert fixed(printed.getvalue()) == fixed(shown)
    assert "  > " in printed.getvalue()  # a briefing was printed, each sentence with its outlets


def test_an_article_made_in_memory_needs_no_source_path(tmp_path):
    article = Article(id="pier", title="Council closes ferry pier", text=TEXT, outlet="Lakeside Herald")
    assert article.source_path == ""
    assert Article("pier", "pier.txt", "Title", TEXT).source_path == "pier.txt"  # positional use unchanged
    report = analyze_articles([article])
    assert [a.id for a in report.articles] == ["pier"] and len(report.stories) == 1
    assert report_to_dict(report)["articles"][0]["source_path"] == ""  # still the contract's string
    db = tmp_path / "mem.duckdb"
    story = Story("s", ["pier"], origins=[OriginGroup(["pier"])])
    with open_store(db) as store:
        store.write_batch([(article, "hash")], [], [story], {"s": 1})
    with open_store(db, read_only=True) as store:
        assert store.article("pier") == article


def test_analyze_records_reads_dicts_as_the_json_reader_reads_records(tmp_path):
    records = [
        {"id": "pier", "title": "Council closes ferry pier", "text": TEXT, "outlet": "Lakeside Herald",
         "url": "https://herald.example/pier", "published": "2031-08-05 14:02:00", "byline": ["Ana Roth"]},
        {"id": "pier-np", "title": "Ferry pier to close", "maintext": TEXT.replace("Tuesday", "Tuesday night"),
         "date_publish": "5 August 2031", "source_domain": "courier.example"},
    ]
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records))
    fields = ("id", "title", "text", "outlet", "url", "published", "byline")
    from_dicts = analyze_records(records)
    from_file = analyze_paths([str(source)])

    def described(report: Report) -> list[tuple]:
        return [tuple(getattr(a, f) for f in fields) for a in report.articles]
    assert described(from_dicts) == described(from_file)
    assert from_dicts.article("pier").published == "2031-08-05T14:02:00"
    assert from_dicts.article("pier-np").outlet == "courier.example"
    assert {a.source_path for a in from_dicts.articles} == {"records"}


def test_analyze_records_reports_bad_records_and_goes_on():
    report = analyze_records([{"title": "No text here"}, "just a string", {"text": TEXT}])
    assert [str(p) for p in report.problems] == ["records[0]: record has no 'text' (or 'maintext')",
                                                  "records[1]: JSON record is not an object"]
    assert [a.id for a in report.articles] == ["record-2"]


@pytest.mark.parametrize("records, kind", [(TEXT, "str"), ({"text": TEXT}, "dict"), (5, "int"), (b"x", "bytes")])
def test_analyze_records_refuses_what_is_not_a_list_of_records(records, kind):
    with pytest.raises(InputError) as caught:
        analyze_records(records)
    assert str(caught.value) == f"records: expected a list of dicts, got {kind}"


def test_articles_are_reachable_from_their_story():
    report = analyze_records([{"id": "pier", "title": "Council closes ferry pier", "text": TEXT}])
    story = report.stories[0]
    assert report.articles_of(story) == [report.article("pier")]
    with pytest.raises(KeyError):
        report.articles_of(Story("other", ["not-in-this-report"]))


def test_store_is_exported_with_the_functions_that_make_one(tmp_path):
    assert {"Store", "open_store", "ingest_paths"} <= set(crosswire.__all__)
    with open_store(tmp_path / "new.duckdb") as store:
        assert isinstance(store, Store) and store.stats().articles == 0


def test_py_typed_ships_in_the_package(tmp_path):
    """The marker file exists and a wheel built from the project holds it (PEP 561)."""
    assert (ROOT / "src" / "crosswire" / "py.typed").is_file()
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path / "dist"), str(project)], check=False, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("crosswire-*.whl"))
    assert "crosswire/py.typed" in zipfile.ZipFile(wheel).namelist()
