"""Build the DuckDB store from the cached sources and the ledger, atomically.

The store is written to a temporary file beside its final path and renamed over it only when
every table has been written and checked: a crash, an error or a kill mid-build leaves the
previous store whole (and a stale temporary file that the next build removes).
"""
from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np
import pandas as pd

from latticework.config import cache_dir as _cache_dir, store_path as _store_path
from latticework.errors import LatticeworkError, StoreBuildError
from latticework.sources.acquire import exclusive, require
from latticework.sources.context import BuildContext
from latticework.sources.datasets import readers
from latticework.sources.membership import apply_membership
from latticework.sources.registry import citation_text
from latticework.store import SCHEMA_VERSION

__all__ = ["build_store", "TIE_COLUMNS", "SCHEMA_VERSION"]

TIE_COLUMNS = ["layer", "a", "b", "directed", "start_year", "end_year", "start_date", "end_date",
               "weight", "unit", "attributes", "source", "source_ref", "coverage_end",
               "open_at_coverage_end"]


def _verify_cache(ctx: BuildContext) -> None:
    """Every registered file present and matching its checksum, or one clear error."""
    for source in ctx.registry:
        for f in source.files:
            require(source, f, ctx.cache, verify=True)


def _ledger_frames(ctx: BuildContext):
    """Ledger events and ties (empty frames while the ledger package is absent)."""
    try:
        from latticework.ledger import events_frame, load_ledger, ties_frame
    except ImportError:
        return pd.DataFrame(), pd.DataFrame(columns=TIE_COLUMNS)
    ledger = load_ledger()
    return events_frame(ledger), ties_frame(ledger, ctx.crosswalk.iso3_to_cow)


def _normalize_ties(frames: list[pd.DataFrame]) -> pd.DataFrame:
    # Column by column as objects, then typed below: concatenating frames whose columns are
    # all-NA in some sources makes pandas guess (and warns that its guess will change).
    frames = [f for f in frames if len(f)]
    ties = pd.DataFrame({c: np.concatenate([f[c].to_numpy(dtype=object) if c in f else np.full(len(f), None, dtype=object)
                                            for f in frames]) if frames else np.array([], dtype=object)
                         for c in TIE_COLUMNS})
    ties["a"] = ties["a"].astype("int32")
    ties["b"] = ties["b"].astype("int32")
    ties["directed"] = ties["directed"].astype(bool)
    ties["start_year"] = ties["start_year"].astype("int32")
    ties["end_year"] = ties["end_year"].astype("Int32")
    ties["coverage_end"] = ties["coverage_end"].astype("Int32")
    ties["open_at_coverage_end"] = ties["open_at_coverage_end"].astype("boolean").fillna(False).astype(bool)
    ties["weight"] = ties["weight"].astype(float)
    for c in ["start_date", "end_date"]:
        ties[c] = pd.to_datetime(ties[c], errors="coerce")
    for c in ["layer", "unit", "attributes", "source", "source_ref"]:
        ties[c] = ties[c].astype(object).where(ties[c].notna(), None)
    ties.insert(0, "tie_id", range(1, len(ties) + 1))
    return ties


def _sources_table(ctx: BuildContext) -> pd.DataFrame:
    rows = []
    for s in ctx.registry:
        rows.append({"name": s.name, "title": s.title, "producer": s.producer, "version": s.version,
                     "homepage": s.homepage, "data_home": s.data_home, "coverage": s.coverage, "first_year": s.years[0],
                     "last_year": s.years[1], "licence": s.licence, "citation_keys": ",".join(s.citation),
                     "citation": citation_text(s),
                     "files": json.dumps([{"path": f.path, "sha256": f.sha256, "url": f.url} for f in s.files])})
    return pd.DataFrame(rows)


def collect_tables(ctx: BuildContext, progress: Callable[[str], None] | None = None) -> dict[str, pd.DataFrame]:
    """Run every reader and the ledger; return the tables to write (ties merged)."""
    tables: dict[str, pd.DataFrame] = {}
    tie_frames = []
    for mod in readers():
        name = mod.__name__.rsplit(".", 1)[-1]
        if progress:
            progress(f"reading {name}")
        for tname, df in mod.read(ctx).items():
            if tname == "ties":
                tie_frames.append(df)
            elif tname in tables:
                raise StoreBuildError(f"two readers produce table {tname!r}", "rename one of them")
            else:
                tables[tname] = df
    if progress:
        progress("reading ledger")
    events, ledger_ties = _ledger_frames(ctx)
    tie_frames.append(ledger_ties)
    tables["ties"] = _normalize_ties(tie_frames)
    if progress:
        progress("mapping codes to the COW member of each year")
    tables["identity_report"] = apply_membership(tables, ctx.crosswalk)
    tables["events"] = events
    tables["sources"] = _sources_table(ctx)
    tables["source_issues"] = pd.DataFrame(ctx.unmapped, columns=["source", "file", "line", "value", "reason", "row"])
    return tables


