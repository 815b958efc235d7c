"""Wire agencies credited or cited by an article (bylines, datelines, "told AFP" citations).

Only text credits count: a photo credit ("Picture: PA", "Photo: AFP") says who took a picture,
not who supplied the words, so captions are ignored (and the scraped cleaner has removed them
from ``text`` already). Names are normalised to short canonical forms ("AP", "AFP", "PA"...).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import Article

# Canonical name -> spellings. Short all-caps acronyms are matched case-sensitively as whole
# words; the long names case-insensitively.
_AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("AP", "Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Reuters": ("Reuters", "REUTERS"),
    "PA": ("PA Media", "Press Association", "PA news agency", "PA"),
    "Bloomberg": ("Bloomberg",),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Xinhua": ("Xinhua",),
    "TASS": ("TASS", "Tass", "ITAR-TASS"),
    "UPI": ("UPI", "United Press International"),
    "ANI": ("ANI", "Asian News International"),
    "PTI": ("PTI", "Press Trust of India"),
    "EFE": ("EFE",),
    "Kyodo": ("Kyodo",),
    "ANSA": ("ANSA",),
    "Yonhap": ("Yonhap",),
    "Anadolu": ("Anadolu Agency", "Anadolu"),
    "IANS": ("IANS", "Indo-Asian News Service"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "CNA": ("Central News Agency",),
    "Belta": ("BelTA", "Belta"),
    "ANP": ("ANP",),
    "APA": ("APA",),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
    "KUNA": ("KUNA",),
    "WAFA": ("WAFA",),
    "SPA": ("Saudi Press Agency",),
    "MENA": ("MENA",),
    "CP": ("Canadian Press",),
    "AAP": ("AAP", "Australian Associated Press"),
}
# Acronyms that are also ordinary words or common abbreviations: they count only in a wire
# context (dateline, byline, citation), never as a bare mention.
_AMBIGUOUS = frozenset({"AP", "PA", "RIA", "ANI", "CNA", "APA", "ANP", "MENA", "EFE", "Antara", "Bloomberg", "UPI",
                        "DPA", "PTI", "Anadolu", "Belta", "BelTA", "Tass"})
# A bare name followed by one of these is part of another proper name ("Reuters Institute",
# "Xinhua Road", "the Tass river"), not a credit. Collected from the institutions and places
# named after agencies that we met; wire contexts ("told Reuters") are unaffected.
_NAME_PART_AFTER = re.compile(r"\s+(?:Institute|Foundation|Trust|Prize|Awards?|Fellowship|Road|Street|Avenue|Square|"
                              r"Building|Tower|Park|Bridge|Hall|School|University|Cent(?:re|er)|[Rr]iver|Lake)\b")

_SPELLING_TO_NAME = {spelling: name for name, spellings in _AGENCIES.items() for spelling in spellings}
_ALTERNATION = "|".join(re.escape(s) for s in sorted(_SPELLING_TO_NAME, key=len, reverse=True))
_AGENCY = rf"(?<![\w-])(?P<agency>{_ALTERNATION})(?![\w-])"
_CAPTION = re.compile(r"\b(?:picture|photo|image|photograph|credit|illustration)s?(?: by)?:\s*[^\n]*$|"
                      r"\([^)\n]*\b(?:photo|picture|image)s?\b[^)\n]*\)|/\s*(?:AP|AFP|Reuters|PA)\s*(?:Photo|Images)?\b",
                      re.IGNORECASE | re.MULTILINE)
# Wire contexts: "(Reuters) -", "MINSK, Aug 16 (AP) —", "By Jo Bloggs for AFP", "told AFP",
# "according to Reuters", "Reuters reported", "the AP news agency", "AFP contributed".
_CONTEXTS = [
    re.compile(rf"\(\s*{_AGENCY}\s*\)\s*[-—–:]"),
    re.compile(rf"^\(\s*{_AGENCY}\s*\)", re.MULTILINE),
    re.compile(rf"\b(?:for|via|with|from|by|[Cc]opyright|©)\s+(?:[Tt]he\s+)?{_AGENCY}"),
    re.compile(rf"\b(?:told|tells|telling|according to|cited by|quoted by|confirmed to|said to|speaking to|"
               rf"interview with|reported by|contacted by|asked by)\s+(?:[Tt]he\s+)?{_AGENCY}"),
    re.compile(rf"{_AGENCY}\s+(?:news agency|reported|reports|said|says|has reported|was told|learned|"
               rf"contributed|reporters?|correspondents?|journalists?|photographer|understands|"
               rf"(?:news|wire) service|newswire|calculations|tally|count|poll|survey|data)\b"),
    re.compile(rf"^{_AGENCY}\s*[-—–:]", re.MULTILINE),
]
_BARE = re.compile(_AGENCY)
# The subset of wire contexts that credit the agency with the article's words: a dateline
# ("(Reuters) -"), a line opening with the agency, a copyright notice, "AP contributed", a
# byline "for AFP". Citations ("told AFP", "according to Reuters", "Reuters reported") say
# where a quote or a fact came from, not who wrote the text, so they never pin a group on a wire.
_CREDITS = [
    re.compile(rf"\(\s*{_AGENCY}\s*\)\s*[-—–:]"),
    re.compile(rf"^\(\s*{_AGENCY}\s*\)", re.MULTILINE),
    re.compile(rf"^{_AGENCY}\s*[-—–:]", re.MULTILINE),
    re.compile(rf"(?:[Cc]opyright|©)\s+(?:\d{{4}}\s+)?(?:[Tt]he\s+)?{_AGENCY}"),
    re.compile(rf"{_AGENCY}\s+(?:contributed|reporters? contributed)\b"),
    re.compile(rf"\b(?:[Bb]y|[Ff]or|[Vv]ia)\s+(?:[Tt]he\s+)?{_AGENCY}\s*$", re.MULTILINE),
]
CREDIT_QUOTE_CHARS = 100  # how much of a credit line the report quotes as evidence


def find_agencies(article: Article) -> list[str]:
    """Canonical names of the wire agencies the article's text or byline credits or cites, sorted."""
    text = _CAPTION.sub(" ", "\n".join(part for part in (article.byline, article.text) if part))
    found: set[str] = set()
    for pattern in _CONTEXTS:
        found.update(_SPELLING_TO_NAME[m.group("agency")] for m in pattern.finditer(text))
    for match in _BARE.finditer(text):
        spelling = match.group("agency")
        name = _SPELLING_TO_NAME[spelling]
        if _NAME_PART_AFTER.match(text, match.end()):
            continue
        if name not in _AMBIGUOUS and spelling not in _AMBIGUOUS:
            found.add(name)
    return sorted(found)


