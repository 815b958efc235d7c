"""Entity typing on real news: crosswire's entities against a typing gold made by reading.

The gold (``benchmarks/data/real_entities/*.json``, format, sampling and type definitions in its
README) types a fixed sample of up to 12 entities per real cluster of the facts gold (the same 42
clusters of ``../shared/data``, loaded by ``real_news.py``) as PERSON, PLACE, ORG, OTHER_NAME or
NOT_A_NAME. Each cluster is run through crosswire's per-story stages as ``real_facts.py`` does,
each gold entry is matched to crosswire's entity by folded name or alias, and scored:

- typed correct: the share of the gold's real names (PERSON/PLACE/ORG) whose entity has that type
  (crosswire's GPE/LOC/FAC count as PLACE; MISC, an untyped entity, and a name no longer found
  count as wrong);
- per-class accuracy: the same for each gold class, OTHER_NAME included (every label other than
  PERSON, GPE/LOC/FAC, ORG and MISC counts as OTHER_NAME);
- junk kept: the share of NOT_A_NAME entries still reported as entities (one no longer found was
  dropped);
- real names lost: gold real names no longer found; untyped: found real names typed MISC.

The sample was drawn from crosswire's own entities (commit d649a4a), so there crosswire keeps every
non-name and loses no real name by construction: those two figures measure later changes.

Baseline from the same run: spaCy's own label (``crosswire.facts.nlp.entity_labels``) on the first
whole sentence (articles in cluster order, title first) holding one of the entry's forms, taken
from the spaCy entity equal to the form or overlapping it word for word (for a NOT_A_NAME entry,
only an equal one: a fragment inside spaCy's whole name is not kept), in the same mapping; no such
entity means the baseline does not report the name. The clusters ``real_news.held_out`` sets
aside are scored apart and printed only with ``--final``; ``--show`` prints the development
entries crosswire gets wrong.

    nice -n 10 .venv/bin/python benchmarks/real_entities.py [--show] [--final]
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, SHARED, peak_memory_mb, print_table, write_results
from real_news import held_out

from crosswire.facts.entities import fold
from crosswire.records import Article, Entity
from crosswire.text import sentences

GOLD = ROOT / "benchmarks" / "data" / "real_entities"
REAL = ("PERSON", "PLACE", "ORG")
CLASSES = (*REAL, "OTHER_NAME")
JUNK = "NOT_A_NAME"
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def mapped(label: str | None) -> str | None:
    """A crosswire or spaCy label in the gold's classes: PLACE for GPE/LOC/FAC, MISC and None
    unchanged (untyped / not reported), OTHER_NAME for any other label."""
    if label is None or label in ("PERSON", "ORG", "MISC"):
        return label
    return "PLACE" if label in _PLACE_LABELS else "OTHER_NAME"


def forms(entry: dict) -> list[str]:
    """The gold entry's name and aliases, folded, without empties or repeats (name first)."""
    out: list[str] = []
    for name in [entry["name"], *entry.get("aliases", [])]:
        f = fold(name)
        if f and f not in out:
            out.append(f)
    return out


def match_entity(entry: dict, entities: list[Entity]) -> Entity | None:
    """crosswire's entity for a gold entry: one whose name folds to the entry's name, else one whose
    name or alias folds to the entry's name, else to one of its aliases, else (a real name only) one
    named by the entry's last two or more words, the form less a descriptive title that crosswire
    strips ("Actress Uma Thurman" is the person "Uma Thurman"); None when none does."""
    wanted = forms(entry)
    if not wanted:
        return None
    words = wanted[0].split()
    tails = {" ".join(words[k:]) for k in range(1, len(words) - 1)} if entry["type"] != JUNK else set()
    for rank in range(4):
        for entity in entities:
            own = fold(entity.name)
            names = {own, *(fold(a) for a in entity.aliases)}
            if (rank == 0 and own == wanted[0]) or (rank == 1 and wanted[0] in names) or (
                    rank == 2 and names & set(wanted[1:])) or (rank == 3 and own in tails):
                return entity
    return None


# --- baseline ----------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    """Folded words of a name, a leading article dropped."""
    words = fold(text).split()
    return words[1:] if words[:1] == ["the"] else words


def _inside(small: list[str], big: list[str]) -> bool:
    """True when ``small`` occurs as consecutive words of ``big``."""
    n = len(small)
    return n > 0 and any(big[i:i + n] == small for i in range(len(big) - n + 1))


def baseline_label(entry: dict, articles: list[Article]) -> str | None:
    """spaCy's label for the entry on the first sentence holding one of its surface forms (case kept,
    then ignored: some corpora are lower-cased), or None when spaCy reports no entity there.

    A real name takes the label of a spaCy entity equal to a form or overlapping it (spaCy's span
    may drop a glued title or add one); a non-name counts as reported only when a spaCy entity is
    exactly that string (a fragment inside spaCy's whole "U.S. Securities and Exchange Commission"
    is not a kept fragment)."""
    from crosswire.facts.nlp import entity_labels

    surfaces = [n for n in [entry["name"], *entry.get("aliases", [])] if n.strip()]
    texts = [s for a in articles for s in ([a.title] if a.title else []) + sentences(a.text)]
    for flags in (0, re.IGNORECASE):
        patterns = [re.compile(r"(?<!\w)" + re.escape(n) + r"(?!\w)", flags) for n in surfaces]
        sentence = next((s for s in texts if any(p.search(s) for p in patterns)), None)
        if sentence is not None:
            break
    else:
        return None
    labels = entity_labels([sentence])[0]
    want = [_words(n) for n in surfaces]
    exact = [label for text, label in labels if _words(text) in want]
    if exact or entry["type"] == JUNK:
        return exact[0] if exact else None
    overlap = [(len(_words(text)), label) for text, label in labels
               if any(_inside(w, _words(text)) or _inside(_words(text), w) for w in want)]
    return max(overlap)[1] if overlap else None


