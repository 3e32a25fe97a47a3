"""Issue 19, item by item: each input the issue names, and the one-line error (or right result) it gets.

The property suite (``test_hardening_properties.py``) generates thousands of inputs of these
kinds; this file pins each case the issue reported, so a regression names its item.
"""
import os
import re
import threading
import time

import pytest

from hardening_helpers import GOOD_RECORD, run_cli
from latticework.errors import UsageError
from latticework.ledger import load_ledger

CLAIM = "Japan will raise its defence spending to 2% of GDP by 2027."
BLOCK = "NOTE: an aside\n==========\n"


# -- silent wrong results -------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    CLAIM + "\n\n" + BLOCK + "More.\n",                                    # two blocks' worth: 0 claims before
    CLAIM + "\n\n" + BLOCK + BLOCK + BLOCK + "More.\n",                    # three: ValueError before
    "TITLE: A statement\n" + "=" * 20 + "\n" + BLOCK + CLAIM + "\n\n" + BLOCK,
], ids=["claim-above-a-block", "three-blocks", "header-then-block"])
def test_claims_check_keeps_text_above_header_like_blocks(text, real_db):
    from latticework.models.claim_check import check_text

    rows = check_text(real_db, text)
    assert [r["kind"] for r in rows] == ["budget_target"]
    assert text[rows[0]["start"]:rows[0]["end"]] in CLAIM


def test_claims_api_and_page_do_not_fail_on_blocks(real_store_path, real_cache):
    from fastapi.testclient import TestClient

    from latticework.present.web import create_app

    c = TestClient(create_app(real_store_path, real_cache), raise_server_exceptions=False)
    text = CLAIM + "\n\n" + BLOCK * 3
    r = c.post("/api/claims", json={"text": text})
    assert r.status_code == 200, r.text[:200]
    assert c.post("/claims", data={"text": text}).status_code == 200


@pytest.mark.parametrize("years,expected", [
    (2010, [2010]), ((2008, 2010), [2008, 2009, 2010]), (range(2000, 2011, 5), [2000, 2005, 2010]),
    (range(2008, 2011), [2008, 2009, 2010]), ([2000, 2005, 2010], [2000, 2005, 2010]), ({2012, 2010}, [2010, 2012]),
], ids=["int", "pair", "range-step", "range", "list", "set"])
def test_every_function_taking_years_returns_exactly_those_years(real_db, years, expected):
    import latticework as lw
    from latticework.models.strategy import indicator_frame

    assert lw.structure(real_db, preset="indo_pacific", years=years)["year"].tolist() == expected
    assert lw.asymmetry(real_db, "USA", "JPN", years=years)["year"].tolist() == expected
    assert indicator_frame(real_db, "JPN", years=years)["year"].tolist() == expected
    assert sorted(real_db.dyad_years(years=years, states=["JPN"])["year"].unique().tolist()) == expected
    assert sorted(real_db.state_years(years=years, states=["JPN"])["year"].unique().tolist()) == expected
    if years in (2010, [2000, 2005, 2010]):  # the slowest: two forms are enough
        assert lw.strategy(real_db, "JPN", years=years, n_perturb=5)["year"].tolist() == expected


@pytest.mark.parametrize("years", ["2010", 2010.0, True, [], (2010, 2000), 1500, 3000, [2000, "x"], {"a": 1},
                                   range(2010, 2000)])
def test_years_refused_with_one_line(real_db, years):
    import latticework as lw

    with pytest.raises(UsageError) as info:
        lw.asymmetry(real_db, "USA", "JPN", years=years)
    assert "years=" in info.value.one_line() and info.value.fix and "\n" not in info.value.one_line()


def test_years_after_the_store_and_single_year(real_db):
    import latticework as lw

    with pytest.raises(UsageError, match="last year"):
        lw.structure(real_db, preset="indo_pacific", years=(real_db.latest_year + 1, None))
    with pytest.raises(UsageError, match="year=1500"):
        lw.criticality(real_db, "USA", 1500)
    with pytest.raises(UsageError, match="last year"):
        lw.criticality(real_db, "USA", real_db.latest_year + 1)


