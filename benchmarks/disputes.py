"""Disputes benchmark: crosswire's entities and facts against the planted gold set, beside naive baselines.

Reads ``benchmarks/data/disputes/story_*.json`` (fictional stories written by ``generate.py``) and
``held_out_*.json`` (hand-written stories in phrasing the extractor was never tuned on, scored apart),
runs ``resolve_entities`` and ``line_up_facts`` on each story with its gold origin groups, and
scores: dispute precision/recall (a predicted dispute matches a gold one when its values include
all the gold values; a second predicted dispute over the same values, such as the speaker of a
quote when the role holder is disputed, still matches and is counted apart), agreement precision/recall (values and the independent-source count must
match), single-source claims (copies must not lift them to "agreed"), alias-merge precision/recall
and false merges of distinct people. Baselines from the same run: any two different numbers in
sentences of two articles sharing >= 2 content words = a dispute; names merged when their
rapidfuzz ratio is >= 85.

    nice -n 10 .venv/bin/python benchmarks/disputes.py
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
from _common import ROOT, peak_memory_mb, print_table, write_results

from crosswire.facts.entities import fold, resolve_entities
from crosswire.facts.lineup import line_up_facts
from crosswire.facts.quantities import find_quantities
from crosswire.facts.timex import WEEKDAYS
from crosswire.records import AGREED, DISPUTED, SINGLE, Article, Entity, Fact, OriginGroup
from crosswire.text import content_words, sentences

GOLD = ROOT / "benchmarks" / "data" / "disputes"
FUZZY_MERGE = 85  # baseline: rapidfuzz ratio at which two names are merged
_DAY = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]* (\d\d) ([a-z]{3}) (\d{4})", re.IGNORECASE)


def load_stories(pattern: str = "story_*.json") -> list[dict]:
    """The gold stories matching ``pattern``, in file order."""
    paths = sorted(GOLD.glob(pattern))
    if not paths:
        print(f"no gold stories in {GOLD}; run benchmarks/data/disputes/generate.py")
        sys.exit(1)
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def to_articles(story: dict) -> list[Article]:
    """Article records for a gold story."""
    return [Article(id=a["id"], source_path=f"{story['id']}/{a['id']}", title=a["title"], text=a["text"],
                    outlet=a["outlet"], published=a["published"]) for a in story["articles"]]


def value_forms(value: str) -> set[str]:
    """Every normalised form a displayed value may match: number, weekday, ISO date, folded name."""
    forms = {fold(value)}
    for q in find_quantities(value)[:1]:
        forms.add(f"{q.value:g}")
    m = _DAY.search(value)
    if m:
        day = date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        forms |= {day.isoformat(), WEEKDAYS[day.weekday()]}
    for wd in WEEKDAYS:
        if wd in value.lower():
            forms.add(wd)
    return forms


def _month(abbr: str) -> int:
    """Month number of a three-letter abbreviation."""
    return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].index(abbr.lower()) + 1


def gold_forms(values: list[str]) -> list[str]:
    """Gold values in the same normalised space."""
    out = []
    for v in values:
        if re.fullmatch(r"\d+(?:\.\d+)?", v):
            out.append(f"{float(v):g}")
        elif re.fullmatch(r"\d{4}-\d\d-\d\d", v):
            out.append(v)
        elif v.lower() in WEEKDAYS:
            out.append(v.lower())
        else:
            out.append(fold(v))
    return out


def fact_forms(fact: Fact) -> set[str]:
    """The union of normalised forms of a fact's values."""
    return set().union(*(value_forms(v.value) for v in fact.values)) if fact.values else set()


def score_facts(stories: list[dict], predicted: dict[str, list[Fact]]) -> dict[str, float]:
    """Dispute, agreement and single-source figures of crosswire over all stories."""
    d_tp = d_ok = d_pred = d_gold = a_hit = a_gold = a_pred = a_pred_ok = s_hit = s_gold = inflated = 0
    for story in stories:
        facts = predicted[story["id"]]
        disputes = [f for f in facts if f.status == DISPUTED]
        matched: set[int] = set()
        for g in story["disputes"]:
            want = set(gold_forms(g["values"]))
            hit = next((i for i, f in enumerate(disputes) if i not in matched and want <= fact_forms(f)), None)
            if hit is not None:
                matched.add(hit)
        d_tp += len(matched)
        d_ok += sum(any(set(gold_forms(g["values"])) <= fact_forms(f) for g in story["disputes"]) for f in disputes)
        d_pred += len(disputes)
        d_gold += len(story["disputes"])
        agreed = [f for f in facts if f.status == AGREED and f.kind in ("figure", "weekday", "date")]
        a_pred += len(agreed)
        gold_agreements = [(set(gold_forms(g["values"])), g["independent_sources"]) for g in story["agreements"]]
        a_gold += len(gold_agreements)
        a_hit += sum(any(want <= fact_forms(f) and f.independent_sources == n for f in agreed)
                     for want, n in gold_agreements)
        a_pred_ok += sum(any(want <= fact_forms(f) for want, _ in gold_agreements) for f in agreed)
        for g in story["single"]:
            want = set(gold_forms(g["values"]))
            s_gold += 1
            s_hit += any(f.status == SINGLE and f.independent_sources == 1 and want <= fact_forms(f) for f in facts)
            inflated += any(f.status == AGREED and want <= fact_forms(f) and len(f.values) == 1 for f in facts)
    return {"dispute_precision": _ratio(d_ok, d_pred), "dispute_recall": _ratio(d_tp, d_gold),
            "disputes_matching_an_already_matched_gold": d_ok - d_tp,
            "agreement_precision": _ratio(a_pred_ok, a_pred), "agreement_recall": _ratio(a_hit, a_gold),
            "single_recall": _ratio(s_hit, s_gold), "singles_inflated_by_copies": inflated,
            "gold_disputes": d_gold, "predicted_disputes": d_pred}


