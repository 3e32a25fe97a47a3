"""One reading of ``years=`` for every public function that takes years.

Accepted forms, and what they mean:

=====================================  ====================================================
``years=``                             the years returned
=====================================  ====================================================
``2010`` (an int)                      2010 only
``(2000, 2010)`` (a pair, a tuple)     2000 to 2010, both included
``(2000, None)`` / ``(None, 2010)``    open end: to the store's last year / from the
                                       function's first year
``range(1960, 2025)``                  exactly the range's years (1960 to 2024; a step is kept)
``[2000, 2005, 2010]``, a set, a       exactly those years (sorted, each once); a *tuple* of
tuple of 3 or more, a numpy array      two is always read as a ``(first, last)`` pair
``None``                               the function's default
=====================================  ====================================================

Anything else (a string, a float, a bool, an empty list, first after last, a year outside
1816-2100, a year after the store's last year) raises :class:`~latticework.errors.UsageError`
naming the parameter and the fix. :func:`accepts_years` wraps a function so that its body gets
a plain ``(first, last)`` pair and its result is cut to exactly the years asked for.
"""
from __future__ import annotations

import functools
import inspect
import numbers
from dataclasses import dataclass
from typing import Any, Callable

from latticework.errors import PastCoverage, UsageError

__all__ = ["Years", "parse_years", "parse_year", "accepts_years", "accepts_year", "MIN_YEAR", "MAX_YEAR"]

#: The earliest and latest year any function accepts (COW's state system starts in 1816).
MIN_YEAR, MAX_YEAR = 1816, 2100
_FIX = ("give a year (2010), a (first, last) pair ((2000, 2010), None for an open end), "
        "a range (range(2000, 2011)) or a list of years ([2000, 2005, 2010])")


@dataclass(frozen=True)
class Years:
    """A parsed ``years=``: ``first``/``last`` (None: open end) and ``exact`` (the listed years,
    or None when every year from first to last is meant)."""

    first: int | None
    last: int | None
    exact: tuple[int, ...] | None = None

    def span(self, default: tuple[int | None, int | None] = (None, None)) -> tuple[int | None, int | None]:
        """``(first, last)`` with open ends filled from ``default``.

        Parameters
        ----------
        default : tuple of (int or None, int or None)
            The ``(first, last)`` years to use where this ``Years`` has an open end.

        Returns
        -------
        tuple of (int or None, int or None)
            First and last year (both included); None where both this and ``default`` are open.
        """
        return (self.first if self.first is not None else default[0],
                self.last if self.last is not None else default[1])

    def select(self, result: Any, column: str = "year") -> Any:
        """Keep only the rows of ``result`` (a DataFrame with a ``year`` column) in ``exact``.

        Parameters
        ----------
        result : Any
            A function's result; only a DataFrame holding ``column`` is cut, anything else (and
            every result when ``exact`` is None) is returned unchanged.
        column : str
            The column of years (default ``"year"``).

        Returns
        -------
        Any
            The rows whose year is in ``exact``, re-indexed from 0, with ``attrs`` kept; or
            ``result`` itself.
        """
        if self.exact is None:
            return result
        import pandas as pd

        if isinstance(result, pd.DataFrame) and column in result.columns:
            attrs = dict(result.attrs)
            out = result[result[column].isin(self.exact)].reset_index(drop=True)
            out.attrs.update(attrs)
            return out
        return result


