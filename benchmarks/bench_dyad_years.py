"""Benchmark: the directed dyad-year panel 1816–2024 with ATOP obligations and NMC for both sides.

Ours: ``db.dyad_years(directed=True, with_=["alliances", "capabilities"])`` on the built store.
Baseline: the same job as a plain pandas merge over the same tables (skeleton ⨝ ATOP ⨝ NMC ×2),
read from the same store into pandas first (reading is not timed for the baseline, which favours
it; ours reads the store inside the timed call). Both give the same rows in the same order with
the same coverage flags; the baselines do no sort, since their left merges keep the sorted
skeleton's order (checked after timing, for ours too). A second baseline reads the staged .rda
files itself. Peer figure measured on these machines (DESIGN.md): peacesciencer 1.2.9 in R,
7.2–9.0 s.

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


def _timed(job, repeat: int, check=None) -> dict:
    """One warm-up run (file cache, allocator; its time is reported as ``first``), then ``repeat``
    timed runs of ``job``."""
    t = time.perf_counter()
    df = job()
    first = time.perf_counter() - t
    times = []
    for _ in range(repeat):
        del df
        t = time.perf_counter()
        df = job()
        times.append(time.perf_counter() - t)
    if check is not None:
        check(df)
    return {"rows": len(df), "seconds": min(times), "median": sorted(times)[len(times) // 2], "first": first,
            "all": times}


def ours(store: str, repeat: int) -> dict:
    import latticework as lw

    db = lw.open(store)
    return _timed(lambda: db.dyad_years(directed=True, with_=("alliances", "capabilities")), repeat, _check_sorted)


def _coverage_flags(df) -> None:
    """The same coverage columns ours adds, built the cheap way (categorical codes)."""
    import numpy as np
    import pandas as pd

    for name, last in (("atop_coverage", 2018), ("nmc_coverage", 2022)):
        df[name] = pd.Categorical.from_codes((df["year"].to_numpy() > last).view(np.int8),
                                             categories=["covered", "past coverage"])


def _check_sorted(df) -> None:
    """The result is in (ccode1, ccode2, year) order. pandas' left merge keeps the left frame's
    order and the skeleton is sorted, so the baselines need no sort_values (it cost them 0.3 s);
    this checks that rather than assuming it."""
    import numpy as np

    key = (df["ccode1"].to_numpy().astype(np.int64) * 1000 + df["ccode2"].to_numpy()) * 10_000 + df["year"].to_numpy()
    assert (np.diff(key) > 0).all(), "baseline result is not in (ccode1, ccode2, year) order"


def baseline(store: str, repeat: int) -> dict:
    import duckdb
    import numpy as np

    con = duckdb.connect(store, read_only=True)
    sk = con.sql("SELECT * FROM dyad_skeleton").df()
    al = con.sql("SELECT * FROM alliance_dyad_years").df()
    nmc = con.sql("SELECT ccode, year, cinc, milex_nmc_kusd AS milex, milper_k AS milper, tpop_k AS tpop FROM capabilities").df()
    con.close()

    def job():
        df = sk.merge(al, on=["ccode1", "ccode2", "year"], how="left")
        for c in [c for c in al.columns if c.startswith("atop_")]:
            df[c] = np.where(df["year"] <= 2018, df[c].fillna(0), np.nan)
        df = df.merge(nmc.add_suffix("1").rename(columns={"ccode1": "ccode1", "year1": "year"}),
                      on=["ccode1", "year"], how="left")
        df = df.merge(nmc.add_suffix("2").rename(columns={"ccode2": "ccode2", "year2": "year"}),
                      on=["ccode2", "year"], how="left")
        _coverage_flags(df)
        return df

    return _timed(job, repeat, _check_sorted)


def baseline_from_files(store: str, repeat: int) -> dict:
    """What a pandas user does without a store: read the staged R files, then merge."""
    import warnings

    import numpy as np
    import rdata

    from latticework.config import cache_dir

    src = cache_dir() / "sources" / "peacesciencer"

    def job():
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
        _coverage_flags(df)
        return df

    return _timed(job, repeat, _check_sorted)


def child(kind: str, store: str, repeat: int) -> None:
    res = {"ours": ours, "baseline": baseline, "files": baseline_from_files}[kind](store, repeat)
    res["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(res))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", default=None)
    ap.add_argument("--repeat", type=int, default=7)
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
    print(f"  (after one warm-up run each: best of {a.repeat} timed runs; median in brackets)")
    for label, r in (("latticework (store + positional join)", o), ("pandas merge, tables in memory", b),
                     ("pandas from the staged files (rdata read + merge)", f)):
        print(f"  {label}: {r['rows']:,} rows  {r['seconds']:.3f} s ({r['median']:.3f} s; first run {r['first']:.3f} s)"
              f"  peak {r['peak_mb']:.0f} MB")
    print(f"  speed-up vs in-memory pandas merge: {b['seconds'] / o['seconds']:.1f}x (median {b['median'] / o['median']:.1f}x); "
          f"vs pandas from files: {f['seconds'] / o['seconds']:.1f}x (median {f['median'] / o['median']:.1f}x)"
          "   (target >= 10x, full panel < 5 s)")
    print(f"  vs peacesciencer 1.2.9 (7.2-9.0 s, DESIGN.md): {7.2 / o['seconds']:.1f}-{9.0 / o['seconds']:.1f}x (target >= 10x: < 0.8 s)")
    assert o["rows"] == b["rows"] == f["rows"] == 2_214_930, "row counts differ"


if __name__ == "__main__":
    main()
