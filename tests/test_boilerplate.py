"""Boilerplate learned from the corpus never links unrelated articles (issue 16, item 3)."""

from __future__ import annotations

from crosswire.provenance import boilerplate
from crosswire.provenance.reuse import find_reuse
from crosswire.records import Article

NOTICE = ("Copyright 2031 The Norwire Agency. Every right is kept by the agency. Nothing here may be copied, "
          "aired or reworded unless the Norwire desk agrees to it in writing first.")
STORIES = [
    ("A ferry ran aground near Lorvik on Sunday and all forty passengers were brought ashore by lifeboat crews. "
    "The harbour master said the tide had turned faster than the captain expected."),
    ("The Ostmark city council voted on Tuesday to close the old tram depot and sell the land for housing. "
    "Opposition members said the price agreed with the developer was far too low."),
    ("Farmers in the Tessaly valley lost most of the apricot harvest to a late frost this spring. "
    "The regional government promised emergency loans before the next planting season."),
    ("A new exhibition of glass sculpture opened at the Kestrin museum with works from nine countries. "
    "Curators spent three years gathering pieces from private collections."),
]


DETAIL = [  # real articles are long beside a notice: so are these
    ("Rescue services praised the calm of the passengers and the speed of the volunteer crews at dawn. "
    "Divers will inspect the hull on Monday before tugs try to refloat the vessel at high water. "
    "Insurers sent an assessor from the capital, and the shipping line offered refunds to every traveller."),
    ("Several councillors walked out of the chamber before the final count was read by the clerk. "
    "Residents near the depot have campaigned for a park instead of apartment blocks for a decade. "
    "The mayor defended the sale, saying the budget gap left no other choice this year."),
    ("Prices for dried fruit at the Tessaly market have already doubled compared with last autumn. "
    "Growers blame a warm February that woke the blossom weeks early before the cold returned. "
    "Some families say they will plant hardier plum trees on the lower slopes instead."),
    ("The museum will open late on Thursdays so that school groups can visit after their lessons. "
    "A catalogue with photographs of every piece goes on sale at the entrance next month. "
    "Tickets are free for children, and guided tours in four languages start at noon daily."),
]


def _article(aid: str, text: str) -> Article:
    """A fictional clean article."""
    return Article(id=aid, source_path=f"{aid}.txt", title=aid, text=text)


def test_a_notice_repeated_across_unrelated_stories_never_links_them() -> None:
    articles = [_article(f"s{k}", f"{story} {DETAIL[k]}\n{NOTICE}") for k, story in enumerate(STORIES)]
    learned = boilerplate.learn(articles)
    assert any(key.startswith("nothing here may be copied") for key in learned)
    assert find_reuse(articles) == []
    assert find_reuse(articles, learn_boilerplate=False)  # without learning, the notice links them


def test_a_wire_story_reprinted_by_several_sites_is_not_boilerplate() -> None:
    wire = STORIES[0] + " Two crew members were treated for hypothermia at the Lorvik clinic on Sunday night."
    articles = [_article(f"site{k}", wire) for k in range(4)] + [_article("other", STORIES[1])]
    assert boilerplate.learn(articles) == frozenset()
    linked = {(x.a, x.b) for x in find_reuse(articles)}
    assert len(linked) >= 3 and all("other" not in pair for pair in linked)


def test_pages_that_are_only_a_tweet_prompt_never_link() -> None:
    """A saved page holding nothing but an embedded tweet's location prompt is furniture, even in
    a corpus too small to learn it from (issue 16: such pages made same-origin links across events)."""
    prompt = ("Tweet with a location You may attach the place you are in to each post you write. You always "
              "have the option to clear the saved Tweet location list. Learn more")
    articles = [_article("p1", prompt), _article("p2", prompt), _article("story", STORIES[0] + " " + DETAIL[0])]
    assert find_reuse(articles) == []
    assert not boilerplate.known_furniture(boilerplate.sentence_key(STORIES[0]))


def test_a_report_about_tweets_is_not_furniture() -> None:
    sentence = "The minister deleted a tweet about the ferry within an hour after crews posted its location."
    assert not boilerplate.known_furniture(boilerplate.sentence_key(sentence))
