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


def check_years(start: int | None, end: int | None) -> None:
    """Refuse a year range that runs backwards before any store is opened (a usage error, exit 2)."""
    if start is not None and end is not None and start > end:
        from latticework.errors import UsageError

        raise UsageError(f"--from {start} is after --to {end}", "give --from <= --to")


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


TABLE_WIDTH = 100  # terminal tables fit this many columns (or the terminal, if narrower)
MAX_CELL = 36  # characters of text shown in a cell; longer text is cut with "…" and a note says where to find it


def _cell(v: Any, floatfmt: str) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(_cell(x, floatfmt) for x in v) or "—"
    if isinstance(v, dict):
        return "; ".join(f"{k} {_cell(x, floatfmt)}" for k, x in v.items()) or "—"
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return floatfmt.format(v)
    return str(v)


def _wide() -> Console:
    """A console as wide as ``TABLE_WIDTH`` (or the terminal, if narrower), writing where ``console`` does."""
    width = min(TABLE_WIDTH, console.width) if console.is_terminal else TABLE_WIDTH
    return Console(width=width, force_terminal=console.is_terminal or None, no_color=console.no_color,
                   file=console.file)


def print_note(text: str) -> None:
    """A dim explanatory line (legend, footnote, why a result is empty), wrapped at ``TABLE_WIDTH``."""
    _wide().print(" ".join(str(text).split()), style="dim", highlight=False)


def print_frame(df: pd.DataFrame, title: str | None = None, max_rows: int = 200,
                floatfmt: str = "{:,.3f}", max_cell: int = MAX_CELL, more: str = "--json or --csv") -> None:
    """Print a DataFrame as a rich table that fits ``TABLE_WIDTH`` columns.

    Missing values show as '—', lists as comma-separated text, booleans as yes/no; text longer
    than ``max_cell`` characters is cut with '…' and a line below names the cut columns and
    where the whole text is (``more``). Headers break at underscores rather than mid-word.
    """
    from rich import box

    table = Table(title=title, show_lines=False, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  title_justify="left", padding=(0, 1), collapse_padding=True)
    cut: list[str] = []
    rows = []
    for _, row in df.head(max_rows).iterrows():
        cells = []
        for col, v in zip(df.columns, row):
            text = " ".join(_cell(v, floatfmt).split())
            if len(text) > max_cell:
                text = text[: max_cell - 1].rstrip() + "…"
                if col not in cut:
                    cut.append(col)
            cells.append(text)
        rows.append(cells)
    heads = [str(col).replace("_", " ") for col in df.columns]
    longest = [max([len(r[i]) for r in rows] + [max(map(len, h.split()), default=1)]) for i, h in enumerate(heads)]
    # short values (codes, numbers, types) keep their width; long text takes the wrapping
    keep = [n if n <= 20 else None for n in longest]
    while any(keep) and sum(n or 12 for n in keep) + 2 * len(heads) > _wide().width:
        keep[keep.index(max(n for n in keep if n))] = None  # the widest gives way first
    for h, n in zip(heads, keep):
        table.add_column(h, overflow="fold", min_width=n)
    for cells in rows:
        table.add_row(*cells)
    out = _wide()
    out.print(table)
    if cut:
        out.print(f"cut to {max_cell} characters: {', '.join(map(str, cut))} (whole text: {more})",
                  style="dim", highlight=False)
    if len(df) > max_rows:
        out.print(f"… {len(df) - max_rows} more rows (use --json or --csv for all)")


def output_frame(df: pd.DataFrame, as_json: bool = False, as_csv: bool = False,
                 title: str | None = None) -> None:
    """Write a result frame as a terminal table, JSON records or CSV."""
    if as_json:
        emit_json(df)
    elif as_csv:
        sys.stdout.write(df.to_csv(index=False))
    else:
        print_frame(df, title=title)
