"""Bad input never crashes and is never silently accepted (issue 19): a property suite.

Hypothesis generates bad ledger records, event rows, texts, command lines, API parameters and
``years=`` arguments (derandomised: the same inputs every run) and checks, for each:

* no traceback: only the project's one-line errors;
* a located error: ledger problems name file, line and field and say what to do; a command-line
  usage error is ``error: ...`` on one stderr line with exit code 2; an API error is a JSON body
  naming the parameter, never a 5xx;
* data rows: ``rows in = stored + rejected (each with its reason) + duplicate``, and what is
  stored is valid (finite numbers, real dates, quad class 1-4).

The inputs tried are counted per kind (``INPUTS``) and printed at the end of the session; the
suite's quotas sum to more than 10,000. ``benchmarks/bench_bad_input.py`` runs the same
properties with more examples.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hardening_helpers import GOOD_RECORD, POLECAT_HEADER, gdelt_line, icews_row, polecat_row, run_cli

HERE = Path(__file__).resolve().parent
#: Examples per property; the benchmark script raises them with BAD_INPUT_SCALE.
SCALE = float(os.environ.get("BAD_INPUT_SCALE", "1"))
INPUTS: dict[str, int] = {}
FAILURES: list[str] = []
SETTINGS = dict(derandomize=os.environ.get("BAD_INPUT_RANDOM") != "1", deadline=None, database=None, print_blob=False,
                suppress_health_check=list(HealthCheck))


def n_examples(base: int) -> int:
    return max(1, int(base * SCALE))


def count(kind: str, n: int = 1) -> None:
    INPUTS[kind] = INPUTS.get(kind, 0) + n


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    """Write the inputs tried per kind to $BAD_INPUT_REPORT (for the benchmark)."""
    yield
    total = sum(INPUTS.values())  # the summary line itself: tests/hardening/conftest.py
    if os.environ.get("BAD_INPUT_REPORT"):
        Path(os.environ["BAD_INPUT_REPORT"]).write_text(json.dumps({"inputs": INPUTS, "total": total,
                                                                      "failures": FAILURES}))


TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
JUNK = st.one_of(TEXT, st.integers(-10**30, 10**30), st.floats(allow_nan=True, allow_infinity=True),
                 st.booleans(), st.none(), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=5), st.integers(), max_size=2))
DIGITS = "0123456789"
FOREIGN_DIGITS = "٠١٢٣٤٥٦٧٨٩０１２３４５６７８９۰۱۲۳"


# -- ledger records -----------------------------------------------------------------------------
def _flow(value) -> str:
    """A one-line YAML value that loads back as ``value`` (JSON is YAML; non-finite floats as .nan/.inf)."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=True)


BAD_DATE = st.one_of(
    st.text(alphabet=DIGITS + "-", max_size=12).filter(lambda s: not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", s)),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1945, 2020), st.integers(13, 99), st.integers(1, 28)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}-{31 if m in (4, 6, 9, 11) else 30}", st.integers(1945, 2020), st.sampled_from([2, 4, 6, 9, 11])),
    st.builds(lambda s: s, st.text(alphabet=FOREIGN_DIGITS, min_size=4, max_size=4)),
    st.builds(lambda y, pad: f"{y}{pad}", st.integers(1950, 2020), st.sampled_from(["\n", " ", "\t", "\u00a0", "Z", "T00"])),
    st.builds(lambda y: str(y), st.integers(2101, 9999)), st.builds(lambda y: str(y), st.integers(0, 1944)),
)
BAD_TEXT = st.one_of(st.text(alphabet=" \t\u00a0\u3000", max_size=30),
                     st.builds(lambda a, c: a + c + a, st.text(string.ascii_letters, min_size=12, max_size=12),
                               st.sampled_from(["\x00", "\x07", "\x1b[31m", "\u2028", "\x7f"])))
BAD_URL = st.one_of(st.sampled_from(["www.mofa.go.jp/x", "http://", "https://nodot/x", "ftp://a.b/c", "javascript:alert(1)",
                                     "https://a.b/c d", "https://a .b/c", "http://a.b:0/", "http://a.b:99999/"]),
                    TEXT.filter(lambda s: not s.startswith("http")))
