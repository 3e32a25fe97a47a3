"""Scenarios: edit the world, recompute the measures, compare with the baseline (Q5).

A scenario is a small YAML file (``name``, ``base_year``, ``focus``, ``edits``) validated by the
schema below. Edits change the store's tables *in memory* (:meth:`Store.overlay`); every measure
then runs unchanged on the edited world, so baseline and scenario differ only by the edits.

Edit kinds
----------
``add_tie``            {layer, a, b, weight = 1, directed = false}: a tie in force from the base year
``remove_tie``         {a, b, layers = all}: the pair's ties end the year before the base year
``remove_state_ties``  {state, region = all, layers = all}: the state's ties with every state in region end
``set_indicator``      {state, indicator, value}: e.g. ``milex_gdp_share: 0.02`` (spending rescaled to match)
``scale_indicator``    {state, indicator, factor}
``add_bloc``           {states, layer = ledger_defense_pact, weight = 1}: ties between every pair
``deny_basing``        {state}: US troops (0) and basing ties in the state are gone, US access ties end,
                       so none of its US sites counts as an access point from the base year
Every edit may carry ``probability`` (default 1) for Monte Carlo runs.

Every edit reaches every table a measure reads (issue 16): the US troop table (``troops``) is
what asymmetry's troop components, the patron-side shares and the dating of US sites read, so
an edit that ends or denies US basing in a state (``deny_basing``; ``remove_tie`` or
``remove_state_ties`` of the basing layer, or of all layers, between the USA and the state)
sets the state's US troops to 0 from the base year — the troops go home, so the total abroad
shrinks too — and an added US basing tie (``add_tie``/``add_bloc`` with layer ``basing``) adds
its weight in troops. The undated site list (``bases``) is left whole: a site counts in a year
only with US troops or an access agreement there (measures.criticality). Indicator
edits change ``capabilities`` only. tests/models/test_scenarios.py checks each edit kind against
each measure.

Monte Carlo: each run applies each edit with its probability (seeded). With k uncertain edits
there are at most 2^k distinct worlds; each is computed once and reused, so n runs cost at most
2^k recomputations (documented so the speed is not mistaken for cheap measures).
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Annotated, Literal, Optional, Union

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from latticework.errors import InvalidRecord, UsageError
from latticework.measures.asymmetry import asymmetry as asymmetry_measure
from latticework.measures.criticality import criticality as criticality_measure
from latticework.measures.structure import structure as structure_measure

PRESET_DIR = Path(__file__).resolve().parents[1] / "scenarios"
#: the asymmetry components shown beside the dependences, so an edit's reach can be read off
ASYMMETRY_COMPONENTS = ["troops_vs_own_forces", "share_of_patron_abroad", "arms_import_share_b", "tie_share_b",
                        "arms_import_share_a", "tie_share_a", "partner_share_of_patron_troops",
                        "partner_share_of_patron_sites", "partner_share_of_patron_reach"]
INDICATORS = {"milex_gdp_share", "milex_constant_usd", "milex_current_usd"}


class _Edit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    probability: float = Field(1.0, ge=0.0, le=1.0)


class AddTie(_Edit):
    kind: Literal["add_tie"]
    layer: str
    a: str
    b: str
    weight: float = Field(1.0, gt=0)
    directed: bool = False


class RemoveTie(_Edit):
    kind: Literal["remove_tie"]
    a: str
    b: str
    layers: Optional[list[str]] = None


class RemoveStateTies(_Edit):
    kind: Literal["remove_state_ties"]
    state: str
    region: Optional[list[str]] = None
    layers: Optional[list[str]] = None


class SetIndicator(_Edit):
    kind: Literal["set_indicator"]
    state: str
    indicator: str
    value: float = Field(ge=0)

    @field_validator("indicator")
    @classmethod
    def _known(cls, v):
        if v not in INDICATORS:
            raise ValueError(f"unknown indicator {v!r}; choose from {sorted(INDICATORS)}")
        return v


class ScaleIndicator(_Edit):
    kind: Literal["scale_indicator"]
    state: str
    indicator: str
    factor: float = Field(gt=0)

    _known = field_validator("indicator")(SetIndicator._known.__func__)


class AddBloc(_Edit):
    kind: Literal["add_bloc"]
    states: list[str] = Field(min_length=2)
    layer: str = "ledger_defense_pact"
    weight: float = Field(1.0, gt=0)


class DenyBasing(_Edit):
    kind: Literal["deny_basing"]
    state: str


Edit = Union[AddTie, RemoveTie, RemoveStateTies, SetIndicator, ScaleIndicator, AddBloc, DenyBasing]


class Focus(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hub: str = "USA"
    preset: str = "indo_pacific"
    states: list[str] = Field(default_factory=lambda: ["JPN"])
    theatre: str = "taiwan_strait"


class Scenario(BaseModel):
    """A validated scenario file."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    description: str = ""
    base_year: int = Field(ge=1946, le=2100)
    focus: Focus = Field(default_factory=Focus)
    edits: list[Annotated[Edit, Field(discriminator="kind")]] = Field(default_factory=list)


