"""Conflict, rivalry and threat: GML MIDs, COW wars, UCDP armed conflict, strategic rivalries,
territorial threat (peacesciencer's builds of each producer's data).

Tables
------
mid_dispute_years : GML MID 2.2.1 directed dispute-years as published (one row per dispute,
    ordered pair and year; ``dispnum``, ``ccode1``, ``ccode2``, ``year``, ``midonset``,
    ``midongoing``, ``sidea1/2``, ``revstate1/2``, ``orig1/2``, ``hostlev``, ``fatality``,
    ``hiact``, ``mindur``, ``maxdur``, ``recip``, ``stmon``; the producer's -9 is NULL).
mid_disputes, mid_participants : the dispute- and participant-level GML files.
mid_dyad_years : one row per directed dyad-year with a dispute, whittled from the dispute-years
    by peacesciencer's rules (:func:`whittle_dispute_years`).
war_dyad_years : COW inter-state war 4.0, one row per directed dyad-year at war (onset first,
    then the larger battle deaths, then the lower war number).
war_state_years : COW intra-state war 4.1 per state-year (the state on either side).
ucdp_state_years, ucdp_dyad_years : UCDP/PRIO armed conflict 25.1 per state-year (primary
    party; onset, type, intensity; secondary support) and per ordered pair of states on opposite
    sides of a conflict that year. Gleditsch–Ward codes mapped to COW by year (isard).
ucdp_conflict_years : one row per UCDP conflict and year (type, incompatibility, intensity 1 =
    25–999 battle deaths, 2 = 1,000 or more; onset = first year of an episode).
ucdp_onset_years : UCDP onset data 19.1 per state-year (GW → COW by year).
rivalry_dyad_years : Thompson–Dreyer (to 2010) and Thompson–Sakuwa–Suhas (to 2020) strategic
    rivalries expanded to directed dyad-years, with their types.
tss_rivalries : the TSS rivalry list (spells).
territorial_threat : Miller's latent territorial threat per state-year with its sd and interval.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from latticework.sources.context import BuildContext, read_rdata, sorted_unique

SOURCES = ["gml_mid", "cow_war_inter", "cow_war_intra", "ucdp_acd", "ucdp_onsets", "tss_rivalries",
           "terrthreat", "ps_misc"]

_MID_COLS = ["dispnum", "ccode1", "ccode2", "year", "midonset", "midongoing", "sidea1", "sidea2",
             "revstate1", "revstate2", "orig1", "orig2", "hostlev", "fatality", "hiact", "mindur",
             "maxdur", "recip", "stmon"]


def _num(df: pd.DataFrame, cols, missing=(-9,)) -> pd.DataFrame:
    """Numeric columns with the producer's missing codes as NULL (nullable Int where whole)."""
    out = pd.DataFrame(index=df.index)
    for c in cols:
        v = pd.to_numeric(df[c], errors="coerce")
        v = v.where(~v.isin(missing))
        out[c] = v.astype("Int32") if (v.dropna() % 1 == 0).all() else v
    return out


def whittle_dispute_years(dy: pd.DataFrame) -> pd.DataFrame:
    """One row per (ccode1, ccode2, year) from directed dispute-years, by peacesciencer's rules.

    Where a dyad-year holds several disputes, keep in turn: (1) the onsets, if any dispute began
    that year; (2) the highest dispute fatality level (the producer's -9, "fatalities of unknown
    level", ranks as 0.5: above none, below 1–25 deaths); (3) the highest hostility level;
    (4) the longest minimum, then maximum, duration; (5) a reciprocated dispute over one that was
    not; (6) the earliest start month; (7) the lowest dispute number. Miller, "How peacesciencer
    coerces dispute-year data into dyad-year data" (package vignette).
    """
    keys = ["ccode1", "ccode2", "year"]
    f = lambda c, fill: dy[c].astype("float").fillna(fill)
    d = dy.assign(_on=f("midonset", 0), _fat=f("fatality", 0.5), _host=f("hostlev", -1), _min=f("mindur", -1),
                  _max=f("maxdur", -1), _rec=f("recip", -1), _mon=f("stmon", 99))
    rules = ["_on", "_fat", "_host", "_min", "_max", "_rec", "_mon", "dispnum"]
    d = d.sort_values(keys + rules, ascending=[True] * 3 + [False] * 6 + [True] * 2, kind="stable")
    return d.drop_duplicates(keys, keep="first").drop(columns=rules[:-1]).reset_index(drop=True)


