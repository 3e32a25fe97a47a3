"""The state report: one self-contained HTML file answering Q1–Q4, with sources and static figures."""
from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def japan_report(real_db, tmp_path_factory):
    from latticework.present.report import write_report

    out = tmp_path_factory.mktemp("report")
    return write_report(real_db, "Japan", out), out


def test_report_is_self_contained(japan_report):
    path, _ = japan_report
    html = path.read_text(encoding="utf-8")
    assert path.name == "JPN-report.html"
    # opens offline: no external script, stylesheet or image; plotly.js is inlined
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=[\"']https?:", html)
    assert not re.search(r"<img[^>]+src=[\"']https?:", html)
    assert "Plotly" in html and html.count("plotly-graph-div") >= 5


def test_headlines_answer_each_question_from_the_figures(japan_report, real_db):
    path, _ = japan_report
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    caps = real_db.capabilities("JPN", 2024, 2024).iloc[0]
    assert f"ranking {int(caps['milex_rank'])}th in the world" in text
    for q in ("Q1 —", "Q2 —", "Q3 —", "Q4 —"):
        assert q in text
    assert "Coverage:" in text  # the report states what the data do not cover


def test_sources_cite_datasets_and_every_ledger_record(japan_report, real_db):
    path, _ = japan_report
    html = path.read_text(encoding="utf-8")
    assert "<h2>Sources</h2>" in html
    for name in ("sipri_milex", "atop_ddy", "troopdata"):
        assert f"<b>{name}</b>" in html
    ids = set(real_db.events(actor="JPN")["event_id"])
    assert len(ids) >= 150
    missing = [i for i in ids if f"id='{i}'" not in html]
    assert not missing, missing[:5]


def test_static_figures_png_and_svg(japan_report):
    _, out = japan_report
    figs = out / "figures"
    for stem in ("JPN-spending", "JPN-dependence", "JPN-strategy-trajectory", "JPN-strategy-map", "indo_pacific-structure"):
        png, svg = figs / f"{stem}.png", figs / f"{stem}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", stem
        assert svg.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg")), stem
