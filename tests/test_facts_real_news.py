"""Facts as frames (issue 14): the rules that real news needed, each pinned on fictional text.

Every test here failed before the rule it names: background and subset figures made false
disputes, counts that grew over a day were called disputes, corroboration was not reported, and
distinct people sharing a surname or a middle-name-less form were merged.
"""

from __future__ import annotations

import pytest

from crosswire.facts.entities import resolve_entities
from crosswire.facts.lineup import corroborated_lines, line_up_facts, update_lines
from crosswire.records import AGREED, DISPUTED, UPDATED, Article, Fact, OriginGroup


def _article(aid: str, text: str, published: str | None = "2024-06-09", outlet: str | None = None) -> Article:
    """A fictional article of the Kestrin story."""
    return Article(id=aid, source_path=f"{aid}.txt", title=f"Kestrin report {aid}", text=text,
                   outlet=outlet or f"{aid}.example", published=published)


def _facts(articles: list[Article], origins: list[list[str]] | None = None) -> list[Fact]:
    """Facts of a story; each article is its own origin unless ``origins`` says otherwise."""
    groups = [OriginGroup(articles=g) for g in (origins or [[a.id] for a in articles])]
    return line_up_facts(articles, groups, resolve_entities(articles))


def test_a_count_told_about_an_earlier_event_never_disputes_the_story() -> None:
    """"the worst since 2009, when seven people were killed" is history, not a rival toll."""
    facts = _facts([
        _article("a", "The footbridge collapse in Kestrin killed 12 people on Sunday, officials said."),
        _article("b", "The collapse is the worst since 2009, when seven people were killed in Kestrin."),
        _article("c", "Twelve people were killed when the footbridge in Kestrin collapsed on Sunday."),
    ])
    assert not [f for f in facts if f.status == DISPUTED]
    killed = next(f for f in facts if f.claim == "people killed")
    assert killed.status == AGREED


def test_part_of_a_toll_is_not_set_against_the_toll() -> None:
    """"12 people, including 10 tourists" and "10 local fishermen" count parts of the 12."""
    facts = _facts([
        _article("a", "The ferry sinking near Kestrin killed 12 people, including 10 tourists, police said."),
        _article("b", "Police said the sinking near Kestrin killed 10 local fishermen and two crew."),
        _article("c", "Twelve people were killed in the sinking near Kestrin, police said."),
    ])
    assert not [f for f in facts if f.status == DISPUTED]


def test_a_count_that_grew_between_reports_is_updated_with_each_time() -> None:
    """Injured 70 in the morning, 115 in the evening: an update in time order, never a dispute."""
    facts = _facts([
        _article("a", "Seventy people were injured in the Kestrin blast, the mayor said.",
                 published="2024-06-09T08:10"),
        _article("b", "The Kestrin blast injured 115 people, hospital officials said.", published="2024-06-09T19:45"),
    ])
    injured = next(f for f in facts if f.claim == "people injured")
    assert injured.status == UPDATED
    assert [v.value for v in injured.values] == ["Seventy", "115"]
    assert [v.published for v in injured.values] == ["2024-06-09T08:10", "2024-06-09T19:45"]
    line = update_lines(facts, {})[0]
    assert line.index("2024-06-09 08:10") < line.index("2024-06-09 19:45")


def test_a_count_that_fell_or_came_at_one_time_stays_a_dispute() -> None:
    """A lower toll published later is not growth: still a dispute between independent sources."""
    facts = _facts([
        _article("a", "The Kestrin blast killed 45 people, the mayor said.", published="2024-06-09T08:10"),
        _article("b", "The Kestrin blast killed 37 people, officials said.", published="2024-06-09T19:45"),
    ])
    assert next(f for f in facts if f.claim == "people killed").status == DISPUTED


def test_corroborated_lines_count_origins_not_copies() -> None:
    """Two copies of one wire story are one source; an independent report makes it corroborated."""
    a = _article("a", "The Kestrin blast killed 12 people on Sunday, officials said.", outlet="Wire One")
    copy = _article("copy", "The Kestrin blast killed 12 people on Sunday, officials said.", outlet="Reprint Daily")
    b = _article("b", "Twelve people died in the Kestrin blast, the mayor said.", outlet="Kestrin Herald")
    alone = _facts([a, copy], origins=[["a", "copy"]])
    assert not corroborated_lines(alone, {x.id: x for x in (a, copy)})
    both = _facts([a, copy, b], origins=[["a", "copy"], ["b"]])
    lines = corroborated_lines(both, {x.id: x for x in (a, copy, b)})
    killed = next(line for line in lines if line.startswith("people killed"))
    assert "2 independent sources" in killed and "Kestrin Herald" in killed and "Wire One" in killed


def test_generic_measures_agree_and_dispute_only_as_close_rivals() -> None:
    """A 25-ton truck in two reports is corroborated; 25 against 19 tons told alike is a dispute;
    values far apart (2 against 40 tons) are two different things, never a dispute."""
    agreed = _facts([
        _article("a", "The driver rammed a 25-ton truck into the Kestrin market crowd."),
        _article("b", "Police said the 25-ton truck was rented in Kestrin two days earlier."),
    ])
    truck = next(f for f in agreed if f.frame == "measure|ton")
    assert truck.status == AGREED and truck.independent_sources == 2
    close = _facts([
        _article("a", "The driver rammed a 25-ton truck into the Kestrin market crowd."),
        _article("b", "The driver rammed a 19-ton truck into the Kestrin market crowd."),
    ])
    assert [f.frame for f in close if f.status == DISPUTED] == ["measure|ton"]
    assert [f.claim for f in close if f.status == DISPUTED] == ["tons (truck)"]  # what both measure
    far = _facts([
        _article("a", "The driver rammed a 2-ton truck into the Kestrin market crowd."),
        _article("b", "The driver rammed a 40-ton truck into the Kestrin market crowd."),
    ])
    assert not [f for f in far if f.status == DISPUTED]


def test_a_photo_caption_date_is_not_the_event_day() -> None:
    """A caption dated the next day ("... on June 10, 2024 (c) Photographer") disputes nothing."""
    facts = _facts([
        _article("a", "The Kestrin footbridge collapsed on Sunday, killing 12 people.", published="2024-06-10"),
        _article("b", "Flowers at the footbridge that collapsed and killed 12 people, on June 10, 2024 "
                      "\u00a9Photographer (Agency)", published="2024-06-10"),
    ])
    assert not [f for f in facts if f.status == DISPUTED]


def test_people_with_different_middle_names_stay_apart() -> None:
    """A father and son, "John Agyekum Osei" and "John Addo Osei", are two people."""
    entities = resolve_entities([
        _article("a", "Former president John Agyekum Osei said he had done nothing wrong."),
        _article("b", "The files name John Addo Osei, a businessman, as a director of two firms."),
    ])
    people = [e for e in entities if "Osei" in e.name]
    assert len(people) == 2


def test_a_relative_named_in_full_in_the_same_article_stays_apart() -> None:
    """"Denis Osei Mensah" and his son "Denis Kwame Osei Mensah" in one article are two people,
    while the same longer form in another article may still be the same person written in full."""
    same_article = resolve_entities([
        _article("a", "President Denis Osei Mensah said the files were false. His son, Denis Kwame Osei Mensah, "
                      "is named as the owner of two firms."),
    ])
    assert len([e for e in same_article if "Mensah" in e.name and len(e.name.split()) >= 3]) == 2


def test_a_bare_surname_shared_by_two_named_relatives_attaches_to_neither() -> None:
    """"Osei" in an article naming President Kofi Osei and his nephew Yaw Kwabena Osei is ambiguous."""
    entities = resolve_entities([
        _article("a", "President Kofi Osei denied wrongdoing. The files name his nephew Yaw Kwabena Osei, "
                      "a businessman. Osei set up the firm in 2010."),
    ])
    president = next(e for e in entities if e.name == "Kofi Osei")
    assert "Osei" not in president.aliases


def test_a_possessive_is_not_where_it_happened() -> None:
    """"called in Moscow's help" does not put the talks in Moscow (the seeds' invented place)."""
    facts = _facts([
        _article("a", "The president held talks in Kestrin on Saturday and called in Lorvik's help."),
    ])
    assert not [f for f in facts if f.kind == "place" and any("Lorvik" in v.value for v in f.values)]


def test_single_source_list_keeps_what_a_reader_checks() -> None:
    """An event count told by one source is listed; a generic measure by one source is not."""
    from crosswire.facts.lineup import single_source_lines

    a = _article("a", "The Kestrin blast killed 12 people on Sunday. The 40-ton crane fell on a bus.", outlet="Wire One")
    b = _article("b", "Rescuers searched the rubble in Kestrin on Monday.", outlet="Kestrin Herald")
    lines = single_source_lines(_facts([a, b]), {"a": a, "b": b})
    assert any(line.startswith("people killed: 12 (Wire One") for line in lines)
    assert not any("crane" in line or line.startswith("tons") for line in lines)
    history = _article("c", "It was the worst blast since 2009, when seven people were killed in Lorvik.", outlet="Daily")
    lines = single_source_lines(_facts([a, history]), {"a": a, "c": history})
    assert not any("earlier event" in line or "seven" in line for line in lines)
    vague = _article("d", "Dozens of people were injured in the Kestrin blast on Sunday.", outlet="Gazette")
    lines = single_source_lines(_facts([a, vague]), {"a": a, "d": vague})
    assert not any("Dozens" in line for line in lines)  # a vague count says nothing a reader can check


def test_page_words_and_letters_are_not_entities() -> None:
    """"Share", "Subscribe", the "S" of a split "U.S." and an ordinary word the story writes in lower
    case ("Listen ... listen") are not entities; real one-word names stay."""
    entities = resolve_entities([
        _article("a", "Share\nSubscribe\nListen to the mayor. Officials in Kestrin said they would listen to "
                      "residents. Mayor Varga said the U S embassy had called. Varga visited Lorvik."),
    ])
    names = {e.name for e in entities}
    assert not names & {"Share", "Subscribe", "Listen", "S", "U"}
    assert "Lorvik" in names or any("Lorvik" in e.aliases for e in entities)


