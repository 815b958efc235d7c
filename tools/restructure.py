"""Move crosswire's flat modules into stage packages (issue 19 item 1), deterministically.

Run at the root of a clean checkout of main (``python tools/restructure.py``). It

1. checks that every module in ``src/crosswire/`` is named in MAPPING or CORE (else it stops and
   lists the unknown ones, so a module added since is caught and given one line here);
2. applies the structural edits that are not pure moves, on the flat files: ``add_articles`` goes
   from cluster.py to stream.py (breaks the cluster <-> stream cycle), the reading sample
   (``MAX_STORY_READING``, ``reading_sample``) goes from pipeline.py to a new reading.py (so the
   report writers need not import the engine), and store.py's "Incremental ingest" section goes to
   a new incremental.py (the store stores; the engine orchestrates);
3. ``git mv``s every module to its place in MAPPING and writes each stage package's ``__init__.py``;
4. rewrites every import and dotted name in src/, tests/, benchmarks/ (relative and absolute
   imports, ``import crosswire.x``, ``from . import x``, ``module.moved_name`` attributes,
   ``setattr(module, "moved_name", ...)``, strings such as ``"crosswire.x.y"`` for mock/monkeypatch
   and logger names, ``python -m crosswire.x``) and the dotted names and ``crosswire/x.py`` paths in
   pyproject.toml, Makefile, README.md and docs/;
5. removes the imports the moves left unused (ruff F401), adds the README's "Code layout" section
   and tests/test_layout.py, then imports every module and resolves every dotted ``crosswire.``
   name it wrote; any failure stops it with a list (exit status 1).

It is idempotent only on a checkout of main: on an already restructured tree it stops at step 1.
"""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

PKG = Path("src/crosswire")

# Old flat module -> new place (dotted, under crosswire). New modules made by the structural
# edits (reading, incremental) are listed as well: they are written flat first, then moved.
MAPPING: dict[str, str] = {
    # ingest: sources -> RawDocument
    "ingest": "ingest.sources",
    "decoding": "ingest.decoding",
    "warc": "ingest.warc",
    "feeds": "ingest.feeds",
    "fetch": "ingest.fetch",
    "discover": "ingest.discover",
    "metadata": "ingest.metadata",  # dates/bylines in names and lines: used by ingest, extract and stories
    # extract: RawDocument -> Article
    "extract": "extract.articles",
    "agencies": "extract.agencies",
    "html": "extract.html",
    "htmlblocks": "extract.htmlblocks",
    "language": "extract.language",
    "notarticle": "extract.notarticle",
    "scraped": "extract.scraped",
    "clutter": "extract.clutter",
    "line_model": "extract.line_model",
    # provenance: reuse links and origin groups
    "provenance": "provenance.reuse",
    "align": "provenance.align",
    "boilerplate": "provenance.boilerplate",
    "reuse_features": "provenance.reuse_features",
    # stories: events, batch and incremental
    "cluster": "stories.cluster",
    "stream": "stories.stream",
    "similarity": "stories.similarity",
    "reading": "stories.reading",  # new: the reading sample, out of pipeline.py
    # facts: entities and claims
    "facts": "facts.lineup",
    "entities": "facts.entities",
    "nlp": "facts.nlp",
    "quantities": "facts.quantities",
    "quotes": "facts.quotes",
    "statements": "facts.statements",
    "timex": "facts.timex",
    # briefing
    "briefing": "briefing.write",
    "support": "briefing.support",
    "llm": "briefing.llm",
    # report writers
    "report": "report.writers",
    # the DuckDB store
    "store": "store.db",
    "queries": "store.queries",  # ranked search, facets and lists for the web app and the CLI
    "stored_index": "store.stored_index",  # the incremental indexes' state as table rows
    # engines: drivers that call the stages
    "pipeline": "engine.local",
    "incremental": "engine.incremental",  # new: store.py's ingest orchestration
    "live": "engine.live",
    "watch": "engine.watch",
    "engine_spark": "engine.spark",
}
# Modules that stay at the top: the core every stage may use, and the command line.
CORE = {"__init__", "records", "settings", "errors", "text", "groups", "embeddings", "cli"}
# Sub-packages and folders that stay where they are (add a stage package here if main already has
# it, e.g. "engine" once an engine/spark.py lands before this runs: the moved modules join it).
KEPT_DIRS = {"web", "examples", "__pycache__"}

