"""Asymmetry on a dyad worked out on paper (through the real store) and on US–Japan."""
import pytest

from latticework.errors import UnknownState
from latticework.measures.asymmetry import asymmetry


def test_us_japan_obligations_are_one_sided(real_db):
    a = asymmetry(real_db, "USA", "JPN", years=(1960, 2018)).set_index("year")
    assert (a["defense_a_to_b"] == 1).all() and (a["defense_b_to_a"] == 0).all()
    # USA->JPN: defence 1.0 + consultation 0.3 (+ nonagg 0.1); JPN->USA: consultation 0.3 + nonagg 0.1
    # -> (1.4 - 0.4) / (1.0 + 0.8 + 0.2 + 0.1 + 0.3 = 2.4) = 0.4167
    assert a.loc[2000, "obligation_asymmetry"] == pytest.approx(1.0 / 2.4)


def test_us_japan_components_by_hand(real_db):
    """1990, worked on paper from the staged data (troopdata, NMC 6.0, SIPRI arms register):
    46,593 US troops in Japan against 250 thousand Japanese personnel -> 0.186372; Japan's share of
    the 503,585 US troops in foreign states (territories left out) -> 0.092523; US deliveries to
    Japan 2,172.31 of Japan's 2,279.32 TIV of imports -> 0.953051; Japan supplied no arms to the
    US -> 0. B's dependence is the mean of its four components, the tie share 0.835939 being the
    one figure taken from the store rather than from paper (it sums every weighted tie of Japan):
    (0.186372 + 0.092523 + 0.953051 + 0.835939) / 4 = 0.516971. A's dependence (0.219702) is a
    regression figure of this build."""
    a = asymmetry(real_db, "USA", "JPN", years=(1990, 1990)).iloc[0]
    assert a["troops_vs_own_forces"] == pytest.approx(46_593 / 250_000, abs=1e-6)
    assert a["arms_import_share_b"] == pytest.approx(2172.307979 / 2279.32102, abs=1e-6)
    assert a["arms_import_share_a"] == 0.0
    assert a["share_of_patron_abroad"] == pytest.approx(46_593 / 503_585, abs=1e-6)
    assert a["tie_share_b"] == pytest.approx(0.835939, abs=1e-6)
    assert a["dependence_b_on_a"] == pytest.approx((0.186372 + 0.092523 + 0.953051 + 0.835939) / 4, abs=1e-6)
    assert a["dependence_a_on_b"] == pytest.approx(0.219702, abs=1e-6)
    assert a["asymmetry_index"] == pytest.approx(0.516971 - 0.219702, abs=2e-6)
    assert a["complete"]


def test_past_coverage_is_carried_and_flagged_not_dropped(real_db):
    """NMC personnel end in 2022 and SIPRI arms in 2023: in 2024 both are carried, with their
    age, so the index averages the same components as in 2022 (issue 16)."""
    a = asymmetry(real_db, "USA", "JPN", years=(2021, 2024)).set_index("year")
    last = a.loc[2024]
    assert last["carried_components"] == {"troops_vs_own_forces": 2, "arms_import_share_b": 1, "arms_import_share_a": 1}
    assert last["missing_components"] == [] and last["complete"]
    assert last["obligations_carried"]  # ATOP ends in 2018; the 1960 treaty is open, so carried forward
    assert (a["n_components_b"] == 4).all() and (a["n_components_a"] == 5).all()
    assert not a["coverage_break"].any()
    # comparable: the index moved 0.40 -> 0.46 -> 0.20 from 2022 to 2024 before the fix
    steps = a["asymmetry_index"].diff().abs().dropna()
    assert steps.max() < 0.02, steps


def test_unknown_state(real_db):
    with pytest.raises(UnknownState):
        asymmetry(real_db, "USA", "Japna")


