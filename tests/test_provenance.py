"""Provenance: reuse links, relations, passages and origin groups on small fictional corpora."""

from __future__ import annotations

import itertools
import random

import pytest
from rapidfuzz import fuzz

from crosswire.provenance import align
from crosswire.provenance import reuse as provenance
from crosswire.records import EDITED, QUOTED, REWRITTEN, VERBATIM, Article, ReuseLink
from crosswire.report.writers import _origin_evidence, _origin_note, _reuse_section

# A fictional wire story (agency credit in the dateline) ...
WIRE = """PORT ALDER, Corvenia, May 4 (Reuters) - A fire at the Halvik chemical plant outside Port Alder forced the evacuation of 2,300 residents on Sunday, the regional emergency service said.
The blaze broke out shortly after 6 a.m. in a storage hall holding solvents and spread to two neighbouring warehouses within an hour.
Firefighters from four districts fought the flames for nine hours before bringing them under control in the late afternoon.
Eleven workers were taken to hospital with burns and breathing problems, and two of them remain in a serious condition.
"We ordered the evacuation as a precaution, because the smoke was drifting towards the old town," said emergency service chief Livia Morrant.
The plant's owner, Halvik Industries, said it was cooperating fully with investigators and would pay for temporary housing.
Residents were told they could return home on Monday once air quality tests had been completed.
The plant was fined in 2021 for storing more solvent than its licence allowed, according to court records seen by Reuters."""

# ... a copy site's lightly edited reprint: dateline and last sentence dropped, a few words changed.
REPRINT = """A fire at the Halvik chemical plant outside Port Alder forced the evacuation of 2,300 residents on Sunday, the regional emergency service said.
The blaze broke out shortly after 6 a.m. in a storage hall holding solvents and spread to two nearby warehouses within an hour.
Firefighters from four districts fought the flames for nine hours before bringing them under control in the late afternoon.
Eleven workers were taken to hospital with burns and breathing problems, and two of them remain in a serious condition.
"We ordered the evacuation as a precaution, because the smoke was drifting towards the old town," said emergency service chief Livia Morrant.
The plant's owner, Halvik Industries, said it was cooperating fully with investigators and would pay for temporary housing.
Residents were told they could go back home on Monday once air quality tests had been completed."""

# ... a content farm's synonym-spun copy: same sentences, same order, most content words swapped.
SPUN = """A blaze at the Halvik chemical facility close to Port Alder compelled the removal of 2,300 inhabitants on Sunday, the local crisis agency stated.
The inferno began soon after 6 a.m. in a warehouse hall containing chemicals and extended to two adjacent depots within an hour.
Fire crews from four regions battled the blaze for nine hours before getting them under command in the late evening.
Eleven staff were brought to clinic with injuries and respiratory issues, and two of them stay in a grave state.
Emergency agency head Livia Morrant declared the removal had been a safety step as the fumes were moving towards the historic centre.
The facility's proprietor, Halvik Industries, stated it was collaborating entirely with inspectors and would fund interim lodging.
Inhabitants were informed they could come back on Monday once atmosphere checks had been finished."""

# ... an independent report that quotes the same official (one shared quotation).
INDEPENDENT = """Smoke still hung over the eastern edge of Port Alder on Monday as the first families returned to their flats near the Halvik works.
Many spent the night in a school gym, where volunteers handed out blankets and soup until the early hours.
"We ordered the evacuation as a precaution, because the smoke was drifting towards the old town," said emergency service chief Livia Morrant.
Shopkeepers on Brenner Street said they lost two days of trade and asked the council for help.
A local residents group said it had warned about the plant's storage practices for years and called for a public inquiry.
Environmental inspectors took water samples from the river downstream of the plant on Monday afternoon."""

# ... and an unrelated article.
UNRELATED = """The Tessaly rowing club won the spring regatta on Lake Oberon for the third year in a row on Saturday.
Its eight-man crew finished the two-kilometre course in just under six minutes, a second ahead of the defending champions.
Club president Ansel Dray said the team had trained on the lake every morning since February.
Spectators lined the shore despite cold wind, and the organisers said ticket sales had doubled since last year.
The next regatta on the lake is planned for the end of September."""


