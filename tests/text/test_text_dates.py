"""Dates: explicit and relative expressions resolved against the document date."""
import pytest

from latticework.text.dates import find_dates


def values(text, ref="2024-04-10"):
    return [d["value"] for d in find_dates(text, document_date=ref)]


@pytest.mark.parametrize("text, expected", [
    ("The leaders met today.", ["2024-04-10"]),
    ("They met earlier today.", ["2024-04-10"]),
    ("They met yesterday.", ["2024-04-09"]),
    ("It was signed last year.", ["2023"]),
    ("It will be signed next year.", ["2025"]),
    ("This year the budget rose.", ["2024"]),
    ("The exercise took place in July.", ["2024-07"]),
    ("They met last month.", ["2024-03"]),
    ("Spending doubled over the past two years.", ["2022/2024"]),
    ("Ties deepened over the last decade.", ["2014/2024"]),
    ("Over the course of the last three years ties grew.", ["2021/2024"]),
    ("The budget reaches 2% by FY2027.", ["2027"]),
    ("in Japanese Fiscal Year (JFY) 2027", ["2027"]),
    ("on April 10, 2024", ["2024-04-10"]),
    ("on 8 July 2024", ["2024-07-08"]),
    ("In June 2023 the advisors met.", ["2023-06"]),
    ("In July and September 2023, ministers met.", ["2023-07"]),
    ("the 2022-2023 fiscal year", ["2022/2023"]),
    ("by the first quarter of 2029", ["2029"]),
    ("Since 2006 the sides have prepared.", ["2006"]),
])
def test_date_phrases(text, expected):
    assert values(text) == expected


def test_by_marks_planned():
    (d,) = find_dates("by FY2027", document_date="2024-01-01")
    assert d["planned"] is True
    (d,) = find_dates("in 2020", document_date="2024-01-01")
    assert d["planned"] is False
    assert find_dates("over the next two years", document_date="2024-05-01")[0]["value"] == "2024/2026"


def test_relative_dates_need_a_document_date():
    assert [d["value"] for d in find_dates("They met last year and in 2019.")] == [None, "2019"]


def test_numbers_that_are_not_years():
    assert values("US$2025 million, 2030 troops, 1999% and H.R. 4687, EO 14257") == []


def test_offsets():
    text = "Signed on April 10, 2024 in Tokyo."
    (d,) = find_dates(text)
    assert text[d["start"]:d["end"]] == "April 10, 2024"


def test_dates_inside_addresses_are_ignored():
    assert values("see (https://example.org/files/2024-04/sheet.pdf) and /2023/ here") == []
