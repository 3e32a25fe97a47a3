"""What every dataset reader needs: the cached files, the code crosswalk, and a place to report
rows that do not map to a state.

Codes are not names and not all one scheme. Every reader maps its own codes or names to
Correlates of War (COW) state codes through :class:`Crosswalk`; a row that does not map is kept
out of the state tables *and reported* in the store's ``unmapped`` table with its file, line and
the reason — nothing is silently dropped.
"""
from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from latticework.errors import MalformedSource
from latticework.sources.acquire import require
from latticework.sources.registry import Registry, load_registry

__all__ = ["BuildContext", "Crosswalk", "normalize_name", "read_rdata"]


def normalize_name(name: str) -> str:
    """Lower-case ASCII form of a name for matching ("Türkiye" → "turkiye").

    Parameters
    ----------
    name : str
        Any name (another type is passed through ``str`` first).

    Returns
    -------
    str
        The name decomposed (NFKD) with accents and other non-ASCII characters dropped, lower-cased,
        each run of characters other than ``a-z``/``0-9`` made one space, ends trimmed
        ("Côte d'Ivoire" → "cote d ivoire").
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


# Names used by the sources for states that no longer exist or that the general name lookups
# get wrong, with the COW code they mean. Year-dependent cases are handled in Crosswalk.to_cow.
_HISTORICAL_NAMES = {
    "ussr": 365, "soviet union": 365, "german dr": 265, "east germany": 265,
    "german democratic republic": 265, "east germany gdr": 265, "germany east": 265,
    "germany west": 260, "west germany": 260, "west germany frg": 260, "german federal republic": 260,
    "yemen north": 678, "north yemen": 678, "yemen arab republic": 678, "yemen south": 680,
    "south yemen": 680, "yemen people s republic": 680, "czechoslovakia": 315,
    "yugoslavia": 345, "serbia and montenegro": 345, "serbia": 345, "kosovo": 347,
    "vietnam south": 817, "south vietnam": 817, "viet nam south": 817, "republic of vietnam": 817,
    "vietnam north": 816, "north vietnam": 816, "taiwan": 713, "taiwan roc": 713,
    "korea south": 732, "south korea": 732, "korea north": 731, "north korea": 731,
    "zanzibar": 511, "micronesia": 987, "congo dr": 490, "dr congo": 490, "congo republic": 484,
    "congo": 484, "cote d ivoire": 437, "ivory coast": 437, "turkiye": 640, "turkey": 640,
    "russia": 365, "russian federation": 365,
}
_ISO3_OVERRIDES = {"SRB": 345, "XKX": 347, "KOS": 347}

#: One code, another state after a date. Sources keep a code across a change of state (troopdata
#: codes Germany 260 in every year; a SIPRI deal ordered by West Germany is delivered to unified
#: Germany; WDI's DEU is 255 in every year). Each rule says: a row that carries ``code`` in a year
#: when ``code`` is not a COW member, but ``member`` is and the year lies in [first, last], belongs
#: to ``member``. Years, not days: in a year both codes were members (1990 for 260 and 255) the
#: code stays as the source wrote it. Gleditsch–Ward codes go through isard's year crosswalk.
CODE_SUCCESSIONS: tuple[tuple[int, int, int, int, str], ...] = (
    (260, 255, 1990, 9999, "West Germany's code (260) for unified Germany (COW 255 from 1990-10-03)"),
    (255, 260, 1955, 1990, "Germany's code (255) for the Federal Republic (COW 260, 1955-05-05 to 1990-10-02)"),
    (678, 679, 1990, 9999, "North Yemen's code (678) for unified Yemen (COW 679 from 1990-05-22)"),
    (679, 678, 1926, 1990, "Yemen's code (679) for the Yemen Arab Republic (COW 678 to 1990-05-21)"),
    (315, 316, 1993, 9999, "Czechoslovakia's code (315) for the Czech Republic (COW 316 from 1993-01-01)"),
    (316, 315, 1945, 1992, "the Czech Republic's code (316) for Czechoslovakia (COW 315 to 1992-12-31)"),
    (730, 732, 1949, 9999, "Korea's code (730, the Korean Empire to 1905) for the Republic of Korea (COW 732 from 1949)"),
    (817, 816, 1975, 9999, "South Vietnam's code (817) for Vietnam (COW 816; 817 ended 1975-04-30)"),
    (340, 345, 1878, 9999, "Serbia's Gleditsch-Ward code (340) for Serbia/Yugoslavia (COW 345)"),
)


@dataclass
class Crosswalk:
    """COW ↔ ISO3 ↔ Gleditsch–Ward ↔ names, from countrycode 1.8.0 and the COW state list."""

    codelist: pd.DataFrame            # countrycode codelist_without_cldr
    cow_states: pd.DataFrame          # COW spells: ccode, stateabb, statenme, styear, endyear
    gw_panel: pd.DataFrame | None = None  # isard gw_cw_panel: gwcode, year, ccode

    @cached_property
    def _gw_year(self) -> dict[tuple[int, int], int]:
        if self.gw_panel is None:
            return {}
        p = self.gw_panel.dropna(subset=["gwcode", "ccode", "year"])
        return {(int(g), int(y)): int(c) for g, y, c in zip(p["gwcode"], p["year"], p["ccode"])}

    def gw_to_cow(self, gwcode, year: int) -> int | None:
        """COW code of the state a Gleditsch–Ward code stands for in ``year`` (isard's crosswalk).

        GW 260 is West Germany (COW 260) to 1990 and Germany (255) from 1991; GW 340 is Serbia
        (345); GW 678 is Yemen (679) from 1990. None where the crosswalk has no COW state that
        year (GW-only states such as Monaco, or years before COW entry).

        Parameters
        ----------
        gwcode : int or str
            Gleditsch–Ward code (anything ``int()`` reads; anything else gives None).
        year : int
            Calendar year.

        Returns
        -------
        int or None
            The COW code, or None (no crosswalk row for that code and year, no ``gw_panel``, or
            an unreadable code).
        """
        try:
            g = int(gwcode)
        except (TypeError, ValueError):
            return None
        return self._gw_year.get((g, int(year)))

    @cached_property
    def iso3_to_cow_map(self) -> dict[str, int]:
        cl = self.codelist
        m = {iso: int(cow) for iso, cow in zip(cl["iso3c"], cl["cown"])
             if isinstance(iso, str) and pd.notna(cow)}
        m.update(_ISO3_OVERRIDES)
        return m

    @cached_property
    def cow_to_iso3_map(self) -> dict[int, str]:
        m = {}
        for iso, cow in self.iso3_to_cow_map.items():
            if iso in ("KOS",):
                continue
            m.setdefault(cow, iso)
        m[255] = "DEU"; m[260] = "DEU"; m[365] = "RUS"; m[345] = "SRB"; m[679] = "YEM"
        return m

    @cached_property
    def name_map(self) -> dict[str, int]:
        m: dict[str, int] = {}
        cl = self.codelist
        for en, cow_name, cown in zip(cl["country.name.en"], cl["cow_name"], cl["cown"]):
            if pd.isna(cown):
                continue
            for n in (en, cow_name):
                if isinstance(n, str):
                    m.setdefault(normalize_name(n), int(cown))
        for r in self.cow_states.itertuples():
            m.setdefault(normalize_name(r.statenme), int(r.ccode))
        m.update(_HISTORICAL_NAMES)
        return m

    @cached_property
    def regexes(self) -> list[tuple[re.Pattern, int]]:
        out = []
        col = "country.name.en.regex"
        for _, r in self.codelist[[col, "cown"]].dropna().iterrows():
            try:
                out.append((re.compile(r[col], re.I), int(r["cown"])))
            except re.error:
                continue
        return out

    def iso3_to_cow(self, iso3: str) -> int | None:
        """COW code for an ISO3 code, or None.

        Parameters
        ----------
        iso3 : str
            ISO 3166-1 alpha-3 code (case ignored); also ``XKX``/``KOS`` for Kosovo.

        Returns
        -------
        int or None
            countrycode's COW code for it (``SRB`` → 345, Kosovo → 347), the same in every year
            (``DEU`` is 255: :meth:`member_code` gives a year's member); None when it has none.
        """
        return self.iso3_to_cow_map.get(str(iso3).upper())

    @cached_property
    def _member_years(self) -> dict[int, list[tuple[int, int]]]:
        spans: dict[int, list[tuple[int, int]]] = {}
        for r in self.cow_states.itertuples():
            end = 9999 if int(r.endyear) >= 2016 else int(r.endyear)  # v2016: alive then = alive since
            spans.setdefault(int(r.ccode), []).append((int(r.styear), end))
        return spans

    def is_member(self, ccode: int, year: int) -> bool:
        """Whether ``ccode`` was a COW system member at some point in ``year``.

        Parameters
        ----------
        ccode : int
            COW code.
        year : int
            Calendar year.

        Returns
        -------
        bool
            True when a COW spell of ``ccode`` covers ``year`` (start and end years included; a
            spell ending in 2016 or later, COW v2016's last year, counts as still open).
        """
        return any(a <= year <= b for a, b in self._member_years.get(int(ccode), []))

    def member_code(self, ccode: int, year: int) -> tuple[int, str]:
        """The COW member a source's ``ccode`` stands for in ``year``, and how it was decided.

        Returns ``(code, status)``: ``(ccode, "member")`` when the code is a member that year;
        ``(successor, reason)`` when a rule of :data:`CODE_SUCCESSIONS` applies (reason starts
        with "remapped"); ``(ccode, "not a COW member that year")`` otherwise (the row is kept and
        listed as an issue: e.g. US troops in occupied Germany 1950-54, before COW's 1955 entry).

        Parameters
        ----------
        ccode : int
            The code as the source writes it (COW).
        year : int
            Calendar year of the row.

        Returns
        -------
        (int, str)
            The COW code to use and the status above (``"member"``, ``"remapped: …"`` or ``"not a
            COW member that year"``).
        """
        ccode, year = int(ccode), int(year)
        if self.is_member(ccode, year):
            return ccode, "member"
        for code, member, first, last, why in CODE_SUCCESSIONS:
            if code == ccode and first <= year <= last and self.is_member(member, year):
                return member, f"remapped: {why}"
        return ccode, "not a COW member that year"

    def to_cow(self, name: str, year: int | None = None) -> int | None:
        """COW code for a state name as a source writes it, in ``year`` where codes changed.

        The name is looked up in :attr:`name_map` (then countrycode's patterns), and its code is
        read for ``year`` by :meth:`member_code`, the succession rules of every source code: "Germany"
        is 255 from 1990 (and before 1945) and 260 (GFR) 1955–1989; "Yemen" is 678 before 1990 and
        679 from 1990; a bare "Korea" is the Korean Empire (730) to 1905 and the Republic of Korea
        (732) from 1949. A name for a state that has no COW code — or whose state was not a
        COW member in ``year`` — returns None, so the reader reports it instead of misplacing it.

        Parameters
        ----------
        name : str
            The state's name as the source writes it (matched after :func:`normalize_name`).
        year : int, optional
            Calendar year of the row (None: the name's code, unchecked).

        Returns
        -------
        int or None
            The COW code, or None (no name or pattern matches, or no COW member that year).
        """
        key = normalize_name(name)
        if key in self.name_map:
            code = self.name_map[key]
        else:
            code = next((cow for rx, cow in self.regexes if rx.search(str(name))), None)
        if code is None or year is None:
            return code
        # a name whose state changed code keeps one name: the code of that year, by the same
        # succession rules as a source's codes (CODE_SUCCESSIONS: "Germany" is 260 in 1955-1989)
        code, status = self.member_code(code, year)
        return None if status == "not a COW member that year" else code


def read_rdata(path: Path, kind: str = "rda") -> pd.DataFrame:
    """Read the single data frame in an R ``.rda``/``.rds`` file, or fail naming the file.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    kind : {"rda", "rds"}
        ``"rds"``: one serialised R object, converted with ``pandas.DataFrame``; anything else
        (default ``"rda"``): an R workspace that must hold exactly one data frame.

    Returns
    -------
    pandas.DataFrame
        The data frame (for ``.rda``, with a fresh 0-based index).

    Raises
    ------
    MalformedSource
        The file cannot be read as R data, or an ``.rda`` holds no or several data frames.
    """
    import rdata

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind == "rds":
                return pd.DataFrame(rdata.read_rds(path))
            objs = rdata.read_rda(path)
    except Exception as exc:
        raise MalformedSource(f"{path}: not a readable R data file ({type(exc).__name__}: {exc})",
                              "run `latticework data pull` to fetch a good copy") from exc
    frames = [v for v in objs.values() if isinstance(v, pd.DataFrame)]
    if len(frames) != 1:
        raise MalformedSource(f"{path}: expected one data frame, found {len(frames)}",
                              "check the file against the registry")
    return frames[0].reset_index(drop=True)


@dataclass
class BuildContext:
    """Shared state of one store build: registry, cache, crosswalk, and the unmapped-row report."""

    cache: Path | None = None
    registry: Registry = field(default_factory=load_registry)
    unmapped: list[dict] = field(default_factory=list)

    def path(self, source: str, suffix: str) -> Path:
        """The cached file of ``source`` whose path ends with ``suffix`` (must be present).

        Parameters
        ----------
        source : str
            Registry name of the source.
        suffix : str
            The end of the file's path in the registry (e.g. ``"cow_states.rda"``; the first file
            that ends with it).

        Returns
        -------
        pathlib.Path
            ``<cache>/sources/<registered path>``; its sha256 is not checked here.

        Raises
        ------
        UsageError
            Unknown source, or no file of it ends with ``suffix``.
        SourceUnavailable
            The file is not in the cache.
        """
        src = self.registry[source]
        return require(src, src.file(suffix), self.cache, verify=False)

    def report_unmapped(self, source: str, file: str, frame: pd.DataFrame, what: str,
                        reason: str, line_col: str | None = None) -> None:
        """Record rows of ``frame`` that could not be mapped (kept in the ``unmapped`` table).

        Parameters
        ----------
        source : str
            Registry name of the source.
        file : str
            The file's name, as reported.
        frame : pandas.DataFrame
            The rows that did not map.
        what : str
            The column holding the value that did not map (a name or code).
        reason : str
            Why, in words.
        line_col : str, optional
            The column holding each row's line number in the file.

        Notes
        -----
        Appends one entry per row of ``frame`` to :attr:`unmapped` (the build writes that list
        to the store's ``source_issues`` table): ``source``, ``file``, ``line`` (the row's
        ``line_col`` as an int; None without one), ``value`` (the row's ``what`` as text; None
        when the frame lacks that column), ``reason`` and ``row`` (the row's non-null
        ``column=value`` pairs joined by "; ", cut at 300 characters). Returns None.
        """
        for _, r in frame.iterrows():
            self.unmapped.append({
                "source": source, "file": file,
                "line": int(r[line_col]) if line_col and pd.notna(r.get(line_col)) else None,
                "value": str(r[what]) if what in r else None, "reason": reason,
                "row": "; ".join(f"{k}={v}" for k, v in r.items() if pd.notna(v))[:300]})

    def report_unmapped_values(self, source: str, file: str, rows: pd.DataFrame, reason: str) -> None:
        """Report rows that carry a value but map to no state that year: one issue per name.

        ``rows`` has columns ``name``, ``year``, ``value`` and optionally ``line``.

        Parameters
        ----------
        source : str
            Registry name of the source.
        file : str
            The file's name, as reported.
        rows : pandas.DataFrame
            ``name`` (the entity as the source writes it), ``year`` (calendar year), ``value``
            (rows with a null value are ignored) and optionally ``line`` (line in the file).
        reason : str
            Why, in words.

        Notes
        -----
        Appends one entry per distinct ``name`` to :attr:`unmapped` (written to the store's
        ``source_issues`` table): ``value`` is the name, ``line`` its smallest line (None without
        one) and ``row`` says "<n> values, <first year>-<last year>". Returns None.
        """
        rows = rows[rows["value"].notna()]
        for name, g in rows.groupby("name"):
            y0, y1 = int(g["year"].min()), int(g["year"].max())
            line = int(g["line"].min()) if "line" in g and g["line"].notna().any() else None
            self.unmapped.append({"source": source, "file": file, "line": line, "value": str(name),
                                  "reason": reason, "row": f"{len(g)} values, {y0}-{y1}"})

    @cached_property
    def crosswalk(self) -> Crosswalk:
        codelist = pd.read_csv(self.path("countrycode", "codelist_without_cldr.csv"),
                               keep_default_na=False, na_values=[""], low_memory=False)
        codelist = codelist.rename(columns={"cow.name": "cow_name"})
        states = read_rdata(self.path("cow_system", "cow_states.rda"))
        gw = read_rdata(self.path("isard_system", "gw_cw_panel.rda"))
        return Crosswalk(codelist, states, gw[["gwcode", "year", "ccode"]])


def sorted_unique(df: pd.DataFrame, key: list[str], file: str) -> pd.DataFrame:
    """``df`` sorted by ``key``, or a MalformedSource naming the first repeated key in ``file``.

    Panels rely on this order: the dyad-year panel joins by position over the sorted keys.
    """
    repeated = df.duplicated(key, keep=False)
    if repeated.any():
        first = df.loc[repeated, key].iloc[0].to_dict()
        raise MalformedSource(f"{file}: {int(repeated.sum())} rows repeat a ({', '.join(key)}) key, e.g. {first}",
                              "fetch a good copy with `latticework data pull` (the staged file is damaged)")
    return df.sort_values(key, kind="stable", ignore_index=True)