def list_presets() -> list[str]:
    """Names of the preset scenarios shipped with the package."""
    return sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))


def load_scenario(source: str | Path | dict) -> Scenario:
    """A scenario from a preset name, a YAML file path or a mapping.

    Raises
    ------
    InvalidRecord
        The file is not valid YAML or fails the schema; the message names the file and field.
    """
    label = "<dict>"
    if isinstance(source, dict):
        data = source
    else:
        path = PRESET_DIR / f"{source}.yaml" if str(source) in list_presets() else Path(source)
        label = str(path)
        if not path.is_file():
            raise UsageError(f"no scenario {source!r}", f"give a YAML file or a preset: {', '.join(list_presets())}")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}" if mark else ""
            raise InvalidRecord(f"{label}{where}: not valid YAML ({getattr(exc, 'problem', exc)})",
                                "fix the YAML syntax") from exc
    if not isinstance(data, dict):
        raise InvalidRecord(f"{label}: a scenario is a mapping with name, base_year and edits", "see docs/scenarios.md")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        loc = ".".join(str(x) for x in e["loc"])
        raise InvalidRecord(f"{label}: field {loc}: {e['msg']} ({len(exc.errors())} problem(s))",
                            "edit kinds: add_tie, remove_tie, remove_state_ties, set_indicator, scale_indicator, add_bloc, deny_basing") from exc


# ---- applying edits to tables -----------------------------------------------------------
def _pair_mask(t: pd.DataFrame, a: int, b: int) -> pd.Series:
    return ((t["a"] == a) & (t["b"] == b)) | ((t["a"] == b) & (t["b"] == a))


def _end_before(t: pd.DataFrame, mask: pd.Series, year: int) -> pd.DataFrame:
    """Ties in ``mask`` that are in force in ``year`` stop the year before (history is kept)."""
    t = t.copy()
    active = mask & (t["start_year"] <= year) & (t["end_year"].isna() | (t["end_year"] >= year))
    starting = active & (t["start_year"] >= year)
    t = t[~starting]
    active = active[~starting]
    t.loc[active, "end_year"] = year - 1
    t.loc[active, "open_at_coverage_end"] = False
    return t


def _new_ties(rows: list[tuple], year: int, template: pd.DataFrame) -> pd.DataFrame:
    df = pd.DataFrame([{"layer": l, "a": a, "b": b, "directed": d, "start_year": year, "end_year": pd.NA,
                        "start_date": pd.NaT, "end_date": pd.NaT, "weight": w, "unit": "scenario",
                        "attributes": None, "source": "scenario", "source_ref": ref, "coverage_end": pd.NA,
                        "open_at_coverage_end": False} for l, a, b, d, w, ref in rows])
    df.insert(0, "tie_id", range(int(template["tie_id"].max()) + 1, int(template["tie_id"].max()) + 1 + len(df)))
    return df.astype({c: template[c].dtype for c in df.columns if c in template and str(template[c].dtype) != "object"}, errors="ignore")


