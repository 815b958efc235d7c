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
