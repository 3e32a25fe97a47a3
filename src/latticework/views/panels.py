"""Panels over the store: the unit of analysis first, then columns added without changing rows.

As in peacesciencer, a panel is built from a skeleton (state-years or directed dyad-years,
following COW's membership rule) and each dataset adds columns; adding data never changes the
row count. A year past a source's coverage has NULL values and a ``*_coverage`` column saying
``past coverage``, never 0.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa

from latticework.errors import MalformedSource, UsageError
from latticework.vocabulary import ORGANISATIONS
from latticework.views.ties import TieTable
from latticework.views.verbs import DYAD_VERBS, STATE_ONLY_VERBS, STATE_VERBS, add_dyad_verbs, add_state_verbs
from latticework.years import accepts_years, parse_years

__all__ = ["capabilities", "ties", "state_years", "dyad_years", "events", "with_sources"]

COVERED, PAST = "covered", "past coverage"


def with_sources(df: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """Attach the registry sources a result used (read by ``lw.cite``).

    Parameters
    ----------
    df : pandas.DataFrame
        The result; its ``attrs`` are changed in place.
    sources : list of str
        Registry names of the sources it used (added to any already in ``attrs["sources"]``).

    Returns
    -------
    pandas.DataFrame
        ``df`` itself, with ``attrs["sources"]`` the sorted union of both lists, each name once.
    """
    df.attrs["sources"] = sorted(set(df.attrs.get("sources", [])) | set(sources))
    return df


def _years(years, default=(1816, 2024)) -> tuple[int, int]:
    """``(first, last)`` of any ``years=`` form (the one parser: :mod:`latticework.years`)."""
    return parse_years(years, default=default).span(default)


def capabilities(db, state, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Military capabilities of one state, one row per year from ``start`` to ``end``.

    Columns: ``year``, ``ccode``, ``iso3``; SIPRI ``milex_constant_usd`` (US$, constant 2023
    prices), ``milex_current_usd`` (US$, current prices), ``milex_gdp_share`` (fraction of GDP),
    ``milex_rank`` (world rank by current US$, 1 = largest), ``milex_source``; NMC ``cinc``
    (share of world capability, 0–1), ``milper`` (personnel), ``milex_nmc_usd`` (US$ current),
    ``tpop`` (population), ``cinc_source``; ``sipri_coverage`` / ``nmc_coverage``
    (``covered`` or ``past coverage``). Years with no row are kept with NULLs.

    Parameters
    ----------
    db : Store
        The open store.
    state : str or int
        Any name or code the store resolves (:meth:`Store.state`, read as of today: "Germany" is
        COW 255 whatever the years).
    start, end : int, optional
        First and last calendar year, both included (default 1946 and the store's last year,
        ``db.latest_year``); years outside the state's existence are kept, with NULLs.

    Returns
    -------
    pandas.DataFrame
        The columns above, one row per year in order; US$ figures in dollars (not millions),
        ``milper`` and ``tpop`` in persons. ``*_coverage`` says ``past coverage`` on both sides of
        a source's years (:meth:`Store.coverage` of ``sipri_milex`` and ``cow_nmc``). ``attrs["state"]``
        is the state's ISO3 code (COW abbreviation if it has none); ``attrs["sources"]`` names
        ``sipri_milex``, ``cow_nmc``, ``cow_system`` and ``countrycode``.

    Raises
    ------
    UsageError
        ``start`` after ``end``.
    UnknownState
        ``state`` does not resolve.
    """
    s = db.state(state)
    s0, s1 = db.coverage("sipri_milex")
    n0, n1 = db.coverage("cow_nmc")
    start = start if start is not None else 1946
    end = end if end is not None else db.latest_year
    if start > end:
        raise UsageError(f"start {start} is after end {end}", "give start <= end")
    df = db.sql("""
        SELECT y.year, ? AS ccode, c.milex_constant_usd_m * 1e6 AS milex_constant_usd,
               c.milex_current_usd_m * 1e6 AS milex_current_usd, c.milex_gdp_share, c.milex_rank,
               c.cinc, c.milper_k * 1000 AS milper, c.milex_nmc_kusd * 1000 AS milex_nmc_usd,
               c.tpop_k * 1000 AS tpop
        FROM range(?, ? + 1) y(year) LEFT JOIN capabilities c ON c.ccode = ? AND c.year = y.year
        ORDER BY y.year""", [s.ccode, start, end, s.ccode])
    df.insert(2, "iso3", s.iso3)
    sipri = f"SIPRI Military Expenditure Database ({db.sources.set_index('name').loc['sipri_milex', 'version']})"
    nmc = f"COW NMC {db.sources.set_index('name').loc['cow_nmc', 'version']}"
    df["milex_source"] = np.where(df["milex_constant_usd"].notna() | df["milex_current_usd"].notna(), sipri, None)
    df["cinc_source"] = np.where(df["cinc"].notna(), nmc, None)
    df["sipri_coverage"] = np.where(df["year"].between(s0, s1), COVERED, PAST)
    df["nmc_coverage"] = np.where(df["year"].between(n0, n1), COVERED, PAST)
    df["milex_rank"] = df["milex_rank"].astype("Int32")
    df.attrs["state"] = s.code
    return with_sources(df, ["sipri_milex", "cow_nmc", "cow_system", "countrycode"])


