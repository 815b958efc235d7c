"""Command-line interface: parses options and dispatches to the library functions."""

from __future__ import annotations

import functools
import os
import re
import sys
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Self

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__
from .engine.live import FetchResult, Harvest
from .engine.local import analyze_paths
from .engine.watch import SETTLE_S, Round
from .errors import CrosswireError, OutputError
from .ingest.fetch import FetchSettings
from .ingest.sources import URL_PROBLEM
from .records import Problem, Report
from .report.writers import report_to_json, report_to_markdown, write_report_json
from .settings import DEFAULT_SUMMARY_WORDS, Settings
from .store.queries import StoryResults

# Exit statuses (documented in the README).
EXIT_OK = 0  # something was analysed (problems, if any, were reported on stderr)
EXIT_NOTHING = 1  # nothing could be analysed, a crosswire error, or an unexpected error (one line)
EXIT_STRICT = 3  # --strict and at least one source could not be used

# Upper bound of --workers: each worker is a forked process holding spaCy (~200 MB), so a
# mistyped 9999 would exhaust memory and process slots; 64 is far beyond any useful count here.
MAX_WORKERS = 64
# Seconds a batch runs before the progress bar appears: a quick run (the demo, a handful of
# files) prints no bar at all, as the issue asks ("batches that take more than a couple of seconds").
BAR_DELAY_S = 2.0
# --engine values: this process, or Apache Spark (engine_spark.py).
LOCAL_ENGINE, SPARK_ENGINE = "local", "spark"
# --master's default: spark-submit's master when it launched us, else local[*] (engine_spark.spark_session).
DEFAULT_MASTER = ""

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="crosswire: turn a pile of news articles into verified, cited stories.")
err = Console(stderr=True, soft_wrap=True)  # soft_wrap: a long problem line stays one line

# Control characters (C0 but tab and newline, DEL, C1): written to a terminal they move the
# cursor, retitle the window or restyle the text, so text from articles never reaches one raw.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


# Options given before the command (``crosswire --debug ingest ...``), set on every run.
_GLOBAL = {"debug": False}


def _print_version(asked: bool) -> None:
    """``crosswire --version``: print the program's name and version, then stop before any command."""
    if asked:
        typer.echo(f"crosswire {__version__}")
        raise typer.Exit()


@app.callback()
def _options(debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")]
             = False,
             version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                                   help="Print crosswire's version and exit.")] = False) -> None:
    """crosswire: turn a pile of news articles into verified, cited stories."""
    _GLOBAL["debug"] = debug


def _debug_asked() -> bool:
    """True when ``crosswire --debug ...`` was given."""
    return _GLOBAL["debug"]


def last_resort(committed: Callable[..., str]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Turn any unexpected error of a command into one line saying what was committed (status 1).

    ``committed(**options)`` says what the command left behind (a database's contents, no report).
    ``crosswire --debug`` prints the traceback above that line. Errors crosswire expects are
    handled inside the commands; this catches the bugs, which must not end in a traceback.
    """
    def wrap(command: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(command)
        def guarded(*args: Any, **options: Any) -> None:
            try:
                command(*args, **options)
            except (typer.Exit, typer.Abort, typer.TyperException):  # exits and usage errors: typer handles them
                raise
            except Exception as error:  # noqa: BLE001 - the last resort: one line, never a traceback
                if _debug_asked():
                    traceback.print_exc()
                hint = "" if _debug_asked() else "; crosswire --debug shows the traceback"
                _say(f"crosswire: error: unexpected {type(error).__name__}: {_first_line(error)} "
                     f"({committed(**options)}){hint}")
                raise typer.Exit(EXIT_NOTHING) from None
        return guarded
    return wrap


def _first_line(error: BaseException) -> str:
    """An exception's message, first line only (its class name when it has none)."""
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def _no_report(**options: Any) -> str:
    """What analyze leaves when it fails: nothing (it writes no database)."""
    return "the report was not (fully) written; analyze changes no database"


def _read_only(**options: Any) -> str:
    """What a read-only command leaves when it fails: nothing changed."""
    return "nothing was changed"


def _ingest_committed(db: Path, **options: Any) -> str:
    """What a failed ingest committed: the database's contents after its last whole batch."""
    from .store.db import open_store

    try:
        with open_store(db, read_only=True) as store:
            stats = store.stats()
    except Exception:  # noqa: BLE001 - reporting on a failure must not fail in turn
        return f"the contents of {db} could not be read back"
    return (f"{db} keeps the batches committed before the error: {counted(stats.articles, 'article')} in "
            f"{counted(stats.stories, 'story', 'stories')}; re-running the same command resumes")


def demo_corpus() -> Path:
    """Path of the built-in example corpus shipped inside the package."""
    return Path(__file__).parent / "examples" / "demo"


class _Bar:
    """A rich progress bar that appears only once a batch has run for a couple of seconds."""

    def __init__(self, enabled: bool) -> None:
        self.progress = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err, transient=True, disable=not enabled)
        self.tasks: dict[str, int] = {}
        self.started_at = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=max(total, 1))
        self.progress.update(self.tasks[stage], completed=done, total=max(total, 1))
        if not self.shown and time.monotonic() - self.started_at >= BAR_DELAY_S:
            self.progress.start()
            self.shown = True

    def __enter__(self) -> Self:
        self.started_at = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            self.progress.stop()


