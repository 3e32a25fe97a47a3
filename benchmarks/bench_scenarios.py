"""Benchmark: 10,000 Monte Carlo runs of a preset scenario (target < 60 s).

Each run applies each uncertain edit with its probability (seeded); distinct worlds are computed
once and reused (at most 2^k for k uncertain edits), so the figure printed includes how many
worlds were actually recomputed. Usage: python benchmarks/bench_scenarios.py [--preset us_retrenchment] [--runs 10000]
"""
import argparse
import time


def main() -> None:
    import latticework as lw
    from latticework.models.scenarios import load_scenario, monte_carlo

    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="us_retrenchment")
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    db = lw.open()
    sc = load_scenario(a.preset)
    t = time.perf_counter()
    res = monte_carlo(db, sc, a.runs, a.seed)
    dt = time.perf_counter() - t
    print(f"{a.preset}: {a.runs:,} Monte Carlo runs in {dt:.1f} s ({a.runs / dt:,.0f} runs/s); "
          f"{res['distinct_worlds']} distinct worlds recomputed ({len(sc.edits)} uncertain edits); target < 60 s: "
          f"{'met' if dt < 60 else 'NOT met'}")
    for k in list(res["measures"])[:6]:
        v = res["measures"][k]
        print(f"  {k:50s} mean {v['mean']:.3f}  p5 {v['p5']:.3f}  p95 {v['p95']:.3f}")


if __name__ == "__main__":
    main()
