"""ASGI guards for the read-only server: security headers, allowed methods, size and rate limits."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

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