BAD_NUMBER = st.sampled_from([".nan", ".inf", "-.inf", "1e400", "-1e999", "true", "'many'", "[1, 2]", "{a: 1}", "null"])
FIELD_LINES = {"id": 1, "type": 2, "date": 3, "date_kind": 4, "actors": 5, "summary": 6, "quantities": 7,
               "attributes": 8, "sources": 9, "verified": 14}


def _replace(field: str, new: str) -> str:
    lines = GOOD_RECORD.splitlines()
    i = FIELD_LINES[field] - 1
    key = lines[i].split(":", 1)[0]
    lines[i] = f"{key}: {new}"
    return "\n".join(lines) + "\n"


RECORD_MUTATIONS = st.one_of(
    st.builds(lambda v: _replace("date", _flow(v)), BAD_DATE),
    st.builds(lambda v: GOOD_RECORD.replace('      date: "2022-01-06"', f"      date: {_flow(v)}"), BAD_DATE),
    st.builds(lambda v: GOOD_RECORD.replace('signed: "2022-01-06"}', f"signed: \"2022-01-06\", in_force: {_flow(v)}}}"), BAD_DATE),
    st.builds(lambda v: _replace("summary", _flow(v)), BAD_TEXT),
    st.builds(lambda v: GOOD_RECORD.replace("publisher: Ministry of Foreign Affairs of Japan", f"publisher: {_flow(v)}"), BAD_TEXT),
    st.builds(lambda v: GOOD_RECORD.replace("title: Signing of the Japan-Australia Reciprocal Access Agreement", f"title: {_flow(v)}"), BAD_TEXT),
    st.builds(lambda v: GOOD_RECORD.replace("url: https://www.mofa.go.jp/example", f"url: {_flow(v)}"), BAD_URL),
    st.builds(lambda v: GOOD_RECORD.replace("value: 2,", f"value: {v},"), BAD_NUMBER),
    st.builds(lambda v: GOOD_RECORD.replace("agreement: jpn-aus-raa,", f"agreement: {_flow(v)},"),
              st.one_of(st.lists(st.integers(), min_size=1, max_size=3), st.dictionaries(st.sampled_from("abc"), st.integers(), min_size=1),
                        st.integers(), st.text(alphabet="ABC _/", min_size=1, max_size=8))),
    st.builds(lambda f, v: _replace(f, _flow(v)), st.sampled_from(["type", "date_kind", "actors", "id"]),
              st.one_of(TEXT, st.lists(TEXT, max_size=2), st.floats(), st.none())
              .filter(lambda v: not (isinstance(v, str) and (re.fullmatch(r"[a-z0-9][a-z0-9-]{2,99}", v) or v in (
                  "signed", "occurred", "announced", "in_force", "planned"))) and not (isinstance(v, list) and len(v) == 2 and all(
                  isinstance(x, str) and len(x) == 3 and x.isupper() for x in v)))),
    st.builds(lambda f, v: GOOD_RECORD.replace(f"  {f}:", f"  {f}: {_flow(v)}\n  {f}:", 1),
              st.sampled_from(["date", "summary", "type", "actors", "verified"]), JUNK),  # duplicate key
    st.builds(lambda f, t: GOOD_RECORD.replace(f"  {f}: ", f"  {f}: {t} ", 1), st.sampled_from(["summary", "date", "type"]),
              st.sampled_from(["!foo", "!!python/object/apply:os.system", "!!binary", "!!set", "!<tag:x>"])),
    st.builds(lambda n: GOOD_RECORD.replace("  verified: true", "  verified: true\n  notes: " + "[" * n + "]" * n), st.integers(13, 3000)),
    st.builds(lambda n: GOOD_RECORD.replace("  verified: true", "  verified: true\n  notes: " + "{a: " * n + "b" + "}" * n), st.integers(13, 400)),
    st.builds(lambda k: GOOD_RECORD.replace("  verified: true", f"  verified: true\n  {k}: x"), st.text(string.ascii_lowercase, min_size=1, max_size=8)
              .filter(lambda k: k not in ("notes", "verified", "summary", "date", "type", "id", "actors", "sources", "attributes", "quantities", "date_kind"))),
    st.builds(lambda m: GOOD_RECORD.replace('date: "2022-01-06"\n  date_kind', f"date: {_flow(m)}\n  date_kind"),
              st.sampled_from(["[/x]", "[bold]", "[/]", "[link=file:///etc/passwd]x[/link]", "[[/x]]"])),
)


