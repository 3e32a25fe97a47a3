"""The bootstrap interval over clusters (models/resampling.py), on cases worked by hand."""
from __future__ import annotations

import pytest

from latticework.models.resampling import cluster_interval


def ratio(a, b):
    return a.sum() / b.sum()


def test_identical_clusters_give_the_figure_itself():
    # three states each agreeing on 3 of 4 marks: every resample pools to 0.75
    assert cluster_interval(([3, 3, 3], [4, 4, 4]), ratio) == pytest.approx((0.75, 0.75))


def test_one_cluster_gives_no_interval():
    assert cluster_interval(([3], [4]), ratio) is None and cluster_interval(([], []), ratio) is None


def test_two_opposite_clusters_span_both_and_the_pooled_figure():
    """Clusters 0 of 10 and 10 of 10: resamples pool to 0, 0.5 or 1 (each of the two draws picks
    either), so a 95 % interval runs from 0 to 1 and holds the pooled 0.5."""
    lo, hi = cluster_interval(([0, 10], [10, 10]), ratio)
    assert lo == pytest.approx(0.0) and hi == pytest.approx(1.0)


def test_the_same_seed_gives_the_same_bounds():
    data = ([10, 14, 2, 15, 11, 5], [15, 15, 14, 15, 15, 14])
    assert cluster_interval(data, ratio) == cluster_interval(data, ratio)
    lo, hi = cluster_interval(data, ratio)
    assert lo < 57 / 88 < hi
