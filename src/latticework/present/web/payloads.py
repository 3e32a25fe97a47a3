"""JSON payloads behind the pages: arrange what the API functions return; compute no measure.

Each function returns plain JSON-able dicts with a ``sources`` list (registry names and
versions, ledger record ids) so that pages can show where every figure came from.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

import pandas as pd

import latticework as lw
from latticework.errors import UsageError
from latticework.views import panels


def records(df: pd.DataFrame) -> list[dict]:
    """A DataFrame as JSON records with NaN → null."""
    out = json.loads(df.to_json(orient="records", date_format="iso", default_handler=str))
    return out


def source_list(db, names) -> list[dict]:
    """Registry entries (name, version, citation) for the sources a payload used; ``ledger``
    stands for the project's sourced event records (their count and the store's build date)."""
    src = db.sources.set_index("name")
    out = []
    for n in sorted(set(names)):
        if n in src.index:
            out.append({"name": n, "version": src.loc[n, "version"], "citation": src.loc[n, "citation"],
                        "homepage": src.loc[n, "homepage"]})
        elif n == "ledger":
            out.append(ledger_source(db))
    return out


def result_sources(db, df) -> list[dict]:
    """The sources a measure or model result names (``attrs["sources"]``), plus the ledger when the
    result read ledger tie layers (its ``layers`` or ``weights`` name ``ledger_*`` layers)."""
    names = list(df.attrs.get("sources", []))
    layers = list(df.attrs.get("layers") or []) + list(df.attrs.get("weights") or {})
    used_records = "evidence_events" in df and df["evidence_events"].map(lambda v: bool(v) if isinstance(v, list) else False).any()
    if any(str(x).startswith("ledger") for x in layers) or df.attrs.get("ledger_records") or used_records:
        names.append("ledger")
    return source_list(db, names)


def ledger_source(db) -> dict:
    """The ledger as a source entry: record count and the store's build date."""
    n = _ledger_count(db)
    built = str(db.meta.get("built_at", ""))[:10]
    return {"name": "ledger", "version": f"{n} records, store built {built}" if built else f"{n} records",
            "citation": "latticework ledger (data/ledger): sourced event records, each citing its publisher, "
                        "title, date and URL", "homepage": "/ledger"}


@lru_cache(maxsize=8)
def _ledger_count(db) -> int:
    return int(len(panels.events(db)))


def state_payload(db, name: str, start: int = 1990) -> dict:
    """State profile: spending, rank, alliances in force (ATOP), US troops hosted, ledger events."""

    s = db.state(name)
    return _state_payload_cached(db, s.ccode, start)


@lru_cache(maxsize=512)
def _state_payload_cached(db, ccode: int, start: int) -> dict:
    from latticework.present.profile import state_profile

    prof = state_profile(db, ccode, start, None)
    s = db.state(ccode)
    events = panels.events(db, actor=s.code)
    ev = events[["event_id", "date", "type", "actors_text", "summary"]].tail(40).iloc[::-1] if len(events) else pd.DataFrame()
    return {
        "state": prof["state"] | {"code": s.code},
        "spending": records(prof["spending"]),
        "alliances_in_force": records(prof["alliances_in_force"]),
        "alliances_as_of": prof["alliances_as_of"],
        "versions": prof["versions"],
        "us_troops": records(prof["us_troops"]),
        "events": records(ev) if len(ev) else [],
        "sources": source_list(db, ["sipri_milex", "cow_nmc", "atop", "troopdata", "cow_system", "ledger"]),
    }


def state_charts(db, ccode: int) -> dict:
    """The state page's charts as inline SVG (drawn by :mod:`latticework.present.plots`)."""
    from latticework.present import plots
    from latticework.present.profile import state_profile

    prof = state_profile(db, ccode, 1990, None)
    name = prof["state"]["name"]
    return {"spending": plots.svg(plots.spending(prof["spending"], name, source_list(db, ["sipri_milex"]))),
            "troops": plots.svg(plots.troops(prof["us_troops"], name, source_list(db, ["troopdata"])))}


def ledger_payload(db, actor=None, type=None, start=None, end=None, limit: int = 500) -> dict:
    """Ledger records filtered by actor, type and years."""
    ev = panels.events(db, actor=actor, type=type, start=start, end=end)
    cols = ["event_id", "date", "date_kind", "type", "actors_text", "summary", "sources", "verified"]
    rows = []
    for r in (ev[cols].head(limit).itertuples(index=False) if len(ev) else []):
        d = dict(zip(cols, r))
        d["sources"] = json.loads(d["sources"]) if isinstance(d["sources"], str) else d["sources"]
        rows.append(d)
    return {"count": int(len(ev)), "shown": len(rows), "records": rows,
            "filters": {"actor": actor, "type": type, "from": start, "to": end}}


def structure_payload(db, preset: str, start: int, end: int) -> dict:
    """Yearly structure measures for a preset (from lw.structure)."""
    df = lw.structure(db, preset=preset, years=(start, end))
    cols = [c for c in df.columns if c != "spoke_ties"]
    out = records(df[cols])
    for row, ties in zip(out, df.get("spoke_ties", pd.Series([[]] * len(df)))):
        row["spoke_ties"] = list(ties) if isinstance(ties, (list, tuple)) else ([] if ties is None or (isinstance(ties, float) and math.isnan(ties)) else [str(ties)])
    return {"preset": preset, "years": [start, end], "rows": out,
            "sources": result_sources(db, df)}


def network_payload(db, preset: str, year: int) -> dict:
    """Nodes with fixed positions and edges with layers for one year's alliance network drawing."""
    import networkx as nx

    from latticework.measures.structure import PRESETS

    if preset not in PRESETS:
        raise UsageError(f"unknown preset {preset!r}", f"choose from {', '.join(PRESETS)}")
    hub, spokes = PRESETS[preset]["hub"], PRESETS[preset]["spokes"]
    members = [db.state(x) for x in [hub, *spokes]]
    codes = {m.ccode for m in members}
    g = lw.network(db, year)
    sub = g.subgraph([c for c in codes if c in g]).copy()
    for m in members:
        sub.add_node(m.ccode)
    pos = nx.circular_layout(sorted(codes - {members[0].ccode}))
    pos[members[0].ccode] = (0.0, 0.0)
    nodes = [{"id": m.ccode, "code": m.code, "name": m.name, "hub": i == 0,
              "x": float(pos[m.ccode][0]), "y": float(pos[m.ccode][1])} for i, m in enumerate(members)]
    edges = []
    for a, b, d in sub.edges(data=True):
        layers = d.get("layers") or {}
        edges.append({"a": int(a), "b": int(b), "weight": float(d.get("weight", 1.0)),
                      "layers": sorted(layers) if isinstance(layers, dict) else list(layers),
                      "carried_forward": bool(d.get("carried_forward", False)),
                      "spoke_spoke": members[0].ccode not in (a, b)})
    return {"preset": preset, "year": year, "nodes": nodes, "edges": edges}
