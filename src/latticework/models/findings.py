"""The judgements the Japan report states in words, computed here so that the report only
formats (issue 21): real growth of spending, whether the asymmetry narrowed, and whether the
proactive-realist probability shows a shift. Each returns numbers and the rule applied."""
from __future__ import annotations

import math

import pandas as pd

__all__ = ["real_growth", "asymmetry_trend", "strategy_shift", "SHIFT_THRESHOLD"]

#: a rise of the proactive-realist probability by more than this (0–1 scale) counts as a shift
SHIFT_THRESHOLD = 0.1


def real_growth(caps: pd.DataFrame, span: int = 10) -> dict:
    """Spending growth in real terms over ``span`` years to the last year with spending.

    ``caps``: a state's capabilities (``year``, ``milex_current_usd``, ``milex_constant_usd``).
    Returns ``last`` (year), ``base`` (year or None) and ``growth`` (fraction: 0.25 = +25 % in
    constant US$; None without a base year).

    Parameters
    ----------
    caps : pandas.DataFrame
        One row per year, as :func:`latticework.views.panels.capabilities` gives it:
        ``year``, ``milex_current_usd`` (US$, current prices) and ``milex_constant_usd`` (US$,
        constant 2023 prices).
    span : int
        Years between the base year and the last year (default 10).

    Returns
    -------
    dict
        ``last``: the last year with constant-price spending; ``base``: ``last - span``, or None
        when that year is absent or its constant-price spending is missing or 0; ``growth``:
        constant-price spending in ``last`` over ``base`` minus 1 (fraction, unitless; None
        without a base). ``last`` is the latest year with a constant-price figure.
    """
    c = caps.set_index("year")
    # the latest year with a constant-price figure: growth is measured in constant prices, so a
    # year with only a current-price figure would give NaN growth ("+nan%" in the report)
    last = int(c["milex_constant_usd"].last_valid_index())
    base = last - span
    if base not in c.index or pd.isna(c.loc[base, "milex_constant_usd"]) or not c.loc[base, "milex_constant_usd"]:
        return {"last": last, "base": None, "growth": None}
    return {"last": last, "base": base,
            "growth": float(c.loc[last, "milex_constant_usd"] / c.loc[base, "milex_constant_usd"] - 1)}


def asymmetry_trend(asym: pd.DataFrame, marks=(1990, 2010)) -> dict:
    """Whether the asymmetry index fell from the first of ``marks`` to the latest year with every
    component (later years average fewer components and are not comparable).

    Returns ``points`` (the marks present and that last complete year), ``last_complete``,
    ``start`` and ``end`` (index values), ``narrowed`` (end < start; False when either is missing)
    and ``later`` (years after the last complete one).

    Parameters
    ----------
    asym : pandas.DataFrame
        One row per year, as :func:`latticework.measures.asymmetry.asymmetry` gives it: ``year``,
        ``asymmetry_index`` (−1 … 1, unitless), ``dependence_b_on_a`` (0–1) and ``complete``.
    marks : tuple of int
        Years to report before the last complete year (default 1990 and 2010); the first of
        them present in ``asym`` is the start of the comparison.

    Returns
    -------
    dict
        ``points`` (list of years); ``last_complete`` (year; the last year with
        ``dependence_b_on_a`` when no year is complete); ``start``, ``end`` (asymmetry index,
        −1 … 1, None when either is missing); ``narrowed`` (bool); ``later`` (list of years).
    """
    a = asym.set_index("year")
    complete = a[a["complete"].astype(bool)]
    last_complete = int(complete.index.max()) if len(complete) else int(a["dependence_b_on_a"].last_valid_index())
    points = [y for y in (*marks, last_complete) if y in a.index]
    ai = a["asymmetry_index"]
    start, end = ai.get(points[0]) if points else None, ai.get(last_complete)
    ok = start is not None and end is not None and not (pd.isna(start) or pd.isna(end))
    return {"points": points, "last_complete": last_complete, "start": None if not ok else float(start),
            "end": None if not ok else float(end), "narrowed": bool(ok and end < start),
            "later": [int(y) for y in a.index if y > last_complete]}


def strategy_shift(sg: pd.DataFrame, since=(2012, 2022), threshold: float = SHIFT_THRESHOLD) -> dict | None:
    """The proactive-realist probability at ``since`` and in the last year with a verdict, and
    whether it rose by more than ``threshold`` from the first mark (None without such marks).

    Parameters
    ----------
    sg : pandas.DataFrame
        A state's :func:`~latticework.models.strategy.strategy` frame (``year``, ``verdict``,
        ``p_proactive_realist``); years without a verdict are left out (``undetermined`` is a
        verdict here).
    since : tuple of int
        The mark years (default 2012 and 2022); those with a verdict are reported, the first of
        them is the baseline.
    threshold : float
        The rise that counts as a shift (probability, 0–1 scale; default :data:`SHIFT_THRESHOLD`).

    Returns
    -------
    dict or None
        ``path`` ({year: probability 0–1} for the marks present and the last year), ``last``
        (year), ``threshold`` and ``shifted`` (last-year probability > baseline + threshold);
        None when no year has a verdict or no mark year does.
    """
    s = sg.dropna(subset=["verdict"]).set_index("year")["p_proactive_realist"]
    if s.empty:
        return None
    last = int(s.index[-1])
    marks = [y for y in since if y in s.index]
    if not marks:
        return None
    path = {y: float(s[y]) for y in [*marks, last]}
    first = path[marks[0]]
    return {"path": path, "last": last, "threshold": threshold,
            "shifted": bool(not math.isnan(first) and path[last] > first + threshold)}
