"""Helpers shared by the benchmarks: locating ../shared/data, skipping cleanly, printing, saving."""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SHARED = Path(os.environ.get("CROSSWIRE_SHARED", ROOT.parent / "shared"))


def data_dir(name: str) -> Path:
    """Path of ``../shared/data/<name>``; exits with status 0 and a message when it is absent."""
    path = SHARED / "data" / name
    if not path.exists():
        print(f"skipped: {path} not found (benchmarks read ../shared/data at run time)")
        sys.exit(0)
    return path


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    """Print a plain aligned table (ours beside the baselines, from one run)."""
    cells = [header] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(str(r[i])) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    for n, row in enumerate(cells):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _fmt(value: Any) -> str:
    """Format floats to 3 decimals, everything else as str."""
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def write_results(name: str, figures: dict[str, Any]) -> Path:
    """Store figures as ``benchmarks/results/<name>.json`` with when/where they were measured."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": name,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        **figures,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT)}")
    return path
