"""Benchmark: the directed dyad-year panel 1816–2024 with ATOP obligations and NMC for both sides.

Ours: ``db.dyad_years(directed=True, with_=["alliances", "capabilities"])`` on the built store.
Baseline: the same job as a plain pandas merge over the same tables (skeleton ⨝ ATOP ⨝ NMC ×2),
read from the same store into pandas first (reading is not timed for the baseline, which favours
it). Peer figure measured on these machines (DESIGN.md): peacesciencer 1.2.9 in R, 7.2–9.0 s.

Each variant runs in its own subprocess so peak memory (ru_maxrss) is its own.
Usage: python benchmarks/bench_dyad_years.py [--store PATH] [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def ours(store: str, repeat: int) -> dict:
    import latticework as lw

    db = lw.open(store)
    db.dyad_years(years=(2000, 2001))  # warm the connection
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        df = db.dyad_years(directed=True, with_=("alliances", "capabilities"))
        times.append(time.perf_counter() - t)
    return {"rows": len(df), "seconds": min(times), "all": times}


def baseline(store: str, repeat: int) -> dict:
    import duckdb
    import numpy as np
    import pandas as pd

    con = duckdb.connect(store, read_only=True)
    sk = con.sql("SELECT * FROM dyad_skeleton").df()
    al = con.sql("SELECT * FROM alliance_dyad_years").df()
    nmc = con.sql("SELECT ccode, year, cinc, milex_nmc_kusd AS milex, milper_k AS milper, tpop_k AS tpop FROM capabilities").df()
    con.close()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        df = sk.merge(al, on=["ccode1", "ccode2", "year"], how="left")
        for c in [c for c in al.columns if c.startswith("atop_")]:
            df[c] = np.where(df["year"] <= 2018, df[c].fillna(0), np.nan)
        df = df.merge(nmc.add_suffix("1").rename(columns={"ccode1": "ccode1", "year1": "year"}),
                      on=["ccode1", "year"], how="left")
        df = df.merge(nmc.add_suffix("2").rename(columns={"ccode2": "ccode2", "year2": "year"}),
                      on=["ccode2", "year"], how="left")
        df = df.sort_values(["ccode1", "ccode2", "year"])
        times.append(time.perf_counter() - t)
    return {"rows": len(df), "seconds": min(times), "all": times}


def baseline_from_files(store: str, repeat: int) -> dict:
    """What a pandas user does without a store: read the staged R files, then merge."""
    import warnings

    import numpy as np
    import rdata

    from latticework.config import cache_dir

    src = cache_dir() / "sources" / "peacesciencer"
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sk = rdata.read_rda(src / "cow_ddy.rda")["cow_ddy"]
            al = rdata.read_rda(src / "atop_alliance.rda")["atop_alliance"]
            nmc = rdata.read_rda(src / "cow_nmc.rda")["cow_nmc"][["ccode", "year", "cinc", "milex", "milper", "tpop"]]
        nmc = nmc.replace(-9, np.nan)
        df = sk.merge(al, on=["ccode1", "ccode2", "year"], how="left")
        for c in [c for c in al.columns if c.startswith("atop_")]:
            df[c] = np.where(df["year"] <= 2018, df[c].fillna(0), np.nan)
        df = df.merge(nmc.rename(columns={"ccode": "ccode1"}).add_suffix("1").rename(columns={"ccode11": "ccode1", "year1": "year"}),
                      on=["ccode1", "year"], how="left")
        df = df.merge(nmc.rename(columns={"ccode": "ccode2"}).add_suffix("2").rename(columns={"ccode22": "ccode2", "year2": "year"}),
                      on=["ccode2", "year"], how="left")
        df = df.sort_values(["ccode1", "ccode2", "year"])
        times.append(time.perf_counter() - t)
    return {"rows": len(df), "seconds": min(times), "all": times}


def child(kind: str, store: str, repeat: int) -> None:
    res = {"ours": ours, "baseline": baseline, "files": baseline_from_files}[kind](store, repeat)
    res["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(res))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", default=None)
    a = ap.parse_args()
    if a.store is None:
        from latticework.config import store_path

        a.store = str(store_path())
    if a.child:
        child(a.child, a.store, a.repeat)
        return
    out = {}
    for kind in ("ours", "baseline", "files"):
        r = subprocess.run([sys.executable, __file__, "--child", kind, "--store", a.store, "--repeat", str(a.repeat)],
                           capture_output=True, text=True, check=True)
        out[kind] = json.loads(r.stdout.strip().splitlines()[-1])
    o, b, f = out["ours"], out["baseline"], out["files"]
    print("directed dyad-year panel 1816-2024, ATOP obligations + NMC both sides")
    print(f"  latticework (DuckDB):  {o['rows']:,} rows  {o['seconds']:.3f} s  peak {o['peak_mb']:.0f} MB")
    print(f"  pandas merge baseline: {b['rows']:,} rows  {b['seconds']:.3f} s  peak {b['peak_mb']:.0f} MB")
    print(f"  pandas from the staged files (rdata read + merge): {f['rows']:,} rows  {f['seconds']:.3f} s  peak {f['peak_mb']:.0f} MB")
    print(f"  speed-up vs in-memory pandas merge: {b['seconds'] / o['seconds']:.1f}x; vs pandas from files: "
          f"{f['seconds'] / o['seconds']:.1f}x   (target >= 10x, full panel < 5 s)")
    print(f"  vs peacesciencer 1.2.9 (7.2-9.0 s, DESIGN.md): {7.2 / o['seconds']:.1f}-{9.0 / o['seconds']:.1f}x (target >= 10x: < 0.8 s)")
    assert o["rows"] == b["rows"] == f["rows"] == 2_214_930, "row counts differ"


if __name__ == "__main__":
    main()