def apply_edits(db, scenario: Scenario, edits: list | None = None) -> dict[str, pd.DataFrame]:
    """The edited tables (``ties``, ``capabilities``, ``bases``, ``troops``) for a list of edits."""
    year = scenario.base_year
    ties, caps, bases, troops = db.table("ties"), db.table("capabilities"), db.table("bases"), db.table("troops")
    code = lambda x: db.state(x).ccode  # noqa: E731
    US = 2

    def basing_pairs(pairs, layers):
        """Hosts whose US basing an edit of these (a, b) pairs and layers removes."""
        if layers and "basing" not in layers:
            return set()
        return {b if a == US else a for a, b in pairs if US in (a, b) and a != b}
    for i, e in enumerate(scenario.edits if edits is None else edits):
        ref = f"{scenario.name}#{i}"
        if isinstance(e, AddTie):
            ties = pd.concat([ties, _new_ties([(e.layer, code(e.a), code(e.b), e.directed, e.weight, ref)], year, ties)], ignore_index=True)
            if e.layer == "basing":
                troops = _add_troops(troops, basing_pairs([(code(e.a), code(e.b))], None), year, e.weight)
        elif isinstance(e, AddBloc):
            rows = [(e.layer, code(a), code(b), False, e.weight, ref) for a, b in itertools.combinations(e.states, 2)]
            ties = pd.concat([ties, _new_ties(rows, year, ties)], ignore_index=True)
            if e.layer == "basing":
                troops = _add_troops(troops, basing_pairs([(r[1], r[2]) for r in rows], None), year, e.weight)
        elif isinstance(e, RemoveTie):
            m = _pair_mask(ties, code(e.a), code(e.b))
            if e.layers:
                m &= ties["layer"].isin(e.layers)
            ties = _end_before(ties, m, year)
            troops = _zero_troops(troops, basing_pairs([(code(e.a), code(e.b))], e.layers), year)
        elif isinstance(e, RemoveStateTies):
            s = code(e.state)
            m = (ties["a"] == s) | (ties["b"] == s)
            region = {code(r) for r in e.region} if e.region else None
            if region:
                m &= ties["a"].isin(region) | ties["b"].isin(region)
            if e.layers:
                m &= ties["layer"].isin(e.layers)
            ties = _end_before(ties, m, year)
            others = region if region is not None else set(troops["ccode"])
            troops = _zero_troops(troops, basing_pairs([(s, o) for o in others], e.layers), year)
        elif isinstance(e, DenyBasing):
            s = code(e.state)
            m = ((ties["layer"] == "basing") & (ties["b"] == s)) | (_pair_mask(ties, 2, s) & ties["layer"].isin(["ledger_access"]))
            ties = _end_before(ties, m, year)
            ties = ties[~((ties["layer"] == "basing") & (ties["b"] == s) & (ties["start_year"] >= year))]
            # the site list has no dates, so its rows stay (they are history); with no US troops
            # and no access agreement from the base year on, none of them is dated after it
            troops = _zero_troops(troops, {s}, year)
        elif isinstance(e, (SetIndicator, ScaleIndicator)):
            caps = _edit_capability(caps, code(e.state), year, e)
    return {"ties": ties.reset_index(drop=True), "capabilities": caps, "bases": bases.reset_index(drop=True),
            "troops": troops.reset_index(drop=True)}


def _zero_troops(troops: pd.DataFrame, hosts: set, year: int) -> pd.DataFrame:
    """US troops in ``hosts`` set to 0 from ``year`` on (earlier years are history, kept)."""
    hosts = set(hosts) - {2}
    if not hosts:
        return troops
    troops = troops.copy()
    rows = troops["ccode"].isin(hosts) & (troops["year"] >= year)
    troops.loc[rows, "troops"] = 0
    if "troops_all" in troops:
        troops.loc[rows, "troops_all"] = 0.0
    return troops


def _add_troops(troops: pd.DataFrame, hosts: set, year: int, n: float) -> pd.DataFrame:
    """``n`` more US troops in each of ``hosts`` in every year of the table from ``year`` on."""
    hosts = set(hosts) - {2}
    if not hosts:
        return troops
    troops = troops.copy()
    years = sorted(y for y in troops["year"].unique() if y >= year) or [year]
    have = set(zip(troops["ccode"], troops["year"]))
    new = [{"ccode": h, "year": y, "troops": 0, "troops_all": 0.0, "report": "scenario", "n_reports": 0,
            "n_placeholder": 0, "is_state": True} for h in hosts for y in years if (h, y) not in have]
    if new:
        troops = pd.concat([troops, pd.DataFrame(new).astype({c: troops[c].dtype for c in new[0] if c in troops})],
                           ignore_index=True)
    rows = troops["ccode"].isin(hosts) & (troops["year"] >= year)
    troops.loc[rows, "troops"] = troops.loc[rows, "troops"] + int(round(n))
    return troops


