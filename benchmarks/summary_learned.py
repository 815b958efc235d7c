"""Could a trained sentence scorer beat our fixed one? A diagnostic on Multi-News dev, not a system.

Our briefing scores sentences with a few fixed weights (``crosswire.briefing.write.Weights``). This
benchmark asks whether the sentence features we can compute hold more than those weights use:
it trains a scorer on the references themselves (what the issue forbids for the briefing) and
measures it on clusters it was not trained on (5-fold cross-validation by cluster). Each model
predicts a sentence's bigram precision against the reference (the label of ``sentence_oracle`` in
``summary.py``) from the features of ``sentence_features``; the selection after scoring is ours
unchanged (MMR redundancy penalty, the same 300-word budget and reading order), so the rows differ
only in how sentences are scored.

    nice -n 10 .venv/bin/python benchmarks/summary_learned.py            # all 1,500 clusters
    nice -n 10 .venv/bin/python benchmarks/summary_learned.py --limit 300  # a quick run
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import numpy as np
from _common import print_table, write_results
from rouge_score import rouge_scorer
from scipy.stats import spearmanr
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import LinearRegression
from summary import (
    CachedRougeTokenizer,
    PysbdTokenizer,
    articles_of,
    bigram_counts,
    bigram_precision,
    corpus_links,
    load_clusters,
    ours,
    sumy_summary,
    truncate,
)
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from crosswire.briefing.support import ArticleIndex, stem
from crosswire.briefing.write import (
    _ATTRIBUTED,
    _DANGLING,
    POSITION_HALF_LIFE,
    Candidate,
    Weights,
    _centrality,
    _corroboration,
    _in_reading_order,
    _origin_of,
    _score,
    _select,
    _vectors,
    candidate_sentences,
)
from crosswire.embeddings import embed
from crosswire.provenance import reuse as provenance
from crosswire.text import stop_words, words

FOLDS = 5
FEATURES = ("our score", "centrality", "lead prior", "corroboration", "attributed", "quotation", "words",
            "sentence number", "share of article read", "leans on the sentence before", "capitalised share",
            "best cosine to another article", "mean cosine to the story", "bigrams: share of other articles",
            "bigrams: found in another article", "content words: share of other articles",
            "content words: found in another article", "content-word share")
# With --semantic: the same questions asked of MiniLM sentence vectors (crosswire.embeddings).
SEMANTIC_FEATURES = ("MiniLM: cosine to the story's mean", "MiniLM: best cosine to another article",
                     "MiniLM: mean cosine to the story")


@dataclass
class Story:
    """One cluster's candidates, what selection needs, their features and labels."""

    candidates: list[Candidate]
    sim: np.ndarray
    ours: np.ndarray  # our fixed score per candidate (-inf: off-topic, never chosen)
    features: np.ndarray
    labels: np.ndarray
    reference: str


def sentence_features(candidates: list[Candidate], vectors, sim: np.ndarray, origin_of: dict[str, int],
                      indexes: dict[str, ArticleIndex]) -> np.ndarray:
    """One row per candidate: the FEATURES, all computed from the story's own text (no reference)."""
    centrality = _centrality(candidates, vectors, origin_of)
    corroboration = _corroboration(candidates, sim, origin_of, indexes)
    stops = stop_words()
    tokens = [[stem(w) for w in words(c.text)] for c in candidates]
    articles = sorted({c.article for c in candidates})
    bigrams = {a: set() for a in articles}
    content = {a: set() for a in articles}
    length = dict.fromkeys(articles, 0)
    for c, t in zip(candidates, tokens):
        bigrams[c.article] |= set(pairwise(t))
        content[c.article] |= {w for w in t if w not in stops}
        length[c.article] = max(length[c.article], c.index + 1)
    others = sim.copy()
    np.fill_diagonal(others, 0.0)
    rows = []
    for i, (c, t) in enumerate(zip(candidates, tokens)):
        rest = [a for a in articles if a != c.article]
        elsewhere = np.array([o.article != c.article for o in candidates])
        pair_share = _shares(list(pairwise(t)), rest, bigrams)
        word_share = _shares([w for w in t if w not in stops], rest, content)
        rows.append([c.score, centrality[i], 0.5 ** (c.index / POSITION_HALF_LIFE), corroboration[i],
                     bool(_ATTRIBUTED.search(c.text)), '"' in c.text or "\u201c" in c.text, c.words, c.index,
                     c.index / length[c.article], bool(_DANGLING.match(c.text)),
                     sum(w[:1].isupper() for w in c.text.split()) / c.words,
                     others[i][elsewhere].max() if elsewhere.any() else 0.0, others[i].mean(),
                     statistics.mean(pair_share), statistics.mean(s > 0 for s in pair_share),
                     statistics.mean(word_share), statistics.mean(s > 0 for s in word_share),
                     sum(w not in stops for w in t) / max(1, len(t))])
    return np.asarray(rows, dtype=float)


