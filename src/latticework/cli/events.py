"""Event-data commands: ingest GDELT/ICEWS/POLECAT files, dyad series, synthetic benchmark files."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn,
                           TransferSpeedColumn)

from latticework.cli._app import app, console, emit_json, err_console, output_frame, print_note

events_app = typer.Typer(help="Event data (GDELT, ICEWS, POLECAT): ingest, dyad series, synthetic files.",
                         no_args_is_help=True)
app.add_typer(events_app, name="events")

def _day(value: Optional[str], option: str) -> Optional[str]:
    """A YYYY-MM-DD day given on the command line, or a UsageError naming the option."""
    import datetime as dt

    from latticework.errors import UsageError

    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a real day", "write it as YYYY-MM-DD, e.g. 2024-01-31") from None


def _span(start: Optional[str], end: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    from latticework.errors import UsageError

    start, end = _day(start, "--from"), _day(end, "--to")
    if start and end and start > end:
        raise UsageError(f"--from {start} is after --to {end}", "give --from <= --to")
    return start, end


CacheOpt = typer.Option(None, "--cache", help="Cache folder; events go to <cache>/events "
                                               "(default: LATTICEWORK_CACHE or the user cache dir).")


@events_app.command("ingest")
def ingest_cmd(
    paths: list[Path] = typer.Argument(..., help="Event files (plain, .gz, .zip) or folders."),
    cache: Optional[Path] = CacheOpt,
    fmt: str = typer.Option("auto", "--format", help="auto, gdelt, icews or polecat."),
    memory_limit: str = typer.Option("1GB", "--memory-limit", help="DuckDB memory limit (spills beyond)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, max=64,
                                          help="Parallel file streams (default: half the cores)."),
    as_json: bool = typer.Option(False, "--json", help="Print {read, stored, rejected, duplicate}."),
):
    """Validate event files and store them as Parquet partitioned by year and month.

    Malformed lines are counted and written, with their line number and the reason, to a reject
    file under <cache>/events/_rejects/. Re-ingesting a file stores nothing twice.
    """
    from latticework.events.ingest import ingest

    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  TimeElapsedColumn(), console=err_console, transient=False) as prog:
        tasks: dict[str, int] = {}

        def on_progress(source: str, done: int, total: int | None):
            if source not in tasks:
                tasks[source] = prog.add_task(Path(source.split(":")[-1]).name[:48], total=total)
            prog.update(tasks[source], completed=done)

        summary = ingest(paths, cache, format=fmt, progress=on_progress, memory_limit=memory_limit,
                         workers=workers)
    if as_json:
        emit_json(summary.as_dict())
        return
    import pandas as pd

    rows = [{"file": Path(f.source.split(":")[0]).name + (":" + f.source.split(":", 1)[1] if ":" in f.source else ""),
             "format": f.format, "read": f.read, "stored": f.stored, "rejected": f.rejected,
             "duplicate": f.duplicate, "reader": f.reader} for f in summary.files]
    if len(rows) > 1 or not rows:
        output_frame(pd.DataFrame(rows), title="per file")
    console.print(f"read {summary.read:,}  stored {summary.stored:,}  rejected {summary.rejected:,}  "
                  f"duplicate {summary.duplicate:,}  ({summary.seconds:,.1f} s) -> {summary.events_dir}",
                  highlight=False)
    for f in summary.files:
        if f.reject_file:
            err_console.print(f"rejected lines of {f.source}: {f.reject_file}", highlight=False)


@events_app.command("series")
def series_cmd(
    dyad: Optional[list[str]] = typer.Option(None, "--dyad", help="A-B (ISO3), repeatable; none: every dyad."),
    freq: str = typer.Option("month", "--freq", help="day, week, month, quarter or year."),
    directed: bool = typer.Option(False, "--directed", help="Count A->B events only."),
    min_sources: int = typer.Option(1, "--min-sources", min=0, help="Minimum NumSources per event."),
    start: Optional[str] = typer.Option(None, "--from", help="First event day (YYYY-MM-DD)."),
    end: Optional[str] = typer.Option(None, "--to", help="Last event day (YYYY-MM-DD)."),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (embedded) or spark."),
    master: Optional[str] = typer.Option(None, "--master", help="Spark master URL, e.g. local[2] or spark://host:7077."),
    cache: Optional[Path] = CacheOpt,
    path: Optional[Path] = typer.Option(None, "--path", help="A Parquet events folder instead of <cache>/events."),
    as_json: bool = typer.Option(False, "--json"),
    as_csv: bool = typer.Option(False, "--csv"),
):
    """Dyad-period series: events by quad class, mean Goldstein score, event-type counts."""
    from latticework.events.ingest import events_dir
    from latticework.events.series import interactions

    start, end = _span(start, end)

    df = interactions(None, dyads=dyad or None, freq=freq, min_sources=min_sources, engine=engine,
                      directed=directed, path=path or events_dir(cache), start=start, end=end,
                      master=master)
    if dyad and (not len(df) or int(df["events"].sum()) == 0):  # say why, instead of rows of zeros
        _explain_empty(df, dyad, freq, directed, min_sources, engine, master, path or events_dir(cache), start, end,
                       as_json)
        return
    title = (f"{', '.join(dyad) if dyad else 'all dyads'} per {freq} ({'directed' if directed else 'undirected'}, "
             f"{engine}{', SYNTHETIC data' if df.attrs.get('synthetic') else ''})")
    if not (as_json or as_csv):  # a terminal-width view; --json/--csv give every column
        short = {"verbal_cooperation": "v.coop", "material_cooperation": "m.coop",
                 "verbal_conflict": "v.confl", "material_conflict": "m.confl", "goldstein_mean": "goldstein"}
        types = [c for c in df.columns if c.startswith("n_")]
        df = df.assign(period=df["period"].dt.strftime("%Y-%m-%d" if freq in ("day", "week") else
                                                        "%Y-%m" if freq in ("month", "quarter") else "%Y"))
        df["types"] = df[types].apply(lambda r: " ".join(f"{c[2:]}:{v}" for c, v in r.items() if v), axis=1)
        df = df.drop(columns=types).rename(columns=short)
        print_note("columns: v./m. = verbal/material, coop/confl = cooperation/conflict (quad classes); "
                   "goldstein = mean Goldstein score (-10..10); types = event-type counts")
    output_frame(df, as_json, as_csv, title=title)


def _explain_empty(df, dyad, freq, directed, min_sources, engine, master, path, start, end, as_json) -> None:
    """No events for the dyads asked: name them, the filters, and the dyads the store does hold."""
    from latticework.events.series import interactions

    every = interactions(None, dyads=None, freq="year", min_sources=min_sources, engine=engine, directed=directed,
                         path=path, start=start, end=end, master=master)
    top = (every.groupby(["a", "b"], as_index=False)["events"].sum().sort_values("events", ascending=False)
           if len(every) else every)
    top = top[top["events"] > 0] if len(top) else top
    filters = ", ".join(x for x in (f"from {start}" if start else "", f"to {end}" if end else "",
                                    f"at least {min_sources} sources" if min_sources > 1 else "",
                                    "A->B only" if directed else "") if x)
    asked = ", ".join(d.replace("-", "–") for d in dyad)
    held = [f"{r.a}–{r.b} ({int(r.events):,})" for r in top.head(12).itertuples()]
    reason = (f"no events for {asked} in the ingested event data" + (f" ({filters})" if filters else ""))
    if as_json:
        emit_json({"rows": [], "reason": reason, "dyads_requested": list(dyad), "freq": freq,
                   "ingested_dyads": [{"a": r.a, "b": r.b, "events": int(r.events)} for r in top.head(50).itertuples()],
                   "ingested_dyad_count": int(len(top))})
        return
    print_note(f"{reason}; ingested dyads with most events: " + (", ".join(held) if held else "none")
               + (f" (and {len(top) - len(held):,} more)" if len(top) > len(held) else "")
               + ". Add event files with `latticework events ingest FILES`.")


@events_app.command("synth")
def synth_cmd(
    rows: int = typer.Option(..., "--rows", min=1, max=10_000_000_000, help="Number of event rows."),
    out: Path = typer.Option(..., "-o", "--out", help="Folder to write (empty, or earlier synthetic output)."),
    seed: int = typer.Option(0, "--seed"),
    files: int = typer.Option(4, "--files", min=1, max=10_000, help="Number of files."),
    compress: str = typer.Option("gz", "--compress", help="gz or none."),
    start: str = typer.Option("2015-02-19", "--from", help="First DATEADDED day."),
    end: str = typer.Option("2024-12-31", "--to", help="Last DATEADDED day."),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Processes writing files in parallel (same bytes either way)."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Write synthetic GDELT 2.0-format event files (named synthetic-*) for benchmarks."""
    from latticework.errors import UsageError
    from latticework.events.synth import write_synthetic

    start, end = _span(start, end)
    if compress not in ("gz", "none"):
        raise UsageError(f"--compress {compress!r}", "use gz or none")

    with Progress(TextColumn("synthetic rows"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,}"),
                  TimeElapsedColumn(), console=err_console) as prog:
        task = prog.add_task("rows", total=rows)
        written = write_synthetic(out, rows, seed=seed, files=files, start=start, end=end,
                                  compress=compress, progress=lambda n: prog.advance(task, n),
                                  workers=workers)
    if as_json:
        emit_json({"rows": rows, "files": [str(p) for p in written], "synthetic": True})
    else:
        console.print(f"{rows:,} synthetic GDELT 2.0 rows in {len(written)} files under {out}", highlight=False)
