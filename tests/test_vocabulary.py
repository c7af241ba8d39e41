"""The standard metric ids (report_data/metric_ids.csv): what the shipped file holds, how names are matched, and
every bad file refused with its file, line and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from helpers import DataError, cli
from helpers.data.vocabulary import load_metric_vocabulary, name_key, standard_id
from helpers.paths import DATA_DIR, report_dir

from .conftest import line_of, replace_in

VOCABULARY = Path("metric_ids.csv")  # relative to a data folder
# The ids issue 22 asks for; the income level keeps the project's own id (disposable_income_per_capita).
REQUIRED = {
    "gdp", "gdp_growth", "retail_sales", "retail_sales_growth", "fixed_asset_investment_growth",
    "industrial_value_added_growth", "fiscal_revenue", "fiscal_revenue_growth", "disposable_income_per_capita",
    "disposable_income_growth", "energy_intensity_decline", "good_air_days", "good_air_days_change", "new_pv_capacity",
}  # fmt: skip


def _project_rows() -> dict[str, dict[str, str]]:
    with (report_dir() / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        return {row["metric_id"]: row for row in csv.DictReader(handle)}


def test_the_shipped_vocabulary_has_the_ids_the_notebooks_look_for():
    vocabulary = load_metric_vocabulary()
    ids = [metric.metric_id for metric in vocabulary]
    assert set(ids) >= REQUIRED and len(ids) == len(set(ids))
    assert all(metric.names_zh and all(metric.names_zh) and metric.name_en for metric in vocabulary)


def test_the_vocabulary_agrees_with_the_projects_report():
    """An id the project's report uses means the same there: same kind and unit, and its name is one of the names."""
    project = _project_rows()
    shared = [metric for metric in load_metric_vocabulary() if metric.metric_id in project]
    assert {metric.metric_id for metric in shared} >= REQUIRED
    for metric in shared:
        row = project[metric.metric_id]
        assert (row["kind"], row["unit"]) == (metric.kind, metric.unit), metric.metric_id
        assert standard_id(row["name_zh"], row["kind"], (metric,)) == metric.metric_id, row["name_zh"]


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("地区生产总值", "level", "gdp"),
        ("GDP", "level", "gdp"),
        ("地区生产总值", "growth_pct", None),  # the name fits, the kind does not
        ("生产总值同比增长", "growth_pct", "gdp_growth"),  # 同比 set aside
        ("生产总值(下同)增长", "growth_pct", "gdp_growth"),  # a bracketed remark set aside
        ("优良天数同比增加", "change", "good_air_days_change"),
        ("人均生产总值", "level", None),  # a name that ends with a standard one is another figure
        ("居民人均可支配收入", "level", "disposable_income_per_capita"),
        ("社会消费品零售总额", "level", "retail_sales"),
        ("新增光伏发电装机容量", "level", "new_pv_capacity"),
        ("", "level", None),
    ],
)
def test_a_proposed_name_gets_the_standard_id_of_its_name_and_kind(name, kind, expected):
    assert standard_id(name, kind, load_metric_vocabulary()) == expected


def test_names_are_compared_normalised():
    assert name_key("生 产 总 值（下同）同比增长") == name_key("生产总值增长") == "生产总值增长"


@pytest.mark.parametrize(
    ("old", "new", "needle", "column", "message"),
    [
        ("gdp,生产总值|地区生产总值|GDP", "gdp,生产总值||GDP", "gdp,生产总值||GDP", "name_zh", "expected text matching"),
        ("retail_sales,社会消费品零售总额|社零总额", "retail_sales,社会消费品零售总额|生产总值", "retail_sales,", "name_zh",
         "already a name of 'gdp' on line 2"),
        ("gdp_growth,生产总值增长|", "gdp_growth,同比|", "gdp_growth,", "name_zh", "is empty once 同比"),
        ("level,亿元,,\n", "level,亿万元,,\n", "gdp,", "unit", "unknown unit '亿万元'"),
        ("total retail sales of consumer goods,level", "total retail sales of consumer goods,stock", "retail_sales,",
         "kind", "expected one of level"),
        ("\ngdp_growth,", "\ngdp,", "gdp,生产总值增长", "metric_id", "duplicate metric_id 'gdp'"),
    ],
    ids=["empty-name", "ambiguous-name", "name-only-comparison-words", "unit", "kind", "duplicate-id"],
)  # fmt: skip
def test_a_bad_vocabulary_is_refused_at_its_line_and_column(data_copy, old, new, needle, column, message):
    path = data_copy / VOCABULARY
    replace_in(path, old, new)
    with pytest.raises(DataError) as refused:
        load_metric_vocabulary(data_copy)
    error = refused.value
    assert (error.path, error.line, error.column) == (path, line_of(path, needle), column), str(error)
    assert message in str(error)


def test_a_missing_vocabulary_is_named(data_copy):
    (data_copy / VOCABULARY).unlink()
    with pytest.raises(DataError, match=r"metric_ids\.csv.*the file is missing"):
        load_metric_vocabulary(data_copy)


def test_loading_the_vocabulary_never_writes(data_copy):
    before = (data_copy / VOCABULARY).read_bytes()
    load_metric_vocabulary(data_copy)
    assert (data_copy / VOCABULARY).read_bytes() == before == (DATA_DIR / VOCABULARY).read_bytes()


def test_check_validates_the_vocabulary(data_copy, capsys):
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 0
    assert f"; {len(load_metric_vocabulary())} standard metric ids;" in capsys.readouterr().out
    replace_in(data_copy / VOCABULARY, "level,亿元,,\n", "level,亿万元,,\n")
    assert cli.main(["check", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "metric_ids.csv" in err and "column 'unit'" in err and "Traceback" not in err
