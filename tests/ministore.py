"""A small hand-built store: six states, 2015–2020, every table the measures, the scenarios and
the API read, written so that the figures can be worked out on paper (issue 21: tests that run
without the data mirror).

The world
---------
States: USA (2), Japan (740), South Korea (732), the Philippines (840), Australia (900), China
(710), and Thailand (800) and New Zealand (920) without any tie (so the ``indo_pacific`` preset
resolves), all members throughout. Years 2015–2020.

Ties (``ties`` table; weights of ``views.networks.LAYER_WEIGHTS``):

* ATOP defence, directed, USA→JPN, USA→KOR, USA→PHL, USA→AUS, in force 1951/1953/1951/1951 to
  open (ATOP coverage ends 2018; the treaties are open then, so carried forward in 2019–2020);
  JPN→USA, KOR→USA, PHL→USA, AUS→USA consultation (0.3).
* Ledger access, JPN–AUS from 2018 (record ``mini-jpn-aus-raa-2018``) and JPN–PHL from 2020
  (``mini-jpn-phl-raa-2020``), undirected, weight 1 agreement each.
* Basing, USA→JPN 50,000 troops and USA→KOR 25,000, each year 2015–2020 (troopdata).
* Arms, USA→JPN 1,000 TIV a year 2015–2020 (SIPRI arms, coverage to 2019).

So the US Indo-Pacific system {USA; JPN, KOR, PHL, AUS} is a pure star until 2017 (lattice index 0,
no spoke–spoke tie), gains one spoke–spoke tie in 2018 (JPN–AUS) and a second in 2020 (JPN–PHL).

Capabilities: SIPRI spending (constant and current US$ m, % of GDP, world rank) and NMC personnel
(thousands) per state-year, constant over time except Japan's share of GDP, 1.0 % to 2017 and
1.2 % from 2018. US troops hosted: Japan 50,000, Korea 25,000, the Philippines 0 (rotational, not
reported), Australia 1,000; US troops abroad in all 76,000 (Germany-like rows are left out: the
mini world has no other host).
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from latticework.store import SCHEMA_VERSION

YEARS = list(range(2015, 2021))
STATES = [(2, "USA", "United States of America", "USA"), (740, "JPN", "Japan", "JPN"),
          (732, "ROK", "South Korea", "KOR"), (840, "PHI", "Philippines", "PHL"),
          (900, "AUL", "Australia", "AUS"), (710, "CHN", "China", "CHN"), (800, "THI", "Thailand", "THA"),
          (920, "NEW", "New Zealand", "NZL")]
CODE = {iso: c for c, _, _, iso in STATES}

#: SIPRI spending (constant 2023 US$ m), % of GDP, world rank; NMC personnel (thousands)
SPENDING = {2: (800_000.0, 3.4, 1, 1_300.0), 740: (50_000.0, 1.0, 9, 250.0), 732: (45_000.0, 2.6, 10, 600.0),
            840: (5_000.0, 1.3, 50, 140.0), 900: (30_000.0, 1.9, 13, 58.0), 710: (250_000.0, 1.7, 2, 2_000.0),
            800: (6_000.0, 1.3, 40, 360.0), 920: (3_000.0, 1.3, 60, 9.0)}
TROOPS = {740: 50_000, 732: 25_000, 900: 1_000, 840: 0}

SOURCES = [
    # name, first, last, version
    ("atop_ddy", 1815, 2018, "5.1"), ("cow_nmc", 1816, 2016, "6.0"), ("sipri_milex", 1949, 2020, "mini 2021"),
    ("sipri_arms", 1950, 2019, "mini register"), ("troopdata", 1950, 2020, "mini"), ("dcad", 1980, 2010, "1.0"),
    ("cow_system", 1816, 2016, "2016"), ("cow_trade", 1870, 2014, "4.0"), ("wdi", 1960, 2020, "mini"),
    ("cow_igo", 1816, 2014, "3.0"), ("unga", 1946, 2019, "mini"), ("tss_rivalries", 1816, 2020, "mini"),
    ("gml_mid", 1816, 2010, "2.2"), ("ps_misc", 1816, 2020, "mini"),
]


def _ties() -> pd.DataFrame:
    rows = []
    for iso, since in (("JPN", 1951), ("KOR", 1953), ("PHL", 1951), ("AUS", 1951)):
        rows.append(("atop_defense", 2, CODE[iso], True, since, None, 1.0, "alliance", "atop_ddy", "atopid:1", 2018, True))
        rows.append(("atop_consul", CODE[iso], 2, True, since, None, 1.0, "alliance", "atop_ddy", "atopid:1", 2018, True))
    rows.append(("ledger_access", 740, 900, False, 2018, None, 1.0, "agreement", "ledger", "mini-jpn-aus-raa-2018", None, False))
    rows.append(("ledger_access", 740, 840, False, 2020, None, 1.0, "agreement", "ledger", "mini-jpn-phl-raa-2020", None, False))
    for y in YEARS:
        rows.append(("basing", 2, 740, True, y, y, 50_000.0, "troops", "troopdata", f"troops:{y}", 2020, False))
        rows.append(("basing", 2, 732, True, y, y, 25_000.0, "troops", "troopdata", f"troops:{y}", 2020, False))
        if y <= 2019:
            rows.append(("arms", 2, 740, True, y, y, 1_000.0, "tiv", "sipri_arms", f"deals:{y}", 2019, False))
    t = pd.DataFrame(rows, columns=["layer", "a", "b", "directed", "start_year", "end_year", "weight", "unit", "source",
                                    "source_ref", "coverage_end", "open_at_coverage_end"])
    t.insert(0, "tie_id", range(1, len(t) + 1))
    t["start_date"] = pd.to_datetime(t["start_year"].astype(str) + "-01-01")
    t["end_date"] = pd.to_datetime([None if pd.isna(y) else f"{int(y)}-12-31" for y in t["end_year"]])
    t["attributes"] = "{}"
    t["end_year"] = t["end_year"].astype("Int64")
    t["coverage_end"] = t["coverage_end"].astype("Int64")
    return t[["tie_id", "layer", "a", "b", "directed", "start_year", "end_year", "start_date", "end_date", "weight",
              "unit", "attributes", "source", "source_ref", "coverage_end", "open_at_coverage_end"]]


def _events() -> pd.DataFrame:
    src = json.dumps([{"publisher": "Mini ministry", "title": "A hand-made record", "date": "2018-01-01",
                       "url": "https://example.org/mini"}])
    rows = [("mini-jpn-aus-raa-2018", "ACCESS_AGREEMENT", "2018-01-15", 2018, "signed", ["JPN", "AUS"]),
            ("mini-jpn-phl-raa-2020", "ACCESS_AGREEMENT", "2020-07-01", 2020, "signed", ["JPN", "PHL"])]
    return pd.DataFrame([{"event_id": i, "origin": "ledger", "type": t, "date": d, "date_start": pd.Timestamp(d),
                          "date_end": pd.Timestamp(d), "year": y, "date_kind": k, "actors": a, "actors_text": ", ".join(a),
                          "summary": f"{a[0]} and {a[1]} sign an access agreement (hand-made record).",
                          "quantities": "[]", "attributes": "{}", "sources": src, "verified": True,
                          "file": "tests/ministore.py", "line": 1} for i, t, d, y, k, a in rows])


def build(path: Path) -> Path:
    """Write the mini store to ``path`` (a DuckDB file) and return the path."""
    path = Path(path)
    if path.exists():
        path.unlink()
    con = duckdb.connect(str(path))
    try:
        states = pd.DataFrame([(c, abb, name, 1816 if c == 2 else 1946, 2016, iso) for c, abb, name, iso in STATES],
                              columns=["ccode", "stateabb", "statenme", "styear", "endyear", "iso3"])
        names = []
        for c, abb, name, iso in STATES:
            names += [(iso.lower(), iso, c, iso, "iso3", 1), (name.lower(), name, c, iso, "cow_name", 2)]
        names += [("republic of korea", "Republic of Korea", 732, "KOR", "alias", 3),
                  ("united states", "United States", 2, "USA", "alias", 3)]
        names = pd.DataFrame(names, columns=["key", "name", "ccode", "iso3", "kind", "priority"])
        regexes = pd.DataFrame({"regex": pd.Series([], dtype=str), "ccode": pd.Series([], dtype="int32")})
        caps = pd.DataFrame([(c, y, None, v[3], None, None, v[0], v[0] * 1.1,
                              (1.2 if (c == 740 and y >= 2018) else v[1]) / 100, v[2])
                             for c, v in SPENDING.items() for y in YEARS],
                            columns=["ccode", "year", "milex_nmc_kusd", "milper_k", "tpop_k", "cinc", "milex_constant_usd_m",
                                     "milex_current_usd_m", "milex_gdp_share", "milex_rank"])
        caps.loc[caps["year"] > 2016, "milper_k"] = None  # NMC ends in 2016 here: carried, flagged
        troops = pd.DataFrame([(c, y, n, float(n), f"{y}-09", 1, 0, True) for c, n in TROOPS.items() for y in YEARS],
                              columns=["ccode", "year", "troops", "troops_all", "report", "n_reports", "n_placeholder",
                                       "is_state"])
        bases = pd.DataFrame([(740, "JPN", "Yokota Air Base", 35.75, 139.35, 1, 0, 0),
                              (740, "JPN", "Kadena Air Base", 26.35, 127.77, 1, 0, 0),
                              (732, "KOR", "Camp Humphreys", 36.96, 127.03, 1, 0, 0)],
                             columns=["ccode", "iso3", "basename", "lat", "lon", "base", "lilypad", "fundedsite"])
        capitals = pd.DataFrame([(2, "Washington", 38.9, -77.0, 1800, 2016), (740, "Tokyo", 35.68, 139.69, 1868, 2016),
                                 (732, "Seoul", 37.57, 126.98, 1948, 2016), (840, "Manila", 14.6, 120.98, 1946, 2016),
                                 (900, "Canberra", -35.28, 149.13, 1913, 2016), (710, "Beijing", 39.9, 116.4, 1949, 2016),
                                 (800, "Bangkok", 13.75, 100.5, 1816, 2016), (920, "Wellington", -41.29, 174.78, 1920, 2016)],
                                columns=["ccode", "capital", "lat", "lon", "start_year", "end_year"])
        majors = pd.DataFrame([(2, 1898, 2016), (710, 1950, 2016)], columns=["ccode", "styear", "endyear"])
        arms = pd.DataFrame([(740, y, 1_000.0, 0.0) for y in YEARS if y <= 2019] + [(2, y, 0.0, 1_000.0) for y in YEARS if y <= 2019],
                            columns=["ccode", "year", "tiv_imports", "tiv_exports"])
        sources = pd.DataFrame([{"name": n, "title": f"{n} (mini)", "producer": "hand-made", "version": v,
                                 "homepage": "https://example.org", "data_home": "https://example.org",
                                 "coverage": f"{a}-{b}", "first_year": a, "last_year": b, "licence": "test data",
                                 "citation_keys": "", "citation": f"{n} (mini)", "files": "[]"} for n, a, b, v in SOURCES])
        meta = pd.DataFrame([("schema_version", str(SCHEMA_VERSION)), ("built_at", "2026-01-01T00:00:00+00:00"),
                             ("cache", "mini"), ("tables", "{}")], columns=["key", "value"])
        # exports (COW goods, US$ m, to 2014 — none here; WDI current US$ after): Japan 5 % of the
        # mini world's exports, China 20 %, the USA 30 %; IGO memberships
        share = {2: 0.30, 740: 0.05, 732: 0.05, 840: 0.01, 900: 0.03, 710: 0.20, 800: 0.01, 920: 0.01}
        igo = {2: 80.0, 740: 70.0, 732: 60.0, 840: 50.0, 900: 65.0, 710: 55.0, 800: 50.0, 920: 60.0}
        economy = pd.DataFrame([(c, y, 30.0, 1e12, share[c] * 1e13, share[c] * 1e13, None, None, igo[c], None, None, None)
                                for c in share for y in YEARS],
                               columns=["ccode", "year", "trade_gdp_pct", "gdp_usd", "exports_usd", "imports_usd",
                                        "cow_imports_musd", "cow_exports_musd", "igo_full", "sdp_gdp_log",
                                        "oda_constant_usd_m", "oda_gni_pct"])
        # UN votes: the allies agree with the USA 70 % of the time, China 30 %
        agree = {2: 1.0, 740: 0.7, 732: 0.7, 840: 0.6, 900: 0.7, 710: 0.3, 800: 0.5, 920: 0.6}
        alignment = pd.DataFrame([(c, y, 0.0, -0.1, 0.1, 80, agree[c], 1 - agree[c], 1 - agree[c], 0.5)
                                  for c in agree for y in YEARS if y <= 2019],
                                 columns=["ccode", "year", "ideal_point", "ideal_point_q5", "ideal_point_q95", "n_votes",
                                          "us_agree", "china_agree", "russia_agree", "india_agree"])
        # China is Japan's (positional, TSS) rival every year; no MID
        rivalry = pd.DataFrame([(a, b, 0, None, None, y, 213.0, 1, 1, 0, 0, 0, 1, 1) for y in YEARS for a, b in ((740, 710), (710, 740))],
                               columns=["ccode1", "ccode2", "td_rivalry", "td_type", "td_id", "year", "tss_id", "tss_positional",
                                        "tss_spatial", "tss_ideological", "tss_interventionary", "tss_principal", "tss_aprin",
                                        "tss_rivalry"])
        mids = pd.DataFrame({c: pd.Series([], dtype="int32") for c in
                             ["dispnum", "ccode1", "ccode2", "year", "midonset", "midongoing", "sidea1", "sidea2", "revstate1",
                              "revstate2", "orig1", "orig2", "hostlev", "fatality", "hiact", "mindur", "maxdur", "recip", "stmon"]})
        # the four US bilateral treaties (ATOP-like ids 1–4), in force at the end of 2018; the
        # US–Japan treaty is asymmetric (the USA defends Japan, Japan only consults)
        allies = [(1, 740, 1951), (2, 732, 1953), (3, 840, 1951), (4, 900, 1951)]
        atop_alliances = pd.DataFrame([(i, y, None, 1, 1, 0, 0, 0, 1, int(c == 740), 0, 0, 0, 0, 0, int(c in (740, 732)), 0,
                                        f"2,{c}", 0) for i, c, y in allies],
                                      columns=["atopid", "begyr", "endyr", "bilat", "defense", "offense", "neutral", "nonagg",
                                               "consul", "asymm", "milcon", "milaid", "intcom", "subord", "organ1", "base",
                                               "contrib", "members", "milinst"])
        atop_members = pd.DataFrame([(i, m, 0, y, None, int(m == 2 or c != 740), 0, 0, 0, 1, int(c == 740), 0, 0, 0, 0)
                                     for i, c, y in allies for m in (2, c)],
                                    columns=["atopid", "member", "phase", "yrent", "yrexit", "defense", "offense", "neutral",
                                             "nonagg", "consul", "asymm", "obvary", "base", "subord", "milaid"])
        for f in (atop_alliances, atop_members):
            for col in ("endyr", "yrexit"):
                if col in f:
                    f[col] = f[col].astype("Int64")
        tables = {"atop_alliances": atop_alliances, "atop_members": atop_members, "economy": economy, "alignment": alignment, "rivalry_dyad_years": rivalry, "mid_dispute_years": mids,
                  "states": states, "state_names": names, "state_regexes": regexes, "capabilities": caps,
                  "ties": _ties(), "events": _events(), "sources": sources, "meta": meta, "troops": troops,
                  "bases": bases, "capitals": capitals, "major_powers": majors, "arms_trade": arms}
        for name, df in tables.items():
            con.register("_df", df)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _df')
            con.unregister("_df")
        con.execute("ALTER TABLE capabilities ALTER milex_rank TYPE INTEGER")
    finally:
        con.close()
    return path
