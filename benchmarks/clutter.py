"""Clutter benchmark: scraped-style text of 181 news pages, cleaned by ``clean_scraped``.

Each HTML page of ``../shared/data/article-extraction`` becomes "text copied off the page" (all
visible text, one block element a line), the whole batch is cleaned as the pipeline does (with
corpus line counts), and the kept text is scored against the ground-truth article body with
word-bag precision / recall / F1 per page, averaged over pages. Beside it: the floor "keep every
line" and a simple baseline "keep lines of at least 10 words".

The cleaner's line model (``crosswire.extract.line_model``) is learned from these pages, so the headline
figure is page-level K-fold cross-validation: the pages are split into FOLDS folds, a model is
trained on the other folds and cleans the held-out ones. One split's figure moves by about
+-0.003 whenever anything changes (the fold models shift), so the CV is repeated over SPLITS fold
splits (``--splits``; split 0 is the historical round-robin one, reported as well) and the
headline is their mean; the per-split figures and their spread are printed and saved. Beside
it, in the same run: the hand-weighted rules alone, the shipped model (trained on all pages: an
in-sample figure, for reference only) and the baselines. ``--train`` retrains the shipped model on all pages and writes
``src/crosswire/line_model.json`` (numbers only: no text of the pages).

Run: ``nice -n 10 .venv/bin/python benchmarks/clutter.py [--limit N] [--train] [--splits K] [--worst N]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np
from _common import data_dir, peak_memory_mb, print_table, write_results

from crosswire.extract import line_model
from crosswire.extract.articles import corpus_line_counts
from crosswire.extract.line_model import LabelledPage, line_features
from crosswire.extract.scraped import clean_scraped, line_evidence
from crosswire.records import RawDocument
from crosswire.text import words

# Elements whose text a reader never sees.
INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
# Elements that start a new line when text is copied off a rendered page.
BLOCKS = frozenset(["address", "article", "aside", "blockquote", "body", "br", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "option", "button", "label", "select", "textarea", "caption"])
_PARSER = lxml_html.HTMLParser(encoding="utf-8")
# The simple baseline keeps lines with at least this many words (a common rule of thumb).
BASELINE_MIN_WORDS = 10
# Cross-validation folds (pages are dealt round-robin by sorted id, so folds are fixed).
FOLDS = 5
# Fold splits the CV is repeated over: split 0 is the round-robin one above, split k > 0 deals the
# pages after a shuffle seeded with k. One split's F1 moves by about +-0.003 when anything changes
# (the fold models shift), so the headline is the mean over splits; their spread is printed.
SPLITS = 3
# A line is labelled article text when it appears whole in the ground-truth body, or when at least
# this share of its word trigrams does (labels of lines are bimodal: 98% are 0 or 1 exactly).
LABEL_MIN_SHARE = 0.5
# ...but a line shorter than this many words ("Advertisement", "Reply", "Photos") must match a whole
# paragraph of the body: inside a paragraph such words say nothing about the line.
LABEL_SHORT_WORDS = 4
MODEL_PATH = Path(__file__).resolve().parent.parent / "src" / "crosswire" / line_model.MODEL_FILE


def read_page(path: Path) -> str:
    """Decode one saved page (plain or gzipped)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def page_to_scraped(markup: str) -> str:
    """All visible text of a page, one block element a line, in document order."""
    root = lxml_html.document_fromstring(markup.encode("utf-8"), parser=_PARSER)
    lines: list[str] = []
    current: list[str] = []
    _walk(root, lines, current)
    _flush(lines, current)
    return "\n".join(lines)


def _flush(lines: list[str], current: list[str]) -> None:
    """End the line being built (if it holds any text)."""
    text = " ".join("".join(current).split())
    if text:
        lines.append(text)
    current.clear()


