"""Scenario commands: list the presets, run one (baseline and scenario side by side)."""
from __future__ import annotations

import html
from pathlib import Path
from typing import Optional

import pandas as pd
import typer
from rich.progress import BarColumn, Progress, TextColumn

from latticework.cli._app import app, console, emit_json, err_console, print_frame, print_note

scenario_app = typer.Typer(help="What if…? Edit the world, recompute, compare.", no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")


def _long(rows: list[dict]) -> pd.DataFrame:
    """One line per key and measure: baseline, scenario, delta (or changed)."""
    out = []
    for r in rows:
        key = next(iter(r.values()))
        measures = [k[: -len("_baseline")] for k in r if k.endswith("_baseline")]
        for m in measures:
            delta = r.get(f"{m}_delta")
            changed = r.get(f"{m}_changed")
            shown = (f"{delta:+.3f}" if isinstance(delta, (int, float)) and delta == delta else
                     ("changed" if changed else "same") if changed is not None else None)
            if m == "value" and "measure" in r:  # an already long table: one row per measure
                row_key, m = "", r["measure"]
            else:
                row_key = key
            out.append({"key": row_key, "measure": m, "baseline": r.get(f"{m}_baseline", r.get("value_baseline")),
                        "scenario": r.get(f"{m}_scenario", r.get("value_scenario")), "change": shown})
    df = pd.DataFrame(out)
    return df.drop(columns=["key"]) if len(df) and not df["key"].astype(bool).any() else df


@scenario_app.command("list")
def list_cmd():
    """The preset scenarios."""
    from latticework.models.scenarios import list_presets, load_scenario

    for p in list_presets():
        console.print(f"[bold]{p}[/]: {' '.join(load_scenario(p).description.split())}")


@scenario_app.command("run")
def run_cmd(scenario: str = typer.Argument(..., help="A preset name or a scenario YAML file."),
            runs: int = typer.Option(0, "--runs", min=0, max=100_000,
                                     help="Monte Carlo runs over the uncertain edits (0: none)."),
            seed: int = typer.Option(0, "--seed"),
            html_out: Optional[Path] = typer.Option(None, "--html", help="Also write an HTML table to this file."),
            store: Optional[Path] = typer.Option(None, "--store"),
            as_json: bool = typer.Option(False, "--json")):
    """Baseline and scenario side by side for structure, asymmetry, criticality and strategy."""
    import latticework as lw
    from latticework.models.scenarios import run_scenario

    db = lw.open(store)
    with Progress(TextColumn("Monte Carlo"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  console=err_console, disable=as_json or not runs) as prog:
        task = prog.add_task("mc", total=runs or 1)
        res = run_scenario(db, scenario, runs=runs, seed=seed,
                           progress=lambda i, n: prog.update(task, completed=i))
    if as_json:
        emit_json(res)
    else:
        console.rule(f"[bold]{res['name']}[/] (base year {res['base_year']})")
        print_note(res["description"])
        for name, rows in res["tables"].items():
            print_frame(_long(rows), title=name)
        mc = res.get("monte_carlo")
        if mc:
            df = pd.DataFrame([{"measure": k, **v} for k, v in mc["measures"].items()])
            print_frame(df, title=f"Monte Carlo: {mc['runs']} runs, seed {mc['seed']}, {mc['distinct_worlds']} distinct worlds")
    if html_out:
        parts = [f"<h1>{html.escape(res['name'])}</h1><p>{html.escape(res['description'])}</p>"]
        for name, rows in res["tables"].items():
            parts.append(f"<h2>{name}</h2>" + pd.DataFrame(rows).to_html(index=False, na_rep="—"))
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text("<!doctype html><meta charset='utf-8'>" + "".join(parts), encoding="utf-8")
        if not as_json:
            console.print(f"wrote {html_out}")
