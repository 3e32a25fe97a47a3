"""The strategy classifier on hand-set indicator vectors (no store needed)."""
import numpy as np
import pandas as pd
import pytest

from latticework.errors import UsageError
from latticework.models.strategy import STRATEGIES, classify, load_prototypes, stability, transitions


@pytest.mark.parametrize("name", STRATEGIES)
def test_vector_at_prototype_is_classified_as_it(name):
    protos = load_prototypes()
    c = classify(protos.loc[name], protos)
    assert c["verdict"] == name and c["p"][name] > 0.5
    assert sum(c["p"].values()) == pytest.approx(1.0)


def test_hand_computed_probabilities():
    """Worked on paper: prototypes that differ from x = 0.5 by 0, 0.1, 0.2 and −0.3 in every
    indicator lie at RMS distances 0, 0.1, 0.2, 0.3; at T = 0.05 the logits are 0, −2, −4, −6, so
    p = (1, e⁻², e⁻⁴, e⁻⁶) / 1.1561297 = (0.8649545, 0.1170586, 0.0158420, 0.0021440); margin 0.7478959.
    Weights (3 on the first indicator, 1 elsewhere) leave equal per-indicator gaps unchanged."""
    from latticework.models import indicators as ind

    protos = pd.DataFrame([[0.5] * 6, [0.6] * 6, [0.7] * 6, [0.2] * 6], index=STRATEGIES, columns=ind.INDICATORS)
    x = pd.Series(0.5, index=ind.INDICATORS)
    for weights in (None, {ind.INDICATORS[0]: 3.0}):
        c = classify(x, protos, weights=weights, temperature=0.05)
        assert [c["distance"][k] for k in STRATEGIES] == pytest.approx([0.0, 0.1, 0.2, 0.3])
        assert [c["p"][k] for k in STRATEGIES] == pytest.approx([0.8649545, 0.1170586, 0.0158420, 0.0021440], abs=1e-6)
        assert c["verdict"] == "asymmetrics" and c["runner_up"] == "global_mercantilism"
        assert c["margin"] == pytest.approx(0.7478959, abs=1e-6)
    # one indicator missing: the RMS runs over the other five, the distances are unchanged
    c = classify(x.drop(ind.INDICATORS[2]), protos, temperature=0.05)
    assert c["missing"] == [ind.INDICATORS[2]] and c["distance"]["proactive_realist"] == pytest.approx(0.2)
    # a gap in one indicator only: weighted RMS = sqrt(3 × 0.6² / 8) = 0.367423 with weight 3 of 8
    y = x.copy()
    y[ind.INDICATORS[0]] = 1.1
    c = classify(y, protos, weights={ind.INDICATORS[0]: 3.0}, temperature=0.05)
    assert c["distance"]["asymmetrics"] == pytest.approx(0.367423, abs=1e-6)


def test_missing_indicator_is_reported_not_imputed():
    protos = load_prototypes()
    x = protos.loc["proactive_realist"].copy()
    x["global_engagement"] = np.nan
    c = classify(x, protos)
    assert c["missing"] == ["global_engagement"] and c["verdict"] == "proactive_realist"
    with pytest.raises(UsageError, match="no indicator"):
        classify(pd.Series({k: np.nan for k in protos.columns}), protos)


def test_perturbation_is_reproducible_with_a_seed():
    protos = load_prototypes()
    x = (protos.loc["proactive_realist"] + protos.loc["asymmetrics"]) / 2 + 0.03
    a = stability(x, protos, classify(x, protos)["verdict"], n=100, seed=7)
    b = stability(x, protos, classify(x, protos)["verdict"], n=100, seed=7)
    assert a == b and 0 <= a <= 1
    assert stability(protos.loc["asymmetrics"], protos, "asymmetrics", n=100, seed=1) > 0.9


def test_transition_needs_two_years():
    v = pd.Series(["a", "a", "b", "a", "a", "c", "c", "c"], index=range(2000, 2008))
    assert transitions(v) == [{"year": 2005, "from": "a", "to": "c"}]


