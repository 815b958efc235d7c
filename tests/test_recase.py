"""Lower-cased text (issue 14): names raised so that entities and facts find the people in it.

Every Multi-News document is lower-cased but for its sentences' first letters; before this no
person in it had a name, so no age was anyone's. The texts here are fictional.
"""

from __future__ import annotations

from crosswire.engine.local import complete_story
from crosswire.facts.recase import lower_cased, recased, recased_articles
from crosswire.records import AGREED, Article, Story
from crosswire.settings import Settings

_LOWER = ("Police in the town of marlow said on sunday that officers found daniel vell, 25, and marla vell, 22, "
          "in the flat they shared near the harbour. A spokesman for the sheriff of zorvan county told reporters the "
          "sheriff, tom kestrin, had been told the two were dead for three days before a neighbour called. "
          "Neighbours said that marla vell had lived in the flat near the harbour for years and that nobody had "
          "seen any sign of forced entry or of anything else that looked suspicious at the time.")
_CASED = ("Police in the town of Marlow said on Sunday that officers found Daniel Vell, 25, and Marla Vell, 22, "
          "in the flat they shared near the harbour. A spokesman for the sheriff of Zorvan County told reporters the "
          "sheriff, Tom Kestrin, had been told the two were dead for three days before a neighbour called. "
          "Neighbours said that Marla Vell had lived in the flat near the harbour for years and that nobody had "
          "seen any sign of forced entry or of anything else that looked suspicious at the time.")


def test_only_a_text_written_in_lower_case_reads_lower_cased() -> None:
    """Capitals only at sentence starts over 40+ words: lower-cased; a cased text or a short line: not."""
    assert lower_cased(_LOWER)
    assert not lower_cased(_CASED)
    assert not lower_cased("officers found daniel vell, 25, in the flat.")


def test_recasing_raises_names_and_changes_nothing_else() -> None:
    """The people and the county get their capitals, also where a name recurs in a sentence that is
    not parsed (no figure, day or role in it); every other character and offset stays."""
    out = recased(_LOWER)
    assert len(out) == len(_LOWER) and out.lower() == _LOWER.lower()
    for name in ("Daniel Vell", "Marla Vell", "Tom Kestrin", "Zorvan County", "that Marla Vell had lived"):
        assert name in out
    assert "a neighbour called" in out and "the flat near the harbour" in out  # common words stay lower-case


def test_cased_articles_are_read_as_written() -> None:
    """A cased article is the very same record: nothing is recomputed or altered for it."""
    cased = Article(id="c", source_path="c.txt", title="t", text=_CASED)
    assert recased_articles([cased])[0] is cased


def test_ages_in_lower_cased_reports_are_people_s_and_agree_across_outlets() -> None:
    """Two lower-cased reports of the Vell deaths: each age is a named person's, corroborated by both;
    the briefing and the facts' evidence still quote the text as written."""
    second = ("Officers found the bodies of marla vell, 22, and her brother daniel vell, 25, on sunday, a "
              "spokesman for the sheriff of zorvan county told reporters. The sheriff, tom kestrin, said neighbours "
              "had not seen the pair for several days and that there was no sign that anyone had forced the door "
              "of the flat they shared near the harbour in marlow.")
    articles = [Article(id=aid, source_path=f"{aid}.txt", title=f"Deaths in marlow {aid}", text=text,
                        outlet=f"{aid}.example", published="2024-06-09")
                for aid, text in (("a", _LOWER), ("b", second))]
    story = complete_story(Story(id="s", articles=["a", "b"]), {a.id: a for a in articles}, [], Settings())
    ages = {f.claim: f for f in story.facts if f.claim.startswith("age of")}
    assert ages["age of Marla Vell"].status == AGREED and ages["age of Marla Vell"].independent_sources == 2
    assert ages["age of Daniel Vell"].values[0].value.startswith("25")
    assert all(sentence.text in _LOWER or sentence.text in second for sentence in story.briefing)
    quoted = [v.text for f in story.facts for v in f.values]
    assert quoted and all(text in _LOWER or text in second for text in quoted)  # the evidence as written