def _run(paths: list[str], settings: Settings, json_out: Path | None, markdown_out: Path | None,
         quiet: bool, engine: str = LOCAL_ENGINE, master: str = DEFAULT_MASTER, parquet: Path | None = None) -> int:
    """Analyse, write the outputs, report problems; return the exit status.

    Output files are checked before the analysis, so a mistyped folder fails in a second
    rather than after a long batch.
    """
    try:
        check_writable(json_out, "--json")
        check_writable(markdown_out, "--markdown")
        if parquet is not None and engine != SPARK_ENGINE:
            raise OutputError("--parquet needs --engine spark")
        with _Bar(enabled=not quiet and err.is_terminal) as bar:
            if engine == SPARK_ENGINE:
                from .engine import spark as engine_spark

                run = engine_spark.analyze_paths(paths, settings, progress=bar, master=master or None)
                if parquet is not None:
                    engine_spark.write_tables(run, parquet)
                report = run.report
            else:
                report = analyze_paths(paths, settings, progress=bar)
    except CrosswireError as error:
        _say(f"crosswire: error: {error}")
        return EXIT_NOTHING
    for problem in report.problems:
        _say(skipped_line(problem))
    _say_excluded(paths, settings)
    try:
        _write_outputs(report, json_out, markdown_out)
    except OutputError as error:
        _say(f"crosswire: error: {error}")
        return EXIT_NOTHING
    if not report.articles:
        _say("crosswire: error: no article could be analysed")
        return EXIT_NOTHING
    if settings.strict and report.problems:
        return EXIT_STRICT
    return EXIT_OK


def skipped_line(problem: Problem) -> str:
    """The line reporting an unusable source; a URL given as a path also says how to download pages.

    The hint names ``crosswire fetch`` only when this crosswire has that command.
    """
    line = f"crosswire: skipped {problem}"
    if problem.message == URL_PROBLEM and _has_command("fetch"):
        line += "; crosswire fetch downloads web pages"
    return line


def _has_command(name: str) -> bool:
    """True when the CLI has a command of this name."""
    return any((info.name or (info.callback.__name__ if info.callback else "")) == name
               for info in app.registered_commands)


def _say_excluded(paths: list[str], settings: Settings) -> None:
    """One line saying how many files of the given folders --exclude left out (none when it left out none)."""
    from .ingest.sources import excluded_files

    if not settings.exclude:
        return
    left_out = sum(len(excluded_files(Path(p), settings.exclude)) for p in paths if p != "-" and _is_folder(p))
    if left_out:
        _say(f"crosswire: --exclude left out {counted(left_out, 'file')}")


