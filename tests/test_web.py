"""The web app and JSON API through FastAPI's test client: pages, contract JSON, escaping, guards."""

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosswire.engine.incremental import ingest_paths
from crosswire.records import Article, BriefingSentence, Fact, FactValue, OriginGroup, Passage, ReuseLink, Story
from crosswire.report.writers import story_to_dict
from crosswire.store.db import open_store
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
                  origins=[OriginGroup(["copy", "wire"], original="wire", agency="Norwire",
                                       agency_evidence='Norwire: "HALLORAN (Norwire) - <i>A crane</i>"',
                                       original_reason="published first (2031-05-04 07:30)")], reuse=[link],
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
            assert attrs.get("src") in ("/static/app.js", "/static/graph.js")
    assert client.get("/static/app.js").status_code == 200 and client.get("/static/graph.js").status_code == 200


def test_malicious_title_and_body_render_inert(client):
    pages = [client.get(u).text for u in ("/", "/stories/s-evil", "/articles/evil")]
    for html in pages:
        assert "window.__pwned" not in html or "&lt;script&gt;window.__pwned" in html
        for tag, attrs in _tags(html):
            assert not any(name.startswith("on") for name in attrs), (tag, attrs)
            assert tag not in ("img", "b") or tag == "b" and not attrs
            if tag == "script":
                assert attrs in ({"src": "/static/app.js", "defer": None}, {"src": "/static/graph.js", "defer": None})
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
    assert 'href="/compare?original=wire&amp;copy=copy"' in html  # the graph's edge and the list of links
    # the dispute within one origin ("a copy altered it") links to the comparison too
    assert '<p class="altered"><a class="compare" href="/compare?original=wire&amp;copy=copy">' in html


