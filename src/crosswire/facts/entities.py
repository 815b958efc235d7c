"""Named entities per article, resolved across a story into one entity with aliases."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import OSA

from ..records import Article, Entity
from ..text import sentence_spans, stop_words
from . import nlp

# spaCy runs on at most this many words per article of a story, and only on the words around a
# name that the rules (titles, speech verbs, organisation words, prepositions) left untyped
# (WINDOW_WORDS either side). Chosen on the real-news facts gold's development clusters against
# the facts stage's cost (benchmarks/facts_speed.py, Giveme5W1H's long, name-rich texts):
# budget 30 with whole sentences typed 0.817 of the gold people PERSON; windows of 4, 8, 12 words
# 0.849, 0.839, 0.824; windows of 8 with budget 60 0.875 at 1.15x the cost, budget 90 0.907 at
# 1.36x (Multi-News, lower-cased with few names: unchanged). Budget 60 kept most of that gain for
# little of the cost. Raised to 240 when the typing gold (benchmarks/real_entities.py, 301 entities
# of every kind read by hand) showed what the budget left untyped (40 of 225 real names MISC):
# budget 60 / 120 / 240 typed 0.693 / 0.738 / 0.764 of the real names right, kept 0.70 / 0.70 /
# 0.64 of the junk, typed 0.912 / 0.944 / 0.954 of the facts gold's people PERSON (alias recall
# 0.687 / 0.694 / 0.710, no false merge), at 17.5 / 20.8 / 23.2 ms a Giveme5W1H article for
# entities + facts (Multi-News unchanged, ~9.3 ms). Kept at 240 when spaCy also came to read names
# typed only by weak rules ("from X", "X said"): 160 / 240 typed 0.796 / 0.813 at 24.9 / 27.7 ms.
PARSE_WORD_BUDGET = 240
WINDOW_WORDS = 8
MIN_TYPO_LENGTH = 5  # names shorter than this must match exactly (a one-letter change is a new name)
UNKNOWN = "MISC"
# A title ("Mr", "spokeswoman") or a speech verb outweighs one spaCy label (worth 2): spaCy small
# tags rare surnames as ORG now and then, and that split "Nadia Sorensen" from "Nadia Sorenson".
RULE_PERSON_VOTE = 3
# A given name and a surname from the census lists ("Mike Tomlin"): one vote, below a spaCy label
# or a place preposition, so "Carolina Panthers" or "in Jordan Valley" are not made people by it.
NAME_LIST_VOTE = 1
# "the" before a one-word capitalised plural ("the Raiders", "the Chargers"): a team or band. spaCy
# read such names as products or people; the typing gold's teams were organisations. One vote, and
# spaCy still reads the name ("the Philippines" stays a place on spaCy's word).
TEAM_VOTE = 1
_TEAM_NAME = re.compile(r"[A-Z][a-z]{2,}[^s\W]s")  # not "-ss": "the Congress"
RULE_PLACE_VOTE = 2  # "in/off/near X" ties one spaCy label (the tie goes to GPE): small towns read as ORG
# Characters read either side of a name for the rules' evidence: the word before it, or a speech
# verb after it (behind an apposition of up to 60 characters, see _SPEECH_AFTER).
CONTEXT_CHARS = 100
MIN_SKELETON = 4  # one-word place/org names need 4+ consonants to merge by skeleton (Lithuania != Latin)

_TITLES = frozenset([
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "president", "premier", "chancellor",
    "minister", "mayor", "governor", "senator", "sen", "rep", "gen", "general", "col", "colonel", "lt",
    "capt", "captain", "sgt", "sergeant", "inspector", "chief", "judge", "sheriff", "spokesman",
    "spokeswoman", "spokesperson", "secretary", "commander", "director", "head", "leader", "king",
    "queen", "prince", "pope", "father", "bishop", "ambassador", "officer", "superintendent",
    "commissioner", "councillor", "councilor", "presidents", "ministers", "attorney",
    "alhaji", "alhaja", "mallam", "haji",  # West African and Muslim honorifics ("Alhaji Lai Mohammed")
])
# News style's descriptions glued before a name with a capital ("Actress Uma Thurman", "Cardinals QB
# Carson Palmer", "Frenchman Romain Grosjean", "Erie County Executive Kathy Dahlkemper"): cut off
# like titles, but no evidence of a person by themselves (lower-case "coach" before "Arians" made a
# sure PERSON vote that kept spaCy from reading the name, and its other forms then typed it NORP).
# The typing gold's role-prefixed people were left untyped or typed as organisations under the whole form.
_DESCRIPTIONS = frozenset([
    "actor", "actress", "singer", "rapper", "quarterback", "qb", "striker", "midfielder", "goalkeeper",
    "executive", "ceo", "founder", "chairman", "chairwoman", "frenchman", "frenchwoman", "englishman",
    "englishwoman", "briton", "dutchman", "spaniard", "columnist", "reporter", "journalist", "filmmaker",
    "producer", "comedian", "lawmaker", "congressman", "congresswoman", "assemblyman", "activist", "lawyer",
    "photographer", "professor", "economist", "analyst", "astronaut", "teammate",
])
# Titles kept in the name: a monarch goes by one name ("King Salman", "Pope Francis"), which must not
# become the surname of another person ("Mohammed bin Salman"), as it did on real news.
_ROYAL_TITLES = frozenset(["king", "queen", "prince", "princess", "pope", "emperor", "empress", "sultan", "emir",
                           "sheikh", "sheik"])
_NAME_PARTICLES = frozenset(["bin", "ibn", "bint", "al", "el", "de", "da", "van", "von", "der", "la", "le", "du"])
_ORG_WORDS = frozenset([
    "ministry", "commission", "council", "committee", "agency", "police", "party", "union", "bank",
    "company", "corp", "inc", "ltd", "group", "court", "parliament", "assembly", "army", "navy",
    "force", "forces", "service", "services", "office", "department", "university", "hospital",
    "federation", "association", "authority", "authorities", "institute", "news", "television", "tv",
    "radio", "press", "network", "organisation", "organization", "foundation", "government", "kremlin"
])
_PLACE_PREPS = frozenset(["in", "at", "from", "near", "off", "to", "into", "across", "outside", "inside", "of"])
_NOT_NAMES = frozenset([
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"
])
# A capitalised word, an acronym or dotted initials ("U.S.", "U.N.": one word, not "U." and a name
# "S. Attorney ..." after it), then more of them, particles between.
_NAME_RE = re.compile(
    r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'\u2019-]*\.?|[A-Z]{2,})(?:[ \t]+(?:(?:de|da|van|von|der|al|bin|el|la|le)[ \t]+)?"
    r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'\u2019-]*\.?|[A-Z]{2,}))*"
)
_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'\u2019]+\b")
# Page words that pages capitalise as buttons and headings, never names (see ``_junk``).
_PAGE_WORDS = frozenset({"sign", "read", "share", "subscribe", "thank", "thanks", "listen", "watch", "click",
                         "follow", "photo", "photos", "file", "video", "image", "images", "advertisement",
                         "related", "comments", "newsletter", "email", "print", "more", "im", "caption",
                         "copyright", "getty", "loading", "playing", "tweet", "reply", "retweet", "like",
                         "continue", "reading", "enlarge", "buy", "gallery", "photographer", "photographs",
                         "videos", "view", "wait"})
_COMPOUND_ENDINGS = frozenset({"based", "born", "language", "speaking", "style", "built", "made", "run", "best",
                               "like", "bound", "free", "wide", "era", "owned", "led", "held", "grown"})
# A piece of a short link or a hashtag's code ("YFTef0H", "KKy"): a digit between letters in a word
# that has lower case, or two capitals and one or two lower-case letters (also "MPs", "CEOs": plurals
# of acronyms, no names either). Typing gold: four such "entities" on the development clusters.
_LINK_CODE = re.compile(r"^(?=.*[a-z]).*[A-Za-z]\d+[A-Za-z]|^[A-Z]{2,}[a-z]{1,2}$")
_SPEECH_AFTER = re.compile(r"^\s*(?:,[^,]{1,60},\s*)?(?:said|says|told|added|asked|insisted|warned)\b")


@dataclass(slots=True)
class Mention:
    """One occurrence of a name: its surface form, type evidence and article."""

    surface: str
    article: str
    titled: bool = False  # preceded by Mr / President / spokesman...
    votes: Counter[str] = field(default_factory=Counter)
    ruled: bool = False  # typed by a sure rule (a title, an organisation word, an acronym): spaCy need not read it


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Lower-case ASCII form of a name without possessive or punctuation ("Zelenskyy's" -> "zelenskyy")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['\u2019]s\b", "", text)
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # "Lahouaiej-Bouhlel" and "Lahouaiej Bouhlel" are one
    return re.sub(r"[^a-z ]+", "", text).strip()


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Consonant skeleton that erases transliteration variants (Oleksandr/Olexandr, Zelensky/Zelenskiy)."""
    w = fold(word).replace("x", "ks").replace("ph", "f").replace("ck", "k").replace("w", "v").replace("j", "y")
    w = w.replace("ou", "ov")  # Belarusian-style "u" for a Russian "v" (Lipouskaya = Lipovskaya)
    w = w[:1] + w[1:].replace("h", "")
    w = w[:1] + re.sub(r"[aeiouy]", "", w[1:])
    return re.sub(r"(.)\1+", r"\1", w)


