"""Chart style: the CJK font (Noto Sans CJK SC from the mplfonts wheel), sizes and source lines.

Nothing here runs at import; a notebook opts in by calling use_report_style() once.
"""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib import font_manager
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_NAME = "Noto Sans CJK SC"
SOURCE_PREFIX = "Source: "


def cjk_font_path() -> Path:
    """Path of Noto Sans CJK SC (SIL OFL 1.1) inside the installed mplfonts package.

    Found without importing mplfonts, so nothing of it runs; only this one font file is used.
    """
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "the mplfonts package is not installed; install the project (see README) to get the CJK font."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / CJK_FONT_FILE
    if not path.is_file():
        raise RuntimeError(
            f"{CJK_FONT_FILE} is not in the installed mplfonts package; reinstall with the project's constraints file."
        )
    return path


def use_report_style() -> None:
    """Register the CJK font with matplotlib, set the report's chart defaults, and show table cells uncut.

    addfont() does not persist and writes nothing to disk, so this runs at each start. pandas would cut
    text cells at 50 characters ("..."), cutting caveats and source addresses; the notebooks show them whole.
    """
    pd.set_option("display.max_colwidth", None)
    font_manager.fontManager.addfont(str(cjk_font_path()))
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [CJK_FONT_NAME, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.figsize": (9, 5),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titlesize": 13,
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "zhongyuan",
            "savefig.bbox": "tight",  # the source line sits below the axes, outside the figure's own edge
        }
    )


def add_source_line(fig: Figure, source: str, width: int = 130) -> None:
    """Write 'Source: …' at the bottom left of the figure, below everything under the axes, wrapped to `width` characters.

    The line is placed each time the figure is drawn, a little below the lowest of the x-axis labels
    (which each axis places below its tick labels), the tick labels of an axis labelled on top, and
    the legends, so long or rotated labels and a legend below the plot never overlap it and nothing
    is measured in advance. It may fall below the figure's own edge: charts are saved with the tight
    bounding box (the notebook's inline display, and `savefig` after use_report_style()).
    """

    def below_the_axes(renderer: RendererBase) -> Bbox:
        """The bounding box of the lowest x-axis label, tick labels or legend (the figure's, if none)."""
        boxes = [legend.get_window_extent(renderer) for legend in fig.legends if legend.get_visible()]
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            on_top = ax.xaxis.get_label_position() == "top"
            axis = ax.xaxis.get_tightbbox(renderer) if on_top else ax.xaxis.label.get_window_extent(renderer)
            boxes += [axis] if axis is not None else []
            legend = ax.get_legend()
            if legend is not None and legend.get_visible():
                boxes.append(legend.get_window_extent(renderer))
        return Bbox(min(boxes, key=lambda box: box.y0).get_points()) if boxes else Bbox(fig.bbox.get_points())

    fig.add_artist(
        Annotation(
            "\n".join(textwrap.wrap(SOURCE_PREFIX + source, width=width)),
            xy=(0.01, 0),
            xycoords=("figure fraction", below_the_axes),
            xytext=(0, -6),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            color="#555555",
        )
    )
