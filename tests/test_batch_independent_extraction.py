"""Batch-independent extraction (issue 15): a copy of an article in the batch changes nothing of it.

Lines repeated across the batch are evidence of site furniture only when they repeat across
different articles: a verbatim copy or a reprint sharing the headline and most paragraphs counts
once. All pages here are fictional.
"""

import random

from crosswire.extract import scraped
from crosswire.extract.articles import corpus_line_counts, extract_articles
from crosswire.records import RawDocument

COURIER_TOP = """Skip to main content
Valley Courier
Home
News
Sport
Business
Weather
Opinion
Puzzles
Subscribe from 1 crown a week
News | Tarrow
"""
# A promotion the site puts inside every article, after its second paragraph: on one page alone it
# reads like a crosshead; only its repeats across the site's different articles mark it as furniture.
COURIER_PROMO = "Hear the Valley Courier podcast every Friday"
COURIER_BOTTOM = """Share this article
Most read
Tarrow market traders vote to keep Sunday opening hours
Valley rail line reopens after winter repairs
Bakers of Lindsey Street win regional bread prize
Contact us
Advertise with the Courier
Privacy policy
© 2031 Valley Courier
"""

FERRY_TITLE = "Tarrow ferry service suspended after hull damage found"
FERRY = [
    ("The ferry linking Tarrow and the island of Skellholm was taken out of service on Tuesday after "
    "inspectors found a crack in the hull of the only vessel on the route."),
    ("The operator, Tarrow Sound Ferries, said the crack was discovered during a routine check in dry "
    "dock and that no passengers had been at risk at any time."),
    ("About 400 people a day use the crossing, most of them islanders travelling to work, school or the "
    "hospital in Tarrow."),
    "Islanders stranded",
    ("A replacement boat has been chartered from a company in the north but cannot arrive before the "
    "end of next week, the operator said."),
    ("Until then a small water taxi will carry up to twelve passengers an hour, with priority for "
    "patients and pupils sitting exams."),
    "Calls for a second vessel",
    ("Skellholm councillor Ines Marrow said the island had warned for years that a single ageing ferry "
    "left residents stranded whenever anything went wrong."),
    ("The regional transport board said it would publish a plan for a second vessel before the summer "
    "timetable begins in May."),
    "Repairs to the hull are expected to take at least three weeks, according to the shipyard.",
]
MARKET = [
    ("Traders at the Tarrow covered market voted on Monday to keep opening on Sundays after a trial "
    "that ran through the autumn and winter months."),
    ("Of the 58 stallholders who took part in the ballot, 41 backed the longer week, the market "
    "association said in a statement."),
    ("Fishmongers and greengrocers said Sunday trade had made up for quieter weekdays since the new "
    "supermarket opened on the ring road last year."),
    ("Some older traders opposed the change, saying a seven-day week left no time for family and "
    "made it harder to find staff."),
    ("The council, which owns the market hall, will now decide whether to extend the heating and "
    "cleaning contracts to cover the extra day."),
    "A final decision is expected at the council's meeting at the end of the month.",
]
RAIL = [
    ("Trains returned to the valley line on Friday morning after a three-month closure for repairs "
    "to a viaduct damaged by floods in November."),
    ("Engineers replaced two of the viaduct's stone piers and laid new track over a stretch of almost "
    "a kilometre, the rail company said."),
    ("Commuters from the upper valley had relied on replacement buses that added up to an hour to "
    "each journey into Tarrow."),
    ("The first train of the day left Hollin station on time and was greeted by a small crowd of "
    "residents holding home-made banners."),
    "The rail company said the repairs had cost about nine million crowns and came in under budget.",
    "Work to strengthen a second viaduct further down the line is planned for next year.",
]


def _courier(title: str, byline: str, date: str, paragraphs: list[str]) -> str:
    """A Courier article page as text copied off the browser: menu, headline, story, site furniture."""
    story = [*paragraphs[:2], COURIER_PROMO, *paragraphs[2:]]
    return COURIER_TOP + f"{title}\nBy {byline}\n{date}\n" + "\n".join(story) + "\n" + COURIER_BOTTOM