def _is_folder(path: str) -> bool:
    """True for a readable folder; False for anything else, unreachable paths included (reported elsewhere)."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _write_outputs(report: Report, json_out: Path | None, markdown_out: Path | None) -> None:
    """Write JSON and/or Markdown files; Markdown goes to stdout when no file is named."""
    if json_out and str(json_out) != "-":
        _write_json_file(json_out, report)
    elif json_out:
        _write(json_out, report_to_json(report), as_json=True)
    if markdown_out:
        _write(markdown_out, report_to_markdown(report))
    if not json_out and not markdown_out:
        sys.stdout.write(inert(report_to_markdown(report)))


def _write(path: Path, text: str, as_json: bool = False) -> None:
    """Write text to a file, or to stdout for ``-`` (made inert); a failed write raises OutputError naming the file."""
    if str(path) == "-":
        sys.stdout.write(inert_json(text) if as_json else inert(text))
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def _write_json_file(path: Path, report: Report) -> None:
    """Write the JSON report to a file piece by piece (a corpus of 100,000 articles makes hundreds of
    megabytes of it); a failed write raises OutputError naming the file."""
    try:
        with path.open("w", encoding="utf-8") as out:
            write_report_json(report, out)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


def check_writable(path: Path | None, option: str) -> None:
    """Raise OutputError when ``path`` (given to ``option``) clearly cannot be written.

    Catches what is knowable up front (a folder in its place, a missing or read-only parent
    folder); other failures still surface, as one line, when the file is written.
    """
    if path is None or str(path) == "-":
        return
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        problem = "it is a folder"
    elif not parent.is_dir():
        problem = f"folder {parent} does not exist"
    elif not os.access(path if path.exists() else parent, os.W_OK):
        problem = "permission denied"
    else:
        return
    raise OutputError(f"cannot write {option} {path}: {problem}")


JsonOpt = Annotated[Path | None, typer.Option("--json", help="Write the JSON report to this file ('-' for stdout).")]
MarkdownOpt = Annotated[Path | None, typer.Option("--markdown", help="Write the Markdown report to this file ('-' for stdout).")]
WordsOpt = Annotated[int, typer.Option("--summary-words", help="Target length of each briefing, in words.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit with status 3 if any source could not be used.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
LlmUrlOpt = Annotated[str | None, typer.Option("--llm-url", help="OpenAI-compatible endpoint for a fluent rewrite of briefings (off by default).")]
LlmModelOpt = Annotated[str | None, typer.Option("--llm-model", help="Model name for --llm-url.")]
WorkersOpt = Annotated[int, typer.Option("--workers", max=MAX_WORKERS, help="Processes for the per-story stage (0: automatic, one per core on large inputs).")]
ExcludeOpt = Annotated[list[str] | None, typer.Option(
    "--exclude", metavar="GLOB",
    help="Skip files in folders whose path (relative to the folder) or name matches GLOB, any case "
         "(repeatable: --exclude 'LICENSE*' --exclude '*.md').")]


def _engine(value: str) -> str:
    """Check an --engine value."""
    if value not in (LOCAL_ENGINE, SPARK_ENGINE):
        raise typer.BadParameter(f"must be {LOCAL_ENGINE!r} or {SPARK_ENGINE!r} (got {value!r})")
    return value


EngineOpt = Annotated[str, typer.Option("--engine", callback=_engine, help="Run in this process ('local') or on Apache Spark ('spark'; pip install 'crosswire\\[spark]'); both give the same report.")]
MasterOpt = Annotated[str, typer.Option("--master", help="Spark master URL for --engine spark (spark://host:7077, yarn, k8s://..., local[4]); default: spark-submit's master when run by spark-submit, else local[*] (every core here).")]
SemanticOpt = Annotated[bool, typer.Option("--semantic/--no-semantic", help="Mix sentence-embedding similarity into story clustering (on by default; off is faster, 12-50 ms an article less, and less exact: README gives both).")]


@app.command()
@last_resort(_no_report)
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to read ('-' reads stdin).")],
    json_out: JsonOpt = None,
    markdown_out: MarkdownOpt = None,
    summary_words: WordsOpt = DEFAULT_SUMMARY_WORDS,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
    llm_url: LlmUrlOpt = None,
    llm_model: LlmModelOpt = None,
    workers: WorkersOpt = 0,
    semantic: SemanticOpt = True,
    exclude: ExcludeOpt = None,
    engine: EngineOpt = LOCAL_ENGINE,
    master: MasterOpt = DEFAULT_MASTER,
    parquet: Annotated[Path | None, typer.Option("--parquet", help="With --engine spark: also write the articles, links and stories tables as Parquet folders here (crosswire ingest --from-parquet loads them).")] = None,
) -> None:
    """Analyse news articles into stories; Markdown to stdout unless --json/--markdown is given."""
    settings = Settings(summary_words=summary_words, strict=strict, llm_url=llm_url, llm_model=llm_model,
                        workers=workers, semantic=semantic, exclude=tuple(exclude or ()))
    raise typer.Exit(_run_checked(paths, settings, json_out, markdown_out, quiet, engine, master, parquet))


@app.command()
@last_resort(_no_report)
def demo(
    json_out: JsonOpt = None,
    markdown_out: MarkdownOpt = None,
    summary_words: WordsOpt = DEFAULT_SUMMARY_WORDS,
) -> None:
    """Analyse the built-in example corpus and print its report."""
    settings = Settings(summary_words=summary_words)
    raise typer.Exit(_run_checked([str(demo_corpus())], settings, json_out, markdown_out, quiet=True))


def _run_checked(paths: list[str], settings: Settings, json_out: Path | None,
                 markdown_out: Path | None, quiet: bool, engine: str = LOCAL_ENGINE,
                 master: str = DEFAULT_MASTER, parquet: Path | None = None) -> int:
    """Validate settings, then run; configuration errors become one line and status 1."""
    try:
        settings.validate()
    except CrosswireError as error:
        _say(f"crosswire: error: {error}")
        return EXIT_NOTHING
    return _run(paths, settings, json_out, markdown_out, quiet, engine, master, parquet)


@app.command()
def version() -> None:
    """Print crosswire's version."""
    typer.echo(__version__)


# --- the database commands: ingest, stories, show, export, serve ------------------------------

