"""Peace-science parity (issue 23) and one identity per state-year (issue 16, item 1).

Hand-worked cases first (the whittling rules on a tiny dispute table), then the real store:
figures the producers and peacesciencer publish, the row-count invariant for every new verb,
and the cases an analyst checks first (USA–JPN, CHN–JPN, Japan's regime and GDP, Germany).
"""
import json

import pandas as pd

from latticework.sources.datasets.conflict import whittle_dispute_years
from latticework.sources.membership import STATE_YEAR_COLUMNS

NA = pd.NA


def _dy(rows):
    cols = ["dispnum", "ccode1", "ccode2", "year", "midonset", "fatality", "hostlev", "mindur", "maxdur",
            "recip", "stmon"]
    return pd.DataFrame(rows, columns=cols).astype({c: "Int32" for c in cols})


def test_whittle_rules_worked_by_hand():
    dy = _dy([
        # (1, 2, 2000): A is ongoing, B and C are onsets -> onsets first; C's unknown fatality
        # (-9, stored NULL) ranks 0.5, above B's 0 -> C
        (1, 1, 2, 2000, 0, 3, 4, 100, 100, 1, 1),
        (2, 1, 2, 2000, 1, 0, 4, 1, 1, 0, 2),
        (3, 1, 2, 2000, 1, NA, 2, 1, 1, 0, 3),
        # (1, 2, 2001): same onset, fatality, hostility -> the longer minimum duration (E)
        (4, 1, 2, 2001, 1, 1, 3, 10, 90, 0, 1),
        (5, 1, 2, 2001, 1, 1, 3, 20, 20, 0, 1),
        # (3, 4, 2000): all equal but reciprocation -> G; (3, 4, 2001): all equal but month -> I
        (6, 3, 4, 2000, 1, 0, 2, 1, 1, 0, 1),
        (7, 3, 4, 2000, 1, 0, 2, 1, 1, 1, 1),
        (8, 3, 4, 2001, 1, 0, 2, 1, 1, 0, 5),
        (9, 3, 4, 2001, 1, 0, 2, 1, 1, 0, 3),
        # (3, 4, 2002): identical -> the lower dispute number
        (11, 3, 4, 2002, 1, 0, 2, 1, 1, 0, 3),
        (10, 3, 4, 2002, 1, 0, 2, 1, 1, 0, 3),
    ])
    got = whittle_dispute_years(dy).set_index(["ccode1", "ccode2", "year"])["dispnum"].to_dict()
    assert got == {(1, 2, 2000): 3, (1, 2, 2001): 5, (3, 4, 2000): 7, (3, 4, 2001): 9, (3, 4, 2002): 10}


def test_published_counts_reproduced(real_db):
    q = lambda sql: int(real_db.sql(sql).iloc[0, 0])
    # GML MID 2.2.1 as peacesciencer documents it: 2,174 disputes, 10,276 directed dispute-years
    assert q("SELECT count(*) FROM mid_disputes") == 2174
    assert q("SELECT count(*) FROM mid_dispute_years") == 10276
    assert q("SELECT count(*) FROM mid_participants") == 5217
    # no dyad-year twice after whittling; every dyad-year of the dispute-years is kept once
    assert q("SELECT count(*) FROM mid_dyad_years") == q(
        "SELECT count(*) FROM (SELECT DISTINCT ccode1, ccode2, year FROM mid_dispute_years)") == 9284
    # COW inter-state war 4.0: 95 wars (Reiter, Stam and Horowitz 2016 review all ninety-five);
    # peacesciencer's directed war-years: 1,932 rows
    assert q("SELECT count(DISTINCT warnum) FROM war_dyad_years") == 95
    # UCDP/PRIO 25.1: 56, 59 and 61 state-based conflicts active in 2022, 2023 and 2024 (PRIO's
    # Conflict Trends and Davies et al. 2025: 2024 the most since 1946)
    n = real_db.sql("SELECT year, count(*) AS n FROM ucdp_conflict_years WHERE year >= 2022 GROUP BY 1 ORDER BY 1")
    assert n["n"].tolist() == [56, 59, 61]
    # rivalries: 264 (Thompson, Sakuwa and Suhas) and 197 (Thompson and Dreyer)
    assert q("SELECT count(*) FROM tss_rivalries") == 264
    assert q("SELECT count(*) FROM rivalries") == 197
    assert q("SELECT count(*) FROM leaders") == 3409


