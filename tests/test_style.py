"""The CJK font arrives by pip and renders Chinese without warnings; importing helpers changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager
from matplotlib.text import Text

from helpers.charts.style import CJK_FONT_NAME, add_source_line, cjk_font_path, use_report_style


def test_font_file_comes_from_the_installed_wheel():
    path = cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert "mplfonts" in path.parts


def test_chinese_renders_with_noto_and_no_missing_glyph_warning():
    use_report_style()
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    assert found == str(cjk_font_path())
    fig, ax = plt.subplots()
    ax.set_title("生产总值 −5.4% 万平方米")
    ax.bar(["中原区", "郑州市"], [5.4, -5.7])
    add_source_line(fig, "中原区2025年政府工作报告")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()
    assert any(t.get_text().startswith("Source: 中原区") for t in fig.artists if isinstance(t, Text))
    plt.close(fig)


@pytest.mark.parametrize("layout", ["one panel", "three panels", "legend below", "x label on top", "hidden panel"])
def test_the_source_line_clears_everything_under_the_axes_and_is_inside_the_saved_image(layout):
    use_report_style()
    panels = 3 if layout in ("three panels", "hidden panel") else 1
    fig, axes = plt.subplots(1, panels, squeeze=False)
    for number, ax in enumerate(axes[0]):
        ax.bar(["管城回族区 (民政口径)", "郑州市 (管理口径)"], [5.4, -5.7], label="growth")
        ax.tick_params(axis="x", rotation=70 if number == panels - 1 else 0)  # the last panel's labels hang lowest
        ax.set_xlabel("growth (%)")
    ax = axes[0][-1]
    if layout == "legend below":
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6))
    if layout == "x label on top":
        ax.xaxis.set_label_position("top")
    add_source_line(fig, "中原区2025年政府工作报告; " + "an outside source with a long name " * 6)
    if layout == "hidden panel":
        ax.set_visible(False)  # hidden after the line was added: its labels no longer count
    fig.canvas.draw()  # as saving with bbox_inches='tight' (the inline display, savefig here) does first
    renderer = fig.canvas.get_renderer()
    saved = fig.get_tightbbox(renderer)  # then what it keeps
    (source,) = [a for a in fig.artists if isinstance(a, Text)]
    line = source.get_window_extent(renderer)
    assert "\n" in source.get_text()  # wrapped
    shown = [ax for ax in axes[0] if ax.get_visible()]
    lowest = min(ax.get_tightbbox(renderer).y0 for ax in shown)  # labels, tick labels, legend, titles
    assert line.y1 < lowest
    if layout == "hidden panel":
        assert lowest - line.y1 < 20  # placed under the panels shown, not under the hidden one's rotated labels
    assert saved.y0 <= line.y0 / fig.dpi and line.x0 / fig.dpi >= saved.x0
    assert plt.rcParams["savefig.bbox"] == "tight"
    plt.close(fig)


def test_importing_helpers_has_no_side_effects():
    code = (
        "import json, matplotlib; before = dict(matplotlib.rcParams);"
        "import helpers, helpers.charts.style;"
        "changed = [k for k, v in matplotlib.rcParams.items() if before[k] != v];"
        "print(json.dumps(changed))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []
    assert result.stderr == ""
    assert CJK_FONT_NAME not in result.stdout


def test_the_report_style_shows_long_table_cells_whole():
    import pandas as pd

    with pd.option_context("display.max_colwidth", 50):
        use_report_style()
        html = pd.DataFrame({"caveat": ["real, by statistical convention, not stated in the report " * 2]}).to_html()
        assert "..." not in html and html.count("not stated in the report") == 2