def _alias_bomb(width: int) -> str:
    return GOOD_RECORD.replace("attributes: {", "attributes: {bomb: " + "&a [" + ",".join(["x"] * width) + "], b2: &b ["
                               + ",".join(["*a"] * width) + "], b3: &c [" + ",".join(["*b"] * width) + "], ")


LEDGER_SETTINGS = settings(max_examples=n_examples(160), **SETTINGS)


@LEDGER_SETTINGS
@given(st.lists(st.one_of(RECORD_MUTATIONS, st.builds(_alias_bomb, st.integers(13, 40))), min_size=10, max_size=10))
def test_bad_ledger_records_are_located_errors(tmp_path_factory, records):
    from rich.console import Console
    from rich.markup import escape

    from latticework.ledger import load_ledger

    d = tmp_path_factory.mktemp("ledger")
    for i, text in enumerate(records):  # one file per record: a broken one cannot hide another
        text = text.replace("t-jpn-aus-raa-signed", f"t-bad-{i}").replace("jpn-aus-raa,", f"jpn-aus-raa-{i},")
        (d / f"r{i:02d}.yaml").write_text(text, encoding="utf-8")
    count("ledger records", len(records))
    led = load_ledger(d, strict=False)
    out = Console(file=io.StringIO(), width=120)
    bad_files = {Path(p.file).name for p in led.problems}
    for p in led.problems:
        line = str(p)
        assert "\n" not in line and re.match(r"\S+\.yaml:\d+: ", line), line
        assert p.line >= 1 and p.field and p.message
        out.print(escape(line), highlight=False, soft_wrap=True)  # the printer never chokes on markup
    for e in led.entries:  # anything accepted must be valid all the way to the store
        FAILURES.append(f"accepted a bad record: {e.file}") if Path(e.file).name not in bad_files else None
    assert not led.entries, [e.file for e in led.entries]
    assert len(bad_files) == len(records)


def test_directory_and_broken_link_named_yaml(tmp_path):
    from latticework.ledger import load_ledger

    (tmp_path / "x.yaml").mkdir()
    (tmp_path / "y.yaml").symlink_to(tmp_path / "missing")
    (tmp_path / "ok.yaml").write_text(GOOD_RECORD)
    led = load_ledger(tmp_path, strict=False)
    count("ledger records", 2)
    assert len(led) == 1 and {Path(p.file).name for p in led.problems} == {"x.yaml", "y.yaml"}


# -- event rows ---------------------------------------------------------------------------------
GDELT_FIELDS = ["GLOBALEVENTID", "SQLDATE", "EventCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
                "NumArticles", "AvgTone", "ActionGeo_Lat", "ActionGeo_Long", "DATEADDED", "Actor1CountryCode"]