# -- the ledger checker ---------------------------------------------------------------------------
def _sub(old, new):
    assert old in GOOD_RECORD, old
    return GOOD_RECORD.replace(old, new, 1)


DATE = 'date: "2022-01-06"\n  date_kind'
LEDGER_CASES = [
    ("duplicate key", _sub("  date_kind: signed\n", '  date_kind: signed\n  date: "2011"\n'), 5, "'date'", "duplicate key"),
    ("blank summary", _sub("summary: Japan and Australia sign a reciprocal access agreement for their forces.",
                           "summary: '                          '"), 6, "'summary'", "blank"),
    ("blank publisher", _sub("publisher: Ministry of Foreign Affairs of Japan", "publisher: '  '"), 10, "'sources.0.publisher'", "blank"),
    ("blank title", _sub("title: Signing of the Japan-Australia Reciprocal Access Agreement", "title: \"\\t    \\t\""), 11, "'sources.0.title'", "blank"),
    ("nan", _sub("value: 2,", "value: .nan,"), 7, "'quantities.0.value'", "finite"),
    ("inf", _sub("value: 2,", "value: inf,"), 7, "'quantities.0.value'", "finite"),
    ("1e400", _sub("value: 2,", "value: 1e400,"), 7, "'quantities.0.value'", "finite"),
    ("full-width digits", _sub(DATE, 'date: "２０２０-03-01"\n  date_kind'), 3, "'date'", "ASCII digits"),
    ("Arabic-Indic digits", _sub(DATE, 'date: "٢٠٢٠-٠٣-٠١"\n  date_kind'), 3, "'date'", "ASCII digits"),
    ("trailing newline", _sub(DATE, 'date: "2020-03-01\\n"\n  date_kind'), 3, "'date'", "nothing before or after"),
    ("url with a space", _sub("url: https://www.mofa.go.jp/example", "url: https://www.mofa.go.jp/a b"), 13, "'sources.0.url'", "http(s) address"),
    ("url without host", _sub("url: https://www.mofa.go.jp/example", "url: 'http://'"), 13, "'sources.0.url'", "http(s) address"),
    ("in_force 2300", _sub('signed: "2022-01-06"}', 'signed: "2022-01-06", in_force: "2300"}'), 8, "'attributes'", "after 2100"),
    ("unquoted impossible date", _sub(DATE, "date: 2023-02-30\n  date_kind"), 3, "'date'", "not a real calendar date"),
    ("unquoted impossible source date", _sub('      date: "2022-01-06"', "      date: 2023-02-30"), 12, "'sources.0.date'", "not a real calendar date"),
    ("unquoted impossible attribute date", _sub('signed: "2022-01-06"}', "signed: 2023-02-30}"), 8, "'attributes'", "not a real calendar date"),
    ("agreement as a list", _sub("agreement: jpn-aus-raa,", "agreement: [a, b],"), 8, "'attributes'", "slug"),
    ("agreement as a mapping", _sub("agreement: jpn-aus-raa,", "agreement: {a: b},"), 8, "'attributes'", "slug"),
    ("YAML tag", _sub("summary: Japan", "summary: !foo Japan"), 6, "'summary'", "remove the tag"),
    ("python tag", _sub("  verified: true", "  verified: !!python/object/apply:os.system [echo]"), 14, "'verified'", "remove the tag"),
    ("deep nesting", _sub("  verified: true", "  verified: true\n  notes: " + "[" * 1500 + "]" * 1500), 15, "yaml", "nested too deeply"),
    ("moderate nesting", _sub("  verified: true", "  verified: true\n  notes: " + "[" * 20 + "]" * 20), 15, "'notes", "nested more than"),
    ("rich markup", _sub(DATE, 'date: "[/x]"\n  date_kind'), 3, "'date'", "[/x]"),
    ("alias expansion", _sub("attributes: {", "attributes: {b1: &a [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x], "
                             "b2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a], "
                             "b3: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b], "), 1, "record", "aliases"),
    ("record too long", _sub("  verified: true", "  verified: true\n  notes: " + "x" * 25_000), 1, "record", "longer than"),
]


