"""Direct quotations in a sentence and the speaker they are attributed to."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_QUOTE_WORDS = 4  # shorter quoted strings are scare quotes ("union state"), not statements
_QUOTE = re.compile(r"[\"\u201c\u201d](?P<q>[^\"\u201c\u201d]{10,}?)[\"\u201c\u201d]")
_VERBS = r"(?:said|says|told|added|declared|stated|insisted|warned|wrote|tweeted|according to)"
_NAME = r"(?P<name>(?:[A-Z][\w'\u2019.-]+)(?:\s+(?:[A-Z][\w'\u2019.-]+|de|van|von|al-\w+)){0,3})"
_TITLE_WORDS = r"(?:[a-z]+\s+){0,4}"
# "...," said Anna Berg / "...," Anna Berg said / Anna Berg said: "..." / "...," said the mayor, Anna Berg
_AFTER_VERB_NAME = re.compile(rf"^\W*{_VERBS}\s+(?:the\s+)?{_TITLE_WORDS}{_NAME}")
_AFTER_NAME_VERB = re.compile(rf"^\W*(?:[a-z]+\s+){{0,3}}{_NAME}\s*(?:,[^,]{{1,60}},\s*)?{_VERBS}\b")
_BEFORE_NAME_VERB = re.compile(rf"{_NAME}\s*(?:,[^,]{{1,60}},\s*)?{_VERBS}\s*(?:that\s*)?[:,]?\s*$")
_PRONOUNS = {"He", "She", "They", "It", "We", "I"}


@dataclass(slots=True, frozen=True)
class Quote:
    """A quoted passage, its speaker's name as written ("" when not attributed) and offsets."""

    text: str
    speaker: str
    start: int
    end: int


def find_quotes(sentence: str) -> list[Quote]:
    """Quoted statements of at least MIN_QUOTE_WORDS words with their speaker, when named."""
    found = []
    for m in _QUOTE.finditer(sentence):
        quote = m.group("q").strip(" ,.")
        if len(quote.split()) < MIN_QUOTE_WORDS:
            continue
        speaker = _speaker(sentence[m.end():], sentence[:m.start()])
        found.append(Quote(quote, speaker, m.start(), m.end()))
    return found


def _speaker(after: str, before: str) -> str:
    """The named speaker around a quote, from the usual wire-copy attribution patterns."""
    for pattern, text in ((_AFTER_VERB_NAME, after), (_AFTER_NAME_VERB, after), (_BEFORE_NAME_VERB, before)):
        m = pattern.search(text[:120] if text is after else text[-160:])
        if m and m.group("name").split()[0] not in _PRONOUNS:
            return m.group("name").rstrip(".,")
    return ""