BAD_CELL = st.one_of(st.sampled_from(["", "NaN", "inf", "-inf", "1e400", "99", "-11", "0", "5", "x", "2024-13-01", "20240230",
                                      "\x00", "0x10", " 1", "1 ", "１", "٣", "999", "0999", "-1", "1.5", "91", "181"]),
                     st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\t\n\r"), max_size=8))


def _gdelt_row(i, kind, field, cell):
    if kind == "field":
        return gdelt_line(GLOBALEVENTID=str(i), **{field: cell}) if field != "GLOBALEVENTID" else gdelt_line(GLOBALEVENTID=cell)
    if kind == "count":
        return "\t".join(["x"] * cell)
    if kind == "dup":
        return gdelt_line(GLOBALEVENTID="1")
    return gdelt_line(GLOBALEVENTID=str(i))


GDELT_ROWS = st.lists(st.tuples(st.sampled_from(["field", "field", "field", "count", "dup", "good"]),
                                st.sampled_from(GDELT_FIELDS), BAD_CELL, st.integers(0, 70)),
                      min_size=120, max_size=120)


def _check_ingest(summary, cache):
    import pyarrow.parquet as pq

    assert summary.read == summary.stored + summary.rejected + summary.duplicate, summary
    reasons = []
    for f in summary.files:
        if f.reject_file:
            reasons += [r for r in csv.DictReader(open(f.reject_file, encoding="utf-8"), delimiter="\t")]
    assert len(reasons) == summary.rejected and all(r["reason"] and int(r["line"]) >= 1 for r in reasons)
    stored = [f for f in (cache / "events").glob("year=*/month=*/*.parquet") if f.parent.parent.name != "year=0"]
    rows = [r for f in stored for r in pq.read_table(f, columns=["quad_class", "goldstein", "avg_tone", "date"]).to_pylist()]
    assert len(rows) == summary.stored
    for r in rows:
        assert r["quad_class"] in (1, 2, 3, 4) and r["date"] is not None
        assert r["goldstein"] is None or (math.isfinite(r["goldstein"]) and -10 <= r["goldstein"] <= 10)
        assert r["avg_tone"] is None or math.isfinite(r["avg_tone"])


EVENT_SETTINGS = settings(max_examples=n_examples(25), **SETTINGS)


@EVENT_SETTINGS
@given(GDELT_ROWS)
def test_bad_gdelt_rows_balance(tmp_path_factory, rows):
    from latticework.events import ingest

    d = tmp_path_factory.mktemp("gdelt")
    lines = [_gdelt_row(i, kind, field, cell if kind != "count" else n) for i, (kind, field, cell, n) in enumerate(rows, 2)]
    p = d / "rows.csv"
    p.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n")
    count("event rows", len(lines))
    s = ingest([p], d / "c", workers=1, threads=1)
    _check_ingest(s, d / "c")


ICEWS_POLECAT_ROWS = st.lists(st.tuples(st.sampled_from(["Event Date", "CAMEO Code", "Intensity", "Latitude", "Longitude", "Event ID"]),
                                        st.sampled_from(["Event Date", "Event Type", "Event Intensity", "Quad Code", "Latitude", "Event ID"]),
                                        BAD_CELL, st.booleans()),
                              min_size=60, max_size=60)


@EVENT_SETTINGS
@given(ICEWS_POLECAT_ROWS, st.integers(0, 3))
def test_bad_icews_and_polecat_rows_balance(tmp_path_factory, rows, trailing_tabs):
    from latticework.events import ingest
    from latticework.events.formats import ICEWS_COLUMNS

    d = tmp_path_factory.mktemp("icp")
    icews = [icews_row(**{"Event ID": str(i), f1: c}) for i, (f1, _, c, _) in enumerate(rows)]
    pole = [polecat_row(**{"Event ID": f"p{i}", f2: c}) for i, (_, f2, c, _) in enumerate(rows)]
    (d / "events.tab").write_text("\n".join("\t".join(r) for r in [list(ICEWS_COLUMNS), *icews]) + "\n")
    (d / "ngecEvents.txt").write_text("\t".join(POLECAT_HEADER) + "\t" * trailing_tabs + "\n"
                                      + "\n".join("\t".join(r) + ("\t" * trailing_tabs if extra else "")
                                                  for r, (_, _, _, extra) in zip(pole, rows)) + "\n")
    count("event rows", 2 * len(rows))
    s = ingest([d / "events.tab", d / "ngecEvents.txt"], d / "c", workers=1, threads=1)
    _check_ingest(s, d / "c")
    assert {f.format for f in s.files} <= {"icews", "polecat"}


# -- texts ---------------------------------------------------------------------------------------
CLAIM = "Japan will raise its defence spending to 2% of GDP by 2027."
HEADERISH = st.builds(lambda k, v, n: f"{k}: {v}\n" + "=" * n + "\n",
                      st.text(string.ascii_uppercase + " _-", min_size=2, max_size=12).filter(lambda k: k[0].isalpha()),
                      st.text(string.ascii_letters + " :", max_size=20), st.integers(10, 40))
NOISE = st.one_of(HEADERISH, st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60),
                  st.sampled_from(["---\ntitle: x\n---\n", "<p>", "</div>", "\n\n", "==========\n", "TITLE: only\n"]))


@settings(max_examples=n_examples(600), **SETTINGS)
@given(st.lists(NOISE, max_size=4), st.lists(HEADERISH, min_size=1, max_size=3))
def test_claims_survive_header_like_blocks(before, blocks):
    from latticework.text.claims import find_claims
    from latticework.text.extract import extract_text

    count("texts")
    body = "".join(before) + "\n\n" + CLAIM + "\n\n" + "".join(blocks) + "More text follows here.\n"
    claims = find_claims(body)
    assert any(c["kind"] == "budget_target" for c in claims), (body, claims)
    extract_text(body)  # never raises on a body


