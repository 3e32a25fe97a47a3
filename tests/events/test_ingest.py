"""Ingest: malformed files are counted and explained, re-ingest is idempotent, duplicates go."""
import csv
import gzip
import hashlib
import zipfile

import duckdb
import pytest

from latticework.errors import UsageError
from latticework.events import ingest
from latticework.events.ingest import events_dir


def rejects(summary) -> list[dict]:
    out = []
    for f in summary.files:
        if f.reject_file:
            with open(f.reject_file, newline="") as fh:
                out += list(csv.DictReader(fh, delimiter="\t"))
    return out


def stored(cache) -> list[tuple]:
    root = events_dir(cache)
    files = sorted(root.glob("year=*/month=*/*.parquet"))
    if not files:
        return []
    lst = "[" + ",".join(f"'{f}'" for f in files) + "]"
    return duckdb.sql(f"SELECT dataset, event_id, date, a, b, event_code, quad_class, goldstein, source_file, "
                      f"source_line, year, month FROM read_parquet({lst}, hive_partitioning=true) "
                      "ORDER BY ALL").fetchall()


def store_digest(cache) -> dict:
    root = events_dir(cache)
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name not in ("_ingested.jsonl", ".lock")}


def check_sum(s):
    assert s.read == s.stored + s.rejected + s.duplicate
    for f in s.files:
        assert f.read == f.stored + f.rejected + f.duplicate


def test_malformed_lines_counted_with_reasons(tmp_path, gdelt_line):
    good = dict(SQLDATE="20240305", Actor1CountryCode="USA", Actor2CountryCode="JPN", EventCode="042",
                QuadClass="1", GoldsteinScale="1.9")
    lines = [
        gdelt_line(GLOBALEVENTID="1", **good),                                    # 1 ok
        "\t".join(gdelt_line(GLOBALEVENTID="2", **good).split("\t")[:40]),        # 2 wrong column count
        gdelt_line(GLOBALEVENTID="3", **{**good, "SQLDATE": "20240231"}),         # 3 bad date (Feb 31)
        gdelt_line(GLOBALEVENTID="4", **{**good, "GoldsteinScale": "high"}),      # 4 non-numeric Goldstein
        gdelt_line(GLOBALEVENTID="5", **{**good, "QuadClass": "7"}),              # 5 quad class out of range
        "",                                                                        # 6 empty line
        gdelt_line(GLOBALEVENTID="x7", **good),                                   # 7 bad event id
        gdelt_line(GLOBALEVENTID="8", **{**good, "NumSources": "-1"}),            # 8 negative count
        gdelt_line(GLOBALEVENTID="9", **good),                                    # 9 ok
    ]
    p = tmp_path / "mixed.export.CSV"
    p.write_text("\n".join(lines) + "\n")
    s = ingest([p], tmp_path / "c")
    check_sum(s)
    assert s.as_dict() == {"read": 9, "stored": 2, "rejected": 7, "duplicate": 0}
    assert s.files[0].reader == "exact"
    got = {int(r["line"]): r["reason"] for r in rejects(s)}
    assert set(got) == {2, 3, 4, 5, 6, 7, 8}
    assert all(r["file"] == str(p) for r in rejects(s))
    assert "40 fields" in got[2] and "57" in got[2]
    assert "SQLDATE" in got[3] and "20240231" in got[3]
    assert "GoldsteinScale" in got[4] and "'high'" in got[4]
    assert "QuadClass" in got[5]
    assert got[6] == "empty line"
    assert "GLOBALEVENTID" in got[7]
    assert "NumSources" in got[8]
    assert [r[1] for r in stored(tmp_path / "c")] == ["1", "9"]
    assert [r[9] for r in stored(tmp_path / "c")] == [1, 9]  # source_line