def osa_distance(a: str, b: str, cap: int = 2) -> int:
    """Edit distance counting an adjacent transposition as one edit (``cap + 1`` once past ``cap``).

    rapidfuzz's C implementation: name comparison calls this hundreds of thousands of times on
    a large story, and the pure-Python table was the facts stage's largest cost.
    """
    return OSA.distance(a, b, score_cutoff=cap)


@lru_cache(maxsize=65536)
def same_surname(a: str, b: str) -> bool:
    """Surnames that are spelling, transliteration or one-typo variants of each other. A name of
    several parts ("Jong-un", "Abdel Fattah") matches part by part: the skeleton of the whole erased
    the vowels of short syllables, and "Kim Yong-hyun" was merged into "Kim Jong-un"."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    parts_a, parts_b = fa.split(), fb.split()
    if len(parts_a) > 1 or len(parts_b) > 1:
        return len(parts_a) == len(parts_b) and all(same_surname(x, y) for x, y in zip(parts_a, parts_b))
    if skeleton(a) == skeleton(b) and len(skeleton(a)) >= MIN_SKELETON:
        return True
    if min(len(fa), len(fb)) >= MIN_TYPO_LENGTH and osa_distance(fa, fb) <= 1:
        return True
    sa, sb = skeleton(a), skeleton(b)
    return min(len(sa), len(sb)) >= MIN_TYPO_LENGTH and osa_distance(sa, sb) <= 1


_VOWEL_VARIANTS = ((r"(?:iy|ii|yy|ij)$", "i"), (r"ia|ya|ja|ie|ye|je", "e"), (r"yu|iu|ju", "u"),
                   (r"yo|io|jo", "o"), (r"y", "i"))


@lru_cache(maxsize=65536)
def given_key(name: str) -> str:
    """A given name with transliteration variants folded but its vowels kept (Marek != Mirek).

    Sviatlana/Svetlana, Volodymyr/Volodimir, Yelena/Jelena, Mikhail/Mykhailo fold together.
    """
    w = fold(name).replace("x", "ks").replace("ph", "f").replace("w", "v").replace("kh", "k")
    w = re.sub(r"^j", "y", w)
    for pattern, repl in _VOWEL_VARIANTS:
        w = re.sub(pattern, repl, w)
    w = re.sub(r"(.)\1+", r"\1", w)
    return w[:-1] if len(w) > 4 and w[-1] in "aeiou" else w


def same_given_name(a: str, b: str) -> bool:
    """Given names that are variants (Oleksandr/Olexandr), initials (A./Anna) or a transposition typo.

    A different letter that is not a transliteration (Anna / Hanna, Marek / Mirek) makes a
    different person.
    """
    fa, fb = fold(a), fold(b)
    if len(fa) == 1 or len(fb) == 1:
        return fa[:1] == fb[:1]
    if fa == fb or given_key(a) == given_key(b):
        return True
    return len(fa) == len(fb) and len(fa) >= MIN_TYPO_LENGTH and osa_distance(fa, fb) == 1 and \
        sorted(fa) == sorted(fb)


def same_person(a: list[str], b: list[str]) -> bool:
    """Two full names (token lists) of one person: same surname and compatible given names."""
    ra, rb = _without_royal_title(a), _without_royal_title(b)
    if len(ra) == 1 or len(rb) == 1:
        # A regnal name ("King Salman") is only the same monarch titled again ("King Salman bin
        # Abdulaziz"), never "Mohammed bin Salman" or a minister called "Abdullah Ibrahim".
        return len(ra) < len(a) and len(rb) < len(b) and same_given_name(ra[0], rb[0])
    a, b = ra, rb
    if _one_more_part(a, b) or _particle_surname(a, b):
        return True
    if not same_surname(a[-1], b[-1]):
        return False
    if len(a) > 2 and len(b) > 2 and not any(same_given_name(x, y) for x in a[1:-1] for y in b[1:-1]):
        return False  # "John Agyekum Kufuor" and "John Addo Kufuor": different middle names, two people
    return same_given_name(a[0], b[0])


def _particle_surname(a: list[str], b: list[str]) -> bool:
    """One name is the other's surname led by a particle ("Del Rio" of "Jack Del Rio", "Van Dyke"
    of "Dick Van Dyke"): the surname alone, as news writes it after the full name."""
    short, long = sorted((a, b), key=len)
    return (len(short) >= 2 and len(long) > len(short) and fold(short[0]) in _SURNAME_PARTICLES
            and [fold(t) for t in long[-len(short):]] == [fold(t) for t in short])


_SURNAME_PARTICLES = _NAME_PARTICLES | {"del", "della", "di", "dos", "das", "ter", "ten", "st"}
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # "King Jr" and "King" are father and son


def _one_more_part(a: list[str], b: list[str]) -> bool:
    """One full name is the other with one more part: a second surname after it ("Enio Cubillo" /
    "Enio Cubillo Araya", Spanish naming) or an initial before it ("Christopher Giancarlo" /
    "J. Christopher Giancarlo"). Never a generational suffix ("Jr")."""
    short, long = sorted((a, b), key=len)
    if len(short) < 2 or len(long) != len(short) + 1:
        return False
    folded = [fold(t) for t in short]
    if [fold(t) for t in long[:-1]] == folded:
        return fold(long[-1]) not in _NAME_SUFFIXES and len(long[-1]) > 2
    return len(long[0].rstrip(".")) == 1 and [fold(t) for t in long[1:]] == folded


def _without_royal_title(name: list[str]) -> list[str]:
    """A name's tokens after a leading royal title ("King Salman" -> ["Salman"])."""
    return name[1:] if len(name) > 1 and name[0].lower() in _ROYAL_TITLES else name