def _walk(element, lines: list[str], current: list[str]) -> None:
    """Depth-first text collection; block elements break lines before and after themselves."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in INVISIBLE:  # comments, processing instructions, hidden elements
        if element.tail:
            current.append(element.tail)
        return
    block = tag in BLOCKS
    if block:
        _flush(lines, current)
    if element.text:
        current.append(element.text)
    for child in element:
        _walk(child, lines, current)
    if block:
        _flush(lines, current)
    if element.tail:
        current.append(element.tail)


def word_bag_prf(predicted: str, truth: str) -> tuple[float, float, float]:
    """Word-bag precision, recall and F1 of ``predicted`` against ``truth``."""
    got, want = Counter(words(predicted)), Counter(words(truth))
    common = sum((got & want).values())
    if not got or not want:
        return (1.0 if got == want else 0.0,) * 3
    precision, recall = common / sum(got.values()), common / sum(want.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def line_labels(lines: list[str], truth: str) -> np.ndarray:
    """1 for lines that are article text by the ground truth (whole, or mostly by word trigrams)."""
    body = [w.lower() for w in words(truth)]
    joined, trigrams = " " + " ".join(body) + " ", _trigrams(body)
    paragraphs = {tuple(w.lower() for w in words(paragraph)) for paragraph in truth.splitlines()}
    labels = []
    for line in lines:
        tokens = [w.lower() for w in words(line)]
        if len(tokens) < LABEL_SHORT_WORDS:
            labels.append(bool(tokens) and tuple(tokens) in paragraphs)
            continue
        whole = f" {' '.join(tokens)} " in joined
        own = _trigrams(tokens)
        labels.append(whole or (bool(own) and len(own & trigrams) / len(own) >= LABEL_MIN_SHARE))
    return np.array(labels, dtype=int)


def _trigrams(tokens: list[str]) -> set[tuple[str, ...]]:
    """Word trigrams of a token list."""
    return {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}


def labelled_pages(documents: list[RawDocument], line_counts: Counter[str], truth: dict) -> list[LabelledPage]:
    """Features and labels of every page's lines; a line weighs its word count (the metric counts words)."""
    pages = []
    for document in documents:
        _raw, shown, found, scores = line_evidence(document, line_counts)
        counts = [s.words for s in scores]
        pages.append(LabelledPage(rows=line_features(scores, found.meta, found.crumbs),
                                  labels=line_labels(shown, truth[document.id]["articleBody"]),
                                  weights=np.maximum(np.array(counts, dtype=float), 1.0)))
    return pages


def fold_of(count: int, split: int) -> list[int]:
    """Fold of each page for one split: split 0 deals sorted pages round-robin, split k > 0 a seeded shuffle."""
    order = np.arange(count) if split == 0 else np.random.default_rng(split).permutation(count)
    folds = [0] * count
    for position, page in enumerate(order):
        folds[int(page)] = position % FOLDS
    return folds


def cross_validated(documents: list[RawDocument], line_counts: Counter[str],
                    pages: list[LabelledPage], split: int = 0) -> dict[str, str]:
    """Clean every page with a model trained on the other folds only (fold assignment ``split``)."""
    folds = fold_of(len(documents), split)
    cleaned = {}
    for fold in range(FOLDS):
        model = line_model.fit([p for p, f in zip(pages, folds) if f != fold])
        for document, f in zip(documents, folds):
            if f == fold:
                cleaned[document.id] = clean_scraped(document, line_counts, model=model).text
        print(f"  split {split}: fold {fold + 1}/{FOLDS} done")
    return cleaned


def score_split(cleaned: dict[str, str], documents: list[RawDocument], truth: dict) -> dict[str, float]:
    """Mean precision, recall and F1 over pages of one split's held-out cleaning."""
    precision, recall, f1 = average([word_bag_prf(cleaned[d.id], truth[d.id]["articleBody"]) for d in documents])
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def keep_all(text: str) -> str:
    """Floor: every line is kept."""
    return text


def keep_long_lines(text: str) -> str:
    """Baseline: keep lines with at least BASELINE_MIN_WORDS words."""
    return "\n".join(line for line in text.splitlines() if len(line.split()) >= BASELINE_MIN_WORDS)


def average(scores: list[tuple[float, float, float]]) -> list[float]:
    """Mean precision, recall and F1 over pages."""
    return [sum(s[i] for s in scores) / len(scores) for i in range(3)] if scores else [0.0] * 3


