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
