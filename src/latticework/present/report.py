"""The state report: one self-contained HTML file answering Q1–Q4, plus PNG/SVG figures.

The report arranges what the API returns — profile (views), asymmetry, structure, criticality
(measures), strategy (model) — into headline sentences generated from the figures, charts drawn
by :mod:`latticework.present.plots` (the web app's chart module) as inline SVG, so the file opens
offline and stays small, tables of every fifth year or the top rows with the full tables as CSV
beside it, and ends with the citations of every dataset version and the ledger records it used.
It computes no measure itself.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

import latticework as lw
from latticework.models import findings
from latticework.present import plots
from latticework.views import panels


def _fmt(x, spec="{:.2f}", none="n/a"):
    return none if x is None or (isinstance(x, float) and pd.isna(x)) or x is pd.NA else spec.format(x)


def _table(df: pd.DataFrame, floatfmt="{:,.3f}") -> str:
    table = df.to_html(index=False, na_rep="—", float_format=lambda v: floatfmt.format(v), classes="data", border=0)
    return f'<div class="scroll">{table}</div>'  # a wide table scrolls instead of widening the page


TOP_N = 15  # rows of a ranked table shown in the report; the CSV beside it holds all


def collect(db, state, patron="USA", preset="indo_pacific", theatre="taiwan_strait") -> dict:
    """Run the API calls the report needs (measures and models live elsewhere)."""
    s = db.state(state)
    last = db.latest_year
    out = {"state": s, "last": last}
    out["caps"] = panels.capabilities(db, s, 1990, last)
    out["asym"] = lw.asymmetry(db, patron, s, years=(1960, last))
    out["structure"] = lw.structure(db, preset=preset, years=(1950, last))
    out["crit"] = lw.criticality(db, patron, last, theatre=theatre)
    out["strategy"] = lw.strategy(db, s, years=(1960, last))
    out["events"] = panels.events(db, actor=s.code)
    out["versions"] = {n: db.version(n) for n in ("sipri_milex",)}
    out["coverage_end"] = {n: db.coverage(n)[1] for n in ("cow_nmc", "sipri_arms", "dcad", "atop_ddy")}
    return out


def headlines(r: dict) -> list[str]:
    """Plain sentences generated from the figures (each names its source)."""
    s, caps = r["state"], r["caps"].set_index("year")
    g = findings.real_growth(r["caps"])
    last, c = g["last"], caps.loc[g["last"]]
    out = [f"In {last} {s.name} spent US${c['milex_constant_usd'] / 1e9:,.1f} bn at constant 2023 prices, "
           f"{c['milex_gdp_share'] * 100:.2f}% of GDP, ranking {int(c['milex_rank'])}th in the world by current US$ (SIPRI, {r['versions']['sipri_milex']})"
           + (f"; {g['growth'] * 100:+.0f}% in real terms since {g['base']}." if g["growth"] is not None else ".")]
    a = r["asym"].set_index("year")
    t = findings.asymmetry_trend(r["asym"])
    pts, last_complete = t["points"], t["last_complete"]
    dep = ", ".join(f"{_fmt(a.loc[y, 'dependence_b_on_a'])} in {y}" for y in pts)
    rev = ", ".join(f"{_fmt(a.loc[y, 'dependence_a_on_b'])} in {y}" for y in pts)
    cov = r["coverage_end"]
    caveat = (f" Years after {last_complete} average fewer components (NMC personnel end in {cov['cow_nmc']}, SIPRI arms "
              f"in {cov['sipri_arms']}) and are not comparable." if t["later"] else "")
    out.append(f"Q1 — {s.name}'s dependence on the USA was {dep}; the USA's dependence on {s.name} was {rev}. "
               f"The asymmetry index {'narrowed' if t['narrowed'] else 'did not narrow'} from {_fmt(t['start'])} "
               f"({pts[0]}) to {_fmt(t['end'])} ({last_complete}, the latest year with every component).{caveat}")
    st = r["structure"].set_index("year")
    li = st["lattice_index"].dropna()
    marks = [y for y in (1965, 1985, 2000, int(li.index[-1])) if y in li.index]
    out.append("Q2 — The US Indo-Pacific system's lattice index (0 = pure hub-and-spokes star) was "
               + ", ".join(f"{_fmt(li[y])} in {y}" for y in marks) + ".")
    sg = r["strategy"].dropna(subset=["verdict"]).set_index("year")
    ly = int(sg.index[-1])
    row = sg.loc[ly]
    trans = r["strategy"].attrs.get("transitions", [])
    ttxt = ("; transitions: " + ", ".join(f"{t['year']} {t['from'].replace('_', ' ')} → {t['to'].replace('_', ' ')}" for t in trans)) if trans else "; no lasting transition"
    lead = row.get("leading", row["verdict"]) if "leading" in row else row["verdict"]
    verdict = (f"undetermined between {lead.replace('_', ' ')} and {row['runner_up'].replace('_', ' ')}"
               if row["verdict"] == "undetermined" else row["verdict"].replace("_", " "))
    out.append(f"Q3 — In {ly} the model's verdict is {verdict} (p = {row['p_' + lead]:.2f}, "
               f"margin {row['margin']:.2f}, stable in {row['stability'] * 100:.0f}% of ±20% perturbations){ttxt}.")
    ref_periods = r["strategy"].attrs.get("reference") or []
    if ref_periods:
        cur = ref_periods[-1]
        lab = cur["label"].replace("_", " ") + (f" (or {cur['alt_label'].replace('_', ' ')})" if cur["alt_label"] else "")
        cites = "; ".join(f"{c['author']} {c['year']}" for c in cur["sources"])
        dis = r["strategy"].attrs.get("disagreements") or []
        spans = r["strategy"].attrs.get("disagreement_spans") or []
        out.append(f"The cited reference coding reads {cur['period']} as {lab} ({cites}); "
                   + (f"model and reference disagree in {len(dis)} of the years shown: "
                      + "; ".join((f"{s['start']}–{s['end']}" if s["start"] != s["end"] else f"{s['start']}")
                                  + f" model {s['verdict'].replace('_', ' ')}, reference {s['reference'].replace('_', ' ')}"
                                  for s in spans) + "."
                      if dis else "the model agrees in every year shown."))
        second = r["strategy"].attrs.get("second_coding") or []
        if second:
            out.append("A second coding, made blind to the first, reads the years shown as "
                       + "; ".join(f"{p['period']} {p['label'].replace('_', ' ')}"
                                   + (f" (or {p['alt_label'].replace('_', ' ')})" if p["alt_label"] else "")
                                   for p in second)
                       + " (data/reference/second; the model is not fitted on it).")
    note = row.get("patron_note") if "patron_note" in row else None
    if isinstance(note, str) and "partial" in note:
        out.append(f"Caution on {ly}: the patron-dependence indicator is partial ({note}), so it reads lower "
                   f"than in complete years for want of data, not only for policy; the {ly} margin overstates "
                   "how sure the verdict is.")
    shift = findings.strategy_shift(r["strategy"])
    if shift:
        out.append("On the thesis of a move to the proactive-realist course: its probability went "
                   + " → ".join(f"{p:.2f} ({y})" for y, p in shift["path"].items()) + "; "
                   + (f"the data support a shift toward it (a rise of more than {shift['threshold']:.1f})" if shift["shifted"] else
                      f"the data do not show a clear shift toward it (no rise of more than {shift['threshold']:.1f})")
                   + f"; in {ly} the indicators that weigh most are " + "; ".join(row["top_evidence"])
                   + (" (indicator value vs the verdict's prototype level)." if row["top_evidence"] else "."))
    cr = r["crit"].sort_values("reach_loss", ascending=False)
    top = cr.head(3)
    out.append(f"Q4 — For US reach into the Taiwan Strait in {r['last']}, the states whose loss costs the most access "
               "points are " + ", ".join(f"{t.state} ({_fmt(t.reach_loss, '{:.0%}')})" for t in top.itertuples()) + ".")
    n_ev = len(r["events"])
    out.append(f"Coverage: defence cooperation agreements (DCAD) end in {cov['dcad']}, joint exercises (MME) in 2010 and ATOP "
               f"in {cov['atop_ddy']}; after those years ties and partner breadth rest on the ledger ({n_ev} records about "
               f"{s.code}), so a fall in an indicator after {cov['dcad']} can be a gap in coverage, not a change in policy.")
    return out


def _template():
    """The report's Jinja2 template (``present/templates/report.html``), autoescaped."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(Path(__file__).with_name("templates"))),
                      autoescape=select_autoescape(["html"]))
    return env.get_template("report.html")