def agency_names(credit: str) -> list[str]:
    """Canonical agencies named anywhere in a credit string ("AFP", "Reuters and AP"), sorted."""
    return sorted({_SPELLING_TO_NAME[m.group("agency")] for m in _BARE.finditer(credit)})


def credits(article: Article) -> dict[str, str]:
    """Agencies the article credits with its words, each with its evidence: the credit line as
    written (dateline, copyright, "contributed", byline), or a note that the page's byline or
    metadata names it. Citations of a wire as a source of a quote are not credits."""
    return dict(_credits(article.byline or "", article.text, tuple(article.agencies)))


# Articles whose credits are kept: a story's completion asks for each of its articles' credits
# three times (origin groups, their agency, the fact stage's wire stories), all within one story.
CREDITS_CACHE = 1024


@lru_cache(maxsize=CREDITS_CACHE)
def _credits(byline: str, text: str, agencies: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``credits`` of an article with this byline, text and metadata agencies, as sorted items."""
    found: dict[str, str] = {}
    for where, part in (("byline", byline), ("text", text)):
        part = _CAPTION.sub(" ", part)
        for pattern in _CREDITS:
            for m in pattern.finditer(part):
                found.setdefault(_SPELLING_TO_NAME[m.group("agency")], _quote_line(part, m.start(), m.end()))
        if where == "byline":
            for name in agency_names(part):
                found.setdefault(name, f"byline: {_quote_line(part, 0, len(part))}")
    named = None
    for name in agencies:
        if name not in found:
            named = find_agencies(Article(id="", text=text, byline=byline or None)) if named is None else named
            if name not in named:
                found[name] = "named as the source in the page's byline or metadata"
    return tuple(sorted(found.items()))


def _quote_line(text: str, start: int, end: int) -> str:
    """The line around a match, cut to CREDIT_QUOTE_CHARS characters around it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    if len(line) <= CREDIT_QUOTE_CHARS:
        return line
    at = max(0, start - line_start - CREDIT_QUOTE_CHARS // 2)
    return ("…" if at else "") + line[at:at + CREDIT_QUOTE_CHARS].strip() + "…"