def test_new_verbs_never_change_the_row_count(real_db):
    verbs = ["mids", "wars", "ucdp", "rivalries", "threat", "democracy", "gdp"]
    full = real_db.dyad_years(directed=True, with_=("alliances", "capabilities", *verbs))
    assert len(full) == 2_214_930
    assert full[["ccode1", "ccode2", "year"]].equals(
        real_db.dyad_years(directed=True, with_=())[["ccode1", "ccode2", "year"]])
    bare = real_db.state_years(years=(1946, 2024), with_=())
    sy = real_db.state_years(years=(1946, 2024), with_=("democracy", "gdp", "threat", "ucdp", "mids", "wars",
                                                        "rivalries", "leaders"))
    assert len(sy) == len(bare) and sy[["ccode", "year"]].equals(bare[["ccode", "year"]])
    for v in verbs:
        assert f"{v}_coverage" in full.columns


def test_china_japan_rivalry_and_the_2010_senkaku_dispute(real_db):
    d = real_db.dyad_years(directed=True, years=(1990, 2024), states=["JPN"], with_=("mids", "rivalries"))
    jc = d[(d.ccode1 == 740) & (d.ccode2 == 710)].set_index("year")
    # TSS: China-Japan 2 runs 1996-2020 (positional and spatial); 2021 on is past coverage
    assert jc.loc[1995, "tss_rivalry"] == 0 and (jc.loc[1996:2020, "tss_rivalry"] == 1).all()
    assert jc.loc[2010, "tss_positional"] == 1 and jc.loc[2010, "tss_spatial"] == 1
    assert jc.loc[2021:, "tss_rivalry"].isna().all() and (jc.loc[2021:, "rivalries_coverage"] == "past coverage").all()
    # Thompson-Dreyer ends in 2010: its flag is NULL after, not 0
    assert jc.loc[2010, "td_rivalry"] == 1 and pd.isna(jc.loc[2011, "td_rivalry"])
    # 2010: two disputes (4489 from April, hostility 3; 4491 from September, hostility 4, Japan on
    # side A with a seizure, the month of the Senkaku trawler arrest): the more hostile one is kept
    assert jc.loc[2010, "gml_dispnum"] == 4491 and jc.loc[2010, "gmlmidonset"] == 1
    assert jc.loc[2010, "gml_hostlev"] == 4 and jc.loc[2010, "gml_sidea1"] == 1
    part = real_db.sql("SELECT ccode, stmon, hiact FROM mid_participants WHERE dispnum = 4491 ORDER BY ccode")
    assert part.set_index("ccode").loc[740, "stmon"] == 9 and part.set_index("ccode").loc[740, "hiact"] == 15
    # no dispute in 2000 within coverage: 0, not NULL; after 2010: NULL and flagged
    assert jc.loc[2000, "gmlmidonset"] == 0 and pd.isna(jc.loc[2000, "gml_hostlev"])
    assert jc.loc[2011:, "gmlmidonset"].isna().all() and (jc.loc[2011:, "mids_coverage"] == "past coverage").all()
    # the United States and Japan: no rivalry and no war since 1990
    uj = d[(d.ccode1 == 740) & (d.ccode2 == 2)].set_index("year")
    assert (uj.loc[1990:2010, "tss_rivalry"] == 0).all()


