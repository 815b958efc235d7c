"""Provenance on real news: crosswire's origin groups against an origin gold made by reading (issue 16).

Gold: ``benchmarks/data/real_origins/*.json`` (format in its README): each real cluster of
``../shared/data`` partitioned into independent origins by a reader, with the word 5-gram
overlap of every pair of articles noted (figures only, never text). Each cluster is run through
crosswire's own reuse detection and origin grouping (``find_reuse`` + ``origin_groups``) and
scored:

- same-origin pairs: precision, recall and F1 of the pairs crosswire puts in one origin;
- independent sources: the share of clusters whose number of origins crosswire gets exactly;
- by overlap band: recall of gold same-origin pairs and false joins of different-origin pairs
  for low (< 0.2), middle and high (>= 0.6) 5-gram overlap, where short copies, write-throughs
  and shared statements sit.

Baseline from the same run: articles whose word 5-gram containment reaches a threshold are one
origin (connected components); the threshold is the best one on the development clusters, so
the baseline gets its best shot. The third set aside (``real_news.held_out``) is printed only
with ``--final``.

    nice -n 10 .venv/bin/python benchmarks/real_origins.py [--show] [--final]
    .venv/bin/python benchmarks/real_origins.py pairs KEY         # 5-gram overlaps of a cluster
    .venv/bin/python benchmarks/real_origins.py candidates [N]    # Multi-News clusters with copies
    .venv/bin/python benchmarks/real_origins.py note-overlaps     # write overlaps into the gold
"""

from __future__ import annotations

import json
import re
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, SHARED, peak_memory_mb, print_table, write_results
from real_news import all_multi_news_keys, held_out, load_cluster

from crosswire.groups import DisjointSets
from crosswire.provenance.reuse import find_reuse, origin_groups
from crosswire.records import Article

GOLD = ROOT / "benchmarks" / "data" / "real_origins"
BANDS = ((0.0, 0.2, "low"), (0.2, 0.6, "middle"), (0.6, 1.01, "high"))
BASELINE_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


# --- overlap -----------------------------------------------------------------------------------

def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """The word n-grams of a text (lower-cased words and numbers)."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def overlap5(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Containment of the shorter text's word 5-grams in the longer's (0 when either is empty)."""
    return round(len(a & b) / min(len(a), len(b)), 3) if a and b else 0.0


def cluster_overlaps(articles: list[Article]) -> dict[tuple[str, str], float]:
    """(id, id) -> 5-gram overlap for every pair of a cluster, ids sorted."""
    grams = {a.id: shingles(a.text) for a in articles}
    return {(x, y): overlap5(grams[x], grams[y]) for x, y in combinations(sorted(grams), 2)}


# --- scoring -----------------------------------------------------------------------------------

def same_pairs(groups: list[list[str]], ids: set[str]) -> set[tuple[str, str]]:
    """Pairs (sorted ids) that share a group, among ``ids``."""
    return {tuple(sorted(p)) for g in groups for p in combinations([i for i in g if i in ids], 2)}  # type: ignore[misc]


def crosswire_groups(articles: list[Article]) -> list[list[str]]:
    """crosswire's origin groups of a cluster (every article in exactly one group)."""
    by_id = {a.id: a for a in articles}
    links = find_reuse(articles)
    return [g.articles for g in origin_groups(sorted(by_id), links, by_id)]


def baseline_groups(ids: list[str], overlaps: dict[tuple[str, str], float], threshold: float) -> list[list[str]]:
    """Connected components of pairs whose 5-gram overlap reaches ``threshold``."""
    sets = DisjointSets(sorted(ids))
    for (x, y), value in overlaps.items():
        if value >= threshold:
            sets.union(x, y)
    groups: dict[str, list[str]] = {}
    for i in sorted(ids):
        groups.setdefault(sets.find(i), []).append(i)
    return list(groups.values())


