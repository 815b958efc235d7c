"""benchmarks/spark_scale.py's replica construction: a generation's renaming and its own words."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from spark_scale import renamed, renaming, tag

WORDS = ["the", "of", "ferry", "harbour", "saltmere", "greyline", "lifeboat", "sandbar"]


def test_renaming_is_a_shuffle_within_bands_and_tags_rare_words():
    mapping = renaming(WORDS, random.Random(3), rare={"saltmere", "greyline"}, suffix=tag(2))
    assert set(mapping) == set(WORDS)
    assert {image.removesuffix("qc") for image in mapping.values()} == set(WORDS)  # one band: a permutation
    assert mapping["saltmere"].endswith("qc") and mapping["greyline"].endswith("qc")
    assert not any(mapping[w].endswith("qc") for w in WORDS if w not in {"saltmere", "greyline"})
    assert renaming(WORDS, random.Random(3), set(), "") == renaming(WORDS, random.Random(3), set(), "")


def test_renamed_keeps_case_figures_and_punctuation():
    mapping = {"ferry": "harbour", "greyline": "sandbarqb", "the": "of"}
    text = "The FERRY of Greyline carried 212 people, the ferry said."
    assert renamed(text, mapping) == "Of HARBOUR of Sandbarqb carried 212 people, of harbour said."


def test_tags_mark_each_generation_but_the_first():
    assert tag(0) == ""
    assert [tag(g) for g in (1, 2, 25, 26, 27)] == ["qb", "qc", "qz", "qba", "qbb"]
    assert len({tag(g) for g in range(200)}) == 200