def _article(article_id: str, text: str, **meta: object) -> Article:
    """A clean Article for the tests."""
    return Article(id=article_id, source_path=f"{article_id}.txt", title=article_id, text=text, **meta)


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    """The five fictional articles, with the metadata extraction would find."""
    return [
        _article("wire", WIRE, agencies=["Reuters"], published="2026-05-04T09:10"),
        _article("reprint", REPRINT, outlet="Copy Daily"),
        _article("spun", SPUN, outlet="NewsBlast"),
        _article("independent", INDEPENDENT, agencies=[], byline="Mara Vell", published="2026-05-05"),
        _article("unrelated", UNRELATED),
    ]


@pytest.fixture(scope="module")
def links(corpus: list[Article]) -> list[ReuseLink]:
    """Reuse links over the whole fictional corpus."""
    return provenance.find_reuse(corpus)


def _relations(links: list[ReuseLink]) -> dict[frozenset[str], str]:
    """Unordered pair -> relation."""
    return {frozenset((link.a, link.b)): link.relation for link in links}


def test_relations_of_each_pair(links: list[ReuseLink]) -> None:
    relations = _relations(links)
    assert relations[frozenset({"wire", "reprint"})] == EDITED
    assert relations[frozenset({"wire", "spun"})] == REWRITTEN
    assert relations.get(frozenset({"wire", "independent"})) in (QUOTED, None)
    assert relations.get(frozenset({"reprint", "independent"})) in (QUOTED, None)
    assert not any("unrelated" in pair for pair in relations)


# A name-heavy fictional match report and a spun copy of it: the spinner swapped most common
# words but, as spinners do, left every name and number (and a few common words) alone.
MATCH_REPORT = """Tomas Rell scored twice as Port Alder United beat Halvik Rovers 3-1 at Brenner Park on Saturday.
Rell, signed from Tessaly Athletic in January, opened the scoring after 12 minutes and added a second from Ansel Dray's cross.
Halvik Rovers captain Mara Vell pulled one back before half-time, but Livia Morrant sealed the win for Port Alder United late on.
The result lifts Port Alder United to third in the Corvenian First Division, two points behind Lake Oberon FC."""
MATCH_SPUN = """Tomas Rell scored twice as Port Alder United defeated Halvik Rovers 3-1 at Brenner Park on Saturday.
Rell, acquired from Tessaly Athletic in January, began the tally after 12 minutes and put in another from Ansel Dray's cross.
Halvik Rovers skipper Mara Vell drew one back before the interval, but Livia Morrant clinched the victory for Port Alder United near the end.
The outcome raises Port Alder United to third in the Corvenian First Division, two marks behind Lake Oberon FC."""


def test_spun_copy_of_a_name_heavy_brief_is_rewritten_not_edited() -> None:
    # Names and numbers survive both edits and spinning, so they must not count as words an
    # edit kept: counted, they made three quarters of this copy's content words look unchanged.
    links = provenance.find_reuse([_article("report", MATCH_REPORT), _article("spun", MATCH_SPUN)])
    assert _relations(links) == {frozenset({"report", "spun"}): REWRITTEN}


def test_link_order_puts_the_likely_source_first(links: list[ReuseLink]) -> None:
    wire_links = [link for link in links if "wire" in (link.a, link.b) and link.relation != QUOTED]
    assert wire_links and all(link.a == "wire" for link in wire_links)
    assert all(0.0 < link.score <= 1.0 for link in links)


def test_passages_point_at_matching_text(corpus: list[Article], links: list[ReuseLink]) -> None:
    by_id = {a.id: a for a in corpus}
    for link in links:
        assert link.passages
        for passage in link.passages:
            left = by_id[link.a].text[passage.a[0]:passage.a[1]]
            right = by_id[link.b].text[passage.b[0]:passage.b[1]]
            floor = 40 if link.relation == REWRITTEN else 60
            assert fuzz.ratio(left, right) >= floor, (link.relation, left, right)
    quote = next(link for link in links if link.relation == QUOTED)
    shared = by_id[quote.a].text[quote.passages[0].a[0]:quote.passages[0].a[1]]
    assert "Livia Morrant" in shared


