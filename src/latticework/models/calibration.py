"""Calibrating the strategy model on the cited reference coding, with leave-one-state-out validation.

What is fitted
--------------
The 4 × 6 prototype levels, the 6 indicator weights and the softmax temperature of
:mod:`latticework.models.strategy`, by maximising, over the coded years of the training states,
the log-probability the model gives to the reference reading — P(label) + P(alt_label) where the
literature is split — with a small ridge pull of the levels toward the training classes' mean
indicator vectors (λ = ``RIDGE``). scipy's L-BFGS-B, levels bounded to [0, 1], weights to
[0.05, 5], temperature to [0.005, 0.5]. Every coded year of a training state is a training point;
marks (1950, 1955, …, 2020) are what is scored.

The "undetermined" threshold
----------------------------
On the training points, sorted by the probability margin of the verdict over the runner-up, the
threshold is the largest margin below which the model is wrong more often than right, capped so
that at most ``MAX_UNDETERMINED`` of the training points fall under it. A point with a smaller
margin is ``undetermined``, with its two leading strategies named.

Validation
----------
Leave one state out: for each of the coded states, fit on the others (levels, weights,
temperature and threshold), then classify the held-out state's marks. Agreement = the verdict
equals the label or the alt_label; an undetermined verdict does not agree; a mark with no
indicator at all (e.g. before the state joined the state system) has no verdict and is counted
apart. Nothing is tuned on the held-out state.

Test states
-----------
The reference coding is split by state (``data/reference/splits.csv``): calibration and the
leave-one-state-out figures use the development states only; the test states were coded from the
literature before the model was run on them, and :func:`score_test_states` scores the shipped
calibration (fitted on the development states) on their marks once — the figure that no choice
of indicator, weight or threshold has seen.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from latticework.models import indicators as ind
from latticework.models import reference as ref
from latticework.models.resampling import cluster_interval

__all__ = ["features", "fit", "predict", "choose_threshold", "cross_validate", "validate", "score_test_states", "RIDGE",
           "MAX_UNDETERMINED", "CALIBRATION_FILE"]

STRATEGIES = ["asymmetrics", "global_mercantilism", "proactive_realist", "international_visionary"]
RIDGE = 0.5
MAX_UNDETERMINED = 0.08  # keeps the held-out share under the 10 % the issue allows
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
_FEATURES: dict = {}


def features(db, states=None, years=(1950, 2024)) -> pd.DataFrame:
    """The six indicators for every reference state and year (``iso3``, ``year``, indicators),
    joined with the reference label and alt_label of that year; cached per store.

    Parameters
    ----------
    db : Store
        The store; the cache key is its ``content_key`` (a rebuilt store or an overlay is a new key).
    states : iterable of str, optional
        ISO3 codes (default: the development states of the reference coding, :func:`reference.states`;
        the test states are never fitted on).
    years : tuple of (int, int)
        First and last year (both included), passed to
        :func:`~latticework.models.strategy.indicator_frame` (default 1950–2024).

    Returns
    -------
    pandas.DataFrame
        One row per state and year: ``iso3``; ``year``; the six indicators (each in [0, 1], NaN
        where absent); ``label`` and ``alt_label`` (the reference strategy names, NaN / None where
        the year is not coded or the literature agrees); ``mark`` (True on a coded five-year mark
        1950, 1955, …, 2020). A copy of the cached frame.
    """
    from latticework.models.strategy import indicator_frame

    states = ref.states("dev") if states is None else list(states)
    # per store contents (a rebuilt store or a scenario overlay is a new key)
    key = (db.content_key, tuple(states), tuple(years))
    if key in _FEATURES:
        return _FEATURES[key].copy()
    frames = []
    for s in states:
        f = indicator_frame(db, s, years=years)
        f.insert(0, "iso3", s)
        frames.append(f[["iso3", "year", *ind.INDICATORS]])
    x = pd.concat(frames, ignore_index=True)
    lab = ref.years(states=states)
    out = x.merge(lab, on=["iso3", "year"], how="left")
    out["mark"] = out["year"].isin(ref.MARKS) & out["label"].notna()
    _FEATURES[key] = out
    return out.copy()


def _arrays(df: pd.DataFrame):
    X = df[ind.INDICATORS].to_numpy(dtype=float)
    M = ~np.isnan(X)
    X = np.where(M, X, 0.0)
    k = {s: i for i, s in enumerate(STRATEGIES)}
    Y = np.zeros((len(df), len(STRATEGIES)))
    for i, (a, b) in enumerate(zip(df["label"], df["alt_label"])):
        Y[i, k[a]] = 1
        if isinstance(b, str) and b in k:
            Y[i, k[b]] = 1
    return X, M, Y


def distances(X, M, P, w):
    """Weighted RMS distance of each row of X to each prototype over the present indicators."""
    diff = (X[:, None, :] - P[None, :, :]) ** 2                     # n × k × m
    wm = M * w[None, :]                                              # n × m
    return np.sqrt(np.einsum("nkm,nm->nk", diff, wm) / np.maximum(wm.sum(axis=1), 1e-12)[:, None] + 1e-12)


def probabilities(X, M, P, w, T):
    z = -distances(X, M, P, w) / T
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit(train: pd.DataFrame, start: pd.DataFrame | None = None, ridge: float = RIDGE) -> dict:
    """Fit levels, weights and temperature on ``train`` (rows with a label and some indicator).

    Returns ``prototypes`` (levels in [0, 1], strategies × indicators), ``weights`` (mean 1),
    ``temperature`` (in distance units, 0.005–0.5), ``loss`` and ``threshold`` (a probability margin, 0–1).

    Parameters
    ----------
    train : pandas.DataFrame
        Rows as :func:`features` gives them: the six indicators (in [0, 1], NaN where absent),
        ``label`` and ``alt_label`` (strategy names); rows with no label or no indicator are
        dropped. Every remaining row (every coded year, not only marks) is a training point.
    start : pandas.DataFrame, optional
        Starting prototype levels (strategies × indicators, in [0, 1]); default: each strategy's
        mean indicator vector over its labelled rows (0.5 where it has none), which is also the
        ridge prior either way.
    ridge : float
        Weight λ of the pull of the levels toward that prior (default :data:`RIDGE`).

    Returns
    -------
    dict
        ``prototypes`` (DataFrame, strategies × indicators, levels in [0, 1]); ``weights``
        ({indicator: weight}, unitless, rescaled to mean 1); ``temperature`` (float, in RMS
        distance units, 0.005–0.5); ``loss`` (negative mean log-likelihood plus the ridge term);
        ``n_train`` (count of training points); ``threshold`` (the undetermined margin, a
        probability difference in 0–1, chosen in-sample by :func:`choose_threshold`).
    """
    train = train[train["label"].notna() & train[ind.INDICATORS].notna().any(axis=1)]
    X, M, Y = _arrays(train)
    k, m = len(STRATEGIES), len(ind.INDICATORS)
    # the prior: each class's mean indicator vector (the label's years)
    prior = np.vstack([np.nanmean(np.where(M[train["label"].eq(s).to_numpy()],
                                           X[train["label"].eq(s).to_numpy()], np.nan), axis=0)
                       if train["label"].eq(s).any() else np.full(m, 0.5) for s in STRATEGIES])
    prior = np.where(np.isnan(prior), 0.5, prior)
    P0 = prior if start is None else start.reindex(index=STRATEGIES, columns=ind.INDICATORS).to_numpy()
    theta0 = np.concatenate([P0.ravel(), np.zeros(m), [np.log(0.05)]])
    n = len(train)

    def loss(theta):
        """Negative mean log-likelihood plus the ridge term, and its analytic gradient."""
        P = theta[:k * m].reshape(k, m)
        w = np.exp(theta[k * m:k * m + m])
        T = np.exp(theta[-1])
        wm = M * w[None, :]
        W = np.maximum(wm.sum(axis=1), 1e-12)
        R = X[:, None, :] - P[None, :, :]                                # n × k × m
        S = np.einsum("nkm,nm->nk", R ** 2, wm)
        d = np.sqrt(S / W[:, None] + 1e-12)
        z = -d / T
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        py = np.clip((p * Y).sum(axis=1), 1e-12, None)
        q = p * Y / py[:, None]
        value = -np.log(py).sum() / n + ridge * ((P - prior) ** 2).sum() / (k * m)
        G = -(q - p) / n                                                 # dL/dz
        Gd = -G / T                                                      # dL/dd
        A = Gd / (2 * d)                                                 # dL/d(S/W)
        gP = -2 * np.einsum("nk,nkm,nm->km", A / W[:, None], R, wm) + 2 * ridge * (P - prior) / (k * m)
        gw = (np.einsum("nk,nkm,nm->m", A / W[:, None], R ** 2, M) - np.einsum("nk,nk,nm->m", A, S / W[:, None] ** 2, M)) * w
        gT = (G * d).sum() / T
        return value, np.concatenate([gP.ravel(), gw, [gT]])

    bounds = [(0, 1)] * (k * m) + [(np.log(0.05), np.log(5))] * m + [(np.log(0.005), np.log(0.5))]
    res = minimize(loss, theta0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 500})
    P = pd.DataFrame(res.x[:k * m].reshape(k, m), index=STRATEGIES, columns=ind.INDICATORS)
    w = np.exp(res.x[k * m:k * m + m])
    w = w / w.mean()  # report weights with mean 1 (the distance is scale-free in w)
    fitted = {"prototypes": P, "weights": dict(zip(ind.INDICATORS, w.round(6))), "temperature": float(np.exp(res.x[-1])),
              "loss": float(res.fun), "n_train": int(n)}
    fitted["threshold"] = choose_threshold(train, fitted)
    return fitted


def predict(df: pd.DataFrame, model: dict) -> pd.DataFrame:
    """Verdict, runner-up, margin (the leading probability minus the runner-up's, 0–1) and ``call``
    (the verdict, or ``undetermined`` below the threshold).

    Parameters
    ----------
    df : pandas.DataFrame
        Rows with ``year``, the six indicators (in [0, 1], NaN where absent) and optionally
        ``iso3``; ``label`` and ``alt_label`` may be present (then both are needed) and are ignored.
    model : dict
        ``prototypes`` (strategies × indicators), ``weights`` ({indicator: weight}),
        ``temperature`` and optionally ``threshold`` (probability margin, default 0), as
        :func:`fit` or :func:`load_calibration` give them.

    Returns
    -------
    pandas.DataFrame
        ``iso3`` (when given) and ``year``; ``verdict`` and ``runner_up`` (strategy names);
        ``margin`` (probability difference, 0–1); ``call`` (the verdict, or ``"undetermined"``
        when the margin is below the threshold). A row with no indicator has None / NaN in all four.
    """
    X, M, _ = _arrays(df.assign(label=df["label"].fillna(STRATEGIES[0])) if "label" in df else
                      df.assign(label=STRATEGIES[0], alt_label=None))
    P = model["prototypes"].reindex(index=STRATEGIES, columns=ind.INDICATORS).to_numpy()
    w = np.array([model["weights"][i] for i in ind.INDICATORS])
    p = probabilities(X, M, P, w, model["temperature"])
    order = np.argsort(-p, axis=1)
    has = M.any(axis=1)
    out = df[["iso3", "year"]].copy() if "iso3" in df else df[["year"]].copy()
    out["verdict"] = [STRATEGIES[i] if h else None for i, h in zip(order[:, 0], has)]
    out["runner_up"] = [STRATEGIES[i] if h else None for i, h in zip(order[:, 1], has)]
    out["margin"] = np.where(has, p[np.arange(len(p)), order[:, 0]] - p[np.arange(len(p)), order[:, 1]], np.nan)
    thr = model.get("threshold", 0.0)
    out["call"] = [None if v is None else ("undetermined" if mg < thr else v) for v, mg in zip(out["verdict"], out["margin"])]
    return out


def choose_threshold(train: pd.DataFrame, model: dict, cap: float = MAX_UNDETERMINED) -> float:
    """The largest probability margin (0–1) below which training verdicts are wrong more often than right, with at
    most ``cap`` of the training points under it (0 when no such margin exists).

    Parameters
    ----------
    train : pandas.DataFrame
        The training rows (indicators, ``label``, ``alt_label``), as :func:`fit` keeps them.
    model : dict
        A fitted model (``prototypes``, ``weights``, ``temperature``); its own threshold is ignored.
    cap : float
        Largest share (0–1) of the training points that may fall under the threshold (default
        :data:`MAX_UNDETERMINED`).

    Returns
    -------
    float
        The threshold, a probability margin in 0–1: for the largest ``q`` ≤ ``cap`` × points such
        that fewer than half of the ``q`` lowest-margin points agree with label or alt_label, the
        midpoint between the ``q``-th and the next lowest margin; 0.0 when no such ``q`` exists.
    """
    pr = predict(train, {**model, "threshold": 0.0})
    return _threshold_from(pr.assign(label=train["label"].to_numpy(), alt_label=train["alt_label"].to_numpy()), cap)


def _threshold_from(pr: pd.DataFrame, cap: float = MAX_UNDETERMINED) -> float:
    """The threshold rule of :func:`choose_threshold` on predictions with labels."""
    ok = np.array([ref.agrees(v, a, b) for v, a, b in zip(pr["verdict"], pr["label"], pr["alt_label"])])
    mg = pr["margin"].to_numpy()
    order = np.argsort(mg)
    mg, ok = mg[order], ok[order]
    best = 0.0
    for q in range(1, int(cap * len(mg)) + 1):
        if ok[:q].mean() < 0.5:
            best = float((mg[q - 1] + mg[q]) / 2) if q < len(mg) else float(mg[q - 1])
    return best


def handset_model() -> dict:
    """The hand-set prototypes of model v1 (equal weights, T = 0.05, no undetermined), kept for comparison."""
    from latticework.models.strategy import load_prototypes

    P = load_prototypes(Path(__file__).with_name("prototypes_handset.csv"))
    return {"prototypes": P, "weights": {i: 1.0 for i in ind.INDICATORS}, "temperature": 0.05, "threshold": 0.0}


def _score(pred: pd.DataFrame, lab: pd.DataFrame, col: str = "call") -> dict:
    d = pred.merge(lab[["iso3", "year", "label", "alt_label"]], on=["iso3", "year"])
    has = d[col].notna()
    agree = [ref.agrees(v, a, b) for v, a, b in zip(d[col], d["label"], d["alt_label"])]
    d["agrees"] = agree
    d["agrees_label"] = d[col].eq(d["label"])
    n = int(len(d))
    nv = int(has.sum())
    und = int(d[col].eq("undetermined").sum())
    return {"points": n, "points_with_verdict": nv, "points_without_data": n - nv,
            "agreement": round(float(d.loc[has, "agrees"].mean()), 4) if nv else None,
            "agreement_label_only": round(float(d.loc[has, "agrees_label"].mean()), 4) if nv else None,
            "agreement_determined": round(float(d.loc[has & d[col].ne("undetermined"), "agrees"].mean()), 4)
            if nv - und else None,
            "undetermined": und, "share_undetermined": round(und / nv, 4) if nv else None, "detail": d}


def confusion(detail: pd.DataFrame, col: str = "call") -> pd.DataFrame:
    """Reference label (rows) × model call (columns) over the scored marks."""
    d = detail[detail[col].notna()]
    cols = STRATEGIES + (["undetermined"] if d[col].eq("undetermined").any() else [])
    return pd.crosstab(d["label"], d[col]).reindex(index=STRATEGIES, columns=cols, fill_value=0)


def cross_validate(df: pd.DataFrame) -> dict:
    """Leave-one-state-out: fit on the other states, predict the held-out state's marks (verdicts and
    probability margins, 0–1, as :func:`predict`).

    Parameters
    ----------
    df : pandas.DataFrame
        As :func:`features` gives it (``iso3``, ``year``, indicators, ``label``, ``alt_label``,
        ``mark``); each fold fits on every coded year of the other states.

    Returns
    -------
    dict
        ``pred``: the :func:`predict` rows (``iso3``, ``year``, ``verdict``, ``runner_up``,
        ``margin``, ``call``) for every state's marks, each from the fold that held it out;
        ``folds``: {ISO3: {"threshold": margin 0–1, "temperature": distance units}}, 4 decimals.
    """
    preds, folds = [], {}
    for s in sorted(df["iso3"].unique()):
        model = fit(df[df["iso3"] != s])
        test = df[(df["iso3"] == s) & df["mark"]]
        preds.append(predict(test, model))
        folds[s] = {"threshold": round(model["threshold"], 4), "temperature": round(model["temperature"], 4)}
    pred = pd.concat(preds, ignore_index=True)
    return {"pred": pred, "folds": folds}


def validate(db, states=None) -> dict:
    """Cross-validated agreement, per-state agreement, confusion matrix, share undetermined, the
    in-sample figures of the shipped calibration, and the hand-set prototypes on the same marks.

    Parameters
    ----------
    db : Store
    states : iterable of str, optional
        ISO3 codes of the reference states to cross-validate on (default: the development states).

    Returns
    -------
    dict
        ``cross_validated``: ``points`` (count of marks), ``points_with_verdict``,
        ``points_without_data``, ``undetermined`` (counts), ``agreement`` (share 0–1 of marks with
        a verdict whose call agrees with label or alt_label; undetermined counts as not agreeing),
        ``agreement_label_only`` (share agreeing with the label alone), ``agreement_determined``
        (share among determined calls), ``share_undetermined`` (share 0–1), shares rounded to 4
        decimals, None when nothing to count, and ``agreement_interval`` ([low, high], the 95 %
        percentile bootstrap interval of ``agreement`` resampling states,
        :func:`~latticework.models.resampling.cluster_interval`); ``per_state`` (DataFrame: ``iso3``, ``points``,
        ``agree``, ``undetermined`` (counts), ``agreement`` and ``handset_agreement`` (shares 0–1));
        ``confusion`` (reference label × call, counts); ``handset`` and ``handset_confusion`` (the
        same for the hand-set v1 prototypes); ``in_sample`` (the shipped calibration scored on all
        marks, None without ``calibration.json``); ``folds`` (as :func:`cross_validate`);
        ``detail`` (one row per scored mark with its call, label and ``agrees``); ``n_states``;
        ``test`` (:func:`score_test_states` with the shipped calibration, or one fitted on the
        development states when none is shipped; None without test states); ``coders``
        (:func:`coders`: how far a second, blind coding agrees with the first, and the model's calls
        against each; None without a second coding).
    """
    df = features(db, states)
    marks = df[df["mark"]]
    cv = cross_validate(df)
    sc = _score(cv["pred"], marks)
    detail = sc.pop("detail")
    per_state, sc["agreement_interval"] = _per_state(detail)
    hs = _score(predict(marks, handset_model()), marks)
    hs_detail = hs.pop("detail")
    per_state["handset_agreement"] = _handset_by_state(hs_detail, per_state.index)
    shipped = load_calibration()
    ins = None
    if shipped is not None:
        ins = _score(predict(marks, shipped), marks)
        ins.pop("detail")
    test = score_test_states(db, shipped if shipped is not None else fit(df))
    return {"cross_validated": sc, "per_state": per_state.reset_index(), "confusion": confusion(detail),
            "handset": hs, "handset_confusion": confusion(hs_detail), "in_sample": ins, "folds": cv["folds"],
            "detail": detail, "n_states": int(marks["iso3"].nunique()), "test": test,
            "coders": coders(pd.concat([detail, test["detail"]]) if test else detail)}


def coders(detail: pd.DataFrame, second=None) -> dict | None:
    """How far two codings of the same states agree (:func:`~latticework.models.reference.coder_agreement`,
    the ceiling the model's agreement is read against), and the model's calls on those marks judged
    against each coding: the held-out call for a development state, the shipped calibration's for a
    test state (``detail`` as :func:`validate` and :func:`score_test_states` give it).

    Parameters
    ----------
    detail : pandas.DataFrame
        One row per scored mark: ``iso3``, ``year``, ``call``, ``agrees`` (with the first coding).
    second : str or Path, optional
        The second coding's folder (default: :func:`~latticework.models.reference.second_dir`).

    Returns
    -------
    dict or None
        None without a second coding; else :func:`~latticework.models.reference.coder_agreement`'s
        ``points``, ``as_verdict``, ``labels``, ``any``, ``kappa`` (shares 0–1, kappa −1–1, 4
        decimals) and ``states`` (ISO3 codes), and ``model``: ``points`` (marks with a call),
        ``with_first`` and ``with_second`` (counts of calls agreeing with each coding by
        :func:`~latticework.models.reference.agrees`).
    """
    folder = Path(second) if second is not None else ref.second_dir()
    if not (folder / "strategy_periods.csv").is_file():
        return None
    a = ref.coder_agreement(None, folder)
    pairs = a["pairs"]
    m = detail[detail["call"].notna()].merge(pairs[["iso3", "year", "label_second", "alt_label_second"]],
                                            on=["iso3", "year"])
    with_second = sum(ref.agrees(c, lab, alt) for c, lab, alt in zip(m["call"], m["label_second"], m["alt_label_second"]))
    return {"points": a["points"], "states": sorted(a["per_state"]),
            **{k: round(a[k], 4) for k in ("as_verdict", "labels", "any", "kappa")},
            "model": {"points": int(len(m)), "with_first": int(m["agrees"].sum()), "with_second": int(with_second)}}


def score_test_states(db, model: dict, states=None) -> dict | None:
    """The model fitted on the development states, scored on the test states' marks (coded blind,
    never fitted or tuned on): the out-of-sample figure of docs/strategy.md.

    Parameters
    ----------
    db : Store
    model : dict
        The model to score (the shipped calibration, fitted on the development states only).
    states : iterable of str, optional
        ISO3 codes (default: the test states, :func:`reference.states`).

    Returns
    -------
    dict or None
        None when there is no test state; else ``states`` (ISO3 codes), the :func:`_score` shares and
        counts (``points``, ``agreement``, ``agreement_label_only``, ``agreement_determined``,
        ``undetermined``, ``share_undetermined``), ``agreement_interval`` ([low, high], 95 % percentile
        bootstrap resampling states), ``per_state`` (records: ``iso3``, ``points``, ``agree``,
        ``undetermined``, ``agreement``, ``handset_agreement``), ``confusion`` (reference label ×
        call, a DataFrame), ``handset`` (the hand-set v1 prototypes' agreement on the same marks),
        ``detail`` (one row per mark: call, runner-up, margin, label, alt_label, agrees).
    """
    states = ref.states("test") if states is None else list(states)
    if not states:
        return None
    df = features(db, states)
    marks = df[df["mark"]]
    pred = predict(marks, model)
    sc = _score(pred, marks)
    detail = sc.pop("detail")
    per_state, interval = _per_state(detail)
    hs = _score(predict(marks, handset_model()), marks)
    per_state["handset_agreement"] = _handset_by_state(hs.pop("detail"), per_state.index)
    return sc | {"states": states, "agreement_interval": interval, "per_state": per_state.reset_index(),
                 "confusion": confusion(detail), "handset": hs["agreement"], "detail": detail}


def _per_state(detail: pd.DataFrame) -> tuple[pd.DataFrame, list | None]:
    """Per state (index ``iso3``): ``points``, ``agree``, ``undetermined`` (counts) and ``agreement``
    (share 0–1, 3 decimals) over the marks with a call; and the 95 % percentile bootstrap interval of
    the pooled agreement resampling states ([low, high], 4 decimals; None when it cannot be formed)."""
    per_state = (detail[detail["call"].notna()].groupby("iso3")
                 .agg(points=("agrees", "size"), agree=("agrees", "sum"),
                      undetermined=("call", lambda c: int((c == "undetermined").sum())))
                 .assign(agreement=lambda t: (t["agree"] / t["points"]).round(3)))
    iv = cluster_interval((per_state["agree"], per_state["points"]), lambda a, p: a.sum() / p.sum())
    return per_state, ([round(iv[0], 4), round(iv[1], 4)] if iv else None)


def _handset_by_state(hs_detail: pd.DataFrame, index) -> pd.Series:
    """The hand-set v1 prototypes' agreement per state (share 0–1, 3 decimals) on the marks with a call."""
    return hs_detail[hs_detail["call"].notna()].groupby("iso3")["agrees"].mean().round(3).reindex(index)


def save_calibration(model: dict, path: Path = CALIBRATION_FILE, extra: dict | None = None) -> None:
    """Write weights, temperature and threshold (prototype levels go to prototypes.csv)."""
    payload = {"weights": {k: round(float(v), 4) for k, v in model["weights"].items()},
               "temperature": round(model["temperature"], 5), "undetermined_margin": round(model["threshold"], 4)}
    payload |= extra or {}
    path.write_text(json.dumps(payload, indent=2) + "\n")


def load_calibration(path: Path = CALIBRATION_FILE) -> dict | None:
    """The shipped model: prototypes.csv levels with calibration.json's weights, temperature, threshold."""
    from latticework.models.strategy import load_prototypes

    if not Path(path).exists():
        return None
    c = json.loads(Path(path).read_text())
    return {"prototypes": load_prototypes(), "weights": c["weights"], "temperature": c["temperature"],
            "threshold": c["undetermined_margin"]}


_TYPOLOGY = {  # what the typology says of each level (docs/strategy.md, coding rules), read with the fitted value
    ("asymmetrics", "patron_dependence"): "security rests on the patron's guarantee, forces and arms",
    ("asymmetrics", "self_reliance"): "the national effort goes to the economy, not to defence",
    ("global_mercantilism", "patron_dependence"): "security still rests on the patron, or on no effort of its own",
    ("global_mercantilism", "economic_activism"): "an active economic policy of its own in the region: a trading state, exporting much against what it spends on arms",
    ("proactive_realist", "self_reliance"): "own forces sized for the region: spending effort above its region and rival",
    ("proactive_realist", "partner_breadth"): "own pacts and access agreements beyond the patron",
    ("proactive_realist", "regional_leadership"): "regional leadership: arms exports, assistance, initiatives",
    ("international_visionary", "global_engagement"): "leads on a global agenda through international institutions",
    ("international_visionary", "patron_dependence"): "stands above the regional contest rather than leaning on a patron",
}


def rationale(strategy: str, indicator: str, level: float, class_mean: float, n_years: int) -> str:
    """One line per fitted level: what the typology expects and what the fit and the coded years show."""
    base = _TYPOLOGY.get((strategy, indicator), "not a defining trait of this strategy in the typology")
    return (f"{base}; fitted {level:.2f} (mean of the {n_years} coded {strategy.replace('_', '-')} years: "
            f"{class_mean:.2f})")


def calibrate(db, write: bool = True) -> dict:
    """Fit on every coded year of every reference state and (``write``) ship the result:
    prototypes.csv (levels with rationales) and calibration.json (weights, temperature, threshold,
    and the cross-validated figures measured now)."""
    df = features(db)
    model = fit(df)
    # the shipped threshold is chosen on out-of-fold margins (each state's marks predicted by the
    # model fitted without it), which are what a new state would see; in-sample margins are too kind
    cv = cross_validate(df)
    oof = cv["pred"].merge(df[["iso3", "year", "label", "alt_label"]], on=["iso3", "year"])
    oof = oof[oof["verdict"].notna()]
    model["threshold"] = _threshold_from(oof)
    # and never more than the cap of the shipped model's own marks undetermined
    own = predict(df[df["mark"]], {**model, "threshold": 0.0})["margin"].dropna().sort_values().to_numpy()
    k = int(MAX_UNDETERMINED * len(own))
    if k < len(own) and (own < model["threshold"]).sum() > k:
        model["threshold"] = float((own[k - 1] + own[k]) / 2) if k > 0 else 0.0
    if write:
        rows = []
        for s in STRATEGIES:
            sel = df[df["label"].eq(s)]
            for i in ind.INDICATORS:
                lvl = float(model["prototypes"].loc[s, i])
                rows.append({"strategy": s, "indicator": i, "level": round(lvl, 3),
                             "rationale": rationale(s, i, lvl, float(sel[i].mean()), int(sel[i].notna().sum()))})
        pd.DataFrame(rows).to_csv(Path(__file__).with_name("prototypes.csv"), index=False)
        v = validate(db)
        cv = v["cross_validated"]
        save_calibration(model, extra={
            "fitted_on": {"states": int(df["iso3"].nunique()), "iso3": sorted(df["iso3"].unique()),
                          "coded_years": model["n_train"], "ridge": RIDGE},
            "cross_validated": {k: cv[k] for k in ("points", "points_with_verdict", "agreement", "agreement_label_only",
                                                   "agreement_determined", "share_undetermined")},
            "handset_agreement": v["handset"]["agreement"]})
    return model
