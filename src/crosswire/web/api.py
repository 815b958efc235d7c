"""The JSON API (and its CSV twins): thin handlers over crosswire.store.queries and the store."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlencode

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from ..records import Article, ReuseLink
from ..report.writers import article_to_dict, link_to_dict
from ..store.db import Store
from ..store.queries import ArticleQuery, Catalog, Page, StoryQuery, StoryResults, check_day
from . import render, schemas
from .compare import Comparison, compare
from .exports import csv_response

# Largest ``offset`` of the story list: far beyond any collection, and inside DuckDB's integers
# (a 20-digit offset once reached the database and came back as a 500).
MAX_OFFSET = 10_000_000
DATE = r"^\d{4}-\d{2}-\d{2}$"

Text = Annotated[str, Query(max_length=200, description="Ranked full-text search (BM25) over titles and texts")]
Entity = Annotated[str, Query(max_length=200, description="Entity name or alias (part of it)")]
Outlet = Annotated[str, Query(max_length=200, description="Outlet name, exactly as listed by /api/outlets")]
Agency = Annotated[str, Query(max_length=100, description="Wire agency credited (AP, AFP, Reuters...)")]
Language = Annotated[str, Query(max_length=20, description="ISO 639-1 language code")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Stories to skip (the next page: offset + limit)")]
Day = Annotated[str, Query(max_length=10, description="YYYY-MM-DD (inclusive)")]
QueryId = Annotated[str, Query(alias="id", max_length=1000, description="An id, or a unique prefix of one")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size")]
Cursor = Annotated[str, Query(max_length=400, description="next_cursor of the previous page")]

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": schemas.ErrorModel, "description": "Not found"},
    409: {"model": schemas.ErrorModel, "description": "Ambiguous short id (the message lists candidates)"},
    422: {"model": schemas.ErrorModel, "description": "Bad parameter"}}

STORY_COLUMNS = ("id", "short_id", "headline", "first_published", "last_published", "n_articles", "n_sources",
                 "n_disputed", "score", "url")
ARTICLE_COLUMNS = ("id", "short_id", "title", "outlet", "url", "published", "language", "agencies", "story", "score")
FACT_COLUMNS = ("claim", "status", "kind", "independent_sources", "value", "value_sources", "first_published",
                "articles", "text")


def story_query(q: Text = "", entity: Entity = "", since: Day = "", until: Day = "",
                outlet: Annotated[str, Query(max_length=200, description="Outlet of one of its articles")] = "",
                agency: Annotated[str, Query(max_length=100, description="Agency credited by one of its articles")] = "",
                language: Annotated[str, Query(max_length=20, description="Language of one of its articles")] = "",
                disputed: Annotated[Literal["yes", "no", ""], Query(description="yes: only stories with a disputed "
                                                                               "fact; no: only without")] = "",
                sources: Annotated[str, Query(pattern=r"^\d{0,4}$", description="Exactly this many independent "
                                                                                 "sources")] = "",
                min_sources: Annotated[int, Query(ge=0, le=10_000, description="At least this many independent "
                                                                               "sources")] = 0,
                month: Annotated[str, Query(pattern=r"^(\d{4}-\d{2})?$", description="YYYY-MM of first "
                                                                                     "publication")] = "",
                sort: Annotated[Literal["relevance", "newest", "oldest", "sources", "articles", "disputes", ""],
                                Query(description="Order; default relevance with q, else newest")] = "",
                ) -> StoryQuery:
    """The story filters shared by the story list page and /api/stories (dates checked here)."""
    return StoryQuery(q=q, entity=entity, since=check_day(since, "since"), until=check_day(until, "until"),
                      outlet=outlet, agency=agency, language=language,
                      disputed={"yes": True, "no": False}.get(disputed), sources=int(sources) if sources else None,
                      min_sources=min_sources, month=month, sort=sort)


StoryFilters = Annotated[StoryQuery, Depends(story_query)]


def filters_of(query: StoryQuery) -> dict[str, str]:
    """The query's non-empty filters as URL parameters (to build links that keep them)."""
    values = {"q": query.q, "entity": query.entity, "since": query.since, "until": query.until,
              "outlet": query.outlet, "agency": query.agency, "language": query.language,
              "disputed": {True: "yes", False: "no", None: ""}[query.disputed],
              "sources": "" if query.sources is None else str(query.sources),
              "min_sources": str(query.min_sources or ""), "month": query.month, "sort": query.sort}
    return {k: v for k, v in values.items() if v}


def path_id(request: Request, prefix: str, decoded: str) -> str:
    """The id in the request path, decoded once from the raw path (``%2F`` a slash, ``%2525`` ``%25``).

    Servers hand over the path already decoded; some test clients decode it twice, which turns an
    id holding ``%20`` into one holding a space. Reading the raw path makes every server agree.
    """
    raw = request.scope.get("raw_path") or b""
    text = raw.decode("latin-1")
    return unquote(text[len(prefix):]) if text.startswith(prefix) else decoded


