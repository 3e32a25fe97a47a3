"""Quantities: money with currency, % of GDP, counts, troops, ranks."""
import pytest

from latticework.text.quantities import find_quantities


def q(text):
    return [(x["value"], x["unit"], x["approx"]) for x in find_quantities(text)]


@pytest.mark.parametrize("text, expected", [
    ("a five-year plan of ¥43 trillion", [(43e12, "JPY", False)]),
    ("a $1.5 billion package", [(1.5e9, "USD", False)]),
    ("US$110 million in new partnerships", [(110e6, "USD", False)]),
    ("the pledge of JPY 600 billion", [(600e9, "JPY", False)]),
    ("600 billion yen", [(600e9, "JPY", False)]),
    ("€2 billion and £500 million", [(2e9, "EUR", False), (500e6, "GBP", False)]),
    ("spending of 2% of GDP", [(2.0, "pct_gdp", False)]),
    ("two percent of GDP", [(2.0, "pct_gdp", False)]),
    ("3.5 percent of gross domestic product", [(3.5, "pct_gdp", False)]),
    ("ranked 9th in the world", [(9.0, "rank", False)]),
    ("the eighth-largest partner", [(8.0, "rank", False)]),
    ("2,500 troops", [(2500.0, "troops", False)]),
    ("approximately 28,500 U.S. troops", [(28500.0, "troops", True)]),
    ("some 2,000 U.S. Marines", [(2000.0, "troops", True)]),
    ("43 exercises with other countries", [(43.0, "count", False)]),
    ("twelve Coast Guard vessels", [(12.0, "vessels", False)]),
    ("with 20 partners", [(20.0, "count", False)]),
    ("35.2% of outbound FDI", [(35.2, "pct", False)]),
    ("nearly $800 billion", [(800e9, "USD", True)]),
])
def test_quantity_forms(text, expected):
    assert q(text) == expected


@pytest.mark.parametrize("text", ["the 21st century", "the 70th anniversary", "the first Summit", "two countries",
                                  "H.R. 4687", "in 2024"])
def test_not_quantities(text):
    assert q(text) == []


def test_offsets_and_what():
    text = "Japan ranked 10th largest; it hosts 55,000 troops."
    rank, troops = find_quantities(text)
    assert text[rank["start"]:rank["end"]] == "10th" and rank["what"] == "largest"
    assert text[troops["start"]:troops["end"]] == "55,000 troops"
