"""The FastAPI app: thin handlers that read one thing from the store and render HTML or JSON."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import StoreError
from ..report import article_to_dict, link_to_dict
from ..store import Store, StoryPage, open_store
from . import render, schemas
from .security import DEFAULT_BURST, DEFAULT_RATE, MAX_BODY_BYTES, Limits, RequestGuard, SecurityHeaders

HERE = Path(__file__).parent
PAGE_SIZE = 25  # stories per HTML list page
# Largest ``offset`` of the story list: far beyond any collection, and inside DuckDB's integers
# (a 20-digit offset once reached the database and came back as a 500).
MAX_OFFSET = 10_000_000
DATE = r"^\d{4}-\d{2}-\d{2}$"


@dataclass(slots=True)
class WebSettings:
    """Server options: rate limit per client, body limit, accepted Host headers (None: any)."""

    rate: float = DEFAULT_RATE
    burst: int = DEFAULT_BURST
    max_body_bytes: int = MAX_BODY_BYTES
    allowed_hosts: list[str] | None = field(default=None)


def templates() -> Environment:
    """The Jinja2 environment: autoescaping on for every template, undefined names are errors.

    ``id_url(prefix, id)`` builds links to stories and articles whatever their ids hold.
    """
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["id_url"] = render.id_url
    return env


def create_app(db_path: str | Path, settings: WebSettings | None = None) -> FastAPI:
    """A read-only web app and JSON API over one crosswire database."""
    settings = settings or WebSettings()
    store = open_store(db_path, read_only=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="crosswire", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Read-only JSON API over a crosswire database (stories, articles, reuse).")
    app.state.store, app.state.env = store, templates()
    _add_pages(app)
    _add_api(app)
    _add_error_handlers(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(RequestGuard, limits=Limits(settings.rate, settings.burst, settings.max_body_bytes))
    if settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


def _store(request: Request) -> Store:
    """The app's read-only store."""
    return request.app.state.store


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template to an HTML response."""
    html = request.app.state.env.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


Text = Annotated[str, Query(max_length=200)]
# An id given in the query (``/articles?id=..``): the form links take for the ids "." and "..".
QueryId = Annotated[str, Query(alias="id", max_length=1000)]
Highlight = Annotated[str, Query(max_length=40)]
StoryPageNumber = Annotated[int, Query(ge=1, le=100_000, description="Page of the story's articles")]
Day = Annotated[str, Query(pattern=f"{DATE}|^$", description="YYYY-MM-DD (inclusive)")]


# ---------------------------------------------------------------------------------------------
# HTML pages


def _add_pages(app: FastAPI) -> None:
    """Register the story list, story page and article page."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def story_list(request: Request, q: Text = "", entity: Text = "", since: Day = "", until: Day = "",
                   page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
        found = _store(request).list_stories(q, entity, since, until, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        filters = {k: v for k, v in {"q": q, "entity": entity, "since": since, "until": until}.items() if v}
        return _page(request, "stories.html", found=found, filters=filters, page=page,
                     prev_url=f"/?{urlencode({**filters, 'page': page - 1})}" if page > 1 else None,
                     next_url=f"/?{urlencode({**filters, 'page': page + 1})}"
                     if found.offset + len(found.stories) < found.total else None,
                     counts=lambda s: _counts(s.n_articles, s.n_sources))

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str, page: StoryPageNumber = 1) -> HTMLResponse:
        return _story_page(request, path_id(request, "/stories/", story_id), page)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def story_page_by_query(request: Request, story_id: QueryId, page: StoryPageNumber = 1) -> HTMLResponse:
        return _story_page(request, story_id, page)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, hl: Highlight = "") -> HTMLResponse:
        return _article_page(request, path_id(request, "/articles/", article_id), hl)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def article_page_by_query(request: Request, article_id: QueryId, hl: Highlight = "") -> HTMLResponse:
        return _article_page(request, article_id, hl)



def _story_page(request: Request, story_id: str, page: int) -> HTMLResponse:
    """The story page: one page of its articles (404 for an unknown story or a page past the last)."""
    store = _store(request)
    story = store.story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    if page > render.story_pages(story):
        raise HTTPException(404, f"story {story_id!r} has {render.story_pages(story)} page(s) of articles")
    view = render.story_view(story, store.articles(story.articles), page)
    return _page(request, "story.html", view=view, story=story)


