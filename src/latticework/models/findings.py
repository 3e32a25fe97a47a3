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
    constant US$; None without a base year)."""
    c = caps.set_index("year")
    last = int(c["milex_current_usd"].last_valid_index())
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
    and ``later`` (years after the last complete one)."""
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
    whether it rose by more than ``threshold`` from the first mark (None without such marks)."""
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
