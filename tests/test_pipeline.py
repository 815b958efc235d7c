"""The engine: the per-story stage gives the same report in worker processes as in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import crosswire
from crosswire.engine.local import analyze_paths
from crosswire.errors import ConfigError
from crosswire.report.writers import report_to_json
from crosswire.settings import Settings

DEMO = Path(crosswire.__file__).parent / "examples" / "demo"


def test_worker_processes_give_the_identical_report():
    steps: list[tuple[str, int, int]] = []
    alone = analyze_paths([str(DEMO)], Settings(workers=1))
    shared = analyze_paths([str(DEMO)], Settings(workers=2), progress=lambda *step: steps.append(step))
    assert len(shared.stories) >= 2
    assert report_to_json(shared) == report_to_json(alone)
    stories = [step for step in steps if step[0] == "stories"]
    assert stories[-1] == ("stories", len(shared.stories), len(shared.stories))


def _die(job: object) -> None:
    """A worker's job that kills its process, as the kernel's OOM killer would."""
    os._exit(3)


def test_a_story_worker_that_dies_leaves_the_report_whole(monkeypatch, capsys):
    """A worker killed mid-run (for memory, or a native crash) must not lose stories: the rest are
    completed in the calling process and the report is the in-process one."""
    from crosswire import embeddings
    from crosswire.engine import local as pipeline

    alone = analyze_paths([str(DEMO)], Settings(workers=1))
    monkeypatch.setattr(embeddings, "worker_start_method", lambda: "fork")  # children run the patched job
    monkeypatch.setattr(pipeline, "_run_batch_job", _die)
    broken = analyze_paths([str(DEMO)], Settings(workers=2))
    assert report_to_json(broken) == report_to_json(alone)
    assert "story workers failed" in capsys.readouterr().err


def test_negative_worker_count_is_refused():
    with pytest.raises(ConfigError, match="--workers"):
        Settings(workers=-1).validate()


def test_alignment_in_worker_processes_gives_the_links_of_one_process(monkeypatch, capsys):
    """Provenance's alignment split into jobs for worker processes (engine.local.find_links) finds
    the links of one process; a worker that dies leaves them whole, said in one line."""
    from crosswire import embeddings
    from crosswire.engine import local as pipeline
    from crosswire.extract import articles as extract
    from crosswire.ingest import sources as ingest
    from crosswire.provenance import reuse as provenance

    documents, _ = ingest.read_sources([str(DEMO)], Settings())
    articles, _ = extract.extract_articles(documents)
    alone = provenance.find_reuse(articles)
    monkeypatch.setattr(provenance, "ALIGN_JOB_PAIRS", 2)  # the demo's few pairs make several jobs
    monkeypatch.setattr(embeddings, "worker_start_method", lambda: "fork")  # children run the patched job
    assert pipeline.find_links(articles, Settings(workers=2)) == alone and len(alone) >= 3
    monkeypatch.setattr(provenance, "align_job", _die)
    assert pipeline.find_links(articles, Settings(workers=2)) == alone
    assert "alignment workers failed" in capsys.readouterr().err


def test_alignment_that_drops_profiles_after_their_last_pair_finds_the_same_links():
    """An alignment job frees each article's profile after the last pair reading it (issue 19:
    memory at 100,000 articles): the links are those of keeping every profile, and none is left."""
    from crosswire.extract import articles as extract
    from crosswire.ingest import sources as ingest
    from crosswire.provenance import reuse as provenance

    documents, _ = ingest.read_sources([str(DEMO)], Settings())
    articles, _ = extract.extract_articles(documents)
    ordered, furniture = provenance.reuse_plan(articles)
    kept: dict = {}
    dropped: dict = {}
    links = provenance.align_pairs(articles, ordered, furniture, kept)
    assert provenance.align_pairs(articles, ordered, furniture, dropped, keep_profiles=False) == links
    assert len(links) >= 3 and len(kept) >= 4 and dropped == {}


def test_extraction_in_worker_processes_gives_the_articles_of_one_process(monkeypatch):
    """The run's early workers clean the documents in jobs (engine.local.extract_documents, issue 19:
    28 s in one process at 100,000 articles); the articles and problems are those of one process,
    in order, scraped texts' repeated lines included (counted over the whole batch)."""
    from crosswire import embeddings
    from crosswire.engine import local as pipeline
    from crosswire.extract import articles as extract
    from crosswire.ingest import sources as ingest

    fixtures = Path(__file__).parent / "fixtures"
    documents, _ = ingest.read_sources([str(DEMO), str(fixtures / "scraped"), str(fixtures / "html")], Settings())
    alone = extract.extract_articles(documents)
    assert len(alone[0]) >= 8 and any(n > 1 for n in extract.corpus_line_counts(documents).values())
    monkeypatch.setattr(pipeline, "EXTRACT_JOB_DOCUMENTS", 3)  # several jobs a worker
    monkeypatch.setattr(embeddings, "worker_start_method", lambda: "fork")
    with pipeline.early_workers(Settings(workers=2), len(documents)) as pool:
        assert pool is not None
        assert pipeline.extract_documents(documents, pool) == alone