def test_credits_and_buttons_around_a_name_are_not_part_of_it() -> None:
    """A photo credit or a button run into a name ("Getty Images Ilse Varga", "Follow Ilse Varga",
    "Advertisement Continue") leaves the name itself, or nothing when only page words remain."""
    entities = resolve_entities([
        _article("a", "Getty Images Ilse Varga spoke at the quay.\nAdvertisement Continue\n"
                      "Follow Ilse Varga on the harbour board's page. Ilse Varga said the quay would reopen."),
    ])
    names = {n for e in entities for n in [e.name, *e.aliases]}
    assert "Ilse Varga" in names
    assert not any(word in n for n in names for word in ("Getty", "Follow", "Advertisement", "Continue"))


def test_a_range_is_one_value_that_fits_what_lies_inside_it() -> None:
    """"10 to 12 feet" is one figure: it fits "about 12 feet" and clashes with "15 feet"."""
    from crosswire.facts.quantities import compatible, find_quantities

    (span,) = find_quantities("The boy fell 10 to 12 feet into the moat.")
    assert (span.low, span.high, span.hedge) == (10.0, 12.0, "range")
    assert compatible(span, find_quantities("He fell about 12 feet.")[0])
    assert not compatible(span, find_quantities("He fell 15 feet.")[0])
    assert [q.value for q in find_quantities("It killed 10 people and 12 more")] == [10.0, 12.0]


def test_a_range_of_figures_with_scale_words_and_currency_is_one_value() -> None:
    """"between $1 billion and $3 billion" is one range, not a one-billion and a three-billion figure."""
    from crosswire.facts.quantities import compatible, find_quantities

    (span,) = find_quantities("The levy could cost Vellcorp between $1 billion and $3 billion, its filing said.")
    assert span.hedge == "range" and span.low <= 1e9 and span.high >= 3e9
    assert compatible(span, find_quantities("a cost of $2.5 billion")[0])
    assert [q.value for q in find_quantities("from 2 million to 3 million people")] == [2.5e6]


def test_codes_and_won_lost_records_are_not_figures() -> None:
    """"F-16", "KX-19" and "RX J2231-1220" are names; "a 4-12 season" is a record, not a range
    from 4 to 12 that would agree with "eight seasons"; "aged 30-40 years" is still a range."""
    from crosswire.facts.quantities import find_quantities

    assert find_quantities("Two F-16 jets and the KX-19 probe saw RX J2231-1220 glow.")[0].value == 2.0
    assert len(find_quantities("Two F-16 jets and the KX-19 probe saw RX J2231-1220 glow.")) == 1
    assert find_quantities("They closed out a 4-12 season in Kestrin.") == ()
    assert find_quantities("Volunteers aged 30-40 years came.")[0].hedge == "range"


def test_lower_cased_text_keeps_counts_money_shares_days_and_distances() -> None:
    """Multi-News text is lower-cased and tokenised ("$ 37", "8.2 %"): its figures are still read."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements

    def kinds(text: str) -> set[str]:
        return {s.key for s in sentence_statements(text, "a", date(2020, 1, 10), {})}

    assert {"people|killed", "time"} <= kinds("the ferry capsized on tuesday, killing 37 people, officials said.")
    assert "measure|dollar" in kinds("the painting, worth $ 37 million, was shipped in december.")
    assert "measure|percent" in kinds("prices were 8.2 % higher than a year before.")
    assert {"measure|ton", "measure|kilometre"} <= kinds("a 25-ton truck drove 2 km along the promenade.")


def test_a_seriously_injured_part_neither_blocks_nor_leads_an_update() -> None:
    """Two write-throughs: 25 then 27 injured, each adding "four were seriously injured": the
    update shows 25 and 27, and the four are a count of their own that both reports agree on."""
    facts = _facts([
        _article("a", "A ship hit the Kestrin bridge and 25 people were injured, police said. "
                      "Four people were seriously injured.", published="2024-06-09T06:57"),
        _article("b", "Police say 27 people were injured when a ship hit the Kestrin bridge. "
                      "Four people were seriously injured.", published="2024-06-09T08:27"),
    ])
    injured = next(f for f in facts if f.claim == "people injured")
    assert injured.status == UPDATED
    assert [v.value for v in injured.values] == ["25", "27"]
    serious = next(f for f in facts if f.claim == "people seriously injured")
    assert serious.status == AGREED and serious.independent_sources == 2


def test_monarchs_keep_their_title_and_never_merge_with_a_namesake() -> None:
    """"King Salman" is not "Mohammed bin Salman" nor a minister "Abdullah Ibrahim" beside "King
    Abdullah"; "King Salman bin Abdulaziz" is King Salman titled again."""
    entities = resolve_entities([
        _article("a", "King Abdullah met King Salman in Kestrin on Monday. Abdullah Ibrahim, a minister, "
                      "joined them. Crown Prince Mohammed bin Salman also came."),
        _article("b", "King Salman bin Abdulaziz hosted the talks. Mohammed bin Salman attended."),
    ])
    groups = [{e.name, *e.aliases} for e in entities]
    assert {"King Salman bin Abdulaziz", "King Salman"} in groups
    assert not any({"King Abdullah", "Abdullah Ibrahim"} <= g for g in groups)
    assert not any("King Salman" in g and "Mohammed bin Salman" in g for g in groups)


def test_an_age_goes_to_its_own_person_only() -> None:
    """In a sentence naming several people, an age belongs to the name it is written against;
    a "17-year-old gorilla" and a "4-year-old boy" are never lined up as one age."""
    from crosswire.facts.entities import alias_index
    from crosswire.facts.statements import sentence_statements

    texts = ["Anna Berg, a 34-year-old teacher, said Ivan Petrov had left.",
             "Mayor Anna Berg said the 19-year-old had been found near the home of Ivan Petrov."]
    names = alias_index(resolve_entities([_article(str(n), t) for n, t in enumerate(texts)]))
    ages = [[s.key for s in sentence_statements(t, "a", None, names) if s.key.startswith("age|")] for t in texts]
    assert ages == [["age|Anna Berg"], []]
    facts = _facts([
        _article("a", "A zoo killed a 17-year-old gorilla after a 4-year-old boy fell into its moat."),
        _article("b", "The 17-year-old gorilla was shot after the 3-year-old boy fell into the moat."),
    ])
    boy = next(f for f in facts if any(v.value.startswith(("4", "3")) for v in f.values) and f.frame == "measure|age")
    assert sorted(v.value for v in boy.values) == ["3-year-old", "4-year-old"] and boy.status == DISPUTED


def test_corroborated_never_lists_figures_that_contradict_each_other() -> None:
    """Most reports give "at least 84" dead; a live blog's earlier "77" and "80" are facts of their
    own (undated, so neither update nor dispute), never listed as part of the agreement."""
    facts = _facts([
        _article("a", "At least 84 people were killed in the Kestrin truck attack, officials said."),
        _article("b", "The Kestrin truck attack killed 84 people, the minister said."),
        _article("c", "Hollande said 77 people died in the Kestrin truck attack. Later he said 80 people died. "
                      "At least 84 people were killed, the interior minister said."),
    ], origins=[["a"], ["b"], ["c"]])
    agreed = [f for f in facts if f.claim == "people killed" and f.status == AGREED]
    main = max(agreed, key=lambda f: f.independent_sources)
    assert main.independent_sources == 3 and not {"77", "80"} & {v.value for v in main.values}


def test_history_told_by_several_reports_is_labelled_and_not_corroborated() -> None:
    """Two reports recalling "the worst since 2009, when seven died" agree on history, not the story."""
    a = _article("a", "The Kestrin blast killed 12 people. It was the worst since 2009, when seven people were killed.")
    b = _article("b", "Twelve people died in the Kestrin blast, the deadliest since 2009, when seven people were killed.")
    facts = _facts([a, b])
    history = next(f for f in facts if any(v.value == "seven" for v in f.values))
    assert history.earlier and history.claim.endswith("(earlier event)")
    lines = corroborated_lines(facts, {"a": a, "b": b})
    assert lines and not any("earlier" in line or "seven" in line for line in lines)


def test_a_figure_with_a_scale_word_is_as_precise_as_its_digits() -> None:
    """"$103 billion" and "$105 billion" cannot both be right (once both fitted a 5 % rounding
    allowance); "11 million" is a rounded "11.5 million"; "100 billion" keeps the allowance."""
    from crosswire.facts.quantities import compatible, find_quantities

    def q(text: str):  # type: ignore[no-untyped-def]
        return find_quantities(text)[0]

    assert not compatible(q("an offer of $103 billion"), q("an offer of $105 billion"))
    assert not compatible(q("worth $146 billion"), q("worth $148.9 billion"))
    assert compatible(q("11 million documents"), q("11.5 million documents"))
    assert compatible(q("2 million people"), q("2.3 million people"))
    assert compatible(q("100 billion"), q("103 billion"))


def test_a_day_told_without_an_event_word_corroborates_but_never_disputes() -> None:
    """"near the bridge on Tuesday evening" names no event: it backs the day another report
    gives the collision, and a bare day elsewhere is never set against it."""
    facts = _facts([
        _article("a", "The barge collided with the bridge on Tuesday, injuring 25 people.", "2024-06-13"),
        _article("b", "The barge hit a pillar near the town on Tuesday evening.", "2024-06-13"),
        _article("c", "Engineers inspected the bridge on Wednesday.", "2024-06-13"),
    ])
    days = [f for f in facts if f.kind in ("date", "weekday")]
    tuesday = next(f for f in days if any("Tue" in v.value for v in f.values))
    assert tuesday.status == AGREED and tuesday.independent_sources == 2
    assert all(f.status != DISPUTED for f in facts)