def _layer_list(layer) -> list[str] | None:
    if layer is None:
        return None
    return [layer] if isinstance(layer, str) else list(layer)


def ties(db, layer=None, year: int | None = None, state=None, carry_forward: bool = False) -> pd.DataFrame:
    """Ties, optionally only those of ``layer`` (a name or list), in force in ``year``, touching ``state``.

    Which ties are in force in ``year`` is the rule of :mod:`latticework.views.ties`; with
    ``carry_forward`` the ties used past their source's coverage are also returned, flagged
    ``carried_forward``.

    Parameters
    ----------
    db : Store
    layer : str or list of str, optional
        Tie layers; default all.
    year : int, optional
        Calendar year; default: every tie, whatever its years.
    state : str or int, optional
        Keep the ties with this state (any name or code) at either end.
    carry_forward : bool
        Apply the carry rules of :mod:`latticework.views.ties`.

    Returns
    -------
    pandas.DataFrame
        The ``ties`` table's columns (``a``, ``b`` COW codes; ``start_year``, ``end_year``,
        ``coverage_end`` calendar years; ``weight`` in the layer's unit) and ``carried_forward``,
        ordered by layer, a, b, start year; ``attrs["sources"]`` names the registry sources used.
    """
    where, params = [], []
    layers = _layer_list(layer)
    if layers:
        where.append(f"layer IN ({','.join('?' * len(layers))})")
        params += layers
    if state is not None:
        s = db.state(state)
        where.append("(a = ? OR b = ?)")
        params += [s.ccode, s.ccode]
    sql = "SELECT * FROM ties" + (" WHERE " + " AND ".join(where) if where else "")
    df = db.sql(sql + " ORDER BY layer, a, b, start_year", params)
    df["carried_forward"] = False
    if year is not None and len(df):
        mask, cf = TieTable(df).in_force_mask(int(year), carry_forward)
        df = df.assign(carried_forward=cf)[mask].reset_index(drop=True)
    return with_sources(df, sorted(set(df["source"].dropna()) - {"ledger"}) or [])


