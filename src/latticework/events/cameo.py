"""CAMEO and PLOVER codes: quad classes, actor countries, and this project's event types.

Definitions
-----------
Quad class (CAMEO root code -> class, as GDELT assigns ``QuadClass``):

===  ======================  ============
 #   class                   root codes
===  ======================  ============
 1   verbal cooperation      01-05
 2   material cooperation    06-09
 3   verbal conflict         10-14
 4   material conflict       15-20
===  ======================  ============

GDELT files carry ``QuadClass`` and it is stored as given; ICEWS files carry no quad class, so it is
derived from the CAMEO root code by this table. POLECAT's PLOVER event types are put in quads as
PLOVER does (:data:`PLOVER_QUAD`).

Goldstein score: the conflict-cooperation weight of a CAMEO code on a -10 (most conflictual) ..
+10 (most cooperative) scale (Goldstein 1992, as tabulated by GDELT: :data:`CAMEO_EVENTS`).

Event types: :data:`CAMEO_EVENT_TYPES` maps CAMEO codes to this project's event types
(``EVENT_TYPES.md``) only where the CAMEO category clearly is one of them; every other code is left
unmapped (it still counts in its quad class and in the Goldstein mean). The table, with the codes
considered and left out and why, is in ``docs/events.md``.
"""
from __future__ import annotations

from latticework.events._lookups import CAMEO_COUNTRIES, CAMEO_EVENTS, FIPS, ISO3

__all__ = [
    "QUAD_CLASSES", "quad_class_of", "CAMEO_EVENTS", "CAMEO_COUNTRIES", "ISO3", "FIPS",
    "cameo_country_to_iso3", "CAMEO_TO_ISO3", "CAMEO_EVENT_TYPES", "CAMEO_EVENT_TYPE_CONDITIONS",
    "PLOVER_QUAD", "PLOVER_EVENT_TYPES", "EVENT_TYPE_COLUMNS", "event_type_of",
]

#: Quad class number -> name (the column name used in the dyad series).
QUAD_CLASSES: dict[int, str] = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}


