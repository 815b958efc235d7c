"""Who copied whom: reuse links between articles and the origin groups they imply."""

from __future__ import annotations

import zlib
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..extract.agencies import credits
from ..groups import DisjointSets
from ..records import SAME_ORIGIN_RELATIONS, Article, OriginGroup, ReuseLink
from ..text import stop_words, words
from . import align, boilerplate

# --- Candidate generation (no all-pairs step) ---------------------------------------------------

# MinHash signatures: 64 permutations keep the estimate within ~±0.06 Jaccard, enough to pick
# candidates that the aligner then checks exactly.
NUM_PERM = 64
# Word 3-shingles. A light edit (1 word in 10 changed) keeps Jaccard ~0.5; a copy of a third of a
# story keeps ~0.3; a threshold of 0.2 with 64 permutations (datasketch picks 8 bands x 8 rows)
# finds them, while articles that merely share a topic stay below ~0.05.
WORD_SHINGLE = 3
WORD_THRESHOLD = 0.2
# Spinning replaces content words but keeps function words, numbers, names and sentence order:
# shingles of that skeleton (content words folded to "_") survive it. Only 4-grams holding a number
# or a name are kept (the rest are generic English). Measured on 3,000 random multi-news pairs:
# Jaccard 99th percentile 0.00, max 0.11; a hand-spun copy in the tests 0.33, planted spun
# copies 0.5-1.0.
SKELETON_SHINGLE = 4
SKELETON_THRESHOLD = 0.2
# Shared passages (quotations, credited paragraphs) are too small for MinHash: an exact index of
# word 5-grams finds them. A 5-gram in more than MAX_POSTING articles is boilerplate, not
# evidence; two shared 5-grams make a candidate pair.
PASSAGE_GRAM = 5
MAX_POSTING = 30
MIN_SHARED_GRAMS = 2
# LSH buckets hold every article whose band matches; a bucket is all-pairs up to MAX_BUCKET
# members, then each newcomer pairs with the first KEEP_FIRST and the last KEEP_LAST (see
# bucket_partners). 50 is above any family of copies in the planted-copies and reuse-level
# benchmarks (their figures are the same with and without the cap) and keeps a bucket's
# all-pairs part at 1,225 alignments; 2 + 2 partners keep a large family connected (and so one
# origin group) even if one partner's alignment fails. 10,000 templated feed entries: 426 links
# an article uncapped at 1,000 entries, a few a entry capped (benchmarks/adversarial.py).
MAX_BUCKET = 50
KEEP_FIRST = 2
KEEP_LAST = 2
# An article is aligned with at most MAX_PARTNERS earlier articles: those with the most evidence
# (LSH bands in common plus rare 5-grams shared). Templated feed entries otherwise collect ~80
# candidates each from the many mid-sized buckets their slot values make (measured on the
# generated deals feed of benchmarks/adversarial.py), and alignment is the costly step. A copy
# shares every band with its original, so it ranks first; a family of near-identical texts stays
# connected (one origin group) through each member's nearest earlier ones. 8 keeps the planted-
# copies figures (recall, precision and natural links at 1k and 10k articles) unchanged; 16 cost
# twice the alignments on templated input for nothing there.
MAX_PARTNERS = 8

_PLACEHOLDER = "_"


# A stable 32-bit hash (datasketch's default SHA-1 is slower; quality is the same here). The C
# function itself, not a Python wrapper: it runs once per shingle, millions of times on a corpus.
_hash = zlib.crc32


def _shingles(tokens: list[str], n: int) -> set[bytes]:
    """Distinct n-grams of ``tokens`` (the whole text when it is shorter than n)."""
    if len(tokens) < n:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(gram).encode() for gram in zip(*(tokens[k:] for k in range(n)))}


def skeleton_tokens(text: str) -> list[str]:
    """Words with content words folded to a placeholder; numbers and names kept."""
    stops = stop_words()
    out = []
    for word in text.split():
        low = word.strip(".,;:!?\"'()[]\u201c\u201d\u2018\u2019").lower()
        if not low:
            continue
        if low in stops or word[:1].isupper() or (not low.isalpha() and any(ch.isdigit() for ch in low)):
            out.append(low)
        else:
            out.append(_PLACEHOLDER)
    return out


