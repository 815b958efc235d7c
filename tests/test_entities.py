"""Entities: names resolved across a story's articles (aliases, transliterations, typos, lookalikes)."""

from __future__ import annotations

from crosswire.facts.entities import alias_index, resolve_entities, same_given_name, same_surname
from crosswire.records import Article


def _article(aid: str, text: str, title: str = "Storm damage in Kestrin") -> Article:
    """A fictional article."""
    return Article(id=aid, source_path=f"{aid}.txt", title=title, text=text, published="2024-03-10")


def _entity_of(entities, name):
    """The entity whose name or alias is ``name`` (None when absent)."""
    return alias_index(entities).get(name.lower())


def test_transliteration_and_short_forms_merge_into_one_person() -> None:
    """Oleksandr/Olexandr Hrytsenko and "Mr Hrytsenko" are one person, named by the full form."""
    entities = resolve_entities([
        _article("a", "Oleksandr Hrytsenko, the regional governor, said the bridge would reopen."),
        _article("b", "Regional governor Olexandr Hrytsenko said repairs had begun. Mr Hrytsenko gave no date."),
    ])
    person = _entity_of(entities, "olexandr hrytsenko")
    assert person is not None and person.type == "PERSON"
    assert {"Oleksandr Hrytsenko", "Olexandr Hrytsenko", "Hrytsenko"} <= {person.name, *person.aliases}
    assert person.articles == ["a", "b"]


def test_surname_with_title_goes_to_the_full_name() -> None:
    """"Mr Varga" in a later paragraph is Istvan Varga."""
    entities = resolve_entities([
        _article("a", "Istvan Varga, the harbour master, said two boats sank.\nMr Varga said the port was closed."),
    ])
    varga = _entity_of(entities, "varga")
    assert varga is not None and varga.name == "Istvan Varga"


def test_typo_with_transposed_letters_is_an_alias() -> None:
    """A transposed-letter typo of a surname (Hrytesnko) joins the person."""
    entities = resolve_entities([
        _article("a", "Mayor Oleksandr Hrytsenko said the water was falling."),
        _article("b", "Mayor Oleksandr Hrytesnko said the water was falling fast."),
    ])
    assert _entity_of(entities, "oleksandr hrytsenko") is _entity_of(entities, "oleksandr hrytesnko")


def test_similar_people_with_different_given_names_stay_apart() -> None:
    """Anna Kovacs and Hanna Kovacs are two people; a bare "Kovacs" is not forced onto either."""
    entities = resolve_entities([
        _article("a", "Police spokeswoman Anna Kovacs said 12 people were hurt. Kovacs said more were missing."),
        _article("b", "Hanna Kovacs, a teacher who saw the storm, said the roof had gone."),
    ])
    anna, hanna = _entity_of(entities, "anna kovacs"), _entity_of(entities, "hanna kovacs")
    assert anna is not None and hanna is not None and anna is not hanna


def test_name_rules() -> None:
    """Given-name and surname rules: transliterations match, different names do not."""
    assert same_given_name("Sviatlana", "Svetlana") and same_given_name("Volodymyr", "Volodimir")
    assert not same_given_name("Anna", "Hanna") and not same_given_name("Marek", "Mirek")
    assert same_surname("Zelensky", "Zelenskyy") and same_surname("Zelensky", "Zelenskiy")
    assert same_surname("Dorovenko", "Dorovneko")  # a transposition typo
    assert not same_surname("Nowak", "Novik")  # short skeletons (n-v-k) must not merge