def test_truncated_gzip(tmp_path, gdelt_line):
    text = "".join(gdelt_line(GLOBALEVENTID=str(i), SQLDATE="20240305", Actor1CountryCode="USA",
                              Actor2CountryCode="JPN", EventCode="042", QuadClass="1", GoldsteinScale="1.9",
                              SOURCEURL="https://example.org/" + "x" * (i % 50)) + "\n" for i in range(1, 3001))
    full = gzip.compress(text.encode())
    p = tmp_path / "cut.export.CSV.gz"
    p.write_bytes(full[: len(full) // 2])
    s = ingest([p], tmp_path / "c")
    check_sum(s)
    rej = rejects(s)
    assert s.rejected >= 1 and s.stored > 0 and s.read == s.stored + s.rejected
    assert any("truncated" in r["reason"] or "corrupt" in r["reason"] for r in rej)
    last = [r for r in rej if "truncated" in r["reason"] or "corrupt" in r["reason"]][0]
    assert int(last["line"]) == s.stored + (s.rejected - 1) + 1  # the line after the last whole one
    # the complete file then fills in the rest, without double counting
    q = tmp_path / "whole.export.CSV.gz"
    q.write_bytes(full)
    s2 = ingest([q], tmp_path / "c")
    assert s2.stored == 3000 - s.stored and s2.duplicate == s.stored


def test_binary_file(tmp_path):
    p = tmp_path / "picture.export.CSV"
    p.write_bytes(bytes(range(256)) * 64)
    s = ingest([p], tmp_path / "c")
    assert s.as_dict() == {"read": 1, "stored": 0, "rejected": 1, "duplicate": 0}
    (r,) = rejects(s)
    assert r["line"] == "1" and "binary" in r["reason"]


def test_bad_zip_and_bad_utf8(tmp_path, gdelt_line):
    z = tmp_path / "broken.export.CSV.zip"
    z.write_bytes(b"PK\x03\x04 this is not a zip archive")
    ok = gdelt_line(GLOBALEVENTID="1", SQLDATE="20240305", Actor1CountryCode="USA", Actor2CountryCode="JPN",
                    EventCode="042", QuadClass="1", GoldsteinScale="1.9")
    u = tmp_path / "latin1.export.CSV"
    u.write_bytes((ok + "\n").encode() + ok.replace("\t1\t", "\t2\t", 1).replace("https", "h\xe9").encode("latin-1")
                  + b"\xff\xfe\n")
    s = ingest([z, u], tmp_path / "c")
    check_sum(s)
    got = [r["reason"] for r in rejects(s)]
    assert any("zip" in g for g in got) and any("UTF-8" in g for g in got)
    assert s.stored == 1


def test_zip_and_gzip_members_read(tmp_path, slice_file):
    z = tmp_path / "slice.export.CSV.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(slice_file, "20240501.export.CSV")
    g = tmp_path / "slice2.export.CSV.gz"
    g.write_bytes(gzip.compress(slice_file.read_bytes()))
    s = ingest([z], tmp_path / "c")
    assert s.as_dict() == {"read": 10, "stored": 10, "rejected": 0, "duplicate": 0}
    assert s.files[0].source.endswith(":20240501.export.CSV")
    s2 = ingest([g], tmp_path / "c")
    assert s2.as_dict() == {"read": 10, "stored": 0, "rejected": 0, "duplicate": 10}


def test_reingest_is_idempotent(tmp_path, slice_file, gdelt_line):
    bad = tmp_path / "bad.export.CSV"
    bad.write_text(slice_file.read_text() + "not\ta\tgdelt\trow\n")
    cache = tmp_path / "c"
    first = ingest([bad], cache)
    assert first.as_dict() == {"read": 11, "stored": 10, "rejected": 1, "duplicate": 0}
    before, rows = store_digest(cache), stored(cache)
    again = ingest([bad], cache)
    assert again.as_dict() == {"read": 11, "stored": 0, "rejected": 1, "duplicate": 10}
    assert store_digest(cache) == before and stored(cache) == rows


def test_duplicates_across_files_removed(tmp_path, gdelt_line):
    def line(i, day="20240305"):
        return gdelt_line(GLOBALEVENTID=str(i), SQLDATE=day, Actor1CountryCode="USA", Actor2CountryCode="JPN",
                          EventCode="042", QuadClass="1", GoldsteinScale="1.9")

    a = tmp_path / "20240305000000.export.CSV"
    b = tmp_path / "20240305001500.export.CSV"
    a.write_text("\n".join(line(i) for i in (1, 2, 3, 4)) + "\n")
    b.write_text("\n".join(line(i) for i in (3, 4, 5, 5, 6)) + "\n")  # 3, 4 re-emitted; 5 twice
    cache = tmp_path / "c"
    s = ingest([a, b], cache)
    check_sum(s)
    assert s.as_dict() == {"read": 9, "stored": 6, "rejected": 0, "duplicate": 3}
    assert [(f.stored, f.duplicate) for f in s.files] == [(4, 0), (2, 3)]
    rows = stored(cache)
    assert [r[1] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    first_file = {r[1]: r[8] for r in rows}
    assert first_file["3"] == str(a.resolve()) and first_file["4"] == str(a.resolve())  # first occurrence kept
    # a later run with an already-stored event
    c = tmp_path / "20240305003000.export.CSV"
    c.write_text(line(6) + "\n" + line(7) + "\n")
    s2 = ingest([c], cache)
    assert s2.as_dict() == {"read": 2, "stored": 1, "rejected": 0, "duplicate": 1}


def test_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        ingest([tmp_path / "missing.CSV"], tmp_path / "c")
    with pytest.raises(UsageError, match="format"):
        ingest([tmp_path], tmp_path / "c", format="acled")


def test_lock_refuses_concurrent_ingest(tmp_path, slice_file):
    """Another process holding the cache's lock (filelock, portable) makes a second ingest refuse
    at once, naming the folder; once released, the ingest runs."""
    from filelock import FileLock

    root = events_dir(tmp_path / "c")
    root.mkdir(parents=True)
    with FileLock(str(root / ".lock")):
        with pytest.raises(UsageError, match="another ingest"):
            ingest([slice_file], tmp_path / "c")
    ingest([slice_file], tmp_path / "c")


def test_fast_reader_resumed_exactly_after_a_late_bad_line(tmp_path, gdelt_line, monkeypatch):
    """The fast reader emits whole blocks; a bad line later hands over to the exact reader, which
    resumes after the lines already emitted: no line lost, none counted twice, right numbers."""
    import importlib

    mod = importlib.import_module("latticework.events.ingest")
    monkeypatch.setattr(mod, "_BLOCK", 1 << 14)
    good = dict(SQLDATE="20240305", Actor1CountryCode="USA", Actor2CountryCode="JPN", EventCode="042",
                QuadClass="1", GoldsteinScale="1.9")
    lines = [gdelt_line(GLOBALEVENTID=str(i), **good) for i in range(1, 2001)]
    lines.insert(1500, "short\tline")  # line 1501
    text = "\n".join(lines) + "\n"
    for name, data in (("late.export.CSV", text.encode()), ("late2.export.CSV.gz", gzip.compress(text.encode()))):
        p = tmp_path / name
        p.write_bytes(data)
        s = ingest([p], tmp_path / name.replace(".", "_"))
        assert s.as_dict() == {"read": 2001, "stored": 2000, "rejected": 1, "duplicate": 0}
        assert s.files[0].reader == "exact"
        assert [int(r["line"]) for r in rejects(s)] == [1501]
        rows = stored(tmp_path / name.replace(".", "_"))
        lines_of = {int(r[1]): r[9] for r in rows}
        assert lines_of[1500] == 1500 and lines_of[1501] == 1502 and lines_of[2000] == 2001


def test_parallel_streams_same_result(tmp_path, gdelt_line):
    files = []
    for k in range(5):
        p = tmp_path / f"f{k}.export.CSV"
        p.write_text("\n".join(gdelt_line(GLOBALEVENTID=str(k * 100 + i), SQLDATE="20240305",
                                          Actor1CountryCode="USA", Actor2CountryCode="JPN", EventCode="042",
                                          QuadClass="1", GoldsteinScale="1.9") for i in range(150)) + "\n")
        files.append(p)
    one = ingest(files, tmp_path / "one", workers=1)
    two = ingest(files, tmp_path / "two", workers=3)
    assert one.as_dict() == two.as_dict() == {"read": 750, "stored": 550, "rejected": 0, "duplicate": 200}
    assert [(f.stored, f.duplicate) for f in one.files] == [(f.stored, f.duplicate) for f in two.files]
    assert [r[:10] for r in stored(tmp_path / "one")] == [r[:10] for r in stored(tmp_path / "two")]