def test_two_claims_of_one_telling_figure_in_like_words_corroborate_each_other() -> None:
    """"about 140 political figures" and "140 politicians and public officials" are one figure
    told with different nouns: corroborated by both, not two single-source claims."""
    facts = _facts([
        _article("a", "The leaked files name about 140 political figures from 50 countries."),
        _article("b", "The leaked files name 140 politicians and public officials from 50 countries."),
    ])
    fact = next(f for f in facts if any("140" in v.value for v in f.values))
    assert fact.status == AGREED and fact.independent_sources == 2


def test_a_year_is_exact_and_a_measure_is_named_as_the_report_names_it() -> None:
    """The year 2000 never agrees with 1999 (once widened as a round "2,000"); a measure's label
    is the report's own words ("media organizations"), not a made-up plural ("medias")."""
    facts = _facts([
        _article("a", "The canal came under national control in 2000, and more than 100 media organizations "
                      "studied the files."),
        _article("b", "The canal came under national control in 1999, and more than 100 media organizations "
                      "studied the files."),
    ])
    years = [f for f in facts if f.frame == "measure|in-year"]
    assert years and all(f.status != AGREED for f in years)
    assert any(f.claim == "media organizations" and f.status == AGREED for f in facts)


def test_a_count_from_an_earlier_event_never_corroborates_the_story() -> None:
    """"seven people were killed in a crash in 2004" told for background does not back "at least
    seven killed" today: the story's toll stands on one source, the history is its own fact."""
    facts = _facts([
        _article("a", "At least seven people were killed when the tram overturned in Kestrin on Wednesday."),
        _article("b", "Not since 2004, when a tram collision near Lorvik killed seven people, has the line seen worse."),
    ], )
    toll = [f for f in facts if f.frame == "people|killed" and not f.earlier]
    assert toll and all(f.status != AGREED for f in toll)


def test_years_dispute_only_for_the_same_someone() -> None:
    """"satellites launched in 2011" and "its first satellite, launched in 2012" date two launches;
    two reports dating one person's draft differently do disagree."""
    launches = _facts([
        _article("a", "The new craft takes over from an ageing radar satellite that was launched in 2011."),
        _article("b", "Its first satellite reached orbit on a rocket launched in 2012, after three failed tries."),
    ])
    assert not [f for f in launches if f.status == DISPUTED]
    draft = _facts([
        _article("a", "Quarterback Carl Weston was drafted first overall by the Lorvik Lions in 2002."),
        _article("b", "Quarterback Carl Weston was drafted first overall by the Lorvik Lions in 2003."),
    ])
    assert [f.frame for f in draft if f.status == DISPUTED] == ["measure|in-year"]


def test_a_story_of_hundreds_of_templated_entries_is_split_by_value() -> None:
    """Hundreds of near-identical entries (one shop's deals, issue 17) make claims too large to
    compare statement by statement: they are split by value, and no fact holds dozens of values."""
    from crosswire.facts import lineup as facts_module

    articles = [_article(f"d{k}", f"Deal of the day: the kettle model {k} is now {20 + k} dollars, down from "
                                  f"{60 + k} dollars until midnight.") for k in range(facts_module.MAX_LINKED_STATEMENTS)]
    found = _facts(articles, origins=[[a.id for a in articles]])
    assert found and all(len(f.values) <= facts_module.MAX_APART_VALUES for f in found)
    assert not [f for f in found if f.status == DISPUTED]


def _statements(text: str, published: str = "2024-06-09", names: list[str] | None = None) -> list[tuple[str, str]]:
    """(key, display) of each statement of one sentence, with the story's people from ``names``."""
    from datetime import date

    from crosswire.facts.entities import alias_index
    from crosswire.facts.statements import sentence_statements

    people = alias_index(resolve_entities([_article(str(n), t) for n, t in enumerate(names or [])]))
    return [(s.key, s.display) for s in sentence_statements(text, "a", date.fromisoformat(published), people)]


def test_units_written_against_their_figure_are_read() -> None:
    """"12mph", "400lb", "15ft", "3km": real reports write units this way as often as with a space."""
    assert ("measure|mile", "12") in _statements("The ferry entered the harbour at 12mph, twice the limit.")
    assert ("measure|pound", "400") in _statements("Keepers moved the 400lb bear to a quieter pen.")
    assert ("measure|kilometre", "3") in _statements("The van rolled 3km along the quay before it stopped.")
    assert not any(k == "measure|metre" for k, _ in _statements("The club raised 40m for its new stadium."))


def test_ages_told_after_a_role_noun_or_with_turned_are_read() -> None:
    """"The ferry captain, 47, from ..." and "Halvorsen turned 61 last month" both give an age."""
    assert ("measure|age", "47") in _statements("The ferry captain, 47, from a coastal village, was questioned.")
    people = ["Captain Eirik Halvorsen steered the ferry.", "Eirik Halvorsen said little."]
    assert ("age|Eirik Halvorsen", "61") in _statements("Halvorsen turned 61 last month and planned to retire.",
                                                         names=people)
    assert not any(k.startswith("age|") for k, _ in _statements("Profits turned 20 percent higher.", names=people))
    assert not any(k == "measure|age" for k, _ in _statements("It fell near the port, 4,800 km from the capital."))


def test_months_holidays_and_days_of_happening_verbs_are_read() -> None:
    """"In March, ..." at a sentence's start, a "New Year's Eve" crash and "the collapse occurred
    Saturday" all date what happened; "declined to say on Sunday" is the day of saying."""
    assert ("month", "March 2024") in _statements("In March, the quay wall was found to be cracked.")
    assert ("time", "Sun 31 Dec 2023") in _statements("Four people died in a New Year's Eve crash on the quay.",
                                                      published="2024-01-02")
    assert ("time", "Sat 08 Jun 2024") in _statements("The collapse occurred Saturday when the tide was high.")
    assert not any(k == "time" for k, _ in _statements("Officials declined to say on Sunday how many were hurt."))


def test_many_far_apart_figures_of_one_unit_are_not_a_dispute() -> None:
    """Figures in one unit that spread nine-fold (an altitude, a range, distances to towns) are
    many things that share a unit, not rival reports of one quantity: no dispute is made of them,
    while two close rival figures still are."""
    sentence = "The test rocket flew {} kilometres over the strait before it fell into the sea."
    spread = _facts([_article(k, sentence.format(v))
                     for k, v in zip("abcde", ["2,700", "3,000", "550", "1,180", "4,800"], strict=True)])
    assert all(f.status != DISPUTED for f in spread)
    rivals = _facts([_article(k, sentence.format(v)) for k, v in zip("ab", ["2,700", "3,000"], strict=True)])
    assert any(f.status == DISPUTED for f in rivals)


def test_a_toll_told_as_risen_makes_lower_counts_earlier_ones() -> None:
    """"the death toll rose to 31" is read as a count of the dead, and it says lower counts given
    elsewhere were overtaken: the fact is updated, not agreed and not disputed, even when the
    pages carry the day only."""
    assert ("people|killed", "31") in _statements("The death toll from the ferry fire rose to 31, officials said.")
    facts = _facts([
        _article("a", "At least 20 people were killed in the ferry fire.", "2024-06-09"),
        _article("b", "More than 25 people were killed in the ferry fire, the coastguard said.", "2024-06-09"),
        _article("c", "The death toll from the ferry fire rose to 31, officials said.", "2024-06-09"),
    ])
    toll = next(f for f in facts if f.frame == "people|killed")
    assert toll.status == UPDATED and {v.value for v in toll.values} >= {"At least 20", "31"}


def test_a_count_told_as_now_confirmed_overtakes_lower_ones() -> None:
    """"Nine people are now confirmed dead" beside an earlier "at least six" is an updated count,
    not two agreeing hedged figures, even when the pages carry the same day only."""
    facts = _facts([
        _article("a", "At least six people were killed when the ferry capsized.", "2024-06-09"),
        _article("b", "Nine people are now confirmed killed after the ferry capsized, police said.", "2024-06-09"),
    ])
    toll = next(f for f in facts if f.frame == "people|killed")
    assert toll.status == UPDATED


def test_a_verb_opening_the_sentence_is_not_part_of_the_name_after_it() -> None:
    """"Sedating Bruno would take minutes": "Sedating" is capitalised only because it opens the
    sentence; a census name ending in -ing ("Sterling Ward") stays whole."""
    entities = resolve_entities([
        _article("a", "Keepers said the bear Bruno was calm. Sedating Bruno would take several minutes, "
                      "they said. Sterling Ward, a keeper, agreed. Bruno was moved on Monday."),
    ])
    names = {n for e in entities for n in [e.name, *e.aliases]}
    assert "Sedating Bruno" not in names and "Bruno" in names
    assert "Sterling Ward" in names


def test_a_participle_before_the_counted_noun_and_a_trapping_are_read() -> None:
    """"the 9 postponed matches" counts matches, as "9 matches" does; "trapping four people" is a
    count of people trapped, not of the injured named after it; a noun used as a modifier stays
    ("6 spare tyres" counts spare tyres, not tyres)."""
    assert ("measure|match", "9") in _statements("Officials listed the 9 postponed matches on Friday.")
    assert ("people|trapped", "four") in _statements(
        "The lift fell two floors, trapping four people and injuring another six.")
    assert ("measure|spare", "6") in _statements("The garage kept 6 spare tyres in its store.")


def test_ages_told_with_aged_or_at_age_and_titles_told_as_n_time_are_read() -> None:
    """"retired aged 71" and "at the age of 60" are ages; "three-time league champion" counts
    titles; "three times" alone (how often something happened) is not read as a figure."""
    assert ("measure|age", "71") in _statements("The painter, who retired aged 71, sold the barn.")
    assert ("measure|age", "60") in _statements("She became a head teacher at the age of 60.")
    assert ("measure|time", "three") in _statements("The three-time league champion Ola Berg lost.")
    assert not [k for k, _ in _statements("The lift stopped three times last winter.") if k == "measure|time"]


