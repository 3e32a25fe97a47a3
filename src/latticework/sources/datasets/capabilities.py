"""Capabilities per state-year: COW National Material Capabilities 7.0 and SIPRI military spending.

Table ``capabilities`` (one row per ``ccode``, ``year`` present in either source):

========================  ================================================================
column                    definition and unit
========================  ================================================================
milex_nmc_kusd            NMC military expenditure, thousands of current US$ (from 1914)
milper_k                  NMC military personnel, thousands
tpop_k                    NMC total population, thousands
cinc                      NMC Composite Index of National Capability, share of the system (0–1)
milex_constant_usd_m      SIPRI military expenditure, US$ millions at constant 2023 prices
milex_current_usd_m       SIPRI military expenditure, US$ millions at current prices
milex_gdp_share           SIPRI military expenditure as a fraction of GDP (0.0137 = 1.37 %)
milex_rank                world rank by SIPRI current US$ that year (1 = largest), as SIPRI ranks
========================  ================================================================

SIPRI markers ``...`` (unavailable) and ``xxx`` (state did not exist) become NULL. NMC's ``-9``
is NULL. Rows whose country name maps to no COW state are reported in ``unmapped``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from latticework.errors import MalformedSource
from latticework.sources.context import BuildContext, read_rdata

SOURCES = ["cow_nmc", "sipri_milex"]

_SHEETS = {"Constant (2023) US$": "milex_constant_usd_m", "Current US$": "milex_current_usd_m",
           "Share of GDP": "milex_gdp_share"}


def read_nmc(ctx: BuildContext) -> pd.DataFrame:
    """NMC 7.0 state-years with -9 recoded to NULL."""
    nmc = read_rdata(ctx.path("cow_nmc", "cow_nmc.rda")).replace(-9, np.nan)
    return pd.DataFrame({
        "ccode": nmc["ccode"].astype("int32"), "year": nmc["year"].astype("int32"),
        "milex_nmc_kusd": nmc["milex"].astype(float), "milper_k": nmc["milper"].astype(float),
        "tpop_k": nmc["tpop"].astype(float), "cinc": nmc["cinc"].astype(float)})


def _sipri_sheet(path, sheet: str, column: str, ctx: BuildContext) -> pd.DataFrame:
    raw = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object)
    hdr = raw.index[raw.iloc[:, 0].astype(str).str.strip().eq("Country")]
    if len(hdr) != 1:
        raise MalformedSource(f"{path} sheet {sheet!r}: no header row starting with 'Country'",
                              "the workbook is not SIPRI's 1949–2024 edition; fetch it again")
    h = hdr[0]
    header = raw.iloc[h].tolist()
    body = raw.iloc[h + 1:].copy()
    body.columns = header
    body["_line"] = body.index + 1  # 1-based spreadsheet row
    years = [c for c in header if isinstance(c, (int, float)) and not pd.isna(c) and 1940 < c < 2100]
    if not years:
        raise MalformedSource(f"{path} sheet {sheet!r}: no year columns in the header row",
                              "fetch SIPRI's workbook again")
    body = body[body["Country"].notna()]
    vals = body[years]
    heading = vals.isna().all(axis=1)  # region headings have no cells at all
    body = body[~heading]
    long = body.melt(id_vars=["Country", "_line"], value_vars=years, var_name="year", value_name="v")
    long["v"] = pd.to_numeric(long["v"].where(~long["v"].astype(str).str.strip().isin(["...", "xxx", ". .", ""])),
                              errors="coerce")
    long["year"] = long["year"].astype(int)
    long["ccode"] = [ctx.crosswalk.to_cow(n, y) for n, y in zip(long["Country"], long["year"])]
    bad = long[long["ccode"].isna()]
    if len(bad):
        ctx.report_unmapped_values("sipri_milex", f"{path.name} [{sheet}]",
                                   bad.rename(columns={"Country": "name", "v": "value", "_line": "line"}),
                                   "SIPRI figure for a country that is not a COW state that year")
    long = long[long["ccode"].notna()]
    # Two SIPRI rows share a COW code where COW sees continuity (USSR/Russia 365, Yugoslavia/
    # Serbia 345); SIPRI fills the other row with 0 or markers in those years, so keep the larger.
    out = long.groupby(["ccode", "year"], as_index=False)["v"].max()
    return out.rename(columns={"v": column})


def read_sipri(ctx: BuildContext) -> pd.DataFrame:
    """SIPRI constant and current US$ and share of GDP, with the world rank by current US$."""
    path = ctx.path("sipri_milex", ".xlsx")
    frames = [_sipri_sheet(path, s, c, ctx) for s, c in _SHEETS.items()]
    out = frames[0]
    for f in frames[1:]:
        out = out.merge(f, on=["ccode", "year"], how="outer")
    # SIPRI ranks states with a reported figure; a 0 cell is a placeholder, not a rank.
    spend = out["milex_current_usd_m"].where(out["milex_current_usd_m"] > 0)
    out["milex_rank"] = spend.groupby(out["year"]).rank(ascending=False, method="min").astype("Int32")
    out["ccode"] = out["ccode"].astype("int32")
    out["year"] = out["year"].astype("int32")
    return out


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """The ``capabilities`` table: NMC and SIPRI joined on state-year."""
    caps = read_nmc(ctx).merge(read_sipri(ctx), on=["ccode", "year"], how="outer")
    return {"capabilities": caps.sort_values(["ccode", "year"]).reset_index(drop=True)}