def test_japan_regime_gdp_leaders(real_db):
    s = real_db.state_years(states="JPN", years=(1950, 2024), with_=("democracy", "gdp", "leaders", "ucdp")).set_index("year")
    # Polity5 codes Japan 10 from 1952 to 2018 and ends in 2018; V-Dem v16 runs to 2025
    assert (s.loc[1960:2018, "polity2"] == 10).all() and s.loc[2019:, "polity2"].isna().all()
    assert (s.loc[1960:2024, "v2x_polyarchy"] > 0.8).all()
    # GDP estimates end in 2019: NULL with the flag after
    assert s.loc[2019, "gdp"] > s.loc[1960, "gdp"] > 0 and pd.isna(s.loc[2020, "gdp"])
    assert s.loc[2020, "gdp_coverage"] == "past coverage" and s.loc[2019, "gdp_sd"] > 0
    # Archigos 4.1: Kishi in 1960, Kan in 2010 (two leaders that year), to 2015
    assert s.loc[1960, "leader"] == "Kishi" and s.loc[2010, "leader"] == "Naoto Kan" and s.loc[2010, "leader_count"] == 2
    assert pd.isna(s.loc[2016, "leader"]) and s.loc[2016, "leaders_coverage"] == "past coverage"
    # no armed conflict as a primary party: 0 inside UCDP's years
    assert (s.loc[1950:2024, "ucdpongoing"] == 0).all()


def test_every_stored_state_year_is_a_member_or_reported(real_db):
    """Per source and table: a (code, year) that is not a COW member is in the identity report."""
    rep = real_db.sql('SELECT "table", "column", sum(rows) AS n FROM identity_report '
                      "WHERE status = 'not a COW member that year' GROUP BY 1, 2")
    rep = {(t, c): int(n) for t, c, n in rep.itertuples(index=False)}
    members = "(SELECT ccode, styear, CASE WHEN endyear >= 2016 THEN 9999 ELSE endyear END AS endyear FROM states)"
    for table, (cols, _source) in STATE_YEAR_COLUMNS.items():
        for code, year in cols:
            n = int(real_db.sql(f'''SELECT count(*) FROM "{table}" t WHERE t."{code}" IS NOT NULL AND t."{year}" IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM {members} s WHERE s.ccode = t."{code}" AND t."{year}" BETWEEN s.styear AND s.endyear)''').iloc[0, 0])
            assert n == rep.get((table, code), 0), (table, code, n)


def test_germany_keeps_its_us_troops_after_unification(real_db):
    t = real_db.sql("SELECT ccode, year, troops FROM troops WHERE ccode IN (255, 260) ORDER BY year")
    # COW: West Germany 260 to 1990-10-02, Germany 255 from 1990-10-03
    assert set(t[t.year >= 1991]["ccode"]) == {255} and set(t[t.year.between(1955, 1990)]["ccode"]) == {260}
    assert t[(t.year >= 1991) & (t.year <= 2024)]["troops"].gt(10_000).all()
    # one network node: the basing ties to Germany after 1990 sit on 255, none on 260
    ties = real_db.sql("SELECT layer, b, start_year FROM ties WHERE layer IN ('basing', 'arms') AND b = 260 AND start_year > 1990")
    assert ties.empty
    rep = real_db.sql("SELECT * FROM identity_report WHERE code = 260 AND member = 255")
    assert set(rep["table"]) >= {"troops", "ties"}


