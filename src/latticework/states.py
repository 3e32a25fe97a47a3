"""Identity: any name or code resolves to one state (COW code, ISO3, name).

Resolution order: a COW code (``740``, ``"740"``); an exact name, COW abbreviation or ISO3 code
(``"Japan"``, ``"JPN"``, ``"UKG"``); countrycode's name patterns (``"Republic of Korea"``,
``"Türkiye"``); country_converter's patterns. An unknown name raises
:class:`~latticework.errors.UnknownState` listing the closest known names.

One module, three entry points, one set of rules (issue 21: there were five resolvers):

* :class:`Identity` (``db.state``) resolves what a user types, against the store's name tables,
  naming the alternatives of an ambiguous or historical name;
* :meth:`latticework.sources.context.Crosswalk.to_cow` maps the names a *source* writes, in a given
  year, at build time (before a store exists) from the same name tables
  (:func:`~latticework.sources.context.normalize_name`) and the same code successions
  (``CODE_SUCCESSIONS``: Germany 255/260, Yemen 678/679 …);
* :func:`names_to_iso3` gives ISO3 codes for event data and ledger actors without a store
  (CAMEO actor codes, ISO3 codes, names through country_converter), cached per session; the
  store's :class:`Identity` uses it for its country_converter step too.

A text's demonyms and capitals ("Japanese", "Tokyo") are a gazetteer of surface forms, not names
of states: :mod:`latticework.text.actors` keeps those.
"""
from __future__ import annotations

import difflib
import numbers
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd

from latticework.errors import UnknownState
from latticework.sources.context import normalize_name

__all__ = ["State", "Identity", "USA_CCODE", "names_to_iso3"]

#: the Correlates of War code of the United States: the troop, site and exercise data (troopdata)
#: describe US forces only, so the measures built on them exist for a US patron alone
USA_CCODE = 2


@dataclass(frozen=True)
class State:
    """A state: COW code, ISO3 code (None for states that have none) and COW name."""

    ccode: int
    iso3: str | None
    name: str
    abb: str
    #: Other states the query could have meant (name, code, COW years), when it was ambiguous or
    #: historical ("Korea": the Korean Empire 1887–1905 and North Korea beside the Republic of Korea).
    alternatives: tuple[str, ...] = field(default=(), compare=False)

    @property
    def code(self) -> str:
        """ISO3 where it exists, else the COW abbreviation."""
        return self.iso3 or self.abb

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, COW {self.ccode})"


