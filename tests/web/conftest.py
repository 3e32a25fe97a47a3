"""Web fixtures: the app over the real store, and a live server on 127.0.0.1 for the browser."""
from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

_SHOTS: list[Path] = []  # the session's screenshot folder, under pytest's temporary folder


@pytest.fixture(scope="session")
def web_app(real_store_path, real_cache, mirror):
    """The app over the real store, with the staged real GDELT samples ingested into its cache
    (so the dyad page has an event-data series to show, as a user's would after `events ingest`)."""
    from latticework.events import ingest
    from latticework.present.web import create_app

    ingest([mirror / "gdelt" / "samples"], cache=real_cache)
    return create_app(real_store_path, real_cache)


@pytest.fixture(scope="session")
def client(web_app):
    from fastapi.testclient import TestClient

    return TestClient(web_app)


@pytest.fixture(scope="session")
def live_server(web_app):
    """uvicorn serving the app on a free loopback port, in a thread, for the session."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    t.join(timeout=10)


@pytest.fixture(scope="session")
def browser(require):
    """Headless Debian Chromium driven by Playwright (the Makefile installs chromium when missing)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        require("no chromium on PATH (make test installs Debian's chromium as root)", "LATTICEWORK_REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """The folder the browser tests save their screenshots in (pytest's temporary folder; CI keeps it)."""
    path = tmp_path_factory.mktemp("screenshots")
    _SHOTS[:] = [path]
    return path


@pytest.fixture()
def page(browser, screenshots):
    """A fresh browser page that records script errors and every request to a host other than 127.0.0.1."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    errors: list[str] = []
    external: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    ctx.on("request", lambda r: external.append(r.url) if not _local(r.url) else None)
    pg.js_errors = errors
    pg.external_requests = external
    yield pg
    ctx.close()


def _local(url: str) -> bool:
    from urllib.parse import urlsplit

    u = urlsplit(url)
    return u.scheme in ("data", "blob", "about", "file") or u.hostname == "127.0.0.1"


def shoot(page, name: str) -> Path:
    """Save a full-page screenshot in the session's screenshot folder (see ``screenshots``)."""
    folder = _SHOTS[0] if _SHOTS else Path(tempfile.mkdtemp(prefix="screenshots-"))
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
