"""Polite HTTP fetching (httpx): robots.txt, per-host pacing and concurrency, retries, size cap, conditional GET.

A ``Fetcher`` downloads one URL at a time per call, or many at once (``fetch_all``), and keeps
the rules a crawler owes the sites it reads:

- robots.txt is read once per host and obeyed (RFC 9309: a missing one, any 4xx, allows all; a
  5xx or an unreachable one forbids the host for this run); its ``Crawl-delay`` slows the host;
- requests to one host start at least ``interval`` seconds apart (a token bucket of one token)
  and at most ``per_host`` are in flight at once;
- connection and read timeouts, and a deadline for the whole response (a server trickling bytes
  cannot hold a worker forever);
- retries with exponential backoff on connection errors, timeouts, 429 and 5xx (a server's
  ``Retry-After`` is honoured up to ``MAX_WAIT_S``);
- responses over ``max_bytes`` are refused (by their Content-Length, else while reading);
- redirects are followed one hop at a time, each hop checked against its host's robots.txt and
  paced like any request, at most ``max_redirects``;
- conditional GET: the ETag / Last-Modified of an earlier fetch are sent back, and a 304 costs
  no body;
- the user agent names crosswire (``crosswire/<version>``), with the operator's contact if given.

trafilatura's own fetching (urllib3) is not used because it keeps none of these rules per host.
Every failure is a ``FetchError`` naming the URL and the reason in one line.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from ..errors import ConfigError, InputError

# Statuses answered by following the Location header.
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Statuses worth another try: rate limited, or a server error that may pass.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Longest wait before a retry, whatever a Retry-After header asks (a server asking for an hour
# is better reported now than waited for).
MAX_WAIT_S = 60.0
# Longest Crawl-delay of a robots.txt that is honoured; a longer one is taken as this.
MAX_CRAWL_DELAY_S = 60.0
# robots.txt is read up to this size and the rest ignored (RFC 9309 asks for at least 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024


class FetchError(InputError):
    """A URL could not be fetched; ``status`` is the HTTP status when there was one.

    ``transient`` failures (timeouts, broken connections, 429 and 5xx after every retry, a host
    whose robots.txt could not be read) may pass; the others (404, refused by robots.txt, too
    large) will not, so a poll need not ask again until the page's listing changes.
    """

    def __init__(self, url: str, problem: str, status: int | None = None, transient: bool = False) -> None:
        super().__init__(url, problem)
        self.status = status
        self.transient = transient


@dataclass(slots=True)
class FetchSettings:
    """How politely and patiently URLs are fetched. Each field's docstring is its help text."""

    interval: float = 1.0
    """Seconds between the starts of two requests to the same host."""
    per_host: int = 2
    """Requests in flight to one host at once."""
    workers: int = 8
    """Requests in flight in all."""
    timeout: float = 15.0
    """Seconds to wait for a connection, or for the next bytes of a response."""
    total_timeout: float = 60.0
    """Seconds one response may take from request to last byte."""
    retries: int = 2
    """Further tries after a connection error, timeout, 429 or 5xx."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled for each further one."""
    max_bytes: int = 10 * 2**20
    """Responses larger than this are refused."""
    max_redirects: int = 5
    """Redirects followed from one URL."""
    max_urls: int = 1000
    """New pages taken from feeds and sitemaps in one run (the rest wait for the next run)."""
    contact: str | None = None
    """A URL or e-mail address for site owners, added to the user agent."""

    def user_agent(self) -> str:
        """The User-Agent header: ``crosswire/<version>``, and ``(+contact)`` when one is set."""
        name = f"crosswire/{__version__}"
        return f"{name} (+{self.contact})" if self.contact else name

    def validate(self) -> Self:
        """Raise ConfigError for values that cannot work; return self for chaining."""
        checks = [("interval", self.interval >= 0), ("per_host", self.per_host >= 1), ("workers", self.workers >= 1),
                  ("timeout", self.timeout > 0), ("total_timeout", self.total_timeout > 0),
                  ("retries", self.retries >= 0), ("backoff", self.backoff >= 0), ("max_bytes", self.max_bytes > 0),
                  ("max_redirects", self.max_redirects >= 0), ("max_urls", self.max_urls >= 1)]
        for name, ok in checks:
            if not ok:
                raise ConfigError(f"fetch setting {name} cannot be {getattr(self, name)!r}")
        if self.contact and any(c in self.contact for c in "\r\n()"):
            raise ConfigError("--contact must be one line without parentheses")
        return self


