"""Bounded cost on hostile or repetitive input: time and peak memory of whole ``crosswire`` runs.

Four corpora, generated at run time (fictional text; nothing is read from disk but the optional
real articles below):

- a saved RSS feed of 1,000 / 5,000 / 10,000 templated near-identical entries (one shop's
  "deal of the day" template with a few slots changed: the worst case for candidate buckets,
  where every entry lands in the same MinHash bands, and for clustering, where they make one story);
- 10,000 distinct articles: fictional generated text by default, or with ``--real`` the first
  10,000 non-empty Multi-News articles of ``../shared/data/multi-news-dev`` read at run time
  (skipped cleanly when absent).

Three measurements per corpus, each in a fresh interpreter so that its peak memory is its own:

- ``analyze``: the whole ``crosswire analyze FEED --json FILE``, default settings (semantic
  clustering, automatic workers), through the CLI;
- ``ingest``: the whole ``crosswire ingest FEED --db FILE`` into a fresh database, default settings;
- ``provenance``: the ingest's provenance path alone (incremental candidate index, alignment,
  origin groups), as before the whole runs were measured; with ``--uncapped N`` also a run of N
  templated entries with the candidate-bucket caps lifted, to show the cost they remove.

Peak memory is that of the run's process and its worker processes together, sampled from /proc
(proportional set sizes, so pages the forked workers share with the parent count once), or the
process's own peak resident size where that is larger (``own_peak_mb``). Each table shows
the seconds of the run's stages and, as its baseline, the CPU per entry against the 1,000-entry
templated run of the same table (1.0 = linear growth). Wall seconds depend on what else the
machine runs: each whole run records the 5-minute load average at its end (2.0 fills the 2 cores);
CPU seconds (the run's processes together) are steadier.

    nice -n 10 .venv/bin/python benchmarks/adversarial.py [--sizes 1000,5000,10000] [--distinct 10000]
        [--real] [--uncapped 500] [--modes provenance,analyze,ingest] [--timeout 900]

Targets (issue 17), on the whole analyze and ingest runs: 10,000 templated entries in under
2 minutes and 2 GB; CPU per entry at 10,000 within 2x of its value at 1,000 (near-linear growth).
``meets_targets`` in benchmarks/results/adversarial.json holds both.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Self
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, peak_memory_mb, print_table, write_results

DEFAULT_SIZES = (1000, 5000, 10000)
DISTINCT = 10000
UNCAPPED = 500  # the provenance path without the caps (all pairs, as before them), at a size it can finish
MODES = ("provenance", "analyze", "ingest")
# A run still going after this is stopped (it has missed the target). Generous: on a machine
# shared with other work a 10,000-entry analyze took 250-290 s wall for 200 CPU s.
RUN_TIMEOUT_S = 900
SAMPLE_S = 0.2  # how often the memory of a whole run's processes is sampled
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
    from crosswire.extract import articles as extract
    from crosswire.ingest import sources as ingest
    from crosswire.settings import Settings

    documents, _ = ingest.read_sources([str(path)], Settings())
    return extract.extract_articles(documents)[0]


def measure_provenance(path: Path, uncapped: bool = False) -> dict:
    """Worker: the ingest's provenance path alone (the incremental candidate index and boilerplate
    learner fed batch by batch, alignment of each batch's candidate pairs, origin groups over all
    links)."""
    from crosswire.engine.incremental import INGEST_BATCH
    from crosswire.provenance import boilerplate
    from crosswire.provenance import reuse as provenance

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


def measure_run(command: str, path: Path) -> dict:
    """Worker: a whole ``crosswire analyze`` (JSON report to a file) or ``crosswire ingest`` (into a
    fresh database) of ``path`` through the CLI, default settings, with the seconds of each stage."""
    from crosswire import cli

    stages = _stage_timers(command)
    out = path.with_suffix(".json" if command == "analyze" else ".duckdb")
    argv = ["analyze", str(path), "--json", str(out)] if command == "analyze" else ["ingest", str(path), "--db", str(out)]
    start, cpu = time.perf_counter(), _cpu()
    with TreeMemory() as tree:
        status = cli.app(argv + ["--quiet"], standalone_mode=False)
    if status:
        raise SystemExit(f"crosswire {command} exited with status {status}")
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu + _children_cpu()
    own_mb = peak_memory_mb()
    figures = {"seconds": round(seconds, 2), "cpu_s": round(cpu, 2), "peak_mb": round(max(own_mb, tree.peak_mb), 1),
               "own_peak_mb": round(own_mb, 1), "stages_s": {k: round(v, 2) for k, v in stages.items()},
               "output_mb": round(out.stat().st_size / 2**20, 1)}
    return _outcome(command, out) | figures | {"load_average": round(os.getloadavg()[1], 2)}


def _outcome(command: str, out: Path) -> dict:
    """Articles, stories, links and the largest story of a run's output (report file or database)."""
    from crosswire.store.db import open_store

    if command == "analyze":
        report = json.loads(out.read_text(encoding="utf-8"))
        stories = report["stories"]
        return {"entries": len(report["articles"]), "stories": len(stories),
                "links": sum(len(s["reuse"]) for s in stories),
                "largest_story": max((len(s["articles"]) for s in stories), default=0)}
    with open_store(out, read_only=True) as opened:
        stats = opened.stats()
        sizes = [s.n_articles for s in opened.list_stories(limit=200).stories]
    return {"entries": stats.articles, "stories": stats.stories, "links": stats.links,
            "largest_story": max(sizes, default=0)}