def _shares(items: list, rest: list[str], sets: dict[str, set]) -> list[float]:
    """For each item, the share of the ``rest`` articles whose set holds it ([0.0] when no item)."""
    if not items or not rest:
        return [0.0]
    return [sum(item in sets[a] for a in rest) / len(rest) for item in items]


def semantic_features(candidates: list[Candidate]) -> np.ndarray:
    """One row per candidate: the SEMANTIC_FEATURES (MiniLM vectors of the sentences)."""
    vectors = embed([c.text for c in candidates])
    mean = vectors.mean(axis=0)
    mean /= max(float(np.linalg.norm(mean)), 1e-9)
    cosines = vectors @ vectors.T
    np.fill_diagonal(cosines, 0.0)
    rows = []
    for i, c in enumerate(candidates):
        elsewhere = np.array([o.article != c.article for o in candidates])
        rows.append([float(vectors[i] @ mean), cosines[i][elsewhere].max() if elsewhere.any() else 0.0,
                     cosines[i].sum() / max(1, len(candidates) - 1)])
    return np.asarray(rows, dtype=float)


def prepare(cluster: dict, links, tokenizer: PysbdTokenizer, rouge_tokens: CachedRougeTokenizer,
            semantic: bool = False) -> Story | None:
    """Candidates, similarities, our scores, features and labels of one cluster (None: no candidate)."""
    articles = articles_of(cluster)
    candidates = candidate_sentences(articles)
    if not candidates:
        return None
    origins = provenance.origin_groups([a.id for a in articles], links, {a.id: a for a in articles})
    origin_of = _origin_of(articles, origins)
    vectors = _vectors(candidates)
    sim = (vectors @ vectors.T).toarray()
    indexes = {a.id: ArticleIndex(a) for a in articles}
    _score(candidates, vectors, sim, origin_of, indexes, [], Weights())
    scores = np.array([c.score for c in candidates])
    features = sentence_features(candidates, vectors, sim, origin_of, indexes)
    if semantic:
        features = np.hstack([features, semantic_features(candidates)])
    reference = "\n".join(tokenizer.to_sentences(cluster["summary"]))
    wanted = bigram_counts(rouge_tokens.tokenize(reference))
    labels = np.array([bigram_precision(rouge_tokens.tokenize(c.text), wanted) for c in candidates])
    return Story(candidates, sim, scores, features, labels, reference)


def select_with(story: Story, scores: np.ndarray) -> list[str]:
    """Our selection (MMR, budget, reading order) run on the given scores instead of ours."""
    for c, s in zip(story.candidates, scores):
        c.score = float(s)
    chosen = _select(story.candidates, story.sim, 300, Weights())
    return [c.text for c in _in_reading_order(chosen)]


def within_cluster_spearman(stories: list[Story], scores: list[np.ndarray]) -> float:
    """Mean rank correlation between a scorer and the label inside each cluster (4+ finite candidates)."""
    values = []
    for story, s in zip(stories, scores):
        ok = np.isfinite(story.ours)
        if ok.sum() >= 4 and np.ptp(s[ok]) > 0 and np.ptp(story.labels[ok]) > 0:
            values.append(spearmanr(s[ok], story.labels[ok]).statistic)
    return float(np.mean(values))


