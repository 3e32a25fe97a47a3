"""Claim shapes beyond spending figures: budget targets and plan totals, named agreements and their
years, vessels provided, first-time claims; each with supported, contradicted and not-checkable
cases written by hand and checked against the real store (ledger, ATOP, SIPRI)."""
import pytest

from latticework.models.claim_check import TOLERANCES, check_text
from latticework.text.claims import find_claims


def one(db, text, kind=None, **kw):
    rows = check_text(db, text, **kw)
    if kind:
        rows = [r for r in rows if r["kind"] == kind]
    assert len(rows) == 1, rows
    return rows[0]


# -- budget targets --------------------------------------------------------------------------------
def test_share_of_gdp_target_supported_by_the_ledger(real_db):
    r = one(real_db, "Japan plans to raise its defense spending to 2% of GDP in FY2027.", document_date="2024-04-10")
    assert r["kind"] == "budget_target" and r["verdict"] == "supported"
    assert r["source"] == "ledger record jp-core-budget-target-2022"
    assert r["compared_with"]["record"] == "jp-core-budget-target-2022" and r["compared_with"]["url"]
    assert r["compared_with"]["value"] == 2.0 and "FY2027" in r["compared_with"]["what"]


def test_target_in_words_and_fiscal_year_phrase(real_db):
    r = one(real_db, "Japan intends to increase the budget for its defense to two percent of GDP in Japanese Fiscal "
                     "Year (JFY) 2027.", document_date="2024-04-10")
    assert r["verdict"] == "supported" and r["year"] == 2027


def test_different_figure_for_the_same_target_contradicted(real_db):
    r = one(real_db, "Japan plans to raise its defense spending to 3% of GDP in FY2027.", document_date="2024-04-10")
    assert r["verdict"] == "contradicted"
    assert r["compared_with"]["value"] == 2.0 and abs(r["compared_with"]["difference"] - 1.0) < 1e-9
    assert TOLERANCES["budget_target_share"]["supported"] == 0.05


def test_target_without_a_record_not_checkable_with_the_reason(real_db):
    r = one(real_db, "South Korea aims to raise its defense spending to 3.5% of GDP by 2035.", document_date="2026-01-10")
    assert r["verdict"] == "not_checkable"
    assert "KOR" in r["reason"] and "2035" in r["reason"] and "absence is not evidence" in r["reason"]


def test_five_year_plan_total_against_the_latest_plan(real_db):
    r = one(real_db, "Japan will spend ¥43 trillion on defense over five years.", document_date="2024-04-10")
    assert r["verdict"] == "supported" and r["source"] == "ledger record jp-core-budget-target-2022"
    r = one(real_db, "Japan will spend ¥60 trillion on defense over five years.", document_date="2024-04-10")
    assert r["verdict"] == "contradicted"
    # before the 2022 plan, the plan in force was the FY2019-FY2023 programme
    r = one(real_db, "Japan will spend ¥27.4 trillion on defense over five years.", document_date="2020-06-01")
    assert r["verdict"] == "supported" and r["source"] == "ledger record jp-pol-mtdp-fy2019-2023"


def test_a_spending_level_of_a_past_year_is_not_a_target():
    claims = find_claims("Seoul spent 2.3% of GDP on defense in 2025, and Lee wants ROK defense spending at 3.5% of GDP by 2035.",
                         document_date="2026-09-17")
    assert [c["kind"] for c in claims] == ["spending_share_gdp", "budget_target"]


def test_level_past_sipri_coverage_shows_the_latest_figure(real_db):
    r = one(real_db, "In 2025 Japan's military spending was 1.4% of GDP.", document_date="2026-03-01")
    assert r["verdict"] == "not_checkable" and "coverage" in r["reason"]
    assert r["compared_with"]["year"] == 2024 and r["compared_with"]["note"].startswith("latest year")


# -- agreements ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,record", [
    ("Japan and the United Kingdom signed an Acquisition and Cross-Servicing Agreement in 2017.", "jp-agr-gbr-acsa-signed-2017"),
    ("Japan and Italy signed an Agreement concerning the Transfer of Defense Equipment and Technology in 2017.",
     "jp-agr-ita-equipment-signed-2017"),
    ("The United States and the Philippines signed the Enhanced Defense Cooperation Agreement in 2014.",
     "ap-usa-phl-edca-signed-2014"),
])
def test_named_agreements_supported_by_their_records(real_db, text, record):
    r = one(real_db, text, kind="agreement")
    assert r["verdict"] == "supported" and r["source"] == f"ledger record {record}", r


