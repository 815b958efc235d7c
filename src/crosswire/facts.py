"""Facts lined up across a story's sources: agreed, disputed or single-source."""

from __future__ import annotations

from .records import DISPUTED, SINGLE, Article, Entity, Fact, OriginGroup


def line_up_facts(articles: list[Article], origins: list[OriginGroup], entities: list[Entity]) -> list[Fact]:
    """Facts of a story (first pass: none; the Entities and facts issue fills this)."""
    return []


def dispute_lines(facts: list[Fact]) -> list[str]:
    """One readable line per disputed fact: the claim and who says what."""
    lines = []
    for fact in facts:
        if fact.status == DISPUTED:
            says = "; ".join(f"{v.value} ({', '.join(v.articles)})" for v in fact.values)
            lines.append(f"{fact.claim}: {says}")
    return lines


def single_source_lines(facts: list[Fact]) -> list[str]:
    """One readable line per single-source fact: the claim, its value and the source."""
    return [
        f"{fact.claim}: {fact.values[0].value} ({', '.join(fact.values[0].articles)})"
        for fact in facts
        if fact.status == SINGLE and fact.values
    ]
