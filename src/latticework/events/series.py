"""Dyad-period cooperation/conflict series from the event store, on DuckDB or Spark.

The aggregation is one Ibis expression (:func:`dyad_period_expr`); DuckDB (embedded, default) and
Spark (``engine="spark"``, local or a cluster) each compile and run it.
"""
from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Sequence

import pandas as pd

from latticework.errors import UnknownState, UsageError
from latticework.events.cameo import (
    CAMEO_EVENT_TYPE_CONDITIONS, CAMEO_EVENT_TYPES, EVENT_TYPE_COLUMNS, PLOVER_EVENT_TYPES,
    QUAD_CLASSES,
)

__all__ = ["interactions", "dyad_period_expr", "FREQS", "SERIES_COLUMNS", "spark_session"]

#: freq -> Ibis truncation unit. A period is labelled by its first day (weeks start on Monday).
FREQS: dict[str, str] = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}

#: Columns of the result, in order.
SERIES_COLUMNS: tuple[str, ...] = (
    ("a", "b", "period", "events") + tuple(QUAD_CLASSES.values()) + ("goldstein_mean",)
    + tuple(EVENT_TYPE_COLUMNS.values())
)


def _codes_for(event_type: str) -> tuple[list[str], list[str]]:
    """(unconditional codes, conditional codes) mapping to ``event_type``."""
    plain = [c for c, t in CAMEO_EVENT_TYPES.items() if t == event_type and c not in CAMEO_EVENT_TYPE_CONDITIONS]
    plain += [c for c, t in PLOVER_EVENT_TYPES.items() if t == event_type]
    cond = [c for c, t in CAMEO_EVENT_TYPES.items() if t == event_type and c in CAMEO_EVENT_TYPE_CONDITIONS]
    return plain, cond


def dyad_period_expr(t, *, freq: str = "month", directed: bool = False, min_sources: int = 1,
                     pairs: Sequence[tuple[str, str]] | None = None, start: date | None = None,
                     end: date | None = None):
    """The dyad-period aggregation as an Ibis expression over an event table ``t``.

    One row per (period, a, b) with at least one event: ``events`` (count), the four quad-class
    counts, ``goldstein_sum10`` (sum of Goldstein scores x 10, rounded to integers so every engine
    adds them exactly), ``goldstein_n`` and one count per event type. Undirected unless
    ``directed``: undirected, ``a``/``b`` are the alphabetically first/second state of the pair
    (A→B and B→A events pool); directed, ``a`` is actor 1 (the initiator) and ``b`` actor 2.
    ``pairs`` (already ordered the same way) restricts the dyads. Events whose two actors are not
    two different states (``a`` or ``b`` null, or equal) are left out.

    Parameters
    ----------
    t : ibis.Table
        Event rows in the event store's schema (:data:`latticework.events.ingest.STORE_SCHEMA`):
        at least ``date``, ``a`` and ``b`` (ISO3 codes of actor 1 and actor 2, null when not a
        state), ``quad_class`` (1–4), ``goldstein`` (−10..10), ``event_code`` (CAMEO code or
        PLOVER type), ``actor1_type``, ``actor2_type`` (CAMEO actor type codes) and
        ``num_sources``.
    freq : {"day", "week", "month", "quarter", "year"}
        Length of a period: ``date`` is truncated to its first day (weeks start on Monday).
        Another value raises ``KeyError`` (:func:`interactions` checks it first).
    directed : bool
        Keep A→B and B→A apart (see above).
    min_sources : int
        Keep events reported by at least this many sources (``num_sources``, GDELT only); above 1
        an event with no ``num_sources`` (ICEWS, POLECAT) is left out; 1 keeps every event.
    pairs : sequence of (str, str), optional
        ISO3 pairs, each ordered as the output orders it (alphabetically unless ``directed``);
        default: every pair.
    start, end : datetime.date, optional
        First and last event day kept (both included); default: no bound.

    Returns
    -------
    ibis.Table
        An unexecuted expression with columns ``period`` (first day of the period), ``da``,
        ``db`` (the ISO3 codes ``a``, ``b`` above; :func:`interactions` renames them),
        ``events``, ``verbal_cooperation``, ``material_cooperation``, ``verbal_conflict``,
        ``material_conflict`` (event counts), ``goldstein_sum10`` (integer, Goldstein points
        × 10), ``goldstein_n`` (events with a Goldstein score) and the ``n_<type>`` counts of
        :data:`latticework.events.cameo.EVENT_TYPE_COLUMNS`.
    """
    import ibis

    unit = FREQS[freq]
    t = t.filter(t.a.notnull(), t.b.notnull(), t.a != t.b)
    if min_sources > 1:
        t = t.filter(t.num_sources >= min_sources)
    if start is not None:
        t = t.filter(t.date >= start)
    if end is not None:
        t = t.filter(t.date <= end)
    if pairs:
        states = sorted({s for p in pairs for s in p})
        t = t.filter(t.a.isin(states), t.b.isin(states))
    if directed:
        ka, kb = t.a, t.b
    else:
        ka, kb = ibis.least(t.a, t.b), ibis.greatest(t.a, t.b)
    t = t.mutate(da=ka, db=kb, period=t.date.truncate(unit))
    if pairs:
        t = t.filter(ibis.or_(*[(t.da == x) & (t.db == y) for x, y in pairs]))

    def count(cond):
        return cond.ifelse(1, 0).sum()

    metrics = {"events": t.count()}
    for q, name in QUAD_CLASSES.items():
        metrics[name] = count(t.quad_class == q)
    metrics["goldstein_sum10"] = (t.goldstein * 10).round().cast("int64").sum()
    metrics["goldstein_n"] = count(t.goldstein.notnull())
    for etype, col in EVENT_TYPE_COLUMNS.items():
        plain, cond = _codes_for(etype)
        c = t.event_code.isin(plain) if plain else ibis.literal(False)
        for code in cond:
            need = CAMEO_EVENT_TYPE_CONDITIONS[code]
            c = c | ((t.event_code == code) & ((t.actor1_type == need) | (t.actor2_type == need)))
        metrics[col] = count(c)
    return t.group_by(["period", "da", "db"]).aggregate(**metrics)


