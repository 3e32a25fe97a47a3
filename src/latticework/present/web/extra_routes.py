"""Routes for the dyad, strategy, claims and scenario pages and their JSON twins.

Each page calls the public API (measures, models, text) and arranges the result; results are
cached per argument because the store is read-only.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Optional

import pandas as pd
from fastapi import Body, FastAPI, Form, Path as PathParam, Query, Request
from fastapi.responses import HTMLResponse

import latticework as lw
from latticework.errors import LatticeworkError, UsageError
from latticework.present.web.payloads import records, source_list

MAX_TEXT = 200_000  # characters accepted by the claims checker in one request


def register(app: FastAPI, db, page) -> None:
    """Attach the dyad, strategy, claims and scenario pages and their JSON twins."""

    @lru_cache(maxsize=256)
    def dyad(a: int, b: int) -> dict:
        df = lw.asymmetry(db, a, b, years=(1946, db.latest_year))
        cols = [c for c in df.columns if not c.startswith("_")]
        out = {"a": db.state(a).code, "b": db.state(b).code, "rows": records(df[cols]),
               "sources": source_list(db, df.attrs.get("sources", []))}
        try:
            from latticework.events import interactions

            series = interactions(db, dyads=[(out["a"], out["b"])], freq="month")
            out["interactions"] = records(series) if len(series) and series["events"].sum() > 0 else []
            if not out["interactions"]:
                out["interactions_note"] = f"the ingested event data hold no events between {out['a']} and {out['b']}"
        except LatticeworkError as exc:  # no event data ingested yet: say so on the page, with the fix
            out["interactions"] = []
            out["interactions_note"] = f"no event-data series: {exc.one_line()}"
        return out

    @lru_cache(maxsize=128)
    def strat(ccode: int) -> dict:
        df = lw.strategy(db, ccode, years=(1960, db.latest_year))
        from latticework.present.plots import economic_global, security_autonomy

        df = df.assign(map_x=economic_global(df), map_y=security_autonomy(df))
        keep = [c for c in df.columns if c not in ("components",)]
        return {"state": df["state"].iloc[0], "rows": records(df[keep]), "transitions": df.attrs["transitions"],
                "temperature": df.attrs.get("temperature"), "sources": source_list(db, df.attrs.get("sources", []))}

    @app.get("/dyad/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, a: str = PathParam(..., max_length=100), b: str = PathParam(..., max_length=100)):
        d = dyad(db.state(a).ccode, db.state(b).ccode)
        return page(request, "dyad.html", data=d, sources=d["sources"])

    @app.get("/api/dyad/{a}/{b}", summary="Asymmetry and dependence both ways for a dyad, per year")
    def api_dyad(a: str = PathParam(..., max_length=100), b: str = PathParam(..., max_length=100)):
        return dyad(db.state(a).ccode, db.state(b).ccode)

    @app.get("/strategy/{name}", response_class=HTMLResponse, include_in_schema=False)
    def strategy_page(request: Request, name: str = PathParam(..., max_length=100)):
        d = strat(db.state(name).ccode)
        return page(request, "strategy.html", data=d, sources=d["sources"])

    @app.get("/api/strategy/{name}", summary="Brzezinski strategy probabilities, verdict and evidence per year")
    def api_strategy(name: str = PathParam(..., max_length=100)):
        return strat(db.state(name).ccode)

    import importlib.util

    try:
        has_claims = importlib.util.find_spec("latticework.text.claims") is not None
    except ModuleNotFoundError:  # the text package itself is absent
        has_claims = False
    if has_claims:
        _claims_routes(app, db, page)

    @lru_cache(maxsize=32)
    def scenario(preset: str) -> dict:
        from latticework.models.scenarios import run_scenario

        res = run_scenario(db, preset)
        return json.loads(json.dumps(res, default=str))

    @app.get("/scenario", response_class=HTMLResponse, include_in_schema=False)
    def scenario_page(request: Request, preset: Optional[str] = Query(None, max_length=60)):
        from latticework.models.scenarios import list_presets

        result = scenario(preset) if preset else None
        return page(request, "scenario.html", presets=list_presets(), preset=preset, result=result, sources=[])

    @app.get("/api/scenario/{preset}", summary="Baseline and scenario side by side with deltas")
    def api_scenario(preset: str = PathParam(..., max_length=60)):
        return scenario(preset)


def _claims_routes(app: FastAPI, db, page) -> None:
    """The claims checker's page and API (registered when the text module is installed)."""

    def claims_for(text: str) -> list[dict]:
        if len(text) > MAX_TEXT:
            raise UsageError(f"text of {len(text):,} characters", f"paste at most {MAX_TEXT:,} characters, or use `latticework claims check FILE`")
        from latticework.text.claims import check_text

        return check_text(db, text)

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_form(request: Request):
        return page(request, "claims.html", text="", claims=[], spans=[], sources=[])

    @app.post("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_post(request: Request, text: str = Form(..., max_length=MAX_TEXT)):
        claims = claims_for(text)
        return page(request, "claims.html", text=text, claims=claims, spans=_highlight(text, claims), sources=[])

    @app.post("/api/claims", summary="Checkable claims in a text, each with a verdict and what it was compared with")
    def api_claims(text: str = Body(..., embed=True, max_length=MAX_TEXT)):
        return {"claims": claims_for(text)}



def _highlight(text: str, claims: list[dict]) -> list[dict]:
    """Split the text into plain and claim spans (non-overlapping, in order) for the template."""
    spans, pos = [], 0
    for c in sorted(claims, key=lambda c: c.get("start", 0)):
        s, e = int(c.get("start", 0)), int(c.get("end", 0))
        if s < pos or e <= s:
            continue
        spans.append({"text": text[pos:s], "verdict": None})
        spans.append({"text": text[s:e], "verdict": c.get("verdict"), "title": json.dumps(c.get("compared_with"), default=str)})
        pos = e
    spans.append({"text": text[pos:], "verdict": None})
    return spans