def test_origins_partition_the_story(corpus: list[Article], links: list[ReuseLink]) -> None:
    by_id = {a.id: a for a in corpus}
    story = ["wire", "reprint", "spun", "independent"]
    groups = provenance.origin_groups(story, [x for x in links if {x.a, x.b} <= set(story)], by_id)
    assert [set(g.articles) for g in groups] == [{"independent"}, {"reprint", "spun", "wire"}]
    assert len(groups) == 2  # 4 articles, 2 independent sources
    copied = groups[1]
    assert copied.original == "wire"
    assert copied.agency == "Reuters"
    assert groups[0].agency is None


def test_a_quotation_does_not_merge_origins() -> None:
    a = _article("a", WIRE)
    b = _article("b", INDEPENDENT)
    link = ReuseLink("a", "b", QUOTED, 0.1)
    groups = provenance.origin_groups(["a", "b"], [link], {"a": a, "b": b})
    assert len(groups) == 2


def test_exact_copy_is_verbatim_with_identical_passages() -> None:
    articles = [_article("first", WIRE), _article("second", WIRE)]
    [link] = provenance.find_reuse(articles)
    assert link.relation == VERBATIM
    assert link.score > 0.95
    for passage in link.passages:
        assert WIRE[passage.a[0]:passage.a[1]] == WIRE[passage.b[0]:passage.b[1]]


def test_agency_only_quoted_is_not_the_group_agency() -> None:
    cites_two = _article("farm", SPUN, agencies=["AFP", "AP"])
    copy = _article("copy", REPRINT)
    assert provenance.group_agency(["farm", "copy"], {"farm": cites_two, "copy": copy}) is None


def test_candidates_are_not_all_pairs() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{k}" for k in range(3000)]
    filler = [_article(f"x{k}", ". ".join(" ".join(rng.choices(vocabulary, k=12)) for _ in range(8)) + ".")
              for k in range(60)]
    articles = filler + [_article("wire", WIRE), _article("spun", SPUN)]
    pairs = provenance.candidate_pairs(articles)
    assert (60, 61) in pairs
    assert len(pairs) < 20  # of 1,891 possible pairs


def test_spin_alignment_keeps_order() -> None:
    shuffled = "\n".join(reversed(SPUN.split("\n")))
    result = align.align(align.profile("wire", WIRE), align.profile("shuffled", shuffled))
    assert result.relation != REWRITTEN  # spinning keeps order; a reversed text is not a spun copy


def test_markdown_reuse_section_and_origin_note(links: list[ReuseLink], corpus: list[Article]) -> None:
    numbers = {a.id: n for n, a in enumerate(corpus, start=1)}
    lines = _reuse_section(links, numbers)
    text = "\n".join(lines)
    assert lines[0] == "### Who copied whom"
    assert "[2] is an edited copy of [1]" in text
    assert "[3] is a rewritten (spun) copy of [1]" in text
    by_id = {a.id: a for a in corpus}
    [group] = [g for g in provenance.origin_groups(["wire", "reprint"], links, by_id)]
    assert _origin_note(group) == " (likely original `wire`; goes back to Reuters)"


def _demo_articles() -> list[Article]:
    """The built-in demo corpus, cleaned by the extraction stage."""
    from pathlib import Path

    import crosswire
    from crosswire.extract import articles as extract
    from crosswire.ingest import sources as ingest
    from crosswire.settings import Settings

    folder = Path(crosswire.__file__).parent / "examples" / "demo"
    documents, _ = ingest.read_sources([str(folder)], Settings())
    articles, _ = extract.extract_articles(documents)
    return articles