def test_one_fall_told_in_feet_and_ft_with_one_verb_is_a_dispute() -> None:
    """"fell 15ft" and "fell about 12 feet" are rival reports of one fall although their clauses
    share little else (the unit's spellings are not what is measured; the verb is)."""
    facts = _facts([
        _article("a", "Little Tom Arden fell 15ft into the bear pit at Varnholm Park."),
        _article("b", "Moments later the boy crawled under a rail and fell about 12 feet into a dry moat."),
    ])
    fall = [f for f in facts if f.frame == "measure|foot"]
    assert [f.status for f in fall] == [DISPUTED] and fall[0].claim == "feet (fell)"


def test_a_bare_event_word_after_a_figure_counts_people() -> None:
    """"around 40 injured" and "three dead" are counts of people, lined up with "40 people were
    injured" elsewhere (on real news such counts were left out of the toll's claim)."""
    assert ("people|injured", "around 40") in _statements("The blast left around 40 injured near the quay.")
    assert ("people|killed", "three") in _statements("The storm left three dead in the valley.")
    # an entry of a list of other events is not a count of this story's people
    assert not [k for k, _ in _statements("Harbour fire: 12 killed") if k.startswith("people|")]


def test_kids_and_children_are_one_unit_with_irregular_plurals() -> None:
    """"4 million kids" and "4 million children" count one thing ("measure|child")."""
    assert ("measure|child", "4 million") in _statements("The report found 4 million kids on the waiting list.")
    assert ("measure|child", "4 million") in _statements("The report found 4 million children on the waiting list.")


def test_one_barge_weighed_differently_in_other_words_and_places_is_a_dispute() -> None:
    """"towed the 30-ton, rusty barge past the Kestrin pier" and "moored a 24-ton grain barge in
    Varnholm" measure one barge: the noun they describe is what is measured, and places named in
    the clauses are where, not who (they never make two things of one)."""
    facts = _facts([
        _article("a", "Crews said the tug towed the 30-ton, rusty barge past the Kestrin pier at dawn."),
        _article("b", "The skipper in Varnholm moored a 24-ton grain barge beside the old mill."),
    ])
    barge = [f for f in facts if f.frame == "measure|ton"]
    assert [(f.claim, f.status) for f in barge] == [("tons (barge)", DISPUTED)]



def test_a_second_surname_an_initial_or_an_honorific_makes_no_new_person() -> None:
    """"Marta Ruiz" and "Marta Ruiz Ortega" (Spanish naming), "Pablo Serrat" and "J. Pablo Serrat",
    "Bola Ade" and "Alhaji Bola Ade" are one person each; "Tom Hale" and "Tom Hale Jr." are two."""
    entities = resolve_entities([
        _article("a", "Police chief Marta Ruiz Ortega said the road was closed. Judge J. Pablo Serrat agreed. "
                      "Alhaji Bola Ade, the minister, visited. Tom Hale Jr. spoke for the family."),
        _article("b", "Marta Ruiz told reporters the road would reopen. Pablo Serrat ruled on Friday. "
                      "Bola Ade said aid was coming. Tom Hale said the family was grateful."),
    ])
    names = sorted(e.name for e in entities if e.type == "PERSON")
    # one entity each; the honorific is dropped from the name like "Mr" or "President"
    assert names == ["Bola Ade", "J. Pablo Serrat", "Marta Ruiz Ortega", "Tom Hale", "Tom Hale Jr"]


def test_two_sundays_of_one_month_are_two_values() -> None:
    """"Sunday, June 2" and "Sunday, June 16" are two days, shown as two values (the display once
    folded away their digits and showed one)."""
    from datetime import date

    from crosswire.facts.lineup import _value_key
    from crosswire.facts.statements import sentence_statements
    two = [s for t in ("It flooded on Sunday, June 2.", "It flooded on Sunday, June 16.")
           for s in sentence_statements(t, "a", date(2024, 6, 20), {})]
    assert len({_value_key(s, two) for s in two}) == 2


def test_a_glued_m_is_metres_unless_money_or_a_count_follows() -> None:
    """"the 50m dry shaft" and "a 70m-deep pit" are lengths; "£50m" and "50m viewers" are millions
    (the depths were once read as 50 million "dry" and 70 million "deep")."""
    assert ("measure|metre", "50") in _statements("The dog fell down the 50m dry shaft behind the mill.")
    assert ("measure|metre", "70") in _statements("Divers reached the bottom of a 70m-deep pit.")
    assert ("measure|pound", "50m") in _statements("The club paid £50m for the striker.")
    assert ("measure|viewer", "Some 50m") in _statements("Some 50m viewers watched the final.")


def test_a_cue_noun_joined_by_of_names_what_its_figure_counts() -> None:
    """"the deaths of more than 9,000 people and displacement of 1.4 million people": the first figure is
    deaths, the second displacement, although "displacement" sits nearer the first."""
    found = _statements("The rebels are blamed for the deaths of more than 9,000 people and displacement "
                        "of 1.4 million people in the valley.")
    assert ("people|killed", "more than 9,000") in found
    assert ("people|evacuated", "1.4 million") in found


def test_a_count_restated_months_later_is_updated_and_a_far_larger_one_is_another_thing() -> None:
    """Displaced 1.9 million, then 1.7 million five months on: a newer count, not a dispute.
    "six people killed" in one raid and "more than 9,000" killed over a whole war, months apart,
    are two things, not an update."""
    facts = _facts([
        _article("a", "The war has displaced 1.9 million people from the valley. On Monday a raid saw "
                      "six people killed in Tarnow.", published="2024-01-10"),
        _article("b", "The war has caused the deaths of more than 9,000 people and displaced 1.7 million "
                      "people from the valley.", published="2024-06-20"),
    ])
    status = {f.claim: f.status for f in facts}
    assert status["people evacuated"] == UPDATED
    assert UPDATED not in {f.status for f in facts if f.claim == "people killed"}


def test_a_share_move_told_at_different_moments_is_updated_not_disputed() -> None:
    """"Kestrin Mills shares fell 2.1 percent" in the morning and "fell 5.8%" in the evening: a
    price moving through the day, whatever order the pages' times give; two rates at one moment
    stay what they were."""
    facts = _facts([
        _article("a", "Kestrin Mills shares fell 2.1 percent in early trading.", published="2024-06-09T14:30"),
        _article("b", "Kestrin Mills shares fell 5.8% as the sell-off deepened.", published="2024-06-09T08:05"),
    ])
    assert _facts([_article("c", "Kestrin Mills shares rose 3% by noon."),  # the sign tells two moves apart
                   _article("d", "Kestrin Mills shares fell 3% by noon.")])[0].status == UPDATED
    move = next(f for f in facts if f.frame == "move|kestrin mills")
    assert move.status == UPDATED
    assert [v.value for v in move.values] == ["down 5.8%", "down 2.1 percent"]  # in the pages' time order


def test_an_assets_price_quoted_at_two_moments_is_updated_and_lined_up_by_asset() -> None:
    """"kestcoin was trading for $412.50, with Varn selling for $1.10 and zorcoin for $88" and, hours
    later, "Kestcoin is now priced at $388 ... zorcoin struggling at $61": each coin's price moved.
    The clauses share few words; the asset ties them, and a price is never a dispute."""
    facts = _facts([
        _article("a", "Early on Monday kestcoin was trading for $412.50, with Varn selling for $1.10 and "
                      "zorcoin for $88.", published="2024-06-10T06:40"),
        _article("b", "After a brutal sell-off Kestcoin is now priced at $388, with zorcoin struggling at $61.",
                 published="2024-06-10T15:10"),
    ])
    status = {f.frame: f.status for f in facts}
    assert status["price|kestcoin"] == UPDATED
    assert status["price|zorcoin"] == UPDATED
    assert status["price|varn"] != DISPUTED
    assert DISPUTED not in status.values()


def test_valuations_sales_and_moves_over_a_period_are_not_market_quotes() -> None:
    """"valued at $5 billion" (a deal), "sold for $600,000" (a sale) and "fell 40% since January"
    (a period's move) are not one moment's price; the nearest name owns a quoted move."""
    facts = _facts([
        _article("a", "The Kestrin deal was valued at $5 billion; the jet was sold for $600,000. Kestrin Mills "
                      "stock fell 40% since January."),
        _article("b", "Zorvan said Kestrin Mills shares fell 3% on Monday."),
    ])
    frames = {f.frame for f in facts}
    assert not [f for f in frames if f.startswith("price|")]
    move = [f for f in facts if f.frame.startswith("move|")]
    assert [f.frame for f in move] == ["move|kestrin mills"]
    assert [v.value for v in move[0].values] == ["down 3%"]


def test_one_persons_year_told_in_other_words_is_a_dispute() -> None:
    """"Nadia Frell ... first overall pick by Kestrin in 2009" and "Frell was drafted first overall
    in 2010 by the Kestrin Owls": one draft of one player, two years. The clauses share the words
    around the year and the player, little else."""
    facts = _facts([
        _article("a", "Tall and quick with a fierce serve, Nadia Frell was a junior champion at Varnholm "
                      "and the first overall pick by Kestrin in 2009."),
        _article("b", "The veteran Nadia Frell was drafted first overall in 2010 by the Kestrin Owls, "
                      "where she played nine seasons."),
    ])
    years = [f for f in facts if f.frame == "measure|in-year"]
    assert [f.status for f in years] == [DISPUTED]


def test_an_ordinal_lap_is_the_same_lap_as_lap_n() -> None:
    """"spun off in the 33rd of 60 laps" names lap 33, like "spun off on lap 33" (the 60 is the
    race's length, kept as a count of laps)."""
    found = _statements("The Kestrin driver spun off in the 33rd of 60 laps while lying ninth.")
    assert ("measure|lap", "33") in found
    assert ("measure|lap", "60") in found


