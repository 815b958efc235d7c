"""Load test of `crosswire serve` on loopback: latency and throughput over a 10,000-article database.

The database is built from the built-in (fictional) demo corpus: it is analysed once by the real
pipeline, then its articles and stories are replicated with new ids and shifted dates and written
straight through ``Store.write_batch`` (running the pipeline 1,100 times would only measure the
pipeline). The server runs in a subprocess with the rate limit off (``--rate 0``: every client
here shares one address). 20 concurrent clients send 2,000 requests over a mix of pages and API
endpoints; the baseline is the same load on a static file (/static/app.css) in the same run.

    nice -n 10 .venv/bin/python benchmarks/web_load.py [--articles 10000] [--requests 2000] [--clients 20]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import peak_memory_mb, print_table, write_results

from crosswire.cli import demo_corpus
from crosswire.engine.local import analyze_paths
from crosswire.records import Article, Report, Story
from crosswire.store.db import open_store

# Request mix: (kind, weight). Weights follow a reading session: lists and story pages most.
MIX = [("list", 3), ("search", 1), ("story", 3), ("article", 3), ("api_list", 2), ("api_story", 2),
       ("api_article", 2), ("ranked", 2), ("api_lists", 1)]
# Ranked (BM25) searches, reported on their own: the story list page with facets, and the API.
RANKED = ["/?q=ferry+survivors+governor", "/api/stories?q=capsized+vessel&facets=true",
          "/api/articles?q=coastguard+rescue+divers", "/?q=varenko&outlet=nothing&sort=sources"]
# Cursor-paginated directory lists (the cursor of a later page is made by the server itself).
DIRECTORY = ["/api/outlets", "/api/entities?limit=20", "/api/articles?limit=50&sort=oldest",
             "/api/stories?disputed=yes&facets=true", "/api/stories?format=csv&sort=sources"]


def _shift(published: str | None, days: int) -> str | None:
    """An ISO date/datetime moved back by ``days`` (None stays None)."""
    if not published:
        return None
    day = date.fromisoformat(published[:10]) - timedelta(days=days)
    return day.isoformat() + published[10:]


def _replica(report: Report, k: int) -> tuple[list[Article], list[Story]]:
    """Copy k of the demo report: ids suffixed with k, dates k days earlier."""
    rename = {a.id: f"{a.id}-{k:05d}" for a in report.articles}
    articles = []
    for a in report.articles:
        b = copy.deepcopy(a)
        b.id, b.published = rename[a.id], _shift(a.published, k)
        articles.append(b)
    stories = []
    for s in report.stories:
        t = copy.deepcopy(s)
        t.id = f"{s.id}-{k:05d}"
        t.articles = [rename[i] for i in s.articles]
        t.first_published, t.last_published = _shift(s.first_published, k), _shift(s.last_published, k)
        for group in t.origins:
            group.articles = [rename[i] for i in group.articles]
            group.original = rename.get(group.original) if group.original else None
        for link in t.reuse:
            link.a, link.b = rename[link.a], rename[link.b]
        for entity in t.entities:
            entity.articles = [rename[i] for i in entity.articles]
        for fact in t.facts:
            for value in fact.values:
                value.articles = [rename[i] for i in value.articles]
        for sentence in t.briefing:
            sentence.sources = [rename[i] for i in sentence.sources]
        stories.append(t)
    return articles, stories


def build_db(path: Path, n_articles: int) -> tuple[list[str], list[str]]:
    """Write a database of about n_articles replicated demo articles; return story and article ids."""
    report = analyze_paths([str(demo_corpus())])
    copies = -(-n_articles // len(report.articles))
    story_ids, article_ids, seq = [], [], 0
    with open_store(path) as store:
        for start in range(0, copies, 50):
            arts, stories, links = [], [], []
            for k in range(start, min(copies, start + 50)):
                a, s = _replica(report, k)
                arts += a
                stories += s
                links += [link for story in s for link in story.reuse]
            order = {}
            for story in stories:
                seq += 1
                order[story.id] = seq
            store.write_batch([(a, f"hash-{a.id}") for a in arts], links, stories, order)
            story_ids += [s.id for s in stories]
            article_ids += [a.id for a in arts]
    return story_ids, article_ids


def _free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _urls(kind: str, i: int, stories: list[str], articles: list[str]) -> str:
    """The i-th URL of a request kind (ids spread over the whole database)."""
    story, article = stories[(i * 7919) % len(stories)], articles[(i * 104729) % len(articles)]
    return {"list": f"/?page={1 + i % 20}", "search": ["/?q=ferry", "/?entity=varenko", "/?since=2020-01-01"][i % 3],
            "story": f"/stories/{story}", "article": f"/articles/{article}", "api_list": f"/api/stories?offset={i % 500}",
            "api_story": f"/api/stories/{story}", "api_article": f"/api/articles/{article}",
            "ranked": RANKED[i % len(RANKED)], "api_lists": DIRECTORY[i % len(DIRECTORY)],
            "static": "/static/app.css"}[kind]


def plan(n: int, stories: list[str], articles: list[str], static: bool) -> list[tuple[str, str]]:
    """n (kind, url) requests: the weighted mix, or the static file only."""
    if static:
        return [("static", "/static/app.css")] * n
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    return [(kinds[i % len(kinds)], _urls(kinds[i % len(kinds)], i, stories, articles)) for i in range(n)]


async def run_load(base: str, requests: list[tuple[str, str]], clients: int) -> dict:
    """Send the requests from ``clients`` concurrent clients; return latencies and errors."""
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            while not queue.empty():
                kind, url = queue.get_nowait()
                t0 = time.perf_counter()
                try:
                    response = await http.get(url)
                    if response.status_code != 200:
                        errors.append(f"{url}: {response.status_code}")
                except httpx.HTTPError as error:
                    errors.append(f"{url}: {error!r}")
                latencies.setdefault(kind, []).append(time.perf_counter() - t0)

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return {"seconds": time.perf_counter() - start, "latencies": latencies, "errors": errors}


def _pct(values: list[float], q: float) -> float:
    """The q-quantile in milliseconds."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1] * 1000 if len(values) > 1 \
        else values[0] * 1000