def test_compare_page_marks_what_the_copy_changed(client):
    """Issue 20: a copy beside its original, the changed words marked, linked from both articles."""
    assert '/compare?original=wire&amp;copy=copy' in client.get("/articles/copy").text
    html = client.get("/compare?original=wire&copy=copy").text
    assert '<ins>Docks news.</ins>' in html
    assert '<del>Harbour master Ilse Brandvik said the berths would stay shut.\nCargo ships went to Kelmare.</del>' in html
    assert '<ins>Officials said eight workers were hurt.</ins>' in html
    assert "A crane collapsed at the Port Halloran docks on Thursday, injuring 9 workers." in html
    assert 'edited</span> 0.90' in html and 'href="/compare?original=copy&amp;copy=wire"' in html  # swap sides
    assert client.get("/compare?original=wi&copy=co").status_code == 200  # unique prefixes
    assert client.get("/compare?original=wire&copy=nope").status_code == 404
    assert client.get("/compare?original=wire").status_code == 422
    data = client.get("/api/compare?original=wire&copy=co").json()  # the page's JSON twin
    assert (data["original"], data["copy"], data["relation"], data["story"]) == ("wire", "copy", "edited", "s-docks")
    assert data["rows"][0] == {"original": [], "copy": [{"text": "Docks news.", "kind": "added"}], "changed": True}
    assert data["same_words"] == 13 and data["copy_words"] == 21 and not data["cut"]
    assert client.get("/api/compare?original=wire&copy=nope").json()["error"]["status"] == 404
    table = client.get("/api/compare?original=wire&copy=copy&format=csv")  # and as CSV, one line a row
    assert table.headers["content-type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(table.text)))
    assert lines[0]["added"] == "Docks news." and lines[0]["changed"] == "True" and lines[0]["original"] == ""
    assert len(lines) == len(data["rows"])


def test_compare_page_shows_untrusted_text_as_text(client):
    html = client.get("/compare?original=evil&copy=wire").text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for tag, attrs in _tags(html):
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").startswith("javascript:")


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


# --- issue 17: odd ids, bounded parameters, bounded pages, the server's connections ----------

ODD_IDS = ["a/b", "../up", "..", ".", "<i>x</i>&\"'", "q?x=1#frag", "sp ace%20"]


def _odd_ids_db(db: Path) -> None:
    """One story holding articles whose ids need quoting, and a story whose id holds '/' and '..'."""
    articles = [Article(i, "o.jsonl", f"Ferry report {n}", f"The Kelmare ferry sailed on Friday, report {n}.",
                        outlet=f"Outlet {n}", published=f"2031-05-0{n + 1}") for n, i in enumerate(ODD_IDS)]
    story = Story("s-a/../b", ODD_IDS, headline="Ferry sails", origins=[OriginGroup([i]) for i in ODD_IDS])
    with open_store(db) as store:
        store.write_batch([(a, f"h{n}") for n, a in enumerate(articles)], [], [story], {story.id: 1})


def _hrefs(html: str) -> list[str]:
    return [attrs["href"] for tag, attrs in _tags(html) if tag == "a" and attrs.get("href")]


def test_ids_with_slashes_dots_and_markup_open_from_the_links(tmp_path):
    db = tmp_path / "o.duckdb"
    _odd_ids_db(db)
    client = TestClient(create_app(db, WebSettings(rate=0)))
    story_links = [h for h in _hrefs(client.get("/").text) if h.startswith("/stories")]
    assert len(story_links) == 1
    story = client.get(story_links[0])
    assert story.status_code == 200 and "Ferry sails" in story.text
    assert client.get(f"/api{story_links[0]}").json()["id"] == "s-a/../b"
    opened = {}
    for href in {h for h in _hrefs(story.text) if h.startswith("/articles")}:
        page = client.get(href)
        assert page.status_code == 200, href
        api = next(h for h in _hrefs(page.text) if h.startswith("/api/articles"))
        opened[client.get(api).json()["id"]] = page.text
    assert sorted(opened) == sorted(ODD_IDS)
    assert "<i>x</i>" not in opened["<i>x</i>&\"'"]  # the id is shown escaped, never as markup
    assert client.get("/api/stories").json()["stories"][0]["url"] == "/api/stories/s-a%2F..%2Fb"


@pytest.mark.parametrize("query", ["offset=99999999999999999999", "offset=-1", "limit=0", "limit=201",
                                   "limit=99999999999999999999", "offset=abc"])
def test_out_of_range_offset_and_limit_are_422(client, query):
    response = client.get(f"/api/stories?{query}")
    assert response.status_code == 422 and response.json()["error"]["status"] == 422


def _big_story_db(db: Path, n: int) -> None:
    """One story of ``n`` near-identical articles, each linked to the next ten, every fact citing all."""
    ids = [f"c{k:04d}" for k in range(n)]
    text = WIRE
    articles = [Article(i, "c.jsonl", f"Crane collapse, copy {k}", text, outlet=f"Copy {k}",
                        published=f"2031-05-04T{k % 24:02d}:{k % 60:02d}") for k, i in enumerate(ids)]
    links = [ReuseLink(ids[k], ids[j], "verbatim", 0.99 - j / 10**5, [Passage((0, 40), (0, 40))])
             for k in range(n) for j in range(k + 1, min(n, k + 11))]
    facts = [Fact(f"claim {k}", "agreed", 1, [FactValue("9", "injuring 9 workers", ids)]) for k in range(150)]
    story = Story("s-big", ids, headline="Crane collapse", origins=[OriginGroup(ids[g::3]) for g in range(3)],
                  reuse=links, facts=facts, briefing=[BriefingSentence("A crane collapsed.", ids)],
                  single_source=[f"line {k}" for k in range(150)])
    with open_store(db) as store:
        store.write_batch([(a, f"h{k}") for k, a in enumerate(articles)], links, [story], {"s-big": 1})


def test_a_story_of_500_articles_renders_a_bounded_page(tmp_path):
    from crosswire.web import graph, render

    db = tmp_path / "big.duckdb"
    _big_story_db(db, 500)
    client = TestClient(create_app(db, WebSettings(rate=0)))
    first = client.get("/stories/s-big")
    assert first.status_code == 200 and len(first.content) < 400_000  # was several MB
    assert "Articles 1–100 of 500" in first.text and first.text.count('<li id="src-') == render.STORY_PAGE_ARTICLES
    assert first.text.count('class="edge ') == graph.GRAPH_MAX_EDGES and "weaker links" in first.text
    assert "+490 more" in first.text and "50 more facts" in first.text
    nxt = next(h for h in _hrefs(first.text) if "page=2" in h)
    second = client.get(nxt)
    assert "Articles 101–200 of 500" in second.text and 'id="src-101"' in second.text and 'id="src-1"' not in second.text
    last = client.get("/stories/s-big?page=5")
    assert last.status_code == 200 and 'id="src-500"' in last.text
    assert client.get("/stories/s-big?page=6").status_code == 404
    assert client.get("/stories/s-big?page=0").status_code == 422
    assert len(client.get("/articles/c0250").content) < 200_000


def test_serve_trusts_no_proxy_and_warns_off_loopback(tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from crosswire.cli import app

    db = tmp_path / "s.duckdb"
    _build(db)
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: calls.append(options))
    local = CliRunner().invoke(app, ["serve", "--db", str(db)])
    public = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert local.exit_code == 0 and public.exit_code == 0
    assert "warning" not in local.stderr
    assert "crosswire: warning: --host 0.0.0.0 lets other machines read" in public.stderr
    for options in calls:
        assert options["proxy_headers"] is False and options["forwarded_allow_ips"] == []
        assert options["timeout_keep_alive"] > 0 and options["http"].head_timeout > 0


def test_server_ignores_forwarded_for_and_drops_slow_and_idle_connections(tmp_path, monkeypatch):
    import socket
    import threading
    import time

    import uvicorn

    from crosswire.web.security import TimedH11Protocol, server_options

    db = tmp_path / "s.duckdb"
    _build(db)
    monkeypatch.setattr(TimedH11Protocol, "head_timeout", 0.5)
    config = uvicorn.Config(create_app(db, WebSettings(rate=0.01, burst=2)), host="127.0.0.1", port=0,
                            **(server_options() | {"log_level": "error"}))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]

        def status(forwarded: str) -> bytes:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(f"GET /api/stories HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: {forwarded}\r\n"
                             "Connection: close\r\n\r\n".encode())
                return sock.recv(64).split(b"\r\n")[0]

        # Each request claims another address; the rate limiter counts the socket's, so the third is refused.
        assert [status(f"10.0.0.{n}") for n in range(3)][-1].endswith(b"429 Too Many Requests")

        slow = socket.create_connection(("127.0.0.1", port), timeout=5)
        slow.sendall(b"GET /api/stories HTTP/1.1\r\n")
        started = time.monotonic()
        with pytest.raises(OSError):
            for _ in range(20):  # one header line every 0.2 s: never a whole request head
                time.sleep(0.2)
                slow.sendall(b"X-Slow: 1\r\n")
            raise AssertionError(slow.recv(64))
        assert time.monotonic() - started < 3
        idle = socket.create_connection(("127.0.0.1", port), timeout=5)
        assert idle.recv(64) == b""  # closed by the server, without a request
    finally:
        server.should_exit = True
        thread.join(10)