STAGE_DOCS: dict[str, str] = {
    "ingest": "Stage 1, ingest: files, folders, stdin, WARC, feeds and fetched pages read into RawDocuments.",
    "extract": "Stage 2, extract: RawDocument -> Article (text without clutter, metadata, agencies); non-articles reported.",
    "provenance": "Stage 3, provenance: reuse links between articles (no all-pairs step) and origin groups.",
    "stories": "Stage 4, stories: articles grouped into real-world events, in one batch or incrementally.",
    "facts": "Stage 5, facts: entities resolved across spellings, claims lined up over independent sources.",
    "briefing": "Stage 6, briefing: cited sentences and the corroborated, disputed, updated and single-source lines.",
    "report": "Report writers: the contract's JSON and the Markdown report.",
    "store": "The DuckDB store: tables, one transaction per batch, reads for the CLI and the web app.",
    "engine": ("Engines: the drivers that call the stages' functions in order. local = in-process batch "
               "(analyze); incremental = ingest into the store; live/watch = fetched pages into the store."),
}

# Names moved between modules by the structural edits: (old module, name) -> old-style new module.
NAME_MOVES: dict[tuple[str, str], str] = {("cluster", "add_articles"): "stream"}
READING_NAMES = ("MAX_STORY_READING", "reading_sample", "_reading_order")
# Functions of the "Incremental ingest" section that store.py itself uses (old files re-hashed when
# opened for writing): they stay in store.db.
STORE_KEEPS = ("content_hash",)
INGEST_CONSTANTS = ("INGEST_BATCH", "BATCH_GROWTH", "PREFETCH_ARTICLES")

README_SECTION = """## Code layout

`src/crosswire/` holds one package per pipeline stage; data flows one way, and a package imports
only the core and the packages above it in this list (tests/test_layout.py checks it):

- core modules: `records` (typed records between stages), `settings`, `errors`, `text`, `groups`
  (union-find), `embeddings` (the shared sentence-vector model), `cli` (the command line);
- `ingest/`: sources (files, folders, WARC, feeds, fetched pages) read into RawDocuments;
- `extract/`: RawDocument -> Article: clean text, metadata, agencies; non-articles reported;
- `provenance/`: reuse links between articles and origin groups;
- `stories/`: articles grouped into events (batch and incremental), the per-story reading sample;
- `facts/`: entities and claims lined up across independent sources;
- `briefing/`: cited briefing sentences and the corroborated / disputed / single-source lines;
- `report/`: JSON and Markdown writers;
- `store/`: the DuckDB store (tables, batches, reads);
- `engine/`: drivers that call the stages in order: `local` (in-process `analyze`), `incremental`
  (`ingest` into the store), `live` and `watch` (fetched pages); a Spark engine will sit beside them;
- `web/`: the web app and JSON API over the store.

"""

# tests/test_layout.py is copied from this file (kept here so that main, without the packages, has no failing test).
LAYOUT_TEST = Path(__file__).with_name("restructure_layout_test.py")


class Failure(Exception):
    """A problem the tool cannot solve alone; the message lists what to add or fix by hand."""


# ---------------------------------------------------------------------------------------------
# Text helpers


def read(path: Path) -> str:
    """A file's text."""
    return path.read_text(encoding="utf-8")


def write(path: Path, text: str) -> None:
    """Write a file's text (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def git(*args: str) -> str:
    """Run git; stop on failure."""
    done = subprocess.run(["git", *args], check=False, capture_output=True, text=True)
    if done.returncode:
        raise Failure(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def line_offsets(text: str) -> list[int]:
    """Character offset of the start of each line (1-based line numbers index [n-1])."""
    offsets, pos = [], 0
    for line in text.splitlines(keepends=True):
        offsets.append(pos)
        pos += len(line)
    offsets.append(pos)
    return offsets


def char_offset(text_lines: list[str], offsets: list[int], lineno: int, col: int) -> int:
    """Character offset of an AST position (its column counts UTF-8 bytes)."""
    line = text_lines[lineno - 1]
    return offsets[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8"))


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace character spans (start, end, new text); spans must not overlap."""
    out, last = [], 0
    for start, end, new in sorted(edits):
        if start < last:
            raise Failure(f"overlapping edits at offset {start}")
        out += [text[last:start], new]
        last = end
    out.append(text[last:])
    return "".join(out)


