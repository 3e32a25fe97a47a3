"""The JSON API and error pages (in-process client)."""
import pytest

pytestmark = pytest.mark.xdist_group("web")


def test_state_json(client):
    r = client.get("/api/state/Japan")
    assert r.status_code == 200
    d = r.json()
    assert d["state"]["code"] == "JPN"
    ranks = {x["year"]: x["milex_rank"] for x in d["spending"]}
    assert ranks[2021] == 9 and ranks[2024] == 10
    assert any(s["name"] == "sipri_milex" for s in d["sources"])


@pytest.mark.parametrize("name,code", [("JPN", "JPN"), ("740", "JPN"), ("Republic of Korea", "KOR"),
                                       ("Türkiye", "TUR"), ("Turkey", "TUR"), ("South Korea", "KOR"),
                                       ("Korea, Dem. People's Rep.", "PRK"), ("255", "DEU")])
def test_any_name_resolves(client, name, code):
    """Each name resolves to the state a reader means (not merely to some state): Türkiye and
    Turkey to TUR, the Republic of Korea to South Korea (not the North), COW 255 to Germany."""
    r = client.get(f"/api/state/{name}")
    assert r.status_code == 200 and r.json()["state"]["code"] == code


def test_unknown_state_404_lists_matches(client):
    r = client.get("/api/state/Japna")
    assert r.status_code == 404 and r.json()["ok"] is False and "Japan" in r.json()["fix"]
    html = client.get("/state/Japna")
    assert html.status_code == 404 and "Closest matches" in html.text and "Japan (JPN)" in html.text
    assert "Traceback" not in html.text


def test_bad_parameters_422(client):
    r = client.get("/api/ledger", params={"from": "abc"})
    assert r.status_code == 422 and "from" in r.json()["fix"]
    r = client.get("/api/ledger", params={"type": "NOPE"})
    assert r.status_code == 422 and "DEFENSE_PACT" in r.json()["fix"]
    assert client.get("/api/ledger", params={"limit": 0}).status_code == 422


def test_ledger_page_form_fields(client):
    """The page's form sends empty fields; empty is no bound, junk is a 422 page, not a crash."""
    r = client.get("/ledger", params={"actor": "JPN", "type": "", "from": "", "to": ""})
    assert r.status_code == 200 and 'id="ledger"' in r.text
    assert client.get("/ledger", params={"from": "20x4"}).status_code == 422
    r = client.get("/ledger", params={"from": "1700"})
    assert r.status_code == 422 and "1816" in r.text


