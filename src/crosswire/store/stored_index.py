"""What an incremental ingest keeps of each stored article, as database values: its reuse-candidate
keys (MinHash signatures, passage grams), its boilerplate sentence keys and its clustering terms.

These are the costly parts of indexing an article (shingling, hashing, tokenising, sentence
splitting), computed once when the article is added and stored beside it (store.py's
``article_keys`` table, with the clustering ``vocabulary`` and the boilerplate ``furniture`` found
so far), so that the next ingest rebuilds its in-memory indexes from them without reading a text.
Values are numpy arrays as raw little-endian bytes; a stored value reads back bit for bit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ..facts.nlp import Labels
from ..facts.quantities import Quantity
from ..facts.statements import KnownStatements, Statement
from ..facts.timex import TimeRef
from ..provenance.align import Profile, Sentence
from ..provenance.boilerplate import sentence_keys
from ..provenance.reuse import ArticleKeys, article_keys
from ..records import Article
from ..stories.stream import ArticleTerms

# Columns of the article_keys table after article_id, in row order.
COLUMNS = ("word_sig", "skeleton_sig", "grams", "sentences", "terms", "counts", "title_terms", "title_counts",
           "named")


@dataclass(slots=True)
class StoredKeys:
    """Everything kept of one article for the incremental indexes."""

    candidates: ArticleKeys
    sentences: list[str]
    terms: ArticleTerms


@dataclass(slots=True)
class IndexRows:
    """The index rows one ingest batch writes, in the batch's transaction.

    ``replace`` (a file whose stored keys were missing or incomplete, rebuilt by this run) clears
    the stored keys, vocabulary and furniture before these are written.
    """

    keys: dict[str, StoredKeys] = field(default_factory=dict)
    vocabulary: list[tuple[int, str]] = field(default_factory=list)  # (term id, term) new since the last write
    furniture_added: list[str] = field(default_factory=list)
    furniture_removed: list[str] = field(default_factory=list)
    vectors: dict[str, np.ndarray] = field(default_factory=dict)  # embeddings computed since the last write
    labels: dict[str, Labels] = field(default_factory=dict)  # sentence -> spaCy labels parsed by this batch
    label_keys: dict[str, list[str]] = field(default_factory=dict)  # article id -> its grown sentence key list (all of it)
    statements: dict[str, str] = field(default_factory=dict)  # article id -> statements read by this batch (statements_json)
    profiles: dict[str, Profile] = field(default_factory=dict)  # aligner profiles made by this batch, by article id
    stale_profiles: list[str] = field(default_factory=list)  # article ids whose stored profile no longer holds
    replace: bool = False


def candidate_and_sentence_keys(article: Article) -> tuple[ArticleKeys, list[str]]:
    """The article's candidate keys and sentence keys (its terms come from the clustering state)."""
    return article_keys(article), sentence_keys(article)


def to_row(article_id: str, keys: StoredKeys) -> tuple[Any, ...]:
    """An article_keys row: the article id, then COLUMNS."""
    c, t = keys.candidates, keys.terms
    return (article_id, _bytes(c.words, np.uint32), _bytes(c.skeleton, np.uint32), _bytes(c.grams, np.uint32),
            keys.sentences, _bytes(t.terms, np.int32), _bytes(t.counts, np.float64), _bytes(t.title_terms, np.int32),
            _bytes(t.title_counts, np.float64), _bytes(t.named, np.uint8))


def from_row(row: tuple[Any, ...]) -> StoredKeys:
    """StoredKeys from the COLUMNS values of an article_keys row (article id left out)."""
    words, skeleton, grams, sentences, terms, counts, title_terms, title_counts, named = row
    candidates = ArticleKeys(_array(words, np.uint32), _array(skeleton, np.uint32),
                             _array(grams, np.uint32, np.int64))
    measured = ArticleTerms(_array(terms, np.int32, np.int64), _array(counts, np.float64),
                            _array(title_terms, np.int32, np.int64), _array(title_counts, np.float64),
                            _array(named, np.uint8, np.bool_))
    return StoredKeys(candidates, list(sentences or []), measured)


def vector_bytes(vector: np.ndarray) -> bytes:
    """An article's embedding (float32, as embeddings.embed gives it) as bytes."""
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector_from_bytes(data: bytes) -> np.ndarray:
    """An embedding back from its bytes, bit for bit."""
    return np.frombuffer(data, dtype=np.float32).copy()