def _resolve(code: str) -> str:
    """An ISO3 code from an ISO3/CAMEO code or a country name."""
    raw = str(code).strip()
    if not raw:
        raise UsageError("empty state in dyads", "give ISO3 codes such as USA, JPN")
    from latticework.states import names_to_iso3

    key = raw.upper() if len(raw) == 3 else raw
    iso = names_to_iso3([key])[key]
    if iso:
        return iso
    raise UnknownState(raw)


def _parse_dyads(dyads) -> list[tuple[str, str]]:
    if dyads is None:
        return []
    if isinstance(dyads, str) or (isinstance(dyads, tuple) and len(dyads) == 2 and all(isinstance(x, str) for x in dyads)):
        dyads = [dyads]
    out = []
    for d in dyads:
        if isinstance(d, str):
            parts = d.replace("–", "-").split("-")
            if len(parts) != 2:
                raise UsageError(f"dyad {d!r} is not of the form A-B", "write dyads as USA-JPN")
            d = parts
        if len(d) != 2:
            raise UsageError(f"dyad {d!r} is not a pair", "give pairs such as ('USA', 'JPN')")
        a, b = _resolve(d[0]), _resolve(d[1])
        if a == b:
            raise UsageError(f"dyad {d!r} pairs {a} with itself", "a dyad is two different states")
        out.append((a, b))
    return out


def _events_root(db=None, path=None) -> Path:
    if path is not None:
        root = Path(path).expanduser()
    elif db is not None and getattr(db, "cache_dir", None) is not None:
        root = Path(db.cache_dir) / "events"
    else:
        from latticework.events.ingest import events_dir

        root = events_dir()
    if not any(root.glob("year=*/month=*/*.parquet")):
        raise UsageError(f"no ingested events under {root}",
                         "run `latticework events ingest FILE...` first (or pass path= to a Parquet events folder)")
    return root


_SPARK = {}


def spark_session(master: str | None = None):
    """A SparkSession for the event series (created once per process and master).

    Parameters
    ----------
    master : str, optional
        Spark master URL (``local[*]``, ``spark://host:7077`` …); default: the
        ``LATTICEWORK_SPARK_MASTER`` environment variable, else ``local[*]`` (every local core).

    Returns
    -------
    pyspark.sql.SparkSession
        The session for that master, cached for the process: a second call with the same master
        returns it unchanged. Built with ``getOrCreate`` (a session already running in the process
        is reused), in UTC, with 8 shuffle partitions, no web UI and ERROR logging.
    """
    from pyspark.sql import SparkSession

    master = master or os.environ.get("LATTICEWORK_SPARK_MASTER") or "local[*]"
    if master in _SPARK:
        return _SPARK[master]
    s = (SparkSession.builder.master(master).appName("latticework-events")
         .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
         .config("spark.sql.shuffle.partitions", "8").getOrCreate())
    s.sparkContext.setLogLevel("ERROR")
    _SPARK[master] = s
    return s


