"""ATOP 5.1: directed alliance obligations, alliance and member provisions.

Tables
------
alliance_dyad_years : ATOP directed dyad-years as staged by peacesciencer — ``ccode1``,
    ``ccode2``, ``year``, ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg``,
    ``atop_consul`` (1 = ccode1 has that obligation toward ccode2). Covers 1815–2018; a dyad-year
    absent within coverage has no obligation.
atop_alliances : one row per alliance: ``atopid``, ``begyr``, ``endyr`` (NULL = in force at the end
    of 2018), ``bilat``, obligation flags, ``asymm``, ``milcon``, ``milaid``, ``intcom``,
    ``subord``, ``organ1``, ``base``, ``contrib``, ``milinst`` (institutionalization, max over
    phases), ``members`` (comma-joined COW codes).
atop_members : one row per member per alliance phase: ``atopid``, ``member``, ``phase``,
    ``yrent``, ``yrexit`` (NULL = in force at the end of 2018), obligation flags, ``asymm``,
    ``obvary``, ``base``, ``subord``, ``milaid``.
ties (layers ``atop_defense`` … ``atop_consul``) : directed obligation spells built from the
    dyad-years (consecutive years merged), ``source_ref`` = the ATOP alliances (atopid) joining
    both states during the spell. A spell that reaches 2018 has no recorded end
    (``end_year`` NULL, ``open_at_coverage_end`` true, ``coverage_end`` 2018).
"""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from latticework.errors import MalformedSource
from latticework.sources.context import BuildContext, read_rdata, sorted_unique

SOURCES = ["atop", "atop_ddy"]
COVERAGE_END = 2018
OBLIGATIONS = ["defense", "offense", "neutral", "nonagg", "consul"]


def _csv(path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, low_memory=False)
    except Exception as exc:
        raise MalformedSource(f"{path}: cannot be read as CSV ({exc})",
                              "run `latticework data pull` to fetch a good copy") from exc


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Read ATOP dyad-years, alliance and member files; derive obligation spells."""
    ddy = read_rdata(ctx.path("atop_ddy", "atop_alliance.rda"))
    cols = ["atop_" + o for o in OBLIGATIONS]
    missing = [c for c in ["ccode1", "ccode2", "year", *cols] if c not in ddy.columns]
    if missing:
        raise MalformedSource(f"atop_alliance.rda: missing columns {missing}", "fetch the file again")
    ddy = ddy[["ccode1", "ccode2", "year", *cols]].copy()
    for c in ["ccode1", "ccode2", "year"]:
        ddy[c] = ddy[c].astype("int16")
    for c in cols:
        ddy[c] = ddy[c].fillna(0).astype("int8")
    ddy = sorted_unique(ddy, ["ccode1", "ccode2", "year"], "atop_alliance.rda")

    a = _csv(ctx.path("atop", "atop5_1a.csv"))
    m = _csv(ctx.path("atop", "atop5_1m.csv"))
    inst = _csv(ctx.path("atop", "atopinst5_1.csv"))
    memcols = [c for c in a.columns if c.startswith("mem") and c[3:].isdigit()]
    alliances = pd.DataFrame({
        "atopid": a["atopid"].astype("int32"), "begyr": a["begyr"].astype("int32"),
        "endyr": a["endyr"].replace(0, np.nan).astype("Int32"),
        **{c: a[c].astype("Int8") for c in ["bilat", *OBLIGATIONS, "asymm", "milcon", "milaid",
                                            "intcom", "subord", "organ1", "base", "contrib"]},
        "members": a[memcols].apply(lambda r: ",".join(str(int(v)) for v in r if pd.notna(v) and v > 0), axis=1)})
    milinst = inst.groupby("atopid")["milinst"].max()
    alliances["milinst"] = alliances["atopid"].map(milinst).astype("Int8")
    members = pd.DataFrame({
        "atopid": m["atopid"].astype("int32"), "member": m["member"].astype("int32"),
        "phase": m["phase"].astype("Int16"), "yrent": m["yrent"].astype("int32"),
        "yrexit": m["yrexit"].replace(0, np.nan).astype("Int32"),
        **{c: m[c].astype("Int8") for c in [*OBLIGATIONS, "asymm", "obvary", "base", "subord", "milaid"]}})
    ties = _obligation_spells(ddy, members)
    return {"alliance_dyad_years": ddy, "atop_alliances": alliances, "atop_members": members,
            "ties": ties}


def _obligation_spells(ddy: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Merge consecutive dyad-years with an obligation into spells, one per layer and direction."""
    con = duckdb.connect()
    con.register("ddy", ddy)
    con.register("members", members)
    unions = " UNION ALL ".join(
        f"SELECT ccode1, ccode2, year, 'atop_{o}' AS layer FROM ddy WHERE atop_{o} = 1" for o in OBLIGATIONS)
    sql = f"""
    WITH obs AS ({unions}),
    grp AS (SELECT *, year - row_number() OVER (PARTITION BY layer, ccode1, ccode2 ORDER BY year) AS g FROM obs),
    spells AS (SELECT layer, ccode1 AS a, ccode2 AS b, min(year) AS s, max(year) AS e
               FROM grp GROUP BY layer, ccode1, ccode2, g),
    mem AS (SELECT atopid, member, min(yrent) AS yrent, max(coalesce(yrexit, {COVERAGE_END})) AS yrexit
            FROM members GROUP BY atopid, member),
    refs AS (
      SELECT sp.layer, sp.a, sp.b, sp.s, string_agg(DISTINCT CAST(m1.atopid AS VARCHAR), ',' ORDER BY CAST(m1.atopid AS VARCHAR)) AS ids
      FROM spells sp JOIN mem m1 ON m1.member = sp.a JOIN mem m2 ON m2.atopid = m1.atopid AND m2.member = sp.b
      WHERE greatest(m1.yrent, m2.yrent) <= sp.e AND least(m1.yrexit, m2.yrexit) >= sp.s
      GROUP BY sp.layer, sp.a, sp.b, sp.s)
    SELECT sp.layer, sp.a::INTEGER AS a, sp.b::INTEGER AS b, TRUE AS directed,
           sp.s::INTEGER AS start_year,
           CASE WHEN sp.e >= {COVERAGE_END} THEN NULL ELSE sp.e END::INTEGER AS end_year,
           1.0 AS weight, 'obligation' AS unit, NULL AS attributes, 'atop_ddy' AS source,
           'atopid:' || coalesce(r.ids, '?') AS source_ref, {COVERAGE_END}::INTEGER AS coverage_end,
           sp.e >= {COVERAGE_END} AS open_at_coverage_end
    FROM spells sp LEFT JOIN refs r USING (layer, a, b, s)
    ORDER BY layer, a, b, start_year"""
    return con.execute(sql).df()
