"""Facts on real news: crosswire's disputes, updates, agreements and people against a gold made by reading.

The gold (``benchmarks/data/real_facts/*.json``, format in its README) annotates real clusters of
``../shared/data`` (Giveme5W1H events, Clust-McMs, Multi-News; loaded by ``real_news.py``). Each
cluster is run through crosswire's own provenance and per-story stages with the cluster fixed as
one story (grouping is measured elsewhere), and scored:

- dispute precision/recall: a predicted dispute matches a gold one when two of its values match
  two gold values (same number, date, weekday or folded name) each stated by a shared article;
- compatible pairs flagged: gold near-misses ("at least 35" vs 37) that crosswire calls disputed;
- updated precision/recall, and gold updates shown as plain disputes;
- agreement recall: gold agreed facts that crosswire shows as agreed with a value stated by a
  shared article (lenient), and with the gold number of independent origins (exact: the count
  the "Corroborated" line shows, the fact's independent origins);
- corroborated in gold: the share of facts crosswire shows as corroborated (agreed by 2+ origins)
  whose value the gold annotates for a shared article (as agreed, disputed, updated or
  compatible): an approximate agreement precision, since the gold lists every fact of the kinds
  crosswire lines up that two or more articles state;
- people: false merges (one entity holding names of two gold people), alias precision/recall,
  and the share of gold people whose entity is typed PERSON.

Baseline from the same run: two different numbers in sentences of two articles that share two
or more content words are a dispute; the same number in two such sentences of two different
crosswire origins is an agreement. The third of the clusters set aside (``real_news.held_out``)
is scored apart and printed only with ``--final``; ``--show`` prints crosswire's disputes and updates with their
verdicts for the development clusters only. The flag audit (``benchmarks/data/real_facts_audit.json``)
gives the precision of crosswire's flags on clusters outside the gold, read by hand.

    nice -n 10 .venv/bin/python benchmarks/real_facts.py [--show] [--final]
"""

from __future__ import annotations

import json
import re
import sys
import time
from datetime import date
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, SHARED, peak_memory_mb, print_table, write_results
from real_news import held_out, load_cluster

from crosswire.engine.local import complete_story
from crosswire.facts.entities import fold
from crosswire.facts.quantities import find_quantities
from crosswire.facts.timex import WEEKDAYS
from crosswire.provenance.reuse import find_reuse
from crosswire.records import AGREED, DISPUTED, UPDATED, Article, Entity, Fact, Story
from crosswire.settings import Settings
from crosswire.text import content_words, sentences

GOLD = ROOT / "benchmarks" / "data" / "real_facts"
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_DAY = re.compile(r"\b(\d\d?) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* (\d{4})", re.IGNORECASE)
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d\d))?\s*([ap])\.?\s?m\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_ISO = re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b")


# --- values ------------------------------------------------------------------------------------

def value_forms(value: str) -> set[str]:
    """Normalised forms a value may match: its number, ISO date and weekday, or its folded text."""
    forms: set[str] = set()
    iso = _ISO.search(value)
    day = _DAY.search(value)
    if iso or day:
        d = (date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))) if iso else
             date(int(day.group(3)), _MONTHS.index(day.group(2).lower()[:3]) + 1, int(day.group(1))))
        return {d.isoformat(), WEEKDAYS[d.weekday()]}
    weekdays = {wd for wd in WEEKDAYS if wd in value.lower()}
    if weekdays:
        return weekdays
    clock = _CLOCK.search(value)
    if clock:
        return {f"{int(clock.group(1))}:{clock.group(2) or '00'}{(clock.group(3) or '').lower()}"}
    year = _YEAR.fullmatch(value.strip())
    if year:
        return {f"{float(year.group()):g}"}
    quantities = [q for q in find_quantities(value.replace("$", " ")) if not q.vague]
    if quantities:
        forms.add(f"{quantities[0].value:g}")
    elif value.strip():
        forms.add(fold(value) or value.strip().lower())
    return forms


def _match(gold_value: dict, fact_values: list, used: set[int]) -> int | None:
    """Index of the first unused system value with a form of the gold value and a shared article."""
    want = value_forms(gold_value["value"])
    for i, v in enumerate(fact_values):
        if i not in used and want & value_forms(v.value) and set(v.articles) & set(gold_value["articles"]):
            return i
    return None


def matches_pair(item: dict, fact: Fact) -> bool:
    """True when two of the gold item's values match two different values of the system fact."""
    used: set[int] = set()
    hits = 0
    for gold_value in item["values"]:
        i = _match(gold_value, fact.values, used)
        if i is not None:
            used.add(i)
            hits += 1
    return hits >= 2


