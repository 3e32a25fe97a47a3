"""The real GDELT samples in the data mirror: row counts, formats, quad classes against the raw rows."""
import collections
import csv

import pytest

from latticework.events import ingest, interactions
from latticework.events.cameo import cameo_country_to_iso3, quad_class_of
from latticework.events.formats import GDELT1_COLUMNS, GDELT2_COLUMNS

pytestmark = pytest.mark.realdata


def formats(summary):
    return summary.files[0].format


def _stored_per_format(out) -> dict[str, int]:
    """Rows in the Parquet store (every partition, rejects included) per detected format."""
    import duckdb

    return dict(duckdb.sql(f"SELECT format, count(*) FROM read_parquet('{out}/events/year=*/month=*/*.parquet') "
                           "GROUP BY 1").fetchall())


def test_spark_gdelt_events_2_0(tmp_path, gdelt_samples):
    s = ingest([gdelt_samples / "spark-gdelt" / "events.csv"], tmp_path)
    assert s.as_dict() == {"read": 100, "stored": 100, "rejected": 0, "duplicate": 0}
    assert formats(s) == "gdelt2" and s.files[0].reader == "fast"


def test_spark_gdelt_events1_mixed_1_0(tmp_path, gdelt_samples):
    s = ingest([gdelt_samples / "spark-gdelt" / "events1.csv"], tmp_path)
    assert s.as_dict() == {"read": 100, "stored": 100, "rejected": 0, "duplicate": 0}
    assert formats(s) == "gdelt1-daily+gdelt1-historical"
    assert _stored_per_format(tmp_path) == {"gdelt1-historical": 40, "gdelt1-daily": 60}


def test_gdelt_demo_mixed_1_0(tmp_path, gdelt_samples):
    s = ingest([gdelt_samples / "gdelt-demo" / "events.csv"], tmp_path)
    assert s.as_dict() == {"read": 710, "stored": 710, "rejected": 0, "duplicate": 0}
    assert _stored_per_format(tmp_path) == {"gdelt1-historical": 201, "gdelt1-daily": 509}


def test_mentions_file_is_rejected_line_by_line(tmp_path, gdelt_samples):
    s = ingest([gdelt_samples / "spark-gdelt" / "mentions.csv"], tmp_path)
    assert s.as_dict() == {"read": 100, "stored": 0, "rejected": 100, "duplicate": 0}
    lines = open(s.files[0].reject_file).read().splitlines()
    assert len(lines) == 101 and "16 fields" in lines[1]


def test_formats_match_gdelt_header_files(gdelt_samples):
    lookups = gdelt_samples.parent / "lookups"
    v2 = [r[0] for r in csv.reader(open(lookups / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"))][1:]
    v1 = [line.strip() for line in open(lookups / "GDELT_1.0_event_Column_Labels_Header_Row_Sep2016.tsv")][1:]
    assert tuple(v2) == GDELT2_COLUMNS and len(v2) == 61
    assert tuple(x for x in v1 if x) == GDELT1_COLUMNS and len(GDELT1_COLUMNS) == 58


def test_embedded_goldstein_table_matches_lookup(gdelt_samples):
    from latticework.events.cameo import CAMEO_EVENTS

    lookups = gdelt_samples.parent / "lookups"
    rows = list(csv.reader(open(lookups / "CAMEO.goldsteinscale.txt"), delimiter="\t"))[1:]
    assert len(rows) == 310
    for code, score in rows:
        assert CAMEO_EVENTS[code][1] == float(score), code
    assert CAMEO_EVENTS["106"] == ("Demand withdrawal", -5.0)  # merged into 1056's line in the lookup


def raw_rows(path):
    for line in open(path, encoding="utf-8"):
        cells = line.rstrip("\n").split("\t")
        cols = GDELT2_COLUMNS if len(cells) == 61 else GDELT1_COLUMNS[: len(cells)]
        yield dict(zip(cols, cells))


def test_quad_classes_and_dyads_match_raw_rows(samples_store, gdelt_samples):
    """Every dyad-year count equals a count made directly from the raw lines."""
    want_quads = collections.Counter()
    want_dyads = collections.Counter()
    for f in ("spark-gdelt/events.csv", "spark-gdelt/events1.csv", "gdelt-demo/events.csv"):
        for r in raw_rows(gdelt_samples / f):
            a, b = cameo_country_to_iso3(r["Actor1CountryCode"]), cameo_country_to_iso3(r["Actor2CountryCode"])
            assert int(r["QuadClass"]) == quad_class_of(r["EventCode"])  # GDELT's quad = CAMEO root rule
            if a and b and a != b:
                want_quads[int(r["QuadClass"])] += 1
                want_dyads[(min(a, b), max(a, b), r["SQLDATE"][:4])] += 1
    df = interactions(path=samples_store / "events", freq="year")
    got_dyads = {(r.a, r.b, str(r.period.year)): r.events for r in df.itertuples()}
    assert got_dyads == dict(want_dyads)
    assert sum(want_quads.values()) == df.events.sum() > 100
    for q, col in ((1, "verbal_cooperation"), (2, "material_cooperation"), (3, "verbal_conflict"),
                   (4, "material_conflict")):
        assert df[col].sum() == want_quads[q]


def test_reingest_all_samples_idempotent(samples_store, gdelt_samples):
    import hashlib

    def digest():
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted((samples_store / "events").glob("year=*/month=*/*.parquet"))}

    before = digest()
    s = ingest([gdelt_samples / "spark-gdelt" / "events.csv", gdelt_samples / "gdelt-demo" / "events.csv"],
               samples_store)
    assert s.as_dict() == {"read": 810, "stored": 0, "rejected": 0, "duplicate": 810}
    assert digest() == before