def store_of(request: Request) -> Store:
    """The app's read-only store."""
    return request.app.state.store


def catalog_of(request: Request) -> Catalog:
    """The app's query catalog."""
    return request.app.state.catalog


def resolve(request: Request, kind: str, given: str) -> str:
    """The full id for an id or unique prefix; 404 when none, 409 (AmbiguousIdError) when several."""
    found = catalog_of(request).resolve(kind, given)
    if found is None:
        raise HTTPException(404, f"no {kind} {given!r}")
    return found


def add_api(app: FastAPI) -> None:
    """Register the JSON API routes."""
    _add_story_routes(app)
    _add_article_routes(app)
    _add_directory_routes(app)
    _add_claim_routes(app)
    _add_compare_route(app)


def _add_story_routes(app: FastAPI) -> None:
    """/api/stories and /api/stories/{id}."""

    @app.get("/api/stories", response_model=schemas.StoryListModel, responses=_ERRORS, summary="List stories")
    def api_stories(request: Request, query: StoryFilters, limit: Limit = 50,
                    offset: Offset = 0,
                    facets: Annotated[bool, Query(description="Add facet counts")] = False,
                    format: Format = "json") -> Response:
        """Stories filtered and faceted like the story list page; newest first, or ranked with q."""
        query.limit, query.offset = limit, offset
        found = catalog_of(request).stories(query)
        rows = story_rows(found)
        if format == "csv":
            return csv_response(STORY_COLUMNS, rows, "stories")
        data: dict[str, Any] = {"total": found.total, "limit": found.limit, "offset": found.offset,
                                "sort": found.sort, "next": _next_offset(request, found), "stories": rows}
        if facets:
            data["facets"] = {k: [asdict(v) for v in values] for k, values in catalog_of(request).facets(query).items()}
        return JSONResponse(data)

    @app.get("/api/stories/{story_id:path}", response_model=schemas.StoryModel, responses=_ERRORS, summary="One story")
    def api_story(request: Request, story_id: Annotated[str, Path(description="Story id or a unique prefix")],
                  format: Format = "json") -> Response:
        """The contract's story object, exactly as `crosswire analyze --json` writes it; as CSV, its facts
        (one row per value).

        Ids may hold any character: quote them (``/`` as ``%2F``); any unique prefix of an id works."""
        return _api_story(request, resolve(request, "story", path_id(request, "/api/stories/", story_id)), format)


def _api_story(request: Request, story_id: str, format: str) -> Response:
    """The stored story JSON (or its facts as CSV)."""
    data = catalog_of(request).story_json(story_id)
    if data is None:
        raise HTTPException(404, f"no story {story_id!r}")
    if format == "csv":
        story = catalog_of(request).story(story_id)
        rows = [{"claim": f.claim, "status": f.status, "kind": f.kind, "independent_sources": f.independent_sources,
                 "value": v.value, "value_sources": v.sources, "first_published": v.published,
                 "articles": v.articles, "text": v.text} for f in (story.facts if story else []) for v in f.values]
        return csv_response(FACT_COLUMNS, rows, f"story-{story_id}-facts")
    return Response(data, media_type="application/json")


def story_rows(found: StoryResults) -> list[dict[str, Any]]:
    """The story list's rows as the API's JSON objects."""
    return [{**asdict(s), "url": render.id_url("/api/stories", s.id)} for s in found.stories]


def _next_offset(request: Request, found: StoryResults) -> str | None:
    """URL of the next page of an offset-paginated story list (None on the last)."""
    if found.offset + len(found.stories) >= found.total:
        return None
    params = dict(request.query_params) | {"offset": str(found.offset + found.limit)}
    return f"{request.url.path}?{urlencode(params)}"


def _next_cursor(request: Request, page: Page) -> str | None:
    """URL of the next page of a cursor-paginated list (None on the last)."""
    if page.next_cursor is None:
        return None
    params = dict(request.query_params) | {"cursor": page.next_cursor}
    return f"{request.url.path}?{urlencode(params)}"


