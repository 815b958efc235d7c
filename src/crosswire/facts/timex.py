"""Time expressions (weekdays, dates, "yesterday") resolved against an article's publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {m: n for n, ms in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")), start=1) for m in ms}
MONTHS = frozenset(_MONTHS)  # month names and abbreviations, lower-case
_MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
TIMEX = re.compile(
    rf"\b(?:(?P<wd>{'|'.join(WEEKDAYS)})(?:'s)?(?:\s*,?\s*(?P<wd_md>{_MONTH_RE}\s+{_DAY_RE}|{_DAY_RE}\s+{_MONTH_RE}))?"
    rf"|(?P<md>{_MONTH_RE}\s+{_DAY_RE})(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<dm>{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE})(?:,?\s+(?P<y2>(?:19|20)\d\d))?"
    r"|(?P<shift>the day|the next day|(?:two|three|four|\d) days) (?P<dir>after|before) (?:the |a |an |his |her |their )?"
    r"(?P<anchor>(?!the\b|a\b|an\b)(?-i:[a-z]+))"
    r"|(?P<rel>yesterday|today|tonight|last night|this morning|the day before|the previous day)"
    r"|(?P<hol>New Year['\u2019]s (?:Eve|Day)|Christmas (?:Eve|Day)|Boxing Day|Valentine['\u2019]s Day|Halloween|"
    r"Fourth of July|Bastille Day))\b",
    re.IGNORECASE,
)
# Holidays on a fixed day of the year ("a New Year's Eve plane crash"): month and day.
HOLIDAYS = {"new year's eve": (12, 31), "new year's day": (1, 1), "christmas eve": (12, 24),
            "christmas day": (12, 25), "boxing day": (12, 26), "valentine's day": (2, 14), "halloween": (10, 31),
            "fourth of july": (7, 4), "bastille day": (7, 14)}
FUTURE_DAYS_TOLD = 180  # a planned month-day is read in the publication year up to this far ahead
# A month-day with no plan told, more than this far after publication, is last year's. Read off two
# Giveme5W1H cases: attacks of a 13 November recalled in a July story (last year's) and a
# shareholders' meeting on a 6 March named in a February story (that year's, a month ahead); any value from 30 to 120
# reads both right.
PAST_SLACK_DAYS = 60
FUTURE_WINDOW = 60  # characters before a weekday searched for "will", "planned": the verb's reach
# "called for a protest on Wednesday", "urged supporters to march on Friday" tell a plan too (a
# Multi-News cluster read by hand set such a day against the day clashes broke out), and so do
# "expected Wednesday" and "perhaps by Friday" (a DUC 2004 story set them against the vote's day).
_FUTURE = re.compile(r"\b(?:will|would|plan(?:s|ned)?|planning|due to|scheduled|expected to|set to|next|"
                     r"call(?:s|ed|ing)? for|urg(?:es|ed|ing)|vow(?:s|ed)? to|intends? to|expected|perhaps|possibly)\b",
                     re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class TimeRef:
    """A time expression: the weekday it names and, when resolvable, the calendar date."""

    text: str
    start: int
    end: int
    weekday: int | None  # 0 = Monday
    day: date | None
    anchor: str = ""  # "election" in "the day after the election": resolved later against the story
    shift: int = 0  # days after (negative: before) the anchor event
    # How ``day`` was found: "date" (written: "Dec. 31"), "weekday" (a bare weekday placed in the
    # week before publication), "relative" ("yesterday", "last night": depends on the reader's
    # time zone and the page's date, so it can agree but never make a dispute), "holiday" ("New
    # Year's Eve": a written day without digits) or "anchor".
    source: str = "date"
    # Told as planned ("scheduled to blast off Tuesday", "will meet on Friday"): plans move, so a
    # planned day may agree with others but never makes a dispute.
    planned: bool = False

    def label(self) -> str:
        """A display value: "Sat 15 Aug 2020", "15 Aug", or "Saturday"."""
        if self.day:
            return self.day.strftime("%a %d %b %Y")
        return WEEKDAYS[self.weekday].capitalize() if self.weekday is not None else self.text


def published_date(published: str | None) -> date | None:
    """The date part of an ISO-8601 ``published`` string (None when absent or unreadable)."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_day(text: str) -> tuple[int, int]:
    """(month, day) from "March 3", "3 March", "3rd of March", "Aug. 9"."""
    parts = re.findall(r"[a-z]+|\d+", text.lower())
    month = next(_MONTHS[p] for p in parts if p in _MONTHS)
    day = int(next(p for p in parts if p.isdigit()))
    return month, day


