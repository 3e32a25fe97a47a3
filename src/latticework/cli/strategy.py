"""The strategy command: Brzezinski's four strategies per year, with evidence and figures."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from latticework.cli._app import app, console, emit_json, output_frame


@app.command("strategy")
def strategy_cmd(state: str = typer.Argument(..., help="Any state name or code."),
                 start: int = typer.Option(1960, "--from", min=1816, max=2100),
                 end: Optional[int] = typer.Option(None, "--to", min=1816, max=2100),
                 step: int = typer.Option(1, "--step", min=1, help="Show every STEP-th year (all years are computed)."),
                 prototypes: Optional[Path] = typer.Option(None, "--prototypes", exists=True, dir_okay=False,
                                                           readable=True, help="Your own prototype CSV."),
                 plot: Optional[Path] = typer.Option(None, "--plot", help="Write PNG and SVG figures to DIR."),
                 seed: int = typer.Option(0, "--seed"), store: Optional[Path] = typer.Option(None, "--store"),
                 as_json: bool = typer.Option(False, "--json"), as_csv: bool = typer.Option(False, "--csv")):
    """Probabilities over the four strategies per year, verdict, margin, stability and evidence."""
    import latticework as lw
    from latticework.models.strategy import strategy

    db = lw.open(store)
    df = strategy(db, state, years=(start, end), prototypes=str(prototypes) if prototypes else None, seed=seed)
    shown = df[(df["year"] - start) % step == 0] if step > 1 else df
    cols = ["year", "p_asymmetrics", "p_global_mercantilism", "p_proactive_realist", "p_international_visionary",
            "verdict", "margin", "stability", "self_reliance", "patron_dependence", "partner_breadth",
            "regional_leadership", "economic_activism", "global_engagement", "top_evidence", "missing"]
    if as_json:
        emit_json({"state": df["state"].iloc[0], "transitions": df.attrs["transitions"],
                   "rows": __import__("json").loads(shown[cols + ["evidence_events", "evidence", "patron_note"]].to_json(orient="records"))})
    else:
        output_frame(shown[cols], as_csv=as_csv, title=f"{df['state'].iloc[0]}: Brzezinski's four strategies")
        if not as_csv:
            for t in df.attrs["transitions"]:
                console.print(f"transition {t['year']}: {t['from']} → {t['to']}")
            last = shown.iloc[-1]
            if last["evidence"]:
                console.print(f"ledger evidence behind the {int(last['year'])} verdict (newest first):")
                for e in last["evidence"][:5]:
                    console.print(f"  {e['date']}  {e['id']}  {e['source']}  {e['url']}", highlight=False, soft_wrap=True)
            console.print("every year's evidence, with sources: --json", style="dim")
    if plot:
        from latticework.present.plots import strategy_figures

        for p in strategy_figures(df, plot):
            console.print(f"wrote {p}", highlight=False) if not as_json else None
