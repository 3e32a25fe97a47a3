"""Scenarios: validation, and each kind of edit changes only what it should (real store)."""
import pandas as pd
import pytest

from latticework.errors import InvalidRecord, UsageError
from latticework.models.scenarios import apply_edits, list_presets, load_scenario

pytestmark = pytest.mark.xdist_group("store_build")


def _sc(edits, year=2024):
    return load_scenario({"name": "t", "base_year": year, "edits": edits})


def _diff(before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    key = ["tie_id"]
    m = before.merge(after, on=key, how="outer", suffixes=("_b", "_a"), indicator=True)
    gone = m[m["_merge"] == "left_only"]
    new = m[m["_merge"] == "right_only"]
    both = m[m["_merge"] == "both"]
    changed = both[(both["end_year_b"].astype("Int64").fillna(-1) != both["end_year_a"].astype("Int64").fillna(-1))]
    return pd.concat([gone, changed]), new


def test_presets_load():
    assert set(list_presets()) >= {"us_retrenchment", "asian_nato", "japan_export_opening",
                                   "london_brussels_kyiv_taipei_tokyo_axis", "japan_bases_denied"}
    for p in list_presets():
        assert load_scenario(p).edits


@pytest.mark.parametrize("data,match", [
    ({"name": "x", "base_year": 2024, "edits": [{"kind": "teleport"}]}, "edits.0"),
    ({"name": "x", "base_year": 1200}, "base_year"),
    ({"name": "x", "base_year": 2024, "edits": [{"kind": "add_tie", "a": "JPN", "b": "AUS"}]}, "layer"),
    ({"name": "x", "base_year": 2024, "edits": [{"kind": "add_bloc", "states": ["JPN"]}]}, "states"),
    ({"name": "x", "base_year": 2024, "edits": [{"kind": "deny_basing", "state": "JPN", "probability": 2}]}, "probability"),
    ({"name": "x", "base_year": 2024, "edits": [{"kind": "set_indicator", "state": "JPN", "indicator": "happiness", "value": 1}]}, "indicator"),
    ({"name": "x", "base_year": 2024, "typo": 1}, "typo"),
])
def test_invalid_scenarios_name_the_field(data, match):
    with pytest.raises(InvalidRecord, match=match):
        load_scenario(data)


def test_bad_yaml_names_file_and_line(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("name: x\nbase_year: 2024\nedits: [\n  {kind: add_tie,\n")
    with pytest.raises(InvalidRecord, match=r"s\.yaml:\d+: not valid YAML"):
        load_scenario(p)
    with pytest.raises(UsageError, match="no scenario"):
        load_scenario(tmp_path / "missing.yaml")


def test_empty_edit_list_changes_nothing(real_db):
    t = apply_edits(real_db, _sc([]))
    pd.testing.assert_frame_equal(t["ties"], real_db.table("ties"))
    pd.testing.assert_frame_equal(t["capabilities"], real_db.table("capabilities"))


def test_add_tie_adds_one_row_only(real_db):
    before = real_db.table("ties")
    after = apply_edits(real_db, _sc([{"kind": "add_tie", "layer": "ledger_access", "a": "JPN", "b": "FRA"}]))["ties"]
    removed, new = _diff(before, after)
    assert removed.empty and len(new) == 1
    assert (new["a_a"].iloc[0], new["b_a"].iloc[0], new["start_year_a"].iloc[0]) == (740, 220, 2024)


def test_add_bloc_adds_every_pair(real_db):
    before = real_db.table("ties")
    after = apply_edits(real_db, _sc([{"kind": "add_bloc", "states": ["USA", "JPN", "KOR", "AUS"]}]))["ties"]
    removed, new = _diff(before, after)
    assert removed.empty and len(new) == 6 and set(new["layer_a"]) == {"ledger_defense_pact"}


def test_remove_tie_ends_only_that_pair(real_db):
    before = real_db.table("ties")
    after = apply_edits(real_db, _sc([{"kind": "remove_tie", "a": "USA", "b": "JPN", "layers": ["basing"]}]))["ties"]
    changed, new = _diff(before, after)
    assert new.empty and len(changed) >= 1
    assert set(zip(changed["a_b"], changed["b_b"])) == {(2, 740)} and set(changed["layer_b"]) == {"basing"}
    # history before the base year is kept
    kept = after[(after.layer == "basing") & (after.b == 740) & (after.start_year == 2020)]
    assert len(kept) == 1


def test_remove_state_ties_limited_to_region_and_layers(real_db):
    before = real_db.table("ties")
    after = apply_edits(real_db, _sc([{"kind": "remove_state_ties", "state": "USA", "region": ["JPN", "KOR"],
                                       "layers": ["basing"]}]))["ties"]
    changed, new = _diff(before, after)
    assert new.empty and set(changed["b_b"]) <= {740, 732} and set(changed["layer_b"]) == {"basing"}


def test_deny_basing_removes_troops_and_basing_only_there(real_db):
    t = apply_edits(real_db, _sc([{"kind": "deny_basing", "state": "JPN"}]))
    pd.testing.assert_frame_equal(t["bases"], real_db.table("bases"))  # undated list: history kept
    w = t["ties"]
    in_force = w[(w.layer == "basing") & (w.start_year <= 2024) & (w.end_year >= 2024)]
    assert 740 not in set(in_force["b"]) and 732 in set(in_force["b"])
    tr, tr0 = t["troops"].set_index(["ccode", "year"])["troops"], real_db.table("troops").set_index(["ccode", "year"])["troops"]
    assert tr.loc[(740, 2024)] == 0 and tr.loc[(740, 2025)] == 0 and tr.loc[(740, 2023)] == tr0.loc[(740, 2023)]
    assert (tr.drop(740, level="ccode") == tr0.drop(740, level="ccode")).all()


def test_set_indicator_rescales_spending_and_ranks(real_db):
    caps = apply_edits(real_db, _sc([{"kind": "set_indicator", "state": "JPN", "indicator": "milex_gdp_share", "value": 0.02}]))["capabilities"]
    base = real_db.table("capabilities")
    j, j0 = caps[(caps.ccode == 740) & (caps.year == 2024)].iloc[0], base[(base.ccode == 740) & (base.year == 2024)].iloc[0]
    assert j["milex_gdp_share"] == pytest.approx(0.02)
    assert j["milex_current_usd_m"] == pytest.approx(j0["milex_current_usd_m"] * 0.02 / j0["milex_gdp_share"])
    assert j["milex_rank"] < j0["milex_rank"]  # ~US$80.6bn moves Japan up from 10th
    other = caps[(caps.ccode != 740)].set_index(["ccode", "year"])["milex_current_usd_m"]
    pd.testing.assert_series_equal(other, base[base.ccode != 740].set_index(["ccode", "year"])["milex_current_usd_m"])
    earlier = caps[(caps.ccode == 740) & (caps.year == 2023)].iloc[0]
    assert earlier["milex_gdp_share"] == base[(base.ccode == 740) & (base.year == 2023)].iloc[0]["milex_gdp_share"]


def test_overlay_leaves_store_untouched(real_db, real_store_path):
    before = real_store_path.stat().st_mtime_ns
    w = real_db.overlay(apply_edits(real_db, _sc([{"kind": "deny_basing", "state": "JPN"}])))
    assert w.ties(layer="basing", year=2024, state="JPN").empty
    assert not real_db.ties(layer="basing", year=2024, state="JPN").empty
    assert real_store_path.stat().st_mtime_ns == before


def test_empty_scenario_reproduces_baseline_exactly(real_db):
    from latticework.models.scenarios import run_scenario

    res = run_scenario(real_db, {"name": "empty", "base_year": 2024,
                                 "focus": {"hub": "USA", "preset": "indo_pacific", "states": ["JPN"]}})
    for name, rows in res["tables"].items():
        for r in rows:
            for k, v in r.items():
                if k.endswith("_delta"):
                    assert v == 0 or v is None, (name, k, v)
                if k.endswith("_changed"):
                    assert v is False, (name, k)


def test_bloc_changes_structure_only_in_its_direction(real_db):
    from latticework.models.scenarios import run_scenario

    res = run_scenario(real_db, "asian_nato")
    st = {r["measure"]: r for r in res["tables"]["structure"]}
    assert st["lattice_index"]["value_delta"] > 0 and st["spoke_density"]["value_delta"] >= 0
    assert st["hub_share"]["value_delta"] < 0
    # issue 16: with RIMPAC-style pairs weighted 1/(n-1) and TAC non-aggression out, the lattice
    # can still move: the bloc raised it by only 0.071 before (0.372 -> 0.443)
    assert st["lattice_index"]["value_delta"] > 0.071
    assert st["spoke_density"]["value_baseline"] < 0.8


def test_bases_denied_cuts_reach(real_db):
    from latticework.models.scenarios import run_scenario

    res = run_scenario(real_db, "japan_bases_denied")
    reach = {r["measure"]: r for r in res["tables"]["reach"]}["access_points_in_range"]
    assert reach["value_scenario"] < reach["value_baseline"]
    jpn = [r for r in res["tables"]["criticality"] if r["state"] == "JPN"]
    assert not jpn or not jpn[0].get("reach_loss_scenario")
    # issue 16: the troop table is edited too (Japan's share of US troops abroad stayed 0.2795)
    a = {r["dyad"]: r for r in res["tables"]["asymmetry"]}["USA-JPN"]
    assert a["share_of_patron_abroad_baseline"] > 0.25 and a["share_of_patron_abroad_scenario"] == 0
    assert a["troops_vs_own_forces_scenario"] == 0 and a["partner_share_of_patron_reach_scenario"] == 0
    assert a["dependence_a_on_b_scenario"] < 0.05 < a["dependence_a_on_b_baseline"]
    # the strategy model reads the scenario's troops (its cross-sections were cached by the store's
    # path, so a scenario saw the base troops and Japan's patron dependence did not move: 0.886 both)
    sg = {r["state"]: r for r in res["tables"]["strategy"]}["JPN"]
    assert sg["patron_dependence_scenario"] < sg["patron_dependence_baseline"] - 0.2


def test_retrenchment_moves_japans_dependence(real_db):
    """Issue 16: us_retrenchment moved Japan's dependence only 0.224 -> 0.195 (the troop table
    was never edited). With every troop of the edit gone, it falls by more than 0.1."""
    from latticework.models.scenarios import run_scenario

    a = {r["dyad"]: r for r in run_scenario(real_db, "us_retrenchment")["tables"]["asymmetry"]}["USA-JPN"]
    assert a["share_of_patron_abroad_scenario"] == 0
    assert a["dependence_b_on_a_delta"] < -0.1


# each edit kind against each measure: (edit, {measure: expected direction}) in 2024, on the real store
# structure = lattice index (indo_pacific), asymmetry = USA-JPN components, criticality = US reach
EDIT_EFFECTS = [
    ({"kind": "add_tie", "layer": "ledger_defense_pact", "a": "JPN", "b": "AUS"},
     {"lattice_index": "up", "tie_share_b": "down", "share_of_patron_abroad": "same", "access_points": "same"}),
    ({"kind": "add_tie", "layer": "basing", "a": "USA", "b": "JPN", "weight": 20000},
     {"lattice_index": "down", "tie_share_b": "up", "share_of_patron_abroad": "up", "access_points": "same"}),
    ({"kind": "add_tie", "layer": "ledger_access", "a": "USA", "b": "TWN"},
     {"lattice_index": "same", "tie_share_b": "same", "share_of_patron_abroad": "same", "access_points": "up"}),
    ({"kind": "remove_tie", "a": "USA", "b": "JPN", "layers": ["basing"]},
     {"lattice_index": "up", "tie_share_b": "down", "share_of_patron_abroad": "zero", "access_points": "down"}),
    ({"kind": "remove_state_ties", "state": "USA", "region": ["JPN"], "layers": ["basing"]},
     {"lattice_index": "up", "tie_share_b": "down", "share_of_patron_abroad": "zero", "access_points": "down"}),
    ({"kind": "remove_state_ties", "state": "JPN", "layers": ["ledger_security_agreement"]},
     {"lattice_index": "down", "tie_share_b": "up", "share_of_patron_abroad": "same", "access_points": "same"}),
    ({"kind": "set_indicator", "state": "JPN", "indicator": "milex_constant_usd", "value": 1.0e11},
     {"milex_share_a": "down", "lattice_index": "same", "share_of_patron_abroad": "same", "access_points": "same"}),
    ({"kind": "scale_indicator", "state": "JPN", "indicator": "milex_gdp_share", "factor": 2.0},
     {"milex_share_a": "down", "lattice_index": "same", "share_of_patron_abroad": "same", "access_points": "same"}),
    ({"kind": "add_bloc", "states": ["JPN", "KOR", "AUS"]},
     {"lattice_index": "up", "tie_share_b": "down", "share_of_patron_abroad": "same", "access_points": "same"}),
    ({"kind": "deny_basing", "state": "JPN"},
     {"lattice_index": "up", "tie_share_b": "down", "share_of_patron_abroad": "zero", "troops_vs_own_forces": "zero",
      "partner_share_of_patron_sites": "zero", "partner_share_of_patron_reach": "zero", "access_points": "down"}),
]


def _readings(w) -> dict:
    import latticework as lw

    st = lw.structure(w, preset="indo_pacific", years=(2024, 2024)).iloc[0]
    a = lw.asymmetry(w, "USA", "JPN", years=(2024, 2024)).iloc[0]
    c = lw.criticality(w, "USA", 2024)
    return {"lattice_index": st["lattice_index"], "access_points": c.attrs["access_points_in_range"],
            **{k: a[k] for k in ("tie_share_b", "share_of_patron_abroad", "troops_vs_own_forces", "milex_share_a",
                                 "partner_share_of_patron_sites", "partner_share_of_patron_reach")}}


@pytest.fixture(scope="module")
def baseline_readings(real_db):
    return _readings(real_db)


@pytest.mark.parametrize("edit,effects", EDIT_EFFECTS, ids=[f"{e['kind']}-{i}" for i, (e, _) in enumerate(EDIT_EFFECTS)])
def test_each_edit_kind_reaches_each_measure(real_db, baseline_readings, edit, effects):
    """Every edit kind changes what it claims in every measure that reads the edited tables, and
    nothing else: an edit of US basing reaches the troop table, the sites and the reach."""
    w = real_db.overlay(apply_edits(real_db, _sc([edit])))
    after, before = _readings(w), baseline_readings
    for k, how in effects.items():
        b, a = float(before[k]), float(after[k])
        if how == "same":
            assert a == pytest.approx(b, abs=1e-12), (k, b, a)
        elif how == "zero":
            assert b > 0 and a == 0, (k, b, a)
        elif how == "up":
            assert a > b, (k, b, a)
        else:
            assert a < b, (k, b, a)


def test_monte_carlo_is_seeded(real_db):
    from latticework.models.scenarios import load_scenario, monte_carlo

    sc = load_scenario("japan_bases_denied")
    a = monte_carlo(real_db, sc, runs=50, seed=3)
    b = monte_carlo(real_db, sc, runs=50, seed=3)
    assert a == b and a["distinct_worlds"] <= 4


def test_monte_carlo_draws_edits_at_their_probabilities(monkeypatch):
    """Monte Carlo without the store: two uncertain edits (p = 0.2 and 0.9) and a stand-in measure
    that counts the edits applied (0, 1 or 2). Worked on paper: over 2,000 runs each edit is drawn
    independently, so the mean is 0.2 + 0.9 = 1.1 (binomial s.d. of the mean ≈ 0.013; ±0.05 allowed),
    all four worlds occur, p5 = 0 or 1, p95 = 2, and the same seed gives the same result."""
    from latticework.models import scenarios as S

    sc = S.load_scenario({"name": "mc", "base_year": 2024, "edits": [
        {"kind": "deny_basing", "state": "JPN", "probability": 0.2},
        {"kind": "deny_basing", "state": "KOR", "probability": 0.9}]})

    class World:
        def __init__(self, n):
            self.n = n

        def overlay(self, edited):
            return World(edited)

    monkeypatch.setattr(S, "apply_edits", lambda db, sc, chosen: len(chosen))
    monkeypatch.setattr(S, "_flatten", lambda m: {"applied": float(m)})
    monkeypatch.setattr(S, "measures", lambda w, sc: w.n)
    out = S.monte_carlo(World(0), sc, runs=2000, seed=7)
    m = out["measures"]["applied"]
    assert out["distinct_worlds"] == 4 and m["n"] == 2000
    assert m["mean"] == pytest.approx(1.1, abs=0.05)
    assert m["p5"] in (0.0, 1.0) and m["p50"] == 1.0 and m["p95"] == 2.0
    assert S.monte_carlo(World(0), sc, runs=2000, seed=7) == out
    certain = S.load_scenario({"name": "c", "base_year": 2024, "edits": [{"kind": "deny_basing", "state": "JPN"}]})
    assert S.monte_carlo(World(0), certain, runs=50, seed=1)["measures"]["applied"] == \
        {"mean": 1.0, "p5": 1.0, "p50": 1.0, "p95": 1.0, "n": 50}
