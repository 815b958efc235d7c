"""Facts lined up across sources: disputes, hedges, weekdays, copies and the report's disputes section."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.facts.entities import resolve_entities
from crosswire.facts.lineup import dispute_lines, line_up_facts, single_source_lines
from crosswire.records import AGREED, DISPUTED, SINGLE, Article, Fact, OriginGroup, Story
from crosswire.report.writers import story_markdown

DEMO = Path(__file__).resolve().parent.parent / "src" / "crosswire" / "examples" / "demo"


def _article(aid: str, text: str, published: str | None = "2024-06-09", outlet: str | None = None) -> Article:
    """A fictional article of the Kestrin story."""
    return Article(id=aid, source_path=f"{aid}.txt", title="Unrest in Kestrin", text=text, outlet=outlet,
                   published=published)


def _facts(articles: list[Article], origins: list[list[str]] | None = None) -> list[Fact]:
    """Facts of a story; each article is its own origin unless ``origins`` says otherwise."""
    groups = [OriginGroup(articles=g) for g in (origins or [[a.id] for a in articles])]
    return line_up_facts(articles, groups, resolve_entities(articles))


def _with_value(facts: list[Fact], value: str) -> Fact:
    """The fact holding a value whose text contains ``value``."""
    return next(f for f in facts if any(value in v.value for v in f.values))


def test_figure_dispute_between_independent_sources() -> None:
    """37 against 45 killed in the same collapse is a dispute; each value keeps its articles."""
    facts = _facts([
        _article("a", "37 people were killed when a footbridge collapsed in Kestrin, officials said."),
        _article("b", "The collapse of the footbridge in Kestrin killed 45 people, the regional governor said."),
    ])
    fact = _with_value(facts, "37")
    assert fact.status == DISPUTED and fact.kind == "figure" and fact.independent_sources == 2
    assert {v.value: v.articles for v in fact.values} == {"37": ["a"], "45": ["b"]}
    assert dispute_lines(facts) == ["people killed: 37 (a; 2024-06-09) vs 45 (b; 2024-06-09)"]


def test_people_aboard_a_vessel_that_sank_are_counted_in_the_sinking_not_as_sinking() -> None:
    """A count of passengers near "capsized" says who was aboard: labelled "people in the sinking"."""
    facts = _facts([
        _article("a", "The ferry was carrying 163 passengers when it capsized off the Kestrin pier, officials said."),
        _article("b", "The overloaded ferry capsized off the Kestrin pier with 170 passengers on board, police said."),
    ])
    fact = _with_value(facts, "163")
    assert fact.claim == "people in the sinking"
    assert dispute_lines(facts) == ["people in the sinking: 163 (a; 2024-06-09) vs 170 (b; 2024-06-09)"]


def test_hedged_figure_is_not_a_dispute() -> None:
    """"at least 35" and "37" can both be right: agreed by two sources."""
    facts = _facts([
        _article("a", "At least 35 people died when a footbridge collapsed in Kestrin."),
        _article("b", "37 people were killed in the footbridge collapse in Kestrin, police said."),
    ])
    fact = _with_value(facts, "37")
    assert fact.status == AGREED and fact.independent_sources == 2
    assert not dispute_lines(facts)


def test_rounded_share_agrees_with_precise_share() -> None:
    """"52.3%" and "over 50%" of the vote for one candidate agree."""
    facts = _facts([
        _article("a", "Election officials said Marta Lindqvist won 52.3% of the vote in Kestrin."),
        _article("b", "Marta Lindqvist secured over 50% of the vote, according to preliminary results."),
    ])
    fact = _with_value(facts, "52.3%")
    assert fact.claim == "share of the vote for Marta Lindqvist"
    assert fact.status == AGREED and fact.independent_sources == 2


def test_weekday_dispute_for_the_same_rally() -> None:
    """"rallied on Saturday" against "gathered on Sunday" outside the same building is a dispute."""
    facts = _facts([
        _article("a", "Thousands of people rallied outside the regional assembly in Kestrin on Saturday, "
                      "demanding new elections.", published="2024-06-09"),
        _article("b", "On Sunday, thousands gathered outside the regional assembly in Kestrin, demanding "
                      "new elections.", published="2024-06-09"),
    ])
    fact = next(f for f in facts if f.kind == "weekday")
    assert fact.status == DISPUTED and fact.claim == "day of the gathering"
    assert sorted(v.value for v in fact.values) == ["Sat 08 Jun 2024", "Sun 09 Jun 2024"]


def test_a_copy_does_not_corroborate() -> None:
    """A reprint stating the same figure leaves independent_sources at 1 and the claim single."""
    text = "Rescuers said 14 people were still missing after the footbridge collapse in Kestrin."
    copied = _facts([_article("a", text), _article("b", text)], origins=[["a", "b"]])
    fact = _with_value(copied, "14")
    assert fact.status == SINGLE and fact.independent_sources == 1 and fact.values[0].articles == ["a", "b"]
    assert "people missing: 14 (a, b; 2024-06-09)" in single_source_lines(copied)
    independent = _facts([_article("a", text), _article("b", text)])
    assert _with_value(independent, "14").independent_sources == 2


def test_a_copy_that_altered_a_figure_is_flagged_but_not_counted_twice() -> None:
    """A copy that changed 14 into 41 makes a dispute inside one origin, still one source."""
    facts = _facts([
        _article("a", "Rescuers said 14 people were still missing after the footbridge collapse."),
        _article("b", "Rescuers said 41 people were still missing after the footbridge collapse."),
    ], origins=[["a", "b"]])
    fact = _with_value(facts, "41")
    assert fact.status == DISPUTED and fact.independent_sources == 1
    assert dispute_lines(facts)[0].endswith("[one origin: a copy altered it]")


def test_day_after_an_event_is_resolved_and_compared() -> None:
    """"the day after the election" (dated by the story itself) clashes with "on Tuesday"."""
    facts = _facts([
        _article("a", "Voters went to the polls in the June 2 election. Opposition leader Pavel Hrabal fled to "
                      "Ostrel the day after the election, his aides said.", published="2024-06-08"),
        _article("b", "Pavel Hrabal left for Ostrel on Tuesday, his party said.", published="2024-06-08"),
    ])
    fact = next(f for f in facts if f.claim == "day of the departure")
    assert fact.status == DISPUTED
    assert any(v.value.startswith("Mon 03 Jun 2024") for v in fact.values)
    assert any(v.value == "Tue 04 Jun 2024" for v in fact.values)


def test_role_held_by_two_different_people_is_not_a_dispute() -> None:
    """Two sources naming different spokeswomen (Anna / Hanna Kovacs) name two people in one role
    (issue 14: on real news such "disputes" were coaches, spokesmen and directors, all distinct)."""
    facts = _facts([
        _article("a", "Police spokeswoman Anna Kovacs said the square had been cleared."),
        _article("b", "The square was cleared, police spokeswoman Hanna Kovacs said."),
    ])
    names = [f for f in facts if f.kind == "name"]
    assert sorted(v.value for f in names for v in f.values) == ["Anna Kovacs", "Hanna Kovacs"]
    # Two people are two facts, each told by one source: neither a dispute nor a corroboration.
    assert [f.status for f in names] == [SINGLE, SINGLE]



def test_markdown_disputes_section_says_who_says_what() -> None:
    """The report lists each dispute with its values, the outlets and the supporting sentence."""
    articles = [
        _article("a", "37 people were killed when a footbridge collapsed in Kestrin.", outlet="Calder Daily"),
        _article("b", "45 people were killed when a footbridge collapsed in Kestrin.", outlet="Radio Solvan"),
    ]
    story = Story(id="s1", articles=["a", "b"], headline="Footbridge collapse",
                  origins=[OriginGroup(["a"]), OriginGroup(["b"])])
    story.facts = _facts(articles)
    text = story_markdown(story, {a.id: a for a in articles})
    section = text.split("### Where the sources disagree")[1]
    assert "**people killed** (2 independent sources)" in section
    assert "- 37: [1] Calder Daily (1 source)" in section and "- 45: [2] Radio Solvan (1 source)" in section


@pytest.mark.skipif(not DEMO.exists(), reason="demo corpus not present")
def test_demo_corpus_planted_disputes() -> None:
    """On the built-in demo's ferry story (its true origins given), the planted toll and day disputes
    are found and 14 missing is agreed by 2 sources (clustering and provenance are tested elsewhere)."""
    demo_truth = pytest.importorskip("demo_truth")
    from crosswire.engine.local import analyze_paths

    by_id = {a.id: a for a in analyze_paths([str(DEMO)]).articles}
    articles = [by_id[i] for i in demo_truth.FERRY]
    origins = [OriginGroup(articles=sorted(group)) for group in demo_truth.FERRY_ORIGINS]
    facts = line_up_facts(articles, origins, resolve_entities(articles))
    ferry = Story(id="ferry", articles=list(demo_truth.FERRY), facts=facts)
    killed = next(f for f in ferry.facts if f.claim == "people killed")
    assert killed.status == DISPUTED
    by_value = {v.value: set(v.articles) for v in killed.values}
    assert by_value["37"] == demo_truth.DISPUTES["people killed"]["37"]
    day = next(f for f in ferry.facts if f.kind == "weekday" and f.status == DISPUTED)
    said: dict[str, set[str]] = {}
    for value in day.values:  # "Monday" (no date known) and "Mon 09 Mar 2026" are one side
        said.setdefault(value.value[:3], set()).update(value.articles)
    assert said["Mon"] == demo_truth.DISPUTES["day the ferry sank"]["Monday"]
    assert said["Tue"] <= demo_truth.DISPUTES["day the ferry sank"]["Tuesday"]
    missing = next(f for f in ferry.facts if f.claim == "people missing")
    assert missing.status == AGREED and missing.independent_sources == demo_truth.AGREED["14"]


def test_places_are_never_disputed_nor_corroborated_as_one() -> None:
    """Two towns for one capsizing are two place facts, neither flagged nor "agreed": on real news
    such clashes were where victims came from and where it happened (issue 14)."""
    facts = _facts([
        _article("a", "A ferry capsized off Kastria on Sunday, killing 12 people, Istvan Varga said."),
        _article("b", "A ferry capsized off Tessaly on Sunday, killing 12 people, Istvan Varga said."),
    ])
    places = [f for f in facts if f.kind == "place"]
    assert sorted(v.value for f in places for v in f.values) == ["Kastria", "Tessaly"]
    assert all(f.status == SINGLE for f in places)
    both = _facts([
        _article("a", "A ferry capsized off Kastria on Sunday, killing 12 people, Istvan Varga said."),
        _article("b", "A ferry from Kastria capsized off Tessaly on Sunday, killing 12 people, Istvan Varga said."),
    ])
    assert all(f.status != DISPUTED for f in both)


def test_a_time_of_day_is_corroborated_by_independent_reports_and_never_disputed() -> None:
    """"at about 6.10am" and "at 6:10 a.m." corroborate one time of the derailment; "around 6.25am"
    in a third report is an estimate beside them, not a dispute."""
    facts = _facts([
        _article("a", "The tram derailed at about 6.10am near the Lorvik junction, officials confirmed."),
        _article("b", "Rescuers said the tram derailed at 6:10 a.m. on the sharp bend at Lorvik."),
        _article("c", "A witness said the tram derailed around 6.25am on the bend near Lorvik."),
    ])
    clocks = [f for f in facts if f.kind == "clock"]
    agreed = [f for f in clocks if "6:10 a.m." in [v.value for v in f.values]]
    assert agreed and agreed[0].status == AGREED and agreed[0].independent_sources == 2
    assert not [f for f in facts if f.status == DISPUTED]


def test_ages_of_unnamed_relatives_are_not_set_against_each_other() -> None:
    """"his 13-year-old son" in one report and "their 14-year-old son" in another are two families'
    sons in a story of many victims: no dispute."""
    facts = _facts([
        _article("a", "A baker from Kestrin lost his wife and 13-year-old son in the attack on the Lorvik seafront."),
        _article("b", "Their 14-year-old son was with the couple on the Lorvik seafront during the attack."),
    ])
    assert not [f for f in facts if f.status == DISPUTED]


def test_a_month_is_corroborated_and_an_old_month_is_an_earlier_event() -> None:
    """"in May" (report of June 2024) and "in May 2024" are one month of the opening; "in April
    2019" is history: corroborated, but marked an earlier event and kept out of "Corroborated"."""
    facts = _facts([
        _article("a", "The Lorvik bridge was opened in May, and in April 2019 the old ferry was closed."),
        _article("b", "Engineers opened the Lorvik bridge in May 2024; the old ferry was closed in April 2019."),
    ])
    months = {f.values[0].value: f for f in facts if f.kind == "month"}
    assert months["May 2024"].status == AGREED and not months["May 2024"].earlier
    assert months["April 2019"].earlier
    assert not [f for f in facts if f.status == DISPUTED]


