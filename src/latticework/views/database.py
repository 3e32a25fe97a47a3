"""The store with its panels: what ``lw.open()`` returns.

:class:`~latticework.store.Store` owns the DuckDB connection and nothing else; it sits below the
views in the one-way flow (DESIGN.md), so it cannot offer the panels without importing upward.
:class:`Database` is the Store plus the views' panel verbs as methods (``db.capabilities``,
``db.ties``, ``db.state_years``, ``db.dyad_years``, ``db.events``): each is a one-line call of the
function in :mod:`latticework.views.panels` that holds the query, so there is one implementation.
"""
from __future__ import annotations

import pandas as pd

from latticework.store import Store
from latticework.views import panels

__all__ = ["Database", "open_database"]


class Database(Store):
    """A read-only store with the panel views as methods.

    Parameters
    ----------
    path : path-like, optional
        The DuckDB file (default: ``LATTICEWORK_STORE`` or ``<cache>/latticework.duckdb``).
    cache : path-like, optional
        The source cache the store was built from (for event data and provenance).
    """

    def capabilities(self, state, start: int | None = None, end: int | None = None) -> pd.DataFrame:
        """Military capabilities of one state per year.

        Parameters
        ----------
        state : str or int
            Any name or code :meth:`Store.state` resolves.
        start, end : int, optional
            First and last calendar year (default 1946 and the store's last year).

        Returns
        -------
        pandas.DataFrame
            See :func:`latticework.views.panels.capabilities` (spending in US$, constant 2023 and
            current prices; share of GDP as a fraction; world rank; NMC CINC share).
        """
        return panels.capabilities(self, state, start, end)

    def ties(self, layer=None, year: int | None = None, state=None, carry_forward: bool = False) -> pd.DataFrame:
        """Ties of some layers, in force in a year, touching a state.

        Parameters
        ----------
        layer : str or list of str, optional
            Tie layers (``atop_defense``, ``basing``, ``ledger_access`` …); default all.
        year : int, optional
            Calendar year the ties must be in force in (the rule of :mod:`latticework.views.ties`).
        state : str or int, optional
            Keep ties with this state at either end.
        carry_forward : bool
            Also return ties used past their source's coverage, flagged ``carried_forward``.

        Returns
        -------
        pandas.DataFrame
            See :func:`latticework.views.panels.ties`.
        """
        return panels.ties(self, layer=layer, year=year, state=state, carry_forward=carry_forward)

    def state_years(self, states=None, years=None, with_=("capabilities",)) -> pd.DataFrame:
        """State-year panel.

        Parameters
        ----------
        states : str, int or list, optional
            States to keep (names or codes); default every COW member.
        years : int or (int, int), optional
            A year or an inclusive span of calendar years.
        with_ : sequence of str
            Panel verbs to add (``capabilities``, ``democracy``, ``gdp``, ``leaders`` …; docs/data.md).

        Returns
        -------
        pandas.DataFrame
            See :func:`latticework.views.panels.state_years`.
        """
        return panels.state_years(self, states=states, years=years, with_=with_)

    def dyad_years(self, directed: bool = True, years=None, with_=("alliances", "capabilities"),
                   states=None) -> pd.DataFrame:
        """Dyad-year panel (peacesciencer's, with the same rows and values).

        Parameters
        ----------
        directed : bool
            Directed (both orders of each pair) or undirected dyads.
        years : int or (int, int), optional
            A year or an inclusive span of calendar years.
        with_ : sequence of str
            Panel verbs (``alliances``, ``capabilities``, ``mids``, ``rivalries`` …; docs/data.md).
        states : list, optional
            Keep dyads with one of these states.

        Returns
        -------
        pandas.DataFrame
            See :func:`latticework.views.panels.dyad_years`.
        """
        return panels.dyad_years(self, directed=directed, years=years, with_=with_, states=states)

    def events(self, actor=None, type=None, start=None, end=None) -> pd.DataFrame:
        """Ledger events filtered by actor, type and years.

        Parameters
        ----------
        actor : str, optional
            Any state name or code, or an organisation code (``NATO``).
        type : str, optional
            An event type of :mod:`latticework.vocabulary` (``EXERCISE``, ``ACCESS_AGREEMENT`` …).
        start, end : int, optional
            First and last calendar year.

        Returns
        -------
        pandas.DataFrame
            See :func:`latticework.views.panels.events`.
        """
        return panels.events(self, actor=actor, type=type, start=start, end=end)


def open_database(path=None, cache=None) -> Database:
    """Open the store read-only, with its panels (``lw.open()``).

    Parameters
    ----------
    path : path-like, optional
        The DuckDB file (default: ``LATTICEWORK_STORE`` or ``<cache>/latticework.duckdb``).
    cache : path-like, optional
        The source cache the store was built from.
    """
    return Database(path, cache)