def new_counts() -> dict[str, int]:
    """Zeroed counters of one scoring pass."""
    keys = ["pairs_gold", "pairs_pred", "pairs_ok", "clusters", "count_exact"]
    keys += [f"{band}_{k}" for _, _, band in BANDS for k in ("same", "same_found", "diff", "diff_joined")]
    return dict.fromkeys(keys, 0)


def score(gold: dict, groups: list[list[str]], overlaps: dict[tuple[str, str], float], counts: dict[str, int]) -> None:
    """Add one cluster's figures to ``counts`` (over the gold articles crosswire read as articles:
    a search page the reader kept as its own origin is left out on both sides)."""
    read = {i for g in groups for i in g}
    origins = [[i for i in g if i in read] for g in gold["origins"]]
    origins = [g for g in origins if g]
    ids = {i for g in origins for i in g}
    want, got = same_pairs(origins, ids), same_pairs(groups, ids)
    counts["pairs_gold"] += len(want)
    counts["pairs_pred"] += len(got)
    counts["pairs_ok"] += len(want & got)
    counts["clusters"] += 1
    counts["count_exact"] += len(origins) == len([g for g in groups if set(g) & ids])
    for pair, value in overlaps.items():
        if not set(pair) <= ids:
            continue
        band = next(name for low, high, name in BANDS if low <= value < high)
        if pair in want:
            counts[f"{band}_same"] += 1
            counts[f"{band}_same_found"] += pair in got
        else:
            counts[f"{band}_diff"] += 1
            counts[f"{band}_diff_joined"] += pair in got


def figures(c: dict[str, int]) -> dict[str, float | int]:
    """Ratios of one scoring pass."""
    p, r = _ratio(c["pairs_ok"], c["pairs_pred"]), _ratio(c["pairs_ok"], c["pairs_gold"])
    out: dict[str, float | int] = {
        "same_origin_precision": p, "same_origin_recall": r,
        "same_origin_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "same_origin_pairs_gold": c["pairs_gold"], "same_origin_pairs_predicted": c["pairs_pred"],
        "independent_count_exact": _ratio(c["count_exact"], c["clusters"]), "clusters": c["clusters"],
    }
    for _, _, band in BANDS:
        out[f"recall_{band}_overlap"] = _ratio(c[f"{band}_same_found"], c[f"{band}_same"])
        out[f"same_pairs_{band}_overlap"] = c[f"{band}_same"]
        out[f"false_joins_{band}_overlap"] = c[f"{band}_diff_joined"]
    return out


def _ratio(a: int, b: int) -> float:
    """a / b, 0 when b is 0."""
    return round(a / b, 3) if b else 0.0


# --- gold --------------------------------------------------------------------------------------

def load_gold() -> list[dict]:
    """Every gold cluster of the origin gold."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]


def gold_path(key: str) -> Path:
    """Where a cluster's origin gold lives ("g5w1h:35" -> g5w1h_35.json)."""
    return GOLD / f"{key.replace(':', '_')}.json"


def note_overlaps() -> None:
    """Write the 5-gram overlap of every pair into each gold file (figures only)."""
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        overlaps = cluster_overlaps(load_cluster(gold["cluster"]))
        gold["pairs"] = [[x, y, value] for (x, y), value in sorted(overlaps.items())]
        path.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(overlaps)} pairs")


# --- main --------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    """Score crosswire and the overlap baseline; or one of the reading aids (see the docstring)."""
    if not (SHARED / "data").exists():
        print(f"skipped: {SHARED / 'data'} not found (benchmarks read ../shared/data at run time)")
        return 0
    if argv[:1] == ["pairs"] and len(argv) == 2:
        for (x, y), value in sorted(cluster_overlaps(load_cluster(argv[1])).items()):
            print(f"{x}  {y}  {value:.3f}")
        return 0
    if argv[:1] == ["candidates"]:
        return _candidates(int(argv[1]) if len(argv) > 1 else 20)
    if argv[:1] == ["note-overlaps"]:
        note_overlaps()
        return 0
    return _score_all("--show" in argv, "--final" in argv)


