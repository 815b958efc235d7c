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


@pytest.fixture
def spacy_parses(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Every text the spaCy pipeline parses during the test (the real pipeline, wrapped); clear it
    to count from a later point."""
    from crosswire.facts import nlp

    spacy, parsed = nlp.pipeline(), set()

    class Counting:
        """The spaCy pipeline, noting every text it parses."""

        def pipe(self, texts, **kwargs):
            texts = list(texts)
            parsed.update(texts)
            return spacy.pipe(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipeline", lambda: Counting())
    return parsed
