"""Every measure, the strategy model and a scenario on the hand-built store of
``tests/ministore.py``: figures worked out on paper, no data mirror needed (issue 21)."""
import math

import pytest

import latticework as lw

SPOKES = ["JPN", "KOR", "PHL", "AUS"]


def test_structure_star_then_lattice(mini_db):
    """Hub–spoke strength: USA–JPN defence 1.0 + consultation 0.3 + basing 1.0 (50,000 troops,
    capped at 10,000) + arms 0.3 (1,000 TIV, capped at 100) = 2.6; USA–KOR 1.0 + 0.3 + 1.0 = 2.3;
    USA–PHL and USA–AUS 1.3 each: 7.5 in all. 2015–2017: no spoke–spoke tie, a pure star (lattice 0,
    hub share 1). 2018: JPN–AUS ledger access 0.8, so lattice = 0.8 / 8.3 = 0.096386, density 1/6,
    hub share = mean(2.6/3.4, 1, 1, 1.3/2.1) = 0.845938. 2020: JPN–PHL too: lattice 1.6 / 9.1 =
    0.175824, density 2/6 (SIPRI arms end in 2019 and are carried, flagged)."""
    s = lw.structure(mini_db, hub="USA", spokes=SPOKES, years=(2015, 2020)).set_index("year")
    assert (s.loc[2015:2017, "lattice_index"] == 0).all() and (s.loc[2015:2017, "hub_share"] == 1).all()
    assert s.loc[2018, "lattice_index"] == pytest.approx(0.8 / 8.3)
    assert s.loc[2018, "spoke_density"] == pytest.approx(1 / 6)
    assert s.loc[2018, "hub_share"] == pytest.approx((2.6 / 3.4 + 1 + 1 + 1.3 / 2.1) / 4)
    assert s.loc[2020, "lattice_index"] == pytest.approx(1.6 / 9.1)
    assert s.loc[2020, "spoke_density"] == pytest.approx(2 / 6) and s.loc[2020, "n_spoke_ties"] == 2
    assert s.loc[2018, "coverage_break"] and not s.loc[2017, "carried_forward"] and s.loc[2020, "carried_forward"]
    assert s.attrs["sources"] == ["atop_ddy", "ledger", "sipri_arms", "troopdata"]
    assert s.attrs["ledger_records"] == ["mini-jpn-aus-raa-2018", "mini-jpn-phl-raa-2020"]
    only_atop = lw.structure(mini_db, hub="USA", spokes=SPOKES, years=(2015, 2020), layers=["atop_defense"])
    assert only_atop.attrs["sources"] == ["atop_ddy"] and (only_atop["lattice_index"] == 0).all()


def test_asymmetry_us_japan_by_hand(mini_db):
    """2015: milex share 800,000 / 850,000 = 0.941176; US troops in Japan over Japan's personnel
    50,000 / 250,000 = 0.2; Japan's share of the 76,000 US troops abroad 0.657895; US share of
    Japan's arms imports 1,000 / 1,000 = 1; Japan's tie share with the USA 1 (its only partner):
    B's dependence (0.2 + 0.657895 + 1 + 1) / 4 = 0.714474. Obligations: (1.0 − 0.3) / 2.4 =
    0.291667. 2018: Japan's tie share falls to 2.6 / 3.4 = 0.764706 with the access agreement."""
    a = lw.asymmetry(mini_db, "USA", "JPN", years=(2015, 2020)).set_index("year")
    r = a.loc[2015]
    assert r["milex_share_a"] == pytest.approx(800_000 / 850_000)
    assert r["troops_vs_own_forces"] == pytest.approx(0.2)
    assert r["share_of_patron_abroad"] == pytest.approx(50_000 / 76_000)
    assert r["arms_import_share_b"] == 1.0 and r["tie_share_b"] == 1.0
    assert r["dependence_b_on_a"] == pytest.approx((0.2 + 50_000 / 76_000 + 1 + 1) / 4)
    assert r["obligation_asymmetry"] == pytest.approx(0.7 / 2.4)
    assert a.loc[2018, "tie_share_b"] == pytest.approx(2.6 / 3.4)
    # NMC personnel end in 2016: carried with their age, then missing
    assert a.loc[2017, "carried_components"] == {"troops_vs_own_forces": 1}
    assert a.attrs["ledger_records"] == []  # no ledger tie between the USA and Japan
    assert {"sipri_milex", "troopdata", "sipri_arms", "atop_ddy", "ledger"} <= set(a.attrs["sources"])


