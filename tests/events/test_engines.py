"""One Ibis expression, two engines: DuckDB and Spark (local mode) give identical series."""
import pandas as pd
import pytest

from latticework.events import ingest, interactions, write_synthetic

pytestmark = [pytest.mark.spark, pytest.mark.slow, pytest.mark.xdist_group("spark")]


def both(spark, **kw):
    d = interactions(engine="duckdb", **kw)
    s = interactions(engine="spark", spark=spark, **kw)
    return d, s


@pytest.mark.parametrize("kw", [
    dict(dyads=[("USA", "JPN"), ("CHN", "JPN")], freq="month"),
    dict(dyads=None, freq="week"),
    dict(dyads=[("USA", "JPN")], freq="day", directed=True, start="2024-03-01", end="2024-04-30"),
    dict(dyads=[("JPN", "USA")], freq="quarter", min_sources=2),
])
def test_slice_identical(spark, tmp_path, slice_file, kw):
    ingest([slice_file], tmp_path)
    d, s = both(spark, path=tmp_path / "events", **kw)
    assert len(d) > 0
    pd.testing.assert_frame_equal(d, s)
    assert d.attrs["engine"] == "duckdb" and s.attrs["engine"] == "spark"


@pytest.mark.realdata
def test_real_samples_identical(spark, samples_store):
    for freq in ("month", "year"):
        d, s = both(spark, path=samples_store / "events", dyads=None, freq=freq)
        assert len(d) > 100
        pd.testing.assert_frame_equal(d, s)
    d, s = both(spark, path=samples_store / "events", dyads=["USA-GBR", "USA-RUS"], freq="year", directed=True)
    pd.testing.assert_frame_equal(d, s)


def test_synthetic_identical(spark, tmp_path):
    write_synthetic(tmp_path / "syn", 20_000, seed=3, files=2, compress="gz")
    ingest([tmp_path / "syn"], tmp_path / "c")
    d, s = both(spark, path=tmp_path / "c" / "events", dyads=None, freq="month", min_sources=2)
    assert d.events.sum() > 1000
    pd.testing.assert_frame_equal(d, s)
    assert d.attrs["synthetic"] and d.attrs["sources"] == []
