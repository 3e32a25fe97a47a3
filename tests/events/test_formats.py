"""ICEWS and POLECAT files (rows written from their codebooks' columns), and the CAMEO tables."""
import csv


from latticework.events import ingest, interactions
from latticework.events.cameo import (
    CAMEO_EVENT_TYPES, CAMEO_EVENTS, EVENT_TYPE_COLUMNS, PLOVER_EVENT_TYPES, cameo_country_to_iso3,
    event_type_of, quad_class_of,
)
from latticework.events.formats import ICEWS_COLUMNS

ICEWS_ROWS = [
    # Event ID, Event Date, Source Name, Source Sectors, Source Country, Event Text, CAMEO Code,
    # Intensity, Target Name, Target Sectors, Target Country, Story ID, Sentence Number, Publisher,
    # City, District, Province, Country, Latitude, Longitude
    ["926685", "2014-03-05", "Shinzo Abe", "Executive,Government", "Japan", "Make a visit", "042", "1.9",
     "Barack Obama", "Executive,Government", "United States", "28235806", "1", "Kyodo", "", "", "",
     "United States", "38.9", "-77.0"],
    ["926686", "2014-03-06", "Japan Self-Defense Forces", "Military", "Japan", "Sign formal agreement", "57",
     "8.0", "United States", "Government", "United States", "28235807", "2", "Kyodo", "", "", "", "Japan",
     "35.7", "139.7"],
    ["926687", "2014-03-09", "China Coast Guard", "Police,Government", "China", "Threaten with military force",
     "138", "-7.0", "Japan", "Government", "Japan", "28235808", "1", "Xinhua", "", "", "", "Japan", "", ""],
    # same Event ID, different date: a different event (ICEWS ids repeat), kept
    ["926685", "2014-04-01", "Japan", "Government", "Japan", "Criticize or denounce", "111", "-2.0",
     "United States", "Government", "United States", "28235900", "1", "NHK", "", "", "", "Japan", "", ""],
    # the first event again (a weekly update re-emitting it): duplicate
    ["926685", "2014-03-05", "Shinzo Abe", "Executive,Government", "Japan", "Make a visit", "042", "1.9",
     "Barack Obama", "Executive,Government", "United States", "28235806", "1", "Kyodo", "", "", "",
     "United States", "38.9", "-77.0"],
    # bad date
    ["926688", "2014-13-01", "Japan", "Government", "Japan", "Consult", "040", "1.0", "United States",
     "Government", "United States", "28235901", "1", "NHK", "", "", "", "Japan", "", ""],
]


def tsv(path, header, rows):
    path.write_text("\n".join("\t".join(r) for r in [header, *rows]) + "\n")
    return path


def test_icews(tmp_path):
    p = tsv(tmp_path / "events.2014.20150313084156.tab", list(ICEWS_COLUMNS), ICEWS_ROWS)
    s = ingest([p], tmp_path / "c")
    assert s.as_dict() == {"read": 6, "stored": 4, "rejected": 1, "duplicate": 1}
    assert s.files[0].format == "icews"
    rej = list(csv.DictReader(open(s.files[0].reject_file), delimiter="\t"))
    assert [(r["line"], "Event Date" in r["reason"]) for r in rej] == [("7", True)]  # header is line 1
    df = interactions(path=tmp_path / "c" / "events", dyads=["JPN-USA"], freq="month")
    m = df.set_index("period")
    assert m.loc["2014-03-01", "events"] == 2 and m.loc["2014-04-01", "events"] == 1
    assert m.loc["2014-03-01", "n_dialogue"] == 1
    assert m.loc["2014-03-01", "n_security_agreement"] == 1  # 057 ("57" in the file) with a military sector
    assert m.loc["2014-04-01", "verbal_conflict"] == 1
    cj = interactions(path=tmp_path / "c" / "events", dyads=["CHN-JPN"], freq="month")
    assert cj.set_index("period").loc["2014-03-01", "n_coercion"] == 1


POLECAT_HEADER = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
                  "Contexts", "Actor Name", "Actor Country", "Recipient Name", "Recipient Country",
                  "Placename", "Country", "Latitude", "Longitude", "Source"]