def _article_page(request: Request, article_id: str, hl: str) -> HTMLResponse:
    """The article page, opened at the ``hl`` passage when given."""
    store = _store(request)
    article = store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    links = store.links_of(article_id)
    others = store.articles({x.a for x in links} | {x.b for x in links})
    view = render.article_view(article, store.story_of(article_id), links, others,
                               render.parse_span(hl, len(article.text)))
    return _page(request, "article.html", view=view, article=article)


def path_id(request: Request, prefix: str, decoded: str) -> str:
    """The id in the request path, decoded once from the raw path (``%2F`` a slash, ``%2525`` ``%25``).

    Servers hand over the path already decoded; some test clients decode it twice, which turns an
    id holding ``%20`` into one holding a space. Reading the raw path makes every server agree.
    """
    raw = request.scope.get("raw_path") or b""
    text = raw.decode("latin-1")
    return unquote(text[len(prefix):]) if text.startswith(prefix) else decoded


def _counts(n: int, k: int) -> str:
    """'N articles · K independent sources'."""
    return f"{n} article{'s' if n != 1 else ''} · {k} independent source{'s' if k != 1 else ''}"


# ---------------------------------------------------------------------------------------------
# JSON API

_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": schemas.ErrorModel, "description": "Not found"},
                                            422: {"model": schemas.ErrorModel, "description": "Bad parameter"}}


def _add_api(app: FastAPI) -> None:
    """Register /api/stories, /api/stories/{id} and /api/articles/{id}."""

    @app.get("/api/stories", response_model=schemas.StoryListModel, responses=_ERRORS)
    def api_stories(request: Request, q: Text = "", entity: Text = "", since: Day = "", until: Day = "",
                    limit: Annotated[int, Query(ge=1, le=200)] = 50,
                    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> JSONResponse:
        """Stories newest first, filtered by text, entity and dates."""
        return JSONResponse(_story_list(_store(request).list_stories(q, entity, since, until, limit, offset)))

    @app.get("/api/stories/{story_id:path}", response_model=schemas.StoryModel, responses=_ERRORS)
    def api_story(request: Request, story_id: str) -> Response:
        """The contract's story object, exactly as `crosswire analyze --json` writes it.

        Ids may hold any character: quote them (``/`` as ``%2F``)."""
        return _api_story(request, path_id(request, "/api/stories/", story_id))

    @app.get("/api/articles/{article_id:path}", response_model=schemas.ArticleModel, responses=_ERRORS)
    def api_article(request: Request, article_id: str) -> JSONResponse:
        """The contract's article object, its story id and its reuse links.

        Ids may hold any character: quote them (``/`` as ``%2F``); ``.`` and ``..`` go in the
        query instead: ``/api/articles?id=..``."""
        return _api_article(request, path_id(request, "/api/articles/", article_id))

    @app.get("/api/articles", response_model=schemas.ArticleModel, responses=_ERRORS)
    def api_article_by_query(request: Request, article_id: QueryId) -> JSONResponse:
        """The same as /api/articles/{id}, the id given as ``?id=`` (for the ids ``.`` and ``..``)."""
        return _api_article(request, article_id)


def _api_story(request: Request, story_id: str) -> Response:
    """The stored story JSON, or 404."""
    data = _store(request).story_json(story_id)
    if data is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return Response(data, media_type="application/json")


def _api_article(request: Request, article_id: str) -> JSONResponse:
    """The article object with its story id and reuse links, or 404."""
    store = _store(request)
    article = store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return JSONResponse({**article_to_dict(article), "story": store.story_of(article_id),
                         "reuse": [link_to_dict(x) for x in store.links_of(article_id)]})


def _story_list(page: StoryPage) -> dict[str, Any]:
    """A StoryPage as the API's JSON object."""
    stories = [{**asdict(s), "url": render.id_url("/api/stories", s.id)} for s in page.stories]
    return {"total": page.total, "limit": page.limit, "offset": page.offset, "stories": stories}


# ---------------------------------------------------------------------------------------------
# Errors


def _add_error_handlers(app: FastAPI) -> None:
    """One JSON error shape under /api; an HTML error page elsewhere."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "query")
        return _error(request, 422, f"invalid parameter {where}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error(request, 500, "the database could not be read")


def _error(request: Request, status: int, message: str) -> Response:
    """The error response: JSON ``{"error": {...}}`` for the API, a small page for browsers."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    return _page(request, "error.html", status=status, status_code=status, message=message)

