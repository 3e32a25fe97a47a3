"""States and their names: COW state system membership, Gleditsch–Ward, countrycode, capitals.

Tables
------
states : one row per COW membership spell — ``ccode`` (COW code), ``stateabb``, ``statenme``,
    ``iso3`` (ISO 3166 alpha-3 where one exists), ``styear``, ``endyear`` (2016 = still a member
    at the end of COW's v2016 list).
state_regexes : countrycode's English-name regular expressions (``regex``, ``ccode``).
state_names : every name or code that resolves to a state — ``key`` (normalized), ``name``,
    ``ccode``, ``iso3``, ``kind`` (cow_name, cow_abb, iso3, countrycode, regex, alias).
capitals : ``ccode``, ``capital``, ``lat``, ``lon`` (degrees), ``start_year``, ``end_year``.
dyad_skeleton : COW directed dyad-years 1816–2024 (``ccode1``, ``ccode2``, ``year``): a pair is
    kept only if both were members on a common day of the year (COW's rule, as peacesciencer).
"""
from __future__ import annotations

import pandas as pd

from latticework.sources.context import BuildContext, normalize_name, read_rdata, sorted_unique

SOURCES = ["cow_system", "countrycode"]

# Common names users type that the code lists do not carry.
ALIASES = {
    "south korea": 732, "republic of korea": 732, "rok": 732, "korea republic of": 732,
    "north korea": 731, "dprk": 731, "prc": 710, "people s republic of china": 710, "china": 710,
    "mainland china": 710, "roc": 713, "republic of china": 713, "taiwan": 713, "formosa": 713,
    "usa": 2, "us": 2, "u s": 2, "united states": 2, "america": 2, "united states of america": 2,
    "uk": 200, "britain": 200, "great britain": 200, "united kingdom": 200, "england": 200,
    "turkiye": 640, "turkey": 640, "russia": 365, "soviet union": 365, "ussr": 365,
    "moscovia": 365, "muscovy": 365, "burma": 775, "myanmar": 775, "czechia": 316,
    "czech republic": 316, "holland": 210, "netherlands": 210, "vietnam": 816, "viet nam": 816,
    "west germany": 260, "east germany": 265, "ivory coast": 437, "eswatini": 572,
    "swaziland": 572, "north macedonia": 343, "macedonia": 343, "philippines": 840,
}


def _iso_for(ccode: int, cw) -> str | None:
    return cw.cow_to_iso3_map.get(int(ccode))


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """Read COW states, names, capitals and the directed dyad-year skeleton."""
    cw = ctx.crosswalk
    st = cw.cow_states.copy()
    states = pd.DataFrame({
        "ccode": st["ccode"].astype("int32"), "stateabb": st["stateabb"].astype(str),
        "statenme": st["statenme"].astype(str), "styear": st["styear"].astype("int32"),
        "endyear": st["endyear"].astype("int32")})
    states["iso3"] = [_iso_for(c, cw) for c in states["ccode"]]

    rows = []

    def add(key, name, ccode, kind):
        if key:
            rows.append((key, name, int(ccode), _iso_for(ccode, cw), kind))

    # Priority when two states claim a key (first wins): ISO3 codes, then our aliases, then COW
    # names, countrycode names, and COW abbreviations last — "AUS" is Australia (ISO3), not
    # Austria (COW's AUS); Austria stays reachable as "Austria", "AUT" or 305.
    for iso, cow in cw.iso3_to_cow_map.items():
        add(iso.lower(), iso, cow, "iso3")
    for key, cow in ALIASES.items():
        add(key, key.title(), cow, "alias")
    for r in states.itertuples():
        add(normalize_name(r.statenme), r.statenme, r.ccode, "cow_name")
    cl = cw.codelist
    for col in ("country.name.en", "cow_name", "iso.name.en", "un.name.en"):
        if col not in cl.columns:
            continue
        for name, cown in zip(cl[col], cl["cown"]):
            if isinstance(name, str) and pd.notna(cown):
                add(normalize_name(name), name, cown, "countrycode")
    for r in states.itertuples():
        add(r.stateabb.lower(), r.stateabb, r.ccode, "cow_abb")
    names = (pd.DataFrame(rows, columns=["key", "name", "ccode", "iso3", "kind"])
             .drop_duplicates(["key", "ccode"]))
    names["priority"] = range(len(names))  # resolution order: lower wins
    names = names[names["ccode"].isin(states["ccode"]) | names["kind"].eq("alias")]

    cap = read_rdata(ctx.path("cow_system", "cow_capitals.rda"))
    base = pd.Timestamp("1970-01-01")
    capitals = pd.DataFrame({
        "ccode": cap["ccode"].astype("int32"), "capital": cap["capital"].astype(str),
        "lat": cap["lat"].astype(float), "lon": cap["lng"].astype(float),
        "start_year": (base + pd.to_timedelta(cap["stdate"], unit="D")).dt.year.astype("int32"),
        "end_year": (base + pd.to_timedelta(cap["enddate"], unit="D")).dt.year.astype("int32")})

    ddy = read_rdata(ctx.path("cow_system", "cow_ddy.rda"))
    skeleton = pd.DataFrame({"ccode1": ddy["ccode1"].astype("int16"),
                             "ccode2": ddy["ccode2"].astype("int16"),
                             "year": ddy["year"].astype("int16")})
    skeleton = sorted_unique(skeleton, ["ccode1", "ccode2", "year"], "cow_ddy.rda")
    majors = read_rdata(ctx.path("cow_system", "cow_majors.rda"))
    major_powers = pd.DataFrame({"ccode": majors["ccode"].astype("int32"),
                                 "styear": majors["styear"].astype("int32"),
                                 "endyear": majors["endyear"].astype("int32")})
    regex = cl[["country.name.en.regex", "cown"]].dropna()
    state_regexes = pd.DataFrame({"regex": regex["country.name.en.regex"].astype(str),
                                  "ccode": regex["cown"].astype("int32")})
    return {"states": states, "state_names": names.reset_index(drop=True), "state_regexes": state_regexes,
            "capitals": capitals, "dyad_skeleton": skeleton, "major_powers": major_powers}