def test_census_given_name_and_surname_make_a_person_without_spacy() -> None:
    """A given name and a surname from the census lists ("Linda Garrison") are typed PERSON by the
    rules alone, so spaCy's small parse budget goes to the names that need it; a park, a street
    behind a possessive, or a tournament are not made people by the lists."""
    from crosswire.facts.entities import article_mentions

    article = Article(id="t1", source_path="t1.txt", title="Derby report",
                      text="Linda Garrison scored twice as the visitors won. Fans crossed Lloyd Park afterwards. "
                           "Reporters waited near Cameron's Downing Street office. The Winter Games open soon.")
    votes = {m.surface: dict(m.votes) for m, _ in article_mentions(article)}
    assert votes["Linda Garrison"].get("PERSON", 0) > 0
    assert all(not v.get("PERSON") for name, v in votes.items() if name != "Linda Garrison")


def test_given_name_after_the_full_name_is_that_person() -> None:
    """"Marta" after "Marta Quist" in the same article is her; a "Tomas" met before "Tomas
    Brink" is named, or in an article that never names him in full, is someone else."""
    first = _article("g1", "Marta Quist and her son Tomas Brink were aboard. Hours later, Marta called her sister.")
    second = _article("g2", "A father known only as Tomas said he ran. Hours later, Tomas Brink spoke to police.")
    entities = resolve_entities([first, second])
    marta = _entity_of(entities, "Marta Quist")
    assert marta is not None and _entity_of(entities, "Marta") is marta
    assert _entity_of(entities, "Tomas") is not _entity_of(entities, "Tomas Brink")


def test_surname_typed_as_a_place_still_joins_the_one_person_of_that_name() -> None:
    """A bare surname that the tagger read as a place or organisation goes to the one person of
    the story whose full name ends in it, unless it is a given name ("Carson")."""
    from crosswire.facts.entities import _Cluster, _only_person_with_surname

    def cluster(form: str, kind: str) -> _Cluster:
        c = _Cluster()
        c.forms[form] += 1
        c.votes[kind] += 2
        return c

    person = cluster("Edda Kwarteng", "PERSON")
    assert _only_person_with_surname("Kwarteng", [person, cluster("Kestrin Bay", "GPE")]) == [person]
    assert _only_person_with_surname("Kwarteng", [person, cluster("Jon Kwarteng", "PERSON")]) == []
    assert _only_person_with_surname("Carson", [cluster("Ida Carson", "PERSON")]) == []


def test_parse_budget_covers_each_untyped_name_by_its_window() -> None:
    """spaCy is asked about the words around each untyped name, not whole sentences, so one
    article's word budget reaches every name of three long sentences."""
    from crosswire.facts.entities import PARSE_WORD_BUDGET, WINDOW_WORDS, _sentences_to_parse, article_mentions

    filler = " ".join(["the harbour board met again"] * 6)
    text = " ".join(f"{filler} and {name} toured the quay before the long {filler}." for name in
                    ("Kestrin Ovaldo", "Zorvan Telik", "Dario Lenko"))
    mentions = article_mentions(Article(id="a", text=text))
    chosen = _sentences_to_parse(mentions, PARSE_WORD_BUDGET)
    assert sum(len(s.split()) for s in chosen) <= PARSE_WORD_BUDGET
    for name in ("Kestrin Ovaldo", "Zorvan Telik", "Dario Lenko"):
        window = next(s for s in chosen if name in s)
        assert len(window.split()) <= 2 * WINDOW_WORDS + 2


def test_each_sentence_to_parse_names_the_article_of_its_mention() -> None:
    """An ingest stores, per article, which sentences its story asked spaCy about: each sentence
    chosen comes with the article of the name's first mention, and the sentences are those the
    entity stage parses."""
    from crosswire.facts.entities import sentences_by_article, sentences_to_label

    story = [_article("a", "The harbour board met on the quay. Velmar Osk toured the docks before noon."),
             _article("b", "Velmar Osk toured the docks again. Later Tamsin Ree opened the new ferry gate.")]
    pairs = sentences_by_article([story])
    assert [s for _, s in pairs] == sentences_to_label([story])
    assert {article for article, s in pairs if "Velmar Osk" in s} == {"a"}
    assert {article for article, s in pairs if "Tamsin Ree" in s} == {"b"}


