"""What one sentence states: figures, ages, vote shares, days of events, quotes and role holders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .entities import _NAME_RE, _clean_surface, fold
from .quantities import Quantity, find_quantities, parse_number, value_range
from .quotes import find_quotes
from .records import Article, Entity
from .text import content_words, sentence_spans
from .timex import TimeRef, find_times, published_date

# Event classes: what a figure counts or what a dated clause reports, found by word stems.
# The order breaks ties (a "strike" that kills is read as "killed" when both are in reach).
EVENTS: dict[str, str] = {
    "killed": r"kill|dead\b|deaths?\b|died|dies\b|die\b|fatalit|lives\b|death toll|bodies|perish",
    "injured": r"injur|wound|hurt\b|hospitali[sz]",
    "detained": r"arrest|detain|detention|custody|jail|imprison|rounded up",
    "missing": r"missing|unaccounted",
    "trapped": r"trapped",
    "evacuated": r"evacuat|displac|homeless|moved to safety|fled their homes",
    "rescued": r"rescu",
    "released": r"releas|freed\b",
    "gathered": r"rall(?:y|ied|ies)\b|gather|protest|demonstrat|march|crowd|took to|turned out|"
                r"rallying|mourners|attend",
    "fled": r"\bfled\b|\bflee|left the country|left for|\bescap",
    "met": r"\bmet\b|meeting|\btalks\b|\bspoke\b|phone call|\bcall\b",
    "resigned": r"resign|stepped down|\bquit\b",
    "signed": r"\bsign(?:ed|ing)\b",
    "attacked": r"attack|struck|shelling|bomb|explo|blast",
    "fire": r"\bfire\b|blaze|\bburn",
    "flooded": r"\bflood|burst its banks",
    "sank": r"capsiz|\bsank\b|\bsink|overturn|went down|rolled over|turned over",
    "crashed": r"derail|collid|collision|\bcrash|left the tracks",
    "collapsed": r"collaps|caved in|cave-in",
    "funeral": r"funeral|buried|burial|mourning",
    "strike": r"\bstrike\b|walkout|walked out|downed tools",
    "damaged": r"destroy|damag",
    "sentenced": r"sentenc|convicted",
    "elected": r"\belections?\b|\bvoted?\b|\bpolls?\b|\bballot",
    "announced": r"announc",
    "opened": r"\bopen(?:ed|s|ing)\b",
    "closed": r"\bclos(?:ed|es|ing)\b|shut",
}
_EVENT_RE = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in EVENTS.items()}
# All cues in one pass (one match per position; at a tie the class listed first in EVENTS wins).
_ANY_EVENT = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in EVENTS.items()), re.IGNORECASE)
MAX_CUE_GAP = 80  # characters between a value and its event cue; past this the clause is about else
# Other events count for a value only when nearly as close as the nearest ("capsized ... on Tuesday
# evening, killing 37"), not across a relative clause ("gathered Saturday where Mr X died").
SECONDARY_SLACK = 10
COMMA_PENALTY = 10  # a comma between value and cue: likely another phrase ("7,000 people, the marches")
MAX_WEAK_CUE_GAP = 15  # "vote", "announced" as cues: only right next to the value ("the 9 May vote")
_WEAK_EVENTS = frozenset({"elected", "announced", "opened", "closed"})
_EVENT_NOUN = {"killed": "deaths", "injured": "injuries", "detained": "arrests", "gathered": "gathering",
               "fled": "departure", "met": "talks", "resigned": "resignation", "signed": "signing",
               "attacked": "attack", "collapsed": "collapse", "funeral": "funeral", "elected": "vote",
               "announced": "announcement", "opened": "opening", "closed": "closure", "evacuated": "evacuation",
               "released": "release", "rescued": "rescue", "strike": "strike", "fire": "fire",
               "damaged": "damage", "sentenced": "sentencing", "missing": "disappearance", "flooded": "flooding",
               "sank": "sinking", "crashed": "crash", "trapped": "entrapment"}
# Events that happen to a thing, not to the people a figure counts: the label puts them in it.
_PLACE_OF_PEOPLE = {"sank": "in the", "crashed": "in the", "collapsed": "in the", "fire": "in the",
                    "flooded": "in the", "attacked": "in the", "funeral": "at the", "strike": "in the"}
# What a figure counts: synonyms folded into one class so "protesters" and "people" line up.
_COUNTED = {
    "people": "people person persons individuals protesters protester demonstrators demonstrator residents "
              "citizens supporters participants marchers mourners civilians men women villagers passengers "
              "miners pickets strikers others survivors travellers travelers",
    "police officers": "police officers officer policemen policeman",
    "soldiers": "soldiers soldier troops servicemen",
    "children": "children child minors",
    "homes": "homes houses buildings dwellings",
    "vehicles": "vehicles cars trucks buses",
    "workers": "workers employees staff staffers",
    "journalists": "journalists reporters",
}
_COUNTED_OF = {word: name for name, words in _COUNTED.items() for word in words.split()}
_PERCENT_TOPICS = re.compile(r"turnout|inflation|unemployment|approval|growth|interest rate", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r";|:|\s[-\u2013\u2014]\s|,\s+(?:where|when|while|but|and|which|who|as)\b|"
                           r"\s(?:after|before|while|whereas|but|since|until)\s", re.IGNORECASE)
_ROLE = (r"(?P<role>(?i:(?:[a-z]+\s){0,2}(?:spokesman|spokeswoman|spokesperson|mayor|governor|chief|"
         r"coroner|prosecutor|commander|ambassador|sheriff|coach|chairman|chairwoman|leader|"
         r"director|headteacher|captain|pilot)))")
# Roles are aligned by their head word: "police spokeswoman" and "Police spokeswoman" (whose capital
# hides the qualifier from the pattern) are one role; gendered forms fold together.
_ROLE_HEADS = {"spokesman": "spokesperson", "spokeswoman": "spokesperson", "chairwoman": "chairman",
               "teacher": "headteacher"}
_GENERIC_HEADS = frozenset({"chief", "director", "leader", "commander", "captain"})
_ROLE_STOP = frozenset({"the", "a", "an", "said", "says", "told", "and", "by", "of", "to"})
_ROLE_WORD = re.compile(r"spokes|mayor|governor|chief|coroner|prosecutor|commander|ambassador|sheriff|coach|"
                        r"chair|leader|director|headteacher|captain|pilot", re.IGNORECASE)
_ROLE_BEFORE = re.compile(rf"{_ROLE}\s+(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){{1,2}})")
_ROLE_AFTER = re.compile(rf"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){{1,2}}),\s+(?:the\s+)?{_ROLE}\b")
_AGE_AFTER_NAME = re.compile(r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2}),\s+(?:aged\s+)?"
                             r"(?P<age>\d{1,3}),")
_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][a-z]+)*,\s*(?:[A-Z][a-z]+\.? \d{1,2}|\d{1,2} [A-Z][a-z]+)"
                       r"(?:,? \d{4})?\s*\(")
_PLACE = re.compile(r"\b(?:in|near|off|outside)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|"
                    r"nearby|neighbouring|capital|town|city|village|port|region|district|province)\s+(?:of\s+)?)*"
                    r"(?P<place>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)")
_PLACE_TYPES = frozenset({"GPE", "MISC"})
_SPEAKER_AFTER = re.compile(r"\w*\s+(?:said|say|says|told|reported)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told \w+(?: \w+)?|announced|confirmed|reported)\s+(?:late |early )?"
                         r"(?:on\s+)?$", re.IGNORECASE)
_CANDIDATE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                        r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|dozens?|scores|"
                        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|days? (?:after|before)|"
                        r"spokesman|spokeswoman|spokesperson|mayor|governor|chief|coroner|prosecutor)\b|"
                        r"[\"\u201c\u201d]", re.IGNORECASE)


@dataclass(slots=True)
class Statement:
    """One thing an article states: a kind, an alignment key, a value and its sentence."""

    kind: str  # figure | share | age | date | weekday | quote | name
    key: str  # what the value is about ("people|detained", "age|Anna Berg", "gathered")
    label: str  # human claim label
    value: Quantity | TimeRef | str
    display: str
    sentence: str
    article: str
    context: frozenset[str]
    events: tuple[str, ...] = ()  # for days: every event the clause may be about, nearest first


def candidate_sentences(article: Article) -> list[str]:
    """Sentences worth reading closely: with digits, number words, days, role words or quotes."""
    return [s.text for s in sentence_spans(article.text) if _CANDIDATE.search(s.text)]


def article_statements(article: Article, names: dict[str, Entity]) -> list[Statement]:
    """Everything the article states that can be lined up with other articles."""
    published = published_date(article.published)
    found: list[Statement] = []
    for sentence in candidate_sentences(article):
        found += sentence_statements(sentence, article.id, published, names)
    return found


def sentence_statements(sentence: str, article_id: str, published: date | None,
                        names: dict[str, Entity]) -> list[Statement]:
    """The statements of one sentence."""
    found = _figures(sentence, names) + _ages(sentence, names) + _times(sentence, published, names) + \
        _quotes(sentence, names) + _roles(sentence, names) + _places(sentence, names)
    for s in found:
        s.sentence, s.article = sentence, article_id
    return found


def _new(kind: str, key: str, label: str, value: Quantity | TimeRef | str, display: str,
         context: frozenset[str]) -> Statement:
    """A statement whose sentence and article are filled in by the caller."""
    return Statement(kind, key, label, value, display, "", "", context)


def clause_at(sentence: str, start: int, end: int) -> str:
    """The clause of ``sentence`` holding [start, end): cut at semicolons, "where", "after"..."""
    left = 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            return sentence[left:m.start()]
    return sentence[left:]


def event_near(clause: str, start: int, end: int, skip: tuple[int, int] = (0, 0)) -> str:
    """The event class whose cue word is nearest the span [start, end) of the clause ("" when none).

    For figures a cue after the figure counts as twice as near (see ``events_near``).
    """
    events = events_near(clause, start, end, after_weight=0.5, skip=skip)
    return events[0] if events else ""


def events_near(clause: str, start: int, end: int, after_weight: float = 1.0,
                skip: tuple[int, int] = (0, 0)) -> list[str]:
    """Event classes cued in the clause around [start, end), nearest first.

    Cues inside the span ("election" in "the day after the election") and in ``skip`` (the counted
    noun, "protesters") are ignored; "161 injured people" finds "injured" after the figure. With
    ``after_weight`` 0.5 a cue after the span counts as twice as near as one before: English puts
    the verb after a counted subject ("6,700 people were arrested") more often than a noun before
    it ("the detention of 7,000"); a day follows its verb ("died on Monday"), so days weigh both
    sides alike. Weak cues ("vote", "announced") must sit close by.
    """
    gaps: dict[str, float] = {}
    for name, cue_start, cue_end in _cues(clause):
        if skip[0] <= cue_start < skip[1]:
            continue  # the counted noun itself ("protesters")
        if cue_start >= end:
            gap = (cue_start - end) * after_weight + COMMA_PENALTY * ("," in clause[end:cue_start])
        elif cue_end <= start:
            gap = start - cue_end + COMMA_PENALTY * ("," in clause[cue_end:start])
        else:
            continue
        if gap > MAX_CUE_GAP or (name in _WEAK_EVENTS and gap > MAX_WEAK_CUE_GAP):
            continue
        gaps[name] = min(gap, gaps.get(name, gap))
    ranked = sorted(gaps, key=lambda name: (gaps[name], name))
    if not ranked:
        return []
    reach = max(2 * gaps[ranked[0]], gaps[ranked[0]] + SECONDARY_SLACK)
    return [name for name in ranked if gaps[name] <= reach]


def event_noun(event: str) -> str:
    """The noun for an event class ("gathered" -> "gathering")."""
    return _EVENT_NOUN.get(event, event)


@lru_cache(maxsize=4096)
def _cues(clause: str) -> tuple[tuple[str, int, int], ...]:
    """(event class, start, end) of each event cue in a clause, speakers left out ("rescuers said").

    Cached: a clause is searched once for all the figures, days and places it holds.
    """
    return tuple((m.lastgroup or "", m.start(), m.end()) for m in _ANY_EVENT.finditer(clause)
                 if not _SPEAKER_AFTER.match(clause, m.end()))


def event_of_word(word: str) -> str:
    """The event class a single word names ("election" -> "elected"), or ""."""
    return next((name for name, pattern in _EVENT_RE.items() if pattern.search(word)), "")


def _context(clause: str, names: dict[str, Entity]) -> frozenset[str]:
    """Content words of a clause, without digits and day names (they are the values, not the topic).

    Names are replaced by their resolved entity ("@Olena Marchuk"), so that two spellings of
    one name count as the same word.
    """
    entities = set()
    for m in _NAME_RE.finditer(clause):
        name, _ = _clean_surface(m.group(), False)
        entity = names.get(fold(name))
        if entity:
            entities.add("@" + entity.name)
            clause = clause.replace(m.group(), " ")
    return _plain_context(clause) | entities


def _plain_context(clause: str) -> frozenset[str]:
    """Content words of a clause, without digits and day names."""
    skip = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "said", "says",
            "according", "told", "year", "old", "thousands", "hundreds", "dozens", "percent", "cent"}
    return frozenset(w.rstrip("s") for w in content_words(clause) if not w[0].isdigit() and w not in skip)


def _names_in(text: str, names: dict[str, Entity], kind: str = "PERSON") -> list[tuple[int, Entity]]:
    """(position, entity) for each name of the given type in ``text``."""
    found = []
    for m in _NAME_RE.finditer(text):
        name, _ = _clean_surface(m.group(), False)
        entity = names.get(fold(name))
        if entity and (entity.type == kind or (kind == "PERSON" and entity.type == "MISC"
                                                and " " in entity.name)):
            found.append((m.start() + m.group().find(name.split()[0]) if name else m.start(), entity))
    return found


def _counted(after: str) -> tuple[str, tuple[int, int]]:
    """The counted thing named just after a figure ("people", "police officers") and where it ends."""
    words = [m for m in re.finditer(r"[a-z]+", after.lower())
             if m.group() not in ("of", "the", "more", "other", "some")]
    for m in words[:3]:
        if m.group() in _COUNTED_OF:
            return _COUNTED_OF[m.group()], (m.start(), m.end())
    return "", (0, 0)


def _figures(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """Counts and percentages with what they count and the event they belong to."""
    found = []
    for q in find_quantities(sentence):
        if q.age:
            continue
        clause = clause_at(sentence, q.start, q.end)
        offset = sentence.find(clause)
        context = _context(clause, names)
        if q.percent:
            found += _percent(sentence, clause, q, offset, context, names)
            continue
        counted, (noun_start, noun_end) = _counted(sentence[q.end:q.end + 40])
        if not counted:
            continue
        event = event_near(clause, q.num_start - offset, q.end - offset, skip=(q.end - offset + noun_start,
                                                                               q.end - offset + noun_end))
        if not event:
            continue
        found.append(_new("figure", f"{counted}|{event}", count_label(counted, event), q, q.text.strip(), context))
    return found


def count_label(counted: str, event: str) -> str:
    """How a report names a count: "people killed", but "people in the sinking", "workers in the strike".

    People undergo most events ("killed", "detained", "rescued"); a boat sinks, a building burns,
    a train crashes, and the people counted were in it, not its subject ("people sank" would
    misread "163 passengers were aboard when it sank").
    """
    if event in _PLACE_OF_PEOPLE:
        return f"{counted} {_PLACE_OF_PEOPLE[event]} {_EVENT_NOUN[event]}"
    return f"{counted} {event}"


def _percent(sentence: str, clause: str, q: Quantity, offset: int, context: frozenset[str],
             names: dict[str, Entity]) -> list[Statement]:
    """A vote share (for the nearest preceding candidate) or a named rate such as turnout."""
    if re.search(r"\bvote|ballots?\b|\bwon\b|\bpolls?\b", sentence, re.IGNORECASE):
        people = [(pos, e) for pos, e in _names_in(sentence, names) if pos < q.start]
        if not people:
            return []
        entity = people[-1][1]
        return [_new("share", f"share|{entity.name}", f"share of the vote for {entity.name}", q, q.text.strip(),
                     context)]
    topic = _PERCENT_TOPICS.search(clause)
    if topic:
        return [_new("figure", f"rate|{topic.group().lower()}", topic.group().lower(), q, q.text.strip(), context)]
    return []


def _age_quantity(age: float, text: str, start: int) -> Quantity:
    """An exact age as a Quantity."""
    low, high = value_range(age, "", False)
    return Quantity(age, low, high, "", False, True, start, start + len(text), text)


def _ages(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """Ages of named people: "Anna Berg, 34," / "34-year-old Anna Berg" / "Berg, a 34-year-old"."""
    found = []
    people = _names_in(sentence, names)
    for m in _AGE_AFTER_NAME.finditer(sentence):
        name, _ = _clean_surface(m.group("name"), False)
        entity = names.get(fold(name))
        if entity and (entity.type == "PERSON" or (entity.type == "MISC" and " " in entity.name)):
            found.append(_age(entity, _age_quantity(float(m.group("age")), m.group("age"), m.start("age"))))
    for q in find_quantities(sentence):
        if not q.age:
            continue
        after = [e for pos, e in people if 0 <= pos - q.end <= 30]
        before = [e for pos, e in people if 0 <= q.start - pos <= 60]
        entity = after[0] if after else (before[-1] if before else None)
        if entity:
            found.append(_age(entity, _age_quantity(q.value, q.text.replace("-year-old", ""), q.start)))
    return found


def _age(entity: Entity, q: Quantity) -> Statement:
    """An age statement about ``entity``."""
    return _new("age", f"age|{entity.name}", f"age of {entity.name}", q, str(int(q.value)), frozenset())


def _times(sentence: str, published: date | None, names: dict[str, Entity]) -> list[Statement]:
    """Days of events: each time expression tied to the event cue nearest it in its clause."""
    found = []
    dateline = _DATELINE.match(sentence)
    for t in find_times(sentence, published):
        if dateline and t.start < dateline.end():
            continue  # "LORVIK, March 3 (Wire) -": the filing date, not the event's
        if _SAID_BEFORE.search(sentence[max(0, t.start - 30):t.start]):
            continue  # "officials said on Wednesday": the day of the statement, not of the event
        clause = clause_at(sentence, t.start, t.end)
        offset = sentence.find(clause)
        events = events_near(clause, t.start - offset, t.end - offset)
        if not events:
            continue
        event = events[0]
        kind = "weekday" if t.weekday is not None and not re.search(r"\d", t.text) else "date"
        kind = "date" if t.anchor else kind
        label = f"day of the {_EVENT_NOUN.get(event, event)}"
        statement = _new(kind, "time", label, t, t.label(), _context(clause, names))
        statement.events = tuple(events)
        found.append(statement)
    return found


def _places(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """Where events happened: "in"/"near"/"off" a place name, tied to the event cue nearest it."""
    found = []
    for m in _PLACE.finditer(sentence):
        entity = names.get(fold(m.group("place")))
        if entity is None or entity.type not in _PLACE_TYPES:
            continue
        clause = clause_at(sentence, m.start(), m.end())
        offset = sentence.find(clause)
        events = events_near(clause, m.start() - offset, m.end() - offset)
        if not events:
            continue
        context = _context(clause.replace(m.group("place"), " "), names)
        statement = _new("place", "place", f"place of the {_EVENT_NOUN.get(events[0], events[0])}", entity.name,
                         entity.name, context)
        statement.events = tuple(events)
        found.append(statement)
    return found


def _quotes(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """Attributed quotations: the speaker is the value, the quote's words the key."""
    found = []
    for q in find_quotes(sentence):
        if not q.speaker:
            continue
        entity = names.get(fold(_clean_surface(q.speaker, False)[0]))
        speaker = entity.name if entity else q.speaker
        words = q.text.split()
        label = f"speaker of \"{' '.join(words[:8])}{'...' if len(words) > 8 else ''}\""
        found.append(_new("quote", "quote", label, speaker, speaker, frozenset(content_words(q.text))))
    return found


