"""Load test of `crosswire serve` on loopback: latency and throughput over a 10,000-article database.

The database is built by `crosswire ingest` (the command a user runs) from real Multi-News dev
articles and, beyond them, perturbed replicas (benchmarks/ingest_scale.py's corpus: each copy loses
15% of its words and is dated two years later). Building it takes about 15 minutes on 2 cores, so
``--db FILE`` keeps it: an existing file is reused, a missing one is built there first. The server
runs in a subprocess with the rate limit off (``--rate 0``: every client here shares one address).
20 concurrent clients send 2,000 requests over a mix of pages and API endpoints; the baseline is
the same load on a static file (/static/app.css) in the same run, the two alternating in slices so
that both meet the same load from the rest of the machine. Beside latency, the server's CPU time
per request (from /proc), which the machine's other work disturbs far less.

    nice -n 10 .venv/bin/python benchmarks/web_load.py [--db /tmp/web_load.duckdb] [--articles 10000]
        [--requests 2000] [--clients 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import peak_memory_mb, print_table, write_results
from ingest_scale import corpus, write_batches

from crosswire.store.db import open_store

# Request mix: (kind, weight). Weights follow a reading session: lists and story pages most.
MIX = [("list", 3), ("search", 1), ("story", 3), ("article", 3), ("api_list", 2), ("api_story", 2),
       ("api_article", 2), ("ranked", 2), ("api_lists", 1)]
# Ranked (BM25) searches, reported on their own: the story list page with facets, and the API.
RANKED = ["/?q=police+shooting+suspect", "/api/stories?q=storm+flooding&facets=true",
          "/api/articles?q=election+results+vote", "/?q=court+ruling&outlet=nothing&sort=sources"]
# Cursor-paginated directory lists (the cursor of a later page is made by the server itself).
DIRECTORY = ["/api/outlets", "/api/entities?limit=20", "/api/articles?limit=50&sort=oldest",
             "/api/stories?disputed=yes&facets=true", "/api/stories?format=csv&sort=sources"]
INGEST_BATCH = 2500  # records per JSON-lines file handed to `crosswire ingest`
# The mix and the static baseline alternate in this many slices each, so that both meet the same
# load from whatever else runs on the machine (one after the other, their ratio swung 2.3-2.9).
ROUNDS = 6


def build_db(path: Path, n_articles: int) -> float:
    """Build the database with `crosswire ingest` from ``n_articles`` records; return the seconds taken."""
    with tempfile.TemporaryDirectory() as tmp:
        files = write_batches(corpus(n_articles), INGEST_BATCH, Path(tmp))
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "crosswire.cli", "ingest", "--db", str(path), "-q", *map(str, files)],
                       check=True)
        return time.perf_counter() - t0


def stored_ids(path: Path) -> tuple[list[str], list[str]]:
    """The ids of the database's stories and articles, in stored order."""
    with open_store(path, read_only=True) as store:
        return [s.id for s in store.all_stories()], [a.id for a in store.all_articles()]


