"""Shared helpers of the bad-input tests (issue 19): well-formed inputs to break, and checks."""
from __future__ import annotations

import re
import sys


from latticework.events.formats import GDELT2_COLUMNS, ICEWS_COLUMNS

#: A good ledger record; the tests break one thing at a time.
GOOD_RECORD = """- id: t-jpn-aus-raa-signed
  type: ACCESS_AGREEMENT
  date: "2022-01-06"
  date_kind: signed
  actors: [JPN, AUS]
  summary: Japan and Australia sign a reciprocal access agreement for their forces.
  quantities: [{value: 2, unit: count, what: parties}]
  attributes: {agreement: jpn-aus-raa, name: Japan-Australia RAA, status: signed, signed: "2022-01-06"}
  sources:
    - publisher: Ministry of Foreign Affairs of Japan
      title: Signing of the Japan-Australia Reciprocal Access Agreement
      date: "2022-01-06"
      url: https://www.mofa.go.jp/example
  verified: true
"""

POLECAT_HEADER = ["Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
                  "Contexts", "Actor Name", "Actor Country", "Recipient Name", "Recipient Country",
                  "Placename", "Country", "Latitude", "Longitude", "Source"]


def gdelt_line(**fields) -> str:
    """One GDELT 2.0 export line (61 fields) with valid defaults; ``fields`` override columns."""
    d = {c: "" for c in GDELT2_COLUMNS}
    d.update({"GLOBALEVENTID": "1", "SQLDATE": "20240305", "MonthYear": "202403", "Year": "2024",
              "Actor1Code": "USA", "Actor1CountryCode": "USA", "Actor2Code": "JPN", "Actor2CountryCode": "JPN",
              "IsRootEvent": "1", "EventCode": "042", "EventBaseCode": "042", "EventRootCode": "04",
              "QuadClass": "1", "GoldsteinScale": "1.9", "NumMentions": "1", "NumSources": "1",
              "NumArticles": "1", "AvgTone": "0.5", "DATEADDED": "20240305000000"})
    d.update({k: str(v) for k, v in fields.items()})
    return "\t".join(d[c] for c in GDELT2_COLUMNS)


def icews_row(**fields) -> list[str]:
    d = {c: "" for c in ICEWS_COLUMNS}
    d.update({"Event ID": "1", "Event Date": "2014-03-05", "Source Name": "Japan", "Source Country": "Japan",
              "CAMEO Code": "042", "Intensity": "1.9", "Target Name": "United States",
              "Target Country": "United States"})
    d.update(fields)
    return [d[c] for c in ICEWS_COLUMNS]


def polecat_row(**fields) -> list[str]:
    d = {c: "" for c in POLECAT_HEADER}
    d.update({"Event ID": "p1", "Event Date": "2023-01-03", "Event Type": "CONSULT", "Event Intensity": "1.0",
              "Actor Name": "Japan", "Actor Country": "JPN", "Recipient Name": "United States",
              "Recipient Country": "USA", "Source": "AP"})
    d.update(fields)
    return [d[c] for c in POLECAT_HEADER]


_LOCATED = re.compile(r"\S+:\d+: ")


def assert_one_line(text: str) -> None:
    """An error is one line, and never a traceback."""
    assert "Traceback" not in text, text
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1, text




def run_cli(args: list[str]) -> tuple[int, str, str]:
    """Run the real entry point (``latticework.cli._app.run``) inside typer's CliRunner isolation."""
    from typer.testing import CliRunner

    import latticework.cli  # noqa: F401  (registers the commands)
    from latticework.cli._app import run

    runner = CliRunner()
    with runner.isolation() as streams:
        code = run(args)
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = (x.getvalue().decode("utf-8", "replace") for x in streams[:2])
    return code, out, err
