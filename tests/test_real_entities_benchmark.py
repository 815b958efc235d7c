"""benchmarks/real_entities.py's matching of gold entries to crosswire's entities, and its scoring
(a fictional example: no shared data)."""

from __future__ import annotations

import sys
from pathlib import Path

from crosswire.records import Entity

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from real_entities import figures, mapped, match_entity, new_counts, score_entry

ENTITIES = [
    Entity("Port Avelin", "GPE", aliases=["Avelin"]),
    Entity("Marta Quell", "PERSON", aliases=["Quell", "Marta Quell’s"]),
    Entity("Avelin Ferries", "MISC"),
    Entity("Scenes", "MISC"),
]


def test_a_gold_entry_matches_by_folded_name_then_alias():
    assert match_entity({"name": "PORT AVELIN'S", "type": "PLACE"}, ENTITIES).name == "Port Avelin"
    assert match_entity({"name": "Quell", "type": "PERSON"}, ENTITIES).name == "Marta Quell"  # an alias
    # the gold's own alias forms match when its name no longer does
    assert match_entity({"name": "Marta Quel", "aliases": ["Marta Quell"], "type": "PERSON"},
                        ENTITIES).name == "Marta Quell"
    # an entity's own name beats another entity's alias
    both = [Entity("Lone Harbour", "ORG", aliases=["Avelin Ferries"]), *ENTITIES]
    assert match_entity({"name": "Avelin Ferries", "type": "ORG"}, both).name == "Avelin Ferries"
    assert match_entity({"name": "Avelin Ferry", "type": "ORG"}, ENTITIES) is None
    assert match_entity({"name": "—", "type": "NOT_A_NAME"}, ENTITIES) is None
    # a real name told with a description before it is the entity its last words name; junk is not
    assert match_entity({"name": "Actress Marta Quell", "type": "PERSON"}, ENTITIES).name == "Marta Quell"
    assert match_entity({"name": "Actress Marta Quell", "type": "NOT_A_NAME"}, ENTITIES) is None


def test_labels_map_to_the_gold_classes():
    assert [mapped(x) for x in ("GPE", "LOC", "FAC", "PERSON", "ORG", "MISC", "NORP", "EVENT", None)] == [
        "PLACE", "PLACE", "PLACE", "PERSON", "ORG", "MISC", "OTHER_NAME", "OTHER_NAME", None]


def test_scoring_counts_misc_and_lost_names_as_wrong_and_dropped_junk_as_right():
    gold = [{"name": "Port Avelin", "type": "PLACE"}, {"name": "Marta Quell", "type": "PERSON"},
            {"name": "Avelin Ferries", "type": "ORG"}, {"name": "Tobin Rusk", "type": "PERSON"},
            {"name": "Scenes", "type": "NOT_A_NAME"}, {"name": "Lucky", "type": "NOT_A_NAME"}]
    counts = new_counts()
    verdicts = []
    for entry in gold:
        entity = match_entity(entry, ENTITIES)
        verdicts.append(score_entry(entry, entity.type if entity else None, counts))
    assert verdicts == [True, True, False, False, False, True]
    result = figures(counts)
    assert result["typed_correct_real_names"] == 0.5 and result["real_names"] == 4
    assert result["real_names_lost"] == 1 and result["real_names_untyped"] == 1
    assert result["accuracy_person"] == 0.5 and result["accuracy_org"] == 0.0
    assert result["junk_kept_rate"] == 0.5 and result["junk_gold"] == 2
