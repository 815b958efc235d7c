"""Facts lined up across a story's sources: agreed, disputed or single-source.

Every article's statements (statements.py) are grouped by what they are about (a key such as
"people|detained" or "time|gathered") and, inside a key, by how alike their clauses are. A claim
is *disputed* when two origin groups state values that cannot both be right (ranges allowed by
hedges do not overlap, different days or different people), *agreed* when at least two origin
groups state it without such a clash, and *single* when one origin group stands behind it.

Decision on copies: ``independent_sources`` counts origin groups, never copies, so a copy never
turns a claim "agreed". But values that clash *inside one origin group* (a reprint or rewrite that
changed a figure or a day) do make the claim *disputed*: the reader must see that the reports in
circulation conflict, and a copy that altered its source is exactly what a fact-checker looks for.
Such a dispute keeps ``independent_sources == 1`` and its line says that a copy altered it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import lru_cache
from itertools import combinations, pairwise

from ..extract.agencies import credits
from ..groups import DisjointSets
from ..records import AGREED, DISPUTED, SINGLE, UPDATED, Article, Entity, Fact, FactValue, OriginGroup, ReuseLink
from .entities import alias_index, fold, same_surname
from .quantities import Quantity, compatible, find_quantities
from .statements import HISTORY_DAYS, UNTIED_CLOCK, Statement, article_statements, event_noun, event_of_word, plural
from .timex import TimeRef, anchored, published_date, same_time

# Minimum IDF-weighted overlap of two clauses' content words for them to report the same event.
# Calibrated on benchmarks/data/disputes and the seeds: 0.15 keeps a Saturday rally at a memorial
# and a Sunday march apart while linking "rallied outside the assembly" and "gathered in front of
# the assembly" (names every article uses weigh little, see _idf).
MIN_CONTEXT_SIMILARITY = {"figure": 0.12, "date": 0.15, "weekday": 0.15, "place": 0.15, "quote": 0.5,
                          "measure": 0.2, "score": 0.2}
# Least IDF-weighted overlap of the words right around two measures ("25-ton truck", "19-ton
# delivery truck") to line them up, and to let them make a dispute.
NEAR_SIMILARITY = 0.3
NEAR_DISPUTE = 0.3
HEAD_SIMILARITY = 0.5  # half the head words of the lighter side shared ("truck" of "delivery truck")
# Spans of time and years count many different things in one story ("three months" of emergency,
# "eight months" since the last attack): they may agree but never make a dispute.
_SPAN_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade", "percent"})
# Two statements with one telling value (see ``_same_value``) line up on this much clause overlap:
# "Saturday" told with "gathered" in one report and "closed" in another is one day of one story.
SAME_VALUE_SIMILARITY = 0.05
SMALL_COUNT = 3  # counts up to this are too common in a story to tie two statements by value alone
# Kinds lined up by context alone: two articles' only mentions of a unit are not thereby one thing.
_CONTEXT_ONLY = frozenset({"measure", "score"})
# One disaster is told with different verbs ("a gas blast brought down a shaft" / "the mine caved
# in"): days cued by any of these may be of the same incident (the context overlap still decides).
INCIDENT = frozenset({"killed", "injured", "trapped", "collapsed", "attacked", "fire", "sank", "overturned", "crashed",
                      "flooded"})
# Two dated clauses that are each their article's only mention of the event class need less overlap.
MIN_SIMILARITY_ALONE = 0.05
# Bounds on the work of one story (issue 17: a feed of templated near-identical entries made
# stories of hundreds of articles whose claims were compared statement by statement). A key with
# more statements is split into claims by value alone, and an agreed claim with more distinct
# values gives one fact per value. The real-news gold (stories of at most 14 articles) never
# comes near either bound; the largest key of a Giveme5W1H event holds 96 statements.
MAX_LINKED_STATEMENTS = 200
MAX_APART_VALUES = 40
_KIND_ORDER = {DISPUTED: 0, UPDATED: 1, AGREED: 2, SINGLE: 3}
# Kinds whose clashes are never disputes nor updates (see ``_status``): on Giveme5W1H these were
# different people in one role, different speakers and different places (31 of 34 false disputes).
# Generic measures ("$65 billion", "15 feet") dispute only as close rivals told in shared words:
# with no such limits, 14 of 14 measure disputes on the real-news development gold were false.
NEVER_DISPUTED = frozenset({"name", "quote", "place", "score", "clock", "month"})
# Kinds whose value is a plain string compared as written: a score "34-6", a time "10:30 p.m.", a
# month "May 2016" (fold, used for names, would drop their digits).
EXACT_KINDS = frozenset({"score", "clock", "month"})
# How far apart two values may be and still be rival reports of one quantity (see ``rivals``).
# Chosen on the development third of benchmarks/data/real_facts (dispute P 1.00 there; 3.0 for
# counts added a false "5 vs 2 trapped", a 0.0 measure context doubled false disputes).
RIVAL_RATIO = {"figure": 1.5, "age": 1.5, "share": 2.0, "measure": 1.35, "position": 2.0}
RIVAL_YEARS = 2  # "drafted in 2002" / "in 2003"; 1982 against 2001 is two events
RIVAL_DAYS = 3  # Monday or Tuesday; July against September is two events
NEWS_DAY_LAG = 1  # a page's own news happened on its publication day or the day before
# Least IDF-weighted context overlap of two clashing clauses for a dispute (see ``_same_frame``).
DISPUTE_CONTEXT = {"figure": 0.0, "date": 0.0, "weekday": 0.0, "measure": 0.1, "score": 0.3}
# Least IDF-weighted clause overlap for two claims of different keys with one telling figure to be
# joined (see ``_join_same_values``). Chosen on the development third of benchmarks/data/real_facts.
JOIN_SIMILARITY = 0.1
# A disputed claim with more firm values than BAG_VALUES, the largest more than BAG_SPREAD times the
# smallest, is a bag of different things sharing a unit (see _grab_bag). Read off the real-news
# development gold: its true disputes have 2-3 values, most within a factor of 2; the Giveme5W1H
# missile story's "kilometres" claim had 16 values from 300 to 4,800.
BAG_VALUES = 4
BAG_SPREAD = 2.0
# Nouns that name a young someone without saying who: "the 3-year-old child" may be the
# "4-year-old boy" of another report (real-news development gold, Cincinnati zoo story).
GENERIC_NOUNS = frozenset({"child", "kid", "toddler", "youngster", "baby", "infant"})
# Nouns of kinship: an unnamed relative's age ("their 14-year-old son") is never set against
# another's. In mass-casualty stories each victim's family is someone else's (real-news
# development gold, Nice attack: a 13-year-old son and a 14-year-old son of two families).
RELATIVES = frozenset({"son", "daughter", "wife", "husband", "mother", "father", "brother", "sister",
                       "grandson", "granddaughter", "grandmother", "grandfather", "nephew", "niece",
                       "cousin", "stepson", "stepdaughter", "partner", "fiancee", "fiance"})
YEAR_KEY = "measure|in-year"
AGE_KEY = "measure|age"
_FIGURE_KINDS = frozenset({"figure", "measure", "age", "share"})
# A count that rose more than RIVAL_RATIO is an update only within this many days ("more than
# 2,000" signatures, "almost 300,000" two days later); months apart such figures count other
# things ("eight killed" in one attack, "20,000" in a whole insurgency). Past it, a rival count
# restated is a newer count, not a dispute. Chosen on the real-news development gold (issue 14).
UPDATE_WINDOW_DAYS = 7
MIN_RISE = 0.05
# Verbs that tell a price or share moving; such figures change through a day (see _moved_over_time).
MOVE_VERBS = frozenset({"fell", "rose", "dropped", "gained", "jumped", "climbed", "slid", "slipped", "tumbled",
                        "plunged", "soared", "sank", "slumped", "declined", "surged", "dipped", "rallied",
                        "advanced", "retreated", "added", "lost"})
# Kinds whose key names the someone the value is of ("age|Anna Berg", "share|Vell", "position|Vell|finish"):
# one claim a key, and any two of its values are one frame.
_KEYED_BY_SOMEONE = frozenset({"share", "age", "position"})
_CURRENCIES = frozenset({"dollar", "pound", "euro", "yen", "yuan", "rupee", "franc"})
_MOVE_UNITS = frozenset({"percent", "dollar", "pound", "euro", "yen", "point"})  # a rise smaller than this is rounding, not an update
# Who and what is sent to a disaster, counted as a measure ("some 60 excavators", "more than 500
# rescuers"): more arrive as a rescue goes on, so a larger count published later is an update.
RESPONDERS = frozenset({"rescuer", "firefighter", "excavator", "soldier", "troop", "volunteer", "helicopter",
                        "ambulance", "diver", "searcher", "crane"})
# Least share of an article's text outside the passages it shares with its origin group for its
# other sentences to be its own reporting (see _mark_own_reporting). Real-news development gold:
# a 9,700-character newspaper piece with four wire passages (8 % of it) that the fact gold counts
# as its own source; wire copies and trimmed reprints share 60-100 % of their text.
OWN_SHARE = 0.5
# A market's price or price change quoted at a moment (statements.market_asset): figures that move
# through the day, so different ones are an update, never a dispute.
MARKET_KINDS = frozenset({"price", "move"})
# Events whose counts grow as news comes in: a larger count published later is an update.
GROWING = frozenset({"killed", "injured", "detained", "missing", "evacuated", "rescued", "released", "gathered",
                     "trapped", "signed", "damaged"})


def line_up_facts(articles: list[Article], origins: list[OriginGroup], entities: list[Entity],
                  reuse: list[ReuseLink] | None = None) -> list[Fact]:
    """Facts of a story: statements aligned across articles, with status and independent sources.

    ``reuse`` (the story's reuse links) tells which sentences of an article that blends copied
    lines with its own reporting are its own (see _mark_own_reporting)."""
    names = alias_index(entities)
    statements = _resolve_anchors([s for a in articles for s in article_statements(a, names)])
    group_of = _group_index(articles, origins)
    _mark_own_reporting(statements, articles, group_of, reuse or [], {g.original for g in origins if g.original})
    _join_shared_passages(statements, articles, group_of, reuse or [])
    weights = _idf(statements, len(articles))
    facts = []
    by_key: dict[str, list[Statement]] = {}
    for s in statements:
        by_key.setdefault(s.key, []).append(s)
    published_of = {a.id: a.published for a in articles}
    claims = _join_same_values([claim for key in sorted(by_key) for claim in _claims(by_key[key], weights)], weights)
    for claim in claims:
        fact = _fact(claim, group_of, published_of, weights)
        if fact.status == DISPUTED and _grab_bag(claim):
            facts += _one_fact_per_value(claim, group_of, published_of, weights)
        elif fact.status == DISPUTED and (apart := _not_rivals(claim)):
            rest = [s for s in claim if not any(s is o for o in apart)]
            facts += [*_agreed_apart(_fact(rest, group_of, published_of, weights), rest, group_of, published_of,
                                     weights),
                      *_agreed_apart(_no_clash(_fact(apart, group_of, published_of, weights)), apart,
                                     group_of, published_of, weights)]
        else:
            facts += _agreed_apart(fact, claim, group_of, published_of, weights)
    return _sorted(facts)


def _join_same_values(claims: list[list[Statement]], weights: dict[str, float]) -> list[list[Statement]]:
    """Join claims of different keys that tell one telling figure alike ("about 140 political
    figures" / "140 politicians and public officials"; "15 NFL seasons" / "15 seasons").

    Only claims whose values all agree are joined, so a join can corroborate but never make a
    dispute. Two statements from different articles tie when their values are equal and telling
    (see ``_telling``) and their clauses share words (JOIN_SIMILARITY), or when the figure is
    distinctive (three significant digits: "214,000") and both give it the same unit.
    """
    consistent = [n for n, c in enumerate(claims) if _joinable(c)]
    by_value: dict[tuple[float, bool], list[int]] = {}
    for n in consistent:
        for v in {(s.value.value, s.value.percent) for s in claims[n] if _telling(s)}:  # type: ignore[union-attr]
            by_value.setdefault(v, []).append(n)
    sets = DisjointSets(range(len(claims)))
    for members in by_value.values():
        for i, j in combinations(members, 2):
            if sets.find(i) != sets.find(j) and _tie(claims[i], claims[j], weights):
                sets.union(i, j)
    parts: dict[int, list[list[Statement]]] = {}
    for n, claim in enumerate(claims):
        parts.setdefault(sets.find(n), []).append(claim)
    # The joined claim is named after its best-framed part: a count, share or age of someone
    # ("share of the vote for ...") before a generic measure ("percent vote").
    return [[s for claim in sorted(group, key=lambda c: (c[0].kind == "measure", -len(c))) for s in claim]
            for group in parts.values()]


def _joinable(claim: list[Statement]) -> bool:
    """A claim of figures whose values can all be true together."""
    if claim[0].kind not in _FIGURE_KINDS or not all(isinstance(s.value, Quantity) for s in claim):
        return False
    return all(agree(a, b) for a, b in combinations({_value_key(s, claim): s for s in claim}.values(), 2))


def _telling(s: Statement) -> bool:
    """A firm figure that two reports would not share by chance: not a small whole count."""
    q = s.value
    return isinstance(q, Quantity) and not q.vague and (
        not (q.value == int(q.value) and q.value <= SMALL_COUNT) or bool(q.unit))  # "more than a mile"


def _distinctive(q: Quantity) -> bool:
    """A figure with three or more significant digits ("214,000", "11.5 million", "148.9")."""
    digits = f"{q.value:.6g}".replace(".", "").replace("-", "").strip("0")
    return len(digits) >= 3


def _tie(x: list[Statement], y: list[Statement], weights: dict[str, float]) -> bool:
    """Two claims share a telling value told in like words, or a distinctive value in one unit."""
    for a in x:
        for b in y:
            if a.article == b.article or a.background != b.background or not (_telling(a) and _telling(b)) \
                    or a.value.value != b.value.value:  # type: ignore[union-attr]
                continue
            if _money(a) != _money(b):
                continue  # "about $11 million" lent is no count of "11 million documents"
            if similarity(a.context, b.context, weights) >= JOIN_SIMILARITY:
                return True
            if _distinctive(a.value) and YEAR_KEY not in (a.key, b.key):  # type: ignore[arg-type]
                return True
            if _one_age(a, b):
                return True
    return False


def _money(s: Statement) -> bool:
    """A statement of an amount of money ("measure|dollar", a price)."""
    return s.key.split("|")[-1] in _CURRENCIES or s.kind == "price"


def _one_age(a: Statement, b: Statement) -> bool:
    """An age told with a name ("Ahed Tamimi, 16") and one told without ("a 16-year-old girl")."""
    return {a.kind, b.kind} == {"age", "measure"} and AGE_KEY in (a.key, b.key)


def _agreed_apart(fact: Fact, claim: list[Statement], group_of: dict[str, int],
                  published_of: dict[str, str | None], weights: dict[str, float]) -> list[Fact]:
    """An agreed fact holds only values that can all be true with its best-supported one; the rest
    ("77" and "80" beside a toll of "at least 84" that most reports give; a second spokesman; another
    place) become facts of their own, so "Corroborated" never lists values that contradict each
    other, or different people in one role, as one agreement."""
    if fact.status != AGREED:
        return [fact]
    if len({_value_key(s, claim) for s in claim}) > MAX_APART_VALUES:
        return _one_fact_per_value(claim, group_of, published_of, weights)
    firm = [s for s in claim if _firm(s)] or claim
    late = _late_pages(claim, published_of)
    shown = {id(s): _day_shown(s, claim) for s in claim}
    main = max(firm, key=lambda s: (len({_origin(o, group_of) for o in claim if agree(s, o)}),
                                    _same_day_origins(s, claim, group_of, late, shown), _plain(s),
                                    s.value.value if isinstance(s.value, Quantity) else 0.0, s.display))
    kept = _on_one_day(_all_agreeing(claim, main, group_of), main, late)
    fits = [as_shown for _, as_shown in kept]
    taken = {id(original) for original, _ in kept}
    rest = [s for s in claim if id(s) not in taken]
    if not rest:
        moved = any(original is not as_shown for original, as_shown in kept)
        return [_no_clash(_fact(fits, group_of, published_of, weights))] if moved else [fact]
    # no clash was found in the whole claim: its parts make no new dispute either
    pieces = [_no_clash(_fact(part, group_of, published_of, weights)) for part in (fits, rest)]
    return [pieces[0]] + _agreed_apart(pieces[1], rest, group_of, published_of, weights)


def _not_rivals(claim: list[Statement]) -> list[Statement]:
    """The figures of a disputed claim that neither agree with nor rival any other value of it
    ("24" who passed this year beside "274" and "273" who ever passed): another count, shown as a
    fact of its own rather than as a third side of the dispute (a Multi-News cluster read by hand).
    [] when that would leave fewer than two values in the dispute."""
    figures = [s for s in claim if isinstance(s.value, Quantity)]
    apart = [s for s in figures if not any(_tied(s, o) for o in figures if o.article != s.article)]
    kept = {_value_key(s, claim) for s in claim if not any(s is a for a in apart)}
    return apart if len(kept) >= 2 and len(apart) < len(claim) else []


def _tied(s: Statement, o: Statement) -> bool:
    """True when another report's figure is a rival of ``s`` or fits it with another value: a side
    of the same dispute."""
    if agree(s, o):
        return o.value.value != s.value.value  # type: ignore[union-attr]
    return rivals(s, o)


def _grab_bag(claim: list[Statement]) -> bool:
    """A claim of many firm figures spread far apart ("300", "548", "1,180", "2,735", "3,380" km
    in a missile story: altitudes, ranges and distances to places) is many things that share a
    unit, not rival reports of one: no dispute is made of it. The real-news gold's disputes have
    at most four values, within a factor of two (BAG_VALUES, BAG_SPREAD)."""
    values = sorted({s.value.value for s in claim if _firm(s) and isinstance(s.value, Quantity)})
    return len(values) > BAG_VALUES and values[0] > 0 and values[-1] / values[0] > BAG_SPREAD


def _same_day_origins(s: Statement, claim: list[Statement], group_of: dict[str, int], late: dict[str, date],
                      shown: dict[int, date | None]) -> int:
    """How many origins tell the day ``s`` tells, late pages' weekdays included (0 for a figure):
    the day most reports give leads an agreed fact of days that share one weekday. ``shown`` holds
    each statement's ``_day_shown``, found once per claim."""
    day = shown[id(s)]
    if not day:
        return 0
    return len({_origin(o, group_of) for o in claim if shown[id(o)] == day or _late_weekday(o, day, late)})


def _on_one_day(fits: list[Statement], main: Statement,
                late: dict[str, date]) -> list[tuple[Statement, Statement]]:
    """The statements of an agreed day that name the main statement's day, each as (itself, as
    shown): a late page's weekday is shown on the main day.

    "Friday" on pages of different weeks agrees by weekday, but Fridays a week or more apart are
    not one corroborated day (a Giveme5W1H story of months of missile tests listed four Fridays as
    one agreed "day of the talks"). Kept: the bare weekdays that name the one written date of their
    weekday among them, and those of late pages (``_late_weekday``), shown as the main day."""
    day = _day_shown(main, fits)
    if not day:
        return [(s, s) for s in fits]
    kept = []
    for s in fits:
        own_day = _day_shown(s, fits)
        if own_day != day and _late_weekday(s, day, late):
            moved = replace(s.value, day=day)
            kept.append((s, replace(s, value=moved, display=moved.label())))
        elif own_day in (None, day):
            kept.append((s, s))
    return kept


def _late_pages(claim: list[Statement], published_of: dict[str, str | None]) -> dict[str, date]:
    """The pages of a claim published after a gap of more than HISTORY_DAYS that follows at least
    half of its pages, with their publication days: follow-ups, or pages dated when they were
    collected (Giveme5W1H holds pages of one outlet dated weeks after a launch, a closure and a
    shooting). A story followed day after day (DUC 2004's month-long clusters, a run of missile
    tests) has none."""
    pages = sorted({(d, s.article) for s in claim if (d := published_date(published_of.get(s.article)))})
    for n, ((before, _), (after, _)) in enumerate(pairwise(pages), start=1):
        if (after - before).days > HISTORY_DAYS and n >= len(pages) / 2:
            return {article: d for d, article in pages[n:]}
    return {}


def _late_weekday(s: Statement, day: date, late: dict[str, date]) -> bool:
    """A bare weekday of ``day``'s weekday on a late page (``_late_pages``) published more than
    HISTORY_DAYS after ``day``: placed in the week before its page's publication, it lands in
    another week, so it can tell of ``day`` whatever week it was put in."""
    ref, published = s.value, late.get(s.article)
    return isinstance(ref, TimeRef) and ref.source == "weekday" and ref.weekday == day.weekday() \
        and published is not None and (published - day).days > HISTORY_DAYS


def _all_agreeing(claim: list[Statement], main: Statement, group_of: dict[str, int]) -> list[Statement]:
    """The statements that agree with ``main`` and with each other, best-supported values first:
    "more than 400" fits both 400 and 450 pounds, but 400 and 450 cannot both be right, so the
    less supported of the two is left for a fact of its own."""
    support = {id(s): len({_origin(o, group_of) for o in claim if agree(s, o)}) for s in claim}
    kept: list[Statement] = []
    for s in sorted(claim, key=lambda s: (s is not main, -support[id(s)])):
        if all(agree(s, k) for k in kept):
            kept.append(s)
    return kept


def _one_fact_per_value(claim: list[Statement], group_of: dict[str, int], published_of: dict[str, str | None],
                        weights: dict[str, float]) -> list[Fact]:
    """A claim holding more than MAX_APART_VALUES values is no one agreement: each value becomes a
    fact of its own (agreed when 2+ origins state it), in time linear in the claim's size."""
    return [_no_clash(_fact(part, group_of, published_of, weights)) for part in _claims_by_value(claim)]


def _no_clash(fact: Fact) -> Fact:
    """A part of a claim in which no clash was found: agreed or single, never disputed or updated."""
    if fact.status in (DISPUTED, UPDATED):
        fact.status = AGREED if fact.independent_sources >= 2 else SINGLE
    return fact


def _plain(s: Statement) -> bool:
    """A value stated without a hedge ("84", not "at least 84"): preferred as an agreed fact's main."""
    return not isinstance(s.value, Quantity) or not s.value.hedge or s.value.hedge == "rounded"


def _sorted(facts: list[Fact]) -> list[Fact]:
    """Disputed first, then agreed, then single; most sources first; then by claim."""
    return sorted(facts, key=lambda f: (_KIND_ORDER[f.status], -f.independent_sources, f.claim,
                                        [v.value for v in f.values]))


def _resolve_anchors(statements: list[Statement]) -> list[Statement]:
    """Date "the day after the election" from the story's own dated mentions of the election."""
    dated: dict[str, Counter[date]] = {}
    for s in statements:
        if isinstance(s.value, TimeRef) and s.value.day and not s.value.anchor and s.kind == "date":
            for event in s.events:
                dated.setdefault(event, Counter())[s.value.day] += 1
    for s in statements:
        if isinstance(s.value, TimeRef) and s.value.anchor and event_of_word(s.value.anchor):
            days = dated.get(event_of_word(s.value.anchor))
            if days:
                anchor_day = min(days.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                s.value = anchored(s.value, anchor_day)
                s.display = f"{s.value.label()} ({s.value.text})"
    return statements


def _origin(s: Statement, group_of: dict[str, int]) -> object:
    """The origin a statement goes back to: its article's origin group, or the article itself
    for a sentence of its own reporting (``Statement.own``), or the origin of the outlet's earlier
    page it repeats (``Statement.copied``)."""
    if s.copied is not None:
        return s.copied
    return ("own", s.article) if s.own else group_of[s.article]


def _join_shared_passages(statements: list[Statement], articles: list[Article], group_of: dict[str, int],
                          reuse: list[ReuseLink]) -> None:
    """Count a value an outlet repeats from its own earlier page once: statements of one value whose
    sentences lie inside the two sides of a passage shared by two pages of one outlet (an update that
    keeps a paragraph of the first report, the pages otherwise apart) go back to one origin, the first
    of their origins in a fixed order, whatever origin groups the pages belong to.

    Only one outlet's pages: a passage two outlets share (a wire line or a speaker's words each
    quotes) leaves each its source, as the real-news fact gold counts them; joining those too
    lowered the gold's right independent counts from 0.543 to 0.516, this rule alone raised them
    to 0.547 (29 development clusters)."""
    text_of = {a.id: a.text for a in articles}
    by_article: dict[str, list[tuple[int, int, int]]] = {}  # article -> (start, end, statement number)
    for n, s in enumerate(statements):
        s.copied = None
        start = text_of[s.article].find(s.sentence) if s.article in text_of else -1
        if start >= 0:
            by_article.setdefault(s.article, []).append((start, start + len(s.sentence), n))
    sets = DisjointSets(range(len(statements)))
    outlet_of = {a.id: a.outlet for a in articles}
    for link in reuse:
        if not outlet_of.get(link.a) or outlet_of.get(link.a) != outlet_of.get(link.b):
            continue  # two outlets quoting one wire line or one speaker each count (see the docstring)
        for passage in link.passages:
            inside_a = [n for start, end, n in by_article.get(link.a, ()) if passage.a[0] <= start and end <= passage.a[1]]
            inside_b = [n for start, end, n in by_article.get(link.b, ()) if passage.b[0] <= start and end <= passage.b[1]]
            for x in inside_a:
                for y in inside_b:
                    if statements[x].key == statements[y].key and statements[x].display == statements[y].display:
                        sets.union(x, y)
    members: dict[int, list[Statement]] = {}
    for n, s in enumerate(statements):
        members.setdefault(sets.find(n), []).append(s)
    for group in members.values():
        if len({_origin(s, group_of) for s in group}) > 1:
            first = min((_origin(s, group_of) for s in group), key=repr)
            for s in group:
                s.copied = first


def _mark_own_reporting(statements: list[Statement], articles: list[Article], group_of: dict[str, int],
                        reuse: list[ReuseLink], originals: set[str]) -> None:
    """Mark the statements told in an article's own words although its origin group holds others.

    An article joins an origin group when it reuses another's text, but a long report may carry a
    few wire lines among its own reporting (a wire story's lines inside a newspaper's piece). When
    at least OWN_SHARE of its text lies outside every passage it shares with its group, a sentence
    wholly outside those passages is its own: it counts as an independent source. Copies, which
    share most of their text, the group's likely original (its text beyond a trimmed or altered
    copy's is still the one story), a wire's full story beside a trimmed reprint, and an outlet's
    own updated versions (two pages of one outlet in the group, its reprint of a wire story aside:
    a newspaper's wire copy beside its own blended report is not a version of that report) are
    never split so.
    """
    by_id = {a.id: a for a in articles}
    shared: dict[str, list[tuple[int, int]]] = {}
    for link in reuse:
        if link.a in by_id and link.b in by_id and group_of[link.a] == group_of[link.b]:
            for passage in link.passages:
                shared.setdefault(link.a, []).append(passage.a)
                shared.setdefault(link.b, []).append(passage.b)
    blends = {aid for aid, spans in shared.items() if aid not in originals
              and _covered(spans) <= (1 - OWN_SHARE) * len(by_id[aid].text) and not _wire_story(by_id[aid])}
    outlets = Counter((group_of[aid], by_id[aid].outlet) for aid in by_id if aid in blends or not _wire_story(by_id[aid]))
    blends = {aid for aid in blends if outlets[group_of[aid], by_id[aid].outlet] == 1 or not by_id[aid].outlet}
    for s in statements:
        if s.article in blends:
            start = by_id[s.article].text.find(s.sentence)
            end = start + len(s.sentence)
            s.own = start >= 0 and not any(a < end and start < b for a, b in shared[s.article])


def _wire_story(article: Article) -> bool:
    """The article says it is a wire's story as published (a wire's copyright line, or a byline
    naming a wire and no one else): its text beyond a shorter reprint's is the rest of that story,
    not reporting of its own (a full wire story beside a trimmed one)."""
    for evidence in credits(article).values():
        byline = evidence.removeprefix("byline: ")
        if "copyright" in evidence.lower() or "\u00a9" in evidence or (
                evidence.startswith("byline: ") and "," not in byline and len(byline.split()) <= 4):
            return True
    return False


def _covered(spans: list[tuple[int, int]]) -> int:
    """Characters covered by the union of [start, end) spans."""
    total, reach = 0, 0
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def _group_index(articles: list[Article], origins: list[OriginGroup]) -> dict[str, int]:
    """Article id -> origin group number (an article in no group is its own origin)."""
    index = {aid: n for n, group in enumerate(origins) for aid in group.articles}
    for article in articles:
        index.setdefault(article.id, len(index) + 10_000)
    return index


def _idf(statements: list[Statement], n_articles: int) -> dict[str, float]:
    """Inverse article frequency of context words: words every article uses say little."""
    df: Counter[str] = Counter()
    seen: dict[str, set[str]] = {}
    for s in statements:
        for w in s.context:
            seen.setdefault(w, set()).add(s.article)
    for w, arts in seen.items():
        df[w] = len(arts)
    return {w: math.log(1 + n_articles / df[w]) for w in df}


def similarity(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """IDF-weighted Jaccard overlap of two context word sets."""
    union = sum(weights.get(w, 1.0) for w in a | b)
    return sum(weights.get(w, 1.0) for w in a & b) / union if union else 0.0


def overlap(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """IDF-weighted overlap coefficient: the shared words' weight over the lighter set's weight."""
    smaller = min(sum(weights.get(w, 1.0) for w in a), sum(weights.get(w, 1.0) for w in b))
    return sum(weights.get(w, 1.0) for w in a & b) / smaller if smaller else 0.0


def _claims(statements: list[Statement], weights: dict[str, float]) -> list[list[Statement]]:
    """Split one key's statements into claims: connected groups of statements about one thing."""
    kind = statements[0].kind
    if kind in _KEYED_BY_SOMEONE or kind == "name" or kind in MARKET_KINDS or _responders(statements[0]):
        return [statements]  # the key already names the person, role, asset or the rescuers sent
    if len(statements) > MAX_LINKED_STATEMENTS:
        return _claims_by_value(statements)
    per_article = Counter((s.article, e) for s in statements for e in s.events or {""})
    nouns = _age_nouns(statements)
    sets = DisjointSets(range(len(statements)))
    for i, j in combinations(range(len(statements)), 2):
        a, b = statements[i], statements[j]
        if a.article == b.article or (nouns[i] and nouns[j] and not _one_someone(nouns[i], nouns[j])):
            continue  # a "17-year-old gorilla" is not the "4-year-old boy"
        if a.key == AGE_KEY and not (nouns[i] and nouns[j]) and not agree(a, b):
            continue  # an age of no known someone ("she was 17") only backs its own value
        if a.background != b.background:
            continue  # "seven killed in a crash in 2004" neither backs nor contradicts today's toll
        if _same_value(a, b) and (_plainly_same(a) or similarity(a.context, b.context, weights) >= SAME_VALUE_SIMILARITY):
            sets.union(i, j)
            continue
        if _same_count_of_one_actor(a, b):
            sets.union(i, j)
            continue
        if not _same_event(a, b):
            continue
        alone = any(per_article[a.article, e] == 1 and per_article[b.article, e] == 1
                    for e in (set(a.events) & set(b.events) or {""}))
        threshold = MIN_CONTEXT_SIMILARITY.get(a.kind, 0.2)
        if alone and kind not in _CONTEXT_ONLY:
            threshold = 0.0 if kind == "figure" else MIN_SIMILARITY_ALONE
        if similarity(a.context, b.context, weights) >= threshold or (
                kind in _CONTEXT_ONLY and (overlap(a.near, b.near, weights) >= NEAR_SIMILARITY
                                           or overlap(a.head, b.head, {}) >= HEAD_SIMILARITY
                                           or _one_verb(a, b) or _one_thing(a, b))):
            sets.union(i, j)
    groups: dict[int, list[Statement]] = {}
    for i, s in enumerate(statements):
        groups.setdefault(sets.find(i), []).append(s)
    return sorted(groups.values(), key=lambda g: (g[0].article, g[0].sentence))


def _age_nouns(statements: list[Statement]) -> list[str]:
    """What each age describes: its own noun, or for an age told without one ("he was 3") the noun
    most ages of that value name elsewhere ("3-year-old boy"), so that a bare
    age never bridges the boy's ages and the gorilla's into one claim."""
    by_value: dict[float, Counter[str]] = {}
    for s in statements:
        if s.noun and isinstance(s.value, Quantity):
            by_value.setdefault(s.value.value, Counter())[s.noun] += 1
    for votes in by_value.values():  # "3-year-old child" votes for the one specific noun: "boy"
        specific = [n for n in votes if n not in GENERIC_NOUNS]
        if len(specific) == 1:
            votes[specific[0]] += sum(votes.pop(n) for n in list(votes) if n in GENERIC_NOUNS)
    nouns = []
    for s in statements:
        named = by_value.get(s.value.value) if isinstance(s.value, Quantity) and not s.noun else None
        ranked = named.most_common(2) if named else []
        # the noun most ages of that value name ("boy" twice, "child" once); none on a tie
        nouns.append(s.noun or (ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else ""))
    return nouns


def _one_someone(a: str, b: str) -> bool:
    """Two nouns an age describes that may be one someone: equal, or one generic ("child")."""
    return a == b or a in GENERIC_NOUNS or b in GENERIC_NOUNS


def _claims_by_value(statements: list[Statement]) -> list[list[Statement]]:
    """Claims of a key too large to compare statement by statement: one claim per value."""
    groups: dict[str, list[Statement]] = {}
    for s in statements:
        groups.setdefault(_value_key(s, statements), []).append(s)
    return sorted(groups.values(), key=lambda g: (g[0].article, g[0].sentence))


def _plainly_same(s: Statement) -> bool:
    """A telling figure of a key that names what is counted or measured (not a year, which many
    things in a story share): two reports giving it are one claim whatever words surround it."""
    return (isinstance(s.value, Quantity) and s.key != YEAR_KEY) or isinstance(s.value, TimeRef) or \
        s.kind in ("clock", "month")


def _same_value(a: Statement, b: Statement) -> bool:
    """Two statements giving one telling value: the same resolved day, the same score, or the same
    figure when it is not a small count ("276 girls", "130 killed"; "two" and "three" are everywhere)."""
    if isinstance(a.value, TimeRef) and isinstance(b.value, TimeRef):
        # One day of one event: the clauses must share an event class (a death and a departure on
        # the same Monday are two facts, and the departure's day is disputed in the seeds).
        # A day told with no event cue (``loose``) lines up with any report of that same day.
        return bool(a.value.day) and a.value.day == b.value.day and (
            a.loose or b.loose or bool(set(a.events) & set(b.events)))
    if isinstance(a.value, Quantity) and isinstance(b.value, Quantity):
        return a.value.value == b.value.value and _telling(a) and _telling(b)
    return a.kind in EXACT_KINDS and a.value == b.value


def _same_count_of_one_actor(a: Statement, b: Statement) -> bool:
    """One small count of one unit told of one named someone ("Lenko threw two touchdowns" /
    "Lenko had two touchdowns"): small counts are everywhere, but not with the same name beside."""
    return (a.kind == "measure" and isinstance(a.value, Quantity) and isinstance(b.value, Quantity)
            and a.value.value == b.value.value and not (a.value.vague or b.value.vague) and _shared_actor(a, b))


def _same_event(a: Statement, b: Statement) -> bool:
    """Days may be of one event when each clause's nearest event is among the other's events, or
    both nearest events tell one incident (a capsizing that killed: "sank" / "killed")."""
    if not a.events or not b.events:
        return True
    if a.events[0] in INCIDENT and b.events[0] in INCIDENT:
        return True
    return a.events[0] in b.events and b.events[0] in a.events


def agree(a: Statement, b: Statement) -> bool:
    """True when two statements' values can both be right."""
    if isinstance(a.value, Quantity) and isinstance(b.value, Quantity):
        return compatible(a.value, b.value)
    if isinstance(a.value, TimeRef) and isinstance(b.value, TimeRef):
        return same_time(a.value, b.value) is not False
    if a.kind in EXACT_KINDS:
        return a.value == b.value
    return same_name(str(a.value), str(b.value))


def same_name(a: str, b: str) -> bool:
    """Names that may be one person: equal, or a bare surname matching the other's ("Lenko")."""
    fa, fb = fold(a).split(), fold(b).split()
    if fa == fb:
        return True
    if len(fa) == 1 or len(fb) == 1:
        return bool(fa and fb) and same_surname(fa[-1], fb[-1])
    return False


def _firm(s: Statement) -> bool:
    """A statement that may make a dispute ("thousands", "yesterday", a planned day and unresolvable
    days may not)."""
    if s.background or s.subset or s.loose:
        return False
    if isinstance(s.value, Quantity):
        return not s.value.vague
    if isinstance(s.value, TimeRef):
        return s.value.source != "relative" and not s.value.planned and (
            s.value.weekday is not None or s.value.day is not None)
    return True


def _status(claim: list[Statement], group_of: dict[str, int], published_of: dict[str, str | None],
            weights: dict[str, float]) -> str:
    """DISPUTED when two independent origins state values for one frame that cannot both be true;
    UPDATED when such values were published at different times and the count grew; AGREED when
    2+ origin groups state it; else SINGLE.

    Who holds a role, who spoke a quote and where something happened are never disputes: on real
    news these "clashes" were different people in one role and different places in one story.
    A copy that altered its source (two values inside one origin, published at one time) is still
    shown as a dispute, with one independent source.
    """
    groups = len({_origin(s, group_of) for s in claim})
    agreed_status = AGREED if groups >= 2 else SINGLE
    if claim[0].kind in NEVER_DISPUTED:
        return agreed_status
    firm = _self_consistent([s for s in claim if _firm(s)])
    if claim[0].kind in MARKET_KINDS:  # a price quoted at two moments moved; it is not contested
        return UPDATED if len({_value_key(s, claim) for s in firm}) > 1 else agreed_status
    if _rose_over_time(firm, published_of) or _told_as_risen(firm) or _moved_over_time(firm, published_of):
        return UPDATED
    pairs = _clashing_pairs(firm, group_of, weights)
    if not pairs:
        return agreed_status
    if all(_grew(a, b, published_of) and (rivals(a, b) or _days_apart(a, b, published_of) <= UPDATE_WINDOW_DAYS)
           for a, b in pairs):
        return UPDATED
    pairs = [(a, b) for a, b in pairs if rivals(a, b) and not _undated_days_apart(a, b, group_of)
             and not _news_days_apart(a, b, published_of) and not _undated_birthday(a, b, group_of, published_of)]
    if not pairs:
        return agreed_status
    if all(_restated_later(a, b, published_of) for a, b in pairs):
        return UPDATED
    across = [(a, b) for a, b in pairs if _origin(a, group_of) != _origin(b, group_of)]
    if across or all(_moment(published_of.get(a.article)) == _moment(published_of.get(b.article))
                     for a, b in pairs):
        return DISPUTED
    return agreed_status


def _undated_days_apart(a: Statement, b: Statement, group_of: dict[str, int]) -> bool:
    """Two weekdays that no date places in a week, told by different origins: undated pages (the
    Multi-News copies) follow a story over several days, so "Wednesday" and "Thursday" there were
    a call to protest and the clash a day later far more often than a contradiction (flag audit:
    1 of 9 such flags true). A copy that altered its source's weekday is still compared."""
    if not (isinstance(a.value, TimeRef) and isinstance(b.value, TimeRef)):
        return False
    return (a.value.day is None or b.value.day is None) and _origin(a, group_of) != _origin(b, group_of)


def _undated_birthday(a: Statement, b: Statement, group_of: dict[str, int],
                      published_of: dict[str, str | None]) -> bool:
    """One person's age one year apart in two origins, one of them undated: a birthday may lie
    between the reports (undated Multi-News pages follow a case for months: "31" at an arraignment,
    "32" at a lawsuit filed later; read on the flags of 744 unseen clusters), so no contradiction
    can be shown. Dated reports of one day giving 5 and 6 are still a dispute."""
    if a.kind != "age" or not (isinstance(a.value, Quantity) and isinstance(b.value, Quantity)):
        return False
    undated = not (published_of.get(a.article) and published_of.get(b.article))
    return undated and abs(a.value.value - b.value.value) == 1 and _origin(a, group_of) != _origin(b, group_of)


def _news_days_apart(a: Statement, b: Statement, published_of: dict[str, str | None]) -> bool:
    """Two days that are each their own page's news day (the day of publication or the one
    before), on pages published on different days in the same order: rolling news of a story
    that went on (arrests on Monday in one day's report, more arrests on Wednesday in a later
    one), not two reports of one day."""
    if not (isinstance(a.value, TimeRef) and isinstance(b.value, TimeRef) and a.value.day and b.value.day):
        return False
    pa, pb = published_date(published_of.get(a.article)), published_date(published_of.get(b.article))
    if not (pa and pb) or pa == pb:
        return False
    lag_a, lag_b = (pa - a.value.day).days, (pb - b.value.day).days
    return 0 <= lag_a <= NEWS_DAY_LAG and 0 <= lag_b <= NEWS_DAY_LAG and (pa < pb) == (a.value.day < b.value.day)


def _one_slip(x: float, y: float) -> bool:
    """Two whole numbers written with the same digits in another order (14 and 41)."""
    if x != int(x) or y != int(y):
        return False
    a, b = str(int(x)), str(int(y))
    if len(a) != len(b) or len(a) < 2:
        return False
    return a != b and sorted(a) == sorted(b)


def rivals(a: Statement, b: Statement) -> bool:
    """True when two clashing values are close enough to be two reports of one quantity.

    Rival reports differ a little (37 or 40 dead; $103 or $105 billion; 20th or 21st lap; Monday or
    Tuesday); values far apart are nearly always two different things that share a key ("12
    injured" and "more than 500"; "three months" of emergency and "eight months" since an attack;
    talks in July and in September). The limits were read off the real-news development gold.
    """
    if isinstance(a.value, TimeRef) and isinstance(b.value, TimeRef):
        if a.value.day and b.value.day:
            return abs((a.value.day - b.value.day).days) <= RIVAL_DAYS
        return True
    if not (isinstance(a.value, Quantity) and isinstance(b.value, Quantity)):
        return True
    low, high = sorted((a.value.value, b.value.value))
    if _one_slip(low, high):
        return True  # 14 against 41: swapped digits, a slip of the keyboard, not another thing
    if a.key == "measure|in-year":
        return high - low <= RIVAL_YEARS
    if low <= 0:
        return False
    return high / low <= RIVAL_RATIO.get(a.kind, RIVAL_RATIO["figure"])


def _rose_over_time(statements: list[Statement], published_of: dict[str, str | None]) -> bool:
    """True when a growing count rose from report to report: the highest figure known at each
    publication step never falls and the last exceeds the first ("at least 60" dead in the night,
    "84" by morning). Hedged figures that overlap as ranges are still an update when their stated
    numbers rose with time: that is how a toll is reported as it climbs. Reports of one day with
    no time of day are one step.
    """
    dated = [(m, s.value.value) for s in statements if isinstance(s.value, Quantity) and _can_grow(s)
             and (m := _moment(published_of.get(s.article))) is not None]
    top = max((value for _, value in dated), default=0.0)
    dated = [(m, value) for m, value in dated if value * RIVAL_RATIO["figure"] >= top]  # "four" beside "27": a part
    day_only = {m[0] for m, _ in dated if not m[1]}
    steps: dict[tuple[str, str], float] = {}
    for (day, clock), value in dated:
        step = (day, "" if day in day_only else clock)
        steps[step] = max(value, steps.get(step, value))
    series = [steps[k] for k in sorted(steps)]
    if len(series) < 2:
        return False
    return all(a <= b for a, b in pairwise(series)) and series[-1] > series[0] * (1 + MIN_RISE)


def _moved_over_time(statements: list[Statement], published_of: dict[str, str | None]) -> bool:
    """True when reports published at different moments tell one market move with one verb and
    different figures ("shares fell 2.1 percent" in the morning, "fell 5.8%" by the close): a price
    moving through the day is updated, not disputed, whatever the order of the pages' times (on the
    real-news gold those times were off by hours). Only shares and money, told with a verb of
    movement (MOVE_VERBS)."""
    moves = [s for s in statements if isinstance(s.value, Quantity) and s.verb in MOVE_VERBS
             and s.key.split("|")[-1] in _MOVE_UNITS]
    if len(moves) < 2 or len(moves) != len(statements) or len({s.verb for s in moves}) > 1:
        return False
    by_moment: dict[tuple[str, str], set[float]] = {}
    for s in moves:
        moment = _moment(published_of.get(s.article))
        if moment is None:
            return False
        by_moment.setdefault(moment, set()).add(s.value.value)  # type: ignore[union-attr]
    values = {v for vs in by_moment.values() for v in vs}
    return len(by_moment) > 1 and len(values) > 1 and all(len(vs) == 1 for vs in by_moment.values())


def _told_as_risen(statements: list[Statement]) -> bool:
    """True when a report says the count rose to the highest figure of the claim ("the toll rose to
    85") and lower figures were given too: the lower ones are earlier counts, whatever the pages'
    times (which on real news are often the day only)."""
    growing = [s for s in statements if _can_grow(s) and isinstance(s.value, Quantity)]
    values = {s.value.value for s in growing}  # type: ignore[union-attr]
    return len(values) > 1 and any(s.rose and s.value.value == max(values) for s in growing)  # type: ignore[union-attr]


def _responders(s: Statement) -> bool:
    """A count of the people or machines sent to the story's disaster ("80 diggers"): one such
    count per kind in a story, however differently the clauses around it read."""
    return s.kind == "measure" and s.key.split("|")[-1] in RESPONDERS


def _can_grow(s: Statement) -> bool:
    """A count that news updates as it comes in (a toll, arrests; not an age or a year)."""
    what = s.key.split("|")[1] if "|" in s.key else s.key  # "people|injured|seriously": injured
    # measures "rose" between unrelated things (Giveme5W1H); the people and machines sent to a
    # rescue are the exception: more are sent as it goes on
    return (s.kind == "figure" and what in GROWING) or _responders(s)


def _self_consistent(statements: list[Statement]) -> list[Statement]:
    """Each article's statements of this claim that agree with its own main figure.

    An article giving two incompatible values in one sentence ("the deaths of more than 20,000
    people and displacement of 2.3 million") is telling two things apart: none of its values is set
    against other reports. Across sentences, the value the article repeats most (the larger on a
    tie) is its figure; a stray count elsewhere ("Two Tunisians were also killed" beside the toll of
    84) is left out rather than silencing the article.
    """
    by_article: dict[str, list[Statement]] = {}
    for s in statements:
        by_article.setdefault(s.article, []).append(s)
    kept = []
    for group in by_article.values():
        clashes = [(a, b) for a, b in combinations(group, 2) if not agree(a, b)]
        if not clashes:
            kept += group
        elif not any(a.sentence == b.sentence for a, b in clashes):
            kept += _main_figure(group)
    return kept


def _main_figure(group: list[Statement]) -> list[Statement]:
    """The statements agreeing with the article's most repeated value (the larger on a tie)."""
    def weight(s: Statement) -> tuple[int, float]:
        value = s.value.value if isinstance(s.value, Quantity) else 0.0
        return sum(agree(s, o) for o in group), value

    main = max(group, key=weight)
    return [s for s in group if agree(s, main)]


def _clashing_pairs(statements: list[Statement], group_of: dict[str, int],
                    weights: dict[str, float]) -> list[tuple[Statement, Statement]]:
    """Pairs of statements that cannot both be true, one from each of two sides that share no
    compatible value (sides: origin groups, then single articles for copies that altered a value).

    The two clauses must also tell the same thing in other words (IDF-weighted overlap of their
    context): on real news, figures with nothing in common but their key were other events.
    """
    pairs = []
    for side in (lambda s: _origin(s, group_of), lambda s: s.article):
        by_side: dict[object, list[Statement]] = {}
        for s in statements:
            by_side.setdefault(side(s), []).append(s)
        for x, y in combinations(sorted(by_side, key=str), 2):
            if any(agree(a, b) for a in by_side[x] for b in by_side[y]):
                continue
            pairs += [(a, b) for a in by_side[x] for b in by_side[y] if _same_frame(a, b, weights)]
    return pairs


def _same_frame(a: Statement, b: Statement, weights: dict[str, float]) -> bool:
    """True when two clashing statements are about one thing told alike (see DISPUTE_CONTEXT)."""
    if a.kind in _KEYED_BY_SOMEONE or not (a.context and b.context):
        return True
    if a.key == "measure|in-year" and not _shared_actor(a, b):
        return False  # "satellites launched in 2011" / "its first satellite, launched in 2012": whose?
    if a.key == AGE_KEY and (a.noun in RELATIVES or b.noun in RELATIVES):
        return False  # "his wife and 13-year-old son" / "their 14-year-old son": whose son?
    if a.kind in _CONTEXT_ONLY:
        places = _place_words(a) | _place_words(b)
        near = overlap(a.near - places, b.near - places, weights) >= NEAR_DISPUTE
        told_alike = ((near or overlap(a.head - places, b.head - places, {}) >= HEAD_SIMILARITY)
                      and similarity(a.context, b.context, weights) >= DISPUTE_CONTEXT[a.kind])
        told_alike = told_alike or (a.key == YEAR_KEY and near)  # whose: checked above
        return (a.key.split("|")[-1] not in _SPAN_UNITS and not _other_actors(a, b)
                and (told_alike or _one_verb(a, b) or _one_thing(a, b)))
    return similarity(a.context, b.context, weights) >= DISPUTE_CONTEXT.get(a.kind, 0.0)


def _place_words(s: Statement) -> frozenset[str]:
    """The words of the places a statement's clause names: beside a figure they say where, not
    what is counted ("205 dissidents from across China" / "214 dissidents in China")."""
    return frozenset(w for p in s.context if p.startswith("@@") for w in fold(p[2:]).split())


def _one_thing(a: Statement, b: Statement) -> bool:
    """Two measures of one unit describing one noun ("a 30-ton barge" / "an 18-ton grain barge")."""
    return bool(a.thing) and a.thing == b.thing


def _one_verb(a: Statement, b: Statement) -> bool:
    """Two measures of one unit told with one verb right before them ("fell 15ft" / "fell about
    12 feet"): one thing, however little else their clauses share (real-news gold: the fall
    height in the Harambe cluster; no new false dispute or merge on the development third)."""
    return bool(a.verb) and a.verb == b.verb


def _shared_actor(a: Statement, b: Statement) -> bool:
    """True when both clauses name one person, team or body: a year is a rival report only of
    the same someone's event ("Palmer was drafted in 2002" / "Palmer ... drafted in 2003")."""
    return bool(_actors(a) & _actors(b))


def _other_actors(a: Statement, b: Statement) -> bool:
    """True when both clauses name someone (a person, team or body) and none in common: a
    "48-yard field goal" by one kicker and a "36-yard field goal" by another team are two things."""
    actors_a, actors_b = _actors(a), _actors(b)
    return bool(actors_a and actors_b) and not actors_a & actors_b


def _actors(s: Statement) -> set[str]:
    """The named people, teams and bodies of a statement's clause (its ``@`` context words)."""
    return {w for w in s.context if w.startswith("@") and not w.startswith("@@")}  # places are not actors


def _grew(a: Statement, b: Statement, published_of: dict[str, str | None]) -> bool:
    """True when the later of two reports gives the larger count: a figure updated over time."""
    if not (isinstance(a.value, Quantity) and isinstance(b.value, Quantity)):
        return False
    if not (_can_grow(a) and _can_grow(b)):
        return False
    ta, tb = _moment(published_of.get(a.article)), _moment(published_of.get(b.article))
    if ta is None or tb is None or ta == tb or not _comparable_moments(ta, tb):
        return False
    early, late = (a, b) if ta < tb else (b, a)
    return late.value.value > early.value.value


def _days_apart(a: Statement, b: Statement, published_of: dict[str, str | None]) -> int:
    """Days between two statements' publication dates (0 when either is unknown)."""
    da, db = published_date(published_of.get(a.article)), published_date(published_of.get(b.article))
    return abs((da - db).days) if da and db else 0


def _restated_later(a: Statement, b: Statement, published_of: dict[str, str | None]) -> bool:
    """True when a changing count ("displaced 2.6 million", then "2.3 million") was stated again
    more than UPDATE_WINDOW_DAYS later: a newer count, whichever way it moved, not a dispute."""
    return _can_grow(a) and _can_grow(b) and _days_apart(a, b, published_of) > UPDATE_WINDOW_DAYS


def _moment(published: str | None) -> tuple[str, str] | None:
    """(date, time of day or "") of a publication time; midnight means "the day only"."""
    if not published:
        return None
    day, _, clock = published.partition("T")
    clock = clock[:5]
    return day, ("" if clock in ("", "00:00") else clock)


def _comparable_moments(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two publication moments can be ordered: different days, or both with a time of day."""
    return a[0] != b[0] or bool(a[1] and b[1])


def _value_key(s: Statement, claim: list[Statement]) -> str:
    """Statements with equal keys are shown as one value.

    In a claim where some days could not be dated (no publication date), days are shown by
    weekday, so that "Tuesday" and "Tue 10 Mar 2026" are one side of the dispute.
    """
    if isinstance(s.value, Quantity):  # a price change keeps its direction ("down 3%" is not "up 3%")
        return f"{s.value.hedge}|{s.value.value}|{s.value.percent}" + (f"|{s.display.split()[0]}" if s.kind == "move" else "")
    if s.kind in EXACT_KINDS:
        return str(s.value)
    if isinstance(s.value, TimeRef) and s.value.weekday is not None and not s.value.anchor and any(
            isinstance(o.value, TimeRef) and o.value.day is None for o in claim):
        return f"weekday|{s.value.weekday}"
    day = _day_shown(s, claim)
    if day:
        return f"day|{day.isoformat()}"  # folding the display drops its digits: two Sundays of June
    return fold(s.display) or s.display


def _day_shown(s: Statement, claim: list[Statement]) -> date | None:
    """The day a statement's value is shown as: its resolved day, or for a bare weekday the one
    written date of its weekday in the claim (see _written_day_of_weekday); None for no day."""
    if not (isinstance(s.value, TimeRef) and s.value.day):
        return None
    return _written_day_of_weekday(s.value, claim) or s.value.day


def _written_day_of_weekday(ref: TimeRef, claim: list[Statement]) -> date | None:
    """The one written date of a claim that a bare weekday names ("Sunday" in a page published two
    weeks after "Dec. 31"; never a later date, which its page predates), or None. A bare weekday
    is placed in the week before its page's publication, which is the wrong week on a page written
    days later; shown beside the written date it agrees with, it would read as a second day of one
    event."""
    if ref.source != "weekday" or ref.day is None:
        return None
    written = {o.value.day for o in claim if isinstance(o.value, TimeRef) and o.value.source == "date"
               and o.value.day and o.value.day.weekday() == ref.weekday and o.value.day <= ref.day}
    return written.pop() if len(written) == 1 else None


def _fact(claim: list[Statement], group_of: dict[str, int], published_of: dict[str, str | None],
          weights: dict[str, float]) -> Fact:
    """The Fact record of one claim: values with their articles, times and independent sources."""
    values: dict[str, FactValue] = {}
    origins: dict[int, set[object]] = {}
    for s in claim:
        key = _value_key(s, claim)
        value = values.setdefault(key, FactValue(value=s.display, text=s.sentence, articles=[]))
        origins.setdefault(id(value), set()).add(_origin(s, group_of))
        if (isinstance(s.value, TimeRef) and s.value.day or s.key == AGE_KEY) and len(s.display) > len(value.value):
            value.value, value.text = s.display, s.sentence  # show the dated form, "3-year-old" not "3"
        if isinstance(s.value, TimeRef) and s.value.day and key == f"day|{s.value.day.isoformat()}":
            value.value = s.display  # a weekday placed in another week never names a written date's value
        if s.article not in value.articles:
            value.articles.append(s.article)
    for value in values.values():
        value.articles.sort()
        value.sources = len(origins[id(value)])
        times = sorted(t for t in (published_of.get(a) for a in value.articles) if t)
        value.published = times[0] if times else None
    kind = "weekday" if any(s.kind == "weekday" for s in claim) else claim[0].kind
    label = claim[0].label
    if claim[0].events:
        shared = Counter(s.events[0] for s in claim if s.events)
        what = {"place": "place", "clock": "time", "month": "month"}.get(claim[0].kind, "day")
        label = f"{what} of the {event_noun(min(shared, key=lambda e: (-shared[e], e)))}"
    verbs, things = {s.verb for s in claim}, {s.thing for s in claim}
    if claim[0].kind == "measure" and len(claim) > 1 and len(things) == 1 and "" not in things:
        label = f"{plural(claim[0].key.split('|')[-1])} ({things.pop()})"  # "tons (truck)": what is measured
    elif claim[0].kind == "measure" and len(claim) > 1 and len(verbs) == 1 and "" not in verbs:
        label = f"{label} ({verbs.pop()})"  # "feet (fell)": what every report says the figure is of
    elif claim[0].kind == "measure" and label in (unit := claim[0].key.split("|")[-1], plural(unit)) and \
            (word := _shared_near_word(claim, weights)):
        label = f"{label} ({word})"  # "dollars (bid)": a bare unit says too little in a list of facts
    elif claim[0].kind == "figure" and all(s.thing for s in claim):
        label = f"{label} ({_most_told(s.thing for s in claim)})"  # "people killed (U.S. citizens)": some of them
    kind = {"share": "figure", "age": "figure", "measure": "figure", "score": "figure", "position": "figure"}.get(kind, kind)
    status = _status(claim, group_of, published_of, weights)
    if status == UPDATED:  # the figures in time order; parts ("four seriously injured") after them
        told = {_value_key(s, claim) for s in claim if _firm(s)}
        keys = {id(v): k for k, v in values.items()}
        ordered = sorted(values.values(), key=lambda v: (keys[id(v)] not in told, v.published or "", v.value))
    else:
        ordered = sorted(values.values(), key=lambda v: (-len(v.articles), v.articles, v.value))
    years = [d.year for d in (published_date(published_of.get(s.article)) for s in claim) if d]
    earlier = all(s.background or _old_year(s, max(years, default=None)) for s in claim)
    if earlier:
        label = f"{label} (earlier event)"
    return Fact(claim=label, status=status, independent_sources=len({_origin(s, group_of) for s in claim}),
                values=ordered, kind=kind, frame=claim[0].key, earlier=earlier)


def _most_told(phrases: Iterable[str]) -> str:
    """The phrase most statements use (the first in order on a tie)."""
    return Counter(phrases).most_common(1)[0][0]


def _shared_near_word(claim: list[Statement], weights: dict[str, float]) -> str:
    """The word right around the figure that the most articles use, at least two ("bid" beside
    "$121 billion"; the more specific on a tie), or "" when they share none."""
    articles: dict[str, set[str]] = {}
    written: dict[str, str] = {}
    cased: set[str] = set()  # words seen in a sentence with capitals past its first letter
    for s in claim:
        has_capitals = _capital_past_first(s.sentence)
        counted = s.key.split("|")[-1][:4]
        runs = _ascii_runs(s.sentence)
        for word in s.near:  # a name ("Costa Rican" -> "costa") is not what a figure counts
            if word.startswith("@") or len(word) <= 2 or word in _UNIT_WORDS or word[:4] == counted:
                continue  # the plain tests first: the two searches of the sentence are the cost
            as_written = _written_form(word, s.sentence, runs)
            if as_written and not _named(word, s.sentence, runs):
                articles.setdefault(word, set()).add(s.article)
                written.setdefault(word, as_written.lower())  # "witness", not the stem "witne"
                if has_capitals:
                    cased.add(word)
    # in lower-cased text alone (Multi-News) a name ("tokyo") cannot be told from a common word
    shared = [w for w, arts in articles.items() if len(arts) >= 2 and w in cased]
    return written[max(shared, key=lambda w: (len(articles[w]), weights.get(w, 1.0), w))] if shared else ""


def _capital_past_first(sentence: str) -> bool:
    """Whether a letter past the sentence's first is a capital; on ASCII text by one comparison
    (there only A-Z change when lower-cased), not a test of each character."""
    rest = sentence[1:]
    return rest != rest.lower() if rest.isascii() else any(c.isupper() for c in rest)


# Units, as context words are written (a trailing "s" cut): "40 metres (131 feet)" says nothing
# of what is measured.
_UNIT_WORDS = frozenset({"feet", "foot", "metre", "meter", "mile", "kilometre", "kilometer", "km", "pound", "kg",
                         "kilogram", "ton", "tonne", "inche", "inch", "cm", "yard", "dollar", "euro", "hour",
                         "minute", "day", "week", "month", "year", "cent", "percent",
                         "thousand", "million", "billion"})  # scale words: "9 million" beside a share


def _named(word: str, sentence: str, runs: list[tuple[int, str]] | None = None) -> bool:
    """True when every use of ``word`` in the sentence is capitalised past its first word: a name.

    ``runs``: the sentence's ``_ascii_runs``, where it has them (then no pattern is compiled)."""
    if runs is not None and _PLAIN_WORD.fullmatch(word):
        lowered = word.lower()
        starts = [at for at, run in runs if at > 0 and run.startswith(lowered)]
    else:
        starts = [m.start() for m in _uses(word).finditer(sentence) if m.start() > 0]
    return bool(starts) and all(sentence[at].isupper() for at in starts)


def _written_form(word: str, sentence: str, runs: list[tuple[int, str]] | None = None) -> str | None:
    """The first use of ``word`` in the sentence as ``_written_forms`` finds it ("witnesses" for
    "witness"), or None; from the sentence's ``_ascii_runs`` where it has them."""
    if runs is not None and _PLAIN_WORD.fullmatch(word):
        lowered = word.lower()
        return next((sentence[at:at + len(run)] for at, run in runs if run.startswith(lowered)
                     and run[len(word):] in _PLURAL_ENDINGS), None)
    found = _written_forms(word).search(sentence)
    return found.group() if found else None


# An ASCII sentence's words as the patterns of _written_forms and _uses see them: there, on an ASCII
# sentence and word, ``\b`` before a word's first letter marks where a run of word characters
# starts, and ``\b`` after a plural ending where it ends, so that both questions are answered by
# comparing the runs with the word, without compiling a pattern for it (on the spark_scale corpus,
# whose near words are mostly new to each story, the patterns compiled were ~10 % of the facts
# stage's time at 10,000 articles). Other text (where case-insensitive matching differs from
# ``str.lower``, "K" for the Kelvin sign) keeps the patterns.
_WORD_RUN = re.compile(r"\w+")
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_]+")
_PLURAL_ENDINGS = frozenset({"", "s", "ss", "es"})


def _ascii_runs(sentence: str) -> list[tuple[int, str]] | None:
    """(start, lower-cased text) of each run of word characters of an ASCII sentence; None for other text."""
    if not sentence.isascii():
        return None
    return [(m.start(), m.group()) for m in _WORD_RUN.finditer(sentence.lower())]


# Context words whose patterns (_written_forms, _uses) are kept compiled: re's own cache holds 512
# patterns, and the near words of a story's figures passed it, so that ~35,000 patterns were
# compiled again at 10,000 articles of the spark_scale corpus (~5 % of the per-story stage).
WORD_PATTERNS = 8192


@lru_cache(maxsize=WORD_PATTERNS)
def _written_forms(word: str) -> re.Pattern[str]:
    """``word`` as a whole word, perhaps with a plural ending, in any case (_shared_near_word)."""
    return re.compile(rf"\b{re.escape(word)}(?:s{{1,2}}|es)?\b", re.IGNORECASE)


@lru_cache(maxsize=WORD_PATTERNS)
def _uses(word: str) -> re.Pattern[str]:
    """Where ``word`` starts a word, in any case (_named)."""
    return re.compile(rf"\b{re.escape(word)}", re.IGNORECASE)


def _old_year(s: Statement, year: int | None) -> bool:
    """A year before ``year`` (the claim's latest publication year) and the one before it ("since
    1959"): history. Such years may still dispute each other ("drafted in 2002" / "in 2003"), but a
    fact of them is an earlier event, kept out of "Corroborated"."""
    return s.key == YEAR_KEY and isinstance(s.value, Quantity) and year is not None and s.value.value < year - 1


def source_name(article: Article | None, article_id: str) -> str:
    """How a line names a source: its outlet, else its title, else (only then) its id."""
    if article is None:
        return article_id
    return article.outlet or (article.title[:60] if article.title else article_id)


def _who(value: FactValue, by_id: dict[str, Article], with_time: bool = True) -> str:
    """The sources of one value, with its publication time: "cnn.com, nytimes.com; 2016-07-14 21:32"."""
    names = sorted({source_name(by_id.get(a), a) for a in value.articles})
    when = f"; {value.published.replace('T', ' ')[:16]}" if with_time and value.published else ""
    return f"{', '.join(names)}{when}"


def dispute_lines(facts: list[Fact], by_id: dict[str, Article] | None = None) -> list[str]:
    """One readable line per disputed fact: the claim and who says what, when."""
    by_id = by_id or {}
    lines = []
    for fact in facts:
        if fact.status == DISPUTED:
            says = " vs ".join(f"{v.value} ({_who(v, by_id)})" for v in fact.values)
            note = " [one origin: a copy altered it]" if fact.independent_sources == 1 else ""
            lines.append(f"{fact.claim}: {says}{note}")
    return lines


def update_lines(facts: list[Fact], by_id: dict[str, Article] | None = None) -> list[str]:
    """One line per updated figure: its values in publication order, each with its time and sources."""
    by_id = by_id or {}
    return [f"{fact.claim}: " + " -> ".join(f"{v.value} ({_who(v, by_id)})" for v in fact.values)
            for fact in facts if fact.status == UPDATED]


def corroborated_lines(facts: list[Fact], by_id: dict[str, Article] | None = None) -> list[str]:
    """One line per fact that 2+ independent origins state alike: value, count of origins, outlets.

    Most-corroborated first (``facts`` are sorted that way); copies of one origin never count twice.
    """
    by_id = by_id or {}
    lines = []
    for fact in facts:
        if fact.status != AGREED or fact.independent_sources < 2 or fact.earlier:
            continue
        best = max(fact.values, key=lambda v: (v.sources, len(v.articles)))
        others = [v.value for v in fact.values if v is not best]
        also = f" (also stated as {', '.join(others)})" if others else ""
        every = FactValue(best.value, best.text, sorted({a for v in fact.values for a in v.articles}))
        lines.append(f"{fact.claim}: {best.value}{also}, {fact.independent_sources} independent sources "
                     f"({_who(every, by_id, with_time=False)})")
    return lines


def single_source_lines(facts: list[Fact], by_id: dict[str, Article] | None = None) -> list[str]:
    """One readable line per notable single-source fact: the claim, its value and the source.

    Only what a reader checks: counts tied to an event, ages and dated events; generic measures,
    places, roles and quotes told by one source are left in the facts table (on real news they
    filled this list with labels such as "mans stood"). A claim is listed only when no other fact
    of the story is about the same thing (same label): "day of the gathering" stated differently
    by several sources is several gatherings or an unaligned repeat. History told for background
    ("(earlier event)") is not the story's claim and stays in the facts table only.
    """
    by_id = by_id or {}
    labels = Counter(fact.claim for fact in facts)
    return [
        f"{fact.claim}: {fact.values[0].value} ({_who(fact.values[0], by_id)})"
        for fact in facts
        if fact.status == SINGLE and fact.values and labels[fact.claim] == 1 and _notable(fact) and not fact.earlier
    ]


def _notable(fact: Fact) -> bool:
    """A single-source fact worth listing: an event count, an age, the day or time of an event
    (a time of day tied to no event, "at 9:34 a.m.", is a market snapshot or an aside)."""
    if fact.kind == "clock" and fact.claim.startswith(UNTIED_CLOCK):
        return False
    if fact.kind == "figure" and all(q.vague for q in find_quantities(fact.values[0].value)):
        return False  # "workers gathered: Scores" says nothing a reader can check
    return not fact.frame.startswith(("measure|", "quote", "role|", "place")) and fact.kind != "name"
