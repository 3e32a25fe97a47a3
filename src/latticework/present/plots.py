"""The one chart module: every figure the report, the web app and ``--plot`` show is drawn here.

Each function takes what a view, measure or model returned (plus the ``sources`` list of
:func:`latticework.present.web.payloads.source_list`) and returns a matplotlib ``Figure`` that
carries a title, axis titles with units, marks on incomplete or carried-forward years, and a
source line naming the dataset versions and the ledger. :func:`svg` renders a figure as inline
SVG (text kept as text: small, sharp, searchable) for the web pages and the report;
:func:`save` writes PNG and SVG files for papers. Nothing here computes a measure: a missing
value is drawn as a gap, never filled.
"""
from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator  # noqa: E402

STRATEGY_COLORS = {"asymmetrics": "#4a5568", "global_mercantilism": "#d69e2e",
                   "proactive_realist": "#c53030", "international_visionary": "#2b6cb0"}
UNDETERMINED_COLOR = "#cbd5e0"
MARK_COLOR = "#edf2f7"  # the band behind incomplete or carried-forward years
plt.rcParams.update({"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9,
                     "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 10.5,
                     "axes.titleweight": "bold", "axes.titlelocation": "left", "legend.frameon": False,
                     "svg.hashsalt": "latticework"})


# ---- sources and output ----------------------------------------------------------------------
def source_text(sources: list[dict] | None, note: str | None = None) -> str:
    """The source line: ``Source: <name> (<version>); …`` and an optional note on marked years."""
    parts = [f"{s['name']} ({s['version']})" if s.get("version") else str(s["name"]) for s in (sources or [])]
    line = "Source: " + ("; ".join(parts) if parts else "the latticework store") + "; latticework."
    return line + (f" {note}" if note else "")


def _finish(fig, sources, note=None, width_in: float | None = None) -> plt.Figure:
    """Add the source line below everything already drawn (axis titles and legends included)."""
    width_in = width_in or fig.get_figwidth()
    wrapped = textwrap.fill(source_text(sources, note), width=int(width_in * 15))
    for ax in fig.axes:  # ids in the SVG, so a browser test can find each chart's titles
        if ax.get_title(loc="left"):
            ax.title.set_gid("chart-title")  # noqa: SLF001
            ax._left_title.set_gid("chart-title")  # noqa: SLF001
        if ax.axison and ax.get_xlabel():
            ax.xaxis.label.set_gid("x-title")
        if ax.axison and ax.get_ylabel():
            ax.yaxis.label.set_gid("y-title")
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)  # inches
    w, h = fig.get_figwidth(), fig.get_figheight()
    fig.text(box.x0 / w, (box.y0 - 0.08) / h, wrapped, fontsize=7, color="#4a5568", ha="left", va="top",
             gid="source-line")
    return fig


def _year_axis(ax, years=None):
    """Year ticks on round years (every 2, 5, 10 or 20 years by the span shown)."""
    ax.set_xlabel("year")
    lo, hi = ax.get_xlim()
    span = hi - lo
    step = 2 if span <= 16 else 5 if span <= 45 else 10 if span <= 100 else 20
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))
    ax.grid(axis="y", color="#e2e8f0", lw=0.6)


def _mark_years(ax, years, label: str) -> Patch | None:
    """Shade each marked year as a band one year wide; returns the legend handle (None if none)."""
    years = sorted(int(y) for y in years)
    if not years:
        return None
    runs, start, prev = [], years[0], years[0]
    for y in years[1:]:
        if y != prev + 1:
            runs.append((start, prev))
            start = y
        prev = y
    runs.append((start, prev))
    for a, b in runs:
        ax.axvspan(a - 0.5, b + 0.5, color=MARK_COLOR, zorder=0, lw=0)
    return Patch(facecolor=MARK_COLOR, edgecolor="#a0aec0", lw=0.5, label=label)