def top_level_names(tree: ast.Module) -> dict[str, ast.stmt]:
    """Names a module defines at its top level (defs, classes, assignments) -> their statement."""
    names: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node
    return names


def statement_lines(lines: list[str], node: ast.stmt) -> tuple[int, int]:
    """0-based [start, end) line span of a top-level statement with its decorators and the comment
    lines directly above it."""
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
    while start > 0 and lines[start - 1].startswith("#") and not lines[start - 1].startswith("# ----"):
        start -= 1
    return start, node.end_lineno


def used_names(source: str) -> set[str]:
    """Every bare name the code reads."""
    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}


def import_block(tree: ast.Module, lines: list[str]) -> str:
    """The module's top-level import statements (``if TYPE_CHECKING`` blocks left out), as text."""
    chunks = [
        "".join(lines[node.lineno - 1:node.end_lineno])
        for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
    ]
    return "".join(chunks)


def drop_from_all(text: str, names: set[str]) -> tuple[str, list[str]]:
    """Remove ``names`` from the module's ``__all__`` list; return the text and the names removed."""
    tree = ast.parse(text)
    node = top_level_names(tree).get("__all__")
    if node is None:
        return text, []
    listed = [e.value for e in node.value.elts]
    removed = [n for n in listed if n in names]
    kept = [n for n in listed if n not in names]
    lines = text.splitlines(keepends=True)
    new = "__all__ = [\n" + "".join(f'    "{n}",\n' for n in kept) + "]\n"
    return "".join(lines[:node.lineno - 1]) + new + "".join(lines[node.end_lineno:]), removed


def all_list(names: list[str]) -> str:
    """An ``__all__`` assignment."""
    return "\n\n__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n" if names else ""


# ---------------------------------------------------------------------------------------------
# Step 1: every module accounted for


def check_mapping() -> None:
    """Stop, listing them, when src/crosswire holds a module or folder the tables do not name."""
    unknown = []
    for path in sorted(PKG.iterdir()):
        if path.is_dir():
            if path.name not in KEPT_DIRS:
                unknown.append(f"{path}/ (a folder: add it to MAPPING or KEPT_DIRS)")
        elif path.suffix == ".py" and path.stem not in MAPPING and path.stem not in CORE:
            unknown.append(f"{path} (add a line to MAPPING, or the name to CORE)")
    missing = [f"{PKG / name}.py" for name in MAPPING if name not in ("reading", "incremental")
               and not (PKG / f"{name}.py").is_file()]
    if missing:
        unknown += [f"{m} is in MAPPING but not in the checkout (already restructured, or removed)" for m in missing]
    if unknown:
        raise Failure("modules not in the mapping:\n  " + "\n  ".join(unknown))


# ---------------------------------------------------------------------------------------------
# Step 2: structural edits (on the flat files, in the old layout)


def move_add_articles() -> None:
    """cluster.add_articles -> stream.py: stream imports cluster, and cluster no longer imports stream."""
    path = PKG / "cluster.py"
    text = read(path)
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    node = top_level_names(tree).get("add_articles")
    if node is None:
        raise Failure("cluster.py has no add_articles: update move_add_articles")
    start, end = statement_lines(lines, node)
    function = "".join(lines[start:end])
    lazy = "    from .stream import StreamState\n\n"
    if lazy not in function:
        raise Failure("cluster.add_articles no longer imports StreamState lazily: update move_add_articles")
    function = function.replace(lazy, "")
    rest = "".join(lines[:start]).rstrip("\n") + "\n" + "".join(lines[end:]).lstrip("\n")
    if not rest.endswith("\n"):
        rest += "\n"
    checking = "if TYPE_CHECKING:\n    from .stream import StreamState\n\n"
    if checking not in rest:
        raise Failure("cluster.py's TYPE_CHECKING import of StreamState changed: update move_add_articles")
    rest = rest.replace(checking, "")
    if "TYPE_CHECKING" not in rest.replace("from typing import TYPE_CHECKING\n", ""):
        rest = rest.replace("from typing import TYPE_CHECKING\n", "")
    if "StreamState" in used_names(rest):
        raise Failure("cluster.py still uses StreamState after the move: update move_add_articles")
    write(path, rest)
    stream = PKG / "stream.py"
    write(stream, read(stream).rstrip("\n") + "\n\n\n" + function)


