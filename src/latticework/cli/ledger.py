"""Ledger commands: check, list, coverage."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pandas as pd
import typer

from latticework.cli._app import app, console, emit_json, err_console, output_frame, print_frame
from latticework.vocabulary import ORGANISATIONS

ledger_app = typer.Typer(help="The ledger of sourced security events.", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")
DirOpt = typer.Option(None, "--dir", help="Ledger folder (default: LATTICEWORK_LEDGER or the repository's data/ledger).")
ORGS = set(ORGANISATIONS)


def _check_dir(directory) -> None:
    from latticework.errors import UsageError

    if directory is not None and not Path(directory).is_dir():
        raise UsageError(f"--dir {directory}: no such folder", "give a folder of *.yaml ledger files")


def _frame(directory) -> pd.DataFrame:
    from latticework.ledger import events_frame, load_ledger

    _check_dir(directory)
    return events_frame(load_ledger(directory))


def _actor_code(actor: str) -> str:
    """ISO3 or organisation code for any name :func:`latticework.states.names_to_iso3` resolves."""
    from latticework.errors import UnknownState
    from latticework.states import names_to_iso3

    if actor.upper() in ORGS:
        return actor.upper()
    key = actor.upper() if len(actor) == 3 else actor
    code = names_to_iso3([key])[key]
    if code is None:
        raise UnknownState(actor, [])
    return code


@ledger_app.command("check")
def check_cmd(directory: Optional[Path] = DirOpt):
    """Validate every ledger file; print each problem with file, line and field."""
    from latticework.ledger import load_ledger

    from rich.markup import escape

    _check_dir(directory)
    led = load_ledger(directory, strict=False)
    for p in led.warnings:  # records awaiting a better source (ledger/awaiting_sources.txt)
        err_console.print(escape(str(p)), highlight=False, soft_wrap=True, style="yellow")
    if led.problems:
        for p in led.problems:
            err_console.print(escape(str(p)), highlight=False, soft_wrap=True)
        err_console.print(f"[red]{len(led.problems)} problem(s)[/] in {len(led.files)} files")
        raise typer.Exit(1)
    warned = f" ({len(led.warnings)} warning(s))" if led.warnings else ""
    console.print(f"{len(led)} records in {len(led.files)} files: ok{warned}", highlight=False)


@ledger_app.command("list")
def list_cmd(actor: Optional[str] = typer.Option(None, "--actor"), type_: Optional[str] = typer.Option(None, "--type"),
             start: Optional[int] = typer.Option(None, "--from", min=1945, max=2100),
             end: Optional[int] = typer.Option(None, "--to", min=1945, max=2100),
             directory: Optional[Path] = DirOpt, as_json: bool = typer.Option(False, "--json"),
             as_csv: bool = typer.Option(False, "--csv")):
    """List records filtered by actor (any name), type and years."""
    from latticework.errors import UsageError
    from latticework.ledger.schema import EVENT_TYPES

    if type_ and type_.upper() not in EVENT_TYPES:
        raise UsageError(f"--type {type_!r} is not a record type", f"choose one of {', '.join(EVENT_TYPES)}")
    if start and end and start > end:
        raise UsageError(f"--from {start} is after --to {end}", "give --from <= --to")
    df = _frame(directory)
    if len(df):
        if actor:
            code = _actor_code(actor)
            df = df[df["actors"].map(lambda a: code in a)]
        if type_:
            df = df[df["type"] == type_.upper()]
        if start:
            df = df[df["year"] >= start]
        if end:
            df = df[df["year"] <= end]
    cols = ["event_id", "date", "date_kind", "type", "actors_text", "summary", "verified"]
    output_frame(df.reindex(columns=cols + ([] if not (as_json or as_csv) else ["sources", "file", "line"])),
                 as_json, as_csv, title=f"{len(df)} ledger records")


@ledger_app.command("coverage")
def coverage_cmd(directory: Optional[Path] = DirOpt, as_json: bool = typer.Option(False, "--json")):
    """Records per state and year band (1990–2009, 2010–today), by type and year; the share resting
    on primary or established sources, sources near the event, the latest date; thin years and actors.

    A year is thin when it has fewer than a third of the median yearly count over 2010–this
    year; an actor is thin when it appears in fewer than 5 records. Definitions:
    ``latticework.ledger.coverage``.
    """
    from latticework.ledger.coverage import coverage_report
    from latticework.models import reference

    # issue 20: current for every state of the strategy reference coding
    coded = [*reference.states("dev"), *reference.states("test")]
    out = coverage_report(_frame(directory), states=coded)
    if as_json:
        emit_json(out)
        return
    console.print(f"{out['total']} records, latest dated {out.get('latest_date')}")
    src = out.get("sources", {})
    console.print(f"with a primary source (government, parliament, IO): {src.get('primary_share', 0):.1%}; "
                  f"with a primary or established (wire, newspaper) source: {src.get('qualifying_share', 0):.1%}; "
                  f"with a source within 31 days of the event: {src.get('near_event_share') or 0:.1%} "
                  f"(of {src.get('near_event_known', 0)} with full dates)")
    ref = out.get("reference_figures", {})
    if ref:
        console.print(f"reference figures for the claim checker: {ref['qualifying']} of {ref['records']} with a primary "
                      f"or established source" + (f"; the checker sets aside the others: {', '.join(ref['unqualified'])}"
                                                  if ref["unqualified"] else ""))
    if src.get("not_near"):
        console.print(f"without a source within 31 days ({len(src['not_near'])}): {', '.join(src['not_near'])}")
    print_frame(pd.DataFrame(list(out["by_type"].items()), columns=["type", "records"]), title="by type", floatfmt="{:,.0f}")
    st = pd.DataFrame([{"state": k, **v} for k, v in out["by_state"].items()]).head(40)
    print_frame(st, title="by state and year band (top 40)", floatfmt="{:,.0f}")
    bal = pd.DataFrame([{"state": k, **v, "latest": out["latest_by_state"].get(k)} for k, v in out["balance"].items()])
    print_frame(bal, title="balance: records since 2010 (issue 20 asks for 30 each) and the latest record", floatfmt="{:,.0f}")
    since = {k: v.get("2010-today", 0) for k, v in out["by_state"].items()}
    refs = pd.DataFrame([{"state": k, "since_2010": since.get(k, 0), "latest": out["latest_by_state"].get(k)}
                         for k in coded if k not in out["balance"]])
    print_frame(refs, title="the other states of the strategy reference coding: records since 2010 and the latest",
                floatfmt="{:,.0f}")
    print_frame(pd.DataFrame(list(out["by_year"].items()), columns=["year", "records"]), title="by year", floatfmt="{:,.0f}")
    console.print(f"thin years: {out['thin_years'] or 'none'}; thin actors (< 5 records): "
                  f"{', '.join(out['thin_actors']) or 'none'}")