# --- mentions ----------------------------------------------------------------------------------

# Name forms whose cleaning (_clean_surface) is kept: the entity and statement stages clean the
# same forms over and over (on the spark_scale corpus at 10,000 articles, each form ~5 times).
SURFACE_CACHE = 65536


@lru_cache(maxsize=SURFACE_CACHE)
def _clean_surface(raw: str, at_sentence_start: bool) -> tuple[str, bool]:
    """Strip leading titles, role words and sentence-initial stop words; return (name, titled)
    (memoised: the answer depends on the form alone)."""
    tokens = raw.split()
    titled = False
    stops = _name_stop_words()
    while tokens and (_plain_word(tokens[0], stops) or _page_word(tokens[0])):
        tokens.pop(0)  # "Getty Images Lewis Hamilton", "Follow Stephen Clark": a credit or a button first
    while tokens and (_plain_word(tokens[-1], stops) or _page_word(tokens[-1])):
        tokens.pop()
    cut = next((i for i, t in enumerate(tokens) if _plain_word(t, stops)), len(tokens))
    tokens = tokens[:cut]
    last_title = max((i for i, t in enumerate(tokens[:-1]) if t.lower().rstrip(".") in _TITLES), default=-1)
    if last_title >= 0:
        titled = True
        royal = tokens[last_title].lower() in _ROYAL_TITLES
        tokens = tokens[last_title:] if royal else tokens[last_title + 1:]  # "King Salman" is a whole name
    described = max((i for i, t in enumerate(tokens[:-2]) if t.lower() in _DESCRIPTIONS), default=-1)
    tokens = tokens[described + 1:]  # "Actress Uma Thurman": two words at least are left
    if tokens:
        tokens[-1] = _without_hyphen_suffix(tokens[-1])
    name = " ".join(tokens)
    if not (tokens and _DOTTED_INITIALS.fullmatch(tokens[-1])):  # "U.S." and "D.C." keep their last dot
        name = name.rstrip(".")
    name = re.sub(r"['\u2019]s$", "", name)
    return name, titled


def _without_hyphen_suffix(token: str) -> str:
    """A name's last word less a lower-case compound ending: "San Diego-based" names San Diego,
    "Broadcom-nominated" Broadcom, "Chinese-language" is about Chinese (the typing gold read all
    such forms as no names of their own). Only endings that make adjectives (a past participle, or
    _COMPOUND_ENDINGS): "Kim Jong-un" keeps its syllable, "Hay-on-Wye" and "Coca-Cola" their capital."""
    head, dash, tail = token.rpartition("-")
    compound = tail in _COMPOUND_ENDINGS or (len(tail) >= 4 and tail.endswith("ed") and tail.isalpha())
    return head if dash and head and compound else token