def test_demo_provenance_matches_its_truth() -> None:
    import demo_truth as truth

    articles = [a for a in _demo_articles() if a.id in truth.FERRY]
    links = provenance.find_reuse(articles)
    relations = _relations(links)
    for pair, relation in truth.RELATIONS.items():
        assert relations.get(pair) == relation, pair
    for pair in truth.QUOTED_ONLY:
        assert relations.get(pair) in (QUOTED, None)
    groups = provenance.origin_groups(truth.FERRY, links, {a.id: a for a in articles})
    assert sorted(map(set, (g.articles for g in groups)), key=sorted) == sorted(truth.FERRY_ORIGINS, key=sorted)


def test_demo_whole_corpus_links_give_the_story_json_origins() -> None:
    import demo_truth as truth

    from crosswire.records import Story
    from crosswire.report.writers import story_to_dict

    articles = _demo_articles()  # the whole corpus: links are found across stories too
    by_id = {a.id: a for a in articles}
    links = provenance.find_reuse(articles)
    story = Story(id="s-ferry", articles=sorted(truth.FERRY))
    story.reuse = [x for x in links if x.a in truth.FERRY and x.b in truth.FERRY]
    story.origins = provenance.origin_groups(story.articles, story.reuse, by_id)
    data = story_to_dict(story)
    assert data["independent_sources"] == 4
    assert [set(group) for group in data["origins"]] == truth.FERRY_ORIGINS
    assert {link["relation"] for link in data["reuse"]} <= {EDITED, REWRITTEN, QUOTED}
    assert not any("regatta" in x.a + x.b for x in links)


# --- Bounded cost on repetitive input (issue 17, item 2) -----------------------------------------

def _family(n: int) -> list[Article]:
    """``n`` near-identical templated entries (one shop's deal text, slots changed)."""
    products = ["kettle", "toaster", "lamp", "hose", "blender"]
    return [Article(id=f"deal-{k:04d}", source_path="deals.xml", title="Deal of the day", text=(
        f"Deal of the day at Brindle Mart: the {products[k % 5]} model X{k} is now {10 + k % 50} dollars, "
        f"down from {25 + k % 50} dollars. The offer runs until midnight on Friday while stocks last. "
        "Delivery is free for members, and it comes with a two year warranty. Customers can collect in "
        "store from 9am. Terms and conditions apply to this offer.")) for k in range(n)]


def test_a_large_family_of_copies_costs_linear_candidates_and_stays_one_origin() -> None:
    articles = _family(300)
    pairs = provenance.candidate_pairs(articles)
    uncapped = 300 * 299 // 2
    assert len(pairs) <= 300 * provenance.MAX_PARTNERS
    assert len(pairs) < uncapped / 5
    links = provenance.find_reuse(articles)
    groups = provenance.origin_groups([a.id for a in articles], links, {a.id: a for a in articles})
    assert len(groups) == 1 and len(groups[0].articles) == 300


def test_small_buckets_keep_every_pair() -> None:
    # Below the caps nothing changes: a family of MAX_PARTNERS + 1 copies is aligned all-pairs.
    n = provenance.MAX_PARTNERS + 1
    assert len(provenance.candidate_pairs(_family(n))) == n * (n - 1) // 2


def test_incremental_candidates_match_one_pass_for_lsh_buckets() -> None:
    articles = _family(120)
    index = provenance.CandidateIndex(("words", "skeleton"))
    found = set()
    for start in range(0, 120, 25):
        found |= index.add(articles[start:start + 25])
    assert found == provenance.candidate_pairs(articles, ("words", "skeleton"))


def _chain_by_scan(weight):
    """The heaviest increasing chain by scanning every earlier cell (the definition)."""
    import numpy as np

    rows, cols = np.nonzero(weight > 0)
    cells = sorted(zip(rows.tolist(), cols.tolist()))
    if not cells:
        return []
    best, back = [0.0] * len(cells), [-1] * len(cells)
    for k, (i, j) in enumerate(cells):
        best[k] = float(weight[i, j])
        for p in range(k - 1, -1, -1):
            pi, pj = cells[p]
            if pi < i and pj < j and best[p] + weight[i, j] > best[k]:
                best[k], back[k] = best[p] + float(weight[i, j]), p
    k, chain = int(np.argmax(best)), []
    while k >= 0:
        chain.append(cells[k])
        k = back[k]
    return chain[::-1]


