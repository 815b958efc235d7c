"""Batch clustering at scale: time and peak memory on replicated, perturbed Multi-News clusters.

Run: nice -n 10 .venv/bin/python benchmarks/cluster_scale.py [max_articles]   (default 100000)
Each Multi-News cluster becomes a story; copies of it get a shifted date (one story every ~10
minutes over the years) and lose a random 15% of their words, so copies are near, not exact,
duplicates. Sizes double from 12,500 up to the maximum, each in a fresh process so peak memory is
per size. Two modes: the default (semantic signal on) and the fast mode (Settings.semantic off).
Embedding is per-article work like extraction (12-50 ms an article on one thread, measured by
benchmarks/clustering.py) and is left out of the semantic mode's time here: the first copy of each
Multi-News document is embedded once, before the runs, and every copy gets its first copy's vector
(seeded into the embedding cache), so the run times the clustering with its vectors in hand. The
baseline beside it is the first-pass clusterer's core step (TF-IDF plus one sparse all-pairs
product), timed at 12,500 articles.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import data_dir, peak_memory_mb, print_table, write_results

DROP_WORDS = 0.15  # share of words each copy loses (perturbation)
MINUTES_PER_STORY = 10  # story start dates advance this much per story: ~150 stories a day
BASELINE_MAX = 12_500  # the all-pairs baseline is only timed up to this size (time box of this run)
VECTORS = Path(tempfile.gettempdir()) / "crosswire_cluster_scale_vectors.npz"  # first copies' embeddings


def synthetic_corpus(size: int, seed: int = 0):
    """``size`` articles from replicated Multi-News clusters with shifted dates; and the gold labels."""
    from crosswire.records import Article

    clusters = []
    with open(data_dir("multi-news-dev") / "dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            docs = [d for d in json.loads(line)["raw_document"] if d.strip()]
            if docs:
                clusters.append(docs)
    rng = random.Random(seed)
    start = datetime(2020, 1, 1)
    articles, gold, story = [], {}, 0
    while len(articles) < size:
        docs = clusters[story % len(clusters)]
        base = start + timedelta(minutes=MINUTES_PER_STORY * story)
        for n, doc in enumerate(docs):
            if len(articles) >= size:
                break
            words = [w for w in doc.split() if rng.random() > DROP_WORDS]
            published = (base + timedelta(hours=rng.randint(0, 48))).isoformat()
            article_id = f"a{story}-{n}"
            articles.append(Article(id=article_id, source_path="", title=" ".join(words[:12]),
                                    text=" ".join(words[12:]), published=published))
            gold[article_id] = str(story)
        story += 1
    return articles, gold


def _first_copies(articles) -> dict[str, object]:
    """The semantic text of the first copy of each Multi-News document (``a<story>-<n>``), by document key."""
    from crosswire.stories.similarity import semantic_text

    stories, count = {}, _cluster_count()
    for article in articles:
        story, n = article.id[1:].split("-")
        stories.setdefault((int(story) % count, n), article)
    return {f"{c}-{n}": semantic_text(a) for (c, n), a in stories.items()}


def _cluster_count() -> int:
    """How many Multi-News clusters the synthetic corpus cycles through."""
    with open(data_dir("multi-news-dev") / "dev.jsonl", encoding="utf-8") as handle:
        return sum(1 for line in handle if any(d.strip() for d in json.loads(line)["raw_document"]))


def prepare_vectors(size: int) -> None:
    """Embed the first copy of every document used up to ``size`` articles, once, into VECTORS."""
    import numpy as np

    from crosswire.embeddings import embed

    texts = _first_copies(synthetic_corpus(size)[0])
    keys = sorted(texts)
    np.savez(VECTORS, keys=np.array(keys), vectors=embed([texts[k] for k in keys]))


def seed_vectors(articles) -> None:
    """Give every article its first copy's vector, in the embedding cache (see the module docstring)."""
    import numpy as np

    from crosswire import embeddings
    from crosswire.stories.similarity import semantic_text

    saved = np.load(VECTORS)
    vectors = dict(zip(saved["keys"].tolist(), saved["vectors"]))
    count = _cluster_count()
    embeddings.CACHE_TEXTS = max(embeddings.CACHE_TEXTS, 2 * len(articles))
    seeded = {}
    for article in articles:
        story, n = article.id[1:].split("-")
        seeded[semantic_text(article)] = vectors[f"{int(story) % count}-{n}"]
    embeddings.remember(seeded)