class Identity:
    """Name resolution over the store's ``states``, ``state_names`` and ``state_regexes`` tables."""

    def __init__(self, states: pd.DataFrame, names: pd.DataFrame, regexes: pd.DataFrame):
        latest = states.sort_values("endyear").groupby("ccode").tail(1)
        self._states = {int(r.ccode): State(int(r.ccode), r.iso3 if isinstance(r.iso3, str) else None,
                                            r.statenme, r.stateabb) for r in latest.itertuples()}
        self._names = {}
        if "priority" in names.columns:
            names = names.sort_values("priority")
        for r in names.itertuples():
            if int(r.ccode) in self._states:
                self._names.setdefault(r.key, int(r.ccode))
        self._regex_rows = [(r.regex, int(r.ccode)) for r in regexes.itertuples() if int(r.ccode) in self._states]
        self._spans: dict[int, list[tuple[int, int]]] = {}
        for r in states.itertuples():  # COW v2016: a spell ending in 2016 is still open
            end = 9999 if int(r.endyear) >= 2016 else int(r.endyear)
            self._spans.setdefault(int(r.ccode), []).append((int(r.styear), end))

    def is_member(self, ccode: int, year: int | None = None) -> bool:
        """Whether ``ccode`` is a COW member in ``year`` (None: today, i.e. still a member).

        Parameters
        ----------
        ccode : int
            COW code.
        year : int, optional
            Calendar year (None: today).

        Returns
        -------
        bool
            True when one of the state's COW spells covers ``year`` (first and last year
            included; a spell ending in 2016 or later, COW v2016's last year, is still open).
        """
        y = 9999 if year is None else int(year)
        return any(a <= y <= b for a, b in self._spans.get(int(ccode), []))

    def _years_label(self, ccode: int) -> str:
        spans = self._spans.get(int(ccode), [])
        return ", ".join(f"{a}–{'' if b == 9999 else b}" for a, b in spans)

    def _word_matches(self, key: str) -> list[int]:
        """States with a name that contains ``key`` as whole words ("korea" in "south korea")."""
        pat = re.compile(rf"(^| ){re.escape(key)}( |$)")
        out: list[int] = []
        for k, c in self._names.items():
            if k != key and pat.search(k) and c not in out:
                out.append(c)
        return out

    def _pick_for_year(self, key: str, text: str, first: int, year: int | None) -> State:
        """The state a name means in ``year``: the exact match if it is a member then, else a
        member whose name contains the same words; the others are listed as alternatives."""
        others = [c for c in self._word_matches(key) if c != first]
        cands = [first] + others
        chosen = first
        members = [c for c in others if self.is_member(c, year)]
        if not self.is_member(first, year) and members:
            # a name shared with states of that year ("Korea": North and South): the one
            # country_converter reads the name as, else the first by resolution priority. A
            # historical name no member shares ("Czechoslovakia") stays the historical state.
            coco = self._coco(text)
            chosen = coco if coco in members else members[0]
        alts = tuple(f"{self._states[c].name} ({self._states[c].code}, COW {c}, {self._years_label(c)})"
                     for c in dict.fromkeys(cands) if c != chosen and c in self._states)
        return replace(self._states[chosen], alternatives=alts) if alts else self._states[chosen]

    @cached_property
    def _regexes(self):
        out = []
        for rx, c in self._regex_rows:
            try:
                out.append((re.compile(rx, re.I), c))
            except re.error:
                continue
        return out

    def get(self, ccode: int) -> State:
        """The state with this COW code.

        Parameters
        ----------
        ccode : int
            COW code (anything ``int()`` reads, e.g. ``"740"``; a name raises ``ValueError``:
            use :meth:`resolve` for names).

        Returns
        -------
        State
            Its latest COW spell's name and abbreviation, and its ISO3 code (None if it has none).

        Raises
        ------
        UnknownState
            No state has this code; ``suggestions`` holds close names.
        """
        try:
            return self._states[int(ccode)]
        except KeyError:
            raise UnknownState(ccode, self.suggest(str(ccode))) from None

    def all(self) -> list[State]:
        """Every state in the COW list.

        Returns
        -------
        list of State
            One per COW code, sorted by code.
        """
        return sorted(self._states.values(), key=lambda s: s.ccode)

    def resolve(self, query, year: int | None = None) -> State:
        """Resolve a name or code to a :class:`State`.

        A name that is ambiguous or historical resolves to the state that is a COW member in
        ``year`` (default: today): "Korea" is the Republic of Korea today and the Korean Empire in
        1900; "Germany" is West Germany in 1970. The other readings are in ``State.alternatives``.
        A COW code is taken as given.

        Parameters
        ----------
        query : str, int or State
            A name, ISO3 code, COW abbreviation or COW code. A :class:`State` is returned as is; a
            Python ``int`` or a string of digits (``"740"``, spaces trimmed) is a COW code. Other
            text goes through the steps of the module docstring: an exact name, abbreviation or
            ISO3 code (case and accents ignored, :func:`normalize_name`), then countrycode's
            patterns, then country_converter. A NumPy integer is not an ``int`` and takes the text
            path, where country_converter may read it as an ISO 3166 *numeric* code
            (``numpy.int64(740)`` → Suriname): pass ``int(x)``.
        year : int, optional
            The calendar year an ambiguous or historical name is read in (default: today). Used
            only for exact names; a COW code, a pattern or a country_converter match ignores it.

        Returns
        -------
        State
            ``ccode`` (COW code), ``iso3``, ``name``, ``abb``; ``alternatives`` lists the other
            states an exact name could mean (name, code, COW code, COW years), else empty.

        Raises
        ------
        UnknownState
            Nothing matches (or an unknown COW code, or empty text); ``suggestions`` holds up to
            five close names.
        """
        if isinstance(query, State):
            return query
        if (isinstance(query, numbers.Integral) and not isinstance(query, bool)) or (
                isinstance(query, str) and query.strip().isascii() and query.strip().isdigit()):
            code = int(query)
            if code in self._states:
                return self._states[code]
            raise UnknownState(query, self.suggest(str(query)))
        text = str(query).strip()
        if not text:
            raise UnknownState(query, [])
        key = normalize_name(text)
        if key in self._names:
            return self._pick_for_year(key, text, self._names[key], year)
        for rx, code in self._regexes:
            if rx.search(text):
                return self._states[code]
        code = self._coco(text)
        if code is not None:
            return self._states[code]
        raise UnknownState(query, self.suggest(text))

    def _coco(self, text: str) -> int | None:
        """The state country_converter reads ``text`` as (through :func:`names_to_iso3`), if known."""
        iso = names_to_iso3([text])[text]
        if iso is not None and iso != text and iso.lower() in self._names:
            return self._names[iso.lower()]
        return None

    def suggest(self, text: str, n: int = 5) -> list[str]:
        """Up to ``n`` state names closest to ``text``.

        Parameters
        ----------
        text : str
            What the user typed (compared after :func:`normalize_name`).
        n : int
            How many names at most (default 5).

        Returns
        -------
        list of str
            Closest first (``difflib`` similarity of at least 0.5): "Name (CODE)" for a match on
            the store's name table (CODE: ISO3, else the COW abbreviation), the COW name alone
            otherwise; each label once, possibly none.
        """
        key = normalize_name(text)
        names = {normalize_name(s.name): s.name for s in self._states.values()}
        names.update({k: self._states[c].name for k, c in self._names.items()})
        hits = difflib.get_close_matches(key, list(names), n=n * 3, cutoff=0.5)
        out: list[str] = []
        for h in hits:
            label = f"{names[h]} ({self._states[self._names.get(h, 0)].code})" if h in self._names else names[h]
            if label not in out:
                out.append(label)
        return out[:n]


