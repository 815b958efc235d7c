"""The Spark engine gives the in-process engine's report (issue 19), and its Parquet tables load into the store.

One Spark session (local[2]) serves the whole module: starting one costs several seconds.
Skipped when PySpark (the ``spark`` extra) is not installed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

pyspark = pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install 'crosswire[spark]')")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17) on PATH", allow_module_level=True)

from crosswire.cli import app, demo_corpus
from crosswire.engine import spark as engine_spark
from crosswire.engine import spark_cluster
from crosswire.engine.local import analyze_paths
from crosswire.errors import StoreError
from crosswire.report.writers import report_to_json, report_to_markdown
from crosswire.settings import Settings
from crosswire.store.db import load_report, open_store

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"

# Events written for this test: (story key, date, headline, body sentences). Each event is told
# by several outlets below, some copying another's text, some giving other figures.
EVENTS = {
    "ferry": ("2024-03-04", "Ferry runs aground near Saltmere harbour",
              ("A passenger ferry ran aground on a sandbar outside Saltmere harbour on Monday morning. "
              "The coastguard said 212 passengers were taken off by lifeboats. Nobody was badly hurt, "
              "according to the port authority. The operator Greyline Ferries suspended its crossings "
              "until the hull has been inspected by divers.")),
    "orchard": ("2024-05-19", "Frost ruins apple blossom across Dunmore valley",
                ("Two nights of frost destroyed most of the apple blossom in the Dunmore valley. "
                "Growers estimate that 60 percent of this year's crop is lost. The regional farmers' union "
                "asked the agriculture ministry for emergency support on Wednesday. Smaller orchards "
                "without wind machines were hit hardest.")),
    "bridge": ("2024-07-02", "Council closes Kettle Street bridge after cracks found",
               ("Engineers found cracks in two support beams of the Kettle Street bridge during a routine check. "
               "The city council closed the bridge to all traffic on Tuesday. Repairs will take about 8 weeks, "
               "the council's transport chief Mara Lindqvist said. Buses are being sent over the ring road.")),
    "chess": ("2024-09-14", "Teenager wins national chess title in Brackwell",
              ("Sixteen-year-old Tomas Reyner won the national chess championship in Brackwell on Saturday. "
              "He beat the defending champion in a tense final game that lasted 5 hours. Reyner is the youngest "
              "winner in the tournament's history. He will represent the country at the world event next spring.")),
    "library": ("2024-11-08", "Hollin library reopens after flood repairs",
                ("The central library in Hollin reopened on Friday after eighteen months of repairs. "
                "Floodwater had damaged 40000 books in the basement archive. The restored reading room now has "
                "raised floors and new pumps. Mayor Ines Carvell cut the ribbon in front of a crowd of readers.")),
}
OUTLETS = ("Coastline Daily", "The Valley Post", "Metro Ledger", "Northern Herald", "City Bulletin")


def _records() -> list[dict[str, str]]:
    """About thirty JSON records: each event told by five outlets (copies, edits and a changed figure)."""
    records = []
    for key, (day, title, body) in EVENTS.items():
        sentences = body.split(". ")
        versions = [
            body,  # the original
            body,  # a verbatim reprint
            ". ".join(sentences[:-1]) + ".",  # a shortened copy
            body.replace("Monday", "Tuesday").replace("60 percent", "70 percent").replace("8 weeks", "10 weeks"),
            f"{sentences[0]}. Local residents described the scene to our reporter. {sentences[-1]}",
        ]
        for n, (text, outlet) in enumerate(zip(versions, OUTLETS)):
            records.append({"id": f"{key}-{n}", "title": title if n != 4 else f"{title}: what we know",
                            "text": text, "outlet": outlet, "published": f"{day}T0{n + 6}:00:00",
                            "url": f"https://example.org/{key}/{n}"})
    records.append({"id": "lone", "title": "A bakery on Mill Lane marks its centenary",
                    "text": "The Crumb & Crust bakery on Mill Lane celebrated one hundred years of baking on Sunday. "
                            "The owner handed out free rolls to everyone who came by.",
                    "published": "2024-06-01"})
    return records


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    """One local Spark session for the module (two cores, as the CI machines have)."""
    session = engine_spark.spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The written events as a JSONL file, beside the project's own text, HTML and record fixtures
    and a malformed line (a problem both engines must report the same way)."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = [json.dumps(record) for record in _records()]
    lines.insert(3, "{not json")
    (folder / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for source in sorted(FIXTURES.rglob("*")):
        if source.is_file() and source.name != "evil.jsonl":
            (folder / f"{source.parent.name}_{source.name}").write_bytes(source.read_bytes())
    return folder


def _same_report(paths: list[str], spark: object, settings: Settings, progress=None) -> engine_spark.SparkRun:
    """Run both engines on ``paths`` and check that their JSON and Markdown reports are identical."""
    local = analyze_paths(paths, settings)
    run = engine_spark.analyze_paths(paths, settings, progress, spark=spark)
    assert report_to_json(run.report) == report_to_json(local)
    assert report_to_markdown(run.report) == report_to_markdown(local)
    assert [str(p) for p in run.report.problems] == [str(p) for p in local.problems]
    return run


def test_demo_cli_same_report_and_parquet_tables_load_into_the_store(spark: object, tmp_path: Path) -> None:
    """`analyze --engine spark --parquet` on the demo: the in-process report, then the tables into a store."""
    out, tables, db = tmp_path / "spark.json", tmp_path / "tables", tmp_path / "run.duckdb"
    result = CliRunner().invoke(app, ["analyze", str(demo_corpus()), "--engine", "spark", "--master", "local[2]",
                                      "--json", str(out), "--parquet", str(tables), "-q"])
    assert result.exit_code == 0, result.output
    local = analyze_paths([str(demo_corpus())], Settings())
    assert out.read_text(encoding="utf-8") == report_to_json(local)

    loaded = CliRunner().invoke(app, ["ingest", "--db", str(db), "--from-parquet", str(tables)])
    assert loaded.exit_code == 0, loaded.output
    assert f"holds {len(local.articles)} articles in {len(local.stories)} stories" in loaded.output
    with open_store(db, read_only=True) as store:
        stored = load_report(store)
    assert json.loads(report_to_json(stored))["stories"] == json.loads(report_to_json(local))["stories"]
    with pytest.raises(StoreError, match="empty database only"):
        engine_spark.load_parquet(db, tables)


def test_written_events_and_fixtures_same_report(spark: object, corpus: Path) -> None:
    """Thirty-odd records of five events, scraped text and HTML pages, and a bad line: one report."""
    stages: list[str] = []
    run = _same_report([str(corpus)], spark, Settings(semantic=False), lambda stage, done, total: stages.append(stage))
    assert {"extract", "provenance", "cluster", "stories"} <= set(stages)
    stories = {tuple(sorted(s.articles)) for s in run.report.stories}
    assert tuple(f"ferry-{n}" for n in range(5)) in stories  # the events come out whole
    ferry = next(s for s in run.report.stories if "ferry-0" in s.articles)
    assert any(len(group.articles) >= 3 for group in ferry.origins)  # the copies share one origin
    assert any("malformed JSON line" in p.message for p in run.report.problems)


def test_the_articles_stay_on_the_executors_and_the_driver_sends_only_small_rows(
        spark: object, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The article table is made from the executors' extraction: the driver sends Spark no article
    text (it once sent every article back, in slices that each task carried), only places, ids and
    the stories' members, in slices of about SLICE_BYTES; any slicing gives the same report."""
    sent: list[tuple] = []
    made = engine_spark._driver_frame

    def spy(session: object, rows: list[tuple], schema: str) -> object:
        sent.extend(rows)
        return made(session, rows, schema)
    monkeypatch.setattr(engine_spark, "_driver_frame", spy)
    monkeypatch.setattr(engine_spark, "SLICE_BYTES", 100)
    run = _same_report([str(corpus)], spark, Settings(semantic=False))
    texts = {a.text for a in run.report.articles}
    assert sent and not any(value in texts for row in sent for value in row)
    table = run.articles.orderBy("k").collect()
    assert [r.id for r in table] == [a.id for a in run.report.articles]
    assert [r.k for r in table] == list(range(len(run.report.articles)))
    assert [r.text for r in table] == [a.text for a in run.report.articles]


