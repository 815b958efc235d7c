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


def test_one_templates_near_copies_share_one_vector():
    """Issue 17: leads that differ only in their numbers, from TEMPLATE_MIN distinct texts on, cost
    one embedding (that of the masked text); a pair that differs in a count keeps its own vectors."""
    listing = "Used bicycle number {n} for sale, {p} euros, collect from shed {s} on Hawthorn Lane."
    leads = [listing.format(n=n, p=40 + 5 * n, s=n % 3) for n in range(embeddings.TEMPLATE_MIN)]
    shared = embeddings.embed_leads(leads + ["A choir from Velmora sang at the harbour festival."])
    masked = embeddings.embed([embeddings.TEMPLATE_DIGITS.sub("0", leads[0])])[0]
    assert all(np.array_equal(row, masked) for row in shared[:-1])
    assert np.array_equal(shared[-1], embeddings.embed(["A choir from Velmora sang at the harbour festival."])[0])
    update = "The count of stranded hikers on Mount Orrel rose to {n} by the evening, rangers said."
    pair = [update.format(n=n) for n in (7, 11)]
    assert np.array_equal(embeddings.embed_leads(pair), embeddings.embed(pair))
    assert not np.array_equal(*embeddings.embed(pair))


def test_missing_package_is_a_clear_error():
    with pytest.raises(embeddings.EmbeddingsUnavailable, match="not installed"):
        embeddings._package_dir("crosswire_no_such_model_package")


_WORKERS_SCRIPT = """
import sys
import numpy as np
from crosswire import embeddings

texts = [f"The ferry from Lorvik ran aground on day {k}, and {k * 3} passengers waited ashore." for k in range(80)]
in_process = embeddings._workers
embeddings._workers = lambda n: 2
methods = [embeddings.worker_start_method()]
forked = embeddings.embed(texts)              # a fresh process holds no ONNX session: workers fork
embeddings._CACHE.clear()
embeddings._workers = in_process
serial = embeddings.embed(texts)              # 80 texts, under PARALLEL_MIN: in this process, which now holds a session
embeddings._CACHE.clear()
embeddings._workers = lambda n: 2
methods.append(embeddings.worker_start_method())
spawned = embeddings.embed(texts)             # so the workers start as fresh interpreters
print(methods, np.array_equal(serial, forked), np.array_equal(serial, spawned))
"""


def test_batches_in_worker_processes_give_the_same_vectors() -> None:
    """Large inputs embed in worker processes, batch for batch as in one process: the vectors are
    bit for bit the same, so stories do not depend on the number of cores. Workers fork while the
    process holds no ONNX session and start fresh once it does (a session does not survive a fork);
    run in a fresh interpreter, so that the test suite's own loaded session does not decide."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _WORKERS_SCRIPT], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "['fork', 'spawn'] True True"
    assert "embedding workers failed" not in done.stderr


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
    monkeypatch.setattr(embeddings, "worker_start_method", lambda: "fork")  # forked children run the patched start
    monkeypatch.setattr(embeddings, "_fresh_model", lambda: os._exit(3))
    embeddings._CACHE.clear()
    fallback = embeddings.embed(texts)
    assert np.array_equal(serial, fallback)
    assert "embedding workers failed" in capsys.readouterr().err
