"""Extraction stage on the built-in demo corpus: scraped (.txt) articles against tests/demo_truth.py."""

from pathlib import Path

import pytest
from demo_truth import AGENCIES, CLUTTER, KEPT, METADATA

import crosswire
from crosswire.extract.articles import extract_articles
from crosswire.ingest.sources import read_sources

DEMO = Path(crosswire.__file__).parent / "examples" / "demo"
SCRAPED = sorted(path.stem for path in DEMO.glob("*.txt"))


@pytest.fixture(scope="module")
def articles():
    """The demo corpus read and extracted as the pipeline does (one batch, shared line counts)."""
    documents, problems = read_sources([str(DEMO)])
    assert not problems
    extracted, failed = extract_articles(documents)
    assert not failed
    return {article.id: article for article in extracted}


def test_every_scraped_demo_file_is_extracted(articles):
    assert SCRAPED and set(SCRAPED) <= set(articles)


@pytest.mark.parametrize("article_id", [i for i in SCRAPED if i in METADATA])
def test_metadata(articles, article_id):
    article = articles[article_id]
    for field, expected in METADATA[article_id].items():
        value = getattr(article, field)
        if field == "published":  # a date in the truth; a datetime on that day is as good
            assert value is not None and value[:10] == expected
        else:
            assert value == expected, field


@pytest.mark.parametrize("article_id", [i for i in SCRAPED if i in CLUTTER])
def test_clutter_is_removed_and_recorded(articles, article_id):
    article = articles[article_id]
    for line in CLUTTER[article_id]:
        assert line not in article.text, line
        assert line in article.removed, line


@pytest.mark.parametrize("article_id", [i for i in SCRAPED if i in KEPT])
def test_article_lines_are_kept(articles, article_id):
    for line in KEPT[article_id]:
        assert line in articles[article_id].text


@pytest.mark.parametrize("article_id", [i for i in SCRAPED if i in AGENCIES])
def test_agencies(articles, article_id):
    assert articles[article_id].agencies == AGENCIES[article_id]


def test_agency_staff_byline_and_breadcrumb_title(articles):
    courier = articles["02_valley_courier"]
    assert courier.title != "Home › World › Valdoria"
    assert courier.byline == "Reuters staff"
    assert courier.published == "2026-03-11T10:42"