def split_module(source: str, new: str, docstring: str, chunks: list[tuple[int, int]], allow_back: bool,
                 moved_hint: str) -> set[str]:
    """Move the given line spans of ``source``.py into a new flat module ``new``.py.

    The new module gets the source's imports (unused ones removed later), an import of the source
    names its code reads, and ``__all__`` with the moved names the source exported. When the rest of
    the source reads a moved name it imports it from the new module if ``allow_back``, else this
    stops (it would make a cycle). Returns the moved top-level names.
    """
    path = PKG / f"{source}.py"
    text = read(path)
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    taken = set()
    for start, end in chunks:
        taken.update(range(start, end))
    merged: list[list[int]] = []
    for start, end in sorted(chunks):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    moved_text = "\n\n".join("".join(lines[start:end]).strip("\n") + "\n" for start, end in merged)
    moved_names = set(top_level_names(ast.parse(moved_text)))
    rest_lines = [line for i, line in enumerate(lines) if i not in taken]
    rest = re.sub(r"\n{4,}", "\n\n\n", "".join(rest_lines))
    rest, exported = drop_from_all(rest, moved_names)
    rest_tree = ast.parse(rest)
    rest_defined = set(top_level_names(rest_tree)) - {"__all__"}
    back = sorted(used_names(rest) & moved_names)
    if back and not allow_back:
        raise Failure(f"{source}.py still uses {back} after moving them to {new}.py ({moved_hint})")
    if back:
        rest_lines = rest.splitlines(keepends=True)
        last = max(n.end_lineno for n in rest_tree.body if isinstance(n, (ast.Import, ast.ImportFrom)))
        rest = "".join(rest_lines[:last]) + f"from .{new} import {', '.join(back)}\n" + "".join(rest_lines[last:])
    needs = sorted((used_names(moved_text) & rest_defined) - moved_names)
    imports = import_block(tree, lines)
    if needs:
        imports += f"from .{source} import (\n" + "".join(f"    {n},\n" for n in needs) + ")\n"
    body = moved_text.strip("\n") + "\n"
    write(PKG / f"{new}.py", f'"""{docstring}"""\n\n' + imports + "\n\n" + body + all_list(exported))
    write(path, rest)
    return moved_names


def move_reading_sample() -> set[str]:
    """pipeline's reading sample -> reading.py, so the report writers read its cap without the engine."""
    text = read(PKG / "pipeline.py")
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    defined = top_level_names(tree)
    missing = [n for n in READING_NAMES if n not in defined]
    if missing:
        raise Failure(f"pipeline.py lacks {missing}: update READING_NAMES")
    chunks = [statement_lines(lines, defined[n]) for n in READING_NAMES]
    return split_module("pipeline", "reading",
                        "The articles a story's entity, fact and briefing stages read: all, or a bounded sample.",
                        chunks, allow_back=True, moved_hint="")


def move_store_ingest() -> set[str]:
    """store.py's "Incremental ingest" section (and its batch constants) -> incremental.py."""
    text = read(PKG / "store.py")
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    markers = [i for i, line in enumerate(lines) if line.startswith("# ----")]
    begin = [i for i in markers if i + 1 < len(lines) and lines[i + 1].strip() == "# Incremental ingest"]
    if not begin:
        raise Failure('store.py has no "# Incremental ingest" section: update move_store_ingest')
    after = [i for i in markers if i > begin[0]]
    end = after[0] if after else len(lines)
    defined = top_level_names(tree)
    kept = sorted(statement_lines(lines, defined[n]) for n in STORE_KEEPS if n in defined)
    chunks, at = [], begin[0]
    for start, stop in kept:  # what the store itself reads stays in store.py
        if begin[0] <= start < end:
            chunks.append((at, start))
            at = stop
    chunks.append((at, end))
    for name in INGEST_CONSTANTS:
        if name not in defined:
            raise Failure(f"store.py lacks {name}: update INGEST_CONSTANTS")
        chunks.append(statement_lines(lines, defined[name]))
    doc = ("Incremental ingest into the DuckDB store: the in-process driver of ``crosswire ingest``.\n\n"
           "Documents are read and extracted, new ones found by content hash, then written in batches, one\n"
           "transaction each: reuse links of the batch, stories updated incrementally, the touched stories\n"
           "completed again (store.db holds the tables and the writes; this module decides what is written).\n")
    return split_module("store", "incremental", doc, chunks, allow_back=False,
                        moved_hint="move the reader into incremental.py too, or keep the name in store.py")