def test_monotone_chain_equals_the_scan_it_replaces() -> None:
    import numpy as np

    rng = np.random.default_rng(4)
    for _ in range(300):
        shape = (int(rng.integers(1, 14)), int(rng.integers(1, align.MAX_CELLS_PER_ROW + 1)))
        mask = rng.random(shape) < 0.3
        weight = np.where(mask, 0.5 + rng.random(shape) / 2, 0).astype(np.float32)  # no ties: one answer
        assert align._monotone_chain(weight) == _chain_by_scan(weight)
        weight = np.where(mask, rng.choice([0.8, 0.9, 1.0], size=shape), 0).astype(np.float32)
        chain = align._monotone_chain(weight)  # ties: an equally heavy chain, increasing both ways
        assert all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(chain))
        assert sum(float(weight[c]) for c in chain) == pytest.approx(sum(float(weight[c]) for c in _chain_by_scan(weight)))


def test_a_page_of_one_sentence_repeated_aligns_quickly() -> None:
    """A page of one sentence repeated is capped at MAX_SENTENCES and aligned in bounded work.
    CPU time, not wall time, is checked (about 4 s here): a loaded machine must not fail it."""
    import time

    page = " ".join(["The offer runs until midnight on Friday while stocks last."] * 3000)
    other = " ".join(["The offer runs until midnight on Saturday while stocks last."] * 3000)
    start = time.process_time()
    result = align.align(align.profile("a", page), align.profile("b", other))
    assert time.process_time() - start < 20
    assert result.relation is not None
    assert len(align.profile("a", page).sentences) == align.MAX_SENTENCES


def test_tiling_skips_filler_starts_but_keeps_ordinary_runs() -> None:
    a = "".join(chr(0x100 + k) for k in range(50))
    b = a[10:30] + "xyz" + a[35:45]
    assert align.tiles(a, b) == [(10, 0, 20), (35, 23, 10)]
    filler = "abc" * 2000
    start_count = len(align.tiles(filler, filler))
    assert start_count <= 1


def test_a_wire_cited_for_a_quote_is_not_where_the_group_goes_back_to() -> None:
    """"according to Reuters" and "told AFP" cite a wire; only a credit (a dateline, a copyright
    line, "AP contributed") pins a group on one, and the report quotes that credit (issue 16)."""
    from crosswire.extract.agencies import credits

    cited = _article("cited", "Lorvik protesters marched on Sunday, according to Reuters, and a teacher told AFP "
                              "that the square was full.", agencies=["AFP", "Reuters"])
    assert credits(cited) == {}
    assert provenance.group_agency(["cited"], {"cited": cited}) is None
    wire = _article("wire", "LORVIK (Reuters) - Protesters marched on Sunday.\nThe square was full by noon.",
                    agencies=["Reuters"])
    copy = _article("copy", "Protesters marched on Sunday.\nThe square was full by noon.")
    [group] = provenance.origin_groups(["copy", "wire"], [ReuseLink("wire", "copy", VERBATIM, 0.9)],
                                       {"wire": wire, "copy": copy})
    assert group.agency == "Reuters"
    assert group.agency_evidence is not None and "LORVIK (Reuters) - Protesters marched" in group.agency_evidence
    assert group.original == "wire" and "crediting one wire agency" in (group.original_reason or "")


