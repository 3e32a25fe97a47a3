"""Panel verbs beyond alliances and capabilities: conflict, rivalry, threat, regime, GDP, leaders.

Each verb names one store table and the columns it adds, the way peacesciencer's ``add_*``
functions do. A verb never changes the row count. Inside the source's coverage a dyad-year or
state-year with no row gets 0 in the verb's indicator columns (``gmlmidonset``, ``td_rivalry``,
``ucdpongoing``, …) and NULL in its attribute columns (``gml_hostlev``, …); outside the
coverage every column is NULL and ``<verb>_coverage`` says ``past coverage`` — never 0.

Dyad verbs join on (ccode1, ccode2, year) by position over the sorted skeleton (as the ATOP
columns do); state verbs add each side's state-year value with the suffixes ``1`` and ``2``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["DyadVerb", "StateVerb", "DYAD_VERBS", "STATE_VERBS", "STATE_ONLY_VERBS", "add_dyad_verbs", "add_state_verbs"]


@dataclass(frozen=True)
class DyadVerb:
    """A dyadic table joined on (ccode1, ccode2, year)."""

    table: str
    source: str
    columns: dict[str, str]                      # stored column -> panel column
    zero: tuple[str, ...] = ()                   # panel columns that are 0 inside coverage
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)  # panel column -> years (else the source's)


@dataclass(frozen=True)
class StateVerb:
    """A state-year table; in a dyad panel each side's value, suffixed 1 and 2."""

    table: str
    source: str
    columns: dict[str, str]
    zero: tuple[str, ...] = ()


_MID_COLS = {"dispnum": "gml_dispnum", "midonset": "gmlmidonset", "midongoing": "gmlmidongoing",
             "hostlev": "gml_hostlev", "fatality": "gml_fatality", "sidea1": "gml_sidea1", "sidea2": "gml_sidea2",
             "revstate1": "gml_revstate1", "revstate2": "gml_revstate2", "orig1": "gml_orig1", "orig2": "gml_orig2"}
_WAR_COLS = {"warnum": "cowinter_warnum", "cowinteronset": "cowinteronset", "cowinterongoing": "cowinterongoing",
             "sidea1": "cowinter_sidea1", "sidea2": "cowinter_sidea2", "initiator1": "cowinter_initiator1",
             "initiator2": "cowinter_initiator2", "batdeath1": "cowinter_batdeath1", "batdeath2": "cowinter_batdeath2"}
_RIV_COLS = {"td_rivalry": "td_rivalry", "tss_rivalry": "tss_rivalry", "tss_positional": "tss_positional",
             "tss_spatial": "tss_spatial", "tss_ideological": "tss_ideological",
             "tss_interventionary": "tss_interventionary", "tss_principal": "tss_principal"}
# Thompson-Dreyer's handbook runs to 2010, Thompson-Sakuwa-Suhas to 2020 (their ongoing rivalries
# end at 2020 in the file): each flag is 0 inside its own set's years only.
_TD_YEARS, _TSS_YEARS = (1816, 2010), (1816, 2020)

DYAD_VERBS: dict[str, DyadVerb] = {
    "mids": DyadVerb("mid_dyad_years", "gml_mid", _MID_COLS, zero=("gmlmidonset", "gmlmidongoing")),
    "wars": DyadVerb("war_dyad_years", "cow_war_inter", _WAR_COLS, zero=("cowinteronset", "cowinterongoing")),
    "rivalries": DyadVerb("rivalry_dyad_years", "tss_rivalries", _RIV_COLS, zero=("td_rivalry", "tss_rivalry"),
                          coverage={"td_rivalry": _TD_YEARS, **{c: _TSS_YEARS for c in _RIV_COLS if c.startswith("tss")}}),
    "ucdp": DyadVerb("ucdp_dyad_years", "ucdp_acd", {"ucdp_opposed": "ucdp_opposed"}, zero=("ucdp_opposed",)),
}

_UCDP_STATE = {"ucdpongoing": "ucdpongoing", "ucdponset": "ucdponset", "ucdp_intrastate": "ucdp_intrastate",
               "ucdp_interstate": "ucdp_interstate", "ucdp_ii": "ucdp_ii", "ucdp_extrasystemic": "ucdp_extrasystemic",
               "ucdp_maxintensity": "ucdp_maxintensity", "ucdp_secondary": "ucdp_secondary"}
