"""Benchmark: the state-profile page and its JSON endpoint under 32 concurrent clients on loopback.

Starts ``latticework serve`` on 127.0.0.1 (a free port) in a subprocess, then drives it from
this process with 32 concurrent keep-alive clients (httpx + asyncio) for a bounded time per
endpoint, and prints requests/s and p50/p95/p99 latency. Only loopback is ever contacted.
Targets (DESIGN.md): >= 200 requests/s and p95 < 150 ms.

Usage: python benchmarks/bench_web.py [--seconds 10] [--clients 32] [--workers 1]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def load(url: str, clients: int, seconds: float) -> dict:
    lat: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        async def worker():
            nonlocal errors
            while time.perf_counter() < stop:
                t = time.perf_counter()
                r = await client.get(url)
                lat.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors += 1
        t0 = time.perf_counter()
        await asyncio.gather(*[worker() for _ in range(clients)])
        elapsed = time.perf_counter() - t0
    a = np.array(lat) * 1000
    return {"requests": len(lat), "errors": errors, "rps": len(lat) / elapsed,
            "p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)), "p99": float(np.percentile(a, 99))}


WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("WRK %d %d %.1f %.3f %.3f %.3f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def load_wrk(url: str, clients: int, seconds: float) -> dict:
    """Drive the server with wrk (C, low overhead): 2 threads, ``clients`` connections."""
    import shutil
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_LUA)
    out = subprocess.run([shutil.which("wrk"), "-t2", f"-c{clients}", f"-d{int(seconds)}s", "-s", fh.name, url],
                         capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("WRK "))
    n, err, rps, p50, p95, p99 = line.split()[1:]
    return {"requests": int(n), "errors": int(err), "rps": float(rps), "p50": float(p50), "p95": float(p95), "p99": float(p99)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--python-client", action="store_true",
                    help="use the asyncio/httpx client even when wrk is installed (it competes for the 2 cores)")
    a = ap.parse_args()
    port = free_port()
    exe = str(Path(sys.executable).with_name("latticework"))
    server = subprocess.Popen([exe, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(a.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/sources", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start: " + server.stderr.read().decode()[-500:])
        import shutil

        client = "wrk" if shutil.which("wrk") and not a.python_client else "python asyncio/httpx"
        print(f"{a.clients} concurrent clients ({client}), {a.seconds:.0f} s per endpoint, server workers: {a.workers}")
        for path in ["/api/state/JPN", "/state/Japan"]:
            httpx.get(base + path, timeout=30)  # warm the cache
            import shutil

            r = (load_wrk(base + path, a.clients, a.seconds) if shutil.which("wrk") and not a.python_client
                 else asyncio.run(load(base + path, a.clients, a.seconds)))
            ok = r["rps"] >= 200 and r["p95"] < 150
            print(f"  {path:18s} {r['rps']:7.1f} req/s  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  "
                  f"p99 {r['p99']:6.1f} ms  ({r['requests']} requests, {r['errors']} errors)  "
                  f"target >=200 req/s, p95<150 ms: {'met' if ok else 'NOT met'}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
