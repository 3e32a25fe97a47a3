"""The store: one DuckDB file, opened read-only, and the object that owns its connection.

``lw.open()`` returns a :class:`~latticework.views.database.Database`: this Store plus the
views' panels as methods. Results are pandas DataFrames whose ``attrs["sources"]``
lists the registry sources (and ledger records) they used, so ``lw.cite(result)`` can print
exactly the citations a figure needs.
"""
from __future__ import annotations

import threading
import uuid
from functools import cached_property

import duckdb
import pandas as pd

from latticework.config import cache_dir as _cache_dir, store_path as _store_path
from latticework.errors import StoreMissing, UsageError

#: The store's schema version, written by the build and checked on open; bumped whenever a table
#: the views read changes. 2: identity_report, the conflict/regime/leader tables, sources.data_home.
SCHEMA_VERSION = 2
from latticework.states import Identity, State

__all__ = ["Store", "open_store"]


class Store:
    """A read-only view of the built store.

    Parameters
    ----------
    path : path-like, optional
        The DuckDB file (default: ``LATTICEWORK_STORE`` or ``<cache>/latticework.duckdb``).
    cache : path-like, optional
        The source cache the store was built from (for event data and provenance).
    """

    def __init__(self, path=None, cache=None):
        self.path = _store_path(path, cache)
        self.cache_dir = _cache_dir(cache)
        if not self.path.is_file():
            raise StoreMissing(f"no store at {self.path}",
                               "run `latticework data pull` then `latticework build` (or `make demo`)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=True)
            self._lock = threading.Lock()
        except duckdb.Error as exc:
            raise StoreMissing(f"{self.path}: not a readable latticework store ({exc})",
                               "run `latticework build` to rebuild it") from exc
        missing = {"states", "capabilities", "ties", "events", "sources", "meta"} - set(self.table_names())
        if missing:
            raise StoreMissing(f"{self.path}: store lacks tables {sorted(missing)}",
                               "run `latticework build` to rebuild it")
        built = self.meta.get("schema_version")
        if built != str(SCHEMA_VERSION):
            raise StoreMissing(f"{self.path}: store has schema version {built}, this latticework needs {SCHEMA_VERSION}",
                               "run `latticework build` to rebuild it with this version")

    # -- plumbing -------------------------------------------------------------------------
    def table_names(self) -> list[str]:
        """Names of the tables in the store (or of an overlay's tables and views).

        Returns
        -------
        list of str
            Table (and view) names of the connection's own database, in DuckDB's order.
        """
        with self._lock:
            cur = self.con.cursor()
            try:
                rows = cur.execute("SELECT DISTINCT table_name FROM information_schema.tables "
                                   "WHERE table_catalog = current_database()").fetchall()
            finally:
                cur.close()
        return [r[0] for r in rows]

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Run a read-only SQL query and return a DataFrame (thread-safe).

        Parameters
        ----------
        query : str
            DuckDB SQL with ``?`` placeholders.
        params : list, optional
            The placeholders' values, in order (default: none).

        Returns
        -------
        pandas.DataFrame
            The result, as DuckDB converts it (``.df()``: an integer column with NULLs becomes
            float, dates and timestamps ``datetime64``); columns and units are the tables'.
        """
        with self._lock:
            cur = self.con.cursor()
            try:
                return cur.execute(query, params or []).df()
            finally:
                cur.close()

    def arrow(self, queries: dict[str, tuple[str, list]]) -> dict:
        """Run several read-only queries on one cursor, holding the lock once, and return each as an
        Arrow table (``{name: (sql, params)}`` -> ``{name: pyarrow.Table}``): the panels' fast path.

        Parameters
        ----------
        queries : dict of str to (str, list)
            Name → (DuckDB SQL with ``?`` placeholders, their values); run in the dict's order.

        Returns
        -------
        dict of str to pyarrow.Table
            Each name → its query's result.
        """
        with self._lock:
            cur = self.con.cursor()
            try:
                return {k: cur.sql(q, params=p).to_arrow_table() for k, (q, p) in queries.items()}
            finally:
                cur.close()

    def table(self, name: str) -> pd.DataFrame:
        """A whole table as a DataFrame.

        Parameters
        ----------
        name : str
            The table's name (see ``table_names()``).

        Returns
        -------
        pandas.DataFrame
            Every row and column, as :meth:`sql` returns them.

        Raises
        ------
        UsageError
            No table of that name (the error lists the tables).
        """
        if name not in self.table_names():
            raise UsageError(f"no table {name!r} in the store", f"tables: {', '.join(sorted(self.table_names()))}")
        return self.sql(f'SELECT * FROM "{name}"')

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def overlay(self, tables: dict[str, pd.DataFrame]) -> "Store":
        """The same store with some tables replaced, in memory only (for scenarios).

        The file is attached read-only to an in-memory database; each given table is created there
        and every other table is a view onto the stored one. Nothing is written to disk.

        Parameters
        ----------
        tables : dict of str to pandas.DataFrame
            Table name → its replacement rows (its columns become the table's). Only names of
            tables already in the store are used: any other name is silently ignored.

        Returns
        -------
        Store
            A new object of this store's class (a ``Database`` stays one) on its own in-memory
            connection, with a ``content_key`` of its own. Its ``identity``, ``sources``, ``meta``
            and ``latest_year`` are this store's unless a table they are read from is replaced
            (``states``/``state_names``/``state_regexes``, ``sources``, ``meta``, ``capabilities``):
            then they are read from the overlay. This store is left unchanged.

        Raises
        ------
        UsageError
            A name in ``tables`` is not a table of the store.
        """
        unknown = sorted(set(tables) - set(self.table_names()))
        if unknown:  # a misspelt name would silently leave the base table in place
            raise UsageError(f"overlay: no table {', '.join(map(repr, unknown))} in the store",
                             f"tables: {', '.join(sorted(self.table_names()))}")
        new = object.__new__(type(self))
        new.path, new.cache_dir = self.path, self.cache_dir
        con = duckdb.connect()
        con.execute("ATTACH ? AS base (READ_ONLY)", [str(self.path)])
        for name in self.table_names():
            if name in tables:
                con.register("_overlay", tables[name])
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _overlay')
                con.unregister("_overlay")
            else:
                con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM base.main."{name}"')
        new.con = con
        new._lock = threading.Lock()
        # an overlay shares the file's path but not its contents: caches keyed on content_key
        # must never hand it the base store's results (nor another overlay's)
        new.__dict__["content_key"] = ("overlay", uuid.uuid4().hex)
        # what a replaced table defines is read from the overlay (computed on first use); the rest
        # is shared with this store
        derived = {"identity": {"states", "state_names", "state_regexes"}, "sources": {"sources"},
                   "meta": {"meta"}, "latest_year": {"capabilities"}}
        for attr, from_tables in derived.items():
            if not from_tables & set(tables):
                new.__dict__[attr] = getattr(self, attr)
        return new

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @cached_property
    def meta(self) -> dict:
        """Build metadata: schema version, build time, rows per table."""
        return dict(self.sql("SELECT key, value FROM meta").itertuples(index=False))

    @cached_property
    def sources(self) -> pd.DataFrame:
        """The registry as it was when the store was built (name, version, coverage, citation)."""
        return self.sql("SELECT * FROM sources")

    def coverage(self, source: str) -> tuple[int, int]:
        """First and last year a source covers.

        Parameters
        ----------
        source : str
            Registry name of the source (``"cow_nmc"``, ``"sipri_milex"`` …).

        Returns
        -------
        (int, int)
            ``first_year`` and ``last_year`` (calendar years, both included) of the store's
            ``sources`` table, i.e. of the registry when the store was built.

        Raises
        ------
        UsageError
            No source of that name in the store (the error lists them).
        """
        row = self.sources[self.sources["name"] == source]
        if row.empty:
            raise UsageError(f"unknown source {source!r}", f"sources: {', '.join(self.sources['name'])}")
        return int(row["first_year"].iloc[0]), int(row["last_year"].iloc[0])

    @cached_property
    def content_key(self) -> tuple:
        """A key that changes when the store's contents can differ: the file and its modification
        time (a rebuilt store is a new key); an overlay gets a key of its own (see :meth:`overlay`)."""
        return (str(self.path), self.path.stat().st_mtime)

    def version(self, source: str) -> str:
        """The version of a source the store was built from (e.g. "5.1" for ``atop_ddy``), for
        labels that must not hard-code a dataset's edition.

        Parameters
        ----------
        source : str
            Registry name of the source (``"atop_ddy"`` …).

        Returns
        -------
        str
            The ``version`` column of the store's ``sources`` table, as text.

        Raises
        ------
        UsageError
            No source of that name in the store (the error lists them).
        """
        row = self.sources[self.sources["name"] == source]
        if row.empty:
            raise UsageError(f"unknown source {source!r}", f"sources: {', '.join(self.sources['name'])}")
        return str(row["version"].iloc[0])

    @cached_property
    def latest_year(self) -> int:
        """The latest year any state-level source covers (for "latest" defaults)."""
        return int(self.sql("SELECT max(year) AS y FROM capabilities WHERE milex_current_usd_m IS NOT NULL")["y"].iloc[0])

    # -- identity -------------------------------------------------------------------------
    @cached_property
    def identity(self) -> Identity:
        return Identity(self.table("states"), self.table("state_names"), self.table("state_regexes"))

    def state(self, query, year: int | None = None) -> State:
        """Resolve a name or code ("Japan", "JPN", 740, "Republic of Korea") to a State; an
        ambiguous or historical name means the state that is a member in ``year`` (default today).

        Parameters
        ----------
        query : str, int or State
            A name, ISO3 code, COW abbreviation or COW code (a Python ``int`` or a string of
            digits; see :meth:`latticework.states.Identity.resolve`).
        year : int, optional
            The calendar year an ambiguous name is read in (default: today).

        Returns
        -------
        State
            COW code (``ccode``), ISO3 code, COW name and abbreviation, and ``alternatives``.

        Raises
        ------
        UnknownState
            Nothing matches; ``suggestions`` holds up to five close names.
        """
        return self.identity.resolve(query, year)


def open_store(path=None, cache=None) -> Store:
    """Open the store read-only, without the panels (``lw.open()`` adds them: see
    :class:`latticework.views.database.Database`).

    Parameters
    ----------
    path : path-like, optional
        The DuckDB file (default: ``LATTICEWORK_STORE`` or ``<cache>/latticework.duckdb``).
    cache : path-like, optional
        The source cache the store was built from.

    Returns
    -------
    Store
        The open store (close it with :meth:`Store.close` or use it in a ``with`` block).

    Raises
    ------
    StoreMissing
        No file at the path, not a readable DuckDB file, missing tables or another schema version.
    """
    return Store(path, cache)
