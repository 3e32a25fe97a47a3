"""Synthetic GDELT 2.0 export files for benchmarks (never real data, and named so).

Each file is a GDELT 2.0 export file in form (61 tab-separated fields, no header) whose rows are
drawn from fixed, documented distributions:

- actors: a Zipf-like distribution over 60 states (USA most frequent), 35% of actors with no
  country (a bare type such as ``GOV``), 30% of actor pairs inside one state, 22% of events with
  no second actor; actor types (GOV, MIL, BUS, ...) drawn per actor;
- CAMEO codes: root codes at roughly GDELT's shares (01 statements and 04 consultations most
  common, 20 mass violence rarest), codes within a root uniformly (3-digit codes weighted 3x
  over 4-digit ones), with GDELT's own Goldstein score for the code and the quad class of its root;
- dates: ``DATEADDED`` advances through 15-minute slots from ``start`` to ``end``; the event date
  (``SQLDATE``) equals the day added for 85% of rows and lags it by up to a year otherwise;
- counts: NumSources, NumArticles and NumMentions heavy-tailed (most events from one source);
  AvgTone normal around -1.5; coordinates uniform; ``SOURCEURL`` under ``synthetic.invalid``.

Files are named ``synthetic-gdelt2-s<seed>-<k>-of-<K>.export.CSV[.gz]`` and the folder gets a
``SYNTHETIC.json`` manifest; :func:`write_synthetic` refuses a folder holding any other file, and
ingest refuses to put synthetic and real events in one store.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from latticework.errors import UsageError
from latticework.events._lookups import CAMEO_COUNTRIES, CAMEO_EVENTS, FIPS
from latticework.events.cameo import quad_class_of
from latticework.events.formats import GDELT2_COLUMNS

__all__ = ["write_synthetic", "SYNTHETIC_PREFIX", "is_synthetic_name"]

SYNTHETIC_PREFIX = "synthetic-"
MANIFEST = "SYNTHETIC.json"

# States in rough order of their frequency as GDELT actors.
_STATES = (
    "USA GBR CHN RUS IND ISR PAK AUS FRA DEU JPN IRN SYR CAN TUR NGA UKR KOR PRK AFG IRQ EGY PHL ZAF "
    "SAU MEX BRA ITA KEN ESP IDN MYS LBY PSE VNM TWN YEM BGD NZL THA LKA QAT ARE VEN SGP IRL POL "
    "GRC SWE NLD BEL CHE NOR ARG COL ETH SDN SOM UGA MMR"
).split()
_TYPES = ("", "GOV", "MIL", "BUS", "MED", "CVL", "OPP", "JUD", "LEG", "COP", "EDU", "REF", "HLH")
_TYPE_W = (0.30, 0.25, 0.08, 0.08, 0.06, 0.06, 0.04, 0.03, 0.03, 0.03, 0.02, 0.01, 0.01)
_TYPE_NAMES = {"GOV": "GOVERNMENT", "MIL": "MILITARY", "BUS": "BUSINESS", "MED": "MEDIA",
               "CVL": "CIVILIAN", "OPP": "OPPOSITION", "JUD": "JUDGE", "LEG": "PARLIAMENT",
               "COP": "POLICE", "EDU": "STUDENT", "REF": "REFUGEE", "HLH": "HOSPITAL"}
_CITIES = ("Capital District", "Northern Province", "Port City", "Riverside", "Eastern Region",
           "Western Highlands", "Coastal Prefecture", "Central Valley", "Border Town", "Old Harbour")
_REGIONS = ("North", "South", "Capital", "Eastern", "Western", "Central", "Upper", "Lower")
_WORDS = ("minister", "talks", "defence", "trade", "summit", "border", "security", "president",
          "agreement", "military", "visit", "sanctions", "navy", "election", "protest", "court",
          "economy", "aid", "officials", "crisis", "alliance", "forces", "deal", "warns", "meets")
_SITES = ("news", "daily", "times", "herald", "post", "tribune", "wire", "gazette", "observer")
# Root code shares (percent), roughly as in GDELT 2.0.
_ROOT_W = {"01": 19, "02": 6, "03": 7, "04": 21, "05": 8, "06": 2.5, "07": 2.5, "08": 2.5,
           "09": 1.5, "10": 1.5, "11": 6, "12": 2, "13": 1.8, "14": 1.7, "15": 0.6, "16": 1.5,
           "17": 5, "18": 3, "19": 5.8, "20": 0.1}


def is_synthetic_name(name: str) -> bool:
    """True for a file name written by :func:`write_synthetic` (or its manifest).

    Parameters
    ----------
    name : str
        A file name or path; only its last component is looked at.

    Returns
    -------
    bool
        True when that name starts with :data:`SYNTHETIC_PREFIX` (``"synthetic-"``) or is the
        manifest ``SYNTHETIC.json``.
    """
    base = os.path.basename(name)
    return base.startswith(SYNTHETIC_PREFIX) or base == MANIFEST


def _code_table():
    codes, weights = [], []
    for root, w in _ROOT_W.items():
        members = [c for c in CAMEO_EVENTS if c[:2] == root and len(c) > 2]
        mw = np.array([3.0 if len(c) == 3 else 1.0 for c in members])
        codes += members
        weights += list(w * mw / mw.sum())
    p = np.array(weights) / np.sum(weights)
    gold = np.array([CAMEO_EVENTS[c][1] for c in codes])
    quad = np.array([quad_class_of(c) for c in codes], dtype=np.int8)
    return np.array(codes, dtype=object), p, gold, quad


def _actors(rng, n, states, sp, names, fips):
    """Actor columns for n actors: code, name, country, type1, geo country (FIPS), geo name."""
    has_country = rng.random(n) >= 0.35
    si = rng.choice(len(states), size=n, p=sp)
    ti = rng.choice(len(_TYPES), size=n, p=np.array(_TYPE_W) / sum(_TYPE_W))
    types = np.array(_TYPES, dtype=object)[ti]
    # an actor with neither country nor type gets a type
    types = np.where(~has_country & (types == ""), "GOV", types)
    st = np.array(states, dtype=object)[si]
    country = np.where(has_country, st, "")
    code = country + types
    tnames = np.array([_TYPE_NAMES.get(t, "") for t in _TYPES], dtype=object)[ti]
    tnames = np.where(tnames == "", "GOVERNMENT", tnames)
    name = np.where(has_country, np.array(names, dtype=object)[si], tnames)
    return si, has_country, code, name, country, types, np.array(fips, dtype=object)[si], \
        np.array(names, dtype=object)[si]


def _chunk(rng, n, first_id, t0, t1, tables):
    codes, cp, gold, quad = tables["codes"]
    states, sp, names, fips = tables["states"]
    # DATEADDED: 15-minute slots, increasing through the chunk
    slots = np.sort(rng.integers(t0, t1, size=n))
    added = np.datetime64("1970-01-01T00:00") + slots.astype("timedelta64[m]") * 15
    r = rng.random(n)
    lag = np.where(r < 0.85, 0, np.where(r < 0.955, rng.integers(1, 8, size=n), rng.integers(8, 366, size=n)))
    day = added.astype("datetime64[D]") - lag.astype("timedelta64[D]")
    y = day.astype("datetime64[Y]").astype(int) + 1970
    m = day.astype("datetime64[M]").astype(int) % 12 + 1
    doy = (day - day.astype("datetime64[Y]")).astype(int)
    sqldate = (y * 10000 + m * 100 + (day - day.astype("datetime64[M]")).astype(int) + 1)

    a1 = _actors(rng, n, states, sp, names, fips)
    a2 = _actors(rng, n, states, sp, names, fips)
    same = rng.random(n) < 0.30
    a2 = list(a2)
    a2[2] = np.where(same & a1[1], np.where(a2[5] == "", a1[4] + "GOV", a1[4] + a2[5]), a2[2])
    a2[4] = np.where(same & a1[1], a1[4], a2[4])
    a2[3] = np.where(same & a1[1], a1[7], a2[3])
    no2 = rng.random(n) < 0.22
    for k in (2, 3, 4, 5):
        a2[k] = np.where(no2, "", a2[k])

    ci = rng.choice(len(codes), size=n, p=cp)
    code = codes[ci]
    nsrc = rng.geometric(0.62, size=n)
    narts = nsrc + rng.geometric(0.45, size=n) - 1
    nment = narts + rng.geometric(0.5, size=n) - 1
    tone = np.round(rng.normal(-1.5, 3.5, size=n), 10)
    lat = np.round(rng.uniform(-50, 70, size=n), 4)
    lon = np.round(rng.uniform(-180, 180, size=n), 4)
    gtype = rng.choice(np.array(["1", "4", "3", "0"], dtype=object), size=n, p=[0.3, 0.5, 0.1, 0.1])
    geo_country = np.where(gtype == "0", "", np.where(a1[1], a1[6], a2[6]))
    city = np.array(_CITIES, dtype=object)[rng.integers(0, len(_CITIES), size=n)]
    cname = np.where(a1[1], a1[7], a2[7])
    region = np.array(_REGIONS, dtype=object)[rng.integers(0, len(_REGIONS), size=n)]
    geo_name = np.where(gtype == "0", "", np.where(gtype == "1", cname, city + ", " + region + ", " + cname))
    adm1 = np.where(gtype == "1", geo_country, geo_country + rng.integers(1, 40, size=n).astype(str).astype(object))
    adm2 = np.where(gtype == "4", rng.integers(10000, 99999, size=n).astype(str).astype(object), "")
    feature = np.where(gtype == "1", geo_country, (-rng.integers(1, 3_000_000, size=n)).astype(str).astype(object))
    geo_lat = np.where(gtype == "0", None, lat)
    geo_lon = np.where(gtype == "0", None, lon)
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    empty = np.full(n, "", dtype=object)
    added_s = np.datetime_as_string(added, unit="s")
    dateadded = np.char.replace(np.char.replace(np.char.replace(added_s.astype(str), "-", ""), "T", ""), ":", "")

    cols = {
        "GLOBALEVENTID": ids, "SQLDATE": sqldate, "MonthYear": y * 100 + m, "Year": y,
        "FractionDate": np.round(y + doy / 365.0, 4),
        "Actor1Code": a1[2], "Actor1Name": a1[3], "Actor1CountryCode": a1[4],
        "Actor1KnownGroupCode": empty, "Actor1EthnicCode": empty, "Actor1Religion1Code": empty,
        "Actor1Religion2Code": empty, "Actor1Type1Code": a1[5], "Actor1Type2Code": empty,
        "Actor1Type3Code": empty,
        "Actor2Code": a2[2], "Actor2Name": a2[3], "Actor2CountryCode": a2[4],
        "Actor2KnownGroupCode": empty, "Actor2EthnicCode": empty, "Actor2Religion1Code": empty,
        "Actor2Religion2Code": empty, "Actor2Type1Code": a2[5], "Actor2Type2Code": empty,
        "Actor2Type3Code": empty,
        "IsRootEvent": (rng.random(n) < 0.55).astype(np.int8), "EventCode": code,
        "EventBaseCode": np.array([c[:3] for c in code], dtype=object),
        "EventRootCode": np.array([c[:2] for c in code], dtype=object),
        "QuadClass": quad[ci], "GoldsteinScale": gold[ci],
        "NumMentions": nment, "NumSources": nsrc, "NumArticles": narts, "AvgTone": tone,
    }
    for who in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
        cols.update({
            f"{who}_Type": gtype, f"{who}_FullName": geo_name, f"{who}_CountryCode": geo_country,
            f"{who}_ADM1Code": np.where(gtype == "0", "", adm1),
            f"{who}_ADM2Code": np.where(gtype == "0", "", adm2),
            f"{who}_Lat": geo_lat, f"{who}_Long": geo_lon,
            f"{who}_FeatureID": np.where(gtype == "0", "", feature),
        })
    cols["DATEADDED"] = dateadded.astype(object)
    words = np.array(_WORDS, dtype=object)
    slug = words[rng.integers(0, len(words), size=n)]
    for _ in range(int(rng.integers(4, 8))):
        slug = slug + "-" + words[rng.integers(0, len(words), size=n)]
    site = np.array(_SITES, dtype=object)[rng.integers(0, len(_SITES), size=n)]
    cols["SOURCEURL"] = ("https://" + site + ".synthetic.invalid/" + day.astype(str).astype(object) + "/"
                         + slug + "-" + ids.astype(str).astype(object) + ".html")
    arrays = []
    for c in GDELT2_COLUMNS:
        v = cols[c]
        arrays.append(pa.array(v, type=pa.float64()) if c.endswith(("_Lat", "_Long")) else pa.array(v))
    return pa.Table.from_arrays(arrays, names=list(GDELT2_COLUMNS))


def _tables():
    states = [s for s in _STATES]
    ranks = np.arange(1, len(states) + 1, dtype=float)
    w = 1.0 / ranks ** 1.1
    w[0] *= 2.5  # the USA is in far more GDELT events than Zipf alone gives
    names = [CAMEO_COUNTRIES.get(s, (s, s))[0].upper() for s in states]
    fips = [FIPS.get(s, s[:2]) for s in states]
    return {"codes": _code_table(), "states": (states, w / w.sum(), names, fips)}


def _write_file(path: str, n_k: int, seed: int, k: int, first_id: int, lo: int, hi: int, compress: str,
                chunk_rows: int, progress=None) -> int:
    """Write one synthetic file (its own random stream, so files can be written in parallel)."""
    rng = np.random.default_rng([seed, k])
    tables = _tables()
    opts = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")
    sink = pa.CompressedOutputStream(path, "gzip") if compress == "gz" else pa.OSFile(path, "wb")
    sub = np.linspace(lo, hi, max(1, -(-n_k // chunk_rows)) + 1).astype(np.int64)
    with sink:
        left, j, next_id = n_k, 0, first_id
        while left > 0:
            n = min(chunk_rows, left)
            tab = _chunk(rng, n, next_id, int(sub[j]), max(int(sub[j + 1]), int(sub[j]) + 1), tables)
            pacsv.write_csv(tab, sink, write_options=opts)
            next_id += n
            left -= n
            j += 1
            if progress:
                progress(n)
    return n_k


def write_synthetic(out_dir, rows: int, seed: int = 0, files: int = 4, start: str = "2015-02-19",
                    end: str = "2024-12-31", compress: str = "gz", chunk_rows: int = 250_000,
                    progress=None, workers: int = 1) -> list[Path]:
    """Write ``rows`` synthetic GDELT 2.0 export rows into ``files`` files under ``out_dir``.

    Parameters
    ----------
    out_dir : path-like
        Folder to write into; created if missing. It must hold no file other than earlier
        synthetic output (which is replaced), so synthetic and real data never share a folder.
    rows : int
        Total number of event rows (split evenly over the files).
    seed : int
        Random seed; the same arguments always give byte-identical files (whatever ``workers``).
    files : int
        Number of files (their ``DATEADDED`` periods follow each other from file to file).
    start, end : str
        ISO dates bounding ``DATEADDED``.
    compress : {"gz", "none"}
        Gzip the files (``.CSV.gz``) or write them plain (``.CSV``).
    progress : callable, optional
        ``progress(n_rows)`` as rows are written.
    workers : int
        Processes writing files in parallel.
    chunk_rows : int
        Rows generated and written per chunk (bounds memory; default 250,000).

    Returns
    -------
    list of Path
        The files written, in order.

    Raises
    ------
    UsageError
        Bad arguments, or ``out_dir`` holds files that are not synthetic.
    """
    if rows < 1 or files < 1:
        raise UsageError(f"--rows ({rows}) and --files ({files}) must be at least 1")
    if compress not in ("gz", "none"):
        raise UsageError(f"compress must be 'gz' or 'none', not {compress!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    foreign = [p.name for p in out.iterdir() if not is_synthetic_name(p.name)]
    if foreign:
        raise UsageError(f"{out} holds files that are not synthetic ({', '.join(sorted(foreign)[:3])}…)",
                         "write synthetic data into an empty folder of its own")
    for p in out.iterdir():  # earlier synthetic output is replaced, never mixed
        if p.is_file():
            p.unlink()
    t0 = int((datetime.fromisoformat(start) - datetime(1970, 1, 1)).total_seconds() // 900)
    t1 = int((datetime.fromisoformat(end) + timedelta(days=1) - datetime(1970, 1, 1)).total_seconds() // 900)
    per_file = [rows // files + (1 if k < rows % files else 0) for k in range(files)]
    bounds = np.linspace(t0, t1, files + 1).astype(np.int64)
    first_ids = 410_412_347 + np.concatenate([[0], np.cumsum(per_file)[:-1]]).astype(np.int64)
    suffix = ".export.CSV.gz" if compress == "gz" else ".export.CSV"
    paths = [out / f"{SYNTHETIC_PREFIX}gdelt2-s{seed}-{k + 1:04d}-of-{files:04d}{suffix}" for k in range(files)]
    jobs = [(str(paths[k]), per_file[k], seed, k, int(first_ids[k]), int(bounds[k]), int(bounds[k + 1]),
             compress, chunk_rows) for k in range(files) if per_file[k] > 0]
    if workers > 1 and len(jobs) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            for n in pool.map(_write_file_job, jobs):
                if progress:
                    progress(n)
    else:
        for job in jobs:
            _write_file(*job, progress=progress)
    written = [Path(j[0]) for j in jobs]
    manifest = {"synthetic": True, "generator": "latticework.events.synth", "format": "gdelt2",
                "rows": rows, "files": [p.name for p in written], "seed": seed, "start": start,
                "end": end, "compress": compress,
                "note": "Synthetic GDELT 2.0-format events for benchmarks. Not real data."}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return written


def _write_file_job(job) -> int:
    return _write_file(*job)
