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
from helpers.data.validation import check_printed_unit
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
        [(",rank,2024,,1,6,", ",rank,2024,,1,,")], "investment_attraction_rank", "out_of",
        "a rank row needs out_of, the number ranked (e.g. out_of 6 for 市内六区排名第一); where the report does not "
        "state the group, leave out_of empty and write 'group not stated' in note", id="rank-without-out-of",
    ),
    # Unit slips: the quote prints the unit right after the value, and the row must say the same.
    pytest.param(
        [(",931.8,亿元,", ",931.8,万元,")], ",931.8,万元,", "unit",
        "the quote '生产总值完成931.8亿元' prints 931.8亿元, so the unit must be '亿元', but the row says '万元'",
        id="gdp-in-wan-yuan",
    ),
    pytest.param(
        [(",5.4,%,,growth_pct,", ",5.4,个百分点,,growth_pct,")], ",5.4,个百分点,", "unit",
        "prints 5.4%, so the unit must be '%', but the row says '个百分点'", id="growth-in-percentage-points",
    ),
    pytest.param(
        [(",2.8,万人,余,", ",2.8,人,余,")], ",2.8,人,余,", "unit", "prints 2.8万余人, so the unit must be '万人'",
        id="bound-marker-inside-the-unit",
    ),
    pytest.param(
        [(",90,%,以上,share_pct,2024,,,,视频", ",90,个百分点,以上,share_pct,2024,,,,视频")], ",90,个百分点,", "unit",
        "prints 90%以上, so the unit must be '%'", id="bound-marker-after-the-unit",
    ),
    pytest.param(
        [(",500,万人次,超,", ",500,人次,超,")], ",500,人次,超,", "unit", "prints 500万人次, so the unit must be '万人次'",
        id="bound-marker-before-the-value",
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


# The unit printed right after the value, read as the extractor reads it: (quote, value, unit, kind, refused?).
PRINTED_UNITS = [
    pytest.param("惠及2.8万余人", 2.8, "万人", "level", False, id="余-inside-the-unit"),
    pytest.param("惠及2.8万余人", 2.8, "人", "level", True, id="magnitude-dropped"),
    pytest.param("改造完工90%以上", 90, "%", "share_pct", False, id="以上-after-the-unit"),
    pytest.param("吸引客流超500万人次", 500, "万人次", "level", False, id="超-before-the-value"),
    pytest.param("吸引客流超500万人次", 500, "人次", "level", True, id="万人次-is-not-人次"),
    pytest.param("提高0.5个百分点", 0.5, "个百分点", "change", False, id="percentage-points"),
    pytest.param("市内六区排名第一", 1, "第", "rank", False, id="a-rank-has-no-unit"),
    pytest.param("生产总值(亿元)931.8,增长5.4%", 931.8, "亿元", "level", False, id="unit-printed-before-the-value"),
    pytest.param("1个2.2万平方米的综合性公园", 1, "个", "level", False, id="two-figures-in-one-quote"),
    pytest.param("1个2.2万平方米的综合性公园", 2.2, "平方米", "level", True, id="the-other-figures-unit"),
    pytest.param("收入51.5亿,增长1.6%", 51.5, "亿元", "level", False, id="magnitude-only-that-fits"),
    pytest.param("收入51.5亿,增长1.6%", 51.5, "万元", "level", True, id="magnitude-only-that-does-not-fit"),
    pytest.param("5.4,同比增长5.4个百分点", 5.4, "%", "growth_pct", True, id="a-bare-value-does-not-excuse-another-unit"),
    pytest.param("5.4,同比增长5.4%", 5.4, "%", "growth_pct", False, id="bare-and-matching"),
]  # fmt: skip


@pytest.mark.parametrize(("quote", "value", "unit", "kind", "refused"), PRINTED_UNITS)
def test_the_unit_printed_after_the_value_must_be_the_rows(quote, value, unit, kind, refused):
    row = {"quote": quote, "value": float(value), "unit": unit, "kind": kind, "line": 7}
    if not refused:
        check_printed_unit(row, Path("metrics.csv"))
        return
    with pytest.raises(DataError) as info:
        check_printed_unit(row, Path("metrics.csv"))
    _assert_names(info.value, "metrics.csv", 7, "unit")
    assert f"but the row says {unit!r}" in str(info.value)


REPORT_JSON = METRICS.with_name("report.json")


def test_a_key_figure_that_names_no_metric_fails_check_with_the_nearest_ids(data_copy, capsys):
    replace_in(data_copy / REPORT_JSON, '"gdp_growth",', '"gdp_grwth",')
    with pytest.raises(DataError) as info:
        load_metrics(data_dir=data_copy)
    assert (info.value.path, info.value.line, info.value.column) == (data_copy / REPORT_JSON, None, "key_figures")
    assert "key_figures names 'gdp_grwth', which is not a metric_id of this report's metrics.csv" in str(info.value)
    assert "Nearest ids: gdp_growth" in str(info.value)
    assert main(["check", "--data-dir", str(data_copy)]) == 1
    assert f"report.json ({data_copy / REPORT_JSON}), column 'key_figures'" in capsys.readouterr().err


def test_build_stops_at_check_for_a_missing_key_figure_without_running_a_notebook(
    data_copy, tmp_path, monkeypatch, capsys
):
    replace_in(data_copy / REPORT_JSON, '"gdp_growth",', '"gdp_grwth",')

    def no_notebook(only):  # check must stop the build before any notebook is chosen, let alone run
        raise AssertionError("the build went past check")

    monkeypatch.setattr("helpers.publish.build.select_notebooks", no_notebook)
    assert main(["build", "--data-dir", str(data_copy), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Build stopped: report.json (") and "'gdp_grwth'" in err and "Nearest ids: gdp_growth" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("old", "key", "message"),
    [
        ('"city": "郑州市"', "city", "the key 'city' is empty: fill it with the city it belongs to"),
        ('"province": "河南省"', "province", "the key 'province' is empty: fill it with the province"),
        ('"district": "中原区"', "district", "the key 'district' is empty: fill it with the district"),
    ],
)
def test_an_empty_key_the_notebooks_need_fails_check(data_copy, capsys, old, key, message):
    replace_in(data_copy / REPORT_JSON, old, f'"{key}": " "')
    assert main(["check", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert f"report.json ({data_copy / REPORT_JSON}), column '{key}': {message}" in err


def test_a_year_that_is_not_four_digits_fails_check(data_copy, capsys):
    replace_in(data_copy / REPORT_JSON, '"year": 2024', '"year": 24')
    assert main(["check", "--data-dir", str(data_copy)]) == 1
    assert "column 'year': expected a four-digit year for 'year', found 24." in capsys.readouterr().err