#: ISO3 code (None: no state) of every name or code :func:`names_to_iso3` has resolved this session
_ISO3_CACHE: dict[str, str | None] = {}


def names_to_iso3(names: Iterable[str]) -> dict[str, str | None]:
    """ISO3 codes of state names, CAMEO actor country codes or ISO3 codes, without a store.

    A three-letter upper-case code is read as a CAMEO or ISO3 code
    (:func:`latticework.events.cameo.cameo_country_to_iso3`: ``"ROM"`` → ``"ROU"``, a region such as
    ``"EUR"`` → None); anything else goes to country_converter's name patterns, all new names in one
    call. Results are cached for the session, so a column of a million event rows costs one
    conversion per distinct name.

    Parameters
    ----------
    names : iterable of str
        Names or codes as a source or a user writes them (empty strings map to None).

    Returns
    -------
    dict of str to (str or None)
        Each given name → its ISO3 code, or None when it names no state (a region, an
        organisation, an unknown name).
    """
    from latticework.events.cameo import cameo_country_to_iso3

    names = list(dict.fromkeys(names))
    todo = [n for n in names if n not in _ISO3_CACHE]
    rest = []
    for n in todo:
        if not n:
            _ISO3_CACHE[n] = None
        elif len(n) == 3 and n.isupper():
            _ISO3_CACHE[n] = cameo_country_to_iso3(n)
        else:
            rest.append(n)
    if rest:
        import country_converter as coco

        logging.getLogger("country_converter").setLevel(logging.ERROR)
        res = coco.CountryConverter().convert(rest, to="ISO3", not_found=None)
        res = res if isinstance(res, list) else [res]
        for n, r in zip(rest, res):
            _ISO3_CACHE[n] = r if isinstance(r, str) and len(r) == 3 and r.isupper() and r != n else None
    return {n: _ISO3_CACHE[n] for n in names}
