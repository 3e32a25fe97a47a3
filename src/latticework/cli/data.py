"""Commands for the data: pull, status, build, cite, profile, demo."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from latticework.cli._app import app, check_years, console, emit_json, err_console, print_frame

data_app = typer.Typer(help="Acquire and inspect the registered datasets.", no_args_is_help=True)
app.add_typer(data_app, name="data")

CacheOpt = typer.Option(None, "--cache", help="Cache folder (default: LATTICEWORK_CACHE or the user cache dir).")
StoreOpt = typer.Option(None, "--store", help="Store file (default: LATTICEWORK_STORE or <cache>/latticework.duckdb).")


@data_app.command("pull")
def pull_cmd(
    from_: Optional[Path] = typer.Option(None, "--from", exists=True, file_okay=False, help="Mirror folder laid out like shared/data/raw (default: LATTICEWORK_MIRROR; else the official addresses)."),
    cache: Optional[Path] = CacheOpt,
    source: Optional[list[str]] = typer.Option(None, "--source", help="Only these sources (repeatable)."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Acquire every registered source into the cache, verifying checksums."""
    from latticework.config import mirror_dir
    from latticework.sources.acquire import pull
    from latticework.sources.registry import load_registry

    mirror = mirror_dir(from_)
    reg = load_registry()
    total = sum(len(reg[n].files) for n in (source or reg.names()))
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  console=err_console, disable=as_json) as prog:
        task = prog.add_task("pulling from " + (str(mirror) if mirror else "official addresses"), total=total)
        results = pull(reg, source, mirror, cache, progress=lambda st: prog.advance(task))
    failed = [r for r in results if r.action == "failed"]
    if as_json:
        emit_json([r.__dict__ for r in results])
    else:
        n_f = sum(r.action == "fetched" for r in results)
        n_k = sum(r.action == "kept" for r in results)
        console.print(f"{len(results)} files: {n_f} fetched, {n_k} already verified, {len(failed)} failed")
        for r in failed:
            err_console.print(f"[red]failed[/] {r.path}: {r.error}", highlight=False)
    if failed:
        raise typer.Exit(1)


@data_app.command("status")
def status_cmd(cache: Optional[Path] = CacheOpt, as_json: bool = typer.Option(False, "--json")):
    """Show each source with version, coverage and whether it is present and verified."""
    import pandas as pd

    from latticework.sources.acquire import source_status
    from latticework.sources.registry import load_registry

    rows = [source_status(s, cache) for s in load_registry()]
    ident = _identity_counts(cache)
    for r in rows:  # rows remapped to the COW member of the year / kept though not members (issues)
        r["remapped"] = ident.get(r["name"], {}).get("remapped")
        r["not_member"] = ident.get(r["name"], {}).get("not_member")
    cols = ("name", "version", "coverage", "present", "verified", "remapped", "not_member")
    if as_json:
        emit_json([{k: r[k] for k in cols + ("data_home", "files")} for r in rows])
    else:
        df = pd.DataFrame([{k: r[k] for k in cols} for r in rows])
        df[["remapped", "not_member"]] = df[["remapped", "not_member"]].astype("Int64")
        print_frame(df, title="registered sources (remapped / not_member: rows of the built store whose "
                              "code was mapped to the COW member of that year / kept and listed as issues)")
    if not all(r["verified"] for r in rows):
        raise typer.Exit(1)


def _identity_counts(cache) -> dict[str, dict[str, int]]:
    """Per registry source, rows remapped and rows kept as non-members in the built store."""
    from latticework.config import store_path
    from latticework.store import open_store
    from latticework.views.identity import identity_summary

    path = store_path(None, cache)
    if not path.exists():
        return {}
    out: dict[str, dict[str, int]] = {}
    for r in identity_summary(open_store(path)).itertuples():
        for name in str(r.source).split(", "):  # a table fed by several sources counts for each
            d = out.setdefault(name, {"remapped": 0, "not_member": 0})
            d["remapped"] += int(r.remapped)
            d["not_member"] += int(r.not_member)
    return out