def test_undetermined_years_are_skipped_not_breaking_runs():
    """strategy() masks undetermined years with Series.where (NaN): a -> b with an undetermined
    year inside b's run is a transition in 2002, when b starts (was dated 2004: NaN broke the run)."""
    v = pd.Series(["a", "a", "b", "undetermined", "b", "b"], index=range(2000, 2006))
    assert transitions(v.where(v != "undetermined")) == [{"year": 2002, "from": "a", "to": "b"}]
    assert transitions(v.where(v != "undetermined").astype(object).where(v != "undetermined", None)) == \
        [{"year": 2002, "from": "a", "to": "b"}]


def test_bad_prototype_table(tmp_path):
    p = tmp_path / "p.csv"
    p.write_text("strategy,indicator,level\nasymmetrics,self_reliance,1.5\n")
    with pytest.raises(UsageError, match="levels must lie"):
        load_prototypes(p)
    p.write_text("strategy,indicator,level\nhegemon,self_reliance,0.5\n")
    with pytest.raises(UsageError, match="unknown"):
        load_prototypes(p)


def test_japan_real_data(real_db):
    """Real data: probabilities sum to 1, verdicts exist, evidence and stability are reported."""
    from latticework.models.strategy import strategy

    df = strategy(real_db, "JPN", years=(1990, 2024), n_perturb=50)
    probs = df[[f"p_{k}" for k in STRATEGIES]].sum(axis=1)
    assert probs.round(6).eq(1).all()
    assert df["verdict"].notna().all() and df["stability"].between(0, 1).all()
    assert df.loc[df.year == 2010, "patron_note"].iloc[0] == "treaty patron USA"
    assert all(len(e) == 3 for e in df["top_evidence"])
    # the reference coding sits beside the verdict: Japan 2000 is coded asymmetrics, split with proactive realist
    r2000 = df[df.year == 2000].iloc[0]
    assert r2000["reference"] == "asymmetrics" and r2000["reference_alt"] == "proactive_realist"
    assert "green2001" in r2000["reference_sources"]
    assert [p["period"] for p in df.attrs["reference"]][:2] == ["1977–1991", "1992–2008"]
    again = strategy(real_db, "JPN", years=(1990, 2024), n_perturb=50)
    assert list(again["stability"]) == list(df["stability"])  # seeded: reproducible


def test_evidence_names_sourced_ledger_records(real_db):
    """Each year's evidence lists ledger records (id, date, source address) dated no later than it."""
    from latticework.models.strategy import strategy

    df = strategy(real_db, "JPN", years=(2018, 2024), n_perturb=10)
    ids = set(real_db.events()["event_id"])
    assert df["evidence_events"].map(len).sum() > 0
    for r in df.itertuples():
        assert set(r.evidence_events) <= ids
        assert [e["id"] for e in r.evidence] == list(r.evidence_events)
        assert all(e["url"].startswith("http") and e["date"][:4] <= str(r.year) for e in r.evidence)


def test_state_without_patron(real_db):
    """The USA has no patron: dependence 0, and the output says so."""
    from latticework.models.strategy import strategy

    df = strategy(real_db, "USA", years=(2000, 2001), n_perturb=10)
    assert (df["patron_dependence"] == 0).all()
    assert df["patron_note"].str.contains("no patron").all()


def test_defining_indicators_and_undeterminable_verdicts(real_db):
    """In the hand-set v1 table visionary is defined by global engagement; a verdict whose defining
    indicator is missing is flagged."""
    from pathlib import Path

    import latticework.models.strategy as sm
    from latticework.models.strategy import defining_indicators, load_prototypes, strategy

    d = defining_indicators(load_prototypes(Path(sm.__file__).with_name("prototypes_handset.csv")))
    assert d["international_visionary"] == "global_engagement" and d["global_mercantilism"] == "economic_activism"
    df = strategy(real_db, "PHL", years=(2020, 2024), n_perturb=20)
    flagged = df[df["verdict"].eq("international_visionary") & df["missing"].map(lambda m: "global_engagement" in m)]
    assert (~flagged["determinable"]).all() and flagged["verdict_note"].str.contains("defining indicator").all()


def test_undetermined_names_the_two_leading_strategies(real_db):
    """Below the calibrated margin the verdict is ``undetermined`` and the two leaders are named."""
    from latticework.models.strategy import strategy

    df = strategy(real_db, "JPN", years=(1960, 2024), n_perturb=10, threshold=0.99)
    und = df[df["verdict"] == "undetermined"]
    assert len(und) > 0
    assert und["leading"].isin(STRATEGIES).all() and und["runner_up"].isin(STRATEGIES).all()
    assert und["verdict_note"].str.startswith("undetermined: ").all()
    assert (und["leading"] != und["runner_up"]).all()
    # no threshold: never undetermined
    assert not strategy(real_db, "JPN", years=(2000, 2002), n_perturb=10, threshold=0.0)["verdict"].eq("undetermined").any()


