"""Chart style: the CJK font (Noto Sans CJK SC from the mplfonts wheel), sizes and source lines.

Nothing here runs at import; a notebook opts in by calling use_report_style() once.
"""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.figure import Figure

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
    """Register the CJK font with matplotlib and set the report's chart defaults.

    addfont() does not persist and writes nothing to disk, so this runs at each start.
    """
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
        }
    )


def add_source_line(fig: Figure, source: str, width: int = 130) -> None:
    """Write 'Source: …' at the bottom left of the figure, wrapped to `width` characters.

    The axes are moved up until their tick labels clear the source line, so long or rotated
    labels never overlap it.
    """
    text = fig.text(
        0.01, 0.01, "\n".join(textwrap.wrap(SOURCE_PREFIX + source, width=width)), fontsize=8, color="#555555"
    )
    height = fig.bbox.height
    text_top = text.get_window_extent().y1 / height
    for _ in range(4):
        boxes = [ax.get_tightbbox() for ax in fig.axes]
        lowest = min((box.y0 for box in boxes if box is not None), default=height) / height
        overlap = text_top + 0.015 - lowest
        if overlap <= 0:
            break
        fig.subplots_adjust(bottom=min(fig.subplotpars.bottom + overlap, 0.6))