# ---------------------------------------------------------------------------------------------
# Step 4: import rewriting


def new_module(old: str) -> str:
    """New dotted name of an old dotted crosswire module name (unchanged when it does not move)."""
    parts = old.split(".")
    if len(parts) >= 2 and parts[0] == "crosswire" and parts[1] in MAPPING:
        return ".".join(["crosswire", *MAPPING[parts[1]].split("."), *parts[2:]])
    return old


def is_old_module(name: str) -> bool:
    """Whether ``crosswire.<name>`` is an old flat module that moves."""
    return name in MAPPING


@dataclass
class FileContext:
    """What the rewriter knows of one file: its new dotted module (None outside the package)."""

    path: Path
    old_module: str | None
    new_module: str | None
    is_init: bool
    problems: list[str] = field(default_factory=list)
    extra: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # stmt id -> modules to add

    def package(self, old: bool) -> str:
        """The package a relative import starts from (old or new layout)."""
        module = self.old_module if old else self.new_module
        return module if self.is_init else module.rsplit(".", 1)[0]


def absolute(ctx: FileContext, node: ast.ImportFrom) -> str:
    """The absolute (old-layout) module an ImportFrom names."""
    if not node.level:
        return node.module or ""
    parts = ctx.package(old=True).split(".")
    base = parts[:len(parts) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def relative(ctx: FileContext, target: str) -> str:
    """``target`` as written in an import from this file: relative inside the package, else absolute."""
    if ctx.new_module is None:
        return target
    pkg = ctx.package(old=False).split(".")
    parts = target.split(".")
    common = 0
    while common < min(len(pkg), len(parts)) and pkg[common] == parts[common]:
        common += 1
    return "." * (len(pkg) - common + 1) + ".".join(parts[common:])


def binding_of(name: str, asname: str | None) -> str:
    """The local name an import item binds."""
    return asname or name


def resolve_items(node: ast.ImportFrom, base: str) -> list[tuple[str, str, str]]:
    """(new target module, imported name, local binding) for each item of ``from base import ...``."""
    items = []
    for alias in node.names:
        bind = binding_of(alias.name, alias.asname)
        if alias.name == "*" and base.startswith("crosswire.") and any(k[0] == base.split(".")[1] for k in NAME_MOVES):
            raise Failure(f"'from {base} import *' at line {node.lineno}: names moved out of it; import them by name")
        if base == "crosswire" and is_old_module(alias.name):
            target = new_module(f"crosswire.{alias.name}")
            parent, _, leaf = target.rpartition(".")
            items.append((parent, leaf, bind))
        elif base.startswith("crosswire.") and base.split(".")[1] in MAPPING and len(base.split(".")) == 2:
            old = base.split(".")[1]
            dest = NAME_MOVES.get((old, alias.name), old)
            items.append((new_module(f"crosswire.{dest}"), alias.name, bind))
        else:
            items.append((new_module(base), alias.name, bind))
    return items


def format_from(module: str, items: list[tuple[str, str]], indent: str, comment: str) -> str:
    """``from module import a, b as c`` on one line, or wrapped one per line past 120 characters."""
    names = [name if name == bind else f"{name} as {bind}" for name, bind in items]
    line = f"{indent}from {module} import {', '.join(names)}{comment}"
    if len(line) <= 120:
        return line
    inner = "".join(f"{indent}    {n},\n" for n in names)
    return f"{indent}from {module} import ({comment}\n{inner}{indent})"


def rewrite_python(ctx: FileContext, text: str) -> str:
    """The file's text with every crosswire import and dotted name in the new layout."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    offsets = line_offsets(text)
    edits: list[tuple[int, int, str]] = []
    protected: list[tuple[int, int]] = []

    # Module bindings whose moved names are read as attributes: local name -> old module.
    bound: dict[str, tuple[str, ast.stmt]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("crosswire")):
            base = absolute(ctx, node)
            for alias in node.names:
                if base == "crosswire" and any(k[0] == alias.name for k in NAME_MOVES):
                    bound[binding_of(alias.name, alias.asname)] = (alias.name, node)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if alias.asname and len(parts) == 2 and parts[0] == "crosswire" and any(k[0] == parts[1] for k in NAME_MOVES):
                    bound[alias.asname] = (parts[1], node)
    extra: dict[int, list[tuple[str, str]]] = {}

    def moved_ref(name_node: ast.expr, attr: str) -> None:
        """Point ``alias.attr`` (or ``setattr(alias, "attr")``) at the module the name moved to."""
        if not isinstance(name_node, ast.Name) or name_node.id not in bound:
            return
        old, stmt = bound[name_node.id]
        dest = NAME_MOVES.get((old, attr))
        if dest is None:
            return
        start = char_offset(lines, offsets, name_node.lineno, name_node.col_offset)
        end = char_offset(lines, offsets, name_node.end_lineno, name_node.end_col_offset)
        edits.append((start, end, dest))
        extra.setdefault(id(stmt), [])
        if dest not in [d for d, _ in extra[id(stmt)]]:
            extra[id(stmt)].append((dest, dest))

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            moved_ref(node.value, node.attr)
        elif isinstance(node, ast.Call) and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                and isinstance(node.args[1].value, str):
            moved_ref(node.args[0], node.args[1].value)

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if not node.level and not (node.module or "").startswith("crosswire"):
                continue
            if node.level and ctx.old_module is None:
                continue
            base = absolute(ctx, node)
            items = resolve_items(node, base)
            for dest, bind in extra.get(id(node), []):
                target = new_module(f"crosswire.{dest}")
                parent, _, leaf = target.rpartition(".")
                if not any(t == parent and n == leaf for t, n, _ in items):
                    items.append((parent, leaf, bind))
            groups: dict[str, list[tuple[str, str]]] = {}
            for target, name, bind in items:
                groups.setdefault(target, []).append((name, bind))
            unchanged = (len(groups) == 1 and next(iter(groups)) == base and not extra.get(id(node))
                         and relative(ctx, base) == ("." * node.level + (node.module or "") if node.level else base))
            if unchanged:
                continue
            start = char_offset(lines, offsets, node.lineno, node.col_offset)
            end = char_offset(lines, offsets, node.end_lineno, node.end_col_offset)
            indent = " " * node.col_offset if lines[node.lineno - 1][:node.col_offset].strip() == "" else ""
            tail = lines[node.end_lineno - 1][len(lines[node.end_lineno - 1].encode()[:node.end_col_offset].decode()):]
            comment = ""
            if tail.strip().startswith("#"):
                comment = "  " + tail.strip()
                end = offsets[node.end_lineno - 1] + len(lines[node.end_lineno - 1].rstrip("\n"))
            parts = [format_from(relative(ctx, target), group, indent, comment if i == len(groups) - 1 else "")
                     for i, (target, group) in enumerate(groups.items())]
            edits.append((start, end, "\n".join(parts)[len(indent):]))
            protected.append((start, end))
        elif isinstance(node, ast.Import):
            changed = False
            names = []
            for alias in node.names:
                target = new_module(alias.name) if alias.name.startswith("crosswire") else alias.name
                changed |= target != alias.name
                if alias.name.startswith("crosswire.") and target != alias.name and not alias.asname:
                    ctx.problems.append(f"{ctx.path}:{node.lineno}: 'import {alias.name}' without 'as' "
                                        "rewritten; its dotted uses are rewritten as text")
                names.append(f"{target} as {alias.asname}" if alias.asname else target)
            extras = extra.get(id(node), [])
            if not changed and not extras:
                continue
            start = char_offset(lines, offsets, node.lineno, node.col_offset)
            end = char_offset(lines, offsets, node.end_lineno, node.end_col_offset)
            indent = " " * node.col_offset
            new = f"import {', '.join(names)}"
            for dest, bind in extras:
                target = new_module(f"crosswire.{dest}")
                parent, _, leaf = target.rpartition(".")
                new += "\n" + indent + format_from(parent, [(leaf, bind)], "", "")
            edits.append((start, end, new))
            protected.append((start, end))

    # Dotted names in code, strings and comments outside the rewritten imports.
    for match in DOTTED.finditer(text):
        if any(s <= match.start() < e for s, e in protected):
            continue
        new = rewrite_dotted(match)
        if new != match.group(0):
            edits.append((match.start(), match.end(), new))
    for match in PATHS.finditer(text):
        if is_old_module(match.group(1)) and not any(s <= match.start() < e for s, e in protected):
            edits.append((match.start(), match.end(), rewrite_path(match)))
    # ``module.moved_name`` named in comments and docstrings (the code was rewritten above).
    for start, end in text_spans(text, lines, offsets):
        for match in MENTION.finditer(text, start, end):
            if not any(s < match.end() and match.start() < e for s, e, _ in edits):
                edits.append((match.start(1), match.end(1), rewrite_mention(match)))
    return apply_edits(text, [e for e in edits if e[2] is not None])


def text_spans(text: str, lines: list[str], offsets: list[int]) -> list[tuple[int, int]]:
    """Character spans of the comments and string literals of Python source."""
    spans = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in (tokenize.COMMENT, tokenize.STRING):
            spans.append((char_offset_chars(offsets, token.start), char_offset_chars(offsets, token.end)))
    return spans


def char_offset_chars(offsets: list[int], position: tuple[int, int]) -> int:
    """Character offset of a tokenize position (its column counts characters)."""
    return offsets[position[0] - 1] + position[1]


# ``old_module.moved_name`` as written in prose: the module part is replaced.
MENTION = re.compile(r"(?<![\w.])(\w+)\.(\w+)\b")


def rewrite_mention(match: re.Match[str]) -> str | None:
    """The new module of a moved name's mention, or None when the mention is not of one."""
    return NAME_MOVES.get((match.group(1), match.group(2)))


DOTTED = re.compile(r"(?<![\w.])crosswire\.([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?")
PATHS = re.compile(r"(?<![\w.])crosswire/([A-Za-z_]\w*)\.py\b")


def rewrite_dotted(match: re.Match[str]) -> str:
    """``crosswire.old[.name]`` -> its new dotted name (a moved name follows its new module)."""
    old, name = match.group(1), match.group(2)
    if not is_old_module(old):
        return match.group(0)
    dest = NAME_MOVES.get((old, name), old) if name else old
    return new_module(f"crosswire.{dest}") + (f".{name}" if name else "")


def rewrite_text(text: str) -> str:
    """Dotted module names, ``module.moved_name`` mentions and ``crosswire/x.py`` paths in a non-Python file."""
    text = DOTTED.sub(rewrite_dotted, text)
    text = MENTION.sub(lambda m: (rewrite_mention(m) or m.group(1)) + "." + m.group(2), text)
    return PATHS.sub(rewrite_path, text)


def rewrite_path(match: re.Match[str]) -> str:
    """``crosswire/old.py`` -> the module's new file path."""
    old = match.group(1)
    return "crosswire/" + MAPPING[old].replace(".", "/") + ".py" if is_old_module(old) else match.group(0)


# ---------------------------------------------------------------------------------------------
# Steps 3-5: move, rewrite, check


def python_files() -> list[Path]:
    """Every tracked or new Python file under src/, tests/ and benchmarks/."""
    found = []
    for top in ("src", "tests", "benchmarks"):
        found += [p for p in Path(top).rglob("*.py") if "__pycache__" not in p.parts]
    return sorted(found)


def old_module_of(path: Path) -> tuple[str | None, bool]:
    """Dotted module of a file in the old layout (None outside src/), and whether it is an __init__."""
    if path.parts[0] != "src":
        return None, False
    parts = path.relative_to("src").with_suffix("").parts
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def restructure() -> list[str]:
    """Do every step; return the notes for the user (problems raise Failure)."""
    check_mapping()
    if git("status", "--porcelain", "--untracked-files=no").strip():
        raise Failure("the work tree has uncommitted changes: commit or stash them first")
    move_add_articles()
    reading = move_reading_sample()
    NAME_MOVES.update({("pipeline", n): "reading" for n in reading})
    ingest = move_store_ingest()
    NAME_MOVES.update({("store", n): "incremental" for n in ingest})
    git("add", str(PKG / "reading.py"), str(PKG / "incremental.py"))

    notes: list[str] = []
    rewritten: dict[Path, str] = {}
    for path in python_files():
        old, is_init = old_module_of(path)
        new = new_module(old) if old else None
        ctx = FileContext(path, old, new, is_init)
        text = read(path)
        result = rewrite_python(ctx, text)
        notes += ctx.problems
        target = path
        if old and old.split(".")[-1] in MAPPING and old.count(".") == 1:
            target = Path("src", *new.split(".")).with_suffix(".py")
        if result != text or target != path:
            rewritten[target] = result
        if target != path:
            target.parent.mkdir(parents=True, exist_ok=True)
            git("mv", str(path), str(target))
    for target, result in rewritten.items():
        write(target, result)
    for package, doc in STAGE_DOCS.items():
        init = PKG / package / "__init__.py"
        if init.exists():  # a package a helper made already (listed in KEPT_DIRS): its __init__ stays
            notes.append(f"{init} kept as it was; its docstring could say: {doc}")
            continue
        write(init, f'"""{doc}"""\n')
        git("add", str(init))
    for path in [Path("pyproject.toml"), Path("Makefile"), Path("README.md"), *sorted(Path("docs").rglob("*.md"))]:
        if path.is_file():
            text = read(path)
            new_text = rewrite_text(text)
            if new_text != text:
                write(path, new_text)
    add_readme_section()
    write(Path("tests/test_layout.py"), read(LAYOUT_TEST))
    git("add", "tests/test_layout.py")
    unused_imports(sorted(rewritten))
    git("add", "-A", "src", "tests", "benchmarks", *[p for p in ("README.md", "pyproject.toml", "Makefile", "docs")
                                                      if Path(p).exists()])
    verify()
    return notes


def add_readme_section() -> None:
    """README's "Code layout" section, before "## Dependencies beyond" (else at the end)."""
    path = Path("README.md")
    text = read(path)
    if "## Code layout" in text:
        return
    anchor = text.find("## Dependencies beyond")
    text = text[:anchor] + README_SECTION + text[anchor:] if anchor >= 0 else text.rstrip("\n") + "\n\n" + README_SECTION
    write(path, text)


def unused_imports(paths: list[Path]) -> None:
    """Remove the imports the moves left unused (ruff F401) and sort the import blocks (I001) in the files the tool rewrote."""
    files = [str(p) for p in paths if p.suffix == ".py"]
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F401,I001", "--fix",
                           "--quiet", *files], check=False, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise Failure(f"ruff could not run: {done.stderr.strip()}")


