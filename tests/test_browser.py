"""End to end in headless Chromium: the demo database served by `crosswire serve`, a citation clicked."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from crosswire.cli import demo_corpus
from crosswire.engine.incremental import ingest_paths

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures" / "store"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
# Set CROSSWIRE_SCREENSHOTS=<folder> to keep the screenshots (the README's come from here).
SCREENSHOTS = os.environ.get("CROSSWIRE_SCREENSHOTS")


def _free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`crosswire serve` on the demo corpus (plus the malicious and the 12-article bridge fixtures) in a subprocess."""
    if CHROMIUM is None:
        pytest.skip("Chromium not found (install Debian's `chromium`, e.g. `make browser-deps` as root)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    if not any(demo_corpus().glob("*.txt")):
        pytest.skip(f"demo corpus missing at {demo_corpus()}")
    folder = tmp_path_factory.mktemp("db")
    db = folder / "demo.duckdb"
    ingest_paths(db, [str(demo_corpus()), str(FIXTURES / "evil.jsonl"), str(FIXTURES / "bridge.jsonl")])
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "crosswire.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/stories", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture()
def page(tmp_path):
    """A fresh headless Chromium page (own user-data-dir) that records every request it makes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM,
                                                       headless=True, args=CHROMIUM_ARGS)
        tab = context.new_page()
        tab.requested = []
        tab.errors = []
        tab.on("request", lambda r: tab.requested.append(r.url))
        tab.on("pageerror", lambda e: tab.errors.append(str(e)))
        yield tab
        context.close()


def _shot(page, tmp_path: Path, name: str) -> Path:
    """Save a full-page screenshot (or one element's, given a locator) to tmp_path (and to
    $CROSSWIRE_SCREENSHOTS when set)."""
    path = tmp_path / f"{name}.png"
    if hasattr(page, "set_viewport_size"):
        page.screenshot(path=str(path), full_page=True)
    else:
        page.screenshot(path=str(path))
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENSHOTS) / path.name)
    assert path.stat().st_size > 10_000
    return path


def test_open_story_click_citation_see_highlighted_passage(server, page, tmp_path):
    page.goto(server + "/")
    stories = page.locator("li.story-item")
    assert stories.count() >= 2
    # the demo's main story: the one with the most articles
    counts = [int(t.split(" article")[0]) for t in page.locator("li.story-item .counts").all_inner_texts()]
    stories.nth(counts.index(max(counts))).locator("a.headline").click()
    page.wait_for_selector("section.briefing")
    assert "independent source" in page.locator("p.meta .counts").inner_text()
    assert page.locator("svg.timeline-svg").count() == 1
    _shot(page, tmp_path, "story")
    cite = page.locator("a.cite").first
    sentence = page.locator("p.briefing-sentence").first.inner_text()
    cite.click()
    page.wait_for_url("**/articles/**")
    mark = page.locator("mark#hl")
    mark.wait_for(state="visible")
    assert mark.is_visible() and mark.evaluate("m => m.getBoundingClientRect().top < window.innerHeight")
    highlighted = mark.inner_text()
    shared = set(highlighted.lower().split()) & set(sentence.lower().split())
    assert len(shared) >= 3, (highlighted, sentence)
    _shot(page, tmp_path, "article")
    assert all(url.startswith(server) for url in page.requested), page.requested  # nothing from the internet
    assert page.errors == []


def test_malicious_article_renders_inert(server, page, tmp_path):
    page.goto(server + "/articles/evil")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<script>window.__pwned = 4</script>" in page.locator("article.article-text").inner_text()
    assert "<script>" in page.locator("h1").inner_text()
    assert page.locator("a", has_text="click me").count() == 0  # the body's link is text, not an element
    page.goto(server + "/")
    page.goto(server + "/stories/s-hint-evil")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.errors == []


def test_filter_by_outlet_facet_and_narrow_layout(server, page, tmp_path):
    """Issue 20: a facet click narrows the list and marks the choice; the list fits 360 px."""
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(server + "/")
    total = page.locator("li.story-item").count()
    outlet = page.locator("section.facet[data-facet=outlet] li a").first
    name = outlet.inner_text()
    outlet.click()
    page.wait_for_selector("section.facet[data-facet=outlet] li.selected")
    assert page.locator("section.facet[data-facet=outlet] li.selected a").inner_text() == name
    assert 1 <= page.locator("li.story-item").count() <= total
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "page scrolls sideways"
    page.locator("li.story-item a.headline").first.click()
    page.wait_for_selector("section.briefing")
    assert name in page.locator("main").inner_text()  # the story holds an article from that outlet
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "story scrolls sideways"
    page.goto(server + "/api/docs")
    assert page.locator("section.endpoint").count() >= 6
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "docs scroll sideways"
    _shot(page, tmp_path, "stories-narrow")
    assert page.evaluate("typeof window.__pwned") == "undefined"  # the evil outlet's name is a facet value too
    assert all(url.startswith(server) for url in page.requested), page.requested
    assert page.errors == []


BRIDGE = "/stories/s-tidewell"  # the 12-article fixture story (a unique prefix of its id)


def _no_sideways_scroll(page) -> bool:
    """Whether the page fits the viewport's width (inner frames may scroll, the page may not)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _point_on(page, selector: str) -> tuple[float, float]:
    """Viewport coordinates of the middle of an SVG path (where a reader would point at a link)."""
    return tuple(page.locator(selector).evaluate(
        "p => { const at = p.getPointAtLength(p.getTotalLength() / 2), m = p.getScreenCTM();"
        " return [at.x * m.a + at.y * m.c + m.e, at.x * m.b + at.y * m.d + m.f]; }"))


def test_dispute_evidence_opens_at_the_quoted_sentence(server, page, tmp_path):
    """Issue 20: a dispute names who says what and opens each article at its evidence."""
    page.goto(server + BRIDGE)
    dispute = page.locator("li.dispute", has_text="people injured")
    values = dispute.locator("strong.value").all_inner_texts()
    assert sorted(values) == ["14", "15", "17"]
    assert "Norwire" in dispute.inner_text() and "Castavia Broadcasting" in dispute.inner_text()
    seventeen = dispute.locator("li.evidence-value", has_text="Castavia Broadcasting").first
    seventeen.locator("a.in-context").click()
    page.wait_for_url("**/articles/**")
    mark = page.locator("mark#hl")
    mark.wait_for(state="visible")
    assert "17" in mark.inner_text() and mark.evaluate("m => m.getBoundingClientRect().top < window.innerHeight")
    assert page.errors == []


def test_reuse_graph_hover_zoom_and_click_through(server, page, tmp_path):
    """Issue 20: the graph of 12 articles is readable, lights an article's links on hover, zooms,
    and opens an article or the comparison of two."""
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(server + BRIDGE)
    graph = page.locator("svg.reuse-graph")
    graph.scroll_into_view_if_needed()
    assert page.locator("a.node-link").count() == 12 and page.locator("a.edge-link").count() >= 11
    size = page.locator("text.node-label").first.evaluate(
        "t => t.getBoundingClientRect().height")  # label height on screen, in CSS pixels
    assert size >= 13, size
    _shot(page.locator("section.graph"), tmp_path, "graph")
    norwire = page.locator("a.node-link", has_text="Norwire").first
    number = norwire.get_attribute("data-n")
    norwire.locator("circle").hover()
    assert "focusing" in graph.get_attribute("class")
    info = page.locator(".graph-info").inner_text()
    assert "Norwire" in info and "shares text with" in info
    lit = page.locator("a.edge-link.lit")
    assert lit.count() == 4 and all(number in (e.get_attribute("data-source"), e.get_attribute("data-target"))
                                    for e in lit.all())
    assert "lit" not in page.locator("a.node-link", has_text="Castavia Broadcasting").get_attribute("class")
    _shot(page.locator("section.graph"), tmp_path, "graph-hover")
    width = float(graph.get_attribute("width"))
    page.locator(".graph-tools button[data-zoom=in]").click()
    assert float(graph.get_attribute("width")) > width * 1.2
    page.locator(".graph-tools button[data-zoom=fit]").click()
    assert float(graph.get_attribute("width")) <= page.locator(".graph-frame").evaluate("f => f.clientWidth")
    page.locator(".graph-tools button[data-zoom=reset]").click()
    # a link: point at the middle of its arc, read what it is, click through to the comparison
    edge = f"a.edge-link[data-source='{number}']"
    target = page.locator(edge).first.get_attribute("data-target")
    selector = f"a.edge-link[data-source='{number}'][data-target='{target}'] path.edge-hit"
    page.locator(selector).scroll_into_view_if_needed()
    x, y = _point_on(page, selector)
    page.mouse.move(x, y)
    assert f"[{number}] Norwire → [{target}]" in page.locator(".graph-info").inner_text()
    page.mouse.click(x, y)
    page.wait_for_url("**/compare?**")
    assert page.locator(".diff-row").count() > 3
    page.go_back()
    page.locator("a.node-link", has_text="Norwire").first.locator("circle").click()
    page.wait_for_url("**/articles/tidewell-norwire")
    assert all(url.startswith(server) for url in page.requested), page.requested
    assert page.errors == []


def test_diff_view_marks_the_altered_figure_and_fits_360px(server, page, tmp_path):
    """Issue 20: from a dispute within one origin to the copy beside its original, at phone width."""
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(server + BRIDGE)
    assert _no_sideways_scroll(page), "the story page with its graph scrolls sideways"
    page.locator("li.dispute p.altered a.compare").first.click()
    page.wait_for_url("**/compare?**")
    assert page.locator("ins", has_text="15").count() == 1 and page.locator("del", has_text="14").count() == 1
    sides = page.locator(".diff-head .diff-cell").all_inner_texts()
    assert "Norwire" in sides[0] and "Daily Quay" in sides[1]
    kept = page.locator(".kept").inner_text()
    assert "of the copy's" in kept and "%" in kept
    assert _no_sideways_scroll(page), "the comparison scrolls sideways"
    _shot(page, tmp_path, "compare-narrow")
    page.set_viewport_size({"width": 1100, "height": 800})
    _shot(page, tmp_path, "compare")
    assert page.errors == []
