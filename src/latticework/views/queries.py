"""The store queries the measures, models, presenters and the claim checker read (issue 21: views
own every query). Each function returns a DataFrame with the columns named in its docstring; no
computation beyond selection happens here, so a schema change touches this module only.

Units are the store's: troops in persons, spending in US$ m, TIV in SIPRI trend-indicator values.
"""
from __future__ import annotations

import pandas as pd

__all__ = ["capability_rows", "troops_in_years", "troops_hosted", "troop_presence", "arms_ties", "arms_dyad_totals",
           "us_sites", "capitals", "ledger_access_ties", "related_agreement_events", "state_spells",
           "alliances_in_force", "atop_begin_years", "spending_shares", "exports_and_igos", "arms_exports",
           "un_agreement", "troops_all", "ties_of_states", "arms_deals_between"]


def capability_rows(db, ccodes, start: int, end: int) -> pd.DataFrame:
    """``ccode``, ``year``, ``cinc``, ``milper_k`` (thousands), ``milex_constant_usd_m`` of the given
    states in [start, end].

    Parameters
    ----------
    db : Store
    ccodes : iterable of int
        COW codes.
    start, end : int
        First and last year, both included.

    Returns
    -------
    pandas.DataFrame
        One row per stored state-year, unordered: ``ccode`` (COW code), ``year``, ``cinc`` (NMC
        share of system capabilities, 0–1), ``milper_k`` (NMC military personnel, thousands),
        ``milex_constant_usd_m`` (SIPRI military spending, US$ millions at constant 2023 prices).
    """
    codes = [int(c) for c in ccodes]
    marks = ", ".join("?" * len(codes))
    return db.sql(f"SELECT ccode, year, cinc, milper_k, milex_constant_usd_m FROM capabilities WHERE ccode IN ({marks}) "
                  "AND year BETWEEN ? AND ?", [*codes, int(start), int(end)])


def troops_in_years(db, start: int, end: int) -> pd.DataFrame:
    """US troops per host and year in [start, end]: ``year``, ``ccode``, ``troops``.

    Parameters
    ----------
    db : Store
    start, end : int
        First and last year, both included.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``ccode`` (COW code; the rows include the United States itself, ccode 2, and
        territories coded above 1000) and ``troops`` (US active-duty troops, persons), unordered.
    """
    return db.sql("SELECT year, ccode, troops FROM troops WHERE year BETWEEN ? AND ?", [int(start), int(end)])


def troops_hosted(db, ccode: int, start: int, end: int) -> pd.DataFrame:
    """US troops in one host per year: ``year``, ``troops``, ``report`` (the report's month), by year.

    Parameters
    ----------
    db : Store
    ccode : int
        COW code of the host.
    start, end : int
        First and last year, both included.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``troops`` (US active-duty troops, persons) and ``report`` (the last report of
        the year the figure comes from), sorted by year.
    """
    return db.sql("SELECT year, troops, report FROM troops WHERE ccode = ? AND year BETWEEN ? AND ? ORDER BY year",
                  [int(ccode), int(start), int(end)])


def troop_presence(db, min_troops: float) -> pd.DataFrame:
    """Host-years with at least ``min_troops`` US troops: ``ccode``, ``year``.

    Parameters
    ----------
    db : Store
    min_troops : float
        Threshold in US active-duty troops (persons), inclusive.

    Returns
    -------
    pandas.DataFrame
        ``ccode`` (COW code; the United States itself and territories coded above 1000 are not
        left out) and ``year``, unordered.
    """
    return db.sql("SELECT ccode, year FROM troops WHERE troops >= ?", [min_troops])


def troops_all(db) -> pd.DataFrame:
    """Every reported host-year of US troops: ``ccode``, ``year``, ``troops``.

    Parameters
    ----------
    db : Store

    Returns
    -------
    pandas.DataFrame
        ``ccode`` (COW code; includes the United States, 2, and territories coded above 1000),
        ``year`` and ``troops`` (US active-duty troops, persons; rows without a figure left out).
    """
    return db.sql("SELECT ccode, year, troops FROM troops WHERE troops IS NOT NULL")


