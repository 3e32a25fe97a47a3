"""Structure of a hub's alliance system: hub-and-spokes star or latticework.

Every function takes the graph first, then the hub and its spokes; the system is the subgraph of
hub and spokes (ties to outsiders do not count). Edge ``weight`` is the tie strength of
:func:`latticework.views.networks.network`.

Definitions (n spokes, S = spoke set, h = hub, w = edge weight)
--------------------------------------------------------------
spoke_density        share of the n(n−1)/2 spoke pairs with any tie (0–1)
lattice_index        Σ_{s<t∈S} w(s,t) / (Σ_{s<t∈S} w(s,t) + Σ_{s∈S} w(s,h)); 0 for a pure star;
                     NaN (undefined) while fewer than two spokes are tied to the hub: with one or
                     none there is no hub-and-spokes system to compare with (1946–49 in the
                     Indo-Pacific, when only AUS–NZL were tied and the index read 1.0)
hub_share            mean over spokes with ties in the system of w(s,h) / Σ_{v∈system} w(s,v)
hub_removal_frag.    share of spoke pairs with no path between them once the hub is removed
                     (1 for a star, 0 when the spokes stay connected); NULL with < 2 spokes
centralization       Freeman degree centralization of the (unweighted) system graph:
                     Σ_v (d_max − d_v) / ((N−1)(N−2)), N = n + 1; 1 for a star, 0 for a complete graph
closed_triads        number of spoke triangles (three spokes all tied to each other)

"Tied", for the four binary measures (density, fragmentation, centralization, triads), means a tie
strength of at least ``MIN_TIE`` = 0.3: one consultation promise, a defence cooperation agreement,
exercises, or more. A pair linked only by mutual non-aggression (2 × 0.1) is not tied: region-wide
treaties such as the Treaty of Amity and Cooperation would otherwise tie every Asia-Pacific pair,
rivals included (DESIGN.md, "Pitfalls"). The lattice index and hub share use the weights
themselves, so weak ties count only in proportion to their weight. Undirected edge weights add
both directions' promises: a mutual defence pact weighs twice a one-sided guarantee.

Default layers (``STRUCTURE_LAYERS``): every network layer except ``atop_nonagg``. In ATOP,
14 of the 15 Indo-Pacific spoke pairs with a non-aggression tie in 2018 got it in 2003–05, as
the allies joined region-wide arrangements such as the Treaty of Amity and Cooperation, which
tie each ally to China as well (the other, PHL–THA, dates from 1949); carried forward they gave
3.0 of the 17.6 spoke–spoke strength in 2024. Pass ``layers=`` with ``atop_nonagg`` to add them.
Multilateral exercises count 1/(n − 1) per pair (``views.networks``, issue 16).

``coverage_break`` marks a year whose set of covered layers differs from the year before (a
dataset starts or stops, e.g. MME exercises after 2010, SIPRI arms after 2023): its change from
the previous year is not like with like (:mod:`latticework.measures.coverage`).

References: Freeman, L. C. (1978). Centrality in social networks: conceptual clarification.
Social Networks 1(3): 215–239. Cha, V. (2016). Powerplay: The Origins of the American Alliance
System in Asia (hub-and-spokes).
"""
from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd

from latticework.errors import UsageError
from latticework.years import accepts_years

MIN_TIE = 0.3


def _structure_layers() -> list[str]:
    from latticework.views.networks import LAYER_WEIGHTS

    return [l for l in LAYER_WEIGHTS if l != "atop_nonagg"]


#: default layers of :func:`structure`: all but region-wide non-aggression (see the docstring)
STRUCTURE_LAYERS = _structure_layers()

PRESETS = {
    "indo_pacific": {"hub": "USA", "spokes": ["JPN", "KOR", "AUS", "PHL", "THA", "NZL"],
                     "note": "the San Francisco System's treaty allies"},
    "nato_europe": {"hub": "USA", "spokes": ["GBR", "FRA", "DEU", "ITA", "CAN", "NLD", "BEL", "NOR", "DNK",
                                             "ESP", "POL", "TUR"],
                    "note": "NATO's founding and largest European members, Canada, Poland and Türkiye"},
}


def _check(G: nx.Graph, hub, spokes) -> list:
    spokes = [s for s in spokes if s != hub]
    if len(set(spokes)) != len(spokes):
        raise UsageError("a spoke is listed twice", "list each spoke once")
    return spokes


def _edge(G, a, b):
    """The edge's attribute dict, or None (``get_edge_data``: public, and as fast as the adjacency
    dict it reads; the edge views cost ~5 µs a lookup, and the measures look up every pair every year)."""
    return G.get_edge_data(a, b)


def _w(G, a, b) -> float:
    d = _edge(G, a, b)
    return 0.0 if d is None else float(d.get("weight", 1.0))


def _tied(G, a, b) -> bool:
    """A pair counts as tied when its strength reaches MIN_TIE (edges without weight count)."""
    d = _edge(G, a, b)
    return d is not None and d.get("weight", 1.0) >= MIN_TIE


