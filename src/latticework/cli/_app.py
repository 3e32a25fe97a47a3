"""The Typer application object, shared output helpers and the error boundary."""
from __future__ import annotations

import json
import sys
from typing import Any

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from latticework.errors import LatticeworkError

app = typer.Typer(
    name="latticework",
    help="latticework: an observatory of alliance politics (dependence, structure, strategy).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

_JSON_FLAG = {"json": False}


def run(argv: list[str] | None = None) -> int:
    """Run the app; turn project errors into one line and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    _JSON_FLAG["json"] = "--json" in args
    try:
        rv = app(args=args, prog_name="latticework", standalone_mode=False)
        if isinstance(rv, int) and rv:
            return rv
    except LatticeworkError as exc:
        if _JSON_FLAG["json"]:
            print(json.dumps(exc.to_dict()))
        err_console.print(f"[bold red]error:[/] {exc.one_line()}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 130
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            return exc.exit_code
        raise
    return 0


def emit_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout (DataFrames as a list of records, NaN as null)."""
    if isinstance(obj, pd.DataFrame):
        obj = json.loads(obj.to_json(orient="records", date_format="iso"))
    print(json.dumps(_clean(obj), indent=2, default=str))


def _clean(obj: Any) -> Any:
    import math

    if isinstance(obj, float) and (math.isnan(obj) or math.isinf(obj)):
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def print_frame(df: pd.DataFrame, title: str | None = None, max_rows: int = 200,
                floatfmt: str = "{:,.3f}") -> None:
    """Print a DataFrame as a rich table (missing values shown as '—')."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in df.columns:
        table.add_column(str(col), overflow="fold")
    for _, row in df.head(max_rows).iterrows():
        cells = []
        for v in row:
            if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
                cells.append("—")
            elif isinstance(v, float):
                cells.append(floatfmt.format(v))
            else:
                cells.append(str(v))
        table.add_row(*cells)
    console.print(table)
    if len(df) > max_rows:
        console.print(f"… {len(df) - max_rows} more rows (use --json or --csv for all)")


def output_frame(df: pd.DataFrame, as_json: bool = False, as_csv: bool = False,
                 title: str | None = None) -> None:
    """Write a result frame as a terminal table, JSON records or CSV."""
    if as_json:
        emit_json(df)
    elif as_csv:
        sys.stdout.write(df.to_csv(index=False))
    else:
        print_frame(df, title=title)