def test_parquet_records_read_as_json_records(spark: object, tmp_path: Path) -> None:
    """A Parquet file of records gives the report that the same records give as JSONL in-process."""
    import pandas as pd

    records = _records()
    (tmp_path / "jsonl").mkdir()
    (tmp_path / "jsonl" / "events.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    pd.DataFrame(records).to_parquet(tmp_path / "events.parquet")
    local = analyze_paths([str(tmp_path / "jsonl")], Settings(semantic=False))
    run = engine_spark.analyze_paths([str(tmp_path / "events.parquet")], Settings(semantic=False), spark=spark)
    strip = [{k: v for k, v in a.items() if k != "source_path"} for a in json.loads(report_to_json(local))["articles"]]
    assert [{k: v for k, v in a.items() if k != "source_path"}
            for a in json.loads(report_to_json(run.report))["articles"]] == strip
    assert json.loads(report_to_json(run.report))["stories"] == json.loads(report_to_json(local))["stories"]


def test_a_corrupt_parquet_file_is_one_problem_and_the_rest_is_analysed(spark: object, tmp_path: Path) -> None:
    """A truncated or foreign .parquet file is reported as one skipped source; the batch goes on."""
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not a Parquet file")
    (tmp_path / "events.jsonl").write_text("\n".join(json.dumps(r) for r in _records()), encoding="utf-8")
    run = engine_spark.analyze_paths([str(tmp_path)], Settings(semantic=False), spark=spark)
    assert [p.source for p in run.report.problems] == [str(tmp_path / "broken.parquet")]
    assert "cannot read Parquet" in run.report.problems[0].message
    assert len(run.report.articles) == len(_records())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_seeds_same_report(spark: object) -> None:
    """The five seed reports (scraped pages of one event) give the same report on both engines."""
    run = _same_report([str(SEEDS)], spark, Settings())
    assert len(run.report.stories) == 1


def test_ingest_engine_spark_keeps_content_once_as_the_in_process_ingest(spark: object, tmp_path: Path) -> None:
    """`ingest --engine spark` keeps the content the in-process ingest keeps (a record repeated under
    another id is dropped, an id reused by other content is renamed) and fills an empty store only."""
    from crosswire.engine.incremental import ingest_paths as ingest_locally

    records = _records()
    source, db, local_db = tmp_path / "events.jsonl", tmp_path / "spark.duckdb", tmp_path / "local.duckdb"
    again = records[0] | {"id": "ferry-again", "url": records[0]["url"]}  # same content, another id
    reused = records[1] | {"text": records[1]["text"] + " The harbour master will report next week."}
    lines = [json.dumps(r) for r in records] + [json.dumps(again), json.dumps(reused), "{not json"]
    source.write_text("\n".join(lines), encoding="utf-8")
    result = engine_spark.ingest_paths(db, [str(source)], Settings(semantic=False), spark=spark)
    local = ingest_locally(local_db, [str(source)], Settings(semantic=False))
    expected = "malformed JSON line (Expecting property name enclosed in double quotes at column 2)"
    assert [p.message for p in result.problems] == [p.message for p in local.problems] == [expected]
    assert result.duplicates == local.duplicates and len(result.duplicates) == 1 and "ferry-0" in result.duplicates[0]
    assert result.renamed == local.renamed == [("ferry-1", "ferry-1~2")]
    with open_store(db, read_only=True) as store, open_store(local_db, read_only=True) as other:
        assert sorted(a.id for a in store.all_articles()) == sorted(a.id for a in other.all_articles())
        assert sorted(store.hashes()) == sorted(other.hashes())
    with pytest.raises(StoreError, match="empty database only"):
        engine_spark.ingest_paths(db, [str(source)], Settings(semantic=False), spark=spark)


def test_parquet_needs_the_spark_engine(tmp_path: Path) -> None:
    """--parquet without --engine spark is a one-line error; an unknown engine is a usage error."""
    result = CliRunner().invoke(app, ["analyze", str(demo_corpus()), "--parquet", str(tmp_path), "-q"])
    assert result.exit_code == 1 and "--parquet needs --engine spark" in result.output
    result = CliRunner().invoke(app, ["analyze", str(demo_corpus()), "--engine", "dask", "-q"])
    assert result.exit_code == 2 and "'local' or 'spark'" in result.output


@pytest.mark.parametrize("semantic", [False, True])
def test_clustering_on_executors_gives_the_in_process_stories(spark: object, corpus: Path,
                                                             monkeypatch: pytest.MonkeyPatch, semantic: bool) -> None:
    """cluster_stories with its work on Spark (term-index blocks, pair chunks, linkage per connected
    block) gives the in-process stories, also through the index search that large batches use."""
    from crosswire.stories import cluster

    report = analyze_paths([str(corpus)], Settings(semantic=False))
    links = sorted({(x.a, x.b): x for s in report.stories for x in s.reuse}.values(), key=lambda x: (x.a, x.b))
    monkeypatch.setattr(cluster, "EXACT_PAIRS_MAX", 0)  # the driver cuts the index search into blocks of 8
    monkeypatch.setattr(cluster, "BLOCK", 8)
    monkeypatch.setattr(spark_cluster, "PAIR_CHUNK", 50)  # several chunks of pairs
    local = cluster.cluster_stories(report.articles, links, semantic=semantic)
    distributed = cluster.cluster_stories(report.articles, links, semantic=semantic,
                                          work=spark_cluster.SparkClusterWork(spark))
    assert [(s.id, s.articles, s.headline) for s in distributed] == [(s.id, s.articles, s.headline) for s in local]
    assert len(local) < len(report.articles) - 10  # the copies and retellings were grouped
