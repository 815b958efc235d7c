"""Live sources (pages, feeds, sitemaps by URL) fetched into the database or a folder, only what is new.

A run lists the pages to fetch: the URLs given, the entry links of each feed and the pages of
each sitemap (an index's sitemaps followed), at most ``max_urls`` new pages a run from feeds and
sitemaps together (a listing cut short is read again next run, which goes on with the rest). A
page given instead of a feed is searched for the feed it names (``<link rel="alternate">``);
that page is downloaded every run, so give the feed's own URL where you know it. Pages given by
URL are asked for again each run, conditionally (ETag / Last-Modified); pages found through a
feed or sitemap are fetched once, and again only when their source says they changed since
(``lastmod``, an entry's update time). Feeds and sitemaps are fetched conditionally too, so a
re-poll of an unchanged feed costs one 304. A fetched HTML page becomes the ``text/html``
RawDocument that the WARC reader makes of the same page saved to a folder, with the final URL and
the fetch time as hints, and goes through the same extraction and ingest as files.

The fetch state (validators, fetch time, body digest per URL) lives in the database's
``fetch_state`` table, or in ``.crosswire-fetch.json`` inside the folder. It is saved only after
the pages are stored, so a run killed in between fetches them again and ingest finds them stored
(same content hash). A feed's or sitemap's own state is saved only when every page it listed was
fetched, or failed for good (404, refused by robots.txt, not HTML): otherwise the next run would
get a 304 and never retry the pages that failed for a while (timeouts, 5xx). A page that failed for
good is asked for again only when its feed or sitemap changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from feedparser import FeedParserDict
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..errors import InputError
from ..ingest import discover, feeds
from ..ingest.decoding import decode
from ..ingest.fetch import Fetched, Fetcher, FetchError, FetchSettings, Validators, origin
from ..ingest.sources import looks_like_html
from ..ingest.warc import HTML_TYPES, _charset
from ..records import DocumentHints, Problem, RawDocument
from ..settings import Settings
from ..store.db import FetchRecord, IngestResult, open_store
from .incremental import ingest_documents

# The folder's fetch state, hidden so that ingesting the folder does not read it as an article.
STATE_FILE = ".crosswire-fetch.json"
# Characters of an id's readable part (host and path); 8 hex digits of the URL's hash follow.
MAX_SLUG = 60
_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")
# A page address's file suffix, left out of its id ("/news/flood.html" -> "news-flood").
_PAGE_SUFFIX = re.compile(r"\.(s?html?|php|aspx?|jsp)$", re.IGNORECASE)

# progress(stage, done, total), as store.ProgressFn.
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class LiveSources:
    """What to fetch: pages by URL, feeds whose entries link pages, sitemaps that list pages."""

    pages: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.pages or self.feeds or self.sitemaps)


@dataclass(slots=True)
class Harvest:
    """One pass over live sources: the new pages and what became of every URL."""

    pages: list[tuple[Fetched, RawDocument]] = field(default_factory=list)  # downloaded, new or changed
    unchanged: list[str] = field(default_factory=list)  # answered 304, or the same body as stored
    known: int = 0  # feed and sitemap links skipped: fetched before and not changed since
    answered: int = 0  # URLs that answered 200 or 304 (feeds and sitemaps included)
    problems: list[Problem] = field(default_factory=list)  # one per URL that failed
    records: list[FetchRecord] = field(default_factory=list)  # state to save once the pages are kept

    @property
    def documents(self) -> list[RawDocument]:
        """The new pages as documents for ingest."""
        return [document for _, document in self.pages]


@dataclass(slots=True)
class FetchResult:
    """What one fetch run did: the harvest, and the ingest (into a database) or the files saved (a folder)."""

    harvest: Harvest
    ingest: IngestResult | None = None
    saved: list[Path] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every unusable URL or page, once: fetch failures, and (into a database) pages that are no article."""
        return self.ingest.problems if self.ingest is not None else self.harvest.problems


# ---------------------------------------------------------------------------------------------
# Runs


def fetch_into_db(db: str | Path, sources: LiveSources, fetch_settings: FetchSettings | None = None,
                  settings: Settings | None = None, progress: Progress | None = None) -> FetchResult:
    """Fetch what is new of ``sources`` and ingest it into the database ``db`` (created when absent)."""
    with open_store(db) as store:  # first, so that a locked or foreign file fails before any download
        known = store.fetch_records()
    with Fetcher(fetch_settings) as fetcher:
        harvest = harvest_sources(fetcher, sources, known, progress)
    if harvest.documents:
        ingested = ingest_documents(db, harvest.documents, harvest.problems, settings, progress)
    else:  # nothing new: the stored collection is not loaded at all
        ingested = IngestResult(problems=list(harvest.problems))
    save_db_state(db, harvest)
    return FetchResult(harvest, ingested)