STATE_VERBS: dict[str, StateVerb] = {
    "democracy": StateVerb("democracy", "democracy", {"v2x_polyarchy": "v2x_polyarchy", "polity2": "polity2",
                                                       "euds": "euds", "aeuds": "aeuds"}),
    "gdp": StateVerb("gdp_pop", "fariss_gdppop", {"gdp": "gdp", "gdp_sd": "gdp_sd", "gdppc": "gdppc",
                                                   "gdppc_sd": "gdppc_sd", "pop": "pop", "pop_sd": "pop_sd"}),
    "threat": StateVerb("territorial_threat", "terrthreat", {"lterrthreat": "lterrthreat", "sd": "lterrthreat_sd",
                                                              "lwr": "lterrthreat_lwr", "upr": "lterrthreat_upr"}),
    "ucdp": StateVerb("ucdp_state_years", "ucdp_acd", _UCDP_STATE,
                      zero=tuple(c for c in _UCDP_STATE if c != "ucdp_maxintensity")),
}
#: Dyad verbs that also bring each side's state-year columns.
_DYAD_WITH_STATE = {"ucdp": "ucdp"}


def _flag(year: np.ndarray, first: int, last: int) -> pd.Categorical:
    outside = (year < first) | (year > last)
    return pd.Categorical.from_codes(outside.view(np.int8), categories=["covered", "past coverage"])


def _fill(values: np.ndarray, zero: bool, inside: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Float values (modified in place), NULL where missing; 0 where ``zero`` and inside
    coverage; NULL outside coverage."""
    if zero:
        values[np.isnan(values) & inside] = 0.0
    values[~inside] = np.nan
    return pd.arrays.ArrowExtensionArray(pa.array(values, from_pandas=True))


def _gather(column: pd.Series, index: np.ndarray) -> np.ndarray:
    """``column``'s values as float at ``index``; the index ``len(column)`` gives NaN (no row)."""
    ext = np.append(pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan), np.nan)
    return ext[index]


