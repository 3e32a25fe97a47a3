"""End-to-end in headless Chromium: open each page, use it, check what is shown, save a screenshot.

Besides each page's content, every test checks what a reader needs from any page (``check_page``):
each chart has a title, axis titles and a source line; the page lists its sources; it holds no
Python repr ("{'", "None None") and no server path; and no request left 127.0.0.1.
"""
import re

import pytest

from conftest import shoot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("web")]

CHART_CHECK = """figs => figs.map(f => {
  const svg = f.querySelector('svg');
  const txt = id => svg ? Array.from(svg.querySelectorAll('[id^="' + id + '"]')).map(e => e.textContent.trim()).filter(Boolean) : [];
  return {chart: f.dataset.chart, svg: !!svg, title: txt('chart-title'), x: txt('x-title'), y: txt('y-title'),
          source: txt('source-line').join(' '), message: txt('chart-message').length > 0};
})"""


def check_page(page, *, charts: int = 0, sources: tuple = ()) -> list[dict]:
    """What every page owes a reader; returns the charts found."""
    found = page.eval_on_selector_all("figure.chart", CHART_CHECK)
    assert len(found) >= charts, found
    for c in found:
        assert c["svg"] and c["title"], c
        assert c["source"].startswith("Source:"), c
        if c["chart"] != "network" and not c["message"]:
            assert c["x"] and c["y"], c  # axis titles
    text = page.inner_text("body")
    html = page.content()
    for bad in ("{'", "None None", "Traceback", "/tmp/", "site-packages"):
        assert bad not in text, (bad, page.url)
    assert not re.search(r"\b(nan|NaN|None)\b", page.inner_text("main")), page.url
    listed = page.inner_text("#page-sources")
    for name in sources:
        assert name in listed, (name, listed[:300])
    assert "Sources for this page" in html
    assert not page.external_requests, page.external_requests
    assert not page.js_errors, page.js_errors
    return found


def test_state_page(page, live_server):
    page.goto(f"{live_server}/state/Japan")
    assert page.inner_text("#state-name").startswith("Japan")
    page.wait_for_selector("#chart-spending svg")
    ranks = page.eval_on_selector_all("#spending tbody tr", "rows => rows.map(r => [r.cells[0].innerText, r.querySelector('.rank').innerText])")
    assert ["2021", "9"] in ranks and ["2024", "10"] in ranks
    assert "USA" in page.inner_text("#alliances")
    charts = check_page(page, charts=2, sources=("sipri_milex", "troopdata", "ledger"))
    spending = next(c for c in charts if c["chart"] == "spending")
    assert "US$ bn" in " ".join(spending["y"]) and "% of GDP" in spending["y"] and "sipri_milex (2025" in spending["source"]
    shoot(page, "state-japan")


def test_state_page_germany_troops_drawn(page, live_server):
    """Germany's US-troops chart draws bars (it used to be empty axes)."""
    page.goto(f"{live_server}/state/Germany")
    charts = check_page(page, charts=2)
    troops = next(c for c in charts if c["chart"] == "troops")
    assert not troops["message"] and troops["y"] == ["troops (thousands)"]
    assert page.locator("#chart-troops svg [id^=patch]").count() > 20  # one bar per year
    shoot(page, "state-germany")


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
    check_page(page, sources=("ledger",))
    shoot(page, "ledger-jpn-access-philippines")