@app.command("build")
def build_cmd(store: Optional[Path] = StoreOpt, cache: Optional[Path] = CacheOpt,
              as_json: bool = typer.Option(False, "--json")):
    """Build the DuckDB store from the cache, atomically; print rows per table."""
    import pandas as pd

    from latticework.build import build_store
    from latticework.config import store_path

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err_console, disable=as_json) as prog:
        task = prog.add_task("building", total=None)
        counts = build_store(store, cache, progress=lambda msg: prog.update(task, description=msg))
    path = store_path(store, cache)
    if as_json:
        emit_json({"store": str(path), "tables": counts})
    else:
        print_frame(pd.DataFrame({"table": list(counts), "rows": list(counts.values())}), title=f"store {path}",
                    floatfmt="{:,.0f}")


@app.command("cite")
def cite_cmd(bibtex: bool = typer.Option(False, "--bibtex", help="BibTeX instead of one line per source."),
             source: Optional[list[str]] = typer.Option(None, "--source", help="Only these sources.")):
    """Print the citations of the sources (all registered ones, or --source NAME ...)."""
    import latticework as lw

    print(lw.cite(list(source) if source else None, bibtex=bibtex))


@app.command("profile")
def profile_cmd(state: str = typer.Argument(..., help="Any state name or code."),
                start: int = typer.Option(1990, "--from"), end: Optional[int] = typer.Option(None, "--to"),
                store: Optional[Path] = StoreOpt, as_json: bool = typer.Option(False, "--json")):
    """A state's profile: defence spending per year, alliances in force, US troops hosted."""
    from latticework.present.profile import state_profile

    import latticework as lw

    check_years(start, end)
    db = lw.open(store)
    resolved = db.state(state, end)  # an ambiguous name means the state that exists in the years asked for
    prof = state_profile(db, resolved, start, end)
    if resolved.alternatives:
        prof["alternatives"] = list(resolved.alternatives)
        if not as_json:
            err_console.print(f"'{escape(state)}' read as {escape(str(resolved))}; it can also mean: "
                              + "; ".join(escape(a) for a in resolved.alternatives))
    if as_json:
        emit_json({k: (v if not hasattr(v, "to_dict") else json.loads(v.to_json(orient="records"))) for k, v in prof.items()})
        return

    print_profile(prof, console)


@app.command("demo")
def demo_cmd(out: Path = typer.Option(Path("out"), "-o", "--out", help="Output folder."),
             store: Optional[Path] = StoreOpt):
    """The Japan demo: profile in the terminal and, where available, the Japan report."""
    import latticework as lw
    from latticework.present.profile import state_profile

    db = lw.open(store)
    print_profile(state_profile(db, "JPN", 1990, None), console)
    try:
        from latticework.present.report import write_report
    except ImportError:
        return
    path = write_report(db, "JPN", out)
    console.print(f"\n[bold]Japan report:[/] {Path(path).resolve()}")


def print_profile(prof: dict, console: Console) -> None:
    """Print a profile (from :func:`latticework.present.profile.state_profile`) as three terminal tables."""
    st = prof["state"]
    console.rule(f"[bold]{st['name']} ({st['iso3']}, COW {st['ccode']})")
    sp = prof["spending"].copy()
    sp["milex_constant_usd_bn"] = sp["milex_constant_usd"] / 1e9
    sp["milex_gdp_pct"] = sp["milex_gdp_share"] * 100
    print_frame(sp[["year", "milex_constant_usd_bn", "milex_gdp_pct", "milex_rank", "sipri_coverage"]],
                title=f"Military spending (SIPRI {prof['versions']['sipri_milex']}: US$ bn at constant 2023 prices, % of GDP, world rank by current US$)",
                floatfmt="{:,.2f}")
    print_frame(prof["alliances_in_force"], title=f"ATOP {prof['versions']['atop_ddy']} alliances in force at the end of {prof['alliances_as_of']} (its last year)",
                floatfmt="{:,.0f}")
    print_frame(prof["us_troops"], title="US active-duty troops hosted (troopdata; last labelled report of each year)",
                floatfmt="{:,.0f}")
