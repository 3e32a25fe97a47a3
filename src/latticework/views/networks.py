"""Yearly alliance networks built from the store's ties, with documented layer weights.

A tie's contribution to an edge is ``layer weight × magnitude``, where the magnitude is 1 for an
obligation or agreement and a capped scale for quantities (exercises, arms, troops). Edge weight
is the sum over layers; each edge keeps its per-layer contributions, sources and references.

Default layer weights (``LAYER_WEIGHTS``; pass ``weights=`` to change any)
-------------------------------------------------------------------------
=========================  ======  ==================================================================
layer                      weight  rationale
=========================  ======  ==================================================================
atop_defense               1.0     a promise to fight for the other: the core of an alliance
ledger_defense_pact        1.0     the same, recorded in the ledger after ATOP's coverage
atop_offense               0.8     a promise to fight alongside in an offensive war
basing                     1.0     × min(troops / 10,000, 1): forces stationed are the costliest signal
ledger_access              0.8     reciprocal access / status-of-forces: forces can operate in each other
atop_consul                0.3     a promise to consult in a crisis
dca                        0.5     a defence cooperation agreement (DCAD)
ledger_security_agreement  0.4     logistics, information security, equipment transfer frameworks
mme_exercise               0.3     × min(exercises / 3, 1): joint exercises that year (MME)
ledger_exercise            0.3     × min(count / 3, 1): joint exercises in the ledger
arms                       0.3     × min(TIV / 100 m, 1): arms delivered that year (SIPRI)
ledger_arms                0.3     arms transfers and co-development in the ledger
ledger_assistance          0.3     security assistance given
ledger_economic_security   0.2     economic-security agreements (chips, minerals)
atop_neutral               0.2     a promise to stay out of a war against the other
atop_nonagg                0.1     a promise not to attack: region-wide treaties (TAC) tie rivals too
=========================  ======  ==================================================================

Multilateral events (``SIZE_WEIGHTED_LAYERS``: MME and ledger exercises) tie each pair of their
n participants with magnitude 1 / (n − 1) per event (``pair_weight``), not 1: a bilateral
exercise counts 1, a 29-nation RIMPAC 1/28 per pair. Each participant then gains the same total
strength, 1, from any one event, whatever its size, and the pairs of a large exercise — most of
which never operate together — no longer each look like a bilateral drill (Newman 2001's
collaboration weighting). Agreements are not scaled: a treaty binds every signatory to every
other. Issue 16: one RIMPAC or Pitch Black tied every pair of US allies, Thailand–New Zealand
included, and saturated the structure measures.

``PRESENCE_MIN_TROOPS`` (100) is the smallest US contingent that counts as a presence for
reach and connectivity (``network(presence_min=...)``): of the 155 foreign states with a 2024
figure, 129 host fewer than 100 US troops (median 18), 26 host 100 or more — below that are
Marine embassy guards, attachés and offices of defence cooperation, not forces the United
States can fight from.

The weights rank obligation types as DESIGN.md asks (defence ≫ consultation > neutrality >
non-aggression); they were set from what each tie commits a state to, not fitted to any result.
Which ties are in force in a year — and which are carried past their source's coverage,
flagged ``carried_forward`` — is the rule of :mod:`latticework.views.ties`.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from latticework.errors import UnknownState, UsageError
from latticework.views.ties import TieTable
from latticework.years import accepts_year

__all__ = ["LAYER_WEIGHTS", "layer_weights", "network", "system_graph", "tie_frame", "tie_contributions", "tie_provenance"]

LAYER_WEIGHTS: dict[str, float] = {
    "atop_defense": 1.0, "ledger_defense_pact": 1.0, "atop_offense": 0.8, "basing": 1.0,
    "ledger_access": 0.8, "atop_consul": 0.3, "dca": 0.5, "ledger_security_agreement": 0.4,
    "mme_exercise": 0.3, "ledger_exercise": 0.3, "arms": 0.3, "ledger_arms": 0.3,
    "ledger_assistance": 0.3, "ledger_economic_security": 0.2, "atop_neutral": 0.2, "atop_nonagg": 0.1,
}
#: magnitude scale per layer: contribution = weight × min(value / scale, 1); 1 for the others
MAGNITUDE_SCALE = {"basing": 10_000.0, "mme_exercise": 3.0, "ledger_exercise": 3.0, "arms": 100.0}
#: layers of multilateral events: each pair's magnitude is Σ over events of 1 / (n_event − 1)
SIZE_WEIGHTED_LAYERS = ("mme_exercise", "ledger_exercise")
#: US troops below this are an embassy-sized presence, not a commitment (see the module docstring)
PRESENCE_MIN_TROOPS = 100
def layer_weights(weights: dict | None = None, layers=None) -> dict[str, float]:
    """The layer weights a network uses: :data:`LAYER_WEIGHTS` updated by ``weights``; a layer
    name in ``weights`` or ``layers`` that is not a known layer is a :class:`UsageError` (it would
    otherwise weigh nothing without a word).

    Parameters
    ----------
    weights : dict of str to float, optional
        Layer → weight (unitless) overriding the defaults.
    layers : iterable of str, optional
        Layers asked for.
    """
    w = dict(LAYER_WEIGHTS)
    if weights:
        bad = set(weights) - set(LAYER_WEIGHTS)
        if bad:
            raise UsageError(f"unknown layers in weights: {sorted(bad)}", f"layers: {', '.join(LAYER_WEIGHTS)}")
        w.update(weights)
    if layers is not None:
        bad = set(layers) - set(LAYER_WEIGHTS)
        if bad:
            raise UsageError(f"unknown layers: {sorted(bad)}", f"layers: {', '.join(LAYER_WEIGHTS)}")
    return w


def _weighted(w: dict, layers=None) -> list[str]:
    """The layers a graph uses: those asked for (default: every layer of ``w``) whose weight is
    not 0 — a layer weighted 0 makes no edge, as it counts in no provenance (``tie_provenance``)."""
    return [x for x in (layers if layers is not None else w) if w.get(x, 0) != 0]


def tie_provenance(tt: TieTable, years, nodes, layers=None, weights: dict | None = None,
                   carry_forward: bool = True) -> dict:
    """The registry sources and ledger records behind the ties a result used.

    A tie counts when it joins two of ``nodes``, is in force (or carried forward) in one of
    ``years``, belongs to ``layers`` (default: every layer) and its layer's weight (``weights`` over
    ``LAYER_WEIGHTS``) is not 0. Returns ``{"sources": [registry names, "ledger" when a ledger tie
    was used], "ledger_records": [record ids]}``, both sorted; the source of a tie is its ``source``
    column, a ledger tie's records its ``source_ref`` (ids separated by commas).

    Parameters
    ----------
    tt : TieTable
        The ties (e.g. :func:`tie_frame`, or a :meth:`TieTable.touching` subset).
    years : iterable of int
        Every calendar year the result covers, each taken on its own: a ``(first, last)`` tuple
        means those two years only (pass ``range(first, last + 1)``).
    nodes : list of int or None
        COW codes; None: ties between any states. Read once per year, so a list or set, not an
        iterator.
    layers : list of str, optional
        Layers used (default: every layer of :data:`LAYER_WEIGHTS`); a layer whose weight is 0,
        or that has no weight, is left out.
    weights : dict of str to float, optional
        Overrides of :data:`LAYER_WEIGHTS` (unitless; unknown names are not checked).
    carry_forward : bool
        Count ties in force only by the carry rules of :mod:`latticework.views.ties` (as the
        result did).

    Returns
    -------
    dict
        ``{"sources": [...], "ledger_records": [...]}`` as above, both sorted lists of str. A
        tie from a state to itself counts here, though the graphs leave such ties out.
    """
    w = dict(LAYER_WEIGHTS) | (weights or {})
    layers = [x for x in (layers if layers is not None else LAYER_WEIGHTS) if w.get(x, 0) != 0]
    used = np.zeros(len(tt.frame), dtype=bool)
    for y in years:
        used |= tt.in_force_mask(int(y), carry_forward, layers, nodes)[0]
    f = tt.frame.loc[used, ["source", "source_ref"]]
    records = sorted({r for ref in f.loc[f["source"].eq("ledger"), "source_ref"].dropna()
                      for r in str(ref).split(",") if r})
    return {"sources": sorted(f["source"].dropna().unique().tolist()), "ledger_records": records}


def tie_frame(db) -> TieTable:
    """Every tie in the store, ready for yearly slicing, with ``pair_weight`` (see below).

    Parameters
    ----------
    db : Store
        The open store (its ``ties`` table, and ``exercises`` for the MME sizes when present).

    Returns
    -------
    TieTable
        Its ``frame`` holds every column of the ``ties`` table (``a``, ``b`` COW codes; ``layer``;
        ``start_year``, ``end_year``, ``coverage_end`` calendar years; ``weight`` in the row's
        ``unit``: troops, exercises, TIV millions, 1 for an agreement; ``source``,
        ``source_ref`` …) plus ``pair_weight``, the weight after size weighting
        (:func:`pair_weights`).
    """
    f = db.sql("SELECT * FROM ties")
    f["pair_weight"] = pair_weights(f, _exercise_sizes(db))
    return TieTable(f)


def _exercise_sizes(db) -> dict:
    """{(mmeid, year): mapped participants} of the MME exercises in the store."""
    if "exercises" not in db.table_names():
        return {}
    ex = db.sql("SELECT mmeid, year, count(DISTINCT ccode) AS n FROM exercises WHERE ccode IS NOT NULL GROUP BY 1, 2")
    return dict(zip(zip(ex["mmeid"], ex["year"].astype(int)), ex["n"].astype(int)))


def pair_weights(t: pd.DataFrame, mme_sizes: dict) -> np.ndarray:
    """Each tie's magnitude after size weighting: ``weight`` / (n − 1) for a multilateral event.

    For ``mme_exercise`` the tie's weight counts the exercises the pair held that year
    (``source_ref`` = "mme:id1,id2,…"); its pair weight is Σ 1 / (n_id − 1) over those exercises,
    with n_id the exercise's mapped participants. For ``ledger_exercise`` one record makes one tie
    per pair of its n states; the pair weight is the record's count / (n − 1). Other layers keep
    ``weight``. Example: a bilateral exercise → 1; one exercise of 29 states → 1/28 per pair.
    """
    pw = t["weight"].to_numpy(dtype="float64").copy()
    layer = t["layer"].to_numpy()
    m = np.flatnonzero(layer == "mme_exercise")
    if len(m):
        refs, years = t["source_ref"].to_numpy()[m], t["start_year"].to_numpy()[m]
        pw[m] = [sum(1.0 / max(mme_sizes.get((i, int(y)), 2) - 1, 1) for i in str(r).removeprefix("mme:").split(","))
                 for r, y in zip(refs, years)]
    m = np.flatnonzero(layer == "ledger_exercise")
    if len(m):
        sub = t.iloc[m]
        codes = pd.concat([sub[["source_ref", "a"]].rename(columns={"a": "c"}), sub[["source_ref", "b"]].rename(columns={"b": "c"})])
        n = codes.groupby("source_ref")["c"].nunique()
        pw[m] = pw[m] / np.maximum(sub["source_ref"].map(n).to_numpy(dtype="float64") - 1, 1)
    return pw


def tie_contributions(t: pd.DataFrame, weights: dict[str, float]) -> np.ndarray:
    """Each tie's contribution to a strength (unitless): its layer's weight × its magnitude, the
    magnitude being min(pair weight / MAGNITUDE_SCALE, 1) for scaled layers (troops, exercises,
    arms) and 1 otherwise; a layer without a weight contributes 0.

    Parameters
    ----------
    t : pandas.DataFrame
        Ties with ``layer`` and ``pair_weight`` (or, without that column, ``weight``), in the
        layer's unit (troops, exercises, TIV millions; 1 for an agreement).
    weights : dict of str to float
        Layer weights (unitless), e.g. :data:`LAYER_WEIGHTS`; a layer not in it gets 0.

    Returns
    -------
    numpy.ndarray
        One float per row of ``t``, in its order (unitless).
    """
    w = t["layer"].map(weights).fillna(0.0).to_numpy()
    scale = t["layer"].map(MAGNITUDE_SCALE).to_numpy(dtype="float64")
    raw = (t["pair_weight"] if "pair_weight" in t else t["weight"]).to_numpy(dtype="float64")
    mag = np.where(np.isnan(scale), 1.0, np.minimum(raw / np.where(np.isnan(scale), 1, scale), 1.0))
    return w * mag


@accepts_year()
def network(db, year: int, layers=None, weights: dict | None = None, carry_forward: bool = True,
            directed: bool = False, ties: TieTable | None = None, nodes=None, detail: bool = True,
            presence_min: float | None = None) -> nx.Graph:
    """The network of states with the ties in force in ``year``.

    Parameters
    ----------
    db : Store
    year : int
    layers : list of str, optional
        Layers to include (default: every layer with a weight).
    weights : dict, optional
        Overrides of :data:`LAYER_WEIGHTS`.
    carry_forward : bool
        Use open ties past their source's coverage (flagged on the edge).
    directed : bool
        A DiGraph keeping each tie's direction (undirected ties appear both ways).
    ties : TieTable, optional
        Preloaded ties (for loops over years).
    nodes : iterable of COW codes, optional
        Keep only ties among these states (the subgraph, built directly).
    detail : bool
        With False, edges carry only ``weight`` and ``layers`` (the set of layer names) — no
        per-layer contributions, sources or refs: enough for reachability measures, built in a
        fraction of the time.
    presence_min : float, optional
        Leave out basing ties of fewer US troops (criticality passes ``PRESENCE_MIN_TROOPS``).

    Returns
    -------
    networkx.Graph or DiGraph
        Nodes are COW codes with ``code`` and ``name``; edges carry ``weight`` (sum of layer
        contributions), ``layers`` ({layer: contribution}), ``sources``, ``refs`` and
        ``carried_forward``. ``G.graph`` records year, layers and weights used.
    """
    w = layer_weights(weights, layers)
    tt = ties or tie_frame(db)
    if not detail and not directed:
        # reachability-only graph straight from the arrays: no per-year DataFrame
        mask, cf = tt.in_force_mask(year, carry_forward, _weighted(w, layers), nodes, presence_min)
        idx = np.flatnonzero(mask & (tt.a != tt.b))
        contrib = tt.contributions(w)[idx]
        a, b = tt.a[idx], tt.b[idx]
        u, v = np.minimum(a, b), np.maximum(a, b)
        g = nx.Graph()
        g.graph.update(year=year, layers=sorted(set(tt.layer[idx])), weights=w, carry_forward=carry_forward)
        edges: dict = {}
        for x, y_, layer, c, f in zip(u.tolist(), v.tolist(), tt.layer[idx], contrib.tolist(), cf[idx].tolist()):
            e = edges.get((x, y_))
            if e is None:
                edges[(x, y_)] = e = {"weight": 0.0, "layers": set(), "carried_forward": False}
            e["weight"] += c
            e["layers"].add(layer)
            e["carried_forward"] = e["carried_forward"] or f
        g.add_edges_from((x, y_, d) for (x, y_), d in edges.items())
        _label_nodes(g, db)
        return g
    t = tt.in_force(year, carry_forward, _weighted(w, layers), nodes, presence_min)
    t = t.assign(contrib=tie_contributions(t, w))
    g = nx.DiGraph() if directed else nx.Graph()
    g.graph.update(year=year, layers=sorted(set(t["layer"])), weights=w, carry_forward=carry_forward)
    t = t[t["a"] != t["b"]]
    if directed:
        # an undirected tie appears in both directions
        und = t[~t["directed"].astype(bool)]
        t = pd.concat([t, und.assign(a=und["b"].to_numpy(), b=und["a"].to_numpy())], ignore_index=True)
        u, v = t["a"].to_numpy(), t["b"].to_numpy()
    else:
        u, v = np.minimum(t["a"].to_numpy(), t["b"].to_numpy()), np.maximum(t["a"].to_numpy(), t["b"].to_numpy())
    if not detail:
        edges: dict = {}
        for a, b, layer, c, cf in zip(u, v, t["layer"].to_numpy(), t["contrib"].to_numpy(), t["carried_forward"].to_numpy()):
            e = edges.get((a, b))
            if e is None:
                edges[(a, b)] = e = {"weight": 0.0, "layers": set(), "carried_forward": False}
            e["weight"] += float(c)
            e["layers"].add(layer)
            e["carried_forward"] = e["carried_forward"] or bool(cf)
        g.add_edges_from((a, b, d) for (a, b), d in edges.items())
        _label_nodes(g, db)
        return g
    t = t.assign(u=u, v=v, ref=t["source_ref"].astype(str))
    per_layer = t.groupby(["u", "v", "layer"], sort=False)["contrib"].sum()
    per_edge = t.groupby(["u", "v"], sort=False).agg(weight=("contrib", "sum"), cf=("carried_forward", "any"))
    attrs: dict = {}
    for a, b, layer, c in zip(per_layer.index.get_level_values(0), per_layer.index.get_level_values(1),
                              per_layer.index.get_level_values(2), per_layer.to_numpy()):
        attrs.setdefault((a, b), {"layers": {}, "sources": set(), "refs": []})["layers"][layer] = float(c)
    for a, b, src, ref in zip(t["u"].to_numpy(), t["v"].to_numpy(), t["source"].to_numpy(), t["ref"].to_numpy()):
        d = attrs[(a, b)]
        d["sources"].add(src)
        d["refs"].append(ref)
    g.add_edges_from((a, b, {"weight": float(wt), "carried_forward": bool(cf), **attrs[(a, b)]})
                     for (a, b), wt, cf in zip(per_edge.index, per_edge["weight"].to_numpy(), per_edge["cf"].to_numpy()))
    _label_nodes(g, db)
    return g


@accepts_year()
def system_graph(db, year: int, nodes, layers=None, weights: dict | None = None, carry_forward: bool = True,
                 ties: TieTable | None = None) -> nx.Graph:
    """The undirected network among ``nodes`` in ``year``, built straight from the tie arrays.

    Edges carry ``weight``, ``layers`` ({layer: contribution}) and ``carried_forward`` — what the
    structure measures and their ``spoke_ties`` read — with the same values as :func:`network`
    (no sources or refs). A hub-and-spokes system has a few dozen ties a year, so this costs a
    fraction of a per-year DataFrame.

    Parameters
    ----------
    db : Store
        The open store (ties, when ``ties`` is not given, and node labels).
    year : int
        Calendar year (1816 to the store's last year).
    nodes : list of int
        COW codes of the system's states (the hub and its spokes): only ties with both ends
        among them are used. Read twice, so a list or set, not an iterator.
    layers : list of str, optional
        Tie layers to use (default: every layer of :data:`LAYER_WEIGHTS` and of ``weights``).
        A layer weighted 0 is still read: its ties make edges (or edge entries) of weight 0.
    weights : dict of str to float, optional
        Overrides of :data:`LAYER_WEIGHTS` (unitless; unlike :func:`network`, unknown names are
        not checked).
    carry_forward : bool
        Apply the carry rules of :mod:`latticework.views.ties`.
    ties : TieTable, optional
        Preloaded ties (for loops over years; default: :func:`tie_frame` of ``db``).

    Returns
    -------
    networkx.Graph
        Every one of ``nodes`` (ties or not), labelled with ``code`` (ISO3) and ``name``; an edge
        per pair with a tie, carrying ``weight`` (sum of contributions, unitless), ``layers``
        ({layer: contribution}) and ``carried_forward`` (bool). ``G.graph`` records ``year``,
        ``layers`` (the layers of the ties used), ``weights`` and ``carry_forward``.
    """
    w = layer_weights(weights, layers)
    tt = ties or tie_frame(db)
    mask, cf = tt.in_force_mask(year, carry_forward, _weighted(w, layers), nodes)
    idx = np.flatnonzero(mask & (tt.a != tt.b))
    contrib = tt.contributions(w)[idx]
    a, b = tt.a[idx], tt.b[idx]
    u, v = np.minimum(a, b), np.maximum(a, b)
    edges: dict = {}
    for x, y_, layer, c, f in zip(u.tolist(), v.tolist(), tt.layer[idx], contrib.tolist(), cf[idx].tolist()):
        e = edges.get((x, y_))
        if e is None:
            edges[(x, y_)] = e = {"weight": 0.0, "layers": {}, "carried_forward": False}
        e["weight"] += c
        e["layers"][layer] = e["layers"].get(layer, 0.0) + c
        e["carried_forward"] = e["carried_forward"] or f
    g = nx.Graph()
    g.graph.update(year=year, layers=sorted(set(tt.layer[idx])), weights=w, carry_forward=carry_forward)
    g.add_nodes_from(nodes)
    g.add_edges_from((x, y_, d) for (x, y_), d in edges.items())
    _label_nodes(g, db)
    return g


def _label_nodes(g: nx.Graph, db) -> None:
    """Give each node (a COW code) its ISO3 ``code`` and ``name``; codes outside COW's list keep the number."""
    ident = db.identity
    for n in g.nodes:
        try:
            s = ident.get(n)
            g.nodes[n].update(code=s.code, name=s.name)
        except UnknownState:
            g.nodes[n].update(code=str(n), name=str(n))
