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
    page.wait_for_url("**/ledger?actor=JPN**")  # the form also sends its empty fields (from=&to=)
    assert page.locator("#ledger").count() == 1, page.inner_text("main")
    rows = page.eval_on_selector_all("#ledger tbody tr", "rows => rows.map(r => r.cells[2].innerText)")
    assert len(rows) >= 150 and all("JPN" in r for r in rows)
    assert int(page.inner_text("#ledger-count").split()[0]) < int(total.split()[0])
    page.select_option("#ledger-filter select[name=type]", "ACCESS_AGREEMENT")
    page.click("#ledger-filter button[type=submit]")
    page.wait_for_url("**type=ACCESS_AGREEMENT**")
    types = page.eval_on_selector_all("#ledger tbody tr", "rows => rows.map(r => r.cells[1].innerText)")
    assert types and set(types) == {"ACCESS_AGREEMENT"}
    page.fill("#quick", "Philippines")
    visible = page.eval_on_selector_all("#ledger tbody tr", "rows => rows.filter(r => r.style.display !== 'none').length")
    assert 0 < visible < len(types) and f"{visible} records shown" in page.inner_text("#ledger-count")
    shoot(page, "ledger-jpn-access-philippines")


def test_structure_slider(page, live_server):
    page.goto(f"{live_server}/structure?preset=indo_pacific&year=2024")
    page.wait_for_selector("#network[data-edges]")
    page.wait_for_selector("#measures tr[data-key=lattice_index]")
    v2024 = page.inner_text("#measures tr[data-key=lattice_index] td")
    slider = page.locator("#year")
    slider.evaluate("(el) => { el.value = 1965; el.dispatchEvent(new Event('input')); }")
    page.wait_for_function("document.getElementById('year-label').textContent === '1965'")
    page.wait_for_function("document.querySelector('#network').getAttribute('data-edges') !== null")
    page.wait_for_timeout(500)
    v1965 = page.inner_text("#measures tr[data-key=lattice_index] td")
    assert v1965 != v2024 and float(v1965) > float(v2024)  # SEATO years were more of a lattice
    assert page.locator("#spoke-ties li").count() >= 1
    shoot(page, "structure-indo-pacific-1965")
    assert not page.js_errors, page.js_errors


def test_dyad_page(page, live_server):
    page.goto(f"{live_server}/dyad/USA/Japan")
    assert "USA–JPN" in page.inner_text("#dyad-title")
    page.wait_for_selector("#chart-dependence .main-svg")
    assert page.locator("#dyad-table tbody tr").count() > 5
    shoot(page, "dyad-usa-jpn")
    assert not page.js_errors, page.js_errors


def test_dyad_page_event_series(page, live_server):
    """A dyad with events in the ingested GDELT samples shows its monthly quad-class series."""
    page.goto(f"{live_server}/dyad/USA/China")
    page.wait_for_selector("#chart-interactions .main-svg")
    assert int(page.get_attribute("#chart-interactions", "data-months")) > 12
    assert "material cooperation" in page.inner_text("#chart-interactions")
    shoot(page, "dyad-usa-chn-events")
    assert not page.js_errors, page.js_errors


def test_dyad_page_without_events_says_so(page, live_server):
    page.goto(f"{live_server}/dyad/Japan/Philippines")
    assert "no events between JPN and PHL" in page.inner_text("#interactions-note")
    assert page.locator("#chart-interactions").count() == 0


def test_strategy_page(page, live_server):
    page.goto(f"{live_server}/strategy/Japan")
    page.wait_for_selector("#chart-strategy .main-svg")
    page.wait_for_selector("#chart-map .main-svg")
    verdicts = page.eval_on_selector_all("#strategy-table td.verdict", "els => els.map(e => e.innerText)")
    assert verdicts and set(verdicts) <= {"asymmetrics", "global_mercantilism", "proactive_realist", "international_visionary"}
    shoot(page, "strategy-japan")
    assert not page.js_errors, page.js_errors


def test_scenario_page(page, live_server):
    page.goto(f"{live_server}/scenario")
    page.select_option("#scenario-form select", "asian_nato")
    page.click("#scenario-form button")
    page.wait_for_selector("#scenario-name")
    assert "asian_nato" in page.inner_text("#scenario-name")
    assert page.locator(".scenario-table").count() == 5
    shoot(page, "scenario-asian-nato")
