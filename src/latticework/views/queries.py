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
           "un_agreement", "troops_all", "ties_of_states"]


def capability_rows(db, ccodes, start: int, end: int) -> pd.DataFrame:
    """``ccode``, ``year``, ``cinc``, ``milper_k`` (thousands), ``milex_constant_usd_m`` of the given
    states in [start, end]."""
    codes = [int(c) for c in ccodes]
    marks = ", ".join("?" * len(codes))
    return db.sql(f"SELECT ccode, year, cinc, milper_k, milex_constant_usd_m FROM capabilities WHERE ccode IN ({marks}) "
                  "AND year BETWEEN ? AND ?", [*codes, int(start), int(end)])


def troops_in_years(db, start: int, end: int) -> pd.DataFrame:
    """US troops per host and year in [start, end]: ``year``, ``ccode``, ``troops``."""
    return db.sql("SELECT year, ccode, troops FROM troops WHERE year BETWEEN ? AND ?", [int(start), int(end)])


def troops_hosted(db, ccode: int, start: int, end: int) -> pd.DataFrame:
    """US troops in one host per year: ``year``, ``troops``, ``report`` (the report's month), by year."""
    return db.sql("SELECT year, troops, report FROM troops WHERE ccode = ? AND year BETWEEN ? AND ? ORDER BY year",
                  [int(ccode), int(start), int(end)])


def troop_presence(db, min_troops: float) -> pd.DataFrame:
    """Host-years with at least ``min_troops`` US troops: ``ccode``, ``year``."""
    return db.sql("SELECT ccode, year FROM troops WHERE troops >= ?", [min_troops])


def troops_all(db) -> pd.DataFrame:
    """Every reported host-year of US troops: ``ccode``, ``year``, ``troops``."""
    return db.sql("SELECT ccode, year, troops FROM troops WHERE troops IS NOT NULL")


def arms_ties(db, a: int, b: int, start: int, end: int) -> pd.DataFrame:
    """Arms-transfer ties (SIPRI) delivered in [start, end] with ``a`` or ``b`` at either end:
    ``a`` (supplier), ``b`` (recipient), ``year``, ``weight`` (TIV)."""
    return db.sql("SELECT a, b, start_year AS year, weight FROM ties WHERE layer = 'arms' AND start_year BETWEEN ? AND ? "
                  "AND (a IN (?, ?) OR b IN (?, ?))", [int(start), int(end), int(a), int(b), int(a), int(b)])


def arms_dyad_totals(db) -> pd.DataFrame:
    """Arms deliveries per supplier, recipient and year: ``a``, ``b``, ``year``, ``tiv``.

    Summed by pandas over rows in a fixed order, not by DuckDB's parallel GROUP BY, whose float
    sums come out in a different order from run to run (the strategy validation moved by a mark)."""
    f = db.sql("SELECT a, b, start_year AS year, weight FROM ties WHERE layer = 'arms' ORDER BY tie_id")
    return f.groupby(["a", "b", "year"], as_index=False, sort=True)["weight"].sum().rename(columns={"weight": "tiv"})


def us_sites(db) -> pd.DataFrame:
    """US overseas sites: ``ccode``, ``basename``, ``lat``, ``lon`` (degrees), ``base`` (1 = a base)."""
    return db.sql("SELECT ccode, basename, lat, lon, coalesce(base, 0) AS base FROM bases")


def capitals(db) -> pd.DataFrame:
    """Capitals: ``ccode``, ``capital``, ``lat``, ``lon``, ``start_year``, ``end_year``, by end year."""
    return db.sql("SELECT ccode, capital, lat, lon, start_year, end_year FROM capitals ORDER BY end_year")