def main() -> None:
    """Build the scraped batch, clean it, score every method, print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (development)")
    parser.add_argument("--worst", type=int, default=0, help="print the N pages with the lowest F1")
    parser.add_argument("--train", action="store_true", help=f"retrain the shipped model on all pages ({MODEL_PATH.name})")
    parser.add_argument("--splits", type=int, default=SPLITS,
                        help=f"repeat the CV over this many fold splits and report their mean (default {SPLITS})")
    args = parser.parse_args()
    root = data_dir("article-extraction")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[: args.limit or None]
    documents = [RawDocument(id=i, source_path=f"{i}.html", media_type="text/plain",
                             text=page_to_scraped(read_page(root / "html" / f"{i}.html"))) for i in ids]
    line_counts = corpus_line_counts(documents)
    pages = labelled_pages(documents, line_counts, truth)
    if args.train:
        model = line_model.fit(pages)
        MODEL_PATH.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
        line_model.default_model.cache_clear()
        print(f"trained on all {len(pages)} pages: wrote {MODEL_PATH.name}")
    started = time.perf_counter()
    shipped = {d.id: clean_scraped(d, line_counts).text for d in documents}
    seconds = time.perf_counter() - started
    rules = {d.id: clean_scraped(d, line_counts, model=None).text for d in documents}
    cv = cross_validated(documents, line_counts, pages)
    repeated = [score_split(cross_validated(documents, line_counts, pages, split), documents, truth)
                for split in range(1, max(args.splits, 1))]
    methods: dict[str, Callable[[RawDocument], str]] = {
        f"crosswire, line model, {FOLDS}-fold CV, split 0": lambda d: cv[d.id],
        "crosswire, rules only (no model)": lambda d: rules[d.id],
        "crosswire, shipped model (in-sample)": lambda d: shipped[d.id],
        f"baseline: lines >= {BASELINE_MIN_WORDS} words": lambda d: keep_long_lines(d.text),
        "floor: keep every line": lambda d: keep_all(d.text),
    }
    figures: dict[str, dict[str, float]] = {}
    rows = []
    for name, method in methods.items():
        per_page = [word_bag_prf(method(d), truth[d.id]["articleBody"]) for d in documents]
        precision, recall, f1 = average(per_page)
        figures[name] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
        rows.append([name, precision, recall, f1])
        if "CV" in name and args.worst:
            ranked = sorted(zip(per_page, ids), key=lambda pair: (pair[0][2], pair[1]))[: args.worst]
            for (p, r, f), page in ranked:
                print(f"  {page[:16]}  P={p:.3f} R={r:.3f} F1={f:.3f}")
    split_figures = [figures[f"crosswire, line model, {FOLDS}-fold CV, split 0"], *repeated]
    robust = {k: round(float(np.mean([f[k] for f in split_figures])), 4) for k in ("precision", "recall", "f1")}
    spread = {k: round(float(np.ptp([f[k] for f in split_figures])), 4) for k in ("precision", "recall", "f1")}
    headline = f"crosswire, line model, {FOLDS}-fold CV, mean of {len(split_figures)} splits (headline)"
    figures = {headline: robust, **figures}
    rows.insert(0, [headline, robust["precision"], robust["recall"], robust["f1"]])
    print_table(f"Clutter removal on {len(documents)} scraped pages (word-bag, mean per page)",
                ["method", "precision", "recall", "F1"], rows)
    print("CV F1 per split: " + ", ".join(f"{f['f1']:.4f}" for f in split_figures)
          + f" (spread {spread['f1']:.4f}; precision spread {spread['precision']:.4f})")
    print(f"clean_scraped (shipped model): {seconds:.1f} s for {len(documents)} pages; peak memory {peak_memory_mb():.0f} MB")
    write_results("clutter", {"pages": len(documents), "folds": FOLDS, "methods": figures,
                              "cv_splits": {"per_split": split_figures, "spread": spread},
                              "targets": {"f1": 0.93, "precision": 0.95},
                              "clean_seconds": round(seconds, 2), "peak_memory_mb": round(peak_memory_mb())})


if __name__ == "__main__":
    main()