def _server_peak_mb(pid: int) -> float:
    """The server process's peak resident memory (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    """Build the database, start the server, run the mix and the static baseline, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.duckdb"
        t0 = time.perf_counter()
        stories, articles = build_db(db, args.articles)
        build_s = time.perf_counter() - t0
        db_mb = db.stat().st_size / 2**20
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "crosswire.cli", "serve", "--db", str(db), "--port", str(port),
                                   "--rate", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base)
            asyncio.run(run_load(base, plan(100, stories, articles, False), args.clients))  # warm-up
            ours = asyncio.run(run_load(base, plan(args.requests, stories, articles, False), args.clients))
            baseline = asyncio.run(run_load(base, plan(args.requests, stories, articles, True), args.clients))
            server_mb = _server_peak_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    report(args, ours, baseline, len(articles), len(stories), build_s, db_mb, server_mb)


def _wait(base: str) -> None:
    """Wait until the server answers (60 s at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/api/stories?limit=1", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def _figures(run: dict, requests: int) -> dict:
    """Overall and per-kind figures of one run."""
    every = [x for values in run["latencies"].values() for x in values]
    kinds = {k: {"n": len(v), "p50_ms": round(_pct(v, 0.5), 2), "p95_ms": round(_pct(v, 0.95), 2)}
             for k, v in sorted(run["latencies"].items())}
    return {"requests": requests, "errors": len(run["errors"]), "error_samples": run["errors"][:5],
            "seconds": round(run["seconds"], 2), "requests_per_s": round(requests / run["seconds"], 1),
            "p50_ms": round(_pct(every, 0.5), 2), "p95_ms": round(_pct(every, 0.95), 2), "by_kind": kinds}


def report(args: argparse.Namespace, ours: dict, baseline: dict, n_articles: int, n_stories: int, build_s: float,
           db_mb: float, server_mb: float) -> None:
    """Print the table and write benchmarks/results/web_load.json."""
    mine, base = _figures(ours, args.requests), _figures(baseline, args.requests)
    rows = [["page + API mix (ours)", mine["requests"], mine["errors"], mine["p50_ms"], mine["p95_ms"],
             mine["requests_per_s"]],
            ["static /static/app.css (baseline)", base["requests"], base["errors"], base["p50_ms"], base["p95_ms"],
             base["requests_per_s"]]]
    rows += [[f"  {kind}", v["n"], "", v["p50_ms"], v["p95_ms"], ""] for kind, v in mine["by_kind"].items()]
    print_table(f"crosswire serve, loopback, {args.clients} concurrent clients, {n_articles} articles / "
                f"{n_stories} stories", ["load", "requests", "errors", "p50 ms", "p95 ms", "req/s"], rows)
    write_results("web_load", {
        "command": "nice -n 10 .venv/bin/python benchmarks/web_load.py "
                   f"--articles {args.articles} --requests {args.requests} --clients {args.clients}",
        "database": {"articles": n_articles, "stories": n_stories, "build_seconds": round(build_s, 1),
                     "file_mb": round(db_mb, 1), "built_from": "demo corpus replicated, written via Store.write_batch"},
        "clients": args.clients, "ours": mine, "baseline_static": base,
        "server_peak_memory_mb": round(server_mb, 1), "client_peak_memory_mb": round(peak_memory_mb(), 1),
    })


if __name__ == "__main__":
    main()
