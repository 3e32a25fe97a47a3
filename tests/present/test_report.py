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
    # opens offline: no external script, stylesheet or image
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=[\"']https?:", html)
    assert not re.search(r"<img[^>]+src=[\"']https?:", html)
    # figures are inline SVG drawn by the chart module (no 4.6 MB plotly.js): the file stays small
    assert html.count('<figure class="chart"') == 6 and "plotly" not in html.lower()
    assert path.stat().st_size < 2_000_000, path.stat().st_size


def test_every_report_chart_has_title_axis_titles_and_source_line(japan_report):
    path, _ = japan_report
    html = path.read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="chart" data-chart="([^"]+)">(.*?)</figure>', html, flags=re.S)
    assert len(figures) == 6
    for name, svg in figures:
        for gid in ("chart-title", "x-title", "y-title", "source-line"):
            assert f'id="{gid}' in svg, (name, gid)
        source = re.search(r'id="source-line[^"]*">(.*?)</g>', svg, flags=re.S).group(1)
        assert "Source:" in source, name
    # the structure chart names the ledger among its sources and marks the undefined lattice years
    structure = dict(figures)["indo_pacific-structure"]
    assert "ledger (" in structure and "carried forward" in structure


def test_top_n_tables_and_full_csv_beside_the_report(japan_report, real_db):
    path, out = japan_report
    html = path.read_text(encoding="utf-8")
    q4 = html.split("<h2>Q4 table")[1].split("<h2>")[0]
    assert q4.count("</tr>") - 1 == 15  # header and the top 15 rows, not ~170 states
    assert "href='JPN-criticality.csv'" in q4
    import pandas as pd

    full = pd.read_csv(out / "JPN-criticality.csv")
    assert len(full) > 100
    for name in ("JPN-dependence.csv", "JPN-structure.csv", "JPN-strategy.csv"):
        assert (out / name).stat().st_size > 0 and f"href='{name}'" in html
    assert str(out) not in html  # no server path in the report


def test_headlines_answer_each_question_from_the_figures(japan_report, real_db):
    path, _ = japan_report
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    caps = real_db.capabilities("JPN", 2024, 2024).iloc[0]
    assert f"ranking {int(caps['milex_rank'])}th in the world" in text
    import html as _html

    text = re.sub(r"\s+", " ", _html.unescape(text))
    # each headline carries the figures of the measure it summarises, for the years it names
    import latticework as lw

    last = real_db.latest_year
    a = lw.asymmetry(real_db, "USA", "JPN", years=(1990, 2010)).set_index("year")
    q1 = re.search(r"Q1 — (.*?)Q2 —", text).group(1)
    assert f"{a.loc[1990, 'dependence_b_on_a']:.2f} in 1990" in q1 and f"{a.loc[2010, 'dependence_b_on_a']:.2f} in 2010" in q1
    assert f"{a.loc[1990, 'dependence_a_on_b']:.2f} in 1990" in q1
    li = lw.structure(real_db, preset="indo_pacific", years=(1965, 1985)).set_index("year")["lattice_index"]
    q2 = re.search(r"Q2 — (.*?)Q3 —", text).group(1)
    assert f"{li[1965]:.2f} in 1965" in q2 and f"{li[1985]:.2f} in 1985" in q2
    sg = lw.strategy(real_db, "JPN", years=(last, last), n_perturb=2).iloc[0]
    q3 = re.search(r"Q3 — (.*?)Q4 —", text).group(1)
    verdict = ("undetermined" if sg["verdict"] == "undetermined" else sg["verdict"].replace("_", " "))
    assert f"In {last} the model's verdict is {verdict}" in q3
    # Japan was coded twice (data/reference/second): the report gives the second reading too
    assert "A second coding, made blind to the first, reads the years shown as" in q3
    assert "2013–2024 proactive realist (or asymmetrics)" in q3
    top = lw.criticality(real_db, "USA", last, theatre="taiwan_strait").sort_values("reach_loss", ascending=False).head(3)
    q4 = re.search(r"Q4 — (.*?)Coverage:", text).group(1)
    assert q4.index(top["state"].iloc[0]) < q4.index(top["state"].iloc[1]) < q4.index(top["state"].iloc[2])
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
    for stem in ("JPN-spending", "JPN-dependence", "JPN-strategy-trajectory", "JPN-strategy-map", "indo_pacific-structure",
                 "JPN-linchpins"):
        png, svg = figs / f"{stem}.png", figs / f"{stem}.svg"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", stem
        text = svg.read_text(encoding="utf-8")
        assert text.lstrip().startswith(("<?xml", "<svg")), stem
        assert 'id="source-line' in text and 'id="x-title' in text, stem  # papers get the source line too
