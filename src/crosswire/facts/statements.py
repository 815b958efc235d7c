"""What one sentence states: figures, ages, vote shares, days of events, quotes and role holders."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources

from ..records import Article, Entity
from ..text import content_words, sentence_spans, stop_words
from .entities import _NAME_RE, _clean_surface, fold
from .quantities import ORDINAL_WORDS, Quantity, find_quantities, parse_number
from .quotes import find_quotes
from .timex import MONTHS, WEEKDAYS, TimeRef, find_times, published_date

# Event classes: what a figure counts or what a dated clause reports, found by word stems.
# The order breaks ties (a "strike" that kills is read as "killed" when both are in reach). Stems
# start at a word boundary ("Eddie" is no "die", "skill" no "kill") and the month "March" is no march.
EVENTS: dict[str, str] = {
    "killed": r"\bkill|\bdead\b|\bdeaths?\b|\bdied\b|\bdies\b|\bdie\b|\bfatalit|\blives\b|\bbodies\b|\bperish",
    "injured": r"injur|wound|hurt\b|hospitali[sz]",
    "detained": r"arrest|detain|detention|custody|jail|imprison|rounded up",
    "missing": r"missing|unaccounted",
    "trapped": r"trapp(?:ed|ing)",
    "evacuated": r"evacuat|displac|homeless|moved to safety|fled their homes",
    "rescued": r"rescu",
    "released": r"releas|freed\b",
    "gathered": r"\brall(?:y|ied|ies)\b|gather|protest|demonstrat|(?:\b(?:a|the)\s|[\"\u201c])march\b(?!\s+\d)|\bmarch(?:ed|es|ing|ers|\s+for)\b|"
                r"\bcrowd|took to|turned out|"
                r"rallying|mourners|attend",
    "fled": r"\bfled\b|\bflee|left the country|left for|\bescap",
    "met": r"\bmet\b|meeting|\btalks\b|\bspoke\b|phone call|\bcall\b",
    "resigned": r"resign|stepped down|\bquit\b",
    "signed": r"\bsign(?:ed|ing)\b",
    "attacked": r"attack|\bstruck\b|shelling|\bbomb(?!shell)|\bexplo(?:d|s)|blast(?!(?:ed|s|ing)?[ -]off)",
    "launched": r"\blaunch|lift(?:ed|s|ing)?[ -]off|blast(?:ed|s|ing)?[ -]off",
    "fire": r"\bfire\b|blaze|\bburn",
    "flooded": r"\bflood|burst its banks",
    "sank": r"capsiz|\bsank\b|\bsink|went down",
    # a vehicle or a boat on its side: a tram "overturned" did not sink (Giveme5W1H's tram crash)
    "overturned": r"overturn|rolled over|turned over",
    "crashed": r"derail|collid|collision|\bcrash|left the tracks",
    "collapsed": r"collaps|caved in|cave-in",
    "funeral": r"funeral|buried|burial|mourning",
    "strike": r"\bstrike\b|walkout|walked out|downed tools",
    "damaged": r"destroy|damag",
    "sentenced": r"sentenc|convicted",
    "elected": r"\belections?\b|\bvoted?\b|\bpolls?\b|\bballot",
    "announced": r"announc",
    "opened": r"\bopen(?:ed|s|ing)\b",
    "closed": r"\bclos(?:ed|es|ing)\b|\bshut(?:s|ting)?\b",
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
               "sank": "sinking", "overturned": "overturning", "crashed": "crash", "trapped": "entrapment",
               "launched": "launch"}
# Events that happen to a thing, not to the people a figure counts: the label puts them in it.
_PLACE_OF_PEOPLE = {"sank": "in the", "overturned": "in the", "crashed": "in the", "collapsed": "in the",
                    "fire": "in the", "flooded": "in the", "attacked": "in the", "funeral": "at the",
                    "strike": "in the"}
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
    "lives": "lives",  # "has cost 900 lives": people killed (see _figures)
}
_LIVES_AFTER = re.compile(r"\s+lives\b", re.IGNORECASE)  # the figure's own noun: "900 lives", not "who lives"
_SAVED_BEFORE = re.compile(r"\bsav(?:e|ed|es|ing)\b[^,;.]*$", re.IGNORECASE)
# A participle or adjective of an event standing for the people it touched ("202 injured",
# "seven dead", "Seven killed as ..."): a count of people.
_BARE_EVENT = re.compile(r"\s+(injured|wounded|hurt|killed|dead|arrested|detained|missing|evacuated|rescued)\b",
                         re.IGNORECASE)
# ... in a sentence of at least this many words: shorter ones are entries of a list of other
# events ("Sandy Hook: 26 killed", "Twelve people and 70 wounded." in a box of past shootings).
MIN_BARE_EVENT_WORDS = 8
_COUNTED_OF = {word: name for name, words in _COUNTED.items() for word in words.split()}
_COUNTED_PHRASES = frozenset({"police officers", "police officer"})  # two words naming one class
# A capitalised plural of a nationality right after a figure ("10 Americans", "two Britons",
# "three Israelis"): people of one country, counted as a kind of people (see ``_counted``).
_NATIONALS = re.compile(r"\s+([A-Z][a-z]+(?:ians|ans|ons|is))\b")
# ... unless they are told as some of a count given beside them ("three Tunisians and three
# Algerians were among the 84 killed"): a fact of its own, not a value of the toll.
_AMONG = re.compile(r"\bamong\b", re.IGNORECASE)
_PLAIN_PHRASE = re.compile(r"[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*){1,2}")  # "U.S. citizens", "young men"
_PERCENT_TOPICS = re.compile(r"turnout|inflation|unemployment|approval|growth|interest rate", re.IGNORECASE)
# "... and another five", ", a further 18", "... and three others": a new group (see ``_new_group_start``).
_ANOTHER_BEFORE = re.compile(r"(?:,|\band)\s+(?:another|a further|an additional)\s+$", re.IGNORECASE)
_OTHERS_AFTER = re.compile(r"\s+(?:others|more)\b", re.IGNORECASE)
# "two inmates awaiting trial and another serving a sentence escaped": the two are some of those
# who escaped (a Multi-News story's "two" was set against another report's "three").
_AND_ANOTHER_AFTER = re.compile(r"[^.;:]{0,60}?\band\s+(?:another|one other|a third|a fourth)\b", re.IGNORECASE)
_JOINT_BEFORE = re.compile(r"(?:,|\band)\s+$", re.IGNORECASE)
# "... were killed and four people were seriously injured": a figure after "and" whose own verb
# follows it opens a clause of its own, and the cue before the "and" is the other group's.
_OWN_VERB_AFTER = re.compile(r"(?:\s+[a-z][\w-]*){0,2}?\s+(?:were|was|are|is|have|has|had)\b", re.IGNORECASE)
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
# Capitalised words that end a role rather than start a name ("Deputy Chief Constable Ann Vell",
# "Chief Executive Tom Reyes"): the real-news gold's Croydon story named "Constable Adrian ..." a person.
_ROLE_TAILS = frozenset({"constable", "inspector", "superintendent", "executive", "officer", "secretary",
                         "minister", "justice", "whip", "engineer", "scientist", "economist", "strategist"})
_ROLE_WORD = re.compile(r"spokes|mayor|governor|chief|coroner|prosecutor|commander|ambassador|sheriff|coach|"
                        r"chair|leader|director|headteacher|captain|pilot", re.IGNORECASE)
_ROLE_WORD_LOWER = re.compile(_ROLE_WORD.pattern)  # the same on lower-cased ASCII text, ~5x as fast
_ROLE_BEFORE = re.compile(rf"{_ROLE}\s+(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){{1,2}})")
_ROLE_AFTER = re.compile(rf"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){{1,2}}),\s+(?:the\s+)?{_ROLE}\b")
_AGE_AFTER_NAME = re.compile(r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
                             r"(?:,\s+(?:aged\s+|who\s+(?:was|is|turned|turns)\s+)?(?P<age>\d{1,3}),(?!\d)"
                             r"|(?:,\s+who)?\s+(?:turned|turns)\s+(?P<turned>\d{1,3})\b(?![.,]?\d|\s*(?:%|percent)))")
# "the tram driver, 42, from ...": the age of someone named by a noun only.
_AGE_AFTER_NOUN = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+(?:[a-z]+\s+){0,2}(?P<noun>[a-z]{3,}),\s+(?P<age>\d{1,2}),(?!\d)")
_AGE_VERBS = frozenset({"said", "says", "told", "has", "had", "was", "is", "will", "would", "could", "who", "made",
                        "won", "took", "became", "faces", "faced", "went", "came", "left", "died", "fell", "got"})
_AGE_NOUN = re.compile(r"\s+(?:(?:old|male|female|local|british|american|french)\s+)?([a-z]+)")  # what an age describes
_AGE_THEN_NAME = re.compile(r"\s+(?:[a-z]+\s+){0,2}")  # "34-year-old [protester] Anna Berg"
_NAME_THEN_AGE = re.compile(r"[A-Z][^,;:()\d]{0,60},\s+(?:a|an|the)\s+(?:[a-z]+\s+)?")  # "Anna Berg, a 34-year-old"
_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][a-z]+)*,\s*(?:[A-Z][a-z]+\.? \d{1,2}|\d{1,2} [A-Z][a-z]+)"
                       r"(?:,? \d{4})?\s*\(")
_PLACE = re.compile(r"\b(?:in|near|off|outside)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|"
                    r"nearby|neighbouring|capital|town|city|village|port|region|district|province)\s+(?:of\s+)?)*"
                    r"(?P<place>[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+)?)")  # a name never spans lines
_PLACE_TYPES = frozenset({"GPE", "MISC"})
# A day right before a speech verb ("police on Thursday said") is the day of the saying.
_DAY_PART = r"(?:(?:morning|afternoon|evening|night)\s+)?"  # "on Monday evening said"
_SAID_AFTER = re.compile(rf",?\s+{_DAY_PART}(?:said|says|told|announced|confirmed|"
                         r"reported|added)\b", re.IGNORECASE)
# A past-tense verb right after a day ("an account on Monday evening shared the names") is the
# action of that day: a verb of no event class leaves the day loose (see ``_day_of_verb_after``).
_VERB_AFTER = re.compile(rf"\s+{_DAY_PART}([a-z]+ed)\b")
# A day as a noun's modifier: "the Friday incident", "Wednesday's shooting" (see ``_day_of_noun``).
_NOUN_AFTER_DAY = re.compile(r"((?:'|\u2019)s)?\s+([A-Za-z]+)")
# A cue as the object of a preposition after a day: "following her death", "in the disappearance of".
_TOPIC_BEFORE = re.compile(r"\b(?:following|after|over|into|in|for|about|of|behind)\s+(?:the|a|an|her|his|their|its)"
                           r"(?:\s+[a-z]+)?\s+$", re.IGNORECASE)
_PAST_WORD = re.compile(r"\b([a-z]+)\b")
_UNTYPED_EVENTS = frozenset({"incident", "incidents", "episode", "event", "events", "encounter", "confrontation",
                             "altercation", "scuffle", "clash", "standoff", "ordeal", "drama"})
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night", "nights", "mornings", "noon", "midday",
                        "midnight", "lunchtime", "and", "or", "to", "through", "until", "the", "a", "an", "at", "in",
                        "on", "of", "for", "with", "by", "from", "as", "after", "before", "is", "was", "will"})
_SPEAKER_AFTER = re.compile(r"\w*\s+(?:said|say|says|told|reported)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|say|saying|added|told \w+(?: \w+)?|announced|confirmed|reported)\s+(?:late |early )?"
                         r"(?:on\s+)?$", re.IGNORECASE)
# Cues that a sentence tells an earlier event, not the story's own (see ``history_cues``).
_HISTORY = re.compile(r"\b(?:earlier|previous(?:ly)?|last (?:year|month|decade)|years? ago|months? ago|since|"
                      r"on that occasion|"
                      r"in the past|history|historic|former)\b", re.IGNORECASE)
_YEAR_OR_MONTH = re.compile(r"\b(?:(?P<year>(?:19|20)\d\d)\b|(?P<month>(?:January|February|March|April|June|July|"
                            r"August|September|October|November|December)\b|(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.))")
_MONTH_NUMBER = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                             "nov", "dec"), start=1)}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
# A month told as when something happened, not a calendar day: "in April 2014", "since November",
# "at the end of September" (a day number after it makes it a day, read by timex instead).
_MONTH_PHRASE = re.compile(
    r"\b(?i:in|since|from|until|during|by|of|last|this|early|late|mid-|end of|beginning of|start of)\s+"
    r"(?:(?:early|late|mid-)\s*)?(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|"
    # lower-cased texts (Multi-News): every month whose name is no common word ("may", "march")
    r"(?i:january|february|april|june|july|august|september|october|november|december))"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
    r"(?!\s*\d)")
# A toll told without a noun after its figure ("the death toll rose to 85", "the number of injured
# stands at 115"), at most TOLL_REACH characters before the figure, in the figure's clause.
_TOLL_BEFORE = re.compile(r"\b(?:death toll|toll|number of (?:dead|deaths|(?P<injured>injured|wounded)))\b"
                          r"(?:[^.;:]*?\b(?:rose|risen|climbed|jumped|grew|increased|reached|stood|stands|is|was|"
                          r"now|went up)\b)(?:\s+(?:to|at))?\s+$", re.IGNORECASE)
TOLL_REACH = 120
# A figure told as risen: "rose to 85", "has climbed to at least seven".
_ROSE_BEFORE = re.compile(r"\b(?:rose|risen|rising|climbed|climbing|jumped|grew|grown|increased|went up)\s+to\s+$",
                          re.IGNORECASE)
# "now" in a count's clause ("are now confirmed dead", "now stands at"): the count was revised.
_NOW = re.compile(r"\bnow\b", re.IGNORECASE)
HISTORY_DAYS = 7  # a day this long before publication is another event (the reports we compare are days apart)
# Words between a figure and the class it counts that make it a part ("10 US citizens" of "12 people").
_SUBSET_BEFORE = re.compile(r"\b(?:including|among them|of whom|of which|of them|included)\s+"
                            r"(?:at least |some |about |nearly |more than )?$", re.IGNORECASE)
# A part of a total told with the verb ("the claim includes about $412,000 for consultants": part of
# a larger total another report gives). Not "including": "23 killed, including 18 foreign tourists"
# counts the tourists whole, and 17 tourists elsewhere is a rival count (Multi-News, read by hand).
_INCLUDES_BEFORE = re.compile(r"\b(?:includes|included|include)\s+$", re.IGNORECASE)
# Generic measures (see ``_measures``).
_CURRENCY = re.compile(r"(?:US|A|C|S|HK)?[$£€]\s?$")
_UNIT_AFTER = re.compile(r"(?:\s*-\s*|\s+)(?:(?:more|other|new|additional|extra|of the|of)\s+)?([A-Za-z]+)")
_UNIT_SYNONYMS = {"meters": "metre", "metres": "metre", "meter": "metre", "m": "metre", "km": "kilometre",
                  "kilometers": "kilometre", "kilometres": "kilometre", "kilometer": "kilometre", "mph": "mile",
                  "tonne": "ton", "tonnes": "ton", "tons": "ton", "ft": "foot", "feet": "foot", "lbs": "pound",
                  "lb": "pound", "yds": "yard", "hrs": "hour", "mins": "minute", "percent": "percent",
                  "cent": "percent", "dollars": "dollar", "euros": "euro", "pounds": "pound",
                  "digger": "excavator", "diggers": "excavator",
                  # pupils named by their school ("21 schoolgirls" / "21 girls": one count)
                  "schoolgirl": "girl", "schoolgirls": "girl", "schoolboy": "boy", "schoolboys": "boy",
                  "schoolchildren": "child", "schoolchild": "child", "kids": "child", "kid": "child"}
_NOT_UNITS = frozenset({"of", "to", "and", "or", "in", "on", "at", "for", "the", "a", "an", "with", "by", "from",
                        "as", "is", "was", "were", "are", "be", "has", "have", "had", "that", "this", "than",
                        "per", "p", "pm", "am", "a.m", "p.m", "times", "time", "s", "th", "st", "nd", "rd",
                        "million", "billion", "thousand", "hundred", "year", "old", "who", "which", "when",
                        "after", "before", "percent", "but", "not", "into", "it", "he", "she", "they", "we",
                        "i", "you", "his", "her", "their", "its", "said", "says"})
_VERB_BEFORE = re.compile(r"\b([a-z]+(?:ed|ing))\s+(?:(?:their|the|its|his|her) [a-z]+\s+)?(?:on\s+)?$")  # a verb right before a day names its day
# Verbs that only say the story's event took place ("the crash occurred Saturday", "the scandal
# erupted on Sunday"): the day is the event's, told without a cue word, so loose (see Statement).
_HAPPENED = frozenset({"occurred", "happened", "erupted", "unfolded", "began", "started", "broke"})
# A photo caption or credit: its date is the photo's, its figures a repeat (never a dispute).
# Captions, credits and embedded posts: their figures and days are the picture's or the post's
# ("— Elon Musk (@elonmusk) February 5, 2018"; "A post shared by ... on Feb 4, 2018 at 9:50pm"),
# not the story's (on Giveme5W1H, embed signatures made a false dispute over a launch day).
_CAPTION = re.compile(r"\u00a9|\b(?:Photos?|Pictures?|Images?)\s*:|Getty Images|\bAFP/|/AFP\b|\bREUTERS/|"
                      r"\bAP Photo\b|\(pictured\)|\(@\w{1,30}\)|\bA post shared by\b|"
                      # wire-photo captions: "... are pictured in Lorvik, Tuesday, May 2, 2023"
                      r"\b(?:is|are) (?:photographed|displayed|pictured|seen)\b[^.]{0,80}\b(?:19|20)\d\d\b|"
                      # "This photo released by the ministry shows ...", "In this file photo, ..."
                      r"\b(?:This|In this)(?: \w+)? (?:photo|image|picture)\b[^.]{0,80}\b(?:shows|released|provided|taken)\b|"
                      # a sports photo's caption: "Lorn Vale (10) reaches for the ball ... during the second half"
                      r"\(\d{1,2}\)[^.]{0,160}\bduring the (?:first|second) half\b",
                      re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'\u2019]*")
_HEAD_SKIP = frozenset({"said", "says", "told", "according", "reported", "least", "nearly", "almost", "about",
                        "around", "some", "roughly", "approximately", "just", "only"})
NEAR_CHARS = 30  # reach of ``near_words`` either side of a value (about four words)
# A figure, one to three capitalised words, then a plural noun: "15 NFL seasons", "two NBA G League
# players" count the noun ("Americans were" does not match: the word after is no plural noun).
_NAMED_THEN_NOUN = re.compile(r"\s+(?:[A-Z][A-Za-z.&]*\s+){1,3}([a-z]{3,}s)\b")
# "71 scheduled laps", "21 freed girls", "12 world leaders", "100 dump trucks": a participle or a
# noun used as a modifier, then the plural noun that is what is counted.
_MODIFIER_THEN_NOUN = re.compile(r"\s+([a-z]{3,})\s+([a-z]{3,}s)\b")
# A word right after a counted noun that is a verb of the clause, not part of the label.
_VERB_FORM = re.compile(r"does|did|says|said|[a-z]{3,}ing")
_LABEL_WORDS = re.compile(r"(?:\s*-\s*|\s+)([A-Za-z][A-Za-z'-]*)(?:\s+([A-Za-z][A-Za-z'-]*))?")
# A unit written against its figure ("12mph", "400lb", "15ft", "2km"); a glued "m" is read as
# "million" by quantities.py ("40m viewers"), so metres are left to the spaced form.
_GLUED_UNIT = re.compile(r"(mph|kph|km|kg|lbs?|ft|cm|mm|m)\b")
_ORDINAL_OF = re.compile(r"(?:st|nd|rd|th)\s+(?:of\s+(?:the\s+)?\d+\s+)?(lap|round|stage|hole|inning)s?\b",
                         re.IGNORECASE)
# "the number of pupils in the district receiving free meals climbed to 16,000": the figure
# counts the plural noun after "number of", told before it (see ``_unit``); the verb must bring the
# figure ("rose to", "reached", "stood at", "was"), within the clause.
_NUMBER_OF_BEFORE = re.compile(r"\bnumber of (?:[a-z]+ ){0,2}?([a-z]{3,}s|children|people|men|women)\b[^.;:]{0,90}?\b(?:to|reached|at|was|is|"
                               r"hit|topped|passed|exceeded)\s+(?:(?:about|some|around|nearly|almost|more than|over|"
                               r"roughly|an estimated)\s+)?$", re.IGNORECASE)
# A part told with its whole: "21 of 71 laps", "10 of the 12 victims" (see ``_unit``).
_OF_WHOLE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?(?:(?:more than|over|nearly|almost|about|around|some|at least)\s+)?"
                       r"(?=[\d$\u00a3\u20ac]|(?:two|three|four|five|six|seven|eight|"
                       r"nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\b)", re.IGNORECASE)
_UNIT_BEFORE = re.compile(r"\b(lap|round|stage|hole|game|mile|kilometre|km)\s+$", re.IGNORECASE)
_YEARS_OLD = re.compile(r"\s+years?\s+old\b|-years?-old\b", re.IGNORECASE)
_N_TIME = re.compile(r"-times?\s+((?:[A-Za-z]+\s+)?[A-Za-z]+)")  # "four-time world champion": titles won
_AGE_BEFORE = re.compile(r"\b(?:aged|at (?:the )?age(?: of)?)\s+$", re.IGNORECASE)  # "died aged 96", "at age 60"
_RANGE_UNIT = re.compile(r"\s*(?:years?|months?|weeks?|days?|hours?|minutes?|miles?|feet|foot|metres?|meters?|"
                         r"km|kilometres?|percent|per cent|%|pounds?|tons?|tonnes?|kg|degrees?|mph)\b", re.IGNORECASE)
_SCORE = re.compile(r"(?<![\d.,-])\d{1,3}-\d{1,3}(?:-\d{1,2})?(?![\d-])")
_YEAR_VALUE = re.compile(r"\b(?:in|since|from|of|until|by)\s+(?:early |late |mid-)?(?P<y>(?:19|20)\d\d)\b"
                         # "the 2007 world champion", "a 1911 cubist painting": a year naming which one
                         r"|\b(?:the|a|an|his|her|its|their)\s+(?P<of>(?:19|20)\d\d)\s+(?=[A-Za-z][a-z])")
_YEAR_UNTIL = re.compile(r"\bfrom\s+(?:19|20)\d\d\s+(?:to|until|through)\s+(?P<end>(?:19|20)\d\d)\b")  # 1988 of "from 1983 to 1988"
# "four people were seriously injured": a degree makes the count a part of everyone hurt.
_DEGREE = re.compile(r"[^,;.\d]{0,45}?\b(?:seriously|critically|severely|gravely|badly|slightly|lightly|"
                     r"minor|life-threatening|serious|critical)\b", re.IGNORECASE)
# People said to be in a critical or serious condition, or in intensive care: hurt, and gravely.
_GRAVE_CONDITION = re.compile(r"\b(?:critical|serious|grave|life-threatening)\s+condition|\bintensive\s+care\b",
                              re.IGNORECASE)
# "128 other politicians", "a further 18 people", "another 20": counts added to others, not totals.
_MORE_OF = re.compile(r"\s+(?:other|more|additional|further|extra)\b", re.IGNORECASE)
_MORE_OF_BEFORE = re.compile(r"\b(?:a further|another|an additional|an extra)\s+$", re.IGNORECASE)
UNTIED_CLOCK = "time of day"  # the label of a clock time tied to no event cue
# A time of day: "6.10am", "10:30 p.m.", "9 p.m." (a bare hour needs its a.m./p.m.).
_CLOCK = re.compile(r"(?<![\d.:,$£€])(?P<h>\d{1,2})(?:[:.](?P<m>\d\d))?\s?(?P<ap>[ap])\.?\s?m\b\.?", re.IGNORECASE)
_CANDIDATE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                        r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|dozens?|scores|"
                        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|days? (?:after|before)|"
                        r"january|february|april|june|july|august|september|october|november|december|"
                        r"spokesman|spokeswoman|spokesperson|mayor|governor|chief|coroner|prosecutor)\b|"
                        r"\b(?:than|over|nearly|almost|about|around|under|some|roughly) an? (?:mile|kilometre|kilometer|"
                        r"km|metre|meter|foot|yard|hour|day|week|month|year|decade|century|minute|second)\b|"
                        r"[\"\u201c\u201d]", re.IGNORECASE)


@dataclass(slots=True)
class Statement:
    """One thing an article states: a kind, an alignment key, a value and its sentence."""

    kind: str  # figure | share | age | position | date | weekday | clock | month | quote | name
    key: str  # what the value is about ("people|detained", "age|Anna Berg", "gathered")
    label: str  # human claim label
    value: Quantity | TimeRef | str
    display: str
    sentence: str
    article: str
    context: frozenset[str]
    events: tuple[str, ...] = ()  # for days: every event the clause may be about, nearest first
    # The sentence tells an earlier event or history ("the worst since 2004, when seven died"):
    # its values may agree with others but never contradict the story's own figures.
    background: bool = False
    # Part of a larger count ("12 killed, including 10 US citizens"): never set against the total.
    subset: bool = False
    # A day told with no event cue in its clause ("near Duisburg on Tuesday evening"): it may
    # corroborate the day another report ties to the story's event, never contradict one.
    loose: bool = False
    # Content words right around the value ("25-ton delivery truck"): what a measure is of.
    near: frozenset[str] = frozenset()
    # The word before a measure and the two after its unit ("fell about 12 feet into"; "19-ton
    # delivery truck"): a tighter frame than ``near``, used to line up rival reports.
    head: frozenset[str] = frozenset()
    # The noun an age describes ("4-year-old boy", "17-year-old gorilla"); "" when none follows.
    noun: str = ""
    # Told as a count that changed ("the toll rose to 85", "has climbed to seven"): the report
    # itself says earlier figures were overtaken, so lower ones elsewhere are earlier counts.
    rose: bool = False
    # The word right before a measure when only hedges or articles stand between ("fell about 12
    # feet", "hauled the 30-ton barge"): the predicate that says what the figure is of.
    verb: str = ""
    # The noun a hyphenated measure describes ("a 30-ton, rusty barge", "an 18-ton grain barge"
    # -> "truck"): what is measured, whatever else the clause tells.
    thing: str = ""
    # Told in the article's own words, outside every passage it shares with the rest of its origin
    # group (lineup._mark_own_reporting): an origin of its own.
    own: bool = False
    # The origin this statement goes back to when its sentence lies in a passage the page shares
    # with another page of its outlet stating the same value there (lineup._join_shared_passages):
    # the repeat counts once, with the statement it repeats.
    copied: object = None


def candidate_sentences(article: Article) -> list[str]:
    """Sentences worth reading closely: with digits, number words, days, role words or quotes."""
    return [s.text for s in sentence_spans(article.text) if is_candidate(s.text)]


def is_candidate(sentence: str) -> bool:
    """Whether a sentence may state something to line up (see ``candidate_sentences``)."""
    return bool(_CANDIDATE.search(sentence))


def article_statements(article: Article, names: dict[str, Entity]) -> list[Statement]:
    """Everything the article states that can be lined up with other articles (from the open
    ``remembered_statements`` memo, when there is one)."""
    if _memo is not None:
        return _memo.statements(article, names)
    published = published_date(article.published)
    found: list[Statement] = []
    for sentence in candidate_sentences(article):
        found += sentence_statements(sentence, article.id, published, names)
    return found


# How a story resolved one name a sentence looked up: the entity's (name, type), None for none.
Resolved = tuple[str, str] | None


@dataclass(slots=True)
class KnownStatements:
    """The statements of one candidate sentence (``article`` left blank) and every name their
    finding looked up in the story's names (folded form -> how it resolved), in the order looked up.

    ``sentence_statements`` reads nothing of the names but ``names.get(form)``'s name and type, and
    nothing of the article but its publication day, so under names that resolve those forms alike
    it finds these statements again."""

    sentence: str
    names: tuple[tuple[str, Resolved], ...]
    statements: list[Statement]

    def holds(self, names: Mapping[str, Entity]) -> bool:
        """Whether ``names`` resolves every looked-up form as the names the statements were found with."""
        return all(_resolved(names.get(form)) == resolved for form, resolved in self.names)


@dataclass(slots=True)
class StatementMemo:
    """Articles' statements found before (an ingest keeps them in its database), and those found anew.

    A story touched by a later ingest batch is completed again whole, and its older articles state
    what they stated before: an article's sentence is read again only when the story's names
    resolve one of the names it looked up differently. ``known`` and ``made``: article id -> its
    candidate sentences' statements, in order; ``made`` holds the articles ``known`` lacked, as
    first read here, to be stored (a stored reading is never replaced, so what is stored does not
    depend on which stories a run happened to complete again)."""

    known: dict[str, list[KnownStatements]]
    made: dict[str, list[KnownStatements]] = field(default_factory=dict)

    def statements(self, article: Article, names: dict[str, Entity]) -> list[Statement]:
        """``article_statements``, from the memo where it holds under ``names``; fresh records each call."""
        published = published_date(article.published)
        entries = self.known.get(article.id)
        if entries is None:
            entries = [_read(sentence, published, names) for sentence in candidate_sentences(article)]
            self.known[article.id] = self.made[article.id] = entries
        else:
            entries = [e if e.holds(names) else _read(e.sentence, published, names) for e in entries]
        return [replace(s, article=article.id) for e in entries for s in e.statements]


def _read(sentence: str, published: date | None, names: dict[str, Entity]) -> KnownStatements:
    """A sentence's statements (no article id) and the names their finding looked up."""
    log = _NameLog(names)
    found = sentence_statements(sentence, "", published, log)  # type: ignore[arg-type]
    return KnownStatements(sentence, tuple(log.looked_up.items()), found)