def _legend(ax, handles=None, **kw):
    h, lab = ax.get_legend_handles_labels()
    extra = [x for x in (handles or []) if x is not None]
    n = len(h) + len(extra)
    ax.legend(h + extra, lab + [x.get_label() for x in extra], fontsize=8, loc=kw.pop("loc", "upper left"),
              bbox_to_anchor=kw.pop("bbox_to_anchor", (0.0, -0.2)), ncol=kw.pop("ncol", min(n, 4)), **kw)


def _message(title: str, text: str, sources, width=8.0) -> plt.Figure:
    """A figure that says why there is nothing to draw (never empty axes)."""
    fig, ax = plt.subplots(figsize=(width, 1.6))
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.0, 0.5, textwrap.fill(text, 110), transform=ax.transAxes, va="center", fontsize=9, color="#4a5568",
            gid="chart-message")
    return _finish(fig, sources)


def svg(fig: plt.Figure) -> str:
    """The figure as an inline ``<svg>`` element (text as text), closing the figure."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.12)
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    return re.sub(r'<svg ', '<svg role="img" ', text, count=1)


def save(fig: plt.Figure, out: str | Path, stem: str, close: bool = True) -> list[Path]:
    """Write ``<out>/<stem>.png`` (200 dpi) and ``<out>/<stem>.svg``; close the figure unless ``close=False``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{stem}.png", out / f"{stem}.svg"]
    for p in paths:
        fig.savefig(p, dpi=200, bbox_inches="tight", pad_inches=0.12, metadata={"Date": None} if p.suffix == ".svg" else None)
    if close:
        plt.close(fig)
    return paths


# ---- state profile ---------------------------------------------------------------------------
def spending(caps: pd.DataFrame, state: str, sources=None) -> plt.Figure:
    """Military spending: constant US$ bn (top) and share of GDP (bottom), years SIPRI does not cover marked."""
    caps = caps.sort_values("year")
    if caps["milex_constant_usd"].notna().sum() == 0 and caps["milex_gdp_share"].notna().sum() == 0:
        return _message(f"{state}: military spending", f"SIPRI reports no military expenditure for {state} "
                        f"in {int(caps['year'].min()) if len(caps) else '—'}–{int(caps['year'].max()) if len(caps) else '—'}.", sources)
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(8, 4.6), sharex=True, gridspec_kw={"hspace": 0.25})
    gaps = caps.loc[caps.get("sipri_coverage", pd.Series("covered", index=caps.index)).ne("covered")
                    | caps["milex_constant_usd"].isna(), "year"]
    h = None
    for a in (ax, ax2):
        h = _mark_years(a, gaps, "no SIPRI figure") or h
    ax.plot(caps["year"], caps["milex_constant_usd"] / 1e9, color="#2b6cb0", marker="o", ms=2.5, lw=1.5,
            label="constant 2023 US$")
    ax.set_ylabel("US$ bn\n(constant 2023)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylim(bottom=0)
    ax.set_title(f"{state}: military spending, {int(caps['year'].min())}–{int(caps['year'].max())}")
    ax2.plot(caps["year"], caps["milex_gdp_share"] * 100, color="#c05621", marker="o", ms=2.5, lw=1.5,
             label="share of GDP")
    ax2.set_ylabel("% of GDP")
    ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.1f}"))
    ax2.set_ylim(bottom=0)
    for a in (ax, ax2):
        _year_axis(a)
    ax.set_xlabel("")
    if h is not None:
        _legend(ax, [h], loc="upper left", bbox_to_anchor=(0.0, 1.0))
    return _finish(fig, sources)