# The database: --db, else the CROSSWIRE_DB environment variable (so a session can name it once).
DB_ENV = "CROSSWIRE_DB"
DbOpt = Annotated[Path, typer.Option("--db", envvar=DB_ENV, help="DuckDB database file (ingest creates it).")]


def _fail(error: CrosswireError) -> typer.Exit:
    """Print a crosswire error as one line and return the Exit to raise (status 1)."""
    _say(f"crosswire: error: {error}")
    return typer.Exit(EXIT_NOTHING)


def _say(text: str) -> None:
    """One plain line on stderr, whatever a file name or message holds (see one_line)."""
    err.print(one_line(text), markup=False, highlight=False)


def counted(n: int, noun: str, plural: str = "") -> str:
    """``n`` and its noun, singular for exactly one: "1 article", "0 articles", "2 stories".

    Every count the CLI prints goes through this, so none reads "1 articles"; ``plural`` is for
    nouns that take more than an s ("story", "stories").
    """
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def one_line(text: str) -> str:
    """``text`` with control characters written as escapes (``\\n``, ``\\x1b``).

    File names may hold newlines or terminal escape sequences; printed raw they would split a
    problem over several lines or restyle the user's terminal.
    """
    return _LINE_CONTROLS.sub(_escape, text)


def inert(text: str) -> str:
    """Text for standard output: control characters other than newline and tab written as escapes.

    Article titles, text and ids may hold terminal escape sequences (``\\x1b]0;...``, the C1
    ``\\x9b``); printed raw, they would restyle or retitle the user's terminal.
    """
    return _CONTROLS.sub(_escape, text)


def inert_json(text: str) -> str:
    """JSON for standard output: control characters json.dumps leaves raw (DEL, C1) as ``\\u`` escapes.

    Raw control characters can only stand inside JSON strings, where ``\\u009b`` means the same.
    """
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape(match: re.Match[str]) -> str:
    """A control character as its Python escape (``\\x1b``, ``\\n``)."""
    return repr(match.group())[1:-1]


@app.command()
@last_resort(_ingest_committed)
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders to add ('-' reads stdin).")] = None,
    db: DbOpt = ...,  # type: ignore[assignment]  # required; after the optional PATHS in the signature
    summary_words: WordsOpt = DEFAULT_SUMMARY_WORDS,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per transaction (batches grow with the stored articles, to at most 20,000).")] = 50,
    quiet: QuietOpt = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per stored batch.")] = False,
    exclude: ExcludeOpt = None,
    engine: EngineOpt = LOCAL_ENGINE,
    master: MasterOpt = DEFAULT_MASTER,
    from_parquet: Annotated[Path | None, typer.Option("--from-parquet", help="Load the Parquet tables of a Spark run (analyze --engine spark --parquet DIR) into an empty database instead of reading files.")] = None,
    semantic: SemanticOpt = True,
    workers: WorkersOpt = 0,
) -> None:
    """Add articles to a database; the same content is stored once, touched stories are recomputed."""
    from .engine.incremental import ingest_paths
    from .store.db import open_store

    settings = Settings(summary_words=summary_words, exclude=tuple(exclude or ()), semantic=semantic,
                        workers=workers)
    if from_parquet is not None or engine == SPARK_ENGINE:
        _ingest_spark(db, paths or [], settings, master, from_parquet, quiet)
        return
    if not paths:
        raise typer.BadParameter("give files or folders to add (or --from-parquet DIR)", param_hint="PATHS")

    def progress(stage: str, done: int, total: int) -> None:
        bar(stage, done, total)
        if verbose and stage == "store" and done:
            _say(f"crosswire: stored {done}/{counted(total, 'new article')}")

    try:
        with _Bar(enabled=not quiet and err.is_terminal) as bar:
            result = ingest_paths(db, paths, settings, progress=progress, batch_size=batch_size)
        with open_store(db, read_only=True) as store:
            stats = store.stats()
    except CrosswireError as error:
        raise _fail(error) from None
    for problem in result.problems:
        _say(skipped_line(problem))
    _say_excluded(paths, settings)
    for line in result.duplicates if verbose else []:
        _say(f"crosswire: duplicate {line}")
    for original, stored in result.renamed:
        _say(f"crosswire: id {original!r} is taken by other content; stored as {stored!r}")
    _say(f"crosswire: {counted(len(result.added), 'new article')}, {counted(len(result.duplicates), 'duplicate')}, "
         f"{counted(result.touched_stories, 'story', 'stories')} recomputed; "
         f"{db} holds {counted(stats.articles, 'article')} in {counted(stats.stories, 'story', 'stories')}")
    if not result.added and not result.duplicates:
        raise typer.Exit(EXIT_NOTHING)


