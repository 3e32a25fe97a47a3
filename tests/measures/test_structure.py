"""Structure measures on tiny graphs worked out by hand, and on the real data."""
import math

import networkx as nx
import pytest

from latticework.errors import UnknownState, UsageError
from latticework.measures.structure import (centralization, closed_triads, hub_removal_fragmentation, hub_share,
                                            lattice_index, spoke_density, spoke_ties, structure)

H, S = "H", ["A", "B", "C", "D"]


def star():
    return nx.Graph([(H, s) for s in S])


def complete():
    return nx.complete_graph([H, *S])


def test_star():
    g = star()
    assert lattice_index(g, H, S) == 0.0
    assert spoke_density(g, H, S) == 0.0
    assert hub_share(g, H, S) == 1.0
    assert hub_removal_fragmentation(g, H, S) == 1.0
    assert centralization(g, H, S) == 1.0
    assert closed_triads(g, H, S) == 0 and spoke_ties(g, H, S) == []


def test_complete_graph():
    """5 nodes, all weight 1: spoke-spoke strength 6, spoke-hub 4 -> lattice 6/10; each spoke has
    4 ties of which 1 to the hub -> hub share 1/4; C(4,3) = 4 closed spoke triads."""
    g = complete()
    assert lattice_index(g, H, S) == pytest.approx(0.6)
    assert spoke_density(g, H, S) == 1.0
    assert hub_share(g, H, S) == pytest.approx(0.25)
    assert hub_removal_fragmentation(g, H, S) == 0.0
    assert centralization(g, H, S) == 0.0
    assert closed_triads(g, H, S) == 4


def test_weighted_partial_lattice():
    """Star with weights 1 plus A-B weight 0.5: lattice = 0.5 / (0.5 + 4) = 1/9; density 1/6;
    hub share = mean(1/1.5, 1/1.5, 1, 1) = 5/6; after removing H only A-B stay connected:
    5 of 6 pairs cut -> 5/6; degrees H4 A2 B2 C1 D1 -> (0+2+2+3+3)/(4*3) = 10/12."""
    g = star()
    g.add_edge("A", "B", weight=0.5)
    assert lattice_index(g, H, S) == pytest.approx(1 / 9)
    assert spoke_density(g, H, S) == pytest.approx(1 / 6)
    assert hub_share(g, H, S) == pytest.approx(5 / 6)
    assert hub_removal_fragmentation(g, H, S) == pytest.approx(5 / 6)
    assert centralization(g, H, S) == pytest.approx(10 / 12)


def test_no_ties_is_nan_not_zero():
    g = nx.Graph()
    g.add_nodes_from([H, *S])
    assert math.isnan(lattice_index(g, H, S)) and math.isnan(hub_share(g, H, S))


def test_errors(real_db):
    with pytest.raises(UsageError, match="unknown preset"):
        structure(real_db, preset="warsaw_pact")
    with pytest.raises(UnknownState):
        structure(real_db, hub="USA", spokes=["JPN", "Atlantis"])
    with pytest.raises(UsageError, match="twice"):
        lattice_index(star(), H, ["A", "A"])


def test_indo_pacific_rise_and_fall_of_seato(real_db):
    """DESIGN: SEATO (1954-77) tied THA, PHL, AUS, NZL to each other; after it, a near-pure star."""
    df = structure(real_db, preset="indo_pacific", years=(1960, 1990)).set_index("year")
    assert df.loc[1965, "lattice_index"] > 3 * df.loc[1985, "lattice_index"]
    assert df.loc[1985, "n_spoke_ties"] == 1 and df.loc[1985, "spoke_ties"][0].startswith("AUS–NZL")
    assert df.loc[1965, "closed_triads"] >= 1 and df.loc[1985, "closed_triads"] == 0


def test_non_aggression_does_not_fake_a_lattice(real_db):
    """By 2010 ATOP ties every Indo-Pacific spoke pair by non-aggression (TAC); alone they tie nobody."""
    only_nonagg = structure(real_db, preset="indo_pacific", years=(2010, 2010), layers=["atop_nonagg"]).iloc[0]
    assert len(only_nonagg["spoke_ties"]) == 15  # all 15 pairs have a non-aggression tie
    assert only_nonagg["spoke_density"] == 0.0 and only_nonagg["closed_triads"] == 0
    # With every layer, 2018 (no MME exercises after 2010) is not a full lattice either.
    full = structure(real_db, preset="indo_pacific", years=(2018, 2018)).iloc[0]
    assert full["spoke_density"] < 1.0
