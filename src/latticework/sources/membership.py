"""One state identity in every table: each stored row's code is the COW member of that year.

The rule (:meth:`Crosswalk.member_code` and :data:`CODE_SUCCESSIONS`) lives in
``sources/context.py``; this module applies it to every table the readers produce, in one
place, after all readers ran and before the store is written. For each table and code column:

* a (code, year) that is a COW member is kept;
* a code that stands for another member that year (260 → 255 after 1990, 678 → 679, 315 → 316,
  817 → 816, GW 340 → 345, and the reverse for years before) is remapped;
* anything else is kept as the source wrote it and listed, with its reason.

Every remap and every non-member is a row of the ``identity_report`` table (table, source,
column, code, member, first and last year, rows, status), which ``latticework data status``
sums per source. A remap that lands on a row the member already has (WDI's "DEU" 1960–89 and
COW trade's 260 in the ``economy`` table) is merged column by column, the member's own values
first. Multi-year ties that cross a boundary (a DCA signed by West Germany in 1985 and in
force after 1990) are split at the boundary year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from latticework.sources.context import CODE_SUCCESSIONS, Crosswalk

__all__ = ["STATE_YEAR_COLUMNS", "apply_membership", "REPORT_COLUMNS"]

#: Tables with a state code per row and the year it applies to: (code column, year column), and
#: the registry source the table comes from (for the per-source report).
STATE_YEAR_COLUMNS: dict[str, tuple[list[tuple[str, str]], str]] = {
    "capabilities": ([("ccode", "year")], "sipri_milex"),
    "troops": ([("ccode", "year")], "troopdata"),
    "exercises": ([("ccode", "year")], "troopdata"),
    "arms_trade": ([("ccode", "year")], "sipri_arms"),
    "arms_deals": ([("recipient_ccode", "order_year"), ("supplier_ccode", "order_year")], "sipri_arms"),
    "economy": ([("ccode", "year")], "wdi, cow_trade, cow_igo, sdp_gdp"),
    "alignment": ([("ccode", "year")], "unga"),
    "force_structure": ([("ccode", "year")], "rdmc"),
    "support_signals": ([("ccode", "year")], "mcmanus_nieman"),
    "dca_agreements": ([("a", "sign_year"), ("b", "sign_year")], "dcad"),
}
#: Tables keyed by (code, year) that must stay unique on that key after a remap.
_UNIQUE_KEYS = {"capabilities", "troops", "arms_trade", "economy", "alignment", "force_structure",
                "support_signals"}
REPORT_COLUMNS = ["table", "source", "column", "code", "member", "first_year", "last_year", "rows", "status"]
_RULE_CODES = {r[0] for r in CODE_SUCCESSIONS}


def _status_map(cw: Crosswalk, pairs: pd.DataFrame) -> pd.DataFrame:
    """(code, year) → member code and status, for the distinct pairs given."""
    out = [(c, y, *cw.member_code(c, y)) for c, y in zip(pairs["code"], pairs["year"])]
    return pd.DataFrame(out, columns=["code", "year", "member", "status"])


def _remap_columns(df: pd.DataFrame, cols: list[tuple[str, str]], cw: Crosswalk, table: str,
                   source: str, report: list[dict]) -> pd.DataFrame:
    df = df.copy()
    for code_col, year_col in cols:
        if code_col not in df or year_col not in df:
            continue
        ok = df[code_col].notna() & df[year_col].notna()
        if not ok.any():
            continue
        pairs = (pd.DataFrame({"code": df.loc[ok, code_col].astype(int), "year": df.loc[ok, year_col].astype(int)})
                 .drop_duplicates())
        st = _status_map(cw, pairs)
        st = st[st["status"] != "member"]
        if st.empty:
            continue
        key = pd.MultiIndex.from_arrays([df[code_col].fillna(-1).astype(int), df[year_col].fillna(-1).astype(int)])
        lookup = st.set_index(["code", "year"])
        hit = key.isin(lookup.index)
        counts = pd.Series(1, index=key[hit]).groupby(level=[0, 1]).size()
        for (code, status, member), g in st.groupby(["code", "status", "member"]):
            n = int(sum(counts.get((code, y), 0) for y in g["year"]))
            if n:
                report.append({"table": table, "source": source, "column": code_col, "code": int(code),
                               "member": int(member), "first_year": int(g["year"].min()),
                               "last_year": int(g["year"].max()), "rows": n, "status": status})
        remap = st[st["status"].str.startswith("remapped")].set_index(["code", "year"])["member"]
        if len(remap):
            new = np.array([remap.get(k, -1) for k in key], dtype=np.int64)
            vals = df[code_col].to_numpy(dtype=object, copy=True)
            vals[new >= 0] = new[new >= 0]
            df[code_col] = pd.array(vals, dtype=df[code_col].dtype)
    return df


def _merge_collisions(df: pd.DataFrame, table: str, source: str, original: pd.Series,
                      report: list[dict]) -> pd.DataFrame:
    """Merge rows that now share (ccode, year): the member's own row first, then the remapped one."""
    dup = df.duplicated(["ccode", "year"], keep=False)
    if not dup.any():
        return df
    df = df.assign(_own=(original == df["ccode"]).astype(int))
    both = df[dup].sort_values("_own", ascending=False)
    merged = both.groupby(["ccode", "year"], as_index=False, sort=False).first()
    report.append({"table": table, "source": source, "column": "ccode", "code": -1, "member": -1,
                   "first_year": int(both["year"].min()), "last_year": int(both["year"].max()),
                   "rows": int(len(both) - len(merged)),
                   "status": "merged: a remapped row and the member's own row for the same year "
                             "(values taken column by column, the member's own first)"})
    out = pd.concat([df[~dup], merged], ignore_index=True).drop(columns="_own")
    return out.sort_values(["ccode", "year"], kind="stable", ignore_index=True)