def arms_ties(db, a: int, b: int, start: int, end: int) -> pd.DataFrame:
    """Arms-transfer ties (SIPRI) delivered in [start, end] with ``a`` or ``b`` at either end:
    ``a`` (supplier), ``b`` (recipient), ``year``, ``weight`` (TIV).

    Parameters
    ----------
    db : Store
    a, b : int
        COW codes; a tie is kept when either state is its supplier or its recipient.
    start, end : int
        First and last delivery year (the tie's ``start_year``), both included.

    Returns
    -------
    pandas.DataFrame
        One row per tie of layer ``arms``, unordered: ``a`` (supplier, COW code), ``b``
        (recipient, COW code), ``year`` (delivery year), ``weight`` (SIPRI TIV, millions).
    """
    return db.sql("SELECT a, b, start_year AS year, weight FROM ties WHERE layer = 'arms' AND start_year BETWEEN ? AND ? "
                  "AND (a IN (?, ?) OR b IN (?, ?))", [int(start), int(end), int(a), int(b), int(a), int(b)])


def arms_deals_between(db, a: int, b: int) -> pd.DataFrame:
    """The SIPRI trade register's deals between two states, either one the supplier.

    Parameters
    ----------
    db : Store
    a, b : int
        COW codes.

    Returns
    -------
    pandas.DataFrame
        One row per register line: ``line``, ``supplier``, ``recipient`` (SIPRI names),
        ``supplier_ccode``, ``recipient_ccode``, ``order_year``, ``weapon`` (designation),
        ``description``, ``n_ordered``, ``n_delivered`` (counts of items; ``n_ordered`` may be
        missing), ``delivery_years`` (as SIPRI writes them, ``"2015; 2016"``), ``status``; ordered by
        order year and line.
    """
    return db.sql("SELECT line, supplier, recipient, supplier_ccode, recipient_ccode, order_year, weapon, description, "
                  "n_ordered, n_delivered, delivery_years, status FROM arms_deals WHERE (supplier_ccode = ? AND "
                  "recipient_ccode = ?) OR (supplier_ccode = ? AND recipient_ccode = ?) ORDER BY order_year, line",
                  [int(a), int(b), int(b), int(a)])


def arms_dyad_totals(db) -> pd.DataFrame:
    """Arms deliveries per supplier, recipient and year: ``a``, ``b``, ``year``, ``tiv``.

    Summed by pandas over rows in a fixed order, not by DuckDB's parallel GROUP BY, whose float
    sums come out in a different order from run to run (the strategy validation moved by a mark).

    Parameters
    ----------
    db : Store

    Returns
    -------
    pandas.DataFrame
        ``a`` (supplier, COW code), ``b`` (recipient, COW code), ``year`` (delivery year),
        ``tiv`` (summed SIPRI TIV, millions), sorted by ``a``, ``b``, ``year``.
    """
    f = db.sql("SELECT a, b, start_year AS year, weight FROM ties WHERE layer = 'arms' ORDER BY tie_id")
    return f.groupby(["a", "b", "year"], as_index=False, sort=True)["weight"].sum().rename(columns={"weight": "tiv"})


def us_sites(db) -> pd.DataFrame:
    """US overseas sites: ``ccode``, ``basename``, ``lat``, ``lon`` (degrees), ``base`` (1 = a base).

    Parameters
    ----------
    db : Store

    Returns
    -------
    pandas.DataFrame
        One row per site of the ``bases`` table (Vine, to 2018): ``ccode`` (COW code of the
        host), ``basename``, ``lat``, ``lon`` (decimal degrees), ``base`` (1 = a base, 0 otherwise,
        missing read as 0).
    """
    return db.sql("SELECT ccode, basename, lat, lon, coalesce(base, 0) AS base FROM bases")


def capitals(db) -> pd.DataFrame:
    """Capitals: ``ccode``, ``capital``, ``lat``, ``lon``, ``start_year``, ``end_year``, by end year.

    Parameters
    ----------
    db : Store

    Returns
    -------
    pandas.DataFrame
        ``ccode`` (COW code), ``capital`` (name), ``lat``, ``lon`` (decimal degrees),
        ``start_year``, ``end_year`` (years the city was the capital), sorted by ``end_year``.
    """
    return db.sql("SELECT ccode, capital, lat, lon, start_year, end_year FROM capitals ORDER BY end_year")


