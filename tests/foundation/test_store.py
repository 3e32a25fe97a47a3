"""The store: built atomically; bad input gives one clear error and leaves the old store whole."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from latticework.build import build_store
from latticework.errors import ChecksumMismatch, MalformedSource, SourceUnavailable, StoreBuildError, StoreMissing
from latticework.store import Store
from latticework.views.database import Database

pytestmark = pytest.mark.xdist_group("store_build")


@pytest.fixture()
def cache_copy(tmp_path, real_cache, real_store_path):
    """A private copy of the real cache with a good store already built in it."""
    dst = tmp_path / "cache"
    shutil.copytree(real_cache / "sources", dst / "sources")
    shutil.copy(real_store_path, dst / "latticework.duckdb")
    return dst


def _rows(store: Path, table: str = "capabilities") -> int:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    finally:
        con.close()


def test_build_counts(real_store_path):
    assert _rows(real_store_path, "dyad_skeleton") == 2_214_930
    assert _rows(real_store_path, "alliance_dyad_years") == 273_296
    assert _rows(real_store_path, "sources") >= 15


def test_corrupt_cache_file_fails_and_keeps_store(cache_copy):
    store = cache_copy / "latticework.duckdb"
    before = store.read_bytes()
    p = cache_copy / "sources/dcad/DCAD-v1.0-main.csv"
    p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])  # truncated CSV
    with pytest.raises(ChecksumMismatch, match=r"DCAD-v1\.0-main\.csv: cached file does not match"):
        build_store(store, cache_copy)
    assert store.read_bytes() == before


def test_missing_source_fails_and_keeps_store(cache_copy):
    store = cache_copy / "latticework.duckdb"
    n = _rows(store)
    (cache_copy / "sources/sipri/SIPRI-Milex-data-1949-2024_2.xlsx").unlink()
    with pytest.raises(SourceUnavailable, match=r"source 'sipri_milex' is not in the cache.*data pull"):
        build_store(store, cache_copy)
    assert _rows(store) == n


def test_reader_error_mid_build_keeps_store(cache_copy, monkeypatch):
    store = cache_copy / "latticework.duckdb"
    before = store.read_bytes()
    from latticework.sources.datasets import economy

    def boom(ctx):
        raise RuntimeError("disk full")

    monkeypatch.setattr(economy, "read", boom)
    with pytest.raises((StoreBuildError, RuntimeError)):
        build_store(store, cache_copy)
    assert store.read_bytes() == before
    assert not list(cache_copy.glob("latticework.duckdb.building-*"))


def test_write_error_keeps_store(cache_copy, monkeypatch):
    store = cache_copy / "latticework.duckdb"
    before = store.read_bytes()
    import latticework.build as b

    real_write = b._write

    def failing(con, name, df):
        if name == "ties":
            raise OSError("no space left on device")
        real_write(con, name, df)

    monkeypatch.setattr(b, "_write", failing)
    with pytest.raises(StoreBuildError, match="previous store is untouched"):
        build_store(store, cache_copy)
    assert store.read_bytes() == before
    assert not list(cache_copy.glob("latticework.duckdb.building-*"))


def test_killed_build_leaves_previous_store(cache_copy):
    """SIGKILL a real `latticework build` while it writes the new file."""
    store = cache_copy / "latticework.duckdb"
    before = store.read_bytes()
    exe = Path(sys.executable).with_name("latticework")
    proc = subprocess.Popen([str(exe), "build", "--store", str(store), "--cache", str(cache_copy)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(cache_copy.glob("latticework.duckdb.building-*")):
        time.sleep(0.02)
    assert list(cache_copy.glob("latticework.duckdb.building-*")), "build never started writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert store.read_bytes() == before
    db = Database(store, cache_copy)
    assert len(db.capabilities("JPN", 2020, 2024)) == 5
    db.close()
    build_store(store, cache_copy)  # the next build removes the stale temporary file
    assert not list(cache_copy.glob("latticework.duckdb.building-*"))


def test_truncated_csv_reader_names_file_and_line(tmp_path, real_cache):
    from latticework.sources.datasets.troopdata import _parse_bases

    src = (real_cache / "sources/troopdata/basedata.csv").read_text().splitlines()
    bad = tmp_path / "basedata.csv"
    bad.write_text("\n".join(src[:20] + ['"Japan",740,"JPN","Yokota']) + "\n")
    with pytest.raises(MalformedSource, match=r"basedata\.csv:21: 4 fields, expected 9"):
        _parse_bases(bad)


def test_rdata_garbage_names_file(tmp_path):
    from latticework.sources.context import read_rdata

    p = tmp_path / "x.rda"
    p.write_bytes(b"\x00\x01not R data")
    with pytest.raises(MalformedSource, match=r"x\.rda: not a readable R data file"):
        read_rdata(p)


def test_open_without_store(tmp_path):
    with pytest.raises(StoreMissing, match="latticework build"):
        Store(tmp_path / "none.duckdb", tmp_path)


def test_source_issues_reported_not_dropped(real_db):
    issues = real_db.table("source_issues")
    reasons = set(issues["reason"])
    assert any("MME participant has no COW state code" in r for r in reasons)
    assert any("repaired: unbalanced quote" in r for r in reasons)
    mme = issues[issues["file"] == "mme_long.csv"]
    assert len(mme) >= 208  # DESIGN: 208 rows with country "-9", plus NATO and microstates


def test_a_store_of_another_schema_version_is_refused(tmp_path):
    """An old store fails on open with the fix, not later with a DuckDB binder error."""
    import duckdb

    from latticework.errors import StoreMissing
    from latticework.store import SCHEMA_VERSION, Store

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for t in ("states", "capabilities", "ties", "events", "sources"):
        con.execute(f"CREATE TABLE {t} (x INTEGER)")
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION - 1)])
    con.close()
    with pytest.raises(StoreMissing, match=f"schema version {SCHEMA_VERSION - 1}.*needs {SCHEMA_VERSION}.*latticework build"):
        Store(path)
