"""Democracy, long-run GDP and population, and leaders (isard and peacesciencer builds).

Tables
------
democracy : per COW state-year 1816–2025 — ``euds`` (extended Unified Democracy Score, latent,
    mean 0), ``aeuds`` (the same, 0 = the average cut-point between democracy and autocracy),
    ``polity2`` (Polity5, −10 to 10), ``v2x_polyarchy`` (V-Dem v16 electoral democracy, 0–1).
gdp_pop : Fariss et al. (2022) simulated estimates per COW state-year 1816–2019 — ``gdp``
    (``pwtrgdp``: real GDP, millions of US$ at the Penn World Table's base prices), ``gdp_sd``,
    ``gdppc`` (``mrgdppc``: real GDP per person, US$ at the Maddison Project's base prices),
    ``gdppc_sd``, ``pop`` (``pwtpop``: millions of people), ``pop_sd``. Each value is the mean of
    the producer's simulations and ``*_sd`` its standard deviation.
leaders : Archigos 4.1 leader spells (``obsid``, ``leader``, ``gwcode``, ``ccode`` mapped from
    the Gleditsch–Ward code in the year the spell starts, ``start``, ``end`` dates, ``entry``,
    ``exit``, ``gender``, ``yrborn``) with LEAD's attributes where LEAD covers the leader
    (``leveledu``, ``milservice``, ``combat``, ``rebel``, ``warwin``, ``warloss``, ``rebelwin``,
    ``rebelloss``, ``yrsexper``, ``physhealth``, ``mentalhealth``).
leader_years : one row per leader and year in office, ``ccode`` mapped by that year, with
    ``days_in_office`` that year, ``tenure`` (whole years since entry at the end of that year's
    spell) and the LEAD attributes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from latticework.sources.context import BuildContext, read_rdata, sorted_unique

SOURCES = ["democracy", "fariss_gdppop", "archigos", "lead", "isard_system"]
_LEAD = ["leveledu", "milservice", "combat", "rebel", "warwin", "warloss", "rebelwin", "rebelloss",
         "yrsexper", "physhealth", "mentalhealth"]


def _state_year(df: pd.DataFrame, file: str) -> pd.DataFrame:
    df = df.assign(ccode=pd.to_numeric(df["ccode"]).astype("int32"), year=pd.to_numeric(df["year"]).astype("int32"))
    return sorted_unique(df, ["ccode", "year"], file)


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """democracy, gdp_pop, leaders and leader_years."""
    d = read_rdata(ctx.path("democracy", "cw_democracy.rda"))
    democracy = _state_year(d[["ccode", "year", "euds", "aeuds", "polity2", "v2x_polyarchy"]].copy(), "cw_democracy.rda")
    g = read_rdata(ctx.path("fariss_gdppop", "cw_gdppop.rda"))
    gdp = _state_year(pd.DataFrame({"ccode": g["ccode"], "year": g["year"], "gdp": g["pwtrgdp"], "gdp_sd": g["sd_pwtrgdp"],
                                    "gdppc": g["mrgdppc"], "gdppc_sd": g["sd_mrgdppc"], "pop": g["pwtpop"],
                                    "pop_sd": g["sd_pwtpop"]}), "cw_gdppop.rda")
    a = read_rdata(ctx.path("archigos", "archigos.rda"))
    lead = read_rdata(ctx.path("lead", "LEAD.rda"))
    base = pd.Timestamp("1970-01-01")
    leaders = pd.DataFrame({
        "obsid": a["obsid"].astype(str), "leader": a["leader"].astype(str),
        "gwcode": pd.to_numeric(a["gwcode"]).astype("int32"),
        "start": (base + pd.to_timedelta(pd.to_numeric(a["startdate"]), unit="D")),
        "end": (base + pd.to_timedelta(pd.to_numeric(a["enddate"]), unit="D")),
        "entry": a["entry"].astype(object), "exit": a["exit"].astype(object), "gender": a["gender"].astype(object),
        "yrborn": pd.to_numeric(a["yrborn"]).astype("Int32")})
    lead_t = pd.DataFrame({"obsid": lead["obsid"].astype(str), **{c: pd.to_numeric(lead[c]) for c in _LEAD}})
    leaders = leaders.merge(lead_t, on="obsid", how="left")
    cw = ctx.crosswalk
    leaders["ccode"] = pd.array([cw.gw_to_cow(gw, s.year) for gw, s in zip(leaders["gwcode"], leaders["start"])], dtype="Int32")
    # Leader-years: every calendar year a spell touches, mapped to COW by that year.
    years = [np.arange(s.year, e.year + 1) for s, e in zip(leaders["start"], leaders["end"])]
    idx = np.repeat(np.arange(len(leaders)), [len(y) for y in years])
    ly = leaders.iloc[idx].reset_index(drop=True)
    ly["year"] = np.concatenate(years).astype("int32")
    y0 = pd.to_datetime(ly["year"].astype(str) + "-01-01")
    y1 = pd.to_datetime(ly["year"].astype(str) + "-12-31")
    lo = ly["start"].where(ly["start"] > y0, y0)
    hi = ly["end"].where(ly["end"] < y1, y1)
    ly["days_in_office"] = ((hi - lo).dt.days + 1).astype("int32")
    ly["tenure"] = ((hi - ly["start"]).dt.days // 365.25).astype("int32")
    ly["ccode"] = pd.array([cw.gw_to_cow(gw, y) for gw, y in zip(ly["gwcode"], ly["year"])], dtype="Int32")
    bad = ly[ly["ccode"].isna()].drop_duplicates("gwcode")
    if len(bad):
        ctx.report_unmapped("archigos", "archigos.rda", bad, "gwcode",
                            "Gleditsch-Ward code with no COW state that year (leader-years kept with ccode NULL)")
    ly = ly.drop(columns=["gwcode"]).sort_values(["ccode", "year", "start"], ignore_index=True)
    return {"democracy": democracy, "gdp_pop": gdp, "leaders": leaders, "leader_years": ly}
