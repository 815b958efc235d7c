"""Bounded cost on hostile or repetitive input: time and peak memory of ``crosswire ingest``.

Four corpora, generated at run time (fictional text; nothing is read from disk but the optional
real articles below):

- a saved RSS feed of 1,000 / 5,000 / 10,000 templated near-identical entries (one shop's
  "deal of the day" template with a few slots changed: the worst case for candidate buckets,
  where every entry lands in the same MinHash bands);
- 10,000 distinct articles: fictional generated text by default, or with ``--real`` the first
  10,000 non-empty Multi-News articles of ``../shared/data/multi-news-dev`` read at run time
  (skipped cleanly when absent).

Each run is ``crosswire.store.ingest_paths`` into a fresh database in a fresh interpreter, so
that peak memory (``ru_maxrss``) is that run's alone. The baseline, printed beside each row, is
the same corpus at 1,000 entries: growth ratios (time per entry, reuse links per entry) show
whether cost stays near-linear. With ``--uncapped N`` the candidate-bucket cap is lifted
(provenance.MAX_BUCKET and MAX_PARTNERS set very high) for a run of N templated entries, to show the cost the
cap removes (kept small: uncapped cost grows with the square of N).

    nice -n 10 .venv/bin/python benchmarks/adversarial.py [--sizes 1000,5000,10000] [--distinct 10000]
        [--real] [--uncapped 1000]

Targets (issue 17): 10,000 templated entries in under 2 minutes and 2 GB; time per entry at
10,000 within 2x of its value at 1,000 (near-linear growth).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, peak_memory_mb, print_table, write_results

DEFAULT_SIZES = (1000, 5000, 10000)
DISTINCT = 10000
UNCAPPED = 500  # the provenance path without the caps (all pairs, as before them), at a size it can finish
INGEST_SIZES = (1000,)  # templated entries through the whole ingest (its cost beyond provenance)
TARGET_SECONDS = 120  # 10,000 templated entries
TARGET_MB = 2048
# Time per entry may grow by this factor from 1,000 to 10,000 entries and still count as
# near-linear (the stores' per-batch candidate search is linear in the collection, so a mild
# rise is expected).
LINEAR_SLACK = 2.0

_PRODUCTS = ["kettle", "toaster", "desk lamp", "garden hose", "rice cooker", "bike pump", "drill",
             "blender", "heater", "backpack", "umbrella", "camp stove"]
_SHOPS = ["Brindle Mart", "Oakvale Goods", "Penwick Depot"]
_TEMPLATE = ("Deal of the day at {shop}: the {product} model {model} is now {price} dollars, down from "
             "{was} dollars. The offer runs until midnight on {day} while stocks last. Delivery is free "
             "for members, and the {product} comes with a two year warranty. Customers can collect in "
             "store from 9am. Terms and conditions apply to this offer.")


def templated_entry(n: int, rng: random.Random) -> tuple[str, str]:
    """(title, body) of one near-identical deal entry: the template with its slots filled."""
    product, shop = rng.choice(_PRODUCTS), rng.choice(_SHOPS)
    price = rng.randint(10, 90)
    body = _TEMPLATE.format(shop=shop, product=product, model=f"X{n % 500}", price=price, was=price + 15,
                            day=f"May {1 + n % 28}")
    return f"Deal of the day: {product} at {shop}", body


def write_feed(path: Path, n: int, seed: int = 17) -> Path:
    """A saved RSS 2.0 feed of ``n`` templated entries."""
    rng = random.Random(seed)
    items = []
    for k in range(n):
        title, body = templated_entry(k, rng)
        items.append(f"<item><title>{escape(title)}</title><link>https://deals.example/{k}</link>"
                     f"<pubDate>Mon, {1 + k % 28:02d} May 2034 09:00:00 GMT</pubDate>"
                     f"<description>{escape(body)}</description></item>")
    path.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    "<title>Deals Daily</title>" + "".join(items) + "</channel></rss>\n", encoding="utf-8")
    return path


_SYLLABLES = ["ba", "cel", "dor", "fen", "gal", "hu", "kir", "lo", "mar", "nus", "pel", "ri", "sot", "tam",
              "vek", "zu", "qua", "bro", "ste", "wil"]


def distinct_articles(n: int, seed: int = 5) -> list[dict[str, str]]:
    """``n`` fictional articles, each on its own made-up event (words drawn from syllables)."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))

    out = []
    for k in range(n):
        place, person = word().title(), word().title()
        sentences = [f"Officials in {place} said {person} confirmed the {word()} on {word()} {k}."]
        sentences += [" ".join(word() for _ in range(rng.randint(10, 18))).capitalize() + "." for _ in range(6)]
        out.append({"id": f"d{k:05d}", "title": f"{place} {word()} {word()}", "text": " ".join(sentences),
                    "published": f"2034-{1 + k % 12:02d}-{1 + k % 28:02d}"})
    return out


