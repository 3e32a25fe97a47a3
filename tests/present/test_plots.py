"""The chart module on small hand-made frames: every chart has a title, axis titles with units and a
source line; missing values are gaps; marked years are marked; nothing to draw says so."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from latticework.present import plots as P

SRC = [{"name": "atop_ddy", "version": "5.1"}, {"name": "ledger", "version": "867 records"}]


def texts(fig):
    return [t.get_text() for t in fig.texts]


def source_line(fig) -> str:
    (line,) = [t for t in fig.texts if t.get_gid() == "source-line"]
    return line.get_text().replace("\n", " ")


def structure_frame():
    return pd.DataFrame({"year": [1946, 1947, 1948, 1949, 1950], "lattice_index": [np.nan, np.nan, 0.2, 0.3, 0.3],
                         "spoke_density": [0.1, 0.1, 0.2, 0.3, 0.3], "hub_share": [0.5, 0.5, 0.6, 0.6, 0.6],
                         "carried_forward": [False, False, False, True, True]})


def test_structure_undefined_lattice_index_is_a_gap_not_one():
    fig = P.structure(structure_frame(), "indo_pacific", SRC)
    (ax,) = fig.axes
    line = next(l for l in ax.get_lines() if l.get_label() == "lattice index")
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[:2]).all() and list(y[2:]) == [0.2, 0.3, 0.3]  # drawn as a gap
    assert ax.get_ylabel() == "index (0–1)" and ax.get_xlabel() == "year" and ax.get_title(loc="left")
    src = source_line(fig)
    assert src.startswith("Source: atop_ddy (5.1); ledger (867 records)")
    assert "undefined (gap) in 1946–1947" in src
    # 1949–1950 carried forward: one band from 1948.5 to 1950.5, and a legend entry for it
    bands = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx((0.929, 0.949, 0.969), abs=0.01)]
    assert len(bands) == 1 and bands[0].get_x() == pytest.approx(1948.5) and bands[0].get_width() == pytest.approx(2.0)
    assert "ties carried forward past a source's last year" in [t.get_text() for t in ax.get_legend().get_texts()]
    P.plt.close(fig)


def test_spending_has_two_panels_with_units_not_two_y_axes():
    caps = pd.DataFrame({"year": [2020, 2021, 2022], "milex_constant_usd": [40e9, 42e9, np.nan],
                         "milex_gdp_share": [0.010, 0.011, np.nan], "sipri_coverage": ["covered", "covered", "past coverage"]})
    fig = P.spending(caps, "Japan", SRC[:1])
    top, bottom = fig.axes
    assert top.get_ylabel() == "US$ bn\n(constant 2023)" and bottom.get_ylabel() == "% of GDP"
    assert bottom.get_xlabel() == "year"
    assert list(top.get_lines()[0].get_ydata()[:2]) == [40.0, 42.0]  # US$ bn
    assert list(bottom.get_lines()[0].get_ydata()[:2]) == pytest.approx([1.0, 1.1])  # percent
    assert top.get_shared_x_axes().joined(top, bottom) and not any(a is not top and a.bbox.bounds == top.bbox.bounds for a in fig.axes)
    P.plt.close(fig)


def test_dependence_marks_incomplete_years():
    asym = pd.DataFrame({"year": [2000, 2001, 2002], "dependence_b_on_a": [0.5, 0.4, np.nan],
                         "dependence_a_on_b": [0.2, 0.2, np.nan], "asymmetry_index": [0.3, 0.2, np.nan],
                         "complete": [True, True, False]})
    fig = P.dependence(asym, "USA", "JPN", SRC)
    (ax,) = fig.axes
    assert "incomplete year (a component missing)" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert ax.get_ylabel().startswith("index") and ax.get_ylim() == (0, 1)
    P.plt.close(fig)


def test_nothing_to_draw_says_why_instead_of_empty_axes():
    fig = P.troops(pd.DataFrame({"year": [], "troops": []}), "Iceland", SRC)
    assert not any(ax.axison for ax in fig.axes)
    assert any("troopdata records no US troops in Iceland" in t.get_text() for ax in fig.axes for t in ax.texts)
    assert source_line(fig).startswith("Source:")
    P.plt.close(fig)


def test_svg_keeps_text_as_text_with_ids():
    svg = P.svg(P.structure(structure_frame(), "indo_pacific", SRC))
    assert svg.startswith('<svg role="img"') and "<metadata>" not in svg
    for gid in ("chart-title", "x-title", "y-title", "source-line"):
        assert f'id="{gid}' in svg
    assert ">index (0–1)</text>" in svg and "Source: atop_ddy (5.1)" in svg
    assert len(svg) < 60_000


def test_strategy_map_labels_do_not_pile_up():
    years = list(range(1960, 2025))
    n = len(years)
    sg = pd.DataFrame({"state": "JPN", "year": years, "verdict": ["asymmetrics"] * (n - 1) + ["undetermined"],
                       "economic_global": np.full(n, 0.7) + np.arange(n) * 1e-4,
                       "security_autonomy": np.full(n, 0.2)})
    fig = P.strategy_map(sg, SRC)
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["1960"]  # every point on the first one: one label, not a pile of 14
    assert ax.get_xlabel().startswith("economic and global orientation (0–1)")
    P.plt.close(fig)
