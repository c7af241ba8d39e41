"""Each kind of bad input, made the way a user would make it, gets a message naming file, line and column."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DataError, load_external, load_metrics
from helpers.cli import main

from .conftest import line_of, replace_in


def _load_error(data_dir: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_metrics(data_dir)
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
    path = data_copy / "metrics.csv"
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
    replace_in(data_copy / "metrics.csv", ",note\n", ",note,comment\n")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", 1, "comment")


def test_abc_in_a_value(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(
        path,
        "gdp,2024年成绩单,生产总值,gross domestic product (GDP),931.8,",
        "gdp,2024年成绩单,生产总值,gross domestic product (GDP),abc,",
    )
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, ",abc,"), "value")
    assert "expected a number" in str(error) and "'abc'" in str(error)


def test_a_duplicated_id(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(path, "retail_sales,", "gdp,")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, "社会消费品零售总额完成313亿元"), "metric_id")
    assert "already used on line 2" in str(error)


def test_a_made_up_unit(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(path, ",7.43,兆瓦,", ",7.43,千瓦时,")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, "千瓦时"), "unit")
    assert "unknown unit '千瓦时'" in str(error)


def test_an_unknown_kind(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(path, ",20,天,,change,", ",20,天,,delta,")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, ",delta,"), "kind")
    assert "expected one of level, growth_pct" in str(error)


def test_an_edited_quote(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(path, ",新增绿地25万平方米,", ",新增绿地26万平方米,")
    replace_in(path, ",25,万平方米,", ",26,万平方米,")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, "新增绿地26万平方米"), "quote")
    assert "not found in the normalised report text" in str(error)


def test_a_value_not_in_its_quote(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(path, ",7.43,兆瓦,", ",7.34,兆瓦,")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, ",7.34,"), "value")
    assert "does not appear in its quote" in str(error)


def test_a_rank_row_without_out_of(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(path, ",rank,2024,,1,6,", ",rank,2024,,1,,")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, "investment_attraction_rank"), "out_of")


def test_a_link_to_a_missing_metric(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(path, ",growth_pct,2024,gdp,", ",growth_pct,2024,gpd,")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, ",gpd,"), "base_metric_id")


def test_a_row_filed_under_the_wrong_section(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(path, "new_pv_capacity,生态环境不断改善,", "new_pv_capacity,产业能级加速跃升,")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, "new_pv_capacity"), "section")
    assert "it stands in '生态环境不断改善'" in str(error)


def test_the_file_saved_as_gbk(data_copy):
    path = data_copy / "metrics.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", 2, "section")  # first non-ASCII byte: 2024年成绩单 on line 2
    assert "is not UTF-8" in str(error) and "GBK/GB18030" in str(error) and "iconv" in str(error)


def test_a_bom_is_accepted(data_copy):
    path = data_copy / "metrics.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_metrics(data_copy)) == 100


def test_an_empty_file(data_copy):
    (data_copy / "metrics.csv").write_text("", encoding="utf-8")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", 1, None)
    assert "the file is empty" in str(error)


def test_a_header_without_rows(data_copy):
    path = data_copy / "metrics.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    _assert_names(_load_error(data_copy), "metrics.csv", 2, None)


def test_a_row_with_a_missing_cell(data_copy):
    path = data_copy / "metrics.csv"
    replace_in(path, "天,,level,2024,,,,全年优良天数237天", "天,,level,2024,,,全年优良天数237天")
    error = _load_error(data_copy)
    _assert_names(error, "metrics.csv", line_of(path, "good_air_days,"), "note")
    assert "expected 14 cells, found 13" in str(error)


def test_an_outside_figure_with_text_for_a_year(data_copy):
    path = data_copy / "external_figures.csv"
    replace_in(path, "中原区,地区生产总值,2025,", "中原区,地区生产总值,二〇二五,")
    with pytest.raises(DataError) as info:
        load_external(data_copy)
    _assert_names(info.value, "external_figures.csv", 2, "year")


def test_an_edited_raw_source_is_caught_by_its_hash(data_copy):
    path = data_copy / "zhongyuan_2024_work_report.txt"
    path.write_bytes(path.read_bytes().replace("237天".encode(), "238天".encode()))
    with pytest.raises(DataError, match="SHA-256"):
        load_metrics(data_copy)


def test_loading_never_modifies_a_data_file(data_copy):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in data_copy.iterdir()}
    load_metrics(data_copy)
    load_external(data_copy)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in data_copy.iterdir()}
    assert before == after


def test_cli_check_exits_1_with_one_paragraph_and_no_traceback(data_copy):
    replace_in(data_copy / "metrics.csv", ",931.8,", ",abc,")
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
    assert capsys.readouterr().out.startswith("OK report_data: 100 metrics")