# ---- a tiny world, worked out on paper (issue 16: dependence both ways, carried values) --------
def _tiny_world(real_db):
    """USA with defence ties to JPN, KOR, DEU; 600/300/100 US troops there; JPN's sites are
    Kinser (listed twice, "Camo"/"Camp") and Kadena on Okinawa, KOR's Humphreys, DEU's Ramstein
    and Grafenwoehr; arms in 2020 only: USA->JPN 30, KOR->JPN 10, JPN->USA 5, DEU->USA 15 (TIV m);
    Japan's personnel 250,000 in 2020 and none recorded in 2021."""
    import pandas as pd

    tmpl = real_db.table("ties").iloc[:0]
    rows = []

    def tie(layer, a, b, y0, y1, w, source, cov):
        rows.append({"tie_id": len(rows) + 1, "layer": layer, "a": a, "b": b, "directed": True, "start_year": y0,
                     "end_year": y1, "weight": w, "unit": "x", "source": source, "source_ref": f"t{len(rows)}",
                     "coverage_end": cov, "open_at_coverage_end": False})

    for host, n in ((740, 600), (732, 300), (255, 100)):
        tie("atop_defense", 2, host, 2000, 2030, 1.0, "atop_ddy", 2030)
        for y in (2020, 2021):
            tie("basing", 2, host, y, y, float(n), "troopdata", 2025)
    for a, b, tiv in ((2, 740, 30.0), (732, 740, 10.0), (740, 2, 5.0), (255, 2, 15.0)):
        tie("arms", a, b, 2020, 2020, tiv, "sipri_arms", 2023)
    ties = pd.concat([tmpl, pd.DataFrame(rows)], ignore_index=True).astype({c: tmpl[c].dtype for c in tmpl.columns
                                                                            if c in ("tie_id", "a", "b", "start_year")})
    troops = pd.DataFrame([{"ccode": c, "year": y, "troops": n, "troops_all": float(n), "report": "t", "n_reports": 1,
                            "n_placeholder": 0, "is_state": True}
                           for y in (2020, 2021) for c, n in ((2, 1000), (740, 600), (732, 300), (255, 100))])
    bases = pd.DataFrame([(740, "JPN", "Camp Kinser, Makiminato", 26.265937, 127.72383), (740, "JPN", "Camo Kinser, Makiminato", 26.265937, 127.72383),
                          (740, "JPN", "Kadena AB, Okinawa", 26.355556, 127.7675), (732, "KOR", "Camp Humphreys", 36.96, 127.03),
                          (255, "DEU", "Ramstein AB", 49.44, 7.60), (255, "DEU", "Grafenwoehr", 49.70, 11.94)],
                         columns=["ccode", "iso3", "basename", "lat", "lon"]).assign(base=1, lilypad=0, fundedsite=0)
    caps = real_db.table("capabilities").iloc[:0]
    caps = pd.concat([caps, pd.DataFrame([{"ccode": 740, "year": 2020, "milper_k": 250.0}])], ignore_index=True)
    return real_db.overlay({"ties": ties, "troops": troops, "bases": bases, "capabilities": caps})


def test_patron_side_components_by_hand(real_db, monkeypatch):
    """Theatre on Okinawa (26.0 N, 127.5 E), radius 1,500 km: Kinser and Kadena (~40 km) and
    Humphreys (~1,220 km) are in range, Germany is not.
    - partner_share_of_patron_troops = 600 / (600 + 300 + 100) = 0.6
    - partner_share_of_patron_sites  = 2 (Kinser once, Kadena) / (2 + 1 + 2) = 0.4
    - partner_share_of_patron_reach  = 2 / 3 in range (the only theatre)
    - arms_import_share_a = 5 / (5 + 15) = 0.25; arms_import_share_b = 30 / (30 + 10) = 0.75
    - tie shares (layer weight x magnitude): USA-JPN defence 1 + basing 1 x 600/10,000 + arms
      0.3 x 30/100 + 0.3 x 5/100 = 1.165; USA-KOR 1 + 0.03 = 1.03; USA-DEU 1 + 0.01 + 0.045 =
      1.055; KOR-JPN 0.3 x 10/100 = 0.03. tie_share_a = 1.165 / 3.25 = 0.35846,
      tie_share_b = 1.165 / 1.195 = 0.97490; troops_vs_own_forces = 600 / 250,000 = 0.0024.
    - dependence_a_on_b = (0.25 + 0.35846 + 0.6 + 0.4 + 0.66667) / 5 = 0.45503
    - dependence_b_on_a = (0.0024 + 0.6 + 0.75 + 0.97490) / 4 = 0.58182."""
    from latticework.measures import criticality

    monkeypatch.setattr(criticality, "THEATRES", {"okinawa": (26.0, 127.5)})
    w = _tiny_world(real_db)
    a = asymmetry(w, "USA", "JPN", years=(2020, 2021)).set_index("year")
    r = a.loc[2020]
    assert r["partner_share_of_patron_troops"] == pytest.approx(0.6)
    assert r["partner_share_of_patron_sites"] == pytest.approx(0.4)
    assert r["partner_share_of_patron_reach"] == pytest.approx(2 / 3)
    assert r["arms_import_share_a"] == pytest.approx(0.25) and r["arms_import_share_b"] == pytest.approx(0.75)
    assert r["tie_share_a"] == pytest.approx(1.165 / 3.25) and r["tie_share_b"] == pytest.approx(1.165 / 1.195)
    assert r["troops_vs_own_forces"] == pytest.approx(0.0024)
    assert r["dependence_a_on_b"] == pytest.approx(0.455026, abs=1e-6)
    assert r["dependence_b_on_a"] == pytest.approx(0.581824, abs=1e-6)
    assert r["carried_components"] == {} and r["complete"]