def spoke_density(G: nx.Graph, hub, spokes) -> float:
    """Share of spoke pairs that are tied (0–1); NaN with fewer than two spokes."""
    spokes = _check(G, hub, spokes)
    pairs = list(itertools.combinations(spokes, 2))
    return float(np.mean([_tied(G, a, b) for a, b in pairs])) if pairs else float("nan")


def lattice_index(G: nx.Graph, hub, spokes) -> float:
    """Spoke–spoke tie strength over spoke–spoke plus spoke–hub strength (0–1, unitless).

    .. math:: L = \\frac{\\sum_{s<t} w(s,t)}{\\sum_{s<t} w(s,t) + \\sum_s w(s,h)}

    Returns NaN when fewer than two spokes are tied to the hub (strength ≥ ``MIN_TIE``): the
    index compares spoke–spoke with hub–spoke ties, and without a hub-and-spokes system it is
    undefined rather than 1.0 (or 0). Example: star H–A, H–B (1 each) plus A–B 0.5 → 0.5 / 2.5 =
    0.2; remove H–B → NaN.
    """
    spokes = _check(G, hub, spokes)
    if sum(_tied(G, s, hub) for s in spokes) < 2:
        return float("nan")
    ss = sum(_w(G, a, b) for a, b in itertools.combinations(spokes, 2))
    sh = sum(_w(G, s, hub) for s in spokes)
    return ss / (ss + sh) if (ss + sh) > 0 else float("nan")


def hub_share(G: nx.Graph, hub, spokes) -> float:
    """Mean share of each spoke's in-system tie strength that is with the hub."""
    spokes = _check(G, hub, spokes)
    system = set(spokes) | {hub}
    shares = []
    for s in spokes:
        total = sum(_w(G, s, v) for v in system if v != s)
        if total > 0:
            shares.append(_w(G, s, hub) / total)
    return float(np.mean(shares)) if shares else float("nan")


def hub_removal_fragmentation(G: nx.Graph, hub, spokes) -> float:
    """Share of spoke pairs disconnected within the system once the hub is removed."""
    spokes = _check(G, hub, spokes)
    pairs = list(itertools.combinations(spokes, 2))
    if not pairs:
        return float("nan")
    sub = nx.Graph()
    sub.add_nodes_from(spokes)
    sub.add_edges_from((a, b) for a, b in pairs if _tied(G, a, b))
    comp = {n: i for i, c in enumerate(nx.connected_components(sub)) for n in c}
    return float(np.mean([comp[a] != comp[b] for a, b in pairs]))


def centralization(G: nx.Graph, hub, spokes) -> float:
    """Freeman degree centralization of the system graph (hub and spokes, unweighted)."""
    spokes = _check(G, hub, spokes)
    nodes = [hub, *spokes]
    n = len(nodes)
    if n < 3:
        return float("nan")
    deg = {v: sum(_tied(G, v, u) for u in nodes if u != v) for v in nodes}
    dmax = max(deg.values())
    return sum(dmax - d for d in deg.values()) / ((n - 1) * (n - 2))


def closed_triads(G: nx.Graph, hub, spokes) -> int:
    """Number of spoke triangles (trilaterals or minilaterals among the spokes themselves)."""
    spokes = _check(G, hub, spokes)
    return sum(1 for a, b, c in itertools.combinations(spokes, 3)
               if _tied(G, a, b) and _tied(G, b, c) and _tied(G, a, c))


def spoke_ties(G: nx.Graph, hub, spokes) -> list[str]:
    """The spoke–spoke ties behind the values: 'JPN–AUS 1.30 (atop_defense 1.00; dca 0.30)'."""
    spokes = _check(G, hub, spokes)
    out = []
    for a, b in itertools.combinations(spokes, 2):
        if G.has_edge(a, b):
            d = G[a][b]
            layers = "; ".join(f"{k} {v:.2f}" for k, v in sorted(d.get("layers", {}).items(), key=lambda kv: -kv[1]))
            flag = ", carried forward" if d.get("carried_forward") else ""
            out.append((d.get("weight", 1.0), f"{G.nodes[a].get('code', a)}–{G.nodes[b].get('code', b)} {d.get('weight', 1):.2f} ({layers}{flag})"))
    return [text for _, text in sorted(out, key=lambda x: -x[0])]


def _resolve(db, hub, spokes, preset):
    if preset is not None:
        if preset not in PRESETS:
            raise UsageError(f"unknown preset {preset!r}", f"presets: {', '.join(PRESETS)}, or give hub= and spokes=")
        hub, spokes = hub or PRESETS[preset]["hub"], spokes or PRESETS[preset]["spokes"]
    if hub is None or not spokes:
        raise UsageError("no hub and spokes given", "pass preset='indo_pacific' or hub= and spokes=")
    return db.state(hub), [db.state(s) for s in spokes]