RESOLVE = '''
import importlib, pkgutil, re, sys
import crosswire
bad = []
for info in pkgutil.walk_packages(crosswire.__path__, "crosswire."):
    try:
        importlib.import_module(info.name)
    except Exception as error:
        bad.append(f"import {info.name}: {type(error).__name__}: {error}")
for name in sys.argv[1:]:
    parts = name.split(".")
    for k in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:k]))
        except ImportError:
            continue
        try:
            for attr in parts[k:]:
                obj = getattr(obj, attr)
        except AttributeError:
            bad.append(f"unresolved name {name}")
        break
print("\\n".join(bad))
'''


def verify() -> None:
    """Stop, listing them, when a module does not import or a dotted crosswire name does not resolve."""
    problems = []
    names: set[str] = set()
    for path in python_files():
        text = read(path)
        try:
            ast.parse(text)
        except SyntaxError as error:
            problems.append(f"{path}: {error}")
        for match in re.finditer(r"(?<![\w./-])crosswire(?:\.[A-Za-z_]\w*)+", text):
            head = match.group(0).split(".")[1]
            if (PKG / head).is_dir() or (PKG / f"{head}.py").is_file():
                names.add(match.group(0).rstrip("."))
        for match in PATHS.finditer(text):
            if is_old_module(match.group(1)) and not (PKG / f"{match.group(1)}.py").is_file():
                problems.append(f"{path}: path crosswire/{match.group(1)}.py names a moved module")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(["src", os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", RESOLVE, *sorted(names)], check=False, capture_output=True, text=True, env=env)
    if done.returncode:
        problems.append(f"import check failed: {done.stderr.strip()[-2000:]}")
    problems += [line for line in done.stdout.splitlines() if line.strip()]
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--quiet", "src", "tests", "benchmarks"],
                          check=False, capture_output=True, text=True)
    if done.returncode:
        problems.append("ruff check fails after the rewrite:\n" + done.stdout[-3000:])
    if problems:
        raise Failure("the rewritten tree has problems:\n  " + "\n  ".join(problems))


def main() -> int:
    """Run the restructuring at the repository root; exit 1 with a list when something needs a hand."""
    if not PKG.is_dir() or not Path(".git").exists():
        print("restructure: run me at the root of a crosswire checkout", file=sys.stderr)
        return 2
    try:
        notes = restructure()
    except Failure as failure:
        print(f"restructure: error: {failure}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"restructure: note: {note}")
    print("restructure: done; review with `git status`, run the tests, then commit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
