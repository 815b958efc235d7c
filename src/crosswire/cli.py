"""Command-line interface: parses options and dispatches to the library functions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .errors import CrosswireError
from .pipeline import analyze_paths
from .records import Report
from .report import report_to_json, report_to_markdown
from .settings import DEFAULT_SUMMARY_WORDS, Settings

# Exit statuses (documented in the README).
EXIT_OK = 0  # something was analysed (problems, if any, were reported on stderr)
EXIT_NOTHING = 1  # nothing could be analysed, or a crosswire error
EXIT_STRICT = 3  # --strict and at least one source could not be used

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="crosswire: turn a pile of news articles into verified, cited stories.")
err = Console(stderr=True)


def demo_corpus() -> Path:
    """Path of the built-in example corpus shipped inside the package."""
    return Path(__file__).parent / "examples" / "demo"


class _Bar:
    """A rich progress bar that appears only once a batch has run for a couple of seconds."""

    def __init__(self, enabled: bool) -> None:
        self.progress = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err, transient=True, disable=not enabled)
        self.tasks: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=max(total, 1))
        self.progress.update(self.tasks[stage], completed=done, total=max(total, 1))

    def __enter__(self) -> "_Bar":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _run(paths: list[str], settings: Settings, json_out: Path | None, markdown_out: Path | None,
         quiet: bool) -> int:
    """Analyse, write the outputs, report problems; return the exit status."""
    try:
        with _Bar(enabled=not quiet and err.is_terminal) as bar:
            report = analyze_paths(paths, settings, progress=bar)
    except CrosswireError as error:
        err.print(f"crosswire: error: {error}", markup=False, highlight=False)
        return EXIT_NOTHING
    for problem in report.problems:
        err.print(f"crosswire: skipped {problem}", markup=False, highlight=False)
    _write_outputs(report, json_out, markdown_out)
    if not report.articles:
        err.print("crosswire: error: no article could be analysed", markup=False, highlight=False)
        return EXIT_NOTHING
    if settings.strict and report.problems:
        return EXIT_STRICT
    return EXIT_OK


def _write_outputs(report: Report, json_out: Path | None, markdown_out: Path | None) -> None:
    """Write JSON and/or Markdown files; Markdown goes to stdout when no file is named."""
    if json_out:
        _write(json_out, report_to_json(report))
    if markdown_out:
        _write(markdown_out, report_to_markdown(report))
    if not json_out and not markdown_out:
        sys.stdout.write(report_to_markdown(report))


def _write(path: Path, text: str) -> None:
    """Write text to a file, or to stdout for ``-``."""
    if str(path) == "-":
        sys.stdout.write(text)
    else:
        path.write_text(text, encoding="utf-8")


JsonOpt = Annotated[Path | None, typer.Option("--json", help="Write the JSON report to this file ('-' for stdout).")]
MarkdownOpt = Annotated[Path | None, typer.Option("--markdown", help="Write the Markdown report to this file ('-' for stdout).")]
WordsOpt = Annotated[int, typer.Option("--summary-words", help="Target length of each briefing, in words.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit with status 3 if any source could not be used.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
LlmUrlOpt = Annotated[str | None, typer.Option("--llm-url", help="OpenAI-compatible endpoint for a fluent rewrite of briefings (off by default).")]
LlmModelOpt = Annotated[str | None, typer.Option("--llm-model", help="Model name for --llm-url.")]


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to read ('-' reads stdin).")],
    json_out: JsonOpt = None,
    markdown_out: MarkdownOpt = None,
    summary_words: WordsOpt = DEFAULT_SUMMARY_WORDS,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
    llm_url: LlmUrlOpt = None,
    llm_model: LlmModelOpt = None,
) -> None:
    """Analyse news articles into stories; Markdown to stdout unless --json/--markdown is given."""
    settings = Settings(summary_words=summary_words, strict=strict, llm_url=llm_url, llm_model=llm_model)
    raise typer.Exit(_run_checked(paths, settings, json_out, markdown_out, quiet))


@app.command()
def demo(
    json_out: JsonOpt = None,
    markdown_out: MarkdownOpt = None,
    summary_words: WordsOpt = DEFAULT_SUMMARY_WORDS,
) -> None:
    """Analyse the built-in example corpus and print its report."""
    settings = Settings(summary_words=summary_words)
    raise typer.Exit(_run_checked([str(demo_corpus())], settings, json_out, markdown_out, quiet=True))


def _run_checked(paths: list[str], settings: Settings, json_out: Path | None,
                 markdown_out: Path | None, quiet: bool) -> int:
    """Validate settings, then run; configuration errors become one line and status 1."""
    try:
        settings.validate()
    except CrosswireError as error:
        err.print(f"crosswire: error: {error}", markup=False, highlight=False)
        return EXIT_NOTHING
    return _run(paths, settings, json_out, markdown_out, quiet)


@app.command()
def version() -> None:
    """Print crosswire's version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
