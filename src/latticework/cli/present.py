"""Presenter commands: serve (the web app) and report (the HTML report)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from latticework.cli._app import app, console


@app.command("serve")
def serve_cmd(host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
              port: int = typer.Option(8000, "--port", min=1, max=65535),
              store: Optional[Path] = typer.Option(None, "--store"),
              workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes.")):
    """Serve the read-only web app (state, dyad, structure, strategy, ledger, claims, scenarios)."""
    import os
    import socket

    import uvicorn

    from latticework.errors import UsageError
    from latticework.present.web import create_app

    web = create_app(store)  # opens the store: a missing store is one error line here
    try:  # the address must be free before it is announced
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except socket.gaierror as exc:
        raise UsageError(f"--host {host!r}: not an address this machine has ({exc.strerror})",
                         "use 127.0.0.1, 0.0.0.0 or a local address") from None
    except OSError as exc:
        raise UsageError(f"--port {port}: cannot listen on {host}:{port} ({exc.strerror})",
                         "choose another --port, or stop the program using it") from None
    console.print(f"latticework at http://{host}:{port}/  (API docs: /docs)")
    if workers > 1:  # worker processes each build the app from an import string
        if store:
            os.environ["LATTICEWORK_STORE"] = str(Path(store).expanduser().resolve())
        uvicorn.run("latticework.present.web:create_app", factory=True, host=host, port=port,
                    log_level="warning", workers=workers)
    else:
        uvicorn.run(web, host=host, port=port, log_level="warning")


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
