"""The one rule of tie validity (``views.ties``), on ties worked out by hand, and every caller
agreeing with it on the mini store (issue 21: the rule had four implementations)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from latticework.views.ties import MAX_CARRY_AGE, TieTable, in_force_rows, last_years

#: five ties, one per case of the rule (years by hand):
#: 0 ended 2012                          -> last 2012, carried 2012
#: 1 open, source covers to 2018, open   -> last 2018, carried inf (ATOP treaty in force in 2018)
#: 2 open, source covers to 2018, closed -> last 2018, carried 2018 (the source saw it end)
#: 3 open, no coverage end (ledger)      -> last inf,  carried inf
#: 4 arms observation in 2023 = coverage end -> last 2023, carried 2023 + 3 = 2026
#: 5 arms observation in 2021 < coverage end -> last 2021, carried 2021 (not the last year)
HAND = pd.DataFrame({
    "layer": ["atop_defense", "atop_defense", "atop_consul", "ledger_access", "arms", "arms"],
    "a": [1, 2, 3, 4, 5, 6], "b": [10, 20, 30, 40, 50, 60],
    "start_year": [2000, 1951, 1960, 2020, 2023, 2021],
    "end_year": pd.array([2012, None, None, None, 2023, 2021], dtype="Int64"),
    "coverage_end": pd.array([2018, 2018, 2018, None, 2023, 2023], dtype="Int64"),
    "open_at_coverage_end": [False, True, False, None, False, False],
    "weight": [1.0] * 6,
})


def test_last_years_by_hand():
    plain, carried = last_years(HAND)
    assert plain.tolist() == [2012, 2018, 2018, np.inf, 2023, 2021]
    assert carried.tolist() == [2012, np.inf, 2018, np.inf, 2023 + MAX_CARRY_AGE, 2021]


def test_in_force_masks_by_hand():
    tt = TieTable(HAND)
    live, cf = tt.in_force_mask(2025)
    assert live.tolist() == [False, True, False, True, True, False]
    assert cf.tolist() == [False, True, False, False, True, False]      # 1 and 4 only by carrying
    live, cf = tt.in_force_mask(2025, carry_forward=False)
    assert live.tolist() == [False, False, False, True, False, False] and not cf.any()
    assert tt.in_force_mask(2027)[0].tolist() == [False, True, False, True, False, False]
    first, last = tt.years_in_force(2010, 2030)
    assert first.tolist() == [2010, 2010, 2010, 2020, 2023, 2021]
    assert last.tolist() == [2012, 2030, 2018, 2030, 2026, 2021]


def test_in_force_rows_is_the_same_rule():
    assert in_force_rows(HAND, 2013, 2017).index.tolist() == [1, 2]
    assert in_force_rows(HAND, 2024, 2026).index.tolist() == [1, 3, 4]
    assert in_force_rows(HAND, 2024, 2026, carry_forward=False).index.tolist() == [3]


def test_every_caller_agrees_on_the_mini_store(mini_db):
    """The panel view, the network and the yearly mask give the same ties for every year."""
    from latticework.views import panels
    from latticework.views.networks import tie_frame

    tt = tie_frame(mini_db)
    for year in range(2015, 2024):
        for carry in (False, True):
            mask, cf = tt.in_force_mask(year, carry)
            panel = panels.ties(mini_db, year=year, carry_forward=carry)
            assert sorted(panel["tie_id"]) == sorted(tt.frame.loc[mask, "tie_id"]), (year, carry)
            assert int(panel["carried_forward"].sum()) == int(cf[mask].sum()), (year, carry)
    # the mini store's SIPRI arms end in 2019 (coverage end): 2019's delivery carries to 2022
    arms = panels.ties(mini_db, layer="arms", year=2022, carry_forward=True)
    assert arms["start_year"].tolist() == [2019] and arms["carried_forward"].all()
    assert panels.ties(mini_db, layer="arms", year=2023, carry_forward=True).empty


def test_a_year_past_the_data_is_past_coverage_not_an_extrapolation(mini_db):
    """The mini store's data end in 2020 (``latest_year``): a network of 2030 used to come back
    built from the open treaties carried forward; now every year-taking view refuses it."""
    import pytest

    from latticework.errors import PastCoverage, UsageError
    from latticework.views.networks import network, system_graph

    assert mini_db.latest_year == 2020
    with pytest.raises(PastCoverage, match="after the store's last year 2020"):
        network(mini_db, 2030)
    with pytest.raises(PastCoverage):
        system_graph(mini_db, 2021, [2, 740])
    assert issubclass(PastCoverage, UsageError)
    assert network(mini_db, 2020).number_of_edges() > 0


def test_a_numpy_integer_is_a_cow_code(mini_db):
    """A code taken from a DataFrame is a NumPy integer: it resolved through country_converter as
    an ISO numeric code (740 -> Suriname) before; now it is read as the COW code it is."""
    import numpy as np

    assert mini_db.state(np.int64(740)).iso3 == "JPN" and mini_db.state(np.int32(2)).iso3 == "USA"


def test_an_unknown_layer_is_refused_by_every_graph(mini_db):
    """network() refused a layer name without a weight; system_graph() let it weigh 0 silently."""
    import pytest

    from latticework.errors import UsageError
    from latticework.views.networks import network, system_graph

    for f in (lambda: network(mini_db, 2019, layers=["atop_defence"]),
              lambda: system_graph(mini_db, 2019, [2, 740], layers=["atop_defence"]),
              lambda: system_graph(mini_db, 2019, [2, 740], weights={"basin": 1.0})):
        with pytest.raises(UsageError, match="unknown layers"):
            f()


def test_an_overlay_refuses_an_unknown_table_and_reads_what_it_replaces(mini_db):
    """A misspelt table name left the base table in place without a word; a replaced
    ``capabilities`` kept the base store's last year."""
    import pytest

    from latticework.errors import UsageError

    with pytest.raises(UsageError, match="no table 'capabilites'"):
        mini_db.overlay({"capabilites": mini_db.table("capabilities")})
    caps = mini_db.table("capabilities")
    shorter = mini_db.overlay({"capabilities": caps[caps["year"] <= 2018]})
    assert mini_db.latest_year == 2020 and shorter.latest_year == 2018
    same = mini_db.overlay({"ties": mini_db.table("ties")})
    assert same.latest_year == 2020 and same.identity is mini_db.identity


def test_a_layer_weighted_zero_makes_no_edge(mini_db):
    """Weights {"basing": 0} left basing edges of weight 0 in the graph (reachability saw them)
    while provenance left them out; now neither does."""
    from latticework.views.networks import network, system_graph

    g = network(mini_db, 2019, weights={"basing": 0.0, "atop_defense": 0.0, "atop_consul": 0.0, "arms": 0.0})
    assert not g.has_edge(2, 732)  # USA-KOR: only basing and ATOP ties in the mini world
    assert network(mini_db, 2019).has_edge(2, 732)
    sg = system_graph(mini_db, 2019, [2, 732], weights={"basing": 0.0, "atop_defense": 0.0, "atop_consul": 0.0})
    assert sg.number_of_edges() == 0