# --- running crosswire -------------------------------------------------------------------------

def run_cluster(key: str) -> tuple[list[Article], Story]:
    """crosswire's story for a gold cluster: its own provenance, entities, facts and briefing."""
    articles = load_cluster(key)
    links = find_reuse(articles)
    story = Story(id=key, articles=[a.id for a in articles])
    complete_story(story, {a.id: a for a in articles}, links, Settings())
    return articles, story


# --- scoring -----------------------------------------------------------------------------------

def new_counts() -> dict[str, int]:
    """Zeroed counters of one scoring pass."""
    return dict.fromkeys(["d_gold", "d_pred", "d_pred_ok", "d_found", "u_gold", "u_pred", "u_pred_ok", "u_found",
                          "u_as_dispute", "c_gold", "c_flagged", "a_gold", "a_found", "a_exact", "a_pred", "a_pred_known",
                          "p_false_merges", "p_alias_gold", "p_alias_found", "p_alias_pred", "p_alias_pred_ok",
                          "p_gold", "p_typed_person"], 0)


def score_story(gold: dict, story: Story, counts: dict[str, int]) -> list[tuple[str, Fact]]:
    """Add one cluster's figures to ``counts``; return crosswire's disputes/updates with verdicts."""
    facts = story.facts
    verdicts = []
    disputes = [f for f in facts if f.status == DISPUTED]
    updates = [f for f in facts if f.status == UPDATED]
    for f in disputes:
        ok = any(matches_pair(g, f) for g in gold["disputed"])
        why = "true" if ok else next((k for k in ("updated", "compatible") if any(
            matches_pair(g, f) for g in gold[k])), "false")
        verdicts.append((f"dispute {why}", f))
        counts["d_pred_ok"] += ok
    for f in updates:
        ok = any(matches_pair(g, f) for g in gold["updated"])
        verdicts.append((f"update {'true' if ok else 'false'}", f))
        counts["u_pred_ok"] += ok
    counts["d_pred"] += len(disputes)
    counts["u_pred"] += len(updates)
    counts["d_gold"] += len(gold["disputed"])
    counts["d_found"] += sum(any(matches_pair(g, f) for f in disputes) for g in gold["disputed"])
    counts["u_gold"] += len(gold["updated"])
    counts["u_found"] += sum(any(matches_pair(g, f) for f in updates) for g in gold["updated"])
    counts["u_as_dispute"] += sum(any(matches_pair(g, f) for f in disputes) for g in gold["updated"])
    counts["c_gold"] += len(gold["compatible"])
    counts["c_flagged"] += sum(any(matches_pair(g, f) for f in disputes) for g in gold["compatible"])
    _score_agreements(gold, facts, counts)
    _score_people(gold, story.entities, counts)
    return verdicts


def _score_agreements(gold: dict, facts: list[Fact], counts: dict[str, int]) -> None:
    """Gold agreed facts shown as agreed (lenient) and with the gold independent count (exact)."""
    agreed = [f for f in facts if f.status == AGREED]
    items = [g for kind in ("agreed", "disputed", "updated", "compatible") for g in gold[kind]]
    for f in agreed:  # shown as corroborated: does the gold know this fact at all?
        if f.independent_sources < 2 or f.earlier:
            continue
        counts["a_pred"] += 1
        counts["a_pred_known"] += any(_match(value, f.values, set()) is not None
                                      for g in items for value in _gold_values(g))
    for g in gold["agreed"]:
        counts["a_gold"] += 1
        hits = [f for f in agreed if any(_match(g, [v], set()) is not None for v in f.values)]
        counts["a_found"] += bool(hits)
        # The count a reader sees: "Corroborated" gives each agreed fact's independent origins
        # (all its values agree; "approximately 11.5 million" corroborates "11.5 million").
        counts["a_exact"] += any(f.independent_sources == g["independent"] for f in hits)


def _gold_values(item: dict) -> list[dict]:
    """The values of a gold item: its one value (agreed) or its list of values."""
    return item.get("values", [item])


def _entity_people(entity: Entity, owner: dict[str, int]) -> set[int]:
    """Gold people whose unambiguous name forms the entity holds."""
    return {owner[f] for f in {fold(n) for n in [entity.name, *entity.aliases]} if f in owner}