def test_criticality_by_hand(mini_db):
    """2020, Taiwan Strait, 1,500 km: Kadena (Japan) and Manila (the Philippines' capital: no US
    site listed there) are in range, Yokota, Camp Humphreys and Canberra are not: reach loss 1/2
    each. The commitment graph is a star plus JPN–AUS and JPN–PHL: from the USA every state is at
    distance 1 (harmonic 4); without any one spoke it is 3, a connectivity loss of 1/4."""
    c = lw.criticality(mini_db, "USA", 2020, theatre="taiwan_strait").set_index("state")
    assert c.attrs["access_points_in_range"] == 2
    assert c.loc["JPN", "reach_loss"] == 0.5 and c.loc["PHL", "reach_loss"] == 0.5
    assert c.loc["KOR", "reach_loss"] == 0 and c.loc["AUS", "reach_loss"] == 0
    assert c.loc["JPN", "access_point_kind"] == "base coordinates" and c.loc["PHL", "access_point_kind"] == "capital"
    for s in SPOKES:
        assert c.loc[s, "connectivity_loss"] == pytest.approx(0.25)
    assert c.attrs["ledger_records"] == ["mini-jpn-aus-raa-2018", "mini-jpn-phl-raa-2020"]


def test_strategy_indicators_by_hand(mini_db):
    """Japan 2018: spending 1.2 % of GDP -> 1.2 / (1.2 + 2) = 0.375; against its region's median
    share (JPN 1.2, PHL, THA, NZL 1.3, CHN 1.7, AUS 1.9, KOR 2.6 -> 1.3 %), r = 1.2 / 1.3 and
    r / (1 + r) = 1.2 / 2.5 = 0.48; against its rival China's spending 50,000 / 300,000 = 1/6:
    self-reliance = their mean 0.340556. Patron dependence: the US guarantee × China's share of the
    pair's spending 250,000 / 300,000 = 0.833333; the US share of Japan's arms imports 1; US troops
    1 − e^(−50,000/10,000) = 0.993262; the percentile of Japan's UN agreement with the USA among the
    8 states (0.3, 0.5, 0.6, 0.6, 0.7, 0.7, 0.7, 1.0: Japan's average rank 6 of 8) = 0.75."""
    import json

    st = lw.strategy(mini_db, "JPN", years=(2015, 2020), n_perturb=5).set_index("year")
    comps = json.loads(st.loc[2018, "components"])
    r = st.loc[2018]
    sr = comps["self_reliance"]
    assert sr["effort_norm"] == pytest.approx(1.2 / 3.2)
    assert sr["raw"]["region_median_share"] == pytest.approx(0.013)
    assert sr["effort_region"] == pytest.approx(0.48)
    assert sr["rival_balance"] == pytest.approx(50_000 / 300_000) and sr["raw"]["rival"] == 710
    assert r["self_reliance"] == pytest.approx((0.375 + 0.48 + 1 / 6) / 3)
    pd_ = comps["patron_dependence"]
    assert pd_["guarantee_gap"] == pytest.approx(250_000 / 300_000)
    assert pd_["arms_share"] == 1.0 and pd_["hosted_troops"] == pytest.approx(1 - math.exp(-5))
    assert pd_["un_followership"] == pytest.approx(0.75)
    assert r["patron"] == 2 and r["rival"] == 710
    assert comps["partner_breadth"]["n_ledger_partners"] == 1 and comps["partner_breadth"]["partners"] == [900]
    assert "ledger" in st.attrs["sources"] and st.attrs["ledger_records"] == ["mini-jpn-aus-raa-2018", "mini-jpn-phl-raa-2020"]


def test_scenario_bases_denied_by_hand(mini_db):
    """Denying US basing in Japan in 2020: Japan's share of US troops abroad 0.657895 -> 0; the
    access points in range 2 -> 1 (Kadena goes; Manila stays), so the Philippines then holds all
    the reach (1.0); Japan's patron dependence loses its troop component: mean(0.833333, 1,
    0.993262, 0.75) = 0.894149 -> mean(0.833333, 1, 0, 0.75) = 0.645833 (UN votes end in 2019 here,
    and their last percentile is carried to 2020, the store's coverage saying so). The
    strategy's cross-sections are rebuilt for the scenario's world (they were cached by the
    store's path, so a scenario read the base troops)."""
    from latticework.models.scenarios import run_scenario

    res = run_scenario(mini_db, {"name": "mini", "base_year": 2020, "edits": [{"kind": "deny_basing", "state": "JPN"}],
                                 "focus": {"hub": "USA", "preset": "indo_pacific", "states": ["JPN"]}})
    a = res["tables"]["asymmetry"][0]
    assert a["share_of_patron_abroad_baseline"] == pytest.approx(50_000 / 76_000) and a["share_of_patron_abroad_scenario"] == 0
    reach = {r["measure"]: r for r in res["tables"]["reach"]}["access_points_in_range"]
    assert (reach["value_baseline"], reach["value_scenario"]) == (2.0, 1.0)
    crit = {r["state"]: r for r in res["tables"]["criticality"]}
    assert crit["PHL"]["reach_loss_scenario"] == 1.0 and crit["JPN"]["reach_loss_scenario"] == 0.0
    s = res["tables"]["strategy"][0]
    assert s["patron_dependence_baseline"] == pytest.approx((250_000 / 300_000 + 1 + 1 - math.exp(-5) + 0.75) / 4)
    assert s["patron_dependence_scenario"] == pytest.approx((250_000 / 300_000 + 1 + 0 + 0.75) / 4)


