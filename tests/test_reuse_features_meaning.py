"""Meaning-level reuse features: sentence embeddings align answer to source, then the pairs are compared."""

from __future__ import annotations

import numpy as np
import pytest

from crosswire.provenance import reuse_features as rf

# A fictional source (an invented lighthouse and keeper) ...
SOURCE = """The Harrowby lighthouse was lit for the first time in 1862 on a granite reef off Cape Marren.
Its lamp burned whale oil until 1905, when the keepers switched to paraffin vapour burners.
The keeper Agnes Pellow kept the light alone for eleven winters after her husband drowned.
In 1951 the station was automated and the last crew rowed ashore for good.
The tower now belongs to a trust that opens the gallery to visitors in the summer months."""

# ... a near copy (two sentences, verbatim, in order),
COPY = """Its lamp burned whale oil until 1905, when the keepers switched to paraffin vapour burners.
The keeper Agnes Pellow kept the light alone for eleven winters after her husband drowned."""

# a light edit (the same sentences in order, a few words changed),
LIGHT = """The Harrowby lighthouse was first lit in 1862 on a granite reef off Cape Marren.
Its lamp used whale oil until 1905, when keepers changed to paraffin vapour burners.
Keeper Agnes Pellow kept the light by herself for eleven winters after her husband drowned.
In 1951 the station became automated and the last crew rowed ashore."""

# a heavy rewrite (the source's facts restructured: the third sentence split in two),
HEAVY = """The husband of keeper Agnes Pellow drowned. She then kept the light alone for eleven winters.
Paraffin vapour replaced whale oil as the fuel of the Cape Marren light in 1905.
Visitors can climb to the gallery in summer thanks to the trust that owns the tower today."""

# and an independent answer on the same topic.
NON = """Lighthouses warn ships away from rocks with a bright light that turns at a fixed rhythm.
Most of them work without any staff today and are checked by engineers a few times a year."""

ANSWERS = {"copy": COPY, "light": LIGHT, "heavy": HEAVY, "non": NON}


@pytest.fixture(scope="module")
def meaning() -> dict[str, dict[str, float]]:
    """Meaning features of each answer against the source, embedded for real."""
    embedded = rf.embed_texts([SOURCE, *ANSWERS.values()])
    rare = rf.rare_words([SOURCE, *ANSWERS.values()])
    return {name: rf.meaning_features(embedded[0], text, rare) for name, text in zip(ANSWERS, embedded[1:])}


def test_embed_texts_keeps_one_unit_vector_per_sentence():
    source, empty = rf.embed_texts([SOURCE, ""])
    assert len(source.sentences) == len(source.words) == source.vectors.shape[0] == 5
    assert np.allclose(np.linalg.norm(source.vectors, axis=1), 1.0, atol=1e-4)
    assert empty.sentences == [] and empty.vectors.shape[0] == 0


def test_copied_sentences_align_exactly_and_in_order(meaning):
    copy = meaning["copy"]
    assert copy["sem_at_0.9"] == pytest.approx(1.0)
    assert copy["sem_pair_lex"] == pytest.approx(1.0) and copy["sem_pair_replace"] == 0.0
    assert copy["sem_pair_exact"] == 1.0 > meaning["light"]["sem_pair_exact"]
    assert copy["sem_step_kept"] == 1.0 and copy["sem_split"] == 0.0
    assert copy["sem_source_cover"] < 0.6  # two of five source sentences


def test_light_edit_keeps_sentences_heavy_rewrite_keeps_meaning_only(meaning):
    light, heavy = meaning["light"], meaning["heavy"]
    assert light["sem_at_0.8"] == pytest.approx(1.0)
    assert light["sem_order_tau"] == 1.0
    assert meaning["copy"]["sem_pair_lex"] > light["sem_pair_lex"] > heavy["sem_pair_lex"]
    assert heavy["sem_pair_replace"] > light["sem_pair_replace"]
    assert heavy["sem_gap"] > light["sem_gap"]  # meaning kept while the words are not
    assert heavy["sem_split"] > 0.0 == light["sem_split"]  # one source sentence told in two


def test_independent_answer_aligns_with_nothing(meaning):
    non = meaning["non"]
    assert non["sem_at_0.65"] < meaning["heavy"]["sem_at_0.65"]
    assert non["sem_best"] < meaning["heavy"]["sem_best"] < meaning["light"]["sem_best"]
    assert non["sem_doc"] < meaning["light"]["sem_doc"]


def test_word_order_and_edit_operations_of_an_aligned_pair():
    words = ["the", "keeper", "rowed", "ashore", "at", "dawn"]
    assert rf._word_order_tau(words, words) == 1.0
    assert rf._word_order_tau(words[::-1], words) == -1.0
    replace, indel = rf._edit_rates(["the", "warden", "rowed", "ashore", "at", "dawn"], words)
    assert replace == pytest.approx(1 / 6) and indel == 0.0
    replace, indel = rf._edit_rates(["the", "keeper", "rowed", "ashore"], words)
    assert replace == 0.0 and indel == pytest.approx(2 / 4)


def test_rare_words_are_the_particular_ones():
    texts = [f"the storm hit the coast near town {k}" for k in range(9)] + ["the storm hit Harrowby reef"]
    rare = rf.rare_words(texts)
    assert "harrowby" in rare and "storm" not in rare and "the" not in rare


def test_collection_features_with_meaning_cover_every_group():
    rows = rf.collection_features([(SOURCE, LIGHT), (SOURCE, NON)], ["t", "t"], meaning=True)
    names = {n for group in rf.FEATURE_GROUPS.values() for n in group}
    assert set(rows[0]) == names
    assert set(rf.REUSE_EVIDENCE) <= names and set(rf.LEVEL_EVIDENCE) <= names
    assert rows[0]["sem_pair_lex"] > rows[1]["sem_pair_lex"]


def test_empty_answer_gives_zero_meaning_features():
    source, empty = rf.embed_texts([SOURCE, ""])
    assert set(rf.meaning_features(source, empty).values()) == {0.0}