def test_shipped_calibration_is_the_default():
    """prototypes.csv holds the fitted levels with a rationale each; calibration.json the weights,
    temperature and undetermined margin."""
    from latticework.models.calibration import load_calibration

    cal = load_calibration()
    protos = cal["prototypes"]
    assert protos.shape == (4, 6) and protos.notna().all().all()
    assert all(len(r) > 20 for r in protos.attrs["rationale"].values())
    assert set(cal["weights"]) == set(protos.columns) and 0 < cal["threshold"] < 0.5


def test_disagreement_spans_merge_runs_by_hand():
    """Worked by hand: 2001–2002 asym vs realist form one span; 2003 changes the verdict, 2005 is not
    adjacent to 2003, so three spans."""
    from latticework.models.strategy import disagreement_spans

    dis = [{"year": 2001, "verdict": "asymmetrics", "reference": "proactive_realist", "reference_alt": None},
           {"year": 2002, "verdict": "asymmetrics", "reference": "proactive_realist", "reference_alt": None},
           {"year": 2003, "verdict": "global_mercantilism", "reference": "proactive_realist", "reference_alt": None},
           {"year": 2005, "verdict": "global_mercantilism", "reference": "proactive_realist", "reference_alt": None}]
    assert [(s["start"], s["end"], s["verdict"]) for s in disagreement_spans(dis)] == [
        (2001, 2002, "asymmetrics"), (2003, 2003, "global_mercantilism"), (2005, 2005, "global_mercantilism")]
    assert disagreement_spans([]) == []


def test_provenance_from_components_by_hand():
    """Two years worked by hand: 2010 reads SIPRI effort and COW IGO, 2020 an export share (WDI
    spliced on COW after 2014) and a ledger component with two records; a None component cites nothing."""
    import json

    from latticework.models.strategy import provenance

    frame = pd.DataFrame({"year": [2010, 2020], "components": [
        json.dumps({"self_reliance": {"effort_norm": 0.4, "rival_balance": None, "events": []},
                    "global_engagement": {"igo_share": 0.7}}),
        json.dumps({"economic_activism": {"export_share": 0.6, "economic_security": 0.5, "events": ["r2", "r1"]}})]})
    assert provenance(frame) == {"sources": ["cow_igo", "cow_trade", "ledger", "sipri_milex", "wdi"],
                                 "ledger_records": ["r1", "r2"]}


def test_strategy_cites_what_it_used_real(real_db):
    """Japan in the 1960s reads no ledger record and cites no ledger; 2022–2024 cites the ledger and
    names records that exist."""
    from latticework.models.strategy import strategy

    early = strategy(real_db, "JPN", years=(1960, 1970), n_perturb=2)
    assert "ledger" not in early.attrs["sources"] and early.attrs["ledger_records"] == []
    assert {"sipri_milex", "atop_ddy", "cow_trade", "cow_igo"} <= set(early.attrs["sources"])
    late = strategy(real_db, "JPN", years=(2022, 2024), n_perturb=2)
    assert "ledger" in late.attrs["sources"] and "wdi" in late.attrs["sources"]
    assert late.attrs["ledger_records"] and set(late.attrs["ledger_records"]) <= set(real_db.events()["event_id"])


def test_map_coordinates_by_hand():
    """security autonomy = mean(0.2, 1 − 0.9, 0.5, missing) = (0.2 + 0.1 + 0.5) / 3 = 0.266667;
    economic/global = mean(0.8, 0.6) = 0.7."""
    from latticework.models.strategy import economic_global, security_autonomy

    df = pd.DataFrame({"self_reliance": [0.2], "patron_dependence": [0.9], "partner_breadth": [0.5],
                       "regional_leadership": [np.nan], "economic_activism": [0.8], "global_engagement": [0.6]})
    assert security_autonomy(df).iloc[0] == pytest.approx(0.8 / 3)
    assert economic_global(df).iloc[0] == pytest.approx(0.7)
