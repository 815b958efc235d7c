"""Briefing: word budget, citations by evidence, clutter and unrelated text kept out, disputes, CLI."""

import json

import pytest
from typer.testing import CliRunner

from crosswire.briefing.support import ArticleIndex, supporting_articles
from crosswire.briefing.write import (
    Weights,
    briefing_spans,
    candidate_sentences,
    is_clutter,
    select_briefing,
    strip_furniture,
    write_briefing,
)
from crosswire.cli import app
from crosswire.records import AGREED, DISPUTED, Article, Fact, FactValue, OriginGroup, Story
from crosswire.settings import Settings

# A fictional event told by a wire service, a verbatim reprint with page clutter, and an
# independent report that differs on one figure.
WIRE = (
    "The Kestrel Bay tram line reopened on Thursday after a landslide closed it for nine days, "
    "the Vessan transport authority said.\n"
    "Forty-two passengers were injured when a tram derailed near Orrin Point on the night of the landslide.\n"
    "Engineers from Dunmore Rail rebuilt 300 metres of track and a retaining wall above the line.\n"
    "Transport minister Alia Torvaldt said the authority would review slope monitoring along the coast.\n"
    "Services will run every twelve minutes until the end of the month, the authority said.\n"
)
REPRINT = (
    "Home | News | Transport\n"
    + WIRE
    + "Click here to subscribe to our newsletter and get the morning headlines.\n"
    "Share this article on social media with your friends and family today.\n"
    "Advertisement\n"
    "The Harrow Gazette is hiring a sports photographer for its weekend desk, applications close soon.\n"
)
INDEPENDENT = (
    "Trams returned to the Kestrel Bay line on Thursday, nine days after a landslide buried the track.\n"
    "The authority said 45 passengers were injured when a tram left the rails near Orrin Point.\n"
    "Engineers from Dunmore Rail rebuilt 300 metres of track and a retaining wall above the line.\n"
    "Commuters at Orrin Point station said they were relieved but worried about the next storm.\n"
)


def _articles() -> list[Article]:
    return [
        Article("wire", "wire.txt", "Kestrel Bay tram line reopens", WIRE, published="2031-04-03T08:00:00"),
        Article("reprint", "reprint.txt", "Tram line reopens", REPRINT, published="2031-04-03T09:30:00"),
        Article("indep", "indep.txt", "Trams back at Kestrel Bay", INDEPENDENT, published="2031-04-03T10:00:00"),
    ]


def _origins() -> list[OriginGroup]:
    return [OriginGroup(["reprint", "wire"], original="wire"), OriginGroup(["indep"])]


def _story() -> Story:
    return Story("s1", ["wire", "reprint", "indep"], headline="Kestrel Bay tram line reopens")


def _words(briefing) -> int:
    return sum(len(s.text.split()) for s in briefing)


def test_briefing_stays_within_the_word_budget():
    for budget in (30, 60, 130):
        briefing = write_briefing(_story(), _articles(), _origins(), [], Settings(summary_words=budget))
        assert briefing, budget
        assert _words(briefing) <= budget


def test_each_sentence_cites_every_article_containing_it():
    briefing = select_briefing(_articles(), _origins(), [], 500)
    by_text = {s.text: s.sources for s in briefing}
    rebuilt = "Engineers from Dunmore Rail rebuilt 300 metres of track and a retaining wall above the line."
    assert sorted(by_text[rebuilt]) == ["indep", "reprint", "wire"]
    for sentence in briefing:
        if sentence.text in WIRE:
            assert {"wire", "reprint"} <= set(sentence.sources), sentence.text


def test_clutter_and_unrelated_text_never_reach_the_briefing():
    briefing = select_briefing(_articles(), _origins(), [], 1000)
    text = " ".join(s.text for s in briefing)
    for clutter in ("subscribe", "Share this", "Advertisement", "Home |", "photographer"):
        assert clutter not in text
    assert "Commuters at Orrin Point" in text  # independent, related sentences do get in


def test_sentence_with_a_figure_is_not_cited_to_an_article_with_another_figure():
    briefing = select_briefing(_articles(), _origins(), [], 1000)
    injured = [s for s in briefing if "injured" in s.text]
    assert injured
    for sentence in injured:
        if "45" in sentence.text:
            assert sentence.sources == ["indep"]
        else:
            assert "indep" not in sentence.sources


def test_corroborated_lead_comes_first_and_clutter_filter_is_strict():
    briefing = select_briefing(_articles(), _origins(), [], 60)
    assert briefing[0].text.startswith(("The Kestrel Bay tram line reopened", "Trams returned"))
    assert is_clutter("Share this article on social media with your friends and family today.")
    assert is_clutter("Breaking News From Around The World Today")
    assert not is_clutter("Engineers from Dunmore Rail rebuilt 300 metres of track.")



