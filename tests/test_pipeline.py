"""The engine: the per-story stage gives the same report in worker processes as in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

import crosswire
from crosswire.errors import ConfigError
from crosswire.pipeline import analyze_paths
from crosswire.report import report_to_json
from crosswire.settings import Settings

DEMO = Path(crosswire.__file__).parent / "examples" / "demo"


def test_worker_processes_give_the_identical_report():
    steps: list[tuple[str, int, int]] = []
    alone = analyze_paths([str(DEMO)], Settings(workers=1))
    shared = analyze_paths([str(DEMO)], Settings(workers=2), progress=lambda *step: steps.append(step))
    assert len(shared.stories) >= 2
    assert report_to_json(shared) == report_to_json(alone)
    stories = [step for step in steps if step[0] == "stories"]
    assert stories[-1] == ("stories", len(shared.stories), len(shared.stories))


def test_negative_worker_count_is_refused():
    with pytest.raises(ConfigError, match="--workers"):
        Settings(workers=-1).validate()
