"""The Typer application object, shared output helpers and the error boundary."""
from __future__ import annotations

import json
import sys
from typing import Any

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

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


def _click_exceptions() -> tuple[type, ...]:
    """Click's exception classes: typer >= 0.16 ships its own copy of click beside the real one."""
    classes = []
    try:
        from typer._click import exceptions as vendored

        classes.append(vendored.ClickException)
    except ImportError:  # an older typer: it uses click itself
        pass
    try:
        import click

        classes.append(click.exceptions.ClickException)
    except ImportError:
        pass
    return tuple(classes)


def _usage_line(exc: Exception) -> str:
    """One line for a click error: its message, with what it was about and the command's usage."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        cmds = getattr(ctx.command, "commands", None) or {}
        what = f"`{ctx.command_path}` needs a command" if cmds else f"`{ctx.command_path}` needs arguments"
        fix = (f"choose one of: {', '.join(sorted(cmds))}; see `{ctx.command_path} --help`" if cmds
               else f"see `{ctx.command_path} --help`")
        return f"{what} (fix: {fix})"
    try:
        msg = exc.format_message()
    except Exception:  # pragma: no cover - a click error that cannot format itself
        msg = str(exc)
    path = ctx.command_path if ctx is not None else "latticework"
    return f"{' '.join(str(msg).split())} (fix: see `{path} --help`)"


def print_error(line: str) -> None:
    """Print ``error: <line>`` on stderr, as text (never read as rich markup)."""
    err_console.print(Text.assemble(("error:", "bold red"), " ", " ".join(str(line).split())),
                      highlight=False, soft_wrap=True)


_COMMAND: list = []


def _command():
    """The click command built from ``app`` once (building it takes longer than parsing a line)."""
    if not _COMMAND:
        _COMMAND.append(typer.main.get_command(app))
    return _COMMAND[0]


def run(argv: list[str] | None = None) -> int:
    """Run the app; turn project and usage errors into one line and an exit code (2 for usage)."""
    args = list(sys.argv[1:] if argv is None else argv)
    _JSON_FLAG["json"] = "--json" in args
    click_errors = _click_exceptions()
    try:
        rv = _command()(args=args, prog_name="latticework", standalone_mode=False)
        if isinstance(rv, int) and rv:
            return rv
    except LatticeworkError as exc:
        if _JSON_FLAG["json"]:
            print(json.dumps(exc.to_dict()))
        print_error(exc.one_line())
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 130
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except click_errors as exc:  # usage errors: unknown command or option, missing or bad value
        line = _usage_line(exc)
        code = getattr(exc, "exit_code", 2)
        if _JSON_FLAG["json"]:
            print(json.dumps({"ok": False, "error": line, "fix": None, "type": "UsageError",
                              "status": 422 if code == 2 else 400}))
        print_error(line)
        return code
    except Exception as exc:
        for cls in click_errors:  # click's own Exit/Abort (``ctx.exit``) from either copy
            mod = sys.modules.get(cls.__module__)
            if mod is not None and isinstance(exc, getattr(mod, "Exit", ())):
                return getattr(exc, "exit_code", 0)
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
