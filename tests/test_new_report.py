"""Another report, end to end: `new` → review → `check` → `build --report`, on the fictional 示例区 report.

The scripted review (tests/fixtures/review_shiliqu.py) stands in for the person who checks each proposed row.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from helpers import cli, load_metrics, load_report_info
from helpers.publish.build import select_notebooks

from .conftest import write_notebook
from .fixtures.review_shiliqu import REPORT_ID, TEXT, review


def test_check_refuses_a_report_whose_rows_are_not_reviewed_yet(data_copy: Path, capsys: pytest.CaptureFixture[str]):
    args = ["new", str(TEXT), "--id", REPORT_ID, "--district", "示例区", "--year", "2024", "--city", "示例市"]
    args += ["--province", "示例省", "--data-dir", str(data_copy)]
    assert cli.main(args) == 0
    capsys.readouterr()
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    proposed = len((data_copy / "reports" / REPORT_ID / "metrics.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert f"reports/{REPORT_ID}/metrics.csv" in err and "line 2, column 'status'" in err
    assert f"{proposed} of {proposed} rows are still marked unreviewed" in err
    review(data_copy / "reports" / REPORT_ID)
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert f"{REPORT_ID}: {len(load_metrics(REPORT_ID, data_copy))} metrics" in out and "zhongyuan_2024:" in out


def test_build_report_publishes_the_fictional_report(
    fictional_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """`build --report` hands the new report to each notebook (REPORT and DATA_DIR, after its parameters cell) and
    writes that report's index and annotated page.

    A small notebook with the notebooks' two parameters stands in for them: how each real notebook behaves on this
    report (runs, or stops naming the missing figure) is tested in tests/test_notebook_NN_parameters.py.
    """
    data = tmp_path / "report_data"
    shutil.copytree(fictional_data, data)
    path = write_notebook(
        tmp_path / "which_report.ipynb",
        'REPORT = "zhongyuan_2024"\nDATA_DIR = None',
        "from helpers import data_folder, load_report_info\n"
        "info = load_report_info(REPORT, data_folder(DATA_DIR))\n"
        "print(info.district, info.label)",
    )
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].metadata["tags"] = ["parameters"]
    nbformat.write(notebook, path)
    monkeypatch.setattr("helpers.publish.build.select_notebooks", lambda only: [path])
    output = tmp_path / "site"
    status = cli.main(["build", "--report", REPORT_ID, "--data-dir", str(data), "--output", str(output)])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "1 of 1 notebooks built" in out
    info = load_report_info(REPORT_ID, data)
    page = (output / "which_report.report.html").read_text(encoding="utf-8")
    assert f"{info.district} {info.label}" in page  # the notebook read the new report, not the project's
    gdp = load_metrics(REPORT_ID, data).set_index("metric_id").loc["gdp", "value"]
    index = (output / "index.html").read_text(encoding="utf-8")
    assert info.label in index and "fictional" in index
    assert f"{gdp:g} 亿元" in index  # a key figure of this report, not the project's
    annotated = (output / REPORT_ID / "report.html").read_text(encoding="utf-8")
    assert annotated.count("<mark id=") == len(load_metrics(REPORT_ID, data))


@pytest.mark.parametrize("notebook", select_notebooks(), ids=lambda path: path.stem)
def test_every_notebook_is_run_on_the_fictional_report_by_its_own_tests(notebook: Path):
    """How each notebook behaves on another report (runs, or stops naming the missing figure) is tested in its
    parameter tests, which run it on the fictional report; a new notebook must come with such a test."""
    tests = Path(__file__).with_name(f"test_notebook_{notebook.stem.split('_')[0]}_parameters.py")
    assert tests.is_file(), f"{notebook.name} has no parameter tests ({tests.name})"
    source = tests.read_text(encoding="utf-8")
    runs = "run_fresh(" in source or "clear_stop(" in source
    assert "fictional_data" in source and runs, f"{tests.name} never runs it on 示例区"