@accepts_years()
def structure(db, hub=None, spokes=None, years=(1946, None), layers=None, weights=None, preset=None,
              carry_forward: bool = True, ties=None) -> pd.DataFrame:
    """Yearly structure of a hub's alliance system (see the module docstring for definitions).

    All values are unitless: shares in [0, 1] (density, lattice index, hub share, fragmentation,
    centralization) and a count (closed triads).

    Parameters
    ----------
    db : Store
    hub, spokes : state names or codes, or ``preset`` (``PRESETS``)
    years : (first, last) or an int; last None = the store's last year
    layers : layers to use (default ``STRUCTURE_LAYERS``: all but ``atop_nonagg``)
    weights : overrides of the layer weights
    carry_forward : use open ties past their source's coverage (flagged)
    ties : preloaded TieTable

    Returns a DataFrame with ``year``, ``spoke_density``, ``lattice_index``, ``hub_share``,
    ``hub_removal_fragmentation``, ``centralization``, ``closed_triads``, ``n_spoke_ties``,
    ``spoke_ties`` (the ties behind the values), ``carried_forward`` (any tie used past its
    source's coverage) and ``coverage_break`` (the covered layers differ from the year before).
    ``attrs`` record the hub, spokes, layers and weights used, ``sources`` (the registry sources of
    the ties actually used, "ledger" among them when a ledger tie was) and ``ledger_records`` (the
    ids of the ledger records behind those ties). ``layers`` defaults to
    ``STRUCTURE_LAYERS`` (all but region-wide non-aggression).
    """
    from latticework.views.networks import LAYER_WEIGHTS, system_graph, tie_frame, tie_provenance

    layers = list(layers) if layers is not None else list(STRUCTURE_LAYERS)
    for what, names in (("layers", layers), ("layers in weights", list(weights or {}))):
        bad = sorted(set(names) - set(LAYER_WEIGHTS))
        if bad:
            raise UsageError(f"unknown {what}: {bad}", f"layers: {', '.join(LAYER_WEIGHTS)}")
    h, ss = _resolve(db, hub, spokes, preset)
    if isinstance(years, int):
        years = (years, years)
    y0, y1 = years[0], years[1] if years[1] is not None else db.latest_year
    tt = ties or tie_frame(db)
    covered = layer_coverage(tt, layers, y0, y1, carry_forward)
    rows = []
    codes = [s.ccode for s in ss]
    for y in range(y0, y1 + 1):
        sys_nodes = [h.ccode, *codes]
        sub = system_graph(db, y, sys_nodes, layers=layers, weights=weights, carry_forward=carry_forward, ties=tt)
        st = spoke_ties(sub, h.ccode, codes)
        rows.append({"year": y, "spoke_density": spoke_density(sub, h.ccode, codes),
                     "lattice_index": lattice_index(sub, h.ccode, codes), "hub_share": hub_share(sub, h.ccode, codes),
                     "hub_removal_fragmentation": hub_removal_fragmentation(sub, h.ccode, codes),
                     "centralization": centralization(sub, h.ccode, codes), "closed_triads": closed_triads(sub, h.ccode, codes),
                     "n_spoke_ties": sum(_tied(sub, a, b) for a, b in itertools.combinations(codes, 2)),
                     "spoke_ties": st,
                     "carried_forward": any(d.get("carried_forward") for _, _, d in sub.edges(data=True)),
                     "coverage_break": y > y0 and covered.get(y) != covered.get(y - 1)})
    df = pd.DataFrame(rows)
    w = dict(LAYER_WEIGHTS) | (weights or {})
    # provenance from the ties actually used (issue 21): a layer left out, or weighted 0, is not cited
    prov = tie_provenance(tt, range(y0, y1 + 1), [h.ccode, *codes], layers, weights, carry_forward)
    df.attrs.update(hub=h.code, spokes=[s.code for s in ss], layers=layers, weights=w,
                    sources=prov["sources"], ledger_records=prov["ledger_records"],
                    covered_layers={y: sorted(v) for y, v in covered.items()})
    return df


def layer_coverage(tt, layers, y0: int, y1: int, carry_forward: bool = True) -> dict[int, frozenset]:
    """The layers whose data cover each year of [y0 − 1, y1].

    A layer covers year y from its source's first tie (the ledger's layers all from the ledger's
    first record, 2010) to its source's last covered year (``coverage_end``; none for the ledger),
    and past that only when ``carry_forward`` and some of its ties are open at coverage end (ATOP
    treaties in force in 2018). A change of this set between two years is a coverage break.
    """
    from latticework.views.ties import CARRY_LAYERS, MAX_CARRY_AGE

    cache = tt.__dict__.setdefault("_layer_spans", {})
    key = (frozenset(layers), carry_forward)
    spans = cache.get(key)
    if spans is None:
        f = tt.frame
        f = f[f["layer"].isin(layers)]
        source_first = f.groupby("source")["start_year"].min()
        spans = {}
        for layer, g in f.groupby("layer"):
            first = int(source_first[g["source"].unique()].min())
            cov = g["coverage_end"].dropna()
            last = int(cov.max()) if len(cov) else None
            if last is not None and carry_forward and g["open_at_coverage_end"].astype(bool).any():
                last = None
            elif last is not None and carry_forward and layer in CARRY_LAYERS:
                last += MAX_CARRY_AGE
            spans[layer] = (first, last)
        cache[key] = spans
    return {y: frozenset(l for l, (first, last) in spans.items() if y >= first and (last is None or y <= last))
            for y in range(y0 - 1, y1 + 1)}
