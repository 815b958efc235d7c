"""crosswire: turn a pile of news articles into verified, fully cited stories."""

from __future__ import annotations

__version__ = "0.1.0"

from .engine.incremental import ingest_paths
from .engine.local import analyze_articles, analyze_documents, analyze_paths, analyze_records
from .errors import CrosswireError, InputError
from .records import Article, Report, Story
from .report.writers import report_to_dict, report_to_markdown
from .settings import Settings
from .store.db import Store, open_store

__all__ = [
    "Article",
    "CrosswireError",
    "InputError",
    "Report",
    "Settings",
    "Store",
    "Story",
    "__version__",
    "analyze_articles",
    "analyze_documents",
    "analyze_paths",
    "analyze_records",
    "ingest_paths",
    "open_store",
    "report_to_dict",
    "report_to_markdown",
]
