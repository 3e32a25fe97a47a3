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
partner_share_of_patron_troops   US troops in B / all US troops in foreign states (A = USA): how
                        much of the patron's forward-deployed force B hosts
partner_share_of_patron_sites    B's dated US sites / all dated US sites abroad (A = USA; sites of
                        the Vine list, deduplicated and dated as in :mod:`.criticality`)
partner_share_of_patron_reach    max over the theatre presets (criticality.THEATRES) of B's share
                        of the patron's access points within 1,500 km of the theatre: B's
                        ``reach_loss`` where the patron relies on it most (A = USA)
host_nation_support     ledger cost-sharing agreements (Special Measures Agreements) of B with A
                        in force, 1/0 — reported, not averaged: the ledger records them from 2010
                        and in local currency only, so no share can be computed and a dummy would
                        move the mean when the ledger starts
dependence_b_on_a       mean of B's components (troops_vs_own_forces, share_of_patron_abroad,
                        arms_import_share_b, tie_share_b), 0–1
dependence_a_on_b       mean of A's components (arms_import_share_a, tie_share_a and, when A is
                        the USA, the three partner_share_of_patron_* components), 0–1
asymmetry_index         dependence_b_on_a − dependence_a_on_b (−1 … 1; > 0: B depends more on A)
carried_components      {component: age in years} of values carried from a source's last year
missing_components      components absent that year (before a source starts, or carried too long)
n_components_b/_a       how many components each dependence averages
complete                every component present (observed, or carried ≤ MAX_CARRY_AGE years)
coverage_break          the component set, or the tie layers covered, differ from the year before:
                        the change from that year is not like with like (keep it out of headlines)

