"""report_data/ is standard Frictionless data packages, and our loader reads the same descriptors.

Frictionless (a test-only dependency) validates every shipped descriptor — the shared tables' and each
report's — and the schema every report's metrics.csv follows; it rejects a planted bad value at the
row and field where our loader rejects it too. What no descriptor can say (a unit of a report, which
lives in another package; a quote that must be in the text) only our loader checks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
import pandas as pd
import pytest

from helpers import DataError, load_external, load_metrics
from helpers.cli import main
from helpers.data.descriptor import METRICS_SCHEMA_NAME, read_descriptor
from helpers.data.reports import list_reports
from helpers.extract.scaffold import METRIC_COLUMNS
from helpers.paths import DATA_DIR, DATAPACKAGE_NAME, DEFAULT_REPORT, report_dir

from .conftest import line_of, replace_in
from .fixtures.review_shiliqu import REPORT_ID, TEXT

SHARED = Path(DATAPACKAGE_NAME)  # relative to a data folder
REPORT = report_dir(DEFAULT_REPORT, Path()) / DATAPACKAGE_NAME
METRICS = REPORT.with_name("metrics.csv")
EXTERNAL = Path("external_figures.csv")


def _problems(descriptor: Path) -> list[list[object]]:
    """Frictionless's findings on one package: [row, field, error type] each (none: the package is valid)."""
    report = frictionless.validate(str(descriptor))
    problems: list[list[object]] = report.flatten(["rowNumber", "fieldName", "type"])
    assert report.valid == (problems == [])
    return problems


def _descriptors(data_dir: Path) -> list[Path]:
    return [data_dir / SHARED, *(report_dir(report, data_dir) / DATAPACKAGE_NAME for report in list_reports(data_dir))]


@pytest.mark.parametrize("descriptor", _descriptors(DATA_DIR), ids=lambda path: str(path.relative_to(DATA_DIR)))
def test_frictionless_finds_every_shipped_package_valid(descriptor):
    assert _problems(descriptor) == []
    package = frictionless.Package(str(descriptor))
    # every file our loader reads is a resource frictionless checked, at the path the loader reads it from
    report = None if descriptor == DATA_DIR / SHARED else descriptor.parent.name
    resources = dict(read_descriptor(DATA_DIR, report))
    ours = {name for name, resource in resources.items() if resource.path.parent == descriptor.parent}
    assert sorted(package.resource_names) == sorted(ours)
    for resource in package.resources:
        assert Path(str(resource.normpath)) == resources[resource.name].path


def test_the_metrics_schema_is_a_valid_table_schema_and_every_report_holds_it():
    schema = json.loads((DATA_DIR / METRICS_SCHEMA_NAME).read_text(encoding="utf-8"))
    assert frictionless.Schema.validate_descriptor(schema).valid
    assert [field["name"] for field in schema["fields"]] == METRIC_COLUMNS  # the columns `helpers new` writes
    for report in list_reports():
        package = json.loads((report_dir(report) / DATAPACKAGE_NAME).read_text(encoding="utf-8"))
        assert next(r["schema"] for r in package["resources"] if r["name"] == "metrics") == schema


def test_the_fictional_report_made_by_new_is_a_valid_package(fictional_data):
    descriptors = _descriptors(fictional_data)
    assert len(descriptors) == 3  # the shared tables, 中原区, 示例区
    for descriptor in descriptors:
        assert _problems(descriptor) == [], descriptor


def test_a_draft_made_by_new_is_not_valid_until_reviewed(data_copy):
    new = ["new", str(TEXT), "--id", REPORT_ID, "--district", "示例区", "--year", "2024", "--city", "示例市"]
    new += ["--province", "示例省", "--data-dir", str(data_copy)]
    assert main(new) == 0
    problems = _problems(report_dir(REPORT_ID, data_copy) / DATAPACKAGE_NAME)
    assert problems and {tuple(p[1:]) for p in problems} == {("name_en", "constraint-error")}  # left for the reviewer


# Bad values planted in a copy, as a user's edit would make them: (file, old, new, text on the broken
# line, field, frictionless's error type, our message). Frictionless and our loader name the same row and field.
PLANTED = [
    pytest.param(METRICS, ",931.8,亿元,", ",abc,亿元,", ",abc,", "value", "type-error", "expected a number", id="text-for-a-value"),
    pytest.param(METRICS, "retail_sales,", "gdp,", "社会消费品零售总额完成313亿元", "metric_id", "unique-error", "already used on line 2", id="duplicate-id"),
    pytest.param(METRICS, ",20,天,,change,", ",20,天,,delta,", ",delta,", "kind", "constraint-error", "expected one of level,", id="kind-not-in-enum"),
    pytest.param(METRICS, ",rank,2024,,1,6,", ",rank,2024,,0,6,", ",rank,2024,,0,6,", "rank", "constraint-error", "expected at least 1", id="rank-below-minimum"),
    pytest.param(EXTERNAL, "中原区,地区生产总值,2025,", "中原区,地区生产总值,二〇二五,", "二〇二五", "year", "type-error", "expected a whole number", id="text-for-a-year"),
    pytest.param(EXTERNAL, ",7.72,%,管理口径,", ",7.72,百万瓦,管理口径,", "百万瓦", "unit", "foreign-key", "unknown unit '百万瓦'; expected one listed in units.csv", id="unit-not-in-units-csv"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "old", "new", "needle", "field", "kind", "message"), PLANTED)
