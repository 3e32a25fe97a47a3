"""The CLI: `latticework extract` and `latticework claims check`."""
import json
import os
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).with_name("latticework"))


def run(*args):
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, env=env)


def test_extract_json_fields(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Japan and Australia signed a Reciprocal Access Agreement in 2022.\n", encoding="utf-8")
    r = run("extract", "--json", str(p))
    assert r.returncode == 0, r.stderr
    (ev,) = json.loads(r.stdout)
    assert {"type", "actors", "date", "date_kind", "quantities", "evidence"} <= set(ev)
    assert set(ev["evidence"]) == {"doc", "sentence", "start", "end"}
    assert ev["type"] == "ACCESS_AGREEMENT" and ev["actors"] == ["JPN", "AUS"] and ev["date"] == "2022"


def test_extract_several_files_table(corpus):
    files = [str(corpus / "wh-2021-09-15-aukus-joint-leaders-statement.txt"),
             str(corpus / "wh-2023-01-13-us-japan-joint-statement.txt")]
    r = run("extract", *files)
    assert r.returncode == 0, r.stderr
    assert "SECURITY_AGREEMENT" in r.stdout


def test_extract_bad_file_is_one_line_error(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Japan and Australia held a joint exercise.\n")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02")
    r = run("extract", "--json", str(good), str(bad))
    assert r.returncode == 1
    out = json.loads(r.stdout)  # the good file's events (the exercise; the model may add more), none from bad.bin
    assert out and {e['evidence']['doc'] for e in out} == {'good.txt'} and 'EXERCISE' in {e['type'] for e in out}
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "bad.bin" in lines[0] and "binary" in lines[0] and "fix:" in lines[0]


def test_claims_check_json(real_store_path, real_cache, tmp_path):
    p = tmp_path / "c.txt"
    p.write_text("Japan was the world's 10th largest military spender in 2023. Japan and the Philippines "
                 "signed a Reciprocal Access Agreement in 2024.\n", encoding="utf-8")
    r = run("claims", "check", "--json", "--store", str(real_store_path), "--cache", str(real_cache), str(p))
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["verdict"] for x in rows] == ["supported", "supported"]
    assert all({"claim", "sentence", "start", "end", "verdict", "compared_with", "source"} <= set(x) for x in rows)


def test_claims_check_table(real_store_path, real_cache, corpus):
    r = run("claims", "check", "--store", str(real_store_path), "--cache", str(real_cache),
            str(corpus / "crs-if10165-south-korea.txt"))
    assert r.returncode == 0, r.stderr
    assert "not_checkable" in r.stdout and "supported" in r.stdout


def test_claims_check_empty_file(tmp_path):
    p = tmp_path / "e.txt"
    p.write_text("")
    r = run("claims", "check", str(p))
    assert r.returncode == 1 and "empty" in r.stderr and "e.txt" in r.stderr
