"""A fictional news site on 127.0.0.1 for the live-source tests: pages, a feed, sitemaps, robots.txt,
and endpoints that misbehave (slow, trickling, failing, redirecting, oversized).

Every article, outlet and place here is invented for these tests. The site logs each request
(arrival time, path, headers, status, whether a body was sent) so tests can count downloads.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUTLET = "The Lanternfield Courier"

# slug -> (title, date, paragraphs). Invented events in an invented county.
ARTICLES: dict[str, tuple[str, str, list[str]]] = {
    "footbridge": ("Merrow footbridge reopens after flood repairs", "2024-04-02", [
        ("The Merrow footbridge in Lanternfield reopened on Tuesday, eleven weeks after spring floods tore "
        "away two of its timber spans, the county roads office said."),
        ("Engineers replaced the spans with steel beams and raised the deck by forty centimetres. The work "
        "cost 1.2 million crowns, paid from the county's emergency fund."),
        ("\"We built it to stand the next flood, not the last one,\" said site engineer Odile Varnham. "
        "Cyclists had made a nine-kilometre detour through Hobb's Cross while the bridge was shut."),
        "The council will decide in May whether a second crossing downstream is needed.",
    ]),
    "orchard": ("Frost costs Quillby orchards half their blossom", "2024-04-05", [
        ("Two nights of hard frost killed about half the apple blossom in the Quillby valley, growers said "
        "on Friday, in the worst spring damage the valley has recorded in twenty years."),
        ("The Quillby Growers' Union estimated losses at 340 tonnes of fruit. Smudge pots and wind machines "
        "saved the lower orchards, where temperatures stayed near freezing."),
        ("\"The upper slopes got minus six, and nothing survives that,\" said union chair Benedikt Ashgrove. "
        "Insurers will send assessors to the valley next week."),
        "Growers expect cider makers in Lanternfield to pay more for apples this autumn.",
    ]),
    "library": ("Hobb's Cross library to open on Sundays", "2024-04-07", [
        ("The public library in Hobb's Cross will open on Sundays from June, the first library in the county "
        "to do so, after volunteers offered to staff the desk."),
        ("Forty-two residents signed up for shifts in a week, librarian Marguerite Fellowes said. The library "
        "will open from noon to five on Sundays through the summer."),
        ("The county pays for heating and cleaning; the volunteers run the loans desk and a reading hour for "
        "children. A review in October will decide whether the Sunday hours continue."),
        "Borrowing at Hobb's Cross rose by a fifth last year, the county's figures show.",
    ]),
    "ferry": ("Tollmere ferry fares rise by a tenth", "2024-04-09", [
        ("Fares on the Tollmere lake ferry will rise by ten percent from May, the ferry company announced "
        "on Thursday, citing the cost of fuel and a new engine for its older boat."),
        ("A single crossing will cost 4.40 crowns instead of 4.00. Season tickets for residents of the two "
        "lakeside villages stay at last year's price."),
        ("\"Nobody likes a fare rise, but the old engine was forty years old,\" said company manager "
        "Ingrid Sallowby. The new engine burns a third less fuel."),
        "About 900 people cross the lake on a working day, most of them to jobs in Tollmere town.",
    ]),
    "choir": ("Lanternfield choir wins regional contest", "2024-04-12", [
        ("The Lanternfield Community Choir won the regional choral contest in Ashby Vale on Saturday, "
        "beating eleven other choirs with a programme of folk songs from the county."),
        ("The fifty-voice choir, founded nine years ago in a church hall, had never placed above fourth. "
        "Conductor Tobias Wrenfield said the singers had rehearsed twice a week since January."),
        ("\"They sang like people who have known each other for years, because they have,\" said one of the "
        "three judges. The prize is 5,000 crowns and a place at the national contest in September."),
        "The choir will give a free concert in Lanternfield market hall next month.",
    ]),
    "secret": ("Staff rota for the Courier newsroom", "2024-04-13", [
        ("This page is for staff only and is listed in robots.txt so that crawlers stay away from it. "
        "It holds the newsroom rota for April, with names, shifts and telephone numbers."),
        "Any crawler that fetched it ignored the site's robots.txt rules entirely.",
    ]),
}
ETAG_SALT = "v1"
LAST_MODIFIED = "Wed, 09 Apr 2024 08:00:00 GMT"


def article_html(slug: str) -> str:
    """A complete HTML page for one fictional article."""
    title, date, paragraphs = ARTICLES[slug]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title} | {OUTLET}</title>"
            f"<meta property=\"og:site_name\" content=\"{OUTLET}\">"
            f"<meta property=\"article:published_time\" content=\"{date}T09:00:00Z\"></head>"
            f"<body><nav><a href=\"/\">Home</a> <a href=\"/news/\">News</a></nav>"
            f"<article><h1>{title}</h1><p class=\"byline\">By Courier staff</p>{body}</article>"
            f"<footer>Copyright 2024 {OUTLET}</footer></body></html>")


def ticker_html(slug: str, n: int) -> str:
    """An article page whose surroundings change on every request (an ad slot, a clock, a cache
    buster), as many news sites serve: its article is the same each time."""
    page = article_html(slug)
    extra = (f"<div class=\"ad\">Sponsored: offer number {n} for lakeside cabins, book now</div>"
             f"<p class=\"clock\">Page generated at 10:{n:02d}:00</p><script src=\"/app.js?v={n}\"></script>")
    return page.replace("<footer>", extra + "<footer>")


@dataclass
class Hit:
    """One request the site answered."""

    at: float  # time.monotonic() on arrival
    path: str
    headers: dict[str, str]
    status: int = 0
    body_bytes: int = 0


@dataclass
class Site:
    """The site's content (tests may change it between runs) and its request log."""

    base: str = ""
    feed_slugs: list[str] = field(default_factory=lambda: ["footbridge", "orchard"])
    sitemap_a: list[str] = field(default_factory=lambda: ["library", "ferry"])
    sitemap_b: list[str] = field(default_factory=lambda: ["choir"])
    robots: str = "User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap-index.xml\n"
    robots_status: int = 200
    lastmod: str = "2024-04-01"  # of every page in the sitemaps
    hits: list[Hit] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        """The absolute URL of a path on this site."""
        return self.base + path

    def requests_to(self, path: str) -> list[Hit]:
        """Every request for this exact path, in arrival order."""
        with self.lock:
            return [hit for hit in self.hits if hit.path == path]

    def bodies_sent(self, prefix: str = "/") -> int:
        """How many responses under ``prefix`` carried a body (200s; robots.txt left out)."""
        with self.lock:
            return sum(1 for hit in self.hits if hit.path.startswith(prefix) and hit.path != "/robots.txt"
                       and hit.status == 200 and hit.body_bytes)

    def bump(self, key: str) -> int:
        """Count one more call of ``key``; return the new count."""
        with self.lock:
            self.counters[key] = self.counters.get(key, 0) + 1
            return self.counters[key]

    def feed_xml(self) -> str:
        """An RSS 2.0 feed: one item per feed slug, and one item without a link."""
        items = "".join(
            f"<item><title>{ARTICLES[s][0] if s in ARTICLES else 'A story'}</title><link>{self.url(f'/news/{s}.html')}</link>"
            f"<pubDate>Wed, 0{n + 1} Apr 2024 09:00:00 GMT</pubDate><description>Short.</description></item>"
            for n, s in enumerate(self.feed_slugs))
        return (f"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{OUTLET}</title>"
                f"<link>{self.base}/</link><description>News</description>{items}"
                "<item><title>A note without a link</title><description>No page.</description></item>"
                "</channel></rss>")

    def urlset(self, slugs: list[str]) -> str:
        """A sitemap urlset of these article pages."""
        urls = "".join(f"<url><loc>{self.url(f'/news/{s}.html')}</loc><lastmod>{self.lastmod}</lastmod></url>"
                       for s in slugs)
        return f"<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>"

    def sitemap_index(self) -> str:
        """A sitemap index of the two urlsets."""
        maps = "".join(f"<sitemap><loc>{self.url(p)}</loc></sitemap>" for p in ("/sitemap-a.xml", "/sitemap-b.xml"))
        return (f"<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                f"{maps}</sitemapindex>")


class Handler(BaseHTTPRequestHandler):
    """Answers GET requests for the fictional site (see the module docstring)."""

    server: SiteServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read the site's own log."""

    def do_GET(self) -> None:
        site = self.server.site
        hit = Hit(time.monotonic(), self.path.split("?", 1)[0], {k.lower(): v for k, v in self.headers.items()})
        with site.lock:
            site.hits.append(hit)
        try:
            self.route(site, hit)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def route(self, site: Site, hit: Hit) -> None:
        """Dispatch on the path."""
        path = hit.path
        if path == "/robots.txt":
            self.send(hit, site.robots_status, "text/plain", site.robots.format(base=site.base))
        elif path.startswith("/news/") and path.endswith(".html") and path[6:-5] in ARTICLES:
            self.conditional(hit, "text/html; charset=utf-8", article_html(path[6:-5]))
        elif path == "/dated.html":  # validated by Last-Modified alone, as some servers do
            if hit.headers.get("if-modified-since") == LAST_MODIFIED:
                self.send(hit, 304, "text/html", "")
            else:
                self.send(hit, 200, "text/html", article_html("orchard"), {"Last-Modified": LAST_MODIFIED})
        elif path == "/live/ferry.html":  # the same article, its ad slot and clock new on every request
            self.send(hit, 200, "text/html; charset=utf-8", ticker_html("ferry", site.bump("ticker")))
        elif path == "/private/secret.html":
            self.send(hit, 200, "text/html", article_html("secret"))
        elif path == "/feed.rss":
            self.conditional(hit, "application/rss+xml", site.feed_xml())
        elif path == "/front.html":
            self.send(hit, 200, "text/html", "<html><head><title>Front</title><link rel=\"alternate\" "
                                             "type=\"application/rss+xml\" href=\"/feed.rss\"></head><body>Hi</body></html>")
        elif path == "/sitemap-index.xml":
            self.conditional(hit, "application/xml", site.sitemap_index())
        elif path in ("/sitemap-a.xml", "/sitemap-b.xml"):
            self.conditional(hit, "application/xml", site.urlset(site.sitemap_a if path.endswith("a.xml") else site.sitemap_b))
        else:
            self.misbehave(site, hit)

    def misbehave(self, site: Site, hit: Hit) -> None:
        """The endpoints that test failure handling."""
        path = hit.path
        if path in ("/slow", "/news/slow.html"):
            time.sleep(2.0)
            self.send(hit, 200, "text/html", article_html("choir"))
        elif path == "/trickle":
            self.trickle(hit)
        elif path == "/flaky":
            if site.bump("flaky") == 1:
                self.send(hit, 500, "text/plain", "try again")
            else:
                self.send(hit, 200, "text/html; charset=utf-8", article_html("ferry"))
        elif path == "/always-500":
            self.send(hit, 500, "text/plain", "broken")
        elif path == "/busy":
            if site.bump("busy") == 1:
                self.send(hit, 429, "text/plain", "slow down", {"Retry-After": "1"})
            else:
                self.send(hit, 200, "text/html; charset=utf-8", article_html("choir"))
        elif path.startswith("/redirect/"):
            step = int(path.rsplit("/", 1)[1])
            self.redirect(hit, 302 if step % 2 else 301, f"/redirect/{step + 1}" if step < 3 else "/news/library.html")
        elif path == "/loop":
            self.redirect(hit, 302, "/loop")
        elif path == "/to-private":
            self.redirect(hit, 302, "/private/secret.html")
        elif path in ("/huge", "/huge-chunked"):
            self.huge(hit, declared=path == "/huge")
        elif path == "/logo.png":
            self.send(hit, 200, "image/png", "\x89PNG fake image bytes")
        elif path.startswith("/hold/"):
            self.hold(site, hit)
        else:
            self.send(hit, 404, "text/plain", "not here")

    def send(self, hit: Hit, status: int, kind: str, text: str, headers: dict[str, str] | None = None) -> None:
        """A whole response with Content-Length."""
        body = text.encode("utf-8")
        hit.status, hit.body_bytes = status, len(body)  # logged before the client can read the answer
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def conditional(self, hit: Hit, kind: str, text: str) -> None:
        """200 with ETag and Last-Modified, or 304 when the client's If-None-Match matches."""
        etag = '"' + hashlib.sha256((ETAG_SALT + text).encode()).hexdigest()[:16] + '"'
        if hit.headers.get("if-none-match") == etag:
            hit.status = 304
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send(hit, 200, kind, text, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def redirect(self, hit: Hit, status: int, location: str) -> None:
        """A redirect with an empty body."""
        self.send(hit, status, "text/plain", "", {"Location": location})

    def trickle(self, hit: Hit) -> None:
        """Headers at once, then one byte every 0.1 s for 5 s: never idle long enough for a read timeout."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        hit.status = 200
        for _ in range(50):
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.1)

    def huge(self, hit: Hit, declared: bool) -> None:
        """3 MB of HTML, with its Content-Length or (``declared`` False) without, ended by closing."""
        block = b"<p>" + b"word " * 200 + b"</p>\n"
        count = 3 * 2**20 // len(block) + 1
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declared:
            self.send_header("Content-Length", str(len(block) * count))
        self.end_headers()
        hit.status = 200
        for _ in range(count):
            self.wfile.write(block)
            hit.body_bytes += len(block)

    def hold(self, site: Site, hit: Hit) -> None:
        """An article page answered after 0.3 s, counting how many such requests are in flight at once."""
        with site.lock:
            site.active += 1
            site.max_active = max(site.max_active, site.active)
        time.sleep(0.3)
        with site.lock:
            site.active -= 1
        self.send(hit, 200, "text/html; charset=utf-8", article_html("library"))


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server that serves one Site and keeps client disconnects quiet."""

    daemon_threads = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.site = site
        site.base = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (timeout tests) is expected; nothing to print."""


def serve() -> tuple[Site, SiteServer]:
    """Start a fresh site on a random port in a background thread."""
    site = Site()
    server = SiteServer(site)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return site, server