def troops(tr: pd.DataFrame, state: str, sources=None) -> plt.Figure:
    """US active-duty troops hosted per year (troopdata); a message when none are recorded."""
    title = f"{state}: US active-duty troops hosted"
    if tr is None or not len(tr) or tr["troops"].fillna(0).sum() == 0:
        return _message(title, f"troopdata records no US troops in {state} in the years shown.", sources)
    tr = tr.sort_values("year")
    fig, ax = plt.subplots(figsize=(8, 3.0))
    ax.bar(tr["year"], tr["troops"] / 1000, color="#2b6cb0", width=0.8)
    ax.set_ylabel("troops (thousands)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 10 or v == 0 else f"{v:,.1f}"))
    ax.set_title(f"{title}, {int(tr['year'].min())}–{int(tr['year'].max())}")
    _year_axis(ax)
    return _finish(fig, sources, "Each year: the last labelled report.")


# ---- dyad -------------------------------------------------------------------------------------
def dependence(asym: pd.DataFrame, a: str, b: str, sources=None) -> plt.Figure:
    """Dependence both ways and the asymmetry index; years missing a component are shaded."""
    asym = asym.sort_values("year")
    fig, ax = plt.subplots(figsize=(8, 3.4))
    inc = asym.loc[~asym["complete"].astype(bool), "year"] if "complete" in asym else []
    h = _mark_years(ax, inc, "incomplete year (a component missing)")
    ax.plot(asym["year"], asym["dependence_b_on_a"], color="#c53030", lw=1.6, label=f"{b} on {a}")
    ax.plot(asym["year"], asym["dependence_a_on_b"], color="#2b6cb0", lw=1.6, label=f"{a} on {b}")
    ax.plot(asym["year"], asym["asymmetry_index"], color="#4a5568", lw=1.2, ls="--", label="asymmetry index")
    ax.set_ylabel("index (0 = none, 1 = total)")
    ax.set_ylim(0, 1)
    ax.set_title(f"{a}–{b}: dependence both ways, {int(asym['year'].min())}–{int(asym['year'].max())}")
    _year_axis(ax)
    _legend(ax, [h])
    return _finish(fig, sources)


def interactions(series: pd.DataFrame, a: str, b: str, sources=None) -> plt.Figure:
    """Events per month by quad class (ingested event data), stacked bars."""
    title = f"{a}–{b}: events per month by quad class"
    keys = [k for k in ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict") if k in series]
    if not len(series) or not keys:
        return _message(title, f"the ingested event data hold no events between {a} and {b}.", sources)
    colors = {"verbal_cooperation": "#90cdf4", "material_cooperation": "#2b6cb0", "verbal_conflict": "#fbd38d",
              "material_conflict": "#c05621"}
    x = pd.to_datetime(series["period"])
    fig, ax = plt.subplots(figsize=(8, 3.2))
    bottom = np.zeros(len(series))
    for k in keys:
        v = series[k].fillna(0).to_numpy(dtype=float)
        ax.bar(x, v, bottom=bottom, width=25, color=colors[k], label=k.replace("_", " "))
        bottom += v
    ax.set_ylabel("events per month")
    ax.set_xlabel("month")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="#e2e8f0", lw=0.6)
    ax.set_title(f"{title}, {x.min():%Y-%m}–{x.max():%Y-%m}")
    _legend(ax)
    return _finish(fig, sources, "Counts of coded events, not of distinct incidents.")


# ---- structure --------------------------------------------------------------------------------
def structure(stc: pd.DataFrame, preset: str, sources=None) -> plt.Figure:
    """Lattice index, spoke density and hub share per year; carried-forward years shaded; an
    undefined lattice index (fewer than two spokes) is a gap."""
    stc = stc.sort_values("year")
    fig, ax = plt.subplots(figsize=(8, 3.4))
    carried = stc.loc[stc["carried_forward"].fillna(False).astype(bool), "year"] if "carried_forward" in stc else []
    h = _mark_years(ax, carried, "ties carried forward past a source's last year")
    for c, color, ls in (("lattice_index", "#c53030", "-"), ("spoke_density", "#2b6cb0", "-"), ("hub_share", "#4a5568", "--")):
        ax.plot(stc["year"], stc[c], color=color, ls=ls, lw=1.6, label=c.replace("_", " "))
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("index (0–1)")
    ax.set_title(f"{preset.replace('_', ' ')}: hub-and-spokes (lattice index 0) or lattice, "
                 f"{int(stc['year'].min())}–{int(stc['year'].max())}")
    _year_axis(ax)
    _legend(ax, [h])
    undefined = stc.loc[stc["lattice_index"].isna(), "year"]
    note = (f"Lattice index undefined (gap) in {_years_text(undefined)}: the hub had fewer than two spokes."
            if len(undefined) else None)
    return _finish(fig, sources, note)


def _years_text(years) -> str:
    ys = sorted(int(y) for y in years)
    runs, start, prev = [], ys[0], ys[0]
    for y in ys[1:]:
        if y != prev + 1:
            runs.append((start, prev))
            start = y
        prev = y
    runs.append((start, prev))
    return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in runs)