def fetch_into_folder(folder: str | Path, sources: LiveSources, fetch_settings: FetchSettings | None = None,
                      progress: Progress | None = None) -> FetchResult:
    """Fetch what is new of ``sources`` into ``folder``: one ``<id>.warc.gz`` per page (``crosswire ingest`` reads them)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(str(folder), f"cannot create folder ({error.strerror or error})") from None
    known = load_folder_state(folder)
    with Fetcher(fetch_settings) as fetcher:
        harvest = harvest_sources(fetcher, sources, known, progress)
    saved = [save_page(folder, fetched) for fetched, _ in harvest.pages]
    known.update((record.url, record) for record in harvest.records)
    save_folder_state(folder, known)
    return FetchResult(harvest, saved=saved)


def save_db_state(db: str | Path, harvest: Harvest) -> None:
    """Save the harvest's fetch state in the database (call after its pages are ingested)."""
    if harvest.records:
        with open_store(db) as store:
            store.save_fetch_records(harvest.records)


# ---------------------------------------------------------------------------------------------
# One harvest


def harvest_sources(fetcher: Fetcher, sources: LiveSources, known: dict[str, FetchRecord],
                    progress: Progress | None = None) -> Harvest:
    """Fetch the feeds and sitemaps, then every page that is new or may have changed; nothing is stored."""
    result = Harvest()
    wanted: dict[str, Validators | None] = {url: _validators(known.get(url)) for url in sources.pages}
    listings = (_feed_listings(fetcher, sources.feeds, known, result)
                + _sitemap_listings(fetcher, sources.sitemaps, known, result))
    budget = fetcher.settings.max_urls
    complete: list[_Listing] = []  # listings whose new pages were all taken
    for listing in listings:
        taken, left = _want(listing.links, known, wanted, result, budget)
        budget -= len(taken)
        if left:
            result.problems.append(Problem(listing.url, f"{left} more new pages listed; left for the next run "
                                                        f"(at most {fetcher.settings.max_urls} a run: --max-urls)"))
        else:
            complete.append(listing)
    failed = _fetch_pages(fetcher, wanted, known, result, progress)
    for listing in complete:
        if not failed.intersection(link.url for link in listing.links):
            result.records += listing.records
    return result


def _want(links: list[discover.Link], known: dict[str, FetchRecord], wanted: dict[str, Validators | None],
          result: Harvest, budget: int) -> tuple[list[str], int]:
    """Add up to ``budget`` links not fetched before, or changed since, to ``wanted``.

    Returns the URLs added and how many more new ones the budget left out.
    """
    new: dict[str, None] = {}  # ordered set
    for link in links:
        record = known.get(link.url)
        if link.url in wanted or link.url in new:
            continue
        if record is None or _newer(link.lastmod, record.fetched):
            new[link.url] = None
        else:
            result.known += 1
    taken = list(new)[:max(0, budget)]
    for url in taken:
        wanted[url] = _validators(known.get(url))
    return taken, len(new) - len(taken)


def _fetch_pages(fetcher: Fetcher, wanted: dict[str, Validators | None], known: dict[str, FetchRecord],
                 result: Harvest, progress: Progress | None) -> set[str]:
    """Fetch the wanted pages (many at once) into ``result``; return the URLs that failed for a while."""
    failed: set[str] = set()
    if progress:
        progress("fetch", 0, len(wanted))
    for done, (url, outcome) in enumerate(fetcher.fetch_all(wanted.items()), start=1):
        if not _take_page(url, outcome, known.get(url), result):
            failed.add(url)
        if progress:
            progress("fetch", done, len(wanted))
    return failed


def _take_page(url: str, outcome: Fetched | FetchError, record: FetchRecord | None, result: Harvest) -> bool:
    """Record one page's outcome in ``result``; False when it failed in a way that may pass (worth a retry)."""
    if isinstance(outcome, FetchError):
        result.problems.append(Problem(url, outcome.problem))
        return not outcome.transient
    result.answered += 1
    if outcome.not_modified:
        result.unchanged.append(url)
        return True
    digest = hashlib.sha256(outcome.body).hexdigest()
    try:
        document = page_document(outcome)
    except InputError as error:  # not HTML, or not text: fetching it again will not help
        result.problems.append(Problem(url, error.problem))
        return True
    result.records.append(_record(outcome, digest))
    if record is not None and record.digest == digest:
        result.unchanged.append(url)
    else:
        result.pages.append((outcome, document))
    return True


# ---------------------------------------------------------------------------------------------
# Feeds and sitemaps