@settings(max_examples=n_examples(400), **SETTINGS)
@given(st.binary(max_size=300), st.sampled_from([b"", b"\x00", b"\xff\xfe", "TITLE: x\n==========\n".encode()]))
def test_text_files_one_line_error_or_read(tmp_path_factory, data, prefix):
    from latticework.errors import InvalidInput
    from latticework.text.extract import extract_file

    count("texts")
    p = tmp_path_factory.mktemp("t") / "doc.txt"
    p.write_bytes(prefix + data)
    try:
        extract_file(p)
    except InvalidInput as exc:
        line = exc.one_line()
        assert "\n" not in line and str(p) in line and exc.fix


# -- command lines --------------------------------------------------------------------------------
def assert_usage_error(args, code, out, err):
    assert "Traceback" not in err + out, (args, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, (args, code, err)
    assert len(lines) == 1 and lines[0].startswith("error: "), (args, err)


NOT_INT = st.one_of(st.sampled_from(["abc", "1.5", "", "1e3", "٣", "--", "0x10", "NaN"]),
                    st.text(alphabet=string.ascii_letters + "!@#", min_size=1, max_size=6))
BAD_YEAR = st.one_of(NOT_INT, st.integers(-10**6, 1815).map(str), st.integers(2101, 10**9).map(str))
BAD_COUNT = st.integers(-10**6, 0).map(str)
BAD_DAY = st.one_of(st.sampled_from(["notadate", "2023-02-30", "2024-13-01", "2024-1-1", "20240101", "2024-01-01T00", ""]),
                    st.text(alphabet=DIGITS + "-", min_size=1, max_size=11).filter(lambda s: not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s)))
CLI_CASES = st.one_of(
    st.builds(lambda o, v: ["dyad", "USA", "JPN", o, v], st.sampled_from(["--from", "--to"]), BAD_YEAR),
    st.builds(lambda v: ["dyad", "USA", "JPN", "--step", v], st.one_of(BAD_COUNT, NOT_INT)),
    st.builds(lambda o, v: ["structure", o, v], st.sampled_from(["--from", "--to"]), BAD_YEAR),
    st.builds(lambda v: ["structure", "--step", v], BAD_COUNT),
    st.builds(lambda v: ["linchpin", "--year", v], BAD_YEAR),
    st.builds(lambda v: ["linchpin", "--top", v], st.one_of(BAD_COUNT, NOT_INT)),
    st.builds(lambda v: ["linchpin", "--radius-km", v], st.sampled_from(["0", "-1", "abc", "-1e9"])),
    st.builds(lambda o, v: ["strategy", "JPN", o, v], st.sampled_from(["--from", "--to"]), BAD_YEAR),
    st.builds(lambda v: ["strategy", "JPN", "--step", v], BAD_COUNT),
    st.builds(lambda v: ["strategy", "JPN", "--prototypes", "/nonexistent/" + v + ".csv"], st.text(string.ascii_letters, min_size=1, max_size=8)),
    st.builds(lambda v: ["scenario", "run", "asian_nato", "--runs", v], st.one_of(st.integers(-10**6, -1).map(str), NOT_INT)),
    st.builds(lambda v: ["ledger", "check", "--dir", "/nonexistent/" + v], st.text(string.ascii_letters, min_size=1, max_size=8)),
    st.builds(lambda v: ["ledger", "list", "--type", v], st.text(string.ascii_letters + "_", min_size=1, max_size=12)
              .filter(lambda s: s.upper() not in ("DEFENSE_PACT", "ACCESS_AGREEMENT", "SECURITY_AGREEMENT", "EXERCISE", "DIALOGUE",
                                                  "SECURITY_ASSISTANCE", "ARMS_TRANSFER", "DEFENSE_BUDGET", "DEFENSE_POLICY",
                                                  "FORCE_POSTURE", "ECONOMIC_SECURITY", "COERCION", "COMMITMENT"))),
    st.builds(lambda o, v: ["events", "series", o, v], st.sampled_from(["--from", "--to"]), BAD_DAY),
    st.builds(lambda o, v: ["events", "synth", "--rows", "10", "-o", "/tmp/lw-never-written", o, v], st.sampled_from(["--from", "--to"]), BAD_DAY),
    st.builds(lambda v: ["events", "synth", "--rows", v, "-o", "/tmp/lw-never-written"], st.one_of(BAD_COUNT, NOT_INT)),
    st.builds(lambda v: ["serve", "--port", v], st.one_of(st.integers(65536, 10**7).map(str), st.integers(-10**5, 0).map(str), NOT_INT)),
    st.builds(lambda v: ["serve", "--workers", v], st.one_of(BAD_COUNT, NOT_INT)),
    st.builds(lambda v: ["data", "pull", "--from", "/nonexistent/" + v], st.text(string.ascii_letters, min_size=1, max_size=8)),
    st.builds(lambda v: [v], st.text(string.ascii_lowercase + "-_", min_size=1, max_size=10).filter(
        lambda s: s not in ("build", "cite", "profile", "demo", "dyad", "structure", "linchpin", "strategy", "extract", "serve",
                            "report", "data", "ledger", "claims", "events", "scenario") and not s.startswith("-"))),
    st.builds(lambda c, o: [*c, "--" + o], st.sampled_from([["profile", "JPN"], ["dyad", "USA", "JPN"], ["ledger", "list"], ["cite"]]),
              st.text(string.ascii_lowercase, min_size=3, max_size=8).filter(lambda s: s not in ("json", "csv", "help", "from", "to", "store", "dir", "actor", "type", "step", "source"))),
    st.just(["profile"]), st.just(["dyad", "USA"]), st.just(["strategy"]), st.just(["extract"]),
)