def _ingest_spark(db: Path, paths: list[str], settings: Settings, master: str, from_parquet: Path | None,
                  quiet: bool) -> None:
    """``ingest --engine spark`` (analyse on Spark, store the result) or ``ingest --from-parquet DIR``."""
    from .engine import spark as engine_spark
    from .store.db import IngestResult, open_store

    if from_parquet is not None and paths:
        raise typer.BadParameter("give files or folders, or --from-parquet DIR, not both", param_hint="PATHS")
    if from_parquet is None and not paths:
        raise typer.BadParameter("give files or folders to add (or --from-parquet DIR)", param_hint="PATHS")
    result = IngestResult()
    try:
        if from_parquet is not None:
            engine_spark.load_parquet(db, from_parquet)
        else:
            with _Bar(enabled=not quiet and err.is_terminal) as bar:
                result = engine_spark.ingest_paths(db, paths, settings, progress=bar, master=master or None)
        with open_store(db, read_only=True) as store:
            stats = store.stats()
    except CrosswireError as error:
        raise _fail(error) from None
    for problem in result.problems:
        _say(skipped_line(problem))
    _say_excluded(paths, settings)
    for original, stored in result.renamed:
        _say(f"crosswire: id {original!r} is taken by other content; stored as {stored!r}")
    if result.duplicates:
        _say(f"crosswire: {counted(len(result.duplicates), 'duplicate')} not stored again")
    _say(f"crosswire: {db} holds {counted(stats.articles, 'article')} in {counted(stats.stories, 'story', 'stories')}")
    if not stats.articles:
        raise typer.Exit(EXIT_NOTHING)


# Dates the story filters take. The store compares them as text, so "2018-13-01" or "yesterday"
# would filter silently wrong: they are refused as usage errors (exit status 2) instead.
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(value: str) -> str:
    """Check a --since/--until value: empty, or a real calendar date written YYYY-MM-DD."""
    value = value.strip()
    if not value:
        return value
    if not _DAY.fullmatch(value):
        raise typer.BadParameter(f"{value!r} is not a date written YYYY-MM-DD (e.g. 2020-08-04)")
    try:
        date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a calendar date ({error})") from None
    return value


