"""Fixtures for the event-data tests: hand-written GDELT rows, the real samples, Spark.

The hand-written rows follow the GDELT 2.0 event codebook column order (checked against GDELT's
own header file in ``test_formats_match_gdelt_header_files``); CAMEO codes, Goldstein scores and
quad classes are those of GDELT's CAMEO lookups.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from latticework.events.formats import GDELT1_COLUMNS, GDELT2_COLUMNS


def _gdelt_line(version: int = 2, **fields) -> str:
    """One GDELT export line: 61 fields (2.0), 58 (1.0 daily) or 57 (1.0 historical)."""
    cols = GDELT2_COLUMNS if version == 2 else GDELT1_COLUMNS[: 58 if version == 1 else 57]
    d = {c: "" for c in cols}
    d.update({"IsRootEvent": "1", "NumMentions": "1", "NumSources": "1", "NumArticles": "1",
              "AvgTone": "0.5", "DATEADDED": "20240501000000" if version == 2 else "20240501"})
    if "EventCode" in fields:
        code = fields["EventCode"]
        d["EventBaseCode"], d["EventRootCode"] = code[:3], code[:2]
    if "SQLDATE" in fields:
        s = fields["SQLDATE"]
        d["MonthYear"], d["Year"] = s[:6], s[:4]
    for k in ("Actor1CountryCode", "Actor2CountryCode"):
        if k in fields and f"{k[:6]}Code" not in fields:
            d[f"{k[:6]}Code"] = fields[k] + fields.get(f"{k[:6]}Type1Code", "")
    d.update({k: str(v) for k, v in fields.items()})
    assert set(d) == set(cols), set(d) ^ set(cols)
    return "\t".join(d[c] for c in cols)


# The hand-checked slice (see test_quads.py for the expected counts, worked out by hand).
SLICE = [
    # 1 USA->JPN make a visit (042, quad 1, Goldstein 1.9), 3 sources
    dict(GLOBALEVENTID="1001", SQLDATE="20240305", Actor1CountryCode="USA", Actor1Type1Code="GOV",
         Actor2CountryCode="JPN", Actor2Type1Code="GOV", EventCode="042", QuadClass="1",
         GoldsteinScale="1.9", NumSources="3"),
    # 2 JPN(MIL)->USA sign formal agreement (057, quad 1, 8.0): SECURITY_AGREEMENT (military actor)
    dict(GLOBALEVENTID="1002", SQLDATE="20240320", Actor1CountryCode="JPN", Actor1Type1Code="MIL",
         Actor2CountryCode="USA", EventCode="057", QuadClass="1", GoldsteinScale="8.0"),
    # 3 USA->JPN cooperate militarily (062, quad 2, 7.4), 2 sources: no event type
    dict(GLOBALEVENTID="1003", SQLDATE="20240328", Actor1CountryCode="USA", Actor2CountryCode="JPN",
         EventCode="062", QuadClass="2", GoldsteinScale="7.4", NumSources="2"),
    # 4 CHN->JPN mobilize or increase armed forces (154, quad 4, -7.2): FORCE_POSTURE
    dict(GLOBALEVENTID="1004", SQLDATE="20240310", Actor1CountryCode="CHN", Actor1Type1Code="MIL",
         Actor2CountryCode="JPN", EventCode="154", QuadClass="4", GoldsteinScale="-7.2"),
    # 5 JPN->USA criticize or denounce (111, quad 3, -2.0)
    dict(GLOBALEVENTID="1005", SQLDATE="20240402", Actor1CountryCode="JPN", Actor2CountryCode="USA",
         EventCode="111", QuadClass="3", GoldsteinScale="-2.0"),
    # 6 USA->JPN threaten conventional attack (1384, quad 3, -7.0): COERCION
    dict(GLOBALEVENTID="1006", SQLDATE="20240415", Actor1CountryCode="USA", Actor2CountryCode="JPN",
         EventCode="1384", QuadClass="3", GoldsteinScale="-7.0"),
    # 7 JPN->CHN impose blockade (191, quad 4, -9.5): COERCION
    dict(GLOBALEVENTID="1007", SQLDATE="20240420", Actor1CountryCode="JPN", Actor2CountryCode="CHN",
         EventCode="191", QuadClass="4", GoldsteinScale="-9.5"),
    # 8 USA(GOV)->JPN(GOV) sign formal agreement (057, quad 1, 8.0): no military actor, no type
    dict(GLOBALEVENTID="1008", SQLDATE="20240430", Actor1CountryCode="USA", Actor1Type1Code="GOV",
         Actor2CountryCode="JPN", Actor2Type1Code="GOV", EventCode="057", QuadClass="1", GoldsteinScale="8.0"),
    # 9 USA->Europe (a region, not a state): in no dyad
    dict(GLOBALEVENTID="1009", SQLDATE="20240301", Actor1CountryCode="USA", Actor2CountryCode="EUR",
         EventCode="036", QuadClass="1", GoldsteinScale="4.0"),
    # 10 ROM (CAMEO's Romania) -> USA express intent to meet (036, quad 1, 4.0): dyad ROU-USA
    dict(GLOBALEVENTID="1010", SQLDATE="20240315", Actor1CountryCode="ROM", Actor2CountryCode="USA",
         EventCode="036", QuadClass="1", GoldsteinScale="4.0"),
]


@pytest.fixture
def slice_file(tmp_path) -> Path:
    """The 10-row hand-checked slice as a GDELT 2.0 export file."""
    p = tmp_path / "slice.export.CSV"
    p.write_text("\n".join(_gdelt_line(**r) for r in SLICE) + "\n")
    return p


@pytest.fixture(scope="session")
def gdelt_samples(mirror, require) -> Path:
    """The real GDELT samples folder in the data mirror (skips/fails as the mirror fixture says)."""
    p = mirror / "gdelt" / "samples"
    if not p.is_dir():
        require(f"{p} missing from the data mirror")
    return p


@pytest.fixture(scope="session")
def samples_store(tmp_path_factory, gdelt_samples) -> Path:
    """A cache with the three real GDELT event samples ingested (read-only for tests)."""
    from latticework.events import ingest

    cache = tmp_path_factory.mktemp("events_samples")
    ingest([gdelt_samples / "spark-gdelt" / "events.csv", gdelt_samples / "spark-gdelt" / "events1.csv",
            gdelt_samples / "gdelt-demo" / "events.csv"], cache)
    return cache


@pytest.fixture(scope="session")
def spark(require):
    """A local Spark session, or a skip that says what is missing."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        require("no Java runtime (java not on PATH, JAVA_HOME unset): Spark tests need one; "
                "`make test` installs default-jre-headless where it can", "LATTICEWORK_REQUIRE_SPARK")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        require("pyspark is not installed (pip install -e '.[spark]')", "LATTICEWORK_REQUIRE_SPARK")
    from latticework.events.series import spark_session

    return spark_session("local[2]")


@pytest.fixture
def gdelt_line():
    """``gdelt_line(version=2, **fields)``: one export line with every other field empty/default."""
    return _gdelt_line


@pytest.fixture
def slice_rows():
    """The hand-checked slice as a list of field dicts."""
    return [dict(r) for r in SLICE]
