"""Learned line model of the scraped-text cleaner: export round trip, shipped model, decisions on pages."""

from collections import Counter

import numpy as np
import pytest

from crosswire.extract import line_model
from crosswire.extract.line_model import FEATURE_NAMES, LabelledPage, LineModel, line_features
from crosswire.extract.scraped import MODEL_MIN_LINES, clean_scraped, line_evidence
from crosswire.records import RawDocument

NAV = ["Skip to main content", "Valley Gazette", "Home", "Local", "Culture", "Sport", "Search"]
FOOTER = ["About us", "Contact the newsroom", "Made in Lowmoor by the Valley Gazette team"]
ARTICLE = [
    "Lowmoor library reopens after flood repairs",
    ("The Lowmoor public library reopened on Monday, eight months after a burst river bank flooded its "
    "ground floor and ruined more than four thousand books."),
    ("Librarian Odile Farrant said volunteers had dried and catalogued the rescued books by hand, and that "
    "the children's section would return in the spring."),
    ("The council paid for new shelving and a raised floor, which it said would keep the collection safe "
    "from water of the same height in future."),
]
THREAD = [
    "12 comments",
    "Leave a reply",
    "Pim Arendt on March 3, 2021 at 6:34 am said:",
    ("I used to take my kids there every Saturday, and we missed it so much during the repairs, so this "
    "is wonderful news for the whole town and for the volunteers who worked so hard."),
    "Reply",
    "Saskia Vell on March 3, 2021 at 9:10 am said:",
    ("Does anyone know whether the reading room upstairs is open again as well, or only the ground floor "
    "with the new shelving that the council paid for after the flood last year?"),
    "Reply",
    "Jos Brandt on March 4, 2021 at 11:52 pm said:",
    ("The raised floor looks great but I hope someone checked the drains on the river side this time, "
    "because the same thing happened twenty years ago and nobody learned anything."),
    "Reply",
]


def _page(name: str, lines: list[str]) -> RawDocument:
    """A scraped-text document made of the given lines."""
    return RawDocument(id=name, source_path=f"{name}.txt", media_type="text/plain", text="\n".join(lines))


def _labelled(lines: list[str], article: set[str]) -> LabelledPage:
    """A training page: features of the lines, labelled 1 when the line is in ``article``."""
    _raw, shown, found, scores = line_evidence(_page("p", lines), Counter())
    counts = [s.words for s in scores]
    return LabelledPage(line_features(scores, found.meta, found.crumbs), np.array([s in article for s in shown], int),
                        np.maximum(np.array(counts, float), 1.0))


def test_features_have_one_column_per_name():
    _raw, _shown, found, scores = line_evidence(_page("p", ARTICLE + THREAD), Counter())
    rows = line_features(scores, found.meta, found.crumbs)
    assert rows.shape == (len(ARTICLE + THREAD), len(FEATURE_NAMES))
    assert np.isfinite(rows).all()


def test_a_model_survives_its_json_round_trip_and_learns_its_pages(monkeypatch):
    monkeypatch.setattr(line_model, "TREES", 20)
    monkeypatch.setattr(line_model, "MIN_LEAF", 2)
    pages = [_labelled(ARTICLE[i:] + THREAD[j:], set(ARTICLE[1:])) for i in range(2) for j in range(0, 8, 2)]
    model = line_model.fit(pages)
    again = LineModel.from_json(model.to_json())
    page = pages[0]
    first = model.probabilities(page.rows)
    assert np.allclose(first, again.probabilities(page.rows), atol=1e-5)
    assert first[page.labels == 1].min() > first[page.labels == 0].max()  # it separates what it was taught


def test_a_model_for_other_features_is_refused():
    data = line_model.default_model().to_json()
    data["feature_names"] = data["feature_names"][:-1]
    with pytest.raises(ValueError, match="different features"):
        LineModel.from_json(data)


def test_shipped_model_drops_a_comment_thread_after_a_short_article():
    lines = NAV + ARTICLE + THREAD + FOOTER
    assert len(lines) >= MODEL_MIN_LINES  # page-sized: the model, not the rules alone, decides
    article = clean_scraped(_page("library", lines), Counter())
    assert article.text.split("\n") == ARTICLE[1:]
    assert article.title == ARTICLE[0]
    assert all(line in article.removed for line in NAV + THREAD + FOOTER)


def test_short_texts_are_judged_by_the_rules():
    text = ["Harbour bridge reopens", "The harbour bridge in Port Vell reopened on Monday after repairs."]
    assert clean_scraped(_page("short", text), Counter()).text == text[1]


