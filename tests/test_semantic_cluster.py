"""Semantic clustering (Settings.semantic, the default): embeddings sharpen the pair score, batch and stream agree."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_cluster import FERRY, SCHOOLS, SPORT, WATER, expected_grouping, grouping, make
from typer.testing import CliRunner

import crosswire
from crosswire import embeddings
from crosswire.cli import app
from crosswire.settings import Settings
from crosswire.stories.cluster import cluster_stories
from crosswire.stories.similarity import build_features, score_pairs
from crosswire.stories.stream import StreamState, add_articles

DEMO = Path(crosswire.__file__).parent / "examples" / "demo"


@pytest.fixture(scope="module")
def corpus():
    return make(WATER + SCHOOLS + SPORT)


def test_alike_leads_raise_the_score_and_other_leads_lower_it(corpus):
    plain, semantic = build_features(corpus), build_features(corpus, semantic=True)
    assert plain.semantic is None and semantic.semantic.shape == (len(corpus), embeddings.DIMENSIONS)
    index = {a.id: n for n, a in enumerate(corpus)}
    pairs = {"same": ("w1", "w2"), "lookalike": ("w1", "s1"), "unrelated": ("w1", "f1")}
    rows = np.array([index[a] for a, _ in pairs.values()])
    cols = np.array([index[b] for _, b in pairs.values()])
    before = dict(zip(pairs, score_pairs(plain, rows, cols)))
    after = dict(zip(pairs, score_pairs(semantic, rows, cols)))
    # Leads that tell the same news raise the score most; the look-alike protests' leads read
    # alike only on the surface (cosine about 0.5, the pivot); unrelated leads lower it.
    assert after["same"] > 1.5 * before["same"]
    assert after["lookalike"] < 1.2 * before["lookalike"]
    assert after["unrelated"] < before["unrelated"]
    assert after["same"] > 2 * after["lookalike"] > after["unrelated"]


def test_semantic_stream_keeps_vectors_and_matches_semantic_batch(corpus):
    articles = corpus + make(FERRY)
    by_id = {a.id: a for a in articles}
    state = StreamState.start([], by_id, semantic=True)
    streamed: list = []
    for article in sorted(articles, key=lambda a: a.published):
        streamed, _ = add_articles(streamed, [article], by_id, [], state=state)
    batch = grouping(cluster_stories(articles, [], semantic=True))
    assert grouping(streamed) == batch
    assert expected_grouping(corpus) | {frozenset({"h1", "h2"})} == batch
    assert sorted(state.vectors) == list(range(len(articles)))  # each article embedded once, when first regrouped


def test_rebuilt_semantic_state_places_a_late_report_like_the_kept_one(corpus):
    early = [a for a in corpus if a.id != "w3"]
    late = [a for a in corpus if a.id == "w3"]
    by_id = {a.id: a for a in corpus}
    stories = cluster_stories(early, [], semantic=True)
    rebuilt, touched = add_articles(stories, late, by_id, [], semantic=True)  # embeds the stored articles too
    water = next(s for s in rebuilt if "w3" in s.articles)
    assert set(water.articles) == {"w1", "w2", "w3"} and touched == {water.id}


@pytest.mark.parametrize("semantic", [True, False], ids=["semantic", "fast"])
def test_demo_corpus_groups_per_truth_in_both_modes(semantic):
    from demo_truth import STORIES

    assert Settings().semantic is True  # on by default; --no-semantic is the fast mode
    report = crosswire.analyze_paths([str(DEMO)], Settings(semantic=semantic))
    assert grouping(report.stories) == {frozenset(ids) for ids in STORIES}


def test_semantic_flag_without_the_model_is_a_one_line_error(monkeypatch):
    real = embeddings._package_dir
    monkeypatch.setattr(embeddings, "_package_dir", lambda name: real(f"{name}_not_here"))
    embeddings._fresh_model()
    try:
        result = CliRunner().invoke(app, ["analyze", str(DEMO), "--semantic", "-q"])
    finally:
        monkeypatch.undo()
        embeddings._fresh_model()
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("crosswire: error:")]
    assert len(lines) == 1 and "not installed" in lines[0], result.output
    assert "Traceback" not in result.output


def test_shared_neighbours_do_not_lift_a_pair_whose_leads_disagree():
    # Two reports (a, b) with little in common that both read like a third (c): their shared
    # neighbour c would lift them; with leads that tell other news (orthogonal vectors) the lift is
    # held down to nothing, and with leads that agree it stands.
    from crosswire.records import Article
    from crosswire.stories.cluster import score_graph
    from crosswire.stories.similarity import neighbour_vectors, shared_neighbour_scores

    texts = {"a": "Harbour cranes idle as dockers strike over night shifts in Pellan port",
             "b": "Ferry timetables cut as dockers strike; Pellan port council meets union",
             "c": "Pellan port dockers strike: cranes idle, ferry timetables cut, union meets council"}
    articles = [Article(id=k, source_path=f"{k}.txt", title="", text=v) for k, v in texts.items()]
    features = build_features(articles)
    rows, cols = np.array([0, 0, 1]), np.array([1, 2, 2])
    first = score_pairs(features, rows, cols)
    lift = shared_neighbour_scores(neighbour_vectors(3, rows, cols, first), rows[:1], cols[:1])[0]
    assert lift > first[0]  # without embeddings, c lifts the pair (a, b)
    e1, e2 = np.eye(embeddings.DIMENSIONS, dtype=np.float32)[:2]
    for leads, lifted in (((e1, e2, (e1 + e2) / np.sqrt(2)), False), ((e1, e1, e1), True)):
        features.semantic = np.stack(leads)
        graph = {(int(r), int(c)): w for r, c, w in zip(*score_graph(features, []))}
        a_b = score_pairs(features, rows[:1], cols[:1])[0]
        assert graph.get((0, 1), 0.0) == pytest.approx(a_b) if not lifted else graph[(0, 1)] > a_b
