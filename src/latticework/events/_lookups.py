"""CAMEO lookup tables, read from the data files shipped in ``events/lookups/``.

The files are generated from GDELT's published lookups and countrycode's code list by
``scripts/cameo_lookups.py`` (its docstring gives the sources and every repair made); a test
regenerates them from the data mirror and compares. Do not edit them by hand.

- ``CAMEO_EVENTS``: 311 CAMEO event codes → (description, Goldstein score on the −10..+10 scale).
- ``CAMEO_COUNTRIES``: 261 CAMEO actor country codes → (label, ISO3 or None for a region).
- ``ISO3``: the ISO3 codes in countrycode 1.8.0's code list; an actor country code outside the
  CAMEO table that is a valid ISO3 code maps to itself.
- ``FIPS``: ISO3 → FIPS 10-4 country code (GDELT's geographic fields use FIPS).
"""
from __future__ import annotations

import csv
from importlib import resources

__all__: list[str] = []  # private to latticework.events; the public names are in events.cameo


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of a tab-separated lookup file (no quoting: descriptions contain quotes)."""
    text = resources.files("latticework.events").joinpath("lookups", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


# code: (description, Goldstein score on the -10..+10 scale)
CAMEO_EVENTS: dict[str, tuple[str, float]] = {r["code"]: (r["description"], float(r["goldstein"]))
                                              for r in _rows("cameo_events.tsv")}
# CAMEO actor country code: (label, ISO3 or None for a region)
CAMEO_COUNTRIES: dict[str, tuple[str, str | None]] = {r["code"]: (r["label"], r["iso3"] or None)
                                                      for r in _rows("cameo_countries.tsv")}
ISO3: frozenset[str] = frozenset(
    resources.files("latticework.events").joinpath("lookups", "iso3.txt").read_text(encoding="utf-8").split())
FIPS: dict[str, str] = {r["iso3"]: r["fips"] for r in _rows("fips.tsv")}
