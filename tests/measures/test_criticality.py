"""Criticality: hand-checked connectivity on tiny graphs, reach on the real data."""
import networkx as nx
import pytest

from latticework.errors import UsageError
from latticework.measures.criticality import connectivity_loss, criticality, haversine_km


def test_star_each_spoke_loses_one_nth():
    """Star H-A..D: harmonic = 4; removing A leaves 3 -> loss 1/4 for each spoke."""
    g = nx.Graph([("H", s) for s in "ABCD"])
    assert connectivity_loss(g, "H") == {s: pytest.approx(0.25) for s in "ABCD"}


def test_chain_linchpin():
    """H-A-B-C: harmonic = 1 + 1/2 + 1/3 = 11/6; removing A cuts all -> loss 1; removing B leaves
    1 -> (11/6 - 1)/(11/6) = 5/11; removing C leaves 1.5 -> (1/3)/(11/6) = 2/11."""
    g = nx.path_graph(["H", "A", "B", "C"])
    loss = connectivity_loss(g, "H")
    assert loss["A"] == pytest.approx(1.0) and loss["B"] == pytest.approx(5 / 11) and loss["C"] == pytest.approx(2 / 11)


def test_diamond_shared_paths_lose_only_themselves():
    """H-A, H-B, A-C, B-C: C is reached through A or B, so removing A (or B) loses only its own
    1/1 of the harmonic total 1 + 1 + 1/2 = 2.5 -> 0.4; removing C loses 1/2 -> 0.2."""
    g = nx.Graph([("H", "A"), ("H", "B"), ("A", "C"), ("B", "C")])
    assert connectivity_loss(g, "H") == {"A": pytest.approx(0.4), "B": pytest.approx(0.4), "C": pytest.approx(0.2)}


@pytest.mark.parametrize("seed", range(5))
def test_dominator_shortcut_equals_removing_each_node(seed):
    """Only shortest-path dominators get a new search; every value must equal the brute force."""
    g = nx.gnm_random_graph(60, 90, seed=seed)
    g.add_edges_from((0, v) for v in range(1, 60, 7))
    harmonic = lambda h: sum(1 / d for v, d in nx.single_source_shortest_path_length(h, 0).items() if v != 0)  # noqa: E731
    base = harmonic(g)
    loss = connectivity_loss(g, 0)
    for v in nx.node_connected_component(g, 0) - {0}:
        h = g.copy()
        h.remove_node(v)
        assert loss[v] == pytest.approx((base - harmonic(h)) / base), v


def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.01)


def test_taiwan_strait_2024(real_db):
    c = criticality(real_db, "USA", 2024, theatre="taiwan_strait").set_index("state")
    assert c["reach_loss"].sum() == pytest.approx(1.0)
    assert c["reach_loss"].idxmax() == "JPN"
    assert "CHN" not in c.index or c.loc["CHN", "reach_loss"] == 0  # no commitment, no access
    with pytest.raises(UsageError, match="unknown theatre"):
        criticality(real_db, "USA", 2024, theatre="atlantis")
    with pytest.raises(UsageError, match="positive radius"):
        criticality(real_db, "USA", 2024, radius_km=0)


def test_near_duplicate_sites_are_one():
    """'Camo Kinser' / 'Camp Kinser' (same place), 'Yokota AB, Tokyo' / 'Yokota Air Force Base,
    Fussa' (33 km apart, same name without type words) are one site each; Kadena stays apart."""
    import pandas as pd

    from latticework.measures.criticality import dedupe_sites

    b = pd.DataFrame({"ccode": 740, "basename": ["Camo Kinser, Makiminato", "Camp Kinser, Makiminato", "Yokota AB, Tokyo",
                                                 "Yokota Air Force Base, Fussa", "Kadena AB, Okinawa"],
                      "lat": [26.265937, 26.265937, 35.689488, 35.738451, 26.355556],
                      "lon": [127.72383, 127.72383, 139.69171, 139.32693, 127.7675], "base": 1})
    d = dedupe_sites(b)
    assert len(d) == 3 and d["merged"].tolist() == [["Camp Kinser, Makiminato"], ["Yokota Air Force Base, Fussa"], []]


def test_presence_threshold_and_dated_access_real(real_db):
    """Issue 16: 48 US troops in Russia, or a dozen in Burundi, are no commitment (threshold 100);
    the Philippines' listed sites count only from 2016 (EDCA signed 2014, upheld by the Supreme
    Court 2016-01-12, ledger), so in 2010 they give no access point (they gave 3); Japan's 42 rows
    are 36 sites."""
    from latticework.measures.criticality import access_geography, site_access_years

    c24 = criticality(real_db, "USA", 2024).set_index("state")
    for s in ("RUS", "BDI"):  # no longer direct US ties (both ranked at or above Japan before)
        assert s not in c24.index or c24.loc[s, "connectivity_loss"] < c24.loc["JPN", "connectivity_loss"]
    phl = site_access_years(real_db, "USA")[840]
    assert (2016, float("inf")) in phl and not any(a <= 2010 <= b for a, b in phl)
    c10 = criticality(real_db, "USA", 2010).set_index("state")
    assert "PHL" not in c10.index or c10.loc["PHL", "access_points_in_range"] == 0
    c16 = criticality(real_db, "USA", 2016).set_index("state")
    assert c16.loc["PHL", "access_points_in_range"] == 3 and c16.loc["PHL", "access_point_kind"] == "base coordinates"
    assert (access_geography(real_db)[0]["ccode"] == 740).sum() == 36


def test_criticality_cites_what_it_used_real(real_db):
    """2024 reads ledger access and defence-pact ties (named by record) beside ATOP, troops and
    DCAD; 1960 reads no ledger tie in force then except those dated before it, and DCAD (from 1980) not at all."""
    from latticework.measures.criticality import criticality

    late = criticality(real_db, "USA", 2024)
    assert {"atop_ddy", "troopdata", "ledger"} <= set(late.attrs["sources"])
    assert late.attrs["ledger_records"] and set(late.attrs["ledger_records"]) <= set(real_db.events()["event_id"])
    early = criticality(real_db, "USA", 1960)
    assert "dcad" not in early.attrs["sources"] and "atop_ddy" in early.attrs["sources"]
