"""Economic weight and activism per state-year: WDI, COW trade, COW IGOs, SDP/GDP, ODA.

Table ``economy`` (``ccode``, ``year``):

=====================  ===================================================================
column                 definition, unit, source
=====================  ===================================================================
trade_gdp_pct          trade (exports + imports) as % of GDP, WDI NE.TRD.GNFS.ZS as
                       published (never recomputed from the other files: three releases)
gdp_usd                GDP, current US$ (WDI NY.GDP.MKTP.CD)
exports_usd            exports of goods and services, current US$ (WDI NE.EXP.GNFS.CD)
imports_usd            imports of goods and services, current US$ (WDI NE.IMP.GNFS.CD)
cow_imports_musd       COW Trade 4.0 total imports, US$ millions current (to 2014)
cow_exports_musd       COW Trade 4.0 total exports, US$ millions current (to 2014)
igo_full               COW IGO 3.0: full memberships in intergovernmental organizations
sdp_gdp_log            Anders–Fariss–Markowitz GDP estimate, log of 2011 US$
oda_constant_usd_m     ODA provided (DAC donors), US$ millions, constant prices (ONE/OECD)
oda_gni_pct            ODA as % of GNI (ONE/OECD)
=====================  ===================================================================

WDI aggregates (regions, income groups) and ODA totals ("DAC countries", "EU Institutions") are
not states and are reported in ``unmapped``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from latticework.errors import MalformedSource
from latticework.sources.context import BuildContext, read_rdata

SOURCES = ["wdi", "cow_trade", "cow_igo", "sdp_gdp", "oda_one"]
_WDI = {"NE.TRD.GNFS.ZS": "trade_gdp_pct", "NY.GDP.MKTP.CD": "gdp_usd",
        "NE.EXP.GNFS.CD": "exports_usd", "NE.IMP.GNFS.CD": "imports_usd"}


def read_wdi_file(path, ctx: BuildContext) -> tuple[str, pd.DataFrame]:
    """One WDI per-indicator CSV (four preamble lines) as (indicator code, long frame)."""
    try:
        d = pd.read_csv(path, skiprows=4, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    except Exception as exc:
        raise MalformedSource(f"{path}: not a WDI indicator CSV ({exc})", "fetch the file again") from exc
    if "Indicator Code" not in d.columns or "Country Code" not in d.columns:
        raise MalformedSource(f"{path}: no 'Country Code'/'Indicator Code' columns after the preamble",
                              "fetch the WDI file again")
    code = str(d["Indicator Code"].iloc[0])
    d["_line"] = np.arange(6, len(d) + 6)
    d["ccode"] = [ctx.crosswalk.iso3_to_cow(c) for c in d["Country Code"]]
    bad = d[d["ccode"].isna()]
    if len(bad):
        ctx.report_unmapped("wdi", path.name, bad[["Country Name", "Country Code", "_line"]], "Country Code",
                            "WDI economy is an aggregate or has no COW code", "_line")
    years = [c for c in d.columns if str(c).isdigit()]
    long = d[d["ccode"].notna()].melt(id_vars=["ccode"], value_vars=years, var_name="year", value_name="v")
    long = long.dropna(subset=["v"])
    long["year"] = long["year"].astype(int)
    long["ccode"] = long["ccode"].astype(int)
    # Germany etc.: ISO3 maps to today's COW code; years before 1990 belong to the same series.
    return code, long.groupby(["ccode", "year"], as_index=False)["v"].first()


def read_oda(ctx: BuildContext) -> pd.DataFrame:
    """ODA volume and ODA/GNI per DAC donor (names, no codes)."""
    path = ctx.path("oda_one", "oda_gni_ts.csv")
    d = pd.read_csv(path)
    need = ["name", "year", "ODA (left-axis)", "ODA/GNI (right-axis)"]
    if list(d.columns[:4]) != need:
        raise MalformedSource(f"{path}: columns {list(d.columns)} are not {need}", "fetch the file again")
    d["_line"] = np.arange(2, len(d) + 2)
    d["ccode"] = [ctx.crosswalk.to_cow(n, y) for n, y in zip(d["name"], d["year"])]
    bad = d[d["ccode"].isna()].drop_duplicates("name")
    if len(bad):
        ctx.report_unmapped("oda_one", path.name, bad[["name", "_line"]], "name",
                            "ODA row is a group of donors, not a state", "_line")
    d = d[d["ccode"].notna()]
    return pd.DataFrame({"ccode": d["ccode"].astype(int), "year": d["year"].astype(int),
                         "oda_constant_usd_m": d["ODA (left-axis)"].astype(float),
                         "oda_gni_pct": d["ODA/GNI (right-axis)"].astype(float)})


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """The ``economy`` table, one row per state-year any source covers."""
    frames = []
    reg = ctx.registry["wdi"]
    for f in reg.files:
        code, long = read_wdi_file(ctx.path("wdi", f.path), ctx)
        if code not in _WDI:
            raise MalformedSource(f"{f.path}: unexpected indicator {code}", f"expected one of {list(_WDI)}")
        frames.append(long.rename(columns={"v": _WDI[code]}))
    tr = read_rdata(ctx.path("cow_trade", "cow_trade_sy.rda")).replace(-9, np.nan)
    frames.append(pd.DataFrame({"ccode": tr["ccode"].astype(int), "year": tr["year"].astype(int),
                                "cow_imports_musd": tr["imports"], "cow_exports_musd": tr["exports"]}))
    igo = read_rdata(ctx.path("cow_igo", "cow_igo_sy.rda"))
    frames.append(pd.DataFrame({"ccode": igo["ccode"].astype(int), "year": igo["year"].astype(int),
                                "igo_full": igo["sum_igo_full"].astype(float)}))
    sdp = read_rdata(ctx.path("sdp_gdp", "cow_sdp_gdp.rda"))
    frames.append(pd.DataFrame({"ccode": sdp["ccode"].astype(int), "year": sdp["year"].astype(int),
                                "sdp_gdp_log": sdp["wbgdp2011est"].astype(float)}))
    frames.append(read_oda(ctx))
    out = frames[0]
    for f in frames[1:]:
        out = out.merge(f, on=["ccode", "year"], how="outer")
    out[["ccode", "year"]] = out[["ccode", "year"]].astype("int32")
    igo_ndy = read_rdata(ctx.path("cow_igo", "cow_igo_ndy.rda"))
    igo_dy = pd.DataFrame({"ccode1": igo_ndy["ccode1"].astype("int16"), "ccode2": igo_ndy["ccode2"].astype("int16"),
                           "year": igo_ndy["year"].astype("int16"), "shared_igos": igo_ndy["dyadigos"].astype("float32")})
    return {"economy": out.sort_values(["ccode", "year"]).reset_index(drop=True), "igo_dyad_years": igo_dy}
