"""Which of Brzezinski's four grand strategies is a state following, how sure, on what evidence.

Model (v2, issue 17)
--------------------
For each state-year the six indicators of :mod:`latticework.models.indicators` (each in [0, 1])
are compared with the four strategies' prototype levels (``prototypes.csv``: fitted on the cited
reference coding in ``data/reference`` by :mod:`latticework.models.calibration`, one rationale
per level). The distance to a prototype is the weighted root-mean-square difference over the
indicators present that year

    d_k = sqrt( sum_i w_i (x_i − p_ki)^2 / sum_i w_i ),

and the probabilities are a softmax with temperature ``T``:

    P(k) = exp(−d_k / T) / sum_j exp(−d_j / T).

The weights ``w``, ``T`` and the undetermined margin are fitted too (``calibration.json``). The
leading strategy is the most probable, the margin its lead over the runner-up; below the
calibrated margin the verdict is ``undetermined`` and both leaders are named. A transition is
reported when the verdict changes and stays changed for at least two years (undetermined years
skipped). Stability is the share of random ±20 % perturbations of every prototype level and
indicator weight (uniform, seeded) that keep the leading strategy. Where the reference coding
covers the state, its label, alt_label, period and cited works sit beside every year's verdict.

Evidence for a year: the indicators that favour the leading strategy over the runner-up most
(w_i[(x_i − p_runner,i)^2 − (x_i − p_lead,i)^2]) and the ledger records behind them.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from latticework.errors import UsageError
from latticework.models import indicators as ind
from latticework.views import queries as Q
from latticework.years import accepts_years
from latticework.views import panels

__all__ = ["STRATEGIES", "load_prototypes", "classify", "strategy", "indicator_frame", "transitions"]

STRATEGIES = ["asymmetrics", "global_mercantilism", "proactive_realist", "international_visionary"]
TEMPERATURE = 0.05


def load_prototypes(path: str | Path | None = None) -> pd.DataFrame:
    """The prototype table as a strategies × indicators frame of levels in [0, 1] (rationales in ``.attrs``).

    Parameters
    ----------
    path : str or Path, optional
        A CSV with columns ``strategy``, ``indicator``, ``level`` (0–1) and optionally
        ``rationale``, one row per strategy and indicator (default: the shipped ``prototypes.csv``).

    Returns
    -------
    pandas.DataFrame
        Index: the four strategies in :data:`STRATEGIES` order; columns: the six indicators;
        values: levels in [0, 1], unitless. ``attrs["rationale"]`` maps ``(strategy, indicator)``
        to its rationale text (empty without that column).

    Raises
    ------
    UsageError
        A needed column is missing, a strategy or indicator is unknown, a level lies outside
        [0, 1], or a strategy lacks a level for some indicator.
    """
    df = pd.read_csv(path or Path(__file__).with_name("prototypes.csv"))
    need = {"strategy", "indicator", "level"}
    if not need <= set(df.columns):
        raise UsageError(f"prototype table {path}: needs columns {sorted(need)}", "see models/prototypes.csv")
    bad = set(df["strategy"]) - set(STRATEGIES) | set(df["indicator"]) - set(ind.INDICATORS)
    if bad:
        raise UsageError(f"prototype table {path}: unknown strategies/indicators {sorted(bad)}",
                         f"strategies: {STRATEGIES}; indicators: {ind.INDICATORS}")
    if not df["level"].between(0, 1).all():
        raise UsageError(f"prototype table {path}: levels must lie in [0, 1]", "fix the level column")
    table = df.pivot(index="strategy", columns="indicator", values="level").reindex(index=STRATEGIES, columns=ind.INDICATORS)
    if table.isna().any().any():
        raise UsageError(f"prototype table {path}: every strategy needs a level for every indicator", "fill the gaps")
    table.attrs["rationale"] = {(r.strategy, r.indicator): r.rationale for r in df.itertuples() if "rationale" in df}
    return table


def classify(x: pd.Series | dict, prototypes: pd.DataFrame | None = None, weights: dict | None = None,
             temperature: float = TEMPERATURE) -> dict:
    """Probabilities over the four strategies for one indicator vector (missing values skipped).

    Parameters
    ----------
    x : pandas.Series or dict
        Indicator name -> value in [0, 1]; absent or NaN indicators are skipped, names not among
        the prototypes' columns ignored.
    prototypes : pandas.DataFrame, optional
        Strategies × indicators levels (default: :func:`load_prototypes`, the shipped levels).
    weights : dict, optional
        Indicator -> weight (unitless); an indicator not listed weighs 1. Default: all 1 (not the
        calibrated weights; :func:`strategy` passes those).
    temperature : float
        Softmax temperature in RMS distance units (default :data:`TEMPERATURE`, 0.05).

    Returns
    -------
    dict
        ``p`` ({strategy: probability 0–1}, summing to 1); ``distance`` ({strategy: weighted RMS
        distance over the present indicators, 0–1}); ``verdict`` and ``runner_up`` (the two most
        probable strategies); ``margin`` (their probability difference, 0–1); ``missing`` (the
        indicators skipped).

    Raises
    ------
    UsageError
        No indicator is present, or the temperature is not positive.
    """
    protos = load_prototypes() if prototypes is None else prototypes
    if temperature <= 0:
        raise UsageError(f"temperature={temperature}", "use a positive temperature")
    x = pd.Series(x, dtype="float64").reindex(protos.columns)
    present = x.notna()
    if not present.any():
        raise UsageError("no indicator is available", "check the state's data coverage for this year")
    w = pd.Series(weights or {}, dtype="float64").reindex(protos.columns).fillna(1.0)[present]
    diff = protos.loc[:, present].sub(x[present], axis=1) ** 2
    d = np.sqrt((diff * w).sum(axis=1) / w.sum())
    logits = -d / temperature
    p = np.exp(logits - logits.max())
    p = p / p.sum()
    order = p.sort_values(ascending=False)
    return {"p": p.to_dict(), "distance": d.to_dict(), "verdict": order.index[0], "runner_up": order.index[1],
            "margin": float(order.iloc[0] - order.iloc[1]), "missing": list(x.index[~present])}


def defining_indicators(prototypes: pd.DataFrame) -> dict[str, str]:
    """Each strategy's defining indicator: where its level departs most from the others' mean."""
    out = {}
    for k in prototypes.index:
        others = prototypes.drop(index=k).mean()
        out[k] = str((prototypes.loc[k] - others).abs().idxmax())
    return out


def stability(x: pd.Series, prototypes: pd.DataFrame, verdict: str, n: int = 200, spread: float = 0.2,
              seed: int = 0, temperature: float = TEMPERATURE, weights: dict | None = None) -> float:
    """Share of ±``spread`` uniform perturbations of prototype levels and weights keeping the verdict.

    Vectorized: all ``n`` perturbed prototype tables and weight vectors are drawn at once from a
    seeded generator; the verdict of each is the nearest prototype (the softmax is monotone, so
    the temperature does not change which strategy leads).
    """
    rng = np.random.default_rng(seed)
    xs = pd.Series(x, dtype="float64").reindex(prototypes.columns)
    present = xs.notna().to_numpy()
    P = prototypes.to_numpy()
    k, m = P.shape
    Pn = np.clip(P[None, :, :] * rng.uniform(1 - spread, 1 + spread, (n, k, m)), 0, 1)
    w0 = pd.Series(weights or {}, dtype="float64").reindex(prototypes.columns).fillna(1.0).to_numpy()
    W = w0[None, :] * rng.uniform(1 - spread, 1 + spread, (n, m))
    xv = xs.to_numpy()
    diff = (Pn[:, :, present] - xv[present][None, None, :]) ** 2          # n × k × m'
    d = np.sqrt((diff * W[:, None, present]).sum(axis=2) / W[:, present].sum(axis=1)[:, None])
    winners = np.asarray(prototypes.index)[d.argmin(axis=1)]
    return float(np.mean(winners == verdict))


def _describe_events(events: pd.DataFrame, ids: list[str]) -> list[dict]:
    """Id, date, type, one-line summary and first source (publisher, address) of ledger records."""
    if not ids or events is None or events.empty:
        return []
    idx = events.set_index("event_id")
    out = []
    for i in ids:
        if i not in idx.index:
            continue
        r = idx.loc[i]
        src = json.loads(r["sources"]) if isinstance(r["sources"], str) else list(r["sources"] or [])
        first = src[0] if src else {}
        out.append({"id": i, "date": str(r["date"]), "type": r["type"], "summary": r["summary"],
                    "source": first.get("publisher"), "url": first.get("url")})
    return out


@accepts_years()
def indicator_frame(db, state, years=(1960, None)) -> pd.DataFrame:
    """The six indicators (and their components) for each year; see :mod:`indicators`.

    Parameters
    ----------
    db : Store
    state : str, int or State
        A name, ISO3 or COW code, resolved by ``db.state``; predecessor codes are read for
        earlier years (West Germany 260 for Germany before 1990).
    years : years=
        Any form :mod:`latticework.years` accepts (default: 1960 to the store's last year).

    Returns
    -------
    pandas.DataFrame
        One row per year: ``year``; ``patron`` (COW code of the major-power patron, or None);
        ``patron_kind`` (``"treaty"``, ``"supplier"`` or ``"none"``); ``rival`` (COW code of the
        main rival, or None) and ``rival_note`` (the rule that chose it); the six indicators
        (``self_reliance``, ``patron_dependence``, ``partner_breadth``, ``regional_leadership``,
        ``economic_activism``, ``global_engagement``: each in [0, 1], unitless, None where no
        component exists); ``patron_note`` (text, with the patron's ISO3 code); ``components``
        (JSON: per indicator its components and the ledger record ids it counted). A year in
        which the state is not a member of the state system has all indicators None and
        ``patron_kind`` ``"none"``.
    """
    y0, y1 = years[0], years[1] if years[1] is not None else db.latest_year
    data = ind.load_state_data(db, state, y0, y1)
    spells = Q.state_spells(db)
    rows = []
    for y in range(y0, y1 + 1):
        c = data.codes.get(y, data.state.ccode)
        sp = spells[spells["ccode"] == c]
        # the COW list ends in 2016; a spell open then runs on (as the 2024 dyad skeleton does)
        if not ((sp["styear"] <= y) & ((sp["endyear"] >= y) | (sp["endyear"] >= 2016))).any():
            # not a member of the state system that year (e.g. Japan before 1952): nothing to measure
            rows.append({"year": y, "patron": None, "patron_kind": "none", "rival": None, "rival_note": None,
                         **{i: None for i in ind.INDICATORS},
                         "patron_note": "not a member of the state system this year", "components": "{}"})
            continue
        patron, kind = ind.main_patron(db, data, y)
        sr, sr_c = ind.self_reliance(data, y)
        pdv, pd_c = ind.patron_dependence(db, data, y, patron, kind)
        pb, pb_c = ind.partner_breadth(data, y, patron)
        rl, rl_c = ind.regional_leadership(data, y)
        ea, ea_c = ind.economic_activism(data, y)
        ge, ge_c = ind.global_engagement(data, y)
        pcode = db.state(patron).code if patron else None
        note = "no patron: no guarantee, arms share from all suppliers" if patron is None else \
            f"{'treaty' if kind == 'treaty' else 'arms-supplier'} patron {pcode}"
        rival = ind._rival(data, y)
        rows.append({"year": y, "patron": patron, "patron_kind": kind, "rival": rival,
                     "rival_note": data.rival_notes.get(y),
                     "self_reliance": sr, "patron_dependence": pdv,
                     "partner_breadth": pb, "regional_leadership": rl, "economic_activism": ea,
                     "global_engagement": ge, "patron_note": note,
                     "components": json.dumps({"self_reliance": sr_c, "patron_dependence": pd_c,
                                               "partner_breadth": pb_c, "regional_leadership": rl_c,
                                               "economic_activism": ea_c, "global_engagement": ge_c}, default=str)})
    return pd.DataFrame(rows)


def transitions(verdicts: pd.Series, min_years: int = 2) -> list[dict]:
    """Changes of the established verdict: a new verdict that holds for at least ``min_years`` years.

    A one-year blip (a → b → a) is not a transition; the established verdict stays ``a``.

    Parameters
    ----------
    verdicts : pandas.Series
        Verdicts (strategy names) indexed by year, in year order. Missing values (None or NaN:
        years without a verdict, or ``undetermined`` years masked out) are skipped.
    min_years : int
        Consecutive non-None entries (years, default 2) the new verdict must hold, starting at the
        change.

    Returns
    -------
    list of dict
        One ``{"year", "from", "to"}`` per transition, in order: ``year`` is the first year of the
        new verdict. The first verdict is the initial established one, not a transition.
    """
    v = [(y, c) for y, c in verdicts.items() if not pd.isna(c)]
    out: list[dict] = []
    if not v:
        return out
    established = v[0][1]
    for i, (y, cur) in enumerate(v):
        if cur == established:
            continue
        run = [c for _, c in v[i:i + min_years]]
        if len(run) == min_years and all(c == cur for c in run):
            out.append({"year": y, "from": established, "to": cur})
            established = cur
    return out


def _defaults(prototypes, weights, temperature, threshold):
    """The shipped calibration (models/calibration.json) unless the caller passes their own."""
    from latticework.models.calibration import load_calibration

    cal = load_calibration() if prototypes is None else None
    protos = prototypes if isinstance(prototypes, pd.DataFrame) else load_prototypes(prototypes)
    if cal is not None:
        weights = cal["weights"] if weights is None else weights
        temperature = cal["temperature"] if temperature is None else temperature
        threshold = cal["threshold"] if threshold is None else threshold
    return protos, weights, TEMPERATURE if temperature is None else temperature, 0.0 if threshold is None else threshold


@accepts_years()
def strategy(db, state, years=(1960, None), prototypes: pd.DataFrame | str | None = None,
             weights: dict | None = None, temperature: float | None = None, n_perturb: int = 200,
             seed: int = 0, threshold: float | None = None) -> pd.DataFrame:
    """Per-year probabilities over Brzezinski's four strategies, verdict, margin, stability, evidence,
    and the cited reference coding beside the verdict.

    By default the prototypes, weights, temperature and the "undetermined" margin are the ones
    calibrated on the reference coding (``prototypes.csv``, ``calibration.json``; see
    :mod:`latticework.models.calibration`). With your own ``prototypes`` the weights are 1, T = 0.05
    and no verdict is undetermined unless you pass ``weights``, ``temperature``, ``threshold``.

    Columns: ``year``, ``p_asymmetrics``, ``p_global_mercantilism``, ``p_proactive_realist``,
    ``p_international_visionary``, ``verdict`` (the leading strategy, or ``undetermined`` when its
    probability margin is below the threshold), ``leading`` and ``runner_up`` (the two leading
    strategies, always named), ``margin`` (probability lead),
    ``determinable`` (false when the verdict's defining indicator — where its prototype departs most
    from the others — is missing that year, with ``verdict_note`` saying so),
    ``stability`` (share of ±20 % perturbations keeping the leading strategy), the six indicators,
    ``missing`` (indicators absent that year), ``top_evidence`` (indicators that favour the
    verdict most), ``evidence_events`` (ids of the ledger records behind them, newest first, at most ten) and
    ``evidence`` (the same records with date, type, summary, publisher and address), ``patron``,
    ``patron_kind``, ``patron_note``, ``rival``; ``security_autonomy`` and ``economic_global`` (the
    strategy map's coordinates, 0–1: :func:`security_autonomy`, :func:`economic_global`); ``reference`` (the reference label that year, with
    ``reference_alt`` where the literature is split, ``reference_period`` and ``reference_sources``),
    ``agrees_with_reference`` (None where there is no reference or no verdict).
    ``attrs["transitions"]`` lists verdict changes that held for two years (undetermined years are
    skipped), ``attrs["reference"]`` the reference periods with their cited works, and
    ``attrs["disagreements"]`` the years where model and reference differ.

    Parameters
    ----------
    db : Store
    state : str, int or State
        A name, ISO3 or COW code, resolved by ``db.state``.
    years : years=
        Any form :mod:`latticework.years` accepts (default: 1960 to the store's last year).
    prototypes : pandas.DataFrame or str, optional
        Strategies × indicators levels in [0, 1], or the path of a prototype CSV
        (:func:`load_prototypes`); default: the calibrated ones.
    weights : dict, optional
        Indicator -> weight (unitless; default: calibrated, or 1 with your own prototypes).
    temperature : float, optional
        Softmax temperature in RMS distance units (default: calibrated, or 0.05).
    n_perturb : int
        Number of random perturbations behind ``stability`` (default 200).
    seed : int
        Seed of those perturbations (each year uses ``seed + year``).
    threshold : float, optional
        The undetermined margin, a probability difference in 0–1 (default: calibrated, or 0).

    Returns
    -------
    pandas.DataFrame
        One row per year with the columns above, plus ``state`` (the state's ISO3 code, or its
        COW abbreviation), ``verdict_note`` and the columns of :func:`indicator_frame`;
        probabilities, margin, stability and the map coordinates are all
        unitless in 0–1. A year with no indicator has ``verdict`` None and every indicator in
        ``missing``. ``attrs`` also hold ``disagreement_spans``, ``sources`` and
        ``ledger_records`` (:func:`provenance`), ``temperature`` and ``undetermined_margin``.
    """
    if isinstance(years, int):
        years = (years, years)
    protos, weights, temperature, threshold = _defaults(prototypes, weights, temperature, threshold)
    s = db.state(state)
    frame = indicator_frame(db, s, years)
    events = panels.events(db, actor=s.code)
    event_dates = dict(zip(events["event_id"], events["date"].astype(str))) if len(events) else {}
    rows = []
    for r in frame.itertuples(index=False):
        x = pd.Series({k: getattr(r, k) for k in ind.INDICATORS}, dtype="float64")
        out = {"year": r.year}
        try:
            c = classify(x, protos, weights, temperature)
        except UsageError:
            rows.append(out | {"verdict": None, "missing": list(ind.INDICATORS)})
            continue
        contrib = {}
        for i in x.index[x.notna()]:
            w = (weights or {}).get(i, 1.0)
            contrib[i] = w * ((x[i] - protos.loc[c["runner_up"], i]) ** 2 - (x[i] - protos.loc[c["verdict"], i]) ** 2)
        top = sorted(contrib, key=contrib.get, reverse=True)[:3]
        comps = json.loads(r.components)
        ev = []
        for i in top:
            ev += comps.get(i, {}).get("events", []) if isinstance(comps.get(i), dict) else []
        # an agreement's tie lists every record about it: keep those dated up to this year, newest first
        ev = [e for e in dict.fromkeys(ev) if event_dates.get(e, "0")[:4] <= str(r.year)]
        ev = sorted(ev, key=lambda e: event_dates.get(e, ""), reverse=True)
        defining = defining_indicators(protos)[c["verdict"]]
        determinable = defining not in c["missing"]
        out |= {f"p_{k}": c["p"][k] for k in STRATEGIES}
        out |= {"determinable": determinable,
                "verdict_note": None if determinable else
                f"{c['verdict']}'s defining indicator ({defining}) is missing: the verdict rests on the other indicators only"}
        undetermined = c["margin"] < threshold
        out |= {"verdict": "undetermined" if undetermined else c["verdict"], "leading": c["verdict"],
                "runner_up": c["runner_up"], "margin": c["margin"],
                "verdict_note": (f"undetermined: {c['verdict']} leads {c['runner_up']} by {c['margin']:.2f}, "
                                 f"below the calibrated margin {threshold:.2f}") if undetermined else out["verdict_note"],
                "stability": stability(x, protos, c["verdict"], n_perturb, seed=seed + int(r.year),
                                       temperature=temperature, weights=weights),
                "missing": c["missing"], "top_evidence": [f"{i} ({x[i]:.2f} vs {protos.loc[c['verdict'], i]:.2f})" for i in top],
                "evidence_events": ev[:10], "evidence": _describe_events(events, ev[:10])}
        rows.append(out)
    res = pd.DataFrame(rows).merge(frame, on="year")
    res.insert(1, "state", s.code)
    res["security_autonomy"], res["economic_global"] = security_autonomy(res), economic_global(res)
    _attach_reference(res, s.code)
    v = res.set_index("year")["verdict"]
    res.attrs["transitions"] = transitions(v.where(v != "undetermined"))
    res.attrs.update(provenance(frame))
    res.attrs["temperature"] = temperature
    res.attrs["undetermined_margin"] = threshold
    return res


#: the registry sources behind each indicator component (``ledger`` for the ledger's records);
#: the main rival is read from the rivalry and dispute data (``views/rivals.py``)
COMPONENT_SOURCES = {
    "effort_norm": ["sipri_milex"], "effort_region": ["sipri_milex"],
    "rival_balance": ["sipri_milex", "tss_rivalries", "ps_misc", "gml_mid", "cow_nmc"],
    "guarantee_gap": ["atop_ddy", "sipri_milex"], "arms_share": ["sipri_arms"], "hosted_troops": ["troopdata"],
    "un_followership": ["unga"], "rotational_presence": ["ledger"],
    "treaty_partners": ["atop_ddy"], "ledger_partners": ["ledger"],
    "arms_export_share": ["sipri_arms"], "ledger_lead": ["ledger"],
    "export_share": ["cow_trade"], "economic_security": ["ledger"], "igo_share": ["cow_igo"]}


def security_autonomy(df: pd.DataFrame) -> pd.Series:
    """The strategy map's vertical axis (0–1, unitless): the mean of self-reliance,
    1 − patron dependence, partner breadth and regional leadership, over those present.
    High: a state that provides for its own security with partners of its choosing."""
    parts = pd.concat([df["self_reliance"], 1 - df["patron_dependence"], df["partner_breadth"],
                       df["regional_leadership"]], axis=1)
    return parts.mean(axis=1, skipna=True)


def economic_global(df: pd.DataFrame) -> pd.Series:
    """The strategy map's horizontal axis (0–1, unitless): the mean of economic activism and
    global engagement, over those present."""
    return pd.concat([df["economic_activism"], df["global_engagement"]], axis=1).mean(axis=1, skipna=True)


def provenance(frame: pd.DataFrame) -> dict:
    """The sources an indicator frame used, from its ``components`` (JSON per year): ``sources``
    (registry names of every component observed in some year; WDI for export shares after 2014,
    spliced onto COW trade) and ``ledger_records`` (the ids of the ledger records the components
    counted, sorted)."""
    names, records = set(), set()
    for y, comps in zip(frame["year"], frame["components"]):
        for part in json.loads(comps).values():
            if not isinstance(part, dict):
                continue
            for key, value in part.items():
                if key in COMPONENT_SOURCES and value is not None and not (isinstance(value, float) and np.isnan(value)):
                    names.update(COMPONENT_SOURCES[key])
                    if key == "export_share" and int(y) > 2014:
                        names.add("wdi")
            records.update(part.get("events") or [])
    if records:
        names.add("ledger")
    return {"sources": sorted(names), "ledger_records": sorted(records)}


def _attach_reference(res: pd.DataFrame, iso3: str) -> None:
    """Add the reference coding beside the verdict (columns and attrs, see :func:`strategy`)."""
    from latticework.models import reference as ref

    try:
        per = ref.periods()
    except FileNotFoundError:
        per = pd.DataFrame(columns=["iso3"])
    mine = per[per["iso3"] == iso3]
    labels = {y: ref.label_for(iso3, int(y)) for y in res["year"]} if len(mine) else {}
    res["reference"] = [labels.get(y, {}) and labels[y]["label"] for y in res["year"]] if labels else None
    res["reference_alt"] = [labels.get(y, {}) and labels[y]["alt_label"] for y in res["year"]] if labels else None
    res["reference_period"] = [labels.get(y, {}) and labels[y]["period"] for y in res["year"]] if labels else None
    res["reference_sources"] = [[c["id"] for c in labels[y]["sources"]] if labels.get(y) else [] for y in res["year"]] \
        if labels else [[] for _ in range(len(res))]
    res["agrees_with_reference"] = [None if not labels.get(y) or v is None else ref.agrees(v, labels[y]["label"], labels[y]["alt_label"])
                                    for y, v in zip(res["year"], res["verdict"])] if labels else None
    y0, y1 = int(res["year"].min()), int(res["year"].max())
    periods_out = ref.state_periods(iso3, y0, y1) if len(mine) else []
    for p in periods_out:
        sub = res[res["year"].between(p["start_year"], p["end_year"])]["agrees_with_reference"].dropna()
        p["model_years"], p["model_agrees"] = int(len(sub)), int(sub.sum())
    res.attrs["reference"] = periods_out
    res.attrs["disagreements"] = [{"year": int(y), "verdict": v, "reference": labels[y]["label"],
                                   "reference_alt": labels[y]["alt_label"], "period": labels[y]["period"]}
                                  for y, v, a in zip(res["year"], res["verdict"], res["agrees_with_reference"])
                                  if a is False] if labels else []
    res.attrs["disagreement_spans"] = disagreement_spans(res.attrs["disagreements"])
    # the second, blind coding (docs/strategy.md, "How far two coders agree"), shown beside the first
    # so that a reader sees where the yardstick itself is contested; the model is never fitted on it
    second = ref.second_dir() if len(per) else None  # no reference folder at all: no second coding either
    res.attrs["second_coding"] = (ref.state_periods(iso3, y0, y1, second)
                                  if second is not None and (second / "strategy_periods.csv").is_file() else [])


def disagreement_spans(disagreements: list[dict]) -> list[dict]:
    """Consecutive years with the same (model verdict, reference label) disagreement, merged into
    spans ``{"start", "end", "verdict", "reference", "reference_alt"}`` (years, inclusive)."""
    spans: list[dict] = []
    for d in disagreements:
        last = spans[-1] if spans else None
        if (last and last["verdict"] == d["verdict"] and last["reference"] == d["reference"]
                and d["year"] == last["end"] + 1):
            last["end"] = d["year"]
        else:
            spans.append({"start": d["year"], "end": d["year"], "verdict": d["verdict"],
                          "reference": d["reference"], "reference_alt": d.get("reference_alt")})
    return spans