def test_web_archive_notes_and_page_promos_are_clutter_but_similar_words_are_not():
    # Lines a web-archive copy of a page carries around the article (own wording).
    assert is_clutter("This crawl was started from a list of regional hosts picked by volunteers.")
    assert is_clutter("Snapshots of the Vessan Courier front page are kept in the Wayback Machine for later visits.")
    assert is_clutter("The WARC files of the harvest are not yet open to the general public.")
    assert is_clutter("Story continued below the commuters waited for the first tram of the day.")
    assert is_clutter("Tram derails near Orrin Point loading video and photos from the scene.")
    # The same words in a report are not clutter.
    assert not is_clutter("The driver crawled out of the derailed tram and called the station at Orrin Point.")
    assert not is_clutter("Engineers said the story of the landslide continued well below the retaining wall.")

def test_datelines_credits_and_promo_tags_are_stripped_from_sentence_starts():
    rest = "the Kestrel Bay tram line reopened on Thursday after a landslide closed it."
    for furniture in ("KESTREL BAY, April 3 (AP) - ", "Kestrel Bay ( reuters ) — ", "(CNN)", "(Photo: Vessan Courier) ",
                      "Advertisement ", "Vessa (AP) ", "KESTREL BAY — ", "(Credit: J. Amsel) Vessa (AP) - ",
                      "Vessa ( vessancourier.com ) – "):
        assert strip_furniture(furniture + rest) == "T" + rest[1:], furniture
    # Not furniture: an aside between two dashes, an agency named inside the sentence, a short remainder.
    kept = ("Alia Torvaldt — the transport minister — said the line would reopen on Thursday.",
            "He said the (AP) report was wrong about the day the line reopened.",
            "KESTREL BAY (AP) - Trams are back.")
    for sentence in kept:
        assert strip_furniture(sentence) == sentence


def test_stripped_sentence_is_chosen_and_cites_every_article_stating_it():
    line = "Forty-two passengers were injured when a tram derailed near Orrin Point on the night of the landslide."
    wire = Article("w", "w.txt", "", f"ORRIN POINT, April 3 (AP) - {line}\n")
    copy = Article("c", "c.txt", "", f"Advertisement {line}\n")
    briefing = select_briefing([wire, copy], [OriginGroup(["c", "w"], original="w")], [], 100)
    assert [s.text for s in briefing] == [line]
    assert sorted(briefing[0].sources) == ["c", "w"]


def test_attributed_statement_is_preferred_to_the_same_statement_unattributed():
    said = Article("a", "a.txt", "", "The Orrin Point bridge will reopen to trams on Monday after repairs to its "
                                     "deck, the authority said.\n")
    bare = Article("b", "b.txt", "", "The Orrin Point bridge will reopen to trams on Monday after repairs to its "
                                     "deck and rails.\n")
    for articles in ([said, bare], [bare, said]):
        assert [s.sources for s in select_briefing(articles, [], [], 19)] == [["a"]]
        assert [s.sources for s in select_briefing(articles, [], [], 19, Weights(attribution=0.0))] == [["b"]]


def test_photo_captions_embed_boilerplate_and_crawl_notes_are_clutter():
    assert is_clutter("A tram waits at the rebuilt Orrin Point stop in Kestrel Bay, Thursday, April 3, 2031.")
    assert is_clutter("Commuters crowd the platform at Orrin Point station, Apr. 3, 2031.")
    assert is_clutter("Tweet with a location so that readers know where the trams are running again.")
    assert is_clutter("Focused crawls of the Vessan transport pages were kept for three months.")
    assert is_clutter("A subscription is needed to continue reading this report about the tram line.")
    assert is_clutter("Text size - + reset photos: trams return to the Orrin Point line this week.")
    # A date inside a report, or one not set off as a caption's trailing date, is not clutter.
    assert not is_clutter("The line reopened on Thursday, April 3, 2031, after nine days of repairs.")
    assert not is_clutter("The authority said the line had first opened on April 3, 1931.")


def test_disputed_statement_is_flagged_and_agreed_fact_is_preferred():
    disputed = Fact("passengers injured", DISPUTED, 2, [
        FactValue("42", "Forty-two passengers were injured when a tram derailed near Orrin Point on the night "
                        "of the landslide.", ["wire", "reprint"]),
        FactValue("45", "The authority said 45 passengers were injured when a tram left the rails near Orrin Point.",
                  ["indep"]),
    ])
    agreed = Fact("track rebuilt", AGREED, 2, [FactValue("300 metres", "Engineers from Dunmore Rail rebuilt 300 "
                                                         "metres of track and a retaining wall above the line.",
                                                         ["wire", "reprint", "indep"])])
    briefing = select_briefing(_articles(), _origins(), [disputed, agreed], 1000)
    injured = [s for s in briefing if "injured" in s.text]
    assert injured and all(s.disputed == ["passengers injured"] for s in injured)
    assert all(not s.disputed for s in briefing if "injured" not in s.text)
    short = select_briefing(_articles(), _origins(), [disputed, agreed], 40)
    assert any("Dunmore Rail" in s.text for s in short)