@settings(max_examples=n_examples(1500), **SETTINGS)
@given(CLI_CASES)
def test_cli_usage_errors_are_one_line_exit_2(args):
    count("command lines")
    code, out, err = run_cli(args)
    assert_usage_error(args, code, out, err)


@pytest.mark.parametrize("args", [
    ["dyad", "USA", "JPN", "--from", "2100"],            # after the store's last year
    ["dyad", "USA", "USA"],                                # one state twice
    ["structure", "--from", "2020", "--to", "2000"],       # first after last
    ["linchpin", "--year", "2100"],                        # after the store's last year
    ["profile", "[/foo]"],                                 # rich markup in a value
    ["ledger", "list", "--from", "2020", "--to", "2000"],
], ids=lambda a: " ".join(a))
def test_cli_checks_that_need_the_store(args, real_store_path, monkeypatch):
    monkeypatch.setenv("LATTICEWORK_STORE", str(real_store_path))
    count("command lines")
    code, out, err = run_cli(args)
    assert_usage_error(args, code, out, err)


def test_cli_markup_in_a_ledger_value_is_printed(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD_RECORD.replace('date: "2022-01-06"\n  date_kind', 'date: "[/x]"\n  date_kind'))
    count("command lines")
    code, out, err = run_cli(["ledger", "check", "--dir", str(tmp_path)])
    assert code == 1 and "Traceback" not in err and "[/x]" in err and "a.yaml:3" in err


# -- API parameters -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api(real_store_path, real_cache):
    from fastapi.testclient import TestClient

    from latticework.present.web import create_app

    return TestClient(create_app(real_store_path, real_cache), raise_server_exceptions=False)


PARAM = st.one_of(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), max_size=12),
                  st.integers(-10**12, 10**12).map(str), st.sampled_from(["", "NaN", "1e9", "-1", "0", "2100", "1500", "[/x]", "'; --"]))
API_CASES = st.one_of(
    st.builds(lambda f, t, l: ("/api/ledger", {"from": f, "to": t, "limit": l}), PARAM, PARAM, PARAM),
    st.builds(lambda f, t: ("/api/structure", {"from": f, "to": t}), PARAM, PARAM),
    st.builds(lambda y, p: ("/api/structure/network", {"year": y, "preset": p}), PARAM, PARAM),
    st.builds(lambda t: ("/api/ledger", {"type": t}), PARAM),
    st.builds(lambda f, t: ("/ledger", {"from": f, "to": t}), PARAM, PARAM),
    st.builds(lambda y: ("/structure", {"year": y}), PARAM),
)
#: Names of no state: each costs a search for the closest names, so fewer of them.
NAME_CASES = st.one_of(
    st.builds(lambda a: ("/api/ledger", {"actor": a}), st.text(string.ascii_letters + " -", min_size=1, max_size=12)),
    st.builds(lambda n: (f"/api/state/{n}", {}), st.text(string.ascii_letters + " -", min_size=1, max_size=12)),
    st.builds(lambda a, b: (f"/api/dyad/{a}/{b}", {}), st.text(string.ascii_letters, min_size=1, max_size=8), st.sampled_from(["JPN", "zz"])),
)