def test_a_possessive_span_splits_into_the_names_the_story_uses_alone() -> None:
    """"Zorvan Motors's Dario Lenko" is Dario Lenko (of Zorvan Motors) when the story names both
    alone; "Kestrin's Harbour Board" stays whole: "Harbour Board" never appears on its own."""
    entities = resolve_entities([
        _article("a", "Dario Lenko said the car failed. Zorvan Motors said it would inspect the engine."),
        _article("b", "Zorvan Motors's Dario Lenko crashed on the tenth lap. Kestrin's Harbour Board met later."),
    ])
    driver = _entity_of(entities, "dario lenko")
    assert driver is not None and driver.articles == ["a", "b"]
    assert not any("'s" in form for form in [driver.name, *driver.aliases])
    assert _entity_of(entities, "zorvan motors") is not driver
    assert any(e.name == "Kestrin's Harbour Board" for e in entities)


def test_a_census_given_name_before_an_unlisted_surname_is_a_person() -> None:
    """An untyped "Kevin Zorvanek" (a given name, a surname no list holds) is a person; a first word
    the story writes in lower case, a venue head, a plural or a word in capitals is not."""
    from collections import Counter

    from crosswire.facts.entities import _given_name_first

    assert _given_name_first("Kevin Zorvanek", Counter())
    assert not _given_name_first("Golden Kestrin", Counter({"golden": 2}))
    assert not _given_name_first("Crystal Palace", Counter())
    assert not _given_name_first("Denver Kestrins", Counter())
    assert not _given_name_first("STAR Zorvanek", Counter())


def test_a_surname_led_by_a_particle_is_the_full_names_short_form() -> None:
    """"Del Vell" after "Dario Del Vell" is the same person; "Marla Del Vell" stays another one."""
    from crosswire.facts.entities import same_person

    assert same_person(["Dario", "Del", "Vell"], ["Del", "Vell"])
    assert same_person(["Van", "Lenko"], ["Kestrin", "van", "Lenko"])
    assert not same_person(["Dario", "Del", "Vell"], ["Marla", "Del", "Vell"])
    assert not same_person(["Dario", "Vell"], ["Del", "Vell"])


def test_dotted_initials_are_one_word_of_a_name() -> None:
    """"U.S." and "U.N." open a name whole (never "S. Attorney ..." or "N. Security Council"); a title
    after them is stripped; initials and a census surname make a person; "T.J." and "TJ" forms are one."""
    entities = resolve_entities([
        _article("a", "The U.N. Security Council met on Monday, and U.S. Attorney Marla Vell said the case "
                      "was closed. The quarterback, T.J. Harlow, threw for 200 yards."),
        _article("b", "TJ Harlow was sacked twice, and the U.S. Air Force flew over the stadium."),
    ])
    names = {e.name: e for e in entities}
    assert {"U.N. Security Council", "U.S. Air Force", "Marla Vell"} <= set(names)
    assert not any(name.startswith(("S. ", "N. ")) for name in names)
    harlow = _entity_of(entities, "tj harlow")
    assert harlow is not None and harlow.type == "PERSON" and {"T.J. Harlow", "TJ Harlow"} <= {harlow.name,
                                                                                            *harlow.aliases}


def test_compound_adjectives_link_codes_and_unnamed_words_are_no_entities() -> None:
    """"a Port Lisk-based firm" names Port Lisk; "Vellcorp-backed" names Vellcorp; a short link's
    code ("QxT7fZk") is no name; "Kim Jong-un"-style syllables stay."""
    entities = resolve_entities([
        _article("a", "Divers from a Port Lisk-based salvage firm reached the wreck, the Vellcorp-backed crew said. "
                      "Photos were shared at t.co/QxT7fZk by the crew.\nKim Ha-eun, the firm's pilot, said the "
                      "wreck was upright."),
        _article("b", "Kim Ha-eun said divers from Port Lisk reached the wreck on Tuesday."),
    ])
    names = {n for e in entities for n in [e.name, *e.aliases]}
    assert "Port Lisk" in names and "Vellcorp" in names
    assert not any("based" in n or "backed" in n or "QxT7fZk" in n for n in names)
    assert "Kim Ha-eun" in names


