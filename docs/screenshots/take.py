"""Take the README's screenshots: headless Chromium over a database of fictional articles only.

The database holds the built-in demo corpus and the 12-article fixture tests/fixtures/store/bridge.jsonl
(both written for crosswire; no real article text), built with `crosswire ingest` in a temporary
folder and served by `crosswire serve` on loopback. Needs Debian's `chromium` and playwright.

    .venv/bin/python docs/screenshots/take.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BRIDGE = ROOT / "tests" / "fixtures" / "store" / "bridge.jsonl"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STORY = "/stories/s-tidewell"  # the bridge fixture's story (a unique prefix of its id)
# (file name, path, viewport width, what to capture: "page" = the viewport, "full" = the whole
# page, or a CSS selector for one element)
SHOTS = [
    ("stories.png", "/", 1100, "page"),
    ("story.png", STORY, 1100, "page"),
    ("graph.png", STORY, 1100, "section.graph"),
    ("disputes.png", STORY, 1100, "section.disputes"),
    ("compare.png", "/compare?original=tidewell-norwire&copy=tidewell-quay", 1100, "page"),
    ("graph-360.png", STORY, 360, "section.graph"),
    ("compare-360.png", "/compare?original=tidewell-norwire&copy=tidewell-quay", 360, "page"),
    ("article.png", "/articles/tidewell-quay", 1100, "page"),
]


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    """Start `crosswire serve` on a free loopback port; return the process and its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "crosswire.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/api/stories", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("crosswire serve did not start")


def shoot(base: str, out: Path) -> None:
    """Open each view in headless Chromium and save its screenshot under ``out``."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium not found (Debian: apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for name, path, width, what in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": 900 if width > 400 else 760})
            page.goto(base + path)
            if what in ("page", "full"):
                page.screenshot(path=str(out / name), full_page=what == "full")
            else:
                page.locator(what).screenshot(path=str(out / name))
            page.close()
            print(f"wrote {out / name}")
        browser.close()


def main() -> None:
    """Build the fictional database, serve it, take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    from crosswire.cli import demo_corpus

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screens.duckdb"
        subprocess.run([sys.executable, "-m", "crosswire.cli", "ingest", "-q", "--db", str(db), str(demo_corpus()),
                        str(BRIDGE)], check=True)
        proc, base = serve(db)
        try:
            args.out.mkdir(parents=True, exist_ok=True)
            shoot(base, args.out)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
