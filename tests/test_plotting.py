"""Shared charts draw missing data as missing and derived data as hatched."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.charts.plotting import DERIVED_HATCH, MISSING_TEXT, grouped_barh, grouped_bars, labelled_bars, range_bars


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


def test_grouped_barh_keeps_groups_apart_and_ranks_within_each():
    fig, ax = plt.subplots()
    grouped_barh(ax, ["a", "b", "c", "d"], [1.0, 5.0, 3.0, -2.0], ["real", "count", "real", "count"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    positions = list(ax.get_yticks())
    assert labels == ["c", "a", "b", "d"]  # 'real' block first, each block largest first
    assert positions == [0.0, -1.0, -3.0, -4.0]  # a blank row between the blocks
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["real", "count"]
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours[0] == colours[1] != colours[2] == colours[3]
    with pytest.raises(ValueError, match="groups not in group_order"):
        grouped_barh(ax, ["a"], [1.0], ["real"], group_order=["count"])
    plt.close(fig)


def test_labelled_bars_writes_missing_where_a_value_is_absent():

    fig, ax = plt.subplots()
    labelled_bars(ax, ["a", "b", "c"], [64.8, float("nan"), 66.5])
    assert [p.get_height() for p in ax.patches] == [64.8, 0.0, 66.5]
    assert [t.get_text() for t in ax.texts] == ["64.8", MISSING_TEXT, "66.5"]
    plt.close(fig)


def test_range_bars_draws_low_to_high_with_the_centre_and_writes_missing():

    fig, ax = plt.subplots()
    range_bars(ax, ["first", "second"], [1000.0, float("nan")], [1500.0, 2.0], [2000.0, 3.0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["second", "first"]  # the first label on top
    span, centre = ax.lines[0], ax.lines[1]
    assert list(span.get_xdata()) == [1000.0, 2000.0] and list(span.get_ydata()) == [1, 1]
    assert list(centre.get_xdata()) == [1500.0]
    assert [t.get_text() for t in ax.texts] == ["1,000", "1,500", "2,000", MISSING_TEXT]
    assert len(ax.lines) == 2  # nothing drawn for the missing row
    with pytest.raises(ValueError, match="one low, central and high value per label"):
        range_bars(ax, ["x"], [1.0, 2.0], [1.0], [1.0])
    plt.close(fig)