def test_gsomia_signature_year_from_the_record_attributes(real_db):
    r = one(real_db, "Japan and South Korea signed the GSOMIA in 2016.", kind="agreement")
    assert r["verdict"] == "supported" and r["compared_with"]["year"] == 2016
    r = one(real_db, "Japan and South Korea signed the GSOMIA in 2014.", kind="agreement")
    assert r["verdict"] == "contradicted" and "2016" in r["reason"]


def test_acsa_wrong_year_contradicted(real_db):
    r = one(real_db, "Japan and the United Kingdom signed an Acquisition and Cross-Servicing Agreement in 2015.", kind="agreement")
    assert r["verdict"] == "contradicted" and "2017" in r["reason"]


def test_treaty_of_mutual_cooperation_against_atop(real_db):
    r = one(real_db, "Japan and the United States are allies under the Treaty of Mutual Cooperation and Security.",
            kind="agreement")
    assert r["verdict"] == "supported" and "ATOP" in r["source"]


def test_agreement_year_is_the_date_next_to_it_not_the_first_in_the_sentence():
    c = [c for c in find_claims("In April 2024 the leaders welcomed the Reciprocal Access Agreement between Japan and "
                                "the United Kingdom signed in 2023.", document_date="2024-04-10") if c["kind"] == "agreement"]
    assert c and c[0]["year"] == 2023


def test_three_principles_are_a_policy_not_an_agreement():
    claims = find_claims("Washington praised how Tokyo revised its Three Principles on the Transfer of Defense "
                         "Equipment and Technology.", document_date="2024-04-10")
    assert not [c for c in claims if c["kind"] == "agreement"]


# -- vessels provided ------------------------------------------------------------------------------
def test_vessels_provided_supported_and_contradicted(real_db):
    r = one(real_db, "Japan handed over two high-speed patrol boats to Indonesia in January 2025.", kind="vessels_provided")
    assert r["verdict"] == "supported" and r["source"] == "ledger record jp-pol-osa-idn-fy2024"
    r = one(real_db, "Japan handed over five high-speed patrol boats to Indonesia in January 2025.", kind="vessels_provided")
    assert r["verdict"] == "contradicted" and r["compared_with"]["total"] == 2


def test_vessels_without_a_record_not_checkable(real_db):
    r = one(real_db, "Japan provided twelve Coast Guard vessels to the Philippines.", kind="vessels_provided",
            document_date="2024-04-11")
    assert r["verdict"] == "not_checkable" and "absence is not evidence" in r["reason"]


# -- first-time claims -----------------------------------------------------------------------------
def test_first_time_claim_contradicted_by_an_earlier_record(real_db):
    r = one(real_db, "Japan and the United States held their first bilateral exercise.", kind="first_time",
            document_date="2024-06-01")
    assert r["verdict"] == "contradicted" and r["source"].startswith("ledger record ")
    assert r["compared_with"]["date"] < "2024-06-01"


def test_first_time_claim_without_an_earlier_record_not_checkable(real_db):
    r = one(real_db, "Japan and Brazil held their first summit.", kind="first_time", document_date="2024-06-01")
    assert r["verdict"] == "not_checkable" and "absence does not prove a first" in r["reason"]