# --- scoring -----------------------------------------------------------------------------------

def new_counts() -> dict[str, int]:
    """Zeroed counters of one scoring pass."""
    counts = dict.fromkeys(["real", "real_ok", "real_lost", "real_untyped", "junk", "junk_kept", "mixed"], 0)
    for c in CLASSES:
        counts[f"{c}_gold"] = counts[f"{c}_ok"] = 0
    return counts


def score_entry(entry: dict, label: str | None, counts: dict[str, int]) -> bool:
    """Add one gold entry, given the label the system reports for it (None: not reported); True
    when the system is right (the real type, or a non-name dropped)."""
    gold = entry["type"]
    got = mapped(label)
    counts["mixed"] += bool(entry.get("mixed"))
    if gold == JUNK:
        counts["junk"] += 1
        counts["junk_kept"] += got is not None
        return got is None
    counts[f"{gold}_gold"] += 1
    counts[f"{gold}_ok"] += got == gold
    if gold in REAL:
        counts["real"] += 1
        counts["real_ok"] += got == gold
        counts["real_lost"] += got is None
        counts["real_untyped"] += got == "MISC"
    return got == gold


def figures(counts: dict[str, int]) -> dict[str, float | int]:
    """Ratios and counts of one scoring pass."""
    r = _ratio
    return {
        "typed_correct_real_names": r(counts["real_ok"], counts["real"]), "real_names": counts["real"],
        **{f"accuracy_{c.lower()}": r(counts[f"{c}_ok"], counts[f"{c}_gold"]) for c in CLASSES},
        "junk_kept_rate": r(counts["junk_kept"], counts["junk"]), "junk_gold": counts["junk"],
        "real_names_lost": counts["real_lost"], "real_names_untyped": counts["real_untyped"],
        **{f"{c.lower()}_gold": counts[f"{c}_gold"] for c in CLASSES},
    }


def _ratio(a: int, b: int) -> float:
    """a / b, 0 when b is 0."""
    return round(a / b, 3) if b else 0.0


def load_gold() -> list[dict]:
    """Every gold cluster file (not the sample list)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json")) if p.name != "sample.json"]


# --- main --------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    """Score crosswire and the baseline on the development and held-out clusters; save the figures."""
    if not (SHARED / "data").exists():
        print(f"skipped: {SHARED / 'data'} not found (benchmarks read ../shared/data at run time)")
        return 0
    from real_facts import run_cluster

    show = "--show" in argv
    passes = {name: {"crosswire": new_counts(), "baseline": new_counts()} for name in ("dev", "held_out")}
    sizes = {"dev": [0, 0], "held_out": [0, 0]}
    seconds = 0.0
    for gold in load_gold():
        part = "held_out" if held_out(gold["cluster"]) else "dev"
        start = time.process_time()
        articles, story = run_cluster(gold["cluster"])
        seconds += time.process_time() - start
        sizes[part][0] += 1
        sizes[part][1] += len(gold["entities"])
        for entry in gold["entities"]:
            entity = match_entity(entry, story.entities)
            ok = score_entry(entry, entity.type if entity else None, passes[part]["crosswire"])
            score_entry(entry, baseline_label(entry, articles), passes[part]["baseline"])
            if show and part == "dev" and not ok:
                print(f"{gold['cluster']}  {entry['name']!r}: gold {entry['type']}, crosswire "
                      f"{entity.type + ' ' + repr(entity.name) if entity else 'dropped'}")
    results = {part: {"clusters": sizes[part][0], "entries": sizes[part][1],
                      **{who: figures(c) for who, c in counts.items()}} for part, counts in passes.items()}
    final = "--final" in argv  # the held-out third is printed only for a final measurement
    rows = [[name, results["dev"]["crosswire"][name], results["dev"]["baseline"][name]]
            + ([results["held_out"]["crosswire"][name], results["held_out"]["baseline"][name]] if final else [])
            for name in results["dev"]["crosswire"]]
    print_table(f"Entity typing on real news: {sizes['dev'][0]} development clusters ({sizes['dev'][1]} gold "
                f"entries), {sizes['held_out'][0]} held-out ({sizes['held_out'][1]}); baseline: spaCy's label "
                "on the first sentence naming it",
                ["measure", "crosswire dev", "baseline dev"]
                + (["crosswire held-out", "baseline held-out"] if final else []), rows)
    if not final:
        print("(held-out figures are written to the JSON and printed with --final only: never tune on them)")
    print(f"CPU seconds, whole per-story stage incl. provenance: {seconds:.1f}; peak memory {peak_memory_mb():.0f} MB")
    write_results("real_entities", {**results, "peak_memory_mb": round(peak_memory_mb(), 1)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
