"""The main job: rerun every notebook in a fresh kernel and publish HTML pages with an index.

`python -m helpers build` writes, for each notebook, NAME.html (with code) and NAME.report.html
(code-free), plus index.html. The committed notebooks are only rewritten with --inplace.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

import nbformat
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

from .loading import get_metric
from .notebook_run import run_in_fresh_kernel
from .paths import NOTEBOOKS_DIR

REPORT_TITLE = "中原区 2024年政府工作报告 — a checked analysis"
# Figures shown on the index page, read from report_data (never typed here).
KEY_FIGURES = [
    "gdp",
    "gdp_growth",
    "retail_sales",
    "fixed_asset_investment_growth",
    "new_signed_project_investment",
    "energy_intensity_decline",
    "good_air_days",
]
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class NotebookResult:
    """How one notebook's build went."""

    name: str
    seconds: float
    ok: bool
    title: str
    error: str = ""

    @property
    def page(self) -> str:
        return f"{Path(self.name).stem}.html"

    @property
    def report_page(self) -> str:
        return f"{Path(self.name).stem}.report.html"


def notebook_title(notebook: nbformat.NotebookNode) -> str:
    """The first markdown heading of the notebook, without its '#' marks (the question it answers)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return str(line).lstrip("#").strip()
    return ""


def add_alt_text(notebook: nbformat.NotebookNode) -> None:
    """Give every chart without alternative text one naming the section it stands in."""
    heading = notebook_title(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            headings = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")]
            heading = headings[-1] if headings else heading
            continue
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                png = output.setdefault("metadata", {}).setdefault("image/png", {})
                png.setdefault("alt", f"Chart: {heading}")


@lru_cache(maxsize=2)
def _exporter(with_code: bool) -> HTMLExporter:
    """One exporter per variant, reused across notebooks (building its templates is the slow part)."""
    exporter = HTMLExporter(template_name="classic", exclude_input=not with_code, exclude_input_prompt=not with_code)
    exporter.exclude_output_prompt = not with_code
    return exporter


def to_html(notebook: nbformat.NotebookNode, with_code: bool) -> str:
    """A self-contained static HTML page of an executed notebook (images inline, no scripts).

    The scripts nbconvert adds (require.js, MathJax, mermaid) would be fetched from the internet;
    the pages need none of them, so they are removed and the page works offline from file://.
    """
    body, _ = _exporter(with_code).from_notebook_node(notebook)
    return _SCRIPT.sub("", body)


def _failing_cell(notebook: nbformat.NotebookNode) -> str:
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"cell {index} (execution count {cell.get('execution_count')}): {output.get('ename')}: {output.get('evalue')}"
    return "a cell (no error output recorded)"


def build_notebook(path: Path, output: Path, inplace: bool = False, timeout: int = 600) -> NotebookResult:
    """Execute one notebook in a fresh kernel and write its two HTML pages (only if it succeeded)."""
    start = time.perf_counter()
    notebook = cast(nbformat.NotebookNode, nbformat.read(path, as_version=4))
    title = notebook_title(notebook)
    try:
        run_in_fresh_kernel(notebook, timeout)
    except CellExecutionError:
        return NotebookResult(path.name, time.perf_counter() - start, False, title, _failing_cell(notebook))
    add_alt_text(notebook)
    (output / f"{path.stem}.html").write_text(to_html(notebook, with_code=True), encoding="utf-8")
    (output / f"{path.stem}.report.html").write_text(to_html(notebook, with_code=False), encoding="utf-8")
    if inplace:
        nbformat.write(notebook, path)
    return NotebookResult(path.name, time.perf_counter() - start, True, title)


def index_html(results: Sequence[NotebookResult]) -> str:
    """The index page: title, key figures from the data (with their quotes), one line and links per notebook."""
    figures = []
    for metric_id in KEY_FIGURES:
        metric = get_metric(metric_id)
        figures.append(
            f"<tr><td>{html.escape(metric.name_zh)}</td><td>{html.escape(metric.name_en)}</td>"
            f"<td class='num'>{html.escape(metric.label())}</td><td class='quote'>{html.escape(metric.quote)}</td></tr>"
        )
    items = []
    for result in results:
        if result.ok:
            links = f"<a href='{result.report_page}'>report</a> · <a href='{result.page}'>with code</a>"
        else:
            links = f"<span class='failed'>build failed: {html.escape(result.error)}</span>"
        items.append(f"<li><strong>{html.escape(result.title or result.name)}</strong><br>{links}</li>")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{html.escape(REPORT_TITLE)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.5; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; }}
td.num {{ white-space: nowrap; font-weight: bold; }}
td.quote {{ color: #555; font-size: .9rem; }}
li {{ margin-bottom: .8rem; }}
.failed {{ color: #b00; }}
footer {{ margin-top: 2rem; font-size: .85rem; color: #666; }}
</style>
</head>
<body>
<h1>{html.escape(REPORT_TITLE)}</h1>
<p>Analyses of the 2024 government work report of 中原区 (Zhongyuan District, Zhengzhou, Henan). Every figure
comes from a sentence of the report (its quote is shown) or from an outside source with its address.</p>
<h2>Key figures from the report</h2>
<table><thead><tr><th>item</th><th>in English</th><th>figure</th><th>the report's words</th></tr></thead>
<tbody>
{chr(10).join(figures)}
</tbody></table>
<h2>The analyses</h2>
<ol>
{chr(10).join(items)}
</ol>
<footer>Built by <code>python -m helpers build</code> from the notebooks in <code>notebooks/</code> and the data in
<code>report_data/</code>. Charts use Noto Sans CJK SC (SIL Open Font License).</footer>
</body>
</html>
"""


def select_notebooks(only: Sequence[str] = ()) -> list[Path]:
    """The notebooks to build, in name order; `only` picks by file name or stem (an unknown name is an error)."""
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    if not only:
        return notebooks
    chosen = [p for p in notebooks if p.name in only or p.stem in only]
    unknown = set(only) - {p.name for p in chosen} - {p.stem for p in chosen}
    if unknown:
        raise ValueError(
            f"no notebook named {', '.join(sorted(unknown))}; choose from {', '.join(p.stem for p in notebooks)}"
        )
    return chosen


def build(
    notebooks: Sequence[Path],
    output: Path,
    inplace: bool = False,
    progress: Callable[[str], None] = print,
) -> list[NotebookResult]:
    """Build every notebook in order, report one progress line each, and write the index.

    A failing notebook does not stop the others; the index links what succeeded.
    """
    output.mkdir(parents=True, exist_ok=True)
    results = []
    for path in notebooks:
        result = build_notebook(path, output, inplace)
        status = "ok" if result.ok else f"FAILED at {result.error}"
        progress(f"{result.name:34s} {result.seconds:6.1f} s  {status}")
        results.append(result)
    (output / "index.html").write_text(index_html(results), encoding="utf-8")
    return results