def _stage_timers(command: str) -> dict[str, float]:
    """Wrap the stage functions a whole run calls, so each adds its seconds to the returned dict.

    Embedding (the sentence vectors of story clustering) is timed on its own too; its seconds are
    also part of the clustering stage's.
    """
    from crosswire import cli
    from crosswire.engine import incremental
    from crosswire.engine import local as pipeline
    from crosswire.extract import articles as extract
    from crosswire.ingest import sources as ingest
    from crosswire.provenance import reuse as provenance
    from crosswire.store import db as store
    from crosswire.stories import cluster, similarity, stream

    stages: dict[str, float] = {}
    _time_calls(similarity, "semantic_vectors", "(of which embedding)", stages)
    _time_calls(ingest, "read_sources", "read", stages)
    _time_calls(extract, "extract_articles", "extract", stages)
    if command == "analyze":
        _time_calls(provenance, "find_reuse", "provenance", stages)
        _time_calls(cluster, "cluster_stories", "clustering", stages)
        _time_calls(pipeline, "_complete_stories", "story completion", stages)
        _time_calls(cli, "_write_outputs", "report", stages)
    else:
        _time_calls(stream, "semantic_vectors", "(of which embedding)", stages)  # imported by name there
        _time_calls(incremental._IngestState, "load", "load state", stages)
        _time_calls(incremental, "prefetch_vectors", "embedding ahead", stages)
        _time_calls(incremental._IngestState, "_links_of_new", "provenance", stages)
        _time_calls(stream, "add_articles", "clustering", stages)
        _time_calls(pipeline, "complete_story", "story completion", stages)
        _time_calls(store.Store, "write_batch", "database", stages)
    return stages


