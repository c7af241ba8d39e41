"""Each kind of bad input, made the way a user would make it, gets a message naming file, line and column."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DataError, load_external, load_metrics
from helpers.cli import main
from helpers.data.reports import list_reports
from helpers.paths import DEFAULT_REPORT, report_dir

from .conftest import line_of, replace_in

METRICS = report_dir(DEFAULT_REPORT, Path()) / "metrics.csv"  # relative to a data folder
REPORT_TEXT = report_dir(DEFAULT_REPORT, Path()) / "report.txt"


def _load_error(data_dir: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_metrics(data_dir=data_dir)
        load_external(data_dir)
    return info.value


def _assert_names(error: DataError, file: str, line: int, column: str | None) -> None:
    message = str(error)
    assert file in message
    assert f"line {line}" in message
    if column is not None:
        assert f"column '{column}'" in message
    assert (error.path.name, error.line, error.column) == (file, line, column)
    assert "\n" not in message


def test_a_deleted_column(data_copy):
    path = data_copy / METRICS
    lines = path.read_text(encoding="utf-8").splitlines()
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row[:5] + row[6:] for row in rows])  # drop `unit`
    path.write_text(out.getvalue(), encoding="utf-8")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", 1, "unit")
    assert "missing column(s) unit" in str(error)


def test_an_unexpected_column(data_copy):
    replace_in(data_copy / METRICS, ",status\n", ",status,comment\n")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", 1, "comment")


# Edits a user might make to metrics.csv: (replacements, text on the broken line, column, message).
EDITS = [
    pytest.param(
        [("gdp,2024年成绩单,生产总值,gross domestic product (GDP),931.8,", "gdp,2024年成绩单,生产总值,gross domestic product (GDP),abc,")],
        ",abc,", "value", "expected a number", id="abc-in-a-value",
    ),
    pytest.param(
        [("retail_sales,", "gdp,")], "社会消费品零售总额完成313亿元", "metric_id", "already used on line 2", id="duplicated-id"
    ),
    pytest.param([(",7.43,兆瓦,", ",7.43,百万瓦,")], "百万瓦", "unit", "unknown unit '百万瓦'", id="made-up-unit"),
    pytest.param([(",20,天,,change,", ",20,天,,delta,")], ",delta,", "kind", "expected one of level, growth_pct", id="unknown-kind"),
    pytest.param(
        [(",新增绿地25万平方米,", ",新增绿地26万平方米,"), (",25,万平方米,", ",26,万平方米,")],
        "新增绿地26万平方米", "quote", "not found in the normalised report text", id="edited-quote",
    ),
    pytest.param([(",7.43,兆瓦,", ",7.34,兆瓦,")], ",7.34,", "value", "does not appear in its quote", id="value-not-in-quote"),
    pytest.param(
        [(",rank,2024,,1,6,", ",rank,2024,,1,,")], "investment_attraction_rank", "out_of", "a rank row needs out_of",
        id="rank-without-out-of",
    ),
    pytest.param(
        [(",growth_pct,2024,gdp,", ",growth_pct,2024,gpd,")], ",gpd,", "base_metric_id", "is not the metric_id of another row",
        id="link-to-missing-metric",
    ),
    pytest.param(
        [("new_pv_capacity,生态环境不断改善,", "new_pv_capacity,产业能级加速跃升,")], "new_pv_capacity", "section",
        "it stands in '生态环境不断改善'", id="wrong-section",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("replacements", "needle", "column", "message"), EDITS)
def test_an_edited_row_is_named_by_line_and_column(data_copy, replacements, needle, column, message):
    path = data_copy / METRICS
    for old, new in replacements:
        replace_in(path, old, new)
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, needle), column)
    assert message in str(error)


def test_the_file_saved_as_gbk(data_copy):
    path = data_copy / METRICS
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", 2, "section")  # first non-ASCII byte: 2024年成绩单 on line 2
    assert "is not UTF-8" in str(error) and "GBK/GB18030" in str(error) and "iconv" in str(error)


def test_a_bom_is_accepted(data_copy):
    path = data_copy / METRICS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_metrics(data_dir=data_copy)) == len(load_metrics())


def test_an_empty_file(data_copy):
    (data_copy / METRICS).write_text("", encoding="utf-8")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", 1, "metric_id")  # where the header should start
    assert "the file is empty" in str(error)


def test_a_header_without_rows(data_copy):
    path = data_copy / METRICS
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", 2, "metric_id")
    assert "has a header but no rows" in str(error)


def test_a_row_with_a_missing_cell(data_copy):
    path = data_copy / METRICS
    replace_in(path, "天,,level,2024,,,,全年优良天数237天", "天,,level,2024,,,全年优良天数237天")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, "good_air_days,"), "status")
    assert "expected 15 cells, found 14" in str(error)


def test_an_outside_figure_with_text_for_a_year(data_copy):
    path = data_copy / "external_figures.csv"
    replace_in(path, "中原区,地区生产总值,2025,", "中原区,地区生产总值,二〇二五,")
    with pytest.raises(DataError) as info:
        load_external(data_copy)
    _assert_names(info.value, "external_figures.csv", 2, "year")


def test_an_edited_raw_source_is_caught_by_its_hash(data_copy):
    path = data_copy / REPORT_TEXT
    path.write_bytes(path.read_bytes().replace("237天".encode(), "238天".encode()))
    with pytest.raises(DataError, match="SHA-256"):
        load_metrics(data_dir=data_copy)


def test_loading_never_modifies_a_data_file(data_copy):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in data_copy.rglob("*") if p.is_file()}
    load_metrics(data_dir=data_copy)
    load_external(data_copy)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in data_copy.rglob("*") if p.is_file()}
    assert before == after


def test_cli_check_exits_1_with_one_paragraph_and_no_traceback(data_copy):
    replace_in(data_copy / METRICS, ",931.8,", ",abc,")
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "check", "--data-dir", str(data_copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "metrics.csv" in result.stderr and "line 2" in result.stderr and "column 'value'" in result.stderr


def test_cli_check_passes_on_the_committed_data(capsys):
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith(f"OK report_data: {len(list_reports())} report(s)")


def test_a_rank_quote_that_states_another_rank(data_copy):
    path = data_copy / METRICS
    replace_in(
        path,
        "investment_attraction_rank,发展动能积厚成势,招商引资工作市内六区排名,rank of investment-attraction work among the six urban districts,1,第,,rank,2024,,1,6",
        "investment_attraction_rank,发展动能积厚成势,招商引资工作市内六区排名,rank of investment-attraction work among the six urban districts,2,第,,rank,2024,,2,6",
    )
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, "investment_attraction_rank"), "quote")
    assert "does not state the rank 第2" in str(error)


def test_a_duplicated_outside_figure_is_refused_by_its_primary_key(data_copy, capsys):
    path = data_copy / "external_figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    copied = next(n for n, line in enumerate(lines, start=1) if line.startswith("郑州市,地区生产总值增速,2024,"))
    path.write_text("".join([*lines, lines[copied - 1]]), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_external(data_copy)
    _assert_names(info.value, "external_figures.csv", len(lines) + 1, "entity")
    assert f"is already on line {copied}" in str(info.value)
    assert "(entity, indicator, year, basis) = ('郑州市', '地区生产总值增速', '2024', '')" in str(info.value)
    assert main(["check", "--data-dir", str(data_copy)]) == 1  # and `python -m helpers check` says the same
    err = capsys.readouterr().err
    assert (
        f"external_figures.csv ({path}), line {len(lines) + 1}, column 'entity'" in err
        and "Remove the duplicate" in err
    )


def test_an_unknown_constraint_in_the_descriptor_is_refused_not_ignored(data_copy, capsys):
    descriptor = data_copy / METRICS.with_name("datapackage.json")  # the report's own package
    replace_in(
        descriptor,
        '"required": true,\n              "unique": true',
        '"required": true,\n              "minLength": 2,\n              "unique": true',
    )
    assert main(["check", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert f"({descriptor})" in err and "field 'metric_id': constraint 'minLength' is not implemented" in err