Comparing like with like (issue 16). NMC's personnel stop in 2022 and SIPRI arms in 2023; the
index used to average whatever remained (USA–JPN 0.40 in 2022, 0.46 in 2023, 0.20 in 2024).
Now B's personnel and both arms shares are carried forward from their source's last year, at
most ``MAX_CARRY_AGE`` = 3 years, flagged in ``carried_components`` with their age, and SIPRI
arms ties are carried the same way in the tie shares (views.networks). Personnel change slowly
(Japan's NMC personnel: 248,000 in 2012, 247,000 in every year 2013–2022) and an importer's suppliers rarely change
within three years, so a three-year-old value is closer to the truth than leaving the component
out, which changes what the index measures. Beyond three years the component is missing and
the year is a coverage break.

Troops are read as dependence both ways: hosting a large share of the patron's forward forces
protects B (B's side) and anchors the patron's posture on B (A's side), so that component nets
out of the index. Troop and site components exist only when A is the USA (the data record US
forces and sites abroad).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from latticework.measures.structure import layer_coverage
from latticework.states import USA_CCODE
from latticework.views import queries as Q
from latticework.views.networks import LAYER_WEIGHTS, tie_frame, tie_provenance
from latticework.views.ties import MAX_CARRY_AGE
from latticework.years import accepts_years

OBLIGATIONS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
B_COMPONENTS = ["troops_vs_own_forces", "share_of_patron_abroad", "arms_import_share_b", "tie_share_b"]
A_COMPONENTS = ["arms_import_share_a", "tie_share_a"]
PATRON_COMPONENTS = ["partner_share_of_patron_troops", "partner_share_of_patron_sites", "partner_share_of_patron_reach"]
#: components that exist only for a US patron (troop and site data cover US forces)
US_ONLY = {"troops_vs_own_forces", "share_of_patron_abroad", *PATRON_COMPONENTS}
HNS_PATTERN = "Special Measures Agreement"


def _tie_aggregates(tt, A: int, B: int, y0: int, y1: int, w: dict) -> pd.DataFrame:
    """Per year: tie strength of A, of B, of the pair, and the directed ATOP obligations.

    Each tie is expanded over the years it is in force within [y0, y1] (past its source's coverage
    only when open at coverage end: carried forward), so one pass replaces a query per year.
    """
    from latticework.views.networks import tie_contributions

    f = tt.frame
    start, end = tt.years_in_force(y0, y1)
    keep = (end >= start) & tt.layer_mask(w)
    f, start, end = f[keep], start[keep], end[keep]
    cov = tt.end[keep]
    n = (end - start + 1).astype(np.int64)
    idx = np.repeat(np.arange(len(f)), n)
    years = np.repeat(start, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    contrib = tie_contributions(f, w)[idx]
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
    """Per-year asymmetry and two-way dependence of dyad A–B (see the module docstring).

    Each component is a share in [0, 1]; ``dependence_b_on_a`` and ``dependence_a_on_b`` are the
    means of their components (0–1), ``asymmetry_index`` their difference (−1 … 1), all unitless.

    .. math:: \\mathrm{asym}(y) = \\overline{c^{B}(y)} - \\overline{c^{A}(y)}

    A component missing in year y takes its last value from the previous ``MAX_CARRY_AGE`` years
    (``carried_components`` gives its age); a year whose component set or covered tie layers
    differ from the year before has ``coverage_break`` True.

    Parameters
    ----------
    db : Store
    a, b : state names or codes (A = patron candidate, B = protégé candidate)
    years : (first, last) or an int; last None = the store's last year
    weights : dict, optional, overrides of the layer weights for the tie shares
    ties : TieTable, optional, preloaded ties (for loops over dyads)

    Examples
    --------
    Hand-worked in tests/measures/test_asymmetry.py: a patron with 1,000 troops abroad, 600 of
    them in B, 2 of its 5 sites in B, and 2 of its 3 access points near the theatre in B gives B
    the patron-side components 0.6, 0.4 and 0.667.
    """
    A, B = db.state(a), db.state(b)
    if isinstance(years, int):
        years = (years, years)
    y0, y1 = years[0], years[1] if years[1] is not None else db.latest_year
    w = dict(LAYER_WEIGHTS) | (weights or {})
    lo = y0 - MAX_CARRY_AGE  # values up to MAX_CARRY_AGE years old can be carried into y0
    caps = Q.capability_rows(db, [A.ccode, B.ccode], lo, y1)
    ca = caps[caps.ccode == A.ccode].groupby("year").first()
    cb = caps[caps.ccode == B.ccode].groupby("year").first()
    troops = Q.troops_in_years(db, lo, y1)
    troops = troops[troops.ccode.isin(set(db.table("states")["ccode"]))]  # foreign states only, not territories
    abroad = troops[troops.ccode != USA_CCODE].groupby("year")["troops"].sum()
    troops_b = troops[troops.ccode == B.ccode].groupby("year")["troops"].sum()
    arms = Q.arms_ties(db, A.ccode, B.ccode, lo, y1)
    imports = arms.groupby(["b", "year"])["weight"].sum()
    arms_ab = arms.groupby(["a", "b", "year"])["weight"].sum()
    arms_cov = db.coverage("sipri_arms")[1]
    full = ties or tie_frame(db)
    # B's ties hold the pair's; A's total strength is the same for all of A's dyads: computed once
    tt = full.touching([B.ccode])
    agg = _tie_aggregates(tt, A.ccode, B.ccode, y0, y1, w)
    agg["tot_a"] = _strength_of(full, A.ccode, y0, y1, w)
    us = A.ccode == USA_CCODE
    patron = _patron_shares(db, full, A.ccode, B.ccode, lo, y1) if us else None
    hns = _hns_years(tt, A.ccode, B.ccode, y1)
    covered = layer_coverage(full, [l for l in w if w[l] > 0], y0, y1)  # a dataset's coverage, not the dyad's
    total_w = sum(w[l] for l in OBLIGATIONS)

    # raw components per year (None: not observed), then carried forward up to MAX_CARRY_AGE;
    # plain dicts, not pandas lookups, inside the loops (they run for every dyad-year)
    milper_b = cb["milper_k"].to_dict() if "milper_k" in cb else {}
    troops_b, abroad = troops_b.to_dict(), abroad.to_dict()
    arms_ab, imports = arms_ab.to_dict(), imports.to_dict()
    agg_d = agg.to_dict("index")

    def obs(y):
        r = {}
        mp = milper_b.get(y)
        r["_milper"] = float(mp) if mp is not None and pd.notna(mp) and mp > 0 else None
        tb = troops_b.get(y)
        r["_troops"] = float(tb) if tb is not None and pd.notna(tb) else None
        share = _ratio(r["_troops"], abroad.get(y)) if us and r["_troops"] is not None else None
        r["share_of_patron_abroad"] = share
        if y <= arms_cov:
            r["arms_import_share_b"] = _ratio(arms_ab.get((A.ccode, B.ccode, y), 0.0), imports.get((B.ccode, y)))
            r["arms_import_share_a"] = _ratio(arms_ab.get((B.ccode, A.ccode, y), 0.0), imports.get((A.ccode, y)))
        else:
            r["arms_import_share_b"] = r["arms_import_share_a"] = None
        g = agg_d.get(y)
        if g is not None:
            r["tie_share_b"], r["tie_share_a"] = _ratio(g["ab"], g["tot_b"]), _ratio(g["ab"], g["tot_a"])
        if us:
            r["partner_share_of_patron_troops"] = share
            pt = patron.get(y)
            r["partner_share_of_patron_sites"] = pt[0] if pt else None
            r["partner_share_of_patron_reach"] = pt[1] if pt else None
        return r

    raw = {y: obs(y) for y in range(lo, y1 + 1)}
    carried_keys = ["_milper", "share_of_patron_abroad", "arms_import_share_b", "arms_import_share_a", "tie_share_b",
                    "tie_share_a", *PATRON_COMPONENTS]
    rows = []
    prev_set = None
    ca_cinc, cb_cinc = ca["cinc"].to_dict(), cb["cinc"].to_dict()
    ca_mx, cb_mx = ca["milex_constant_usd_m"].to_dict(), cb["milex_constant_usd_m"].to_dict()
    for y in range(y0, y1 + 1):
        g = agg_d[y]
        val, ages = {}, {}
        for k in carried_keys:
            for age in range(MAX_CARRY_AGE + 1):
                v = raw.get(y - age, {}).get(k)
                if v is not None:
                    val[k] = v
                    if age:
                        ages[k.lstrip("_")] = age
                    break
            else:
                val[k] = None
        row = {"year": y, "a": A.code, "b": B.code,
               "cinc_share_a": _ratio(ca_cinc.get(y), (ca_cinc.get(y) or np.nan) + (cb_cinc.get(y) or np.nan)),
               "milex_share_a": _ratio(ca_mx.get(y), (ca_mx.get(y) or np.nan) + (cb_mx.get(y) or np.nan)),
               "defense_a_to_b": int(g["defense_a_to_b"]), "defense_b_to_a": int(g["defense_b_to_a"]),
               "obligation_asymmetry": (g["a_to_b"] - g["b_to_a"]) / total_w,
               "obligations_carried": bool(g["ob_carried"])}
        tb = raw[y]["_troops"]
        row["troops_vs_own_forces"] = (min(tb / (val["_milper"] * 1000), 1.0)
                                       if us and tb is not None and val["_milper"] is not None else None)
        for k in carried_keys[1:]:
            row[k] = val[k] if (us or k not in US_ONLY) else None
        if row["troops_vs_own_forces"] is None:
            ages.pop("milper", None)
        row["host_nation_support_agreement"] = 1 if y in hns else None
        bcomp = B_COMPONENTS if us else [c for c in B_COMPONENTS if c not in US_ONLY]
        acomp = A_COMPONENTS + (PATRON_COMPONENTS if us else [])
        bv = [row[c] for c in bcomp if row[c] is not None]
        av = [row[c] for c in acomp if row[c] is not None]
        row["dependence_b_on_a"] = float(np.mean(bv)) if bv else None
        row["dependence_a_on_b"] = float(np.mean(av)) if av else None
        row["asymmetry_index"] = (row["dependence_b_on_a"] - row["dependence_a_on_b"] if bv and av else None)
        row["carried_components"] = {("troops_vs_own_forces" if k == "milper" else k): a_ for k, a_ in ages.items()
                                     if k == "milper" or k in bcomp or k in acomp}
        row["missing_components"] = [c for c in bcomp + acomp if row[c] is None]
        row["n_components_b"], row["n_components_a"] = len(bv), len(av)
        row["complete"] = len(bv) == len(bcomp) and len(av) == len(acomp)
        present = frozenset(c for c in bcomp + acomp if row[c] is not None)
        row["coverage_break"] = prev_set is not None and (present != prev_set or covered.get(y) != covered.get(y - 1))
        prev_set = present
        rows.append(row)
    df = pd.DataFrame(rows)
    df.attrs.update(_provenance(df, full, A.ccode, B.ccode, y0, y1, w))
    df.attrs["weights"] = w
    df.attrs["max_carry_age"] = MAX_CARRY_AGE
    return df


#: the registry source each non-tie component reads (tie shares and obligations read the ties)
COMPONENT_SOURCES = {"cinc_share_a": ["cow_nmc"], "milex_share_a": ["sipri_milex"],
                     "troops_vs_own_forces": ["troopdata", "cow_nmc"], "share_of_patron_abroad": ["troopdata"],
                     "arms_import_share_b": ["sipri_arms"], "arms_import_share_a": ["sipri_arms"],
                     "partner_share_of_patron_troops": ["troopdata"], "partner_share_of_patron_sites": ["troopdata"],
                     "partner_share_of_patron_reach": ["troopdata"]}


def _provenance(df: pd.DataFrame, full, a: int, b: int, y0: int, y1: int, w: dict) -> dict:
    """``sources``: the registry sources of the components observed in some year of ``df`` and of
    the ties behind the tie shares and obligations (every tie of A or B in force in those years, in
    a layer of non-zero weight); ``ledger_records``: the ledger records behind the A–B ties."""
    names = {src for col, srcs in COMPONENT_SOURCES.items() if col in df and df[col].notna().any() for src in srcs}
    layers = [x for x in w if w[x] > 0]
    years = range(y0, y1 + 1)
    names |= set(tie_provenance(full.touching([a, b]), years, None, layers, w)["sources"])
    pair = tie_provenance(full.touching([b]), years, [a, b], layers, w)
    return {"sources": sorted(names), "ledger_records": pair["ledger_records"]}


_STRENGTH_CACHE: dict = {}


def _strength_of(full, X: int, y0: int, y1: int, w: dict) -> pd.Series:
    """Total tie strength of state X per year in [y0, y1] (as ``tot_a`` of :func:`_tie_aggregates`),
    cached per tie table, state, years and weights so a hub's dyads share it."""
    key = (id(full), X, y0, y1, tuple(sorted(w.items())))
    hit = _STRENGTH_CACHE.get(key)
    if hit is None or hit[0] is not full:
        if len(_STRENGTH_CACHE) > 16:
            _STRENGTH_CACHE.clear()
        hit = (full, _tie_aggregates(full.touching([X]), X, X, y0, y1, w)["tot_a"])
        _STRENGTH_CACHE[key] = hit
    return hit[1]


def _hns_years(tt, A: int, B: int, y1: int) -> set[int]:
    """Years with a host-nation cost-sharing agreement (ledger, ``HNS_PATTERN`` in its name) in force."""
    m = tt.layer_mask(["ledger_security_agreement"]) & (((tt.a == A) & (tt.b == B)) | ((tt.a == B) & (tt.b == A)))
    m &= tt.frame["attributes"].fillna("").str.contains(HNS_PATTERN, regex=False).to_numpy()
    first, last = tt.years_in_force(int(tt.start[m].min()) if m.any() else y1, y1)
    out = set()
    for a, b in zip(first[m], last[m]):
        out.update(range(int(a), int(b) + 1))
    return out


_PATRON_CACHE: dict = {}


@accepts_years(default=(1946, None), fill_latest=True)
def patron_shares(db, hub, years, ties=None) -> pd.DataFrame:
    """Per year and partner: its share of the hub's dated sites abroad and its largest share of
    the hub's access points in range of a theatre preset (see the module docstring).

    Returns ``year``, ``ccode``, ``sites``, ``share_of_sites``, ``share_of_reach`` and
    ``reach_theatre`` (the preset where the share is largest). Sites exist only for the USA.
    """
    from latticework.measures.criticality import ACCESS_LAYERS, THEATRES, access_geography, access_points_frame, haversine_km

    h = db.state(hub).ccode
    y0, y1 = years
    full = ties or tie_frame(db)
    sites, _, _, _ = access_geography(db)
    # access partners per year: ACCESS_LAYERS ties with the hub, open ones carried as in network()
    f = full.frame
    m = full.layer_mask(ACCESS_LAYERS) & ((full.a == h) | (full.b == h)) & (full.a != full.b)
    start, end = full.years_in_force(y0, y1)
    start, end = start[m], end[m]
    other = np.where(full.a[m] == h, full.b[m], full.a[m])
    la = (f["layer"].to_numpy()[m] == "ledger_access")
    keep = end >= start
    start, end, other, la = start[keep], end[keep], other[keep], la[keep]
    n = end - start + 1
    yrs = np.repeat(start, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    p = pd.DataFrame({"year": yrs, "ccode": np.repeat(other, n), "ledger_access": np.repeat(la, n)})
    p = p.groupby(["year", "ccode"], as_index=False)["ledger_access"].any()
    pts = access_points_frame(db, h, p)
    out = []
    if len(pts):
        for name, (lat, lon) in THEATRES.items():
            d = haversine_km(lat, lon, pts["lat"].to_numpy(float), pts["lon"].to_numpy(float))
            inr = pts[d <= 1500.0].groupby(["year", "ccode"]).size().rename("n").reset_index()
            inr["share"] = inr["n"] / inr.groupby("year")["n"].transform("sum")
            out.append(inr.assign(theatre=name))
    reach = pd.concat(out) if out else pd.DataFrame(columns=["year", "ccode", "n", "share", "theatre"])
    reach = reach.sort_values("share", ascending=False).drop_duplicates(["year", "ccode"])
    # every host's dated sites (not only access partners): bases by troop presence, lilypads by ledger
    hosts = pd.MultiIndex.from_product([range(y0, y1 + 1), sites["ccode"].unique()], names=["year", "ccode"]).to_frame(index=False)
    hosts = hosts.merge(p, on=["year", "ccode"], how="left")
    hosts["ledger_access"] = hosts["ledger_access"].astype("boolean").fillna(False).astype(bool)
    sp = access_points_frame(db, h, hosts) if h == USA_CCODE else pd.DataFrame(columns=["year", "ccode", "kind"])
    sp = sp[sp["kind"] == "base coordinates"].groupby(["year", "ccode"]).size().rename("sites").reset_index()
    sp["share_of_sites"] = sp["sites"] / sp.groupby("year")["sites"].transform("sum")
    res = sp.merge(reach.rename(columns={"share": "share_of_reach", "theatre": "reach_theatre"})[
        ["year", "ccode", "share_of_reach", "reach_theatre"]], on=["year", "ccode"], how="outer")
    return res.astype({"year": int, "ccode": int})


def _patron_shares(db, full, A: int, B: int, y0: int, y1: int) -> dict[int, tuple]:
    """{year: (share_of_sites, share_of_reach)} of B for hub A; 0 where the hub has sites (or
    access points in range) that year and B none; None where the hub has none. Cached per store,
    tie table and years, so loops over a hub's dyads compute it once."""
    key = (id(db), id(full), A, y0, y1)
    hit = _PATRON_CACHE.get(key)
    if hit is None or hit[0] is not db or hit[1] is not full:
        if len(_PATRON_CACHE) > 8:
            _PATRON_CACHE.clear()
        hit = (db, full, patron_shares(db, A, (y0, y1), full))
        _PATRON_CACHE[key] = hit
    ps = hit[2]
    has_sites = set(ps.loc[ps["share_of_sites"].notna(), "year"])
    has_reach = set(ps.loc[ps["share_of_reach"].notna(), "year"])
    mine = ps[ps["ccode"] == B].set_index("year")
    out = {}
    for y in range(y0, y1 + 1):
        s_ = mine["share_of_sites"].get(y) if y in mine.index else None
        r_ = mine["share_of_reach"].get(y) if y in mine.index else None
        out[y] = ((float(s_) if s_ is not None and pd.notna(s_) else 0.0) if y in has_sites else None,
                  (float(r_) if r_ is not None and pd.notna(r_) else 0.0) if y in has_reach else None)
    return out
