"""The dyad-year panel's positional join: a three-state case worked out by hand, and the real panel
checked against a plain SQL left join of the same tables."""
from __future__ import annotations

import random

import duckdb
import pandas as pd
import pytest

import latticework as lw
from latticework.errors import MalformedSource
from latticework.store import SCHEMA_VERSION

NA = None

# Membership: USA (2) and Japan (740) 2017-2020, China (710) joins in 2019.
SKELETON = sorted(
    [(a, b, y) for y in (2017, 2018) for a, b in ((2, 740), (740, 2))]
    + [(a, b, y) for y in (2019, 2020) for a in (2, 710, 740) for b in (2, 710, 740) if a != b])

# ATOP covers 2016-2019 here. USA->JPN defence + consultation, JPN->USA consultation only (the 1960
# treaty's asymmetry); a CHN-JPN row in 2018 is outside the skeleton and must match nothing; the
# 2020 row is past coverage and must come out NULL, not 1.
ATOP = ([(2, 740, y, 1, 0, 0, 0, 1) for y in (2017, 2018, 2019)]
        + [(740, 2, y, 0, 0, 0, 0, 1) for y in (2017, 2018, 2019)]
        + [(710, 740, 2018, 0, 0, 0, 1, 0), (710, 740, 2020, 0, 0, 0, 1, 0)])

# NMC covers 2016-2019. Japan's 2018 milex is missing; Japan has a SIPRI-era 2020 row with no NMC
# values; 365 is not in the skeleton.
NMC = [(2, 2017, .14, 600_000.0), (2, 2018, .14, 650_000.0), (2, 2019, .13, 700_000.0),
       (740, 2017, .03, 45_000.0), (740, 2018, .03, NA), (740, 2019, .03, 46_000.0), (740, 2020, NA, NA),
       (710, 2019, .23, 250_000.0), (365, 2019, .04, 60_000.0)]


def _tiny_store(path, skeleton, atop=ATOP, nmc=NMC):
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE states (ccode INTEGER, stateabb VARCHAR, statenme VARCHAR, styear INTEGER, endyear INTEGER, iso3 VARCHAR)")
    con.execute("CREATE TABLE ties (layer VARCHAR, a INTEGER, b INTEGER)")
    con.execute("CREATE TABLE events (event_id VARCHAR)")
    con.execute("CREATE TABLE sources (name VARCHAR, first_year INTEGER, last_year INTEGER)")
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    con.executemany("INSERT INTO sources VALUES (?, ?, ?)", [("atop_ddy", 2016, 2019), ("cow_nmc", 2016, 2019)])
    con.execute("CREATE TABLE dyad_skeleton (ccode1 SMALLINT, ccode2 SMALLINT, year SMALLINT)")
    con.executemany("INSERT INTO dyad_skeleton VALUES (?, ?, ?)", skeleton)
    con.execute("CREATE TABLE alliance_dyad_years (ccode1 SMALLINT, ccode2 SMALLINT, year SMALLINT, atop_defense TINYINT, "
                "atop_offense TINYINT, atop_neutral TINYINT, atop_nonagg TINYINT, atop_consul TINYINT)")
    con.executemany("INSERT INTO alliance_dyad_years VALUES (?, ?, ?, ?, ?, ?, ?, ?)", atop)
    con.execute("CREATE TABLE capabilities (ccode INTEGER, year INTEGER, milex_nmc_kusd DOUBLE, milper_k DOUBLE, "
                "tpop_k DOUBLE, cinc DOUBLE)")
    con.executemany("INSERT INTO capabilities VALUES (?, ?, ?, NULL, NULL, ?)", [(c, y, m, ci) for c, y, ci, m in nmc])
    con.close()
    return lw.open(path)


def _col(df, name):
    return [None if pd.isna(v) else v for v in df[name]]


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_hand_worked_three_states(tmp_path, order):
    rows = list(SKELETON)
    if order == "shuffled":  # a store written out of order is sorted by the view, not mis-joined
        random.Random(7).shuffle(rows)
    db = _tiny_store(tmp_path / "tiny.duckdb", rows)
    d = db.dyad_years()
    assert list(zip(d.ccode1, d.ccode2, d.year)) == SKELETON  # sorted (ccode1, ccode2, year)
    # rows: 2-710 19,20 | 2-740 17..20 | 710-2 19,20 | 710-740 19,20 | 740-2 17..20 | 740-710 19,20
    assert _col(d, "atop_defense") == [0, NA, 1, 1, 1, NA, 0, NA, 0, NA, 0, 0, 0, NA, 0, NA]
    assert _col(d, "atop_consul") == [0, NA, 1, 1, 1, NA, 0, NA, 0, NA, 1, 1, 1, NA, 0, NA]
    assert _col(d, "atop_nonagg") == [0, NA, 0, 0, 0, NA, 0, NA, 0, NA, 0, 0, 0, NA, 0, NA]
    assert _col(d, "cinc1") == [.13, NA, .14, .14, .13, NA, .23, NA, .23, NA, .03, .03, .03, NA, .03, NA]
    assert _col(d, "milex2") == [250_000, NA, 45_000, NA, 46_000, NA, 700_000, NA, 46_000, NA,
                                 600_000, 650_000, 700_000, NA, 250_000, NA]
    assert _col(d, "milper1") == [NA] * 16  # NULL in the source stays NULL
    assert list(d.atop_coverage) == ["past coverage" if y == 2020 else "covered" for y in d.year]
    assert str(d["atop_defense"].dtype) == "int8[pyarrow]" and str(d["cinc1"].dtype) == "double[pyarrow]"
    und = db.dyad_years(directed=False)
    assert list(zip(und.ccode1, und.ccode2, und.year)) == [k for k in SKELETON if k[0] < k[1]]
    assert _col(und, "atop_defense") == [0, NA, 1, 1, 1, NA, 0, NA]
    only = db.dyad_years(years=(2019, 2019), with_=("capabilities",))
    assert len(only) == 6 and "atop_defense" not in only and _col(only, "cinc2") == [.23, .03, .13, .03, .13, .23]
    db.close()


