"""The data tour's tables and sentences (helpers.findings.tour), on small hand-made frames and figures.

Expectations are computed here from the inputs, never pasted from the notebook.
"""

from __future__ import annotations

import ast
import dataclasses
import json

import pandas as pd
import pytest

from helpers.analysis.verdicts import per_head_verdict, per_head_yuan
from helpers.data.loading import Metric, get_metric, load_external, load_metrics
from helpers.data.report_text import as_printed
from helpers.data.reports import ReportInfo, load_report_info
from helpers.data.units import unit_table
from helpers.findings import tour
from helpers.findings.common import CAVEAT_COLUMNS, MAX_WORDS, word_count
from helpers.findings.parameters import ParameterContradiction
from helpers.paths import DATA_DIR, NOTEBOOKS_DIR

CLASSES = {"copy": ("copy", "quoted"), "news": ("news report",), "own page": ("official",)}
NOTEBOOK = NOTEBOOKS_DIR / "00_data_tour.ipynb"


def _external(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Outside rows (source_kind, source_address, quoted_sentence), numbered from line 2 as in the file."""
    return pd.DataFrame(
        {
            "line": range(2, 2 + len(rows)),
            "entity": [f"E{i}" for i in range(len(rows))],
            "indicator": "x",
            "year": 2024,
            "value": 1.0,
            "unit": "%",
            "source_kind": [r[0] for r in rows],
            "source_address": [r[1] for r in rows],
            "quoted_sentence": [r[2] for r in rows],
            "derived": False,
            "derived_from": "",
        }
    )


def _metric(value: float, unit: str, qualifier: str = "", metric_id: str = "m") -> Metric:
    return Metric(metric_id, "名", "name", value, unit, qualifier, "level", 2024, "节", f"共{value:g}{unit}")


def test_a_source_description_takes_the_first_class_with_one_of_its_words():
    assert tour.source_class("Official bulletin, QUOTED", CLASSES) == "copy"
    assert tour.source_class("news report of the release", CLASSES) == "news"
    assert tour.source_class("official government page", CLASSES) == "own page"
    assert tour.source_class("a blog", CLASSES) == tour.UNCLASSIFIED


def test_sources_by_class_counts_figures_addresses_and_shares():
    external = _external(
        [
            ("copy of a", "http://a.cn/1", "s"),
            ("copy of b", "http://a.cn/1", "s"),
            ("news report", "http://n.cn/2", "s"),
        ]
    )
    table = tour.sources_by_class(external, CLASSES)
    assert list(table.index) == ["copy", "news"]
    assert table.loc["copy", "figures (个)"] == 2 and table.loc["copy", "distinct links (个)"] == 1
    assert table.loc["news", "share of figures (%)"] == pytest.approx(100 / 3)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("https://www.mee.gov.cn/xxgk/t1.html", tour.PAGE_ADDRESS),
        ("http://fapeng.com/?id=3", tour.PAGE_ADDRESS),
        ("https://www.mee.gov.cn (公告2024年第33号)", tour.BARE_DOMAIN),
        ("https://www.mee.gov.cn/", tour.BARE_DOMAIN),
        ("2024年河南省统计公报, as quoted in public documents", tour.DESCRIPTION_ONLY),
        ("", tour.DESCRIPTION_ONLY),
    ],
)
def test_an_address_is_a_page_only_with_a_path(address: str, kind: str):
    assert tour.address_kind(address) == kind


def test_addresses_by_kind_counts_one_site_once_whatever_its_note():
    external = _external(
        [
            ("copy", "http://a.cn/p", "s"),
            ("copy", "https://www.mee.gov.cn (公告1)", "s"),
            ("copy", "https://www.mee.gov.cn (公告1; checked)", "s"),
        ]
    )
    table = tour.addresses_by_kind(external)
    assert table["figures (个)"].to_dict() == {tour.PAGE_ADDRESS: 1, tour.BARE_DOMAIN: 2}
    assert table.loc[tour.BARE_DOMAIN, "distinct links (个)"] == 1
    assert list(tour.non_page_addresses(external)["the address is"]) == [tour.BARE_DOMAIN] * 2


def test_a_same_as_above_row_points_to_the_nearest_earlier_sentence_from_its_address():
    external = _external(
        [
            ("copy", "http://a.cn/1", "first"),
            ("copy", "http://a.cn/1", "second"),
            ("copy", "http://b.cn/1", "other"),
            ("copy", "http://a.cn/1", "同上"),
            ("copy", "http://c.cn/1", "同上"),
        ]
    )
    shared = tour.shared_sentences(external, "同上")["sentence it points to"]
    assert list(shared) == ["second", "missing: no earlier row from this address"]


@pytest.mark.parametrize(
    ("numerator", "denominator", "bound"),
    [
        ("exact", "exact", "exact"),
        ("exact", "lower", "upper"),
        ("lower", "exact", "lower"),
        ("upper", "lower", "upper"),
        ("lower", "upper", "lower"),
        ("lower", "lower", "not bounded"),
        ("approximate", "exact", "approximate"),
    ],
)
def test_a_ratio_of_bounded_figures_has_the_bound_they_imply(numerator: str, denominator: str, bound: str):
    assert tour.ratio_bound(numerator, denominator) == bound


def test_the_per_head_check_is_the_total_over_the_count_an_upper_bound_over_a_lower_bound_count():
    paid, people = _metric(600, "万元"), _metric(2, "万人", "余")
    check = tour.per_head_check(paid, people, 30.0, (20.0, 40.0))
    assert check.a_year == pytest.approx(600 / 2) and check.a_month == pytest.approx(600 / 2 / 12)
    assert check.bound == "upper"
    assert (check.verdict, check.reason) == per_head_verdict(600, 2, 30.0, count_is_lower_bound=True)
    assert "at most" in check.reason and "about" not in check.reason
    assert check.verdicts_in_range == (per_head_verdict(600, 2, 20.0)[0], per_head_verdict(600, 2, 40.0)[0])
    exact = tour.per_head_check(paid, _metric(2, "万人"), 30.0, (20.0, 40.0))
    assert exact.reason == per_head_verdict(600, 2, 30.0)[1]
    assert check.a_person_month == pytest.approx(per_head_yuan(600, 2))
    table = tour.per_head_table(check, "zhongyuan_2024", DATA_DIR)
    assert table.loc[tour.PEOPLE_MONTH, "value"] == f"{600 / 2 / 12:.0f}"
    assert table.loc[tour.PERSON_MONTH, "value"] == f"{600 / 2:.0f}"
    assert table.loc[tour.PEOPLE_YEAR, "bound"] == table.loc[tour.PERSON_MONTH, "bound"] == "at most"
    assert table.loc[tour.FLOOR_ROW, "from"] == "assumed"


def test_the_per_head_sentence_gives_both_readings_of_the_count_when_a_head_a_month_is_below_the_floor():
    low = tour.per_head_check(_metric(975, "万元"), _metric(2.8, "万人", "余"), 100.0, (100.0, 300.0))
    sentence = tour.per_head_sentence(low, "某区报告")
    assert f"is at most ¥{975 / 2.8 / 12:.0f} a head a month as people, below an assumed floor of ¥100" in sentence
    assert f"but at most ¥{per_head_yuan(975, 2.8):.0f} a person-month, which fits that reading." in sentence
    assert "(people, person-times, person-months) is not stated" in sentence
    assert word_count(sentence) <= MAX_WORDS
    neither = tour.per_head_check(_metric(975, "万元"), _metric(28, "万人"), 100.0, (100.0, 300.0))
    assert tour.per_head_sentence(neither, "某区报告").endswith(f"¥{975 / 28:.0f} a person-month, also below it.")
    high = tour.per_head_check(_metric(975, "万元"), _metric(0.5, "万人"), 100.0, (100.0, 300.0))
    assert "fit a count of people" in tour.per_head_sentence(high, "某区报告")
    assert f"in 2024 is ¥{975 / 0.5 / 12:,.0f} a head a month, above" in tour.per_head_sentence(high, "某区报告")
    assert tour.per_head_sentence(None, "某区报告") == tour.missing_allowance_line("某区报告")
    assert "某区报告" in tour.missing_allowance_line("某区报告")


def test_the_claims_sentence_counts_claims_sections_and_bounds_in_marker_order():
    metrics = pd.DataFrame(
        {
            "metric_id": ["a", "b", "c", "d"],
            "section": ["s1", "s1", "s2", "s2"],
            "quote": ["q", "q", "q", "q"],
            "qualifier": ["约", "", "余", "余"],
        }
    )
    sentence = tour.claims_sentence("某区报告", metrics)
    assert "makes 4 numeric claims in 2 sections; each is stored" in sentence
    assert "3 carry a marker: 2 lower bounds (余) and 1 approximate (约)." in sentence
    every = metrics.assign(qualifier=["约", "近", "超", "余"])
    assert "4 carry a marker: 2 lower bounds (余, 超), 1 upper bound (近) and 1 approximate (约)." in (
        tour.claims_sentence("某区报告", every)
    )
    assert word_count(sentence) <= MAX_WORDS


def test_the_claims_sentence_names_a_single_section_and_says_when_nothing_is_a_bound():
    metrics = pd.DataFrame(
        {"metric_id": ["a", "b"], "section": ["全文", "全文"], "quote": ["q", "q"], "qualifier": ["", ""]}
    )
    sentence = tour.claims_sentence("某区报告", metrics)
    assert "makes 2 numeric claims under one section, 全文;" in sentence
    assert "None carries a marker" in sentence and "()" not in sentence
    one = tour.claims_sentence("某区报告", metrics.assign(qualifier=["约", ""]))
    assert "1 carries a marker: 1 approximate (约)." in one
    assert "全文" in tour.one_section_line("某区报告", metrics) and "no headings" in tour.one_section_line(
        "某区报告", metrics
    )
    assert "no marker of a bound or an approximation" in tour.no_bounds_line("某区报告", metrics)
    two = metrics.assign(section=["s1", "s2"], qualifier=["余", ""])
    assert tour.one_section_line("某区报告", two) == "" and tour.no_bounds_line("某区报告", two) == ""


def _claims(ids: list[str], units: list[str], sections: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"metric_id": ids, "unit": units, "section": sections, "qualifier": ""})


def test_defaults_pick_what_every_report_has_the_first_claim_and_section():
    metrics = _claims(["x", "y", "z"], ["%", "亿元", "%"], ["乙", "甲", "甲"])
    assert tour.chosen_section(None, metrics) == "乙" and tour.chosen_section("甲", metrics) == "甲"
    assert (
        tour.absent_section_line("某区报告", "丙", metrics)
        == "某区报告 files no claim under '丙'; its sections: 乙, 甲"
    )


def test_unit_examples_default_to_the_first_claim_in_each_unit_that_converts():
    metrics = _claims(list("abcdef"), ["%", "亿元", "亿元", "万人", "兆瓦", "万元"], ["s"] * 6)
    factors = unit_table(DATA_DIR)["factor"].astype(float)
    expected = [i for i, u in [("b", "亿元"), ("d", "万人"), ("e", "兆瓦"), ("f", "万元")] if factors[u] != 1.0]
    assert tour.unit_example_ids(metrics, DATA_DIR) == expected[: tour.UNIT_EXAMPLE_COUNT]
    assert tour.unit_example_ids(metrics, DATA_DIR, count=1) == expected[:1]
    assert tour.no_unit_examples_line("某区报告", expected) == ""
    assert tour.unit_example_ids(metrics.iloc[:1], DATA_DIR) == []
    assert "某区报告 prints no figure in a unit that converts" in tour.no_unit_examples_line("某区报告", [])


def test_a_figure_in_base_units_shows_no_float_noise():
    card = tour.metric_card(_metric(286.4, "亿元"), "zhongyuan_2024", DATA_DIR)
    assert card.loc["in base units", "value"] == f"{28_640_000_000:,} yuan"


def test_quotes_are_shown_in_the_reports_own_punctuation():
    metrics = load_metrics()
    comma = next(m for m in metrics.itertuples() if "," in m.quote)  # the normalised quote: an ASCII comma
    shown = as_printed(comma.quote)
    assert shown != comma.quote and "，" in shown  # the project's report prints a full-width comma there
    metric = get_metric(comma.metric_id)
    assert tour.metric_card(metric, "zhongyuan_2024", DATA_DIR).loc["quote", "value"] == shown
    claims = tour.section_claims(metrics, metric.section, "zhongyuan_2024", DATA_DIR)
    assert claims.loc[metric.metric_id, "quote"] == shown and claims.index.name == tour.CLAIM_ID
    marked = metrics.assign(qualifier=[("余" if i == metric.metric_id else "") for i in metrics["metric_id"]])
    assert tour.bounded_claims(marked, "zhongyuan_2024", DATA_DIR).loc[metric.metric_id, "quote"] == shown


def test_a_metric_the_report_lacks_gives_a_line_not_an_error():
    metrics = load_metrics()
    metric, line = tour.chosen_metric("no_such_metric", metrics, "某区报告", "zhongyuan_2024", DATA_DIR)
    assert metric is None and line.startswith("某区报告 states no figure 'no_such_metric'")
    assert str(metrics["metric_id"].iloc[0]) in line
    first, none = tour.chosen_metric(None, metrics, "某区报告", "zhongyuan_2024", DATA_DIR)
    assert first is not None and first.metric_id == metrics["metric_id"].iloc[0] and none == ""


def _info(city: str, province: str) -> ReportInfo:
    return dataclasses.replace(load_report_info(), city=city, province=province)


def test_the_outside_lookup_defaults_to_the_reports_city_and_province_even_without_figures():
    external = load_external()
    entities, year = tour.outside_query(_info("样例市", "样例省"), external, None, "地区生产总值", None, "", DATA_DIR)
    assert entities == ["样例市", "样例省"] and year == load_report_info().year
    lookup = tour.outside_lookup(entities, "地区生产总值", year, "", DATA_DIR)
    assert (
        tour.no_outside_line(lookup)
        == f"Missing: external_figures.csv has no 地区生产总值 {year} for 样例市 or 样例省."
    )
    named = tour.outside_query(
        _info("样例市", "样例省"), external, ["郑州市", "样例市"], "地区生产总值", None, "", DATA_DIR
    )
    assert named == (["郑州市", "样例市"], year)  # the report's own city is a place it may name, figures or not


@pytest.mark.parametrize(
    ("parameter", "arguments"),
    [
        ("OUTSIDE_ENTITIES", (["郑州市", "郑洲市"], "地区生产总值", None, "")),
        ("OUTSIDE_INDICATOR", (None, "地区生产总直", None, "")),
        ("OUTSIDE_YEAR", (None, "地区生产总值", 1900, "")),
        ("OUTSIDE_BASIS", (None, "地区生产总值", None, "某口径")),
    ],
)
def test_a_parameter_naming_what_the_outside_data_cannot_have_stops_naming_it_and_the_file(
    parameter: str, arguments: tuple[object, ...]
):
    with pytest.raises(ParameterContradiction) as stop:
        tour.outside_query(load_report_info(), load_external(), *arguments, DATA_DIR)  # type: ignore[arg-type]
    message = str(stop.value)
    assert message.startswith(f"parameter {parameter} names the ") and message.count(parameter) == 2
    assert "add it to report_data/external_figures.csv" in message and "郑州市'" not in message


def test_the_copies_sentence_leads_with_whether_most_rest_on_copies():
    by_class = pd.DataFrame({"figures (个)": [6, 3, 1]}, index=["copy", "news", "own page"])
    sentence = tour.copies_sentence(by_class, "copy", "own page")
    assert sentence.startswith("Most outside figures rest on secondary copies: 6 of 10 (60%) come from a copy")
    assert "3 from a news, and 1 from the own page" in sentence and "free-text" in sentence
    few = pd.DataFrame({"figures (个)": [2, 8]}, index=["copy", "own page"])
    assert tour.copies_sentence(few, "copy", "own page").startswith("Fewer than half")
    assert word_count(sentence) <= MAX_WORDS


def test_the_addresses_sentence_counts_pages_bare_domains_and_descriptions():
    addresses = pd.DataFrame(
        {"figures (个)": [5, 2, 1]}, index=[tour.PAGE_ADDRESS, tour.BARE_DOMAIN, tour.DESCRIPTION_ONLY]
    )
    sentence = tour.addresses_sentence(addresses)
    assert sentence.startswith("5 of 8 outside figures give a page address (not opened here);")
    assert "2 give only a site's home address and 1 only a document's name" in sentence
    assert tour.addresses_sentence(addresses.iloc[:1]).startswith("All 5 outside figures")
    assert word_count(sentence) <= MAX_WORDS


def test_the_outside_lookup_names_a_missing_outside_figure_in_one_line():
    lookup = pd.DataFrame(
        {"指标 2024 (亿元)": [12.5, float("nan")], "unit": ["亿元", ""]},
        index=pd.Index(["甲市", "乙省"], name="entity"),
    )
    assert tour.no_outside_line(lookup) == "Missing: external_figures.csv has no 指标 2024 for 乙省."
    assert tour.no_outside_line(lookup.iloc[:1]) == ""


def test_the_caveats_table_labels_the_floor_an_assumption_and_says_whether_its_range_changes_the_verdict():
    paid, people = _metric(975, "万元"), _metric(2.8, "万人", "余")
    steady = tour.tour_caveats(tour.per_head_check(paid, people, 10.0, (10.0, 20.0)), 1, 7, 2, ["余", "约"])
    steady = steady.set_index(CAVEAT_COLUMNS[0])
    first = steady.iloc[0]
    assert steady.index[0].startswith("an assumption") and first["range tried"] == "¥10–20"
    assert "'consistent' across the range" in first["what it changes"]
    assert f"the amount a person-month, ¥{975 / 2.8:.0f}, is above the whole range" in first["what it changes"]
    crossing = tour.tour_caveats(tour.per_head_check(paid, people, 10.0, (10.0, 50.0)), 0, 0, 0, ["余"])
    assert "'consistent' at ¥10 and 'misleading as worded' at ¥50" in crossing.iloc[0]["what it changes"]
    without = tour.tour_caveats(None, 1, 7, 2, ["约", "以上", "余"]).set_index(CAVEAT_COLUMNS[0])
    assert not any(label.startswith("an assumption") for label in without.index)
    assert without.loc["markers of bounds and approximations", "value used"] == "余, 以上: at least; 约: about"
    assert without.loc["rows quoting only 同上 (same as above)", "value used"] == "7 rows"
    assert without.index.is_unique


def test_claims_by_section_counts_by_kind_with_a_total_most_first():
    metrics = pd.DataFrame(
        {
            "metric_id": list("abcd"),
            "section": ["s1", "s2", "s2", "s2"],
            "kind": ["level", "level", "rank", "growth_pct"],
        }
    )
    table = tour.claims_by_section(metrics)
    assert list(table.index) == ["s2", "s1"]
    assert table.loc["s2", "total"] == 3 and table.loc["s2", tour.KIND_NAMES["rank"]] == 1
    assert tour.claims_by_kind(metrics).loc[tour.KIND_NAMES["level"], "claims (个)"] == 2


def _cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_the_findings_cell_types_no_sentence_literal():
    (findings,) = [c for c in _cells() if "findings" in c.get("metadata", {}).get("tags", [])]
    literals = [
        node.value
        for node in ast.walk(ast.parse("".join(findings["source"])))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert literals == []


def test_the_index_verdict_on_the_allowance_links_to_a_heading_of_this_notebook():
    from helpers.analysis.verdicts import headline_verdicts

    (verdict,) = [v for v in headline_verdicts() if v.metric_id == tour.ALLOWANCE_METRICS[1]]
    headings = [
        line.lstrip("#").strip()
        for cell in _cells()
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("#")
    ]
    assert verdict.notebook == NOTEBOOK.stem and verdict.section in headings