class _NameLog:
    """A story's names that note every form looked up and how it resolved (KnownStatements.names).

    It answers ``get`` only, all that ``sentence_statements`` asks of the names: any other use
    fails at once rather than go unnoted."""

    def __init__(self, names: Mapping[str, Entity]) -> None:
        self.names = names
        self.looked_up: dict[str, Resolved] = {}

    def get(self, form: str) -> Entity | None:
        """The entity of a folded name form, or None; noted."""
        entity = self.names.get(form)
        self.looked_up.setdefault(form, _resolved(entity))
        return entity


def _resolved(entity: Entity | None) -> Resolved:
    """What the statements read of a resolved name: its entity's name and type."""
    return None if entity is None else (entity.name, entity.type)


_memo: StatementMemo | None = None


# The code a sentence's statements come from (statement rules, quantities, times, quotes, names,
# sentence splitting): statements stored by other code are never read back (store.db).
_STATEMENT_SOURCES = (("crosswire.facts", "statements.py"), ("crosswire.facts", "quantities.py"),
                      ("crosswire.facts", "timex.py"), ("crosswire.facts", "quotes.py"),
                      ("crosswire.facts", "entities.py"), ("crosswire.facts", "recase.py"), ("crosswire", "text.py"))


@lru_cache(maxsize=1)
def statements_version() -> str:
    """A digest of the code that finds statements: an ingest database keeps the statements of the
    articles it read (article_statements) only while this is the version that found them, so an
    upgraded crosswire never mixes statements its own rules would not find."""
    digest = hashlib.sha256()
    for package, file in _STATEMENT_SOURCES:
        digest.update(resources.files(package).joinpath(file).read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def remembered_statements(known: Mapping[str, list[KnownStatements]]) -> Iterator[StatementMemo]:
    """Within the block, ``article_statements`` reads articles from a memo seeded with ``known``
    (article id -> its sentences' statements); the memo yielded gathers the articles read anew
    (``made``). The statements are the same as without it: a known sentence is used only where
    the story's names resolve its names alike."""
    global _memo
    memo = StatementMemo(dict(known))
    _memo = memo
    try:
        yield memo
    finally:
        _memo = None


def sentence_statements(sentence: str, article_id: str, published: date | None,
                        names: dict[str, Entity]) -> list[Statement]:
    """The statements of one sentence."""
    caption = bool(_CAPTION.search(sentence))
    figures = _figures(sentence, names)
    ages = _ages(sentence, names)
    taken = {s.value.start for s in figures + ages if isinstance(s.value, Quantity)}
    cues = history_cues(sentence, published)
    found = figures + ages + _measures(sentence, names, taken) + _years(sentence, names) + \
        _times(sentence, published, names) + _clocks(sentence, names) + _months(sentence, published, names) + \
        _quotes(sentence, names) + _positions(sentence, names) + \
        _roles(sentence, names) + \
        ([] if caption else _places(sentence, names, cues))  # a gallery's run-on captions make "Nice Authorities"
    for s in found:
        s.sentence, s.article = sentence, article_id
        s.background = caption or s.background  # a month long before publication is set by _months
        if s.kind == "figure" and isinstance(s.value, Quantity):
            s.background = s.background or _told_after_cue(sentence, s.value, cues)
        elif s.kind in ("date", "weekday") and isinstance(s.value, TimeRef):
            s.background = s.background or _long_before(s.value, published) or _told_as_earlier(sentence, s.value)
    return found


def history_cues(sentence: str, published: date | None) -> list[tuple[int, int]]:
    """Where a sentence points to an earlier event: a history cue ("earlier", "since", "ago"), a
    year other than the publication's, or a month other than the publication's or the one before.

    Chosen on the real-news development gold (benchmarks/real_facts.py): figures told with such
    cues ("the deadliest since 2004, when seven died"; "In September, two
    passengers...") made most of the false disputes, while the story's own figures are rarely told
    beside a year.
    """
    cues = [m.span() for m in _HISTORY.finditer(sentence)]
    for m in _YEAR_OR_MONTH.finditer(sentence):
        if m.group("year"):
            if published is None or int(m.group("year")) not in (published.year, published.year - 1) or \
                    (int(m.group("year")) == published.year - 1 and published.month > 1):
                cues.append(m.span())
        elif published is not None:
            month = _MONTH_NUMBER[m.group("month").lower()[:3]]
            if month not in (published.month, (published.month - 2) % 12 + 1):
                cues.append(m.span())
    return sorted(cues)


def _told_after_cue(sentence: str, q: Quantity, cues: list[tuple[int, int]]) -> bool:
    """A figure about an earlier event: a history cue comes before it in the sentence, or sits in
    its own clause ("seven people were killed in 2004"). "Twelve people died in the blast, the
    deadliest since 2009, when seven were killed": the twelve is the story's own."""
    if not cues:
        return False
    clause = clause_at(sentence, q.start, q.end)
    offset = max(0, sentence.find(clause))
    return any(start < q.start or offset <= start < offset + len(clause) for start, _ in cues)


def _place_in_history(at: int, cues: list[tuple[int, int]]) -> bool:
    """A place told (at ``at``) after a history cue ("the first fatal crash since 1959, when a tram
    burned in Vell Road"): where the earlier event happened, not the story's place. Found where
    the sentence writes it: a misspelt place ("Shettlestone Road") resolves to its entity's spelling."""
    return any(start < at for start, _ in cues)


def _told_as_earlier(sentence: str, ref: TimeRef) -> bool:
    """A history cue before a day in its clause: "The earlier crash, on Sept. 5" (not a cue after it)."""
    clause = clause_at(sentence, ref.start, ref.end)
    start = max(0, sentence.find(clause))
    return bool(_HISTORY.search(sentence[max(0, start - 40):ref.start]))


def _long_before(ref: TimeRef, published: date | None) -> bool:
    """A day more than a week before publication: another event, told as background."""
    return bool(ref.day and published and (published - ref.day).days > HISTORY_DAYS)


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
            joined = _OF_BETWEEN.fullmatch(clause, cue_end, start) or _HEDGE_BETWEEN.fullmatch(clause, cue_end, start)
            gap = 0.0 if joined else start - cue_end + COMMA_PENALTY * ("," in clause[cue_end:start])
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


# "the deaths of 20,000", "the arrest of 12": a cue noun joined to the figure by "of" names what it
# counts, however near a later cue sits ("the deaths of 9,000 people and the displacement of 1.4 million").
_OF_BETWEEN = re.compile(r"\s+of\s+(?:the\s+|some\s+|about\s+|nearly\s+|more\s+than\s+|at\s+least\s+|over\s+)?",
                         re.IGNORECASE)


# "shelling killed at least 40 villagers in raids": a cue followed by nothing but a hedge governs the figure.
_HEDGE_BETWEEN = re.compile(r"\w*\s+(?:at\s+least|more\s+than|fewer\s+than|less\s+than|over|about|nearly|almost|"
                            r"around|roughly|some|up\s+to|an\s+estimated)\s+", re.IGNORECASE)


def event_noun(event: str) -> str:
    """The noun for an event class ("gathered" -> "gathering")."""
    return _EVENT_NOUN.get(event, event)


# A word piece that every match of _ANY_EVENT holds, lower-cased (for each alternative of EVENTS,
# its first letters or its first word): an ASCII clause holding none of them has no cue, found
# without trying EVENTS' ~110 alternatives at each of its characters (~60 % of _cues' clauses on the
# spark_scale corpus at 10,000 articles). Keep in step with EVENTS (tests/test_speed_equivalence.py).
_CUE_PIECES = ("kill", "dead", "death", "die", "fatalit", "lives", "bodies", "perish", "injur", "wound", "hurt",
               "hospitali", "arrest", "detain", "detention", "custody", "jail", "imprison", "rounded", "missing",
               "unaccounted", "trapp", "evacuat", "displac", "homeless", "moved", "fled", "rescu", "releas", "freed",
               "rall", "gather", "protest", "demonstrat", "march", "crowd", "took", "turned", "mourn", "attend",
               "flee", "left", "escap", "met", "meeting", "talks", "spoke", "call", "resign", "stepped", "quit",
               "sign", "attack", "struck", "shelling", "bomb", "explo", "blast", "launch", "lift", "fire", "blaze",
               "burn", "flood", "burst", "capsiz", "sank", "sink", "went", "overturn", "rolled", "derail", "collid",
               "collision", "crash", "collaps", "cave", "funeral", "buri", "strike", "walkout", "walked", "downed",
               "destroy", "damag", "sentenc", "convicted", "election", "vote", "poll", "ballot", "announc", "open",
               "clos", "shut")
_ANY_CUE_PIECE = re.compile("|".join(re.escape(piece) for piece in _CUE_PIECES))
# _ANY_EVENT for lower-cased ASCII text, where it finds the same cues at the same places (lower-casing
# keeps an ASCII text's length) ~1.8x as fast as matching each letter in either case.
_ANY_EVENT_LOWER = re.compile(_ANY_EVENT.pattern)


@lru_cache(maxsize=4096)
def _cues(clause: str) -> tuple[tuple[str, int, int], ...]:
    """(event class, start, end) of each event cue in a clause, speakers left out ("rescuers said").

    Cached: a clause is searched once for all the figures, days and places it holds.
    """
    if clause.isascii():  # there, matching ignoring case is matching the lower-cased text
        lowered = clause.lower()
        if not _ANY_CUE_PIECE.search(lowered):
            return ()  # none of the pieces every cue holds
        found = _ANY_EVENT_LOWER.finditer(lowered)
    else:
        found = _ANY_EVENT.finditer(clause)
    return tuple((m.lastgroup or "", m.start(), m.end()) for m in found if not _SPEAKER_AFTER.match(clause, m.end()))


def event_of_word(word: str) -> str:
    """The event class a single word names ("election" -> "elected"), or ""."""
    return next((name for name, pattern in _EVENT_RE.items() if pattern.search(word)), "")


def _context(clause: str, names: dict[str, Entity]) -> frozenset[str]:
    """Content words of a clause, without digits and day names (they are the values, not the topic).

    Names are replaced by their resolved entity ("@Olena Marchuk"), so that two spellings of
    one name count as the same word; places are marked "@@" ("@@Nice"): they are where, not
    who (see ``lineup._actors``).
    """
    entities = set()
    for m in _NAME_RE.finditer(clause):
        name, _ = _clean_surface(m.group(), False)
        entity = names.get(fold(name))
        if entity:
            entities.add(("@@" if entity.type == "GPE" else "@") + entity.name)
            clause = clause.replace(m.group(), " ")
    return _plain_context(clause) | entities


# Clauses whose plain context words are kept: one clause is read for each figure, day and place it
# holds, and ``near_words`` asks again of a value's neighbourhood (spark_scale corpus, 10,000
# articles: ~88,000 clauses read for ~42,000 candidate sentences).
CONTEXT_CACHE = 16384
_CONTEXT_SKIP = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "said",
                           "says", "according", "told", "year", "old", "thousands", "hundreds", "dozens", "percent",
                           "cent"})


