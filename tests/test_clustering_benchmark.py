"""benchmarks/clustering.py's development / held-out split and its error listing helpers."""

from __future__ import annotations

import sys
from pathlib import Path

from crosswire.records import Article

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from clustering import in_held_out_third, split_thirds, wrong_merges, wrong_splits


def test_thirds_split_by_event_and_hold_out_about_a_third():
    labels = [str(n) for n in range(300)]
    gold = {f"a{label}-{k}": label for label in labels for k in range(2)}
    articles = [Article(id=i, source_path="", title="", text="") for i in sorted(gold)]
    parts = split_thirds(articles, gold)
    development, held_out = parts["development 2/3"][1], parts["held-out 1/3"][1]
    assert set(development) | set(held_out) == set(gold) and not set(development) & set(held_out)
    assert not set(development.values()) & set(held_out.values())  # no event straddles the parts
    assert 80 <= len(set(held_out.values())) <= 120
    assert all(in_held_out_third(label) for label in held_out.values())


def test_wrong_merges_and_splits_name_the_articles():
    gold = {"a": "1", "b": "1", "c": "2", "d": "3", "e": "3"}
    predicted = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}
    assert wrong_merges(predicted, gold) == [["a", "b", "c"]]
    assert wrong_splits(predicted, gold) == [[["d"], ["e"]]]
    assert wrong_merges(gold, gold) == [] and wrong_splits(gold, gold) == []