def test_days_of_saying_of_an_incident_and_of_another_action_are_not_the_event_day() -> None:
    """"police on Tuesday said", "in the Monday incident" and "widened their search Tuesday" give
    the day of a statement, of an untyped incident and of the search: none may dispute the day of
    the arrest or of the injuries (each once did, on Multi-News clusters read by hand)."""
    facts = _facts([
        _article("a", "The caretaker was arrested Tuesday after a scuffle at the Kestrin depot on Monday. "
                      "Two guards were injured Monday night.", published=None),
        _article("b", "The caretaker was arrested on suspicion of assault in the Monday incident at the depot.",
                 published=None),
        _article("c", "Police on Tuesday said a scuffle at the Kestrin depot left two guards injured.", published=None),
        _article("d", "Detectives widened their search Tuesday after the scuffle that left two guards injured.",
                 published=None),
    ])
    assert not [f for f in facts if f.status == DISPUTED]


def test_another_group_is_not_counted_by_the_cue_of_the_group_before_it() -> None:
    """"one volunteer is brain-dead and another six are on a ward", "brain dead, three others
    were suffering", "four others have nerve damage": none of these is a count of the dead, so
    the three reports make no dispute of deaths."""
    facts = _facts([
        _article("a", "One volunteer is brain-dead and another six people are on a ward after the "
                      "Kestrin drug trial."),
        _article("b", "One volunteer was brain dead, three others were suffering lasting harm, doctors said."),
        _article("c", "One volunteer is brain dead and four others have nerve damage, the clinic said."),
    ])
    assert not [f for f in facts if f.status == DISPUTED]


def test_a_day_a_protest_was_called_for_is_a_plan() -> None:
    """"called for a march on Friday" is a plan: it never disputes the day clashes broke out."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements
    called = sentence_statements("The union called for a march on Friday outside the Kestrin mill.", "a",
                                 date(2024, 6, 5), {})
    assert [s.value.planned for s in called if s.key == "time"] == [True]
    perhaps = sentence_statements("The vote comes perhaps by Friday.", "a", date(2024, 6, 5), {})
    assert [s.value.planned for s in perhaps if s.key == "time"] == [True]


def test_a_currency_sign_with_a_space_keeps_its_currency() -> None:
    """"£ 40 million" (a space after the sign, as in Multi-News text) is pounds, not dollars; such a
    sum was once set against a sum in dollars as a dispute of dollars."""
    assert ("measure|pound", "40 million") in _statements("The heiress was awarded £ 40 million in shares and land.")
    assert ("measure|euro", "20 million") in _statements("The club paid € 20 million for him.")


def test_a_month_day_months_ahead_with_no_plan_told_is_last_years() -> None:
    """In a July story "the Nov. 13 attacks" happened last November; "will meet on November 13"
    and "the March 6 meeting" in a February story lie ahead, in the story's year."""
    from datetime import date

    from crosswire.facts.timex import find_times
    july, february = date(2024, 7, 15), date(2024, 2, 5)
    assert find_times("It recalled the Nov. 13 attacks on the capital.", july)[0].day == date(2023, 11, 13)
    assert find_times("The ministers will meet on November 13.", july)[0].day == date(2024, 11, 13)
    assert find_times("At the March 6 meeting the board faces a vote.", february)[0].day == date(2024, 3, 6)


def test_event_stems_start_at_a_word_and_the_month_march_is_no_march() -> None:
    """"Eddie", "studies", "skill" and the month "March" cue no event (they once made a filing day
    "the day of the deaths"); "bodies", "fatalities", "a march" and "marched" still do."""
    from crosswire.facts.statements import event_of_word
    assert [event_of_word(w) for w in ("Eddie", "studies", "skill", "olives", "March", "exploit", "shuttle")] == [""] * 7
    assert [event_of_word(w) for w in ("bodies", "fatalities", "marched", "explosion", "shut")] == [
        "killed", "killed", "gathered", "attacked", "closed"]


def test_a_verb_right_after_a_day_is_that_days_action() -> None:
    """"an account on Monday evening shared the names" dates the sharing (loose: it may corroborate,
    never dispute); "police on Friday arrested" dates the arrests."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements
    shared = sentence_statements("An account on Monday evening shared the names.", "a", date(2024, 6, 5), {})
    arrested = sentence_statements("Police on Friday arrested two men.", "a", date(2024, 6, 5), {})
    assert [(s.events, s.loose) for s in shared if s.key == "time"] == [((), True)]
    assert [s.events for s in arrested if s.key == "time"] == [("detained",)]


def test_a_day_whose_event_is_only_a_prepositional_topic_is_another_actions() -> None:
    """"paid tribute to her on Monday following her death" dates the tribute, not the death, so it
    never disputes "she died on Saturday"; "were killed on Sunday in the attack" still dates both."""
    facts = _facts([
        _article("a", "Chefs and critics paid tribute to the cook on Monday following her death in Kestrin.",
                 published=None),
        _article("b", "The cook died on Saturday at the Kestrin infirmary.", published=None),
    ])
    assert not [f for f in facts if f.status == DISPUTED]
    from datetime import date

    from crosswire.facts.statements import sentence_statements
    killed = sentence_statements("Two guards were killed on Sunday in the attack.", "a", date(2024, 6, 5), {})
    assert [s.events for s in killed if s.key == "time"] == [("killed", "attacked")]


def test_a_count_that_rivals_no_side_of_a_dispute_is_a_fact_of_its_own() -> None:
    """"412 people have passed since 1980" against "411 people have passed", with "31 people passed
    this year" beside them: the dispute is 412 against 411; the 31 is another count, not a third
    side of it."""
    facts = _facts([
        _article("a", "Only 412 people have passed the Kestrin pilot exam since 1980. This year, 31 people "
                      "passed the exam."),
        _article("b", "Just 411 people in the world have passed the Kestrin pilot exam."),
    ])
    disputed = [f for f in facts if f.status == DISPUTED]
    assert [sorted(v.value for v in f.values) for f in disputed] == [["411", "412"]]


def test_rescuers_and_machines_sent_to_a_rescue_grow_into_an_update() -> None:
    """"Some 40 excavators" in the morning, "around 60 diggers" by evening and "more than 90
    excavators" the next day: more machines were sent as the rescue went on. Diggers are
    excavators, and the clauses need not share words: a story has one count of each responder."""
    facts = _facts([
        _article("a", "Some 40 excavators are clearing rubble at the Kestrin mine.", published="2024-06-09T07:00"),
        _article("b", "Around 60 diggers were working through the night to reach the trapped miners.",
                 published="2024-06-09T21:00"),
        _article("c", "More than 90 excavators were involved after the Kestrin appeal for help.",
                 published="2024-06-10T12:00"),
    ])
    machines = [f for f in facts if f.frame == "measure|excavator"]
    assert [f.status for f in machines] == [UPDATED]
    assert [v.value for v in machines[0].values] == ["Some 40", "Around 60", "More than 90"]


def test_a_possessive_is_the_same_word_as_the_name() -> None:
    """"Kestrin's" and "Kestrin" are one word of a clause's context (it was "kestrin'" before)."""
    from crosswire.facts.statements import _plain_context
    assert _plain_context("Kestrin\u2019s board met Zorvan's bankers") == {"kestrin", "board", "met", "zorvan", "banker"}


def test_wire_photo_captions_never_count_as_the_reports_own_statements() -> None:
    """"This photo released by the ministry shows ... Sunday, Dec. 31" and a sports caption with
    shirt numbers ("(10) ... during the second half Monday") are the agency's captions, repeated by
    every client: their days are background, so they neither corroborate nor contradict."""
    from crosswire.facts.statements import sentence_statements
    captions = ["This photo released by the Kestrin ministry shows smoke over the valley, Sunday, Dec. 31, 2023.",
                "Lorn Vale (10) reaches for the ball while guarded by Ade Tor (21) during the second half "
                "Monday afternoon in Kestrin."]
    for caption in captions:
        days = [s for s in sentence_statements(caption, "a", None, {}) if s.kind in ("date", "weekday")]
        assert days and all(s.background for s in days)
    told = sentence_statements("The plane crashed in the Kestrin valley on Sunday, officials said.", "a", None, {})
    assert not any(s.background for s in told)


def test_an_outlets_later_page_repeating_its_own_sentence_is_not_a_second_source() -> None:
    """Two pages of one outlet that share a passage but are otherwise each its own report (origin
    groups apart): a value told inside the shared passage counts once; the same sentence shared by
    two outlets (one wire line each quotes) still counts twice, as the real-news gold reads it."""
    from crosswire.records import Passage, ReuseLink
    line = "Nine crew members were rescued from the trawler off Varnholm late on Tuesday."
    first = _article("e", line + " The coastguard said the sea was calm.", outlet="kestrin-news.example")
    later = _article("l", "Divers searched the wreck on Wednesday for the missing engineer. " + line,
                     outlet="kestrin-news.example")
    other = _article("o", line + " A spokesman praised the lifeboat crews.", outlet="varnholm-post.example")
    start = len(later.text) - len(line)

    def rescued(articles: list[Article], b_start: int) -> int:
        link = ReuseLink(a=articles[0].id, b=articles[1].id, relation="quoted", score=0.1,
                         passages=[Passage(a=(0, len(line)), b=(b_start, b_start + len(line)))])
        facts = line_up_facts(articles, [OriginGroup(articles=[a.id]) for a in articles],
                              resolve_entities(articles), [link])
        return next(f for f in facts if any(v.value in ("Nine", "nine") for v in f.values)).independent_sources

    assert rescued([first, later], start) == 1
    assert rescued([first, later, other], start) == 2
    assert rescued([first, other], 0) == 2  # two outlets: each counts


def test_a_name_that_starts_like_a_month_does_not_make_a_count_a_calendar_day() -> None:
    """"Lap 14 Marla Vell crashed" is lap 14 ("Mar" of Marla is no March); "March 3" stays a day."""
    from crosswire.facts.quantities import find_quantities
    assert [q.text for q in find_quantities("Lap 14 Marla Vell crashed out.")] == ["14"]
    assert [q.text for q in find_quantities("Decker 12 and Junie 4 were rescued.")] == ["12", "4"]
    assert find_quantities("The vote on March 3 and the rally on 5 Dec. were calm.") == ()


