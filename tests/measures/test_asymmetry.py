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
    """1990 by hand from the store: US troops in Japan (September 1990 report) 46,593 against
    NMC personnel 249 thousand -> 0.1871; Japan's share of US troops in foreign states is the same
    46,593 over their sum; dependence = mean of the available components."""
    a = asymmetry(real_db, "USA", "JPN", years=(1990, 1990)).iloc[0]
    troops = real_db.sql("SELECT troops FROM troops WHERE ccode = 740 AND year = 1990")["troops"].iloc[0]
    milper = real_db.sql("SELECT milper_k FROM capabilities WHERE ccode = 740 AND year = 1990")["milper_k"].iloc[0]
    assert a["troops_vs_own_forces"] == pytest.approx(troops / (milper * 1000))
    comps = [a[c] for c in ("troops_vs_own_forces", "share_of_patron_abroad", "arms_import_share_b", "tie_share_b")]
    assert a["dependence_b_on_a"] == pytest.approx(sum(comps) / 4)
    assert a["asymmetry_index"] == pytest.approx(a["dependence_b_on_a"] - a["dependence_a_on_b"])
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