def _score_all(show: bool, final: bool) -> int:
    """The benchmark: crosswire and the baseline on the development and held-out clusters."""
    golds = load_gold()
    runs = []
    start = time.process_time()
    for gold in golds:
        articles = load_cluster(gold["cluster"])
        overlaps = {(x, y): v for x, y, v in gold.get("pairs", [])} or cluster_overlaps(articles)
        groups = crosswire_groups(articles)
        runs.append((gold, groups, overlaps))
        if show and not held_out(gold["cluster"]):
            _show(gold, groups)
    seconds = time.process_time() - start
    dev = [r for r in runs if not held_out(r[0]["cluster"])]
    best = max(BASELINE_THRESHOLDS, key=lambda t: _baseline_f1(dev, t))
    results = {}
    for part, chosen in (("dev", dev), ("held_out", [r for r in runs if held_out(r[0]["cluster"])])):
        ours, base = new_counts(), new_counts()
        for gold, groups, overlaps in chosen:
            score(gold, groups, overlaps, ours)
            ids = [i for g in groups for i in g]
            score(gold, baseline_groups(ids, overlaps, best), overlaps, base)
        results[part] = {"crosswire": figures(ours), "baseline": figures(base)}
    rows = [[name, results["dev"]["crosswire"][name], results["dev"]["baseline"][name]]
            + ([results["held_out"]["crosswire"][name], results["held_out"]["baseline"][name]] if final else [])
            for name in results["dev"]["crosswire"]]
    print_table(f"Origins on real news: {len(dev)} development clusters, {len(runs) - len(dev)} held-out; "
                f"baseline: 5-gram overlap >= {best} (best on dev)",
                ["measure", "crosswire dev", "baseline dev"]
                + (["crosswire held-out", "baseline held-out"] if final else []), rows)
    if not final:
        print("(held-out figures are written to the JSON and printed with --final only: never tune on them)")
    print(f"CPU seconds, reuse detection and origin grouping: {seconds:.1f}; peak memory {peak_memory_mb():.0f} MB")
    write_results("real_origins", {**results, "baseline_threshold": best})
    return 0


def _baseline_f1(runs: list[tuple[dict, list[list[str]], dict]], threshold: float) -> float:
    """The baseline's same-origin F1 over ``runs`` at one threshold."""
    counts = new_counts()
    for gold, groups, overlaps in runs:
        score(gold, baseline_groups([i for g in groups for i in g], overlaps, threshold), overlaps, counts)
    return float(figures(counts)["same_origin_f1"])


def _show(gold: dict, groups: list[list[str]]) -> None:
    """Print a development cluster's gold and crosswire origins when they differ."""
    ids = {i for g in gold["origins"] for i in g}
    ours = sorted(sorted(i for i in g if i in ids) for g in groups if set(g) & ids)
    if ours != sorted(sorted(g) for g in gold["origins"]):
        print(f"{gold['cluster']}: gold {sorted(sorted(g) for g in gold['origins'])}\n"
              f"{' ' * len(gold['cluster'])}  ours {ours}")


def _candidates(limit: int) -> int:
    """Multi-News dev clusters (3+ articles) holding a pair with 5-gram overlap >= 0.3: likely
    one wire story carried by several sites. Printed for annotators; the gold is written by reading."""
    done = {g["cluster"] for g in load_gold()}
    shown = 0
    for idx in all_multi_news_keys():
        key = f"mn:{idx}"
        if key in done:
            continue
        overlaps = cluster_overlaps(load_cluster(key))
        top = max(overlaps.values(), default=0.0)
        if top >= 0.3:
            print(f"{key}  pairs {len(overlaps)}  top overlap {top:.2f}  {'held-out' if held_out(key) else 'dev'}")
            shown += 1
            if shown == limit:
                break
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