@lru_cache(maxsize=CONTEXT_CACHE)
def _plain_context(clause: str) -> frozenset[str]:
    """Content words of a clause, without digits and day names (memoised: a frozenset)."""
    return frozenset((_POSSESSIVE.sub("", w) if "'" in w or "\u2019" in w else w).rstrip("s")
                     for w in content_words(clause) if not w[0].isdigit() and w not in _CONTEXT_SKIP)


# "Kestrin's" is Kestrin: without this, "rstrip('s')" left "kestrin'", which matched no other form.
_POSSESSIVE = re.compile(r"['’]s?$")


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


def _counted(after: str) -> tuple[str, tuple[int, int], bool]:
    """The counted thing named just after a figure ("people", "police officers"), where it ends, and
    whether words stand between ("10 U.S. citizens", "two local pilots"): such a count is of a
    kind of people, not of everyone the event touched, and is never set against the total."""
    nationals = _NATIONALS.match(after)
    if nationals and not _AMONG.search(after):  # "10 Americans", "two Britons": a kind of people
        return "people", nationals.span(1), True
    words = [m for m in re.finditer(r"[a-z]+", after.lower())
             if m.group() not in ("of", "the", "more", "other", "some")]
    for n, m in enumerate(words[:3]):
        if m.group() in _COUNTED_OF:
            qualified = n > 0 and not (n == 1 and f"{words[0].group()} {m.group()}" in _COUNTED_PHRASES)
            return _COUNTED_OF[m.group()], (m.start(), m.end()), qualified
    return "", (0, 0), False


