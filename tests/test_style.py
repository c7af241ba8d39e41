"""The CJK font arrives by pip and renders Chinese without warnings; importing helpers changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager

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
    add_source_line(fig, "中原区2024年政府工作报告")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()
    assert any(t.get_text().startswith("Source: 中原区") for t in fig.texts)
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