def network(net: dict, sources=None) -> plt.Figure:
    """One year's alliance network of a preset: hub in the centre, spokes on a circle
    (positions and edges from :func:`latticework.present.web.payloads.network_payload`)."""
    fig, ax = plt.subplots(figsize=(6, 5.4))
    by = {n["id"]: n for n in net["nodes"]}
    for e in net["edges"]:
        a, b = by[e["a"]], by[e["b"]]
        ax.plot([a["x"], b["x"]], [a["y"], b["y"]], color="#c05621" if e["spoke_spoke"] else "#2b6cb0",
                lw=0.8 + 2.2 * min(e["weight"], 2) / 2, ls=":" if e["carried_forward"] else "-", zorder=1)
    for n in net["nodes"]:
        ax.scatter([n["x"]], [n["y"]], s=520 if n["hub"] else 300, color="#15314b" if n["hub"] else "#718096", zorder=2)
        ax.annotate(n["code"], (n["x"], n["y"]), ha="center", va="center", color="white", fontsize=8, fontweight="bold", zorder=3)
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(f"{net['preset'].replace('_', ' ')} network, {net['year']}")
    handles = [plt.Line2D([], [], color="#2b6cb0", lw=2, label="hub–spoke tie"),
               plt.Line2D([], [], color="#c05621", lw=2, label="spoke–spoke tie"),
               plt.Line2D([], [], color="#4a5568", lw=2, ls=":", label="carried forward")]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(0.0, -0.02), ncol=3)
    return _finish(fig, sources, "Line width: tie weight (sum of layer weights).", width_in=6)


# ---- strategy ---------------------------------------------------------------------------------
def strategy_probabilities(sg: pd.DataFrame, sources=None) -> plt.Figure:
    """Stacked probabilities of Brzezinski's four strategies per year; undetermined years marked."""
    state = sg["state"].iloc[0]
    d = sg.dropna(subset=["p_asymmetrics"]).sort_values("year")
    fig, ax = plt.subplots(figsize=(8, 3.6))
    und = d.loc[d["verdict"].eq("undetermined"), "year"] if "verdict" in d else []
    ax.stackplot(d["year"], *[d[f"p_{k}"] for k in STRATEGY_COLORS], labels=[k.replace("_", " ") for k in STRATEGY_COLORS],
                 colors=list(STRATEGY_COLORS.values()), alpha=0.88)
    if len(und):
        ax.scatter(und, [1.02] * len(und), marker="v", s=14, color="#1a202c", clip_on=False, label="undetermined verdict")
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability (0–1)")
    ax.set_title(f"{state}: Brzezinski's four strategies, probability by year", pad=12)
    _year_axis(ax)
    _legend(ax)
    return _finish(fig, sources)