def test_polecat(tmp_path):
    rows = [
        ["20230103-001", "2023-01-03", "CONSULT", "visit", "1.0", "", "military", "Fumio Kishida", "JPN",
         "Joe Biden", "USA", "Washington", "USA", "38.9", "-77.0", "Reuters"],
        ["20230103-002", "2023-01-05", "COERCE", "seize", "-6.0", "", "", "China Coast Guard", "CHN",
         "Japan", "JPN", "", "JPN", "", "", "AP"],
        ["20230103-003", "2023-01-07", "MOBILIZE", "troops", "-6.5", "4", "", "Russia", "RUS",
         "Japan", "JPN", "", "RUS", "", "", "AP"],
        ["20230103-004", "2023-01-09", "WHATEVER", "", "0", "", "", "Japan", "JPN", "United States", "USA",
         "", "", "", "", "AP"],
        # extra empty trailing field (a known quirk of some POLECAT files): accepted
        ["20230103-005", "2023-01-11", "AGREE", "", "4.0", "", "", "Japan", "JPN", "Australia", "AUS",
         "", "", "", "", "AP", ""],
    ]
    p = tsv(tmp_path / "ngecEvents.20230103111842.Release603.DV.txt", POLECAT_HEADER, rows)
    s = ingest([p], tmp_path / "c")
    assert s.as_dict() == {"read": 5, "stored": 4, "rejected": 1, "duplicate": 0}
    assert s.files[0].format == "polecat"
    df = interactions(path=tmp_path / "c" / "events", dyads=None, freq="month")
    got = {(r.a, r.b): (r.events, r.verbal_cooperation, r.material_conflict, r.n_dialogue, r.n_coercion,
                        r.n_force_posture) for r in df.itertuples()}
    assert got == {("JPN", "USA"): (1, 1, 0, 1, 0, 0), ("CHN", "JPN"): (1, 0, 1, 0, 1, 0),
                   ("JPN", "RUS"): (1, 0, 1, 0, 0, 1), ("AUS", "JPN"): (1, 1, 0, 0, 0, 0)}
    # min_sources > 1 drops events without a source count (POLECAT has none)
    assert interactions(path=tmp_path / "c" / "events", dyads=None, min_sources=2).empty


def test_polecat_forced_on_a_gdelt_file_is_explained(tmp_path, slice_file):
    s = ingest([slice_file], tmp_path / "c", format="polecat")
    assert s.as_dict() == {"read": 1, "stored": 0, "rejected": 1, "duplicate": 0}
    (r,) = list(csv.DictReader(open(s.files[0].reject_file), delimiter="\t"))
    assert "not a POLECAT file" in r["reason"]


def test_quad_rule_and_countries():
    assert [quad_class_of(c) for c in ("010", "057", "062", "0874", "111", "1384", "154", "195", "2042")] == \
        [1, 1, 2, 2, 3, 3, 4, 4, 4]
    assert quad_class_of("---") is None and quad_class_of("21") is None
    assert cameo_country_to_iso3("ROM") == "ROU" and cameo_country_to_iso3("TMP") == "TLS"
    assert cameo_country_to_iso3("JPN") == "JPN" and cameo_country_to_iso3("EUR") is None
    assert cameo_country_to_iso3("GZS") == "PSE" and cameo_country_to_iso3("SSD") == "SSD"
    assert cameo_country_to_iso3("") is None and cameo_country_to_iso3("XYZ") is None


def test_mapping_table():
    assert set(CAMEO_EVENT_TYPES) <= set(CAMEO_EVENTS)
    assert event_type_of("057", "MIL", None) == "SECURITY_AGREEMENT"
    assert event_type_of("057", "GOV", "GOV") is None
    assert event_type_of("151") is None and event_type_of("175") is None and event_type_of("062") is None
    assert event_type_of("154") == "FORCE_POSTURE" and event_type_of("CONSULT") == "DIALOGUE"
    # every mapped code keeps the quad class its root gives
    quads = {"DIALOGUE": {1}, "SECURITY_AGREEMENT": {1}, "COMMITMENT": {1}, "SECURITY_ASSISTANCE": {2},
             "FORCE_POSTURE": {4}, "COERCION": {3, 4}}
    for code, t in CAMEO_EVENT_TYPES.items():
        assert quad_class_of(code) in quads[t], code
    assert set(EVENT_TYPE_COLUMNS) == set(CAMEO_EVENT_TYPES.values()) | set(PLOVER_EVENT_TYPES.values())


def test_docs_table_lists_every_mapping():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "events.md").read_text()
    for code, t in CAMEO_EVENT_TYPES.items():
        assert f"`{code}`" in doc, code
    for t in set(CAMEO_EVENT_TYPES.values()) | set(PLOVER_EVENT_TYPES):
        assert t in doc, t