def _one(value: Any, param: str, shown: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        kind = type(value).__name__
        raise UsageError(f"{param}={shown!r}: {value!r} is a {kind}, not a whole year", _FIX)
    y = int(value)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise UsageError(f"{param}={shown!r}: year {y} is outside {MIN_YEAR}-{MAX_YEAR}",
                         f"choose years between {MIN_YEAR} and the store's last year")
    return y


def parse_year(value: Any, param: str = "year") -> int:
    """One whole year in 1816-2100, or :class:`UsageError` naming ``param``.

    Parameters
    ----------
    value : Any
        The year given: an integer (a Python or numpy integer; a bool, float or text is refused).
    param : str
        The parameter's name, used in the error message.

    Returns
    -------
    int
        The year, within :data:`MIN_YEAR`-:data:`MAX_YEAR` (the store's last year is not checked
        here).
    """
    return _one(value, param, value)


def parse_years(years: Any, param: str = "years",
                default: tuple[int | None, int | None] | None = None) -> Years:
    """Read any accepted form of ``years=`` (see the module docstring).

    Parameters
    ----------
    years : Any
        An int, a ``(first, last)`` tuple (either end None), a range, a list / set / array / tuple
        of 3 or more years (at most 10,000), or None.
    param : str
        The parameter's name, used in error messages.
    default : tuple of (int or None, int or None), optional
        What None means; with no default, None is ``Years(None, None)`` (both ends open).

    Returns
    -------
    Years
        ``first`` and ``last`` (years, both included; None for an open end) and ``exact``: the
        sorted distinct years when they are not every year from first to last (a listed set with
        gaps, a range with a step), else None. The store's last year is not checked here.

    Raises
    ------
    UsageError
        Not one of the accepted forms, a year that is not a whole number in 1816-2100, an empty
        list, or first after last.
    """
    shown = years
    if years is None:
        if default is None:
            return Years(None, None)
        return parse_years(tuple(default), param)
    if isinstance(years, (str, bytes)):
        raise UsageError(f"{param}={shown!r} is text", _FIX)
    if isinstance(years, numbers.Integral) and not isinstance(years, bool):
        y = _one(years, param, shown)
        return Years(y, y)
    if isinstance(years, range):
        if years.step <= 0 or len(years) == 0:
            raise UsageError(f"{param}={shown!r} holds no year", _FIX)
        ys = [_one(y, param, shown) for y in (years[0], years[-1])]
        if years.step == 1:
            return Years(ys[0], ys[1])
        return Years(ys[0], ys[1], tuple(years))
    if isinstance(years, tuple) and len(years) == 2:
        first, last = (None if v is None else _one(v, param, shown) for v in years)
        if first is not None and last is not None and first > last:
            raise UsageError(f"{param}={shown!r}: first year {first} is after last year {last}",
                             "give (first, last) with first <= last")
        return Years(first, last)
    if isinstance(years, dict) or not hasattr(years, "__iter__"):
        raise UsageError(f"{param}={shown!r} is a {type(years).__name__}", _FIX)
    try:
        items = list(years)
    except TypeError:
        raise UsageError(f"{param}={shown!r} is a {type(years).__name__}", _FIX) from None
    if not items:
        raise UsageError(f"{param}={shown!r} holds no year", _FIX)
    if len(items) > 10_000:
        raise UsageError(f"{param}: {len(items)} years given", _FIX)
    ys = sorted({_one(v, param, shown if len(items) <= 20 else f"<{len(items)} values>") for v in items})
    if ys == list(range(ys[0], ys[-1] + 1)):
        return Years(ys[0], ys[-1])
    return Years(ys[0], ys[-1], tuple(ys))


def _latest(db: Any) -> int | None:
    try:
        latest = getattr(db, "latest_year", None)
    except Exception:  # a store that cannot tell: the function's own checks apply
        return None
    return int(latest) if isinstance(latest, numbers.Integral) else None


def accepts_years(default: tuple[int | None, int | None] | None = None, param: str = "years",
                  fill_latest: bool = False) -> Callable:
    """Decorate a function whose ``param`` is a ``years=``: its body receives ``(first, last)``
    (open first end filled from ``default`` or the signature's default, open last end left None
    unless ``default`` gives it, or ``fill_latest`` fills it with the store's last year), and a
    DataFrame result keeps exactly the years asked for.

    Years after the store's last year (read from the ``db`` argument) are a
    :class:`~latticework.errors.PastCoverage` (a :class:`UsageError`).

    Parameters
    ----------
    default : tuple of (int or None, int or None), optional
        The ``(first, last)`` that fills the open ends (default: the decorated function's own
        default for ``param`` when it is a pair, else both open).
    param : str
        The name of the decorated function's years parameter (default ``"years"``).
    fill_latest : bool
        Fill an open last end with the store's last year (``db.latest_year``) instead of None.

    Returns
    -------
    callable
        The decorator. The wrapped function keeps its signature; its body receives ``param`` as
        a ``(first, last)`` pair of years, and a DataFrame result with a ``year`` column is cut to
        the years listed when the caller gave a set with gaps or a stepped range.
    """
    def deco(fn: Callable) -> Callable:
        sig = inspect.signature(fn)
        sig_default = sig.parameters[param].default
        dflt = default if default is not None else (
            tuple(sig_default) if isinstance(sig_default, tuple) and len(sig_default) == 2 else (None, None))

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            bound = sig.bind(*args, **kwargs)
            raw = bound.arguments.get(param, sig_default)
            ys = parse_years(raw, param)
            first, last = ys.span(dflt)
            latest = _latest(bound.arguments.get("db")) if raw is not None else None
            if latest is not None:  # only what the caller gave is checked, not the defaults
                if ys.first is not None and ys.first > latest:
                    raise PastCoverage(f"{param}={raw!r} starts after the store's last year {latest}",
                                       f"choose years up to {latest}")
                if ys.last is not None and ys.last > latest:
                    raise PastCoverage(f"{param}={raw!r} runs past the store's last year {latest}",
                                       f"end at {latest} or earlier (None means the last year)")
            if last is None and fill_latest:
                last = _latest(bound.arguments.get("db"))
            if first is not None and last is not None and first > last:
                raise UsageError(f"{param}={raw!r}: first year {first} is after last year {last}",
                                 "give first <= last")
            bound.arguments[param] = (first, last)
            return ys.select(fn(*bound.args, **bound.kwargs))

        wrapper.__signature__ = sig
        return wrapper

    return deco


def accepts_year(param: str = "year") -> Callable:
    """Decorate a function taking one ``year``: a whole year in 1816 to the store's last year.

    Parameters
    ----------
    param : str
        The name of the decorated function's year parameter (default ``"year"``).

    Returns
    -------
    callable
        The decorator. The wrapped function keeps its signature; a given year is checked with
        :func:`parse_year` and against the ``db`` argument's ``latest_year`` (when the store can
        tell) and passed on as an int; None is passed on unchecked.
    """
    def deco(fn: Callable) -> Callable:
        sig = inspect.signature(fn)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            bound = sig.bind(*args, **kwargs)
            raw = bound.arguments.get(param)
            if raw is not None:
                y = parse_year(raw, param)
                latest = _latest(bound.arguments.get("db"))
                if latest is not None and y > latest:
                    raise PastCoverage(f"{param}={raw!r} is after the store's last year {latest}",
                                       f"choose a year up to {latest}")
                bound.arguments[param] = y
            return fn(*bound.args, **bound.kwargs)

        wrapper.__signature__ = sig
        return wrapper

    return deco