def test_an_organisation_word_outweighs_a_place_preposition() -> None:
    """"from Kestrin News" is no place: the organisation's own word says what it is."""
    entities = resolve_entities([_article("a", "A reporter from Kestrin News filmed the flooded square.")])
    assert _entity_of(entities, "kestrin news").type == "ORG"


def test_a_capitalised_word_spacy_reads_as_no_name_is_no_entity() -> None:
    """A word written with a capital mid-sentence ("Surprisingly") that no rule types and spaCy,
    reading its words, takes for no name is not listed; the name beside it is."""
    entities = resolve_entities([_article("a", "The ferry listed and, Surprisingly, nobody was hurt, Marta Olsen of "
                                               "the harbour board said.")])
    names = {n for e in entities for n in [e.name, *e.aliases]}
    assert "Surprisingly" not in names and "Marta Olsen" in names


def test_dotted_initials_keep_their_last_dot() -> None:
    """"the U.S." is written U.S., not "U.S"; a name's own closing full stop still goes ("Mr Vell.")."""
    entities = resolve_entities([_article("a", "Envoys of the U.S. met Mr Vell in Kestrin. They thanked Mr Vell.")])
    names = {n for e in entities for n in [e.name, *e.aliases]}
    assert "U.S." in names and "U.S" not in names and "Vell" in names


def test_spacy_still_types_names_after_a_place_preposition_or_before_a_speech_verb() -> None:
    """"from X" and "X said" are weak evidence (organisations follow "from" and speak too), so spaCy
    still reads such names: a relief group and a firm are organisations, not a place or a person."""
    entities = resolve_entities([
        _article("a", "Volunteers from Brightwater Relief International handed out blankets in Kestrin on Monday. "
                      "By noon, Brightwater Relief International crews had cleared the main road."),
        _article("b", "The Kestrel Aerospace Corporation said the launch would slip to June. Kestrel Aerospace "
                      "Corporation engineers found a leak in a valve."),
    ])
    assert _entity_of(entities, "brightwater relief international").type == "ORG"
    assert _entity_of(entities, "kestrel aerospace corporation").type == "ORG"


def test_a_name_after_a_possessive_takes_spacy_s_label_of_that_name() -> None:
    """"Germany's Kestrel Aerospace Corporation" is about the firm: spaCy's label for the firm types it."""
    entities = resolve_entities([_article("a", "Germany's Kestrel Aerospace Corporation delayed the launch to June. "
                                               "Engineers at Kestrel Aerospace Corporation found a leak.")])
    assert _entity_of(entities, "germany kestrel aerospace corporation").type == "ORG"


def test_a_word_typed_only_by_a_place_preposition_that_spacy_takes_for_no_name_is_no_entity() -> None:
    """"in Total" votes for a place, but spaCy, reading the words around it, finds no name: junk."""
    entities = resolve_entities([_article("a", "The crews cleared the road in Haste, and in Total they moved 40 "
                                               "trucks before the storm reached Port Lisk on Tuesday.")])
    names = {n for e in entities for n in [e.name, *e.aliases]}
    assert "Total" not in names and "Port Lisk" in names


def test_a_description_glued_before_a_name_is_cut_off() -> None:
    """"Actress Mira Castell" and "Kestrin QB Tomas Varga" are the people Mira Castell and Tomas
    Varga, not entities of their own (nor an organisation named by the whole form)."""
    text = ("Actress Mira Castell said on Tuesday that the festival would go ahead in Kestrin. "
            "Kestrin QB Tomas Varga threw three touchdowns. Mira Castell later thanked Tomas Varga.")
    names = {e.name: e.type for e in resolve_entities([Article("a", "a.txt", "Festival news", text)])}
    assert "Mira Castell" in names and "Tomas Varga" in names
    assert not any(n.startswith(("Actress", "Kestrin QB")) for n in names)