def _roles(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """Who holds a named role: "police spokeswoman Anna Berg", "Anna Berg, the town's mayor"."""
    found: list[Statement] = []
    if not _ROLE_WORD.search(sentence):
        return found
    for pattern in (_ROLE_BEFORE, _ROLE_AFTER):
        for m in pattern.finditer(sentence):
            name, _ = _clean_surface(m.group("name"), False)
            if len(name.split()) < 2:
                continue
            entity = names.get(fold(name))
            person = entity.name if entity else name
            role = " ".join(w for w in m.group("role").lower().split() if w not in ("the", "a", "an"))
            found.append(_new("name", f"role|{role_key(role)}", f"name of the {role}", person, person,
                              frozenset()))
    return found


def role_key(role: str) -> str:
    """What a role phrase is aligned by: its head ("police spokeswoman" -> "spokesperson"), with the
    word before it for generic heads ("fire chief" and "police chief" stay apart)."""
    words = [w for w in role.lower().split() if w not in _ROLE_STOP]
    head = _ROLE_HEADS.get(words[-1], words[-1])
    if head in _GENERIC_HEADS and len(words) > 1:
        return f"{words[-2]} {head}"
    return head


def parse_figure(text: str) -> float | None:
    """The numeric value of a displayed figure ("about 1,200" -> 1200.0), for benchmarks and tests."""
    qs = find_quantities(text)
    return qs[0].value if qs else parse_number(text)