def ledger_access_ties(db, hub: int) -> pd.DataFrame:
    """The ledger's access-agreement ties of ``hub``: ``a``, ``b``, ``start_year``, ``end_year``,
    ``attributes`` (JSON), ``source``.

    Parameters
    ----------
    db : Store
    hub : int
        COW code of the state at either end of the tie.

    Returns
    -------
    pandas.DataFrame
        Ties of layer ``ledger_access``, unordered: ``a``, ``b`` (COW codes), ``start_year``,
        ``end_year`` (years; NULL while in force), ``attributes`` (the agreement's attributes as
        JSON text), ``source`` (``"ledger"``).
    """
    return db.sql("SELECT a, b, start_year, end_year, attributes, source FROM ties WHERE layer = 'ledger_access' "
                  "AND (a = ? OR b = ?)", [int(hub), int(hub)])


def related_agreement_events(db) -> pd.DataFrame:
    """Ledger records that name a related agreement: ``date_start``, ``attributes`` (JSON).

    Parameters
    ----------
    db : Store

    Returns
    -------
    pandas.DataFrame
        ``date_start`` (first day of the record's date) and ``attributes`` (JSON text) of every
        record whose attributes contain the text ``related_agreement`` anywhere.
    """
    return db.sql("SELECT date_start, attributes FROM events WHERE attributes LIKE '%related_agreement%'")


def state_spells(db) -> pd.DataFrame:
    """Membership spells of the state system: ``ccode``, ``styear``, ``endyear``.

    Parameters
    ----------
    db : Store

    Returns
    -------
    pandas.DataFrame
        One row per COW membership spell: ``ccode`` (COW code), ``styear`` and ``endyear`` (first
        and last year of the spell; the COW list ends in 2016, so a spell open then ends there).
    """
    return db.sql("SELECT ccode, styear, endyear FROM states")


def alliances_in_force(db, ccode: int) -> pd.DataFrame:
    """ATOP alliances the state is still a member of at the data's end, oldest first: ``atopid``,
    ``begyr``, ``endyr``, the alliance's obligations (``defense`` … ``consul``, ``asymm``),
    ``own_defense`` (the state's own defence obligation), ``base``, ``members`` (COW codes, comma-separated).

    Parameters
    ----------
    db : Store
    ccode : int
        COW code of the member state.

    Returns
    -------
    pandas.DataFrame
        One row per ATOP membership of the state with no exit year (in force at the end of 2018),
        sorted by ``begyr``: ``atopid``; ``begyr``, ``endyr`` (years; ``endyr`` NULL while in force);
        ``defense``, ``offense``, ``neutral``, ``nonagg``, ``consul``, ``asymm`` (ATOP 0/1 flags);
        ``own_defense`` and ``base`` (the state's own flags in ATOP's member file); ``members``.
    """
    return db.sql("""
        SELECT m.atopid, a.begyr, a.endyr, a.defense, a.offense, a.neutral, a.nonagg, a.consul, a.asymm,
               m.defense AS own_defense, m.base, a.members
        FROM atop_members m JOIN atop_alliances a USING (atopid)
        WHERE m.member = ? AND (m.yrexit IS NULL) ORDER BY a.begyr""", [int(ccode)])


def atop_begin_years(db, atopids) -> pd.DataFrame:
    """``atopid``, ``begyr`` of the given ATOP alliances (empty for none).

    Parameters
    ----------
    db : Store
    atopids : iterable of int
        ATOP alliance ids.

    Returns
    -------
    pandas.DataFrame
        ``atopid`` and ``begyr`` (the alliance's first year), one row per id found, unordered.
    """
    ids = [int(i) for i in atopids]
    if not ids:
        return pd.DataFrame({"atopid": pd.Series([], dtype="int64"), "begyr": pd.Series([], dtype="int64")})
    marks = ", ".join("?" * len(ids))
    return db.sql(f"SELECT atopid, begyr FROM atop_alliances WHERE atopid IN ({marks})", ids)