def test_rules_alone_still_clean_a_page():
    article = clean_scraped(_page("library", ["Home | News | Sport"] + ARTICLE + ["Share this article"]), Counter(),
                            model=None)
    assert article.text.split("\n") == ARTICLE[1:]
    assert "Share this article" in article.removed


EMBEDDED = [
    "Lowmoor ferry timetable changes from Monday",
    "By Ines Markel | March 9, 2021",
    ("The Lowmoor ferry will leave every forty minutes instead of every half hour from Monday, the harbour "
     "authority said, because one of its two boats needs a new engine."),
    ("The authority announced the change on its social media account on Tuesday morning and apologised to "
     "commuters for the short notice."),
    "Our second ferry is in dry dock until April. Thank you for your patience.",
    "— Lowmoor Harbour (@lowmoorharbour) March 9, 2021",
    ("Commuters said the longer wait would make them late for the first train at Eastgate, which leaves "
     "twelve minutes after the morning ferry arrives on the far bank."),
    ("The harbour authority said the repaired boat should be back in service before the Easter holidays, "
     "when the ferry carries twice as many passengers."),
]


def test_an_embedded_post_signature_does_not_end_the_article():
    lines = NAV + ["Ferries", "Trains", "Roads", "Weather"] + EMBEDDED + FOOTER
    assert len(lines) >= MODEL_MIN_LINES
    article = clean_scraped(_page("ferry", lines), Counter())
    kept = article.text.split("\n")
    assert EMBEDDED[2] in kept and EMBEDDED[-1] in kept and EMBEDDED[-2] in kept  # prose after the post stays
    assert article.published == "2021-03-09"
    assert all(line in article.removed for line in NAV + FOOTER)


@pytest.mark.parametrize(("line", "expected"), [
    ("— Lowmoor Harbour (@lowmoorharbour) March 9, 2021", True),
    ("-- Ines Markel (@imarkel) 9 March 2021", True),
    ("Pim Arendt on March 3, 2021 at 6:34 am said:", False),
    ("By Ines Markel | March 9, 2021", False),
])
def test_embedded_post_signatures_are_told_from_comment_headers(line, expected):
    assert line_model.is_embed_signature(line) is expected


def test_decoding_weighs_the_model_against_the_rules():
    lines = ARTICLE[1:] + ["Share this article"]
    _raw, _shown, found, scores = line_evidence(_page("p", lines), Counter())
    # the model doubts the second paragraph and trusts the share prompt; the rules say the opposite
    doubted = np.array([0.95, 0.3, 0.95, 0.95])
    keep = line_model.decode(scores, doubted, line_model.default_model(), found.meta)
    assert keep == [True, True, True, False]
    # ...but a line both doubt is dropped, even inside the article
    both = np.array([0.95, 0.02, 0.95, 0.95])
    assert line_model.decode(scores, both, line_model.default_model(), found.meta)[1] is False


def _thread_page(headers: int) -> list[str]:
    """A dated article followed by a thread of long comments, ``headers`` of them with a dated header."""
    lines = NAV + [ARTICLE[0], "By Ines Markel | March 2, 2021"] + ARTICLE[1:] + ["Leave a reply"]
    comments = [line for line in THREAD if len(line.split()) > 15]
    for number, comment in enumerate(comments):
        lines += [f"Reader {number} on March {3 + number}, 2021 at 6:34 am said:" if number < headers else "Reply", comment]
    return lines + FOOTER


def _doubting_model(shown: list[str]) -> np.ndarray:
    """Model probabilities that doubt the article (0.1) and trust the last comment (0.95): the failure corrected."""
    last = max(i for i, line in enumerate(shown) if len(line.split()) > 15)
    return np.array([0.1 if line in ARTICLE else 0.95 if i == last else 0.02 for i, line in enumerate(shown)])


def test_the_article_under_the_dateline_beats_a_larger_comment_thread():
    lines = _thread_page(headers=3)
    _raw, shown, found, scores = line_evidence(_page("thread", lines), Counter())
    model = line_model.default_model()
    probabilities = _doubting_model(shown)
    alone = line_model.decode(scores, probabilities, model, found.meta)
    assert not any(alone[shown.index(line)] for line in ARTICLE[1:])  # the model's pick: a comment
    keep = line_model.decode(scores, probabilities, model, found.meta, dateline=found.dateline, dated=found.dated)
    assert [shown[i] for i, kept in enumerate(keep) if kept] == ARTICLE[1:]


