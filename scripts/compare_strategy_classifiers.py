"""Does another classifier read the six strategy indicators better than the prototypes?

Leave-one-state-out over the reference states the model has been scored on (the development states
and, with ``--with-test``, the test states too: a check of the *indicators'* information, not a
figure for the shipped model), for the shipped model's method (prototype distances, fitted per fold
by :func:`latticework.models.calibration.fit`) and four scikit-learn classifiers on the same six
indicators. A call agrees with a five-year mark when it equals the label or the alt_label.
Each classifier is trained, like the prototypes, on every coded year of the other states; a
missing self-reliance value (no SIPRI figure) is filled with the training mean and flagged in a
seventh column. docs/strategy.md ("Test states") reports the figures.

Usage::

    python scripts/compare_strategy_classifiers.py [--with-test] [--store PATH]
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
    args = ap.parse_args(argv)
    states = ref.states("dev") + (ref.states("test") if args.with_test else [])
    df = cal.features(open_store(args.store), states)
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
