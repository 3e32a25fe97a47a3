"""What a person sees in the terminal: tables within 100 columns, structured --json, empty results that say why."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

EXE = str(Path(sys.executable).with_name("latticework"))


def run(*args, env_extra=None):
    env = dict(os.environ, COLUMNS="200", **(env_extra or {}))  # a wide terminal: the tables still keep to 100
    r = subprocess.run([EXE, *args], capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout


def widest(text: str) -> int:
    return max(len(line.rstrip()) for line in text.splitlines())


def test_print_frame_fits_100_columns_and_cuts_long_text(capsys):
    from latticework.cli._app import print_frame

    df = pd.DataFrame({"year": [2020, 2021], "state": ["JPN", "KOR"], "value": [0.123456, float("nan")],
                       "evidence": ["x" * 300, "short"], "flags": [["a", "b"], []], "ok": [True, False]})
    print_frame(df, title="t")
    out = capsys.readouterr().out
    assert widest(out) <= 100
    assert "x" * 40 not in out and "…" in out and "cut to 36 characters: evidence" in out
    assert "a, b" in out and "yes" in out and "—" in out and "0.123" in out


@pytest.mark.realdata
def test_strategy_and_dyad_tables_fit_100_columns(real_store_path):
    for args in (["strategy", "Japan", "--step", "5"], ["dyad", "USA", "JPN", "--step", "5"],
                 ["structure", "--step", "5", "--ties"], ["linchpin"]):
        out = run(*args, "--store", str(real_store_path))
        tables = table_lines(out)
        assert tables and max(map(len, tables)) <= 100, (args, max(map(len, tables)))


def table_lines(out: str) -> list[str]:
    """The lines of every table in the output: the header above each rule line down to the blank line."""
    lines, keep = out.splitlines(), []
    for i, line in enumerate(lines):
        if line.strip() and set(line.strip()) == {"─"}:  # a table's rule (not a titled console rule)
            j = i
            while j < len(lines) and lines[j].strip():
                keep.append(lines[j].rstrip())
                j += 1
            j = i - 1
            while j >= 0 and lines[j].strip():  # the header lines above the rule
                keep.append(lines[j].rstrip())
                j -= 1
    return keep


@pytest.mark.realdata
def test_structure_json_ties_are_objects(real_store_path):
    d = json.loads(run("structure", "--from", "2024", "--json", "--store", str(real_store_path)))
    assert d["hub"] == "USA" and "JPN" in d["spokes"]
    (row,) = d["rows"]
    assert row["year"] == 2024 and isinstance(row["spoke_ties"], list) and row["spoke_ties"]
    tie = row["spoke_ties"][0]
    assert set(tie) == {"a", "b", "weight", "layers", "carried_forward"}
    assert isinstance(tie["layers"], dict) and all(isinstance(v, float) for v in tie["layers"].values())
    assert abs(sum(tie["layers"].values()) - tie["weight"]) < 0.02


def test_tie_record_parses_the_measure_label():
    from latticework.cli.measures import tie_record

    assert tie_record("JPN–AUS 1.30 (atop_defense 1.00; dca 0.30, carried forward)") == {
        "a": "JPN", "b": "AUS", "weight": 1.3, "layers": {"atop_defense": 1.0, "dca": 0.3}, "carried_forward": True}
    assert tie_record("KOR–PHL 0.50 (dca 0.50)")["carried_forward"] is False


@pytest.mark.realdata
def test_structure_ties_table_explains_carried_forward(real_store_path):
    out = run("structure", "--from", "2015", "--to", "2024", "--ties", "--store", str(real_store_path))
    assert "carried fwd*" in out and "past the last year its source covers" in out
    assert "spoke–spoke ties: the first year and each year" in out


@pytest.mark.realdata
def test_event_series_without_events_says_why(real_cache, mirror, tmp_path):
    from latticework.events import ingest

    ingest([mirror / "gdelt" / "samples"], cache=tmp_path)
    out = run("events", "series", "--dyad", "USA-NZL", "--cache", str(tmp_path))
    assert "no events for USA–NZL in the ingested event data" in out and "ingested dyads with most events" in out
    assert out.count("\n") < 10  # not hundreds of zero rows
    d = json.loads(run("events", "series", "--dyad", "USA-NZL", "--json", "--cache", str(tmp_path)))
    assert d["rows"] == [] and d["ingested_dyads"] and {"a", "b", "events"} <= set(d["ingested_dyads"][0])


@pytest.mark.realdata
def test_scenario_run_reads_as_baseline_scenario_change(real_store_path):
    out = run("scenario", "run", "japan_bases_denied", "--store", str(real_store_path))
    assert widest("\n".join(table_lines(out))) <= 100
    assert " change " in out and " value " not in out
    assert "access_points_in_range" in out and "-12.000" in out  # the bases in Japan no longer count


@pytest.mark.realdata
def test_profile_json_is_structured(real_store_path):
    d = json.loads(run("profile", "Japan", "--json", "--store", str(real_store_path)))
    us = next(a for a in d["alliances_in_force"] if a["partners"] == ["USA"])
    assert us["obligations"] == ["defense", "nonagg", "consul"] and us["asymmetric"] is True
    wide = max(d["alliances_in_force"], key=lambda a: len(a["partners"]))
    assert len(wide["partners"]) > 8 and all(isinstance(p, str) and "…" not in p for p in wide["partners"])