def test_two_reports_quoting_one_statement_are_two_origins() -> None:
    """Outlets that each quote the same statement in full are not copies of each other (issue 16);
    the same text reprinted whole, quotations and all, still is."""
    statement = ('"The bridge will stay closed until every cable has been checked by two engineers. '
                 'We will not reopen it on a promise, and the ferry will run every hour until then. '
                 'Travellers should allow an extra hour for the crossing this week."')
    first = _article("first", "Lorvik's harbour master spoke on Monday after the storm damage was found. "
                              f"{statement} Local shops said trade had fallen by half since the storm. "
                              "The fishing fleet stayed in port for a third day while divers inspected the piers. "
                              "Insurers sent assessors to the quay, where two warehouses lost their roofs overnight.")
    second = _article("second", "Commuters faced long queues at the Ostmark ferry terminal on Tuesday morning. "
                                f"In a statement the harbour master said: {statement} "
                                "The council has asked for emergency funds from the region. "
                                "Bus companies added twelve extra services between the two towns on Wednesday. "
                                "Schools on the island side opened an hour late so that teachers could cross.")
    [link] = provenance.find_reuse([first, second])
    assert link.relation == QUOTED
    reprint = _article("reprint", first.text)
    assert {x.relation for x in provenance.find_reuse([first, reprint])} == {VERBATIM}


def test_a_short_brief_copied_whole_is_one_origin() -> None:
    """A one-sentence wire brief repeated word for word is a copy, not a quotation that counts
    as a second independent source (issue 16)."""
    brief = "A ferry carrying 40 passengers ran aground near Lorvik on Sunday, and all aboard were rescued."
    first, second = _article("wire", brief), _article("site", brief)
    [link] = provenance.find_reuse([first, second])
    assert link.relation == VERBATIM
    assert len(provenance.origin_groups(["site", "wire"], [link], {"wire": first, "site": second})) == 1


def test_a_statement_page_and_a_report_quoting_it_whole_are_two_origins() -> None:
    """The statement itself (a page in its own voice, no quotation marks) and a report that
    quotes it whole share most of both texts, yet quoting is not copying (issue 16: a reposted
    statement and a reaction roundup were one origin)."""
    statement = ("Tonight the council told me that the Lorvik bridge will reopen on Friday after every cable "
                 "was checked. I thanked the engineers who worked through the storm to make it safe. "
                 "They have our lasting gratitude. This is a good day for everyone who crosses the river "
                 "each morning, and for the shops on both banks.")
    page = _article("page", statement)
    report = _article("report", f'Reaction came quickly on Thursday. The mayor of Ostmark: "{statement}"')
    [link] = provenance.find_reuse([page, report])
    assert link.relation == QUOTED
    reprint = _article("reprint", report.text.replace("quickly", "fast"))
    assert provenance.find_reuse([report, reprint])[0].relation in (VERBATIM, EDITED)


def test_a_post_quoted_after_wrote_colon_is_a_quotation() -> None:
    """A post quoted without quotation marks ("<someone> wrote: ...") is still someone's words."""
    post = ("There are two kinds of sailors on this coast: those who check the weather every hour and "
            "those who trust their luck until the storm arrives at the harbour wall.")
    page = _article("post", f"{post} I know which kind I want on my boat.")
    report = _article("story", f"The skipper of the Lorvik ferry posted a photo on Sunday and wrote: {post}")
    [link] = provenance.find_reuse([page, report])
    assert link.relation == QUOTED
    assert align.profile("story", report.text).sentences[-1].said > 0.6


def _titled(article_id: str, title: str, text: str) -> Article:
    """A clean Article with a headline of its own."""
    return Article(id=article_id, source_path=f"{article_id}.txt", title=title, text=text)


