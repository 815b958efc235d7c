"""Line scoring for scraped text: which lines of a copied-off page are article prose.

Every line gets features (length, punctuation, capitalisation, links, known boilerplate shapes,
how many articles of the batch repeat it, copies counting once, similarity to the page's topic),
a logistic score combines them, and the article is the word-weighted run of lines that scores
best (a maximum sub-array), so navigation, teasers, comments and footers outside it fall away
together.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..text import content_words, words

# --- Calibration -----------------------------------------------------------------------------
# Weights and thresholds were set by hand on the fictional pages in tests/fixtures/scraped/ and
# the unit tests, then checked, unchanged per page, on the clutter benchmark
# (benchmarks/clutter.py); the one exception is GAP_COST, chosen on that benchmark (see there).
# Moving TOPIC_WEIGHT (4 -> 7), TOPIC_BASE (0.12 -> 0.18), KEEP_THRESHOLD (0.5 -> 0.65) or
# BLOCK_THRESHOLD (0.5 -> 0.6) changed benchmark F1 by at most 0.005. A line's logit is the sum of these terms.
BIAS = -2.6
WORD_WEIGHT = 0.22  # per word, up to WORD_CAP: a 12-word line gains ~2.6, enough to offset BIAS
WORD_CAP = 25
SENTENCE_END_WEIGHT = 1.6  # ends like prose (. ! ? or a closing quote after one)
SENTENCES_WEIGHT = 0.4  # per extra sentence inside the line, up to 3
TITLE_CASE_WEIGHT = -2.0  # times the share of capitalised words beyond TITLE_CASE_BASE
TITLE_CASE_BASE = 0.35  # prose has roughly a third capitalised words; headlines and menus more
LINK_WEIGHT = -2.5  # markdown link / bare URL / "Read more" arrow lines
BOILERPLATE_WEIGHT = -3.5  # a known clutter shape (share, subscribe, cookie, copyright...)
REPEAT_WEIGHT = -1.8  # per doubling of articles in the batch holding the same line (copies count once)
ECHO_WEIGHT = -4.0  # repeated inside the page, or the start of the next line (alt text, pull quote)
TOPIC_WEIGHT = 4.0  # times (similarity to topic centroid - TOPIC_BASE)
TOPIC_BASE = 0.12  # a prose line of the article shares about this much with the centroid
DIGIT_WEIGHT = -3.0  # times the share of characters that are digits (tables, scores, dates)

# A line belongs to the article when its probability clears this; the main block is the run of
# lines maximising sum(words * (p - BLOCK_THRESHOLD)). 0.5 was the balance point on fixtures.
KEEP_THRESHOLD = 0.5
BLOCK_THRESHOLD = 0.5
# Every line below the threshold costs at least this many "words" in that sum, so a run of short
# clutter lines (comment authors, dates, "Reply") cuts the article off from what follows it.
# Chosen ON THE CLUTTER BENCHMARK among 3 / 6 / 10 / 15 (mean F1 .889 / .893 / .882 / .869):
# lower keeps more trailing clutter, higher cuts articles at their lists and crossheads.
GAP_COST = 6.0
# Cost of a break line (standalone date or byline) inside the article: worth a long paragraph,
# so comment threads, whose every post opens with a date, stay outside the article.
BREAK_COST = 40.0
# Lines that seed the topic centroid: long prose lines (calibrated: 15 words excludes teasers
# and captions on the fixtures, while every article paragraph of them qualifies).
CENTROID_MIN_WORDS = 15
# A short line between kept lines is a crosshead (kept) when it has at most this many words.
CROSSHEAD_MAX_WORDS = 10
CREDIT_WEIGHT = -4.0  # a line ending in a picture credit is a caption, whatever its length
# A line of at least KEYWORDS_MIN_WORDS words without a single punctuation mark is a tag cloud or
# a menu run together, never prose: on the clutter benchmark's 32,000 lines, all 7 such lines (on
# 6 of 181 pages) were clutter, and no article line (30 words would also catch an unpunctuated
# article line). Its length would otherwise make it the strongest "paragraph" on its page. On
# that benchmark: rules alone F1 .897 -> .903; line model, mean of 3 CV splits, .9266 -> .9320
# (precision .955 -> .958). The weight only has to outweigh the length term (25 words: +5.5).
KEYWORDS_MIN_WORDS = 40
KEYWORDS_WEIGHT = -8.0

_SENTENCE_FINAL = re.compile(r"[.!?…][\"'\u201d\u2019)\]]*$|[\"\u201d]$")
# Punctuation of any script (Latin, CJK full-width, Arabic): prose of 40 words always has some.
_PUNCTUATION = re.compile(r"[.,;:!?\u3001\u3002\uff0c\uff01\uff1f\uff1b\uff1a\u060c\u061b\u061f]")
_INNER_SENTENCE = re.compile(r"[.!?][\"'\u201d\u2019]?\s+[A-Z\"\u201c]")
_LINK = re.compile(r"^\W*\[[^\]]*\]\([^)]*\)\W*$|https?://|www\.\w|^<[^>]+>$|[»›→]\s*$|^\W*(read|see|view) (more|all)\b",
                   re.IGNORECASE)
# Shapes of page furniture, as ONE feature among the others: generic wording of sharing,
# subscribing, commenting, legal footers, media players and reading-time badges. (Verbose
# pattern: a space inside a phrase must be escaped, or "skip to" would only match "skipto".)
_BOILERPLATE = re.compile(
    r"""\b(share\ (this|on|via)|share$|tweet|follow\ us|subscribe|newsletter|sign\ (in|up)|log\ ?in|
    cookies?|privacy\ (policy|notice)|terms\ (of|and)\ (use|service|conditions)|all\ rights\ reserved|
    copyright|©|\(c\)\ \d{4}|advertisement|sponsored|related\ (article|stories|content|posts?)|
    (leave|post|add|write)\ a\ (comment|reply)|comments?$|email\ address|required\ fields|
    your\ (email|name|comment)|enter\ your|not\ supported\ on\ your\ (device|browser)|media\ playback|
    playback|read\ more|more\ from|you\ may\ (also\ )?(like|read)|recommended|
    trending|most\ (read|popular|viewed)|click\ here|download\ (the|our)\ app|skip\ to|
    back\ to\ top|page\ \d+\ of\ \d+|image\ (copyright|source|caption)|(photo|picture|image)s?:\s|getty\ images)\b
    |(media|image|video|photo)\ (caption|legend)|\b\d+\s+(comments?|responses?|replies)\b|^reply$|\d+\s*min(ute)?s?\s+read""",
    re.IGNORECASE | re.VERBOSE,
)
# A picture credit closing a caption ("... Picture: PA", "Photo: Jo Bloggs / Agency", "**Name / Agency**").
_CREDIT = re.compile(r"\b(?:picture|photo|image|source|credit|photograph|illustration)s?(?: by)?:\s*[^.!?]{1,60}$"
                     r"|\*\*[^*]+\s/\s[^*]+\*\*\s*$|\((?:photo|picture|image)[^)]*\)\s*$|\b(?:getty images|shutterstock)\W*$",
                     re.IGNORECASE)


# A photo gallery's slide captions ("3/34 28 November 2017 A caption ... Agency"): a line that opens
# with the slide's number out of the gallery's size. A run of at least GALLERY_MIN_SLIDES such
# lines counting up to one size is a gallery pasted under the article, never its prose (on the
# Giveme5W1H events two pages end in one: 34 dated captions of other news and 30 of space photos).
GALLERY_MIN_SLIDES = 3
_SLIDE = re.compile(r"^(\d{1,3})/(\d{1,3})\s")
_GALLERY_COUNT = re.compile(r"^(\d{1,3}) show all\b", re.IGNORECASE)


@dataclass(slots=True)
class LineScore:
    """One line's features and the probability that it is article prose."""

    text: str
    words: int
    sentence_end: bool
    boilerplate: bool
    link: bool
    credit: bool
    echo: bool
    repeats: int
    topic: float
    probability: float


