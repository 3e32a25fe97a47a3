"""Defense Cooperation Agreement Dataset (DCAD) v1.0: bilateral agreements signed 1980–2010.

Tables
------
dca_agreements : one row per agreement — ``dcaid``, ``a``, ``b`` (COW codes), ``sign_year``,
    ``eif_year`` (entry into force), ``type`` (general/sector), ``categories``, ``asymmetry``
    (DCAD's 0/1/2 code; see the DCAD codebook), ``terminated``, ``end_year_estimate``.
ties (layer ``dca``) : undirected, from entry into force (else signature) to DCAD's estimated end.
    DCAD's observation window closes in 2010: an agreement whose estimated end is 2010 and that
    is not recorded as terminated has no recorded end (``end_year`` NULL,
    ``open_at_coverage_end`` true, ``coverage_end`` 2010).

DCAD's negative numbers (-44 … -99) are its missing/special codes and become NULL.
"""
from __future__ import annotations

import json

import pandas as pd

from latticework.errors import MalformedSource
from latticework.sources.context import BuildContext

SOURCES = ["dcad"]
COVERAGE_END = 2010


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """DCAD agreements and their ties."""
    path = ctx.path("dcad", "DCAD-v1.0-main.csv")
    try:
        d = pd.read_csv(path, low_memory=False)
    except Exception as exc:
        raise MalformedSource(f"{path}: cannot be read as CSV ({exc})", "fetch the file again") from exc
    need = ["ccode1", "ccode2", "signYear", "EIFYear", "type", "terminated", "endYearEstimate", "asymmetry", "DCAid"]
    missing = [c for c in need if c not in d.columns]
    if missing:
        raise MalformedSource(f"{path}: missing columns {missing}", "fetch DCAD v1.0 again")
    num = lambda c: pd.to_numeric(d[c], errors="coerce").where(lambda s: s >= 0)
    cats = d[["category1", "category2", "category3"]].apply(
        lambda r: ",".join(str(v) for v in r if isinstance(v, str) and v.strip()), axis=1)
    agreements = pd.DataFrame({
        "dcaid": d["DCAid"].astype(str), "a": d["ccode1"].astype("int32"), "b": d["ccode2"].astype("int32"),
        "sign_year": num("signYear").astype("Int32"), "eif_year": num("EIFYear").astype("Int32"),
        "type": d["type"].astype(str), "categories": cats, "asymmetry": num("asymmetry").astype("Int8"),
        "terminated": num("terminated").astype("Int8"), "end_year_estimate": num("endYearEstimate").astype("Int32")})
    start = agreements["eif_year"].fillna(agreements["sign_year"])
    open_end = agreements["end_year_estimate"].eq(COVERAGE_END) & agreements["terminated"].fillna(0).eq(0)
    end = agreements["end_year_estimate"].mask(open_end)
    attrs = [json.dumps({"type": t, "categories": c, "asymmetry": None if pd.isna(s) else int(s)})
             for t, c, s in zip(agreements["type"], agreements["categories"], agreements["asymmetry"])]
    ties = pd.DataFrame({"layer": "dca", "a": agreements["a"], "b": agreements["b"], "directed": False,
                         "start_year": start.astype("Int32"), "end_year": end.astype("Int32"), "weight": 1.0,
                         "unit": "agreement", "attributes": attrs, "source": "dcad",
                         "source_ref": "dcad:" + agreements["dcaid"], "coverage_end": COVERAGE_END,
                         "open_at_coverage_end": open_end.fillna(False).astype(bool)})
    ties = ties[ties["start_year"].notna()]
    return {"dca_agreements": agreements, "ties": ties}