def ledger_access_ties(db, hub: int) -> pd.DataFrame:
    """The ledger's access-agreement ties of ``hub``: ``a``, ``b``, ``start_year``, ``end_year``,
    ``attributes`` (JSON), ``source``."""
    return db.sql("SELECT a, b, start_year, end_year, attributes, source FROM ties WHERE layer = 'ledger_access' "
                  "AND (a = ? OR b = ?)", [int(hub), int(hub)])


def related_agreement_events(db) -> pd.DataFrame:
    """Ledger records that name a related agreement: ``date_start``, ``attributes`` (JSON)."""
    return db.sql("SELECT date_start, attributes FROM events WHERE attributes LIKE '%related_agreement%'")


def state_spells(db) -> pd.DataFrame:
    """Membership spells of the state system: ``ccode``, ``styear``, ``endyear``."""
    return db.sql("SELECT ccode, styear, endyear FROM states")


def alliances_in_force(db, ccode: int) -> pd.DataFrame:
    """ATOP alliances the state is still a member of at the data's end, oldest first: ``atopid``,
    ``begyr``, ``endyr``, the alliance's obligations (``defense`` … ``consul``, ``asymm``),
    ``own_defense`` (the state's own defence obligation), ``base``, ``members`` (COW codes, comma-separated)."""
    return db.sql("""
        SELECT m.atopid, a.begyr, a.endyr, a.defense, a.offense, a.neutral, a.nonagg, a.consul, a.asymm,
               m.defense AS own_defense, m.base, a.members
        FROM atop_members m JOIN atop_alliances a USING (atopid)
        WHERE m.member = ? AND (m.yrexit IS NULL) ORDER BY a.begyr""", [int(ccode)])


def atop_begin_years(db, atopids) -> pd.DataFrame:
    """``atopid``, ``begyr`` of the given ATOP alliances (empty for none)."""
    ids = [int(i) for i in atopids]
    if not ids:
        return pd.DataFrame({"atopid": pd.Series([], dtype="int64"), "begyr": pd.Series([], dtype="int64")})
    marks = ", ".join("?" * len(ids))
    return db.sql(f"SELECT atopid, begyr FROM atop_alliances WHERE atopid IN ({marks})", ids)


def spending_shares(db, since: int = 1945) -> pd.DataFrame:
    """``ccode``, ``year``, ``milex_gdp_share`` (fraction), ``milex`` (constant US$ m, else current)."""
    return db.sql("SELECT ccode, year, milex_gdp_share, coalesce(milex_constant_usd_m, milex_current_usd_m) AS milex "
                  "FROM capabilities WHERE year >= ?", [int(since)])


def exports_and_igos(db, since: int = 1945) -> pd.DataFrame:
    """``ccode``, ``year``, ``exports_usd`` (WDI, current US$), ``cow_exports_musd`` (COW, US$ m),
    ``igo_full`` (full IGO memberships)."""
    return db.sql("SELECT ccode, year, exports_usd, cow_exports_musd, igo_full FROM economy WHERE year >= ?", [int(since)])


def arms_exports(db) -> pd.DataFrame:
    """``ccode``, ``year``, ``tiv_exports`` (SIPRI TIV)."""
    return db.sql("SELECT ccode, year, tiv_exports FROM arms_trade")


def un_agreement(db) -> pd.DataFrame:
    """UN General Assembly agreement: ``ccode``, ``year``, ``us_agree``, ``russia_agree``,
    ``china_agree`` (shares of votes, 0–1)."""
    return db.sql("SELECT ccode, year, us_agree, russia_agree, china_agree FROM alignment")


def ties_of_states(db, ccodes, until: int) -> pd.DataFrame:
    """Every tie, except arms and basing, that starts by ``until`` and touches one of the states."""
    codes = [int(c) for c in ccodes]
    marks = ", ".join("?" * len(codes))
    return db.sql(f"SELECT * FROM ties WHERE (a IN ({marks}) OR b IN ({marks})) AND start_year <= ? "
                  "AND layer <> 'arms' AND layer <> 'basing'", [*codes, *codes, int(until)])
