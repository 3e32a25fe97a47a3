"""Measure commands: dyad (asymmetry), structure (hub-and-spokes vs lattice), linchpin (criticality)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

import typer

from latticework.cli._app import app, check_years, emit_json, output_frame, print_frame, print_note

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

    check_years(start, end)
    db = lw.open(store)
    if db.state(a).ccode == db.state(b).ccode:
        raise UsageError(f"dyad {a} {b}: both name {db.state(a).code}", "give two different states")
    df = lw.asymmetry(db, a, b, years=(start, end))
    if step > 1:
        df = df[(df["year"] - start) % step == 0]
    a_, b_ = df["a"].iloc[0], df["b"].iloc[0]
    if as_json or as_csv:
        output_frame(df, as_json, as_csv)
        return
    short = {"cinc_share_a": "CINC A", "milex_share_a": "milex A", "obligation_asymmetry": "oblig.",
             "troops_vs_own_forces": "troops", "share_of_patron_abroad": "abroad", "arms_import_share_b": "arms B",
             "tie_share_b": "ties B", "dependence_b_on_a": "B on A", "dependence_a_on_b": "A on B",
             "asymmetry_index": "asym.", "complete": "all", "missing_components": "missing"}
    print_frame(df[["year", *short]].rename(columns=short), title=f"{a_}–{b_}: dependence both ways (0–1)")
    print_note(f"A = {a_}, B = {b_}. CINC A / milex A: A's share of the pair's capabilities / military "
                  f"spending; oblig.: obligation asymmetry; troops: A's troops in B vs B's own forces; abroad: B's "
                  f"share of A's troops abroad; arms B / ties B: share of B's arms imports / alliance ties that come "
                  f"from A; B on A, A on B: dependence each way; asym.: B on A minus A on B; all: every component "
               f"present. All columns: --json or --csv.")


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

    check_years(start, end)
    kw = dict(years=(start, end), layers=layers.split(",") if layers else None)
    if hub or spokes:
        kw.update(hub=hub or "USA", spokes=spokes.split(",") if spokes else None)
    else:
        kw["preset"] = preset
    df = lw.structure(lw.open(store), **kw)
    if step > 1:
        df = df[(df["year"] - start) % step == 0]
    records = [[tie_record(t) for t in (ts if isinstance(ts, (list, tuple)) else [])] for ts in df["spoke_ties"]]
    if as_json:  # each tie an object: {a, b, weight, layers: {layer: weight}, carried_forward}
        emit_json({"hub": df.attrs["hub"], "spokes": df.attrs["spokes"], "layers": df.attrs.get("layers"),
                   "rows": [r | {"spoke_ties": t} for r, t in
                            zip(json.loads(df.drop(columns=["spoke_ties"]).to_json(orient="records")), records)]})
        return
    if as_csv:
        output_frame(df.assign(spoke_ties=[" | ".join(x for x in ts) if isinstance(ts, (list, tuple)) else ""
                                           for ts in df["spoke_ties"]]), as_csv=True)
        return
    short = {"spoke_density": "spoke density", "lattice_index": "lattice index", "hub_share": "hub share",
             "hub_removal_fragmentation": "frag. w/o hub", "centralization": "central.", "closed_triads": "triads",
             "n_spoke_ties": "spoke ties", "carried_forward": "carried fwd*", "coverage_break": "coverage break†"}
    print_frame(df.drop(columns=["spoke_ties"]).rename(columns=short),
                title=f"hub {df.attrs['hub']}; spokes {', '.join(df.attrs['spokes'])}: hub-and-spokes (lattice index 0) "
                      "or lattice")
    print_note("* carried fwd: at least one tie is counted past the last year its source covers (DCAD and MME end "
               "in 2010, ATOP in 2018), on the assumption that it is still in force. † coverage break: the sources "
               "covering this year differ from the year before. — lattice index: undefined while the hub has fewer "
               "than two spokes.")
    if ties:
        _print_tie_changes(df["year"].tolist(), records)


_TIE = re.compile(r"^(?P<a>\S+)–(?P<b>\S+) (?P<w>-?[\d.]+) \((?P<layers>.*?)(?P<cf>, carried forward)?\)$")


def tie_record(text: str) -> dict:
    """One spoke–spoke tie as an object, from the measure's label 'JPN–AUS 1.30 (atop_defense 1.00; dca 0.30)'."""
    m = _TIE.match(str(text))
    if not m:
        return {"label": str(text)}
    layers = {}
    for part in m["layers"].split("; "):
        name, _, w = part.rpartition(" ")
        try:
            layers[name] = float(w)
        except ValueError:
            layers[part] = None
    return {"a": m["a"], "b": m["b"], "weight": float(m["w"]), "layers": layers, "carried_forward": bool(m["cf"])}


def _print_tie_changes(years: list[int], records: list[list[dict]]) -> None:
    """The spoke–spoke ties in the first year and in each year the set of tied pairs changes."""
    import pandas as pd

    rows, prev = [], None
    for y, ts in zip(years, records):
        pairs = {(t.get("a"), t.get("b")) for t in ts}
        if pairs == prev:
            continue
        prev = pairs
        for t in ts or [{}]:
            top = sorted((t.get("layers") or {}).items(), key=lambda kv: -(kv[1] or 0))[:2]
            rows.append({"year": y, "tie": f"{t['a']}–{t['b']}" if t.get("a") else "none",
                         "weight": t.get("weight"), "strongest layers": ", ".join(f"{k} {v:.2f}" for k, v in top),
                         "carried fwd*": t.get("carried_forward")})
    print_frame(pd.DataFrame(rows), title="spoke–spoke ties: the first year and each year the set of tied pairs "
                                          "changes", floatfmt="{:.2f}", max_rows=400, max_cell=48)
    print_note("Years not shown have the same tied pairs as the year above (weights may differ); every year, "
               "with every layer: --json.")


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