def test_structure_slider(page, live_server):
    page.goto(f"{live_server}/structure?preset=indo_pacific&year=2024")
    page.wait_for_selector("#network[data-year='2024'] svg")
    page.wait_for_selector("#measures tr[data-key=lattice_index]")
    v2024 = page.inner_text("#measures tr[data-key=lattice_index] td")
    slider = page.locator("#year")
    slider.evaluate("(el) => { el.value = 1965; el.dispatchEvent(new Event('input')); }")
    page.wait_for_function("document.getElementById('year-label').textContent === '1965'")
    page.wait_for_selector("#network[data-year='1965'] svg")
    assert "network, 1965" in page.inner_text("#network")
    v1965 = page.inner_text("#measures tr[data-key=lattice_index] td")
    assert v1965 != v2024 and float(v1965) > float(v2024)  # SEATO years were more of a lattice
    assert page.locator("#spoke-ties li").count() >= 1
    slider.evaluate("(el) => { el.value = 1947; el.dispatchEvent(new Event('input')); }")
    page.wait_for_selector("#network[data-year='1947'] svg")
    assert page.inner_text("#measures tr[data-key=lattice_index] td") == "—"  # undefined, not 1.0
    charts = check_page(page, charts=2, sources=("atop_ddy", "ledger"))
    lattice = next(c for c in charts if c["chart"] == "structure")
    assert lattice["y"] == ["index (0–1)"] and "ledger (" in lattice["source"]
    # 1946–49: the hub had fewer than two spokes, so the lattice index is a gap, not 1.0
    assert "undefined (gap) in 1946–1949" in lattice["source"]
    shoot(page, "structure-indo-pacific-1965")


def test_dyad_page(page, live_server):
    page.goto(f"{live_server}/dyad/USA/Japan")
    assert "USA–JPN" in page.inner_text("#dyad-title")
    page.wait_for_selector("#chart-dependence svg")
    # every year from 1946 is in the table (it scrolls instead of being cut)
    years = page.eval_on_selector_all("#dyad-table tbody tr", "rows => rows.map(r => r.cells[0].innerText)")
    assert "1946" in years and "2024" in years and len(years) >= 79
    assert page.eval_on_selector("#dyad-table", "t => getComputedStyle(t.parentElement).overflowY") == "auto"
    check_page(page, charts=1, sources=("sipri_milex", "ledger"))
    shoot(page, "dyad-usa-jpn")


def test_dyad_page_event_series(page, live_server):
    """A dyad with events in the ingested GDELT samples shows its monthly quad-class series."""
    page.goto(f"{live_server}/dyad/USA/China")
    page.wait_for_selector("#chart-interactions svg")
    assert int(page.get_attribute("#chart-interactions", "data-months")) > 12
    assert "material cooperation" in page.inner_text("#chart-interactions")
    charts = check_page(page, charts=2, sources=("gdelt_samples",))
    assert next(c for c in charts if c["chart"] == "interactions")["y"] == ["events per month"]
    shoot(page, "dyad-usa-chn-events")


def test_dyad_page_without_events_says_so(page, live_server):
    page.goto(f"{live_server}/dyad/Japan/Philippines")
    assert "no events between JPN and PHL" in page.inner_text("#interactions-note")
    assert page.locator("#chart-interactions").count() == 0
    check_page(page, charts=1)


def test_strategy_page(page, live_server):
    page.goto(f"{live_server}/strategy/Japan")
    page.wait_for_selector("#chart-strategy svg")
    page.wait_for_selector("#chart-map svg")
    verdicts = page.eval_on_selector_all("#strategy-table td.verdict", "els => els.map(e => e.innerText)")
    assert verdicts and set(verdicts) <= {"asymmetrics", "global_mercantilism", "proactive_realist",
                                          "international_visionary", "undetermined"}
    assert page.locator("#strategy-table tbody tr").count() >= 60  # every year 1960–latest, in a scrolling box
    # the reference coding beside the verdict, with its sources and the disagreements (issue 17)
    refs = page.eval_on_selector_all("#reference-table tbody tr", "els => els.map(e => e.innerText)")
    assert any(r.startswith("2022–2024") and "proactive realist" in r for r in refs)
    assert page.locator("#reference-table a[href^='https://www.mofa.go.jp']").count() >= 1
    assert page.locator("#disagreements li").count() >= 1
    # Japan was coded twice (data/reference/second): the four second-coding periods from 1960 on
    assert page.locator("#second-coding li").count() == 4
    cells = page.eval_on_selector_all("#strategy-table td.reference", "els => els.map(e => e.innerText)")
    assert any(c.startswith("proactive_realist") for c in cells)
    charts = check_page(page, charts=2)
    assert next(c for c in charts if c["chart"] == "strategy-probabilities")["y"] == ["probability (0–1)"]
    shoot(page, "strategy-japan")


