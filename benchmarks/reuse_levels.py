"""Text reuse level (Clough & Stevenson): cut / light / heavy / non, ours beside a containment + LCS baseline.

Run: .venv/bin/python benchmarks/reuse_levels.py
Each answer is compared with its task's source text. Three systems, one run, the same
leave-one-out folds:
- baseline: word 1-3-gram containment + longest common subsequence, logistic regression;
- crosswire (shipped rule): the fixed relation crosswire outputs, mapped verbatim->cut,
  edited->light, rewritten->heavy, quoted/no link->non (nothing trained on this corpus);
- crosswire features + LR: the aligner's features (plus the baseline's), logistic regression,
  cross-validated with the same leave-one-out folds.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import data_dir, peak_memory_mb, print_table, write_results

from crosswire import align
from crosswire.records import EDITED, REWRITTEN, VERBATIM
from crosswire.text import words

CLASSES = ["cut", "light", "heavy", "non"]
RELATION_CLASS = {VERBATIM: "cut", EDITED: "light", REWRITTEN: "heavy"}
# The aligner's features given to the classifier beside the baseline's four: how similar each
# answer sentence's best source sentence is (words; skeleton), how much lies in long shared runs,
# and how many content words aligned sentences keep. (Chosen before the final run; with 19
# light and 19 heavy answers, larger sets overfit.)
FEATURES = ["mean_best_lex_b", "mean_best_skel_b", "long_cover_b", "retention"]
# One setting for both classifiers (standardised features, C=10).
LR_C = 10.0


def load(root: Path) -> list[tuple[str, str, str, str]]:
    """(file, category, answer text, source text) for every answer."""
    sources = {p.stem.split("_task")[1]: p.read_text(encoding="utf-8", errors="replace")
               for p in root.glob("orig_task*.txt")}
    rows = []
    with open(root / "file_information.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Category"] in CLASSES:
                text = (root / row["File"]).read_text(encoding="utf-8", errors="replace")
                rows.append((row["File"], row["Category"], text, sources[row["Task"]]))
    return rows


def containment(answer: list[str], source: list[str], n: int) -> float:
    """Share of the answer's word n-grams that occur in the source."""
    grams = {tuple(answer[k:k + n]) for k in range(len(answer) - n + 1)}
    other = {tuple(source[k:k + n]) for k in range(len(source) - n + 1)}
    return len(grams & other) / len(grams) if grams else 0.0


def lcs_ratio(answer: list[str], source: list[str]) -> float:
    """Longest common word subsequence, over the answer's length."""
    from rapidfuzz.distance import LCSseq

    vocab: dict[str, str] = {}
    code = [vocab.setdefault(w, chr(0x100 + len(vocab))) for w in answer]
    other = [vocab.setdefault(w, chr(0x100 + len(vocab))) for w in source]
    return LCSseq.similarity("".join(code), "".join(other)) / max(1, len(answer))


def baseline_features(answer: str, source: str) -> list[float]:
    """The baseline's features: containment of 1-, 2-, 3-grams and the LCS ratio."""
    a, s = words(answer), words(source)
    return [containment(a, s, 1), containment(a, s, 2), containment(a, s, 3), lcs_ratio(a, s)]


def loo_accuracy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Leave-one-out predictions of a standardised logistic regression."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import LeaveOneOut, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(C=LR_C, max_iter=3000))
    return cross_val_predict(model, x, y, cv=LeaveOneOut())


def scores(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """4-class accuracy, binary (any reuse vs none) accuracy, light-vs-heavy accuracy."""
    four = float(np.mean(truth == predicted))
    binary = float(np.mean((truth == "non") == (predicted == "non")))
    mask = np.isin(truth, ["light", "heavy"])
    return four, binary, float(np.mean(truth[mask] == predicted[mask]))


def main() -> None:
    """Run the three systems and print/write their figures."""
    rows = load(data_dir("text-reuse-levels"))
    started = time.perf_counter()
    truth, base, ours, shipped = [], [], [], []
    for _, category, answer, source in rows:
        result = align.align(align.profile("source", source), align.profile("answer", answer))
        truth.append(category)
        base.append(baseline_features(answer, source))
        ours.append([result.features.get(k, 0.0) for k in FEATURES] + base[-1])
        shipped.append(RELATION_CLASS.get(result.relation or "", "non"))
    seconds = time.perf_counter() - started
    y = np.array(truth)
    systems = {
        "baseline: containment+LCS, LR (LOO)": loo_accuracy(np.array(base), y),
        "crosswire shipped rule (fixed, untrained)": np.array(shipped),
        "crosswire features + LR (LOO)": loo_accuracy(np.array(ours), y),
    }
    table = [[name, *scores(y, pred)] for name, pred in systems.items()]
    print_table(f"Text reuse levels, {len(rows)} answers (Clough & Stevenson)",
                ["system", "4-class acc", "binary acc", "light-vs-heavy acc"], table)
    confusion = {name: {c: {d: int(np.sum((y == c) & (pred == d))) for d in CLASSES} for c in CLASSES}
                 for name, pred in systems.items()}
    write_results("reuse_levels", {
        "answers": len(rows), "folds": "leave-one-out",
        "systems": {row[0]: {"four_class": row[1], "binary": row[2], "light_vs_heavy": row[3]} for row in table},
        "confusion (truth -> predicted)": confusion,
        "align_seconds": round(seconds, 2), "peak_memory_mb": round(peak_memory_mb(), 1),
        "targets": {"four_class": 0.85, "binary": 0.98},
    })


if __name__ == "__main__":
    main()