def _skeleton_shingles(text: str) -> set[bytes]:
    """Skeleton n-grams that contain at least one number or name (the rest are too generic)."""
    tokens = skeleton_tokens(text)
    stops = stop_words()
    anchor = [t != _PLACEHOLDER and t not in stops for t in tokens]
    out = set()
    for k in range(len(tokens) - SKELETON_SHINGLE + 1):
        if any(anchor[k:k + SKELETON_SHINGLE]):
            out.add(" ".join(tokens[k:k + SKELETON_SHINGLE]).encode())
    return out


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """An empty signature whose permutations (seed 1) every signature reuses: drawing them cost ~1 ms each."""
    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_hash)


def _minhash(shingles: set[bytes]) -> MinHash:
    """A MinHash signature of a shingle set."""
    template = _template()
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_hash, permutations=template.permutations,
                scheme=template.scheme)
    if shingles:
        m.update_batch(sorted(shingles))
    return m


@lru_cache(maxsize=4)
def _bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks for ``threshold``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def bucket_partners(members: list[int]) -> list[int]:
    """The members of one LSH bucket that a new member is paired with.

    All of them while the bucket is small; past MAX_BUCKET members (a family of near-identical
    texts: templated entries, one wire story reprinted everywhere) only the first KEEP_FIRST and
    the last KEEP_LAST. Every member still links to the family's first members and to its
    neighbours in arrival order, so the family stays one origin group, at a cost linear in its
    size instead of quadratic.
    """
    if len(members) < MAX_BUCKET:
        return members
    return members[:KEEP_FIRST] + members[-KEEP_LAST:]


def band_keys(values: np.ndarray, threshold: float) -> list[bytes]:
    """The LSH bucket key of each band of a signature (``ArticleKeys.words`` or ``.skeleton``) in the
    index for ``threshold``: the band's rows of hash values as bytes (one conversion, then slices).
    Two signatures are candidates when one key of them is equal."""
    bands, rows = _bands(threshold)
    data, width = values.tobytes(), rows * values.itemsize
    return [data[band * width:(band + 1) * width] for band in range(bands)]


