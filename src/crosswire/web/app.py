"""The FastAPI app: thin handlers that read one thing from the store and render HTML or JSON."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import StoreError
from ..report import writers as report
from ..store.db import Store, open_store
from ..store.queries import AmbiguousIdError, Catalog, QueryError
from . import listing, render
from .api import (
    CompareId,
    StoryFilters,
    add_api,
    add_docs,
    catalog_of,
    claim_rows,
    compared,
    filters_of,
    path_id,
    resolve,
)
from .security import DEFAULT_BURST, DEFAULT_RATE, MAX_BODY_BYTES, Limits, RequestGuard, SecurityHeaders

HERE = Path(__file__).parent
PAGE_SIZE = 25  # stories per HTML list page


@dataclass(slots=True)
class WebSettings:
    """Server options: rate limit per client, body limit, accepted Host headers (None: any)."""

    rate: float = DEFAULT_RATE
    burst: int = DEFAULT_BURST
    max_body_bytes: int = MAX_BODY_BYTES
    allowed_hosts: list[str] | None = field(default=None)


def templates() -> Environment:
    """The Jinja2 environment: autoescaping on for every template, undefined names are errors.

    Templates are package files: compiled once (``auto_reload`` off saves a stat of every template
    on every page, 8% of a story page's server time under load).

    ``id_url(prefix, id)`` builds links to stories and articles whatever their ids hold.
    """
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.globals["id_url"] = render.id_url
    env.globals["claim_anchor"] = render.claim_anchor
    env.filters["readable_time"] = report.readable_time
    return env


def create_app(db_path: str | Path, settings: WebSettings | None = None, writable: bool = False) -> FastAPI:
    """A read-only web app and JSON API over one crosswire database.

    ``writable`` opens the file for writing (the app itself still only reads): ``crosswire serve
    --watch`` ingests into it from a thread of the same process, the one writer DuckDB allows, while
    every page reads one committed state (Store.reading).
    """
    settings = settings or WebSettings()
    store = open_store(db_path, read_only=not writable)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="crosswire", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Read-only JSON API over a crosswire database (stories, articles, reuse).")
    app.state.store, app.state.env, app.state.catalog = store, templates(), Catalog(store)
    app.state.catalog.ensure()  # the search index is built now, not during the first search
    for name in app.state.env.list_templates(extensions=["html"]):  # compiled now, not by every thread at once
        app.state.env.get_template(name)
    _add_pages(app)
    add_api(app)
    add_docs(app)
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


# An id given in the query (``/articles?id=..``): the form links take for the ids "." and "..".
QueryId = Annotated[str, Query(alias="id", max_length=1000)]
Highlight = Annotated[str, Query(max_length=40)]
StoryPageNumber = Annotated[int, Query(ge=1, le=100_000, description="Page of the story's articles")]


# ---------------------------------------------------------------------------------------------
# HTML pages


def _add_pages(app: FastAPI) -> None:
    """Register the story list, story page and article page."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def story_list(request: Request, query: StoryFilters,
                   page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
        query.limit, query.offset = PAGE_SIZE, (page - 1) * PAGE_SIZE
        catalog = catalog_of(request)
        found = catalog.stories(query)
        filters = filters_of(query)
        return _page(request, "stories.html", found=found, filters=filters, page=page, query=query,
                     facets=listing.facet_links(catalog.facets(query), filters),
                     exports={"JSON": f"/api/stories?{urlencode({**filters, 'offset': query.offset, 'limit': PAGE_SIZE})}",
                              "CSV": f"/api/stories?{urlencode({**filters, 'offset': query.offset, 'limit': PAGE_SIZE, 'format': 'csv'})}"},
                     sorts=listing.sort_links(filters, bool(query.q.strip())),
                     prev_url=f"/?{urlencode({**filters, 'page': page - 1})}" if page > 1 else None,
                     next_url=f"/?{urlencode({**filters, 'page': page + 1})}"
                     if found.offset + len(found.stories) < found.total else None,
                     counts=lambda s: _counts(s.n_articles, s.n_sources))

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request, claim: Annotated[str, Query(max_length=200)] = "",
                    q: Annotated[str, Query(max_length=200)] = "",
                    cursor: Annotated[str, Query(max_length=400)] = "") -> HTMLResponse:
        catalog = catalog_of(request)
        page = catalog.claims(claim, "", PAGE_SIZE, cursor) if claim.strip() else None
        names = [] if page else catalog.claim_names(q)
        next_url = f"/claims?{urlencode({'claim': claim, 'cursor': page.next_cursor})}" \
            if page and page.next_cursor else None
        return _page(request, "claims.html", claim=claim.strip().lower(), q=q, page=page,
                     rows=claim_rows(page) if page else [], names=names, next_url=next_url,
                     json_url=f"/api/claims?{urlencode({'claim': claim})}",
                     csv_url=f"/api/claims?{urlencode({'claim': claim, 'format': 'csv'})}")

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str, page: StoryPageNumber = 1) -> HTMLResponse:
        given = path_id(request, "/stories/", story_id)
        return _canonical(request, "/stories", given, resolve(request, "story", given), page=page) or \
            _story_page(request, given, page)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def story_page_by_query(request: Request, story_id: QueryId, page: StoryPageNumber = 1) -> HTMLResponse:
        return _story_page(request, resolve(request, "story", story_id), page)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, hl: Highlight = "") -> HTMLResponse:
        given = path_id(request, "/articles/", article_id)
        return _canonical(request, "/articles", given, resolve(request, "article", given), hl=hl) or \
            _article_page(request, given, hl)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def article_page_by_query(request: Request, article_id: QueryId, hl: Highlight = "") -> HTMLResponse:
        return _article_page(request, resolve(request, "article", article_id), hl)

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, original: CompareId, copy: CompareId) -> HTMLResponse:
        return _compare_page(request, original, copy)