def _reprint() -> str:
    """The ferry story reprinted by another outlet: its own page, same headline, two paragraphs edited."""
    paragraphs = list(FERRY)
    paragraphs[4] = ("A replacement boat has been hired from an operator in the north, but it will not reach "
                     "Tarrow before the end of next week, the company said.")
    paragraphs[8] = ("The regional transport board said on Wednesday that it would set out plans for a second "
                     "vessel before the summer timetable starts in May.")
    return ("Estuary Post\nMenu\nLocal\nCoast\nFarming\nEvents\nJobs\nLog in\n"
            f"{FERRY_TITLE}\nBy Post reporter\n15 March 2031\n" + "\n".join(paragraphs[:9]) + "\n"
            "This article first appeared in the Valley Courier.\n"
            "Related stories\nEstuary lifeboat crew called out twice in one night\n"
            "Farmers count the cost of the wettest March in decades\n"
            "Sign up for the Post's morning briefing\nTerms of use\n© 2031 Estuary Post\n")


def _page(name: str, text: str) -> RawDocument:
    return RawDocument(id=name, source_path=f"{name}.txt", media_type="text/plain", text=text)


FERRY_PAGE = _page("ferry", _courier(FERRY_TITLE, "Hanna Brisk", "14 March 2031", FERRY))
MARKET_PAGE = _page("market", _courier("Tarrow market traders vote to keep Sunday opening hours", "Olav Teague",
                                       "11 March 2031", MARKET))
RAIL_PAGE = _page("rail", _courier("Valley rail line reopens after winter repairs", "Hanna Brisk",
                                   "8 March 2031", RAIL))
COPY_PAGE = _page("ferry-copy", FERRY_PAGE.text)
REPRINT_PAGE = _page("ferry-reprint", _reprint())


def _extracted(documents: list[RawDocument]) -> dict[str, tuple[str, str]]:
    """Title and text of each article, extracted as one batch."""
    articles, problems = extract_articles(documents)
    assert not problems
    return {article.id: (article.title, article.text) for article in articles}


def test_a_copy_and_a_reprint_leave_the_original_as_extracted_alone():
    alone = _extracted([FERRY_PAGE])["ferry"]
    assert alone[0] == FERRY_TITLE
    assert all(paragraph in alone[1].split("\n") for paragraph in FERRY)
    batch = _extracted([FERRY_PAGE, COPY_PAGE, REPRINT_PAGE])
    assert batch["ferry"] == alone
    assert batch["ferry-copy"] == alone
    assert batch["ferry-reprint"] == _extracted([REPRINT_PAGE])["ferry-reprint"]
    assert batch["ferry-reprint"][0] == FERRY_TITLE


def test_furniture_shared_by_different_articles_of_a_site_is_still_removed_beside_copies():
    site = [FERRY_PAGE, MARKET_PAGE, RAIL_PAGE]
    alone = _extracted([FERRY_PAGE])["ferry"]
    assert COURIER_PROMO in alone[1]  # on its own page it passes for a crosshead
    without_copies = _extracted(site)
    with_copies = _extracted([*site, COPY_PAGE, REPRINT_PAGE])
    ferry = with_copies["ferry"]
    assert ferry == without_copies["ferry"]
    assert ferry[0] == FERRY_TITLE
    assert COURIER_PROMO not in ferry[1]
    assert ferry[1].split("\n") == [line for line in alone[1].split("\n") if line != COURIER_PROMO]
    for name in ("market", "rail"):
        assert with_copies[name] == without_copies[name]
        assert COURIER_PROMO not in with_copies[name][1]


def test_copies_count_once_in_the_batch_line_counts():
    site = [FERRY_PAGE, MARKET_PAGE, RAIL_PAGE]
    assert corpus_line_counts([*site, COPY_PAGE]) == corpus_line_counts(site)
    counts = corpus_line_counts([*site, COPY_PAGE, REPRINT_PAGE])
    ferry_lines = {line.strip().lower() for line in FERRY_PAGE.text.splitlines() if line.strip()}
    assert {line: counts[line] for line in ferry_lines} == {line: corpus_line_counts(site)[line] for line in ferry_lines}
    assert counts[FERRY_TITLE.lower()] == counts[FERRY[0].lower()] == 1
    assert counts[COURIER_PROMO.lower()] == 3  # three different articles of the site


def test_families_are_copies_only_and_do_not_depend_on_the_order():
    documents = [FERRY_PAGE, MARKET_PAGE, RAIL_PAGE, COPY_PAGE, REPRINT_PAGE]

    def partition(order: list[RawDocument]) -> set[frozenset[str]]:
        families = scraped.copy_families(order)
        return {frozenset(d.id for d, f in zip(order, families) if f == family) for family in families}

    expected = {frozenset({"ferry", "ferry-copy", "ferry-reprint"}), frozenset({"market"}), frozenset({"rail"})}
    assert partition(documents) == expected
    for seed in range(5):
        shuffled = list(documents)
        random.Random(seed).shuffle(shuffled)
        assert partition(shuffled) == expected