def test_alignment_needs_matching_names_figures_and_negation():
    index = ArticleIndex(Article("a", "a.txt", "", WIRE))
    assert supporting_articles("Transport minister Alia Torvaldt said the authority would review slope "
                               "monitoring along the coast.", [index]) == ["a"]
    assert supporting_articles("Transport minister Lena Marsh said the authority would review slope "
                               "monitoring along the coast.", [index]) == []
    assert supporting_articles("Engineers from Dunmore Rail rebuilt 400 metres of track and a retaining wall "
                               "above the line.", [index]) == []
    assert supporting_articles("Transport minister Alia Torvaldt said the authority would not review slope "
                               "monitoring along the coast.", [index]) == []


def test_empty_story_gives_empty_briefing():
    assert select_briefing([], [], [], 100) == []
    clutter_only = Article("c", "c.txt", "", "Advertisement\nShare this\nSubscribe now\n")
    assert select_briefing([clutter_only], [], [], 100) == []


def test_cli_respects_summary_words(tmp_path):
    for name, text in (("wire", WIRE), ("reprint", REPRINT), ("indep", INDEPENDENT)):
        (tmp_path / f"{name}.txt").write_text("Kestrel Bay tram line reopens\n\n" + text, encoding="utf-8")
    counts = {}
    for budget in (25, 120):
        out = tmp_path / f"r{budget}.json"
        result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--json", str(out), "-q",
                                          "--summary-words", str(budget)])
        assert result.exit_code == 0, result.output
        stories = json.loads(out.read_text())["stories"]
        counts[budget] = [sum(len(s["text"].split()) for s in story["briefing"]) for story in stories]
        assert all(0 < c <= budget for c in counts[budget]), counts
    assert sum(counts[120]) > sum(counts[25])


def test_sentence_giving_a_disputed_figure_in_other_words_is_flagged():
    disputed = Fact("passengers injured", DISPUTED, 2, [
        FactValue("42", "Forty-two passengers were injured.", ["wire", "reprint"]),
        FactValue("45", "The authority said 45 passengers were injured.", ["indep"]),
    ])
    extra = Article("late", "late.txt", "", "Hospitals in Kestrel Bay treated the 45 passengers injured in the "
                                            "derailment near Orrin Point, the authority said.\n")
    briefing = select_briefing(_articles() + [extra], _origins() + [OriginGroup(["late"])], [disputed], 1000)
    assert briefing
    assert all(s.disputed == ["passengers injured"] for s in briefing if "injured" in s.text)
    hospital = [s for s in briefing if "Hospitals in Kestrel Bay" in s.text]
    assert not hospital or hospital[0].disputed == ["passengers injured"]


@pytest.mark.slow
def test_demo_ferry_briefing_is_cited_clean_and_neutral():
    from demo_truth import CLUTTER

    from crosswire.briefing.support import figures
    from crosswire.cli import demo_corpus
    from crosswire.engine.local import analyze_paths

    report = analyze_paths([str(demo_corpus())], Settings())
    story = next(s for s in report.stories if "01_meridian_wire" in s.articles)
    texts = {a.id: " ".join(a.text.split()) for a in report.articles}
    assert story.briefing and _words(story.briefing) <= Settings().summary_words
    for sentence in story.briefing:
        holders = {aid for aid in story.articles if sentence.text in texts[aid]}
        assert holders <= set(sentence.sources), sentence  # every verbatim copy is cited
        assert not any(line in sentence.text for lines in CLUTTER.values() for line in lines)
        for fact in story.facts:
            topic = [w for w in fact.claim.lower().split() if len(w) > 3 and w not in {"people", "name"}]
            if fact.status == DISPUTED and any(w in sentence.text.lower() for w in topic):
                stated = {f for v in fact.values for f in figures(v.value)}
                if stated & figures(sentence.text):  # a disputed value: allowed only when flagged
                    assert fact.claim in sentence.disputed, (fact.claim, sentence.text)