def _ratio(a: int, b: int) -> float:
    """a / b, 0 when b is 0."""
    return a / b if b else 0.0


def naive_disputes(story: dict) -> list[set[str]]:
    """Baseline: two different numbers in sentences of two articles sharing >= 2 content words."""
    per_article = []
    for a in story["articles"]:
        rows = []
        for s in sentences(a["text"]):
            numbers = {f"{q.value:g}" for q in find_quantities(s) if not q.vague}
            if numbers:
                rows.append((set(content_words(s)), numbers))
        per_article.append(rows)
    found: set[frozenset[str]] = set()
    for rows_a, rows_b in combinations(per_article, 2):
        for (words_a, nums_a), (words_b, nums_b) in ((x, y) for x in rows_a for y in rows_b):
            if len(words_a & words_b) >= 2:
                for x in nums_a:
                    for y in nums_b:
                        if x != y:
                            found.add(frozenset({x, y}))
    return [set(p) for p in found]


def score_naive(stories: list[dict]) -> dict[str, float]:
    """Dispute precision/recall of the naive baseline."""
    tp = pred = gold = 0
    for story in stories:
        pairs = naive_disputes(story)
        pred += len(pairs)
        gold += len(story["disputes"])
        wanted = [set(gold_forms(g["values"])) for g in story["disputes"]]
        tp += sum(any(w <= p for p in pairs) for w in wanted)
        pred_ok = sum(any(w <= p for w in wanted) for p in pairs)
        tp_pred = pred_ok
        story["_naive_ok"] = tp_pred
    ok = sum(s.pop("_naive_ok") for s in stories)
    return {"dispute_precision": _ratio(ok, pred), "dispute_recall": _ratio(tp, gold), "predicted_disputes": pred}


def merged_pairs(entities: list[Entity]) -> set[frozenset[str]]:
    """Pairs of folded surface forms that crosswire put in one entity."""
    pairs = set()
    for e in entities:
        forms = sorted({fold(f) for f in [e.name, *e.aliases]})
        pairs |= {frozenset(p) for p in combinations(forms, 2)}
    return pairs


def fuzzy_pairs(story: dict, names: set[str]) -> set[frozenset[str]]:
    """Baseline alias merges: names in the gold universe merged when rapidfuzz ratio >= FUZZY_MERGE."""
    from rapidfuzz import fuzz

    present = sorted(n for n in names if any(n in a["text"] for a in story["articles"]))
    return {frozenset({fold(a), fold(b)}) for a, b in combinations(present, 2) if fuzz.ratio(a, b) >= FUZZY_MERGE}


def score_aliases(stories: list[dict], predicted: dict[str, list[Entity]]) -> tuple[dict, dict]:
    """Alias-merge precision/recall and false merges of distinct people (ours, baseline)."""
    ours = {"tp": 0, "pred": 0, "gold": 0, "false_merges": 0}
    base = {"tp": 0, "pred": 0, "gold": 0, "false_merges": 0}
    for story in stories:
        gold = {frozenset({fold(a), fold(b)}) for group in story["aliases"] for a, b in combinations(group, 2)
                if fold(a) != fold(b)}
        distinct = {frozenset({fold(a), fold(b)}) for a, b in story["distinct"]}
        universe = {n for group in story["aliases"] for n in group} | {n for pair in story["distinct"] for n in pair}
        folded = {fold(n) for n in universe}
        for counts, pairs in ((ours, merged_pairs(predicted[story["id"]])), (base, fuzzy_pairs(story, universe))):
            relevant = {p for p in pairs if p <= folded}
            counts["tp"] += len(relevant & gold)
            counts["pred"] += len(relevant)
            counts["gold"] += len(gold)
            counts["false_merges"] += len(relevant & distinct)
    return tuple({"alias_precision": _ratio(c["tp"], c["pred"]), "alias_recall": _ratio(c["tp"], c["gold"]),
                  "false_merges_distinct_people": c["false_merges"]} for c in (ours, base))


SPEED: dict[str, dict[str, float]] = {}