def _add_article_routes(app: FastAPI) -> None:
    """/api/articles (list, or one by ?id=) and /api/articles/{id}."""

    @app.get("/api/articles/{article_id:path}", response_model=schemas.ArticleModel, responses=_ERRORS,
             summary="One article")
    def api_article(request: Request, article_id: Annotated[str, Path(description="Article id or a unique prefix")],
                    format: Format = "json") -> Response:
        """The contract's article object (no local path), its story id and its reuse links.

        Ids may hold any character: quote them (``/`` as ``%2F``); ``.`` and ``..`` go in the
        query instead: ``/api/articles?id=..``. Any unique prefix of an id works."""
        return _api_article(request, resolve(request, "article", path_id(request, "/api/articles/", article_id)),
                            format)

    @app.get("/api/articles", response_model=schemas.ArticleListModel | schemas.ArticleModel, responses=_ERRORS,
             summary="List or search articles")
    def api_articles(request: Request, q: Text = "", outlet: Outlet = "", agency: Agency = "", language: Language = "",
                     since: Day = "", until: Day = "",
                     story: Annotated[str, Query(max_length=1000, description="Only this story's articles")] = "",
                     sort: Annotated[Literal["relevance", "newest", "oldest", ""],
                                     Query(description="Order; default relevance with q, else newest")] = "",
                     limit: Limit = 50, cursor: Cursor = "", article_id: QueryId = "", format: Format = "json",
                     ) -> Response:
        """Articles filtered by text (ranked), outlet, agency, language, dates or story, with cursor
        pagination. Given ``?id=``, the one article instead (the form for the ids ``.`` and ``..``)."""
        if article_id:
            return _api_article(request, resolve(request, "article", article_id), format)
        story_id = resolve(request, "story", story) if story else ""
        page = catalog_of(request).articles(ArticleQuery(
            q=q, outlet=outlet, agency=agency, language=language, since=check_day(since, "since"),
            until=check_day(until, "until"), story=story_id, sort=sort, limit=limit, cursor=cursor))
        rows = [{**asdict(a), "api_url": render.id_url("/api/articles", a.id)} for a in page.items]
        if format == "csv":
            return csv_response(ARTICLE_COLUMNS, rows, "articles")
        return JSONResponse({"total": page.total, "limit": page.limit, "sort": page.extra["sort"],
                             "next_cursor": page.next_cursor, "next": _next_cursor(request, page), "articles": rows})


def article_json(store: Store, article_id: str) -> dict[str, Any] | None:
    """The article object the API returns: the contract's fields but the local file path."""
    article = store.article(article_id)
    if article is None:
        return None
    data = {k: v for k, v in article_to_dict(article).items() if k != "source_path"}
    return {**data, "story": store.story_of(article_id), "reuse": [link_to_dict(x) for x in store.links_of(article_id)]}


def _api_article(request: Request, article_id: str, format: str) -> Response:
    """The article object (JSON, or one CSV row), or 404."""
    data = article_json(store_of(request), article_id)
    if data is None:
        raise HTTPException(404, f"no article {article_id!r}")
    if format == "csv":
        columns = ("id", "title", "outlet", "url", "byline", "published", "agencies", "language", "story", "text")
        return csv_response(columns, [data], f"article-{article_id}")
    return JSONResponse(data)


def _add_directory_routes(app: FastAPI) -> None:
    """/api/outlets and /api/entities."""

    @app.get("/api/outlets", response_model=schemas.OutletListModel, responses=_ERRORS, summary="List outlets")
    def api_outlets(request: Request, q: Annotated[str, Query(max_length=200, description="Part of the name")] = "",
                    limit: Limit = 50, cursor: Cursor = "", format: Format = "json") -> Response:
        """Outlets, most articles first, with cursor pagination."""
        page = catalog_of(request).outlets(q, limit, cursor)
        rows = [{**asdict(o), "stories_url": f"/api/stories?{urlencode({'outlet': o.name})}"} for o in page.items]
        if format == "csv":
            return csv_response(("name", "articles", "stories", "first_published", "last_published"), rows, "outlets")
        return JSONResponse({"total": page.total, "limit": page.limit, "next_cursor": page.next_cursor,
                             "next": _next_cursor(request, page), "outlets": rows})

    @app.get("/api/entities", response_model=schemas.EntityListModel, responses=_ERRORS, summary="List entities")
    def api_entities(request: Request,
                     q: Annotated[str, Query(max_length=200, description="Part of a name, or a whole alias")] = "",
                     type: Annotated[Literal["PERSON", "ORG", "GPE", "MISC", ""], Query(description="Entity type")] = "",
                     limit: Limit = 50, cursor: Cursor = "", format: Format = "json") -> Response:
        """Entities across stories, most stories first, with cursor pagination."""
        page = catalog_of(request).entities(q, type, limit, cursor)
        rows = [{**asdict(e), "stories_url": f"/api/stories?{urlencode({'entity': e.name})}"} for e in page.items]
        if format == "csv":
            return csv_response(("name", "type", "aliases", "stories", "articles"), rows, "entities")
        return JSONResponse({"total": page.total, "limit": page.limit, "next_cursor": page.next_cursor,
                             "next": _next_cursor(request, page), "entities": rows})


def claim_rows(page: Page) -> list[dict[str, Any]]:
    """A page of ClaimRows as JSON objects with each claim's permalink."""
    return [{**asdict(c), "story_url": render.id_url("/stories", c.story) + "#" + render.claim_anchor(c.claim)}
            for c in page.items]