def test_monte_carlo_on_the_mini_store(mini_db):
    """Basing in Japan denied with probability 0.5, 40 seeded runs: two worlds; Japan's share of US
    troops abroad is 0.657895 in one and 0 in the other, so its distribution spans both values
    and its mean lies strictly between them."""
    from latticework.models.scenarios import run_scenario

    sc = {"name": "mc", "base_year": 2020, "edits": [{"kind": "deny_basing", "state": "JPN", "probability": 0.5}],
          "focus": {"hub": "USA", "preset": "indo_pacific", "states": ["JPN"]}}
    mc = run_scenario(mini_db, sc, runs=40, seed=1)["monte_carlo"]
    assert mc["distinct_worlds"] == 2 and mc["runs"] == 40
    reach = mc["measures"]["reach.access_points_in_range"]
    assert reach["p5"] == 1.0 and reach["p95"] == 2.0 and 1.0 < reach["mean"] < 2.0


def test_api_over_the_mini_store(mini_db):
    """The web API answers from the mini store: a state resolved by name, the structure rows and
    the strategy payload with its sources, without the mirror."""
    from fastapi.testclient import TestClient

    from latticework.present.web import create_app

    client = TestClient(create_app(mini_db.path, mini_db.cache_dir))
    st = client.get("/api/state/Republic of Korea").json()
    assert st["state"]["code"] == "KOR" and {r["year"] for r in st["spending"]} >= {2015, 2020}
    assert [a["partners"] for a in st["alliances_in_force"]] == [["USA"]] and st["versions"]["atop_ddy"] == "5.1"
    s = client.get("/api/strategy/Japan").json()
    assert s["state"] == "JPN" and {r["year"] for r in s["rows"]} >= {2018, 2020}
    assert any(x["name"] == "ledger" for x in s["sources"])
    assert client.get("/api/state/Atlantis").status_code == 404


@pytest.mark.parametrize("text,verdict,record", [
    ("Japan and the Philippines signed a defence agreement in 2020.", "supported", "mini-jpn-phl-raa-2020"),
    ("Japan and the Philippines signed a defence agreement in 2019.", "partly", "mini-jpn-phl-raa-2020"),
    ("Japan and China held talks in Beijing in 2019.", "not_checkable", None),
])
def test_event_claims_against_the_ledger(mini_db, text, verdict, record):
    """An event the text states is looked up in the ledger (issue 18): the mini ledger holds a
    Japan–Philippines access agreement of 2020 and nothing between Japan and China. Same group of
    types, the same two states, the same year: supported; the year before: partly, naming the
    record; no record: not checkable (a selection, never a contradiction)."""
    from latticework.models.claim_check import check_text

    rows = [r for r in check_text(mini_db, text, document_date="2021-01-01") if r["kind"] == "event"]
    assert len(rows) == 1 and rows[0]["verdict"] == verdict
    assert (rows[0]["compared_with"] or {}).get("record") == record
    assert rows[0]["verdict"] != "contradicted"


def test_an_event_record_must_name_what_the_sentence_names(mini_db):
    """The states, the group of types and the year are not enough: the mini ledger's one record of
    2020 ("JPN and PHL sign an access agreement") shares no content word with a sentence about a
    semiconductor initiative of the same states and year (roots: launc, semic, suppl, initi against
    sign, acces, agree, hand-, recor), so the sentence is not checkable, and the reason says that a
    record exists but names something else."""
    from latticework.models.claim_check import check_text

    text = "Japan and the Philippines launched a semiconductor supply-chain initiative in 2020."
    rows = [r for r in check_text(mini_db, text, document_date="2021-01-01") if r["kind"] == "event"]
    assert len(rows) == 1 and rows[0]["verdict"] == "not_checkable" and rows[0]["compared_with"] is None
    assert "holds 1 record(s)" in rows[0]["reason"] and "none naming what the sentence names" in rows[0]["reason"]


def test_arms_totals_are_summed_in_a_fixed_order(mini_db):
    """US deliveries to Japan, 1,000 TIV a year 2015–2019 (one tie a year): the totals per dyad-year,
    sorted, the same on every call (DuckDB's parallel GROUP BY summed floats in a varying order)."""
    from latticework.views.queries import arms_dyad_totals

    a = arms_dyad_totals(mini_db)
    assert a.to_dict("records") == [{"a": 2, "b": 740, "year": y, "tiv": 1000.0} for y in range(2015, 2020)]
    assert arms_dyad_totals(mini_db).equals(a)
