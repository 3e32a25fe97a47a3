"""Generate latticework's CAMEO lookup tables (``src/latticework/events/lookups/*.tsv``) from the
published files they come from, so the tables can be checked and regenerated (issue 21).

Inputs, as staged in the data mirror (see PROVENANCE.md):

* ``gdelt/lookups/CAMEO.eventcodes.txt`` and ``CAMEO.goldsteinscale.txt`` — GDELT's CAMEO event
  codes with descriptions and Goldstein scores. The published files merge code 106 ("Demand
  withdrawal") into the line of 1056 (``1056<TAB>Demand de-escalation …106:[-5.0] Demand
  withdrawal``); the merged line is split here into 1056 and 106, both scored −5.0. Code 044's
  description is mis-encoded in the published file ("Meet at a ÒhirdÓlocation": Mac Roman curly
  quotes read as Latin-1, eating a letter and a space); it is repaired to 'Meet at a "third" location'.
* ``gdelt/lookups/cameoCountry.txt`` — CAMEO actor country codes with labels.
* ``countrycode/codelist_without_cldr.csv`` — countrycode 1.8.0's code list: the ISO3 codes and,
  per ISO3 code, its FIPS 10-4 code (GDELT's geographic fields use FIPS).

A CAMEO country code maps to ISO 3166-1 alpha-3 as: itself when it is an ISO3 code; CAMEO's older
spellings TMP→TLS, IMY→IMN, MTN→MNE, ROM→ROU; ANT (Netherlands Antilles) keeps its withdrawn
code; WSB (West Bank) and GZS (Gaza Strip) → PSE; BAG (Baghdad) → IRQ; every other code (the
regions AFR, EUR, MEA …) maps to none.

Usage::

    python scripts/cameo_lookups.py ../shared/data/raw [--out src/latticework/events/lookups]

``tests/events/test_cameo_lookups.py`` regenerates the tables from the mirror and compares them
with the shipped ones.
"""
from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

#: CAMEO country codes that are not ISO3 codes, with the ISO3 code they stand for
CAMEO_TO_ISO3 = {"TMP": "TLS", "IMY": "IMN", "MTN": "MNE", "ROM": "ROU", "ANT": "ANT",
                 "WSB": "PSE", "GZS": "PSE", "BAG": "IRQ"}
#: descriptions garbled in the published file, repaired (see the module docstring)
REPAIRED = {"044": 'Meet at a "third" location'}
_MERGED = re.compile(r"^(?P<desc>.*?)(?P<code>\d{3,4}):\[(?P<score>-?\d+(?:\.\d+)?)\] (?P<desc2>.+)$")


def _tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated file without its header line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


def event_codes(lookups: Path) -> list[tuple[str, str, float]]:
    """(code, description, Goldstein score on −10..+10), in the published order, 106 split out."""
    scores = {c: float(s) for c, s in _tsv(lookups / "CAMEO.goldsteinscale.txt")}
    out = []
    for code, desc in _tsv(lookups / "CAMEO.eventcodes.txt"):
        m = _MERGED.match(desc)
        if m:
            out.append((code, m["desc"].strip(), scores[code]))
            out.append((m["code"], m["desc2"].strip(), float(m["score"])))
        else:
            out.append((code, REPAIRED.get(code, desc.strip()), scores[code]))
    return out


def codelist(raw: Path) -> tuple[list[str], dict[str, str]]:
    """The ISO3 codes of countrycode's code list (sorted) and ISO3 → FIPS 10-4."""
    with open(raw / "countrycode" / "codelist_without_cldr.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    iso3 = sorted({r["iso3c"] for r in rows if r["iso3c"] and r["iso3c"] != "NA"})
    fips = {r["iso3c"]: r["fips"] for r in rows if r["iso3c"] and r["iso3c"] != "NA" and r["fips"] and r["fips"] != "NA"}
    return iso3, dict(sorted(fips.items()))


def countries(lookups: Path, iso3: set[str]) -> list[tuple[str, str, str]]:
    """(CAMEO code, label, ISO3 or '' for a region), in the published order."""
    out = []
    for code, label in _tsv(lookups / "cameoCountry.txt"):
        out.append((code, label.strip(), code if code in iso3 else CAMEO_TO_ISO3.get(code, "")))
    return out


def write(raw: Path, out: Path) -> None:
    """Write ``cameo_events.tsv``, ``cameo_countries.tsv``, ``iso3.txt`` and ``fips.tsv`` to ``out``."""
    lookups = raw / "gdelt" / "lookups"
    iso3, fips = codelist(raw)
    out.mkdir(parents=True, exist_ok=True)
    (out / "cameo_events.tsv").write_text(
        "code\tdescription\tgoldstein\n" + "".join(f"{c}\t{d}\t{s}\n" for c, d, s in event_codes(lookups)), encoding="utf-8")
    (out / "cameo_countries.tsv").write_text(
        "code\tlabel\tiso3\n" + "".join(f"{c}\t{lab}\t{i}\n" for c, lab, i in countries(lookups, set(iso3))),
        encoding="utf-8")
    (out / "iso3.txt").write_text("".join(f"{c}\n" for c in iso3), encoding="utf-8")
    (out / "fips.tsv").write_text("iso3\tfips\n" + "".join(f"{i}\t{f}\n" for i, f in fips.items()), encoding="utf-8")


def main(argv=None) -> None:
    """Command line: ``python scripts/cameo_lookups.py RAW [--out DIR]``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("raw", type=Path, help="the data mirror (holding gdelt/lookups and countrycode)")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "src/latticework/events/lookups")
    args = ap.parse_args(argv)
    write(args.raw, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
