"""Does another classifier read the six strategy indicators better than the prototypes?

Leave-one-state-out over the reference states the model has been scored on (the development states
and, with ``--with-test``, the test states too: a check of the *indicators'* information, not a
figure for the shipped model), for the shipped model's method (prototype distances, fitted per fold
by :func:`latticework.models.calibration.fit`) and four scikit-learn classifiers on the same six
indicators. A call agrees with a five-year mark when it equals the label or the alt_label.
Each classifier is trained, like the prototypes, on every coded year of the other states; a
missing self-reliance value (no SIPRI figure) is filled with the training mean and flagged in a
seventh column. docs/strategy.md ("Test states") reports the figures.

``--candidate NAME`` (repeatable; ``all`` for every one together) instead scores the shipped method
with a candidate seventh indicator built from McManus and Nieman's major-power support signals
(store table ``support_signals``, 1950–2012, the values of 2012 carried to 2024), leave-one-state-out
over the development states, beside the shipped six: the tries docs/strategy.md reports as "not
shipped" (``CANDIDATES`` defines each).

Usage::

    python scripts/compare_strategy_classifiers.py [--with-test] [--store PATH] [--candidate NAME ...]
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from latticework.models import calibration as cal  # noqa: E402
from latticework.models import indicators as ind  # noqa: E402
from latticework.models import reference as ref  # noqa: E402
from latticework.store import open_store  # noqa: E402


def classifiers() -> dict:
    """The scikit-learn classifiers compared (fixed settings, no tuning: each is a plain default
    of its family)."""
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier

    return {
        "multinomial logistic regression": lambda: LogisticRegression(C=1.0, max_iter=2000),
        "gradient boosting": lambda: HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=200,
                                                                    random_state=0),
        "nearest neighbours (k=25)": lambda: KNeighborsClassifier(n_neighbors=25),
        "random forest": lambda: RandomForestClassifier(n_estimators=300, min_samples_leaf=10, random_state=0),
    }


#: the major powers of the support signals' column prefixes, by side
EAST, WEST, MAJOR = ("rus", "chi"), ("us", "uk", "fra"), ("us", "uk", "fra", "rus", "chi")


def _any(f: pd.DataFrame, cols: list[str], window: int = 1) -> pd.Series:
    """1 when any of ``cols`` is positive in the year or the ``window`` - 1 years before, else 0."""
    hit = (f[cols].fillna(0) > 0).any(axis=1).astype(float)
    return hit.rolling(window, min_periods=1).max()


def _scaled(f: pd.DataFrame, col: str, top: float) -> pd.Series:
    """``col`` divided by its maximum over all states and years (``top``), clipped to [0, 1]."""
    return (f[col].fillna(0) / top).clip(0, 1)


#: Candidate seventh indicators from the support signals, each in [0, 1] per state-year:
#: name -> (definition, function of (the state's signal frame by year, the column maxima) -> Series).
CANDIDATES = {
    "bit_east": ("a bilateral investment treaty with Russia/the USSR or China in force",
                 lambda f, tops: _any(f, [f"{p}_bit" for p in EAST])),
    "bit_east_visits": ("the BIT with Moscow or Beijing, or a leader's visit from either in the last five years",
                        lambda f, tops: pd.concat([_any(f, [f"{p}_bit" for p in EAST]),
                                                   _any(f, [f"{p}_vis" for p in EAST], 5)], axis=1).max(axis=1)),
    "visits_east": ("a leader's visit from Moscow or Beijing in the last five years",
                    lambda f, tops: _any(f, [f"{p}_vis" for p in EAST], 5)),
    "bit_west": ("a BIT with the United States, the UK or France in force",
                 lambda f, tops: _any(f, [f"{p}_bit" for p in WEST])),
    "visits_west": ("a leader's visit from Washington, London or Paris in the last five years",
                    lambda f, tops: _any(f, [f"{p}_vis" for p in WEST], 5)),
    "exercises_major": ("an exercise with any of the five major powers in the last five years",
                        lambda f, tops: _any(f, [f"{p}_ex" for p in MAJOR], 5)),
    "us_aid": ("log US economic aid over its maximum", lambda f, tops: _scaled(f, "log_us_econaid", tops["log_us_econaid"])),
    "us_words": ("log US statements of support over its maximum",
                 lambda f, tops: _scaled(f, "log_us_words", tops["log_us_words"])),
}


def with_candidates(db, df: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """``df`` (from :func:`calibration.features`) with the candidate columns ``names``: each
    state's signals read under the code it had that year (predecessor codes included), the value
    of the last year of the signals (2012) carried to later years, NaN before a state's first year."""
    sig = db.sql("select * from support_signals")
    tops = {c: float(sig[c].max()) for c in ("log_us_econaid", "log_us_words")}
    last = int(sig["year"].max())
    rows = []
    for s in sorted(df["iso3"].unique()):
        data = ind.load_state_data(db, s, 1950, 2024)
        years = df.loc[df["iso3"] == s, "year"]
        for y in years:
            c = data.codes.get(int(y), data.state.ccode)
            rows.append({"iso3": s, "year": int(y), "ccode": c, "sig_year": min(int(y), last)})
    keys = pd.DataFrame(rows)
    out = df.copy()
    vals = {n: [] for n in names}
    for (s, c), k in keys.groupby(["iso3", "ccode"], sort=False):
        f = sig[sig["ccode"] == c].set_index("year").sort_index()
        for n in names:
            series = CANDIDATES[n][1](f, tops) if len(f) else pd.Series(dtype=float)
            vals[n].append(pd.Series(k["sig_year"].map(series).to_numpy(), index=k.index))
    for n in names:
        col = pd.concat(vals[n]).sort_index()
        out[n] = keys.assign(v=col).merge(out[["iso3", "year"]], on=["iso3", "year"], how="right")["v"].to_numpy()
    return out


