"""latticework: an open, reproducible observatory of alliance politics.

>>> import latticework as lw            # doctest: +SKIP
>>> db = lw.open()                      # doctest: +SKIP
>>> db.capabilities("Japan", 1990, 2024)  # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

from latticework.errors import (  # noqa: F401
    LatticeworkError, UnknownState, SourceUnavailable, ChecksumMismatch, MalformedSource,
    StoreMissing, StoreBuildError, InvalidRecord, InvalidInput, PastCoverage, UsageError,
)
from latticework.store import Store  # noqa: F401

__all__ = ["open", "Store", "Database", "state", "cite", "build", "pull", "__version__"]


def open(path=None, cache=None):  # noqa: A001
    """Open the store read-only, with its panels as methods (a
    :class:`~latticework.views.database.Database`).

    Parameters
    ----------
    path : path-like, optional
        The DuckDB file (default: ``LATTICEWORK_STORE`` or ``<cache>/latticework.duckdb``).
    cache : path-like, optional
        The source cache the store was built from (for event data and provenance).
    """
    from latticework.views.database import open_database

    return open_database(path, cache)


def state(query, db: Store | None = None):
    """Resolve a state name or code ("Japan", "JPN", 740, "Republic of Korea") to a State."""
    if db is None:
        db = open()
    return db.state(query)


def cite(result=None, bibtex: bool = True) -> str:
    """BibTeX (or one-line citations) for the sources a result used; all sources if None.

    A result that used ledger records (``"ledger"`` among its ``attrs["sources"]``) also gets an
    entry for the project's ledger naming those records (``attrs["ledger_records"]``); each record
    cites its own publisher, title, date and address (``latticework ledger list``)."""
    from latticework.sources.registry import citation_text, citations_bibtex, load_registry

    names, records = None, []
    if result is not None:
        if isinstance(result, (list, tuple)):
            names = list(result)
        else:
            names = list(getattr(result, "attrs", {}).get("sources", []))
            records = list(getattr(result, "attrs", {}).get("ledger_records", []) or [])
    ledger = names is not None and "ledger" in names
    if names is not None:
        names = [n for n in names if n != "ledger"]
    what = (f"{len(records)} record{'' if len(records) == 1 else 's'}: {', '.join(records)}" if records else "records of the ledger") + \
        "; each record cites its own sources (latticework ledger list)"
    if bibtex:
        out = citations_bibtex(names)
        if ledger:
            out += ("@misc{latticework_ledger,\n  title = {latticework ledger of sourced security events},\n"
                    f"  note = {{{what}}},\n  howpublished = {{data/ledger in the latticework repository}}\n}}\n")
        return out
    reg = load_registry()
    lines = [citation_text(reg[n]) for n in (names if names is not None else reg.names())]
    return "\n".join(lines + ([f"latticework ledger of sourced security events: {what}"] if ledger else []))


def build(store=None, cache=None, progress=None) -> dict[str, int]:
    """Build the store from the cache (see :func:`latticework.build.build_store`)."""
    from latticework.build import build_store

    return build_store(store, cache, progress)


def pull(mirror=None, cache=None, names=None):
    """Acquire the registered sources into the cache (see :func:`latticework.sources.acquire.pull`)."""
    from latticework.sources.acquire import pull as _pull

    return _pull(names=names, mirror=mirror, cache=cache)


def __getattr__(name):
    # Capabilities that arrive with later modules are re-exported lazily so that importing
    # latticework stays fast and never fails because an optional module is absent.
    lazy = {
        "Database": ("latticework.views.database", "Database"),
        "network": ("latticework.views.networks", "network"),
        "structure": ("latticework.measures.structure", "structure"),
        "asymmetry": ("latticework.measures.asymmetry", "asymmetry"),
        "criticality": ("latticework.measures.criticality", "criticality"),
        "strategy": ("latticework.models.strategy", "strategy"),
        "interactions": ("latticework.events", "interactions"),
        "scenario": ("latticework.models.scenarios", "run_scenario"),
    }
    if name in lazy:
        import importlib

        mod, attr = lazy[name]
        return getattr(importlib.import_module(mod), attr)
    raise AttributeError(f"module 'latticework' has no attribute {name!r}")