def _dyad_positions(codec, key: np.ndarray, tab: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``tab`` (ccode1, ccode2, year), its position in the sorted ``key``; and
    which rows match a skeleton dyad-year (others match nothing, as in a left join)."""
    c1, c2, y = (tab[c].to_numpy(dtype=np.int64) for c in ("ccode1", "ccode2", "year"))
    inside = (c1 >= 0) & (c1 < codec.width) & (c2 >= 0) & (c2 < codec.width) & \
             (y >= codec.first) & (y < codec.first + codec.span)
    tk = np.full(len(tab), -1, dtype=np.int64)
    tk[inside] = codec(c1[inside], c2[inside], y[inside]).astype(np.int64)
    pos = np.searchsorted(key, tk)
    pos[pos >= len(key)] = 0
    hit = inside & (key[pos] == tk) if len(key) else np.zeros(len(tab), bool)
    return pos, hit


def add_dyad_verbs(db, df: pd.DataFrame, verbs: list[str], codec, key: np.ndarray) -> list[str]:
    """Add the columns of each verb in ``verbs`` to the dyad panel ``df`` (in place, aligned with
    the sorted ``key``); return the registry sources used.

    Parameters
    ----------
    db : Store
    df : pandas.DataFrame
        The dyad-year panel (``ccode1``, ``ccode2`` as COW codes, ``year``), row ``i`` being the
        dyad-year of ``key[i]``; its years bound the rows read from the verb tables.
    verbs : list of str
        Names from :data:`DYAD_VERBS` (``mids``, ``wars``, ``rivalries``, ``ucdp``) and/or
        :data:`STATE_VERBS` (``democracy``, ``gdp``, ``threat``; each side's value); other names
        are skipped.
    codec : callable
        Encodes arrays ``(ccode1, ccode2, year)`` into the integer keys of ``key``; has ``width``
        (one more than the largest code), ``first`` (first year) and ``span`` (years).
    key : numpy.ndarray
        The panel's encoded dyad-years, sorted ascending, one per row of ``df``.

    Returns
    -------
    list of str
        The registry source of each verb added, in order (``ucdp`` gives ``ucdp_acd`` twice: its
        dyad and its state-year part).

    Notes
    -----
    Columns added: each dyad verb's panel columns (0 for indicator columns inside the column's
    coverage where the dyad-year has no row, NULL outside it) and ``<verb>_coverage``
    (``"covered"`` / ``"past coverage"`` by the source's years); each state verb's columns with
    suffixes ``1`` and ``2``, NULL outside the source's coverage. Values are nullable floats in the
    stored units (``gdp``: millions of US$ at PWT base prices; ``gdppc``: US$; ``pop``: millions of
    people; ``v2x_polyarchy`` 0–1; ``polity2`` −10 to 10; flags 0/1). A verb table with two rows
    for one dyad-year keeps the last one read.
    """
    year = df["year"].to_numpy(dtype=np.int64)
    c1 = df["ccode1"].to_numpy(dtype=np.int64)
    c2 = df["ccode2"].to_numpy(dtype=np.int64)
    y0, y1 = int(year.min()) if len(year) else 0, int(year.max()) if len(year) else 0
    srcs: list[str] = []
    for name in verbs:
        if name in DYAD_VERBS:
            v = DYAD_VERBS[name]
            tab = db.sql(f'SELECT ccode1, ccode2, year, {", ".join(v.columns)} FROM "{v.table}" '
                         "WHERE year BETWEEN ? AND ?", [y0, y1])
            pos, hit = _dyad_positions(codec, key, tab)
            first, last = db.coverage(v.source)
            index = np.full(len(df), len(tab), dtype=np.intp)  # one gather index for every column
            index[pos[hit]] = np.flatnonzero(hit)
            masks: dict[tuple[int, int], np.ndarray] = {}
            for col, out in v.columns.items():
                a, b = v.coverage.get(out, (first, last))
                if (a, b) not in masks:
                    masks[(a, b)] = (year >= a) & (year <= b)
                df[out] = _fill(_gather(tab[col], index), out in v.zero, masks[(a, b)])
            df[f"{name}_coverage"] = _flag(year, first, last)
            srcs.append(v.source)
        state_name = _DYAD_WITH_STATE.get(name, name if name in STATE_VERBS else None)
        if state_name is not None:
            v = STATE_VERBS[state_name]
            tab = db.sql(f'SELECT ccode, year, {", ".join(v.columns)} FROM "{v.table}" WHERE year BETWEEN ? AND ?', [y0, y1])
            first, last = db.coverage(v.source)
            lut = {}
            codes = tab["ccode"].to_numpy(dtype=np.int64)
            ty = tab["year"].to_numpy(dtype=np.int64)
            width, span = int(max(codes.max(initial=0), c1.max(initial=0), c2.max(initial=0))) + 1, y1 - y0 + 1
            cell_t = codes * span + (ty - y0)
            inside = (year >= first) & (year <= last)
            for col, out in v.columns.items():
                grid = np.full(width * span, np.nan)
                grid[cell_t] = pd.to_numeric(tab[col], errors="coerce").to_numpy(dtype=float)
                lut[out] = grid
            for side, codes_side in (("1", c1), ("2", c2)):
                cell = codes_side * span + (year - y0)
                for out, grid in lut.items():
                    df[f"{out}{side}"] = _fill(grid[cell], out in v.zero, inside)
            if name not in DYAD_VERBS:
                df[f"{name}_coverage"] = _flag(year, first, last)
            srcs.append(v.source)
    return srcs


#: State-year verbs computed from dyadic or spell tables: SQL over the store (views own queries).
STATE_ONLY_VERBS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # any MID involving the state that year (directed dispute-years, ccode1 = the state)
    "mids": ("gml_mid", """SELECT ccode1 AS ccode, year, max(midonset) AS gmlmidonset, max(midongoing) AS gmlmidongoing,
                count(DISTINCT dispnum) AS gml_disputes, max(hostlev) AS gml_hostlev
              FROM mid_dispute_years GROUP BY 1, 2""", ("gmlmidonset", "gmlmidongoing", "gml_disputes")),
    # intra-state war on either side (COW 4.1); inter-state war with any state (COW 4.0)
    "wars": ("cow_war_intra", """SELECT coalesce(i.ccode, e.ccode) AS ccode, coalesce(i.year, e.year) AS year,
                i.cowintraonset, i.cowintraongoing, e.cowinteronset, e.cowinterongoing
              FROM war_state_years i FULL JOIN (SELECT ccode1 AS ccode, year, max(cowinteronset) AS cowinteronset,
                max(cowinterongoing) AS cowinterongoing FROM war_dyad_years GROUP BY 1, 2) e
                ON i.ccode = e.ccode AND i.year = e.year""",
             ("cowintraonset", "cowintraongoing", "cowinteronset", "cowinterongoing")),
    # number of strategic rivals that year in each set
    "rivalries": ("tss_rivalries", """SELECT ccode1 AS ccode, year, sum(td_rivalry) AS td_rivals, sum(tss_rivalry) AS tss_rivals
              FROM rivalry_dyad_years GROUP BY 1, 2""", ("td_rivals", "tss_rivals")),
    # the leader with the most days in office that year (ties: the later entry), how many held office
    "leaders": ("archigos", """SELECT ccode, year, leader, obsid, tenure AS leader_tenure, entry AS leader_entry,
                gender AS leader_gender, yrborn AS leader_yrborn, leveledu, milservice, combat, rebel, leader_count
              FROM (SELECT *, count(*) OVER (PARTITION BY ccode, year) AS leader_count,
                           row_number() OVER (PARTITION BY ccode, year ORDER BY days_in_office DESC, start DESC) AS r
                    FROM leader_years WHERE ccode IS NOT NULL) WHERE r = 1""", ("leader_count",)),
}


def add_state_verbs(db, df: pd.DataFrame, verbs: list[str]) -> list[str]:
    """Add each verb's columns to the state-year panel ``df`` (``ccode``, ``year``); the row count
    never changes. Returns the registry sources used.

    Parameters
    ----------
    db : Store
    df : pandas.DataFrame
        The state-year panel (``ccode`` as COW codes, ``year``); columns are added in place.
    verbs : list of str
        Names from :data:`STATE_VERBS` (``democracy``, ``gdp``, ``threat``, ``ucdp``) or
        :data:`STATE_ONLY_VERBS` (``mids``, ``wars``, ``rivalries``, ``leaders``); any other name
        raises ``KeyError`` (the callers check names first).

    Returns
    -------
    list of str
        The registry source of each verb, in order.

    Notes
    -----
    Numeric columns become nullable floats: 0 for the verb's indicator and count columns inside
    the source's coverage where the state-year has no row, NULL outside it; text columns
    (``leader``, ...) are None outside it. ``<verb>_coverage`` says ``"covered"`` or ``"past
    coverage"``. A verb table with two rows for one state-year raises ``pandas.errors.MergeError``.
    """
    srcs = []
    year = df["year"].to_numpy(dtype=np.int64)
    for name in verbs:
        if name in STATE_VERBS:
            v = STATE_VERBS[name]
            tab = db.sql(f'SELECT ccode, year, {", ".join(v.columns)} FROM "{v.table}"').rename(columns=v.columns)
            zero, source = v.zero, v.source
        else:
            source, sql, zero = STATE_ONLY_VERBS[name]
            tab = db.sql(sql)
        tab = tab.astype({"ccode": "int64", "year": "int64"})
        merged = df[["ccode", "year"]].astype("int64").merge(tab, on=["ccode", "year"], how="left", validate="m:1")
        first, last = db.coverage(source)
        inside = (year >= first) & (year <= last)
        for col in tab.columns.drop(["ccode", "year"]):
            s = merged[col]
            if pd.api.types.is_numeric_dtype(s) or s.isna().all():
                df[col] = _fill(pd.to_numeric(s, errors="coerce").to_numpy(dtype=float), col in zero, inside)
            else:
                df[col] = s.where(inside, None).to_numpy()
        df[f"{name}_coverage"] = _flag(year, first, last)
        srcs.append(source)
    return srcs
