"""Panels over the store: the unit of analysis first, then columns added without changing rows.

As in peacesciencer, a panel is built from a skeleton (state-years or directed dyad-years,
following COW's membership rule) and each dataset adds columns; adding data never changes the
row count. A year past a source's coverage has NULL values and a ``*_coverage`` column saying
``past coverage``, never 0.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from latticework.errors import UsageError

__all__ = ["capabilities", "ties", "state_years", "dyad_years", "events", "with_sources"]

COVERED, PAST = "covered", "past coverage"


def with_sources(df: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """Attach the registry sources a result used (read by ``lw.cite``)."""
    df.attrs["sources"] = sorted(set(df.attrs.get("sources", [])) | set(sources))
    return df


def _years(years, default=(1816, 2024)) -> tuple[int, int]:
    if years is None:
        return default
    if isinstance(years, int):
        return years, years
    if isinstance(years, range):
        return years.start, years.stop - 1
    years = list(years)
    if len(years) != 2 or years[0] > years[1]:
        raise UsageError(f"years={years!r}", "give a year, (first, last) or a range")
    return int(years[0]), int(years[1])


def capabilities(db, state, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Military capabilities of one state, one row per year from ``start`` to ``end``.

    Columns: ``year``, ``ccode``, ``iso3``; SIPRI ``milex_constant_usd`` (US$, constant 2023
    prices), ``milex_current_usd`` (US$, current prices), ``milex_gdp_share`` (fraction of GDP),
    ``milex_rank`` (world rank by current US$, 1 = largest), ``milex_source``; NMC ``cinc``
    (share of world capability, 0–1), ``milper`` (personnel), ``milex_nmc_usd`` (US$ current),
    ``tpop`` (population), ``cinc_source``; ``sipri_coverage`` / ``nmc_coverage``
    (``covered`` or ``past coverage``). Years with no row are kept with NULLs.
    """
    s = db.state(state)
    s0, s1 = db.coverage("sipri_milex")
    n0, n1 = db.coverage("cow_nmc")
    start = start if start is not None else 1946
    end = end if end is not None else db.latest_year
    if start > end:
        raise UsageError(f"start {start} is after end {end}", "give start <= end")
    df = db.sql("""
        SELECT y.year, ? AS ccode, c.milex_constant_usd_m * 1e6 AS milex_constant_usd,
               c.milex_current_usd_m * 1e6 AS milex_current_usd, c.milex_gdp_share, c.milex_rank,
               c.cinc, c.milper_k * 1000 AS milper, c.milex_nmc_kusd * 1000 AS milex_nmc_usd,
               c.tpop_k * 1000 AS tpop
        FROM range(?, ? + 1) y(year) LEFT JOIN capabilities c ON c.ccode = ? AND c.year = y.year
        ORDER BY y.year""", [s.ccode, start, end, s.ccode])
    df.insert(2, "iso3", s.iso3)
    sipri = f"SIPRI Military Expenditure Database ({db.sources.set_index('name').loc['sipri_milex', 'version']})"
    nmc = f"COW NMC {db.sources.set_index('name').loc['cow_nmc', 'version']}"
    df["milex_source"] = np.where(df["milex_constant_usd"].notna() | df["milex_current_usd"].notna(), sipri, None)
    df["cinc_source"] = np.where(df["cinc"].notna(), nmc, None)
    df["sipri_coverage"] = np.where(df["year"].between(s0, s1), COVERED, PAST)
    df["nmc_coverage"] = np.where(df["year"].between(n0, n1), COVERED, PAST)
    df["milex_rank"] = df["milex_rank"].astype("Int32")
    df.attrs["state"] = s.code
    return with_sources(df, ["sipri_milex", "cow_nmc", "cow_system", "countrycode"])


def _layer_list(layer) -> list[str] | None:
    if layer is None:
        return None
    return [layer] if isinstance(layer, str) else list(layer)


