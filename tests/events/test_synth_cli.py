"""Synthetic GDELT files, and the `latticework events` commands."""
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from latticework.errors import UsageError
from latticework.events import ingest, write_synthetic
from latticework.events.cameo import CAMEO_EVENTS, quad_class_of
from latticework.events.formats import GDELT2_COLUMNS

EXE = str(Path(sys.executable).with_name("latticework"))


def run(*args):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300)


def test_synthetic_rows_are_consistent(tmp_path):
    files = write_synthetic(tmp_path / "syn", 5000, seed=7, files=2, compress="gz")
    assert [f.name for f in files] == ["synthetic-gdelt2-s7-0001-of-0002.export.CSV.gz",
                                       "synthetic-gdelt2-s7-0002-of-0002.export.CSV.gz"]
    manifest = json.loads((tmp_path / "syn" / "SYNTHETIC.json").read_text())
    assert manifest["synthetic"] is True and manifest["rows"] == 5000
    n, ids = 0, set()
    for f in files:
        for line in gzip.open(f, "rt"):
            r = dict(zip(GDELT2_COLUMNS, line.rstrip("\n").split("\t")))
            assert len(line.split("\t")) == 61
            assert int(r["QuadClass"]) == quad_class_of(r["EventCode"])
            assert float(r["GoldsteinScale"]) == CAMEO_EVENTS[r["EventCode"]][1]
            assert r["EventRootCode"] == r["EventCode"][:2] and r["SQLDATE"] <= r["DATEADDED"][:8]
            assert "synthetic.invalid" in r["SOURCEURL"]
            ids.add(r["GLOBALEVENTID"])
            n += 1
    assert n == 5000 and len(ids) == 5000


def test_synthetic_is_deterministic_and_never_mixed(tmp_path):
    a = write_synthetic(tmp_path / "a", 1000, seed=1, files=1, compress="none")
    b = write_synthetic(tmp_path / "b", 1000, seed=1, files=1, compress="none")
    assert a[0].read_bytes() == b[0].read_bytes()
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "20150218230000.export.CSV").write_text("x\n")
    with pytest.raises(UsageError, match="not synthetic"):
        write_synthetic(tmp_path / "real", 10)
    ingest([tmp_path / "a"], tmp_path / "cache")
    with pytest.raises(UsageError, match="synthetic"):
        ingest([tmp_path / "real"], tmp_path / "cache")
    with pytest.raises(UsageError, match="together"):
        ingest([tmp_path / "a", tmp_path / "real"], tmp_path / "cache2")


def test_cli_ingest_json_series_and_synth(tmp_path, slice_file):
    cache = tmp_path / "c"
    r = run("events", "ingest", str(slice_file), "--cache", str(cache), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"read": 10, "stored": 10, "rejected": 0, "duplicate": 0}
    r = run("events", "ingest", str(slice_file), "--cache", str(cache), "--json")
    assert json.loads(r.stdout) == {"read": 10, "stored": 0, "rejected": 0, "duplicate": 10}
    r = run("events", "series", "--dyad", "USA-JPN", "--freq", "month", "--cache", str(cache), "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["events"] for x in rows] == [3, 3] and rows[0]["a"] == "USA" and rows[0]["n_dialogue"] == 1
    r = run("events", "series", "--dyad", "USA-JPN", "--cache", str(cache), "--csv")
    assert r.stdout.splitlines()[0].startswith("a,b,period,events,verbal_cooperation")
    r = run("events", "series", "--dyad", "USA-JPN", "--cache", str(cache))
    assert r.returncode == 0 and "USA" in r.stdout
    r = run("events", "series", "--dyad", "USA-Atlantis", "--cache", str(cache))
    assert r.returncode == 2 and r.stderr.strip().startswith("error:") and r.stderr.strip().count("\n") == 0
    r = run("events", "synth", "--rows", "500", "-o", str(tmp_path / "syn"), "--files", "2", "--json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["files"]) == 2


def test_cli_ingest_reports_rejects(tmp_path):
    p = tmp_path / "junk.export.CSV"
    p.write_text("a\tb\n")
    r = run("events", "ingest", str(p), "--cache", str(tmp_path / "c"))
    assert r.returncode == 0
    assert "rejected 1" in r.stdout and "rejects.tsv" in r.stderr