@dataclass(slots=True)
class Validators:
    """What an earlier response said about its version: sent back to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The conditional request headers (If-None-Match, If-Modified-Since) for these validators."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(slots=True)
class Fetched:
    """One answered URL: 200 with its body, or 304 (not modified) without one."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    body: bytes
    content_type: str | None
    validators: Validators
    fetched: str  # UTC time of the answer, as a WARC-Date: 2026-01-02T03:04:05Z

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304: the copy fetched before is current."""
        return self.status == 304


@dataclass(slots=True)
class _Reply:
    """One HTTP exchange: status, the headers that matter and the body (read only for 200)."""

    status: int
    headers: httpx.Headers
    body: bytes


class _Host:
    """Per-host rules: pacing, in-flight cap and the host's robots.txt (read once)."""

    def __init__(self, interval: float, per_host: int) -> None:
        self.interval = interval
        self.slots = threading.BoundedSemaphore(per_host)
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.robots_lock = threading.Lock()
        self.robots: RobotFileParser | None = None
        self.robots_problem: str | None = None  # why the whole host is off limits, when it is

    def wait_turn(self) -> None:
        """Sleep until this host's next request may start, and book the slot after it."""
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.interval
        if start > now:
            time.sleep(start - now)


class Fetcher:
    """An HTTP client that keeps the rules of the module docstring. Use as a context manager."""

    def __init__(self, settings: FetchSettings | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = (settings or FetchSettings()).validate()
        self._client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent()}, follow_redirects=False, transport=transport,
            timeout=httpx.Timeout(self.settings.timeout),
            limits=httpx.Limits(max_connections=self.settings.workers, max_keepalive_connections=self.settings.workers))
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public ------------------------------------------------------------------------------

    def get(self, url: str, validators: Validators | None = None) -> Fetched:
        """Fetch one URL (conditionally when ``validators`` are given); raise FetchError on failure."""
        check_url(url)
        headers = validators.headers() if validators else {}
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            self._check_robots(url, current)
            reply = self._request(url, current, headers, self.settings.max_bytes)
            if reply.status in REDIRECTS:
                current = _redirect_target(url, current, reply)
                continue
            return _answer(url, current, reply)
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def fetch_all(self, jobs: Iterable[tuple[str, Validators | None]]) -> Iterator[tuple[str, Fetched | FetchError]]:
        """Fetch many URLs at once (``workers`` in flight, each host paced); yield (url, result) in the order given."""
        jobs = list(jobs)
        if not jobs:
            return
        pool = ThreadPoolExecutor(max_workers=min(self.settings.workers, len(jobs)))
        try:
            futures = {n: pool.submit(self._get_or_error, *jobs[n]) for n in _by_turns(jobs)}
            for n, (url, _) in enumerate(jobs):
                yield url, futures[n].result()
        finally:  # on Ctrl+C, the URLs not started are dropped instead of fetched before the run can end
            pool.shutdown(wait=False, cancel_futures=True)

    def site_maps(self, url: str) -> list[str]:
        """The sitemaps that the robots.txt of ``url``'s host lists (``Sitemap:`` lines)."""
        robots = self._robots(url)
        return list(robots.site_maps() or []) if robots else []

    # -- robots.txt --------------------------------------------------------------------------

    def _check_robots(self, url: str, current: str) -> None:
        """Raise FetchError (naming ``url``, the URL asked) when robots.txt forbids ``current``."""
        host = self._host(current)
        robots = self._robots(current)
        if host.robots_problem:
            raise FetchError(url, host.robots_problem, transient=True)
        if robots is not None and not robots.can_fetch(self.settings.user_agent(), current):
            where = f" (redirected to {current})" if current != url else ""
            raise FetchError(url, f"disallowed by {origin(current)}/robots.txt{where}")

    def _robots(self, url: str) -> RobotFileParser | None:
        """The parsed robots.txt of ``url``'s host, fetched once (None when the host is off limits)."""
        host = self._host(url)
        with host.robots_lock:
            if host.robots is None and host.robots_problem is None:
                self._load_robots(origin(url), host)
        return host.robots

    def _load_robots(self, site: str, host: _Host) -> None:
        """Fetch and parse ``site``'s robots.txt into ``host`` (RFC 9309 rules for failures)."""
        robots_url = f"{site}/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            reply = self._robots_reply(robots_url)
        except FetchError as error:
            host.robots_problem = f"{robots_url} could not be read ({error.problem}); nothing on its host is fetched"
            return
        if reply.status == 200:
            parser.parse(reply.body.decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(self.settings.user_agent())
            if delay:
                host.interval = max(host.interval, min(float(delay), MAX_CRAWL_DELAY_S))
        elif 400 <= reply.status < 500:
            parser.parse([])  # no rules: everything allowed
        else:
            host.robots_problem = f"{robots_url} answered HTTP {reply.status}; nothing on its host is fetched"
            return
        host.robots = parser

    def _robots_reply(self, robots_url: str) -> _Reply:
        """The final answer for a robots.txt, redirects followed (5 at most, as RFC 9309 asks)."""
        current = robots_url
        for _hop in range(6):
            try:
                reply = self._request(robots_url, current, {}, ROBOTS_MAX_BYTES, truncate=True)
            except FetchError as error:
                if error.status is not None and 400 <= error.status < 500:
                    return _Reply(error.status, httpx.Headers(), b"")
                raise
            if reply.status not in REDIRECTS:
                return reply
            current = _redirect_target(robots_url, current, reply)
        raise FetchError(robots_url, "more than 5 redirects")

    # -- requests ----------------------------------------------------------------------------

    def _get_or_error(self, url: str, validators: Validators | None) -> Fetched | FetchError:
        """``get``, with its FetchError returned instead of raised (for fetch_all)."""
        try:
            return self.get(url, validators)
        except FetchError as error:
            return error

    def _host(self, url: str) -> _Host:
        """The rules of ``url``'s host (scheme, name and port), created on first use."""
        key = origin(url)
        with self._hosts_lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(self.settings.interval, self.settings.per_host)
            return self._hosts[key]

    def _request(self, url: str, current: str, headers: dict[str, str], max_bytes: int,
                 truncate: bool = False) -> _Reply:
        """One request with retries: a reply that is 200, 304 or a redirect, else FetchError naming ``url``."""
        settings = self.settings
        for attempt in range(settings.retries + 1):
            wait = settings.backoff * 2**attempt
            try:
                reply = self._attempt(url, current, headers, max_bytes, truncate)
            except _Transient as error:
                problem, status = error.problem, None
            else:
                if reply.status not in RETRY_STATUSES:
                    return _final(url, reply)
                problem, status = f"HTTP {reply.status}", reply.status
                wait = max(wait, _retry_after(reply.headers))
            if attempt < settings.retries:
                time.sleep(min(wait, MAX_WAIT_S))
        tries = settings.retries + 1
        raise FetchError(url, f"{problem} ({tries} attempt{'s' if tries > 1 else ''})", status, transient=True)

    def _attempt(self, url: str, current: str, headers: dict[str, str], max_bytes: int, truncate: bool) -> _Reply:
        """One paced HTTP exchange within the host's in-flight cap; transient failures raise _Transient."""
        host = self._host(current)
        with host.slots:
            host.wait_turn()
            deadline = time.monotonic() + self.settings.total_timeout
            try:
                with self._client.stream("GET", current, headers=headers) as response:
                    body = b""
                    if response.status_code == 200:
                        body = _read_body(url, response, max_bytes, deadline, truncate)
                    return _Reply(response.status_code, response.headers, body)
            except httpx.TimeoutException:
                raise _Transient(f"timed out (no answer within {self.settings.timeout:g} s)") from None
            except httpx.TransportError as error:
                raise _Transient(f"connection failed ({_reason(error)})") from None
            except httpx.HTTPError as error:
                raise FetchError(url, f"HTTP error ({_reason(error)})") from None


def _by_turns(jobs: list[tuple[str, Validators | None]]) -> list[int]:
    """Job numbers taking the hosts in turn (a, b, c, a, b, c...), so that workers waiting for one
    slow or paced host do not hold back the other hosts' pages queued behind it."""
    queues: dict[str, list[int]] = {}
    for n, (url, _) in enumerate(jobs):
        queues.setdefault(_origin_or_url(url), []).append(n)
    order: list[int] = []
    for turn in range(max(len(q) for q in queues.values())):
        order += [q[turn] for q in queues.values() if turn < len(q)]
    return order


def _origin_or_url(url: str) -> str:
    """The URL's origin, or the URL itself when it has none that parses (its fetch reports why)."""
    try:
        return origin(url)
    except ValueError:
        return url


class _Transient(Exception):
    """A failure that another try may not meet: a timeout or a broken connection."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _read_body(url: str, response: httpx.Response, max_bytes: int, deadline: float, truncate: bool) -> bytes:
    """The (decompressed) body, refused over ``max_bytes`` or past the deadline (cut there with ``truncate``)."""
    declared = response.headers.get("Content-Length", "")
    if not truncate and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"response is {_size(int(declared))}, over the {_size(max_bytes)} limit")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            if truncate:
                return b"".join(chunks)[:max_bytes]
            raise FetchError(url, f"response is over the {_size(max_bytes)} limit")
        if time.monotonic() > deadline:
            raise _Transient("response too slow (not complete within the total timeout)")
    return b"".join(chunks)


def _final(url: str, reply: _Reply) -> _Reply:
    """The reply when it is an answer to use (200, 304, a redirect); any other status is a FetchError."""
    if reply.status in (200, 304) or reply.status in REDIRECTS:
        return reply
    phrase = httpx.codes.get_reason_phrase(reply.status)
    raise FetchError(url, f"HTTP {reply.status}{' ' + phrase if phrase else ''}", reply.status)


def _answer(url: str, current: str, reply: _Reply) -> Fetched:
    """A Fetched record from the last reply of a redirect chain."""
    headers = reply.headers
    validators = Validators(headers.get("ETag"), headers.get("Last-Modified"))
    return Fetched(url, current, reply.status, reply.body, headers.get("Content-Type"), validators, now_stamp())


def _redirect_target(url: str, current: str, reply: _Reply) -> str:
    """The absolute URL a redirect points to; a missing or non-HTTP Location is a FetchError."""
    location = reply.headers.get("Location")
    if not location:
        raise FetchError(url, f"HTTP {reply.status} redirect without a Location")
    target = urljoin(current, location.strip())
    try:
        check_url(target)
    except FetchError:
        raise FetchError(url, f"redirected to {target!r}, which is not an http(s) URL") from None
    return target


def _retry_after(headers: httpx.Headers) -> float:
    """Seconds a Retry-After header asks to wait (seconds or an HTTP date); 0 when absent or unreadable."""
    value = (headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def check_url(url: str) -> None:
    """Raise FetchError unless ``url`` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        raise FetchError(url, f"not a valid URL ({error})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise FetchError(url, "not an http(s) URL")


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL: the unit that robots.txt and the per-host limits apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}".lower()


def now_stamp() -> str:
    """The current UTC time in WARC-Date form (``2026-01-02T03:04:05Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reason(error: BaseException) -> str:
    """An httpx error's message (its class name when empty), first line, kept short."""
    text = str(error).strip()
    return (text.splitlines()[0] if text else type(error).__name__)[:120]


def _size(n: int) -> str:
    """A byte count for messages: KB below a megabyte, else MB."""
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


__all__ = ["FetchError", "FetchSettings", "Fetched", "Fetcher", "Validators", "check_url", "origin"]