def test_missing_values_are_carried_with_their_age(real_db, monkeypatch):
    """2021 has troops but no personnel and no arms: personnel and both arms shares come from
    2020 (age 1); the ties of 2021 have no arms: tie_share_a = 1.06 / (1.06 + 1.03 + 1.01)."""
    from latticework.measures import criticality

    monkeypatch.setattr(criticality, "THEATRES", {"okinawa": (26.0, 127.5)})
    r = asymmetry(_tiny_world(real_db), "USA", "JPN", years=(2020, 2021)).set_index("year").loc[2021]
    assert r["carried_components"] == {"troops_vs_own_forces": 1, "arms_import_share_b": 1, "arms_import_share_a": 1}
    assert r["troops_vs_own_forces"] == pytest.approx(0.0024) and r["arms_import_share_b"] == pytest.approx(0.75)
    assert r["tie_share_a"] == pytest.approx(1.06 / 3.10) and r["tie_share_b"] == pytest.approx(1.0)
    assert r["complete"] and not r["coverage_break"]


def test_us_dependence_on_japan_real(real_db):
    """Issue 16: US dependence on Japan was ~0.008 in every year (arms and tie shares only).
    With the patron-side components it is about a quarter: Japan hosts ~28 % of US troops in
    foreign states, ~21 % of the dated US sites and 75 % of US reach into the Taiwan Strait."""
    a = asymmetry(real_db, "USA", "JPN", years=(2024, 2024)).iloc[0]
    assert a["partner_share_of_patron_troops"] == pytest.approx(a["share_of_patron_abroad"])
    assert 0.25 < a["partner_share_of_patron_troops"] < 0.31
    assert 0.15 < a["partner_share_of_patron_sites"] < 0.3
    assert a["partner_share_of_patron_reach"] >= 0.75
    assert a["dependence_a_on_b"] > 0.2 and a["n_components_a"] == 5
    assert a["host_nation_support_agreement"] is None  # the ledger records no Japanese SMA
    k = asymmetry(real_db, "USA", "KOR", years=(2022, 2022)).iloc[0]
    assert k["host_nation_support_agreement"] == 1  # 11th SMA in force from 2021 (ledger)


def test_asymmetry_cites_what_it_used_real(real_db):
    """USA–Japan in the 1950s uses no ledger tie between them and names none; 2020–2024 names the
    ledger records behind the US–Japan ties, all of which exist; SIPRI milex, NMC, ATOP, troops and
    arms are read in both."""
    from latticework.measures.asymmetry import asymmetry

    early = asymmetry(real_db, "USA", "JPN", years=(1950, 1960))
    assert early.attrs["ledger_records"] == []
    assert {"cow_nmc", "sipri_milex", "atop_ddy", "troopdata", "sipri_arms"} <= set(early.attrs["sources"])
    late = asymmetry(real_db, "USA", "JPN", years=(2020, 2024))
    assert "ledger" in late.attrs["sources"] and late.attrs["ledger_records"]
    assert set(late.attrs["ledger_records"]) <= set(real_db.events()["event_id"])