def read_mids(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    raw = read_rdata(ctx.path("gml_mid", "gml_dirdisp.rda"))
    dy = _num(raw, _MID_COLS)
    for c in ("midonset", "midongoing"):
        dy[c] = dy[c].fillna(0)
    disps = read_rdata(ctx.path("gml_mid", "gml_mid_disps.rda"))
    part = read_rdata(ctx.path("gml_mid", "gml_part.rda"))
    disputes = _num(disps, ["dispnum", "styear", "stmon", "outcome", "settle", "fatality", "mindur",
                            "maxdur", "hiact", "hostlev", "recip"])
    pcols = ["dispnum", "ccode", "styear", "stmon", "stday", "endyear", "endmon", "endday", "sidea",
             "hiact", "orig"]
    participants = _num(part, pcols)
    participants["obsid_start"] = part["obsid_start"].astype(object)
    participants["obsid_end"] = part["obsid_end"].astype(object)
    return {"mid_dispute_years": dy, "mid_dyad_years": whittle_dispute_years(dy),
            "mid_disputes": disputes, "mid_participants": participants}


def read_wars(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    w = read_rdata(ctx.path("cow_war_inter", "cow_war_inter.rda"))
    w = _num(w, ["warnum", "ccode1", "ccode2", "year", "cowinteronset", "cowinterongoing", "sidea1",
                 "sidea2", "initiator1", "initiator2", "outcome1", "outcome2", "batdeath1", "batdeath2"],
             missing=(-9, -8))
    w["_deaths"] = w["batdeath1"].astype(float).fillna(0) + w["batdeath2"].astype(float).fillna(0)
    w = w.sort_values(["ccode1", "ccode2", "year", "cowinteronset", "_deaths", "warnum"],
                      ascending=[True, True, True, False, False, True])
    wars = w.drop_duplicates(["ccode1", "ccode2", "year"]).drop(columns="_deaths").reset_index(drop=True)
    i = read_rdata(ctx.path("cow_war_intra", "cow_war_intra.rda"))
    rows = []
    for side in ("a", "b"):
        s = pd.DataFrame({"ccode": pd.to_numeric(i[f"ccode{side}"], errors="coerce"),
                          "year": pd.to_numeric(i["year"], errors="coerce"),
                          "onset": pd.to_numeric(i["cowintraonset"], errors="coerce"),
                          "warnum": pd.to_numeric(i["warnum"], errors="coerce"),
                          "wartype": i["wartype"].astype(object)})
        rows.append(s[s["ccode"] > 0])  # -8: a non-state side (rebels)
    s = pd.concat(rows)
    state = (s.groupby(["ccode", "year"])
             .agg(cowintraonset=("onset", "max"), cowintraongoing=("warnum", "size"),
                  cowintra_warnums=("warnum", lambda x: ",".join(str(int(v)) for v in sorted(set(x)))))
             .reset_index())
    state["cowintraongoing"] = 1
    state = state.astype({"ccode": "int32", "year": "int32", "cowintraonset": "Int8", "cowintraongoing": "Int8"})
    return {"war_dyad_years": wars, "war_state_years": state}


def read_ucdp(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    cw = ctx.crosswalk
    u = read_rdata(ctx.path("ucdp_acd", "ucdp_acd.rda"))
    u["line"] = np.arange(1, len(u) + 1)
    year = pd.to_numeric(u["year"]).astype(int)
    ep_start = (pd.Timestamp("1970-01-01") + pd.to_timedelta(pd.to_numeric(u["start_date2"]), unit="D")).dt.year
    long = []
    for col, role in (("gwno_a", "primary"), ("gwno_b", "primary"), ("gwno_a_2nd", "secondary"),
                      ("gwno_b_2nd", "secondary")):
        g = pd.to_numeric(u[col], errors="coerce")
        ok = g.notna()
        codes = [cw.gw_to_cow(gv, y) for gv, y in zip(g[ok], year[ok])]
        long.append(pd.DataFrame({"conflict_id": u.loc[ok, "conflict_id"].astype(int), "year": year[ok],
                                  "gwcode": g[ok].astype(int), "ccode": codes, "side": col[5],
                                  "role": role, "type": u.loc[ok, "type_of_conflict"].astype(str),
                                  "intensity": pd.to_numeric(u.loc[ok, "intensity_level"]),
                                  "onset": (ep_start[ok] == year[ok]).astype(int), "line": u.loc[ok, "line"]}))
    long = pd.concat(long, ignore_index=True)
    bad = long[long["ccode"].isna()].drop_duplicates(["gwcode"])
    if len(bad):
        ctx.report_unmapped("ucdp_acd", "ucdp_acd.rda", bad.assign(value=bad["gwcode"]), "value",
                            "Gleditsch-Ward code with no COW state that year (isard crosswalk)", "line")
    long = long.dropna(subset=["ccode"]).astype({"ccode": int}).drop_duplicates(
        ["conflict_id", "year", "ccode", "side", "role"])
    prim = long[long["role"] == "primary"]
    types = {"intrastate": "ucdp_intrastate", "interstate": "ucdp_interstate", "II": "ucdp_ii",
             "extrasystemic": "ucdp_extrasystemic"}
    st = prim.groupby(["ccode", "year"]).agg(ucdpongoing=("conflict_id", "size"), ucdponset=("onset", "max"),
                                               ucdp_maxintensity=("intensity", "max"),
                                               ucdp_conflicts=("conflict_id", "nunique")).reset_index()
    st["ucdpongoing"] = 1
    for t, c in types.items():
        has = prim[prim["type"] == t][["ccode", "year"]].drop_duplicates().assign(**{c: 1})
        st = st.merge(has, on=["ccode", "year"], how="left")
    sec = long[long["role"] == "secondary"][["ccode", "year"]].drop_duplicates().assign(ucdp_secondary=1)
    st = st.merge(sec, on=["ccode", "year"], how="outer")
    for c in ["ucdpongoing", "ucdponset", "ucdp_conflicts", "ucdp_secondary", *types.values()]:
        st[c] = st[c].fillna(0).astype("Int16")
    st = st.astype({"ccode": "int32", "year": "int32"}).sort_values(["ccode", "year"], ignore_index=True)
    # Opposed pairs: a state on side A and a state on side B of the same conflict-year.
    a = long[long["side"] == "a"][["conflict_id", "year", "ccode"]]
    b = long[long["side"] == "b"][["conflict_id", "year", "ccode"]]
    pair = a.merge(b, on=["conflict_id", "year"], suffixes=("1", "2"))
    pair = pair[pair["ccode1"] != pair["ccode2"]]
    both = pd.concat([pair, pair.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})], ignore_index=True)
    dy = (both.groupby(["ccode1", "ccode2", "year"]).agg(ucdp_opposed=("conflict_id", "nunique"),
                                                          ucdp_conflict_ids=("conflict_id", lambda x: ",".join(map(str, sorted(set(x))))))
          .reset_index().astype({"ccode1": "int32", "ccode2": "int32", "year": "int32"}))
    on = read_rdata(ctx.path("ucdp_onsets", "ucdp_onsets.rda"))
    on["ccode"] = [cw.gw_to_cow(g, y) for g, y in zip(on["gwcode"], on["year"])]
    bad = on[on["ccode"].isna()].drop_duplicates("gwcode")
    if len(bad):
        ctx.report_unmapped("ucdp_onsets", "ucdp_onsets.rda", bad, "gwcode",
                            "Gleditsch-Ward code with no COW state that year (isard crosswalk)")
    on = on.dropna(subset=["ccode"])
    onsets = pd.DataFrame({"ccode": on["ccode"].astype("int32"), "year": on["year"].astype("int32"),
                           **{c: pd.to_numeric(on[c]).astype("Int16") for c in
                              ["sumnewconf", "sumonset1", "sumonset2", "sumonset3", "sumonset5", "sumonset10"]}})
    # GW 345 (Yugoslavia to 2006) and GW 340 (Serbia from 2006) are both COW 345 in 2006: one
    # row per COW state-year, the larger count of the two (they describe the same state).
    dup = onsets.duplicated(["ccode", "year"], keep=False)
    if dup.any():
        ctx.unmapped.append({"source": "ucdp_onsets", "file": "ucdp_onsets.rda", "line": None,
                             "value": ", ".join(sorted({f"{c}:{y}" for c, y in zip(onsets.loc[dup, "ccode"], onsets.loc[dup, "year"])})),
                             "reason": "two Gleditsch-Ward units map to one COW state-year: kept the larger count",
                             "row": f"{int(dup.sum())} rows"})
        onsets = onsets.groupby(["ccode", "year"], as_index=False).max()
    onsets = sorted_unique(onsets, ["ccode", "year"], "ucdp_onsets.rda")
    cy = (pd.DataFrame({"conflict_id": u["conflict_id"].astype("int32"), "year": year.astype("int32"),
                        "type": u["type_of_conflict"].astype(str), "incompatibility": u["incompatibility"].astype(str),
                        "intensity": pd.to_numeric(u["intensity_level"]).astype("int8"), "onset": (ep_start == year).astype("int8")})
          .groupby(["conflict_id", "year"], as_index=False)
          .agg(type=("type", "first"), incompatibility=("incompatibility", "first"), intensity=("intensity", "max"),
               onset=("onset", "max")))
    return {"ucdp_conflict_years": cy, "ucdp_state_years": st, "ucdp_dyad_years": dy, "ucdp_onset_years": onsets}


def _expand(spells: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Spells (ccode1, ccode2, start, end, …) → directed dyad-years in [first, last], both orders."""
    s = spells.copy()
    s["start"] = s["start"].clip(lower=first)
    s["end"] = s["end"].clip(upper=last)
    s = s[s["start"] <= s["end"]]
    n = (s["end"] - s["start"] + 1).astype(int)
    rep = s.loc[s.index.repeat(n)].copy()
    rep["year"] = (rep["start"] + rep.groupby(level=0).cumcount()).astype(int)
    rev = rep.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    return pd.concat([rep, rev], ignore_index=True).drop(columns=["start", "end"])


def read_rivalries(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    t = read_rdata(ctx.path("tss_rivalries", "tss_rivalries.rda"))
    tss = pd.DataFrame({"tssr_id": pd.to_numeric(t["tssr_id"]).astype("int32"), "name": t["rivalry"].astype(str),
                        "ccode1": pd.to_numeric(t["ccode1"]).astype("int32"), "ccode2": pd.to_numeric(t["ccode2"]).astype("int32"),
                        "start": pd.to_numeric(t["start"]).astype("int32"), "end": pd.to_numeric(t["end"]).astype("int32"),
                        **{c: pd.to_numeric(t[c]).fillna(0).astype("Int8") for c in
                           ["positional", "spatial", "ideological", "interventionary", "principal", "aprin"]}})
    td = read_rdata(ctx.path("ps_misc", "td_rivalries.rda"))
    tdd = pd.DataFrame({"ccode1": pd.to_numeric(td["ccode1"]).astype(int), "ccode2": pd.to_numeric(td["ccode2"]).astype(int),
                        "start": pd.to_numeric(td["styear"]).astype(int), "end": pd.to_numeric(td["endyear"]).astype(int),
                        "td_rivalry": 1, "td_type": [",".join(v for v in r if isinstance(v, str)) for r in
                                                     td[["type1", "type2", "type3"]].itertuples(index=False)],
                        "td_id": pd.to_numeric(td["rivalryno"]).astype(int)})
    e_td = _expand(tdd, 1816, 2010).drop_duplicates(["ccode1", "ccode2", "year"])
    e_tss = _expand(tss.drop(columns=["name"]).rename(columns={"tssr_id": "tss_id"}).assign(tss_rivalry=1), 1816, 2020)
    e_tss = e_tss.rename(columns={c: f"tss_{c}" for c in ["positional", "spatial", "ideological", "interventionary",
                                                           "principal", "aprin"]})
    e_tss = e_tss.sort_values("tss_principal", ascending=False).drop_duplicates(["ccode1", "ccode2", "year"])
    dy = e_td.merge(e_tss, on=["ccode1", "ccode2", "year"], how="outer")
    dy["td_rivalry"] = dy["td_rivalry"].fillna(0).astype("Int8")
    dy["tss_rivalry"] = dy["tss_rivalry"].fillna(0).astype("Int8")
    dy = dy.astype({"ccode1": "int32", "ccode2": "int32", "year": "int32"})
    return {"tss_rivalries": tss, "rivalry_dyad_years": sorted_unique(dy, ["ccode1", "ccode2", "year"], "rivalries")}


def read_threat(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    t = read_rdata(ctx.path("terrthreat", "terrthreat.rda"))
    out = pd.DataFrame({"ccode": pd.to_numeric(t["ccode"]).astype("int32"), "year": pd.to_numeric(t["year"]).astype("int32"),
                        **{c: pd.to_numeric(t[c]) for c in ["lterrthreat", "sd", "lwr", "upr", "m_lterrthreat", "m_sd",
                                                            "m_lwr", "m_upr"]}})
    return {"territorial_threat": sorted_unique(out, ["ccode", "year"], "terrthreat.rda")}


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """MIDs, wars, UCDP conflict, rivalries and territorial threat."""
    out: dict[str, pd.DataFrame] = {}
    for f in (read_mids, read_wars, read_ucdp, read_rivalries, read_threat):
        out.update(f(ctx))
    return out
