"""US troops abroad, US bases, and Multinational Military Exercises (troopdata package files).

Tables
------
troops : US active-duty troops hosted per state-year — ``ccode``, ``year``, ``troops`` (active
    duty), ``troops_all`` (incl. reserves and civilians where reported), ``report`` (which report
    the figure is from: the last one in the year), ``n_reports``, ``n_placeholder``, ``is_state``
    (false for territories such as Guam or Diego Garcia, which troopdata codes 1001–10101). The United States itself is kept
    (``ccode`` 2) so a host's share of overseas forces can be computed.
bases : US bases abroad (Vine, updated to 2018) — ``ccode``, ``iso3``, ``basename``, ``lat``,
    ``lon`` (degrees), ``base``, ``lilypad``, ``fundedsite`` (0/1).
exercises : MME v7 exercise-country-years — ``mmeid``, ``name``, ``series``, ``ccode`` (mapped from
    the Gleditsch–Ward code and the name in that year), ``gwcode``, ``country``, ``year``,
    ``location``, ``lat``, ``lon``, ``start``, ``end``, ``participant_count``, domain flags.
ties : layer ``basing`` (USA → host, weight = US active-duty troops, one tie per year) and layer
    ``mme_exercise`` (undirected, every pair of participants of an exercise, weight = number of
    exercises together that year).

Rows with no code (``-9``), microstates and organisations such as "NATO" are reported in
``unmapped`` with the reason.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from latticework.states import USA_CCODE
from latticework.errors import MalformedSource
from latticework.sources.context import BuildContext

SOURCES = ["troopdata"]
_TROOPS_END = 2025
_MME_END = 2010


def _csv(path, required):
    try:
        df = pd.read_csv(path, low_memory=False, keep_default_na=False, na_values=[""])
    except Exception as exc:
        raise MalformedSource(f"{path}: cannot be read as CSV ({exc})",
                              "run `latticework data pull` to fetch a good copy") from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise MalformedSource(f"{path}: missing columns {missing}",
                              "the file is not the registered troopdata version; fetch it again")
    df["_line"] = np.arange(2, len(df) + 2)
    return df


def read_troops(ctx: BuildContext) -> pd.DataFrame:
    """One figure per host-year: the last labelled report of the year.

    Rows with no report label (``source`` empty) carry placeholder zeros for quarters with no
    report (Japan: December 2022, March and June 2023); they are not figures and are only counted
    (``n_placeholder``). The last labelled report also avoids mid-year figures that look
    double-counted (Japan: June 2020, 109,094 against about 55,000 in the other quarters).
    """
    t = _csv(ctx.path("troopdata", "troopdata_rebuild_long.csv"),
             ["ccode", "year", "troops_ad", "troops_all", "source", "year_quarter"])
    nocode = t[t["ccode"].isna()]
    if len(nocode):
        ctx.report_unmapped("troopdata", "troopdata_rebuild_long.csv", nocode, "countryname",
                            "no COW code", line_col="_line")
    t = t[t["ccode"].notna()].sort_values(["ccode", "year", "year_quarter"])
    placeholder = t["source"].isna()
    n_ph = t[placeholder].groupby(["ccode", "year"]).size().rename("n_placeholder")
    t = t[~placeholder]
    last = t.groupby(["ccode", "year"], as_index=False).tail(1)
    n = pd.concat([t.groupby(["ccode", "year"]).size().rename("n_reports"), n_ph], axis=1).fillna(0).astype(int)
    out = pd.DataFrame({"ccode": last["ccode"].astype("int32"), "year": last["year"].astype("int32"),
                        "troops": pd.to_numeric(last["troops_ad"], errors="coerce"),
                        "troops_all": pd.to_numeric(last["troops_all"], errors="coerce"),
                        "report": last["source"].astype(str)})
    out = out.merge(n.reset_index().astype({"ccode": "int32", "year": "int32"}), on=["ccode", "year"], how="left")
    # troopdata gives territories pseudo-codes >= 1000 (Guam 1008, Diego Garcia 1004, ...) and
    # Serbia its Gleditsch-Ward code 340. Codes that are COW states stay; a code that is not is
    # mapped by name where the name is a state, else kept as a territory (is_state false): its
    # troops are recorded but it gets no basing tie, and each such place is listed as an issue.
    cow = set(int(c) for c in ctx.crosswalk.cow_states["ccode"])
    names = t.drop_duplicates("ccode").set_index("ccode")["countryname"]
    remap = {}
    for c in set(out["ccode"]) - cow:
        code = ctx.crosswalk.to_cow(names.get(c, ""), 2000)
        remap[c] = code if code in cow else None
    out["source_ccode"] = out["ccode"]
    out["ccode"] = out["ccode"].map(lambda c: remap.get(c, c) if remap.get(c, c) is not None else c).astype("int32")
    # A remapped series that collides with the source's own series for that state (Serbia: GW 340
    # and COW 345 both appear) keeps the source's own COW-coded row; each collision is an issue.
    out = out.sort_values("source_ccode", key=lambda c: c != out.loc[c.index, "ccode"])
    dup = out.duplicated(["ccode", "year"], keep="first")
    if dup.any():
        d = out[dup]
        ctx.unmapped.append({"source": "troopdata", "file": "troopdata_rebuild_long.csv", "line": None,
                             "value": ", ".join(sorted({str(c) for c in d["source_ccode"]})),
                             "reason": "second series for the same state-year (kept the row under the state's own COW code)",
                             "row": f"{int(dup.sum())} state-years: " + ", ".join(f"{c}:{y}" for c, y in zip(d["ccode"], d["year"]))[:250]})
        out = out[~dup]
    out = out.drop(columns="source_ccode").sort_values(["ccode", "year"]).reset_index(drop=True)
    out["is_state"] = out["ccode"].isin(cow)
    terr = t[t["ccode"].isin([c for c, v in remap.items() if v is None])].drop_duplicates("ccode")
    if len(terr):
        ctx.report_unmapped("troopdata", "troopdata_rebuild_long.csv", terr, "countryname",
                            "territory, not a state: troops kept (is_state false), no basing tie", "_line")
    return out


def _parse_bases(path) -> tuple[pd.DataFrame, list[int]]:
    """Parse basedata.csv from both ends of each line.

    The staged CSV twin has lines whose base name opens a quote it never closes (e.g.
    ``"Fuerte Aguayo NB, Conc,-32.9,...``), which a CSV parser cannot read. The first three fields
    (country, COW code, ISO3) and the last five (lat, lon, base, lilypad, fundedsite) are
    unambiguous, so the base name is whatever lies between; such lines are returned as repaired.
    """
    import csv

    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    if header != ["countryname", "ccode", "iso3c", "basename", "lat", "lon", "base", "lilypad", "fundedsite"]:
        raise MalformedSource(f"{path}:1: header {header} is not troopdata's basedata header",
                              "fetch the registered troopdata version again")
    rows, repaired = [], []
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = next(csv.reader([line]))
        if len(fields) != 9:
            parts = line.split(",")
            if len(parts) < 9:
                raise MalformedSource(f"{path}:{i}: {len(parts)} fields, expected 9", "fetch the file again")
            fields = parts[:3] + [",".join(parts[3:-5])] + parts[-5:]
            fields = [f.strip().strip('"') for f in fields]
            repaired.append(i)
        rows.append(fields + [i])
    df = pd.DataFrame(rows, columns=header + ["_line"])
    for c in ["ccode", "lat", "lon", "base", "lilypad", "fundedsite"]:
        df[c] = pd.to_numeric(df[c].replace({"": None, "NA": None}), errors="raise")
    df["iso3c"] = df["iso3c"].replace({"": None})
    return df, repaired


def read_bases(ctx: BuildContext) -> pd.DataFrame:
    """US bases with coordinates."""
    path = ctx.path("troopdata", "basedata.csv")
    b, repaired = _parse_bases(path)
    if repaired:
        ctx.report_unmapped("troopdata", "basedata.csv", b[b["_line"].isin(repaired)], "basename",
                            "kept, repaired: unbalanced quote in the base name", "_line")
    nocode = b[b["ccode"].isna()]
    if len(nocode):
        ctx.report_unmapped("troopdata", "basedata.csv", nocode, "countryname", "no COW code", "_line")
    b = b[b["ccode"].notna()]
    return pd.DataFrame({"ccode": b["ccode"].astype("int32"), "iso3": b["iso3c"], "basename": b["basename"],
                         "lat": b["lat"].astype(float), "lon": b["lon"].astype(float),
                         "base": b["base"].astype("Int8"), "lilypad": b["lilypad"].astype("Int8"),
                         "fundedsite": b["fundedsite"].astype("Int8")})


def read_exercises(ctx: BuildContext) -> pd.DataFrame:
    """MME exercise-country-years with COW codes (GW code and name mapped per year)."""
    e = _csv(ctx.path("troopdata", "mme_long.csv"),
             ["MMEID", "Ex_Name", "Series_Name", "gwcode", "country", "year", "participant_count"])
    cw = ctx.crosswalk
    skel_years = {}  # COW members per year, to check a GW code is a COW state that year
    for r in cw.cow_states.itertuples():
        for y in range(int(r.styear), int(r.endyear) + 1):
            skel_years.setdefault(y, set()).add(int(r.ccode))

    def map_row(gw, name, year):
        # MME's codes are Gleditsch-Ward codes: isard's year crosswalk first (GW 260 is West
        # Germany to 1990 and Germany after, GW 340 is Serbia, 817 ends in 1975), then the name.
        year = int(year)
        members = skel_years.get(min(year, 2016), set())
        by_gw = cw.gw_to_cow(gw, year)
        if by_gw is not None and by_gw in members:
            return by_gw
        by_name = cw.to_cow(name, year) if isinstance(name, str) and name != "-9" else None
        if by_name is not None and by_name in members:
            return by_name
        try:
            g = int(gw)
        except (TypeError, ValueError):
            return None
        if g in members:
            return g
        return by_name

    e["ccode"] = [map_row(g, n, y) for g, n, y in zip(e["gwcode"], e["country"], e["year"])]
    bad = e[e["ccode"].isna()]
    if len(bad):
        ctx.report_unmapped("troopdata", "mme_long.csv", bad, "country",
                            "MME participant has no COW state code (code -9, organisation or microstate)", "_line")
    flags = ["CPX", "Air", "Land", "Sea", "Amphibious", "Cyber", "Warfighting", "Peacekeeping", "Humanitarian"]
    out = pd.DataFrame({
        "mmeid": e["MMEID"].astype(str), "name": e["Ex_Name"].astype(str), "series": e["Series_Name"],
        "ccode": e["ccode"].astype("Int32"), "gwcode": pd.to_numeric(e["gwcode"], errors="coerce").astype("Int32"),
        "country": e["country"].astype(str), "year": e["year"].astype("int32"),
        "location": e.get("Location"), "lat": pd.to_numeric(e.get("lat"), errors="coerce"),
        "lon": pd.to_numeric(e.get("lon"), errors="coerce"), "start": e.get("StartDate"), "end": e.get("EndDate"),
        "participant_count": pd.to_numeric(e["participant_count"], errors="coerce").astype("Int32"),
        **{f.lower(): pd.to_numeric(e[f], errors="coerce").astype("Int8") for f in flags if f in e}})
    return out


def exercise_ties(ex: pd.DataFrame) -> pd.DataFrame:
    """Undirected exercise ties: each pair of mapped participants, weight = exercises that year."""
    rows = []
    for (mid, year), g in ex.dropna(subset=["ccode"]).groupby(["mmeid", "year"]):
        codes = sorted(set(int(c) for c in g["ccode"]))
        for a, b in itertools.combinations(codes, 2):
            rows.append((a, b, int(year), mid))
    pairs = pd.DataFrame(rows, columns=["a", "b", "year", "mmeid"])
    agg = pairs.groupby(["a", "b", "year"]).agg(weight=("mmeid", "size"),
                                                 source_ref=("mmeid", lambda s: ",".join(sorted(s)))).reset_index()
    return pd.DataFrame({"layer": "mme_exercise", "a": agg["a"], "b": agg["b"], "directed": False,
                         "start_year": agg["year"], "end_year": agg["year"], "weight": agg["weight"].astype(float),
                         "unit": "exercises", "attributes": None, "source": "troopdata",
                         "source_ref": "mme:" + agg["source_ref"], "coverage_end": _MME_END,
                         "open_at_coverage_end": False})


def basing_ties(troops: pd.DataFrame) -> pd.DataFrame:
    """USA → host ties per year, weight = US active-duty troops hosted."""
    t = troops[(troops["ccode"] != USA_CCODE) & (troops["troops"] > 0) & troops["is_state"]]
    return pd.DataFrame({"layer": "basing", "a": 2, "b": t["ccode"].values, "directed": True,
                         "start_year": t["year"].values, "end_year": t["year"].values,
                         "weight": t["troops"].astype(float).values, "unit": "troops",
                         "attributes": None, "source": "troopdata", "source_ref": ("troops:" + t["report"]).values,
                         "coverage_end": _TROOPS_END, "open_at_coverage_end": False})


def read(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    """troops, bases, exercises and their ties."""
    troops = read_troops(ctx)
    ex = read_exercises(ctx)
    ties = pd.concat([basing_ties(troops), exercise_ties(ex)], ignore_index=True)
    return {"troops": troops, "bases": read_bases(ctx), "exercises": ex, "ties": ties}
