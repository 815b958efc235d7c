"""Scraped-text cleaner: clutter out (and kept in ``removed``), article and crossheads in, metadata read."""

from collections import Counter
from pathlib import Path

import pytest

from crosswire.extract.articles import corpus_line_counts
from crosswire.extract.scraped import clean_scraped
from crosswire.ingest import metadata
from crosswire.records import DocumentHints, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "scraped"


def _document(name: str, text: str | None = None, hints: DocumentHints | None = None) -> RawDocument:
    """A scraped-text RawDocument from a fixture file (or from the given text)."""
    body = text if text is not None else (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return RawDocument(id=name, source_path=f"{name}.txt", media_type="text/plain", text=body,
                       hints=hints or DocumentHints())


@pytest.fixture(scope="module")
def bridge():
    return clean_scraped(_document("harbour_bridge"), Counter())


@pytest.mark.parametrize("clutter", [
    "weatherbox",  # site junk above the headline
    "1. Home",  # breadcrumb
    "Media playback is not supported on your device",
    "Engineers inspect the northern pier of the Port Vell bridge on Saturday. Picture: Coastline Press",  # caption
    "4 min read",
    "Related article: [Port Vell ferry fares to rise in spring](#)",
    "Advertisement",
    "Share this article",
    "Share on Facebook",
    "Sign up for our morning newsletter",
    "Lowmoor fishing fleet stays in port as storm nears",  # other stories' headlines
    "Leave a comment",
    "Your email address will not be published. Required fields are marked *",
    "© 2020 Port Vell Chronicle. All rights reserved.",
    "Original url:",
])
def test_each_kind_of_clutter_is_removed_and_recorded(bridge, clutter):
    assert clutter in bridge.removed
    assert clutter not in bridge.text


def test_article_paragraphs_bullets_and_crosshead_are_kept(bridge):
    lines = bridge.text.split("\n")
    assert "What happens next?" in lines
    assert lines[0] == "Inspectors found cracks in the main span of the Port Vell harbour bridge during a routine survey."
    assert any(line.startswith("The bridge, which opened in 1974,") for line in lines)
    assert any("Dobrova told AFP" in line for line in lines)


def test_outlet_lead_is_cut_from_the_paragraph_and_names_the_outlet(bridge):
    assert bridge.outlet == "Port Vell Chronicle"
    assert "The harbour bridge in Port Vell was closed to all traffic on Saturday" in bridge.text
    assert "Port Vell Chronicle:" not in bridge.text
    assert "Port Vell Chronicle:" in bridge.removed


def test_metadata_of_the_page(bridge):
    assert bridge.title == "Harbour bridge in Port Vell closes after cracks found in main span"
    assert bridge.byline == "Marta Quell"
    assert bridge.published == "2020-08-16"
    assert bridge.url == "https://www.portvellchronicle.example/coast/2020/08/16/harbour-bridge-closes"
    assert bridge.agencies == ["AFP"]


def test_nothing_is_silently_lost(bridge):
    raw = [line.strip() for line in (FIXTURES / "harbour_bridge.txt").read_text().splitlines() if line.strip()]
    kept = bridge.text.split("\n")
    assert len(kept) + len(bridge.removed) == len(raw) + 1  # +1: the "Outlet:" prefix of the lead
    assert bridge.removed == [line for line in bridge.removed if line in raw or line == "Port Vell Chronicle:"]


def test_markdown_links_and_bold_are_unwrapped():
    text = ("Storm closes Lowmoor ferry\n"
            "The Lowmoor ferry did not sail on Monday after **strong winds** battered the coast, "
            "the [harbour office](https://example.org/harbour) said in a statement.\n"
            "Ferry crews said the waves outside the harbour were higher than four metres for most of the morning.\n")
    article = clean_scraped(_document("ferry", text), Counter())
    assert "after strong winds battered the coast, the harbour office said in a statement." in article.text
    assert "**" not in article.text and "](" not in article.text


def test_unseen_clutter_phrasings_are_removed_by_features():
    """No pattern in the code names these lines: length, shape, position and batch repeats do."""
    fair = _document("orchard_fair")
    sibling = _document("sibling", "Pin this page to your moodboard\nStay in the loop with the Valley Gazette bulletin\n"
                        "Made with care in Lowmoor by the Valley Gazette team\n"
                        "Lowmoor council votes to repair the old town clock before winter\n"
                        "The council agreed on Tuesday to spend 40,000 crowns on repairs to the town clock, which "
                        "stopped at noon last month after a storm damaged its mechanism.\n")
    article = clean_scraped(fair, corpus_line_counts([fair, sibling]))
    for clutter in ["Pin this page to your moodboard", "Tap the bell icon for alerts on Lowmoor stories",
                    "Pumpkin soup recipe for cold evenings", "Why the town clock stopped at noon",
                    "Stay in the loop with the Valley Gazette bulletin",
                    "Made with care in Lowmoor by the Valley Gazette team"]:
        assert clutter in article.removed and clutter not in article.text
    assert "Frost damage" in article.text.split("\n")  # a crosshead
    assert article.text.startswith("Thousands of visitors crowded into the Lowmoor orchard fair")
    assert article.title == "Lowmoor orchard fair draws record crowd despite early frost"
    assert article.byline == "Agnes Tolvey"
    assert article.published == "2021-10-03"


def test_hints_fill_what_the_text_lacks():
    text = ("Dam repairs begin\nWork to repair the Eastgate dam began on Monday, the water board said, "
            "and is expected to take six months to finish.\n")
    hints = DocumentHints(outlet="Eastgate Herald", url="https://eastgate.example/dam", published="2022-03-01")
    article = clean_scraped(_document("dam", text, hints), Counter())
    assert (article.outlet, article.url, article.published) == ("Eastgate Herald", "https://eastgate.example/dam",
                                                                "2022-03-01")
    assert article.text.startswith("Work to repair the Eastgate dam began on Monday")


@pytest.mark.parametrize(("line", "expected"), [
    ("15 August 2020, 21:07", "2020-08-15T21:07"),
    ("August 16, 2020", "2020-08-16"),
    ("2020-08-16T10:00Z", "2020-08-16T10:00:00+00:00"),
    ("Sunday 16 Aug 2020", "2020-08-16"),
    ("Published: 3 March 2019", "2019-03-03"),
    ("The council approved 2020 projects worth 16 million crowns on Monday.", None),
    ("Flight 370 landed at 16:05 after a delay", None),
    ("12345", None),
])
def test_dates_are_read_only_from_date_lines(line, expected):
    assert metadata.find_date(line) == expected


@pytest.mark.parametrize(("line", "names", "rest"), [
    ("By [Tatiana Ivanova for AFP](#)", "Tatiana Ivanova", "AFP"),
    ("By Jo Bloggs and Sam Reed", "Jo Bloggs and Sam Reed", None),
    ("Marta Quell for Reuters", "Marta Quell", "Reuters"),
    ("by Lena Ost, Eastgate Herald", "Lena Ost", "Eastgate Herald"),
])
def test_bylines_give_person_names(line, names, rest):
    byline = metadata.find_byline(line)
    assert byline is not None and (byline.names, byline.rest) == (names, rest)


def test_a_sentence_is_not_a_byline():
    assert metadata.find_byline("By the end of the week the bridge had reopened to traffic.") is None


@pytest.mark.parametrize(("line", "expected"), [
    ("Home › World › Valdoria", True),
    ("News | Sport | Weather", True),
    ("Lowmoor » Council", True),
    ("Prices rose 5% / year, the mayor said", False),
    ("Ferry capsizes on Lake Mirrow, killing 37", False),
])
def test_breadcrumb_trails(line, expected):
    assert metadata.is_breadcrumb(line) is expected


def test_agency_staff_byline_credits_the_agency_and_keeps_the_date():
    text = ("Sport › Sailing\nLowmoor regatta postponed as storm nears\n"
            "By AFP staff | October 3, 2021 09:15\n"
            "Organisers postponed the Lowmoor regatta on Sunday after forecasters warned of gales on the lake, "
            "and said the races would be sailed a week later.\n")
    article = clean_scraped(_document("regatta", text), Counter())
    assert article.title == "Lowmoor regatta postponed as storm nears"
    assert (article.byline, article.published, article.agencies) == ("AFP staff", "2021-10-03T09:15", ["AFP"])
    assert "Sport › Sailing" in article.removed


TAG_CLOUD = ("alderbrook ferry timetable harvest fair lowmoor council river bank weather schools night market "
             "orchard bus routes town clock library fishing fleet roadworks choir allotments museum cycle lanes "
             "tide tables lighthouse bakery awards volunteers flood defences marina village hall bridge repairs "
             "farmers swimming pool")


@pytest.mark.parametrize("model", ["default", None])
def test_a_long_unpunctuated_tag_cloud_is_not_taken_for_the_article(model):
    """40+ words without one punctuation mark are a keyword list, however long: the short story wins."""
    story = ("Volunteers in Alderbrook repainted the old ferry waiting room on Saturday, and the parish council "
             "said the room would open again to passengers from the first of May.")
    lines = (["Alderbrook Herald", "Home", "News", "Sport", "What's on", "Contact", "Tags", TAG_CLOUD]
             + [f"Section {n}" for n in range(1, 15)] + ["Ferry waiting room repainted", story, "About us", "Jobs"])
    article = clean_scraped(_document("cloud", "\n".join(lines)), Counter(), model=model)
    assert len(TAG_CLOUD.split()) >= 40
    assert story in article.text.split("\n")
    assert TAG_CLOUD in article.removed and TAG_CLOUD not in article.text


def test_a_photo_gallery_under_an_article_is_not_its_text():
    """Slide captions ("2/5 3 May 2031 ...") tell other news, with dates and names the facts stage
    would take for the article's: a run of them, and its "5 show all" line, is dropped from every
    kind of document; lines that merely open with a fraction stay."""
    from crosswire.extract.articles import extract_article

    prose = ("The Zorvan County ferry ran aground on Tuesday near Port Lisk, the harbour office said.\n"
             "Nine passengers were taken ashore by lifeboat and none was hurt, officials added.")
    gallery = ["Region in pictures", "5 show all Region in pictures",
               "1/5 4 May 2031 A lighthouse keeper paints the railings at Cape Orrin Lisk Press",
               "2/5 3 May 2031 Dancers parade through Vellmoor during the spring fair Lisk Press",
               "4/5 1 May 2031 A heron waits at the weir on the river Tarn Lisk Press",
               "5/5 30 April 2031 Mayor Edda Crane opens the new library Lisk Press"]
    record = RawDocument(id="ferry", source_path="ferry.json", media_type="text/record",
                         text=prose + "\n" + "\n".join(gallery))
    text = extract_article(record).text
    assert text == prose + "\nRegion in pictures"
    kept = prose + "\n24/7 patrols began on Monday.\n9/11 memorial crews joined them.\n9/11 families came too."
    assert extract_article(RawDocument(id="k", source_path="k.json", media_type="text/record",
                                       text=kept)).text == kept
