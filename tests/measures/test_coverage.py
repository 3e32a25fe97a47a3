"""Coverage boundaries (issue 16): no measure moves because a dataset starts or stops."""
import pandas as pd
import pytest

from latticework.measures.coverage import asymmetry_like_for_like, boundaries, boundary_jumps

DYADS = ["JPN", "KOR", "AUS", "PHL", "THA", "NZL", "GBR", "FRA", "ITA", "TUR", "POL", "CAN"]


def test_the_old_artefact_is_caught():
    """USA-JPN asymmetry as main printed it before the fix: 0.40 (2022), 0.46 (2023), 0.20 (2024).
    Other steps 2019-2022: 0.005, 0.005, 0.003, 0.015 -> median 0.005; 4 x 0.005 = 0.02 = floor.
    NMC's last year 2022 -> step into 2023 (+0.063); SIPRI arms' last 2023 -> into 2024 (-0.262)."""
    s = pd.Series([0.407, 0.412, 0.417, 0.414, 0.399, 0.462, 0.200], index=range(2018, 2025))
    r = boundary_jumps(s, {"cow_nmc": (1816, 2022), "sipri_arms": (1950, 2023)}).set_index("source")
    assert r.loc["cow_nmc", "year"] == 2023 and r.loc["cow_nmc", "change"] == pytest.approx(0.063)
    assert r.loc["cow_nmc", "spread"] == pytest.approx(0.005) and r.loc["cow_nmc", "threshold"] == pytest.approx(0.02)
    assert not r["ok"].any()
    # declared as a coverage break, or explained by a like-for-like move, the same steps pass
    declared = boundary_jumps(s, {"sipri_arms": (1950, 2023)}, breaks=pd.Series({2024: True}))
    assert declared["ok"].all() and declared["declared_break"].all()
    moved = boundary_jumps(s, {"sipri_arms": (1950, 2023)}, like_for_like=pd.Series({2024: -0.2}))
    assert moved["ok"].all() and moved["data_moved"].all()
    # a step within the usual spread passes without either
    calm = boundary_jumps(pd.Series([0.40, 0.41, 0.40, 0.41, 0.40], index=range(2020, 2025)), {"x": (1950, 2022)})
    assert calm["ok"].all() and calm["within_spread"].all()


def test_like_for_like_uses_only_shared_components():
    """2023 has both components, 2024 only the first: like for like compares the first alone
    (0.5 -> 0.7: +0.2), where the raw mean moved from 0.3 to 0.7."""
    df = pd.DataFrame({"year": [2023, 2024], "troops_vs_own_forces": [0.5, 0.7], "share_of_patron_abroad": [0.1, None]})
    assert asymmetry_like_for_like(df, "dependence_b_on_a")[2024] == pytest.approx(0.2)


def test_no_silent_jump_at_any_boundary_real_store(real_db):
    """Every source and layer boundary of every headline series on the real store (structure of
    both presets, asymmetry of twelve US dyads, Japan's criticality for the US in the Taiwan
    Strait): the step is within the usual spread, explained by a like-for-like move, or declared
    a coverage break."""
    import latticework as lw
    from latticework.measures.structure import PRESETS
    from latticework.views.networks import tie_frame

    tt = tie_frame(real_db)
    bad = []
    for preset in PRESETS:
        s = lw.structure(real_db, preset=preset, years=(1946, 2024), ties=tt)
        b = boundaries(real_db, s.attrs["sources"], tt)
        assert "layer:mme_exercise" in b and b["sipri_arms"] == (1950, 2023) and "ledger" in b
        assert lw.cite(s, bibtex=False)  # every source a result names is a registry source
        s = s.set_index("year")
        for c in ("lattice_index", "spoke_density", "hub_share", "hub_removal_fragmentation", "centralization"):
            r = boundary_jumps(s[c], b, s["coverage_break"])
            bad += [(preset, c, x.source, x.year, round(x.change, 3)) for x in r[~r["ok"]].itertuples()]
    for spoke in DYADS:
        a = lw.asymmetry(real_db, "USA", spoke, years=(1946, 2024), ties=tt)
        b = boundaries(real_db, a.attrs["sources"], tt)
        assert lw.cite(a, bibtex=False)
        ai = a.set_index("year")
        for c in ("asymmetry_index", "dependence_b_on_a", "dependence_a_on_b"):
            r = boundary_jumps(ai[c], b, ai["coverage_break"], asymmetry_like_for_like(a, c))
            bad += [(spoke, c, x.source, x.year, round(x.change, 3)) for x in r[~r["ok"]].itertuples()]
    rows = {}
    for y in range(1946, 2025):
        c = lw.criticality(real_db, "USA", y, ties=tt)
        j = c[c["state"] == "JPN"]
        rows[y] = j[["reach_loss", "connectivity_loss"]].iloc[0] if len(j) else pd.Series({"reach_loss": None, "connectivity_loss": None})
    crit = pd.DataFrame(rows).T
    b = boundaries(real_db, c.attrs["sources"], tt)
    for col in crit:
        r = boundary_jumps(crit[col].astype(float), b)
        bad += [("JPN", col, x.source, x.year, round(x.change, 3)) for x in r[~r["ok"]].itertuples()]
    assert not bad, bad
