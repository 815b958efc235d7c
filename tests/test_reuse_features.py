"""Reuse-level features: copies, edits, rewrites and unrelated answers on a small fictional source."""

from __future__ import annotations

import pytest

from crosswire.provenance import reuse_features as rf

# A fictional encyclopaedia-style source ...
SOURCE = """The Velmora tide clock was built in 1784 by the instrument maker Oskar Trelling for the harbour of Saint Ivel.
It measured the height of the tide with a brass float connected to a system of weighted pulleys.
Harbour pilots used its dial to decide when heavy grain ships could safely cross the shallow bar.
The clock was damaged by a storm in 1821 and rebuilt with an iron frame two years later.
Today it stands in the town museum, where volunteers still wind it every Sunday morning."""

# ... answers written for these tests: a cut-and-paste excerpt,
CUT = """It measured the height of the tide with a brass float connected to a system of weighted pulleys.
Harbour pilots used its dial to decide when heavy grain ships could safely cross the shallow bar.
The clock was damaged by a storm in 1821 and rebuilt with an iron frame two years later."""

# a light edit (same sentences, a few words changed, one sentence dropped),
LIGHT = """The Velmora tide clock was made in 1784 by instrument maker Oskar Trelling for the harbour of Saint Ivel.
It measured the tide height with a brass float attached to a system of weighted pulleys.
Harbour pilots used the dial to decide when heavy grain ships could cross the shallow bar safely.
Today it stands in the town museum, where volunteers still wind it each Sunday."""

# a heavy rewrite (the same facts in new words and a new order),
HEAVY = """Volunteers at the museum of Saint Ivel still wind an old tide clock once a week.
Oskar Trelling designed it in 1784 so that pilots would know whether loaded grain vessels could pass over the sandbar.
A float made of brass rose and fell with the water and moved pulleys that turned the pointer.
After storm damage in 1821 the mechanism got a new iron frame."""

# and an answer on the same topic written without the source.
NON = """Tide clocks show how far the water has risen or fallen instead of the time of day.
Sailors read them to know whether a harbour entrance is deep enough for their ship.
Most modern versions are electronic and take their readings from sensors in the water."""


@pytest.fixture(scope="module")
def features() -> dict[str, dict[str, float]]:
    """Pair features of each fixture answer against the source."""
    return {name: rf.pair_features(SOURCE, text) for name, text in
            {"cut": CUT, "light": LIGHT, "heavy": HEAVY, "non": NON}.items()}


def test_containment_counts_distinct_ngrams_both_ways():
    assert rf.containment(["a", "b", "c"], ["a", "b", "x"], 1) == pytest.approx(2 / 3)
    assert rf.containment(["a", "b", "c"], ["a", "b", "x"], 2) == pytest.approx(1 / 2)
    assert rf.containment(["a"], ["a", "b"], 2) == 0.0  # too short for a bigram


def test_stem_matches_inflected_forms_and_keeps_short_words():
    assert rf.stem("copied") == rf.stem("copies")
    assert rf.stem("measured") == rf.stem("measures") == rf.stem("measuring") == "measur"
    assert rf.stem("bar") == "bar"


def test_reuse_levels_order_long_ngram_containment(features):
    values = [features[k]["cont_answer_5"] for k in ("cut", "light", "heavy", "non")]
    assert values[0] == 1.0
    assert values[0] > values[1] > values[2] >= values[3] == 0.0


def test_tiles_are_long_for_copies_and_short_for_rewrites(features):
    assert features["cut"]["gst5_cover_answer"] > 0.95
    assert features["cut"]["gst3_mean_tile"] > features["light"]["gst3_mean_tile"] > features["heavy"]["gst3_mean_tile"]
    assert features["non"]["gst3_cover_answer"] == 0.0
    assert features["cut"]["longest_run"] > 0.3 > features["heavy"]["longest_run"]


def test_sentence_alignment_levels(features):
    assert features["cut"]["sent_at_0.8"] == pytest.approx(1.0)
    assert features["light"]["sent_at_0.5"] == pytest.approx(1.0)
    assert features["light"]["sent_best_lex"] < features["cut"]["sent_best_lex"]  # edits lower the match
    assert features["heavy"]["sent_at_0.5"] < 0.5
    assert features["non"]["sent_at_0.3"] < features["heavy"]["sent_at_0.3"]
    assert features["cut"]["order_tau"] == 1.0


def test_order_tau_sees_reversed_sentences():
    reversed_copy = "\n".join(reversed(CUT.splitlines()))
    assert rf.pair_features(SOURCE, reversed_copy)["order_tau"] == -1.0


def test_new_words_and_length_ratio(features):
    assert features["cut"]["new_words"] == 0.0
    assert features["heavy"]["new_words"] > features["light"]["new_words"]
    assert features["cut"]["log_length_ratio"] < 0  # an excerpt is shorter than its source


def test_every_pair_feature_belongs_to_a_group(features):
    grouped = {n for names in rf.LEXICAL_GROUPS.values() for n in names}
    assert set(features["cut"]) == grouped - set(rf.LEXICAL_GROUPS["collection"])


def test_peer_overlap_finds_a_common_origin_missing_from_the_collection():
    unseen = ("The ferry service between Dornholm and the island of Kessa was suspended for three weeks "
              "after the pier at Kessa collapsed during a winter gale that also flooded the market square.")
    first = unseen + " Repairs were paid for by the regional council."
    second = "Residents were angry. " + unseen
    independent = "A storm damaged the island pier and boats could not sail to Kessa for some time."
    texts, groups = [first, second, independent], ["t", "t", "t"]
    peers = rf.peer_overlap(texts, [SOURCE] * 3, groups)
    assert peers[0] > 0.6 and peers[1] > 0.6
    assert peers[2] == 0.0
    assert rf.peer_overlap(texts, [SOURCE] * 3, ["t", "u", "v"]) == [0.0, 0.0, 0.0]  # groups kept apart


def test_rarity_overlap_prefers_the_source_particular_words():
    texts = [HEAVY, NON, NON.replace("Sailors", "Fishermen")]
    rarity = rf.rarity_overlap(texts, [SOURCE] * 3)
    assert rarity[0] > 2 * rarity[1]


def test_relative_to_group_subtracts_the_group_median():
    rows = [{"x": 1.0}, {"x": 3.0}, {"x": 5.0}, {"x": 10.0}]
    out = rf.relative_to_group(rows, ["a", "a", "a", "b"], ["x"])
    assert [row["x_rel"] for row in out] == [-2.0, 0.0, 2.0, 0.0]
    assert out[0]["x"] == 1.0


def test_collection_features_add_peer_and_rarity():
    rows = rf.collection_features([(SOURCE, CUT), (SOURCE, NON)], ["t", "t"])
    assert set(rf.FEATURE_GROUPS["collection"]) <= set(rows[0])
    assert rows[0]["rarity_overlap"] == 1.0 and rows[1]["rarity_overlap"] < 0.5


def test_empty_answer_gives_zero_features_not_an_error():
    out = rf.pair_features(SOURCE, "")
    assert out["cont_answer_1"] == 0.0 and out["sent_at_0.3"] == 0.0 and out["gst3_mean_tile"] == 0.0