def test_repeated_rows_are_an_error_not_a_silent_pick(tmp_path):
    db = _tiny_store(tmp_path / "dup.duckdb", SKELETON + [SKELETON[3]])
    with pytest.raises(MalformedSource, match="dyad_skeleton: repeated"):
        db.dyad_years()
    db.close()
    db = _tiny_store(tmp_path / "dupnmc.duckdb", SKELETON, nmc=NMC + [NMC[0]])
    with pytest.raises(MalformedSource, match="capabilities: repeated"):
        db.dyad_years(with_=("capabilities",))
    db.close()
    db = _tiny_store(tmp_path / "dupatop.duckdb", SKELETON, atop=ATOP + [ATOP[0]])
    with pytest.raises(MalformedSource, match="alliance_dyad_years: repeated"):
        db.dyad_years(with_=("alliances",))
    db.close()


def test_empty_selection(tmp_path):
    db = _tiny_store(tmp_path / "tiny.duckdb", SKELETON)
    d = db.dyad_years(years=(1900, 1910))
    assert len(d) == 0 and "cinc1" in d and "atop_defense" in d
    db.close()


def _sql_reference(db, where: str) -> pd.DataFrame:
    """The same panel as an ordinary SQL left join (the implementation the positional one replaced)."""
    a0, a1 = db.coverage("atop_ddy")
    atop = ", ".join(f"CASE WHEN k.year BETWEEN {a0} AND {a1} THEN coalesce(al.atop_{o}, 0) END::TINYINT AS atop_{o}"
                     for o in ("defense", "offense", "neutral", "nonagg", "consul"))
    nmc = ", ".join(f"c{s}.{col} AS {name}{s}" for s in "12" for name, col in
                    (("cinc", "cinc"), ("milex", "milex_nmc_kusd"), ("milper", "milper_k"), ("tpop", "tpop_k")))
    q = f"""SELECT k.ccode1, k.ccode2, k.year, {atop}, {nmc}
            FROM dyad_skeleton k LEFT JOIN alliance_dyad_years al USING (ccode1, ccode2, year)
            LEFT JOIN capabilities c1 ON c1.ccode = k.ccode1 AND c1.year = k.year
            LEFT JOIN capabilities c2 ON c2.ccode = k.ccode2 AND c2.year = k.year
            WHERE {where} ORDER BY k.ccode1, k.ccode2, k.year"""
    return db.con.sql(q).to_arrow_table().to_pandas(types_mapper=pd.ArrowDtype)


@pytest.mark.parametrize("kwargs,where", [
    ({}, "TRUE"),
    ({"directed": False}, "k.ccode1 < k.ccode2"),
    ({"years": (1950, 2020)}, "k.year BETWEEN 1950 AND 2020"),
    ({"states": ["USA", "Japan"]}, "(k.ccode1 IN (2, 740) OR k.ccode2 IN (2, 740))"),
])
def test_real_panel_equals_sql_left_join(real_db, kwargs, where):
    got = real_db.dyad_years(**kwargs)
    ref = _sql_reference(real_db, where)
    assert len(got) == len(ref) > 0
    pd.testing.assert_frame_equal(got.drop(columns=["atop_coverage", "nmc_coverage"]), ref)


def test_reader_sorts_and_rejects_repeated_keys():
    from latticework.sources.context import sorted_unique

    df = pd.DataFrame({"ccode1": [740, 2, 2], "ccode2": [2, 740, 740], "year": [2017, 2018, 2017]})
    assert sorted_unique(df, ["ccode1", "ccode2", "year"], "cow_ddy.rda").values.tolist() == [
        [2, 740, 2017], [2, 740, 2018], [740, 2, 2017]]
    with pytest.raises(MalformedSource, match=r"cow_ddy.rda: 2 rows repeat a \(ccode1, ccode2, year\) key"):
        sorted_unique(pd.concat([df, df.iloc[[0]]]), ["ccode1", "ccode2", "year"], "cow_ddy.rda")
