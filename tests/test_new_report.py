"""Another report, end to end: `new` → review → `check` → `build --report`, on the fictional 示例区 report.

The scripted review (tests/fixtures/review_shiliqu.py) stands in for the person who checks each proposed row.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import cli, load_metrics, load_report_info
from helpers.publish.build import select_notebooks

from .fixtures.review_shiliqu import REPORT_ID, TEXT, review


def test_check_refuses_a_report_whose_rows_are_not_reviewed_yet(data_copy: Path, capsys: pytest.CaptureFixture[str]):
    args = ["new", str(TEXT), "--id", REPORT_ID, "--district", "示例区", "--year", "2024", "--data-dir", str(data_copy)]
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


def test_build_report_runs_every_notebook_on_the_fictional_report_or_stops_it_clearly(
    fictional_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Each notebook either builds, speaking of the fictional district, or stops naming the missing figure."""
    data = tmp_path / "report_data"
    shutil.copytree(fictional_data, data)
    output = tmp_path / "site"
    status = cli.main(["build", "--report", REPORT_ID, "--data-dir", str(data), "--output", str(output)])
    out, err = capsys.readouterr()
    info = load_report_info(REPORT_ID, data)
    failed = {
        line.split(",")[0].removeprefix("Build failed: ")
        for line in err.splitlines()
        if line.startswith("Build failed")
    }
    assert status == (1 if failed else 0), err
    for line in err.splitlines():
        if line.startswith("Build failed"):
            assert "MissingFigureError" in line and info.district in line, line  # the clear stop, naming the figure
            assert "TypeError" not in line and "KeyError: None" not in line
    built = [nb for nb in select_notebooks() if nb.name not in failed]
    assert f"{len(built)} of {len(select_notebooks())} notebooks built" in out
    assert len(built) >= 2, "the data tour and at least one analysis run on the fictional report"
    for notebook in built:
        page = (output / f"{notebook.stem}.report.html").read_text(encoding="utf-8")
        assert info.district in page, f"{notebook.stem} does not speak of {info.district}"
    gdp = load_metrics(REPORT_ID, data).set_index("metric_id").loc["gdp", "value"]
    index = (output / "index.html").read_text(encoding="utf-8")
    assert info.label in index and "fictional" in index
    assert f"{gdp:g} 亿元" in index  # a key figure of this report, not the project's
    annotated = (output / REPORT_ID / "report.html").read_text(encoding="utf-8")
    assert annotated.count("<mark id=") == len(load_metrics(REPORT_ID, data))
