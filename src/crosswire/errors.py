"""Exception hierarchy: every error crosswire raises on purpose derives from CrosswireError."""

from __future__ import annotations


class CrosswireError(Exception):
    """Base class for errors that crosswire reports to the user as one line."""


class InputError(CrosswireError):
    """A source (file, record, stream) could not be read or holds no usable article.

    ``source`` names the file (or ``file:line`` / ``file#record``) so the one-line message
    tells the user exactly where to look.
    """

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ConfigError(CrosswireError):
    """A setting or command-line option has an invalid value."""


class OutputError(CrosswireError):
    """A report file (``--json`` / ``--markdown``) cannot be written."""


class StoreError(CrosswireError):
    """The database could not be opened, read or written."""


class LLMError(CrosswireError):
    """The optional language-model endpoint failed or returned something unusable."""