def test_a_page_with_only_its_headline_joins_the_origin_carrying_that_headline() -> None:
    """A wire story's page saved with nothing but site promo lines goes with the reprints under the
    same headline; a formula headline never joins two reports that both have text (issue 16)."""
    headline = "Ferry runs aground near Lorvik, all 40 passengers rescued"
    wire = _titled("wire", headline, WIRE)
    reprint = _titled("reprint", headline, REPRINT)
    bare = _titled("bare", headline, "Celebrating 90 years of the Gazette! Click to read today's story.")
    by_id = {a.id: a for a in (wire, reprint, bare)}
    groups = provenance.origin_groups(sorted(by_id), provenance.find_reuse([wire, reprint, bare]), by_id)
    assert [g.articles for g in groups] == [["bare", "reprint", "wire"]]
    assert groups[0].by_headline == ["bare"] and groups[0].original != "bare"
    why = _origin_evidence(groups[0], {"bare": 1, "reprint": 2, "wire": 3})
    assert "[1] has no text to compare: joined on its headline alone" in why

    other = _titled("other", headline, "A separate report of the grounding, written by a regional paper from "
                                       "its own interviews with passengers, crew members and harbour staff on the "
                                       "quay in the evening. The lifeboat crews described a calm rescue, and the "
                                       "shipping line promised refunds to every traveller within a week.")
    by_id = {a.id: a for a in (wire, other, bare)}
    groups = provenance.origin_groups(sorted(by_id), [], by_id)
    assert [g.articles for g in groups] == [["bare"], ["other"], ["wire"]]  # two origins under one headline: no join


def test_a_headline_taken_from_the_first_line_joins_nothing() -> None:
    """A title that is only the text's first line (records without a headline) is no evidence."""
    headline = "Ferry runs aground near Lorvik, all 40 passengers rescued"
    wire = _titled("wire", headline, WIRE)
    teaser = _titled("teaser", headline, headline + ". More soon.")
    by_id = {"teaser": teaser, "wire": wire}
    assert len(provenance.origin_groups(["teaser", "wire"], [], by_id)) == 2


AP_FIRE = """PORT ALDER, Corvenia (AP) — Thousands of people fled their homes near a burning chemical works on the edge of Port Alder on Sunday as thick black smoke rolled over the harbour.
Officials said the fire started in a solvent store before dawn and jumped to two more buildings while crews waited for foam tenders from the capital.
By late afternoon the flames were out, but police kept a cordon around the site and told people to keep their windows shut overnight.
Hospital staff said eleven employees were being treated, two of them in intensive care with severe burns to their hands and faces.
Halvik Industries, which owns the works, said it would cover hotel bills for evacuated families and had opened a hotline for claims.
Environmental inspectors took water samples from the harbour, where a film of oil was seen drifting past the fishing boats by evening."""


def test_an_article_blending_two_wires_does_not_merge_their_reprints() -> None:
    """A site that splices AP and Reuters copy is linked to both wires, yet the AP reprints and the
    Reuters reprints stay two origins (issue 16 item 2); the blend goes with the one it shares most with."""
    ap_lines, reuters_lines = AP_FIRE.split("\n"), WIRE.split("\n")
    corpus = [
        _article("ap", AP_FIRE), _article("ap-copy", AP_FIRE.replace("Thousands of", "Many thousands of")),
        _article("reuters", WIRE), _article("reuters-copy", WIRE.replace("2,300 residents", "2,300 people")),
        _article("blend", "\n".join(ap_lines[1:5] + reuters_lines[1:4])),
    ]
    links = provenance.find_reuse(corpus)
    linked = {frozenset((x.a, x.b)) for x in links if x.relation in (VERBATIM, EDITED)}
    assert frozenset(("blend", "ap")) in linked and frozenset(("blend", "reuters")) in linked
    by_id = {a.id: a for a in corpus}
    groups = provenance.origin_groups(sorted(by_id), links, by_id)
    assert sorted(sorted(g.articles) for g in groups) == [["ap", "ap-copy", "blend"], ["reuters", "reuters-copy"]]
    assert {g.agency for g in groups} == {"AP", "Reuters"}


# Two partner outlets' versions of one joint story, saved as excerpts cut after a fixed number of
# words (as Multi-News stores its pages): the second opens with a photo caption of its own and is
# cut a dozen words into the story's second sentence.
_JOINT_LEDE = ("Lorvik harbour police and the county prosecutor are preparing a fresh round of laboratory tests "
               "on the rope and the torn sail kept from the unsolved 2004 sinking of the fishing boat Maren, "
               "the Lorvik Courier and Radio Ostmark have learned.")