def cross_validated(stories: list[Story], make) -> list[np.ndarray]:
    """Scores of every story from a model trained on the other folds (contiguous blocks of clusters).

    Predictions are rescaled so that their spread over the training sentences equals our score's,
    so the redundancy penalty weighs the same against them; off-topic sentences stay excluded.
    """
    fold_of = [n * FOLDS // len(stories) for n in range(len(stories))]
    out: list[np.ndarray | None] = [None] * len(stories)
    for fold in range(FOLDS):
        train = [s for s, f in zip(stories, fold_of) if f != fold]
        x = np.vstack([s.features[np.isfinite(s.ours)] for s in train])
        y = np.concatenate([s.labels[np.isfinite(s.ours)] for s in train])
        model = make().fit(x, y)
        scale = np.std(x[:, 0]) / max(np.std(model.predict(x)), 1e-9)
        for n, (story, f) in enumerate(zip(stories, fold_of)):
            if f == fold:
                finite = np.isfinite(story.ours)
                scores = np.full(len(story.candidates), -np.inf)
                if finite.any():
                    scores[finite] = scale * model.predict(story.features[finite])
                out[n] = scores
    return out


def main() -> None:
    """Build every cluster's features, score them four ways, print and store ROUGE and rank correlations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    parser.add_argument("--semantic", action="store_true", help="add MiniLM sentence-vector features (slower)")
    args = parser.parse_args()
    features = FEATURES + SEMANTIC_FEATURES if args.semantic else FEATURES
    start = time.perf_counter()
    clusters = load_clusters(args.limit)
    tokenizer, rouge_tokens = PysbdTokenizer(), CachedRougeTokenizer()
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], tokenizer=rouge_tokens)
    lexrank = LexRankSummarizer(Stemmer("english"))
    lexrank.stop_words = get_stop_words("english")
    links, _ = corpus_links(clusters)
    stories: list[Story] = []
    lexrank_scores, ours_check = [], []
    for n, cluster in enumerate(clusters, start=1):
        story = prepare(cluster, links.get(cluster["id"], []), tokenizer, rouge_tokens, args.semantic)
        if story is None:
            continue
        stories.append(story)
        lexrank_scores.append(scorer.score(story.reference, "\n".join(truncate(sumy_summary(cluster, lexrank, tokenizer)))))
        ours_check.append(ours(articles_of(cluster), links.get(cluster["id"], []))[0])
        tokenizer.forget()
        if n % 300 == 0:
            print(f"{n}/{len(clusters)} clusters prepared", file=sys.stderr)
    scorers = {
        "crosswire (fixed weights)": [s.ours for s in stories],
        "linear regression on the features (5-fold CV, reads references)":
            cross_validated(stories, LinearRegression),
        "gradient boosting on the features (5-fold CV, reads references)":
            cross_validated(stories, lambda: HistGradientBoostingRegressor(max_iter=200, learning_rate=0.05,
                                                                           max_depth=4, random_state=0)),
    }
    figures: dict[str, dict] = {}
    rows = []
    for name, scores in scorers.items():
        summaries = [select_with(story, s) for story, s in zip(stories, scores)]
        if name.startswith("crosswire"):
            assert summaries == ours_check, "the fixed-weight row must be our briefing, unchanged"
        rouge = [scorer.score(story.reference, "\n".join(truncate(summary))) for story, summary in zip(stories, summaries)]
        figures[name] = _means(rouge) | {"within_cluster_spearman": round(within_cluster_spearman(stories, scores), 3)}
        rows.append([name, figures[name]["rouge1"], figures[name]["rouge2"], figures[name]["within_cluster_spearman"]])
    figures["sumy LexRank"] = _means(lexrank_scores)
    rows.append(["sumy LexRank", figures["sumy LexRank"]["rouge1"], figures["sumy LexRank"]["rouge2"], "-"])
    for k, name in enumerate(features):
        single = within_cluster_spearman(stories, [s.features[:, k] for s in stories])
        figures.setdefault("feature_within_cluster_spearman", {})[name] = round(single, 3)
    print_table(f"Multi-News dev, {len(stories)} clusters, 300-word outputs: fixed vs trained sentence scoring "
                "(F1 x 100; Spearman: scorer vs a sentence's bigram precision, inside each cluster)",
                ["scorer", "ROUGE-1", "ROUGE-2", "Spearman"], rows)
    print_table("Each feature alone (within-cluster Spearman with the label)", ["feature", "Spearman"],
                [[k, v] for k, v in figures["feature_within_cluster_spearman"].items()])
    write_results("summary_learned_semantic" if args.semantic else "summary_learned",
                  {"clusters": len(stories), "folds": FOLDS, "features": list(features), "scorers": figures,
                   "seconds": round(time.perf_counter() - start, 1)})


def _means(scores: list[dict]) -> dict[str, float]:
    """Mean ROUGE-1/2 F1 x 100 over clusters."""
    return {k: round(100 * statistics.mean(s[k].fmeasure for s in scores), 2) for k in ("rouge1", "rouge2")}


if __name__ == "__main__":
    main()
