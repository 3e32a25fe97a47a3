"""Presenter commands: serve (the web app) and report (the HTML report)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from latticework.cli._app import app, console


@app.command("serve")
def serve_cmd(host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
              port: int = typer.Option(8000, "--port"),
              store: Optional[Path] = typer.Option(None, "--store"),
              workers: int = typer.Option(1, "--workers", help="Worker processes.")):
    """Serve the read-only web app (state, dyad, structure, strategy, ledger, claims, scenarios)."""
    import uvicorn

    from latticework.present.web import create_app

    web = create_app(store)
    console.print(f"latticework at http://{host}:{port}/  (API docs: /docs)")
    uvicorn.run(web, host=host, port=port, log_level="warning", workers=1 if workers < 2 else workers)


@app.command("report")
def report_cmd(state: str = typer.Argument(..., help="Any state name or code."),
               out: Path = typer.Option(Path("out"), "-o", "--out", help="Output folder."),
               patron: str = typer.Option("USA", "--patron"),
               store: Optional[Path] = typer.Option(None, "--store")):
    """Write a self-contained HTML report answering Q1–Q4 for a state, with PNG/SVG figures."""
    import latticework as lw
    from latticework.present.report import write_report

    path = write_report(lw.open(store), state, out, patron)
    console.print(f"report: {path.resolve()}")
