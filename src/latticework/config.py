"""Where latticework keeps things: the source cache, the mirror and the store.

Resolution order for each location: explicit argument, then environment variable, then default.

- cache: ``LATTICEWORK_CACHE`` or the user cache directory (``platformdirs``)
- mirror: ``LATTICEWORK_MIRROR`` (a folder laid out like ``shared/data/raw``), else none
- store: ``LATTICEWORK_STORE`` or ``<cache>/latticework.duckdb``
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["cache_dir", "mirror_dir", "store_path", "require_data"]


def cache_dir(cache: str | os.PathLike | None = None) -> Path:
    """The folder that holds acquired source files (``<cache>/sources/<name>/...``).

    Parameters
    ----------
    cache : str or path-like, optional
        An explicit folder (``~`` expanded, made absolute); else ``LATTICEWORK_CACHE``; else the
        user cache directory for ``latticework`` (``platformdirs``).

    Returns
    -------
    pathlib.Path
        The folder (not created here).
    """
    if cache:
        return Path(cache).expanduser().resolve()
    env = os.environ.get("LATTICEWORK_CACHE")
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_cache_dir("latticework"))


def mirror_dir(mirror: str | os.PathLike | None = None) -> Path | None:
    """The local mirror folder to acquire from instead of the official addresses, if any.

    Parameters
    ----------
    mirror : str or path-like, optional
        An explicit folder laid out like ``shared/data/raw``; else ``LATTICEWORK_MIRROR``.

    Returns
    -------
    pathlib.Path or None
        The folder (``~`` expanded, made absolute; not checked to exist), or None when neither is set.
    """
    value = mirror or os.environ.get("LATTICEWORK_MIRROR")
    return Path(value).expanduser().resolve() if value else None


def store_path(store: str | os.PathLike | None = None, cache: str | os.PathLike | None = None) -> Path:
    """The DuckDB store file.

    Parameters
    ----------
    store : str or path-like, optional
        An explicit file (``~`` expanded, made absolute); else ``LATTICEWORK_STORE``.
    cache : str or path-like, optional
        Used only when neither is set: the store is then ``<cache>/latticework.duckdb`` with the
        cache resolved by :func:`cache_dir`.

    Returns
    -------
    pathlib.Path
        The file path (the file may not exist yet).
    """
    if store:
        return Path(store).expanduser().resolve()
    env = os.environ.get("LATTICEWORK_STORE")
    if env:
        return Path(env).expanduser().resolve()
    return cache_dir(cache) / "latticework.duckdb"


def require_data() -> bool:
    """True when real-data tests must not skip (CI sets ``LATTICEWORK_REQUIRE_DATA=1``)."""
    return os.environ.get("LATTICEWORK_REQUIRE_DATA", "") not in ("", "0", "false", "no")
