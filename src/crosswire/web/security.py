"""Guards of the read-only server: security headers, allowed methods, size and rate limits, connection timeouts."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
ALLOWED_METHODS = ("GET", "HEAD")
# A read-only server takes no request bodies: 1 KiB leaves room for clients that send an empty
# form or a small JSON body by habit, and refuses anything that could be an upload.
MAX_BODY_BYTES = 1024
# Longest path + query accepted (search terms included); browsers' own limits are far above.
MAX_TARGET_BYTES = 4096
# Token bucket per client address: 20 requests/s sustained with bursts of 100 covers a person
# clicking through pages (each page is 3 requests) many times over; --rate 0 turns it off (load tests).
DEFAULT_RATE = 20.0
DEFAULT_BURST = 100
# Clients remembered by the rate limiter; the least recently seen is forgotten beyond this.
MAX_TRACKED_CLIENTS = 10_000


@dataclass(slots=True)
class Limits:
    """Request limits applied before any handler runs."""

    rate: float = DEFAULT_RATE
    burst: int = DEFAULT_BURST
    max_body_bytes: int = MAX_BODY_BYTES
    max_target_bytes: int = MAX_TARGET_BYTES


class TokenBuckets:
    """Per-client token buckets: each request takes a token; tokens refill at ``rate`` per second."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Take a token for ``client``; return 0 when allowed, else seconds until one is available."""
        if self.rate <= 0:
            return 0.0
        with self._lock:
            now = self.clock()
            tokens, last = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[client] = (tokens - 1 if wait == 0 else tokens, now)
            while len(self._buckets) > MAX_TRACKED_CLIENTS:
                self._buckets.popitem(last=False)
            return wait


def error_body(status: int, message: str) -> bytes:
    """The API's one error shape, as JSON bytes."""
    return json.dumps({"error": {"status": status, "message": message}}).encode()


async def send_error(send: Send, status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    """Answer a request with the JSON error shape."""
    body = error_body(status, message)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds the Content-Security-Policy and related headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


def _without_body(send: Send) -> Send:
    """A send that keeps a response's status and headers but drops its body (answers HEAD)."""

    async def head_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return head_only


class RequestGuard:
    """Refuses what a read-only server never needs: other methods, bodies, huge URLs, floods."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits
        self.buckets = TokenBuckets(limits.rate, limits.burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self.refusal(scope)
        if problem:
            await send_error(send, *problem)
        elif scope["method"] == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
        else:
            await self.app(scope, receive, send)

    def refusal(self, scope: Scope) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        """(status, message, extra headers) when the request must be refused, else None."""
        if scope["method"] not in ALLOWED_METHODS:
            return 405, "method not allowed: this server is read-only", [(b"allow", b"GET, HEAD")]
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.limits.max_body_bytes or b"transfer-encoding" in headers:
            return 413, f"request body too large (limit {self.limits.max_body_bytes} bytes)", []
        if len(scope.get("raw_path", b"")) + len(scope.get("query_string", b"")) > self.limits.max_target_bytes:
            return 414, f"request URL too long (limit {self.limits.max_target_bytes} bytes)", []
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.buckets.take(client)
        if wait > 0:
            return 429, "too many requests; slow down", [(b"retry-after", str(max(1, round(wait))).encode())]
        return None


# ---------------------------------------------------------------------------------------------
# The HTTP server (uvicorn) behind `crosswire serve`

# Seconds an idle keep-alive connection stays open after a response (uvicorn's own timer).
KEEP_ALIVE_S = 5
# Seconds a connection has to deliver a whole request line and headers, from its opening or from
# the end of the previous response. uvicorn has no such limit: a client sending one header byte
# every few seconds (slowloris) held a connection forever. A browser sends its headers at once.
REQUEST_HEAD_TIMEOUT_S = 10.0
# Open connections served at once; beyond this uvicorn answers 503 (a local reader opens a few).
MAX_CONNECTIONS = 100
# Largest request head h11 buffers (request line + headers); URLs are capped at 4 KiB anyway.
MAX_HEAD_BYTES = 16 * 1024


class TimedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request head does not arrive in time."""

    head_timeout = REQUEST_HEAD_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request head."""
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        """Stop the clock once a whole request head has arrived (trickled bytes do not reset it)."""
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._stop_head_timer()

    def on_response_complete(self) -> None:
        """Start the clock again for the next request on this connection."""
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock with the connection."""
        self._stop_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        """(Re)start the deadline for the next request head."""
        self._stop_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _stop_head_timer(self) -> None:
        """Cancel the deadline, if any."""
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        """Close the connection when it is still waiting for (the rest of) a request head."""
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def server_options() -> dict[str, Any]:
    """uvicorn settings for `crosswire serve`: no proxy trusted, idle and slow connections timed out.

    ``proxy_headers=False``: uvicorn trusts ``X-Forwarded-For`` from 127.0.0.1 by default, which
    let any local client pick the address the rate limiter counts it under. crosswire is not
    meant to sit behind a proxy; the client address is the socket's.
    """
    return {"proxy_headers": False, "forwarded_allow_ips": [], "server_header": False,
            "timeout_keep_alive": KEEP_ALIVE_S, "limit_concurrency": MAX_CONNECTIONS,
            "h11_max_incomplete_event_size": MAX_HEAD_BYTES, "http": TimedH11Protocol, "log_level": "warning"}


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.x, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
