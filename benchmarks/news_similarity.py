"""Same-story pair scoring on SemEval-2022 Task 8 (English-English pairs): Pearson with -Overall.

Run: nice -n 10 .venv/bin/python benchmarks/news_similarity.py
`Overall` runs from 1 (same story) to 4 (unrelated), so we correlate scores with -Overall.
Baseline in the same run: plain TF-IDF (sublinear tf, English stop words) cosine. The pairs
carry no titles or dates, so our score is the TF-IDF cosine with the shared names' part capped
(similarity.NAME_SHARE_CAP: names alone cannot make two reports one event), which costs Pearson
here: the graded "same story" pairs often share more names than words. For reference, also in
the same run: the cosine of all-MiniLM-L6-v2 embeddings (crosswire.embeddings, int8, first 128
tokens of each text; not part of the default score, it costs 12-130 ms per text on this CPU) and
an a-priori 50/50 mix of it with our score, and our pair score with the opt-in semantic signal
(Settings.semantic: the same vectors scale the TF-IDF score, similarity.mix_semantic). Pass
--no-embeddings to skip those rows.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import data_dir, peak_memory_mb, print_table, write_results

from crosswire.records import Article
from crosswire.stories.similarity import build_features, score_pairs

PUBLISHED_BEST = 0.818  # SemEval-2022 Task 8 winner, all languages, full texts


def load_pairs() -> list[tuple[str, str, float]]:
    """(text1, text2, Overall) for every English-English pair of both CSV files."""
    pairs = []
    folder = data_dir("news-similarity")
    for name in ("training_set.csv", "testing_set.csv"):
        with open(folder / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["lang1"] == row["lang2"] == "en" and row["text1"].strip() and row["text2"].strip():
                    pairs.append((row["text1"], row["text2"], float(row["Overall"])))
    return pairs


def pearson(xs: list[float], ys: list[float]) -> float:
    """Pearson correlation coefficient."""
    import numpy as np

    return float(np.corrcoef(np.asarray(xs), np.asarray(ys))[0, 1])


def main() -> None:
    """Score every pair with ours and the baseline; print and save the correlations."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    pairs = load_pairs()
    texts = [t for a, b, _ in pairs for t in (a, b)]
    articles = [Article(id=str(n), source_path="", title="", text=t) for n, t in enumerate(texts)]
    rows, cols = np.arange(0, len(texts), 2), np.arange(1, len(texts), 2)
    ours = score_pairs(build_features(articles), rows, cols).tolist()
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    baseline = np.asarray(matrix[rows].multiply(matrix[cols]).sum(axis=1)).ravel().tolist()
    target = [-overall for _, _, overall in pairs]
    figures = {"pairs": len(pairs), "crosswire_pearson": pearson(ours, target),
               "baseline_tfidf_pearson": pearson(baseline, target), "published_best_all_languages": PUBLISHED_BEST}
    table = [["crosswire pair score", figures["crosswire_pearson"]],
             ["baseline TF-IDF cosine", figures["baseline_tfidf_pearson"]]]
    if "--no-embeddings" not in sys.argv:
        from crosswire.embeddings import embed

        started = time.perf_counter()
        vectors = embed(texts)
        figures["embedding_seconds_per_text"] = (time.perf_counter() - started) / len(texts)
        cosine = np.einsum("ij,ij->i", vectors[rows], vectors[cols])
        figures["embedding_pearson"] = pearson(cosine.tolist(), target)
        figures["mix_50_50_pearson"] = pearson((0.5 * np.asarray(ours) + 0.5 * cosine).tolist(), target)
        features = build_features(articles)
        features.semantic = vectors  # first 128 tokens; semantic_vectors' first 100 words are about the same
        figures["crosswire_semantic_pearson"] = pearson(score_pairs(features, rows, cols).tolist(), target)
        table += [["MiniLM-L6 int8 cosine, first 128 tokens", figures["embedding_pearson"]],
                  ["50/50 mix: ours + MiniLM cosine", figures["mix_50_50_pearson"]],
                  ["crosswire pair score, semantic", figures["crosswire_semantic_pearson"]]]
    figures["peak_memory_mb"] = peak_memory_mb()
    print_table(f"News similarity, {len(pairs)} en-en pairs: Pearson with -Overall", ["system", "Pearson"],
                table + [["published best (all languages)", PUBLISHED_BEST]])
    write_results("news_similarity", figures)


if __name__ == "__main__":
    main()
