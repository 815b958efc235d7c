"""The Markdown report says what a reader needs: counts, flagged disputes, hedges that take no side."""

from crosswire.records import DISPUTED, UPDATED, Article, BriefingSentence, Fact, FactValue, OriginGroup, Report, Story
from crosswire.report.writers import quote_of, report_to_markdown


def _report() -> Report:
    articles = [Article(i, f"{i}.txt", f"Title {i}", "Body.", outlet=f"Outlet {i}") for i in ("a", "b", "c")]
    toll = Fact("people killed", DISPUTED, 3, [
        FactValue("37", "The blast killed 37 people.", ["a"]),
        FactValue("40", "The blast killed 40 people.", ["b"]),
        FactValue("at least 35", "At least 35 people died in the blast.", ["c"]),
    ])
    story = Story("s-a", ["a", "b", "c"], headline="Blast at a grain silo",
                  origins=[OriginGroup(["a"]), OriginGroup(["b"]), OriginGroup(["c"])], facts=[toll])
    return Report("test", articles, [story])


def test_hedged_value_compatible_with_both_sides_is_marked():
    markdown = report_to_markdown(_report())
    assert "3 articles, 3 independent sources" in markdown
    assert "- at least 35 (a hedged figure that fits the other values): [3] Outlet c" in markdown
    assert "- 37: [1] Outlet a" in markdown and "- 40: [2] Outlet b" in markdown


def test_json_written_piece_by_piece_is_json_dumps_of_the_whole_report():
    """report_to_json and write_report_json lay the report out item by item (issue 19: memory at
    100,000 articles); the text must stay json.dumps's of the whole dict, byte for byte."""
    import io
    import json

    from crosswire.records import Problem
    from crosswire.report.writers import report_to_dict, report_to_json, write_report_json

    report = _report()
    report.articles[0].text = "Line one.\nLine two with a quote \u201cin\u201d it and \u00e9\u2028."
    report.problems = [Problem("x.html", "not a news article")]
    empty = Report("test", [], [])
    for each in (report, empty):
        expected = json.dumps(report_to_dict(each), ensure_ascii=False, indent=2) + "\n"
        out = io.StringIO()
        write_report_json(each, out)
        assert report_to_json(each) == expected
        assert out.getvalue() == expected


def test_a_quote_cut_for_length_keeps_the_value_it_is_quoted_for():
    """A long sentence giving its figure late is quoted around the figure, not from its start."""
    text = ("The ferry left Port Lisk at dawn with the regional governor, two ministers and a crowd of "
            "reporters aboard, and after a long morning of speeches at the new pier the harbour master "
            "said that around 312 passengers had travelled on the first crossing of the season.")
    quote = quote_of(FactValue(value="around 312", text=text))
    assert "around 312" in quote and quote.startswith("...") and len(quote) <= 170
    short = "Around 312 passengers travelled."
    assert quote_of(FactValue(value="around 312", text=short)) == short


def test_a_story_of_untitled_articles_is_headed_by_its_first_briefing_sentence():
    """Plain texts without titles still give each story a heading a reader can scan."""
    report = _report()
    story = report.stories[0]
    story.headline = ""
    story.briefing = [BriefingSentence("The blast at the grain silo in Port Lisk killed at least 35 people.", ["a"])]
    markdown = report_to_markdown(report)
    assert "## Untitled story: The blast at the grain silo in Port Lisk killed at least 35 people." in markdown


def test_a_briefing_sentence_giving_an_early_toll_says_what_later_reports_give():
    """The briefing quotes articles verbatim: an early toll in it is followed by the latest one."""
    articles = [Article("a", "a.txt", "Ferry sinks", "At least four people died when the ferry sank off Port Lisk.",
                        outlet="Outlet a", published="2024-05-01T08:00:00"),
                Article("b", "b.txt", "Ferry toll rises", "Nine people died when the ferry sank, officials said.",
                        outlet="Outlet b", published="2024-05-02T09:00:00")]
    toll = Fact("people died", UPDATED, 2, [
        FactValue("At least four", articles[0].text, ["a"], published=articles[0].published),
        FactValue("Nine", articles[1].text, ["b"], published=articles[1].published),
    ])
    story = Story("s-a", ["a", "b"], headline="Ferry sinks off Port Lisk", origins=[OriginGroup(["a"]), OriginGroup(["b"])],
                  facts=[toll], briefing=[BriefingSentence(articles[0].text, ["a"]), BriefingSentence(articles[1].text, ["b"])])
    markdown = report_to_markdown(Report("test", articles, [story]))
    assert "Port Lisk. [1] *(people died: later reported as Nine; see Updated figures)*" in markdown
    assert "officials said. [2]\n" in markdown


def test_an_update_chain_shows_its_figures_and_lists_vague_values_below():
    """"At least 30 -> scores -> 41" reads as a chain of figures; "scores" stays listed with its source."""
    articles = [Article(i, f"{i}.txt", f"Title {i}", "Body.", outlet=f"Outlet {i}", published=f"2024-05-0{n}T08:00:00")
                for n, i in enumerate(("a", "b", "c"), start=1)]
    toll = Fact("people killed", UPDATED, 3, [
        FactValue("At least 30", "At least 30 people were killed.", ["a"], published=articles[0].published),
        FactValue("scores", "Scores of people were killed.", ["b"], published=articles[1].published),
        FactValue("41", "The toll rose to 41.", ["c"], published=articles[2].published),
    ])
    story = Story("s", ["a", "b", "c"], headline="Quake", origins=[OriginGroup([i]) for i in ("a", "b", "c")],
                  facts=[toll])
    markdown = report_to_markdown(Report("test", articles, [story]))
    assert "- **people killed**: At least 30 \u2192 41\n" in markdown
    assert ": scores \u2014 [2] Outlet b" in markdown
