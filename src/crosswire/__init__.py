"""crosswire: turn a pile of news articles into verified, fully cited stories."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import CrosswireError, InputError  # noqa: E402
from .records import Article, Report, Story  # noqa: E402
from .settings import Settings  # noqa: E402
from .pipeline import analyze_articles, analyze_documents, analyze_paths  # noqa: E402
from .report import report_to_dict, report_to_markdown  # noqa: E402

__all__ = [
    "__version__",
    "Article",
    "CrosswireError",
    "InputError",
    "Report",
    "Settings",
    "Story",
    "analyze_articles",
    "analyze_documents",
    "analyze_paths",
    "report_to_dict",
    "report_to_markdown",
]