def _split_ties(ties: pd.DataFrame, cw: Crosswalk, report: list[dict]) -> pd.DataFrame:
    """Remap tie endpoints by year; a multi-year tie that crosses a code's boundary is split."""
    ties = ties.assign(_order=np.arange(len(ties), dtype=float))
    cand = ties["a"].isin(_RULE_CODES) | ties["b"].isin(_RULE_CODES)
    if not cand.any():
        return ties.drop(columns="_order")
    rows, tally = [], {}
    for r in ties[cand].to_dict("records"):
        last = r["end_year"] if pd.notna(r["end_year"]) else (r["coverage_end"] if pd.notna(r["coverage_end"]) else r["start_year"])
        segs: list[tuple[int, int, int, int]] = []
        for y in range(int(r["start_year"]), int(max(last, r["start_year"])) + 1):
            a, sa = cw.member_code(r["a"], y)
            b, sb = cw.member_code(r["b"], y)
            for code, member, s in ((r["a"], a, sa), (r["b"], b, sb)):
                if s != "member":
                    k = (r["source"], int(code), int(member), s)
                    lo, hi, n = tally.get(k, (y, y, 0))
                    tally[k] = (min(lo, y), max(hi, y), n + 1)
            if segs and segs[-1][2:] == (a, b):
                segs[-1] = (segs[-1][0], y, a, b)
            else:
                segs.append((y, y, a, b))
        for i, (y0, y1, a, b) in enumerate(segs):
            seg = dict(r, a=a, b=b, _order=r["_order"] + i / (len(segs) + 1))
            if len(segs) > 1:
                seg["start_year"] = y0
                if i < len(segs) - 1 or pd.notna(r["end_year"]):
                    seg["end_year"] = y1 if i < len(segs) - 1 else r["end_year"]
                if i > 0:
                    seg["start_date"] = pd.NaT
                if i < len(segs) - 1:
                    seg["end_date"] = pd.NaT
                    seg["open_at_coverage_end"] = False
            rows.append(seg)
    for (source, code, member, s), (lo, hi, n) in tally.items():
        report.append({"table": "ties", "source": source or "ledger", "column": "a/b", "code": code,
                       "member": member, "first_year": lo, "last_year": hi, "rows": n, "status": s})
    fixed = pd.DataFrame(rows, columns=ties.columns).astype(ties.dtypes.to_dict())
    out = pd.concat([ties[~cand], fixed], ignore_index=True).sort_values("_order", kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def apply_membership(tables: dict[str, pd.DataFrame], cw: Crosswalk) -> pd.DataFrame:
    """Remap every table's state codes to the COW member of that year, in place; return the report.

    The report has one row per (table, column, code, status) with the rows affected and the
    years; ``status`` is "remapped: …", "not a COW member that year" or "merged: …".

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        The build's tables by name. The tables of :data:`STATE_YEAR_COLUMNS` have their code
        columns (COW codes) remapped by year; those keyed by (``ccode``, ``year``) have rows that
        now collide merged; ``ties`` (COW codes ``a``, ``b`` with ``start_year``, ``end_year``,
        ``coverage_end``) has endpoints remapped year by year and is split where a code changes,
        then gets a new ``tie_id`` from 1. The dict's entries are replaced with the new frames;
        other tables are left alone.
    cw : Crosswalk
        The build's crosswalk; :meth:`Crosswalk.member_code` decides each (code, year).

    Returns
    -------
    pandas.DataFrame
        The ``identity_report`` table, :data:`REPORT_COLUMNS`: ``table``, ``source`` (registry
        name(s); for ties, the tie's ``source``), ``column`` (``"a/b"`` for ties), ``code`` and
        ``member`` (COW codes; -1 on a ``merged`` row), ``first_year`` and ``last_year`` (years),
        ``rows`` (count of rows affected; for ties, tie-years) and ``status``. Only ties touching
        a code with a succession rule are looked at, so other non-member codes in ``ties`` are
        not listed.
    """
    report: list[dict] = []
    for table, (cols, source) in STATE_YEAR_COLUMNS.items():
        if table not in tables or tables[table].empty:
            continue
        df = tables[table]
        original = df[cols[0][0]].copy()
        df = _remap_columns(df, cols, cw, table, source, report)
        if table in _UNIQUE_KEYS:
            df = _merge_collisions(df, table, source, original.reindex(df.index), report)
        tables[table] = df
    if "ties" in tables and len(tables["ties"]):
        ties = tables["ties"]
        ties = _split_ties(ties.drop(columns="tie_id", errors="ignore"), cw, report)
        ties.insert(0, "tie_id", np.arange(1, len(ties) + 1))
        tables["ties"] = ties
    return pd.DataFrame(report, columns=REPORT_COLUMNS)
