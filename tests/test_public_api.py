"""The package's public surface is deliberate: __all__ lists exactly what users import."""

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

