"""A short, neutral briefing for each story in which every sentence cites its sources."""

from __future__ import annotations

from .records import Article, BriefingSentence, Fact, OriginGroup, Story
from .settings import Settings
from .text import sentences


def write_briefing(story: Story, articles: list[Article], origins: list[OriginGroup],
                   facts: list[Fact], settings: Settings) -> list[BriefingSentence]:
    """First pass: the lead sentences of the earliest article, up to the word budget."""
    if not articles:
        return []
    lead = min(articles, key=lambda a: (a.published or "9999", a.id))
    out: list[BriefingSentence] = []
    used = 0
    for sentence in sentences(lead.text):
        if used >= settings.summary_words:
            break
        out.append(BriefingSentence(sentence, [lead.id]))
        used += len(sentence.split())
    return out
