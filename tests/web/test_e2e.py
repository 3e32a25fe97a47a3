"""End-to-end in headless Chromium: open each page, use it, check what is shown, save a screenshot."""
import pytest

from conftest import shoot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("web")]


def test_state_page(page, live_server):
    page.goto(f"{live_server}/state/Japan")
    assert page.inner_text("#state-name").startswith("Japan")
    page.wait_for_selector("#chart-spending .main-svg")
    ranks = page.eval_on_selector_all("#spending tbody tr", "rows => rows.map(r => [r.cells[0].innerText, r.querySelector('.rank').innerText])")
    assert ["2021", "9"] in ranks and ["2024", "10"] in ranks
    assert "USA" in page.inner_text("#alliances")
    shoot(page, "state-japan")
    assert not page.js_errors, page.js_errors


def test_unknown_state_page(page, live_server):
    resp = page.goto(f"{live_server}/state/Japna")
    assert resp.status == 404
    assert "Japan (JPN)" in page.inner_text(".suggestions")
    shoot(page, "state-unknown-404")


def test_search_box(page, live_server):
    page.goto(f"{live_server}/")
    page.fill("header .search input", "Republic of Korea")
    page.press("header .search input", "Enter")
    page.wait_for_url("**/state/KOR")
    assert "Korea" in page.inner_text("#state-name")


def test_ledger_filters(page, live_server):
    page.goto(f"{live_server}/ledger")
    total = page.inner_text("#ledger-count")
    page.fill("#ledger-filter input[name=actor]", "JPN")
    page.click("#ledger-filter button[type=submit]")
    page.wait_for_url("**/ledger?actor=JPN**")
    rows = page.eval_on_selector_all("#ledger tbody tr", "rows => rows.map(r => r.cells[2].innerText)")
    assert all("JPN" in r for r in rows)
    if rows:
        page.fill("#quick", rows[0].split(",")[0])
        assert "shown" in page.inner_text("#ledger-count")
    shoot(page, "ledger-jpn")
    assert total
