"""Citations never contradict their sentence: ordinals, weekdays, dates, names and negation in context."""

from crosswire.briefing.support import ArticleIndex, contradicts, evidence, ordinals, supporting_articles
from crosswire.records import Article

# A fictional harbour dispute, told by one outlet. Each sentence below is the evidence a briefing
# sentence may be checked against.
HARBOUR = (
    "Dockworkers blocked the main gate of the Varnholm ferry terminal for the seventh consecutive day on "
    "Wednesday, demanding the reinstatement of two dismissed crane operators.\n"
    "Police confirmed that two officers were hurt in a scuffle at the gate but did not give their names.\n"
    "The harbour board voted on Wednesday to suspend night sailings, a day after inspectors found cracks in "
    "the pilings of berth four on Tuesday.\n"
    "Wednesday's vote followed a four-hour meeting that the terminal operator's chief executive did not attend.\n"
    "Harbour minister Lena Marsh said the night sailings would resume once the pilings are repaired, her deputy "
    "Alia Torvaldt added.\n"
    "Berth four closed on March 9, after divers found cracks in three of its pilings during a routine inspection "
    "on March 6.\n"
    "It was the 21st strike at the terminal since the operator took over the port in 2019.\n"
)


def _cites(sentence: str) -> bool:
    return supporting_articles(sentence, [ArticleIndex(Article("h", "h.txt", "", HARBOUR))]) == ["h"]


def test_another_ordinal_is_not_cited():
    assert not _cites("Dockworkers blocked the main gate of the Varnholm ferry terminal for the eighth consecutive "
                      "day on Wednesday, demanding the reinstatement of two dismissed crane operators.")
    assert not _cites("It was the 22nd strike at the terminal since the operator took over the port in 2019.")
    assert not _cites("It was the twentieth strike at the terminal since the operator took over the port in 2019.")


def test_the_same_ordinal_in_other_words_is_cited():
    assert _cites("Dockworkers blocked the main gate of the Varnholm ferry terminal for the seventh consecutive "
                  "day on Wednesday, demanding the reinstatement of two dismissed crane operators.")
    assert _cites("Dockworkers blocked the main gate of the Varnholm ferry terminal for the 7th consecutive "
                  "day on Wednesday, demanding the reinstatement of two dismissed crane operators.")
    assert _cites("It was the twenty-first strike at the terminal since the operator took over the port in 2019.")
    assert ordinals("the eighth, 8th, twenty-first and 21st days; a first-round bye") == {"8", "21", "1"}


def test_another_weekday_is_not_cited_the_same_is():
    # The window names Tuesday too, but for the inspection, not for the vote.
    assert not _cites("The harbour board voted on Tuesday to suspend night sailings, a day after inspectors found "
                      "cracks in the pilings of berth four.")
    assert not _cites("Tuesday's vote followed a four-hour meeting that the terminal operator's chief executive "
                      "did not attend.")
    assert not _cites("Dockworkers blocked the main gate of the Varnholm ferry terminal for the seventh consecutive "
                      "day on Thursday, demanding the reinstatement of two dismissed crane operators.")
    assert _cites("The harbour board voted on Wednesday to suspend night sailings, a day after inspectors found "
                  "cracks in the pilings of berth four.")
    assert _cites("Wednesday's vote followed a four-hour meeting that the terminal operator's chief executive "
                  "did not attend.")


def test_another_date_in_the_same_place_is_not_cited():
    # Both dates are in the window; the sentence gives the inspection's date to the closure.
    assert not _cites("Berth four closed on March 6, after divers found cracks in three of its pilings during a "
                      "routine inspection.")
    assert _cites("Berth four closed on March 9, after divers found cracks in three of its pilings during a "
                  "routine inspection.")


def test_opposite_polarity_is_not_cited_the_same_is():
    # The window holds a negation too ("did not give their names"), but not of 'confirm'.
    assert not _cites("Police did not confirm that two officers were hurt in a scuffle at the gate but did not "
                      "give their names.")
    assert not _cites("Police refused to confirm that two officers were hurt in a scuffle at the gate.")
    assert not _cites("Wednesday's vote followed a four-hour meeting that the terminal operator's chief executive "
                      "did attend.")
    assert _cites("Police confirmed that two officers were hurt in a scuffle at the gate but did not give their "
                  "names.")
    assert _cites("Police confirmed that two officers were hurt in a scuffle at the gate but did not give the "
                  "names.")


def test_a_figure_beside_another_that_shares_its_context_is_still_compared():
    """"was 7 of 16" and "was 8 of 16" share their nearest plain word on the left (the name), and 16
    is in both: what stands right beside each figure tells 7 from 8."""
    keeper = Article("k", "k.txt", "", "Goalkeeper Ona Brask was 7 of 16 for saves in the final, her fifth of the "
                                       "season and the eighth win in nine matches for her club.\n")
    def cites(sentence: str) -> bool:
        return supporting_articles(sentence, [ArticleIndex(keeper)]) == ["k"]
    assert cites("Goalkeeper Ona Brask was 7 of 16 for saves in the final, her fifth of the season and the eighth "
                 "win in nine matches for her club.")
    assert not cites("Goalkeeper Ona Brask was 8 of 16 for saves in the final, her fifth of the season and the "
                     "eighth win in nine matches for her club.")


