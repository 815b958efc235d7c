"""The package's public surface is deliberate: __all__ lists exactly what users import."""

import re

import crosswire


def test_all_names_exist_and_are_documented():
    for name in crosswire.__all__:
        obj = getattr(crosswire, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"


def test_version_matches_package_metadata():
    from importlib.metadata import version

    assert crosswire.__version__ == version("crosswire")


# The public surface, name by name: a name added to or dropped from __all__ is a decision.
PUBLIC = {"Article", "CrosswireError", "InputError", "Report", "Settings", "Store", "Story", "__version__",
          "analyze_articles", "analyze_documents", "analyze_paths", "analyze_records", "ingest_paths",
          "open_store", "report_to_dict", "report_to_markdown"}


def test_all_is_exactly_the_public_surface():
    assert set(crosswire.__all__) == PUBLIC and len(crosswire.__all__) == len(PUBLIC)


def test_every_name_in_the_readme_api_table_is_public():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Python API\n"):]
    section = section[:section.index("\n## ", 1)]
    first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    names = {re.match(r"\w+", name).group() for cell in first_cells for name in re.findall(r"`([^`]+)`", cell)}
    assert names and names <= PUBLIC