class TreeMemory:
    """Peak memory of this process and its descendants together (the worker processes that embed
    and complete stories), sampled every SAMPLE_S seconds from /proc.

    Each process counts its proportional set size (Pss: a page shared by k processes counts 1/k in
    each), so the forked workers' pages shared with the parent count once, as the machine holds
    them; a sum of resident sizes would count them once per process. Where /proc is missing it
    stays 0 and the process's own peak (ru_maxrss) stands alone.
    """

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        """Sample until stopped."""
        while not self._stop.wait(SAMPLE_S):
            self.peak_mb = max(self.peak_mb, sum(_pss_mb(pid) for pid in _descendants(os.getpid())))


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the parent ids in /proc/<pid>/stat."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # the process ended meanwhile
            parent[int(entry.name)] = int(fields[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, up in parent.items() if up in frontier]
        found += frontier
    return found


def _pss_mb(pid: int) -> float:
    """Proportional set size of one process in MB (0 once it has ended)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu() -> float:
    """CPU seconds of this process so far (steadier than wall time on a shared machine)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    """CPU seconds of this process's ended children (the worker processes of a whole run)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
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


def run_worker(mode: str, path: Path, timeout: float | None = None) -> dict:
    """One measurement in a fresh interpreter (``mode``: provenance, uncapped, analyze, ingest).

    A run past ``timeout`` seconds is stopped and reported as such (it misses the targets).
    """
    worker = subprocess.Popen([sys.executable, __file__, "--worker", mode, str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = worker.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)  # the run's own worker processes too
        worker.communicate()
        return {"timed_out": True, "seconds": timeout}
    if worker.returncode != 0:
        raise SystemExit(f"worker {mode} on {path.name} failed:\n{stderr[-3000:]}")
    return json.loads(stdout.strip().splitlines()[-1])


def _growth(runs: dict[str, dict], base: dict, extra: list[str]) -> list[list]:
    """Table rows: each run's figures (plus the ``extra`` fields) and its CPU per entry against
    the baseline run's (1.0 = linear growth)."""
    rows = []
    base_per = base["cpu_s"] / max(1, base["entries"]) if "cpu_s" in base else 0
    for name, f in runs.items():
        if f.get("timed_out"):
            rows.append([name, "-", f"> {f['seconds']}", *["-"] * (4 + len(extra))])
            continue
        per = f["cpu_s"] / max(1, f["entries"])
        rows.append([name, f["entries"], f["seconds"], f["cpu_s"], f["peak_mb"], *[f.get(k, "-") for k in extra],
                     round(1000 * per, 2), round(per / base_per, 2) if base_per else "-"])
    return rows


def main() -> None:
    """Generate the corpora, measure each in its own process, print and store the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="templated entries")
    parser.add_argument("--distinct", type=int, default=DISTINCT, help="distinct articles (0: skip)")
    parser.add_argument("--real", action="store_true", help="distinct articles from multi-news-dev")
    parser.add_argument("--uncapped", type=int, default=UNCAPPED, help="templated entries run uncapped (0: skip)")
    parser.add_argument("--modes", default=",".join(MODES), help="what to measure: provenance, analyze, ingest")
    parser.add_argument("--timeout", type=float, default=RUN_TIMEOUT_S, help="seconds before a run is stopped")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        mode, path = args.worker
        work = {"provenance": measure_provenance, "uncapped": lambda p: measure_provenance(p, True),
                "analyze": lambda p: measure_run("analyze", p), "ingest": lambda p: measure_run("ingest", p)}[mode]
        print(json.dumps(work(Path(path))))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    modes = [m for m in args.modes.split(",") if m]
    with tempfile.TemporaryDirectory() as tmp:
        runs = _measure_all(Path(tmp), sizes, modes, args)
    _report(runs, sizes)


def _corpora(folder: Path, sizes: list[int], args: argparse.Namespace) -> dict[str, Path]:
    """The corpus files by name: the templated feeds, then the distinct articles."""
    corpora = {f"templated {n}": write_feed(folder / f"deals{n}.xml", n) for n in sizes}
    if args.distinct:
        records = real_articles(args.distinct) if args.real else distinct_articles(args.distinct)
        if records is None:
            print("skipped real articles: ../shared/data/multi-news-dev not found")
        else:
            corpora[f"distinct {'real' if args.real else 'fictional'} {len(records)}"] = write_jsonl(
                folder / "distinct.jsonl", records)
    return corpora


def _measure_all(folder: Path, sizes: list[int], modes: list[str], args: argparse.Namespace) -> dict[str, dict]:
    """Every measurement, by mode then corpus; the uncapped provenance baseline first."""
    corpora = _corpora(folder, sizes, args)
    runs: dict[str, dict] = {mode: {} for mode in modes}
    if "provenance" in modes and args.uncapped:
        runs["provenance"][f"templated {args.uncapped}, uncapped (before)"] = run_worker(
            "uncapped", write_feed(folder / f"deals{args.uncapped}.xml", args.uncapped))
    for mode in modes:
        for name, path in corpora.items():
            runs[mode][name] = run_worker(mode, path, args.timeout)
            print(f"{mode} {name}: {runs[mode][name]}", flush=True)
            for leftover in (path.with_suffix(".json"), path.with_suffix(".duckdb")):
                leftover.unlink(missing_ok=True)
    return runs


def _report(runs: dict[str, dict], sizes: list[int]) -> None:
    """Print one table per mode and the verdict on the whole runs; write benchmarks/results/adversarial.json."""
    extra = {"provenance": ["links", "origin_groups", "largest_origin"],
             "analyze": ["stories", "largest_story", "links", "output_mb", "load_average"],
             "ingest": ["stories", "largest_story", "links", "output_mb", "load_average"]}
    titles = {"provenance": "Provenance stage alone (the ingest's path)",
              "analyze": "Whole `crosswire analyze FEED --json FILE` (default settings)",
              "ingest": "Whole `crosswire ingest FEED --db FILE` into a fresh database (default settings)"}
    verdicts = {}
    for mode, found in runs.items():
        base_name = f"templated {sizes[0]}" if sizes else next(iter(found))
        base = found[base_name]
        header = ["corpus", "entries", "wall s", "CPU s", "peak MB", *extra[mode], "CPU ms/entry",
                  f"x CPU ms/entry of {base_name}"]
        print_table(f"{titles[mode]}; one fresh process per run", header, _growth(found, base, extra[mode]))
        _print_stages(mode, found)
        if mode != "provenance" and sizes:
            verdicts[mode] = _verdict(mode, found, base, f"templated {max(sizes)}")
    whole = list(verdicts.values())
    write_results("adversarial", {"runs": runs, "targets": {"seconds": TARGET_SECONDS, "peak_mb": TARGET_MB,
                                                            "linear_slack": LINEAR_SLACK},
                                  "verdicts": verdicts, "meets_targets": bool(whole) and all(v["meets"] for v in whole)})


def _print_stages(mode: str, found: dict[str, dict]) -> None:
    """One line per run with the wall seconds of its stages."""
    for name, f in found.items():
        if f.get("stages_s"):
            print(f"  {name}: " + ", ".join(f"{stage} {s}" for stage, s in f["stages_s"].items()))


def _verdict(mode: str, found: dict[str, dict], base: dict, largest_name: str) -> dict:
    """Whether the largest templated run of a mode meets the targets: time, memory, near-linear growth."""
    largest = found[largest_name]
    if largest.get("timed_out") or base.get("timed_out"):
        print(f"\n{mode}, {largest_name}: stopped after {largest['seconds']} s: targets missed")
        return {"run": largest_name, "seconds": largest["seconds"], "meets": False}
    growth = (largest["cpu_s"] / largest["entries"]) / (base["cpu_s"] / base["entries"])
    meets = largest["seconds"] < TARGET_SECONDS and largest["peak_mb"] < TARGET_MB and growth < LINEAR_SLACK
    print(f"\n{mode}, {largest_name}: {largest['seconds']} s, {largest['peak_mb']} MB (targets < {TARGET_SECONDS} s, "
          f"< {TARGET_MB} MB); CPU per entry x{growth:.2f} of the {base['entries']}-entry run (near-linear below "
          f"x{LINEAR_SLACK}): {'met' if meets else 'MISSED'}")
    return {"run": largest_name, "seconds": largest["seconds"], "peak_mb": largest["peak_mb"],
            "cpu_per_entry_growth": round(growth, 2), "meets": meets}


if __name__ == "__main__":
    main()