def test_dates_of_embedded_posts_are_not_the_story_s_days() -> None:
    """An embedded post's signature ("— Ida Varga (@idavarga) June 8, 2024"; "A post shared by ...
    on Jun 7, 2024 at 9:50pm") dates the post, not the launch: its days and times are background,
    never set against the days the reports give."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements

    for sentence in ("The countdown has started at Lorvik — Ida Varga (@idavarga) June 8, 2024",
                     "A post shared by Ida Varga (@idavarga) on Jun 7, 2024 at 9:50pm PDT"):
        found = sentence_statements(sentence, "b", date(2024, 6, 9), {})
        assert found and all(s.background for s in found)


def test_a_rocket_blasting_off_is_a_launch_not_an_attack() -> None:
    """"scheduled to blast off Tuesday" dates a launch; "a blast killed two" is still an attack."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements

    launch = sentence_statements("The rocket is scheduled to blast off Tuesday from Lorvik.", "a", date(2024, 6, 9), {})
    blast = sentence_statements("A blast on Tuesday killed two guards in Lorvik.", "b", date(2024, 6, 9), {})
    assert [s.events[0] for s in launch if s.kind == "weekday"] == ["launched"]
    assert "attacked" in [s.events[0] for s in blast if s.kind == "weekday"][:1] + \
        [e for s in blast if s.kind == "weekday" for e in s.events]


