"""The CLI follows the usual conventions (issue 20): --version, counts in the singular for one,
validated dates, --offset, the CROSSWIRE_DB environment variable and plain words for URL arguments."""

import json
from pathlib import Path

import pytest
from typer.main import get_command
from typer.models import CommandInfo
from typer.testing import CliRunner

import crosswire
from crosswire import analyze_paths
from crosswire.cli import EXIT_NOTHING, app, counted, skipped_line
from crosswire.ingest.sources import URL_PROBLEM
from crosswire.records import Article, OriginGroup, Story
from crosswire.store.db import open_store

USAGE_ERROR = 2  # README, "Exit status"

RECORD = {"id": "pier-vote", "title": "Lakeside council votes to close ferry pier",
          "text": "The Lakeside council voted on Tuesday to close the old ferry pier.\n"
                  "Mayor Ilse Varga said repairs would have cost 2 million crowns.",
          "outlet": "Lakeside Herald", "published": "2031-08-04"}


def _database(tmp_path: Path, n: int = 3) -> Path:
    """A database written straight through the store: story s<i> holds article a<i>, dated 2031-0<i>-10."""
    db = tmp_path / "news.duckdb"
    articles = [Article(f"a{i}", f"a{i}.txt", f"Title {i}", f"Text {i} about the harbour.", published=f"2031-0{i}-10")
                for i in range(1, n + 1)]
    stories = [Story(f"s{i}", [f"a{i}"], headline=f"Headline {i}", first_published=f"2031-0{i}-10",
                     last_published=f"2031-0{i}-10", origins=[OriginGroup([f"a{i}"])]) for i in range(1, n + 1)]
    with open_store(db) as store:
        store.write_batch([(a, f"h{k}") for k, a in enumerate(articles)], [], stories,
                          {s.id: k for k, s in enumerate(stories, start=1)})
    return db


def _listed_ids(output: str) -> list[str]:
    """The story ids of a `crosswire stories` table (first column of each row)."""
    return [line.split("\t")[0] for line in output.splitlines() if "\t" in line]


def test_version_flag_prints_name_and_version_before_any_command():
    for args in (["--version"], ["--version", "stories"]):  # eager: no --db needed
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0 and result.stdout == f"crosswire {crosswire.__version__}\n"


def test_counted_uses_the_singular_for_exactly_one():
    assert [counted(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert counted(1, "story", "stories") == "1 story" and counted(3, "story", "stories") == "3 stories"


def test_one_article_is_counted_in_the_singular_everywhere(tmp_path):
    source = tmp_path / "one.json"
    source.write_text(json.dumps(RECORD))
    db = tmp_path / "one.duckdb"
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(source), "--db", str(db), "-q"])
    assert ingested.exit_code == 0
    assert f"crosswire: 1 new article, 0 duplicates, 1 story recomputed; {db} holds 1 article in 1 story" \
        in ingested.stderr
    listed = runner.invoke(app, ["stories", "--db", str(db)])
    assert "\t1 article · 1 independent source\t" in listed.stdout
    assert listed.stderr.strip() == "crosswire: 1 of 1 story"
    analyzed = runner.invoke(app, ["analyze", str(source), "-q"])
    assert "\n1 article, 1 story.\n" in analyzed.stdout


@pytest.mark.parametrize("value", ["2018-13-01", "2031-02-30", "yesterday", "20310210", "2031-2-10", "2031-02-10T00:00"])
@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_date_that_is_not_yyyy_mm_dd_is_a_usage_error(tmp_path, option, value):
    result = CliRunner().invoke(app, ["stories", "--db", str(_database(tmp_path)), option, value])
    assert result.exit_code == USAGE_ERROR
    assert f"Invalid value for '{option}': '{value}' is not a" in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_valid_dates_still_filter(tmp_path):
    result = CliRunner().invoke(app, ["stories", "--db", str(_database(tmp_path)),
                                      "--since", "2031-02-01", "--until", " 2031-02-28 "])
    assert result.exit_code == 0 and _listed_ids(result.stdout) == ["s2"]


def test_offset_lists_the_next_page_and_says_how_to_reach_it(tmp_path):
    db = str(_database(tmp_path))
    runner = CliRunner()
    first = runner.invoke(app, ["stories", "--db", db, "--limit", "2"])
    assert _listed_ids(first.stdout) == ["s3", "s2"]
    assert first.stderr.strip() == "crosswire: 2 of 3 stories; --offset 2 lists the next"
    second = runner.invoke(app, ["stories", "--db", db, "--limit", "2", "--offset", "2"])
    assert _listed_ids(second.stdout) == ["s1"]
    assert second.stderr.strip() == "crosswire: 1 of 3 stories (number 3)"
    page = json.loads(runner.invoke(app, ["stories", "--db", db, "--offset", "1", "--json"]).stdout)
    assert (page["total"], page["offset"], [s["id"] for s in page["stories"]]) == (3, 1, ["s2", "s1"])
    assert runner.invoke(app, ["stories", "--db", db, "--offset", "-1"]).exit_code == USAGE_ERROR


def test_database_comes_from_crosswire_db_and_db_wins(tmp_path):
    db = str(_database(tmp_path))
    missing = str(tmp_path / "missing.duckdb")
    runner = CliRunner()
    from_env = runner.invoke(app, ["stories"], env={"CROSSWIRE_DB": db})
    assert from_env.exit_code == 0 and _listed_ids(from_env.stdout) == ["s3", "s2", "s1"]
    assert runner.invoke(app, ["stories", "--db", db], env={"CROSSWIRE_DB": missing}).exit_code == 0
    overridden = runner.invoke(app, ["stories", "--db", missing], env={"CROSSWIRE_DB": db})
    assert overridden.exit_code == EXIT_NOTHING and f"{missing}: no such database" in overridden.stderr
    neither = runner.invoke(app, ["stories"], env={"CROSSWIRE_DB": ""})
    assert neither.exit_code == USAGE_ERROR and "CROSSWIRE_DB" in neither.stderr


def test_every_command_with_a_database_reads_crosswire_db():
    commands = get_command(app).commands
    with_db = {name: p for name, command in commands.items() for p in command.params if p.name == "db"}
    assert {"ingest", "stories", "show", "export", "serve"} <= set(with_db)
    assert all(param.envvar == "CROSSWIRE_DB" for param in with_db.values())


def test_a_url_argument_is_named_a_url_not_a_missing_file(tmp_path):
    url = "https://news.example/2031/08/04/pier-vote.html"
    result = CliRunner().invoke(app, ["analyze", url, "-q"])
    assert result.exit_code == EXIT_NOTHING
    assert f"crosswire: skipped {url}: is a URL: crosswire reads files and folders, not web addresses" in result.stderr
    assert "no such file" not in result.stderr
    problems = analyze_paths([url, str(tmp_path / "gone.txt")]).problems
    assert [p.message for p in problems] == [URL_PROBLEM, "no such file or folder"]


def test_the_url_line_points_to_fetch_only_when_crosswire_has_it(tmp_path, monkeypatch):
    problem = analyze_paths(["http://news.example/a"]).problems[0]
    has_fetch = any((c.name or c.callback.__name__) == "fetch" for c in app.registered_commands)
    assert ("crosswire fetch" in skipped_line(problem)) == has_fetch
    fetch = CommandInfo(name="fetch", callback=lambda: None)
    monkeypatch.setattr(app, "registered_commands", [*app.registered_commands, fetch])
    assert skipped_line(problem).endswith("; crosswire fetch downloads web pages")
    assert not skipped_line(analyze_paths([str(tmp_path / "gone.txt")]).problems[0]).endswith("web pages")