def _edit_capability(caps: pd.DataFrame, s: int, year: int, e) -> pd.DataFrame:
    caps = caps.copy()
    rows = (caps["ccode"] == s) & (caps["year"] >= year)
    if not rows.any():
        raise UsageError(f"no capabilities for state {s} from {year} to edit", "choose a base year the data cover")
    col = {"milex_gdp_share": "milex_gdp_share", "milex_constant_usd": "milex_constant_usd_m",
           "milex_current_usd": "milex_current_usd_m"}[e.indicator]
    old = caps.loc[rows, col].astype(float)
    new = old * e.factor if isinstance(e, ScaleIndicator) else pd.Series(
        e.value / (1e6 if col.endswith("_m") else 1), index=old.index)
    ratio = (new / old).replace([np.inf, -np.inf], np.nan)
    for c in ("milex_gdp_share", "milex_constant_usd_m", "milex_current_usd_m"):
        caps.loc[rows, c] = caps.loc[rows, c] * ratio if c != col else new
    spend = caps["milex_current_usd_m"].where(caps["milex_current_usd_m"] > 0)
    caps["milex_rank"] = spend.groupby(caps["year"]).rank(ascending=False, method="min").astype("Int32")
    return caps


# ---- measures on a world ----------------------------------------------------------------
def measures(db, scenario: Scenario) -> dict[str, pd.DataFrame]:
    """Structure, asymmetry, criticality and strategy of the focus states in the base year."""
    y, f = scenario.base_year, scenario.focus
    st = structure_measure(db, preset=f.preset, years=(y, y))
    keep = [c for c in ("lattice_index", "spoke_density", "hub_share", "hub_removal_fragmentation",
                        "centralization", "closed_triads") if c in st.columns]
    structure = st[keep].iloc[[0]].T.reset_index()
    structure.columns = ["measure", "value"]
    asym = []
    for s in f.states:
        a = asymmetry_measure(db, f.hub, s, years=(y, y))
        row = a.iloc[0]
        asym.append({"dyad": f"{f.hub}-{db.state(s).code}", "dependence_b_on_a": row.get("dependence_b_on_a"),
                     "dependence_a_on_b": row.get("dependence_a_on_b"), "asymmetry_index": row.get("asymmetry_index"),
                     **{c: row.get(c) for c in ASYMMETRY_COMPONENTS}})
    crit_all = criticality_measure(db, f.hub, y, theatre=f.theatre)
    reach = pd.DataFrame([{"measure": "access_points_in_range", "value": float(crit_all.attrs["access_points_in_range"])},
                          {"measure": "states_with_access_in_range", "value": float((crit_all["access_points_in_range"] > 0).sum())}])
    # the focus states and every state holding one of the hub's access points in range: a fixed,
    # meaningful set (ranking all states would list arbitrary zero-loss states in each world)
    focus = {db.state(s).code for s in f.states}
    sel = crit_all["state"].isin(focus) | (crit_all["access_points_in_range"] > 0) | (crit_all["reach_loss"] > 0)
    crit = crit_all.loc[sel, ["state", "connectivity_loss", "reach_loss"]].sort_values(
        ["reach_loss", "connectivity_loss"], ascending=False)
    strat = []
    from latticework.models.strategy import strategy

    for s in f.states:
        r = strategy(db, s, years=(y, y), n_perturb=50).iloc[0]
        strat.append({"state": db.state(s).code, "verdict": r.get("verdict"), "p_proactive_realist": r.get("p_proactive_realist"),
                      "p_asymmetrics": r.get("p_asymmetrics"), "partner_breadth": r.get("partner_breadth"),
                      "patron_dependence": r.get("patron_dependence")})
    return {"structure": structure, "reach": reach, "asymmetry": pd.DataFrame(asym),
            "criticality": crit.reset_index(drop=True), "strategy": pd.DataFrame(strat)}