def _add_claim_routes(app: FastAPI) -> None:
    """/api/claims: one claim across stories."""

    @app.get("/api/claims", response_model=schemas.ClaimListModel, responses=_ERRORS, summary="One claim across stories")
    def api_claims(request: Request,
                   claim: Annotated[str, Query(min_length=1, max_length=200,
                                               description="The claim, e.g. 'people injured' (any case)")],
                   status: Annotated[Literal["agreed", "disputed", "updated", "single", ""],
                                     Query(description="Only stories where the claim has this status")] = "",
                   limit: Limit = 50, cursor: Cursor = "", format: Format = "json") -> Response:
        """Every story that states this claim, with its status and values there: how one claim fares
        across events (e.g. every disputed death toll)."""
        page = catalog_of(request).claims(claim, status, limit, cursor)
        rows = claim_rows(page)
        if format == "csv":
            flat = [{**r, "values": [f"{v['value']} ({v['sources']})" for v in r["values"]]} for r in rows]
            return csv_response(("story", "headline", "last_published", "claim", "status", "kind",
                                 "independent_sources", "values", "story_url"), flat, "claims")
        return JSONResponse({"total": page.total, "limit": page.limit, "claim": claim.strip().lower(),
                             "next_cursor": page.next_cursor, "next": _next_cursor(request, page), "claims": rows})


def add_docs(app: FastAPI) -> None:
    """/api/docs: the OpenAPI schema as a plain HTML page (no scripts, no CDN)."""

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        from .docs import docs_view

        html = request.app.state.env.get_template("docs.html").render(view=docs_view(request.app.openapi()))
        return HTMLResponse(html)


# ---------------------------------------------------------------------------------------------
# Comparison of a copy with its original

CompareId = Annotated[str, Query(min_length=1, max_length=1000, description="Article id or a unique prefix")]


@dataclass(slots=True)
class Pair:
    """Two articles compared: the original, the copy, their stored link (if any), the copy's story."""

    original: Article
    copy: Article
    link: ReuseLink | None
    story_id: str | None
    diff: Comparison


def compared(request: Request, original: str, copy: str) -> Pair:
    """Resolve two article ids (or prefixes) and compare the second with the first (404 when unknown)."""
    original_id, copy_id = resolve(request, "article", original), resolve(request, "article", copy)
    store = store_of(request)
    with store.reading():
        found = store.articles([original_id, copy_id])
        link = next((x for x in store.links_of(copy_id) if {x.a, x.b} == {original_id, copy_id}), None)
        story_id = store.story_of(copy_id)
    if original_id not in found or copy_id not in found:  # removed since the ids were resolved
        raise HTTPException(404, "no such article")
    first, second = found[original_id], found[copy_id]
    return Pair(first, second, link, story_id, compare(first.text, second.text))


COMPARE_COLUMNS = ("row", "changed", "original", "copy", "removed", "added")


def _compare_rows(diff: Comparison) -> list[dict[str, object]]:
    """The comparison's rows for CSV: each side's text, and its removed and added pieces."""
    def joined(pieces: list, kind: str | None = None) -> str:
        return " ".join(p.text for p in pieces if kind is None or p.kind == kind)

    return [{"row": n, "changed": row.changed, "original": joined(row.original), "copy": joined(row.copy),
             "removed": joined(row.original, "removed"), "added": joined(row.copy, "added")}
            for n, row in enumerate(diff.rows, 1)]


def _add_compare_route(app: FastAPI) -> None:
    """/api/compare: the JSON twin of the comparison page."""

    @app.get("/api/compare", response_model=schemas.CompareModel, responses=_ERRORS,
             summary="Compare a copy with its original")
    def api_compare(request: Request, original: CompareId, copy: CompareId, format: Format = "json") -> Response:
        """The copy lined up word by word with the original: rows of pieces that are the same, only
        in the original (removed) or only in the copy (added), and the share of words kept. As CSV:
        one line per row with both sides' text and the words removed and added."""
        pair = compared(request, original, copy)
        diff = pair.diff
        if format == "csv":
            return csv_response(COMPARE_COLUMNS, _compare_rows(diff), f"compare-{pair.original.id}-{pair.copy.id}")
        return JSONResponse({
            "original": pair.original.id, "copy": pair.copy.id,
            "relation": pair.link.relation if pair.link else None, "score": pair.link.score if pair.link else None,
            "story": pair.story_id, "original_words": diff.original_words, "copy_words": diff.copy_words,
            "same_words": diff.same_words, "kept_share": round(diff.kept_share, 4), "cut": diff.cut,
            "rows": [{"original": [asdict(p) for p in row.original], "copy": [asdict(p) for p in row.copy],
                      "changed": row.changed} for row in diff.rows]})