def _score_people(gold: dict, entities: list[Entity], counts: dict[str, int]) -> None:
    """False merges of distinct people, alias precision/recall, PERSON typing."""
    forms = [{fold(f) for f in [p["name"], *p.get("forms", [])] if fold(f)} for p in gold.get("people", [])]
    seen: dict[str, set[int]] = {}
    for n, fs in enumerate(forms):
        for f in fs:
            seen.setdefault(f, set()).add(n)
    owner = {f: next(iter(ns)) for f, ns in seen.items() if len(ns) == 1}  # forms naming one person only
    entity_of = {fold(n): k for k, e in enumerate(entities) for n in [e.name, *e.aliases]}
    for e in entities:
        people = _entity_people(e, owner)
        counts["p_false_merges"] += len(people) * (len(people) - 1) // 2
        names = sorted({f for f in {fold(n) for n in [e.name, *e.aliases]} if f in owner})
        for a, b in combinations(names, 2):
            counts["p_alias_pred"] += 1
            counts["p_alias_pred_ok"] += owner[a] == owner[b]
    for n, fs in enumerate(forms):
        present = sorted(f for f in fs if f in entity_of and f in owner)
        for a, b in combinations(present, 2):
            counts["p_alias_gold"] += 1
            counts["p_alias_found"] += entity_of[a] == entity_of[b]
        if present:
            counts["p_gold"] += 1
            counts["p_typed_person"] += any(entities[entity_of[f]].type == "PERSON" for f in present)


def figures(counts: dict[str, int]) -> dict[str, float | int]:
    """Ratios and counts of one scoring pass."""
    r = _ratio
    return {
        "dispute_precision": r(counts["d_pred_ok"], counts["d_pred"]),
        "dispute_recall": r(counts["d_found"], counts["d_gold"]),
        "disputes_predicted": counts["d_pred"], "disputes_gold": counts["d_gold"],
        "compatible_flagged_rate": r(counts["c_flagged"], counts["c_gold"]), "compatible_gold": counts["c_gold"],
        "updated_precision": r(counts["u_pred_ok"], counts["u_pred"]),
        "updated_recall": r(counts["u_found"], counts["u_gold"]),
        "updated_shown_as_disputes": counts["u_as_dispute"], "updated_gold": counts["u_gold"],
        "agreement_recall_lenient": r(counts["a_found"], counts["a_gold"]),
        "agreement_recall_exact_count": r(counts["a_exact"], counts["a_gold"]), "agreed_gold": counts["a_gold"],
        "corroborated_in_gold": r(counts["a_pred_known"], counts["a_pred"]), "corroborated_shown": counts["a_pred"],
        "false_merges_of_people": counts["p_false_merges"],
        "alias_precision": r(counts["p_alias_pred_ok"], counts["p_alias_pred"]),
        "alias_recall": r(counts["p_alias_found"], counts["p_alias_gold"]),
        "people_typed_person": r(counts["p_typed_person"], counts["p_gold"]),
    }


def _ratio(a: int, b: int) -> float:
    """a / b, 0 when b is 0."""
    return round(a / b, 3) if b else 0.0


# --- baseline ----------------------------------------------------------------------------------

def baseline_facts(articles: list[Article], story: Story) -> list[Fact]:
    """Naive facts: different numbers in two articles' sentences sharing 2+ content words disagree;
    the same number there agrees (sources = crosswire's origin groups of the articles)."""
    from crosswire.records import FactValue

    group = {a: n for n, g in enumerate(story.origins) for a in g.articles}
    rows = []
    for article in articles:
        for s in sentences(article.text):
            numbers = {f"{q.value:g}" for q in find_quantities(s) if not q.vague}
            if numbers:
                rows.append((article.id, set(content_words(s)), numbers))
    facts = []
    for (ida, wa, na), (idb, wb, nb) in combinations(rows, 2):
        if ida == idb or len(wa & wb) < 2:
            continue
        for x in na:
            for y in nb:
                if x == y:
                    sources = len({group.get(ida, ida), group.get(idb, idb)})
                    facts.append(Fact("naive", AGREED, sources, [FactValue(x, "", [ida, idb], sources=sources)]))
                else:
                    facts.append(Fact("naive", DISPUTED, 2, [FactValue(x, "", [ida]), FactValue(y, "", [idb])]))
    return facts


# --- main --------------------------------------------------------------------------------------

AUDIT = Path(__file__).resolve().parent / "data" / "real_facts_audit.json"


def load_gold() -> list[dict]:
    """Every gold cluster, with empty lists for kinds the annotator left out."""
    golds = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for kind in ("agreed", "disputed", "updated", "compatible", "people"):
            gold.setdefault(kind, [])
        golds.append(gold)
    return golds


