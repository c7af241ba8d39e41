"""Chart builders shared by the notebooks; missing data is drawn as missing, derived data marked."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch, Rectangle

DERIVED_HATCH = "//"
MISSING_TEXT = "missing"


def grouped_bars(
    ax: Axes,
    frame: pd.DataFrame,
    group: str,
    series: str,
    value: str,
    derived: str | None = None,
    series_order: Sequence[str] | None = None,
    value_format: str = "{:.1f}",
) -> None:
    """Bars of `value` grouped by `group`, one colour per `series`.

    A NaN value is written as 'missing' where its bar would stand (never drawn as zero); rows with
    `derived` True are hatched and the legend says so.
    """
    groups = list(dict.fromkeys(frame[group]))
    names = list(series_order) if series_order is not None else list(dict.fromkeys(frame[series]))
    width = 0.8 / max(len(names), 1)
    any_derived = False
    handles: list[Patch] = []
    for index, name in enumerate(names):
        subset = frame[frame[series] == name].set_index(group).reindex(groups)
        positions = [g + (index - (len(names) - 1) / 2) * width for g in range(len(groups))]
        heights = [0.0 if math.isnan(v) else float(v) for v in subset[value]]
        hatches = [
            DERIVED_HATCH if derived is not None and bool(flag) is True else "" for flag in subset[derived or value]
        ]
        any_derived = any_derived or any(hatches)
        bars = ax.bar(positions, heights, width=width, label=name)
        handles.append(Patch(facecolor=bars.patches[0].get_facecolor(), label=name))
        for bar, hatch, raw in zip(bars, hatches, subset[value], strict=True):
            bar.set_hatch(hatch)
            if math.isnan(raw):
                ax.text(bar.get_x() + width / 2, 0, MISSING_TEXT, rotation=90, ha="center", va="bottom", fontsize=7)
            else:
                ax.text(
                    bar.get_x() + width / 2,
                    raw,
                    value_format.format(raw),
                    ha="center",
                    va="bottom" if raw >= 0 else "top",
                    fontsize=7,
                )
    ax.set_xticks(range(len(groups)), groups)
    ax.axhline(0, color="#333333", linewidth=0.8)
    if any_derived:
        handles.append(Patch(facecolor="white", edgecolor="#333333", hatch=DERIVED_HATCH, label="derived (hatched)"))
    ax.legend(handles=handles, fontsize=8)


def ranked_barh(ax: Axes, labels: Sequence[str], values: Sequence[float], value_format: str = "{:+.1f}") -> None:
    """Horizontal bars sorted so the largest value is on top, each labelled with its value."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    sorted_labels = [labels[i] for i in order]
    sorted_values = [values[i] for i in order]
    colours = ["#c0504d" if v < 0 else "#4f81bd" for v in sorted_values]
    ax.barh(sorted_labels, sorted_values, color=colours)
    for y, v in enumerate(sorted_values):
        ax.text(v, y, " " + value_format.format(v) + " ", va="center", ha="left" if v >= 0 else "right", fontsize=8)
    ax.axvline(0, color="#333333", linewidth=0.8)


COVERAGE_COLOURS = {"report": "#4f81bd", "stated": "#9bbb59", "derived": "#f4b183", "missing": "#eeeeee"}


def coverage_chart(ax: Axes, matrix: pd.DataFrame) -> None:
    """Grid of entity (rows) × indicator (columns) coloured by status, each cell labelled."""
    statuses = list(COVERAGE_COLOURS)
    for y, entity in enumerate(matrix.index):
        for x, label in enumerate(matrix.columns):
            status = str(matrix.loc[entity, label])
            ax.add_patch(
                Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=COVERAGE_COLOURS[status], edgecolor="white", linewidth=2)
            )
            ax.text(x, y, status, ha="center", va="center", fontsize=7)
    ax.set_xlim(-0.5, len(matrix.columns) - 0.5)
    ax.set_ylim(len(matrix.index) - 0.5, -0.5)
    ax.set_xticks(range(len(matrix.columns)), list(matrix.columns), rotation=30, ha="right")
    ax.set_yticks(range(len(matrix.index)), list(matrix.index))
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(
        handles=[Patch(facecolor=COVERAGE_COLOURS[s], label=s) for s in statuses],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
    )