def test_first_of_a_kind_needs_an_earlier_record_of_that_kind(real_db):
    """The modifiers and place of a "first" say which kind is claimed. Worked from the ledger: the
    trilateral defence ministers met in Singapore in June 2023 and in Tokyo in July 2024; Camp
    David (August 2023) only announced yearly multi-domain exercises; Freedom Edge was June 2024."""
    from latticework.text.claims import _first_qualifiers

    assert _first_qualifiers("multi-domain trilateral ", None) == ["multi-domain"]
    assert _first_qualifiers("trilateral defense ministers ", "Tokyo") == ["defense", "ministers", "tokyo"]
    assert _first_qualifiers("U.S.-Japan ", None) == [] and _first_qualifiers("Japanese ", None) == []
    trio = "The United States, Japan and the Republic of Korea held the first"
    r = one(real_db, f"{trio} trilateral defense ministers meeting.", kind="first_time", document_date="2024-10-25")
    assert r["verdict"] == "contradicted" and r["source"] == "ledger record jp-dm-usa-jpn-kor-defence-ministers-2023"
    r = one(real_db, f"{trio} trilateral defense ministers meeting in Tokyo.", kind="first_time", document_date="2024-10-25")
    assert r["verdict"] == "supported" and "tokyo" in r["source"]
    # the announcement of 2023 is not an earlier exercise; Freedom Edge, four months before the text, is the first
    r = one(real_db, f"{trio} first multi-domain trilateral exercise, Freedom Edge.".replace("first first", "first"),
            kind="first_time", document_date="2024-10-25")
    assert r["verdict"] == "supported" and r["source"] == "ledger record jp-ex-freedom-edge-2024"
    # the same claim two years later: the 2024 exercise is an earlier one
    r = one(real_db, f"{trio} first multi-domain trilateral exercise.".replace("first first", "first"),
            kind="first_time", document_date="2026-10-25")
    assert r["verdict"] == "contradicted" and r["source"] == "ledger record jp-ex-freedom-edge-2024"


# -- yearly budgets in a national currency; organisations' pledges --------------------------------
def test_yen_budget_of_a_fiscal_year_against_the_ledger(real_db):
    r = one(real_db, "Japan's defence budget for FY2024 is ¥7.95 trillion.", document_date="2024-04-10")
    assert r["verdict"] == "supported" and r["source"] == "ledger record jp-pol-budget-fy2024"
    assert r["claim"].startswith("JPN: defence budget JPY")
    r = one(real_db, "Japan's defence budget for FY2024 is ¥9 trillion.", document_date="2024-04-10")
    assert r["verdict"] == "contradicted" and r["compared_with"]["value"] == 7.95e12


def test_nato_pledge_checked_against_its_record(real_db):
    r = one(real_db, "NATO allies pledged to spend 3.5% of GDP on core defence by 2035.", document_date="2025-07-01")
    assert r["actor"] == "NATO" and r["verdict"] == "supported"
    assert r["source"] == "ledger record eu-nato-hague-5pct-pledge-2025"
    r = one(real_db, "NATO allies pledged to spend 4% of GDP on core defence by 2035.", document_date="2025-07-01")
    assert r["verdict"] == "contradicted" and r["compared_with"]["value"] == 3.5


def test_signed_and_in_force_each_checked_with_its_own_year(real_db):
    rows = [r for r in check_text(real_db, "Japan and Australia signed the Reciprocal Access Agreement in January 2022, "
                                           "and it entered into force in August 2023.") if r["kind"] == "agreement"]
    assert [(r["status"], r["year"], r["verdict"]) for r in rows] == [("signed", 2022, "supported"),
                                                                      ("in_force", 2023, "supported")]
    rows = [r for r in check_text(real_db, "Japan and Australia signed the Reciprocal Access Agreement in January 2022, "
                                           "and it entered into force in August 2021.") if r["kind"] == "agreement"]
    assert [r["verdict"] for r in rows] == ["supported", "contradicted"]


def test_the_from_side_of_a_change_is_dated_by_the_document():
    """Issue 18: "from 9th to 3rd or 4th" in a 2023 text with "by 2027" was read as a rank in 2027.
    The starting point of a stated change is the state at the document's date: 1.1 % of GDP and
    9th are 2023 levels; 2.2 % and 3rd/4th are 2027 targets."""
    text = ("Japan's defence budget will double by 2027, from 1.1% to 2.2% of GDP, rising from 9th to "
            "3rd or 4th in the world.")
    got = {(c["kind"], c["value"]): c["year"] for c in find_claims(text, document_date="2023-11-15")}
    assert got[("spending_share_gdp", 1.1)] == 2023 and got[("spending_rank", 9)] == 2023
    assert got[("spending_rank", 3)] == 2027 and got[("spending_rank", 4)] == 2027
    assert any(k[1] == 2.2 and y == 2027 for k, y in got.items())
