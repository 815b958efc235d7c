"""What the report shows first: corroborated facts, then disputes and updated figures named by outlet.

Every story here is fictional (the Tollvik dam breach), written for these tests. Article ids look
like the hash ids of real runs so that a test can see they never stand in for an outlet.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import duckdb
import pytest
from fastapi.testclient import TestClient

from crosswire.records import (
    AGREED,
    DISPUTED,
    SINGLE,
    UPDATED,
    Article,
    BriefingSentence,
    Fact,
    FactValue,
    OriginGroup,
    Report,
    Story,
)
from crosswire.report.writers import report_to_dict, story_markdown, story_to_dict
from crosswire.store.db import open_store, story_from_dict
from crosswire.web import WebSettings, create_app

WIRE, COPY, RADIO, DAILY, EVIL = ("001_9f2c4e1a7b3d5c60", "002_fd6f71a7dfde5550", "003_1a2b3c4d5e6f7a8b",
                                  "004_c0ffee00decaf123", "005_badbadbadbad0001")
EVIL_OUTLET = '<img src=x onerror="window.__pwned=1">Evil](javascript:alert(1))'
EVIL_TITLE = "<script>window.__pwned=2</script>Dam *breach*"

TEXTS = {
    WIRE: "The Tollvik dam breached early on Sunday. Forty homes were flooded, the county said. "
          "Rescuers said 12 people were injured.",
    COPY: "BREAKING. The Tollvik dam breached early on Sunday. Forty homes were flooded, the county said.",
    RADIO: "Forty homes were flooded in Tollvik after the dam gave way. Engineer Oda Several said 31 people were injured.",
    DAILY: "Water from the Tollvik dam flooded forty homes on Sunday. The breach was 60 metres wide, officials said.",
    EVIL: "The Tollvik breach was 45 metres wide, according to a drone survey.",
}


def _articles() -> list[Article]:
    return [
        Article(WIRE, "w.txt", "Dam breach floods Tollvik", TEXTS[WIRE], outlet="Norwire",
                published="2031-03-02T06:10:00+00:00"),
        Article(COPY, "c.txt", "Tollvik dam bursts", TEXTS[COPY], outlet="Copy Hub", published="2031-03-02T08:00:00+00:00"),
        Article(RADIO, "r.txt", "Homes under water in Tollvik", TEXTS[RADIO], outlet="Radio Vessel",
                published="2031-03-02T18:45:00+00:00"),
        Article(DAILY, "d.txt", "Tollvik counts the cost", TEXTS[DAILY], outlet="Tollvik Daily", published="2031-03-03"),
        Article(EVIL, "e.txt", EVIL_TITLE, TEXTS[EVIL], outlet=EVIL_OUTLET, published="2031-03-02T12:00:00+00:00"),
    ]


def _facts() -> list[Fact]:
    homes = Fact("homes flooded", AGREED, 3, [  # WIRE and COPY are one origin: copies never count twice
        FactValue("40", "Forty homes were flooded, the county said.", [WIRE, COPY, RADIO, DAILY],
                  published="2031-03-02T06:10:00+00:00", sources=3),
    ])
    day = Fact("day of the breach", AGREED, 2, [
        FactValue("Sunday", "The Tollvik dam breached early on Sunday.", [WIRE, DAILY], sources=2)], kind="weekday")
    lone = Fact("breach cause", AGREED, 1, [FactValue("storm", "A storm broke it.", [RADIO], sources=1)])
    injured = Fact("people injured", UPDATED, 2, [  # listed newest first: the report puts them in time order
        FactValue("31", "Engineer Oda Several said 31 people were injured.", [RADIO],
                  published="2031-03-02T18:45:00+00:00", sources=1),
        FactValue("12", "Rescuers said 12 people were injured.", [WIRE], published="2031-03-02T06:10:00+00:00",
                  sources=1),
    ])
    width = Fact("width of the breach", DISPUTED, 2, [
        FactValue("60 metres", "The breach was 60 metres wide, officials said.", [DAILY], published="2031-03-03",
                  sources=1),
        FactValue("45 metres", "The Tollvik breach was 45 metres wide, according to a drone survey.", [EVIL],
                  published="2031-03-02T12:00:00+00:00", sources=1),
    ])
    engineer = Fact("name of the engineer", SINGLE, 1, [FactValue("Oda Several", "Engineer Oda Several said", [RADIO])])
    return [lone, day, injured, homes, width, engineer]


def _story() -> Story:
    return Story(
        "s-tollvik", [WIRE, COPY, RADIO, DAILY, EVIL], headline="Dam breach floods Tollvik",
        first_published="2031-03-02T06:10:00+00:00", last_published="2031-03-03",
        origins=[OriginGroup([WIRE, COPY], original=WIRE), OriginGroup([RADIO]), OriginGroup([DAILY]),
                 OriginGroup([EVIL])],
        facts=_facts(),
        briefing=[BriefingSentence("The Tollvik dam breached on Sunday, flooding forty homes.", [WIRE, DAILY])],
        disputed=[f"width of the breach: 60 metres ({DAILY}; 2031-03-03) vs 45 metres ({EVIL})"],
        single_source=[f"name of the engineer: Oda Several ({RADIO})"],
        corroborated=[f"homes flooded: 40 ({WIRE}, {COPY}, {RADIO}, {DAILY})"],
        updated=[f"people injured: 12 ({WIRE}) then 31 ({RADIO})"],
    )


def _by_id() -> dict[str, Article]:
    return {a.id: a for a in _articles()}


def _section(markdown: str, title: str) -> str:
    """The text of one '### title' section."""
    return markdown.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]


# ---------------------------------------------------------------------------------------------
# Markdown


def test_corroborated_comes_first_with_independent_counts_and_outlets():
    markdown = story_markdown(_story(), _by_id())
    order = [markdown.index(f"### {t}") for t in
             ("Corroborated", "Where the sources disagree", "Updated figures", "Only reported by one source", "Sources")]
    assert order == sorted(order)
    assert markdown.index("The Tollvik dam breached on Sunday") < order[0]  # after the briefing
    section = _section(markdown, "Corroborated")
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    # most independent sources first; the copy is listed but counted once (4 articles, 3 sources)
    assert lines[0] == ("- **homes flooded**: 40 \u2014 3 independent sources (4 articles): "
                        "Norwire [1], Copy Hub [2], Radio Vessel [3], Tollvik Daily [4]")
    assert lines[1] == "- **day of the breach**: Sunday \u2014 2 independent sources: Norwire [1], Tollvik Daily [4]"
    assert "breach cause" not in section  # one origin is not corroboration
    assert len(lines) == 2


def test_corroborated_keeps_the_ten_best_supported():
    story = _story()
    story.facts = [Fact(f"figure {n}", AGREED, 2 + n % 4, [FactValue(str(n), f"It was {n}.", [WIRE, RADIO])])
                   for n in range(14)]
    section = _section(story_markdown(story, _by_id()), "Corroborated")
    shown = re.findall(r"- \*\*figure (\d+)\*\*: \d+ \u2014 (\d) independent", section)
    assert len(shown) == 10
    counts = [int(k) for _, k in shown]
    assert counts == sorted(counts, reverse=True) and counts[0] == 5
    assert "and 4 more agreed facts" in section


def test_updated_figures_show_each_value_with_its_time_in_time_order():
    markdown = story_markdown(_story(), _by_id())
    section = _section(markdown, "Updated figures")
    assert "- **people injured**: 12 \u2192 31" in section
    early = section.index("2031-03-02 06:10+00:00: 12 \u2014 [1] Norwire, *Dam breach floods Tollvik*")
    late = section.index("2031-03-02 18:45+00:00: 31 \u2014 [3] Radio Vessel, *Homes under water in Tollvik*")
    assert early < late
    assert '"Engineer Oda Several said 31 people were injured."' in section
    assert "people injured" not in _section(markdown, "Where the sources disagree")  # an update is no dispute


def test_dispute_lines_name_outlets_titles_times_and_quote_never_ids():
    markdown = story_markdown(_story(), _by_id())
    section = _section(markdown, "Where the sources disagree")
    assert "- **width of the breach** (2 independent sources)" in section
    assert ('  - 60 metres: [4] Tollvik Daily (1 source), first reported 2031-03-03 \u2014 '
            '"The breach was 60 metres wide, officials said."') in section
    assert "    - [4] Tollvik Daily, *Tollvik counts the cost* (2031-03-03)" in section
    assert "first reported 2031-03-02 12:00+00:00" in section
    # the hostile outlet and title are escaped Markdown, not a link, an image or emphasis
    assert "\\<img src=x onerror=\"window.\\_\\_pwned=1\"\\>Evil\\](javascript:alert(1))" in section
    assert "Dam \\*breach\\*" in section
    before_sources = markdown.split("### Sources")[0]
    for article_id in (WIRE, COPY, RADIO, DAILY, EVIL):
        assert article_id not in before_sources


def test_long_evidence_is_shortened_at_a_word():
    story = _story()
    width = next(f for f in story.facts if f.status == DISPUTED)
    width.values[0].text = "The breach was 60 metres wide, " + "officials said again and again, " * 12
    section = _section(story_markdown(story, _by_id()), "Where the sources disagree")
    quoted = re.search(r'"(The breach was 60 metres wide,[^"]*)"', section).group(1)
    assert quoted.endswith("...") and len(quoted) <= 164


def test_facts_stage_lines_are_shown_when_no_fact_has_the_status_and_ids_become_outlets():
    story = _story()
    story.facts = []
    markdown = story_markdown(story, _by_id())
    assert "- width of the breach: 60 metres ([4] Tollvik Daily; 2031-03-03) vs 45 metres ([5]" in markdown
    assert "- name of the engineer: Oda Several ([3] Radio Vessel)" in markdown
    assert "- homes flooded: 40 ([1] Norwire, [2] Copy Hub, [3] Radio Vessel, [4] Tollvik Daily)" in markdown
    assert "- people injured: 12 ([1] Norwire) then 31 ([3] Radio Vessel)" in markdown
    assert markdown.index("### Corroborated") < markdown.index("### Where the sources disagree")
    assert not any(i in markdown.split("### Sources")[0] for i in (WIRE, RADIO, DAILY, EVIL))


def test_json_story_carries_corroborated_updated_and_value_times():
    data = story_to_dict(_story())
    assert data["corroborated"] == _story().corroborated and data["updated"] == _story().updated
    injured = next(f for f in data["facts"] if f["claim"] == "people injured")
    assert injured["status"] == "updated"
    assert injured["values"][1] == {"value": "12", "text": "Rescuers said 12 people were injured.", "articles": [WIRE],
                                    "published": "2031-03-02T06:10:00+00:00", "sources": 1}
    full = report_to_dict(Report("t", _articles(), [_story()]))
    assert {"disputed", "single_source", "corroborated", "updated"} <= set(full["stories"][0])


# ---------------------------------------------------------------------------------------------
# Store


def test_store_round_trips_the_new_story_and_value_fields(tmp_path):
    db = tmp_path / "t.duckdb"
    with open_store(db) as store:
        store.write_batch([(a, f"h{n}") for n, a in enumerate(_articles())], [], [_story()], {"s-tollvik": 1})
    with open_store(db, read_only=True) as store:
        story = store.story("s-tollvik")
    assert story.corroborated == _story().corroborated and story.updated == _story().updated
    assert story.facts == _story().facts
    assert story_to_dict(story) == story_to_dict(_story())


def _old_json() -> dict:
    """The story as a database written before corroborated/updated and value times existed held it."""
    data = story_to_dict(_story())
    del data["corroborated"], data["updated"]
    for fact in data["facts"]:
        for value in fact["values"]:
            del value["published"], value["sources"]
    return data


def test_story_stored_before_the_new_fields_still_loads(tmp_path):
    db = tmp_path / "old.duckdb"
    with open_store(db) as store:
        store.write_batch([(a, f"h{n}") for n, a in enumerate(_articles())], [], [_story()], {"s-tollvik": 1})
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE stories SET data = ? WHERE id = 's-tollvik'", [json.dumps(_old_json())])
    with open_store(db, read_only=True) as store:
        story = store.story("s-tollvik")
        data = json.loads(store.story_json("s-tollvik"))
    assert story.corroborated == [] and story.updated == []
    assert all(v.published is None and v.sources == 0 for f in story.facts for v in f.values)
    assert data["corroborated"] == [] and data["updated"] == [] and data["facts"][0]["values"][0]["sources"] == 0
    assert story_from_dict(_old_json()).disputed == _story().disputed
    # the reader falls back to the articles' times and the origins for what the old row lacks
    section = _section(story_markdown(story, _by_id()), "Updated figures")
    assert section.index("06:10+00:00: 12") < section.index("18:45+00:00: 31")
    client = TestClient(create_app(db, WebSettings(rate=0)))
    assert client.get("/stories/s-tollvik").status_code == 200
    assert client.get("/api/stories/s-tollvik").json()["updated"] == []


# ---------------------------------------------------------------------------------------------
# Web


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture()
def client(tmp_path):
    db = tmp_path / "w.duckdb"
    with open_store(db) as store:
        store.write_batch([(a, f"h{n}") for n, a in enumerate(_articles())], [], [_story()], {"s-tollvik": 1})
    return TestClient(create_app(db, WebSettings(rate=0)))


def test_story_page_shows_corroborated_first_then_disputes_and_updates(client):
    html = client.get("/stories/s-tollvik").text
    marks = [html.index(x) for x in ('id="briefing"', 'id="corroborated"', 'id="disputes"', 'id="updated"',
                                     'id="single"', 'id="sources"', 'id="facts"')]
    assert marks == sorted(marks)
    corroborated = html[marks[1]:marks[2]]
    assert "homes flooded" in corroborated and "3 independent sources (4 articles)" in corroborated
    assert "day of the breach" in corroborated and "breach cause" not in corroborated
    assert corroborated.index("homes flooded") < corroborated.index("day of the breach")
    assert re.search(r'<span class="outlet">Copy Hub</span> <a class="cite" href="/articles/002_fd6f71a7dfde5550', corroborated)
    updates = html[marks[3]:marks[4]]
    assert updates.index("2031-03-02 06:10+00:00") < updates.index("2031-03-02 18:45+00:00")
    assert updates.index(">12<") < updates.index(">31<")
    single = html[marks[4]:marks[5]]
    assert "Oda Several" in single and RADIO not in single.replace(f"/articles/{RADIO}", "").replace(
        f'data-article="{RADIO}"', "")


def test_dispute_names_outlets_and_titles_quotes_and_links_the_evidence(client):
    html = client.get("/stories/s-tollvik").text
    disputes = html[html.index('id="disputes"'):html.index('id="updated"')]
    assert '<span class="outlet">Tollvik Daily</span>, <cite>Tollvik counts the cost</cite>' in disputes
    assert "first reported <time>2031-03-03</time>" in disputes
    assert "“The breach was 60 metres wide, officials said.”" in disputes
    start = TEXTS[DAILY].index("The breach was")
    href = f'/articles/{DAILY}?hl={start}-{start + len("The breach was 60 metres wide, officials said.")}#hl'
    assert f'<a class="in-context" href="{href}">read in context</a>' in disputes
    visible = re.sub(r'(href|data-article)="[^"]*"', "", disputes)
    assert not any(i in visible for i in (WIRE, COPY, RADIO, DAILY, EVIL))


def test_hostile_outlet_and_title_are_escaped_in_the_new_sections(client):
    html = client.get("/stories/s-tollvik").text
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;Evil](javascript:alert(1))" in html
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;Dam *breach*" in html
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag != "img" and not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "style" not in attrs and tag != "style"
        if tag == "script":  # only the package's own files (the page script and the reuse graph's)
            assert attrs in ({"src": "/static/app.js", "defer": None}, {"src": "/static/graph.js", "defer": None})
        assert not (attrs.get("href") or "").startswith("javascript:")


def test_updated_fact_is_not_shown_as_a_dispute_in_the_facts_table(client):
    html = client.get("/stories/s-tollvik").text
    assert 'class="fact status-updated"' in html and 'class="fact status-disputed disputed"' in html
    css = client.get("/static/app.css").text
    updated_rules = [rule for rule in css.splitlines() if "status-updated" in rule]
    assert updated_rules and not any("--bad" in rule or "#fdecea" in rule for rule in updated_rules)


def test_api_story_passes_the_new_fields(client):
    data = client.get("/api/stories/s-tollvik").json()
    assert data == story_to_dict(_story())
    assert data["corroborated"] and data["updated"]
    values = next(f for f in data["facts"] if f["claim"] == "homes flooded")["values"]
    assert values[0]["published"] == "2031-03-02T06:10:00+00:00" and values[0]["sources"] == 3
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert {"corroborated", "updated"} <= set(schema["StoryModel"]["properties"])
    assert {"published", "sources"} <= set(schema["FactValueModel"]["properties"])


def test_an_article_without_outlet_is_named_by_its_title_cut_short():
    by_id = _by_id()
    by_id[RADIO].outlet = None
    by_id[RADIO].title = "Homes under water in Tollvik as the reservoir empties overnight into the valley below"
    markdown = story_markdown(_story(), by_id)
    corroborated = _section(markdown, "Corroborated")
    assert "Homes under water in Tollvik as the reservoir empties... [3]" in corroborated
    assert RADIO not in markdown.split("### Sources")[0]


def test_web_shows_facts_stage_lines_with_citations_instead_of_ids():
    from crosswire.web import render

    story = _story()
    story.facts = []
    numbers = {a: n for n, a in enumerate(story.articles, start=1)}
    checks = render.checks(story, _by_id(), numbers)
    assert checks.corroborated == [] and checks.disputes == [] and checks.updates == []
    line = checks.disputed_lines[0]
    assert [p.text for p in line][:3] == ["width of the breach: 60 metres (", "Tollvik Daily ", "; 2031-03-03) vs 45 metres ("]
    assert line[1].cite.number == 4 and line[1].cite.href == f"/articles/{DAILY}"
    assert [p.cite.number for p in checks.corroborated_lines[0] if p.cite] == [1, 2, 3, 4]
    assert all(RADIO not in p.text for line in checks.single_lines + checks.updated_lines for p in line)
