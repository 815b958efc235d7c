"""The stage packages import one another in one direction only, and the public API keeps working."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import crosswire

PACKAGE = Path(crosswire.__file__).parent
# Stage order: a package may import the core and the packages before it, never one after it.
ORDER = ["ingest", "extract", "provenance", "stories", "facts", "briefing", "report", "store", "engine", "web"]
TOP = {"crosswire", "crosswire.cli", "crosswire.__main__"}  # the front door and the command line (python -m, spark-submit) may import anything
PUBLIC = ["Article", "CrosswireError", "InputError", "Report", "Settings", "Store", "Story", "__version__",
          "analyze_articles", "analyze_documents", "analyze_paths", "analyze_records", "ingest_paths",
          "open_store", "report_to_dict", "report_to_markdown"]


def _modules() -> dict[str, Path]:
    """Dotted name -> file of every module in the package."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _unit(module: str) -> str:
    """The stage package a module belongs to; "core" for the other top-level modules."""
    parts = module.split(".")
    if module in TOP:
        return "top"
    return parts[1] if len(parts) > 2 or f"{module}.__init__" in MODULES or (PACKAGE / parts[1]).is_dir() else "core"


def _imports(module: str) -> set[str]:
    """The crosswire modules ``module`` imports, lazy imports included, its own ancestors left out."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            if not base.startswith("crosswire"):
                continue
            submodules = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
            found |= submodules
            if len(submodules) < len(node.names):
                found.add(base)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("crosswire"))
    return {m for m in found if m in MODULES and m != module and not module.startswith(m + ".")}


def test_stage_packages_import_only_the_core_and_earlier_stages():
    wrong = []
    for module in MODULES:
        source = _unit(module)
        for target in sorted(_imports(module)):
            dest = _unit(target)
            if source == "top" or dest == source or dest == "core" or (dest == "top" and target == "crosswire"):
                continue
            if source == "core" or dest == "top" or ORDER.index(dest) > ORDER.index(source):
                wrong.append(f"{module} ({source}) imports {target} ({dest})")
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_itself_back():
    graph = {m: sorted(_imports(m)) for m in MODULES}
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [node, nxt]) if nxt in trail else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert not cycles, cycles


def test_the_layout_check_sees_a_backward_import(tmp_path):
    """The checks above read real import statements: a stage importing a later one is caught."""
    wrong = tmp_path / "backward.py"
    wrong.write_text("from ..engine import local\nfrom . import reuse\n", encoding="utf-8")
    name = f"{crosswire.__name__}.provenance.backward"  # a module that exists only in this test
    MODULES[name] = wrong
    try:
        assert _imports(name) == {"crosswire.engine.local", "crosswire.provenance.reuse"}
        assert ORDER.index(_unit("crosswire.engine.local")) > ORDER.index(_unit(name))
    finally:
        del MODULES[name]


def test_every_module_imports_and_the_public_api_is_whole():
    for info in pkgutil.walk_packages(crosswire.__path__, "crosswire."):
        importlib.import_module(info.name)
    assert sorted(crosswire.__all__) == sorted(PUBLIC)
    namespace: dict[str, object] = {}
    exec("from crosswire import *", namespace)  # noqa: S102 - the star import a user may write
    assert all(namespace[name] is getattr(crosswire, name) for name in PUBLIC)
    assert crosswire.analyze_paths.__module__ == "crosswire.engine.local"
    assert crosswire.ingest_paths.__module__ == "crosswire.engine.incremental"