def _page_word(token: str) -> bool:
    """A capitalised page word (a credit, a button, a caption label) at the edge of a name."""
    return token.lower().strip(".:,") in _PAGE_WORDS


# Words of scikit-learn's stop list that are parts of names: "Bill Gates" was cut to "Gates", "Robert
# De Niro" to "Robert", "Kim Jong Un" to "Kim Jong", "Fire Department" to "Department", and an
# organisation's "Inc" or "Co" lost its organisation word.
_NAMES_IN_STOP_LIST = frozenset({"bill", "fire", "mill", "system", "interest", "bottom", "front", "side", "top",
                                 "show", "un", "con", "co", "de", "inc", "ltd"})


@lru_cache(maxsize=1)
def _name_stop_words() -> frozenset[str]:
    """The stop words that never belong to a name (see _NAMES_IN_STOP_LIST)."""
    return stop_words() - _NAMES_IN_STOP_LIST


def _plain_word(token: str, stops: frozenset[str]) -> bool:
    """A capitalised token that is a stop word, weekday or month, not part of a name."""
    word = re.sub(r"['\u2019](?:s|re|ll|ve|d|t)$", "", token.lower().rstrip("."))
    return word in stops or word in _NOT_NAMES


def _title_case(title: str) -> bool:
    """True for a headline In Title Case, whose capitals say nothing about names."""
    words = [w for w in title.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


# Articles whose rule-typed mentions are kept: ``prefetch_labels`` finds them for a batch of
# stories just before ``resolve_entities`` needs them again (the pipeline's batches are smaller).
MENTION_CACHE = 1024
# A mention as kept in the memo: (surface, article id, titled, votes, ruled, sentence).
_FrozenMention = tuple[str, str, bool, tuple[tuple[str, int], ...], bool, str]


def article_mentions(article: Article) -> list[tuple[Mention, str]]:
    """Name mentions of an article with the sentence each comes from (fresh objects on each call)."""
    return [(Mention(surface, aid, titled, Counter(dict(votes)), ruled), sentence)
            for surface, aid, titled, votes, ruled, sentence in _frozen_mentions(article.id, article.title, article.text)]


@lru_cache(maxsize=MENTION_CACHE)
def _frozen_mentions(article_id: str, title: str, text: str) -> tuple[_FrozenMention, ...]:
    """``article_mentions`` of one article, memoised in an immutable form."""
    return tuple((m.surface, m.article, m.titled, tuple(m.votes.items()), m.ruled, sentence)
                 for m, sentence in _find_mentions(article_id, title, text))


def _find_mentions(article_id: str, title: str, text: str) -> list[tuple[Mention, str]]:
    """Name mentions of an article with the sentence each comes from, typed by the rules."""
    found = []
    texts = [] if _title_case(title) else [title]
    texts += [s.text for s in sentence_spans(text)]
    for sentence in texts:
        for m in _NAME_RE.finditer(sentence):
            start = m.start() == 0 or not sentence[:m.start()].strip(" \"'\u201c\u2018(-\u2022*#0123456789.")
            name, titled = _clean_surface(_without_opening_verb(m.group(), text) if start else m.group(), start)
            if not name or fold(name) in _NOT_NAMES or not fold(name):
                continue
            if start and " " not in name and not titled and name == m.group():
                continue  # a lone capitalised first word is usually not a name
            mention = Mention(name, article_id, titled)
            _vote_by_rules(mention, sentence, m)
            found.append((mention, sentence))
    return found


def _without_opening_verb(surface: str, text: str) -> str:
    """A sentence's first word that is a verb's -ing form or an -ly adverb, capitalised only because
    it opens the sentence ("Tranquilizing Harambe wouldn't have ...", "Eventually Duisburg ..."), is
    not part of the name after it: it is dropped unless the census lists it as a name ("Sterling",
    "Manning", "Kelly", "Beverly") and the article never writes it in lower case."""
    first, _, rest = surface.partition(" ")
    if not (rest and first.endswith(("ing", "ly")) and len(first) > 5):
        return surface
    given, surnames = _census_names()
    word = first.lower()
    if word in given or word in surnames:
        return rest if re.search(rf"\b{re.escape(word)}\b", text) else surface
    return rest


def _after_title(before: str) -> bool:
    """True when the word before a name is a lower-case title ("police spokeswoman Nadia Sorenson")."""
    words = before.split()
    return bool(words) and words[-1] in _TITLES


@lru_cache(maxsize=1)
def _census_names() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, surnames) of the US census lists shipped in the ``names`` package (MIT):
    5,494 given names and 88,799 surnames, upper-cased words. Empty sets when it is missing."""
    try:
        folder = resources.files("names")
    except ModuleNotFoundError:
        return frozenset(), frozenset()

    def words(file: str) -> frozenset[str]:
        return frozenset(line.split(maxsplit=1)[0].lower() for line in folder.joinpath(file).read_text().splitlines()
                         if line.strip())

    return words("dist.male.first") | words("dist.female.first"), words("dist.all.last")


def census_given_names() -> frozenset[str]:
    """The census given names (lower-case words; empty when the ``names`` package is missing)."""
    return _census_names()[0]


# Last words that make a census "given name + surname" a place, venue or event ("Lloyd Park",
# "Royal Courts", "Winter Games", "Victoria Cross"): read off the names that the census rule typed
# PERSON in the real-news facts gold's clusters (256 names, 12 not people).
_NOT_SURNAMES = frozenset({"park", "street", "room", "center", "centre", "courts", "cross", "games", "daily",
                           "kong", "hook", "day", "browns",
                           # and heads of venues, events and bodies that a given name opens ("Crystal
                           # Palace", "Rose Parade", "Virginia Tech"), read off the names that
                           # _given_name_first typed PERSON on Giveme5W1H (85 names, 14 not people)
                           "palace", "parade", "monument", "observatory", "aviation", "tech", "today"})


def _census_person(words: list[str]) -> bool:
    """A name of two or three words whose first is a census given name and last a census surname
    ("Mike Tomlin", "Heather Bowden"): a person far more often than not. Possessives ("Cameron's
    Downing Street") and place or event heads (_NOT_SURNAMES) are left to the other evidence."""
    given, surnames = _census_names()
    return (2 <= len(words) <= 3 and words[0] in given and words[-1] in surnames
            and words[-1] not in _NOT_SURNAMES and not any(w.endswith(("'s", "\u2019s")) for w in words))


def _initials_person(surface: str) -> bool:
    """Dotted initials and a census surname ("T.J. Yates", "J.J. Watt"): a person, as a census given
    name and surname are (the census rule cannot read initials)."""
    words = surface.split()
    return len(words) == 2 and bool(_DOTTED_INITIALS.fullmatch(words[0])) and fold(words[1]) in _census_names()[1] \
        and fold(words[1]) not in _NOT_SURNAMES


def _vote_by_rules(mention: Mention, sentence: str, m: re.Match[str]) -> None:
    """Type evidence from the surroundings: titles, speech verbs, organisation words, prepositions.

    Only the CONTEXT_CHARS characters either side of the name are read: the evidence lies next
    to it, and reading the whole sentence per name made long sentences quadratic.
    """
    words = fold(mention.surface).split()
    preceding = sentence[max(0, m.start() - CONTEXT_CHARS):m.start()]
    org_word = any(w in _ORG_WORDS for w in words) or words[-1:] == ["international"]  # "Amnesty International"
    # An acronym is an organisation more often than not; dotted initials ("U.S.", "D.C.", "U.N.")
    # are as often places, and are left to spaCy.
    if org_word or (mention.surface.isupper() and not _DOTTED_INITIALS.fullmatch(mention.surface)):
        mention.votes["ORG"] += 1
        mention.ruled = True
    elif mention.titled or _after_title(preceding):
        mention.votes["PERSON"] += RULE_PERSON_VOTE
        mention.ruled = True
    elif _SPEECH_AFTER.match(sentence[m.end():m.end() + CONTEXT_CHARS]):
        mention.votes["PERSON"] += RULE_PERSON_VOTE  # organisations speak too: spaCy still reads it
    elif _census_person(words) or _initials_person(mention.surface):
        mention.votes["PERSON"] += NAME_LIST_VOTE
    before = preceding.split()
    if before and before[-1].lower() in _PLACE_PREPS and not mention.titled and not org_word:
        mention.votes["GPE"] += RULE_PLACE_VOTE  # "from ABC News" is no place: its own word says what it is
    if before and before[-1].lower() == "the" and _TEAM_NAME.fullmatch(mention.surface):
        mention.votes["ORG"] += TEAM_VOTE  # "the Raiders", "the Chargers": a team or a band, not a thing


def _vote_by_spacy(mentions: list[tuple[Mention, str]], articles: list[Article]) -> set[str]:
    """Add spaCy's labels for the names the rules could not type, parsing few sentences; return the
    one-word forms spaCy read and found in no name at all ("Scenes", "Oh", "Fears"; see ``_junk``).

    One sentence per untyped name form is enough (its label then holds for the whole story), and
    at most PARSE_WORD_BUDGET words per article of the story are parsed.
    """
    chosen = _sentences_to_parse(mentions, PARSE_WORD_BUDGET * len(articles))
    labels: dict[str, Counter[str]] = {}
    named_words: set[str] = set()
    for ents in nlp.entity_labels(chosen):
        for text, label in ents:
            folded = fold(_clean_surface(text, False)[0])  # "" for a name in another script ("Владимир Путин")
            named_words.update(fold(text).split())
            for key in {folded, folded.split()[-1] if label == "PERSON" and folded else ""}:
                if key:
                    labels.setdefault(key, Counter())[_coarse(label)] += 2
    for mention, _ in mentions:
        mention.votes.update(labels.get(fold(mention.surface)) or labels.get(_possessed(mention.surface), Counter()))
    windows = set(chosen)
    return {fold(m.surface) for m, sentence in mentions if " " not in fold(m.surface)
            and _window(sentence, m.surface) in windows and fold(m.surface) not in named_words}


def _possessed(surface: str) -> str:
    """The folded name after a possessive ("Germany's Deutsche Presse Agentur" -> "deutsche presse
    agentur"): spaCy labels the two names apart, and the span is about the second ("" when none)."""
    parts = _POSSESSIVE.split(surface)
    return fold(parts[-1]) if len(parts) > 1 else ""


def prefetch_labels(stories: list[list[Article]]) -> None:
    """Parse at once the sentences that ``resolve_entities`` will ask spaCy about for these stories.

    The labels land in the parser's cache, so each story's own call finds them there; one large
    batch costs ~40 % less than a small one per story (measured on 1,000 Multi-News articles: 1.7 s
    against 2.7 s), and a sentence's labels do not depend on its batch.
    """
    nlp.entity_labels(sentences_to_label(stories))


def sentences_to_label(stories: list[list[Article]]) -> list[str]:
    """The sentences ``resolve_entities`` asks spaCy about for these stories (each given by its
    articles), in order, repeats included: what ``prefetch_labels`` parses."""
    return [sentence for _, sentence in sentences_by_article(stories)]


def sentences_by_article(stories: list[list[Article]]) -> list[tuple[str, str]]:
    """``sentences_to_label`` with the id of the article each sentence comes from: an ingest keeps,
    per article, which sentences' labels its stories needed, and looks them up when the article's
    story is completed again."""
    chosen: list[tuple[str, str]] = []
    for articles in stories:
        mentions = [m for a in articles for m in article_mentions(a)]
        if mentions:
            chosen += _chosen_windows(mentions, PARSE_WORD_BUDGET * len(articles))
    return chosen


def _sentences_to_parse(mentions: list[tuple[Mention, str]], budget: int) -> list[str]:
    """The first sentence of each name form that no rule typed, most frequent forms first."""
    return [sentence for _, sentence in _chosen_windows(mentions, budget)]


def _chosen_windows(mentions: list[tuple[Mention, str]], budget: int) -> list[tuple[str, str]]:
    """``_sentences_to_parse``, each sentence with the id of the article its mention is in."""
    # a place preposition ("from X"), a speech verb ("X said") or a census name alone does not type a
    # name: organisations follow "from" and speak too
    typed = {fold(m.surface) for m, _ in mentions if m.ruled}
    counts = Counter(fold(m.surface) for m, _ in mentions)
    first: dict[str, tuple[str, str]] = {}
    for mention, sentence in mentions:
        first.setdefault(fold(mention.surface), (mention.article, sentence))
    surface = {fold(m.surface): m.surface for m, _ in reversed(mentions)}
    chosen: list[tuple[str, str]] = []
    seen: set[str] = set()
    used = 0
    voted = {fold(m.surface) for m, _ in mentions if m.votes}
    # names no rule voted for first: a weak vote (see above) already gives a type if spaCy runs out
    for form in sorted((f for f in first if f not in typed), key=lambda f: (f in voted, -counts[f], f)):
        article_id, sentence = first[form][0], _window(first[form][1], surface[form])
        if sentence in seen:
            continue
        n = len(sentence.split())
        if used + n > budget:
            continue
        chosen.append((article_id, sentence))
        seen.add(sentence)
        used += n
    return chosen


def _window(sentence: str, name: str) -> str:
    """The words of ``sentence`` around the first occurrence of ``name``: WINDOW_WORDS either side.

    spaCy types a name from its neighbours; parsing a window instead of the whole sentence lets
    the same word budget type two to three times as many names."""
    at = sentence.find(name)
    if at < 0:
        return sentence
    before, after = sentence[:at].split(), sentence[at + len(name):].split()
    return " ".join(before[-WINDOW_WORDS:] + name.split() + after[:WINDOW_WORDS])


def _coarse(label: str) -> str:
    """Merge spaCy's place labels: GPE, LOC and FAC all mean a place here."""
    return "GPE" if label in ("LOC", "FAC") else label


# --- resolution --------------------------------------------------------------------------------

@dataclass(slots=True)
class _Cluster:
    """Surface forms resolved to one entity while clustering."""

    forms: Counter[str] = field(default_factory=Counter)
    votes: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)
    # ``type`` as last computed: merging compares every pair of clusters, and the votes change
    # only when a mention or cluster is absorbed (``add``, ``_absorb`` reset it)
    known_type: str | None = None
    known_full_names: list[list[str]] | None = None  # ``full_names`` as last computed, reset alike

    def add(self, mention: Mention) -> None:
        """Absorb a mention."""
        self.forms[mention.surface] += 1
        self.votes.update(mention.votes)
        self.articles.add(mention.article)
        self.known_type = self.known_full_names = None

    @property
    def type(self) -> str:
        """The most voted type (UNKNOWN when nothing voted). A group of people (NORP) is never the
        type of a person named in full: spaCy reads a surname alone as a group ("Arians", "Sikhs"
        of a name), and its many mentions outvoted the full name's PERSON. A name with a digit is
        no person: spaCy and the name lists read "Galaxy S9" as one, and its models then merged."""
        if self.known_type is None:
            self.known_type = min(self.votes.items(), key=lambda kv: (-kv[1], kv[0]))[0] if self.votes else UNKNOWN
            if self.known_type == "NORP" and self.votes["PERSON"] and any(" " in f for f in self.forms):
                self.known_type = "PERSON"
            elif self.known_type == "PERSON" and any(c.isdigit() for f in self.forms for c in f):
                self.known_type = "PRODUCT"  # "Galaxy S9", "PS4 Pro": a model, never a person
        return self.known_type

    def full_names(self) -> list[list[str]]:
        """The multi-word surface forms as token lists."""
        if self.known_full_names is None:
            self.known_full_names = [f.split() for f in self.forms if " " in f]
        return self.known_full_names