def test_a_planned_day_never_disputes_the_day_something_happened() -> None:
    """"scheduled to blast off on Tuesday" (a plan, and plans move) beside "blasted off on Monday"
    is not a dispute over the launch day."""
    facts = _facts([
        _article("a", "The Lorvik rocket is scheduled to blast off from the Kestrin pad on Tuesday.", "2024-06-10"),
        _article("b", "The Lorvik rocket blasted off from the Kestrin pad on Monday.", "2024-06-10"),
    ])
    assert not [f for f in facts if f.status == DISPUTED]


def test_old_years_and_places_of_earlier_events_are_history() -> None:
    """"the first fatal crash since 1959, when a tram caught fire in Harwick Road" tells an earlier
    event: its year and place are background, kept out of "Corroborated"."""
    facts = _facts([
        _article("a", "It is the first fatal tram crash since 1959, when a tram caught fire in Harwick Road, Lorvik."),
        _article("b", "The last deaths came in 1959, when a tram caught fire in Harwick Road in Lorvik."),
    ])
    history = [f for f in facts if "1959" in [v.value for v in f.values] or "Harwick Road" in [v.value for v in f.values]]
    assert history and all(f.earlier for f in history)


def test_an_agreed_fact_never_holds_two_values_that_contradict_each_other() -> None:
    """"more than 400 pounds" fits both 400 and 450, but 400 and 450 cannot both be right: the
    values kept together with the best-supported one all agree with each other."""
    from datetime import date

    from crosswire.facts.lineup import _all_agreeing
    from crosswire.facts.statements import sentence_statements

    claim = []
    for n, sentence in enumerate(["Kibo weighed more than 400 pounds.", "Kibo weighed 400 pounds.",
                                  "Kibo weighed 400 pounds at the zoo.", "Kibo weighed 450 pounds."]):
        claim += [s for s in sentence_statements(sentence, f"a{n}", date(2024, 6, 9), {}) if s.key == "measure|pound"]
    kept = _all_agreeing(claim, claim[0], {f"a{n}": n for n in range(4)})
    assert sorted(s.display for s in kept) == ["400", "400", "more than 400"]


def test_counts_sharing_only_a_place_beside_them_are_two_things() -> None:
    """Two counts of activists whose clauses share only where they are (a petition signed by 205,
    a fast planned by 214) are two things, not rival reports of one."""
    facts = _facts([
        _article("a", "In a sign of support, 205 activists from across Kestrin signed a petition on Sunday, "
                      "the Vell Centre reported."),
        _article("b", "Separately, 214 activists in Kestrin planned a week of fasts from Thursday, the Vell "
                      "Centre reported.", published="2024-06-11"),
    ])
    assert not [f for f in facts if f.status == DISPUTED]