def speed_rows() -> list[list[object]]:
    """CPU time per article on the seeds and the demo corpus: our stages, and the whole pipeline."""
    from crosswire.engine.local import analyze_paths

    rows: list[list[object]] = []
    corpora = {"seeds": ROOT.parent / "shared" / "seeds", "demo": ROOT / "src" / "crosswire" / "examples" / "demo"}
    for name, path in corpora.items():
        if not path.exists():
            continue
        cpu = time.process_time()
        report = analyze_paths([str(path)])
        whole = time.process_time() - cpu
        by_id = {a.id: a for a in report.articles}
        cpu = time.process_time()
        for story in report.stories:
            articles = [by_id[i] for i in story.articles]
            line_up_facts(articles, story.origins, resolve_entities(articles))
        ours = time.process_time() - cpu
        n = len(report.articles)
        words = sum(len(a.text.split()) for a in report.articles)
        SPEED[name] = {"articles": n, "words_per_article": round(words / n), "ms_per_article_entities_facts":
                       round(1000 * ours / n, 1), "ms_per_article_whole_pipeline": round(1000 * whole / n, 1)}
        rows.append([f"{name}: ms/article entities+facts (whole pipeline)",
                     f"{1000 * ours / n:.1f} ({1000 * whole / n:.1f})", "-"])
    return rows


def main() -> None:
    """Run crosswire and the baselines over the gold set, print one table, save the figures."""
    stories = load_stories()
    resolve_entities(to_articles(stories[0]))  # load spaCy outside the timed loop
    facts: dict[str, list[Fact]] = {}
    entities: dict[str, list[Entity]] = {}
    n_articles = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for story in stories:
        articles = to_articles(story)
        n_articles += len(articles)
        origins = [OriginGroup(articles=list(group)) for group in story["origins"]]
        entities[story["id"]] = resolve_entities(articles)
        facts[story["id"]] = line_up_facts(articles, origins, entities[story["id"]])
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    ours = score_facts(stories, facts)
    naive = score_naive(stories)
    alias_ours, alias_base = score_aliases(stories, entities)
    held_out = load_stories("held_out_*.json")
    for story in held_out:
        articles = to_articles(story)
        origins = [OriginGroup(articles=list(group)) for group in story["origins"]]
        entities[story["id"]] = resolve_entities(articles)
        facts[story["id"]] = line_up_facts(articles, origins, entities[story["id"]])
    held = {**score_facts(held_out, facts), **score_aliases(held_out, entities)[0]}
    held_naive = score_naive(held_out)
    rows = [
        ["dispute precision", ours["dispute_precision"], naive["dispute_precision"], held["dispute_precision"],
         held_naive["dispute_precision"]],
        ["dispute recall", ours["dispute_recall"], naive["dispute_recall"], held["dispute_recall"],
         held_naive["dispute_recall"]],
        ["disputes predicted (gold)", f"{ours['predicted_disputes']} ({ours['gold_disputes']})",
         f"{naive['predicted_disputes']} ({ours['gold_disputes']})",
         f"{held['predicted_disputes']} ({held['gold_disputes']})",
         f"{held_naive['predicted_disputes']} ({held['gold_disputes']})"],
        ["  of which repeat a matched dispute", ours["disputes_matching_an_already_matched_gold"], "-",
         held["disputes_matching_an_already_matched_gold"], "-"],
        ["agreement precision", ours["agreement_precision"], "-", held["agreement_precision"], "-"],
        ["agreement recall (sources exact)", ours["agreement_recall"], "-", held["agreement_recall"], "-"],
        ["single-source recall", ours["single_recall"], "-", "-", "-"],
        ["singles made 'agreed' by copies", ours["singles_inflated_by_copies"], "-", "-", "-"],
        ["alias precision", alias_ours["alias_precision"], alias_base["alias_precision"], held["alias_precision"],
         "-"],
        ["alias recall", alias_ours["alias_recall"], alias_base["alias_recall"], held["alias_recall"], "-"],
        ["false merges of distinct people", alias_ours["false_merges_distinct_people"],
         alias_base["false_merges_distinct_people"], held["false_merges_distinct_people"], "-"],
        ["articles/s, entities+facts (CPU time)", n_articles / cpu_seconds, "-", "-", "-"],
        ["articles/s, entities+facts (wall, shared machine)", n_articles / seconds, "-", "-", "-"],
        *[row + ["-", "-"] for row in speed_rows()],
    ]
    print_table(f"Disputes gold set: {len(stories)} generated stories ({n_articles} articles) and "
                f"{len(held_out)} hand-written held-out stories (baseline: naive numbers / fuzzy names)",
                ["measure", "crosswire", "baseline", "held-out crosswire", "held-out baseline"], rows)
    print(f"peak memory {peak_memory_mb():.0f} MB")
    write_results("disputes", {"stories": len(stories), "articles": n_articles, "crosswire": {**ours, **alias_ours},
                               "baseline": {**naive, **alias_base},
                               "held_out": {"stories": len(held_out), "crosswire": held, "baseline": held_naive},
                               "articles_per_cpu_second": round(n_articles / cpu_seconds, 1),
                               "articles_per_wall_second": round(n_articles / seconds, 1),
                               "corpora": SPEED,
                               "peak_memory_mb": round(peak_memory_mb(), 1)})


if __name__ == "__main__":
    main()
