"""Settings declared once, with defaults and help text, shared by the library, CLI and web app."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .errors import ConfigError

MAX_FILE_BYTES = 50 * 1024 * 1024  # files larger than this are refused (issue: bad input)
DEFAULT_SUMMARY_WORDS = 130  # a short briefing: about 100-150 words (issue: Briefing)


@dataclass(slots=True)
class Settings:
    """Options for one analysis run. Each field's metadata holds its help text."""

    summary_words: int = DEFAULT_SUMMARY_WORDS
    """Target length of each story's briefing, in words."""
    max_file_bytes: int = MAX_FILE_BYTES
    """Files larger than this are reported and skipped."""
    strict: bool = False
    """Fail the whole run when any source cannot be used."""
    llm_url: str | None = None
    """OpenAI-compatible endpoint for the optional fluent rewrite of briefings (off when unset)."""
    llm_model: str | None = None
    """Model name sent to the LLM endpoint."""
    llm_timeout: float = 60.0
    """Seconds to wait for one LLM answer."""
    workers: int = 0
    """Processes for the per-story stage on large batches (0: one per CPU core, up to 4; 1: none)."""
    semantic: bool = True
    """Mix sentence-embedding similarity of titles and leads into story clustering (off: faster, less exact)."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of files and folders to skip inside given folders (path relative to the folder, or bare name; any case)."""

    def validate(self) -> Settings:
        """Raise ConfigError for values that cannot work; return self for chaining."""
        if self.summary_words < 10:
            raise ConfigError(f"--summary-words must be at least 10 (got {self.summary_words})")
        if self.max_file_bytes <= 0:
            raise ConfigError("max_file_bytes must be positive")
        if self.workers < 0:
            raise ConfigError(f"--workers must be 0 (automatic) or more (got {self.workers})")
        if self.llm_url and not self.llm_url.startswith(("http://", "https://")):
            raise ConfigError(f"--llm-url must start with http:// or https:// (got {self.llm_url!r})")
        if self.semantic:
            from .embeddings import EmbeddingsUnavailable, require

            try:
                require()
            except EmbeddingsUnavailable as error:
                raise ConfigError(f"story clustering needs the embedding model ({error}); --no-semantic runs without it") from None
        return self


def setting_names() -> list[str]:
    """Names of all settings, in declaration order."""
    return [f.name for f in fields(Settings)]
