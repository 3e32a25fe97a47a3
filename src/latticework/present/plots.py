"""Static figures (PNG and SVG) for papers; they draw what measures and models returned."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

STRATEGY_COLORS = {"asymmetrics": "#4a5568", "global_mercantilism": "#d69e2e",
                   "proactive_realist": "#c53030", "international_visionary": "#2b6cb0"}


def _save(fig, out: Path, stem: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{stem}.png", out / f"{stem}.svg"]
    for p in paths:
        fig.savefig(p, dpi=150, bbox_inches="tight")
    plt.close(fig)
    return paths


def security_autonomy(df: pd.DataFrame) -> pd.Series:
    """Map axis: mean of self-reliance, 1 − patron dependence, partner breadth, regional leadership."""
    parts = pd.concat([df["self_reliance"], 1 - df["patron_dependence"], df["partner_breadth"],
                       df["regional_leadership"]], axis=1)
    return parts.mean(axis=1, skipna=True)


def economic_global(df: pd.DataFrame) -> pd.Series:
    """Map axis: mean of economic activism and global-agenda engagement."""
    return pd.concat([df["economic_activism"], df["global_engagement"]], axis=1).mean(axis=1, skipna=True)


def strategy_figures(df: pd.DataFrame, out: str | Path) -> list[Path]:
    """Two figures: stacked probabilities over years, and the state's path on the strategy map."""
    out = Path(out)
    state = df["state"].iloc[0]
    d = df.dropna(subset=["verdict"])
    fig, ax = plt.subplots(figsize=(9, 4))
    cols = [f"p_{k}" for k in STRATEGY_COLORS]
    ax.stackplot(d["year"], *[d[c] for c in cols], labels=[k.replace("_", " ") for k in STRATEGY_COLORS],
                 colors=list(STRATEGY_COLORS.values()), alpha=0.85)
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.set_title(f"{state}: Brzezinski's four strategies, probability by year")
    ax.legend(loc="upper left", fontsize=8, ncol=2)
    paths = _save(fig, out, f"{state}-strategy-trajectory")

    fig, ax = plt.subplots(figsize=(6.5, 6))
    x, y = economic_global(d), security_autonomy(d)
    ax.plot(x, y, "-", color="#a0aec0", lw=1)
    ax.scatter(x, y, c=[STRATEGY_COLORS[v] for v in d["verdict"]], s=28, zorder=3)
    step = max(1, len(d) // 12)
    for xi, yi, yr in list(zip(x, y, d["year"]))[::step] + [(x.iloc[-1], y.iloc[-1], d["year"].iloc[-1])]:
        ax.annotate(str(yr), (xi, yi), fontsize=8, xytext=(3, 3), textcoords="offset points")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("economic and global orientation (mean of economic activism, global engagement)")
    ax.set_ylabel("security autonomy (self-reliance, 1 − dependence, partners, leadership)")
    ax.set_title(f"{state}: path on the strategy map (colour = verdict)")
    for k, c in STRATEGY_COLORS.items():
        ax.scatter([], [], color=c, label=k.replace("_", " "))
    ax.legend(fontsize=8, loc="lower right")
    return paths + _save(fig, out, f"{state}-strategy-map")


def series_figures(caps: pd.DataFrame, asym: pd.DataFrame, structure: pd.DataFrame, code: str, patron: str,
                   out: str | Path) -> list[Path]:
    """Spending, dependence and lattice-index series as PNG and SVG."""
    out = Path(out)
    paths = []
    fig, ax = plt.subplots(figsize=(8, 3.6))
    ax.plot(caps["year"], caps["milex_constant_usd"] / 1e9, color="#2b6cb0")
    ax.set_ylabel("US$ bn, constant 2023")
    ax2 = ax.twinx()
    ax2.plot(caps["year"], caps["milex_gdp_share"] * 100, color="#c05621")
    ax2.set_ylabel("% of GDP")
    ax.set_title(f"{code}: military spending (SIPRI 2025)")
    paths += _save(fig, out, f"{code}-spending")
    fig, ax = plt.subplots(figsize=(8, 3.6))
    ax.plot(asym["year"], asym["dependence_b_on_a"], label=f"{code} on {patron}")
    ax.plot(asym["year"], asym["dependence_a_on_b"], label=f"{patron} on {code}")
    ax.plot(asym["year"], asym["asymmetry_index"], label="asymmetry index", ls="--")
    ax.legend(fontsize=8)
    ax.set_title(f"{patron}–{code}: dependence both ways")
    paths += _save(fig, out, f"{code}-dependence")
    fig, ax = plt.subplots(figsize=(8, 3.6))
    for c in ("lattice_index", "spoke_density", "hub_share"):
        ax.plot(structure["year"], structure[c], label=c.replace("_", " "))
    ax.legend(fontsize=8)
    ax.set_title("US Indo-Pacific alliance system: hub-and-spokes (0) or lattice")
    paths += _save(fig, out, "indo_pacific-structure")
    return paths