def _safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None for impossible ones (30 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_weekday(weekday: int, reference: date, future: bool) -> date:
    """The date of the nearest ``weekday`` before (or, for future tense, after) ``reference``."""
    if future:
        return reference + timedelta(days=(weekday - reference.weekday()) % 7)
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def find_times(sentence: str, published: date | None) -> list[TimeRef]:
    """Every time expression in a sentence, resolved against the publication date when known."""
    found = []
    for m in TIMEX.finditer(sentence):
        future = bool(_FUTURE.search(sentence, max(0, m.start() - FUTURE_WINDOW), m.start()))
        weekday, day, source = None, None, "date"
        if m.group("wd"):
            weekday = WEEKDAYS.index(m.group("wd").lower())
            if m.group("wd_md"):
                day = _dated(m.group("wd_md"), None, published)
            elif published:
                day = resolve_weekday(weekday, published, future)
                source = "weekday"
        elif m.group("shift"):
            found.append(TimeRef(m.group(), m.start(), m.end(), None, None, m.group("anchor").lower(),
                                 _shift(m.group("shift"), m.group("dir"))))
            continue
        elif m.group("md") or m.group("dm"):
            day = _dated(m.group("md") or m.group("dm"), m.group("y1") or m.group("y2"), published, future)
        elif m.group("hol"):
            day, source = _holiday(m.group("hol"), published), "holiday"
        else:
            day, source = _relative(m.group("rel").lower(), published), "relative"
        if day and weekday is None:
            weekday = day.weekday()
        found.append(TimeRef(m.group(), m.start(), m.end(), weekday, day, source=source, planned=future))
    return found


def _shift(amount: str, direction: str) -> int:
    """Days between an anchor event and "the day after" / "two days before" it."""
    word = amount.split()[0].lower()
    n = {"the": 1, "two": 2, "three": 3, "four": 4}.get(word) or (int(word) if word.isdigit() else 1)
    return n if direction.lower() == "after" else -n


def anchored(ref: TimeRef, anchor_day: date) -> TimeRef:
    """A relative reference resolved once its anchor event's date is known."""
    day = anchor_day + timedelta(days=ref.shift)
    return TimeRef(ref.text, ref.start, ref.end, day.weekday(), day, ref.anchor, ref.shift, "anchor")


def _dated(text: str, year: str | None, published: date | None, future: bool = True) -> date | None:
    """A month-day expression as a date: its own year, else the publication year, or the year
    before when that date lies ahead of the story: more than FUTURE_DAYS_TOLD ahead when the
    sentence tells a plan ("will meet on November 13"), more than PAST_SLACK_DAYS when it does not
    (a July 2016 story recalling attacks of a 13 November meant 2015)."""
    month, dd = _month_day(text)
    if year:
        return _safe_date(int(year), month, dd)
    if published:
        day = _safe_date(published.year, month, dd)
        ahead = FUTURE_DAYS_TOLD if future else PAST_SLACK_DAYS
        if day and day > published + timedelta(days=ahead):
            day = _safe_date(published.year - 1, month, dd)  # "December 30" in a January story
        return day
    return None


def _holiday(name: str, published: date | None) -> date | None:
    """A fixed-day holiday's date in the publication year (the year before for a Christmas or New
    Year's Eve told in a January story, as for written dates)."""
    if not published:
        return None
    month, dd = HOLIDAYS[name.lower().replace("\u2019", "'")]
    day = date(published.year, month, dd)
    return date(published.year - 1, month, dd) if day > published + timedelta(days=180) else day


def _relative(word: str, published: date | None) -> date | None:
    """"yesterday", "today", "last night" against the publication date."""
    if not published:
        return None
    if word in ("yesterday", "last night", "the day before", "the previous day"):
        return published - timedelta(days=1)
    if word == "the next day":
        return None  # relative to an event, not to publication: left unresolved
    return published


def same_time(a: TimeRef, b: TimeRef) -> bool | None:
    """True/False when two references name the same/different day; None when they cannot be compared.

    A bare weekday was placed in the week before publication, which a late or misdated page gets
    wrong: it is compared by weekday only ("On Sunday" on a page dated two weeks later is still
    the Sunday of the event).
    """
    if "weekday" in (a.source, b.source) and a.weekday is not None and b.weekday is not None:
        bare, other = (a, b) if a.source == "weekday" else (b, a)
        if other.source == "date" and bare.day and other.day and bare.day < other.day:
            return False  # a page published before a written date cannot be telling of that day
        return a.weekday == b.weekday
    if a.day and b.day:
        return a.day == b.day
    if a.weekday is not None and b.weekday is not None:
        return a.weekday == b.weekday
    return None