def _side_by_side(base: pd.DataFrame, scen: pd.DataFrame, key: str) -> pd.DataFrame:
    out = base.merge(scen, on=key, how="outer", suffixes=("_baseline", "_scenario"))
    for c in base.columns:
        if c == key or f"{c}_scenario" not in out:
            continue
        b, s = out[f"{c}_baseline"], out[f"{c}_scenario"]
        if pd.api.types.is_numeric_dtype(b) and pd.api.types.is_numeric_dtype(s):
            out[f"{c}_delta"] = s.astype(float) - b.astype(float)
        else:
            out[f"{c}_changed"] = b.astype(str) != s.astype(str)
    return out


def run_scenario(db, source, runs: int = 0, seed: int = 0, progress=None) -> dict:
    """Baseline and scenario side by side with deltas; with ``runs`` > 0 also a Monte Carlo
    distribution of every numeric scenario value over ``runs`` draws of the uncertain edits."""
    sc = load_scenario(source)
    base = measures(db, sc)
    world = db.overlay(apply_edits(db, sc))
    scen = measures(world, sc)
    keys = {"structure": "measure", "reach": "measure", "asymmetry": "dyad", "criticality": "state", "strategy": "state"}
    tables = {k: _side_by_side(base[k], scen[k], keys[k]) for k in base}
    result = {"name": sc.name, "description": sc.description, "base_year": sc.base_year,
              "edits": [e.model_dump() for e in sc.edits],
              "tables": {k: _records(v) for k, v in tables.items()}}
    if runs:
        result["monte_carlo"] = monte_carlo(db, sc, runs, seed, progress)
    return result


def _records(df: pd.DataFrame) -> list[dict]:
    import json

    return json.loads(df.to_json(orient="records"))


def monte_carlo(db, sc: Scenario, runs: int, seed: int = 0, progress=None) -> dict:
    """Distribution (mean, p5, p50, p95) of each scenario measure over ``runs`` seeded draws."""
    rng = np.random.default_rng(seed)
    probs = np.array([e.probability for e in sc.edits])
    draws = rng.random((runs, len(sc.edits))) < probs
    cache: dict[tuple, dict] = {}
    values: dict[str, list[float]] = {}
    for i, row in enumerate(draws):
        key = tuple(bool(x) for x in row)
        if key not in cache:
            chosen = [e for e, on in zip(sc.edits, key) if on]
            w = db.overlay(apply_edits(db, sc, chosen)) if chosen else db
            cache[key] = _flatten(measures(w, sc))
        for k, v in cache[key].items():
            values.setdefault(k, []).append(v)
        if progress:
            progress(i + 1, runs)
    out = {}
    for k, v in values.items():
        a = np.array([x for x in v if x is not None and not np.isnan(x)], dtype=float)
        if len(a):
            out[k] = {"mean": float(a.mean()), "p5": float(np.percentile(a, 5)), "p50": float(np.percentile(a, 50)),
                      "p95": float(np.percentile(a, 95)), "n": int(len(a))}
    return {"runs": runs, "seed": seed, "distinct_worlds": len(cache), "measures": out}


def _flatten(m: dict[str, pd.DataFrame]) -> dict[str, float]:
    out = {}
    for r in m["structure"].itertuples():
        out[f"structure.{r.measure}"] = float(r.value) if pd.notna(r.value) else None
    for r in m["asymmetry"].itertuples():
        out[f"asymmetry.{r.dyad}.asymmetry_index"] = float(r.asymmetry_index) if pd.notna(r.asymmetry_index) else None
    for r in m["reach"].itertuples():
        out[f"reach.{r.measure}"] = float(r.value)
    for r in m["criticality"].itertuples():
        out[f"criticality.{r.state}.reach_loss"] = float(r.reach_loss) if pd.notna(r.reach_loss) else None
    for r in m["strategy"].itertuples():
        out[f"strategy.{r.state}.p_proactive_realist"] = float(r.p_proactive_realist) if pd.notna(r.p_proactive_realist) else None
    return out