def test_pre_tokenised_quote_keeps_its_speaker_and_bracket_its_sentence():
    # Pre-tokenised text sets closing marks off by a space; the shared splitter cuts before them.
    text = ('"we will not close the line below the slope again! " minister alia torvaldt told reporters. '
            "Rep. Oren Kask ( d-vessa. ) asked for a review of the slope. "
            '"the slope is safe. " The authority published its survey on friday.')
    assert [s.text for s in briefing_spans(text)] == [
        '"we will not close the line below the slope again! " minister alia torvaldt told reporters.',
        "Rep. Oren Kask ( d-vessa. ) asked for a review of the slope.",
        '"the slope is safe.',  # a new capitalised sentence follows: not an attribution
        '" The authority published its survey on friday.',
    ]
    # The rejoined quotation is a candidate, attributed, and cites its article verbatim.
    article = Article("a", "a.txt", "", text)
    quoted = [c.text for c in candidate_sentences([article]) if c.text.startswith('"we will')]
    assert quoted and quoted[0].endswith("told reporters.")
    briefing = select_briefing([article], [], [], 16)
    assert [(s.text[:8], s.sources) for s in briefing] == [('"we will', ["a"])]


def test_a_long_lower_case_remainder_after_a_quote_is_not_taken_for_its_speaker():
    text = ('"the line is open. " the trams were full on the first morning and the authority added two '
            "extra services to the timetable, a spokesman said.")
    assert len(briefing_spans(text)) == 2


def test_a_dateline_split_off_its_sentence_never_reaches_the_briefing():
    text = ("( associated press ) kestrel bay, vessa.\n"
            "Trams returned to the Kestrel Bay line on Thursday, nine days after a landslide buried the track.\n")
    texts = [c.text for c in candidate_sentences([Article("a", "a.txt", "", text)])]
    assert texts == ["Trams returned to the Kestrel Bay line on Thursday, nine days after a landslide buried the track."]


def test_a_quotation_over_several_sentences_stays_with_its_speaker():
    text = ('Kestrel Bay reopened its tram line. "Our crews worked every night. The slope is safe now," '
            "minister Alia Torvaldt said. The first tram left at dawn.\n")
    assert [s.text for s in briefing_spans(text)] == [
        "Kestrel Bay reopened its tram line.",
        '"Our crews worked every night. The slope is safe now," minister Alia Torvaldt said.',
        "The first tram left at dawn.",
    ]
    # A quotation that never closes is not run on without end: at most QUOTE_SENTENCES sentences.
    unclosed = '"One. Two is here. Three is here. Four is here. Five is here.'
    assert len(briefing_spans(unclosed)) > 1



def test_a_quotation_opened_inside_a_sentence_keeps_its_speaker():
    text = ('Later the minister declared "Listen - the slope is safe. We need no outside inspectors." '
            "The first tram left at dawn.\n")
    assert [s.text for s in briefing_spans(text)] == [
        'Later the minister declared "Listen - the slope is safe. We need no outside inspectors."',
        "The first tram left at dawn.",
    ]
    # A mark with spaces on both sides (pre-tokenised text) may close as well as open: no join.
    spaced = 'the minister said " the slope is safe. " the first tram left at dawn.'
    assert len(briefing_spans(spaced)) == 2


def _ferry_articles(lead_in: str, opener: str = "They warned") -> list[Article]:
    """Two fictional reports; in the first, ``opener`` leans on the sentence ``lead_in`` before it."""
    first = (lead_in + f" {opener} the Solvan ferry union that the strike would be met with fines. "
             "Crossings between Port Selwyn and Kestrin stopped for a second day during the Solvan ferry strike.")
    second = ("The Solvan ferry strike halted crossings between Port Selwyn and Kestrin again on Monday. "
              "Ministers from the coastal provinces said the Solvan ferry union faced fines over the strike.")
    return [Article(id="a", source_path="a.txt", title="", text=first, published="2031-03-04"),
            Article(id="b", source_path="b.txt", title="", text=second, published="2031-03-04")]


# A pronoun, a connective or a demonstrative: each leans on the sentence before it.
LEANING_OPENERS = ["They warned", "But the ministers warned", "However, the ministers warned",
                   "These ministers warned", "The move came as ministers warned"]


@pytest.mark.parametrize("opener", LEANING_OPENERS)
def test_a_sentence_leaning_on_the_one_before_is_never_chosen_without_it(opener):
    # "Talks resumed." is too short to be a candidate: nothing would tell the reader who "they" are
    texts = [s.text for s in select_briefing(_ferry_articles("Talks resumed.", opener), [], [], budget=200)]
    assert texts and not any(t.startswith(opener) for t in texts)


@pytest.mark.parametrize("opener", LEANING_OPENERS)
def test_a_sentence_leaning_on_the_one_before_follows_it(opener):
    lead_in = "Ministers from the five coastal provinces met the Solvan ferry union in Port Selwyn on Monday."
    texts = [s.text for s in select_briefing(_ferry_articles(lead_in, opener), [], [], budget=200)]
    assert texts.index(next(t for t in texts if t.startswith(opener))) == texts.index(lead_in) + 1