def ties(db, layer=None, year: int | None = None, state=None, carry_forward: bool = False) -> pd.DataFrame:
    """Ties, optionally only those of ``layer`` (a name or list), in force in ``year``, touching ``state``.

    A tie is in force in year *y* when ``start_year <= y`` and either ``end_year >= y`` or no end
    is recorded and *y* is within its source's coverage. With ``carry_forward``, a tie with no
    recorded end that its source shows still in force at the end of its coverage
    (``open_at_coverage_end``) is also returned for later years, flagged ``carried_forward``.
    """
    where, params = [], []
    layers = _layer_list(layer)
    if layers:
        where.append(f"layer IN ({','.join('?' * len(layers))})")
        params += layers
    if state is not None:
        s = db.state(state)
        where.append("(a = ? OR b = ?)")
        params += [s.ccode, s.ccode]
    cf = "FALSE"
    if year is not None:
        cf = ("(end_year IS NULL AND coverage_end IS NOT NULL AND ? > coverage_end AND open_at_coverage_end)"
              if carry_forward else "FALSE")
        cond = ("start_year <= ? AND (end_year >= ? OR (end_year IS NULL AND (coverage_end IS NULL OR ? <= coverage_end)))")
        where.append(f"({cond} OR {cf})" if carry_forward else cond)
        params += [year, year, year] + ([year] if carry_forward else [])
        cf_params = [year] if carry_forward else []
    else:
        cf_params = []
    sql = f"SELECT *, {cf} AS carried_forward FROM ties"
    if where:
        sql += " WHERE " + " AND ".join(where)
    df = db.sql(sql + " ORDER BY layer, a, b, start_year", cf_params + params)
    return with_sources(df, sorted(set(df["source"].dropna()) - {"ledger"}) or [])


def state_years(db, states=None, years=None, with_=("capabilities",)) -> pd.DataFrame:
    """State-year panel: every COW member in each year, with columns from ``with_``.

    ``with_`` items: ``capabilities`` (the capabilities table), ``economy`` (WDI, COW trade, IGOs,
    ODA), ``alignment`` (UN ideal points), ``troops`` (US troops hosted). Membership follows the
    COW directed dyad-year skeleton, so it runs to 2024.
    """
    y0, y1 = _years(years)
    sql = "SELECT DISTINCT ccode1 AS ccode, year FROM dyad_skeleton WHERE year BETWEEN ? AND ?"
    params: list = [y0, y1]
    if states is not None:
        codes = [db.state(s).ccode for s in ([states] if isinstance(states, (str, int)) else states)]
        sql += f" AND ccode1 IN ({','.join('?' * len(codes))})"
        params += codes
    base = f"SELECT k.ccode::INTEGER AS ccode, k.year::INTEGER AS year FROM ({sql}) k"
    joins, cols, srcs = [], [], ["cow_system"]
    tables = {"capabilities": ["sipri_milex", "cow_nmc"], "economy": ["wdi", "cow_trade", "cow_igo", "sdp_gdp", "oda_one"],
              "alignment": ["unga"], "troops": ["troopdata"]}
    for i, w in enumerate(with_ or ()):
        if w not in tables:
            raise UsageError(f"with_={w!r}", f"choose from {', '.join(tables)}")
        joins.append(f"LEFT JOIN {w} t{i} ON t{i}.ccode = k.ccode AND t{i}.year = k.year")
        cols.append(f"t{i}.* EXCLUDE (ccode, year)")
        srcs += tables[w]
    q = f"SELECT k.ccode::INTEGER AS ccode, k.year::INTEGER AS year{''.join(', ' + c for c in cols)} FROM ({sql}) k {' '.join(joins)} ORDER BY 1, 2"
    df = db.sql(q, params)
    return with_sources(df, srcs)


_NMC_COLS = {"cinc": "cinc", "milex": "milex_nmc_kusd", "milper": "milper_k", "tpop": "tpop_k"}