def strategy_map(sg: pd.DataFrame, sources=None) -> plt.Figure:
    """The state's path on the strategy map, coloured by verdict; year labels spaced so none overlap."""
    state = sg["state"].iloc[0]
    d = sg.dropna(subset=["verdict"]).sort_values("year")
    fig, ax = plt.subplots(figsize=(6.5, 6))
    x, y = d["economic_global"], d["security_autonomy"]  # the model's map coordinates
    ax.plot(x, y, "-", color="#a0aec0", lw=1, zorder=1)
    ax.scatter(x, y, c=[STRATEGY_COLORS.get(v, UNDETERMINED_COLOR) for v in d["verdict"]], s=26, zorder=3,
               edgecolors="#2d3748", linewidths=0.3)
    placed: list[tuple[float, float]] = []
    sx = 0.07 * (np.nanmax(x) - np.nanmin(x) + 0.1)
    sy = 0.04 * (np.nanmax(y) - np.nanmin(y) + 0.1)
    pts = list(zip(x, y, d["year"]))
    order = [pts[0], pts[-1]] + [p for p in pts[1:-1] if p[2] % 5 == 0]
    for xi, yi, yr in order:
        if pd.isna(xi) or pd.isna(yi) or any(abs(xi - px) < sx and abs(yi - py) < sy for px, py in placed):
            continue
        placed.append((xi, yi))
        ax.annotate(str(int(yr)), (xi, yi), fontsize=7.5, xytext=(4, 3), textcoords="offset points", color="#1a202c")
    for lim, v in ((ax.set_xlim, x), (ax.set_ylim, y)):  # zoom on the path, within the 0–1 scale
        lo, hi = np.nanmin(v), np.nanmax(v)
        pad = max(0.05, (hi - lo) * 0.12)
        lim(max(0.0, lo - pad), min(1.0, hi + pad))
    ax.set_xlabel("economic and global orientation (0–1)\nmean of economic activism and global engagement")
    ax.set_ylabel("security autonomy (0–1)\nmean of self-reliance, 1 − patron dependence, partner breadth, leadership")
    ax.set_title(f"{state}: path on the strategy map, {int(d['year'].min())}–{int(d['year'].max())}")
    for k, c in {**STRATEGY_COLORS, "undetermined": UNDETERMINED_COLOR}.items():
        ax.scatter([], [], color=c, label=k.replace("_", " "))
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0.0, -0.17), ncol=3)
    return _finish(fig, sources, "Colour: the year's verdict; labels every fifth year where they fit.", width_in=6.5)


# ---- criticality ------------------------------------------------------------------------------
def linchpins(crit: pd.DataFrame, hub: str, theatre: str, year: int, sources=None, top: int = 12) -> plt.Figure:
    """The states whose loss costs the hub the most reach into a theatre (top ``top``), horizontal bars."""
    cr = crit.sort_values("reach_loss", ascending=False).head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.28 * len(cr)))
    yy = np.arange(len(cr))
    ax.barh(yy + 0.2, cr["reach_loss"] * 100, height=0.4, color="#c53030", label="reach lost")
    ax.barh(yy - 0.2, cr["connectivity_loss"] * 100, height=0.4, color="#2b6cb0", label="connectivity lost")
    ax.set_yticks(yy, cr["state"])
    ax.set_xlabel("loss if the state is removed (% of the hub's total)")
    ax.set_ylabel("state")
    ax.xaxis.grid(True, color="#e2e8f0", lw=0.6)
    ax.set_title(f"Linchpins for {hub} reach into the {theatre.replace('_', ' ')}, {year} (top {len(cr)})")
    _legend(ax)
    return _finish(fig, sources)


# ---- files for papers (``--plot`` and the report's figures/) ----------------------------------
def strategy_figures(df: pd.DataFrame, out: str | Path, sources=None) -> list[Path]:
    """``<state>-strategy-trajectory`` and ``<state>-strategy-map`` as PNG and SVG.

    ``sources``: entries with versions (:func:`latticework.present.web.payloads.result_sources`);
    without them the source line names the result's ``attrs["sources"]``."""
    state = df["state"].iloc[0]
    if sources is None:
        sources = [{"name": n} for n in df.attrs.get("sources", [])]
    return (save(strategy_probabilities(df, sources), out, f"{state}-strategy-trajectory")
            + save(strategy_map(df, sources), out, f"{state}-strategy-map"))
