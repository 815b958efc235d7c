"""The web app and JSON API through FastAPI's test client: pages, contract JSON, escaping, guards."""

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosswire.records import Article, BriefingSentence, Fact, FactValue, OriginGroup, Passage, ReuseLink, Story
from crosswire.report import story_to_dict
from crosswire.store import ingest_paths, open_store
from crosswire.web import WebSettings, create_app
from crosswire.web.security import CONTENT_SECURITY_POLICY

FIXTURES = Path(__file__).parent / "fixtures" / "store"
TEMPLATES = Path(__file__).parent.parent / "src" / "crosswire" / "web" / "templates"

WIRE = ("A crane collapsed at the Port Halloran docks on Thursday, injuring 9 workers.\n"
        "Harbour master Ilse Brandvik said the berths would stay shut.\nCargo ships went to Kelmare.")
COPY = ("Docks news. A crane collapsed at the Port Halloran docks on Thursday, injuring 9 workers.\n"
        "Officials said eight workers were hurt.")
EVIL_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
EVIL_TEXT = '<script>alert(1)</script>Plain words.\n<a href="javascript:alert(2)" onmouseover="alert(3)">x</a>'


def _build(db: Path) -> None:
    """A database written straight through the store, so the expected page content is known exactly."""
    wire = Article("wire", "w.txt", "Crane collapse closes docks", WIRE, outlet="Norwire", published="2031-05-04T07:30",
                   agencies=["Norwire"], byline="Ana Pell", removed=["Share this story", "Advertisement"])
    copy = Article("copy", "c.txt", "Crane falls at docks", COPY, outlet="Copy Site", published="2031-05-04T09:00")
    evil = Article("evil", "e.jsonl", EVIL_TITLE, EVIL_TEXT, outlet='<b onmouseover="x()">Bad</b>',
                   published="2031-06-01")
    first = WIRE.index("A crane")
    span = len("A crane collapsed at the Port Halloran docks on Thursday, injuring 9 workers.")
    link = ReuseLink("wire", "copy", "edited", 0.9, [Passage((first, first + span), (12, 12 + span))])
    story = Story("s-docks", ["copy", "wire"], headline="Crane collapse closes docks",
                  first_published="2031-05-04T07:30", last_published="2031-05-04T09:00",
                  origins=[OriginGroup(["copy", "wire"], original="wire", agency="Norwire")], reuse=[link],
                  facts=[Fact("workers injured", "disputed", 1, [FactValue("9", "injuring 9 workers", ["wire"]),
                                                                  FactValue("8", "eight workers were hurt", ["copy"])])],
                  briefing=[BriefingSentence("Harbour master Ilse Brandvik said the berths would stay shut.", ["wire"])],
                  disputed=["workers injured: 9 (wire); 8 (copy)"])
    bad = Story("s-evil", ["evil"], headline=EVIL_TITLE, first_published="2031-06-01", last_published="2031-06-01",
                origins=[OriginGroup(["evil"])], briefing=[BriefingSentence(EVIL_TEXT.split("\n")[0], ["evil"])])
    with open_store(db) as store:
        store.write_batch([(wire, "h1"), (copy, "h2"), (evil, "h3")], [link], [story, bad],
                          {"s-docks": 1, "s-evil": 2})


@pytest.fixture()
def client(tmp_path):
    db = tmp_path / "w.duckdb"
    _build(db)
    return TestClient(create_app(db, WebSettings(rate=0)))