def real_articles(n: int) -> list[dict[str, str]] | None:
    """The first ``n`` non-empty Multi-News articles, or None when the data is absent."""
    path = SHARED / "data" / "multi-news-dev" / "dev.jsonl"
    if not path.exists():
        return None
    out: list[dict[str, str]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            for k, text in enumerate(row["raw_document"], start=1):
                if text.strip() and len(out) < n:
                    out.append({"id": f"mn{row['idx']}-{k}", "text": text})
            if len(out) >= n:
                break
    return out


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    """Write records as crosswire JSONL."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def read_articles(path: Path) -> list:
    """The cleaned articles of a corpus file, as ingest sees them."""
    from crosswire import extract, ingest
    from crosswire.settings import Settings

    documents, _ = ingest.read_sources([str(path)], Settings())
    return extract.extract_articles(documents)[0]


def measure_provenance(path: Path, uncapped: bool = False) -> dict:
    """Worker: the ingest's provenance path alone (the incremental candidate index and boilerplate
    learner fed batch by batch, alignment of each batch's candidate pairs, origin groups over all
    links)."""
    from crosswire import boilerplate, provenance
    from crosswire.store import INGEST_BATCH

    if uncapped:
        provenance.MAX_BUCKET = provenance.MAX_PARTNERS = 10**9
    articles = read_articles(path)
    start, cpu = time.perf_counter(), _cpu()
    index, learner, links = provenance.CandidateIndex(), boilerplate.Learner(), []
    for first in range(0, len(articles), INGEST_BATCH):
        batch = articles[first:first + INGEST_BATCH]
        pairs, furniture = index.add(batch), learner.add(batch)
        links += provenance.find_reuse(articles[:first + INGEST_BATCH], pairs=pairs, furniture=furniture)
    by_id = {a.id: a for a in articles}
    groups = provenance.origin_groups(list(by_id), links, by_id)
    return {"entries": len(articles), "seconds": round(time.perf_counter() - start, 2), "cpu_s": round(_cpu() - cpu, 2),
            "peak_mb": round(peak_memory_mb(), 1), "links": len(links), "origin_groups": len(groups),
            "largest_origin": max((len(g.articles) for g in groups), default=0)}


def measure_ingest(path: Path) -> dict:
    """Worker: ``ingest_paths`` into a fresh database, with the time of its main stages."""
    from crosswire import cluster, pipeline, store
    from crosswire.store import ingest_paths, open_store

    stages: dict[str, float] = {}
    _time_calls(store._IngestState, "_links_of_new", "provenance", stages)
    _time_calls(cluster, "add_articles", "clustering", stages)
    _time_calls(pipeline, "complete_story", "story completion (facts, entities, briefing)", stages)
    db = path.with_suffix(".duckdb")
    start, cpu = time.perf_counter(), _cpu()
    result = ingest_paths(db, [str(path)])
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    with open_store(db, read_only=True) as opened:
        stats = opened.stats()
        biggest = max((s.n_articles for s in opened.list_stories(limit=200).stories), default=0)
    return {"entries": len(result.added), "seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
            "peak_mb": round(peak_memory_mb(), 1), "stories": stats.stories, "links": stats.links, "largest_story": biggest,
            "stages_s": {k: round(v, 2) for k, v in stages.items()}}


def _cpu() -> float:
    """CPU seconds of this process so far (steadier than wall time on a shared machine)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _time_calls(owner: object, name: str, label: str, totals: dict[str, float]) -> None:
    """Wrap ``owner.name`` so that its calls add their seconds to ``totals[label]``."""
    real = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - start

    setattr(owner, name, timed)


