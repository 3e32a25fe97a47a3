"""Asymmetry of a dyad A–B (e.g. USA–JPN): capability shares, obligations, dependence both ways.

Columns per year (A = patron candidate, B = protégé candidate)
-------------------------------------------------------------
cinc_share_a            CINC_A / (CINC_A + CINC_B)  (COW NMC, to 2022)
milex_share_a           SIPRI constant-US$ spending of A / (A + B)
defense_a_to_b, _b_to_a ATOP defence obligation in each direction (1/0; carried forward past 2018
                        when the alliance is open at ATOP's end, flagged ``obligations_carried``)
obligation_asymmetry    weighted obligations A→B minus B→A, over the ATOP types with the network
                        layer weights, divided by their sum: +1 = A owes everything, B nothing
troops_vs_own_forces    US active-duty troops in B / B's military personnel (NMC), capped at 1
                        (only when A is the USA: the troop data cover US forces)
share_of_patron_abroad  US troops in B / all US troops abroad that year (A = USA)
arms_import_share_b     TIV delivered A → B / all TIV delivered to B that year (SIPRI)
tie_share_b             tie strength A–B / B's total tie strength that year (network weights)
arms_import_share_a, tie_share_a    the same for A's dependence on B
dependence_b_on_a       mean of B's available components (troops_vs_own_forces,
                        share_of_patron_abroad, arms_import_share_b, tie_share_b), 0–1
dependence_a_on_b       mean of A's available components (arms_import_share_a, tie_share_a), 0–1
asymmetry_index         dependence_b_on_a − dependence_a_on_b (−1 … 1; > 0: B depends more on A)
missing_components      components absent that year (past a source's coverage, or not observed)
n_components_b/_a       how many components each dependence averages
complete                every component present: only such years compare like with like (NMC's
                        personnel stop in 2022 and SIPRI arms in 2023, so later years average fewer
                        components and are not comparable with earlier ones)

Troop components exist only one way (the data record US forces abroad), so A's dependence has
fewer components; the columns show each component so a reader can compare like with like.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from latticework.views.networks import LAYER_WEIGHTS, tie_frame
from latticework.years import accepts_years

OBLIGATIONS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
B_COMPONENTS = ["troops_vs_own_forces", "share_of_patron_abroad", "arms_import_share_b", "tie_share_b"]
A_COMPONENTS = ["arms_import_share_a", "tie_share_a"]


def _tie_aggregates(tt, A: int, B: int, y0: int, y1: int, w: dict) -> pd.DataFrame:
    """Per year: tie strength of A, of B, of the pair, and the directed ATOP obligations.

    Each tie is expanded over the years it is in force within [y0, y1] (past its source's coverage
    only when open at coverage end: carried forward), so one pass replaces a query per year.
    """
    from latticework.views.networks import _contributions

    f = tt.frame
    start = np.maximum(tt.start, y0)
    cf_end = np.where(tt.open_end & tt.open_at_cov, y1, tt.end)
    end = np.minimum(np.where(np.isinf(cf_end), y1, cf_end), y1).astype(np.int64)
    keep = (end >= start) & tt.layer_mask(w)
    f, start, end = f[keep], start[keep], end[keep]
    cov = tt.end[keep]
    n = (end - start + 1).astype(np.int64)
    idx = np.repeat(np.arange(len(f)), n)
    years = np.repeat(start, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    contrib = _contributions(f, w)[idx]
    a, b, layer = f["a"].to_numpy()[idx], f["b"].to_numpy()[idx], f["layer"].to_numpy()[idx]
    carried = years > cov[idx]
    e = pd.DataFrame({"year": years, "a": a, "b": b, "layer": layer, "c": contrib, "carried": carried})
    out = pd.DataFrame(index=pd.RangeIndex(y0, y1 + 1, name="year"))
    out["tot_a"] = e[(e.a == A) | (e.b == A)].groupby("year")["c"].sum()
    out["tot_b"] = e[(e.a == B) | (e.b == B)].groupby("year")["c"].sum()
    pair = ((e.a == A) & (e.b == B)) | ((e.a == B) & (e.b == A))
    out["ab"] = e[pair].groupby("year")["c"].sum()
    ob = e[e.layer.isin(OBLIGATIONS)]
    for name, mask in (("a_to_b", (ob.a == A) & (ob.b == B)), ("b_to_a", (ob.a == B) & (ob.b == A))):
        sub = ob[mask].drop_duplicates(["year", "layer"])
        out[name] = sub.assign(wt=sub["layer"].map(w)).groupby("year")["wt"].sum()
        out[f"defense_{name}"] = sub[sub.layer == "atop_defense"].groupby("year").size().gt(0)
    out["ob_carried"] = ob[(ob.a.isin([A, B])) & (ob.b.isin([A, B]))].groupby("year")["carried"].any()
    out = out.fillna({"tot_a": 0.0, "tot_b": 0.0, "ab": 0.0, "a_to_b": 0.0, "b_to_a": 0.0})
    for c in ("defense_a_to_b", "defense_b_to_a", "ob_carried"):
        out[c] = out[c].astype("boolean").fillna(False).astype(bool)
    return out


def _ratio(num, den):
    return float(num) / float(den) if den and not pd.isna(den) and den > 0 and not pd.isna(num) else None


@accepts_years()
def asymmetry(db, a, b, years=(1946, None), weights: dict | None = None, ties=None) -> pd.DataFrame:
    """Per-year asymmetry and two-way dependence of the dyad (see module docstring)."""
    A, B = db.state(a), db.state(b)
    if isinstance(years, int):
        years = (years, years)
    y0, y1 = years[0], years[1] if years[1] is not None else db.latest_year
    w = dict(LAYER_WEIGHTS) | (weights or {})
    caps = db.sql("SELECT ccode, year, cinc, milper_k, milex_constant_usd_m FROM capabilities WHERE ccode IN (?, ?) "
                  "AND year BETWEEN ? AND ?", [A.ccode, B.ccode, y0, y1])
    ca = caps[caps.ccode == A.ccode].set_index("year")
    cb = caps[caps.ccode == B.ccode].set_index("year")
    troops = db.sql("SELECT year, ccode, troops FROM troops WHERE year BETWEEN ? AND ?", [y0, y1])
    troops = troops[troops.ccode.isin(set(db.table("states")["ccode"]))]  # foreign states only, not territories
    abroad = troops[troops.ccode != 2].groupby("year")["troops"].sum()
    arms = db.sql("SELECT a, b, start_year AS year, weight FROM ties WHERE layer = 'arms' AND start_year BETWEEN ? AND ? "
                  "AND (a IN (?, ?) OR b IN (?, ?))", [y0, y1, A.ccode, B.ccode, A.ccode, B.ccode])
    imports = arms.groupby(["b", "year"])["weight"].sum()
    arms_ab = arms.set_index(["a", "b", "year"])["weight"]
    arms_cov = db.coverage("sipri_arms")[1]
    tt = (ties or tie_frame(db)).touching([A.ccode, B.ccode])
    agg = _tie_aggregates(tt, A.ccode, B.ccode, y0, y1, w)
    total_w = sum(w[l] for l in OBLIGATIONS)
    rows = []
    for y in range(y0, y1 + 1):
        g = agg.loc[y]
        tot_a, tot_b, ab = g["tot_a"], g["tot_b"], g["ab"]
        row = {"year": y, "a": A.code, "b": B.code,
               "cinc_share_a": _ratio(ca["cinc"].get(y), (ca["cinc"].get(y) or np.nan) + (cb["cinc"].get(y) or np.nan)),
               "milex_share_a": _ratio(ca["milex_constant_usd_m"].get(y),
                                       (ca["milex_constant_usd_m"].get(y) or np.nan) + (cb["milex_constant_usd_m"].get(y) or np.nan)),
               "defense_a_to_b": int(g["defense_a_to_b"]), "defense_b_to_a": int(g["defense_b_to_a"]),
               "obligation_asymmetry": (g["a_to_b"] - g["b_to_a"]) / total_w,
               "obligations_carried": bool(g["ob_carried"])}
        if A.ccode == 2:
            tb = troops[(troops.ccode == B.ccode) & (troops.year == y)]["troops"]
            tb = float(tb.iloc[0]) if len(tb) else None
            row["troops_vs_own_forces"] = None if tb is None else (
                min(_ratio(tb, cb["milper_k"].get(y) * 1000 if pd.notna(cb["milper_k"].get(y)) else None) or np.nan, 1.0)
                if pd.notna(cb["milper_k"].get(y)) else None)
            if row["troops_vs_own_forces"] is not None and np.isnan(row["troops_vs_own_forces"]):
                row["troops_vs_own_forces"] = None
            row["share_of_patron_abroad"] = _ratio(tb, abroad.get(y)) if tb is not None else None
        else:
            row["troops_vs_own_forces"] = row["share_of_patron_abroad"] = None
        if y <= arms_cov:
            row["arms_import_share_b"] = _ratio(arms_ab.get((A.ccode, B.ccode, y), 0.0), imports.get((B.ccode, y)))
            row["arms_import_share_a"] = _ratio(arms_ab.get((B.ccode, A.ccode, y), 0.0), imports.get((A.ccode, y)))
        else:
            row["arms_import_share_b"] = row["arms_import_share_a"] = None
        row["tie_share_b"] = _ratio(ab, tot_b)
        row["tie_share_a"] = _ratio(ab, tot_a)
        bv = [row[c] for c in B_COMPONENTS if row[c] is not None]
        av = [row[c] for c in A_COMPONENTS if row[c] is not None]
        row["dependence_b_on_a"] = float(np.mean(bv)) if bv else None
        row["dependence_a_on_b"] = float(np.mean(av)) if av else None
        row["asymmetry_index"] = (row["dependence_b_on_a"] - row["dependence_a_on_b"]
                                  if bv and av else None)
        row["missing_components"] = [c for c in B_COMPONENTS + A_COMPONENTS if row[c] is None]
        row["n_components_b"], row["n_components_a"] = len(bv), len(av)
        expected_b = len(B_COMPONENTS) if A.ccode == 2 else len(B_COMPONENTS) - 2
        row["complete"] = len(bv) == expected_b and len(av) == len(A_COMPONENTS)
        rows.append(row)
    df = pd.DataFrame(rows)
    df.attrs["sources"] = ["cow_nmc", "sipri_milex", "atop_ddy", "troopdata", "sipri_arms", "dcad"]
    df.attrs["weights"] = w
    return df
