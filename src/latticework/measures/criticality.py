"""Criticality: who is the linchpin of a hub's alliance network and of its reach into a theatre.

connectivity_loss(v)  share of the hub's connectivity lost when v is removed. Connectivity is the
                      hub's harmonic centrality Σ_u 1/d(hub, u) over the *commitment network*:
                      ties of the layers in COMMITMENT_LAYERS (defence and offence obligations,
                      defence pacts, access agreements, defence cooperation agreements, basing).
                      Arms sales, exercises and non-aggression or consultation promises do not
                      connect here. Removing v loses v and whatever was reachable only through it;
                      in a pure star every spoke's loss is 1/N.
reach_loss(v)         share of the hub's access points within ``radius_km`` of the theatre that
                      lie in v. A state is an access partner when it has a commitment tie with
                      the hub other than basing alone (troops without an agreement — embassy
                      guards — give no access). Access points are the US bases with coordinates
                      (troopdata/Vine) in access partners, else the partner's capital
                      (``access_point_kind`` says which). Only a US hub has base coordinates.

Theatre presets: ``taiwan_strait`` = 24.0° N, 119.5° E (mid-strait between Fujian and Taiwan).
The default radius, 1,500 km, is an assumption (about the unrefuelled combat radius of US
land-based fighters plus a margin), not a finding; pass ``radius_km``.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from latticework.errors import UsageError
from latticework.years import accepts_year

THEATRES = {"taiwan_strait": (24.0, 119.5), "korean_peninsula": (38.0, 127.0), "south_china_sea": (12.0, 114.0),
            "baltic": (57.0, 20.0)}
COMMITMENT_LAYERS = ["atop_defense", "atop_offense", "ledger_defense_pact", "ledger_access", "dca", "basing"]
ACCESS_LAYERS = ["atop_defense", "atop_offense", "ledger_defense_pact", "ledger_access", "dca"]


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km (Earth radius 6,371 km)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dl = p2 - p1, np.radians(np.asarray(lon2) - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


def harmonic_from(G: nx.Graph, source) -> float:
    """Σ 1/d(source, u) over nodes u reachable from ``source`` (hops)."""
    if source not in G:
        return 0.0
    d = nx.single_source_shortest_path_length(G, source)
    return sum(1.0 / v for u, v in d.items() if u != source)


def _bfs(adj: dict, source, skip=None) -> dict:
    """Hop distances from ``source`` over an adjacency dict, ignoring node ``skip``."""
    dist = {source: 0}
    frontier = [source]
    while frontier:
        nxt = []
        for u in frontier:
            for w in adj[u]:
                if w != skip and w not in dist:
                    dist[w] = dist[u] + 1
                    nxt.append(w)
        frontier = nxt
    return dist


def connectivity_loss(G: nx.Graph, hub, layers=COMMITMENT_LAYERS) -> dict:
    """Share of the hub's harmonic connectivity lost when each other node is removed.

    Only edges carrying one of ``layers`` count (an edge without layer detail always counts).
    Removing v lengthens the hub's distance to u only when every shortest path from the hub to u
    passes through v, i.e. when v dominates u in the shortest-path DAG (edges u→w with
    d(w) = d(u) + 1). A node that dominates no other node loses exactly its own term 1/d; only the
    dominators need a new breadth-first search (networkx's immediate_dominators finds them).
    """
    keep = set(layers)
    adj: dict = {hub: set()}
    for a, b, d in G.edges(data=True):
        if "layers" not in d or set(d["layers"]) & keep:
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)
    dist = _bfs(adj, hub)
    base = sum(1.0 / d for u, d in dist.items() if u != hub)
    dag = nx.DiGraph()
    dag.add_node(hub)
    dag.add_edges_from((u, w) for u, du in dist.items() for w in adj[u] if dist.get(w) == du + 1)
    idom = nx.immediate_dominators(dag, hub)
    dominators = {d for u, d in idom.items() if u != d}
    out = {}
    for v, dv in dist.items():
        if v == hub:
            continue
        if base == 0:
            out[v] = 0.0
        elif v not in dominators:
            out[v] = (1.0 / dv) / base
        else:
            d2 = _bfs(adj, hub, skip=v)
            out[v] = (base - sum(1.0 / d for u, d in d2.items() if u != hub)) / base
    for v in adj:
        out.setdefault(v, 0.0) if v != hub else None
    return out


_GEO: "weakref.WeakKeyDictionary" = None


def _geo(db) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Base and capital coordinates, read once per store (the store is read-only)."""
    import weakref

    global _GEO
    if _GEO is None:
        _GEO = weakref.WeakKeyDictionary()
    if db not in _GEO:
        _GEO[db] = (db.sql("SELECT ccode, basename, lat, lon FROM bases"),
                    db.sql("SELECT ccode, capital, lat, lon, start_year, end_year FROM capitals ORDER BY end_year"))
    return _GEO[db]


def access_points(db, hub, year: int, G: nx.Graph) -> pd.DataFrame:
    """The hub's access points in ``year``: bases where it has troops, else partners' capitals."""
    h = db.state(hub)
    partners = {v for v in G.neighbors(h.ccode)
                if set(G[h.ccode][v].get("layers", {})) & set(ACCESS_LAYERS)} if h.ccode in G else set()
    rows = []
    bases_all, capitals = _geo(db)
    if h.ccode == 2:
        bases = bases_all[bases_all["ccode"].isin(partners)]
        for r in bases.itertuples():
            rows.append({"ccode": int(r.ccode), "name": r.basename, "lat": r.lat, "lon": r.lon, "kind": "base coordinates"})
    with_bases = {r["ccode"] for r in rows}
    caps = capitals[capitals["start_year"] <= year].drop_duplicates("ccode", keep="last").set_index("ccode")
    for v in partners - with_bases:
        if v in caps.index:
            c = caps.loc[v]
            rows.append({"ccode": int(v), "name": c["capital"], "lat": c["lat"], "lon": c["lon"], "kind": "capital"})
    return pd.DataFrame(rows, columns=["ccode", "name", "lat", "lon", "kind"])


@accepts_year()
def criticality(db, hub, year: int, theatre="taiwan_strait", radius_km: float = 1500.0, layers=None,
                weights=None, ties=None) -> pd.DataFrame:
    """Per state: ``connectivity_loss`` and ``reach_loss`` for the hub (see module docstring).

    Raises
    ------
    UsageError
        Unknown theatre preset, or a radius that is not positive.
    """
    from latticework.views.networks import network

    if isinstance(theatre, str):
        if theatre not in THEATRES:
            raise UsageError(f"unknown theatre {theatre!r}", f"presets: {', '.join(THEATRES)}, or (lat, lon)")
        lat, lon = THEATRES[theatre]
    else:
        lat, lon = theatre
    if radius_km <= 0:
        raise UsageError(f"radius_km={radius_km}", "give a positive radius in km")
    h = db.state(hub)
    # connectivity and access read commitment layers only, so the graph needs no others
    G = network(db, year, layers=layers or COMMITMENT_LAYERS, weights=weights, ties=ties, detail=False)
    conn = connectivity_loss(G, h.ccode)
    ap = access_points(db, h.ccode, year, G)
    ap["distance_km"] = haversine_km(lat, lon, ap["lat"].to_numpy(float), ap["lon"].to_numpy(float)) if len(ap) else []
    inr = ap[ap["distance_km"] <= radius_km]
    n_in = len(inr)
    states = set(conn) | set(inr["ccode"])
    rows = []
    known = {s.ccode for s in db.identity.all()}
    in_range = inr["ccode"].value_counts().to_dict()
    kinds_of = ap.groupby("ccode")["kind"].agg(lambda k: ", ".join(sorted(set(k)))).to_dict() if len(ap) else {}
    rows = []
    for v in states:
        s = db.identity.get(v) if v in known else None
        n = int(in_range.get(v, 0))
        rows.append({"state": s.code if s else f"COW {v}", "name": s.name if s else f"code {v}",
                     "connectivity_loss": conn.get(v, 0.0), "reach_loss": n / n_in if n_in else 0.0,
                     "access_points_in_range": n, "access_point_kind": kinds_of.get(v, "none")})
    df = pd.DataFrame(rows).sort_values(["reach_loss", "connectivity_loss"], ascending=False).reset_index(drop=True)
    df.attrs.update(theatre=(lat, lon), radius_km=radius_km, access_points_in_range=n_in,
                    sources=["troopdata", "atop_ddy", "dcad", "cow_system"])
    return df