def loso_with(df: pd.DataFrame, extra: list[str]) -> tuple[int, int]:
    """The shipped method's leave-one-state-out marks agreeing and scored, with the indicators
    ``extra`` added to the six (the calibration reads ``indicators.INDICATORS``; restored after)."""
    saved = list(ind.INDICATORS)
    try:
        ind.INDICATORS[:] = saved + list(extra)
        return loso(df, None)
    finally:
        ind.INDICATORS[:] = saved


def _design(df: pd.DataFrame, means: pd.Series) -> pd.DataFrame:
    x = df[ind.INDICATORS].copy()
    x["self_reliance_missing"] = x["self_reliance"].isna().astype(float)
    return x.fillna(means)


def loso(df: pd.DataFrame, make) -> tuple[int, int]:
    """Marks agreeing and marks scored, leave-one-state-out, for classifier factory ``make``
    (None: the shipped method, prototype distances)."""
    coded = df[df["label"].notna()]
    ok = n = 0
    for s in sorted(coded["iso3"].unique()):
        train, test = coded[coded["iso3"] != s], coded[(coded["iso3"] == s) & coded["mark"]]
        if make is None:
            calls = cal.predict(test, cal.fit(df[df["iso3"] != s]))["call"].to_numpy()
        else:
            means = train[ind.INDICATORS].mean()
            calls = make().fit(_design(train, means), train["label"]).predict(_design(test, means))
        agree = (calls == test["label"].to_numpy()) | (calls == test["alt_label"].to_numpy())
        ok += int(agree.sum())
        n += len(agree)
    return ok, n


def main(argv=None) -> int:
    """Command line (see the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--with-test", action="store_true", help="pool the test states with the development states")
    ap.add_argument("--store", default=None, help="the store (default: the configured one)")
    ap.add_argument("--candidate", action="append", choices=[*CANDIDATES, "all"],
                    help="score a candidate seventh indicator from the support signals (repeatable)")
    args = ap.parse_args(argv)
    states = ref.states("dev") + (ref.states("test") if args.with_test else [])
    db = open_store(args.store)
    df = cal.features(db, states)
    if args.candidate:
        names = list(CANDIDATES) if "all" in args.candidate else args.candidate
        df = with_candidates(db, df, names)
        print(f"leave-one-state-out over {len(states)} states, the shipped method with a candidate indicator")
        ok, n = loso_with(df, [])
        print(f"  {'the six indicators (shipped)':34s} {ok:4d} of {n:4d} = {ok / n:.1%}")
        tries = [[c] for c in names] + ([names] if len(names) > 1 else [])
        for extra in tries:
            ok, n = loso_with(df, extra)
            label = " + ".join(extra) if len(extra) < 3 else f"all {len(extra)} candidates"
            print(f"  {label:34s} {ok:4d} of {n:4d} = {ok / n:.1%}")
        return 0
    print(f"leave-one-state-out over {len(states)} states ({'development and test' if args.with_test else 'development'})")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = [("prototypes (the shipped method)", None), *classifiers().items()]
        for name, make in rows:
            ok, n = loso(df, make)
            print(f"  {name:34s} {ok:4d} of {n:4d} = {ok / n:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