def test_a_report_that_blends_a_few_wire_lines_with_its_own_reporting_is_its_own_source_there() -> None:
    """A long report carrying one wire sentence joins the wire's origin group, but what it tells in
    its own words outside that passage is an independent source; a wire copy never is."""
    from crosswire.records import Passage, ReuseLink
    wire_line = "Port officials said two cranes collapsed at the Kestrin harbour on Tuesday."
    wire = _article("w", wire_line + " Four ships were diverted to Varnholm, officials said.")
    own = (" Our reporter spent the night at the quay, where the harbour master, Ida Marl, walked the "
           "damaged berths with engineers and dock workers who had cleared the wreckage by lamplight. "
           "Marl said four ships were diverted to Varnholm while divers checked the berths for debris. "
           "Dock workers described a loud crack before the first crane fell onto the empty quay. "
           "The union asked for an inquiry into the maintenance of the harbour's older equipment.")
    blend = _article("b", wire_line + own)
    link = ReuseLink(a="w", b="b", relation="edited", score=0.3,
                     passages=[Passage(a=(0, len(wire_line)), b=(0, len(wire_line)))])
    groups = [OriginGroup(articles=["b", "w"])]
    facts = line_up_facts([wire, blend], groups, resolve_entities([wire, blend]), [link])
    diverted = next(f for f in facts if any(v.value in ("Four", "four") for v in f.values))
    assert diverted.independent_sources == 2  # the wire, and the blend's own reporting
    as_original = line_up_facts([wire, blend], [OriginGroup(articles=["b", "w"], original="b")],
                                resolve_entities([wire, blend]), [link])
    # the group's likely original: its text beyond a trimmed copy's is still the one story
    assert next(f for f in as_original if any(v.value in ("Four", "four") for v in f.values)).independent_sources == 1
    without = line_up_facts([wire, blend], groups, resolve_entities([wire, blend]))
    assert next(f for f in without if any(v.value in ("Four", "four") for v in f.values)).independent_sources == 1
    # one outlet's two versions of its own piece, sharing a passage: one source, not two
    early = _article("e", wire_line + own.replace("Our reporter", "A reporter"), outlet="kestrin-news.example")
    later = _article("l", wire_line + own, outlet="kestrin-news.example")
    versions = ReuseLink(a="e", b="l", relation="edited", score=0.3,
                         passages=[Passage(a=(0, len(wire_line)), b=(0, len(wire_line)))])
    both = line_up_facts([early, later], [OriginGroup(articles=["e", "l"])], resolve_entities([early, later]),
                         [versions])
    assert all(f.independent_sources == 1 for f in both)
    # ... also when its first version is the group's original (not a blend itself)
    first = line_up_facts([early, later], [OriginGroup(articles=["e", "l"], original="e")],
                          resolve_entities([early, later]), [versions])
    assert all(f.independent_sources == 1 for f in first)
    # but an outlet's reprint of the wire story, credited to the wire, is no version of its own report
    from dataclasses import replace
    reprint = replace(_article("r", wire.text, outlet="kestrin-news.example"), byline="Associated Press")
    mixed = line_up_facts([reprint, later], [OriginGroup(articles=["r", "l"], original="r")],
                          resolve_entities([reprint, later]), [ReuseLink(a="r", b="l", relation="edited", score=0.3,
                          passages=[Passage(a=(0, len(wire_line)), b=(0, len(wire_line)))])])
    assert next(f for f in mixed if any(v.value in ("Four", "four") for v in f.values)).independent_sources == 2
    copy = _article("c", wire.text)  # a reprint shares all of its text: never its own source
    whole = ReuseLink(a="w", b="c", relation="verbatim", score=1.0,
                      passages=[Passage(a=(0, len(wire.text)), b=(0, len(wire.text)))])
    reprinted = line_up_facts([wire, copy], [OriginGroup(articles=["c", "w"])], resolve_entities([wire, copy]), [whole])
    assert all(f.independent_sources == 1 for f in reprinted)


def test_a_bare_unit_label_names_the_word_the_reports_share_around_the_figure() -> None:
    """"metres: 412" says nothing in a list of corroborated facts; "metres (span)" does. Names
    ("Kestrin") and other units ("1,352 feet") are never taken for what is measured."""
    facts = _facts([
        _article("a", "In Kestrin the new span stretches 412 metres (1,352 feet) over the river."),
        _article("b", "Officials in Kestrin said the new span covers 412 metres in all."),
    ])
    span = next(f for f in facts if f.frame == "measure|metre")
    assert span.status == AGREED
    assert span.claim == "metres (span)"


def test_undated_weekdays_of_independent_pages_are_not_a_dispute() -> None:
    """With no publication date, "Wednesday" and "Thursday" for one protest cannot be placed in one
    week (undated pages follow a story over days), so independent pages do not dispute them; a copy
    that altered its own source's weekday is still shown, and dated pages still dispute."""
    texts = ("Thousands of people rallied outside the regional assembly in Kestrin on Wednesday.",
             "Thousands of people rallied outside the regional assembly in Kestrin on Thursday.")
    undated = _facts([_article("a", texts[0], published=None), _article("b", texts[1], published=None)])
    assert not [f for f in undated if f.status == DISPUTED]
    copied = _facts([_article("a", texts[0], published=None), _article("b", texts[1], published=None)],
                    origins=[["a", "b"]])
    assert [f.independent_sources for f in copied if f.status == DISPUTED] == [1]
    dated = _facts([_article("a", texts[0], published="2024-06-07"), _article("b", texts[1], published="2024-06-07")])
    assert [f.kind for f in dated if f.status == DISPUTED] == ["weekday"]


def test_each_pages_own_news_day_is_rolling_news_not_a_dispute() -> None:
    """Arrests "on Monday" in Tuesday's page and arrests "on Wednesday" in Thursday's page are two
    days of a story that went on; the same two days in pages of one day are still disputed."""
    texts = ("Police arrested the activists in raids across Kestrin on Monday, officials said.",
             "Police arrested the activists in raids across Kestrin on Wednesday, officials said.")
    rolling = _facts([_article("a", texts[0], published="2024-06-04"), _article("b", texts[1], published="2024-06-06")])
    assert not [f for f in rolling if f.status == DISPUTED]
    one_day = _facts([_article("a", texts[0], published="2024-06-06"), _article("b", texts[1], published="2024-06-06")])
    assert [f.kind for f in one_day if f.status == DISPUTED] == ["weekday"]


def test_a_share_told_as_one_in_n_is_a_percentage_that_lines_up() -> None:
    """"about one in five" is a share of about 20 % (it fits "21 percent", not "one in eight"), its
    "five" is no count of its own, and two reports telling one in five of the Kestrin pupils agree."""
    from crosswire.facts.quantities import compatible, find_quantities

    (share,) = find_quantities("About one in five pupils in Kestrin skipped lunch.")
    assert share.percent and share.value == 20.0 and share.text == "About one in five"
    assert compatible(share, find_quantities("21 percent of pupils")[0])
    assert not compatible(share, find_quantities("one out of every eight pupils")[0])
    assert find_quantities("a one in a million chance") == ()
    facts = _facts([
        _article("a", "Roughly one in five pupils in Kestrin schools received free lunches in 2023."),
        _article("b", "In 2023 about one out of every five pupils in Kestrin schools received free lunches."),
    ])
    share_fact = next(f for f in facts if f.values and "five" in f.values[0].value)
    assert share_fact.status == AGREED and share_fact.independent_sources == 2


def test_a_small_count_told_of_one_named_player_is_one_claim() -> None:
    """"Lenko threw for 210 yards and two touchdowns" and "Lenko had two touchdowns" give one small
    count of one unit beside one name: one claim agreed by two sources. The same small count with
    no shared name stays apart ("two" is everywhere)."""
    named = _facts([
        _article("a", "Dario Lenko was 20 of 29 for 210 yards passing and two touchdowns as Kestrin clinched a bye."),
        _article("b", "Dario Lenko had two touchdowns through the air, connecting with Mo Vell for a short score."),
    ])
    assert [(f.status, f.independent_sources) for f in named if f.claim.startswith("touchdowns")] == [(AGREED, 2)]
    unnamed = _facts([
        _article("a", "The visitors scored two touchdowns in the first half of the Kestrin game."),
        _article("b", "Zorvan's defence allowed two touchdowns through the air on the road."),
    ])
    assert sorted(f.independent_sources for f in unnamed if f.claim.startswith("touchdowns")) == [1, 1]



def test_a_year_naming_which_one_and_the_end_of_a_span_are_read() -> None:
    """"the 2009 final", "a 1911 painting" and the 1988 of "from 1983 to 1988" date something just
    as "in 2009" does, and two reports giving such a year of one named someone agree."""
    from crosswire.facts.statements import sentence_statements

    def years(text: str) -> list[str]:
        return [s.display for s in sentence_statements(text, "a", None, {}) if s.key == "measure|in-year"]

    assert years("Marla Vell coached at Kestrin from 1983 to 1988 before she left.") == ["1983", "1988"]
    assert years("Zorvan lost the 2009 final to Kestrin after extra time.") == ["2009"]
    assert years("The 2009 season was long.") == []  # too few words around it to say what it dates
    facts = _facts([
        _article("a", "Marla Vell, the 2007 world champion, crashed out of the Kestrin race on Sunday."),
        _article("b", "Marla Vell, who won the world title in 2007, crashed out in Kestrin on Sunday."),
    ])
    year = next(f for f in facts if f.values[0].value == "2007")
    assert year.status == AGREED and year.independent_sources == 2


