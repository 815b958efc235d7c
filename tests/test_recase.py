"""Lower-cased text (issue 14): names raised so that entities and facts find the people in it.

Every Multi-News document is lower-cased but for its sentences' first letters; before this no
person in it had a name, so no age was anyone's. The texts here are fictional.
"""

from __future__ import annotations

import json

from crosswire import analyze_paths
from crosswire.engine.incremental import ingest_paths
from crosswire.engine.local import complete_story
from crosswire.facts import nlp
from crosswire.facts.recase import lower_cased, recased, recased_articles, windows_to_label
from crosswire.records import AGREED, Article, Story
from crosswire.settings import Settings
from crosswire.store.db import open_store

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


def test_only_lower_cased_articles_have_windows_to_parse() -> None:
    """Recasing parses a few words around figures and roles of lower-cased texts only."""
    lower = Article(id="l", source_path="l.txt", title="t", text=_LOWER)
    cased = Article(id="c", source_path="c.txt", title="t", text=_CASED)
    windows = windows_to_label([lower, cased])
    assert windows and all(w in _LOWER for w in windows)
    assert sum(len(w.split()) for w in windows) < len(_LOWER.split())


def test_an_ingest_stores_the_recasing_labels_and_a_later_batch_does_not_parse_them(tmp_path, monkeypatch,
                                                                                   spacy_parses) -> None:
    """A story of lower-cased reports touched again by a later ingest is recased from the labels its
    first batch stored: none of its older articles' windows is parsed again, and its facts are
    those of one analyze of every report."""
    second = _LOWER.replace("on sunday", "late on sunday").replace("near the harbour", "by the old harbour")
    third = ("Officers found the bodies of marla vell, 22, and her brother daniel vell, 25, on sunday, a "
             "spokesman for the sheriff of zorvan county told reporters. The sheriff, tom kestrin, said neighbours "
             "had not seen the pair for several days and that there was no sign that anyone had forced the door "
             "of the flat they shared near the harbour in marlow.")
    rows = [{"id": f"r{n}", "title": f"Deaths in marlow {n}", "published": "2031-05-04", "text": text}
            for n, text in enumerate((_LOWER, second, third))]
    first_file, later_file = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first_file.write_text("".join(json.dumps(r) + "\n" for r in rows[:2]))
    later_file.write_text(json.dumps(rows[2]) + "\n")
    db = tmp_path / "c.duckdb"
    fast = Settings(semantic=False)
    ingest_paths(db, [str(first_file)], fast)
    spacy_parses.clear()
    monkeypatch.setattr(nlp, "_cache", {})
    recased.cache_clear()
    ingest_paths(db, [str(later_file)], fast)
    older = {w for text in (_LOWER, second) for w in windows_to_label([Article(id="x", source_path="x", title="t",
                                                                                 text=text)])}
    assert older and not spacy_parses & older
    with open_store(db, read_only=True) as store:
        stored = [s for s in store.all_stories() if len(s.articles) == 3]
    report = analyze_paths([str(first_file), str(later_file)], fast)
    assert len(stored) == 1 and stored[0].facts == report.stories[0].facts
    assert any(f.claim == "age of Marla Vell" for f in stored[0].facts)