def spending_shares(db, since: int = 1945) -> pd.DataFrame:
    """``ccode``, ``year``, ``milex_gdp_share`` (fraction), ``milex`` (constant US$ m, else current),
    ``milex_current`` (current US$ m).

    Parameters
    ----------
    db : Store
    since : int
        First year (default 1945).

    Returns
    -------
    pandas.DataFrame
        One row per state-year of ``capabilities``: ``ccode`` (COW code), ``year``,
        ``milex_gdp_share`` (SIPRI spending as a fraction of GDP, 0.0137 = 1.37 %), ``milex``
        (SIPRI spending in US$ millions at constant 2023 prices, or at current prices where the
        constant figure is missing), ``milex_current`` (SIPRI spending in US$ millions at current
        prices, to set beside other current-dollar figures such as exports; NaN where missing).
    """
    return db.sql("SELECT ccode, year, milex_gdp_share, coalesce(milex_constant_usd_m, milex_current_usd_m) AS milex, "
                  "milex_current_usd_m AS milex_current FROM capabilities WHERE year >= ?", [int(since)])


def exports_and_igos(db, since: int = 1945) -> pd.DataFrame:
    """``ccode``, ``year``, ``exports_usd`` (WDI, current US$), ``cow_exports_musd`` (COW, US$ m),
    ``igo_full`` (full IGO memberships).

    Parameters
    ----------
    db : Store
    since : int
        First year (default 1945).

    Returns
    -------
    pandas.DataFrame
        One row per state-year of ``economy``: ``ccode`` (COW code), ``year``, ``exports_usd``
        (WDI exports of goods and services, current US$), ``cow_exports_musd`` (COW Trade total
        exports, US$ millions current, to 2014), ``igo_full`` (COW IGO count of full memberships).
    """
    return db.sql("SELECT ccode, year, exports_usd, cow_exports_musd, igo_full FROM economy WHERE year >= ?", [int(since)])


def arms_exports(db) -> pd.DataFrame:
    """``ccode``, ``year``, ``tiv_exports`` (SIPRI TIV).

    Parameters
    ----------
    db : Store

    Returns
    -------
    pandas.DataFrame
        One row per state-year of ``arms_trade``: ``ccode`` (COW code), ``year``,
        ``tiv_exports`` (SIPRI arms exports, millions of TIV).
    """
    return db.sql("SELECT ccode, year, tiv_exports FROM arms_trade")


def un_agreement(db) -> pd.DataFrame:
    """UN General Assembly agreement: ``ccode``, ``year``, ``us_agree``, ``russia_agree``,
    ``china_agree`` (shares of votes, 0–1).

    Parameters
    ----------
    db : Store

    Returns
    -------
    pandas.DataFrame
        One row per state-year of ``alignment``: ``ccode`` (COW code), ``year``, ``us_agree``,
        ``russia_agree``, ``china_agree`` (share 0–1 of votes agreeing with that state).
    """
    return db.sql("SELECT ccode, year, us_agree, russia_agree, china_agree FROM alignment")


def ties_of_states(db, ccodes, until: int) -> pd.DataFrame:
    """Every tie, except arms and basing, that starts by ``until`` and touches one of the states.

    Parameters
    ----------
    db : Store
    ccodes : iterable of int
        COW codes; a tie is kept when one of them is at either end.
    until : int
        Last start year, included.

    Returns
    -------
    pandas.DataFrame
        Every column of the store's ``ties`` table (``tie_id``, ``layer``, ``a``, ``b``,
        ``directed``, ``start_year``, ``end_year``, dates, ``weight`` and ``unit``,
        ``attributes``, ``source``, ``source_ref``, ``coverage_end``, ``open_at_coverage_end``),
        unordered.
    """
    codes = [int(c) for c in ccodes]
    marks = ", ".join("?" * len(codes))
    return db.sql(f"SELECT * FROM ties WHERE (a IN ({marks}) OR b IN ({marks})) AND start_year <= ? "
                  "AND layer <> 'arms' AND layer <> 'basing'", [*codes, *codes, int(until)])
