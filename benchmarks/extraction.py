"""Main-text extraction benchmark: crosswire's HTML extractor against trafilatura and readability-lxml.

Data: ``../shared/data/article-extraction`` (the scrapinghub article-extraction benchmark: 181
pages ``html/<id>.html``, possibly gzipped, and ``ground-truth.json`` ``{id: {articleBody, url}}``).
Metric, as that benchmark computes it: each text is tokenised into lower-cased ``\\w+`` words,
counted as a multiset; per page P = |pred ∩ gold| / |pred|, R = |pred ∩ gold| / |gold|, F1 their
harmonic mean (0 for an empty prediction); the three are averaged over pages.

Scored in one run: crosswire (``html.extract_html``, the full stage with metadata and ``removed``),
its own rules one at a time (ablation), trafilatura default, trafilatura without comments,
readability-lxml, the page's JSON-LD ``articleBody`` where it has one, and the stored outputs
in ``baseline-outputs/`` for reference. Time per page is wall-clock on this machine.

Run: ``nice -n 10 .venv/bin/python benchmarks/extraction.py [--limit N]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import data_dir, peak_memory_mb, print_table, write_results

from crosswire.extract.html import combine, extract_html, main_text
from crosswire.records import Article, RawDocument

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(slots=True)
class Page:
    """One benchmark page: its id, its HTML and the hand-checked article body."""

    id: str
    html: str
    gold: str


@dataclass(slots=True)
class Scores:
    """Per-page precision / recall / F1 of one system, and its time per page when run here."""

    name: str
    source: str  # "this run" | "stored output"
    rows: list[tuple[float, float, float]] = field(default_factory=list)
    seconds: float | None = None

    def mean(self, index: int) -> float:
        """Average over pages of precision (0), recall (1) or F1 (2)."""
        return sum(row[index] for row in self.rows) / len(self.rows) if self.rows else 0.0

    def figures(self) -> dict[str, float | str | None]:
        """The averaged figures as a JSON-ready dict."""
        per_page = self.seconds / len(self.rows) * 1000 if self.seconds is not None and self.rows else None
        return {"precision": round(self.mean(0), 4), "recall": round(self.mean(1), 4), "f1": round(self.mean(2), 4),
                "ms_per_page": round(per_page, 1) if per_page is not None else None, "source": self.source}


def word_bag(text: str) -> Counter[str]:
    """Lower-cased word multiset of ``text``."""
    return Counter(_WORD.findall((text or "").lower()))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Word-bag precision, recall and F1 of one prediction."""
    pred, true = word_bag(predicted), word_bag(gold)
    n_pred, n_true = sum(pred.values()), sum(true.values())
    if not n_pred and not n_true:
        return 1.0, 1.0, 1.0
    overlap = sum((pred & true).values())
    precision = overlap / n_pred if n_pred else 0.0
    recall = overlap / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_pages(root: Path, limit: int | None) -> list[Page]:
    """Read the ground truth and the pages (gunzipping where needed), in id order."""
    truth_path = root / "ground-truth.json"
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"{truth_path}: cannot read ground truth ({error})")
    pages = []
    for page_id in sorted(truth)[:limit]:
        path = root / "html" / f"{page_id}.html"
        if not path.exists():
            path = path.with_suffix(".html.gz")
        try:
            data = path.read_bytes()
        except OSError as error:
            sys.exit(f"{path}: cannot read page ({error.strerror})")
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        pages.append(Page(page_id, data.decode("utf-8", errors="replace"), truth[page_id]["articleBody"]))
    return pages


def run_live(name: str, pages: list[Page], extractor: Callable[[Page], str]) -> tuple[Scores, list[str]]:
    """Run one extractor over every page, timing it; returns its scores and its outputs."""
    outputs = []
    start = time.perf_counter()
    for page in pages:
        outputs.append(extractor(page))
    scores = Scores(name, "this run", seconds=time.perf_counter() - start)
    scores.rows = [prf(out, page.gold) for out, page in zip(outputs, pages)]
    return scores, outputs


def score_outputs(name: str, pages: list[Page], outputs: list[str], source: str = "this run") -> Scores:
    """Score outputs computed elsewhere (an ablation, or a stored baseline)."""
    return Scores(name, source, [prf(out, page.gold) for out, page in zip(outputs, pages)])


def crosswire_text(page: Page) -> str:
    """crosswire's HTML stage end to end (metadata and ``removed`` included in the time)."""
    result = extract_html(RawDocument(page.id, page.id, "text/html", page.html))
    return result.text if isinstance(result, Article) else ""


