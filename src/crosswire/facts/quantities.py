"""Numbers in news sentences: figures, hedges ("some", "at least", "up to") and the range they allow."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

# Hedge words and the range of true values they leave open, as factors of the stated value.
# Calibrated on the disputes gold set: "about 7,000" must accept 6,700 (4 %) while "40" must
# still clash with "37" (an unhedged count is taken as exact).
_APPROX = 0.10  # "about", "some", "around": +/- 10 %
_ROUNDED = 0.05  # an unhedged round figure (1,000s): +/- 5 % (wire copy rounds big counts)
_OPEN_FACTOR = 3.0  # "at least 35" is open-ended; beyond 3x it is read as a different figure
_HEDGES = {
    "approx": ("some", "about", "around", "roughly", "approximately", "an estimated", "estimated", "close to",
               "nearly", "almost", "just under", "just over", "circa", "or so"),
    "lower": ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than", "no less than",
              "above", "exceeding"),
    "upper": ("up to", "as many as", "fewer than", "less than", "no more than", "under", "below", "at most"),
}
_HEDGE_OF = {phrase: kind for kind, phrases in _HEDGES.items() for phrase in phrases}
# "more than" or "more-than" ("the more-than 11 million documents")
_HEDGE_RE = "|".join(sorted((re.escape(p).replace(r"\ ", r"[\s-]") for p in _HEDGE_OF), key=len, reverse=True))

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
          "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
          "a dozen": 12, "a hundred": 100, "a thousand": 1000, "hundred": 100}
# Ordinal words and their numbers: a place in a race or a ranking ("finished third"), and what the
# briefing's support check compares (briefing.support).
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "m": 1e6, "bn": 1e9, "k": 1e3}
# Vague counts: they can agree with a figure but never make a dispute on their own.
_VAGUE = {"dozens": (24, 99), "scores": (40, 199), "hundreds": (200, 999), "thousands": (2000, 9999),
          "tens of thousands": (20000, 99999), "hundreds of thousands": (200000, 999999),
          "millions": (2e6, 9.9e6)}

_WORD_NUM = "|".join(sorted((re.escape(w) for w in _UNITS), key=len, reverse=True))
_NUMBER = (rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{_WORD_NUM})(?:[- ](?:{_WORD_NUM}))?)"
           r"(?:\s?(?P<scale>thousand|million|billion|bn|m|k)\b)?")
_VAGUE_RE = "|".join(sorted((re.escape(w) for w in _VAGUE), key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?P<vague>\b(?:{_VAGUE_RE})\b)|\b{_NUMBER}(?P<pct>\s?%|\s?(?:per ?cent|percent)\b)?(?P<age>-year-old\b)?",
    re.IGNORECASE,
)
# A hedge is looked for just before each number (cheaper than an optional group at every position).
# A currency sign may stand between ("more than $2 billion", "about $ 865,000", "some US$40m").
_HEDGE_BEFORE = re.compile(rf"\b(?P<hedge>{_HEDGE_RE})\s+(?:(?:US|A|C|S|HK)?[$\u00a3\u20ac]\s?)?$", re.IGNORECASE)
# A verb whose particle looks like a hedge ("ran over 10 people", "handed over 21 girls", "took
# over 3 firms"): seen on the real-news gold, "run over 10 more people" read as "more than 10".
_PARTICLE_VERB = re.compile(r"\b(?:run|runs|ran|running|hand|hands|handed|handing|took|take|takes|taken|taking|"
                            r"turn|turns|turned|turning|knock|knocked|roll|rolled|hold|held|pass|passed|"
                            r"mow|mowed|mown)\s+$", re.IGNORECASE)
_HEDGE_REACH = 24  # characters before a number searched for a hedge ("no fewer than", "an estimated")


@dataclass(slots=True, frozen=True)
class Quantity:
    """A figure found in text: its value, hedge, the range it allows and where it sits."""

    value: float
    low: float
    high: float
    hedge: str  # "" | approx | lower | upper | vague | rounded
    percent: bool
    age: bool
    start: int
    end: int
    text: str
    num_start: int = -1  # where the number itself starts, after any hedge
    unit: str = ""  # a unit written inside the figure: "mile" of "more than a mile" (see _hedged_one)

    @property
    def vague(self) -> bool:
        """True for "thousands"-style counts, which never make a dispute alone."""
        return self.hedge == "vague"


def _hedge_kind(written: str) -> str:
    """The kind of a hedge as written ("More than", "more-than", "an  estimated")."""
    return _HEDGE_OF[re.sub(r"[\s-]+", " ", written.lower())]


def parse_number(text: str, scale: str | None = None) -> float | None:
    """The value of "1,200", "1.2 million", "twelve", "twenty-five" (None when not a number)."""
    raw = text.lower().strip()
    if raw[0].isdigit():
        value = float(raw.replace(",", ""))
    else:
        parts = re.split(r"[- ]", raw.replace("a dozen", "a_dozen").replace("a hundred", "a_hundred")
                         .replace("a thousand", "a_thousand"))
        total = 0.0
        for part in parts:
            part = part.replace("_", " ")
            if part not in _UNITS:
                return None
            total = total * _UNITS[part] if part in ("hundred", "a hundred") and total else total + _UNITS[part]
        value = total
    if scale:
        value *= _SCALES[scale.lower()]
    return value


def _is_round(value: float) -> bool:
    """True for counts of 1,000 and more that end in three zeros (likely rounded in copy)."""
    return value >= 1000 and value % 1000 == 0


def _scaled_range(numeral: str, scale: str, value: float) -> tuple[float, float] | None:
    """The range of a figure written with a scale word, from the digits written: "103 billion" is
    103 +/- 0.5 billion (so not $105 billion), "11.5 million" 11.45-11.55 million, "2 million"
    1.5-2.5 million (a rounded count), and so "three million". None for numerals ending in zero
    ("100 billion", "twenty million"), which keep the general rounding allowance.

    Chosen on the real-news development gold (issue 14): with +/-5 % for every scaled figure,
    "$103 billion" and "$105 billion" for one offer could both be true.
    """
    digits = numeral.replace(",", "")
    if not digits[:1].isdigit():  # "three million" is written as coarsely as "3 million"
        number = parse_number(numeral)
        digits = str(int(number)) if number is not None and number == int(number) else ""
    if not digits or ("." not in digits and digits.endswith("0")):
        return None
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    half = 0.5 * 10 ** -decimals * _SCALES[scale.lower()]
    return value - half, value + half


def _rounding_unit(value: float) -> float:
    """10 for "40", 1,000 for "7,000", 1 for "37": how coarsely a round figure was stated."""
    if value != int(value) or value == 0:
        return 0.0
    unit, n = 1, int(value)
    while n % 10 == 0:
        unit, n = unit * 10, n // 10
    return float(unit) if unit > 1 else 0.0


def value_range(value: float, hedge: str, percent: bool) -> tuple[float, float]:
    """The interval of true values a stated figure allows, given its hedge."""
    if hedge == "approx":
        tolerance = max(value * _APPROX, _rounding_unit(value) / 2)
        return value - tolerance, value + tolerance
    if hedge == "lower":
        return value, (100.0 if percent else value * _OPEN_FACTOR)
    if hedge == "upper":
        return value / _OPEN_FACTOR, value
    if percent:
        decimals = len(repr(value).split(".")[1]) if value != int(value) else 0
        half = 0.5 * 10 ** -decimals
        return value - half, value + half
    if _is_round(value):
        return value * (1 - _ROUNDED), value * (1 + _ROUNDED)
    return value, value


# "one in five", "1 in 8", "one out of every five": a share told as a ratio (Multi-News and census
# stories write shares so). Whole denominators up to 1,000; "one in a million" is an idiom.
_ONE_IN = re.compile(rf"\b(?:one|1)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<n>\d{{1,3}}|{_WORD_NUM})\b(?!\s*(?:%|per ?cent|million|billion))",
                     re.IGNORECASE)


def _one_in(sentence: str) -> list[Quantity]:
    """Shares told as "one in N", as percentages: "one in five" is 20 %, and its range is the
    ratio rounded to a whole N (18.2-22.2 %), widened by a hedge ("about one in five")."""
    found = []
    for m in _ONE_IN.finditer(sentence):
        n = parse_number(m.group("n"))
        if not n or n < 2:
            continue
        hedged = _HEDGE_BEFORE.search(sentence, max(0, m.start() - _HEDGE_REACH), m.start())
        hedge = _hedge_kind(hedged.group("hedge")) if hedged else ""
        start = hedged.start() if hedged else m.start()
        value, low, high = 100 / n, 100 / (n + 0.5), 100 / (n - 0.5)
        if hedge == "approx":
            low, high = low * (1 - _APPROX), high * (1 + _APPROX)
        elif hedge in ("lower", "upper"):
            low, high = value_range(value, hedge, True)
        found.append(Quantity(value, low, high, hedge or "rounded", True, False, start, m.end(),
                              sentence[start:m.end()], m.start()))
    return found


# "more than a mile", "nearly an hour", "almost a year": a hedged "a" before a unit of distance or
# time is the figure one (the Nice attack's gold: four reports drove the truck "more than a mile").
# Only hedged: a bare "a mile" or "a day" is rarely a figure a report states.
_HEDGED_ONE = re.compile(rf"\b(?P<hedge>{_HEDGE_RE})\s+(?P<num>an?)\s+(?P<unit>mile|kilometre|kilometer|km|metre|meter|"
                         r"foot|yard|hour|day|week|month|year|decade|century|minute|second)\b", re.IGNORECASE)


def _hedged_one(sentence: str) -> list[Quantity]:
    """The figure one that a hedged "a mile" states ("more than a mile"), with its unit (see _HEDGED_ONE)."""
    found = []
    for m in _HEDGED_ONE.finditer(sentence):
        hedge = _hedge_kind(m.group("hedge"))
        low, high = value_range(1.0, hedge, False)
        found.append(Quantity(1.0, low, high, hedge, False, False, m.start(), m.end(), m.group(), m.start("num"),
                              m.group("unit").lower()))
    return found


@lru_cache(maxsize=4096)
def find_quantities(sentence: str) -> tuple[Quantity, ...]:
    """Every figure in a sentence, with its hedge and allowed range (years and times skipped).

    Cached: the facts stage asks for a sentence's figures more than once.
    """
    ratios = _one_in(sentence) + _hedged_one(sentence)
    found = []
    for m in QUANTITY.finditer(sentence):
        if any(r.num_start <= m.start() < r.end for r in ratios):
            continue  # the "five" of "one in five"
        hedged = _HEDGE_BEFORE.search(sentence, max(0, m.start() - _HEDGE_REACH), m.start())
        if hedged and _PARTICLE_VERB.search(sentence, max(0, hedged.start() - 12), hedged.start()):
            hedged = None  # "ran over 10 more people": the verb's particle, no hedge
        start = hedged.start() if hedged else m.start()
        text = sentence[start:m.end()]
        hedge = _hedge_kind(hedged.group("hedge")) if hedged else ""
        if m.group("vague"):
            low, high = _VAGUE[m.group("vague").lower()]
            found.append(Quantity((low + high) / 2, low, high, "vague", False, False, start, m.end(), text,
                                  m.start()))
            continue
        if _not_a_count(sentence, m, bool(hedged)):
            continue
        metres = _metres_not_million(sentence, m)
        value = parse_number(m.group("num"), None if metres else m.group("scale"))
        if value is None or math.isnan(value):
            continue
        percent = bool(m.group("pct"))
        low, high = value_range(value, hedge, percent)
        if m.group("scale") and not metres and not hedge and not percent:
            low, high = _scaled_range(m.group("num"), m.group("scale"), value) or (low, high)
        if not hedge and not percent and _is_round(value):
            hedge = "rounded"
        end = m.end("num") if metres else m.end()
        found.append(Quantity(value, low, high, hedge, percent, bool(m.group("age")), start, end,
                              sentence[start:end], m.start("num")))
    return tuple(sorted(_ranges(sentence, found) + ratios, key=lambda q: q.start))


# After "40m" glued, words that make it a length, not 40 million: a measure's adjective or direction.
_LENGTH_AFTER = re.compile(r"-?[a-z]+|\s+(?:deep|high|tall|long|wide|down|up|away|below|above|from|into|"
                           r"under|across|of\s+(?:water|snow|rain)|(?!people|children|men|women|staff|cattle)[a-z]+(?<!s))\b")
_CURRENCY_NEAR = re.compile(r"[$£€]\s?$|\b(?:US|A|C|S|HK)\$\s?$")
_MONEY_AFTER = re.compile(r"\s+(?:euros?|dollars?|pounds?|yuan|yen|rupees?|francs?|a\b|an\b|the\b|and\b|or\b|"
                          r"in\b|to\b|for\b|of\b|on\b|at\b|with\b|by\b|is\b|was\b|were\b|are\b)", re.IGNORECASE)


def _metres_not_million(sentence: str, m: re.Match[str]) -> bool:
    """True when a glued lower-case "m" after digits is metres, not millions: "the 50m dry
    shaft", "a 70m-deep pit", "dug 9m down" are lengths, "£40m", "40m people", "3m a year" are not.

    British reports write both; money has a currency sign before it and a count has a plural noun
    after it, so a glued "m" with neither is read as metres. Chosen on the real-news development
    gold (issue 14: well depths read as 40 million "dry" and 80 million "deep").
    """
    scale = m.group("scale")
    if scale != "m" or m.start("scale") != m.end("num"):
        return False
    if _CURRENCY_NEAR.search(sentence, max(0, m.start() - 4), m.start()):
        return False
    after = sentence[m.end():m.end() + 30]
    return bool(_LENGTH_AFTER.match(after)) and not _MONEY_AFTER.match(after)


# After "4-12": words that make it a won-lost record or a score, not a range.
_RECORD_AFTER = re.compile(r"\s+(?:season|record|win|victory|defeat|loss|lead|finish|campaign|run)\b", re.IGNORECASE)
# Between a range's two figures: "to", a dash, "or", "and" (after "between"), and the currency
# symbol of the second figure ("$1 billion to $3 billion").
_RANGE_GAP = re.compile(r"\s*(?:to|-|\u2013|or|and)\s*(?:(?:US|A|C|S|HK)?[$\u00a3\u20ac]\s?)?", re.IGNORECASE)
# Hedges a range's ends may carry: none, or "rounded" (a figure given to its scale word, "3 billion").
_RANGE_END_HEDGES = ("", "rounded")


def _ranges(sentence: str, found: list[Quantity]) -> list[Quantity]:
    """Join "10 to 12 (feet)", "30-50", "between 5 and 7" into one figure holding the whole range.

    A range is what its source said: it agrees with any figure inside it and clashes only with
    figures outside ("10 to 12 feet" fits "about 12 feet", not "15 feet").
    """
    joined: list[Quantity] = []
    for q in found:
        prev = joined[-1] if joined else None
        gap = sentence[prev.end:q.num_start] if prev else ""
        if (prev and prev.hedge in _RANGE_END_HEDGES and q.hedge in _RANGE_END_HEDGES and not prev.percent
                and not q.age and prev.value < q.value
                and _RANGE_GAP.fullmatch(gap) and (gap.strip().lower() != "and"
                                                   or sentence[:prev.start].rstrip().lower().endswith("between"))):
            if gap == "-" and _RECORD_AFTER.match(sentence, q.end):
                joined.pop()  # "a 4-12 season": a won-lost record (a score), not a range nor two counts
                continue
            joined[-1] = Quantity((prev.value + q.value) / 2, prev.low, q.high, "range", q.percent, False,
                                  prev.start, q.end, sentence[prev.start:q.end], prev.num_start)
        else:
            joined.append(q)
    return joined


# A month's name or abbreviation as a whole word: "Lap 14 Marla" and "Decker 12" name no month.
_MONTH_ABBR = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
               r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b")
_MONTH_BEFORE = re.compile(rf"\b{_MONTH_ABBR}\.?\s$")
_MONTH_AFTER = re.compile(rf"\s?(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH_ABBR}")
_CLOCK_AFTER = re.compile(r"[:.]\d\d|\s?(?:a\.?m\.?|p\.?m\.?|gmt|utc)\b", re.IGNORECASE)
_ONE_PERSON = re.compile(r"\s+(?:person|man|woman|child|people)")


_CODE_BEFORE = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z0-9]*-$")


def _not_a_count(sentence: str, m: re.Match[str], hedged: bool) -> bool:
    """True for digits that are years, clock times, calendar days or part of a code ("F-16"), and
    for a bare "one"."""
    num = m.group("num")
    before = sentence[max(0, m.start() - 12):m.start()]
    after = sentence[m.end():m.end() + 12]
    is_year = num.isdigit() and len(num) == 4 and 1800 <= int(num) <= 2100 and not m.group("pct")
    is_clock = bool(_CLOCK_AFTER.match(after))
    is_day = num.isdigit() and bool(_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after))  # "March 3"
    lone_one = num.lower() == "one" and not hedged and not _ONE_PERSON.match(after)  # "one of the"
    is_code = bool(_CODE_BEFORE.search(before))  # "F-16", "COVID-19", "RX J1131-1231": part of a name
    return is_year or is_clock or is_day or lone_one or is_code


def compatible(a: Quantity, b: Quantity) -> bool:
    """True when two figures can both be right (their allowed ranges overlap)."""
    return a.low <= b.high and b.low <= a.high


def format_value(q: Quantity) -> str:
    """A short display form: "1,200", "about 7,000", "52.3%", "at least 35"."""
    return q.text.strip()