def test_data_status_counts_remapped_rows(real_cache, real_store_path, monkeypatch):
    from typer.testing import CliRunner

    from latticework.cli import app

    monkeypatch.setenv("LATTICEWORK_CACHE", str(real_cache))
    monkeypatch.setenv("LATTICEWORK_STORE", str(real_store_path))
    res = CliRunner().invoke(app, ["data", "status", "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    for name in ("gml_mid", "ucdp_acd", "ucdp_onsets", "cow_war_inter", "cow_war_intra", "tss_rivalries",
                 "terrthreat", "archigos", "lead", "democracy", "fariss_gdppop", "isard_system"):
        assert rows[name]["verified"] is True
    assert rows["troopdata"]["remapped"] >= 35 and rows["sipri_arms"]["remapped"] >= 241


def test_main_rival_rule_on_real_cases(real_db):
    from latticework.views.rivals import main_rival

    jp = main_rival(real_db, "JPN", (1990, 2024)).set_index("year")
    # TSS China-Japan 2 from 1996; after 2020 the rivalry ongoing in 2020 is carried and flagged
    assert (jp.loc[1996:2024, "rival_iso3"] == "CHN").all() and jp.loc[1996, "rule"] == "only rivalry"
    assert jp.loc[2020, "carried_from"] is pd.NA and (jp.loc[2021:, "carried_from"] == 2020).all()
    # before 1996 no rivalry: the state with most dispute years (the Soviet Union/Russia)
    assert jp.loc[1990, "rival_iso3"] == "RUS" and jp.loc[1990, "rule"] == "disputes"
    tr = main_rival(real_db, "TUR", (1960, 2024)).set_index("year")
    assert (tr["rival_iso3"] == "GRC").all() and (tr["rule"] == "principal rivalry").all()
    us = main_rival(real_db, "USA", (1996, 2024)).set_index("year")
    assert (us["rival_iso3"] == "CHN").all()


def test_a_year_gets_the_same_main_rival_whatever_span_is_asked(real_db):
    """Disputes used to count from the state's last entry before the *span's* end: Japan 1930-45
    asked alone had China as main rival ("most disputes"), the same years inside 1930-2000 had the
    United States ("larger capability", no disputes counted: Japan's 1952 re-entry came first)."""
    from latticework.views.rivals import main_rival

    alone = main_rival(real_db, "JPN", (1930, 1945)).set_index("year")
    inside = main_rival(real_db, "JPN", (1930, 2000)).set_index("year").loc[1930:1945]
    assert alone["rival_iso3"].tolist() == inside["rival_iso3"].tolist()
    assert alone.loc[1937, "rival_iso3"] == "CHN" and alone.loc[1937, "rule"] == "rivalry, most disputes"
    late = main_rival(real_db, "PHL", (2000, 2024)).set_index("year")
    assert late["rival"].equals(main_rival(real_db, "PHL", (1946, 2024)).set_index("year").loc[2000:, "rival"])


def test_disputes_after_the_mids_end_come_from_the_ledgers_coercion_records(real_db):
    """GML MIDs end in 2010. The Philippines' disputes with China in the MIDs run to 2001, so the
    ten-year window 2001-2010 holds one dispute year and China stops being its main rival in 2010
    (the MIDs' 2001 window is what it is: the world, seen through the data, was calm). After 2010 the
    window used to freeze on 2001-2010, so Scarborough Shoal (2012) and the water-cannon incidents
    (2021-24) never counted and the Philippines had no rival to 2024. Worked by hand on a ledger cut
    down to one record: frozen 2001-2010 (1) + one coercion year (1) = 2 dispute years, the rule's
    threshold, from that year for ten years."""
    from latticework.views.rivals import ledger_disputes, main_rival

    ph = main_rival(real_db, "PHL", (2005, 2024)).set_index("year")
    assert ph.loc[2009, "rival_iso3"] == "CHN" and ph.loc[2010, "rival_iso3"] is None
    assert (ph.loc[2012:2024, "rival_iso3"] == "CHN").all() and ph.loc[2012, "rule"] == "disputes"
    assert "ledger" in ph.attrs["sources"]

    ev = real_db.table("events")
    one = ev[ev["event_id"].eq("ap-chn-phl-water-cannon-2023-08")]     # a single coercion year, 2023
    cut = real_db.overlay({"events": one})
    lone = main_rival(cut, "PHL", (2005, 2024)).set_index("year")
    assert lone.loc[2010:2022, "rival_iso3"].isna().all()
    assert (lone.loc[2023:2024, "rival_iso3"] == "CHN").all() and lone.loc[2023, "dispute_years"] == 2
    # one dispute year per pair and year, from the ledger only after the MIDs end
    d = ledger_disputes(real_db, real_db.state("PHL"))
    # 2026: the Second Thomas Shoal incident of 20 July 2026 (sd-chn-phl-second-thomas-shoal-incident-2026-07)
    assert set(d["year"]) == {2012, 2021, 2023, 2024, 2026} and set(d["rival"]) == {710}
    assert not d.duplicated(["rival", "year"]).any()
    # no ledger at all: after 2010 the window is the MIDs' last ten years, as before
    none = main_rival(real_db.overlay({"events": ev.iloc[0:0]}), "PHL", (2011, 2024))
    assert none["rival_iso3"].isna().all()
