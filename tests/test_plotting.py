"""Shared charts draw missing data as missing and derived data as hatched."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from helpers.plotting import DERIVED_HATCH, MISSING_TEXT, grouped_bars, ranked_barh


def test_grouped_bars_writes_missing_and_hatches_derived():
    frame = pd.DataFrame(
        {
            "group": ["GDP", "GDP", "retail", "retail"],
            "entity": ["A", "B", "A", "B"],
            "value": [5.4, float("nan"), 5.5, 4.7],
            "derived": [False, False, False, True],
        }
    )
    fig, ax = plt.subplots()
    grouped_bars(ax, frame, group="group", series="entity", value="value", derived="derived")
    texts = [t.get_text() for t in ax.texts]
    assert texts.count(MISSING_TEXT) == 1
    heights = [p.get_height() for p in ax.patches]
    assert heights == [5.4, 5.5, 0.0, 4.7]  # the missing bar has no height, and is labelled instead
    assert [p.get_hatch() or "" for p in ax.patches] == ["", "", "", DERIVED_HATCH]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["A", "B", "derived (hatched)"]
    plt.close(fig)


def test_ranked_barh_puts_the_largest_on_top():
    fig, ax = plt.subplots()
    ranked_barh(ax, ["a", "b", "c"], [1.0, -2.0, 3.0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a", "c"]
    plt.close(fig)


def test_coverage_chart_labels_every_cell_with_its_status():
    from helpers.plotting import COVERAGE_COLOURS, coverage_chart

    matrix = pd.DataFrame({"GDP": ["report", "missing"], "FAI": ["stated", "derived"]}, index=["中原区", "惠济区"])
    fig, ax = plt.subplots()
    coverage_chart(ax, matrix)
    assert sorted(t.get_text() for t in ax.texts) == ["derived", "missing", "report", "stated"]
    colours = {p.get_facecolor()[:3] for p in ax.patches}
    assert len(colours) == len(COVERAGE_COLOURS)
    plt.close(fig)
