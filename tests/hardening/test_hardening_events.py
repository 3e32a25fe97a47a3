"""Event ingest bad rows (issue 19): NUL bytes anywhere, POLECAT trailing tabs, ICEWS CAMEO 999,
GDELT NaN tone, a quote in the cache path; always ``read = stored + rejected + duplicate``."""
import csv

import pyarrow.parquet as pq
import pytest

from hardening_helpers import POLECAT_HEADER, gdelt_line, icews_row, polecat_row
from latticework.events import ingest
from latticework.events.formats import ICEWS_COLUMNS


def _stored(cache):
    files = sorted((cache / "events").glob("year=*/month=*/*.parquet"))
    files = [f for f in files if f.parent.parent.name != "year=0"]
    return [r for f in files for r in pq.read_table(f).to_pylist()]


def _reasons(summary):
    out = []
    for f in summary.files:
        if f.reject_file:
            out += [r["reason"] for r in csv.DictReader(open(f.reject_file), delimiter="\t")]
    return out


def _balanced(s):
    assert s.read == s.stored + s.rejected + s.duplicate, s
    assert len(_reasons(s)) == s.rejected


@pytest.mark.parametrize("where", [0, 3_000], ids=["nul-in-first-64KiB", "nul-after-64KiB"])
def test_nul_byte_rejects_its_line_wherever_it_is(tmp_path, where):
    lines = [gdelt_line(GLOBALEVENTID=str(i)) for i in range(1, 4_001)]
    lines[where] = lines[where].replace("USA", "U\x00A", 1)
    p = tmp_path / "events.csv"
    p.write_text("\n".join(lines) + "\n")
    s = ingest([p], tmp_path / "c")
    _balanced(s)
    assert (s.read, s.stored, s.rejected) == (4_000, 3_999, 1)
    assert "NUL" in _reasons(s)[0]


def test_binary_file_is_still_one_rejected_file(tmp_path):
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    s = ingest([p], tmp_path / "c")
    _balanced(s)
    assert s.stored == 0 and s.rejected == 1 and "binary" in _reasons(s)[0]


def test_polecat_header_with_trailing_tabs(tmp_path):
    p = tmp_path / "ngecEvents.20230103.txt"
    rows = [polecat_row(**{"Event ID": f"p{i}"}) for i in range(3)]
    text = "\t".join(POLECAT_HEADER) + "\t\t\t\n" + "\n".join("\t".join(r) for r in rows[:2]) + "\n"
    text += "\t".join(rows[2]) + "\t\t\n"  # a row with excess tabs too
    p.write_text(text)
    s = ingest([p], tmp_path / "c")
    _balanced(s)
    assert (s.read, s.stored, s.rejected) == (3, 3, 0) and s.files[0].format == "polecat"


def test_icews_cameo_codes(tmp_path):
    p = tmp_path / "events.2014.tab"
    rows = [icews_row(**{"Event ID": "1", "CAMEO Code": "42"}),     # 042 read as a number
            icews_row(**{"Event ID": "2", "CAMEO Code": "211"}),    # 0211 read as a number
            icews_row(**{"Event ID": "3", "CAMEO Code": "190"}),    # a code of root 19
            icews_row(**{"Event ID": "4", "CAMEO Code": "999"}),    # no CAMEO code: rejected, not 0999
            icews_row(**{"Event ID": "5", "CAMEO Code": "0999"})]
    p.write_text("\n".join("\t".join(r) for r in [list(ICEWS_COLUMNS), *rows]) + "\n")
    s = ingest([p], tmp_path / "c")
    _balanced(s)
    assert (s.stored, s.rejected) == (3, 2)
    got = {r["event_id"]: (r["event_code"], r["quad_class"]) for r in _stored(tmp_path / "c")}
    assert got == {"1": ("042", 1), "2": ("0211", 1), "3": ("190", 4)}
    assert all("CAMEO Code" in r for r in _reasons(s))


@pytest.mark.parametrize("tone", ["NaN", "nan", "inf", "-Infinity", "", "x"])
def test_gdelt_tone_must_be_a_finite_number(tmp_path, tone):
    p = tmp_path / "events.csv"
    p.write_text(gdelt_line(GLOBALEVENTID="1") + "\n" + gdelt_line(GLOBALEVENTID="2", AvgTone=tone) + "\n")
    s = ingest([p], tmp_path / "c")
    _balanced(s)
    assert (s.stored, s.rejected) == (1, 1) and "AvgTone" in _reasons(s)[0]


def test_quote_in_the_cache_path(tmp_path):
    p = tmp_path / "events.csv"
    p.write_text(gdelt_line(GLOBALEVENTID="1") + "\n" + gdelt_line(GLOBALEVENTID="2", QuadClass="9") + "\n")
    cache = tmp_path / "it's \"quoted\"; DROP TABLE x; --"
    for _ in range(2):  # the second run reads the stored files back (dedup)
        s = ingest([p], cache)
        _balanced(s)
    assert s.duplicate == 1 and s.rejected == 1 and len(_stored(cache)) == 1
