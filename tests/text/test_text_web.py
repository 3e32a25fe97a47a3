"""The web app's claims page and JSON twin call latticework.text.claims.check_text."""
import pytest


@pytest.fixture(scope="module")
def text_client(real_store_path, real_cache):
    from fastapi.testclient import TestClient

    from latticework.present.web import create_app

    return TestClient(create_app(real_store_path, real_cache))


def test_api_claims(text_client):
    text = ("Japan was the world's 10th largest military spender in 2023. "
            "Japan and the Philippines signed a Reciprocal Access Agreement in 2024.")
    r = text_client.post("/api/claims", json={"text": text})
    assert r.status_code == 200
    claims = r.json()["claims"]
    assert [c["verdict"] for c in claims] == ["supported", "supported"]
    for c in claims:
        assert {"claim", "sentence", "start", "end", "verdict", "compared_with", "source"} <= set(c)
        assert text[c["start"]:c["end"]] in c["sentence"]


def test_claims_page_highlights_verdicts(text_client):
    r = text_client.post("/claims", data={"text": "Japan was the world's 3rd largest military spender in 2023."})
    assert r.status_code == 200
    assert 'mark class="contradicted"' in r.text
