"""Chart builders shared by the notebooks; missing data is drawn as missing, derived data marked."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

if TYPE_CHECKING:
    from helpers.data.reports import ReportInfo

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


def grouped_barh(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    groups: Sequence[str],
    group_order: Sequence[str] | None = None,
    value_format: str = "{:+.1f}",
) -> None:
    """Horizontal bars in blocks, one colour and legend entry per group, largest first within each block.

    Blocks run top to bottom in `group_order` (default: first appearance), a blank row apart, so
    measures that are not comparable are never ranked against each other.
    """
    if not len(labels) == len(values) == len(groups):
        raise ValueError(f"grouped_barh needs one value and one group per label ({len(labels)} labels)")
    order = list(group_order) if group_order is not None else list(dict.fromkeys(groups))
    unknown = set(groups) - set(order)
    if unknown:
        raise ValueError(f"groups not in group_order: {sorted(unknown)}")
    positions: list[float] = []
    tick_labels: list[str] = []
    handles: list[Patch] = []
    y = 0.0
    for index, name in enumerate(order):
        members = sorted((i for i in range(len(labels)) if groups[i] == name), key=lambda i: -values[i])
        if not members:
            continue
        colour = f"C{index}"
        handles.append(Patch(facecolor=colour, label=name))
        for i in members:
            ax.barh(y, values[i], color=colour)
            ha = "left" if values[i] >= 0 else "right"
            ax.text(values[i], y, " " + value_format.format(values[i]) + " ", va="center", ha=ha, fontsize=8)
            positions.append(y)
            tick_labels.append(labels[i])
            y -= 1
        y -= 1
    ax.set_yticks(positions, tick_labels)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))


def labelled_bars(
    ax: Axes,
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str] | None = None,
    value_format: str = "{:.1f}",
) -> None:
    """One bar per label, each with its value written on it; a NaN value is written 'missing', never drawn as zero."""
    heights = [0.0 if math.isnan(v) else float(v) for v in values]
    bars = ax.bar(list(labels), heights, color=list(colours) if colours is not None else None, edgecolor="#333333")
    for bar, raw in zip(bars, values, strict=True):
        x = bar.get_x() + bar.get_width() / 2
        if math.isnan(raw):
            ax.text(x, 0, MISSING_TEXT, rotation=90, ha="center", va="bottom", fontsize=8)
        else:
            ax.text(x, raw, value_format.format(raw), ha="center", va="bottom" if raw >= 0 else "top", fontsize=9)
    ax.axhline(0, color="#333333", linewidth=0.8)


def range_bars(
    ax: Axes,
    labels: Sequence[str],
    low: Sequence[float],
    central: Sequence[float],
    high: Sequence[float],
    value_format: str = "{:,.0f}",
) -> None:
    """One horizontal low–high range per label with its central value marked, the first label on top.

    Ends and centre are written beside the range; a row with any NaN is written 'missing' instead.
    """
    count = len(labels)
    if not len(low) == len(central) == len(high) == count:
        raise ValueError(f"range_bars needs one low, central and high value per label ({count} labels)")
    for index, (lo, mid, hi) in enumerate(zip(low, central, high, strict=True)):
        y = count - 1 - index
        if any(math.isnan(v) for v in (lo, mid, hi)):
            ax.text(0.01, y, MISSING_TEXT, va="center", ha="left", fontsize=8, transform=ax.get_yaxis_transform())
            continue
        ax.plot([lo, hi], [y, y], color="#4f81bd", linewidth=6, solid_capstyle="butt", alpha=0.45)
        ax.plot([mid], [y], marker="D", color="#c0504d", markersize=6)
        ax.text(lo, y + 0.22, value_format.format(lo), ha="center", va="bottom", fontsize=7)
        ax.text(mid, y - 0.22, value_format.format(mid), ha="center", va="top", fontsize=7, color="#c0504d")
        ax.text(hi, y + 0.22, value_format.format(hi), ha="center", va="bottom", fontsize=7)
    ax.set_yticks(range(count), list(reversed(list(labels))))
    ax.set_ylim(-0.7, count - 0.3)


def report_source(info: ReportInfo) -> str:
    """A chart's source line for a report's own figures: its label, how the text came (the source's first words), its file."""
    kind = info.source.split(" (", 1)[0]
    return f"{info.label} ({kind}); report_data/reports/{info.id}/metrics.csv"
