"""The main job: `python -m helpers build` reruns notebooks, writes pages and an index, and reports failures."""

from __future__ import annotations

import hashlib

import nbformat
import pytest

from helpers import cli
from helpers.build import build, build_notebook, select_notebooks
from helpers.paths import NOTEBOOKS_DIR


def _hashes() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in NOTEBOOKS_DIR.glob("*.ipynb")}


def _notebook(path, *sources: str):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# A test notebook")] + [
        nbformat.v4.new_code_cell(s) for s in sources
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_build_one_notebook_writes_pages_and_leaves_the_committed_notebook_alone(tmp_path, capsys):
    before = _hashes()
    assert cli.main(["build", "--only", "00_data_tour", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("OK report_data: 100 metrics")
    assert "00_data_tour.ipynb" in out and " s  ok" in out
    assert "1 of 1 notebooks built" in out
    assert {p.name for p in tmp_path.iterdir()} == {"00_data_tour.html", "00_data_tour.report.html", "index.html"}
    full = (tmp_path / "00_data_tour.html").read_text(encoding="utf-8")
    report = (tmp_path / "00_data_tour.report.html").read_text(encoding="utf-8")
    assert "use_report_style</span>" in full and "use_report_style" not in report  # the report variant has no code
    assert "data:image/png;base64," in report
    assert "<script" not in full and "https://cdn" not in full  # static, offline pages
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "href='00_data_tour.report.html'" in index and "00 · A tour of the data" in index
    assert "931.8 亿元" in index and "生产总值完成931.8亿元" in index  # key figures read from the data
    assert _hashes() == before


def test_only_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="no notebook named 99_nothing"):
        select_notebooks(["99_nothing"])
    assert [p.name for p in select_notebooks(["01_growth_rates.ipynb"])] == ["01_growth_rates.ipynb"]


def test_a_failing_notebook_is_named_with_its_cell_and_the_rest_still_builds(tmp_path):
    bad = _notebook(tmp_path / "bad.ipynb", "x = 1", "1 / 0")
    good = _notebook(tmp_path / "good.ipynb", "print('fine')")
    lines: list[str] = []
    results = build([bad, good], tmp_path / "out", progress=lines.append)
    assert [r.ok for r in results] == [False, True]
    assert "cell 2 (execution count 2): ZeroDivisionError" in results[0].error
    assert lines[0].startswith("bad.ipynb") and "FAILED at cell 2" in lines[0]
    assert (tmp_path / "out" / "good.html").exists() and not (tmp_path / "out" / "bad.html").exists()
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "build failed: cell 2" in index and "href='good.report.html'" in index


def test_cli_exits_non_zero_naming_the_notebook_and_cell(tmp_path, monkeypatch, capsys):
    bad = _notebook(tmp_path / "bad.ipynb", "raise RuntimeError('broken on purpose')")
    monkeypatch.setattr("helpers.build.select_notebooks", lambda only: [bad])
    assert cli.main(["build", "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "Build failed: bad.ipynb, cell 1 (execution count 1): RuntimeError: broken on purpose" in err


def test_inplace_rewrites_only_when_asked(tmp_path):
    path = _notebook(tmp_path / "nb.ipynb", "print(6 * 7)")
    build_notebook(path, tmp_path)
    assert nbformat.read(path, as_version=4).cells[1].outputs == []
    build_notebook(path, tmp_path, inplace=True)
    cell = nbformat.read(path, as_version=4).cells[1]
    assert cell.outputs[0]["text"] == "42\n" and cell.execution_count == 1
    assert "execution" not in cell.metadata  # no timing metadata: re-blessing gives stable files