def test_story_page_shows_why_an_origin_goes_back_to_its_agency(client):
    """The credit line behind "goes back to" and the reason for the likely original are shown,
    as text (issue 16): the credit's markup is escaped, never rendered."""
    page = client.get("/stories/s-docks").text
    assert "goes back to Norwire: Norwire: &#34;HALLORAN (Norwire) - &lt;i&gt;A crane&lt;/i&gt;&#34;" in page
    assert "is the likely original: published first (2031-05-04 07:30)" in page
    assert "<i>A crane</i>" not in page


def _undeclared(value, node, components, path="$"):
    """Paths of the object keys in ``value`` that the OpenAPI schema ``node`` does not declare."""
    while "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[-1]]
    options = node.get("anyOf") or node.get("allOf")
    if options:
        node = next((o for o in options if o.get("type") != "null" and ("$ref" in o or "properties" in o
                                                                        or "items" in o)), options[0])
        return _undeclared(value, node, components, path)
    missing = []
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for key, item in value.items():
            if key not in properties:
                missing.append(f"{path}.{key}")
            else:
                missing += _undeclared(item, properties[key], components, f"{path}.{key}")
    elif isinstance(value, list) and "items" in node:
        for item in value:
            missing += _undeclared(item, node["items"], components, f"{path}[]")
    return missing


def test_openapi_schema_declares_every_field_the_api_returns(client):
    """The served schema documents what the API really returns, origin evidence included (issue 16)."""
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    for url, model in (("/api/stories/s-docks", "StoryModel"), ("/api/stories", "StoryListModel"),
                       ("/api/articles/wire", "ArticleModel"), ("/api/compare?original=wire&copy=copy", "CompareModel")):
        data = client.get(url).json()
        assert _undeclared(data, {"$ref": model}, components) == [], url
    origin = components["OriginGroupModel"]["properties"]
    assert {"agency_evidence", "original_reason", "original", "agency"} <= set(origin)