def label_key(sentence: str) -> str:
    """The sentence_labels key of a sentence: a 96-bit digest, shorter than the sentence to index."""
    return hashlib.blake2b(sentence.encode("utf-8"), digest_size=12).hexdigest()


def labels_json(labels: Labels) -> str:
    """A sentence's spaCy labels as stored: a JSON list of [text, label] pairs."""
    return json.dumps([list(pair) for pair in labels], ensure_ascii=False)


def labels_from_json(data: str) -> Labels:
    """Stored labels back as nlp.entity_labels gives them."""
    return tuple((text, label) for text, label in json.loads(data))


def profile_json(profile: Profile) -> str:
    """An article's aligner profile (align.profile) as stored: JSON, its codes rebuilt on reading."""
    return json.dumps({"sentences": [[s.start, s.end, s.n_words, s.lex, s.skeleton, sorted(s.content), s.quoted, s.said]
                                     for s in profile.sentences], "marks": profile.marks, "cut": profile.cut},
                      ensure_ascii=False)


def profile_from_json(article_id: str, data: str) -> Profile:
    """A stored profile back, equal field for field to the one align.profile made."""
    value = json.loads(data)
    sentences = [Sentence(start, end, n, lex, skeleton, frozenset(content), quoted, said)
                 for start, end, n, lex, skeleton, content, quoted, said in value["sentences"]]
    return Profile(article_id, sentences, sum(s.n_words for s in sentences), "".join(s.lex for s in sentences),
                   value["marks"], value["cut"])


def statements_json(sentences: list[KnownStatements]) -> str:
    """An article's statements as stored: JSON of each candidate sentence, the names its statements
    looked up and their fields (those at their default left out; the article is the reader's)."""
    return json.dumps([[known.sentence, [[form] if resolved is None else [form, *resolved] for form, resolved in known.names],
                        [{f.name: _plain(getattr(s, f.name)) for f in dataclasses.fields(Statement)
                          if f.name not in _GIVEN and not _at_default(f, getattr(s, f.name))} for s in known.statements]]
                       for known in sentences], ensure_ascii=False)


def statements_from_json(data: str) -> list[KnownStatements]:
    """Stored statements back, field for field as sentence_statements found them (article blank)."""
    return [KnownStatements(sentence, tuple((form, (rest[0], rest[1]) if rest else None) for form, *rest in names),
                            [Statement(**{name: _typed(v) for name, v in row.items()}, sentence=sentence, article="")
                             for row in rows])
            for sentence, names, rows in json.loads(data)]


_GIVEN = frozenset({"sentence", "article"})  # Statement fields statements_from_json sets from its arguments
_RECORDS: dict[str, type] = {"Quantity": Quantity, "TimeRef": TimeRef}  # the values a statement holds


def _at_default(spec: dataclasses.Field[Any], value: Any) -> bool:
    """Whether a field holds its declared default (such fields are not stored)."""
    return spec.default is not dataclasses.MISSING and type(value) is type(spec.default) and value == spec.default


def _plain(value: Any) -> Any:
    """A statement's field value as JSON: sets, tuples, days and Quantity/TimeRef records tagged."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, frozenset):
        return {"set": sorted(value)}
    if isinstance(value, tuple):
        return {"tuple": [_plain(v) for v in value]}
    if type(value) is date:
        return {"date": value.isoformat()}
    name = type(value).__name__
    if _RECORDS.get(name) is type(value):
        return {name: {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise TypeError(f"a statement holds a {name}, which statements_json cannot store")


def _typed(value: Any) -> Any:
    """``_plain`` undone."""
    if not isinstance(value, dict):
        return value
    (tag, inner), = value.items()
    if tag == "set":
        return frozenset(inner)
    if tag == "tuple":
        return tuple(_typed(v) for v in inner)
    if tag == "date":
        return date.fromisoformat(inner)
    return _RECORDS[tag](**{name: _typed(v) for name, v in inner.items()})


def _bytes(values: np.ndarray | None, dtype: type) -> bytes | None:
    """An array as raw bytes of ``dtype`` (None stays None)."""
    return None if values is None else np.asarray(values).astype(dtype).tobytes()


def _array(data: bytes | None, stored: type, dtype: type | None = None) -> Any:
    """Bytes back as an array of ``stored`` values, cast to ``dtype`` when given (None stays None)."""
    if data is None:
        return None
    values = np.frombuffer(data, dtype=stored)
    return values.astype(dtype) if dtype is not None else values.copy()
