"""Metadata lines of scraped text: dates, bylines, outlet leads, URL lines and markup unwrapping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlparse

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?)?"
# Date shapes with a month name or an ISO form: a bare number never counts as a date.
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|{_WEEKDAY}\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}{_TIME}"
    rf"|{_WEEKDAY}{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}{_TIME})",
    re.IGNORECASE,
)
# All-numeric dates: "2025/03/11", "11.03.2025", "11/03/2025 9:30 am". Day and month are told
# apart only when that is certain: dots are day-first (European usage), a part over 12 is the
# day; "03/04/2025" could be either and is left undated rather than guessed.
_NUMERIC_DATE = re.compile(
    rf"\b(?:(?P<y1>\d{{4}})/(?P<m1>\d{{1,2}})/(?P<d1>\d{{1,2}})|(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y2>\d{{4}}))"
    rf"(?![\d/.]\d){_TIME}",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::\d{2})?\s*(?P<half>[ap])?", re.IGNORECASE)
# A date line is mostly its date: at most this many other words (e.g. "Published", "Updated").
DATE_LINE_EXTRA_WORDS = 3
# A relative or clock-only stamp ("2 days ago", "10:32 am"), as on comments and live posts.
_STAMP = re.compile(r"^(?:(?:about|posted|updated)\s+)?(?:\d+|an?|one)\s+(?:sec|second|min|minute|hr|hour|day|week|month|year)s?"
                    r"\s+ago\b.{0,20}$|^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?$", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^(?:published|updated|posted|first published|last updated|on|date)\b[:\s]*",
                         re.IGNORECASE)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|der|da|al|bin|el|la|le|di|du)){0,3}"
_BYLINE = re.compile(rf"^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Rr]eporting by)\s+(?P<names>{_NAME}(?:\s+(?:and|&)\s+{_NAME})*)"
                     rf"(?P<staff>\s+(?:staff|staff reporters?|reporters?|correspondents?|desk|bureau|wires?))?"
                     rf"(?:\s*(?:,|for|in|\||-|—)\s*(?P<rest>.*))?$")
_FOR_AGENCY = re.compile(rf"^(?P<names>{_NAME}(?:\s+(?:and|&)\s+{_NAME})*)\s+(?:for|/)\s+(?P<rest>[A-Z][\w .&-]{{1,40}})$")
# A breadcrumb trail: 2-8 short items (at most BREADCRUMB_ITEM_WORDS words, capitalised or numeric)
# joined by one kind of separator ("Home › World › Valdoria", "News | Sport | Weather").
_CRUMB_SEPARATOR = re.compile(r"\s+([›»>/|→·])\s+")
BREADCRUMB_ITEM_WORDS = 4
_BARE_NAME = re.compile(r"^[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}$")
_OUTLET_LEAD = re.compile(r"^(?P<outlet>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4}):\s+(?P<lead>\S.{30,})$")
# Labels that look like an "Outlet:" lead but introduce something else.
_NOT_OUTLETS = re.compile(r"^(?:source|photo|picture|image|credit|video|watch|read|update|updated|editor'?s? note|"
                          r"note|warning|breaking|exclusive|analysis|opinion|related|caption|listen|share)$",
                          re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>()\]]+")
_URL_LINE = re.compile(r"^(?:original\s+(?:url|link|article|source)|source\s+url|url|link|canonical)\s*:?\s*(?P<url>\S*)$",
                       re.IGNORECASE)
# "Source: Daily Times" or "Source: dailytimes.example"; a dot otherwise means a sentence follows.
_SOURCE_LINE = re.compile(r"^source:\s*(?P<source>[^.]{2,60}|(?:www\.)?[\w-]+(?:\.[\w-]+)+/?)$", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BULLET = re.compile(r"^(?:[•·▪●◦‣*+-]|\d{1,2}[.)])\s+")


@dataclass(slots=True)
class Byline:
    """Person names of a byline and what followed them (an agency or outlet, when given)."""

    names: str
    rest: str | None


def unwrap_markup(line: str) -> str:
    """Markdown links become their text, bold/italic markers and <url> brackets go, spaces collapse."""
    line = _MD_LINK.sub(r"\1", line)
    line = re.sub(r"\*\*|__", "", line)
    line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
    return " ".join(line.split())


def strip_bullet(line: str) -> str:
    """The line without a leading list bullet or number."""
    return _BULLET.sub("", line, count=1)


def is_numbered(line: str) -> bool:
    """True for a numbered list item ("3. world"): breadcrumbs and menus use them."""
    return bool(re.match(r"^\d{1,2}[.)]\s+", line))


def find_date(line: str) -> str | None:
    """ISO-8601 date (or datetime) when the line is essentially a date, else None."""
    match = _DATE.search(line) or _NUMERIC_DATE.search(line)
    if not match:
        return None
    rest = _DATE_LABEL.sub("", (line[: match.start()] + " " + line[match.end():]).strip(" ,|-—·"))
    if len(rest.split()) > DATE_LINE_EXTRA_WORDS:
        return None
    if match.re is _NUMERIC_DATE:
        return numeric_date(match)
    return parse_date(match.group())


def numeric_date(match: re.Match[str]) -> str | None:
    """ISO-8601 for an all-numeric date match (see _NUMERIC_DATE); None when day and month are ambiguous."""
    if match.group("y1"):
        year, month, day = int(match.group("y1")), int(match.group("m1")), int(match.group("d1"))
    else:
        year, a, b = int(match.group("y2")), int(match.group("a")), int(match.group("b"))
        if match.group("sep") == "." or (a > 12 >= b) or a == b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None
    try:
        day_iso = date(year, month, day).isoformat()
    except ValueError:
        return None
    date_end = match.end("d1") if match.group("y1") else match.end("y2")
    clock = _CLOCK.search(match.group(), date_end - match.start())  # the time after the date, within the match
    if not clock:
        return day_iso
    hour, minute = int(clock.group("h")), int(clock.group("m"))
    half = (clock.group("half") or "").lower()
    hour = hour % 12 + (12 if half == "p" else 0) if half else hour
    return f"{day_iso}T{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else day_iso


# A date written in a file name or record id: wire-service document ids (AGENCY19981016.0240) or
# dated slugs (2031-03-04-ferry-strike). The year range and a real calendar date keep the digits
# of a hash id from passing for one (none of Giveme5W1H's 383 hash ids match).
_NAME_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-_/]?([01][0-9])[-_/]?([0-3][0-9])(?![0-9])")


def date_in_name(name: str) -> str | None:
    """The ISO date written in a file name or id ("APW19981016.0240" -> "1998-10-16"), else None."""
    for match in _NAME_DATE.finditer(name):
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            continue
    return None


def is_timestamp(line: str) -> bool:
    """True for a line that is only a relative or clock time (a comment's or post's stamp)."""
    return bool(_STAMP.match(line.strip()))


def parse_date(text: str) -> str | None:
    """Parse one matched date string into ISO-8601 (date, or datetime when a time is given)."""
    iso = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?", text)
    if iso:
        day, clock, zone = iso.groups()
        if not clock:
            return day
        return f"{day}T{clock if clock.count(':') == 2 else clock + ':00'}{'+00:00' if zone == 'Z' else zone or ''}"
    parsed = _dateparser().parse(text, languages=["en"], settings={"STRICT_PARSING": True,
                                                                     "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        return None
    has_time = bool(re.search(r"\d{1,2}[:.]\d{2}", text))
    return parsed.isoformat(timespec="minutes") if has_time else parsed.date().isoformat()


@lru_cache(maxsize=1)
def _dateparser():
    """dateparser, imported once (it is slow to import)."""
    import dateparser

    return dateparser


def find_byline(line: str) -> Byline | None:
    """Names from "By X", "By X and Y, Agency" or "X for AFP" lines; None for anything else."""
    text = unwrap_markup(line).strip()
    if len(text.split()) > 14:
        return None
    match = _BYLINE.match(text) or _FOR_AGENCY.match(text)
    if not match:
        return None
    rest = (match.group("rest") or "").strip() or None
    names = match.group("names").strip()
    staff = (match.groupdict().get("staff") or "").strip()
    if staff:  # "By Reuters staff": the name is an organisation, credited as well as shown
        rest = ", ".join(part for part in (names, rest) if part)
        names = f"{names} {staff}"
    return Byline(names, rest)


def is_breadcrumb(line: str) -> bool:
    """True for a breadcrumb trail: short capitalised items joined by one repeated separator."""
    text = unwrap_markup(line).strip()
    separators = _CRUMB_SEPARATOR.findall(text)
    if not separators or len(set(separators)) != 1 or len(separators) > 7:
        return False
    items = _CRUMB_SEPARATOR.split(text)[::2]
    return all(0 < len(item.split()) <= BREADCRUMB_ITEM_WORDS and (item[:1].isupper() or item[:1].isdigit())
               for item in items)


def is_bare_name(line: str) -> bool:
    """A line that is only a person-like name (two or three capitalised words)."""
    return bool(_BARE_NAME.match(line.strip()))


def outlet_lead(line: str) -> tuple[str, str] | None:
    """("Daily Times", "President X said...") for an "Outlet: lead text" paragraph, else None."""
    match = _OUTLET_LEAD.match(line.strip())
    if not match or _NOT_OUTLETS.match(match.group("outlet")):
        return None
    return match.group("outlet"), match.group("lead")


def url_line(line: str) -> str | None:
    """The URL of an "Original url: <...>" line or of a line that is only a URL; "" for a bare label."""
    text = line.strip().strip("<>")
    labelled = _URL_LINE.match(text)
    if labelled:
        found = _URL.search(labelled.group("url"))
        return found.group() if found else ""
    bare = _URL.fullmatch(text)
    return bare.group() if bare else None


def source_line(line: str) -> str | None:
    """The name in a standalone "Source: X" line."""
    match = _SOURCE_LINE.match(line.strip())
    if not match:
        return None
    source = match.group("source").strip()
    return source.rstrip("/").removeprefix("www.") if "." in source else source


def outlet_from_url(url: str) -> str | None:
    """The site's domain without "www.", as an outlet name of last resort."""
    host = urlparse(url).netloc.lower()
    return host.removeprefix("www.") or None
