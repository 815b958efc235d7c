"""The JSON API as a client uses it: a store built by `crosswire ingest`, read through the ASGI app.

Fixture articles are fictional and written for these tests. Issue 20: a complete, described
schema; list endpoints with cursors; ranked search; facets; CSV; short ids; no local paths.
"""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from crosswire.cli import app as cli_app
from crosswire.web import WebSettings, create_app
from crosswire.web.security import CONTENT_SECURITY_POLICY

FERRY_1 = "c0ffee11" + "ab" * 24
FERRY_2 = "c0ffee22" + "cd" * 24
PLANE = "9d1e" + "0f" * 26
RECORDS = [
    {"id": FERRY_1, "title": "Ferry runs aground off Skellan island", "outlet": "Skellan Herald", "story": "ferry",
     "published": "2031-03-02T06:10:00", "url": "https://herald.example/ferry",
     "text": "SKELLAN (AFP) - A passenger ferry ran aground off Skellan island on Monday and 14 people were "
             "hurt, the coastguard said.\nThe ferry Marit Holm was carrying 210 passengers.\n"
             "Tugs pulled the vessel free at high tide."},
    {"id": FERRY_2, "title": "Dozens rescued as ferry grounds near Skellan", "outlet": "Brenmouth Post",
     "story": "ferry", "published": "2031-03-02T06:40:00",
     "text": "Rescuers lifted passengers from a stranded ferry near Skellan island on Monday; 12 people were "
             "hurt, harbour officials said.\nThe Marit Holm had left Brenmouth at dawn.\n"
             "An inquiry into the grounding will open next week."},
    {"id": "ferris-wheel", "title": "Ferris wheel reopens on the Brenmouth seafront", "outlet": "Brenmouth Post",
     "story": "ferris", "published": "2031-04-11",
     "text": "The seafront Ferris wheel in Brenmouth reopened on Friday after a winter of repairs.\n"
             "Tickets sold out within an hour, the operator said.\nThe wheel is 40 metres tall."},
    {"id": PLANE, "title": "Light plane comes down near the Costa Alegre airstrip", "outlet": "Alegre Times",
     "story": "plane", "published": "2031-05-20",
     "text": "A two-seat plane came down in a field near the Costa Alegre airstrip on Tuesday.\n"
             "Both people on board walked away from the crash with minor injuries, police said.\n"
             "Investigators will examine the engine."},
    {"id": "formula", "title": "=HYPERLINK(\"x\") town council meets", "outlet": "@Brenmouth Bulletin",
     "story": "council", "published": "2031-06-01",
     "text": "The town council of Brenmouth met on Thursday to discuss bus lanes.\n"
             "Councillors agreed to hold a public vote in the autumn.\nResidents may send comments by letter."},
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A database made by `crosswire ingest` from the records above."""
    folder = tmp_path_factory.mktemp("api")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    db = folder / "api.duckdb"
    result = CliRunner().invoke(cli_app, ["ingest", str(source), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return folder, db


@pytest.fixture(scope="module")
def client(built):
    return TestClient(create_app(built[1], WebSettings(rate=0)))


def _all(client, url, key):
    """Every item of a cursor-paginated list, following next_cursor."""
    items, cursor, pages = [], None, 0
    while True:
        page = client.get(url + (f"&cursor={cursor}" if cursor else "")).json()
        items += page[key]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, page["total"], pages


# -- the schema ---------------------------------------------------------------------------------


def test_schema_describes_every_field_with_enums(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/articles", "/api/outlets", "/api/entities"} <= set(schema["paths"])
    components = schema["components"]["schemas"]
    undescribed = [f"{name}.{field}" for name, model in components.items() if not name.startswith(("HTTP", "Valid"))
                   for field, prop in model.get("properties", {}).items() if not prop.get("description")]
    assert undescribed == []
    assert components["ReuseModel"]["properties"]["relation"]["enum"] == ["verbatim", "edited", "rewritten", "quoted"]
    assert set(components["FactModel"]["properties"]["status"]["enum"]) == {"agreed", "disputed", "updated", "single"}
    assert "source_path" not in components["ArticleModel"]["properties"]
    parameters = {p["name"]: p for p in schema["paths"]["/api/stories"]["get"]["parameters"]}
    assert {"q", "outlet", "agency", "language", "disputed", "sources", "month", "sort", "format"} <= set(parameters)


def _undeclared(value, node, components, path=""):
    """Paths of the fields in ``value`` that the schema ``node`` does not declare."""
    while "$ref" in node or "anyOf" in node:
        if "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        else:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            node = options[0] if value is not None and options else {}
    missing = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in node.get("properties", {}):
                missing.append(f"{path}.{key}")
            else:
                missing += _undeclared(item, node["properties"][key], components, f"{path}.{key}")
    elif isinstance(value, list) and "items" in node:
        for item in value:
            missing += _undeclared(item, node["items"], components, f"{path}[]")
    return missing


def test_every_returned_field_is_declared_and_no_local_path_leaks(client, built):
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    checks = [("/api/stories?facets=true", "StoryListModel"), ("/api/stories/s-hint-ferry", "StoryModel"),
              (f"/api/articles/{FERRY_1}", "ArticleModel"), ("/api/articles?q=ferry", "ArticleListModel"),
              ("/api/outlets", "OutletListModel"), ("/api/entities", "EntityListModel")]
    for url, model in checks:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _undeclared(response.json(), {"$ref": model}, components) == [], url
        assert str(built[0]) not in response.text and "source_path" not in response.text, url
        assert "articles.jsonl" not in response.text, url


def test_docs_page_is_served_locally_under_the_csp(client):
    response = client.get("/api/docs")
    assert response.status_code == 200 and response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    html = response.text
    for path in ("/api/stories", "/api/articles", "/api/outlets", "/api/entities"):
        assert f"GET {path}" in html
    assert "<code>verbatim</code>" in html and "<code>disputed</code>" in html  # enums are listed
    tags = _tags(html)
    assert all(not (attrs.get(k) or "").startswith(("http:", "https:", "//")) for _, attrs in tags for k in ("src", "href"))
    assert [attrs.get("src") for tag, attrs in tags if tag == "script"] == ["/static/app.js"]
    assert client.get("/docs").status_code == 404  # no CDN Swagger UI


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html):
    parser = _Tags()
    parser.feed(html)
    return parser.tags


# -- lists with cursors ----------------------------------------------------------------------------


@pytest.mark.parametrize("url,key,expected", [("/api/articles?limit=2", "articles", 5),
                                              ("/api/outlets?limit=1", "outlets", 4),
                                              ("/api/entities?limit=2", "entities", None)])
def test_cursor_pagination_walks_every_row_once(client, url, key, expected):
    items, total, pages = _all(client, url, key)
    names = [i.get("id") or (i["name"], i.get("type")) for i in items]
    assert len(names) == len(set(names)) == total and pages > 1
    if expected is not None:
        assert total == expected


def test_article_list_filters_and_newest_first(client):
    listed = client.get("/api/articles?outlet=Brenmouth+Post").json()
    assert {a["id"] for a in listed["articles"]} == {FERRY_2, "ferris-wheel"}
    assert [a["id"] for a in listed["articles"]] == ["ferris-wheel", FERRY_2]  # newest first
    assert [a["id"] for a in client.get("/api/articles?story=s-hint-ferry&sort=oldest").json()["articles"]] == \
        [FERRY_1, FERRY_2]
    outlets = {o["name"]: o for o in client.get("/api/outlets").json()["outlets"]}
    assert outlets["Brenmouth Post"]["articles"] == 2 and outlets["Brenmouth Post"]["stories"] == 2
    assert client.get("/api/articles?cursor=not-a-cursor").status_code == 422


# -- ranked search and facets --------------------------------------------------------------------


def test_ranked_search_finds_scattered_words_best_first(client):
    found = client.get("/api/stories?q=plane+crash+costa").json()
    assert found["stories"][0]["id"] == "s-hint-plane" and found["sort"] == "relevance"
    ferry = client.get("/api/stories?q=ferry+skellan").json()["stories"]
    assert ferry[0]["id"] == "s-hint-ferry"
    assert all(s["score"] is not None for s in ferry)
    assert [s["score"] for s in ferry] == sorted((s["score"] for s in ferry), reverse=True)
    assert client.get("/api/stories?q=zzzqqq").json()["total"] == 0
    articles = client.get("/api/articles?q=inquiry+grounding").json()["articles"]
    assert articles[0]["id"] == FERRY_2


def test_facets_count_and_filter(client):
    data = client.get("/api/stories?facets=true").json()
    outlets = {f["value"]: f["count"] for f in data["facets"]["outlet"]}
    assert outlets["Brenmouth Post"] == 2 and outlets["Alegre Times"] == 1
    assert {f["value"] for f in data["facets"]["agency"]} == {"AFP"}
    by_outlet = client.get("/api/stories?outlet=Brenmouth+Post").json()
    assert {s["id"] for s in by_outlet["stories"]} == {"s-hint-ferry", "s-hint-ferris"}
    assert [s["id"] for s in client.get("/api/stories?agency=AFP").json()["stories"]] == ["s-hint-ferry"]
    two = client.get("/api/stories?sources=2").json()["stories"]
    assert [s["id"] for s in two] == ["s-hint-ferry"]
    assert client.get("/api/stories?sort=sources").json()["stories"][0]["id"] == "s-hint-ferry"
    assert {f["value"]: f["count"] for f in data["facets"]["disputed"]} == {"yes": 1, "no": 3}
    yes = client.get("/api/stories?disputed=yes").json()["stories"]
    assert [(s["id"], s["n_disputed"]) for s in yes] == [("s-hint-ferry", 1)]  # 14 vs 12 hurt
    assert "s-hint-ferry" not in {s["id"] for s in client.get("/api/stories?disputed=no").json()["stories"]}
    assert client.get("/api/stories?sort=disputes").json()["stories"][0]["id"] == "s-hint-ferry"
    months = {f["value"] for f in data["facets"]["month"]}
    assert "2031-03" in months
    assert client.get("/api/stories?month=2031-03").json()["total"] == 1


def test_story_list_page_shows_facets_that_filter(client):
    html = client.get("/").text
    link = re.search(r'href="([^"]*outlet=Alegre[^"]*)"', html).group(1).replace("&amp;", "&")
    filtered = client.get(link).text
    assert filtered.count('class="story-item"') == 1 and "Costa Alegre" in filtered
    assert 'aria-current="true"' in filtered  # the chosen value is marked and links back without it
    assert 'href="/api/stories?' in html and "format=csv" in html


# -- CSV -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url,column", [("/api/stories?format=csv", "headline"), ("/api/articles?format=csv", "title"),
                                        ("/api/outlets?format=csv", "name"), ("/api/entities?format=csv", "name"),
                                        ("/api/stories/s-hint-ferry?format=csv", "claim"),
                                        (f"/api/articles/{PLANE}?format=csv", "title")])
def test_every_list_and_page_exports_csv(client, url, column):
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all(row[column] for row in rows)
    assert not any(cell.startswith(("=", "@")) for row in rows for cell in row.values())  # formulas defused


def test_csv_keeps_the_text_but_defuses_formulas(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/articles?format=csv&outlet=%40Brenmouth+Bulletin").text)))
    assert rows[0]["title"] == "'=HYPERLINK(\"x\") town council meets" and rows[0]["outlet"] == "'@Brenmouth Bulletin"


# -- short ids and dates -------------------------------------------------------------------------


def test_unique_prefixes_work_and_ambiguous_ones_list_candidates(client):
    assert client.get("/api/articles?limit=5").json()["articles"][-1]["short_id"] in (FERRY_1[:12], FERRY_2[:12])
    assert client.get(f"/api/articles/{FERRY_1[:12]}").json()["id"] == FERRY_1
    assert client.get("/api/articles/9d1e").json()["id"] == PLANE
    ambiguous = client.get("/api/articles/c0ffee")
    assert ambiguous.status_code == 409
    assert set(ambiguous.json()["error"]["candidates"]) == {FERRY_1, FERRY_2}
    assert "give more characters" in ambiguous.json()["error"]["message"]
    assert client.get("/api/stories/s-hint-pl").json()["id"] == "s-hint-plane"
    page = client.get("/stories/s-hint-fer")
    assert page.status_code == 409 and "s-hint-ferris" in page.text and 'href="/stories/s-hint-ferry"' in page.text
    moved = client.get("/stories/s-hint-pla", follow_redirects=False)
    assert moved.status_code == 302 and moved.headers["location"] == "/stories/s-hint-plane"
    assert client.get(f"/articles/{PLANE[:10]}").url.path == f"/articles/{PLANE}"
    assert client.get("/api/stories/s-hint-nothing").status_code == 404


def test_show_accepts_a_unique_prefix(built):
    runner = CliRunner()
    shown = runner.invoke(cli_app, ["show", "s-hint-pla", "--db", str(built[1]), "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == "s-hint-plane"
    ambiguous = runner.invoke(cli_app, ["show", "s-hint-fer", "--db", str(built[1])])
    assert ambiguous.exit_code == 1 and "s-hint-ferris, s-hint-ferry" in ambiguous.output
    listed = runner.invoke(cli_app, ["stories", "--db", str(built[1]), "-q", "plane crash costa", "--json"])
    assert json.loads(listed.stdout)["stories"][0]["id"] == "s-hint-plane"


@pytest.mark.parametrize("value", ["2018-13-01", "2031-02-30", "yesterday", "2031-1-01"])
def test_invalid_dates_are_refused_clearly(client, value):
    api = client.get(f"/api/stories?since={value}")
    assert api.status_code == 422 and value in api.json()["error"]["message"]
    assert "YYYY-MM-DD" in api.json()["error"]["message"] or "calendar date" in api.json()["error"]["message"]
    page = client.get(f"/?until={value}")
    assert page.status_code == 422 and "until" in page.text and ("calendar date" in page.text or "YYYY" in page.text)
    assert client.get(f"/api/articles?since={value}").status_code == 422


def test_database_path_never_reaches_the_pages(client, built):
    for url in ("/", "/stories/s-hint-ferry", f"/articles/{FERRY_1}", "/api/docs"):
        assert str(built[0]) not in client.get(url).text, url


def test_each_claim_has_a_permalink_on_its_story_page(client):
    html = client.get("/stories/s-hint-ferry").text
    assert 'id="claim-people-injured"' in html and 'href="/stories/s-hint-ferry#claim-people-injured"' in html
    assert 'id="fact-people-injured"' in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # every anchor is unique on the page
    dispute = html[html.index('id="claim-people-injured"'):]
    dispute = dispute[:dispute.index("</li>\n")] if "</li>\n" in dispute else dispute
    assert "Skellan Herald" in dispute and "Brenmouth Post" in dispute  # who said what, named


def test_story_and_article_pages_link_their_json_and_csv(client):
    story = client.get("/stories/s-hint-ferry").text
    links = [h.replace("&amp;", "&") for h in re.findall(r'href="(/api/[^"]+)"', story)]
    assert "/api/stories/s-hint-ferry" in links
    for link in (h for h in links if "format=csv" in h):
        rows = list(csv.DictReader(io.StringIO(client.get(link).text)))
        assert rows, link
    assert sum("format=csv" in h for h in links) == 2
    article = client.get(f"/articles/{PLANE}").text
    assert f'href="/api/articles/{PLANE}?format=csv"' in article


def test_every_parameter_is_described(client):
    schema = client.get("/api/openapi.json").json()
    bare = [f"{path} {p['name']}" for path, methods in schema["paths"].items() for op in methods.values()
            for p in op.get("parameters", []) if not (p.get("description") or p.get("schema", {}).get("description"))]
    assert bare == []
    assert all(op.get("summary") for methods in schema["paths"].values() for op in methods.values())


def test_one_claim_across_stories(client):
    data = client.get("/api/claims?claim=People+Injured").json()
    assert data["total"] == 1 and data["claim"] == "people injured"
    row = data["claims"][0]
    assert (row["story"], row["status"]) == ("s-hint-ferry", "disputed")
    assert sorted(v["value"] for v in row["values"]) == ["12", "14"]
    anchor = row["story_url"].split("#")[1]
    assert f'id="{anchor}"' in client.get(row["story_url"].split("#")[0]).text  # the permalink lands on it
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert _undeclared(data, {"$ref": "ClaimListModel"}, components) == []
    assert client.get("/api/claims?claim=people+injured&status=agreed").json()["total"] == 0
    assert client.get("/api/claims").status_code == 422  # the claim is required
    page = client.get("/claims?claim=people+injured").text
    assert 'href="/stories/s-hint-ferry#claim-people-injured"' in page and "disputed" in page
    names = client.get("/claims?q=injur").text
    assert 'href="/claims?claim=people+injured"' in names
    story = client.get("/stories/s-hint-ferry").text
    assert 'href="/claims?claim=people+injured"' in story
    rows = list(csv.DictReader(io.StringIO(client.get("/api/claims?claim=people+injured&format=csv").text)))
    assert rows[0]["status"] == "disputed" and "14 (1)" in rows[0]["values"]