def test_a_bare_weekday_on_a_page_older_than_a_written_date_is_another_day() -> None:
    """"On Friday" on a page published a week before the Friday another report dates is an earlier
    Friday: the two are never shown as one corroborated day; a later page's "On Friday" is."""
    facts = _facts([
        _article("a", "The Kestrin ferry capsized on Friday, June 14, killing four people.", published="2024-06-15"),
        _article("b", "A Kestrin ferry capsized on Friday, port officials said.", published="2024-06-08"),
        _article("c", "The Kestrin ferry capsized on Friday, the coastguard said.", published="2024-06-16"),
    ])
    day = next(f for f in facts if any("14 Jun" in v.value for v in f.values))
    assert sorted(a for v in day.values for a in v.articles) == ["a", "c"]


def test_a_measure_label_stops_before_the_clauses_verb() -> None:
    """The label of a counted thing never takes the verb after it ("employees does", "girls
    wearing"), keeps a noun compound ("media organizations"), and names the unit of a hyphened
    measure before what it measures ("yards (pass)")."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements

    def labels(text: str) -> list[str]:
        return [s.label for s in sentence_statements(text, "x", date(2024, 6, 9), {}) if s.kind == "measure"]

    assert labels("The Kestrin firm says its 12,000 employees does not include contractors.") == ["employees"]
    assert labels("A video showed about 40 girls wearing grey robes in Zorvan.") == ["girls"]
    assert labels("Some 300 media organizations worked on the Kestrin files.") == ["media organizations"]
    assert labels("Lenko threw an 18-yard pass to Vell in the first quarter.") == ["yards (pass)"]  # not "yard pass"


def test_a_count_of_some_of_the_people_says_which_people() -> None:
    """"10 Zorvan citizens" among "12 people" killed is a count of some of them: its fact says
    which people, so Corroborated never reads as two tolls of one crash."""
    facts = _facts([
        _article("a", "A plane crash in Kestrin on Sunday killed 12 people, including 10 Zorvan citizens, officials said.",
                 outlet="one.example"),
        _article("b", "The plane crash in Kestrin on Sunday killed 10 Zorvan citizens and two local pilots.",
                 outlet="two.example"),
        _article("c", "Twelve people were killed when the plane crashed in Kestrin on Sunday, police said.",
                 outlet="three.example"),
    ])
    claims = {f.claim: [v.value for v in f.values] for f in facts if f.claim.startswith("people killed")}
    assert claims == {"people killed": ["Twelve"], "people killed (Zorvan citizens)": ["10"]}


def test_an_overturned_vehicle_did_not_sink() -> None:
    """A tram that "overturned" is an overturning, not a sinking; a ferry that capsized sank."""
    facts = _facts([
        _article("a", "The Kestrin tram overturned at 6:04 a.m. on a sharp bend, police said."),
        _article("b", "The Zorvan ferry capsized at 9:15 p.m. near the harbour, the coastguard said."),
    ])
    labels = {f.claim for f in facts if f.kind == "clock"}
    assert labels == {"time of the overturning", "time of the sinking"}


def test_fridays_of_different_weeks_are_never_one_corroborated_day() -> None:
    """Pages of a story followed week after week each say "on Friday": the Fridays of two weeks are
    two facts, not one agreed day listing both dates."""
    facts = _facts([
        _article("a", "A Kestrin ferry capsized on Friday, port officials said.", published="2024-06-08"),
        _article("b", "The Kestrin ferry capsized on Friday, the coastguard said.", published="2024-06-08"),
        _article("c", "A second Kestrin ferry capsized on Friday, port officials said.", published="2024-06-15"),
        _article("d", "Another Kestrin ferry capsized on Friday, the coastguard said.", published="2024-06-16"),
    ])
    days = [f for f in facts if any("Jun 2024" in v.value for v in f.values)]
    assert all(len(f.values) == 1 for f in days)
    assert {(f.values[0].value, tuple(f.values[0].articles)) for f in days} == {
        ("Fri 07 Jun 2024", ("a", "b")), ("Fri 14 Jun 2024", ("c", "d"))}


@pytest.mark.parametrize(("first", "published", "shown"), [
    ("The Kestrin ferry capsized on Friday, June 14, killing four people.", "2024-06-15", "Fri 14 Jun 2024"),
    ("A Kestrin ferry capsized on Friday, port officials said.", "2024-06-08", "Fri 07 Jun 2024"),
])
def test_a_late_pages_bare_weekday_backs_the_storys_day(first: str, published: str, shown: str) -> None:
    """A page dated weeks after the rest of the story (a follow-up, or the day it was collected)
    placed its "on Friday" in its own week; it backs the Friday the story's pages tell, written
    ("Friday, June 14") or not, and is never a second day of the event in Corroborated."""
    facts = _facts([
        _article("a", first, published=published),
        _article("b", "The Kestrin ferry capsized on Friday, the coastguard said.", published=published),
        _article("c", "The Kestrin ferry capsized on Friday, the inquiry heard.", published="2024-06-30"),
    ])
    day = next(f for f in facts if any("Jun 2024" in v.value for v in f.values))
    assert [v.value for v in day.values] == [shown]
    assert day.values[0].articles == ["a", "b", "c"]


def test_graded_injury_counts_of_independent_reports_can_disagree() -> None:
    """"Four people were seriously injured" is the whole graded count, not a part of it: another
    outlet's "six seriously injured" in the same crash is a dispute; a killed toll beside a graded
    count in one sentence stays the toll it is."""
    facts = _facts([
        _article("a", "Two people were killed and four people were seriously injured when the Kestrin bus crashed.",
                 outlet="one.example"),
        _article("b", "The Kestrin bus crash killed two people and left six people seriously injured, police said.",
                 outlet="two.example"),
    ])
    graded = next(f for f in facts if f.claim == "people seriously injured")
    assert graded.status == DISPUTED and sorted(v.value for v in graded.values) == ["four", "six"]
    killed = next(f for f in facts if f.claim == "people killed")
    assert killed.status == AGREED


def test_lives_claimed_are_people_killed_and_lives_saved_are_not() -> None:
    """Lives a revolt "has claimed" are people killed, and so are villagers it "killed more than"
    a number of in raids (the hedge joins verb and figure); lives medics "saved" are no toll, and
    the age of a woman "who lives" nearby is no count of the dead."""
    facts = _facts([
        _article("a", "The Zorvan revolt has claimed more than 2,000 lives in the hills, aid groups said."),
        _article("b", "Officials in Kestrin say the hill fighting has left more than 2,000 people dead."),
        _article("c", "Rebels have killed more than 2,000 villagers in raids on the hill towns."),
        _article("d", "Volunteer medics in the hills have saved 300 lives this year, the Kestrin clinic said."),
        _article("e", "\"We heard the shelling all night,\" said Marla Vell, 69, who lives in the hills."),
    ])
    killed = next(f for f in facts if f.claim == "people killed")
    assert killed.status == AGREED and killed.independent_sources == 3
    assert not any(v.value in ("300", "69") for f in facts if f.claim.startswith("people") for v in f.values)


def test_a_number_in_a_name_is_not_a_count() -> None:
    """"the Kestrin 9 rocket", "the Six-Day Siege" name things; "Zorvan's 27 engines" and "Lenko
    15 years after" count them."""
    facts = _facts([
        _article("a", "The Kestrin 9 rocket lifted off, and veterans of the Six-Day Siege watched its 27 engines."),
        _article("b", "Crowds saw the Kestrin 9 rocket fly; the Zorvan booster's 27 engines roared."),
        _article("c", "The footage was returned by Lenko 15 years after the launch, the Kestrin 9 team said."),
    ])
    values = {v.value for f in facts for v in f.values}
    assert "9" not in values and "Six" not in values
    engines = next(f for f in facts if any(v.value == "27" for v in f.values))
    assert engines.independent_sources == 2
    assert any(v.value == "15" for f in facts for v in f.values)


def test_people_in_critical_condition_are_gravely_injured_not_a_bare_count() -> None:
    """"Nine people were in critical condition" and "nine remain in intensive care" count the
    gravely injured: one corroborated fact, never set against everyone hurt."""
    facts = _facts([
        _article("a", "Nine people were in critical condition at the Kestrin hospital, and 40 were injured in all."),
        _article("b", "Doctors said nine people remain in intensive care in Kestrin after the blast."),
    ])
    grave = next(f for f in facts if f.frame == "people|injured|seriously")
    assert grave.status == AGREED and grave.independent_sources == 2
    assert not [f for f in facts if f.status == DISPUTED]


def test_an_age_one_year_apart_in_undated_reports_is_no_dispute() -> None:
    """Undated pages may be months apart ("31" at an arraignment, "32" at a later lawsuit): a birthday
    may lie between, so no dispute; the same ages in two reports of one day are one."""
    texts = ("Marla Vell, 31, was arraigned in Kestrin on three counts of fraud, court records show.",
             "Marla Vell, 32, filed a lawsuit in Kestrin against the city, her lawyer said.")
    undated = _facts([_article("a", texts[0], published=None), _article("b", texts[1], published=None)])
    assert not [f for f in undated if f.status == DISPUTED]
    same_day = _facts([_article("a", texts[0]), _article("b", texts[1])])
    assert [f.claim for f in same_day if f.status == DISPUTED] == ["age of Marla Vell"]


def test_a_toll_that_names_its_people_is_a_toll_of_the_dead() -> None:
    """"The death toll ... has climbed to 23 people" counts the dead, not "people in the bombing"."""
    facts = _facts([
        _article("a", "The death toll from the bombing of the Kestrin market has climbed to 23 people, officials said."),
        _article("b", "Officials said 23 people were killed in the bombing of the Kestrin market on Friday."),
    ])
    killed = next(f for f in facts if f.claim == "people killed")
    assert killed.status == AGREED and killed.independent_sources == 2


