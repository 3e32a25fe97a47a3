"""How far a validation figure could move with other cases: a percentile bootstrap over clusters.

A held-out agreement or F1 is measured on a few clusters — 18 states, 10 documents — whose cases
are not independent (a state's marks share its indicators, a document's events its style). The
interval resamples whole clusters with replacement (scipy's :func:`scipy.stats.bootstrap`,
``paired=True``, percentile method, a fixed seed so that repeated runs print the same bounds) and
recomputes the pooled figure from the resampled clusters' counts. It says how much the figure
depends on *which* states or documents were coded; it does not cover labelling error.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np
from scipy.stats import bootstrap

__all__ = ["cluster_interval", "N_RESAMPLES", "LEVEL"]

N_RESAMPLES = 2000
LEVEL = 0.95


def cluster_interval(counts: Sequence[Sequence[float]], statistic: Callable[..., float], level: float = LEVEL,
                     n_resamples: int = N_RESAMPLES, seed: int = 0) -> tuple[float, float] | None:
    """Percentile bootstrap interval of a pooled figure, resampling clusters.

    Parameters
    ----------
    counts : sequence of sequences of float
        One sequence per count, each with one value per cluster (e.g. ``(agree, points)`` per
        state, or ``(matched, extracted, gold)`` per document), all the same length.
    statistic : callable
        Takes the count arrays of a resample (in the order of ``counts``) and returns the pooled
        figure, e.g. ``lambda a, p: a.sum() / p.sum()``.
    level : float
        Confidence level, 0–1 (default 0.95).
    n_resamples : int
        Bootstrap resamples (default 2000).
    seed : int
        Seed of the resampling (default 0).

    Returns
    -------
    tuple of (float, float) or None
        Lower and upper bound, in the statistic's unit; None with fewer than two clusters.
    """
    arrays = [np.asarray(c, dtype=float) for c in counts]
    if not arrays or len(arrays[0]) < 2:
        return None
    with warnings.catch_warnings():
        # identical clusters give a degenerate distribution: the bounds equal the figure, which is right
        warnings.simplefilter("ignore")
        res = bootstrap(tuple(arrays), statistic, paired=True, vectorized=False, n_resamples=n_resamples,
                        confidence_level=level, method="percentile", random_state=np.random.default_rng(seed))
    lo, hi = res.confidence_interval
    return float(lo), float(hi)
