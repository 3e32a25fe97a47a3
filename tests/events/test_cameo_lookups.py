"""The shipped CAMEO lookup files are what ``scripts/cameo_lookups.py`` makes from the published
files in the mirror (issue 21: the tables had no generator), and the tables read from them are
complete."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "latticework" / "events" / "lookups"


def _script():
    spec = importlib.util.spec_from_file_location("cameo_lookups", ROOT / "scripts" / "cameo_lookups.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_regenerated_from_the_mirror_equals_the_shipped_files(mirror, tmp_path):
    _script().write(mirror, tmp_path)
    for f in sorted(SHIPPED.iterdir()):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in SHIPPED.iterdir())


def test_the_merged_and_the_garbled_published_lines_are_repaired(tmp_path):
    """A hand-made copy of the two faulty published lines: 1056/106 merged, 044 mis-encoded."""
    lk = tmp_path / "gdelt" / "lookups"
    lk.mkdir(parents=True)
    (lk / "CAMEO.eventcodes.txt").write_text(
        "CAMEOEVENTCODE\tEVENTDESCRIPTION\n044\tMeet at a \u00d2hird\u00d3location\n"
        "1056\tDemand de-escalation of military engagement106:[-5.0] Demand withdrawal\n", encoding="utf-8")
    (lk / "CAMEO.goldsteinscale.txt").write_text("CAMEOEVENTCODE\tGOLDSTEINSCALE\n044\t2.5\n1056\t-5.0\n")
    assert _script().event_codes(lk) == [("044", 'Meet at a "third" location', 2.5),
                                         ("1056", "Demand de-escalation of military engagement", -5.0),
                                         ("106", "Demand withdrawal", -5.0)]


def test_tables_read_from_the_files():
    from latticework.events._lookups import CAMEO_COUNTRIES, CAMEO_EVENTS, FIPS, ISO3

    assert len(CAMEO_EVENTS) == 311 and CAMEO_EVENTS["190"][1] == -10.0
    assert len(CAMEO_COUNTRIES) == 261 and CAMEO_COUNTRIES["ROM"] == ("Romania", "ROU")
    assert CAMEO_COUNTRIES["AFR"] == ("Africa", None)
    assert "JPN" in ISO3 and len(ISO3) == 249 and FIPS["JPN"] == "JA"