@accepts_years(default=(1816, 2024))
def state_years(db, states=None, years=None, with_=("capabilities",)) -> pd.DataFrame:
    """State-year panel: every COW member in each year, with columns from ``with_``.

    ``with_`` items: ``capabilities`` (the capabilities table), ``economy`` (WDI, COW trade, IGOs,
    ODA), ``alignment`` (UN ideal points), ``troops`` (US troops hosted), and the verbs of
    :mod:`latticework.views.verbs`: ``democracy`` (V-Dem polyarchy 0–1, Polity2 −10–10, extended
    UDS), ``gdp`` (GDP in millions of US$, GDP per person in US$, population in millions, each
    with its sd), ``threat`` (latent territorial threat), ``ucdp`` (armed conflict as a primary
    party: ongoing, onset, by type, intensity), ``mids`` (any MID that year), ``wars`` (inter- and
    intra-state war), ``rivalries`` (number of rivals, both sets), ``leaders`` (the leader in
    office longest that year, tenure in years, LEAD attributes). Each verb adds
    ``<verb>_coverage``; past a source's last year its values are NULL, never 0. Membership
    follows the COW directed dyad-year skeleton, so it runs to 2024.

    Parameters
    ----------
    db : Store
        The open store.
    states : str, int or list, optional
        States to keep (one name or code, or a list of them, each resolved as of today);
        default every COW member.
    years : int, (int, int), range or list, optional
        A year, an inclusive span of calendar years (either end None: 1816 / 2024), a range or a
        list of years (:mod:`latticework.years`); default 1816–2024. Years after the store's last
        year raise :class:`~latticework.errors.PastCoverage`.
    with_ : sequence of str
        The tables and verbs above (default ``("capabilities",)``; None or empty: no columns
        beyond ``ccode`` and ``year``). Another name raises ``UsageError``.

    Returns
    -------
    pandas.DataFrame
        One row per COW member and year, sorted by ``ccode``, ``year``: ``ccode`` (COW code),
        ``year`` (calendar year), then each table's columns in their stored units (e.g.
        ``capabilities``: ``milex_constant_usd_m`` US$ millions at constant 2023 prices,
        ``milex_current_usd_m`` US$ millions, ``milex_gdp_share`` fraction, ``milex_nmc_kusd``
        thousands of US$, ``milper_k`` and ``tpop_k`` thousands, ``cinc`` share 0–1;
        ``economy``, ``alignment``, ``troops``: see :mod:`latticework.sources.datasets`), NULL
        where the table has no row, then each verb's columns and ``<verb>_coverage``.
        ``attrs["sources"]`` names the registry sources used.
    """
    y0, y1 = _years(years)
    sql = "SELECT DISTINCT ccode1 AS ccode, year FROM dyad_skeleton WHERE year BETWEEN ? AND ?"
    params: list = [y0, y1]
    if states is not None:
        codes = [db.state(s).ccode for s in ([states] if isinstance(states, (str, int)) else states)]
        sql += f" AND ccode1 IN ({','.join('?' * len(codes))})"
        params += codes
    joins, cols, srcs = [], [], ["cow_system"]
    tables = {"capabilities": ["sipri_milex", "cow_nmc"], "economy": ["wdi", "cow_trade", "cow_igo", "sdp_gdp", "oda_one"],
              "alignment": ["unga"], "troops": ["troopdata"]}
    verbs = [w for w in (with_ or ()) if w in STATE_VERBS or w in STATE_ONLY_VERBS]
    for w in with_ or ():
        if w not in tables and w not in verbs:
            raise UsageError(f"with_={w!r}", f"choose from {', '.join([*tables, *STATE_VERBS, *STATE_ONLY_VERBS])}")
    for i, w in enumerate(w for w in (with_ or ()) if w in tables):
        joins.append(f"LEFT JOIN {w} t{i} ON t{i}.ccode = k.ccode AND t{i}.year = k.year")
        cols.append(f"t{i}.* EXCLUDE (ccode, year)")
        srcs += tables[w]
    q = f"SELECT k.ccode::INTEGER AS ccode, k.year::INTEGER AS year{''.join(', ' + c for c in cols)} FROM ({sql}) k {' '.join(joins)} ORDER BY 1, 2"
    df = db.sql(q, params)
    srcs += add_state_verbs(db, df, verbs)
    return with_sources(df, srcs)


_NMC_COLS = {"cinc": "cinc", "milex": "milex_nmc_kusd", "milper": "milper_k", "tpop": "tpop_k"}
_OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")