def quad_class_of(cameo_code: str) -> int | None:
    """The quad class (1-4) of a CAMEO event code by its root (first two digits); None if not CAMEO.

    Parameters
    ----------
    cameo_code : str
        A CAMEO event code as a string of digits (``"042"``, ``"1383"``); the leading zero matters.

    Returns
    -------
    int or None
        1 verbal cooperation (roots 01-05), 2 material cooperation (06-09), 3 verbal conflict
        (10-14), 4 material conflict (15-20); None when the code is empty, does not start with two
        digits, or its root is outside 01-20.
    """
    if not cameo_code or not cameo_code[:2].isdigit():
        return None
    root = int(cameo_code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 9:
        return 2
    if 10 <= root <= 14:
        return 3
    if 15 <= root <= 20:
        return 4
    return None


#: CAMEO actor country code -> ISO3 (None for the regional codes). Built from GDELT's
#: CAMEO.country.txt; codes not in that table that are ISO3 codes map to themselves.
CAMEO_TO_ISO3: dict[str, str | None] = {code: iso for code, (_label, iso) in CAMEO_COUNTRIES.items()}


def cameo_country_to_iso3(code: str | None) -> str | None:
    """ISO3 code of a CAMEO actor country code ("JPN" -> "JPN", "ROM" -> "ROU", "EUR" -> None).

    Parameters
    ----------
    code : str or None
        A CAMEO actor country code (three letters; surrounding spaces and case are ignored).

    Returns
    -------
    str or None
        The ISO3 code from :data:`CAMEO_TO_ISO3`, or the code itself when it is not in that table
        but is an ISO3 code; None for regional codes, unknown codes and empty input.
    """
    if not code:
        return None
    code = code.strip().upper()
    if code in CAMEO_TO_ISO3:
        return CAMEO_TO_ISO3[code]
    return code if code in ISO3 else None


#: CAMEO code -> event type, for the codes that clearly are one of this project's types.
#: Codes are matched exactly (a 3-digit code does not include its 4-digit children unless listed).
CAMEO_EVENT_TYPES: dict[str, str] = {
    # CONSULT: meetings, visits, calls and negotiations between the two sides' actors.
    "040": "DIALOGUE", "041": "DIALOGUE", "042": "DIALOGUE", "043": "DIALOGUE",
    "044": "DIALOGUE", "046": "DIALOGUE",
    # Sign formal agreement: a security agreement only with a military actor on one side (below).
    "057": "SECURITY_AGREEMENT",
    # Provide military aid.
    "072": "SECURITY_ASSISTANCE",
    # Express intent to provide military protection or peacekeeping: a security commitment.
    "0334": "COMMITMENT",
    # Exhibit force posture: the military codes (police alert/mobilization 151, 153 are left out).
    "150": "FORCE_POSTURE", "152": "FORCE_POSTURE", "154": "FORCE_POSTURE",
    # Threaten to use military force, and ultimatums.
    "138": "COERCION", "1381": "COERCION", "1382": "COERCION", "1383": "COERCION",
    "1384": "COERCION", "1385": "COERCION", "139": "COERCION",
    # Coerce: seize or damage property, arrest/detain, expel (administrative sanctions 172x and
    # violent repression 175 are domestic-repression codes and are left out).
    "170": "COERCION", "171": "COERCION", "1711": "COERCION", "1712": "COERCION",
    "173": "COERCION", "174": "COERCION",
    # Impose blockade, restrict movement.
    "191": "COERCION",
}

#: Codes whose mapping holds only under a condition on the actors: code -> CAMEO actor type code
#: that one of the two actors must carry (Actor1Type1Code or Actor2Type1Code).
CAMEO_EVENT_TYPE_CONDITIONS: dict[str, str] = {"057": "MIL"}

#: PLOVER event type -> quad class (PLOVER's own grouping).
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

#: PLOVER event type -> event type (the brackets in EVENT_TYPES.md), where one-to-one.
PLOVER_EVENT_TYPES: dict[str, str] = {
    "CONSULT": "DIALOGUE",
    "MOBILIZE": "FORCE_POSTURE",
    "COERCE": "COERCION",
}

#: Event types that can be counted from event data, and their column names in the dyad series.
EVENT_TYPE_COLUMNS: dict[str, str] = {
    t: "n_" + t.lower()
    for t in sorted(set(CAMEO_EVENT_TYPES.values()) | set(PLOVER_EVENT_TYPES.values()))
}


def event_type_of(code: str | None, actor1_type: str | None = None,
                  actor2_type: str | None = None) -> str | None:
    """This project's event type for a CAMEO code or PLOVER type (None where nothing clearly maps).

    Reference implementation of the mapping that :func:`latticework.events.series.interactions`
    applies inside the engine; used by the tests.

    Parameters
    ----------
    code : str or None
        A CAMEO event code (``"057"``; matched exactly, a 3-digit code does not cover its 4-digit
        children) or a PLOVER event type (``"CONSULT"``; upper case, as in the files).
    actor1_type, actor2_type : str, optional
        The CAMEO actor type codes of the two actors (``Actor1Type1Code``, ``Actor2Type1Code``),
        checked only for codes in :data:`CAMEO_EVENT_TYPE_CONDITIONS` (``"057"`` needs ``"MIL"`` on
        one side).

    Returns
    -------
    str or None
        An event type of ``EVENT_TYPES.md`` (``DIALOGUE``, ``SECURITY_AGREEMENT``,
        ``SECURITY_ASSISTANCE``, ``COMMITMENT``, ``FORCE_POSTURE``, ``COERCION``), or None when the
        code is empty, unmapped, or its actor condition is not met.
    """
    if not code:
        return None
    if code in PLOVER_EVENT_TYPES:
        return PLOVER_EVENT_TYPES[code]
    etype = CAMEO_EVENT_TYPES.get(code)
    need = CAMEO_EVENT_TYPE_CONDITIONS.get(code)
    if etype and need and need not in (actor1_type, actor2_type):
        return None
    return etype
