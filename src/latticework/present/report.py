"""The state report: one self-contained HTML file answering Q1–Q4, plus PNG/SVG figures.

The report arranges what the API returns — profile (views), asymmetry, structure, criticality
(measures), strategy (model) — into headline sentences generated from the figures, interactive
charts (plotly.js inlined: the file opens offline) and tables, and ends with the citations of
every dataset version and the ledger records it used. It computes no measure itself.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pandas as pd

import latticework as lw
from latticework.present import plots


def _fmt(x, spec="{:.2f}", none="n/a"):
    return none if x is None or (isinstance(x, float) and pd.isna(x)) or x is pd.NA else spec.format(x)


def _table(df: pd.DataFrame, floatfmt="{:,.3f}") -> str:
    return df.to_html(index=False, na_rep="—", float_format=lambda v: floatfmt.format(v), classes="data", border=0)


def _div(fig) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})


def collect(db, state, patron="USA", preset="indo_pacific", theatre="taiwan_strait") -> dict:
    """Run the API calls the report needs (measures and models live elsewhere)."""
    s = db.state(state)
    last = db.latest_year
    out = {"state": s, "last": last}
    out["caps"] = db.capabilities(s, 1990, last)
    out["asym"] = lw.asymmetry(db, patron, s, years=(1960, last))
    out["structure"] = lw.structure(db, preset=preset, years=(1950, last))
    out["crit"] = lw.criticality(db, patron, last, theatre=theatre)
    out["strategy"] = lw.strategy(db, s, years=(1960, last))
    out["events"] = db.events(actor=s.code)
    return out


def headlines(r: dict) -> list[str]:
    """Plain sentences generated from the figures (each names its source)."""
    s, caps = r["state"], r["caps"].set_index("year")
    last = int(caps["milex_current_usd"].last_valid_index())
    c = caps.loc[last]
    base = caps.loc[last - 10] if last - 10 in caps.index else None
    out = [f"In {last} {s.name} spent US${c['milex_constant_usd'] / 1e9:,.1f} bn at constant 2023 prices, "
           f"{c['milex_gdp_share'] * 100:.2f}% of GDP, ranking {int(c['milex_rank'])}th in the world by current US$ (SIPRI 2025)"
           + (f"; {((c['milex_constant_usd'] / base['milex_constant_usd']) - 1) * 100:+.0f}% in real terms since {last - 10}." if base is not None else ".")]
    a = r["asym"].set_index("year")
    complete = a[a["complete"].astype(bool)]
    last_complete = int(complete.index.max()) if len(complete) else int(a["dependence_b_on_a"].last_valid_index())
    pts = [y for y in (1990, 2010, last_complete) if y in a.index]
    dep = ", ".join(f"{_fmt(a.loc[y, 'dependence_b_on_a'])} in {y}" for y in pts)
    rev = ", ".join(f"{_fmt(a.loc[y, 'dependence_a_on_b'])} in {y}" for y in pts)
    ai = a["asymmetry_index"].dropna()
    trend = "narrowed" if len(ai) > 1 and ai.iloc[-1] < ai.loc[pts[0]] else "did not narrow"
    trend = "narrowed" if ai.get(last_complete, float("nan")) < ai.get(pts[0], float("nan")) else "did not narrow"
    later = [y for y in a.index if y > last_complete]
    caveat = (f" Years after {last_complete} average fewer components (NMC personnel end in 2022, SIPRI arms in 2023) "
              "and are not comparable." if later else "")
    out.append(f"Q1 — {s.name}'s dependence on the USA was {dep}; the USA's dependence on {s.name} was {rev}. "
               f"The asymmetry index {trend} from {_fmt(ai.get(pts[0]))} ({pts[0]}) to {_fmt(ai.get(last_complete))} "
               f"({last_complete}, the latest year with every component).{caveat}")
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
    out.append(f"Q3 — In {ly} the model's verdict is {row['verdict'].replace('_', ' ')} (p = {row[f'p_' + row['verdict']]:.2f}, "
               f"margin {row['margin']:.2f}, stable in {row['stability'] * 100:.0f}% of ±20% perturbations){ttxt}.")
    note = row.get("patron_note") if "patron_note" in row else None
    if isinstance(note, str) and "partial" in note:
        out.append(f"Caution on {ly}: the patron-dependence indicator is partial ({note}), so it reads lower "
                   f"than in complete years for want of data, not only for policy; the {ly} margin overstates "
                   "how sure the verdict is.")
    pr = sg["p_proactive_realist"]
    since = [y for y in (2012, 2022) if y in pr.index]
    if since:
        out.append(f"On the thesis of a move to the proactive-realist course: its probability went "
                   + " → ".join(f"{pr[y]:.2f} ({y})" for y in since + [ly]) + "; "
                   + ("the data support a shift toward it" if pr[ly] > pr[since[0]] + 0.1 else
                      "the data do not show a clear shift toward it")
                   + f"; in {ly} the indicators that weigh most are " + "; ".join(row["top_evidence"])
                   + (" (indicator value vs the verdict's prototype level)." if row["top_evidence"] else "."))
    cr = r["crit"].sort_values("reach_loss", ascending=False)
    top = cr.head(3)
    out.append(f"Q4 — For US reach into the Taiwan Strait in {r['last']}, the states whose loss costs the most access "
               "points are " + ", ".join(f"{t.state} ({_fmt(t.reach_loss, '{:.0%}')})" for t in top.itertuples()) + ".")
    n_ev = len(r["events"])
    out.append(f"Coverage: joint exercises (MME) and defence cooperation agreements (DCAD) end in 2010 and ATOP "
               f"in 2018; after those years ties and partner breadth rest on the ledger ({n_ev} records about "
               f"{s.code}), so a fall in an indicator after 2010 can be a gap in coverage, not a change in policy.")
    return out


def write_report(db, state, out: str | Path, patron: str = "USA") -> Path:
    """Write ``<out>/<ISO3>-report.html`` and ``<out>/figures/*.png|svg``; return the HTML path."""
    import plotly
    import plotly.graph_objects as go

    out = Path(out)
    figdir = out / "figures"
    r = collect(db, state, patron)
    s = r["state"]
    caps, asym, stc, sg = r["caps"], r["asym"], r["structure"], r["strategy"]
    figs = []
    f = go.Figure([go.Scatter(x=caps["year"], y=caps["milex_constant_usd"] / 1e9, name="US$ bn (constant 2023)"),
                   go.Scatter(x=caps["year"], y=caps["milex_gdp_share"] * 100, name="% of GDP", yaxis="y2")])
    f.update_layout(title="Military spending (SIPRI 2025)", yaxis2=dict(overlaying="y", side="right"))
    figs.append(("Military spending", f))
    f = go.Figure([go.Scatter(x=asym["year"], y=asym["dependence_b_on_a"], name=f"{s.code} on {patron}"),
                   go.Scatter(x=asym["year"], y=asym["dependence_a_on_b"], name=f"{patron} on {s.code}"),
                   go.Scatter(x=asym["year"], y=asym["asymmetry_index"], name="asymmetry index")])
    f.update_layout(title=f"Q1: dependence both ways, {patron}–{s.code}")
    figs.append(("Q1", f))
    f = go.Figure([go.Scatter(x=stc["year"], y=stc[c], name=c) for c in ("lattice_index", "spoke_density", "hub_share")])
    f.update_layout(title="Q2: US Indo-Pacific alliance system: hub-and-spokes (0) or lattice")
    figs.append(("Q2", f))
    f = go.Figure([go.Scatter(x=sg["year"], y=sg[f"p_{k}"], name=k.replace("_", " "), stackgroup="one")
                   for k in plots.STRATEGY_COLORS])
    f.update_layout(title="Q3: Brzezinski's four strategies, probability by year", yaxis=dict(range=[0, 1]))
    figs.append(("Q3", f))
    cr = r["crit"].sort_values("reach_loss", ascending=False).head(12)
    f = go.Figure([go.Bar(x=cr["state"], y=cr["reach_loss"], name="reach loss"),
                   go.Bar(x=cr["state"], y=cr["connectivity_loss"], name="connectivity loss")])
    f.update_layout(title=f"Q4: linchpins for US reach into the Taiwan Strait, {r['last']}", barmode="group")
    figs.append(("Q4", f))
    static = plots.strategy_figures(sg, figdir)
    for title, fig in figs:
        stem = f"{s.code}-{title.split(':')[0].lower().replace(' ', '-')}"
        try:
            fig.write_image(str(figdir / f"{stem}.png"))
        except Exception:
            pass  # kaleido is optional; the matplotlib figures below are always written
    static += plots.series_figures(caps, asym, stc, s.code, patron, figdir)

    ev = r["events"]
    used_sources = sorted(set().union(*[set(x.attrs.get("sources", [])) for x in (caps, asym, stc, sg, r["crit"])]))
    src = db.sources.set_index("name")
    src_rows = "".join(f"<li><b>{html.escape(n)}</b> — {html.escape(src.loc[n, 'citation'])} (version {html.escape(str(src.loc[n, 'version']))})</li>"
                       for n in used_sources if n in src.index)
    ev_rows = ""
    for e in ev.itertuples():
        srcs = json.loads(e.sources)
        links = "; ".join(f"<a href='{html.escape(x['url'])}'>{html.escape(x['publisher'])}, “{html.escape(x['title'])}” ({html.escape(str(x['date']))})</a>" for x in srcs)
        ev_rows += f"<li id='{e.event_id}'><b>{e.date}</b> {e.type}: {html.escape(e.summary)} — {links} <code>{e.event_id}</code></li>"
    sg_tab = sg[["year", "verdict", "margin", "stability", "p_asymmetrics", "p_global_mercantilism",
                 "p_proactive_realist", "p_international_visionary", "top_evidence"]]
    sg_tab = sg_tab[sg_tab["year"] % 5 == 0]
    plotly_js = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    body = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>latticework report: {html.escape(s.name)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:auto;padding:1rem;color:#1d2330}}
table.data{{border-collapse:collapse;font-size:.85rem}}table.data td,table.data th{{border-bottom:1px solid #ddd;padding:.2rem .5rem}}
.headlines li{{margin:.4rem 0}}</style><script>{plotly_js}</script></head><body>
<h1>{html.escape(s.name)}: dependence, alliance structure and grand strategy</h1>
<p>Generated {dt.date.today().isoformat()} by latticework {lw.__version__} from the store built {html.escape(db.meta.get('built_at', '?')[:10])}.</p>
<h2>Headline findings</h2><ul class="headlines">{''.join(f'<li>{html.escape(h)}</li>' for h in headlines(r))}</ul>
{''.join(f'<section><h2>{html.escape(t)}</h2>{_div(fig)}</section>' for t, fig in figs)}
<h2>Q1 table: dependence both ways</h2>{_table(asym[[c for c in asym.columns if c in ('year', 'dependence_b_on_a', 'dependence_a_on_b', 'asymmetry_index', 'missing_components')]].iloc[::5])}
<h2>Q2 table: structure</h2>{_table(stc[[c for c in stc.columns if c != 'spoke_ties']].iloc[::5])}
<h2>Q3 table: strategy (every fifth year)</h2>{_table(sg_tab)}
<h2>Q4 table: criticality</h2>{_table(r['crit'])}
<h2>Sources</h2><h3>Datasets</h3><ul>{src_rows}</ul>
<h3>Ledger records ({len(ev)})</h3><ul>{ev_rows}</ul>
<p>Static figures for papers: {', '.join(p.name for p in static)} (in {html.escape(str(figdir))}).</p>
</body></html>"""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{s.code}-report.html"
    path.write_text(body, encoding="utf-8")
    return path