@dataclass(slots=True)
class _Listing:
    """A changed feed or sitemap (an index with its sitemaps): the pages it lists and the state to
    save once they are all fetched (an index whose sitemap failed is left out, to be read again)."""

    url: str
    records: list[FetchRecord]
    links: list[discover.Link]


def _feed_listings(fetcher: Fetcher, urls: list[str], known: dict[str, FetchRecord],
                   result: Harvest) -> list[_Listing]:
    """Each changed feed's state and entry links (a page naming its feed is followed to it, once)."""
    listings = []
    for url, answer in _fetch_listing(fetcher, urls, known, result)[0]:
        feed: Fetched | None = answer
        parsed = feeds.parse_feed(answer.body)
        if parsed is None:
            feed, parsed = _discovered_feed(fetcher, url, answer, known, result)
        if feed is None or parsed is None:
            continue
        links, problems = discover.feed_links(feed.url, parsed, feed.final_url)
        result.problems += problems
        listings.append(_Listing(url, [_record(feed)], links))
    return listings


def _discovered_feed(fetcher: Fetcher, url: str, page: Fetched, known: dict[str, FetchRecord],
                     result: Harvest) -> tuple[Fetched | None, FeedParserDict | None]:
    """The feed a page names (fetched conditionally), or (None, None) with a Problem or a 304 noted."""
    text = page.body.decode("utf-8", errors="replace")
    alternates = discover.feed_alternates(page.final_url, text) if looks_like_html(text) else []
    if not alternates:
        result.problems.append(Problem(url, "not an RSS or Atom feed, and names no feed"))
        return None, None
    for found, outcome in _fetch_listing(fetcher, alternates[:1], known, result)[0]:
        parsed = feeds.parse_feed(outcome.body)
        if parsed is None:
            result.problems.append(Problem(url, f"the feed it names, {found}, is not an RSS or Atom feed"))
            return None, None
        return outcome, parsed
    return None, None


def _sitemap_listings(fetcher: Fetcher, urls: list[str], known: dict[str, FetchRecord],
                      result: Harvest) -> list[_Listing]:
    """Each changed sitemap's state and pages; an index's changed sitemaps are fetched and listed with it."""
    listings = []
    found = [u for site in urls for u in _sitemap_urls(fetcher, site)]
    for url, outcome in _fetch_listing(fetcher, found, known, result)[0]:
        sitemap = _parse_sitemap(url, outcome, fetcher.settings.max_bytes, result)
        if sitemap is not None:
            listings.append(_index_listing(fetcher, url, outcome, sitemap, known, result))
    return listings


def _index_listing(fetcher: Fetcher, url: str, outcome: Fetched, sitemap: discover.Sitemap,
                   known: dict[str, FetchRecord], result: Harvest) -> _Listing:
    """A sitemap's listing; for an index, its changed sitemaps' pages and states are added to it."""
    listing = _Listing(url, [_record(outcome)], list(sitemap.pages))
    changed, failures = _fetch_listing(fetcher, sitemap.sitemaps, known, result)
    for child, child_outcome in changed:
        inner = _parse_sitemap(child, child_outcome, fetcher.settings.max_bytes, result)
        if inner is not None and inner.sitemaps:
            result.problems.append(Problem(child, "a sitemap index inside a sitemap index is not followed"))
        if inner is None or inner.sitemaps:
            failures += 1
            continue
        listing.records.append(_record(child_outcome))
        listing.links += inner.pages
    if failures:  # read the index again next run, so that the sitemaps that failed are retried
        listing.records.pop(0)
    return listing


def _sitemap_urls(fetcher: Fetcher, url: str) -> list[str]:
    """The sitemap itself, or for a site's root (``https://host/``) those its robots.txt lists, else /sitemap.xml."""
    if not discover.is_http(url) or urlsplit(url).path not in ("", "/"):
        return [url]
    return fetcher.site_maps(url) or [f"{origin(url)}/sitemap.xml"]


def _parse_sitemap(url: str, outcome: Fetched, max_bytes: int, result: Harvest) -> discover.Sitemap | None:
    """The sitemap in a response, or None with its Problem recorded."""
    try:
        return discover.parse_sitemap(url, outcome.body, max_bytes)
    except InputError as error:
        result.problems.append(Problem(url, error.problem))
        return None


def _fetch_listing(fetcher: Fetcher, urls: Iterable[str], known: dict[str, FetchRecord],
                   result: Harvest) -> tuple[list[tuple[str, Fetched]], int]:
    """Fetch feeds or sitemaps conditionally; return those that changed (200) and how many failed.

    304s are noted in ``result.unchanged`` and failures in ``result.problems``.
    """
    changed, failures = [], 0
    for url, outcome in fetcher.fetch_all((u, _validators(known.get(u))) for u in dict.fromkeys(urls)):
        if isinstance(outcome, FetchError):
            result.problems.append(Problem(url, outcome.problem))
            failures += 1
            continue
        result.answered += 1
        if outcome.not_modified:
            result.unchanged.append(url)
        else:
            changed.append((url, outcome))
    return changed, failures


