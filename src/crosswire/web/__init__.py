"""The local web app and JSON API over a crosswire database (FastAPI + Jinja2, read-only)."""

from __future__ import annotations

from .app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
