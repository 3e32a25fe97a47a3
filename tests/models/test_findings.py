"""The report's judgements, computed by models/findings.py, on cases worked by hand."""
import numpy as np
import pandas as pd
import pytest

from latticework.models.findings import asymmetry_trend, real_growth, strategy_shift


def test_real_growth_by_hand():
    """40 → 50 (constant US$) from 2014 to 2024: +25 %; without the base year, no figure."""
    caps = pd.DataFrame({"year": [2014, 2020, 2024, 2025], "milex_current_usd": [1.0, 1.0, 1.0, np.nan],
                         "milex_constant_usd": [40.0, 45.0, 50.0, np.nan]})
    assert real_growth(caps) == {"last": 2024, "base": 2014, "growth": pytest.approx(0.25)}
    assert real_growth(caps[caps["year"] != 2014])["growth"] is None
    # 2025 with a current-price figure only: growth stays measured to 2024 (was NaN, "+nan%")
    caps.loc[caps["year"] == 2025, "milex_current_usd"] = 1.0
    assert real_growth(caps) == {"last": 2024, "base": 2014, "growth": pytest.approx(0.25)}


def test_asymmetry_trend_uses_the_last_complete_year():
    """Index 0.40 (1990), 0.35 (2010), 0.30 (2022, the last complete year), 0.50 (2024, fewer
    components): narrowed from 0.40 to 0.30; 2024 is listed as not comparable, not used."""
    a = pd.DataFrame({"year": [1990, 2010, 2022, 2024], "asymmetry_index": [0.40, 0.35, 0.30, 0.50],
                      "dependence_b_on_a": [0.6, 0.6, 0.6, 0.7], "complete": [True, True, True, False]})
    t = asymmetry_trend(a)
    assert t["points"] == [1990, 2010, 2022] and t["last_complete"] == 2022
    assert (t["start"], t["end"], t["narrowed"], t["later"]) == (0.40, 0.30, True, [2024])
    a.loc[2, "asymmetry_index"] = 0.45
    assert asymmetry_trend(a)["narrowed"] is False


def test_strategy_shift_threshold_by_hand():
    """p(proactive realist) 0.10 (2012) → 0.15 (2022) → 0.21 (2024): +0.11 > 0.1, a shift; 0.19
    would be +0.09, no shift; no mark year, no judgement."""
    sg = pd.DataFrame({"year": [2012, 2022, 2024], "verdict": ["a", "a", "a"], "p_proactive_realist": [0.10, 0.15, 0.21]})
    s = strategy_shift(sg)
    assert s["path"] == {2012: 0.10, 2022: 0.15, 2024: 0.21} and s["shifted"] and s["threshold"] == 0.1
    sg.loc[2, "p_proactive_realist"] = 0.19
    assert strategy_shift(sg)["shifted"] is False
    assert strategy_shift(sg[sg["year"] == 2024]) is None
