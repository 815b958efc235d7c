"""CSV answers for every list and page, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.responses import Response

# Spreadsheets run a cell starting with one of these as a formula; article text is untrusted, so
# such a cell gets a leading apostrophe (OWASP's advice on CSV injection). Numbers are left alone.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as a CSV cell: lists joined with '; ', None empty, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    """Whether the text is a plain number (a negative figure is no formula)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_response(columns: Sequence[str], rows: Iterable[dict[str, Any]], name: str) -> Response:
    """A CSV download of ``rows`` (dicts) with these columns, as ``name``.csv."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:80] or "export"
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{safe}.csv"'})