def main(argv: list[str]) -> int:
    """Score crosswire and the baseline on the development and held-out clusters; save the figures."""
    if not (SHARED / "data").exists():
        print(f"skipped: {SHARED / 'data'} not found (benchmarks read ../shared/data at run time)")
        return 0
    show = "--show" in argv
    golds = load_gold()
    passes = {name: {"crosswire": new_counts(), "baseline": new_counts()} for name in ("dev", "held_out")}
    sizes = {"dev": [0, 0], "held_out": [0, 0]}
    facts_seconds = 0.0
    for gold in golds:
        part = "held_out" if held_out(gold["cluster"]) else "dev"
        start = time.process_time()
        articles, story = run_cluster(gold["cluster"])
        facts_seconds += time.process_time() - start
        sizes[part][0] += 1
        sizes[part][1] += len(articles)
        verdicts = score_story(gold, story, passes[part]["crosswire"])
        base_story = Story(story.id, story.articles, origins=story.origins,
                           facts=baseline_facts(articles, story))
        score_story({**gold, "people": []}, base_story, passes[part]["baseline"])
        if show and part == "dev":
            _show(gold["cluster"], verdicts, {a.id: a for a in articles})
    results = {part: {"clusters": sizes[part][0], "articles": sizes[part][1],
                      **{who: figures(c) for who, c in counts.items()}} for part, counts in passes.items()}
    final = "--final" in argv  # the held-out third is printed only for a final measurement
    rows = [[name, results["dev"]["crosswire"][name], results["dev"]["baseline"][name]]
            + ([results["held_out"]["crosswire"][name], results["held_out"]["baseline"][name]] if final else [])
            for name in results["dev"]["crosswire"]]
    print_table(f"Facts on real news: {sizes['dev'][0]} development clusters ({sizes['dev'][1]} articles), "
                f"{sizes['held_out'][0]} held-out ({sizes['held_out'][1]}); baseline: naive numbers",
                ["measure", "crosswire dev", "baseline dev"]
                + (["crosswire held-out", "baseline held-out"] if final else []), rows)
    if not final:
        print("(held-out figures are written to the JSON and printed with --final only: never tune on them)")
    print(f"CPU seconds, whole per-story stage incl. provenance: {facts_seconds:.1f}; "
          f"peak memory {peak_memory_mb():.0f} MB")
    audit = audit_flags()
    write_results("real_facts", {**results, "flag_audit": audit, "peak_memory_mb": round(peak_memory_mb(), 1)})
    return 0


def audit_flags() -> dict[str, int]:
    """crosswire's disputes and updates on the clusters of the flag audit (real clusters outside the
    gold whose flags were read by hand, AUDIT): how many are known true, known false, or unread.

    The gold measures recall on 42 clusters; this measures precision where no gold was written: a
    flag read false once and made again is a regression, an unread one is a flag to read.
    """
    entries = json.loads(AUDIT.read_text(encoding="utf-8"))["flags"]
    by_cluster: dict[str, list[dict]] = {}
    for entry in entries:
        by_cluster.setdefault(entry["cluster"], []).append(entry)
    counts = {"clusters": len(by_cluster), "flags": 0, "read_true": 0, "read_false": 0, "unread": 0}
    for key in sorted(by_cluster):
        _, story = run_cluster(key)
        for fact in story.facts:
            if fact.status not in (DISPUTED, UPDATED):
                continue
            counts["flags"] += 1
            forms = [value_forms(v.value) for v in fact.values]
            hits = {i: sum(any(value_forms(g) & f for f in forms) for g in e["values"])
                    for i, e in enumerate(by_cluster[key])}
            best = max(hits, key=lambda i: (hits[i], -i))  # the entry naming most of its values
            read = by_cluster[key][best] if hits[best] >= 2 else None
            verdict = "unread" if read is None else ("read_true" if read["verdict"] else "read_false")
            counts[verdict] += 1
            if verdict != "read_true":
                print(f"audit {verdict}: {key} {fact.claim}: {' / '.join(v.value for v in fact.values)}")
    known = counts["read_true"] + counts["read_false"]
    print(f"Flag audit ({counts['clusters']} clusters outside the gold, flags read by hand): {counts['flags']} flags "
          f"now, {counts['read_true']} read true, {counts['read_false']} read false, {counts['unread']} unread; "
          f"precision on read flags {_ratio(counts['read_true'], known):.2f}; "
          f"{sum(not e['verdict'] for e in entries)} false flags on record")
    return counts


def _show(key: str, verdicts: list[tuple[str, Fact]], by_id: dict[str, Article]) -> None:
    """Print crosswire's disputes and updates of one development cluster with their verdicts."""
    for verdict, fact in verdicts:
        values = " | ".join(f"{v.value} ({', '.join(by_id[a].outlet or a[:8] for a in v.articles)})"
                            for v in fact.values)
        print(f"{key}  [{verdict}]  {fact.claim}: {values}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