def test_a_window_that_denies_more_often_than_the_sentence_does_not_support_it():
    """Both deny something, but the window twice ("not the slightest risk ..., not even ..."): a
    sentence that drops one denial says the opposite, in other words too ("the smallest risk");
    "not've" denies too. A window denying less
    often (the sentence's last words split off in the article: "... No plan.") still supports."""
    text = ("Harbour engineers said there is not the slightest risk of a collapse at berth four of the Varnholm "
            "ferry terminal, not even in a winter gale.\n"
            "The pier would've been closed at once if the pilings had moved, the board said.\n"
            "We mean, not 'this week' - that wasn't the plan at all.\nNo plan.\n")
    index = [ArticleIndex(Article("p", "p.txt", "", text))]
    assert not supporting_articles("Harbour engineers said there is the smallest risk of a collapse at berth four of "
                                   "the Varnholm ferry terminal, not even in a winter gale.", index)
    assert supporting_articles("Harbour engineers said there is not the smallest risk of a collapse at berth four of "
                               "the Varnholm ferry terminal, not even in a winter gale.", index) == ["p"]
    assert not supporting_articles("The pier would not've been closed at once if the pilings had moved, the board "
                                   "said.", index)
    assert supporting_articles("We mean, not 'this week' - that wasn't the plan at all. No plan.", index) == ["p"]


def test_another_name_in_the_same_role_is_not_cited():
    # Alia Torvaldt is in the window, as the deputy; the minister who spoke is Lena Marsh.
    assert not _cites("Harbour minister Alia Torvaldt said the night sailings would resume once the pilings are "
                      "repaired.")
    assert _cites("Harbour minister Lena Marsh said the night sailings would resume once the pilings are repaired.")


def test_contradicts_reads_context_not_just_sets():
    assert contradicts("It was the eighth consecutive day of the strike.", "It was the seventh consecutive day of the "
                       "strike, the eighth since May.")
    assert not contradicts("It was the seventh consecutive day of the strike.", "It was the seventh consecutive day "
                           "of the strike.")
    # A word denied once of two is no contradiction of a text that denies it once of two too.
    assert not contradicts("Police did not confirm the arrest but confirmed the search.",
                           "Police confirmed the search but did not confirm the arrest.")
    assert evidence("Sunday's vote").calendar == {"sun"}


def test_the_article_a_sentence_was_taken_from_always_supports_it():
    other = ArticleIndex(Article("o", "o.txt", "", "A ferry ran aground off Varnholm on Monday."))
    own = ArticleIndex(Article("h", "h.txt", "", HARBOUR))
    sentence = "Police confirmed two officers were hurt."  # trimmed by the briefing: not verbatim
    assert supporting_articles(sentence, [other, own]) == []
    assert supporting_articles(sentence, [other, own], own="h") == ["h"]


def test_the_benchmark_s_independent_check_finds_the_same_contradictions():
    """benchmarks/summary.py judges citations with its own code; it rejects what support rejects."""
    import importlib
    import sys
    from pathlib import Path

    import pytest

    for module in ("rouge_score", "sumy", "pysbd"):
        pytest.importorskip(module)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        summary = importlib.import_module("summary")
    finally:
        sys.path.pop(0)
    check = summary.citation_supported
    assert not check("Dockworkers blocked the main gate of the Varnholm ferry terminal for the eighth consecutive day "
                     "on Wednesday.", HARBOUR)
    assert not check("The harbour board voted on Tuesday to suspend night sailings, a day after inspectors found "
                     "cracks in the pilings of berth four.", HARBOUR)
    assert not check("Police did not confirm that two officers were hurt in a scuffle at the gate.", HARBOUR)
    assert not check("Berth four closed on March 6, after divers found cracks in three of its pilings.", HARBOUR)
    assert check("Dockworkers blocked the main gate of the Varnholm ferry terminal for the seventh consecutive day "
                 "on Wednesday.", HARBOUR)
    assert check("The harbour board voted on Wednesday to suspend night sailings, a day after inspectors found "
                 "cracks in the pilings of berth four.", HARBOUR)
    assert check("Police confirmed that two officers were hurt in a scuffle at the gate.", HARBOUR)
    assert check("Berth four closed on March 9, after divers found cracks in three of its pilings.", HARBOUR)
    assert check("It was the 21st strike at the terminal since the operator took over the port.", HARBOUR)


def test_a_quotation_of_two_sentences_is_not_cited_when_the_article_denies_its_first():
    """The article's minister says "I don't agree." before a long second sentence; a briefing
    quotation "I do agree. <the same long sentence>" is carried by the long sentence alone
    unless the sentences around it are read for what they deny."""
    text = ("Asked whether the night closures would hurt trade, the harbour minister was firm.\n"
            "\"I don't agree.\n"
            "What matters now is to keep repairing the pilings of berth four until every inspector is "
            "satisfied that the ferries can dock safely at night,\" she said.\n")
    index = ArticleIndex(Article("m", "m.txt", "", text))
    told = ("\"I don't agree. What matters now is to keep repairing the pilings of berth four until every "
            "inspector is satisfied that the ferries can dock safely at night,\" she said.")
    assert index.supports(told)
    assert not index.supports(told.replace("don't", "do"))