def test_nationals_counted_by_a_figure_are_people_of_the_toll() -> None:
    """"the deaths of 10 Varnians" and "three Varnians died" count people killed (some of the
    dead), not a measure in "varnians" that no other report's "Varnian citizens" lines up with."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements
    for sentence, shown in [
        ("Relatives grieve for the deaths of 10 Varnians, two whole families, killed in the ferry sinking.", "10"),
        ("Three Varnians died when the ferry capsized off Kestrin.", "Three"),
    ]:
        found = sentence_statements(sentence, "a", date(2024, 6, 9), {})
        assert ("people|killed", shown) in [(s.key, s.display) for s in found]
        assert not [s for s in found if s.key == "measure|varnian"]


def test_a_named_racers_finishing_place_is_a_fact_that_can_be_disputed() -> None:
    """"Ona Brask finished third" in two reports agrees; "finished second" in a third disagrees;
    the place a driver dropped to during the race and a hoped-for place are other things."""
    facts = _facts([
        _article("a", "Ona Brask finished third at the Kestrin Grand Prix on Sunday after a wet race."),
        _article("b", "In the wet at Kestrin on Sunday, Ona Brask came in third behind the two leaders."),
        _article("c", "Ona Brask finished second at the Kestrin Grand Prix on Sunday, her best result."),
        _article("d", "A late stop meant Ona Brask dropped to 15th before the rain stopped; if Ona Brask "
                      "finishes fourth next week she takes the title."),
    ])
    finish = next(f for f in facts if f.frame == "position|Ona Brask|finish")
    assert finish.status == DISPUTED
    assert {v.value: len(v.articles) for v in finish.values} == {"third": 2, "second": 1}
    dropped = next(f for f in facts if f.frame == "position|Ona Brask|dropped")
    assert [v.value for v in dropped.values] == ["15th"]
    assert not any(v.value == "fourth" for f in facts for v in f.values)


def test_a_part_told_with_its_whole_counts_what_the_whole_counts() -> None:
    """"stopped after 20 of 64 laps" tells 20 laps as well as 64: it agrees with "stopped on lap 20"."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements
    found = sentence_statements("The Kestrin race was stopped after 20 of 64 planned laps because of rain.", "a",
                                date(2024, 6, 9), {})
    assert sorted(s.display for s in found if s.key == "measure|lap") == ["20", "64"]


def test_a_rank_word_after_a_role_is_part_of_the_role_not_of_the_name() -> None:
    """"Deputy Chief Constable Ann Vellick" names Ann Vellick, not "Constable Ann Vellick"."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements
    found = sentence_statements("Deputy Chief Constable Ann Vellick said officers would work through the night.",
                                "a", date(2024, 6, 9), {})
    assert [(s.display, s.label) for s in found if s.kind == "name"] == [
        ("Ann Vellick", "name of the deputy chief constable")]


def test_a_verbs_particle_is_no_hedge() -> None:
    """"ran over 10 more people" runs 10 people over; it does not say "more than 10"."""
    from crosswire.facts.quantities import find_quantities
    assert [(q.text, q.hedge) for q in find_quantities("A driver ran over 10 more people in Kestrin.")] == [("10", "")]
    assert [(q.text, q.hedge) for q in find_quantities("The storm hurt over 10 people in Kestrin.")] == [
        ("over 10", "lower")]


def test_a_place_of_an_earlier_event_is_background_even_when_spelt_otherwise() -> None:
    """"since 1961, when a tram burned in Vellmoore Road": the earlier fire's place, although
    the story's entity spells it "Vellmore Road" (the place was looked for by that spelling)."""
    from datetime import date

    from crosswire.facts.entities import fold
    from crosswire.facts.statements import sentence_statements
    from crosswire.records import Entity
    road = Entity("Vellmore Road", "GPE")
    found = sentence_statements("There has been no death on a Kestrin tram since 1961, when a tram burned in "
                                "Vellmoore Road.", "a", date(2024, 6, 9),
                                {fold("Vellmoore Road"): road, fold("Vellmore Road"): road})
    places = [s for s in found if s.kind == "place"]
    assert [(s.value, s.background) for s in places] == [("Vellmore Road", True)]



def test_a_hedge_before_a_currency_sign_hedges_the_amount() -> None:
    """"more than $2 billion" is open-ended and "about $865,000" approximate: the sign between the
    hedge and the number had hidden both hedges."""
    from crosswire.facts.quantities import find_quantities
    assert [(q.text, q.hedge) for q in find_quantities("Vellcorp paid more than $2 billion for it.")] == [
        ("more than $2 billion", "lower")]
    assert [(q.text, q.hedge) for q in find_quantities("It cost about US$ 865,000.")] == [("about US$ 865,000", "approx")]


def test_a_part_of_a_total_is_no_rival_of_the_total() -> None:
    """"the claim includes about $412,000 for consultants" is part of a total another report gives;
    "two inmates awaiting trial and another serving a sentence escaped" are some of the three."""
    facts = _facts([
        _article("a", "Vellcorp's claim includes about $412,000 for consultants, according to its Kestrin filing."),
        _article("b", "Vellcorp told the Kestrin court that the case cost it $530,240 in total."),
        _article("c", "Three inmates escaped from the Kestrin county jail before dawn on Saturday, the sheriff said."),
        _article("d", "Two inmates awaiting trial and another serving a sentence escaped from the Kestrin "
                      "county jail before dawn on Saturday."),
    ])
    assert not [f for f in facts if f.status == DISPUTED]


def test_an_amount_of_money_never_joins_a_count_of_things() -> None:
    """"about $11 million" lent is no report of "11 million documents", whatever words they share;
    "the more-than 11 million documents" is hedged like "more than"."""
    from crosswire.facts.quantities import find_quantities
    assert [q.hedge for q in find_quantities("The more-than 11 million documents leaked.")] == ["lower"]
    facts = _facts([
        _article("a", "The leak from the Kestrin law firm holds 11 million documents, reporters said."),
        _article("b", "The Kestrin law firm also lent a hotel chain about $11 million, reporters said."),
        _article("c", "Reporters said 11 million documents leaked from the Kestrin law firm."),
    ])
    for fact in facts:
        assert not ("$" in " ".join(v.value for v in fact.values) and "document" in fact.claim), fact


def test_the_number_of_a_noun_names_what_a_later_figure_counts() -> None:
    """"the number of pupils in Kestrin receiving free meals climbed to 16,000" counts pupils; "the
    number of people injured in the blast rose to 40" is a count of the injured, not of the blast."""
    from datetime import date

    from crosswire.facts.statements import sentence_statements
    said = {t: [(s.key, s.display) for s in sentence_statements(t, "a", date(2024, 6, 9), {})] for t in [
        "The number of pupils in Kestrin receiving free meals climbed to 16,000 this spring.",
        "The number of people injured in the blast rose to 40.",
    ]}
    assert list(said.values()) == [[("measure|pupil", "16,000")], [("people|injured", "40")]]


def test_a_figure_in_words_with_a_scale_word_is_as_coarse_as_its_digits() -> None:
    """"a province home to three million people" and "3.3 million people" can both be true, as "3 million"
    and "3.3 million" can; "twenty million" keeps the general allowance of a number ending in zero."""
    from crosswire.facts.quantities import compatible, find_quantities
    three, exact = (find_quantities(t)[0] for t in ("a province home to three million people", "all 3.3 million people"))
    assert compatible(three, exact)
    assert (three.low, three.high) == (2_500_000, 3_500_000)


def test_a_hedged_a_before_a_unit_is_the_figure_one() -> None:
    """"for more than a mile" in four reports is one agreed distance; a bare "a day" is no figure."""
    from crosswire.facts.quantities import find_quantities
    assert [(q.text, q.value, q.hedge) for q in find_quantities("The lorry drove on for more than a mile.")] == [
        ("more than a mile", 1.0, "lower")]
    assert find_quantities("She spent a day in Kestrin.") == ()
    facts = _facts([
        _article("a", "The lorry barrelled through the Kestrin crowd for more than a mile until police stopped it."),
        _article("b", "Police said the lorry was driven through the crowd in Kestrin for more than a mile."),
        _article("c", "The driver had travelled over a mile along the Kestrin seafront when he was stopped."),
    ])
    mile = next(f for f in facts if f.frame == "measure|mile")
    assert mile.status == AGREED and mile.independent_sources == 3


def test_schoolgirls_and_girls_are_one_count() -> None:
    """"freed 21 schoolgirls" and "doctors examined 21 girls" count one group, whatever else their
    sentences tell."""
    facts = _facts([
        _article("a", "Militants in Kestrin freed 21 schoolgirls on Thursday after talks, the government said."),
        _article("b", "Doctors at the Varnholm air base examined 21 girls whose families are waiting to see them."),
    ])
    assert [f.independent_sources for f in facts if f.frame == "measure|girl"] == [2]


def test_a_month_is_read_in_lower_cased_text_and_without_a_figure() -> None:
    """"smuggled into the port in december" (a lower-cased corpus, no figure in the sentence) tells
    the month of the smuggling; "in may" is left alone (a modal verb as often as a month)."""
    facts = _facts([
        _article("a", "The statue was smuggled into kestrin in december from varnholm, prosecutors said.",
                 published="2015-03-09"),
        _article("b", "Prosecutors said the statue reached kestrin in december, shipped from varnholm.",
                 published="2015-03-10"),
    ])
    month = next(f for f in facts if f.frame == "month")
    assert [v.value for v in month.values] == ["December 2014"] and month.independent_sources == 2
    from datetime import date

    from crosswire.facts.statements import sentence_statements
    assert not [s for s in sentence_statements("Talks may resume in may, officials said.", "a", date(2015, 3, 9), {})
                if s.kind == "month"]


def test_a_month_of_undated_reports_is_the_month_alone() -> None:
    """Two undated records saying "in december" agree on "December" (which year is not told)."""
    facts = _facts([
        _article("a", "The statue was smuggled into kestrin in december from varnholm, prosecutors said.", published=None),
        _article("b", "Prosecutors said the statue reached kestrin in december, shipped from varnholm.", published=None),
    ])
    month = next(f for f in facts if f.frame == "month")
    assert [v.value for v in month.values] == ["December"] and month.independent_sources == 2
