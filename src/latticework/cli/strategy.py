"""The strategy command: Brzezinski's four strategies per year, with evidence, figures and the
cited reference coding beside the verdict; ``strategy validate`` scores the model against it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from latticework.cli._app import app, check_years, console, emit_json, output_frame


def _validate(store, as_json: bool) -> None:
    import latticework as lw
    from latticework.models.calibration import validate

    v = validate(lw.open(store))
    cv, hs = v["cross_validated"], v["handset"]
    per_state = v["per_state"]
    conf = v["confusion"]
    if as_json:
        emit_json({"cross_validated": cv, "per_state": json.loads(per_state.to_json(orient="records")),
                   "confusion": {"rows": "reference label", "columns": "model call",
                                 "matrix": json.loads(conf.to_json(orient="index"))},
                   "handset": hs, "in_sample": v["in_sample"], "folds": v["folds"], "n_states": v["n_states"],
                   "test": _test_json(v["test"]), "coders": v["coders"]})
        return
    console.print(f"Leave-one-state-out validation on {v['n_states']} states, {cv['points']} state–five-year points "
                  f"({cv['points_without_data']} without data)", highlight=False)
    console.print(f"cross-validated agreement (label or alt_label): {cv['agreement']:.1%} "
                  f"— label only {cv['agreement_label_only']:.1%}; among determined verdicts "
                  f"{cv['agreement_determined']:.1%}; undetermined {cv['undetermined']} ({cv['share_undetermined']:.1%})",
                  highlight=False)
    if cv.get("agreement_interval"):
        lo, hi = cv["agreement_interval"]
        console.print(f"95% interval of the held-out agreement, resampling states: {lo:.1%}–{hi:.1%}", highlight=False)
    console.print(f"hand-set v1 prototypes on the same points: {hs['agreement']:.1%}", highlight=False)
    if v["in_sample"]:
        console.print(f"shipped calibration, in sample: {v['in_sample']['agreement']:.1%}", highlight=False)
    output_frame(per_state, title="agreement per state (held out)")
    output_frame(conf.reset_index().rename(columns={"label": "reference \\ model"}), title="confusion matrix (marks)")
    t = v["test"]
    if t:
        lo, hi = t["agreement_interval"] or (float("nan"), float("nan"))
        console.print(f"Test states ({len(t['states'])}, coded blind, never fitted on; shipped calibration): "
                      f"agreement {t['agreement']:.1%} on {t['points_with_verdict']} points (interval {lo:.1%}–{hi:.1%}); "
                      f"label only {t['agreement_label_only']:.1%}; undetermined {t['undetermined']}; "
                      f"hand-set v1 {t['handset']:.1%}", highlight=False)
        output_frame(t["per_state"], title="agreement per test state")
        output_frame(t["confusion"].reset_index().rename(columns={"label": "reference \\ model"}),
                     title="confusion matrix (test states)")
    c = v["coders"]
    if c:
        mo = c["model"]
        console.print(f"Two coders, blind to each other ({len(c['states'])} states, {c['points']} marks: "
                      f"{', '.join(c['states'])}): the second coder's label agrees with the first coding "
                      f"{c['as_verdict']:.1%} (as a verdict is judged), label with label {c['labels']:.1%}, "
                      f"Cohen's kappa {c['kappa']:.2f}; the model's calls on those marks agree with the first "
                      f"coding {mo['with_first']} of {mo['points']}, with the second {mo['with_second']} of "
                      f"{mo['points']}", highlight=False)


def _test_json(t: dict | None) -> dict | None:
    """The test-state block of ``strategy validate --json``: the figures, ``per_state`` and ``confusion``
    as records, and ``marks`` (one record per scored mark: label, alt_label, call, runner-up, margin)."""
    if t is None:
        return None
    out = {k: v for k, v in t.items() if k not in ("per_state", "confusion", "detail")}
    out["per_state"] = json.loads(t["per_state"].to_json(orient="records"))
    out["confusion"] = {"rows": "reference label", "columns": "model call",
                        "matrix": json.loads(t["confusion"].to_json(orient="index"))}
    out["marks"] = json.loads(t["detail"][["iso3", "year", "label", "alt_label", "call", "runner_up", "margin",
                                           "agrees"]].to_json(orient="records"))
    return out


@app.command("strategy")
def strategy_cmd(state: str = typer.Argument(..., help="Any state name or code; or `validate` to score the model "
                                                          "against the reference coding."),
                 start: int = typer.Option(1960, "--from", min=1816, max=2100),
                 end: Optional[int] = typer.Option(None, "--to", min=1816, max=2100),
                 step: int = typer.Option(1, "--step", min=1, help="Show every STEP-th year (all years are computed)."),
                 prototypes: Optional[Path] = typer.Option(None, "--prototypes", exists=True, dir_okay=False,
                                                           readable=True, help="Your own prototype CSV."),
                 plot: Optional[Path] = typer.Option(None, "--plot", help="Write PNG and SVG figures to DIR."),
                 seed: int = typer.Option(0, "--seed"), store: Optional[Path] = typer.Option(None, "--store"),
                 as_json: bool = typer.Option(False, "--json"), as_csv: bool = typer.Option(False, "--csv")):
    """Probabilities over the four strategies per year, verdict, margin, stability, evidence, and the
    reference coding beside the verdict. `latticework strategy validate [--json]`: cross-validated
    agreement with the reference coding, per state, and the confusion matrix."""
    if state.lower() == "validate":
        return _validate(store, as_json)
    import latticework as lw
    from latticework.models.strategy import strategy

    check_years(start, end)
    db = lw.open(store)
    df = strategy(db, state, years=(start, end), prototypes=str(prototypes) if prototypes else None, seed=seed)
    shown = df[(df["year"] - start) % step == 0] if step > 1 else df
    cols = ["year", "p_asymmetrics", "p_global_mercantilism", "p_proactive_realist", "p_international_visionary",
            "verdict", "runner_up", "margin", "stability", "reference", "reference_alt", "agrees_with_reference",
            "self_reliance", "patron_dependence", "partner_breadth",
            "regional_leadership", "economic_activism", "global_engagement", "top_evidence", "missing"]
    if as_json:
        emit_json({"state": df["state"].iloc[0], "transitions": df.attrs["transitions"],
                   "reference": df.attrs["reference"], "disagreements": df.attrs["disagreements"],
                   "second_coding": df.attrs.get("second_coding") or [],
                   "undetermined_margin": df.attrs.get("undetermined_margin"),
                   "rows": json.loads(shown[cols + ["leading", "verdict_note", "evidence_events", "evidence",
                                                    "patron_note", "reference_period", "reference_sources"]]
                                      .to_json(orient="records"))})
    else:
        if as_csv:
            output_frame(shown[cols], as_csv=True)
        else:
            output_frame(_compact(shown), title=f"{df['state'].iloc[0]}: Brzezinski's four strategies "
                         "(probabilities and evidence: --json or --csv)")
        if not as_csv:
            _print_path(df)
            _print_reference(df)
            last = shown.iloc[-1]
            if isinstance(last.get("evidence"), list) and last["evidence"]:
                console.print(f"ledger evidence behind the {int(last['year'])} verdict (newest first):")
                for e in last["evidence"][:5]:
                    console.print(f"  {e['date']}  {e['id']}  {e['source']}  {e['url']}", highlight=False, soft_wrap=True)
            console.print("every year's evidence, with sources: --json; the model's agreement with the reference: "
                          "latticework strategy validate", style="dim")
    if plot:
        from latticework.present.plots import strategy_figures

        # the figures colour by the leading strategy (an undetermined year has one too)
        for p in strategy_figures(df.assign(verdict=df["leading"]) if "leading" in df else df, plot):
            console.print(f"wrote {p}", highlight=False) if not as_json else None


_ABBR = {"asymmetrics": "A", "global_mercantilism": "GM", "proactive_realist": "PR", "international_visionary": "IV",
         "undetermined": "undet."}


def _compact(df):
    """A table that fits a terminal: verdict, runner-up, margin, stability, reference, indicators."""
    import pandas as pd

    ab = lambda v: _ABBR.get(v, v) if isinstance(v, str) else ""  # noqa: E731
    out = pd.DataFrame({"year": df["year"], "verdict": df["verdict"].map(ab), "2nd": df["runner_up"].map(ab),
                        "margin": df["margin"].round(2), "stab.": df["stability"].round(2),
                        "reference": [ab(a) + (f"/{ab(b)}" if isinstance(b, str) and b else "")
                                      for a, b in zip(df["reference"], df["reference_alt"])],
                        "agree": df["agrees_with_reference"].map({True: "yes", False: "NO"}).fillna("")})
    for i, k in [("self_reliance", "SR"), ("patron_dependence", "PD"), ("partner_breadth", "PB"),
                 ("regional_leadership", "RL"), ("economic_activism", "EA"), ("global_engagement", "GE")]:
        out[k] = pd.to_numeric(df[i], errors="coerce").round(2)
    return out


def _print_path(df) -> None:
    """The path: runs of the same verdict, each dated, and the transitions with what drove them."""
    d = df.dropna(subset=["verdict"])
    if d.empty:
        return
    runs, cur, first, prev = [], None, None, None
    for y, v in zip(d["year"], d["verdict"]):
        if v != cur:
            if cur is not None:
                runs.append((first, prev, cur))
            cur, first = v, y
        prev = y
    runs.append((first, prev, cur))
    console.print("A asymmetrics, GM global mercantilism, PR proactive realist, IV international visionary; SR "
                  "self-reliance, PD patron dependence, PB partner breadth, RL regional leadership, EA economic "
                  "activism, GE global engagement", style="dim")
    console.print("path: " + " → ".join(f"{v} {a}–{b}" if a != b else f"{v} {a}" for a, b, v in runs),
                  highlight=False, soft_wrap=True)
    by_year = d.set_index("year")
    if not df.attrs["transitions"]:
        console.print("no lasting transition (a change of verdict that holds at least two years)", highlight=False)
    for t in df.attrs["transitions"]:
        r = by_year.loc[t["year"]]
        ev = ", ".join(r["top_evidence"]) if isinstance(r["top_evidence"], list) else ""
        console.print(f"transition {t['year']}: {t['from']} → {t['to']} (margin {r['margin']:.2f}; "
                      f"indicators favouring it most: {ev})", highlight=False, soft_wrap=True)


def _print_reference(df) -> None:
    """The cited reference periods beside the model, and where they disagree."""
    per = df.attrs.get("reference") or []
    if not per:
        console.print("no reference coding for this state (data/reference/strategy_periods.csv)", style="dim")
        return
    console.print("reference coding (data/reference, docs/strategy.md):")
    for p in per:
        lab = p["label"] + (f" / {p['alt_label']}" if p["alt_label"] else "")
        share = (f"model agrees in {p['model_agrees']}/{p['model_years']} years" if p.get("model_years")
                 else "no model years")
        console.print(f"  {p['period']}  {lab}  — {share}", highlight=False)
        for c in p["sources"]:
            console.print(f"      {c['author']} ({c['year']}), {c['title']}  {c['url']}", highlight=False, soft_wrap=True)
    second = df.attrs.get("second_coding") or []
    if second:
        console.print("a second coding, blind to the first (data/reference/second; not fitted on): " + "; ".join(
            f"{p['period']} {p['label']}" + (f" / {p['alt_label']}" if p["alt_label"] else "") for p in second),
            highlight=False, soft_wrap=True)
    spans = df.attrs.get("disagreement_spans") or []
    if spans:
        console.print("model and reference disagree: " + "; ".join(
            (f"{s['start']}–{s['end']}" if s["start"] != s["end"] else f"{s['start']}")
            + f" model {s['verdict']}, reference {s['reference']}" for s in spans), highlight=False,
            soft_wrap=True)