def test_without_a_thread_between_them_the_models_block_stays():
    lines = _thread_page(headers=1)  # one dated header is not a thread: no evidence against the model
    _raw, shown, found, scores = line_evidence(_page("thread", lines), Counter())
    model = line_model.default_model()
    probabilities = _doubting_model(shown)
    alone = line_model.decode(scores, probabilities, model, found.meta)
    assert line_model.decode(scores, probabilities, model, found.meta, dateline=found.dateline,
                             dated=found.dated) == alone


TEASERS = [
    ("Harbour market returns for the summer with forty stalls, live music on the quay and a new ferry "
     "timetable for visitors from the islands."),
    ("Five walks along the Lowmoor cliffs that take less than an hour, chosen by our readers, with maps "
     "and the best cafés to stop at on the way."),
]


def test_a_teaser_block_above_the_dateline_gives_way_to_the_article_under_it():
    lines = NAV + TEASERS + [ARTICLE[0], "By Ines Markel | March 2, 2021"] + ARTICLE[1:] + FOOTER
    _raw, shown, found, scores = line_evidence(_page("teasers", lines), Counter())
    probabilities = np.array([0.95 if line in TEASERS else 0.1 if line in ARTICLE else 0.02 for line in shown])
    model = line_model.default_model()
    alone = line_model.decode(scores, probabilities, model, found.meta)
    assert [shown[i] for i, kept in enumerate(alone) if kept] == TEASERS  # the model's pick
    keep = line_model.decode(scores, probabilities, model, found.meta, dateline=found.dateline, dated=found.dated)
    assert [shown[i] for i, kept in enumerate(keep) if kept] == ARTICLE[1:]


def test_an_undated_articles_first_comment_header_is_not_taken_for_its_dateline():
    comment = " ".join(line for line in THREAD if len(line.split()) > 15)  # one long post
    lines = NAV + ARTICLE + ["Leave a reply", "Pim Arendt, March 3, 2021:", comment] + FOOTER
    _raw, shown, found, scores = line_evidence(_page("undated", lines), Counter())
    assert shown[found.dateline].endswith(":")  # the only dated line heads the comment
    probabilities = np.array([0.95 if line in ARTICLE[1:] else 0.02 for line in shown])
    keep = line_model.decode(scores, probabilities, line_model.default_model(), found.meta,
                             dateline=found.dateline, dated=found.dated)
    assert [shown[i] for i, kept in enumerate(keep) if kept] == ARTICLE[1:]


def test_the_article_shown_twice_is_kept_once(monkeypatch):
    blob = " ".join(ARTICLE[1:])  # the page repeats its body in one block (a print version)
    lines = NAV + [ARTICLE[0], "By Ines Markel | March 2, 2021"] + ARTICLE[1:] + [blob] + FOOTER
    _raw, shown, found, scores = line_evidence(_page("twice", lines), Counter())
    probabilities = np.array([0.95 if line in ARTICLE[1:] or line == blob else 0.02 for line in shown])
    monkeypatch.setattr(line_model, "REPEAT_SHARE", 1.1)  # no line is a repeat: the copy is kept too
    assert line_model.decode(scores, probabilities, line_model.default_model(), found.meta)[shown.index(blob)]
    monkeypatch.undo()
    keep = line_model.decode(scores, probabilities, line_model.default_model(), found.meta)
    assert [shown[i] for i, kept in enumerate(keep) if kept] == ARTICLE[1:]


MORE_TEASERS = TEASERS + [
    ("Why the Lowmoor ferry will stop twice a day at Quay Street from June, and what the new timetable "
     "means for the morning commuters from the islands."),
    ("The rugby club's new stand is finished at last, two seasons late, and the first match under its "
     "roof is the derby against Eastfold next Saturday."),
    ("Our readers' photographs of the storm that closed the cliff road, with the stories of the people "
     "who were caught out in it on their way home."),
    ("A bakery on Mill Lane has been named the best in the county, and its owners say the secret is a "
     "starter that has been kept alive for thirty years."),
]


LONGER_ARTICLE = ARTICLE[1:] + [
    ("Readers can borrow up to twelve books at a time until the end of the year, the library said, to "
     "make up for the months in which its doors were closed to the town."),
    ("A plaque by the entrance now marks the height the water reached, a little above the counter where "
     "the librarians stamp the books on their way out."),
]