@app.command()
@last_resort(_read_only)
def stories(
    db: DbOpt,
    query: Annotated[str, typer.Option("--query", "-q", help="Words to search for (ranked, best first).")] = "",
    entity: Annotated[str, typer.Option("--entity", help="Entity name or alias to search for.")] = "",
    since: Annotated[str, typer.Option("--since", callback=_day, help="Only stories published on or after YYYY-MM-DD.")] = "",
    until: Annotated[str, typer.Option("--until", callback=_day, help="Only stories published on or before YYYY-MM-DD.")] = "",
    outlet: Annotated[str, typer.Option("--outlet", help="Only stories with an article from this outlet.")] = "",
    agency: Annotated[str, typer.Option("--agency", help="Only stories with an article crediting this agency.")] = "",
    language: Annotated[str, typer.Option("--language", help="Only stories with an article in this language.")] = "",
    disputed: Annotated[bool | None, typer.Option("--disputed/--undisputed",
                                                  help="Only stories with (or without) a disputed fact.")] = None,
    min_sources: Annotated[int, typer.Option("--min-sources", min=0, help="At least this many independent sources.")] = 0,
    sort: Annotated[str, typer.Option("--sort", help="relevance (default with -q), newest (default), oldest, "
                                                     "sources, articles or disputes.")] = "",
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="How many stories to list.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many stories first (the next page).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List stored stories, newest first (or ranked by -q): short id, date, articles, sources, headline."""
    import json
    from dataclasses import asdict

    from .store.db import open_store
    from .store.queries import Catalog, StoryQuery

    wanted = StoryQuery(q=query, entity=entity, since=since, until=until, outlet=outlet, agency=agency,
                        language=language, disputed=disputed, min_sources=min_sources, sort=sort,
                        limit=limit, offset=offset)
    try:
        with open_store(db, read_only=True) as store:
            page = Catalog(store).stories(wanted)
    except CrosswireError as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(inert_json(json.dumps({"total": page.total, "offset": page.offset, "limit": page.limit,
                                          "sort": page.sort, "stories": [asdict(s) for s in page.stories]},
                                         indent=2, ensure_ascii=False)))
        return
    for s in page.stories:
        row = (s.short_id, (s.last_published or "-")[:10],
               f"{counted(s.n_articles, 'article')} · {counted(s.n_sources, 'independent source')}", s.headline)
        typer.echo("\t".join(one_line(field) for field in row))
    _say(_listed(page))


def _listed(page: StoryResults) -> str:
    """The line under a story list: how many of how many stories it shows, and how to list the next ones."""
    first, last = page.offset + 1, page.offset + len(page.stories)
    line = f"crosswire: {len(page.stories)} of {counted(page.total, 'story', 'stories')}"
    if page.offset and page.stories:
        line += f" (number {first})" if first == last else f" (numbers {first}-{last})"
    if page.stories and last < page.total:
        line += f"; --offset {last} lists the next"
    return line


@app.command()
@last_resort(_read_only)
def show(
    story_id: Annotated[str, typer.Argument(metavar="STORY", help="Story id, or any unique start of it "
                                                                  "(see: crosswire stories).")],
    db: DbOpt,
    as_json: Annotated[bool, typer.Option("--json", help="Print the contract's story object as JSON.")] = False,
) -> None:
    """Print one stored story as Markdown (or JSON)."""
    from .report.writers import story_markdown
    from .store.db import open_store
    from .store.queries import Catalog

    try:
        with open_store(db, read_only=True) as store:
            full = Catalog(store).resolve("story", story_id)
            data = store.story_json(full) if full else None
            story = store.story(full) if full and data is not None else None
            by_id = store.articles(story.articles) if story else {}
    except CrosswireError as error:
        raise _fail(error) from None
    if story is None or data is None:
        _say(f"crosswire: error: no story {story_id!r} in {db} (list them with: crosswire stories)")
        raise typer.Exit(EXIT_NOTHING)
    typer.echo(inert_json(data) if as_json else inert(story_markdown(story, by_id).rstrip("\n")))


@app.command()
@last_resort(_read_only)
def export(
    db: DbOpt,
    json_out: JsonOpt = None,
    markdown_out: MarkdownOpt = None,
) -> None:
    """Write everything stored as the JSON report and/or Markdown (Markdown to stdout by default)."""
    from .store.db import load_report, open_store

    try:
        check_writable(json_out, "--json")
        check_writable(markdown_out, "--markdown")
        with open_store(db, read_only=True) as store:
            report = load_report(store)
        _write_outputs(report, json_out, markdown_out)
    except CrosswireError as error:
        raise _fail(error) from None


@app.command()
@last_resort(_read_only)
def serve(
    db: DbOpt,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    rate: Annotated[float, typer.Option("--rate", min=0, help="Requests per second per client (0: no limit).")] = 20.0,
    burst: Annotated[int, typer.Option("--burst", min=1, help="Requests a client may make at once.")] = 100,
    watch: Annotated[list[str] | None, typer.Option(
        "--watch", metavar="PATH|URL", help="Folder, file or page URL to poll and ingest while serving (repeatable).")] = None,
    feed: FeedOpt = None,
    sitemap: SitemapOpt = None,
    every: Annotated[float, typer.Option("--every", min=0, help="Seconds between two rounds of --watch/--feed/--sitemap.")] = 300.0,
    semantic: SemanticOpt = True,
) -> None:
    """Serve the database read-only as a web page and a JSON API (local only by default); with
    --watch/--feed/--sitemap, ingest what is new into it on an interval while serving."""
    import uvicorn

    from .web import WebSettings, create_app
    from .web.security import is_loopback, server_options

    watcher = _serve_watcher(db, list(watch or []), list(feed or []), list(sitemap or []), every, semantic)
    try:
        application = create_app(db, WebSettings(rate=rate, burst=burst, allowed_hosts=_allowed_hosts(host)),
                                 writable=watcher is not None)
    except CrosswireError as error:
        raise _fail(error) from None
    if not is_loopback(host):
        _say(f"crosswire: warning: --host {host} lets other machines read {db} (every article and story "
             "in it); use the default 127.0.0.1 unless that is what you want")
    mode = "read-only" if watcher is None else f"read-only pages; ingesting new articles every {every:g} s"
    _say(f"crosswire: serving {db} at http://{host}:{port}/ ({mode}; Ctrl+C stops)")
    if watcher is not None:
        watcher.start()
    try:
        uvicorn.run(application, host=host, port=port, **server_options())
    finally:
        if watcher is not None:
            _say("crosswire: stopping the watch after its round under way")
            watcher.stop()
            if watcher.error is not None:
                _say(f"crosswire: the watch stopped: {watcher.error}")


def _serve_watcher(db: Path, watch: list[str], feed: list[str], sitemap: list[str], every: float,
                   semantic: bool) -> Any:
    """The Watcher that ``serve`` runs beside the server (None when nothing is to be watched)."""
    from .engine.live import LiveSources
    from .engine.watch import Watcher

    pages = [p for p in watch if p.lower().startswith(("http://", "https://"))]
    sources = LiveSources(pages, feed, sitemap)
    folders = [p for p in watch if p not in pages]
    if not folders and not sources:
        return None

    def report(done: Round) -> None:
        added = len(done.ingest.added) if done.ingest else 0
        if added or done.problems:
            _say(f"crosswire: round {done.number}: {counted(added, 'new article')}; {db} holds "
                 f"{counted(done.stats.articles, 'article')} in {counted(done.stats.stories, 'story', 'stories')}")

    return Watcher(db, folders, sources, every=every, settings=Settings(semantic=semantic), on_round=report)


# --- live sources: fetch and watch --------------------------------------------------------------

EXIT_USAGE = 2  # command-line usage error (as typer's own)

FeedOpt = Annotated[list[str] | None, typer.Option(
    "--feed", metavar="URL", help="RSS/Atom feed whose entries' pages are fetched (repeatable; a page naming its feed works too).")]
SitemapOpt = Annotated[list[str] | None, typer.Option(
    "--sitemap", metavar="URL", help="Sitemap or sitemap index whose pages are fetched (repeatable; a site's root URL finds its sitemaps).")]
IntervalOpt = Annotated[float, typer.Option("--interval", min=0, help="Seconds between two requests to one host.")]
PerHostOpt = Annotated[int, typer.Option("--per-host", min=1, max=16, help="Requests in flight to one host at once.")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for a connection or the next bytes.")]
RetriesOpt = Annotated[int, typer.Option("--retries", min=0, max=10, help="Retries after a timeout, connection error, 429 or 5xx (backoff doubles from 1 s).")]
MaxMbOpt = Annotated[float, typer.Option("--max-mb", min=0.01, help="Largest response accepted, in MB.")]
MaxUrlsOpt = Annotated[int, typer.Option("--max-urls", min=1, help="New pages taken from feeds and sitemaps in one run.")]
ContactOpt = Annotated[str | None, typer.Option("--contact", help="URL or e-mail for site owners, added to the user agent.")]


def _fetch_settings(interval: float, per_host: int, timeout: float, retries: int, max_mb: float, max_urls: int,
                    contact: str | None) -> FetchSettings:
    """FetchSettings from the fetch/watch options."""
    return FetchSettings(interval=interval, per_host=per_host, timeout=timeout, retries=retries,
                         max_bytes=int(max_mb * 2**20), max_urls=max_urls, contact=contact).validate()


def _fetch_committed(db: Path | None = None, out: Path | None = None, **options: Any) -> str:
    """What a failed fetch left: the database's whole batches, or the pages saved in the folder."""
    if db is not None:
        return _ingest_committed(db)
    return f"pages saved before the error are in {out}; re-running the same command fetches the rest"


def _harvest_line(harvest: Harvest) -> str:
    """Counts of one harvest: pages fetched, unchanged, known links skipped, URLs failed."""
    return (f"{counted(len(harvest.pages), 'page')} fetched, {len(harvest.unchanged)} unchanged, "
            f"{counted(harvest.known, 'known link')} skipped, {len({p.source for p in harvest.problems})} failed")


@app.command()
@last_resort(_fetch_committed)
def fetch(
    urls: Annotated[list[str] | None, typer.Argument(metavar="[URL]...", help="Pages to fetch (http or https).")] = None,
    feed: FeedOpt = None,
    sitemap: SitemapOpt = None,
    db: Annotated[Path | None, typer.Option("--db", envvar=DB_ENV, help="Ingest the pages into this DuckDB file (created when absent).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Save the pages in this folder as WARC files instead (wins over CROSSWIRE_DB).")] = None,
    interval: IntervalOpt = 1.0,
    per_host: PerHostOpt = 2,
    timeout: TimeoutOpt = 15.0,
    retries: RetriesOpt = 2,
    max_mb: MaxMbOpt = 10.0,
    max_urls: MaxUrlsOpt = 1000,
    contact: ContactOpt = None,
    summary_words: WordsOpt = DEFAULT_SUMMARY_WORDS,
    semantic: SemanticOpt = True,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Fetch pages, feeds and sitemaps politely (robots.txt, rate limit, conditional GET) into --db or --out."""
    from .engine.live import LiveSources, fetch_into_db, fetch_into_folder

    sources = LiveSources(list(urls or []), list(feed or []), list(sitemap or []))
    if out is not None and db is not None and str(db) == os.environ.get(DB_ENV):
        db = None  # the database came from CROSSWIRE_DB: an explicit --out folder wins over it
    target = db or out
    if target is None or (db is not None and out is not None) or not sources:
        _say("crosswire: error: give URLs, --feed or --sitemap, and one of --db FILE or --out FOLDER")
        raise typer.Exit(EXIT_USAGE)
    try:
        fetch_settings = _fetch_settings(interval, per_host, timeout, retries, max_mb, max_urls, contact)
        with _Bar(enabled=not quiet and err.is_terminal) as bar:
            if db is not None:
                settings = Settings(summary_words=summary_words, semantic=semantic)
                result = fetch_into_db(target, sources, fetch_settings, settings, progress=bar)
            else:
                result = fetch_into_folder(target, sources, fetch_settings, progress=bar)
    except CrosswireError as error:
        raise _fail(error) from None
    for problem in result.problems:
        _say(f"crosswire: skipped {problem}")
    _say(_fetch_summary(result, target))
    harvest = result.harvest
    if not harvest.answered:
        raise typer.Exit(EXIT_NOTHING)
    if strict and harvest.problems:
        raise typer.Exit(EXIT_STRICT)


def _fetch_summary(result: FetchResult, target: Path) -> str:
    """The one-line summary of a fetch run into a folder, or (with ingest counts and totals) a database."""
    line = f"crosswire: {_harvest_line(result.harvest)}"
    ingested = result.ingest
    if ingested is None:
        return f"{line}; {counted(len(result.saved), 'file')} written to {target}"
    for original, stored in ingested.renamed:
        _say(f"crosswire: id {original!r} is taken by other content; stored as {stored!r}")
    return (f"{line}; {counted(len(ingested.added), 'new article')}, {counted(len(ingested.duplicates), 'duplicate')}; "
            f"{_holds(target)}")


@app.command()
@last_resort(_ingest_committed)
def watch(
    db: DbOpt,
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="[PATH|URL]...", help="Folders or files to watch for new files, and page URLs to re-fetch.")] = None,
    feed: FeedOpt = None,
    sitemap: SitemapOpt = None,
    every: Annotated[float, typer.Option("--every", min=0, help="Seconds from the start of one round to the next.")] = 300.0,
    rounds: Annotated[int | None, typer.Option("--rounds", min=1, help="Stop after this many rounds (default: run until Ctrl+C).")] = None,
    settle: Annotated[float, typer.Option("--settle", min=0, help="Seconds a file must rest unmodified before it is read (one still being written waits).")] = SETTLE_S,
    interval: IntervalOpt = 1.0,
    per_host: PerHostOpt = 2,
    timeout: TimeoutOpt = 15.0,
    retries: RetriesOpt = 2,
    max_mb: MaxMbOpt = 10.0,
    max_urls: MaxUrlsOpt = 1000,
    contact: ContactOpt = None,
    summary_words: WordsOpt = DEFAULT_SUMMARY_WORDS,
    semantic: SemanticOpt = True,
    exclude: ExcludeOpt = None,
) -> None:
    """Poll folders, pages and feeds every --every seconds and ingest what is new; Ctrl+C stops."""
    from .engine.live import LiveSources
    from .engine.watch import watch as run_watch

    given = list(paths or [])
    pages = [p for p in given if p.lower().startswith(("http://", "https://"))]
    sources = LiveSources(pages, list(feed or []), list(sitemap or []))
    folders = [p for p in given if p not in pages]
    rounds_done = [0]

    def report(done: Round) -> None:
        rounds_done[0] = done.number
        for problem in done.problems:
            _say(f"crosswire: skipped {problem}")
        added, same = (len(done.ingest.added), len(done.ingest.duplicates)) if done.ingest else (0, 0)
        _say(f"crosswire: round {done.number} at {done.started}: {counted(done.files, 'new or changed file')}, "
             f"{_harvest_line(done.harvest)}; {counted(added, 'new article')}, {counted(same, 'duplicate')}; "
             f"{db} holds {counted(done.stats.articles, 'article')} in {counted(done.stats.stories, 'story', 'stories')}")

    try:
        fetch_settings = _fetch_settings(interval, per_host, timeout, retries, max_mb, max_urls, contact)
        settings = Settings(summary_words=summary_words, semantic=semantic, exclude=tuple(exclude or ()))
        run_watch(db, folders, sources, every=every, rounds=rounds, settings=settings,
                  fetch_settings=fetch_settings, on_round=report, settle=settle)
    except CrosswireError as error:
        raise _fail(error) from None
    except KeyboardInterrupt:  # a round cut short keeps the batches it committed (and refetches the rest)
        _say(f"crosswire: watch stopped after {counted(rounds_done[0], 'whole round')}; {_holds(db)}")


def _holds(db: Path) -> str:
    """What the database holds, for a closing line ("news.duckdb holds 3 articles in 2 stories")."""
    from .store.db import open_store

    try:
        with open_store(db, read_only=True) as store:
            stats = store.stats()
    except CrosswireError as error:
        return f"its contents could not be read back ({error})"
    return f"{db} holds {counted(stats.articles, 'article')} in {counted(stats.stories, 'story', 'stories')}"


def _allowed_hosts(host: str) -> list[str] | None:
    """Host headers accepted on a loopback address (blocks DNS rebinding); None (any) otherwise."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return ["127.0.0.1", "localhost", "[::1]"]
    return None


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