@pytest.mark.parametrize("desc,text,line,field,msg", LEDGER_CASES, ids=[c[0] for c in LEDGER_CASES])
def test_mutated_ledger_record_is_one_located_error(tmp_path, desc, text, line, field, msg):
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    led = load_ledger(tmp_path, strict=False)
    assert not led.entries, desc
    p = led.problems[0]
    s = str(p)
    assert "\n" not in s and re.match(r"\S*a\.yaml:\d+: ", s), s
    assert p.line == line and field in p.field and msg in p.message, s
    code, out, err = run_cli(["ledger", "check", "--dir", str(tmp_path)])
    assert code == 1 and "Traceback" not in err and f"a.yaml:{line}" in err  # the printer copes (rich markup)


def test_folder_and_broken_link_named_yaml(tmp_path):
    (tmp_path / "x.yaml").mkdir()
    (tmp_path / "y.yaml").symlink_to(tmp_path / "missing.yaml")
    code, out, err = run_cli(["ledger", "check", "--dir", str(tmp_path)])
    assert code == 1 and "x.yaml:1: file: a folder" in err and "y.yaml:1: file: a broken link" in err


def test_nonqualifying_sources_fail_unless_awaiting(tmp_path, monkeypatch):
    import latticework.ledger.loader as L

    wiki = _sub("url: https://www.mofa.go.jp/example", "url: https://en.wikipedia.org/wiki/RAA")
    (tmp_path / "a.yaml").write_text(wiki)
    p = load_ledger(tmp_path, strict=False).problems
    assert len(p) == 1 and "non-qualifying" in p[0].message and p[0].line == 9 and "figures" in p[0].message
    awaiting = tmp_path / "awaiting.txt"
    awaiting.write_text("# waiting\nt-jpn-aus-raa-signed\n")
    monkeypatch.setattr(L, "AWAITING_SOURCES_FILE", awaiting)
    led = load_ledger(tmp_path, strict=False)
    assert not led.problems and len(led.warnings) == 1 and len(led) == 1
    code, out, err = run_cli(["ledger", "check", "--dir", str(tmp_path)])
    assert code == 0 and "warning:" in err and "1 warning(s)" in out
    both = wiki.replace("  verified: true", "    - {publisher: Reuters, title: Japan and Australia sign pact, date: \"2022-01-06\","
                        " url: \"https://www.reuters.com/x\"}\n  verified: true")
    (tmp_path / "a.yaml").write_text(both)
    monkeypatch.setattr(L, "AWAITING_SOURCES_FILE", tmp_path / "none.txt")
    assert not load_ledger(tmp_path, strict=False).problems  # a qualifying source beside it: fine


def test_host_list_matches_subdomains_only():
    from latticework.ledger.loader import is_nonqualifying

    hosts = frozenset({"wikipedia.org", "tass.com"})
    assert is_nonqualifying("https://en.wikipedia.org/wiki/X", hosts)
    assert is_nonqualifying("https://TASS.com./x", hosts)
    assert not is_nonqualifying("https://notwikipedia.org/x", hosts)
    assert not is_nonqualifying("https://wikipedia.org.example.com/x", hosts)


def test_the_shipped_host_list_names_reprint_feeds_and_an_ip_mirror():
    """The reprint hosts found in 2026-12-04's records (a copy of a newspaper's text on a feed is
    not the newspaper) are on the shipped list; a newspaper's own site is not."""
    from latticework.ledger.loader import is_nonqualifying, nonqualifying_hosts

    hosts = nonqualifying_hosts()
    assert is_nonqualifying("https://longform.social/post/did:plc:x/3m/source", hosts)
    assert is_nonqualifying("http://3.127.128.221/?p=1108114", hosts)
    assert is_nonqualifying("https://www.dnyuz.com/2025/x", hosts)
    assert not is_nonqualifying("https://www.dawn.com/news/1", hosts)


