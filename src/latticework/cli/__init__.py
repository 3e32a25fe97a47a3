"""The ``latticework`` command: thin commands over the Python API.

Each command group lives in its own module in this package and registers itself on ``app``
when imported below. Errors: a :class:`~latticework.errors.LatticeworkError` becomes one line on
stderr, ``error: <message> (fix: <fix>)``, and its exit code (2 for usage, 1 otherwise); with
``--json`` the same error is printed as the JSON error shape on stdout.
"""
from __future__ import annotations

import sys

from latticework.cli._app import app, console, err_console  # noqa: F401

# Command modules: each registers its commands on `app` at import. Keep sorted.
from latticework.cli import data as _data  # noqa: F401,E402

for _optional in ("ledger", "measures", "strategy", "text", "events", "present", "scenario"):
    # Modules arrive as their capabilities are built; a missing one is simply not offered.
    try:
        __import__(f"latticework.cli.{_optional}")
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a capability is absent
        if exc.name != f"latticework.cli.{_optional}":
            raise


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    from latticework.cli._app import run

    sys.exit(run(argv))
