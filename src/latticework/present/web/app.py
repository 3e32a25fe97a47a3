"""FastAPI app: server-rendered pages with a little JavaScript, and a JSON API behind each page.

Read-only over the store (the connection is opened ``read_only``); binds 127.0.0.1 by default
(see ``latticework serve``). Errors: a project error becomes its HTTP status with one JSON shape
``{"ok": false, "error", "fix", "status"}`` under /api, or an HTML page that says the same (an
unknown state lists the closest matches); a validation error is a 422 with the reason; anything
unexpected is a 500 that shows no stack trace.
"""
from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from latticework import vocabulary
from latticework.errors import LatticeworkError, UsageError
from latticework.present.web import payloads as P

log = logging.getLogger("latticework.web")
HERE = Path(__file__).parent
EVENT_TYPES = list(vocabulary.EVENT_TYPES)
YEAR = dict(ge=1816, le=2100)
LOCAL_ONLY_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                  "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; font-src 'self' data:; "
                  "connect-src 'self'; form-action 'self'; frame-ancestors 'none'")


def _docs_assets() -> Path:
    """Swagger UI and ReDoc files shipped by the ``fastapi-offline`` registry package (no CDN)."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


@lru_cache(maxsize=1)
def _redoc_js() -> str:
    """ReDoc's bundle with its footer logo pointed at nothing instead of the vendor's CDN."""
    js = (_docs_assets() / "redoc.standalone.js").read_text(encoding="utf-8")
    return js.replace("https://cdn.redoc.ly/redoc/logo-mini.svg", "data:,")


def create_app(store=None, cache=None) -> FastAPI:
    """Build the app over a store (default: the configured store), opened read-only."""
    import latticework as lw

    db = lw.open(store, cache)
    app = FastAPI(title="latticework", version=lw.__version__, docs_url=None, redoc_url=None,
                  description="Alliance politics from open data: profiles, dependence, structure, strategy, ledger.")
    app.state.db = db
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, name: str, http_status: int = 200, **ctx):
        return templates.TemplateResponse(request, name, {"request": request, **ctx}, status_code=http_status)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(LatticeworkError)
    async def project_error(request: Request, exc: LatticeworkError):
        if wants_json(request):
            return JSONResponse(exc.to_dict(), status_code=exc.http_status)
        return page(request, "error.html", exc.http_status, error=exc.message, fix=exc.fix,
                    suggestions=getattr(exc, "suggestions", []), status=exc.http_status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        reasons = [f"{'.'.join(str(x) for x in e.get('loc', []))}: {e.get('msg')}" for e in exc.errors()]
        body = {"ok": False, "error": "invalid parameters", "fix": "; ".join(reasons), "status": 422}
        if wants_json(request):
            return JSONResponse(body, status_code=422)
        return page(request, "error.html", 422, error="invalid parameters", fix="; ".join(reasons),
                    suggestions=[], status=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        body = {"ok": False, "error": str(exc.detail), "fix": None, "status": exc.status_code}
        if wants_json(request):
            return JSONResponse(body, status_code=exc.status_code)
        return page(request, "error.html", exc.status_code, error=str(exc.detail), fix=None,
                    suggestions=[], status=exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        body = {"ok": False, "error": "internal error", "fix": "see the server log", "status": 500}
        if wants_json(request):
            return JSONResponse(body, status_code=500)
        return page(request, "error.html", 500, error="internal error", fix="see the server log",
                    suggestions=[], status=500)

    @app.middleware("http")
    async def local_only(request: Request, call_next):
        """Pages may load nothing from another host (CSP): they work offline, and a stray
        third-party asset (e.g. ReDoc's footer logo) is blocked in the browser, not fetched."""
        response = await call_next(request)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers["Content-Security-Policy"] = LOCAL_ONLY_CSP
        return response

    # API docs from local files: the pages work with no network
    app.mount("/vendor/docs", StaticFiles(directory=str(_docs_assets())), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui():
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(openapi_url=app.openapi_url, title="latticework API",
                                   swagger_js_url="/vendor/docs/swagger-ui-bundle.js",
                                   swagger_css_url="/vendor/docs/swagger-ui.css",
                                   swagger_favicon_url="/vendor/docs/favicon.png",
                                   swagger_ui_parameters={"validatorUrl": None})

    @app.get("/vendor/redoc.js", include_in_schema=False)
    def redoc_js():
        return Response(_redoc_js(), media_type="application/javascript")

    @app.get("/redoc", include_in_schema=False)
    def redoc():
        from fastapi.openapi.docs import get_redoc_html

        return get_redoc_html(openapi_url=app.openapi_url, title="latticework API",
                              redoc_js_url="/vendor/redoc.js",
                              redoc_favicon_url="/vendor/docs/favicon.png", with_google_fonts=False)

    # ---- pages -------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request):
        return page(request, "index.html", sources=P.source_list(db, [*db.sources["name"], "ledger"]))

    @app.get("/go", include_in_schema=False)
    def go(q: str = Query(..., min_length=1, max_length=100)):
        from fastapi.responses import RedirectResponse

        s = db.state(q)  # an unknown name gets the 404 page with suggestions
        return RedirectResponse(f"/state/{s.code}", status_code=303)

    # The store is read-only, so a state's page and JSON are rendered once and served from memory.
    @lru_cache(maxsize=512)
    def state_html(ccode: int) -> str:
        data = P.state_payload(db, ccode)
        return templates.get_template("state.html").render(data=data, sources=data["sources"],
                                                           charts=P.state_charts(db, ccode))

    @lru_cache(maxsize=512)
    def state_json(ccode: int) -> bytes:
        return json.dumps(P.state_payload(db, ccode), separators=(",", ":"), default=str).encode()

    @app.get("/state/{name}", response_class=HTMLResponse, include_in_schema=False)
    def state_page(request: Request, name: str = PathParam(..., max_length=100)):
        return HTMLResponse(state_html(db.state(name).ccode))

    @app.get("/ledger", response_class=HTMLResponse, include_in_schema=False)
    def ledger_page(request: Request, actor: Optional[str] = Query(None, max_length=100),
                    type: Optional[str] = Query(None, max_length=40),
                    start: Optional[str] = Query(None, alias="from", pattern=r"^(\d{4})?$"),
                    end: Optional[str] = Query(None, alias="to", pattern=r"^(\d{4})?$")):
        # the page's form sends empty fields as "from=&to=": empty means no bound
        data = P.ledger_payload(db, actor or None, _event_type(type), _form_year(start, "from"), _form_year(end, "to"))
        return page(request, "ledger.html", data=data, types=EVENT_TYPES, sources=P.source_list(db, ["ledger"]))

    @app.get("/structure", response_class=HTMLResponse, include_in_schema=False)
    def structure_page(request: Request, preset: str = Query("indo_pacific", max_length=40),
                       year: Optional[int] = Query(None, **YEAR)):
        data = P.structure_payload(db, preset, 1946, db.latest_year)
        return page(request, "structure.html", data=data, preset=preset, year=year or db.latest_year,
                    first=1946, last=db.latest_year, sources=data["sources"], chart=structure_chart(preset))

    @lru_cache(maxsize=16)
    def structure_sources(preset: str) -> list:
        return P.structure_payload(db, preset, 1946, db.latest_year)["sources"]

    @lru_cache(maxsize=16)
    def structure_chart(preset: str) -> str:
        from latticework.present import plots

        df = lw.structure(db, preset=preset, years=(1946, db.latest_year))
        return plots.svg(plots.structure(df, preset, structure_sources(preset)))

    @lru_cache(maxsize=1024)
    def network_svg(preset: str, year: int) -> str:
        from latticework.present import plots

        return plots.svg(plots.network(P.network_payload(db, preset, year), structure_sources(preset)))

    @app.get("/structure/network.svg", include_in_schema=False)
    def structure_network_svg(preset: str = Query("indo_pacific", max_length=40), year: int = Query(..., **YEAR)):
        return Response(network_svg(preset, year), media_type="image/svg+xml")

    # ---- JSON API ----------------------------------------------------------------------
    @app.get("/api/state/{name}", summary="State profile: spending, rank, alliances, US troops, ledger events",
             response_class=Response, responses={200: {"content": {"application/json": {}}}})
    def api_state(name: str = PathParam(..., max_length=100)):
        return Response(state_json(db.state(name).ccode), media_type="application/json")

    @app.get("/api/ledger", summary="Ledger records filtered by actor, type and years")
    def api_ledger(actor: Optional[str] = Query(None, max_length=100), type: Optional[str] = Query(None, max_length=40),
                   start: Optional[int] = Query(None, alias="from", **YEAR), end: Optional[int] = Query(None, alias="to", **YEAR),
                   limit: int = Query(500, ge=1, le=5000)):
        return P.ledger_payload(db, actor or None, _event_type(type), start, end, limit)

    @app.get("/api/structure", summary="Yearly hub-and-spokes vs lattice measures for a preset")
    def api_structure(preset: str = Query("indo_pacific", max_length=40), start: int = Query(1946, alias="from", **YEAR),
                      end: Optional[int] = Query(None, alias="to", **YEAR)):
        end = end or db.latest_year
        if start > end:
            raise UsageError(f"from={start} is after to={end}", "give from <= to")
        return P.structure_payload(db, preset, start, end)

    @app.get("/api/structure/network", summary="The alliance network of a preset in one year (nodes, edges)")
    def api_network(preset: str = Query("indo_pacific", max_length=40), year: int = Query(..., **YEAR)):
        return P.network_payload(db, preset, year)

    @app.get("/api/sources", summary="The registered sources the store was built from")
    def api_sources():
        return {"sources": P.source_list(db, db.sources["name"]), "meta": db.meta}

    from latticework.present.web import extra_routes

    extra_routes.register(app, db, page)
    return app


def _form_year(value: Optional[str], name: str) -> Optional[int]:
    """A year from a form field: empty is no bound; otherwise within 1816–2100."""
    if not value:
        return None
    y = int(value)
    if not YEAR["ge"] <= y <= YEAR["le"]:
        raise UsageError(f"{name}={y}", f"give a year from {YEAR['ge']} to {YEAR['le']}")
    return y


def _event_type(t: str | None) -> str | None:
    if not t:
        return None
    t = t.strip().upper()
    if t not in EVENT_TYPES:
        raise UsageError(f"unknown event type {t!r}", f"choose from {', '.join(EVENT_TYPES)}")
    return t
