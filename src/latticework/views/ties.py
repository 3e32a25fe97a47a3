"""Tie validity: the one rule that says in which years a tie is in force.

Every measure, model and panel that asks "is this tie in force in year *y*?" asks this module
(issue 21: the rule existed four times and the copies had drifted: the panel's SQL did not carry
SIPRI's last year forward, the network did).

The rule
--------
A tie starts in ``start_year``. Its **last year in force** is

* ``end_year`` when one is recorded;
* otherwise its source's last covered year (``coverage_end``): the data cannot see past it;
* otherwise (no coverage end, e.g. the ledger) it is open: in force in every later year.

With ``carry_forward`` two kinds of tie are used past their source's coverage, flagged
``carried_forward``:

* a tie with no recorded end that its source shows still in force at the end of coverage
  (``open_at_coverage_end``: an ATOP treaty in force in 2018) stays in force in every later year;
* a yearly observation of a ``CARRY_LAYERS`` layer in its source's last covered year (SIPRI arms
  deliveries of 2023) stands for up to ``MAX_CARRY_AGE`` = 3 more years. A dataset's last year is
  not the world's, and a layer that vanishes at once moves every measure (issue 16). Three years
  is the longest gap over which a state's arms suppliers rarely change (SIPRI itself reports
  transfers as five-year totals); later years lose the layer and are flagged as coverage breaks.

A tie is in force in *y* when ``start_year <= y <= last year``; it is carried forward in *y* when
it is in force only by the carry rules (``y`` after its ``end_year`` or coverage end).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["CARRY_LAYERS", "MAX_CARRY_AGE", "TieTable", "in_force_rows", "last_years"]

#: yearly-observation layers whose last covered year is carried forward, flagged, up to
#: ``MAX_CARRY_AGE`` years (SIPRI arms deliveries end in 2023; no other source continues them)
CARRY_LAYERS = ("arms",)
MAX_CARRY_AGE = 3


def _open_at_coverage_end(ties: pd.DataFrame) -> np.ndarray:
    """The ``open_at_coverage_end`` flags as a bool array (null: False)."""
    return ties["open_at_coverage_end"].astype("boolean").fillna(False).to_numpy(dtype=bool)


def last_years(ties: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each tie's last year in force without and with the carry rules (the module docstring).

    Parameters
    ----------
    ties : pandas.DataFrame
        Rows of the store's ``ties`` table: ``layer``, ``end_year``, ``coverage_end`` and
        ``open_at_coverage_end`` (null read as False).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Calendar years as floats, ``inf`` for a tie open in every later year.
    """
    end = ties["end_year"].astype("float64").to_numpy()
    cov = ties["coverage_end"].astype("float64").to_numpy()
    open_end = np.isnan(end)
    plain = np.where(open_end, np.where(np.isnan(cov), np.inf, cov), end)
    open_at_cov = _open_at_coverage_end(ties)
    # a yearly observation in the last covered year of a CARRY_LAYERS source stands for the
    # next MAX_CARRY_AGE years (flagged carried_forward), so no year loses the layer at once
    last_obs = np.isin(ties["layer"].to_numpy(), CARRY_LAYERS) & ~np.isnan(cov) & (end == cov)
    carry_end = np.where(last_obs, cov + MAX_CARRY_AGE, -np.inf)
    carried = np.where(open_end & open_at_cov, np.inf, np.maximum(plain, carry_end))
    return plain, carried


