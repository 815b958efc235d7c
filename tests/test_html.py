"""HTML extraction: body kept, clutter moved to ``removed``, metadata found, bad pages reported."""

import re
from pathlib import Path

import pytest

from crosswire.extract.html import NO_TEXT, combine, extract_html, trim_edges
from crosswire.extract.htmlblocks import REMOVED_MAX_CHARS, parse_html, removed_blocks
from crosswire.records import Article, DocumentHints, Problem, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "html"

FERRY_BODY = [
    "The ferry linking the harbour town of Orrin to Kellan Island carried its first passengers in three weeks",
    "Harbour master Tobias Renke said the crossing would run on its winter timetable until the end of May",
    "The repairs cost about 412,000 crowns, according to the council",
    '"We are relieved and a little tired," said Ilse Barrow',
    "Engineers will return in the summer to strengthen the second landing stage",
]
FERRY_CLUTTER = {
    "header": "Lakeside Courier masthead banner",
    "nav": "Weather desk",
    "ad": "Advertisement: Buy Glimmer brand lanterns today at half price",
    "related": "Council debates a bridge to Kellan Island once again this spring",
    "comment": "My grandmother crossed on that ferry every week for forty years without fail.",
    "comment form": "Leave a reply to this story",
    "footer": "Copyright 2024 Lakeside Courier Media Group. All rights reserved.",
}
LIFEBOAT_BODY = "".join(
    f"<p>Report {n}: the volunteer lifeboat crew of Port Sellick rescued two kayakers near the lighthouse "
    "on a grey afternoon, and the coastguard thanked them for their speed.</p>"
    for n in range(5)
)


def page(name: str, hints: DocumentHints | None = None) -> RawDocument:
    """A fixture page as the ingest stage would hand it over."""
    path = FIXTURES / name
    return RawDocument(path.stem, str(path), "text/html", path.read_text(encoding="utf-8"),
                       hints or DocumentHints())


def extracted(document: RawDocument) -> Article:
    """extract_html's result, asserting that it is an Article."""
    result = extract_html(document)
    assert isinstance(result, Article), result
    return result


@pytest.fixture(scope="module")
def ferry() -> Article:
    return extracted(page("meta_tags.html"))


def test_body_sentences_are_kept_one_paragraph_a_line(ferry):
    for sentence in FERRY_BODY:
        assert sentence in ferry.text
    assert len(ferry.text.split("\n")) == 6


@pytest.mark.parametrize("kind", sorted(FERRY_CLUTTER))
def test_each_clutter_block_leaves_text_and_lands_in_removed(ferry, kind):
    clutter = FERRY_CLUTTER[kind]
    assert clutter not in ferry.text
    assert clutter in ferry.removed


def test_scripts_and_styles_are_neither_text_nor_removed(ferry):
    everything = ferry.text + "\n".join(ferry.removed)
    for hidden in ("tracker-secret-token", "font-family", "dataset.loaded"):
        assert hidden not in everything


def test_removed_keeps_page_order_without_duplicates(ferry):
    assert ferry.removed.index("Lakeside Courier masthead banner") < ferry.removed.index("Related stories")
    assert ferry.removed.index("Related stories") < ferry.removed.index("Privacy policy and cookie settings")
    assert len(ferry.removed) == len(set(ferry.removed))


def test_headline_is_the_title_not_a_body_line(ferry):
    assert ferry.title == "Ferry service to Kellan Island resumes after storm repairs"
    assert not ferry.text.startswith("Ferry service")
    assert ferry.title not in ferry.removed


def test_metadata_from_meta_tags(ferry):
    assert ferry.byline == "Marta Vindell"
    assert ferry.published == "2024-04-14T08:30:00+00:00"  # the meta tag's hour is kept (htmldate gives the day only)
    assert ferry.outlet == "The Lakeside Courier"
    assert ferry.url == "https://lakesidecourier.example/news/2024/ferry-kellan-resumes"


def test_metadata_from_json_ld():
    comet = extracted(page("json_ld.html"))
    assert comet.title == "Valdor observatory names comet after retired teacher"
    assert comet.byline == "Priya Okonkwo-Hale"
    assert comet.published == "2023-11-02"
    assert comet.outlet == "Northgate Evening Post"
    assert comet.url == "https://eveningpost.example/science/valdor-comet"
    assert "Quill found the object on photographic plates" in comet.text
    assert "Sign up for the Evening Post science letter and never miss a discovery again" in comet.removed
    assert "Subscribe now" not in comet.text


def test_hints_from_the_source_win_over_the_page():
    hints = DocumentHints(title="Kellan ferry back", url="https://mirror.example/ferry", published="2024-04-15",
                          outlet="Island Wire", byline="Desk staff")
    article = extracted(page("meta_tags.html", hints))
    assert (article.title, article.url, article.published, article.outlet, article.byline) == (
        "Kellan ferry back", "https://mirror.example/ferry", "2024-04-15", "Island Wire", "Desk staff")


