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
                      guards — give no access). Access points are the US sites with coordinates
                      (troopdata/Vine) in access partners that are dated for the year, else the
                      partner's capital (``access_point_kind`` says which). Only a US hub has
                      site coordinates.

Presence and dating (issue 16)
------------------------------
- Basing ties connect (``connectivity_loss``) only from ``PRESENCE_MIN_TROOPS`` = 100 US troops:
  fewer is an embassy-sized presence (Marine guards, attachés), not a commitment — it made
  Russia (48 troops in 2024) and Burundi (11) direct US commitments.
- The Vine site list (troopdata ``basedata``, updated to 2018) has no dates. A listed *base*
  (``base`` = 1) counts in year y only when the host has ≥ 100 US troops in y (the troop data
  are dated yearly, 1950–2025); a *lilypad or funded site* (``base`` = 0; rotational forces the
  troop data do not count) only while a ledger access agreement between the hub and the host is
  in force in y that grants sites (not a visiting-forces agreement), from the year the ledger
  shows it put to use (:func:`site_access_years`). The Philippines: the 1947 Military Bases
  Agreement to 1991; EDCA signed 2014-04-28 (``ap-usa-phl-edca-signed-2014``), usable from 2016
  (``ap-phl-supreme-court-edca-2016``: the Supreme Court upholds it, 2016-01-12;
  ``ap-usa-phl-edca-new-sites-2023`` adds four sites). A partner whose listed sites are all
  undated in a year gives no access point that year; the capital stands in only for partners in
  which the list has no US site at all.
- Near-duplicate rows are one site (:func:`dedupe_sites`): rows within 1 km of each other, or
  whose names match after dropping type words ("Camo Kinser" / "Camp Kinser", "Yokota AB" /
  "Yokota Air Force Base") within 50 km. Japan's 42 rows are 36 sites.

