"""Text commands: ``extract`` (events with evidence) and ``claims check`` (claims checked against the store)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import pandas as pd
import typer

from latticework.cli._app import app, console, emit_json, err_console, print_frame

claims_app = typer.Typer(help="Checkable claims in a text, checked against the data.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")
StoreOpt = typer.Option(None, "--store", help="Store file (default: LATTICEWORK_STORE or <cache>/latticework.duckdb).")
CacheOpt = typer.Option(None, "--cache", help="Source cache (default: LATTICEWORK_CACHE or the user cache folder).")


def _quantities(qs: list[dict]) -> str:
    return "; ".join(f"{'~' if q['approx'] else ''}{q['value']:,.4g} {q['unit']}" for q in qs)


@app.command("extract")
def extract_cmd(files: List[Path] = typer.Argument(..., help="Text (UTF-8) or HTML files."),
                as_json: bool = typer.Option(False, "--json", help="Print a JSON list of events."),
                chunk: int = typer.Option(1 << 20, "--chunk", min=10_000, help="Characters per sentence-aligned piece.")):
    """The security events in each text: type, actors, date, quantities, and the sentence with its offsets.

    Offsets count from the first character after the header's line of '=' signs (or the file's
    start); YAML front matter is skipped; HTML is reduced to its text, and offsets refer to that.
    """
    from latticework.errors import LatticeworkError
    from latticework.text.extract import iter_extract_file

    failed = []
    first = True
    if as_json:
        sys.stdout.write("[")
    for path in files:
        rows = []
        try:
            for ev in iter_extract_file(path, chunk_chars=chunk):
                if as_json:
                    sys.stdout.write(("\n  " if first else ",\n  ") + json.dumps(ev, ensure_ascii=False))
                    first = False
                else:
                    rows.append(ev)
        except LatticeworkError as exc:
            failed.append(exc)
            continue
        if not as_json:
            df = pd.DataFrame([{"type": e["type"], "actors": ", ".join(e["actors"]), "date": e["date"] or "—",
                                "date_kind": e["date_kind"], "quantities": _quantities(e["quantities"]),
                                "start": e["evidence"]["start"], "end": e["evidence"]["end"],
                                "sentence": " ".join(e["evidence"]["sentence"].split())[:120]} for e in rows])
            if df.empty:
                console.print(f"{path}: no events")
            else:
                print_frame(df, title=f"{path.name}: {len(df)} events", max_rows=10_000)
    if as_json:
        sys.stdout.write("\n]\n" if not first else "]\n")
    for exc in failed:
        err_console.print(f"[bold red]error:[/] {exc.one_line()}", highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(1)


@claims_app.command("check")
def check_cmd(file: Path = typer.Argument(..., help="Text (UTF-8) or HTML file."),
              store: Optional[Path] = StoreOpt, cache: Optional[Path] = CacheOpt,
              as_json: bool = typer.Option(False, "--json", help="Print a JSON list of claims.")):
    """Checkable claims (spending, % of GDP, rank, US troops, exercise counts, budgets and targets,
    vessels provided, first-time claims, agreements and their years), each with a verdict
    (supported, partly, contradicted, not_checkable), the figure it was compared with, its source
    and the tolerance."""
    import latticework as lw
    from latticework.models.claim_check import check_file
    from latticework.text.document import read_document

    read_document(file)  # bad input fails here, before the store is opened
    db = lw.open(store, cache)
    rows = check_file(db, file)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        console.print(f"{file}: no checkable claims")
        return
    basis = rows[0].get("document_date_basis")
    console.print(f"document date: {rows[0].get('document_date') or 'unknown'}" + (f" ({basis})" if basis else
                  " (relative times such as 'this year' cannot be resolved)"), highlight=False, soft_wrap=True)
    df = pd.DataFrame([{"#": i + 1, "claim": r["claim"], "verdict": r["verdict"],
                        "compared with": _compared(r.get("compared_with")), "source": r.get("source") or "—"}
                       for i, r in enumerate(rows)])
    print_frame(df, title=f"{file.name}: {len(df)} claims", max_rows=10_000)
    for i, r in enumerate(rows):
        console.print(f"{i + 1}. [{r['start']}:{r['end']}] {r.get('reason') or ''}", highlight=False, soft_wrap=True)
    counts = df["verdict"].value_counts().to_dict()
    console.print(", ".join(f"{k}: {v}" for k, v in counts.items()))


@claims_app.command("evaluate")
def evaluate_cmd(split: str = typer.Option("test", "--split", help="dev, test or all (default: the held-out test documents)."),
                 store: Optional[Path] = StoreOpt, cache: Optional[Path] = CacheOpt,
                 as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON.")):
    """Score the claim checker on the claims gold set (data/gold/claims): recall of checkable
    claims and verdict agreement on the claims it found, per document and per kind."""
    import latticework as lw
    from latticework.errors import UsageError
    from latticework.models.claims_eval import evaluate

    if split not in ("dev", "test", "all"):
        raise UsageError(f"--split {split!r}", "use dev, test or all")
    res = evaluate(lw.open(store, cache), split)
    if as_json:
        emit_json(res)
        return
    pct = lambda v: "n/a" if v is None else f"{v * 100:.1f}%"  # noqa: E731
    console.print(f"claims gold, {split} split: {res['documents']} documents, {res['gold']} gold claims, "
                  f"{res['checkable']} checkable", highlight=False)
    console.print(f"recall of checkable claims: {pct(res['recall'])} ({res['matched_checkable']} of {res['checkable']}; "
                  "target 70%)", highlight=False)
    console.print(f"verdict agreement on found claims: {pct(res['verdict_agreement'])} ({res['verdict_agree']} of "
                  f"{res['matched_checkable']}; target 80%)", highlight=False)
    for name, key in (("recall", "recall_interval"), ("agreement", "verdict_agreement_interval")):
        if res.get(key):
            console.print(f"  95% interval of the {name}, resampling documents: {pct(res[key][0])}–{pct(res[key][1])}",
                          highlight=False)
    st = res["strict"]
    console.print(f"strict rule (kinds compatible, not only spans overlapping): recall {pct(st['recall'])} "
                  f"({st['matched_checkable']} of {res['checkable']}), agreement {pct(st['verdict_agreement'])} "
                  f"({st['verdict_agree']} of {st['matched_checkable']})", highlight=False)
    ev = res["evidence"]
    if ev["named"]:
        console.print(f"agreeing verdicts resting on a record the labeller named: {pct(ev['share'])} ({ev['same']} of "
                      f"{ev['named']} where the labeller named ledger records)", highlight=False)
    console.print(f"claims the checker reported: {res['found']}, of which {res['unmatched_found']} match no gold claim",
                  highlight=False)
    print_frame(pd.DataFrame(res["per_document"]), title="per document", max_rows=1000)
    kinds = pd.DataFrame([{"kind": k, **v} for k, v in sorted(res["per_kind"].items())])
    print_frame(kinds, title="per gold kind (checkable claims found)", max_rows=1000)


def _compared(c) -> str:
    if not c:
        return "—"
    if c.get("note"):
        when = c.get("year") or c.get("record") or c.get("date")
        return f"{when}: {c.get('shown', c.get('value'))} ({c['note']})"
    if "shown" in c:
        where = " ".join(str(x) for x in (c.get("record"), c.get("year")) if x)
        return f"{c['shown']} ({where}); {c.get('tolerance', '')}"
    if "record" in c:
        return f"{c['record']}: {c.get('name') or ''} {c.get('date_kind')} {c.get('date')}".strip()
    if "layer" in c:
        return f"{c['layer']} {c['dyad']} from {c.get('tie_start_year', c.get('start_years'))}"
    return json.dumps(c, default=str)[:120]