EVENTS_DDL = """CREATE TABLE events (event_id VARCHAR, origin VARCHAR, type VARCHAR, date VARCHAR,
    date_start DATE, date_end DATE, year INTEGER, date_kind VARCHAR, actors VARCHAR[], actors_text VARCHAR,
    summary VARCHAR, quantities VARCHAR, attributes VARCHAR, sources VARCHAR, verified BOOLEAN,
    file VARCHAR, line INTEGER)"""


def _write(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> None:
    if name == "events":
        # Fixed schema: the events table exists (and has these columns) even with no records.
        con.execute(EVENTS_DDL)
        if len(df):
            con.register("_frame", df)
            cols = ", ".join(f'"{c}"' for c in df.columns)
            con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM _frame")
            con.unregister("_frame")
        return
    con.register("_frame", df)
    con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _frame')
    con.unregister("_frame")


def build_store(store: str | os.PathLike | None = None, cache: str | os.PathLike | None = None,
                progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Build the store from the cache; return rows per table.

    Parameters
    ----------
    store : str or path-like, optional
        The DuckDB file to write (default: :func:`~latticework.config.store_path`, i.e.
        ``LATTICEWORK_STORE`` or ``<cache>/latticework.duckdb``). A ``<store>.lock`` file beside it
        makes a second build wait for the first.
    cache : str or path-like, optional
        The source cache to read (default: :func:`~latticework.config.cache_dir`).
    progress : callable, optional
        Called with a short message (``"verifying cache"``, ``"reading <reader>"``, ``"writing
        <table>"``, ...) before each step.

    Returns
    -------
    dict of str to int
        Rows written per table (each reader's tables, ``ties``, ``events``, ``sources``,
        ``source_issues``, ``identity_report``), checked against the frames; the ``meta`` table is
        not counted.

    Raises
    ------
    SourceUnavailable, ChecksumMismatch
        A registered file is missing from the cache or corrupt (run ``latticework data pull``).
    MalformedSource, InvalidRecord
        A source file or a ledger record cannot be read (the message names file, line, field).
    StoreBuildError
        Anything else went wrong while writing; the previous store is untouched.
    """
    target = _store_path(store, cache)
    target.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(target.with_name(target.name + ".lock"), "build"):  # a second build waits, never deletes our file
        return _build_locked(target, cache, progress)


def _build_locked(target: Path, cache, progress) -> dict[str, int]:
    for stale in target.parent.glob(target.name + ".building-*"):
        stale.unlink(missing_ok=True)
    ctx = BuildContext(cache=_cache_dir(cache))
    if progress:
        progress("verifying cache")
    _verify_cache(ctx)
    tables = collect_tables(ctx, progress)
    tmp = target.with_name(f"{target.name}.building-{os.getpid()}")
    counts: dict[str, int] = {}
    try:
        con = duckdb.connect(str(tmp))
        try:
            for name, df in tables.items():
                if progress:
                    progress(f"writing {name}")
                _write(con, name, df)
                counts[name] = int(con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0])
                if counts[name] != len(df):
                    raise StoreBuildError(f"table {name}: wrote {counts[name]} rows of {len(df)}",
                                          "report this as a bug")
            meta = pd.DataFrame([{"key": "schema_version", "value": str(SCHEMA_VERSION)},
                                 {"key": "built_at", "value": _dt.datetime.now(_dt.timezone.utc).isoformat()},
                                 {"key": "cache", "value": str(ctx.cache)},
                                 {"key": "tables", "value": json.dumps(counts)}])
            _write(con, "meta", meta)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    except LatticeworkError:
        raise
    except Exception as exc:
        raise StoreBuildError(f"building {target} failed: {type(exc).__name__}: {exc}",
                              "the previous store is untouched; fix the cause and build again") from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
    return counts
