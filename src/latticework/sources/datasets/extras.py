"""Force structure (rDMC), major-power support signals (McManus & Nieman), rivalries.

Tables
------
force_structure : rDMC v1 wide — ``ccode``, ``year`` and 69 equipment categories (inventory
    counts; NULL = not recorded), 1970–2014.
support_signals : McManus & Nieman signals per protégé-year — ``ccode``, ``year`` and, for the
    US (``us_*``) and other major powers, pact, troops, arms, visits, joint exercises, statements.
rivalries : Thompson & Dreyer strategic rivalries — ``ccode1``, ``ccode2``, ``styear``,
    ``endyear``, ``name``.
"""
from __future__ import annotations

import re

import pandas as pd

from latticework.errors import MalformedSource
from latticework.sources.context import BuildContext, read_rdata

SOURCES = ["rdmc", "mcmanus_nieman", "ps_misc"]


def _clean(col: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", col.lower()).strip("_")


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """force_structure, support_signals and rivalries."""
    r = read_rdata(ctx.path("rdmc", "rDMC_wide_v1.rds"), kind="rds")
    r = r.drop(columns=[c for c in ("country", "stateabb") if c in r.columns])
    r.columns = [_clean(c) for c in r.columns]
    r["ccode"] = r["ccode"].astype("int32")
    r["year"] = r["year"].astype("int32")
    path = ctx.path("mcmanus_nieman", "Individual Signals Dataset.csv")
    s = pd.read_csv(path, na_values=["NA", "."], low_memory=False)
    if not {"ccode", "year"} <= set(s.columns):
        raise MalformedSource(f"{path}: no ccode/year columns", "fetch the file again")
    s = s.drop(columns=[c for c in s.columns if c.startswith("yr") and c[2:].isdigit()] + ["ctry_yr", "country"],
               errors="ignore")
    s.columns = [_clean(c) for c in s.columns]
    s["ccode"] = s["ccode"].astype("int32")
    s["year"] = s["year"].astype("int32")
    riv = read_rdata(ctx.path("ps_misc", "td_rivalries.rda"))
    rivalries = pd.DataFrame({"ccode1": riv["ccode1"].astype("int32"), "ccode2": riv["ccode2"].astype("int32"),
                              "styear": riv["styear"].astype("int32"), "endyear": riv["endyear"].astype("Int32"),
                              "name": riv["rivalryname"].astype(str)})
    return {"force_structure": r, "support_signals": s, "rivalries": rivalries}