def run_worker(mode: str, path: Path) -> dict:
    """One measurement in a fresh interpreter (``mode``: provenance, uncapped, ingest)."""
    done = subprocess.run([sys.executable, __file__, "--worker", mode, str(path)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker {mode} on {path.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _growth(runs: dict[str, dict], base: dict) -> list[list]:
    """Table rows: each run's figures and its time per entry against the baseline run's."""
    rows = []
    base_per = base["cpu_s"] / max(1, base["entries"])
    for name, f in runs.items():
        per = f["cpu_s"] / max(1, f["entries"])
        rows.append([name, f["entries"], f["seconds"], f["cpu_s"], f["peak_mb"], f["links"],
                     f.get("origin_groups", f.get("stories")), round(1000 * per, 2),
                     round(per / base_per, 2) if base_per else "-"])
    return rows


def main() -> None:
    """Generate the corpora, measure each in its own process, print and store the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="templated entries")
    parser.add_argument("--distinct", type=int, default=DISTINCT, help="distinct articles (0: skip)")
    parser.add_argument("--real", action="store_true", help="distinct articles from multi-news-dev")
    parser.add_argument("--uncapped", type=int, default=UNCAPPED, help="templated entries run uncapped (0: skip)")
    parser.add_argument("--ingest-sizes", default=",".join(map(str, INGEST_SIZES)),
                        help="templated entries run through the whole ingest")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        mode, path = args.worker
        work = {"provenance": measure_provenance, "uncapped": lambda p: measure_provenance(p, True),
                "ingest": measure_ingest}[mode]
        print(json.dumps(work(Path(path))))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    ingest_sizes = [int(s) for s in args.ingest_sizes.split(",") if s]
    with tempfile.TemporaryDirectory() as tmp:
        runs, ingests = _measure_all(Path(tmp), sizes, ingest_sizes, args)
    _report(runs, ingests, sizes)


def _measure_all(folder: Path, sizes: list[int], ingest_sizes: list[int],
                 args: argparse.Namespace) -> tuple[dict[str, dict], dict[str, dict]]:
    """Run every measurement: the provenance path per corpus, the uncapped baseline, whole ingests."""
    runs: dict[str, dict] = {}
    if args.uncapped:
        runs[f"templated {args.uncapped}, uncapped (before)"] = run_worker(
            "uncapped", write_feed(folder / f"deals{args.uncapped}.xml", args.uncapped))
    for n in sizes:
        runs[f"templated {n}"] = run_worker("provenance", write_feed(folder / f"deals{n}.xml", n))
        print(f"templated {n}: {runs[f'templated {n}']}", flush=True)
    if args.distinct:
        records = real_articles(args.distinct) if args.real else distinct_articles(args.distinct)
        if records is None:
            print("skipped real articles: ../shared/data/multi-news-dev not found")
        else:
            kind = "real" if args.real else "fictional"
            runs[f"distinct {kind} {len(records)}"] = run_worker("provenance", write_jsonl(folder / "distinct.jsonl", records))
    ingests = {}
    for n in ingest_sizes:
        ingests[f"templated {n}, whole ingest"] = run_worker("ingest", write_feed(folder / f"ingest{n}.xml", n))
        print(f"ingest {n}: {ingests[f'templated {n}, whole ingest']}", flush=True)
    return runs, ingests


def _report(runs: dict[str, dict], ingests: dict[str, dict], sizes: list[int]) -> None:
    """Print the tables and the verdict; write benchmarks/results/adversarial.json."""
    capped = {k: v for k, v in runs.items() if "uncapped" not in k}
    base = runs[f"templated {sizes[0]}"] if sizes else next(iter(runs.values()))
    header = ["corpus", "entries", "wall s", "CPU s", "peak MB", "links", "origins", "CPU ms/entry",
              f"x CPU ms/entry of templated {base['entries']}"]
    print_table("Provenance on repetitive and distinct input (the ingest's path; one process per run)", header,
                _growth(runs, base))
    if ingests:
        print_table("Whole ingest (crosswire.store.ingest_paths)", ["corpus", "entries", "wall s", "CPU s",
                    "peak MB", "links", "stories", "largest story", "stages (wall s)"],
                    [[k, f["entries"], f["seconds"], f["cpu_s"], f["peak_mb"], f["links"], f["stories"], f["largest_story"],
                      ", ".join(f"{s} {t}" for s, t in f["stages_s"].items())] for k, f in ingests.items()])
    verdict = {}
    largest = capped.get(f"templated {max(sizes)}") if sizes else None
    if largest:
        per = largest["cpu_s"] / largest["entries"] / (base["cpu_s"] / base["entries"])
        verdict = {"largest_templated_seconds": largest["seconds"], "largest_templated_peak_mb": largest["peak_mb"],
                   "time_per_entry_growth": round(per, 2),
                   "meets_targets": largest["seconds"] < TARGET_SECONDS and largest["peak_mb"] < TARGET_MB
                   and per < LINEAR_SLACK}
        print(f"\nprovenance, {largest['entries']} templated entries: {largest['seconds']} s, {largest['peak_mb']} MB "
              f"(targets < {TARGET_SECONDS} s, < {TARGET_MB} MB); CPU per entry x{per:.2f} of the "
              f"{base['entries']}-entry run (near-linear below x{LINEAR_SLACK})")
    write_results("adversarial", {"provenance_runs": runs, "ingest_runs": ingests,
                                  "targets": {"seconds": TARGET_SECONDS, "peak_mb": TARGET_MB,
                                              "linear_slack": LINEAR_SLACK}, **verdict})


if __name__ == "__main__":
    main()