def _kind_of_people(written: str) -> str:
    """The words naming which people a qualified count counts ("10 U.S. citizens", "two Tunisian
    men"), or "" when they are not a plain phrase of two or three words without a stop word (an
    ordinal's suffix, a list, a quotation, "minutes for workers")."""
    phrase = written.strip()
    if not written[:1].isspace() or not _PLAIN_PHRASE.fullmatch(phrase):
        return ""
    if any(word in stop_words() for word in phrase.split()):
        return ""  # "three minutes for workers": not one kind of people
    return phrase


def _figures(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """Counts and percentages with what they count and the event they belong to."""
    found = []
    for q in find_quantities(sentence):
        if q.age or q.unit:
            continue  # "more than a mile" is a measure
        clause = clause_at(sentence, q.start, q.end)
        offset = sentence.find(clause)
        group = _new_group_start(sentence, q)
        if group > offset:  # "one is brain-dead and another four are being treated": not the dead
            clause, offset = sentence[group:offset + len(clause)], group
        context = _context(clause, names)
        if q.percent:
            found += _percent(sentence, clause, q, offset, context, names)
            continue
        counted, (noun_start, noun_end), qualified = _counted(sentence[q.end:q.end + 60])
        number_of = None if counted else _NUMBER_OF_BEFORE.search(sentence, max(0, q.start - 120), q.start)
        told = None  # the event a participle after the counted noun names ("number of people injured")
        if number_of and number_of.group(1).lower() in _COUNTED_OF:  # "the number of people killed rose to 85"
            counted = _COUNTED_OF[number_of.group(1).lower()]
            told = _BARE_EVENT.match(sentence, number_of.end(1))
        toll = _TOLL_BEFORE.search(sentence, max(0, q.start - TOLL_REACH), q.start)
        if toll and offset <= toll.start() and (not counted or noun_start > 1 or counted == "people"):
            counted, event = "people", "injured" if toll.group("injured") else "killed"  # "the toll rose to 85"
        elif counted == "lives":
            if not _LIVES_AFTER.match(sentence, q.end) or _SAVED_BEFORE.search(sentence, max(0, q.start - 30), q.start):
                continue  # "Vell, 69, who lives nearby": an age; "saved 300 lives": not a toll
            counted, event = "people", "killed"  # "the war has cost 900 lives": the dead
        elif not counted:
            bare = _BARE_EVENT.match(sentence, q.end)
            if not bare or len(sentence.split()) < MIN_BARE_EVENT_WORDS:
                continue
            counted, event = "people", event_of_word(bare.group(1))  # "around 202 injured", "seven dead"
        elif told:
            event = event_of_word(told.group(1))
        else:
            own = max(offset, _own_clause_start(sentence, q))
            event = event_near(sentence[own:offset + len(clause)], q.num_start - own, q.end - own,
                               skip=(q.end - own + noun_start, q.end - own + noun_end))
        grave = not event and counted == "people" and bool(_GRAVE_CONDITION.search(clause))
        if grave:
            event = "injured"  # "42 people were in critical condition": hurt, and gravely
        if not event:
            continue
        degree = _DEGREE.match(sentence, q.end, q.end + 60) if event == "injured" else None
        if degree or grave:  # "four people were seriously injured": a count of its own, beside everyone hurt
            grade = "slightly" if degree and re.search(r"slight|light|minor", degree.group(), re.IGNORECASE) \
                else "seriously"
            statement = _new("figure", f"{counted}|{event}|{grade}", f"{counted} {grade} injured", q, q.text.strip(),
                             context)
        else:
            statement = _new("figure", f"{counted}|{event}", count_label(counted, event), q, q.text.strip(), context)
        # A graded count ("four seriously injured") is whole within its own graded key, not a part
        statement.subset = qualified or bool(_SUBSET_BEFORE.search(sentence[max(0, q.start - 30):q.start])
                                             or _MORE_OF.match(sentence, q.end)
                                             or _MORE_OF_BEFORE.search(sentence, 0, q.start)
                                             or _AND_ANOTHER_AFTER.match(sentence, q.end))
        statement.rose = bool(_ROSE_BEFORE.search(sentence, max(0, q.start - 25), q.start) or _NOW.search(clause))
        if qualified:  # "10 U.S. citizens": which people, for the label of a count of some of them
            nationals = _NATIONALS.match(sentence, q.end)
            statement.thing = nationals.group(1) if nationals else _kind_of_people(sentence[q.end:q.end + noun_end])
        found.append(statement)
    return found


def _new_group_start(sentence: str, q: Quantity) -> int:
    """Where the clause of "another five people" or "three others" starts: after the "and" or comma
    that joins it to the group told before, whose event cue ("one volunteer is brain-dead") is not this
    group's; -1 for other figures.

    Found on Multi-News dev clusters read by hand (issue 14): "one man was brain dead, three others
    were ill ..." and "another five are being treated" were read as counts of the dead
    and set against each other as a dispute.
    """
    another = _ANOTHER_BEFORE.search(sentence, max(0, q.start - 40), q.start)
    if another:
        return another.end()
    return _joint_end(sentence, q) if _OTHERS_AFTER.match(sentence, q.end) else -1


def _own_clause_start(sentence: str, q: Quantity) -> int:
    """Where the clause of a count joined by "and" and followed by its own verb starts ("two were
    killed and four people were seriously injured": after the "and"), or -1. The event cue before
    the "and" is the other group's: "four people" there had been read as four killed."""
    return _joint_end(sentence, q) if _OWN_VERB_AFTER.match(sentence, q.end) else -1


def _joint_end(sentence: str, q: Quantity) -> int:
    """Where the "and" or comma right before a figure ends, or -1."""
    joint = _JOINT_BEFORE.search(sentence, max(0, q.start - 10), q.start)
    return joint.end() if joint else -1


def _measures(sentence: str, names: dict[str, Entity], taken: set[int]) -> list[Statement]:
    """Every other figure with the unit or noun it counts ("40 miles per hour", "$2 billion",
    "11.5 million documents", "five seasons", "34-6"): lined up by unit and clause words.

    Added for real news, whose agreed facts are mostly such figures (distances, weights, money,
    durations, scores, counts of things): on the development gold, counts of people tied to an
    event cue covered fewer than one agreed fact in ten.
    """
    found = []
    noun_ages = {m.start("age"): m.group("noun") for m in _AGE_AFTER_NOUN.finditer(sentence)
                 if _is_noun(m.group("noun"))}
    scores = [m.span() for m in _SCORE.finditer(sentence) if not _RANGE_UNIT.match(sentence, m.end())]
    for q in find_quantities(sentence):
        if q.vague or q.start in taken or _designation(sentence, q):
            continue
        if any(start <= q.num_start and q.end <= end for start, end in scores):
            continue  # "a 13-3 mark": the score is the statement, not "3 mark"
        unit = "age" if q.age or _YEARS_OLD.match(sentence, q.end) or q.start in noun_ages or \
            _AGE_BEFORE.search(sentence, max(0, q.start - 16), q.start) else _unit(sentence, q)
        if not unit:
            continue
        clause = clause_at(sentence, q.start, q.end)
        spellings = _unit_spellings(unit)
        context = _context(clause, names) - spellings
        statement = _new("measure", f"measure|{unit}", measure_label(unit, sentence, q), q, q.text.strip(), context)
        asset = "" if unit == "age" else market_asset(sentence, q, unit)
        if asset:  # one asset's price or move: lined up by asset, whatever the clause's other words
            kind = "price" if unit != "percent" else "move"
            display = q.text.strip() if kind == "price" else f"{_direction(sentence, q)} {q.text.strip()}"
            statement = _new(kind, f"{kind}|{asset}", f"{'price' if kind == 'price' else 'price change'} of {asset}", q,
                             display, context)
        statement.near = near_words(sentence, q.start, q.end) - spellings
        statement.head = head_words(sentence, q) - spellings
        statement.verb = "" if unit == "age" else verb_before(sentence, q)
        statement.thing = "" if unit in ("age", "time") else measured_thing(sentence, q)  # whose title or age: a name
        if unit == "age":
            years_old = _YEARS_OLD.match(sentence, q.end)  # "he was 3 years old": no noun after "years"
            after = _AGE_NOUN.match(sentence, years_old.end() if years_old else q.end)
            statement.noun = after.group(1).lower().rstrip("s") if after and _is_noun(after.group(1).lower()) else ""
            statement.noun = noun_ages.get(q.start, statement.noun)
            statement.label = f"age of the {statement.noun}" if statement.noun else "age"
        statement.subset = bool(_MORE_OF.match(sentence, q.end) or _MORE_OF_BEFORE.search(sentence, 0, q.start)
                                or _OF_WHOLE.match(sentence, q.end)  # "21 of the 276": some of them
                                or _INCLUDES_BEFORE.search(sentence, max(0, q.start - 30), q.start))
        found.append(statement)
    for start, end in scores:  # "30-50 years" is a range, not a score
        clause = clause_at(sentence, start, end)
        score = sentence[start:end]
        statement = _new("score", "measure|score", "score", score, score, _context(clause, names))
        statement.near = near_words(sentence, start, end)
        found.append(statement)
    return found


# A number that is part of a name: right after a capitalised word ("Apollo 11", "Falcon 9 rockets",
# "Chang'e 4 mission", "Flight 370") or joined by a hyphen to one ("Six-Day War"). Not after a
# month, weekday or title, where a number is a date or a count ("March 5", "No. 3").
_NAME_BEFORE = re.compile(r"(?<![.!?:\"'\u201c\u2018]\s)(?<![\"'\u201c\u2018(])\b([A-Z][\w'\u2019-]*[A-Za-z])\s$")
_NAME_AFTER = re.compile(r"-[A-Z]")
_NOT_NAME_WORDS = frozenset({"no", "number", "nos", "vol", "page", "article", "section", "chapter", "room", "the",
                             "a", "an", "and", "or", "but", "in", "on", "at", "by", "of", "for", "from", "to",
                             "only", "all", "some", "about", "over", "nearly", "around", "just", "almost",
                             "least", "more", "than", "up"})


def _designation(sentence: str, q: Quantity) -> bool:
    """True for a number that names a thing rather than counts it ("Apollo 11", "Six-Day War"): a
    number joined by a hyphen to a capitalised word, or a plain whole number right after a
    capitalised word that is not a month, weekday, title or stop word."""
    if q.hedge or q.percent or q.age:
        return False
    if _NAME_AFTER.match(sentence, q.end):
        return True
    if not q.text.strip().isdigit() or _RANGE_UNIT.match(sentence, q.end):
        return False  # "11 million", "eleven", "Hit 40 miles per hour": counts and measures
    before = _NAME_BEFORE.search(sentence, max(0, q.start - 40), q.start)
    if before is None or before.start() == 0 or sentence[max(0, q.start - 2):q.start].strip() == "$":
        return False
    word = before.group(1).lower().rstrip(".")
    if re.search(r"['\u2019]s?$", word):
        return False  # "the rocket's 27 engines": a count of the named thing's parts
    return word not in _NOT_NAME_WORDS and word not in MONTHS and word not in WEEKDAYS


# A market's price or move at one moment, told as a snapshot: "Kestrin was trading for $N", "KST is
# now priced at $N", "Kestrin shares edged up 0.2 percent". Such figures change through the day,
# so two reports' different figures are updates, never disputes (lineup.MARKET_KINDS). The asset
# is the word before the verb ("shares", "was", "now" skipped). Only verbs that quote a price as it
# stands; "priced"/"valued" only after "now"/"currently", since "valued at $X" alone is more often
# a fixed valuation (a jet, a deal). Read off the real-news development gold (Giveme5W1H coin and
# chip-maker stories) and checked on all of Giveme5W1H, Multi-News dev and DUC 2004 (benchmarks/
# real_facts.py flag audit).
_ASSET = r"(?P<asset>[A-Za-z][\w.&-]*?)(?:['’]s)?\s+(?:\([A-Z.]+(?::\s?[A-Z]+)?\)\s+)?" \
    r"(?:(?:shares|stock|stocks|price|is|was|are|were|has|have|had|been|still|back)\s+)*"
_CURRENCY_BEFORE = r"(?:about\s+|around\s+|roughly\s+|just\s+)?(?:US|A|C|S|HK)?[$£€]\s?$"
_QUOTE_WORDS = (r"(?:trading|traded|changing hands|changed hands|hovering|hovered|struggling|selling|"
                r"(?:now|currently)\s+(?:priced|valued|worth))\s+(?:\w+\s+){0,2}?(?:at|for|near|around)")
_QUOTE = re.compile(_ASSET + _QUOTE_WORDS + r"\s+" + _CURRENCY_BEFORE)
# The list after a quote: "... selling for $N and ethereum for $M" gives the second asset's price.
_QUOTE_MORE = re.compile(r"(?:,|\band|\bwith)\s+(?P<asset>[A-Za-z][\w.&-]*)\s+(?:at|for)\s+" + _CURRENCY_BEFORE)
_QUOTE_VERB = re.compile(r"\b" + _QUOTE_WORDS + r"\b")
# Verbs of a price moving, by direction ("edged up" before "edged", so the longer phrase is read).
_DOWN_VERBS = ("fell", "dropped", "slid", "slipped", "tumbled", "plunged", "sank", "slumped", "declined", "dipped",
               "edged down", "edged lower", "fall", "drop", "slide", "slip", "lost", "lose")
_UP_VERBS = ("rose", "gained", "jumped", "climbed", "soared", "surged", "rallied", "advanced", "edged up",
             "edged higher", "rise", "gain", "climb")
_MOVE_WORDS = "|".join(sorted(_DOWN_VERBS + _UP_VERBS, key=len, reverse=True))
_MOVE = re.compile(_ASSET + rf"(?:\w+\s+){{0,4}}?(?:{_MOVE_WORDS})\s+(?:by\s+)?"
                   r"(?:about\s+|around\s+|nearly\s+|almost\s+|more than\s+)?$")
_MOVED = re.compile(rf"\b(?:{_MOVE_WORDS})\b")
_DOWN = re.compile(rf"(?:{'|'.join(_DOWN_VERBS)})\b")
# A move over a period ("down 50% since January", "rose 8% this year") is not the day's move.
_PERIOD_AFTER = re.compile(r"\s*(?:%|percent|per cent)?\s*(?:\S+\s+){0,3}?(?:since|so far|this year|year to date|"
                           r"over the (?:past|last)|in the (?:past|last)|for the (?:year|week|month)|last (?:year|week|month)|"
                           r"this (?:week|month)|in 20\d\d)\b", re.IGNORECASE)
_SCALE_WORDS = re.compile(r"\b(?:million|billion|trillion|bn|mn)\b", re.IGNORECASE)


def market_asset(sentence: str, q: Quantity, unit: str) -> str:
    """The asset whose price or move at one moment a figure quotes ("bitcoin", "nxp"), or "".

    A price is a unit price (no "million" or "billion": those are valuations and deals); a move
    is a percentage after a verb of movement, not one over a period ("since January"), and its
    asset is a name (capitalised). The nearest word that fits is the asset: in "Zorvan said
    Kestrin shares fell 3%" the shares are Kestrin's.
    """
    before = sentence[max(0, q.num_start - 90):q.num_start]
    if unit in ("dollar", "pound", "euro") and not _SCALE_WORDS.search(q.text):
        patterns = [_QUOTE] + ([_QUOTE_MORE] if _QUOTE_VERB.search(sentence, 0, q.start) else [])
    elif unit == "percent" and not _PERIOD_AFTER.match(sentence, q.end):
        patterns = [_MOVE]
    else:
        return ""
    starts = [m.start() for m in re.finditer(r"\b[A-Za-z]", before)]
    for pos in reversed(starts):
        for pattern in patterns:
            m = pattern.match(before, pos)
            if m and _asset_word(m.group("asset"), capitalised=pattern is _MOVE and not sentence.islower()):
                return _whole_name(before, m.start("asset"), m.group("asset")).lower()
    return ""


def _whole_name(text: str, start: int, word: str) -> str:
    """A capitalised asset word with the capitalised words right before it ("Kestrin Mills")."""
    if not word[0].isupper():
        return word
    lead = re.search(r"(?:[A-Z][\w.&-]*\s+)*$", text[:start])
    return (lead.group() if lead else "") + word


def _direction(sentence: str, q: Quantity) -> str:
    """"down" or "up": which way the last verb of movement before a price change went ("gave up
    gains to fall 3%" is down), so that a reader sees the sign the figure alone drops."""
    verbs = list(_MOVED.finditer(sentence, max(0, q.start - 60), q.start))
    return "down" if verbs and _DOWN.match(sentence, verbs[-1].start()) else "up"


def _asset_word(word: str, capitalised: bool) -> bool:
    """A word that may name what is traded: not a function word, not "shares" itself."""
    lower = word.lower()
    return not (lower in stop_words() or lower in _NOT_UNITS or lower in _NOT_ASSETS
                or (capitalised and not word[0].isupper()))


_NOT_ASSETS = frozenset({"shares", "share", "stock", "stocks", "price", "prices", "value", "currency", "market",
                         "capitalization", "capitalisation"})


def _unit_spellings(unit: str) -> frozenset[str]:
    """The ways a report writes a unit ("foot": "feet", "ft"), none of which tells what is measured:
    kept in a figure's context words, "ft" beside one report's "15" and "feet" beside another's
    "12" kept two reports of one fall apart."""
    return frozenset({unit, unit + "s", plural(unit)} | {w for w, u in _UNIT_SYNONYMS.items() if u == unit}
                     | {w.rstrip("s") for w, u in _UNIT_SYNONYMS.items() if u == unit})


def _is_noun(word: str) -> bool:
    """A word after an age that may be what the age describes ("boy"), not a verb ("the
    19-year-old gained", "the 16-year-old said"): three Verstappen ages had three such "nouns"."""
    return word not in stop_words() and not word.endswith(("ed", "ing")) and word not in _AGE_VERBS


def near_words(sentence: str, start: int, end: int) -> frozenset[str]:
    """Content words within NEAR_CHARS of a value, clipped to its clause: what the value is of."""
    clause = clause_at(sentence, start, end)
    offset = max(0, sentence.find(clause))
    left = max(offset, start - NEAR_CHARS)
    right = min(offset + len(clause), end + NEAR_CHARS)
    words = [m.group() for m in _WORD.finditer(sentence, offset, offset + len(clause))
             if m.end() > left and m.start() < right and not start <= m.start() < end]
    return _plain_context(" ".join(words))


def head_words(sentence: str, q: Quantity) -> frozenset[str]:
    """The content word before a figure and the two after its unit, inside its clause."""
    clause = clause_at(sentence, q.start, q.end)
    offset = max(0, sentence.find(clause))
    unit = _UNIT_AFTER.match(sentence, q.end)
    end = unit.end() if unit else q.end
    stops = stop_words()
    words = [(m.start(), m.group().lower()) for m in _WORD.finditer(sentence, offset, offset + len(clause))]
    words = [(at, w) for at, w in words if w not in stops and w not in _HEAD_SKIP]
    before = [w for at, w in words if at < q.start][-1:]
    after = [w for at, w in words if at >= end][:2]
    return frozenset(w.rstrip("s") for w in before + after)


_VERB_RIGHT_BEFORE = re.compile(r"\b([a-z]{3,})\s+(?:(?:a|an|the|some|about|around|nearly|almost|over|"
                                r"roughly|approximately|just|only|at least|more than|less than|up to)\s+)*$")
VERB_REACH = 24  # characters before a figure searched for its predicate ("fell about 12 feet")


# Past tenses not ending in -ed that news tells figures with ("fell 15ft", "rose 3%", "drove 2 km").
_IRREGULAR_PAST = frozenset({"fell", "rose", "drove", "ran", "won", "lost", "took", "gave", "grew", "hit", "struck",
                             "paid", "sold", "bought", "spent", "held", "left", "made", "kept", "threw", "flew",
                             "sank", "led", "cut", "set", "put", "shot", "swam", "dug", "sent", "built", "brought",
                             "caught", "stood", "slid", "fought", "saw", "came", "went", "broke", "spun", "fled"})


def verb_before(sentence: str, q: Quantity) -> str:
    """The past-tense verb right before a figure, past any hedge or article ("fell" in "fell about
    12 feet", "dropped" in "dropped 4.3 percent"), or "". Only a verb: a noun there ("an orbit
    about 230 kilometers" beside "initial orbit 200 kilometers" on DUC 2004) names no predicate."""
    m = _VERB_RIGHT_BEFORE.search(sentence, max(0, q.start - VERB_REACH), q.start)
    word = m.group(1) if m else ""
    if not word or word in stop_words() or word in _HEAD_SKIP:
        return ""
    return word if _past_tense(word) else ""


def _past_tense(word: str) -> bool:
    """A past tense: a word in -ed or one of the irregular ones news tells figures and days with."""
    return word.endswith("ed") or word in _IRREGULAR_PAST


# Prepositions that end a noun phrase, besides the stop words ("barge past the pier").
_PREPOSITIONS = frozenset({"past", "beside", "near", "toward", "towards", "onto", "inside", "outside", "via",
                           "despite", "amid", "against", "around", "behind", "beyond", "upon", "within"})
_HYPHEN_UNIT = re.compile(r"-[A-Za-z]+(?:-[A-Za-z]+)?,?((?:\s+[a-z]+){1,3})")  # "-ton, rusty barge to"


def measured_thing(sentence: str, q: Quantity) -> str:
    """The noun a hyphenated measure describes: the last word of the noun phrase after "N-unit"
    ("towed the 30-ton, rusty barge to the pier", "moored an 18-ton grain barge at" -> "barge"),
    or "" for other measures ("fell 12 feet into")."""
    m = _HYPHEN_UNIT.match(sentence, q.end)
    if not m:
        return ""
    stops = stop_words() | _PREPOSITIONS
    words = []
    for word in m.group(1).split():
        if word in stops:
            break
        words.append(word)
    return singular(words[-1]) if words else ""


def _unit(sentence: str, q: Quantity) -> str:
    """What a figure measures: a currency before it, "%" for shares, else the noun after it."""
    before = sentence[max(0, q.num_start - 4):q.num_start]
    currency = _CURRENCY.search(before)
    if currency:
        return {"£": "pound", "€": "euro"}.get(currency.group().strip()[-1], "dollar")
    if q.percent:
        return "percent"
    if q.unit:
        return _unit_word(q.unit)  # "more than a mile"
    counter = _UNIT_BEFORE.search(sentence, max(0, q.num_start - 12), q.num_start)
    if counter:
        return counter.group(1).lower()  # "Lap 20", "round 3": the number names which one
    ordinal = _ORDINAL_OF.match(sentence, q.end)
    if ordinal:
        return ordinal.group(1).lower()  # "the 48th of 71 laps", "the 28th lap": which one, as "lap 48"
    if _N_TIME.match(sentence, q.end):
        return "time"  # "two-time Coach of the Year": how many times someone won it
    whole = _OF_WHOLE.match(sentence, q.end)
    if whole:  # "21 of 71 laps completed": the part counts what the whole counts
        of = next((w for w in find_quantities(sentence) if whole.end() in (w.start, w.num_start)), None)
        return _unit(sentence, of) if of is not None and not of.percent else ""
    glued = _GLUED_UNIT.match(sentence, q.end)
    if glued:
        return _UNIT_SYNONYMS.get(glued.group(1).lower(), glued.group(1).lower())  # "12mph", "400lb", "15ft"
    named = _NAMED_THEN_NOUN.match(sentence, q.end)  # "15 NFL seasons" counts seasons, not NFLs
    if named and named.group(1) not in stop_words():
        word = named.group(1)
    else:
        after = _UNIT_AFTER.match(sentence, q.end)
        word = _counted_after_modifier(sentence, q) or (after.group(1) if after else "")
    unit = _unit_word(word)
    if not unit:
        number_of = _NUMBER_OF_BEFORE.search(sentence, max(0, q.start - 120), q.start)
        unit = _unit_word(number_of.group(1)) if number_of else ""  # "the number of pupils ... climbed to 16,000"
    return unit


def _unit_word(word: str) -> str:
    """The unit a word names, singular and with its synonyms folded ("feet" -> "foot"), or "" for a
    word that names none (a stop word, an adverb: "40 seriously injured")."""
    word = _UNIT_SYNONYMS.get(word.lower(), word.lower())
    if not word or word in _NOT_UNITS or (word in stop_words() and word not in _UNIT_SYNONYMS) or \
            (len(word) < 2 and word != "m") or word.endswith("ly"):
        return ""
    one = singular(word) if len(word) > 3 or word in _IRREGULAR_SINGULARS else word
    return _UNIT_SYNONYMS.get(one, one)


def _counted_after_modifier(sentence: str, q: Quantity) -> str:
    """The plural noun a figure counts when one modifier stands between them ("71 scheduled
    laps", "12 world leaders"), or "".

    Only a participle ("freed", "scheduled"), so that what a report counts is one key whatever
    state it adds. A noun or adjective used as a modifier names the thing itself ("offshore
    entities" / "offshore companies", "female gorillas" / "females"): on the real-news development
    gold, skipping those split as many agreed facts as it joined; participles only joined.
    """
    m = _MODIFIER_THEN_NOUN.match(sentence, q.end)
    if not m:
        return ""
    modifier, noun = m.group(1), m.group(2)
    stops = stop_words()
    if not modifier.endswith("ed") or noun in stops or noun in _NOT_UNITS or noun.endswith(("ss", "us", "ous")):
        return ""
    return noun


def singular(word: str) -> str:
    """A plural noun's singular, by spelling ("tries" -> "try", "passes" -> "pass", "seasons")."""
    if word in _IRREGULAR_SINGULARS:
        return _IRREGULAR_SINGULARS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_IRREGULAR_PLURALS = {"foot": "feet", "child": "children", "man": "men", "woman": "women", "person": "people"}
# "9 million kids" and "9 million children" count one thing.
_IRREGULAR_SINGULARS = {**{p: w for w, p in _IRREGULAR_PLURALS.items() if w != "person"}, "kids": "child", "kid": "child"}


def plural(unit: str) -> str:
    """How a label names a unit: "seasons", "tries", "passes", "feet"."""
    if unit in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[unit]
    if unit.endswith("y") and unit[-2:-1] not in "aeiou":
        return unit[:-1] + "ies"
    return unit + ("es" if unit.endswith(("s", "sh", "ch", "x")) else "s")


def measure_label(unit: str, sentence: str, q: Quantity) -> str:
    """A short label for a measure: the words the report puts after the figure ("media
    organizations", "offshore entities", "NFL seasons"), up to two and stopping at a stop word,
    a verb ("employees does", "girls wearing") or punctuation; the unit's plural when the unit is
    not written there ("$2 billion" -> "dollars", "Lap 20" -> "laps")."""
    if unit == "percent":
        return unit
    titles = _N_TIME.match(sentence, q.end)
    if unit == "time" and titles:
        return f"times {titles.group(1).lower()}"  # "times world champion"
    m = _LABEL_WORDS.match(sentence, q.end)
    words = []
    for word in (m.groups() if m else ()):
        if not word or word.lower() in stop_words():
            break
        words.append(word.lower())
    if not any(_UNIT_SYNONYMS.get(singular(w), singular(w)) == unit or _UNIT_SYNONYMS.get(w) == unit
               for w in words):
        return plural(unit)
    if len(words) == 2 and _VERB_FORM.fullmatch(words[1]):
        return words[0]  # the verb of the clause, not a part of what is counted ("employees does", "girls wearing")
    if len(words) == 2 and sentence.startswith("-", q.end):
        return f"{plural(unit)} ({words[1]})"  # "15-member Security Council": members of what follows
    return " ".join(words)

def _years(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """Years that date something ("released in 2003", "drafted in 2002"): lined up by clause words."""
    found = []
    for m in [*_YEAR_VALUE.finditer(sentence), *_YEAR_UNTIL.finditer(sentence)]:
        group = next(g for g in ("y", "of", "end") if g in m.re.groupindex and m.group(g))
        start, end, year = m.start(group if group != "y" else 0), m.end(group), m.group(group)
        clause = clause_at(sentence, start, end)
        context = _context(clause, names)
        if len(context) < 2:
            continue
        value = _age_quantity(float(year), year, start)
        before = [w for w in content_words(sentence[max(0, start - 40):start]) if not w[0].isdigit()][-1:]
        label = f"year ({before[0]})" if before else "year"  # "in power since 1994" -> "year (power)"
        statement = _new("measure", "measure|in-year", label, value, year, context)
        statement.near = near_words(sentence, start, end)
        found.append(statement)
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


# A named person's place in a race or ranking: "Vell finished third", "came in second", "placed
# fifth", "dropped to 16th", "climbed back to fourth". The verb's class is part of the frame: the
# place a driver dropped to during a race is not where the driver finished.
_ORDINAL_RE = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
_POSITION = re.compile(
    r"\b(?:(?P<finish>finish(?:ed|es|ing)?|came(?:\s+in|\s+home)?|placed|ended(?:\s+up)?)"
    r"|(?P<dropped>dropped|fell|slipped|slumped|tumbled)(?:\s+back)?(?:\s+down)?\s+(?:to|into)"
    r"|(?P<climbed>climbed|moved|rose|recovered|charged|battled|fought)(?:\s+back|\s+up)*\s+(?:to|into))"
    rf"\s+(?:in\s+)?(?:(?:a|an|the)\s+)?(?:[a-z]+ly\s+)?(?:(?:strong|distant|solid|close|lowly|fine|creditable)\s+)?"
    rf"(?P<place>{_ORDINAL_RE}|\d{{1,2}}(?:st|nd|rd|th))\b(?!-|\s+(?:time|times|quarter|half|round|period|day|week|"
    r"month|year|season|test|consecutive|straight|successive|in a row|largest|biggest|most|highest|lowest))",
    re.IGNORECASE)
# A place not (yet) taken: "if Vell finishes third", "on course for second place", "needs to finish".
_HYPOTHETICAL_PLACE = re.compile(r"\b(?:if|unless|whether|needs?|must|could|would|should|might|may|can|hopes?|"
                                 r"course|bid|aims?|set|expected|likely|chance|wants?|tries|trying|try)\b",
                                 re.IGNORECASE)


def _positions(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """A named person's place in a race or ranking ("Vell finished third"): keyed by the person and
    the verb's class (finished / dropped to / climbed to), so two reports of where one driver
    finished line up and may disagree, while the place the driver fell to in the race stays apart.
    The person is the last name before the verb in its clause; a place with no name ("he finished
    third") is not kept: whose place it is cannot be told."""
    found = []
    for m in _POSITION.finditer(sentence):
        clause = clause_at(sentence, m.start(), m.end())
        offset = sentence.find(clause)
        people = [e for pos, e in _names_in(clause, names) if pos + offset < m.start()]
        if not people or _HYPOTHETICAL_PLACE.search(sentence, offset, m.start()):
            continue
        place = m.group("place")
        number = ORDINAL_WORDS.get(place.lower()) or int(place[:-2])
        verb = next(group for group in ("finish", "dropped", "climbed") if m.group(group))
        q = Quantity(float(number), float(number), float(number), "", False, False, m.start("place"),
                     m.end("place"), place)
        what = {"finish": "finishing place", "dropped": "place dropped to", "climbed": "place climbed to"}[verb]
        entity = people[-1]
        statement = _new("position", f"position|{entity.name}|{verb}", f"{what} of {entity.name}", q, place.lower(),
                         _context(clause, names))
        found.append(statement)
    return found


def _age_quantity(age: float, text: str, start: int) -> Quantity:
    """An exact age or year as a Quantity (never widened as a round figure: the year 2000 is not
    "about 2,000", and once agreed with 1982, 1999 and 2001 on the development gold)."""
    return Quantity(age, age, age, "", False, True, start, start + len(text), text)


def _ages(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """Ages of named people: "Anna Berg, 34," / "34-year-old Anna Berg" / "Berg, a 34-year-old"."""
    found = []
    people = _names_in(sentence, names)
    for m in _AGE_AFTER_NAME.finditer(sentence):
        name, _ = _clean_surface(m.group("name"), False)
        entity = names.get(fold(name))
        if entity and (entity.type == "PERSON" or (entity.type == "MISC" and " " in entity.name)):
            group = "age" if m.group("age") else "turned"
            found.append(_age(entity, _age_quantity(float(m.group(group)), m.group(group), m.start(group))))
    for q in find_quantities(sentence):
        if not q.age:
            continue
        # "34-year-old protester Anna Berg" / "Anna Berg, a 34-year-old": the age's own person only,
        # not the nearest name of a sentence naming several (issue 14 found ages given to the wrong one).
        after = [e for pos, e in people if pos >= q.end and _AGE_THEN_NAME.fullmatch(sentence, q.end, pos)]
        before = [e for pos, e in people if pos < q.start and _NAME_THEN_AGE.fullmatch(sentence, pos, q.start)]
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
        if _SAID_BEFORE.search(sentence[max(0, t.start - 30):t.start]) or _SAID_AFTER.match(sentence, t.end):
            continue  # "officials said on Wednesday", "police on Thursday said": the day of the statement
        verb = _VERB_BEFORE.search(sentence, max(0, t.start - 40), t.start)
        if verb and not event_of_word(verb.group(1)) and verb.group(1) not in _HAPPENED:
            continue  # "deaths were being investigated Tuesday": the day of another verb's action
        clause = clause_at(sentence, t.start, t.end)
        offset = sentence.find(clause)
        bare_weekday = t.weekday is not None and not re.search(r"\d", t.text)
        events = _day_of_noun(sentence, t.start, t.end) if bare_weekday else None
        if events is None:
            events = _day_of_verb_after(sentence, t.end)
        if events is None:
            events = [] if _topic_only(clause, t.start - offset, t.end - offset) else \
                events_near(clause, t.start - offset, t.end - offset)
        if not events and (t.anchor or t.source == "relative"):
            continue  # "the day after", "yesterday" with no event: nothing to date
        kind = "weekday" if t.weekday is not None and not re.search(r"\d", t.text) and t.source != "holiday" else "date"
        kind = "date" if t.anchor else kind
        label = f"day of the {_EVENT_NOUN.get(events[0], events[0])}" if events else "day of the event"
        statement = _new(kind, "time", label, t, t.label(), _context(clause, names))
        statement.events = tuple(events)
        statement.loose = not events
        found.append(statement)
    return found


def _topic_only(clause: str, start: int, end: int) -> bool:
    """True when a day follows a past-tense verb of no event class and the clause's only event cues
    come after the day as the object of a preposition ("chefs honoured her on Monday after her
    death", "searched the road on Thursday for clues in the disappearance"): the day is
    that verb's, the event only its topic.

    Found on Multi-News dev clusters read by hand (issue 14): both made false disputes with the
    day of the death and of the disappearance.
    """
    cues = [(c_start, c_end) for _, c_start, c_end in _cues(clause) if c_start - end <= MAX_CUE_GAP]
    if not cues or any(c_end <= start for _, c_end in cues):
        return False
    if not all(_TOPIC_BEFORE.search(clause, max(0, c_start - 40), c_start) for c_start, _ in cues):
        return False
    verbs = [m.group(1) for m in _PAST_WORD.finditer(clause, 0, start)]
    return any(not event_of_word(v) and v not in _HAPPENED and _past_tense(v)
               for v in verbs)


def _day_of_verb_after(sentence: str, end: int) -> list[str] | None:
    """No event ([]) for a day followed by a verb of no event class ("an account on Monday evening
    shared the names": the day of the sharing, which may corroborate but never dispute); None (the
    nearest cues decide) when no past-tense verb follows or the verb cues an event ("police on
    Friday arrested", "a blast on Tuesday killed").

    Found on Multi-News dev clusters read by hand (issue 14): the sharing day was set against the
    day a list was released as a dispute.
    """
    verb = _VERB_AFTER.match(sentence, end)
    return [] if verb and not event_of_word(verb.group(1)) else None


def _day_of_noun(sentence: str, start: int, end: int) -> list[str] | None:
    """The event of a day written as a noun's modifier ("the Friday incident", "Wednesday's
    shooting"): that noun's event, or none for a word that names no event class ("incident"),
    whatever cue sits nearer ("was arrested ... in the Friday incident" is not the arrest's day);
    None when the day is not such a modifier.

    Chosen on Multi-News dev clusters read by hand (issue 14): "arrested Saturday" was set
    against "arrested ... in the Friday incident" as a dispute.
    """
    noun = _NOUN_AFTER_DAY.match(sentence, end)
    if not noun or noun.group(2).lower() in _DAY_PARTS:
        return None
    if not noun.group(1) and not _THE_BEFORE.search(sentence, max(0, start - 5), start):
        return None  # "on Friday police arrested": the day of the clause, not a modifier
    event = event_of_word(noun.group(2))
    if event:
        return [event]
    return [] if noun.group(2).lower() in _UNTYPED_EVENTS else None  # "the Friday incident": of no class


def _clocks(sentence: str, names: dict[str, Entity]) -> list[Statement]:
    """Times of day ("at about 6.10am", "around 10:30 p.m."), tied to the event cue nearest them.

    The value is the time itself ("6:10 a.m."): a hedge around it does not make another time, and
    clock times only ever corroborate each other (see facts.NEVER_DISPUTED): on the real-news gold
    most pairs of differing times were compatible estimates ("around 10:30" / "around 10:45").
    """
    found = []
    for m in _CLOCK.finditer(sentence):
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        if not 1 <= hour <= 12 or minute > 59:
            continue
        value = f"{hour}:{minute:02d} {m.group('ap').lower()}.m."
        found.append(_event_statement("clock", "time", UNTIED_CLOCK, value, sentence, m.span(), names))
    return found


def _event_statement(kind: str, what: str, untied: str, value: str, sentence: str, span: tuple[int, int],
                     names: dict[str, Entity]) -> Statement:
    """A time or month statement ("time of the attack: 10:30 p.m.") tied to the event cue nearest
    ``span`` in its clause, or labelled ``untied`` (and loose) when no cue is near."""
    clause = clause_at(sentence, *span)
    offset = sentence.find(clause)
    events = events_near(clause, span[0] - offset, span[1] - offset)
    label = f"{what} of the {_EVENT_NOUN.get(events[0], events[0])}" if events else untied
    statement = _new(kind, kind, label, value, value, _context(clause, names))
    statement.events = tuple(events)
    statement.loose = not events
    return statement


def _months(sentence: str, published: date | None, names: dict[str, Entity]) -> list[Statement]:
    """Months of events ("kidnapped in April 2014", "found in May"), tied to their nearest event cue.

    A month without a year is the last such month up to the publication date (in an undated report,
    the month alone: "December" agrees with another undated "December"); one more than a
    month before publication tells an earlier event (background, as for ``history_cues``). Months only ever
    corroborate each other (see facts.NEVER_DISPUTED): "in May" and "May 14" are compatible, and
    two months in one story are mostly two happenings.
    """
    found = []
    for m in _MONTH_PHRASE.finditer(sentence):
        month = _MONTH_NUMBER[m.group("month").lower()[:3]]
        if m.group("year"):
            year = int(m.group("year"))
        elif published is not None:
            year = published.year if month <= published.month else published.year - 1
        else:
            year = 0  # "in May" of an undated report: which May is not told, the month is
        value = f"{_MONTH_NAMES[month - 1]} {year}" if year else _MONTH_NAMES[month - 1]
        statement = _event_statement("month", "month", "month of the event", value, sentence,
                                     (m.start("month"), m.end()), names)
        statement.background = bool(published and year) and (published.year * 12 + published.month) - (year * 12 + month) > 1
        found.append(statement)
    return found


def _places(sentence: str, names: dict[str, Entity], cues: list[tuple[int, int]]) -> list[Statement]:
    """Where events happened: "in"/"near"/"off" a place name, tied to the event cue nearest it;
    a place after one of the sentence's history ``cues`` is an earlier event's (background)."""
    found = []
    for m in _PLACE.finditer(sentence):
        if re.search(r"['\u2019]s$", m.group("place")):
            continue  # a possessive is not where it happened: "called in Moscow's help"
        entity = names.get(fold(m.group("place")))
        if " " in m.group("place") and (entity is None or entity.type != "GPE"):
            entity = names.get(fold(m.group("place").split()[0]))  # "in Nice Authorities said": the town
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
        statement.background = _place_in_history(m.start("place"), cues)
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
    if not (_ROLE_WORD_LOWER.search(sentence.lower()) if sentence.isascii() else _ROLE_WORD.search(sentence)):
        return found
    for pattern in (_ROLE_BEFORE, _ROLE_AFTER):
        for m in pattern.finditer(sentence):
            name, _ = _clean_surface(m.group("name"), False)
            role = " ".join(w for w in m.group("role").lower().split() if w not in ("the", "a", "an"))
            first, _, rest = name.partition(" ")
            if first.lower() in _ROLE_TAILS and pattern is _ROLE_BEFORE:  # "Deputy Chief Constable Ann Vell"
                name, role = rest, f"{role} {first.lower()}"
            if len(name.split()) < 2:
                continue
            entity = names.get(fold(name))
            person = entity.name if entity else name
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