def test_scenario_page(page, live_server):
    page.goto(f"{live_server}/scenario")
    # first load: the default preset's baseline and scenario, without pressing Run
    assert page.get_attribute("#scenario-name", "data-preset") == "japan_bases_denied"
    assert page.locator(".scenario-table").count() == 5
    check_page(page, sources=("atop_ddy", "ledger"))
    shoot(page, "scenario-first-load")
    page.select_option("#scenario-form select", "asian_nato")
    page.click("#scenario-form button")
    page.wait_for_url("**preset=asian_nato**")
    assert page.get_attribute("#scenario-name", "data-preset") == "asian_nato"
    assert page.locator(".scenario-table").count() == 5
    heads = page.eval_on_selector_all(".scenario-table thead tr", "rs => rs.map(r => r.innerText)")
    assert all("baseline" in h and "scenario" in h and "change" in h for h in heads)
    check_page(page)
    shoot(page, "scenario-asian-nato")


def test_index_and_claims_pages(page, live_server):
    page.goto(f"{live_server}/")
    check_page(page, sources=("sipri_milex", "ledger"))
    shoot(page, "index")
    page.goto(f"{live_server}/claims")
    check_page(page, sources=("ledger",))
    page.fill("#claims-form textarea", "Japan spent 1.4% of GDP on defence in 2024. Japan and Australia signed a "
              "Reciprocal Access Agreement in 2022. South Korea spent 2.8% of GDP on defence in 2023.")
    page.click("#claims-form button")
    page.wait_for_selector("#claims")
    head = page.eval_on_selector_all("#claims thead th", "ths => ths.map(t => t.innerText)")
    assert head == ["text", "read as", "verdict", "compared with", "source"]
    rows = page.eval_on_selector_all("#claims tbody tr", "rs => rs.map(r => Array.from(r.cells).map(c => c.innerText))")
    assert len(rows) == 3
    by_text = {r[0]: r for r in rows}
    gdp = next(r for t, r in by_text.items() if "1.4%" in t)
    assert gdp[2] == "supported" and "1.37% of GDP" in gdp[3] and "SIPRI" in gdp[4]
    raa = next(r for t, r in by_text.items() if "Reciprocal" in t)
    assert "ledger record" in raa[3] and "{" not in raa[3]
    check_page(page)
    shoot(page, "claims-checked")


@pytest.mark.parametrize("path, selector", [("/docs", ".swagger-ui .opblock"), ("/redoc", "redoc [role=menuitem], .menu-content")])
def test_api_docs_work_offline(page, live_server, path, selector):
    """Swagger UI and ReDoc load from this server only: no request leaves 127.0.0.1."""
    page.goto(f"{live_server}{path}")
    page.wait_for_selector(selector, timeout=20_000)
    assert "/api/state/{name}" in page.inner_text("body") or "State profile" in page.inner_text("body")
    page.wait_for_load_state("networkidle")
    assert not page.external_requests, page.external_requests
    shoot(page, f"api-docs-{path.strip('/')}")


def test_report_sections_in_browser(page, real_db, tmp_path_factory):
    """The HTML report opened from disk: every section screenshotted, every chart complete, nothing fetched."""
    from latticework.present.report import write_report

    out = tmp_path_factory.mktemp("report-e2e")
    path = write_report(real_db, "Japan", out)
    page.goto(path.as_uri())
    charts = page.eval_on_selector_all("figure.chart", CHART_CHECK)
    assert len(charts) == 6
    for c in charts:
        assert c["title"] and c["x"] and c["y"] and c["source"].startswith("Source:"), c
    text = page.inner_text("body")
    assert "{'" not in text and "None None" not in text
    assert not page.external_requests, page.external_requests
    shoot(page, "report-japan")
    for i, section in enumerate(page.query_selector_all("section")):
        section.screenshot(path=str(shoot.__globals__["_SHOTS"][0] / f"report-japan-section-{i + 1}.png"))
