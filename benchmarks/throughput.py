"""Throughput: end-to-end articles per second of the library pipeline, peak memory, growth with size.

Reads the articles of ``../shared/data/multi-news-dev/dev.jsonl`` (each line's ``raw_document``
list; ``idx`` names the cluster), writes them as a crosswire JSONL file in a temporary folder
and runs ``crosswire.engine.local.analyze_paths`` on it, each run in a fresh subprocess so that
peak memory is that run's alone. Two runs over all articles: records carrying ``story`` (the
cluster idx, so clustering is given) and records without it (clustering must run). Then the
no-story run at growing sizes, fitting the exponent ``k`` of ``time ~ n**k``. The baseline,
run beside each, is the floor any pipeline pays: read the same JSONL and TF-IDF-vectorise it.

    nice -n 10 .venv/bin/python benchmarks/throughput.py [--limit N] [--sizes 500,1000,2000]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import data_dir, peak_memory_mb, print_table, write_results

DEFAULT_SIZES = (500, 1000, 2000)  # plus the full corpus (4,218 non-empty articles)
TARGET_ARTICLES_PER_S = 100  # the issue's target, on 2 cores


def load_articles(limit: int | None) -> list[tuple[str, str, str]]:
    """(id, cluster idx, text) for each non-empty article in file order, at most ``limit``."""
    articles: list[tuple[str, str, str]] = []
    with open(data_dir("multi-news-dev") / "dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            for k, text in enumerate(row["raw_document"], start=1):
                if text.strip():
                    articles.append((f"mn{row['idx']}-{k}", str(row["idx"]), text))
                if limit is not None and len(articles) >= limit:
                    return articles
    return articles


def write_corpus(folder: Path, articles: list[tuple[str, str, str]], with_story: bool) -> Path:
    """Write the articles as crosswire JSONL records (``story`` = cluster idx when asked)."""
    path = folder / f"corpus-{len(articles)}-{'story' if with_story else 'free'}.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for article_id, cluster, text in articles:
            record = {"id": article_id, "text": text, **({"story": cluster} if with_story else {})}
            handle.write(json.dumps(record) + "\n")
    return path


def run_worker(mode: str, path: Path) -> dict:
    """Run one measurement in a fresh interpreter and return its figures.

    ``import_s`` is the interpreter's start-up cost (importing the library), paid once per
    process; ``wall_s`` is the work itself (for crosswire, the ``analyze_paths`` call, including
    models the stages load on first use) and is what articles/s and the growth fit use.
    """
    done = subprocess.run([sys.executable, __file__, "--worker", mode, str(path)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker {mode} on {path.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class StageClock:
    """A pipeline progress callback that times each stage from its first call to the next stage's."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.current: str | None = None
        self.since = self.start
        self.seconds: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.current:
            self._close(stage)

    def _close(self, next_stage: str | None) -> None:
        """Charge the time since the last switch to the running stage (or to 'setup')."""
        now = time.perf_counter()
        name = self.current or "setup"
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.since
        self.current, self.since = next_stage, now

    def finish(self) -> dict[str, float]:
        """Close the last stage; return seconds per stage in the order they ran."""
        self._close(None)
        return {name: round(s, 3) for name, s in self.seconds.items()}


def measure_pipeline(path: Path, workers: int = 0) -> dict:
    """Worker: analyse the JSONL file end to end with the library pipeline.

    ``workers`` is the setting (0: automatic, which uses worker processes for the per-story stage
    on large inputs). CPU seconds and peak memory include those worker processes: peak MB adds the
    largest worker's peak, once per worker, to this process's peak (an upper bound).
    """
    start = time.perf_counter()
    from crosswire.engine.local import _worker_count, analyze_paths
    from crosswire.settings import Settings

    settings = Settings(workers=workers)
    clock = StageClock()
    report = analyze_paths([str(path)], settings, progress=clock)
    stages = clock.finish()
    used = _worker_count(settings, len(report.stories))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    child_peak = children.ru_maxrss / 1024 if used > 1 else 0.0
    return {"import_s": round(clock.start - start, 3), "wall_s": round(time.perf_counter() - clock.start, 3),
            "articles": len(report.articles), "stories": len(report.stories), "problems": len(report.problems),
            "stages_s": stages, "workers": used,
            "cpu_s": round(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 1),
            "peak_memory_mb": round(peak_memory_mb() + used * child_peak if used > 1 else peak_memory_mb(), 1)}


def measure_baseline(path: Path) -> dict:
    """Worker: read the same JSONL and TF-IDF-vectorise the texts (the floor for comparison)."""
    start = time.perf_counter()
    from sklearn.feature_extraction.text import TfidfVectorizer

    imported = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    return {"import_s": round(imported - start, 3), "wall_s": round(time.perf_counter() - imported, 3),
            "articles": matrix.shape[0], "peak_memory_mb": round(peak_memory_mb(), 1)}