def measure(size: int, system: str) -> dict:
    """Time one system on one size (called in a child process)."""
    from clustering import bcubed

    from crosswire.stories.cluster import cluster_stories

    articles, gold = synthetic_corpus(size)
    if system == "crosswire":
        seed_vectors(articles)
    started, cpu = time.perf_counter(), time.process_time()
    if system.startswith("crosswire"):
        stories = cluster_stories(articles, [], semantic=system == "crosswire")
        seconds = time.perf_counter() - started
        predicted = {i: s.id for s in stories for i in s.articles}
        f1 = bcubed(predicted, gold)[2]
    else:
        from sklearn.feature_extraction.text import TfidfVectorizer

        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
            [f"{a.title}\n{a.text}" for a in articles])
        _ = (matrix @ matrix.T).nnz
        seconds, f1 = time.perf_counter() - started, None
    return {"system": system, "articles": size, "seconds": seconds, "cpu_seconds": time.process_time() - cpu,
            "load_average": os.getloadavg()[0], "peak_memory_mb": peak_memory_mb(),
            "bcubed_f1": f1}


def _growth_exponent(sizes: list[int], seconds: list[float]) -> float:
    """The slope of log(time) against log(size): 1 is linear growth, 2 quadratic."""
    import numpy as np

    if len(sizes) < 2:
        return float("nan")
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def main() -> None:
    """Run every size in a child process; print the growth table and save it."""
    if sys.argv[1:2] == ["--prepare"]:  # in a child process too: the model would count in the runs' peak memory
        prepare_vectors(int(sys.argv[2]))
        return
    if len(sys.argv) > 2:  # one size in a child process (see below)
        print(json.dumps(measure(int(sys.argv[1]), sys.argv[2])))
        return
    if len(sys.argv) > 1 and not sys.argv[1].isdigit():
        print(__doc__.strip().splitlines()[2] if sys.argv[1] in ("-h", "--help")
              else f"error: max_articles must be a whole number, not {sys.argv[1]!r}")
        sys.exit(0 if sys.argv[1] in ("-h", "--help") else 2)
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    data_dir("multi-news-dev")
    sizes, size = [], 12_500
    while size < largest:
        sizes.append(size)
        size *= 2
    sizes.append(largest)
    subprocess.run([sys.executable, __file__, "--prepare", str(largest)], check=True)
    runs = []
    for size in sizes:
        for system in ("crosswire", "crosswire fast mode", "baseline all-pairs"):
            if system.startswith("baseline") and size > BASELINE_MAX:
                continue
            out = subprocess.run([sys.executable, __file__, str(size), system], capture_output=True, text=True,
                                 check=True).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
            print(runs[-1], flush=True)
    rows = [[r["system"], r["articles"], r["seconds"], r["cpu_seconds"], r["articles"] / r["seconds"],
             r["peak_memory_mb"], r["bcubed_f1"] if r["bcubed_f1"] is not None else "-"] for r in runs]
    print_table("Batch clustering at scale (2 shared cores; wall and CPU seconds)",
                ["system", "articles", "wall s", "cpu s", "articles/s", "peak MB", "F1"], rows)
    exponents = {}
    for system in ("crosswire", "crosswire fast mode"):
        ours = [r for r in runs if r["system"] == system]
        exponents[system] = _growth_exponent([r["articles"] for r in ours], [r["cpu_seconds"] for r in ours])
        print(f"{system}: CPU time grows as n^{exponents[system]:.2f} (least squares on log-log)")
    write_results("cluster_scale", {"runs": runs, "cpu_time_exponent": exponents,
                                    "embedding": "excluded: vectors seeded (see the module docstring)"})


if __name__ == "__main__":
    main()
