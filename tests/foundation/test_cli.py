"""The CLI: data status, cite, profile, build; errors are one line with a non-zero exit."""
import json
import os
import subprocess
import sys
from pathlib import Path


EXE = str(Path(sys.executable).with_name("latticework"))


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=e, timeout=300)


def test_status_lists_every_source_verified(real_cache):
    r = run("data", "status", "--json", "--cache", str(real_cache))
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    from latticework.sources.registry import load_registry

    assert {x["name"] for x in rows} == set(load_registry().names())
    assert all(x["present"] and x["verified"] for x in rows)
    assert all({"name", "version", "present", "verified"} <= set(x) for x in rows)


def test_status_flags_missing(tmp_path):
    r = run("data", "status", "--json", "--cache", str(tmp_path))
    assert r.returncode == 1
    assert not any(x["verified"] for x in json.loads(r.stdout))


def test_pull_bad_mirror_is_one_line_error(tmp_path):
    # a mirror folder that does not exist is a usage error (issue 19: it used to report "already verified")
    r = run("data", "pull", "--from", str(tmp_path / "nowhere"), "--cache", str(tmp_path / "c"), "--source", "dcad")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 2 and len(lines) == 1 and "does not exist" in lines[0], r.stderr
    # a mirror folder without the file: that file fails, with the reason, and the pull exits 1
    (tmp_path / "empty").mkdir()
    r = run("data", "pull", "--from", str(tmp_path / "empty"), "--cache", str(tmp_path / "c"), "--source", "dcad")
    assert r.returncode == 1
    assert "not in the mirror" in r.stderr


def test_cite_bibtex():
    r = run("cite", "--bibtex", "--source", "atop")
    assert r.returncode == 0 and "@article{leeds2002atop" in r.stdout


def test_profile_and_unknown_state(real_store_path, real_cache):
    env = {"LATTICEWORK_STORE": str(real_store_path), "LATTICEWORK_CACHE": str(real_cache)}
    r = run("profile", "Japan", "--json", env=env)
    assert r.returncode == 0, r.stderr
    prof = json.loads(r.stdout)
    assert prof["state"]["iso3"] == "JPN"
    ranks = {x["year"]: x["milex_rank"] for x in prof["spending"]}
    assert ranks[2021] == 9 and ranks[2024] == 10
    bad = run("profile", "Japna", env=env)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "did you mean" in bad.stderr and "Japan" in bad.stderr


def test_no_store_is_clear(tmp_path):
    r = run("profile", "JPN", env={"LATTICEWORK_STORE": str(tmp_path / "x.duckdb")})
    assert r.returncode == 1 and "latticework build" in r.stderr