_JOINT_SECOND = ("The decision follows a joint Courier and Radio Ostmark inquiry that found serious gaps in the "
                 "way earlier tests on the sail were read, and in the records of who handled the evidence during "
                 "the first winter of the investigation.")


def test_an_excerpt_cut_mid_sentence_matches_by_the_sentences_beginning() -> None:
    """A cut-off last sentence is compared with the beginning of the other text's sentences:
    an excerpt cut a dozen words into a shared sentence still shares it (issue 16)."""
    first = _article("courier", f"{_JOINT_LEDE} {_JOINT_SECOND} Related coverage: a look back at the night "
                                "the Maren went down and the families who still wait for answers about the crew")
    caption = ("Rescue divers of the coast guard check the hull of the Maren after it was raised from the "
               "bay in the spring of 2005, with the skipper's brother and two of the crew's mothers watching "
               "from the deck of a tug, in a photograph from the harbour archive that the families asked the "
               "town to show again at this year's memorial.")
    second = _article("radio", f"{caption} {_JOINT_LEDE.replace('Lorvik Courier and Radio Ostmark', 'Radio Ostmark and the Lorvik Courier')} "
                               + " ".join(_JOINT_SECOND.split()[:12]))
    assert align.profile("radio", second.text).cut and not align.profile("courier", _JOINT_LEDE).cut
    [link] = provenance.find_reuse([first, second])
    assert link.relation == EDITED
    finished = _article("radio", second.text + " was made public.")  # the same words as a whole sentence
    assert provenance.find_reuse([first, finished])[0].relation == QUOTED


def test_a_cut_beginning_must_be_nearly_the_same_sentence() -> None:
    """Two cut sentences that only open alike (captions of one photo set) do not match: a
    beginning has no end to make up for its differences (CUT_MATCH)."""
    a = align.profile("a", "The harbour master spoke to reporters at the quay on Monday about the storm damage. "
                           "A view of the Lorvik pier taken from the ferry deck on the morning after the storm shows")
    b = align.profile("b", "A view of the Ostmark breakwater taken from a fishing boat on the night before the storm "
                           "shows the waves already over the wall.")
    assert a.cut and not b.cut
    raw = align._similarity(a, b, "lex")
    assert 0.3 < raw[-1, 0] < align.CUT_MATCH
    assert (align._cut_prefixes(raw.copy(), a, b, "lex") == raw).all()


def test_a_last_line_without_a_full_stop_is_a_footer_not_a_cut() -> None:
    """Only a text that stops inside a paragraph is cut: a closing line of its own without a full
    stop (a contact line, a caption) is page furniture, and a finished sentence is no cut."""
    body = "The ferry will run every hour until the bridge reopens. The council met on Monday to agree the plan"
    assert align.profile("cut", body).cut
    assert not align.profile("done", body + ".").cut
    assert not align.profile("quote", body + '."').cut
    assert not align.profile("footer", body + ".\nWrite to the harbour desk at any hour of the day or night").cut


def test_alignment_cut_into_jobs_gives_the_links_of_one_pass() -> None:
    # An engine may align the candidate pairs in parts, anywhere: the parts' links, put together,
    # are those of one pass, and each part carries only the ids and texts of its own articles.
    articles = _demo_articles() + _family(40)
    ordered = provenance.source_pairs(articles, provenance.candidate_pairs(articles))
    furniture = frozenset({"terms and conditions apply to this offer"})
    whole = provenance.align_pairs(articles, ordered, furniture)
    jobs = provenance.align_jobs(articles, ordered, furniture, size=7)
    assert len(jobs) > 3 and sum(len(job.pairs) for job in jobs) == len(ordered)
    assert all(len(job.articles) <= 2 * len(job.pairs) and not job.articles[0].title for job in jobs)
    parts = sorted((link for job in jobs for link in provenance.align_job(job)), key=lambda x: (x.a, x.b))
    assert parts == whole and len(whole) > 40
    assert whole == provenance.find_reuse(articles, pairs=provenance.candidate_pairs(articles), furniture=furniture)
