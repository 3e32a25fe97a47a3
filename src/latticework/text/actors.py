"""Actors in text: states and organisations from the gazetteer ``actors.tsv``.

Names, demonyms ("Japanese"), capitals used as metonyms ("Tokyo", "Washington"), other names
("Moscovia", "ROK", "PRC") and leaders ("Kishida") map to ISO3 codes or organisation codes. All
forms are compiled into one case-sensitive regular expression, longest form first, so "South
China Sea" (a *block* entry: not an actor) wins over "China" and "North Korea" over "Korea".
Party phrases ("we", "our", "the Leaders", "the Alliance", "the two sides") stand for the
document's issuing states and are found by :data:`PARTY`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from latticework.vocabulary import ORGANISATIONS

__all__ = ["gazetteer", "actor_regex", "find_actors", "resolve_name", "PARTY", "MEMBERS", "ORGS"]

ORGS = ORGANISATIONS
MEMBERS = {"AUKUS": ("AUS", "GBR", "USA"), "QUAD": ("USA", "JPN", "AUS", "IND")}
# words that stand for the issuing states of a joint statement (or the two sides a report covers)
PARTY = re.compile(
    r"(?<![\w-])(?:[Ww]e|[Oo]ur|[Oo]urs|us|[Oo]urselves"
    r"|(?:[Tt]he|[Oo]ur) (?:two |three |four )?(?:[Ll]eaders|[Aa]lliance|[Aa]llies|sides|countries|nations|governments|partners)"
    r"|[Bb]oth (?:countries|sides|nations|leaders|governments)"
    r"|(?:[Tt]he )?(?:two|three|four) (?:leaders|countries|nations|allies|sides|governments))(?![\w-])")


@lru_cache(maxsize=1)
def gazetteer() -> list[tuple[str, str, str]]:
    """Rows of ``actors.tsv``: (code, kind, surface form); code ``-`` marks a non-actor phrase."""
    rows = []
    text = resources.files("latticework.text").joinpath("actors.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("code\t"):
            continue
        code, kind, forms = line.split("\t")
        for form in forms.split("|"):
            if form.strip():
                rows.append((code.strip(), kind.strip(), form.strip()))
    return rows


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    lookup: dict[str, tuple[str, str]] = {}
    for code, kind, form in gazetteer():
        lookup.setdefault(form, (code, kind))
    forms = sorted(lookup, key=lambda f: (-len(f), f))
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)  # names may wrap lines
    # possessive 's and plural forms stay attached to the name; a name never starts inside a word
    first = "".join(sorted({re.escape(f[0]) for f in forms}))
    # the leading look-ahead on the forms' first characters lets the engine skip most positions fast
    pattern = re.compile(r"(?=[" + first + r"])(?<![\w.])(?:" + body + r")(?![\w]|\.\w)")
    return pattern, lookup


def actor_regex() -> re.Pattern:
    """The compiled gazetteer pattern.

    Returns
    -------
    re.Pattern
        One case-sensitive alternation of every surface form, longest first (a space in a form
        matches any run of whitespace), not starting inside a word or after a ".", not followed
        by a word character or by "." and a word character.
    """
    return _tables()[0]


def find_actors(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, str]]:
    """``(start, end, code, kind)`` of each actor mention in ``text[start:end]`` (block phrases dropped).

    Parameters
    ----------
    text : str
        The text.
    start, end : int, optional
        The part to search (character offsets into ``text``, end excluded; default all of it).
        The characters on both sides of the part are seen, so no match starts or ends inside a
        word; a mention running past ``end`` is left out ("Japanese" cut after the "n" gives
        nothing, not "Japan").

    Returns
    -------
    list of (int, int, str, str)
        In text order, non-overlapping (the longest form wins): ``start``, ``end`` (character
        offsets into ``text`` itself, not into the part; end excluded), ``code`` (ISO3 code or
        organisation code such as ``NATO``) and ``kind`` (``name``, ``demonym``, ``capital``,
        ``leader`` or ``org``). Matching is case-sensitive; party phrases ("we") are not
        included (see :data:`PARTY`).
    """
    pattern, lookup = _tables()
    end = len(text) if end is None else end
    out = []
    # the whole text is searched (the characters after ``end`` are seen), and a mention that runs
    # past ``end`` is not in the part: a word cut by ``end`` does not match a shorter form
    for m in pattern.finditer(text, start):
        if m.start() >= end:
            break
        if m.end() > end:
            continue
        code, kind = lookup.get(m.group(0)) or lookup[" ".join(m.group(0).split())]
        if code != "-":
            out.append((m.start(), m.end(), code, kind))
    return out


def resolve_name(name: str) -> str | None:
    """The code for one surface form (exact, then case-insensitive), or None.

    Parameters
    ----------
    name : str
        A surface form as written ("Japanese", "Tokyo", "ROK"); tried as given, then with outer
        spaces trimmed, then ignoring case (inner spacing must match the gazetteer's).

    Returns
    -------
    str or None
        ISO3 code or organisation code; None for an unknown form or a *block* phrase ("South
        China Sea").
    """
    _, lookup = _tables()
    hit = lookup.get(name) or lookup.get(name.strip())
    if hit is None:
        low = name.strip().lower()
        for form, val in lookup.items():
            if form.lower() == low:
                hit = val
                break
    return None if hit is None or hit[0] == "-" else hit[0]
