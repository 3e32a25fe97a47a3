"""Measure commands: dyad (asymmetry), structure (hub-and-spokes vs lattice), linchpin (criticality)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from latticework.cli._app import app, console, output_frame

StoreOpt = typer.Option(None, "--store")
YEAR = dict(min=1816, max=2100)  # COW's state system starts in 1816; the store says its last year


@app.command("dyad")
def dyad_cmd(a: str = typer.Argument(..., help="Patron candidate (any name or code)."),
             b: str = typer.Argument(..., help="Protégé candidate."),
             start: int = typer.Option(1960, "--from", **YEAR), end: Optional[int] = typer.Option(None, "--to", **YEAR),
             step: int = typer.Option(1, "--step", min=1), store: Optional[Path] = StoreOpt,
             as_json: bool = typer.Option(False, "--json"), as_csv: bool = typer.Option(False, "--csv")):
    """Asymmetry of A–B per year: capability shares, obligations, dependence both ways."""
    import latticework as lw

    from latticework.errors import UsageError

    db = lw.open(store)
    if db.state(a).ccode == db.state(b).ccode:
        raise UsageError(f"dyad {a} {b}: both name {db.state(a).code}", "give two different states")
    df = lw.asymmetry(db, a, b, years=(start, end))
    if step > 1:
        df = df[(df["year"] - start) % step == 0]
    cols = ["year", "cinc_share_a", "milex_share_a", "obligation_asymmetry", "troops_vs_own_forces",
            "share_of_patron_abroad", "arms_import_share_b", "tie_share_b", "dependence_b_on_a",
            "dependence_a_on_b", "asymmetry_index", "complete", "missing_components"]
    output_frame(df if (as_json or as_csv) else df[cols], as_json, as_csv, title=f"{df['a'].iloc[0]}–{df['b'].iloc[0]}")


@app.command("structure")
def structure_cmd(preset: Optional[str] = typer.Option("indo_pacific", "--preset"),
                  hub: Optional[str] = typer.Option(None, "--hub"),
                  spokes: Optional[str] = typer.Option(None, "--spokes", help="Comma-separated states."),
                  start: int = typer.Option(1946, "--from", **YEAR), end: Optional[int] = typer.Option(None, "--to", **YEAR),
                  layers: Optional[str] = typer.Option(None, "--layers", help="Comma-separated layers."),
                  step: int = typer.Option(1, "--step", min=1), ties: bool = typer.Option(False, "--ties", help="Show the spoke–spoke ties."),
                  store: Optional[Path] = StoreOpt, as_json: bool = typer.Option(False, "--json"),
                  as_csv: bool = typer.Option(False, "--csv")):
    """Hub-and-spokes or lattice, per year, for a preset or a hub and spokes."""
    import latticework as lw

    kw = dict(years=(start, end), layers=layers.split(",") if layers else None)
    if hub or spokes:
        kw.update(hub=hub or "USA", spokes=spokes.split(",") if spokes else None)
    else:
        kw["preset"] = preset
    df = lw.structure(lw.open(store), **kw)
    if step > 1:
        df = df[(df["year"] - start) % step == 0]
    if as_json or as_csv:
        output_frame(df, as_json, as_csv)
        return
    output_frame(df.drop(columns=["spoke_ties"]), title=f"hub {df.attrs['hub']}; spokes {', '.join(df.attrs['spokes'])}")
    if ties:
        for r in df.itertuples():
            console.print(f"[bold]{r.year}[/]: " + ("; ".join(r.spoke_ties) or "no spoke–spoke ties"), highlight=False)


@app.command("linchpin")
def linchpin_cmd(hub: str = typer.Option("USA", "--hub"), theatre: str = typer.Option("taiwan_strait", "--theatre"),
                 year: Optional[int] = typer.Option(None, "--year", **YEAR),
                 radius_km: float = typer.Option(1500.0, "--radius-km", min=0.001),
                 top: int = typer.Option(15, "--top", min=1), store: Optional[Path] = StoreOpt,
                 as_json: bool = typer.Option(False, "--json"), as_csv: bool = typer.Option(False, "--csv")):
    """Who is the linchpin: loss in the hub's connectivity and in its reach into a theatre."""
    import latticework as lw

    db = lw.open(store)
    df = lw.criticality(db, hub, year or db.latest_year, theatre=theatre, radius_km=radius_km)
    output_frame(df if (as_json or as_csv) else df.head(top), as_json, as_csv,
                 title=f"{hub}, {theatre}, {year or db.latest_year}: {df.attrs['access_points_in_range']} access points within {radius_km:,.0f} km")
