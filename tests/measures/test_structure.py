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


def test_lattice_undefined_with_fewer_than_two_spokes_tied_to_the_hub():
    """Only A-B tied (no hub ties): 1946-49 in the Indo-Pacific, which read 1.0. With H-A and
    H-B at 1 and A-B at 0.5: 0.5 / (0.5 + 2) = 0.2; drop H-B and the index is undefined."""
    g = nx.Graph()
    g.add_nodes_from([H, *S])
    g.add_edge("A", "B", weight=1.0)
    assert math.isnan(lattice_index(g, H, S))
    g.add_edge(H, "A", weight=1.0)
    assert math.isnan(lattice_index(g, H, S))
    g.add_edge(H, "B", weight=1.0)
    g["A"]["B"]["weight"] = 0.5
    assert lattice_index(g, H, S) == pytest.approx(0.2)


def test_multilateral_exercises_weigh_one_over_n_minus_one():
    """A pair that held two MME exercises in a year, one of 3 states and one of 2: 1/2 + 1/1 =
    1.5 (was 2). A ledger exercise of 4 states (6 pair ties, count 1): 1/3 per pair. RIMPAC-size
    (29 states): 1/28 per pair. Other layers keep their weight."""
    import pandas as pd

    from latticework.views.networks import pair_weights

    t = pd.DataFrame({"layer": ["mme_exercise", "ledger_exercise", "ledger_exercise", "ledger_exercise",
                                "ledger_exercise", "ledger_exercise", "ledger_exercise", "atop_defense"],
                      "a": [1, 10, 10, 10, 20, 20, 30, 1], "b": [2, 20, 30, 40, 30, 40, 40, 2],
                      "weight": [2.0, 1, 1, 1, 1, 1, 1, 1.0], "start_year": [2000] * 8,
                      "source_ref": ["mme:X,Y", *["rec"] * 6, "atop"]})
    pw = pair_weights(t, {("X", 2000): 3, ("Y", 2000): 2})
    assert pw[0] == pytest.approx(1.5)
    assert pw[1:7] == pytest.approx([1 / 3] * 6)
    assert pw[7] == 1.0
    big = pd.DataFrame({"layer": "mme_exercise", "a": [1], "b": [2], "weight": [1.0], "start_year": [2024],
                        "source_ref": ["mme:R"]})
    assert pair_weights(big, {("R", 2024): 29})[0] == pytest.approx(1 / 28)


def test_lattice_1946_to_2024_real(real_db):
    """Issue 16: 1946-49 undefined (no US alliance in the region; it read 1.0); 2022-24 no longer
    saturated (density read 1.0 / 0.8 / 1.0, one RIMPAC tying every pair); non-aggression is a
    layer the user adds."""
    df = structure(real_db, preset="indo_pacific", years=(1946, 2024)).set_index("year")
    assert df.loc[1946:1949, "lattice_index"].isna().all()
    assert df.loc[1952:2024, "lattice_index"].notna().all()
    assert (df.loc[2022:2024, "spoke_density"] < 0.8).all()
    assert (df.loc[2022:2024, "closed_triads"] < 20).all()
    assert "atop_nonagg" not in df.attrs["layers"]
    assert not any("atop_nonagg" in t for t in df.loc[2024, "spoke_ties"])
    tha_nzl = [t for t in df.loc[2024, "spoke_ties"] if t.startswith("THA–NZL")]
    assert not tha_nzl or float(tha_nzl[0].split()[1]) < 0.3  # a shared RIMPAC no longer ties them
    with_nonagg = structure(real_db, preset="indo_pacific", years=(2024, 2024),
                            layers=df.attrs["layers"] + ["atop_nonagg"]).iloc[0]
    assert with_nonagg["lattice_index"] > df.loc[2024, "lattice_index"]
    assert df["coverage_break"].sum() <= 8 and df.loc[2011, "coverage_break"]  # MME ends in 2010


def test_provenance_is_the_ties_used_by_hand():
    """Four ties worked by hand: an ATOP tie 1950–, a basing tie 1950–1960, a ledger access tie
    2010– from two records, a SIPRI arms tie outside the nodes. For 1955 on {1, 2, 3}: atop + basing;
    for 2015: atop + the two ledger records; with the ledger layer weighted 0: atop only."""
    import pandas as pd

    from latticework.views.networks import tie_provenance
    from latticework.views.ties import TieTable

    f = pd.DataFrame({
        "layer": ["atop_defense", "basing", "ledger_access", "arms"], "a": [1, 1, 2, 1], "b": [2, 3, 3, 9],
        "start_year": [1950, 1950, 2010, 1950], "end_year": [None, 1960, None, None],
        "weight": [1.0, 5000.0, 1.0, 10.0], "source": ["atop_ddy", "troopdata", "ledger", "sipri_arms"],
        "source_ref": ["atopid:1", "troops", "rec-b,rec-a", "deals:1"], "coverage_end": [2030, 2030, None, 2030],
        "open_at_coverage_end": [True, False, False, True]})
    f["end_year"] = f["end_year"].astype("Float64")
    f["coverage_end"] = f["coverage_end"].astype("Float64")
    tt = TieTable(f)
    assert tie_provenance(tt, [1955], [1, 2, 3]) == {"sources": ["atop_ddy", "troopdata"], "ledger_records": []}
    assert tie_provenance(tt, [2015], [1, 2, 3]) == {"sources": ["atop_ddy", "ledger"], "ledger_records": ["rec-a", "rec-b"]}
    assert tie_provenance(tt, [2015], [1, 2, 3], weights={"ledger_access": 0}) == {"sources": ["atop_ddy"], "ledger_records": []}
    assert tie_provenance(tt, [1955], [1, 2, 3], layers=["arms"]) == {"sources": [], "ledger_records": []}


def test_structure_cites_what_it_used_real(real_db):
    """Only non-aggression pacts: only ATOP is cited (was a fixed list naming SIPRI arms and DCAD);
    2022–2024 with every layer: the ledger is cited with the ids of the records behind its ties."""
    nonagg = structure(real_db, preset="indo_pacific", years=(1960, 1990), layers=["atop_nonagg"])
    assert nonagg.attrs["sources"] == ["atop_ddy"] and nonagg.attrs["ledger_records"] == []
    recent = structure(real_db, preset="indo_pacific", years=(2022, 2024))
    assert {"atop_ddy", "ledger"} <= set(recent.attrs["sources"])
    ids = set(real_db.events()["event_id"])
    assert recent.attrs["ledger_records"] and set(recent.attrs["ledger_records"]) <= ids