def test_a_planted_bad_value_is_rejected_by_frictionless_and_by_our_loader(
    data_copy, file, old, new, needle, field, kind, message
):
    path = data_copy / file
    replace_in(path, old, new)
    line = line_of(path, needle)
    descriptor = data_copy / (REPORT if file == METRICS else SHARED)
    problems = _problems(descriptor)
    assert [line, field if kind != "foreign-key" else None, kind] in problems, problems
    assert {p[0] for p in problems} == {line}  # that row only
    with pytest.raises(DataError, match=message) as ours:
        load_metrics(data_dir=data_copy) if file == METRICS else load_external(data_copy)
    assert (ours.value.path, ours.value.line, ours.value.column) == (path, line, field)


def test_a_duplicated_row_breaks_the_primary_key_for_both(data_copy):
    path = data_copy / EXTERNAL
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    assert _problems(data_copy / SHARED) == [[len(lines) + 1, None, "primary-key"]]
    with pytest.raises(DataError, match="primaryKey") as ours:
        load_external(data_copy)
    assert ours.value.line == len(lines) + 1


# What only our loader sees: the rules that cross packages or need the report's text.
OURS_ONLY = [
    pytest.param(",7.43,兆瓦,", ",7.43,百万瓦,", "unit", "unknown unit '百万瓦'", id="unit-from-another-package"),
    pytest.param(",新增绿地25万平方米,", ",新增绿地26万平方米,", "quote", "not found in the normalised report text", id="quote-not-in-text"),
    pytest.param(",growth_pct,2024,gdp,", ",growth_pct,2024,gpd,", "base_metric_id", "not the metric_id of another row", id="link-to-no-row"),
    pytest.param(",931.8,亿元,", ",931.8,万元,", "unit", "prints 931.8亿元, so the unit must be '亿元'", id="unit-not-the-printed-one"),
    pytest.param(",rank,2024,,1,6,", ",rank,2024,,1,,", "out_of", "write 'group not stated' in note", id="rank-group-unexplained"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "column", "message"), OURS_ONLY)
def test_what_no_descriptor_states_is_caught_by_our_loader(data_copy, old, new, column, message):
    replace_in(data_copy / METRICS, old, new)
    assert _problems(data_copy / REPORT) == []
    with pytest.raises(DataError, match=message) as ours:
        load_metrics(data_dir=data_copy)
    assert ours.value.column == column


def _edit_json(path: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _metrics_fields(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    return next(r for r in descriptor["resources"] if r["name"] == "metrics")["schema"]["fields"]


def _check_error(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    return capsys.readouterr().err


def test_a_report_whose_schema_copy_differs_is_refused(data_copy, capsys):
    _edit_json(data_copy / REPORT, lambda d: _metrics_fields(d)[1].update(description="changed here only"))
    assert _problems(data_copy / REPORT) == []  # a valid package on its own …
    err = _check_error(data_copy, capsys)  # … but not the schema every report shares
    assert f"{REPORT.name} ({data_copy / REPORT})" in err and "field 'section' differs" in err
    assert "metrics.schema.json" in err


def test_a_report_folder_without_a_descriptor_is_refused(data_copy, capsys):
    (data_copy / REPORT).unlink()
    err = _check_error(data_copy, capsys)
    assert f"({data_copy / REPORT}): the file is missing" in err and "python -m helpers new" in err


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            lambda d: d["resources"][0].update(dialect={"delimiter": ";"}),
            "resource 'units': property 'dialect' is not implemented",
            id="a-resource-property",
        ),
        pytest.param(
            lambda d: d.update(profile="tabular-data-package"),
            "package property 'profile' is not implemented",
            id="a-package-property",
        ),
        pytest.param(
            lambda d: d["resources"].pop(),
            "expected each of units, indicator_links, external_figures, metric_ids exactly once",
            id="a-resource-left-out",
        ),
        pytest.param(
            lambda d: d["resources"][2]["schema"]["foreignKeys"][0]["reference"].update(resource="currencies"),
            "reference names 'currencies', which is not another resource of this package",
            id="a-foreign-key-to-nowhere",
        ),
        pytest.param(
            lambda d: d["resources"][0].update(path="../units.csv"),
            "must name a file inside the descriptor's folder",
            id="a-path-outside-its-folder",
        ),
    ],
)
def test_a_descriptor_the_loader_cannot_honour_is_refused(data_copy, capsys, edit, message):
    _edit_json(data_copy / SHARED, edit)
    err = _check_error(data_copy, capsys)
    assert f"{SHARED.name} ({data_copy / SHARED})" in err and message in err


def test_a_rank_whose_group_is_not_stated_is_valid_for_both(data_copy):
    # out_of is optional in the schema; our loader asks the note to say why it is empty.
    replace_in(
        data_copy / METRICS,
        ',rank,2024,,1,6,招商引资工作市内六区排名第一,"',
        ',rank,2024,,1,,招商引资工作市内六区排名第一,"group not stated; ',
    )
    assert _problems(data_copy / REPORT) == []
    ranks = load_metrics(data_dir=data_copy).set_index("metric_id")
    assert ranks.loc["investment_attraction_rank", "out_of"] is pd.NA
