"""Side-by-side comparison of a copy against its original, the changed words marked.

Both texts are cut into words (each keeping the spaces after it, so that the pieces put back
together give the texts unchanged) and lined up with difflib on the words alone. Rows break at the
sentence ends the two texts share, so each row pairs one stretch of the original with the
stretch of the copy that stands for it. Everything here is plain text: the template escapes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

# A run of fewer shared words than this between two changes counts as changed: "said" alone kept
# between a replaced subject and a replaced object reads as noise, not as a shared passage.
MIN_SHARED_RUN = 3
# Words compared per text. difflib's matching grows with the product of the two lengths: on
# Multi-News dev text (this 2-core shared machine) 2,000 words took 0.07 s, 6,000 took 0.35 s and
# 12,000 took 1.3 s. A news report is rarely over 2,000 words; longer texts are cut and say so.
MAX_WORDS = 6_000
# A word (with inner apostrophes, dots, hyphens: "p.m", "don't") or a run of punctuation, each with
# the whitespace after it: "rescued." against "rescued by boats." marks only "by boats" as added.
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*\s*|[^\w\s]+\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+$")


@dataclass(slots=True)
class Piece:
    """A run of text on one side: ``same`` in both texts, ``removed`` (original only) or ``added`` (copy only)."""

    text: str
    kind: str


@dataclass(slots=True)
class DiffRow:
    """One row of the side-by-side view: the original's pieces beside the copy's."""

    original: list[Piece] = field(default_factory=list)
    copy: list[Piece] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether either side holds a removed or added piece."""
        return any(p.kind != "same" for p in self.original + self.copy)


@dataclass(slots=True)
class Comparison:
    """The rows and word counts of one comparison (``cut``: a text was longer than MAX_WORDS)."""

    rows: list[DiffRow]
    original_words: int
    copy_words: int
    same_words: int
    cut: bool = False

    @property
    def kept_share(self) -> float:
        """Share of the copy's words taken unchanged from the original."""
        return self.same_words / self.copy_words if self.copy_words else 0.0


def words(text: str) -> list[str]:
    """The text cut into words and punctuation, each with the whitespace after it (leading whitespace on the first)."""
    found = _WORD.findall(text)
    lead = text[:len(text) - len(text.lstrip())]
    if found and lead:
        found[0] = lead + found[0]
    return found


def compare(original: str, copy: str) -> Comparison:
    """Line up ``copy`` against ``original`` word by word and cut the result into rows."""
    left, right = words(original), words(copy)
    cut = len(left) > MAX_WORDS or len(right) > MAX_WORDS
    left, right = left[:MAX_WORDS], right[:MAX_WORDS]
    matcher = SequenceMatcher(None, [w.strip() for w in left], [w.strip() for w in right], autojunk=False)
    rows = [DiffRow()]
    same = 0
    left_ends, right_ends = _sentence_ends(left), _sentence_ends(right)
    for tag, i1, i2, j1, j2 in _merged(matcher.get_opcodes()):
        if tag == "equal":
            same += _count(left[i1:i2])
            ends = [m for m in range(i2 - i1) if i1 + m in left_ends and j1 + m in right_ends]
            _add_same(rows, left[i1:i2], right[j1:j2], ends)
            continue
        if i2 > i1:
            rows[-1].original.append(Piece("".join(left[i1:i2]), "removed"))
        if j2 > j1:
            rows[-1].copy.append(Piece("".join(right[j1:j2]), "added"))
        if (i2 == i1 or i2 - 1 in left_ends) and (j2 == j1 or j2 - 1 in right_ends):
            rows.append(DiffRow())  # the change ends a sentence on both sides
    rows = [row for row in rows if row.original or row.copy]
    for row in rows:  # a row's closing line break would show as an empty line in its cell
        for side in (row.original, row.copy):
            if side:
                side[-1].text = side[-1].text.rstrip()
    return Comparison(rows, _count(left), _count(right), same, cut)


def _count(tokens: list[str]) -> int:
    """How many of the tokens are words (not punctuation)."""
    return sum(1 for t in tokens if t[:1].isalnum() or t[:1] == "_")


def _merged(opcodes: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """The opcodes with short shared runs between two changes folded into one change."""
    out: list[tuple[str, int, int, int, int]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        inside = 0 < k < len(opcodes) - 1 and opcodes[k - 1][0] != "equal" and opcodes[k + 1][0] != "equal"
        if tag == "equal" and not (inside and i2 - i1 < MIN_SHARED_RUN):
            out.append((tag, i1, i2, j1, j2))
        elif out and out[-1][0] != "equal":
            out[-1] = ("replace", out[-1][1], i2, out[-1][3], j2)
        else:
            out.append(("replace", i1, i2, j1, j2))
    return out


def _sentence_ends(tokens: list[str]) -> set[int]:
    """Indices of the words that end a sentence: a line's last word, or a full stop (!, ?) before a capital.

    "9 p.m. and" is no sentence end; "said. The" is.
    """
    ends = set()
    for k, word in enumerate(tokens):
        if "\n" in word or k == len(tokens) - 1 or _SENTENCE_END.search(word) and tokens[k + 1][:1].isupper():
            ends.add(k)
    return ends


def _add_same(rows: list[DiffRow], left: list[str], right: list[str], ends: list[int]) -> None:
    """Append a run of words the texts share, starting a new row after each shared sentence end in it."""
    start = 0
    for k in ends:
        rows[-1].original.append(Piece("".join(left[start:k + 1]), "same"))
        rows[-1].copy.append(Piece("".join(right[start:k + 1]), "same"))
        rows.append(DiffRow())
        start = k + 1
    if start < len(left):
        rows[-1].original.append(Piece("".join(left[start:]), "same"))
        rows[-1].copy.append(Piece("".join(right[start:]), "same"))
