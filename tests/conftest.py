"""Shared fixtures: the staged mirror, a real store built from it once per test session.

Real-data tests use the ``real_db`` fixture. Where no mirror is present they skip with a visible
reason — unless ``LATTICEWORK_REQUIRE_DATA=1`` (CI), where a missing mirror is a failure.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _mirror_path() -> Path | None:
    env = os.environ.get("LATTICEWORK_MIRROR")
    cands = [Path(env)] if env else []
    cands.append(REPO.parent / "shared" / "data" / "raw")
    for c in cands:
        if (c / "PROVENANCE.md").is_file():
            return c.resolve()
    return None


def _require() -> bool:
    return os.environ.get("LATTICEWORK_REQUIRE_DATA", "") not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The staged datasets folder (shared/data/raw), or skip/fail with the reason."""
    m = _mirror_path()
    if m is None:
        msg = "no data mirror: set LATTICEWORK_MIRROR or place shared/data/raw beside the repo"
        if _require():
            pytest.fail(msg + " (LATTICEWORK_REQUIRE_DATA=1 forbids skipping real-data tests)")
        pytest.skip(msg)
    return m


@pytest.fixture(scope="session")
def real_cache(tmp_path_factory, mirror) -> Path:
    """A cache filled from the mirror through the real acquisition path."""
    from latticework.sources.acquire import pull

    cache = tmp_path_factory.mktemp("cache")
    failed = [r for r in pull(mirror=mirror, cache=cache) if r.action == "failed"]
    assert not failed, failed
    return cache


@pytest.fixture(scope="session")
def real_store_path(real_cache) -> Path:
    """A store built from the real data (and the repository's ledger)."""
    from latticework.build import build_store

    path = real_cache / "latticework.duckdb"
    build_store(path, real_cache)
    return path


@pytest.fixture(scope="session")
def real_db(real_store_path, real_cache):
    """The real store, opened read-only (shared by every test in the session)."""
    from latticework.store import Store

    db = Store(real_store_path, real_cache)
    yield db
    db.close()
