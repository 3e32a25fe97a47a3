"""The cited reference coding of Brzezinski's four strategies (``data/reference/``, docs/strategy.md
"Reference coding"): periods per state with their label, the competing label where the literature
is split, and the works cited. The model is calibrated and judged against it; it is read here and
never derived from the model's indicators.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["reference_dir", "second_dir", "periods", "sources", "label_for", "state_periods", "marks", "agrees",
           "coder_agreement",
           "splits", "states", "MARKS", "SPLITS"]

#: The five-year marks a point can fall on (docs/strategy.md, "Points").
MARKS = tuple(range(1950, 2021, 5))
#: The parts of the coding (docs/strategy.md, "Development and test states"): ``dev`` states are the ones
#: the model is calibrated and cross-validated on; ``test`` states were coded from the literature
#: before the model was ever run on them and are scored once with the calibration fitted on ``dev``.
SPLITS = ("dev", "test")


def reference_dir() -> Path:
    """``data/reference`` of the project (the repository checkout the package runs from)."""
    here = Path(__file__).resolve()
    for p in here.parents:
        if (p / "data" / "reference" / "strategy_periods.csv").exists():
            return p / "data" / "reference"
    raise FileNotFoundError("data/reference/strategy_periods.csv not found above " + str(here))


@lru_cache(maxsize=2)
def _read(path: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = Path(path)
    per = pd.read_csv(p / "strategy_periods.csv", dtype={"alt_label": str}, keep_default_na=False)
    src = pd.read_csv(p / "sources.csv", dtype=str, keep_default_na=False)
    return per, src


def periods(path: str | Path | None = None) -> pd.DataFrame:
    """The periods: ``iso3``, ``start_year``, ``end_year``, ``label``, ``alt_label`` ('' when the
    sources agree), ``rationale``, ``source_ids``.

    Parameters
    ----------
    path : str or Path, optional
        The folder holding ``strategy_periods.csv`` (default: :func:`reference_dir`). The file is
        read once per folder and cached for the process.

    Returns
    -------
    pandas.DataFrame
        A copy of the table: ``iso3`` (ISO3 code), ``start_year`` and ``end_year`` (years, both
        included), ``label`` and ``alt_label`` (strategy names), ``rationale`` (text),
        ``source_ids`` (``source_id`` values separated by ``;``).
    """
    return _read(str(path or reference_dir()))[0].copy()


def sources(path: str | Path | None = None) -> pd.DataFrame:
    """The cited works: ``source_id``, ``author``, ``title``, ``year``, ``publisher_or_journal``, ``url``, …

    Parameters
    ----------
    path : str or Path, optional
        The folder holding ``sources.csv`` (default: :func:`reference_dir`); cached as for
        :func:`periods`.

    Returns
    -------
    pandas.DataFrame
        A copy of the table, every column as text ('' where empty; ``year`` is the publication
        year as text), with ``checked`` and ``seen_at`` beside the columns above.
    """
    return _read(str(path or reference_dir()))[1].copy()


def splits(path: str | Path | None = None) -> pd.DataFrame:
    """Which part each coded state belongs to (``splits.csv``): ``iso3``, ``split`` (``dev`` or
    ``test``), ``coded`` (the date its periods were coded, ISO), ``note`` (how, and by whom).

    Parameters
    ----------
    path : str or Path, optional
        The reference folder holding ``splits.csv`` and ``strategy_periods.csv`` (default:
        :func:`reference_dir`).

    Raises
    ------
    ValueError
        When a coded state has no row, a row names a state that is not coded, or a split is not
        one of :data:`SPLITS` — naming the state and the file.
    """
    folder = Path(path or reference_dir())
    sp = pd.read_csv(folder / "splits.csv", dtype=str, keep_default_na=False)
    coded = set(periods(folder)["iso3"])
    bad = sorted(set(sp.loc[~sp["split"].isin(SPLITS), "iso3"]))
    missing, extra = sorted(coded - set(sp["iso3"])), sorted(set(sp["iso3"]) - coded)
    if bad or missing or extra or not sp["iso3"].is_unique:
        raise ValueError(f"{folder / 'splits.csv'}: every coded state needs exactly one row with split in "
                         f"{SPLITS}; bad split {bad}, no row {missing}, not coded {extra}, "
                         f"repeated {sorted(set(sp.loc[sp['iso3'].duplicated(), 'iso3']))}")
    return sp


def states(split: str | None = None, path: str | Path | None = None) -> list[str]:
    """ISO3 codes of the coded states, sorted; only those of ``split`` (``dev`` / ``test``) when given.

    Parameters
    ----------
    split : str, optional
        ``"dev"`` or ``"test"`` (default: every coded state); another value is a ValueError.
    path : str or Path, optional
        The reference folder (default: :func:`reference_dir`).
    """
    sp = splits(path)
    if split is not None and split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    return sorted(sp["iso3"] if split is None else sp.loc[sp["split"].eq(split), "iso3"])


def label_for(iso3: str, year: int, path=None) -> dict | None:
    """The reference period covering ``iso3`` in ``year`` with its cited works, or None.

    Parameters
    ----------
    iso3 : str
        ISO3 code of the state (``"JPN"``).
    year : int
        The year; a period covers it when ``start_year <= year <= end_year``.
    path : str or Path, optional
        The reference folder (default: :func:`reference_dir`).

    Returns
    -------
    dict or None
        ``period`` (``"1950–1976"``), ``start_year``, ``end_year`` (years), ``label``,
        ``alt_label`` (None when the sources agree), ``rationale`` and ``sources`` (one
        ``{id, author, title, year, url}`` per cited work found in ``sources.csv``; ``url`` falls
        back to ``seen_at``); None when no period covers the year. The first covering period wins.
    """
    per = periods(path)
    row = per[(per["iso3"] == iso3) & (per["start_year"] <= year) & (per["end_year"] >= year)]
    if row.empty:
        return None
    r = row.iloc[0]
    src = sources(path).set_index("source_id")
    cites = []
    for sid in str(r["source_ids"]).split(";"):
        sid = sid.strip()
        if sid in src.index:
            w = src.loc[sid]
            cites.append({"id": sid, "author": w["author"], "title": w["title"], "year": w["year"],
                          "url": w["url"] or w.get("seen_at", "")})
    return {"period": f"{int(r['start_year'])}–{int(r['end_year'])}", "start_year": int(r["start_year"]),
            "end_year": int(r["end_year"]), "label": r["label"], "alt_label": r["alt_label"] or None,
            "rationale": r["rationale"], "sources": cites}


def state_periods(iso3: str, y0: int, y1: int, path=None) -> list[dict]:
    """The periods of ``iso3`` that overlap the years ``y0``–``y1`` (inclusive), each as
    :func:`label_for` gives it (label, alternative, rationale, cited works), in order.

    Parameters
    ----------
    iso3 : str
        ISO3 code of the state.
    y0, y1 : int
        First and last year.
    path : str or Path, optional
        The coding's folder (default: :func:`reference_dir`; :func:`second_dir` for the second).
    """
    per = periods(path)
    per = per[(per["iso3"] == iso3) & (per["end_year"] >= y0) & (per["start_year"] <= y1)].sort_values("start_year")
    return [label_for(iso3, int(r.start_year), path) for r in per.itertuples()]


def marks(path=None, states=None) -> pd.DataFrame:
    """The calibration points: one row per state and five-year mark a period covers (``iso3``,
    ``year``, ``label``, ``alt_label``).

    Parameters
    ----------
    path : str or Path, optional
        The reference folder (default: :func:`reference_dir`).
    states : collection of str, optional
        ISO3 codes to keep (default: every state coded).

    Returns
    -------
    pandas.DataFrame
        ``iso3``; ``year`` (one of :data:`MARKS`, 1950–2020 in steps of 5); ``label``;
        ``alt_label`` (None when the sources agree). No columns at all when nothing matches.
    """
    per = periods(path)
    rows = []
    for r in per.itertuples():
        if states is not None and r.iso3 not in states:
            continue
        for y in MARKS:
            if r.start_year <= y <= r.end_year:
                rows.append({"iso3": r.iso3, "year": y, "label": r.label, "alt_label": r.alt_label or None})
    return pd.DataFrame(rows)


def years(path=None, states=None) -> pd.DataFrame:
    """Every coded year (not only marks): ``iso3``, ``year``, ``label``, ``alt_label``."""
    per = periods(path)
    rows = [{"iso3": r.iso3, "year": y, "label": r.label, "alt_label": r.alt_label or None}
            for r in per.itertuples() if states is None or r.iso3 in states
            for y in range(int(r.start_year), int(r.end_year) + 1)]
    return pd.DataFrame(rows)


def agrees(verdict, label, alt_label) -> bool:
    """A verdict agrees with the reference when it equals the label or, where the literature is
    split, the alternative label.

    Parameters
    ----------
    verdict : str or None
        The model's call (a strategy name, or ``"undetermined"``, which never agrees).
    label : str
        The reference label.
    alt_label : str or None
        The competing label ('' or None when the sources agree).

    Returns
    -------
    bool
        False when ``verdict`` is None.
    """
    return verdict is not None and (verdict == label or (bool(alt_label) and verdict == alt_label))


def second_dir() -> Path:
    """``data/reference/second``: a second coding of some states, made blind to the first from the
    same rules (docs/strategy.md, "How far two coders agree")."""
    return reference_dir() / "second"


def coder_agreement(first=None, second=None) -> dict:
    """How far two codings of the same states agree, mark by mark (the ceiling the model's
    agreement is read against).

    For every state the ``second`` coding covers and every five-year mark both code:

    * ``as_verdict``: the second coder's ``label`` agrees with the first coding by the rule the
      model's verdict is judged by (:func:`agrees`: the first's label or, where it is split, its
      alternative) — the figure comparable with the model's cross-validated agreement;
    * ``labels``: the two ``label`` columns are equal (the "label only" figure);
    * ``any``: the two codings share any label (label or alternative on either side);
    * ``kappa``: Cohen's kappa of the two ``label`` columns (agreement beyond what the two coders'
      label frequencies give by chance; 1 full, 0 chance).

    Parameters
    ----------
    first, second : str or Path, optional
        The folders of the two codings (default: :func:`reference_dir` and :func:`second_dir`).

    Returns
    -------
    dict
        ``points`` (marks compared), ``as_verdict``, ``labels``, ``any`` (shares, 0–1), ``kappa``,
        ``per_state`` ({iso3: {points, as_verdict, labels}}) and ``pairs`` (one row per mark:
        ``iso3``, ``year``, both codings' ``label`` and ``alt_label``).
    """
    from sklearn.metrics import cohen_kappa_score

    first, second = first or reference_dir(), second or second_dir()
    a, b = marks(first), marks(second)
    m = a.merge(b, on=["iso3", "year"], suffixes=("_first", "_second")) if len(a) and len(b) else pd.DataFrame()
    if m.empty:
        raise ValueError(f"{Path(second) / 'strategy_periods.csv'} and {Path(first) / 'strategy_periods.csv'} share no "
                         "state and five-year mark: code in the second file states the first one codes (same ISO3 "
                         "codes, periods covering 1950-2020)")
    alt1, alt2 = m["alt_label_first"].fillna(""), m["alt_label_second"].fillna("")
    m["as_verdict"] = [agrees(v, lab, alt) for v, lab, alt in zip(m["label_second"], m["label_first"], alt1)]
    m["labels"] = m["label_first"].eq(m["label_second"])
    m["any"] = [bool(({x, y} - {""}) & ({u, v} - {""}))
                for x, y, u, v in zip(m["label_first"], alt1, m["label_second"], alt2)]
    per_state = {s: {"points": int(len(g)), "as_verdict": float(g["as_verdict"].mean()),
                     "labels": float(g["labels"].mean())} for s, g in m.groupby("iso3")}
    return {"points": int(len(m)), "as_verdict": float(m["as_verdict"].mean()), "labels": float(m["labels"].mean()),
            "any": float(m["any"].mean()), "kappa": float(cohen_kappa_score(m["label_first"], m["label_second"])),
            "per_state": per_state,
            "pairs": m[["iso3", "year", "label_first", "alt_label_first", "label_second", "alt_label_second"]]}