def test_a_person_named_in_full_is_never_typed_a_group_of_people() -> None:
    """spaCy reads some surnames alone as a group ("Arians"); many such mentions must not type the
    person named in full a NORP."""
    from collections import Counter

    from crosswire.facts.entities import _Cluster
    cluster = _Cluster(forms=Counter({"Bram Vellis": 2, "Vellis": 6}), votes=Counter({"NORP": 6, "PERSON": 2}))
    assert cluster.type == "PERSON"
    assert _Cluster(forms=Counter({"Vellis": 6}), votes=Counter({"NORP": 6, "PERSON": 1})).type == "NORP"


def test_the_before_a_capitalised_plural_and_a_closing_international_vote_for_an_organisation() -> None:
    """"the Kestrels" is a team or band (one vote: spaCy still reads it), "Brightwater Relief
    International" an organisation (a sure vote, as an organisation word gives)."""
    import re

    from crosswire.facts.entities import Mention, _vote_by_rules
    for sentence, surface in [("Fans cheered as the Kestrels won the cup in Varnholm.", "Kestrels"),
                              ("Aid from Brightwater Relief International reached Varnholm.",
                               "Brightwater Relief International")]:
        mention = Mention(surface, "a")
        _vote_by_rules(mention, sentence, re.search(surface, sentence))
        assert mention.votes.most_common(1)[0][0] == "ORG", (surface, mention.votes)
    congress = Mention("Congress", "a")
    _vote_by_rules(congress, "A vote in the Congress failed.", re.search("Congress", "A vote in the Congress failed."))
    assert not congress.votes["ORG"]  # "-ss" is no plural


def test_an_opening_adverb_is_not_part_of_the_name_after_it() -> None:
    """"Eventually Varnholm reopened the bridge": the town is Varnholm; "Kelly Marsh" keeps her name."""
    text = ("Eventually Varnholm reopened the bridge to lorries. Kelly Marsh runs the ferry in Varnholm. "
            "Kelly Marsh said trade would recover.")
    names = {e.name for e in resolve_entities([Article("a", "a.txt", "Bridge news", text)])}
    assert "Varnholm" in names and "Kelly Marsh" in names
    assert not any(n.startswith("Eventually") for n in names)


def test_two_people_whose_hyphenated_names_share_a_consonant_skeleton_stay_apart() -> None:
    """"Ri Jong-ok" and "Ri Yong-hok" are two people: their names' parts differ although the whole
    names' consonant skeletons are alike; "Abdel-Varn" and "Abdel Varn" are one spelling."""
    text = ("Ri Jong-ok watched the launch in Kestrin on Tuesday. Ri Yong-hok, a ministry official, said the test "
            "failed. Ri Jong-ok later praised the crew.")
    names = {e.name for e in resolve_entities([Article("a", "a.txt", "Launch news", text)])}
    assert {"Ri Jong-ok", "Ri Yong-hok"} <= names
    assert same_surname("Abdel-Varn", "Abdel Varn") and not same_surname("Jong-ok", "Yong-hok")


def test_words_of_the_stop_list_that_are_parts_of_names_stay_in_the_name() -> None:
    """scikit-learn's stop list holds "bill", "de", "un", "fire" and "inc": "Bill Orrin" is not
    "Orrin", "Anna De Vell" not "Anna", "Lee Ha Un" not "Lee Ha", "Vellcorp Inc" keeps its
    organisation word."""
    from crosswire.facts.entities import _clean_surface
    for name in ("Bill Orrin", "Anna De Vell", "Lee Ha Un", "Kestrin Fire Department", "Vellcorp Inc"):
        assert _clean_surface(name, False) == (name, False)
    assert _clean_surface("The Kestrin Courier", False)[0] == "Kestrin Courier"