class _Tags(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_story_list_newest_first_with_counts(client):
    html = client.get("/").text
    assert html.index("/stories/s-evil") < html.index("/stories/s-docks")
    assert "2 articles · 1 independent source" in html
    assert client.get("/?q=brandvik").text.count('class="story-item"') == 1
    assert 'class="story-item"' not in client.get("/?since=2031-07-01").text


def test_api_story_is_the_contract_object(client, tmp_path):
    response = client.get("/api/stories/s-docks")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    data = response.json()
    with open_store(tmp_path / "w.duckdb", read_only=True) as store:
        assert data == story_to_dict(store.story("s-docks"))
    assert data["origins"] == [["copy", "wire"]] and data["reuse"][0]["relation"] == "edited"
    listed = client.get("/api/stories?limit=1").json()
    assert listed["total"] == 2 and listed["stories"][0]["id"] == "s-evil"
    article = client.get("/api/articles/wire").json()
    assert article["story"] == "s-docks" and article["removed"] == ["Share this story", "Advertisement"]
    assert article["reuse"][0]["b"] == "copy"


def test_api_errors_have_one_shape(client):
    assert client.get("/api/stories/nope").json() == {"error": {"status": 404, "message": "no story 'nope'"}}
    bad = client.get("/api/stories?since=yesterday")
    assert bad.status_code == 422 and "since" in bad.json()["error"]["message"]
    post = client.post("/api/stories", json={})
    assert post.status_code == 405 and post.json()["error"]["status"] == 405
    big = client.request("GET", "/api/stories", content=b"x" * 5000)
    assert big.status_code == 413
    assert client.get("/api/stories?q=" + "x" * 5000).status_code == 414
    page = client.get("/stories/nope")
    assert page.status_code == 404 and "no story" in page.text and page.headers["content-type"].startswith("text/html")


def test_head_is_allowed_and_empty(client):
    response = client.head("/api/stories")
    assert response.status_code == 200 and response.content == b""


def test_openapi_schema_lists_every_endpoint_and_no_cdn_docs(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}"} <= set(schema["paths"])
    assert "StoryModel" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_security_headers_and_local_assets_only(client):
    for url in ("/", "/stories/s-docks", "/articles/wire", "/api/stories", "/static/app.css", "/nope"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    html = client.get("/stories/s-docks").text
    for tag, attrs in _tags(html):
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag, value)
        assert tag != "style" and "style" not in attrs  # CSP forbids inline styles
        if tag == "script":
            assert attrs.get("src") == "/static/app.js"
    assert client.get("/static/app.js").status_code == 200


def test_malicious_title_and_body_render_inert(client):
    pages = [client.get(u).text for u in ("/", "/stories/s-evil", "/articles/evil")]
    for html in pages:
        assert "window.__pwned" not in html or "&lt;script&gt;window.__pwned" in html
        for tag, attrs in _tags(html):
            assert not any(name.startswith("on") for name in attrs), (tag, attrs)
            assert tag not in ("img", "b") or tag == "b" and not attrs
            if tag == "script":
                assert attrs == {"src": "/static/app.js", "defer": None}
            assert not (attrs.get("href") or "").startswith("javascript:")
    assert "&lt;img src=x onerror=" in pages[2]
    assert client.get("/api/articles/evil").json()["title"] == EVIL_TITLE  # JSON keeps the text as is


def test_templates_never_disable_escaping():
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text()
        assert "|safe" not in source.replace(" ", "") and "autoescape false" not in source, template.name


def test_citation_opens_article_at_supporting_passage(client):
    html = client.get("/stories/s-docks").text
    href = re.search(r'class="cite" href="(/articles/wire\?hl=(\d+)-(\d+)#hl)"', html)
    assert href, html
    start, end = int(href.group(2)), int(href.group(3))
    assert WIRE[start:end] == "Harbour master Ilse Brandvik said the berths would stay shut."
    article = client.get(href.group(1).split("#")[0]).text
    assert '<mark class="cited" id="hl">Harbour master Ilse Brandvik said the berths would stay shut.</mark>' in article


def test_article_page_marks_reuse_and_links_counterpart(client):
    html = client.get("/articles/copy").text
    passage = "A crane collapsed at the Port Halloran docks on Thursday, injuring 9 workers."
    assert f'<mark class="reuse">{passage}</mark>' in html
    first = WIRE.index("A crane")
    assert f'href="/articles/wire?hl={first}-{first + len(passage)}#hl"' in html
    assert "<details" not in html  # no removed clutter in this one
    wire = client.get("/articles/wire").text  # removed clutter: inside a closed <details>, shown on demand
    assert re.search(r'<details class="removed">\s*<summary>Removed clutter \(2 lines\)</summary>.*Share this story',
                     wire, re.DOTALL)


def test_story_page_sections(client):
    html = client.get("/stories/s-docks").text
    assert '<svg class="reuse-graph"' in html and 'class="edge rel-edited"' in html and "edited 0.90" in html
    assert 'class="fact status-disputed disputed"' in html
    assert 'class="timeline-svg"' in html and "likely original [2]" in html
    assert "Norwire" in html and "Ana Pell" in html


def test_rate_limit_answers_429(tmp_path):
    db = tmp_path / "r.duckdb"
    _build(db)
    limited = TestClient(create_app(db, WebSettings(rate=0.01, burst=3)))
    codes = [limited.get("/api/stories").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    assert limited.get("/api/stories").headers["retry-after"]


def test_unknown_host_header_is_refused(tmp_path):
    db = tmp_path / "h.duckdb"
    _build(db)
    guarded = TestClient(create_app(db, WebSettings(allowed_hosts=["127.0.0.1"])), base_url="http://127.0.0.1")
    assert guarded.get("/api/stories").status_code == 200
    assert guarded.get("/api/stories", headers={"host": "evil.example"}).status_code == 400


def test_pages_render_for_an_ingested_corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("harbour_wire.txt", "harbour_copy.txt", "festival.jsonl", "evil.jsonl"):
        shutil.copy(FIXTURES / name, folder / name)
    db = tmp_path / "i.duckdb"
    ingest_paths(db, [str(folder)])
    client = TestClient(create_app(db, WebSettings(rate=0)))
    stories = client.get("/api/stories").json()["stories"]
    assert len(stories) >= 3
    for summary in stories:
        assert client.get(f"/stories/{summary['id']}").status_code == 200
        for article_id in client.get(f"/api/stories/{summary['id']}").json()["articles"]:
            page = client.get(f"/articles/{article_id}")
            assert page.status_code == 200 and "<script>window" not in page.text
    assert json.loads(client.get("/api/articles/evil").text)["id"] == "evil"