def test_search_redirects(client):
    r = client.get("/go", params={"q": "South Korea"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/state/KOR"


def test_openapi_documents_every_api_route(client):
    spec = client.get("/openapi.json").json()
    api_routes = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/api/")}
    assert api_routes <= set(spec["paths"])


def test_assets_are_local(client):
    html = client.get("/state/Japan").text
    assert "http://" not in html.split("<main>")[0] and "https://" not in html.split("<main>")[0]
    assert client.get("/static/app.js").status_code == 200
    assert "plotly" not in html  # charts are inline SVG from the chart module


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_served_locally(client, path):
    """Swagger UI and ReDoc come from the fastapi-offline package on this server, never a CDN."""
    import re

    r = client.get(path)
    assert r.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', r.text) + re.findall(r"url: ?'([^']+)'", r.text)
    assert urls and all(u.startswith("/") for u in urls), urls
    for u in urls:
        assert client.get(u).status_code == 200, u
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "cdn.redoc.ly" not in client.get("/vendor/redoc.js").text


PAGES = ["/", "/state/Japan", "/state/Germany", "/dyad/USA/JPN", "/dyad/Japan/Philippines", "/structure",
         "/strategy/Japan", "/ledger?actor=JPN", "/claims", "/scenario", "/scenario?preset=asian_nato"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_show_no_repr_no_paths_and_list_sources(client, path, real_store_path, real_cache):
    r = client.get(path)
    assert r.status_code == 200
    text = r.text
    for bad in ("{'", "None None", "Traceback", str(real_cache), str(real_store_path), "site-packages"):
        assert bad not in text, (bad, path)
    assert "Sources for this page" in text
    # charts: each inline SVG carries a title and a source line (axis titles: the browser tests)
    assert text.count('id="source-line') == text.count("<svg role=")
    assert text.count('id="chart-title') == text.count("<svg role=")
    if path.startswith(("/structure", "/state", "/ledger", "/dyad", "/scenario", "/claims")):
        assert "<b>ledger</b>" in text, path


def test_claims_page_table(client):
    r = client.post("/claims", data={"text": "Japan spent 1.4% of GDP on defence in 2024. Japan and Australia "
                                             "signed a Reciprocal Access Agreement in 2022."})
    assert r.status_code == 200 and 'id="claims"' in r.text
    assert "{'" not in r.text and "None None" not in r.text and "1.37% of GDP" in r.text
    assert "ledger record jp-core-jpn-aus-raa" in r.text


def test_claims_page_shows_the_register_line_of_an_arms_deal(client):
    """An arms deal is shown with the SIPRI register line it was compared with (Bangladesh's 16
    Yak-130s, ordered 2013, delivered 2015-16), not as a bare tolerance."""
    r = client.post("/claims", data={"text": "Russia sold 16 Yak-130 trainers to Bangladesh in 2013."})
    assert r.status_code == 200 and "{'" not in r.text
    assert "SIPRI register line" in r.text and "Russia → Bangladesh, Yak-130, ordered 2013 (16), delivered 16" in r.text

def test_server_never_writes_to_store(real_store_path, client):
    before = real_store_path.stat().st_mtime_ns
    for u in ["/api/state/JPN", "/api/ledger?actor=JPN", "/state/Japan"]:
        client.get(u)
    assert real_store_path.stat().st_mtime_ns == before
    with pytest.raises(Exception):
        client.app.state.db.con.execute("CREATE TABLE x (a INT)")


def test_measure_endpoints(client):
    d = client.get("/api/dyad/USA/JPN").json()
    assert d["a"] == "USA" and d["b"] == "JPN" and any(r["year"] == 2000 for r in d["rows"])
    s = client.get("/api/structure", params={"preset": "indo_pacific", "from": 1960, "to": 1990}).json()
    by = {r["year"]: r for r in s["rows"]}
    assert by[1965]["lattice_index"] > by[1985]["lattice_index"]
    n = client.get("/api/structure/network", params={"preset": "indo_pacific", "year": 1965}).json()
    assert len(n["nodes"]) == 7 and any(e["spoke_spoke"] for e in n["edges"])
    assert client.get("/api/structure", params={"preset": "warsaw_pact"}).status_code == 422
    assert client.get("/api/structure", params={"from": 2000, "to": 1990}).status_code == 422
    st = client.get("/api/strategy/JPN").json()
    assert st["state"] == "JPN" and st["rows"]
    # the cited reference coding beside the verdict (issue 17, item 5): periods with sources, the
    # reference reading on every coded year, and the spans where model and reference disagree
    periods = {p["period"]: p for p in st["reference"]}
    assert periods["2022–2024"]["label"] == "proactive_realist" and periods["2022–2024"]["sources"][0]["url"]
    assert all(p["model_years"] >= p["model_agrees"] >= 0 for p in st["reference"])
    by = {r["year"]: r for r in st["rows"]}
    assert by[2023]["reference"] == "proactive_realist" and isinstance(by[2023]["reference_sources"], list)
    n_dis = sum(r["agrees_with_reference"] is False for r in st["rows"])
    assert sum(s["end"] - s["start"] + 1 for s in st["disagreement_spans"]) == n_dis
    # the second, blind coding beside the first where there is one (data/reference/second): Japan's
    # second coder read 1992-2012 as global mercantilism with a proactive-realist alternative
    second = {p["period"]: p for p in st["second_coding"]}
    assert second["1992–2012"]["label"] == "global_mercantilism" and second["1992–2012"]["sources"]
    assert client.get("/api/strategy/FRA").json()["second_coding"] == []  # coded once
    sc = client.get("/api/scenario/japan_bases_denied").json()
    assert set(sc["tables"]) == {"structure", "reach", "asymmetry", "criticality", "strategy"}
    assert client.get("/api/scenario/nope").status_code == 422
