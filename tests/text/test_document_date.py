"""Dating a document (issue 18, item 2): from its header, else from the latest dated reference in
the text, saying which; relative times in the claims are then read against that date."""
from __future__ import annotations

import datetime as dt

from latticework.text.document import describe


def test_header_date_wins_and_says_so():
    m, _ = describe("TITLE: T\nDATE: 2024-07-08\n" + "=" * 20 + "\nIn January 2022 they signed it.\n")
    assert (m.date, m.date_basis) == ("2024-07-08", "header DATE")


def test_undated_text_takes_its_latest_reference_and_names_it():
    text = ("Japan and Australia signed the agreement in January 2022. It entered into force on "
            "13 August 2023. Japan will raise spending to 2% of GDP by 2027.")
    m, _ = describe(text)
    assert m.date == "2023-08-13"  # 2027 is planned ("by"), not a reference to the past
    assert m.date_basis == "inferred from the latest dated reference in the text: '13 August 2023'"


def test_a_month_or_year_counts_from_its_first_day_and_the_future_is_ignored():
    nxt = dt.date.today().year + 1
    m, _ = describe(f"The pact was signed in September 2023. The review is set for March {nxt}.")
    assert m.date == "2023-09-01"
    m, _ = describe("A text with no date in it at all.")
    assert (m.date, m.date_basis) == (None, None)


def test_this_year_in_an_undated_text_resolves_against_the_inferred_date():
    from latticework.text.claims import find_claims

    body = ("Japan signed an access agreement with the Philippines on 8 July 2024. This year Japan's "
            "defence spending reached 1.4% of GDP.")
    m, b = describe(body)
    assert m.date == "2024-07-08"
    share = [c for c in find_claims(b, document_date=m.date) if c["kind"] == "spending_share_gdp"]
    assert share and share[0]["year"] == 2024


def test_home_state_from_the_publisher():
    from latticework.text.document import home_state

    assert home_state({"PUBLISHER": "Congressional Research Service (Library of Congress)"}) == "USA"
    assert home_state({"PUBLISHER": "The White House (Biden Administration), Briefing Room"}) == "USA"
    assert home_state({"PUBLISHER": "Ministry of Defense of Japan"}) == "JPN"
    assert home_state({"PUBLISHER": "latticework project (news-style text written for the gold set)"}) is None
    assert home_state({}) is None
    assert home_state({}, {"publisher": "Australian Department of Defence"}) == "AUS"