Theatre presets: ``taiwan_strait`` = 24.0° N, 119.5° E (mid-strait between Fujian and Taiwan).
The default radius, 1,500 km, is an assumption (about the unrefuelled combat radius of US
land-based fighters plus a margin), not a finding; pass ``radius_km``.
"""
from __future__ import annotations


import networkx as nx
import numpy as np
import pandas as pd

from latticework.errors import UsageError
from latticework.states import USA_CCODE
from latticework.views import queries as Q
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
    """Hop distances from ``source`` over an adjacency dict, ignoring node ``skip``.

    Kept by hand on purpose (issue 21 asked for networkx's): with
    ``nx.single_source_shortest_path_length`` and ``nx.restricted_view`` for the removed node,
    criticality over 1946–2024 took 2.25 s instead of 1.43 s on the 2-core CI machine, most of the
    measures' 5 s budget (benchmarks/bench_measures.py); a removed node cannot be skipped without
    a view or a copy of the graph, and this loop is the whole of the search."""
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


_GEO = None  # a weakref.WeakKeyDictionary: store -> geography tables, made on first use
_TYPE_WORDS = {"camp", "camo", "ab", "afb", "air", "force", "base", "station", "naval", "nas", "naf", "mcas",
               "catc", "us", "fleet", "activities", "site", "facility", "annex", "the", "of"}


def _core_name(name: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in str(name).split(",")[0].lower()).split()
    return " ".join(w for w in words if w not in _TYPE_WORDS)


def dedupe_sites(bases: pd.DataFrame, same_km: float = 1.0, near_km: float = 50.0,
                 similarity: float = 0.85) -> pd.DataFrame:
    """One row per site: near-duplicate rows of a host's site list merged.

    Two rows of the same host are one site when they lie within ``same_km`` of each other (the
    same geocoded place), or within ``near_km`` and their names match: the names before the
    first comma have a difflib similarity ≥ ``similarity`` ("Camo Kinser" / "Camp Kinser":
    0.91), or are equal once type words (camp, AB, air force base, MCAS, …) are dropped
    ("Yokota AB, Tokyo" / "Yokota Air Force Base, Fussa"). The first row of each group is kept,
    its ``base`` flag is the group's maximum and ``merged`` lists the other names.
    """
    import difflib

    bases = bases.reset_index(drop=True)
    lat_all, lon_all = bases["lat"].to_numpy(float), bases["lon"].to_numpy(float)
    names_all = [str(n).split(",")[0].strip().lower() for n in bases["basename"]]
    cores_all = [_core_name(n) for n in bases["basename"]]
    base_all = bases["base"].to_numpy()
    keep, base_max, merged = [], [], []
    for idx in bases.groupby("ccode", sort=False).indices.values():
        parent = {int(i): int(i) for i in idx}

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        la, lo = lat_all[idx], lon_all[idx]
        d = haversine_km(la[:, None], lo[:, None], la[None, :], lo[None, :])
        for a_, b_ in zip(*np.nonzero(np.triu(d <= near_km, 1))):
            i, j = int(idx[a_]), int(idx[b_])
            if d[a_, b_] <= same_km or (cores_all[i] and cores_all[i] == cores_all[j]) \
                    or difflib.SequenceMatcher(None, names_all[i], names_all[j]).ratio() >= similarity:
                ri, rj = find(i), find(j)
                parent[max(ri, rj)] = min(ri, rj)
        groups: dict = {}
        for i in sorted(parent):
            groups.setdefault(find(i), []).append(i)
        for root, members in groups.items():
            keep.append(members[0])
            base_max.append(max(base_all[m] for m in members))
            merged.append([bases.at[m, "basename"] for m in members[1:]])
    out = bases.iloc[keep].copy()
    out["base"] = base_max
    out["merged"] = merged
    return out.reset_index(drop=True)


def access_geography(db) -> tuple:
    """(sites, capitals, presence, site access years): deduplicated US sites (lat/lon in degrees), capitals, US presence (state-years with ≥ 100 troops), read once
    per store (a store — or a scenario's overlay — is read-only)."""
    import weakref

    from latticework.views.networks import PRESENCE_MIN_TROOPS

    global _GEO
    if _GEO is None:
        _GEO = weakref.WeakKeyDictionary()
    if db not in _GEO:
        sites = dedupe_sites(Q.us_sites(db))
        presence = Q.troop_presence(db, PRESENCE_MIN_TROOPS)
        _GEO[db] = (sites, Q.capitals(db),
                    presence, site_access_years(db, USA_CCODE))
    return _GEO[db]


#: words that make a ledger access agreement a grant of sites or facilities (EDCA, facilities
#: MOUs, bases agreements); status-of-forces and visiting-forces agreements let forces visit
#: and exercise but grant no site
SITE_AGREEMENT_WORDS = ("defense cooperation agreement", "facilities", "bases agreement", "military bases")


def site_access_years(db, hub) -> dict[int, list[tuple[int, float]]]:
    """{host: [(first, last) years]} in which the hub's lilypad sites there count, from the ledger.

    Only ledger access agreements that grant sites or facilities count (``SITE_AGREEMENT_WORDS``
    in their name: the 1947 US–Philippines Military Bases Agreement, EDCA, Singapore's
    facilities MOU); a visiting-forces agreement does not. An agreement counts from the first
    later ledger record that decides on its use (``related_agreement`` equal to its id, dated
    after its signature: EDCA, signed 2014-04-28, was upheld by the Supreme Court on 2016-01-12,
    record ``ap-phl-supreme-court-edca-2016``), else from its tie's start (entry into force or
    signature), to its end (open: ``inf``). An access tie a scenario adds counts from its start.
    """
    import json

    h = db.state(hub).ccode
    ties = Q.ledger_access_ties(db, h)
    if ties.empty:
        return {}
    ev = Q.related_agreement_events(db)
    related = [(pd.Timestamp(r.date_start), json.loads(r.attributes or "{}").get("related_agreement")) for r in ev.itertuples()]
    out: dict[int, list] = {}
    for r in ties.itertuples():
        attrs = json.loads(r.attributes or "{}")
        if r.source != "scenario" and not any(wd in str(attrs.get("name", "")).lower() for wd in SITE_AGREEMENT_WORDS):
            continue  # a scenario's added access tie grants what it says: access, sites included
        host = int(r.b if r.a == h else r.a)
        agr = attrs.get("agreement")
        signed = pd.Timestamp(attrs["signed"]) if attrs.get("signed") else None
        later = [d.year for d, a in related if agr and a == agr and (signed is None or d > signed)]
        first = min(later) if later else int(r.start_year)
        last = float(r.end_year) if pd.notna(r.end_year) else np.inf
        if first <= last:
            out.setdefault(host, []).append((first, last))
    return out


def access_points_frame(db, hub, partners: pd.DataFrame) -> pd.DataFrame:
    """Access points per year for ``partners`` (columns ``year``, ``ccode``, ``ledger_access``:
    whether a ledger access agreement with the hub is in force that year).

    Dated sites (module docstring) where the partner has any that year; none where the site list
    has sites in the partner but none is dated that year (the Philippines before 2016, a state
    whose US basing a scenario denies); the capital where the list has no site in the partner.
    Returns ``year``, ``ccode``, ``name``, ``lat``, ``lon``, ``kind``.
    """
    h = db.state(hub)
    sites, capitals, presence, site_years = access_geography(db)
    by_host, caps_of, pres = _geo_index(db)
    rows = []
    for y, v, la in zip(partners["year"].to_numpy(), partners["ccode"].to_numpy(), partners["ledger_access"].to_numpy()):
        y, v = int(y), int(v)
        got = False
        if h.ccode == USA_CCODE and v in by_host:
            present = (v, y) in pres
            usable = bool(la) and any(a <= y <= b for a, b in site_years.get(v, ()))
            for name, lat, lon, base in by_host[v]:
                if (present if base == 1 else usable):
                    rows.append((y, v, name, lat, lon, "base coordinates"))
                    got = True
        if not got and not (h.ccode == USA_CCODE and v in by_host):  # listed sites, none dated: no access that year
            cap = None
            for start, name, lat, lon in caps_of.get(v, ()):
                if start <= y:
                    cap = (name, lat, lon)
            if cap:
                rows.append((y, v, *cap, "capital"))
    return pd.DataFrame(rows, columns=["year", "ccode", "name", "lat", "lon", "kind"])


def _geo_index(db):
    """Sites by host, capitals by state (in end-year order) and presence as a set, for loops."""
    key = ("index", id(db))
    hit = _GEO_INDEX.get(key)
    if hit is None or hit[0] is not db:
        sites, capitals, presence, _ = access_geography(db)
        by_host: dict = {}
        for r in sites.itertuples():
            by_host.setdefault(int(r.ccode), []).append((r.basename, float(r.lat), float(r.lon), int(r.base)))
        caps_of: dict = {}
        for r in capitals.itertuples():
            caps_of.setdefault(int(r.ccode), []).append((int(r.start_year), r.capital, float(r.lat), float(r.lon)))
        pres = set(zip(presence["ccode"].astype(int), presence["year"].astype(int)))
        if len(_GEO_INDEX) > 8:
            _GEO_INDEX.clear()
        hit = _GEO_INDEX[key] = (db, (by_host, caps_of, pres))
    return hit[1]


_GEO_INDEX: dict = {}


def access_points(db, hub, year: int, G: nx.Graph) -> pd.DataFrame:
    """The hub's access points in ``year``: dated sites in access partners, else their capitals."""
    h = db.state(hub)
    adj = G[h.ccode] if h.ccode in G else {}
    partners = [v for v in adj if set(adj[v].get("layers", {})) & set(ACCESS_LAYERS)]
    pf = pd.DataFrame({"year": year, "ccode": partners,
                       "ledger_access": ["ledger_access" in adj[v].get("layers", {}) for v in partners]})
    return access_points_frame(db, h.ccode, pf).drop(columns="year")


@accepts_year()
def criticality(db, hub, year: int, theatre="taiwan_strait", radius_km: float = 1500.0, layers=None,
                weights=None, ties=None) -> pd.DataFrame:
    """Per state: ``connectivity_loss`` and ``reach_loss`` for the hub (see module docstring).

    .. math:: \\mathrm{conn\\_loss}(v) = 1 - H_{G - v}(h) / H_G(h), \\quad
              H_G(h) = \\sum_{u \\ne h} 1 / d_G(h, u)

    .. math:: \\mathrm{reach\\_loss}(v) = |P_v| / |P|

    where P are the hub's access points within ``radius_km`` of the theatre and P_v those in v.
    Both are shares (0–1, unitless); ``access_points_in_range`` is a count.

    Parameters
    ----------
    db : Store
    hub : state name or code
    year : int
    theatre : preset name (``THEATRES``) or (lat, lon) in degrees
    radius_km : float, km (default 1,500: an assumption, see the module docstring)
    layers : commitment layers (default ``COMMITMENT_LAYERS``); basing ties count from
        ``PRESENCE_MIN_TROOPS`` troops
    weights, ties : overrides of the layer weights; preloaded ties

    Returns
    -------
    DataFrame with ``state``, ``name``, ``connectivity_loss``, ``reach_loss``,
    ``access_points_in_range``, ``access_point_kind``, sorted by reach then connectivity loss;
    ``attrs``: theatre, radius_km, access_points_in_range (total), sources (of the commitment
    ties in force that year and of the access points used) and ledger_records (behind those ties).

    Examples
    --------
    The chain H–A–B–C: A's connectivity loss is 1, B's 5/11, C's 2/11 (tests/measures).

    Raises
    ------
    UsageError
        Unknown theatre preset, or a radius that is not positive.
    """
    from latticework.views.networks import PRESENCE_MIN_TROOPS, network

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
    G = network(db, year, layers=layers or COMMITMENT_LAYERS, weights=weights, ties=ties, detail=False,
                presence_min=PRESENCE_MIN_TROOPS)
    conn = connectivity_loss(G, h.ccode)
    ap = access_points(db, h.ccode, year, G)
    ap["distance_km"] = haversine_km(lat, lon, ap["lat"].to_numpy(float), ap["lon"].to_numpy(float)) if len(ap) else []
    inr = ap[ap["distance_km"] <= radius_km]
    n_in = len(inr)
    states = set(conn) | set(inr["ccode"])
    rows = []
    known = {s.ccode for s in db.identity.all()}
    in_range = inr["ccode"].value_counts().to_dict()
    kinds: dict = {}
    for v, k in zip(ap["ccode"].tolist(), ap["kind"].tolist()):
        kinds.setdefault(v, set()).add(k)
    kinds_of = {v: ", ".join(sorted(k)) for v, k in kinds.items()}
    rows = []
    for v in states:
        s = db.identity.get(v) if v in known else None
        n = int(in_range.get(v, 0))
        rows.append({"state": s.code if s else f"COW {v}", "name": s.name if s else f"code {v}",
                     "connectivity_loss": conn.get(v, 0.0), "reach_loss": n / n_in if n_in else 0.0,
                     "access_points_in_range": n, "access_point_kind": kinds_of.get(v, "none")})
    df = pd.DataFrame(rows).sort_values(["reach_loss", "connectivity_loss"], ascending=False).reset_index(drop=True)
    # provenance from what was used (issue 21): the commitment ties in force that year, US site
    # coordinates (troopdata) or capitals (COW system data) as access points
    from latticework.views.networks import tie_frame, tie_provenance

    prov = tie_provenance(ties or tie_frame(db), [year], None, layers or COMMITMENT_LAYERS, weights)
    kinds_used = set(ap["kind"]) if len(ap) else set()
    names = set(prov["sources"]) | ({"troopdata"} if "base coordinates" in kinds_used else set()) \
        | ({"cow_system"} if "capital" in kinds_used else set())
    df.attrs.update(theatre=(lat, lon), radius_km=radius_km, access_points_in_range=n_in,
                    sources=sorted(names), ledger_records=prov["ledger_records"])
    return df