def rate(figures: dict) -> float:
    """Articles per second of one run."""
    return figures["articles"] / figures["wall_s"] if figures["wall_s"] else float("nan")


def growth_exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) against log(n): 1 is linear, 2 quadratic."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else float("nan")


def main() -> None:
    """Parse options, run every measurement, print the tables and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="Use only the first N articles.")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="Smaller corpus sizes for the growth fit (the full size is always added).")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        mode, path = args.worker
        if mode == "baseline":
            print(json.dumps(measure_baseline(Path(path))))
        else:
            print(json.dumps(measure_pipeline(Path(path), workers=1 if mode == "one-process" else 0)))
        return
    articles = load_articles(args.limit)
    n = len(articles)
    sizes = sorted({s for s in (int(v) for v in args.sizes.split(",") if v) if s < n} | {n})
    with tempfile.TemporaryDirectory(prefix="crosswire-throughput-") as tmp:
        folder = Path(tmp)
        story_path = write_corpus(folder, articles, with_story=True)
        baseline = run_worker("baseline", story_path)
        runs = {"with story": (run_worker("pipeline", story_path), baseline),
                "with story, one process": (run_worker("one-process", story_path), baseline)}
        growth: list[dict] = []
        for size in sizes:
            path = write_corpus(folder, articles[:size], with_story=False)
            ours, base = run_worker("pipeline", path), run_worker("baseline", path)
            growth.append({"n": size, "ours": ours, "baseline": base})
            print(f"  n={size}: {ours['wall_s']:.1f} s ours, {base['wall_s']:.1f} s baseline", flush=True)
        runs["without story"] = (growth[-1]["ours"], growth[-1]["baseline"])
    report(n, runs, growth)


def report(n: int, runs: dict[str, tuple[dict, dict]], growth: list[dict]) -> None:
    """Print the three tables and write ``benchmarks/results/throughput.json``."""
    print_table(f"Throughput, multi-news-dev, {n} articles (end to end, a fresh process per run)",
                ["run", "system", "articles", "stories", "workers", "import s", "wall s", "CPU s", "articles/s",
                 "peak MB"],
                [row for name, (ours, base) in runs.items() for row in (
                    [name, "crosswire", ours["articles"], ours["stories"], ours["workers"], ours["import_s"],
                     ours["wall_s"], ours["cpu_s"], rate(ours), ours["peak_memory_mb"]],
                    [name, "baseline: read + TF-IDF", base["articles"], "-", "-", base["import_s"], base["wall_s"],
                     "-", rate(base), base["peak_memory_mb"]])])
    stage_names = list(dict.fromkeys(s for ours, _ in runs.values() for s in ours["stages_s"]))
    print_table("Time per stage, seconds", ["run", *stage_names],
                [[name, *(ours["stages_s"].get(s, 0.0) for s in stage_names)] for name, (ours, _) in runs.items()])
    ours_k = growth_exponent([(g["n"], g["ours"]["wall_s"]) for g in growth]) if len(growth) > 1 else float("nan")
    base_k = growth_exponent([(g["n"], g["baseline"]["wall_s"]) for g in growth]) if len(growth) > 1 else float("nan")
    print_table(f"Growth without story field: time ~ n^k; k = {ours_k:.2f} ours, {base_k:.2f} baseline",
                ["n", "crosswire s", "crosswire articles/s", "baseline s"],
                [[g["n"], g["ours"]["wall_s"], rate(g["ours"]), g["baseline"]["wall_s"]] for g in growth])
    best = min(rate(ours) for name, (ours, _) in runs.items() if "one process" not in name)
    print(f"\ntarget >= {TARGET_ARTICLES_PER_S} articles/s: {'met' if best >= TARGET_ARTICLES_PER_S else 'missed'}"
          f" (slowest run {best:.1f} articles/s)")
    write_results("throughput", {
        "articles": n,
        "runs": {name: {"crosswire": {**ours, "articles_per_s": round(rate(ours), 2)},
                        "baseline_read_tfidf": {**base, "articles_per_s": round(rate(base), 2)}}
                 for name, (ours, base) in runs.items()},
        "growth_without_story": [{"n": g["n"], "crosswire_s": g["ours"]["wall_s"],
                                  "baseline_s": g["baseline"]["wall_s"]} for g in growth],
        "growth_exponent": {"crosswire": round(ours_k, 3), "baseline": round(base_k, 3)},
        "target_articles_per_s": TARGET_ARTICLES_PER_S,
    })


if __name__ == "__main__":
    main()