def _free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _urls(kind: str, i: int, stories: list[str], articles: list[str]) -> str:
    """The i-th URL of a request kind (ids spread over the whole database)."""
    story, article = stories[(i * 7919) % len(stories)], articles[(i * 104729) % len(articles)]
    return {"list": f"/?page={1 + i % 20}", "search": ["/?q=fire", "/?entity=obama", "/?since=2017-01-01"][i % 3],
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


def interleaved(base: str, mix: list[tuple[str, str]], static: list[tuple[str, str]], clients: int,
                pid: int) -> tuple[dict, dict]:
    """Run the mix and the static baseline in ROUNDS alternating slices (the machine is shared: both
    then meet the same load) and add the server's CPU seconds each spent; the runs merged."""
    runs: dict[str, list[dict]] = {"mix": [], "static": []}
    for r in range(ROUNDS):
        order = [("mix", mix), ("static", static)] if r % 2 == 0 else [("static", static), ("mix", mix)]
        for name, requests in order:
            part = requests[r * len(requests) // ROUNDS:(r + 1) * len(requests) // ROUNDS]
            cpu = _cpu_seconds(pid)
            run = asyncio.run(run_load(base, part, clients))
            run["server_cpu"] = _cpu_seconds(pid) - cpu
            runs[name].append(run)
    return _merged(runs["mix"]), _merged(runs["static"])


def _merged(runs: list[dict]) -> dict:
    """One run's figures from several slices: latencies joined, seconds and CPU added."""
    latencies: dict[str, list[float]] = {}
    for run in runs:
        for kind, values in run["latencies"].items():
            latencies.setdefault(kind, []).extend(values)
    return {"seconds": sum(r["seconds"] for r in runs), "latencies": latencies,
            "errors": [e for r in runs for e in r["errors"]], "server_cpu": sum(r["server_cpu"] for r in runs)}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    """Build (or reuse) the database, start the server, run the mix and the static baseline, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "crosswire_web_load.duckdb",
                        help="database built by `crosswire ingest` (built there when missing)")
    parser.add_argument("--articles", type=int, default=10_000, help="records ingested when building")
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    build_s = None if args.db.exists() else build_db(args.db, args.articles)
    stories, articles = stored_ids(args.db)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "crosswire.cli", "serve", "--db", str(args.db), "--port",
                               str(port), "--rate", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base)
        asyncio.run(run_load(base, plan(100, stories, articles, False), args.clients))  # warm-up
        ours, baseline = interleaved(base, plan(args.requests, stories, articles, False),
                                     plan(args.requests, stories, articles, True), args.clients, server.pid)
        server_mb = _server_peak_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    database = {"articles": len(articles), "stories": len(stories), "file_mb": round(args.db.stat().st_size / 2**20, 1),
                "built_by": "crosswire ingest of Multi-News dev + perturbed replicas (benchmarks/ingest_scale.py)",
                "build_seconds": round(build_s, 1) if build_s is not None else "reused an existing file"}
    report(args, ours, baseline, database, server_mb)


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
            "p50_ms": round(_pct(every, 0.5), 2), "p95_ms": round(_pct(every, 0.95), 2),
            "server_cpu_ms_per_request": round(run["server_cpu"] / requests * 1000, 2), "by_kind": kinds}


def report(args: argparse.Namespace, ours: dict, baseline: dict, database: dict, server_mb: float) -> None:
    """Print the table and write benchmarks/results/web_load.json."""
    mine, base = _figures(ours, args.requests), _figures(baseline, args.requests)
    rows = [["page + API mix (ours)", mine["requests"], mine["errors"], mine["p50_ms"], mine["p95_ms"],
             mine["requests_per_s"], mine["server_cpu_ms_per_request"]],
            ["static /static/app.css (baseline)", base["requests"], base["errors"], base["p50_ms"], base["p95_ms"],
             base["requests_per_s"], base["server_cpu_ms_per_request"]]]
    rows += [[f"  {kind}", v["n"], "", v["p50_ms"], v["p95_ms"], "", ""] for kind, v in mine["by_kind"].items()]
    print_table(f"crosswire serve, loopback, {args.clients} concurrent clients, {database['articles']} articles / "
                f"{database['stories']} stories", ["load", "requests", "errors", "p50 ms", "p95 ms", "req/s", "server CPU ms/req"], rows)
    write_results("web_load", {
        "command": "nice -n 10 .venv/bin/python benchmarks/web_load.py "
                   f"--articles {args.articles} --requests {args.requests} --clients {args.clients}",
        "database": database, "clients": args.clients, "ours": mine, "baseline_static": base,
        "server_peak_memory_mb": round(server_mb, 1), "client_peak_memory_mb": round(peak_memory_mb(), 1),
    })


if __name__ == "__main__":
    main()
