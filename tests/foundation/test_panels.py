"""Real-data checks of the panels: SIPRI ranks, ATOP direction, past coverage, row invariants."""
import pandas as pd
import pytest

import latticework as lw


def test_japan_sipri_rank_matches_sipri(real_db):
    c = real_db.capabilities("Japan", 2019, 2024).set_index("year")
    # SIPRI's published ranking (by current US$): 9th in 2021, 10th in 2022-2024
    assert c.loc[2021, "milex_rank"] == 9
    assert list(c.loc[2022:2024, "milex_rank"]) == [10, 10, 10]
    assert c.loc[2024, "milex_current_usd"] == pytest.approx(55_273.9e6, rel=1e-4)
    assert c.loc[2024, "milex_gdp_share"] == pytest.approx(0.0137, abs=5e-5)
    assert c.loc[2021, "milex_gdp_share"] == pytest.approx(0.0106, abs=5e-5)
    assert set(c.columns) >= {"milex_constant_usd", "milex_gdp_share", "milex_rank", "cinc", "milex_source"}
    # NMC stops in 2022: CINC after is missing and flagged, not zero
    assert pd.isna(c.loc[2023, "cinc"]) and c.loc[2023, "nmc_coverage"] == "past coverage"
    assert c.loc[2022, "cinc_source"].startswith("COW NMC")


def test_us_japan_atop_direction_and_past_coverage(real_db):
    d = real_db.dyad_years(directed=True, years=(1955, 2024), states=["USA"])
    us_jp = d[(d.ccode1 == 2) & (d.ccode2 == 740)].set_index("year")
    jp_us = d[(d.ccode1 == 740) & (d.ccode2 == 2)].set_index("year")
    assert (us_jp.loc[1960:2018, "atop_defense"] == 1).all()
    assert (jp_us.loc[1960:2018, "atop_defense"] == 0).all()
    assert (jp_us.loc[1960:2018, "atop_consul"] == 1).all()
    assert us_jp.loc[2019:2024, "atop_defense"].isna().all()
    assert (us_jp.loc[2019:2024, "atop_coverage"] == "past coverage").all()
    assert us_jp.loc[2023:2024, "cinc1"].isna().all()


def test_adding_data_never_changes_row_count(real_db):
    bare = real_db.dyad_years(with_=())
    full = real_db.dyad_years(with_=("alliances", "capabilities"))
    assert len(bare) == len(full) == 2_214_930
    und = real_db.dyad_years(directed=False, with_=("alliances",))
    assert len(und) * 2 == len(bare)
    sy = real_db.state_years(years=(2000, 2010), with_=())
    sy2 = real_db.state_years(years=(2000, 2010), with_=("capabilities", "economy", "alignment", "troops"))
    assert len(sy) == len(sy2)


def test_ties_in_force_and_carry_forward(real_db):
    t2018 = real_db.ties(layer="atop_defense", year=2018, state="JPN")
    assert ((t2018.a == 2) & (t2018.b == 740)).any()
    assert not ((t2018.a == 740) & (t2018.b == 2)).any()
    assert real_db.ties(layer="atop_defense", year=2024, state="JPN").empty
    cf = real_db.ties(layer="atop_defense", year=2024, state="JPN", carry_forward=True)
    row = cf[(cf.a == 2) & (cf.b == 740)]
    assert len(row) == 1 and bool(row["carried_forward"].iloc[0])


def test_cite_travels_with_results(real_db):
    c = real_db.capabilities("JPN", 2020, 2021)
    bib = lw.cite(c)
    assert "sipri2025milex" in bib and "singer1987reconstructing" in bib and "kinne2020dcad" not in bib