class _LshBuckets:
    """The banding of datasketch's MinHashLSH (same bands and rows), with the buckets kept in plain
    dictionaries: two signatures are candidates when one band of them is identical, as a query of
    that index answers, at a fraction of its per-call cost (and with capped buckets).

    Restored articles (``restore``) are kept as one sorted array of band keys per band instead, and
    a bucket becomes a dictionary entry only when an added article asks for it: an ingest run asks
    for the buckets of its new articles, not for those of the whole collection. Filling an entry
    per band of every stored article made the candidate index 192 MB and 2.8 of the 5.3 CPU seconds
    of opening 26,934 stored articles (benchmarks/ingest_scale.py's database after 9 batches of
    3,000); restored so, 59 MB and 0.5 s, plus 0.6 s in the adds of the next 3,000 articles.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.bands, self.rows = _bands(threshold)
        self.buckets: list[dict[bytes, list[int]]] = [{} for _ in range(self.bands)]
        self._restored: list[tuple[np.ndarray, np.ndarray]] = []  # per band: sorted keys, their articles

    def add(self, k: int, values: np.ndarray) -> Counter[int]:
        """Put article ``k`` (its MinHash ``values``) in its buckets; return the articles already
        there that share a band with it, with the number of bands shared."""
        found: list[int] = []
        for band, (bucket, key) in enumerate(zip(self.buckets, band_keys(values, self.threshold))):
            members = bucket.get(key)
            if members is None:
                members = bucket[key] = self._restored_members(band, [key])[0] if self._restored else []
            found += bucket_partners(members)
            members.append(k)
        return Counter(found)  # counted once, in C (Counter.update per band cost more than the rest)

    def prepare(self, signatures: list[np.ndarray]) -> None:
        """Make dictionary entries of the restored buckets these signatures will ask for, a band
        at a time (one search per band for all of them, not one per article and band)."""
        if not self._restored or not signatures:
            return
        keys = [band_keys(values, self.threshold) for values in signatures]
        for band, bucket in enumerate(self.buckets):
            wanted = sorted({k[band] for k in keys} - bucket.keys())
            bucket.update(zip(wanted, self._restored_members(band, wanted)))

    def restore(self, articles: list[int], signatures: list[np.ndarray]) -> None:
        """Index stored articles (numbers ``articles``, ascending, with their MinHash values) without
        asking who is there: each band's keys sorted, stably, so that a bucket's articles come out
        in the order ``add`` would have appended them. Into an empty index only (a run restores once)."""
        if not articles:
            return
        if self._restored or any(self.buckets):
            raise ValueError("restore takes the stored articles once, into an empty index")
        width = self.rows * signatures[0].itemsize
        keys = _key_array(b"".join(v.tobytes()[:self.bands * width] for v in signatures), width)
        keys = keys.reshape(len(articles), self.bands)
        numbers = np.asarray(articles, dtype=np.int64)
        for band in range(self.bands):
            order = np.argsort(keys[:, band], kind="stable")
            self._restored.append((keys[order, band], numbers[order]))

    def _restored_members(self, band: int, wanted: list[bytes]) -> list[list[int]]:
        """For each key of ``wanted``, the restored articles whose band ``band`` it is, ascending."""
        keys, numbers = self._restored[band]
        probes = _key_array(b"".join(wanted), len(wanted[0]) if wanted else 8)
        lo, hi = np.searchsorted(keys, probes, side="left").tolist(), np.searchsorted(keys, probes, side="right").tolist()
        return [numbers[a:b].tolist() if b > a else [] for a, b in zip(lo, hi)]


def _key_array(data: bytes, width: int) -> np.ndarray:
    """Band keys of ``width`` bytes, end to end in ``data``, as one array: unsigned integers when a
    key is 8 bytes (2 rows of uint32, as both indexes' bands are), which sort and search several
    times faster than raw bytes; raw bytes (numpy void) otherwise. Equal keys, equal values."""
    return np.frombuffer(data, dtype="<u8" if width == 8 else f"V{width}")


def _lsh_pairs(signatures: list[MinHash | None], threshold: float) -> set[tuple[int, int]]:
    """Candidate pairs (j < k) of one capped LSH index over ``signatures`` (None: no text)."""
    buckets, pairs = _LshBuckets(threshold), set()
    for k, signature in enumerate(signatures):
        if signature is not None:
            pairs |= {(j, k) for j in buckets.add(k, signature.hashvalues)}
    return pairs


class _PassageIndex:
    """Word 5-gram postings of the articles added so far, as two sorted arrays (no dictionary).

    A gram held by more than MAX_POSTING of them is boilerplate, not evidence; two shared rare grams
    make a candidate pair. Only pairs with an added article are returned, so adding articles batch
    by batch costs what the batch holds (plus one merge of the arrays).
    """

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self.docs = np.empty(0, dtype=np.int32)  # article numbers: int32 halves the index

    def add(self, first: int, grams: list[np.ndarray]) -> dict[tuple[int, int], int]:
        """Add the gram sets of articles ``first``, ``first + 1``...; return their candidate pairs
        with the number of rare grams each shares."""
        sizes = [len(g) for g in grams]
        if not sum(sizes):
            return {}
        keys = np.concatenate(grams)
        docs = np.repeat(np.arange(first, first + len(grams), dtype=np.int32), sizes)
        order = np.lexsort((docs, keys))
        keys, docs = keys[order], docs[order]
        added = keys[np.r_[True, keys[1:] != keys[:-1]]]  # distinct (keys are sorted)
        if len(self.keys):
            at = np.searchsorted(self.keys, keys, side="right")  # where each new gram goes (after older docs)
            keys, docs = np.insert(self.keys, at, keys), np.insert(self.docs, at, docs)
        self.keys, self.docs = keys, docs
        return self._pairs(added, first)

    def restore(self, first: int, grams: list[np.ndarray]) -> None:
        """Add the gram sets of articles ``first``... without looking for pairs: one stable sort
        by gram leaves each gram's articles in ascending order, as ``add`` keeps them."""
        sizes = [len(g) for g in grams]
        if not sum(sizes):
            return
        keys = np.concatenate([self.keys, *grams])
        docs = np.concatenate([self.docs, np.repeat(np.arange(first, first + len(grams), dtype=np.int32), sizes)])
        order = np.argsort(keys, kind="stable")
        self.keys, self.docs = keys[order], docs[order]

    def _pairs(self, new_keys: np.ndarray, first: int) -> dict[tuple[int, int], int]:
        """Pairs with at least one article >= ``first`` sharing MIN_SHARED_GRAMS rare grams."""
        lo, hi = np.searchsorted(self.keys, new_keys, side="left"), np.searchsorted(self.keys, new_keys, side="right")
        rare = (hi - lo > 1) & (hi - lo <= MAX_POSTING)
        shared: Counter[tuple[int, int]] = Counter()
        for s, e in zip(lo[rare].tolist(), hi[rare].tolist()):
            members = self.docs[s:e].tolist()  # ascending: the new articles come last
            for y in range(len(members) - 1, 0, -1):
                if members[y] < first:
                    break
                for x in range(y):
                    shared[(members[x], members[y])] += 1
        return {pair: n for pair, n in shared.items() if n >= MIN_SHARED_GRAMS}


def _gram_keys(tokens: list[str]) -> np.ndarray:
    """Distinct hashed word 5-grams of one article."""
    grams = {_hash(" ".join(gram).encode()) for gram in zip(*(tokens[k:] for k in range(PASSAGE_GRAM)))}
    return np.fromiter(sorted(grams), dtype=np.int64, count=len(grams))


# The three candidate indexes; a benchmark can switch some off to show what each adds.
INDEXES = ("words", "skeleton", "passages")


@dataclass(slots=True)
class ArticleKeys:
    """What the candidate indexes keep of one article, computed once from its text (the costly
    part: shingling and MinHash) and stored beside it, so that a later run indexes it without its text."""

    words: np.ndarray | None  # MinHash values (uint32) of the word shingles (None: no words)
    skeleton: np.ndarray | None  # MinHash values (uint32) of the skeleton shingles (None: none kept)
    grams: np.ndarray  # distinct hashed word 5-grams, sorted


def article_keys(article: Article, indexes: tuple[str, ...] = INDEXES) -> ArticleKeys:
    """The index keys of one article (for the indexes named)."""
    tokens = words(article.text)
    signature = _minhash(_shingles(tokens, WORD_SHINGLE)) if "words" in indexes and tokens else None
    skeleton = _skeleton_shingles(article.text) if "skeleton" in indexes else set()
    grams = _gram_keys(tokens) if "passages" in indexes else np.empty(0, dtype=np.int64)
    return ArticleKeys(_values(signature), _values(_minhash(skeleton) if skeleton else None), grams)


def _values(signature: MinHash | None) -> np.ndarray | None:
    """A signature's hash values as uint32 (datasketch keeps them below 2**32, in uint32 or uint64 by
    version), so that their band bytes, live or stored, are the same."""
    return None if signature is None else signature.hashvalues.astype(np.uint32)


class CandidateIndex:
    """Candidate pairs found incrementally: articles are added in order, numbered from 0, and each
    ``add`` returns the pairs (i < j) in which j is one of the articles just added.

    The store keeps one for a whole ingest run, so a batch costs its own articles, not the
    collection; it stores each article's keys and a later run ``restore``s the index from them.
    The LSH buckets answer the same whether a list is added at once or in parts; the passage index
    judges a gram's rarity over the articles added so far.
    """

    def __init__(self, indexes: tuple[str, ...] = INDEXES) -> None:
        self.indexes = indexes
        self.size = 0
        self._words = _LshBuckets(WORD_THRESHOLD)
        self._skeleton = _LshBuckets(SKELETON_THRESHOLD)
        self._passages = _PassageIndex()

    def add(self, articles: list[Article]) -> set[tuple[int, int]]:
        """Index ``articles`` as numbers size, size + 1...; return their candidate pairs (each
        article's MAX_PARTNERS best)."""
        return self.add_keys([article_keys(a, self.indexes) for a in articles])

    def add_keys(self, keys: list[ArticleKeys]) -> set[tuple[int, int]]:
        """``add`` for articles whose keys are computed already."""
        first = self.size
        shared: dict[int, Counter[int]] = {}
        if "passages" in self.indexes:
            for (i, j), n in self._passages.add(first, [k.grams for k in keys]).items():
                shared.setdefault(j, Counter())[i] += n
        if "words" in self.indexes:
            self._words.prepare([key.words for key in keys if key.words is not None])
        if "skeleton" in self.indexes:
            self._skeleton.prepare([key.skeleton for key in keys if key.skeleton is not None])
        pairs = set()
        for k, key in enumerate(keys, start=first):
            evidence = self._lsh_evidence(k, key) + shared.pop(k, Counter())
            best = sorted(evidence.items(), key=lambda item: (-item[1], -item[0]))[:MAX_PARTNERS]
            pairs |= {(j, k) for j, _ in best if j != k}
        self.size += len(keys)
        return pairs

    def restore(self, keys: list[ArticleKeys]) -> None:
        """Index stored articles without looking for their pairs (found when they were added): the
        same index as adding them, at the cost of one sort of their band keys and of their grams.
        Into an empty index only."""
        for name, buckets in (("words", self._words), ("skeleton", self._skeleton)):
            if name in self.indexes:
                held = [(k, getattr(key, name)) for k, key in enumerate(keys, start=self.size)
                        if getattr(key, name) is not None]
                buckets.restore([k for k, _ in held], [values for _, values in held])
        if "passages" in self.indexes:
            self._passages.restore(self.size, [k.grams for k in keys])
        self.size += len(keys)

    def _lsh_evidence(self, k: int, key: ArticleKeys) -> Counter[int]:
        """Earlier articles sharing LSH bands (word and skeleton indexes) with article ``k``: bands shared."""
        found: Counter[int] = Counter()
        if "words" in self.indexes and key.words is not None:
            found += self._words.add(k, key.words)
        if "skeleton" in self.indexes and key.skeleton is not None:
            found += self._skeleton.add(k, key.skeleton)
        return found


def candidate_pairs(articles: list[Article], indexes: tuple[str, ...] = INDEXES) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth aligning: from word LSH, skeleton LSH and shared passages."""
    return CandidateIndex(indexes).add(articles)


# --- Links ---------------------------------------------------------------------------------------

def find_reuse(articles: list[Article], indexes: tuple[str, ...] = INDEXES,
               pairs: Iterable[tuple[int, int]] | None = None, learn_boilerplate: bool = True,
               furniture: frozenset[str] | None = None,
               profiles: dict[int, align.Profile] | None = None) -> list[ReuseLink]:
    """Reuse links across the whole corpus: candidate pairs (``pairs`` when given, as index pairs
    into ``articles``), then passage alignment, leaving out the sentences ``boilerplate.learn``
    finds repeated across unrelated articles of ``articles`` (unless ``learn_boilerplate`` is off;
    ``furniture``, when given, is that set learned already, as the store's incremental learner does).
    ``profiles`` (by position) holds aligner profiles made earlier with that furniture, which are
    used as they are (an ingest keeps them in its database); those made here are added to it.

    In each link ``a`` is the likely source (see ``source_order``) and ``b`` the likely copy;
    links are sorted by (a, b). An engine may split the alignment into parts (``align_jobs``).
    """
    ordered, furniture = reuse_plan(articles, indexes, pairs, learn_boilerplate, furniture)
    return align_pairs(articles, ordered, furniture, profiles)


def reuse_plan(articles: list[Article], indexes: tuple[str, ...] = INDEXES,
               pairs: Iterable[tuple[int, int]] | None = None, learn_boilerplate: bool = True,
               furniture: frozenset[str] | None = None) -> tuple[list[tuple[int, int]], frozenset[str]]:
    """What ``find_reuse`` aligns: its (source, copy) pairs and the boilerplate left out, so that
    an engine can split the alignment into jobs (``align_jobs``) and get the same links."""
    if furniture is None:
        furniture = boilerplate.learn(articles) if learn_boilerplate else frozenset()
    return source_pairs(articles, candidate_pairs(articles, indexes) if pairs is None else pairs), furniture


def source_pairs(articles: list[Article], pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The index pairs sorted and without repeats, each as (likely source, likely copy)."""
    ordered = []
    for i, j in sorted(set(pairs)):
        ordered.append((i, j) if source_order(articles[i], articles[j])[0] is articles[i] else (j, i))
    return ordered


def align_pairs(articles: list[Article], ordered: list[tuple[int, int]], furniture: frozenset[str],
                profiles: dict[int, align.Profile] | None = None, keep_profiles: bool = True) -> list[ReuseLink]:
    """Align each (source, copy) index pair of ``ordered``; the links found, sorted by (a, b).

    Only the articles' ids and texts are read (a job of ``align_jobs`` carries no more).
    ``profiles`` (by position) holds profiles made earlier with ``furniture``; those made here are
    added to it (see ``find_reuse``). With ``keep_profiles`` off, an article's profile is dropped
    after the last pair that reads it (the links are the same): a job of the in-process engine at
    100,000 articles held the profiles of tens of thousands of articles, 600 MB per worker.
    """
    profiles = {} if profiles is None else profiles
    last_use = {} if keep_profiles else {k: n for n, pair in enumerate(ordered) for k in pair}
    links = []
    for n, (i, j) in enumerate(ordered):
        result = align.align(_profile(profiles, articles, i, furniture), _profile(profiles, articles, j, furniture))
        if result.relation is not None:
            links.append(ReuseLink(articles[i].id, articles[j].id, result.relation, round(result.score, 4),
                                   result.passages))
        for k in (i, j):
            if last_use.get(k) == n:
                del profiles[k]
    return sorted(links, key=lambda link: (link.a, link.b))


# Candidate pairs per job of ``align_jobs``: ~0.6 s of alignment each (0.3 ms a pair on the
# spark_scale corpus at 20k articles), small next to a job's cost of sending its texts, and enough
# jobs at 10k articles and more (~20,000 pairs) to keep two to four workers busy.
ALIGN_JOB_PAIRS = 2000


@dataclass(slots=True)
class AlignJob:
    """One part of the alignment, self-contained so that it can run in another process: the
    articles it reads (id and text only), its (source, copy) index pairs into them, the boilerplate."""

    articles: list[Article]
    pairs: list[tuple[int, int]]
    furniture: frozenset[str]


def align_jobs(articles: list[Article], ordered: list[tuple[int, int]], furniture: frozenset[str],
               size: int = ALIGN_JOB_PAIRS) -> list[AlignJob]:
    """``ordered`` (from ``source_pairs``) cut into jobs of ``size`` pairs, taken in the order of
    ``_near_order`` so that a job reads few articles (a profile is made once per job that reads
    it). ``align_job`` of each job, the links put together and sorted by (a, b), equals
    ``align_pairs`` of the whole."""
    position = _near_order(ordered)
    grouped = sorted(ordered, key=lambda pair: sorted((position[pair[0]], position[pair[1]])))
    jobs = []
    for start in range(0, len(grouped), size):
        part = grouped[start:start + size]
        used = sorted({k for pair in part for k in pair})
        local = {k: n for n, k in enumerate(used)}
        jobs.append(AlignJob([Article(id=articles[k].id, text=articles[k].text) for k in used],
                             [(local[i], local[j]) for i, j in part], furniture))
    return jobs


def _near_order(pairs: list[tuple[int, int]]) -> dict[int, int]:
    """A place for each article of ``pairs``: breadth first over the pairs' graph, from the lowest
    article of each connected part, so that paired articles get near places (a family of copies
    together, even inside a large part that other candidate pairs join)."""
    neighbours: dict[int, list[int]] = {}
    for i, j in pairs:
        neighbours.setdefault(i, []).append(j)
        neighbours.setdefault(j, []).append(i)
    position: dict[int, int] = {}
    for start in sorted(neighbours):
        if start in position:
            continue
        position[start] = len(position)
        queue = deque([start])
        while queue:
            for other in sorted(neighbours[queue.popleft()]):
                if other not in position:
                    position[other] = len(position)
                    queue.append(other)
    return position


def align_job(job: AlignJob) -> list[ReuseLink]:
    """The links of one job of ``align_jobs`` (``align_pairs`` over its articles)."""
    return align_pairs(job.articles, job.pairs, job.furniture, keep_profiles=False)


def _profile(profiles: dict[int, align.Profile], articles: list[Article], k: int,
             furniture: frozenset[str]) -> align.Profile:
    """The aligner's profile of article ``k`` without the corpus's boilerplate, computed once per run."""
    if k not in profiles:
        profiles[k] = align.profile(articles[k].id, articles[k].text, furniture)
    return profiles[k]


def source_order(x: Article, y: Article) -> tuple[Article, Article]:
    """(likely source, likely copy) of a linked pair, by ``_original_key``."""
    use_dates = bool(x.published and y.published)
    return (x, y) if _original_key(x, use_dates) <= _original_key(y, use_dates) else (y, x)


def _original_key(article: Article, use_dates: bool) -> tuple[bool, str, bool, int, str]:
    """Sort key of a likely original, strongest evidence first: it credits one wire agency; it was
    published earlier (compared only when every article has a date: an undated wire story must not
    lose to its dated reprint); it is signed (copy sites and content farms drop bylines); it has the
    most complete text (copies drop sentences); then id, for a stable answer."""
    return (len(article.agencies) != 1, (article.published or "") if use_dates else "", not article.byline,
            -len(article.text), article.id)


# --- Origins -------------------------------------------------------------------------------------

# A page whose text holds fewer words than MIN_SHARED_WORDS (too few to show copying: a wire story's
# page saved with only the site's promo lines) joins the origin of the articles that carry its
# headline word for word, when its headline is the page's own (not its first line) and at least
# HEADLINE_WORDS long: formula headlines of a few words are shared by unrelated reports. Seen on the
# real-news origin gold (Giveme5W1H: a reprint of an AP brief kept only "click to read" lines);
# two different reports under one 12-word headline exist there too, so a headline never joins two
# articles that both have text.
HEADLINE_WORDS = 6

def origin_groups(article_ids: list[str], links: list[ReuseLink], by_id: dict[str, Article]) -> list[OriginGroup]:
    """Partition ``article_ids`` into groups joined by same-origin links (union-find).

    A quotation does not make two reports one source: only verbatim/edited/rewritten links join,
    strongest first, and never two families of different wires (see ``_two_wires``).
    Each group names its likely original and, when its members agree on one, its wire agency.
    """
    sets = DisjointSets(article_ids)
    wires = {i: set(credits(by_id[i])) for i in article_ids if i in by_id}
    members = {i: [i] for i in article_ids}
    for link in sorted(links, key=lambda x: (-x.score, x.a, x.b)):
        if link.relation in SAME_ORIGIN_RELATIONS and link.a in sets and link.b in sets:
            ra, rb = sets.find(link.a), sets.find(link.b)
            if ra != rb and not _two_wires(members[ra], members[rb], wires):
                sets.union(ra, rb)
                members[sets.find(ra)] = members.pop(ra) + members.pop(rb)
    joined = _join_by_headline(sets, article_ids, by_id)
    groups: dict[str, list[str]] = {}
    for i in sorted(article_ids):
        groups.setdefault(sets.find(i), []).append(i)
    members = sorted(groups.values())
    return [_origin_group(ids, by_id, sorted(set(ids) & joined)) for ids in members]


def _two_wires(first: list[str], second: list[str], wires: dict[str, set[str]]) -> bool:
    """True when two groups of two or more articles each go back to different wire agencies
    (each group's members credit one agency and the groups none in common): joined only through
    an article that blends both wires' copy, they stay two origins, the blend going with the one
    it shares most with (links are taken strongest first). A single article may join a group
    whatever it credits: a blend, or a reprint whose credit names a second wire's appended story."""
    if len(first) < 2 or len(second) < 2:
        return False
    named = [{w for i in group if len(wires.get(i, ())) == 1 for w in wires[i]} for group in (first, second)]
    return bool(named[0] and named[1]) and not named[0] & named[1]


def _join_by_headline(sets: DisjointSets[str], article_ids: list[str], by_id: dict[str, Article]) -> set[str]:
    """Join each page with no text to compare to the one origin whose articles carry its own
    headline word for word (see HEADLINE_WORDS); return the pages joined so."""
    with_text: dict[str, set[str]] = {}
    bare = []
    for i in article_ids:
        key = _own_headline(by_id.get(i))
        if key and len(words(by_id[i].text)) < align.MIN_SHARED_WORDS:
            bare.append((i, key))
        elif key:
            with_text.setdefault(key, set()).add(i)
    joined = set()
    for i, key in bare:
        roots = {sets.find(j) for j in with_text.get(key, ())}
        if len(roots) == 1:
            sets.union(i, roots.pop())
            joined.add(i)
    return joined


def _own_headline(article: Article | None) -> str | None:
    """The article's headline as a comparison key, when the page gave one of HEADLINE_WORDS or
    more words (a title taken from the text's first line says nothing the text does not)."""
    if article is None or not article.title:
        return None
    key = boilerplate.sentence_key(article.title)
    if key.count(" ") + 1 < HEADLINE_WORDS or boilerplate.sentence_key(article.text).startswith(key):
        return None
    return key


def _origin_group(ids: list[str], by_id: dict[str, Article], by_headline: list[str]) -> OriginGroup:
    """One origin group with its likely original, its agency and the evidence for both."""
    original = likely_original([i for i in ids if i not in by_headline] or ids, by_id)
    agency, evidence = _agency_with_evidence(ids, by_id, original)
    return OriginGroup(ids, original, agency, evidence, original_reason(ids, by_id, original), by_headline)


def likely_original(ids: list[str], by_id: dict[str, Article]) -> str | None:
    """The group's likely first article (see ``_original_key``)."""
    present = [by_id[i] for i in ids if i in by_id]
    if not present:
        return None
    use_dates = all(a.published for a in present)
    return min(present, key=lambda a: _original_key(a, use_dates)).id


def group_agency(ids: list[str], by_id: dict[str, Article]) -> str | None:
    """The wire agency a group goes back to (see ``_agency_with_evidence``)."""
    return _agency_with_evidence(ids, by_id, likely_original(ids, by_id))[0]


def _agency_with_evidence(ids: list[str], by_id: dict[str, Article],
                          original: str | None) -> tuple[str | None, str | None]:
    """The wire agency a group goes back to and the credit line that says so: the one agency its
    original credits, else the one most of its members credit.

    Only credits count (a dateline, a copyright line, "AP contributed", a byline): an article
    that cites agencies for quotations ("told AFP", "according to Reuters") is not thereby a wire
    story (issue 16: "goes back to Reuters" once came from such phrases, with nothing shown).
    """
    credited = {i: credits(by_id[i]) for i in ids if i in by_id}
    if original is not None and len(credited.get(original, {})) == 1:
        ((name, line),) = credited[original].items()
        return name, _evidence(by_id[original], line)
    counts = Counter(name for found in credited.values() for name in found)
    if not counts:
        return None, None
    (top, n), *rest = counts.most_common()
    if (rest and rest[0][1] == n) or n * 2 <= len(ids):
        return None, None
    holder = min(i for i, found in credited.items() if top in found)
    return top, _evidence(by_id[holder], credited[holder][top])


def _evidence(article: Article, line: str) -> str:
    """'<outlet>: "<credit line>"' for the report."""
    return f'{article.outlet or article.id}: "{line}"'


def original_reason(ids: list[str], by_id: dict[str, Article], original: str | None) -> str | None:
    """Why ``original`` is taken for the group's first article, in the order ``_original_key``
    weighs the evidence (None for a group of one)."""
    present = [by_id[i] for i in ids if i in by_id]
    if original is None or len(present) < 2:
        return None
    first, others = by_id[original], [a for a in present if a.id != original]
    if len(first.agencies) == 1 and all(len(a.agencies) != 1 for a in others):
        return f"the only one crediting one wire agency ({first.agencies[0]})"
    if all(a.published for a in present) and all((first.published or "") < (a.published or "") for a in others):
        return f"published first ({(first.published or '').replace('T', ' ')[:16]})"
    if first.byline and not any(a.byline for a in others):
        return f"the only one signed ({first.byline})"
    return f"the most complete text ({len(first.text):,} characters)"