def _canonical(request: Request, prefix: str, given: str, full: str, **query: Any) -> Response | None:
    """A redirect from a short id's page to the full id's (its permalink); None when ``given`` is full."""
    if given == full:
        return None
    kept = {k: str(v) for k, v in query.items() if v not in ("", 1)}
    return RedirectResponse(render.id_url(prefix, full, **kept), status_code=302)


def _story_page(request: Request, story_id: str, page: int) -> HTMLResponse:
    """The story page: one page of its articles (404 for an unknown story or a page past the last)."""
    store = _store(request)
    with store.reading():
        story = catalog_of(request).story(story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        if page > render.story_pages(story):
            raise HTTPException(404, f"story {story_id!r} has {render.story_pages(story)} page(s) of articles")
        view = render.story_view(story, store.articles(story.articles), page)
    return _page(request, "story.html", view=view, story=story)


def _article_page(request: Request, article_id: str, hl: str) -> HTMLResponse:
    """The article page, opened at the ``hl`` passage when given."""
    store = _store(request)
    with store.reading():
        article = store.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id!r}")
        links = store.links_of(article_id)
        others = store.articles({x.a for x in links} | {x.b for x in links})
        story_id = store.story_of(article_id)
    view = render.article_view(article, story_id, links, others, render.parse_span(hl, len(article.text)))
    return _page(request, "article.html", view=view, article=article)


def _compare_page(request: Request, original: str, copy: str) -> HTMLResponse:
    """Two articles side by side, the copy's changes against the original marked (404 for an unknown id)."""
    pair = compared(request, original, copy)
    return _page(request, "compare.html", original=pair.original, copy=pair.copy, link=pair.link,
                 story_id=pair.story_id, diff=pair.diff, swap_href=render.compare_href(pair.copy.id, pair.original.id),
                 json_href=f"/api/compare?{urlencode({'original': pair.original.id, 'copy': pair.copy.id})}")


def _counts(n: int, k: int) -> str:
    """'N articles · K independent sources'."""
    return f"{n} article{'s' if n != 1 else ''} · {k} independent source{'s' if k != 1 else ''}"


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

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(AmbiguousIdError)
    async def ambiguous(request: Request, exc: AmbiguousIdError) -> Response:
        return _error(request, 409, str(exc), exc.candidates)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error(request, 500, "the database could not be read")


def _error(request: Request, status: int, message: str, candidates: list[str] | None = None) -> Response:
    """The error response: JSON ``{"error": {...}}`` for the API, a small page for browsers.

    ``candidates``: the ids an ambiguous short id starts (linked from the page)."""
    if request.url.path.startswith("/api/"):
        detail: dict[str, Any] = {"status": status, "message": message}
        if candidates:
            detail["candidates"] = candidates
        return JSONResponse({"error": detail}, status_code=status)
    prefix = "/articles" if request.url.path.startswith("/articles") else "/stories"
    links = [(c, render.id_url(prefix, c)) for c in candidates or []]
    return _page(request, "error.html", status=status, status_code=status, message=message, links=links)

