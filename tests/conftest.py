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


CORPUS = REPO.parent / "shared" / "corpus"


def skip_or_fail(msg: str, require: str = "LATTICEWORK_REQUIRE_DATA") -> None:
    """Skip with ``msg`` — or fail, when the environment variable ``require`` is set (CI sets
    LATTICEWORK_REQUIRE_DATA, LATTICEWORK_REQUIRE_BROWSER and LATTICEWORK_REQUIRE_SPARK)."""
    if os.environ.get(require, "") not in ("", "0", "false", "no"):
        pytest.fail(f"{msg} ({require}=1 forbids skipping this test)")
    pytest.skip(msg)


@pytest.fixture(scope="session")
def require():
    """:func:`skip_or_fail`, for fixtures and tests in the sub-folders (their conftests cannot import this one)."""
    return skip_or_fail


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The staged datasets folder (shared/data/raw), or skip/fail with the reason."""
    m = _mirror_path()
    if m is None:
        skip_or_fail("no data mirror: set LATTICEWORK_MIRROR or place shared/data/raw beside the repo")
    return m


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The evaluation corpus (../shared/corpus), or skip/fail with the reason."""
    if not (CORPUS / "INDEX.tsv").is_file():
        skip_or_fail(f"no corpus at {CORPUS}: place shared/ beside the repository")
    return CORPUS


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
    from latticework.views.database import Database

    db = Database(real_store_path, real_cache)
    yield db
    db.close()


@pytest.fixture(scope="session")
def mini_db(tmp_path_factory):
    """The small hand-built store of ``tests/ministore.py`` (no mirror needed)."""
    import sys

    from latticework.views.database import Database

    sys.path.insert(0, str(Path(__file__).parent))
    import ministore

    path = ministore.build(tmp_path_factory.mktemp("mini") / "mini.duckdb")
    db = Database(path, path.parent)
    yield db
    db.close()