def _table(engine: str, root: Path, master: str | None, spark, memory_limit: str):
    import ibis

    if engine == "duckdb":
        con = ibis.duckdb.connect(memory_limit=memory_limit)
        con.raw_sql("SET preserve_insertion_order=false")
        return con, con.read_parquet(str(root / "year=*" / "month=*" / "*.parquet"), hive_partitioning=True)
    if engine == "spark":
        con = ibis.pyspark.connect(spark or spark_session(master))
        return con, con.read_parquet(str(root))
    raise UsageError(f"unknown engine {engine!r}", "use engine='duckdb' or engine='spark'")


def interactions(db=None, dyads=None, freq: str = "month", min_sources: int = 1,
                 engine: str = "duckdb", *, directed: bool = False, path=None, start=None,
                 end=None, fill: bool = True, master: str | None = None, spark=None,
                 memory_limit: str = "1GB") -> pd.DataFrame:
    """Cooperation and conflict between states per dyad and period, from ingested event data.

    For each dyad (A, B) and period, over the events whose two actors map to the states A and B:

    - ``events``: number of events (unit: events);
    - ``verbal_cooperation``, ``material_cooperation``, ``verbal_conflict``, ``material_conflict``:
      events per CAMEO quad class (1-4; see :mod:`latticework.events.cameo`);
    - ``goldstein_mean``: mean Goldstein score of the events, on the -10 (conflict) .. +10
      (cooperation) scale, each event weighted once (NaN when the period has no event);
    - ``n_<type>``: events of this project's event types where the CAMEO code (or PLOVER type)
      clearly maps (``n_dialogue``, ``n_coercion``, ``n_force_posture``, ...; table in
      ``docs/events.md``).

    Undirected by default: A->B and B->A events both count for the dyad as the caller wrote it.
    With ``directed=True`` only events initiated by A (actor 1) towards B (actor 2) count.

    Parameters
    ----------
    db : Store, optional
        The project's store; only its ``cache_dir`` is used (events live in ``<cache_dir>/events``).
    dyads : list of (str, str) or "A-B" strings, optional
        States by ISO3 code (CAMEO codes and English names are resolved too). None: every dyad
        present (then only periods with events are returned).
    freq : {"day", "week", "month", "quarter", "year"}
        Period length; a period is labelled by its first day (weeks start on Monday).
    min_sources : int
        Keep only events reported by at least this many sources (GDELT ``NumSources``); events of
        formats without a source count (ICEWS, POLECAT) are kept only when ``min_sources <= 1``.
    engine : {"duckdb", "spark"}
        Embedded DuckDB (default) or Spark (``master`` URL, or an existing ``spark`` session).
    directed : bool
        Count A->B only (see above).
    path : path-like, optional
        A Parquet events folder (``year=*/month=*/*.parquet``) instead of ``db``'s.
    start, end : date-like, optional
        First and last event day to count.
    fill : bool
        With ``dyads`` given, add zero rows for the periods without events between the first and
        last period the store covers (or ``start``/``end``).
    master : str, optional
        Spark master URL, used with ``engine="spark"`` when no ``spark`` session is given
        (default as in :func:`spark_session`: ``LATTICEWORK_SPARK_MASTER``, else ``local[*]``).
    spark : pyspark.sql.SparkSession, optional
        An existing Spark session to run on (``engine="spark"`` only); ``master`` is then unused.
    memory_limit : str
        DuckDB's memory limit for the query, as DuckDB writes sizes (default ``"1GB"``);
        ``engine="duckdb"`` only.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SERIES_COLUMNS`, one row per dyad and period, sorted; ``attrs`` holds
        ``unit``, ``engine``, ``directed``, ``min_sources``, ``events_dir``, ``datasets``,
        ``synthetic`` and ``sources`` (registry names for :func:`latticework.cite`), and
        ``coverage`` ({dataset: [first day, last day]} of all the stored events, ISO dates).
        ``a``, ``b`` are ISO3 codes; ``period`` is the period's first day (datetime64).

    Raises
    ------
    UsageError
        Unknown ``freq`` or ``engine``, a malformed dyad, ``min_sources < 1``, or no events ingested.
    UnknownState
        A dyad member that is neither an ISO3/CAMEO code nor a country name.

    Examples
    --------
    >>> lw.interactions(db, dyads=[("USA", "JPN")], freq="month")   # doctest: +SKIP
    """
    if freq not in FREQS:
        raise UsageError(f"unknown freq {freq!r}", f"use one of {', '.join(FREQS)}")
    if int(min_sources) < 1:
        raise UsageError(f"min_sources must be at least 1, not {min_sources}")
    asked = _parse_dyads(dyads)
    canon = [(x, y) if (directed or x <= y) else (y, x) for x, y in asked]
    pairs = sorted(set(canon)) or None
    start, end = _event_day(start, "start"), _event_day(end, "end")
    if start and end and start > end:
        raise UsageError(f"start {start} is after end {end}", "give start <= end")
    root = _events_root(db, path)
    con, t = _table(engine, root, master, spark, memory_limit)
    expr = dyad_period_expr(t, freq=freq, directed=directed, min_sources=int(min_sources),
                            pairs=pairs, start=start, end=end)
    # via Arrow, with dates as datetime64 (pyarrow's default makes slow Python date objects)
    raw = expr.to_pyarrow().to_pandas(date_as_object=False)
    cover = t.group_by("dataset").aggregate(lo=t.date.min(), hi=t.date.max()).to_pyarrow().to_pandas(
        date_as_object=False)
    raw = raw.rename(columns={"da": "a", "db": "b"})
    raw["period"] = pd.to_datetime(raw["period"]).dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")
    counts = ["events", *QUAD_CLASSES.values(), *EVENT_TYPE_COLUMNS.values()]
    for c in counts + ["goldstein_sum10", "goldstein_n"]:
        raw[c] = raw[c].fillna(0).astype("int64")
    if pairs and fill and len(cover):
        lo = pd.Timestamp(start) if start else pd.Timestamp(cover["lo"].min())
        hi = pd.Timestamp(end) if end else pd.Timestamp(cover["hi"].max())
        periods = _period_range(lo, hi, freq)
        grid = pd.MultiIndex.from_tuples([(x, y, p) for x, y in pairs for p in periods],
                                         names=["a", "b", "period"]).to_frame(index=False)
        raw = grid.merge(raw, on=["a", "b", "period"], how="left")
        for c in counts + ["goldstein_sum10", "goldstein_n"]:
            raw[c] = raw[c].fillna(0).astype("int64")
    g = raw["goldstein_n"].where(raw["goldstein_n"] > 0)
    raw["goldstein_mean"] = raw["goldstein_sum10"] / (10.0 * g)
    # label undirected dyads as the caller wrote them
    if asked and not directed:
        frames = []
        for x, y in dict.fromkeys(asked):
            cx, cy = (x, y) if x <= y else (y, x)
            part = raw[(raw["a"] == cx) & (raw["b"] == cy)].copy()
            part["a"], part["b"] = x, y
            frames.append(part)
        raw = pd.concat(frames, ignore_index=True) if frames else raw.iloc[0:0]
    out = raw[list(SERIES_COLUMNS)].sort_values(["a", "b", "period"]).reset_index(drop=True)
    datasets = sorted(cover["dataset"].dropna().tolist())
    synthetic = _synthetic(root)
    out.attrs.update({
        "unit": f"dyad-{freq}", "engine": engine, "directed": directed, "min_sources": int(min_sources),
        "events_dir": str(root), "datasets": datasets, "synthetic": synthetic,
        "sources": [] if synthetic else (["gdelt_samples"] if "gdelt" in datasets else []),
        "coverage": {r.dataset: [str(pd.Timestamp(r.lo).date()), str(pd.Timestamp(r.hi).date())]
                     for r in cover.itertuples()},
    })
    if engine == "duckdb":
        con.disconnect()
    return out