def trafilatura_default(page: Page) -> str:
    """``trafilatura.extract(html)`` with its defaults (comments included)."""
    import trafilatura

    return trafilatura.extract(page.html) or ""


def trafilatura_no_comments(page: Page) -> str:
    """``trafilatura.extract(html, include_comments=False)``."""
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False) or ""


def readability_lxml(page: Page) -> str:
    """``readability.Document(html).summary()``, then the summary's text content."""
    from lxml import etree
    from lxml import html as lxml_html
    from readability import Document
    from readability.readability import Unparseable

    try:
        return lxml_html.fromstring(Document(page.html).summary()).text_content()
    except (Unparseable, etree.ParserError, ValueError, TypeError):  # a failed page scores 0, as in the original
        return ""


def json_ld_body(html: str) -> str | None:
    """The longest ``articleBody`` string in the page's JSON-LD blocks, or None."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8"))
    except ValueError:
        return None
    bodies: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            stack = [json.loads(script.text_content(), strict=False)]
        except ValueError:
            continue
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("articleBody"), str):
                    bodies.append(node["articleBody"])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return max(bodies, key=len) if bodies else None


def ablation(pages: list[Page], final: list[str]) -> tuple[list[Scores], dict[str, int]]:
    """Score crosswire's rules one by one, and the JSON-LD ``articleBody`` variant that was tried and not used."""
    mains = [main_text(page.html) for page in pages]
    rules = Counter(main.rule for main in mains)
    json_ld = [json_ld_body(page.html) for page in pages]
    variants = [
        score_outputs("  ablation: trafilatura favor_precision only", pages, [m.precise for m in mains]),
        score_outputs("  ablation: readability text (crosswire's linearisation)", pages, [m.readable for m in mains]),
        score_outputs("  ablation: + fallback rule, no edge trim", pages,
                      [combine(m.precise, m.readable, trim=False).text for m in mains]),
        score_outputs("  ablation: + edge trim (main_text, before headline drop)", pages, [m.text for m in mains]),
        score_outputs("  variant: JSON-LD articleBody where present (not used)", pages,
                      [body if body else out for body, out in zip(json_ld, final)]),
    ]
    rules["json_ld_pages"] = sum(1 for body in json_ld if body)
    return variants, dict(sorted(rules.items()))


def stored_baselines(root: Path, pages: list[Page]) -> list[Scores]:
    """Score the stored outputs of other extractors (files shaped like the ground truth)."""
    scores = []
    for path in sorted((root / "baseline-outputs").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            print(f"{path}: skipped ({error})")
            continue
        data = data.get("output", data)
        outputs = [(data.get(page.id) or {}).get("articleBody") or "" for page in pages]
        scores.append(score_outputs(f"stored: {path.stem}", pages, outputs, "stored output"))
    return scores


def main() -> None:
    """Score every system on the benchmark, print one table and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages (by id)")
    args = parser.parse_args()
    root = data_dir("article-extraction")
    pages = load_pages(root, args.limit)
    crosswire, final = run_live("crosswire (html.extract_html)", pages, crosswire_text)
    live = [crosswire] + [run_live(name, pages, fn)[0] for name, fn in (
        ("trafilatura 2.x default", trafilatura_default),
        ("trafilatura include_comments=False", trafilatura_no_comments),
        ("readability-lxml summary() text", readability_lxml),
    )]
    variants, rules = ablation(pages, final)
    systems = live + variants + stored_baselines(root, pages)
    rows = [[s.name, s.mean(0), s.mean(1), s.mean(2), s.figures()["ms_per_page"] or "-", s.source] for s in systems]
    print_table(f"Article extraction, {len(pages)} pages, word-bag P/R/F1 averaged per page",
                ["system", "precision", "recall", "F1", "ms/page", "from"], rows)
    print(f"\ncrosswire rules applied: {rules}; peak memory {peak_memory_mb():.0f} MB")
    write_results("extraction", {
        "pages": len(pages), "metric": "word-bag P/R/F1 per page (lower-cased \\w+ tokens), averaged",
        "systems": {s.name.strip(): s.figures() for s in systems}, "crosswire_rules": rules,
        "published_reference": {"best_f1": 0.970, "trafilatura_2_0": 0.958, "readability_lxml": 0.922},
        "peak_memory_mb": round(peak_memory_mb(), 1),
    })


if __name__ == "__main__":
    main()