def score_lines(lines: list[str], repeats: list[int]) -> list[LineScore]:
    """Score every line: a first pass without topic finds the prose, whose centroid rescores all.

    ``repeats[i]`` is how many documents of the batch hold line ``i`` (1 when only this one), copies of
    one article counting once (``extract.corpus_line_counts``).
    """
    echoes = echo_flags(lines)
    first = [_score(line, n, echo, None) for line, n, echo in zip(lines, repeats, echoes)]
    start, end = main_block([s.probability for s in first], [s.words for s in first])
    centroid = topic_centroid([s.text for s in first[start:end] if s.words >= CENTROID_MIN_WORDS]
                              or [s.text for s in first if s.words >= CENTROID_MIN_WORDS])
    return [_score(line, n, echo, centroid) for line, n, echo in zip(lines, repeats, echoes)]


def echo_flags(lines: list[str]) -> list[bool]:
    """Lines that repeat within the page or start a neighbouring line (alt text over its caption)."""
    counts = Counter(line.lower() for line in lines)
    flags = []
    for i, line in enumerate(lines):
        low = line.lower().rstrip(".")
        neighbours = [lines[j].lower() for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        prefix = any(other != line.lower() and other.startswith(low) for other in neighbours)
        flags.append(counts[line.lower()] > 1 or prefix)
    return flags


def keep_flags(scores: list[LineScore], breaks: set[int] | frozenset[int] = frozenset(), *,
               threshold: float | None = None, gap_cost: float = GAP_COST) -> list[bool]:
    """Which lines are article text: good lines inside the main block, plus its crossheads.

    ``breaks`` are lines that end an article when met inside it (a standalone date or byline
    after the prose began is a comment's or another story's header). ``threshold`` (for both the
    block and the lines kept) and ``gap_cost`` are set by the line model; the rules' by default.
    """
    probabilities = [s.probability for s in scores]
    block = BLOCK_THRESHOLD if threshold is None else threshold
    start, end = main_block(probabilities, [s.words for s in scores], breaks, threshold=block, gap_cost=gap_cost)
    keep_at = KEEP_THRESHOLD if threshold is None else threshold
    keep = [start <= i < end and s.probability >= keep_at for i, s in enumerate(scores)]
    for i in range(start, end):
        if not keep[i] and _is_crosshead(scores, keep, i):
            keep[i] = True
    return keep


def _is_crosshead(scores: list[LineScore], keep: list[bool], index: int) -> bool:
    """A short heading inside the article: prose kept before and after it, no clutter traits."""
    line = scores[index]
    kept_before = [j for j in range(index) if keep[j]]
    before = bool(kept_before) and scores[kept_before[-1]].sentence_end
    after = index + 1 < len(keep) and keep[index + 1]
    return (before and after and 0 < line.words <= CROSSHEAD_MAX_WORDS and not line.boilerplate
            and not line.link and line.repeats <= 1 and not line.text.rstrip().endswith((":", ","))
            and not line.credit and not line.echo)


def main_block(probabilities: list[float], word_counts: list[int],
               breaks: set[int] | frozenset[int] = frozenset(), *,
               threshold: float = BLOCK_THRESHOLD, gap_cost: float = GAP_COST) -> tuple[int, int]:
    """[start, end) of the run maximising the word-weighted sum of (p - threshold).

    Kadane's maximum sub-array: linear, and one contiguous article region wins over scattered
    prose-like lines (teasers, comments) elsewhere on the page.
    """
    best, best_span = 0.0, (0, 0)
    running, run_start = 0.0, 0
    for i, (p, n) in enumerate(zip(probabilities, word_counts)):
        if running <= 0:
            running, run_start = 0.0, i
        if n == 0 and i not in breaks:  # a rule or bullet with no words neither joins nor splits
            continue
        value = n * (p - threshold)
        running += value if value > 0 else min(value, -(BREAK_COST if i in breaks else gap_cost))
        if running > best:
            best, best_span = running, (run_start, i + 1)
    return best_span


def topic_centroid(lines: list[str]) -> dict[str, float]:
    """Normalised content-word frequencies of the given lines (the page's topic)."""
    counts = Counter(w for line in lines for w in set(content_words(line)) if len(w) > 2 and not w.isdigit())
    norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
    return {w: c / norm for w, c in counts.items()}


def topic_similarity(line: str, centroid: dict[str, float]) -> float:
    """Cosine between the line's content words and the centroid (0 when either is empty)."""
    bag = Counter(w for w in content_words(line) if len(w) > 2 and not w.isdigit())
    norm = math.sqrt(sum(c * c for c in bag.values()))
    if not norm or not centroid:
        return 0.0
    return sum(c * centroid.get(w, 0.0) for w, c in bag.items()) / norm


def word_count(line: str) -> int:
    """Words of the line; for Chinese/Japanese/Korean text, two characters count as one word."""
    cjk = sum(1 for ch in line if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")
    return max(len(words(line)), cjk // 2)


def _score(line: str, repeats: int, echo: bool, centroid: dict[str, float] | None) -> LineScore:
    """Features of one line and their logistic combination."""
    n = word_count(line)
    sentence_end = bool(_SENTENCE_FINAL.search(line.strip()))
    boilerplate = bool(_BOILERPLATE.search(line)) and n < 30
    link = bool(_LINK.search(line))
    credit = bool(_CREDIT.search(line))
    topic = topic_similarity(line, centroid) if centroid else TOPIC_BASE
    alpha = [t for t in line.split() if t[:1].isalpha()]
    capitalised = sum(t[0].isupper() for t in alpha) / len(alpha) if alpha else 1.0
    digits = sum(ch.isdigit() for ch in line) / max(len(line), 1)
    logit = (BIAS + WORD_WEIGHT * min(n, WORD_CAP) + SENTENCE_END_WEIGHT * sentence_end
             + SENTENCES_WEIGHT * min(len(_INNER_SENTENCE.findall(line)), 3)
             + TITLE_CASE_WEIGHT * max(capitalised - TITLE_CASE_BASE, 0.0) * (n > 2)
             + LINK_WEIGHT * link + BOILERPLATE_WEIGHT * boilerplate + CREDIT_WEIGHT * credit
             + REPEAT_WEIGHT * math.log2(max(repeats, 1)) + ECHO_WEIGHT * echo
             + TOPIC_WEIGHT * (topic - TOPIC_BASE) + DIGIT_WEIGHT * digits
             + KEYWORDS_WEIGHT * (n >= KEYWORDS_MIN_WORDS and not _PUNCTUATION.search(line)))
    return LineScore(line, n, sentence_end, boilerplate, link, credit, echo, repeats, topic, 1 / (1 + math.exp(-logit)))


def drop_photo_galleries(text: str) -> str:
    """``text`` without photo-gallery slide captions: runs of GALLERY_MIN_SLIDES or more lines
    numbered "k/N" with one N and k rising (a slide may be missing), and the gallery's
    "N show all ..." line right before a run. Captions tell other news (dated, with names and
    figures) that the facts stage would otherwise take for the article's own."""
    lines = text.split("\n")
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        run = _slide_run(lines, i)
        if len(run) >= GALLERY_MIN_SLIDES:
            drop.update(run)
            size = _SLIDE.match(lines[i]).group(2)
            if i > 0 and (m := _GALLERY_COUNT.match(lines[i - 1])) and m.group(1) == size:
                drop.add(i - 1)
            i = run[-1] + 1
        else:
            i += 1
    return "\n".join(line for n, line in enumerate(lines) if n not in drop) if drop else text


def _slide_run(lines: list[str], start: int) -> list[int]:
    """Indices of the slide captions counting up from ``lines[start]`` (empty when it is none)."""
    first = _SLIDE.match(lines[start])
    if not first or int(first.group(1)) > int(first.group(2)):
        return []
    size, last, run = first.group(2), int(first.group(1)), [start]
    for n in range(start + 1, len(lines)):
        m = _SLIDE.match(lines[n])
        if not m or m.group(2) != size or not last < int(m.group(1)) <= int(size):
            break
        last, run = int(m.group(1)), run + [n]
    return run