# ---------------------------------------------------------------------------------------------
# Pages


def page_document(fetched: Fetched) -> RawDocument:
    """A fetched HTML page as a ``text/html`` document carrying its final URL and fetch time.

    Decoded as the WARC reader decodes the same page saved by ``save_page`` (the Content-Type's
    charset first), so both ways store the same content. Anything but an HTML page is an InputError.
    """
    kind = (fetched.content_type or "").split(";", 1)[0].strip().lower()
    if kind and kind not in HTML_TYPES:
        raise InputError(fetched.url, f"not an HTML page (Content-Type {kind})")
    text = decode(fetched.url, fetched.body, _charset(fetched.content_type))
    if not kind and not looks_like_html(text):
        raise InputError(fetched.url, "not an HTML page (no Content-Type, and the body is no HTML)")
    hints = DocumentHints(url=fetched.final_url, fetched=fetched.fetched)
    return RawDocument(page_id(fetched.url), fetched.url, "text/html", text, hints)


def page_id(url: str) -> str:
    """A readable, file-name-safe id: the URL's host and path as words, then 8 hex digits of its SHA-256."""
    parts = urlsplit(url)
    path = _PAGE_SUFFIX.sub("", parts.path)
    words = _NOT_WORD.sub("-", f"{parts.hostname or ''}{path}{parts.query}").strip("-")
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{words[:MAX_SLUG].rstrip('-') or 'page'}-{digest}"


def save_page(folder: Path, fetched: Fetched) -> Path:
    """Write one page as ``<folder>/<id>.warc.gz`` (a WARC response record: final URL, fetch time, HTTP headers).

    Written under a hidden name and renamed, so that a folder being watched never shows half a file.
    """
    path = folder / f"{page_id(fetched.url)}.warc.gz"
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = [("Content-Type", fetched.content_type)] if fetched.content_type else []
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(fetched.final_url, "response", payload=io.BytesIO(fetched.body),
                                       http_headers=http, warc_headers_dict={"WARC-Date": fetched.fetched})
    writer.write_record(record)
    _write_atomic(path, buffer.getvalue())
    return path


# ---------------------------------------------------------------------------------------------
# Fetch state


def _record(fetched: Fetched, digest: str | None = None) -> FetchRecord:
    """The state to keep after a 200: validators, fetch time and the body's digest."""
    digest = digest or hashlib.sha256(fetched.body).hexdigest()
    return FetchRecord(fetched.url, fetched.validators.etag, fetched.validators.last_modified, fetched.fetched, digest)


def _validators(record: FetchRecord | None) -> Validators | None:
    """The validators to send back for a URL fetched before (None for a new one)."""
    return Validators(record.etag, record.last_modified) if record else None


def _newer(lastmod: str | None, fetched: str) -> bool:
    """True when a listing's ``lastmod`` is later than our last fetch (unreadable times count as not newer)."""
    changed, last = _utc(lastmod), _utc(fetched)
    return changed is not None and last is not None and changed > last


def _utc(value: str | None) -> datetime | None:
    """An ISO-8601 date or time as an aware UTC datetime (a bare date is its midnight UTC); None if unreadable."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def load_folder_state(folder: Path) -> dict[str, FetchRecord]:
    """The folder's fetch state (empty when there is none yet); a damaged file is an InputError."""
    path = folder / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {url: FetchRecord(url=url, **fields) for url, fields in data["urls"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(str(path), f"unreadable fetch state ({type(error).__name__}); "
                                    "delete it to fetch everything afresh") from None


def save_folder_state(folder: Path, known: dict[str, FetchRecord]) -> None:
    """Write the folder's fetch state (atomically: a crash leaves the old file whole)."""
    urls = {url: {k: v for k, v in asdict(record).items() if k != "url"} for url, record in sorted(known.items())}
    _write_atomic(folder / STATE_FILE, json.dumps({"urls": urls}, indent=1, ensure_ascii=False).encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a hidden file beside ``path`` and rename it into place; failures are InputErrors."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        raise InputError(str(path), f"cannot write ({error.strerror or error})") from None


__all__ = [
    "STATE_FILE",
    "FetchResult",
    "Harvest",
    "LiveSources",
    "fetch_into_db",
    "fetch_into_folder",
    "harvest_sources",
    "page_document",
    "page_id",
    "save_page",
]
