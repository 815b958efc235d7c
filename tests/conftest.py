"""Fixtures shared by test modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from live_site import Site, serve


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh fictional news site on 127.0.0.1 for one test (tests/live_site.py), shut down after it."""
    started, server = serve()
    yield started
    server.shutdown()
    server.server_close()
