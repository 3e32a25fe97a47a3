"""SIPRI Arms Transfers: the trade register (deals) and the TIV tables (imports/exports per year).

Tables
------
arms_deals : one row per deal — ``line``, ``recipient``, ``supplier`` (SIPRI names),
    ``recipient_ccode``, ``supplier_ccode``, ``order_year``, ``weapon``, ``description``,
    ``n_ordered``, ``n_delivered``, ``delivery_years`` (list as SIPRI writes it), ``status``,
    ``tiv_delivered`` (millions of SIPRI TIV).
arms_trade : ``ccode``, ``year``, ``tiv_imports``, ``tiv_exports`` (millions of TIV, from SIPRI's
    TIV tables, 1950–2022; an empty cell = no deliveries = 0 within coverage).
ties (layer ``arms``) : supplier → recipient per delivery year, weight = TIV delivered that year
    (a deal's delivered TIV spread evenly over its delivery years: SIPRI does not split it).

TIVs measure the volume of military capability transferred, not financial value. Suppliers and
recipients that are not states ("NATO**", rebel groups "*", "unknown supplier(s)") and the two
deals SIPRI's export splits over two lines are reported in ``unmapped``.
"""
from __future__ import annotations

import csv
import re

import numpy as np
import pandas as pd

from latticework.errors import MalformedSource
from latticework.sources.context import BuildContext

SOURCES = ["sipri_arms"]
REGISTER_END = 2023
TIV_END = 2022


def _years(text) -> list[int]:
    return [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", str(text))]


def read_register(ctx: BuildContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deals and supplier→recipient yearly ties."""
    path = ctx.path("sipri_arms", "sipri-full-rows.csv")
    try:
        d = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as exc:
        raise MalformedSource(f"{path}: cannot be read as CSV ({exc})", "fetch the file again") from exc
    if d.columns[0] != "Recipient" or "SIPRI TIV of delivered weapons" not in d.columns:
        raise MalformedSource(f"{path}: header is not SIPRI's trade-register header", "fetch the file again")
    d["line"] = np.arange(2, len(d) + 2)
    broken = d[d["Recipient"].str.strip().eq("")]
    if len(broken):
        ctx.report_unmapped("sipri_arms", path.name, broken, "Supplier",
                            "continuation line of a deal split over two lines in SIPRI's export", "line")
    d = d[d["Recipient"].str.strip().ne("")]
    cw = ctx.crosswalk
    d["order_year"] = pd.to_numeric(d["Year of order"], errors="coerce").astype("Int32")
    yr = d["order_year"].fillna(2000).astype(int)
    d["recipient_ccode"] = pd.array([cw.to_cow(n, y) for n, y in zip(d["Recipient"], yr)], dtype="Int32")
    d["supplier_ccode"] = pd.array([cw.to_cow(n, y) for n, y in zip(d["Supplier"], yr)], dtype="Int32")
    for role in ("Recipient", "Supplier"):
        bad = d[d[f"{role.lower()}_ccode"].isna()].drop_duplicates(role)
        if len(bad):
            ctx.report_unmapped("sipri_arms", path.name, bad[[role, "line"]], role,
                                f"SIPRI {role.lower()} is not a state with a COW code", "line")
    deals = pd.DataFrame({
        "line": d["line"].astype("int32"), "recipient": d["Recipient"], "supplier": d["Supplier"],
        "recipient_ccode": d["recipient_ccode"], "supplier_ccode": d["supplier_ccode"],
        "order_year": d["order_year"], "weapon": d["Weapon designation"], "description": d["Weapon description"],
        "n_ordered": pd.to_numeric(d["Number ordered"], errors="coerce"),
        "n_delivered": pd.to_numeric(d["Number delivered"], errors="coerce"),
        "delivery_years": d["Year(s) of delivery"], "status": d["status"],
        "tiv_delivered": pd.to_numeric(d["SIPRI TIV of delivered weapons"], errors="coerce")})
    rows = []
    ok = deals.dropna(subset=["recipient_ccode", "supplier_ccode", "tiv_delivered"])
    for r in ok.itertuples():
        ys = _years(r.delivery_years)
        if not ys or r.tiv_delivered <= 0:
            continue
        share = r.tiv_delivered / len(ys)
        for y in ys:
            rows.append((int(r.supplier_ccode), int(r.recipient_ccode), y, share, r.line))
    t = pd.DataFrame(rows, columns=["a", "b", "year", "tiv", "line"])
    agg = t.groupby(["a", "b", "year"]).agg(weight=("tiv", "sum"), n=("line", "size")).reset_index()
    ties = pd.DataFrame({"layer": "arms", "a": agg["a"], "b": agg["b"], "directed": True,
                         "start_year": agg["year"], "end_year": agg["year"], "weight": agg["weight"],
                         "unit": "TIV m", "attributes": None, "source": "sipri_arms",
                         "source_ref": "deals:" + agg["n"].astype(str),
                         "coverage_end": REGISTER_END, "open_at_coverage_end": False})
    return deals, ties


def _tiv_table(path, column: str, ctx: BuildContext) -> pd.DataFrame:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    hdr_i = next((i for i, r in enumerate(rows) if len(r) > 2 and r[1].strip() == "1950"), None)
    if hdr_i is None:
        raise MalformedSource(f"{path}: no header row with years 1950…", "fetch SIPRI's TIV table again")
    header = rows[hdr_i]
    years = {j: int(h) for j, h in enumerate(header) if h.strip().isdigit()}
    out, bad = [], []
    for i, r in enumerate(rows[hdr_i + 1:], start=hdr_i + 2):
        if not r or not r[0].strip() or r[0].strip() == "Total":
            continue
        name = r[0].strip()
        for j, y in years.items():
            v = r[j].strip() if j < len(r) else ""
            code = ctx.crosswalk.to_cow(name, y)
            if code is None:
                if v:
                    bad.append({"name": name, "year": y, "value": float(v), "line": i})
                continue
            out.append((code, y, float(v) if v else 0.0))
    if bad:
        ctx.report_unmapped_values("sipri_arms", path.name, pd.DataFrame(bad),
                                   "TIV deliveries for an entity that is not a COW state that year")
    df = pd.DataFrame(out, columns=["ccode", "year", column])
    return df.groupby(["ccode", "year"], as_index=False)[column].sum()


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Deals, TIV imports/exports per state-year, and arms ties."""
    deals, ties = read_register(ctx)
    imp = _tiv_table(ctx.path("sipri_arms", "TIV-Import-All-Country-1950-2022.csv"), "tiv_imports", ctx)
    exp = _tiv_table(ctx.path("sipri_arms", "TIV-Export-All-Country-1950-2022.csv"), "tiv_exports", ctx)
    trade = imp.merge(exp, on=["ccode", "year"], how="outer")
    trade[["ccode", "year"]] = trade[["ccode", "year"]].astype("int32")
    return {"arms_deals": deals, "arms_trade": trade, "ties": ties}