def write_report(db, state, out: str | Path, patron: str = "USA") -> Path:
    """Write ``<out>/<ISO3>-report.html`` and ``<out>/figures/*.png|svg``; return the HTML path."""
    from latticework.present.web.payloads import result_sources

    out = Path(out)
    figdir = out / "figures"
    r = collect(db, state, patron)
    s = r["state"]
    caps, asym, stc, sg = r["caps"], r["asym"], r["structure"], r["strategy"]
    # every figure is drawn once, by the chart module the web app uses: inline SVG here, PNG and
    # SVG files in figures/ for papers
    src = lambda df: result_sources(db, df)  # noqa: E731
    sg_map = sg.assign(verdict=sg["leading"]) if "leading" in sg else sg
    figs, static = [], []
    for title, stem, fig in [
        ("Military spending", f"{s.code}-spending", plots.spending(caps, s.name, src(caps))),
        ("Q1: dependence both ways", f"{s.code}-dependence", plots.dependence(asym, patron, s.code, src(asym))),
        ("Q2: hub-and-spokes or lattice", "indo_pacific-structure", plots.structure(stc, "indo_pacific", src(stc))),
        ("Q3: Brzezinski's four strategies", f"{s.code}-strategy-trajectory", plots.strategy_probabilities(sg, src(sg))),
        ("Q3: path on the strategy map", f"{s.code}-strategy-map", plots.strategy_map(sg_map, src(sg))),
        ("Q4: linchpins", f"{s.code}-linchpins", plots.linchpins(r["crit"], patron, "taiwan_strait", r["last"], src(r["crit"]))),
    ]:
        static += plots.save(fig, figdir, stem, close=False)
        figs.append((title, stem, plots.svg(fig)))

    ev = r["events"]
    used_sources = sorted(set().union(*[set(x.attrs.get("sources", [])) for x in (caps, asym, stc, sg, r["crit"])]))
    reg = db.sources.set_index("name")
    sources = [{"name": n, "citation": reg.loc[n, "citation"], "version": str(reg.loc[n, "version"])}
               for n in used_sources if n in reg.index]
    events = [{"id": e.event_id, "date": e.date, "type": e.type, "summary": e.summary, "sources": json.loads(e.sources)}
              for e in ev.itertuples()]
    ref_cols = [c for c in ("reference", "reference_alt", "agrees_with_reference", "reference_sources") if c in sg]
    sg_tab = sg[["year", "verdict", "margin", "stability", *ref_cols, "p_asymmetrics", "p_global_mercantilism",
                 "p_proactive_realist", "p_international_visionary", "top_evidence"]]
    sg_tab = sg_tab[sg_tab["year"] % 5 == 0]
    # full tables beside the report as CSV; the report shows every fifth year or the top rows
    csv = {}
    out.mkdir(parents=True, exist_ok=True)
    for key, df in (("dependence", asym), ("structure", stc), ("strategy", sg), ("criticality", r["crit"]),
                    ("spending", caps)):
        name = f"{s.code}-{key}.csv"
        df.drop(columns=[c for c in df.columns if str(c).startswith("_")]).to_csv(out / name, index=False)
        csv[key] = name
    crit_top = r["crit"].sort_values("reach_loss", ascending=False).head(TOP_N)
    every5 = " (every fifth year; all years: "
    tables = [
        {"title": "Q1 table: dependence both ways", "csv_intro": every5, "csv": csv["dependence"],
         "html": _table(asym[[c for c in asym.columns if c in ("year", "dependence_b_on_a", "dependence_a_on_b",
                                                               "asymmetry_index", "missing_components")]].iloc[::5])},
        {"title": "Q2 table: structure", "csv_intro": every5, "csv": csv["structure"],
         "html": _table(stc[[c for c in stc.columns if c != "spoke_ties"]].iloc[::5])},
        {"title": "Q3 table: strategy", "csv_intro": every5, "csv": csv["strategy"], "html": _table(sg_tab)},
        {"title": f"Q4 table: criticality (top {len(crit_top)} of {len(r['crit'])} states by reach lost; all: ",
         "csv_intro": "", "csv": csv["criticality"], "html": _table(crit_top)},
    ]
    body = _template().render(
        state=s, today=dt.date.today().isoformat(), version=lw.__version__, built=db.meta.get("built_at", "?")[:10],
        headlines=headlines(r), figures=[{"title": t, "stem": stem, "svg": svg} for t, stem, svg in figs],
        tables=tables, sources=sources, events=events, static=[p.name for p in static])
    path = out / f"{s.code}-report.html"
    path.write_text(body, encoding="utf-8")
    return path
