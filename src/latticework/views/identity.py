"""What the identity rule did to each source: rows remapped to another COW code, rows kept that
are not COW members that year (read from the store's ``identity_report`` table)."""
from __future__ import annotations

import pandas as pd

__all__ = ["identity_report", "identity_summary"]


def identity_report(db, source: str | None = None) -> pd.DataFrame:
    """The build's identity report: one row per (table, column, code, status).

    Columns: ``table``, ``source``, ``column``, ``code`` (as the source wrote it), ``member``
    (the COW code stored), ``first_year``, ``last_year``, ``rows``, ``status`` ("remapped: …",
    "not a COW member that year", "merged: …"). Empty for a store built before this table existed.

    Parameters
    ----------
    db : Store
    source : str, optional
        Keep only the rows of this registry source, compared as stored (a table fed by several
        sources is stored under their joined names, ``"wdi, cow_trade, cow_igo, sdp_gdp"``).

    Returns
    -------
    pandas.DataFrame
        The columns above; ``code`` and ``member`` are COW codes (-1 on ``merged`` rows), years
        are calendar years, ``rows`` a count of rows (tie-years for ``ties``). Sorted by source,
        table and descending ``rows``.
    """
    if "identity_report" not in db.table_names():
        return pd.DataFrame(columns=["table", "source", "column", "code", "member", "first_year",
                                     "last_year", "rows", "status"])
    if source is None:
        return db.sql("SELECT * FROM identity_report ORDER BY source, \"table\", rows DESC")
    return db.sql("SELECT * FROM identity_report WHERE source = ? ORDER BY \"table\", rows DESC", [source])


def identity_summary(db) -> pd.DataFrame:
    """Rows remapped and rows kept as non-members, per source (``source``, ``remapped``,
    ``not_member``, ``merged``); a source with none has no row.

    Parameters
    ----------
    db : Store

    Returns
    -------
    pandas.DataFrame
        One row per ``source`` as stored in the report, with ``remapped``, ``not_member`` and
        ``merged`` as integer counts of rows (tie-years for ties).
    """
    rep = identity_report(db)
    if rep.empty:
        return pd.DataFrame(columns=["source", "remapped", "not_member", "merged"])
    kind = rep["status"].str.split(":").str[0].map({"remapped": "remapped", "merged": "merged"}).fillna("not_member")
    out = rep.assign(kind=kind).pivot_table(index="source", columns="kind", values="rows", aggfunc="sum", fill_value=0)
    for c in ("remapped", "not_member", "merged"):
        if c not in out:
            out[c] = 0
    return out[["remapped", "not_member", "merged"]].astype(int).reset_index()