def _event_day(value, name: str) -> date | None:
    """``value`` (a date, datetime, Timestamp or ISO ``YYYY-MM-DD`` string) as a date, or a
    UsageError naming the argument: never pandas' own parser error, never a guessed day."""
    if value is None:
        return None
    if isinstance(value, (date, pd.Timestamp)):
        return pd.Timestamp(value).date()
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"{name}={value!r} is not a real day", "give a date or 'YYYY-MM-DD', e.g. '2024-01-31'") from None


def _period_range(lo: pd.Timestamp, hi: pd.Timestamp, freq: str) -> list[pd.Timestamp]:
    if freq == "day":
        return list(pd.date_range(lo.normalize(), hi.normalize(), freq="D"))
    if freq == "week":
        first = (lo - pd.Timedelta(days=lo.weekday())).normalize()
        return list(pd.date_range(first, hi.normalize(), freq="7D"))
    if freq == "month":
        return list(pd.date_range(lo.to_period("M").start_time, hi.normalize(), freq="MS"))
    if freq == "quarter":
        return list(pd.date_range(lo.to_period("Q").start_time, hi.normalize(), freq="QS"))
    return list(pd.date_range(lo.to_period("Y").start_time, hi.normalize(), freq="YS"))


def _synthetic(root: Path) -> bool:
    meta = root / "_meta.json"
    try:
        return bool(json.loads(meta.read_text()).get("synthetic", False))
    except (OSError, ValueError):
        return False