def resolve_entities(articles: list[Article]) -> list[Entity]:
    """Entities of a story: names merged across spellings, short forms and typos, typed."""
    mentions = [m for a in articles for m in article_mentions(a)]
    if not mentions:
        return []
    unnamed = _vote_by_spacy(mentions, articles)
    mentions = _split_possessives(mentions)
    by_form: dict[str, _Cluster] = {}
    for mention, _ in mentions:
        by_form.setdefault(mention.surface, _Cluster()).add(mention)
    clusters = _merge_full_names(by_form)
    first_seen: dict[tuple[str, str], int] = {}
    for n, (mention, _) in enumerate(mentions):
        first_seen.setdefault((mention.article, mention.surface), n)
    clusters = _attach_short_forms(clusters, by_form, first_seen)
    lower = _lower_case_words(articles)
    return sorted((_to_entity(c, lower) for c in clusters if not _junk(c, lower, unnamed)),
                  key=lambda e: (-len(e.articles), e.name))


_POSSESSIVE = re.compile(r"['\u2019]s\s+")


def _split_possessives(mentions: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """A name span holding a possessive ("Ferrari's Kimi Raikkonen", "Kimi Raikkonen's Ferrari")
    names two entities: it is split into its parts when the story names each of them on its own,
    and the type evidence of the span goes to its last part, the one it is about. Other spans
    ("St George's Hospital", "McDonald's Corp") stay whole.

    Found on the real-news facts gold: a driver named with his team's possessive before him was
    a second, differently typed entity beside his own name."""
    forms = {m.surface for m, _ in mentions}
    out: list[tuple[Mention, str]] = []
    for mention, sentence in mentions:
        parts = [p.strip() for p in _POSSESSIVE.split(mention.surface)]
        if len(parts) < 2 or not all(p in forms for p in parts):
            out.append((mention, sentence))
            continue
        for part in parts[:-1]:
            out.append((Mention(part, mention.article), sentence))
        out.append((Mention(parts[-1], mention.article, mention.titled, mention.votes, mention.ruled), sentence))
    return out


def _lower_case_words(articles: list[Article]) -> Counter[str]:
    """How often each word is written in lower case in the story's texts."""
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update(m.group() for m in _LOWER_WORD.finditer(article.text))
    return counts


def _junk(cluster: _Cluster, lower: Counter[str], unnamed: set[str] = frozenset()) -> bool:
    """A one-word "name" that is page furniture or an ordinary word: a letter ("S" of "U.S."), a
    button ("Share", "Subscribe", "Read"), a word the story writes in lower case as often as it
    is capitalised ("Thank", "Listen", "Today", "People"), or a word no sure rule typed that spaCy
    read where the story uses it and took for no name (``unnamed``: "Scenes", "Oh", "in Progress"):
    not an entity."""
    if any(" " in f for f in cluster.forms):
        return False
    if all(fold(f) in unnamed for f in cluster.forms):
        return True
    folded = {fold(f) for f in cluster.forms}
    if all(len(f) < 2 for f in folded) or folded & _PAGE_WORDS or all(_LINK_CODE.search(f) for f in cluster.forms):
        return True
    capitalised = sum(cluster.forms.values())
    return sum(lower[f] for f in folded) >= capitalised


def _is_person_like(cluster: _Cluster) -> bool:
    """A cluster that may be a person: voted PERSON, or untyped."""
    return cluster.type in ("PERSON", UNKNOWN)


def _merge_full_names(by_form: dict[str, _Cluster]) -> list[_Cluster]:
    """Merge multi-word forms: persons by surname + given name, other names by spelling."""
    merged: list[_Cluster] = []
    order = sorted((f for f in by_form if " " in f), key=lambda f: (-sum(by_form[f].forms.values()), f))
    for form in order:
        cluster = by_form[form]
        target = next((c for c in merged if _same_entity(cluster, c)), None)
        if target is None:
            merged.append(_copy(cluster))
        else:
            _absorb(target, cluster)
    return merged


def _same_entity(a: _Cluster, b: _Cluster) -> bool:
    """Multi-word clusters naming one entity (checked against every form: no chaining). Forms that
    differ only in punctuation or case ("T.J. Yates" / "TJ Yates") are one name whatever their votes."""
    if {fold(f) for f in a.forms} == {fold(f) for f in b.forms}:
        return True
    if a.type != b.type and UNKNOWN not in (a.type, b.type):
        return False
    if a.type == "PERSON" or b.type == "PERSON" or (a.type == UNKNOWN and b.type == UNKNOWN):
        if a.articles & b.articles and any(_extra_middle_name(x, y) for x in a.full_names() for y in b.full_names()):
            return False  # one article naming "Denis Sassou Nguesso" and "Denis Christel Sassou Nguesso": two people
        return all(same_person(x, y) for x in a.full_names() for y in b.full_names())
    return all(_same_spelling(" ".join(x), " ".join(y)) for x in a.full_names() for y in b.full_names())


def _extra_middle_name(a: list[str], b: list[str]) -> bool:
    """One full name has a middle name (not an initial) that the other, otherwise alike, lacks.

    Across articles that is one person written in full or not; inside one article, which writes a
    person's full name once, it names a relative (a son named after his father, on real news).
    """
    short, long = sorted((_without_royal_title(a), _without_royal_title(b)), key=len)
    if len(long) <= len(short) or len(long) < 3 or len(short) < 2:
        return False
    middles = [t for t in long[1:-1] if len(t.rstrip(".")) > 1 and t.lower() not in _NAME_PARTICLES]
    return any(not any(same_given_name(t, u) for u in short) for t in middles)


def _same_spelling(a: str, b: str) -> bool:
    """Non-person names equal after folding, or one typo apart when long."""
    fa, fb = fold(a), fold(b)
    return fa == fb or (min(len(fa), len(fb)) >= 2 * MIN_TYPO_LENGTH and osa_distance(fa, fb) <= 1)


def _copy(cluster: _Cluster) -> _Cluster:
    """A fresh cluster holding the same forms (the per-form clusters stay untouched)."""
    new = _Cluster()
    _absorb(new, cluster)
    return new


def _absorb(target: _Cluster, source: _Cluster) -> None:
    """Add ``source``'s forms, votes and articles to ``target``."""
    target.forms.update(source.forms)
    target.votes.update(source.votes)
    target.articles |= source.articles
    target.known_type = target.known_full_names = None


def _attach_short_forms(clusters: list[_Cluster], by_form: dict[str, _Cluster],
                        first_seen: dict[tuple[str, str], int]) -> list[_Cluster]:
    """Give one-word forms ("Varga", "Mr Varga") to the one person they can be; else keep them apart.

    ``first_seen`` gives the position of each (article, form)'s first mention in the story's
    mention order, so that a given name is read as a back-reference only after the full name.
    """
    singles: list[_Cluster] = []
    for form in sorted(f for f in by_form if " " not in f):
        short = by_form[form]
        people = [c for c in clusters if _is_person_like(short) and _is_person_like(c)
                  and any(_surname_of(form, n) for n in c.full_names())]
        if not people and not _is_person_like(short):
            people = _only_person_with_surname(form, clusters)
        if not people and (_is_person_like(short) or fold(form) in _census_names()[0]):
            people = _only_person_with_given_name(form, short, clusters, first_seen)
        if len(people) == 1 and "PERSON" not in (people[0].type, short.type):
            people = []  # an untyped name beside an untyped short form: no evidence of a person
        if len(people) > 1:
            # Only an exact surname may choose between several people: "Bouhel" is one typo from
            # both "Wassim Bohel" and "Mohamed Lahouaiej Bouhlel" (real news) and names neither surely.
            people = [c for c in people if any(fold(n[-1]) == fold(form) for n in c.full_names())]
            if len(people) > 1:
                people = [c for c in people if c.articles & short.articles] or people
        if len(people) == 1:
            _absorb(people[0], short)
            continue
        if len(people) > 1:
            continue  # "Kovacs" with Anna and Hanna Kovacs in the story: ambiguous, dropped
        target = next((c for c in singles + clusters if " " not in next(iter(c.forms))
                       and _same_spelling_short(form, next(iter(c.forms)))), None)
        if target is None:
            singles.append(_copy(short))
        else:
            _absorb(target, short)
    return clusters + singles


def _only_person_with_surname(form: str, clusters: list[_Cluster]) -> list[_Cluster]:
    """The one PERSON whose full name ends exactly in ``form``, for a one-word form that spaCy
    typed a place or organisation ("Retana", "Kwarteng" beside "Kwasi Kwarteng"): [] when none or
    several, or when the form is a census given name rather than a surname ("Carson")."""
    if fold(form) in _census_names()[0]:
        return []
    people = [c for c in clusters if c.type == "PERSON" and any(fold(n[-1]) == fold(form) for n in c.full_names())]
    return people if len(people) == 1 else []


def _only_person_with_given_name(form: str, short: _Cluster, clusters: list[_Cluster],
                                 first_seen: dict[tuple[str, str], int]) -> list[_Cluster]:
    """The one PERSON whose full name starts with ``form`` when no other name in the story does,
    and who is named in full in every article using the bare given name, before it ("Irene" after
    "Irene G. Steinberg": real news calls relatives by their given name once it has named them in
    full; a "Kevin" in an article that never names "Kevin Harris", or names him only later, is
    someone else): [] otherwise."""
    people = [c for c in clusters if " " in next(iter(c.forms)) and any(
        fold(_without_royal_title(n)[0]) == fold(form) for n in c.full_names())]
    if len(people) != 1 or people[0].type != "PERSON" or not short.articles <= people[0].articles:
        return []
    full_forms = [f for f in people[0].forms if " " in f]
    for article in short.articles:
        named = [first_seen[article, f] for f in full_forms if (article, f) in first_seen]
        if not named or first_seen[article, form] < min(named):
            return []
    return people


def _surname_of(form: str, full_name: list[str]) -> bool:
    """A one-word form that may be this full name's surname, or one part of a hyphenated one."""
    return any(same_surname(form, part) for part in {full_name[-1], *full_name[-1].split("-")} if part)


def _same_spelling_short(a: str, b: str) -> bool:
    """One-word names equal after folding or transliteration (Kyiv/Kiev are left apart)."""
    return fold(a) == fold(b) or (min(len(skeleton(a)), len(skeleton(b))) >= MIN_SKELETON
                                  and skeleton(a) == skeleton(b))


def _to_entity(cluster: _Cluster, lower: Counter[str]) -> Entity:
    """The record: the fullest frequent form as name, the other forms as aliases. ``lower`` counts
    the story's lower-case words (see _given_name_first)."""
    name = min(cluster.forms, key=lambda f: (-len(f.split()), -cluster.forms[f], f))
    etype = cluster.type
    if etype == UNKNOWN and len(name.split()) >= 2:
        person = any(len(f.split()) == 1 for f in cluster.forms) or _given_name_first(name, lower)
        etype = "PERSON" if person else UNKNOWN
    return Entity(name=name, type=etype, aliases=sorted(f for f in cluster.forms if f != name),
                  articles=sorted(cluster.articles))


def _given_name_first(name: str, lower: Counter[str]) -> bool:
    """A name of two or three words that nothing else typed, opening with a census given name
    ("Mike Munchak", "Kevin Werbach"): a person, the surname being one the census does not list.
    Left untyped: a first word the story also writes in lower case ("Golden State", "Major
    European"), a word in capitals ("STAR BURST"), a plural last word ("Denver Broncos"), place
    and venue heads and organisation words ("Grant Park", "Jordan Council")."""
    tokens = name.split()
    words = fold(name).split()
    if re.search(r"['\u2019]s\b|-[a-z]", name):
        return False  # "France's Societe Generale", "Hong Kong-flagged"
    return (2 <= len(words) <= 3 and words[0] in _census_names()[0] and not lower[words[0]]
            and words[-1] not in _NOT_SURNAMES and not words[-1].endswith("s")
            and not any(w in _ORG_WORDS for w in words)
            and all(t[:1].isupper() and not (t.isupper() and len(t.strip(".")) > 1) for t in tokens))


def alias_index(entities: list[Entity]) -> dict[str, Entity]:
    """Folded surface form -> entity, for the facts stage to put names on their entity."""
    index: dict[str, Entity] = {}
    for entity in entities:
        for form in [entity.name, *entity.aliases]:
            index.setdefault(fold(form), entity)
    # News names a person in full once, then by surname ("Carson Palmer" ... "Palmer turned 38"):
    # a bare surname stands for the one person of the story who has it, never for two.
    surnames: dict[str, list[Entity]] = {}
    for entity in entities:
        parts = fold(entity.name).split()
        if entity.type == "PERSON" and len(parts) > 1:
            surnames.setdefault(parts[-1], []).append(entity)
    for surname, people in surnames.items():
        if len(people) == 1:
            index.setdefault(surname, people[0])
    return index
