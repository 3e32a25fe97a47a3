"""Coverage boundaries: does a measure jump because a dataset starts or stops? (issue 16)

A dataset's first and last year are not the world's: NMC stops in 2022, SIPRI arms in 2023, MME
in 2010, the ledger starts in 2010. A measure that averages whatever remains moves at those
years although nothing happened (USA–JPN asymmetry: 0.40 in 2022, 0.46 in 2023, 0.20 in 2024).

:func:`boundary_jumps` checks a yearly series at every boundary: the step into a source's first
year (y₀ − 1 → y₀) and out of its last (y₁ → y₁ + 1). A step passes when

1. it is within the series' usual spread: \\|Δ\\| ≤ max(k · s, floor), where s is the median
   absolute year-on-year change in the ``window`` years either side, boundary steps left out
   (k = 4: a median absolute step is ≈ 0.67 σ for normal steps, so 4 s ≈ 2.7 σ), floor = 0.02
   (steps below it are invisible in a two-decimal table); or
2. the data themselves moved: a like-for-like series (the measure over only what both years
   share, e.g. :func:`asymmetry_like_for_like`) moves at least half as far in the same
   direction; or
3. the measure declares the year a coverage break (``coverage_break``), so the step is shown as
   not like with like and kept out of headlines.

A step failing all three is a silent coverage artefact. tests/measures/test_coverage.py runs the
check on the real store for asymmetry and structure.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

K_SPREAD = 4.0
FLOOR = 0.02
WINDOW = 8


def boundaries(db, sources=None, ties=None) -> dict[str, tuple[int, int]]:
    """{name: (first, last)} of the store's sources (or of ``sources``, e.g. a measure's
    ``attrs["sources"]``), of the tie layers within them and of the ledger (no registry source,
    but it feeds every tie layer from its first record on).

    Sources come from the store's registry (``sources`` table); layers whose coverage differs
    from their source's (MME exercises 1980–2010 inside troopdata; the ledger's layers from 2010)
    are added as ``layer:<name>``.
    """
    from latticework.views.networks import tie_frame

    src = db.sources
    if sources is not None:
        src = src[src["name"].isin(sources)]
    out = {r.name: (int(r.first_year), int(r.last_year)) for r in src.itertuples()}
    f = (ties or tie_frame(db)).frame
    for (layer, source), g in f.groupby(["layer", "source"]):
        if sources is not None and source not in sources and source != "ledger":
            continue  # the ledger is no registry source, but feeds every tie-based measure
        cov = g["coverage_end"].dropna()
        first = int(f.loc[f["source"] == source, "start_year"].min()) if source == "ledger" else int(g["start_year"].min())
        last = int(cov.max()) if len(cov) else None
        if last is None or (source in out and (first, last) == out[source]):
            if source == "ledger":
                out.setdefault("ledger", (first, 10**6))
            continue
        out[f"layer:{layer}"] = (first, last)
    return out


def usual_spread(series: pd.Series, year: int, skip: set, window: int = WINDOW) -> float:
    """Median absolute year-on-year change within ``window`` years of ``year``, ``skip`` left out."""
    s = series.dropna()
    d = s.diff().abs()
    d = d[(d.index - 1).isin(s.index)]  # consecutive years only
    d = d[(abs(d.index - year) <= window) & ~d.index.isin(skip)]
    return float(d.median()) if len(d) else float("nan")


def boundary_jumps(series: pd.Series, bounds: dict[str, tuple[int, int]], breaks: pd.Series | None = None,
                   like_for_like: pd.Series | None = None, k: float = K_SPREAD, floor: float = FLOOR,
                   window: int = WINDOW) -> pd.DataFrame:
    """The step of ``series`` (indexed by year) at each coverage boundary, and whether it passes.

    Parameters
    ----------
    series : pd.Series
        The measure, one value per year.
    bounds : dict
        {source: (first year, last year)} (:func:`boundaries`).
    breaks : pd.Series of bool, optional
        The measure's own ``coverage_break`` per year.
    like_for_like : pd.Series, optional
        Year-on-year change of the measure over what both years share (data moved).

    Returns
    -------
    DataFrame with ``source``, ``edge`` (first/last), ``year`` (the later year of the step),
    ``change``, ``spread``, ``threshold``, ``within_spread``, ``data_moved``, ``declared_break``
    and ``ok`` (any of the three). Steps with a missing value on either side are left out.
    """
    s = series.astype(float)
    steps = {}
    for name, (first, last) in bounds.items():
        steps[(name, "first", first)] = first
        steps[(name, "last", last + 1)] = last + 1
    skip = set(steps.values())
    rows = []
    for (name, edge, y), _ in steps.items():
        if y not in s.index or (y - 1) not in s.index or pd.isna(s.get(y)) or pd.isna(s.get(y - 1)):
            continue
        change = float(s[y] - s[y - 1])
        spread = usual_spread(s, y, skip, window)
        thr = max(k * spread, floor) if not np.isnan(spread) else floor
        lfl = like_for_like.get(y) if like_for_like is not None else None
        moved = bool(lfl is not None and pd.notna(lfl) and np.sign(lfl) == np.sign(change) and abs(lfl) >= 0.5 * abs(change))
        declared = bool(breaks.get(y, False)) if breaks is not None else False
        within = abs(change) <= thr
        rows.append({"source": name, "edge": edge, "year": y, "change": change, "spread": spread, "threshold": thr,
                     "within_spread": within, "data_moved": moved, "declared_break": declared,
                     "ok": within or moved or declared})
    cols = ["source", "edge", "year", "change", "spread", "threshold", "within_spread", "data_moved", "declared_break", "ok"]
    return pd.DataFrame(rows, columns=cols).sort_values(["year", "source"]).reset_index(drop=True)


def asymmetry_like_for_like(df: pd.DataFrame, column: str = "asymmetry_index") -> pd.Series:
    """Year-on-year change of an asymmetry column over the components present in both years.

    For years y − 1 and y, each dependence is the mean of its components observed in both years
    (``dependence_b_on_a``: B's; ``dependence_a_on_b``: A's); ``asymmetry_index`` is their
    difference. Returns the value at y minus the value at y − 1, indexed by y.
    """
    from latticework.measures.asymmetry import A_COMPONENTS, B_COMPONENTS, PATRON_COMPONENTS

    d = df.set_index("year") if "year" in df.columns else df
    sides = {"dependence_b_on_a": [(B_COMPONENTS, 1)], "dependence_a_on_b": [(A_COMPONENTS + PATRON_COMPONENTS, 1)],
             "asymmetry_index": [(B_COMPONENTS, 1), (A_COMPONENTS + PATRON_COMPONENTS, -1)]}[column]
    out = {}
    for y in d.index:
        if y - 1 not in d.index:
            continue
        vals = []
        for y_ in (y - 1, y):
            v = 0.0
            for comps, sign in sides:
                both = [c for c in comps if c in d and pd.notna(d.at[y - 1, c]) and pd.notna(d.at[y, c])]
                v += sign * (np.mean([d.at[y_, c] for c in both]) if both else np.nan)
            vals.append(v)
        out[y] = vals[1] - vals[0]
    return pd.Series(out, dtype=float)