# -- the command line -------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    [], ["profile"], ["profile", "JPN", "--from", "abc"], ["nosuchcommand"],
    ["dyad", "USA", "JPN", "--from", "3000"], ["structure", "--from", "2020", "--to", "2000"],
    ["linchpin", "--year", "1500"], ["linchpin", "--year", "3000"], ["scenario", "run", "asian_nato", "--runs", "-1"],
    ["ledger", "check", "--dir", "/nonexistent"], ["strategy", "JPN", "--prototypes", "/nonexistent.csv"],
    ["events", "series", "--from", "notadate"], ["events", "synth", "--rows", "5", "-o", "/tmp/lw-x", "--from", "2023-02-30"],
    ["ledger", "list", "--type", "nope"], ["dyad", "USA", "JPN", "--step", "0"], ["structure", "--step", "0"],
    ["linchpin", "--top", "-1"], ["events", "synth", "--rows", "5", "-o", "/tmp/lw-x", "--from", "2024-01-01", "--to", "2023-01-01"],
    ["data", "pull", "--from", "/nonexistent"], ["serve", "--port", "99999"], ["serve", "--port", "0"],
], ids=lambda a: " ".join(a) or "(nothing)")
def test_cli_usage_error_is_one_line_exit_2(args):
    code, out, err = run_cli(args)
    assert "Traceback" not in out + err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), (code, err)


@pytest.mark.parametrize("args", [["dyad", "USA", "USA"], ["linchpin", "--year", "2100"], ["profile", "[/foo]"],
                                  ["dyad", "USA", "JPN", "--from", "2100"]], ids=" ".join)
def test_cli_errors_found_in_the_store(args, real_store_path, monkeypatch):
    monkeypatch.setenv("LATTICEWORK_STORE", str(real_store_path))
    code, out, err = run_cli(args)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err


def test_serve_on_a_taken_port_says_so_before_announcing(real_store_path, monkeypatch):
    import socket

    monkeypatch.setenv("LATTICEWORK_STORE", str(real_store_path))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        code, out, err = run_cli(["serve", "--port", str(port)])
    assert code == 2 and "cannot listen" in err and "latticework at" not in out


def test_serve_workers_run_from_an_import_string(real_store_path, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.delenv("LATTICEWORK_STORE", raising=False)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = run_cli(["serve", "--port", str(port), "--workers", "2", "--store", str(real_store_path)])
    assert code == 0, err
    app, kw = calls[0]
    assert app == "latticework.present.web:create_app" and kw["factory"] and kw["workers"] == 2 and kw["port"] == port
    assert os.environ["LATTICEWORK_STORE"] == str(real_store_path.resolve())
    monkeypatch.delenv("LATTICEWORK_STORE")


# -- housekeeping: stale parts and locks ----------------------------------------------------------
def test_pull_removes_stale_parts(tmp_path, mirror):
    from latticework.sources.acquire import pull
    from latticework.sources.registry import load_registry

    reg = load_registry()
    name = reg.names()[0]
    stale = tmp_path / "sources" / reg[name].files[0].path
    stale = stale.parent / ".part-killed"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"half a file")
    res = pull(reg, [name], mirror, tmp_path)
    assert not stale.exists() and all(r.verified for r in res)


def test_second_pull_waits_for_the_lock(tmp_path):
    from latticework.sources.acquire import exclusive

    lock = tmp_path / ".pull.lock"
    order = []

    def second():
        with exclusive(lock, "pull", wait=10):
            order.append("second")

    with exclusive(lock, "pull"):
        t = threading.Thread(target=second)
        t.start()
        time.sleep(0.3)
        order.append("first done")
    t.join(10)
    assert order == ["first done", "second"]
    with exclusive(lock, "pull"):
        with pytest.raises(UsageError, match="another pull"):
            with exclusive(lock, "pull", wait=0.05):
                pass


def test_build_takes_the_store_lock(tmp_path, monkeypatch):
    import latticework.sources.acquire as A
    from latticework.build import build_store

    store = tmp_path / "s.duckdb"
    monkeypatch.setattr(A, "LOCK_WAIT_SECONDS", 0.05)
    (tmp_path / "s.duckdb.building-1").write_bytes(b"another build's file")
    with A.exclusive(tmp_path / "s.duckdb.lock", "build"):
        with pytest.raises(UsageError, match="another build"):
            build_store(store, tmp_path / "cache")
    assert (tmp_path / "s.duckdb.building-1").exists()  # a waiting build never deletes the running one's file
