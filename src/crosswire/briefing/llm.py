"""Optional fluent rewrite of a briefing by a language model behind an OpenAI-compatible endpoint.

The endpoint is any server speaking the OpenAI chat-completions protocol (llama.cpp server, vLLM,
Ollama). ``--llm-url`` may be the server root (``http://localhost:8080``), its ``/v1`` prefix, or
the full ``.../chat/completions`` URL. Every rewritten sentence is checked against the articles
its extracted original cites and replaced by that original when the check fails; any endpoint
error gives one warning line and the extracted briefing, never a traceback.
"""

from __future__ import annotations

import logging
import re

import httpx

from ..errors import LLMError
from ..records import Article, BriefingSentence
from ..settings import Settings
from ..text import normalise
from .support import evidence, stem

log = logging.getLogger(__name__)

# A rewrite is kept only when at least SOURCE_SUPPORT_MIN of its content stems occur in the cited
# articles (nothing new is said), at least ORIGINAL_OVERLAP_MIN of the extracted sentence's stems
# survive (it still says the same thing), and it states exactly the original's figures and dates.
# Set on hand-written rewrites of the test fixtures: a reordered or smoothed sentence scores above
# 0.9 / 0.8, one that adds a claim or drops half of one falls below.
SOURCE_SUPPORT_MIN = 0.85
ORIGINAL_OVERLAP_MIN = 0.7
_NUMBERED = re.compile(r"^\s*(\d+)[.):]\s+(.+?)\s*$")
_PROMPT = (
    "You edit news briefings. Rewrite each numbered sentence below so that the briefing reads "
    "fluently and neutrally. Keep every fact, figure, name and date exactly as given; add nothing, "
    "drop nothing. Answer with exactly {n} lines, numbered like the input ('1. ...'), and nothing else."
)


def chat_url(base: str) -> str:
    """The chat-completions URL for ``--llm-url`` (server root, ``/v1`` prefix, or the full URL)."""
    base = base.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if base.endswith("/v1"):
        return base + "/chat/completions"
    return base + "/v1/chat/completions"


def rewrite_briefing(briefing: list[BriefingSentence], articles: list[Article],
                     settings: Settings) -> list[BriefingSentence]:
    """The briefing with each sentence rewritten where the rewrite passes the source check."""
    try:
        lines = request_rewrite([s.text for s in briefing], settings)
    except LLMError as error:
        log.warning("crosswire: LLM rewrite skipped, extracted briefing kept: %s", error)
        return briefing
    texts = {a.id: a.text for a in articles}
    out = []
    for sentence, line in zip(briefing, lines):
        cited = " ".join(texts[s] for s in sentence.sources if s in texts)
        keep = line if faithful(line, sentence.text, cited) else sentence.text
        out.append(BriefingSentence(keep, list(sentence.sources), list(sentence.disputed)))
    return out


def request_rewrite(sentences: list[str], settings: Settings) -> list[str]:
    """Ask the endpoint for one rewrite per sentence; LLMError on any transport or format failure."""
    body = {
        "model": settings.llm_model or "default",
        "temperature": 0,
        "messages": [
            {"role": "system", "content": _PROMPT.format(n=len(sentences))},
            {"role": "user", "content": "\n".join(f"{n}. {s}" for n, s in enumerate(sentences, start=1))},
        ],
    }
    try:
        response = httpx.post(chat_url(settings.llm_url or ""), json=body, timeout=settings.llm_timeout)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    except httpx.HTTPError as error:
        raise LLMError(f"{settings.llm_url}: {type(error).__name__}: {error}") from error
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise LLMError(f"{settings.llm_url}: not an OpenAI-style chat completion ({type(error).__name__})") from error
    return parse_numbered(str(content), len(sentences))


def parse_numbered(content: str, expected: int) -> list[str]:
    """The answer's numbered lines 1..expected in order; LLMError when any is missing."""
    found: dict[int, str] = {}
    for line in content.splitlines():
        match = _NUMBERED.match(line)
        if match and 1 <= int(match.group(1)) <= expected:
            found.setdefault(int(match.group(1)), match.group(2))
    if len(found) != expected:
        raise LLMError(f"expected {expected} numbered sentences, got {len(found)}")
    return [found[n] for n in range(1, expected + 1)]


def faithful(rewrite: str, original: str, cited_text: str) -> bool:
    """True when the rewrite states nothing the cited articles do not and keeps the original's sense."""
    new, old, source = evidence(rewrite), evidence(original), evidence(cited_text)
    if not new.stems or bool(new.negated) != bool(old.negated):
        return False
    if not new.figures <= source.figures or not new.calendar <= source.calendar:
        return False
    if new.figures != old.figures or new.calendar != old.calendar:
        return False
    vocabulary = source.stems | source.names
    if any(n not in vocabulary and stem(n) not in vocabulary for n in new.names):
        return False
    in_sources = len(new.stems & source.stems) / len(new.stems)
    kept = len(old.stems & new.stems) / len(old.stems) if old.stems else 1.0
    return in_sources >= SOURCE_SUPPORT_MIN and kept >= ORIGINAL_OVERLAP_MIN and bool(normalise(rewrite))


__all__ = [
    "ORIGINAL_OVERLAP_MIN",
    "SOURCE_SUPPORT_MIN",
    "chat_url",
    "faithful",
    "parse_numbered",
    "request_rewrite",
    "rewrite_briefing",
]