def test_a_teaser_list_joined_to_the_article_across_its_date_is_dropped(monkeypatch):
    lines = NAV + MORE_TEASERS + [ARTICLE[0], "March 2, 2021"] + LONGER_ARTICLE + FOOTER
    _raw, shown, found, scores = line_evidence(_page("joined", lines), Counter())
    probabilities = np.array([0.65 if line in MORE_TEASERS else 0.97 if line in LONGER_ARTICLE else 0.02
                              for line in shown])
    model = line_model.default_model()
    monkeypatch.setattr(line_model, "SEGMENT_MARGIN", 1.0)  # every part counts: the block spans the date
    joined = line_model.decode(scores, probabilities, model, found.meta)
    assert all(joined[shown.index(line)] for line in MORE_TEASERS + LONGER_ARTICLE)
    monkeypatch.undo()
    keep = line_model.decode(scores, probabilities, model, found.meta)
    assert [shown[i] for i, kept in enumerate(keep) if kept] == LONGER_ARTICLE


def test_the_first_paragraph_above_an_insert_is_kept_with_its_article(monkeypatch):
    insert = ["Get the Valley Gazette newsletter", "Enter your email address", "Sign up"]
    lines = NAV + [ARTICLE[0], "By Ines Markel | March 2, 2021", ARTICLE[1]] + insert + ARTICLE[2:] + FOOTER
    _raw, shown, found, scores = line_evidence(_page("insert", lines), Counter())
    # the model doubts the lead, cut off from the rest of the article by the newsletter box
    probabilities = np.array([0.6 if line == ARTICLE[1] else 0.95 if line in ARTICLE[2:] else 0.02 for line in shown])
    model = line_model.default_model()
    monkeypatch.setattr(line_model, "HEADER_REACH", 0)
    assert [shown[i] for i, kept in enumerate(line_model.decode(scores, probabilities, model, found.meta))
            if kept] == ARTICLE[2:]
    monkeypatch.undo()
    keep = line_model.decode(scores, probabilities, model, found.meta)
    assert [shown[i] for i, kept in enumerate(keep) if kept] == ARTICLE[1:]


@pytest.mark.parametrize(("line", "dated"), [
    ("Martinez 1, Okafor 2 (pen)", False),  # a results line: a name that starts like "March"
    ("Mayor 3 votes to 2 on the pier plan", False),
    ("12 Decisions that shaped the harbour", False),
    ("Published March 3, 2026", True),
    ("Updated 14 Sept 2026, 6:34 am", True),
    ("2 hours ago", True),
])
def test_only_real_dates_make_a_line_dated(line: str, dated: bool) -> None:
    # A dated short line counts as a header that can end an article block, so a name or word
    # that merely starts like a month must not make one.
    assert line_model._is_dated(line) is dated


STOPS = ["Lowmoor Quay, 9 am, boarding at the north steps", "Eastgate Pier, 9:40 am, beside the fish market",
         "Saltmarsh Jetty, 10:15 am, request stop only", "Harrow Point, 11 am, connecting bus to Alderbrook",
         "Gull Island landing stage, 11:30 am, weather permitting", "Lowmoor Quay again, 1 pm, last boarding"]


def test_a_list_the_article_announces_is_kept_with_it(monkeypatch):
    intro = "The summer ferry will call at these stops:"
    lines = NAV + [ARTICLE[0]] + LONGER_ARTICLE + [intro] + STOPS + ["Tags:", "ferries", "summer"] + FOOTER
    _raw, shown, found, scores = line_evidence(_page("list", lines), Counter())
    # the model half-trusts the stops (short, list-shaped lines) and sees the footer for what it is
    probabilities = np.array([0.97 if line in LONGER_ARTICLE else 0.3 if line in STOPS + [intro] else 0.01
                              for line in shown])
    model = line_model.default_model()
    monkeypatch.setattr(line_model, "LIST_MIN_WORDS", 1000)
    assert [shown[i] for i, kept in enumerate(line_model.decode(scores, probabilities, model, found.meta))
            if kept] == LONGER_ARTICLE
    monkeypatch.undo()
    keep = line_model.decode(scores, probabilities, model, found.meta)
    assert [shown[i] for i, kept in enumerate(keep) if kept] == LONGER_ARTICLE + [intro] + STOPS


def test_a_one_word_label_with_a_colon_announces_no_list():
    lines = NAV + [ARTICLE[0]] + LONGER_ARTICLE + ["Tags:"] + STOPS + FOOTER
    _raw, shown, found, scores = line_evidence(_page("tags", lines), Counter())
    probabilities = np.array([0.97 if line in LONGER_ARTICLE else 0.3 if line in STOPS else 0.01 for line in shown])
    keep = line_model.decode(scores, probabilities, line_model.default_model(), found.meta)
    assert [shown[i] for i, kept in enumerate(keep) if kept] == LONGER_ARTICLE
