"""The strategy model against the cited reference coding (issue 17, "Must show").

`latticework strategy validate --json` runs the leave-one-state-out validation on the real store;
the cross-validated agreement must stay at or above the figure documented in docs/strategy.md
(measured, rounded down), at most 10 % of the points may be undetermined, and the hand-set v1
prototypes are reported on the same points. The calibration itself is checked on a tiny data set
worked by hand.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from latticework.models import calibration as cal

#: docs/strategy.md, "Validation": the measured cross-validated agreement (72.0 % with the ledger of
#: 1,211 records), rounded down
DOCUMENTED_AGREEMENT = 0.71
#: docs/strategy.md, "Test states": the shipped calibration on the states coded blind, each scored
#: once (146 of 259 marks, 56.4 %; the fourteen of 2026-12-04 116 of 208, Mexico and Ukraine of
#: 2026-12-05 18 of 21, Finland and Portugal of the ninth session 12 of 30), rounded down
DOCUMENTED_TEST_AGREEMENT = 0.56
TEST_POINTS = 259  # 15 states x 15 marks, Malaysia 13, Ukraine 6 (1995-2020)


@pytest.fixture(scope="module")
def validation(real_store_path):
    from latticework.cli import app

    res = CliRunner().invoke(app, ["strategy", "validate", "--json", "--store", str(real_store_path)])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_validate_reports_how_far_two_coders_agree(validation):
    """docs/strategy.md, "How far two coders agree": eight states coded a second time, blind to the
    first coding (data/reference/second): 120 marks; the second coder's label agrees with the first
    coding on 106 (88.3 %) as a verdict is judged, label with label on 98 (81.7 %), Cohen's kappa
    0.743; the model's calls on 118 of those marks (held out for the development states, the shipped
    calibration for Spain and Sweden) agree with the first coding on 52 and with the second on 49."""
    c = validation["coders"]
    assert c["points"] == 120 and c["states"] == ["AUS", "DEU", "ESP", "IDN", "JPN", "KOR", "SWE", "TUR"]
    assert (c["as_verdict"], c["labels"], c["kappa"]) == (0.8833, 0.8167, 0.743)
    assert c["model"] == {"points": 118, "with_first": 52, "with_second": 49}


def test_validate_holds_the_documented_agreement(validation):
    cv = validation["cross_validated"]
    assert cv["points"] == 266 and validation["n_states"] == 18   # docs/strategy.md, counts per state
    assert cv["agreement"] >= DOCUMENTED_AGREEMENT
    lo, hi = cv["agreement_interval"]  # resampling states: 61.4-81.6 % when documented
    assert lo <= cv["agreement"] <= hi
    assert cv["share_undetermined"] <= 0.10
    # the fitted model beats the hand-set v1 prototypes on the same points
    assert cv["agreement"] > validation["handset"]["agreement"]


def test_test_states_scored_by_a_calibration_that_never_saw_them(validation):
    from latticework.models import reference as ref

    t = validation["test"]
    fitted = json.loads(cal.CALIBRATION_FILE.read_text())["fitted_on"]["iso3"]
    assert set(fitted) == set(ref.states("dev")) and len(fitted) == validation["n_states"]
    assert set(t["states"]) == set(ref.states("test")) and not set(t["states"]) & set(fitted)
    assert t["points"] == TEST_POINTS and t["points_with_verdict"] == TEST_POINTS
    assert t["agreement"] >= DOCUMENTED_TEST_AGREEMENT
    lo, hi = t["agreement_interval"]
    assert lo <= t["agreement"] <= hi
    assert t["share_undetermined"] <= 0.10
    per = pd.DataFrame(t["per_state"])
    assert int(per["agree"].sum()) == sum(m["agrees"] for m in t["marks"]) == round(t["agreement"] * TEST_POINTS)
    m = pd.DataFrame(t["confusion"]["matrix"]).T
    assert int(m.to_numpy().sum()) == TEST_POINTS


def test_validate_reports_per_state_and_confusion(validation):
    per = pd.DataFrame(validation["per_state"])
    assert len(per) == 18 and per["agreement"].between(0, 1).all()
    m = pd.DataFrame(validation["confusion"]["matrix"]).T
    assert set(m.index) == {"asymmetrics", "global_mercantilism", "proactive_realist", "international_visionary"}
    # every scored point is in the matrix once
    assert int(m.to_numpy().sum()) == validation["cross_validated"]["points_with_verdict"]
    assert int(per["points"].sum()) == validation["cross_validated"]["points_with_verdict"]


def test_validate_prints_tables(real_store_path):
    from latticework.cli import app

    res = CliRunner().invoke(app, ["strategy", "validate", "--store", str(real_store_path)])
    assert res.exit_code == 0, res.output
    assert "cross-validated agreement" in res.output and "confusion matrix" in res.output
    assert "JPN" in res.output and "hand-set" in res.output
    assert "Test states" in res.output and "EGY" in res.output


def test_japan_path_with_dated_transitions_and_reference(real_store_path):
    from latticework.cli import app

    res = CliRunner().invoke(app, ["strategy", "JPN", "--from", "1950", "--store", str(real_store_path)],
                             env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "path: " in res.output and "reference coding" in res.output
    assert "1977–1991  global_mercantilism / asymmetrics" in res.output
    assert "Samuels" in res.output  # the cited works are shown
    # the second, blind coding beside the first (data/reference/second)
    assert "a second coding, blind to the first" in res.output and "1992–2012 global_mercantilism / proactive_realist" in res.output


# -- the calibration on a tiny data set worked by hand ------------------------------------------

def _tiny():
    """Two well-separated clusters: asymmetrics near (0.2, 0.8, …), proactive realist near (0.8, 0.2, …)."""
    rows = []
    for k, (lab, base) in enumerate([("asymmetrics", 0.2), ("proactive_realist", 0.8)]):
        for j in range(10):
            v = base + (j - 4.5) * 0.01
            rows.append({"iso3": f"S{k}{j % 2}", "year": 1950 + j, "self_reliance": v, "patron_dependence": 1 - v,
                         "partner_breadth": v, "regional_leadership": v, "economic_activism": 0.5,
                         "global_engagement": 0.5, "label": lab, "alt_label": None, "mark": True})
    return pd.DataFrame(rows)


def test_fit_recovers_separated_prototypes():
    m = cal.fit(_tiny())
    P = m["prototypes"]
    # each fitted level lies on its own cluster's side of the midpoint 0.5
    assert P.loc["asymmetrics", "self_reliance"] < 0.5 < P.loc["proactive_realist", "self_reliance"]
    assert P.loc["asymmetrics", "patron_dependence"] > 0.5 > P.loc["proactive_realist", "patron_dependence"]
    pred = cal.predict(_tiny(), m)
    assert (pred["verdict"] == _tiny()["label"]).all()


def test_threshold_rule_by_hand():
    """Margins 0.01, 0.02, 0.03 wrong and 0.5 … right: below 0.025 the model is wrong more often than
    right (cap 10 % of 40 points = 4 points: q = 1, 2, 3 all qualify; q = 4 has 3 wrong of 4 → still
    qualifies) → threshold midway between the 4th and 5th margins."""
    n = 40
    margins = [0.01, 0.02, 0.03, 0.04] + [0.5 + i / 100 for i in range(n - 4)]
    verdicts = ["proactive_realist", "proactive_realist", "proactive_realist", "asymmetrics"] + ["asymmetrics"] * (n - 4)
    pr = pd.DataFrame({"verdict": verdicts, "margin": margins, "label": ["asymmetrics"] * n, "alt_label": [None] * n})
    assert cal._threshold_from(pr, cap=0.10) == pytest.approx((0.04 + 0.5) / 2)
    # a model that is always right gets no threshold
    pr["verdict"] = "asymmetrics"
    assert cal._threshold_from(pr, cap=0.10) == 0.0


def test_agreement_counts_the_alt_label():
    from latticework.models.reference import agrees

    assert agrees("asymmetrics", "global_mercantilism", "asymmetrics")
    assert not agrees("proactive_realist", "global_mercantilism", "asymmetrics")
    assert not agrees("undetermined", "global_mercantilism", None)
    assert not agrees(None, "asymmetrics", None)


def test_classifier_comparison_scores_leave_one_state_out():
    """scripts/compare_strategy_classifiers.py on a hand-made case: three states whose label is
    decided by self-reliance alone (low → asymmetrics, high → proactive realist); every held-out
    mark is called right by logistic regression, and an alt_label counts as agreement."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "compare_strategy_classifiers.py"
    spec = importlib.util.spec_from_file_location("compare_strategy_classifiers", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = []
    for s, base in (("AAA", 0.1), ("BBB", 0.15), ("CCC", 0.12)):
        for k, year in enumerate(range(1950, 2000, 5)):
            high = k % 2 == 1
            rows.append({"iso3": s, "year": year, "self_reliance": (0.8 if high else base),
                         "patron_dependence": 0.5, "partner_breadth": 0.5, "regional_leadership": 0.0,
                         "economic_activism": 0.5, "global_engagement": 0.5,
                         "label": "proactive_realist" if high else "asymmetrics",
                         "alt_label": None, "mark": True})
    df = pd.DataFrame(rows)
    make = mod.classifiers()["multinomial logistic regression"]
    assert mod.loso(df, make) == (30, 30)
    # a mark whose label the call misses still agrees through its alt_label, and not without it
    i = df.index[(df["iso3"] == "CCC") & (df["year"] == 1950)][0]
    df.loc[i, ["label", "alt_label"]] = ["international_visionary", "asymmetrics"]
    assert mod.loso(df, make) == (30, 30)
    df.loc[i, "alt_label"] = None
    assert mod.loso(df, make) == (29, 30)


def test_support_signal_candidates_worked_by_hand():
    """The candidate components of scripts/compare_strategy_classifiers.py on a hand-made signal
    frame: a BIT with China in force from 1990 is 1 from 1990; a Russian visit in 1990 counts in
    1990-1994 (five years) and not in 1995; US aid is its log over the maximum of all states (4.0)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "compare_strategy_classifiers.py"
    spec = importlib.util.spec_from_file_location("compare_strategy_classifiers", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    years = range(1988, 1997)
    f = pd.DataFrame({"chi_bit": [0, 0, 1, 1, 1, 1, 1, 1, 1], "rus_bit": 0,
                      "rus_vis": [0, 0, 1, 0, 0, 0, 0, 0, 0], "chi_vis": 0,
                      "log_us_econaid": [0, 1, 2, 4, 8, 0, 0, 0, 0]}, index=pd.Index(years, name="year"))
    tops = {"log_us_econaid": 4.0, "log_us_words": 1.0}
    bit = mod.CANDIDATES["bit_east"][1](f, tops)
    assert bit.loc[1989] == 0 and bit.loc[1990] == 1 and bit.loc[1996] == 1
    vis = mod.CANDIDATES["visits_east"][1](f, tops)
    assert list(vis.loc[1989:1995]) == [0, 1, 1, 1, 1, 1, 0]
    aid = mod.CANDIDATES["us_aid"][1](f, tops)
    assert list(aid.loc[1988:1992]) == [0, 0.25, 0.5, 1.0, 1.0]  # clipped at 1
