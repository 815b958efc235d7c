"""Sentence embeddings: meaning-level similarity, determinism, empty texts, missing model."""

import numpy as np
import pytest

from crosswire import embeddings


def test_paraphrases_are_closer_than_other_topics():
    vectors = embeddings.embed([
        "The ferry sank in a storm on Lake Mirrow, killing dozens of passengers.",
        "Dozens of passengers died when a storm overturned a boat on Lake Mirrow.",
        "The city council approved a new budget for road repairs on Thursday.",
    ])
    paraphrase = float(vectors[0] @ vectors[1])
    other = float(vectors[0] @ vectors[2])
    assert paraphrase > 0.6 > other + 0.3


def test_vectors_are_unit_length_deterministic_and_order_free():
    texts = ["A regatta was held on the lake.", "Rescuers searched the shore at dawn for survivors."]
    first = embeddings.embed(texts)
    again = embeddings.embed(list(reversed(texts)))[::-1]
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first, again)


def test_empty_text_gets_the_zero_vector():
    vectors = embeddings.embed(["", "   ", "Survivors were taken to the regional hospital."])
    assert not vectors[0].any() and not vectors[1].any()
    assert vectors[2].any()


def test_missing_package_is_a_clear_error():
    with pytest.raises(embeddings.EmbeddingsUnavailable, match="not installed"):
        embeddings._package_dir("crosswire_no_such_model_package")


def test_batches_in_worker_processes_give_the_same_vectors(monkeypatch, capsys) -> None:
    """Large inputs embed in worker processes, batch for batch as in one process: the vectors are
    bit for bit the same, so stories do not depend on the number of cores."""
    import numpy as np

    from crosswire import embeddings

    texts = [f"The ferry from Lorvik ran aground on day {k}, and {k * 3} passengers waited ashore." for k in range(80)]
    monkeypatch.setattr(embeddings, "PARALLEL_MIN", 10**9)
    embeddings._CACHE.clear()
    serial = embeddings.embed(texts)
    monkeypatch.setattr(embeddings, "PARALLEL_MIN", 40)
    monkeypatch.setattr(embeddings, "_workers", lambda n: 2)
    embeddings._CACHE.clear()
    parallel = embeddings.embed(texts)
    assert np.array_equal(serial, parallel)
    assert "embedding workers failed" not in capsys.readouterr().err


def test_a_worker_that_dies_costs_time_not_the_run(monkeypatch, capsys) -> None:
    """If an embedding worker dies (killed for memory, a native crash), the batches are embedded in
    the calling process instead: same vectors, and the fallback is said on stderr."""
    import os

    import numpy as np

    from crosswire import embeddings

    texts = [f"The ferry from Lorvik ran aground on day {k}, and {k * 5} cars waited ashore." for k in range(60)]
    monkeypatch.setattr(embeddings, "PARALLEL_MIN", 10**9)
    embeddings._CACHE.clear()
    serial = embeddings.embed(texts)
    monkeypatch.setattr(embeddings, "PARALLEL_MIN", 40)
    monkeypatch.setattr(embeddings, "_workers", lambda n: 2)
    monkeypatch.setattr(embeddings, "_fresh_model", lambda: os._exit(3))
    embeddings._CACHE.clear()
    fallback = embeddings.embed(texts)
    assert np.array_equal(serial, fallback)
    assert "embedding workers failed" in capsys.readouterr().err
