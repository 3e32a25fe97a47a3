"""Benchmark: the dyad-year and state-year panels with the peace-science verbs (issue 23).

Times ``db.dyad_years(directed=True, with_=...)`` for the bare panel with ATOP and NMC, the
same plus ``mids`` and ``rivalries``, and every dyad verb; and a state-year panel with
``democracy``, ``gdp``, ``threat``, ``ucdp``, ``mids``, ``wars``, ``rivalries``, ``leaders``.
Each is run once to warm up and then ``--repeat`` times; the best and median are printed with
the rows and columns. Peer figure (DESIGN.md, measured on these machines): peacesciencer 1.2.9
needs 6.6–9.0 s for the bare directed panel with ATOP and NMC alone.

Usage: python benchmarks/bench_panel_verbs.py [--store PATH] [--repeat N] [--json]
"""
from __future__ import annotations

import argparse
import json
import time

PEACESCIENCER_BARE = (6.6, 9.0)
DYAD = {
    "alliances+capabilities": ("alliances", "capabilities"),
    "+mids+rivalries": ("alliances", "capabilities", "mids", "rivalries"),
    "every dyad verb": ("alliances", "capabilities", "mids", "rivalries", "wars", "ucdp", "threat", "democracy", "gdp"),
}
STATE = ("capabilities", "democracy", "gdp", "threat", "ucdp", "mids", "wars", "rivalries", "leaders")


def _time(job, repeat: int) -> dict:
    df = job()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        df = job()
        times.append(time.perf_counter() - t)
    times.sort()
    return {"rows": len(df), "columns": df.shape[1], "best": times[0], "median": times[len(times) // 2]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", default=None)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import latticework as lw

    db = lw.open(args.store)
    out = {name: _time(lambda w=w: db.dyad_years(directed=True, with_=w), args.repeat) for name, w in DYAD.items()}
    out["state-years 1816-2024, 9 verbs"] = _time(lambda: db.state_years(with_=STATE), args.repeat)
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for name, r in out.items():
        ratio = f"{PEACESCIENCER_BARE[0] / r['best']:.0f}-{PEACESCIENCER_BARE[1] / r['best']:.0f}x" if name.startswith("alli") else ""
        print(f"{name:34s} {r['rows']:>9,} rows {r['columns']:>4} cols  best {r['best']:.3f} s  median {r['median']:.3f} s"
              + (f"  (peacesciencer bare panel 6.6-9.0 s: {ratio} faster)" if ratio else ""))


if __name__ == "__main__":
    main()
