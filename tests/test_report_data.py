"""The committed data: complete, traceable, and unchanged from what was received."""

from __future__ import annotations

import csv
import hashlib
import math
import re
from pathlib import Path

import pytest

from helpers import get_metric, load_external, load_metrics
from helpers.cli import check
from helpers.data.loading import (
    EXTERNAL_FILE,
    MissingFigureError,
    missing_note,
    outside_row,
    outside_value,
    require_outside_value,
)
from helpers.data.reports import list_reports, load_report_info
from helpers.data.textnorm import normalise_text, numbers_in
from helpers.paths import DATA_DIR, DEFAULT_REPORT, PROJECT_ROOT, report_dir

SHARED = PROJECT_ROOT.parent / "shared"
RAW = report_dir() / "report.txt"
HEADLINE_SIX = [
    "gdp",
    "retail_sales",
    "fixed_asset_investment_growth",
    "industrial_value_added_growth",
    "fiscal_revenue",
    "disposable_income_per_capita",
]


def test_raw_source_sha256_is_the_one_its_report_json_records():
    assert hashlib.sha256(RAW.read_bytes()).hexdigest() == load_report_info().text_sha256


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ is not beside this checkout")
def test_raw_source_is_byte_identical_to_shared_copy():
    assert RAW.read_bytes() == (SHARED / "source" / "zhongyuan_2024_work_report.txt").read_bytes()


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ is not beside this checkout")
def test_every_shared_outside_figure_is_copied_intact():
    def rows(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    ours = rows(DATA_DIR / "external_figures.csv")
    for row in rows(SHARED / "reference" / "external_figures.csv"):
        assert row in ours, f"outside figure not copied intact: {row['entity']} {row['indicator']} {row['year']}"


def test_every_quote_is_in_the_normalised_source_and_states_its_value():
    text = normalise_text(RAW.read_text(encoding="utf-8"))
    with (report_dir() / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 90, "the report makes about a hundred quantitative claims"
    for row in rows:
        assert row["quote"] in text, row["metric_id"]
        if row["kind"] != "rank":
            assert row["value"] in numbers_in(row["quote"]), row["metric_id"]


def test_check_passes_and_summarises_every_report():
    summary = check(DATA_DIR)
    reports = list_reports()
    assert summary.startswith(f"OK report_data: {len(reports)} report(s), text SHA-256 verified")
    for report in reports:
        metrics = load_metrics(report)
        assert f"{report}: {len(metrics)} metrics in {metrics['section'].nunique()} sections" in summary
    assert f"{len(load_external())} outside figures" in summary


def test_report_metadata_names_the_district_and_says_how_the_date_is_known():
    info = load_report_info()
    assert (info.id, info.district, info.city, info.year, info.fictional) == (
        DEFAULT_REPORT,
        "中原区",
        "郑州市",
        2024,
        False,
    )
    assert info.title in RAW.read_text(encoding="utf-8")
    assert info.delivered == "2025-02-14" and info.delivered_basis.startswith("inferred")
    assert set(info.key_figures) <= set(load_metrics()["metric_id"])


def test_metric_ids_are_unique_snake_case():
    ids = load_metrics()["metric_id"]
    assert ids.is_unique
    assert ids.str.fullmatch(r"[a-z][a-z0-9_]*").all()


def test_headline_block_holds_the_six_indicators():
    metrics = load_metrics().set_index("metric_id")
    assert set(HEADLINE_SIX) <= set(metrics.index)
    assert (metrics.loc[HEADLINE_SIX, "section"] == "2024年成绩单").all()


def test_each_growth_row_links_to_its_level_when_the_report_gives_one():
    metrics = load_metrics().set_index("metric_id")
    assert metrics.loc["gdp_growth", "base_metric_id"] == "gdp"
    assert metrics.loc["fixed_asset_investment_growth", "base_metric_id"] == ""  # no FAI level in the report
    linked = metrics[metrics["base_metric_id"] != ""]
    assert (metrics.loc[linked["base_metric_id"], "kind"] == "level").all()


def test_every_first_among_six_claim_of_the_text_is_a_rank_row():
    stated = re.findall(r"市内六区(?:排名)?第一", normalise_text(RAW.read_text(encoding="utf-8")))
    ranks = load_metrics().query("kind == 'rank'")
    assert len(stated) > 0 and len(ranks) == len(stated)
    assert (ranks["rank"] == 1).all() and (ranks["out_of"] == 6).all()
    assert ranks["quote"].str.contains("市内六区").all()


def test_bound_markers_are_kept():
    assert get_metric("minimum_living_allowance_beneficiaries").qualifier == "余"
    assert get_metric("sesame_street_industrial_space").bound == "upper"  # 近50万平方米
    assert get_metric("mojie_visitors").bound == "lower"  # 超500万人次
    assert get_metric("gdp").bound == "exact"


def test_lookup_returns_value_unit_qualifier_and_quote():
    gdp = get_metric("gdp")
    assert (gdp.value, gdp.unit, gdp.qualifier, gdp.quote) == (931.8, "亿元", "", "生产总值完成931.8亿元")
    assert gdp.base_value == pytest.approx(9.318e10)
    assert get_metric("minimum_living_allowance_beneficiaries").label() == "2.8 万人 (余)"


def test_unknown_metric_id_suggests_close_ids():
    with pytest.raises(KeyError, match="Did you mean gdp_growth"):
        get_metric("gdp_grwth")


def test_a_metric_the_report_lacks_is_the_clear_missing_figure_error():
    with pytest.raises(MissingFigureError) as missing:
        get_metric("no_such_growth")
    assert str(missing.value).startswith(f"report {DEFAULT_REPORT!r} has no metric 'no_such_growth' (reports/")
    assert isinstance(missing.value, KeyError)  # a KeyError, as a lookup by id raises


def test_outside_figures_are_typed_and_derived_rows_marked():
    external = load_external()
    assert external["value"].dtype == "float64"
    assert set(external.loc[external["derived"], "derived_from"].str[:8]) == {"derived:"}
    assert (external["source_address"] != "").all() and (external["quoted_sentence"] != "").all()


def test_missing_outside_figure_is_none_and_ambiguous_basis_is_refused():
    assert outside_row("二七区", "固定资产投资增速", 2024) is None
    earliest = int(load_external()["year"].min())
    assert outside_row("郑州市", "地区生产总值", earliest - 1) is None  # a year older than any outside figure
    assert outside_row("无数据市", "地区生产总值", 2024) is None  # an entity the outside data never names
    with pytest.raises(LookupError, match="name the basis"):
        outside_row("中原区", "地区生产总值", 2025)
    assert outside_row("中原区", "地区生产总值", 2025, basis="管理口径")["value"] == 1003.70


def test_a_required_outside_figure_is_returned_or_named_with_where_to_add_it():
    assert require_outside_value("中原区", "地区生产总值", 2025, "管理口径") == 1003.70
    with pytest.raises(MissingFigureError) as missing:
        require_outside_value("中原区", "地区生产总值", 2023, "民政口径")
    message = str(missing.value)
    assert message.startswith(
        f"no outside figure for 中原区 地区生产总值 2023 on basis '民政口径' in {EXTERNAL_FILE}. "
    )
    assert EXTERNAL_FILE == "report_data/external_figures.csv" and "parameters cell" in message
    with pytest.raises(MissingFigureError, match="no outside figure for 无数据市 地区生产总值 2024 in "):
        require_outside_value("无数据市", "地区生产总值", 2024)  # no basis asked for: none named


HAND_MADE_FIGURES = """entity,indicator,year,value,unit,basis,derived_from,source_address,quoted_sentence,source_kind
甲市,产值,2024,10.5,亿元,,,https://example.org/a,甲市产值10.5亿元,made up for a test
乙区,产值,2024,3.0,亿元,口径A,,https://example.org/b,乙区产值3.0亿元（口径A）,made up for a test
乙区,产值,2024,4.0,亿元,口径B,,https://example.org/b,乙区产值4.0亿元（口径B）,made up for a test
丙区,产值增速,2024,2.5,%,按可比价,,https://example.org/c,丙区产值增长2.5%,made up for a test
"""


@pytest.fixture
def hand_made(data_copy: Path) -> Path:
    """A data folder whose external_figures.csv holds four invented rows (甲市, 乙区 on two bases, 丙区)."""
    (data_copy / "external_figures.csv").write_text(HAND_MADE_FIGURES, encoding="utf-8")
    return data_copy


def test_an_optional_outside_figure_is_its_value_or_nan(hand_made):
    assert outside_value("甲市", "产值", 2024, data_dir=hand_made) == 10.5
    assert outside_value("丙区", "产值增速", 2024, data_dir=hand_made) == 2.5  # a basis note is no obstacle
    for absent in (("丁区", "产值", 2024), ("甲市", "产值", 2023), ("甲市", "产值增速", 2024)):
        assert math.isnan(outside_value(*absent, data_dir=hand_made))
        assert outside_row(*absent, data_dir=hand_made) is None
    row = outside_row("丙区", "产值增速", 2024, data_dir=hand_made)
    assert (row["basis"], row["unit"], row["source_address"]) == ("按可比价", "%", "https://example.org/c")


def test_a_basis_is_chosen_when_given_and_any_basis_otherwise(hand_made):
    assert outside_value("乙区", "产值", 2024, "口径A", hand_made) == 3.0
    assert outside_value("乙区", "产值", 2024, "口径B", hand_made) == 4.0
    assert math.isnan(outside_value("乙区", "产值", 2024, "口径C", hand_made))
    assert math.isnan(outside_value("乙区", "产值", 2024, "", hand_made))  # '': only a row without a note
    assert outside_value("甲市", "产值", 2024, "", hand_made) == 10.5
    assert math.isnan(outside_value("甲市", "产值", 2024, "口径A", hand_made))
    with pytest.raises(LookupError, match=r"2 outside figures match 乙区 产值 2024; name the basis \(口径A, 口径B\)"):
        outside_value("乙区", "产值", 2024, data_dir=hand_made)  # two bases, none given: not a silent choice
    with pytest.raises(LookupError, match="name the basis"):
        require_outside_value("乙区", "产值", 2024, data_dir=hand_made)


def test_several_indicator_names_are_tried_in_order(hand_made):
    assert outside_value("丙区", ["产值", "产值增速"], 2024, data_dir=hand_made) == 2.5  # 丙区 has only the second
    assert outside_value("甲市", ["产值", "产值增速"], 2024, data_dir=hand_made) == 10.5  # the first wins
    assert math.isnan(outside_value("甲市", [], 2024, data_dir=hand_made))  # no name: nothing to read
    with pytest.raises(MissingFigureError, match="no outside figure for 丁区 产值 or 产值增速 2024 in "):
        require_outside_value("丁区", ("产值", "产值增速"), 2024, data_dir=hand_made)


def test_a_required_outside_figure_names_the_figure_the_file_and_what_to_add(hand_made):
    assert require_outside_value("乙区", "产值", 2024, "口径B", hand_made) == 4.0
    with pytest.raises(MissingFigureError) as missing:
        require_outside_value("乙区", "产值", 2025, "口径A", hand_made)
    message = str(missing.value)
    assert message.startswith(
        f"no outside figure for 乙区 产值 2025 on basis '口径A' in {hand_made.resolve() / 'external_figures.csv'}. "
    )  # another data folder than the project's: its own file, in full
    assert "source address" in message and "quoted sentence" in message and "parameters cell" in message
    assert isinstance(missing.value, KeyError)
    with pytest.raises(MissingFigureError, match="no outside figure for 乙区 产值 2024 with no basis note in "):
        require_outside_value("乙区", "产值", 2024, "", hand_made)


def test_an_optional_figure_that_is_absent_is_noted_once_in_the_gaps(hand_made):
    gaps: list[str] = []
    assert outside_value("甲市", "产值", 2024, data_dir=hand_made, gaps=gaps) == 10.5
    assert gaps == []  # a figure found leaves no note
    for _ in range(2):
        assert math.isnan(outside_value("丁区", "产值", 2024, data_dir=hand_made, gaps=gaps))
    assert outside_row("乙区", "产值", 2025, "口径A", hand_made, gaps=gaps) is None
    assert gaps == [missing_note("丁区", "产值", 2024), missing_note("乙区", "产值", 2025, "口径A")]
    expected = "丁区 产值 2024 is missing: add a row with its source address and quoted sentence to"
    assert gaps[0] == f"{expected} {EXTERNAL_FILE}"
    assert "乙区 产值 2025 on basis '口径A' is missing" in gaps[1]


def test_loaded_frames_are_copies():
    first = load_metrics()
    first.loc[0, "value"] = -1
    assert load_metrics().loc[0, "value"] != -1


def test_rank_lookup_carries_position_and_count():
    rank = get_metric("policy_funds_rank")
    assert (rank.rank, rank.out_of, rank.label()) == (1, 6, "第1 of 6")


def test_a_rank_whose_group_is_not_stated_keeps_out_of_empty_and_says_so(data_copy):
    path = report_dir(DEFAULT_REPORT, data_copy) / "metrics.csv"
    text = path.read_text(encoding="utf-8")
    old = ',rank,2024,,1,6,招商引资工作市内六区排名第一,"'
    assert old in text
    path.write_text(
        text.replace(old, ',rank,2024,,1,,招商引资工作市内六区排名第一,"group not stated (planted); '), "utf-8"
    )
    rank = get_metric("investment_attraction_rank", data_dir=data_copy)
    assert (rank.rank, rank.out_of, rank.label()) == (1, None, "第1 (group not stated)")
    assert check(data_copy).startswith("OK report_data: 1 report(s)")