@accepts_years(default=(1816, 2024))
def dyad_years(db, directed: bool = True, years=None, with_=("alliances", "capabilities"), states=None) -> pd.DataFrame:
    """Directed (or non-directed) dyad-years with ATOP obligations and NMC for both sides.

    The skeleton is COW's directed dyad-years (both states members on a common day of the year),
    1816–2024, sorted by ``ccode1, ccode2, year``; non-directed keeps ``ccode1 < ccode2``.
    ``alliances`` adds ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg``,
    ``atop_consul`` (1 = ccode1 has that obligation toward ccode2; 0 within ATOP's coverage
    1815–2018; NULL after) and ``atop_coverage``. ``capabilities`` adds NMC ``cinc1``, ``cinc2``,
    ``milex1``, ``milex2`` (thousands of current US$), ``milper1``, ``milper2`` (thousands),
    ``tpop1``, ``tpop2`` (thousands) — NULL after NMC's last year (2022) — and ``nmc_coverage``.
    Adding columns never changes the row count (the peacesciencer invariant). The verbs of
    :mod:`latticework.views.verbs` add more: ``mids`` (GML MIDs 2.2.1, one dispute per dyad-year
    by peacesciencer's whittling rules: ``gmlmidonset``, ``gmlmidongoing``, ``gml_hostlev``,
    ``gml_fatality``, side A and revisionist flags per side; 1816–2010), ``wars`` (COW inter-state
    war onset/ongoing; 1816–2007), ``rivalries`` (``td_rivalry`` to 2010, ``tss_rivalry`` and its
    types to 2020), ``ucdp`` (``ucdp_opposed``: on opposite sides of an armed conflict, and each
    side's state-year UCDP columns; 1946–2024), ``threat``, ``democracy``, ``gdp`` (each side's
    state-year values, suffixed 1 and 2).

    How it is computed: the result is a left join of the skeleton with ATOP's dyad-years and,
    twice, with NMC's state-years. A SQL hash join plus ORDER BY in DuckDB took 0.29–0.34 s for
    the full panel; the shapes allow a join by position instead (0.05–0.08 s, see
    ``benchmarks/bench_dyad_years.py``). The skeleton is stored sorted and unique on (ccode1,
    ccode2, year), so the output order is a check, not a sort, and each ATOP row's place is a
    binary search over integer dyad-year keys. NMC is small and dense in (ccode, year), so each
    side's value is one ``np.take`` from a grid, NaN → NULL. The result equals the SQL left join
    (``tests/foundation/test_dyad_panel.py``); repeated keys raise rather than pick a row.

    Parameters
    ----------
    db : Store
        The open store.
    directed : bool
        Directed dyads (both orders; default) or non-directed (the rows with ``ccode1 <
        ccode2``; ATOP values stay ccode1's obligations toward ccode2).
    years : int, (int, int), range or list, optional
        A year, an inclusive span of calendar years (either end None: 1816 / 2024), a range or a
        list of years (:mod:`latticework.years`); default 1816–2024. Years after the store's last
        year raise :class:`~latticework.errors.PastCoverage`.
    with_ : sequence of str
        ``alliances``, ``capabilities`` and the verbs above (default ``("alliances",
        "capabilities")``; None or empty: the skeleton only). Another name raises ``UsageError``.
    states : str, int or list, optional
        Keep the dyads with one of these states (names or codes, resolved as of today) at either
        end; default every dyad.

    Returns
    -------
    pandas.DataFrame
        Sorted by ``ccode1``, ``ccode2``, ``year`` (COW codes, calendar year); the columns above
        (ATOP obligations 0/1 as int8, NMC values as floats in the units above, NULL outside the
        source's years), ``atop_coverage`` / ``nmc_coverage`` (categorical ``covered`` / ``past
        coverage``) and each verb's columns. Columns from the skeleton, ATOP and NMC are
        Arrow-backed (``pandas.ArrowDtype``). ``attrs["sources"]`` names the registry sources used.
    """
    y0, y1 = _years(years)
    with_ = tuple(with_ or ())
    extra = [w for w in with_ if w not in ("alliances", "capabilities")]
    for w in extra:
        if w not in DYAD_VERBS and w not in STATE_VERBS:
            raise UsageError(f"with_={w!r}", "choose from alliances, capabilities, "
                             + ", ".join(sorted({*DYAD_VERBS, *STATE_VERBS})))
    where = ["year BETWEEN ? AND ?"]
    params: list = [y0, y1]
    if not directed:
        where.append("ccode1 < ccode2")
    if states is not None:
        codes = [db.state(s).ccode for s in ([states] if isinstance(states, (str, int)) else states)]
        marks = ",".join("?" * len(codes))
        where.append(f"(ccode1 IN ({marks}) OR ccode2 IN ({marks}))")
        params += codes + codes
    queries = {"skeleton": (f"SELECT ccode1, ccode2, year FROM dyad_skeleton WHERE {' AND '.join(where)}", params)}
    if "alliances" in with_:
        a0, a1 = db.coverage("atop_ddy")
        queries["atop"] = ("SELECT ccode1, ccode2, year, " + ", ".join(f"atop_{o}" for o in _OBLIGATIONS)
                           + " FROM alliance_dyad_years WHERE year BETWEEN ? AND ?", [y0, y1])
    if "capabilities" in with_:
        n0, n1 = db.coverage("cow_nmc")
        queries["nmc"] = ("SELECT ccode, year, " + ", ".join(_NMC_COLS.values())
                          + " FROM capabilities WHERE year BETWEEN ? AND ?", [y0, y1])
    got = db.arrow(queries)
    sk = got["skeleton"].combine_chunks()
    c1, c2, year = (sk[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    codec = _DyadKey(c1, c2, year, got.get("atop"))
    # The build stores the skeleton sorted and a table scan keeps insertion order, so this is
    # normally a check of a few ms; a store or overlay written out of order is sorted here.
    key, order = _sorted_keys(codec(c1, c2, year), "dyad_skeleton")
    if order is not None:
        sk = sk.take(order)
        c1, c2, year = (sk[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    cols: dict[str, pa.Array] = {c: sk[c] for c in ("ccode1", "ccode2", "year")}
    srcs = ["cow_system"]
    # Independent jobs on two threads (NumPy and Arrow release the GIL): the ATOP columns, the
    # grid cells of each side, then one job per NMC column and side.
    with ThreadPoolExecutor(max_workers=2) as pool:
        atop_job = None
        if "alliances" in with_:
            atop_job = pool.submit(_atop_columns, codec, got["atop"], key, year, a0, a1)
            srcs.append("atop_ddy")
        nmc_jobs = {}
        if "capabilities" in with_:
            cells = {side: pool.submit(_StateYearGrid.cells, codec, codes, year) for side, codes in (("1", c1), ("2", c2))}
            grid = _StateYearGrid(got["nmc"], codec)
            for side, cell in cells.items():
                nmc_jobs.update({f"{name}{side}": pool.submit(grid.take, name, cell.result()) for name in _NMC_COLS})
            srcs.append("cow_nmc")
        if atop_job is not None:
            cols.update(atop_job.result())
        cols.update({name: job.result() for name, job in nmc_jobs.items()})
    df = pa.table(cols).to_pandas(types_mapper=pd.ArrowDtype)
    if "alliances" in with_:
        df["atop_coverage"] = _coverage_flag(year, a0, a1)
    if "capabilities" in with_:
        df["nmc_coverage"] = _coverage_flag(year, n0, n1)
    if extra:
        srcs += add_dyad_verbs(db, df, extra, codec, key)
    return with_sources(df, srcs)


class _DyadKey:
    """Integer codes for dyad-years that sort as (ccode1, ccode2, year) does.

    ``key = (ccode1 * width + ccode2) * span + (year - first)``, where ``width`` is one more than
    the largest state code and ``span`` the number of years seen (in the skeleton and in ATOP);
    int32 when that fits (COW: 1000 × 1000 × 209 < 2³¹), else int64.
    """

    def __init__(self, c1, c2, year, atop: pa.Table | None = None):
        parts = [(c1, c2, year)]
        if atop is not None and atop.num_rows:
            parts.append(tuple(atop[c].to_numpy() for c in ("ccode1", "ccode2", "year")))
        seen = [p for p in parts if len(p[2])]
        self.first = int(min(p[2].min() for p in seen)) if seen else 0
        self.span = (int(max(p[2].max() for p in seen)) - self.first + 1) if seen else 1
        self.width = (int(max(max(p[0].max(), p[1].max()) for p in seen)) + 1) if seen else 1
        if min((int(p[0].min()) for p in seen), default=0) < 0 or min((int(p[1].min()) for p in seen), default=0) < 0:
            raise MalformedSource("dyad_skeleton/alliance_dyad_years: negative state code",
                                  "rebuild the store with `latticework build`")
        self.dtype = np.int32 if self.width * self.width * self.span < 2**31 else np.int64

    def __call__(self, c1, c2, year) -> np.ndarray:
        key = c1.astype(self.dtype)
        key *= self.width
        key += c2
        key *= self.span
        key -= self.first  # before adding the year, so no step exceeds the final range
        key += year
        return key


def _increasing(a: np.ndarray) -> bool:
    """Whether ``a`` is strictly increasing."""
    return bool((a[1:] > a[:-1]).all())


def _sorted_keys(key: np.ndarray, table: str) -> tuple[np.ndarray, pa.Array | None]:
    """``key`` in increasing order and the permutation that sorted it (None if it already was);
    a repeated key is a MalformedSource naming ``table``."""
    if _increasing(key):
        return key, None
    order = np.argsort(key, kind="stable")
    key = key[order]
    if not _increasing(key):
        raise MalformedSource(f"{table}: repeated (ccode1, ccode2, year) rows",
                              "rebuild the store with `latticework build`")
    return key, pa.array(order)


def _atop_columns(codec: _DyadKey, atop: pa.Table, key: np.ndarray, year: np.ndarray,
                  first: int, last: int) -> dict[str, pa.Array]:
    """ATOP obligation columns aligned to the sorted skeleton keys ``key``: ATOP's value (0/1)
    where it has the dyad-year, 0 for other dyad-years inside ATOP's coverage
    (``first``–``last``), NULL outside it. An ATOP row whose dyad-year is not in the skeleton
    matches nothing, as in a left join."""
    n = len(key)
    akey, order = _sorted_keys(codec(*(atop[c].to_numpy() for c in ("ccode1", "ccode2", "year"))),
                               "alliance_dyad_years")
    if order is not None:
        atop = atop.take(order)
    pos = np.searchsorted(key, akey)
    pos[pos == n] = 0
    hit = (key[pos] == akey) if n else np.zeros(len(akey), bool)
    pos = pos[hit]
    inside = (year >= first) & (year <= last)
    validity = pa.py_buffer(np.packbits(inside, bitorder="little"))
    nulls = int(n - np.count_nonzero(inside))
    out = {}
    for o in _OBLIGATIONS:
        values = np.zeros(n, dtype=np.int8)
        values[pos] = atop[f"atop_{o}"].to_numpy(zero_copy_only=False)[hit]
        out[f"atop_{o}"] = pa.Array.from_buffers(pa.int8(), n, [validity, pa.py_buffer(values)], null_count=nulls)
    return out


class _StateYearGrid:
    """NMC's columns laid out on a dense (ccode, year) grid, NaN where NMC has no value or no row.

    One dyad side's value is then one array lookup at ``ccode * span + (year - first)``; the
    result's NULLs are where the grid is NaN, as in a left join. The grid is small (COW: 1000
    codes × 209 years, 1.7 MB per column) and is built once per panel.
    """

    def __init__(self, nmc: pa.Table, codec: _DyadKey):
        ccode, yr = nmc["ccode"].to_numpy(), nmc["year"].to_numpy()
        self.first, self.span, self.width = codec.first, codec.span, codec.width
        inside = (ccode >= 0) & (ccode < self.width) & (yr >= self.first) & (yr < self.first + self.span)
        cell = ccode[inside].astype(np.int64) * self.span + (yr[inside] - self.first)
        if len(np.unique(cell)) < len(cell):
            raise MalformedSource("capabilities: repeated (ccode, year) rows", "rebuild the store with `latticework build`")
        self.grid = {}
        for name, col in _NMC_COLS.items():
            g = np.full(self.width * self.span, np.nan)
            g[cell] = nmc[col].cast(pa.float64()).to_numpy(zero_copy_only=False)[inside]
            self.grid[name] = g

    @staticmethod
    def cells(codec: _DyadKey, codes: np.ndarray, year: np.ndarray) -> np.ndarray:
        """Grid position of each (code, year): ``code * span + (year - first)``.

        Native-width integers: ``np.take`` converts other index types first, holding the GIL
        (with int32 the two threads ran no faster than one)."""
        cell = codes.astype(np.intp)
        cell *= codec.span
        cell += year
        cell -= codec.first
        return cell

    def take(self, name: str, cell: np.ndarray) -> pa.Array:
        """Column ``name`` at grid positions ``cell``, as float64 with NULL where the grid is NaN."""
        buffer = pa.allocate_buffer(len(cell) * 8)  # Arrow's pool: reused across calls, fewer page faults
        values = np.frombuffer(buffer, dtype=np.float64)
        np.take(self.grid[name], cell, out=values, mode="clip")  # cells are in range by construction
        missing = np.isnan(values)
        nulls = int(np.count_nonzero(missing))
        bitmap = pa.py_buffer(np.packbits(~missing, bitorder="little")) if nulls else None
        return pa.Array.from_buffers(pa.float64(), len(values), [bitmap, buffer], null_count=nulls)


def _coverage_flag(year: np.ndarray, first: int, last: int) -> pd.Categorical:
    """'covered' inside a source's years, 'past coverage' outside (categorical: cheap at 2M rows)."""
    outside = (year < first) | (year > last)
    return pd.Categorical.from_codes(outside.view(np.int8), categories=[COVERED, PAST])


def events(db, actor=None, type=None, start=None, end=None) -> pd.DataFrame:
    """Ledger events, filtered by actor (any resolvable name or an organisation code), type, years.

    Parameters
    ----------
    db : Store
        The open store.
    actor : str or int, optional
        Any state name or code (resolved as of today to its ISO3 code, or its COW abbreviation if
        it has none), or an organisation code of :data:`latticework.vocabulary.ORGANISATIONS`
        (``NATO``; case ignored). Keeps the events that list it among their ``actors``.
    type : str, optional
        An event type (``EXERCISE``, ``ACCESS_AGREEMENT`` …; case ignored; an unknown type
        matches nothing).
    start, end : int, optional
        First and last calendar year of the event's ``year``, both included.

    Returns
    -------
    pandas.DataFrame
        The store's ``events`` rows, ordered by ``date_start`` then ``event_id``: ``event_id``,
        ``origin``, ``type``, ``date`` (as recorded), ``date_start``, ``date_end`` (datetime64),
        ``year`` (calendar year), ``date_kind``, ``actors`` (ISO3 and organisation codes),
        ``actors_text``, ``summary``, ``quantities``, ``attributes`` and ``sources`` (JSON
        text), ``verified``, ``file``, ``line`` (where the record is in ``data/ledger``). No
        ``attrs["sources"]`` is set. A store whose ``events`` table lacks ``event_id`` gives an
        empty DataFrame without columns.

    Raises
    ------
    UnknownState
        ``actor`` is neither an organisation code nor a resolvable state.
    """
    where, params = [], []
    if actor is not None:
        code = str(actor).upper()
        if code not in ORGANISATIONS:
            code = db.state(actor).code
        where.append("list_contains(actors, ?)")
        params.append(code)
    if type is not None:
        where.append("type = ?")
        params.append(str(type).upper())
    if start is not None:
        where.append("year >= ?")
        params.append(int(start))
    if end is not None:
        where.append("year <= ?")
        params.append(int(end))
    if "event_id" not in [c for c in db.sql("SELECT * FROM events LIMIT 0").columns]:
        return pd.DataFrame()
    sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY date_start, event_id"
    return db.sql(sql, params)
