"""Which of Brzezinski's four grand strategies is a state following, how sure, on what evidence.

Model
-----
For each state-year the six indicators of :mod:`latticework.models.indicators` (each in [0, 1])
are compared with the four strategies' prototype levels (``prototypes.csv``, editable; one
rationale per cell, set from the typology and never tuned to a verdict). The distance to a
prototype is the weighted root-mean-square difference over the indicators present that year

    d_k = sqrt( sum_i w_i (x_i − p_ki)^2 / sum_i w_i ),

and the probabilities are a softmax with temperature ``T`` (default 0.05):

    P(k) = exp(−d_k / T) / sum_j exp(−d_j / T).

With T = 0.05 a state 0.1 (RMS) closer to one prototype than to another is e^2 ≈ 7.4 times more
likely to follow it. The verdict is the most probable strategy, the margin its lead over the
runner-up. A transition is reported when the verdict changes and stays changed for at least two
years. Stability is the share of random ±20 % perturbations of every prototype level and
indicator weight (uniform, seeded) that keep the verdict.

Evidence for a year: the indicators that favour the verdict over the runner-up most
(w_i[(x_i − p_runner,i)^2 − (x_i − p_verdict,i)^2]) and the ledger records behind them.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from latticework.errors import UsageError
from latticework.models import indicators as ind
from latticework.years import accepts_years

__all__ = ["STRATEGIES", "load_prototypes", "classify", "strategy", "indicator_frame", "transitions"]

STRATEGIES = ["asymmetrics", "global_mercantilism", "proactive_realist", "international_visionary"]
TEMPERATURE = 0.05


def load_prototypes(path: str | Path | None = None) -> pd.DataFrame:
    """The prototype table as a strategies × indicators frame of levels (rationales in ``.attrs``)."""
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
              seed: int = 0, temperature: float = TEMPERATURE) -> float:
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
    W = rng.uniform(1 - spread, 1 + spread, (n, m))
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
    """The six indicators (and their components) for each year; see :mod:`indicators`."""
    y0, y1 = years[0], years[1] if years[1] is not None else db.latest_year
    data = ind.load_state_data(db, state, y0, y1)
    rows = []
    patrons = {y: ind.main_patron(db, data, y) for y in range(y0, y1 + 1)}
    dep = _patron_dependence(db, data, patrons, y0, y1)
    for y in range(y0, y1 + 1):
        sr, sr_c = ind.self_reliance(data, y)
        pb, pb_c = ind.partner_breadth(data, y, patrons[y])
        rl, rl_c = ind.regional_leadership(data, y)
        ea, ea_c = ind.economic_activism(data, y)
        ge, ge_c = ind.global_engagement(data, y)
        pd_val, pd_note = dep.get(y, (None, "asymmetry measure unavailable"))
        rows.append({"year": y, "patron": patrons[y], "self_reliance": sr, "patron_dependence": pd_val,
                     "partner_breadth": pb, "regional_leadership": rl, "economic_activism": ea,
                     "global_engagement": ge, "patron_note": pd_note,
                     "components": json.dumps({"self_reliance": sr_c, "partner_breadth": pb_c,
                                               "patron_dependence": {"events": ind.patron_events(
                                                   data, y, db.state(patrons[y]).code if patrons[y] else None)},
                                               "regional_leadership": rl_c, "economic_activism": ea_c,
                                               "global_engagement": ge_c}, default=str)})
    return pd.DataFrame(rows)


def _patron_dependence(db, data, patrons: dict, y0: int, y1: int) -> dict:
    """Dependence on the main patron from the asymmetry measure (0 with a note when no patron)."""
    out = {}
    by_patron: dict = {}
    for y, p in patrons.items():
        if p is None:
            out[y] = (0.0, "no patron: dependence set to 0")
        else:
            by_patron.setdefault(p, []).append(y)
    from latticework.measures.asymmetry import asymmetry

    for p, ys in by_patron.items():
        a = asymmetry(db, p, data.state.ccode, years=(min(ys), max(ys))).set_index("year")
        for y in ys:
            v = a["dependence_b_on_a"].get(y) if y in a.index else None
            if v is None or pd.isna(v):
                out[y] = (None, f"dependence on {db.state(p).code} unavailable")
                continue
            # say when the dependence rests on fewer components than usual: its level is then not
            # comparable with complete years (e.g. 2024, past the arms and personnel data)
            miss = [m for m in (a["missing_components"].get(y) or []) if not m.endswith("_a")] \
                if "missing_components" in a else []
            note = f"dependence on {db.state(p).code}"
            if miss:
                note += f" (partial: missing {', '.join(miss)})"
            out[y] = (float(min(max(v, 0.0), 1.0)), note)
    return out


def transitions(verdicts: pd.Series, min_years: int = 2) -> list[dict]:
    """Changes of the established verdict: a new verdict that holds for at least ``min_years`` years.

    A one-year blip (a → b → a) is not a transition; the established verdict stays ``a``.
    """
    v = [(y, c) for y, c in verdicts.items() if c is not None]
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


@accepts_years()
def strategy(db, state, years=(1960, None), prototypes: pd.DataFrame | str | None = None,
             weights: dict | None = None, temperature: float = TEMPERATURE, n_perturb: int = 200,
             seed: int = 0) -> pd.DataFrame:
    """Per-year probabilities over Brzezinski's four strategies, verdict, margin, stability, evidence.

    Columns: ``year``, ``p_asymmetrics``, ``p_global_mercantilism``, ``p_proactive_realist``,
    ``p_international_visionary``, ``verdict``, ``runner_up``, ``margin`` (probability lead),
    ``determinable`` (false when the verdict's defining indicator — where its prototype departs most
    from the others — is missing that year, with ``verdict_note`` saying so),
    ``stability`` (share of ±20 % perturbations keeping the verdict), the six indicators,
    ``missing`` (indicators absent that year), ``top_evidence`` (indicators that favour the
    verdict most), ``evidence_events`` (ids of the ledger records behind them, newest first, at most ten) and
    ``evidence`` (the same records with date, type, summary, publisher and address), ``patron`` and
    ``patron_note``. ``attrs["transitions"]`` lists verdict changes that held for two years.
    """
    if isinstance(years, int):
        years = (years, years)
    protos = prototypes if isinstance(prototypes, pd.DataFrame) else load_prototypes(prototypes)
    s = db.state(state)
    frame = indicator_frame(db, s, years)
    events = db.events(actor=s.code)
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
        out |= {"verdict": c["verdict"], "runner_up": c["runner_up"], "margin": c["margin"],
                "stability": stability(x, protos, c["verdict"], n_perturb, seed=seed + int(r.year), temperature=temperature),
                "missing": c["missing"], "top_evidence": [f"{i} ({x[i]:.2f} vs {protos.loc[c['verdict'], i]:.2f})" for i in top],
                "evidence_events": ev[:10], "evidence": _describe_events(events, ev[:10])}
        rows.append(out)
    res = pd.DataFrame(rows).merge(frame, on="year")
    res.insert(1, "state", s.code)
    res.attrs["transitions"] = transitions(res.set_index("year")["verdict"])
    res.attrs["sources"] = ["sipri_milex", "atop_ddy", "dcad", "troopdata", "sipri_arms", "wdi", "oda_one", "cow_igo"]
    res.attrs["temperature"] = temperature
    return res