@dataclass
class TieTable:
    """All ties loaded once, as NumPy arrays, so that yearly slices cost microseconds.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of the store's ``ties`` table: at least ``a``, ``b`` (COW codes), ``layer``,
        ``start_year``, ``end_year``, ``coverage_end`` (calendar years; the last two may be null),
        ``open_at_coverage_end`` (bool, null read as False) and ``weight``.
    """

    frame: pd.DataFrame

    def __post_init__(self):
        f = self.frame
        self.start = f["start_year"].to_numpy(dtype=np.int64)
        #: the last year in force without and with carrying (+inf: open)
        self.end, self.carried_end = last_years(f)
        self.open_end = f["end_year"].isna().to_numpy()
        self.open_at_cov = _open_at_coverage_end(f)
        self.layer = f["layer"].to_numpy()
        # integer layer codes: np.isin on 75k Python strings costs ~6 ms a call, on codes ~0.1 ms
        cat = pd.Categorical(f["layer"])
        self.layer_codes = np.asarray(cat.codes)
        self._layer_index = pd.Index(cat.categories)
        self.a = f["a"].to_numpy()
        self.b = f["b"].to_numpy()
        self.raw_weight = f["weight"].to_numpy(dtype="float64")
        self._layer_masks: dict = {}

    def last_year(self, carry_forward: bool = True) -> np.ndarray:
        """Each tie's last year in force (calendar year as float; ``inf`` when open), by the rule
        of the module docstring.

        Parameters
        ----------
        carry_forward : bool
            Apply the carry rules (open at coverage end; ``CARRY_LAYERS`` up to ``MAX_CARRY_AGE``).

        Returns
        -------
        numpy.ndarray
            One float per tie, in the frame's order (the array is shared: do not modify it).
        """
        return self.carried_end if carry_forward else self.end

    def layer_mask(self, layers) -> np.ndarray:
        """Boolean mask of the ties in ``layers`` (cached per set of layers).

        Parameters
        ----------
        layers : iterable of str
            Layer names; unknown names select nothing.

        Returns
        -------
        numpy.ndarray
            One bool per tie, in the frame's order (cached and shared: do not modify it).
        """
        key = frozenset(layers)
        m = self._layer_masks.get(key)
        if m is None:
            codes = self._layer_index.get_indexer(list(key))
            m = np.isin(self.layer_codes, codes[codes >= 0])
            self._layer_masks[key] = m
        return m

    def touching(self, states) -> "TieTable":
        """The ties with either end in ``states`` (a smaller table for per-dyad loops).

        Parameters
        ----------
        states : iterable of int
            COW codes.

        Returns
        -------
        TieTable
            A new table of those rows (all columns kept, original index).
        """
        states = list(states)
        return TieTable(self.frame[np.isin(self.a, states) | np.isin(self.b, states)])

    def contributions(self, weights: dict) -> np.ndarray:
        """Each tie's contribution (layer weight × magnitude, unitless) under ``weights``, cached.

        Parameters
        ----------
        weights : dict of str to float
            Layer weights (see :data:`latticework.views.networks.LAYER_WEIGHTS`); a layer not in
            it contributes 0.

        Returns
        -------
        numpy.ndarray
            One float per tie, in the frame's order (:func:`~latticework.views.networks.tie_contributions`;
            cached per weights and shared: do not modify it).
        """
        from latticework.views.networks import tie_contributions

        key = tuple(sorted(weights.items()))
        cache = self.__dict__.setdefault("_contrib", {})
        if key not in cache:
            cache[key] = tie_contributions(self.frame, weights)
        return cache[key]

    def in_force(self, year: int, carry_forward: bool = True, layers=None, nodes=None,
                 presence_min: float | None = None) -> pd.DataFrame:
        """Ties in force in ``year``; ``carried_forward`` marks those used past their coverage.

        Parameters
        ----------
        year : int
            Calendar year.
        carry_forward : bool
            Apply the carry rules of the module docstring.
        layers : iterable of str, optional
            Keep these layers only.
        nodes : iterable of int, optional
            Keep ties with both ends among these COW codes.
        presence_min : float, optional
            Leave out ``basing`` ties of fewer troops than this (troops).

        Returns
        -------
        pandas.DataFrame
            A copy of the frame's rows in force (every column, original index) with
            ``carried_forward`` (bool) added: True for a row in force in ``year`` only by the
            carry rules.
        """
        mask, cf = self.in_force_mask(year, carry_forward, layers, nodes, presence_min)
        out = self.frame[mask].copy()
        out["carried_forward"] = cf[mask]
        return out

    def in_force_mask(self, year: int, carry_forward: bool = True, layers=None, nodes=None,
                      presence_min: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Boolean masks (in force, carried forward) over the ties.

        Parameters
        ----------
        year : int
            Calendar year.
        carry_forward : bool
            Apply the carry rules of the module docstring.
        layers : iterable of str, optional
            Keep these layers only.
        nodes : iterable of int, optional
            Keep ties with both ends among these COW codes.
        presence_min : float, optional
            Leave out ``basing`` ties of fewer troops than this (troops).

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            Two bool arrays over the ties, in the frame's order: in force in ``year`` after the
            filters, and in force in ``year`` only by the carry rules (computed before the
            ``layers``/``nodes``/``presence_min`` filters: combine it with the first).
        """
        mask = (self.start <= year) & (self.last_year(carry_forward) >= year)
        cf = mask & (self.end < year)
        if presence_min is not None:
            mask &= ~(self.layer_mask(["basing"]) & (self.raw_weight < presence_min))
        if layers is not None:
            mask &= self.layer_mask(layers)
        if nodes is not None:
            nodes = list(nodes)
            mask &= np.isin(self.a, nodes) & np.isin(self.b, nodes)
        return mask, cf

    def years_in_force(self, y0: int, y1: int, carry_forward: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Each tie's first and last year in force within [y0, y1] (integer arrays; a tie not in
        force in the window has last < first).

        Parameters
        ----------
        y0, y1 : int
            The window's first and last calendar year.
        carry_forward : bool
            Apply the carry rules of the module docstring.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray)
            First and last year (int64 calendar years), one per tie in the frame's order.
        """
        last = self.last_year(carry_forward)
        first = np.maximum(self.start, y0)
        last = np.minimum(np.where(np.isinf(last), y1, last), y1).astype(np.int64)
        return first.astype(np.int64), last


def in_force_rows(ties: pd.DataFrame, y0: int, y1: int, carry_forward: bool = True) -> pd.DataFrame:
    """The rows of ``ties`` in force at some point in [y0, y1], by the module's rule.

    Parameters
    ----------
    ties : pandas.DataFrame
        Rows of the store's ``ties`` table (the columns :class:`TieTable` reads).
    y0, y1 : int
        The window's first and last calendar year.
    carry_forward : bool
        Apply the carry rules of the module docstring.

    Returns
    -------
    pandas.DataFrame
        Those rows of ``ties`` (all columns, original index; ``ties`` itself when it is empty),
        with no ``carried_forward`` column.
    """
    if ties.empty:
        return ties
    plain, carried = last_years(ties)
    last = carried if carry_forward else plain
    return ties[(ties["start_year"].to_numpy() <= y1) & (last >= y0)]
