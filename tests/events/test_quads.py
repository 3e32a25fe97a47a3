"""Dyad-month series on a hand-checked slice (conftest.SLICE; expected values worked out by hand)."""
import math

import pandas as pd
import pytest

from latticework.errors import UnknownState, UsageError
from latticework.events import ingest, interactions


@pytest.fixture
def slice_cache(tmp_path, slice_file):
    cache = tmp_path / "cache"
    s = ingest([slice_file], cache)
    assert s.as_dict() == {"read": 10, "stored": 10, "rejected": 0, "duplicate": 0}
    return cache


def row(df, a, b, period):
    r = df[(df.a == a) & (df.b == b) & (df.period == pd.Timestamp(period))]
    assert len(r) == 1, (a, b, period, df)
    return r.iloc[0]


def test_usa_jpn_undirected_by_hand(slice_cache):
    df = interactions(path=slice_cache / "events", dyads=[("USA", "JPN")], freq="month")
    assert list(df.period) == [pd.Timestamp("2024-03-01"), pd.Timestamp("2024-04-01")]
    mar = row(df, "USA", "JPN", "2024-03-01")  # rows 1, 2, 3
    assert (mar.events, mar.verbal_cooperation, mar.material_cooperation, mar.verbal_conflict,
            mar.material_conflict) == (3, 2, 1, 0, 0)
    assert mar.goldstein_mean == pytest.approx((1.9 + 8.0 + 7.4) / 3)
    assert (mar.n_dialogue, mar.n_security_agreement, mar.n_coercion, mar.n_force_posture) == (1, 1, 0, 0)
    apr = row(df, "USA", "JPN", "2024-04-01")  # rows 5, 6, 8
    assert (apr.events, apr.verbal_cooperation, apr.material_cooperation, apr.verbal_conflict,
            apr.material_conflict) == (3, 1, 0, 2, 0)
    assert apr.goldstein_mean == pytest.approx((-2.0 - 7.0 + 8.0) / 3)
    assert (apr.n_coercion, apr.n_security_agreement, apr.n_dialogue) == (1, 0, 0)  # row 8: no MIL actor


def test_dyad_labelled_as_asked(slice_cache):
    df = interactions(path=slice_cache / "events", dyads=["JPN-USA"], freq="month")
    assert set(df.a) == {"JPN"} and set(df.b) == {"USA"}
    assert df.events.tolist() == [3, 3]


def test_directed(slice_cache):
    df = interactions(path=slice_cache / "events", dyads=[("USA", "JPN")], freq="month", directed=True)
    assert df.events.tolist() == [2, 2]  # rows 1, 3 | 6, 8
    back = interactions(path=slice_cache / "events", dyads=[("JPN", "USA")], freq="month", directed=True)
    assert back.events.tolist() == [1, 1]  # row 2 | row 5
    assert back.n_security_agreement.tolist() == [1, 0]


def test_min_sources_and_zero_fill(slice_cache):
    df = interactions(path=slice_cache / "events", dyads=[("USA", "JPN")], freq="month", min_sources=2)
    assert df.events.tolist() == [2, 0]  # rows 1 (3 sources), 3 (2 sources); April has none
    assert math.isnan(df.goldstein_mean.iloc[1])
    assert df.goldstein_mean.iloc[0] == pytest.approx((1.9 + 7.4) / 2)


def test_other_dyads_regions_and_cameo_codes(slice_cache):
    df = interactions(path=slice_cache / "events", dyads=None, freq="month")
    got = {(r.a, r.b, r.period.strftime("%Y-%m")): r.events for r in df.itertuples()}
    # row 9 (USA -> EUR, a region) is in no dyad; ROM is CAMEO's code for Romania (ROU)
    assert got == {("CHN", "JPN", "2024-03"): 1, ("CHN", "JPN", "2024-04"): 1,
                   ("JPN", "USA", "2024-03"): 3, ("JPN", "USA", "2024-04"): 3, ("ROU", "USA", "2024-03"): 1}
    cj = df[(df.a == "CHN") & (df.b == "JPN")].set_index("period")
    assert cj.loc["2024-03-01", "n_force_posture"] == 1 and cj.loc["2024-04-01", "n_coercion"] == 1


def test_frequencies(slice_cache):
    q = interactions(path=slice_cache / "events", dyads=[("USA", "JPN")], freq="quarter")
    assert q.period.tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-04-01")]
    assert q.events.tolist() == [3, 3]
    y = interactions(path=slice_cache / "events", dyads=[("USA", "JPN")], freq="year")
    assert y.events.tolist() == [6] and y.verbal_conflict.tolist() == [2]
    d = interactions(path=slice_cache / "events", dyads=[("USA", "JPN")], freq="day", start="2024-03-01",
                     end="2024-03-31")
    assert len(d) == 31 and d.events.sum() == 3 and d.set_index("period").loc["2024-03-05", "events"] == 1
    w = interactions(path=slice_cache / "events", dyads=[("USA", "JPN")], freq="week")
    assert (w.period.dt.weekday == 0).all() and w.events.sum() == 6


def test_db_object_and_attrs(slice_cache):
    class DB:  # the only thing interactions may rely on
        cache_dir = slice_cache

    df = interactions(DB(), dyads=[("Japan", "United States")])
    assert df.attrs["unit"] == "dyad-month" and df.attrs["datasets"] == ["gdelt"]
    assert df.attrs["sources"] == ["gdelt_samples"] and df.attrs["synthetic"] is False
    assert (df.a.iloc[0], df.b.iloc[0]) == ("JPN", "USA")


def test_errors(slice_cache, tmp_path):
    ev = slice_cache / "events"
    with pytest.raises(UsageError, match="freq"):
        interactions(path=ev, dyads=["USA-JPN"], freq="fortnight")
    with pytest.raises(UsageError, match="engine"):
        interactions(path=ev, dyads=["USA-JPN"], engine="polars")
    with pytest.raises(UsageError, match="itself"):
        interactions(path=ev, dyads=["USA-USA"])
    with pytest.raises(UsageError, match="A-B"):
        interactions(path=ev, dyads=["USA-JPN-CHN"])
    with pytest.raises(UsageError, match="min_sources"):
        interactions(path=ev, dyads=["USA-JPN"], min_sources=0)
    with pytest.raises(UnknownState):
        interactions(path=ev, dyads=["USA-Atlantis"])
    with pytest.raises(UsageError, match="start='notadate' is not a real day"):
        interactions(path=ev, dyads=["USA-JPN"], start="notadate")
    with pytest.raises(UsageError, match="end='2023-02-30' is not a real day"):
        interactions(path=ev, dyads=["USA-JPN"], end="2023-02-30")
    with pytest.raises(UsageError, match="is after end"):
        interactions(path=ev, dyads=["USA-JPN"], start="2024-02-01", end="2024-01-01")
    with pytest.raises(UsageError, match="no ingested events"):
        interactions(path=tmp_path / "empty", dyads=["USA-JPN"])
