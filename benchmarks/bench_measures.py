"""Benchmark: every structure, asymmetry and criticality measure, every year 1946–latest, two presets.

Ours: the ties are read once into a TieTable (NumPy arrays) and sliced per year; structure builds
only the hub-and-spokes subgraph; criticality's connectivity loss reruns a search only for nodes
that lie on a shortest path. Baseline: the naive approach — every year, query the ties in force
from the store, rebuild a full networkx graph in Python, compute the same quantities with
networkx calls (graph copy + harmonic centrality per removed node).
Target (DESIGN.md): < 5 s in all. Usage: python benchmarks/bench_measures.py [--years 1946 2024]
"""
from __future__ import annotations

import argparse
import itertools
import time

import networkx as nx


def ours(db, y0, y1) -> dict:
    import latticework as lw
    from latticework.measures.structure import PRESETS
    from latticework.views.networks import tie_frame

    t0 = time.perf_counter()
    tt = tie_frame(db)
    out = {"load": time.perf_counter() - t0}
    for preset, p in PRESETS.items():
        t = time.perf_counter()
        lw.structure(db, preset=preset, years=(y0, y1), ties=tt)
        out[f"structure {preset}"] = time.perf_counter() - t
        t = time.perf_counter()
        for s in p["spokes"]:
            lw.asymmetry(db, p["hub"], s, years=(y0, y1), ties=tt)
        out[f"asymmetry {preset}"] = time.perf_counter() - t
    t = time.perf_counter()
    for y in range(y0, y1 + 1):
        lw.criticality(db, "USA", y, ties=tt)  # the hub is the same for both presets
    out["criticality (both presets' hub)"] = time.perf_counter() - t
    return out


def naive(db, y0, y1) -> dict:
    """Rebuild a networkx graph from a per-year SQL query, then networkx calls for everything."""
    from latticework.measures.structure import PRESETS
    from latticework.views.networks import LAYER_WEIGHTS, MAGNITUDE_SCALE

    t = time.perf_counter()
    hub = db.state("USA").ccode
    for y in range(y0, y1 + 1):
        rows = db.sql("SELECT a, b, layer, weight FROM ties WHERE start_year <= ? AND (end_year >= ? OR "
                      "(end_year IS NULL AND (coverage_end IS NULL OR ? <= coverage_end OR open_at_coverage_end)))", [y, y, y])
        G = nx.Graph()
        for a, b, layer, w in rows.itertuples(index=False):
            c = LAYER_WEIGHTS.get(layer, 0) * (min(w / MAGNITUDE_SCALE[layer], 1) if layer in MAGNITUDE_SCALE else 1)
            G.add_edge(a, b, weight=G.get_edge_data(a, b, {"weight": 0})["weight"] + c)
        for p in PRESETS.values():
            spokes = [db.state(s).ccode for s in p["spokes"]]
            sub = G.subgraph([hub, *spokes])
            pairs = list(itertools.combinations(spokes, 2))
            sum(sub[a][b]["weight"] for a, b in pairs if sub.has_edge(a, b))
            nx.degree_centrality(sub)
            H = sub.copy()
            if hub in H:
                H.remove_node(hub)
            nx.number_connected_components(H)
            sum(1 for c in nx.enumerate_all_cliques(H) if len(c) == 3)
        if hub in G:
            nx.harmonic_centrality(G, nbunch=[hub])  # the baseline computes it like ours; the value is not needed
            for v in list(G.nodes):
                if v != hub:
                    H = G.copy()
                    H.remove_node(v)
                    nx.harmonic_centrality(H, nbunch=[hub])
    return {"total": time.perf_counter() - t}


def main() -> None:
    import latticework as lw

    ap = argparse.ArgumentParser()
    ap.add_argument("--years", nargs=2, type=int, default=None)
    ap.add_argument("--baseline-years", type=int, default=10, help="years of the naive baseline to time (it is slow); scaled up")
    a = ap.parse_args()
    db = lw.open()
    y0, y1 = a.years or (1946, db.latest_year)
    n = y1 - y0 + 1
    res = ours(db, y0, y1)
    total = sum(res.values())
    print(f"every measure, {y0}-{y1} ({n} years), presets indo_pacific and nato_europe")
    for k, v in res.items():
        print(f"  {k:34s} {v:6.2f} s")
    print(f"  {'total':34s} {total:6.2f} s   ({total / n * 1000:.0f} ms per year; target < 5 s)")
    k = min(a.baseline_years, n)
    b = naive(db, y1 - k + 1, y1)["total"]
    est = b / k * n
    print(f"  naive networkx rebuild: {b:.2f} s for the last {k} years -> ~{est:.1f} s for {n} years "
          f"(speed-up ~{est / total:.0f}x)")


if __name__ == "__main__":
    main()