@settings(max_examples=n_examples(1200), **SETTINGS)
@given(API_CASES)
def test_api_parameters_never_5xx(api, case):
    _api_case(api, case)


@settings(max_examples=n_examples(30), **SETTINGS)
@given(NAME_CASES)
def test_api_state_names_never_5xx(api, case):
    _api_case(api, case)


def _api_case(api, case):
    path, params = case
    count("API parameters")
    r = api.get(path, params=params, headers={"accept": "application/json"})
    assert r.status_code < 500, (path, params, r.status_code, r.text[:300])
    if r.status_code >= 400 and not path.startswith("/api/"):  # a page: the error page, with the parameter
        assert "invalid parameters" in r.text or "error" in r.text.lower(), r.text[:300]
    elif r.status_code >= 400:
        body = r.json()
        assert body["ok"] is False and body["error"], body
        if r.status_code == 422 and body["error"] == "invalid parameters":
            assert re.search(r"query\.|path\.|body\.", body["fix"] or ""), body  # names the parameter


@settings(max_examples=n_examples(60), **SETTINGS)
@given(st.lists(NOISE, max_size=3), st.lists(HEADERISH, max_size=3))
def test_api_claims_never_5xx(api, before, blocks):
    count("API parameters")
    text = "".join(before) + CLAIM + "\n" + "".join(blocks)
    r = api.post("/api/claims", json={"text": text})
    assert r.status_code < 500, (text, r.text[:300])


# -- years= -----------------------------------------------------------------------------------------
YEARS_GOOD = st.one_of(
    st.integers(1816, 2100),
    st.tuples(st.integers(1816, 2100), st.integers(1816, 2100)).map(lambda t: (min(t), max(t))),
    st.builds(lambda a, n, s: range(a, a + n, s), st.integers(1816, 2000), st.integers(1, 60), st.integers(1, 7)),
    st.lists(st.integers(1816, 2100), min_size=1, max_size=12),
    st.sets(st.integers(1816, 2100), min_size=1, max_size=12),
)
YEARS_BAD = st.one_of(
    st.text(max_size=6), st.floats(), st.booleans(), st.just([]), st.just(()), st.just(range(2000, 2000)),
    st.integers(-10**6, 1815), st.integers(2101, 10**6),
    st.tuples(st.integers(1817, 2100), st.integers(1816, 2100)).filter(lambda t: t[0] > t[1]),
    st.lists(st.one_of(st.text(max_size=3), st.floats(), st.none()), min_size=1, max_size=3),
    st.dictionaries(st.integers(), st.integers(), min_size=1, max_size=2),
)


def _expected(y) -> list[int]:
    if isinstance(y, int):
        return [y]
    if isinstance(y, tuple):
        return list(range(y[0], y[1] + 1))
    return sorted(set(y))


@settings(max_examples=n_examples(500), **SETTINGS)
@given(YEARS_GOOD)
def test_years_parser_gives_exactly_those_years(years):
    import pandas as pd

    from latticework.years import accepts_years

    count("API parameters")

    @accepts_years()
    def f(db, years=(1946, None)):  # a body that, like the measures, loops first..last
        y0, y1 = years[0], years[1] if years[1] is not None else 2100
        return pd.DataFrame({"year": list(range(y0, y1 + 1))})

    assert f(None, years=years)["year"].tolist() == _expected(years)


@settings(max_examples=n_examples(600), **SETTINGS)
@given(YEARS_BAD)
def test_years_parser_refuses_with_one_line(years):
    from latticework.errors import UsageError
    from latticework.years import parse_years

    count("API parameters")
    with pytest.raises(UsageError) as info:
        parse_years(years)
    line = info.value.one_line()
    assert "\n" not in line and "years=" in line and info.value.fix and info.value.exit_code == 2
