"""Benchmark: event data to dyad-months (DESIGN.md target: >= 20x chunked pandas, >= 50% of DuckDB's
bare scan of the same files, < 2 GB peak memory).

Writes N synthetic GDELT 2.0 export rows (61 fields, gzipped like GDELT's own files), then runs each
variant in its own subprocess and prints seconds, input rows per second and peak memory:

- ``ingest``          latticework ingest: raw files -> validated, deduplicated Parquet store (one-off)
- ``series``          lw.interactions on the store, every dyad, per month, DuckDB (the repeated query)
- ``series_3dyads``   the same for three dyads (USA-JPN, USA-CHN, CHN-JPN), DuckDB
- ``series_spark``    the same Ibis expression on Spark local mode (``--spark-master``)
- ``scan_parquet``    DuckDB's bare scan of the store: reads the columns the series reads (min() of
                      each, so every value is decoded), no grouping
- ``scan_csv``        DuckDB's bare scan of the raw files: every field, no grouping
- ``pandas``          chunked pandas ``read_csv`` + ``groupby`` from the raw files to the same dyad-months
- ``direct_csv``      for context: one DuckDB SQL from the raw files to dyad-months, no validation or dedup

Peak memory: ``ru_maxrss`` of the variant's process (os.wait4) and the peak summed RSS of its whole
process tree sampled every 0.1 s from /proc (for Spark this includes the JVM); the larger is reported.

Usage: python benchmarks/bench_events.py [--rows 50000000] [--files 16] [--work DIR] [--keep]
       [--only ingest,series,...] [--spark-master local[2]] [--compress gz|none]
(``LATTICEWORK_BENCH_EVENTS_ROWS`` overrides the default row count.)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

DYADS = [("USA", "JPN"), ("USA", "CHN"), ("CHN", "JPN")]
ALL = ["ingest", "series", "series_3dyads", "series_spark", "scan_parquet", "scan_csv", "pandas", "direct_csv"]


# ------------------------------------------------------------------------------------------
# variants (run in a child process)
# ------------------------------------------------------------------------------------------
def raw_files(work: Path) -> list[str]:
    return sorted(str(p) for p in (work / "raw").glob("synthetic-*.export.CSV*"))


def v_ingest(work: Path, args) -> dict:
    from latticework.events import ingest

    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    t = time.perf_counter()
    s = ingest(raw_files(work), cache, memory_limit=args.memory_limit)
    return {"seconds": time.perf_counter() - t, "result": s.as_dict(),
            "readers": sorted({f.reader for f in s.files})}


def v_series(work: Path, args, dyads=None, engine="duckdb") -> dict:
    from latticework.events import interactions

    kw = {}
    t0 = time.perf_counter()
    if engine == "spark":
        from pyspark.sql import SparkSession

        kw["spark"] = (SparkSession.builder.master(args.spark_master).appName("bench-events")
                       .config("spark.ui.enabled", "false").config("spark.driver.memory", "1g")
                       .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "8")
                       .getOrCreate())
        kw["spark"].sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - t0
    t = time.perf_counter()
    df = interactions(path=work / "cache" / "events", dyads=dyads, freq="month", engine=engine, **kw)
    sec = time.perf_counter() - t
    out = {"seconds": sec, "startup": startup, "out_rows": len(df), "events": int(df.events.sum()),
           "quads": [int(df[c].sum()) for c in ("verbal_cooperation", "material_cooperation",
                                                 "verbal_conflict", "material_conflict")]}
    if engine == "spark":
        kw["spark"].stop()
    return out


def v_scan_parquet(work: Path, args) -> dict:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit='{args.memory_limit}'")
    glob = str(work / "cache" / "events" / "year=*" / "month=*" / "*.parquet")
    t = time.perf_counter()
    # min() makes DuckDB read and decode every value (count() can be answered from the metadata)
    r = con.execute(f"""SELECT min(a), min(b), min(date), min(event_code), min(quad_class),
                               min(goldstein), min(num_sources), min(actor1_type), min(actor2_type)
                        FROM read_parquet('{glob}', hive_partitioning = true)""").fetchall()
    return {"seconds": time.perf_counter() - t, "check": [str(x) for x in r[0]]}


def csv_source(files) -> str:
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(61))
    lst = "[" + ", ".join(f"'{f}'" for f in files) + "]"
    return (f"read_csv({lst}, delim='\t', header=false, quote='', escape='', auto_detect=false, "
            f"columns={{{cols}}})")


def v_scan_csv(work: Path, args) -> dict:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit='{args.memory_limit}'")
    t = time.perf_counter()
    r = con.execute(f"SELECT count(*), count(c0), count(c60) FROM {csv_source(raw_files(work))}").fetchall()
    return {"seconds": time.perf_counter() - t, "check": [str(x) for x in r[0]]}


def v_direct_csv(work: Path, args) -> dict:
    import duckdb

    from latticework.events.cameo import CAMEO_TO_ISO3, ISO3

    con = duckdb.connect()
    con.execute(f"SET memory_limit='{args.memory_limit}'")
    m = {**{k: k for k in ISO3}, **{k: v for k, v in CAMEO_TO_ISO3.items() if v}}
    con.execute("CREATE TABLE iso AS SELECT * FROM (VALUES " + ", ".join(f"('{k}', '{v}')" for k, v in m.items())
                + ") t(code, iso3)")
    t = time.perf_counter()
    r = con.execute(f"""
        WITH e AS (SELECT i1.iso3 AS x, i2.iso3 AS y, substr(c1, 1, 6) AS ym, c29 AS quad, TRY_CAST(c30 AS DOUBLE) AS g
                   FROM {csv_source(raw_files(work))} JOIN iso i1 ON c7 = i1.code JOIN iso i2 ON c17 = i2.code)
        SELECT count(*), sum(n) FROM (
          SELECT least(x, y) a, greatest(x, y) b, ym, count(*) n, count(*) FILTER (quad = '1') q1,
                 count(*) FILTER (quad = '2') q2, count(*) FILTER (quad = '3') q3, count(*) FILTER (quad = '4') q4,
                 avg(g) gm
          FROM e WHERE x <> y GROUP BY ALL)""").fetchall()
    return {"seconds": time.perf_counter() - t, "out_rows": r[0][0], "events": int(r[0][1])}


def v_pandas(work: Path, args) -> dict:
    import csv

    import numpy as np
    import pandas as pd

    from latticework.events.cameo import (CAMEO_EVENT_TYPE_CONDITIONS, CAMEO_EVENT_TYPES, CAMEO_TO_ISO3,
                                          EVENT_TYPE_COLUMNS, ISO3)

    iso = {**{k: k for k in ISO3}, **{k: v for k, v in CAMEO_TO_ISO3.items() if v}}
    use = {0: "id", 1: "sqldate", 7: "c1", 12: "t1", 17: "c2", 22: "t2", 26: "code", 29: "quad", 30: "gold",
           32: "nsrc"}
    t = time.perf_counter()
    parts = []
    for f in raw_files(work):
        for ch in pd.read_csv(f, sep="\t", header=None, usecols=list(use), dtype=str, chunksize=1_000_000,
                              quoting=csv.QUOTE_NONE, keep_default_na=False, na_filter=False):
            ch = ch.rename(columns=use)
            a, b = ch["c1"].map(iso), ch["c2"].map(iso)
            keep = a.notna() & b.notna() & (a != b)
            ch, a, b = ch[keep], a[keep], b[keep]
            lo, hi = np.where(a < b, a, b), np.where(a < b, b, a)
            q = ch["quad"]
            d = pd.DataFrame({"a": lo, "b": hi, "month": ch["sqldate"].str[:6].values, "events": 1,
                              "q1": (q == "1").values, "q2": (q == "2").values, "q3": (q == "3").values,
                              "q4": (q == "4").values,
                              "g10": (ch["gold"].astype(float) * 10).round().values})
            for etype, col in EVENT_TYPE_COLUMNS.items():
                codes = [c for c, tt in CAMEO_EVENT_TYPES.items() if tt == etype]
                hit = ch["code"].isin([c for c in codes if c not in CAMEO_EVENT_TYPE_CONDITIONS])
                for c in codes:
                    if c in CAMEO_EVENT_TYPE_CONDITIONS:
                        need = CAMEO_EVENT_TYPE_CONDITIONS[c]
                        hit |= (ch["code"] == c) & ((ch["t1"] == need) | (ch["t2"] == need))
                d[col] = hit.values
            parts.append(d.groupby(["a", "b", "month"]).sum())
    out = pd.concat(parts).groupby(level=[0, 1, 2]).sum()
    out["goldstein_mean"] = out["g10"] / (10 * out["events"])
    sec = time.perf_counter() - t
    return {"seconds": sec, "out_rows": len(out), "events": int(out["events"].sum()),
            "quads": [int(out[c].sum()) for c in ("q1", "q2", "q3", "q4")]}


VARIANTS = {
    "ingest": v_ingest,
    "series": v_series,
    "series_3dyads": lambda w, a: v_series(w, a, dyads=DYADS),
    "series_spark": lambda w, a: v_series(w, a, engine="spark"),
    "scan_parquet": v_scan_parquet,
    "scan_csv": v_scan_csv,
    "pandas": v_pandas,
    "direct_csv": v_direct_csv,
}


# ------------------------------------------------------------------------------------------
# the parent: synth, then each variant in a subprocess with its peak memory
# ------------------------------------------------------------------------------------------
def tree_rss_kb(pid: int) -> int:
    """Summed VmRSS (kB) of a process and all its descendants, from /proc."""
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += kids.get(p, [])
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def run_variant(name: str, args) -> dict:
    cmd = [sys.executable, __file__, "--variant", name, "--work", str(args.work), "--memory-limit",
           args.memory_limit, "--spark-master", args.spark_master]
    out_path = Path(tempfile.mkstemp(suffix=".json")[1])
    t = time.perf_counter()
    p = subprocess.Popen(cmd + ["--out", str(out_path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss_kb(p.pid))
            stop.wait(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    th.join()
    wall = time.perf_counter() - t
    if p.returncode != 0:
        return {"variant": name, "error": err.strip().splitlines()[-1:] if err else f"exit {p.returncode}"}
    res = json.loads(out_path.read_text())
    out_path.unlink()
    res.update({"variant": name, "wall": wall, "maxrss_mb": ru.ru_maxrss / 1024, "tree_peak_mb": peak[0] / 1024})
    res["peak_mb"] = max(res["maxrss_mb"], res["tree_peak_mb"])
    return res


def ensure_synthetic(args) -> None:
    from latticework.events import write_synthetic

    raw = args.work / "raw"
    man = raw / "SYNTHETIC.json"
    want = {"rows": args.rows, "seed": args.seed, "compress": args.compress}
    if man.exists():
        m = json.loads(man.read_text())
        if {k: m.get(k) for k in want} == want and len(m["files"]) == args.files:
            print(f"reusing {args.rows:,} synthetic rows in {raw}", flush=True)
            return
    t = time.perf_counter()
    write_synthetic(raw, args.rows, seed=args.seed, files=args.files, compress=args.compress,
                    workers=os.cpu_count() or 1)
    size = sum(p.stat().st_size for p in raw.glob("synthetic-*"))
    print(f"synthetic: {args.rows:,} rows, {args.files} files, {size / 1e9:.2f} GB ({args.compress}) "
          f"in {time.perf_counter() - t:.0f} s", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=int(os.environ.get("LATTICEWORK_BENCH_EVENTS_ROWS", 50_000_000)))
    ap.add_argument("--files", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--compress", default="gz", choices=["gz", "none"])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "latticework-bench-events")
    ap.add_argument("--keep", action="store_true", help="keep the synthetic files and the store")
    ap.add_argument("--only", default=",".join(ALL))
    ap.add_argument("--spark-master", default="local[2]")
    ap.add_argument("--memory-limit", default="1GB")
    ap.add_argument("--variant", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.variant:  # child
        res = VARIANTS[args.variant](args.work, args)
        Path(args.out).write_text(json.dumps(res))
        return 0

    args.work.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(args.work).free / 1e9
    print(f"events benchmark: {args.rows:,} rows, work dir {args.work} ({free:.0f} GB free), "
          f"{os.cpu_count()} cores", flush=True)
    ensure_synthetic(args)
    only = [v for v in args.only.split(",") if v]
    if any(v.startswith(("series", "scan_parquet")) for v in only) and "ingest" not in only \
            and not (args.work / "cache" / "events").exists():
        only = ["ingest"] + only
    results = {}
    for v in [v for v in ALL if v in only]:
        r = run_variant(v, args)
        results[v] = r
        if "error" in r:
            print(f"{v:>14}: FAILED {r['error']}", flush=True)
            continue
        extra = {k: r[k] for k in ("result", "out_rows", "events", "startup") if k in r}
        print(f"{v:>14}: {r['seconds']:8.1f} s  {args.rows / r['seconds'] / 1e6:7.2f} M rows/s  "
              f"peak {r['peak_mb']:6.0f} MB  {json.dumps(extra)}", flush=True)

    def rate(v):
        r = results.get(v)
        return args.rows / r["seconds"] if r and "error" not in r else None

    print("\nratios (input rows per second):")

    def ratio(label, a, b, target=None):
        ra, rb = rate(a), rate(b)
        if ra and rb:
            verdict = "" if target is None else ("  meets target" if ra / rb >= target else f"  BELOW target {target}")
            print(f"  {label:<46} {ra / rb:7.2f}x{verdict}")

    ratio("series (DuckDB) / pandas", "series", "pandas", 20)
    ratio("series (DuckDB) / bare scan of the same Parquet", "series", "scan_parquet", 0.5)
    ratio("series 3 dyads (DuckDB) / pandas", "series_3dyads", "pandas", 20)
    ratio("series (Spark local) / pandas", "series_spark", "pandas")
    ratio("ingest / bare scan of the raw files", "ingest", "scan_csv")
    ratio("ingest / pandas", "ingest", "pandas")
    if rate("ingest") and rate("series"):
        e2e = 1 / (1 / rate("ingest") + 1 / rate("series"))
        print(f"  {'end to end (ingest + series) / pandas':<46} {e2e / rate('pandas'):7.2f}x" if rate("pandas") else "")
        if rate("scan_csv"):
            print(f"  {'end to end (ingest + series) / bare CSV scan':<46} {e2e / rate('scan_csv'):7.2f}x")
    ratio("direct DuckDB SQL on raw files / pandas", "direct_csv", "pandas")
    peaks = {v: round(r["peak_mb"]) for v, r in results.items() if "error" not in r}
    print(f"\npeak memory (MB): {peaks}; target < 2048: "
          + ("met" if all(p < 2048 for p in peaks.values()) else "NOT met for " +
             ", ".join(v for v, p in peaks.items() if p >= 2048)))
    if "pandas" in results and "series" in results and "error" not in results["pandas"] \
            and "error" not in results["series"]:
        same = (results["pandas"]["events"] == results["series"]["events"]
                and results["pandas"]["quads"] == results["series"]["quads"]
                and results["pandas"]["out_rows"] == results["series"]["out_rows"])
        print("pandas and latticework agree on dyad-months, events and quad counts: " + ("yes" if same else "NO"))
    (args.work / "results.json").write_text(json.dumps({"rows": args.rows, "results": results}, indent=2))
    if not args.keep:
        shutil.rmtree(args.work, ignore_errors=True)
    return 0 if all("error" not in r for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
