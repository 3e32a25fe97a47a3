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
from latticework.present.web.payloads import records, result_sources, source_list

DEFAULT_SCENARIO = "japan_bases_denied"  # shown on the scenario page's first load
MAX_TEXT = 200_000  # characters accepted by the claims checker in one request


def register(app: FastAPI, db, page) -> None:
    """Attach the dyad, strategy, claims and scenario pages and their JSON twins."""

    @lru_cache(maxsize=256)
    def dyad(a: int, b: int) -> dict:
        df = lw.asymmetry(db, a, b, years=(1946, db.latest_year))
        cols = [c for c in df.columns if not c.startswith("_")]
        out = {"a": db.state(a).code, "b": db.state(b).code, "rows": records(df[cols]),
               "sources": result_sources(db, df)}
        try:
            from latticework.events import interactions

            series = interactions(db, dyads=[(out["a"], out["b"])], freq="month")
            out["interactions"] = records(series) if len(series) and series["events"].sum() > 0 else []
            if out["interactions"]:
                extra = source_list(db, series.attrs.get("sources", []))
                out["sources"] += [x for x in extra if x["name"] not in {y["name"] for y in out["sources"]}]
            if not out["interactions"]:
                out["interactions_note"] = f"the ingested event data hold no events between {out['a']} and {out['b']}"
        except LatticeworkError:  # no event data ingested yet: say so and how (no server path on the page)
            out["interactions"] = []
            out["interactions_note"] = ("no event data have been ingested on this server; "
                                        "`latticework events ingest FILES` adds GDELT, ICEWS or POLECAT files")
        return out

    @lru_cache(maxsize=256)
    def dyad_charts(a: int, b: int) -> dict:
        from latticework.present import plots

        d = dyad(a, b)
        df = lw.asymmetry(db, a, b, years=(1946, db.latest_year))
        out = {"dependence": plots.svg(plots.dependence(df, d["a"], d["b"], d["sources"]))}
        if d["interactions"]:
            series = pd.DataFrame(d["interactions"])
            out["interactions"] = plots.svg(plots.interactions(series, d["a"], d["b"], [x for x in d["sources"] if x["name"].startswith("gdelt")]))
        return out

    @lru_cache(maxsize=128)
    def strat_charts(ccode: int) -> dict:
        from latticework.present import plots

        df = lw.strategy(db, ccode, years=(1960, db.latest_year))
        src = result_sources(db, df)
        return {"probabilities": plots.svg(plots.strategy_probabilities(df, src)),
                "map": plots.svg(plots.strategy_map(df, src))}

    @lru_cache(maxsize=128)
    def strat(ccode: int) -> dict:
        df = lw.strategy(db, ccode, years=(1960, db.latest_year))
        keep = [c for c in df.columns if c not in ("components",)]
        return {"state": df["state"].iloc[0], "rows": records(df[keep]), "transitions": df.attrs["transitions"],
                "temperature": df.attrs.get("temperature"), "undetermined_margin": df.attrs.get("undetermined_margin"),
                "reference": df.attrs.get("reference") or [], "disagreement_spans": df.attrs.get("disagreement_spans") or [],
                "second_coding": df.attrs.get("second_coding") or [],
                "sources": result_sources(db, df)}

    @app.get("/dyad/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, a: str = PathParam(..., max_length=100), b: str = PathParam(..., max_length=100)):
        d = dyad(*_pair(db, a, b))
        return page(request, "dyad.html", data=d, sources=d["sources"], charts=dyad_charts(*_pair(db, a, b)))

    @app.get("/api/dyad/{a}/{b}", summary="Asymmetry and dependence both ways for a dyad, per year")
    def api_dyad(a: str = PathParam(..., max_length=100), b: str = PathParam(..., max_length=100)):
        return dyad(db.state(a).ccode, db.state(b).ccode)

    @app.get("/strategy/{name}", response_class=HTMLResponse, include_in_schema=False)
    def strategy_page(request: Request, name: str = PathParam(..., max_length=100)):
        d = strat(db.state(name).ccode)
        return page(request, "strategy.html", data=d, sources=d["sources"], charts=strat_charts(db.state(name).ccode))

    @app.get("/api/strategy/{name}", summary="Brzezinski strategy probabilities, verdict and evidence per year")
    def api_strategy(name: str = PathParam(..., max_length=100)):
        return strat(db.state(name).ccode)

    import importlib.util

    try:
        has_claims = importlib.util.find_spec("latticework.models.claim_check") is not None
    except ModuleNotFoundError:  # the text package itself is absent
        has_claims = False
    if has_claims:
        _claims_routes(app, db, page)

    @lru_cache(maxsize=32)
    def scenario(preset: str) -> dict:
        from latticework.models.scenarios import run_scenario

        res = run_scenario(db, preset)
        return json.loads(json.dumps(res, default=str))

    # the measures a scenario recomputes (structure, reach, asymmetry, criticality, strategy) read these
    scenario_sources = source_list(db, ["atop_ddy", "dcad", "troopdata", "sipri_arms", "sipri_milex", "cow_nmc",
                                        "ledger"])

    @app.get("/scenario", response_class=HTMLResponse, include_in_schema=False)
    def scenario_page(request: Request, preset: Optional[str] = Query(None, max_length=60)):
        from latticework.models.scenarios import list_presets

        presets = list_presets()
        preset = preset or (DEFAULT_SCENARIO if DEFAULT_SCENARIO in presets else presets[0])
        result = scenario(preset)
        return page(request, "scenario.html", presets=presets, preset=preset, result=result,
                    tables={k: scenario_long(v) for k, v in result["tables"].items()}, sources=scenario_sources)

    @app.get("/api/scenario/{preset}", summary="Baseline and scenario side by side with deltas")
    def api_scenario(preset: str = PathParam(..., max_length=60)):
        return scenario(preset)


def _pair(db, a: str, b: str) -> tuple[int, int]:
    return db.state(a).ccode, db.state(b).ccode


def _claims_routes(app: FastAPI, db, page) -> None:
    """The claims checker's page and API (registered when the text module is installed)."""

    def claims_for(text: str) -> list[dict]:
        if len(text) > MAX_TEXT:
            raise UsageError(f"text of {len(text):,} characters", f"paste at most {MAX_TEXT:,} characters, or use `latticework claims check FILE`")
        from latticework.models.claim_check import check_text

        return check_text(db, text)

    claim_sources = source_list(db, ["sipri_milex", "atop", "atop_ddy", "dcad", "troopdata", "ledger"])

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_form(request: Request):
        return page(request, "claims.html", text="", claims=[], spans=[], sources=claim_sources, checked=False)

    @app.post("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_post(request: Request, text: str = Form(..., max_length=MAX_TEXT)):
        claims = claims_for(text)
        return page(request, "claims.html", text=text, claims=[claim_row(text, c) for c in claims],
                    spans=_highlight(text, claims), sources=claim_sources, checked=True)

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
        spans.append({"text": text[s:e], "verdict": c.get("verdict"), "title": compared_text(c.get("compared_with"))})
        pos = e
    spans.append({"text": text[pos:], "verdict": None})
    return spans


def _present(v) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and str(v).strip() not in ("", "None", "nan")


def compared_text(cw) -> str:
    """What a claim was compared with, as one sentence (never a Python dict, never "None")."""
    if not cw:
        return "nothing in the store to compare it with"
    if isinstance(cw, str):
        return cw
    if isinstance(cw, list):
        return "; ".join(compared_text(x) for x in cw) or "—"
    if not isinstance(cw, dict):
        return str(cw)
    if _present(cw.get("record")):  # a ledger record
        name = cw.get("name") if _present(cw.get("name")) else cw["record"]
        when = " ".join(str(cw[k]) for k in ("status", "date") if _present(cw.get(k)))
        return f"{name}{', ' + when if when else ''} (ledger record {cw['record']})"
    if isinstance(cw.get("deals"), list) and cw["deals"]:  # SIPRI register lines (an arms deal)
        d = cw["deals"][0]
        more = f" and {len(cw['deals']) - 1} other line(s)" if len(cw["deals"]) > 1 else ""
        ordered = "?" if d.get("n_ordered") is None else f"{d['n_ordered']:g}"
        delivered = f", delivered {d.get('n_delivered')}" + (f" ({d['delivery_years']})" if d.get("delivery_years") else "")
        return (f"SIPRI register line {d.get('line')}: {d.get('supplier')} → {d.get('recipient')}, {d.get('weapon')}, "
                f"ordered {d.get('order_year')} ({ordered}){delivered}{more}"
                + (f"; {cw['tolerance']}" if _present(cw.get("tolerance")) else ""))
    if _present(cw.get("shown")) or _present(cw.get("measure")):  # a figure
        out = " ".join(str(x) for x in (cw.get("measure"), cw.get("year")) if _present(x))
        if _present(cw.get("shown")):
            out += f": {cw['shown']}"
        if _present(cw.get("difference")):
            d = cw["difference"]
            out += f" (difference {d:.2f} {cw.get('difference_unit') or ''})".replace(" )", ")") if isinstance(d, (int, float)) else f" (difference {d})"
        if _present(cw.get("tolerance")):
            out += f"; {cw['tolerance']}"
        return out
    parts = [f"{k.replace('_', ' ')}: {v}" for k, v in cw.items() if _present(v) and not isinstance(v, (dict, list))]
    return "; ".join(parts) or "—"


def claim_row(text: str, c: dict) -> dict:
    """One row of the claims table: the words of the text, how they were read, verdict, figure, source."""
    s, e = int(c.get("start", 0) or 0), int(c.get("end", 0) or 0)
    claim = " ".join(str(c.get("claim") or "").replace("None", "").split())
    return {"text": text[s:e] if e > s else c.get("sentence", ""), "claim": claim or "—",
            "verdict": (c.get("verdict") or "not checked").replace("_", " "), "verdict_class": c.get("verdict") or "",
            "compared": compared_text(c.get("compared_with")),
            "source": c["source"] if _present(c.get("source")) else "—"}


def scenario_long(rows: list[dict]) -> list[dict]:
    """A scenario table as one line per key and measure: baseline, scenario, delta (or changed)."""
    out = []
    for r in rows:
        first = next(iter(r)) if r else None
        key = r.get(first) if first and not first.endswith(("_baseline", "_scenario", "_delta", "_changed")) else ""
        measures = [k[: -len("_baseline")] for k in r if k.endswith("_baseline")]
        if not measures and "measure" in r:  # already long: measure, value_baseline, …
            measures = []
        for m in measures:
            delta = r.get(f"{m}_delta")
            changed = r.get(f"{m}_changed")
            out.append({"key": key if key != r.get("measure") else "", "measure": r.get("measure", m) if m == "value" else m,
                        "baseline": r.get(f"{m}_baseline"), "scenario": r.get(f"{m}_scenario"),
                        "delta": delta, "changed": changed})
    return out