def dyad_years(db, directed: bool = True, years=None, with_=("alliances", "capabilities"), states=None) -> pd.DataFrame:
    """Directed (or non-directed) dyad-years with ATOP obligations and NMC for both sides.

    The skeleton is COW's directed dyad-years (both states members on a common day of the year),
    1816–2024; non-directed keeps ``ccode1 < ccode2``. ``alliances`` adds ``atop_defense``,
    ``atop_offense``, ``atop_neutral``, ``atop_nonagg``, ``atop_consul`` (1 = ccode1 has that
    obligation toward ccode2; 0 within ATOP's coverage 1815–2018; NULL after) and
    ``atop_coverage``. ``capabilities`` adds NMC ``cinc1``, ``cinc2``, ``milex1``, ``milex2``
    (thousands of current US$), ``milper1``, ``milper2`` (thousands), ``tpop1``, ``tpop2``
    (thousands) — NULL after NMC's last year (2022) — and ``nmc_coverage``.
    Adding columns never changes the row count (the peacesciencer invariant).
    """
    y0, y1 = _years(years)
    a0, a1 = db.coverage("atop_ddy")
    n0, n1 = db.coverage("cow_nmc")
    where = ["k.year BETWEEN ? AND ?"]
    params: list = [y0, y1]
    if not directed:
        where.append("k.ccode1 < k.ccode2")
    if states is not None:
        codes = [db.state(s).ccode for s in ([states] if isinstance(states, (str, int)) else states)]
        where.append(f"(k.ccode1 IN ({','.join('?' * len(codes))}) OR k.ccode2 IN ({','.join('?' * len(codes))}))")
        params += codes + codes
    sel = ["k.ccode1", "k.ccode2", "k.year"]
    joins = []
    srcs = ["cow_system"]
    with_ = tuple(with_ or ())
    for w in with_:
        if w not in ("alliances", "capabilities"):
            raise UsageError(f"with_={w!r}", "choose from alliances, capabilities")
    if "alliances" in with_:
        for o in ("defense", "offense", "neutral", "nonagg", "consul"):
            sel.append(f"CASE WHEN k.year BETWEEN {a0} AND {a1} THEN coalesce(al.atop_{o}, 0) END::TINYINT AS atop_{o}")
        joins.append("LEFT JOIN alliance_dyad_years al ON al.ccode1 = k.ccode1 AND al.ccode2 = k.ccode2 AND al.year = k.year")
        srcs.append("atop_ddy")
    if "capabilities" in with_:
        for side in ("1", "2"):
            for name, col in _NMC_COLS.items():
                sel.append(f"c{side}.{col} AS {name}{side}")
        joins.append("LEFT JOIN capabilities c1 ON c1.ccode = k.ccode1 AND c1.year = k.year")
        joins.append("LEFT JOIN capabilities c2 ON c2.ccode = k.ccode2 AND c2.year = k.year")
        srcs.append("cow_nmc")
    q = f"SELECT {', '.join(sel)} FROM dyad_skeleton k {' '.join(joins)} WHERE {' AND '.join(where)} ORDER BY k.ccode1, k.ccode2, k.year"
    with db._lock:
        cur = db.con.cursor()
        try:
            table = cur.sql(q, params=params).to_arrow_table()
        finally:
            cur.close()
    # Arrow-backed columns: no copy into NumPy, and integer columns keep their NULLs.
    df = table.to_pandas(types_mapper=pd.ArrowDtype)
    year = df["year"].to_numpy()
    if "alliances" in with_:
        df["atop_coverage"] = _coverage_flag(year, a0, a1)
    if "capabilities" in with_:
        df["nmc_coverage"] = _coverage_flag(year, n0, n1)
    return with_sources(df, srcs)


def _coverage_flag(year: np.ndarray, first: int, last: int) -> pd.Categorical:
    """'covered' inside a source's years, 'past coverage' outside (categorical: cheap at 2M rows)."""
    inside = (year >= first) & (year <= last)
    return pd.Categorical.from_codes(np.where(inside, 0, 1).astype("int8"), categories=[COVERED, PAST])


def events(db, actor=None, type=None, start=None, end=None) -> pd.DataFrame:
    """Ledger events, filtered by actor (any resolvable name or an organisation code), type, years."""
    where, params = [], []
    if actor is not None:
        code = str(actor).upper()
        if code not in {"NATO", "EU", "ASEAN", "QUAD", "AUKUS", "UN", "G7", "PIF", "CSTO", "SCO"}:
            code = db.state(actor).code
        where.append("list_contains(actors, ?)")
        params.append(code)
    if type is not None:
        where.append("type = ?")
        params.append(str(type).upper())
    if start is not None:
        where.append("year >= ?")
        params.append(int(start))
    if end is not None:
        where.append("year <= ?")
        params.append(int(end))
    if "event_id" not in [c for c in db.sql("SELECT * FROM events LIMIT 0").columns]:
        return pd.DataFrame()
    sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY date_start, event_id"
    return db.sql(sql, params)