def test_outlet_falls_back_to_the_domain_of_the_url():
    html = ('<html><head><title>Lifeboat rescue near Sellick light</title>'
            '<link rel="canonical" href="https://www.sellickgazette.example/local/rescue"></head>'
            f'<body><h1>Lifeboat rescue near Sellick light</h1>{LIFEBOAT_BODY}</body></html>')
    article = extracted(RawDocument("rescue", "rescue.html", "text/html", html))
    assert article.outlet == "sellickgazette.example"
    assert article.url == "https://www.sellickgazette.example/local/rescue"


@pytest.mark.parametrize("html", [
    "",
    "   \n",
    "<<<>>>",
    "\x00\x01\x02",
    '<?xml version="1.0" encoding="utf-8"?><html></html>',
    '<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><footer>Contact us</footer></body></html>',
    "<html><body><script>var story = 'not visible text at all, only code';</script></body></html>",
])
def test_page_without_article_text_is_a_problem(html):
    result = extract_html(RawDocument("empty", "feeds/empty.html", "text/html", html))
    assert result == Problem("feeds/empty.html", NO_TEXT)


def test_malformed_html_still_gives_plain_text():
    html = ('<html><body><div class="a"><p>Broken <b>markup with &lt;script&gt;alert(1)&lt;/script&gt; left '
            'unclosed, in a sentence long enough about the harbour to count as body text.<p>'
            + LIFEBOAT_BODY.replace("</p>", "", 2) + '</div></span></td><p class="x>oops</body>')
    article = extracted(RawDocument("broken", "broken.html", "text/html", html))
    assert "Report 4: the volunteer lifeboat crew of Port Sellick" in article.text
    assert "<" not in article.text and ">" not in article.text


def test_fallback_when_the_precise_text_missed_the_body():
    readable = "\n".join(f"Line {n} of a long article about the Orrin harbour works and the ferry." for n in range(20))
    chosen = combine("Line 3 of a long article about the Orrin harbour works and the ferry.", readable)
    assert (chosen.rule, chosen.text) == ("fallback", readable)


def test_edges_that_the_witness_lacks_are_trimmed_but_not_the_middle():
    body = [f"Sentence {n} about the island council meeting and its budget for the ferry." for n in range(6)]
    text = "\n".join(["Sign up to our newsletter", *body[:3], "A caption inside the body", *body[3:],
                      "Related: more island news"])
    trimmed = trim_edges(text, "\n".join(body))
    assert trimmed == "\n".join([*body[:3], "A caption inside the body", *body[3:]])


def test_a_short_witness_trims_nothing():
    text = "Intro line\n" + "\n".join(f"Body line {n} about the island ferry timetable." for n in range(8))
    assert trim_edges(text, "Body line 1 about the island ferry timetable.") == text


def test_long_removed_blocks_are_capped():
    long_block = " ".join(["Cookie notice text that goes on and on about partners."] * 20)
    tree = parse_html(f"<html><body><div>{long_block}</div><p>Kept body sentence here.</p></body></html>")
    removed = removed_blocks(tree, "Kept body sentence here.")
    assert len(removed) == 1
    assert removed[0].endswith("…") and len(removed[0]) <= REMOVED_MAX_CHARS + 2


def test_escaped_or_broken_markup_never_reaches_text_title_or_removed():
    html = ("<html><head><title>Harbour &lt;b&gt;vote&lt;/b&gt; result</title></head><body>"
            "<div>&lt;img src=x onerror=alert(1)&gt; Subscribe &lt;/!textarea&gt; today</div>"
            f"<article><p>The harbour vote passed 3 &lt; 5 margins, with &lt;script&gt;evil()&lt;/script&gt; noted.</p>"
            f"{LIFEBOAT_BODY}</article></body></html>")
    article = extracted(RawDocument("escaped", "escaped.html", "text/html", html))
    for field_text in [article.title, article.text, *article.removed]:
        assert not re.search(r"<[A-Za-z/!?]", field_text), field_text
    assert "passed 3 < 5 margins" in article.text


def _dated_page(meta: str) -> RawDocument:
    """A small fictional page dated only by the meta tag under test."""
    body = " ".join(f"<p>{line}.</p>" for line in FERRY_BODY)
    page = (f"<!doctype html><html><head><title>Kellan ferry back</title>{meta}</head>"
            f"<body><article><h1>Kellan ferry back</h1>{body}</article></body></html>")
    return RawDocument("dated", "dated.html", "text/html", page)


def test_published_time_of_day_is_kept_from_a_same_day_meta_tag():
    article = extract_html(_dated_page('<meta content="2025-05-08T06:45:00+02:00" property="article:published_time">'))
    assert article.published == "2025-05-08T06:45:00+02:00"
    article = extract_html(_dated_page("<meta itemprop='datePublished' content='2025-05-08 06:45'>"))
    assert article.published == "2025-05-08T06:45:00"  # ISO as the scraped-text dates are written


def test_published_meta_tag_without_a_time_leaves_the_day():
    article = extract_html(_dated_page('<meta property="article:published_time" content="2025-05-08">'))
    assert article.published == "2025-05-08"
